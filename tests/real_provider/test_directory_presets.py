"""Each directory preset, through the real provider: a stack with one channel of that preset applies to
pf-local, re-plans clean, and the stored channel source carries the preset's values."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from code42_scim import DirectoryPreset
from code42_scim._presets import PRESETS
from tests.real_provider.conftest import DEPLOY_TIMEOUT, STACKS_CONFIG, Deployment, deployed_environment
from tests.support.terraform import requires_provider

pytestmark = [requires_provider, pytest.mark.slow, pytest.mark.timeout(DEPLOY_TIMEOUT)]

# stacks.toml has one environment per preset, named after it, with one connection and one channel.
CONNECTION_OF = {DirectoryPreset.ACTIVE_DIRECTORY: "code42-ad", DirectoryPreset.PING_DIRECTORY: "code42-pd"}


@pytest.fixture(scope="module", params=list(DirectoryPreset), ids=lambda p: p.value)
def preset_deployed(request: pytest.FixtureRequest, stacks_out: Path, plugin_cache: Path,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DirectoryPreset, Deployment]]:
    preset: DirectoryPreset = request.param
    tmp = tmp_path_factory.mktemp(preset.value)
    with deployed_environment(STACKS_CONFIG, stacks_out, preset.value, tmp, plugin_cache) as deployment:
        yield preset, deployment


def _source(preset_deployed: tuple[DirectoryPreset, Deployment]) -> dict[str, Any]:
    preset, deployment = preset_deployed
    source: dict[str, Any] = deployment.connection(CONNECTION_OF[preset])["outboundProvision"]["channels"][0][
        "channelSource"]
    return source


def test_every_preset_stack_replans_clean_after_apply(preset_deployed: tuple[DirectoryPreset, Deployment]) -> None:
    assert preset_deployed[1].replan.returncode == 0, preset_deployed[1].replan.output


def test_the_stored_channel_detects_changes_the_preset_way(preset_deployed: tuple[DirectoryPreset, Deployment]) -> None:
    want = PRESETS[preset_deployed[0]]
    detection = _source(preset_deployed)["changeDetectionSettings"]
    assert (detection["changedUsersAlgorithm"], detection["timeStampAttributeName"], detection["userObjectClass"],
            detection.get("usnAttributeName")) == (want.changed_users_algorithm.value,
                                                   want.time_stamp_attribute_name, want.user_object_class,
                                                   want.usn_attribute_name)


def test_the_stored_channel_identifies_users_by_the_preset_guid(
        preset_deployed: tuple[DirectoryPreset, Deployment]) -> None:
    want = PRESETS[preset_deployed[0]]
    source = _source(preset_deployed)
    assert (source["guidAttributeName"], source["guidBinary"]) == (want.guid_attribute_name, want.guid_binary)


def test_the_stored_channel_reads_account_status_the_preset_way(
        preset_deployed: tuple[DirectoryPreset, Deployment]) -> None:
    want = PRESETS[preset_deployed[0]]
    account = _source(preset_deployed)["accountManagementSettings"]
    assert (account["accountStatusAlgorithm"], account["accountStatusAttributeName"],
            account.get("flagComparisonValue"), account["flagComparisonStatus"], account["defaultStatus"]) == (
        want.account_status_algorithm.value, want.account_status_attribute_name, want.flag_comparison_value,
        want.flag_comparison_status, want.default_status)
