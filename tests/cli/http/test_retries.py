"""cli._http retries and messages, against a real loopback HTTP server that misbehaves on purpose."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Response

from code42_scim.cli._http import HttpFailure, describe_status, make_session, request


class Flaky:
    """Answers the queued statuses in order, then 200; counts calls."""

    def __init__(self) -> None:
        self.queue: list[tuple[int, dict[str, str]]] = []
        self.calls = 0

    def __call__(self, environ, start_response):  # type: ignore[no-untyped-def]
        self.calls += 1
        status, headers = self.queue.pop(0) if self.queue else (200, {})
        body = '{"message": "busy"}' if status != 200 else '{"ok": true}'
        return Response(body, status=status, headers=headers, content_type="application/json")(environ, start_response)


@pytest.fixture
def flaky() -> Iterator[tuple[Flaky, str]]:
    app = Flaky()
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_5xx_is_retried_until_success(flaky: tuple[Flaky, str]) -> None:
    app, url = flaky
    app.queue = [(503, {}), (502, {})]
    resp = request(make_session(), "GET", url, retries=3, backoff=0.01)
    assert (resp.status_code, app.calls) == (200, 3)


def test_429_honours_retry_after(flaky: tuple[Flaky, str]) -> None:
    app, url = flaky
    app.queue = [(429, {"Retry-After": "0"})]
    resp = request(make_session(), "GET", url, retries=1, backoff=5)
    assert (resp.status_code, app.calls) == (200, 2)


def test_retries_are_bounded_and_the_last_response_is_returned(flaky: tuple[Flaky, str]) -> None:
    app, url = flaky
    app.queue = [(500, {})] * 5
    resp = request(make_session(), "GET", url, retries=2, backoff=0.01)
    assert (resp.status_code, app.calls) == (500, 3)


def test_post_is_not_retried_on_5xx(flaky: tuple[Flaky, str]) -> None:
    app, url = flaky
    app.queue = [(500, {})]
    assert request(make_session(), "POST", url, retries=3, backoff=0.01).status_code == 500
    assert app.calls == 1


def test_describe_status_is_one_line_with_the_servers_message(flaky: tuple[Flaky, str]) -> None:
    app, url = flaky
    app.queue = [(503, {})]
    text = describe_status(request(make_session(), "GET", url, retries=0))
    assert text == (
        "HTTP 503 SERVICE UNAVAILABLE from 127.0.0.1:"
        + url.rsplit(":", 1)[1]
        + " (busy): the server failed; check its logs and retry later"
    )


def test_failure_messages_never_contain_url_credentials() -> None:
    with pytest.raises(HttpFailure) as info:
        request(make_session(), "GET", "https://user:Pw-Secret-1@127.0.0.1:1/x", retries=0)
    assert "Pw-Secret-1" not in str(info.value) and "127.0.0.1:1" in str(info.value)
