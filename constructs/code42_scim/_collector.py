"""Collects every problem and warning for one construct, so a user fixes them all in one round."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable

from ._errors import Problem
from ._secrets import is_unresolved

__all__ = ["SECRET_SHOWN_AS", "Collector"]

SECRET_SHOWN_AS = "(secret)"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _show(value: object) -> str:
    if isinstance(value, enum.Enum):
        return repr(value.value)
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class Collector:
    """Problems and warnings for one construct path, in uniform wording."""

    def __init__(self, path: str | Callable[[], str]) -> None:
        self._path = path
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    @property
    def path(self) -> str:
        # Resolved on first problem or warning only: the construct's path is a jsii round trip, and a
        # valid connection (the usual case) never needs it.
        if not isinstance(self._path, str):
            self._path = self._path()
        return self._path

    def add(self, field: str, value: object, message: str, fix: str, *, secret: bool = False) -> None:
        shown = SECRET_SHOWN_AS if secret else _show(value)
        self.problems.append(Problem(self.path, field, shown, message, fix))

    def warn(self, field: str, message: str) -> None:
        self.warnings.append(f"{self.path}: {field}: {message}")

    def text(self, field: str, value: str) -> bool:
        """True when ``value`` is usable text (tokens included); records a problem otherwise."""
        if not value.strip():
            self.add(field, value, "must not be empty", f"set {field} to a non-empty value")
            return False
        if _CONTROL.search(value):
            self.add(field, value, "contains a control character (newline, tab, NUL, ESC, ...)",
                     "remove it (look for a stray newline from copy and paste)")
            return False
        if value != value.strip() and not is_unresolved(value):
            self.add(field, value, "has leading or trailing spaces", f"remove the spaces around {field}")
            return False
        return True
