"""Thin, typed CDKTF bindings for the ``pingidentity/pingfederate`` Terraform provider.

Module layout mirrors ``cdktf get`` output (``provider``, ``idp_sp_connection``,
``data_pingfederate_data_store``) so generated bindings can replace these without code changes
beyond the import prefix.
"""

from ._metadata import DEFAULT_VERSION_CONSTRAINT, PROVIDER_NAME, PROVIDER_SOURCE

__all__ = ["DEFAULT_VERSION_CONSTRAINT", "PROVIDER_NAME", "PROVIDER_SOURCE"]
