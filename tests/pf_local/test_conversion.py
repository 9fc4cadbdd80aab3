"""The provider's body for a Code42 connection, derived from Terraform JSON, is accepted by pf-local."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

from .conftest import PfServer
from .helpers import DUMMY_SECRET, REPO, camel, to_admin_body


def _hand_written_resource() -> dict[str, Any]:
    """A `pingfederate_idp_sp_connection` config (provider attribute names) with NOTES' Code42 settings."""
    mapping = {
        "userName": "mail",
        "workEmail": "mail",
        "givenName": "givenName",
        "familyName": "sn",
        "externalId": "objectGUID",
        "department": "department",
        "workCountry": "c",
    }
    return {
        "//": {"metadata": {"path": "local/code42/Resource"}},
        "connection_id": "code42-scim",
        "name": "Code42",
        "entity_id": "code42",
        "active": True,
        "lifecycle": {"prevent_destroy": True},
        "outbound_provision": {
            "type": "SCIM",
            "target_settings": [
                {"name": "SCIM_URL", "value": "https://console.us.code42.com/api/v22/scim-user-provisioning/t/v2"},
                {"name": "SCIM_VERSION", "value": "2.0"},
                {"name": "AUTHENTICATION_METHOD", "value": "OAuth 2 Bearer Token"},
                {"name": "OAUTH_ACCESS_TOKEN", "value": "${var.code42_access_token}"},
                {"name": "UNIQUE_USER_IDENTIFIER", "value": "userName"},
                {"name": "REMOVE_ACTION", "value": "Disable"},
                {"name": "Provisioning Options", "value": ""},
                {"name": "CREATE_USERS", "value": "true"},
                {"name": "UPDATE_USERS", "value": "true"},
                {"name": "DISABLE_USERS", "value": "true"},
                {"name": "PROVISION_DISABLED_USERS", "value": "false"},
            ],
            "channels": [
                {
                    "name": "Active Directory users",
                    "active": True,
                    "max_threads": 1,
                    "timeout": 60,
                    "channel_source": {
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
                        },
                        "group_membership_detection": {"member_of_group_attribute_name": "memberOf"},
                        "user_source_location": {
                            "filter": "(objectClass=user)",
                            "group_dn": "OU=Users,DC=example,DC=com",
                            "nested_search": False,
                        },
                    },
                    "attribute_mapping": [
                        {"field_name": f, "saas_field_info": {"attribute_names": [a]}} for f, a in mapping.items()
                    ],
                    # computed-only in the provider schema: never sent
                    "attribute_mapping_all": [],
                }
            ],
        },
    }


@pytest.mark.parametrize(
    ("snake", "expected"),
    [
        ("entity_id", "entityId"),
        ("group_dn", "groupDN"),
        ("base_dn", "baseDn"),
        ("saas_field_info", "saasFieldInfo"),
        ("time_stamp_attribute_name", "timeStampAttributeName"),
        ("max_threads", "maxThreads"),
    ],
)
def test_provider_names_become_admin_api_names(snake: str, expected: str) -> None:
    assert camel(snake) == expected


def test_conversion_sets_type_and_id_and_drops_meta_and_computed_attributes() -> None:
    body = to_admin_body(_hand_written_resource())
    channel = body["outboundProvision"]["channels"][0]
    assert (body["type"], body["id"], "connectionId" in body, "lifecycle" in body, "//" in body) == (
        "SP",
        "code42-scim",
        False,
        False,
        False,
    )
    assert "attributeMappingAll" not in channel and channel["channelSource"]["userSourceLocation"]["groupDN"]


def test_conversion_replaces_unresolved_secrets_with_a_dummy() -> None:
    settings = to_admin_body(_hand_written_resource())["outboundProvision"]["targetSettings"]
    assert next(s["value"] for s in settings if s["name"] == "OAUTH_ACCESS_TOKEN") == DUMMY_SECRET


def test_the_hand_written_code42_resource_is_accepted(pf: PfServer, admin: requests.Session) -> None:
    resp = admin.post(f"{pf.api_url}/idp/spConnections", json=to_admin_body(_hand_written_resource()))
    assert resp.status_code == 201, resp.text
    assert resp.json()["outboundProvision"]["channels"][0]["name"] == "Active Directory users"


@pytest.mark.skipif(not (REPO / "main.py").is_file(), reason="the example app main.py is not in the repository")
def test_the_synthesized_example_is_accepted(pf: PfServer, admin: requests.Session, tmp_path: Path) -> None:
    # Synthesize a copy of the example so the repository's cdktf.out is never touched.
    for name in ("main.py", "code42-scim.toml", "cdktf.json"):
        if (REPO / name).is_file():
            shutil.copy(REPO / name, tmp_path / name)
    env = dict(os.environ, CHECKPOINT_DISABLE="1", JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20")
    proc = subprocess.run(
        [sys.executable, "main.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    stacks = sorted(tmp_path.glob("cdktf.out/stacks/*/cdk.tf.json"))
    resources = [
        r
        for s in stacks
        for r in json.loads(s.read_text())["resource"].get("pingfederate_idp_sp_connection", {}).values()
    ]
    assert resources, f"no pingfederate_idp_sp_connection in {stacks}"
    for resource in resources:
        resp = admin.post(f"{pf.api_url}/idp/spConnections", json=to_admin_body(resource))
        assert resp.status_code == 201, resp.text
