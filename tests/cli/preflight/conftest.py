"""A real SCIM 2.0 server (PyPI ``scim2-server``) on loopback HTTPS, behind an auth/fault gate.

The suite starts the server once (werkzeug, free port, trustme certificate) and stops it at the end. The
gate in front plays Code42's part: it serves the SCIM app under a Code42-like base path, checks bearer or
Basic credentials, and injects per-test faults (status codes, Retry-After, delays) so failures come from a
real HTTP exchange rather than a mocked client.
"""

from __future__ import annotations

import base64
import json
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
import trustme
from scim2_models import ResourceType, ScimProvider
from scim2_server.applications.wsgi import WSGIApplication
from scim2_server.memory import InMemoryStorage
from scim2_server.utils import (
    load_default_resource_types,
    load_default_schemas,
    load_default_service_provider_config,
)
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from code42_scim.cli import main

TOKEN = "c42-TOKEN-9d8e7f6a5b4c3d2e1f"
USERNAME = "svc-pingfederate"
PASSWORD = "c42-PASSWORD-0a1b2c3d4e"
BASE_PATH = "/api/v22/scim-user-provisioning/ORG1"
NO_EXTENSION_PATH = "/api/v22/scim-user-provisioning/NOEXT"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]


@dataclass(frozen=True)
class Fault:
    """Answer requests whose SCIM path ends with ``path`` with ``status`` (after ``delay`` seconds).

    ``times`` limits how many requests are hit (``None``: all), so "fails twice, then works" is testable.
    """

    path: str
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b'{"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "detail": "injected"}'
    content_type: str = "application/scim+json"
    delay: float = 0.0
    times: int | None = None


@dataclass
class Gate:
    """The WSGI middleware in front of scim2-server (mutable: each test configures its faults)."""

    tenants: dict[str, WsgiApp]
    faults: list[Fault] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    fault_hits: Counter[int] = field(default_factory=Counter)
    forbidden_token: str = "c42-FORBIDDEN-token-1234"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.faults.clear()
            self.hits.clear()
            self.fault_hits.clear()

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        prefix = next((p for p in self.tenants if path.startswith(p + "/")), None)
        if prefix is None:
            # Like a web server in front of Code42: an unknown base path is a plain 404 page.
            start_response("404 Not Found", [("Content-Type", "text/html")])
            return [b"<html><body>Not Found</body></html>"]
        rest = path[len(prefix):]
        with self.lock:
            self.hits[rest] += 1
            fault = self._fault_for(rest)
        if fault is not None:
            time.sleep(fault.delay)
            if fault.status is not None:
                start_response(f"{fault.status} Injected", [("Content-Type", fault.content_type),
                                                             *fault.headers])
                return [fault.body]
        if not rest.endswith("/ServiceProviderConfig"):  # RFC 7644 §4: discovery needs no auth
            denied = self._check_auth(environ.get("HTTP_AUTHORIZATION", ""))
            if denied is not None:
                status, body = denied
                start_response(status, [("Content-Type", "application/scim+json"),
                                        ("WWW-Authenticate", 'Bearer realm="code42"')])
                return [json.dumps(body).encode()]
        environ = {**environ, "SCRIPT_NAME": prefix, "PATH_INFO": rest}
        return self.tenants[prefix](environ, start_response)

    def _fault_for(self, rest: str) -> Fault | None:
        for i, fault in enumerate(self.faults):
            if rest.endswith(fault.path) and (fault.times is None or self.fault_hits[i] < fault.times):
                self.fault_hits[i] += 1
                return fault
        return None

    def _check_auth(self, header: str) -> tuple[str, dict[str, Any]] | None:
        scheme, _, value = header.partition(" ")
        error = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"]}
        if scheme.lower() == "bearer" and value == TOKEN:
            return None
        if scheme.lower() == "bearer" and value == self.forbidden_token:
            return "403 Forbidden", {**error, "status": "403", "detail": "not allowed"}
        if scheme.lower() == "basic":
            try:
                user, _, password = base64.b64decode(value).decode().partition(":")
            except ValueError:
                user, password = "", ""
            if (user, password) == (USERNAME, PASSWORD):
                return None
        return "401 Unauthorized", {**error, "status": "401", "detail": "authentication required"}


def _scim_app(*, enterprise: bool) -> WsgiApp:
    schemas = [s for sid, s in load_default_schemas().items() if enterprise or sid != ENTERPRISE]
    types = list(load_default_resource_types().values())
    if not enterprise:
        types = [ResourceType.model_validate({**t.model_dump(), "schemaExtensions": None}) for t in types]
    provider = ScimProvider.from_discovery(schemas, types, config=load_default_service_provider_config())
    return WSGIApplication(InMemoryStorage(), provider)


class _QuietHandler(WSGIRequestHandler):
    def log(self, type: str, message: str, *args: Any) -> None:
        """Keep request lines out of the captured output the tests inspect."""


@dataclass(frozen=True)
class ScimServer:
    gate: Gate
    port: int
    ca_bundle: Path

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}{BASE_PATH}/v2"

    def url_for(self, base_path: str, host: str = "127.0.0.1") -> str:
        return f"https://{host}:{self.port}{base_path}/v2"

    def add_user(self, user_name: str) -> None:
        response = requests.post(f"{self.url}/Users", verify=str(self.ca_bundle), timeout=5,
                                 headers={"Authorization": f"Bearer {TOKEN}"},
                                 json={"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                                       "userName": user_name})
        assert response.status_code == 201, response.text


@pytest.fixture(scope="session")
def _scim_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScimServer]:
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)  # not "localhost": the mismatch test needs that
    bundle = tmp_path_factory.mktemp("tls") / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    gate = Gate({BASE_PATH: _scim_app(enterprise=True), NO_EXTENSION_PATH: _scim_app(enterprise=False)})
    server: BaseWSGIServer = make_server("127.0.0.1", 0, gate, threaded=True, ssl_context=context,
                                         request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="scim2-server", daemon=True)
    thread.start()
    try:
        yield ScimServer(gate, server.port, bundle)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def scim(_scim_server: ScimServer) -> Iterator[ScimServer]:
    """The shared server with no faults and fresh request counters."""
    _scim_server.gate.reset()
    yield _scim_server
    _scim_server.gate.reset()


Preflight = Callable[..., tuple[int, str, str]]


@pytest.fixture
def preflight(scim: ScimServer, capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> Preflight:
    """Run ``code42-scim preflight code42`` against the loopback server with a bearer token from the env.

    Quick retry settings keep failure tests fast; tests override any flag by passing it again.
    """
    monkeypatch.setenv("CODE42_TOKEN", TOKEN)
    monkeypatch.setenv("CODE42_PASSWORD", PASSWORD)

    def run(*args: str, url: str | None = None, auth: tuple[str, ...] | None = None) -> tuple[int, str, str]:
        argv = ["preflight", "code42", "--scim-url", url or scim.url, "--allow-non-code42-host",
                "--ca-bundle", str(scim.ca_bundle), "--retries", "1", "--backoff", "0.01", "--timeout", "5",
                *(auth if auth is not None else ("--auth", "bearer", "--token-env", "CODE42_TOKEN")), *args]
        code = main(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return run
