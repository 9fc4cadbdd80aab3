"""The SCIM connector descriptor: console labels -> admin-API field names, options and mapping codes.

PingFederate does not publish the SCIM Connector's field names (see README, "Connector field names").
Everything in this project refers to a target setting by its console label ("SCIM URL", "Access Token",
...), and a descriptor (the ``GET /idp/connectors/descriptors/{id}`` body) resolves labels to names.
The package ships a pinned descriptor with the best-evidenced names; ``code42-scim descriptor pull``
writes the user's own server's descriptor, which then wins.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._errors import DescriptorError, shown_path

__all__ = [
    "PINNED_DESCRIPTOR_PATH",
    "ConnectorDescriptor",
    "MappingField",
    "SettingField",
    "SettingLabel",
    "load_descriptor",
    "parse_descriptor",
]

PINNED_DESCRIPTOR_PATH = Path(__file__).with_name("data") / "scim-connector-descriptor.json"


class SettingLabel:
    """Console labels of the target settings this project sets (Ping's Code42 guide, step 3.2)."""

    SCIM_URL = "SCIM URL"
    SCIM_VERSION = "SCIM Version"
    AUTHENTICATION_METHOD = "Authentication Method"
    USERNAME = "Username"
    PASSWORD = "Password"
    ACCESS_TOKEN = "Access Token"
    UNIQUE_USER_IDENTIFIER = "Unique User Identifier"
    REMOVE_USER_ACTION = "Remove User Action"
    PROVISIONING_OPTIONS = "Provisioning Options"
    USER_CREATE = "User Create"
    USER_UPDATE = "User Update"
    USER_DISABLE_DELETE = "User Disable/Delete"
    PROVISION_DISABLED_USERS = "Provision Disabled Users"

    ALL: tuple[str, ...] = (
        SCIM_URL,
        SCIM_VERSION,
        AUTHENTICATION_METHOD,
        USERNAME,
        PASSWORD,
        ACCESS_TOKEN,
        UNIQUE_USER_IDENTIFIER,
        REMOVE_USER_ACTION,
        USER_CREATE,
        USER_UPDATE,
        USER_DISABLE_DELETE,
        PROVISION_DISABLED_USERS,
    )


@dataclass(frozen=True, slots=True)
class SettingField:
    """One target-setting field of the connector (a ``FieldDescriptor``)."""

    name: str
    label: str
    type: str
    options: tuple[str, ...]
    default: str | None
    required: bool

    @property
    def secret(self) -> bool:
        # PingFederate never returns HASHED_TEXT values; the provider marks every value sensitive anyway.
        return self.type == "HASHED_TEXT"


@dataclass(frozen=True, slots=True)
class MappingField:
    """One attribute the connector can provision (a ``SaasPluginFieldInfoDescriptor``)."""

    code: str
    label: str
    required: bool
    multi_value: bool


@dataclass(frozen=True, slots=True)
class ConnectorDescriptor:
    """A parsed ``SaasPluginDescriptor``: the plugin type id, its settings and its mapping fields."""

    plugin_id: str
    source: str
    settings: tuple[SettingField, ...]
    mapping_fields: tuple[MappingField, ...]

    def setting(self, label: str) -> SettingField | None:
        """The setting shown in the console under ``label`` (case-insensitive), if the connector has it."""
        wanted = label.casefold()
        return next((s for s in self.settings if s.label.casefold() == wanted), None)

    def label_for(self, name: str) -> str | None:
        """The console label of the setting whose admin-API name is ``name``."""
        return next((s.label for s in self.settings if s.name == name), None)

    @property
    def mapping_codes(self) -> frozenset[str]:
        return frozenset(f.code for f in self.mapping_fields)

    def mapping_label_for(self, code: str) -> str | None:
        return next((f.label for f in self.mapping_fields if f.code == code), None)


def _options(field: Mapping[str, Any]) -> tuple[str, ...]:
    # SELECT/RADIO_GROUP descriptors list {"name", "value"} pairs under optionValues.
    raw = field.get("optionValues") or []
    return tuple(str(o.get("value", o.get("name", ""))) for o in raw if isinstance(o, Mapping))


def parse_descriptor(data: Any, *, source: str = "<memory>") -> ConnectorDescriptor:
    """Check and parse one ``SaasPluginDescriptor`` body; raise :class:`DescriptorError` naming ``source``."""
    if not isinstance(data, Mapping):
        raise DescriptorError(f"{source}: expected a JSON object (a SaasPluginDescriptor), got {type(data).__name__}")
    plugin_id = data.get("id")
    if not isinstance(plugin_id, str) or not plugin_id:
        raise DescriptorError(f"{source}: the descriptor has no 'id' (the connector type, e.g. 'SCIM')")
    config = data.get("configDescriptor")
    fields = config.get("fields") if isinstance(config, Mapping) else None
    if not isinstance(fields, list):
        raise DescriptorError(f"{source}: 'configDescriptor.fields' is missing; pull it again with "
                              "`code42-scim descriptor pull`")
    settings = []
    for i, f in enumerate(fields):
        if not isinstance(f, Mapping) or not isinstance(f.get("name"), str):
            raise DescriptorError(f"{source}: configDescriptor.fields[{i}] has no 'name'")
        settings.append(
            SettingField(
                name=f["name"],
                label=str(f.get("label") or f["name"]),
                type=str(f.get("type", "TEXT")),
                options=_options(f),
                default=None if f.get("defaultValue") is None else str(f["defaultValue"]),
                required=bool(f.get("required", False)),
            )
        )
    mapping = []
    for i, m in enumerate(data.get("saasPluginFieldInfoDescriptors") or []):
        if not isinstance(m, Mapping) or not isinstance(m.get("code"), str):
            raise DescriptorError(f"{source}: saasPluginFieldInfoDescriptors[{i}] has no 'code'")
        mapping.append(
            MappingField(
                code=m["code"],
                label=str(m.get("label") or m["code"]),
                required=bool(m.get("required", False)),
                multi_value=bool(m.get("multiValue", False)),
            )
        )
    return ConnectorDescriptor(plugin_id, source, tuple(settings), tuple(mapping))


@lru_cache(maxsize=16)
def _load(path: Path) -> ConnectorDescriptor:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DescriptorError(f"cannot read connector descriptor {shown_path(path)}: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DescriptorError(f"{shown_path(path)}: not valid JSON (line {exc.lineno}, column {exc.colno}): "
                              f"{exc.msg}") from None
    return parse_descriptor(data, source=str(path))


def load_descriptor(path: str | Path | None = None) -> ConnectorDescriptor:
    """Load a descriptor file (default: the pinned one shipped with the package). Cached per path."""
    return _load(Path(path).resolve() if path is not None else PINNED_DESCRIPTOR_PATH)
