"""`code42-scim bench` smoke run: the JSON's structure and arithmetic, never its timings (machines are noisy)."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

CASES = ("bare", "example", "example-floor", "many-1", "many-10", "raw-10", "elements-10", "import-cdk",
         "import-project")
Smoke = tuple[subprocess.CompletedProcess[str], dict[str, Any]]


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> Smoke:
    import json

    out = tmp_path_factory.mktemp("bench") / "result.json"
    proc = subprocess.run(
        [sys.executable, "-m", "code42_scim.cli", "bench", "--runs", "1", "--sizes", "10", "--no-generated",
         "--engine", "cdktf", "--app-dir", str(REPO_ROOT), "--json-out", str(out)],
        capture_output=True, text=True, timeout=300, cwd=REPO_ROOT,
        env={**os.environ, "CHECKPOINT_DISABLE": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    return proc, json.loads(out.read_text(encoding="utf-8"))


def _engine(doc: dict[str, Any]) -> dict[str, Any]:
    assert list(doc["engines"]) == ["cdktf"]
    result: dict[str, Any] = doc["engines"]["cdktf"]
    return result


def test_every_case_is_measured_once_with_seconds_memory_and_output(smoke: Smoke) -> None:
    doc = _engine(smoke[1])
    assert (doc["engine"], doc["runs"], doc["sizes"], doc["floor"]) == ("cdktf", 1, [10], "bare")
    assert tuple(doc["cases"]) == CASES
    for name, case in doc["cases"].items():
        assert len(case["wall_s"]["runs"]) == 1, name
        assert case["wall_s"]["min"] == case["wall_s"]["median"] == case["wall_s"]["runs"][0] > 0
        assert case["max_rss_mb"]["median"] > 0
        assert case["output_stable"] is True
    sizes = {name: case["output_bytes"] for name, case in doc["cases"].items()}
    assert sizes["import-cdk"] is None and sizes["import-project"] is None
    # More connections, more Terraform JSON: 1 connection < 10 connections, and both > the empty stack.
    assert 0 < sizes["bare"] < sizes["many-1"] < sizes["many-10"]
    assert doc["cases"]["many-10"]["connections"] == 10


def test_ratios_are_computed_from_the_measured_seconds(smoke: Smoke) -> None:
    doc = _engine(smoke[1])
    bare = doc["cases"]["bare"]["wall_s"]
    assert doc["cases"]["bare"]["ratio_to_bare"] == {"min": 1.0, "median": 1.0}
    for case in doc["cases"].values():
        assert math.isclose(case["ratio_to_bare"]["median"], case["wall_s"]["median"] / bare["median"], abs_tol=1e-3)
        assert math.isclose(case["ratio_to_bare"]["min"], case["wall_s"]["min"] / bare["min"], abs_tol=1e-3)
    imp = doc["imports"]
    assert imp["cdktf_s"] == doc["cases"]["import-cdk"]["wall_s"]["median"]
    assert imp["project_s"] == doc["cases"]["import-project"]["wall_s"]["median"]
    assert math.isclose(imp["added_s"], imp["project_s"] - imp["cdktf_s"], abs_tol=1e-3)


def test_fit_fields_are_present_and_budgets_judged_or_skipped(smoke: Smoke) -> None:
    proc, whole = smoke
    doc = _engine(whole)
    fit = doc["fit"]
    assert fit["connections"] == [10]
    assert set(fit["time"]) == {"slope_s_per_connection", "intercept_s", "r2", "per_added_connection_ms"}
    assert set(fit["size"]) == {"slope_bytes_per_connection", "intercept_bytes", "r2"}
    assert fit["floor_time"]["slope_s_per_connection"] is None
    assert fit["time"]["slope_s_per_connection"] is None  # one size cannot define a line
    statuses = {b["name"]: b["status"] for b in doc["budgets"]}
    assert statuses["ahead of generated bindings, every size"] == "SKIP"  # --no-generated
    assert statuses["per added connection"] == "SKIP"  # one size
    assert statuses["1 connection vs bare app"] in ("PASS", "FAIL")
    assert whole["ok"] == doc["ok"] == all(s != "FAIL" for s in statuses.values())
    for name, status in statuses.items():
        assert f"{status:<5} cdktf  {name}" in proc.stdout
    assert "bench: cdktf bare" in proc.stderr and "run 1/1" in proc.stderr  # progress goes to stderr


def test_the_fit_of_a_full_run_is_an_exact_least_squares_line() -> None:
    from benchmarks.bench import _fit

    fit = _fit([10.0, 100.0, 500.0], [1.0, 1.9, 5.9])
    assert fit["slope"] is not None and fit["intercept"] is not None
    assert math.isclose(fit["slope"], 0.01) and math.isclose(fit["intercept"], 0.9)
    assert math.isclose(fit["r2"] or 0.0, 1.0)
    assert _fit([10.0], [1.0]) == {"slope": None, "intercept": None, "r2": None}


def test_being_behind_generated_bindings_at_any_size_fails_the_budget() -> None:
    from benchmarks.bench import Case, Results, Run, summarize

    def runs(wall: float) -> list[Run]:
        return [Run(wall_s=wall, cpu_s=wall, max_rss_kb=1024, tree_rss_kb=None, output_bytes=100)]

    from benchmarks.bench import _cases

    cases: list[Case] = _cases([10, 100, 500], generated=True)
    walls = {"bare": 1.0, "example": 1.05, "example-floor": 1.02, "many-1": 1.1, "many-10": 1.2, "many-100": 2.0,
             "many-500": 5.0, "raw-10": 1.1, "raw-100": 1.8, "raw-500": 4.6,
             "generated-1": 2.0, "generated-10": 2.1, "generated-100": 1.9, "generated-500": 9.0,
             "elements-500": 3.0, "import-cdk": 0.5, "import-project": 0.55}
    results = Results({c.name: runs(walls[c.name]) for c in cases})
    summary = summarize(cases, results, sizes=[10, 100, 500], runs=1, warmup=0)
    peer = next(b for b in summary["budgets"] if b["name"] == "ahead of generated bindings, every size")
    assert peer["status"] == "FAIL"
    assert "behind at 100: 2.000s vs 1.900s" in peer["detail"]


def test_the_one_connection_line_names_the_cdk_floor_of_the_same_stack_and_what_the_project_adds() -> None:
    from benchmarks.bench import Results, Run, _cases, summarize

    cases = _cases([10], generated=False)
    walls = {"bare": 1.0, "example": 1.2, "example-floor": 1.08, "many-1": 1.1, "many-10": 1.2, "raw-10": 1.15,
             "elements-10": 1.1, "import-cdk": 0.5, "import-project": 0.55}
    results = Results({c.name: [Run(wall_s=walls[c.name], cpu_s=1.0, max_rss_kb=1024, tree_rss_kb=None,
                                    output_bytes=100)] for c in cases})
    line = next(b for b in summarize(cases, results, sizes=[10], runs=1, warmup=0)["budgets"]
                if b["name"] == "1 connection vs bare app")
    assert (line["status"], line["value"]) == ("FAIL", 1.2)
    assert "the same stack on the bare CDK is 1.08x, the project adds +120 ms" in line["detail"]


def _synthesized(outdir: Path, command: list[str], stack: str) -> bytes:
    """The cdk.tf.json of ``stack`` written by ``python COMMAND`` run from the checkout (the example config)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CODE42_SCIM_CONFIG", "CODE42_SCIM_ENVIRONMENTS")}
    proc = subprocess.run([sys.executable, *command], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                          env={**env, "CHECKPOINT_DISABLE": "1", "CDKTF_OUTDIR": str(outdir)})
    assert proc.returncode == 0, proc.stderr
    return (outdir / "stacks" / stack / "cdk.tf.json").read_bytes()


def test_the_cdk_floor_app_writes_exactly_the_example_stack(tmp_path: Path) -> None:
    example = _synthesized(tmp_path / "example", ["main.py"], "local")
    assert _synthesized(tmp_path / "floor", ["benchmarks/apps/raw.py", "example"], "local") == example


def test_the_per_connection_line_names_the_cdk_floor_slope_and_what_the_project_adds() -> None:
    from benchmarks.bench import Results, Run, _cases, summarize

    cases = _cases([10, 100], generated=False)
    walls = {"bare": 1.0, "example": 1.2, "example-floor": 1.08, "many-1": 1.1, "many-10": 1.2, "many-100": 2.1,
             "raw-10": 1.1, "raw-100": 1.91, "elements-100": 1.5, "import-cdk": 0.5, "import-project": 0.55}
    results = Results({c.name: [Run(wall_s=walls[c.name], cpu_s=1.0, max_rss_kb=1024, tree_rss_kb=None,
                                    output_bytes=100)] for c in cases})
    summary = summarize(cases, results, sizes=[10, 100], runs=1, warmup=0)
    line = next(b for b in summary["budgets"] if b["name"] == "per added connection")
    assert (line["status"], line["value"]) == ("PASS", 10.0)
    assert "the same JSON on the bare CDK is 9.0 ms, the project adds +1.0 ms" in line["detail"]
    assert math.isclose(summary["fit"]["floor_time"]["per_added_connection_ms"], 9.0)


def test_the_cdk_floor_app_writes_exactly_the_many_connection_stack(tmp_path: Path) -> None:
    import json

    many = _synthesized(tmp_path / "many", ["benchmarks/apps/many.py", "3"], "many")
    assert _synthesized(tmp_path / "floor", ["benchmarks/apps/raw.py", "many", "3"], "many") == many
    resources = json.loads(many)["resource"]["pingfederate_idp_sp_connection"]
    assert sorted(k.split("_")[0] for k in resources) == ["code42-tenant0000", "code42-tenant0001", "code42-tenant0002"]
