"""Where a connection's Code42 credentials come from: the user's references, or variables the construct declares."""

from __future__ import annotations

from dataclasses import dataclass

from ._collector import Collector
from ._descriptor import SettingLabel
from ._props import AuthMethod, Code42ScimConnectionProps
from ._secrets import SecretKind, env_var_for, is_unresolved, secret_variable_name

__all__ = ["SecretRef", "SecretVariable", "resolve_credentials"]


@dataclass(frozen=True, slots=True)
class SecretRef:
    """A target-setting value read from a sensitive Terraform variable the construct declares."""

    variable_name: str


@dataclass(frozen=True, slots=True)
class SecretVariable:
    name: str
    description: str


def _check_secret(c: Collector, field: str, value: str | None, allow_literal: bool) -> None:
    if value is None:
        return
    if not value.strip():
        c.add(field, value, "must be a non-empty string", f"pass a Terraform variable reference as {field}",
              secret=True)
    elif not is_unresolved(value):
        if allow_literal:
            c.warn(field, "a literal secret was allowed (allow_literal_secrets=True): it is written to cdk.tf.json "
                          "and Terraform state; prefer a sensitive variable")
        else:
            c.add(field, value, "is a literal secret, which would be written to cdk.tf.json and state",
                  "pass a sensitive variable reference (e.g. TerraformVariable(..., sensitive=True).string_value), "
                  "leave it unset to use the construct's own variable, or set allow_literal_secrets=True",
                  secret=True)


def resolve_credentials(
    props: Code42ScimConnectionProps, construct_id: str, c: Collector
) -> tuple[dict[str, str | SecretRef], list[SecretVariable]]:
    """Credential values by setting label, and the sensitive variables the construct must declare."""
    values: dict[str, str | SecretRef] = {}
    variables: list[SecretVariable] = []
    bearer = props.auth_method is AuthMethod.OAUTH2_BEARER_TOKEN
    basic_given = [n for n in ("basic_username", "basic_password") if getattr(props, n) is not None]
    if bearer and basic_given:
        c.add(", ".join(basic_given), "(set)", "both auth modes are configured: auth_method is OAuth 2 Bearer Token "
              "but Basic credentials are set",
              "remove basic_username/basic_password, or set auth_method=AuthMethod.BASIC")
    if not bearer and props.access_token is not None:
        c.add("access_token", "(set)", "both auth modes are configured: auth_method is Basic Authentication but "
              "an access token is set", "remove access_token, or set auth_method=AuthMethod.OAUTH2_BEARER_TOKEN")
    _check_secret(c, "access_token", props.access_token, props.allow_literal_secrets)
    _check_secret(c, "basic_password", props.basic_password, props.allow_literal_secrets)
    if props.basic_username is not None:
        c.text("basic_username", props.basic_username)

    def take(label: str, kind: SecretKind, given: str | None, what: str) -> None:
        if given is not None:
            values[label] = given
        elif props.declare_secret_variables:
            name = secret_variable_name(construct_id, kind)
            values[label] = SecretRef(name)
            variables.append(SecretVariable(name, f"{what} for Code42 SCIM connection {props.connection_id!r} "
                                                  f"(set {env_var_for(name)})"))
        else:
            c.add(kind, None, "no credentials: PingFederate cannot authenticate to Code42",
                  f"set {kind} to a sensitive variable reference, or declare_secret_variables=True")

    if bearer:
        take(SettingLabel.ACCESS_TOKEN, "access_token", props.access_token, "OAuth 2 bearer token")
    else:
        take(SettingLabel.USERNAME, "basic_username", props.basic_username, "Basic auth username")
        take(SettingLabel.PASSWORD, "basic_password", props.basic_password, "Basic auth password")
    return values, variables
