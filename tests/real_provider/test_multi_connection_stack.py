"""A stack of three connections (two with two channels, one with Basic authentication and mapping
overrides), through the real provider: applies to pf-local, re-plans clean, each connection as configured."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.real_provider.conftest import (
    DEPLOY_TIMEOUT,
    SECRET,
    STACKS_CONFIG,
    Deployment,
    deployed_environment,
    mapped_attributes,
    target_settings,
)
from tests.support.terraform import requires_provider

pytestmark = [requires_provider, pytest.mark.slow, pytest.mark.timeout(DEPLOY_TIMEOUT)]


@pytest.fixture(scope="module")
def multi(stacks_out: Path, plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with deployed_environment(STACKS_CONFIG, stacks_out, "multi", tmp_path_factory.mktemp("multi"),
                              plugin_cache) as deployment:
        yield deployment


def test_the_multi_connection_stack_replans_clean_after_apply(multi: Deployment) -> None:
    assert multi.replan.returncode == 0, multi.replan.output


def test_pf_local_holds_all_three_connections(multi: Deployment) -> None:
    assert multi.pf.connection_ids() == ["code42-eu", "code42-gov", "code42-us"]


def test_each_connection_keeps_its_own_channels_in_order(multi: Deployment) -> None:
    channels = {cid: [(c["name"], c["active"]) for c in multi.connection(cid)["outboundProvision"]["channels"]]
                for cid in ("code42-us", "code42-eu", "code42-gov")}
    assert channels == {
        "code42-us": [("AD users", True), ("PD contractors", True)],
        "code42-eu": [("EU staff", True)],
        "code42-gov": [("Gov AD", True), ("Gov PD", False)],
    }


def test_channel_threads_and_timeout_are_stored_as_configured(multi: Deployment) -> None:
    contractors = multi.connection("code42-us")["outboundProvision"]["channels"][1]
    assert (contractors["maxThreads"], contractors["timeout"]) == (2, 120)


def test_the_basic_auth_connection_stores_basic_authentication_with_an_encrypted_password(multi: Deployment) -> None:
    settings = target_settings(multi.connection("code42-eu"))
    assert settings["AUTHENTICATION_METHOD"]["value"] == "Basic Authentication"
    assert set(settings["BASIC_AUTH_PASSWORD"]) == {"name", "encryptedValue"}
    assert SECRET not in settings["BASIC_AUTH_PASSWORD"]["encryptedValue"]


def test_the_bearer_token_connections_store_no_basic_password(multi: Deployment) -> None:
    for cid in ("code42-us", "code42-gov"):
        settings = target_settings(multi.connection(cid))
        assert settings["AUTHENTICATION_METHOD"]["value"] == "OAuth 2 Bearer Token"
        assert "BASIC_AUTH_PASSWORD" not in settings


def test_mapping_overrides_add_manager_and_leave_division_unmapped(multi: Deployment) -> None:
    mapping = mapped_attributes(multi.connection("code42-eu")["outboundProvision"]["channels"][0])
    assert (mapping["manager"], mapping["division"], mapping["userName"]) == (["code42ManagerId"], [], ["mail"])


def test_a_group_scoped_channel_stores_its_group_dn_and_nested_search(multi: Deployment) -> None:
    location = multi.connection("code42-eu")["outboundProvision"]["channels"][0]["channelSource"]["userSourceLocation"]
    assert (location["groupDN"], location["nestedSearch"]) == ("CN=Code42 EU,OU=Groups,DC=example,DC=com", True)


def _looked_up_stores(multi: Deployment) -> list[dict[str, Any]]:
    state = multi.tf.run("show", "-json").json()["values"]["root_module"]["resources"]
    return [r["values"] for r in state if r["type"] == "pingfederate_data_store"]


def test_the_looked_up_data_store_is_read_from_pf_local(multi: Deployment) -> None:
    assert [(s["data_store_id"], s["ldap_data_store"]["ldap_type"]) for s in _looked_up_stores(multi)] == [
        ("LDAP-PD", "PING_DIRECTORY")]


def test_the_looked_up_store_carries_the_defaults_pingfederate_fills(multi: Deployment) -> None:
    (ldap,) = (s["ldap_data_store"] for s in _looked_up_stores(multi))
    assert (ldap["min_connections"], ldap["max_connections"], ldap["verify_host"], ldap["use_start_tls"],
            ldap["hostnames_tags"]) == (10, 100, True, False, [{"default_source": True, "hostnames":
                                                                ["pd.example.com:636"], "tags": None}])
