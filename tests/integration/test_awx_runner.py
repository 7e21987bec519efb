# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the bootstrap the way AWX runs a job: ansible-runner with a private data directory whose
env/envvars holds the environment the collection's credential type (extensions/awx/
credential_type.yml) injects - its injectors rendered with a credential's inputs - and nothing
else about the connection: no inventory variable, extra var or module_defaults names the host, the
user pool or the secret. A check-mode job (AWX job type "check") first, then the real one.
"""

from __future__ import annotations

import json
import os
import sys

import pytest
import yaml

from .tasks import ops
from .tenant_support import REPO_ROOT, PLAYBOOKS, SUMMARY_TASK, applications, find_user, write_spec

ansible_runner = pytest.importorskip("ansible_runner", reason="ansible-runner is not installed (test-requirements.txt)")
jinja2_sandbox = pytest.importorskip("jinja2.sandbox")

CREDENTIAL_TYPE = REPO_ROOT / "extensions" / "awx" / "credential_type.yml"
SPEC = {
    "groups": [{"code": "awx-ops", "name": "AWX operators"}],
    "users": [{"username": "awx-user", "groups": ["awx-ops"]}],
    "applications": [{"identifier": "awx-app", "name": "AWX app",
                      "access_policy": {"default_strategy": "DENY_ALL",
                                        "rules": [{"target_type": "GROUP", "targets": ["awx-ops"]}]}}],
}


def injected_env(inputs):
    """What AWX puts in env/envvars for a credential of our type: the injectors, rendered."""
    ctype = yaml.safe_load(CREDENTIAL_TYPE.read_text())
    fields = {f["id"]: f for f in ctype["inputs"]["fields"]}
    assert set(ctype["inputs"]["required"]) <= set(inputs) <= set(fields)
    values = dict((k, f["default"]) for k, f in fields.items() if "default" in f)
    values.update(inputs)
    env = jinja2_sandbox.ImmutableSandboxedEnvironment()
    return dict((name, env.from_string(template).render(**values)) for name, template in ctype["injectors"]["env"].items())


def test_credential_type_matches_the_modules_env_fallbacks():
    text = (REPO_ROOT / "plugins" / "module_utils" / "runner.py").read_text()
    env = injected_env({"host": "h", "user_pool_id": "p", "secret": "s"})
    for name in env:
        assert "'%s'" % name in text, "%s is not an environment fallback of the modules" % name
    assert {"AUTHING_HOST", "AUTHING_USERPOOL_ID", "AUTHING_USERPOOL_SECRET", "AUTHING_ACCESS_TOKEN"} <= set(env)
    assert env["AUTHING_ACCESS_TOKEN"] == ""


def test_bootstrap_under_ansible_runner_with_injected_credentials(
        emulator, collections_dir, ansible_home, tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith(("AUTHING_", "ANSIBLE_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PATH", os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))

    spec_file = write_spec(tmp_path / "spec.yml", SPEC)
    envvars = injected_env({"host": emulator.url, "user_pool_id": emulator.pool_id, "secret": emulator.secret})
    envvars.update({  # the execution environment: not connection settings
        "ANSIBLE_COLLECTIONS_PATH": str(collections_dir), "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "False",
        "ANSIBLE_HOME": str(ansible_home), "ANSIBLE_RETRY_FILES_ENABLED": "False", "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_LOCALHOST_WARNING": "False"})

    def job(name, *cmdline):
        """A job in its own private data directory, as AWX prepares one per job."""
        data = tmp_path / name
        (data / "env").mkdir(parents=True)
        (data / "inventory").mkdir()
        (data / "project").mkdir()
        (data / "project" / "playbooks").symlink_to(PLAYBOOKS, target_is_directory=True)
        (data / "env" / "envvars").write_text(yaml.safe_dump(envvars))
        (data / "env" / "extravars").write_text(yaml.safe_dump({"tenant_spec_file": str(spec_file)}))
        (data / "inventory" / "hosts").write_text(
            "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable)
        return ansible_runner.run(private_data_dir=str(data), playbook="playbooks/bootstrap.yml", quiet=True,
                                  cmdline=" ".join(cmdline) or None, timeout=180)

    emulator.clear_log()
    check = job("check", "--check")
    assert check.status == "successful" and check.rc == 0, check.stdout.read()[-5000:]
    assert emulator.writes() == []
    assert "check mode: 4 object(s) would change; nothing was written" in check.stdout.read()

    emulator.clear_log()
    run = job("run")
    stdout = run.stdout.read()
    assert run.status == "successful" and run.rc == 0, stdout[-5000:]
    assert "applied: 4 object(s) changed" in stdout, stdout[-3000:]
    tokens = ops(emulator.requests(), form="sent").count("accessToken")
    assert tokens == 1, "the role should exchange the injected secret once, got %d" % tokens

    assert set(emulator.all_groups()) == {"awx-ops"}
    assert [g["code"] for g in find_user(emulator, "awx-user")["groups"]["list"]] == ["awx-ops"]
    assert applications(emulator)["awx-app"]["permissionStrategy"]["defaultStrategy"] == "DENY_ALL"

    # the secret travelled only through the environment: not in the output, not in any job event
    events = json.dumps(list(run.events))
    assert emulator.secret not in stdout and emulator.secret not in events
    summary = [e for e in run.events if e.get("event_data", {}).get("task") == SUMMARY_TASK.split(" : ")[1]
               and e.get("event") == "runner_on_ok"]
    assert summary, "no summary event"
