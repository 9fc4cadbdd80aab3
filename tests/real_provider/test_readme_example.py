"""The README's Python example ("Using the construct"), run verbatim, through the real provider: applies to
pf-local, re-plans clean, and the escape hatch and mapping overrides it shows reach PingFederate."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.real_provider.conftest import (
    DEPLOY_TIMEOUT,
    Deployment,
    deploy,
    load_stack,
    mapped_attributes,
    secrets_for,
)
from tests.support.engine import as_user_of_engine
from tests.support.fixtures import REPO_ROOT
from tests.support.pf_local import start_server
from tests.support.terraform import requires_provider

pytestmark = [requires_provider, pytest.mark.slow, pytest.mark.timeout(DEPLOY_TIMEOUT)]


def readme_example() -> str:
    """The one ```python block of the README's "Using the construct" section (up to the next heading)."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Using the construct\n", 1)[1].split("\n#", 1)[0]
    blocks = re.findall(r"^```python\n(.*?)^```$", section, flags=re.M | re.S)
    assert len(blocks) == 1, f"expected one python block under 'Using the construct', found {len(blocks)}"
    return str(blocks[0])


@pytest.fixture(scope="module")
def readme_deployed(plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    tmp = tmp_path_factory.mktemp("readme")
    (tmp / "readme_example.py").write_text(as_user_of_engine(readme_example()), encoding="utf-8")
    proc = subprocess.run([sys.executable, "readme_example.py"], cwd=tmp, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "CDKTF_OUTDIR": str(tmp / "cdktf.out")})
    assert proc.returncode == 0, proc.stderr
    pf = start_server(tmp)
    try:
        yield deploy(load_stack(tmp / "cdktf.out", "identity"), tmp / "stack", pf, plugin_cache=plugin_cache,
                     **secrets_for(["code42"]))
    finally:
        pf.stop()


def test_the_readme_section_has_exactly_one_python_example_that_builds_a_stack() -> None:
    code = readme_example()
    assert "Code42ScimConnection(" in code and code.rstrip().endswith("app.synth()")


def test_the_readme_example_replans_clean_after_apply(readme_deployed: Deployment) -> None:
    assert readme_deployed.replan.returncode == 0, readme_deployed.replan.output


def test_the_readme_escape_hatch_sets_full_logging_on_the_stored_connection(readme_deployed: Deployment) -> None:
    assert readme_deployed.connection("code42-scim")["loggingMode"] == "FULL"


def test_the_readme_mapping_adds_manager_and_removes_division(readme_deployed: Deployment) -> None:
    channel = readme_deployed.connection("code42-scim")["outboundProvision"]["channels"][0]
    mapping = mapped_attributes(channel)
    assert (channel["name"], mapping["manager"], mapping["division"]) == ("AD users", ["code42ManagerId"], [])
