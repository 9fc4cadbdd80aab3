"""One set of rules for what ``--config``/``--environment``/``--connection`` name, in both preflights (and
the other PingFederate commands): the only environment by default, ``--connection`` narrows to one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.config import connection, environment, write_config
from tests.support.pf_local import PfServer

from ..conftest import Cli
from .conftest import TOKEN, ScimServer


@pytest.fixture(autouse=True)
def _credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_USERNAME", "administrator")
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_PASSWORD", "2FederateM0re")
    monkeypatch.setenv("TF_VAR_code42_access_token", TOKEN)
    monkeypatch.setenv("TF_VAR_code42_eu_access_token", TOKEN)
    monkeypatch.setenv("CODE42_TOKEN", TOKEN)


def _two_connections(pf: PfServer, scim: ScimServer, path: Path, **more: dict[str, object]) -> Path:
    return write_config(path, local=environment(pf.host_url, ca_certificate_pem_files=[str(pf.cert)], connections=[
        connection("code42", scim_url=scim.url),
        connection("code42-eu", connection_id="code42-eu", scim_url=scim.url),
    ]), **more)


def _code42(cli: Cli, scim: ScimServer, *argv: str) -> tuple[int, str, str]:
    return cli("preflight", "code42", "--allow-non-code42-host", "--ca-bundle", str(scim.ca_bundle), *argv)


def test_without_environment_the_only_one_is_used_by_both_preflights(
    cli: Cli, pf: PfServer, scim: ScimServer, tmp_path: Path
) -> None:
    config = write_config(tmp_path / "c.toml", local=environment(
        pf.host_url, ca_certificate_pem_files=[str(pf.cert)], connections=[connection(scim_url=scim.url)]))
    code, out, _ = cli("preflight", "pingfederate", "--json", "--config", str(config))
    assert (code, json.loads(out)["ok"]) == (0, True)
    code, out, _ = _code42(cli, scim, "--config", str(config))
    assert code == 0, out
    assert "credentials from TF_VAR_code42_access_token accepted" in out


@pytest.mark.parametrize("command", [("preflight", "pingfederate"), ("preflight", "code42")])
def test_a_file_with_several_environments_asks_for_one(
    cli: Cli, pf: PfServer, scim: ScimServer, tmp_path: Path, command: tuple[str, ...]
) -> None:
    config = _two_connections(pf, scim, tmp_path / "c.toml", prod=environment())
    code, out, err = cli(*command, "--config", str(config))
    assert (code, out) == (1, "")
    assert err == (f"code42-scim: error: {config} has several environments (local, prod): pick one with "
                   "--environment\n")


@pytest.mark.parametrize("command", [("preflight", "pingfederate"), ("preflight", "code42")])
def test_an_unknown_environment_or_connection_names_the_known_ones(
    cli: Cli, pf: PfServer, scim: ScimServer, tmp_path: Path, command: tuple[str, ...]
) -> None:
    config = _two_connections(pf, scim, tmp_path / "c.toml")
    _, _, err = cli(*command, "--config", str(config), "--environment", "staging")
    assert err == f"code42-scim: error: {config}: no environment 'staging'; known: local\n"
    _, _, err = cli(*command, "--config", str(config), "--connection", "code42-us")
    assert err == ("code42-scim: error: environment 'local' has no connection 'code42-us' (have: code42, "
                   "code42-eu)\n")


@pytest.mark.parametrize("command", [("preflight", "pingfederate"), ("preflight", "code42")])
def test_environment_or_connection_without_a_config_file_is_one_line(cli: Cli, command: tuple[str, ...]) -> None:
    code, _, err = cli(*command, "--connection", "code42")
    assert (code, err) == (1, "code42-scim: error: --environment/--connection need --config FILE\n")


def test_code42_needs_connection_when_the_environment_has_several(
    cli: Cli, pf: PfServer, scim: ScimServer, tmp_path: Path
) -> None:
    config = _two_connections(pf, scim, tmp_path / "c.toml")
    code, _, err = _code42(cli, scim, "--config", str(config))
    assert (code, err) == (1, "code42-scim: error: environment 'local' has 2 connections: pass --connection "
                              "(one of: code42, code42-eu)\n")
    code, out, _ = _code42(cli, scim, "--config", str(config), "--connection", "code42-eu")
    assert code == 0, out
    assert "credentials from TF_VAR_code42_eu_access_token accepted" in out


def test_pingfederate_checks_every_connection_or_the_one_named(
    cli: Cli, pf: PfServer, scim: ScimServer, tmp_path: Path
) -> None:
    config = _two_connections(pf, scim, tmp_path / "c.toml")
    _, out, _ = cli("preflight", "pingfederate", "--json", "--config", str(config))
    checked = {c["name"] for c in json.loads(out)["checks"] if c["name"].startswith("connection ")}
    assert checked == {"connection 'code42-scim'", "connection 'code42-eu'"}
    _, out, _ = cli("preflight", "pingfederate", "--json", "--config", str(config), "--connection", "code42-eu")
    checked = {c["name"] for c in json.loads(out)["checks"] if c["name"].startswith("connection ")}
    assert checked == {"connection 'code42-eu'"}


@pytest.mark.parametrize("command", [("preflight", "pingfederate", "--url", "https://127.0.0.1:9"),
                                     ("preflight", "code42", "--scim-url", "https://console.us.code42.com/v2",
                                      "--auth", "bearer", "--token-env", "CODE42_TOKEN")])
def test_a_missing_ca_bundle_is_named_the_same_way(cli: Cli, tmp_path: Path, command: tuple[str, ...]) -> None:
    code, _, err = cli(*command, "--ca-bundle", str(tmp_path / "none.pem"))
    assert (code, err) == (1, f"code42-scim: error: --ca-bundle {tmp_path / 'none.pem'}: no such file\n")


def test_a_config_ca_file_that_is_missing_names_the_config(cli: Cli, pf: PfServer, tmp_path: Path) -> None:
    config = write_config(tmp_path / "c.toml", local=environment(pf.host_url, ca_certificate_pem_files=["ca.pem"]))
    code, _, err = cli("preflight", "pingfederate", "--config", str(config))
    assert (code, err) == (1, f"code42-scim: error: ca_certificate_pem_files in {config} {tmp_path / 'ca.pem'}: "
                              "no such file\n")


def test_both_reports_have_the_same_json_shape(cli: Cli, pf: PfServer, scim: ScimServer) -> None:
    _, pf_out, _ = cli("preflight", "pingfederate", "--json", "--url", pf.host_url, "--ca-bundle", str(pf.cert))
    _, c42_out, _ = _code42(cli, scim, "--json", "--scim-url", scim.url, "--auth", "bearer", "--token-env",
                            "CODE42_TOKEN")
    pf_report, c42_report = json.loads(pf_out), json.loads(c42_out)
    assert set(pf_report) == {"ok", "url", "checks"}
    assert set(c42_report) == {"ok", "url", "checks", "auth", "secret_source"}
    assert {tuple(sorted(c)) for c in pf_report["checks"] + c42_report["checks"]} == {
        ("detail", "fix", "name", "status")}
    assert c42_report["url"] == scim.url and c42_report["auth"] == "bearer"
