"""Writers for ``code42-scim.toml`` files (the app config), for any test room.

``environment(...)``, ``connection(...)`` and ``channel(...)`` build the tables with the example's values,
overridable by keyword; ``write_config`` writes environments as TOML. Tests state only what they vary.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["channel", "connection", "environment", "toml_text", "write_config"]

Table = dict[str, Any]


def channel(name: str = "AD users", **overrides: Any) -> Table:
    """One ``[[...channels]]`` entry (an Active Directory channel unless overridden)."""
    return {"name": name, "data_store_id": "LDAP-AD", "preset": "active_directory",
            "base_dn": "OU=Users,DC=example,DC=com", **overrides}


def connection(id: str = "code42", *, channels: Sequence[Table] | None = None, **overrides: Any) -> Table:
    """One ``[[...connections]]`` entry; ``id`` names the construct (and the secret variables)."""
    return {"id": id, "connection_id": "code42-scim",
            "scim_url": "https://console.us.code42.com/api/v22/scim-user-provisioning/example-tenant/v2",
            **overrides, "channels": list(channels) if channels is not None else [channel()]}


def environment(https_host: str = "https://localhost:9999", *, connections: Sequence[Table] | None = None,
                **pingfederate: Any) -> Table:
    """One ``[environments.NAME]`` table: its PingFederate target and connections."""
    return {"pingfederate": {"https_host": https_host, "product_version": "12.1", **pingfederate},
            "connections": list(connections) if connections is not None else [connection()]}


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(value) if isinstance(value, str) else str(value)


def _tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def toml_text(data: Mapping[str, Any], prefix: str = "") -> str:
    """``data`` as TOML: scalars first, then sub-tables and arrays of tables (a JSON string is a TOML string)."""
    lines = [f"{k} = {_value(v)}" for k, v in data.items() if not isinstance(v, Mapping) and not _tables(v)]
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            lines += ["", f"[{name}]", toml_text(value, name)]
        elif _tables(value):
            for item in value:
                lines += ["", f"[[{name}]]", toml_text(item, name)]
    return "\n".join(lines)


def write_config(path: Path, **environments: Table) -> Path:
    """Write ``[environments.NAME]`` for each keyword (``local=environment(...)``) to ``path``."""
    path.write_text(toml_text({"environments": environments}) + "\n", encoding="utf-8")
    return path
