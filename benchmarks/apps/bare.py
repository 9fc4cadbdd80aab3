"""The floor: a bare CDKTF app with one empty stack, synthesized into ``CDKTF_OUTDIR``.

Whatever this costs is CDKTF's own start-up and synthesis (node + jsii kernel), which the project cannot
change; every other benchmark case is reported as a ratio to it.
"""

from __future__ import annotations

from pingfederate.engine import cdk


def main() -> int:
    app = cdk.App()  # reads CDKTF_OUTDIR like any cdktf app run by `cdktf synth`
    cdk.TerraformStack(app, "bare")
    app.synth()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
