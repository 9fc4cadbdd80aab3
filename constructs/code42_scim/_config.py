"""The reviewed app configuration (``code42-scim.toml``): one table per environment -> one stack each.

TOML because it is in the standard library (no dependency), comments are allowed for reviewers, and
it has no implicit typing surprises. Secrets are never read from it: see ``_secrets``.
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from ._backend import BackendConfig, backend_problems
from ._errors import ConfigError, shown_path
from ._props import AuthMethod, Code42ScimConnectionProps, DirectoryPreset, FieldMapping, LdapChannel
from ._target import PingFederateTarget

__all__ = ["AppConfig", "BackendConfig", "ConnectionConfig", "EnvironmentConfig", "PingFederateTarget", "load_config"]

DEFAULT_CONFIG = "code42-scim.toml"
_ENV_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True, kw_only=True)
class ConnectionConfig:
    construct_id: str
    props: Code42ScimConnectionProps


@dataclass(frozen=True, kw_only=True)
class EnvironmentConfig:
    name: str
    pingfederate: PingFederateTarget
    connections: tuple[ConnectionConfig, ...]
    # Where Terraform keeps this environment's state (``[environments.NAME.backend]``; default: local).
    backend: BackendConfig = field(default_factory=BackendConfig)


@dataclass(frozen=True, kw_only=True)
class AppConfig:
    source: Path
    environments: Mapping[str, EnvironmentConfig]

    def environment(self, name: str) -> EnvironmentConfig:
        if name not in self.environments:
            raise ConfigError(f"{self.source}: no environment {name!r}; known: {', '.join(self.environments)}")
        return self.environments[name]


_AUTH = {"oauth2_bearer_token": AuthMethod.OAUTH2_BEARER_TOKEN, "basic": AuthMethod.BASIC}
_CONN_EXCLUDED = {"channels", "access_token", "basic_password", "basic_username", "allow_literal_secrets"}


class _Reader:
    def __init__(self, source: Path) -> None:
        self.source = source
        self.errors: list[str] = []

    def err(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def table(self, where: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.err(where, f"must be a table, got {type(value).__name__}")
            return {}
        return value

    def fill(self, where: str, cls: type, data: dict[str, Any], *, skip: set[str] = frozenset(),  # type: ignore[assignment]
             convert: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Keyword arguments for ``cls`` from ``data``, with unknown keys and type errors reported."""
        hints = get_type_hints(cls)
        known = {f.name for f in dataclasses.fields(cls)} - skip
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                if key in skip:
                    hint = " (secrets are never read from the config file: set them in the environment)"
                self.err(f"{where}.{key}", f"unknown key{hint}")
                continue
            if convert and key in convert:
                out[key] = convert[key](f"{where}.{key}", value)
                continue
            hint = hints[key]
            out[key] = self.coerce(f"{where}.{key}", hint, value)
        return out

    def coerce(self, where: str, hint: Any, value: Any) -> Any:
        args = getattr(hint, "__args__", ())
        enum_type = next((a for a in (hint, *args) if isinstance(a, type) and issubclass(a, enum.Enum)), None)
        if enum_type is not None:
            try:
                return enum_type(value)
            except (ValueError, TypeError):
                self.err(where, f"{value!r} is not one of {[m.value for m in enum_type]}")
                return None
        if isinstance(value, list):
            return tuple(value)
        return value

    def mapping(self, where: str, value: Any) -> dict[str, FieldMapping | None]:
        out: dict[str, FieldMapping | None] = {}
        for code, spec in self.table(where, value).items():
            if spec is False:
                out[code] = None
            elif isinstance(spec, dict):
                out[code] = FieldMapping(**self.fill(f"{where}.{code}", FieldMapping, spec))
            else:
                self.err(f"{where}.{code}", "must be a table like { attribute_names = [\"mail\"] } or false")
        return out

    def channel(self, where: str, value: Any) -> LdapChannel | None:
        data = self.table(where, value)
        kwargs = self.fill(where, LdapChannel, data, convert={"attribute_mapping": self.mapping})
        missing = [k for k in ("name", "base_dn", "data_store_id") if k not in kwargs]
        if missing:
            self.err(where, f"missing {', '.join(missing)}")
            return None
        kwargs.setdefault("preset", DirectoryPreset.ACTIVE_DIRECTORY)
        return LdapChannel(**kwargs)

    def connection(self, where: str, value: Any) -> ConnectionConfig | None:
        data = dict(self.table(where, value))
        construct_id = data.pop("id", None)
        if not isinstance(construct_id, str) or not construct_id:
            self.err(where, "missing 'id' (the construct id; secret variable names derive from it)")
            construct_id = "code42"
        raw_channels = data.pop("channels", [])
        auth = data.pop("auth_method", "oauth2_bearer_token")
        kwargs = self.fill(where, Code42ScimConnectionProps, data, skip=_CONN_EXCLUDED)
        if not isinstance(auth, str) or auth not in _AUTH:
            self.err(f"{where}.auth_method", f"{auth!r} is not one of {sorted(_AUTH)}")
            auth = "oauth2_bearer_token"
        kwargs["auth_method"] = _AUTH[auth]
        if not isinstance(raw_channels, list):
            self.err(f"{where}.channels", "must be an array of tables ([[...channels]])")
            raw_channels = []
        channels = [self.channel(f"{where}.channels[{i}]", ch) for i, ch in enumerate(raw_channels)]
        missing = [k for k in ("connection_id", "scim_url") if k not in kwargs]
        if missing:
            self.err(where, f"missing {', '.join(missing)}")
            return None
        if kwargs.get("connector_descriptor"):
            # Relative to the config file, so the app works from any working directory.
            kwargs["connector_descriptor"] = str((self.source.parent / kwargs["connector_descriptor"]).resolve())
        props = Code42ScimConnectionProps(channels=tuple(c for c in channels if c is not None), **kwargs)
        return ConnectionConfig(construct_id=construct_id, props=props)

    def environment(self, name: str, value: Any) -> EnvironmentConfig | None:
        where = f"environments.{name}"
        data = dict(self.table(where, value))
        pf_data = self.table(f"{where}.pingfederate", data.pop("pingfederate", None))
        raw_conns = data.pop("connections", [])
        backend = self.backend(f"{where}.backend", data.pop("backend", {}))
        data.pop("description", None)
        for key in data:
            self.err(f"{where}.{key}", "unknown key (expected pingfederate, connections, backend, description)")
        pf_kwargs = self.fill(f"{where}.pingfederate", PingFederateTarget, pf_data)
        missing = [k for k in ("https_host", "product_version") if k not in pf_kwargs]
        if missing:
            self.err(f"{where}.pingfederate", f"missing {', '.join(missing)}")
            return None
        if not isinstance(raw_conns, list):
            self.err(f"{where}.connections", "must be an array of tables ([[environments.NAME.connections]])")
            raw_conns = []
        conns = [self.connection(f"{where}.connections[{i}]", c) for i, c in enumerate(raw_conns)]
        first_index: dict[str, int] = {}
        for i, conn in enumerate(conns):
            if conn is None:
                continue
            if conn.construct_id in first_index:
                self.err(f"{where}.connections[{i}].id", f"{conn.construct_id!r} is already the id of "
                         f"connections[{first_index[conn.construct_id]}]: give every connection its own id")
            first_index.setdefault(conn.construct_id, i)
        if not raw_conns:
            self.err(where, "no [[connections]]")
        return EnvironmentConfig(name=name, pingfederate=PingFederateTarget(**pf_kwargs),
                                 connections=tuple(c for c in conns if c is not None),
                                 backend=backend or BackendConfig())

    def backend(self, where: str, value: Any) -> BackendConfig | None:
        config, problems = backend_problems(where, self.table(where, value))
        self.errors.extend(problems)
        return config


def load_config(path: str | Path = DEFAULT_CONFIG) -> AppConfig:
    """Parse and check the config file; raise one ``ConfigError`` listing every problem."""
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config {shown_path(source)}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{shown_path(source)}: not UTF-8 text (byte {exc.start}): save the file as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown_path(source)}: not valid TOML: {exc}") from None
    reader = _Reader(source)
    envs_raw = reader.table("environments", data.pop("environments", None))
    for key in data:
        reader.err(key, "unknown top-level key (expected [environments.NAME])")
    for name in envs_raw:
        if not _ENV_NAME.fullmatch(name):
            reader.err(f"environments.{name!r}", "an environment name becomes a stack and folder name: use letters, "
                       "digits, '-' and '_' only (e.g. 'prod' or 'eu-west')")
    envs = {name: reader.environment(name, value) for name, value in sorted(envs_raw.items())}
    if not envs_raw:
        reader.err("environments", "no environment defined")
    if reader.errors:
        listing = "\n".join(f"  - {e}" for e in reader.errors)
        raise ConfigError(f"{shown_path(source)}: {len(reader.errors)} problem(s):\n{listing}")
    return AppConfig(source=source, environments={k: v for k, v in envs.items() if v is not None})
