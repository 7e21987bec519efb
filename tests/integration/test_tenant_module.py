# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_tenant, and check mode across tasks of a plain playbook, against a real
emulator: a spec with problems writes nothing and names each problem's place; what an earlier
task would create does not fail --check of a later one (it warns); a real run still fails first.
"""

from __future__ import annotations

from .tasks import ops, task_factory

TENANT = "authing.cloud.authing_tenant"
task = task_factory(TENANT)

BAD_SPEC = {
    "groups": [{"code": "dev", "name": "Dev"}],
    "applications": [
        {"identifier": "Not_A_Domain", "name": "Bad"},
        {"identifier": "wiki", "name": "Wiki",
         "resources": [{"code": "wiki-api", "type": "API"}, {"code": "api", "type": "DATA"}]},
    ],
    "custom_fields": [{"key": "level", "data_type": "SELECT"}],
    "users": [{"username": "ann", "groups": ["dev", "ghost"]},
              {"username": "bob", "roles": [{"app": "wiki", "code": "nobody"}]}],
}


def test_a_spec_with_problems_writes_nothing_and_names_every_place(emulator, run_playbook):
    emulator.clear_log()
    run = run_playbook([task("bad spec", spec=BAD_SPEC, _ignore_errors=True)])
    result = run["bad spec"]
    assert run.failed("bad spec") and emulator.writes() == [], emulator.writes()
    problems = result["problems"]
    expected = [
        "applications[0]: identifier 'Not_A_Domain' is not a valid sub-domain",
        "applications[1].resources[0]: api_identifier is required for a resource of type API",
        "applications[1].resources[1]: code 'api' is reserved by Authing",
        "custom_fields[0]: a SELECT field needs options",
        "users[0].groups[1]: unknown group: ghost",
        "users[1].roles[0]: unknown role: nobody (application wiki)",
    ]
    for start in expected:
        assert any(problem.startswith(start) for problem in problems), (start, problems)
    assert result["msg"].startswith("The tenant spec has %d problem(s); nothing was written" % len(problems))


def test_check_predicts_the_apply_and_the_rerun_is_a_no_op(emulator, run_playbook):
    spec = {
        "custom_fields": [{"key": "level", "data_type": "SELECT", "options": ["junior", "senior"]}],
        "groups": [{"code": "dev", "name": "Dev"}, {"code": "ops", "name": "Ops", "members": ["bob"]}],
        "applications": [{"identifier": "wiki", "name": "Wiki",
                          "resources": [{"code": "pages", "type": "DATA", "actions": ["pages:read"]}],
                          "roles": [{"code": "editor"}],
                          "access_policy": {"default_strategy": "DENY_ALL",
                                            "rules": [{"target_type": "GROUP", "targets": ["dev"]}]}}],
        "users": [{"username": "ann", "groups": ["dev"], "custom_data": {"level": "senior"},
                   "roles": [{"app": "wiki", "code": "editor"}]},
                  {"username": "bob", "email": "bob@example.com"}],
    }
    emulator.clear_log()
    check = run_playbook([task("check", spec=spec)], check=True, diff=True).assert_ok()
    assert emulator.writes() == []
    predicted = check["check"]
    emulator.clear_log()
    apply = run_playbook([task("apply", spec=spec)]).assert_ok()["apply"]
    assert apply["changed"] and apply["changes"] == predicted["changes"], (apply["changes"], predicted["changes"])
    assert apply["counts"] == predicted["counts"]
    assert ops(emulator.requests(), form="sent").count("accessToken") == 1
    # group memberships of many users go in one call per group
    assert ops(emulator.writes(), form="sorted").count("addUserToGroup") == 2
    emulator.clear_log()
    rerun = run_playbook([task("rerun", spec=spec)]).assert_ok()["rerun"]
    assert rerun["changed"] is False and emulator.writes() == []
    assert rerun["summary"][0] == "applied: 0 object(s) changed"
    assert len(emulator.requests()) <= 30, ops(emulator.requests(), form="sorted")


def test_check_mode_across_tasks_assumes_what_an_earlier_task_creates(emulator, run_playbook):
    tasks = [
        {"name": "group", "authing.cloud.authing_group": {"code": "later", "name": "Later"}},
        {"name": "user in it", "authing.cloud.authing_user": {"username": "carl", "groups": ["later"]}},
    ]
    emulator.clear_log()
    check = run_playbook(tasks, check=True).assert_ok()
    assert emulator.writes() == []
    user = check["user in it"]
    assert user["changed"] is True and user["user"]["groups"] == ["later"]
    assert any("group 'later' does not exist; assuming an earlier task" in w for w in user.get("warnings", [])), user
    # a real run of the user alone still fails before any write
    emulator.clear_log()
    real = run_playbook([dict(tasks[1], ignore_errors=True)])
    assert real.failed("user in it") and "unknown group: later" in real["user in it"]["msg"]
    assert emulator.writes() == []
    # and the real run of both tasks works, as check mode said
    run_playbook(tasks).assert_ok()


def test_the_progress_callback_shows_each_step_while_the_task_runs(emulator, run_playbook):
    spec = {"groups": [{"code": "g%d" % i, "name": "G%d" % i} for i in range(3)],
            "users": [{"username": "p%02d" % i, "groups": ["g%d" % (i % 3)]} for i in range(30)]}
    emulator.config(latency_ms=40)  # slow enough for the callback to look more than once
    run = run_playbook([task("tenant", spec=spec)],
                       extra_env={"ANSIBLE_CALLBACKS_ENABLED": "authing_test_recorder,authing.cloud.progress",
                                  "AUTHING_PROGRESS_INTERVAL": "0.2"}).assert_ok()
    lines = [line.strip() for line in run.output.splitlines() if line.strip().startswith("[")]
    assert any(line.endswith("users: writing 30 of 30") or " users: writing " in line for line in lines), run.output
    assert any(" groups: checking " in line for line in lines), lines
    assert run["tenant"]["changed"] is True
    emulator.config(latency_ms=0)
