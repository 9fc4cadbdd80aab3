"""Thin, typed CDKTF bindings for the ``pingidentity/pingfederate`` Terraform provider.

Module layout and names mirror ``cdktf get`` output (``provider``, ``idp_sp_connection``,
``data_pingfederate_data_store``, ``data_store``), so generated bindings can replace these without code
changes (``tests/bindings`` proves it). ``rules`` and ``versions`` hold what the provider enforces.
"""

from ._metadata import DEFAULT_VERSION_CONSTRAINT, PROVIDER_NAME, PROVIDER_SOURCE

__all__ = ["DEFAULT_VERSION_CONSTRAINT", "PROVIDER_NAME", "PROVIDER_SOURCE"]
