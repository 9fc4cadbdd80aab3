"""pf-local refuses what PingFederate refuses, with 422 ApiResult bodies naming the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from .conftest import PfServer
from .helpers import code42_body, code42_channel

Body = dict[str, Any]


def _op(body: Body) -> Body:
    return body["outboundProvision"]  # type: ignore[no-any-return]


def _ch(body: Body) -> Body:
    return _op(body)["channels"][0]  # type: ignore[no-any-return]


def _setting(body: Body, name: str) -> Body:
    return next(s for s in _op(body)["targetSettings"] if s["name"] == name)


def _drop_setting(body: Body, name: str) -> None:
    _op(body)["targetSettings"] = [s for s in _op(body)["targetSettings"] if s["name"] != name]


def _forge_token(body: Body) -> None:
    token = _setting(body, "OAUTH_ACCESS_TOKEN")
    del token["value"]
    token["encryptedValue"] = "OBF:JWE:forged"


CASES: list[tuple[str, Callable[[Body], object], str, str]] = [
    ("missing-name", lambda b: b.pop("name"), "name", "required_field_missing"),
    ("missing-entity-id", lambda b: b.pop("entityId"), "entityId", "required_field_missing"),
    (
        "missing-target-settings",
        lambda b: _op(b).pop("targetSettings"),
        "outboundProvision.targetSettings",
        "required_field_missing",
    ),
    ("active-not-boolean", lambda b: b.update(active="yes"), "active", "invalid_type"),
    ("idp-type", lambda b: b.update(type="IDP"), "type", "invalid_enum_value"),
    ("bad-logging-mode", lambda b: b.update(loggingMode="LOUD"), "loggingMode", "invalid_enum_value"),
    ("bad-id-characters", lambda b: b.update(id="has space"), "id", "invalid_value"),
    (
        "channel-active-string",
        lambda b: _ch(b).update(active="true"),
        "outboundProvision.channels[0].active",
        "invalid_type",
    ),
    (
        "max-threads-string",
        lambda b: _ch(b).update(maxThreads="1"),
        "outboundProvision.channels[0].maxThreads",
        "invalid_type",
    ),
    (
        "missing-base-dn",
        lambda b: _ch(b)["channelSource"].pop("baseDn"),
        "outboundProvision.channels[0].channelSource.baseDn",
        "required_field_missing",
    ),
    (
        "bad-changed-users-algorithm",
        lambda b: _ch(b)["channelSource"]["changeDetectionSettings"].update(changedUsersAlgorithm="USN"),
        "outboundProvision.channels[0].channelSource.changeDetectionSettings.changedUsersAlgorithm",
        "invalid_enum_value",
    ),
    (
        "bad-account-status-algorithm",
        lambda b: _ch(b)["channelSource"]["accountManagementSettings"].update(accountStatusAlgorithm="AD"),
        "outboundProvision.channels[0].channelSource.accountManagementSettings.accountStatusAlgorithm",
        "invalid_enum_value",
    ),
    (
        "bad-character-case",
        lambda b: _ch(b)["attributeMapping"][0]["saasFieldInfo"].update(characterCase="lower"),
        "outboundProvision.channels[0].attributeMapping[0].saasFieldInfo.characterCase",
        "invalid_enum_value",
    ),
    (
        "bad-parser",
        lambda b: _ch(b)["attributeMapping"][0]["saasFieldInfo"].update(parser="CN"),
        "outboundProvision.channels[0].attributeMapping[0].saasFieldInfo.parser",
        "invalid_enum_value",
    ),
    (
        "unknown-connector-type",
        lambda b: _op(b).update(type="SCIM11"),
        "outboundProvision.type",
        "invalid_connector_type",
    ),
    (
        "missing-data-store",
        lambda b: _ch(b)["channelSource"]["dataSource"].update(id="LDAP-NOPE"),
        "outboundProvision.channels[0].channelSource.dataSource.id",
        "resource_not_found",
    ),
    (
        "jdbc-data-store",
        lambda b: _ch(b)["channelSource"]["dataSource"].update(id="ProvisionerDS"),
        "outboundProvision.channels[0].channelSource.dataSource.id",
        "invalid_data_store",
    ),
    (
        "duplicate-channel-name",
        lambda b: _op(b)["channels"].append(code42_channel(store="LDAP-PD")),
        "outboundProvision.channels[1].name",
        "duplicate_channel_name",
    ),
    (
        "unknown-target-setting",
        lambda b: _op(b)["targetSettings"].append({"name": "SCIM_ENDPOINT", "value": "x"}),
        "outboundProvision.targetSettings[10].name",
        "invalid_field",
    ),
    (
        "duplicate-target-setting",
        lambda b: _op(b)["targetSettings"].append({"name": "SCIM_URL", "value": "x"}),
        "outboundProvision.targetSettings[10].name",
        "invalid_value",
    ),
    (
        "bad-select-option",
        lambda b: _setting(b, "REMOVE_ACTION").update(value="Erase"),
        "outboundProvision.targetSettings[5].value",
        "invalid_enum_value",
    ),
    (
        "required-setting-missing",
        lambda b: _drop_setting(b, "SCIM_URL"),
        "outboundProvision.targetSettings",
        "required_field_missing",
    ),
    (
        "unknown-mapping-field",
        lambda b: _ch(b)["attributeMapping"].append(
            {"fieldName": "nickName", "saasFieldInfo": {"attributeNames": ["x"]}}
        ),
        "outboundProvision.channels[0].attributeMapping[14].fieldName",
        "invalid_field",
    ),
    (
        "required-mapping-missing",
        lambda b: _ch(b).update(attributeMapping=_ch(b)["attributeMapping"][1:]),
        "outboundProvision.channels[0].attributeMapping",
        "required_field_missing",
    ),
    (
        "encrypted-value-not-ours",
        lambda b: _forge_token(b),
        "outboundProvision.targetSettings[3].encryptedValue",
        "invalid_value",
    ),
]


@pytest.mark.parametrize(("mutate", "field_path", "error_id"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_invalid_connections_are_refused_with_422(
    pf: PfServer, admin: requests.Session, mutate: Callable[[Body], object], field_path: str, error_id: str
) -> None:
    body = code42_body("c1")
    mutate(body)
    resp = admin.post(f"{pf.api_url}/idp/spConnections", json=body)
    assert resp.status_code == 422
    result = resp.json()
    assert result["resultId"] == "validation_error"
    assert [(e["fieldPath"], e["errorId"]) for e in result["validationErrors"]] == [(field_path, error_id)]


def test_refused_connections_are_not_stored(pf: PfServer, admin: requests.Session) -> None:
    body = code42_body("c1")
    _op(body).update(type="SCIM11")
    admin.post(f"{pf.api_url}/idp/spConnections", json=body)
    assert admin.get(f"{pf.api_url}/idp/spConnections/c1").status_code == 404


def test_several_problems_are_reported_together(pf: PfServer, admin: requests.Session) -> None:
    body = code42_body("c1")
    del body["name"], body["entityId"]
    errors = admin.post(f"{pf.api_url}/idp/spConnections", json=body).json()["validationErrors"]
    assert sorted(e["fieldPath"] for e in errors) == ["entityId", "name"]


def test_a_second_create_with_the_same_id_is_refused(pf: PfServer, admin: requests.Session) -> None:
    admin.post(f"{pf.api_url}/idp/spConnections", json=code42_body("c1"))
    resp = admin.post(f"{pf.api_url}/idp/spConnections", json=code42_body("c1"))
    assert (resp.status_code, resp.json()["validationErrors"][0]["errorId"]) == (422, "duplicate_id")


def test_update_with_a_different_body_id_is_refused(pf: PfServer, admin: requests.Session) -> None:
    admin.post(f"{pf.api_url}/idp/spConnections", json=code42_body("c1"))
    resp = admin.put(f"{pf.api_url}/idp/spConnections/c1", json=code42_body("c2"))
    assert (resp.status_code, resp.json()["validationErrors"][0]["fieldPath"]) == (422, "id")


def test_create_without_id_gets_a_system_assigned_one(pf: PfServer, admin: requests.Session) -> None:
    body = code42_body("c1")
    del body["id"]
    created = admin.post(f"{pf.api_url}/idp/spConnections", json=body).json()
    assert admin.get(f"{pf.api_url}/idp/spConnections/{created['id']}").status_code == 200


@pytest.mark.parametrize("payload", [b"{not json", b"[1, 2]", b""], ids=["malformed", "array", "empty"])
def test_non_object_bodies_get_400(pf: PfServer, admin: requests.Session, payload: bytes) -> None:
    resp = admin.post(f"{pf.api_url}/idp/spConnections", data=payload, headers={"Content-Type": "application/json"})
    assert (resp.status_code, resp.json()["resultId"]) == (400, "invalid_json")


def test_a_connection_without_outbound_provisioning_is_accepted(pf: PfServer, admin: requests.Session) -> None:
    body = {"type": "SP", "id": "plain", "name": "Plain", "entityId": "plain"}
    assert admin.post(f"{pf.api_url}/idp/spConnections", json=body).status_code == 201
