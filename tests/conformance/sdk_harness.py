"""Helpers for the conformance tests: where the official Python SDK (authing==4.5.18) lives, how its scripts run.

The SDK pins graphql-core 2 / gql 2.0.0, which cannot share the dev virtualenv (graphql-core 3),
so it gets its own interpreter: ``$AUTHING_SDK_PYTHON`` when set (``scripts/test`` points it at the
venv ``scripts/bootstrap`` made), else the virtualenv ``$AUTHING_SDK_VENV`` or ``<repo>/.venv-sdk``,
created on first use with Python 3.11 (``python3.11``, else ``pyenv prefix 3.11.7``, else
``python3``). Either is filled from ``requirements.txt`` when the SDK is missing. The SDK scripts
run there; the emulator runs from the dev virtualenv.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
SDK_VENV = Path(os.environ.get("AUTHING_SDK_VENV") or REPO_ROOT / ".venv-sdk")
SDK_VERSION = "4.5.18"
USERPOOL_ID = "60c0ffee00000000000000aa"
SECRET = "conformance-secret"


def base_python():
    found = shutil.which("python3.11")
    if found:
        return found
    if shutil.which("pyenv"):
        prefix = subprocess.run(["pyenv", "prefix", "3.11.7"], capture_output=True, text=True, check=False)
        candidate = Path(prefix.stdout.strip()) / "bin" / "python3.11"
        if prefix.returncode == 0 and candidate.exists():
            return str(candidate)
    return shutil.which("python3") or sys.executable


def installed_sdk_version(python):
    probe = subprocess.run([str(python), "-c", "import importlib.metadata as m; print(m.version('authing'))"],
                           capture_output=True, text=True, check=False)
    return probe.stdout.strip() if probe.returncode == 0 else None


def run_sdk_script(python, script, *args):
    result = subprocess.run([str(python), str(HERE / script)] + list(args), capture_output=True, text=True,
                            timeout=300, check=False)
    print(result.stdout)
    print(result.stderr, file=sys.stderr)
    return result
