"""The provider schema snapshot the bindings are tested against (``terraform providers schema -json``)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "SCHEMA_PATH",
    "SCHEMA_VERSION",
    "check_attributes",
    "data_source_attributes",
    "load_schema",
    "provider_attributes",
    "resource_attributes",
]

SCHEMA_VERSION = "1.2.0"
SCHEMA_PATH = Path(__file__).with_name(f"pingfederate-provider-schema-v{SCHEMA_VERSION}.json")


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The provider's schema entry: ``provider``, ``resource_schemas``, ``data_source_schemas``."""
    data = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    schema: dict[str, Any] = data["provider_schemas"]["registry.terraform.io/pingidentity/pingfederate"]
    return schema


def _type_ok(tf_type: Any, value: Any) -> bool:
    if isinstance(value, str) and "${" in value:
        return True  # an unresolved reference: Terraform checks it at plan time
    if tf_type == "string":
        return isinstance(value, str)
    if tf_type == "bool":
        return isinstance(value, bool)
    if tf_type == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(tf_type, list) and tf_type[0] in ("list", "set"):
        return isinstance(value, list) and all(_type_ok(tf_type[1], v) for v in value)
    if isinstance(tf_type, list) and tf_type[0] == "map":
        return isinstance(value, dict) and all(_type_ok(tf_type[1], v) for v in value.values())
    return False


def check_attributes(attributes: dict[str, Any], value: Any, path: str = "") -> list[str]:
    """Every way ``value`` (Terraform JSON for one block) breaks the schema's ``attributes``; [] if none.

    Unknown attribute, wrong type or nesting, missing required attribute, or a computed-only attribute
    set by configuration (Terraform rejects all four at plan time; this finds them at synth time).
    """
    if not isinstance(value, dict):
        return [f"{path or '<root>'}: expected an object, got {type(value).__name__}"]
    problems = []
    for name, item in value.items():
        where = f"{path}.{name}" if path else name
        spec = attributes.get(name)
        if spec is None:
            problems.append(f"{where}: not an attribute of the schema")
            continue
        if spec.get("computed") and not spec.get("optional") and not spec.get("required"):
            problems.append(f"{where}: computed-only, must not be configured")
            continue
        nested = spec.get("nested_type")
        if nested is None:
            if not _type_ok(spec["type"], item):
                problems.append(f"{where}: {item!r} is not of type {spec['type']}")
            continue
        mode, inner = nested["nesting_mode"], nested["attributes"]
        if mode == "single":
            problems += check_attributes(inner, item, where)
        elif mode in ("list", "set"):
            if not isinstance(item, list):
                problems.append(f"{where}: expected a {mode} of objects")
            else:
                for i, element in enumerate(item):
                    problems += check_attributes(inner, element, f"{where}[{i}]")
        elif mode == "map":
            if not isinstance(item, dict):
                problems.append(f"{where}: expected a map of objects")
            else:
                for key, element in item.items():
                    problems += check_attributes(inner, element, f"{where}[{key!r}]")
    for name, spec in attributes.items():
        if spec.get("required") and name not in value:
            problems.append(f"{path + '.' if path else ''}{name}: required attribute missing")
    return problems


def resource_attributes(resource_type: str) -> dict[str, Any]:
    attributes: dict[str, Any] = load_schema()["resource_schemas"][resource_type]["block"]["attributes"]
    return attributes


def data_source_attributes(data_source_type: str) -> dict[str, Any]:
    attributes: dict[str, Any] = load_schema()["data_source_schemas"][data_source_type]["block"]["attributes"]
    return attributes


def provider_attributes() -> dict[str, Any]:
    attributes: dict[str, Any] = load_schema()["provider"]["block"]["attributes"]
    return attributes
