"""Every default in one place, each with the reason it is the default (Ping's Code42 guide; docs/code42-guide.md).

Weakening one of the secure defaults is possible where Code42 allows it, and the construct then warns.
"""

from __future__ import annotations

from typing import Final

# Step 2.3: the console asks for a connection name; Code42 is what admins search for.
CONNECTION_NAME: Final = "Code42"
# Step 3.2.1: "Code42 supports SCIM 2.0 only".
SCIM_VERSION: Final = "2.0"
# Step 3.2.4: Code42's guide selects userName; changing it later needs delete + PingFederate restart.
UNIQUE_USER_IDENTIFIER: Final = "userName"
# Step 3.2.5: "Code42 does not support the delete option" -> Disable.
REMOVE_USER_ACTION: Final = "Disable"
# Step 3.2.6: create / update / disable-delete on (the connector's defaults, and what Code42 expects).
CREATE_USERS: Final = True
UPDATE_USERS: Final = True
DISABLE_USERS: Final = True
# Step 3.2.6: Code42 does not support provisioning disabled users (they would be created active).
PROVISION_DISABLED_USERS: Final = False
# Step 4: the connection is toggled on; a channel only runs when its connection is active.
CONNECTION_ACTIVE: Final = True
CHANNEL_ACTIVE: Final = True
# Admin API defaults (Channel.maxThreads / timeout); emitted explicitly so plans never show drift.
CHANNEL_MAX_THREADS: Final = 1
CHANNEL_TIMEOUT_SECONDS: Final = 60
# A destroyed connection resets provisioning state and can deprovision every Code42 user on re-create.
PREVENT_DESTROY: Final = True
# Code42's console issues an OAuth token when PingFederate is added as SCIM provider.
AUTH_METHOD_VALUE: Final = "OAuth 2 Bearer Token"
# Literal secrets would land in cdk.tf.json and state files; refused unless explicitly allowed.
ALLOW_LITERAL_SECRETS: Final = False
DECLARE_SECRET_VARIABLES: Final = True
# A new connection is created; adopting one made in the console is opt-in (it imports instead).
ADOPT: Final = False
# Channel user source: no nested group search unless asked (the provider's default, false).
NESTED_SEARCH: Final = False

# Values Code42 refuses, with the reason shown to the user.
REFUSED: Final[dict[str, tuple[str, str]]] = {
    "remove_user_action": ("Delete", "Code42 does not support the delete option; deprovisioned users must be disabled"),
    "scim_version": ("1.1", "Code42 supports SCIM 2.0 only"),
    "provision_disabled_users": (
        "True",
        "Code42 does not support provisioning disabled users: a disabled source user would be created active",
    ),
}

# Secure or Code42-recommended defaults that a user may change, with the warning shown when one is
# changed (aws-solutions-constructs style: allowed, but never silently).
WEAKENED: Final[dict[str, str]] = {
    "prevent_destroy": "disabled: `terraform destroy` or a replacement can delete the connection and reset "
                       "provisioning state for every Code42 user",
    "unique_user_identifier": "differs from Code42's 'userName'; changing it later needs delete + PingFederate "
                              "restart + recreate",
    "create_users": "turned off: new directory users will not get Code42 accounts",
    "update_users": "turned off: directory changes will not reach Code42",
    "disable_users": "turned off: leavers stay active in Code42",
}
