"""Run the stand-in on werkzeug's threaded server, in the foreground (CLI) or a background thread (tests)."""

from __future__ import annotations

import errno
import json
import logging
import socket
import ssl
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from werkzeug.serving import (
    BaseWSGIServer,
    ThreadedWSGIServer,
    WSGIRequestHandler,
    get_sockaddr,
    select_address_family,
)

from code42_scim._errors import ConfigError

from .app import LOG, create_app
from .config import ServerConfig, require_loopback
from .limits import log_safe
from .store import Store
from .tls import server_context

__all__ = ["LocalServer", "ServerOptions", "configure_logging"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ServerOptions:
    """Where to listen and keep state; TLS is on unless ``plain_http`` is set explicitly."""

    host: str = "127.0.0.1"
    port: int = 9999
    state: Path
    cert_out: Path
    plain_http: bool = False
    tls_cert: Path | None = None
    tls_key: Path | None = None


class _QuietHandler(WSGIRequestHandler):
    """werkzeug's access log is replaced by the app's own request line (see app._log); its other messages
    (a malformed request line, a dropped connection) go to pf-local's log, escaped, on one line."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None

    def log(self, type: str, message: str, *args: Any) -> None:
        LOG.log(logging.ERROR if type == "error" else logging.INFO, "%s %s", log_safe(self.address_string()),
                log_safe(message % args if args else message))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A request too malformed to reach the app (bad request line, 414) still gets a JSON ApiResult."""
        phrase = HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else "Error"
        self.log_error("code %d, message %s", code, message or phrase)
        body = json.dumps({"resultId": "bad_request", "message": f"{phrase}."}).encode()
        self.send_response(code, phrase)
        self.send_header("Connection", "close")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if getattr(self, "command", None) != "HEAD":
            self.wfile.write(body)
        self.close_connection = True


class _Server(ThreadedWSGIServer):
    """werkzeug's threaded server whose own messages are one escaped line in pf-local's log, never a traceback."""

    def log(self, type: str, message: str, *args: Any) -> None:
        # e.g. "Error on request:" + a traceback: its first and last lines (what failed, and the exception).
        lines = (message % args if args else message).strip().splitlines() or [""]
        text = lines[0] if len(lines) == 1 else f"{lines[0]} {lines[-1]}"
        LOG.log(logging.ERROR if type == "error" else logging.INFO, "%s", log_safe(text))

    def handle_error(self, request: Any, client_address: Any) -> None:
        kind = sys.exc_info()[0]
        LOG.error("connection from %s failed: %s", log_safe(client_address), kind.__name__ if kind else "error")


def _listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket ourselves: werkzeug would print two lines and exit on a port in use."""
    if not 0 <= port <= 65535:
        raise ConfigError(f"pf-local: port {port} is out of range; use 1-65535, or 0 for a free one")
    family = select_address_family(host, port)
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(get_sockaddr(host, port, family))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        hint = "; pick another --port, or 0 for a free one" if exc.errno == errno.EADDRINUSE else ""
        raise ConfigError(f"pf-local cannot listen on {host}:{port}: {exc.strerror or exc}{hint}") from None
    return sock


def configure_logging() -> None:
    """Request lines on stderr, without bodies or headers."""
    if not LOG.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("pf-local: %(message)s"))
        LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False


class LocalServer:
    """One running stand-in: ``start()`` serves in a thread, ``stop()`` shuts down and closes the state."""

    def __init__(self, config: ServerConfig, options: ServerOptions) -> None:
        host = require_loopback(options.host)
        sock = _listen(host, options.port)
        try:
            self.store = Store(options.state)
            try:
                ssl_context: ssl.SSLContext | None = None
                if not options.plain_http:
                    ssl_context = server_context(
                        cert_out=options.cert_out, host=host, cert_file=options.tls_cert, key_file=options.tls_key
                    )
                app = create_app(config, self.store)
                # werkzeug serves a duplicate of our socket's descriptor.
                self._server: BaseWSGIServer = _Server(
                    host, options.port, app, handler=_QuietHandler, ssl_context=ssl_context, fd=sock.fileno()
                )
            except BaseException:
                self.store.close()
                raise
        finally:
            sock.close()
        self.options = options
        self._thread: threading.Thread | None = None
        self.scheme = "http" if options.plain_http else "https"
        shown = f"[{host}]" if ":" in host else host  # an IPv6 literal is bracketed in a URL
        self.base_url = f"{self.scheme}://{shown}:{self.port}"
        self.api_url = self.base_url + config.api_path

    @property
    def port(self) -> int:
        return int(self._server.port)  # the bound port (werkzeug reads it from the socket; 0 became a free one)

    def start(self) -> LocalServer:
        # A short poll interval makes stop() quick (shutdown waits for the loop to notice).
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="pf-local", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        try:
            self._server.serve_forever()
        finally:
            self._close()

    def stop(self) -> None:
        self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._close()

    def _close(self) -> None:
        self._server.server_close()
        self.store.close()
