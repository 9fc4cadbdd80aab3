"""Persistent state of the stand-in: SP connections, server settings and the secret-sealing key (SQLite).

SQLite gives atomic, durable writes (a restart loses nothing) and the lock serialises check-then-write
sequences (e.g. "id free? then insert") across the server's request threads.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from code42_scim._errors import ConfigError

__all__ = ["Store"]

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS connections (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

_COLUMNS = {"connections": {"id", "seq", "body"}, "settings": {"key", "value"}}


def _prepare_location(path: Path) -> None:
    if path.is_dir():
        raise ConfigError(f"pf-local state {path} is a directory; --state takes a file (created if missing)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the folder of pf-local state {path}: {exc.strerror or exc}") from None


def _unusable(path: Path | str, exc: sqlite3.Error) -> ConfigError:
    """One line naming the file and what to do; SQLite's own words only as the reason."""
    reason = str(exc)
    if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in reason or "malformed" in reason):
        return ConfigError(f"pf-local state {path} is not a pf-local state file (not SQLite, or damaged: "
                           f"{reason}): move it away or choose another --state")
    if "readonly" in reason or "read-only" in reason:
        return ConfigError(f"pf-local state {path} is not writable ({reason}): fix its permissions or choose "
                           "another --state")
    return ConfigError(f"pf-local state {path} cannot be opened for writing ({reason}): check the file, its "
                       "folder and the free space, or choose another --state")


class Store:
    """Thread-safe JSON document store on one SQLite file (``:memory:`` for throwaway state)."""

    def __init__(self, path: Path | str) -> None:
        """Open (or create) the state; a file that cannot serve as one is a :class:`ConfigError`, in one line."""
        if str(path) != ":memory:":
            _prepare_location(Path(path))
        self._lock = threading.RLock()
        # One connection shared under the lock: simpler than per-thread connections and just as safe here.
        try:
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise _unusable(path, exc) from None
        try:
            # Read-only checks first, so a file that is not ours is left exactly as it was.
            if self._db.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError("database disk image is malformed")
            tables = [r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                found = {row[0] for row in self._db.execute("SELECT name FROM pragma_table_info(?)", (table,))}
                if found != _COLUMNS.get(table):
                    raise ConfigError(f"pf-local state {path} is a SQLite file of something else (its {table!r} "
                                      "table is not pf-local's): choose another --state")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
            # Take (and give back) the write lock now: an unwritable state fails at start, not on a request.
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("ROLLBACK")
        except (sqlite3.Error, ConfigError) as exc:
            self._db.close()
            if isinstance(exc, ConfigError):
                raise
            raise _unusable(path, exc) from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Hold the lock and one SQLite transaction: everything inside commits together or not at all."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def atomically(self, fn: Callable[[Store], T]) -> T:
        with self.transaction() as tx:
            return fn(tx)

    # connections -------------------------------------------------------------------------------------
    def list_connections(self) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute("SELECT body FROM connections ORDER BY seq").fetchall()
        return [json.loads(r[0]) for r in rows]

    def get_connection(self, conn_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT body FROM connections WHERE id = ?", (conn_id,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def put_connection(self, conn_id: str, body: Mapping[str, Any]) -> None:
        text = json.dumps(body, sort_keys=True)
        with self._lock:
            self._db.execute(
                "INSERT INTO connections (id, seq, body) VALUES "
                "(?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM connections), ?) "
                "ON CONFLICT(id) DO UPDATE SET body = excluded.body",
                (conn_id, text),
            )

    def delete_connection(self, conn_id: str) -> bool:
        with self._lock:
            cur = self._db.execute("DELETE FROM connections WHERE id = ?", (conn_id,))
        return cur.rowcount > 0

    # settings ----------------------------------------------------------------------------------------
    def get_setting(self, key: str) -> Any:
        with self._lock:
            row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def put_setting(self, key: str, value: Any) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, sort_keys=True)),
            )

    def setting_or_init(self, key: str, make: Callable[[], Any]) -> Any:
        """Read a setting, creating it once (first start) from ``make`` if absent."""
        with self.transaction():
            value = self.get_setting(key)
            if value is None:
                value = make()
                if value is not None:
                    self.put_setting(key, value)
            return value

    def sealing_key(self) -> bytes:
        """Per-state random key for sealing secrets, so encryptedValue survives restarts unchanged."""
        return bytes.fromhex(self.setting_or_init("sealing_key", lambda: secrets.token_hex(32)))
