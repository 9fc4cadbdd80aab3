"""The CDK engine this test run uses (``pingfederate.engine``: ``CODE42_SCIM_CDK_ENGINE``, else cdktf) and what
depends on it: the CLI to run (``benchmarks.cdk_cli``) and the golden files (one per engine: the engine's own
version is in every ``cdk.tf.json``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from benchmarks import cdk_cli

from pingfederate.engine import CLI_COMMAND, CLI_PACKAGE, engine_name

ENGINE = engine_name()
CLI = cdk_cli.command(ENGINE)
CLI_NAME = CLI_COMMAND[ENGINE]
CLI_INSTALLED = cdk_cli.installed(ENGINE)
CLI_MISSING = f"{CLI_PACKAGE[ENGINE]} is not installed in node_modules (run `make setup`: npm ci)"


def golden(path: Path) -> Path:
    """The engine's version of a golden file: ``path`` itself for cdktf, ``<engine>.<name>`` beside it else."""
    return path if ENGINE == "cdktf" else path.with_name(f"{ENGINE}.{path.name}")


def cli_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's) for running the engine's CLI: this venv's python first on PATH (the CLI
    runs ``python main.py``), and for cdktn the Node 22 it needs, so a bare ``npx cdktn`` works too."""
    env = dict(os.environ if env is None else env)
    env["PATH"] = cdk_cli.path_with_node(ENGINE, f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    return env


def as_user_of_engine(text: str) -> str:
    """README code or shell lines as a user of this run's engine writes them, by the README's "CDKTF or CDK
    Terrain" section: ``import cdktf`` becomes ``import cdktn as cdktf``, ``npx cdktf`` becomes ``npx cdktn``."""
    if ENGINE == "cdktf":
        return text
    return text.replace("import cdktf\n", f"import {ENGINE} as cdktf\n").replace("npx cdktf ", f"npx {CLI_NAME} ")
