"""The project's packages imported the way an app imports them, nothing constructed.

``pingfederate.idp_sp_connection`` pulls in the CDK engine (cdktf or cdktn), so the difference to
``import_cdktf.py`` is exactly what the project's own modules add at start-up.
"""

from __future__ import annotations

import code42_scim  # noqa: F401
import pingfederate.idp_sp_connection  # noqa: F401
