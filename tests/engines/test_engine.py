"""``pingfederate.engine`` picks the CDK engine, and it is the only module that names one.

Each choice is made in a fresh interpreter (the choice is fixed once ``cdk`` is used). An engine is made to
look uninstalled by ``sys.modules[name] = None``, which is how ``importlib.util.find_spec`` sees a missing one.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pingfederate.engine import ENGINES, ENV_VAR, cdk
from tests.support.engine import ENGINE

REPO_ROOT = Path(__file__).resolve().parents[2]
# Where project code lives: none of it may import an engine but pingfederate/engine.py.
CODE_ROOTS = ("constructs", "providers", "tests", "benchmarks", "main.py")


def _choose(*, env: str | None, hide: tuple[str, ...] = (), then: str = "") -> subprocess.CompletedProcess[str]:
    code = (f"import sys\nfor name in {hide!r}: sys.modules[name] = None\n"
            "from pingfederate.engine import EngineNotFoundError, engine_name\n"
            "try:\n    print(engine_name())\nexcept EngineNotFoundError as exc:\n    print('error:', exc)\n" + then)
    child_env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    if env is not None:
        child_env[ENV_VAR] = env
    return subprocess.run([sys.executable, "-c", code], env=child_env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("env", "hide", "expected"), [
    (None, (), "cdktf"),                       # both installed: cdktf first
    (None, ("cdktf",), "cdktn"),               # only cdktn installed
    ("cdktn", (), "cdktn"),                    # the variable wins
    (" CDKTN ", (), "cdktn"),
    ("cdktf", ("cdktn",), "cdktf"),
    ("", (), "cdktf"),                         # empty = unset
])
def test_the_variable_first_else_whichever_is_installed_cdktf_first(env: str | None, hide: tuple[str, ...],
                                                                    expected: str) -> None:
    proc = _choose(env=env, hide=hide)
    assert (proc.returncode, proc.stdout.strip()) == (0, expected), proc.stderr


@pytest.mark.parametrize(("env", "hide", "message"), [
    ("terraform", (), f"error: {ENV_VAR}='terraform': expected one of cdktf, cdktn"),
    ("cdktn", ("cdktn",), f"error: {ENV_VAR}=cdktn, but the Python package cdktn is not installed: "
                          "pip install 'code42-scim[cdktn]'"),
    (None, ("cdktf", "cdktn"), "error: no CDK engine is installed: pip install 'code42-scim[cdktf]' "
                               "(CDK for Terraform) or 'code42-scim[cdktn]' (CDK Terrain)"),
])
def test_no_usable_engine_is_one_line_that_says_what_to_install(env: str | None, hide: tuple[str, ...],
                                                               message: str) -> None:
    proc = _choose(env=env, hide=hide)
    assert (proc.returncode, proc.stdout.strip()) == (0, message), proc.stderr


def test_choosing_starts_no_node_and_importing_the_bindings_neither() -> None:
    proc = _choose(env="cdktn", then="import pingfederate, pingfederate.versions, pingfederate.rules\n"
                                     "print(sorted(m for m in sys.modules if m.split('.')[0] in "
                                     "('cdktf', 'cdktn', 'jsii')))\n")
    assert proc.stdout.split() == ["cdktn", "[]"], proc.stderr


def test_the_first_use_fixes_the_engine_for_the_process() -> None:
    proc = _choose(env="cdktn", then="import os\nfrom pingfederate.engine import cdk\n"
                                     "os.environ['CODE42_SCIM_CDK_ENGINE'] = 'cdktf'\n"
                                     "print(cdk.__name__, engine_name())\n")
    assert proc.stdout.split() == ["cdktn", "cdktn", "cdktn"], proc.stderr


def test_this_run_builds_everything_on_the_engine_it_was_asked_for() -> None:
    # `make test` runs the suite once per engine through the variable: this proves the run is on that engine.
    from code42_scim import Code42ScimStack
    from pingfederate.idp_sp_connection import IdpSpConnection
    from pingfederate.provider import PingfederateProvider

    assert cdk.__name__ == ENGINE == (os.environ.get(ENV_VAR, "").strip().lower() or "cdktf")
    assert issubclass(Code42ScimStack, cdk.TerraformStack)
    assert issubclass(PingfederateProvider, cdk.TerraformProvider)
    assert issubclass(IdpSpConnection, cdk.TerraformResource)
    other = next(e for e in ENGINES if e != ENGINE)
    assert not any(m == other or m.startswith(f"{other}.") for m in sys.modules)


def _engine_imports(path: Path) -> list[str]:
    """``file:line: module`` for each import of an engine (statement or ``import_module("...")``) in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
              in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)):
            names = [str(node.args[0].value)]
        else:
            continue
        found += [f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {n}" for n in names if n.split(".")[0] in ENGINES]
    return found


def test_nothing_but_the_engine_module_imports_an_engine() -> None:
    sources = [p for root in CODE_ROOTS for p in ((REPO_ROOT / root).rglob("*.py") if (REPO_ROOT / root).is_dir()
                                                  else [REPO_ROOT / root])]
    engine_module = REPO_ROOT / "providers" / "pingfederate" / "engine.py"
    assert engine_module in sources and len(sources) > 100
    offenders = [hit for p in sources if p != engine_module for hit in _engine_imports(p)]
    assert offenders == []
    assert json.dumps(_engine_imports(engine_module)).count("cdkt") == 2  # `import cdktf` / `import cdktn`


def test_the_app_reports_an_unusable_engine_in_one_line(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "main.py")], cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, ENV_VAR: "cdk8s", "CDKTF_OUTDIR": str(tmp_path / "out")}, timeout=120)
    assert (proc.returncode, proc.stderr.splitlines()[-1]) == (1, f"main.py: {ENV_VAR}='cdk8s': expected one of "
                                                                   "cdktf, cdktn")
    assert "Traceback" not in proc.stderr
