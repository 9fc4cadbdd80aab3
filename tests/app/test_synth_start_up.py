"""What a synth loads: only what it needs (start-up is a budget line of `code42-scim bench`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib.metadata import requires
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_synthesizing_the_example_imports_no_ldap_library(tmp_path: Path) -> None:
    # Filters and DNs are checked by code42_scim._ldap's own parsers; ldap3 (~40 ms to import) is a test oracle.
    script = ("import runpy, sys; runpy.run_path('main.py', run_name='not_main');"
              "from code42_scim import build_app; build_app('code42-scim.toml').synth();"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ldap3', 'pyasn1')))")
    env = {**os.environ, "CHECKPOINT_DISABLE": "1", "CDKTF_OUTDIR": str(tmp_path / "out")}
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "out" / "stacks" / "local" / "cdk.tf.json").is_file()


def test_the_installed_package_does_not_require_ldap3() -> None:
    names = {re.split(r"[\s<>=!~;\[(]", r, maxsplit=1)[0].lower() for r in requires("code42-scim") or []}
    assert "ldap3" not in names
    assert "constructs" in names  # the metadata was read at all
