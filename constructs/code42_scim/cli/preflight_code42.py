"""``code42-scim preflight code42``: check the Code42 SCIM URL and credentials before deploying.

PingFederate verifies the Code42 credentials only when the connection is activated, i.e. after the change
is merged and applied. This runs the same calls earlier, from CI or a laptop, with the URL and secret taken
the way the stack takes them: URL and auth method from the app config, the secret from ``TF_VAR_<name>``.
Secrets are only ever read from the environment, never from the command line (argv is visible to other
users and lands in shell history and CI logs).

Exit status: 0 when every check passed (warnings allowed), 1 when one failed or the input was wrong, 2 when
the command line is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .._args import env_var_name, looks_like_env_var
from .._errors import ConfigError
from .._secrets import SecretKind, env_var_for, secret_variable_name
from ._http import NetworkSettings, add_network_arguments
from ._scim_checks import Check, Credentials, Options, Status, run_checks, scrub

__all__ = ["register", "run"]

# The Code42 recommended mapping (NOTES §2) when neither --config nor --field says otherwise.
DEFAULT_FIELDS = ("userName", "workEmail", "givenName", "familyName", "externalId", "title", "userType",
                  "department", "division", "workCity", "workState", "workCountry", "workStreetAddress",
                  "workPostalCode")
_BEARER = "OAuth 2 Bearer Token"


def register(parser: argparse.ArgumentParser) -> None:
    # The console's parser already refuses abbreviations: `--token SECRET` never becomes --token-env.
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "Secrets are read from environment variables only, like the stack reads them:\n"
        "  --config code42-scim.toml --environment prod [--connection code42]\n"
        "      URL and auth method from the config; secret from TF_VAR_<secret variable name>\n"
        "  --scim-url URL --auth bearer --token-env VAR\n"
        "  --scim-url URL --auth basic --username NAME --password-env VAR\n"
        "Checks are read-only: nothing is created in Code42. Exit 0 all checks passed, 1 a check failed."
    )
    cfg = parser.add_argument_group("from the app config (as the stack reads it)")
    cfg.add_argument("--config", type=Path, metavar="FILE", help="app config (code42-scim.toml)")
    cfg.add_argument("--environment", metavar="NAME", help="environment in the config")
    cfg.add_argument("--connection", metavar="ID", help="connection id (needed when there are several)")
    exp = parser.add_argument_group("explicit (override the config)")
    exp.add_argument("--scim-url", metavar="URL", help="the Code42 SCIM Base URL")
    exp.add_argument("--auth", choices=("bearer", "basic"), help="authentication method")
    exp.add_argument("--token-env", metavar="VAR", type=env_var_name,
                     help="environment variable holding the access token")
    exp.add_argument("--username", metavar="NAME", help="basic-auth user name (not a secret)")
    exp.add_argument("--password-env", metavar="VAR", type=env_var_name,
                     help="environment variable holding the password")
    exp.add_argument("--field", action="append", metavar="CODE", dest="fields",
                     help="SCIM connector field the stack maps (repeatable; default: from the config, "
                          "else the Code42 recommended mapping)")
    checks = parser.add_argument_group("checks and TLS")
    checks.add_argument("--probe-user", metavar="USERNAME",
                        help="also look this userName up with a SCIM filter (read-only)")
    checks.add_argument("--allow-non-code42-host", action="store_true",
                        help="accept a SCIM URL outside *.code42.com (test servers) as a warning")
    checks.add_argument("--ca-bundle", type=Path, metavar="FILE", help="CA bundle to verify the server with")
    checks.add_argument("--insecure", action="store_true", help="skip TLS verification (lab only)")
    add_network_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document (for CI)")


@dataclass(frozen=True, slots=True)
class _Target:
    scim_url: str | None
    auth: str | None
    construct_id: str | None
    fields: tuple[str, ...]


def _from_config(args: argparse.Namespace) -> _Target:
    if args.config is None:
        if args.environment or args.connection:
            raise ConfigError("--environment/--connection need --config FILE")
        return _Target(None, None, None, ())
    # Imported here: only this path needs the config model.
    from .._config import load_config
    from .._mapping import mapped_field_codes

    app = load_config(args.config)
    if not args.environment:
        raise ConfigError(f"--config needs --environment (one of: {', '.join(sorted(app.environments))})")
    env = app.environments.get(args.environment)
    if env is None:
        raise ConfigError(f"{args.config}: no environment {args.environment!r} "
                          f"(have: {', '.join(sorted(app.environments))})")
    ids = [c.construct_id for c in env.connections]
    if args.connection is None and len(ids) != 1:
        raise ConfigError(f"environment {args.environment!r} has {len(ids)} connections: pass --connection "
                          f"(one of: {', '.join(ids)})")
    wanted = args.connection or ids[0]
    conn = next((c for c in env.connections if c.construct_id == wanted), None)
    if conn is None:
        raise ConfigError(f"environment {args.environment!r} has no connection {wanted!r} "
                          f"(have: {', '.join(ids)})")
    auth = "bearer" if conn.props.auth_method.value == _BEARER else "basic"
    fields = sorted({code for ch in conn.props.channels for code in mapped_field_codes(ch)})
    return _Target(conn.props.scim_url, auth, conn.construct_id, tuple(fields))


def _env_secret(var: str, what: str) -> str:
    value = os.environ.get(var)
    if not value:
        # Name the variable only when it looks like one: anything else may be a secret typed in its place.
        named = f"environment variable {var}" if looks_like_env_var(var) else "the environment variable"
        raise ConfigError(f"{named} is not set: export the {what} there (the same variable Terraform reads)")
    return value


def _credentials(args: argparse.Namespace, target: _Target) -> Credentials:
    auth = args.auth or target.auth
    if auth is None:
        raise ConfigError("no authentication method: pass --auth bearer|basic or --config")

    def var(kind: SecretKind, flag: str | None, flag_name: str) -> str:
        if flag:
            return str(flag)
        if target.construct_id is None:
            raise ConfigError(f"pass {flag_name} VAR (the environment variable holding the secret) "
                              "or --config")
        return env_var_for(secret_variable_name(target.construct_id, kind))

    if auth == "bearer":
        token_var = var("access_token", args.token_env, "--token-env")
        return Credentials("bearer", token_var, token=_env_secret(token_var, "Code42 access token"))
    password_var = var("basic_password", args.password_env, "--password-env")
    username = args.username
    if not username:
        if target.construct_id is None:
            raise ConfigError("basic authentication needs --username NAME")
        username = _env_secret(env_var_for(secret_variable_name(target.construct_id, "basic_username")),
                               "Code42 SCIM username")
    return Credentials("basic", password_var, username=username,
                       password=_env_secret(password_var, "Code42 SCIM password"))


def _options(args: argparse.Namespace) -> Options:
    target = _from_config(args)
    url = args.scim_url or target.scim_url
    if not url:
        raise ConfigError("no SCIM URL: pass --scim-url URL or --config FILE --environment NAME")
    verify: bool | str = False if args.insecure else (str(args.ca_bundle) if args.ca_bundle else True)
    if args.ca_bundle is not None and not args.ca_bundle.is_file():
        raise ConfigError(f"--ca-bundle {args.ca_bundle}: no such file")
    return Options(
        scim_url=url,
        credentials=_credentials(args, target),
        fields=tuple(args.fields or target.fields or DEFAULT_FIELDS),
        allow_non_code42_host=args.allow_non_code42_host,
        verify=verify,
        net=NetworkSettings.from_args(args),
        probe_user=args.probe_user,
    )


def _render_text(checks: tuple[Check, ...], ok: bool) -> str:
    width = max(len(c.name) for c in checks)
    lines = [f"{c.status.value.upper():<4}  {c.name:<{width}}  {c.message}" for c in checks]
    failed = sum(c.status is Status.FAIL for c in checks)
    lines.append("Code42 preflight passed." if ok else f"Code42 preflight failed ({failed} check(s)).")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    options = _options(args)
    checks = run_checks(options)
    ok = all(c.status is not Status.FAIL for c in checks)
    if args.json:
        text = json.dumps({
            "ok": ok,
            "auth": options.credentials.method,
            "secret_source": options.credentials.source,
            "checks": [{"name": c.name, "status": c.status.value, "message": c.message} for c in checks],
        }, indent=2) + "\n"
    else:
        text = _render_text(checks, ok)
    sys.stdout.write(scrub(text, options.credentials.secrets))
    return 0 if ok else 1
