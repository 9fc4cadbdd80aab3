"""Adopting connections made outside Terraform (through pf-local's admin API, as in the console):
``code42-scim adopt`` writes the config entry, the stack imports the connection with an import block, the
first plan re-sends only the secrets (or, for what the construct cannot express, what adopt reported),
and after that apply the plan is clean."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.lifecycle.conftest import SUITE_TIMEOUT, assert_golden, plan_review
from tests.pf_local.helpers import code42_body, to_admin_body
from tests.real_provider.conftest import load_stack
from tests.support.fixtures import synth_main
from tests.support.pf_local import PfServer, start_server
from tests.support.terraform import TerraformResult, requires_provider, stack_workdir

pytestmark = [requires_provider, pytest.mark.lifecycle, pytest.mark.slow, pytest.mark.timeout(SUITE_TIMEOUT)]

CODE42_SCIM = Path(sys.executable).with_name("code42-scim")
TOKEN = "console-token-9f2b"  # what the administrator typed into the console; never read back


def _defaults_body(tmp: Path) -> dict[str, Any]:
    """The connection the Code42 defaults produce, made through the API instead of Terraform."""
    doc = load_stack(synth_main(tmp / "example.out"), "local")
    (resource,) = doc["resource"]["pingfederate_idp_sp_connection"].values()
    body = to_admin_body(resource)
    for setting in body["outboundProvision"]["targetSettings"]:
        if setting["name"] == "OAUTH_ACCESS_TOKEN":
            setting["value"] = TOKEN
    return body


def _console_body(tmp: Path) -> dict[str, Any]:
    """A connection the Code42 defaults would not produce: PingDirectory source with its own GUID attribute, a
    group DN and nested search, a second (inactive) channel, a custom and an expression mapping, unmapped
    fields, users not created -- and three things the construct refuses or does not manage."""
    body = code42_body("console-made", token=TOKEN)
    body.update(name="Code42 EU (console)", entityId="code42-eu-console", loggingMode="FULL")
    settings = {s["name"]: s for s in body["outboundProvision"]["targetSettings"]}
    settings["CREATE_USERS"]["value"] = "false"
    settings["REMOVE_ACTION"]["value"] = "Delete"
    body["outboundProvision"]["targetSettings"].append({"name": "USERS_RESOURCE", "value": "/Accounts"})
    pd = _defaults_body(tmp)["outboundProvision"]["channels"][0]
    pd = copy.deepcopy(pd)
    pd["name"] = "PD staff"
    src = pd["channelSource"]
    src["dataSource"]["id"] = "LDAP-PD"
    src.update(baseDn="ou=people,dc=example,dc=com", guidAttributeName="nsUniqueId", guidBinary=False)
    src["changeDetectionSettings"].update(changedUsersAlgorithm="TIMESTAMP_NO_NEGATION", usnAttributeName=None,
                                          timeStampAttributeName="modifyTimestamp", userObjectClass="inetOrgPerson",
                                          groupObjectClass="groupOfUniqueNames")
    src["changeDetectionSettings"] = {k: v for k, v in src["changeDetectionSettings"].items() if v is not None}
    src["accountManagementSettings"].update(accountStatusAttributeName="ds-pwp-account-disabled",
                                            accountStatusAlgorithm="ACCOUNT_STATUS_ALGORITHM_FLAG",
                                            flagComparisonValue="true", flagComparisonStatus=False)
    src["groupMembershipDetection"] = {"memberOfGroupAttributeName": "isMemberOf",
                                       "groupMemberAttributeName": "uniqueMember"}
    src["userSourceLocation"] = {"groupDN": "cn=code42,ou=groups,dc=example,dc=com", "nestedSearch": True,
                                 "filter": "(objectClass=inetOrgPerson)"}
    mapping = {m["fieldName"]: m for m in pd["attributeMapping"]}
    mapping["title"]["saasFieldInfo"] = {"attributeNames": ["jobTitle"], "trim": True}
    mapping["externalId"]["saasFieldInfo"] = {"attributeNames": ["nsUniqueId"]}
    mapping["userType"]["saasFieldInfo"] = {"defaultValue": "Employee"}
    del mapping["division"]
    pd["attributeMapping"] = list(mapping.values())
    pd["maxThreads"] = 3
    contractors = copy.deepcopy(_defaults_body(tmp)["outboundProvision"]["channels"][0])
    contractors.update(name="AD contractors", active=False)
    contractors["channelSource"]["baseDn"] = "OU=Contractors,DC=example,DC=com"
    body["outboundProvision"]["channels"] = [pd, contractors]
    return body


@dataclass
class Adopted:
    pf: PfServer
    created: dict[str, Any]
    adopt: subprocess.CompletedProcess[str]
    entry: str
    first_plan: TerraformResult
    review: str
    replan: TerraformResult
    stored_before: dict[str, Any]
    stored_after: dict[str, Any]


def _adopt(pf: PfServer, body: dict[str, Any], tmp: Path, plugin_cache: Path) -> Adopted:
    created = pf.session().post(f"{pf.api_url}/idp/spConnections", json=body, timeout=10)
    assert created.status_code == 201, created.text
    before = pf.connection(body["id"])
    entry_file = tmp / "entry.toml"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PINGFEDERATE_PROVIDER_")},
           **pf.provider_env()}
    adopt = subprocess.run([str(CODE42_SCIM), "adopt", "--url", pf.host_url, "--ca-bundle", str(pf.cert),
                            "--environment", "adopted", "--connection-id", body["id"], "--output", str(entry_file)],
                           env=env, capture_output=True, text=True, timeout=60)
    assert adopt.returncode == 0, adopt.stderr
    entry = entry_file.read_text(encoding="utf-8")
    config = tmp / "code42-scim.toml"
    config.write_text(f'[environments.adopted.pingfederate]\nhttps_host = "{pf.host_url}"\nproduct_version = "12.1"\n'
                      f'ca_certificate_pem_files = ["{pf.cert}"]\n\n{entry}', encoding="utf-8")
    doc = load_stack(synth_main(tmp / "cdktf.out", config=config), "adopted")
    tf = stack_workdir(doc, tmp / "stack", plugin_cache=plugin_cache, keep_backend=False,
                       env={"TF_VAR_code42_access_token": TOKEN, **pf.provider_env()})
    tf.init()
    first = tf.plan()
    review = plan_review(tf.plan_json(), tmp, "adoption")
    tf.apply()
    return Adopted(pf, body, adopt, entry, first, review, tf.plan(), before, pf.connection(body["id"]))


def _adopted_fixture(kind: str, tmp_path_factory: pytest.TempPathFactory, plugin_cache: Path) -> Iterator[Adopted]:
    tmp = tmp_path_factory.mktemp(kind)
    pf = start_server(tmp)
    try:
        body = _defaults_body(tmp) if kind == "code42-defaults" else _console_body(tmp)
        yield _adopt(pf, body, tmp, plugin_cache)
    finally:
        pf.stop()


@pytest.fixture(scope="module")
def defaults_adopted(plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Adopted]:
    """A connection exactly as the Code42 defaults make it, created through the API."""
    yield from _adopted_fixture("code42-defaults", tmp_path_factory, plugin_cache)


@pytest.fixture(scope="module")
def console_adopted(plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Adopted]:
    """A connection the Code42 defaults would not produce, created through the API."""
    yield from _adopted_fixture("console-made", tmp_path_factory, plugin_cache)


@pytest.fixture(params=["defaults_adopted", "console_adopted"])
def adopted(request: pytest.FixtureRequest) -> Adopted:
    result: Adopted = request.getfixturevalue(request.param)
    return result


def test_the_entry_is_valid_config_that_adopts_the_connection(adopted: Adopted) -> None:
    (conn,) = tomllib.loads(adopted.entry)["environments"]["adopted"]["connections"]
    assert (conn["connection_id"], conn["adopt"]) == (adopted.created["id"], True)


def test_the_entry_names_the_secret_variable_and_holds_no_secret(adopted: Adopted) -> None:
    assert "TF_VAR_code42_access_token" in adopted.entry and TOKEN not in adopted.entry
    assert TOKEN not in adopted.adopt.stdout + adopted.adopt.stderr


def test_the_first_plan_imports_and_updates_in_place_without_creating_or_destroying(adopted: Adopted) -> None:
    assert "Plan: 1 to import, 0 to add, 1 to change, 0 to destroy." in adopted.first_plan.output


def test_plan_review_labels_the_import_as_adopted_from_pingfederate(adopted: Adopted) -> None:
    assert "adopted from PingFederate (imported), then updated in place" in adopted.review


def test_after_the_first_apply_the_adopted_connection_replans_clean(adopted: Adopted) -> None:
    assert adopted.replan.returncode == 0, adopted.replan.output


def test_the_adopted_connection_is_the_same_connection_not_a_new_one(adopted: Adopted) -> None:
    assert (adopted.pf.connection_ids(), adopted.stored_after["creationDate"]) == (
        [adopted.created["id"]], adopted.stored_before["creationDate"])


def test_adopting_a_code42_defaults_connection_reports_nothing_unexpressed(defaults_adopted: Adopted) -> None:
    assert "not expressed by the construct" not in defaults_adopted.adopt.stderr, defaults_adopted.adopt.stderr


def test_the_first_plan_of_a_code42_defaults_connection_re_sends_only_the_secret(defaults_adopted: Adopted) -> None:
    rows = [ln for ln in defaults_adopted.review.splitlines()
            if ln.startswith("| ") and not ln.startswith(("| Connection |", "| Setting |", "| `pingfederate"))]
    assert rows == ["| Target settings: Access Token | *(sensitive)* | *(sensitive)* |"]
    assert_golden("adoption-defaults.md", defaults_adopted.review)


def test_the_stored_channels_of_a_code42_defaults_connection_do_not_change(defaults_adopted: Adopted) -> None:
    assert _channel_changes(defaults_adopted) == []


def test_a_console_made_connection_keeps_its_own_channels_and_mapping(console_adopted: Adopted) -> None:
    channels = console_adopted.stored_after["outboundProvision"]["channels"]
    pd = channels[0]
    title = next(m for m in pd["attributeMapping"] if m["fieldName"] == "title")["saasFieldInfo"]
    assert ([c["name"] for c in channels], [c["active"] for c in channels], pd["maxThreads"],
            pd["channelSource"]["userSourceLocation"]["groupDN"], title["attributeNames"], title["trim"]) == (
        ["PD staff", "AD contractors"], [True, False], 3, "cn=code42,ou=groups,dc=example,dc=com", ["jobTitle"],
        True)


def test_the_stored_channels_of_a_console_made_connection_do_not_change(console_adopted: Adopted) -> None:
    assert _channel_changes(console_adopted) == []


def test_what_the_construct_cannot_express_is_reported_not_dropped(console_adopted: Adopted) -> None:
    reported = [ln for ln in console_adopted.adopt.stderr.splitlines()
                if ln.startswith("not expressed by the construct")]
    assert [any(word in ln for ln in reported) for word in ("Remove User Action = 'Delete'", "loggingMode",
                                                             "USERS_RESOURCE")] == [True, True, True]


def test_the_first_plan_of_a_console_made_connection_changes_only_what_adopt_reported(
        console_adopted: Adopted) -> None:
    assert_golden("adoption-console-made.md", console_adopted.review)


def _differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two stored bodies differ, as "path: before -> after" lines."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in _differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} -> {b!r}"]


def _channel_changes(adopted: Adopted) -> list[str]:
    """What the first apply changed in the stored channels, apart from the provider writing down PingFederate's
    default for the group source location (no group search, as before)."""
    before, after = (c["outboundProvision"]["channels"] for c in (adopted.stored_before, adopted.stored_after))
    return [d for d in _differences(before, after)
            if not d.endswith("channelSource.groupSourceLocation: None -> {'nestedSearch': False}")]
