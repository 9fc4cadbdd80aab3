"""A stack with N Code42 SCIM connections (2 channels each), synthesized into ``CDKTF_OUTDIR``.

Usage: ``python benchmarks/apps/many.py N``. Models a large estate (one connection per tenant or
region) through the public construct API only, exactly as a user's app would build it.
"""

from __future__ import annotations

import sys

from code42_scim import Code42ScimConnection, DirectoryPreset, FieldMapping, LdapChannel
from pingfederate.engine import cdk
from pingfederate.provider import PingfederateProvider


def build(app: cdk.App, count: int) -> cdk.TerraformStack:
    stack = cdk.TerraformStack(app, "many")
    # Relative state path: the output is byte-identical on every machine, so its size is comparable.
    cdk.LocalBackend(stack, path="terraform.many.tfstate")
    PingfederateProvider(stack, "pingfederate", https_host="https://pf.example.com:9999", product_version="12.1")
    for i in range(count):
        tenant = f"tenant{i:04d}"
        Code42ScimConnection(
            stack,
            f"code42-{tenant}",
            connection_id=f"code42-scim-{tenant}",
            scim_url=f"https://console.us.code42.com/api/v22/scim-user-provisioning/{tenant}/v2",
            channels=[
                LdapChannel(
                    name="AD users",
                    data_store_id="LDAP-AD",
                    base_dn=f"OU=Users,OU={tenant},DC=example,DC=com",
                    user_filter="(&(objectClass=user)(memberOf=CN=Code42,OU=Groups,DC=example,DC=com))",
                    attribute_mapping={"manager": FieldMapping(attribute_names=["code42ManagerId"])},
                ),
                LdapChannel(
                    name="Contractors",
                    data_store_id="LDAP-PD",
                    preset=DirectoryPreset.PING_DIRECTORY,
                    base_dn=f"ou=contractors,ou={tenant},dc=example,dc=com",
                    user_filter="(objectClass=inetOrgPerson)",
                ),
            ],
        )
    return stack


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isdigit():
        print("usage: many.py N   (N connections, 2 channels each)", file=sys.stderr)
        return 2
    app = cdk.App()  # reads CDKTF_OUTDIR
    build(app, int(argv[0]))
    app.synth()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
