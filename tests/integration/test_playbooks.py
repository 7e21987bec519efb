# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every playbook in playbooks/ runs against the emulator: bootstrap (a spec file), export,
rotate_secret and offboard_user (scripts/demo runs bootstrap too); a playbook added later without its own test here still
runs (plainly) through test_other_playbooks_run."""

from __future__ import annotations

import stat

import pytest
import yaml

from .tasks import ops
from .tenant_support import PLAYBOOKS, SUMMARY_TASK, access_records, applications, find_user, play, write_spec

KNOWN = {"bootstrap.yml", "export.yml", "rotate_secret.yml", "offboard_user.yml", "drift.yml"}  # drift: test_drift.py

SPEC = {
    "groups": [{"code": "staff", "name": "Staff"}, {"code": "admins", "name": "Admins"}],
    "roles": [{"code": "auditor"}],
    "users": [{"username": "leaver", "email": "leaver@example.com", "groups": ["staff", "admins"],
               "roles": ["auditor", {"app": "portal", "code": "portal-admin"}]},
              {"username": "stayer", "groups": ["staff"]}],
    "applications": [{"identifier": "portal", "name": "Portal",
                      "roles": [{"code": "portal-admin"}],
                      "access_policy": {"default_strategy": "DENY_ALL",
                                        "rules": [{"target_type": "USER", "targets": ["leaver", "stayer"]},
                                                  {"target_type": "GROUP", "targets": ["staff"]}]}},
                     {"identifier": "intranet", "name": "Intranet",
                      "access_policy": {"rules": [{"target_type": "USER", "targets": ["leaver"], "effect": "deny"}]}}],
}


def seed(run_playbook, tmp_path):
    spec_file = write_spec(tmp_path / "spec.yml", SPEC)
    return run_playbook([play("bootstrap.yml")], extra_vars={"tenant_spec_file": str(spec_file)}).assert_ok()


def test_bootstrap_from_a_spec_file(emulator, run_playbook, tmp_path):
    run = seed(run_playbook, tmp_path)
    assert run[SUMMARY_TASK]["msg"][0].startswith("applied: ")
    assert set(emulator.all_groups()) == {"staff", "admins"}
    assert emulator.group_members("admins") == ["leaver"]
    bad = tmp_path / "bad.yml"
    bad.write_text("---\ntenant_specs:\n  groups: []\n")  # a misspelt variable: neither tenant_spec nor a spec
    emulator.clear_log()
    failed = run_playbook([play("bootstrap.yml")], extra_vars={"tenant_spec_file": str(bad)})
    assert failed.rc != 0 and "%s must define the variable tenant_spec" % bad in failed.output
    assert emulator.requests() == []
    bare = tmp_path / "bare.yml"
    bare.write_text("---\ngroups: [{code: staff, name: Staff}]\n")  # the spec itself is a spec file too
    run = run_playbook([play("bootstrap.yml")], extra_vars={"tenant_spec_file": str(bare)}).assert_ok()
    assert run[SUMMARY_TASK]["msg"][0] == "applied: 0 object(s) changed"


def test_export(emulator, run_playbook, tmp_path):
    emulator.create_group("exported", "Exported group")
    dest = tmp_path / "out" / "tenant.yml"
    dest.parent.mkdir()
    run = run_playbook([play("export.yml", export_dest=str(dest))]).assert_ok()
    assert yaml.safe_load(dest.read_text())["tenant_spec"]["groups"] == [{"code": "exported", "name": "Exported group"}]
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert '"groups": 1' in run["Show what was exported"]["msg"]


def test_rotate_secret(emulator, run_playbook, tmp_path):
    emulator.create_app("rotated", "Rotated")
    before = applications(emulator)["rotated"]["secret"]
    dest = tmp_path / "rotated.secret"

    emulator.clear_log()
    check = run_playbook([play("rotate_secret.yml", rotate_app="rotated", rotate_secret_dest=str(dest))], check=True)
    check.assert_ok()
    assert emulator.writes() == [] and not dest.exists()
    assert check["Report the rotation"]["msg"].startswith("Would rotate the secret of rotated")

    run = run_playbook([play("rotate_secret.yml", rotate_app="rotated", rotate_secret_dest=str(dest))]).assert_ok()
    after = applications(emulator)["rotated"]["secret"]
    assert after != before
    assert dest.read_text() == after + "\n"
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert after not in run.output and before not in run.output
    assert ops(emulator.writes(), form="sent") == ["applications.refresh-secret"]

    missing = run_playbook([play("rotate_secret.yml")])
    assert missing.rc != 0 and "rotate_app" in missing.output


def test_offboard_user(emulator, run_playbook, tmp_path):
    seed(run_playbook, tmp_path)
    apps = applications(emulator)
    leaver = find_user(emulator, "leaver")
    assert leaver["groups"]["list"] and leaver["roles"]["list"]

    emulator.clear_log()
    check = run_playbook([play("offboard_user.yml", offboard_user="leaver")], check=True).assert_ok()
    assert emulator.writes() == []
    assert "(predicted, nothing written)" in check["Report the offboarding"]["msg"]

    run = run_playbook([play("offboard_user.yml", offboard_user="leaver")]).assert_ok()
    leaver = find_user(emulator, "leaver")
    assert leaver["blocked"] is True
    assert leaver["groups"]["list"] == [] and leaver["roles"]["list"] == []
    assert leaver["tokenExpiredAt"].startswith("1970-01-01")
    for ident in ("portal", "intranet"):
        targets = {r["targetIdentifier"] for r in access_records(emulator, apps[ident]["id"])}
        assert leaver["id"] not in targets, ident
    stayer = find_user(emulator, "stayer")
    assert stayer["blocked"] is False and [g["code"] for g in stayer["groups"]["list"]] == ["staff"]
    assert stayer["id"] in {r["targetIdentifier"] for r in access_records(emulator, apps["portal"]["id"])}
    assert "revoked in 2" in run["Report the offboarding"]["msg"]

    emulator.clear_log()
    again = run_playbook([play("offboard_user.yml", offboard_user="leaver@example.com", offboard_by="email")]).assert_ok()
    assert emulator.writes() == [] and not any(t["result"].get("changed") for t in again.tasks)


OTHERS = sorted(p.name for p in PLAYBOOKS.glob("*.yml") if p.name not in KNOWN)


@pytest.mark.parametrize("name", OTHERS or [pytest.param(None, marks=pytest.mark.skip(
    reason="every playbook in playbooks/ has its own test in this file"))])
def test_other_playbooks_run(emulator, run_playbook, name):
    run_playbook([play(name)]).assert_ok()
