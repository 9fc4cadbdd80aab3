"""``code42-scim preflight pingfederate|code42``: check the servers a deploy will talk to, before deploying.

The room: one report (``report``: ``Check``, ``Status``, the text/JSON renderer), one credentials type and
secret-from-environment helper (``credentials``), one resolver for the target a config file names
(``target``: environment, connections, TLS trust), the PingFederate admin API client (``pf_admin``, also
used by ``descriptor pull`` and ``adopt``), and the two commands (``pingfederate``; ``code42`` with its SCIM
checks in ``scim``).
"""
