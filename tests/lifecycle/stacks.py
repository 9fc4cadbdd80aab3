"""The composed stack the composition tests synthesize: a data store made in the same stack, two Code42
tenants sharing the default provider, and a third connection through an aliased provider."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from code42_scim import Code42ScimConnection, LdapChannel
from pingfederate.data_store import DataStore, DataStoreLdapDataStore
from pingfederate.engine import cdk
from pingfederate.provider import PingfederateProvider

US_URL = "https://console.us.code42.com/api/v22/scim-user-provisioning/us-tenant/v2"
US2_URL = "https://console.us2.code42.com/api/v22/scim-user-provisioning/us2-tenant/v2"
EU_URL = "https://console.ie.code42.com/api/v22/scim-user-provisioning/eu-tenant/v2"
STORE_ID = "LDAP-HR"
BIND_PASSWORD_VARIABLE = "ldap_bind_password"


def composed_stack(outdir: Path, *, host: str = "https://localhost:9999",
                   prevent_destroy: bool = True) -> dict[str, Any]:
    """Synthesize the composed stack into ``outdir`` and return its Terraform JSON."""
    app = cdk.App(outdir=str(outdir))
    stack = cdk.TerraformStack(app, "composed")
    PingfederateProvider(stack, "pingfederate", https_host=host, product_version="12.1", insecure_trust_all_tls=True)
    eu = PingfederateProvider(stack, "pingfederate-eu", alias="eu", https_host=host, product_version="12.1",
                              insecure_trust_all_tls=True)
    password = cdk.TerraformVariable(stack, BIND_PASSWORD_VARIABLE, type="string", sensitive=True)
    store = DataStore(stack, "hr_directory", data_store_id=STORE_ID, ldap_data_store=DataStoreLdapDataStore(
        ldap_type="ACTIVE_DIRECTORY", hostnames=["hr-dc.example.com:636"], use_ssl=True,
        user_dn="CN=pingfed-svc,OU=Service Accounts,DC=hr,DC=example,DC=com", password=password.string_value))
    hr = LdapChannel(name="HR users", data_store_id=store.data_store_id, base_dn="OU=Staff,DC=hr,DC=example,DC=com",
                     user_filter="(&(objectClass=user)(mail=*))")
    common: dict[str, Any] = {"prevent_destroy": prevent_destroy}
    connections = [
        Code42ScimConnection(stack, "code42-us", connection_id="code42-us", scim_url=US_URL, channels=[hr], **common),
        Code42ScimConnection(stack, "code42-us2", connection_id="code42-us2", scim_url=US2_URL, channels=[hr],
                             **common),
        Code42ScimConnection(stack, "code42-eu", connection_id="code42-eu", scim_url=EU_URL, provider=eu,
                             channels=[LdapChannel(name="EU staff", data_store_id="LDAP-AD",
                                                   base_dn="OU=EU,DC=example,DC=com")], **common),
    ]
    for connection in connections:
        cdk.TerraformOutput(stack, f"{connection.node.id}-id", value=connection.connection_id_reference)
    app.synth()
    doc: dict[str, Any] = json.loads((outdir / "stacks" / "composed" / "cdk.tf.json").read_text(encoding="utf-8"))
    return doc


def resources_by_connection_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    bodies = doc["resource"]["pingfederate_idp_sp_connection"].values()
    return {body["connection_id"]: body for body in bodies}


def store_name(doc: dict[str, Any]) -> str:
    (name,) = doc["resource"]["pingfederate_data_store"]
    return str(name)
