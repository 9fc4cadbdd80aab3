"""The one error type the bindings raise on purpose (a ``ValueError``, so generic callers still catch it).

The bindings never import the construct library; ``code42_scim`` re-exports this type, and its app
entry point reports it like its own errors: one line, no traceback.
"""

from __future__ import annotations

__all__ = ["BindingError"]


class BindingError(ValueError):
    """A value the provider would reject, refused while building a binding."""
