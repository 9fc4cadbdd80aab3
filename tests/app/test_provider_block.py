"""The provider block: the version constraint follows product_version, and bad targets fail at synth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from code42_scim import ValidationError, build_app
from tests.support.config import environment, write_config


def _synth(tmp_path: Path, **pingfederate: Any) -> dict[str, object]:
    """Synthesize a one-connection environment whose ``[pingfederate]`` table has ``pingfederate`` applied."""
    target = {"https_host": "https://pf.example.com:9999", "product_version": "12.1", **pingfederate}
    config = write_config(tmp_path / "c.toml", prod=environment(**target))
    build_app(config, outdir=str(tmp_path / "out")).synth()
    doc: dict[str, object] = json.loads((tmp_path / "out" / "stacks" / "prod" / "cdk.tf.json").read_text())
    return doc


def _constraint(doc: dict[str, object]) -> str:
    return doc["terraform"]["required_providers"]["pingfederate"]["version"]  # type: ignore[index,no-any-return]


@pytest.mark.parametrize(("product_version", "constraint"), [
    ("11.2", ">= 1.2.0, < 1.6.0"),
    ("12.1", ">= 1.2.0, < 1.9.0"),
    ("12.1.3", ">= 1.2.0, < 1.9.0"),
    ("12.2", ">= 1.3.0, < 2.0.0"),
    ("13.0", ">= 1.7.0, < 2.0.0"),
    ("13.1", ">= 1.9.0, < 2.0.0"),
])
def test_the_provider_constraint_admits_only_releases_that_accept_the_pingfederate_version(
    tmp_path: Path, product_version: str, constraint: str
) -> None:
    assert _constraint(_synth(tmp_path, product_version=product_version)) == constraint


def test_an_explicit_provider_version_wins(tmp_path: Path) -> None:
    assert _constraint(_synth(tmp_path, provider_version="~> 1.8.0")) == "~> 1.8.0"


BAD_TARGETS: list[tuple[str, dict[str, Any], str, str]] = [
    ("a PingFederate no release supports", {"product_version": "10.3"}, "product_version", "no release"),
    ("a version that is not x.y", {"product_version": "twelve"}, "product_version", "x.y or x.y.z"),
    ("a number instead of a string", {"product_version": 12.1}, "product_version", "expected a string"),
    ("a constraint ruling out the version", {"provider_version": "~> 1.9"}, "provider_version",
     "accepts PingFederate 12.1"),
    ("a constraint admitting no release", {"provider_version": ">= 3.0"}, "provider_version", "admits no known"),
    ("plain http", {"https_host": "http://pf.example.com:9999"}, "https_host", "https://"),
    ("credentials in the host", {"https_host": "https://admin:pw@pf.example.com:9999"}, "https_host",
     "credentials"),
    ("a port as a number", {"https_host": 9999}, "https_host", "expected a string"),
    ("a trailing newline", {"https_host": "https://pf.example.com:9999\n"}, "https_host", "control character"),
    ("a string for a boolean", {"insecure_trust_all_tls": "yes"}, "insecure_trust_all_tls", "True or False"),
    ("a string for the CA file list", {"ca_certificate_pem_files": "ca.pem"}, "ca_certificate_pem_files",
     "list of strings"),
]


@pytest.mark.parametrize(("case", "kwargs", "field", "reason"), BAD_TARGETS, ids=[c[0] for c in BAD_TARGETS])
def test_a_bad_pingfederate_target_fails_at_synth(tmp_path: Path, case: str, kwargs: dict[str, Any], field: str,
                                                  reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        _synth(tmp_path, **kwargs)
    assert [p.field for p in info.value.problems] == [f"pingfederate.{field}"]
    assert reason in str(info.value)
    assert not (tmp_path / "out" / "stacks" / "prod" / "cdk.tf.json").exists()


def test_credentials_in_the_host_are_not_echoed(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        _synth(tmp_path, https_host="https://admin:Hunter2pw@pf.example.com:9999")
    assert "Hunter2pw" not in str(info.value)
