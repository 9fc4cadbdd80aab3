"""``code42-scim adopt``: write the ``code42-scim.toml`` entry for a connection that already exists.

What ``terraform plan -generate-config-out`` does for HCL, in this project's vocabulary: the connection is
read through the admin API (read-only, the ``PINGFEDERATE_PROVIDER_*`` credentials), and its channels,
mapping and settings become props, each only where it differs from the Code42 default, so the entry is
short and reviewable. ``adopt = true`` makes the stack import the connection instead of creating it.
Secrets are never read back (PingFederate returns only encrypted values): the entry names the Terraform
variables to set. Whatever the construct cannot express is listed on stderr, with what the first plan
will do about it — nothing is dropped silently.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._config import _AUTH as _CONFIG_AUTH
from .._descriptor import ConnectorDescriptor, SettingLabel, load_descriptor
from .._errors import Code42ScimError
from .._mapping import CODE42_MAPPING
from .._presets import PRESETS
from .._props import AuthMethod, DirectoryPreset
from .._secrets import SecretKind, env_var_for, secret_variable_name
from ._http import HttpFailure, describe_status, json_object
from .preflight.pf_admin import add_target_arguments, connect

__all__ = ["Adoption", "adoption_entry", "register", "run"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SETTINGS: tuple[tuple[str, str], ...] = (
    (SettingLabel.SCIM_URL, "scim_url"),
    (SettingLabel.SCIM_VERSION, "scim_version"),
    (SettingLabel.UNIQUE_USER_IDENTIFIER, "unique_user_identifier"),
    (SettingLabel.REMOVE_USER_ACTION, "remove_user_action"),
    (SettingLabel.USER_CREATE, "create_users"),
    (SettingLabel.USER_UPDATE, "update_users"),
    (SettingLabel.USER_DISABLE_DELETE, "disable_users"),
    (SettingLabel.PROVISION_DISABLED_USERS, "provision_disabled_users"),
)
# Defaults of the construct (the Code42 guide): a prop equal to its default is left out of the entry.
_DEFAULTS: Mapping[str, Any] = {
    "name": "Code42", "active": True, "scim_version": "2.0", "unique_user_identifier": "userName",
    "remove_user_action": "Disable", "create_users": True, "update_users": True, "disable_users": True,
    "provision_disabled_users": False,
}
# Values the construct refuses (Code42 does not support them), with what the first plan does.
_REFUSED: Mapping[str, Any] = {"scim_version": "1.1", "remove_user_action": "Delete",
                               "provision_disabled_users": True}
# auth_method as the config file writes it (the config reader's own table, inverted).
_AUTH_KEYS: Mapping[AuthMethod, str] = {method: key for key, method in _CONFIG_AUTH.items()}
# Top-level connection attributes the construct leaves to the provider, with the value it then plans.
_TOP_PROVIDER_DEFAULTS: Mapping[str, Any] = {"loggingMode": "STANDARD", "connectionTargetType": "STANDARD",
                                             "virtualEntityIds": [], "baseUrl": None, "applicationName": None,
                                             "applicationIconUrl": None, "defaultVirtualEntityId": None,
                                             "licenseConnectionGroup": None, "contactInfo": None}
_NOT_OUTBOUND = ("spBrowserSso", "wsTrust", "attributeQuery", "credentials", "extendedProperties",
                 "additionalAllowedEntitiesConfiguration", "metadataReloadSettings")
_SFI_DEFAULTS: Mapping[str, Any] = {"parser": "NONE", "characterCase": "NONE", "trim": False, "createOnly": False,
                                    "masked": False}
_SFI_KEYS = {"parser": "parser", "characterCase": "character_case", "trim": "trim", "createOnly": "create_only",
             "masked": "masked"}
_CHANNEL_SOURCE = (  # (prop, path in channelSource)
    ("guid_attribute_name", ("guidAttributeName",)),
    ("guid_binary", ("guidBinary",)),
    ("changed_users_algorithm", ("changeDetectionSettings", "changedUsersAlgorithm")),
    ("usn_attribute_name", ("changeDetectionSettings", "usnAttributeName")),
    ("time_stamp_attribute_name", ("changeDetectionSettings", "timeStampAttributeName")),
    ("user_object_class", ("changeDetectionSettings", "userObjectClass")),
    ("group_object_class", ("changeDetectionSettings", "groupObjectClass")),
    ("account_status_attribute_name", ("accountManagementSettings", "accountStatusAttributeName")),
    ("account_status_algorithm", ("accountManagementSettings", "accountStatusAlgorithm")),
    ("flag_comparison_value", ("accountManagementSettings", "flagComparisonValue")),
    ("flag_comparison_status", ("accountManagementSettings", "flagComparisonStatus")),
    ("default_status", ("accountManagementSettings", "defaultStatus")),
    ("member_of_group_attribute_name", ("groupMembershipDetection", "memberOfGroupAttributeName")),
    ("group_member_attribute_name", ("groupMembershipDetection", "groupMemberAttributeName")),
)


@dataclass
class Adoption:
    """The entry (TOML text), the variables to set, and what the construct cannot express."""

    toml: str
    variables: list[str] = field(default_factory=list)
    unexpressed: list[str] = field(default_factory=list)


def register(parser: argparse.ArgumentParser) -> None:
    add_target_arguments(parser)
    parser.add_argument("--connection-id", required=True, metavar="ID",
                        help="the existing connection's id in PingFederate")
    parser.add_argument("--id", dest="construct_id", metavar="NAME",
                        help="construct id for the entry (secret variables are named from it; default: 'code42')")
    parser.add_argument("--descriptor", type=Path, metavar="FILE",
                        help="SCIM connector descriptor (default: the pinned one, or connector_descriptor's file)")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="write the entry to FILE (default: stdout); paste it into code42-scim.toml")


# -- TOML ----------------------------------------------------------------------------------------------
def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # A JSON string is a valid TOML basic string (same escapes).
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _lines(values: Mapping[str, Any]) -> Iterable[str]:
    return (f"{_key(k)} = {_value(v)}" for k, v in values.items())


# -- reading the connection -----------------------------------------------------------------------------
def _get(node: Any, *path: str) -> Any:
    for part in path:
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def _bool(text: Any) -> Any:
    return {"true": True, "false": False}.get(str(text).lower(), text)


def _preset_for(source: Mapping[str, Any]) -> DirectoryPreset:
    """The preset closest to the channel (fewest overrides): AD's USN change detection, else PingDirectory."""
    scores = {p: sum(_get(source, *path) == _preset_value(p, prop) for prop, path in _CHANNEL_SOURCE)
              for p in DirectoryPreset}
    return max(DirectoryPreset, key=lambda p: (scores[p], p is DirectoryPreset.ACTIVE_DIRECTORY))


def _preset_value(preset: DirectoryPreset, prop: str) -> Any:
    value = getattr(PRESETS[preset], prop)
    return getattr(value, "value", value)


def _mapping_entry(info: Mapping[str, Any]) -> dict[str, Any] | None:
    """A ``FieldMapping`` as TOML values, or None when the field maps nothing (unmapped)."""
    names = list(info.get("attributeNames") or [])
    expression, default = info.get("expression") or None, info.get("defaultValue") or None
    if not names and not expression and not default:
        return None
    entry: dict[str, Any] = {}
    if names:
        entry["attribute_names"] = names
    if expression:
        entry["expression"] = expression
    if default:
        entry["default_value"] = default
    for key, prop in _SFI_KEYS.items():
        if key in info and info[key] != _SFI_DEFAULTS[key]:
            entry[prop] = info[key]
    return entry


def _same_mapping(entry: Mapping[str, Any], preset_names: tuple[str, ...]) -> bool:
    return entry == {"attribute_names": list(preset_names)}


def _channel(index: int, channel: Mapping[str, Any], out: Adoption, where: str) -> list[str]:
    source = channel.get("channelSource") or {}
    preset = _preset_for(source)
    values: dict[str, Any] = {"name": channel.get("name"), "data_store_id": _get(source, "dataSource", "id"),
                              "preset": preset.value, "base_dn": source.get("baseDn")}
    for prop, path in _CHANNEL_SOURCE:
        value, preset_value = _get(source, *path), _preset_value(preset, prop)
        if value is None and preset_value is not None:
            out.unexpressed.append(f"{where}: {prop} is unset in PingFederate; the construct cannot leave it unset "
                                   f"and the first plan sets the {preset.value} preset's {preset_value!r}")
        elif value is not None and value != preset_value:
            values[prop] = value
    location = source.get("userSourceLocation") or {}
    for prop, key in (("user_filter", "filter"), ("user_group_dn", "groupDN")):
        if location.get(key):
            values[prop] = location[key]
    if location.get("nestedSearch"):
        values["nested_search"] = True
    for prop, key, default in (("active", "active", True), ("max_threads", "maxThreads", 1),
                               ("timeout", "timeout", 60)):
        if channel.get(key, default) != default:
            values[prop] = channel[key]
    groups = source.get("groupSourceLocation") or {}
    if groups.get("filter") or groups.get("groupDN") or groups.get("nestedSearch"):
        out.unexpressed.append(f"{where}: group source location {json.dumps(groups, sort_keys=True)}: the construct "
                               "provisions users only; the first plan resets it (or keep it with "
                               "resource.add_override)")
    # The mapping: only what differs from the Code42 preset; unmapped preset fields become `false`.
    guid = values.get("guid_attribute_name", _preset_value(preset, "guid_attribute_name"))
    preset_map = {code: tuple(fm.attribute_names) for code, fm in CODE42_MAPPING.items()}
    preset_map["externalId"] = (guid,)
    mapping: dict[str, Any] = {}
    seen: set[str] = set()
    for item in channel.get("attributeMapping") or []:
        code = item.get("fieldName")
        if not isinstance(code, str):
            continue
        seen.add(code)
        entry = _mapping_entry(item.get("saasFieldInfo") or {})
        if entry is None:
            if code in preset_map:
                mapping[code] = False
        elif code not in preset_map or not _same_mapping(entry, preset_map[code]):
            mapping[code] = entry
    for code in sorted(set(preset_map) - seen):
        mapping[code] = False
    lines = ["", f"[[{where.rsplit('[', 1)[0]}]]", *_lines(values)]
    if mapping:
        lines += ["", f"[{where.rsplit('[', 1)[0]}.attribute_mapping]",
                  *_lines(dict(sorted(mapping.items())))]
    return lines


def adoption_entry(connection: Mapping[str, Any], *, environment: str, construct_id: str,
                   descriptor: ConnectorDescriptor, source: str) -> Adoption:
    """The config entry for ``connection`` (an admin-API ``SpConnection`` body)."""
    out = Adoption(toml="")
    base = f"environments.{environment}.connections"
    outbound = connection.get("outboundProvision")
    if not isinstance(outbound, Mapping):
        raise Code42ScimError(f"connection {connection.get('id')!r} has no outbound provisioning: it is not a "
                              "provisioning connection, so there is nothing for this project to adopt")
    if outbound.get("type") != descriptor.plugin_id:
        out.unexpressed.append(f"outbound provisioning type {outbound.get('type')!r}: the construct writes the "
                               f"descriptor's connector {descriptor.plugin_id!r}; pass --descriptor with this "
                               "connector's descriptor (`code42-scim descriptor pull --plugin-id ...`)")
    settings = {s.get("name"): s for s in outbound.get("targetSettings") or [] if isinstance(s, Mapping)}
    props: dict[str, Any] = {"id": construct_id, "connection_id": connection.get("id"),
                             "name": connection.get("name"), "entity_id": connection.get("entityId"),
                             "active": connection.get("active", False), "adopt": True}
    if props["entity_id"] == props["connection_id"]:
        del props["entity_id"]

    def setting(label: str) -> Mapping[str, Any] | None:
        field_ = descriptor.setting(label)
        return settings.get(field_.name) if field_ is not None else None

    auth = (setting(SettingLabel.AUTHENTICATION_METHOD) or {}).get("value")
    try:
        method = AuthMethod(auth)
    except ValueError:
        method = AuthMethod.OAUTH2_BEARER_TOKEN
        out.unexpressed.append(f"Authentication Method {auth!r}: the construct supports "
                               f"{', '.join(m.value for m in AuthMethod)}; the first plan sets {method.value}")
    props["auth_method"] = _AUTH_KEYS[method]
    for label, prop in _SETTINGS:
        found = setting(label)
        if found is None or "value" not in found:
            continue
        value = _bool(found["value"]) if prop in ("create_users", "update_users", "disable_users",
                                                   "provision_disabled_users") else found["value"]
        if prop in _REFUSED and value == _REFUSED[prop]:
            out.unexpressed.append(f"{label} = {value!r}: refused by the construct (Code42 does not support it); "
                                   f"the first plan sets {_DEFAULTS[prop]!r}")
            continue
        props[prop] = value
    kinds: tuple[SecretKind, ...] = (("basic_username", "basic_password") if method is AuthMethod.BASIC
                                     else ("access_token",))
    out.variables = [env_var_for(secret_variable_name(construct_id, kind)) for kind in kinds]
    known = {f.name for f in descriptor.settings if f.label in SettingLabel.ALL}
    for name, item in sorted(settings.items(), key=lambda kv: str(kv[0])):
        spec = next((f for f in descriptor.settings if f.name == name), None)
        if name in known or spec is None or spec.label == SettingLabel.PROVISIONING_OPTIONS:
            continue
        if "value" in item and (item["value"] or "") != (spec.default or ""):
            out.unexpressed.append(f"target setting {spec.label!r} ({name}) = {item['value']!r}: not a prop of the "
                                   "construct; the first plan sends the connector's default")
    for key, default in _TOP_PROVIDER_DEFAULTS.items():
        value = connection.get(key)
        if value is not None and value != default:
            out.unexpressed.append(f"{key} = {json.dumps(value)}: not a prop of the construct; the first plan sets "
                                   f"the provider's default (keep it with resource.add_override)")
    out.unexpressed += [f"{key}: the construct manages outbound provisioning only; the first plan removes it"
                        for key in _NOT_OUTBOUND if connection.get(key)]
    props = {k: v for k, v in props.items() if k not in _DEFAULTS or v != _DEFAULTS[k] or k == "active"}
    lines = [f"# Adopted by `code42-scim adopt` from {source}, connection {connection.get('id')!r}.",
             "# Review it, then plan: the first plan imports the connection and re-sends the secrets.",
             f"# Secrets are not read back; set them before planning: {', '.join(out.variables)}.",
             f"[[{base}]]", *_lines(props)]
    channels = outbound.get("channels") or []
    for i, channel in enumerate(channels):
        lines += _channel(i, channel, out, f"{base}.channels[{i}]")
    if not channels:
        out.unexpressed.append("no channel: the construct needs at least one; add a [[...channels]] table")
    out.toml = "\n".join(lines) + "\n"
    return out


def run(args: argparse.Namespace) -> int:
    # --environment names the table the entry goes in; with --config it also picks the target (an environment
    # to adopt into may not be in the file yet: then pass --url and the provider's variables instead).
    requested = args.environment
    if args.config is None:
        args.environment = None
    client = connect(args)
    environment = client.target.environment
    env_name = environment.name if environment is not None else (requested or "ENVIRONMENT")
    descriptor_path = args.descriptor
    if descriptor_path is None and environment is not None:
        pulled = [c.props.connector_descriptor for c in environment.connections if c.props.connector_descriptor]
        descriptor_path = pulled[0] if pulled else None
    descriptor = load_descriptor(descriptor_path)
    construct_id = args.construct_id or "code42"
    if environment is not None and any(c.construct_id == construct_id for c in environment.connections):
        raise Code42ScimError(f"environment {env_name!r} already has a connection with id {construct_id!r}: "
                              "pass --id with another construct id")
    resp = client.get(f"/idp/spConnections/{args.connection_id}")
    if resp.status_code == 404:
        raise HttpFailure(f"{client.target.https_host} has no SP connection {args.connection_id!r}: check the id "
                          "(PingFederate console: Applications > SP Connections)")
    if resp.status_code != 200:
        raise HttpFailure(f"cannot read connection {args.connection_id!r}: {describe_status(resp)}")
    body = json_object(resp)
    if body is None:
        raise HttpFailure(f"{client.target.https_host} did not answer with a JSON connection: check --url")
    adoption = adoption_entry(body, environment=env_name, construct_id=construct_id, descriptor=descriptor,
                              source=client.target.https_host)
    if args.output is not None:
        args.output.write_text(adoption.toml, encoding="utf-8")
        print(f"wrote {args.output}: the entry for connection {args.connection_id!r}", file=sys.stderr)
    else:
        sys.stdout.write(adoption.toml)
    print(f"set before planning (PingFederate never returns secrets): {', '.join(adoption.variables)}",
          file=sys.stderr)
    for item in adoption.unexpressed:
        print(f"not expressed by the construct: {item}", file=sys.stderr)
    return 0
