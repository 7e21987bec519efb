# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_resource and authing_resource_info against a real emulator.

Check-mode tasks (``check_mode: true``) sit between normal ones; each task record carries the
emulator requests made while it ran, so zero writes is checked per task.
"""

from __future__ import annotations

from .tasks import ops, task_factory
from .tenant_support import create_resource

RES = "authing.cloud.authing_resource"
INFO = "authing.cloud.authing_resource_info"
task = task_factory(RES)


def server_resources(emulator, app_id):
    """{code: resource} of one application, straight from the API."""
    data = emulator.rest("GET", "/api/v2/resources", params={"namespace": app_id, "limit": 1000})
    return {r["code"]: r for r in data["list"]}


def actions(*names):
    return [{"name": name, "description": f"{name} it"} for name in names]


def test_resource_lifecycle_check_mode_and_bad_input(emulator, run_playbook):
    app_id = emulator.create_app("shop")["id"]
    run = run_playbook(
        [
            task("create", app="shop", code="orders", type="DATA", description="Orders", actions=actions("read", "write")),
            task("create again", app=app_id, code="orders", type="DATA", description="Orders",
                 actions=actions("write", "read")),
            task("append", app="shop", code="orders", description="All orders", actions=actions("delete"),
                 actions_mode="append"),
            task("append again", app="shop", code="orders", actions=actions("delete", "read"), actions_mode="append"),
            task("remove", app="shop", code="orders", actions=[{"name": "write"}], actions_mode="remove"),
            task("exact", app="shop", code="orders", actions=[{"name": "list"}, {"name": "read", "description": ""}]),
            task("exact again", app="shop", code="orders", actions=[{"name": "read"}, {"name": "list", "description": ""}]),
            task("check update", app="shop", code="orders", type="UI", _check_mode=True),
            task("api resource", app="shop", code="pay", type="API", api_identifier="https://api/pay"),
            task("api without url", app="shop", resources=[{"code": "pay2", "type": "API"}, {"code": "orders", "type": "API"}],
                 _ignore_errors=True),
            task("unknown type", app="shop", code="x", type="TABLE", _ignore_errors=True),
            task("unknown app", app="nope", code="x", type="DATA", _ignore_errors=True),
            task("duplicate actions", app="shop", code="x", type="DATA", actions=actions("a", "a"), _ignore_errors=True),
            task("delete", app="shop", code="pay", state="absent"),
        ],
        diff=True,
    ).assert_ok()

    created = run["create"]
    assert created["changed"] is True
    res = created["resource"]
    assert (res["code"], res["type"], res["description"], res["namespace"]) == ("orders", "DATA", "Orders", app_id)
    assert res["actions"] == actions("read", "write")
    assert ops(run.writes("create"), form="sent") == ["resources.create"]
    assert created["diff"]["before"] == {}
    assert created["diff"]["after"] == {"code": "orders", "type": "DATA", "description": "Orders",
                                        "actions": actions("read", "write")}

    expected = [  # (task, changed, action names on the result)
        ("create again", False, ["read", "write"]),
        ("append", True, ["read", "write", "delete"]),
        ("append again", False, ["read", "write", "delete"]),
        ("remove", True, ["read", "delete"]),
        ("exact", True, ["list", "read"]),
        ("exact again", False, ["list", "read"]),
    ]
    for name, changed, names in expected:
        assert run[name]["changed"] is changed, (name, run[name])
        assert [a["name"] for a in run[name]["resource"]["actions"]] == names, (name, run[name]["resource"])
        assert ops(run.writes(name), form="sent") == (["resources.update"] if changed else []), name
    diff = run["append"]["diff"]
    assert diff["before"]["description"] == "Orders" and diff["after"]["description"] == "All orders", diff
    assert len(diff["before"]["actions"]) == 2 and len(diff["after"]["actions"]) == 3, diff
    assert "created_at" not in str(diff)
    assert run["exact"]["resource"]["actions"] == [{"name": "list", "description": None},
                                                   {"name": "read", "description": None}]

    assert run["check update"]["changed"] is True and run.writes("check update") == []
    assert run["check update"]["resource"]["type"] == "UI"
    assert run["api resource"]["resource"]["api_identifier"] == "https://api/pay"

    for name, words in (("api without url", ["'pay2'", "'orders'", "api_identifier is required"]),
                        ("unknown type", ["TABLE"]), ("unknown app", ["application 'nope' does not exist"]),
                        ("duplicate actions", ["more than once", "a"])):
        assert run.failed(name), run[name]
        assert all(word in run[name]["msg"] for word in words), (name, run[name]["msg"])
        assert run.writes(name) == [], name

    assert run["delete"]["changed"] is True and run["delete"]["resource"] == {}
    assert ops(run.writes("delete"), form="sent") == ["resources.delete"]
    assert run["delete"]["diff"]["before"] == {"code": "pay"} and run["delete"]["diff"]["after"] == {}

    server = server_resources(emulator, app_id)
    assert sorted(server) == ["orders"]
    assert server["orders"]["type"] == "DATA" and server["orders"]["description"] == "All orders"
    assert [a["name"] for a in server["orders"]["actions"]] == ["list", "read"]


def test_bulk_purge_is_scoped_and_info(emulator, run_playbook):
    shop = emulator.create_app("shop")["id"]
    other = emulator.create_app("other")["id"]
    create_resource(emulator, other, "elsewhere")
    for code in ("old1", "old2"):
        create_resource(emulator, shop, code, actions=actions("read"))
    many = [{"code": f"r{i:02d}", "type": "MENU" if i % 2 else "DATA", "actions": actions("read")} for i in range(12)]
    kept = [{"code": f"r{i:02d}"} for i in range(6)]
    emulator.clear_log()
    run = run_playbook(
        [
            task("bulk create", app="shop", resources=many),
            task("bulk rerun", app="shop", resources=many),
            task("check exact", app="shop", resources=kept, resources_mode="exact", _check_mode=True),
            task("exact", app="shop", resources=kept, resources_mode="exact"),
            task("exact again", app="shop", resources=kept, resources_mode="exact"),
            task("remove", app="shop", resources=[{"code": "r00"}, {"code": "never"}], resources_mode="remove"),
            task("info one", INFO, app="shop", code="r01"),
            task("info menus", INFO, app=shop, type="MENU"),
            task("info all", INFO, app="shop"),
        ]
    ).assert_ok()

    assert run["bulk create"]["changed"] is True
    assert [(i["code"], i["changed"]) for i in run["bulk create"]["resources"]] == [(r["code"], True) for r in many]
    assert ops(run.writes("bulk create"), form="sent").count("resources.create") == 12
    rerun = run["bulk rerun"]
    assert rerun["changed"] is False and run.writes("bulk rerun") == []
    reads = ops(run.task("bulk rerun")["requests"], form="sent")
    assert reads.count("resources.list") == 1 and "resources.detail" not in reads, reads

    purged = ["old1", "old2"] + [f"r{i:02d}" for i in range(6, 12)]
    predicted = {i["code"]: (i["state"], i["changed"]) for i in run["check exact"]["resources"]}
    assert predicted == dict([(r["code"], ("present", False)) for r in kept] + [(c, ("absent", True)) for c in purged])
    assert run.writes("check exact") == []
    applied = {i["code"]: (i["state"], i["changed"]) for i in run["exact"]["resources"]}
    assert applied == predicted
    assert ops(run.writes("exact"), form="sorted") == ["resources.delete"] * len(purged)
    assert run["exact again"]["changed"] is False and run.writes("exact again") == []
    removed = {i["code"]: i["changed"] for i in run["remove"]["resources"]}
    assert removed == {"r00": True, "never": False}

    [one] = run["info one"]["resources"]
    assert one["code"] == "r01" and one["type"] == "MENU" and one["actions"] == actions("read")
    assert sorted(r["code"] for r in run["info menus"]["resources"]) == ["r01", "r03", "r05"]
    assert sorted(r["code"] for r in run["info all"]["resources"]) == [f"r{i:02d}" for i in range(1, 6)]

    assert sorted(server_resources(emulator, shop)) == [f"r{i:02d}" for i in range(1, 6)]
    assert sorted(server_resources(emulator, other)) == ["elsewhere"], "exact mode purged another application"
