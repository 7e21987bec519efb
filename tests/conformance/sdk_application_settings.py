"""Drive the unmodified official Python SDK (authing==4.5.18) through an application's protocol
and login page settings against an Authing-compatible server; check every answer.

Neither official SDK has a call for these settings: the one partial application update either
makes is ``POST /api/v2/applications/{id}`` with a nested object (Python
``acl.update_default_application_access_policy`` sends ``{"permissionStrategy":
{"defaultStrategy": ...}}``). This script sends the settings the same way, through the SDK's own
REST client and token provider, and reads them back with ``applications.find_by_id`` / ``list``.

    python sdk_application_settings.py --host http://127.0.0.1:PORT --userpool-id ID --secret S
"""

import sys
import uuid

from sdk_checks import Checks, management_client, parse_args

DEFAULT_OIDC = {
    "grant_types": ["authorization_code", "password", "refresh_token"], "response_types": ["code"],
    "token_endpoint_auth_method": "client_secret_post", "id_token_signed_response_alg": "HS256",
    "access_token_expire": 1209600, "id_token_expire": 1209600, "refresh_token_expire": 2592000,
    "authorization_code_expire": 600, "skip_consent": True,
}
DEFAULT_PAGE = {
    "loginTabs": ["phone-code", "password"], "defaultLoginTab": "password", "registerTabs": ["email", "phone"],
    "defaultRegisterTab": "email", "registerDisabled": False, "agreementEnabled": False, "ssoEnabled": False,
    "skipMfa": False, "logoutRedirectUris": [],
}


def update(client, app_id, body):
    """POST /api/v2/applications/{id} through the SDK's REST client (as its access-policy call)."""
    apps = client.applications
    return apps.restClient.request(method="POST", url="%s/api/v2/applications/%s" % (apps.options.host, app_id),
                                   token=apps.tokenProvider.getAccessToken(), json=body)


def check_settings(client, checks, suffix):
    apps = client.applications
    app = apps.create(name="settings " + suffix, identifier="python-sdk-settings-" + suffix,
                      redirect_uris=["https://www.authing.com"])
    oidc = app["oidcConfig"]
    checks.expect_equal(dict((key, oidc.get(key)) for key in DEFAULT_OIDC), DEFAULT_OIDC,
                        "a new application's OIDC settings")
    checks.expect_equal(dict((key, app.get(key)) for key in DEFAULT_PAGE), DEFAULT_PAGE,
                        "a new application's login page settings")

    data = checks.expect_envelope(update(client, app["id"], {"oidcConfig": {
        "grant_types": ["authorization_code", "client_credentials"], "response_types": ["code", "id_token"],
        "token_endpoint_auth_method": "client_secret_basic", "id_token_signed_response_alg": "RS256",
        "access_token_expire": 3600, "id_token_expire": 7200, "refresh_token_expire": 86400,
        "authorization_code_expire": 300, "skip_consent": False}}), 200, "update the OIDC settings") or {}
    merged = dict(oidc, grant_types=["authorization_code", "client_credentials"], response_types=["code", "id_token"],
                  token_endpoint_auth_method="client_secret_basic", id_token_signed_response_alg="RS256",
                  access_token_expire=3600, id_token_expire=7200, refresh_token_expire=86400,
                  authorization_code_expire=300, skip_consent=False)
    checks.expect_equal(data.get("oidcConfig"), merged, "oidcConfig is merged (client_id, cas_expire... kept)")

    data = checks.expect_envelope(update(client, app["id"], {"oidcConfig": {"skip_consent": True}}), 200,
                                  "update one OIDC setting") or {}
    checks.expect_equal(data.get("oidcConfig"), dict(merged, skip_consent=True), "only the sent key changes")

    page = {"logoutRedirectUris": ["https://www.authing.com/bye"], "loginTabs": ["password", "ldap"],
            "defaultLoginTab": "ldap", "registerTabs": ["phone"], "defaultRegisterTab": "phone",
            "registerDisabled": True, "agreementEnabled": True, "ssoEnabled": True, "skipMfa": True}
    data = checks.expect_envelope(update(client, app["id"], dict(page)), 200, "update the login page settings") or {}
    checks.expect_equal(dict((key, data.get(key)) for key in page), page, "login page settings after the update")
    checks.expect_equal((data.get("oidcConfig") or {}).get("post_logout_redirect_uris"),
                        ["https://www.authing.com/bye"], "logoutRedirectUris also in oidcConfig")

    # the SDK's own nested update leaves the settings alone (and they leave it alone)
    envelope = client.acl.update_default_application_access_policy(app["id"], "DENY_ALL")
    data = checks.expect_envelope(envelope, 200, "acl.update_default_application_access_policy") or {}
    checks.expect_equal((data.get("permissionStrategy") or {}).get("defaultStrategy"), "DENY_ALL",
                        "default strategy after the access-policy call")
    checks.expect_equal(((data.get("oidcConfig") or {}).get("access_token_expire"), data.get("skipMfa")),
                        (3600, True), "settings kept by the access-policy call")

    found = apps.find_by_id(app["id"])
    checks.expect_equal(dict((key, found.get(key)) for key in page), page, "applications.find_by_id settings")
    checks.expect_equal(found["oidcConfig"], dict(merged, skip_consent=True,
                                                  post_logout_redirect_uris=["https://www.authing.com/bye"]),
                        "applications.find_by_id oidcConfig")
    listed = [item for item in apps.list(page=1, limit=100)["list"] if item["id"] == app["id"]]
    checks.expect_equal(listed and listed[0]["oidcConfig"]["grant_types"],
                        ["authorization_code", "client_credentials"], "applications.list settings")

    for body, description in (
            ({"oidcConfig": {"grant_types": ["magic"]}}, "an unknown grant type"),
            ({"oidcConfig": {"access_token_expire": 0}}, "a lifetime of 0"),
            ({"oidcConfig": {"client_secret": "0" * 28}}, "a read-only OIDC key"),
            ({"defaultLoginTab": "phone-code"}, "a default login tab that is not a tab"),
            ({"loginTabs": ["fax"]}, "an unknown login tab"),
            ({"skipMfa": "yes"}, "a switch that is not a boolean")):
        checks.expect_envelope(update(client, app["id"], body), 400, "update refuses " + description)
    checks.expect_equal(apps.find_by_id(app["id"]), found, "refused updates change nothing")
    return app


def main(argv=None):
    args = parse_args(__doc__.splitlines()[0], argv)
    client = management_client(args)
    checks = Checks()
    app = check_settings(client, checks, uuid.uuid4().hex[:8])
    checks.expect_equal(client.applications.delete(app["id"]), True, "applications.delete")
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
