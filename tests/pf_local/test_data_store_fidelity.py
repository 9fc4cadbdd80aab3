"""pf-local serves data stores as PingFederate does: an LDAP store comes back with every default
PingFederate fills (the values the provider plans too), its host names as the default host tag, and the
version-gated fields of the reported PingFederate version; what the seed sets wins."""

from __future__ import annotations

import requests

from tests.pf_local.conftest import PfServer, StartPf


def _store(pf: PfServer, admin: requests.Session, store_id: str) -> dict:  # type: ignore[type-arg]
    resp = admin.get(f"{pf.api_url}/dataStores/{store_id}", timeout=10)
    assert resp.status_code == 200, resp.text
    return resp.json()  # type: ignore[no-any-return]


def test_an_ldap_store_comes_back_with_pingfederates_pool_defaults(pf: PfServer, admin: requests.Session) -> None:
    store = _store(pf, admin, "LDAP-AD")
    assert (store["minConnections"], store["maxConnections"], store["maxWait"], store["timeBetweenEvictions"],
            store["createIfNecessary"], store["testOnBorrow"], store["testOnReturn"]) == (10, 100, -1, 0, False,
                                                                                          False, False)


def test_an_ldap_store_comes_back_with_pingfederates_lookup_defaults(pf: PfServer, admin: requests.Session) -> None:
    store = _store(pf, admin, "LDAP-PD")
    assert (store["verifyHost"], store["followLDAPReferrals"], store["useDnsSrvRecords"], store["ldapDnsSrvPrefix"],
            store["ldapsDnsSrvPrefix"], store["readTimeout"], store["connectionTimeout"], store["dnsTtl"]) == (
        True, False, False, "_ldap._tcp", "_ldaps._tcp", 0, 0, 0)


def test_an_ldap_store_lists_its_host_names_as_the_default_host_tag(pf: PfServer, admin: requests.Session) -> None:
    assert _store(pf, admin, "LDAP-AD")["hostnamesTags"] == [{"hostnames": ["ad.example.com:636"],
                                                              "defaultSource": True}]


def test_seeded_values_win_over_the_defaults(pf: PfServer, admin: requests.Session) -> None:
    store = _store(pf, admin, "LDAP-AD")
    assert (store["useSsl"], store["name"]) == (True, "Active Directory (example.com)")


def test_pingfederate_12_1_reports_start_tls_and_retries_off(pf: PfServer, admin: requests.Session) -> None:
    store = _store(pf, admin, "LDAP-AD")
    assert (store["useStartTLS"], store["retryFailedOperations"]) == (False, False)


def test_pingfederate_11_2_has_neither_start_tls_nor_retries(start_pf: StartPf) -> None:
    old = start_pf(version="11.2.8.0")
    store = _store(old, old.session(), "LDAP-AD")
    assert ("useStartTLS" in store, "retryFailedOperations" in store) == (False, False)


def test_the_store_list_serves_the_same_filled_stores(pf: PfServer, admin: requests.Session) -> None:
    items = admin.get(f"{pf.api_url}/dataStores", timeout=10).json()["items"]
    assert next(i for i in items if i["id"] == "LDAP-AD") == _store(pf, admin, "LDAP-AD")


def test_a_jdbc_store_is_served_as_seeded(pf: PfServer, admin: requests.Session) -> None:
    store = _store(pf, admin, "ProvisionerDS")
    assert "minConnections" not in store and store["driverClass"] == "org.hsqldb.jdbcDriver"
