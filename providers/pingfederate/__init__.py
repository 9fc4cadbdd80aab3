"""Thin, typed CDKTF bindings for the ``pingidentity/pingfederate`` Terraform provider.

Module layout mirrors ``cdktf get`` output (``provider``, ``idp_sp_connection``,
``data_pingfederate_data_store``) so generated bindings can replace these without code changes
beyond the import prefix.
"""

from typing import TYPE_CHECKING, Any

from ._metadata import DEFAULT_VERSION_CONSTRAINT, PROVIDER_NAME, PROVIDER_SOURCE

if TYPE_CHECKING:
    from ._deferred import FastSynthApp

__all__ = ["DEFAULT_VERSION_CONSTRAINT", "PROVIDER_NAME", "PROVIDER_SOURCE", "FastSynthApp"]


def __getattr__(name: str) -> Any:
    # Loaded on use: `pingfederate.schema` stays importable without cdktf (and node).
    if name == "FastSynthApp":
        from ._deferred import FastSynthApp

        return FastSynthApp
    raise AttributeError(f"module 'pingfederate' has no attribute {name!r}")
