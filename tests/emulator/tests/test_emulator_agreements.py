"""Registration agreements (REST, wire reference §2.3): global integer ids, 1-based order per
application, partial modify, delete closing the gap, and sort with the complete id list."""

import pytest

from emulator_app_helpers import code_of, create_app, ok, rest


@pytest.fixture
def app(api):
    return create_app(api, "agreeable")


def path(app, suffix=""):
    return "/api/v2/applications/%s/agreements%s" % (app["id"], suffix)


def create(api, app, title, **extra):
    return ok(api, "POST", path(app), json=dict(title=title, **extra))


def listed(api, app):
    data = ok(api, "GET", path(app))
    assert data["totalCount"] == len(data["list"])
    return [(item["title"], item["order"]) for item in data["list"]]


def test_create_defaults_and_shape(api, app):
    body = rest(api, "POST", path(app), json={"title": 'I agree to <a href="https://e.example/p">the policy</a>'})
    assert body["code"] == 200 and body["message"] == "创建成功"
    assert body["data"] == {"id": body["data"]["id"], "appId": app["id"], "userPoolId": api.emulator.userpool_id,
                            "title": 'I agree to <a href="https://e.example/p">the policy</a>', "lang": "zh-CN",
                            "required": True, "order": 1}
    assert isinstance(body["data"]["id"], int)
    second = create(api, app, "second", required=False, lang="en-US")
    assert (second["required"], second["lang"], second["order"]) == (False, "en-US", 2)


def test_ids_are_global_and_orders_per_application(api, app):
    other = create_app(api, "other")
    a1 = create(api, app, "a1")
    b1 = create(api, other, "b1")
    a2 = create(api, app, "a2")
    assert a1["id"] < b1["id"] < a2["id"]
    assert (a1["order"], b1["order"], a2["order"]) == (1, 1, 2)
    assert listed(api, app) == [("a1", 1), ("a2", 2)]
    assert listed(api, other) == [("b1", 1)]


@pytest.mark.parametrize("body, code", [
    ({}, 2231),
    ({"title": ""}, 2231),
    ({"title": "t", "lang": "fr-FR"}, 400),
    ({"title": "t", "required": "yes"}, 400),
])
def test_create_validates_its_input(api, app, body, code):
    assert code_of(api, "POST", path(app), json=body) == code
    assert listed(api, app) == []


def test_modify_keeps_omitted_fields(api, app):
    agreement = create(api, app, "old", required=False, lang="en-US")
    body = rest(api, "PUT", path(app, "/%d" % agreement["id"]), json={"title": "new"})
    assert body["code"] == 200 and body["message"] == "修改成功成功"
    assert (body["data"]["title"], body["data"]["required"], body["data"]["lang"]) == ("new", False, "en-US")
    modified = ok(api, "PUT", path(app, "/%s" % agreement["id"]), json={"title": "t", "required": True,
                                                                        "lang": "zh-CN"})
    assert (modified["title"], modified["required"], modified["lang"], modified["order"]) == ("t", True, "zh-CN", 1)
    assert code_of(api, "PUT", path(app, "/%d" % agreement["id"]), json={"lang": "xx"}) == 400


def test_unknown_or_foreign_agreements_are_404(api, app):
    other = create_app(api, "other")
    foreign = create(api, other, "theirs")
    for agreement_id in (foreign["id"], 999999, "abc"):
        assert code_of(api, "PUT", path(app, "/%s" % agreement_id), json={"title": "x"}) == 404
        assert code_of(api, "DELETE", path(app, "/%s" % agreement_id)) == 404
    assert listed(api, other) == [("theirs", 1)]
    assert code_of(api, "GET", "/api/v2/applications/ffffffffffffffffffffffff/agreements") == 2011
    assert code_of(api, "POST", "/api/v2/applications/ffffffffffffffffffffffff/agreements", json={"title": "t"}) == 2011


def test_delete_closes_the_gap(api, app):
    first, second, third = (create(api, app, title) for title in ("first", "second", "third"))
    body = rest(api, "DELETE", path(app, "/%d" % second["id"]))
    assert body["code"] == 200 and body["message"] == "删除成功"
    assert listed(api, app) == [("first", 1), ("third", 2)]
    assert create(api, app, "fourth")["order"] == 3
    assert first["id"] != third["id"]


def test_sort_takes_the_complete_id_list(api, app):
    ids = [create(api, app, title)["id"] for title in ("a", "b", "c")]
    body = rest(api, "POST", path(app, "/sort"), json={"ids": [str(ids[2]), str(ids[0]), str(ids[1])]})
    assert body["code"] == 200 and body["message"] == "排序成功"
    assert listed(api, app) == [("c", 1), ("a", 2), ("b", 3)]
    ok(api, "POST", path(app, "/sort"), json={"ids": [ids[1], ids[0], ids[2]]})
    assert listed(api, app) == [("b", 1), ("a", 2), ("c", 3)]


def test_sort_refuses_incomplete_duplicate_or_foreign_lists(api, app):
    other = create_app(api, "other")
    foreign = create(api, other, "theirs")
    ids = [create(api, app, title)["id"] for title in ("a", "b")]
    for bad in ([ids[0]], [ids[0], ids[0]], [ids[0], ids[1], foreign["id"]], [ids[0], foreign["id"]],
                [ids[0], "x"], "1,2", None):
        body = rest(api, "POST", path(app, "/sort"), json={"ids": bad})
        assert body["code"] == 400 and "ids" in body["message"], body
    assert listed(api, app) == [("a", 1), ("b", 2)]
    assert listed(api, other) == [("theirs", 1)]


def test_request_log_names(api, app):
    api.admin("DELETE", "requests")
    agreement = create(api, app, "t")
    rest(api, "GET", path(app))
    rest(api, "PUT", path(app, "/%d" % agreement["id"]), json={"title": "u"})
    rest(api, "POST", path(app, "/sort"), json={"ids": [agreement["id"]]})
    rest(api, "DELETE", path(app, "/%d" % agreement["id"]))
    assert [(entry["operation"], entry["kind"], entry["code"]) for entry in api.requests_log()] == [
        ("agreements.create", "write", 200), ("agreements.list", "read", 200), ("agreements.modify", "write", 200),
        ("agreements.sort", "write", 200), ("agreements.delete", "write", 200)]
