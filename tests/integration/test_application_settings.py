# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""authing_application's protocol and login page settings against a real emulator: OIDC settings
(nested in the application's ``oidcConfig``), logout URIs, tabs and switches.

Each task record carries the emulator requests made while it ran: a create with settings is one
create and one update, an unchanged rerun writes nothing, check mode writes nothing, and bad
input fails before the first write.
"""

from __future__ import annotations

from .tasks import ops, task_factory
from .tenant_support import applications

APP = "authing.cloud.authing_application"
INFO = "authing.cloud.authing_application_info"
task = task_factory(APP)

SETTINGS = dict(
    grant_types=["refresh_token", "authorization_code"],
    response_types=["code", "code id_token"],
    token_endpoint_auth_method="client_secret_basic",
    id_token_signed_response_alg="RS256",
    access_token_lifetime=3600,
    id_token_lifetime=7200,
    refresh_token_lifetime=86400,
    authorization_code_lifetime=300,
    skip_consent=False,
    logout_redirect_uris=["https://b/bye", "https://a/bye"],
    login_tabs=["password", "ldap"],
    default_login_tab="ldap",
    register_tabs=["phone"],
    default_register_tab="phone",
    register_disabled=True,
    agreement_enabled=True,
    sso_enabled=True,
    skip_mfa=True,
)
# What a new application has (the seed's sample object; applications.NEW_APPLICATION, which the
# tenant export leaves out).
NEW_APPLICATION = dict(
    app_type="INDIVIDUAL", logo="https://files.authing.co/authing-console/default-app-logo.png",
    grant_types=["authorization_code", "password", "refresh_token"], response_types=["code"],
    token_endpoint_auth_method="client_secret_post", id_token_signed_response_alg="HS256",
    access_token_lifetime=1209600, id_token_lifetime=1209600, refresh_token_lifetime=2592000,
    authorization_code_lifetime=600, skip_consent=True, login_tabs=["phone-code", "password"],
    default_login_tab="password", register_tabs=["email", "phone"], default_register_tab="email",
    register_disabled=False, agreement_enabled=False, sso_enabled=False, skip_mfa=False,
)
# The same settings another way round: sets in another order, tabs as they were.
SAME = dict(SETTINGS)
SAME.update(grant_types=["authorization_code", "refresh_token", "refresh_token"],
            response_types=["code id_token", "code"], logout_redirect_uris=["https://a/bye", "https://b/bye"])


def test_create_rerun_update_check_mode_and_diff(emulator, run_playbook):
    run = run_playbook(
        [
            task("create", identifier="portal", name="Portal", **SETTINGS),
            task("rerun", identifier="portal", **SAME),
            task("check one", identifier="portal", access_token_lifetime=60, _check_mode=True),
            task("update one", identifier="portal", access_token_lifetime=60, skip_consent=False,
                 login_tabs=["password", "ldap"]),
            task("check tabs", identifier="portal", login_tabs=["ldap", "password"], default_login_tab="password",
                 _check_mode=True),
            task("info", INFO, identifier="portal"),
            task("bulk", applications=[{"identifier": "portal", "sso_enabled": False},
                                       {"identifier": "other", "name": "Other", "grant_types": ["client_credentials"]}]),
        ],
        diff=True,
    ).assert_ok()

    created = run["create"]
    assert created["changed"] is True and created["action"] == "create"
    # the create call takes name, identifier and URIs; the settings follow in one update
    assert ops(run.writes("create"), form="sent") == ["applications.create", "applications.update"]
    app = created["application"]
    assert sorted(app["grant_types"]) == ["authorization_code", "refresh_token"]
    exact = [name for name, value in SETTINGS.items() if not isinstance(value, list) or name.endswith("tabs")]
    assert {name: app[name] for name in exact} == {name: SETTINGS[name] for name in exact}
    assert created["diff"]["before"] == {}
    assert set(created["diff"]["after"]) == set(SETTINGS) | {"identifier", "name"}

    server = applications(emulator)["portal"]  # after the whole play
    oidc = server["oidcConfig"]
    assert (oidc["access_token_expire"], oidc["id_token_expire"], oidc["refresh_token_expire"],
            oidc["authorization_code_expire"]) == (60, 7200, 86400, 300)
    assert (oidc["skip_consent"], oidc["token_endpoint_auth_method"], oidc["id_token_signed_response_alg"]) == \
        (False, "client_secret_basic", "RS256")
    assert oidc["client_id"] == server["id"] and oidc["cas_expire"] == 1209600, "oidcConfig merged, not replaced"
    assert sorted(server["logoutRedirectUris"]) == sorted(oidc["post_logout_redirect_uris"]) == \
        ["https://a/bye", "https://b/bye"]
    assert (server["loginTabs"], server["defaultLoginTab"], server["registerTabs"]) == \
        (["password", "ldap"], "ldap", ["phone"])
    assert (server["registerDisabled"], server["agreementEnabled"], server["ssoEnabled"], server["skipMfa"]) == \
        (True, True, False, True)

    assert run["rerun"]["changed"] is False and run["rerun"]["action"] == "none"
    assert run.writes("rerun") == [], "sets compare as sets, unchanged values are not sent"

    check = run["check one"]
    assert check["changed"] is True and run.writes("check one") == []
    assert check["application"]["access_token_lifetime"] == 60
    assert check["diff"] == {"before": {"identifier": "portal", "access_token_lifetime": 3600},
                             "after": {"identifier": "portal", "access_token_lifetime": 60},
                             "before_header": "application 'portal'", "after_header": "application 'portal'"}

    updated = run["update one"]
    assert updated["changed"] is True and ops(run.writes("update one"), form="sent") == ["applications.update"]
    # only the changed option is planned (and so sent); the diff shows what the task names
    assert updated["diff"]["before"] == {"identifier": "portal", "access_token_lifetime": 3600,
                                         "skip_consent": False, "login_tabs": ["password", "ldap"]}
    assert updated["diff"]["after"] == dict(updated["diff"]["before"], access_token_lifetime=60)

    tabs = run["check tabs"]
    assert tabs["changed"] is True and run.writes("check tabs") == []
    assert tabs["diff"]["after"] == {"identifier": "portal", "login_tabs": ["ldap", "password"],
                                     "default_login_tab": "password"}, "the order of tabs is a change"

    [info] = run["info"]["applications"]
    assert info["access_token_lifetime"] == 60 and info["login_tabs"] == ["password", "ldap"]
    assert info["skip_mfa"] is True and info["default_register_tab"] == "phone"

    bulk = {item["identifier"]: (item["action"], item["changes"]) for item in run["bulk"]["applications"]}
    assert bulk == {"portal": ("update", ["sso_enabled"]), "other": ("create", [])}
    assert applications(emulator)["other"]["oidcConfig"]["grant_types"] == ["client_credentials"]


def test_bad_settings_fail_before_any_write(emulator, run_playbook):
    emulator.create_app("portal")
    emulator.clear_log()
    bad = [
        ("unknown grant type", dict(identifier="portal", grant_types=["authorization_code", "magic"]),
         ["grant_types", "magic"]),
        ("unknown login tab", dict(identifier="portal", login_tabs=["fax"]), ["login_tabs", "fax"]),
        ("default tab not in tabs", dict(identifier="portal", login_tabs=["password"], default_login_tab="ldap"),
         ["default_login_tab", "ldap", "login_tabs"]),
        ("default tab not in the application's tabs", dict(identifier="portal", default_login_tab="ldap"),
         ["default_login_tab", "ldap", "phone-code, password"]),
        ("tabs without the default", dict(identifier="portal", login_tabs=["ldap"]),
         ["default_login_tab of the application (password)"]),
        ("new app default register tab", dict(identifier="fresh", name="F", register_tabs=["email"],
                                              default_register_tab="phone"), ["default_register_tab", "phone"]),
        ("zero lifetime", dict(identifier="portal", refresh_token_lifetime=0), ["refresh_token_lifetime", "positive"]),
        ("empty grant types", dict(identifier="portal", grant_types=[]), ["grant_types cannot be empty"]),
        ("bad item in a bulk", dict(applications=[{"identifier": "good", "name": "Good"},
                                                  {"identifier": "portal", "default_register_tab": "phone",
                                                   "register_tabs": ["email"]}]), ["portal", "default_register_tab"]),
    ]
    run = run_playbook([task(name, _ignore_errors=True, **options) for name, options, _words in bad])
    for name, _options, words in bad:
        assert run.failed(name), (name, run[name])
        assert all(word in run[name]["msg"] for word in words), (name, run[name]["msg"])
        assert run.writes(name) == [], name
    assert emulator.writes() == []
    assert sorted(applications(emulator)) == ["portal"]


def test_a_new_application_has_the_documented_defaults(emulator, run_playbook):
    """What a new application gets (the tenant export's application defaults)."""
    emulator.create_app("plain")
    run = run_playbook([task("info", INFO, identifier="plain"),
                        task("defaults", identifier="plain", **NEW_APPLICATION)]).assert_ok()
    [info] = run["info"]["applications"]
    assert {name: info[name] for name in NEW_APPLICATION} == NEW_APPLICATION
    assert info["logout_redirect_uris"] == []
    assert run["defaults"]["changed"] is False and run.writes("defaults") == []
