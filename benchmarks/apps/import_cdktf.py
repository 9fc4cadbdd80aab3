"""Import floor: ``import cdktf`` alone (node + jsii kernel start-up), nothing constructed."""

from __future__ import annotations

import cdktf  # noqa: F401
