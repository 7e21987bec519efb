"""Wire-level helpers shared by the application-area tests (applications, resources, agreements,
access policies, roles). Named uniquely: test directories share one import namespace."""

import re

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
REST_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
GRAPHQL_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
ROLE_FIELDS = "id namespace code arn description isSystem createdAt updatedAt parent { code namespace }"


def rest(api, method, path, **kwargs):
    """A REST call that must answer HTTP 200; returns the ``{code, message, data}`` envelope."""
    response = api.rest(method, path, **kwargs)
    assert response.status_code == 200, (response.status_code, response.text)
    return response.json()


def ok(api, method, path, **kwargs):
    """A REST call that must succeed; returns ``data``."""
    body = rest(api, method, path, **kwargs)
    assert body["code"] == 200, body
    return body["data"]


def code_of(api, method, path, **kwargs):
    """The business code of a REST call that must fail."""
    body = rest(api, method, path, **kwargs)
    assert body["code"] != 200, body
    return body["code"]


def create_app(api, identifier, name=None, redirect_uris=("https://example.com/callback",), **extra):
    body = dict(name=name or identifier.title(), identifier=identifier, redirectUris=list(redirect_uris), **extra)
    return ok(api, "POST", "/api/v2/applications", json=body)


def create_resource(api, namespace, code, resource_type="DATA", actions=(("read", "Read"),), **extra):
    body = dict(namespace=namespace, code=code, type=resource_type,
                actions=[{"name": name, "description": description} for name, description in actions], **extra)
    return ok(api, "POST", "/api/v2/resources", json=body)


def create_role(api, code, namespace=None, description=None, parent=None):
    return api.data(
        "mutation($code: String!, $namespace: String, $description: String, $parent: String) {"
        " createRole(code: $code, namespace: $namespace, description: $description, parent: $parent) { %s } }"
        % ROLE_FIELDS, {"code": code, "namespace": namespace, "description": description, "parent": parent}
    )["createRole"]


def graphql_error_code(body):
    return body["errors"][0]["message"]["code"]
