"""cdktf app: one stack per environment of the reviewed config file (``code42-scim.toml``).

Run by ``cdktf synth`` / ``cdktf deploy`` (see cdktf.json) or directly with ``python main.py``.
``CODE42_SCIM_CONFIG`` picks another config file; ``CODE42_SCIM_ENVIRONMENTS`` (comma-separated)
synthesizes only some environments. Secrets are never read here: Terraform reads them from
``TF_VAR_*`` at plan/apply time.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from code42_scim import Code42ScimError
from pingfederate.engine import EngineNotFoundError
from pingfederate.errors import BindingError


def main() -> int:
    config = os.environ.get("CODE42_SCIM_CONFIG", str(Path(__file__).with_name("code42-scim.toml")))
    selected = [e.strip() for e in os.environ.get("CODE42_SCIM_ENVIRONMENTS", "").split(",") if e.strip()]
    try:
        from code42_scim import build_app  # imports the CDK engine (pingfederate.engine), which may be missing

        build_app(config, environments=selected or None).synth()
    except (Code42ScimError, BindingError, EngineNotFoundError) as exc:
        # Every error of the project is reported as its message, never as a traceback.
        print(f"main.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
