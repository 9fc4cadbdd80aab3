"""Connecting to a PingFederate admin API as the Terraform provider does (shared by preflight/descriptor).

Same inputs as the provider: ``https_host`` + ``admin_api_path``; Basic, OAuth client credentials or a
bearer token (mixing is rejected); ``ca_certificate_pem_files`` / ``insecure_trust_all_tls``; and the same
``PINGFEDERATE_PROVIDER_*`` environment variables, so a shell set up for ``terraform apply`` works here.
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import requests.auth
from urllib3.exceptions import InsecureRequestWarning

from .._config import EnvironmentConfig, load_config
from .._errors import ConfigError
from ._http import HttpFailure, describe_status, make_session, request

__all__ = ["AdminClient", "AdminTarget", "add_target_arguments", "connect", "resolve_target"]

ENV = "PINGFEDERATE_PROVIDER_"
DEFAULT_API_PATH = "/pf-admin-api/v1"


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
    """One of the provider's three auth methods; secrets are excluded from repr."""

    method: str  # "basic" | "oauth_client_credentials" | "access_token"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    token_url: str | None = None
    scopes: tuple[str, ...] = ()
    access_token: str | None = field(default=None, repr=False)

    def describe(self) -> str:
        if self.method == "basic":
            return f"basic auth as {self.username!r}"
        if self.method == "oauth_client_credentials":
            return f"OAuth client credentials for {self.client_id!r}"
        return "a bearer access token"


@dataclass(frozen=True, kw_only=True)
class AdminTarget:
    """Where the admin API is and how to talk to it."""

    https_host: str
    admin_api_path: str
    verify: bool | str
    credentials: Credentials
    product_version: str | None = None
    environment: EnvironmentConfig | None = None

    @property
    def api_url(self) -> str:
        return self.https_host.rstrip("/") + "/" + self.admin_api_path.strip("/")


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    """Target, TLS, auth and transport flags (each falls back to the provider's environment variable)."""
    where = parser.add_argument_group(
        "target (flags override --config; both override PINGFEDERATE_PROVIDER_*)"
    )
    where.add_argument("--config", type=Path, help="app config file (code42-scim.toml)")
    where.add_argument("--environment", help="environment in --config (default: the only one)")
    where.add_argument(
        "--url", help=f"admin HTTPS host, e.g. https://pf.example.com:9999 (env {ENV}HTTPS_HOST)"
    )
    where.add_argument("--admin-api-path", help=f"default {DEFAULT_API_PATH} (env {ENV}ADMIN_API_PATH)")
    tls = parser.add_argument_group("TLS")
    tls.add_argument(
        "--ca-bundle",
        action="append",
        default=None,
        metavar="PEM",
        help=f"trust this CA certificate file; repeatable (env {ENV}CA_CERTIFICATE_PEM_FILES)",
    )
    tls.add_argument(
        "--insecure",
        action="store_true",
        default=None,
        help=f"do not verify TLS (lab servers only; env {ENV}INSECURE_TRUST_ALL_TLS)",
    )
    auth = parser.add_argument_group(
        "authentication (one method; secrets only ever from environment variables — argv shows in process "
        "lists and CI logs — and never shown in output)"
    )
    auth.add_argument("--username", help=f"admin user (env {ENV}USERNAME)")
    auth.add_argument("--password-env", metavar="VAR", help=f"variable holding the admin password "
                      f"(default {ENV}PASSWORD)")
    auth.add_argument("--client-id", help=f"OAuth client id (env {ENV}OAUTH_CLIENT_ID)")
    auth.add_argument("--client-secret-env", metavar="VAR", help=f"variable holding the OAuth client secret "
                      f"(default {ENV}OAUTH_CLIENT_SECRET)")
    auth.add_argument("--token-url", help=f"OAuth token endpoint (env {ENV}OAUTH_TOKEN_URL)")
    auth.add_argument(
        "--scope", action="append", default=None, help=f"OAuth scope; repeatable (env {ENV}OAUTH_SCOPES)"
    )
    auth.add_argument("--access-token-env", metavar="VAR", help=f"variable holding a bearer token "
                      f"(default {ENV}ACCESS_TOKEN)")
    net = parser.add_argument_group("transport")
    net.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    net.add_argument(
        "--retries",
        type=int,
        default=3,
        help="retries for connection errors, 429 and 5xx (default 3, exponential backoff)",
    )


_AUTH_FLAGS = ("username", "password_env", "client_id", "client_secret_env", "token_url", "scope",
               "access_token_env")
_SECRETS = ("password", "client_secret", "access_token")
_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _secret_from(env: Mapping[str, str], flag: str, name: str | None) -> str | None:
    if name is None:
        return None
    if not _VAR_NAME.match(name):
        # Most likely a pasted secret: refuse without echoing it.
        raise ConfigError(f"--{flag} takes the NAME of an environment variable holding the secret, not the secret")
    value = env.get(name)
    if not value:
        raise ConfigError(f"--{flag}: environment variable {name} is not set")
    return value


def _credentials(args: argparse.Namespace, env: Mapping[str, str]) -> Credentials:
    # Flags win as a whole: mixing a flag-given method with leftovers of another method in the environment
    # would otherwise be rejected as "mixed" for no fault of the user.
    if any(getattr(args, k, None) for k in _AUTH_FLAGS):
        values: dict[str, Any] = {
            "username": args.username,
            "password": _secret_from(env, "password-env", args.password_env),
            "client_id": args.client_id,
            "client_secret": _secret_from(env, "client-secret-env", args.client_secret_env),
            "token_url": args.token_url,
            "scope": args.scope,
            "access_token": _secret_from(env, "access-token-env", args.access_token_env),
        }
    else:
        values = {
            "username": env.get(f"{ENV}USERNAME"),
            "password": env.get(f"{ENV}PASSWORD"),
            "client_id": env.get(f"{ENV}OAUTH_CLIENT_ID"),
            "client_secret": env.get(f"{ENV}OAUTH_CLIENT_SECRET"),
            "token_url": env.get(f"{ENV}OAUTH_TOKEN_URL"),
            "scope": [s for s in (env.get(f"{ENV}OAUTH_SCOPES") or "").split(",") if s.strip()],
            "access_token": env.get(f"{ENV}ACCESS_TOKEN"),
        }
    groups = {
        "basic": ("username", "password"),
        "oauth_client_credentials": ("client_id", "client_secret", "token_url"),
        "access_token": ("access_token",),
    }
    used = [m for m, keys in groups.items() if any(values.get(k) for k in keys)]
    if not used:
        raise ConfigError(
            f"no PingFederate admin credentials: set {ENV}USERNAME and {ENV}PASSWORD (or "
            f"{ENV}ACCESS_TOKEN, or {ENV}OAUTH_CLIENT_ID/_OAUTH_CLIENT_SECRET/_OAUTH_TOKEN_URL)"
        )
    if len(used) > 1:
        raise ConfigError(
            f"PingFederate credentials mix methods ({', '.join(used)}); like the provider, use "
            "exactly one: username+password, client id+secret+token URL, or an access token"
        )
    method = used[0]
    missing = [k for k in groups[method] if not values.get(k)]
    if missing:
        raise ConfigError(
            f"incomplete {method} credentials: also set "
            f"{', '.join('--' + k.replace('_', '-') + ('-env' if k in _SECRETS else '') for k in missing)}"
        )
    return Credentials(
        method=method,
        username=values["username"],
        password=values["password"],
        client_id=values["client_id"],
        client_secret=values["client_secret"],
        token_url=values["token_url"],
        scopes=tuple(s.strip() for s in values.get("scope") or ()),
        access_token=values["access_token"],
    )


def _verify(ca_files: list[str], insecure: bool) -> bool | str:
    if insecure:
        return False
    if not ca_files:
        return True
    for f in ca_files:
        if not Path(f).is_file():
            raise ConfigError(f"CA certificate file {f} does not exist")
    if len(ca_files) == 1:
        return ca_files[0]
    # requests takes one bundle: concatenate (files are public certificates, nothing secret).
    bundle = tempfile.NamedTemporaryFile("w", prefix="code42-scim-ca-", suffix=".pem", delete=False)  # noqa: SIM115
    with bundle:
        for f in ca_files:
            bundle.write(Path(f).read_text(encoding="utf-8").rstrip() + "\n")
    return bundle.name


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes"}


def resolve_target(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> AdminTarget:
    """Combine flags, the config environment and ``PINGFEDERATE_PROVIDER_*`` into one target."""
    env = os.environ if env is None else env
    environment: EnvironmentConfig | None = None
    if args.config is not None:
        app = load_config(args.config)
        if args.environment:
            environment = app.environment(args.environment)
        elif len(app.environments) == 1:
            environment = next(iter(app.environments.values()))
        else:
            raise ConfigError(
                f"{args.config} has several environments ({', '.join(app.environments)}): "
                "pick one with --environment"
            )
    elif args.environment:
        raise ConfigError("--environment needs --config FILE")
    pf = environment.pingfederate if environment else None
    host = args.url or (pf.https_host if pf else None) or env.get(f"{ENV}HTTPS_HOST")
    if not host:
        raise ConfigError(
            f"no PingFederate URL: pass --url https://HOST:9999, --config FILE, or set {ENV}HTTPS_HOST"
        )
    if not host.startswith(("https://", "http://")):
        raise ConfigError(f"--url {host!r} must start with https:// (the admin API is HTTPS)")
    path = args.admin_api_path or (pf.admin_api_path if pf else None) or env.get(f"{ENV}ADMIN_API_PATH")
    ca_files: list[str] = list(args.ca_bundle or [])
    if not ca_files and pf and pf.ca_certificate_pem_files:
        base = Path(args.config).resolve().parent
        ca_files = [str(p if Path(p).is_absolute() else base / p) for p in pf.ca_certificate_pem_files]
    if not ca_files:
        ca_files = [p for p in (env.get(f"{ENV}CA_CERTIFICATE_PEM_FILES") or "").split(",") if p.strip()]
    if args.insecure is not None:
        insecure = bool(args.insecure)
    elif pf and pf.insecure_trust_all_tls is not None:
        insecure = pf.insecure_trust_all_tls
    else:
        insecure = _truthy(env.get(f"{ENV}INSECURE_TRUST_ALL_TLS"))
    return AdminTarget(
        https_host=host,
        admin_api_path=path or DEFAULT_API_PATH,
        verify=_verify(ca_files, insecure),
        credentials=_credentials(args, env),
        product_version=(pf.product_version if pf else None) or env.get(f"{ENV}PRODUCT_VERSION"),
        environment=environment,
    )


class AdminClient:
    """GETs against the admin API with the provider's headers; transport failures raise HttpFailure."""

    def __init__(self, target: AdminTarget, *, timeout: float, retries: int) -> None:
        self.target = target
        self.timeout = timeout
        self.retries = retries
        if target.verify is False:
            # The user chose --insecure knowingly; one warning per request would drown the report.
            warnings.simplefilter("ignore", InsecureRequestWarning)
        self.session = make_session(verify=target.verify, headers={"X-XSRF-Header": "PingFederate"})
        self.session.auth = self._auth()

    def _auth(self) -> requests.auth.AuthBase:
        c = self.target.credentials
        if c.method == "basic":
            return requests.auth.HTTPBasicAuth(c.username or "", c.password or "")
        if c.method == "access_token":
            return BearerAuth(c.access_token or "")
        return BearerAuth(self._client_credentials_token())

    def _client_credentials_token(self) -> str:
        c = self.target.credentials
        token_url = c.token_url or ""
        data = {"grant_type": "client_credentials"}
        if c.scopes:
            data["scope"] = " ".join(c.scopes)
        plain = make_session(verify=self.target.verify)
        resp = request(
            plain,
            "POST",
            token_url,
            timeout=self.timeout,
            retries=self.retries,
            data=data,
            auth=(c.client_id or "", c.client_secret or ""),
        )
        if resp.status_code != 200:
            raise HttpFailure(
                f"OAuth token request failed: {describe_status(resp)} (check the client id/secret "
                "and token URL)"
            )
        try:
            token = resp.json()["access_token"]
        except (ValueError, KeyError, TypeError):
            raise HttpFailure(
                "the OAuth token endpoint answered without an access_token: check the token URL"
            ) from None
        return str(token)

    def get(self, path: str) -> requests.Response:
        return request(
            self.session, "GET", self.target.api_url + path, timeout=self.timeout, retries=self.retries
        )


def connect(args: argparse.Namespace) -> AdminClient:
    return AdminClient(resolve_target(args), timeout=args.timeout, retries=args.retries)
