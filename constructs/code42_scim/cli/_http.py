"""Shared HTTP plumbing for the CLI's network commands (preflight, descriptor pull).

Retries are urllib3's :class:`~urllib3.util.retry.Retry` (backoff, ``Retry-After``, which methods may be
sent twice). What is ours:

* a wall-clock :class:`Deadline` per check and per run. ``--timeout`` bounds each socket operation only, so
  a server that trickles bytes could keep a request alive for ever; a watchdog shuts the request's sockets
  down when the deadline passes;
* the transport policy: credentials never go over plain ``http://`` (except to loopback when the user
  passes ``--allow-plain-http-loopback``), redirects are reported instead of followed, ``.netrc`` is ignored
  and ``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY`` are honoured (loopback is never proxied);
* one-line :class:`HttpFailure` messages that name the host (and the proxy, without its credentials), say
  what was received and how to fix it, and never contain a secret.
"""

from __future__ import annotations

import argparse
import base64
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import requests.adapters
import requests.auth
import requests.utils
import urllib3.connection
import urllib3.connectionpool
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.util.retry import Retry

from .._args import count, non_negative_seconds, seconds
from .._errors import Code42ScimError

__all__ = [
    "Deadline",
    "HttpFailure",
    "InsecureTransport",
    "NetworkSettings",
    "add_network_arguments",
    "describe_body",
    "describe_status",
    "is_loopback",
    "make_session",
    "proxy_for",
    "request",
    "require_secure_transport",
    "safe_url",
]

# Retry-After from a server is honoured but never lets one command wait for minutes.
MAX_RETRY_AFTER = 30.0
MAX_BACKOFF = 8.0
DEFAULT_DEADLINE = 60.0
DEFAULT_CHECK_DEADLINE = 30.0
PLAIN_HTTP_FLAG = "--allow-plain-http-loopback"


class HttpFailure(Code42ScimError):
    """A request could not be completed (DNS, refused, TLS, timeout, deadline, exhausted retries).

    The message is one line, names the host and the fix, and never contains a secret. ``deadline`` is the
    flag whose deadline ran out (``--deadline`` ends the run, ``--check-deadline`` only the check).
    """

    def __init__(self, message: str, *, deadline: str | None = None) -> None:
        super().__init__(message)
        self.deadline = deadline


class InsecureTransport(Code42ScimError):
    """Credentials would be sent where they could be read on the way (plain HTTP)."""


class Deadline:
    """A wall-clock budget on the monotonic clock; a child never outlives its parent."""

    def __init__(self, seconds: float, flag: str = "--deadline", *, parent: Deadline | None = None) -> None:
        self.started = time.monotonic()
        self.at: float = self.started + seconds
        self.flag: str = flag
        self.seconds: float = seconds
        if parent is not None and parent.at < self.at:
            self.at, self.flag, self.seconds = parent.at, parent.flag, parent.seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def expired(self) -> bool:
        return self.remaining() <= 0


@dataclass(frozen=True, kw_only=True)
class NetworkSettings:
    """The transport flags every network command shares (see :func:`add_network_arguments`)."""

    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    deadline: float = DEFAULT_DEADLINE
    check_deadline: float = DEFAULT_CHECK_DEADLINE
    allow_plain_http_loopback: bool = False

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> NetworkSettings:
        return cls(timeout=args.timeout, retries=args.retries, backoff=args.backoff, deadline=args.deadline,
                   check_deadline=args.check_deadline, allow_plain_http_loopback=args.allow_plain_http_loopback)

    def run_deadline(self) -> Deadline:
        return Deadline(self.deadline, "--deadline")

    def check(self, run: Deadline) -> Deadline:
        return Deadline(self.check_deadline, "--check-deadline", parent=run)


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """``--timeout/--retries/--backoff/--deadline/--check-deadline/--allow-plain-http-loopback``."""
    net = parser.add_argument_group("network (proxies: HTTPS_PROXY/HTTP_PROXY/NO_PROXY are honoured, loopback "
                                    "is never proxied, ~/.netrc is ignored)")
    net.add_argument("--timeout", type=seconds(maximum=600), default=10.0, metavar="S",
                     help="seconds to wait for a connection or for the next bytes of an answer (default 10)")
    net.add_argument("--retries", type=count(), default=3, metavar="N",
                     help="retries (0-10) after connection errors, 429 and 5xx; only GET-like requests are sent "
                     "twice; Retry-After is honoured up to 30 s (default 3)")
    net.add_argument("--backoff", type=non_negative_seconds(), default=0.5, metavar="S",
                     help="retry backoff factor: waits of 0, 2*S, 4*S... capped at 8 s (default 0.5)")
    net.add_argument("--deadline", type=seconds(), default=DEFAULT_DEADLINE, metavar="S",
                     help="the whole command ends within S seconds, whatever the server does (default 60)")
    net.add_argument("--check-deadline", type=seconds(), default=DEFAULT_CHECK_DEADLINE,
                     metavar="S", help="each check, retries included, ends within S seconds (default 30)")
    net.add_argument(PLAIN_HTTP_FLAG, action="store_true",
                     help="INSECURE, for a test server on this machine only: allow http:// (credentials in "
                     "clear) to 127.0.0.1, ::1 or localhost; any other host still needs https://")


# -- transport policy --------------------------------------------------------------------------------------

def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _split(url: str) -> tuple[str, str, str] | None:
    """(scheme, host[:port], path) of ``url``, never its userinfo (a password) or query (a token); None if bad."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname or ""
    return parts.scheme, f"{host}:{port}" if host and port else host, parts.path


def safe_url(url: str) -> str:
    """scheme://host[:port]/path of ``url``, printable ASCII only, for messages."""
    split = _split(url)
    if split is None or not split[1]:
        return "(a URL without a valid host)"
    return re.sub(r"[^\x21-\x7e]", "?", f"{split[0]}://{split[1]}{split[2]}")[:200]


def require_secure_transport(url: str, *, what: str, allow_plain_http_loopback: bool = False) -> None:
    """Refuse to send ``what`` (credentials) anywhere but HTTPS, or plain HTTP to loopback when allowed."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InsecureTransport(f"{safe_url(url)} is not a valid URL: use https://HOST[:PORT]") from None
    host = parts.hostname
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and host:
        if allow_plain_http_loopback and is_loopback(host):
            return
        if allow_plain_http_loopback:
            raise InsecureTransport(
                f"{PLAIN_HTTP_FLAG} allows http:// only to this machine (127.0.0.1, ::1, localhost), not to "
                f"{safe_url(url)}: use https:// for {what}"
            )
        raise InsecureTransport(
            f"refusing to send {what} over plain http:// to {safe_url(url)}: anyone on the way could read "
            f"them. Use https:// (the PingFederate admin API listens on HTTPS, usually port 9999); only for a "
            f"test server on this machine, pass {PLAIN_HTTP_FLAG}"
        )
    raise InsecureTransport(f"{safe_url(url)} must start with https:// and name a host")


def proxy_for(url: str) -> str | None:
    """The proxy the environment chooses for ``url`` (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY), or None.

    Loopback is never proxied: a local test server is on this machine, not behind the corporate proxy.
    """
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if is_loopback(host):
        return None
    proxies = requests.utils.get_environ_proxies(url)
    return requests.utils.select_proxy(url, proxies) if proxies else None


def _proxy_label(proxy: str) -> str:
    """The proxy as scheme://host:port, without the user:password it may carry."""
    split = _split(proxy if "://" in proxy else f"http://{proxy}")
    return f"{split[0]}://{split[1]}" if split else "(unparsable proxy URL)"


# -- sessions with a watchdog ------------------------------------------------------------------------------

class _Watch:
    """Duplicates of every socket a session opened, so a watchdog can shut them down from another thread.

    A duplicate (not the socket itself) because TLS wrapping detaches the original socket object; shutting a
    duplicate down ends the connection under any layer (proxy tunnel, TLS handshake, trickled body).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._socks: dict[int, socket.socket] = {}

    def add(self, owner: object, sock: socket.socket) -> None:
        dup = sock.dup()
        with self._lock:
            old = self._socks.pop(id(owner), None)
            self._socks[id(owner)] = dup
        if old is not None:
            old.close()

    def discard(self, owner: object) -> None:
        with self._lock:
            dup = self._socks.pop(id(owner), None)
        if dup is not None:
            dup.close()

    def abort(self) -> None:
        with self._lock:
            socks = list(self._socks.values())
        for dup in socks:
            with suppress(OSError):
                dup.shutdown(socket.SHUT_RDWR)


class _WatchedConnection:
    """Mixed into urllib3's connection classes: register each new socket with the session's watch."""

    watch: _Watch

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        self.watch.add(self, sock)
        return sock

    def close(self) -> None:
        self.watch.discard(self)
        super().close()  # type: ignore[misc]


def _pool_classes(watch: _Watch) -> dict[str, type[urllib3.connectionpool.HTTPConnectionPool]]:
    plain = type("WatchedHTTPConnection", (_WatchedConnection, urllib3.connection.HTTPConnection), {"watch": watch})
    tls = type("WatchedHTTPSConnection", (_WatchedConnection, urllib3.connection.HTTPSConnection), {"watch": watch})
    return {
        "http": type("WatchedPool", (urllib3.connectionpool.HTTPConnectionPool,), {"ConnectionCls": plain}),
        "https": type("WatchedTlsPool", (urllib3.connectionpool.HTTPSConnectionPool,), {"ConnectionCls": tls}),
    }


class _Adapter(requests.adapters.HTTPAdapter):
    def __init__(self, *, allow_plain_http_loopback: bool) -> None:
        self.watch = _Watch()
        self.allow_plain_http_loopback = allow_plain_http_loopback
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self.watch)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        manager.pool_classes_by_scheme = _pool_classes(self.watch)
        return manager

    @contextmanager
    def watchdog(self, deadline: Deadline) -> Iterator[threading.Event]:
        """Shut this adapter's sockets down if the block is still running when ``deadline`` passes."""
        fired = threading.Event()

        def fire() -> None:
            fired.set()
            self.watch.abort()

        timer = threading.Timer(max(deadline.remaining(), 0.0), fire)
        timer.daemon = True
        timer.start()
        try:
            yield fired
        finally:
            timer.cancel()


class _Retry(Retry):
    """urllib3's Retry that never waits past the deadline and never retries DNS or TLS failures."""

    deadline: Deadline | None = None

    def new(self, **kw: Any) -> _Retry:
        fresh = super().new(**kw)
        fresh.deadline = self.deadline
        return fresh

    def get_retry_after(self, response: Any) -> float | None:
        after = super().get_retry_after(response)
        return None if after is None else min(after, MAX_RETRY_AFTER)

    def _is_connection_error(self, err: Exception) -> bool:
        # An unknown host name does not heal within a preflight: "other" errors are not retried (other=0).
        return not isinstance(err, NameResolutionError) and super()._is_connection_error(err)

    def increment(self, method: str | None = None, url: str | None = None, response: Any = None,
                  error: Exception | None = None, _pool: Any = None, _stacktrace: Any = None) -> _Retry:
        fresh = super().increment(method, url, response, error, _pool, _stacktrace)
        after = fresh.get_retry_after(response) if response is not None else None
        wait = fresh.get_backoff_time() if after is None else after
        if self.deadline is not None and wait >= self.deadline.remaining():
            # No time left to wait and try again: give the caller the last answer (or error) now.
            raise MaxRetryError(_pool, url, error or ResponseError("no time left before the deadline to retry"))
        return fresh


def _retry(retries: int, backoff: float, deadline: Deadline) -> _Retry:
    policy = _Retry(total=retries, connect=retries, read=retries, status=retries, other=0,
                    allowed_methods=Retry.DEFAULT_ALLOWED_METHODS,
                    status_forcelist=frozenset([429, *range(500, 600)]), backoff_factor=backoff,
                    backoff_max=MAX_BACKOFF, respect_retry_after_header=True, raise_on_status=False,
                    raise_on_redirect=False)
    policy.deadline = deadline
    return policy


def make_session(
    *,
    verify: bool | str = True,
    auth: requests.auth.AuthBase | tuple[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    allow_plain_http_loopback: bool = False,
) -> requests.Session:
    """A session with TLS verification (``True``, a CA bundle path or ``False``), auth and headers."""
    session = requests.Session()
    session.verify = verify
    if auth is not None:
        session.auth = auth
    session.headers.update({"Accept": "application/json", "User-Agent": "code42-scim"})
    if headers:
        session.headers.update(headers)
    # trust_env off: ~/.netrc could add credentials and REQUESTS_CA_BUNDLE override --ca-bundle. Proxies are
    # taken from the environment per request instead (see proxy_for).
    session.trust_env = False
    adapter = _Adapter(allow_plain_http_loopback=allow_plain_http_loopback)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


# -- failures ----------------------------------------------------------------------------------------------

def _host(url: str) -> str:
    split = _split(url)
    return "(unparsable URL)" if split is None else split[1] or "(no host)"


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    stack: list[BaseException | None] = [exc]
    while stack:
        cur = stack.pop()
        if cur is None or any(cur is s for s in seen):
            continue
        seen.append(cur)
        stack.extend([cur.__cause__, cur.__context__])
        stack.extend(a for a in getattr(cur, "args", ()) if isinstance(a, BaseException))
        reason = getattr(cur, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)
    return seen


def _tls_reason(exc: BaseException) -> str:
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return str(cause.verify_message or cause.reason or "certificate verify failed")
    text = str(exc)
    if "doesn't match" in text or "Hostname mismatch" in text:
        return "the certificate does not match the host name"
    return "certificate verify failed"


def _failure(exc: BaseException, method: str, url: str, timeout: float, elapsed: float,
             proxy: str | None) -> HttpFailure:
    host = _host(url)
    via = f" through the proxy {_proxy_label(proxy)} (from HTTPS_PROXY/HTTP_PROXY; NO_PROXY lists hosts that " \
          "bypass it)" if proxy else ""
    if isinstance(exc, requests.exceptions.ProxyError):
        return HttpFailure(
            f"cannot reach {host}{via}: the proxy refused or failed the connection; check the proxy variables, "
            f"or add {urlsplit(url).hostname} to NO_PROXY if it is reachable directly"
        )
    if isinstance(exc, requests.exceptions.SSLError):
        return HttpFailure(
            f"TLS verification failed for {host}{via} ({_tls_reason(exc)}): pass --ca-bundle FILE with the CA "
            "that signed the server certificate and the name on that certificate (--insecure only for a lab)"
        )
    causes = _causes(exc)
    timed_out = isinstance(exc, requests.exceptions.Timeout) or any(
        isinstance(c, ReadTimeoutError | TimeoutError)
        or (isinstance(c, ConnectTimeoutError) and not isinstance(c, NewConnectionError))
        for c in causes
    )
    if timed_out:
        return HttpFailure(
            f"{method} to {host}{via} timed out after {elapsed:.1f}s (no answer within --timeout {timeout:g}s): "
            "check the server is up and reachable from here (firewall, proxy), or raise --timeout"
        )
    if any(isinstance(c, NameResolutionError | socket.gaierror) for c in causes):
        return HttpFailure(f"cannot resolve host name {urlsplit(url).hostname!r}{via}: check the URL / https_host")
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return HttpFailure(
            f"connection refused by {host}{via}: is the server running and listening on that port? "
            "(for the local stand-in: `code42-scim pf-local`)"
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        return HttpFailure(f"cannot connect to {host}{via}: check the URL, the network path and that the server "
                           "is up")
    return HttpFailure(f"{method} to {host}{via} failed ({type(exc).__name__}): check the URL and try again")


def _deadline_failure(method: str, url: str, deadline: Deadline, elapsed: float) -> HttpFailure:
    return HttpFailure(
        f"{method} to {_host(url)} stopped after {elapsed:.1f}s: {deadline.flag} {deadline.seconds:g}s ran out "
        "before the server finished answering (it is too slow or trickles its answer); check the server, or "
        f"raise {deadline.flag}",
        deadline=deadline.flag,
    )


def _carries_credentials(session: requests.Session, kwargs: Mapping[str, Any]) -> bool:
    headers = {**session.headers, **(kwargs.get("headers") or {})}
    return bool(session.auth or kwargs.get("auth") or "Authorization" in headers)


def request(
    session: requests.Session,
    method: str,
    url: str,
    *,
    timeout: float = 10.0,
    retries: int = 3,
    backoff: float = 0.5,
    deadline: Deadline | None = None,
    **kwargs: Any,
) -> requests.Response:
    """Send one request with urllib3's retries, within ``deadline``; return any response, raise HttpFailure.

    Retried (urllib3 ``Retry``): connection errors; read errors and 429/5xx for idempotent methods only;
    ``Retry-After`` is honoured up to 30 s, backoff is capped at 8 s, and no wait goes past the deadline.
    DNS and TLS failures are not retried. Redirects are not followed (credentials go only where the user
    pointed): the 3xx response is returned for :func:`describe_status` to report its target.
    """
    method = method.upper()
    deadline = deadline or Deadline(DEFAULT_DEADLINE)
    adapter = session.get_adapter(url)
    if not isinstance(adapter, _Adapter):
        raise TypeError("request() needs a session from make_session()")
    if _carries_credentials(session, kwargs):
        require_secure_transport(url, what="credentials",
                                 allow_plain_http_loopback=adapter.allow_plain_http_loopback)
    adapter.max_retries = _retry(retries, backoff, deadline)
    proxy = proxy_for(url)
    started = time.monotonic()
    if deadline.expired():
        raise _deadline_failure(method, url, deadline, 0.0)
    per_read = min(timeout, deadline.remaining())
    with adapter.watchdog(deadline) as fired:
        try:
            return session.request(method, url, timeout=(per_read, per_read), allow_redirects=False,
                                   proxies={"http": proxy, "https": proxy} if proxy else {}, **kwargs)
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            elapsed = time.monotonic() - started
            if fired.is_set() or deadline.expired():
                raise _deadline_failure(method, url, deadline, elapsed) from None
            raise _failure(exc, method, url, timeout, elapsed, proxy) from None


# -- what was received -------------------------------------------------------------------------------------

def _request_secrets(response: requests.Response) -> list[str]:
    """The credentials the request carried, so a server echoing them back cannot make us print them."""
    header = str((response.request.headers if response.request else {}).get("Authorization", ""))
    scheme, _, value = header.partition(" ")
    found = [value] if value else []
    if scheme.lower() == "basic" and value:
        with suppress(ValueError):
            found += [p for p in base64.b64decode(value).decode("utf-8", "replace").split(":", 1) if len(p) > 3]
    return [s for s in found if s]


def describe_body(response: requests.Response, limit: int = 80) -> str:
    """What the server sent, for messages: content type, size and a short sanitized snippet."""
    kind = (response.headers.get("Content-Type") or "no content type").split(";")[0].strip()[:60] or "?"
    raw = response.content or b""
    if not raw:
        return f"{kind}, empty body"
    text = " ".join(raw[:4000].decode("utf-8", "replace").split())
    for secret in sorted(_request_secrets(response), key=len, reverse=True):
        text = text.replace(secret, "(secret)")
    text = "".join(ch if ch.isprintable() and ch != '"' else "?" for ch in text)
    snippet = text[:limit] + ("..." if len(text) > limit else "")
    return f'{kind}, {len(raw)} bytes: "{snippet}"'


def json_object(response: requests.Response) -> Mapping[str, Any] | None:
    """The body as a JSON object, or None (not JSON, or JSON but not an object)."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, Mapping) else None


_HINTS = {
    401: "the credentials were rejected: check the user name/password, token or client credentials",
    403: "authenticated but not allowed: the account needs the admin role this call requires",
    404: "not found: check the URL and the API path",
    429: "rate limited: wait and try again",
}


def describe_status(response: requests.Response) -> str:
    """One line for an unexpected status: ``HTTP 401 Unauthorized from host (message): hint``.

    A redirect names its target (not followed: credentials go only to the host the user named); a body that
    is not the expected JSON is described (content type and snippet).
    """
    code = response.status_code
    text = f"HTTP {code}"
    if response.reason:
        text += f" {response.reason}"
    text += f" from {_host(response.url)}" if response.url else ""
    if 300 <= code < 400:
        location = response.headers.get("Location")
        target = safe_url(requests.compat.urljoin(response.url or "", location)) if location else "nowhere"
        return (f"{text}: redirects to {target} (not followed: credentials are sent only to the URL you gave); "
                "if that is the right server, use its URL")
    body = json_object(response)
    message = body.get("message") if body else None
    if isinstance(message, str) and message.strip():
        text += f" ({' '.join(message.split())[:200]})"
        for secret in _request_secrets(response):
            text = text.replace(secret, "(secret)")
    elif response.content:
        text += f" ({describe_body(response)})"
    hint = _HINTS.get(code) or ("the server failed; check its logs and retry later" if code >= 500 else "")
    return f"{text}: {hint}" if hint else text
