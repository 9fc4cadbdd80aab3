"""The README's "CDKTF or CDK Terrain" section names every change the suite makes to run the README's code
and commands on CDK Terrain (``tests.support.engine.as_user_of_engine``): nothing else changes for a user."""

from __future__ import annotations

from pathlib import Path

from tests.real_provider.test_deploy_walkthrough import DEPLOY_LINE, walkthrough_lines

REPO_ROOT = Path(__file__).resolve().parents[2]


def _section() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## CDKTF or CDK Terrain\n", 1)[1].split("\n## ", 1)[0]


def test_the_section_shows_the_import_a_cdk_terrain_user_writes() -> None:
    assert "import cdktn as cdktf" in _section()


def test_the_section_shows_the_deploy_line_of_the_walkthrough_for_cdk_terrain() -> None:
    deploy = next(line for line in walkthrough_lines() if line.startswith(DEPLOY_LINE))
    assert deploy.replace("npx cdktf ", "npx cdktn ") in _section()


def test_the_section_names_the_package_and_cli_of_each_engine_and_the_versions_tested() -> None:
    section = _section()
    for name in ("code42-scim[cdktf]", "code42-scim[cdktn]", "cdktf-cli", "cdktn-cli", "CODE42_SCIM_CDK_ENGINE",
                 "0.21.0", "0.24.0", "Node 22"):
        assert name in section, name
