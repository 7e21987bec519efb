"""The request log behind ``GET /__emulator__/requests``: proof of what a client sent (for
example that a check-mode run made zero writes)."""

import collections
import itertools
import threading

MAX_ENTRIES = 100000  # bounded so a long benchmark cannot exhaust memory; oldest entries drop


class RequestLog:
    def __init__(self, max_entries=MAX_ENTRIES):
        self._lock = threading.Lock()
        self._entries = collections.deque(maxlen=max_entries)
        self._sequence = itertools.count(1)

    def record(self, method, path, operation, kind, status, code, fault=None):
        with self._lock:
            self._entries.append({
                "seq": next(self._sequence),
                "method": method,
                "path": path,
                "operation": operation,
                "kind": kind,
                "status": status,
                "code": code,
                "fault": fault,
            })

    def entries(self):
        with self._lock:
            return list(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()
