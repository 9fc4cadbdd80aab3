"""pf-local: a local stand-in for the slice of the PingFederate admin API this project touches.

Its own package, not part of the construct library: it is installed with ``pip install 'code42-scim[local]'``
(Flask, werkzeug, jsonschema, cryptography come with that extra only) and started by ``code42-scim pf-local``.
It imports the library's core (``code42_scim._errors``, ``code42_scim._descriptor``, ``code42_scim._args``)
and nothing of the CLI; neither the construct nor the CLI commands import it.
"""
