"""The provider's validators (``pingfederate.rules``) applied to what a binding is about to emit.

The model checks props in the user's vocabulary first; this is the last gate before ``cdk.tf.json``: any
value the real provider would reject at ``terraform validate`` or apply becomes a ``Problem`` here, at
synth time. Secret values are never shown.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from pingfederate import rules

from ._errors import Problem

__all__ = ["provider_rule_problems"]

SECRET_SHOWN_AS = "(secret)"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def provider_rule_problems(
    block: str, attributes: Mapping[str, Any], *, path: str | Callable[[], str], secret_paths: Collection[str] = (),
) -> list[Problem]:
    """Problems for every value in ``attributes`` that the provider rejects.

    ``path`` may be a callable, asked only when there is a problem (a construct's path is a round trip into
    node). ``secret_paths`` are concrete attribute paths (``outbound_provision.target_settings[3].value``)
    whose values must never appear in a message.
    """
    violations = rules.check(block, attributes)
    if not violations:
        return []
    where = path() if callable(path) else path
    return [
        Problem(
            path=where,
            field=f"{block}.{v.path}",
            value=SECRET_SHOWN_AS if v.path in secret_paths else _shown(v.value),
            message=f"the real provider rejects this ({v.rule}): {v.message}",
            fix=v.fix,
        )
        for v in violations
    ]
