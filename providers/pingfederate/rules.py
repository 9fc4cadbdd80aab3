"""The provider's own validators, as one table, checked against the attributes a binding is about to emit.

The schema JSON (``schema/``) shows types and required/optional flags only; the validators that make
``terraform validate`` fail (``LengthAtLeast(1)``, ``OneOf``, the id pattern, unique list values,
ExactlyOneOf/ConflictsWith/AlsoRequires) live in the provider's Go source. They are vendored here as
``schema/pingfederate-provider-rules-v1.2.0.json`` (taken from the v1.2.0 source and checked against the
binary), and this module turns each validator string into a check. Two limits of the provider that are
not validators are added by hand, each with its reason: see ``EXTRA_RULES``.

Pure Python (no cdktf): callers turn each ``Violation`` into their own error type.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["RULES_PATH", "Rule", "Violation", "check", "rules_for"]

RULES_PATH = Path(__file__).parent / "schema" / "pingfederate-provider-rules-v1.2.0.json"

# Section of the rules file per block kind we emit.
_SECTIONS: Mapping[str, tuple[str, ...]] = {
    "provider": ("provider",),
    "pingfederate_idp_sp_connection": ("pingfederate_idp_sp_connection",),
    "pingfederate_data_store": ("pingfederate_data_store", "resource"),
    "data.pingfederate_data_store": ("pingfederate_data_store", "data_source"),
}
_ID_CHARS = re.compile(r"^[a-zA-Z0-9._-]+$")
# Control characters PingFederate's JSON cannot carry raw (tab, newline, NUL, ESC, ...).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Violation:
    """One emitted value the provider would reject: where, what, why, and how to fix it."""

    path: str  # the concrete attribute path, e.g. outbound_provision.channels[0].name
    value: Any
    rule: str  # the validator as the provider names it
    message: str
    fix: str


@dataclass(frozen=True, slots=True)
class Rule:
    """One validator on one attribute path (``[]`` marks any list element)."""

    path: str
    validator: str
    check: Callable[[Any, Mapping[str, Any]], tuple[str, str] | None]  # (value, parent) -> (message, fix)


def _is_token(value: Any) -> bool:
    # An unresolved reference (variable, another resource's attribute): Terraform checks it at plan time.
    return isinstance(value, str) and "${" in value


def _length_at_least(n: int) -> Callable[[Any, Mapping[str, Any]], tuple[str, str] | None]:
    def check(value: Any, parent: Mapping[str, Any]) -> tuple[str, str] | None:
        if isinstance(value, str) and len(value) < n:
            return (f"the provider rejects a string shorter than {n} (an empty string is not 'unset')",
                    "leave it unset (None) to let PingFederate fill it, or give a non-empty value")
        return None
    return check


def _size_at_least(n: int) -> Callable[[Any, Mapping[str, Any]], tuple[str, str] | None]:
    def check(value: Any, parent: Mapping[str, Any]) -> tuple[str, str] | None:
        if isinstance(value, list) and len(value) < n:
            return (f"the provider needs at least {n} element(s) here", "add an element or leave it unset")
        return None
    return check


def _one_of(allowed: tuple[str, ...]) -> Callable[[Any, Mapping[str, Any]], tuple[str, str] | None]:
    def check(value: Any, parent: Mapping[str, Any]) -> tuple[str, str] | None:
        if isinstance(value, str) and not _is_token(value) and value not in allowed:
            return (f"is not one of the provider's values {list(allowed)} (case-sensitive)",
                    f"use one of {', '.join(allowed)}")
        return None
    return check


def _pingfederate_id(value: Any, parent: Mapping[str, Any]) -> tuple[str, str] | None:
    if isinstance(value, str) and not _is_token(value) and not _ID_CHARS.match(value):
        return ("may only contain letters, digits, '.', '_' and '-' (the provider's PingFederateId rule)",
                "use an id such as 'code42-scim'")
    return None


def _unique(value: Any, parent: Mapping[str, Any]) -> tuple[str, str] | None:
    if isinstance(value, list):
        dupes = sorted({v for v in value if isinstance(v, str) and value.count(v) > 1})
        if dupes:
            return (f"lists {', '.join(repr(d) for d in dupes)} more than once (the provider requires unique values)",
                    "list each value once")
    return None


def _exactly_one_of(*siblings: str) -> Callable[[Any, Mapping[str, Any]], tuple[str, str] | None]:
    def check(value: Any, parent: Mapping[str, Any]) -> tuple[str, str] | None:
        given = [s for s in siblings if parent.get(s) is not None]
        if len(given) != 1:
            return (f"exactly one of {', '.join(siblings)} must be set, got {len(given)}",
                    f"set exactly one of {', '.join(siblings)}")
        return None
    return check


def _conflicts_with(other: str, me: str) -> Callable[[Any, Mapping[str, Any]], tuple[str, str] | None]:
    def check(value: Any, parent: Mapping[str, Any]) -> tuple[str, str] | None:
        if value is not None and parent.get(other) is not None:
            return (f"cannot be set together with {other}", f"set only one of {me} and {other}")
        return None
    return check


def _also_requires(other: str, me: str) -> Callable[[Any, Mapping[str, Any]], tuple[str, str] | None]:
    def check(value: Any, parent: Mapping[str, Any]) -> tuple[str, str] | None:
        if value is not None and parent.get(other) is None:
            return (f"needs {other} as well", f"set {other} too, or leave {me} unset")
        return None
    return check


def _json_safe(value: Any, parent: Mapping[str, Any]) -> tuple[str, str] | None:
    if not isinstance(value, str) or _is_token(value):
        return None
    if "\\" in value:
        return ("contains a backslash, which provider 1.2.0 cannot send: its hand-written request JSON fails "
                "at apply with 'Internal provider error: invalid escape sequence'",
                "avoid backslashes: an escaped DN such as 'CN=Smith\\, John' and LDAP hex escapes such as '\\2c' "
                "both contain one; select by a group or OU whose name needs no escaping (no , + \" \\ < > ; =), "
                "or filter on another attribute, e.g. '(department=Sales)'")
    if _CONTROL.search(value):
        return ("contains a control character (newline, tab, NUL, ESC, ...), which PingFederate's request JSON "
                "cannot carry and no setting needs", "remove the control character (check for a stray newline)")
    return None


def _parse(validator: str, leaf: str) -> Callable[[Any, Mapping[str, Any]], tuple[str, str] | None] | None:
    """A check for one validator string of the rules file, or None for ones enforced elsewhere."""
    name, _, arg = validator.partition("(")
    name, arg = name.strip(), arg.rstrip(")").strip()
    if name == "LengthAtLeast":
        return _length_at_least(int(arg))
    if name == "SizeAtLeast":
        return _size_at_least(int(arg))
    if name == "OneOf":
        return _one_of(tuple(v.strip() for v in arg.split(",")))
    if name == "PingFederateId":
        return _pingfederate_id
    if name == "UniqueValues":
        return _unique
    if name == "ConflictsWith":
        return _conflicts_with(arg.split(".")[-1], leaf)
    if name == "AlsoRequires":
        return _also_requires(arg.split(".")[-1], leaf)
    if name == "ExactlyOneOf" and arg.startswith("../"):
        return _exactly_one_of(arg.removeprefix("../"), leaf)
    # Variant-level ExactlyOneOf/AtLeastOneOf and the notes in parentheses are whole-resource rules that
    # the bindings' constructors enforce.
    return None


# Provider limits that are not validators, applied to every string the block emits.
EXTRA_RULES: Mapping[str, str] = {
    "pingfederate_idp_sp_connection": "JsonSafe",
    "pingfederate_data_store": "JsonSafe",
}


@cache
def rules_for(block: str) -> tuple[Rule, ...]:
    """Every validator of ``block`` (a key of ``_SECTIONS``) as a ``Rule``; computed-only paths left out."""
    section: Any = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    for key in _SECTIONS[block]:
        section = section[key]
    rules: list[Rule] = []
    for path, entry in section.items():
        if not (entry.get("optional") or entry.get("required")):
            continue  # computed-only: never emitted
        leaf = path.rsplit(".", 1)[-1].removesuffix("[]")
        for validator in entry.get("validators", []):
            check = _parse(validator, leaf)
            if check is not None:
                rules.append(Rule(path, validator.split(" (")[0], check))
    return tuple(rules)


@dataclass(frozen=True, slots=True)
class _Table:
    """The rules of one block, indexed for one pass over the attributes."""

    by_path: Mapping[str, tuple[Rule, ...]]
    # ExactlyOneOf fires when neither sibling is present, i.e. when the declaring attribute is absent:
    # list-element pattern -> (declaring leaf, rule), checked on every element that lacks the leaf.
    absent: Mapping[str, tuple[tuple[str, Rule], ...]]
    json_safe: bool


@cache
def _table(block: str) -> _Table:
    by_path: dict[str, list[Rule]] = {}
    absent: dict[str, list[tuple[str, Rule]]] = {}
    for rule in rules_for(block):
        by_path.setdefault(rule.path, []).append(rule)
        parent, _, leaf = rule.path.rpartition(".")
        if rule.validator.startswith("ExactlyOneOf") and parent.endswith("[]"):
            absent.setdefault(parent, []).append((leaf, rule))
    return _Table({k: tuple(v) for k, v in by_path.items()}, {k: tuple(v) for k, v in absent.items()},
                  EXTRA_RULES.get(block) == "JsonSafe")


def _concrete(parts: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(parts))


def _visit(table: _Table, node: Mapping[str, Any], pattern: str, parts: tuple[str | int, ...],
           found: list[Violation]) -> None:
    """One pass: every rule on every attribute of ``node``, recursing into nested blocks and lists.

    Runs over every emitted value of every connection, so the common case stays cheap: concrete paths are
    only built for a violation, and plain strings are recognised before the (slow, ABC-based) Mapping test.
    """
    for leaf, rule in table.absent.get(pattern, ()):
        if leaf not in node:
            outcome = rule.check(None, node)
            if outcome is not None:
                found.append(Violation(_concrete(parts), None, rule.validator, *outcome))
    by_path, json_safe = table.by_path, table.json_safe
    for key, child in node.items():
        if key == "//":
            continue  # cdktf metadata
        child_pattern = f"{pattern}.{key}" if pattern else key
        for rule in by_path.get(child_pattern, ()):
            outcome = rule.check(child, node)
            if outcome is not None:
                found.append(Violation(_concrete((*parts, key)), child, rule.validator, *outcome))
        if isinstance(child, str):
            if json_safe and _unsafe(child):
                _add_json_safe(child, (*parts, key), found)
        elif isinstance(child, list):
            element_pattern = f"{child_pattern}[]"
            for i, element in enumerate(child):
                if isinstance(element, str):
                    if json_safe and _unsafe(element):
                        _add_json_safe(element, (*parts, key, i), found)
                elif type(element) is dict or isinstance(element, Mapping):
                    _visit(table, element, element_pattern, (*parts, key, i), found)
        elif type(child) is dict or isinstance(child, Mapping):
            _visit(table, child, child_pattern, (*parts, key), found)


def _unsafe(text: str) -> bool:
    """The cheap test every emitted string passes through; only a hit is looked at closely."""
    return "\\" in text or _CONTROL.search(text) is not None


def _add_json_safe(value: str, parts: tuple[str | int, ...], found: list[Violation]) -> None:
    outcome = _json_safe(value, {})
    if outcome is not None:
        found.append(Violation(_concrete(parts), value, "JsonSafe", *outcome))


def check(block: str, attributes: Mapping[str, Any]) -> list[Violation]:
    """Every value in ``attributes`` (as a binding renders them) that the provider would reject."""
    found: list[Violation] = []
    _visit(_table(block), attributes, "", (), found)
    return found
