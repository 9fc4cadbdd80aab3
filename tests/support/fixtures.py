"""Fixtures every test room may use (registered by the root conftest through ``pytest_plugins``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from code42_scim_local.config import DEFAULT_SEED_PATH

from .pf_local import PfServer, StartPf, start_server

REPO_ROOT = Path(__file__).resolve().parents[2]

RunMain = Callable[..., Path]


def synth_main(outdir: Path, *, config: Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    """Run the real ``python main.py`` in a subprocess (as cdktf does) into ``outdir``, optionally for
    another config file; returns ``outdir``."""
    extra = {"CODE42_SCIM_CONFIG": str(config)} if config is not None else {}
    full_env = {**os.environ, "CDKTF_OUTDIR": str(outdir), **extra, **(env or {})}
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "main.py")], cwd=REPO_ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return outdir


@pytest.fixture
def run_main(tmp_path: Path) -> RunMain:
    """Run the real ``python main.py`` in a subprocess (as cdktf does) into a fresh outdir."""

    def _run(outdir: Path | None = None, **env: str) -> Path:
        return synth_main(outdir or tmp_path / "cdktf.out", env=env)

    return _run


# -- a real pf-local server per test (HTTPS on a free loopback port, in a thread) ------------------------

@pytest.fixture
def start_pf(tmp_path: Path) -> Iterator[StartPf]:
    """Start pf-local servers (``start_pf(seed=..., version=..., tls_cert=...)``); all stop after the test."""
    started: list[PfServer] = []

    def start(**options: Any) -> PfServer:
        pf = start_server(tmp_path, len(started), **options)
        started.append(pf)
        return pf

    yield start
    for pf in started:
        pf.stop()


@pytest.fixture
def pf(start_pf: StartPf) -> PfServer:
    return start_pf()


@pytest.fixture
def write_seed(tmp_path: Path) -> Callable[..., Path]:
    """Write a seed derived from the shipped one, with top-level keys replaced or removed (None)."""

    def write(**changes: Any) -> Path:
        data = json.loads(DEFAULT_SEED_PATH.read_text(encoding="utf-8"))
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        path = tmp_path / f"seed-{len(list(tmp_path.glob('seed-*')))}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return write
