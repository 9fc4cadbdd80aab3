"""FastSynthApp writes exactly the bytes cdktf.App writes, while keeping connection bodies out of node."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cdktf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from code42_scim import Code42ScimConnection
from pingfederate import FastSynthApp
from pingfederate._deferred import PLACEHOLDER_KEY, DeferredAttributesError, stable_dumps
from pingfederate.provider import PingfederateProvider

from .conftest import ad_channel, connection_kwargs

REPO_ROOT = Path(__file__).resolve().parents[2]
Build = Callable[[cdktf.App], None]


def _outputs(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(outdir.rglob("*.json"))}


def _both(tmp_path: Path, build: Build) -> tuple[dict[str, bytes], dict[str, bytes]]:
    plain = cdktf.App(outdir=str(tmp_path / "plain"))
    build(plain)
    plain.synth()
    fast = FastSynthApp(outdir=str(tmp_path / "fast"))
    build(fast)
    fast.synth()
    return _outputs(tmp_path / "plain"), _outputs(tmp_path / "fast")


def _stack(app: cdktf.App, name: str = "s") -> cdktf.TerraformStack:
    stack = cdktf.TerraformStack(app, name)
    PingfederateProvider(stack, "pf", https_host="https://pf.example.com:9999")
    return stack


def test_the_example_config_is_byte_identical_on_both_paths(tmp_path: Path) -> None:
    from code42_scim._config import load_config
    from code42_scim._stack import Code42ScimStack

    env = load_config(REPO_ROOT / "code42-scim.toml").environment("local")
    plain, fast = _both(tmp_path, lambda app: Code42ScimStack(app, env) and None)
    assert fast == plain
    assert PLACEHOLDER_KEY.encode() not in fast["stacks/local/cdk.tf.json"]


def test_tokens_lookups_and_several_connections_are_identical(tmp_path: Path) -> None:
    def build(app: cdktf.App) -> None:
        stack = _stack(app)
        url = cdktf.TerraformVariable(stack, "scim_url", type="string").string_value
        for i in range(3):
            Code42ScimConnection(stack, f"c{i}", **connection_kwargs(
                connection_id=f"code42-{i}", scim_url=url if i else "https://console.us.code42.com/scim",
                access_token=None if i else "${data.vault_generic_secret.c42.data[\"token\"]}",
                channels=[ad_channel(look_up_data_store=True), ad_channel(name="B", user_filter="(mail=*)")]))

    plain, fast = _both(tmp_path, build)
    assert fast == plain
    assert b"${var.scim_url}" in fast["stacks/s/cdk.tf.json"]


def test_a_cross_stack_reference_is_wired_the_same_way(tmp_path: Path) -> None:
    def build(app: cdktf.App) -> None:
        shared = cdktf.TerraformStack(app, "shared")
        url = cdktf.TerraformVariable(shared, "scim_url", type="string").string_value
        Code42ScimConnection(_stack(app, "consumer"), "code42", **connection_kwargs(scim_url=url))

    plain, fast = _both(tmp_path, build)
    assert fast == plain
    assert b"cross-stack-output" in fast["stacks/shared/cdk.tf.json"]


def test_an_overridden_resource_takes_the_ordinary_path_and_keeps_its_override(tmp_path: Path) -> None:
    def build(app: cdktf.App) -> None:
        conn = Code42ScimConnection(_stack(app), "code42", **connection_kwargs())
        conn.resource.add_override("outbound_provision.channels.0.active", False)
        conn.resource.add_override("logging_mode", "FULL")

    plain, fast = _both(tmp_path, build)
    assert fast == plain
    body = next(iter(json.loads(fast["stacks/s/cdk.tf.json"])["resource"]["pingfederate_idp_sp_connection"].values()))
    assert body["outbound_provision"]["channels"][0]["active"] is False
    assert body["logging_mode"] == "FULL"


def test_a_stack_level_override_is_refused_with_the_way_out(tmp_path: Path) -> None:
    app = FastSynthApp(outdir=str(tmp_path))
    stack = _stack(app)
    Code42ScimConnection(stack, "code42", **connection_kwargs())
    stack.add_override("resource.pingfederate_idp_sp_connection", {})
    with pytest.raises(DeferredAttributesError, match="put the override on the resource itself"):
        app.synth()


def test_a_plain_cdktf_app_never_sees_a_placeholder(tmp_path: Path) -> None:
    app = cdktf.App(outdir=str(tmp_path))
    Code42ScimConnection(_stack(app), "code42", **connection_kwargs())
    app.synth()
    assert PLACEHOLDER_KEY not in (tmp_path / "stacks" / "s" / "cdk.tf.json").read_text()


names = st.sampled_from(["AD users", "Staff", "Ünïcødé \"quoted\" name", ""])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(channel_names=st.lists(names, min_size=1, max_size=3, unique=True), active=st.booleans(),
       filter_=st.sampled_from([None, "(mail=*)", "(&(a=${var.x})(b=c))"]))
def test_varied_connections_are_identical_on_both_paths(tmp_path: Path, channel_names: list[str], active: bool,
                                                        filter_: str | None) -> None:
    out = Path(tempfile.mkdtemp(dir=tmp_path))  # one fresh folder per example

    def build(app: cdktf.App) -> None:
        Code42ScimConnection(_stack(app), "code42", **connection_kwargs(
            active=active, channels=[ad_channel(name=n or "x", user_filter=filter_) for n in channel_names]))

    plain, fast = _both(out, build)
    assert fast == plain


STRINGIFY = REPO_ROOT / "node_modules" / "cdktf" / "node_modules" / "json-stable-stringify"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=12,
)


@pytest.mark.skipif(not STRINGIFY.exists() or shutil.which("node") is None,
                    reason="cdktf's json-stable-stringify is not installed (run `make setup`: npm ci)")
@settings(max_examples=60, deadline=None)
@given(json_values)
def test_stable_dumps_matches_cdktf_s_own_serializer(value: Any) -> None:
    script = (f"const s=require({json.dumps(str(STRINGIFY))});let d='';process.stdin.on('data',c=>d+=c);"
              "process.stdin.on('end',()=>process.stdout.write(s(JSON.parse(d),{space:2})));")
    proc = subprocess.run(["node", "-e", script], input=json.dumps(value), capture_output=True, text=True,
                          timeout=30, check=True)
    assert stable_dumps(value) == proc.stdout
