"""The bindings against the vendored provider schema (the contract): names, types, nesting, required."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, get_type_hints

import pytest

from code42_scim import Code42ScimConnection
from pingfederate import idp_sp_connection as conn_mod
from pingfederate._struct import Struct
from pingfederate.data_pingfederate_data_store import DataPingfederateDataStore
from pingfederate.engine import cdk
from pingfederate.provider import PingfederateProviderConfig
from pingfederate.schema import check_attributes, provider_attributes, resource_attributes

from .conftest import ad_channel, connection_kwargs

COMPUTED_ONLY = {"id", "creation_date", "target_settings_all", "attribute_mapping_all"}
META_KEYS = {"//", "lifecycle", "provider", "depends_on", "count", "for_each"}


def _unwrap(hint: Any) -> Any:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return _unwrap(args[0])
    return hint


def _walk(cls: type, attributes: dict[str, Any], path: str) -> list[str]:
    """Every field of a binding struct must be a schema attribute of matching kind, never computed-only."""
    problems = []
    hints = get_type_hints(cls)
    for f in dataclasses.fields(cls):
        where = f"{path}.{f.name}"
        spec = attributes.get(f.name)
        if spec is None:
            problems.append(f"{where}: not in schema")
            continue
        if spec.get("computed") and not (spec.get("optional") or spec.get("required")):
            problems.append(f"{where}: computed-only attribute is settable")
        required_in_binding = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if bool(spec.get("required")) != required_in_binding:
            problems.append(f"{where}: schema required={spec.get('required', False)}, binding {required_in_binding}")
        hint = _unwrap(hints[f.name])
        nested = spec.get("nested_type")
        origin = typing.get_origin(hint)
        if nested is None:
            continue
        mode = nested["nesting_mode"]
        if mode == "single" and isinstance(hint, type) and issubclass(hint, Struct):
            problems += _walk(hint, nested["attributes"], where)
        elif mode in ("list", "set") and origin in (Sequence, list, tuple, typing.Sequence):
            problems += _walk(typing.get_args(hint)[0], nested["attributes"], where)
        elif mode == "map" and origin in (Mapping, typing.Mapping, dict):
            problems += _walk(typing.get_args(hint)[1], nested["attributes"], where)
        elif hint in (Mapping[str, Any],) or origin in (Mapping, typing.Mapping):
            continue  # untyped passthrough (SAML/WS-Trust subtrees): checked on emitted JSON instead
        else:
            problems.append(f"{where}: nesting {mode} does not match binding type {hint}")
    return problems


def test_every_connection_binding_field_exists_in_the_schema_with_the_right_nesting() -> None:
    assert _walk(conn_mod.IdpSpConnectionConfig, resource_attributes("pingfederate_idp_sp_connection"),
                 "idp_sp_connection") == []


def test_bindings_cover_every_configurable_top_level_attribute() -> None:
    configurable = {k for k, v in resource_attributes("pingfederate_idp_sp_connection").items()
                    if v.get("optional") or v.get("required")}
    assert {f.name for f in dataclasses.fields(conn_mod.IdpSpConnectionConfig)} == configurable


def test_bindings_cover_the_whole_outbound_provision_subtree() -> None:
    def names(attributes: dict[str, Any]) -> set[str]:
        out = set()
        for k, v in attributes.items():
            if v.get("optional") or v.get("required"):
                out.add(k)
                if "nested_type" in v:
                    out |= {f"{k}.{n}" for n in names(v["nested_type"]["attributes"])}
        return out

    def fields_of(cls: type) -> set[str]:
        out = set()
        hints = get_type_hints(cls)
        for f in dataclasses.fields(cls):
            out.add(f.name)
            hint = _unwrap(hints[f.name])
            inner = typing.get_args(hint)[0] if typing.get_origin(hint) in (Sequence, typing.Sequence) else hint
            if isinstance(inner, type) and issubclass(inner, Struct):
                out |= {f"{f.name}.{n}" for n in fields_of(inner)}
        return out

    schema = resource_attributes("pingfederate_idp_sp_connection")["outbound_provision"]["nested_type"]["attributes"]
    assert fields_of(conn_mod.IdpSpConnectionOutboundProvision) == names(schema)


def test_provider_binding_has_all_13_attributes_of_the_schema() -> None:
    fields = {f.name for f in dataclasses.fields(PingfederateProviderConfig)}
    assert fields == set(provider_attributes())
    assert len(fields) == 13


def _synth_full() -> dict[str, Any]:
    stack = cdk.TerraformStack(cdk.Testing.app(), "test")
    Code42ScimConnection(stack, "code42", **connection_kwargs(channels=[ad_channel(look_up_data_store=True,
                                                                                  user_group_dn="CN=G,DC=x")]))
    return json.loads(cdk.Testing.synth(stack))  # type: ignore[no-any-return]


def test_synthesized_connection_conforms_to_the_schema() -> None:
    for body in _synth_full()["resource"]["pingfederate_idp_sp_connection"].values():
        attrs = {k: v for k, v in body.items() if k not in META_KEYS}
        assert check_attributes(resource_attributes("pingfederate_idp_sp_connection"), attrs) == []


def test_computed_only_attributes_are_never_emitted() -> None:
    for body in _synth_full()["resource"]["pingfederate_idp_sp_connection"].values():
        outbound = body["outbound_provision"]
        emitted = set(body) | set(outbound) | {k for ch in outbound["channels"] for k in ch}
        assert emitted & COMPUTED_ONLY == set()


def test_data_store_lookup_conforms_to_the_data_source_schema() -> None:
    from pingfederate.schema import data_source_attributes

    for body in _synth_full()["data"]["pingfederate_data_store"].values():
        attrs = {k: v for k, v in body.items() if k not in META_KEYS}
        assert check_attributes(data_source_attributes("pingfederate_data_store"), attrs) == []


CHECKER_CASES = [
    ({"connection_id": "a", "entity_id": "b", "name": "c", "bogus": 1}, "bogus: not an attribute"),
    ({"connection_id": "a", "entity_id": "b"}, "name: required attribute missing"),
    ({"connection_id": "a", "entity_id": "b", "name": "c", "active": "yes"}, "active: 'yes' is not of type bool"),
    ({"connection_id": "a", "entity_id": "b", "name": "c", "id": "x"}, "id: computed-only"),
]


@pytest.mark.parametrize(("body", "expected"), CHECKER_CASES, ids=[c[1] for c in CHECKER_CASES])
def test_the_schema_checker_can_fail(body: dict[str, Any], expected: str) -> None:
    problems = check_attributes(resource_attributes("pingfederate_idp_sp_connection"), body)
    assert any(expected in p for p in problems), problems


def test_data_source_binding_emits_only_the_required_id() -> None:
    stack = cdk.TerraformStack(cdk.Testing.app(), "test")
    DataPingfederateDataStore(stack, "ds", data_store_id="LDAP-AD")
    doc = json.loads(cdk.Testing.synth(stack))
    body = doc["data"]["pingfederate_data_store"]["ds"]
    assert {k: v for k, v in body.items() if k != "//"} == {"data_store_id": "LDAP-AD"}
