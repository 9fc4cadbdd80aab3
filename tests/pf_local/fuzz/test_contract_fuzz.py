"""Issue 9, class 15: pf-local against the admin API description, by schemathesis (a tool that does not share our
assumptions). Every generated request, valid or not, gets no 5xx and a response the description allows; the
stateful run chains create -> read -> update -> delete through OpenAPI links.

Bounded in the normal suite (``PF_LOCAL_FUZZ_EXAMPLES``, default 10 per operation and mode); ``make fuzz`` runs
many more. One pf-local serves the whole module over HTTPS (self-signed, Basic auth, X-XSRF-Header), so state
left by one operation's examples is what the next operation's examples meet.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from tests.support.pf_local import PfServer, start_server

from .contract import (
    CHECKS,
    EXAMPLES,
    NEGATIVE_CHECKS,
    REFERENCE_SPEC,
    SPEC_GAPS,
    STATEFUL_CHECKS,
    STATEFUL_EXAMPLES,
    operation_labels,
    raw_spec,
    schema,
)

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no example database in the work tree; reproduce with the printed seed
    phases=[Phase.explicit, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=list(HealthCheck),  # large request schemas: generation is slow by nature
)


class ServerLog(logging.Handler):
    """Every line pf-local logs while the module runs (to prove no request ended in an unexpected error)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture(scope="module")
def server_log() -> Iterator[ServerLog]:
    handler = ServerLog()
    logger = logging.getLogger("code42_scim_local")
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(previous)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory, server_log: ServerLog) -> Iterator[PfServer]:
    pf = start_server(tmp_path_factory.mktemp("pf-local-fuzz"))
    yield pf
    pf.stop()


@pytest.fixture(scope="module")
def session(fuzzed: PfServer) -> requests.Session:
    return fuzzed.session()


def transport(pf: PfServer, session: requests.Session) -> dict[str, Any]:
    return {"base_url": pf.api_url, "session": session, "verify": str(pf.cert), "timeout": 10}


def test_the_description_driving_the_fuzzer_is_the_shared_reference() -> None:
    if not REFERENCE_SPEC.is_file():
        pytest.skip(f"no shared reference at {REFERENCE_SPEC} to compare pf-local's copy with")
    assert raw_spec() == json.loads(REFERENCE_SPEC.read_text(encoding="utf-8"))


def test_every_documented_gap_names_an_operation_of_the_description() -> None:
    assert {label for label, _ in SPEC_GAPS} <= set(operation_labels())


def _cases() -> list[tuple[str, GenerationMode]]:
    """Every operation with valid input; with invalid input too where it takes a body, a query or a header
    (a string path parameter has no invalid value, so schemathesis cannot make one)."""
    cases = []
    for label in operation_labels():
        method, path = label.split(" ", 1)
        raw = raw_spec()["paths"][path][method.lower()]
        cases.append((label, GenerationMode.POSITIVE))
        if "requestBody" in raw or any(p["in"] != "path" for p in raw.get("parameters", [])):
            cases.append((label, GenerationMode.NEGATIVE))
    return cases


@pytest.mark.parametrize(("label", "mode"), _cases(), ids=[f"{label}-{mode.value}" for label, mode in _cases()])
def test_generated_requests_get_no_5xx_and_a_response_the_description_allows(
    fuzzed: PfServer, session: requests.Session, label: str, mode: GenerationMode
) -> None:
    method, path = label.split(" ", 1)
    operation = schema()[path][method]
    checks = NEGATIVE_CHECKS if mode is GenerationMode.NEGATIVE else CHECKS
    statuses: list[int] = []

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(mode))
    def check(case: Any) -> None:
        statuses.append(case.call_and_validate(checks=checks, **transport(fuzzed, session)).status_code)

    check()
    assert statuses and max(statuses) < 500


def test_chained_sequences_keep_the_contract(fuzzed: PfServer, session: requests.Session) -> None:
    """schemathesis's state machine: operations chained through the links (and the ones it infers), with its
    stateful checks (a created resource can be read, a deleted one is gone) on top of the per-response ones.
    Read-after-write against a model is test_model_consistency's job: random bodies rarely pass PingFederate's
    rules, so creates here are few."""
    base = schema().as_state_machine()
    steps: list[tuple[str, int]] = []

    class PfLocalMachine(base):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return transport(fuzzed, session)

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            steps.append((f"{case.method} {case.operation.path}", response.status_code))

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, checks=STATEFUL_CHECKS, transport_kwargs=kwargs or None,
                                   recorder=self.recorder)

    PfLocalMachine.run(settings=settings(FUZZ_SETTINGS, max_examples=STATEFUL_EXAMPLES, stateful_step_count=8))
    # Links were followed: an operation on one item was called with an id the server had handed out.
    assert any(path.endswith("{id}") and status == 200 for path, status in steps), sorted(set(steps))


def test_no_request_ended_in_an_unexpected_error(fuzzed: PfServer, server_log: ServerLog) -> None:
    assert [line for line in server_log.lines if "unexpected" in line] == []
