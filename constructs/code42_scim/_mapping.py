"""The Code42 attribute mapping (Ping's Code42 guide; docs/code42-guide.md) and how a channel's overrides apply."""

from __future__ import annotations

from ._props import FieldMapping, LdapChannel

__all__ = ["CODE42_MAPPING", "effective_mapping", "mapped_field_codes"]


def _ldap(*names: str) -> FieldMapping:
    return FieldMapping(attribute_names=names)


# SCIM field <- LDAP attribute. `manager` is left out: it needs an attribute holding the manager's Code42
# user id, which directories do not have by default (add it per channel when you have one).
CODE42_MAPPING: dict[str, FieldMapping] = {
    "userName": _ldap("mail"),
    "workEmail": _ldap("mail"),
    "givenName": _ldap("givenName"),
    "familyName": _ldap("sn"),
    "externalId": _ldap("objectGUID"),
    "title": _ldap("title"),
    "userType": _ldap("employeeType"),
    "department": _ldap("department"),
    "division": _ldap("division"),
    "workCity": _ldap("l"),
    "workState": _ldap("st"),
    "workCountry": _ldap("c"),
    "workStreetAddress": _ldap("streetAddress"),
    "workPostalCode": _ldap("postalCode"),
}


def effective_mapping(channel: LdapChannel, guid_attribute_name: str | None = None) -> dict[str, FieldMapping]:
    """The preset (when used) with the channel's overrides applied; ``None`` overrides remove a field.

    Ordered by field name so synthesized JSON and plans are stable whatever order overrides came in.
    """
    merged: dict[str, FieldMapping | None] = dict(CODE42_MAPPING) if channel.use_code42_mapping else {}
    guid = guid_attribute_name or channel.guid_attribute_name
    if channel.use_code42_mapping and guid:
        # externalId carries the directory's GUID attribute (objectGUID on AD, entryUUID on PingDirectory).
        merged["externalId"] = _ldap(guid)
    merged.update(channel.attribute_mapping)
    return {k: v for k, v in sorted(merged.items()) if v is not None}


def mapped_field_codes(channel: LdapChannel) -> tuple[str, ...]:
    """The SCIM fields a channel provisions, sorted."""
    return tuple(effective_mapping(channel))
