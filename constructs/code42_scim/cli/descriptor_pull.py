"""``code42-scim descriptor pull``: save the SCIM connector descriptor of the user's own PingFederate.

The connector's field names are not published (README, "Connector field names"), so the server's own
descriptor is the authority; the written file is what ``connector_descriptor`` points at.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .._descriptor import load_descriptor, parse_descriptor
from .._errors import DescriptorError
from ._http import HttpFailure, describe_body, describe_status, json_object
from .preflight.pf_admin import add_target_arguments, connect

__all__ = ["DEFAULT_OUTPUT", "register", "run", "write_json_atomically"]

DEFAULT_OUTPUT = Path("pingfederate-scim-descriptor.json")


def register(parser: argparse.ArgumentParser) -> None:
    add_target_arguments(parser)
    parser.add_argument(
        "--plugin-id", default=None, help="connector type id (default: the pinned descriptor's, 'SCIM')"
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=DEFAULT_OUTPUT, help=f"file to write (default {DEFAULT_OUTPUT})"
    )


def write_json_atomically(path: Path, data: Any) -> None:
    """Sorted keys, 2-space indent, trailing newline (stable diffs); replaced atomically (no torn file)."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    pinned = load_descriptor(None)
    plugin_id = args.plugin_id or pinned.plugin_id
    client = connect(args)
    host = client.target.https_host
    resp = client.get(f"/idp/connectors/descriptors/{plugin_id}")
    if resp.status_code == 404:
        items = (json_object(client.get("/idp/connectors/descriptors")) or {}).get("items")
        ids = ", ".join(sorted(str(i.get("id")) for i in (items if isinstance(items, list) else [])
                               if isinstance(i, dict))) or "none"
        raise HttpFailure(
            f"{host} has no connector {plugin_id!r} (installed: {ids}): install the SCIM "
            "Connector or pass --plugin-id with its id"
        )
    if resp.status_code != 200:
        raise HttpFailure(f"cannot read connector {plugin_id!r}: {describe_status(resp)}")
    body = json_object(resp)
    if body is None:
        raise DescriptorError(
            f"{host} answered the descriptor request for {plugin_id!r} with {describe_body(resp)}, not a JSON "
            "descriptor: check --url and --admin-api-path point at the PingFederate admin API"
        )
    descriptor = parse_descriptor(body, source=f"{host} descriptor {plugin_id!r}")
    write_json_atomically(args.output, body)
    print(
        f"wrote {args.output}: connector {descriptor.plugin_id!r}, "
        f"{len(descriptor.settings)} target settings, "
        f"{len(descriptor.mapping_fields)} mapping fields"
    )
    renamed = []
    for ours in pinned.settings:
        theirs = descriptor.setting(ours.label)
        if theirs is None:
            renamed.append(f"  {ours.label!r}: not on this server (pinned name {ours.name})")
        elif theirs.name != ours.name:
            renamed.append(f"  {ours.label!r}: {theirs.name} here, {ours.name} in the pinned descriptor")
    if renamed:
        print("field names that differ from the pinned descriptor:")
        print("\n".join(renamed))
    print(f'use it: connector_descriptor = "{args.output}" in code42-scim.toml (per connection)')
    return 0
