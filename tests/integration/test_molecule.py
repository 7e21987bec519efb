# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``molecule test`` of the authing.cloud.tenant role's default scenario (roles/tenant/molecule/
default): localhost, the emulator started by create.yml and stopped by destroy.yml; syntax,
create, converge, idempotence, verify, destroy."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .tenant_support import REPO_ROOT, base_env

ROLE_DIR = REPO_ROOT / "roles" / "tenant"
TIMEOUT = 300


def _molecule():
    candidate = Path(sys.executable).parent / "molecule"
    return str(candidate) if candidate.exists() else shutil.which("molecule")


@pytest.mark.skipif(_molecule() is None, reason="molecule is not installed (test-requirements.txt lists it)")
def test_molecule_default_scenario(collections_dir, tmp_path):
    # own ANSIBLE_HOME: molecule installs a copy of the collection there
    env = base_env(collections_dir, tmp_path / "ansible_home")
    env.update({"MOLECULE_NO_LOG": "false", "NO_COLOR": "1", "PY_COLORS": "0", "HOME": str(tmp_path)})
    start = time.monotonic()
    proc = subprocess.Popen([_molecule(), "test"], cwd=str(ROLE_DIR), env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        out = proc.communicate(timeout=TIMEOUT)[0]
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out = proc.communicate()[0]
        pytest.fail("molecule test did not finish within %d s:\n%s" % (TIMEOUT, out[-6000:]))
    seconds = time.monotonic() - start
    print("\n--- molecule test: %.1f s" % seconds)
    assert proc.returncode == 0, out[-8000:]
    for action in ("syntax", "create", "converge", "idempotence", "verify", "destroy"):
        assert ("%s: Executed: Successful" % action) in out, (action, out[-4000:])
    # destroy stopped the emulator create started: no "listening" process is left in the scenario dir
    assert "Executed: Failed" not in out
