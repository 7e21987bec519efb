# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_application and authing_application_info against a real emulator.

Playbooks mix normal tasks with ``check_mode: true`` tasks: each task record carries the emulator
requests made while it ran, so "check mode writes nothing" and "the rerun writes nothing" are
checked per task. The application secret is read from the emulator's REST API and searched for in
everything ansible-playbook printed or returned.
"""

from __future__ import annotations

import json

from .tasks import TIMESTAMP_KEYS, ops, task_factory
from .tenant_support import applications

APP = "authing.cloud.authing_application"
INFO = "authing.cloud.authing_application_info"
task = task_factory(APP)


def test_lifecycle_diff_secret_and_bad_input(emulator, run_playbook, tmp_path):
    secret_file = tmp_path / "secret.txt"
    hidden = {"_no_log": True}
    run = run_playbook(
        [
            task("create", identifier="portal", name="Portal", redirect_uris=["https://b/cb", "https://a/cb"],
                 description="Customers", app_type="BOTH", _register="created"),
            task("create again", identifier="portal", name="Portal", redirect_uris=["https://a/cb", "https://b/cb"],
                 description="Customers", app_type="BOTH"),
            task("update", identifier="portal", name="Portal 2", redirect_uris=["https://a/cb"]),
            task("rotate", identifier="portal", rotate_secret=True),
            task("rotate and return", identifier="portal", rotate_secret=True, return_secret=True, _register="rotated",
                 **hidden),
            task("rename by id", id="{{ created.application.id }}", identifier="portal-v2"),
            task("rename by id again", id="{{ created.application.id }}", identifier="portal-v2"),
            task("info with secret", INFO, id="{{ created.application.id }}", return_secret=True, _register="info",
                 **hidden),
            {"name": "secret returned, not in the diff", "no_log": True, "ansible.builtin.assert": {"that": [
                "rotated.application.secret | length == 28",
                "info.applications[0].secret == rotated.application.secret",
                "rotated.diff | to_json is not search(rotated.application.secret)",
                "created.application.secret is not defined"]}},
            {"name": "keep the secret", "no_log": True,
             "ansible.builtin.copy": {"content": "{{ rotated.application.secret }}", "dest": str(secret_file)}},
            task("info without secret", INFO, identifier="portal-v2"),
            task("no name", identifier="nameless", _ignore_errors=True),
            task("unknown id", id="0123456789abcdef01234567", name="X", _ignore_errors=True),
            task("bad bulk", applications=[{"identifier": "x1", "name": "X"}, {"identifier": "x1", "name": "Y"}],
                 _ignore_errors=True),
        ],
        diff=True,
        verbosity=3,
    ).assert_ok()

    created = run["create"]
    app = created["application"]
    assert created["changed"] is True
    assert (app["identifier"], app["name"], app["description"], app["app_type"]) == ("portal", "Portal", "Customers", "BOTH")
    assert sorted(app["redirect_uris"]) == ["https://a/cb", "https://b/cb"]
    assert app["permission_strategy"]["defaultStrategy"] == "ALLOW_ALL"
    assert "secret" not in app
    assert ops(run.writes("create"), form="sent") == ["applications.create", "applications.update"]  # appType after create
    assert created["diff"]["before"] == {}
    assert created["diff"]["after"]["name"] == "Portal"

    assert run["create again"]["changed"] is False, "redirect_uris are compared as a set"
    assert run.writes("create again") == []

    diff = run["update"]["diff"]
    assert run["update"]["changed"] is True
    assert ops(run.writes("update"), form="sent") == ["applications.update"]
    # only the options the task names: no unnamed id
    assert diff["before"] == {"identifier": "portal", "name": "Portal",
                              "redirect_uris": ["https://b/cb", "https://a/cb"]}, diff
    assert diff["after"] == {"identifier": "portal", "name": "Portal 2",
                             "redirect_uris": ["https://a/cb"]}, diff

    assert run["rotate"]["changed"] is True
    assert ops(run.writes("rotate"), form="sent") == ["applications.refresh-secret"]
    assert "secret" not in run["rotate"]["application"]
    assert run["rotate"]["diff"]["after"]["rotate_secret"] is True
    assert ops(run.writes("rotate and return"), form="sent") == ["applications.refresh-secret"]

    assert run["rename by id"]["changed"] is True
    assert run["rename by id"]["application"]["identifier"] == "portal-v2"
    assert run["rename by id again"]["changed"] is False and run.writes("rename by id again") == []
    [info] = run["info without secret"]["applications"]
    assert info["identifier"] == "portal-v2" and info["name"] == "Portal 2" and "secret" not in info

    for name, words in (("no name", ["nameless", "name"]), ("unknown id", ["0123456789abcdef01234567"]),
                        ("bad bulk", ["x1", "more than once"])):
        assert run.failed(name), run[name]
        assert all(word in run[name]["msg"] for word in words), run[name]["msg"]
        assert run.writes(name) == [], name

    # The secret was returned when asked (the assert task compared it), it is the server's current
    # one, and it never appeared in any output, diff or recorded result.
    secret = secret_file.read_text()
    server = applications(emulator)
    assert list(server) == ["portal-v2"] and server["portal-v2"]["secret"] == secret
    assert secret not in run.output and secret not in json.dumps(run.tasks)
    assert "<localhost>" in run.stdout, "not verbose output"
    for name in ("create", "update", "rotate"):
        text = json.dumps(run[name]["diff"])
        assert all(key not in text for key in TIMESTAMP_KEYS + ('"secret"',)), (name, text)


def test_check_mode_bulk_and_list_modes(emulator, run_playbook):
    for identifier in ("keep", "old"):
        emulator.create_app(identifier, uris=["https://k/cb"])
    before = applications(emulator)
    emulator.clear_log()
    bulk = [{"identifier": "keep", "name": "Keep 2"}, {"identifier": "fresh", "name": "Fresh"}]
    run = run_playbook(
        [
            task("check create", identifier="new-one", name="New", _check_mode=True),
            task("check update", identifier="keep", description="changed", _check_mode=True),
            task("check delete", identifier="old", state="absent", _check_mode=True),
            task("check rotation", identifier="keep", rotate_secret=True, _check_mode=True),
            task("check exact", applications=bulk, applications_mode="exact", _check_mode=True),
            task("bulk exact", applications=bulk, applications_mode="exact"),
            task("bulk exact again", applications=bulk, applications_mode="exact"),
            task("delete", identifier="fresh", state="absent"),
            task("bulk remove", applications=[{"identifier": "fresh"}, {"identifier": "never"}],
                 applications_mode="remove"),
        ],
        diff=True,
    ).assert_ok()

    for name in ("check create", "check update", "check delete", "check rotation", "check exact"):
        assert run[name]["changed"] is True, name
        assert run.writes(name) == [], (name, run.writes(name))
    assert run["check create"]["application"]["identifier"] == "new-one"
    assert run["check create"]["application"]["name"] == "New"
    assert run["check update"]["application"]["description"] == "changed"
    assert run["check update"]["diff"]["after"]["description"] == "changed"
    assert run["check delete"]["application"] == {}
    predicted = {i["identifier"]: (i["state"], i["changed"]) for i in run["check exact"]["applications"]}
    assert predicted == {"keep": ("present", True), "fresh": ("present", True), "old": ("absent", True)}

    applied = {i["identifier"]: (i["state"], i["changed"]) for i in run["bulk exact"]["applications"]}
    assert applied == predicted
    assert run["bulk exact again"]["changed"] is False and run.writes("bulk exact again") == []
    deleted = run["delete"]
    assert deleted["changed"] is True and deleted["application"] == {}
    assert ops(run.writes("delete"), form="sent") == ["applications.delete"]
    assert deleted["diff"]["before"]["identifier"] == "fresh" and deleted["diff"]["after"] == {}
    removed = {i["identifier"]: (i["state"], i["changed"]) for i in run["bulk remove"]["applications"]}
    assert removed == {"fresh": ("absent", False), "never": ("absent", False)}
    assert run.writes("bulk remove") == []
    assert run["check rotation"]["diff"]["after"]["rotate_secret"] is True

    after = applications(emulator)
    assert sorted(after) == ["keep"]
    assert after["keep"]["name"] == "Keep 2" and after["keep"]["id"] == before["keep"]["id"]


# The client reads 100 items per page; more applications than that force a second page.
MANY = 105


def test_application_info_pages(emulator, run_playbook):
    for i in range(MANY):
        emulator.create_app(f"app-{i:03d}")
    run = run_playbook(
        [
            task("all", INFO),
            task("one with active users", INFO, identifier="app-042", with_active_users=True),
        ]
    ).assert_ok()
    everything = run["all"]["applications"]
    assert sorted(a["identifier"] for a in everything) == [f"app-{i:03d}" for i in range(MANY)]
    assert all("secret" not in a for a in everything)
    assert ops(run.task("all")["requests"], form="sent").count("applications.list") >= 2
    [one] = run["one with active users"]["applications"]
    assert one["identifier"] == "app-042" and one["active_users"] == []
    for name in ("all", "one with active users"):
        assert run.writes(name) == []
