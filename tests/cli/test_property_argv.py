"""Issue 9 done-when: random command lines never end in a traceback or print a secret planted in them.

Every subcommand gets random argv: known options with random (often invalid) values, unicode and empty
tokens, unknown options, and a planted secret in the places people paste one (after a secret-looking option,
as ``--opt=secret``, after a ``*-env`` flag, stray, as an unknown option's value, as a choice). The result
must be exit 0, or exit 1/2 with one clear error line (or, for a check that ran and failed, a report on
stdout). Network targets are loopback ports nobody listens on, so each example ends in milliseconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .conftest import Cli, closed_port

PORT = closed_port()
LOOPBACK_URLS = [f"https://127.0.0.1:{PORT}", f"http://127.0.0.1:{PORT}", f"https://localhost:{PORT}/x", "",
                 "not a url", "ftp://127.0.0.1/", "https://", "http://[::1", f"https://u:p@127.0.0.1:{PORT}"]
NUMBERS = st.one_of(st.sampled_from(["0", "-5", "nan", "inf", "abc", "", "1e9", "0.0", "-0"]),
                    st.floats(min_value=0.01, max_value=1.0).map(lambda f: f"{f:.2f}"),
                    st.integers(min_value=0, max_value=2).map(str))
TEXT = st.text(max_size=12)
URL = st.sampled_from(LOOPBACK_URLS)
NETWORK = {"--timeout": NUMBERS, "--retries": NUMBERS, "--backoff": NUMBERS, "--deadline": NUMBERS,
           "--check-deadline": NUMBERS, "--allow-plain-http-loopback": None, "--insecure": None,
           "--ca-bundle": TEXT, "--json": None}
PF_TARGET = {"--url": URL, "--admin-api-path": TEXT, "--config": TEXT, "--environment": TEXT, "--username": TEXT,
             "--client-id": TEXT, "--token-url": URL, "--scope": TEXT,
             "--password-env": st.sampled_from(["PF_TEST_PW", "UNSET_VAR_1", "", "lower_case"]),
             "--access-token-env": st.sampled_from(["PF_TEST_PW", "UNSET_VAR_2"])}
COMMANDS: dict[tuple[str, ...], dict[str, st.SearchStrategy[str] | None]] = {
    ("preflight", "pingfederate"): {**PF_TARGET, **NETWORK, "--connection-id": TEXT, "--data-store": TEXT,
                                    "--descriptor": TEXT},
    ("descriptor", "pull"): {**PF_TARGET, **NETWORK, "--plugin-id": TEXT, "-o": TEXT},
    ("preflight", "code42"): {**NETWORK, "--scim-url": URL, "--auth": st.sampled_from(["bearer", "basic", "x"]),
                              "--token-env": st.sampled_from(["C42_TEST_TOKEN", "UNSET_VAR_3"]),
                              "--password-env": st.sampled_from(["C42_TEST_TOKEN", "UNSET_VAR_4"]),
                              "--username": TEXT, "--field": TEXT, "--probe-user": TEXT,
                              "--allow-non-code42-host": None, "--config": TEXT, "--environment": TEXT,
                              "--connection": TEXT},
    ("plan-review",): {"--format": st.sampled_from(["markdown", "terminal", "html"]),
                       "--fail-on": st.sampled_from(["never", "changes", "risky", "x"]), "--descriptor": TEXT,
                       "--strict-sensitive": None},
    ("synth",): {"--config": TEXT, "--environment": TEXT, "--json": None},
    # These would start a server or a benchmark: only their --help (after random options) is exercised.
    ("pf-local", "--help"): {"--port": NUMBERS, "--pf-version": TEXT},
    ("bench", "--help"): {},
}
SECRET_OPTIONS = ["--password", "--token", "--access-token", "--client-secret", "--secret", "--secret-key",
                  "--api-key"]
ENV_FLAGS = ["--password-env", "--token-env", "--client-secret-env", "--access-token-env"]
# Looks like a pasted secret, never like an environment variable name (lower case, a dash).
SECRETS = st.from_regex(r"[a-z][a-z0-9]{3}-[A-Za-z0-9]{6,10}-s3cr3t", fullmatch=True)


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[list[str], str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    options = COMMANDS[command]
    argv: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["known", "known=", "noise"]) if options else st.just("noise"))
        if kind == "noise":
            argv.append(draw(st.one_of(TEXT, st.sampled_from(["--", "-", "-x", "--nope", "--=", "-o"]))))
            continue
        name = draw(st.sampled_from(sorted(options)))
        value = options[name]
        if value is None:
            argv.append(name)
        elif kind == "known=" and name.startswith("--"):
            argv.append(f"{name}={draw(value)}")
        else:
            argv += [name, draw(value)]
    secret = draw(SECRETS)
    places = ["option", "option=", "env-flag", "unknown-option", "choice", "flag="]
    if command[0] != "plan-review":  # its positional is the plan file: a stray value there is a path
        places.append("stray")
    # Half the lines plant nothing, so commands also get past parsing and fail (or pass) at run time.
    place = draw(st.sampled_from(places)) if draw(st.booleans()) else "none"
    planted = {
        "none": [],
        "option": [draw(st.sampled_from(SECRET_OPTIONS)), secret],
        "option=": [f"{draw(st.sampled_from(SECRET_OPTIONS))}={secret}"],
        "env-flag": [draw(st.sampled_from(ENV_FLAGS)), secret],
        "unknown-option": ["--unknown-option", secret],
        "choice": ["--auth" if command == ("preflight", "code42") else "--fail-on", secret],
        "flag=": [f"--json={secret}"],
        "stray": [secret],
    }[place]
    at = draw(st.integers(0, len(argv)))
    argv[at:at] = planted
    prefix = list(command[:-1]) if command[-1] == "--help" else list(command)
    suffix = ["--help"] if command[-1] == "--help" else []
    # Defaults that reach the (closed, loopback) network unless a random option overrides them.
    defaults: dict[tuple[str, ...], list[str]] = {
        ("preflight", "pingfederate"): ["--url", LOOPBACK_URLS[0]],
        ("descriptor", "pull"): ["--url", LOOPBACK_URLS[0]],
        ("preflight", "code42"): ["--scim-url", LOOPBACK_URLS[0], "--auth", "bearer", "--token-env",
                                  "C42_TEST_TOKEN", "--allow-non-code42-host"],
    }
    fast = defaults.get(command, [])
    if fast:
        fast += ["--retries", "0", "--deadline", "2"]
    return [*prefix, *fast, *argv, *suffix], secret


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no code42-scim.toml or main.py from the checkout
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_USERNAME", "administrator")
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_PASSWORD", "env-admin-pw-1")
    monkeypatch.setenv("PF_TEST_PW", "env-admin-pw-2")
    monkeypatch.setenv("C42_TEST_TOKEN", "env-c42-token-3")
    for name in ("UNSET_VAR_1", "UNSET_VAR_2", "UNSET_VAR_3", "UNSET_VAR_4"):
        monkeypatch.delenv(name, raising=False)


def _assert_clean_outcome(code: int, out: str, err: str, secret: str) -> None:
    assert code in (0, 1, 2), (code, out, err)
    assert "Traceback" not in out + err, err
    assert secret not in out + err, (out, err)
    for known in ("env-admin-pw-1", "env-admin-pw-2", "env-c42-token-3"):
        assert known not in out + err
    if code == 2:
        assert err.count("\n") == 1 and ": error: " in err, err
    if code == 1:
        one_line_error = err.count("\n") == 1 and ": error: " in err
        report = err == "" and out.strip() != ""
        assert one_line_error or report, (out, err)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=command_lines())
def test_random_command_lines_end_cleanly_without_leaking_a_secret(
    cli: Cli, environment: None, case: tuple[list[str], str]
) -> None:
    argv, secret = case
    code, out, err = cli(*argv)
    event(f"{argv[0]} exit {code} {'report' if out and code == 1 else ''}")
    _assert_clean_outcome(code, out, err, secret)


@pytest.mark.parametrize(
    "argv",
    [
        ["preflight", "pingfederate", "--url", f"https://127.0.0.1:{PORT}", "--username", "administrator",
         "--password", "Hunter2SecretPw"],
        ["descriptor", "pull", "--access-token", "Hunter2SecretPw"],
        ["preflight", "code42", "--token-env", "Hunter2SecretPw"],
        ["preflight", "code42", "--token", "Hunter2SecretPw"],
    ],
)
def test_the_installed_console_script_refuses_a_secret_in_one_line(argv: list[str], tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "code42_scim.cli", *argv], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    _assert_clean_outcome(done.returncode, done.stdout, done.stderr, "Hunter2SecretPw")
    assert done.returncode == 2
