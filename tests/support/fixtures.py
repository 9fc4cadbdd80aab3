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


@pytest.fixture
def run_main(tmp_path: Path) -> RunMain:
    """Run the real ``python main.py`` in a subprocess (as cdktf does) into a fresh outdir."""

    def _run(outdir: Path | None = None, **env: str) -> Path:
        out = outdir or tmp_path / "cdktf.out"
        full_env = {**os.environ, "CDKTF_OUTDIR": str(out), **env}
        proc = subprocess.run([sys.executable, str(REPO_ROOT / "main.py")], cwd=REPO_ROOT, env=full_env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return out

    return _run
