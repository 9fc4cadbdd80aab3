"""The project's packages imported the way an app imports them, nothing constructed.

``from code42_scim import Code42ScimConnection, build_app`` loads the construct, the stack and config
modules and the bindings (which pull in the CDK engine, cdktf or cdktn), so the difference to
``import_cdktf.py`` is exactly what the project's own modules add at start-up.
"""

from __future__ import annotations

from code42_scim import Code42ScimConnection, build_app  # noqa: F401
