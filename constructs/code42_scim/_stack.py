"""One cdktf stack per environment of the app config: provider block + one construct per connection."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import cdktf
from constructs import Construct

from pingfederate import FastSynthApp
from pingfederate.provider import PingfederateProvider

from ._config import DEFAULT_CONFIG, EnvironmentConfig, load_config
from ._construct import Code42ScimConnection
from ._errors import ConfigError
from ._target import resolve_target

__all__ = ["Code42ScimStack", "build_app"]


class Code42ScimStack(cdktf.TerraformStack):
    """Admin credentials are deliberately not props: the provider reads ``PINGFEDERATE_PROVIDER_*``."""

    def __init__(self, scope: Construct, env: EnvironmentConfig) -> None:
        super().__init__(scope, env.name)
        # A relative state path keeps cdk.tf.json identical on every machine and checkout.
        cdktf.LocalBackend(self, path=f"terraform.{env.name}.tfstate")
        settings = resolve_target(env.pingfederate, path=f"{env.name}/pingfederate")
        self.provider = PingfederateProvider(
            self, "pingfederate", version_constraint=settings.version_constraint, **settings.attributes
        )
        self.connections = [
            Code42ScimConnection.from_props(self, c.construct_id, c.props, provider=self.provider)
            for c in env.connections
        ]


def build_app(
    config: str | Path = DEFAULT_CONFIG,
    *,
    environments: Sequence[str] | None = None,
    outdir: str | None = None,
) -> cdktf.App:
    """A cdktf App with one stack per environment (all of them, or the named ones), in name order."""
    app_config = load_config(config)
    names = list(environments) if environments else sorted(app_config.environments)
    # FastSynthApp: same bytes as cdktf.App, but connection bodies skip the node round trips.
    if outdir:
        try:
            Path(outdir).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the output folder {outdir}: {exc.strerror or exc}") from None
    app = FastSynthApp(outdir=outdir) if outdir else FastSynthApp()
    for name in names:
        Code42ScimStack(app, app_config.environment(name))
    return app
