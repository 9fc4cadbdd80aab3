"""Classes 3, 6, 7 and 8 (issue 9): credentials only over HTTPS, one deadline, what was received, proxies."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from code42_scim.cli._http import Deadline, HttpFailure, make_session, proxy_for, request
from tests.support.pf_local import PASSWORD, USER, start_server

from ..conftest import Cli, Proxy, Scripted, Trickler, closed_port, json_route

PF_CREDS = {"PINGFEDERATE_PROVIDER_USERNAME": USER, "PINGFEDERATE_PROVIDER_PASSWORD": PASSWORD}


@pytest.fixture
def pf_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in PF_CREDS.items():
        monkeypatch.setenv(name, value)


def _report(out: str) -> dict[str, str]:
    return {c["name"]: c["detail"] for c in json.loads(out)["checks"]}


# -- class 3: no credentials over plain HTTP ---------------------------------------------------------------

@pytest.mark.parametrize("command", [("preflight", "pingfederate"), ("descriptor", "pull")])
def test_plain_http_to_a_remote_host_is_refused_before_any_request(
    cli: Cli, pf_credentials: None, command: tuple[str, ...]
) -> None:
    code, out, err = cli(*command, "--url", "http://pf.example.com:9999")
    assert (code, out) == (1, "")
    assert err.startswith("code42-scim: error: refusing to send the PingFederate admin credentials over plain "
                          "http:// to http://pf.example.com:9999")


def test_the_loopback_flag_does_not_open_plain_http_to_other_hosts(cli: Cli, pf_credentials: None) -> None:
    code, _, err = cli("preflight", "pingfederate", "--url", "http://10.0.0.5:9999", "--allow-plain-http-loopback")
    assert code == 1
    assert "--allow-plain-http-loopback allows http:// only to this machine" in err


def test_the_loopback_flag_allows_plain_http_to_a_local_test_server(
    cli: Cli, pf_credentials: None, scripted: Scripted
) -> None:
    scripted.routes["/pf-admin-api/v1/version"] = json_route({"version": "12.1.4.0"})
    _, out, _ = cli("preflight", "pingfederate", "--json", "--url", scripted.url, "--allow-plain-http-loopback")
    assert _report(out)["reachable and authenticated"].startswith(f"{scripted.url}/pf-admin-api/v1 answered")


def test_an_oauth_token_url_over_plain_http_is_refused(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PINGFEDERATE_PROVIDER_OAUTH_CLIENT_SECRET", "client-secret-value-1")
    code, _, err = cli("preflight", "pingfederate", "--url", "https://pf.example.com:9999", "--client-id", "c1",
                       "--token-url", "http://pf.example.com:9031/as/token.oauth2")
    assert code == 1
    assert "refusing to send the OAuth client secret over plain http://" in err
    assert "client-secret-value-1" not in err


def test_preflight_code42_refuses_plain_http_without_sending_the_token(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, scripted: Scripted
) -> None:
    monkeypatch.setenv("C42_TOKEN", "tok-123456789")
    code, out, _ = cli("preflight", "code42", "--scim-url", f"{scripted.url}/v2", "--auth", "bearer",
                       "--token-env", "C42_TOKEN", "--allow-non-code42-host")
    assert code == 1
    assert "the SCIM URL must start with https://" in out
    assert scripted.seen == []


# -- class 6: one deadline ---------------------------------------------------------------------------------

def test_a_trickling_server_is_cut_off_at_the_deadline(trickler: Trickler) -> None:
    started = time.monotonic()
    with pytest.raises(HttpFailure) as info:
        request(make_session(), "GET", trickler.url, timeout=5, retries=0, deadline=Deadline(1.5))
    elapsed = time.monotonic() - started
    assert 1.4 < elapsed < 2.5
    assert info.value.deadline == "--deadline"
    assert "stopped after 1.5s: --deadline 1.5s ran out before the server finished answering" in str(info.value)


def test_preflight_pingfederate_ends_at_its_deadline_against_a_trickling_server(
    cli: Cli, pf_credentials: None, trickler: Trickler
) -> None:
    started = time.monotonic()
    code, out, _ = cli("preflight", "pingfederate", "--json", "--url", trickler.url, "--allow-plain-http-loopback",
                       "--timeout", "5", "--retries", "0", "--deadline", "2")
    elapsed = time.monotonic() - started
    assert code == 1
    assert elapsed < 3.0
    assert "stopped after 2.0s: --deadline 2s ran out" in _report(out)["reachable and authenticated"]


def test_a_check_deadline_shorter_than_the_run_ends_the_check(
    cli: Cli, pf_credentials: None, trickler: Trickler
) -> None:
    started = time.monotonic()
    _, out, _ = cli("preflight", "pingfederate", "--json", "--url", trickler.url, "--allow-plain-http-loopback",
                    "--check-deadline", "1", "--deadline", "30")
    assert time.monotonic() - started < 2.0
    assert "--check-deadline 1s ran out" in _report(out)["reachable and authenticated"]


def test_preflight_code42_ends_at_its_deadline_against_a_trickling_server(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, trickler: Trickler
) -> None:
    monkeypatch.setenv("C42_TOKEN", "tok-123456789")
    started = time.monotonic()
    code, out, _ = cli("preflight", "code42", "--scim-url", f"{trickler.url}/v2", "--auth", "bearer", "--token-env",
                       "C42_TOKEN", "--allow-non-code42-host", "--allow-plain-http-loopback", "--deadline", "1.5")
    assert code == 1
    assert time.monotonic() - started < 2.5
    assert "--deadline 1.5s ran out" in out


def test_a_retry_after_longer_than_the_deadline_is_not_waited_for(scripted: Scripted) -> None:
    scripted.routes["/busy"] = (429, {"Retry-After": "20"}, b"")
    started = time.monotonic()
    response = request(make_session(), "GET", f"{scripted.url}/busy", retries=3, deadline=Deadline(5))
    assert (response.status_code, len(scripted.seen)) == (429, 1)
    assert time.monotonic() - started < 1.0


# -- class 7: say what was received ------------------------------------------------------------------------

def test_an_html_page_answering_200_is_not_reachable_and_authenticated(
    cli: Cli, pf_credentials: None, scripted: Scripted
) -> None:
    scripted.routes["/pf-admin-api/v1/version"] = (200, {"Content-Type": "text/html"},
                                                   b"<html><title>Sign in</title><body>SSO portal</body></html>")
    code, out, _ = cli("preflight", "pingfederate", "--json", "--url", scripted.url, "--allow-plain-http-loopback")
    assert code == 1
    assert _report(out)["reachable and authenticated"] == (
        f"GET {scripted.url}/pf-admin-api/v1/version answered HTTP 200 with text/html, 58 bytes: "
        '"<html><title>Sign in</title><body>SSO portal</body></html>", not the admin API\'s JSON (a login page '
        "or a proxy's page means the request never reached the admin API)"
    )


def test_invalid_json_answering_200_is_described(cli: Cli, pf_credentials: None, scripted: Scripted) -> None:
    scripted.routes["/pf-admin-api/v1/version"] = (200, {"Content-Type": "application/json"}, b"{not json")
    _, out, _ = cli("preflight", "pingfederate", "--json", "--url", scripted.url, "--allow-plain-http-loopback")
    assert 'answered HTTP 200 with application/json, 9 bytes: "{not json"' in _report(out)[
        "reachable and authenticated"]


def test_a_redirect_names_its_target_instead_of_blaming_the_host(
    cli: Cli, pf_credentials: None, scripted: Scripted
) -> None:
    scripted.routes["/pf-admin-api/v1/version"] = (302, {"Location": "https://127.0.0.1:9443/login?token=abc"}, b"")
    _, out, _ = cli("preflight", "pingfederate", "--json", "--url", scripted.url, "--allow-plain-http-loopback")
    detail = _report(out)["reachable and authenticated"]
    assert "HTTP 302 X from 127.0.0.1" in detail
    assert "redirects to https://127.0.0.1:9443/login (not followed" in detail
    assert "token=abc" not in detail


def test_descriptor_pull_describes_a_non_json_answer(
    cli: Cli, pf_credentials: None, scripted: Scripted, tmp_path: Path
) -> None:
    scripted.routes["/pf-admin-api/v1/idp/connectors/descriptors/SCIM"] = (
        200, {"Content-Type": "text/plain"}, b"maintenance")
    code, _, err = cli("descriptor", "pull", "--url", scripted.url, "--allow-plain-http-loopback", "-o",
                       str(tmp_path / "d.json"))
    assert code == 1
    assert 'with text/plain, 11 bytes: "maintenance", not a JSON descriptor' in err
    assert not (tmp_path / "d.json").exists()


# -- class 8: proxies --------------------------------------------------------------------------------------

@pytest.fixture
def corp_pf(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """pf-local with a certificate for pf.corp.example (reachable only through the proxy, which maps it to loopback)."""
    ca = trustme.CA()
    cert = ca.issue_cert("pf.corp.example")
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    pf = start_server(tmp_path, tls_cert=tmp_path / "cert.pem", tls_key=tmp_path / "key.pem")
    yield f"https://pf.corp.example:{pf.server.port}", tmp_path / "ca.pem"
    pf.stop()


def test_https_proxy_is_used_for_a_remote_host(
    cli: Cli, pf_credentials: None, proxy: Proxy, corp_pf: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, ca = corp_pf
    monkeypatch.setenv("HTTPS_PROXY", proxy.url("proxyuser:proxy-pw-1@"))
    _, out, _ = cli("preflight", "pingfederate", "--json", "--url", url, "--ca-bundle", str(ca))
    assert json.loads(out)["checks"][0]["status"] == "pass"
    assert proxy.requests[0] == f"CONNECT pf.corp.example:{url.rsplit(':', 1)[1]} HTTP/1.0"
    assert proxy.auth_headers  # the proxy's own credentials went to the proxy, in its header


def test_no_proxy_names_hosts_that_bypass_the_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp.example:3128")
    monkeypatch.setenv("NO_PROXY", "corp.example")
    assert (proxy_for("https://pf.corp.example:9999"), proxy_for("https://console.us.code42.com/v2")) == (
        None, "http://proxy.corp.example:3128")


def test_loopback_is_never_proxied(
    cli: Cli, pf_credentials: None, proxy: Proxy, scripted: Scripted, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url())
    monkeypatch.setenv("HTTP_PROXY", proxy.url())
    scripted.routes["/pf-admin-api/v1/version"] = json_route({"version": "12.1.4.0"})
    cli("preflight", "pingfederate", "--url", scripted.url, "--allow-plain-http-loopback")
    assert (proxy.requests, scripted.seen[0]) == ([], "/pf-admin-api/v1/version")


def test_a_failing_proxy_is_named_without_its_credentials(
    cli: Cli, pf_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", f"http://proxyuser:proxy-pw-1@127.0.0.1:{closed_port()}")
    code, out, _ = cli("preflight", "pingfederate", "--json", "--url", "https://pf.corp.example:9999",
                       "--retries", "0")
    detail = _report(out)["reachable and authenticated"]
    assert code == 1
    assert "through the proxy http://127.0.0.1:" in detail
    assert "proxy-pw-1" not in out and "proxyuser" not in out
