"""The synth-time rules table and the real provider agree: every value the table refuses, terraform refuses.

Each case takes the example connection as synthesized, breaks one rule of the table on one emitted path,
and checks both sides: ``pingfederate.rules.check`` reports it, and real ``terraform validate`` rejects
it. All cases share one working directory (one file per case), so the provider starts once.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from pingfederate import rules
from tests.support.fixtures import RunMain
from tests.support.terraform import Terraform, requires_provider

pytestmark = [requires_provider, pytest.mark.slow]


def _set(doc: dict[str, Any], concrete: str, value: Any) -> None:
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", concrete)
    node: Any = doc
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    node[parts[-1]] = value


def _walk(value: Any, path: str, concrete: str) -> Iterator[tuple[str, str, Any]]:
    """(pattern path, concrete path, value) for every attribute below ``value``."""
    if isinstance(value, Mapping):
        for key, child in value.items():
            if key == "//":
                continue  # cdktf metadata
            yield from _walk(child, f"{path}.{key}" if path else key, f"{concrete}.{key}" if concrete else key)
    if isinstance(value, list):
        for i, child in enumerate(value):
            if isinstance(child, Mapping):
                yield from _walk(child, f"{path}[]", f"{concrete}[{i}]")
    if path:
        yield path, concrete, value


def _concrete_paths(doc: dict[str, Any], pattern: str) -> list[str]:
    return [c for p, c, _ in _walk(doc, "", "") if p == pattern]


def _violation(rule: rules.Rule) -> Any:
    """A value that breaks ``rule`` (None: the rule is not broken by a single value)."""
    if rule.validator.startswith("LengthAtLeast"):
        return ""
    if rule.validator.startswith("OneOf"):
        return rule.validator[len("OneOf("):].split(",")[0].strip().lower()
    if rule.validator == "PingFederateId":
        return "code42 scim"
    if rule.validator.startswith("UniqueValues"):
        return ["mail", "mail"]
    return None


def _resource_cases(resource: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    cases = []
    for rule in rules.rules_for("pingfederate_idp_sp_connection"):
        bad = _violation(rule)
        paths = _concrete_paths(resource, rule.path)
        if bad is None or not paths:
            continue
        broken = copy.deepcopy(resource)
        _set(broken, paths[0], bad)
        cases.append((f"{paths[0]} = {bad!r}", broken))
    both = copy.deepcopy(resource)
    both["outbound_provision"]["target_settings"][0]["encrypted_value"] = "x"
    cases.append(("target_settings[0] with value and encrypted_value", both))
    return cases


PROVIDER_CASES = [
    ("username with access_token", {"username": "u", "password": "p", "access_token": "t"}),
    ("username without password", {"username": "u"}),
    ("client_id without client_secret", {"client_id": "c", "token_url": "https://pf.example.com/token"}),
]


def test_every_rule_the_table_applies_to_emitted_values_is_one_the_real_provider_enforces(
    run_main: RunMain, tmp_path: Path
) -> None:
    doc = json.loads((run_main() / "stacks" / "local" / "cdk.tf.json").read_text(encoding="utf-8"))
    ((_, resource),) = doc["resource"]["pingfederate_idp_sp_connection"].items()
    resource = {k: v for k, v in resource.items() if k not in ("//", "lifecycle", "provider")}
    work = tmp_path / "cases"
    work.mkdir()
    base = {"terraform": doc["terraform"] | {"backend": {"local": {"path": "t.tfstate"}}},
            "variable": doc["variable"], "provider": doc["provider"]}
    (work / "main.tf.json").write_text(json.dumps(base), encoding="utf-8")
    cases = _resource_cases(resource)
    assert len(cases) >= 20, "the example emits most of the table's paths"
    expected: dict[str, str] = {}
    for i, (label, broken) in enumerate(cases):
        assert rules.check("pingfederate_idp_sp_connection", broken), f"the table misses: {label}"
        (work / f"case{i}.tf.json").write_text(json.dumps(
            {"resource": {"pingfederate_idp_sp_connection": {f"case{i}": broken}}}), encoding="utf-8")
        expected[f"case{i}.tf.json"] = label
    for j, (label, block) in enumerate(PROVIDER_CASES):
        assert rules.check("provider", {"https_host": "https://pf:9999", **block}), f"the table misses: {label}"
        # Terraform validates a provider block only when something uses it.
        (work / f"prov{j}.tf.json").write_text(json.dumps(
            {"provider": {"pingfederate": [{"alias": f"p{j}", "https_host": "https://pf:9999",
                                            "product_version": "12.1", **block}]},
             "data": {"pingfederate_data_store": {f"p{j}": {"provider": f"pingfederate.p{j}",
                                                            "data_store_id": "LDAP-AD"}}}}), encoding="utf-8")
        expected[f"prov{j}.tf.json"] = label
    (work / "control.tf.json").write_text(json.dumps(
        {"resource": {"pingfederate_idp_sp_connection": {"control": resource}}}), encoding="utf-8")
    assert rules.check("pingfederate_idp_sp_connection", resource) == []

    tf = Terraform(work)
    tf.init("-backend=false")
    diagnostics = tf.validate().json()["diagnostics"]
    rejected = {d["range"]["filename"] for d in diagnostics if d["severity"] == "error" and "range" in d}
    assert "control.tf.json" not in rejected
    missed = sorted(label for file, label in expected.items() if file not in rejected)
    assert missed == [], f"the real provider accepted what the table refuses: {missed}"
