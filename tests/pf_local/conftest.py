"""A real pf-local server on a free loopback port per test (in-process thread), driven over HTTPS.

The server fixtures (``pf``, ``start_pf``, ``write_seed``) are shared by every room: tests/support/fixtures.py.
"""

from __future__ import annotations

import pytest
import requests

from tests.support.pf_local import PASSWORD, USER, PfServer, StartPf

__all__ = ["PASSWORD", "USER", "PfServer", "StartPf"]


@pytest.fixture
def admin(pf: PfServer) -> requests.Session:
    return pf.session()
