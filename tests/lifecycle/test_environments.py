"""main.py builds one stack per environment, each with its own PingFederate host and backend: a
two-environment config applies to two pf-local servers, and the local state of each lives in
``.terraform-state/`` beside ``cdktf.out``, so deleting ``cdktf.out`` (``make clean``) and re-synthesizing
leaves Terraform managing the same connections."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.lifecycle.conftest import SUITE_TIMEOUT
from tests.support.fixtures import synth_main
from tests.support.pf_local import PfServer, start_server
from tests.support.terraform import Terraform, TerraformResult, requires_provider

pytestmark = [requires_provider, pytest.mark.lifecycle, pytest.mark.slow, pytest.mark.timeout(SUITE_TIMEOUT)]

ENVIRONMENTS = ("us", "eu")


def _config(servers: dict[str, PfServer]) -> str:
    parts = []
    for env, pf in servers.items():
        parts.append(f"""
[environments.{env}.pingfederate]
https_host = "{pf.host_url}"
product_version = "12.1"
ca_certificate_pem_files = ["{pf.cert}"]

[[environments.{env}.connections]]
id = "code42"
connection_id = "code42-{env}"
scim_url = "https://console.{'ie' if env == 'eu' else 'us'}.code42.com/api/v22/scim-user-provisioning/{env}/v2"

[[environments.{env}.connections.channels]]
name = "{env.upper()} users"
data_store_id = "LDAP-AD"
base_dn = "OU={env.upper()},DC=example,DC=com"
""")
    return "".join(parts)


@dataclass
class Project:
    root: Path
    servers: dict[str, PfServer]
    applies: dict[str, TerraformResult]
    state_before_clean: dict[str, str]
    backends: dict[str, object]
    plans_after_clean: dict[str, TerraformResult]
    state_after_clean: dict[str, str]


def _terraform(root: Path, env: str, plugin_cache: Path, pf: PfServer) -> Terraform:
    """terraform in the synthesized stack folder itself, with the backend main.py wrote."""
    return Terraform(root / "cdktf.out" / "stacks" / env, env={**pf.provider_env(),
                                                               "TF_VAR_code42_access_token": "token-1"},
                     plugin_cache=plugin_cache)


@pytest.fixture(scope="module")
def project(plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    tmp = tmp_path_factory.mktemp("environments")
    for env in ENVIRONMENTS:
        (tmp / env).mkdir()
    servers = {env: start_server(tmp / env, i) for i, env in enumerate(ENVIRONMENTS)}
    try:
        root = tmp / "project"
        root.mkdir()
        config = root / "code42-scim.toml"
        config.write_text(_config(servers), encoding="utf-8")
        synth_main(root / "cdktf.out", config=config)
        backends = {env: json.loads((root / "cdktf.out" / "stacks" / env / "cdk.tf.json").read_text())["terraform"]
                    ["backend"] for env in ENVIRONMENTS}
        applies = {}
        for env in ENVIRONMENTS:
            tf = _terraform(root, env, plugin_cache, servers[env])
            tf.init()
            applies[env] = tf.apply()
        state = {env: (root / ".terraform-state" / f"{env}.tfstate").read_text() for env in ENVIRONMENTS}
        shutil.rmtree(root / "cdktf.out")  # what `make clean` does to the generated output
        synth_main(root / "cdktf.out", config=config)
        plans = {}
        for env in ENVIRONMENTS:
            tf = _terraform(root, env, plugin_cache, servers[env])
            tf.init()
            plans[env] = tf.plan()
        after = {env: (root / ".terraform-state" / f"{env}.tfstate").read_text() for env in ENVIRONMENTS}
        yield Project(root, servers, applies, state, backends, plans, after)
    finally:
        for pf in servers.values():
            pf.stop()


def test_each_environment_is_applied_to_its_own_pingfederate(project: Project) -> None:
    assert {env: pf.connection_ids() for env, pf in project.servers.items()} == {"us": ["code42-us"],
                                                                                 "eu": ["code42-eu"]}


def test_each_environment_has_its_own_state_file_outside_cdktf_out(project: Project) -> None:
    assert project.backends == {env: {"local": {"path": f"../../../.terraform-state/{env}.tfstate"}}
                                for env in ENVIRONMENTS}


def test_each_state_file_records_its_own_connection(project: Project) -> None:
    ids = {env: [r["instances"][0]["attributes"]["connection_id"] for r in json.loads(text)["resources"]
                 if r["type"] == "pingfederate_idp_sp_connection"] for env, text in project.state_before_clean.items()}
    assert ids == {"us": ["code42-us"], "eu": ["code42-eu"]}


def test_after_deleting_cdktf_out_and_re_synthesizing_the_plans_are_clean(project: Project) -> None:
    assert {env: r.returncode for env, r in project.plans_after_clean.items()} == {"us": 0, "eu": 0}


def test_deleting_cdktf_out_and_re_synthesizing_leave_the_state_files_unchanged(project: Project) -> None:
    assert project.state_after_clean == project.state_before_clean
