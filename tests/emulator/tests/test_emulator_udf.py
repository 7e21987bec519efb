"""User-defined fields and values (wire reference §2.6; contracts.md codes 2080 unknown key,
2081 type mismatch): definitions, the JSON-text value encoding per dataType, batch writes,
``User.customData``, ``createUser(params)`` and the REST detail ``with_custom_data``."""

import json

import pytest

FIELD = "targetType dataType key label options"
VALUE = "key dataType value label"
SET_UDF = ("mutation($t: UDFTargetType!, $key: String!, $type: UDFDataType!, $label: String!, $options: String) {"
           " setUdf(targetType: $t, key: $key, dataType: $type, label: $label, options: $options) { %s } }" % FIELD)
SET_UDV = ("mutation($t: UDFTargetType!, $id: String!, $key: String!, $value: String!) {"
           " setUdv(targetType: $t, targetId: $id, key: $key, value: $value) { %s } }" % VALUE)
SET_UDV_BATCH = ("mutation($t: UDFTargetType!, $id: String!, $list: [UserDefinedDataInput!]) {"
                 " setUdvBatch(targetType: $t, targetId: $id, udvList: $list) { %s } }" % VALUE)
SET_BATCH = ("mutation($t: UDFTargetType!, $input: [SetUdfValueBatchInput!]!) {"
             " setUdfValueBatch(targetType: $t, input: $input) { code message } }")
REMOVE_UDV = ("mutation($t: UDFTargetType!, $id: String!, $key: String!) {"
              " removeUdv(targetType: $t, targetId: $id, key: $key) { %s } }" % VALUE)
REMOVE_UDF = "mutation($t: UDFTargetType!, $key: String!) { removeUdf(targetType: $t, key: $key) { code message } }"
UDV = "query($t: UDFTargetType!, $id: String!) { udv(targetType: $t, targetId: $id) { %s } }" % VALUE
BATCH = ("query($t: UDFTargetType!, $ids: [String!]!) { udfValueBatch(targetType: $t, targetIds: $ids)"
         " { targetId data { %s } } }" % VALUE)
CREATE_WITH_DATA = ("mutation($u: CreateUserInput!, $params: String) { createUser(userInfo: $u, params: $params)"
                    " { id username customData { key value dataType label } } }")


def error_code(body):
    return body["errors"][0]["message"]["code"]


def set_udf(api, key, data_type, label=None, options=None, target_type="USER"):
    return api.data(SET_UDF, {"t": target_type, "key": key, "type": data_type, "label": label or key.title(),
                              "options": options})["setUdf"]


def set_udv(api, target_id, key, value_text, target_type="USER"):
    """Raw response body: ``value_text`` is sent as is (it should be JSON text)."""
    return api.graphql(SET_UDV, {"t": target_type, "id": target_id, "key": key, "value": value_text}).json()


def values(api, target_id, target_type="USER"):
    return {item["key"]: item["value"] for item in api.data(UDV, {"t": target_type, "id": target_id})["udv"]}


@pytest.fixture
def user_id(api):
    return api.create_user(username="alice")["id"]


# -- definitions --------------------------------------------------------------------------------

def test_set_udf_creates_and_updates_definitions(api):
    expected = {"targetType": "USER", "dataType": "STRING", "key": "school", "label": "学校", "options": None}
    assert set_udf(api, "school", "STRING", "学校") == expected
    set_udf(api, "age", "NUMBER")
    set_udf(api, "level", "NUMBER", target_type="ROLE")
    updated = set_udf(api, "school", "STRING", "School")
    assert updated["label"] == "School"
    assert api.data("{ udf(targetType: USER) { key label } }")["udf"] == [
        {"key": "school", "label": "School"}, {"key": "age", "label": "Age"}]
    assert api.data("{ udf(targetType: ROLE) { key } }")["udf"] == [{"key": "level"}]
    assert api.data("{ udf(targetType: ORG) { key } }")["udf"] == []
    assert error_code(api.graphql(SET_UDF, {"t": "USER", "key": " ", "type": "STRING", "label": "x"}).json()) == 400


def test_select_fields_need_options(api, user_id):
    for options in (None, "[]", "not json", '[{"label": "no value"}]', '{"value": "a"}'):
        body = api.graphql(SET_UDF, {"t": "USER", "key": "size", "type": "SELECT", "label": "Size",
                                     "options": options}).json()
        assert error_code(body) == 400, options
    options = json.dumps([{"value": "s", "label": "Small"}, {"value": "m", "label": "Medium"}])
    assert set_udf(api, "size", "SELECT", options=options)["options"] == options
    set_udf(api, "rank", "SELECT", options="[1, 2, \"three\"]")
    assert "errors" not in set_udv(api, user_id, "size", '"m"')
    assert "errors" not in set_udv(api, user_id, "rank", "2")
    assert values(api, user_id) == {"size": "m", "rank": "2"}
    assert error_code(set_udv(api, user_id, "size", '"xl"')) == 2081
    assert error_code(set_udv(api, user_id, "rank", '"2"')) == 2081
    assert error_code(set_udv(api, user_id, "size", '"Small"')) == 2081


def test_remove_udf_removes_its_values(api, user_id):
    set_udf(api, "school", "STRING")
    set_udf(api, "age", "NUMBER")
    set_udv(api, user_id, "school", '"MIT"')
    set_udv(api, user_id, "age", "20")
    assert api.data(REMOVE_UDF, {"t": "USER", "key": "school"})["removeUdf"]["code"] == 200
    assert values(api, user_id) == {"age": "20"}
    set_udf(api, "school", "STRING")
    assert values(api, user_id) == {"age": "20"}
    assert error_code(api.graphql(REMOVE_UDF, {"t": "USER", "key": "nope"}).json()) == 2080


def test_changing_the_data_type_drops_the_values(api, user_id):
    set_udf(api, "age", "NUMBER")
    set_udv(api, user_id, "age", "20")
    set_udf(api, "age", "NUMBER", label="Years")
    assert values(api, user_id) == {"age": "20"}
    set_udf(api, "age", "STRING")
    assert values(api, user_id) == {}


# -- value encoding -----------------------------------------------------------------------------

@pytest.mark.parametrize("data_type, sent, stored", [
    ("STRING", json.dumps("ucla"), "ucla"),
    ("STRING", json.dumps("18"), "18"),
    ("STRING", json.dumps("清华大学"), "清华大学"),
    ("STRING", json.dumps(""), ""),
    ("NUMBER", "18", "18"),
    ("NUMBER", "-2.5", "-2.5"),
    ("BOOLEAN", "false", "false"),
    ("BOOLEAN", "true", "true"),
    ("OBJECT", json.dumps({"favorColor": "red", "n": [1, 2]}, indent=2), '{"favorColor":"red","n":[1,2]}'),
    ("OBJECT", "[1, 2]", "[1,2]"),
    ("DATETIME", json.dumps("2021-10-15T17:55:37.123456"), "2021-10-15T17:55:37.123456"),
    ("DATETIME", json.dumps("2021-10-15T17:55:37Z"), "2021-10-15T17:55:37Z"),
    ("DATETIME", "1602756997950", "1602756997950"),
])
def test_values_are_json_text_in_and_strings_out(api, user_id, data_type, sent, stored):
    set_udf(api, "field", data_type)
    body = set_udv(api, user_id, "field", sent)
    assert body["data"]["setUdv"] == [{"key": "field", "dataType": data_type, "value": stored, "label": "Field"}]
    assert values(api, user_id) == {"field": stored}


@pytest.mark.parametrize("data_type, sent", [
    ("STRING", "11"),  # the SDK's test_add_udv_wrong_type cases
    ("NUMBER", json.dumps("18")),
    ("BOOLEAN", json.dumps("ok")),
    ("STRING", "ucla"),  # not JSON text
    ("STRING", "null"),
    ("NUMBER", "true"),
    ("NUMBER", "NaN"),
    ("BOOLEAN", "1"),
    ("OBJECT", json.dumps("{}")),
    ("DATETIME", json.dumps("yesterday")),
    ("DATETIME", "true"),
])
def test_values_of_the_wrong_type_are_refused_2081(api, user_id, data_type, sent):
    set_udf(api, "field", data_type)
    body = set_udv(api, user_id, "field", sent)
    assert error_code(body) == 2081 and body["data"] == {"setUdv": None}
    assert values(api, user_id) == {}


def test_unknown_key_and_unknown_user(api, user_id):
    set_udf(api, "school", "STRING")
    set_udf(api, "level", "NUMBER", target_type="ROLE")
    assert error_code(set_udv(api, user_id, "nope", '"x"')) == 2080
    assert error_code(set_udv(api, user_id, "level", "1")) == 2080  # a ROLE field is not a USER field
    assert error_code(set_udv(api, "ffffffffffffffffffffffff", "school", '"x"')) == 2004
    # Other target types take any id (their entities live in other domains).
    assert "errors" not in set_udv(api, "any-role-id", "level", "3", target_type="ROLE")
    assert values(api, "any-role-id", target_type="ROLE") == {"level": "3"}
    assert api.data(UDV, {"t": "USER", "id": "unknown"})["udv"] == []


# -- batch writes, removal, batch read ----------------------------------------------------------

def test_set_udv_batch_is_all_or_nothing(api, user_id):
    set_udf(api, "school", "STRING")
    set_udf(api, "age", "NUMBER")
    set_udf(api, "boss", "BOOLEAN")
    result = api.data(SET_UDV_BATCH, {"t": "USER", "id": user_id, "list": [
        {"key": "age", "value": "21"}, {"key": "school", "value": '"MIT"'}]})["setUdvBatch"]
    assert [(item["key"], item["value"]) for item in result] == [("school", "MIT"), ("age", "21")]
    for bad in ([{"key": "age", "value": "22"}, {"key": "boss", "value": '"yes"'}],
                [{"key": "age", "value": "22"}, {"key": "nope", "value": "1"}],
                [{"key": "age", "value": "22"}, {"key": "school", "value": None}]):
        body = api.graphql(SET_UDV_BATCH, {"t": "USER", "id": user_id, "list": bad}).json()
        assert error_code(body) in (2080, 2081)
    assert values(api, user_id) == {"school": "MIT", "age": "21"}
    assert api.data(SET_UDV_BATCH, {"t": "USER", "id": user_id, "list": None})["setUdvBatch"] == result


def test_set_udf_value_batch_for_many_users(api):
    ids = [api.create_user(username=name)["id"] for name in ("a", "b", "c")]
    set_udf(api, "school", "STRING")
    set_udf(api, "age", "NUMBER")
    result = api.data(SET_BATCH, {"t": "USER", "input": [
        {"targetId": ids[0], "key": "school", "value": '"清华大学"'},
        {"targetId": ids[0], "key": "age", "value": "21"},
        {"targetId": ids[1], "key": "school", "value": '"北京大学"'}]})["setUdfValueBatch"]
    assert result["code"] == 200
    body = api.graphql(SET_BATCH, {"t": "USER", "input": [
        {"targetId": ids[2], "key": "age", "value": "30"},
        {"targetId": "ffffffffffffffffffffffff", "key": "age", "value": "30"}]}).json()
    assert error_code(body) == 2004
    batch = api.data(BATCH, {"t": "USER", "ids": [ids[2], ids[0], ids[1], ids[0]]})["udfValueBatch"]
    assert [(entry["targetId"], {item["key"]: item["value"] for item in entry["data"]}) for entry in batch] == [
        (ids[2], {}), (ids[0], {"school": "清华大学", "age": "21"}), (ids[1], {"school": "北京大学"})]


def test_remove_udv(api, user_id):
    set_udf(api, "school", "STRING")
    set_udf(api, "age", "NUMBER")
    set_udv(api, user_id, "school", '"MIT"')
    set_udv(api, user_id, "age", "20")
    remaining = api.data(REMOVE_UDV, {"t": "USER", "id": user_id, "key": "school"})["removeUdv"]
    assert remaining == [{"key": "age", "dataType": "NUMBER", "value": "20", "label": "Age"}]
    assert api.data(REMOVE_UDV, {"t": "USER", "id": user_id, "key": "school"})["removeUdv"] == remaining
    assert error_code(api.graphql(REMOVE_UDV, {"t": "USER", "id": user_id, "key": "nope"}).json()) == 2080


def test_deleting_a_user_deletes_its_values(api, user_id):
    set_udf(api, "school", "STRING")
    set_udv(api, user_id, "school", '"MIT"')
    api.data("mutation($id: String!) { deleteUser(id: $id) { code } }", {"id": user_id})
    assert api.data(BATCH, {"t": "USER", "ids": [user_id]})["udfValueBatch"] == [{"targetId": user_id, "data": []}]


# -- custom data on users -----------------------------------------------------------------------

def test_create_user_with_params_takes_raw_values(api):
    set_udf(api, "school", "STRING", "学校")
    set_udf(api, "age", "NUMBER", "年龄")
    set_udf(api, "profile", "OBJECT")
    params = json.dumps([{"key": "school", "value": "清华大学"}, {"key": "age", "value": 19},
                         {"key": "profile", "value": {"a": 1}}])
    user = api.data(CREATE_WITH_DATA, {"u": {"username": "alice"}, "params": params})["createUser"]
    assert user["customData"] == [
        {"key": "school", "value": "清华大学", "dataType": "STRING", "label": "学校"},
        {"key": "age", "value": "19", "dataType": "NUMBER", "label": "年龄"},
        {"key": "profile", "value": '{"a":1}', "dataType": "OBJECT", "label": "Profile"}]

    for params, code in ((json.dumps([{"key": "age", "value": "19"}]), 2081),
                         (json.dumps([{"key": "nope", "value": 1}]), 2080),
                         ('{"key": "age"}', 400), ("not json", 400)):
        body = api.graphql(CREATE_WITH_DATA, {"u": {"username": "bob"}, "params": params}).json()
        assert error_code(body) == code and body["data"] is None, params
    assert api.data("{ isUserExists(username: \"bob\") }")["isUserExists"] is False  # nothing half-created


def test_custom_data_on_every_user_document(api):
    set_udf(api, "school", "STRING")
    set_udf(api, "age", "NUMBER")
    alice = api.create_user(username="alice", email="alice@example.com")["id"]
    bob = api.create_user(username="bob")["id"]
    set_udv(api, alice, "age", "19")
    set_udv(api, alice, "school", '"MIT"')
    expected = [{"key": "school", "value": "MIT", "dataType": "STRING", "label": "School"},
                {"key": "age", "value": "19", "dataType": "NUMBER", "label": "Age"}]
    custom = "customData { key value dataType label }"
    assert api.data("query($id: String) { user(id: $id) { %s } }" % custom, {"id": alice})["user"][
        "customData"] == expected
    assert api.data("{ findUser(email: \"ALICE@example.com\") { %s } }" % custom)["findUser"]["customData"] == expected
    listed = api.data("{ users { list { username %s } } }" % custom)["users"]["list"]
    assert [(user["username"], user["customData"]) for user in listed] == [("alice", expected), ("bob", [])]
    batch = api.data("query($ids: [String!]!) { userBatch(ids: $ids) { id %s } }" % custom,
                     {"ids": [bob, alice]})["userBatch"]
    assert [user["customData"] for user in batch] == [[], expected]
    found = api.data("{ searchUser(query: \"ali\") { list { %s } } }" % custom)["searchUser"]["list"]
    assert [user["customData"] for user in found] == [expected]


@pytest.mark.parametrize("flag", ["1", "true", "True"])
def test_rest_detail_with_custom_data(api, user_id, flag):
    set_udf(api, "school", "STRING")
    set_udv(api, user_id, "school", '"MIT"')
    body = api.rest("GET", "/api/v2/users/%s" % user_id, params={"with_custom_data": flag}).json()
    assert body["code"] == 200
    assert body["data"]["customData"] == [{"key": "school", "dataType": "STRING", "value": "MIT", "label": "School"}]
    assert body["data"]["username"] == "alice"
    plain = api.rest("GET", "/api/v2/users/%s" % user_id, params={"with_custom_data": "0"}).json()["data"]
    assert "customData" not in plain
    missing = api.rest("GET", "/api/v2/users/unknown", params={"with_custom_data": flag}).json()
    assert missing["code"] == 200 and missing["data"] is None


def test_udf_value_batch_with_more_ids_than_one_sql_statement_takes(api):
    set_udf(api, "school", "STRING")
    first, last = (api.create_user(username=name)["id"] for name in ("first", "last"))
    set_udv(api, first, "school", '"A"')
    set_udv(api, last, "school", '"B"')
    ids = [first] + ["unknown-%d" % index for index in range(1200)] + [last]
    batch = api.data(BATCH, {"t": "USER", "ids": ids})["udfValueBatch"]
    assert [entry["targetId"] for entry in batch] == ids
    assert (batch[0]["data"][0]["value"], batch[-1]["data"][0]["value"]) == ("A", "B")
