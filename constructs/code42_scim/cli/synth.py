"""``code42-scim synth``: run the cdktf app (``python main.py``) and summarize what it synthesized.

It runs the app as a subprocess, exactly as ``cdktf synth`` does, and reads the JSON back, so the CLI
never imports cdktf or the construct. Each connection's settings are labelled with its own connector
descriptor: the one its entry in the config file names (``connector_descriptor``), else the pinned one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pingfederate.engine import CLI_COMMAND, engine_name

from .._config import load_config
from .._descriptor import ConnectorDescriptor, load_descriptor
from .._errors import Code42ScimError, ConfigError
from .._secrets import env_var_for

RESOURCE = "pingfederate_idp_sp_connection"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--app-dir", type=Path, default=Path.cwd(),
                        help="folder holding main.py and code42-scim.toml (default: current folder)")
    parser.add_argument("--config", type=Path, help="config file (default: APP_DIR/code42-scim.toml)")
    parser.add_argument("--environment", action="append", default=[],
                        help="synthesize only this environment (repeatable; default: all)")
    parser.add_argument("--outdir", type=Path, help="output folder (default: APP_DIR/cdktf.out)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")


Descriptors = dict[tuple[str, str], ConnectorDescriptor]


def _descriptors(config: Path) -> Descriptors:
    """(environment, connection_id) -> the descriptor that connection's config entry names.

    Empty when the app does not read this config file (its own main.py): then the pinned descriptor is used.
    """
    try:
        app = load_config(config)
    except ConfigError:
        return {}
    return {(env.name, c.props.connection_id): load_descriptor(c.props.connector_descriptor)
            for env in app.environments.values() for c in env.connections if c.props.connector_descriptor}


def _summary(stack: str, stack_file: Path, descriptors: Descriptors) -> dict[str, Any]:
    doc = json.loads(stack_file.read_text(encoding="utf-8"))
    connections = []
    for body in doc.get("resource", {}).get(RESOURCE, {}).values():
        descriptor = descriptors.get((stack, body["connection_id"])) or load_descriptor()
        outbound = body.get("outbound_provision", {})
        settings = {descriptor.label_for(s["name"]) or s["name"]: s.get("value") for s in outbound.get(
            "target_settings", [])}
        connections.append({
            "connection_id": body["connection_id"],
            "name": body["name"],
            "active": body.get("active"),
            "prevent_destroy": body.get("lifecycle", {}).get("prevent_destroy", False),
            "scim_url": settings.get("SCIM URL"),
            "authentication": settings.get("Authentication Method"),
            "remove_user_action": settings.get("Remove User Action"),
            "channels": [
                {"name": ch["name"], "active": ch["active"], "data_store": ch["channel_source"]["data_source"]["id"],
                 "base_dn": ch["channel_source"]["base_dn"],
                 "filter": ch["channel_source"]["user_source_location"].get("filter"),
                 "mapped_fields": sorted(m["field_name"] for m in ch["attribute_mapping"])}
                for ch in outbound.get("channels", [])
            ],
        })
    variables = [
        {"name": name, "env": env_var_for(name), "sensitive": bool(spec.get("sensitive")),
         "set_in_environment": env_var_for(name) in os.environ}
        for name, spec in sorted(doc.get("variable", {}).items())
    ]
    return {"file": str(stack_file), "connections": connections, "secret_variables": variables}


def _print_text(stacks: dict[str, dict[str, Any]], seconds: float) -> None:
    print(f"Synthesized {len(stacks)} stack(s) in {seconds:.1f}s:")
    for name, s in stacks.items():
        print(f"\n  stack {name}: {s['file']}")
        for c in s["connections"]:
            state = "active" if c["active"] else "INACTIVE"
            guard = "prevent_destroy on" if c["prevent_destroy"] else "prevent_destroy OFF"
            print(f"    connection {c['connection_id']!r} ({c['name']}, {state}, {guard})")
            print(f"      SCIM URL {c['scim_url']}  auth: {c['authentication']}  "
                  f"remove action: {c['remove_user_action']}")
            for ch in c["channels"]:
                print(f"      channel {ch['name']!r}: data store {ch['data_store']}, base DN {ch['base_dn']}, "
                      f"filter {ch['filter'] or '(none)'}, {len(ch['mapped_fields'])} mapped fields")
        for v in s["secret_variables"]:
            status = "set" if v["set_in_environment"] else "not set (needed for plan/apply)"
            print(f"    secret variable {v['name']}: from {v['env']} — {status}")
    # engine_name() only looks at what is installed: it never starts node (this command imports no engine).
    print(f"\nNext: `npx {CLI_COMMAND[engine_name()]} deploy` (or `terraform -chdir=<stack folder> plan`), with "
          "the secret variables and PINGFEDERATE_PROVIDER_USERNAME / PINGFEDERATE_PROVIDER_PASSWORD in the "
          "environment.")


def run(args: argparse.Namespace) -> int:
    app_dir: Path = args.app_dir.resolve()
    main_py = app_dir / "main.py"
    if not main_py.is_file():
        raise Code42ScimError(f"no main.py in {app_dir}: run from the project folder or pass --app-dir")
    outdir: Path = (args.outdir or app_dir / "cdktf.out").resolve()
    env = {**os.environ, "CDKTF_OUTDIR": str(outdir)}
    env.setdefault("CHECKPOINT_DISABLE", "1")
    env.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    if args.config:
        env["CODE42_SCIM_CONFIG"] = str(args.config.resolve())
    # The file main.py reads (main.py's own default is the one beside it).
    config = Path(env.get("CODE42_SCIM_CONFIG") or app_dir / "code42-scim.toml")
    if args.environment:
        env["CODE42_SCIM_ENVIRONMENTS"] = ",".join(args.environment)
    print(f"code42-scim: synthesizing {main_py} -> {outdir} ...", file=sys.stderr, flush=True)
    started = time.monotonic()
    proc = subprocess.run([sys.executable, str(main_py)], cwd=app_dir, env=env, text=True, capture_output=True)
    seconds = time.monotonic() - started
    if proc.stderr:
        print(proc.stderr.rstrip(), file=sys.stderr)
    if proc.returncode != 0:
        # main.py's own output is above; the command still ends with one line of its own and exit 1.
        raise Code42ScimError(f"{main_py} failed (exit status {proc.returncode}): fix the error it printed above")
    manifest = json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))
    descriptors = _descriptors(config)
    stacks = {name: _summary(name, outdir / info["synthesizedStackPath"], descriptors)
              for name, info in sorted(manifest["stacks"].items())}
    if args.json:
        print(json.dumps({"outdir": str(outdir), "seconds": round(seconds, 2), "stacks": stacks}, indent=2,
                         sort_keys=True))
    else:
        _print_text(stacks, seconds)
    return 0
