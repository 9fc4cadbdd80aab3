"""Class 14 (issue 9): each admin credential comes from its flag, else from the provider's own variable."""

from __future__ import annotations

import json

import pytest

from code42_scim._errors import ConfigError
from code42_scim.cli import build_parser
from code42_scim.cli.preflight.pf_admin import AdminTarget, resolve_target
from tests.support.pf_local import PASSWORD, USER, PfServer

from ..conftest import Cli

ENV = "PINGFEDERATE_PROVIDER_"


def _target(*argv: str, env: dict[str, str]) -> AdminTarget:
    full = ["preflight", "pingfederate", "--url", "https://pf.example.com:9999", *argv]
    return resolve_target(build_parser(full).parse_args(full), env)


def test_a_username_flag_keeps_the_password_from_the_provider_variable(
    cli: Cli, pf: PfServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(f"{ENV}PASSWORD", PASSWORD)
    code, out, _ = cli("preflight", "pingfederate", "--json", "--url", pf.host_url, "--ca-bundle", str(pf.cert),
                       "--username", USER)
    assert (code, json.loads(out)["checks"][0]["status"]) == (0, "pass")


def test_a_client_id_flag_keeps_the_secret_and_token_url_from_the_provider_variables() -> None:
    creds = _target("--client-id", "terraform", env={
        f"{ENV}OAUTH_CLIENT_SECRET": "oauth-secret-1", f"{ENV}OAUTH_TOKEN_URL": "https://pf.example.com:9031/t",
        f"{ENV}OAUTH_SCOPES": "a, b"}).credentials
    assert (creds.method, creds.client_id, creds.client_secret, creds.token_url, creds.scopes) == (
        "oauth_client_credentials", "terraform", "oauth-secret-1", "https://pf.example.com:9031/t", ("a", "b"))


def test_a_flag_named_secret_variable_replaces_only_the_secret() -> None:
    creds = _target("--password-env", "MY_PF_PW", env={f"{ENV}USERNAME": "admin", "MY_PF_PW": "pw-from-mine",
                                                       f"{ENV}PASSWORD": "pw-from-provider"}).credentials
    assert (creds.username, creds.password) == ("admin", "pw-from-mine")


def test_a_flag_mixed_with_another_methods_variable_is_rejected_naming_both_sources() -> None:
    with pytest.raises(ConfigError, match=r"mix methods \(basic: --username, PINGFEDERATE_PROVIDER_PASSWORD; "
                                          r"access_token: PINGFEDERATE_PROVIDER_ACCESS_TOKEN\)"):
        _target("--username", "admin", env={f"{ENV}ACCESS_TOKEN": "tok-1", f"{ENV}PASSWORD": "pw"})


def test_a_missing_password_names_the_variable_and_the_flag() -> None:
    with pytest.raises(ConfigError, match=r"incomplete basic credentials: also set PINGFEDERATE_PROVIDER_PASSWORD "
                                          r"\(or --password-env VAR\)"):
        _target("--username", "admin", env={})
