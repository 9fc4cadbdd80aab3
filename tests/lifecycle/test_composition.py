"""Composition through the real provider: an LDAP data store created in the same stack feeds two Code42
tenants' channels (one shared default provider), a third connection goes through an aliased provider;
Terraform creates the store first, destroys it last, and the stack re-plans clean."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.lifecycle.conftest import SUITE_TIMEOUT
from tests.lifecycle.stacks import BIND_PASSWORD_VARIABLE, STORE_ID, composed_stack
from tests.real_provider.conftest import SECRET, secrets_for
from tests.support.pf_local import PfServer, start_server
from tests.support.terraform import Terraform, TerraformResult, requires_provider, stack_workdir

pytestmark = [requires_provider, pytest.mark.lifecycle, pytest.mark.slow, pytest.mark.timeout(SUITE_TIMEOUT)]


@dataclass
class Composed:
    tf: Terraform
    pf: PfServer
    apply: TerraformResult
    replan: TerraformResult
    outputs: dict[str, str]
    connections_after_apply: list[str]
    store_after_apply: dict[str, object]
    destroy: TerraformResult
    connections_after_destroy: list[str]
    store_status_after_destroy: int


@pytest.fixture(scope="module")
def composed(plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Composed]:
    tmp = tmp_path_factory.mktemp("composed")
    pf = start_server(tmp)
    try:
        doc = pf.aim(composed_stack(tmp / "cdktf.out", prevent_destroy=False))
        env = {**pf.provider_env(), f"TF_VAR_{BIND_PASSWORD_VARIABLE}": "bind-secret-1",
               **{f"TF_VAR_{k}": v for k, v in secrets_for(["code42-us", "code42-us2", "code42-eu"]).items()}}
        tf = stack_workdir(doc, tmp / "stack", plugin_cache=plugin_cache, keep_backend=False, env=env)
        tf.init()
        applied = tf.apply()
        replan = tf.plan()
        outputs = {k: v["value"] for k, v in tf.run("output", "-json").json().items()}
        ids = pf.connection_ids()
        store = pf.session().get(f"{pf.api_url}/dataStores/{STORE_ID}", timeout=10).json()
        destroyed = tf.run("destroy", "-input=false", "-auto-approve", "-no-color", check=False)
        gone = pf.session().get(f"{pf.api_url}/dataStores/{STORE_ID}", timeout=10).status_code
        yield Composed(tf, pf, applied, replan, outputs, ids, store, destroyed, pf.connection_ids(), gone)
    finally:
        pf.stop()


def test_the_composed_stack_applies_store_and_three_connections(composed: Composed) -> None:
    assert "Apply complete! Resources: 4 added, 0 changed, 0 destroyed." in composed.apply.output


def test_the_store_is_created_before_the_connections_that_read_it(composed: Composed) -> None:
    # pf-local refuses a channel whose data store does not exist, so the apply itself proves the order;
    # Terraform's log shows it too.
    out = composed.apply.output
    store_done = out.index("pingfederate_data_store.hr_directory: Creation complete")
    starts = [m.start() for m in re.finditer(r"pingfederate_idp_sp_connection\.code42-us2?_\w+: Creating\.\.\.", out)]
    assert len(starts) == 2 and min(starts) > store_done, out


def test_after_apply_the_composed_stack_replans_clean(composed: Composed) -> None:
    assert composed.replan.returncode == 0, composed.replan.output


def test_pf_local_holds_the_three_connections_made_through_two_providers(composed: Composed) -> None:
    assert composed.connections_after_apply == ["code42-eu", "code42-us", "code42-us2"]


def test_the_store_is_stored_with_a_sealed_password(composed: Composed) -> None:
    store = composed.store_after_apply
    assert (store["id"], store["ldapType"], "password" in store, SECRET in str(store),
            "bind-secret-1" in str(store)) == (STORE_ID, "ACTIVE_DIRECTORY", False, False, False)


def test_the_stack_outputs_each_connection_id(composed: Composed) -> None:
    assert composed.outputs == {"code42-eu-id": "code42-eu", "code42-us-id": "code42-us", "code42-us2-id": "code42-us2"}


def test_destroy_removes_the_connections_before_the_store_they_read(composed: Composed) -> None:
    # pf-local refuses to delete a data store a connection still reads from, as PingFederate does.
    assert composed.destroy.returncode == 0, composed.destroy.output
    assert (composed.connections_after_destroy, composed.store_status_after_destroy) == ([], 404)
