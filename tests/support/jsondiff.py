"""Where two JSON documents differ, leaf by leaf (for comparisons of synthesized ``cdk.tf.json``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def differences(ours: Any, theirs: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every leaf (dotted path) where two JSON documents differ, with both values (``<missing>`` if absent)."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(ours.keys() | theirs.keys()):
            yield from differences(ours.get(key, "<missing>"), theirs.get(key, "<missing>"),
                                   f"{path}.{key}" if path else key)
    elif isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            yield from differences(a, b, f"{path}[{i}]")
    elif ours != theirs:
        yield path, ours, theirs
