"""Shared test helpers: the Code42 admin-API body from NOTES and the provider-schema -> admin-API converter."""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from code42_scim._secrets import is_unresolved

REPO = Path(__file__).resolve().parents[2]
PROVIDER_SCHEMA = REPO / "providers" / "pingfederate" / "schema" / "pingfederate-provider-schema-v1.2.0.json"
ADMIN_SPEC = REPO / "pf-local" / "code42_scim_local" / "data" / "pf-admin-api-subset.json"
DUMMY_SECRET = "dummy-secret-for-tests"
# Terraform meta-arguments and cdktf annotations: not resource attributes.
_META = {"//", "count", "depends_on", "for_each", "lifecycle", "provider", "provisioner", "connection"}


def code42_mapping() -> list[dict[str, Any]]:
    """NOTES §2: SCIM field <- LDAP attribute recommended for Code42 (manager left out: optional)."""
    pairs = {
        "userName": "mail",
        "workEmail": "mail",
        "givenName": "givenName",
        "familyName": "sn",
        "externalId": "objectGUID",
        "title": "title",
        "userType": "employeeType",
        "department": "department",
        "division": "division",
        "workCity": "l",
        "workState": "st",
        "workCountry": "c",
        "workStreetAddress": "streetAddress",
        "workPostalCode": "postalCode",
    }
    return [{"fieldName": f, "saasFieldInfo": {"attributeNames": [a]}} for f, a in pairs.items()]


def code42_channel(name: str = "AD users", store: str = "LDAP-AD") -> dict[str, Any]:
    return {
        "name": name,
        "active": True,
        "channelSource": {
            "dataSource": {"id": store},
            "baseDn": "OU=Users,DC=example,DC=com",
            "guidAttributeName": "objectGUID",
            "guidBinary": True,
            "changeDetectionSettings": {
                "userObjectClass": "user",
                "groupObjectClass": "group",
                "changedUsersAlgorithm": "ACTIVE_DIRECTORY_USN",
                "timeStampAttributeName": "whenChanged",
                "usnAttributeName": "uSNChanged",
            },
            "accountManagementSettings": {
                "accountStatusAttributeName": "userAccountControl",
                "accountStatusAlgorithm": "ACCOUNT_STATUS_ALGORITHM_AD",
            },
            "groupMembershipDetection": {"memberOfGroupAttributeName": "memberOf"},
            "userSourceLocation": {"filter": "(objectClass=user)"},
        },
        "attributeMapping": code42_mapping(),
    }


def code42_body(conn_id: str = "code42-scim", *, token: str = "c42-token-s3cret") -> dict[str, Any]:
    """An SP connection as the console procedure (NOTES §1) would produce it, in admin-API form."""
    return {
        "type": "SP",
        "id": conn_id,
        "name": "Code42",
        "entityId": f"{conn_id}-entity",
        "active": True,
        "outboundProvision": {
            "type": "SCIM",
            "targetSettings": [
                {"name": "SCIM_URL", "value": "https://console.us.code42.com/api/v22/scim-user-provisioning/t/v2"},
                {"name": "SCIM_VERSION", "value": "2.0"},
                {"name": "AUTHENTICATION_METHOD", "value": "OAuth 2 Bearer Token"},
                {"name": "OAUTH_ACCESS_TOKEN", "value": token},
                {"name": "UNIQUE_USER_IDENTIFIER", "value": "userName"},
                {"name": "REMOVE_ACTION", "value": "Disable"},
                {"name": "CREATE_USERS", "value": "true"},
                {"name": "UPDATE_USERS", "value": "true"},
                {"name": "DISABLE_USERS", "value": "true"},
                {"name": "PROVISION_DISABLED_USERS", "value": "false"},
            ],
            "channels": [code42_channel()],
        },
    }


# --- provider (Terraform JSON, snake_case) -> admin API (camelCase) ------------------------------------


@lru_cache(maxsize=1)
def _resource_attributes() -> dict[str, Any]:
    schema = json.loads(PROVIDER_SCHEMA.read_text(encoding="utf-8"))
    provider = next(iter(schema["provider_schemas"].values()))
    attrs: dict[str, Any] = provider["resource_schemas"]["pingfederate_idp_sp_connection"]["block"]["attributes"]
    return attrs


@lru_cache(maxsize=1)
def _admin_property_names() -> dict[str, str]:
    """Every property name in the admin API schemas, keyed by its lower-case, underscore-free spelling.

    Resolves spellings a naive snake->camel rule gets wrong (``group_dn`` is ``groupDN``).
    """
    spec = json.loads(ADMIN_SPEC.read_text(encoding="utf-8"))
    names: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in (node.get("properties") or {}).items():
                names.setdefault(key.lower(), key)
                walk(value)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec["components"]["schemas"])
    return names


def camel(snake: str) -> str:
    naive = re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), snake)
    return _admin_property_names().get(snake.replace("_", "").lower(), naive)


def _convert_value(attr: dict[str, Any], value: Any) -> Any:
    nested = attr.get("nested_type")
    if nested is None or value is None:
        return DUMMY_SECRET if is_unresolved(value) else value
    mode = nested["nesting_mode"]
    if mode == "single":
        return _convert_object(nested["attributes"], value)
    if mode in ("list", "set"):
        return [_convert_object(nested["attributes"], item) for item in value]
    if mode == "map":
        return {k: _convert_object(nested["attributes"], v) for k, v in value.items()}
    raise AssertionError(f"unexpected nesting mode {mode}")


def _convert_object(attributes: dict[str, Any], obj: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if key in _META:
            continue
        attr = attributes.get(key)
        assert attr is not None, f"attribute {key!r} is not in the provider schema"
        if attr.get("computed") and not (attr.get("optional") or attr.get("required")):
            continue  # computed-only: the provider never sends it
        out[camel(key)] = _convert_value(attr, value)
    return out


def to_admin_body(resource: dict[str, Any]) -> dict[str, Any]:
    """The body the provider would POST for one ``pingfederate_idp_sp_connection`` resource config."""
    resource = copy.deepcopy(resource)
    connection_id = resource.pop("connection_id")
    body = _convert_object(_resource_attributes(), resource)
    body["type"] = "SP"
    body["id"] = connection_id
    return body
