# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_user and authing_user_info against a real emulator.

Each test runs real ``ansible-playbook`` and checks the emulator's state through its API, its
request log (zero writes in check mode and on reruns) and its login mutations: a password is
proven set by logging in with it (``loginByUsername`` / ``loginByEmail``).
"""

from __future__ import annotations

import hashlib
import json

import pytest

from .tasks import ops, task_factory
from .tenant_support import create_role, define_fields, find_user, login

USER = "authing.cloud.authing_user"
INFO = "authing.cloud.authing_user_info"
REDACTED = "********"
task = task_factory(USER)

PW1 = "Tango-Lima-481"
PW2 = "Oscar-Kilo-927"


def custom_data(user):
    return {item["key"]: item["value"] for item in user["customData"]}


def groups_of(user):
    return sorted(g["code"] for g in user["groups"]["list"])


def roles_of(user):
    return sorted((r["namespace"], r["code"]) for r in user["roles"]["list"])


@pytest.fixture
def pool(emulator, users):
    """Fixed users plus two groups, two roles and custom fields of every data type."""
    emulator.create_group("eng", "Engineering")
    emulator.create_group("ops", "Operations")
    create_role(emulator, "dev")
    create_role(emulator, "admin")
    define_fields(emulator, school="STRING", age="NUMBER", vip="BOOLEAN", prefs="OBJECT", joined="DATETIME",
                  tier="SELECT")
    emulator.clear_log()
    return users


# --------------------------------------------------------------------------------------------
# single form: create / rerun / update / delete, with relations and custom data
# --------------------------------------------------------------------------------------------


def test_create_rerun_update_delete(emulator, run_playbook, pool):
    full = dict(username="erin", email="Erin@Example.COM", password=PW1, nickname="Erin", given_name="Erin",
                city="Beijing", token_expired_at="2030-01-01T00:00:00+00:00",
                custom_data={"school": "MIT", "age": 30, "vip": True, "prefs": {"theme": "dark", "n": [1, 2]},
                             "joined": "2024-05-06T07:08:09+08:00", "tier": "gold"},
                groups=["eng"], roles=["dev", {"code": "admin", "namespace": "default"}])
    run = run_playbook(
        [
            task("create", **full),
            task("create again", **full),
            task("update", username="erin", nickname="Erin S", company="ACME", custom_data={"age": 31},
                 groups=["ops"], groups_mode="append"),
            task("update again", username="erin", nickname="Erin S", company="ACME", custom_data={"age": 31},
                 groups=["ops"], groups_mode="append"),
            task("clear nickname", username="erin", nickname=""),
            task("read back", INFO, username="erin", with_custom_data=True, with_groups=True, with_roles=True),
            task("delete", email="erin@example.com", state="absent"),
            task("delete again", email="erin@example.com", state="absent"),
        ]
    ).assert_ok()

    created = run["create"]
    assert created["changed"] is True
    user = created["user"]
    expected = ("erin", "erin@example.com", "Erin", "Beijing")
    assert (user["username"], user["email"], user["nickname"], user["city"]) == expected
    assert user["custom_data"]["prefs"] == {"theme": "dark", "n": [1, 2]}
    assert user["custom_data"]["joined"] == "2024-05-05T23:08:09.000Z"
    assert user["groups"] == ["eng"] and user["roles"] == ["admin", "dev"]
    assert "password" not in user and PW1 not in json.dumps(created)
    # custom data travels in createUser; city and token_expired_at need updateUser (createUser lacks them)
    assert ops(run.writes("create")) == ["addUserToGroup", "assignRole", "createUser", "updateUser"]

    assert run["create again"]["changed"] is False
    assert run.writes("create again") == []
    assert run["create again"]["user"]["custom_data"]["age"] == 30
    reads = ops(run.task("create again")["requests"], form="sent")
    # the user with custom data, groups and roles in one read; the applications (role namespaces)
    # and the custom field definitions (to check the values) once each
    assert sorted(reads) == ["accessToken", "applications.list", "findUser", "udf"], reads

    updated = run["update"]
    assert updated["changed"] is True
    assert updated["user"]["nickname"] == "Erin S" and updated["user"]["company"] == "ACME"
    assert updated["user"]["custom_data"]["age"] == 31 and updated["user"]["custom_data"]["school"] == "MIT"
    assert updated["user"]["groups"] == ["eng", "ops"]
    assert ops(run.writes("update")) == ["addUserToGroup", "setUdvBatch", "updateUser"]
    assert run["update again"]["changed"] is False and run.writes("update again") == []
    assert run["clear nickname"]["changed"] is True and run["clear nickname"]["user"]["nickname"] == ""

    [info] = run["read back"]["users"]
    assert info["custom_data"] == {"school": "MIT", "age": 31, "vip": True, "prefs": {"theme": "dark", "n": [1, 2]},
                                   "joined": "2024-05-05T23:08:09.000Z", "tier": "gold"}
    assert info["groups"] == ["eng", "ops"] and info["roles"] == ["admin", "dev"]
    assert info["token_expired_at"] == "2030-01-01T00:00:00+00:00"

    assert run["delete"]["changed"] is True and run["delete"]["user"] == {}
    assert ops(run.writes("delete")) == ["deleteUser"]
    assert run["delete again"]["changed"] is False and run.writes("delete again") == []
    assert find_user(emulator, username="erin") is None


def test_identifiers(emulator, run_playbook, pool):
    only_email = emulator.create_user(email="frank@example.com")
    run = run_playbook(
        [
            task("by phone and external id", phone="13800000001", external_id="E-1", nickname="Phone"),
            task("again by external id", external_id="E-1", phone="13800000001", nickname="Phone"),
            task("give an email-only user a username", username="frank", email="FRANK@example.com"),
            task("found by its new username", username="frank", email="frank@example.com"),
            task("rename by id", id=pool["carol"], username="caroline"),
            task("unknown id", id="0123456789abcdef01234567", nickname="x", _ignore_errors=True),
            task("by id", INFO, id=only_email["id"]),
            task("by email, any case", INFO, email="FRANK@EXAMPLE.COM"),
            task("by phone", INFO, phone="13800000001"),
            task("by external id", INFO, external_id="E-1"),
            task("missing", INFO, username="nobody"),
        ]
    )
    assert run.failed("unknown id") and "cannot be created with a given id" in run["unknown id"]["msg"]
    assert run.writes("unknown id") == []
    run.assert_ok()
    assert run["by phone and external id"]["changed"] is True
    assert run["again by external id"]["changed"] is False
    assert run["give an email-only user a username"]["changed"] is True
    assert run["give an email-only user a username"]["user"]["id"] == only_email["id"]
    assert ops(run.writes("give an email-only user a username")) == ["updateUser"]
    assert run["found by its new username"]["changed"] is False
    assert run["rename by id"]["user"]["username"] == "caroline"
    assert [u["username"] for u in run["by id"]["users"]] == ["frank"]
    assert [u["username"] for u in run["by email, any case"]["users"]] == ["frank"]
    assert [u["external_id"] for u in run["by phone"]["users"]] == ["E-1"]
    assert [u["phone"] for u in run["by external id"]["users"]] == ["13800000001"]
    assert run["missing"]["users"] == []
    assert "custom_data" not in run["by id"]["users"][0] and "groups" not in run["by id"]["users"][0]
    assert find_user(emulator, username="caroline")["id"] == pool["carol"]


# --------------------------------------------------------------------------------------------
# passwords: update_password both ways, proven by logging in; never in any output
# --------------------------------------------------------------------------------------------


def test_update_password_proven_by_login(emulator, run_playbook, pool):
    run = run_playbook([task("create", username="pat", email="pat@example.com", password=PW1)]).assert_ok()
    assert run["create"]["changed"] is True
    assert login(emulator, PW1, username="pat") and not login(emulator, PW2, username="pat")

    run = run_playbook(
        [
            task("on_create keeps the old password", username="pat", password=PW2),
            task("on_create explicitly", username="pat", password=PW2, update_password="on_create"),
        ]
    ).assert_ok()
    for name in ("on_create keeps the old password", "on_create explicitly"):
        assert run[name]["changed"] is False and run.writes(name) == [], name
    assert login(emulator, PW1, email="pat@example.com") and not login(emulator, PW2, email="pat@example.com")

    run = run_playbook([task("always", username="pat", password=PW2, update_password="always")]).assert_ok()
    assert run["always"]["changed"] is True
    assert ops(run.writes("always")) == ["updateUser"]
    assert login(emulator, PW2, username="pat") and not login(emulator, PW1, username="pat")
    # logins changed the login counters: initial-value fields are not compared, so no change
    run = run_playbook([task("migrated values stay", username="pat", logins_count=0)]).assert_ok()
    assert run["migrated values stay"]["changed"] is False


def test_password_never_shown(emulator, run_playbook, pool):
    # The passwords come from variables, as from a vault: on a failure ansible-playbook prints the
    # playbook lines around the task, which would show a literal password of the task before.
    secrets = {"pw1": PW1, "pw2": PW2}
    tasks = [
        task("create", username="sec", password="{{ pw1 }}", nickname="S"),
        task("rotate", username="sec", password="{{ pw2 }}", update_password="always", nickname="S2"),
        task("bulk", users=[{"username": "sec2", "password": "{{ pw1 }}"},
                            {"username": "sec", "password": "{{ pw2 }}", "update_password": "always"}]),
        task("fails", username="sec3", password="{{ pw2 }}", groups=["no-such-group"], _ignore_errors=True),
    ]
    check = run_playbook(tasks[:1], check=True, diff=True, verbosity=3, extra_vars=secrets)
    run = run_playbook(tasks, diff=True, verbosity=3, extra_vars=secrets).assert_ok()
    check.assert_ok()
    assert check["create"]["diff"]["after"]["password"] == REDACTED
    assert run["create"]["diff"]["after"]["password"] == REDACTED
    assert run["rotate"]["diff"]["after"]["password"] == REDACTED
    assert "password" not in run["rotate"]["diff"]["before"]
    assert run.failed("fails")
    for where, text in (("output", run.output + check.output), ("results", json.dumps(run.tasks + check.tasks))):
        assert PW1 not in text and PW2 not in text, f"a password is visible in the {where}"
    assert "<localhost>" in run.stdout, "not verbose output"
    assert login(emulator, PW2, username="sec") and login(emulator, PW1, username="sec2")


# --------------------------------------------------------------------------------------------
# check mode and diff mode
# --------------------------------------------------------------------------------------------


def test_check_mode_writes_nothing(emulator, run_playbook, pool):
    emulator.add_members("eng", [pool["alice"]])
    emulator.clear_log()
    run = run_playbook(
        [
            task("create", username="new", email="new@example.com", password=PW1, custom_data={"age": 3},
                 groups=["ops"], roles=["dev"]),
            task("update", username="alice", nickname="Al", custom_data={"school": "X"}, groups=["ops"],
                 roles=["admin"], roles_mode="append"),
            task("password always", username="bob", password=PW1, update_password="always"),
            task("delete", username="carol", state="absent"),
            task("no change", username="dave"),
            task("bulk", users=[{"username": "b1", "groups": ["eng"]}, {"username": "dave", "state": "absent"}]),
            task("reads still work", INFO, username="alice", with_groups=True),
        ],
        check=True,
        diff=True,
    ).assert_ok()
    assert emulator.writes() == [], "check mode sent write requests"

    create = run["create"]
    assert create["changed"] is True
    assert create["user"]["custom_data"] == {"age": 3} and create["user"]["groups"] == ["ops"]
    assert create["user"]["roles"] == ["dev"] and "password" not in create["user"]
    update = run["update"]
    assert update["changed"] and update["user"]["nickname"] == "Al" and update["user"]["groups"] == ["ops"]
    assert update["diff"]["before"]["groups"] == ["eng"] and update["diff"]["after"]["groups"] == ["ops"]
    assert update["diff"]["before"]["custom_data"] == {}  # quiet diffs: no null placeholder
    assert update["diff"]["after"]["custom_data"] == {"school": "X"}
    assert update["diff"]["after"]["roles"] == ["admin"]
    assert run["password always"]["changed"] is True
    assert run["delete"]["changed"] is True and run["delete"]["user"] == {}
    assert run["no change"]["changed"] is False
    assert run["bulk"]["changed"] is True and [u["changed"] for u in run["bulk"]["users"]] == [True, True]
    assert run["reads still work"]["users"][0]["groups"] == ["eng"]

    alice = find_user(emulator, username="alice")
    assert alice["nickname"] is None and groups_of(alice) == ["eng"] and roles_of(alice) == []
    assert find_user(emulator, username="new") is None and find_user(emulator, username="carol") is not None


# --------------------------------------------------------------------------------------------
# custom data, groups and roles in every mode
# --------------------------------------------------------------------------------------------


def test_custom_data_values(emulator, run_playbook, pool):
    values = {"school": "清华大学", "age": 19.0, "vip": False, "prefs": [{"a": 1}], "joined": "2024-01-02",
              "tier": "silver"}
    run = run_playbook(
        [
            task("set", username="alice", custom_data=values),
            task("set again", username="alice", custom_data=values),
            task("same instant, other spelling", username="alice",
                 custom_data={"joined": "2024-01-02T08:00:00+08:00", "age": 19}),
            task("remove one", username="alice", custom_data={"school": None}),
            task("remove again", username="alice", custom_data={"school": None}),
        ]
    ).assert_ok()
    assert run["set"]["changed"] is True
    assert run["set"]["user"]["custom_data"]["age"] == 19
    assert ops(run.writes("set")) == ["setUdvBatch"]
    for name in ("set again", "same instant, other spelling", "remove again"):
        assert run[name]["changed"] is False and run.writes(name) == [], name
    assert run["remove one"]["changed"] is True and ops(run.writes("remove one")) == ["removeUdv"]
    stored = custom_data(find_user(emulator, username="alice"))
    assert stored == {"age": "19", "vip": "false", "prefs": '[{"a":1}]', "joined": "2024-01-02T00:00:00.000Z",
                      "tier": "silver"}


def test_groups_and_roles_in_every_mode(emulator, run_playbook, pool):
    app_id = emulator.create_app("shop", uris=["https://example.com/cb"])["id"]
    create_role(emulator, "clerk", app_id)
    create_role(emulator, "manager", app_id)
    emulator.clear_log()
    shop_clerk = {"code": "clerk", "app": "shop"}
    run = run_playbook(
        [
            task("exact", username="alice", groups=["eng", "ops"], roles=["dev", shop_clerk]),
            task("exact again", username="alice", groups=["ops", "eng"],
                 roles=[{"code": "clerk", "namespace": app_id}, "dev"]),
            task("append", username="alice", groups=["eng"], groups_mode="append",
                 roles=[{"code": "manager", "app": app_id}], roles_mode="append"),
            task("remove", username="alice", groups=["eng"], groups_mode="remove", roles=["dev", shop_clerk],
                 roles_mode="remove"),
            task("remove again", username="alice", groups=["eng"], groups_mode="remove", roles=["dev"],
                 roles_mode="remove"),
            task("read", INFO, username="alice", with_groups=True, with_roles=True),
            task("exact empty", username="alice", groups=[], roles=[]),
            task("exact empty again", username="alice", groups=[], roles=[]),
        ]
    ).assert_ok()
    expected = [
        ("exact", True, ["eng", "ops"], ["dev", "shop/clerk"]),
        ("exact again", False, ["eng", "ops"], ["dev", "shop/clerk"]),
        ("append", True, ["eng", "ops"], ["dev", "shop/clerk", "shop/manager"]),
        ("remove", True, ["ops"], ["shop/manager"]),
        ("remove again", False, ["ops"], ["shop/manager"]),
        ("exact empty", True, [], []),
        ("exact empty again", False, [], []),
    ]
    for name, changed, groups, roles in expected:
        result = run[name]
        assert result["changed"] is changed, (name, result)
        assert (result["user"]["groups"], result["user"]["roles"]) == (groups, roles), (name, result["user"])
        if not changed:
            assert run.writes(name) == [], name
    assert (run["read"]["users"][0]["groups"], run["read"]["users"][0]["roles"]) == (["ops"], ["shop/manager"])
    assert ops(run.writes("append")) == ["assignRole"]
    alice = find_user(emulator, username="alice")
    assert groups_of(alice) == [] and roles_of(alice) == []


# --------------------------------------------------------------------------------------------
# bulk form
# --------------------------------------------------------------------------------------------

BULK = 500


def test_bulk_500_users(emulator, run_playbook, pool):
    people = [{"username": f"u{i:03d}", "email": f"u{i:03d}@example.com", "password": PW1,
               "custom_data": {"school": f"S{i % 7}", "age": i}, "groups": ["eng", "ops"] if i % 2 else ["eng"]}
              for i in range(BULK)]
    changed = [dict(p, nickname="N") if i % 50 == 0 else p for i, p in enumerate(people)]
    run = run_playbook(
        [
            task("bulk create", users=people, concurrency=8),
            task("bulk rerun", users=people, concurrency=8),
            task("bulk change a few", users=changed, concurrency=8),
        ]
    ).assert_ok()

    created = run["bulk create"]
    assert created["changed"] is True and len(created["users"]) == BULK
    assert [u["username"] for u in created["users"]] == [p["username"] for p in people]
    assert all(u["changed"] for u in created["users"])
    assert created["users"][7]["user"]["groups"] == ["eng", "ops"]
    assert created["users"][7]["user"]["custom_data"] == {"school": "S0", "age": 7}
    log = ops(run.task("bulk create")["requests"], form="sent")
    assert log.count("accessToken") == 1, "one token for the whole task"
    # 80 users per read: by username, then by email for the users no username matched
    assert log.count("userBatch") == 14
    assert log.count("well-known") == 1, "the public key is read once"

    rerun = run["bulk rerun"]
    assert rerun["changed"] is False and not any(u["changed"] for u in rerun["users"])
    assert run.writes("bulk rerun") == []
    reads = ops(run.task("bulk rerun")["requests"], form="sent")
    assert sorted(reads) == ["accessToken", "udf"] + ["userBatch"] * 7, reads  # no per-user reads

    few = run["bulk change a few"]
    assert sum(1 for u in few["users"] if u["changed"]) == BULK // 50
    assert len(run.writes("bulk change a few")) == BULK // 50

    u499 = find_user(emulator, username="u499")
    assert custom_data(u499) == {"school": "S2", "age": "499"} and groups_of(u499) == ["eng", "ops"]
    assert login(emulator, PW1, username="u250")


def test_bulk_modes(emulator, run_playbook, pool):
    run = run_playbook(
        [
            task("seed", users=[{"username": "x1"}, {"username": "x2"}, {"email": "x3@example.com"}]),
            task("remove mode", users=[{"username": "x1"}, {"username": "ghost"}], users_mode="remove"),
            task("exact mode", users=[{"username": "alice"}, {"username": "bob", "nickname": "B"}],
                 users_mode="exact"),
            task("exact again", users=[{"username": "alice"}, {"username": "bob", "nickname": "B"}],
                 users_mode="exact"),
        ]
    ).assert_ok()
    assert [u["changed"] for u in run["remove mode"]["users"]] == [True, False]
    exact = run["exact mode"]
    assert exact["changed"] is True
    deleted = sorted(u["username"] or u["email"] for u in exact["users"] if u["state"] == "absent")
    assert deleted == ["carol", "dave", "x2", "x3@example.com"]
    assert run["exact again"]["changed"] is False and run.writes("exact again") == []
    everyone = emulator.gql("query { users(page: 1, limit: 50) { list { username } } }")["users"]["list"]
    assert sorted(u["username"] for u in everyone) == ["alice", "bob"]


# --------------------------------------------------------------------------------------------
# bad input fails before any write
# --------------------------------------------------------------------------------------------


def test_bad_input_fails_before_any_write(emulator, run_playbook, pool):
    app_id = emulator.create_app("shop", uris=["https://example.com/cb"])["id"]
    emulator.clear_log()
    cases = {
        "undefined custom field": dict(username="n1", custom_data={"nickname2": "x"}),
        "wrong type number": dict(username="alice", custom_data={"age": "20"}),
        "wrong type boolean": dict(username="alice", custom_data={"vip": "yes"}),
        "wrong select value": dict(username="alice", custom_data={"tier": "bronze"}),
        "bad datetime": dict(username="alice", custom_data={"joined": "yesterday"}),
        "invalid email": dict(username="n2", email="not-an-email"),
        "unknown group": dict(username="n3", groups=["eng", "nope"]),
        "unknown role": dict(username="alice", roles=["dev", "nope"]),
        "unknown app role": dict(username="alice", roles=[{"code": "dev", "app": "no-such-app"}]),
        "role of another namespace": dict(username="alice", roles=[{"code": "dev", "namespace": app_id}]),
        "bad role element": dict(username="alice", roles=[{"code": "dev", "app": "shop", "namespace": "default"}]),
        "same email twice": dict(users=[{"username": "n4", "email": "dup@example.com"},
                                        {"username": "n5", "email": "DUP@example.com"}]),
        "same user twice": dict(users=[{"username": "n6"}, {"username": "n6", "nickname": "x"}]),
        "one bad item in a bulk list": dict(users=[{"username": "n7"}, {"username": "n8", "custom_data": {"age": True}}]),
        "no identifier": dict(nickname="who"),
    }
    run = run_playbook([task(name, _ignore_errors=True, **args) for name, args in cases.items()])
    assert run.rc == 0, run.describe()
    for name in cases:
        assert run.failed(name), (name, run[name])
    assert emulator.writes() == [], emulator.writes()

    msg = {name: run[name]["msg"] for name in cases}
    assert "nickname2" in msg["undefined custom field"] and "not a defined custom field" in msg["undefined custom field"]
    assert "'age'" in msg["wrong type number"] and "NUMBER" in msg["wrong type number"]
    assert "BOOLEAN" in msg["wrong type boolean"]
    assert "gold, silver" in msg["wrong select value"]
    assert "ISO 8601" in msg["bad datetime"]
    assert "not-an-email" in msg["invalid email"]
    assert "unknown group: nope" in msg["unknown group"] and "'n3'" in msg["unknown group"]
    assert "unknown role: nope" in msg["unknown role"]
    assert "no-such-app" in msg["unknown app role"]
    assert "dev (namespace %s)" % app_id in msg["role of another namespace"]
    assert "at most one of namespace or app" in msg["bad role element"]
    assert "dup@example.com is claimed by more than one user" in msg["same email twice"]
    assert "'n4'" in msg["same email twice"] and "'n5'" in msg["same email twice"]
    assert "listed more than once" in msg["same user twice"]
    assert "'n8'" in msg["one bad item in a bulk list"] and "n7" not in msg["one bad item in a bulk list"]
    assert "id, username, email, phone, external_id" in msg["no identifier"]
    assert find_user(emulator, username="n7") is None


# --------------------------------------------------------------------------------------------
# migration: keep_password, initial values
# --------------------------------------------------------------------------------------------


def test_migration_with_password_hashes(emulator, run_playbook, pool):
    old = "Legacy-Passw0rd"
    imported = [
        {"username": "m1", "password": hashlib.sha256(old.encode()).hexdigest(), "keep_password": True,
         "signed_up": "2019-04-01T08:00:00+08:00", "logins_count": 42, "last_login": "2024-12-31T23:59:00+08:00",
         "register_source": ["import:legacy"]},
        {"username": "m2", "password": hashlib.md5(old.encode()).hexdigest(), "keep_password": True},
    ]
    run = run_playbook([task("import", users=imported)]).assert_ok()
    m1 = run["import"]["users"][0]["user"]
    assert m1["signed_up"] == "2019-04-01T00:00:00+00:00" and m1["logins_count"] == 42
    assert m1["register_source"] == ["import:legacy"]
    assert login(emulator, old, username="m1") and login(emulator, old, username="m2")
    assert not login(emulator, "Legacy-Passw0rd!", username="m1")
    # people logged in since (login count and last login changed): a rerun changes nothing
    run = run_playbook([task("import again", users=imported)]).assert_ok()
    assert run["import again"]["changed"] is False and run.writes("import again") == []
    assert find_user(emulator, username="m1")["loginsCount"] == 43


# --------------------------------------------------------------------------------------------
# authing_user_info: lists, search, paging, archived
# --------------------------------------------------------------------------------------------

MANY = 130


def test_user_info_lists(emulator, run_playbook, pool):
    for i in range(MANY):
        emulator.create_user(f"p{i:03d}", nickname="Robin" if i % 40 == 0 else None)
    emulator.add_members("eng", [pool["alice"], pool["bob"]])
    emulator.gql("mutation a($u: [String!]) { assignRole(roleCodes: [\"dev\"], userIds: $u) { code } }",
                 {"u": [pool["bob"]]})
    emulator.gql("mutation d($id: String!) { deleteUser(id: $id) { code } }", {"id": pool["dave"]})
    run = run_playbook(
        [
            task("all", INFO),
            task("all with everything", INFO, with_custom_data=True, with_groups=True, with_roles=True),
            task("search", INFO, query="robin"),
            task("search in group", INFO, query="", query_groups=["eng"]),
            task("search by role", INFO, query_roles=["dev"]),
            task("search in group by text", INFO, query="ali", query_groups=["eng"], with_groups=True),
            task("archived", INFO, archived=True),
        ]
    ).assert_ok()
    everyone = run["all"]["users"]
    assert len(everyone) == MANY + 3
    assert ops(run.task("all")["requests"], form="sent").count("users") == 2, "read page by page"
    full = {u["username"]: u for u in run["all with everything"]["users"]}
    assert full["bob"]["groups"] == ["eng"] and full["bob"]["roles"] == ["dev"] and full["p001"]["custom_data"] == {}
    user_reads = [op for op in ops(run.task("all with everything")["requests"]) if op != "users"]
    assert user_reads == ["accessToken", "applications.list"], "nested data needs no per-user reads"
    assert sorted(u["username"] for u in run["search"]["users"]) == ["p000", "p040", "p080", "p120"]
    assert sorted(u["username"] for u in run["search in group"]["users"]) == ["alice", "bob"]
    assert [u["username"] for u in run["search by role"]["users"]] == ["bob"]
    assert [(u["username"], u["groups"]) for u in run["search in group by text"]["users"]] == [("alice", ["eng"])]
    assert [(u["username"], u["status"]) for u in run["archived"]["users"]] == [("dave", "Archived")]
    for name in ("all", "search", "archived"):
        assert run.writes(name) == [] and run[name]["changed"] is False


def test_bulk_write_failure_is_reported_per_user(emulator, run_playbook, pool):
    emulator.create_user("taken", email="taken@example.com")
    emulator.clear_log()
    run = run_playbook(
        [
            task("bulk with a conflict", _ignore_errors=True, users=[
                {"username": "ok1", "nickname": "A"},
                {"username": "clash", "email": "taken@example.com"},  # another user has this email
                {"username": "ok2", "nickname": "B"},
            ]),
        ]
    )
    assert run.rc == 0, run.describe()
    result = run["bulk with a conflict"]
    assert run.failed("bulk with a conflict")
    assert result["msg"].startswith("Failed to create user 'clash': ") and result["code"] == 2026
    by_name = {u["username"]: u for u in result["users"]}
    assert by_name["ok1"]["changed"] is True and by_name["ok2"]["changed"] is True
    assert find_user(emulator, username="ok1") is not None and find_user(emulator, username="clash") is None
