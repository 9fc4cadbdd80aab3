"""The CDK's own floor for the example: the example's stack, element for element, on the bare CDK engine.

Backend, provider, sensitive variable, resource and output are built exactly as ``main.py`` builds them
(same construct ids, same attributes, read from the checked-in golden ``cdk.tf.json``) but without any of
the project's code: no config file, no validation, no bindings. ``python main.py`` minus this case is what
the project itself costs for one connection; this case over the bare app is what cdktf needs for that stack.
A test (``tests/bench``) checks that both write the same stack.

Usage: ``python benchmarks/apps/raw_example.py`` (writes into ``CDKTF_OUTDIR``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from constructs import Construct

from pingfederate.engine import cdk

GOLDEN = Path(__file__).resolve().parents[2] / "tests" / "app" / "golden" / "local.cdk.tf.json"
RESOURCE_TYPE = "pingfederate_idp_sp_connection"


class _Attributes:
    attributes: dict[str, Any]

    def _synthesize_attributes(self) -> dict[str, Any]:
        return self.attributes


class _Resource(_Attributes, cdk.TerraformResource):
    pass


class _Provider(_Attributes, cdk.TerraformProvider):
    pass


def main() -> int:
    stack_json = json.loads(GOLDEN.read_text(encoding="utf-8"))
    resource_json = next(iter(stack_json["resource"][RESOURCE_TYPE].values()))
    required = stack_json["terraform"]["required_providers"]["pingfederate"]
    variable_name, variable_json = next(iter(stack_json["variable"].items()))
    output_name, output_json = next(iter(stack_json["output"].items()))

    app = cdk.App()
    stack = cdk.TerraformStack(app, "local")
    cdk.LocalBackend(stack, path=stack_json["terraform"]["backend"]["local"]["path"])
    provider = _Provider(stack, "pingfederate", terraform_resource_type="pingfederate",
                         terraform_provider_source=required["source"],
                         terraform_generator_metadata=cdk.TerraformProviderGeneratorMetadata(
                             provider_name="pingfederate", provider_version_constraint=required["version"]))
    provider.attributes = stack_json["provider"]["pingfederate"][0]
    connection = Construct(stack, "code42")
    variable = cdk.TerraformVariable(connection, variable_name, type=variable_json["type"], sensitive=True,
                                     nullable=False, description=variable_json["description"])
    variable.override_logical_id(variable_name)
    resource = _Resource(connection, "Resource", terraform_resource_type=RESOURCE_TYPE, provider=provider,
                         lifecycle=cdk.TerraformResourceLifecycle(prevent_destroy=True),
                         terraform_generator_metadata=cdk.TerraformProviderGeneratorMetadata(
                             provider_name="pingfederate", provider_version_constraint=required["version"]))
    resource.attributes = {k: v for k, v in resource_json.items() if k not in ("//", "lifecycle", "provider")}
    output = cdk.TerraformOutput(stack, output_name, value=resource.get_string_attribute("connection_id"),
                                 description=output_json["description"])
    output.override_logical_id(output_name)
    app.synth()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
