"""Bad input is refused at synth time with the path, field, value and fix, all problems at once."""

from __future__ import annotations

from typing import Any

import pytest

from code42_scim import AuthMethod, Code42ScimConnection, FieldMapping, ValidationError
from pingfederate.engine import cdk

from .conftest import ad_channel, connection_kwargs


def _problems(**overrides: Any) -> ValidationError:
    stack = cdk.TerraformStack(cdk.Testing.app(), "test")
    with pytest.raises(ValidationError) as info:
        Code42ScimConnection(stack, "code42", **connection_kwargs(**overrides))
    return info.value


BAD_INPUTS: list[tuple[str, dict[str, Any], str, str]] = [
    ("empty connection id", {"connection_id": ""}, "connection_id", "must not be empty"),
    ("connection id with a space", {"connection_id": "code 42"}, "connection_id", "letters, digits"),
    ("connection id with a slash", {"connection_id": "code42/scim"}, "connection_id", "letters, digits"),
    ("plain http SCIM URL", {"scim_url": "http://console.us.code42.com/scim"}, "scim_url", "must use https"),
    ("SCIM URL without host", {"scim_url": "https:///scim"}, "scim_url", "not a well-formed URL"),
    ("SCIM URL that is not a URL", {"scim_url": "console.us.code42.com"}, "scim_url", "must use https"),
    ("no credentials", {"declare_secret_variables": False}, "access_token", "no credentials"),
    ("both auth modes", {"basic_password": "${var.p}"}, "basic_password", "both auth modes"),
    ("token with basic auth", {"auth_method": AuthMethod.BASIC, "access_token": "${var.t}"}, "access_token",
     "both auth modes"),
    ("literal token", {"access_token": "s3cr3t-literal"}, "access_token", "literal secret"),
    ("no channel", {"channels": []}, "channels", "no channel"),
    ("duplicate channel names", {"channels": [ad_channel(name="AD"), ad_channel(name="ad")]}, "channels[1].name",
     "duplicates channels[0].name"),
    ("unbalanced LDAP filter", {"channels": [ad_channel(user_filter="(&(objectClass=user)")]},
     "channels[0].user_filter", "not a valid LDAP filter"),
    ("LDAP filter without parentheses", {"channels": [ad_channel(user_filter="objectClass=user")]},
     "channels[0].user_filter", "not a valid LDAP filter"),
    ("two filters side by side", {"channels": [ad_channel(user_filter="(a=b)(c=d)")]},
     "channels[0].user_filter", "missing boolean operator"),
    ("a presence filter without '=*'", {"channels": [ad_channel(user_filter="(objectClass)")]},
     "channels[0].user_filter", "not a valid LDAP filter"),
    ("a trailing newline in the filter", {"channels": [ad_channel(user_filter="(objectClass=user)\n")]},
     "channels[0].user_filter", "control character"),
    ("a group DN that is not a DN", {"channels": [ad_channel(user_group_dn="Code42 users")]},
     "channels[0].user_group_dn", "not a distinguished name"),
    ("a DN with an empty component", {"channels": [ad_channel(base_dn="OU=Users,,DC=example")]},
     "channels[0].base_dn", "not a distinguished name"),
    ("a connection id with a trailing newline", {"connection_id": "code42-scim\n"}, "connection_id",
     "control character"),
    ("a SCIM URL with a tab", {"scim_url": "https://console.us.code42.com/scim\t"}, "scim_url", "control character"),
    ("a SCIM URL with surrounding spaces", {"scim_url": " https://console.us.code42.com/scim "}, "scim_url",
     "leading or trailing spaces"),
    ("a SCIM URL with credentials", {"scim_url": "https://u:pw@console.us.code42.com/scim"}, "scim_url",
     "carries credentials"),
    ("an ESC in the connection name", {"name": "Code42\x1b[31m"}, "name", "control character"),
    ("empty base DN", {"channels": [ad_channel(base_dn="  ")]}, "channels[0].base_dn", "must not be empty"),
    ("base DN that is not a DN", {"channels": [ad_channel(base_dn="users")]}, "channels[0].base_dn",
     "not a distinguished name"),
    ("zero max threads", {"channels": [ad_channel(max_threads=0)]}, "channels[0].max_threads", "at least 1"),
    ("zero timeout", {"channels": [ad_channel(timeout=0)]}, "channels[0].timeout", "at least 1"),
    ("mapping without userName", {"channels": [ad_channel(attribute_mapping={"userName": None})]},
     "channels[0].attribute_mapping", "no 'userName'"),
    ("unknown mapping field", {"channels": [ad_channel(attribute_mapping={"shoeSize": FieldMapping(
        attribute_names=["x"])})]}, "channels[0].attribute_mapping['shoeSize']", "not a field of the connector"),
    ("mapping that maps nothing", {"channels": [ad_channel(attribute_mapping={"title": FieldMapping()})]},
     "channels[0].attribute_mapping['title']", "maps nothing"),
    ("remove action Delete", {"remove_user_action": "Delete"}, "remove_user_action",
     "Code42 does not support the delete option"),
    ("SCIM 1.1", {"scim_version": "1.1"}, "scim_version", "Code42 supports SCIM 2.0 only"),
    ("provision disabled users", {"provision_disabled_users": True}, "provision_disabled_users",
     "disabled source user would be created active"),
    ("unknown unique user identifier", {"unique_user_identifier": "mail"}, "unique_user_identifier",
     "not one of the connector's options"),
    ("missing connector descriptor", {"connector_descriptor": "/nonexistent/descriptor.json"},
     "connector_descriptor", "cannot read connector descriptor"),
]


@pytest.mark.parametrize(("case", "overrides", "field", "message"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_refused_with_field_and_reason(case: str, overrides: dict[str, Any], field: str,
                                                    message: str) -> None:
    error = _problems(**overrides)
    matching = [p for p in error.problems if p.field == field]
    assert matching, f"no problem for {field}: {error}"
    assert message in matching[0].message
    assert matching[0].path == "test/code42"
    assert matching[0].fix


def test_every_problem_is_reported_at_once() -> None:
    error = _problems(connection_id="bad id", scim_url="http://x", channels=[ad_channel(max_threads=0, timeout=0)])
    assert {p.field for p in error.problems} == {"connection_id", "scim_url", "channels[0].max_threads",
                                                 "channels[0].timeout"}
    assert str(error).startswith("4 problem(s)")


def test_the_message_names_path_field_value_and_fix() -> None:
    text = str(_problems(remove_user_action="Delete"))
    assert "test/code42: remove_user_action='Delete': refused: Code42 does not support the delete option" in text
    assert "Fix: use 'Disable'" in text


def test_a_literal_secret_never_appears_in_the_error() -> None:
    error = _problems(access_token="s3cr3t-literal-value", connection_id="")
    assert "s3cr3t-literal-value" not in str(error)
    assert any(p.value == "(secret)" for p in error.problems)


def test_unresolved_tokens_are_skipped_not_rejected() -> None:
    stack = cdk.TerraformStack(cdk.Testing.app(), "test")
    url = cdk.TerraformVariable(stack, "url", type="string").string_value
    base_dn = cdk.TerraformVariable(stack, "dn", type="string").string_value
    conn = Code42ScimConnection(stack, "code42", **connection_kwargs(scim_url=url, channels=[ad_channel(
        base_dn=base_dn, user_filter="${var.filter}")]))
    assert conn.model.channels[0].base_dn == base_dn


def test_a_literal_secret_is_accepted_only_when_explicitly_allowed_and_then_warns() -> None:
    stack = cdk.TerraformStack(cdk.Testing.app(), "test")
    conn = Code42ScimConnection(stack, "code42", **connection_kwargs(access_token="literal-for-a-lab",
                                                                    allow_literal_secrets=True))
    assert any("literal secret was allowed" in w for w in conn.model.warnings)
    assert all("literal-for-a-lab" not in w for w in conn.model.warnings)


WEAKENED = [
    ({"prevent_destroy": False}, "prevent_destroy"),
    ({"disable_users": False}, "leavers stay active"),
    ({"create_users": False}, "create_users"),
    ({"update_users": False}, "update_users"),
    ({"unique_user_identifier": "workEmail"}, "unique_user_identifier"),
]


@pytest.mark.parametrize(("overrides", "fragment"), WEAKENED, ids=[w[1] for w in WEAKENED])
def test_weakening_a_default_warns(overrides: dict[str, Any], fragment: str) -> None:
    stack = cdk.TerraformStack(cdk.Testing.app(), "test")
    conn = Code42ScimConnection(stack, "code42", **connection_kwargs(**overrides))
    assert any(fragment in w for w in conn.model.warnings)


def test_secure_defaults_produce_no_warning() -> None:
    stack = cdk.TerraformStack(cdk.Testing.app(), "test")
    assert Code42ScimConnection(stack, "code42", **connection_kwargs()).model.warnings == ()


def _stack() -> cdk.TerraformStack:
    return cdk.TerraformStack(cdk.Testing.app(), "test")


def test_two_connections_with_one_connection_id_in_a_stack_are_refused() -> None:
    stack = _stack()
    Code42ScimConnection(stack, "first", **connection_kwargs())
    with pytest.raises(ValidationError) as info:
        Code42ScimConnection(stack, "second", **connection_kwargs())
    assert [(p.path, p.field) for p in info.value.problems] == [("test/second", "connection_id")]
    assert "already used by test/first" in str(info.value)


@pytest.mark.parametrize(("first", "second"), [("code42-a", "code42_a"), ("Code42A", "code42_a")])
def test_construct_ids_that_derive_the_same_secret_variable_are_refused(first: str, second: str) -> None:
    stack = _stack()
    Code42ScimConnection(stack, first, **connection_kwargs(connection_id="a"))
    with pytest.raises(ValidationError) as info:
        Code42ScimConnection(stack, second, **connection_kwargs(connection_id="b"))
    assert "code42_a_access_token" in str(info.value)
    assert f"already used by test/{first}" in str(info.value)


def test_the_same_construct_id_twice_is_a_validation_error() -> None:
    stack = _stack()
    Code42ScimConnection(stack, "code42", **connection_kwargs(connection_id="a"))
    with pytest.raises(ValidationError, match="already used by another construct"):
        Code42ScimConnection(stack, "code42", **connection_kwargs(connection_id="b"))


def test_connections_in_different_stacks_may_share_ids() -> None:
    app = cdk.Testing.app()
    for name in ("prod", "dev"):
        conn = Code42ScimConnection(cdk.TerraformStack(app, name), "code42", **connection_kwargs())
        assert conn.model.connection_id == "code42-scim"
