# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A short lifecycle smoke for the ansible-core version matrix.

``scripts/test smoke-core2.17`` runs this file with ``AUTHING_TEST_ANSIBLE_BIN=.venv-core2.17/bin``
(conftest.py then takes ``ansible-playbook`` and the modules' Python from that venv), so the
oldest ansible-core that ``meta/runtime.yml`` supports runs real playbooks against a real
emulator. The ``pytest`` step runs it with the main venv's ansible-core as well.

Per module (group, user, application): create, rerun unchanged (zero writes), update, rerun
unchanged, a ``--check`` run that would create, update and delete (zero writes in the emulator's
request log, nothing changed on the server), delete, delete again. Then ``playbooks/bootstrap.yml``
with the sample tenant: ``--check`` (zero writes), apply, rerun (unchanged, zero writes). And
``authing_tenant`` with a spec file whose password is a template (its action plugin) and with an
inline spec: the passwords are set and never shown at -vvv (ansible-core before 2.19 echoes a
module's arguments).
"""

from __future__ import annotations

import subprocess

from .conftest import REPO_ROOT, _venv_tool
from .tenant_support import login

GROUP = "authing.cloud.authing_group"
USER = "authing.cloud.authing_user"
APP = "authing.cloud.authing_application"


def task(module, title, /, **args):
    return {"name": title, module: args}


def changed(run, name):
    return run[name].get("changed")


def assert_unchanged(run, name):
    assert run[name].get("changed") is False, (name, run[name])
    assert run.writes(name) == [], (name, run.writes(name))


def assert_changed(run, name):
    assert run[name].get("changed") is True, (name, run[name])
    assert run.writes(name), (name, "changed without a write request")


def check_run_writes_nothing(emulator, run_playbook, tasks):
    """Run ``tasks`` with --check; every task predicts a change and the request log has no write."""
    emulator.clear_log()
    run = run_playbook(tasks, check=True, diff=True).assert_ok()
    assert emulator.writes() == [], emulator.writes()
    for t in tasks:
        assert changed(run, t["name"]) is True, (t["name"], run[t["name"]])
    return run


def test_core_version(run_playbook):
    """Which ansible-core this run uses (shown with -v; proves the override took effect)."""
    run = run_playbook([{"name": "version", "ansible.builtin.debug": {"var": "ansible_version.full"}}]).assert_ok()
    version = run["version"]["ansible_version.full"]
    out = subprocess.run([_venv_tool("ansible-playbook"), "--version"], capture_output=True, text=True, check=True)
    assert f"core {version}]" in out.stdout, (version, out.stdout)
    print(f"ansible-core {version}: {run.cmd[0]}")


def test_group_lifecycle(emulator, run_playbook):
    run = run_playbook([
        task(GROUP, "create", code="eng", name="Engineering", description="Builders"),
        task(GROUP, "create again", code="eng", name="Engineering", description="Builders"),
        task(GROUP, "update", code="eng", name="Engineering Team", description="Builds things"),
        task(GROUP, "update again", code="eng", name="Engineering Team", description="Builds things"),
    ]).assert_ok()
    assert_changed(run, "create")
    assert run["create"]["group"]["name"] == "Engineering"
    assert_unchanged(run, "create again")
    assert_changed(run, "update")
    assert_unchanged(run, "update again")
    assert emulator.group("eng")["name"] == "Engineering Team"

    check_run_writes_nothing(emulator, run_playbook, [
        task(GROUP, "would create", code="qa", name="QA"),
        task(GROUP, "would update", code="eng", name="Renamed"),
        task(GROUP, "would delete", code="eng", state="absent"),
    ])
    assert list(emulator.all_groups()) == ["eng"] and emulator.group("eng")["name"] == "Engineering Team"

    run = run_playbook([
        task(GROUP, "delete", code="eng", state="absent"),
        task(GROUP, "delete again", code="eng", state="absent"),
    ]).assert_ok()
    assert_changed(run, "delete")
    assert_unchanged(run, "delete again")
    assert emulator.all_groups() == {}


def find_user(emulator, username):
    data = emulator.gql("query findUser($username: String) { findUser(username: $username)"
                        " { id username email nickname } }", {"username": username})
    return data["findUser"]


def test_user_lifecycle(emulator, run_playbook):
    run = run_playbook([
        task(USER, "create", username="erin", email="erin@example.com", nickname="Erin"),
        task(USER, "create again", username="erin", email="erin@example.com", nickname="Erin"),
        task(USER, "update", username="erin", nickname="Erin S"),
        task(USER, "update again", username="erin", nickname="Erin S"),
    ]).assert_ok()
    assert_changed(run, "create")
    assert run["create"]["user"]["email"] == "erin@example.com"
    assert_unchanged(run, "create again")
    assert_changed(run, "update")
    assert_unchanged(run, "update again")
    assert find_user(emulator, "erin")["nickname"] == "Erin S"

    check_run_writes_nothing(emulator, run_playbook, [
        task(USER, "would create", username="frank"),
        task(USER, "would update", username="erin", nickname="Renamed"),
        task(USER, "would delete", username="erin", state="absent"),
    ])
    assert find_user(emulator, "frank") is None and find_user(emulator, "erin")["nickname"] == "Erin S"

    run = run_playbook([
        task(USER, "delete", username="erin", state="absent"),
        task(USER, "delete again", username="erin", state="absent"),
    ]).assert_ok()
    assert_changed(run, "delete")
    assert_unchanged(run, "delete again")
    assert find_user(emulator, "erin") is None


def server_apps(emulator):
    return {app["identifier"]: app for app in emulator.rest("GET", "/api/v2/applications",
                                                            params={"page": 1, "limit": 100})["list"]}


def test_application_lifecycle(emulator, run_playbook):
    run = run_playbook([
        task(APP, "create", identifier="portal", name="Portal", redirect_uris=["https://a/cb"]),
        task(APP, "create again", identifier="portal", name="Portal", redirect_uris=["https://a/cb"]),
        task(APP, "update", identifier="portal", name="Portal 2"),
        task(APP, "update again", identifier="portal", name="Portal 2"),
    ]).assert_ok()
    assert_changed(run, "create")
    assert run["create"]["application"]["identifier"] == "portal"
    assert_unchanged(run, "create again")
    assert_changed(run, "update")
    assert_unchanged(run, "update again")
    assert server_apps(emulator)["portal"]["name"] == "Portal 2"

    check_run_writes_nothing(emulator, run_playbook, [
        task(APP, "would create", identifier="crm", name="CRM"),
        task(APP, "would update", identifier="portal", name="Renamed"),
        task(APP, "would delete", identifier="portal", state="absent"),
    ])
    apps = server_apps(emulator)
    assert list(apps) == ["portal"] and apps["portal"]["name"] == "Portal 2"

    run = run_playbook([
        task(APP, "delete", identifier="portal", state="absent"),
        task(APP, "delete again", identifier="portal", state="absent"),
    ]).assert_ok()
    assert_changed(run, "delete")
    assert_unchanged(run, "delete again")
    assert server_apps(emulator) == {}


def test_bootstrap_sample_tenant(emulator, run_playbook):
    """playbooks/bootstrap.yml (the sample tenant): --check writes nothing, apply, rerun unchanged."""
    bootstrap = [{"import_playbook": str(REPO_ROOT / "playbooks" / "bootstrap.yml")}]

    emulator.clear_log()
    check = run_playbook(bootstrap, check=True, diff=True).assert_ok()
    assert emulator.writes() == [], emulator.writes()
    assert emulator.all_groups() == {}
    assert any(t["result"].get("changed") for t in check.tasks), "the preview predicted no change"

    run_playbook(bootstrap).assert_ok()
    groups = emulator.all_groups()
    assert len(groups) > 10, sorted(groups)

    emulator.clear_log()
    again = run_playbook(bootstrap).assert_ok()
    assert emulator.writes() == [], emulator.writes()
    assert [t["name"] for t in again.tasks if t["result"].get("changed")] == []
    assert "changed=0" in again.stdout and "failed=0" in again.stdout
    assert emulator.all_groups().keys() == groups.keys()


def test_tenant_spec_file_and_passwords_never_shown(emulator, run_playbook, tmp_path):
    spec_file = tmp_path / "tenant.yml"
    spec_file.write_text('tenant_spec:\n  groups: [{code: dev, name: Dev}]\n'
                         '  users: [{username: ann, password: "{{ vault_pw }}", groups: [dev]}]\n')
    tenant = "authing.cloud.authing_tenant"
    run = run_playbook([
        task(tenant, "from the file", spec_file=str(spec_file)),
        task(tenant, "inline", spec={"users": [{"username": "bob", "password": "Bob-Inline-Pw-7"}]}),
        task(tenant, "file again", spec_file=str(spec_file)),
    ], verbosity=3, extra_vars={"vault_pw": "Ann-Template-Pw-7"}).assert_ok()
    assert_changed(run, "from the file")
    assert_unchanged(run, "file again")
    assert login(emulator, "Ann-Template-Pw-7", username="ann") and login(emulator, "Bob-Inline-Pw-7", username="bob")
    for secret in ("Ann-Template-Pw-7", "Bob-Inline-Pw-7"):
        assert secret not in run.output, secret
        assert all(secret not in str(t["result"]) for t in run.tasks), secret
