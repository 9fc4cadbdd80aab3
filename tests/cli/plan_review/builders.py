"""Builders for hand-written ``terraform show -json`` documents (Terraform's JSON output format 1.2)."""

from __future__ import annotations

import copy
from typing import Any

ACCESS_TOKEN = "tok-SECRET-4f1c9a7e2b"
NEW_ACCESS_TOKEN = "tok-ROTATED-88d0e1f3aa"
ADDRESS = "pingfederate_idp_sp_connection.code42"

Json = dict[str, Any]


def channel(name: str = "AD users", **source: Any) -> Json:
    """One channel as the provider's state holds it (snake_case attributes)."""
    channel_source: Json = {
        "data_source": {"id": "LDAP-AD"},
        "base_dn": "OU=Users,DC=example,DC=com",
        "guid_attribute_name": "objectGUID",
        "guid_binary": True,
        "change_detection_settings": {
            "user_object_class": "user",
            "group_object_class": "group",
            "changed_users_algorithm": "ACTIVE_DIRECTORY_USN",
            "time_stamp_attribute_name": "whenChanged",
            "usn_attribute_name": "uSNChanged",
        },
        "account_management_settings": {
            "account_status_attribute_name": "userAccountControl",
            "account_status_algorithm": "ACCOUNT_STATUS_ALGORITHM_AD",
            "default_status": True,
            "flag_comparison_status": True,
            "flag_comparison_value": None,
        },
        "group_membership_detection": {"group_member_attribute_name": "member",
                                       "member_of_group_attribute_name": "memberOf"},
        "user_source_location": {"filter": "(objectClass=user)", "group_dn": None, "nested_search": False},
        "group_source_location": None,
    }
    channel_source.update(source)
    mappings = [("userName", ["mail"]), ("workEmail", ["mail"]), ("givenName", ["givenName"]),
                ("familyName", ["sn"]), ("department", ["department"])]
    return {
        "name": name,
        "active": True,
        "max_threads": 1,
        "timeout": 60,
        "channel_source": channel_source,
        "attribute_mapping": [
            {"field_name": code, "saas_field_info": {
                "attribute_names": names, "character_case": "NONE", "create_only": False, "default_value": "",
                "expression": "", "masked": False, "parser": "NONE", "trim": False}}
            for code, names in mappings
        ],
        "attribute_mapping_all": None,
    }


def settings(**overrides: str | None) -> list[Json]:
    """Target settings by admin-API name; ``None`` drops one."""
    values: dict[str, str | None] = {
        "SCIM_URL": "https://console.us.code42.com/api/v22/scim-user-provisioning/ORG1/v2",
        "SCIM_VERSION": "2.0",
        "AUTHENTICATION_METHOD": "OAuth 2 Bearer Token",
        "OAUTH_ACCESS_TOKEN": ACCESS_TOKEN,
        "UNIQUE_USER_IDENTIFIER": "userName",
        "REMOVE_ACTION": "Disable",
        "CREATE_USERS": "true",
        "UPDATE_USERS": "true",
        "DISABLE_USERS": "true",
        "PROVISION_DISABLED_USERS": "false",
    }
    values.update(overrides)
    return [{"name": k, "value": v, "encrypted_value": None} for k, v in values.items() if v is not None]


def connection(*, active: bool = True, channels: list[Json] | None = None,
               target_settings: list[Json] | None = None, **top: Any) -> Json:
    values: Json = {
        "id": "code42-scim",
        "connection_id": "code42-scim",
        "name": "Code42",
        "entity_id": "code42",
        "active": active,
        "creation_date": "2025-01-01T00:00:00Z",
        "logging_mode": None,
        "outbound_provision": {
            "type": "SCIM",
            "target_settings": settings() if target_settings is None else target_settings,
            "target_settings_all": None,
            "custom_schema": None,
            "channels": [channel()] if channels is None else channels,
        },
    }
    values.update(top)
    return values


def sensitive(values: Json | None) -> Json | bool:
    """The provider marks every ``target_settings[].value`` sensitive: mirror that, element by element."""
    if values is None or "outbound_provision" not in values:
        return False
    n = len(values["outbound_provision"]["target_settings"])
    return {"outbound_provision": {"target_settings": [{"value": True} for _ in range(n)],
                                   "target_settings_all": True}}


def change(actions: list[str], before: Json | None, after: Json | None, *, address: str = ADDRESS,
           after_unknown: Json | None = None, **extra: Any) -> Json:
    kind, name = address.rsplit(".", 2)[-2:]
    return {
        "address": address,
        "mode": "managed",
        "type": kind,
        "name": name,
        "provider_name": "registry.terraform.io/pingidentity/pingfederate",
        "change": {
            "actions": actions,
            "before": copy.deepcopy(before),
            "after": copy.deepcopy(after),
            "after_unknown": after_unknown or {},
            "before_sensitive": sensitive(before),
            "after_sensitive": sensitive(after),
            **extra,
        },
    }


def plan(*changes: Json, variables: Json | None = None) -> Json:
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "variables": variables or {},
        "resource_changes": list(changes),
        "configuration": {"root_module": {"variables": {
            k: {"sensitive": True} for k in (variables or {})}}},
    }
