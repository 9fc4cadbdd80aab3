"""The README's walkthrough for deploying against pf-local works word for word with the provider mirror,
``npx cdktf deploy local`` included: run from a temporary copy of the project with a fresh cdktf.out, it
creates the connection in pf-local and a following plan is clean. On CDK Terrain the one change is the one the
README's "CDKTF or CDK Terrain" section names: ``npx cdktn`` instead of ``npx cdktf`` (with Node 22 on PATH)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from benchmarks import cdk_cli

from tests.support.engine import CLI_INSTALLED, CLI_MISSING, ENGINE, as_user_of_engine
from tests.support.fixtures import REPO_ROOT
from tests.support.pf_local import PASSWORD, USER
from tests.support.terraform import MIRROR, requires_provider

WALKTHROUGH_TIMEOUT = 300
pytestmark = [requires_provider, pytest.mark.slow, pytest.mark.timeout(WALKTHROUGH_TIMEOUT + 60)]

PF_LOCAL_LINE = "code42-scim pf-local &"
DEPLOY_LINE = "npx cdktf deploy local"


def walkthrough_lines() -> list[str]:
    """The command lines of the README's sh block "Deploying the example against it"."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("Deploying the example against it", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S)
    assert block is not None, "README: no sh block after 'Deploying the example against it'"
    return [line for line in block[1].splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_for(port: int, proc: subprocess.Popen[str], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"pf-local exited early: {proc.communicate(timeout=5)[1]}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"pf-local did not listen on {port} within {seconds}s")


@dataclass
class Walkthrough:
    project: Path
    env: dict[str, str]
    result: subprocess.CompletedProcess[str]
    api_url: str
    cert: Path

    def terraform(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["terraform", "-chdir=cdktf.out/stacks/local", *args], cwd=self.project,
                              env={**self.env, "TF_CLI_CONFIG_FILE": str(self.project / ".local" /
                                                                         "terraform-mirror.tfrc"),
                                   "PINGFEDERATE_PROVIDER_USERNAME": USER, "PINGFEDERATE_PROVIDER_PASSWORD": PASSWORD,
                                   "TF_VAR_code42_access_token": "any-test-token"},
                              capture_output=True, text=True, timeout=120)


def _copy_project(tmp: Path, port: int) -> Path:
    """The files a user has after ``make demo``; .venv and node_modules are linked, not copied."""
    project = tmp / "project"
    project.mkdir()
    for name in ("main.py", "cdktf.json", "code42-scim.toml", "Makefile"):
        shutil.copy2(REPO_ROOT / name, project / name)
    for name in (".venv", "node_modules"):
        (project / name).symlink_to(REPO_ROOT / name)
    config = project / "code42-scim.toml"
    # The one change: this pf-local listens on a free port, so a developer's own pf-local on 9999 is untouched.
    config.write_text(config.read_text(encoding="utf-8").replace("https://localhost:9999",
                                                                 f"https://localhost:{port}"), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def walkthrough(plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walkthrough]:
    if not CLI_INSTALLED:
        pytest.fail(CLI_MISSING)
    tmp = tmp_path_factory.mktemp("walkthrough")
    port = _free_port()
    project = _copy_project(tmp, port)
    (tmp / "home").mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TF_", "PINGFEDERATE_PROVIDER_", "VIRTUAL_ENV", "CDKTF_"))}
    env["PATH"] = cdk_cli.path_with_node(ENGINE, env.get("PATH", ""))  # Node 22 for cdktn-cli, see README
    env |= {"HOME": str(tmp / "home"), "CODE42_SCIM_PROVIDER_MIRROR": str(MIRROR), "CHECKPOINT_DISABLE": "1",
            "TF_PLUGIN_CACHE_DIR": str(plugin_cache), "NPM_CONFIG_UPDATE_NOTIFIER": "false",
            "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    lines = walkthrough_lines()
    assert PF_LOCAL_LINE in lines, f"README walkthrough: expected the line {PF_LOCAL_LINE!r}"
    # pf-local runs as the README starts it, on the free port and with its state in tmp; this test stops it.
    state = tmp / "pf" / "state.sqlite3"
    pf = subprocess.Popen([str(REPO_ROOT / ".venv" / "bin" / "code42-scim"), "pf-local", "--port", str(port),
                           "--state", str(state)], cwd=project, env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    try:
        _wait_for(port, pf)
        script = "\n".join(["set -euo pipefail",
                            *(as_user_of_engine(line) + (" --auto-approve" if line.startswith(DEPLOY_LINE) else "")
                              for line in lines if line != PF_LOCAL_LINE)])
        result = subprocess.run(["bash", "-c", script], cwd=project, env=env, capture_output=True, text=True,
                                timeout=WALKTHROUGH_TIMEOUT)
        yield Walkthrough(project=project, env=env, result=result,
                          api_url=f"https://localhost:{port}/pf-admin-api/v1",
                          cert=state.with_name("pf-local-cert.pem"))
    finally:
        pf.terminate()
        try:
            pf.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pf.kill()
            pf.wait(timeout=10)


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


def test_the_readme_walkthrough_deploys_with_npx_cdktf_deploy(walkthrough: Walkthrough) -> None:
    assert any(line.startswith(DEPLOY_LINE) for line in walkthrough_lines())
    assert walkthrough.result.returncode == 0, _plain(walkthrough.result.stdout + walkthrough.result.stderr)[-4000:]


def test_the_walkthrough_creates_the_example_connection_in_pf_local(walkthrough: Walkthrough) -> None:
    session = requests.Session()
    session.trust_env = False
    resp = session.get(f"{walkthrough.api_url}/idp/spConnections/code42-scim", auth=(USER, PASSWORD),
                       headers={"X-XSRF-Header": "PingFederate"}, verify=str(walkthrough.cert), timeout=10)
    assert (resp.status_code, resp.json().get("name"), resp.json().get("active")) == (200, "Code42", True)


def test_a_plan_after_the_walkthrough_shows_no_changes(walkthrough: Walkthrough) -> None:
    plan = walkthrough.terraform("plan", "-input=false", "-no-color", "-detailed-exitcode")
    assert plan.returncode == 0, plan.stdout + plan.stderr


def test_the_lock_file_terraform_init_wrote_stays_out_of_git(walkthrough: Walkthrough) -> None:
    lock = walkthrough.project / "cdktf.out" / "stacks" / "local" / ".terraform.lock.hcl"
    ignored = subprocess.run(["git", "check-ignore", "-q", "cdktf.out/stacks/local/.terraform.lock.hcl"],
                             cwd=REPO_ROOT, capture_output=True, timeout=30)
    assert lock.is_file() and ignored.returncode == 0

