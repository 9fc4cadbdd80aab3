"""One channel: where users are read (LDAP store, base DN, filter), the resolved directory preset, the mapping."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ._collector import Collector
from ._descriptor import ConnectorDescriptor
from ._ldap import dn_problem, filter_problem
from ._mapping import effective_mapping
from ._presets import PRESETS, SourcePreset
from ._props import AccountStatusAlgorithm, ChangedUsersAlgorithm, FieldMapping, LdapChannel
from ._secrets import is_unresolved

__all__ = ["ChannelModel", "build_channels"]

_SOURCE_FIELDS = tuple(f.name for f in dataclasses.fields(SourcePreset))


@dataclass(frozen=True, kw_only=True)
class ChannelModel:
    name: str
    active: bool
    max_threads: int
    timeout: int
    data_store_id: str
    look_up_data_store: bool
    base_dn: str
    user_filter: str | None
    user_group_dn: str | None
    nested_search: bool
    # The directory preset with the channel's own values applied: every LDAP setting in one place.
    source: SourcePreset
    mapping: tuple[tuple[str, FieldMapping], ...]


def resolved_source(channel: LdapChannel) -> SourcePreset:
    """The channel's preset, with every value the channel sets itself taking precedence."""
    own = {name: value for name in _SOURCE_FIELDS if (value := getattr(channel, name)) is not None}
    return dataclasses.replace(PRESETS[channel.preset], **own)


def _check_mapping(at: str, mapping: dict[str, FieldMapping], descriptor: ConnectorDescriptor, c: Collector) -> None:
    where = f"{at}.attribute_mapping"
    if "userName" not in mapping:
        c.add(where, sorted(mapping), "has no 'userName': Code42 identifies users by it (required field)",
              "map userName, e.g. {'userName': FieldMapping(attribute_names=['mail'])}")
    codes = descriptor.mapping_codes
    for code, fm in mapping.items():
        if codes and code not in codes:
            c.add(f"{where}[{code!r}]", code, f"is not a field of the connector ({descriptor.source})",
                  f"use one of: {', '.join(sorted(codes))}")
        if not fm.attribute_names and not fm.expression and not fm.default_value:
            c.add(f"{where}[{code!r}]", fm.attribute_names, "maps nothing: no LDAP attribute, expression or default",
                  "give attribute_names, an expression, or a default_value (or None to remove the field)")


def _check_source(at: str, source: SourcePreset, c: Collector) -> None:
    if source.changed_users_algorithm is ChangedUsersAlgorithm.ACTIVE_DIRECTORY_USN and not source.usn_attribute_name:
        c.add(f"{at}.usn_attribute_name", source.usn_attribute_name,
              "is required with ACTIVE_DIRECTORY_USN change detection", "set usn_attribute_name='uSNChanged'")
    if (source.account_status_algorithm is AccountStatusAlgorithm.ACCOUNT_STATUS_ALGORITHM_FLAG
            and not source.flag_comparison_value):
        c.add(f"{at}.flag_comparison_value", source.flag_comparison_value,
              "is required with the flag account-status algorithm",
              "set flag_comparison_value (e.g. 'true' for ds-pwp-account-disabled)")
    for name in ("guid_attribute_name", "time_stamp_attribute_name", "user_object_class", "group_object_class",
                 "account_status_attribute_name"):
        c.text(f"{at}.{name}", getattr(source, name))


def _channel(channel: LdapChannel, at: str, descriptor: ConnectorDescriptor, c: Collector) -> ChannelModel:
    c.text(f"{at}.name", channel.name)
    c.text(f"{at}.data_store_id", channel.data_store_id)
    for name in ("base_dn", "user_group_dn"):
        dn = getattr(channel, name)
        if dn is not None and c.text(f"{at}.{name}", dn) and not is_unresolved(dn):
            why = dn_problem(dn)
            if why:
                c.add(f"{at}.{name}", dn, f"is not a distinguished name: {why}",
                      "use a DN such as 'OU=Users,DC=example,DC=com'")
    for name in ("max_threads", "timeout"):
        if getattr(channel, name) < 1:
            c.add(f"{at}.{name}", getattr(channel, name), "must be at least 1", f"set {name} to 1 or more")
    if channel.user_filter is not None and c.text(f"{at}.user_filter", channel.user_filter):
        why = None if is_unresolved(channel.user_filter) else filter_problem(channel.user_filter)
        if why:
            c.add(f"{at}.user_filter", channel.user_filter, f"is not a valid LDAP filter (RFC 4515): {why}",
                  "write one filter in parentheses, combining several with & or |, e.g. "
                  "'(&(objectClass=user)(mail=*))'")
    source = resolved_source(channel)
    _check_source(at, source, c)
    mapping = effective_mapping(channel, source.guid_attribute_name)
    _check_mapping(at, mapping, descriptor, c)
    return ChannelModel(
        name=channel.name, active=channel.active, max_threads=channel.max_threads, timeout=channel.timeout,
        data_store_id=channel.data_store_id, look_up_data_store=channel.look_up_data_store,
        base_dn=channel.base_dn, user_filter=channel.user_filter, user_group_dn=channel.user_group_dn,
        nested_search=channel.nested_search, source=source, mapping=tuple(mapping.items()),
    )


def build_channels(channels: Sequence[LdapChannel], descriptor: ConnectorDescriptor,
                   c: Collector) -> tuple[ChannelModel, ...]:
    """Every channel checked (distinct names, at least one), in the order given."""
    if not channels:
        c.add("channels", [], "no channel: nothing would be provisioned",
              "add at least one LdapChannel(name=..., data_store_id=..., base_dn=...)")
    seen: dict[str, int] = {}
    for i, ch in enumerate(channels):
        key = ch.name.strip().casefold()
        if key in seen:
            c.add(f"channels[{i}].name", ch.name, f"duplicates channels[{seen[key]}].name (PingFederate "
                  "refuses duplicate channel names)", "give every channel a distinct name")
        seen.setdefault(key, i)
    return tuple(_channel(ch, f"channels[{i}]", descriptor, c) for i, ch in enumerate(channels))
