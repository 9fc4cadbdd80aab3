"""``Code42ScimConnection``: props -> validated model -> provider bindings. Nothing flows back."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from constructs import Construct

from pingfederate._struct import to_terraform
from pingfederate.data_pingfederate_data_store import DataPingfederateDataStore
from pingfederate.engine import cdk
from pingfederate.idp_sp_connection import (
    IdpSpConnection,
    IdpSpConnectionOutboundProvision,
    IdpSpConnectionOutboundProvisionChannels,
    IdpSpConnectionOutboundProvisionChannelsAttributeMapping,
    IdpSpConnectionOutboundProvisionChannelsAttributeMappingSaasFieldInfo,
    IdpSpConnectionOutboundProvisionChannelsChannelSource,
    IdpSpConnectionOutboundProvisionChannelsChannelSourceAccountManagementSettings,
    IdpSpConnectionOutboundProvisionChannelsChannelSourceChangeDetectionSettings,
    IdpSpConnectionOutboundProvisionChannelsChannelSourceDataSource,
    IdpSpConnectionOutboundProvisionChannelsChannelSourceGroupMembershipDetection,
    IdpSpConnectionOutboundProvisionChannelsChannelSourceUserSourceLocation,
    IdpSpConnectionOutboundProvisionTargetSettings,
)

from . import _defaults as d
from ._errors import Problem, ValidationError
from ._model import ChannelModel, ConnectionModel, SecretRef, build_model
from ._props import AuthMethod, Code42ScimConnectionProps, FieldMapping, LdapChannel
from ._provider_rules import provider_rule_problems

__all__ = ["Code42ScimConnection"]

RESOURCE_ID = "Resource"
# What constructs 10.x says when a scope already has a child with the id (pinned to 10.7.x in pyproject).
_DUPLICATE_ID = "There is already a Construct with name"


class Code42ScimConnection(Construct):
    """A PingFederate SP connection that provisions users from LDAP to Code42 over SCIM 2.0.

    Every prop defaults to the value in Ping's Code42 guide (see ``Code42ScimConnectionProps``).
    Validation runs eagerly in the constructor and raises one ``ValidationError`` listing every problem.

    ``resource`` (child id ``"Resource"``) is the underlying ``pingfederate_idp_sp_connection``: use it
    as an escape hatch (``resource.add_override(...)``). ``secret_variables`` maps each declared
    sensitive variable's name to the variable. ``connection_id`` is the configured id,
    ``connection_id_reference`` the same as a Terraform reference (for outputs and other resources).
    ``adopt=True`` imports an existing connection with that id instead of creating one.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        connection_id: str,
        scim_url: str,
        channels: Sequence[LdapChannel],
        name: str = d.CONNECTION_NAME,
        entity_id: str | None = None,
        active: bool = d.CONNECTION_ACTIVE,
        auth_method: AuthMethod = AuthMethod.OAUTH2_BEARER_TOKEN,
        access_token: str | None = None,
        basic_username: str | None = None,
        basic_password: str | None = None,
        declare_secret_variables: bool = d.DECLARE_SECRET_VARIABLES,
        allow_literal_secrets: bool = d.ALLOW_LITERAL_SECRETS,
        scim_version: str = d.SCIM_VERSION,
        unique_user_identifier: str = d.UNIQUE_USER_IDENTIFIER,
        remove_user_action: str = d.REMOVE_USER_ACTION,
        create_users: bool = d.CREATE_USERS,
        update_users: bool = d.UPDATE_USERS,
        disable_users: bool = d.DISABLE_USERS,
        provision_disabled_users: bool = d.PROVISION_DISABLED_USERS,
        prevent_destroy: bool = d.PREVENT_DESTROY,
        connector_descriptor: str | Path | None = None,
        adopt: bool = d.ADOPT,
        provider: cdk.TerraformProvider | None = None,
    ) -> None:
        try:
            super().__init__(scope, id)
        except RuntimeError as exc:
            # Asked of the constructs library itself rather than checked first: looking the id up beforehand
            # costs two round trips into node for every connection (the synth budget is per connection).
            if _DUPLICATE_ID not in str(exc):
                raise
            raise ValidationError([Problem(f"{scope.node.path}/{id}", "id", repr(id),
                                           "is already used by another construct in the same scope",
                                           "give every connection its own id")]) from None
        self.props = Code42ScimConnectionProps(
            connection_id=connection_id, scim_url=scim_url, channels=tuple(channels) if isinstance(
                channels, (list, tuple)) else channels, name=name, entity_id=entity_id, active=active,
            auth_method=auth_method, access_token=access_token, basic_username=basic_username,
            basic_password=basic_password, declare_secret_variables=declare_secret_variables,
            allow_literal_secrets=allow_literal_secrets, scim_version=scim_version,
            unique_user_identifier=unique_user_identifier, remove_user_action=remove_user_action,
            create_users=create_users, update_users=update_users, disable_users=disable_users,
            provision_disabled_users=provision_disabled_users, prevent_destroy=prevent_destroy,
            connector_descriptor=connector_descriptor, adopt=adopt,
        )
        self.model: ConnectionModel = build_model(self.props, path=lambda: self.node.path, construct_id=id)
        _claim_stack_names(self, _stack_of(scope))
        for warning in self.model.warnings:
            cdk.Annotations.of(self).add_warning(warning)

        self.secret_variables: Mapping[str, cdk.TerraformVariable] = {
            v.name: self._declare_variable(v.name, v.description) for v in self.model.secret_variables
        }
        attributes: dict[str, Any] = {
            "connection_id": self.model.connection_id,
            "entity_id": self.model.entity_id,
            "name": self.model.name,
            "active": self.model.active,
            # Outbound provisioning only (step 2.2): no browser SSO, WS-Trust or attribute query.
            "outbound_provision": IdpSpConnectionOutboundProvision(
                type=self.model.plugin_type,
                target_settings=[
                    IdpSpConnectionOutboundProvisionTargetSettings(name=s.name, value=self._value(s.value))
                    for s in self.model.target_settings
                ],
                channels=[self._channel(ch, i) for i, ch in enumerate(self.model.channels)],
            ),
        }
        self._check_against_provider_rules(attributes)
        self.resource = IdpSpConnection(
            self, RESOURCE_ID, **attributes, provider=provider,
            lifecycle=_lifecycle(self.model.prevent_destroy),
        )
        if self.model.adopt:
            # `import { to = ..., id = connection_id }`: plan reads the existing connection into state and
            # updates it in place; Terraform ignores the block once the connection is in state.
            self.resource.import_from(self.model.connection_id, provider)

    @property
    def connection_id(self) -> str:
        """The PingFederate connection id, as configured (known at synth time)."""
        return self.model.connection_id

    @property
    def connection_id_reference(self) -> str:
        """The connection id as a reference to the resource: an output or resource using it depends on the
        connection (``${pingfederate_idp_sp_connection.<name>.connection_id}``)."""
        return self.resource.get_string_attribute("connection_id")

    def _check_against_provider_rules(self, attributes: Mapping[str, Any]) -> None:
        """Fail at synth, not at plan: the attributes about to be emitted against the provider's validators.

        Rendered from the structs handed to the binding (ours or generated ones alike), before the
        resource exists, so a refused connection leaves nothing half-built in the tree.
        """
        secret_paths = {f"outbound_provision.target_settings[{i}].value"
                        for i, s in enumerate(self.model.target_settings) if s.secret}
        problems = provider_rule_problems(IdpSpConnection.TF_RESOURCE_TYPE, to_terraform(attributes),
                                          path=lambda: self.node.path, secret_paths=secret_paths)
        if problems:
            raise ValidationError(problems)

    @classmethod
    def from_props(
        cls, scope: Construct, id: str, props: Code42ScimConnectionProps, *,
        provider: cdk.TerraformProvider | None = None,
    ) -> Code42ScimConnection:
        """Build from a props object (e.g. one read from the config file)."""
        kwargs: dict[str, Any] = {f.name: getattr(props, f.name) for f in dataclasses.fields(props)}
        return cls(scope, id, provider=provider, **kwargs)

    def _declare_variable(self, name: str, description: str) -> cdk.TerraformVariable:
        var = cdk.TerraformVariable(self, name, type="string", sensitive=True, nullable=False,
                                      description=description)
        var.override_logical_id(name)  # the documented TF_VAR_<name> contract, independent of the tree
        return var

    def _value(self, value: str | SecretRef) -> str:
        if isinstance(value, SecretRef):
            # The variable's logical id is pinned to its name, so this is exactly what string_value
            # resolves to, without a round trip into node per secret.
            return f"${{var.{value.variable_name}}}"
        return value

    def _channel(self, ch: ChannelModel, index: int) -> IdpSpConnectionOutboundProvisionChannels:
        src = ch.source
        data_store_id = ch.data_store_id
        if ch.look_up_data_store:
            data_store_id = DataPingfederateDataStore(
                self, f"DataStore{index}", data_store_id=ch.data_store_id
            ).data_store_id
        return IdpSpConnectionOutboundProvisionChannels(
            name=ch.name,
            active=ch.active,
            max_threads=ch.max_threads,
            timeout=ch.timeout,
            channel_source=IdpSpConnectionOutboundProvisionChannelsChannelSource(
                base_dn=ch.base_dn,
                data_source=IdpSpConnectionOutboundProvisionChannelsChannelSourceDataSource(id=data_store_id),
                guid_attribute_name=src.guid_attribute_name,
                guid_binary=src.guid_binary,
                change_detection_settings=IdpSpConnectionOutboundProvisionChannelsChannelSourceChangeDetectionSettings(
                    changed_users_algorithm=src.changed_users_algorithm.value,
                    usn_attribute_name=src.usn_attribute_name,
                    time_stamp_attribute_name=src.time_stamp_attribute_name,
                    user_object_class=src.user_object_class,
                    group_object_class=src.group_object_class,
                ),
                account_management_settings=IdpSpConnectionOutboundProvisionChannelsChannelSourceAccountManagementSettings(
                    account_status_algorithm=src.account_status_algorithm.value,
                    account_status_attribute_name=src.account_status_attribute_name,
                    flag_comparison_value=src.flag_comparison_value,
                    flag_comparison_status=src.flag_comparison_status,
                    default_status=src.default_status,
                ),
                group_membership_detection=IdpSpConnectionOutboundProvisionChannelsChannelSourceGroupMembershipDetection(
                    member_of_group_attribute_name=src.member_of_group_attribute_name,
                    group_member_attribute_name=src.group_member_attribute_name,
                ),
                user_source_location=IdpSpConnectionOutboundProvisionChannelsChannelSourceUserSourceLocation(
                    filter=ch.user_filter, group_dn=ch.user_group_dn, nested_search=ch.nested_search
                ),
            ),
            attribute_mapping=[_attribute_mapping(code, fm) for code, fm in ch.mapping],
        )


@cache
def _lifecycle(prevent_destroy: bool) -> cdk.TerraformResourceLifecycle:
    # Two possible values, both immutable: building a jsii struct runs its type checks every time.
    return cdk.TerraformResourceLifecycle(prevent_destroy=prevent_destroy)


_CLAIMS = "_code42_scim_claims"  # attribute on the stack object: {(kind, name): the construct claiming it}
_STACK = "_code42_scim_stack"  # attribute on a scope object: the stack it is in


def _stack_of(scope: Construct) -> cdk.TerraformStack:
    """The stack ``scope`` is in, asked of node at most once per scope object (not once per connection)."""
    if isinstance(scope, cdk.TerraformStack):
        return scope
    stack: cdk.TerraformStack | None = scope.__dict__.get(_STACK)
    if stack is None:
        stack = scope.__dict__[_STACK] = cdk.TerraformStack.of(scope)
    return stack


def _claim_stack_names(connection: Code42ScimConnection, stack: cdk.TerraformStack) -> None:
    """Refuse a second connection in the same stack with the same connection_id or secret variable name.

    Two connections with one connection_id would fail at apply; two that derive the same variable name
    (construct ids ``code42-a`` and ``code42_a``) would silently share one secret.
    """
    claims: dict[tuple[str, str], Construct] = stack.__dict__.setdefault(_CLAIMS, {})
    wanted = [("connection_id", connection.model.connection_id)]
    wanted += [("secret variable", v.name) for v in connection.model.secret_variables]
    problems = [
        Problem(connection.node.path, kind, repr(name),
                f"is already used by {claims[(kind, name)].node.path} in the same stack",
                "give the connection another construct id" if kind == "secret variable"
                else "give every connection its own connection_id")
        for kind, name in wanted if (kind, name) in claims
    ]
    if problems:
        raise ValidationError(problems)
    # The construct, not its path: asking node for a path is a round trip, only worth it for an error.
    claims.update(dict.fromkeys(wanted, connection))


def _attribute_mapping(code: str, fm: FieldMapping) -> IdpSpConnectionOutboundProvisionChannelsAttributeMapping:
    return IdpSpConnectionOutboundProvisionChannelsAttributeMapping(
        field_name=code,
        saas_field_info=IdpSpConnectionOutboundProvisionChannelsAttributeMappingSaasFieldInfo(
            attribute_names=list(fm.attribute_names),
            expression=fm.expression,
            default_value=fm.default_value,
            parser=fm.parser.value,
            character_case=fm.character_case.value,
            trim=fm.trim,
            create_only=fm.create_only,
            masked=fm.masked,
        ),
    )
