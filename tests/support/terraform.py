"""The real ``terraform`` binary with the real ``pingidentity/pingfederate`` provider from a filesystem mirror.

The mirror comes from ``CODE42_SCIM_PROVIDER_MIRROR`` or, when that is unset, ``../shared/terraform-providers``
beside the checkout. Each working directory gets its own CLI config file: the user's own Terraform
configuration is never read or written. Without any mirror (a machine without registry access), tests
that need the provider skip with one reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PROVIDER = "registry.terraform.io/pingidentity/pingfederate"
# Seconds one terraform command may take before the test fails (init copies a 30 MB binary).
COMMAND_TIMEOUT = 180


def find_mirror() -> Path | None:
    """The provider mirror folder, or None when there is none on this machine."""
    explicit = os.environ.get("CODE42_SCIM_PROVIDER_MIRROR")
    candidates = [Path(explicit)] if explicit else [REPO_ROOT.parent / "shared" / "terraform-providers"]
    for candidate in candidates:
        if (candidate / PROVIDER).is_dir():
            return candidate.resolve()
    return None


def mirror_versions(mirror: Path | None = None) -> list[str]:
    """Provider versions in the mirror that have a linux_amd64 build, oldest first."""
    mirror = mirror or find_mirror()
    if mirror is None:
        return []
    found = [p.name for p in (mirror / PROVIDER).iterdir() if (p / "linux_amd64").is_dir()]
    return sorted(found, key=lambda v: tuple(int(x) for x in v.split(".") if x.isdigit()))


MIRROR = find_mirror()
_SKIP_REASON = (
    "no provider mirror: the Terraform registry is unreachable here and neither CODE42_SCIM_PROVIDER_MIRROR "
    "nor ../shared/terraform-providers holds pingidentity/pingfederate"
)
requires_provider = pytest.mark.skipif(
    MIRROR is None or shutil.which("terraform") is None,
    reason=_SKIP_REASON if MIRROR is None else "terraform is not on PATH",
)


def write_cli_config(path: Path, mirror: Path | None = None, *, plugin_cache: Path | None = None) -> Path:
    """A Terraform CLI config that installs only pingidentity/pingfederate, only from the mirror.

    With ``plugin_cache``, every working directory using this config links the provider from one cache
    instead of copying it (what ``TF_PLUGIN_CACHE_DIR`` does), so many ``terraform init`` stay cheap.
    """
    mirror = mirror or MIRROR
    assert mirror is not None, _SKIP_REASON
    cache = f'plugin_cache_dir = "{plugin_cache}"\n' if plugin_cache is not None else ""
    path.write_text(
        cache + "provider_installation {\n  filesystem_mirror {\n"
        f'    path    = "{mirror}"\n    include = ["{PROVIDER}"]\n  }}\n}}\n',
        encoding="utf-8",
    )
    return path


@dataclass
class TerraformResult:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def json(self) -> Any:
        return json.loads(self.stdout)


@dataclass
class Terraform:
    """``terraform`` in one working directory, with its own CLI config and environment."""

    workdir: Path
    env: dict[str, str] = field(default_factory=dict)
    plugin_cache: Path | None = None

    def __post_init__(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.plugin_cache is not None:
            self.plugin_cache.mkdir(parents=True, exist_ok=True)
        rc = write_cli_config(self.workdir.parent / f".{self.workdir.name}.tfrc", plugin_cache=self.plugin_cache)
        base = {k: v for k, v in os.environ.items() if not k.startswith(("TF_VAR_", "PINGFEDERATE_PROVIDER_"))}
        self.env = {**base, "TF_CLI_CONFIG_FILE": str(rc), "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1",
                    "TF_INPUT": "0", **self.env}

    def run(self, *args: str, env: Mapping[str, str] | None = None, timeout: int = COMMAND_TIMEOUT,
            check: bool = True) -> TerraformResult:
        cmd = ["terraform", *args]
        proc = subprocess.run(cmd, cwd=self.workdir, env={**self.env, **(env or {})}, capture_output=True,
                              text=True, timeout=timeout)
        result = TerraformResult(cmd, proc.returncode, proc.stdout, proc.stderr)
        if check:
            assert proc.returncode == 0, f"{' '.join(cmd)} exited {proc.returncode}:\n{result.output}"
        return result

    def write_config(self, doc: dict[str, Any]) -> None:
        """Replace the working directory's configuration (``main.tf.json``), keeping its state."""
        (self.workdir / "main.tf.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")

    def init(self, *extra: str) -> TerraformResult:
        return self.run("init", "-input=false", "-no-color", *extra)

    def validate(self) -> TerraformResult:
        """``terraform validate -json``; never asserts, so callers can test for rejection."""
        return self.run("validate", "-json", "-no-color", check=False)

    def apply(self, *extra: str, env: Mapping[str, str] | None = None, check: bool = True) -> TerraformResult:
        return self.run("apply", "-input=false", "-auto-approve", "-no-color", *extra, env=env, check=check)

    def plan(self, *extra: str, env: Mapping[str, str] | None = None) -> TerraformResult:
        """``plan -detailed-exitcode``: returncode 0 no changes, 2 changes, 1 error (never asserts)."""
        return self.run("plan", "-input=false", "-no-color", "-detailed-exitcode", *extra, env=env, check=False)

    def plan_json(self, *extra: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
        """A saved plan rendered by ``terraform show -json`` (what plan-review reads)."""
        self.run("plan", "-input=false", "-no-color", "-out=plan.tfplan", *extra, env=env)
        doc: dict[str, Any] = self.run("show", "-json", "plan.tfplan", env=env).json()
        return doc


def validation_errors(result: TerraformResult) -> list[str]:
    """The error summaries and details of ``terraform validate -json``."""
    doc = result.json()
    return [f"{d.get('summary', '')}: {d.get('detail', '')}" for d in doc.get("diagnostics", [])
            if d.get("severity") == "error"]


def stack_workdir(cdk_tf_json: Path | dict[str, Any], workdir: Path, *, plugin_cache: Path | None = None,
                  keep_backend: bool = False, env: Mapping[str, str] | None = None) -> Terraform:
    """A working directory holding one synthesized stack (``main.tf.json``) with local state inside it.

    The synthesized backend is replaced by local state in ``workdir/terraform.tfstate`` (the app's own
    ``../../../.terraform-state`` would climb out of the test's folder), unless ``keep_backend``.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    doc = json.loads(cdk_tf_json.read_text(encoding="utf-8")) if isinstance(cdk_tf_json, Path) else cdk_tf_json
    if not keep_backend and "terraform" in doc:
        doc = {**doc, "terraform": {**doc["terraform"], "backend": {"local": {"path": "terraform.tfstate"}}}}
    tf = Terraform(workdir, env=dict(env or {}), plugin_cache=plugin_cache)
    tf.write_config(doc)
    return tf
