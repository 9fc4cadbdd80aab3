"""A real pf-local server on a free loopback port per test (in-process thread), driven over HTTPS."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from code42_scim.pf_local.config import DEFAULT_SEED_PATH, ServerConfig, load_seed
from code42_scim.pf_local.server import LocalServer, ServerOptions

USER, PASSWORD = "administrator", "2FederateM0re"


@dataclass
class PfServer:
    server: LocalServer
    cert: Path
    state: Path
    stopped: bool = field(default=False)

    @property
    def api_url(self) -> str:
        return self.server.api_url

    @property
    def host_url(self) -> str:
        return self.server.base_url

    def session(self, *, auth: tuple[str, str] | None = (USER, PASSWORD), xsrf: bool = True) -> requests.Session:
        s = requests.Session()
        s.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise override s.verify
        s.verify = str(self.cert)
        if auth is not None:
            s.auth = auth
        if xsrf:
            s.headers["X-XSRF-Header"] = "PingFederate"
        return s

    def stop(self) -> None:
        if not self.stopped:
            self.server.stop()
            self.stopped = True


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
        state = state or tmp_path / "state.sqlite3"
        cert = tmp_path / f"cert-{len(started)}.pem"
        config = ServerConfig(seed=load_seed(seed, version=version))
        options = ServerOptions(
            host="127.0.0.1", port=port, state=state, cert_out=cert, tls_cert=tls_cert, tls_key=tls_key
        )
        pf = PfServer(server=LocalServer(config, options).start(), cert=tls_cert or cert, state=state)
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
