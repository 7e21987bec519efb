"""The GraphQL endpoint: Authing's error format, null propagation, honest "not implemented"."""

import pytest


def test_unimplemented_root_field_is_an_authing_error(api):
    body = api.graphql("{ functions { totalCount } }").json()
    assert body == {
        "errors": [{
            "message": {"code": 500, "message": "not implemented by the emulator: functions"},
            "locations": [{"line": 1, "column": 3}],
            "path": ["functions"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }],
        "data": None,
    }


def test_unimplemented_root_field_still_requires_a_token(api):
    error = api.error("{ functions { totalCount } }", token=None)[0]
    assert error["message"]["code"] == 2020


def test_failing_nullable_root_field_keeps_siblings(api):
    api.create_group("dev")
    body = api.graphql("{ group(code: \"dev\") { code } functions { totalCount } }").json()
    assert body["data"] is None  # functions is non-null: the whole data is null
    body = api.graphql("{ group(code: \"dev\") { code } checkLoginStatus { code } }").json()
    assert body["data"] == {"group": {"code": "dev"}, "checkLoginStatus": None}


def test_failed_mutation_in_a_document_rolls_back_only_itself(api):
    body = api.graphql("mutation { a: createGroup(code: \"a\", name: \"A\") { code }"
                       " b: createGroup(code: \"a\", name: \"A\") { code } }").json()
    assert body["data"] is None and body["errors"][0]["message"]["code"] == 2050
    assert api.data("{ group(code: \"a\") { code } }") == {"group": {"code": "a"}}


@pytest.mark.parametrize("query", [
    "{ groups { nope } }",
    "{ groups(bogus: 1) { totalCount } }",
    "query { groups { totalCount ",
])
def test_validation_and_syntax_errors_are_plain_strings_with_http_400(api, query):
    response = api.graphql(query)
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body and isinstance(body["errors"][0]["message"], str)


def test_missing_required_variable_is_http_400(api):
    response = api.graphql("query($code: String!) { group(code: $code) { code } }", {})
    assert response.status_code == 400
    assert isinstance(response.json()["errors"][0]["message"], str)


def test_malformed_requests(api):
    url = api.url + "/graphql/v2"
    assert api.session.post(url, data="{not json", headers={"content-type": "application/json"}).status_code == 400
    assert api.session.post(url, json={"variables": {}}).status_code == 400
    assert api.session.get(url).status_code == 405
    unknown = api.rest("GET", "/api/v2/nothing-here")
    assert unknown.status_code == 404 and unknown.json()["code"] == 404


def test_operation_name_selects_the_operation(api):
    api.create_group("dev")
    body = api.session.post(api.url + "/graphql/v2", headers={"Authorization": "Bearer " + api.token()}, json={
        "query": "query a { groups { totalCount } } query b { group(code: \"dev\") { name } }",
        "operationName": "b"}).json()
    assert body == {"data": {"group": {"name": "Dev"}}}
