"""Conformance: the unmodified official Python SDK (authing==4.5.18) against the emulator.

The SDK pins graphql-core 2 / gql 2.0.0, which cannot share the dev virtualenv (graphql-core 3),
so it gets its own interpreter: ``$AUTHING_SDK_PYTHON`` when set (``scripts/test`` points it at the
venv ``scripts/bootstrap`` made), else the virtualenv ``$AUTHING_SDK_VENV`` or ``<repo>/.venv-sdk``,
created on first use with Python 3.11 (``python3.11``, else ``pyenv prefix 3.11.7``, else
``python3``). Either is filled from ``requirements.txt`` when the SDK is missing. The SDK scripts
run there; the emulator runs from the dev virtualenv.
"""

import collections
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from authing_emulator.testing import EmulatorProcess

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
SDK_VENV = Path(os.environ.get("AUTHING_SDK_VENV") or REPO_ROOT / ".venv-sdk")
SDK_VERSION = "4.5.18"
USERPOOL_ID = "60c0ffee00000000000000aa"
SECRET = "conformance-secret"


def _base_python():
    found = shutil.which("python3.11")
    if found:
        return found
    if shutil.which("pyenv"):
        prefix = subprocess.run(["pyenv", "prefix", "3.11.7"], capture_output=True, text=True, check=False)
        candidate = Path(prefix.stdout.strip()) / "bin" / "python3.11"
        if prefix.returncode == 0 and candidate.exists():
            return str(candidate)
    return shutil.which("python3") or sys.executable


def _installed_sdk_version(python):
    probe = subprocess.run([str(python), "-c", "import importlib.metadata as m; print(m.version('authing'))"],
                           capture_output=True, text=True, check=False)
    return probe.stdout.strip() if probe.returncode == 0 else None


@pytest.fixture(scope="session")
def sdk_python():
    """The interpreter that has the SDK, its virtualenv created and filled if needed."""
    if os.environ.get("AUTHING_SDK_PYTHON"):
        python = Path(os.environ["AUTHING_SDK_PYTHON"])
    else:
        python = SDK_VENV / "bin" / "python"
        if not python.exists():
            subprocess.run([_base_python(), "-m", "venv", str(SDK_VENV)], check=True)
    if _installed_sdk_version(python) != SDK_VERSION:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(HERE / "requirements.txt")], check=True)
    assert _installed_sdk_version(python) == SDK_VERSION
    return python


@pytest.fixture
def emulator():
    with EmulatorProcess(userpool_id=USERPOOL_ID, secret=SECRET) as process:
        yield process


def _run(python, script, *args):
    result = subprocess.run([str(python), str(HERE / script)] + list(args), capture_output=True, text=True,
                            timeout=300, check=False)
    print(result.stdout)
    print(result.stderr, file=sys.stderr)
    return result


def test_sdk_groups_and_users_against_the_emulator(sdk_python, emulator):
    result = _run(sdk_python, "sdk_groups_users.py", "--host", emulator.url, "--userpool-id", USERPOOL_ID,
                  "--secret", SECRET)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout

    log = requests.get(emulator.url + "/__emulator__/requests", timeout=10).json()["requests"]
    operations = collections.Counter(entry["operation"] for entry in log)
    graphql_calls = sum(1 for entry in log if entry["path"] == "/graphql/v2")
    # The SDK introspects before every GraphQL call and caches its 15-day token.
    assert operations["__schema"] * 2 == graphql_calls
    assert operations["accessToken"] == 1
    assert not [entry for entry in log if entry["code"] == 500], "the SDK hit unimplemented surface"


def test_every_sdk_document_validates_against_the_introspected_schema(sdk_python, emulator):
    result = _run(sdk_python, "sdk_schema_check.py", "--host", emulator.url)
    assert result.returncode == 0, result.stdout
    assert "155 SDK documents, 0 invalid" in result.stdout
