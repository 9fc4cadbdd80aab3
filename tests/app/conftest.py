from __future__ import annotations

from pathlib import Path

from tests.support.fixtures import RunMain

__all__ = ["REPO_ROOT", "RunMain"]

REPO_ROOT = Path(__file__).resolve().parents[2]
