"""``code42-scim preflight pingfederate``: check a PingFederate admin API before deploying.

Each check reports pass / warn / fail / skip with a reason and, when not passing, the fix. Only ``fail``
makes the exit code non-zero; ``skip`` means an earlier failure made the check meaningless.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import requests

from .._descriptor import ConnectorDescriptor, load_descriptor, parse_descriptor
from .._errors import DescriptorError
from ._http import HttpFailure, describe_status
from ._pf_admin import ENV, AdminClient, add_target_arguments, resolve_target

__all__ = ["Check", "register", "run"]

MIN_VERSION = (10, 1)
# Versions accepted by the provider's product_version (NOTES §4): 1.2.0 is the release this project's
# bindings are generated from; later 1.x releases moved to newer PingFederate.
PROVIDER_RANGES: tuple[tuple[str, tuple[int, int], tuple[int, int]], ...] = (
    ("1.2.0", (11, 2), (12, 1)),
    ("1.9.0", (12, 2), (13, 99)),
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Check:
    name: str
    status: str  # pass | warn | fail | skip
    detail: str
    fix: str = ""


@dataclass(frozen=True, kw_only=True, slots=True)
class _Wanted:
    """What the checks look for: connection ids, (channel, data store) pairs, descriptor in use."""

    connection_ids: tuple[str, ...]
    channels: tuple[tuple[str, str], ...]
    descriptors: tuple[ConnectorDescriptor, ...]


def register(parser: argparse.ArgumentParser) -> None:
    add_target_arguments(parser)
    what = parser.add_argument_group("what to check (default: taken from --config)")
    what.add_argument(
        "--connection-id",
        action="append",
        default=None,
        help="SP connection id the deploy will manage; repeatable",
    )
    what.add_argument(
        "--data-store",
        action="append",
        default=None,
        metavar="ID",
        help="LDAP data store id a channel reads from; repeatable",
    )
    what.add_argument(
        "--descriptor",
        type=Path,
        default=None,
        help="connector descriptor in use (default: the connection's, else the pinned one)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def _wanted(args: argparse.Namespace, client: AdminClient) -> _Wanted:
    env = client.target.environment
    connections = env.connections if env else ()
    ids = tuple(args.connection_id or [c.props.connection_id for c in connections])
    if args.data_store:
        channels = tuple(("", ds) for ds in args.data_store)
    else:
        channels = tuple((ch.name, ch.data_store_id) for c in connections for ch in c.props.channels)
    paths: list[Path | str | None] = (
        [args.descriptor]
        if args.descriptor
        else [c.props.connector_descriptor for c in connections if c.props.connector_descriptor] or [None]
    )
    seen: dict[str, ConnectorDescriptor] = {}
    for p in paths:
        d = load_descriptor(p)
        seen.setdefault(d.source, d)
    return _Wanted(connection_ids=ids, channels=channels, descriptors=tuple(seen.values()))


def _version_tuple(text: str) -> tuple[int, int] | None:
    m = re.match(r"^\s*(\d+)\.(\d+)", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _fmt(v: tuple[int, int]) -> str:
    return f"{v[0]}.{v[1]}" if v[1] < 99 else f"{v[0]}.x"


def check_version(version: str, configured: str | None) -> list[Check]:
    parsed = _version_tuple(version)
    if parsed is None:
        return [
            Check(
                name="version",
                status="fail",
                detail=f"cannot parse server version {version!r}",
                fix="check that the URL points at a PingFederate admin API",
            )
        ]
    support = [(p, lo <= parsed <= hi, f"{_fmt(lo)}-{_fmt(hi)}") for p, lo, hi in PROVIDER_RANGES]
    summary = "; ".join(
        f"provider {p} ({span}): {'supported' if ok else 'not supported'}" for p, ok, span in support
    )
    checks: list[Check] = []
    if parsed < MIN_VERSION:
        checks.append(
            Check(
                name="version",
                status="fail",
                detail=f"PingFederate {version} is older than {_fmt(MIN_VERSION)}; {summary}",
                fix="upgrade PingFederate to a supported version",
            )
        )
    elif support[0][1]:
        checks.append(Check(name="version", status="pass", detail=f"PingFederate {version}; {summary}"))
    elif any(ok for _, ok, _ in support):
        checks.append(
            Check(
                name="version",
                status="warn",
                detail=f"PingFederate {version}; {summary}",
                fix="pin a provider release that supports this version (provider_version in the "
                "config) and regenerate the bindings",
            )
        )
    else:
        checks.append(
            Check(
                name="version",
                status="fail",
                detail=f"PingFederate {version}; {summary}",
                fix="run a PingFederate version the provider supports",
            )
        )
    if configured:
        conf = _version_tuple(configured)
        if conf != parsed:
            checks.append(
                Check(
                    name="product_version",
                    status="warn",
                    detail=f"configured product_version {configured} but the server runs {version}",
                    fix=f'set product_version = "{parsed[0]}.{parsed[1]}" (or {ENV}PRODUCT_VERSION)',
                )
            )
    return checks


def _json(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


def _run_checks(client: AdminClient, wanted: _Wanted, checks: list[Check]) -> None:
    """Append results to ``checks`` as they come, so a later transport failure keeps the earlier ones."""
    url = client.target.api_url
    auth = client.target.credentials.describe()
    resp = client.get("/version")
    if resp.status_code != 200:
        fixes = {
            401: f"check the credentials ({auth}); they come from flags or {ENV}USERNAME/_PASSWORD, "
            f"{ENV}ACCESS_TOKEN or {ENV}OAUTH_*",
            403: "use an account with the Administrative User role (admin API access) and send "
            "X-XSRF-Header (this tool does)",
            404: "check https_host and admin_api_path (usually https://HOST:9999 and /pf-admin-api/v1)",
        }
        fix = fixes.get(resp.status_code, "check the server's logs and retry")
        checks.append(
            Check(
                name="reachable and authenticated",
                status="fail",
                detail=f"GET {url}/version: {describe_status(resp)}",
                fix=fix,
            )
        )
        return
    version = str((_json(resp) or {}).get("version", ""))
    checks.append(
        Check(name="reachable and authenticated", status="pass", detail=f"{url} answered with {auth}")
    )
    checks += check_version(version, client.target.product_version)

    resp = client.get("/serverSettings/outboundProvisioning")
    ref = ((_json(resp) or {}).get("dataStoreRef") or {}).get("id") if resp.status_code == 200 else None
    if ref:
        checks.append(
            Check(
                name="outbound provisioning enabled",
                status="pass",
                detail=f"provisioner database: data store {ref!r}",
            )
        )
    else:
        why = describe_status(resp) if resp.status_code != 200 else "no provisioner data store configured"
        checks.append(
            Check(
                name="outbound provisioning enabled",
                status="fail",
                detail=why,
                fix="set pf.provisioner.mode=STANDALONE in run.properties, restart, and choose the "
                "provisioner data store (System > Server > Protocol Settings > Outbound "
                "Provisioning)",
            )
        )

    for descriptor in wanted.descriptors:
        checks += _check_connector(client, descriptor)
    for channel, store_id in wanted.channels:
        checks.append(_check_data_store(client, channel, store_id))
    for conn_id in wanted.connection_ids:
        checks.append(_check_connection(client, conn_id, {d.plugin_id for d in wanted.descriptors}))


def _check_connector(client: AdminClient, descriptor: ConnectorDescriptor) -> list[Check]:
    name = f"connector {descriptor.plugin_id!r} installed"
    resp = client.get(f"/idp/connectors/descriptors/{descriptor.plugin_id}")
    if resp.status_code == 404:
        listing = _json(client.get("/idp/connectors/descriptors")) or {}
        ids = sorted(str(i.get("id")) for i in listing.get("items", []) if isinstance(i, dict))
        return [
            Check(
                name=name,
                status="fail",
                detail=f"no connector descriptor {descriptor.plugin_id!r}; "
                f"installed: {', '.join(ids) or 'none'}",
                fix="install the SCIM Connector (its jar in server/default/deploy, then restart); if it has "
                "another id, run `code42-scim descriptor pull --plugin-id ID`",
            )
        ]
    if resp.status_code != 200:
        return [
            Check(name=name, status="fail", detail=describe_status(resp), fix="retry; check the server logs")
        ]
    try:
        server = parse_descriptor(_json(resp), source="server descriptor")
    except DescriptorError as exc:
        return [
            Check(name=name, status="fail", detail=str(exc), fix="check the server's connector installation")
        ]
    checks = [
        Check(
            name=name,
            status="pass",
            detail=f"{len(server.settings)} target settings, {len(server.mapping_fields)} mapping fields",
        )
    ]
    ours = {(s.label.casefold(), s.name) for s in descriptor.settings}
    theirs = {(s.label.casefold(), s.name) for s in server.settings}
    differ = sorted(label for label, _ in ours - theirs)
    if differ:
        checks.append(
            Check(
                name=f"connector {descriptor.plugin_id!r} field names",
                status="fail",
                detail=f"the server's field names differ from {Path(descriptor.source).name} for: "
                f"{', '.join(differ)}",
                fix="run `code42-scim descriptor pull` and set connector_descriptor to the file it writes",
            )
        )
    else:
        checks.append(
            Check(
                name=f"connector {descriptor.plugin_id!r} field names",
                status="pass",
                detail=f"match {Path(descriptor.source).name}",
            )
        )
    return checks


def _check_data_store(client: AdminClient, channel: str, store_id: str) -> Check:
    name = f"data store {store_id!r}" + (f" (channel {channel!r})" if channel else "")
    resp = client.get(f"/dataStores/{store_id}")
    if resp.status_code == 404:
        return Check(
            name=name,
            status="fail",
            detail="does not exist on the server",
            fix="create the LDAP data store in PingFederate (System > Data & Credential Stores) or fix "
            "data_store_id",
        )
    if resp.status_code != 200:
        return Check(
            name=name, status="fail", detail=describe_status(resp), fix="retry; check the server logs"
        )
    body = _json(resp) or {}
    kind = body.get("type")
    if kind != "LDAP":
        return Check(
            name=name,
            status="fail",
            detail=f"is a {kind} data store; channels read from LDAP only",
            fix="point data_store_id at an LDAP data store (Active Directory, PingDirectory, ...)",
        )
    return Check(
        name=name,
        status="pass",
        detail=f"LDAP ({body.get('ldapType', 'unknown type')}) {body.get('name', '')}".rstrip(),
    )


def _check_connection(client: AdminClient, conn_id: str, plugin_ids: set[str]) -> Check:
    name = f"connection {conn_id!r}"
    resp = client.get(f"/idp/spConnections/{conn_id}")
    if resp.status_code == 404:
        return Check(name=name, status="pass", detail="does not exist yet: the deploy will create it")
    if resp.status_code != 200:
        return Check(
            name=name, status="fail", detail=describe_status(resp), fix="retry; check the server logs"
        )
    body = _json(resp) or {}
    kind = (body.get("outboundProvision") or {}).get("type")
    if kind not in plugin_ids:
        return Check(
            name=name,
            status="fail",
            detail=f"exists ({body.get('name')!r}) but is not a {'/'.join(sorted(plugin_ids))} "
            f"provisioning connection (connector: {kind})",
            fix="choose another connection_id; managing this one would overwrite an unrelated connection",
        )
    return Check(
        name=name,
        status="warn",
        detail=f"exists ({body.get('name')!r}, active={body.get('active')}): a deploy from a state that "
        "already tracks it updates it in place; from empty state the create fails (id taken)",
        fix=f"to manage the existing connection, import it first: terraform import <resource address> "
        f"{conn_id}",
    )


def _report(url: str, checks: list[Check], as_json: bool) -> None:
    failed = [c for c in checks if c.status == "fail"]
    if as_json:
        out = {"ok": not failed, "url": url, "checks": [asdict(c) for c in checks]}
        print(json.dumps(out, indent=2, sort_keys=True))
        return
    print(f"PingFederate preflight: {url}")
    for c in checks:
        line = f"  {c.status.upper():<4}  {c.name}: {c.detail}"
        if c.fix and c.status != "pass":
            line += f". Fix: {c.fix}"
        print(line)
    print(f"{len(failed)} of {len(checks)} checks failed." if failed else f"all {len(checks)} checks passed.")


def run(args: argparse.Namespace) -> int:
    target = resolve_target(args)
    url = target.api_url
    checks: list[Check] = []
    try:
        client = AdminClient(target, timeout=args.timeout, retries=args.retries)
        _run_checks(client, _wanted(args, client), checks)
    except HttpFailure as exc:
        # The message already names the host and the fix (see _http).
        checks.append(
            Check(
                name="reachable and authenticated" if not checks else "admin API request",
                status="fail",
                detail=str(exc),
            )
        )
    if checks and checks[0].status == "fail" and len(checks) == 1:
        checks.append(
            Check(name="remaining checks", status="skip", detail="not run: the admin API is not usable")
        )
    _report(url, checks, args.json)
    sys.stdout.flush()
    return 1 if any(c.status == "fail" for c in checks) else 0
