"""Shared state for a team: the synthesized ``pg`` backend against a real PostgreSQL on loopback. Terraform
init accepts it, the state is stored in the database (a second working directory -- another CI job -- sees
it), and it locks: while one apply holds the lock, a second fails with Terraform's lock error and a third
waits for it; the state is intact afterwards."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.lifecycle.conftest import SUITE_TIMEOUT
from tests.real_provider.conftest import load_stack
from tests.support.config import connection, environment, write_config
from tests.support.fixtures import synth_main
from tests.support.pf_local import PfServer, start_server
from tests.support.postgres import requires_postgres, running_postgres
from tests.support.terraform import COMMAND_TIMEOUT, Terraform, TerraformResult, requires_provider, stack_workdir

pytestmark = [requires_provider, requires_postgres, pytest.mark.lifecycle, pytest.mark.slow,
              pytest.mark.timeout(SUITE_TIMEOUT)]



@dataclass
class Team:
    backend: dict[str, object]
    init: TerraformResult
    local_state_files: list[str]
    seen_by_second_job: TerraformResult
    refused: TerraformResult
    waiter_blocked_while_lock_held: bool
    holder: int
    waiter: int
    waiter_output: str
    state_list_after: TerraformResult
    plan_after: TerraformResult


def _wait_for(path: Path, text: str, proc: subprocess.Popen[bytes], seconds: float = COMMAND_TIMEOUT) -> None:
    deadline = time.monotonic() + seconds
    while text not in path.read_text(errors="replace"):
        assert proc.poll() is None, f"terraform exited before '{text}':\n{path.read_text(errors='replace')}"
        assert time.monotonic() < deadline, f"no '{text}' after {seconds}s:\n{path.read_text(errors='replace')}"
        time.sleep(0.2)


def _popen(tf: Terraform, args: list[str], log: Path, **env: str) -> subprocess.Popen[bytes]:
    out = log.open("wb")
    return subprocess.Popen(["terraform", *args], cwd=tf.workdir, env={**tf.env, **env}, stdin=subprocess.PIPE,
                            stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def team(plugin_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Team]:
    tmp = tmp_path_factory.mktemp("team")
    pf: PfServer = start_server(tmp)
    try:
        with running_postgres() as pg:
            config = tmp / "code42-scim.toml"
            team = environment(pf.host_url, ca_certificate_pem_files=[str(pf.cert)],
                               connections=[connection(connection_id="code42-team")])
            team["backend"] = {"type": "pg", "schema_name": "code42_scim_team"}
            write_config(config, team=team)
            doc = load_stack(synth_main(tmp / "cdktf.out", config=config), "team")
            env = {**pf.provider_env(), "PG_CONN_STR": pg.conn_str(), "TF_VAR_code42_access_token": "token-1"}
            job_a = stack_workdir(doc, tmp / "job-a", plugin_cache=plugin_cache, keep_backend=True, env=env)
            job_b = stack_workdir(doc, tmp / "job-b", plugin_cache=plugin_cache, keep_backend=True, env=env)
            init = job_a.init()
            job_a.apply()
            local = sorted(p.name for p in (tmp / "job-a").glob("*.tfstate"))
            job_b.init()
            seen = job_b.run("state", "list", "-no-color")
            # Job A holds the lock: an apply with changes (a rotated token) waits at its approval prompt.
            holder = _popen(job_a, ["apply", "-no-color", "-input=true"], tmp / "holder.log", TF_INPUT="1",
                            TF_VAR_code42_access_token="token-2")
            waiter: subprocess.Popen[bytes] | None = None
            try:
                _wait_for(tmp / "holder.log", "Enter a value:", holder)
                refused = job_b.apply("-lock-timeout=0s", env={"TF_VAR_code42_access_token": "token-2"},
                                      check=False)
                waiter = _popen(job_b, ["apply", "-no-color", "-input=false", "-auto-approve", "-lock-timeout=120s"],
                                tmp / "waiter.log", TF_VAR_code42_access_token="token-2")
                time.sleep(3)
                blocked = waiter.poll() is None
                assert holder.stdin is not None
                holder.stdin.write(b"yes\n")
                holder.stdin.close()
                holder_rc, waiter_rc = holder.wait(COMMAND_TIMEOUT), waiter.wait(COMMAND_TIMEOUT)
            finally:
                for proc in (holder, waiter):
                    if proc is not None and proc.poll() is None:
                        proc.kill()
            after = job_a.run("state", "list", "-no-color")
            plan = job_a.plan(env={"TF_VAR_code42_access_token": "token-2"})
            yield Team(doc["terraform"]["backend"], init, local, seen, refused, blocked, holder_rc, waiter_rc,
                       (tmp / "waiter.log").read_text(errors="replace"), after, plan)
    finally:
        pf.stop()


def test_the_synthesized_pg_backend_holds_no_connection_string(team: Team) -> None:
    assert team.backend == {"pg": {"schema_name": "code42_scim_team"}}


def test_terraform_init_accepts_the_pg_backend(team: Team) -> None:
    assert 'Successfully configured the backend "pg"!' in team.init.output


def test_the_state_is_stored_in_postgres_not_in_the_working_directory(team: Team) -> None:
    assert team.local_state_files == []
    assert team.seen_by_second_job.stdout.split() == ["pingfederate_idp_sp_connection.code42_1B1C82DA"]


def test_a_second_apply_while_the_lock_is_held_fails_with_terraforms_lock_error(team: Team) -> None:
    assert team.refused.returncode == 1
    assert "Error acquiring the state lock" in team.refused.output


def test_an_apply_with_a_lock_timeout_waits_for_the_lock_and_then_succeeds(team: Team) -> None:
    assert (team.waiter_blocked_while_lock_held, team.holder, team.waiter) == (True, 0, 0), team.waiter_output


def test_after_the_concurrent_applies_the_state_is_intact_and_the_plan_clean(team: Team) -> None:
    assert team.state_list_after.stdout.split() == ["pingfederate_idp_sp_connection.code42_1B1C82DA"]
    assert team.plan_after.returncode == 0, team.plan_after.output
