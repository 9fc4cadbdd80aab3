"""``data "pingfederate_data_store"``: looks a data store up by id (plan fails early if it is missing).

Provider 1.2.0 crashes (plugin panic) instead of reporting a missing store or an unreachable host in this
data source; ``code42-scim preflight pingfederate`` checks the stores first with a readable message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from constructs import Construct

from .._resource import StructDataSource
from .._struct import Struct
from ..engine import cdk

__all__ = ["DataPingfederateDataStore"]


@dataclass(frozen=True, kw_only=True)
class _LookupConfig(Struct):
    data_store_id: str


class DataPingfederateDataStore(StructDataSource):
    TF_RESOURCE_TYPE = "pingfederate_data_store"
    config: _LookupConfig

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        data_store_id: str,
        depends_on: Sequence[cdk.ITerraformDependable] | None = None,
        provider: cdk.TerraformProvider | None = None,
    ) -> None:
        super().__init__(scope, id, _LookupConfig(data_store_id=data_store_id),
                         depends_on=depends_on, provider=provider)
        self.data_store_id_input = data_store_id

    @property
    def data_store_id(self) -> str:
        """The looked-up store's id, as a reference (so channels depend on the lookup)."""
        return self.get_string_attribute("data_store_id")

    @property
    def ldap_data_store(self) -> cdk.IResolvable:
        return self.interpolation_for_attribute("ldap_data_store")
