"""``plan-review --stack DIR``: a real ``terraform plan -out`` + ``terraform show -json`` run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from code42_scim.cli import main
from tests.support.terraform import requires_provider, write_cli_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not installed"),
]


def _write_stack(directory: Path, document: dict[str, object]) -> Path:
    directory.mkdir(parents=True)
    (directory / "cdk.tf.json").write_text(json.dumps(document), encoding="utf-8")
    return directory


def test_a_stack_is_planned_and_reviewed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # terraform_data is built into Terraform, so this exercises init/plan/show without a registry.
    stack = _write_stack(tmp_path / "stacks" / "dev", {
        "resource": {"terraform_data": {"marker": {"input": "code42"}}},
    })
    assert main(["plan-review", "--stack", str(stack), "--format", "markdown", "--fail-on", "changes"]) == 2
    out = capsys.readouterr().out
    assert "No `pingfederate_idp_sp_connection` in this plan." in out
    assert "`terraform_data.marker` (created)" in out


def test_a_missing_stack_directory_is_a_one_line_error(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan-review", "--stack", str(tmp_path / "absent")]) == 1
    assert "does not exist: run `cdktf synth` first" in capsys.readouterr().err


def test_a_missing_terraform_binary_is_a_one_line_error(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan-review", "--stack", str(tmp_path), "--terraform", "no-such-terraform"]) == 1
    assert "'no-such-terraform' not found on PATH" in capsys.readouterr().err


@requires_provider
def test_a_pingfederate_stack_is_planned_and_reviewed_with_the_real_provider(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = _write_stack(tmp_path / "stacks" / "pf", {
        "terraform": {"required_providers": {"pingfederate": {
            "source": "pingidentity/pingfederate", "version": "1.2.0"}}},
        "provider": {"pingfederate": [{"https_host": "https://localhost:9999", "product_version": "12.1",
                                       "username": "administrator", "password": "unused-here"}]},
        "resource": {"pingfederate_idp_sp_connection": {"code42": {
            "connection_id": "code42-scim", "name": "Code42", "entity_id": "code42", "active": False}}},
    })
    # plan-review runs terraform itself: give it a CLI config that installs the provider from the mirror.
    monkeypatch.setenv("TF_CLI_CONFIG_FILE", str(write_cli_config(tmp_path / "mirror.tfrc")))
    assert main(["plan-review", "--stack", str(stack), "--format", "markdown"]) == 0
    assert "### `pingfederate_idp_sp_connection.code42` — created" in capsys.readouterr().out
