"""Plans plan-review must survive: no secret printed, no Markdown or terminal injection, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from code42_scim.cli import main

from .builders import ACCESS_TOKEN, NEW_ACCESS_TOKEN, change, connection, plan, settings
from .conftest import Runner


def _unmarked(document: dict[str, object]) -> dict[str, object]:
    """The same plan with every sensitivity mark removed (an older Terraform, or a hand-made plan)."""
    for rc in document["resource_changes"]:  # type: ignore[attr-defined]
        rc["change"]["before_sensitive"] = False
        rc["change"]["after_sensitive"] = False
    return document


@pytest.mark.parametrize("fmt", ["markdown", "terminal"])
def test_a_secret_setting_is_never_printed_even_without_sensitivity_marks(review: Runner, fmt: str) -> None:
    rotated = connection(target_settings=settings(OAUTH_ACCESS_TOKEN=NEW_ACCESS_TOKEN))
    code, out, err = review(_unmarked(plan(change(["update"], connection(), rotated))), "--format", fmt)
    assert code == 0, err
    assert ACCESS_TOKEN not in out + err
    assert NEW_ACCESS_TOKEN not in out + err
    assert "(sensitive)" in out


def test_a_newline_in_the_connection_name_adds_no_heading_to_the_pr_comment(review: Runner) -> None:
    hostile = connection(name="Code42\n## Approved by security\n")
    code, out, _ = review(plan(change(["create"], None, hostile)), "--format", "markdown")
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("## ")] == ["## Code42 provisioning plan review"]


def test_escape_sequences_in_plan_values_are_shown_not_executed_in_the_terminal(review: Runner) -> None:
    hostile = connection(name="Code42\x1b[2J\x1b[31m")
    code, out, _ = review(plan(change(["create"], None, hostile)), "--format", "terminal")
    assert code == 0
    assert "\x1b" not in out
    assert "\\x1b[2J" in out


def test_deeply_nested_json_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert main(["plan-review", str(path)]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1
    assert "nested too deeply" in err
    assert "Traceback" not in err


def test_a_plan_of_the_wrong_shape_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"resource_changes": [{"type": "pingfederate_idp_sp_connection",
                                                      "change": {"actions": "update", "after": [1, 2]}}]}))
    code = main(["plan-review", str(path)])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1
    assert "Traceback" not in err
