"""``code42-scim bench``: synthesis cost against CDKTF's own floor, side by side, in one run.

Every case is a separate child process (``benchmarks/apps/*.py`` or ``main.py``), run the way
``cdktf synth`` runs an app, so the figures include interpreter, node and jsii start-up exactly as users
pay them. This module never imports cdktf or the construct: it only starts processes and reads files.

Cases are interleaved run by run (bare, example, many-10, ..., then run 2 of each) so slow drift of a
shared machine spreads over all cases instead of biasing the ones measured last; ratios are always to
the bare app measured in the same invocation.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._errors import Code42ScimError

DEFAULT_SIZES = (10, 100, 500)
DEFAULT_JSON_OUT = Path("benchmarks") / "results" / "latest.json"

# The budgets (issue 5). Ratios are to the bare CDKTF app measured in the same run.
EXAMPLE_MAX_RATIO = 1.10
MANY_MAX_RATIO = 3.0
MANY_BUDGET_SIZE = 500
PER_CONNECTION_MAX_MS = 5.0
IMPORT_MAX_ADDED_S = 0.15
LINEAR_MIN_R2 = 0.99

_SAMPLE_INTERVAL_S = 0.01


@dataclass(frozen=True)
class Case:
    name: str
    label: str
    script: str  # relative to the app dir
    args: tuple[str, ...] = ()
    connections: int | None = None
    writes_output: bool = True


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    max_rss_kb: int
    tree_rss_kb: int | None
    output_bytes: int | None


@dataclass
class Results:
    runs: dict[str, list[Run]] = field(default_factory=dict)


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=5, help="counted runs per case (default: 5)")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted runs per case first (default: 1)")
    parser.add_argument("--sizes", type=_sizes, default=DEFAULT_SIZES,
                        help="connection counts of the many-connection stacks, comma-separated "
                             "(default: 10,100,500; e.g. --sizes 10 for a quick smoke run)")
    parser.add_argument("--app-dir", type=Path, default=None,
                        help="project folder holding main.py and benchmarks/apps/ (default: found from the "
                             "current folder upwards)")
    parser.add_argument("--json-out", type=Path, default=None,
                        help=f"where to write the JSON results (default: APP_DIR/{DEFAULT_JSON_OUT})")
    parser.add_argument("--check", action="store_true", help="exit 1 when any budget line FAILs")


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(sorted({int(part) for part in text.split(",") if part.strip()}))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of whole numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("connection counts must be whole numbers >= 1")
    return sizes


def _find_app_dir(given: Path | None) -> Path:
    def ok(p: Path) -> bool:
        return (p / "main.py").is_file() and (p / "benchmarks" / "apps" / "bare.py").is_file()

    if given is not None:
        if not ok(given.resolve()):
            raise Code42ScimError(f"{given}: no main.py and benchmarks/apps/ here (pass the project folder)")
        return given.resolve()
    # The current folder or one above it; then the source checkout this package is installed from (editable).
    for candidate in [Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents]:
        if ok(candidate):
            return candidate
    raise Code42ScimError("cannot find the project folder (main.py + benchmarks/apps/): run from it or pass --app-dir")


def _cases(sizes: Sequence[int]) -> list[Case]:
    return [
        Case("bare", "bare CDKTF app, empty stack (floor)", "benchmarks/apps/bare.py", connections=0),
        Case("example", "example app, 1 connection (python main.py)", "main.py", connections=1),
        *[Case(f"many-{n}", f"{n} connections x 2 channels", "benchmarks/apps/many.py", (str(n),), connections=n)
          for n in sizes],
        # Not a budget line: cdktf's own cost for the elements one connection is made of, at the largest size.
        Case(f"elements-{max(sizes)}", f"cdktf floor: {max(sizes)} x (construct + variable + empty resource)",
             "benchmarks/apps/elements.py", (str(max(sizes)),), connections=0),
        Case("import-cdktf", "import cdktf", "benchmarks/apps/import_cdktf.py", writes_output=False),
        Case("import-project", "import code42_scim, pingfederate.idp_sp_connection",
             "benchmarks/apps/import_project.py", writes_output=False),
    ]


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass  # the process ended between listing and reading
    return out


def _tree_rss_kb(root: int) -> int:
    total, stack, page_kb = 0, [root], os.sysconf("SC_PAGE_SIZE") // 1024
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
                total += int(fh.read().split()[1]) * page_kb
        except (OSError, IndexError, ValueError):
            continue
        stack += _children(pid)
    return total


class _TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and all its descendants (python + node), sampled.

    ``ru_maxrss`` only reports the largest single process; a cdktf app is python plus node processes,
    so the whole tree is sampled from /proc as well (Linux only; None elsewhere).
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb: int | None = None if not Path(f"/proc/{pid}/task").is_dir() else 0
        self.stop = threading.Event()

    def run(self) -> None:
        if self.peak_kb is None:
            return
        while not self.stop.wait(_SAMPLE_INTERVAL_S):
            self.peak_kb = max(self.peak_kb or 0, _tree_rss_kb(self.pid))


def _output_bytes(outdir: Path) -> int | None:
    files = list(outdir.glob("stacks/*/cdk.tf.json"))
    return sum(f.stat().st_size for f in files) if files else None


def _run_once(case: Case, app_dir: Path, env: dict[str, str]) -> Run:
    with tempfile.TemporaryDirectory(prefix="code42-bench-") as tmp:
        outdir = Path(tmp) / "cdktf.out"
        errors = Path(tmp) / "stderr.txt"
        child_env = {**env, "CDKTF_OUTDIR": str(outdir)}
        with open(errors, "wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen([sys.executable, str(app_dir / case.script), *case.args], cwd=app_dir,
                                    env=child_env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
            sampler = _TreeSampler(proc.pid)
            sampler.start()
            # wait4 gives this child's own rusage (including the node processes it reaped), so every run is
            # measured alone; RUSAGE_CHILDREN would accumulate over runs.
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting again
            sampler.stop.set()
            sampler.join()
        if proc.returncode != 0:
            tail = errors.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
            raise Code42ScimError(f"benchmark case {case.name} ({case.script} {' '.join(case.args)}) exited "
                                  f"{proc.returncode}:\n" + "\n".join(tail))
        # ru_maxrss is in KiB on Linux (bytes on macOS).
        rss_kb = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
        return Run(wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime, max_rss_kb=rss_kb,
                   tree_rss_kb=sampler.peak_kb, output_bytes=_output_bytes(outdir) if case.writes_output else None)


def _measure(cases: Sequence[Case], app_dir: Path, runs: int, warmup: int) -> Results:
    env = dict(os.environ)
    env.setdefault("CHECKPOINT_DISABLE", "1")
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    for var in ("CODE42_SCIM_CONFIG", "CODE42_SCIM_ENVIRONMENTS"):
        env.pop(var, None)  # the example app must synthesize the checked-in config, every time
    results = Results({c.name: [] for c in cases})
    total = warmup + runs
    for i in range(total):
        counted = i >= warmup
        for case in cases:
            tag = f"run {i - warmup + 1}/{runs}" if counted else f"warm-up {i + 1}/{warmup}"
            print(f"bench: {case.name:<15} {tag} ...", end="", file=sys.stderr, flush=True)
            run = _run_once(case, app_dir, env)
            print(f" {run.wall_s:.2f}s", file=sys.stderr, flush=True)
            if counted:
                results.runs[case.name].append(run)
    return results


def _stat(values: Sequence[float]) -> dict[str, Any]:
    return {"runs": [round(v, 4) for v in values], "min": round(min(values), 4),
            "median": round(statistics.median(values), 4)}


def _fit(xs: Sequence[float], ys: Sequence[float]) -> dict[str, float | None]:
    """Least-squares line y = slope * x + intercept and its R² (None when fewer than 2 distinct x)."""
    if len(set(xs)) < 2:
        return {"slope": None, "intercept": None, "r2": None}
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (slope * x + intercept)) ** 2 for x, y in zip(xs, ys, strict=True))
    return {"slope": slope, "intercept": intercept, "r2": 1.0 if ss_tot == 0 else 1 - ss_res / ss_tot}


def _budget(name: str, limit: str, value: float | None, ok: bool | None, detail: str) -> dict[str, Any]:
    status = "SKIP" if ok is None else "PASS" if ok else "FAIL"
    return {"name": name, "limit": limit, "value": None if value is None else round(value, 4), "status": status,
            "detail": detail}


def summarize(cases: Sequence[Case], results: Results, *, sizes: Sequence[int], runs: int,
              warmup: int) -> dict[str, Any]:
    """Everything the table and the JSON show, computed from the measured runs only."""
    # Ratios come from the same rounded seconds the JSON reports, so they can be recomputed from it exactly.
    bare_wall = _stat([r.wall_s for r in results.runs["bare"]])
    bare_min, bare_med = bare_wall["min"], bare_wall["median"]
    out_cases: dict[str, Any] = {}
    for case in cases:
        rs = results.runs[case.name]
        wall = _stat([r.wall_s for r in rs])
        trees = [r.tree_rss_kb / 1024 for r in rs if r.tree_rss_kb is not None]
        sizes_seen = {r.output_bytes for r in rs}
        out_cases[case.name] = {
            "label": case.label,
            "command": ["python", case.script, *case.args],
            "connections": case.connections,
            "wall_s": wall,
            "cpu_s": _stat([r.cpu_s for r in rs]),
            "max_rss_mb": _stat([r.max_rss_kb / 1024 for r in rs]),
            "tree_rss_mb": _stat(trees) if trees else None,
            "output_bytes": rs[-1].output_bytes,
            "output_stable": len(sizes_seen) == 1,
            "ratio_to_bare": {"min": round(wall["min"] / bare_min, 4), "median": round(wall["median"] / bare_med, 4)},
        }

    imp_cdktf = out_cases["import-cdktf"]["wall_s"]["median"]
    imp_project = out_cases["import-project"]["wall_s"]["median"]
    imports = {"cdktf_s": imp_cdktf, "project_s": imp_project, "added_s": round(imp_project - imp_cdktf, 4),
               "ratio": round(imp_project / imp_cdktf, 4)}

    many = [out_cases[f"many-{n}"] for n in sizes]
    xs = [float(n) for n in sizes]
    t_fit = _fit(xs, [c["wall_s"]["median"] for c in many])
    s_fit = _fit(xs, [float(c["output_bytes"] or 0) for c in many])
    per_conn_ms = None if t_fit["slope"] is None else t_fit["slope"] * 1000
    fit = {
        "connections": list(sizes),
        "time": {"slope_s_per_connection": t_fit["slope"], "intercept_s": t_fit["intercept"], "r2": t_fit["r2"],
                 "per_added_connection_ms": per_conn_ms},
        "size": {"slope_bytes_per_connection": s_fit["slope"], "intercept_bytes": s_fit["intercept"],
                 "r2": s_fit["r2"]},
    }

    ex_ratio = out_cases["example"]["ratio_to_bare"]["median"]
    big = out_cases.get(f"many-{MANY_BUDGET_SIZE}")
    big_ratio = None if big is None else big["ratio_to_bare"]["median"]
    linear_pts = len(set(sizes)) >= 3  # two points always fit a line exactly
    budgets = [
        _budget("1 connection vs bare app", f"<= {EXAMPLE_MAX_RATIO:.2f}x", ex_ratio, ex_ratio <= EXAMPLE_MAX_RATIO,
                "median wall time ratio"),
        _budget(f"{MANY_BUDGET_SIZE} connections vs bare app", f"<= {MANY_MAX_RATIO:.1f}x", big_ratio,
                None if big_ratio is None else big_ratio <= MANY_MAX_RATIO,
                "median wall time ratio" if big else f"not measured (add {MANY_BUDGET_SIZE} to --sizes)"),
        _budget("per added connection", f"<= {PER_CONNECTION_MAX_MS:.1f} ms", per_conn_ms,
                None if per_conn_ms is None else per_conn_ms <= PER_CONNECTION_MAX_MS,
                "slope of the time fit" if per_conn_ms is not None else "needs >= 2 sizes"),
        _budget("import added over import cdktf", f"<= {IMPORT_MAX_ADDED_S:.2f} s", imports["added_s"],
                imports["added_s"] <= IMPORT_MAX_ADDED_S, "median difference"),
        _budget("time linear in connections", f"R2 >= {LINEAR_MIN_R2}", t_fit["r2"],
                None if not linear_pts or t_fit["r2"] is None else t_fit["r2"] >= LINEAR_MIN_R2,
                "fit over medians" if linear_pts else "needs >= 3 sizes"),
        _budget("size linear in connections", f"R2 >= {LINEAR_MIN_R2}", s_fit["r2"],
                None if not linear_pts or s_fit["r2"] is None else s_fit["r2"] >= LINEAR_MIN_R2,
                "fit over cdk.tf.json bytes" if linear_pts else "needs >= 3 sizes"),
    ]
    return {
        "schema": 1,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count(), "load_avg": _load_avg()},
        "runs": runs,
        "warmup": warmup,
        "sizes": list(sizes),
        "floor": "bare",
        "cases": out_cases,
        "imports": imports,
        "fit": fit,
        "budgets": budgets,
        "ok": all(b["status"] != "FAIL" for b in budgets),
    }


def _load_avg() -> list[float] | None:
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return None


def _fmt(v: float | None, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def print_report(summary: dict[str, Any]) -> None:
    runs = summary["runs"]
    print(f"code42-scim bench: {runs} runs per case after {summary['warmup']} warm-up; min / median; "
          "ratios to the bare app of this run")
    print("(cpu = user+sys of the process tree; max RSS = largest single process; tree RSS = python + node "
          "processes summed, sampled every 10 ms)")
    head = f"{'case':<16}{'wall s min/med':>16}{'x bare min/med':>16}{'cpu s med':>11}{'max RSS MB':>12}" \
           f"{'tree RSS MB':>13}{'cdk.tf.json B':>15}"
    print(head)
    print("-" * len(head))
    for name, c in summary["cases"].items():
        w, r = c["wall_s"], c["ratio_to_bare"]
        tree = c["tree_rss_mb"]
        print(f"{name:<16}{w['min']:>7.3f} /{w['median']:>7.3f}{r['min']:>8.2f} /{r['median']:>6.2f}"
              f"{c['cpu_s']['median']:>11.2f}{c['max_rss_mb']['median']:>12.0f}"
              f"{_fmt(tree and tree['median'], '.0f'):>13}{_fmt(c['output_bytes'], ','):>15}")
    imp = summary["imports"]
    print(f"\nimports: project {imp['project_s']:.3f}s vs cdktf {imp['cdktf_s']:.3f}s -> adds {imp['added_s']:+.3f}s "
          f"({imp['ratio']:.2f}x)")
    t, s = summary["fit"]["time"], summary["fit"]["size"]
    print(f"fit over {summary['fit']['connections']} connections:")
    print(f"  time = {_fmt(t['slope_s_per_connection'], '.5f')} s/connection x N + {_fmt(t['intercept_s'], '.3f')} s"
          f"  (R2 {_fmt(t['r2'], '.4f')}); per added connection {_fmt(t['per_added_connection_ms'], '.2f')} ms")
    print(f"  size = {_fmt(s['slope_bytes_per_connection'], ',.0f')} B/connection x N + "
          f"{_fmt(s['intercept_bytes'], ',.0f')} B  (R2 {_fmt(s['r2'], '.6f')})")
    print("\nbudgets:")
    for b in summary["budgets"]:
        print(f"  {b['status']:<5} {b['name']:<36} {b['limit']:<14} measured {_fmt(b['value'], '.3f'):<8} "
              f"({b['detail']})")


def run(args: argparse.Namespace) -> int:
    if args.runs < 1 or args.warmup < 0:
        raise Code42ScimError("--runs must be >= 1 and --warmup >= 0")
    app_dir = _find_app_dir(args.app_dir)
    cases = _cases(args.sizes)
    results = _measure(cases, app_dir, args.runs, args.warmup)
    summary = summarize(cases, results, sizes=args.sizes, runs=args.runs, warmup=args.warmup)
    summary["command"] = ["code42-scim", "bench", *sys.argv[2:]] if sys.argv[1:2] == ["bench"] else None
    # Whole-process-tree maximum over every child this command reaped (a cross-check of the per-run figures).
    summary["all_children_max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    out: Path = args.json_out or app_dir / DEFAULT_JSON_OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print_report(summary)
    print(f"\nJSON: {out}")
    if args.check and not summary["ok"]:
        print("code42-scim bench: budget FAILED (see above)", file=sys.stderr)
        return 1
    return 0
