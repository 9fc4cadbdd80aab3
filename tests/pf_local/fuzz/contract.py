"""The admin API description as schemathesis reads it, the checks pf-local is held to, and their documented gaps.

The description is the one pf-local ships (a copy of ``shared/reference/pf-admin-api-subset.json``;
``test_contract_fuzz`` checks they are the same). Two things are added in memory, never in the file:

- OpenAPI links (create -> read/update/delete by the returned ``id``; update -> read/delete), so the stateful run
  chains operations on resources that exist;
- the list of status codes pf-local answers that the description leaves out (:data:`SPEC_GAPS`), each with why.
"""

from __future__ import annotations

import copy
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)

from code42_scim_local.schema import SPEC_PATH

REFERENCE_SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "pf-admin-api-subset.json"
# A bounded run in the normal suite; `make fuzz` raises it (PF_LOCAL_FUZZ_EXAMPLES).
EXAMPLES = int(os.environ.get("PF_LOCAL_FUZZ_EXAMPLES", "10"))
STATEFUL_EXAMPLES = int(os.environ.get("PF_LOCAL_FUZZ_STATEFUL_EXAMPLES", str(max(EXAMPLES, 10))))

# (operation, status) pairs pf-local answers on purpose that the description does not list. Everything else
# status_code_conformance reports is a pf-local bug.
SPEC_GAPS: dict[tuple[str, int], str] = {
    ("GET /idp/connectors/descriptors/{id}", 404): "an unknown plugin id; PingFederate answers 404, the "
    "description lists only 200",
    ("PUT /serverSettings/outboundProvisioning", 400): "the description accepts */* bodies and lists no 400; a "
    "body that is not JSON (schemathesis sends YAML) gets the 400 every other write documents",
    ("PUT /dataStores/{id}", 403): "data stores from pf-local's seed file are configuration, read-only through "
    "the API (pf-local's own rule; tests/lifecycle pins the 403)",
    ("DELETE /dataStores/{id}", 403): "the same read-only seeded data stores",
}


def status_code_conformance_but_spec_gaps(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis's status_code_conformance, except the documented gaps above."""
    if (case.operation.label, response.status_code) in SPEC_GAPS:
        return None
    result: bool | None = status_code_conformance(ctx, response, case)
    return result


# Held to on every response. Not used, and why:
# - positive_data_acceptance: PingFederate (and so pf-local) refuses schema-valid bodies for rules the schema
#   cannot state: unknown connector types, data stores that do not exist, IDs outside [a-zA-Z0-9._-], control
#   characters, duplicate IDs. A 422 there is the contract, not a bug.
# - missing_required_header / ignored_auth / unsupported_method: the description declares no security scheme or
#   required header (auth and X-XSRF-Header are covered by tests/pf_local/test_server_api.py).
# - max_response_time: timing on a shared 2-core CI machine is noise.
CHECKS = [
    not_a_server_error,
    status_code_conformance_but_spec_gaps,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Invalid data must be refused (4xx): only meaningful for negative cases.
NEGATIVE_CHECKS = [*CHECKS, negative_data_rejection]
# Stateful: a created resource can be read; a deleted one is gone.
STATEFUL_CHECKS = [*CHECKS, ensure_resource_availability, use_after_free]

_COLLECTIONS = ("/idp/spConnections", "/dataStores")


@lru_cache(maxsize=1)
def raw_spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


def with_links(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``spec`` whose create and update responses link to read/update/delete by the body's ``id``."""
    spec = copy.deepcopy(spec)
    for collection in _COLLECTIONS:
        item = f"{collection}/{{id}}"
        targets = {m: spec["paths"][item][m]["operationId"] for m in ("get", "put", "delete")}
        for path, method, status in ((collection, "post", "201"), (item, "put", "200")):
            links = spec["paths"][path][method]["responses"][status].setdefault("links", {})
            for target, operation_id in targets.items():
                links[f"{target}ById"] = {"operationId": operation_id, "parameters": {"id": "$response.body#/id"}}
    return spec


@lru_cache(maxsize=1)
def schema() -> Any:
    return schemathesis.openapi.from_dict(with_links(raw_spec()))


def operation_labels() -> list[str]:
    return sorted(f"{method.upper()} {path}" for path, item in raw_spec()["paths"].items() for method in item)
