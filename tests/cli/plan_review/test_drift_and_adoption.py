"""plan-review says what changed in PingFederate outside Terraform (``resource_drift``), labels connections
adopted with an import block, and leaves out rows that carry no information."""

from __future__ import annotations

from typing import Any

from code42_scim._descriptor import load_descriptor
from code42_scim.cli.plan_review import ConnectionReview, review_plan

from .builders import Json, change, channel, connection, plan, settings
from .conftest import Runner

CONSOLE_FILTER = "(|(objectClass=user)(objectClass=person))"


def _console_edit() -> Json:
    return connection(target_settings=settings(REMOVE_ACTION="Delete"),
                      channels=[channel(user_source_location={"filter": CONSOLE_FILTER, "group_dn": None,
                                                              "nested_search": False})])


def _drift_plan() -> Json:
    document = plan(change(["update"], _console_edit(), connection()))
    document["resource_drift"] = [change(["update"], connection(), _console_edit())]
    return document


def _one(document: Json) -> ConnectionReview:
    (review,) = review_plan(document, load_descriptor()).connections
    return review


def test_drift_lists_each_setting_changed_outside_terraform_as_applied_then_now() -> None:
    rows = {(r.group, r.subject): (r.before, r.after) for r in _one(_drift_plan()).drift}
    assert rows == {("Target settings", "Remove User Action"): ("Disable", "Delete"),
                    ("Channel 'AD users'", "LDAP filter"): ("(objectClass=user)", CONSOLE_FILTER)}


def test_the_planned_rows_show_the_plan_putting_the_drift_back() -> None:
    rows = {r.subject: (r.before, r.after) for r in _one(_drift_plan()).rows}
    assert rows["Remove User Action"] == ("Delete", "Disable")


def test_markdown_has_a_drift_section_saying_the_plan_puts_it_back(review: Runner) -> None:
    _, out, _ = review(_drift_plan(), "--format", "markdown")
    assert "**Changed in PingFederate outside Terraform** (this plan puts it back):" in out
    assert "| Target settings: Remove User Action | `Disable` | `Delete` |" in out


def test_the_terminal_view_names_the_drift_too(review: Runner) -> None:
    _, out, _ = review(_drift_plan(), "--format", "terminal")
    assert "Changed in PingFederate outside Terraform (this plan puts it back):" in out


def test_a_connection_deleted_outside_terraform_is_said_to_be_created_again(review: Runner) -> None:
    document = plan(change(["create"], None, connection()))
    document["resource_drift"] = [change(["delete"], connection(), None)]
    _, out, _ = review(document, "--format", "markdown")
    assert "Deleted in PingFederate outside Terraform: this plan creates it again" in out


def test_drift_of_other_resources_is_not_reviewed() -> None:
    document = plan(change(["no-op"], connection(), connection()))
    document["resource_drift"] = [change(["update"], {"a": 1}, {"a": 2}, address="terraform_data.x")]
    assert _one(document).drift == ()


def _imported(actions: list[str], after: Json | None = None) -> Json:
    return plan(change(actions, connection(), after or connection(), importing={"id": "code42-scim"}))


def test_an_imported_connection_is_labelled_adopted_from_pingfederate(review: Runner) -> None:
    _, out, _ = review(_imported(["update"], connection(name="Code42 (managed)")), "--format", "markdown")
    assert "— adopted from PingFederate (imported), then updated in place" in out


def test_an_import_that_changes_nothing_counts_as_a_change_for_the_ci_gate(review: Runner) -> None:
    code, out, _ = review(_imported(["no-op"]), "--fail-on", "changes", "--format", "markdown")
    assert (code, "adopted from PingFederate (imported), no changes" in out) == (2, True)


def test_an_adoption_that_updates_explains_the_re_sent_secrets() -> None:
    notes = _one(_imported(["update"], connection(name="x"))).notes
    assert any("re-sends them" in n for n in notes)


def _with_encrypted(before: str | None, after_unknown: bool) -> Json:
    old = connection()
    for s in old["outbound_provision"]["target_settings"]:
        s["encrypted_value"] = before
    new = connection(name="renamed")
    unknown: dict[str, Any] = {"outbound_provision": {"target_settings": [
        {"encrypted_value": after_unknown} for _ in new["outbound_provision"]["target_settings"]]}}
    return plan(change(["update"], old, new, after_unknown=unknown))


def test_an_encrypted_value_going_from_unset_to_unknown_is_not_a_row() -> None:
    subjects = [r.subject for r in _one(_with_encrypted(None, True)).rows]
    assert [s for s in subjects if "encrypted value" in s] == []


def test_an_encrypted_value_re_planned_by_the_provider_on_update_is_not_a_row() -> None:
    subjects = [r.subject for r in _one(_with_encrypted("OBF:JWE:abc", True)).rows]
    assert [s for s in subjects if "encrypted value" in s] == []
