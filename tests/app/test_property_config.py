"""Random config values: the app synthesizes JSON the real provider accepts, or fails with our own error.

``main.py`` turns every ``Code42ScimError`` into one line on stderr; anything else would be a traceback.
So the property is: building and synthesizing the app from a mutated config either succeeds — and then
every stack passes the provider rules table and, in one batch, real ``terraform validate`` — or raises
a ``Code42ScimError`` whose text carries none of the secret values planted in the file.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from code42_scim import Code42ScimError, build_app
from pingfederate import rules
from tests.support.terraform import Terraform, requires_provider, validation_errors

SECRET = "PLANTED-SECRET-value-42"

BASE: dict[str, Any] = {
    "environments": {
        "prod": {
            "pingfederate": {"https_host": "https://pf.example.com:9999", "product_version": "12.1"},
            "connections": [{
                "id": "code42",
                "connection_id": "code42-scim",
                "scim_url": "https://console.us.code42.com/api/v22/scim-user-provisioning/t/v2",
                "channels": [{
                    "name": "AD users",
                    "data_store_id": "LDAP-AD",
                    "base_dn": "OU=Users,DC=example,DC=com",
                    "user_filter": "(objectClass=user)",
                    "attribute_mapping": {"manager": {"attribute_names": ["c42Manager"]}},
                }],
            }],
        }
    }
}
PF = ("environments", "prod", "pingfederate")
CONN = ("environments", "prod", "connections", 0)
CHANNEL = (*CONN, "channels", 0)
MAPPING = (*CHANNEL, "attribute_mapping", "manager")
PATHS: list[tuple[Any, ...]] = [
    *((*PF, k) for k in ("https_host", "product_version", "admin_api_path", "insecure_trust_all_tls",
                          "ca_certificate_pem_files", "provider_version", "x_bypass_external_validation_header")),
    *((*CONN, k) for k in ("id", "connection_id", "scim_url", "name", "entity_id", "active", "auth_method",
                            "remove_user_action", "scim_version", "unique_user_identifier", "create_users",
                            "prevent_destroy", "channels", "connector_descriptor")),
    *((*CHANNEL, k) for k in ("name", "data_store_id", "base_dn", "user_filter", "user_group_dn", "preset",
                               "max_threads", "timeout", "active", "guid_binary", "changed_users_algorithm",
                               "flag_comparison_value", "attribute_mapping")),
    *((*MAPPING, k) for k in ("attribute_names", "expression", "default_value", "parser", "trim")),
    ("environments",), ("environments", "prod"), ("environments", "prod", "connections"),
]
SECRET_KEYS = ("access_token", "basic_password", "password", "client_secret", "token")

scalars = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "x\ny", "tab\there", "CN=a\\, b,DC=x", "(a=b)(c=d)", "http://pf:9999",
                     "https://u:p@pf:9999", "12.1", "10.3", "~> 1.9", "Delete", "basic", "NONE", "LDAP-AD",
                     "OU=Users,DC=example,DC=com", "${var.x}", "ü", "../../etc/passwd"]),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(min_size=1, max_size=6), inner,
                                                                        max_size=3)), max_leaves=6)
# Values a user could mean for each key: about half the mutations keep the config valid.
PLAUSIBLE: dict[str, list[Any]] = {
    "https_host": ["https://pf2.example.com:9031"], "product_version": ["11.3", "12.0.4"],
    "admin_api_path": ["/pf-admin-api/v1"], "ca_certificate_pem_files": [["ca.pem"]],
    "provider_version": [">= 1.2.0, < 1.6.0", "1.2.0"], "id": ["code42-eu"], "connection_id": ["c42.eu_1"],
    "scim_url": ["https://console.ie.code42.com/api/v22/scim-user-provisioning/x/v2"], "name": ["Code42 EU"],
    "entity_id": ["code42-eu"], "auth_method": ["basic"], "remove_user_action": ["Disable"],
    "unique_user_identifier": ["workEmail"], "data_store_id": ["LDAP-PD"], "base_dn": ["ou=people,dc=example,dc=com"],
    "user_filter": ["(&(objectClass=user)(mail=*))"], "user_group_dn": ["CN=Code42,OU=Groups,DC=example,DC=com"],
    "preset": ["ping_directory"], "max_threads": [4], "timeout": [120], "changed_users_algorithm": ["TIMESTAMP"],
    "flag_comparison_value": ["true"], "attribute_names": [["employeeNumber"]], "expression": ["#this.get('mail')"],
    "default_value": ["n/a"], "parser": ["EXTRACT_CN_FROM_DN"],
}
DELETE = object()


def _mutation(path: tuple[Any, ...]) -> st.SearchStrategy[tuple[tuple[Any, ...], Any]]:
    plausible = PLAUSIBLE.get(str(path[-1]), [])
    choices = st.one_of(st.sampled_from([*plausible, DELETE]), st.booleans(), values) if plausible else \
        st.one_of(st.just(DELETE), st.booleans(), values)
    return st.tuples(st.just(path), choices)


mutations = st.lists(st.sampled_from(PATHS).flatmap(_mutation), max_size=3)
planted = st.lists(st.tuples(st.sampled_from([CONN, CHANNEL, PF]), st.sampled_from(SECRET_KEYS)), max_size=2)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) and ("." in repr(value) or "e" in repr(value)) else f"{value}.0"
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"


def _has(node: Any, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and isinstance(key, int) and key < len(node)


def _apply(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    node: Any = doc
    for key in path[:-1]:
        if not _has(node, key):
            return  # an earlier mutation replaced this branch
        node = node[key]
    if isinstance(node, dict) and value is DELETE:
        node.pop(path[-1], None)
    elif isinstance(node, dict) or (_has(node, path[-1]) and value is not DELETE):
        node[path[-1]] = value


def _write(tmp: Path, doc: dict[str, Any]) -> Path:
    path = tmp / "code42-scim.toml"
    path.write_text(f"environments = {_toml_value(doc['environments'])}\n" if "environments" in doc else "",
                    encoding="utf-8")
    return path


def _synthesize(tmp: Path, changes: list[tuple[tuple[Any, ...], Any]],
                secrets: list[tuple[tuple[Any, ...], str]]) -> list[dict[str, Any]]:
    """The stacks' JSON, or [] when the app refused the config with a Code42ScimError (checked here)."""
    doc = copy.deepcopy(BASE)
    for path, value in changes:
        _apply(doc, path, value)
    for path, key in secrets:
        _apply(doc, (*path, key), SECRET)
    config = _write(tmp, doc)
    out = tmp / "out"
    try:
        build_app(config, outdir=str(out)).synth()
    except Code42ScimError as error:
        assert SECRET not in str(error)
        assert "Traceback" not in str(error)
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("stacks/*/cdk.tf.json"))]


def _run(tmp_path_factory: pytest.TempPathFactory, keep: list[dict[str, Any]]) -> None:
    @settings(max_examples=150, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mutations, planted)
    def check(changes: list[tuple[tuple[Any, ...], Any]], secrets: list[tuple[tuple[Any, ...], str]]) -> None:
        for stack in _synthesize(tmp_path_factory.mktemp("cfg"), changes, secrets):
            text = json.dumps(stack)
            assert SECRET not in text
            for resource in stack.get("resource", {}).get("pingfederate_idp_sp_connection", {}).values():
                body = {k: v for k, v in resource.items() if k not in ("//", "lifecycle", "provider")}
                assert rules.check("pingfederate_idp_sp_connection", body) == []
            keep.append(stack)

    check()


def test_random_config_values_give_provider_valid_json_or_a_project_error(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    kept: list[dict[str, Any]] = []
    _run(tmp_path_factory, kept)
    assert kept, "some generated configs must still synthesize, or the property says nothing"


@requires_provider
@pytest.mark.slow
def test_every_config_the_app_accepted_passes_real_terraform_validate(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    kept: list[dict[str, Any]] = []
    _run(tmp_path_factory, kept)
    work = tmp_path_factory.mktemp("validate")
    # One working directory: each accepted stack's resources and variables under unique names.
    merged: dict[str, Any] = {"terraform": {"required_providers": {"pingfederate": {
        "source": "pingidentity/pingfederate", "version": "1.2.0"}}},
        "provider": {"pingfederate": [{"https_host": "https://pf.example.com:9999", "product_version": "12.1"}]},
        "variable": {}, "resource": {"pingfederate_idp_sp_connection": {}}}
    for i, stack in enumerate(kept):
        for name, var in stack.get("variable", {}).items():
            merged["variable"][name] = var
        for name, body in stack["resource"]["pingfederate_idp_sp_connection"].items():
            merged["resource"]["pingfederate_idp_sp_connection"][f"s{i}_{name}"] = {
                k: v for k, v in body.items() if k not in ("//", "provider")}
    (work / "main.tf.json").write_text(json.dumps(merged), encoding="utf-8")
    tf = Terraform(work)
    tf.init("-backend=false")
    assert validation_errors(tf.validate()) == []
