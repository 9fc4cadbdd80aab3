"""Fixtures for the plan-review tests; the plan builders live in ``builders.py``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from code42_scim.cli import main

from .builders import Json

Runner = Callable[..., tuple[int, str, str]]


@pytest.fixture
def review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run ``code42-scim plan-review`` on a plan document; return (exit code, stdout, stderr)."""

    def run(document: Json, *args: str) -> tuple[int, str, str]:
        path = tmp_path / "plan.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        code = main(["plan-review", str(path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run
