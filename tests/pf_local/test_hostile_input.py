"""Issue 9, classes 10, 12 and 13 over HTTP: what a hostile or careless client sends gets a 4xx, never a 500,
never a forged log line, and never changes the state."""

from __future__ import annotations

import json
import logging
import socket
import ssl

import pytest
import requests

from code42_scim_local.limits import MAX_BODY_BYTES, MAX_JSON_DEPTH

from .conftest import PfServer
from .helpers import code42_body

JSON = {"Content-Type": "application/json"}


def _ldap_store(store_id: str) -> dict[str, object]:
    return {"type": "LDAP", "id": store_id, "hostnames": ["ldap.example.com:389"], "userDN": "cn=svc",
            "password": "ldap-pw", "ldapType": "ACTIVE_DIRECTORY"}


# --- class 10: control characters in identifiers and text ---------------------------------------------------


@pytest.mark.parametrize("conn_id", ["code42-scim\n", "code42-scim\r", "code42\x1b[31m", "code42\x00", "\ncode42"])
def test_a_connection_id_with_a_control_character_is_refused_with_422(
    pf: PfServer, admin: requests.Session, conn_id: str
) -> None:
    resp = admin.post(f"{pf.api_url}/idp/spConnections", json=code42_body(conn_id))
    assert (resp.status_code, resp.json()["validationErrors"][0]["fieldPath"]) == (422, "id")


def test_a_refused_control_character_id_is_not_stored(pf: PfServer, admin: requests.Session) -> None:
    admin.post(f"{pf.api_url}/idp/spConnections", json=code42_body("code42-scim\n"))
    assert pf.connection_ids() == []


def test_a_data_store_id_with_a_trailing_newline_is_refused_with_422(pf: PfServer, admin: requests.Session) -> None:
    resp = admin.post(f"{pf.api_url}/dataStores", json=_ldap_store("LDAP-new\n"))
    assert (resp.status_code, resp.json()["validationErrors"][0]["fieldPath"]) == (422, "id")


@pytest.mark.parametrize("field,value", [("entityId", "code42\nentity"), ("entityId", "code42\tentity"),
                                         ("name", "Code42 \x1b[2J"), ("name", "Code42\x00")])
def test_a_top_level_field_with_a_forbidden_character_is_refused_naming_it(
    pf: PfServer, admin: requests.Session, field: str, value: str
) -> None:
    body = code42_body("c1")
    body[field] = value
    resp = admin.post(f"{pf.api_url}/idp/spConnections", json=body)
    assert [(e["fieldPath"], e["errorId"]) for e in resp.json()["validationErrors"]] == [(field, "invalid_characters")]


def test_a_nested_setting_with_a_nul_is_refused_naming_its_path(pf: PfServer, admin: requests.Session) -> None:
    body = code42_body("c1")
    body["outboundProvision"]["channels"][0]["channelSource"]["baseDn"] = "OU=Users\x00,DC=example"
    resp = admin.post(f"{pf.api_url}/idp/spConnections", json=body)
    assert [e["fieldPath"] for e in resp.json()["validationErrors"]] == [
        "outboundProvision.channels[0].channelSource.baseDn"
    ]


def test_a_lone_surrogate_in_text_is_refused_with_422(pf: PfServer, admin: requests.Session) -> None:
    resp = admin.post(f"{pf.api_url}/idp/spConnections",
                      data=b'{"type": "SP", "id": "c1", "name": "bad \\ud800", "entityId": "e1"}', headers=JSON)
    assert (resp.status_code, resp.json()["validationErrors"][0]["fieldPath"]) == (422, "name")


def test_a_multi_line_name_is_kept_as_sent(pf: PfServer, admin: requests.Session) -> None:
    body = code42_body("c1")
    body["name"] = "Code42\nprovisioning"
    admin.post(f"{pf.api_url}/idp/spConnections", json=body)
    assert pf.connection("c1")["name"] == "Code42\nprovisioning"


# --- class 12: bodies that used to end in a 500 (and a traceback in the log) ---------------------------------


@pytest.mark.parametrize("opener,closer", [("[", "]"), ('{"a":', "}")])
def test_deeply_nested_json_gets_400(pf: PfServer, admin: requests.Session, opener: str, closer: str) -> None:
    deep = opener * 100_000 + "1" * (opener == '{"a":') + closer * 100_000
    resp = admin.post(f"{pf.api_url}/idp/spConnections", data=deep, headers=JSON)
    assert (resp.status_code, resp.json()["resultId"]) == (400, "invalid_json")


def test_json_nested_just_beyond_the_limit_gets_400(pf: PfServer, admin: requests.Session) -> None:
    depth = MAX_JSON_DEPTH + 1
    resp = admin.post(f"{pf.api_url}/idp/spConnections", data='{"a":' * depth + "1" + "}" * depth, headers=JSON)
    assert resp.json()["message"] == f"The request body nests deeper than {MAX_JSON_DEPTH} levels."


@pytest.mark.parametrize("payload", [b'{"maxThreads": NaN}', b'{"x": Infinity}', b'{"x": 1e999}', b"\xff\xfe{}"])
def test_non_standard_json_gets_400(pf: PfServer, admin: requests.Session, payload: bytes) -> None:
    resp = admin.post(f"{pf.api_url}/idp/spConnections", data=payload, headers=JSON)
    assert (resp.status_code, resp.json()["resultId"]) == (400, "invalid_json")


def test_an_unexpected_failure_is_a_json_500_and_one_log_line(
    pf: PfServer, admin: requests.Session, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object, store_id: str) -> None:
        raise RuntimeError("boom\nforged line")

    monkeypatch.setattr("code42_scim_local.app._Api._data_store", broken)
    with caplog.at_level(logging.INFO, logger="code42_scim_local"):
        resp = admin.get(f"{pf.api_url}/dataStores/LDAP-AD")
    assert (resp.status_code, resp.json()["resultId"]) == (500, "internal_error")
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "unexpected RuntimeError on GET /pf-admin-api/v1/dataStores/LDAP-AD: boom\\x0aforged line"
    ]


# --- class 13: request size and log lines ----------------------------------------------------------------------


def test_a_body_over_the_size_limit_gets_413_with_a_json_body(pf: PfServer, admin: requests.Session) -> None:
    resp = admin.post(f"{pf.api_url}/idp/spConnections", data=b" " * (MAX_BODY_BYTES + 1), headers=JSON)
    assert (resp.status_code, resp.json()["resultId"]) == (413, "request_too_large")


def test_a_body_over_the_size_limit_stores_nothing(pf: PfServer, admin: requests.Session) -> None:
    body = code42_body("c1")
    body["description"] = "x" * MAX_BODY_BYTES
    admin.post(f"{pf.api_url}/idp/spConnections", json=body)
    assert pf.connection_ids() == []


def test_a_body_at_the_size_limit_is_read(pf: PfServer, admin: requests.Session) -> None:
    resp = admin.post(f"{pf.api_url}/idp/spConnections", data=b"[" + b" " * (MAX_BODY_BYTES - 2) + b"]",
                      headers=JSON)
    assert (resp.status_code, resp.json()["message"]) == (400, "The request body must be a JSON object.")


def test_a_newline_in_an_unauthenticated_url_cannot_forge_a_log_line(
    pf: PfServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="code42_scim_local"):
        pf.session(auth=None).get(f"{pf.api_url}/x%0Apf-local:%20127.0.0.1%20%22DELETE%20/all%22%20204")
    (line,) = [r.getMessage() for r in caplog.records]
    assert line.startswith('127.0.0.1 "GET /pf-admin-api/v1/x\\x0apf-local: 127.0.0.1 "DELETE /all" 204" 401 ')


def test_request_log_lines_escape_escape_and_carriage_return(
    pf: PfServer, admin: requests.Session, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="code42_scim_local"):
        admin.get(f"{pf.api_url}/dataStores/%1B[31mred%0Dover")
    line = caplog.records[0].getMessage()
    assert ("/dataStores/\\x1b[31mred\\x0dover" in line, "\x1b" in line, "\r" in line) == (True, False, False)


def test_a_backslash_in_a_url_is_doubled_in_the_log(
    pf: PfServer, admin: requests.Session, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="code42_scim_local"):
        admin.get(f"{pf.api_url}/dataStores/a%5Cx0a")
    assert "/dataStores/a\\\\x0a" in caplog.records[0].getMessage()


def _raw_request(pf: PfServer, request_line: bytes) -> bytes:
    context = ssl.create_default_context(cafile=str(pf.cert))
    with socket.create_connection(("127.0.0.1", pf.server.port), timeout=10) as sock, \
            context.wrap_socket(sock, server_hostname="127.0.0.1") as tls:
        tls.sendall(request_line + b"\r\nHost: x\r\n\r\n")
        received = b""
        while chunk := tls.recv(4096):
            received += chunk
    return received


def test_a_malformed_request_line_gets_a_json_400(pf: PfServer) -> None:
    received = _raw_request(pf, b"GET /pf-admin-api/v1/a\x1b[31m b\rX HTTP/1.1")
    head, _, body = received.partition(b"\r\n\r\n")
    assert (head.split(b"\r\n")[0], json.loads(body)["resultId"]) == (b"HTTP/1.1 400 Bad Request", "bad_request")


def test_a_malformed_request_line_is_logged_escaped_on_one_line(
    pf: PfServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="code42_scim_local"):
        _raw_request(pf, b"GET /a\x1b[31m b\rX HTTP/1.1")
    (line,) = [r.getMessage() for r in caplog.records]
    assert ("\x1b" in line, "\r" in line, "\\x1b[31m" in line) == (False, False, True)
