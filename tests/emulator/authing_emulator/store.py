"""SQLite state: one connection behind one lock.

SQLite has a single writer anyway, and one shared connection is the only way an in-memory
database is visible to every server thread. Each API request runs inside one transaction while
holding the lock, so requests are serialised and atomic; injected latency is slept before the
lock is taken, so slow clients still overlap.
"""

import contextlib
import sqlite3
import threading

META_DDL = "CREATE TABLE IF NOT EXISTS emulator_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


class Store:
    def __init__(self, path=":memory:"):
        self.path = path
        self._lock = threading.RLock()
        self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._connection.row_factory = sqlite3.Row
        self._connection.execute("PRAGMA foreign_keys = ON")
        if path != ":memory:":
            self._connection.execute("PRAGMA journal_mode = WAL")
            self._connection.execute("PRAGMA synchronous = NORMAL")
        self._connection.execute(META_DDL)
        self._data_tables = []
        self._savepoints = 0

    def install(self, ddl, tables):
        """Create a domain's tables (idempotent DDL) and remember them for :meth:`wipe`."""
        with self._lock:
            self._connection.executescript(ddl)
            self._data_tables.extend(tables)

    @contextlib.contextmanager
    def transaction(self):
        """Hold the lock for one request and commit its writes together (or none on error)."""
        with self._lock:
            connection = self._connection
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    @contextlib.contextmanager
    def atomic(self, connection):
        """A savepoint inside the current transaction: a failing operation leaves no partial write
        even when the request (a GraphQL document with several root fields) goes on."""
        self._savepoints += 1
        name = "sp%d" % self._savepoints
        connection.execute("SAVEPOINT " + name)
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK TO " + name)
            connection.execute("RELEASE " + name)
            raise
        connection.execute("RELEASE " + name)

    def wipe(self):
        """Delete every domain row (children first); keys and other meta survive."""
        with self.transaction() as connection:
            for table in reversed(self._data_tables):
                connection.execute("DELETE FROM %s" % table)

    def meta(self, key, create):
        """Read a persistent value, creating it with ``create()`` the first time."""
        with self.transaction() as connection:
            row = connection.execute("SELECT value FROM emulator_meta WHERE key = ?", (key,)).fetchone()
            if row is not None:
                return row["value"]
            value = create()
            connection.execute("INSERT INTO emulator_meta (key, value) VALUES (?, ?)", (key, value))
            return value

    def close(self):
        """Close after any in-flight request has finished (it holds the lock)."""
        with self._lock:
            self._connection.close()
