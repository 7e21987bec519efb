"""A small client that speaks the wire protocol directly, so the emulator tests check exactly
what goes over HTTP. (Named uniquely: test directories share one import namespace.)"""

import base64

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding


class Api:
    """Raw HTTP access to one emulator: GraphQL, REST and the admin endpoints."""

    def __init__(self, emulator, token=None):
        self.emulator = emulator
        self.url = emulator.url
        self.session = requests.Session()
        self._token = token

    def token(self):
        if self._token is None:
            self._token = self.access_token()["data"]["accessToken"]["accessToken"]
        return self._token

    def access_token(self, userpool_id=None, secret=None):
        return self.graphql(
            "query accessToken($userPoolId: String!, $secret: String!) {"
            " accessToken(userPoolId: $userPoolId, secret: $secret) { accessToken exp iat } }",
            {"userPoolId": userpool_id or self.emulator.userpool_id, "secret": secret or self.emulator.secret},
            token=None).json()

    def graphql(self, query, variables=None, token="default"):
        """POST a document; ``token=None`` sends no Authorization header."""
        headers = {}
        if token == "default":
            token = self.token()
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        body = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.session.post(self.url + "/graphql/v2", json=body, headers=headers, timeout=30)

    def data(self, query, variables=None):
        """Run a document that must succeed and return its ``data``."""
        response = self.graphql(query, variables)
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        return body["data"]

    def error(self, query, variables=None, token="default"):
        """Run a document that must fail with one Authing error; return (error, data)."""
        body = self.graphql(query, variables, token).json()
        assert len(body["errors"]) == 1, body
        return body["errors"][0], body["data"]

    def rest(self, method, path, token="default", **kwargs):
        headers = kwargs.pop("headers", {})
        if token == "default":
            token = self.token()
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        return self.session.request(method, self.url + path, headers=headers, timeout=30, **kwargs)

    def admin(self, method, path, **kwargs):
        response = self.session.request(method, self.url + "/__emulator__/" + path, timeout=30, **kwargs)
        return response

    def requests_log(self):
        return self.admin("GET", "requests").json()["requests"]

    def encrypt_password(self, plain):
        """What the SDKs do: RSA PKCS#1 v1.5 with the server's public key, base64."""
        pem = self.rest("GET", "/api/v2/.well-known", token=None).json()["data"]["publicKey"]
        key = serialization.load_pem_public_key(pem.encode())
        return base64.b64encode(key.encrypt(plain.encode(), padding.PKCS1v15())).decode()

    # Helpers for the domain tests.

    def create_user(self, **user_info):
        return self.data("mutation($u: CreateUserInput!) { createUser(userInfo: $u) { id username email } }",
                         {"u": user_info})["createUser"]

    def create_group(self, code, name=None, description=None):
        return self.data(
            "mutation($code: String!, $name: String!, $description: String) {"
            " createGroup(code: $code, name: $name, description: $description)"
            " { code name description createdAt updatedAt } }",
            {"code": code, "name": name or code.title(), "description": description})["createGroup"]
