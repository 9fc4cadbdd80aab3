"""`code42-scim synth`, the main job: synthesize and summarize (never printing a secret)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from code42_scim._descriptor import PINNED_DESCRIPTOR_PATH
from tests.support.config import connection, environment, write_config

REPO_ROOT = Path(__file__).resolve().parents[3]


def _synth(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "code42_scim.cli", "synth", "--app-dir", str(REPO_ROOT),
                           "--outdir", str(tmp_path / "out"), *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


def test_synth_summarizes_the_example_as_json(tmp_path: Path) -> None:
    proc = _synth(tmp_path, "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    local = summary["stacks"]["local"]
    assert local["file"] == str(tmp_path / "out" / "stacks" / "local" / "cdk.tf.json")
    (conn,) = local["connections"]
    assert (conn["connection_id"], conn["authentication"], conn["remove_user_action"], conn["prevent_destroy"]) == (
        "code42-scim", "OAuth 2 Bearer Token", "Disable", True)
    assert conn["channels"][0]["data_store"] == "LDAP-AD"
    assert local["secret_variables"] == [{"name": "code42_access_token", "env": "TF_VAR_code42_access_token",
                                          "sensitive": True, "set_in_environment": False}]


def test_synth_reports_a_set_secret_without_printing_it(tmp_path: Path) -> None:
    proc = _synth(tmp_path, TF_VAR_code42_access_token="tok-NEVER-PRINTED")
    assert proc.returncode == 0, proc.stderr
    assert "TF_VAR_code42_access_token — set" in proc.stdout
    assert "tok-NEVER-PRINTED" not in proc.stdout + proc.stderr


def test_synth_shows_progress_on_stderr_and_the_output_path(tmp_path: Path) -> None:
    proc = _synth(tmp_path)
    assert "synthesizing" in proc.stderr
    assert str(tmp_path / "out" / "stacks" / "local" / "cdk.tf.json") in proc.stdout


def test_synth_passes_a_config_error_through_with_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[environments.x]\n")
    proc = _synth(tmp_path, "--config", str(bad))
    assert proc.returncode == 1
    assert "environments.x.pingfederate" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_each_connection_is_summarized_with_its_own_descriptor(tmp_path: Path) -> None:
    ours = json.loads(PINNED_DESCRIPTOR_PATH.read_text(encoding="utf-8"))
    for field in ours["configDescriptor"]["fields"]:
        if field["name"] == "REMOVE_ACTION":
            field["name"] = "DEPROVISIONING_ACTION"  # this server's name for "Remove User Action"
    (tmp_path / "pulled.json").write_text(json.dumps(ours), encoding="utf-8")
    config = write_config(tmp_path / "code42-scim.toml", local=environment(insecure_trust_all_tls=True, connections=[
        connection("code42"),
        connection("code42-pulled", connection_id="code42-pulled", connector_descriptor="pulled.json"),
    ]))
    proc = _synth(tmp_path, "--json", "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    stack = json.loads(proc.stdout)["stacks"]["local"]
    written = json.loads(Path(stack["file"]).read_text(encoding="utf-8"))
    names = {body["connection_id"]: {s["name"] for s in body["outbound_provision"]["target_settings"]}
             for body in written["resource"]["pingfederate_idp_sp_connection"].values()}
    assert "DEPROVISIONING_ACTION" in names["code42-pulled"] and "REMOVE_ACTION" in names["code42-scim"]
    assert {c["connection_id"]: c["remove_user_action"] for c in stack["connections"]} == {
        "code42-scim": "Disable", "code42-pulled": "Disable"}
