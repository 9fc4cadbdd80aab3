"""``provider "pingfederate"``: all 13 attributes of provider v1.2.0, auth modes mutually exclusive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jsii
from constructs import Construct

from .. import versions
from .._metadata import DEFAULT_VERSION_CONSTRAINT, PROVIDER_SOURCE, generator_metadata
from .._struct import Struct, to_hcl_attributes, to_terraform
from ..engine import cdk
from ..errors import BindingError

__all__ = ["PingfederateProvider", "PingfederateProviderConfig"]


@dataclass(frozen=True, kw_only=True)
class PingfederateProviderConfig(Struct):
    access_token: str | None = None
    admin_api_path: str | None = None
    ca_certificate_pem_files: Sequence[str] | None = None
    client_id: str | None = None
    client_secret: str | None = None
    https_host: str | None = None
    insecure_trust_all_tls: bool | None = None
    password: str | None = None
    product_version: str | None = None
    scopes: Sequence[str] | None = None
    token_url: str | None = None
    username: str | None = None
    x_bypass_external_validation_header: bool | None = None

    def auth_modes(self) -> list[str]:
        """Which of the provider's three auth modes the config uses (the provider rejects mixing them)."""
        modes = []
        if self.username is not None or self.password is not None:
            modes.append("username/password")
        if any(v is not None for v in (self.client_id, self.client_secret, self.token_url, self.scopes)):
            modes.append("OAuth client credentials")
        if self.access_token is not None:
            modes.append("access token")
        return modes


def _constraint_following(product_version: str | None) -> str:
    """The releases that accept ``product_version`` (docs/provider.md); the open 1.x range when it is unset
    (then PINGFEDERATE_PROVIDER_PRODUCT_VERSION decides at plan time) or is a reference."""
    if product_version is None or "${" in product_version:
        return DEFAULT_VERSION_CONSTRAINT
    try:
        return versions.constraint_for(product_version)
    except versions.VersionProblem as exc:
        raise BindingError(f"pingfederate provider: product_version {exc}") from None


class PingfederateProvider(cdk.TerraformProvider):
    """The provider block. Unset attributes are left to ``PINGFEDERATE_PROVIDER_*`` environment variables,
    which is how credentials should reach it (they then never enter ``cdk.tf.json``)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        alias: str | None = None,
        access_token: str | None = None,
        admin_api_path: str | None = None,
        ca_certificate_pem_files: Sequence[str] | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        https_host: str | None = None,
        insecure_trust_all_tls: bool | None = None,
        password: str | None = None,
        product_version: str | None = None,
        scopes: Sequence[str] | None = None,
        token_url: str | None = None,
        username: str | None = None,
        x_bypass_external_validation_header: bool | None = None,
        version_constraint: str | None = None,
    ) -> None:
        config = PingfederateProviderConfig(
            access_token=access_token,
            admin_api_path=admin_api_path,
            ca_certificate_pem_files=tuple(ca_certificate_pem_files) if ca_certificate_pem_files else None,
            client_id=client_id,
            client_secret=client_secret,
            https_host=https_host,
            insecure_trust_all_tls=insecure_trust_all_tls,
            password=password,
            product_version=product_version,
            scopes=tuple(scopes) if scopes else None,
            token_url=token_url,
            username=username,
            x_bypass_external_validation_header=x_bypass_external_validation_header,
        )
        modes = config.auth_modes()
        if len(modes) > 1:
            raise BindingError(
                f"pingfederate provider {id!r}: auth modes {' and '.join(modes)} are mutually exclusive; "
                "set exactly one (or none, and use PINGFEDERATE_PROVIDER_* environment variables)"
            )
        if version_constraint is None:
            version_constraint = _constraint_following(product_version)
        super().__init__(
            scope,
            id,
            terraform_resource_type="pingfederate",
            terraform_generator_metadata=generator_metadata(version_constraint),
            terraform_provider_source=PROVIDER_SOURCE,
        )
        self._alias_value = alias
        self.config = config

    # cdktf's TerraformProvider declares ``alias`` but only generated subclasses store it: a plain Python
    # attribute never reaches node, so neither the provider block nor ``fqn`` ("pingfederate.eu") saw it.
    # Overriding the jsii property makes node read it from here.
    @property
    @jsii.member(jsii_name="alias")
    def alias(self) -> str | None:
        return getattr(self, "_alias_value", None)

    @alias.setter
    def alias(self, value: str | None) -> None:
        self._alias_value = value

    def _synthesize_attributes(self) -> dict[str, Any]:
        attrs: dict[str, Any] = to_terraform(self.config)
        if self.alias is not None:
            attrs["alias"] = self.alias
        return attrs

    def _synthesize_hcl_attributes(self) -> dict[str, Any]:
        attrs = to_hcl_attributes(self.config)
        if self.alias is not None:
            attrs["alias"] = {"value": self.alias, "isBlock": False, "type": "simple", "storageClassType": "string"}
        return attrs
