"""The property test's oracle includes the real provider: in deterministic batches of 25 generated props (the
strategies of tests/construct/test_property_random_props.py), each props either raises ValidationError at
construction, or the whole stack of the rest — many connections in one Terraform working directory — passes
real ``terraform validate``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from code42_scim import Code42ScimConnection, ValidationError
from pingfederate.engine import cdk
from pingfederate.provider import PingfederateProvider
from tests.construct.test_property_random_props import props
from tests.support.terraform import requires_provider, stack_workdir, validation_errors

pytestmark = [requires_provider, pytest.mark.slow, pytest.mark.timeout(240)]

BATCH = 25  # props per Terraform working directory
BATCHES = 4  # deterministic (derandomized) batches per run
# Connection ids the generator's plausible baseline draws from; made distinct per connection in the batch.
BASELINE_IDS = {"code42-scim", "c42.prod_1"}
# Variables the generator's token values reference ("${var.x}" ...): a real stack declares what it uses.
REFERENCED_VARIABLES = ("x", "scim_url", "store", "code42_token")


def _construct_or_refuse(scope: cdk.TerraformStack, cid: str, kwargs: dict[str, Any],
                         provider: cdk.TerraformProvider | None = None) -> bool:
    try:
        Code42ScimConnection(scope, cid, provider=provider, **kwargs)
    except ValidationError:
        return False
    return True


def build_batch(batch: list[dict[str, Any]], outdir: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Synthesize every props the construct accepts into one stack; returns the stack and the accepted
    props by construct id. Each props is first tried alone, so a refused one leaves nothing behind."""
    app = cdk.App(outdir=str(outdir))
    stack = cdk.TerraformStack(app, "batch")
    provider = PingfederateProvider(stack, "pingfederate", https_host="https://localhost:9999", product_version="12.1")
    for name in REFERENCED_VARIABLES:
        cdk.TerraformVariable(stack, name, type="string")
    accepted: dict[str, dict[str, Any]] = {}
    for i, generated in enumerate(batch):
        kwargs = dict(generated)
        if kwargs["connection_id"] in BASELINE_IDS:
            kwargs["connection_id"] = f"{kwargs['connection_id']}-{i}"
        probe = cdk.TerraformStack(cdk.Testing.app(), "probe")
        if _construct_or_refuse(probe, "code42", kwargs):
            assert _construct_or_refuse(stack, f"c{i}", kwargs, provider)
            accepted[f"c{i}"] = kwargs
    app.synth()
    doc: dict[str, Any] = json.loads((outdir / "stacks" / "batch" / "cdk.tf.json").read_text(encoding="utf-8"))
    return doc, accepted


def culprits(main_tf_json: Path, result_json: dict[str, Any], accepted: dict[str, dict[str, Any]]) -> list[str]:
    """Each validate error with the generated props of the connection whose resource holds it."""
    lines = main_tf_json.read_text(encoding="utf-8").splitlines()
    found = []
    for diag in result_json.get("diagnostics", []):
        if diag.get("severity") != "error":
            continue
        line = diag.get("range", {}).get("start", {}).get("line", 0)
        owner = next((m[1] for text in reversed(lines[:line]) if (m := re.match(r'^ {6}"(c\d+)_[0-9A-F]+": \{', text))),
                     None)
        found.append(f"{diag.get('summary')}: {diag.get('detail')}\n    props {owner}: {accepted.get(owner or '')!r}")
    return found


def test_generated_props_are_refused_by_the_construct_or_pass_real_terraform_validate(
        tmp_path_factory: pytest.TempPathFactory, plugin_cache: Path) -> None:
    outcomes = {"accepted": 0, "refused": 0}

    # Hypothesis's first batch is its simplest (all plausible props); the later ones mix in arbitrary values.
    @settings(max_examples=BATCHES, derandomize=True, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(batch=st.lists(props, min_size=BATCH, max_size=BATCH))
    def one_batch(batch: list[dict[str, Any]]) -> None:
        tmp = tmp_path_factory.mktemp("oracle")
        doc, accepted = build_batch(batch, tmp / "cdktf.out")
        outcomes["accepted"] += len(accepted)
        outcomes["refused"] += len(batch) - len(accepted)
        if not accepted:
            return
        tf = stack_workdir(doc, tmp / "tf", plugin_cache=plugin_cache)
        tf.init("-backend=false")
        result = tf.validate()
        assert validation_errors(result) == [], "\n".join(culprits(tf.workdir / "main.tf.json", result.json(),
                                                                    accepted))

    one_batch()
    assert outcomes["accepted"] > 0 and outcomes["refused"] > 0, f"one outcome never exercised: {outcomes}"
