"""Start-up settings (the command line) and the test controls that can change at run time."""

import threading
from dataclasses import dataclass

DEFAULT_USERPOOL_ID = "6123456789abcdef01234567"
DEFAULT_SECRET = "authing-emulator-secret"
DEFAULT_TOKEN_TTL = 1296000  # 15 days, as the real service


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 0
    db: str = ":memory:"
    userpool_id: str = DEFAULT_USERPOOL_ID
    secret: str = DEFAULT_SECRET
    latency_ms: float = 0
    fault_rate: float = 0.0
    token_ttl: int = DEFAULT_TOKEN_TTL
    access_log: bool = False


FAULT_KINDS = ("500", "503", "429", "drop")
FAULT_PHASES = ("before", "after", "random")


class RuntimeConfig:
    """Latency and fault injection, readable and mergeable through ``/__emulator__/config``."""

    def __init__(self, latency_ms=0, fault_rate=0.0):
        self._lock = threading.Lock()
        self._values = {
            "latency_ms": 0,
            "fault_rate": 0.0,
            "fault_kinds": list(FAULT_KINDS),
            "fault_phase": "before",
            "retry_after": 1,
        }
        self.update({"latency_ms": latency_ms, "fault_rate": fault_rate})

    def snapshot(self):
        with self._lock:
            return dict(self._values, fault_kinds=list(self._values["fault_kinds"]))

    def update(self, changes):
        """Merge ``changes`` after validating all of them (all or nothing); raise ValueError."""
        if not isinstance(changes, dict):
            raise ValueError("config must be a JSON object")
        unknown = set(changes) - set(self._values)
        if unknown:
            raise ValueError("unknown config keys: %s" % ", ".join(sorted(unknown)))
        validated = {key: _VALIDATORS[key](value) for key, value in changes.items()}
        with self._lock:
            self._values.update(validated)
        return self.snapshot()


def _number(value, minimum, maximum, name):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("%s must be a number" % name)
    if not minimum <= value <= maximum:
        raise ValueError("%s must be between %s and %s" % (name, minimum, maximum))
    return value


def _fault_kinds(value):
    if not isinstance(value, list) or not value or any(kind not in FAULT_KINDS for kind in value):
        raise ValueError("fault_kinds must be a non-empty list of %s" % ", ".join(FAULT_KINDS))
    return list(value)


def _fault_phase(value):
    if value not in FAULT_PHASES:
        raise ValueError("fault_phase must be one of %s" % ", ".join(FAULT_PHASES))
    return value


_VALIDATORS = {
    "latency_ms": lambda value: _number(value, 0, 600000, "latency_ms"),
    "fault_rate": lambda value: float(_number(value, 0, 1, "fault_rate")),
    "fault_kinds": _fault_kinds,
    "fault_phase": _fault_phase,
    "retry_after": lambda value: int(_number(value, 0, 3600, "retry_after")),
}
