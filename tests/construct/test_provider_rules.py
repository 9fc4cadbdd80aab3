"""Values the real provider rejects fail at synth with a ValidationError: path, value, reason and fix."""

from __future__ import annotations

from typing import Any

import pytest

from code42_scim import Code42ScimConnection, FieldMapping, ValidationError
from code42_scim import _construct as construct_module
from pingfederate.engine import cdk
from pingfederate.idp_sp_connection import (
    IdpSpConnectionOutboundProvisionChannelsAttributeMapping,
    IdpSpConnectionOutboundProvisionChannelsAttributeMappingSaasFieldInfo,
)

from .conftest import ad_channel, connection_kwargs


def _error(**overrides: Any) -> ValidationError:
    stack = cdk.TerraformStack(cdk.Testing.app(), "test")
    with pytest.raises(ValidationError) as info:
        Code42ScimConnection(stack, "code42", **connection_kwargs(**overrides))
    return info.value


def _only_field(error: ValidationError) -> str:
    assert len(error.problems) == 1, str(error)
    return error.problems[0].field


REFUSED_BY_THE_PROVIDER: list[tuple[str, dict[str, Any], str, str]] = [
    ("an empty OGNL expression",
     {"channels": [ad_channel(attribute_mapping={"title": FieldMapping(attribute_names=["title"], expression="")})]},
     "saas_field_info.expression", "LengthAtLeast(1)"),
    ("an empty default value",
     {"channels": [ad_channel(attribute_mapping={"title": FieldMapping(attribute_names=["t"], default_value="")})]},
     "saas_field_info.default_value", "LengthAtLeast(1)"),
    ("the same LDAP attribute twice",
     {"channels": [ad_channel(attribute_mapping={"title": FieldMapping(attribute_names=["title", "title"])})]},
     "saas_field_info.attribute_names", "UniqueValues"),
    # RFC 4515 writes the DN's escaped comma as \5c, (a bare "\," is not a filter: the model refuses it first).
    ("an escaped comma in the LDAP filter",
     {"channels": [ad_channel(user_filter="(memberOf=CN=Smith\\5c, John,OU=Groups,DC=example,DC=com)")]},
     "user_source_location.filter", "invalid escape sequence"),
    ("an LDAP hex escape in the group DN",
     {"channels": [ad_channel(user_group_dn="CN=Smith\\2c John,OU=Groups,DC=example,DC=com")]},
     "user_source_location.group_dn", "backslash"),
    ("a backslash in the base DN", {"channels": [ad_channel(base_dn="OU=Smith\\, John,DC=example,DC=com")]},
     "channel_source.base_dn", "backslash"),
    ("a backslash in an LDAP attribute name",
     {"channels": [ad_channel(attribute_mapping={"title": FieldMapping(attribute_names=["job\\title"])})]},
     "saas_field_info.attribute_names[0]", "backslash"),
    ("a tab in the channel name", {"channels": [ad_channel(name="AD\tusers")]}, "channels[0].name", "control"),
    ("an empty flag comparison value", {"channels": [ad_channel(flag_comparison_value="")]},
     "flag_comparison_value", "LengthAtLeast(1)"),
]


@pytest.mark.parametrize(("case", "overrides", "field", "reason"), REFUSED_BY_THE_PROVIDER,
                         ids=[c[0] for c in REFUSED_BY_THE_PROVIDER])
def test_a_value_the_provider_rejects_fails_at_synth(case: str, overrides: dict[str, Any], field: str,
                                                     reason: str) -> None:
    error = _error(**overrides)
    assert field in _only_field(error)
    assert reason in str(error)
    assert "Fix:" in str(error)


def test_the_backslash_message_says_what_works_instead() -> None:
    error = _error(channels=[ad_channel(user_filter="(memberOf=CN=Smith\\5c, John,OU=G,DC=example,DC=com)")])
    assert "'\\2c'" in str(error)  # hex escapes do not help either
    assert "needs no escaping" in str(error)


def test_reintroducing_empty_expression_and_default_value_fails_at_synth(monkeypatch: pytest.MonkeyPatch) -> None:
    def old_rendering(code: str, fm: FieldMapping) -> IdpSpConnectionOutboundProvisionChannelsAttributeMapping:
        return IdpSpConnectionOutboundProvisionChannelsAttributeMapping(
            field_name=code,
            saas_field_info=IdpSpConnectionOutboundProvisionChannelsAttributeMappingSaasFieldInfo(
                attribute_names=list(fm.attribute_names), expression="", default_value="", parser="NONE",
                character_case="NONE", trim=False, create_only=False, masked=False),
        )

    monkeypatch.setattr(construct_module, "_attribute_mapping", old_rendering)
    error = _error()
    fields = {p.field.rsplit(".", 1)[-1] for p in error.problems}
    assert fields == {"expression", "default_value"}
    assert len(error.problems) == 2 * 14  # every mapped Code42 field, both keys


def test_a_literal_secret_the_provider_rejects_is_never_shown() -> None:
    error = _error(access_token="S3CRET\\token", allow_literal_secrets=True)
    assert "S3CRET" not in str(error)
    assert "(secret)" in str(error)
