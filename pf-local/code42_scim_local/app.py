"""The Flask app: the slice of PingFederate's admin API this project touches, with PingFederate's behaviour.

Behaviour pinned here (see NOTES §4 and the admin API description): Basic auth and ``X-XSRF-Header``
required; bodies validated against the published schemas; 422 ``ApiResult`` bodies with
``validationErrors``; server-filled defaults; secrets (HASHED_TEXT settings) never returned.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import logging
import re
import secrets
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from .config import ServerConfig
from .limits import ID_RE as _ID_RE
from .limits import MAX_BODY_BYTES, BodyError, control_character_problems, log_safe, parse_json_body
from .schema import FieldProblem, schema_errors
from .store import Store

__all__ = ["LOG", "create_app"]

LOG = logging.getLogger("code42_scim_local")

# Server setting holding the LDAP data stores created through the API (the seed's stay configuration).
_CREATED_STORES = "createdDataStores"
_VALIDATION_MESSAGE = "Validation error(s) occurred. Please review the error(s) and address accordingly."
# Read-only per the admin API description: "ignored on PUT and POST requests".
_READ_ONLY = ("creationDate", "modificationDate", "replicationStatus")
_SAAS_FIELD_DEFAULTS: Mapping[str, Any] = {
    "attributeNames": [],
    "characterCase": "NONE",
    "createOnly": False,
    "defaultValue": "",
    "expression": "",
    "masked": False,
    "parser": "NONE",
    "trim": False,
}


# What PingFederate fills in an LDAP data store that was saved without them (the defaults the provider
# plans too: NOTES' provider rules §6). Served on GET, never stored: the seed stays as written.
_LDAP_STORE_DEFAULTS: Mapping[str, Any] = {
    "bindAnonymously": False,
    "useSsl": False,
    "useDnsSrvRecords": False,
    "followLDAPReferrals": False,
    "testOnBorrow": False,
    "testOnReturn": False,
    "createIfNecessary": False,
    "verifyHost": True,
    "minConnections": 10,
    "maxConnections": 100,
    "maxWait": -1,
    "timeBetweenEvictions": 0,
    "readTimeout": 0,
    "connectionTimeout": 0,
    "dnsTtl": 0,
    "ldapDnsSrvPrefix": "_ldap._tcp",
    "ldapsDnsSrvPrefix": "_ldaps._tcp",
    "maskAttributeValues": False,
}


def _version_at_least(version: str, major: int, minor: int) -> bool:
    parts = [int(p) for p in re.findall(r"\d+", version)[:2]] + [0, 0]
    return (parts[0], parts[1]) >= (major, minor)


def _served_data_store(store: Mapping[str, Any], pf_version: str) -> dict[str, Any]:
    """A data store as PingFederate returns it: an LDAP store with every default filled in, its host names
    also as the default ``hostnamesTags`` entry, and a generated name when it has none."""
    served = copy.deepcopy(dict(store))
    if served.get("type") != "LDAP":
        return served
    for key, value in _LDAP_STORE_DEFAULTS.items():
        served.setdefault(key, value)
    if _version_at_least(pf_version, 11, 3):
        served.setdefault("retryFailedOperations", False)
    if _version_at_least(pf_version, 12, 1):
        served.setdefault("useStartTLS", False)
    hostnames = served.get("hostnames") or []
    if hostnames and not served.get("hostnamesTags"):
        served["hostnamesTags"] = [{"hostnames": list(hostnames), "defaultSource": True}]
    # PingFederate names an unnamed store after its hosts and bind DN, e.g. "h1:389 h2:389 (cn=admin)".
    served.setdefault("name", "".join(f"{h} " for h in hostnames) + f"({served.get('userDN')})")
    return served


class ApiError(Exception):
    """Ends a request with a PingFederate-style ``ApiResult`` body."""

    def __init__(self, status: int, result_id: str, message: str, problems: list[FieldProblem] | None = None):
        super().__init__(message)
        self.status = status
        self.result_id = result_id
        self.message = message
        self.problems = problems or []

    def response(self) -> Response:
        body: dict[str, Any] = {"resultId": self.result_id, "message": self.message}
        if self.problems:
            body["validationErrors"] = [p.as_json() for p in self.problems]
        resp = jsonify(body)
        resp.status_code = self.status
        if self.status == 401:
            resp.headers["WWW-Authenticate"] = 'Basic realm="PingFederate"'
        return resp


def _invalid(problems: list[FieldProblem]) -> ApiError:
    return ApiError(422, "validation_error", _VALIDATION_MESSAGE, problems)


def _problem(path: str, message: str, error_id: str = "invalid_value") -> FieldProblem:
    return FieldProblem(error_id=error_id, field_path=path, message=message)


def _now() -> str:
    # PingFederate renders instants as ISO-8601 UTC with milliseconds.
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Api:
    """Request handlers bound to one config and one store."""

    def __init__(self, config: ServerConfig, store: Store) -> None:
        self.config = config
        self.store = store
        self.seed = config.seed
        self._key = store.sealing_key()
        store.setting_or_init("outboundProvisioning", lambda: copy.deepcopy(self.seed.outbound_provisioning))

    # -- helpers ---------------------------------------------------------------------------------------
    def _seal(self, connection_id: str, name: str, value: str) -> str:
        # Deterministic per (state, connection, field, value) so re-sending the same secret yields the same
        # encryptedValue (a stable plan), yet the value itself is never stored or returned.
        digest = hmac.new(self._key, f"{connection_id}\0{name}\0{value}".encode(), hashlib.sha256).digest()
        return "OBF:JWE:" + base64.urlsafe_b64encode(digest).decode().rstrip("=")

    @staticmethod
    def _json_body() -> Any:
        try:
            data = parse_json_body(request.get_data(cache=False))
        except BodyError as exc:
            raise ApiError(400, "invalid_json", str(exc)) from None
        if not isinstance(data, dict):
            raise ApiError(400, "invalid_json", "The request body must be a JSON object.")
        return data

    # -- SP connections ------------------------------------------------------------------------------
    def _fill_defaults(self, body: dict[str, Any]) -> None:
        """Defaults a real PingFederate fills (the provider treats these attributes as server-computed)."""
        body.setdefault("type", "SP")
        body.setdefault("active", False)
        body.setdefault("loggingMode", "STANDARD")
        body.setdefault("connectionTargetType", "STANDARD")
        body.setdefault("virtualEntityIds", [])
        outbound = body.get("outboundProvision")
        if not isinstance(outbound, dict):
            return
        for channel in outbound.get("channels") or []:
            if not isinstance(channel, dict):
                continue
            channel.setdefault("maxThreads", 1)
            channel.setdefault("timeout", 60)
            source = channel.get("channelSource")
            if isinstance(source, dict):
                account = source.get("accountManagementSettings")
                if isinstance(account, dict):
                    account.setdefault("defaultStatus", True)
                    account.setdefault("flagComparisonStatus", True)
                for location in ("userSourceLocation", "groupSourceLocation"):
                    if isinstance(source.get(location), dict):
                        source[location].setdefault("nestedSearch", False)
            for entry in channel.get("attributeMapping") or []:
                if isinstance(entry, dict) and isinstance(entry.get("saasFieldInfo"), dict):
                    for key, value in _SAAS_FIELD_DEFAULTS.items():
                        entry["saasFieldInfo"].setdefault(key, copy.deepcopy(value))

    def _check_outbound(
        self, conn_id: str, outbound: dict[str, Any], old: dict[str, Any] | None, problems: list[FieldProblem]
    ) -> None:
        """Connector, target settings and channels: what PingFederate checks beyond the schema."""
        base = "outboundProvision"
        descriptor = self.seed.connector(outbound["type"])
        if descriptor is None:
            installed = ", ".join(sorted(str(c.get("id")) for c in self.seed.connectors)) or "none"
            problems.append(
                _problem(
                    f"{base}.type",
                    f"Unknown connector type '{outbound['type']}'. Installed connectors: {installed}.",
                    "invalid_connector_type",
                )
            )
        fields = (descriptor or {}).get("configDescriptor", {}).get("fields", [])
        by_name = {f["name"]: f for f in fields}
        old_sealed = {
            s["name"]: s.get("encryptedValue")
            for s in ((old or {}).get("outboundProvision") or {}).get("targetSettings", [])
        }
        given: dict[str, dict[str, Any]] = {}
        for i, setting in enumerate(outbound["targetSettings"]):
            name = setting["name"]
            where = f"{base}.targetSettings[{i}]"
            if name in given:
                problems.append(_problem(f"{where}.name", f"Duplicate target setting '{name}'."))
                continue
            field = by_name.get(name)
            if descriptor is not None and field is None:
                problems.append(
                    _problem(
                        f"{where}.name",
                        f"'{name}' is not a field of connector '{outbound['type']}'.",
                        "invalid_field",
                    )
                )
                continue
            entry: dict[str, Any] = {"name": name}
            if field is not None and field.get("type") == "HASHED_TEXT":
                if setting.get("value"):
                    entry["encryptedValue"] = self._seal(conn_id, name, str(setting["value"]))
                elif setting.get("encryptedValue"):
                    if setting["encryptedValue"] != old_sealed.get(name):
                        problems.append(
                            _problem(
                                f"{where}.encryptedValue",
                                f"The encrypted value of '{name}' could not be decrypted.",
                            )
                        )
                    entry["encryptedValue"] = setting["encryptedValue"]
            else:
                entry["value"] = setting.get("value", "")
                options = [o.get("value") for o in (field or {}).get("optionValues") or []]
                if options and entry["value"] not in options:
                    problems.append(
                        _problem(
                            f"{where}.value",
                            f"'{entry['value']}' is not a valid option for "
                            f"'{field.get('label', name) if field else name}': "
                            f"{', '.join(map(str, options))}.",
                            "invalid_enum_value",
                        )
                    )
            given[name] = entry
        # Like PingFederate: every descriptor field comes back, missing ones with their default.
        settings: list[dict[str, Any]] = []
        for f in fields:
            found = given.get(f["name"])
            if found is not None:
                entry = found
            else:
                if f.get("type") == "HASHED_TEXT":
                    continue
                default = f.get("defaultForLegacyConfig", f.get("defaultValue", ""))
                entry = {"name": f["name"], "value": default}
            settings.append(entry)
            if f.get("required") and not (entry.get("value") or entry.get("encryptedValue")):
                problems.append(
                    _problem(
                        f"{base}.targetSettings",
                        f"'{f.get('label', f['name'])}' ({f['name']}) is required.",
                        "required_field_missing",
                    )
                )
        outbound["targetSettings"] = settings if descriptor is not None else list(given.values())

        codes = [m["code"] for m in (descriptor or {}).get("saasPluginFieldInfoDescriptors", [])]
        channel_names: set[str] = set()
        for ci, channel in enumerate(outbound["channels"]):
            where = f"{base}.channels[{ci}]"
            if channel["name"] in channel_names:
                problems.append(
                    _problem(
                        f"{where}.name",
                        f"Channel name '{channel['name']}' is already used in this connection.",
                        "duplicate_channel_name",
                    )
                )
            channel_names.add(channel["name"])
            store_id = channel["channelSource"]["dataSource"]["id"]
            store = self._data_store(store_id)
            if store is None:
                problems.append(
                    _problem(
                        f"{where}.channelSource.dataSource.id",
                        f"Data store '{store_id}' does not exist.",
                        "resource_not_found",
                    )
                )
            elif store.get("type") != "LDAP":
                problems.append(
                    _problem(
                        f"{where}.channelSource.dataSource.id",
                        f"Data store '{store_id}' is a {store.get('type')} data store; a "
                        "provisioning channel needs an LDAP data store.",
                        "invalid_data_store",
                    )
                )
            mapped: dict[str, dict[str, Any]] = {}
            for mi, mapping in enumerate(channel["attributeMapping"]):
                code = mapping["fieldName"]
                if code in mapped:
                    problems.append(
                        _problem(
                            f"{where}.attributeMapping[{mi}].fieldName",
                            f"Duplicate mapping for field '{code}'.",
                        )
                    )
                elif descriptor is not None and code not in codes:
                    problems.append(
                        _problem(
                            f"{where}.attributeMapping[{mi}].fieldName",
                            f"'{code}' is not a field of connector '{outbound['type']}'.",
                            "invalid_field",
                        )
                    )
                mapped[code] = mapping
            for m in (descriptor or {}).get("saasPluginFieldInfoDescriptors", []):
                info = (mapped.get(m["code"]) or {}).get("saasFieldInfo") or {}
                if m.get("required") and not (
                    info.get("attributeNames") or info.get("expression") or info.get("defaultValue")
                ):
                    problems.append(
                        _problem(
                            f"{where}.attributeMapping",
                            f"Field '{m['code']}' is required and must be mapped.",
                            "required_field_missing",
                        )
                    )
            # Like PingFederate: every connector field is listed, unmapped ones with empty settings.
            channel["attributeMapping"] = [
                *channel["attributeMapping"],
                *(
                    {"fieldName": c, "saasFieldInfo": copy.deepcopy(dict(_SAAS_FIELD_DEFAULTS))}
                    for c in codes
                    if c not in mapped
                ),
            ]

    def _prepared(self, body: dict[str, Any], conn_id: str, old: dict[str, Any] | None) -> dict[str, Any]:
        """Validate a POST/PUT body and return what would be stored (defaults filled, secrets sealed)."""
        body = copy.deepcopy(body)
        for key in _READ_ONLY:
            body.pop(key, None)
        self._fill_defaults(body)
        problems = schema_errors("SpConnection", body)
        if body.get("type") != "SP":
            problems.append(
                _problem("type", "The connection type must be 'SP' for an SP connection.", "invalid_enum_value")
            )
        if not _ID_RE.fullmatch(conn_id):
            problems.append(_problem("id", "The ID may contain only [a-zA-Z0-9._-]."))
        problems += control_character_problems(body)
        if body.get("id", conn_id) != conn_id:
            problems.append(
                _problem("id", f"The ID in the body ('{body['id']}') does not match the URL ('{conn_id}').")
            )
        body["id"] = conn_id
        if not problems and isinstance(body.get("outboundProvision"), dict):
            self._check_outbound(conn_id, body["outboundProvision"], old, problems)
        if problems:
            raise _invalid(problems)
        return body

    def list_connections(self) -> Response:
        """The query parameters PingFederate documents: entityId (exact), filter (case-insensitive part of the
        name or entity ID), page and numberPerPage (positive int32; 422 otherwise)."""
        args = request.args
        problems = [
            _problem(name, f"'{name}' must be a whole number from 1 to {_INT32_MAX}.")
            for name in ("page", "numberPerPage")
            if name in args and not _positive_int32(args[name])
        ]
        if problems:
            raise _invalid(problems)
        items = self.store.list_connections()
        if "entityId" in args:
            items = [c for c in items if c.get("entityId") == args["entityId"]]
        if args.get("filter"):
            wanted = args["filter"].casefold()
            items = [c for c in items if wanted in str(c.get("name", "")).casefold()
                     or wanted in str(c.get("entityId", "")).casefold()]
        page = int(args.get("page", "1"))
        per_page = int(args.get("numberPerPage", "0")) or max(len(items), 1)
        return jsonify({"items": items[(page - 1) * per_page:page * per_page]})

    def get_connection(self, conn_id: str) -> Response:
        found = self.store.get_connection(conn_id)
        if found is None:
            raise _not_found()
        return jsonify(found)

    def create_connection(self) -> Response:
        body = self._json_body()
        conn_id = body.get("id") if isinstance(body.get("id"), str) and body.get("id") else None
        conn_id = conn_id or secrets.token_hex(8)

        def create(store: Store) -> dict[str, Any]:
            if store.get_connection(conn_id) is not None:
                raise _invalid(
                    [_problem("id", f"An SP connection with ID '{conn_id}' already exists.", "duplicate_id")]
                )
            stored = self._prepared(body, conn_id, None)
            stored["creationDate"] = _now()
            store.put_connection(conn_id, stored)
            return stored

        created = self.store.atomically(create)
        resp = jsonify(created)
        resp.status_code = 201
        resp.headers["Location"] = f"{request.host_url.rstrip('/')}{self.config.api_path}/idp/spConnections/{conn_id}"
        return resp

    def update_connection(self, conn_id: str) -> Response:
        body = self._json_body()

        def update(store: Store) -> dict[str, Any]:
            old = store.get_connection(conn_id)
            if old is None:
                raise _not_found()
            stored = self._prepared(body, conn_id, old)
            stored["creationDate"] = old["creationDate"]
            store.put_connection(conn_id, stored)
            return stored

        return jsonify(self.store.atomically(update))

    def delete_connection(self, conn_id: str) -> Response:
        if not self.store.delete_connection(conn_id):
            raise _not_found()
        return Response(status=204)

    # -- read-only resources and settings -----------------------------------------------------------
    def version(self) -> Response:
        return jsonify({"version": self.seed.version})

    # -- data stores: the seed's (configuration, read-only) and those created through the API (state) --------
    def _created_stores(self) -> dict[str, Any]:
        return dict(self.store.get_setting(_CREATED_STORES) or {})

    def _data_store(self, store_id: str) -> Mapping[str, Any] | None:
        return self.seed.data_store(store_id) or self._created_stores().get(store_id)

    def data_stores(self) -> Response:
        stores = [*self.seed.data_stores, *self._created_stores().values()]
        return jsonify({"items": [_served_data_store(d, self.seed.version) for d in stores]})

    def data_store(self, store_id: str) -> Response:
        found = self._data_store(store_id)
        if found is None:
            raise _not_found()
        return jsonify(_served_data_store(found, self.seed.version))

    def _prepared_store(self, body: dict[str, Any], store_id: str, old: Mapping[str, Any] | None) -> dict[str, Any]:
        """An LDAP data store as it would be stored: checked like PingFederate, the password sealed."""
        body = copy.deepcopy(body)
        body.pop("lastModified", None)
        if body.get("type") != "LDAP":
            # The provider's other variants are outside what this project manages.
            raise _invalid([_problem("type", "pf-local stores LDAP data stores only.", "invalid_enum_value")])
        problems = schema_errors("LdapDataStore", body)
        if not _ID_RE.fullmatch(store_id):
            problems.append(_problem("id", "The ID may contain only [a-zA-Z0-9._-]."))
        problems += control_character_problems(body)
        if not body.get("hostnames") and not body.get("hostnamesTags"):
            problems.append(_problem("hostnames", "Either hostnames or hostnamesTags is required."))
        if problems:
            raise _invalid(problems)
        body["id"] = store_id
        password = body.pop("password", None)
        if password:
            body["encryptedPassword"] = self._seal(store_id, "password", str(password))
        elif old is not None and body.get("encryptedPassword") != old.get("encryptedPassword"):
            raise _invalid([_problem("encryptedPassword", "The encrypted password could not be decrypted.")])
        return body

    def create_data_store(self) -> Response:
        body = self._json_body()
        store_id = body.get("id") if isinstance(body.get("id"), str) and body.get("id") else secrets.token_hex(8)

        def create(store: Store) -> dict[str, Any]:
            created = dict(store.get_setting(_CREATED_STORES) or {})
            if self.seed.data_store(store_id) is not None or store_id in created:
                raise _invalid([_problem("id", f"A data store with ID '{store_id}' already exists.", "duplicate_id")])
            prepared = created[store_id] = self._prepared_store(body, store_id, None)
            store.put_setting(_CREATED_STORES, created)
            return prepared

        resp = jsonify(_served_data_store(self.store.atomically(create), self.seed.version))
        resp.status_code = 201
        return resp

    def update_data_store(self, store_id: str) -> Response:
        body = self._json_body()

        def update(store: Store) -> dict[str, Any]:
            created = dict(store.get_setting(_CREATED_STORES) or {})
            if store_id not in created:
                raise _seeded_store(store_id) if self.seed.data_store(store_id) is not None else _not_found()
            prepared = created[store_id] = self._prepared_store(body, store_id, created[store_id])
            store.put_setting(_CREATED_STORES, created)
            return prepared

        return jsonify(_served_data_store(self.store.atomically(update), self.seed.version))

    def delete_data_store(self, store_id: str) -> Response:
        def delete(store: Store) -> None:
            created = dict(store.get_setting(_CREATED_STORES) or {})
            if store_id not in created:
                raise _seeded_store(store_id) if self.seed.data_store(store_id) is not None else _not_found()
            users = sorted(c["id"] for c in store.list_connections()
                           for ch in (c.get("outboundProvision") or {}).get("channels", [])
                           if ch.get("channelSource", {}).get("dataSource", {}).get("id") == store_id)
            if users:
                # PingFederate refuses to delete a data store a connection still reads from.
                raise _invalid([_problem("id", f"Data store '{store_id}' is in use by: {', '.join(users)}.",
                                         "resource_in_use")])
            del created[store_id]
            store.put_setting(_CREATED_STORES, created)

        self.store.atomically(delete)
        return Response(status=204)

    def descriptors(self) -> Response:
        return jsonify({"items": list(self.seed.connectors)})

    def descriptor(self, plugin_id: str) -> Response:
        found = self.seed.connector(plugin_id)
        if found is None:
            raise _not_found()
        return jsonify(found)

    def get_provisioning(self) -> Response:
        current = self.store.get_setting("outboundProvisioning")
        if not current:
            # PingFederate with pf.provisioner.mode=OFF has no provisioner database.
            raise ApiError(
                404,
                "resource_not_found",
                "Outbound provisioning is not enabled on this server (pf.provisioner.mode=OFF).",
            )
        return jsonify(current)

    def put_provisioning(self) -> Response:
        body = self._json_body()
        problems = schema_errors("OutboundProvisionDatabase", body) + control_character_problems(body)
        if not problems:
            body.setdefault("synchronizationFrequency", 60)
            store = self.seed.data_store(body["dataStoreRef"]["id"])
            if store is None:
                problems.append(
                    _problem(
                        "dataStoreRef.id",
                        f"Data store '{body['dataStoreRef']['id']}' does not exist.",
                        "resource_not_found",
                    )
                )
            elif store.get("type") != "JDBC":
                problems.append(
                    _problem(
                        "dataStoreRef.id",
                        "The provisioner database must be a JDBC data store.",
                        "invalid_data_store",
                    )
                )
        if problems:
            raise _invalid(problems)
        self.store.put_setting("outboundProvisioning", body)
        return jsonify(body)


_INT32_MAX = 2**31 - 1


def _positive_int32(text: str) -> bool:
    return re.fullmatch(r"[0-9]{1,10}", text) is not None and 1 <= int(text) <= _INT32_MAX


def _check_bypass_header() -> None:
    """``X-BypassExternalValidation`` is a boolean header (creates and updates); anything else is refused."""
    value = request.headers.get("X-BypassExternalValidation")
    if value is not None and value.strip().lower() not in ("true", "false"):
        raise ApiError(400, "invalid_header", "The X-BypassExternalValidation header must be true or false.")


def _not_found() -> ApiError:
    return ApiError(404, "resource_not_found", "Resource not found.")


def _seeded_store(store_id: str) -> ApiError:
    return ApiError(403, "seeded_data_store", f"Data store '{store_id}' comes from pf-local's seed file "
                    "(configuration, read-only): edit the seed to change it.")


def create_app(config: ServerConfig, store: Store) -> Flask:
    """A Flask app serving ``config.api_path``; state in ``store``."""
    app = Flask("code42_scim_local")
    # Bodies beyond this end in a 413 before they are read (werkzeug enforces it on streamed bodies too).
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep PingFederate's field order
    api = _Api(config, store)
    prefix = config.api_path.rstrip("/")

    @app.before_request
    def _guard() -> None:
        g.started = time.monotonic()
        auth = request.authorization
        ok = (
            auth is not None
            and auth.type == "basic"
            and hmac.compare_digest((auth.username or "").encode(), config.admin_user.encode())
            and hmac.compare_digest((auth.password or "").encode(), config.admin_password.encode())
        )
        if not ok:
            raise ApiError(401, "authentication_failed", "Authentication failed: invalid or missing credentials.")
        if request.headers.get("X-XSRF-Header") != "PingFederate":
            raise ApiError(
                403,
                "xsrf_header_missing",
                "The 'X-XSRF-Header: PingFederate' header is required on every request.",
            )
        if request.method in ("POST", "PUT"):
            _check_bypass_header()

    @app.after_request
    def _log(resp: Response) -> Response:
        # Method, path, status and time only: bodies and the Authorization header may hold secrets.
        took = (time.monotonic() - g.get("started", time.monotonic())) * 1000
        # Every request-derived string is escaped: a %0A or an ESC in a URL cannot forge or colour a line.
        LOG.info('%s "%s %s" %s %.1fms', log_safe(request.remote_addr), log_safe(request.method),
                 log_safe(request.path), resp.status_code, took)
        return resp

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> Response:
        return exc.response()

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        code = exc.code or 500
        result = {404: "resource_not_found", 405: "method_not_allowed", 413: "request_too_large"}.get(code, "error")
        message = exc.description or exc.name
        if code == 413:
            message = f"The request body is larger than pf-local's limit of {MAX_BODY_BYTES} bytes."
        resp = ApiError(code, result, message).response()
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            resp.headers["Allow"] = ", ".join(exc.valid_methods)
        return resp

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        # A bug in pf-local: one escaped line in the log (no traceback, no request text unescaped), JSON 500.
        LOG.error("unexpected %s on %s %s: %s", type(exc).__name__, log_safe(request.method), log_safe(request.path),
                  log_safe(exc))
        return ApiError(500, "internal_error", "pf-local failed unexpectedly; see its log.").response()

    routes: list[tuple[str, str, Callable[..., Response]]] = [
        ("/version", "GET", api.version),
        ("/idp/spConnections", "GET", api.list_connections),
        ("/idp/spConnections", "POST", api.create_connection),
        ("/idp/spConnections/<conn_id>", "GET", api.get_connection),
        ("/idp/spConnections/<conn_id>", "PUT", api.update_connection),
        ("/idp/spConnections/<conn_id>", "DELETE", api.delete_connection),
        ("/idp/connectors/descriptors", "GET", api.descriptors),
        ("/idp/connectors/descriptors/<plugin_id>", "GET", api.descriptor),
        ("/dataStores", "GET", api.data_stores),
        ("/dataStores", "POST", api.create_data_store),
        ("/dataStores/<store_id>", "GET", api.data_store),
        ("/dataStores/<store_id>", "PUT", api.update_data_store),
        ("/dataStores/<store_id>", "DELETE", api.delete_data_store),
        ("/serverSettings/outboundProvisioning", "GET", api.get_provisioning),
        ("/serverSettings/outboundProvisioning", "PUT", api.put_provisioning),
    ]
    for rule, method, view in routes:
        app.add_url_rule(prefix + rule, f"{method} {rule}", view, methods=[method])
    return app
