# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 10: invalid input fails before any write, with a message that names the option or the value.

A corpus of invalid inputs across every module (the info modules where they take input) and the
authing.cloud.tenant role: wrong shapes (a string where a list or dict is expected, a dict where a
list is expected), unknown choices, missing required options, conflicting options, references to
unknown objects (group, role, application, user, rule target), duplicate items in a bulk list,
custom data of the wrong type, an API resource without api_identifier, ...

All cases run in ONE ansible-playbook run against one emulator (module cases with
``ignore_errors``, role cases in a block with a rescue), seeded with a small tenant. The test
recorder callback gives each task's result and the emulator requests made while it ran; each case
is then one pytest item asserting: the task failed, the message is clear English (no traceback,
no MODULE FAILURE, no Chinese text), it names the option or the value (one of the case's words),
and the emulator saw 0 write requests for the case.

Known plugin bugs are marked ``xfail(strict=True)`` with the reason (reported on issue 10).
"""

from __future__ import annotations

import json

import pytest

from .reliability_support import Runner, make_collections_dir, unclear
from .tenant_support import create_resource, create_role, define_fields

M = "authing.cloud.authing_"
UNKNOWN_ID = "0123456789abcdef01234567"


class Case:
    def __init__(self, case_id, module, args, words, xfail=None, purge=None):
        self.id, self.module, self.args, self.words, self.xfail, self.purge = case_id, module, args, words, xfail, purge

    def param(self):
        marks = [pytest.mark.xfail(strict=True, reason=self.xfail)] if self.xfail else []
        return pytest.param(self, id=self.id, marks=marks)


def c(case_id, module, words, xfail=None, **args):
    return Case(case_id, module, args, (words,) if isinstance(words, str) else tuple(words), xfail)


def role(case_id, spec, words, xfail=None, purge=None):
    return Case(case_id, "tenant", spec, (words,) if isinstance(words, str) else tuple(words), xfail, purge)


CASES = [
    # -- authing_group -----------------------------------------------------------------------------------
    c("group-groups-is-a-string", "group", "groups", groups="g1"),
    c("group-members-is-a-dict", "group", "members", code="g1", members={"a": 1}),
    c("group-groups_mode-unknown-choice", "group", "groups_mode", groups=[{"code": "g1", "name": "G1"}],
      groups_mode="sometimes"),
    c("group-no-code", "group", "code", name="No code"),
    c("group-code-and-groups-conflict", "group", "groups", code="g1", groups=[{"code": "g2", "name": "G2"}]),
    c("group-bulk-item-without-code", "group", "code", groups=[{"name": "No code"}]),
    c("group-bulk-duplicate-code", "group", "dupg", groups=[{"code": "dupg", "name": "A"}, {"code": "dupg", "name": "B"}]),
    c("group-unknown-member", "group", "ghost-user", code="g1", members=["ghost-user"]),
    c("group-state-unknown-choice", "group", "state", code="g1", state="gone"),
    c("group-create-without-name", "group", "name", code="newgroup"),
    c("group-members_mode-unknown-choice", "group", "members_mode", code="g1", members=["alice"], members_mode="all"),
    c("group-unknown-option", "group", "colour", code="g1", colour="red"),
    c("group-bulk-second-item-unknown-member", "group", "ghost2",
      groups=[{"code": "g1", "name": "G1", "members": ["alice"]}, {"code": "g2new", "name": "G2", "members": ["ghost2"]}]),
    c("group-new_code-is-a-list", "group", "new_code", code="g-rename", new_code=["a", "b"]),
    # -- authing_user -------------------------------------------------------------------------------------
    c("user-users-is-a-string", "user", "users", users="alice"),
    c("user-groups-is-a-dict", "user", "groups", username="alice", groups={"g1": True}),
    c("user-unknown-group", "user", "nosuchgroup", username="alice", groups=["nosuchgroup"]),
    c("user-unknown-role", "user", "nosuchrole", username="alice", roles=["nosuchrole"]),
    c("user-role-with-namespace-and-app", "user", ("namespace", "roles"), username="alice",
      roles=[{"code": "r1", "namespace": "default", "app": "app1"}]),
    c("user-role-of-unknown-app", "user", "noapp", username="alice", roles=[{"app": "noapp", "code": "x"}]),
    c("user-role-is-a-number", "user", ("roles", "role"), username="alice", roles=[5]),
    c("user-custom-number-is-text", "user", "level", username="alice", custom_data={"level": "high"}),
    c("user-custom-unknown-field", "user", "nosuchfield", username="alice", custom_data={"nosuchfield": 1}),
    c("user-custom_data-is-a-string", "user", "custom_data", username="alice", custom_data="just text"),
    c("user-custom-boolean-is-text", "user", "remote", username="alice", custom_data={"remote": "yes"}),
    c("user-custom-select-not-an-option", "user", ("tier", "platinum"), username="alice", custom_data={"tier": "platinum"}),
    c("user-custom-datetime-not-a-date", "user", "start", username="alice", custom_data={"start": "next tuesday"}),
    c("user-custom-string-is-a-dict", "user", "dept", username="alice", custom_data={"dept": {"a": 1}}),
    c("user-bad-email", "user", ("not-an-email", "email"), username="newbie", email="not-an-email"),
    c("user-gender-unknown-choice", "user", "gender", username="alice", gender="X"),
    c("user-bulk-duplicate-username", "user", "dupu", users=[{"username": "dupu"}, {"username": "dupu"}]),
    c("user-bulk-email-claimed-twice", "user", "same@x.io",
      users=[{"username": "a1", "email": "same@x.io"}, {"username": "a2", "email": "same@x.io"}]),
    c("user-unknown-id", "user", UNKNOWN_ID, id=UNKNOWN_ID, nickname="x"),
    c("user-no-identifier", "user", "username", nickname="nobody"),
    c("user-users_mode-unknown-choice", "user", "users_mode", users=[{"username": "alice"}], users_mode="some"),
    c("user-logins_count-is-text", "user", "logins_count", username="alice", logins_count="many"),
    c("user-blocked-is-text", "user", "blocked", username="alice", blocked="maybe"),
    c("user-update_password-unknown-choice", "user", "update_password", username="alice", update_password="sometimes"),
    c("user-bulk-item-unknown-option", "user", "colour", users=[{"username": "x1", "colour": "red"}]),
    c("user-groups_mode-unknown-choice", "user", "groups_mode", username="alice", groups=["g1"], groups_mode="some"),
    c("user-bulk-second-item-bad-custom-data", "user", "level",
      users=[{"username": "ok1", "custom_data": {"level": 1}}, {"username": "bad1", "custom_data": {"level": "x"}}]),
    # -- authing_role -------------------------------------------------------------------------------------
    c("role-roles-is-a-dict", "role", "roles", roles={"a": 1}),
    c("role-unknown-member", "role", "ghost", code="r1", members=["ghost"]),
    c("role-unknown-app", "role", "noapp", code="rx", app="noapp"),
    c("role-members_mode-unknown-choice", "role", "members_mode", code="r1", members=["alice"], members_mode="all"),
    c("role-bulk-duplicate-code", "role", "duprole", roles=[{"code": "duprole"}, {"code": "duprole"}]),
    c("role-bulk-item-without-code", "role", "code", roles=[{"description": "no code"}]),
    c("role-members-is-a-dict", "role", "members", code="r1", members={"a": 1}),
    # -- authing_custom_field ------------------------------------------------------------------------------
    c("field-data_type-unknown-choice", "custom_field", "data_type", key="f1", data_type="TEXT"),
    c("field-create-without-data_type", "custom_field", "data_type", key="newfield"),
    c("field-options-on-a-string-field", "custom_field", "options", key="f2", data_type="STRING", options=[{"value": "a"}]),
    c("field-options-is-a-mapping", "custom_field", "options", key="f3", data_type="SELECT", options={"value": "x"}),
    c("field-option-without-value", "custom_field", "value", key="f4", data_type="SELECT", options=[{"label": "A"}]),
    c("field-target_type-unknown-choice", "custom_field", "target_type", key="f5", data_type="STRING",
      target_type="BOGUS"),
    c("field-bulk-duplicate-key", "custom_field", "dupf",
      custom_fields=[{"key": "dupf", "data_type": "STRING"}, {"key": "dupf", "data_type": "NUMBER"}]),
    c("field-custom_fields_mode-unknown-choice", "custom_field", "custom_fields_mode",
      custom_fields=[{"key": "dept", "data_type": "STRING"}], custom_fields_mode="some"),
    # -- authing_application ---------------------------------------------------------------------------------
    c("app-redirect_uris-is-a-dict", "application", "redirect_uris", identifier="app1", redirect_uris={"a": 1}),
    c("app-create-without-name", "application", "name", identifier="newapp"),
    c("app-unknown-id", "application", UNKNOWN_ID, id=UNKNOWN_ID, name="X"),
    c("app-app_type-unknown-choice", "application", "app_type", identifier="app1", app_type="WRONG"),
    c("app-applications-is-a-string", "application", "applications", applications="app1"),
    c("app-bulk-duplicate-identifier", "application", "dupapp",
      applications=[{"identifier": "dupapp", "name": "A"}, {"identifier": "dupapp", "name": "B"}]),
    c("app-identifier-and-applications-conflict", "application", "applications", identifier="app1",
      applications=[{"identifier": "x", "name": "X"}]),
    c("app-rotate_secret-is-text", "application", "rotate_secret", identifier="app1", rotate_secret="perhaps"),
    c("app-no-identifier", "application", "identifier", name="No identifier"),
    # -- authing_resource ------------------------------------------------------------------------------------
    c("resource-actions-is-a-dict", "resource", "actions", app="app1", code="r1", type="DATA", actions={"read": 1}),
    c("resource-api-without-api_identifier", "resource", "api_identifier", app="app1", code="newapi", type="API"),
    c("resource-existing-becomes-api-without-api_identifier", "resource", "api_identifier", app="app1", code="r1",
      type="API"),
    c("resource-unknown-app", "resource", "noapp", app="noapp", code="r9", type="DATA"),
    c("resource-without-app", "resource", "app", code="r9", type="DATA"),
    c("resource-type-unknown-choice", "resource", "type", app="app1", code="r9", type="SOAP"),
    c("resource-action-is-a-number", "resource", "actions", app="app1", code="r1", actions=[1]),
    c("resource-action-listed-twice", "resource", "actions", app="app1", code="r1", actions=["read", "read"]),
    c("resource-action-unknown-key", "resource", "actions", app="app1", code="r1", actions=[{"name": "read", "verb": "x"}]),
    c("resource-create-without-type", "resource", "type", app="app1", code="notype"),
    c("resource-bulk-duplicate-code", "resource", "dupres", app="app1",
      resources=[{"code": "dupres", "type": "DATA"}, {"code": "dupres", "type": "MENU"}]),
    c("resource-actions_mode-unknown-choice", "resource", "actions_mode", app="app1", code="r1", actions=["read"],
      actions_mode="some"),
    c("resource-bulk-second-item-api-without-identifier", "resource", "api_identifier", app="app1",
      resources=[{"code": "okres", "type": "DATA"}, {"code": "badapi", "type": "API"}]),
    # -- authing_agreement -----------------------------------------------------------------------------------
    c("agreement-lang-unknown-choice", "agreement", "lang", app="app1", title="T", lang="fr-FR"),
    c("agreement-without-app", "agreement", "app", title="T", lang="en-US"),
    c("agreement-unknown-app", "agreement", "noapp", app="noapp", title="T"),
    c("agreement-required-is-text", "agreement", "required", app="app1", title="T", required="sometimes"),
    c("agreement-bulk-duplicate", "agreement", "Dup", app="app1",
      agreements=[{"title": "Dup", "lang": "en-US"}, {"title": "Dup", "lang": "en-US"}]),
    c("agreement-bulk-duplicate-by-default-lang", "agreement", "Dup2", app="app1",
      agreements=[{"title": "Dup2"}, {"title": "Dup2", "lang": "zh-CN"}]),
    c("agreement-without-title", "agreement", "title", app="app1", lang="en-US"),
    c("agreement-agreements-is-a-string", "agreement", "agreements", app="app1", agreements="x"),
    # -- authing_access_policy -------------------------------------------------------------------------------
    c("policy-rules-is-a-string", "access_policy", "rules", app="app1", rules="x"),
    c("policy-target_type-unknown-choice", "access_policy", "target_type", app="app1",
      rules=[{"target_type": "TEAM", "targets": ["g1"]}]),
    c("policy-rule-without-targets", "access_policy", "targets", app="app1", rules=[{"target_type": "GROUP"}]),
    c("policy-unknown-group", "access_policy", "nosuchgroup", app="app1",
      rules=[{"target_type": "GROUP", "targets": ["nosuchgroup"]}]),
    c("policy-unknown-user", "access_policy", "ghost-user", app="app1",
      rules=[{"target_type": "USER", "targets": ["ghost-user"]}]),
    c("policy-unknown-role", "access_policy", "nosuchrole", app="app1",
      rules=[{"target_type": "ROLE", "targets": ["nosuchrole"]}]),
    c("policy-unknown-app", "access_policy", "noapp", app="noapp", default_strategy="DENY_ALL"),
    c("policy-namespace-on-a-group-rule", "access_policy", "namespace", app="app1",
      rules=[{"target_type": "GROUP", "targets": ["g1"], "namespace": "app1"}]),
    c("policy-same-target-in-two-rules", "access_policy", "GROUP g1", app="app1",
      rules=[{"target_type": "GROUP", "targets": ["g1"]}, {"target_type": "GROUP", "targets": ["g1"], "effect": "deny"}]),
    c("policy-default_strategy-unknown-choice", "access_policy", "default_strategy", app="app1", default_strategy="MAYBE"),
    c("policy-effect-unknown-choice", "access_policy", "effect", app="app1",
      rules=[{"target_type": "GROUP", "targets": ["g1"], "effect": "permit"}]),
    c("policy-targets-is-a-dict", "access_policy", "targets", app="app1", rules=[{"target_type": "USER", "targets": {"a": 1}}]),
    c("policy-role-of-unknown-namespace", "access_policy", "noapp", app="app1",
      rules=[{"target_type": "ROLE", "targets": ["r1"], "namespace": "noapp"}]),
    c("policy-without-app", "access_policy", "app", default_strategy="DENY_ALL"),
    c("policy-rules_mode-unknown-choice", "access_policy", "rules_mode", app="app1",
      rules=[{"target_type": "GROUP", "targets": ["g1"]}], rules_mode="some"),
    c("policy-rule-unknown-option", "access_policy", "priority", app="app1",
      rules=[{"target_type": "GROUP", "targets": ["g1"], "priority": 1}]),
    # -- info modules ----------------------------------------------------------------------------------------
    c("user_info-query_roles-unknown-app", "user_info", "noapp", query_roles=[{"app": "noapp", "code": "x"}]),
    c("user_info-query_roles-bad-shape", "user_info", "query_roles",
      query_roles=[{"code": "x", "namespace": "a", "app": "b"}]),
    c("user_info-query_groups-is-a-dict", "user_info", "query_groups", query_groups={"a": 1}),
    c("resource_info-unknown-app", "resource_info", "noapp", app="noapp"),
    c("resource_info-without-app", "resource_info", "app"),
    c("resource_info-type-unknown-choice", "resource_info", "type", app="app1", type="SOAP"),
    c("agreement_info-lang-unknown-choice", "agreement_info", "lang", app="app1", lang="xx"),
    c("role_info-unknown-app", "role_info", "noapp", app="noapp"),
    c("group_info-with_members-is-text", "group_info", "with_members", with_members="maybe"),
    c("application_info-unknown-option", "application_info", "bogus", bogus=1),
    c("access_policy_info-unknown-app", "access_policy_info", "noapp", app="noapp"),
    # -- the tenant role ---------------------------------------------------------------------------------------
    role("tenant-spec-is-a-string", "x", "tenant_spec"),
    role("tenant-groups-is-a-string", {"groups": "x"}, "groups"),
    role("tenant-application-without-identifier", {"applications": [{"name": "X"}]}, "identifier"),
    role("tenant-app_type-unknown-choice", {"applications": [{"identifier": "newapp2", "name": "N", "app_type": "WRONG"}]},
         "app_type"),
    role("tenant-user-groups-is-a-dict", {"users": [{"username": "tu1", "groups": {"a": 1}}]}, "groups"),
    role("tenant-user-unknown-group", {"users": [{"username": "tu2", "groups": ["nosuchgroup"]}]}, "nosuchgroup"),
    role("tenant-api-resource-without-api_identifier",
         {"applications": [{"identifier": "app1", "name": "app1", "resources": [{"code": "tapi", "type": "API"}]}]},
         "api_identifier"),
    role("tenant-rules-is-a-string",
         {"applications": [{"identifier": "app1", "name": "app1", "access_policy": {"rules": "x"}}]}, "rules"),
    role("tenant-custom-data-wrong-type", {"users": [{"username": "alice", "custom_data": {"level": "high"}}]}, "level"),
    role("tenant-purge-switch-is-text", {"groups": [{"code": "g1", "name": "G1"}]}, "groups", purge={"groups": "maybe"}),
    role("tenant-purge-unknown-switch", {"groups": [{"code": "g1", "name": "G1"}]}, "everything",
         purge={"everything": True}),
    role("tenant-duplicate-groups", {"groups": [{"code": "dupg", "name": "A"}, {"code": "dupg", "name": "B"}]}, "dupg"),
    role("tenant-agreement-lang-unknown-choice",
         {"applications": [{"identifier": "app1", "name": "app1", "agreements": [{"title": "T", "lang": "fr-FR"}]}]},
         "lang"),
    role("tenant-spec-unknown-key", {"usres": []}, "usres"),
    role("tenant-role-unknown-member", {"roles": [{"code": "r1", "members": ["ghost"]}]}, "ghost"),
    role("tenant-new-group-then-user-groups-is-a-dict",
         {"groups": [{"code": "tnew", "name": "T"}], "users": [{"username": "tu3", "groups": {"a": 1}}]}, "groups"),
    role("tenant-new-field-then-user-unknown-group",
         {"custom_fields": [{"key": "tnewf", "data_type": "STRING"}], "users": [{"username": "tu4", "groups": ["nosuchgroup"]}]},
         "nosuchgroup"),
]


def seed(emu):
    """The tenant the corpus runs against: fields, groups g1 and g-rename, users alice and bob, role r1, app1 with r1."""
    define_fields(emu, dept="STRING", level="NUMBER", remote="BOOLEAN", tier="SELECT", start="DATETIME")
    emu.create_group("g1", "G1")
    emu.create_group("g-rename", "Renamed by a wrong option shape")
    emu.create_users("alice", "bob")
    create_role(emu, "r1")
    app = emu.create_app("app1")
    create_resource(emu, app["id"], "r1", actions=[{"name": "read", "description": ""}])


def playbook(cases):
    tasks = []
    for case in cases:
        tasks.append({"name": "BEGIN " + case.id, "ansible.builtin.debug": {"msg": case.id}})
        if case.module == "tenant":
            variables = {"tenant_spec": case.args}
            if case.purge is not None:
                variables["tenant_purge"] = case.purge
            tasks.append({"block": [{"name": "CASE " + case.id, "ansible.builtin.include_role": {"name": "authing.cloud.tenant"},
                                     "vars": variables}],
                          "rescue": [{"name": "RESCUED " + case.id, "ansible.builtin.debug": {"msg": "rescued"}}]})
        else:
            tasks.append({"name": "CASE " + case.id, M + case.module: case.args, "ignore_errors": True})
    return [{"name": "invalid inputs", "hosts": "localhost", "gather_facts": False, "tasks": tasks}]


@pytest.fixture(scope="module")
def corpus(emulator_server, tmp_path_factory):
    """Run every case once; {case id: [task records of the case]}."""
    emu = emulator_server
    emu.config(latency_ms=0, fault_rate=0.0)
    emu.reset()
    seed(emu)
    emu.clear_log()
    runner = Runner(make_collections_dir(), tmp_path_factory.mktemp("invalid"), emu.url, emu.pool_id, emu.secret)
    run = runner.run(playbook(CASES), extra_env={"AUTHING_TEST_EMULATOR_URL": emu.url}, timeout=1500)
    print("\n--- the corpus: %d cases, one ansible-playbook run, %.1f s, rc=%s" % (len(CASES), run.seconds, run.rc))
    by_case, current = {}, None
    for record in run.records:
        if record["name"].startswith("BEGIN "):
            current = record["name"][len("BEGIN "):]
            by_case[current] = []
        elif current is not None:
            by_case[current].append(record)
    return {"run": run, "cases": by_case}


def test_the_corpus_is_big_enough():
    modules = set(case.module for case in CASES)
    assert len(CASES) >= 60
    assert {"group", "user", "role", "custom_field", "application", "resource", "agreement", "access_policy",
            "tenant"} <= modules
    assert len(set(case.id for case in CASES)) == len(CASES)


@pytest.mark.parametrize("case", [case.param() for case in CASES])
def test_invalid_input_fails_before_any_write_naming_the_option(case, corpus):
    records = corpus["cases"].get(case.id)
    assert records is not None, "case %s did not run%s" % (case.id, corpus["run"].describe())
    failed = [r for r in records if r["status"] == "failed"]
    writes = [e for r in records for e in r.get("requests") or [] if e.get("kind") == "write"]
    summary = json.dumps([(r["status"], r["name"], r["result"].get("msg")) for r in records], ensure_ascii=False)[:3000]
    assert failed, "the invalid input was accepted: %s" % summary
    result = failed[0]["result"]
    message = str(result.get("msg"))
    print("\n--- %s: %s" % (case.id, message))
    assert unclear(result.get("msg")) is None, "unclear message (%s): %r" % (unclear(result.get("msg")), message)
    assert "Traceback" not in str(result.get("exception") or ""), result.get("exception")
    assert any(word in message for word in case.words), "the message names none of %s: %r" % (case.words, message)
    assert writes == [], "%d write(s) before failing: %s" % (len(writes), [(e["operation"], e["status"]) for e in writes])
