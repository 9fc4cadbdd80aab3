"""Random props give either schema-conforming JSON or our ValidationError — never a jsii traceback."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from code42_scim import (
    AuthMethod,
    CharacterCase,
    Code42ScimConnection,
    DirectoryPreset,
    FieldMapping,
    LdapChannel,
    Parser,
    ValidationError,
)
from pingfederate.engine import cdk
from pingfederate.schema import check_attributes, resource_attributes

text = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["code42-scim", "OU=Users,DC=example,DC=com", "(objectClass=user)", "(&(a=b)", "${var.x}",
                     "https://console.us.code42.com/scim", "http://x", "Disable", "Delete", "2.0", "1.1",
                     "userName", "workEmail", " ", "CN=Smith\\, John,OU=Staff,DC=example,DC=com",
                     "(cn=a\\2cb)", "code42-scim\n", "tab\there", ""]),
)
maybe_text = st.one_of(st.none(), text)
# Secrets carry a marker so the test can prove they never reach an error message.
secrets = st.one_of(st.none(), st.just("${var.code42_token}"), st.text(max_size=10).map(lambda s: f"SECRET-{s}"))
small_int = st.integers(min_value=-3, max_value=200)
codes = st.sampled_from(["userName", "workEmail", "title", "manager", "division", "shoeSize", ""])

field_mappings = st.builds(
    FieldMapping,
    attribute_names=st.lists(st.text(min_size=1, max_size=8), max_size=2),
    expression=st.sampled_from(["", "#this.get('mail')"]),
    default_value=st.sampled_from(["", "x"]),
    parser=st.sampled_from(list(Parser)),
    character_case=st.sampled_from(list(CharacterCase)),
    trim=st.booleans(), create_only=st.booleans(), masked=st.booleans(),
)

valid_channels = st.builds(
    LdapChannel,
    name=st.sampled_from(["AD users", "PD users", "Staff"]),
    base_dn=st.sampled_from(["OU=Users,DC=example,DC=com", "ou=people,dc=example,dc=com"]),
    data_store_id=st.sampled_from(["LDAP-AD", "LDAP-PD", "${var.store}"]),
    preset=st.sampled_from(list(DirectoryPreset)),
    active=st.booleans(), max_threads=st.integers(1, 8), timeout=st.integers(1, 600),
    user_filter=st.sampled_from([None, "(objectClass=user)", "(&(objectClass=user)(mail=*))"]),
    user_group_dn=st.sampled_from([None, "CN=Code42,OU=Groups,DC=example,DC=com"]),
    nested_search=st.booleans(), look_up_data_store=st.booleans(),
    attribute_mapping=st.dictionaries(st.sampled_from(["title", "manager", "division", "workEmail"]),
                                      st.one_of(st.none(), field_mappings), max_size=3),
)
random_channels = st.builds(
    LdapChannel,
    name=text, base_dn=text, data_store_id=text,
    preset=st.sampled_from(list(DirectoryPreset)),
    active=st.booleans(), max_threads=small_int, timeout=small_int,
    user_filter=maybe_text, user_group_dn=maybe_text, nested_search=st.booleans(),
    look_up_data_store=st.booleans(), use_code42_mapping=st.booleans(),
    attribute_mapping=st.dictionaries(codes, st.one_of(st.none(), field_mappings), max_size=3),
)

# A plausible connection, then 0-3 props replaced by arbitrary values: both outcomes get exercised.
baseline = st.fixed_dictionaries(
    {
        "connection_id": st.sampled_from(["code42-scim", "c42.prod_1"]),
        "scim_url": st.sampled_from(["https://console.us.code42.com/api/v22/scim/t/v2", "${var.scim_url}"]),
        "channels": st.lists(valid_channels, min_size=1, max_size=2, unique_by=lambda c: c.name),
        "auth_method": st.sampled_from(list(AuthMethod)),
        "active": st.booleans(),
        "prevent_destroy": st.booleans(),
    }
)
mutations = st.fixed_dictionaries(
    {},
    optional={
        "connection_id": text,
        "scim_url": text,
        "channels": st.lists(st.one_of(valid_channels, random_channels), max_size=3),
        "name": text,
        "entity_id": maybe_text,
        "access_token": secrets,
        "basic_username": maybe_text,
        "basic_password": secrets,
        "declare_secret_variables": st.booleans(),
        "allow_literal_secrets": st.booleans(),
        "scim_version": text,
        "unique_user_identifier": text,
        "remove_user_action": text,
        "create_users": st.booleans(),
        "update_users": st.booleans(),
        "disable_users": st.booleans(),
        "provision_disabled_users": st.booleans(),
    },
)
props = st.builds(lambda base, changes: {**base, **changes}, baseline, mutations)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(props)
def test_random_props_give_valid_json_or_a_validation_error(kwargs: dict[str, Any]) -> None:
    stack = cdk.TerraformStack(cdk.Testing.app(), "test")
    try:
        Code42ScimConnection(stack, "code42", **kwargs)
    except ValidationError as error:
        assert error.problems
        for secret in (kwargs.get("access_token"), kwargs.get("basic_password")):
            if secret and secret.startswith("SECRET-"):
                assert secret not in str(error)
        return
    doc = json.loads(cdk.Testing.synth(stack))
    for body in doc["resource"]["pingfederate_idp_sp_connection"].values():
        attrs = {k: v for k, v in body.items() if k not in {"//", "lifecycle", "provider"}}
        assert check_attributes(resource_attributes("pingfederate_idp_sp_connection"), attrs) == []
