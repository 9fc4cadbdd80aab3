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
from dataclasses import dataclass

from ..._args import env_var_name
from ..._errors import ConfigError
from ..._mapping import CODE42_MAPPING, mapped_field_codes
from ..._props import AuthMethod
from ..._secrets import SecretKind, env_var_for, secret_variable_name
from .._http import NetworkSettings, add_network_arguments, safe_url
from .credentials import AuthKind, Credentials, secret_from_env
from .report import Report, emit
from .scim import Options, run_checks
from .target import add_config_arguments, add_tls_arguments, config_target, tls_verify

__all__ = ["DEFAULT_FIELDS", "register", "run"]

# The Code42 recommended mapping when neither --config nor --field says otherwise.
DEFAULT_FIELDS = tuple(CODE42_MAPPING)
# --auth words -> how the request authenticates; and the config's auth_method the same way.
_AUTH = {"bearer": AuthKind.ACCESS_TOKEN, "basic": AuthKind.BASIC}
_CONFIG_AUTH = {AuthMethod.OAUTH2_BEARER_TOKEN: AuthKind.ACCESS_TOKEN, AuthMethod.BASIC: AuthKind.BASIC}
_SAME_AS_TERRAFORM = " (the same variable Terraform reads)"


def register(parser: argparse.ArgumentParser) -> None:
    # The dispatcher's parser already refuses abbreviations: `--token SECRET` never becomes --token-env.
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = (
        "Secrets are read from environment variables only, like the stack reads them:\n"
        "  --config code42-scim.toml [--environment prod] [--connection code42]\n"
        "      URL and auth method from the config; secret from TF_VAR_<secret variable name>\n"
        "  --scim-url URL --auth bearer --token-env VAR\n"
        "  --scim-url URL --auth basic --username NAME --password-env VAR\n"
        "Checks are read-only: nothing is created in Code42. Exit 0 all checks passed, 1 a check failed."
    )
    add_config_arguments(parser, connection=True)
    exp = parser.add_argument_group("explicit (override the config)")
    exp.add_argument("--scim-url", metavar="URL", help="the Code42 SCIM Base URL")
    exp.add_argument("--auth", choices=tuple(_AUTH), help="authentication method")
    exp.add_argument("--token-env", metavar="VAR", type=env_var_name,
                     help="environment variable holding the access token")
    exp.add_argument("--username", metavar="NAME", help="basic-auth user name (not a secret)")
    exp.add_argument("--password-env", metavar="VAR", type=env_var_name,
                     help="environment variable holding the password")
    exp.add_argument("--field", action="append", metavar="CODE", dest="fields",
                     help="SCIM connector field the stack maps (repeatable; default: from the config, "
                          "else the Code42 recommended mapping)")
    checks = parser.add_argument_group("checks")
    checks.add_argument("--probe-user", metavar="USERNAME",
                        help="also look this userName up with a SCIM filter (read-only)")
    checks.add_argument("--allow-non-code42-host", action="store_true",
                        help="accept a SCIM URL outside *.code42.com (test servers) as a warning")
    add_tls_arguments(parser)
    add_network_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON document (for CI)")


@dataclass(frozen=True, slots=True)
class _FromConfig:
    scim_url: str | None = None
    auth: AuthKind | None = None
    construct_id: str | None = None
    fields: tuple[str, ...] = ()


def _from_config(args: argparse.Namespace) -> _FromConfig:
    config = config_target(args)
    if config is None:
        return _FromConfig()
    conn = config.connection()
    fields = sorted({code for ch in conn.props.channels for code in mapped_field_codes(ch)})
    return _FromConfig(conn.props.scim_url, _CONFIG_AUTH[conn.props.auth_method], conn.construct_id,
                       tuple(fields))


def _credentials(args: argparse.Namespace, target: _FromConfig) -> Credentials:
    auth = _AUTH[args.auth] if args.auth else target.auth
    if auth is None:
        raise ConfigError("no authentication method: pass --auth bearer|basic or --config")

    def var(kind: SecretKind, flag: str | None, flag_name: str) -> str:
        if flag:
            return str(flag)
        if target.construct_id is None:
            raise ConfigError(f"pass {flag_name} VAR (the environment variable holding the secret) "
                              "or --config")
        return env_var_for(secret_variable_name(target.construct_id, kind))

    if auth is AuthKind.ACCESS_TOKEN:
        token_var = var("access_token", args.token_env, "--token-env")
        return Credentials(method=auth, secret_source=token_var,
                           access_token=secret_from_env(token_var, "Code42 access token", hint=_SAME_AS_TERRAFORM))
    password_var = var("basic_password", args.password_env, "--password-env")
    username = args.username
    if not username:
        if target.construct_id is None:
            raise ConfigError("basic authentication needs --username NAME")
        username = secret_from_env(env_var_for(secret_variable_name(target.construct_id, "basic_username")),
                                   "Code42 SCIM username", hint=_SAME_AS_TERRAFORM)
    return Credentials(method=auth, secret_source=password_var, username=username,
                       password=secret_from_env(password_var, "Code42 SCIM password", hint=_SAME_AS_TERRAFORM))


def _options(args: argparse.Namespace) -> Options:
    target = _from_config(args)
    url = args.scim_url or target.scim_url
    if not url:
        raise ConfigError("no SCIM URL: pass --scim-url URL or --config FILE")
    verify = tls_verify([(f, "--ca-bundle") for f in args.ca_bundle or []], bool(args.insecure))
    return Options(
        scim_url=url,
        credentials=_credentials(args, target),
        fields=tuple(args.fields or target.fields or DEFAULT_FIELDS),
        allow_non_code42_host=args.allow_non_code42_host,
        verify=verify,
        net=NetworkSettings.from_args(args),
        probe_user=args.probe_user,
    )


def run(args: argparse.Namespace) -> int:
    options = _options(args)
    credentials = options.credentials
    auth_word = next(word for word, kind in _AUTH.items() if kind is credentials.method)
    report = Report(title="Code42 preflight", url=safe_url(options.scim_url), checks=run_checks(options),
                    facts={"auth": auth_word, "secret_source": credentials.secret_source})
    return emit(report, as_json=args.json, secrets=credentials.secrets)
