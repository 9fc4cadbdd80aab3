"""What a preflight checks, as the config file names it: one set of rules for both preflights.

``--config FILE`` is read as the stack reads it (``code42-scim.toml``). The rules:

* ``--environment NAME`` picks the environment; without it the file's only environment is used, and a
  file with several asks for ``--environment``. ``--environment`` (and ``--connection``) need ``--config``.
* ``--connection ID`` (the ``id`` of a ``[[environments.NAME.connections]]`` entry) narrows the target to
  one connection; a check that needs exactly one connection asks for it when the environment has several.
* Relative paths in the file are relative to the file's folder.
* Flags override what the file says; TLS trust files are checked to exist before any request.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..._config import ConnectionConfig, EnvironmentConfig, load_config
from ..._errors import ConfigError, shown_path

__all__ = ["ConfigTarget", "add_config_arguments", "add_tls_arguments", "config_target", "tls_verify"]


@dataclass(frozen=True, kw_only=True)
class ConfigTarget:
    """One environment of the config file, and the connections of it a command looks at."""

    path: Path
    environment: EnvironmentConfig
    connections: tuple[ConnectionConfig, ...]

    def connection(self) -> ConnectionConfig:
        """The one connection the command needs (``--connection`` when the environment has several)."""
        if len(self.connections) != 1:
            ids = ", ".join(c.construct_id for c in self.connections)
            raise ConfigError(f"environment {self.environment.name!r} has {len(self.connections)} connections: "
                              f"pass --connection (one of: {ids})")
        return self.connections[0]

    def file(self, name: str) -> str:
        """A path named in the config file, relative to the file's folder."""
        return str(name if Path(name).is_absolute() else self.path.resolve().parent / name)


def add_config_arguments(parser: argparse.ArgumentParser, *, connection: bool) -> None:
    """``--config``, ``--environment`` and, where a command can narrow to one, ``--connection``."""
    group = parser.add_argument_group("from the app config, as the stack reads it (flags override it)")
    group.add_argument("--config", type=Path, metavar="FILE", help="app config file (code42-scim.toml)")
    group.add_argument("--environment", metavar="NAME", help="environment in --config (default: the only one)")
    if connection:
        group.add_argument("--connection", metavar="ID",
                           help="the id of one connection in that environment (default: all of them; needed "
                           "where a check takes one and there are several)")


def config_target(args: argparse.Namespace) -> ConfigTarget | None:
    """The environment and connections ``--config``/``--environment``/``--connection`` name (None: no file)."""
    wanted = getattr(args, "connection", None)
    if args.config is None:
        if args.environment or wanted:
            flags = "--environment/--connection need" if hasattr(args, "connection") else "--environment needs"
            raise ConfigError(f"{flags} --config FILE")
        return None
    app = load_config(args.config)
    if args.environment:
        environment = app.environment(args.environment)
    elif len(app.environments) == 1:
        environment = next(iter(app.environments.values()))
    else:
        raise ConfigError(f"{shown_path(args.config)} has several environments ({', '.join(app.environments)}): "
                          "pick one with --environment")
    connections = environment.connections
    if wanted:
        connections = tuple(c for c in connections if c.construct_id == wanted)
        if not connections:
            have = ", ".join(c.construct_id for c in environment.connections)
            raise ConfigError(f"environment {environment.name!r} has no connection {wanted!r} (have: {have})")
    return ConfigTarget(path=args.config, environment=environment, connections=connections)


def add_tls_arguments(parser: argparse.ArgumentParser, *, env: str | None = None) -> None:
    """``--ca-bundle PEM`` (repeatable) and ``--insecure``; ``env`` names the variables that also set them."""
    tls = parser.add_argument_group("TLS")
    tls.add_argument("--ca-bundle", action="append", default=None, metavar="PEM",
                     help="trust this CA certificate file; repeatable"
                     + (f" (env {env}CA_CERTIFICATE_PEM_FILES)" if env else ""))
    tls.add_argument("--insecure", action="store_true", default=None,
                     help="do not verify TLS (lab servers only" + (f"; env {env}INSECURE_TRUST_ALL_TLS)" if env
                                                                   else ")"))


def tls_verify(ca_files: Sequence[tuple[str, str]], insecure: bool) -> bool | str:
    """What requests verifies with: ``False`` (insecure), ``True`` (system CAs) or one CA bundle file.

    ``ca_files`` are (path, where it was named) pairs; a missing file is an error naming where it came from.
    Several files are joined into one bundle (public certificates: nothing secret is written).
    """
    if insecure:
        return False
    for path, where in ca_files:
        if not Path(path).is_file():
            raise ConfigError(f"{where} {shown_path(path)}: no such file")
    if not ca_files:
        return True
    if len(ca_files) == 1:
        return ca_files[0][0]
    bundle = tempfile.NamedTemporaryFile("w", prefix="code42-scim-ca-", suffix=".pem", delete=False)  # noqa: SIM115
    with bundle:
        for path, _ in ca_files:
            bundle.write(Path(path).read_text(encoding="utf-8").rstrip() + "\n")
    return bundle.name
