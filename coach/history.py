"""The training log: every session's reps, holds and cues, kept in SQLite in the config folder.

`History` reads the log back (listings, trends, the report), deletes from it, and gives
`coach.history_recorder.SessionRecorder` its writes: each rep, hold and cue the moment it
happens, in its own transaction, so that a crash, a kill or a power cut loses at most the rep
under way.

The file is `history.sqlite3` in the config folder, in WAL mode so that readers never wait for
a writer, with a busy timeout so that two windows writing at once take turns. Its schema version
is SQLite's `user_version`; older logs are migrated forward, a log from a newer Fitness Coach is
left alone (and not written). A file that is not a readable log is set aside as
`history.sqlite3.broken-<time>` with a message, and a new log is started, as for the settings.
Nothing in it ever leaves the machine.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from coach.i18n import gettext as _
from coach.storage import config_dir, set_aside

log = logging.getLogger(__name__)

Severity = Literal["info", "warning", "danger"]

HISTORY_FILE = "history.sqlite3"
BUSY_TIMEOUT_S = 5.0  # how long a writer waits for another one before the log counts as busy

# MIGRATIONS[n] takes a log from schema version n to n + 1 (version 0: a new, empty file), in one
# transaction with the version change.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,       -- wall clock, ISO 8601 with the local offset
        day TEXT NOT NULL,              -- the local date, YYYY-MM-DD
        exercise TEXT,                  -- the rule's id, NULL when only watching
        source TEXT NOT NULL,
        source_kind TEXT NOT NULL,      -- camera, video, photos
        settings TEXT NOT NULL,         -- JSON: what the session ran with
        start_s REAL NOT NULL,          -- the session clock at its start
        duration_s REAL NOT NULL,       -- so far, then the summary's
        finished INTEGER NOT NULL,      -- 0 while under way, or when cut short (crash, kill)
        failure TEXT,                   -- what stopped it early, for the user
        summary TEXT                    -- JSON: the summary, without the lists kept below
    );
    CREATE INDEX sessions_by_day ON sessions(day);
    CREATE TABLE reps (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start_s REAL NOT NULL,
        bottom_s REAL NOT NULL,
        end_s REAL NOT NULL,
        lowest_deg REAL NOT NULL,
        highest_deg REAL,
        faults TEXT NOT NULL,           -- JSON list of check ids
        PRIMARY KEY (session_id, idx)
    );
    CREATE TABLE holds (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start_s REAL NOT NULL,
        end_s REAL NOT NULL,
        held_s REAL NOT NULL,
        PRIMARY KEY (session_id, idx)
    );
    CREATE TABLE cues (
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time_s REAL NOT NULL,
        check_id TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        spoken INTEGER NOT NULL,
        PRIMARY KEY (session_id, seq)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
_TABLES = {"sessions", "reps", "holds", "cues"}
# SQLite's primary result codes for a file that is not a usable database.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class HistoryError(Exception):
    """The training log cannot be used now; the message is for the user."""


class HistoryBusy(HistoryError):
    """Another Fitness Coach held the log for longer than the busy timeout."""


def history_path() -> Path:
    return config_dir() / HISTORY_FILE


@dataclass(frozen=True)
class RepRecord:
    index: int
    start_s: float
    bottom_s: float
    end_s: float
    lowest_deg: float
    highest_deg: float | None
    faults: tuple[str, ...]

    @property
    def range_deg(self) -> float | None:
        """Range of motion: from the top before the rep to its lowest point."""
        return None if self.highest_deg is None else self.highest_deg - self.lowest_deg

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_s": self.start_s,
            "bottom_s": self.bottom_s,
            "end_s": self.end_s,
            "duration_s": round(self.end_s - self.start_s, 3),
            "down_s": round(self.bottom_s - self.start_s, 3),
            "up_s": round(self.end_s - self.bottom_s, 3),
            "lowest_deg": self.lowest_deg,
            "highest_deg": self.highest_deg,
            "faults": list(self.faults),
        }


@dataclass(frozen=True)
class HoldRecord:
    index: int
    start_s: float
    end_s: float
    held_s: float


@dataclass(frozen=True)
class CueRecord:
    time_s: float
    check: str
    severity: str
    message: str
    spoken: bool


@dataclass(frozen=True)
class SessionRecord:
    """One session as the log holds it, with its reps, holds and cues."""

    id: int
    started_at: datetime
    exercise: str | None
    source: str
    source_kind: str
    settings: dict[str, Any]
    duration_s: float
    finished: bool
    failure: str | None
    summary: dict[str, Any]
    reps: tuple[RepRecord, ...] = ()
    holds: tuple[HoldRecord, ...] = ()
    cues: tuple[CueRecord, ...] = ()

    @property
    def day(self) -> date:
        return self.started_at.date()

    @property
    def faulty_reps(self) -> int:
        return sum(1 for r in self.reps if r.faults)

    @property
    def good_share(self) -> float | None:
        """Good reps as a share of all reps (0 to 1); None without reps."""
        return (len(self.reps) - self.faulty_reps) / len(self.reps) if self.reps else None

    @property
    def mean_range_deg(self) -> float | None:
        ranges = [r.range_deg for r in self.reps if r.range_deg is not None]
        return sum(ranges) / len(ranges) if ranges else None

    @property
    def mean_lowest_deg(self) -> float | None:
        """Depth: the mean of the reps' lowest angles (smaller is deeper for a squat)."""
        return sum(r.lowest_deg for r in self.reps) / len(self.reps) if self.reps else None

    @property
    def best_hold_s(self) -> float | None:
        """The longest hold; from the summary when the holds themselves were not recorded."""
        held = [h.held_s for h in self.holds]
        best = self.summary.get("holds", {}).get("best_s") if self.summary else None
        held += [float(best)] if isinstance(best, int | float) and best > 0 else []
        return max(held) if held else None

    @property
    def faults_per_10_reps(self) -> float | None:
        if not self.reps:
            return None
        return 10.0 * sum(len(r.faults) for r in self.reps) / len(self.reps)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat(),
            "exercise": self.exercise,
            "source": self.source,
            "source_kind": self.source_kind,
            "duration_s": round(self.duration_s, 3),
            "finished": self.finished,
            "failure": self.failure,
            "settings": self.settings,
            "reps": {
                "total": len(self.reps),
                "good": len(self.reps) - self.faulty_reps,
                "faulty": self.faulty_reps,
            },
            "rep_events": [r.to_json() for r in self.reps],
            "holds": [
                {"index": h.index, "start_s": h.start_s, "end_s": h.end_s, "held_s": h.held_s}
                for h in self.holds
            ],
            "best_hold_s": self.best_hold_s,
            "cues": [
                {
                    "time_s": c.time_s,
                    "check": c.check,
                    "severity": c.severity,
                    "message": c.message,
                    "spoken": c.spoken,
                }
                for c in self.cues
            ],
        }


def _is_damage(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def _is_busy(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


class History:
    """The training log, opened in the thread that uses it (SQLite connections stay in one)."""

    def __init__(self, path: Path | None = None) -> None:
        """Open (or create) the log; a damaged file is set aside and `notice` says so.
        HistoryError when it cannot be used (no permission, newer version, busy)."""
        self.path = path or history_path()
        self.notice: str | None = None
        self._data_version: int | None = None
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if not _is_damage(exc):
                raise self._error(exc) from None
            self._db = self._start_again(str(exc))
        except _NotALog as exc:
            self._db = self._start_again(str(exc))
        except OSError as exc:  # the config folder cannot be made (a file by its name, no right)
            raise HistoryError(
                _("{path}: cannot use the training log ({reason})").format(
                    path=self.path, reason=exc.strerror or exc
                )
            ) from None

    # --- opening ---

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every write below is an explicit transaction, committed at once.
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit is on the disk when it returns (NORMAL could lose it to a power cut).
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute("PRAGMA secure_delete=ON")  # forgotten sessions are overwritten on disk
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise _NotALog(f"integrity check: {check}")
            self._migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(
                _(
                    "{path}: the training log was written by a newer Fitness Coach (schema "
                    "{version}, this one knows {known}); it is left as it is and sessions are "
                    "not recorded. Update Fitness Coach to use it."
                ).format(path=self.path, version=version, known=SCHEMA_VERSION)
            )
        if version == SCHEMA_VERSION:
            if not self._tables(db) >= _TABLES:
                raise _NotALog("tables of the training log are missing")
            return
        db.execute("BEGIN IMMEDIATE")  # one migrating process at a time
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another may have done it
            if version == 0 and self._tables(db):
                raise _NotALog("an SQLite file of something else")
            for step in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[step]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={step + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    @staticmethod
    def _tables(db: sqlite3.Connection) -> set[str]:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        return {r[0] for r in rows}

    def _start_again(self, reason: str) -> sqlite3.Connection:
        """Set the damaged file (and its WAL) aside and open a new log; the message in notice."""
        try:
            aside = set_aside(self.path)
            for suffix in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    companion.replace(aside.with_name(aside.name + suffix))
        except OSError as exc:
            raise HistoryError(
                _(
                    "{path}: the training log is damaged ({reason}) and could not be moved "
                    "aside ({error}); sessions are not recorded"
                ).format(path=self.path, reason=reason, error=exc)
            ) from None
        self.notice = _(
            "{path}: the training log was damaged ({reason}). It was kept as {aside} and a new "
            "log was started."
        ).format(path=self.path, reason=reason, aside=aside.name)
        log.warning("%s", self.notice)
        try:
            return self._open()
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def _error(self, exc: sqlite3.Error) -> HistoryError:
        if _is_busy(exc):
            return HistoryBusy(
                _(
                    "the training log is busy (another Fitness Coach is writing to it): {path}"
                ).format(path=self.path)
            )
        return HistoryError(
            _("{path}: cannot use the training log ({reason})").format(path=self.path, reason=exc)
        )

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- writing (each call one transaction, committed when it returns) ---

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def write(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        """One statement in a transaction of its own (for the recorder: a log that is not
        writable raises HistoryError)."""
        with self._transaction():
            return self._db.execute(sql, tuple(params))

    def write_many(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Several statements in one transaction: all of them or none."""
        with self._transaction():
            for sql, params in statements:
                self._db.execute(sql, params)

    def delete_session(self, session_id: int) -> bool:
        """Delete one session with its reps, holds and cues; False if it was not there."""
        return self.write("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0

    def forget_all(self) -> int:
        """Delete every session (overwritten on disk, then the file compacted); how many."""
        count = self.write("DELETE FROM sessions").rowcount
        try:
            self._db.execute("VACUUM")
        except sqlite3.Error as exc:  # another reader open: the rows are gone and zeroed anyway
            log.info("history: VACUUM after forgetting: %s", exc)
        return count

    # --- reading ---

    def sessions(
        self,
        exercise: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> list[SessionRecord]:
        """Sessions in order of start, with their reps, holds and cues; `since` and `until`
        are local days, both included."""
        where, params = ["1 = 1"], []
        if exercise is not None:
            where.append("exercise = ?")
            params.append(exercise)
        if since is not None:
            where.append("day >= ?")
            params.append(since.isoformat())
        if until is not None:
            where.append("day <= ?")
            params.append(until.isoformat())
        condition = " AND ".join(where)
        try:
            rows = self._db.execute(
                f"SELECT id, started_at, exercise, source, source_kind, settings, duration_s, "
                f"finished, failure, summary FROM sessions WHERE {condition} "
                "ORDER BY started_at, id",
                params,
            ).fetchall()
            ids = f"SELECT id FROM sessions WHERE {condition}"
            reps = self._grouped(
                f"SELECT session_id, idx, start_s, bottom_s, end_s, lowest_deg, highest_deg, "
                f"faults FROM reps WHERE session_id IN ({ids}) ORDER BY session_id, idx",
                params,
            )
            holds = self._grouped(
                f"SELECT session_id, idx, start_s, end_s, held_s FROM holds "
                f"WHERE session_id IN ({ids}) ORDER BY session_id, idx",
                params,
            )
            cues = self._grouped(
                f"SELECT session_id, time_s, check_id, severity, message, spoken FROM cues "
                f"WHERE session_id IN ({ids}) ORDER BY session_id, seq",
                params,
            )
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        return [
            SessionRecord(
                id=r[0],
                started_at=datetime.fromisoformat(r[1]),
                exercise=r[2],
                source=r[3],
                source_kind=r[4],
                settings=json.loads(r[5]),
                duration_s=r[6],
                finished=bool(r[7]),
                failure=r[8],
                summary=json.loads(r[9]) if r[9] else {},
                reps=tuple(
                    RepRecord(x[1], x[2], x[3], x[4], x[5], x[6], tuple(json.loads(x[7])))
                    for x in reps.get(r[0], [])
                ),
                holds=tuple(HoldRecord(*x[1:]) for x in holds.get(r[0], [])),
                cues=tuple(
                    CueRecord(x[1], x[2], x[3], x[4], bool(x[5])) for x in cues.get(r[0], [])
                ),
            )
            for r in rows
        ]

    def _grouped(self, sql: str, params: list[Any]) -> dict[int, list[tuple[Any, ...]]]:
        out: dict[int, list[tuple[Any, ...]]] = {}
        for row in self._db.execute(sql, params):
            out.setdefault(row[0], []).append(row)
        return out

    def session(self, session_id: int) -> SessionRecord | None:
        found = [s for s in self.sessions() if s.id == session_id]
        return found[0] if found else None

    def changed(self) -> bool:
        """Whether another connection (a window's session) wrote to the log since the last
        call; a cheap question, asked by a view that refreshes itself."""
        try:
            version = self._db.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        changed = version != self._data_version
        self._data_version = version
        return bool(changed)

    def training_days(self) -> set[date]:
        """Local days with at least one session of an exercise."""
        try:
            rows = self._db.execute(
                "SELECT DISTINCT day FROM sessions WHERE exercise IS NOT NULL"
            ).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        return {date.fromisoformat(r[0]) for r in rows}


def _statements(script: str) -> list[str]:
    """The SQL statements of a script (executescript would commit the transaction first)."""
    out, pending = [], ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):  # SQLite's tokenizer: a ";" in a comment waits
            out.append(pending)
            pending = ""
    return [s for s in out if s.strip(" \n;")]


def streak(days: set[date], today: date) -> int:
    """Consecutive training days up to today; a streak not yet continued today still counts
    up to yesterday (the day is not over)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


class _NotALog(Exception):
    """The file opens but is not a usable training log (set aside)."""
