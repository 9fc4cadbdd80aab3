"""The example config, through the real provider: init, validate, apply against pf-local, re-plan clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.fixtures import RunMain
from tests.support.pf_local import start_server
from tests.support.terraform import requires_provider, stack_workdir, validation_errors

pytestmark = [requires_provider, pytest.mark.slow]


def test_the_example_stack_applies_and_replans_clean_against_pf_local(run_main: RunMain, tmp_path: Path) -> None:
    doc = json.loads((run_main() / "stacks" / "local" / "cdk.tf.json").read_text(encoding="utf-8"))
    pf = start_server(tmp_path)
    try:
        doc["provider"]["pingfederate"][0]["https_host"] = pf.host_url
        tf = stack_workdir(doc, tmp_path / "stack", **pf.provider_env(), TF_VAR_code42_access_token="token-1")
        tf.init()
        assert validation_errors(tf.validate()) == []
        tf.apply()
        assert tf.plan().returncode == 0
    finally:
        pf.stop()
