"""Provider block, version constraint, escape hatch and HCL output of the bindings."""

from __future__ import annotations

import json
from typing import Any

import pytest

from code42_scim import Code42ScimConnection
from pingfederate.engine import cdk
from pingfederate.provider import PingfederateProvider

from .conftest import connection_kwargs


def _stack() -> cdk.TerraformStack:
    return cdk.TerraformStack(cdk.Testing.app(), "test")


def _doc(stack: cdk.TerraformStack) -> dict[str, Any]:
    return json.loads(cdk.Testing.synth(stack))  # type: ignore[no-any-return]


AUTH_MIXES: list[dict[str, Any]] = [
    {"username": "a", "access_token": "${var.t}"},
    {"password": "${var.p}", "client_id": "c"},
    {"client_id": "c", "client_secret": "${var.s}", "token_url": "https://t", "access_token": "${var.t}"},
]


@pytest.mark.parametrize("auth", AUTH_MIXES, ids=["basic+token", "basic+oauth", "oauth+token"])
def test_provider_auth_modes_are_mutually_exclusive(auth: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="mutually exclusive"):
        PingfederateProvider(_stack(), "pf", https_host="https://pf:9999", **auth)


def test_provider_emits_what_was_set_and_nothing_else() -> None:
    stack = _stack()
    PingfederateProvider(stack, "pf", https_host="https://pf:9999", product_version="12.1",
                         ca_certificate_pem_files=["ca.pem"], username="administrator", password="${var.pw}")
    assert _doc(stack)["provider"]["pingfederate"] == [{
        "https_host": "https://pf:9999", "product_version": "12.1", "ca_certificate_pem_files": ["ca.pem"],
        "username": "administrator", "password": "${var.pw}"}]


def test_without_a_product_version_the_provider_constraint_is_1_2_up_to_2() -> None:
    stack = _stack()
    PingfederateProvider(stack, "pf", https_host="https://pf:9999")
    assert _doc(stack)["terraform"]["required_providers"]["pingfederate"] == {
        "source": "pingidentity/pingfederate", "version": ">= 1.2, < 2.0"}


def test_with_a_product_version_the_provider_constraint_admits_only_releases_that_accept_it() -> None:
    stack = _stack()
    PingfederateProvider(stack, "pf", https_host="https://pf:9999", product_version="12.1")
    assert _doc(stack)["terraform"]["required_providers"]["pingfederate"]["version"] == ">= 1.2.0, < 1.9.0"


def test_provider_version_constraint_can_be_overridden() -> None:
    stack = _stack()
    PingfederateProvider(stack, "pf", https_host="https://pf:9999", version_constraint="~> 1.9")
    assert _doc(stack)["terraform"]["required_providers"]["pingfederate"]["version"] == "~> 1.9"


def test_the_resource_is_a_stable_child_usable_as_escape_hatch() -> None:
    stack = _stack()
    conn = Code42ScimConnection(stack, "code42", **connection_kwargs())
    assert conn.node.find_child("Resource") is conn.resource
    conn.resource.add_override("logging_mode", "FULL")
    body = next(iter(_doc(stack)["resource"]["pingfederate_idp_sp_connection"].values()))
    assert body["logging_mode"] == "FULL"


def test_weakened_default_warning_reaches_the_construct_annotations() -> None:
    stack = _stack()
    conn = Code42ScimConnection(stack, "code42", **connection_kwargs(prevent_destroy=False))
    messages = [m.data for m in conn.node.metadata if m.type == "@cdktf/warn"]
    assert any("prevent_destroy" in str(m) for m in messages)


def test_props_and_constructor_keywords_stay_in_step() -> None:
    import dataclasses
    import inspect

    from code42_scim import Code42ScimConnectionProps

    keywords = set(inspect.signature(Code42ScimConnection.__init__).parameters) - {"self", "scope", "id", "provider"}
    assert keywords == {f.name for f in dataclasses.fields(Code42ScimConnectionProps)}
