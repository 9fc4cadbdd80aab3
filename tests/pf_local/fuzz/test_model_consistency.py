"""Issue 9, class 15, stateful: random create / update / delete / restart sequences against pf-local, checked after
every step against a model (read-after-write). Random ids and names include control characters and other
characters PingFederate refuses; the model says which requests must be refused, and a refusal changes nothing.

Bounded in the normal suite; ``make fuzz`` raises PF_LOCAL_FUZZ_EXAMPLES.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from tests.support.pf_local import PfServer, start_server

from .contract import EXAMPLES

# The model's own statement of what PingFederate accepts (written from its documentation, not from pf-local).
VALID_ID = re.compile(r"[a-zA-Z0-9._-]+")
NOT_STORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

IDS = st.one_of(st.from_regex(r"[a-zA-Z0-9._-]{1,12}", fullmatch=True),
                st.sampled_from(["code42-scim\n", "a b", "x/y", "\tx", "id\x1b[0m", "é"]))
TEXT = st.text(st.characters(codec="utf-8"), max_size=12)


def connection(conn_id: str, name: str, entity_id: str) -> dict[str, Any]:
    return {"type": "SP", "id": conn_id, "name": name, "entityId": entity_id}


def acceptable(conn_id: str, name: str, entity_id: str) -> bool:
    return (VALID_ID.fullmatch(conn_id) is not None and not NOT_STORABLE.search(name)
            and not CONTROL.search(entity_id))


class PfLocalModel(RuleBasedStateMachine):
    """pf-local's connections must always equal ``self.model`` (id -> (name, entityId)), in creation order."""

    directory: Path
    holder: list[PfServer]
    known = Bundle("known")

    def __init__(self) -> None:
        super().__init__()
        self.model: dict[str, tuple[str, str]] = {}
        self.admin = self.pf.session()
        for conn_id in self.pf.connection_ids():  # each example starts from an empty server
            self.admin.delete(f"{self.pf.api_url}/idp/spConnections/{conn_id}", timeout=10)

    @property
    def pf(self) -> PfServer:
        return self.holder[-1]

    def _url(self, conn_id: str = "") -> str:
        return f"{self.pf.api_url}/idp/spConnections" + (f"/{quote(conn_id, safe='')}" if conn_id
                                                         else "")

    @rule(target=known, conn_id=IDS, name=TEXT, entity_id=TEXT)
    def create(self, conn_id: str, name: str, entity_id: str) -> str:
        resp = self.admin.post(self._url(), json=connection(conn_id, name, entity_id), timeout=10)
        if acceptable(conn_id, name, entity_id) and conn_id not in self.model:
            assert resp.status_code == 201, resp.text
            self.model[conn_id] = (name, entity_id)
        else:
            assert (resp.status_code, "validationErrors" in resp.json()) == (422, True), resp.text
        return conn_id

    @rule(conn_id=known, name=TEXT, entity_id=TEXT)
    def update(self, conn_id: str, name: str, entity_id: str) -> None:
        resp = self.admin.put(self._url(conn_id), json=connection(conn_id, name, entity_id), timeout=10)
        if conn_id not in self.model:
            assert resp.status_code == 404, resp.text
        elif acceptable(conn_id, name, entity_id):
            assert resp.status_code == 200, resp.text
            self.model[conn_id] = (name, entity_id)
        else:
            assert resp.status_code == 422, resp.text

    @rule(conn_id=consumes(known))
    def delete(self, conn_id: str) -> None:
        resp = self.admin.delete(self._url(conn_id), timeout=10)
        assert resp.status_code == (204 if self.model.pop(conn_id, None) is not None else 404), resp.text

    @rule()
    def restart(self) -> None:
        """Stop and start on the same state file: nothing acknowledged is lost."""
        old = self.pf
        old.stop()
        self.holder.append(start_server(self.directory, len(self.holder), state=old.state))
        self.admin = self.pf.session()

    @invariant()
    def the_list_is_the_model_in_creation_order(self) -> None:
        items = self.admin.get(self._url(), timeout=10).json()["items"]
        assert [(c["id"], c["name"], c["entityId"]) for c in items] == [
            (conn_id, name, entity_id) for conn_id, (name, entity_id) in self.model.items()]

    @invariant()
    def each_connection_reads_back_as_written(self) -> None:
        for conn_id, (name, entity_id) in self.model.items():
            body = self.admin.get(self._url(conn_id), timeout=10).json()
            assert (body["name"], body["entityId"]) == (name, entity_id)


def test_random_create_update_delete_restart_sequences_match_the_model(tmp_path: Path) -> None:
    holder = [start_server(tmp_path)]
    machine: type[PfLocalModel] = type("Machine", (PfLocalModel,), {"directory": tmp_path, "holder": holder})
    try:
        machine.TestCase.settings = settings(max_examples=max(EXAMPLES, 5), stateful_step_count=10, deadline=None,
                                             database=None, suppress_health_check=[HealthCheck.too_slow])
        machine.TestCase().runTest()
    finally:
        holder[-1].stop()

