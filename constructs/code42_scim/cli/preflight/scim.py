"""The checks behind ``code42-scim preflight code42``: URL, SCIM service, credentials, user schema.

Read-only by design: nothing is created in Code42 (a preflight must be safe to run against production),
so "the schema accepts the fields" is checked against the service's published ``/Schemas``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from .._http import (
    PLAIN_HTTP_FLAG,
    Deadline,
    HttpFailure,
    NetworkSettings,
    describe_body,
    describe_status,
    is_loopback,
    make_session,
    request,
)
from .credentials import AuthKind, Credentials
from .report import Check, Status

__all__ = ["CODE42_CONSOLES", "FIELD_ATTRIBUTES", "Options", "check_url", "run_checks"]

CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
_SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
_LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

# Code42 cloud consoles (Ping's Code42 guide); any other *.code42.com host is accepted too.
CODE42_CONSOLES: Mapping[str, str] = {
    "console.us.code42.com": "US",
    "console.us2.code42.com": "US2",
    "console.ie.code42.com": "Ireland",
    "console.gov.code42.com": "US government",
}


@dataclass(frozen=True, slots=True)
class ScimAttribute:
    """Where a PingFederate SCIM-connector field lands in SCIM: schema, attribute path, and ``type``."""

    schema: str
    path: tuple[str, ...]
    type_value: str | None = None

    def describe(self) -> str:
        dotted = ".".join(self.path)
        if self.type_value:
            dotted = f"{self.path[0]}[type={self.type_value}].{'.'.join(self.path[1:])}"
        prefix = {CORE_USER: "", ENTERPRISE_USER: "enterprise:", CORE_GROUP: "Group:"}.get(self.schema, "")
        return prefix + dotted


_U, _E = CORE_USER, ENTERPRISE_USER
FIELD_ATTRIBUTES: Mapping[str, ScimAttribute] = {
    "userName": ScimAttribute(_U, ("userName",)),
    "givenName": ScimAttribute(_U, ("name", "givenName")),
    "familyName": ScimAttribute(_U, ("name", "familyName")),
    "displayName": ScimAttribute(_U, ("displayName",)),
    "title": ScimAttribute(_U, ("title",)),
    "userType": ScimAttribute(_U, ("userType",)),
    "workEmail": ScimAttribute(_U, ("emails", "value"), "work"),
    "workPhone": ScimAttribute(_U, ("phoneNumbers", "value"), "work"),
    "mobilePhone": ScimAttribute(_U, ("phoneNumbers", "value"), "mobile"),
    "workStreetAddress": ScimAttribute(_U, ("addresses", "streetAddress"), "work"),
    "workCity": ScimAttribute(_U, ("addresses", "locality"), "work"),
    "workState": ScimAttribute(_U, ("addresses", "region"), "work"),
    "workPostalCode": ScimAttribute(_U, ("addresses", "postalCode"), "work"),
    "workCountry": ScimAttribute(_U, ("addresses", "country"), "work"),
    "department": ScimAttribute(_E, ("department",)),
    "division": ScimAttribute(_E, ("division",)),
    "employeeNumber": ScimAttribute(_E, ("employeeNumber",)),
    "manager": ScimAttribute(_E, ("manager", "value")),
    "groupDisplayName": ScimAttribute(CORE_GROUP, ("displayName",)),
    "members": ScimAttribute(CORE_GROUP, ("members",)),
}
# RFC 7643 §3.1 common attributes: every resource has them, schemas need not list them.
_COMMON = frozenset({"externalId", "id"})


@dataclass(frozen=True, slots=True)
class Options:
    scim_url: str
    credentials: Credentials
    fields: tuple[str, ...]
    allow_non_code42_host: bool = False
    verify: bool | str = True
    net: NetworkSettings = field(default_factory=NetworkSettings)
    probe_user: str | None = None


class _Stop(Exception):
    """A failure after which later checks cannot say anything useful (they would fail the same way)."""


def check_url(url: str, allow_non_code42_host: bool, allow_plain_http_loopback: bool = False) -> tuple[Check, bool]:
    """(result, whether it is safe to send credentials there)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return Check("url", Status.FAIL, "the SCIM URL is not a valid URL: copy the Base URL from Code42"), False
    plain_loopback = parts.scheme == "http" and allow_plain_http_loopback and is_loopback(parts.hostname)
    if parts.scheme != "https" and not plain_loopback:
        scheme = parts.scheme if parts.scheme.isalnum() and len(parts.scheme) < 12 else "no"
        return Check("url", Status.FAIL, f"the SCIM URL must start with https:// (got {scheme or 'no'} "
                     "scheme): Code42 accepts SCIM only over HTTPS and the token must not cross the network in "
                     f"clear; copy the Base URL from Code42 ({PLAIN_HTTP_FLAG} allows http:// to this machine "
                     "only, for a test server)"), False
    if parts.username or parts.password:
        return Check("url", Status.FAIL, "the SCIM URL contains credentials (user:password@): remove them; "
                     "the token or password is supplied separately"), False
    host = (parts.hostname or "").lower()
    if not host:
        return Check("url", Status.FAIL, "the SCIM URL has no host name: copy the Base URL from Code42"), \
            False
    if host in CODE42_CONSOLES:
        return Check("url", Status.PASS, f"{host} is the Code42 {CODE42_CONSOLES[host]} console"), True
    if host.endswith(".code42.com"):
        return Check("url", Status.PASS, f"{host} is a Code42 host (*.code42.com)"), True
    if allow_non_code42_host:
        plain = f", over plain HTTP (allowed by {PLAIN_HTTP_FLAG})" if plain_loopback else ""
        return Check("url", Status.WARN,
                     f"{host} is not a Code42 host (allowed by --allow-non-code42-host){plain}"), True
    return Check("url", Status.FAIL, f"{host} is not a Code42 host (console.us/us2/ie/gov.code42.com or "
                 "*.code42.com): check the SCIM URL; credentials were not sent. Pass "
                 "--allow-non-code42-host for a test server"), False


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


class _Runner:
    def __init__(self, options: Options) -> None:
        self.o = options
        self.base = options.scim_url.rstrip("/")
        self.session = make_session(verify=options.verify, auth=options.credentials.auth(),
                                    headers={"Accept": "application/scim+json, application/json"},
                                    allow_plain_http_loopback=options.net.allow_plain_http_loopback)
        self.checks: list[Check] = []
        self.run = options.net.run_deadline()
        self.deadline: Deadline = options.net.check(self.run)

    def get(self, path: str, **params: str) -> requests.Response:
        net = self.o.net
        return request(self.session, "GET", f"{self.base}{path}", timeout=net.timeout, retries=net.retries,
                       backoff=net.backoff, deadline=self.deadline, params=params or None)

    def add(self, name: str, status: Status, message: str) -> None:
        self.checks.append(Check(name, status, message))

    def status_failure(self, name: str, response: requests.Response, what: str) -> None:
        """One actionable line for an unexpected status on ``what``; stops the run."""
        code = response.status_code
        source = self.o.credentials.secret_source
        kind = "access token" if self.o.credentials.method is AuthKind.ACCESS_TOKEN else "username/password"
        host = urlsplit(self.base).hostname
        if code == 401:
            message = (f"{host} rejected the {kind} from {source} (HTTP 401): issue a new one in Code42 "
                       "(Integrations > Identity Management > Provisioning) and update it")
        elif code == 403:
            message = (f"{host} accepted the {kind} but refused {what} (HTTP 403): the Code42 SCIM "
                       "provider's credentials lack permission; recreate them in Code42")
        elif code == 404:
            message = (f"no SCIM endpoint at {urlsplit(self.base).path or '/'}{what} on {host} (HTTP 404): "
                       "wrong base path; use the exact Base URL Code42 shows for the SCIM provider")
        elif code == 429:
            after = response.headers.get("Retry-After")
            wait = f"Retry-After {after}s" if after else "no Retry-After"
            message = (f"{host} rate-limited the preflight (HTTP 429, {wait}) after {self.o.net.retries} "
                       f"retries: wait{f' {after}s' if after else ''} and run it again")
        elif code >= 500:
            message = (f"{host} failed on {what} (HTTP {code}) after {self.o.net.retries} retries: Code42's SCIM "
                       "service has a problem; retry later or check status.code42.com")
        else:
            message = f"{what}: {describe_status(response)}"
        self.add(name, Status.FAIL, message)
        raise _Stop

    # -- checks ------------------------------------------------------------------------------------------
    def service(self) -> None:
        response = self.get("/ServiceProviderConfig")
        body = _json(response)
        if response.status_code == 200 and isinstance(body, Mapping):
            if _SPC_SCHEMA not in (body.get("schemas") or []):
                self.add("service", Status.WARN, "/ServiceProviderConfig is not SCIM 2.0 (Code42 supports "
                         "SCIM 2.0 only): check the base path ends with the /v2 Code42 shows")
                return
            features = [f for f in ("filter", "patch", "bulk")
                        if isinstance(body.get(f), Mapping) and body[f].get("supported")]
            self.add("service", Status.PASS, "SCIM 2.0 service answers /ServiceProviderConfig"
                     + (f" (supports {', '.join(features)})" if features else ""))
            self._auth_schemes(body)
        elif response.status_code == 200:
            self.add("service", Status.FAIL, f"/ServiceProviderConfig answered HTTP 200 with "
                     f"{describe_body(response)}, not SCIM JSON: the URL is not a SCIM base; use the exact Base "
                     "URL Code42 shows")
            raise _Stop
        elif response.status_code in (401, 403, 404, 501):
            # Not offered (or protected): the /Users probe decides whether the service is there.
            self.add("service", Status.SKIP, f"/ServiceProviderConfig not available (HTTP "
                     f"{response.status_code}); probing /Users instead")
        else:
            self.status_failure("service", response, "/ServiceProviderConfig")

    def _auth_schemes(self, spc: Mapping[str, Any]) -> None:
        schemes = spc.get("authenticationSchemes")
        if not isinstance(schemes, list) or not schemes:
            return
        kinds = {str(s.get("type", "")).lower() for s in schemes if isinstance(s, Mapping)}
        wanted = "oauthbearertoken" if self.o.credentials.method is AuthKind.ACCESS_TOKEN else "httpbasic"
        if wanted not in kinds:
            self.add("auth-scheme", Status.WARN, f"the service lists {', '.join(sorted(kinds))} but not "
                     f"{wanted}: check the Authentication Method matches what Code42 issued")

    def credentials(self) -> None:
        if self.o.probe_user:
            value = self.o.probe_user.replace("\\", "\\\\").replace('"', '\\"')
            response = self.get("/Users", filter=f'userName eq "{value}"', count="1")
            what = "/Users?filter=userName eq ..."
        else:
            response = self.get("/Users", count="1")
            what = "/Users"
        body = _json(response)
        if response.status_code != 200:
            self.status_failure("credentials", response, what)
        if not isinstance(body, Mapping) or _LIST_SCHEMA not in (body.get("schemas") or []):
            self.add("credentials", Status.FAIL, f"{what} answered HTTP 200 but not with a SCIM ListResponse "
                     f"(received {describe_body(response)}): the URL is not a SCIM base; use the exact Base URL "
                     "Code42 shows")
            raise _Stop
        total = body.get("totalResults")
        source = self.o.credentials.secret_source
        self.add("credentials", Status.PASS, f"credentials from {source} accepted (GET {what} → 200)")
        if self.o.probe_user:
            if total:
                self.add("probe-user", Status.PASS, "the probe user exists in Code42")
            else:
                self.add("probe-user", Status.WARN, "the probe user is not in Code42 yet: it will be created "
                         "by the first provisioning cycle")

    def schema(self) -> None:
        response = self.get("/Schemas")
        if response.status_code in (404, 501):
            self.add("schema", Status.WARN, f"/Schemas not offered (HTTP {response.status_code}): the mapped "
                     "fields could not be checked against Code42's user schema")
            return
        if response.status_code != 200:
            self.status_failure("schema", response, "/Schemas")
        schemas = _schemas_by_id(_json(response))
        if not schemas:
            self.add("schema", Status.WARN, f"/Schemas returned no schema (received {describe_body(response)}): "
                     "the mapped fields were not checked")
            return
        problems: list[str] = []
        unknown: list[str] = []
        for code in sorted(set(self.o.fields)):
            if code in _COMMON:
                continue
            target = FIELD_ATTRIBUTES.get(code)
            if target is None:
                unknown.append(code)
                continue
            problem = _attribute_problem(schemas, target)
            if problem:
                problems.append(f"{code} → {target.describe()} ({problem})")
        if problems:
            self.add("schema", Status.FAIL, "Code42's user schema does not accept: " + "; ".join(problems)
                     + ": remove these fields from the channel's attribute mapping "
                     "(e.g. `department = false`)")
        else:
            checked = len([f for f in set(self.o.fields) if f in FIELD_ATTRIBUTES])
            self.add("schema", Status.PASS, f"the user schema accepts all {checked} mapped fields")
        if unknown:
            self.add("schema-unknown", Status.WARN, f"no known SCIM attribute for {', '.join(unknown)}: "
                     "not checked")


def _schemas_by_id(body: Any) -> dict[str, Mapping[str, Any]]:
    items: Iterable[Any]
    if isinstance(body, Mapping):
        items = body.get("Resources") or ([body] if "attributes" in body else [])
    elif isinstance(body, list):
        items = body
    else:
        items = []
    return {str(s["id"]): s for s in items if isinstance(s, Mapping) and isinstance(s.get("id"), str)}


def _find(attributes: Any, name: str) -> Mapping[str, Any] | None:
    if not isinstance(attributes, list):
        return None
    return next((a for a in attributes if isinstance(a, Mapping)
                 and str(a.get("name", "")).lower() == name.lower()), None)


def _attribute_problem(schemas: Mapping[str, Mapping[str, Any]], target: ScimAttribute) -> str | None:
    schema = schemas.get(target.schema)
    if schema is None:
        label = "enterprise extension" if target.schema == ENTERPRISE_USER else "schema"
        return f"{label} {target.schema} not offered"
    attrs: Any = schema.get("attributes")
    node: Mapping[str, Any] | None = None
    for i, part in enumerate(target.path):
        node = _find(attrs, part)
        if node is None:
            return f"no attribute {'.'.join(target.path[: i + 1])}"
        if i == 0 and target.type_value:
            type_attr = _find(node.get("subAttributes"), "type")
            canon = type_attr.get("canonicalValues") if type_attr else None
            if isinstance(canon, list) and canon and target.type_value not in canon:
                return f"type {target.type_value!r} not among {', '.join(map(str, canon))}"
        attrs = node.get("subAttributes")
    if node is not None and node.get("mutability") in ("readOnly", "immutable"):
        return f"{node.get('mutability')}, PingFederate cannot update it"
    return None


def run_checks(options: Options) -> tuple[Check, ...]:
    """Run every check in order; stop early where later checks cannot tell anything new."""
    url_check, safe = check_url(options.scim_url, options.allow_non_code42_host,
                                options.net.allow_plain_http_loopback)
    if not safe:
        return (url_check,)
    runner = _Runner(options)
    runner.checks.append(url_check)
    if options.verify is False:
        runner.add("tls", Status.WARN, "TLS verification is off (--insecure): never use this against Code42")
    try:
        for step in (runner.service, runner.credentials, runner.schema):
            runner.deadline = options.net.check(runner.run)  # one deadline per check, inside the run's
            step()
    except HttpFailure as exc:
        # _http's refused-connection hint points at the PingFederate stand-in; it does not apply to Code42.
        runner.add("connection", Status.FAIL, str(exc).split(" (for the local stand-in")[0])
    except _Stop:
        pass
    finally:
        runner.session.close()
    return tuple(runner.checks)
