"""Fixtures for the conformance tests (helpers and constants live in sdk_harness.py)."""

import os
import subprocess
from pathlib import Path

import pytest

from authing_emulator.testing import EmulatorProcess
from sdk_harness import HERE, SDK_VENV, SDK_VERSION, SECRET, USERPOOL_ID, base_python, installed_sdk_version


@pytest.fixture(scope="session")
def sdk_python():
    """The interpreter that has the SDK, its virtualenv created and filled if needed."""
    if os.environ.get("AUTHING_SDK_PYTHON"):
        python = Path(os.environ["AUTHING_SDK_PYTHON"])
    else:
        python = SDK_VENV / "bin" / "python"
        if not python.exists():
            subprocess.run([base_python(), "-m", "venv", str(SDK_VENV)], check=True)
    if installed_sdk_version(python) != SDK_VERSION:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(HERE / "requirements.txt")], check=True)
    assert installed_sdk_version(python) == SDK_VERSION
    return python


@pytest.fixture
def emulator():
    with EmulatorProcess(userpool_id=USERPOOL_ID, secret=SECRET) as process:
        yield process
