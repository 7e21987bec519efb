"""Resources (REST, wire reference §2.2): per-namespace codes, type filter, detail misses as
``data: null``, update replacing ``actions`` wholesale, and the request log names."""

import pytest

from emulator_app_helpers import OBJECT_ID, REST_TIMESTAMP, code_of, create_app, create_resource, ok, rest


@pytest.fixture
def app(api):
    return create_app(api, "library")


def test_create_returns_the_resource(api, app):
    body = rest(api, "POST", "/api/v2/resources", json={
        "namespace": app["id"], "code": "books", "type": "API", "description": "the books",
        "apiIdentifier": "https://api.example/books",
        "actions": [{"name": "books:read", "description": "Read"}, {"name": "books:write", "description": "Write"}]})
    assert body["code"] == 200 and body["message"] == "创建成功"
    resource = body["data"]
    assert OBJECT_ID.match(resource["id"]) and REST_TIMESTAMP.match(resource["createdAt"])
    assert (resource["code"], resource["type"], resource["description"], resource["apiIdentifier"]) == \
        ("books", "API", "the books", "https://api.example/books")
    assert resource["actions"] == [{"name": "books:read", "description": "Read"},
                                   {"name": "books:write", "description": "Write"}]
    assert resource["namespace"] == app["id"] and isinstance(resource["namespaceId"], int)
    assert resource["userPoolId"] == api.emulator.userpool_id
    assert ok(api, "GET", "/api/v2/resources/detail", params={"id": resource["id"]}) == resource
    assert ok(api, "GET", "/api/v2/resources/detail", params={"namespace": app["id"], "code": "books"}) == resource


def test_codes_are_unique_per_namespace_2070(api, app):
    other = create_app(api, "other")
    first = create_resource(api, app["id"], "books")
    assert code_of(api, "POST", "/api/v2/resources", json={
        "namespace": app["id"], "code": "books", "type": "MENU", "actions": []}) == 2070
    twin = create_resource(api, other["id"], "books")
    default = create_resource(api, "default", "books")
    assert len({first["id"], twin["id"], default["id"]}) == 3
    assert default["namespace"] == "default" and default["namespaceId"] == 1
    assert twin["namespaceId"] != first["namespaceId"]
    no_namespace = ok(api, "POST", "/api/v2/resources", json={"code": "pens", "type": "DATA", "actions": []})
    assert no_namespace["namespace"] == "default"


@pytest.mark.parametrize("body, code", [
    ({"type": "DATA", "actions": []}, 2231),
    ({"code": "x", "actions": []}, 2231),
    ({"code": "x", "type": "TABLE", "actions": []}, 400),
    ({"code": "x", "type": "DATA", "actions": "read"}, 400),
    ({"code": "x", "type": "DATA", "actions": [{"description": "no name"}]}, 400),
    ({"code": "x", "type": "DATA", "actions": [{"name": "a"}, {"name": "a"}]}, 400),
    ({"code": "user", "type": "DATA", "actions": []}, 400),
    ({"code": "x", "type": "DATA", "actions": [], "namespace": "ffffffffffffffffffffffff"}, 2011),
])
def test_create_validates_its_input(api, app, body, code):
    body = dict(body)
    body.setdefault("namespace", app["id"])
    assert code_of(api, "POST", "/api/v2/resources", json=body) == code
    assert ok(api, "GET", "/api/v2/resources", params={"namespace": app["id"]})["totalCount"] == 0


def test_action_description_defaults_to_empty(api, app):
    resource = ok(api, "POST", "/api/v2/resources", json={
        "namespace": app["id"], "code": "menu", "type": "MENU", "actions": [{"name": "open"}]})
    assert resource["actions"] == [{"name": "open", "description": ""}]


def test_list_filters_by_type_and_pages(api, app):
    for index in range(7):
        create_resource(api, app["id"], "r%d" % index, resource_type="MENU" if index % 2 else "DATA")
    create_resource(api, "default", "elsewhere")
    listed = ok(api, "GET", "/api/v2/resources", params={"namespace": app["id"], "limit": 100})
    assert listed["totalCount"] == 7 and [item["code"] for item in listed["list"]] == ["r%d" % i for i in range(7)]
    menus = ok(api, "GET", "/api/v2/resources", params={"namespace": app["id"], "type": "MENU"})
    assert [item["code"] for item in menus["list"]] == ["r1", "r3", "r5"] and menus["totalCount"] == 3
    page = ok(api, "GET", "/api/v2/resources", params={"namespace": app["id"], "page": 2, "limit": 3})
    assert [item["code"] for item in page["list"]] == ["r3", "r4", "r5"] and page["totalCount"] == 7
    assert [item["code"] for item in ok(api, "GET", "/api/v2/resources")["list"]] == ["elsewhere"]
    assert code_of(api, "GET", "/api/v2/resources", params={"namespace": app["id"], "type": "TABLE"}) == 400
    assert code_of(api, "GET", "/api/v2/resources", params={"namespace": "nope"}) == 2011


def test_detail_misses_are_null_not_errors(api, app):
    assert rest(api, "GET", "/api/v2/resources/detail", params={"id": "xxx"}) == \
        {"code": 200, "message": "获取数据成功", "data": None}
    assert ok(api, "GET", "/api/v2/resources/detail", params={"namespace": app["id"], "code": "sss"}) is None
    assert ok(api, "GET", "/api/v2/resources/detail", params={"namespace": "nope", "code": "sss"}) is None
    assert code_of(api, "GET", "/api/v2/resources/detail") == 2231


def test_update_replaces_actions_and_keeps_omitted_fields(api, app):
    created = create_resource(api, app["id"], "books", actions=[("book:write", "Write")], description="chair",
                              apiIdentifier="https://api.example")
    path = "/api/v2/resources/books"
    updated = ok(api, "POST", path, json={
        "namespace": app["id"], "code": "books",
        "actions": [{"name": "cardiovascular", "description": "c"}, {"name": "surge", "description": "s"}]})
    assert [action["name"] for action in updated["actions"]] == ["cardiovascular", "surge"]
    assert (updated["type"], updated["description"], updated["apiIdentifier"]) == \
        ("DATA", "chair", "https://api.example")
    assert updated["id"] == created["id"] and updated["createdAt"] == created["createdAt"]
    updated = ok(api, "POST", path, json={"namespace": app["id"], "type": "BUTTON", "description": "new",
                                          "actions": None})
    assert (updated["type"], updated["description"], len(updated["actions"])) == ("BUTTON", "new", 2)
    updated = ok(api, "POST", path, json={"namespace": app["id"], "actions": []})
    assert updated["actions"] == []
    assert ok(api, "GET", "/api/v2/resources/detail", params={"id": created["id"]}) == updated


def test_update_and_delete_of_unknown_resources_are_2071(api, app):
    create_resource(api, app["id"], "books")
    assert code_of(api, "POST", "/api/v2/resources/missing", json={"namespace": app["id"], "description": "x"}) == 2071
    assert code_of(api, "POST", "/api/v2/resources/books", json={"namespace": "default", "description": "x"}) == 2071
    assert code_of(api, "POST", "/api/v2/resources/books", json={"namespace": app["id"], "type": "TABLE"}) == 400
    assert code_of(api, "DELETE", "/api/v2/resources/missing", params={"namespace": app["id"]}) == 2071
    assert code_of(api, "DELETE", "/api/v2/resources/books") == 2071  # namespace defaults to "default"


def test_delete(api, app):
    resource = create_resource(api, app["id"], "books")
    create_resource(api, app["id"], "pens")
    body = rest(api, "DELETE", "/api/v2/resources/books", params={"namespace": app["id"]})
    assert body["code"] == 200
    assert ok(api, "GET", "/api/v2/resources/detail", params={"id": resource["id"]}) is None
    assert [item["code"] for item in ok(api, "GET", "/api/v2/resources", params={"namespace": app["id"]})["list"]] \
        == ["pens"]
    assert code_of(api, "DELETE", "/api/v2/resources/books", params={"namespace": app["id"]}) == 2071


def test_a_resource_called_detail_is_still_updatable(api, app):
    create_resource(api, app["id"], "detail")
    assert ok(api, "POST", "/api/v2/resources/detail", json={"namespace": app["id"], "description": "d"})[
        "description"] == "d"


def test_request_log_names(api, app):
    api.admin("DELETE", "requests")
    create_resource(api, app["id"], "books")
    rest(api, "GET", "/api/v2/resources", params={"namespace": app["id"]})
    rest(api, "GET", "/api/v2/resources/detail", params={"namespace": app["id"], "code": "books"})
    rest(api, "POST", "/api/v2/resources/books", json={"namespace": app["id"], "description": "x"})
    rest(api, "DELETE", "/api/v2/resources/books", params={"namespace": app["id"]})
    assert [(entry["operation"], entry["kind"]) for entry in api.requests_log()] == [
        ("resources.create", "write"), ("resources.list", "read"), ("resources.detail", "read"),
        ("resources.update", "write"), ("resources.delete", "write")]
