"""The bindings ``cdktf get`` generates for pingidentity/pingfederate 1.2.0 replace ours without code changes.

Our bindings promise that (``pingfederate/__init__.py``). Here the real ``get`` output of the engine's CLI
(``cdktf get``, or ``cdktn get`` on CDK Terrain: generated code imports its engine; generated once per engine
into ``.local/generated``, reused afterwards; see ``benchmarks/generated_bindings.py``) is swapped
in for ``pingfederate.provider``, ``.idp_sp_connection`` and ``.data_pingfederate_data_store`` before
``code42_scim`` is imported, and each stack is synthesized twice, in a subprocess, with a plain
``cdktf.App``: once on ours, once on the generated ones (``tests/bindings/swap_in_app.py``).

The one difference kept is the provider version constraint in ``required_providers``: ours derives it from
``product_version`` (the releases that accept that PingFederate), a generated provider pins the version it
was generated from. Everything else must be the same JSON, and the same bytes.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks import generated_bindings

from pingfederate import versions
from tests.support.jsondiff import differences
from tests.support.terraform import MIRROR

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = Path(__file__).with_name("swap_in_app.py")
PROVIDER_VERSION = generated_bindings.DEFAULT_VERSION
VERSION_PATH = "terraform.required_providers.pingfederate.version"
# Seconds: cdktf get takes 30-70 s here; one synthesis about 2 s.
GENERATE_TIMEOUT_S = 420
SYNTH_TIMEOUT_S = 120

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(MIRROR is None, reason="no provider mirror (CODE42_SCIM_PROVIDER_MIRROR or "
                       "../shared/terraform-providers): cdktf get cannot read the provider schema offline"),
    # The first test also waits for cdktf get.
    pytest.mark.timeout(GENERATE_TIMEOUT_S + 4 * SYNTH_TIMEOUT_S),
]


@pytest.fixture(scope="session")
def generated() -> Path:
    """The folder holding the generated package (made by ``cdktf get`` unless a complete one is cached)."""
    assert MIRROR is not None
    return generated_bindings.generate(PROVIDER_VERSION, mirror=MIRROR, timeout_s=GENERATE_TIMEOUT_S)


class Synth:
    """Synthesizes each (bindings, stack) once per session; returns the stack's cdk.tf.json bytes."""

    def __init__(self, root: Path, generated: Path) -> None:
        self.root, self.generated = root, generated
        self.outputs: dict[tuple[str, str], bytes] = {}

    def __call__(self, bindings: str, stack: str) -> bytes:
        key = (bindings, stack)
        if key not in self.outputs:
            outdir = self.root / f"{bindings}-{stack}"
            which = "ours" if bindings == "ours" else str(self.generated)
            proc = run_app(which, stack, outdir)
            assert proc.returncode == 0, f"{bindings} bindings, stack {stack}:\n{proc.stderr[-3000:]}"
            (out,) = outdir.glob("stacks/*/cdk.tf.json")
            self.outputs[key] = out.read_bytes()
        return self.outputs[key]


def run_app(which: str, stack: str, outdir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHECKPOINT_DISABLE": "1"}
    env.pop("CDKTF_OUTDIR", None)
    return subprocess.run([sys.executable, str(APP), which, stack, str(outdir)], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=SYNTH_TIMEOUT_S)


@pytest.fixture(scope="session")
def synth(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Synth:
    return Synth(tmp_path_factory.mktemp("swap-in"), generated)


def expected_constraint() -> str:
    """What ours writes for product_version 12.1 (both stacks use it)."""
    return versions.constraint_for("12.1")


def assert_same_but_the_pinned_version(ours: bytes, theirs: bytes) -> None:
    found = {path: (a, b) for path, a, b in differences(json.loads(ours), json.loads(theirs))}
    assert found == {VERSION_PATH: (expected_constraint(), PROVIDER_VERSION)}
    # And byte for byte, once that one value is the same.
    pinned = ours.replace(f'"version": "{expected_constraint()}"'.encode(), f'"version": "{PROVIDER_VERSION}"'.encode())
    assert pinned == theirs


def test_the_generated_package_defines_every_binding_name_the_project_imports(generated: Path) -> None:
    wanted: dict[str, set[str]] = {}
    for source in [*(REPO_ROOT / "constructs" / "code42_scim").glob("*.py"), *(REPO_ROOT / "benchmarks").rglob("*.py")]:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").removeprefix("pingfederate.") in \
                    generated_bindings.SWAPPED_MODULES:
                wanted.setdefault(node.module.removeprefix("pingfederate."), set()).update(  # type: ignore[union-attr]
                    a.name for a in node.names)
    assert set(wanted) == set(generated_bindings.SWAPPED_MODULES)
    defined = {module: set(re.findall(r"^class (\w+)\b", (generated / "pingfederate" / module / "__init__.py")
                                      .read_text(encoding="utf-8"), re.M)) for module in wanted}
    missing = {module: sorted(names - defined[module]) for module, names in wanted.items()}
    assert missing == {module: [] for module in wanted}


def test_everything_code_may_call_on_our_bindings_exists_alike_on_the_generated_ones(generated: Path) -> None:
    proc = subprocess.run([sys.executable, str(APP.with_name("api_parity.py")), str(generated)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=SYNTH_TIMEOUT_S)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["missing"] == []
    ours_side = {name: (c["arguments_only_ours"], c["properties_only_ours"], c["required_differently"])
                 for name, c in report["classes"].items()}
    # The one argument only ours take: the provider's constraint (a generated provider pins its own).
    assert {name: side for name, side in ours_side.items() if side != ([], [], [])} == {
        "PingfederateProvider": (["version_constraint"], [], [])}
    # What only generated ones take, ours leave out on purpose: the construct uses none of it.
    only_generated = {name: c["arguments_only_generated"] for name, c in report["classes"].items()}
    assert only_generated == {
        "DataPingfederateDataStore": ["connection", "count", "for_each", "lifecycle", "provisioners"],
        "IdpSpConnection": ["connection", "count", "for_each", "provisioners"],
        # Generated configs carry the meta-arguments; ours are the schema's attributes only.
        "IdpSpConnectionConfig": ["connection", "count", "depends_on", "for_each", "lifecycle", "provider",
                                  "provisioners"],
        "PingfederateProvider": [],
        # Ours keeps alias on the provider, not in the config of the schema's 13 attributes.
        "PingfederateProviderConfig": ["alias"],
    }


def test_a_complete_generation_is_reused_instead_of_run_again(generated: Path) -> None:
    started = time.monotonic()
    again = generated_bindings.generate(PROVIDER_VERSION, mirror=MIRROR)
    assert (again, generated_bindings.is_complete(again)) == (generated, True)
    assert time.monotonic() - started < 2
    marker = json.loads((generated / "generated.json").read_text())
    assert marker["provider"] == f"pingidentity/pingfederate@{PROVIDER_VERSION}"


def test_the_example_stack_without_the_constraint_argument_is_the_example_apps_stack(synth: Synth) -> None:
    # So comparing it (below) compares what Code42ScimStack writes.
    assert synth("ours", "example") == synth("ours", "example-stack")


def test_the_example_stack_is_the_same_on_generated_bindings_but_for_the_pinned_provider_version(
        synth: Synth) -> None:
    assert_same_but_the_pinned_version(synth("ours", "example"), synth("generated", "example"))


def test_three_connections_with_basic_auth_overrides_lookup_alias_and_adoption_are_the_same_on_generated_bindings(
        synth: Synth) -> None:
    ours = synth("ours", "multi")
    doc = json.loads(ours)
    connections = doc["resource"]["pingfederate_idp_sp_connection"]
    # The stack exercises what it claims to, so the comparison covers it.
    assert sorted(c["connection_id"] for c in connections.values()) == [
        "code42-scim-alpha", "code42-scim-beta", "code42-scim-gamma"]
    assert [len(c["outbound_provision"]["channels"]) for c in connections.values()] == [2, 2, 2]
    assert sorted(doc["variable"]) == ["code42_alpha_access_token", "code42_beta_basic_password",
                                       "code42_beta_basic_username", "code42_gamma_access_token"]
    assert [d["data_store_id"] for d in doc["data"]["pingfederate_data_store"].values()] == ["LDAP-AD"]
    assert [(i["id"], i["provider"]) for i in doc["import"]] == [("code42-scim-gamma", "pingfederate.eu")]
    assert [p.get("alias") for p in doc["provider"]["pingfederate"]] == [None, "eu"]
    gamma_fields = [m["field_name"] for m in connections["code42-gamma_CDBA0517"]["outbound_provision"]["channels"][0]
                    ["attribute_mapping"]]
    assert ("manager" in gamma_fields, "division" in gamma_fields) == (True, False)

    assert_same_but_the_pinned_version(ours, synth("generated", "multi"))


def test_code42_scim_stack_itself_runs_on_generated_bindings(generated: Path, tmp_path: Path) -> None:
    proc = run_app(str(generated), "example-stack", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_the_benchmark_app_on_generated_bindings_writes_what_many_writes_on_ours(generated: Path,
                                                                                 tmp_path: Path) -> None:
    # benchmarks/apps/generated.py is the bench's row for generated bindings: the same stack as many.py.
    outputs = {}
    for name, script, args in (("ours", "many.py", ["2"]), ("generated", "generated.py", ["2"])):
        env = {**os.environ, "CDKTF_OUTDIR": str(tmp_path / name), "CODE42_SCIM_GENERATED_BINDINGS": str(generated)}
        proc = subprocess.run([sys.executable, str(REPO_ROOT / "benchmarks" / "apps" / script), *args], cwd=REPO_ROOT,
                              env=env, capture_output=True, text=True, timeout=SYNTH_TIMEOUT_S)
        assert proc.returncode == 0, f"{script}:\n{proc.stderr[-3000:]}"
        outputs[name] = (tmp_path / name / "stacks" / "many" / "cdk.tf.json").read_bytes()
    assert len(json.loads(outputs["ours"])["resource"]["pingfederate_idp_sp_connection"]) == 2
    assert_same_but_the_pinned_version(outputs["ours"], outputs["generated"])
