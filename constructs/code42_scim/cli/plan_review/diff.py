"""Turn ``terraform show -json`` output into a :class:`PlanReview` in Code42/console vocabulary.

Only ``pingfederate_idp_sp_connection`` is reviewed in detail; every other changing resource is listed by
address. Values marked sensitive are rendered as ``(sensitive)``, with one deliberate exception: a target
setting whose descriptor declares a fixed option list ("Remove User Action": Disable/Delete) shows the
option, because the option names are public and a reviewer must see "Disable -> Delete". A value that is
not exactly one of the declared options is never shown (``strict_sensitive`` hides even the options).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..._descriptor import ConnectorDescriptor, SettingLabel, load_descriptor
from ..._errors import Code42ScimError
from .model import (
    NOT_SET,
    SENSITIVE,
    UNKNOWN,
    Action,
    ConnectionReview,
    Node,
    OtherChange,
    PlanReview,
    Risk,
    Row,
)

__all__ = ["RESOURCE_TYPE", "PlanFormatError", "review_plan", "sensitive_strings"]

RESOURCE_TYPE = "pingfederate_idp_sp_connection"
_SETTINGS_GROUP = "Target settings"
_REMOVED = "(removed)"
_NOTHING = "(nothing)"

# Computed or bookkeeping attributes: shown by Terraform as noise, meaningless to a reviewer.
_SKIP_TOP = frozenset({"id", "creation_date", "outbound_provision"})
_SKIP_ANYWHERE = frozenset({"target_settings_all", "attribute_mapping_all"})

_TOP_LABELS: Mapping[tuple[str, ...], str] = {
    ("name",): "Connection name",
    ("entity_id",): "Partner entity ID",
    ("connection_id",): "Connection ID",
    ("active",): "Connection status",
    ("base_url",): "Partner base URL",
    ("logging_mode",): "Logging mode",
    ("outbound_provision", "type"): "Connector type",
}

_CS = "channel_source"
_CHANNEL_LABELS: Mapping[tuple[str, ...], str] = {
    ("active",): "status",
    ("max_threads",): "max threads",
    ("timeout",): "timeout (seconds)",
    (_CS, "data_source", "id"): "data store",
    (_CS, "base_dn"): "base DN",
    (_CS, "user_source_location", "filter"): "LDAP filter",
    (_CS, "user_source_location", "group_dn"): "group DN",
    (_CS, "user_source_location", "nested_search"): "nested group search",
    (_CS, "guid_attribute_name"): "GUID attribute",
    (_CS, "guid_binary"): "GUID is binary",
    (_CS, "change_detection_settings", "user_object_class"): "user object class",
    (_CS, "change_detection_settings", "group_object_class"): "group object class",
    (_CS, "change_detection_settings", "changed_users_algorithm"): "changed-users algorithm",
    (_CS, "change_detection_settings", "time_stamp_attribute_name"): "timestamp attribute",
    (_CS, "change_detection_settings", "usn_attribute_name"): "USN attribute",
    (_CS, "account_management_settings", "account_status_attribute_name"): "account status attribute",
    (_CS, "account_management_settings", "account_status_algorithm"): "account status algorithm",
    (_CS, "account_management_settings", "flag_comparison_value"): "flag comparison value",
    (_CS, "account_management_settings", "flag_comparison_status"): "flag comparison status",
    (_CS, "account_management_settings", "default_status"): "default status",
    (_CS, "group_membership_detection", "member_of_group_attribute_name"): "member-of attribute",
    (_CS, "group_membership_detection", "group_member_attribute_name"): "group member attribute",
}
# A change to any of these changes WHICH users the channel provisions.
_SCOPE_PATHS = frozenset(
    {
        (_CS, "data_source", "id"),
        (_CS, "base_dn"),
        (_CS, "user_source_location", "filter"),
        (_CS, "user_source_location", "group_dn"),
    }
)

_MAPPING_FLAGS: Mapping[str, str] = {
    "create_only": "create only",
    "trim": "trim",
    "character_case": "character case",
    "parser": "parser",
    "masked": "masked",
}

_DEFAULTISH = (None, False, "NONE", "")


class PlanFormatError(Code42ScimError):
    """The input is not ``terraform show -json`` output this tool understands."""


@dataclass(frozen=True, slots=True)
class _Leaf:
    """A scalar of the plan: its rendered text plus what is needed to compare it safely."""

    text: str
    raw: Any
    sensitive: bool
    unknown: bool

    def same_as(self, other: _Leaf) -> bool:
        return not self.unknown and not other.unknown and self.raw == other.raw


@dataclass
class _Builder:
    """Collects rows and risks for one connection (mutable while building, frozen once returned)."""

    rows: list[Row] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def risk(self, code: str, reason: str) -> None:
        if all(r.reason != reason for r in self.risks):
            self.risks.append(Risk(code, reason))


def _scalar_text(value: Any) -> str:
    if value is None:
        return NOT_SET
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(_scalar_text(v) for v in value) if value else "(empty)"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar_text(v)}" for k, v in sorted(value.items())) + "}"
    return str(value)


def _leaf(node: Node, *, reveal: frozenset[str] = frozenset()) -> _Leaf:
    if node.is_unknown:
        return _Leaf(UNKNOWN, None, node.is_sensitive, True)
    if node.is_sensitive and not (isinstance(node.value, str) and node.value in reveal):
        return _Leaf(SENSITIVE, node.value, True, False)
    if node.is_sensitive and node.value is None:
        return _Leaf(NOT_SET, None, True, False)
    return _Leaf(_scalar_text(node.value), node.value, node.is_sensitive, False)


def _masked(leaf: _Leaf) -> _Leaf:
    """A leaf whose value is shown as (sensitive) whatever the plan's marks say."""
    if leaf.unknown or leaf.raw is None:
        return leaf
    return _Leaf(SENSITIVE, leaf.raw, True, False)


def _flatten(node: Node, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Node]:
    """Leaves of an object tree by path; lists and unknown subtrees are leaves themselves.

    Sensitive objects are descended into (children inherit the mark) so each setting still gets its row.
    """
    if isinstance(node.value, dict) and not node.is_unknown:
        out: dict[tuple[str, ...], Node] = {}
        for key in node.value:
            if key in _SKIP_ANYWHERE:
                continue
            out.update(_flatten(node.child(key), (*path, key)))
        return out
    return {path: node}


def _diff_leaves(
    before: Mapping[tuple[str, ...], Node], after: Mapping[tuple[str, ...], Node]
) -> Iterable[tuple[tuple[str, ...], _Leaf, _Leaf]]:
    for path in sorted(set(before) | set(after)):
        b = _leaf(before.get(path, Node(None)))
        a = _leaf(after.get(path, Node(None)))
        if not b.same_as(a):
            yield path, b, a


def _generic_label(path: tuple[str, ...]) -> str:
    return " ".join(p.replace("_", " ") for p in path)


class _ConnectionDiff:
    def __init__(self, change: Mapping[str, Any], descriptor: ConnectorDescriptor, strict: bool) -> None:
        self.action = Action.from_actions(list(change.get("actions") or []))
        self.descriptor = descriptor
        self.strict = strict
        self.before = Node(change.get("before"), change.get("before_sensitive") or False, False)
        self.after = Node(change.get("after"), change.get("after_sensitive") or False,
                          change.get("after_unknown") or False)
        self.out = _Builder()
        # Both sides exist: changes are edits, so "changed" risks apply (not on create or destroy).
        self.editing = self.before.value is not None and self.after.value is not None
        # An import block: "before" is everything PingFederate returned, not what Terraform wrote.
        self.importing = isinstance(change.get("importing"), Mapping)

    def build(self, address: str, change: Mapping[str, Any]) -> ConnectionReview:
        side = self.after if self.after.value is not None else self.before
        name = _leaf(side.child("name")).text
        connection_id = _leaf(side.child("connection_id")).text
        self._lifecycle_risks(change)
        if self.action not in (Action.DELETE, Action.FORGET, Action.READ):
            self._top_level()
            self._target_settings()
            self._channels()
        # Connection first, then target settings by label, then channels by name.
        rank = {"": 0, _SETTINGS_GROUP: 1}
        rows = tuple(sorted(self.out.rows, key=lambda r: (rank.get(r.group, 2), r.group, r.subject)))
        return ConnectionReview(address, self.action, name, connection_id, rows,
                                tuple(sorted(self.out.risks, key=lambda r: (r.code, r.reason))),
                                tuple(self.out.notes))

    # -- lifecycle -------------------------------------------------------------------------------------
    def _lifecycle_risks(self, change: Mapping[str, Any]) -> None:
        if self.action.is_replace:
            forced = sorted({_TOP_LABELS.get(tuple(p[:1]), _generic_label(tuple(map(str, p))))
                             for p in change.get("replace_paths") or [] if p})
            because = f" (forced by: {', '.join(forced)})" if forced else ""
            self.out.risk(
                "replace",
                f"Connection is replaced{because}: PingFederate deletes it with its provisioning state, "
                "so the new connection re-matches and re-provisions every user from scratch.",
            )
        elif self.action is Action.DELETE:
            self.out.risk(
                "destroy",
                "Connection is destroyed: provisioning to Code42 stops and PingFederate's provisioning "
                "state is lost; users already in Code42 are left as they are.",
            )
        reason = change.get("action_reason")
        if isinstance(reason, str) and reason:
            self.out.notes.append(f"Terraform's reason: {reason.replace('_', ' ')}.")

    # -- connection-level attributes ---------------------------------------------------------------------
    def _top_level(self) -> None:
        def visible(node: Node) -> dict[tuple[str, ...], Node]:
            flat = {p: n for p, n in _flatten(node).items() if p and p[0] not in _SKIP_TOP}
            flat[("outbound_provision", "type")] = node.child("outbound_provision").child("type")
            custom = node.child("outbound_provision").child("custom_schema")
            flat.update({("outbound_provision", "custom_schema", *p): n for p, n in _flatten(custom).items()})
            return {p: n for p, n in flat.items() if n.value is not None or n.is_unknown}

        for path, b, a in _diff_leaves(visible(self.before), visible(self.after)):
            label = _TOP_LABELS.get(path) or _generic_label(path).capitalize()
            if path == ("active",):
                b, a = _status(b), _status(a)
                if self.editing and b.raw is True and a.raw is False:
                    self.out.risk("connection-deactivated",
                                  "Connection is deactivated: no user is provisioned to Code42 "
                                  "while it is off.")
            self.out.rows.append(Row("", label, b.text, a.text))

    # -- target settings -----------------------------------------------------------------------------------
    def _settings(self, side: Node) -> dict[str, tuple[Node, Node]]:
        out: dict[str, tuple[Node, Node]] = {}
        for item in side.child("outbound_provision").child("target_settings").items():
            name = item.child("name").value
            if isinstance(name, str):
                out[name] = (item.child("value"), item.child("encrypted_value"))
        return out

    def _reveal(self, name: str) -> frozenset[str]:
        """Option values that may be shown even when marked sensitive (see module docstring)."""
        if self.strict:
            return frozenset()
        label = self.descriptor.label_for(name)
        setting = self.descriptor.setting(label) if label else None
        if setting is None or setting.secret:
            return frozenset()
        if setting.options:
            return frozenset(setting.options)
        return frozenset({"true", "false"}) if setting.type == "CHECK_BOX" else frozenset()

    def _secret(self, name: str) -> bool:
        label = self.descriptor.label_for(name)
        setting = self.descriptor.setting(label) if label else None
        return setting is not None and setting.secret

    def _name_of(self, label: str) -> str:
        """The admin-API name of ``label``: from the descriptor in use, else from the pinned one (a pulled
        descriptor that lacks the label still reviews plans made with the pinned names)."""
        setting = self.descriptor.setting(label) or load_descriptor().setting(label)
        return setting.name if setting else label

    def _target_settings(self) -> None:
        before, after = self._settings(self.before), self._settings(self.after)
        changed: dict[str, tuple[_Leaf, _Leaf]] = {}
        unmanaged: list[str] = []
        for name in sorted(set(before) | set(after)):
            reveal = self._reveal(name)
            none = (Node(None), Node(None))
            (bv, be), (av, ae) = before.get(name, none), after.get(name, none)
            b, a = _leaf(bv, reveal=reveal), _leaf(av, reveal=reveal)
            if self._secret(name):
                # The descriptor says secret: never shown, even from a plan that lacks sensitivity marks.
                b, a = _masked(b), _masked(a)
            label = self.descriptor.label_for(name) or name
            if name not in after and self.importing and not self._secret(name):
                # The import read every setting PingFederate returned; the ones the configuration does not set
                # stay at PingFederate's value or the connector's default: not a change worth a row.
                unmanaged.append(label)
                continue
            if name not in after:
                a = _Leaf(_REMOVED, None, False, False)
            if not b.same_as(a):
                changed[name] = (b, a)
                self.out.rows.append(Row(_SETTINGS_GROUP, label, b.text, a.text))
            eb, ea = _leaf(be), _leaf(ae)
            # The provider re-plans every encrypted value as unknown on any update (NOTES §7): a row
            # "(encrypted value) ... -> (known after apply)" says nothing, so only known changes are shown.
            if name in after and (eb.raw or ea.raw) and not ea.unknown and not eb.same_as(ea):
                # Encrypted values are opaque; only say that one changed.
                self.out.rows.append(Row(_SETTINGS_GROUP, f"{label} (encrypted value)",
                                         _opaque(eb), _opaque(ea)))
        if unmanaged:
            self.out.notes.append("Settings PingFederate returned that the configuration does not set (left as "
                                  f"they are or at the connector's default): {', '.join(sorted(unmanaged))}.")
        if not self.editing:
            self._remove_action_risk(changed)
            return
        for label, code, why in (
            (SettingLabel.UNIQUE_USER_IDENTIFIER, "unique-user-identifier",
             "it is how PingFederate matches Code42 users; changing it needs the connection deleted, "
             "PingFederate restarted and the connection recreated"),
            (SettingLabel.AUTHENTICATION_METHOD, "auth-method",
             "PingFederate checks the new credentials only when the connection is activated; run "
             "`code42-scim preflight code42` first"),
            (SettingLabel.SCIM_URL, "scim-url",
             "users are provisioned to a different Code42 endpoint/tenant"),
        ):
            if self._name_of(label) in changed:
                b, a = changed[self._name_of(label)]
                self.out.risk(code, f"{label} changes{_from_to(b, a)}: {why}.")
        self._remove_action_risk(changed)

    def _remove_action_risk(self, changed: Mapping[str, tuple[_Leaf, _Leaf]]) -> None:
        label = SettingLabel.REMOVE_USER_ACTION
        if self._name_of(label) not in changed:
            return
        b, a = changed[self._name_of(label)]
        if a.text == "Delete":
            self.out.risk("remove-action-delete",
                          f"{label} becomes Delete: Code42 does not support the delete option "
                          "(Ping's Code42 guide says Disable).")
        elif a.text in (SENSITIVE, UNKNOWN) and a.raw != b.raw:
            self.out.risk("remove-action-delete",
                          f"{label} changes to a hidden value: confirm it is not Delete "
                          "(Code42 does not support the delete option).")

    # -- channels ------------------------------------------------------------------------------------------
    def _channels(self) -> None:
        def by_name(side: Node) -> dict[str, Node]:
            out: dict[str, Node] = {}
            for i, ch in enumerate(side.child("outbound_provision").child("channels").items()):
                name = ch.child("name").value
                out[name if isinstance(name, str) else f"#{i + 1}"] = ch
            return out

        before, after = by_name(self.before), by_name(self.after)
        for name in sorted(set(before) | set(after)):
            group = f"Channel '{name}'"
            if name not in after:
                self.out.rows.append(Row(group, "channel", "present", _REMOVED))
                if self.editing:
                    self.out.risk("channel-removed",
                                  f"{group} is removed: the users it provisions are no longer kept in "
                                  "sync with Code42.")
                continue
            b_node, a_node = before.get(name, Node(None)), after[name]
            if name not in before and self.editing:
                self.out.rows.append(Row(group, "channel", "(none)", "added"))
            self._channel(group, b_node, a_node, existed=name in before and self.editing)

    def _channel(self, group: str, before: Node, after: Node, *, existed: bool) -> None:
        def flat(node: Node) -> dict[tuple[str, ...], Node]:
            return {p: n for p, n in _flatten(node).items()
                    if p and p[0] not in ("name", "attribute_mapping")
                    and (n.value is not None or n.is_unknown)}

        for path, b, a in _diff_leaves(flat(before), flat(after)):
            if existed and path != ("active",) and b.raw is None and not b.unknown and not b.sensitive \
                    and a.raw is False:
                continue  # unset -> false: the provider writes down PingFederate's own default, nothing changes
            label = _CHANNEL_LABELS.get(path) or _generic_label(path[1:] if path[0] == _CS else path)
            if path == ("active",):
                b, a = _status(b), _status(a)
                if existed and b.raw is True and a.raw is not True:
                    self.out.risk("channel-deactivated",
                                  f"{group} is deactivated: its users stop being provisioned to Code42.")
            if existed and path in _SCOPE_PATHS:
                self.out.risk("source-scope",
                              f"{group} {label} changes: users no longer in scope are deprovisioned "
                              "(disabled) in Code42.")
            self.out.rows.append(Row(group, label, b.text, a.text))
        self._mappings(group, before, after, existed=existed)

    def _mappings(self, group: str, before: Node, after: Node, *, existed: bool) -> None:
        def by_field(node: Node) -> dict[str, Node]:
            return {str(m.child("field_name").value): m.child("saas_field_info")
                    for m in node.child("attribute_mapping").items()}

        b_map, a_map = by_field(before), by_field(after)
        for code in sorted(set(b_map) | set(a_map)):
            subject = f"mapping {code}"
            b_src = _source(b_map[code]) if code in b_map else None
            a_src = _source(a_map[code]) if code in a_map else None
            if a_src is None and b_src == _NOTHING:
                continue  # unmapped in PingFederate and not in the configuration: nothing changes
            if a_src is None and b_src is not None:
                self.out.rows.append(Row(group, f"{subject} ← {b_src}", "mapped", _REMOVED))
            elif b_src is None and a_src is not None:
                self.out.rows.append(Row(group, f"{subject} ← {a_src}", "(not mapped)", "added"))
            else:
                if b_src != a_src:
                    self.out.rows.append(Row(group, f"{subject} source", f"← {b_src}", f"← {a_src}"))
                    if existed and code == "userName":
                        self.out.risk("username-source",
                                      f"{group} maps userName from a different source: Code42 matches "
                                      "users on userName, so existing users may be duplicated or disabled.")
                for key, flag in _MAPPING_FLAGS.items():
                    fb, fa = _leaf(b_map[code].child(key)), _leaf(a_map[code].child(key))
                    # Server defaults (false / NONE / absent) are the same setting, not a change.
                    if not fb.same_as(fa) and not (fb.raw in _DEFAULTISH and fa.raw in _DEFAULTISH):
                        self.out.rows.append(Row(group, f"{subject} {flag}", fb.text, fa.text))


def _source(info: Node) -> str:
    """How a mapping gets its value: LDAP attribute names, an expression, or a default."""
    if info.is_unknown:
        return UNKNOWN
    if info.is_sensitive:
        return SENSITIVE
    parts: list[str] = []
    names = _leaf(info.child("attribute_names"))
    if names.raw or names.unknown or names.sensitive:
        parts.append(names.text)
    expression = _leaf(info.child("expression"))
    if expression.raw or expression.unknown:
        parts.append(f"expression {expression.text}")
    default = _leaf(info.child("default_value"))
    if default.raw or default.unknown:
        parts.append(f"default {default.text}")
    return " + ".join(parts) or _NOTHING


def _status(leaf: _Leaf) -> _Leaf:
    if leaf.raw is None or leaf.sensitive or leaf.unknown:
        return leaf
    return _Leaf("Active" if leaf.raw else "Inactive", leaf.raw, False, False)


def _opaque(leaf: _Leaf) -> str:
    if leaf.unknown:
        return UNKNOWN
    return "(encrypted)" if leaf.raw else NOT_SET


def _from_to(before: _Leaf, after: _Leaf) -> str:
    if SENSITIVE in (before.text, after.text):
        return ""
    return f" ({before.text} → {after.text})"


def review_plan(plan: Any, descriptor: ConnectorDescriptor, *, strict_sensitive: bool = False) -> PlanReview:
    """Review one ``terraform show -json`` document; raise :class:`PlanFormatError` if it is not one."""
    if not isinstance(plan, Mapping):
        raise PlanFormatError("expected a JSON object from `terraform show -json PLANFILE`")
    version = plan.get("format_version")
    if not isinstance(version, str) or version.split(".")[0] != "1":
        raise PlanFormatError(f"unsupported plan format_version {version!r}: expected 1.x "
                              "(`terraform show -json PLANFILE` from Terraform 1.x)")
    if "resource_changes" not in plan and "planned_values" not in plan:
        raise PlanFormatError("no 'resource_changes': this looks like state, not a plan; "
                              "run `terraform show -json PLANFILE` on a saved plan")
    drift = _drift(plan, descriptor, strict_sensitive)
    connections: list[ConnectionReview] = []
    others: list[OtherChange] = []
    for i, rc in enumerate(plan.get("resource_changes") or []):
        if not isinstance(rc, Mapping) or not isinstance(rc.get("change"), Mapping):
            raise PlanFormatError(f"resource_changes[{i}] has no 'change' object")
        address = str(rc.get("address", f"resource_changes[{i}]"))
        try:
            action = Action.from_actions(list(rc["change"].get("actions") or []))
        except ValueError as exc:
            raise PlanFormatError(f"{address}: {exc}") from None
        if rc.get("mode", "managed") == "managed" and rc.get("type") == RESOURCE_TYPE:
            diff = _ConnectionDiff(rc["change"], descriptor, strict_sensitive)
            review = diff.build(address, rc["change"])
            importing = rc["change"].get("importing")
            imported_id = importing.get("id") if isinstance(importing, Mapping) else None
            drifted = drift.get(address)
            connections.append(replace(
                review,
                imported_id=str(imported_id) if imported_id is not None else None,
                drift=drifted.rows if drifted is not None else (),
                drift_deleted=drifted is not None and drifted.action is Action.DELETE,
                notes=review.notes + _import_notes(imported_id, review.action),
            ))
        elif action.is_change:
            others.append(OtherChange(address, action))
    return PlanReview(
        tuple(sorted(connections, key=lambda c: c.address)),
        tuple(sorted(others, key=lambda o: o.address)),
        str(plan.get("terraform_version", "")),
    )


def _drift(plan: Mapping[str, Any], descriptor: ConnectorDescriptor, strict: bool) -> dict[str, ConnectionReview]:
    """Connections changed in PingFederate since Terraform last wrote them, by address (``resource_drift``:
    before = Terraform's state, after = what the provider read back now)."""
    out: dict[str, ConnectionReview] = {}
    for i, rc in enumerate(plan.get("resource_drift") or []):
        if not isinstance(rc, Mapping) or not isinstance(rc.get("change"), Mapping):
            raise PlanFormatError(f"resource_drift[{i}] has no 'change' object")
        if rc.get("mode", "managed") != "managed" or rc.get("type") != RESOURCE_TYPE:
            continue
        address = str(rc.get("address", f"resource_drift[{i}]"))
        try:
            out[address] = _ConnectionDiff(rc["change"], descriptor, strict).build(address, rc["change"])
        except ValueError as exc:
            raise PlanFormatError(f"{address}: {exc}") from None
    return out


def _import_notes(imported_id: Any, action: Action) -> tuple[str, ...]:
    if imported_id is None:
        return ()
    notes = [f"Adopted from PingFederate: an import block reads the existing connection {imported_id!s} into "
             "Terraform's state; nothing is created or replaced."]
    if action is Action.UPDATE:
        notes.append("The provider reads secrets back without their values, so this first plan re-sends them "
                     "(and any setting the configuration sets differently); after it is applied the plan is clean.")
    return tuple(notes)


def _sensitive_leaves(value: Any, marks: Any) -> Iterable[str]:
    if marks is True:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from _sensitive_leaves(v, True)
        elif isinstance(value, list):
            for v in value:
                yield from _sensitive_leaves(v, True)
    elif isinstance(marks, dict) and isinstance(value, dict):
        for k, m in marks.items():
            yield from _sensitive_leaves(value.get(k), m)
    elif isinstance(marks, list) and isinstance(value, list):
        for v, m in zip(value, marks, strict=False):
            yield from _sensitive_leaves(v, m)


def _secret_setting_values(change: Mapping[str, Any], secret_names: frozenset[str]) -> Iterable[str]:
    for side in ("before", "after"):
        body = change.get(side)
        provision = body.get("outbound_provision") if isinstance(body, Mapping) else None
        settings = provision.get("target_settings") if isinstance(provision, Mapping) else None
        for item in settings if isinstance(settings, list) else ():
            if isinstance(item, Mapping) and item.get("name") in secret_names:
                value = item.get("value")
                if isinstance(value, str) and len(value) >= 6:
                    yield value


def sensitive_strings(plan: Any, descriptor: ConnectorDescriptor | None = None) -> frozenset[str]:
    """Every string the plan marks sensitive (resource values and sensitive variables), and every value of a
    setting the descriptor declares secret (marked or not), 6+ characters.

    Shorter strings are skipped: replacing "true" or "1" everywhere would garble the output, and such
    values carry no secret worth the name.
    """
    found: set[str] = set()
    if not isinstance(plan, Mapping):
        return frozenset()
    secret_names = frozenset(s.name for s in descriptor.settings if s.secret) if descriptor else frozenset()
    for rc in plan.get("resource_changes") or []:
        change = rc.get("change") if isinstance(rc, Mapping) else None
        if isinstance(change, Mapping):
            found.update(_sensitive_leaves(change.get("before"), change.get("before_sensitive")))
            found.update(_sensitive_leaves(change.get("after"), change.get("after_sensitive")))
            found.update(_secret_setting_values(change, secret_names))
    config = plan.get("configuration")
    root = config.get("root_module") if isinstance(config, Mapping) else None
    declared = root.get("variables") if isinstance(root, Mapping) else None
    values = plan.get("variables")
    if isinstance(declared, Mapping) and isinstance(values, Mapping):
        for name, decl in declared.items():
            if isinstance(decl, Mapping) and decl.get("sensitive") and isinstance(values.get(name), Mapping):
                found.update(_sensitive_leaves(values[name].get("value"), True))
    return frozenset(s for s in found if len(s) >= 6)
