"""Where an environment's Terraform state lives: ``[environments.NAME.backend]`` in the config file.

Pure Python (no cdktf): the config reader validates a backend table into a ``BackendConfig`` and the stack
renders it. Four kinds, each with the keys it accepts:

* ``local`` (default): a state file in ``state_dir`` (default ``.terraform-state``), never inside the
  generated output folder that ``make clean`` and every re-synth may delete;
* ``pg``: PostgreSQL, with locking; the connection string comes from ``PG_CONN_STR`` in the environment;
* ``s3``: an S3 bucket, with S3 lock files or a DynamoDB table; AWS credentials from the AWS environment;
* ``http``: any HTTP state service (GitLab, Terraform-state servers); credentials from ``TF_HTTP_*``.

Secrets are never accepted from the file: a key that would hold one is refused with the environment
variable Terraform reads instead.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "BACKEND_KINDS",
    "DEFAULT_STATE_DIR",
    "OUTPUT_DIR_NAME",
    "BackendConfig",
    "backend_problems",
    "local_state_path",
]

DEFAULT_STATE_DIR = ".terraform-state"
OUTPUT_DIR_NAME = "cdktf.out"
# From a stack's working directory (OUTDIR/stacks/NAME) back to the folder that holds OUTDIR.
_TO_PROJECT = "../../.."


@dataclass(frozen=True, slots=True)
class _Key:
    kind: type
    required: bool = False
    url: bool = False  # an address: https only (plain http on loopback), never with user:password@


_KEYS: Mapping[str, Mapping[str, _Key]] = {
    "local": {"state_dir": _Key(str)},
    "pg": {
        "schema_name": _Key(str),
        "skip_schema_creation": _Key(bool),
        "skip_table_creation": _Key(bool),
        "skip_index_creation": _Key(bool),
    },
    "s3": {
        "bucket": _Key(str, required=True),
        "region": _Key(str, required=True),
        "key": _Key(str),
        "encrypt": _Key(bool),
        "use_lockfile": _Key(bool),
        "dynamodb_table": _Key(str),
        "kms_key_id": _Key(str),
        "workspace_key_prefix": _Key(str),
    },
    "http": {
        "address": _Key(str, required=True, url=True),
        "lock_address": _Key(str, url=True),
        "unlock_address": _Key(str, url=True),
        "lock_method": _Key(str),
        "unlock_method": _Key(str),
        "update_method": _Key(str),
        "skip_cert_verification": _Key(bool),
        "retry_max": _Key(int),
    },
}
BACKEND_KINDS = tuple(_KEYS)

# Keys Terraform accepts that hold secrets: never in a reviewed file, always from the environment.
_SECRET_KEYS: Mapping[str, Mapping[str, str]] = {
    "local": {},
    "pg": {"conn_str": "PG_CONN_STR (e.g. postgres://user@db.example.com/terraform_state?sslmode=require; "
                       "the password in PGPASSWORD or ~/.pgpass)"},
    "s3": {
        "access_key": "AWS_ACCESS_KEY_ID (or AWS_PROFILE / an instance or CI role)",
        "secret_key": "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE / an instance or CI role)",
        "token": "AWS_SESSION_TOKEN",
        "sse_customer_key": "AWS_SSE_CUSTOMER_KEY",
        "profile": "AWS_PROFILE (a profile name is per machine, not per environment)",
    },
    "http": {
        "username": "TF_HTTP_USERNAME",
        "password": "TF_HTTP_PASSWORD",
        "client_private_key_pem": "TF_HTTP_CLIENT_PRIVATE_KEY_PEM",
    },
}


@dataclass(frozen=True, kw_only=True)
class BackendConfig:
    """One environment's backend: its ``type`` and the settings that go into ``terraform { backend }``."""

    type: str = "local"
    settings: Mapping[str, Any] = field(default_factory=dict)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _url_problem(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        return "must not carry user:password@ (it would be written to cdk.tf.json)"
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1"):
        return None
    return "must be an https:// URL (plain http only on loopback)"


def _state_dir_problem(state_dir: str) -> str | None:
    if not state_dir.strip() or state_dir != state_dir.strip():
        return "must be a folder name without surrounding spaces"
    if "\\" in state_dir or any(ord(ch) < 0x20 for ch in state_dir):
        return "must be a plain path (no backslash or control character)"
    if posixpath.isabs(state_dir):
        return None
    first = posixpath.normpath(state_dir).split("/")[0]
    if first == OUTPUT_DIR_NAME:
        return (f"is inside {OUTPUT_DIR_NAME}/, which `make clean` and a fresh synth delete: Terraform would "
                "forget the connections it manages")
    if first == "..":
        return "leaves the project folder: use a folder inside it, or an absolute path"
    return None


def backend_problems(where: str, data: Mapping[str, Any]) -> tuple[BackendConfig | None, list[str]]:
    """Validate one ``backend`` table; every problem as ``"where.key: value: what is wrong. Fix: ..."``."""
    problems: list[str] = []
    kind = data.get("type", "local")
    if kind not in _KEYS:
        problems.append(f"{where}.type: {_show(kind)}: is not a backend this project supports. "
                        f"Fix: use one of {', '.join(BACKEND_KINDS)}")
        return None, problems
    keys, secrets = _KEYS[kind], _SECRET_KEYS[kind]
    a = "an" if kind in ("s3", "http") else "a"
    settings: dict[str, Any] = {}
    for key, value in data.items():
        if key == "type":
            continue
        at = f"{where}.{key}"
        if key in secrets:
            # The value is never shown: it may be the secret.
            problems.append(f"{at}: (secret): secrets are never read from the config file. "
                            f"Fix: remove it and set {secrets[key]} in the environment of terraform")
            continue
        spec = keys.get(key)
        if spec is None:
            known = ", ".join(sorted(keys)) or "none"
            problems.append(f"{at}: unknown key for {a} {kind} backend. Fix: remove it (known keys: {known})")
            continue
        ok = isinstance(value, spec.kind) and not (spec.kind is int and isinstance(value, bool))
        if not ok:
            expected = {str: "a string", bool: "true or false", int: "a whole number"}.get(spec.kind, "a value")
            problems.append(f"{at}: {_show(value)}: has the wrong type. Fix: set {key} to {expected}")
            continue
        if isinstance(value, str) and not value.strip():
            problems.append(f"{at}: {_show(value)}: must not be empty. Fix: give a value or remove the key")
            continue
        why = _url_problem(value) if spec.url else _state_dir_problem(value) if key == "state_dir" else None
        if why:
            shown = "(an address with credentials)" if "@" in value else _show(value)
            problems.append(f"{at}: {shown}: {why}. Fix: correct {key}")
            continue
        settings[key] = value
    for key, spec in keys.items():
        if spec.required and key not in data:
            problems.append(f"{where}: {a} {kind} backend needs {key}. Fix: add {key} = ...")
    if problems:
        return None, problems
    return BackendConfig(type=kind, settings=settings), []


def local_state_path(environment: str, state_dir: str | None = None) -> str:
    """The local backend's ``path`` as written into ``cdk.tf.json``.

    A relative ``state_dir`` is anchored at the folder that holds the output folder (the project folder for
    the default ``cdktf.out``): Terraform runs in ``OUTDIR/stacks/NAME``, so the path climbs three levels.
    The result is the same on every machine and checkout, and lies outside anything a clean or re-synth
    deletes.
    """
    directory = state_dir or DEFAULT_STATE_DIR
    if posixpath.isabs(directory):
        return posixpath.join(directory, f"{environment}.tfstate")
    return posixpath.join(_TO_PROJECT, posixpath.normpath(directory), f"{environment}.tfstate")
