"""Request validation against the vendored PingFederate admin API description (OpenAPI 3.0, 12.1 subset).

The schemas are used as published (``pf-admin-api-subset.json``): required fields, enums and types come
from PingFederate's own contract rather than from hand-written checks that could drift from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError as SchemaViolation

__all__ = ["SPEC_PATH", "FieldProblem", "field_path", "schema_errors"]

SPEC_PATH = Path(__file__).with_name("data") / "pf-admin-api-subset.json"


@dataclass(frozen=True, kw_only=True, slots=True)
class FieldProblem:
    """One ``ValidationError`` entry of a PingFederate ``ApiResult``."""

    error_id: str
    field_path: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"errorId": self.error_id, "fieldPath": self.field_path, "message": self.message}


@lru_cache(maxsize=1)
def _components() -> dict[str, Any]:
    spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    components: dict[str, Any] = spec["components"]
    return components


@lru_cache(maxsize=32)
def _validator(schema_name: str) -> Draft4Validator:
    # OpenAPI 3.0 schema objects are a JSON Schema draft-4 dialect (no float-as-integer, `$ref` resolved
    # against the document root, which therefore carries `components`).
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": _components()}
    return Draft4Validator(root)


def field_path(parts: Iterable[Any]) -> str:
    """``["outboundProvision", "channels", 0, "name"]`` -> ``outboundProvision.channels[0].name``."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problem(err: SchemaViolation) -> list[FieldProblem]:
    where = list(err.absolute_path)
    if err.validator == "required":
        present = err.instance if isinstance(err.instance, dict) else {}
        missing = [r for r in err.validator_value if r not in present]
        return [
            FieldProblem(
                error_id="required_field_missing",
                field_path=field_path([*where, name]),
                message=f"'{name}' is required.",
            )
            for name in missing
        ]
    if err.validator == "enum":
        allowed = ", ".join(str(v) for v in err.validator_value)
        return [
            FieldProblem(
                error_id="invalid_enum_value",
                field_path=field_path(where),
                message=f"Value {err.instance!r} is not one of: {allowed}.",
            )
        ]
    if err.validator == "type":
        return [
            FieldProblem(
                error_id="invalid_type",
                field_path=field_path(where),
                message=f"Expected a value of type {err.validator_value}.",
            )
        ]
    return [FieldProblem(error_id="invalid_value", field_path=field_path(where), message=err.message)]


def schema_errors(schema_name: str, body: Any) -> list[FieldProblem]:
    """Every schema violation of ``body`` against ``components.schemas[schema_name]``, in path order."""
    errors = sorted(_validator(schema_name).iter_errors(body), key=lambda e: [str(p) for p in e.absolute_path])
    # One `required` violation lists every missing name; dedupe so each field is reported once.
    unique = {(p.field_path, p.error_id, p.message): p for e in errors for p in _problem(e)}
    return list(unique.values())
