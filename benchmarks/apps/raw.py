"""The CDK's own floor: the project's benchmark stacks, element for element, on the bare CDK with no project code.

``python benchmarks/apps/raw.py example`` builds what ``main.py`` builds (backend, provider, sensitive variable,
resource, output; attributes from the golden ``tests/app/golden/local.cdk.tf.json``).
``python benchmarks/apps/raw.py many N`` builds what ``many.py N`` builds (N x construct, sensitive variable and
resource; attributes from ``data/many-1.cdk.tf.json`` with its tenant renamed).
Both write into ``CDKTF_OUTDIR`` exactly the bytes the project's apps write (tests/bench checks it), so the
project's case minus this one is what the project itself costs: config, validation, bindings and imports.

After a deliberate change to the construct's output, refresh the data file:
``CDKTF_OUTDIR=out python benchmarks/apps/many.py 1`` and copy ``out/stacks/many/cdk.tf.json`` to
``benchmarks/apps/data/many-1.cdk.tf.json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from constructs import Construct

from pingfederate.engine import cdk

EXAMPLE = Path(__file__).resolve().parents[2] / "tests" / "app" / "golden" / "local.cdk.tf.json"
MANY_1 = Path(__file__).with_name("data") / "many-1.cdk.tf.json"
RESOURCE_TYPE = "pingfederate_idp_sp_connection"
TENANT = "tenant0000"
USAGE = "usage: raw.py example | raw.py many N"


class _Attributes:
    attributes: dict[str, Any]

    def _synthesize_attributes(self) -> dict[str, Any]:
        return self.attributes


class _Resource(_Attributes, cdk.TerraformResource):
    pass


class _Provider(_Attributes, cdk.TerraformProvider):
    pass


class _Stack:
    """A stack with the backend and provider of a golden ``cdk.tf.json``."""

    def __init__(self, app: cdk.App, name: str, golden: dict[str, Any]) -> None:
        self.golden = golden
        required = golden["terraform"]["required_providers"]["pingfederate"]
        self.metadata = cdk.TerraformProviderGeneratorMetadata(provider_name="pingfederate",
                                                               provider_version_constraint=required["version"])
        self.stack = cdk.TerraformStack(app, name)
        cdk.LocalBackend(self.stack, path=golden["terraform"]["backend"]["local"]["path"])
        self.provider = _Provider(self.stack, "pingfederate", terraform_resource_type="pingfederate",
                                  terraform_provider_source=required["source"],
                                  terraform_generator_metadata=self.metadata)
        self.provider.attributes = golden["provider"]["pingfederate"][0]

    def connection(self, construct_id: str, variable: str, description: str, attributes: dict[str, Any],
                   provider: cdk.TerraformProvider | None) -> _Resource:
        scope = Construct(self.stack, construct_id)
        var = cdk.TerraformVariable(scope, variable, type="string", sensitive=True, nullable=False,
                                    description=description)
        var.override_logical_id(variable)
        resource = _Resource(scope, "Resource", terraform_resource_type=RESOURCE_TYPE, provider=provider,
                             lifecycle=cdk.TerraformResourceLifecycle(prevent_destroy=True),
                             terraform_generator_metadata=self.metadata)
        resource.attributes = attributes
        return resource


def _resource_attributes(golden: dict[str, Any]) -> dict[str, Any]:
    resource = next(iter(golden["resource"][RESOURCE_TYPE].values()))
    return {k: v for k, v in resource.items() if k not in ("//", "lifecycle", "provider")}


def _renamed(value: Any, tenant: str) -> Any:
    if isinstance(value, str):
        return value.replace(TENANT, tenant)
    if isinstance(value, dict):
        return {k: _renamed(v, tenant) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, tenant) for v in value]
    return value


def example(app: cdk.App) -> None:
    golden = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    built = _Stack(app, "local", golden)
    variable, variable_json = next(iter(golden["variable"].items()))
    resource = built.connection("code42", variable, variable_json["description"], _resource_attributes(golden),
                                built.provider)
    output_name, output_json = next(iter(golden["output"].items()))
    output = cdk.TerraformOutput(built.stack, output_name, value=resource.get_string_attribute("connection_id"),
                                 description=output_json["description"])
    output.override_logical_id(output_name)


def many(app: cdk.App, count: int) -> None:
    golden = json.loads(MANY_1.read_text(encoding="utf-8"))
    built = _Stack(app, "many", golden)
    variable, variable_json = next(iter(golden["variable"].items()))
    attributes = _resource_attributes(golden)
    for i in range(count):
        tenant = f"tenant{i:04d}"
        built.connection(f"code42-{tenant}", variable.replace(TENANT, tenant),
                         variable_json["description"].replace(TENANT, tenant), _renamed(attributes, tenant), None)


def main(argv: list[str]) -> int:
    app = cdk.App()  # reads CDKTF_OUTDIR
    if argv == ["example"]:
        example(app)
    elif len(argv) == 2 and argv[0] == "many" and argv[1].isdigit():
        many(app, int(argv[1]))
    else:
        print(USAGE, file=sys.stderr)
        return 2
    app.synth()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
