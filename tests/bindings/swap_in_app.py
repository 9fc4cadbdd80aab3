"""A cdktf app synthesized with either our bindings or the ones ``cdktf get`` generates (run as a subprocess).

Usage: ``python tests/bindings/swap_in_app.py ours|GENERATED_DIR STACK OUTDIR``

``GENERATED_DIR`` is the folder ``benchmarks.generated_bindings.generate()`` returns; its modules replace
``pingfederate.provider``, ``pingfederate.idp_sp_connection`` and ``pingfederate.data_pingfederate_data_store``
before ``code42_scim`` is imported, so the construct runs unchanged on them. Every stack uses a plain
``cdk.App``. STACK is one of:

``example``        the example app's ``local`` environment (code42-scim.toml) built by the same code as
                   ``Code42ScimStack``, except that the provider gets no ``version_constraint`` (a generated
                   provider has no such argument; see ``_example_stack``)
``example-stack``  ``Code42ScimStack`` itself (our bindings only: it passes ``version_constraint=``)
``multi``          three connections, two channels each: basic auth on one, mapping overrides (changed,
                   added and removed fields) on one, a data store lookup on one channel, and one connection
                   adopted (import block) through a second, aliased provider
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = REPO_ROOT / "code42-scim.toml"
STACKS = ("example", "example-stack", "multi")


def _bindings(which: str) -> str:
    if which == "ours":
        return "ours"
    sys.path.insert(0, str(REPO_ROOT))
    from benchmarks.generated_bindings import swap_in

    modules = swap_in(Path(which))
    assert all(m.__name__.startswith("pingfederate_generated.") for m in modules.values()), modules
    return "generated"


def _example_stack(app: object, stack_name: str = "local") -> None:
    """``Code42ScimStack`` for the example config, minus the provider's ``version_constraint=`` argument.

    A generated ``PingfederateProvider`` takes no version constraint: it emits the one it was generated
    with. Ours derives the same constraint from ``product_version`` as ``resolve_target`` does, so with our
    bindings this stack is byte for byte what ``Code42ScimStack`` writes (the test checks that).
    """
    from code42_scim import Code42ScimConnection
    from code42_scim._config import load_config
    from code42_scim._stack import add_backend, output_name
    from code42_scim._target import resolve_target
    from pingfederate.engine import cdk
    from pingfederate.provider import PingfederateProvider

    env = load_config(EXAMPLE_CONFIG).environment(stack_name)
    stack = cdk.TerraformStack(app, env.name)  # type: ignore[arg-type]
    add_backend(stack, env.name, env.backend)
    settings = resolve_target(env.pingfederate, path=f"{env.name}/pingfederate")
    provider = PingfederateProvider(stack, "pingfederate", **settings.attributes)
    for config in env.connections:
        connection = Code42ScimConnection.from_props(stack, config.construct_id, config.props, provider=provider)
        name = output_name(config.construct_id)
        output = cdk.TerraformOutput(stack, name, value=connection.connection_id_reference,
                                       description=f"PingFederate connection id of {config.construct_id!r}")
        output.override_logical_id(name)


def _multi_stack(app: object) -> None:
    from code42_scim import (
        AuthMethod,
        CharacterCase,
        Code42ScimConnection,
        DirectoryPreset,
        FieldMapping,
        LdapChannel,
        Parser,
    )
    from pingfederate.engine import cdk
    from pingfederate.provider import PingfederateProvider

    stack = cdk.TerraformStack(app, "multi")  # type: ignore[arg-type]
    cdk.LocalBackend(stack, path="terraform.multi.tfstate")
    provider = PingfederateProvider(stack, "pingfederate", https_host="https://pf.example.com:9999",
                                    product_version="12.1", admin_api_path="/pf-admin-api/v1")
    eu = PingfederateProvider(stack, "pingfederate-eu", alias="eu", https_host="https://pf.eu.example.com:9999",
                              product_version="12.1", x_bypass_external_validation_header=True)
    for i, tenant in enumerate(("alpha", "beta", "gamma")):
        basic = i == 1
        Code42ScimConnection(
            stack,
            f"code42-{tenant}",
            connection_id=f"code42-scim-{tenant}",
            name=f"Code42 {tenant}",
            scim_url=f"https://console.us.code42.com/api/v22/scim-user-provisioning/{tenant}/v2",
            auth_method=AuthMethod.BASIC if basic else AuthMethod.OAUTH2_BEARER_TOKEN,
            channels=[
                LdapChannel(
                    name="AD users",
                    data_store_id="LDAP-AD",
                    look_up_data_store=i == 0,
                    base_dn=f"OU=Users,OU={tenant},DC=example,DC=com",
                    user_filter="(&(objectClass=user)(memberOf=CN=Code42,OU=Groups,DC=example,DC=com))",
                    attribute_mapping={
                        "manager": FieldMapping(attribute_names=["manager"], parser=Parser.EXTRACT_CN_FROM_DN),
                        "title": FieldMapping(attribute_names=["title"], character_case=CharacterCase.UPPER,
                                              trim=True),
                        "division": None,
                    } if i == 2 else {},
                ),
                LdapChannel(
                    name="Contractors",
                    data_store_id="LDAP-PD",
                    preset=DirectoryPreset.PING_DIRECTORY,
                    base_dn=f"ou=contractors,ou={tenant},dc=example,dc=com",
                    user_filter="(objectClass=inetOrgPerson)",
                    max_threads=2,
                ),
            ],
            adopt=i == 2,
            provider=eu if i == 2 else provider,
        )


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in STACKS:
        print(__doc__, file=sys.stderr)
        return 2
    which, stack_name, outdir = argv
    bindings = _bindings(which)
    from pingfederate.engine import cdk

    Path(outdir).mkdir(parents=True, exist_ok=True)  # node creates only the last level
    app = cdk.App(outdir=outdir)
    if stack_name == "example":
        _example_stack(app)
    elif stack_name == "example-stack":
        from code42_scim._config import load_config
        from code42_scim._stack import Code42ScimStack

        Code42ScimStack(app, load_config(EXAMPLE_CONFIG).environment("local"))
    else:
        _multi_stack(app)
    app.synth()
    print(f"synthesized {stack_name} with {bindings} bindings into {outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
