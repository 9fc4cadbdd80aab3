"""``terraform import`` of a connection created through pf-local's admin API (as an administrator would in
PingFederate's console) works with the real provider, and after one apply the stack re-plans clean."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.pf_local.helpers import to_admin_body
from tests.real_provider.conftest import DEPLOY_TIMEOUT, SECRET, load_stack, secrets_for
from tests.support.fixtures import synth_main
from tests.support.pf_local import PfServer, start_server
from tests.support.terraform import Terraform, TerraformResult, requires_provider, stack_workdir

pytestmark = [requires_provider, pytest.mark.slow, pytest.mark.timeout(DEPLOY_TIMEOUT)]


@dataclass
class Imported:
    tf: Terraform
    pf: PfServer
    address: str
    imported: TerraformResult
    state_after_import: dict[str, Any]
    plan_after_import: TerraformResult
    replan_after_apply: TerraformResult


@pytest.fixture(scope="module")
def imported(plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    tmp = tmp_path_factory.mktemp("import")
    pf = start_server(tmp)
    try:
        doc = pf.aim(load_stack(synth_main(tmp / "cdktf.out"), "local"))
        (name, resource), = doc["resource"]["pingfederate_idp_sp_connection"].items()
        body = to_admin_body(resource)
        for setting in body["outboundProvision"]["targetSettings"]:
            if setting["name"] == "OAUTH_ACCESS_TOKEN":
                setting["value"] = SECRET
        created = pf.session().post(f"{pf.api_url}/idp/spConnections", json=body, timeout=10)
        assert created.status_code == 201, created.text
        env = {**pf.provider_env(), **{f"TF_VAR_{k}": v for k, v in secrets_for(["code42"]).items()}}
        tf = stack_workdir(doc, tmp / "stack", plugin_cache=plugin_cache, env=env)
        tf.init()
        address = f"pingfederate_idp_sp_connection.{name}"
        result = tf.run("import", "-input=false", "-no-color", address, resource["connection_id"], check=False)
        state = tf.run("show", "-json").json() if result.returncode == 0 else {}
        plan = tf.plan()
        tf.apply()
        yield Imported(tf, pf, address, result, state, plan, tf.plan())
    finally:
        pf.stop()


def _imported_values(imported: Imported) -> dict[str, Any]:
    resources = imported.state_after_import["values"]["root_module"]["resources"]
    values: dict[str, Any] = next(r["values"] for r in resources if r["address"] == imported.address)
    return values


def test_terraform_import_of_a_connection_created_through_the_api_succeeds(imported: Imported) -> None:
    assert imported.imported.returncode == 0, imported.imported.output


def test_the_imported_state_holds_the_connection_as_pf_local_stores_it(imported: Imported) -> None:
    values = _imported_values(imported)
    channel = values["outbound_provision"]["channels"][0]
    assert (values["connection_id"], values["name"], values["active"], channel["name"],
            channel["channel_source"]["data_source"]["id"]) == ("code42-scim", "Code42", True,
                                                                "Active Directory users", "LDAP-AD")


def test_the_first_plan_after_import_is_one_in_place_update(imported: Imported) -> None:
    # NOTES §4: an import reads every server setting and mapping into the configurable attributes (secrets
    # with encrypted_value = ""), so the provider plans one in-place update back to the configuration.
    assert imported.plan_after_import.returncode == 2, imported.plan_after_import.output
    assert "Plan: 0 to add, 1 to change, 0 to destroy." in imported.plan_after_import.output


def test_after_one_apply_the_imported_connection_replans_clean(imported: Imported) -> None:
    assert imported.replan_after_apply.returncode == 0, imported.replan_after_apply.output
