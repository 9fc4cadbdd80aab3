"""The plan-review data model: a read-only view of ``terraform show -json`` values, and the review result.

Nothing here renders text; the diff module fills these records, the render module prints them. Sensitive
values are turned into :data:`SENSITIVE` before they reach a :class:`Row`, so a renderer cannot leak one.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "NOT_SET",
    "SENSITIVE",
    "UNKNOWN",
    "Action",
    "ConnectionReview",
    "Node",
    "OtherChange",
    "PlanReview",
    "Risk",
    "Row",
]

SENSITIVE = "(sensitive)"
UNKNOWN = "(known after apply)"
NOT_SET = "(not set)"


class Action(enum.Enum):
    """What Terraform will do to one resource, from ``change.actions``."""

    NO_OP = "no-op"
    CREATE = "create"
    UPDATE = "update"
    REPLACE_DESTROY_FIRST = "delete-create"
    REPLACE_CREATE_FIRST = "create-delete"
    DELETE = "delete"
    READ = "read"
    FORGET = "forget"

    @classmethod
    def from_actions(cls, actions: list[str]) -> Action:
        key = "-".join(actions)
        for member in cls:
            if member.value == key:
                return member
        raise ValueError(f"unknown change.actions {actions!r}")

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def is_change(self) -> bool:
        return self not in (Action.NO_OP, Action.READ)

    @property
    def is_replace(self) -> bool:
        return self in (Action.REPLACE_DESTROY_FIRST, Action.REPLACE_CREATE_FIRST)


_TITLES = {
    Action.NO_OP: "no changes",
    Action.CREATE: "created",
    Action.UPDATE: "updated in place",
    Action.REPLACE_DESTROY_FIRST: "replaced (destroyed, then created)",
    Action.REPLACE_CREATE_FIRST: "replaced (new one created before the old one is destroyed)",
    Action.DELETE: "destroyed",
    Action.READ: "read",
    Action.FORGET: "removed from Terraform state only (forget)",
}


@dataclass(frozen=True, slots=True)
class Node:
    """One value of a plan with its sensitivity and unknown-ness.

    Terraform mirrors ``before``/``after`` in ``*_sensitive`` and ``after_unknown``: ``true`` marks a whole
    subtree, an object or list marks its children. A marker that is ``true`` is inherited by every child,
    which is how "the whole ``value`` is sensitive" reaches each setting.
    """

    value: Any
    sensitive: Any = False
    unknown: Any = False

    @property
    def is_sensitive(self) -> bool:
        return self.sensitive is True

    @property
    def is_unknown(self) -> bool:
        return self.unknown is True

    def child(self, key: str | int) -> Node:
        return Node(_pick(self.value, key), _mark(self.sensitive, key), _mark(self.unknown, key))

    def items(self) -> Iterator[Node]:
        """The elements of a list or set value (empty for anything else)."""
        if isinstance(self.value, list):
            for i in range(len(self.value)):
                yield self.child(i)


def _pick(value: Any, key: str | int) -> Any:
    if isinstance(key, int):
        return value[key] if isinstance(value, list) and key < len(value) else None
    return value.get(key) if isinstance(value, dict) else None


def _mark(marks: Any, key: str | int) -> Any:
    if marks is True:
        return True
    return _pick(marks, key) or False


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the before -> after table, already rendered (never a raw sensitive value)."""

    group: str  # "" for the connection, "Target settings", or "Channel 'NAME'" -- sorts the table
    subject: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Risk:
    """Why a reviewer should look twice; ``code`` is stable for tooling, ``reason`` is for humans."""

    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class ConnectionReview:
    address: str
    action: Action
    name: str
    connection_id: str
    rows: tuple[Row, ...]
    risks: tuple[Risk, ...]
    notes: tuple[str, ...]
    # What changed in PingFederate since Terraform last wrote it (the plan's ``resource_drift``):
    # before = last applied, after = what PingFederate holds now. The plan's own rows put it back.
    drift: tuple[Row, ...] = ()
    # Deleted in PingFederate outside Terraform (the plan creates it again).
    drift_deleted: bool = False
    # The id of an ``import`` block adopting this connection from PingFederate (``change.importing``).
    imported_id: str | None = None

    @property
    def title(self) -> str:
        if self.imported_id is None:
            return self.action.title
        if self.action.is_change:
            return f"adopted from PingFederate (imported), then {self.action.title}"
        return "adopted from PingFederate (imported), no changes"

    @property
    def changes_anything(self) -> bool:
        return self.action.is_change or self.imported_id is not None


@dataclass(frozen=True, slots=True)
class OtherChange:
    address: str
    action: Action


@dataclass(frozen=True, slots=True)
class PlanReview:
    connections: tuple[ConnectionReview, ...]
    others: tuple[OtherChange, ...]
    terraform_version: str

    @property
    def changed(self) -> tuple[ConnectionReview, ...]:
        return tuple(c for c in self.connections if c.changes_anything)

    @property
    def risky(self) -> tuple[ConnectionReview, ...]:
        return tuple(c for c in self.connections if c.risks)

    @property
    def has_changes(self) -> bool:
        return bool(self.changed) or any(o.action.is_change for o in self.others)
