"""Fixtures: one real emulator process for the session (reset before every test), and extra
processes for tests that need their own command-line flags."""

import pytest

from authing_emulator.testing import EmulatorProcess
from emulator_api import Api


@pytest.fixture(scope="session")
def emulator():
    with EmulatorProcess() as process:
        yield process


@pytest.fixture
def api(emulator):
    """A client for the shared emulator, which starts every test empty and without faults."""
    client = Api(emulator)
    client.admin("PUT", "config", json={"latency_ms": 0, "fault_rate": 0.0, "fault_kinds": ["500", "503", "429", "drop"],
                                        "fault_phase": "before", "retry_after": 1}).raise_for_status()
    client.admin("POST", "reset").raise_for_status()
    yield client
    client.session.close()


@pytest.fixture
def start_emulator():
    """Start extra emulators with their own flags; all are stopped after the test."""
    started = []

    def start(*args, **kwargs):
        process = EmulatorProcess(*args, **kwargs).start()
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()
