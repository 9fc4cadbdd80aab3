"""CDKTF's own per-element floor: N x (construct + sensitive variable + resource with no attributes).

A Code42 connection is, to cdktf, exactly these three elements; this app has them without any of the
project's code or attributes, so the gap between it and ``many.py N`` is what the project itself costs.
Usage: ``python benchmarks/apps/elements.py N`` (writes into ``CDKTF_OUTDIR``).
"""

from __future__ import annotations

import sys

from constructs import Construct

from pingfederate.engine import cdk


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isdigit():
        print("usage: elements.py N", file=sys.stderr)
        return 2
    app = cdk.App()
    stack = cdk.TerraformStack(app, "elements")
    cdk.LocalBackend(stack, path="terraform.elements.tfstate")
    for i in range(int(argv[0])):
        scope = Construct(stack, f"c{i}")
        variable = cdk.TerraformVariable(scope, "secret", type="string", sensitive=True)
        variable.override_logical_id(f"secret_{i}")
        cdk.TerraformResource(scope, "Resource", terraform_resource_type="null_resource")
    app.synth()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
