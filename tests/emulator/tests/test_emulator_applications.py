"""Applications (REST, wire reference §2.1): the default document, identifier rules, partial
update, secret refresh, delete with its cascade, and the request log names."""

import re

import pytest

from emulator_app_helpers import (GRAPHQL_TIMESTAMP, OBJECT_ID, REST_TIMESTAMP, code_of, create_app, create_resource,
                                  create_role, ok, rest)

SECRET = re.compile(r"^[0-9a-f]{28}$")


def test_create_returns_the_full_default_application(api):
    app = create_app(api, "my-app", name="My App", redirect_uris=["https://a.example/cb", "https://b.example/cb"])
    assert OBJECT_ID.match(app["id"]) and SECRET.match(app["secret"])
    assert (app["name"], app["identifier"], app["userPoolId"]) == ("My App", "my-app", api.emulator.userpool_id)
    assert app["redirectUris"] == ["https://a.example/cb", "https://b.example/cb"]
    assert app["logo"] == "https://files.authing.co/authing-console/default-app-logo.png"
    assert app["description"] is None and app["protocol"] == "oidc" and app["logoutRedirectUris"] == []
    assert REST_TIMESTAMP.match(app["createdAt"]) and app["createdAt"] == app["updatedAt"]
    assert app["permissionStrategy"] == {"enabled": False, "defaultStrategy": "ALLOW_ALL", "allowPolicyId": None,
                                         "denyPolicyId": None}
    oidc = app["oidcConfig"]
    assert (oidc["client_id"], oidc["client_secret"]) == (app["id"], app["secret"])
    assert oidc["redirect_uris"] == app["redirectUris"] and oidc["id_token_signed_response_alg"] == "HS256"
    assert oidc["grant_types"] == ["authorization_code", "password", "refresh_token"]
    assert (oidc["access_token_expire"], oidc["refresh_token_expire"], oidc["authorization_code_expire"]) == \
        (1209600, 2592000, 600)
    assert app["oauthConfig"]["id"] == app["id"] and app["oauthConfig"]["client_secret"] == app["secret"]
    key = app["jwks"]["keys"][0]
    assert (key["kty"], key["alg"], key["use"], key["e"]) == ("RSA", "RS256", "sig", "AQAB") and key["kid"]
    assert app["qrcodeScanning"] == {"redirect": False, "interval": 1500}
    assert (app["isOfficial"], app["isDeleted"], app["isDefault"], app["oidcProviderEnabled"]) == \
        (False, False, False, True)
    assert ok(api, "GET", "/api/v2/applications/" + app["id"]) == app


def test_create_with_logo_and_the_envelope_message(api):
    body = rest(api, "POST", "/api/v2/applications", json={
        "name": "x", "identifier": "x1", "redirectUris": [], "logo": "https://logo.example/l.png"})
    assert body["code"] == 200 and body["message"] == "创建应用成功！"
    assert body["data"]["logo"] == "https://logo.example/l.png" and body["data"]["redirectUris"] == []


def test_identifier_is_unique_service_wide_2039(api):
    first = create_app(api, "taken")
    body = rest(api, "POST", "/api/v2/applications", json={"name": "Other", "identifier": "taken",
                                                           "redirectUris": []})
    assert body == {"code": 2039, "message": "域名已被占用"}
    other = create_app(api, "free")
    assert code_of(api, "POST", "/api/v2/applications/" + other["id"], json={"identifier": "taken"}) == 2039
    assert ok(api, "GET", "/api/v2/applications/" + other["id"])["identifier"] == "free"
    assert ok(api, "GET", "/api/v2/applications")["totalCount"] == 2
    assert create_app(api, "taken-too")["name"] == "Taken-Too"  # names need not be unique
    assert first["identifier"] == "taken"


@pytest.mark.parametrize("body, code", [
    ({"identifier": "no-name", "redirectUris": []}, 2231),
    ({"name": "n", "redirectUris": []}, 2231),
    ({"name": "n", "identifier": "ok-id"}, 2231),
    ({"name": "n", "identifier": "Upper", "redirectUris": []}, 400),
    ({"name": "n", "identifier": "has space", "redirectUris": []}, 400),
    ({"name": "n", "identifier": "-leading", "redirectUris": []}, 400),
    ({"name": "n", "identifier": "x" * 64, "redirectUris": []}, 400),
    ({"name": "n", "identifier": "ok-id", "redirectUris": "https://not-a-list"}, 400),
    ({"name": 5, "identifier": "ok-id", "redirectUris": []}, 400),
])
def test_create_validates_its_input(api, body, code):
    assert code_of(api, "POST", "/api/v2/applications", json=body) == code
    assert ok(api, "GET", "/api/v2/applications")["totalCount"] == 0


def test_list_is_paged_in_creation_order(api):
    for index in range(12):
        create_app(api, "app-%02d" % index)
    page = ok(api, "GET", "/api/v2/applications", params={"page": 2, "limit": 5})
    assert page["totalCount"] == 12
    assert [app["identifier"] for app in page["list"]] == ["app-05", "app-06", "app-07", "app-08", "app-09"]
    assert len(ok(api, "GET", "/api/v2/applications")["list"]) == 10  # default limit
    assert code_of(api, "GET", "/api/v2/applications", params={"page": 0}) == 400
    assert code_of(api, "GET", "/api/v2/applications", params={"limit": "ten"}) == 400


def test_unknown_application_is_2011(api):
    for method in ("GET", "DELETE"):
        assert code_of(api, method, "/api/v2/applications/ffffffffffffffffffffffff") == 2011
    assert code_of(api, "POST", "/api/v2/applications/ffffffffffffffffffffffff", json={"name": "x"}) == 2011
    assert code_of(api, "PATCH", "/api/v2/application/ffffffffffffffffffffffff/refresh-secret") == 2011


def test_update_merges_any_subset_of_fields(api):
    app = create_app(api, "before", name="Before", redirect_uris=["https://old.example"])
    path = "/api/v2/applications/" + app["id"]
    body = rest(api, "POST", path, json={"name": "After", "description": "about", "logo": "https://l.example/x.png"})
    assert body["code"] == 200
    updated = body["data"]
    assert (updated["name"], updated["description"], updated["logo"]) == ("After", "about", "https://l.example/x.png")
    assert updated["identifier"] == "before" and updated["redirectUris"] == ["https://old.example"]
    assert updated["secret"] == app["secret"] and updated["createdAt"] == app["createdAt"]
    assert updated["updatedAt"] >= app["updatedAt"]

    updated = ok(api, "POST", path, json={"redirectUris": ["https://new.example"], "identifier": "after",
                                          "appType": "BOTH"})
    assert updated["redirectUris"] == updated["oidcConfig"]["redirect_uris"] == \
        updated["oauthConfig"]["redirect_uris"] == ["https://new.example"]
    assert (updated["identifier"], updated["appType"], updated["name"]) == ("after", "BOTH", "After")
    create_app(api, "before")  # the old identifier is free again

    updated = ok(api, "POST", path, json={"description": None})
    assert updated["description"] is None and updated["name"] == "After"
    assert ok(api, "GET", path) == updated


def test_default_strategy_through_update(api):
    app = create_app(api, "strategy")
    path = "/api/v2/applications/" + app["id"]
    updated = ok(api, "POST", path, json={"permissionStrategy": {"defaultStrategy": "DENY_ALL"}})
    assert updated["permissionStrategy"] == {"enabled": False, "defaultStrategy": "DENY_ALL", "allowPolicyId": None,
                                             "denyPolicyId": None}
    assert code_of(api, "POST", path, json={"permissionStrategy": {"defaultStrategy": "SOMETIMES"}}) == 400
    assert code_of(api, "POST", path, json={"permissionStrategy": {"allowPolicyId": "x"}}) == 400
    # echoing the current (read-only) values back is fine
    echoed = ok(api, "POST", path, json={"permissionStrategy": updated["permissionStrategy"]})
    assert echoed["permissionStrategy"]["defaultStrategy"] == "DENY_ALL"


@pytest.mark.parametrize("body", [
    {"secret": "0" * 28},
    {"id": "ffffffffffffffffffffffff"},
    {"loginTabs": ["fax"]},
    {"appType": "SOLO"},
    {"redirectUris": "https://x"},
    {"identifier": "Bad Label"},
    {"name": ""},
])
def test_update_refuses_unknown_read_only_or_invalid_fields(api, body):
    app = create_app(api, "strict")
    assert code_of(api, "POST", "/api/v2/applications/" + app["id"], json=body) in (400, 2231)
    assert ok(api, "GET", "/api/v2/applications/" + app["id"]) == app


def test_update_merges_oidc_settings_key_by_key(api):
    app = create_app(api, "oidc", redirect_uris=["https://a.example/cb"])
    path = "/api/v2/applications/" + app["id"]
    updated = ok(api, "POST", path, json={"oidcConfig": {"grant_types": ["authorization_code", "client_credentials"],
                                                         "access_token_expire": 3600}})
    oidc = updated["oidcConfig"]
    assert oidc["grant_types"] == ["authorization_code", "client_credentials"] and oidc["access_token_expire"] == 3600
    unchanged = dict(app["oidcConfig"], grant_types=oidc["grant_types"], access_token_expire=3600)
    assert oidc == unchanged, "the keys not sent are kept"
    updated = ok(api, "POST", path, json={"oidcConfig": {"skip_consent": False, "id_token_signed_response_alg": "RS256",
                                                         "token_endpoint_auth_method": "client_secret_basic",
                                                         "response_types": ["code", "id_token"]}})
    assert updated["oidcConfig"]["access_token_expire"] == 3600 and updated["oidcConfig"]["skip_consent"] is False
    # echoing read-only values is fine; changing them is not
    ok(api, "POST", path, json={"oidcConfig": {"client_id": app["id"]}})
    assert ok(api, "GET", path) == ok(api, "POST", path, json={"oidcConfig": updated["oidcConfig"]})


def test_update_logout_uris_tabs_and_switches(api):
    app = create_app(api, "pages")
    assert (app["loginTabs"], app["defaultLoginTab"], app["registerTabs"], app["defaultRegisterTab"]) == \
        (["phone-code", "password"], "password", ["email", "phone"], "email")
    assert [app[name] for name in ("registerDisabled", "agreementEnabled", "ssoEnabled", "skipMfa")] == [False] * 4
    path = "/api/v2/applications/" + app["id"]
    updated = ok(api, "POST", path, json={
        "logoutRedirectUris": ["https://a.example/bye"], "loginTabs": ["password", "ldap"], "defaultLoginTab": "ldap",
        "registerTabs": ["phone"], "defaultRegisterTab": "phone", "registerDisabled": True, "agreementEnabled": True,
        "ssoEnabled": True, "skipMfa": True})
    assert updated["logoutRedirectUris"] == updated["oidcConfig"]["post_logout_redirect_uris"] == ["https://a.example/bye"]
    assert (updated["loginTabs"], updated["defaultLoginTab"]) == (["password", "ldap"], "ldap")
    assert (updated["registerTabs"], updated["defaultRegisterTab"]) == (["phone"], "phone")
    assert [updated[name] for name in ("registerDisabled", "agreementEnabled", "ssoEnabled", "skipMfa")] == [True] * 4
    assert ok(api, "POST", path, json={"loginTabs": ["ldap"]})["defaultLoginTab"] == "ldap"


@pytest.mark.parametrize("body", [
    {"oidcConfig": {"grant_types": ["magic"]}},
    {"oidcConfig": {"grant_types": []}},
    {"oidcConfig": {"grant_types": ["password", "password"]}},
    {"oidcConfig": {"response_types": "code"}},
    {"oidcConfig": {"token_endpoint_auth_method": "private_key_jwt"}},
    {"oidcConfig": {"id_token_signed_response_alg": "none"}},
    {"oidcConfig": {"access_token_expire": 0}},
    {"oidcConfig": {"id_token_expire": "600"}},
    {"oidcConfig": {"skip_consent": "yes"}},
    {"oidcConfig": {"client_secret": "0" * 28}},
    {"oidcConfig": {"unknown": 1}},
    {"oidcConfig": ["code"]},
    {"logoutRedirectUris": "https://x"},
    {"loginTabs": []},
    {"loginTabs": ["ldap"]},  # the default tab (password) is no longer one of the tabs
    {"defaultLoginTab": "ldap"},
    {"loginTabs": ["ldap", "password"], "defaultLoginTab": "phone-code"},
    {"registerTabs": ["fax"]},
    {"defaultRegisterTab": "sms"},
    {"registerDisabled": "true"},
    {"skipMfa": 1},
    {"skipMfa": True, "ssoEnabled": "no"},  # nothing of a refused update is kept
])
def test_update_refuses_invalid_settings(api, body):
    app = create_app(api, "strict-settings")
    assert code_of(api, "POST", "/api/v2/applications/" + app["id"], json=body) == 400
    assert ok(api, "GET", "/api/v2/applications/" + app["id"]) == app


def test_refresh_secret_replaces_the_secret_everywhere(api):
    app = create_app(api, "secretive")
    body = rest(api, "PATCH", "/api/v2/application/%s/refresh-secret" % app["id"])
    assert body["code"] == 200 and body["message"] == "刷新应用 secret 成功！"
    refreshed = body["data"]
    assert SECRET.match(refreshed["secret"]) and refreshed["secret"] != app["secret"]
    assert refreshed["oidcConfig"]["client_secret"] == refreshed["oauthConfig"]["client_secret"] == refreshed["secret"]
    assert ok(api, "GET", "/api/v2/applications/" + app["id"])["secret"] == refreshed["secret"]
    # the plural path is not a route
    assert api.rest("PATCH", "/api/v2/applications/%s/refresh-secret" % app["id"]).status_code == 404


def test_active_users_is_an_empty_page_even_with_the_python_sdk_query_string(api):
    app = create_app(api, "lonely")
    body = rest(api, "GET", "/api/v2/applications/%s/active-users?page=1&10" % app["id"])
    assert body == {"code": 200, "message": "获取应用登录态用户列表成功", "data": {"totalCount": 0, "list": []}}
    assert code_of(api, "GET", "/api/v2/applications/ffffffffffffffffffffffff/active-users") == 2011


def test_delete_cascades_everything_the_application_owns(api):
    app = create_app(api, "doomed")
    keeper = create_app(api, "keeper")
    alice = api.create_user(username="alice")
    create_resource(api, app["id"], "books")
    create_resource(api, keeper["id"], "books")
    create_role(api, "admin", namespace=app["id"])
    create_role(api, "admin", namespace=keeper["id"])
    api.data("mutation($ids: [String!], $ns: String) { assignRole(roleCodes: [\"admin\"], userIds: $ids,"
             " namespace: $ns) { code } }", {"ids": [alice["id"]], "ns": app["id"]})
    ok(api, "POST", "/api/v2/applications/%s/agreements" % app["id"], json={"title": "terms"})
    ok(api, "POST", "/api/v2/applications/%s/authorization/allow" % app["id"],
       json={"targetType": "USER", "targetIdentifiers": [alice["id"]]})

    body = rest(api, "DELETE", "/api/v2/applications/" + app["id"])
    assert body["code"] == 200 and body["message"] == "删除成功"
    assert code_of(api, "GET", "/api/v2/applications/" + app["id"]) == 2011
    assert code_of(api, "GET", "/api/v2/resources", params={"namespace": app["id"]}) == 2011
    assert ok(api, "GET", "/api/v2/resources/detail", params={"namespace": app["id"], "code": "books"}) is None
    assert api.data("query($ns: String) { role(code: \"admin\", namespace: $ns) { code } }",
                    {"ns": app["id"]})["role"] is None
    roles = api.data("query($id: String) { user(id: $id) { roles { totalCount } } }", {"id": alice["id"]})
    assert roles["user"]["roles"]["totalCount"] == 0
    assert code_of(api, "GET", "/api/v2/applications/%s/agreements" % app["id"]) == 2011
    assert code_of(api, "DELETE", "/api/v2/applications/" + app["id"]) == 2011
    # the other application is untouched
    assert ok(api, "GET", "/api/v2/resources", params={"namespace": keeper["id"]})["totalCount"] == 1
    assert api.data("query($ns: String) { roles(namespace: $ns) { totalCount } }",
                    {"ns": keeper["id"]})["roles"]["totalCount"] == 1
    assert ok(api, "GET", "/api/v2/applications")["totalCount"] == 1


def test_management_token_is_required(api):
    assert code_of(api, "GET", "/api/v2/applications", token=None) == 2020
    assert code_of(api, "POST", "/api/v2/applications", token="forged",
                   json={"name": "x", "identifier": "x", "redirectUris": []}) == 2020


def test_request_log_names(api):
    app = create_app(api, "logged")
    api.admin("DELETE", "requests")
    app_path = "/api/v2/applications/" + app["id"]
    rest(api, "GET", "/api/v2/applications")
    rest(api, "GET", app_path)
    rest(api, "POST", app_path, json={"name": "n"})
    rest(api, "PATCH", "/api/v2/application/%s/refresh-secret" % app["id"])
    rest(api, "GET", app_path + "/active-users")
    rest(api, "POST", "/api/v2/applications", json={"name": "x", "identifier": "logged", "redirectUris": []})
    rest(api, "DELETE", app_path)
    assert [(entry["operation"], entry["kind"], entry["code"]) for entry in api.requests_log()] == [
        ("applications.list", "read", 200),
        ("applications.detail", "read", 200),
        ("applications.update", "write", 200),
        ("applications.refresh-secret", "write", 200),
        ("applications.active-users", "read", 200),
        ("applications.create", "write", 2039),
        ("applications.delete", "write", 200),
    ]


def test_application_roles_use_graphql_timestamps(api):
    app = create_app(api, "roles-app")
    role = create_role(api, "editor", namespace=app["id"])
    assert GRAPHQL_TIMESTAMP.match(role["createdAt"]) and role["namespace"] == app["id"]
