"""A real pf-local server (HTTPS on a free loopback port, in a background thread) for any test room."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from code42_scim_local.config import ServerConfig, load_seed
from code42_scim_local.server import LocalServer, ServerOptions

USER, PASSWORD = "administrator", "2FederateM0re"


@dataclass
class PfServer:
    server: LocalServer
    cert: Path
    state: Path
    stopped: bool = field(default=False)

    @property
    def api_url(self) -> str:
        return self.server.api_url

    @property
    def host_url(self) -> str:
        return self.server.base_url

    def provider_env(self) -> dict[str, str]:
        """What the Terraform provider reads to log in to this server."""
        return {"PINGFEDERATE_PROVIDER_USERNAME": USER, "PINGFEDERATE_PROVIDER_PASSWORD": PASSWORD}

    def session(self, *, auth: tuple[str, str] | None = (USER, PASSWORD), xsrf: bool = True) -> requests.Session:
        s = requests.Session()
        s.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise override s.verify
        s.verify = str(self.cert)
        if auth is not None:
            s.auth = auth
        if xsrf:
            s.headers["X-XSRF-Header"] = "PingFederate"
        return s

    def aim(self, cdk_tf_json: dict[str, Any]) -> dict[str, Any]:
        """A copy of a synthesized stack whose provider block points at this server.

        Only ``https_host`` changes; a stack that does not already trust the server (neither
        ``insecure_trust_all_tls`` nor ``ca_certificate_pem_files``) is given this server's certificate.
        """
        doc = copy.deepcopy(cdk_tf_json)
        for block in doc["provider"]["pingfederate"]:
            block["https_host"] = self.host_url
            if not block.get("insecure_trust_all_tls") and not block.get("ca_certificate_pem_files"):
                block["ca_certificate_pem_files"] = [str(self.cert)]
        return doc

    def connection(self, connection_id: str) -> dict[str, Any]:
        """``GET /idp/spConnections/{id}`` as PingFederate's admin API returns it."""
        resp = self.session().get(f"{self.api_url}/idp/spConnections/{connection_id}", timeout=10)
        assert resp.status_code == 200, f"GET {connection_id}: {resp.status_code} {resp.text}"
        body: dict[str, Any] = resp.json()
        return body

    def connection_ids(self) -> list[str]:
        resp = self.session().get(f"{self.api_url}/idp/spConnections", timeout=10)
        assert resp.status_code == 200, resp.text
        return sorted(item["id"] for item in resp.json()["items"])

    def stop(self) -> None:
        if not self.stopped:
            self.server.stop()
            self.stopped = True


StartPf = Callable[..., PfServer]


def start_server(
    directory: Path,
    index: int = 0,
    *,
    state: Path | None = None,
    seed: Path | None = None,
    version: str | None = None,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    port: int = 0,
) -> PfServer:
    state = state or directory / "state.sqlite3"
    cert = directory / f"cert-{index}.pem"
    config = ServerConfig(seed=load_seed(seed, version=version))
    options = ServerOptions(host="127.0.0.1", port=port, state=state, cert_out=cert, tls_cert=tls_cert,
                            tls_key=tls_key)
    return PfServer(server=LocalServer(config, options).start(), cert=tls_cert or cert, state=state)
