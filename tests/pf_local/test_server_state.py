"""pf-local state: survives restarts, safe under concurrent writers; the CLI entry point; loopback only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from code42_scim._errors import ConfigError
from code42_scim_local.config import ServerConfig, load_seed, require_loopback
from code42_scim_local.server import LocalServer, ServerOptions

from .conftest import StartPf
from .helpers import code42_body


def test_connections_survive_a_restart(start_pf: StartPf, tmp_path: Path) -> None:
    first = start_pf(state=tmp_path / "keep.db")
    created = first.session().post(f"{first.api_url}/idp/spConnections", json=code42_body("c1")).json()
    first.stop()
    second = start_pf(state=tmp_path / "keep.db")
    assert second.session().get(f"{second.api_url}/idp/spConnections/c1").json() == created


def test_provisioning_settings_survive_a_restart(start_pf: StartPf, tmp_path: Path) -> None:
    first = start_pf(state=tmp_path / "keep.db")
    new = {"dataStoreRef": {"id": "ProvisionerDS"}, "synchronizationFrequency": 15}
    first.session().put(f"{first.api_url}/serverSettings/outboundProvisioning", json=new)
    first.stop()
    second = start_pf(state=tmp_path / "keep.db")
    assert second.session().get(f"{second.api_url}/serverSettings/outboundProvisioning").json() == new


def test_encrypted_values_are_stable_across_a_restart(start_pf: StartPf, tmp_path: Path) -> None:
    first = start_pf(state=tmp_path / "keep.db")
    created = first.session().post(f"{first.api_url}/idp/spConnections", json=code42_body("c1")).json()
    first.stop()
    second = start_pf(state=tmp_path / "keep.db")
    resp = second.session().put(f"{second.api_url}/idp/spConnections/c1", json=created)
    assert resp.status_code == 200


def test_twenty_concurrent_creates_are_all_kept(start_pf: StartPf) -> None:
    pf = start_pf()

    def create(i: int) -> int:
        return pf.session().post(f"{pf.api_url}/idp/spConnections", json=code42_body(f"c{i}")).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(create, range(20)))
    listed = pf.session().get(f"{pf.api_url}/idp/spConnections").json()["items"]
    assert statuses == [201] * 20
    assert sorted(c["id"] for c in listed) == sorted(f"c{i}" for i in range(20))


def test_twenty_concurrent_creates_of_one_id_make_exactly_one(start_pf: StartPf) -> None:
    pf = start_pf()

    def create(_: int) -> int:
        return pf.session().post(f"{pf.api_url}/idp/spConnections", json=code42_body("same")).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = sorted(pool.map(create, range(20)))
    assert statuses == [201] + [422] * 19


def test_twenty_concurrent_updates_leave_one_complete_body(start_pf: StartPf) -> None:
    pf = start_pf()
    pf.session().post(f"{pf.api_url}/idp/spConnections", json=code42_body("c1"))

    def update(i: int) -> int:
        body = code42_body("c1") | {"name": f"name-{i}"}
        return pf.session().put(f"{pf.api_url}/idp/spConnections/c1", json=body).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(update, range(20)))
    final = pf.session().get(f"{pf.api_url}/idp/spConnections/c1").json()
    assert statuses == [200] * 20
    assert final["name"] in {f"name-{i}" for i in range(20)} and len(final["outboundProvision"]["channels"]) == 1


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_non_loopback_addresses_are_refused(host: str) -> None:
    with pytest.raises(ConfigError, match="loopback only"):
        require_loopback(host)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_loopback_addresses_are_accepted(host: str) -> None:
    assert require_loopback(host) == host


def test_pf_local_command_serves_https_until_terminated(tmp_path: Path) -> None:
    env = dict(os.environ, PF_LOCAL_ADMIN_PASSWORD="Cli-Pass1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "code42_scim.cli", "pf-local", "--port", "0", "--state", str(tmp_path / "s.db")],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stderr is not None
        banner = proc.stderr.readline()
        url = banner.split("serving ", 1)[1].split(" ", 1)[0]
        s = requests.Session()
        s.trust_env, s.verify = False, str(tmp_path / "pf-local-cert.pem")
        resp = s.get(f"{url}/version", auth=("administrator", "Cli-Pass1"), headers={"X-XSRF-Header": "PingFederate"})
        assert (url.startswith("https://127.0.0.1:"), resp.json()) == (True, {"version": "12.1.4.0"})
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert '"GET /pf-admin-api/v1/version" 200' in err and "Cli-Pass1" not in err


def test_pf_local_command_serves_plain_http_only_when_asked(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "code42_scim.cli",
            "pf-local",
            "--port",
            "0",
            "--plain-http",
            "--state",
            str(tmp_path / "s.db"),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        url = proc.stderr.readline().split("serving ", 1)[1].split(" ", 1)[0]
        s = requests.Session()
        s.trust_env = False
        resp = s.get(
            f"{url}/version", auth=("administrator", "2FederateM0re"), headers={"X-XSRF-Header": "PingFederate"}
        )
        assert (url.startswith("http://"), resp.status_code) == (True, 200)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)


def test_server_modules_never_import_cdktf_or_the_cli() -> None:
    code = (
        "import sys, code42_scim_local.command, code42_scim_local.server;"
        "bad=[m for m in sys.modules if m.split('.')[0]=='cdktf' or m.startswith('code42_scim.cli')"
        " or m=='code42_scim._construct'];print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_modules_never_import_cdktf_or_the_server() -> None:
    code = (
        "import sys, code42_scim.cli.preflight.pingfederate, code42_scim.cli.descriptor_pull;"
        "bad=[m for m in sys.modules if m.split('.')[0]=='cdktf' or m.startswith('code42_scim_local')"
        " or m=='code42_scim._construct'];print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_acknowledged_create_survives_a_kill_9_mid_burst(start_pf: StartPf, tmp_path: Path) -> None:
    """20 writers; SIGKILL once some creates are acknowledged; a restart on the same state has every one of them."""
    state = tmp_path / "burst.db"
    proc = subprocess.Popen([sys.executable, "-m", "code42_scim.cli", "pf-local", "--port", "0", "--state",
                             str(state)], stderr=subprocess.PIPE, text=True)
    acknowledged: list[str] = []
    try:
        assert proc.stderr is not None
        url = proc.stderr.readline().split("serving ", 1)[1].split(" ", 1)[0]
        s = requests.Session()
        s.trust_env, s.verify = False, str(tmp_path / "pf-local-cert.pem")
        s.auth, s.headers["X-XSRF-Header"] = ("administrator", "2FederateM0re"), "PingFederate"

        def create(i: int) -> None:
            try:
                if s.post(f"{url}/idp/spConnections", json=code42_body(f"k{i}"), timeout=10).status_code == 201:
                    acknowledged.append(f"k{i}")
            except requests.RequestException:
                pass  # the server died under this request: not acknowledged, may or may not be kept
            if len(acknowledged) >= 15 and proc.poll() is None:
                proc.send_signal(signal.SIGKILL)

        with ThreadPoolExecutor(max_workers=20) as pool:
            list(pool.map(create, range(60)))
    finally:
        proc.kill()
        proc.communicate(timeout=10)
    kept = start_pf(state=state).connection_ids()
    assert (proc.returncode, len(acknowledged) >= 15, sorted(set(acknowledged) - set(kept))) == (-9, True, [])


def test_an_ipv6_loopback_server_names_itself_with_a_bracketed_url(tmp_path: Path) -> None:
    options = ServerOptions(host="::1", port=0, state=tmp_path / "s.db", cert_out=tmp_path / "c.pem")
    server = LocalServer(ServerConfig(seed=load_seed()), options).start()
    try:
        s = requests.Session()
        s.trust_env, s.verify = False, str(tmp_path / "c.pem")
        resp = s.get(f"{server.api_url}/version", auth=("administrator", "2FederateM0re"),
                     headers={"X-XSRF-Header": "PingFederate"}, timeout=10)
        assert (server.base_url, resp.status_code) == (f"https://[::1]:{server.port}", 200)
    finally:
        server.stop()
