"""pf-local's data-store writes, which the real provider's ``pingfederate_data_store`` needs (POST, PUT,
DELETE on /dataStores): LDAP stores only, passwords sealed, seeded stores read-only, a store in use kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.pf_local.helpers import code42_body, code42_channel
from tests.support.pf_local import PfServer, start_server

STORE: dict[str, Any] = {"type": "LDAP", "id": "LDAP-NEW", "ldapType": "GENERIC", "hostnames": ["dir:636"],
                         "userDN": "cn=svc", "password": "bind-pw-123"}


@pytest.fixture
def pf(tmp_path: Path) -> Iterator[PfServer]:
    server = start_server(tmp_path)
    yield server
    server.stop()


def _post(pf: PfServer, body: dict[str, Any]) -> Any:
    return pf.session().post(f"{pf.api_url}/dataStores", json=body, timeout=10)


def test_a_created_ldap_store_is_served_with_defaults_and_without_its_password(pf: PfServer) -> None:
    assert _post(pf, STORE).status_code == 201
    served = pf.session().get(f"{pf.api_url}/dataStores/LDAP-NEW", timeout=10).json()
    assert (served["maxConnections"], "password" in served, "bind-pw-123" in str(served),
            served["encryptedPassword"].startswith("OBF:")) == (100, False, False, True)


def test_a_second_store_with_the_same_id_is_refused(pf: PfServer) -> None:
    _post(pf, STORE)
    assert _post(pf, STORE).status_code == 422


def test_a_put_replaces_a_created_store(pf: PfServer) -> None:
    _post(pf, STORE)
    resp = pf.session().put(f"{pf.api_url}/dataStores/LDAP-NEW", json={**STORE, "hostnames": ["dir2:636"]}, timeout=10)
    assert (resp.status_code, resp.json()["hostnames"]) == (200, ["dir2:636"])


def test_a_seeded_store_cannot_be_changed_through_the_api(pf: PfServer) -> None:
    resp = pf.session().delete(f"{pf.api_url}/dataStores/LDAP-AD", timeout=10)
    assert (resp.status_code, resp.json()["resultId"]) == (403, "seeded_data_store")


def test_a_store_a_connection_reads_from_is_not_deleted(pf: PfServer) -> None:
    _post(pf, STORE)
    body = code42_body()
    body["outboundProvision"]["channels"] = [code42_channel(store="LDAP-NEW")]
    assert pf.session().post(f"{pf.api_url}/idp/spConnections", json=body, timeout=10).status_code == 201
    resp = pf.session().delete(f"{pf.api_url}/dataStores/LDAP-NEW", timeout=10)
    assert (resp.status_code, resp.json()["validationErrors"][0]["errorId"]) == (422, "resource_in_use")


def test_a_non_ldap_store_is_refused(pf: PfServer) -> None:
    assert _post(pf, {"type": "JDBC", "id": "J", "driverClass": "x", "connectionUrl": "jdbc:x"}).status_code == 422
