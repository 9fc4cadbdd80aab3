"""Typed, frozen, keyword-only props: what a user writes. Validation lives in ``_model``."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import _defaults as d

__all__ = [
    "AccountStatusAlgorithm",
    "AuthMethod",
    "ChangedUsersAlgorithm",
    "CharacterCase",
    "Code42ScimConnectionProps",
    "DirectoryPreset",
    "FieldMapping",
    "LdapChannel",
    "Parser",
]


class AuthMethod(enum.Enum):
    """Step 3.2.2: the two methods Code42 offers. Values are the connector's option values."""

    OAUTH2_BEARER_TOKEN = "OAuth 2 Bearer Token"
    BASIC = "Basic Authentication"


class DirectoryPreset(enum.Enum):
    """Channel source defaults per directory type; every preset value stays overridable."""

    ACTIVE_DIRECTORY = "active_directory"
    PING_DIRECTORY = "ping_directory"


class ChangedUsersAlgorithm(enum.Enum):
    ACTIVE_DIRECTORY_USN = "ACTIVE_DIRECTORY_USN"
    TIMESTAMP = "TIMESTAMP"
    TIMESTAMP_NO_NEGATION = "TIMESTAMP_NO_NEGATION"


class AccountStatusAlgorithm(enum.Enum):
    ACCOUNT_STATUS_ALGORITHM_AD = "ACCOUNT_STATUS_ALGORITHM_AD"
    ACCOUNT_STATUS_ALGORITHM_FLAG = "ACCOUNT_STATUS_ALGORITHM_FLAG"


class CharacterCase(enum.Enum):
    LOWER = "LOWER"
    UPPER = "UPPER"
    NONE = "NONE"


class Parser(enum.Enum):
    EXTRACT_CN_FROM_DN = "EXTRACT_CN_FROM_DN"
    EXTRACT_USERNAME_FROM_EMAIL = "EXTRACT_USERNAME_FROM_EMAIL"
    NONE = "NONE"


@dataclass(frozen=True, kw_only=True)
class FieldMapping:
    """How one SCIM field is filled: LDAP attribute(s), or an OGNL expression, or a default value.

    Every flag is emitted explicitly with PingFederate's own default so plans never show drift.
    ``expression`` and ``default_value`` stay unset (None) unless given: the provider rejects ``""`` for
    both, and PingFederate fills them in itself.
    """

    attribute_names: Sequence[str] = ()
    expression: str | None = None
    default_value: str | None = None
    parser: Parser = Parser.NONE
    character_case: CharacterCase = CharacterCase.NONE
    trim: bool = False
    create_only: bool = False
    masked: bool = False


@dataclass(frozen=True, kw_only=True)
class LdapChannel:
    """A channel: an LDAP data store already defined in PingFederate, where to read users, and the mapping.

    ``None`` means "take it from the preset". ``attribute_mapping`` entries override the Code42 preset
    field by field; ``None`` as a value removes that field.
    """

    name: str
    base_dn: str
    # A literal id, or a reference such as DataStore(...).data_store_id (the channel then depends on it).
    data_store_id: str
    # True: declare a pingfederate_data_store data source so `terraform plan` fails early on a missing store.
    look_up_data_store: bool = False
    preset: DirectoryPreset = DirectoryPreset.ACTIVE_DIRECTORY
    active: bool = d.CHANNEL_ACTIVE
    max_threads: int = d.CHANNEL_MAX_THREADS
    timeout: int = d.CHANNEL_TIMEOUT_SECONDS
    # User source location
    user_filter: str | None = None
    user_group_dn: str | None = None
    nested_search: bool = d.NESTED_SEARCH
    # Preset-provided, overridable
    guid_attribute_name: str | None = None
    guid_binary: bool | None = None
    changed_users_algorithm: ChangedUsersAlgorithm | None = None
    usn_attribute_name: str | None = None
    time_stamp_attribute_name: str | None = None
    user_object_class: str | None = None
    group_object_class: str | None = None
    account_status_attribute_name: str | None = None
    account_status_algorithm: AccountStatusAlgorithm | None = None
    flag_comparison_value: str | None = None
    flag_comparison_status: bool | None = None
    default_status: bool | None = None
    member_of_group_attribute_name: str | None = None
    group_member_attribute_name: str | None = None
    # Mapping
    use_code42_mapping: bool = True
    attribute_mapping: Mapping[str, FieldMapping | None] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Code42ScimConnectionProps:
    """Every step of Ping's Code42 procedure as a prop, defaulting to the guide's value."""

    connection_id: str
    scim_url: str
    channels: Sequence[LdapChannel]
    name: str = d.CONNECTION_NAME
    entity_id: str | None = None  # default: connection_id (the console asks for any unique name)
    active: bool = d.CONNECTION_ACTIVE
    auth_method: AuthMethod = AuthMethod.OAUTH2_BEARER_TOKEN
    access_token: str | None = None
    basic_username: str | None = None
    basic_password: str | None = None
    declare_secret_variables: bool = d.DECLARE_SECRET_VARIABLES
    allow_literal_secrets: bool = d.ALLOW_LITERAL_SECRETS
    scim_version: str = d.SCIM_VERSION
    unique_user_identifier: str = d.UNIQUE_USER_IDENTIFIER
    remove_user_action: str = d.REMOVE_USER_ACTION
    create_users: bool = d.CREATE_USERS
    update_users: bool = d.UPDATE_USERS
    disable_users: bool = d.DISABLE_USERS
    provision_disabled_users: bool = d.PROVISION_DISABLED_USERS
    prevent_destroy: bool = d.PREVENT_DESTROY
    connector_descriptor: str | Path | None = None
    # Adopt a connection that already exists in PingFederate (made in the console) with a Terraform
    # import block for connection_id, instead of creating it (README, "Adoption").
    adopt: bool = d.ADOPT
