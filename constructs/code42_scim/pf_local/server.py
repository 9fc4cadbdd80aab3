"""Run the stand-in on werkzeug's threaded server, in the foreground (CLI) or a background thread (tests)."""

from __future__ import annotations

import logging
import ssl
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from .app import LOG, create_app
from .config import ServerConfig, require_loopback
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
    """werkzeug's access log is replaced by the app's own request line (see app._log)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


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
        self.store = Store(options.state)
        self.options = options
        ssl_context: ssl.SSLContext | None = None
        if not options.plain_http:
            ssl_context = server_context(
                cert_out=options.cert_out, host=host, cert_file=options.tls_cert, key_file=options.tls_key
            )
        app = create_app(config, self.store)
        self._server: BaseWSGIServer = make_server(
            host, options.port, app, threaded=True, request_handler=_QuietHandler, ssl_context=ssl_context
        )
        self._thread: threading.Thread | None = None
        self.scheme = "http" if options.plain_http else "https"
        self.base_url = f"{self.scheme}://{'localhost' if host == 'localhost' else host}:{self.port}"
        self.api_url = self.base_url + config.api_path

    @property
    def port(self) -> int:
        return int(self._server.server_port)

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
