"""What pf-local accepts from a request before any handler sees it, and how request text reaches its log.

- Bodies: at most :data:`MAX_BODY_BYTES` (413 beyond), JSON only, nested at most :data:`MAX_JSON_DEPTH`
  levels, no ``NaN``/``Infinity`` (PingFederate's JSON parser refuses them; Python's would store them and
  then serve JSON no client can read).
- Text: PingFederate keeps its configuration as XML, which cannot carry most C0 control characters, lone
  surrogates or U+FFFE/U+FFFF; identifiers (``id``, ``entityId``) take no control character at all.
- Log lines: every request-derived string goes through :func:`log_safe`, so a ``%0A`` or an ESC in a URL
  can never forge a line or recolour a terminal.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from .schema import FieldProblem, field_path

__all__ = [
    "ID_RE",
    "MAX_BODY_BYTES",
    "MAX_JSON_DEPTH",
    "BodyError",
    "control_character_problems",
    "log_safe",
    "parse_json_body",
]

# PingFederate's object IDs; match with fullmatch (`^...$` would also accept a trailing newline).
ID_RE = re.compile(r"[a-zA-Z0-9._-]+")
# Admin API bodies are a few KB (the largest, an SP connection with its mapping, is ~10 KB).
MAX_BODY_BYTES = 4 * 1024 * 1024
# The deepest body the admin API subset describes nests about a dozen levels; 32 leaves room.
MAX_JSON_DEPTH = 32

# C0 and C1 controls, DEL, and the Unicode line/paragraph separators some terminals honour; the backslash too,
# so an escaped sequence can never be mistaken for one a client sent literally.
_LOG_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\\]")
# What XML 1.0 cannot carry (PingFederate stores its configuration as XML).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Identifiers take no control character at all (C0, DEL, C1).
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_IDENTIFIER_KEYS = frozenset({"id", "entityId"})


class BodyError(ValueError):
    """The body is not one JSON value pf-local will read (the message says why; it never quotes the body)."""


def log_safe(text: object) -> str:
    """``text`` with every control character (and the backslash) written as a visible escape, on one line."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char == "\\":
            return "\\\\"
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _LOG_UNSAFE.sub(escape, str(text))


def _refuse_constant(name: str) -> Any:
    raise BodyError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise BodyError("a number is too large for a JSON double")
    return value


def _depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            level += 1
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level) for child in children if isinstance(child, dict | list))
    return deepest


def parse_json_body(data: bytes) -> Any:
    """Decode a request body as JSON within pf-local's limits, or raise :class:`BodyError`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyError("The request body is not valid UTF-8 JSON.") from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except RecursionError:
        raise BodyError(f"The request body nests deeper than {MAX_JSON_DEPTH} levels.") from None
    except BodyError as exc:
        raise BodyError(f"The request body is not valid JSON: {exc}.") from None
    except ValueError:
        raise BodyError("The request body is not valid JSON.") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise BodyError(f"The request body nests deeper than {MAX_JSON_DEPTH} levels.")
    return value


def _strings(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str | None, str]]:
    """Every string in ``value`` (keys included) with its path and the key it is the value of."""
    stack: list[tuple[Any, tuple[Any, ...], str | None]] = [(value, path, None)]
    while stack:
        node, where, key = stack.pop()
        if isinstance(node, str):
            yield where, key, node
        elif isinstance(node, dict):
            for k, v in node.items():
                yield (*where, k), None, str(k)
                stack.append((v, (*where, k), str(k)))
        elif isinstance(node, list):
            stack.extend((v, (*where, i), None) for i, v in enumerate(node))


def control_character_problems(body: Any) -> list[FieldProblem]:
    """422 entries for strings PingFederate could not store (or, for identifiers, would refuse)."""
    problems: dict[str, FieldProblem] = {}
    for where, key, text in _strings(body):
        pattern = _CONTROL if key in _IDENTIFIER_KEYS else _NOT_XML
        found = pattern.search(text)
        if found is None:
            continue
        path = field_path(where) or "(body)"
        problems.setdefault(
            path,
            FieldProblem(
                error_id="invalid_characters",
                field_path=path,
                message=f"The value contains the control character U+{ord(found.group()):04X}, which is not "
                "allowed here.",
            ),
        )
    return sorted(problems.values(), key=lambda p: p.field_path)
