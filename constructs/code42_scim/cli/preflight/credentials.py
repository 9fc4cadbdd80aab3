"""How a preflight authenticates: one credentials type for both servers, secrets only from the environment.

Secrets are never taken on the command line (argv shows in process lists, shell history and CI logs):
flags name the environment variable that holds one (``--password-env VAR``), and :func:`secret_from_env`
reads it, naming the variable (never a value) when it is not set.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import requests
import requests.auth

from ..._args import looks_like_env_var
from ..._errors import ConfigError

__all__ = ["AuthKind", "BearerAuth", "Credentials", "secret_from_env"]


class AuthKind(enum.StrEnum):
    """How a request proves who sends it (PingFederate's admin API takes all three, Code42 the first two)."""

    BASIC = "basic"
    ACCESS_TOKEN = "access_token"
    OAUTH_CLIENT_CREDENTIALS = "oauth_client_credentials"


class BearerAuth(requests.auth.AuthBase):
    """``Authorization: Bearer`` without ever showing the token in a repr."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = f"Bearer {self._token}"
        return r

    def __repr__(self) -> str:
        return "BearerAuth(<redacted>)"


@dataclass(frozen=True, kw_only=True)
class Credentials:
    """One way to authenticate; secrets are excluded from repr so a traceback or log cannot show them."""

    method: AuthKind
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    token_url: str | None = None
    scopes: tuple[str, ...] = ()
    access_token: str | None = field(default=None, repr=False)
    # Where the secret came from (a variable name, or flags and variables): safe to print, never a value.
    secret_source: str = ""

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.password, self.client_secret, self.access_token) if s)

    def describe(self) -> str:
        if self.method is AuthKind.BASIC:
            return f"basic auth as {self.username!r}"
        if self.method is AuthKind.OAUTH_CLIENT_CREDENTIALS:
            return f"OAuth client credentials for {self.client_id!r}"
        return "a bearer access token"

    def auth(self, token: str | None = None) -> requests.auth.AuthBase:
        """The requests auth: Basic, or Bearer with the access token (``token``: one fetched by OAuth)."""
        if self.method is AuthKind.BASIC:
            return requests.auth.HTTPBasicAuth(self.username or "", self.password or "")
        return BearerAuth(token or self.access_token or "")


def secret_from_env(var: str, what: str, env: Mapping[str, str] | None = None, *, hint: str = "") -> str:
    """The secret in environment variable ``var``; an unset or empty one is a one-line error.

    The variable is named only when it looks like one: anything else may be a secret typed in its place.
    """
    value = (os.environ if env is None else env).get(var)
    if not value:
        named = f"environment variable {var}" if looks_like_env_var(var) else "the environment variable"
        raise ConfigError(f"{named} is not set: export the {what} there{hint}")
    return value
