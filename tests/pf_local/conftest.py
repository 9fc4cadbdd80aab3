"""A real pf-local server on a free loopback port per test (in-process thread), driven over HTTPS."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from code42_scim.pf_local.config import DEFAULT_SEED_PATH
from tests.support.pf_local import PASSWORD, USER, PfServer, start_server

__all__ = ["PASSWORD", "USER", "PfServer"]

StartPf = Callable[..., PfServer]


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


@pytest.fixture
def start_pf(tmp_path: Path) -> Iterator[StartPf]:
    started: list[PfServer] = []

    def start(
        *,
        state: Path | None = None,
        seed: Path | None = None,
        version: str | None = None,
        tls_cert: Path | None = None,
        tls_key: Path | None = None,
        port: int = 0,
    ) -> PfServer:
        pf = start_server(tmp_path, len(started), state=state, seed=seed, version=version, tls_cert=tls_cert,
                          tls_key=tls_key, port=port)
        started.append(pf)
        return pf

    yield start
    for pf in started:
        pf.stop()


@pytest.fixture
def pf(start_pf: StartPf) -> PfServer:
    return start_pf()


@pytest.fixture
def admin(pf: PfServer) -> requests.Session:
    return pf.session()
