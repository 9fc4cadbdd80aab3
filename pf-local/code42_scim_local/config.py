"""Configuration of the local PingFederate stand-in: server options and the seed (data stores, connectors)."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from code42_scim._descriptor import PINNED_DESCRIPTOR_PATH, parse_descriptor
from code42_scim._errors import ConfigError, DescriptorError

from .limits import ID_RE
from .schema import schema_errors

__all__ = [
    "DEFAULT_ADMIN_PASSWORD",
    "DEFAULT_ADMIN_USER",
    "DEFAULT_SEED_PATH",
    "Seed",
    "ServerConfig",
    "load_seed",
    "require_loopback",
]

DEFAULT_SEED_PATH = Path(__file__).with_name("data") / "seed.json"
# PingFederate's documented first-run administrator (the Docker images use the same pair).
DEFAULT_ADMIN_USER = "administrator"
DEFAULT_ADMIN_PASSWORD = "2FederateM0re"  # the well-known demo default, overridable


@dataclass(frozen=True, kw_only=True, slots=True)
class Seed:
    """What a fresh server already has: its version, data stores, installed connectors, provisioning DB."""

    version: str
    data_stores: tuple[Mapping[str, Any], ...]
    # Raw SaasPluginDescriptor bodies, served as-is (already checked with parse_descriptor).
    connectors: tuple[Mapping[str, Any], ...]
    outbound_provisioning: Mapping[str, Any] | None

    def data_store(self, store_id: str) -> Mapping[str, Any] | None:
        return next((d for d in self.data_stores if d.get("id") == store_id), None)

    def connector(self, plugin_id: str) -> Mapping[str, Any] | None:
        return next((c for c in self.connectors if c.get("id") == plugin_id), None)


@dataclass(frozen=True, kw_only=True, slots=True)
class ServerConfig:
    """Everything the app needs besides its state file."""

    seed: Seed
    admin_user: str = DEFAULT_ADMIN_USER
    admin_password: str = field(default=DEFAULT_ADMIN_PASSWORD, repr=False)
    api_path: str = "/pf-admin-api/v1"


def require_loopback(host: str) -> str:
    """The stand-in accepts default credentials, so it must never listen beyond this machine."""
    if host == "localhost":
        return host
    try:
        if ipaddress.ip_address(host).is_loopback:
            return host
    except ValueError:
        pass
    raise ConfigError(f"pf-local listens on loopback only; --host {host!r} is not (use 127.0.0.1 or localhost)")


def _load_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{what} {path} is not valid JSON (line {exc.lineno}): {exc.msg}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{what} {path} is not UTF-8 text") from None
    except RecursionError:
        raise ConfigError(f"{what} {path} nests JSON too deeply to read") from None


_STORE_SCHEMAS = {
    "LDAP": "LdapDataStore",
    "JDBC": "JdbcDataStore",
    "CUSTOM": "CustomDataStore",
    "PING_ONE_LDAP_GATEWAY": "PingOneLdapGatewayDataStore",
}


def load_seed(path: Path | None = None, *, version: str | None = None) -> Seed:
    """Read and check a seed file; data stores are validated against the admin API schema like a POST."""
    path = path or DEFAULT_SEED_PATH
    data = _load_json(path, "pf-local seed")
    if not isinstance(data, Mapping):
        raise ConfigError(f"pf-local seed {path}: expected a JSON object")
    stores = data.get("dataStores", [])
    if not isinstance(stores, list):
        raise ConfigError(f"pf-local seed {path}: 'dataStores' must be a list")
    seen: set[str] = set()
    for i, store in enumerate(stores):
        kind = store.get("type") if isinstance(store, Mapping) else None
        if kind not in _STORE_SCHEMAS or not isinstance(store.get("id"), str):
            raise ConfigError(
                f"pf-local seed {path}: dataStores[{i}] needs an 'id' and a 'type' in {sorted(_STORE_SCHEMAS)}"
            )
        if not ID_RE.fullmatch(store["id"]):
            raise ConfigError(f"pf-local seed {path}: dataStores[{i}].id may contain only [a-zA-Z0-9._-]")
        problems = schema_errors(_STORE_SCHEMAS[kind], store)
        if problems:
            first = problems[0]
            raise ConfigError(f"pf-local seed {path}: dataStores[{i}].{first.field_path}: {first.message}")
        if store["id"] in seen:
            raise ConfigError(f"pf-local seed {path}: data store id {store['id']!r} appears twice")
        seen.add(store["id"])
    connectors = []
    entries = data.get("connectors", ["pinned"])
    if not isinstance(entries, list):
        raise ConfigError(f"pf-local seed {path}: 'connectors' must be a list")
    for i, entry in enumerate(entries):
        if entry == "pinned":
            source = PINNED_DESCRIPTOR_PATH
        elif isinstance(entry, str):
            source = (path.parent / entry).resolve()
        else:
            raise ConfigError(f'pf-local seed {path}: connectors[{i}] must be "pinned" or a descriptor path')
        body = _load_json(source, "connector descriptor")
        try:
            parse_descriptor(body, source=str(source))
        except DescriptorError as exc:
            raise ConfigError(f"pf-local seed {path}: {exc}") from None
        connectors.append(body)
    provisioning = data.get("outboundProvisioning")
    if provisioning is not None and not (
        isinstance(provisioning, Mapping) and not schema_errors("OutboundProvisionDatabase", provisioning)
    ):
        raise ConfigError(f"pf-local seed {path}: 'outboundProvisioning' must be an OutboundProvisionDatabase")
    chosen = version or data.get("version") or "12.1.4.0"
    return Seed(
        version=str(chosen),
        data_stores=tuple(stores),
        connectors=tuple(connectors),
        outbound_provisioning=provisioning,
    )
