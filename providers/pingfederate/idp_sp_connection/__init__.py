"""``resource "pingfederate_idp_sp_connection"`` with the whole ``outbound_provision`` subtree typed.

Class and argument names follow what ``cdktf get`` generates, so generated bindings can be swapped in.
SAML/WS-Trust subtrees (``sp_browser_sso``, ``ws_trust``, ``attribute_query``, ``credentials``) are
accepted as plain mappings: an outbound-provisioning-only connection (Code42) never sets them, and the
schema test checks whatever is passed through.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from constructs import Construct

from .._resource import StructResource
from .._struct import Struct
from ..engine import cdk

__all__ = [
    "IdpSpConnection",
    "IdpSpConnectionAdditionalAllowedEntitiesConfiguration",
    "IdpSpConnectionAdditionalAllowedEntitiesConfigurationAdditionalAllowedEntities",
    "IdpSpConnectionConfig",
    "IdpSpConnectionContactInfo",
    "IdpSpConnectionExtendedProperties",
    "IdpSpConnectionMetadataReloadSettings",
    "IdpSpConnectionMetadataReloadSettingsMetadataUrlRef",
    "IdpSpConnectionOutboundProvision",
    "IdpSpConnectionOutboundProvisionChannels",
    "IdpSpConnectionOutboundProvisionChannelsAttributeMapping",
    "IdpSpConnectionOutboundProvisionChannelsAttributeMappingSaasFieldInfo",
    "IdpSpConnectionOutboundProvisionChannelsChannelSource",
    "IdpSpConnectionOutboundProvisionChannelsChannelSourceAccountManagementSettings",
    "IdpSpConnectionOutboundProvisionChannelsChannelSourceChangeDetectionSettings",
    "IdpSpConnectionOutboundProvisionChannelsChannelSourceDataSource",
    "IdpSpConnectionOutboundProvisionChannelsChannelSourceGroupMembershipDetection",
    "IdpSpConnectionOutboundProvisionChannelsChannelSourceGroupSourceLocation",
    "IdpSpConnectionOutboundProvisionChannelsChannelSourceUserSourceLocation",
    "IdpSpConnectionOutboundProvisionCustomSchema",
    "IdpSpConnectionOutboundProvisionCustomSchemaAttributes",
    "IdpSpConnectionOutboundProvisionTargetSettings",
]


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionContactInfo(Struct):
    company: str | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionExtendedProperties(Struct):
    values: Sequence[str] | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionMetadataReloadSettingsMetadataUrlRef(Struct):
    id: str


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionMetadataReloadSettings(Struct):
    enable_auto_metadata_update: bool | None = None
    metadata_url_ref: IdpSpConnectionMetadataReloadSettingsMetadataUrlRef | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionAdditionalAllowedEntitiesConfigurationAdditionalAllowedEntities(Struct):
    entity_description: str | None = None
    entity_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionAdditionalAllowedEntitiesConfiguration(Struct):
    additional_allowed_entities: (
        Sequence[IdpSpConnectionAdditionalAllowedEntitiesConfigurationAdditionalAllowedEntities] | None
    ) = None
    allow_additional_entities: bool | None = None
    allow_all_entities: bool | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionTargetSettings(Struct):
    """One connector setting. ``value`` is Sensitive in the provider; pass secrets as variable references."""

    name: str
    value: str | None = None
    encrypted_value: str | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionCustomSchemaAttributes(Struct):
    multi_valued: bool | None = None
    name: str | None = None
    sub_attributes: Sequence[str] | None = None
    types: Sequence[str] | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionCustomSchema(Struct):
    attributes: Sequence[IdpSpConnectionOutboundProvisionCustomSchemaAttributes] | None = None
    namespace: str | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionChannelsAttributeMappingSaasFieldInfo(Struct):
    attribute_names: Sequence[str] | None = None
    character_case: str | None = None
    create_only: bool | None = None
    default_value: str | None = None
    expression: str | None = None
    masked: bool | None = None
    parser: str | None = None
    trim: bool | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionChannelsAttributeMapping(Struct):
    field_name: str
    saas_field_info: IdpSpConnectionOutboundProvisionChannelsAttributeMappingSaasFieldInfo


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionChannelsChannelSourceAccountManagementSettings(Struct):
    account_status_algorithm: str
    account_status_attribute_name: str
    default_status: bool | None = None
    flag_comparison_status: bool | None = None
    flag_comparison_value: str | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionChannelsChannelSourceChangeDetectionSettings(Struct):
    changed_users_algorithm: str
    group_object_class: str
    time_stamp_attribute_name: str
    user_object_class: str
    usn_attribute_name: str | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionChannelsChannelSourceDataSource(Struct):
    id: str


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionChannelsChannelSourceGroupMembershipDetection(Struct):
    group_member_attribute_name: str | None = None
    member_of_group_attribute_name: str | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionChannelsChannelSourceGroupSourceLocation(Struct):
    filter: str | None = None
    group_dn: str | None = None
    nested_search: bool | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionChannelsChannelSourceUserSourceLocation(Struct):
    filter: str | None = None
    group_dn: str | None = None
    nested_search: bool | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionChannelsChannelSource(Struct):
    account_management_settings: IdpSpConnectionOutboundProvisionChannelsChannelSourceAccountManagementSettings
    base_dn: str
    change_detection_settings: IdpSpConnectionOutboundProvisionChannelsChannelSourceChangeDetectionSettings
    data_source: IdpSpConnectionOutboundProvisionChannelsChannelSourceDataSource
    group_membership_detection: IdpSpConnectionOutboundProvisionChannelsChannelSourceGroupMembershipDetection
    guid_attribute_name: str
    guid_binary: bool
    user_source_location: IdpSpConnectionOutboundProvisionChannelsChannelSourceUserSourceLocation
    group_source_location: IdpSpConnectionOutboundProvisionChannelsChannelSourceGroupSourceLocation | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvisionChannels(Struct):
    active: bool
    attribute_mapping: Sequence[IdpSpConnectionOutboundProvisionChannelsAttributeMapping]
    channel_source: IdpSpConnectionOutboundProvisionChannelsChannelSource
    name: str
    max_threads: int | None = None
    timeout: int | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionOutboundProvision(Struct):
    type: str
    target_settings: Sequence[IdpSpConnectionOutboundProvisionTargetSettings]
    channels: Sequence[IdpSpConnectionOutboundProvisionChannels]
    custom_schema: IdpSpConnectionOutboundProvisionCustomSchema | None = None


@dataclass(frozen=True, kw_only=True)
class IdpSpConnectionConfig(Struct):
    """Every configurable top-level attribute (computed-only ``id``/``creation_date`` are never emitted)."""

    connection_id: str
    entity_id: str
    name: str
    active: bool | None = None
    additional_allowed_entities_configuration: IdpSpConnectionAdditionalAllowedEntitiesConfiguration | None = None
    application_icon_url: str | None = None
    application_name: str | None = None
    attribute_query: Mapping[str, Any] | None = None
    base_url: str | None = None
    connection_target_type: str | None = None
    contact_info: IdpSpConnectionContactInfo | None = None
    credentials: Mapping[str, Any] | None = None
    default_virtual_entity_id: str | None = None
    extended_properties: Mapping[str, IdpSpConnectionExtendedProperties] | None = None
    license_connection_group: str | None = None
    logging_mode: str | None = None
    metadata_reload_settings: IdpSpConnectionMetadataReloadSettings | None = None
    outbound_provision: IdpSpConnectionOutboundProvision | None = None
    sp_browser_sso: Mapping[str, Any] | None = None
    virtual_entity_ids: Sequence[str] | None = None
    ws_trust: Mapping[str, Any] | None = None


class IdpSpConnection(StructResource):
    """An SP connection. ``connection_id`` is immutable: changing it replaces the connection."""

    TF_RESOURCE_TYPE = "pingfederate_idp_sp_connection"
    config: IdpSpConnectionConfig

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        connection_id: str,
        entity_id: str,
        name: str,
        active: bool | None = None,
        additional_allowed_entities_configuration: IdpSpConnectionAdditionalAllowedEntitiesConfiguration
        | None = None,
        application_icon_url: str | None = None,
        application_name: str | None = None,
        attribute_query: Mapping[str, Any] | None = None,
        base_url: str | None = None,
        connection_target_type: str | None = None,
        contact_info: IdpSpConnectionContactInfo | None = None,
        credentials: Mapping[str, Any] | None = None,
        default_virtual_entity_id: str | None = None,
        extended_properties: Mapping[str, IdpSpConnectionExtendedProperties] | None = None,
        license_connection_group: str | None = None,
        logging_mode: str | None = None,
        metadata_reload_settings: IdpSpConnectionMetadataReloadSettings | None = None,
        outbound_provision: IdpSpConnectionOutboundProvision | None = None,
        sp_browser_sso: Mapping[str, Any] | None = None,
        virtual_entity_ids: Sequence[str] | None = None,
        ws_trust: Mapping[str, Any] | None = None,
        depends_on: Sequence[cdk.ITerraformDependable] | None = None,
        lifecycle: cdk.TerraformResourceLifecycle | None = None,
        provider: cdk.TerraformProvider | None = None,
    ) -> None:
        config = IdpSpConnectionConfig(
            connection_id=connection_id,
            entity_id=entity_id,
            name=name,
            active=active,
            additional_allowed_entities_configuration=additional_allowed_entities_configuration,
            application_icon_url=application_icon_url,
            application_name=application_name,
            attribute_query=attribute_query,
            base_url=base_url,
            connection_target_type=connection_target_type,
            contact_info=contact_info,
            credentials=credentials,
            default_virtual_entity_id=default_virtual_entity_id,
            extended_properties=extended_properties,
            license_connection_group=license_connection_group,
            logging_mode=logging_mode,
            metadata_reload_settings=metadata_reload_settings,
            outbound_provision=outbound_provision,
            sp_browser_sso=sp_browser_sso,
            virtual_entity_ids=virtual_entity_ids,
            ws_trust=ws_trust,
        )
        super().__init__(scope, id, config, depends_on=depends_on, lifecycle=lifecycle, provider=provider)

    # Computed attributes, as references for other resources and outputs (named as `cdktf get` names them).
    @property
    def id(self) -> str:
        return self.get_string_attribute("id")

    @property
    def creation_date(self) -> str:
        return self.get_string_attribute("creation_date")
