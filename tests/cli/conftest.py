"""Real loopback servers for the CLI's boundary tests: a scripted HTTP app, a trickling server, a CONNECT proxy."""

from __future__ import annotations

import json
import select
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from code42_scim.cli import main

PF_ENV = ("USERNAME", "PASSWORD", "ACCESS_TOKEN", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET", "OAUTH_TOKEN_URL",
          "OAUTH_SCOPES", "HTTPS_HOST", "PRODUCT_VERSION", "CA_CERTIFICATE_PEM_FILES", "INSECURE_TRUST_ALL_TLS")
PROXY_ENV = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY",
             "no_proxy")

Cli = Callable[..., tuple[int, str, str]]
Route = tuple[int, dict[str, str], bytes]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No provider credentials or proxies leak in from the developer's shell."""
    for name in PF_ENV:
        monkeypatch.delenv(f"PINGFEDERATE_PROVIDER_{name}", raising=False)
    for name in PROXY_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """Run ``code42-scim ARGV`` in-process: (exit code, stdout, stderr); --help's SystemExit becomes its code."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


class _Quiet(WSGIRequestHandler):
    def log(self, type: str, message: str, *args: Any) -> None:
        """Keep request lines out of the captured output."""


@dataclass
class Scripted:
    """A plain-HTTP loopback server answering each path with a scripted (status, headers, body)."""

    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        self.seen.append(path)
        status, headers, body = self.routes.get(path, (404, {"Content-Type": "application/json"},
                                                       b'{"message": "no such path"}'))
        start_response(f"{status} X", list(headers.items()))
        return [body]


def json_route(body: Any, status: int = 200) -> Route:
    return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


@pytest.fixture
def scripted() -> Iterator[Scripted]:
    app = Scripted()
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
    app.port = server.port
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield app
    server.shutdown()
    server.server_close()


@contextmanager
def _tcp_server(handle: Callable[[socket.socket, threading.Event], None]) -> Iterator[int]:
    """A loopback TCP server running ``handle(connection, stop)`` per connection in a thread; yields the port."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=handle, args=(conn, stop), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


@dataclass
class Trickler:
    """Sends a valid HTTP response one byte every 0.2 s, for ever (each socket read succeeds in time)."""

    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def trickler() -> Iterator[Trickler]:
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n" + b" " * 100000

    def serve(conn: socket.socket, stop: threading.Event) -> None:
        with conn:
            for byte in payload:
                if stop.wait(0.2):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    with _tcp_server(serve) as port:
        yield Trickler(port=port)


@dataclass
class Proxy:
    """A minimal HTTP CONNECT proxy on loopback that sends every tunnel to 127.0.0.1 and records requests."""

    port: int = 0
    requests: list[str] = field(default_factory=list)
    auth_headers: list[str] = field(default_factory=list)

    def url(self, credentials: str = "") -> str:
        return f"http://{credentials}127.0.0.1:{self.port}"


def _pump(a: socket.socket, b: socket.socket, stop: threading.Event) -> None:
    while not stop.is_set():
        ready, _, _ = select.select([a, b], [], [], 0.1)
        for sock in ready:
            data = sock.recv(65536)
            if not data:
                return
            (b if sock is a else a).sendall(data)


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    state = Proxy()

    def handle(conn: socket.socket, stop: threading.Event) -> None:
        with conn:
            conn.settimeout(5)
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            state.requests.append(lines[0])
            state.auth_headers += [ln for ln in lines[1:] if ln.lower().startswith("proxy-authorization:")]
            method, target, _ = lines[0].split(" ", 2)
            if method != "CONNECT":
                conn.sendall(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", int(target.rsplit(":", 1)[1])), timeout=5)
            except OSError:
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            with upstream:
                conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                _pump(conn, upstream, stop)

    with _tcp_server(handle) as port:
        state.port = port
        yield state


def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
