# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 10: every write is safe to retry and to race; failures are messages a user can act on.

Real emulator processes, real ``ansible-playbook`` runs of playbooks/bootstrap.yml (the
authing.cloud.tenant role), no HTTP mocking; the end state is read straight from the API.

1. Fault injection at 10% on a generated 100-user tenant: three faulty runs, each on a fresh
   pool (500, 503 and dropped connections before the handler plus 429; the same after the
   handler, so writes are applied but never acknowledged; both phases at random). Each run
   succeeds or fails with a clear English message, and leaves no duplicate object. The last
   pool is then converged by a clean run; a further run changes and writes nothing; the end
   state has 0 duplicates and 0 lost or extra memberships compared with the spec.
2. Four role runs started together on overlapping specs against one emulator: all succeed and
   the end state is the union of the specs (objects once each, memberships united).
3. A duplicate agreement (same title and lang) made through the REST API: the exact mode of
   authing_agreement leaves one.
4. Wrong secret, unknown user pool, bad access token: the task fails with a message about the
   credentials naming the option to fix, never blaming an entity ("Failed to read group ...").

The shared plumbing (spec generator, state reader, audit, runner) is reliability_support.py, also
used by tests/bench/bench_reliability.py. AUTHING_TEST_COLLECTION_SRC points the runs at another
copy of the collection (an exported commit) when the working tree is being edited.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from .reliability_support import (
    AGREEMENTS, BOOTSTRAP, FAULT_PLANS, RESOURCES, Api, Runner, audit, figures, make_collections_dir, make_spec, problems,
    read_state, union_spec, write_spec)

FAULT_RATE = 0.1


@pytest.fixture(scope="module")
def collection():
    return make_collections_dir()


@pytest.fixture
def api(emulator):
    return Api(emulator.url, emulator.pool_id, emulator.secret)


@pytest.fixture
def runner(collection, tmp_path, emulator):
    return Runner(collection, tmp_path / "runs", emulator.url, emulator.pool_id, emulator.secret)


def writes(log):
    return [e for e in log if e.get("kind") == "write"]


# -- 1. faults ---------------------------------------------------------------------------------------------


def test_faulty_runs_leave_no_duplicates_and_converge(emulator, api, runner, tmp_path):
    spec = make_spec(range(100))
    spec_file = write_spec(tmp_path / "tenant.yml", spec)
    want = union_spec([spec])
    outcomes, unclear, duplicates = [], [], []
    for number, plan in enumerate(FAULT_PLANS, 1):
        emulator.reset()  # a fresh pool: every run creates the whole tenant under faults
        api.reset()
        api.faults(FAULT_RATE, **plan)
        try:
            run = runner.bootstrap(spec_file)
        finally:
            api.faults(0.0)
        log = api.log()
        injected = Counter("%s/%s" % (e["fault"], e["kind"]) for e in log if e.get("fault"))
        outcomes.append({"run": number, "plan": plan, "rc": run.rc, "seconds": round(run.seconds, 1),
                         "messages": run.messages(), "faults": dict(injected)})
        assert injected, "no fault was injected in run %d: %s" % (number, plan)
        unclear.extend((number, message, why) for message, why in run.unclear_messages())
        found = [p for p in problems(audit(read_state(api), want)) if p.startswith("duplicate")]
        duplicates.extend((number, p) for p in found)
    print("\n--- faulty runs")
    for outcome in outcomes:
        print(outcome)
    assert not unclear, "failure messages a user cannot act on: %s" % unclear
    assert not duplicates, "duplicates after faulty runs: %s" % duplicates
    assert any(o["faults"].get(kind) for o in outcomes for kind in ("500/write", "503/write", "drop/write")), \
        "no write met a fault: the runs proved nothing about retried writes"

    # The last pool: a clean run converges it, the next one has nothing left to do.
    clean = runner.bootstrap(spec_file)
    assert clean.rc == 0, "the clean rerun after faults failed" + clean.describe()
    api.admin("DELETE", "requests")
    rerun = runner.bootstrap(spec_file)
    assert rerun.rc == 0, rerun.describe()
    assert rerun.changed_tasks() == [], "a second clean run still changed: %s" % rerun.changed_tasks()
    assert writes(api.log()) == [], "a second clean run still wrote: %s" % writes(api.log())
    report = audit(read_state(api), want)
    print("--- end state after the clean rerun: %s" % figures(report))
    assert problems(report) == [], "end state differs from the spec: %s" % problems(report)


# -- 2. races ----------------------------------------------------------------------------------------------

PARALLEL_USERS = (range(0, 25), range(12, 37), range(24, 49), list(range(0, 12)) + list(range(36, 49)))


def parallel_specs():
    """Four overlapping specs: shared users get different groups and roles in each (the union is
    the expected end state); resources and agreements overlap by two or three of each."""
    return [make_spec(users, variant=k,
                      resources=[RESOURCES[(k + j) % len(RESOURCES)] for j in range(3)],
                      agreements=[AGREEMENTS[(k + j) % len(AGREEMENTS)] for j in range(2)])
            for k, users in enumerate(PARALLEL_USERS)]


def test_four_parallel_runs_on_overlapping_specs_end_in_the_union(api, runner, tmp_path):
    specs = parallel_specs()
    files = [write_spec(tmp_path / ("spec%d.yml" % k), spec) for k, spec in enumerate(specs)]
    started = [runner.start(BOOTSTRAP, extra_vars={"tenant_spec_file": str(f)}) for f in files]
    runs = [run.wait(900) for run in started]
    print("\n--- parallel runs: %s" % [(run.rc, round(run.seconds, 1), run.messages()) for run in runs])
    failed = [(k, run.rc, run.messages()) for k, run in enumerate(runs) if run.rc != 0]
    assert not failed, "parallel runs failed: %s" % failed
    report = audit(read_state(api), union_spec(specs))
    print("--- end state: %s" % figures(report))
    assert problems(report) == [], "the end state is not the union of the specs: %s" % problems(report)


# -- 3. agreements: exact mode removes duplicates ------------------------------------------------------------


def test_exact_mode_leaves_one_agreement_per_title_and_lang(emulator, api, runner):
    app = emulator.create_app("dup-app", "Duplicates")
    path = "/api/v2/applications/%s/agreements" % app["id"]
    for title, lang in (("Terms", "en-US"), ("Old", "zh-CN"), ("Terms", "en-US"), ("Privacy", "en-US"),
                        ("Terms", "en-US"), ("Privacy", "en-US")):
        api.rest("POST", path, json={"title": title, "lang": lang, "required": True})
    task = {"name": "exact", "authing.cloud.authing_agreement": {
        "app": "dup-app", "agreements_mode": "exact",
        "agreements": [{"title": "Terms", "lang": "en-US", "required": True},
                       {"title": "Privacy", "lang": "en-US", "required": False}]}}
    play = [{"hosts": "localhost", "gather_facts": False, "tasks": [task]}]
    run = runner.run(play)
    assert run.rc == 0, run.describe()
    left = [(a["title"], a["lang"], a["required"]) for a in api.rest("GET", path)["list"]]
    assert left == [("Terms", "en-US", True), ("Privacy", "en-US", False)], left
    again = runner.run(play)
    assert again.rc == 0 and again.changed_tasks() == [], again.describe()


# -- 4. credentials ----------------------------------------------------------------------------------------

BAD_POOL = "ffffffffffffffffffffffff"
CREDENTIAL_WORDS = re.compile(r"authenticat|credential", re.I)
SMALL_SPEC = {"groups": [{"code": "g1", "name": "G1"}], "users": [{"username": "cred-user", "groups": ["g1"]}]}


def _case(case_id, how, env, extra_vars, option, xfail=None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param((how, env, extra_vars, option), id=case_id, marks=marks)


NO_SECRET = {"AUTHING_USERPOOL_SECRET": None, "AUTHING_ACCESS_TOKEN": "not-a-token"}
# (id, how: role / module / info, environment change, extra vars, option the message must name)
CREDENTIAL_CASES = [
    _case("role-wrong-secret", "role", {"AUTHING_USERPOOL_SECRET": "wrong-secret"}, {}, "secret"),
    _case("role-unknown-pool", "role", {"AUTHING_USERPOOL_ID": BAD_POOL}, {}, "user_pool_id"),
    _case("role-bad-access-token", "role", {"AUTHING_USERPOOL_SECRET": None}, {"tenant_access_token": "not-a-token"},
          "access_token"),
    _case("tasks-wrong-secret", "role", {"AUTHING_USERPOOL_SECRET": "wrong-secret"}, {"tenant_reuse_token": False},
          "secret"),
    _case("tasks-unknown-pool", "role", {"AUTHING_USERPOOL_ID": BAD_POOL}, {"tenant_reuse_token": False},
          "user_pool_id"),
    _case("tasks-bad-access-token", "role", NO_SECRET, {"tenant_reuse_token": False}, "access_token"),
    _case("module-wrong-secret", "module", {"AUTHING_USERPOOL_SECRET": "wrong-secret"}, {}, "secret"),
    _case("module-unknown-pool", "module", {"AUTHING_USERPOOL_ID": BAD_POOL}, {}, "user_pool_id"),
    _case("module-bad-access-token", "module", NO_SECRET, {}, "access_token"),
    _case("info-wrong-secret", "info", {"AUTHING_USERPOOL_SECRET": "wrong-secret"}, {}, "secret"),
    _case("info-bad-access-token", "info", NO_SECRET, {}, "access_token"),
]


def _credential_playbook(how):
    if how == "role":
        return [{"hosts": "localhost", "gather_facts": False, "tasks": [
            {"name": "role", "ansible.builtin.include_role": {"name": "authing.cloud.tenant"},
             "vars": {"tenant_spec": SMALL_SPEC}}]}]
    if how == "module":
        task = {"authing.cloud.authing_group": {"groups": [{"code": "g1", "name": "G1", "members": ["cred-user"]}]}}
    else:
        task = {"authing.cloud.authing_group_info": {"code": "g1"}}
    return [{"hosts": "localhost", "gather_facts": False, "tasks": [dict(task, name=how)]}]


@pytest.mark.parametrize("case", CREDENTIAL_CASES)
def test_credential_failures_name_the_credentials(case, api, runner):
    how, env, extra_vars, option = case
    api.admin("DELETE", "requests")
    run = runner.run(_credential_playbook(how), extra_vars=extra_vars or None, extra_env=env)
    assert run.rc != 0, "the run succeeded with bad credentials" + run.describe()
    assert run.failures, run.describe()
    name, result = run.failures[0]
    message = str(result.get("msg"))
    print("\n--- %s: %s" % (name, message))
    assert not run.unclear_messages(), run.unclear_messages()
    assert CREDENTIAL_WORDS.search(message), "the message does not say credentials/authentication: %r" % message
    assert option in message, "the message does not name %s: %r" % (option, message)
    assert not re.search(r"Failed to (read|create|update|delete) (group|user)", message), "blames an entity: %r" % message
    assert writes(api.log()) == []
