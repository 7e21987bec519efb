# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing_tenant with ``spec_file`` (read on the controller by the module's action plugin),
against a real emulator: YAML and JSON, a vars file defining tenant_spec or the bare spec; check
mode writes nothing and the rerun is a no-op; passwords given as ``{{ variable }}`` (extra vars)
or vaulted (a vaulted file, an inline !vault value) are set - a login proves it - and never
appear in the output at -vvv nor in the results; a missing or malformed file fails with its
path before any request.

The same tests run with the oldest ansible-core when AUTHING_TEST_ANSIBLE_BIN points at its venv;
test_smoke_matrix.py repeats the secrets check there in short.
"""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from .conftest import _venv_tool
from .tasks import ops, task_factory
from .tenant_support import find_user, login

TENANT = "authing.cloud.authing_tenant"
task = task_factory(TENANT)

SPEC = {
    "custom_fields": [{"key": "level", "data_type": "STRING"}],
    "groups": [{"code": "dev", "name": "Dev"}, {"code": "ops", "name": "Ops"}],
    "users": [{"username": "ann", "groups": ["dev"], "custom_data": {"level": "senior"}},
              {"username": "bob", "email": "bob@example.com", "groups": ["ops"]}],
}
VAULT_PASSWORD = "vault-pass-for-tests"
PASSWORD = "Ann-Initial-Pw-42"


def write(path, data, fmt, bare=False):
    """A spec file: a vars file defining tenant_spec (next to another variable) or the bare spec."""
    content = data if bare else {"tenant_spec": data, "tenant_owner": "ignored by authing_tenant"}
    path.write_text(json.dumps(content, indent=1) if fmt == "json" else "---\n" + yaml.safe_dump(content, sort_keys=False))
    return path


def result_text(run, name):
    return json.dumps(run[name])


def vault_password_file(tmp_path):
    password_file = tmp_path / "vault-password"
    password_file.write_text(VAULT_PASSWORD + "\n")
    return password_file


def vault(password_file, *args):
    """ansible-vault with the test's password; its stdout."""
    return subprocess.run([_venv_tool("ansible-vault"), *args, "--vault-password-file", str(password_file)],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("fmt, bare", [("yaml", False), ("json", True), ("json", False), ("yaml", True)],
                         ids=["yaml-vars-file", "json-bare-spec", "json-vars-file", "yaml-bare-spec"])
def test_check_apply_rerun_from_a_file(emulator, run_playbook, tmp_path, fmt, bare):
    path = write(tmp_path / ("tenant." + fmt), SPEC, fmt, bare)
    emulator.clear_log()
    check = run_playbook([task("check", spec_file=str(path))], check=True).assert_ok()["check"]
    assert emulator.writes() == [] and check["changed"] is True
    assert check["summary"][0] == "check mode: 5 object(s) would change; nothing was written", check["summary"]

    apply = run_playbook([task("apply", spec_file=str(path))]).assert_ok()["apply"]
    assert apply["changes"] == check["changes"] and apply["counts"] == check["counts"]
    assert sorted(emulator.all_groups()) == ["dev", "ops"] and emulator.group_members("dev") == ["ann"]

    emulator.clear_log()
    rerun = run_playbook([task("rerun", spec_file=str(path))]).assert_ok()["rerun"]
    assert rerun["changed"] is False and emulator.writes() == []
    assert ops(emulator.requests(), form="sent").count("accessToken") == 1


def test_a_relative_path_is_found_next_to_the_playbook(emulator, run_playbook, tmp_path):
    (tmp_path / "vars").mkdir()
    write(tmp_path / "vars" / "tenant.yml", {"groups": [{"code": "rel", "name": "Relative"}]}, "yaml")
    run = run_playbook([task("relative", spec_file="tenant.yml")]).assert_ok()
    assert run["relative"]["changed"] is True and "rel" in emulator.all_groups()


def test_a_password_template_is_resolved_with_extra_vars_and_never_shown(emulator, run_playbook, tmp_path):
    spec = {"groups": [{"code": "dev", "name": "{{ team_name }}"}],
            "users": [dict(SPEC["users"][0], password="{{ vault_pw }}"),
                      {"username": "cid", "password": "{{ vault_pw }}", "groups": ["dev"]}]}
    spec["users"][0].pop("custom_data")
    path = write(tmp_path / "tenant.yml", spec, "yaml")
    run = run_playbook([task("templated", spec_file=str(path), _register="tenant"),
                        {"name": "show", "ansible.builtin.debug": {"var": "tenant"}}],
                       verbosity=3, extra_vars={"vault_pw": PASSWORD, "team_name": "Developers"}).assert_ok()
    assert run["templated"]["changed"] is True
    assert emulator.group("dev")["name"] == "Developers"
    assert login(emulator, PASSWORD, username="ann") and login(emulator, PASSWORD, username="cid")
    assert PASSWORD not in run.output and PASSWORD not in result_text(run, "templated")
    assert PASSWORD not in result_text(run, "show")
    invocation = run["templated"].get("invocation")
    if invocation:  # ansible-core < 2.19 echoes the module's arguments: the spec is summarised
        assert invocation["module_args"]["spec"] == "(spec: 1 groups, 2 users - not echoed)"
        assert invocation["module_args"]["spec_file"] == str(path)

    emulator.clear_log()
    again = run_playbook([task("again", spec_file=str(path))],
                         extra_vars={"vault_pw": PASSWORD, "team_name": "Developers"}).assert_ok()
    assert again["again"]["changed"] is False and emulator.writes() == []


def test_an_undefined_variable_fails_before_any_request(emulator, run_playbook, tmp_path):
    path = write(tmp_path / "tenant.yml", {"users": [{"username": "ann", "password": "{{ vault_pw }}"}]}, "yaml")
    emulator.clear_log()
    run = run_playbook([task("undefined", spec_file=str(path), _ignore_errors=True)])
    assert run.failed("undefined") and emulator.requests() == []
    message = run["undefined"]["msg"]
    assert message.startswith("a template in %s failed: " % path) and "vault_pw" in message, message


def test_a_vaulted_file_and_a_vaulted_value(emulator, run_playbook, tmp_path):
    spec = {"users": [{"username": "ann", "password": PASSWORD}]}
    plain = write(tmp_path / "tenant.yml", spec, "yaml")
    password_file = vault_password_file(tmp_path)
    vault(password_file, "encrypt", str(plain))
    assert plain.read_text().startswith("$ANSIBLE_VAULT;")
    encrypted = vault(password_file, "encrypt_string", "Bob-Vaulted-Pw-43", "--name", "password")
    inline = tmp_path / "inline.yml"
    inline.write_text("tenant_spec:\n  users:\n    - username: bob\n      "
                      + encrypted.strip().replace("\n", "\n      ") + "\n")

    env = {"ANSIBLE_VAULT_PASSWORD_FILE": str(password_file)}
    run = run_playbook([task("vaulted file", spec_file=str(plain)), task("vaulted value", spec_file=str(inline))],
                       verbosity=3, extra_env=env).assert_ok()
    assert run["vaulted file"]["changed"] is True and run["vaulted value"]["changed"] is True
    assert login(emulator, PASSWORD, username="ann") and login(emulator, "Bob-Vaulted-Pw-43", username="bob")
    assert PASSWORD not in run.output and "Bob-Vaulted-Pw-43" not in run.output

    emulator.clear_log()
    run = run_playbook([task("again", spec_file=str(plain))], extra_env=env).assert_ok()
    assert run["again"]["changed"] is False and emulator.writes() == []


@pytest.mark.parametrize("name, text, message", [
    ("missing.yml", None, "spec_file {path} does not exist"),
    ("broken.yml", "tenant_spec:\n  groups: [\n", "{path} is not valid YAML or JSON (line 3, column 1: "),
    ("broken.json", '{"tenant_spec": {"groups": [}}', "{path} is not valid YAML or JSON (line 1, column 29: "),
    ("list.yml", "- groups\n", "{path} must hold a mapping - the variable tenant_spec, or the keys of a tenant spec"),
    ("other.yml", "something_else: 1\n", "{path} must define the variable tenant_spec"),
    ("string.yml", "tenant_spec: everything\n", "{path}: tenant_spec must be a mapping"),
])
def test_a_bad_file_fails_with_its_path_before_any_request(emulator, run_playbook, tmp_path, name, text, message):
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    emulator.clear_log()
    run = run_playbook([task("bad", spec_file=str(path), _ignore_errors=True)])
    assert run.failed("bad") and emulator.requests() == [], emulator.requests()
    assert message.format(path=path) in run["bad"]["msg"], run["bad"]["msg"]


@pytest.mark.parametrize("args, message", [
    ({"spec": {"groups": []}, "spec_file": "tenant.yml"}, "spec and spec_file are mutually exclusive"),
    ({}, "authing_tenant needs spec (the tenant spec) or spec_file"),
])
def test_spec_or_spec_file(emulator, run_playbook, args, message):
    emulator.clear_log()
    run = run_playbook([task("args", _ignore_errors=True, **args)])
    assert run.failed("args") and message in run["args"]["msg"] and emulator.requests() == []


def test_an_inline_spec_password_is_never_shown(emulator, run_playbook):
    """The module's own arguments: ansible-core < 2.19 echoed them (the whole spec) at -vvv."""
    spec = {"users": [{"username": "ann", "password": PASSWORD}]}
    run = run_playbook([task("inline", spec=spec, _register="tenant"),
                        {"name": "show", "ansible.builtin.debug": {"var": "tenant"}}], verbosity=3).assert_ok()
    assert login(emulator, PASSWORD, username="ann")
    assert PASSWORD not in run.output and PASSWORD not in result_text(run, "inline")
    assert find_user(emulator, "ann") is not None
