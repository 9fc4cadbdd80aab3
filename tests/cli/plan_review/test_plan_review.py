"""``code42-scim plan-review`` on hand-written ``terraform show -json`` documents."""

from __future__ import annotations

import copy
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from code42_scim._descriptor import PINNED_DESCRIPTOR_PATH, load_descriptor
from code42_scim.cli import main
from code42_scim.cli.plan_review import review_plan

from .builders import (
    ACCESS_TOKEN,
    ADDRESS,
    NEW_ACCESS_TOKEN,
    Json,
    change,
    channel,
    connection,
    plan,
    settings,
)
from .conftest import Runner

DATA = Path(__file__).with_name("data")
GOLDEN = Path(__file__).with_name("golden")


def _risk_codes(document: Json) -> list[str]:
    review = review_plan(document, load_descriptor())
    return [r.code for c in review.connections for r in c.risks]


def _update(after: Json) -> Json:
    return plan(change(["update"], connection(), after))


def _channel_with(**changes: Any) -> Json:
    ch = channel()
    for key, value in changes.items():
        if key in ch:
            ch[key] = value
        else:
            ch["channel_source"][key] = value
    return ch


# -- golden ------------------------------------------------------------------------------------------------

def test_markdown_for_the_mixed_plan_matches_the_golden_file(review: Runner) -> None:
    code, out, _ = review(json.loads((DATA / "mixed-plan.json").read_text(encoding="utf-8")),
                          "--format", "markdown")
    golden = GOLDEN / "mixed-plan.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(out, encoding="utf-8")
    assert code == 0
    assert out == golden.read_text(encoding="utf-8"), "re-run with UPDATE_GOLDEN=1 to accept a new rendering"


def test_terminal_view_for_the_mixed_plan_matches_the_golden_file(review: Runner) -> None:
    _, out, _ = review(json.loads((DATA / "mixed-plan.json").read_text(encoding="utf-8")),
                       "--format", "terminal")
    golden = GOLDEN / "mixed-plan.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8"), "re-run with UPDATE_GOLDEN=1 to accept a new rendering"


def test_output_does_not_depend_on_the_order_of_resource_changes(review: Runner) -> None:
    document = json.loads((DATA / "mixed-plan.json").read_text(encoding="utf-8"))
    shuffled = copy.deepcopy(document)
    shuffled["resource_changes"].reverse()
    for rc in shuffled["resource_changes"]:
        after = rc["change"]["after"]
        if after and "outbound_provision" in after:
            # Sets come back in any order; reverse the elements together with their sensitivity marks.
            after["outbound_provision"]["target_settings"].reverse()
    assert review(document, "--format", "markdown")[1] == review(shuffled, "--format", "markdown")[1]


# -- actions -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("actions", "title"),
    [
        (["create"], "created"),
        (["update"], "updated in place"),
        (["delete", "create"], "replaced (destroyed, then created)"),
        (["create", "delete"], "replaced (new one created before the old one is destroyed)"),
        (["delete"], "destroyed"),
        (["no-op"], "no changes"),
    ],
)
def test_each_action_gets_its_own_section_title(review: Runner, actions: list[str], title: str) -> None:
    before = None if actions == ["create"] else connection()
    after = None if actions == ["delete"] else connection(name="Code42 renamed")
    if actions == ["no-op"]:
        after = connection()
    _, out, _ = review(plan(change(actions, before, after)), "--format", "markdown")
    assert f"### `{ADDRESS}` — {title}" in out


def test_an_in_place_update_lists_only_the_changed_setting(review: Runner) -> None:
    _, out, _ = review(_update(connection(target_settings=settings(REMOVE_ACTION="Delete"))),
                       "--format", "markdown")
    rows = [ln for ln in out.splitlines() if ln.startswith("| Target settings") or ln.startswith("| Channel")]
    assert rows == ["| Target settings: Remove User Action | `Disable` | `Delete` |"]


def test_a_replace_names_the_attribute_that_forces_it() -> None:
    document = plan(change(["delete", "create"], connection(), connection(connection_id="new-id"),
                           replace_paths=[["connection_id"]]))
    (conn,) = review_plan(document, load_descriptor()).connections
    assert conn.risks[0].reason.startswith("Connection is replaced (forced by: Connection ID)")


def test_a_no_op_plan_says_no_changes(review: Runner) -> None:
    _, out, _ = review(plan(change(["no-op"], connection(), connection())), "--format", "markdown")
    assert "**1 Code42 provisioning connection, no changes.**" in out


def test_a_plan_without_connections_says_so(review: Runner) -> None:
    _, out, _ = review(plan(change(["create"], None, {"input": 1}, address="terraform_data.x")),
                       "--format", "markdown")
    assert "No `pingfederate_idp_sp_connection` in this plan." in out
    assert "`terraform_data.x` (created)" in out


# -- vocabulary --------------------------------------------------------------------------------------------

def test_terminal_view_speaks_console_labels(review: Runner) -> None:
    _, out, _ = review(_update(connection(target_settings=settings(REMOVE_ACTION="Delete"))),
                       "--format", "terminal")
    assert "Target settings: Remove User Action  Disable → Delete" in out


def test_a_channel_filter_change_shows_both_filters(review: Runner) -> None:
    after = connection(channels=[_channel_with(user_source_location={
        "filter": "(&(objectClass=user)(department=IT))", "group_dn": None, "nested_search": False})])
    _, out, _ = review(_update(after), "--format", "terminal")
    assert "Channel 'AD users': LDAP filter  (objectClass=user) → (&(objectClass=user)(department=IT))" in out


def test_a_removed_mapping_reads_field_from_attribute_removed(review: Runner) -> None:
    ch = channel()
    ch["attribute_mapping"] = [m for m in ch["attribute_mapping"] if m["field_name"] != "workEmail"]
    _, out, _ = review(_update(connection(channels=[ch])), "--format", "terminal")
    assert "Channel 'AD users': mapping workEmail ← mail  mapped → (removed)" in out


def test_a_changed_mapping_source_shows_old_and_new_attributes(review: Runner) -> None:
    ch = channel()
    ch["attribute_mapping"][1]["saas_field_info"]["attribute_names"] = ["userPrincipalName"]
    _, out, _ = review(_update(connection(channels=[ch])), "--format", "terminal")
    assert "Channel 'AD users': mapping workEmail source  ← mail → ← userPrincipalName" in out


def _relabelled_descriptor(tmp_path: Path) -> Path:
    """The pinned descriptor with REMOVE_ACTION labelled "Deprovisioning Action" (no "Remove User Action")."""
    pinned = json.loads(PINNED_DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    for field in pinned["configDescriptor"]["fields"]:
        if field["name"] == "REMOVE_ACTION":
            field["label"] = "Deprovisioning Action"
    custom = tmp_path / "descriptor.json"
    custom.write_text(json.dumps(pinned), encoding="utf-8")
    return custom


def test_a_custom_descriptor_supplies_the_setting_labels(review: Runner, tmp_path: Path) -> None:
    custom = _relabelled_descriptor(tmp_path)
    _, out, _ = review(_update(connection(target_settings=settings(REMOVE_ACTION="Delete"))),
                       "--format", "terminal", "--descriptor", str(custom))
    assert "Target settings: Deprovisioning Action  Disable → Delete" in out


def test_a_descriptor_without_a_risk_label_still_flags_it_by_the_pinned_name(tmp_path: Path) -> None:
    custom = _relabelled_descriptor(tmp_path)
    document = _update(connection(target_settings=settings(REMOVE_ACTION="Delete")))
    (conn,) = review_plan(document, load_descriptor(custom)).connections
    assert [r.code for r in conn.risks] == ["remove-action-delete"]


def test_a_value_known_only_after_apply_is_shown_as_such(review: Runner) -> None:
    after = connection(channels=[_channel_with(data_source={"id": None})])
    document = plan(change(["update"], connection(), after, after_unknown={
        "outbound_provision": {"channels": [{"channel_source": {"data_source": {"id": True}}}]}}))
    _, out, _ = review(document, "--format", "terminal")
    assert "Channel 'AD users': data store  LDAP-AD → (known after apply)" in out


# -- sensitive values --------------------------------------------------------------------------------------

@pytest.mark.parametrize("extra", [["--format", "markdown"], ["--format", "terminal"],
                                   ["--format", "markdown", "--strict-sensitive"]])
def test_no_secret_from_the_plan_reaches_the_output(review: Runner, extra: list[str]) -> None:
    document = json.loads((DATA / "mixed-plan.json").read_text(encoding="utf-8"))
    code, out, err = review(document, *extra)
    assert code == 0
    for secret in (ACCESS_TOKEN, NEW_ACCESS_TOKEN):
        assert secret in json.dumps(document)  # the plan really carries it, in before/after and variables
        assert secret not in out + err


def test_a_rotated_token_shows_as_a_sensitive_change(review: Runner) -> None:
    _, out, _ = review(_update(connection(target_settings=settings(OAUTH_ACCESS_TOKEN=NEW_ACCESS_TOKEN))),
                       "--format", "markdown")
    assert "| Target settings: Access Token | *(sensitive)* | *(sensitive)* |" in out


def test_a_sensitive_value_outside_the_declared_options_is_hidden(review: Runner) -> None:
    _, out, _ = review(_update(connection(target_settings=settings(REMOVE_ACTION="Purge-now-xyz"))),
                       "--format", "markdown")
    assert "| Target settings: Remove User Action | `Disable` | *(sensitive)* |" in out
    assert "Purge-now-xyz" not in out


def test_strict_sensitive_hides_option_values_but_still_warns(review: Runner) -> None:
    _, out, _ = review(_update(connection(target_settings=settings(REMOVE_ACTION="Delete"))),
                       "--format", "markdown", "--strict-sensitive")
    assert "| Target settings: Remove User Action | *(sensitive)* | *(sensitive)* |" in out
    assert "Remove User Action changes to a hidden value: confirm it is not Delete" in out


def test_a_wholly_sensitive_resource_hides_free_text_values(review: Runner) -> None:
    document = plan(change(["update"], connection(), connection(name="Code42 renamed-abc")))
    document["resource_changes"][0]["change"]["after_sensitive"] = True
    document["resource_changes"][0]["change"]["before_sensitive"] = True
    _, out, _ = review(document, "--format", "markdown")
    assert "| Connection name | *(sensitive)* | *(sensitive)* |" in out
    assert "renamed-abc" not in out


# -- risks -------------------------------------------------------------------------------------------------

_RISKS: list[tuple[str, Json, str]] = [
    ("replace", plan(change(["delete", "create"], connection(), connection(connection_id="x"))), "replace"),
    ("create-before-destroy", plan(change(["create", "delete"], connection(), connection(connection_id="x"))),
     "replace"),
    ("destroy", plan(change(["delete"], connection(), None)), "destroy"),
    ("connection deactivated", _update(connection(active=False)), "connection-deactivated"),
    ("channel deactivated", _update(connection(channels=[_channel_with(active=False)])),
     "channel-deactivated"),
    ("channel removed", _update(connection(channels=[channel("Other")])), "channel-removed"),
    ("LDAP filter", _update(connection(channels=[_channel_with(user_source_location={
        "filter": "(objectClass=person)", "group_dn": None, "nested_search": False})])), "source-scope"),
    ("base DN", _update(connection(channels=[_channel_with(base_dn="DC=example,DC=com")])), "source-scope"),
    ("data store", _update(connection(channels=[_channel_with(data_source={"id": "LDAP-2"})])),
     "source-scope"),
    ("unique user identifier",
     _update(connection(target_settings=settings(UNIQUE_USER_IDENTIFIER="workEmail"))),
     "unique-user-identifier"),
    ("auth method", _update(connection(target_settings=settings(
        AUTHENTICATION_METHOD="Basic Authentication", OAUTH_ACCESS_TOKEN=None,
        BASIC_AUTH_USER="svc-code42", BASIC_AUTH_PASSWORD="pw-SECRET-77a"))), "auth-method"),
    ("remove action", _update(connection(target_settings=settings(REMOVE_ACTION="Delete"))),
     "remove-action-delete"),
    ("create with Delete",
     plan(change(["create"], None, connection(target_settings=settings(REMOVE_ACTION="Delete")))),
     "remove-action-delete"),
    ("SCIM URL", _update(connection(target_settings=settings(
        SCIM_URL="https://console.us2.code42.com/api/v22/scim-user-provisioning/ORG2/v2"))), "scim-url"),
]


@pytest.mark.parametrize(("document", "code"), [(d, c) for _, d, c in _RISKS], ids=[n for n, _, _ in _RISKS])
def test_a_risky_change_is_flagged_with_its_reason(document: Json, code: str) -> None:
    assert _risk_codes(document) == [code]


def test_a_userName_source_change_is_flagged() -> None:
    ch = channel()
    ch["attribute_mapping"][0]["saas_field_info"]["attribute_names"] = ["userPrincipalName"]
    assert _risk_codes(_update(connection(channels=[ch]))) == ["username-source"]


@pytest.mark.parametrize(
    "after",
    [
        connection(target_settings=settings(OAUTH_ACCESS_TOKEN=NEW_ACCESS_TOKEN)),
        connection(name="Code42 production"),
        connection(channels=[_channel_with(timeout=120)]),
        connection(active=True, channels=[channel(), channel("Second")]),
    ],
    ids=["token rotated", "renamed", "timeout", "channel added"],
)
def test_a_routine_change_carries_no_risk(after: Json) -> None:
    assert _risk_codes(_update(after)) == []


def test_risk_reasons_appear_in_the_markdown(review: Runner) -> None:
    _, out, _ = review(_update(connection(active=False)), "--format", "markdown")
    assert "- ⚠️ Connection is deactivated: no user is provisioned to Code42 while it is off." in out


# -- exit codes --------------------------------------------------------------------------------------------

_NO_CHANGE = plan(change(["no-op"], connection(), connection()))
_ROUTINE = _update(connection(name="Code42 production"))
_RISKY = _update(connection(active=False))


@pytest.mark.parametrize(
    ("document", "fail_on", "expected"),
    [
        (_NO_CHANGE, "never", 0), (_ROUTINE, "never", 0), (_RISKY, "never", 0),
        (_NO_CHANGE, "changes", 0), (_ROUTINE, "changes", 2), (_RISKY, "changes", 3),
        (_NO_CHANGE, "risky", 0), (_ROUTINE, "risky", 0), (_RISKY, "risky", 3),
    ],
)
def test_fail_on_sets_the_exit_code(review: Runner, document: Json, fail_on: str, expected: int) -> None:
    assert review(document, "--fail-on", fail_on)[0] == expected


def test_a_change_to_another_resource_counts_as_a_change(review: Runner) -> None:
    document = plan(change(["create"], None, {"input": 1}, address="terraform_data.x"))
    assert review(document, "--fail-on", "changes")[0] == 2


# -- input and output --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "is not JSON"),
        (b"PK\x03\x04binary", "is a binary plan file: run `terraform show -json"),
        (b'{"format_version": "2.0", "resource_changes": []}', "unsupported plan format_version '2.0'"),
        (b'{"format_version": "1.0", "values": {}}', "this looks like state, not a plan"),
        (b"[]", "expected a JSON object"),
        (b'{"format_version": "1.2", "resource_changes": [{"address": "a.b"}]}', "has no 'change' object"),
        (b'{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {"actions": ["x"]}}]}',
         "a.b: unknown change.actions ['x']"),
    ],
)
def test_bad_input_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       content: bytes, message: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    assert main(["plan-review", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_a_missing_plan_file_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan-review", str(tmp_path / "absent.json")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_the_plan_can_come_from_stdin(monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(_RISKY).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["plan-review", "-", "--fail-on", "risky"]) == 3
    assert "Connection is deactivated" in capsys.readouterr().out


def test_output_goes_to_the_named_file(review: Runner, tmp_path: Path) -> None:
    target = tmp_path / "review.md"
    _, out, _ = review(_RISKY, "--output", str(target))
    assert out == ""
    assert target.read_text(encoding="utf-8").startswith("<!-- code42-scim:plan-review -->\n")


def test_markdown_is_the_default_when_stdout_is_not_a_terminal(review: Runner) -> None:
    assert review(_ROUTINE)[1].startswith("<!-- code42-scim:plan-review -->")


def test_help_lists_the_options_and_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["plan-review", "--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    assert "--fail-on {never,changes,risky}" in out
    assert "3 a connection change is risky" in out
