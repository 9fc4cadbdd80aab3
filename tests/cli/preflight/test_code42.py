"""``code42-scim preflight code42`` against a real SCIM 2.0 server on loopback (see conftest)."""

from __future__ import annotations

import json
import logging
import re
import socket
from pathlib import Path
from typing import Any

import pytest

from code42_scim import CODE42_MAPPING
from code42_scim.cli import main
from code42_scim.cli.preflight.report import Status
from code42_scim.cli.preflight.scim import check_url
from tests.support.config import connection, environment, write_config

from .conftest import NO_EXTENSION_PATH, PASSWORD, TOKEN, USERNAME, Fault, Preflight, ScimServer

BASIC = ("--auth", "basic", "--username", USERNAME, "--password-env", "CODE42_PASSWORD")
C42 = "https://console.us.code42.com/v2"


def _fail_lines(out: str) -> list[str]:
    return [ln for ln in out.splitlines() if ln.startswith("FAIL")]


# -- passing runs ------------------------------------------------------------------------------------------

def test_a_bearer_token_the_server_accepts_passes(preflight: Preflight) -> None:
    code, out, _ = preflight()
    assert code == 0
    assert "PASS  credentials: credentials from CODE42_TOKEN accepted (GET /Users → 200)" in out
    assert out.endswith("Code42 preflight passed (4 checks).\n")


def test_basic_credentials_the_server_accepts_pass(preflight: Preflight) -> None:
    code, out, _ = preflight(auth=BASIC)
    assert code == 0
    assert "PASS  credentials: credentials from CODE42_PASSWORD accepted" in out


def test_json_output_lists_every_check(preflight: Preflight) -> None:
    code, out, _ = preflight("--json")
    report = json.loads(out)
    assert code == 0
    assert report["ok"] is True
    assert [(c["name"], c["status"]) for c in report["checks"]] == [
        ("url", "warn"), ("service", "pass"), ("credentials", "pass"), ("schema", "pass")]


def test_the_config_supplies_url_auth_method_and_secret_variable(
    scim: ScimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "code42-scim.toml"
    write_config(config, test=environment(connections=[connection(
        name="Code42", entity_id="code42", scim_url=scim.url, auth_method="oauth2_bearer_token")]))
    monkeypatch.setenv("TF_VAR_code42_access_token", TOKEN)
    code = main(["preflight", "code42", "--config", str(config), "--environment", "test",
                 "--allow-non-code42-host", "--ca-bundle", str(scim.ca_bundle)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "credentials from TF_VAR_code42_access_token accepted" in out
    assert "PASS  schema: the user schema accepts all " in out


def test_a_probe_user_that_exists_is_found(preflight: Preflight, scim: ScimServer) -> None:
    scim.add_user("alice@example.com")
    code, out, _ = preflight("--probe-user", "alice@example.com")
    assert code == 0
    assert "PASS  probe-user: the probe user exists in Code42" in out


def test_a_probe_user_that_does_not_exist_is_a_warning(preflight: Preflight) -> None:
    code, out, _ = preflight("--probe-user", "nobody@example.com")
    assert code == 0
    assert "WARN  probe-user: the probe user is not in Code42 yet" in out


def test_a_missing_service_provider_config_falls_back_to_users(preflight: Preflight,
                                                               scim: ScimServer) -> None:
    scim.gate.faults.append(Fault("/ServiceProviderConfig", status=404))
    code, out, _ = preflight()
    assert code == 0
    assert "SKIP  service: /ServiceProviderConfig not available (HTTP 404); probing /Users instead" in out


# -- the secret never leaks --------------------------------------------------------------------------------

@pytest.mark.parametrize("token", [TOKEN, "c42-WRONG-token-5566778899"])
@pytest.mark.parametrize("fmt", [(), ("--json",)])
def test_the_token_never_appears_in_output(preflight: Preflight, monkeypatch: pytest.MonkeyPatch,
                                           token: str, fmt: tuple[str, ...]) -> None:
    monkeypatch.setenv("CODE42_TOKEN", token)
    _, out, err = preflight(*fmt)
    assert token not in out + err


def test_the_token_never_reaches_the_logs(preflight: Preflight, monkeypatch: pytest.MonkeyPatch,
                                         caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("CODE42_TOKEN", "c42-WRONG-token-5566778899")
    with caplog.at_level(logging.DEBUG):
        preflight()
        preflight(auth=("--auth", "bearer", "--token-env", "CODE42_TOKEN"))
    assert caplog.records  # urllib3 did log the requests
    assert "c42-WRONG-token-5566778899" not in caplog.text


def test_a_server_echoing_the_token_is_scrubbed(preflight: Preflight, scim: ScimServer) -> None:
    echo = json.dumps({"message": f"bad header Bearer {TOKEN}"}).encode()
    scim.gate.faults.append(Fault("/Users", status=418, body=echo, content_type="application/json"))
    code, out, err = preflight()
    assert code == 1
    assert TOKEN not in out + err
    assert "(secret)" in out


def test_the_password_never_appears_in_output(preflight: Preflight, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CODE42_PASSWORD", "c42-WRONG-password-778899")
    code, out, err = preflight(auth=BASIC)
    assert code == 1
    assert "c42-WRONG-password-778899" not in out + err
    assert PASSWORD not in out + err


def test_a_secret_passed_where_a_variable_name_belongs_is_refused_without_echo(
    preflight: Preflight,
) -> None:
    code, out, err = preflight(auth=("--auth", "bearer", "--token-env", "c42-TOKEN-literal/secret+value"))
    assert code == 2
    assert "argument --token-env: takes the NAME of an environment variable" in err
    assert "literal/secret" not in out + err


def test_there_is_no_flag_that_takes_the_token_itself(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["preflight", "code42", "--scim-url", "https://console.us.code42.com/x", "--token", "abc-secret"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == ("code42-scim preflight code42: error: --token is not accepted: secrets are never taken on the "
                   "command line (argv shows in process lists and CI logs; the value given is not shown); pass the "
                   "NAME of an environment variable holding it with --token-env VAR\n")


# -- HTTP failures: one actionable line each ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        (None, "rejected the access token from CODE42_TOKEN (HTTP 401): issue a new one in Code42"),
        (Fault("/Users", status=403), "accepted the access token but refused /Users (HTTP 403)"),
        (Fault("/Users", status=429, headers=(("Retry-After", "1"),)),
         "rate-limited the preflight (HTTP 429, Retry-After 1s) after 1 retries: wait 1s and run it again"),
        (Fault("/Users", status=503), "failed on /Users (HTTP 503) after 1 retries"),
        (Fault("/ServiceProviderConfig", status=500), "failed on /ServiceProviderConfig (HTTP 500)"),
        (Fault("/Users", status=200, body=b"<html>login</html>", content_type="text/html"),
         "answered HTTP 200 but not with a SCIM ListResponse"),
    ],
    ids=["401", "403", "429", "503", "500-discovery", "not-scim"],
)
def test_an_http_failure_is_one_actionable_line(preflight: Preflight, scim: ScimServer,
                                                monkeypatch: pytest.MonkeyPatch,
                                                fault: Fault | None, expected: str) -> None:
    if fault is None:
        monkeypatch.setenv("CODE42_TOKEN", "c42-WRONG-token-000")
    else:
        scim.gate.faults.append(fault)
    code, out, _ = preflight()
    (line,) = _fail_lines(out)
    assert code == 1
    assert expected in line
    assert re.search(r"\nCode42 preflight failed \(1 of \d checks\)\.\n$", out)


def test_a_wrong_base_path_is_reported_as_such(preflight: Preflight, scim: ScimServer) -> None:
    code, out, _ = preflight(url=scim.url_for("/api/v22/wrong-path"))
    (line,) = _fail_lines(out)
    assert code == 1
    assert "no SCIM endpoint at /api/v22/wrong-path/v2/Users on 127.0.0.1 (HTTP 404): wrong base path" in line


def test_a_transient_503_is_retried_until_it_passes(preflight: Preflight, scim: ScimServer) -> None:
    scim.gate.faults.append(Fault("/Users", status=503, times=2))
    code, _, _ = preflight("--retries", "2")
    assert code == 0
    assert scim.gate.hits["/v2/Users"] == 3


def test_retries_are_bounded(preflight: Preflight, scim: ScimServer) -> None:
    scim.gate.faults.append(Fault("/Users", status=503))
    code, _, _ = preflight("--retries", "2")
    assert code == 1
    assert scim.gate.hits["/v2/Users"] == 3


# -- transport failures ------------------------------------------------------------------------------------

def test_an_untrusted_certificate_is_a_tls_failure(scim: ScimServer, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CODE42_TOKEN", TOKEN)
    code = main(["preflight", "code42", "--scim-url", scim.url, "--allow-non-code42-host", "--auth", "bearer",
                 "--token-env", "CODE42_TOKEN", "--retries", "0"])
    (line,) = _fail_lines(capsys.readouterr().out)
    assert code == 1
    assert "TLS verification failed for 127.0.0.1" in line
    assert "--ca-bundle" in line


def test_a_certificate_for_another_name_is_a_tls_failure(preflight: Preflight, scim: ScimServer) -> None:
    code, out, _ = preflight(url=scim.url_for("/api/v22/scim-user-provisioning/ORG1", host="localhost"))
    (line,) = _fail_lines(out)
    assert code == 1
    assert "TLS verification failed for localhost" in line


def test_a_slow_server_is_a_timeout(preflight: Preflight, scim: ScimServer) -> None:
    scim.gate.faults.append(Fault("/ServiceProviderConfig", delay=1.0))
    code, out, _ = preflight("--timeout", "0.3", "--retries", "0")
    (line,) = _fail_lines(out)
    assert code == 1
    assert "timed out after 0.3s" in line


def test_a_closed_port_is_connection_refused(preflight: Preflight) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, out, _ = preflight("--retries", "0", url=f"https://127.0.0.1:{port}/scim/v2")
    (line,) = _fail_lines(out)
    assert code == 1
    assert line.endswith(f"connection refused by 127.0.0.1:{port}: is the server running and listening "
                         "on that port?")


def test_an_unknown_host_name_is_a_dns_failure(preflight: Preflight, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def no_such_host(host: Any, *args: Any, **kwargs: Any) -> Any:
        # Fail this one name locally: the test must not query a real resolver.
        if host == "console.us.code42.com":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    code, out, _ = preflight(url="https://console.us.code42.com/api/v22/scim-user-provisioning/ORG1/v2")
    (line,) = _fail_lines(out)
    assert code == 1
    assert "cannot resolve host name 'console.us.code42.com'" in line


# -- URL checks --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("console.us.code42.com", "is the Code42 US console"),
        ("console.us2.code42.com", "is the Code42 US2 console"),
        ("console.ie.code42.com", "is the Code42 Ireland console"),
        ("console.gov.code42.com", "is the Code42 US government console"),
        ("api.eu.code42.com", "is a Code42 host (*.code42.com)"),
    ],
)
def test_code42_hosts_pass_the_url_check(host: str, expected: str) -> None:
    check, safe = check_url(f"https://{host}/api/v22/scim-user-provisioning/ORG1/v2", False)
    assert (check.status, safe) == (Status.PASS, True)
    assert check.detail == f"{host} {expected}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://console.us.code42.com/scim/v2", "must start with https://"),
        ("https://user:pw@console.us.code42.com/scim/v2", "contains credentials"),
        ("https://code42.com.attacker.example/scim/v2", "is not a Code42 host"),
        ("https://example.com/scim/v2", "credentials were not sent"),
        ("https:///scim/v2", "has no host name"),
    ],
)
def test_a_bad_url_fails_before_any_request(url: str, expected: str) -> None:
    check, safe = check_url(url, False)
    assert (check.status, safe) == (Status.FAIL, False)
    assert expected in check.detail


def test_a_non_code42_host_gets_no_request_without_the_allow_flag(
    scim: ScimServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CODE42_TOKEN", TOKEN)
    code = main(["preflight", "code42", "--scim-url", scim.url, "--auth", "bearer",
                 "--token-env", "CODE42_TOKEN", "--ca-bundle", str(scim.ca_bundle)])
    assert code == 1
    assert "127.0.0.1 is not a Code42 host" in capsys.readouterr().out
    assert sum(scim.gate.hits.values()) == 0


# -- the user schema ---------------------------------------------------------------------------------------

def test_fields_missing_from_the_schema_are_named(preflight: Preflight, scim: ScimServer) -> None:
    code, out, _ = preflight("--field", "userName", "--field", "department", "--field", "manager",
                             "--field", "workCity", url=scim.url_for(NO_EXTENSION_PATH))
    (line,) = _fail_lines(out)
    assert code == 1
    assert ("department → enterprise:department (enterprise extension "
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User not offered); manager → "
            "enterprise:manager.value (enterprise extension") in line
    assert "workCity" not in line


def test_mapped_fields_resolve_to_core_and_enterprise_attributes(preflight: Preflight) -> None:
    fields = ["userName", "workEmail", "givenName", "familyName", "workCity", "workCountry", "department",
              "division", "manager", "employeeNumber", "externalId", "title", "userType"]
    code, out, _ = preflight(*[a for f in fields for a in ("--field", f)])
    assert code == 0
    assert "PASS  schema: the user schema accepts all 12 mapped fields" in out  # externalId is common


def test_a_schema_endpoint_that_is_not_offered_is_a_warning(preflight: Preflight, scim: ScimServer) -> None:
    scim.gate.faults.append(Fault("/Schemas", status=404))
    code, out, _ = preflight()
    assert code == 0
    assert "WARN  schema: /Schemas not offered (HTTP 404)" in out


def test_an_unknown_field_code_is_a_warning(preflight: Preflight) -> None:
    code, out, _ = preflight("--field", "userName", "--field", "shoeSize")
    assert code == 0
    assert "no known SCIM attribute for shoeSize: not checked" in out


# -- input errors ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--auth", "bearer", "--token-env", "CODE42_TOKEN"], "no SCIM URL: pass --scim-url URL"),
        (["--scim-url", C42, "--token-env", "CODE42_TOKEN"],
         "no authentication method"),
        (["--scim-url", C42, "--auth", "bearer"], "pass --token-env VAR"),
        (["--scim-url", C42, "--auth", "bearer", "--token-env", "UNSET_VAR_X"],
         "environment variable UNSET_VAR_X is not set"),
        (["--scim-url", C42, "--auth", "basic", "--password-env", "CODE42_TOKEN"],
         "basic authentication needs --username NAME"),
        (["--environment", "prod"], "--environment/--connection need --config FILE"),
        (["--config", "/nonexistent/code42-scim.toml", "--environment", "prod"], "cannot read config"),
        (["--scim-url", C42, "--auth", "bearer", "--token-env", "CODE42_TOKEN",
          "--ca-bundle", "/nonexistent/ca.pem"], "--ca-bundle /nonexistent/ca.pem: no such file"),
    ],
)
def test_bad_input_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                       argv: list[str], message: str) -> None:
    monkeypatch.setenv("CODE42_TOKEN", TOKEN)
    monkeypatch.delenv("UNSET_VAR_X", raising=False)
    assert main(["preflight", "code42", *argv]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_help_explains_where_secrets_come_from(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["preflight", "code42", "--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "Secrets are read from environment variables only" in out
    assert "--allow-non-code42-host" in out


def test_without_config_or_field_the_code42_mapping_is_checked(preflight: Preflight) -> None:
    code, out, _ = preflight()
    checked = len(set(CODE42_MAPPING) - {"externalId"})  # externalId is common to every resource
    assert code == 0
    assert f"PASS  schema: the user schema accepts all {checked} mapped fields" in out
