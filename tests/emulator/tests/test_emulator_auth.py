"""Management token and the bearer check on every management call."""

import time

import jwt

from emulator_api import Api

GROUPS = "{ groups { totalCount } }"
NOT_LOGGED_IN = {"code": 2020, "message": "尚未登录，无权限访问此请求"}


def test_access_token_is_a_15_day_hs256_jwt(api):
    body = api.access_token()
    token = body["data"]["accessToken"]
    assert token["exp"] - token["iat"] == 1296000
    assert abs(token["iat"] - time.time()) < 5
    header = jwt.get_unverified_header(token["accessToken"])
    claims = jwt.decode(token["accessToken"], options={"verify_signature": False})
    assert header["alg"] == "HS256"
    assert (claims["iat"], claims["exp"]) == (token["iat"], token["exp"])
    assert claims["data"]["userPoolId"] == api.emulator.userpool_id
    assert claims["data"]["arn"] == "arn:cn:authing:%s:user:%s" % (api.emulator.userpool_id, claims["data"]["id"])


def test_unknown_user_pool_and_bad_secret_are_refused(api):
    unknown_pool = api.access_token(userpool_id="ffffffffffffffffffffffff")
    assert unknown_pool["data"] is None
    assert unknown_pool["errors"][0]["message"]["code"] == 2224
    assert unknown_pool["errors"][0]["path"] == ["accessToken"]
    bad_secret = api.access_token(secret="wrong")
    assert bad_secret["errors"][0]["message"]["code"] == 1001
    assert bad_secret["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}


def test_graphql_without_or_with_bad_token_is_refused_with_2020(api):
    for token in (None, "not-a-jwt", api.token()[:-4] + "AAAA"):
        error, data = api.error(GROUPS, token=token)
        assert error["message"] == NOT_LOGGED_IN
        assert error["path"] == ["groups"]
        assert data is None


def test_rest_without_token_is_refused_with_2020_and_http_200(api):
    response = api.rest("GET", "/api/v2/users/ffffffffffffffffffffffff", token=None)
    assert response.status_code == 200
    assert response.json() == NOT_LOGGED_IN


def test_token_of_another_pool_is_refused(api, start_emulator):
    other = Api(start_emulator(userpool_id="0123456789abcdef01234567"))
    error = api.error(GROUPS, token=other.token())[0]
    assert error["message"]["code"] == 2020


def test_expired_token_is_refused_and_can_be_refreshed(start_emulator):
    api = Api(start_emulator("--token-ttl", "2"))
    issued = api.access_token()["data"]["accessToken"]
    api = Api(api.emulator, token=issued["accessToken"])
    assert api.data(GROUPS)["groups"]["totalCount"] == 0
    time.sleep(max(0.0, issued["exp"] - time.time()) + 0.2)
    error = api.error(GROUPS)[0]
    assert error["message"]["code"] == 2020
    refreshed = api.graphql("mutation r($t: String) { refreshAccessToken(accessToken: $t) { accessToken exp iat } }",
                            {"t": issued["accessToken"]}, token=None).json()["data"]["refreshAccessToken"]
    assert refreshed["exp"] - refreshed["iat"] == 2
    assert api.graphql(GROUPS, token=refreshed["accessToken"]).json()["data"]["groups"]["totalCount"] == 0


def test_refresh_refuses_a_forged_token(api):
    claims = {"data": {"userPoolId": api.emulator.userpool_id}, "iat": 1, "exp": 2 ** 40}
    forged = jwt.encode(claims, "a-guessed-signing-key-of-32-bytes", algorithm="HS256")
    error, data = api.error("mutation { refreshAccessToken(accessToken: \"%s\") { accessToken } }" % forged,
                            token=None)
    assert error["message"]["code"] == 2020 and data is None


def test_introspection_and_public_key_need_no_token(api):
    response = api.graphql("{ __schema { queryType { name } mutationType { name } } }", token=None)
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"},
                                                     "mutationType": {"name": "Mutation"}}}}
    well_known = api.rest("GET", "/api/v2/.well-known", token=None).json()
    assert well_known["code"] == 200
    assert well_known["data"]["publicKey"].startswith("-----BEGIN PUBLIC KEY-----")
