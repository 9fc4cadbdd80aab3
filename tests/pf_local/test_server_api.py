"""pf-local over real HTTPS: endpoints, auth, defaults, secrets, 404s."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
import requests

from code42_scim._descriptor import PINNED_DESCRIPTOR_PATH

from .conftest import PfServer, StartPf
from .helpers import code42_body


def _post(admin: requests.Session, pf: PfServer, body: dict) -> requests.Response:  # type: ignore[type-arg]
    return admin.post(f"{pf.api_url}/idp/spConnections", json=body)


def test_version_reports_12_1_by_default(pf: PfServer, admin: requests.Session) -> None:
    assert admin.get(f"{pf.api_url}/version").json() == {"version": "12.1.4.0"}


def test_version_is_configurable(start_pf: StartPf) -> None:
    pf = start_pf(version="11.3.2.0")
    assert pf.session().get(f"{pf.api_url}/version").json() == {"version": "11.3.2.0"}


def test_data_stores_lists_the_seeded_ldap_and_jdbc_stores(pf: PfServer, admin: requests.Session) -> None:
    items = admin.get(f"{pf.api_url}/dataStores").json()["items"]
    assert [(s["id"], s["type"]) for s in items] == [
        ("LDAP-AD", "LDAP"),
        ("LDAP-PD", "LDAP"),
        ("ProvisionerDS", "JDBC"),
    ]


def test_data_store_by_id_returns_its_ldap_type(pf: PfServer, admin: requests.Session) -> None:
    body = admin.get(f"{pf.api_url}/dataStores/LDAP-PD").json()
    assert (body["type"], body["ldapType"]) == ("LDAP", "PING_DIRECTORY")


def test_descriptors_list_serves_the_pinned_scim_descriptor(pf: PfServer, admin: requests.Session) -> None:
    pinned = json.loads(PINNED_DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    assert admin.get(f"{pf.api_url}/idp/connectors/descriptors").json() == {"items": [pinned]}


def test_descriptor_by_id_is_the_pinned_file(pf: PfServer, admin: requests.Session) -> None:
    pinned = json.loads(PINNED_DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    assert admin.get(f"{pf.api_url}/idp/connectors/descriptors/SCIM").json() == pinned


def test_connections_list_is_empty_on_a_fresh_state(pf: PfServer, admin: requests.Session) -> None:
    assert admin.get(f"{pf.api_url}/idp/spConnections").json() == {"items": []}


def test_create_returns_201_and_the_stored_connection(pf: PfServer, admin: requests.Session) -> None:
    resp = _post(admin, pf, code42_body("c1"))
    assert resp.status_code == 201
    assert resp.json() == admin.get(f"{pf.api_url}/idp/spConnections/c1").json()
    assert resp.headers["Location"].endswith("/pf-admin-api/v1/idp/spConnections/c1")


def test_created_connection_appears_in_the_list(pf: PfServer, admin: requests.Session) -> None:
    _post(admin, pf, code42_body("c1"))
    assert [c["id"] for c in admin.get(f"{pf.api_url}/idp/spConnections").json()["items"]] == ["c1"]


def test_create_stamps_creation_date(pf: PfServer, admin: requests.Session) -> None:
    created = _post(admin, pf, code42_body("c1")).json()
    assert created["creationDate"].endswith("Z") and created["creationDate"][:2] == "20"


def test_create_ignores_a_client_supplied_creation_date(pf: PfServer, admin: requests.Session) -> None:
    body = code42_body("c1") | {"creationDate": "1999-01-01T00:00:00.000Z"}
    assert _post(admin, pf, body).json()["creationDate"] != "1999-01-01T00:00:00.000Z"


def test_update_replaces_the_body_and_keeps_creation_date(pf: PfServer, admin: requests.Session) -> None:
    created = _post(admin, pf, code42_body("c1")).json()
    changed = code42_body("c1") | {"name": "Code42 renamed"}
    resp = admin.put(f"{pf.api_url}/idp/spConnections/c1", json=changed)
    assert resp.status_code == 200
    assert (resp.json()["name"], resp.json()["creationDate"]) == ("Code42 renamed", created["creationDate"])


def test_delete_removes_the_connection(pf: PfServer, admin: requests.Session) -> None:
    _post(admin, pf, code42_body("c1"))
    assert admin.delete(f"{pf.api_url}/idp/spConnections/c1").status_code == 204
    assert admin.get(f"{pf.api_url}/idp/spConnections/c1").status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/idp/spConnections/nope"),
        ("PUT", "/idp/spConnections/nope"),
        ("DELETE", "/idp/spConnections/nope"),
        ("GET", "/dataStores/nope"),
        ("GET", "/idp/connectors/descriptors/nope"),
        ("GET", "/no/such/endpoint"),
    ],
)
def test_unknown_ids_get_a_json_404(pf: PfServer, admin: requests.Session, method: str, path: str) -> None:
    resp = admin.request(method, pf.api_url + path, json=code42_body("nope"))
    assert (resp.status_code, resp.json()["resultId"]) == (404, "resource_not_found")


@pytest.mark.parametrize(
    ("auth", "xsrf", "status"),
    [
        (None, True, 401),
        (("administrator", "wrong"), True, 401),
        (("someone", "2FederateM0re"), True, 401),
        (("administrator", "2FederateM0re"), False, 403),
    ],
    ids=["no-credentials", "wrong-password", "wrong-user", "no-xsrf-header"],
)
def test_requests_without_auth_or_xsrf_header_are_refused(
    pf: PfServer, auth: tuple[str, str] | None, xsrf: bool, status: int
) -> None:
    resp = pf.session(auth=auth, xsrf=xsrf).get(f"{pf.api_url}/version")
    assert resp.status_code == status
    assert "version" not in resp.json()


def test_401_challenges_for_basic_auth(pf: PfServer) -> None:
    resp = pf.session(auth=None).get(f"{pf.api_url}/version")
    assert resp.headers["WWW-Authenticate"].startswith("Basic")


def test_a_wrong_xsrf_header_value_is_refused(pf: PfServer) -> None:
    s = pf.session(xsrf=False)
    assert s.get(f"{pf.api_url}/version", headers={"X-XSRF-Header": "other"}).status_code == 403


def test_writes_without_xsrf_header_change_nothing(pf: PfServer, admin: requests.Session) -> None:
    resp = pf.session(xsrf=False).post(f"{pf.api_url}/idp/spConnections", json=code42_body("c1"))
    assert resp.status_code == 403
    assert admin.get(f"{pf.api_url}/idp/spConnections").json() == {"items": []}


def test_the_admin_password_is_configurable(start_pf: StartPf, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from code42_scim_local.config import ServerConfig, load_seed
    from code42_scim_local.server import LocalServer, ServerOptions

    server = LocalServer(
        ServerConfig(seed=load_seed(), admin_password="Other-Pass1"),
        ServerOptions(port=0, state=tmp_path / "s.db", cert_out=tmp_path / "c.pem"),
    ).start()
    try:
        s = requests.Session()
        s.trust_env, s.verify = False, str(tmp_path / "c.pem")
        s.headers["X-XSRF-Header"] = "PingFederate"
        assert s.get(f"{server.api_url}/version", auth=("administrator", "Other-Pass1")).status_code == 200
        assert s.get(f"{server.api_url}/version", auth=("administrator", "2FederateM0re")).status_code == 401
    finally:
        server.stop()


# --- PingFederate's server-side filling -------------------------------------------------------------------


def test_channel_defaults_are_filled(pf: PfServer, admin: requests.Session) -> None:
    channel = _post(admin, pf, code42_body("c1")).json()["outboundProvision"]["channels"][0]
    assert (channel["maxThreads"], channel["timeout"]) == (1, 60)


def test_account_management_status_flags_default_to_true(pf: PfServer, admin: requests.Session) -> None:
    channel = _post(admin, pf, code42_body("c1")).json()["outboundProvision"]["channels"][0]
    account = channel["channelSource"]["accountManagementSettings"]
    assert (account["defaultStatus"], account["flagComparisonStatus"]) == (True, True)


def test_explicit_account_management_flags_are_kept(pf: PfServer, admin: requests.Session) -> None:
    body = code42_body("c1")
    body["outboundProvision"]["channels"][0]["channelSource"]["accountManagementSettings"]["defaultStatus"] = False
    channel = _post(admin, pf, body).json()["outboundProvision"]["channels"][0]
    assert channel["channelSource"]["accountManagementSettings"]["defaultStatus"] is False


def test_saas_field_info_defaults_are_filled(pf: PfServer, admin: requests.Session) -> None:
    channel = _post(admin, pf, code42_body("c1")).json()["outboundProvision"]["channels"][0]
    user_name = next(m for m in channel["attributeMapping"] if m["fieldName"] == "userName")
    assert user_name["saasFieldInfo"] == {
        "attributeNames": ["mail"],
        "characterCase": "NONE",
        "createOnly": False,
        "defaultValue": "",
        "expression": "",
        "masked": False,
        "parser": "NONE",
        "trim": False,
    }


def test_every_connector_field_is_listed_in_the_mapping(pf: PfServer, admin: requests.Session) -> None:
    pinned = json.loads(PINNED_DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    channel = _post(admin, pf, code42_body("c1")).json()["outboundProvision"]["channels"][0]
    codes = {m["code"] for m in pinned["saasPluginFieldInfoDescriptors"]}
    assert {m["fieldName"] for m in channel["attributeMapping"]} == codes


def test_unmapped_connector_fields_come_back_with_no_attributes(pf: PfServer, admin: requests.Session) -> None:
    channel = _post(admin, pf, code42_body("c1")).json()["outboundProvision"]["channels"][0]
    phone = next(m for m in channel["attributeMapping"] if m["fieldName"] == "workPhone")
    assert phone["saasFieldInfo"]["attributeNames"] == []


def test_nested_search_defaults_to_false(pf: PfServer, admin: requests.Session) -> None:
    channel = _post(admin, pf, code42_body("c1")).json()["outboundProvision"]["channels"][0]
    assert channel["channelSource"]["userSourceLocation"]["nestedSearch"] is False


def test_connection_level_computed_fields_are_filled(pf: PfServer, admin: requests.Session) -> None:
    body = code42_body("c1")
    del body["active"]
    created = _post(admin, pf, body).json()
    assert (
        created["active"],
        created["loggingMode"],
        created["connectionTargetType"],
        created["virtualEntityIds"],
    ) == (False, "STANDARD", "STANDARD", [])


def test_descriptor_fields_not_sent_are_added_with_their_defaults(pf: PfServer, admin: requests.Session) -> None:
    settings = _post(admin, pf, code42_body("c1")).json()["outboundProvision"]["targetSettings"]
    by_name = {s["name"]: s.get("value") for s in settings}
    assert (by_name["USERS_RESOURCE"], by_name["GROUPS_RESOURCE"], by_name["BASIC_AUTH_USER"]) == (
        "/Users",
        "/Groups",
        "",
    )


def test_hashed_settings_come_back_encrypted_without_value(pf: PfServer, admin: requests.Session) -> None:
    settings = _post(admin, pf, code42_body("c1")).json()["outboundProvision"]["targetSettings"]
    token = next(s for s in settings if s["name"] == "OAUTH_ACCESS_TOKEN")
    assert set(token) == {"name", "encryptedValue"} and token["encryptedValue"].startswith("OBF:")


def test_secrets_never_appear_in_responses(pf: PfServer, admin: requests.Session) -> None:
    texts = [
        _post(admin, pf, code42_body("c1", token="TOKEN-abc-123")).text,
        admin.get(f"{pf.api_url}/idp/spConnections/c1").text,
        admin.get(f"{pf.api_url}/idp/spConnections").text,
    ]
    assert all("TOKEN-abc-123" not in t for t in texts)


def test_secrets_are_not_stored_in_the_state_file(pf: PfServer, admin: requests.Session) -> None:
    _post(admin, pf, code42_body("c1", token="TOKEN-abc-123"))
    pf.stop()
    raw = b"".join(p.read_bytes() for p in pf.state.parent.glob(pf.state.name + "*"))
    assert b"TOKEN-abc-123" not in raw


def test_the_same_secret_keeps_the_same_encrypted_value(pf: PfServer, admin: requests.Session) -> None:
    first = _post(admin, pf, code42_body("c1")).json()
    again = admin.put(f"{pf.api_url}/idp/spConnections/c1", json=code42_body("c1")).json()
    def pick(body: dict[str, Any]) -> Any:
        return next(s for s in body["outboundProvision"]["targetSettings"] if s["name"] == "OAUTH_ACCESS_TOKEN")

    assert pick(first) == pick(again)


def test_an_unchanged_encrypted_value_can_be_passed_back(pf: PfServer, admin: requests.Session) -> None:
    created = _post(admin, pf, code42_body("c1")).json()
    resp = admin.put(f"{pf.api_url}/idp/spConnections/c1", json=created)
    assert resp.status_code == 200
    assert resp.json()["outboundProvision"] == created["outboundProvision"]


def test_request_log_has_no_bodies_or_credentials(
    pf: PfServer, admin: requests.Session, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="code42_scim_local"):
        _post(admin, pf, code42_body("c1", token="TOKEN-abc-123"))
    text = caplog.text
    assert '"POST /pf-admin-api/v1/idp/spConnections" 201' in text
    assert "TOKEN-abc-123" not in text and "2FederateM0re" not in text and "Basic " not in text


# --- server settings --------------------------------------------------------------------------------------


def test_outbound_provisioning_settings_come_from_the_seed(pf: PfServer, admin: requests.Session) -> None:
    assert admin.get(f"{pf.api_url}/serverSettings/outboundProvisioning").json() == {
        "dataStoreRef": {"id": "ProvisionerDS"},
        "synchronizationFrequency": 60,
    }


def test_outbound_provisioning_settings_can_be_updated(pf: PfServer, admin: requests.Session) -> None:
    new = {"dataStoreRef": {"id": "ProvisionerDS"}, "synchronizationFrequency": 30}
    assert admin.put(f"{pf.api_url}/serverSettings/outboundProvisioning", json=new).json() == new
    assert admin.get(f"{pf.api_url}/serverSettings/outboundProvisioning").json() == new


@pytest.mark.parametrize(
    ("body", "field_path"),
    [
        ({}, "dataStoreRef"),
        ({"dataStoreRef": {"id": "nope"}}, "dataStoreRef.id"),
        ({"dataStoreRef": {"id": "LDAP-AD"}}, "dataStoreRef.id"),
        ({"dataStoreRef": {"id": "ProvisionerDS"}, "synchronizationFrequency": "often"}, "synchronizationFrequency"),
    ],
    ids=["missing-ref", "unknown-store", "ldap-store", "bad-frequency-type"],
)
def test_bad_outbound_provisioning_settings_are_refused(
    pf: PfServer,
    admin: requests.Session,
    body: dict,  # type: ignore[type-arg]
    field_path: str,
) -> None:
    resp = admin.put(f"{pf.api_url}/serverSettings/outboundProvisioning", json=body)
    assert resp.status_code == 422
    assert [e["fieldPath"] for e in resp.json()["validationErrors"]] == [field_path]


def test_outbound_provisioning_is_404_when_disabled_in_the_seed(start_pf: StartPf, write_seed) -> None:  # type: ignore[no-untyped-def]
    pf = start_pf(seed=write_seed(outboundProvisioning=None))
    assert pf.session().get(f"{pf.api_url}/serverSettings/outboundProvisioning").status_code == 404
