"""`constructs/` (our library folder) must never shadow the PyPI package `constructs`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


PROBE = (
    "import constructs, code42_scim, pingfederate; from pingfederate.engine import cdk;"
    "print(constructs.Construct.__module__);"
    "print(constructs.__file__);"
    "print(issubclass(cdk.TerraformStack, constructs.Construct))"
)


def _probe(cwd: Path) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_constructs_is_the_real_package_when_run_from_the_repo_root() -> None:
    module, path, is_base = _probe(REPO_ROOT)
    assert module == "constructs"
    assert "site-packages" in path and not path.startswith(str(REPO_ROOT / "constructs"))
    assert is_base == "True"


def test_the_packages_import_from_any_directory(tmp_path: Path) -> None:
    module, _path, _ = _probe(tmp_path)
    assert module == "constructs"


def test_the_library_folders_are_not_packages_themselves() -> None:
    assert not (REPO_ROOT / "constructs" / "__init__.py").exists()
    assert not (REPO_ROOT / "providers" / "__init__.py").exists()
