"""``code42-scim preflight pingfederate``: check a PingFederate admin API before deploying.

Each check reports pass / warn / fail / skip with a reason and, when not passing, the fix. Only ``fail``
makes the exit code non-zero; ``skip`` means an earlier failure made the check meaningless.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from pingfederate import versions

from ..._descriptor import ConnectorDescriptor, load_descriptor, parse_descriptor
from ..._errors import DescriptorError
from .._http import Deadline, HttpFailure, NetworkSettings, describe_body, describe_status, json_object
from .pf_admin import ENV, AdminClient, add_target_arguments, resolve_target
from .report import Check, Report, Status, emit

__all__ = ["check_version", "register", "run"]


@dataclass(frozen=True, kw_only=True, slots=True)
class _Wanted:
    """What the checks look for: connection ids, (channel, data store) pairs, descriptor in use."""

    connection_ids: tuple[str, ...]
    channels: tuple[tuple[str, str], ...]
    descriptors: tuple[ConnectorDescriptor, ...]


def register(parser: argparse.ArgumentParser) -> None:
    add_target_arguments(parser, connection=True)
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
    connections = client.target.connections
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


def _major_minor(text: str) -> str | None:
    m = re.match(r"^\s*(\d+)\.(\d+)", text)
    return f"{int(m.group(1))}.{int(m.group(2))}" if m else None


def _fmt_releases(releases: list[versions.Version]) -> str:
    names = [".".join(map(str, r)) for r in releases]
    return names[0] if len(names) == 1 else f"{names[0]}-{names[-1]}" if names else "none"


def _constraint_in_use(server: str, product_version: str | None, provider_version: str | None) -> tuple[str, str]:
    """(constraint, where it comes from): the config's provider_version, else the one product_version implies."""
    if provider_version:
        return provider_version, "provider_version in the config"
    if product_version:
        return versions.constraint_for(product_version), f"derived from product_version {product_version}"
    return versions.constraint_for(server), "derived from the server's version (no product_version configured)"


def check_version(version: str, *, product_version: str | None = None,
                  provider_version: str | None = None) -> list[Check]:
    """The server's version against the provider's support matrix and the version constraint in use.

    The constraint in use is the stack's: ``provider_version`` when the config pins one, else
    ``constraint_for(product_version)``.
    """
    server = _major_minor(version)
    supported = versions.supported_product_versions()
    if server is None:
        return [Check(name="version", status=Status.FAIL, detail=f"cannot parse server version {version[:40]!r}",
                      fix="check that the URL points at a PingFederate admin API")]
    fitting = [r.version for r in versions.PROVIDER_RELEASES if versions.parse_product_version(server)
               in r.product_versions]
    if not fitting:
        return [Check(name="version", status=Status.FAIL,
                      detail=f"PingFederate {version}: no release of pingidentity/pingfederate accepts {server} "
                      f"(supported: {', '.join(supported)})",
                      fix="run a PingFederate version the provider supports")]
    checks = [Check(name="version", status=Status.PASS,
                    detail=f"PingFederate {version}; provider releases accepting {server}: {_fmt_releases(fitting)}")]
    try:
        constraint, source = _constraint_in_use(server, product_version, provider_version)
        versions.check_constraint(constraint, server)
    except versions.VersionProblem as exc:
        if provider_version:
            fix = (f'set provider_version = "{versions.constraint_for(server)}", or remove it to derive it from '
                   "product_version")
        else:
            fix = f'set product_version = "{server}" (the provider constraint follows it)'
        source = ("provider_version in the config" if provider_version
                  else f"product_version {product_version}" if product_version else "the server")
        checks.append(Check(name="provider version constraint", status=Status.FAIL, detail=f"{exc} (from {source})",
                            fix=fix))
    else:
        admitted = versions.releases_matching(constraint)
        checks.append(Check(name="provider version constraint", status=Status.PASS,
                            detail=f"{constraint!r} ({source}) admits {_fmt_releases(admitted)}, which accept "
                            f"PingFederate {server}"))
    configured = product_version
    if configured and _major_minor(configured) != server:
        checks.append(Check(name="product_version", status=Status.WARN,
                            detail=f"configured product_version {configured} but the server runs {version}",
                            fix=f'set product_version = "{server}" (or {ENV}PRODUCT_VERSION)'))
    return checks


def _unexpected(resp: requests.Response, what: str) -> str:
    """What a 200 answer that is not the admin API's JSON actually was."""
    return (f"GET {what} answered HTTP {resp.status_code} with {describe_body(resp)}, not the admin API's JSON "
            "(a login page or a proxy's page means the request never reached the admin API)")


def _answer(name: str, resp: requests.Response, what: str) -> Mapping[str, Any] | Check:
    """The admin API's JSON object, or the failed check for another status or for a body that is not one."""
    if resp.status_code != 200:
        return Check(name=name, status=Status.FAIL, detail=describe_status(resp), fix="retry; check the server logs")
    body = json_object(resp)
    if body is None:
        return Check(name=name, status=Status.FAIL, detail=_unexpected(resp, what),
                     fix="check --url/admin_api_path point at the admin API")
    return body


_Step = Callable[[Deadline], list[Check]]


def _check_reachable(client: AdminClient, deadline: Deadline) -> list[Check]:
    url = client.target.api_url
    auth = client.target.credentials.describe()
    name = "reachable and authenticated"
    resp = client.get("/version", deadline)
    if resp.status_code != 200:
        fixes = {
            401: f"check the credentials ({auth}); they come from flags or {ENV}USERNAME/_PASSWORD, "
            f"{ENV}ACCESS_TOKEN or {ENV}OAUTH_*",
            403: "use an account with the Administrative User role (admin API access) and send "
            "X-XSRF-Header (this tool does)",
            404: "check https_host and admin_api_path (usually https://HOST:9999 and /pf-admin-api/v1)",
        }
        fix = fixes.get(resp.status_code, "point --url/https_host at the server the redirect names, if it is the "
                        "right one" if 300 <= resp.status_code < 400 else "check the server's logs and retry")
        return [Check(name=name, status=Status.FAIL, detail=f"GET {url}/version: {describe_status(resp)}", fix=fix)]
    version = (json_object(resp) or {}).get("version")
    if not isinstance(version, str) or not version.strip():
        return [Check(name=name, status=Status.FAIL, detail=_unexpected(resp, f"{url}/version"),
                      fix="point --url/https_host at the PingFederate admin API (https://HOST:9999) and "
                      "admin_api_path at /pf-admin-api/v1")]
    return [Check(name=name, status=Status.PASS, detail=f"{url} answered with {auth}"),
            *check_version(version, product_version=client.target.product_version,
                           provider_version=client.target.provider_version)]


def _check_outbound(client: AdminClient, deadline: Deadline) -> list[Check]:
    name = "outbound provisioning enabled"
    resp = client.get("/serverSettings/outboundProvisioning", deadline)
    body = json_object(resp)
    ref = body.get("dataStoreRef") if body else None
    ref_id = ref.get("id") if isinstance(ref, Mapping) else None
    if ref_id:
        return [Check(name=name, status=Status.PASS, detail=f"provisioner database: data store {ref_id!r}")]
    if resp.status_code != 200:
        why = describe_status(resp)
    elif body is None:
        why = _unexpected(resp, "/serverSettings/outboundProvisioning")
    else:
        why = "no provisioner data store configured"
    return [Check(name=name, status=Status.FAIL, detail=why,
                  fix="set pf.provisioner.mode=STANDALONE in run.properties, restart, and choose the provisioner "
                  "data store (System > Server > Protocol Settings > Outbound Provisioning)")]


def _steps(client: AdminClient, wanted: _Wanted) -> list[tuple[str, _Step]]:
    steps: list[tuple[str, _Step]] = [("outbound provisioning enabled", lambda d: _check_outbound(client, d))]
    for descriptor in wanted.descriptors:
        steps.append((f"connector {descriptor.plugin_id!r} installed",
                      lambda d, desc=descriptor: _check_connector(client, desc, d)))  # type: ignore[misc]
    for channel, store_id in wanted.channels:
        steps.append((_data_store_name(channel, store_id),
                      lambda d, c=channel, i=store_id: [_check_data_store(client, c, i, d)]))  # type: ignore[misc]
    plugin_ids = {d.plugin_id for d in wanted.descriptors}
    for conn_id in wanted.connection_ids:
        steps.append((f"connection {conn_id!r}",
                      lambda d, i=conn_id: [_check_connection(client, i, plugin_ids, d)]))  # type: ignore[misc]
    return steps


def _run_step(client: AdminClient, name: str, step: _Step, checks: list[Check]) -> bool:
    """Run one check within its deadline; False when the run must stop (its deadline passed)."""
    try:
        checks += step(client.check_deadline())
    except HttpFailure as exc:
        # The message already names the host, what happened and the fix (see _http).
        checks.append(Check(name=name, status=Status.FAIL, detail=str(exc)))
        return exc.deadline != "--deadline" and not client.run.expired()
    return True


def _run_checks(client: AdminClient, args: argparse.Namespace, checks: list[Check]) -> None:
    """Append results to ``checks`` as they come, so a later failure keeps the earlier ones."""
    if not _run_step(client, "reachable and authenticated", lambda d: _check_reachable(client, d), checks):
        return
    if checks[0].status is Status.FAIL:
        checks.append(Check(name="remaining checks", status=Status.SKIP, detail="not run: the admin API is not usable"))
        return
    steps = _steps(client, _wanted(args, client))
    for i, (name, step) in enumerate(steps):
        if not _run_step(client, name, step, checks):
            left = len(steps) - i - 1
            if left:
                checks.append(Check(name="remaining checks", status=Status.SKIP,
                                    detail=f"{left} not run: --deadline {client.net.deadline:g}s passed"))
            return


def _check_connector(client: AdminClient, descriptor: ConnectorDescriptor, deadline: Deadline) -> list[Check]:
    name = f"connector {descriptor.plugin_id!r} installed"
    resp = client.get(f"/idp/connectors/descriptors/{descriptor.plugin_id}", deadline)
    if resp.status_code == 404:
        items = (json_object(client.get("/idp/connectors/descriptors", deadline)) or {}).get("items")
        ids = sorted(str(i.get("id")) for i in (items if isinstance(items, list) else []) if isinstance(i, dict))
        return [
            Check(
                name=name,
                status=Status.FAIL,
                detail=f"no connector descriptor {descriptor.plugin_id!r}; "
                f"installed: {', '.join(ids) or 'none'}",
                fix="install the SCIM Connector (its jar in server/default/deploy, then restart); if it has "
                "another id, run `code42-scim descriptor pull --plugin-id ID`",
            )
        ]
    body = _answer(name, resp, "the connector descriptor")
    if isinstance(body, Check):
        return [body]
    try:
        server = parse_descriptor(body, source="server descriptor")
    except DescriptorError as exc:
        return [
            Check(name=name, status=Status.FAIL, detail=str(exc), fix="check the server's connector installation")
        ]
    checks = [
        Check(
            name=name,
            status=Status.PASS,
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
                status=Status.FAIL,
                detail=f"the server's field names differ from {Path(descriptor.source).name} for: "
                f"{', '.join(differ)}",
                fix="run `code42-scim descriptor pull` and set connector_descriptor to the file it writes",
            )
        )
    else:
        checks.append(
            Check(
                name=f"connector {descriptor.plugin_id!r} field names",
                status=Status.PASS,
                detail=f"match {Path(descriptor.source).name}",
            )
        )
    return checks


def _data_store_name(channel: str, store_id: str) -> str:
    return f"data store {store_id!r}" + (f" (channel {channel!r})" if channel else "")


def _check_data_store(client: AdminClient, channel: str, store_id: str, deadline: Deadline) -> Check:
    name = _data_store_name(channel, store_id)
    resp = client.get(f"/dataStores/{store_id}", deadline)
    if resp.status_code == 404:
        return Check(
            name=name,
            status=Status.FAIL,
            detail="does not exist on the server",
            fix="create the LDAP data store in PingFederate (System > Data & Credential Stores) or fix "
            "data_store_id",
        )
    body = _answer(name, resp, f"/dataStores/{store_id}")
    if isinstance(body, Check):
        return body
    kind = body.get("type")
    if kind != "LDAP":
        return Check(
            name=name,
            status=Status.FAIL,
            detail=f"is a {kind} data store; channels read from LDAP only",
            fix="point data_store_id at an LDAP data store (Active Directory, PingDirectory, ...)",
        )
    return Check(
        name=name,
        status=Status.PASS,
        detail=f"LDAP ({body.get('ldapType', 'unknown type')}) {body.get('name', '')}".rstrip(),
    )


def _check_connection(client: AdminClient, conn_id: str, plugin_ids: set[str], deadline: Deadline) -> Check:
    name = f"connection {conn_id!r}"
    resp = client.get(f"/idp/spConnections/{conn_id}", deadline)
    if resp.status_code == 404:
        return Check(name=name, status=Status.PASS, detail="does not exist yet: the deploy will create it")
    body = _answer(name, resp, f"/idp/spConnections/{conn_id}")
    if isinstance(body, Check):
        return body
    outbound = body.get("outboundProvision")
    kind = outbound.get("type") if isinstance(outbound, Mapping) else None
    if kind not in plugin_ids:
        return Check(
            name=name,
            status=Status.FAIL,
            detail=f"exists ({body.get('name')!r}) but is not a {'/'.join(sorted(plugin_ids))} "
            f"provisioning connection (connector: {kind})",
            fix="choose another connection_id; managing this one would overwrite an unrelated connection",
        )
    return Check(
        name=name,
        status=Status.WARN,
        detail=f"exists ({body.get('name')!r}, active={body.get('active')}): a deploy from a state that "
        "already tracks it updates it in place; from empty state the create fails (id taken)",
        fix=f"to manage the existing connection, import it first: terraform import <resource address> "
        f"{conn_id}",
    )


def run(args: argparse.Namespace) -> int:
    target = resolve_target(args)
    checks: list[Check] = []
    _run_checks(AdminClient(target, NetworkSettings.from_args(args)), args, checks)
    report = Report(title="PingFederate preflight", url=target.api_url, checks=tuple(checks))
    return emit(report, as_json=args.json, secrets=target.credentials.secrets)
