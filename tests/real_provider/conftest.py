"""The real-provider room: synthesized stacks go through the real ``pingidentity/pingfederate`` binary
(from the mirror) against a real pf-local server: init -> validate -> apply -> plan -detailed-exitcode."""

from __future__ import annotations

import contextlib
import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from code42_scim import secret_variable_name
from code42_scim._secrets import SecretKind
from tests.support.fixtures import synth_main
from tests.support.pf_local import PfServer, start_server
from tests.support.terraform import Terraform, TerraformResult, stack_workdir, validation_errors

# Seconds one whole deployment test (init, validate, apply, plan) may take.
DEPLOY_TIMEOUT = 240
STACKS_CONFIG = Path(__file__).with_name("data") / "stacks.toml"


@pytest.fixture(scope="session")
def plugin_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One provider plugin cache for the session: each ``terraform init`` links the binary instead of copying."""
    return tmp_path_factory.mktemp("terraform-plugin-cache")


@pytest.fixture(scope="session")
def stacks_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``data/stacks.toml`` (presets, several connections) synthesized once by ``main.py``."""
    return synth_main(tmp_path_factory.mktemp("stacks") / "cdktf.out", config=STACKS_CONFIG)


def environment_names(config: Path) -> list[str]:
    return sorted(tomllib.loads(config.read_text(encoding="utf-8"))["environments"])


def construct_ids(config: Path, environment: str) -> list[str]:
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    return [c["id"] for c in data["environments"][environment]["connections"]]


@dataclass
class Deployment:
    """A stack applied to pf-local, and the plan that followed the apply."""

    tf: Terraform
    pf: PfServer
    doc: dict[str, Any]  # the configuration in the working directory
    replan: TerraformResult

    def connection(self, connection_id: str) -> dict[str, Any]:
        return self.pf.connection(connection_id)

    def resources(self) -> dict[str, dict[str, Any]]:
        """The synthesized ``pingfederate_idp_sp_connection`` bodies, by connection_id."""
        bodies = self.doc["resource"]["pingfederate_idp_sp_connection"].values()
        return {body["connection_id"]: body for body in bodies}


def load_stack(outdir: Path, stack: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((outdir / "stacks" / stack / "cdk.tf.json").read_text(encoding="utf-8"))
    return doc


# The value every test secret variable gets; tests check it never comes back in clear.
SECRET = "token-1"


def secrets_for(construct_ids: list[str]) -> dict[str, str]:
    """Terraform variables for every secret the connections with these construct ids may declare."""
    kinds: tuple[SecretKind, ...] = ("access_token", "basic_username", "basic_password")
    return {secret_variable_name(cid, kind): SECRET for cid in construct_ids for kind in kinds}


def deploy(doc: dict[str, Any], workdir: Path, pf: PfServer, *, plugin_cache: Path | None = None,
           **tf_vars: str) -> Deployment:
    """init -> validate (no errors) -> apply against ``pf`` -> plan; the plan is returned, not asserted."""
    aimed = pf.aim(doc)
    env = {**pf.provider_env(), **{f"TF_VAR_{name}": value for name, value in tf_vars.items()}}
    tf = stack_workdir(aimed, workdir, plugin_cache=plugin_cache, env=env)
    tf.init()
    assert validation_errors(tf.validate()) == []
    tf.apply()
    # The configuration exactly as Terraform read it (stack_workdir may have adjusted the backend).
    written = json.loads((workdir / "main.tf.json").read_text(encoding="utf-8"))
    return Deployment(tf=tf, pf=pf, doc=written, replan=tf.plan())


def target_settings(connection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A stored connection's target settings by name (each ``{"name", "value"}`` or ``{"name", "encryptedValue"}``)."""
    return {s["name"]: s for s in connection["outboundProvision"]["targetSettings"]}


def mapped_attributes(channel: dict[str, Any]) -> dict[str, list[str]]:
    """A stored channel's mapping: SCIM field -> LDAP attribute names (empty for unmapped fields)."""
    return {m["fieldName"]: m["saasFieldInfo"].get("attributeNames", []) for m in channel["attributeMapping"]}


@contextlib.contextmanager
def deployed_environment(config: Path, outdir: Path, environment: str, tmp: Path,
                         plugin_cache: Path | None = None, **pf_options: str) -> Iterator[Deployment]:
    """One environment of a synthesized config deployed to a fresh pf-local, which stops afterwards."""
    pf = start_server(tmp, **pf_options)  # type: ignore[arg-type]
    try:
        yield deploy(load_stack(outdir, environment), tmp / "stack", pf, plugin_cache=plugin_cache,
                     **secrets_for(construct_ids(config, environment)))
    finally:
        pf.stop()
