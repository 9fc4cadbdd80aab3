"""Connecting to a PingFederate admin API as the Terraform provider does (shared by preflight/descriptor).

Same inputs as the provider: ``https_host`` + ``admin_api_path``; Basic, OAuth client credentials or a
bearer token (mixing is rejected); ``ca_certificate_pem_files`` / ``insecure_trust_all_tls``; and the same
``PINGFEDERATE_PROVIDER_*`` environment variables, so a shell set up for ``terraform apply`` works here.
"""

from __future__ import annotations

import argparse
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
import requests.auth
from urllib3.exceptions import InsecureRequestWarning

from ..._args import env_var_name
from ..._config import ConnectionConfig, EnvironmentConfig
from ..._errors import ConfigError
from .._http import (
    Deadline,
    HttpFailure,
    NetworkSettings,
    add_network_arguments,
    describe_body,
    describe_status,
    json_object,
    make_session,
    request,
    require_secure_transport,
)
from .credentials import AuthKind, Credentials, secret_from_env
from .target import ConfigTarget, add_config_arguments, add_tls_arguments, config_target, tls_verify

__all__ = ["ENV", "AdminClient", "AdminTarget", "add_target_arguments", "connect", "resolve_target"]

ENV = "PINGFEDERATE_PROVIDER_"
DEFAULT_API_PATH = "/pf-admin-api/v1"


@dataclass(frozen=True, kw_only=True)
class AdminTarget:
    """Where the admin API is and how to talk to it."""

    https_host: str
    admin_api_path: str
    verify: bool | str
    credentials: Credentials
    product_version: str | None = None
    provider_version: str | None = None  # the config's Terraform constraint for the provider, if pinned
    config: ConfigTarget | None = None

    @property
    def api_url(self) -> str:
        return self.https_host.rstrip("/") + "/" + self.admin_api_path.strip("/")

    @property
    def environment(self) -> EnvironmentConfig | None:
        return self.config.environment if self.config else None

    @property
    def connections(self) -> tuple[ConnectionConfig, ...]:
        return self.config.connections if self.config else ()


def add_target_arguments(parser: argparse.ArgumentParser, *, connection: bool = False) -> None:
    """Config, target, TLS, auth and transport flags (each falls back to the provider's environment variable)."""
    add_config_arguments(parser, connection=connection)
    where = parser.add_argument_group(f"target (flags override --config; both override {ENV}*)")
    where.add_argument(
        "--url", help=f"admin HTTPS host, e.g. https://pf.example.com:9999 (env {ENV}HTTPS_HOST)"
    )
    where.add_argument("--admin-api-path", help=f"default {DEFAULT_API_PATH} (env {ENV}ADMIN_API_PATH)")
    add_tls_arguments(parser, env=ENV)
    auth = parser.add_argument_group(
        "authentication (like the provider: each value from its flag, else from its PINGFEDERATE_PROVIDER_* "
        "variable; one method only; secrets only ever from environment variables -- argv shows in process "
        "lists and CI logs -- and never shown in output)"
    )
    auth.add_argument("--username", help=f"admin user (default: env {ENV}USERNAME)")
    auth.add_argument("--password-env", metavar="VAR", type=env_var_name,
                      help=f"variable holding the admin password (default {ENV}PASSWORD)")
    auth.add_argument("--client-id", help=f"OAuth client id (default: env {ENV}OAUTH_CLIENT_ID)")
    auth.add_argument("--client-secret-env", metavar="VAR", type=env_var_name,
                      help=f"variable holding the OAuth client secret (default {ENV}OAUTH_CLIENT_SECRET)")
    auth.add_argument("--token-url", help=f"OAuth token endpoint, https:// (default: env {ENV}OAUTH_TOKEN_URL)")
    auth.add_argument(
        "--scope", action="append", default=None,
        help=f"OAuth scope; repeatable (default: env {ENV}OAUTH_SCOPES, comma-separated)",
    )
    auth.add_argument("--access-token-env", metavar="VAR", type=env_var_name,
                      help=f"variable holding a bearer token (default {ENV}ACCESS_TOKEN)")
    add_network_arguments(parser)


@dataclass(frozen=True, slots=True)
class _Field:
    flag: str  # argparse dest
    env: str  # PINGFEDERATE_PROVIDER_<env>
    method: AuthKind
    secret: str = ""  # what the secret is, for messages ("" for a value that is not secret)


# The provider's auth attributes: each is read from its own setting, else from its own variable.
_FIELDS: dict[str, _Field] = {
    "username": _Field("username", "USERNAME", AuthKind.BASIC),
    "password": _Field("password_env", "PASSWORD", AuthKind.BASIC, "PingFederate admin password"),
    "client_id": _Field("client_id", "OAUTH_CLIENT_ID", AuthKind.OAUTH_CLIENT_CREDENTIALS),
    "client_secret": _Field("client_secret_env", "OAUTH_CLIENT_SECRET", AuthKind.OAUTH_CLIENT_CREDENTIALS,
                            "OAuth client secret"),
    "token_url": _Field("token_url", "OAUTH_TOKEN_URL", AuthKind.OAUTH_CLIENT_CREDENTIALS),
    "scopes": _Field("scope", "OAUTH_SCOPES", AuthKind.OAUTH_CLIENT_CREDENTIALS),
    "access_token": _Field("access_token_env", "ACCESS_TOKEN", AuthKind.ACCESS_TOKEN, "PingFederate access token"),
}
_REQUIRED = {
    AuthKind.BASIC: ("username", "password"),
    AuthKind.OAUTH_CLIENT_CREDENTIALS: ("client_id", "client_secret", "token_url"),
    AuthKind.ACCESS_TOKEN: ("access_token",),
}


def _flag(field: _Field) -> str:
    return "--" + field.flag.replace("_", "-")


def _resolve_field(name: str, args: argparse.Namespace, env: Mapping[str, str]) -> tuple[Any, str]:
    """(value, where it came from) for one provider auth attribute: its flag wins, else its variable."""
    field = _FIELDS[name]
    given = getattr(args, field.flag, None)
    if field.secret and given:
        return secret_from_env(given, field.secret, env), f"{given} (from {_flag(field)})"
    if given:
        return given, _flag(field)
    raw = env.get(f"{ENV}{field.env}")
    if name == "scopes":
        return [s.strip() for s in (raw or "").split(",") if s.strip()], f"{ENV}{field.env}"
    return raw or None, f"{ENV}{field.env}"


def _credentials(args: argparse.Namespace, env: Mapping[str, str]) -> Credentials:
    # Exactly the provider's rule: every attribute independently from its flag or its variable, then one
    # method only. A flag therefore overrides just what it names (--username keeps the password variable).
    resolved = {name: _resolve_field(name, args, env) for name in _FIELDS}
    present = {name: source for name, (value, source) in resolved.items() if value}
    used = [m for m in _REQUIRED if any(_FIELDS[n].method is m for n in present)]
    if not used:
        raise ConfigError(
            f"no PingFederate admin credentials: set {ENV}USERNAME and {ENV}PASSWORD (or "
            f"{ENV}ACCESS_TOKEN, or {ENV}OAUTH_CLIENT_ID/_OAUTH_CLIENT_SECRET/_OAUTH_TOKEN_URL)"
        )
    if len(used) > 1:
        sources = "; ".join(f"{m}: {', '.join(s for n, s in present.items() if _FIELDS[n].method is m)}"
                            for m in used)
        raise ConfigError(
            f"PingFederate credentials mix methods ({sources}); like the provider, use exactly one: "
            "username+password, client id+secret+token URL, or an access token -- unset the other variables"
        )
    method = used[0]
    missing = [n for n in _REQUIRED[method] if n not in present]
    if missing:
        how = ", ".join(f"{ENV}{_FIELDS[n].env} (or {_flag(_FIELDS[n])}{' VAR' if _FIELDS[n].secret else ''})"
                        for n in missing)
        raise ConfigError(f"incomplete {method} credentials: also set {how}")
    values = {name: value for name, (value, _) in resolved.items()}
    return Credentials(
        method=method,
        username=values["username"],
        password=values["password"],
        client_id=values["client_id"],
        client_secret=values["client_secret"],
        token_url=values["token_url"],
        scopes=tuple(values["scopes"] or ()),
        access_token=values["access_token"],
        secret_source=", ".join(sorted(present.values())),
    )


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes"}


def resolve_target(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> AdminTarget:
    """Combine flags, the config environment and ``PINGFEDERATE_PROVIDER_*`` into one target."""
    env = os.environ if env is None else env
    config = config_target(args)
    pf = config.environment.pingfederate if config else None
    host = args.url or (pf.https_host if pf else None) or env.get(f"{ENV}HTTPS_HOST")
    if not host:
        raise ConfigError(
            f"no PingFederate URL: pass --url https://HOST:9999, --config FILE, or set {ENV}HTTPS_HOST"
        )
    require_secure_transport(host, what="the PingFederate admin credentials",
                             allow_plain_http_loopback=args.allow_plain_http_loopback)
    if urlsplit(host).username is not None or urlsplit(host).password is not None:
        raise ConfigError("the PingFederate URL must not carry user:password@ (credentials come from "
                          f"{ENV}USERNAME/_PASSWORD or the other auth variables): remove them")
    path = args.admin_api_path or (pf.admin_api_path if pf else None) or env.get(f"{ENV}ADMIN_API_PATH")
    ca_files = [(f, "--ca-bundle") for f in args.ca_bundle or []]
    if not ca_files and config and pf and pf.ca_certificate_pem_files:
        ca_files = [(config.file(f), f"ca_certificate_pem_files in {config.path}")
                    for f in pf.ca_certificate_pem_files]
    if not ca_files:
        ca_files = [(f.strip(), f"{ENV}CA_CERTIFICATE_PEM_FILES")
                    for f in (env.get(f"{ENV}CA_CERTIFICATE_PEM_FILES") or "").split(",") if f.strip()]
    if args.insecure is not None:
        insecure = bool(args.insecure)
    elif pf and pf.insecure_trust_all_tls is not None:
        insecure = pf.insecure_trust_all_tls
    else:
        insecure = _truthy(env.get(f"{ENV}INSECURE_TRUST_ALL_TLS"))
    credentials = _credentials(args, env)
    if credentials.token_url:
        require_secure_transport(credentials.token_url, what="the OAuth client secret",
                                 allow_plain_http_loopback=args.allow_plain_http_loopback)
    return AdminTarget(
        https_host=host,
        admin_api_path=path or DEFAULT_API_PATH,
        verify=tls_verify(ca_files, insecure),
        credentials=credentials,
        product_version=(pf.product_version if pf else None) or env.get(f"{ENV}PRODUCT_VERSION"),
        provider_version=pf.provider_version if pf else None,
        config=config,
    )


class AdminClient:
    """GETs against the admin API with the provider's headers; transport failures raise HttpFailure.

    ``run`` is the whole command's deadline; each call gets a check deadline inside it unless given one.
    """

    def __init__(self, target: AdminTarget, net: NetworkSettings) -> None:
        self.target = target
        self.net = net
        self.run = net.run_deadline()
        if target.verify is False:
            # The user chose --insecure knowingly; one warning per request would drown the report.
            warnings.simplefilter("ignore", InsecureRequestWarning)
        self.session = self._session(headers={"X-XSRF-Header": "PingFederate"})
        self._auth: requests.auth.AuthBase | None = None

    def _session(self, headers: Mapping[str, str] | None = None) -> requests.Session:
        return make_session(verify=self.target.verify, headers=headers,
                            allow_plain_http_loopback=self.net.allow_plain_http_loopback)

    def check_deadline(self) -> Deadline:
        return self.net.check(self.run)

    def _request(self, session: requests.Session, method: str, url: str, deadline: Deadline | None,
                 **kwargs: Any) -> requests.Response:
        return request(session, method, url, timeout=self.net.timeout, retries=self.net.retries,
                       backoff=self.net.backoff, deadline=deadline or self.check_deadline(), **kwargs)

    def _authenticate(self, deadline: Deadline | None) -> requests.auth.AuthBase:
        c = self.target.credentials
        if c.method is AuthKind.OAUTH_CLIENT_CREDENTIALS:
            return c.auth(self._client_credentials_token(deadline))
        return c.auth()

    def _client_credentials_token(self, deadline: Deadline | None) -> str:
        c = self.target.credentials
        data = {"grant_type": "client_credentials"}
        if c.scopes:
            data["scope"] = " ".join(c.scopes)
        resp = self._request(self._session(), "POST", c.token_url or "", deadline, data=data,
                             auth=(c.client_id or "", c.client_secret or ""))
        body = json_object(resp) if resp.status_code == 200 else None
        if resp.status_code != 200:
            raise HttpFailure(
                f"OAuth token request failed: {describe_status(resp)} (check the client id/secret and token URL)"
            )
        token = body.get("access_token") if body else None
        if not isinstance(token, str) or not token:
            raise HttpFailure(
                f"the OAuth token endpoint answered HTTP 200 with {describe_body(resp)}, without an access_token: "
                "check the token URL"
            )
        return token

    def get(self, path: str, deadline: Deadline | None = None) -> requests.Response:
        if self._auth is None:
            self._auth = self._authenticate(deadline)
            self.session.auth = self._auth
        return self._request(self.session, "GET", self.target.api_url + path, deadline)


def connect(args: argparse.Namespace) -> AdminClient:
    return AdminClient(resolve_target(args), NetworkSettings.from_args(args))
