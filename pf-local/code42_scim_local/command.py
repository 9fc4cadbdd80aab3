"""``code42-scim pf-local``: run the local PingFederate admin API stand-in in the foreground."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from pathlib import Path
from types import FrameType

from .config import DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, ServerConfig, load_seed
from .server import LocalServer, ServerOptions, configure_logging

__all__ = ["register", "run"]

DEFAULT_STATE = Path(".local") / "pf-local" / "state.sqlite3"


def _port(value: str) -> int:
    """argparse type: a TCP port, 0-65535 (the socket layer would silently take 99999 as 34463)."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("takes a port number from 1 to 65535, or 0 for a free one") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("takes a port number from 1 to 65535, or 0 for a free one")
    return port


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=9999, help="port 1-65535 (default 9999; 0 picks a free one)")
    parser.add_argument(
        "--state",
        type=Path,
        default=DEFAULT_STATE,
        help=f"SQLite state file; survives restarts (default {DEFAULT_STATE})",
    )
    parser.add_argument(
        "--seed",
        type=Path,
        default=None,
        help="JSON seed with data stores, connectors and version (default: the shipped seed)",
    )
    parser.add_argument(
        "--pf-version",
        default=os.environ.get("PF_LOCAL_VERSION"),
        help="version reported by GET /version (default from the seed, 12.1.4.0)",
    )
    parser.add_argument(
        "--admin-user",
        default=os.environ.get("PF_LOCAL_ADMIN_USER", DEFAULT_ADMIN_USER),
        help="admin user name (env PF_LOCAL_ADMIN_USER; default administrator). The password comes from the "
        "environment only: PF_LOCAL_ADMIN_PASSWORD (default 2FederateM0re)",
    )
    # No --admin-password: a secret on argv shows in process lists and shell history. The parser refuses
    # the option by name (code42_scim._args.SafeArgumentParser, via the dispatcher), without repeating its value.
    parser.add_argument(
        "--cert-out",
        type=Path,
        default=None,
        help="where to write the generated certificate (default: beside the state file); "
        "clients trust it with --ca-bundle",
    )
    parser.add_argument("--tls-cert", type=Path, default=None, help="serve this certificate (PEM) instead")
    parser.add_argument("--tls-key", type=Path, default=None, help="private key (PEM) for --tls-cert")
    parser.add_argument(
        "--plain-http",
        action="store_true",
        help="serve plain HTTP instead of HTTPS (the provider needs HTTPS; tests/debug only)",
    )


def run(args: argparse.Namespace) -> int:
    configure_logging()
    password = os.environ.get("PF_LOCAL_ADMIN_PASSWORD") or DEFAULT_ADMIN_PASSWORD
    config = ServerConfig(
        seed=load_seed(args.seed, version=args.pf_version),
        admin_user=args.admin_user,
        admin_password=password,
    )
    state: Path = args.state
    options = ServerOptions(
        host=args.host,
        port=args.port,
        state=state,
        cert_out=args.cert_out or state.with_name("pf-local-cert.pem"),
        plain_http=args.plain_http,
        tls_cert=args.tls_cert,
        tls_key=args.tls_key,
    )
    server = LocalServer(config, options)

    def _stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    trust = "" if options.plain_http or options.tls_cert else f"; trust it with --ca-bundle {options.cert_out}"
    print(
        f"pf-local: serving {server.api_url} (PingFederate {config.seed.version}, state {state}{trust}); "
        f"Ctrl-C to stop",
        file=sys.stderr,
        flush=True,
    )
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()  # werkzeug returns from here on Ctrl-C / SIGTERM
    print("pf-local: stopped", file=sys.stderr)
    return 0
