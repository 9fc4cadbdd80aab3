"""``cdktf get`` in the checkout can never overwrite the hand-written bindings in ``providers/``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def _cdktf_json() -> dict[str, object]:
    doc: dict[str, object] = json.loads((REPO_ROOT / "cdktf.json").read_text(encoding="utf-8"))
    return doc


def test_cdktf_get_writes_outside_the_hand_written_bindings() -> None:
    output = (REPO_ROOT / str(_cdktf_json()["codeMakerOutput"])).resolve()
    assert output == REPO_ROOT / "imports"
    assert not output.is_relative_to(REPO_ROOT / "providers")


def test_what_cdktf_get_writes_is_git_ignored() -> None:
    proc = subprocess.run(["git", "check-ignore", "--no-index", "imports/pingfederate/__init__.py"], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=30)
    assert (proc.returncode, proc.stdout.strip()) == (0, "imports/pingfederate/__init__.py")


def test_the_committed_cdktf_json_names_no_provider_to_generate() -> None:
    # benchmarks/generated_bindings.py passes its own cdktf.json; this one stays for synth and deploy.
    assert (_cdktf_json()["terraformProviders"], _cdktf_json()["terraformModules"]) == ([], [])
