# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the tenant tests (test_tenant_role, test_export_roundtrip, test_playbooks,
test_awx_runner, test_many_tenants): more emulator processes with their own user pool, an
``ansible-playbook`` run with any inventory and options, and readers of the emulator state.

The single-emulator fixtures (``emulator``, ``run_playbook``) stay in conftest.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from .conftest import CALLBACK_DIR, REPO_ROOT, TASK_TIMEOUT, Emulator, _venv_tool

VENV_BIN = Path(sys.executable).parent
PLAYBOOKS = REPO_ROOT / "playbooks"
SAMPLE_SPEC = PLAYBOOKS / "vars" / "sample_tenant.yml"
SUMMARY_TASK = "authing.cloud.tenant : Summary of the tenant changes"
REPORT_TASK = "authing.cloud.tenant : Collect the per-entity report"


def load_spec(path=SAMPLE_SPEC):
    return yaml.safe_load(Path(path).read_text())["tenant_spec"]


def write_spec(path, spec):
    Path(path).write_text("---\n" + yaml.safe_dump({"tenant_spec": spec}, sort_keys=False, allow_unicode=True))
    return path


# -- more emulators --------------------------------------------------------------------------------


class EmulatorProcess(Emulator):
    """An emulator this test started (own user pool ID and secret); stop() ends it by its pid."""

    @classmethod
    def start(cls, log_dir, pool_id, secret):
        exe = VENV_BIN / "authing-emulator"
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "authing_emulator"]
        cmd += ["--host", "127.0.0.1", "--port", "0", "--userpool-id", pool_id, "--secret", secret]
        log_path = Path(log_dir) / ("emulator-%s.log" % pool_id)
        with open(log_path, "wb") as err:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL,
                                    cwd=str(REPO_ROOT))
        first = {}

        def reader():
            first["line"] = proc.stdout.readline().decode("utf-8", "replace").strip()
            while proc.stdout.readline():
                pass

        threading.Thread(target=reader, daemon=True).start()
        deadline = time.monotonic() + 30
        while "line" not in first and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        line = first.get("line") or ""
        if not line.startswith("listening on http://"):
            proc.kill()
            proc.wait()
            pytest.fail("emulator %s did not start: %r\n%s" % (pool_id, line, log_path.read_text(errors="replace")))
        emu = cls(line[len("listening on "):], proc, pool_id=pool_id, secret=secret)
        emu.log_path = log_path
        return emu

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


# -- ansible-playbook with any inventory -------------------------------------------------------------


def base_env(collections_dir, ansible_home, results_file=None, emulator_url=None):
    """ansible-playbook's environment without any AUTHING_* variable: tests add what they mean."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTHING_", "ANSIBLE_"))}
    env.update({
        "PATH": "%s%s%s" % (VENV_BIN, os.pathsep, os.environ.get("PATH", "")),
        "ANSIBLE_COLLECTIONS_PATH": str(collections_dir),
        "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "False",
        "ANSIBLE_HOME": str(ansible_home),
        "ANSIBLE_LOCAL_TEMP": str(Path(ansible_home) / "tmp"),
        "ANSIBLE_TASK_TIMEOUT": str(TASK_TIMEOUT),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_PIPELINING": "True",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_DEPRECATION_WARNINGS": "False",
        "ANSIBLE_LOCALHOST_WARNING": "False",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "False",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    if results_file:
        env.update({"ANSIBLE_CALLBACK_PLUGINS": str(CALLBACK_DIR), "ANSIBLE_CALLBACKS_ENABLED": "authing_test_recorder",
                    "AUTHING_TEST_RESULTS_FILE": str(results_file)})
        if emulator_url:
            env["AUTHING_TEST_EMULATOR_URL"] = emulator_url
    return env


def ansible_playbook(args, env, cwd, timeout=240):
    """Run ansible-playbook; returns (rc, stdout, stderr, seconds)."""
    cmd = [_venv_tool("ansible-playbook")] + [str(a) for a in args]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=str(cwd), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail("ansible-playbook did not finish within %d s: %s\n%s\n%s" % (timeout, cmd, out[-4000:], err[-2000:]))
    return proc.returncode, out, err, time.monotonic() - start


# -- reading the emulator ---------------------------------------------------------------------------


def rest(emu, method, path, **kw):
    headers = {"authorization": "Bearer " + emu.token(), "x-authing-userpool-id": emu.pool_id}
    resp = emu.http.request(method, emu.url + path, headers=headers, timeout=30, **kw)
    body = resp.json()
    assert body.get("code") == 200, (method, path, body)
    return body.get("data")


def applications(emu):
    """{identifier: application} (with secret)."""
    data = rest(emu, "GET", "/api/v2/applications", params={"page": 1, "limit": 100})
    return {app["identifier"]: app for app in data["list"]}


def user_count(emu):
    return emu.gql("query users { users(page: 1, limit: 1) { totalCount } }")["users"]["totalCount"]


def find_user(emu, username):
    return emu.gql(
        "query findUser($username: String) { findUser(username: $username) { id username blocked tokenExpiredAt"
        " groups { list { code } } roles { list { code namespace } } customData { key value } } }",
        {"username": username})["findUser"]


def access_records(emu, app_id):
    data = rest(emu, "GET", "/api/v2/applications/%s/authorization/records" % app_id, params={"page": 1, "limit": 100})
    return data["list"]


def login(emu, username, password):
    """True when the emulator accepts the password."""
    try:
        emu.gql("mutation loginByUsername($input: LoginByUsernameInput!) { loginByUsername(input: $input) { id } }",
                {"input": {"username": username, "password": password}}, auth=False)
    except Exception as exc:  # conftest.GraphQLError
        if getattr(exc, "code", None) in (2333, 2004):
            return False
        raise
    return True


def ops(entries, kind=None):
    return sorted({e.get("operation") for e in entries if kind is None or e.get("kind") == kind})


def report(run):
    """The tenant_report fact the role stored: {summary, counts, check_mode}."""
    return run[REPORT_TASK]["ansible_facts"]["tenant_report"]


def dump(obj):
    return json.dumps(obj, indent=1, sort_keys=True, default=str)
