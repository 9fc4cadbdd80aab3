"""The one mechanism every binding uses: frozen dataclasses serialized by their field names.

Field names are the provider schema's attribute names (snake_case), so serialization is a plain walk:
no per-attribute jsii round trips, nothing emitted for ``None`` (Terraform then applies the provider's
default), and nested structs, lists and sets handled once, here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["Struct", "to_hcl_attributes", "to_terraform"]


class Struct:
    """Marker base for binding structs (frozen dataclasses named as ``cdktf get`` would name them)."""


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() rebuilds its tuple on every call; synthesis walks ~90 structs per connection.
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def to_terraform(value: Any) -> Any:
    """Render a binding value as Terraform JSON (``None`` fields dropped)."""
    if value is None or type(value) in (str, bool, int, float):
        return value  # most leaves: skip the (slow, ABC-based) Mapping/Sequence checks below
    if isinstance(value, Struct):
        out: dict[str, Any] = {}
        for name in _field_names(type(value)):
            v = getattr(value, name)
            if v is not None:
                out[name] = to_terraform(v)
        return out
    if isinstance(value, Mapping):
        return {str(k): to_terraform(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, frozenset, set)):
        return [to_terraform(v) for v in value]
    return value


def _hcl_entry(value: Any) -> dict[str, Any]:
    if isinstance(value, Struct):
        return {
            "value": to_hcl_attributes(value),
            "isBlock": True,
            "type": "struct",
            "storageClassType": type(value).__name__,
        }
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], Struct):
        return {
            "value": [to_hcl_attributes(v) for v in value],
            "isBlock": True,
            "type": "list",
            "storageClassType": f"{type(value[0]).__name__}List",
        }
    if isinstance(value, (list, tuple, frozenset, set)):
        return {"value": list(value), "isBlock": False, "type": "list", "storageClassType": "stringList"}
    if isinstance(value, Mapping):
        return {"value": dict(value), "isBlock": False, "type": "map", "storageClassType": "stringMap"}
    kind = "boolean" if isinstance(value, bool) else "number" if isinstance(value, (int, float)) else "string"
    return {"value": value, "isBlock": False, "type": "simple", "storageClassType": kind}


def to_hcl_attributes(struct: Struct | Mapping[str, Any]) -> dict[str, Any]:
    """Render for ``cdktf synth --hcl``: cdktf's typed attribute entries, ``None`` dropped."""
    items: Sequence[tuple[str, Any]]
    if isinstance(struct, Struct):
        items = [(f.name, getattr(struct, f.name)) for f in dataclasses.fields(struct)]  # type: ignore[arg-type]
    else:
        items = list(struct.items())
    return {k: _hcl_entry(v) for k, v in items if v is not None}
