"""Import floor: the CDK engine alone (``import cdktf``, or ``cdktn`` on CDK Terrain: node + jsii kernel
start-up), nothing constructed. It is imported through ``pingfederate.engine`` like everything else, which
adds only that small module (``pingfederate`` itself imports no engine)."""

from __future__ import annotations

from pingfederate.engine import cdk  # noqa: F401
