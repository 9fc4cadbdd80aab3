"""Subcommands of the ``code42-scim`` CLI (one module each)."""
