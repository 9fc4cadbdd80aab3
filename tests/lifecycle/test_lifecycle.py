"""One connection's whole life through real terraform, the real provider and pf-local, step by step:

init -> apply -> plan clean -> change a channel's LDAP filter -> apply updates in place -> an edit behind
Terraform's back (admin API) -> the plan shows the drift and plan-review names it -> apply puts it back ->
rotate the Code42 token -> apply sends it, plan clean -> destroy refused while prevent_destroy is on ->
destroy after opting out, and the connection is gone from pf-local. Every plan goes through plan-review.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.lifecycle.conftest import SUITE_TIMEOUT, assert_golden, plan_review
from tests.real_provider.conftest import load_stack, target_settings
from tests.support.fixtures import synth_main
from tests.support.pf_local import PfServer, start_server
from tests.support.terraform import Terraform, TerraformResult, requires_provider, stack_workdir

pytestmark = [requires_provider, pytest.mark.lifecycle, pytest.mark.slow, pytest.mark.timeout(SUITE_TIMEOUT)]

REPO_ROOT = Path(__file__).resolve().parents[2]
CONNECTION_ID = "code42-scim"
FIRST_FILTER = "(&(objectClass=user)(memberOf=CN=Code42 Users,OU=Groups,DC=example,DC=com))"
SECOND_FILTER = "(&(objectClass=user)(memberOf=CN=Code42 Pilot,OU=Groups,DC=example,DC=com))"
CONSOLE_FILTER = "(objectClass=user)"  # the "wider filter" an administrator sets in the console
TOKEN_1, TOKEN_2 = "code42-token-one", "code42-token-two"


@dataclass
class Step:
    """What one step's plan and apply did."""

    plan: TerraformResult | None = None
    plan_json: dict[str, Any] = field(default_factory=dict)
    review: str = ""
    apply: TerraformResult | None = None
    replan: TerraformResult | None = None
    stored: dict[str, Any] = field(default_factory=dict)


@dataclass
class Life:
    steps: dict[str, Step]
    destroy_refused: TerraformResult
    present_after_refusal: list[str]
    destroy: TerraformResult
    status_after_destroy: int


class _Scenario:
    def __init__(self, tmp: Path, pf: PfServer, plugin_cache: Path) -> None:
        self.tmp, self.pf = tmp, pf
        self.config = tmp / "code42-scim.toml"
        self.tf: Terraform | None = None
        self.plugin_cache = plugin_cache
        self.token = TOKEN_1

    def synth(self, *, user_filter: str, prevent_destroy: bool = True) -> dict[str, Any]:
        text = (REPO_ROOT / "code42-scim.toml").read_text(encoding="utf-8").replace(FIRST_FILTER, user_filter)
        if not prevent_destroy:
            text = text.replace('auth_method = "oauth2_bearer_token"',
                                'auth_method = "oauth2_bearer_token"\nprevent_destroy = false')
        self.config.write_text(text, encoding="utf-8")
        out = synth_main(self.tmp / "cdktf.out", config=self.config)
        return self.pf.aim(load_stack(out, "local"))

    def write(self, doc: dict[str, Any]) -> Terraform:
        if self.tf is None:
            env = {**self.pf.provider_env(), "TF_VAR_code42_access_token": self.token}
            self.tf = stack_workdir(doc, self.tmp / "stack", plugin_cache=self.plugin_cache, env=env)
            self.tf.init()
        else:
            self.tf.write_config({**doc, "terraform": {**doc["terraform"],
                                                       "backend": {"local": {"path": "terraform.tfstate"}}}})
        return self.tf

    def env(self) -> dict[str, str]:
        return {"TF_VAR_code42_access_token": self.token}

    def step(self, name: str, *, apply: bool = True) -> Step:
        assert self.tf is not None
        plan = self.tf.plan(env=self.env())
        step = Step(plan=plan)
        if plan.returncode == 2:
            step.plan_json = self.tf.plan_json(env=self.env())
            step.review = plan_review(step.plan_json, self.tmp, name)
        if apply:
            step.apply = self.tf.apply(env=self.env())
            step.replan = self.tf.plan(env=self.env())
        step.stored = self.pf.connection(CONNECTION_ID)
        return step

    def edit_in_console(self) -> None:
        """What an administrator does in PingFederate's console: Remove User Action -> Delete, a wider filter."""
        body = copy.deepcopy(self.pf.connection(CONNECTION_ID))
        for setting in body["outboundProvision"]["targetSettings"]:
            if setting["name"] == "REMOVE_ACTION":
                setting["value"] = "Delete"
        body["outboundProvision"]["channels"][0]["channelSource"]["userSourceLocation"]["filter"] = CONSOLE_FILTER
        resp = self.pf.session().put(f"{self.pf.api_url}/idp/spConnections/{CONNECTION_ID}", json=body, timeout=10)
        assert resp.status_code == 200, resp.text


@pytest.fixture(scope="module")
def life(plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Life]:
    tmp = tmp_path_factory.mktemp("lifecycle")
    pf = start_server(tmp)
    try:
        s = _Scenario(tmp, pf, plugin_cache)
        steps: dict[str, Step] = {}
        tf = s.write(s.synth(user_filter=FIRST_FILTER))
        steps["create"] = s.step("create")
        s.write(s.synth(user_filter=SECOND_FILTER))
        steps["filter"] = s.step("filter-change")
        s.edit_in_console()
        steps["drift"] = s.step("drift")
        s.token = TOKEN_2
        steps["rotation"] = s.step("token-rotation")
        refused = tf.run("destroy", "-input=false", "-auto-approve", "-no-color", env=s.env(), check=False)
        present = pf.connection_ids()
        s.write(s.synth(user_filter=SECOND_FILTER, prevent_destroy=False))
        steps["opt-out"] = s.step("opt-out")
        destroyed = tf.run("destroy", "-input=false", "-auto-approve", "-no-color", env=s.env(), check=False)
        gone = pf.session().get(f"{pf.api_url}/idp/spConnections/{CONNECTION_ID}", timeout=10).status_code
        yield Life(steps, refused, present, destroyed, gone)
    finally:
        pf.stop()


def _filter(stored: dict[str, Any]) -> str:
    return str(stored["outboundProvision"]["channels"][0]["channelSource"]["userSourceLocation"]["filter"])


# -- create ----------------------------------------------------------------------------------------------
def test_step_1_apply_creates_the_connection(life: Life) -> None:
    step = life.steps["create"]
    assert step.apply is not None and "Resources: 1 added, 0 changed, 0 destroyed." in step.apply.output


def test_step_2_after_create_the_plan_shows_no_changes(life: Life) -> None:
    replan = life.steps["create"].replan
    assert replan is not None and replan.returncode == 0, replan.output if replan else None


# -- change a channel's LDAP filter ----------------------------------------------------------------------
def test_step_3_a_new_filter_is_planned_as_one_in_place_update(life: Life) -> None:
    plan = life.steps["filter"].plan
    assert plan is not None and "Plan: 0 to add, 1 to change, 0 to destroy." in plan.output


def test_step_3_the_filter_change_replaces_nothing(life: Life) -> None:
    actions = [rc["change"]["actions"] for rc in life.steps["filter"].plan_json["resource_changes"]]
    assert actions == [["update"]]


def test_step_3_plan_review_shows_the_filter_change_with_its_risk(life: Life) -> None:
    assert_golden("filter-change.md", life.steps["filter"].review)


def test_step_4_apply_stores_the_new_filter_and_the_plan_is_clean(life: Life) -> None:
    step = life.steps["filter"]
    assert (_filter(step.stored), step.replan.returncode if step.replan else None) == (SECOND_FILTER, 0)


# -- drift: a console edit behind Terraform's back -------------------------------------------------------
def test_step_5_the_plan_changes_the_console_filter_back(life: Life) -> None:
    plan = life.steps["drift"].plan
    assert plan is not None and plan.returncode == 2
    assert f'~ filter        = "{CONSOLE_FILTER}" -> "{SECOND_FILTER}"' in plan.output, plan.output


def test_step_5_the_plan_json_records_the_drift(life: Life) -> None:
    drift = life.steps["drift"].plan_json.get("resource_drift", [])
    assert [d["type"] for d in drift] == ["pingfederate_idp_sp_connection"]


def test_step_5_plan_review_names_what_changed_outside_terraform(life: Life) -> None:
    review = life.steps["drift"].review
    assert "Changed in PingFederate outside Terraform** (this plan puts it back)" in review
    assert "| Target settings: Remove User Action | `Disable` | `Delete` |" in review


def test_step_5_plan_review_shows_no_rows_without_information(life: Life) -> None:
    assert "*(not set)* | *(known after apply)*" not in life.steps["drift"].review


def test_step_5_plan_review_of_the_drift_matches_the_golden_file(life: Life) -> None:
    assert_golden("drift.md", life.steps["drift"].review)


def test_step_6_apply_puts_the_console_edit_back(life: Life) -> None:
    stored = life.steps["drift"].stored
    assert (target_settings(stored)["REMOVE_ACTION"]["value"], _filter(stored)) == ("Disable", SECOND_FILTER)


# -- token rotation ---------------------------------------------------------------------------------------
def test_step_7_a_new_token_is_planned_as_an_in_place_update(life: Life) -> None:
    plan = life.steps["rotation"].plan
    assert plan is not None and "Plan: 0 to add, 1 to change, 0 to destroy." in plan.output


def test_step_7_plan_review_shows_the_token_change_without_its_value(life: Life) -> None:
    review = life.steps["rotation"].review
    assert "| Target settings: Access Token | *(sensitive)* | *(sensitive)* |" in review
    assert TOKEN_1 not in review and TOKEN_2 not in review
    assert_golden("token-rotation.md", review)


def test_step_8_apply_sends_the_new_token_and_the_plan_is_clean(life: Life) -> None:
    before = life.steps["drift"].stored
    after = life.steps["rotation"].stored
    sealed = [target_settings(s)["OAUTH_ACCESS_TOKEN"]["encryptedValue"] for s in (before, after)]
    replan = life.steps["rotation"].replan
    assert (sealed[0] != sealed[1], replan.returncode if replan else None) == (True, 0)


# -- destroy ----------------------------------------------------------------------------------------------
def test_step_9_destroy_is_refused_while_prevent_destroy_is_on(life: Life) -> None:
    assert life.destroy_refused.returncode == 1
    assert "Instance cannot be destroyed" in life.destroy_refused.output
    assert CONNECTION_ID in life.present_after_refusal


def test_step_10_opting_out_of_prevent_destroy_changes_nothing_in_pingfederate(life: Life) -> None:
    plan = life.steps["opt-out"].plan
    assert plan is not None and plan.returncode == 0, plan.output if plan else None


def test_step_10_destroy_after_opting_out_removes_the_connection_from_pf_local(life: Life) -> None:
    assert life.destroy.returncode == 0, life.destroy.output
    assert life.status_after_destroy == 404
