# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The authing.cloud.tenant role (through playbooks/bootstrap.yml) against the emulator.

1. The sample tenant on an empty pool: ``--check`` prints the per-entity summary of what would
   be created and sends zero write requests; the apply creates it all; the rerun changes nothing
   and writes nothing.
2. Check mode on a pool that already holds part of the spec: creates, updates and purges are
   predicted per entity, items that depend on objects the run would create are counted without
   failing, zero writes; then the apply changes exactly what the preview said.
"""

from __future__ import annotations

import time

from .tasks import ops
from .tenant_support import (
    SAMPLE_SPEC, SUMMARY_TASK, applications, create_resource, define_fields, find_user, load_spec, play, report,
    user_count, write_spec)

TENANT_TASK = "Reconcile the tenant (custom fields, groups, applications, roles, users, members, policies)"


def bootstrap(run_playbook, spec_file=None, **kwargs):
    extra = dict(kwargs.pop("extra_vars", None) or {})
    if spec_file is not None:
        extra["tenant_spec_file"] = str(spec_file)
    start = time.monotonic()
    run = run_playbook([play("bootstrap.yml")], extra_vars=extra or None, **kwargs)
    run.seconds = time.monotonic() - start
    return run


def test_sample_tenant_check_apply_rerun(emulator, run_playbook):
    spec = load_spec(SAMPLE_SPEC)
    n_app_children = {k: sum(len(a.get(k) or []) for a in spec["applications"]) for k in ("resources", "agreements", "roles")}

    # -- 1. preview ---------------------------------------------------------------------------
    emulator.clear_log()
    check = bootstrap(run_playbook, check=True, diff=True).assert_ok()
    assert emulator.writes() == [], "check mode wrote: %s" % emulator.writes()
    lines = check[SUMMARY_TASK]["msg"]
    print("\n--- check-mode summary (%.1f s)\n%s" % (check.seconds, "\n".join(lines)))
    counts = report(check)["counts"]
    expected = {
        "custom_fields": len(spec["custom_fields"]),
        "groups": len(spec["groups"]),
        "applications": len(spec["applications"]),
        "resources": n_app_children["resources"],
        "agreements": n_app_children["agreements"],
        "roles": len(spec["roles"]) + n_app_children["roles"],
        "users": len(spec["users"]),
        "orgs": len(spec["orgs"]),
        "policies": len(spec["policies"]) + sum(len(a.get("policies") or []) for a in spec["applications"]),
    }
    for entity, number in expected.items():
        assert counts[entity] == {"processed": number, "changed": number, "create": number, "update": 0, "delete": 0}, (
            entity, counts)
        assert any(line.startswith("%s: %d processed, %d would change (create %d: " % (entity, number, number, number))
                   for line in lines), (entity, lines)
    # a new application's policy changes unless it is the default (allow all, no rule)
    policies = [a["access_policy"] for a in spec["applications"]]
    non_default = [p for p in policies if p.get("default_strategy") != "ALLOW_ALL" or p.get("rules")]
    assert counts["access_policies"] == {"processed": len(policies), "changed": len(non_default), "create": 0,
                                         "update": len(non_default), "delete": 0}

    # every node but the root (which comes with its organisation) is created; resources that list
    # permissions are granted them in the last step
    def count_nodes(nodes):
        return sum(1 + count_nodes(node.get("children")) for node in nodes or [])
    nodes = sum(count_nodes(org.get("nodes")) for org in spec["orgs"])
    granted = sum(1 for a in spec["applications"] for r in a.get("resources") or [] if r.get("permissions"))
    assert counts["org_nodes"]["create"] == nodes and counts["permissions"]["update"] == granted
    assert lines[0] == "check mode: %d object(s) would change; nothing was written" % (
        sum(expected.values()) + len(non_default) + nodes + granted)
    assert "alice.smith" in next(line for line in lines if line.startswith("users:"))
    assert not check.failed(SUMMARY_TASK)

    # -- 2. apply -----------------------------------------------------------------------------
    emulator.clear_log()
    apply = bootstrap(run_playbook).assert_ok()
    applied = report(apply)
    print("--- apply (%.1f s)\n%s" % (apply.seconds, "\n".join(applied["summary"])))
    for entity, number in expected.items():
        assert applied["counts"][entity] == {"processed": number, "changed": number, "create": number, "update": 0,
                                             "delete": 0}, (entity, applied["counts"])
    tokens = ops(emulator.requests(), form="sent").count("accessToken")
    assert tokens == 1, "one management token for the whole run, got %d exchanges" % tokens

    assert set(emulator.all_groups()) == {g["code"] for g in spec["groups"]}
    assert user_count(emulator) == len(spec["users"])
    apps = applications(emulator)
    assert set(apps) == {a["identifier"] for a in spec["applications"]}
    alice = find_user(emulator, "alice.smith")
    want = next(u for u in spec["users"] if u["username"] == "alice.smith")
    assert sorted(g["code"] for g in alice["groups"]["list"]) == sorted(want["groups"])
    assert {(r["code"], r["namespace"]) for r in alice["roles"]["list"]} >= {("employee", "default"), ("tenant-admin", "default")}
    assert {d["key"] for d in alice["customData"]} == set(want["custom_data"])

    # -- 3. rerun -----------------------------------------------------------------------------
    emulator.clear_log()
    rerun = bootstrap(run_playbook).assert_ok()
    print("--- rerun (%.1f s)\n%s" % (rerun.seconds, "\n".join(rerun[SUMMARY_TASK]["msg"])))
    assert emulator.writes() == [], "the rerun wrote: %s" % emulator.writes()
    task = rerun.task("authing.cloud.tenant : " + TENANT_TASK)
    assert task["status"] == "ok" and not task["result"].get("changed"), task["status"]
    assert rerun[SUMMARY_TASK]["msg"][0] == "applied: 0 object(s) changed"
    print("--- timing: check %.1f s, apply %.1f s, rerun %.1f s" % (check.seconds, apply.seconds, rerun.seconds))


def seed_base(emulator):
    """The tenant the second test starts from, written straight through the API (no ansible run):
    custom field team; groups g1, g2; users u1 (in g1) and u2; application app1 with resource r1
    and an access policy that denies everyone but u1."""
    define_fields(emulator, team="STRING")
    emulator.create_group("g1", "G1")
    emulator.create_group("g2", "G2")
    ids = emulator.create_users("u1", "u2")
    emulator.add_members("g1", [ids["u1"]])
    app = emulator.create_app("app1", "App 1")
    create_resource(emulator, app["id"], "r1", actions=[{"name": "read", "description": ""}])
    emulator.rest("POST", "/api/v2/applications/%s" % app["id"],
                  json={"permissionStrategy": {"defaultStrategy": "DENY_ALL"}})
    emulator.rest("POST", "/api/v2/applications/%s/authorization/allow" % app["id"],
                  json={"targetType": "USER", "targetIdentifiers": [ids["u1"]], "namespace": app["id"]})


CHANGED = {
    "custom_fields": [{"key": "team", "data_type": "STRING"}, {"key": "site", "data_type": "STRING"}],
    "groups": [{"code": "g1", "name": "G1", "description": "now described"}, {"code": "g3", "name": "G3", "members": ["u3"]}],
    "users": [
        {"username": "u1", "groups": ["g1", "g3"]},               # g3 is new: counted, not looked up
        {"username": "u2", "custom_data": {"site": "Berlin"}},     # site is a new field
        {"username": "u3", "nickname": "three"},                   # new user
    ],
    "applications": [
        {"identifier": "app1", "name": "App 1",
         "resources": [{"code": "r1", "type": "DATA", "actions": [{"name": "read"}]},
                       {"code": "r3", "type": "MENU"}],
         "access_policy": {"default_strategy": "DENY_ALL",
                           "rules": [{"target_type": "USER", "targets": ["u1", "u3"]}]}},   # u3 is new
        {"identifier": "app2", "name": "App 2", "resources": [{"code": "r2", "type": "DATA"}],
         "roles": [{"code": "app2-admin", "members": ["u1"]}]},
    ],
}


def _status_lines(lines):
    return dict(line.split(": ", 1) for line in lines[1:])


def test_check_mode_on_an_existing_tenant_predicts_the_apply(emulator, run_playbook, tmp_path):
    seed_base(emulator)
    spec_file = write_spec(tmp_path / "changed.yml", CHANGED)
    purge = {"tenant_purge": {"groups": True}}

    emulator.clear_log()
    check = bootstrap(run_playbook, spec_file, check=True, extra_vars=purge).assert_ok()
    assert emulator.writes() == [], "check mode wrote: %s" % emulator.writes()
    lines = check[SUMMARY_TASK]["msg"]
    print("\n--- check-mode summary on an existing tenant\n" + "\n".join(lines))
    by_entity = _status_lines(lines)
    assert by_entity["custom_fields"] == "2 processed, 1 would change (create 1: site)"
    assert by_entity["groups"] == "3 processed, 3 would change (create 1: g3; update 1: g1; delete 1: g2)"
    assert by_entity["applications"] == "2 processed, 1 would change (create 1: app2)"
    assert by_entity["resources"] == "3 processed, 2 would change (create 2: app1/r3, app2/r2)"
    assert by_entity["roles"] == "1 processed, 1 would change (create 1: app2/app2-admin)"
    assert by_entity["users"] == "3 processed, 3 would change (create 1: u3; update 2: u1, u2)"
    assert by_entity["group_members"] == "1 processed, 1 would change (update 1: g3)"
    assert by_entity["role_members"] == "1 processed, 1 would change (update 1: app2/app2-admin)"
    assert by_entity["access_policies"] == "1 processed, 1 would change (update 1: app1)"
    predicted = report(check)["counts"]

    apply = bootstrap(run_playbook, spec_file, extra_vars=purge).assert_ok()
    print("--- apply\n" + "\n".join(apply[SUMMARY_TASK]["msg"]))
    assert report(apply)["counts"] == predicted
    assert set(emulator.all_groups()) == {"g1", "g3"}
    assert sorted(g["code"] for g in find_user(emulator, "u1")["groups"]["list"]) == ["g1", "g3"]
    assert emulator.group_members("g3") == ["u1", "u3"]  # u1 through its groups, u3 through the members list
    assert "app2" in applications(emulator)


def include_tenant_role(name, **variables):
    return {"name": name, "ansible.builtin.include_role": {"name": "authing.cloud.tenant"}, "vars": variables}


def test_the_role_reads_tenant_spec_file_and_refuses_both_variables(emulator, run_playbook, tmp_path):
    (tmp_path / "vars").mkdir()
    write_spec(tmp_path / "vars" / "tenant.yml",
               {"groups": [{"code": "g1", "name": "G1"}], "users": [{"username": "u1", "groups": ["g1"]}]})
    # a relative path is looked up as include_vars looks it up: here in the playbook's vars/
    check = run_playbook([include_tenant_role("role", tenant_spec_file="tenant.yml")], check=True).assert_ok()
    assert emulator.writes() == [] and report(check)["counts"]["users"]["create"] == 1
    apply = run_playbook([include_tenant_role("role", tenant_spec_file="tenant.yml")]).assert_ok()
    assert report(apply)["summary"][0] == "applied: 2 object(s) changed" and emulator.group_members("g1") == ["u1"]
    emulator.clear_log()
    rerun = run_playbook([include_tenant_role("role", tenant_spec_file="tenant.yml")]).assert_ok()
    assert report(rerun)["summary"][0] == "applied: 0 object(s) changed" and emulator.writes() == []

    emulator.clear_log()
    both = run_playbook([include_tenant_role("role", tenant_spec_file="tenant.yml", tenant_spec={"groups": []})])
    assert both.rc != 0 and emulator.requests() == []
    message = "tenant_spec and tenant_spec_file are both set: give the spec in one of them (tenant_spec_file: tenant.yml)"
    assert report(both)["summary"] == [message], report(both)
