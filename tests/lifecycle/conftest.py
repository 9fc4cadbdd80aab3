"""The lifecycle room: real ``terraform`` (``-input=false``, one working directory and a timeout per
command), the real provider from the mirror, and real pf-local servers; every plan also goes through
``code42-scim plan-review``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from code42_scim.cli import main as code42_scim
from tests.real_provider.conftest import plugin_cache  # noqa: F401  (one provider cache for the session)

GOLDEN = Path(__file__).with_name("golden")
# Seconds one whole lifecycle test module (every step) may take; each terraform command has its own
# COMMAND_TIMEOUT (tests/support/terraform.py) inside it.
SUITE_TIMEOUT = 420


def plan_review(plan: dict[str, Any], tmp: Path, name: str) -> str:
    """``code42-scim plan-review PLAN --format markdown`` on a plan JSON, as a CI job runs it."""
    source, out = tmp / f"{name}.plan.json", tmp / f"{name}.md"
    source.write_text(json.dumps(plan), encoding="utf-8")
    assert code42_scim(["plan-review", str(source), "--format", "markdown", "--output", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def assert_golden(name: str, text: str) -> None:
    """``text`` equals ``golden/NAME`` (``UPDATE_GOLDEN=1`` rewrites it; review the diff)."""
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"{name} changed: re-run with UPDATE_GOLDEN=1 and review"
