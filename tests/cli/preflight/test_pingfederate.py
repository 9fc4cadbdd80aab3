"""`code42-scim preflight pingfederate` against the real local server: the pass case and each failure."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import trustme

from code42_scim._descriptor import PINNED_DESCRIPTOR_PATH
from code42_scim.cli import main
from code42_scim.cli.preflight.pingfederate import check_version
from tests.pf_local.helpers import code42_body
from tests.support.config import channel, connection, environment, write_config
from tests.support.pf_local import PfServer, StartPf

Run = Callable[..., tuple[int, dict[str, Any], str]]


@pytest.fixture
def preflight(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run the command in-process with --json; returns (exit code, report, stderr)."""
    for var in ("USERNAME", "PASSWORD", "ACCESS_TOKEN", "OAUTH_CLIENT_ID", "HTTPS_HOST"):
        monkeypatch.delenv(f"PINGFEDERATE_PROVIDER_{var}", raising=False)
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_USERNAME", "administrator")
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_PASSWORD", "2FederateM0re")

    def run(*args: str) -> tuple[int, dict[str, Any], str]:
        code = main(["preflight", "pingfederate", "--json", "--retries", "1", *args])
        out, err = capsys.readouterr()
        return code, (json.loads(out) if out.strip() else {}), err

    return run


def _target(pf: PfServer) -> list[str]:
    return ["--url", pf.host_url, "--ca-bundle", str(pf.cert)]


def _status(report: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["status"] for c in report["checks"]}


def test_a_ready_server_passes_every_check(pf: PfServer, preflight: Run) -> None:
    code, report, _ = preflight(*_target(pf), "--connection-id", "code42-scim", "--data-store", "LDAP-AD")
    assert code == 0 and report["ok"] is True
    assert _status(report) == {
        "reachable and authenticated": "pass",
        "version": "pass",
        "provider version constraint": "pass",
        "outbound provisioning enabled": "pass",
        "connector 'SCIM' installed": "pass",
        "connector 'SCIM' field names": "pass",
        "data store 'LDAP-AD'": "pass",
        "connection 'code42-scim'": "pass",
    }


def test_the_text_report_names_each_check(pf: PfServer, preflight: Run, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["preflight", "pingfederate", *_target(pf), "--data-store", "LDAP-PD"])
    out = capsys.readouterr().out
    assert code == 0
    assert "\nPASS  data store 'LDAP-PD': LDAP (PING_DIRECTORY)" in out
    assert out.endswith("\nPingFederate preflight passed (7 checks).\n")


def test_the_version_check_names_the_provider_releases_that_accept_the_server(pf: PfServer, preflight: Run) -> None:
    _, report, _ = preflight(*_target(pf))
    detail = next(c["detail"] for c in report["checks"] if c["name"] == "version")
    assert detail == "PingFederate 12.1.4.0; provider releases accepting 12.1: 1.2.0-1.8.0"


def test_the_constraint_check_reports_the_constraint_the_stack_uses(pf: PfServer, preflight: Run) -> None:
    _, report, _ = preflight(*_target(pf))
    check = next(c for c in report["checks"] if c["name"] == "provider version constraint")
    assert (check["status"], check["detail"]) == (
        "pass",
        "'>= 1.2.0, < 1.9.0' (derived from the server's version (no product_version configured)) admits "
        "1.2.0-1.8.0, which accept PingFederate 12.1",
    )


def test_a_server_that_is_down_fails_with_connection_refused(preflight: Run) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: connections are refused
        code, report, _ = preflight("--url", f"https://127.0.0.1:{port}", "--retries", "0")
    assert code == 1
    first = report["checks"][0]
    assert (first["status"], first["detail"].startswith(f"connection refused by 127.0.0.1:{port}")) == ("fail", True)
    assert report["checks"][1]["status"] == "skip"


def test_a_wrong_password_fails_with_401_and_is_never_printed(
    pf: PfServer, preflight: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_PASSWORD", "Wrong-Secret-99")
    code, report, err = preflight(*_target(pf))
    first = report["checks"][0]
    assert (code, first["status"], "HTTP 401" in first["detail"]) == (1, "fail", True)
    assert "Wrong-Secret-99" not in json.dumps(report) + err


def test_a_missing_data_store_fails(pf: PfServer, preflight: Run) -> None:
    code, report, _ = preflight(*_target(pf), "--data-store", "LDAP-NOPE")
    check = next(c for c in report["checks"] if c["name"] == "data store 'LDAP-NOPE'")
    assert (code, check["status"], check["detail"]) == (1, "fail", "does not exist on the server")


def test_a_non_ldap_data_store_fails(pf: PfServer, preflight: Run) -> None:
    code, report, _ = preflight(*_target(pf), "--data-store", "ProvisionerDS")
    check = next(c for c in report["checks"] if c["name"] == "data store 'ProvisionerDS'")
    assert (code, check["status"]) == (1, "fail") and "JDBC" in check["detail"]


def test_a_missing_connector_fails_and_lists_installed_ones(
    start_pf: StartPf, write_seed: Callable[..., Path], preflight: Run
) -> None:
    pf = start_pf(seed=write_seed(connectors=[]))
    code, report, _ = preflight(*_target(pf))
    check = next(c for c in report["checks"] if c["name"] == "connector 'SCIM' installed")
    assert (code, check["status"], check["detail"]) == (1, "fail", "no connector descriptor 'SCIM'; installed: none")


def test_connector_field_names_that_differ_from_the_descriptor_in_use_fail(
    pf: PfServer, preflight: Run, tmp_path: Path
) -> None:
    ours = json.loads(PINNED_DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    token = next(f for f in ours["configDescriptor"]["fields"] if f["label"] == "Access Token")
    token["name"] = "ACCESS_TOKEN_GUESS"
    (tmp_path / "ours.json").write_text(json.dumps(ours), encoding="utf-8")
    code, report, _ = preflight(*_target(pf), "--descriptor", str(tmp_path / "ours.json"))
    check = next(c for c in report["checks"] if c["name"] == "connector 'SCIM' field names")
    assert (code, check["status"]) == (1, "fail") and check["detail"].endswith("for: access token")


def test_disabled_outbound_provisioning_fails(
    start_pf: StartPf, write_seed: Callable[..., Path], preflight: Run
) -> None:
    pf = start_pf(seed=write_seed(outboundProvisioning=None))
    code, report, _ = preflight(*_target(pf))
    assert (code, _status(report)["outbound provisioning enabled"]) == (1, "fail")


def test_an_unsupported_old_version_fails(start_pf: StartPf, preflight: Run) -> None:
    pf = start_pf(version="10.0.3.0")
    code, report, _ = preflight(*_target(pf))
    assert (code, _status(report)["version"]) == (1, "fail")


@pytest.mark.parametrize(
    ("version", "status"),
    [
        ("11.2.0.0", "pass"),
        ("12.1.4.0", "pass"),
        ("12.2.0.0", "pass"),
        ("13.1.0.0", "pass"),
        ("11.1.0.0", "fail"),
        ("10.0.0.0", "fail"),
        ("14.0.0.0", "fail"),
        ("banana", "fail"),
    ],
)
def test_version_support_table(version: str, status: str) -> None:
    assert check_version(version)[0].status == status


def test_a_configured_product_version_that_differs_is_a_warning() -> None:
    checks = check_version("12.1.4.0", product_version="12.0")
    assert [(c.name, c.status) for c in checks] == [
        ("version", "pass"), ("provider version constraint", "pass"), ("product_version", "warn")]


def test_a_pinned_provider_version_that_refuses_the_server_fails_with_the_constraint_to_use() -> None:
    check = check_version("12.1.4.0", product_version="12.1", provider_version=">= 1.9.0")[1]
    assert (check.status, check.fix) == (
        "fail", 'set provider_version = ">= 1.2.0, < 1.9.0", or remove it to derive it from product_version')
    assert "admitted by '>= 1.9.0' (1.9.0) accepts PingFederate 12.1" in check.detail


def test_a_product_version_whose_constraint_refuses_the_server_fails_with_the_version_to_set() -> None:
    check = check_version("12.1.4.0", product_version="13.1")[1]
    assert (check.name, check.status, check.fix) == (
        "provider version constraint", "fail", 'set product_version = "12.1" (the provider constraint follows it)')


def test_an_existing_scim_connection_is_reported_as_import_needed(pf: PfServer, preflight: Run) -> None:
    pf.session().post(f"{pf.api_url}/idp/spConnections", json=code42_body("code42-scim"))
    code, report, _ = preflight(*_target(pf), "--connection-id", "code42-scim")
    check = next(c for c in report["checks"] if c["name"] == "connection 'code42-scim'")
    assert (code, check["status"]) == (0, "warn") and "terraform import" in check["fix"]


def test_an_existing_unrelated_connection_with_the_same_id_fails(pf: PfServer, preflight: Run) -> None:
    body = {"type": "SP", "id": "code42-scim", "name": "SAML app", "entityId": "saml"}
    pf.session().post(f"{pf.api_url}/idp/spConnections", json=body)
    code, report, _ = preflight(*_target(pf), "--connection-id", "code42-scim")
    assert (code, _status(report)["connection 'code42-scim'"]) == (1, "fail")


def test_a_self_signed_server_is_refused_without_its_ca(pf: PfServer, preflight: Run) -> None:
    code, report, _ = preflight("--url", pf.host_url)
    first = report["checks"][0]
    assert (code, first["status"]) == (1, "fail")
    assert first["detail"].startswith("TLS verification failed for 127.0.0.1") and "--ca-bundle" in first["detail"]


def test_a_certificate_for_another_name_is_refused(start_pf: StartPf, tmp_path: Path, preflight: Run) -> None:
    ca = trustme.CA()
    leaf = ca.issue_cert("pf.example.com")
    leaf.private_key_and_cert_chain_pem.write_to_path(str(tmp_path / "leaf.pem"))
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    pf = start_pf(tls_cert=tmp_path / "leaf.pem")
    code, report, _ = preflight("--url", pf.host_url, "--ca-bundle", str(tmp_path / "ca.pem"))
    first = report["checks"][0]
    assert (code, first["status"], first["detail"].startswith("TLS verification failed")) == (1, "fail", True)


def test_insecure_skips_tls_verification(pf: PfServer, preflight: Run) -> None:
    code, report, _ = preflight("--url", pf.host_url, "--insecure")
    assert (code, _status(report)["reachable and authenticated"]) == (0, "pass")


def test_a_bearer_token_the_server_rejects_fails_with_401(
    pf: PfServer, preflight: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PINGFEDERATE_PROVIDER_USERNAME")
    monkeypatch.delenv("PINGFEDERATE_PROVIDER_PASSWORD")
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_ACCESS_TOKEN", "Bearer-Secret-77")
    code, report, err = preflight(*_target(pf))
    assert (code, "HTTP 401" in report["checks"][0]["detail"]) == (1, True)
    assert "Bearer-Secret-77" not in json.dumps(report) + err


def test_mixed_auth_methods_are_rejected_in_one_line(
    pf: PfServer, preflight: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOME_TOKEN", "t")
    code, report, err = preflight(*_target(pf), "--username", "a", "--password-env",
                                  "PINGFEDERATE_PROVIDER_PASSWORD", "--access-token-env", "SOME_TOKEN")
    assert (code, report) == (1, {})
    assert err.startswith("code42-scim: error: PingFederate credentials mix methods") and err.count("\n") == 1


def test_a_password_named_by_flag_is_read_from_that_variable(
    pf: PfServer, preflight: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PINGFEDERATE_PROVIDER_PASSWORD")
    monkeypatch.setenv("MY_PF_PASSWORD", "2FederateM0re")
    code, report, _ = preflight(*_target(pf), "--username", "administrator", "--password-env", "MY_PF_PASSWORD")
    assert code == 0
    assert report["checks"][0]["status"] == "pass"


def test_a_secret_pasted_into_a_flag_is_refused_without_echoing_it(pf: PfServer, preflight: Run) -> None:
    code, _, err = preflight(*_target(pf), "--username", "administrator", "--password-env", "s3cr3t!pass")
    assert code == 2
    assert "takes the NAME of an environment variable" in err
    assert "s3cr3t!pass" not in err


def test_targets_and_channels_come_from_the_config_file(pf: PfServer, preflight: Run, tmp_path: Path) -> None:
    config = tmp_path / "code42-scim.toml"
    write_config(config, local=environment(pf.host_url, ca_certificate_pem_files=[str(pf.cert)], connections=[
        connection(scim_url="https://console.us.code42.com/api/v22/scim-user-provisioning/t/v2", channels=[
            channel("AD users"),
            channel("PD users", data_store_id="LDAP-GONE", base_dn="ou=people,dc=example,dc=com"),
        ])]))
    code, report, _ = preflight("--config", str(config), "--environment", "local")
    status = _status(report)
    assert code == 1
    assert (
        status["data store 'LDAP-AD' (channel 'AD users')"],
        status["data store 'LDAP-GONE' (channel 'PD users')"],
        status["connection 'code42-scim'"],
    ) == ("pass", "fail", "pass")
