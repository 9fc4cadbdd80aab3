"""Issue 9, class 12 at pf-local's command line: every bad start is one clear line and a non-zero exit, never
a traceback, and a secret on argv is refused without being repeated."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from code42_scim_local.config import DEFAULT_SEED_PATH
from code42_scim_local.tls import write_self_signed


def pf_local(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Start ``code42-scim pf-local`` on a free port with a fresh state unless ``args`` say otherwise.

    Every case here fails before serving, so the command ends by itself; the timeout only bounds a regression.
    """
    argv = [sys.executable, "-m", "code42_scim.cli", "pf-local", "--port", "0",
            "--state", str(tmp_path / "state.sqlite3"), *args]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PF_LOCAL_")}
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, cwd=tmp_path, env=env,
                          stdin=subprocess.DEVNULL)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a failed start (the test fails if there are more, or a traceback)."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize("port", ["-1", "99999", "65536", "http"])
def test_a_port_outside_0_to_65535_is_refused_at_parse_time(tmp_path: Path, port: str) -> None:
    result = pf_local(tmp_path, "--port", port)
    assert (result.returncode, one_error_line(result)) == (
        2, "code42-scim pf-local: error: argument --port: takes a port number from 1 to 65535, or 0 for a free one")


def test_a_port_in_use_is_one_line_naming_the_address(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = pf_local(tmp_path, "--port", str(port))
    assert (result.returncode, one_error_line(result)) == (
        1, f"code42-scim: error: pf-local cannot listen on 127.0.0.1:{port}: Address already in use; pick "
        "another --port, or 0 for a free one")


def test_an_admin_password_on_argv_is_refused_without_echoing_it(tmp_path: Path) -> None:
    result = pf_local(tmp_path, "--admin-password", "hunter2-on-argv")
    line = one_error_line(result)
    assert (result.returncode, "--admin-password is not accepted" in line, "hunter2" in line) == (2, True, False)


def test_an_admin_password_given_with_equals_is_refused_without_echoing_it(tmp_path: Path) -> None:
    result = pf_local(tmp_path, "--admin-password=hunter2-on-argv")
    assert (result.returncode, "hunter2" in result.stderr) == (2, False)


def test_help_names_the_password_variable_and_no_password_option(tmp_path: Path) -> None:
    result = pf_local(tmp_path, "--help")
    assert ("PF_LOCAL_ADMIN_PASSWORD" in result.stdout, "--admin-password" in result.stdout) == (True, False)


def test_a_corrupt_state_file_is_one_line(tmp_path: Path) -> None:
    state = tmp_path / "corrupt.sqlite3"
    state.write_bytes(b"this is not SQLite " * 200)
    result = pf_local(tmp_path, "--state", str(state))
    assert (result.returncode, one_error_line(result)) == (
        1, f"code42-scim: error: pf-local state {state} is not a pf-local state file (not SQLite, or damaged: "
        "file is not a database): move it away or choose another --state")


def test_a_truncated_state_file_is_one_line(tmp_path: Path) -> None:
    whole = tmp_path / "whole.sqlite3"
    with sqlite3.connect(whole) as db:
        db.executescript("CREATE TABLE connections (id TEXT PRIMARY KEY, seq INTEGER, body TEXT);"
                         "INSERT INTO connections VALUES ('a', 1, '" + "x" * 9000 + "');")
    state = tmp_path / "truncated.sqlite3"
    state.write_bytes(whole.read_bytes()[:5000])
    result = pf_local(tmp_path, "--state", str(state))
    assert (result.returncode, "is not a pf-local state file" in one_error_line(result)) == (1, True)


def test_another_programs_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    state = tmp_path / "other.sqlite3"
    with sqlite3.connect(state) as db:
        db.execute("CREATE TABLE settings (name TEXT)")
    before = state.read_bytes()
    result = pf_local(tmp_path, "--state", str(state))
    assert (result.returncode, "is a SQLite file of something else" in one_error_line(result),
            state.read_bytes() == before) == (1, True, True)


def test_a_directory_as_state_is_one_line(tmp_path: Path) -> None:
    result = pf_local(tmp_path, "--state", str(tmp_path))
    assert (result.returncode, one_error_line(result)) == (
        1, f"code42-scim: error: pf-local state {tmp_path} is a directory; --state takes a file (created if missing)")


def test_a_state_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    # The write-ahead log cannot be created beside it (a directory is in the way): unwritable even for root.
    state = tmp_path / "state.sqlite3"
    sqlite3.connect(state).close()
    (tmp_path / "state.sqlite3-wal").mkdir()
    result = pf_local(tmp_path, "--state", str(state))
    assert (result.returncode, f"pf-local state {state} cannot be opened for writing" in one_error_line(result)) == (
        1, True)


def test_a_state_folder_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = pf_local(tmp_path, "--state", str(tmp_path / "file" / "state.sqlite3"))
    assert (result.returncode, "cannot create the folder of pf-local state" in one_error_line(result)) == (1, True)


def test_a_tls_certificate_that_is_not_pem_is_one_line(tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("not a certificate\n", encoding="utf-8")
    result = pf_local(tmp_path, "--tls-cert", str(cert))
    assert (result.returncode, one_error_line(result)) == (
        1, f"code42-scim: error: cannot use --tls-cert {cert}: not a PEM certificate with its matching private key; "
        "a key in a separate file needs --tls-key")


def test_a_tls_key_of_another_certificate_is_one_line(tmp_path: Path) -> None:
    write_self_signed(tmp_path / "a.pem", tmp_path / "a.key")
    write_self_signed(tmp_path / "b.pem", tmp_path / "b.key")
    result = pf_local(tmp_path, "--tls-cert", str(tmp_path / "a.pem"), "--tls-key", str(tmp_path / "b.key"))
    assert (result.returncode, one_error_line(result).endswith("(OpenSSL: KEY_VALUES_MISMATCH)")) == (1, True)


def test_a_missing_tls_key_file_is_one_line(tmp_path: Path) -> None:
    write_self_signed(tmp_path / "a.pem", tmp_path / "a.key")
    result = pf_local(tmp_path, "--tls-cert", str(tmp_path / "a.pem"), "--tls-key", str(tmp_path / "gone.key"))
    assert (result.returncode, one_error_line(result).endswith(f"cannot read {tmp_path / 'gone.key'}: No such file "
                                                               "or directory")) == (1, True)


def test_a_tls_key_without_a_certificate_is_refused(tmp_path: Path) -> None:
    write_self_signed(tmp_path / "a.pem", tmp_path / "a.key")
    result = pf_local(tmp_path, "--tls-key", str(tmp_path / "a.key"))
    assert (result.returncode, one_error_line(result)) == (
        1, "code42-scim: error: --tls-key needs --tls-cert (the certificate it belongs to)")


def test_a_tls_key_file_content_never_reaches_the_error(tmp_path: Path) -> None:
    key = tmp_path / "key.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\nS3CRET-KEY-MATERIAL\n-----END PRIVATE KEY-----\n", encoding="utf-8")
    write_self_signed(tmp_path / "a.pem", tmp_path / "a.key")
    result = pf_local(tmp_path, "--tls-cert", str(tmp_path / "a.pem"), "--tls-key", str(key))
    assert (result.returncode, "S3CRET" in result.stderr) == (1, False)


@pytest.mark.parametrize("content,reason", [
    (b"[" * 100_000 + b"]" * 100_000, "nests JSON too deeply to read"),
    (b"\xff\xfe\x00{}", "is not UTF-8 text"),
])
def test_an_unreadable_seed_is_one_line(tmp_path: Path, content: bytes, reason: str) -> None:
    seed = tmp_path / "seed.json"
    seed.write_bytes(content)
    result = pf_local(tmp_path, "--seed", str(seed))
    assert (result.returncode, one_error_line(result)) == (1, f"code42-scim: error: pf-local seed {seed} {reason}")


def test_a_seed_whose_connectors_are_not_a_list_is_one_line(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({**json.loads(DEFAULT_SEED_PATH.read_text(encoding="utf-8")), "connectors": 5}),
                    encoding="utf-8")
    result = pf_local(tmp_path, "--seed", str(seed))
    assert one_error_line(result) == f"code42-scim: error: pf-local seed {seed}: 'connectors' must be a list"


def test_a_seed_data_store_id_with_a_newline_is_one_line(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_SEED_PATH.read_text(encoding="utf-8"))
    data["dataStores"][0]["id"] += "\n"
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(data), encoding="utf-8")
    result = pf_local(tmp_path, "--seed", str(seed))
    assert one_error_line(result) == (f"code42-scim: error: pf-local seed {seed}: dataStores[0].id may contain only "
                                      "[a-zA-Z0-9._-]")


def test_a_certificate_output_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = pf_local(tmp_path, "--cert-out", str(tmp_path / "file" / "cert.pem"))
    assert (result.returncode, "cannot write pf-local's certificate" in one_error_line(result)) == (1, True)
