"""Code42 SCIM provisioning from PingFederate as CDK for Terraform constructs.

The construct itself (``Code42ScimConnection``) imports cdktf, which costs about a second; it is loaded
on first use so the CLI (which only needs the model) starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pingfederate.errors import BindingError

from ._descriptor import ConnectorDescriptor, load_descriptor
from ._errors import Code42ScimError, ConfigError, DescriptorError, Problem, ValidationError
from ._mapping import CODE42_MAPPING
from ._props import (
    AccountStatusAlgorithm,
    AuthMethod,
    ChangedUsersAlgorithm,
    CharacterCase,
    Code42ScimConnectionProps,
    DirectoryPreset,
    FieldMapping,
    LdapChannel,
    Parser,
)
from ._secrets import secret_variable_name

if TYPE_CHECKING:
    from ._construct import Code42ScimConnection
    from ._stack import Code42ScimStack, build_app

_LAZY = {"Code42ScimConnection": "._construct", "Code42ScimStack": "._stack", "build_app": "._stack"}

# The public API. Everything else (the model, the collector, the CLI's modules) is internal and may change.
__all__ = [
    "CODE42_MAPPING",
    "AccountStatusAlgorithm",
    "AuthMethod",
    "BindingError",
    "ChangedUsersAlgorithm",
    "CharacterCase",
    "Code42ScimConnection",
    "Code42ScimConnectionProps",
    "Code42ScimError",
    "Code42ScimStack",
    "ConfigError",
    "ConnectorDescriptor",
    "DescriptorError",
    "DirectoryPreset",
    "FieldMapping",
    "LdapChannel",
    "Parser",
    "Problem",
    "ValidationError",
    "build_app",
    "load_descriptor",
    "secret_variable_name",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'code42_scim' has no attribute {name!r}")
