"""Props -> validated model: every problem collected at once, then plain data the construct renders.

Pure Python (no cdktf), so the CLI and the local server can import it too. Secrets never appear in a
problem or warning: they are shown as ``(secret)``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from . import _defaults as d
from ._descriptor import ConnectorDescriptor, SettingLabel, load_descriptor
from ._errors import DescriptorError, Problem, ValidationError
from ._ldap import dn_problem, filter_problem
from ._mapping import effective_mapping
from ._presets import PRESETS
from ._props import (
    AccountStatusAlgorithm,
    AuthMethod,
    ChangedUsersAlgorithm,
    Code42ScimConnectionProps,
    DirectoryPreset,
    FieldMapping,
    LdapChannel,
)
from ._secrets import SecretKind, env_var_for, is_unresolved, redact_url, secret_variable_name
from ._types import type_problems

__all__ = [
    "ChannelModel",
    "ConnectionModel",
    "SecretRef",
    "SecretVariable",
    "TargetSetting",
    "build_model",
]

# \Z, not $: '$' also matches before a trailing newline.
_CONNECTION_ID = re.compile(r"[a-zA-Z0-9._-]+\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SECRET_SHOWN_AS = "(secret)"


@dataclass(frozen=True, slots=True)
class SecretRef:
    """A target-setting value read from a sensitive Terraform variable the construct declares."""

    variable_name: str


@dataclass(frozen=True, slots=True)
class SecretVariable:
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class TargetSetting:
    name: str
    label: str
    value: str | SecretRef
    secret: bool = False  # never shown in a message


@dataclass(frozen=True, kw_only=True)
class ChannelModel:
    name: str
    active: bool
    max_threads: int
    timeout: int
    data_store_id: str
    look_up_data_store: bool
    base_dn: str
    guid_attribute_name: str
    guid_binary: bool
    changed_users_algorithm: str
    usn_attribute_name: str | None
    time_stamp_attribute_name: str
    user_object_class: str
    group_object_class: str
    account_status_attribute_name: str
    account_status_algorithm: str
    flag_comparison_value: str | None
    flag_comparison_status: bool
    default_status: bool
    member_of_group_attribute_name: str | None
    group_member_attribute_name: str | None
    user_filter: str | None
    user_group_dn: str | None
    nested_search: bool
    mapping: tuple[tuple[str, FieldMapping], ...]


@dataclass(frozen=True, kw_only=True)
class ConnectionModel:
    connection_id: str
    name: str
    entity_id: str
    active: bool
    plugin_type: str
    target_settings: tuple[TargetSetting, ...]
    channels: tuple[ChannelModel, ...]
    prevent_destroy: bool
    adopt: bool
    secret_variables: tuple[SecretVariable, ...]
    warnings: tuple[str, ...]


def _show(value: object) -> str:
    if isinstance(value, enum.Enum):
        return repr(value.value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class _Collector:
    """Collects problems for one construct path; keeps messages uniform."""

    def __init__(self, path: str | Callable[[], str]) -> None:
        self._path = path
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    @property
    def path(self) -> str:
        # Resolved on first problem or warning only: the construct's path is a jsii round trip, and a
        # valid connection (the usual case) never needs it.
        if not isinstance(self._path, str):
            self._path = self._path()
        return self._path

    def add(self, field: str, value: object, message: str, fix: str, *, secret: bool = False) -> None:
        shown = SECRET_SHOWN_AS if secret else _show(value)
        self.problems.append(Problem(self.path, field, shown, message, fix))

    def warn(self, field: str, message: str) -> None:
        self.warnings.append(f"{self.path}: {field}: {message}")

    def text(self, field: str, value: object, *, allow_empty: bool = False) -> bool:
        """True when ``value`` is a usable string (tokens included); records a problem otherwise."""
        if not isinstance(value, str):
            self.add(field, value, f"must be a string, got {type(value).__name__}", f"set {field} to a string")
            return False
        if not allow_empty and not value.strip():
            self.add(field, value, "must not be empty", f"set {field} to a non-empty value")
            return False
        if _CONTROL.search(value):
            self.add(field, value, "contains a control character (newline, tab, NUL, ESC, ...)",
                     "remove it (look for a stray newline from copy and paste)")
            return False
        if value != value.strip() and not is_unresolved(value):
            self.add(field, value, "has leading or trailing spaces", f"remove the spaces around {field}")
            return False
        return True

    def typed(self, field: str, value: object, kind: type | tuple[type, ...], fix: str) -> bool:
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if not ok:
            self.add(field, value, f"has the wrong type {type(value).__name__}", fix)
        return ok


# Secrets are type-checked by _check_secret, which never shows their values.
_SECRET_FIELDS = frozenset({"access_token", "basic_password"})


def _check_props_types(props: Code42ScimConnectionProps, c: _Collector) -> None:
    """Every field of the props, channels and mappings against its declared type, before anything else."""
    for where, shown, expected in type_problems(props, skip=_SECRET_FIELDS):
        c.problems.append(Problem(c.path, where, shown, f"has the wrong type: expected {expected}",
                                  f"set {where} to {expected}"))


def _check_connection(props: Code42ScimConnectionProps, c: _Collector) -> None:
    cid = props.connection_id
    if c.text("connection_id", cid) and not is_unresolved(cid) and not _CONNECTION_ID.match(cid):
        c.add("connection_id", cid, "may only contain letters, digits, '.', '_' and '-' (PingFederate's rule)",
              "use an id such as 'code42-scim'")
    c.text("name", props.name)
    if props.entity_id is not None:
        c.text("entity_id", props.entity_id)
    url = props.scim_url
    if c.text("scim_url", url) and not is_unresolved(url):
        parts = urlsplit(url.strip())
        if parts.username is not None or parts.password is not None:
            c.add("scim_url", redact_url(url), "carries credentials (user:password@), which would be written to "
                  "cdk.tf.json and state", "remove them from the URL: the token or password comes from the "
                  "sensitive variables the construct declares (TF_VAR_...)")
        elif parts.scheme != "https":
            c.add("scim_url", url, "must use https (Code42 only serves SCIM over TLS, and the token travels with it)",
                  "use the Base URL from Code42's SCIM provider page, e.g. 'https://console.us.code42.com/...'")
        elif not parts.hostname or " " in url.strip():
            c.add("scim_url", url, "is not a well-formed URL (no host)",
                  "copy the Base URL exactly as Code42 shows it")


def _check_secret(c: _Collector, field: str, value: str | None, allow_literal: bool) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value.strip():
        c.add(field, value, "must be a non-empty string", f"pass a Terraform variable reference as {field}",
              secret=True)
        return
    if not is_unresolved(value):
        if allow_literal:
            c.warn(field, "a literal secret was allowed (allow_literal_secrets=True): it is written to cdk.tf.json "
                          "and Terraform state; prefer a sensitive variable")
        else:
            c.add(field, value, "is a literal secret, which would be written to cdk.tf.json and state",
                  "pass a sensitive variable reference (e.g. TerraformVariable(..., sensitive=True).string_value), "
                  "leave it unset to use the construct's own variable, or set allow_literal_secrets=True",
                  secret=True)


def _credentials(
    props: Code42ScimConnectionProps, construct_id: str, c: _Collector
) -> tuple[dict[str, str | SecretRef], list[SecretVariable]]:
    """Resolved credential values by label, and the variables the construct must declare."""
    values: dict[str, str | SecretRef] = {}
    variables: list[SecretVariable] = []
    bearer = props.auth_method is AuthMethod.OAUTH2_BEARER_TOKEN
    basic_given = [n for n in ("basic_username", "basic_password") if getattr(props, n) is not None]
    if bearer and basic_given:
        c.add(", ".join(basic_given), "(set)", "both auth modes are configured: auth_method is OAuth 2 Bearer Token "
              "but Basic credentials are set",
              "remove basic_username/basic_password, or set auth_method=AuthMethod.BASIC")
    if not bearer and props.access_token is not None:
        c.add("access_token", "(set)", "both auth modes are configured: auth_method is Basic Authentication but "
              "an access token is set", "remove access_token, or set auth_method=AuthMethod.OAUTH2_BEARER_TOKEN")
    _check_secret(c, "access_token", props.access_token, props.allow_literal_secrets)
    _check_secret(c, "basic_password", props.basic_password, props.allow_literal_secrets)
    if props.basic_username is not None:
        c.text("basic_username", props.basic_username)

    def take(label: str, kind: SecretKind, given: str | None, what: str) -> None:
        if given is not None:
            values[label] = given
        elif props.declare_secret_variables:
            name = secret_variable_name(construct_id, kind)
            values[label] = SecretRef(name)
            variables.append(SecretVariable(name, f"{what} for Code42 SCIM connection {props.connection_id!r} "
                                                  f"(set {env_var_for(name)})"))
        else:
            c.add(kind, None, "no credentials: PingFederate cannot authenticate to Code42",
                  f"set {kind} to a sensitive variable reference, or declare_secret_variables=True")

    if bearer:
        take(SettingLabel.ACCESS_TOKEN, "access_token", props.access_token, "OAuth 2 bearer token")
    else:
        take(SettingLabel.USERNAME, "basic_username", props.basic_username, "Basic auth username")
        take(SettingLabel.PASSWORD, "basic_password", props.basic_password, "Basic auth password")
    return values, variables


def _check_guardrails(props: Code42ScimConnectionProps, c: _Collector) -> None:
    for field, (refused, reason) in d.REFUSED.items():
        value = getattr(props, field)
        if str(value) == refused:
            default = getattr(d, field.upper())
            c.add(field, value, f"refused: {reason}", f"use {default!r} (the Code42 setting)")
    if props.scim_version not in ("1.1", d.SCIM_VERSION):
        c.add("scim_version", props.scim_version, "is not a SCIM version the connector offers", "use '2.0'")
    if not props.prevent_destroy:
        c.warn("prevent_destroy", "disabled: `terraform destroy` or a replacement can delete the connection and "
                                  "reset provisioning state for every Code42 user")
    if props.unique_user_identifier != d.UNIQUE_USER_IDENTIFIER:
        c.warn("unique_user_identifier", f"{props.unique_user_identifier!r} instead of Code42's 'userName'; changing "
                                         "it later needs delete + PingFederate restart + recreate")
    for field, reason in (("create_users", "new directory users will not get Code42 accounts"),
                          ("update_users", "directory changes will not reach Code42"),
                          ("disable_users", "leavers stay active in Code42")):
        if getattr(props, field) is False:
            c.warn(field, f"turned off: {reason}")


def _option(c: _Collector, descriptor: ConnectorDescriptor, label: str, field: str, value: str) -> str | None:
    """The admin-API name of ``label``; also checks ``value`` against the descriptor's options."""
    setting = descriptor.setting(label)
    if setting is None:
        c.add(field, value, f"the connector descriptor ({descriptor.source}) has no setting labelled {label!r}",
              "pull your server's descriptor with `code42-scim descriptor pull` and pass it as connector_descriptor")
        return None
    if setting.options and isinstance(value, str) and not is_unresolved(value) and value not in setting.options:
        c.add(field, value, f"is not one of the connector's options {list(setting.options)}",
              f"use one of {list(setting.options)}")
    return setting.name


def _target_settings(
    props: Code42ScimConnectionProps, descriptor: ConnectorDescriptor, creds: dict[str, str | SecretRef],
    c: _Collector,
) -> tuple[TargetSetting, ...]:
    def flag(v: bool) -> str:
        return "true" if v else "false"  # the admin API carries booleans as strings

    wanted: list[tuple[str, str, str | SecretRef]] = [
        (SettingLabel.SCIM_URL, "scim_url", props.scim_url),
        (SettingLabel.SCIM_VERSION, "scim_version", props.scim_version),
        (SettingLabel.AUTHENTICATION_METHOD, "auth_method",
         props.auth_method.value if isinstance(props.auth_method, AuthMethod) else str(props.auth_method)),
        (SettingLabel.UNIQUE_USER_IDENTIFIER, "unique_user_identifier", props.unique_user_identifier),
        (SettingLabel.REMOVE_USER_ACTION, "remove_user_action", props.remove_user_action),
        (SettingLabel.USER_CREATE, "create_users", flag(props.create_users)),
        (SettingLabel.USER_UPDATE, "update_users", flag(props.update_users)),
        (SettingLabel.USER_DISABLE_DELETE, "disable_users", flag(props.disable_users)),
        (SettingLabel.PROVISION_DISABLED_USERS, "provision_disabled_users", flag(props.provision_disabled_users)),
    ]
    wanted += [(label, label.lower().replace(" ", "_"), value) for label, value in creds.items()]
    out = []
    for label, field, value in wanted:
        secret = label in (SettingLabel.ACCESS_TOKEN, SettingLabel.PASSWORD)
        shown = value if isinstance(value, str) and not secret else ""
        name = _option(c, descriptor, label, field, shown)
        if name is not None:
            out.append(TargetSetting(name, descriptor.setting(label).label, value,  # type: ignore[union-attr]
                                     secret=secret))
    return tuple(sorted(out, key=lambda s: s.name))


def _check_mapping(channel: LdapChannel, i: int, mapping: dict[str, FieldMapping], descriptor: ConnectorDescriptor,
                   c: _Collector) -> None:
    where = f"channels[{i}].attribute_mapping"
    if not isinstance(channel.attribute_mapping, dict) and not hasattr(channel.attribute_mapping, "items"):
        c.add(where, channel.attribute_mapping, "must be a mapping of SCIM field -> FieldMapping or None",
              "pass a dict such as {'manager': FieldMapping(attribute_names=['managerCode42Id'])}")
        return
    if "userName" not in mapping:
        c.add(where, sorted(mapping), "has no 'userName': Code42 identifies users by it (required field)",
              "map userName, e.g. {'userName': FieldMapping(attribute_names=['mail'])}")
    codes = descriptor.mapping_codes
    for code, fm in mapping.items():
        if not isinstance(fm, FieldMapping):
            c.add(f"{where}[{code!r}]", fm, "must be a FieldMapping (or None to remove the field)",
                  "use FieldMapping(attribute_names=[...])")
            continue
        if codes and code not in codes:
            c.add(f"{where}[{code!r}]", code, f"is not a field of the connector ({descriptor.source})",
                  f"use one of: {', '.join(sorted(codes))}")
        if not fm.attribute_names and not fm.expression and not fm.default_value:
            c.add(f"{where}[{code!r}]", fm.attribute_names, "maps nothing: no LDAP attribute, expression or default",
                  "give attribute_names, an expression, or a default_value (or None to remove the field)")


def _channel(channel: LdapChannel, i: int, descriptor: ConnectorDescriptor, c: _Collector) -> ChannelModel | None:
    at = f"channels[{i}]"
    if not isinstance(channel, LdapChannel):
        c.add(at, channel, "must be an LdapChannel", "build channels with LdapChannel(name=..., base_dn=..., ...)")
        return None
    c.text(f"{at}.name", channel.name)
    c.text(f"{at}.data_store_id", channel.data_store_id)
    for name in ("base_dn", "user_group_dn"):
        dn = getattr(channel, name)
        if dn is not None and c.text(f"{at}.{name}", dn) and not is_unresolved(dn):
            why = dn_problem(dn)
            if why:
                c.add(f"{at}.{name}", dn, f"is not a distinguished name: {why}",
                      "use a DN such as 'OU=Users,DC=example,DC=com'")
    for name, low in (("max_threads", 1), ("timeout", 1)):
        value = getattr(channel, name)
        if c.typed(f"{at}.{name}", value, int, f"set {name} to a whole number >= {low}") and value < low:
            c.add(f"{at}.{name}", value, f"must be at least {low}", f"set {name} to {low} or more")
    if channel.user_filter is not None and c.text(f"{at}.user_filter", channel.user_filter):
        why = None if is_unresolved(channel.user_filter) else filter_problem(channel.user_filter)
        if why:
            c.add(f"{at}.user_filter", channel.user_filter, f"is not a valid LDAP filter (RFC 4515): {why}",
                  "write one filter in parentheses, combining several with & or |, e.g. "
                  "'(&(objectClass=user)(mail=*))'")
    for name in ("active", "nested_search", "look_up_data_store", "use_code42_mapping"):
        c.typed(f"{at}.{name}", getattr(channel, name), bool, f"set {name} to True or False")
    if not c.typed(f"{at}.preset", channel.preset, DirectoryPreset,
                   "use DirectoryPreset.ACTIVE_DIRECTORY or DirectoryPreset.PING_DIRECTORY"):
        return None
    preset = PRESETS[channel.preset]

    def pick(name: str) -> Any:
        own = getattr(channel, name)
        return getattr(preset, name) if own is None else own

    changed = pick("changed_users_algorithm")
    status_alg = pick("account_status_algorithm")
    if not c.typed(f"{at}.changed_users_algorithm", changed, ChangedUsersAlgorithm,
                   "use a ChangedUsersAlgorithm member"):
        return None
    if not c.typed(f"{at}.account_status_algorithm", status_alg, AccountStatusAlgorithm,
                   "use an AccountStatusAlgorithm member"):
        return None
    usn = pick("usn_attribute_name")
    if changed is ChangedUsersAlgorithm.ACTIVE_DIRECTORY_USN and not usn:
        c.add(f"{at}.usn_attribute_name", usn, "is required with ACTIVE_DIRECTORY_USN change detection",
              "set usn_attribute_name='uSNChanged'")
    flag_value = pick("flag_comparison_value")
    if status_alg is AccountStatusAlgorithm.ACCOUNT_STATUS_ALGORITHM_FLAG and not flag_value:
        c.add(f"{at}.flag_comparison_value", flag_value, "is required with the flag account-status algorithm",
              "set flag_comparison_value (e.g. 'true' for ds-pwp-account-disabled)")
    for name in ("guid_attribute_name", "time_stamp_attribute_name", "user_object_class", "group_object_class",
                 "account_status_attribute_name"):
        c.text(f"{at}.{name}", pick(name))
    guid = pick("guid_attribute_name")
    mapping = effective_mapping(channel, guid if isinstance(guid, str) else None) \
        if hasattr(channel.attribute_mapping, "items") else {}
    _check_mapping(channel, i, mapping, descriptor, c)
    return ChannelModel(
        name=channel.name, active=channel.active, max_threads=channel.max_threads, timeout=channel.timeout,
        data_store_id=channel.data_store_id, look_up_data_store=channel.look_up_data_store,
        base_dn=channel.base_dn.strip() if isinstance(channel.base_dn, str) else channel.base_dn,
        guid_attribute_name=guid, guid_binary=pick("guid_binary"),
        changed_users_algorithm=changed.value, usn_attribute_name=usn,
        time_stamp_attribute_name=pick("time_stamp_attribute_name"),
        user_object_class=pick("user_object_class"), group_object_class=pick("group_object_class"),
        account_status_attribute_name=pick("account_status_attribute_name"),
        account_status_algorithm=status_alg.value, flag_comparison_value=flag_value,
        flag_comparison_status=pick("flag_comparison_status"), default_status=pick("default_status"),
        member_of_group_attribute_name=pick("member_of_group_attribute_name"),
        group_member_attribute_name=pick("group_member_attribute_name"),
        user_filter=channel.user_filter, user_group_dn=channel.user_group_dn, nested_search=channel.nested_search,
        mapping=tuple(mapping.items()),
    )


def _channels(props: Code42ScimConnectionProps, descriptor: ConnectorDescriptor,
              c: _Collector) -> tuple[ChannelModel, ...]:
    channels = props.channels
    if isinstance(channels, (str, bytes)) or not isinstance(channels, Sequence):
        c.add("channels", channels, "must be a list of LdapChannel", "pass channels=[LdapChannel(...)]")
        return ()
    if not channels:
        c.add("channels", [], "no channel: nothing would be provisioned",
              "add at least one LdapChannel(name=..., data_store_id=..., base_dn=...)")
    seen: dict[str, int] = {}
    out = []
    for i, ch in enumerate(channels):
        model = _channel(ch, i, descriptor, c)
        if isinstance(ch, LdapChannel) and isinstance(ch.name, str):
            key = ch.name.strip().casefold()
            if key in seen:
                c.add(f"channels[{i}].name", ch.name, f"duplicates channels[{seen[key]}].name (PingFederate "
                      "refuses duplicate channel names)", "give every channel a distinct name")
            seen.setdefault(key, i)
        if model is not None:
            out.append(model)
    return tuple(out)


def build_model(
    props: Code42ScimConnectionProps,
    *,
    path: str | Callable[[], str],
    construct_id: str,
    load: Callable[[Any], ConnectorDescriptor] = load_descriptor,
) -> ConnectionModel:
    """Validate ``props`` (all problems at once) and resolve presets, descriptor names and secrets.

    ``path`` (the construct path shown in messages) may be a callable, then called only if needed.
    """
    c = _Collector(path)
    try:
        descriptor = load(props.connector_descriptor)
    except DescriptorError as exc:
        c.add("connector_descriptor", props.connector_descriptor, str(exc),
              "point connector_descriptor at a file written by `code42-scim descriptor pull`")
        raise ValidationError(c.problems) from None
    _check_props_types(props, c)
    if c.problems:
        # Later checks assume the declared types; a wrong type is reported once, not as its consequences.
        raise ValidationError(c.problems)
    _check_connection(props, c)
    _check_guardrails(props, c)
    creds, variables = _credentials(props, construct_id, c) if isinstance(props.auth_method, AuthMethod) else ({}, [])
    settings = _target_settings(props, descriptor, creds, c)
    channels = _channels(props, descriptor, c)
    if c.problems:
        raise ValidationError(c.problems)
    return ConnectionModel(
        connection_id=props.connection_id,
        name=props.name,
        entity_id=props.entity_id or props.connection_id,
        active=props.active,
        plugin_type=descriptor.plugin_id,
        target_settings=settings,
        channels=channels,
        prevent_destroy=props.prevent_destroy,
        adopt=props.adopt,
        secret_variables=tuple(variables),
        warnings=tuple(c.warnings),
    )
