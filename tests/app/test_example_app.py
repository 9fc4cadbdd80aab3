"""The shipped example app: golden output, determinism, schema conformance, no secret anywhere."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pingfederate.schema import check_attributes, provider_attributes, resource_attributes
from tests.support.engine import golden

from .conftest import RunMain

REPO_ROOT = Path(__file__).resolve().parents[2]

# One per engine (golden/local.cdk.tf.json for cdktf): the engine's version is in the file's "//" metadata.
GOLDEN = golden(Path(__file__).with_name("golden") / "local.cdk.tf.json")
SENTINELS = {
    "TF_VAR_code42_access_token": "tok-SENTINEL-7f3a9c",
    "PINGFEDERATE_PROVIDER_PASSWORD": "pw-SENTINEL-2b8e41",
    "PINGFEDERATE_PROVIDER_USERNAME": "administrator",
}


def _stack_json(outdir: Path) -> bytes:
    return (outdir / "stacks" / "local" / "cdk.tf.json").read_bytes()


def test_example_matches_the_golden_file(run_main: RunMain) -> None:
    produced = _stack_json(run_main())
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(produced)
    assert produced == GOLDEN.read_bytes(), "example output changed; rerun with UPDATE_GOLDEN=1 and review the diff"


def test_two_runs_are_byte_identical(run_main: RunMain, tmp_path: Path) -> None:
    first = run_main(tmp_path / "one")
    second = run_main(tmp_path / "two")
    assert _stack_json(first) == _stack_json(second)
    assert (first / "manifest.json").read_bytes() == (second / "manifest.json").read_bytes()


def test_example_conforms_to_the_provider_schema(run_main: RunMain) -> None:
    doc = json.loads(_stack_json(run_main()))
    for body in doc["resource"]["pingfederate_idp_sp_connection"].values():
        attrs = {k: v for k, v in body.items() if k not in {"//", "lifecycle", "provider"}}
        assert check_attributes(resource_attributes("pingfederate_idp_sp_connection"), attrs) == []
    for block in doc["provider"]["pingfederate"]:
        assert check_attributes(provider_attributes(), block) == []


def test_no_secret_from_the_environment_reaches_the_output(run_main: RunMain) -> None:
    out = run_main(**SENTINELS)
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            for name in ("TF_VAR_code42_access_token", "PINGFEDERATE_PROVIDER_PASSWORD"):
                assert SENTINELS[name] not in text, f"{name} leaked into {path}"


def test_the_state_path_is_relative_so_output_is_machine_independent(run_main: RunMain) -> None:
    doc = json.loads(_stack_json(run_main()))
    # From cdktf.out/stacks/local up to the project folder: outside the output folder a clean deletes.
    assert doc["terraform"]["backend"]["local"]["path"] == "../../../.terraform-state/local.tfstate"
    assert str(REPO_ROOT) not in _stack_json(run_main()).decode()


def test_a_bad_config_fails_with_a_one_line_reason_and_no_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad.toml"
    bad.write_text((REPO_ROOT / "code42-scim.toml").read_text().replace('remove_user_action', 'x')
                   .replace('auth_method = "oauth2_bearer_token"', 'auth_method = "oauth2_bearer_token"\n'
                            'remove_user_action = "Delete"'))
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "main.py")], cwd=tmp_path, capture_output=True,
                          text=True, env={**os.environ, "CODE42_SCIM_CONFIG": str(bad),
                                          "CDKTF_OUTDIR": str(tmp_path / "out")}, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "remove_user_action='Delete': refused: Code42 does not support the delete option" in proc.stderr
