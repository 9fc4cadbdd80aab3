"""Every provider version in the mirror: a stack whose product_version that release accepts and whose
version constraint admits exactly that release applies to a pf-local reporting that PingFederate version
and re-plans clean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pingfederate.versions import PROVIDER_RELEASES
from tests.real_provider.conftest import DEPLOY_TIMEOUT, Deployment, deployed_environment
from tests.support.config import connection, environment, write_config
from tests.support.fixtures import synth_main
from tests.support.terraform import mirror_versions, requires_provider

pytestmark = [requires_provider, pytest.mark.slow, pytest.mark.timeout(DEPLOY_TIMEOUT)]


def newest_product_version(provider_version: str) -> str:
    """The newest PingFederate major.minor the given provider release accepts (from the support matrix)."""
    wanted = tuple(int(x) for x in provider_version.split("."))
    release = next(r for r in PROVIDER_RELEASES if r.version == wanted)
    major, minor = max(release.product_versions)
    return f"{major}.{minor}"


@pytest.fixture(scope="module", params=mirror_versions() or ["(none)"])
def pinned(request: pytest.FixtureRequest, plugin_cache: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Deployment]]:
    version: str = request.param
    product_version = newest_product_version(version)
    tmp = tmp_path_factory.mktemp(f"provider-{version}")
    config = write_config(tmp / "pinned.toml", pinned=environment(
        product_version=product_version, provider_version=f"= {version}",
        connections=[connection(connection_id="code42-pinned")]))
    out = synth_main(tmp / "cdktf.out", config=config)
    with deployed_environment(config, out, "pinned", tmp, plugin_cache, version=f"{product_version}.0.0") as deployment:
        yield version, product_version, deployment


def test_the_stack_pins_exactly_the_mirrored_provider_release(pinned: tuple[str, str, Deployment]) -> None:
    version, _, deployment = pinned
    assert deployment.doc["terraform"]["required_providers"]["pingfederate"]["version"] == f"= {version}"


def test_the_stack_declares_a_product_version_that_release_accepts(pinned: tuple[str, str, Deployment]) -> None:
    _, product_version, deployment = pinned
    assert deployment.doc["provider"]["pingfederate"][0]["product_version"] == product_version


def test_pf_local_reports_the_pingfederate_version_the_stack_declares(pinned: tuple[str, str, Deployment]) -> None:
    _, product_version, deployment = pinned
    reported = deployment.pf.session().get(f"{deployment.pf.api_url}/version", timeout=10).json()["version"]
    assert reported.startswith(f"{product_version}.")


def test_terraform_installed_the_pinned_release(pinned: tuple[str, str, Deployment]) -> None:
    version, _, deployment = pinned
    assert f"provider registry.terraform.io/pingidentity/pingfederate v{version}" in deployment.tf.run(
        "version").output


def test_the_pinned_stack_replans_clean_after_apply(pinned: tuple[str, str, Deployment]) -> None:
    assert pinned[2].replan.returncode == 0, pinned[2].replan.output
