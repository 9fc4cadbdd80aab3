"""What schemathesis found pf-local doing against the admin API description, pinned one behaviour per test:
GET /idp/spConnections ignored its documented query parameters (an entityId lookup returned every connection,
an out-of-range numberPerPage was accepted), and a non-boolean X-BypassExternalValidation was taken."""

from __future__ import annotations

import pytest
import requests

from .conftest import PfServer
from .helpers import code42_body


def _create(admin: requests.Session, pf: PfServer, conn_id: str, name: str, entity_id: str) -> None:
    body = {**code42_body(conn_id), "name": name, "entityId": entity_id}
    assert admin.post(f"{pf.api_url}/idp/spConnections", json=body).status_code == 201


@pytest.fixture
def three(pf: PfServer, admin: requests.Session) -> None:
    _create(admin, pf, "c1", "Code42 prod", "https://code42.example/prod")
    _create(admin, pf, "c2", "Code42 test", "https://code42.example/test")
    _create(admin, pf, "c3", "Other SaaS", "urn:other")


def _ids(admin: requests.Session, pf: PfServer, **query: str) -> list[str]:
    resp = admin.get(f"{pf.api_url}/idp/spConnections", params=query)
    assert resp.status_code == 200, resp.text
    return [c["id"] for c in resp.json()["items"]]


@pytest.mark.usefixtures("three")
def test_entity_id_selects_the_connection_with_exactly_that_entity_id(pf: PfServer, admin: requests.Session) -> None:
    assert _ids(admin, pf, entityId="https://code42.example/test") == ["c2"]


@pytest.mark.usefixtures("three")
def test_entity_id_is_case_sensitive(pf: PfServer, admin: requests.Session) -> None:
    assert _ids(admin, pf, entityId="URN:OTHER") == []


@pytest.mark.usefixtures("three")
def test_filter_is_a_case_insensitive_part_of_the_name(pf: PfServer, admin: requests.Session) -> None:
    assert _ids(admin, pf, filter="code42 T") == ["c2"]


@pytest.mark.usefixtures("three")
def test_filter_also_matches_part_of_the_entity_id(pf: PfServer, admin: requests.Session) -> None:
    assert _ids(admin, pf, filter="OTHER") == ["c3"]


@pytest.mark.usefixtures("three")
def test_pages_split_the_list_in_creation_order(pf: PfServer, admin: requests.Session) -> None:
    pages = [_ids(admin, pf, page=str(p), numberPerPage="2") for p in (1, 2, 3)]
    assert pages == [["c1", "c2"], ["c3"], []]


@pytest.mark.parametrize("name,value", [("numberPerPage", "2476290579957"), ("numberPerPage", "0"),
                                        ("page", "-1"), ("page", "1.5"), ("page", "x")])
def test_a_page_parameter_that_is_not_a_positive_int32_gets_422(
    pf: PfServer, admin: requests.Session, name: str, value: str
) -> None:
    resp = admin.get(f"{pf.api_url}/idp/spConnections", params={name: value})
    assert (resp.status_code, [e["fieldPath"] for e in resp.json()["validationErrors"]]) == (422, [name])


@pytest.mark.parametrize("value", ["", "yes", "1"])
def test_a_bypass_header_that_is_not_a_boolean_gets_400(pf: PfServer, admin: requests.Session, value: str) -> None:
    resp = admin.post(f"{pf.api_url}/idp/spConnections", json=code42_body("c1"),
                      headers={"X-BypassExternalValidation": value})
    assert (resp.status_code, resp.json()["resultId"], pf.connection_ids()) == (400, "invalid_header", [])


@pytest.mark.parametrize("value", ["true", "False"])
def test_a_boolean_bypass_header_is_accepted(pf: PfServer, admin: requests.Session, value: str) -> None:
    resp = admin.post(f"{pf.api_url}/idp/spConnections", json=code42_body("c1"),
                      headers={"X-BypassExternalValidation": value})
    assert resp.status_code == 201
