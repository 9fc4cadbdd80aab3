"""``python -m code42_scim.cli``: the ``code42-scim`` console script without the script."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
