"""Shared HTTP plumbing for the CLI's network commands (preflight, descriptor pull).

One place decides retries and turns transport failures into one-line, actionable :class:`HttpFailure`
messages, so every command reports "cannot reach X: do Y" the same way and never prints a traceback or a
secret. Messages name the host only: URLs may carry tokens in query strings, headers carry credentials.
"""

from __future__ import annotations

import email.utils
import socket
import ssl
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
import requests.auth
from urllib3.exceptions import NameResolutionError

from .._errors import Code42ScimError

__all__ = ["HttpFailure", "describe_status", "make_session", "request"]

# Retry-After from a server is honoured but never lets one command hang for minutes.
MAX_RETRY_AFTER = 30.0
MAX_BACKOFF = 8.0
# Methods a server may safely see twice; others are retried only when the request surely never arrived.
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class HttpFailure(Code42ScimError):
    """A request could not be completed (DNS, refused, TLS, timeout, exhausted retries).

    The message is one line, names the host and the fix, and never contains a secret.
    """


def make_session(
    *,
    verify: bool | str = True,
    auth: requests.auth.AuthBase | tuple[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> requests.Session:
    """A session with TLS verification (``True``, a CA bundle path or ``False``), auth and headers."""
    session = requests.Session()
    session.verify = verify
    if auth is not None:
        session.auth = auth
    session.headers.update({"Accept": "application/json", "User-Agent": "code42-scim"})
    if headers:
        session.headers.update(headers)
    # Environment proxies/netrc could silently add credentials or route loopback traffic elsewhere.
    session.trust_env = False
    return session


def _host(url: str) -> str:
    parts = urlsplit(url)
    # hostname/port, never userinfo (which may hold a password).
    host = parts.hostname or url
    return f"{host}:{parts.port}" if parts.port else host


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


def _failure(exc: requests.RequestException, method: str, url: str, timeout: float) -> HttpFailure:
    host = _host(url)
    if isinstance(exc, requests.exceptions.SSLError):
        return HttpFailure(
            f"TLS verification failed for {host} ({_tls_reason(exc)}): pass --ca-bundle FILE with the CA "
            "that signed the server certificate and the name on that certificate (--insecure only for a lab)"
        )
    if isinstance(exc, requests.exceptions.Timeout):
        return HttpFailure(
            f"{method} to {host} timed out after {timeout:g}s: check the server is up and reachable from "
            "here (firewall, proxy), or raise --timeout"
        )
    causes = _causes(exc)
    if any(isinstance(c, NameResolutionError | socket.gaierror) for c in causes):
        return HttpFailure(f"cannot resolve host name {urlsplit(url).hostname!r}: check the URL / https_host")
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return HttpFailure(
            f"connection refused by {host}: is the server running and listening on that port? "
            "(for the local stand-in: `code42-scim pf-local`)"
        )
    if isinstance(exc, requests.exceptions.ConnectionError):
        return HttpFailure(
            f"cannot connect to {host}: check the URL, the network path and that the server is up"
        )
    return HttpFailure(f"{method} to {host} failed ({type(exc).__name__}): check the URL and try again")


def _retry_after(response: requests.Response) -> float | None:
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def request(
    session: requests.Session,
    method: str,
    url: str,
    *,
    timeout: float = 10.0,
    retries: int = 3,
    backoff: float = 0.5,
    **kwargs: Any,
) -> requests.Response:
    """Send one request, retrying transient failures; return the response for any non-retried status.

    Retried: connection errors and timeouts (for non-idempotent methods only failures to connect, where the
    server never saw the request), 429 (honouring ``Retry-After``, capped at 30 s) and 5xx, up to
    ``retries`` extra attempts with exponential backoff capped at 8 s. DNS and TLS failures are not
    retried: they do not heal by themselves. The last 429/5xx response is returned, not raised, so callers
    can report it with :func:`describe_status`.
    """
    method = method.upper()
    idempotent = method in _IDEMPOTENT
    attempt = 0
    while True:
        delay = min(backoff * (2**attempt), MAX_BACKOFF)
        try:
            response = session.request(method, url, timeout=timeout, **kwargs)
        except requests.RequestException as exc:
            failure = _failure(exc, method, url, timeout)
            permanent = isinstance(exc, requests.exceptions.SSLError) or "resolve host" in str(failure)
            safe = (
                idempotent
                or isinstance(exc, requests.exceptions.ConnectTimeout)
                or (
                    isinstance(exc, requests.exceptions.ConnectionError)
                    and not isinstance(exc, requests.exceptions.ReadTimeout)
                    and "refused" in str(failure)
                )
            )
            if permanent or not safe or attempt >= retries:
                raise failure from None
        else:
            status = response.status_code
            retryable = status == 429 or (status >= 500 and idempotent)
            if not retryable or attempt >= retries:
                return response
            if status == 429:
                after = _retry_after(response)
                if after is not None:
                    delay = min(after, MAX_RETRY_AFTER)
            response.close()
        attempt += 1
        time.sleep(delay)


_HINTS = {
    401: "the credentials were rejected: check the user name/password, token or client credentials",
    403: "authenticated but not allowed: the account needs the admin role this call requires",
    404: "not found: check the URL and the API path",
    429: "rate limited: wait and try again",
}


def describe_status(response: requests.Response) -> str:
    """One line for an unexpected status: ``HTTP 401 Unauthorized from host (message): hint``."""
    code = response.status_code
    text = f"HTTP {code}"
    if response.reason:
        text += f" {response.reason}"
    text += f" from {_host(response.url)}" if response.url else ""
    message = ""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, Mapping) and isinstance(body.get("message"), str):
        message = " ".join(body["message"].split())[:200]
    if message:
        text += f" ({message})"
    hint = _HINTS.get(code) or ("the server failed; check its logs and retry later" if code >= 500 else "")
    return f"{text}: {hint}" if hint else text
