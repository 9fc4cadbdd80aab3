"""Composition in the synthesized JSON: aliased and shared providers, a data store made in the same stack
passed to a channel, adoption as an import block, the connection id as a reference and an output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from code42_scim import Code42ScimConnection, LdapChannel
from pingfederate.data_store import DataStore, DataStoreLdapDataStore
from pingfederate.engine import cdk
from pingfederate.provider import PingfederateProvider
from tests.lifecycle.stacks import STORE_ID, composed_stack, resources_by_connection_id, store_name


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return composed_stack(tmp_path_factory.mktemp("composed") / "out")


def test_an_aliased_provider_is_written_with_its_alias(doc: dict[str, Any]) -> None:
    assert [block.get("alias") for block in doc["provider"]["pingfederate"]] == [None, "eu"]


def test_a_connection_given_the_aliased_provider_uses_it(doc: dict[str, Any]) -> None:
    assert resources_by_connection_id(doc)["code42-eu"]["provider"] == "pingfederate.eu"


def test_two_connections_without_a_provider_share_the_stacks_default(doc: dict[str, Any]) -> None:
    resources = resources_by_connection_id(doc)
    assert ("provider" in resources["code42-us"], "provider" in resources["code42-us2"]) == (False, False)


def test_a_channel_given_a_store_of_the_same_stack_references_it(doc: dict[str, Any]) -> None:
    source = resources_by_connection_id(doc)["code42-us"]["outbound_provision"]["channels"][0]["channel_source"]
    assert source["data_source"]["id"] == f"${{pingfederate_data_store.{store_name(doc)}.data_store_id}}"


def test_the_store_is_written_with_its_password_as_a_variable_reference(doc: dict[str, Any]) -> None:
    ldap = doc["resource"]["pingfederate_data_store"][store_name(doc)]["ldap_data_store"]
    assert (doc["resource"]["pingfederate_data_store"][store_name(doc)]["data_store_id"], ldap["password"]) == (
        STORE_ID, "${var.ldap_bind_password}")


def test_an_output_of_the_connection_id_references_the_resource(doc: dict[str, Any]) -> None:
    (name,) = [n for n, r in doc["resource"]["pingfederate_idp_sp_connection"].items()
               if r["connection_id"] == "code42-us"]
    assert doc["output"]["code42-us-id"]["value"] == f"${{pingfederate_idp_sp_connection.{name}.connection_id}}"


def _stack(tmp_path: Path) -> tuple[cdk.App, cdk.TerraformStack]:
    app = cdk.App(outdir=str(tmp_path))
    return app, cdk.TerraformStack(app, "s")


def _connection(stack: cdk.TerraformStack, **extra: Any) -> Code42ScimConnection:
    return Code42ScimConnection(stack, "code42", connection_id="code42-scim",
                                scim_url="https://console.us.code42.com/api/v22/scim/t/v2",
                                channels=[LdapChannel(name="AD", data_store_id="LDAP-AD", base_dn="DC=example,DC=com")],
                                **extra)


def _synth(stack: cdk.TerraformStack) -> dict[str, Any]:
    import json

    result: dict[str, Any] = json.loads(cdk.Testing.synth(stack))
    return result


def test_adopt_writes_an_import_block_for_the_connection_id(tmp_path: Path) -> None:
    _, stack = _stack(tmp_path)
    PingfederateProvider(stack, "pf", https_host="https://pf:9999", product_version="12.1")
    conn = _connection(stack, adopt=True)
    (name,) = _synth(stack)["resource"]["pingfederate_idp_sp_connection"]
    assert (_synth(stack)["import"], conn.connection_id) == (
        [{"id": "code42-scim", "to": f"pingfederate_idp_sp_connection.{name}"}], "code42-scim")


def test_adopt_through_an_aliased_provider_imports_with_that_provider(tmp_path: Path) -> None:
    _, stack = _stack(tmp_path)
    eu = PingfederateProvider(stack, "pf", alias="eu", https_host="https://pf:9999", product_version="12.1")
    _connection(stack, adopt=True, provider=eu)
    assert _synth(stack)["import"][0]["provider"] == "pingfederate.eu"


def test_without_adopt_there_is_no_import_block(tmp_path: Path) -> None:
    _, stack = _stack(tmp_path)
    PingfederateProvider(stack, "pf", https_host="https://pf:9999", product_version="12.1")
    _connection(stack)
    assert "import" not in _synth(stack)


def _store(**ldap: Any) -> None:
    _, stack = _stack(Path("/nonexistent"))
    values: dict[str, Any] = {"ldap_type": "ACTIVE_DIRECTORY", "hostnames": ["dc:636"]}
    DataStore(stack, "s", data_store_id="LDAP-X", ldap_data_store=DataStoreLdapDataStore(**{**values, **ldap}))


def test_a_literal_bind_password_is_refused_without_being_shown() -> None:
    with pytest.raises(ValueError) as caught:
        _store(user_dn="CN=svc,DC=x", password="hunter2-literal")
    assert "sensitive variable" in str(caught.value) and "hunter2-literal" not in str(caught.value)


def test_a_bind_dn_without_a_password_is_refused_as_the_provider_does_at_plan() -> None:
    with pytest.raises(ValueError, match="user_dn and password"):
        _store(user_dn="CN=svc,DC=x")


def test_a_store_id_the_provider_rejects_is_refused_at_synth() -> None:
    _, stack = _stack(Path("/nonexistent"))
    with pytest.raises(ValueError, match=r"data_store_id='LDAP X'.*\[a-zA-Z0-9\._-\]|letters, digits"):
        DataStore(stack, "s", data_store_id="LDAP X",
                  ldap_data_store=DataStoreLdapDataStore(ldap_type="GENERIC", hostnames=["dc:389"]))


def test_an_unknown_ldap_type_is_refused_with_the_providers_values() -> None:
    with pytest.raises(ValueError, match="PING_DIRECTORY"):
        _store(ldap_type="ad")
