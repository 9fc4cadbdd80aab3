"""The real toolchain: cdktf-cli from package-lock.json, and terraform with the provider when mirrored.

The Terraform registry is unreachable here, so `terraform validate` needs the provider from a filesystem
mirror: set CODE42_SCIM_PROVIDER_MIRROR to a folder laid out as NOTES §5 describes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CDKTF = REPO_ROOT / "node_modules" / ".bin" / "cdktf"
MIRROR = os.environ.get("CODE42_SCIM_PROVIDER_MIRROR")

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


@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not on PATH")
@pytest.mark.skipif(not MIRROR, reason="no provider mirror: the Terraform registry is unreachable here; set "
                    "CODE42_SCIM_PROVIDER_MIRROR to a filesystem mirror holding pingidentity/pingfederate")
def test_terraform_validates_the_synthesized_stack(tmp_path: Path) -> None:
    rc = tmp_path / "terraformrc"
    rc.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n    include = '
                  '["registry.terraform.io/pingidentity/pingfederate"]\n  }\n}\n')
    out = tmp_path / "out"
    env = {**os.environ, "TF_CLI_CONFIG_FILE": str(rc), "CDKTF_OUTDIR": str(out)}
    import sys

    subprocess.run([sys.executable, str(REPO_ROOT / "main.py")], cwd=REPO_ROOT, env=env, check=True, timeout=120)
    stack = out / "stacks" / "local"
    for cmd in (["init", "-input=false"], ["validate", "-json"]):
        proc = subprocess.run(["terraform", f"-chdir={stack}", *cmd], env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["valid"] is True
