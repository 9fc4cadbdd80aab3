"""The README's Composition example, run verbatim: the channel references the data store made in the same
stack, the EU connection uses the aliased provider, and both tenants share the default one."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.engine import as_user_of_engine

REPO_ROOT = Path(__file__).resolve().parents[2]


def _example() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Composition", 1)[1].split("\n### ", 1)[0]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None, "README: no python block in 'Composition'"
    return block.group(1)


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("readme-composition")
    (tmp / "example.py").write_text(as_user_of_engine(_example()), encoding="utf-8")
    proc = subprocess.run([sys.executable, "example.py"], cwd=tmp, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CDKTF_OUTDIR": str(tmp / "out")})
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads((tmp / "out" / "stacks" / "identity" / "cdk.tf.json").read_text())
    return result


def test_the_readme_composition_example_makes_the_channels_depend_on_the_data_store(doc: dict[str, Any]) -> None:
    sources = {r["connection_id"]: r["outbound_provision"]["channels"][0]["channel_source"]["data_source"]["id"]
               for r in doc["resource"]["pingfederate_idp_sp_connection"].values()}
    assert sources == {"code42-us": "${pingfederate_data_store.hr_directory.data_store_id}",
                       "code42-us2": "${pingfederate_data_store.hr_directory.data_store_id}",
                       "code42-eu": "LDAP-AD"}


def test_the_readme_composition_example_sends_only_the_eu_connection_through_the_alias(doc: dict[str, Any]) -> None:
    resources = doc["resource"]["pingfederate_idp_sp_connection"].values()
    providers = {r["connection_id"]: r.get("provider") for r in resources}
    assert providers == {"code42-us": None, "code42-us2": None, "code42-eu": "pingfederate.eu"}


def test_the_readme_composition_example_outputs_both_tenant_ids(doc: dict[str, Any]) -> None:
    assert sorted(doc["output"]) == ["code42-us-id", "code42-us2-id"]
