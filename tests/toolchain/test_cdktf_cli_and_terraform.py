"""The real toolchain: cdktf-cli from package-lock.json, and terraform with the provider from the mirror.

The Terraform registry is unreachable here, so `terraform validate` needs the provider from a filesystem
mirror, found by tests/support/terraform.py (CODE42_SCIM_PROVIDER_MIRROR, else ../shared/terraform-providers).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.fixtures import RunMain
from tests.support.terraform import requires_provider, stack_workdir, validation_errors

REPO_ROOT = Path(__file__).resolve().parents[2]
CDKTF = REPO_ROOT / "node_modules" / ".bin" / "cdktf"

needs_cli = pytest.mark.skipif(not CDKTF.exists(), reason="cdktf-cli not installed (run `make setup`: npm ci)")


def _cdktf(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    import sys

    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    return subprocess.run([str(CDKTF), *args, "--output", str(tmp_path / "out")], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@needs_cli
def test_cdktf_synth_writes_the_same_json_as_python_main(tmp_path: Path) -> None:
    proc = _cdktf(tmp_path, "synth")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    golden = REPO_ROOT / "tests" / "app" / "golden" / "local.cdk.tf.json"
    assert (tmp_path / "out" / "stacks" / "local" / "cdk.tf.json").read_bytes() == golden.read_bytes()


@needs_cli
def test_cdktf_synth_hcl_renders_the_connection(tmp_path: Path) -> None:
    proc = _cdktf(tmp_path, "synth", "--hcl")
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
