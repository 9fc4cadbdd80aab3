"""Provider identity shared by every binding (must match the provider block's name)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .engine import cdk

PROVIDER_NAME = "pingfederate"
PROVIDER_SOURCE = "pingidentity/pingfederate"
# Only when product_version is not known at synth: 1.2 is the oldest release whose schema the bindings
# are tested against (schema/ holds it), and every 1.x since keeps the attributes they emit. A provider
# with a product_version gets the releases that accept it instead (versions.py, docs/provider.md).
DEFAULT_VERSION_CONSTRAINT = ">= 1.2, < 2.0"


@lru_cache(maxsize=8)
def generator_metadata(
    version_constraint: str = DEFAULT_VERSION_CONSTRAINT,
) -> cdk.TerraformProviderGeneratorMetadata:
    # Cached: an immutable value shared by every resource, and each jsii struct built costs a type check.
    from .engine import cdk  # here, not at import time: `pingfederate.schema` must stay importable without node

    return cdk.TerraformProviderGeneratorMetadata(
        provider_name=PROVIDER_NAME, provider_version_constraint=version_constraint
    )
