from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from code42_scim import Code42ScimConnection, LdapChannel
from pingfederate.engine import cdk


def ad_channel(**overrides: Any) -> LdapChannel:
    values: dict[str, Any] = {"name": "AD users", "data_store_id": "LDAP-AD", "base_dn": "OU=Users,DC=example,DC=com"}
    values.update(overrides)
    return LdapChannel(**values)


def connection_kwargs(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "connection_id": "code42-scim",
        "scim_url": "https://console.us.code42.com/api/v22/scim/tenant/v2",
        "channels": [ad_channel()],
    }
    values.update(overrides)
    return values


SynthFn = Callable[..., dict[str, Any]]


@pytest.fixture
def synth() -> SynthFn:
    """Build one Code42ScimConnection in a fresh stack and return the stack's Terraform JSON."""

    def _synth(**overrides: Any) -> dict[str, Any]:
        app = cdk.Testing.app()
        stack = cdk.TerraformStack(app, "test")
        Code42ScimConnection(stack, "code42", **connection_kwargs(**overrides))
        result: dict[str, Any] = json.loads(cdk.Testing.synth(stack))
        return result

    return _synth


def the_connection(doc: dict[str, Any]) -> dict[str, Any]:
    resources = doc["resource"]["pingfederate_idp_sp_connection"]
    assert len(resources) == 1
    connection: dict[str, Any] = next(iter(resources.values()))
    return connection


def settings(doc: dict[str, Any]) -> dict[str, str]:
    return {s["name"]: s["value"] for s in the_connection(doc)["outbound_provision"]["target_settings"]}
