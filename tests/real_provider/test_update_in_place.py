"""Changing a deployed stack through the real provider: an in-place update (PUT) to pf-local applies,
re-plans clean, and pf-local stores the new values."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.real_provider.conftest import (
    DEPLOY_TIMEOUT,
    STACKS_CONFIG,
    Deployment,
    deployed_environment,
    target_settings,
)
from tests.support.terraform import TerraformResult, requires_provider

pytestmark = [requires_provider, pytest.mark.slow, pytest.mark.timeout(DEPLOY_TIMEOUT)]

NEW_FILTER = "(&(objectClass=user)(department=Security))"
NEW_URL = "https://console.us2.code42.com/api/v22/scim-user-provisioning/moved/v2"


@dataclass
class Updated:
    deployment: Deployment
    update_plan: TerraformResult
    replan: TerraformResult


def _changed(doc: dict[str, Any]) -> dict[str, Any]:
    """The stack with a new channel filter, a new SCIM URL, a second channel and one field unmapped."""
    doc = copy.deepcopy(doc)
    (resource,) = doc["resource"]["pingfederate_idp_sp_connection"].values()
    outbound = resource["outbound_provision"]
    channel = outbound["channels"][0]
    channel["channel_source"]["user_source_location"]["filter"] = NEW_FILTER
    second = copy.deepcopy(channel)
    second["name"] = "AD contractors"
    second["channel_source"]["base_dn"] = "OU=Contractors,DC=example,DC=com"
    outbound["channels"].append(second)
    channel["attribute_mapping"] = [m for m in channel["attribute_mapping"] if m["field_name"] != "title"]
    for setting in outbound["target_settings"]:
        if setting["name"] == "SCIM_URL":
            setting["value"] = NEW_URL
    return doc


@pytest.fixture(scope="module")
def updated(stacks_out: Path, plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Updated]:
    tmp = tmp_path_factory.mktemp("update")
    with deployed_environment(STACKS_CONFIG, stacks_out, "active_directory", tmp, plugin_cache) as deployment:
        assert deployment.replan.returncode == 0, deployment.replan.output
        deployment.doc = _changed(deployment.doc)
        deployment.tf.write_config(deployment.doc)
        plan = deployment.tf.plan()
        deployment.tf.apply()
        yield Updated(deployment, plan, deployment.tf.plan())


def test_the_change_is_planned_as_one_in_place_update(updated: Updated) -> None:
    assert "Plan: 0 to add, 1 to change, 0 to destroy." in updated.update_plan.output, updated.update_plan.output


def test_after_the_update_the_stack_replans_clean(updated: Updated) -> None:
    assert updated.replan.returncode == 0, updated.replan.output


def test_pf_local_stores_the_new_filter_url_and_second_channel(updated: Updated) -> None:
    stored = updated.deployment.connection("code42-ad")
    channels = stored["outboundProvision"]["channels"]
    assert ([c["name"] for c in channels], channels[0]["channelSource"]["userSourceLocation"]["filter"],
            target_settings(stored)["SCIM_URL"]["value"]) == (["AD users", "AD contractors"], NEW_FILTER, NEW_URL)


def test_a_field_dropped_from_the_mapping_is_unmapped_in_pf_local(updated: Updated) -> None:
    channel = updated.deployment.connection("code42-ad")["outboundProvision"]["channels"][0]
    title = next(m for m in channel["attributeMapping"] if m["fieldName"] == "title")
    assert title["saasFieldInfo"]["attributeNames"] == []
