"""Directory presets for a channel source (docs/code42-guide.md). A channel's explicit values win over these."""

from __future__ import annotations

from dataclasses import dataclass

from ._props import AccountStatusAlgorithm, ChangedUsersAlgorithm, DirectoryPreset

__all__ = ["PRESETS", "SourcePreset"]


@dataclass(frozen=True, kw_only=True)
class SourcePreset:
    guid_attribute_name: str
    guid_binary: bool
    changed_users_algorithm: ChangedUsersAlgorithm
    usn_attribute_name: str | None
    time_stamp_attribute_name: str
    user_object_class: str
    group_object_class: str
    account_status_attribute_name: str
    account_status_algorithm: AccountStatusAlgorithm
    flag_comparison_value: str | None
    flag_comparison_status: bool
    default_status: bool
    member_of_group_attribute_name: str | None
    group_member_attribute_name: str | None


PRESETS: dict[DirectoryPreset, SourcePreset] = {
    # AD: uSNChanged-based change detection, binary objectGUID, userAccountControl bit for disabled.
    DirectoryPreset.ACTIVE_DIRECTORY: SourcePreset(
        guid_attribute_name="objectGUID",
        guid_binary=True,
        changed_users_algorithm=ChangedUsersAlgorithm.ACTIVE_DIRECTORY_USN,
        usn_attribute_name="uSNChanged",
        time_stamp_attribute_name="whenChanged",
        user_object_class="user",
        group_object_class="group",
        account_status_attribute_name="userAccountControl",
        account_status_algorithm=AccountStatusAlgorithm.ACCOUNT_STATUS_ALGORITHM_AD,
        flag_comparison_value=None,
        # Emitted explicitly: PingFederate fills both with true and provider 1.2 would see drift (docs/provider.md).
        flag_comparison_status=True,
        default_status=True,
        member_of_group_attribute_name="memberOf",
        group_member_attribute_name="member",
    ),
    # PingDirectory: modifyTimestamp change detection, entryUUID, ds-pwp-account-disabled flag.
    DirectoryPreset.PING_DIRECTORY: SourcePreset(
        guid_attribute_name="entryUUID",
        guid_binary=False,
        changed_users_algorithm=ChangedUsersAlgorithm.TIMESTAMP_NO_NEGATION,
        usn_attribute_name=None,
        time_stamp_attribute_name="modifyTimestamp",
        user_object_class="inetOrgPerson",
        group_object_class="groupOfUniqueNames",
        account_status_attribute_name="ds-pwp-account-disabled",
        account_status_algorithm=AccountStatusAlgorithm.ACCOUNT_STATUS_ALGORITHM_FLAG,
        flag_comparison_value="true",
        # With the flag algorithm, "ds-pwp-account-disabled = true" means the account is disabled.
        flag_comparison_status=False,
        default_status=True,
        member_of_group_attribute_name="isMemberOf",
        group_member_attribute_name="uniqueMember",
    ),
}
