"""CDKTF and CDK Terrain synthesize the same Terraform JSON for the example app and a multi-connection stack.

Each stack is synthesized once per engine, each in its own interpreter (``CODE42_SCIM_CDK_ENGINE``): the
example app (``python main.py`` with ``code42-scim.toml``) and the three-connection stack of
``tests/bindings/swap_in_app.py`` (basic auth, mapping overrides, a data store lookup, an aliased provider and
an adopted connection). Once the engine's own top-level ``//`` block is set aside (its ``metadata.version`` is
the engine's version) the parsed JSON is equal; and the bytes differ in nothing but that version and the
whitespace of empty objects and arrays (``{\\n}`` on one engine, ``{}`` on the other).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from pingfederate.engine import ENGINES, ENV_VAR
from tests.support.jsondiff import differences

REPO_ROOT = Path(__file__).resolve().parents[2]
STACKS = {
    "example": ([str(REPO_ROOT / "main.py")], "local"),
    "multi": ([str(REPO_ROOT / "tests" / "bindings" / "swap_in_app.py"), "ours", "multi"], "multi"),
}
SYNTH_TIMEOUT_S = 120
EMPTY = re.compile(rb"\{\s+\}|\[\s+\]")

pytestmark = pytest.mark.timeout(SYNTH_TIMEOUT_S + 60)


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], bytes]:
    """(engine, stack) -> cdk.tf.json bytes; the four synths run at once, each in its own interpreter."""
    root = tmp_path_factory.mktemp("engines")
    runs = {}
    for engine in ENGINES:
        for stack, (argv, _) in STACKS.items():
            outdir = root / f"{engine}-{stack}"
            env = {**os.environ, ENV_VAR: engine, "CDKTF_OUTDIR": str(outdir)}
            argv = [*argv, str(outdir)] if stack == "multi" else argv
            runs[engine, stack] = (outdir, subprocess.Popen([sys.executable, *argv], cwd=REPO_ROOT, env=env,
                                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    outputs = {}
    for (engine, stack), (outdir, proc) in runs.items():
        _, err = proc.communicate(timeout=SYNTH_TIMEOUT_S)
        assert proc.returncode == 0, f"{stack} on {engine}:\n{err[-3000:]}"
        outputs[engine, stack] = (outdir / "stacks" / STACKS[stack][1] / "cdk.tf.json").read_bytes()
    return outputs


def _split(raw: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    doc = json.loads(raw)
    return doc.pop("//"), doc


@pytest.mark.parametrize("stack", STACKS)
def test_the_json_is_the_same_on_both_engines_but_for_the_engine_metadata(
        synthesized: dict[tuple[str, str], bytes], stack: str) -> None:
    (_, cdktf_doc), (_, cdktn_doc) = (_split(synthesized[engine, stack]) for engine in ENGINES)
    assert list(differences(cdktf_doc, cdktn_doc)) == []
    # The comparison covers what it claims to.
    connections = cdktf_doc["resource"]["pingfederate_idp_sp_connection"]
    assert len(connections) == (1 if stack == "example" else 3)
    if stack == "multi":
        assert {"import", "data", "variable", "provider"} <= cdktf_doc.keys()


@pytest.mark.parametrize("stack", STACKS)
def test_the_engine_metadata_differs_only_in_the_engine_version(
        synthesized: dict[tuple[str, str], bytes], stack: str) -> None:
    (cdktf_meta, _), (cdktn_meta, _) = (_split(synthesized[engine, stack]) for engine in ENGINES)
    assert list(differences(cdktf_meta, cdktn_meta)) == [
        ("metadata.version", version("cdktf"), version("cdktn"))]


@pytest.mark.parametrize("stack", STACKS)
def test_the_bytes_differ_only_in_the_version_and_the_whitespace_of_empty_objects_and_arrays(
        synthesized: dict[tuple[str, str], bytes], stack: str) -> None:
    cdktf_raw, cdktn_raw = (synthesized[engine, stack] for engine in ENGINES)
    versions = [f'"version": "{version(engine)}"'.encode() for engine in ENGINES]
    assert cdktf_raw.count(versions[0]) == 1 and cdktn_raw.count(versions[1]) == 1
    same_version = cdktf_raw.replace(versions[0], versions[1])
    assert EMPTY.sub(lambda m: m[0][:1] + m[0][-1:], same_version) == EMPTY.sub(lambda m: m[0][:1] + m[0][-1:],
                                                                                  cdktn_raw)
