"""Type checks for every public props type, in one place, driven by the dataclasses' own type hints.

Python does not enforce annotations, so ``FieldMapping(attribute_names="jobTitle")`` would otherwise be
split into characters, ``https_host = 9999`` emitted as a number and ``attribute_names=[None]`` turned
into ``[]``. Everything a user hands in (props, channels, mappings, the provider target, values read from
the config file) passes through ``type_problems`` before any other check looks at it.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["describe", "type_problems"]


def describe(hint: Any) -> str:
    """A type hint in words a user understands: 'a list of strings', 'True or False'."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(describe(a) for a in args if a is not type(None)) + (
            " (or None)" if type(None) in args else "")
    if origin in (Sequence, tuple, list) or hint in (Sequence, tuple, list):
        inner = args[0] if args else Any
        return f"a list of {describe(inner).removeprefix('a ').removeprefix('an ')}s" if inner is str else \
            f"a list of {describe(inner)}"
    if origin is Mapping or origin is dict:
        return f"a mapping of {describe(args[0])} to {describe(args[1])}"
    if hint is bool:
        return "True or False"
    if hint is int:
        return "a whole number"
    if hint is str:
        return "a string"
    if hint is Path:
        return "a path"
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return f"one of {', '.join(f'{hint.__name__}.{m.name}' for m in hint)}"
    if isinstance(hint, type):
        return f"a {hint.__name__}"
    return str(hint)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@cache
def _shape(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    return typing.get_origin(hint), typing.get_args(hint)


# Hints a value of exactly that type satisfies with nothing below it to check (the common case, made cheap:
# every prop of every connection passes through here).
_LEAVES = frozenset({str, bool, int, float})


def _check(value: Any, hint: Any, where: str, out: list[tuple[str, str, str]]) -> None:
    """Append (where, shown value, expected) for every mismatch below ``value``."""
    if hint is Any or (type(value) is hint and hint in _LEAVES):
        return
    origin, args = _shape(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return
        candidates = [a for a in args if a is not type(None)]
        trial: list[list[tuple[str, str, str]]] = []
        for candidate in candidates:
            found: list[tuple[str, str, str]] = []
            _check(value, candidate, where, found)
            if not found:
                return
            trial.append(found)
        # One candidate's problems if it matched the outer shape, else a plain mismatch.
        nested = [f for f in trial if f and f[0][0] != where]
        out.extend(nested[0] if nested else [(where, _show(value), describe(hint))])
        return
    if origin in (Sequence, tuple, list) or hint in (Sequence, tuple, list):
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            out.append((where, _show(value), describe(hint)))
            return
        inner = args[0] if args else Any
        for i, item in enumerate(value):
            _check(item, inner, f"{where}[{i}]", out)
        return
    if origin in (Mapping, dict) or hint in (Mapping, dict):
        if not isinstance(value, Mapping):
            out.append((where, _show(value), describe(hint)))
            return
        key_hint, value_hint = args if args else (Any, Any)
        for key, item in value.items():
            _check(key, key_hint, f"{where} key {_show(key)}", out)
            _check(item, value_hint, f"{where}[{_show(key)}]", out)
        return
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif hint is Path:
        ok = isinstance(value, Path)
    elif dataclasses.is_dataclass(hint) and isinstance(hint, type):
        ok = isinstance(value, hint)
        if ok:
            for f in dataclasses.fields(hint):
                _check(getattr(value, f.name), _hints(hint)[f.name], f"{where}.{f.name}", out)
            return
    elif isinstance(hint, type):
        ok = isinstance(value, hint)
    else:
        ok = True
    if not ok:
        out.append((where, _show(value), describe(hint)))


def type_problems(obj: Any, *, skip: frozenset[str] = frozenset()) -> list[tuple[str, str, str]]:
    """(field path, shown value, expected type) for every field of dataclass ``obj`` of the wrong type.

    Nested dataclasses (channels, mappings) are checked field by field; ``skip`` names top-level fields
    the caller checks itself (secrets, whose values must not be shown).
    """
    out: list[tuple[str, str, str]] = []
    for f in dataclasses.fields(obj):
        if f.name not in skip:
            _check(getattr(obj, f.name), _hints(obj.__class__)[f.name], f.name, out)
    return out
