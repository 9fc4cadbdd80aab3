"""The preflight report: one ``Check`` per thing looked at, one renderer for text and JSON.

Each check is pass / warn / fail / skip with what was found and, when not passing, the fix. Only ``fail``
makes the exit code non-zero; ``skip`` means an earlier failure made the check meaningless. Output is
scrubbed of every secret the command holds, whatever a server echoed back.
"""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["Check", "Report", "Status", "emit", "render", "scrub"]


class Status(enum.StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """What one preflight found about ``url`` (printable: no credentials, no query)."""

    title: str  # "PingFederate preflight", "Code42 preflight"
    url: str
    checks: tuple[Check, ...]
    facts: Mapping[str, str] = field(default_factory=dict)  # more top-level JSON keys (never a secret)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status is Status.FAIL)

    @property
    def ok(self) -> bool:
        return not self.failed


def _line(check: Check) -> str:
    line = f"{check.status.upper():<4}  {check.name}: {check.detail}"
    return line + (f". Fix: {check.fix}" if check.fix and check.status is not Status.PASS else "")


def render(report: Report, *, as_json: bool = False) -> str:
    """The report as text (a line per check between a title and a verdict) or as one JSON document."""
    if as_json:
        doc = {**report.facts, "ok": report.ok, "url": report.url,
               "checks": [{"name": c.name, "status": c.status.value, "detail": c.detail, "fix": c.fix}
                          for c in report.checks]}
        return json.dumps(doc, indent=2, sort_keys=True) + "\n"
    total, failed = len(report.checks), len(report.failed)
    verdict = (f"{report.title} passed ({total} checks)." if report.ok
               else f"{report.title} failed ({failed} of {total} checks).")
    return "\n".join([f"{report.title}: {report.url}", *map(_line, report.checks), verdict]) + "\n"


def scrub(text: str, secrets: Sequence[str]) -> str:
    """Last line of defence: no output may carry a secret, whatever a server echoed back."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "(secret)")
    return text


def emit(report: Report, *, as_json: bool, secrets: Sequence[str]) -> int:
    """Print the report (scrubbed) and return the exit status: 1 when a check failed, else 0."""
    sys.stdout.write(scrub(render(report, as_json=as_json), secrets))
    sys.stdout.flush()
    return 0 if report.ok else 1
