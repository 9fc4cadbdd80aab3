"""LDAP filters (RFC 4515) and distinguished names (RFC 4514), parsed by ldap3 rather than by hand.

ldap3 is imported on first use (about 65 ms, mostly its ASN.1 codecs), so commands that never see a
filter do not pay for it; ``warm_up()`` starts that import in the background while the CDK engine's node
process starts, which a synth waits for anyway.
"""

from __future__ import annotations

import threading
import warnings
from functools import cache
from types import ModuleType

__all__ = ["dn_problem", "filter_problem", "warm_up"]


@cache
def _ldap3() -> tuple[ModuleType, ModuleType, type[Exception]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # ldap3 2.9 uses pyasn1 names deprecated since
        from ldap3.core.exceptions import LDAPException
        from ldap3.operation import search
        from ldap3.utils import dn
    return search, dn, LDAPException


def filter_problem(text: str) -> str | None:
    """Why ``text`` is not one LDAP search filter, or None."""
    search, _, ldap_exception = _ldap3()
    try:
        search.parse_filter(text.strip(), None, auto_escape=False, auto_encode=False, validator=None,
                            check_names=False)
    except ldap_exception as exc:
        return str(exc)
    except (ValueError, IndexError, TypeError) as exc:  # ldap3 raises these on some malformed input
        return f"malformed filter ({type(exc).__name__})"
    return None


def dn_problem(text: str) -> str | None:
    """Why ``text`` is not a distinguished name, or None."""
    _, dn, ldap_exception = _ldap3()
    try:
        parts = dn.parse_dn(text.strip())
    except ldap_exception as exc:
        return str(exc)
    except (ValueError, IndexError, TypeError) as exc:
        return f"malformed DN ({type(exc).__name__})"
    return None if parts else "empty DN"


@cache
def warm_up() -> None:
    """Import ldap3 in a background thread (once); the first check then finds it loaded."""
    threading.Thread(target=_ldap3, name="code42-scim-ldap3-import", daemon=True).start()
