"""The real toolchain: the engine's CLI from package-lock.json (cdktf-cli, or cdktn-cli on CDK Terrain), and
terraform with the provider from the mirror.

The Terraform registry is unreachable here, so `terraform validate` needs the provider from a filesystem
mirror, found by tests/support/terraform.py (CODE42_SCIM_PROVIDER_MIRROR, else ../shared/terraform-providers).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.engine import CLI, CLI_INSTALLED, CLI_MISSING, cli_env, golden
from tests.support.fixtures import RunMain
from tests.support.terraform import requires_provider, stack_workdir, validation_errors

REPO_ROOT = Path(__file__).resolve().parents[2]

needs_cli = pytest.mark.skipif(not CLI_INSTALLED, reason=CLI_MISSING)


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLI), *args, "--output", str(tmp_path / "out")], cwd=REPO_ROOT, env=cli_env(),
                          capture_output=True, text=True, timeout=300)


@needs_cli
def test_cli_synth_writes_the_same_json_as_python_main(tmp_path: Path) -> None:
    proc = _cli(tmp_path, "synth")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    expected = golden(REPO_ROOT / "tests" / "app" / "golden" / "local.cdk.tf.json")
    assert (tmp_path / "out" / "stacks" / "local" / "cdk.tf.json").read_bytes() == expected.read_bytes()


@needs_cli
def test_cli_synth_hcl_renders_the_connection(tmp_path: Path) -> None:
    proc = _cli(tmp_path, "synth", "--hcl")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hcl = (tmp_path / "out" / "stacks" / "local" / "cdk.tf").read_text()
    assert 'resource "pingfederate_idp_sp_connection"' in hcl
    assert 'connection_id = "code42-scim"' in hcl
    assert "var.code42_access_token" in hcl
    assert "prevent_destroy = true" in hcl


@requires_provider
@pytest.mark.slow
def test_terraform_validates_the_synthesized_stack(run_main: RunMain, tmp_path: Path) -> None:
    tf = stack_workdir(run_main() / "stacks" / "local" / "cdk.tf.json", tmp_path / "stack")
    tf.init()
    result = tf.validate()
    assert (validation_errors(result), result.json()["valid"]) == ([], True)
