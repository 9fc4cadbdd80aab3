"""``resource "pingfederate_data_store"`` with the LDAP variant typed (what a provisioning channel reads).

Class and argument names follow what ``cdktf get`` generates (``DataStore``, ``DataStoreLdapDataStore``,
...), so generated bindings can be swapped in. The JDBC, custom and PingOne LDAP gateway variants are
accepted as plain mappings. The provider's validators (``pingfederate.rules``) and its plan-time rules for
LDAP stores run in the constructor, so a store the provider would refuse fails at synth time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from constructs import Construct

from .. import rules
from .._resource import StructResource
from .._struct import Struct, to_terraform
from ..engine import cdk
from ..errors import BindingError

__all__ = [
    "DataStore",
    "DataStoreConfig",
    "DataStoreLdapDataStore",
    "DataStoreLdapDataStoreClientTlsCertificateRef",
    "DataStoreLdapDataStoreHostnamesTags",
]

_SECRET_PATHS = frozenset({"ldap_data_store.password", "ldap_data_store.encrypted_password"})


@dataclass(frozen=True, kw_only=True)
class DataStoreLdapDataStoreClientTlsCertificateRef(Struct):
    id: str


@dataclass(frozen=True, kw_only=True)
class DataStoreLdapDataStoreHostnamesTags(Struct):
    hostnames: Sequence[str]
    default_source: bool | None = None
    tags: str | None = None


@dataclass(frozen=True, kw_only=True)
class DataStoreLdapDataStore(Struct):
    """An LDAP data store. ``password`` is Sensitive in the provider: pass a variable reference, never a
    literal. Give ``user_dn`` and ``password`` together (provider 1.2.0 cannot bind anonymously)."""

    ldap_type: str
    binary_attributes: Sequence[str] | None = None
    bind_anonymously: bool | None = None
    client_tls_certificate_ref: DataStoreLdapDataStoreClientTlsCertificateRef | None = None
    connection_timeout: int | None = None
    create_if_necessary: bool | None = None
    dns_ttl: int | None = None
    encrypted_password: str | None = None
    follow_ldap_referrals: bool | None = None
    hostnames: Sequence[str] | None = None
    hostnames_tags: Sequence[DataStoreLdapDataStoreHostnamesTags] | None = None
    ldap_dns_srv_prefix: str | None = None
    ldaps_dns_srv_prefix: str | None = None
    max_connections: int | None = None
    max_wait: int | None = None
    min_connections: int | None = None
    name: str | None = None
    password: str | None = None
    read_timeout: int | None = None
    retry_failed_operations: bool | None = None
    test_on_borrow: bool | None = None
    test_on_return: bool | None = None
    time_between_evictions: int | None = None
    use_dns_srv_records: bool | None = None
    use_ssl: bool | None = None
    use_start_tls: bool | None = None
    user_dn: str | None = None
    verify_host: bool | None = None


@dataclass(frozen=True, kw_only=True)
class DataStoreConfig(Struct):
    """Every configurable attribute (computed-only ``id`` is never emitted). Exactly one variant is set."""

    data_store_id: str | None = None
    mask_attribute_values: bool | None = None
    ldap_data_store: DataStoreLdapDataStore | None = None
    jdbc_data_store: Mapping[str, Any] | None = None
    custom_data_store: Mapping[str, Any] | None = None
    ping_one_ldap_gateway_data_store: Mapping[str, Any] | None = None


def _plan_rules(ldap: DataStoreLdapDataStore) -> list[str]:
    """The LDAP rules provider 1.2.0 checks only at plan time (ModifyPlan), as messages."""
    out = []
    has_credential = ldap.password is not None or ldap.encrypted_password is not None
    if has_credential != (ldap.user_dn is not None):
        out.append("ldap_data_store: user_dn and password (or encrypted_password) must be set together")
    if ldap.user_dn is not None and ldap.bind_anonymously:
        out.append("ldap_data_store.bind_anonymously: must be false when user_dn is set")
    if ldap.client_tls_certificate_ref is not None:
        out.append("ldap_data_store.client_tls_certificate_ref: provider 1.2.0 refuses it in every combination "
                   "(it needs user_dn unset, yet a credential needs user_dn); bind with user_dn and password")
    if ldap.password is not None and "${" not in ldap.password:
        out.append("ldap_data_store.password=(secret): a literal password would be written to cdk.tf.json and "
                   "state in clear. Fix: pass a sensitive variable's reference, e.g. "
                   "TerraformVariable(stack, 'ldap_bind_password', type='string', sensitive=True).string_value")
    if ldap.hostnames is None and ldap.hostnames_tags is None:
        out.append("ldap_data_store: set hostnames (or hostnames_tags)")
    return out


class DataStore(StructResource):
    """A PingFederate data store. ``data_store_id`` is immutable: changing it replaces the store.

    Pass ``store.data_store_id`` (a reference) as a channel's ``data_store_id``: the connection then depends
    on the store, and Terraform creates the store first and destroys it last.
    """

    TF_RESOURCE_TYPE = "pingfederate_data_store"
    config: DataStoreConfig

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        data_store_id: str | None = None,
        mask_attribute_values: bool | None = None,
        ldap_data_store: DataStoreLdapDataStore | None = None,
        jdbc_data_store: Mapping[str, Any] | None = None,
        custom_data_store: Mapping[str, Any] | None = None,
        ping_one_ldap_gateway_data_store: Mapping[str, Any] | None = None,
        depends_on: Sequence[cdk.ITerraformDependable] | None = None,
        lifecycle: cdk.TerraformResourceLifecycle | None = None,
        provider: cdk.TerraformProvider | None = None,
    ) -> None:
        config = DataStoreConfig(
            data_store_id=data_store_id,
            mask_attribute_values=mask_attribute_values,
            ldap_data_store=ldap_data_store,
            jdbc_data_store=jdbc_data_store,
            custom_data_store=custom_data_store,
            ping_one_ldap_gateway_data_store=ping_one_ldap_gateway_data_store,
        )
        variants = [n for n in ("ldap_data_store", "jdbc_data_store", "custom_data_store",
                                "ping_one_ldap_gateway_data_store") if getattr(config, n) is not None]
        problems = [] if len(variants) == 1 else [
            f"exactly one of ldap_data_store, jdbc_data_store, custom_data_store, ping_one_ldap_gateway_data_store "
            f"must be set, got {len(variants)}"]
        if ldap_data_store is not None:
            problems += _plan_rules(ldap_data_store)
        for v in rules.check(self.TF_RESOURCE_TYPE, to_terraform(config)):
            shown = "(secret)" if v.path in _SECRET_PATHS else repr(v.value)
            problems.append(f"{v.path}={shown}: {v.message}. Fix: {v.fix}")
        if problems:
            raise BindingError(f"pingfederate_data_store {id!r}: " + "; ".join(problems))
        super().__init__(scope, id, config, depends_on=depends_on, lifecycle=lifecycle, provider=provider)

    @property
    def data_store_id(self) -> str:
        """The store's id as a reference (``${pingfederate_data_store.<name>.data_store_id}``)."""
        return self.get_string_attribute("data_store_id")

    @property
    def id_attribute(self) -> str:
        return self.get_string_attribute("id")
