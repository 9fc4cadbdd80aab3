"""Where secrets come from: sensitive Terraform variables with documented names, or caller tokens.

Shared by the construct (which declares the variables) and the CLI (which reads ``TF_VAR_<name>`` the
same way Terraform does), so both always agree on the names.
"""

from __future__ import annotations

import re
from typing import Literal

__all__ = ["SecretKind", "env_var_for", "is_unresolved", "redact_url", "secret_variable_name"]

SecretKind = Literal["access_token", "basic_username", "basic_password"]

_TOKEN = re.compile(r"\$\{")
_USERINFO = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#]*@")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def is_unresolved(value: object) -> bool:
    """True for a cdktf token or Terraform reference (``${...}``): resolved only at apply time."""
    return isinstance(value, str) and _TOKEN.search(value) is not None


def secret_variable_name(construct_id: str, kind: SecretKind) -> str:
    """The Terraform variable a connection's secret is read from, e.g. ``code42_access_token``.

    Derived from the construct id so two connections in one stack never share a secret by accident;
    prefixed with ``code42`` so the variable is recognisable in a shared CI environment.
    """
    stem = _NON_WORD.sub("_", _CAMEL.sub("_", construct_id).lower()).strip("_") or "connection"
    if not stem.startswith("code42"):
        stem = f"code42_{stem}"
    return f"{stem}_{kind}"


def env_var_for(variable_name: str) -> str:
    """The environment variable Terraform reads a variable from."""
    return f"TF_VAR_{variable_name}"


def redact_url(url: object) -> object:
    """``url`` with any ``user:password@`` replaced, so a message can show where without who."""
    if not isinstance(url, str):
        return url
    return _USERINFO.sub(r"\1(credentials)@", url)
