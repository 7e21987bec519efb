# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by the integration tests beyond the conftest fixtures: more emulator processes
with their own user pool, an ``ansible-playbook`` run with any inventory and options (the tenant
tests: test_tenant_role, test_export_roundtrip, test_playbooks, test_awx_runner,
test_many_tenants), the playbooks of playbooks/ and their tenant spec files, and readers and
writers of the emulator state that go beyond the ``Emulator`` client's own methods
(``emulator.rest``, ``emulator.create_app``, ``emulator.create_user``, ...).

The single-emulator fixtures (``emulator``, ``run_playbook``) stay in conftest.py; playbook tasks
and request-log readers (``task_factory``, ``ops``) are in tasks.py.
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

from .conftest import CALLBACK_DIR, REPO_ROOT, TASK_TIMEOUT, VENV_BIN, Emulator, _venv_tool

PLAYBOOKS = REPO_ROOT / "playbooks"
SAMPLE_SPEC = PLAYBOOKS / "vars" / "sample_tenant.yml"
SUMMARY_TASK = "authing.cloud.tenant : Summary of the tenant changes"
REPORT_TASK = "authing.cloud.tenant : Collect the per-entity report"


def load_spec(path=SAMPLE_SPEC):
    return yaml.safe_load(Path(path).read_text())["tenant_spec"]


def write_spec(path, spec):
    Path(path).write_text("---\n" + yaml.safe_dump({"tenant_spec": spec}, sort_keys=False, allow_unicode=True))
    return path


def play(name, **variables):
    """A play entry that imports ``playbooks/<name>`` (with play ``vars`` when given)."""
    entry = {"import_playbook": str(PLAYBOOKS / name)}
    if variables:
        entry["vars"] = variables
    return entry


def report(run):
    """The tenant_report fact the role stored: {summary, counts, check_mode}."""
    return run[REPORT_TASK]["ansible_facts"]["tenant_report"]


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


# -- reading and writing the emulator ----------------------------------------------------------------
# Functions of an ``Emulator`` (the ``emulator`` fixture or an ``EmulatorProcess``).

WRONG_PASSWORD = 2333
USER_NOT_FOUND = 2004

USER_FIELDS = ("id username email phone externalId nickname blocked loginsCount signedUp lastLogin tokenExpiredAt"
               " customData { key value dataType } groups { list { code } } roles { list { code namespace } }")


def applications(emu):
    """{identifier: application} (with secret) straight from the API (all pages)."""
    out, page = {}, 1
    while True:
        data = emu.rest("GET", "/api/v2/applications", params={"page": page, "limit": 100})
        out.update((app["identifier"], app) for app in data["list"])
        if len(out) >= data["totalCount"] or not data["list"]:
            return out
        page += 1


def access_records(emu, app_id):
    """The access records (authorization rules) of one application."""
    data = emu.rest("GET", "/api/v2/applications/%s/authorization/records" % app_id, params={"page": 1, "limit": 1000})
    return data["list"]


def create_resource(emu, app_id, code, type_="DATA", actions=()):
    return emu.rest("POST", "/api/v2/resources",
                    json={"namespace": app_id, "code": code, "type": type_, "actions": list(actions)})


def create_role(emu, code, namespace=None):
    emu.gql("mutation createRole($code: String!, $namespace: String) { createRole(code: $code, namespace: $namespace)"
            " { code } }", {"code": code, "namespace": namespace})


def define_fields(emu, **fields):
    """User custom fields ``key=data_type``, labelled by their key (a SELECT offers gold and silver)."""
    for key, data_type in fields.items():
        options = json.dumps([{"value": "gold", "label": "Gold"}, {"value": "silver"}]) if data_type == "SELECT" else None
        emu.gql(
            "mutation setUdf($targetType: UDFTargetType!, $key: String!, $dataType: UDFDataType!, $label: String!,"
            " $options: String) { setUdf(targetType: $targetType, key: $key, dataType: $dataType, label: $label,"
            " options: $options) { key } }",
            {"targetType": "USER", "key": key, "dataType": data_type, "label": key, "options": options})


def user_count(emu):
    return emu.gql("query users { users(page: 1, limit: 1) { totalCount } }")["users"]["totalCount"]


def find_user(emu, username=None, **criteria):
    """The user (``USER_FIELDS``) found by username, email, phone or externalId, or None."""
    if username is not None:
        criteria["username"] = username
    return emu.gql(
        "query findUser($email: String, $phone: String, $username: String, $externalId: String) {"
        " findUser(email: $email, phone: $phone, username: $username, externalId: $externalId) { %s } }"
        % USER_FIELDS, criteria)["findUser"]


def login(emu, password, username=None, email=None, refused=(WRONG_PASSWORD,)):
    """True when the emulator accepts the password (a real login mutation); False when it answers
    with an error code in ``refused``; any other error is raised."""
    if username is not None:
        query = ("mutation loginByUsername($input: LoginByUsernameInput!) "
                 "{ loginByUsername(input: $input) { id } }")
        variables = {"input": {"username": username, "password": password}}
    else:
        query = "mutation loginByEmail($input: LoginByEmailInput!) { loginByEmail(input: $input) { id } }"
        variables = {"input": {"email": email, "password": password}}
    try:
        emu.gql(query, variables, auth=False)
    except Exception as exc:  # conftest.GraphQLError
        if getattr(exc, "code", None) in refused:
            return False
        raise
    return True
