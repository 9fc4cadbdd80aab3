"""Class 1 (issue 9): no message repeats a value from the command line; every error is one line."""

from __future__ import annotations

import pytest

from .conftest import Cli

SECRET = "Hunter2SecretPw-x9"
PF = ("preflight", "pingfederate", "--url", "https://127.0.0.1:9999")
PULL = ("descriptor", "pull", "--url", "https://127.0.0.1:9999")
C42 = ("preflight", "code42", "--scim-url", "https://console.us.code42.com/v2")


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        ((*PF, "--username", "administrator", "--password", SECRET), "--password"),
        ((*PULL, "--password", SECRET), "--password"),
        ((*PF, "--access-token", SECRET), "--access-token"),
        ((*PULL, f"--client-secret={SECRET}"), "--client-secret"),
        ((*C42, "--token", SECRET), "--token"),
        ((*C42, f"--token={SECRET}"), "--token"),
        ((*C42, "--secret-key", SECRET), "--secret-key"),
    ],
)
def test_a_secret_option_is_refused_by_name_without_its_value(cli: Cli, argv: tuple[str, ...], option: str) -> None:
    code, out, err = cli(*argv)
    assert code == 2
    assert SECRET not in out + err
    assert f"error: {option} is not accepted: secrets are never taken on the command line" in err
    assert err.count("\n") == 1


def test_a_secret_option_names_the_env_flag_to_use_instead(cli: Cli) -> None:
    _, _, err = cli(*PF, "--password", SECRET)
    assert err.endswith("pass the NAME of an environment variable holding it with --password-env VAR\n")


def test_an_abbreviation_of_an_env_flag_is_not_accepted(cli: Cli) -> None:
    code, _, err = cli(*PF, "--password-e", "MY_VAR")
    assert (code, err) == (2, "code42-scim preflight pingfederate: error: unrecognized option --password-e (and 1 "
                              "more argument(s), not shown); see --help for the options of this command\n")


@pytest.mark.parametrize("flag", ["--token-env", "--password-env"])
def test_a_secret_given_where_a_variable_name_belongs_is_not_repeated(cli: Cli, flag: str) -> None:
    code, out, err = cli(*C42, "--auth", "bearer", flag, SECRET)
    assert code == 2
    assert SECRET not in out + err
    assert f"argument {flag}: takes the NAME of an environment variable" in err


def test_an_unset_variable_is_named_only_because_it_looks_like_one(cli: Cli) -> None:
    code, _, err = cli(*C42, "--auth", "bearer", "--token-env", "C42_UNSET_TOKEN_VAR")
    assert (code, err) == (1, "code42-scim: error: environment variable C42_UNSET_TOKEN_VAR is not set: export "
                              "the Code42 access token there (the same variable Terraform reads)\n")


def test_terraform_s_own_lowercase_variable_names_are_accepted(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TF_VAR_code42_access_token", raising=False)
    code, _, err = cli(*C42, "--auth", "bearer", "--token-env", "TF_VAR_code42_access_token")
    assert code == 1
    assert "environment variable TF_VAR_code42_access_token is not set" in err


@pytest.mark.parametrize(
    "argv",
    [
        (*C42, SECRET),
        (*C42, "--unknown-flag", SECRET),
        (*C42, "--auth", SECRET),
        (*C42, f"--json={SECRET}"),
        (SECRET,),
        ("preflight", SECRET),
    ],
    ids=["stray", "unknown-option-value", "choice", "flag-value", "command", "subcommand"],
)
def test_a_stray_or_invalid_value_is_never_echoed(cli: Cli, argv: tuple[str, ...]) -> None:
    code, out, err = cli(*argv)
    assert code == 2
    assert SECRET not in out + err
    assert err.count("\n") == 1 and ": error: " in err


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--timeout", "0", "argument --timeout: takes a number of seconds greater than 0 and at most 600"),
        ("--timeout", "nan", "argument --timeout: takes a number of seconds greater than 0 and at most 600"),
        ("--retries", "-5", "argument --retries: takes a whole number from 0 to 10"),
        ("--backoff", "-1", "argument --backoff: takes a number of seconds from 0 to 60"),
        ("--deadline", "inf", "argument --deadline: takes a number of seconds greater than 0 and at most 3600"),
        ("--check-deadline", "x", "argument --check-deadline: takes a number of seconds greater than 0"),
    ],
)
@pytest.mark.parametrize("command", [PF, PULL, C42], ids=["pingfederate", "pull", "code42"])
def test_a_numeric_option_out_of_range_is_a_one_line_usage_error(
    cli: Cli, command: tuple[str, ...], option: str, value: str, message: str
) -> None:
    code, _, err = cli(*command, option, value)
    assert code == 2
    assert message in err and err.count("\n") == 1


def test_an_unexpected_exception_is_one_line_without_its_text(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import code42_scim.cli.preflight.code42 as command

    def explode(args: object) -> int:
        raise RuntimeError(f"boom with {SECRET}")

    monkeypatch.setattr(command, "run", explode)
    code, out, err = cli(*C42)
    assert code == 1
    assert err == ("code42-scim: error: unexpected RuntimeError in `code42-scim preflight code42`; this is a bug, "
                   "please report it with the command you ran (without secrets)\n")
    assert SECRET not in out + err


def test_a_path_with_a_newline_is_reported_on_one_line(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_USERNAME", "administrator")
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_PASSWORD", "unused-here")
    code, _, err = cli(*PF, "--ca-bundle", "ca\n.pem")
    assert code == 1
    assert err == "code42-scim: error: --ca-bundle 'ca\\n.pem': no such file\n"


def test_a_config_path_with_a_newline_is_reported_on_one_line(cli: Cli) -> None:
    code, _, err = cli("preflight", "code42", "--config", "x\ny.toml")
    assert code == 1
    assert err == "code42-scim: error: cannot read config 'x\\ny.toml': No such file or directory\n"
