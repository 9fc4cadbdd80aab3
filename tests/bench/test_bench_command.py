"""`code42-scim bench` smoke run: the JSON's structure and arithmetic, never its timings (machines are noisy)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

CASES = ("bare", "example", "many-10", "elements-10", "import-cdktf", "import-project")


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench") / "result.json"
    proc = subprocess.run(
        [sys.executable, "-m", "code42_scim.cli", "bench", "--runs", "1", "--sizes", "10", "--app-dir",
         str(REPO_ROOT), "--json-out", str(out)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "CHECKPOINT_DISABLE": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    return proc, json.loads(out.read_text(encoding="utf-8"))


def test_every_case_is_measured_once_with_seconds_memory_and_output(
    smoke: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    _, doc = smoke
    assert (doc["runs"], doc["sizes"], doc["floor"]) == (1, [10], "bare")
    assert tuple(doc["cases"]) == CASES
    for name, case in doc["cases"].items():
        assert len(case["wall_s"]["runs"]) == 1, name
        assert case["wall_s"]["min"] == case["wall_s"]["median"] == case["wall_s"]["runs"][0] > 0
        assert case["max_rss_mb"]["median"] > 0
        assert case["output_stable"] is True
    sizes = {name: case["output_bytes"] for name, case in doc["cases"].items()}
    assert sizes["import-cdktf"] is None and sizes["import-project"] is None
    # More connections, more Terraform JSON: the example (1) < 10 connections, and both > the empty stack.
    assert 0 < sizes["bare"] < sizes["example"] < sizes["many-10"]
    assert doc["cases"]["many-10"]["connections"] == 10


def test_ratios_are_computed_from_the_measured_seconds(
    smoke: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    _, doc = smoke
    bare = doc["cases"]["bare"]["wall_s"]
    assert doc["cases"]["bare"]["ratio_to_bare"] == {"min": 1.0, "median": 1.0}
    for case in doc["cases"].values():
        assert math.isclose(case["ratio_to_bare"]["median"], case["wall_s"]["median"] / bare["median"], abs_tol=1e-3)
        assert math.isclose(case["ratio_to_bare"]["min"], case["wall_s"]["min"] / bare["min"], abs_tol=1e-3)
    imp = doc["imports"]
    assert imp["cdktf_s"] == doc["cases"]["import-cdktf"]["wall_s"]["median"]
    assert imp["project_s"] == doc["cases"]["import-project"]["wall_s"]["median"]
    assert math.isclose(imp["added_s"], imp["project_s"] - imp["cdktf_s"], abs_tol=1e-3)


def test_fit_fields_are_present_and_budgets_judged_or_skipped(
    smoke: tuple[subprocess.CompletedProcess[str], dict[str, Any]],
) -> None:
    proc, doc = smoke
    fit = doc["fit"]
    assert fit["connections"] == [10]
    assert set(fit["time"]) == {"slope_s_per_connection", "intercept_s", "r2", "per_added_connection_ms"}
    assert set(fit["size"]) == {"slope_bytes_per_connection", "intercept_bytes", "r2"}
    assert fit["time"]["slope_s_per_connection"] is None  # one size cannot define a line
    statuses = {b["name"]: b["status"] for b in doc["budgets"]}
    assert statuses["500 connections vs bare app"] == "SKIP"  # not measured in the smoke run
    assert statuses["1 connection vs bare app"] in ("PASS", "FAIL")
    assert doc["ok"] == all(s != "FAIL" for s in statuses.values())
    for name, status in statuses.items():
        assert f"{status:<5} {name}" in proc.stdout
    assert "bench: bare" in proc.stderr and "run 1/1" in proc.stderr  # progress goes to stderr


def test_the_fit_of_a_full_run_is_an_exact_least_squares_line() -> None:
    from code42_scim.cli.bench import _fit

    fit = _fit([10.0, 100.0, 500.0], [1.0, 1.9, 5.9])
    assert fit["slope"] is not None and fit["intercept"] is not None
    assert math.isclose(fit["slope"], 0.01) and math.isclose(fit["intercept"], 0.9)
    assert math.isclose(fit["r2"] or 0.0, 1.0)
    assert _fit([10.0], [1.0]) == {"slope": None, "intercept": None, "r2": None}
