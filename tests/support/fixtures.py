"""Fixtures every test room may use (registered by the root conftest through ``pytest_plugins``)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

RunMain = Callable[..., Path]


def synth_main(outdir: Path, *, config: Path | None = None, **env: str) -> Path:
    """Run the real ``python main.py`` in a subprocess (as cdktf does) into ``outdir``, optionally for
    another config file; returns ``outdir``."""
    extra = {"CODE42_SCIM_CONFIG": str(config)} if config is not None else {}
    full_env = {**os.environ, "CDKTF_OUTDIR": str(outdir), **extra, **env}
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "main.py")], cwd=REPO_ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return outdir


@pytest.fixture
def run_main(tmp_path: Path) -> RunMain:
    """Run the real ``python main.py`` in a subprocess (as cdktf does) into a fresh outdir."""

    def _run(outdir: Path | None = None, **env: str) -> Path:
        return synth_main(outdir or tmp_path / "cdktf.out", **env)

    return _run
