"""Props -> validated model: every problem collected at once, then plain data the construct renders.

Pure Python (no cdktf), so the CLI can import it too. The jobs are split by module: types first
(``_types``), then the connection's own rules (here), its credentials (``_credentials``) and its
channels (``_channel_model``). Secrets never appear in a problem or warning: they are shown as
``(secret)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from . import _defaults as d
from ._channel_model import ChannelModel, build_channels
from ._collector import Collector
from ._credentials import SecretRef, SecretVariable, resolve_credentials
from ._descriptor import ConnectorDescriptor, SettingLabel, load_descriptor
from ._errors import DescriptorError, Problem, ValidationError
from ._props import Code42ScimConnectionProps
from ._secrets import is_unresolved, redact_url
from ._types import type_problems

__all__ = ["ChannelModel", "ConnectionModel", "SecretRef", "SecretVariable", "TargetSetting", "build_model"]

# \Z, not $: '$' also matches before a trailing newline.
_CONNECTION_ID = re.compile(r"[a-zA-Z0-9._-]+\Z")
# Secrets are checked by _credentials, which never shows their values.
_SECRET_FIELDS = frozenset({"access_token", "basic_password"})


@dataclass(frozen=True, slots=True)
class TargetSetting:
    name: str
    label: str
    value: str | SecretRef
    secret: bool = False  # never shown in a message


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


def _check_types(props: Code42ScimConnectionProps, c: Collector) -> None:
    """Every field of the props, channels and mappings against its declared type, before anything else."""
    for where, shown, expected in type_problems(props, skip=_SECRET_FIELDS):
        c.problems.append(Problem(c.path, where, shown, f"has the wrong type: expected {expected}",
                                  f"set {where} to {expected}"))
    for name in _SECRET_FIELDS:
        if getattr(props, name) is not None and not isinstance(getattr(props, name), str):
            c.add(name, None, "must be a string (a Terraform variable reference)",
                  f"pass a sensitive variable reference as {name}", secret=True)


def _check_connection(props: Code42ScimConnectionProps, c: Collector) -> None:
    cid = props.connection_id
    if c.text("connection_id", cid) and not is_unresolved(cid) and not _CONNECTION_ID.match(cid):
        c.add("connection_id", cid, "may only contain letters, digits, '.', '_' and '-' (PingFederate's rule)",
              "use an id such as 'code42-scim'")
    c.text("name", props.name)
    if props.entity_id is not None:
        c.text("entity_id", props.entity_id)
    url = props.scim_url
    if c.text("scim_url", url) and not is_unresolved(url):
        parts = urlsplit(url)
        if parts.username is not None or parts.password is not None:
            c.add("scim_url", redact_url(url), "carries credentials (user:password@), which would be written to "
                  "cdk.tf.json and state", "remove them from the URL: the token or password comes from the "
                  "sensitive variables the construct declares (TF_VAR_...)")
        elif parts.scheme != "https":
            c.add("scim_url", url, "must use https (Code42 only serves SCIM over TLS, and the token travels with it)",
                  "use the Base URL from Code42's SCIM provider page, e.g. 'https://console.us.code42.com/...'")
        elif not parts.hostname or " " in url:
            c.add("scim_url", url, "is not a well-formed URL (no host)",
                  "copy the Base URL exactly as Code42 shows it")


def _check_guardrails(props: Code42ScimConnectionProps, c: Collector) -> None:
    for field, (refused, reason) in d.REFUSED.items():
        value = getattr(props, field)
        if str(value) == refused:
            default = getattr(d, field.upper())
            c.add(field, value, f"refused: {reason}", f"use {default!r} (the Code42 setting)")
    if props.scim_version not in ("1.1", d.SCIM_VERSION):
        c.add("scim_version", props.scim_version, "is not a SCIM version the connector offers", "use '2.0'")
    for field, warning in d.WEAKENED.items():
        value = getattr(props, field)
        if value != getattr(d, field.upper()) and not is_unresolved(value):
            c.warn(field, f"{value!r}: {warning}")


def _option(c: Collector, descriptor: ConnectorDescriptor, label: str, field: str, value: str) -> str | None:
    """The admin-API name of ``label``; also checks ``value`` against the descriptor's options."""
    setting = descriptor.setting(label)
    if setting is None:
        c.add(field, value, f"the connector descriptor ({descriptor.source}) has no setting labelled {label!r}",
              "pull your server's descriptor with `code42-scim descriptor pull` and pass it as connector_descriptor")
        return None
    if setting.options and value and not is_unresolved(value) and value not in setting.options:
        c.add(field, value, f"is not one of the connector's options {list(setting.options)}",
              f"use one of {list(setting.options)}")
    return setting.name


def _target_settings(
    props: Code42ScimConnectionProps, descriptor: ConnectorDescriptor, creds: dict[str, str | SecretRef],
    c: Collector,
) -> tuple[TargetSetting, ...]:
    def flag(v: bool) -> str:
        return "true" if v else "false"  # the admin API carries booleans as strings

    wanted: list[tuple[str, str, str | SecretRef]] = [
        (SettingLabel.SCIM_URL, "scim_url", props.scim_url),
        (SettingLabel.SCIM_VERSION, "scim_version", props.scim_version),
        (SettingLabel.AUTHENTICATION_METHOD, "auth_method", props.auth_method.value),
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
        setting = descriptor.setting(label)
        if name is not None and setting is not None:
            out.append(TargetSetting(name, setting.label, value, secret=secret))
    return tuple(sorted(out, key=lambda s: s.name))


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
    c = Collector(path)
    _check_types(props, c)
    if c.problems:
        # Later checks rely on the declared types; a wrong type is reported once, not as its consequences.
        raise ValidationError(c.problems)
    try:
        descriptor = load(props.connector_descriptor)
    except DescriptorError as exc:
        c.add("connector_descriptor", props.connector_descriptor, str(exc),
              "point connector_descriptor at a file written by `code42-scim descriptor pull`")
        raise ValidationError(c.problems) from None
    _check_connection(props, c)
    _check_guardrails(props, c)
    creds, variables = resolve_credentials(props, construct_id, c)
    settings = _target_settings(props, descriptor, creds, c)
    channels = build_channels(props.channels, descriptor, c)
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
