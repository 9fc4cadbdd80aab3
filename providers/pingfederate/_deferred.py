"""Deferred attributes: large resource bodies written by Python instead of crossing into node.

Why: cdktf moves every resource's attributes through jsii into node twice per synth and resolves tokens
over the whole tree. For an SP connection that is ~20 KB, and it dominates synthesis of large estates
(13x the bare app at 500 connections). Under a :class:`FastSynthApp`, a resource hands node only a
placeholder carrying the strings that contain tokens, so node still resolves every reference (and
registers cross-stack ones); after node has written ``cdk.tf.json``, the app splices the full attributes
back in with the resolved strings and re-serializes exactly as cdktf does (json-stable-stringify, 2
spaces). Whatever this cannot reproduce exactly takes cdktf's ordinary path: a resource with
``add_override``, list or number tokens, or values that are not plain JSON. A stack-level override on a
stack holding deferred resources is refused, because its deletions could not be replayed.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

import cdktf

from ._struct import Struct, _field_names

__all__ = ["DeferredAttributesError", "FastSynthApp", "active", "complete_outdir", "defer", "stable_dumps"]

PLACEHOLDER_KEY = "__pingfederate_deferred__"

# key -> (attributes as Python built them, where each token-bearing string sits, the raw strings in order)
_Location = tuple[Any, Any, str]  # (container, key or index, raw string)
_REGISTRY: dict[str, tuple[dict[str, Any], list[_Location], tuple[str, ...]]] = {}
_KEYS = itertools.count()
# id -> (struct, rendered dict) for token-free structs. Keeping the struct alive keeps its id unique, and a
# struct shared by many connections (the Code42 mapping entries) is rendered and serialized once.
_MEMO: dict[int, tuple[Struct, dict[str, Any]]] = {}
_ACTIVE = [False]  # set by FastSynthApp.synth() while node calls back for attributes


class DeferredAttributesError(Exception):
    """The synthesized output cannot be completed exactly; the message says how to avoid it."""


class _NotPlain(Exception):
    pass


def _render(value: Any, locations: list[_Location], parent: Any, key: Any) -> Any:
    """``to_terraform`` plus the token bookkeeping, in one walk; raises _NotPlain for what node must see."""
    kind = type(value)
    if kind is str:
        if "${" in value:
            if "#{" in value:
                raise _NotPlain
            locations.append((parent, key, value))
        elif "#{" in value:  # a list token: resolves to a list, not a string
            raise _NotPlain
        return value
    if kind is bool or kind is int:
        return value
    if isinstance(value, Struct):
        hit = _MEMO.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        before = len(locations)
        out: dict[str, Any] = {}
        for name in _field_names(type(value)):
            v = getattr(value, name)
            if v is not None:
                out[name] = _render(v, locations, out, name)
        if len(locations) == before:
            _MEMO[id(value)] = (value, out)
        return out
    if isinstance(value, Mapping):
        mapped: dict[str, Any] = {}
        for k, v in value.items():
            if type(k) is not str:
                raise _NotPlain
            mapped[k] = _render(v, locations, mapped, k)
        return mapped
    if isinstance(value, (list, tuple)):
        items: list[Any] = [None] * len(value)
        for i, v in enumerate(value):
            items[i] = _render(v, locations, items, i)
        return items
    raise _NotPlain  # floats (cdktf number tokens are floats), sets, resolvables, anything else


def active() -> bool:
    """True while a FastSynthApp is synthesizing (resources then hand node a placeholder)."""
    return _ACTIVE[0]


def defer(config: Struct) -> dict[str, Any] | None:
    """The placeholder to hand node instead of ``config``'s attributes, or None for the ordinary path."""
    locations: list[_Location] = []
    try:
        attributes = _render(config, locations, None, None)
    except _NotPlain:
        return None
    raw = tuple(dict.fromkeys(loc[2] for loc in locations))
    key = f"d{next(_KEYS)}"
    _REGISTRY[key] = (attributes, locations, raw)
    return {PLACEHOLDER_KEY: {"key": key, "tokens": list(raw)}}


def stable_dumps(value: Any) -> str:
    """JSON text byte-identical to cdktf's ``json-stable-stringify(value, {space: 2})``."""
    parts: list[str] = []
    append = parts.append
    # Subtrees shared by several resources are serialized once per depth (ids are stable during the call).
    seen: dict[tuple[int, int], tuple[int, int]] = {}
    done: dict[tuple[int, int], str] = {}

    def enc(node: Any, level: int) -> None:
        kind = type(node)
        if kind is str:
            append(encode_basestring(node))
            return
        if kind is dict or kind is list:
            key = (id(node), level)
            text = done.get(key)
            if text is not None:
                append(text)
                return
            start = len(parts)
            container(node, kind, level)
            if key in seen:  # second sighting: it is shared, keep its text
                done[key] = "".join(parts[start:])
            else:
                seen[key] = (start, len(parts))
            return
        if node is True:
            append("true")
        elif node is False:
            append("false")
        elif node is None:
            append("null")
        elif kind is int:
            append(str(node))
        else:
            append(json.dumps(node))  # floats only come from node's own output here

    def container(node: Any, kind: type, level: int) -> None:
        if kind is dict:
            indent = "\n" + "  " * level
            inner = indent + "  "
            append("{")
            first = True
            for name in sorted(node):
                if not first:
                    append(",")
                first = False
                append(inner)
                append(encode_basestring(name))
                append(": ")
                enc(node[name], level + 1)
            append(indent + "}")
        elif kind is list:
            indent = "\n" + "  " * level
            inner = indent + "  "
            append("[")
            for i, item in enumerate(node):
                if i:
                    append(",")
                append(inner)
                enc(item, level + 1)
            append(indent + "]")

    enc(value, 0)
    return "".join(parts)


def _complete_stack(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    if PLACEHOLDER_KEY not in text:
        return 0
    doc = json.loads(text)
    stack_overrides = doc.get("//", {}).get("metadata", {}).get("overrides", {}).get("stack")
    if stack_overrides:
        raise DeferredAttributesError(
            f"{path}: the stack has add_override() entries ({', '.join(stack_overrides)}) and deferred resources; "
            "put the override on the resource itself (resource.add_override) or synthesize with a plain cdktf.App"
        )
    completed = 0
    for bodies in doc.get("resource", {}).values():
        for name, body in bodies.items():
            placeholder = body.pop(PLACEHOLDER_KEY, None)
            if placeholder is None:
                continue
            full, locations, raw = _REGISTRY[placeholder["key"]]
            resolved = dict(zip(raw, placeholder["tokens"], strict=True))
            for container, at, text in locations:
                container[at] = resolved[text]  # idempotent: a second synth resolves to the same text
            clash = set(full) & set(body)
            if clash:
                raise DeferredAttributesError(f"{path}: {name}: attributes also set by node: {sorted(clash)}")
            body.update(full)
            completed += 1
    path.write_text(stable_dumps(doc), encoding="utf-8")
    return completed


def complete_outdir(outdir: str | Path) -> int:
    """Splice every deferred resource back into the JSON stacks under ``outdir``; the count completed."""
    root = Path(outdir)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    return sum(
        _complete_stack(root / stack["synthesizedStackPath"])
        for stack in manifest["stacks"].values()
        if stack["synthesizedStackPath"].endswith(".json")  # HCL output never defers its attributes
    )


class FastSynthApp(cdktf.App):
    """A ``cdktf.App`` whose PingFederate resources skip node for their attribute bodies.

    Same output, byte for byte (tests compare both paths); several times faster for large stacks.
    """

    def synth(self) -> None:
        _ACTIVE[0] = True
        try:
            super().synth()
        finally:
            _ACTIVE[0] = False
        complete_outdir(self.outdir)
