"""Single-use e-declaration ids: a store that remembers which token ids were already accepted.

`mark_used` is an atomic check-and-set so two lanes sharing one database cannot both accept the
same token. Ids are kept until their token has expired (plus the clock skew the verifier allows);
after that the token is rejected as expired anyway and `purge` may forget them.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Protocol

import sqlite_utils

from kiosk.errors import KioskError


class ReplayStoreError(KioskError):
    """The used-id store could not be read or written (the verifier then refuses the token)."""


class UsedIdStore(Protocol):
    def mark_used(self, token_id: str, keep_until: float, now: float) -> bool:
        """Record `token_id`; True if it was not used before, False if this is a replay."""
        ...

    def purge(self, now: float) -> int:
        """Forget ids whose keep_until is past; return how many were removed."""
        ...


class MemoryUsedIdStore:
    """In-process store, for tests and single-lane demos."""

    def __init__(self) -> None:
        self._ids: dict[str, float] = {}
        self._lock = threading.Lock()

    def mark_used(self, token_id: str, keep_until: float, now: float) -> bool:
        with self._lock:
            if token_id in self._ids:
                return False
            self._ids[token_id] = keep_until
            return True

    def purge(self, now: float) -> int:
        with self._lock:
            old = [k for k, until in self._ids.items() if until < now]
            for k in old:
                del self._ids[k]
            return len(old)

    def __len__(self) -> int:
        return len(self._ids)


class SqliteUsedIdStore:
    """Used ids in an SQLite table (created if missing); several lanes may share one file."""

    TABLE = "used_declaration_ids"

    def __init__(self, path: str | Path, *, timeout: float = 5.0) -> None:
        self.path = str(path)
        try:
            # check_same_thread=False: the UI calls us from worker threads; the lock serialises use.
            conn = sqlite3.connect(self.path, timeout=timeout, check_same_thread=False, isolation_level=None)
            self._db = sqlite_utils.Database(conn)
            if self.path != ":memory:":
                self._db.enable_wal()
            self._db[self.TABLE].create(
                {"id": str, "used_at": float, "keep_until": float}, pk="id", if_not_exists=True
            )
            self._db[self.TABLE].create_index(["keep_until"], if_not_exists=True)
        except (sqlite3.Error, OSError) as exc:
            raise ReplayStoreError(f"replay store {self.path}: {exc}") from exc
        self._lock = threading.Lock()

    def mark_used(self, token_id: str, keep_until: float, now: float) -> bool:
        with self._lock:
            try:
                self._db[self.TABLE].insert({"id": token_id, "used_at": now, "keep_until": keep_until})
            except sqlite3.IntegrityError:
                return False
            except sqlite3.Error as exc:
                raise ReplayStoreError(f"replay store {self.path}: {exc}") from exc
            return True

    def purge(self, now: float) -> int:
        with self._lock:
            try:
                cursor = self._db.execute(f"DELETE FROM [{self.TABLE}] WHERE keep_until < ?", [now])
                return cursor.rowcount
            except sqlite3.Error as exc:
                raise ReplayStoreError(f"replay store {self.path}: {exc}") from exc

    def count(self) -> int:
        return self._db[self.TABLE].count

    def close(self) -> None:
        self._db.close()
