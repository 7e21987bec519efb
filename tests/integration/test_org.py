# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing.cloud.authing_org and authing_org_info against a real emulator.

An organisation is a tree of nodes in YAML; each task record carries the emulator requests made
while it ran, so "unchanged" is also "zero writes", and a failed task is also "nothing written".
"""

from __future__ import annotations

from .tasks import ops, task_factory
from .tenant_support import create_role

ORG = "authing.cloud.authing_org"
INFO = "authing.cloud.authing_org_info"
task = task_factory(ORG)

NODE = "id code name description order path"


def server_tree(emulator, code):
    """{node code: (parent code, name, description)} of the organisation with this code, or None."""
    orgs = emulator.gql("query orgs($page: Int, $limit: Int) { orgs(page: $page, limit: $limit) "
                        "{ totalCount list { id rootNode { code } nodes { %s } } } }" % NODE,
                        {"page": 1, "limit": 100})["orgs"]["list"]
    for org in orgs:
        if org["rootNode"]["code"] == code:
            by_id = {n["id"]: n for n in org["nodes"]}
            return {n["code"]: (by_id[n["path"][-2]]["code"] if len(n["path"]) > 1 else None, n["name"],
                                n["description"]) for n in org["nodes"]}
    return None


def node_id(emulator, org, code):
    orgs = emulator.gql("query orgs($page: Int, $limit: Int) { orgs(page: $page, limit: $limit) "
                        "{ totalCount list { rootNode { code } nodes { id code } } } }", {"page": 1, "limit": 100})
    [found] = [n["id"] for o in orgs["orgs"]["list"] if o["rootNode"]["code"] == org
               for n in o["nodes"] if n["code"] == code]
    return found


def members(emulator, org, code):
    data = emulator.gql("query n($id: String!) { nodeById(id: $id) { users(page: 1, limit: 100) "
                        "{ list { username } } } }", {"id": node_id(emulator, org, code)})
    return sorted(u["username"] for u in data["nodeById"]["users"]["list"])


def roles(emulator, org, code):
    """The node's roles as the service lists them (with the inherited ones)."""
    data = emulator.gql("query n($id: String!) { nodeById(id: $id) { roles { list { code } } } }",
                        {"id": node_id(emulator, org, code)})
    return sorted(r["code"] for r in data["nodeById"]["roles"]["list"])


def results(run, name):
    return {n["code"]: n for n in run[name]["nodes"]}


TREE = [
    {"code": "eng", "name": "Engineering", "roles": ["engineer"], "members": ["bob"], "children": [
        {"code": "platform", "name": "Platform", "order": 1, "members": ["carol"]},
        {"code": "apps", "name": "Applications", "order": 2, "children": [
            {"code": "mobile", "name": "Mobile"}]},
    ]},
    {"code": "sales", "name": "Sales", "description": "Sells things"},
]


def test_tree_lifecycle(emulator, run_playbook, users):
    create_role(emulator, "engineer")
    create_role(emulator, "seller")
    run = run_playbook([
        task("create", code="acme", name="Acme", members=["alice"], nodes=TREE),
        task("again", code="acme", name="Acme", members=["alice"], nodes=TREE),
        task("rename and describe", code="acme", nodes=[
            {"code": "eng", "children": [{"code": "platform", "name": "Platform Team", "description": "Runs it"}]}]),
        task("move", code="acme", nodes=[{"code": "sales", "children": [{"code": "platform"}]}]),
        task("move again", code="acme", nodes=[{"code": "sales", "children": [{"code": "platform"}]}]),
        task("members and roles", code="acme", nodes=[
            {"code": "eng", "members": ["dave"], "members_mode": "append", "roles": []},
            {"code": "sales", "members": ["alice", "bob"], "roles": ["seller"], "children": [
                {"code": "platform", "members": ["carol"], "members_mode": "remove", "roles": ["engineer"]}]}]),
        task("members and roles again", code="acme", nodes=[
            {"code": "eng", "members": ["dave"], "members_mode": "append", "roles": []},
            {"code": "sales", "members": ["alice", "bob"], "roles": ["seller"], "children": [
                {"code": "platform", "members": ["carol"], "members_mode": "remove", "roles": ["engineer"]}]}]),
        task("exact", code="acme", nodes_mode="exact", nodes=[
            {"code": "eng"}, {"code": "sales", "children": [{"code": "platform"}]}]),
        task("exact again", code="acme", nodes_mode="exact", nodes=[
            {"code": "eng"}, {"code": "sales", "children": [{"code": "platform"}]}]),
        task("info", INFO, code="acme", with_members=True, with_roles=True),
    ]).assert_ok()

    created = run["create"]
    assert created["changed"] is True and created["action"] == "create"
    assert {k: created["org"][k] for k in ("code", "name", "description")} == {
        "code": "acme", "name": "Acme", "description": None}
    assert [(n["code"], n["action"]) for n in created["nodes"]] == [
        ("acme", "update"), ("eng", "create"), ("platform", "create"), ("apps", "create"), ("mobile", "create"),
        ("sales", "create")]
    assert all(n["org"] == "acme" for n in created["nodes"])
    assert results(run, "create")["platform"]["node"]["parent"] == "eng"
    assert ops(run.writes("create"), form="sorted") == (
        ["addMember"] * 3 + ["addNode"] * 5 + ["assignRole", "createOrg"])
    assert server_tree(emulator, "acme") is not None

    again = run["again"]
    assert again["changed"] is False and run.writes("again") == []
    assert all(n["action"] == "none" for n in again["nodes"])

    renamed = results(run, "rename and describe")["platform"]
    assert (renamed["action"], renamed["changes"]) == ("update", ["description", "name"])
    assert ops(run.writes("rename and describe")) == ["updateNode"]

    moved = results(run, "move")["platform"]
    assert (moved["action"], moved["changes"], moved["node"]["parent"]) == ("update", ["parent"], "sales")
    assert ops(run.writes("move")) == ["moveNode"], "moved, not deleted and created again"
    assert run["move again"]["changed"] is False and run.writes("move again") == []

    links = results(run, "members and roles")
    assert links["eng"]["node"]["members"] == ["bob", "dave"] and links["eng"]["node"]["roles"] == []
    assert links["sales"]["node"]["members"] == ["alice", "bob"] and links["sales"]["node"]["roles"] == ["seller"]
    assert links["platform"]["node"]["members"] == [] and links["platform"]["node"]["roles"] == ["engineer"]
    assert ops(run.writes("members and roles"), form="sorted") == [
        "addMember", "addMember", "assignRole", "assignRole", "removeMember", "revokeRole"]
    assert run["members and roles again"]["changed"] is False and run.writes("members and roles again") == []

    exact = results(run, "exact")
    assert exact["apps"]["action"] == "delete" and exact["mobile"]["action"] == "delete"
    assert ops(run.writes("exact"), form="sent") == ["deleteNode", "deleteNode"], "the child first, then its parent"
    assert run["exact again"]["changed"] is False and run.writes("exact again") == []

    assert server_tree(emulator, "acme") == {
        "acme": (None, "Acme", None), "eng": ("acme", "Engineering", None), "sales": ("acme", "Sales", "Sells things"),
        "platform": ("sales", "Platform Team", "Runs it")}
    assert members(emulator, "acme", "eng") == ["bob", "dave"]
    assert members(emulator, "acme", "platform") == []
    assert roles(emulator, "acme", "platform") == ["engineer", "seller"], "its own and its parent's"

    [info] = run["info"]["orgs"]
    assert (info["code"], info["members"], info["roles"]) == ("acme", ["alice"], [])
    shown = [(n["code"], n["members"], n["roles"], [c["code"] for c in n["children"]]) for n in info["nodes"]]
    assert shown == [("eng", ["bob", "dave"], [], []), ("sales", ["alice", "bob"], ["seller"], ["platform"])]
    assert info["nodes"][1]["children"][0]["roles"] == ["engineer"], "own roles only"


def test_check_mode_predicts_and_diff_shows_managed_fields(emulator, run_playbook, users):
    create_role(emulator, "engineer")
    spec = dict(code="acme", name="Acme", nodes=TREE)
    run = run_playbook([
        task("check create", _check_mode=True, **spec),
        task("create", **spec),
        task("check move", code="acme", _check_mode=True, nodes=[
            {"code": "sales", "description": "Sells", "children": [{"code": "apps"}]}]),
        task("move", code="acme", nodes=[{"code": "sales", "description": "Sells", "children": [{"code": "apps"}]}]),
        task("check exact", code="acme", nodes_mode="exact", nodes=[{"code": "sales"}], _check_mode=True),
    ], diff=True).assert_ok()

    check = run["check create"]
    assert check["changed"] is True and run.writes("check create") == []
    assert check["action"] == "create" and check["org"]["name"] == "Acme"
    created = run["create"]
    assert [(n["code"], n["action"], n["changes"]) for n in check["nodes"]] == [
        (n["code"], n["action"], n["changes"]) for n in created["nodes"]]
    assert [n["node"].get("members") for n in check["nodes"]] == [n["node"].get("members") for n in created["nodes"]]

    check_move = run["check move"]
    assert run.writes("check move") == []
    assert [(n["code"], n["action"], n["changes"]) for n in check_move["nodes"]] == [
        (n["code"], n["action"], n["changes"]) for n in run["move"]["nodes"]]
    apps = results(run, "check move")["apps"]
    assert (apps["action"], apps["changes"], apps["node"]["parent"]) == ("update", ["parent"], "sales")
    assert ops(run.writes("move"), form="sorted") == ["moveNode", "updateNode"]
    diffs = {d["before_header"]: d for d in run["move"]["diff"]}
    assert diffs["node 'acme/apps'"]["before"] == {"code": "apps", "parent": "eng"}
    assert diffs["node 'acme/apps'"]["after"] == {"code": "apps", "parent": "sales"}
    assert diffs["node 'acme/sales'"]["before"] == {"code": "sales", "parent": "acme", "description": "Sells things"}
    assert diffs["node 'acme/sales'"]["after"] == {"code": "sales", "parent": "acme", "description": "Sells"}
    assert all("created_at" not in str(d) and "id" not in d["after"] for d in run["move"]["diff"])

    exact = run["check exact"]
    assert run.writes("check exact") == []
    assert sorted(n["code"] for n in exact["nodes"] if n["action"] == "delete") == [
        "apps", "eng", "mobile", "platform"]
    assert len(server_tree(emulator, "acme")) == 6, "check mode wrote nothing"


def test_bad_input_fails_before_any_write(emulator, run_playbook, users):
    create_role(emulator, "engineer")
    run = run_playbook([
        task("duplicate", code="acme", name="Acme", _ignore_errors=True, nodes=[
            {"code": "a", "name": "A"}, {"code": "b", "name": "B", "children": [{"code": "a", "name": "A2"}]}]),
        task("under itself", code="acme", name="Acme", _ignore_errors=True, nodes=[
            {"code": "a", "name": "A", "children": [{"code": "b", "name": "B", "children": [{"code": "a"}]}]}]),
        task("unknown user and role", code="acme", name="Acme", _ignore_errors=True, members=["ghost"], nodes=[
            {"code": "a", "name": "A", "roles": ["nope"], "members": ["alice", "nobody"]}]),
        task("shapes", code="acme", name="Acme", _ignore_errors=True, nodes=[
            {"code": "a", "name": "A", "order": "first", "colour": "red", "roles": ["engineer"],
             "children": [{"name": "no code", "roles": ["engineer"]}]}]),
        task("missing name", code="acme", name="Acme", _ignore_errors=True, nodes=[{"code": "a"}]),
    ]).assert_ok()
    expected = {
        "duplicate": ["nodes[1].children[0]: node code 'a' is already used by nodes[0]"],
        "under itself": ["nodes[0].children[0].children[0]: node 'a' is listed under itself"],
        "unknown user and role": ["unknown user: ghost", "unknown user: nobody", "unknown role: nope"],
        "shapes": ["nodes[0]: order must be an integer", "nodes[0]: unknown option(s) colour",
                   "nodes[0].children[0]: code is required",
                   "nodes[0].children[0]: role 'engineer' is also listed for its ancestor 'a'"],
        "missing name": ["name is required to create a node"],
    }
    for name, words in expected.items():
        assert run.failed(name), run[name]
        assert all(word in run[name]["msg"] for word in words), (name, run[name]["msg"])
        assert run.writes(name) == [], name
    assert "alice" not in run["unknown user and role"]["msg"]
    assert server_tree(emulator, "acme") is None


def test_bulk_form_and_absent(emulator, run_playbook, users):
    orgs = [{"code": "one", "name": "One", "nodes": [{"code": "x", "name": "X", "members": ["alice"]}]},
            {"code": "two", "name": "Two", "nodes": [{"code": "x", "name": "X"}]}]
    run = run_playbook([
        task("bulk", orgs=orgs),
        task("bulk again", orgs=orgs),
        task("info all", INFO, with_nodes=True),
        task("delete", code="two", state="absent"),
        task("delete again", code="two", state="absent"),
    ]).assert_ok()
    assert [(o["code"], o["action"]) for o in run["bulk"]["orgs"]] == [("one", "create"), ("two", "create")]
    assert [(n["org"], n["code"], n["action"]) for n in run["bulk"]["nodes"]] == [
        ("one", "one", "none"), ("one", "x", "create"), ("two", "two", "none"), ("two", "x", "create")]
    assert run["bulk again"]["changed"] is False and run.writes("bulk again") == []
    assert sorted((o["code"], [n["code"] for n in o["nodes"]]) for o in run["info all"]["orgs"]) == [
        ("one", ["x"]), ("two", ["x"])]
    assert run["delete"]["action"] == "delete" and ops(run.writes("delete")) == ["deleteOrg"]
    assert run["delete again"]["changed"] is False and run.writes("delete again") == []
    assert server_tree(emulator, "two") is None and members(emulator, "one", "x") == ["alice"]
