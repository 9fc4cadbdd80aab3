"""Each Code42 default from Ping's guide, one test each (a regression flips exactly one)."""

from __future__ import annotations

from .conftest import SynthFn, settings, the_connection


def test_scim_version_defaults_to_2_0(synth: SynthFn) -> None:
    assert settings(synth())["SCIM_VERSION"] == "2.0"


def test_authentication_defaults_to_oauth_bearer_token(synth: SynthFn) -> None:
    assert settings(synth())["AUTHENTICATION_METHOD"] == "OAuth 2 Bearer Token"


def test_unique_user_identifier_defaults_to_user_name(synth: SynthFn) -> None:
    assert settings(synth())["UNIQUE_USER_IDENTIFIER"] == "userName"


def test_remove_user_action_defaults_to_disable(synth: SynthFn) -> None:
    assert settings(synth())["REMOVE_ACTION"] == "Disable"


def test_user_create_is_on(synth: SynthFn) -> None:
    assert settings(synth())["CREATE_USERS"] == "true"


def test_user_update_is_on(synth: SynthFn) -> None:
    assert settings(synth())["UPDATE_USERS"] == "true"


def test_user_disable_delete_is_on(synth: SynthFn) -> None:
    assert settings(synth())["DISABLE_USERS"] == "true"


def test_provision_disabled_users_is_off(synth: SynthFn) -> None:
    assert settings(synth())["PROVISION_DISABLED_USERS"] == "false"


def test_connector_type_comes_from_the_descriptor(synth: SynthFn) -> None:
    assert the_connection(synth())["outbound_provision"]["type"] == "SCIM"


def test_connection_is_outbound_provisioning_only(synth: SynthFn) -> None:
    conn = the_connection(synth())
    for other in ("sp_browser_sso", "ws_trust", "attribute_query", "credentials"):
        assert other not in conn


def test_connection_is_activated(synth: SynthFn) -> None:
    assert the_connection(synth())["active"] is True


def test_channel_is_activated(synth: SynthFn) -> None:
    assert the_connection(synth())["outbound_provision"]["channels"][0]["active"] is True


def test_entity_id_defaults_to_the_connection_id(synth: SynthFn) -> None:
    assert the_connection(synth())["entity_id"] == "code42-scim"


def test_connection_name_defaults_to_code42(synth: SynthFn) -> None:
    assert the_connection(synth())["name"] == "Code42"


def test_connection_is_protected_from_destroy(synth: SynthFn) -> None:
    assert the_connection(synth())["lifecycle"] == {"prevent_destroy": True}


def test_channel_threads_and_timeout_are_pingfederate_defaults(synth: SynthFn) -> None:
    channel = the_connection(synth())["outbound_provision"]["channels"][0]
    assert (channel["max_threads"], channel["timeout"]) == (1, 60)


def test_the_token_comes_from_a_sensitive_variable(synth: SynthFn) -> None:
    doc = synth()
    assert settings(doc)["OAUTH_ACCESS_TOKEN"] == "${var.code42_access_token}"
    assert doc["variable"]["code42_access_token"]["sensitive"] is True


def test_code42_mapping_is_the_guide_s_recommendation(synth: SynthFn) -> None:
    channel = the_connection(synth())["outbound_provision"]["channels"][0]
    mapping = {m["field_name"]: m["saas_field_info"]["attribute_names"] for m in channel["attribute_mapping"]}
    assert mapping == {
        "userName": ["mail"], "workEmail": ["mail"], "givenName": ["givenName"], "familyName": ["sn"],
        "externalId": ["objectGUID"], "title": ["title"], "userType": ["employeeType"],
        "department": ["department"], "division": ["division"], "workCity": ["l"], "workState": ["st"],
        "workCountry": ["c"], "workStreetAddress": ["streetAddress"], "workPostalCode": ["postalCode"],
    }


def test_mapping_flags_are_emitted_with_pingfederate_s_own_defaults(synth: SynthFn) -> None:
    channel = the_connection(synth())["outbound_provision"]["channels"][0]
    info = next(m for m in channel["attribute_mapping"] if m["field_name"] == "userName")["saas_field_info"]
    assert info == {"attribute_names": ["mail"], "character_case": "NONE", "create_only": False,
                    "masked": False, "parser": "NONE", "trim": False}


def test_mapping_leaves_expression_and_default_value_unset_for_pingfederate_to_fill(synth: SynthFn) -> None:
    channel = the_connection(synth())["outbound_provision"]["channels"][0]
    for entry in channel["attribute_mapping"]:
        assert "expression" not in entry["saas_field_info"], entry
        assert "default_value" not in entry["saas_field_info"], entry
