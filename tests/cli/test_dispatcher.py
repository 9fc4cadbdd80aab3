"""The dispatcher is the CLI package's entry: the console script, ``python -m code42_scim.cli``, and how it
finds a command that lives in the project checkout rather than in the installed package (``bench``)."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import code42_scim.cli as dispatcher

from .conftest import Cli


def test_the_console_script_is_the_cli_package_entry() -> None:
    (script,) = [e for e in metadata.entry_points(group="console_scripts") if e.name == "code42-scim"]
    assert script.value == "code42_scim.cli:main"


def test_python_dash_m_runs_the_same_dispatcher(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "code42_scim.cli", "--help"], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: code42-scim ")
    for command in ("synth", "pf-local", "preflight", "descriptor", "plan-review", "adopt", "bench"):
        assert command in done.stdout


def test_a_checkout_only_command_is_found_in_the_current_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "checkout_tools_x1"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "bench.py").write_text(
        "def register(parser):\n    parser.add_argument('--runs', type=int, default=1)\n\n"
        "def run(args):\n    print(f'benched {args.runs}')\n    return 0\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(dispatcher._COMMANDS, "bench", ("checkout_tools_x1.bench", "benchmark"))
    monkeypatch.setattr(sys, "path", list(sys.path))
    assert cli("bench", "--runs", "3") == (0, "benched 3\n", "")


def test_a_checkout_only_command_outside_a_checkout_is_one_line(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(dispatcher._COMMANDS, "bench", ("checkout_tools_missing_x2.bench", "benchmark"))
    monkeypatch.setattr(sys, "path", list(sys.path))
    code, out, err = cli("bench")
    assert (code, out) == (1, "")
    assert err == ("code42-scim: error: `code42-scim bench` runs from a checkout of the project (its module "
                   "checkout_tools_missing_x2.bench is not importable from here): cd into the checkout and run it "
                   "again\n")


def test_the_bench_module_path_is_named_in_one_place() -> None:
    assert dispatcher._COMMANDS["bench"][0] == dispatcher.BENCH_MODULE


@pytest.mark.parametrize("module", sorted({m for m, _ in dispatcher._COMMANDS.values() if ".cli." in m}))
def test_a_command_never_imports_a_cdk_engine_or_the_local_server(module: str) -> None:
    probe = (f"import sys, {module}; "
             "bad = [m for m in sys.modules if m.split('.')[0] in ('cdktf', 'cdktn', 'jsii') "
             "or m.startswith(('code42_scim._construct', 'code42_scim_local'))]; print(bad)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
