"""``plan-review --stack DIR``: run ``terraform plan -out`` and ``terraform show -json`` in a stack dir."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..._errors import Code42ScimError

__all__ = ["TerraformError", "plan_json_from_stack"]

_INIT_HINT = " (the provider must be installable: registry access or a filesystem_mirror in the CLI config)"


class TerraformError(Code42ScimError):
    """Terraform is missing or one of its commands failed."""


def _errors_only(stderr: str) -> str:
    """The ``Error:`` lines of Terraform's output, joined: one line, no plan values echoed back."""
    lines = [ln.strip(" │╷╵") for ln in stderr.splitlines()]
    picked = [ln.strip() for ln in lines if ln.strip().startswith("Error:")]
    return "; ".join(picked[:3]) or (lines[-1].strip() if lines else "no output")


def _run(terraform: str, stack: Path, args: Sequence[str], timeout: float) -> str:
    env = dict(os.environ)
    # Non-interactive, no upgrade check: this runs in CI.
    env.setdefault("TF_IN_AUTOMATION", "1")
    env.setdefault("CHECKPOINT_DISABLE", "1")
    try:
        done = subprocess.run(
            [terraform, f"-chdir={stack}", *args],
            capture_output=True, text=True, env=env, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        raise TerraformError(f"`terraform {args[0]}` in {stack} took longer than {timeout:g}s") from None
    if done.returncode != 0:
        hint = _INIT_HINT if args[0] == "init" else ""
        raise TerraformError(f"`terraform {args[0]}` failed in {stack}: {_errors_only(done.stderr)}{hint}")
    return done.stdout


def plan_json_from_stack(stack: Path, *, terraform: str = "terraform", timeout: float = 600.0) -> Any:
    """Plan a synthesized stack directory (e.g. ``cdktf.out/stacks/prod``) and return the plan JSON.

    Runs ``terraform init`` first when the directory was never initialised. Secrets reach Terraform the
    usual way (``TF_VAR_*`` in the environment); nothing of the plan's text output is printed.
    """
    if shutil.which(terraform) is None:
        raise TerraformError(f"{terraform!r} not found on PATH: install Terraform 1.x "
                             "or pass --terraform PATH")
    if not stack.is_dir():
        raise TerraformError(f"stack directory {stack} does not exist: run `cdktf synth` first")
    if not (stack / ".terraform").is_dir():
        _run(terraform, stack, ["init", "-input=false", "-no-color"], timeout)
    with tempfile.TemporaryDirectory(prefix="code42-scim-plan-") as tmp:
        planfile = Path(tmp) / "plan.tfplan"
        plan_args = ["plan", "-input=false", "-no-color", "-lock=false", f"-out={planfile}"]
        _run(terraform, stack, plan_args, timeout)
        text = _run(terraform, stack, ["show", "-json", "-no-color", str(planfile)], timeout)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TerraformError(f"`terraform show -json` printed invalid JSON ({exc.msg})") from None
