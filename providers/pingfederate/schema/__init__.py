"""The provider schema snapshot the bindings are tested against (``terraform providers schema -json``)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA_PATH", "SCHEMA_VERSION", "load_schema"]

SCHEMA_VERSION = "1.2.0"
SCHEMA_PATH = Path(__file__).with_name(f"pingfederate-provider-schema-v{SCHEMA_VERSION}.json")


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The provider's schema entry: ``provider``, ``resource_schemas``, ``data_source_schemas``."""
    data = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    schema: dict[str, Any] = data["provider_schemas"]["registry.terraform.io/pingidentity/pingfederate"]
    return schema
