"""One exception hierarchy for everything the library and its CLI raise on purpose."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Code42ScimError", "ConfigError", "DescriptorError", "Problem", "ValidationError", "shown_path"]


class Code42ScimError(Exception):
    """Base class: every error this project raises on purpose derives from it."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where, which field, what value, and how to fix it.

    ``value`` is already rendered for humans; secrets are never put here (callers pass ``"(secret)"``).
    """

    path: str
    field: str
    value: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}={self.value}: {self.message}. Fix: {self.fix}"


class ValidationError(Code42ScimError):
    """Raised once with every problem found, so a user fixes them all in one round."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = [f"{len(self.problems)} problem(s) in the Code42 SCIM configuration:"]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class DescriptorError(Code42ScimError):
    """The SCIM connector descriptor file is missing, unreadable or not a SaasPluginDescriptor."""


class ConfigError(Code42ScimError):
    """The app configuration file (one section per environment) is missing or malformed."""


def shown_path(path: object) -> str:
    """A file path for a message: as typed, or quoted when it holds a newline or another control character,
    so the message stays one line and a terminal never interprets what the user pasted."""
    text = str(path)
    return text if text.isprintable() else repr(text)
