"""``data "pingfederate_data_store"``: looks a data store up by id (plan fails early if it is missing)."""

from __future__ import annotations

from typing import Any

from constructs import Construct

from .._metadata import generator_metadata
from .._struct import _hcl_entry
from ..engine import cdk

__all__ = ["DataPingfederateDataStore"]


class DataPingfederateDataStore(cdk.TerraformDataSource):
    TF_RESOURCE_TYPE = "pingfederate_data_store"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        data_store_id: str,
        depends_on: list[cdk.ITerraformDependable] | None = None,
        provider: cdk.TerraformProvider | None = None,
    ) -> None:
        super().__init__(
            scope,
            id,
            terraform_resource_type=self.TF_RESOURCE_TYPE,
            terraform_generator_metadata=generator_metadata(),
            provider=provider,
            depends_on=depends_on,
        )
        self.data_store_id_input = data_store_id

    @property
    def data_store_id(self) -> str:
        """The looked-up store's id, as a reference (so channels depend on the lookup)."""
        return self.get_string_attribute("data_store_id")

    @property
    def ldap_data_store(self) -> cdk.IResolvable:
        return self.interpolation_for_attribute("ldap_data_store")

    def _synthesize_attributes(self) -> dict[str, Any]:
        return {"data_store_id": self.data_store_id_input}

    def _synthesize_hcl_attributes(self) -> dict[str, Any]:
        return {"data_store_id": _hcl_entry(self.data_store_id_input)}
