"""Directory presets, channel options and mapping overrides."""

from __future__ import annotations

from code42_scim import (
    AccountStatusAlgorithm,
    AuthMethod,
    CharacterCase,
    DirectoryPreset,
    FieldMapping,
    Parser,
)

from .conftest import SynthFn, ad_channel, settings, the_connection


def _source(doc: dict) -> dict:  # type: ignore[type-arg]
    return the_connection(doc)["outbound_provision"]["channels"][0]["channel_source"]  # type: ignore[no-any-return]


def _mapping(doc: dict) -> dict:  # type: ignore[type-arg]
    channel = the_connection(doc)["outbound_provision"]["channels"][0]
    return {m["field_name"]: m["saas_field_info"] for m in channel["attribute_mapping"]}


def test_active_directory_preset_uses_usn_change_detection_and_binary_object_guid(synth: SynthFn) -> None:
    source = _source(synth())
    assert source["change_detection_settings"]["changed_users_algorithm"] == "ACTIVE_DIRECTORY_USN"
    assert source["change_detection_settings"]["usn_attribute_name"] == "uSNChanged"
    assert (source["guid_attribute_name"], source["guid_binary"]) == ("objectGUID", True)
    assert source["account_management_settings"]["account_status_algorithm"] == "ACCOUNT_STATUS_ALGORITHM_AD"


def test_account_status_defaults_are_always_emitted_for_provider_1_2(synth: SynthFn) -> None:
    settings_ = _source(synth())["account_management_settings"]
    assert settings_["default_status"] is True
    assert settings_["flag_comparison_status"] is True


def test_ping_directory_preset_uses_timestamps_entry_uuid_and_the_flag_algorithm(synth: SynthFn) -> None:
    doc = synth(channels=[ad_channel(preset=DirectoryPreset.PING_DIRECTORY, base_dn="ou=People,dc=example,dc=com")])
    source = _source(doc)
    assert source["change_detection_settings"]["changed_users_algorithm"] == "TIMESTAMP_NO_NEGATION"
    assert "usn_attribute_name" not in source["change_detection_settings"]
    assert (source["guid_attribute_name"], source["guid_binary"]) == ("entryUUID", False)
    assert source["account_management_settings"]["account_status_algorithm"] == "ACCOUNT_STATUS_ALGORITHM_FLAG"
    assert source["account_management_settings"]["flag_comparison_value"] == "true"
    assert _mapping(doc)["externalId"]["attribute_names"] == ["entryUUID"]


def test_a_preset_value_can_be_overridden(synth: SynthFn) -> None:
    doc = synth(channels=[ad_channel(account_status_algorithm=AccountStatusAlgorithm.ACCOUNT_STATUS_ALGORITHM_FLAG,
                                     account_status_attribute_name="employeeStatus", flag_comparison_value="left")])
    amc = _source(doc)["account_management_settings"]
    assert (amc["account_status_algorithm"], amc["account_status_attribute_name"], amc["flag_comparison_value"]) == (
        "ACCOUNT_STATUS_ALGORITHM_FLAG", "employeeStatus", "left")


def test_user_source_location_carries_group_dn_filter_and_nested_search(synth: SynthFn) -> None:
    doc = synth(channels=[ad_channel(user_filter="(mail=*)", user_group_dn="CN=Code42,OU=Groups,DC=example,DC=com",
                                     nested_search=True)])
    assert _source(doc)["user_source_location"] == {
        "filter": "(mail=*)", "group_dn": "CN=Code42,OU=Groups,DC=example,DC=com", "nested_search": True}


def test_a_mapping_field_can_be_overridden_with_every_option(synth: SynthFn) -> None:
    fm = FieldMapping(attribute_names=["userPrincipalName"], expression="#this.toLowerCase()",
                      default_value="nobody@example.com",
                      parser=Parser.EXTRACT_USERNAME_FROM_EMAIL, character_case=CharacterCase.LOWER, trim=True,
                      create_only=True, masked=True)
    info = _mapping(synth(channels=[ad_channel(attribute_mapping={"userName": fm})]))["userName"]
    assert info == {"attribute_names": ["userPrincipalName"], "character_case": "LOWER", "create_only": True,
                    "default_value": "nobody@example.com", "expression": "#this.toLowerCase()",
                    "masked": True, "parser": "EXTRACT_USERNAME_FROM_EMAIL", "trim": True}


def test_a_mapping_field_can_be_removed_with_none(synth: SynthFn) -> None:
    assert "division" not in _mapping(synth(channels=[ad_channel(attribute_mapping={"division": None})]))


def test_the_optional_manager_field_can_be_added(synth: SynthFn) -> None:
    doc = synth(channels=[ad_channel(attribute_mapping={"manager": FieldMapping(attribute_names=["c42ManagerId"])})])
    assert _mapping(doc)["manager"]["attribute_names"] == ["c42ManagerId"]


def test_an_ognl_expression_can_fill_a_field(synth: SynthFn) -> None:
    expr = "#this.get('givenName') + ' ' + #this.get('sn')"
    doc = synth(channels=[ad_channel(attribute_mapping={"title": FieldMapping(expression=expr)})])
    assert _mapping(doc)["title"]["expression"] == expr


def test_basic_authentication_declares_username_and_password_variables(synth: SynthFn) -> None:
    doc = synth(auth_method=AuthMethod.BASIC)
    s = settings(doc)
    assert s["AUTHENTICATION_METHOD"] == "Basic Authentication"
    assert s["BASIC_AUTH_USER"] == "${var.code42_basic_username}"
    assert s["BASIC_AUTH_PASSWORD"] == "${var.code42_basic_password}"
    assert "OAUTH_ACCESS_TOKEN" not in s
    assert all(v["sensitive"] for v in doc["variable"].values())


def test_a_caller_supplied_token_is_used_and_no_variable_is_declared(synth: SynthFn) -> None:
    doc = synth(access_token="${data.vault_generic_secret.code42.data[\"token\"]}")
    assert settings(doc)["OAUTH_ACCESS_TOKEN"] == "${data.vault_generic_secret.code42.data[\"token\"]}"
    assert "variable" not in doc


def test_several_channels_keep_their_order(synth: SynthFn) -> None:
    doc = synth(channels=[ad_channel(name="Z"), ad_channel(name="A", base_dn="OU=Staff,DC=example,DC=com")])
    assert [c["name"] for c in the_connection(doc)["outbound_provision"]["channels"]] == ["Z", "A"]


def test_looking_up_the_data_store_references_a_data_source(synth: SynthFn) -> None:
    doc = synth(channels=[ad_channel(look_up_data_store=True)])
    (name, lookup), = doc["data"]["pingfederate_data_store"].items()
    assert lookup["data_store_id"] == "LDAP-AD"
    assert _source(doc)["data_source"]["id"] == f"${{data.pingfederate_data_store.{name}.data_store_id}}"


def test_prevent_destroy_can_be_switched_off_explicitly(synth: SynthFn) -> None:
    assert the_connection(synth(prevent_destroy=False))["lifecycle"] == {"prevent_destroy": False}


def test_deactivating_the_connection_is_emitted(synth: SynthFn) -> None:
    assert the_connection(synth(active=False))["active"] is False
