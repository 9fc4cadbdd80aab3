"""Suite-wide environment: the CDKTF traps from NOTES §5, set before anything imports cdktf."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("CHECKPOINT_DISABLE", "1")
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
if not Path(os.environ.get("TF_CLI_CONFIG_FILE", "/nonexistent")).is_file():
    _cfg = Path(tempfile.gettempdir()) / "code42-scim-tests.tfrc"
    _cfg.touch()
    os.environ["TF_CLI_CONFIG_FILE"] = str(_cfg)

pytest_plugins = ["tests.support.fixtures"]


def pytest_report_header() -> str:
    """Which CDK engine this run builds on (``make test`` runs the suite once per engine)."""
    from pingfederate.engine import ENV_VAR, engine_name

    return f"CDK engine: {engine_name()} ({ENV_VAR}={os.environ.get(ENV_VAR, '(unset)')})"
