"""`code42-scim descriptor pull` against the real local server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from code42_scim._descriptor import PINNED_DESCRIPTOR_PATH, load_descriptor
from code42_scim.cli import main
from tests.support.pf_local import PfServer, StartPf


@pytest.fixture(autouse=True)
def _credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PINGFEDERATE_PROVIDER_ACCESS_TOKEN", raising=False)
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_USERNAME", "administrator")
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_PASSWORD", "2FederateM0re")


def _pull(pf: PfServer, out: Path, *extra: str) -> int:
    return main(
        [
            "descriptor",
            "pull",
            "--url",
            pf.host_url,
            "--ca-bundle",
            str(pf.cert),
            "-o",
            str(out),
            "--retries",
            "0",
            *extra,
        ]
    )


def test_pull_writes_the_servers_descriptor(pf: PfServer, tmp_path: Path) -> None:
    assert _pull(pf, tmp_path / "d.json") == 0
    assert json.loads((tmp_path / "d.json").read_text()) == json.loads(PINNED_DESCRIPTOR_PATH.read_text())


def test_pulled_file_is_sorted_indented_and_ends_with_a_newline(pf: PfServer, tmp_path: Path) -> None:
    _pull(pf, tmp_path / "d.json")
    text = (tmp_path / "d.json").read_text()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_pulled_file_loads_as_a_descriptor(pf: PfServer, tmp_path: Path) -> None:
    _pull(pf, tmp_path / "d.json")
    assert load_descriptor(tmp_path / "d.json").setting("Access Token").name == "OAUTH_ACCESS_TOKEN"  # type: ignore[union-attr]


def test_pull_defaults_to_pingfederate_scim_descriptor_json(
    pf: PfServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["descriptor", "pull", "--url", pf.host_url, "--ca-bundle", str(pf.cert)]) == 0
    assert (tmp_path / "pingfederate-scim-descriptor.json").is_file()


def test_pull_reports_names_that_differ_from_the_pinned_descriptor(
    start_pf: StartPf, write_seed: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = json.loads(PINNED_DESCRIPTOR_PATH.read_text())
    next(f for f in theirs["configDescriptor"]["fields"] if f["label"] == "Access Token")["name"] = "BEARER"
    (tmp_path / "theirs.json").write_text(json.dumps(theirs))
    pf = start_pf(seed=write_seed(connectors=[str(tmp_path / "theirs.json")]))
    assert _pull(pf, tmp_path / "d.json") == 0
    assert "'Access Token': BEARER here, OAUTH_ACCESS_TOKEN in the pinned descriptor" in capsys.readouterr().out


def test_pull_of_a_missing_connector_fails_in_one_line_and_writes_nothing(
    start_pf: StartPf, write_seed: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pf = start_pf(seed=write_seed(connectors=[]))
    assert _pull(pf, tmp_path / "d.json") == 1
    err = capsys.readouterr().err
    assert err == (
        f"code42-scim: error: {pf.host_url} has no connector 'SCIM' (installed: none): install the SCIM "
        "Connector or pass --plugin-id with its id\n"
    )
    assert not (tmp_path / "d.json").exists()


def test_pull_with_a_wrong_password_fails_in_one_line(
    pf: PfServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_PASSWORD", "Wrong-Secret-99")
    assert _pull(pf, tmp_path / "d.json") == 1
    err = capsys.readouterr().err
    assert "HTTP 401" in err and err.count("\n") == 1 and "Wrong-Secret-99" not in err


def test_pull_keeps_an_existing_file_when_the_server_is_unreachable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "d.json").write_text("{}\n")
    code = main(
        ["descriptor", "pull", "--url", "https://127.0.0.1:1", "-o", str(tmp_path / "d.json"), "--retries", "0"]
    )
    assert (code, (tmp_path / "d.json").read_text()) == (1, "{}\n")
    assert capsys.readouterr().err.startswith("code42-scim: error: connection refused by 127.0.0.1:1")
