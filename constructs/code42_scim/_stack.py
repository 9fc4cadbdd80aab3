"""One cdktf stack per environment of the app config: provider block + one construct per connection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from constructs import Construct

from pingfederate.engine import cdk
from pingfederate.provider import PingfederateProvider

from ._backend import BackendConfig, local_state_path
from ._config import DEFAULT_CONFIG, EnvironmentConfig, load_config
from ._construct import Code42ScimConnection
from ._errors import Code42ScimError, ConfigError, shown_path
from ._secrets import secret_variable_name
from ._target import resolve_target

__all__ = ["Code42ScimStack", "build_app", "output_name"]


class _Backend(cdk.TerraformBackend):
    """``terraform { backend "NAME" { ... } }`` with exactly the given settings (no secret among them)."""

    def __init__(self, scope: Construct, name: str, settings: Mapping[str, Any]) -> None:
        super().__init__(scope, "backend", name)
        self._kind = name
        self._settings = dict(settings)

    def _synthesize_attributes(self) -> dict[str, Any]:
        return dict(self._settings)

    def get_remote_state_data_source(self, scope: Construct, name: str, _from_stack: str) -> cdk.TerraformRemoteState:
        raise Code42ScimError(f"cross-stack references through a {self._kind} backend are not supported: "
                              "pass the value with a TerraformOutput and a variable instead")


def add_backend(stack: cdk.TerraformStack, environment: str, backend: BackendConfig) -> cdk.TerraformBackend:
    """The environment's backend. Local state goes to ``.terraform-state/<env>.tfstate`` beside ``cdktf.out``
    (never inside it: ``make clean`` and a fresh synth delete that folder), as a relative path so
    ``cdk.tf.json`` is the same on every machine. ``pg`` reads its connection string from ``PG_CONN_STR``,
    ``s3`` and ``http`` their credentials from the environment: none of them is written to the file."""
    settings = dict(backend.settings)
    if backend.type == "local":
        return cdk.LocalBackend(stack, path=local_state_path(environment, settings.get("state_dir")))
    if backend.type == "s3":
        settings.setdefault("key", f"code42-scim/{environment}.tfstate")
    return _Backend(stack, backend.type, settings)


def output_name(construct_id: str) -> str:
    """The stack output holding a connection's id, named like its secret variables (``code42_connection_id``)."""
    return secret_variable_name(construct_id, "access_token").removesuffix("_access_token") + "_connection_id"


class Code42ScimStack(cdk.TerraformStack):
    """Admin credentials are deliberately not props: the provider reads ``PINGFEDERATE_PROVIDER_*``.

    One provider (the environment's PingFederate) shared by every connection, the environment's backend,
    and one output per connection with its id (``terraform output code42_connection_id``).
    """

    def __init__(self, scope: Construct, env: EnvironmentConfig) -> None:
        super().__init__(scope, env.name)
        self.backend = add_backend(self, env.name, env.backend)
        settings = resolve_target(env.pingfederate, path=f"{env.name}/pingfederate")
        # The provider block derives its version constraint from product_version; generated bindings pin
        # the version they were generated for. An explicit provider_version wins over both.
        self.provider = PingfederateProvider(self, "pingfederate", **settings.attributes)
        if env.pingfederate.provider_version is not None:
            self.add_override("terraform.required_providers.pingfederate.version", settings.version_constraint)
        self.connections = [
            Code42ScimConnection.from_props(self, c.construct_id, c.props, provider=self.provider)
            for c in env.connections
        ]
        self.outputs: dict[str, cdk.TerraformOutput] = {}
        for config, connection in zip(env.connections, self.connections, strict=True):
            name = output_name(config.construct_id)
            output = cdk.TerraformOutput(self, name, value=connection.connection_id_reference,
                                           description=f"PingFederate connection id of {config.construct_id!r}")
            output.override_logical_id(name)
            self.outputs[name] = output


def build_app(
    config: str | Path = DEFAULT_CONFIG,
    *,
    environments: Sequence[str] | None = None,
    outdir: str | None = None,
) -> cdk.App:
    """A cdktf App with one stack per environment (all of them, or the named ones), in name order."""
    app_config = load_config(config)
    names = list(environments) if environments else sorted(app_config.environments)
    if outdir:
        try:
            Path(outdir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the output folder {shown_path(outdir)}: {exc.strerror or exc}") from None
    app = cdk.App(outdir=outdir) if outdir else cdk.App()
    for name in names:
        Code42ScimStack(app, app_config.environment(name))
    return app
