"""The one way a binding becomes a Terraform element: a frozen ``Struct`` config, rendered by ``_struct``.

Every resource and data source of these bindings hands the engine its attributes through the two
overrides cdktf calls (``_synthesize_attributes`` for JSON, ``_synthesize_hcl_attributes`` for
``synth --hcl``); without the leading underscore cdktf silently emits nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from constructs import Construct

from ._metadata import generator_metadata
from ._struct import Struct, to_hcl_attributes, to_terraform
from .engine import cdk

__all__ = ["StructDataSource", "StructResource"]


class _Rendered:
    """Renders ``config`` once: cdktf asks twice per synth (prepare, then write) and the config is frozen."""

    config: Struct
    _attributes: dict[str, Any] | None = None

    def _synthesize_attributes(self) -> dict[str, Any]:
        if self._attributes is None:
            self._attributes = to_terraform(self.config)
        return self._attributes

    def _synthesize_hcl_attributes(self) -> dict[str, Any]:
        return to_hcl_attributes(self.config)


class StructResource(_Rendered, cdk.TerraformResource):
    """A ``resource`` block whose attributes are ``config``."""

    TF_RESOURCE_TYPE: ClassVar[str]

    def __init__(
        self, scope: Construct, id: str, config: Struct, *,
        depends_on: Sequence[cdk.ITerraformDependable] | None = None,
        lifecycle: cdk.TerraformResourceLifecycle | None = None,
        provider: cdk.TerraformProvider | None = None,
    ) -> None:
        super().__init__(
            scope, id, terraform_resource_type=self.TF_RESOURCE_TYPE, terraform_generator_metadata=generator_metadata(),
            provider=provider, depends_on=list(depends_on) if depends_on else None, lifecycle=lifecycle,
        )
        self.config = config


class StructDataSource(_Rendered, cdk.TerraformDataSource):
    """A ``data`` block whose arguments are ``config``."""

    TF_RESOURCE_TYPE: ClassVar[str]

    def __init__(
        self, scope: Construct, id: str, config: Struct, *,
        depends_on: Sequence[cdk.ITerraformDependable] | None = None,
        provider: cdk.TerraformProvider | None = None,
    ) -> None:
        super().__init__(
            scope, id, terraform_resource_type=self.TF_RESOURCE_TYPE, terraform_generator_metadata=generator_metadata(),
            provider=provider, depends_on=list(depends_on) if depends_on else None,
        )
        self.config = config
