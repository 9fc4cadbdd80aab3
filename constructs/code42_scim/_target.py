"""Which PingFederate a stack manages: the provider block's settings, validated like connection props.

Admin credentials are deliberately not here: the provider reads ``PINGFEDERATE_PROVIDER_*`` from the
environment, so they never enter ``cdk.tf.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pingfederate import versions

from ._errors import Problem, ValidationError
from ._provider_rules import provider_rule_problems
from ._secrets import redact_url
from ._types import type_problems

__all__ = ["PingFederateTarget", "ProviderSettings", "resolve_target"]


@dataclass(frozen=True, kw_only=True)
class PingFederateTarget:
    """The provider block of one environment (``[environments.NAME.pingfederate]`` in the config file)."""

    https_host: str
    product_version: str
    admin_api_path: str | None = None
    insecure_trust_all_tls: bool | None = None
    ca_certificate_pem_files: Sequence[str] | None = None
    x_bypass_external_validation_header: bool | None = None
    # Terraform version constraint for the provider; default: the releases that accept product_version.
    provider_version: str | None = None


@dataclass(frozen=True, kw_only=True)
class ProviderSettings:
    """Keyword arguments for ``PingfederateProvider`` (attributes and the version constraint)."""

    attributes: dict[str, Any]
    version_constraint: str


def _host_problem(url: str) -> str | None:
    if url != url.strip() or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return "contains whitespace or a control character"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "must start with https:// (the provider only speaks HTTPS to the admin API)"
    if parts.username is not None or parts.password is not None:
        return "must not carry credentials: they would be written to cdk.tf.json"
    if not parts.hostname:
        return "has no host name"
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return "must be scheme, host and port only (the API path goes in admin_api_path)"
    return None


def resolve_target(target: PingFederateTarget, *, path: str) -> ProviderSettings:
    """Validate ``target`` (all problems at once) and derive the provider version constraint."""
    problems = [Problem(path, f"pingfederate.{where}", shown, f"has the wrong type: expected {expected}",
                        f"set {where} to {expected}") for where, shown, expected in type_problems(target)]
    if problems:
        raise ValidationError(problems)

    def add(field: str, value: object, message: str, fix: str) -> None:
        problems.append(Problem(path, f"pingfederate.{field}", repr(redact_url(value)), message, fix))

    why = _host_problem(target.https_host)
    if why:
        add("https_host", target.https_host, why, "use the admin console's base URL, e.g. 'https://pf.example.com:9999'")
    if target.admin_api_path is not None and not target.admin_api_path.startswith("/"):
        add("admin_api_path", target.admin_api_path, "must start with '/'", "leave it unset for '/pf-admin-api/v1'")
    constraint = target.provider_version
    try:
        if constraint is None:
            constraint = versions.constraint_for(target.product_version)
        else:
            versions.check_constraint(constraint, target.product_version)
    except versions.VersionProblem as exc:
        field = "provider_version" if target.provider_version is not None else "product_version"
        add(field, getattr(target, field), str(exc),
            "set product_version to your PingFederate's major.minor version (`code42-scim preflight pingfederate` "
            "reports it), and leave provider_version unset to get a matching provider release")
        constraint = ""
    attributes: dict[str, Any] = {
        "https_host": target.https_host,
        "admin_api_path": target.admin_api_path,
        "product_version": target.product_version,
        "insecure_trust_all_tls": target.insecure_trust_all_tls,
        "ca_certificate_pem_files": tuple(target.ca_certificate_pem_files)
        if target.ca_certificate_pem_files is not None else None,
        "x_bypass_external_validation_header": target.x_bypass_external_validation_header,
    }
    problems += provider_rule_problems("provider", {k: v for k, v in attributes.items() if v is not None},
                                       path=path)
    if problems:
        raise ValidationError(problems)
    return ProviderSettings(attributes=attributes, version_constraint=constraint)
