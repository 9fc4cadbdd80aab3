"""Every stack the example config synthesizes, through the real provider: init, validate, apply against
pf-local, re-plan clean, and PingFederate (pf-local) holds what the config says."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.real_provider.conftest import (
    DEPLOY_TIMEOUT,
    SECRET,
    Deployment,
    deployed_environment,
    environment_names,
    target_settings,
)
from tests.support.fixtures import REPO_ROOT, synth_main
from tests.support.terraform import requires_provider

pytestmark = [requires_provider, pytest.mark.slow, pytest.mark.timeout(DEPLOY_TIMEOUT)]

EXAMPLE = REPO_ROOT / "code42-scim.toml"


@pytest.fixture(scope="module")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synth_main(tmp_path_factory.mktemp("example") / "cdktf.out")


@pytest.fixture(scope="module", params=environment_names(EXAMPLE))
def deployed(request: pytest.FixtureRequest, example_out: Path, plugin_cache: Path,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    tmp = tmp_path_factory.mktemp(f"example-{request.param}")
    with deployed_environment(EXAMPLE, example_out, request.param, tmp, plugin_cache) as deployment:
        yield deployment


def test_the_example_stack_replans_clean_after_apply(deployed: Deployment) -> None:
    assert deployed.replan.returncode == 0, deployed.replan.output


def test_pf_local_holds_every_connection_the_example_config_declares(deployed: Deployment) -> None:
    assert deployed.pf.connection_ids() == sorted(deployed.resources())


def test_each_stored_connection_has_the_configured_name_entity_and_scim_url(deployed: Deployment) -> None:
    for connection_id, body in deployed.resources().items():
        stored = deployed.connection(connection_id)
        scim_url = next(s["value"] for s in body["outbound_provision"]["target_settings"] if s["name"] == "SCIM_URL")
        assert (stored["name"], stored["entityId"], stored["active"]) == (body["name"], body["entity_id"], True)
        assert target_settings(stored)["SCIM_URL"]["value"] == scim_url


def test_each_stored_channel_reads_the_configured_store_base_dn_and_filter(deployed: Deployment) -> None:
    for connection_id, body in deployed.resources().items():
        stored = [(c["name"], c["channelSource"]["dataSource"]["id"], c["channelSource"]["baseDn"],
                   c["channelSource"]["userSourceLocation"].get("filter"))
                  for c in deployed.connection(connection_id)["outboundProvision"]["channels"]]
        wanted = [(c["name"], c["channel_source"]["data_source"]["id"], c["channel_source"]["base_dn"],
                   c["channel_source"]["user_source_location"].get("filter"))
                  for c in body["outbound_provision"]["channels"]]
        assert stored == wanted


def test_the_code42_token_is_stored_only_encrypted(deployed: Deployment) -> None:
    for connection_id in deployed.resources():
        token = target_settings(deployed.connection(connection_id))["OAUTH_ACCESS_TOKEN"]
        assert set(token) == {"name", "encryptedValue"} and SECRET not in token["encryptedValue"]
