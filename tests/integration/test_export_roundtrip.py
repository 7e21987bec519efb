# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Export round trip: export tenant X -> bootstrap an empty tenant Y (a second emulator process,
another user pool) from the file -> export Y gives the same file, byte for byte.

X is the sample tenant. The export carries a password placeholder (export_password_variable), so
Y's users get the password of the variable given at bootstrap time: proven by a login on Y.
"""

from __future__ import annotations

import time

import yaml

from .tenant_support import (
    SAMPLE_SPEC, USER_NOT_FOUND, WRONG_PASSWORD, EmulatorProcess, ansible_playbook, base_env, load_spec, login, play,
    report, write_spec)

REFUSED = (WRONG_PASSWORD, USER_NOT_FOUND)

Y_POOL = "6123456789abcdef0123ffff"
Y_SECRET = "tenant-y-secret"


def test_export_bootstrap_export_gives_the_same_spec(emulator, collections_dir, ansible_home, tmp_path):
    env_x = base_env(collections_dir, ansible_home, tmp_path / "x.json", emulator.url)
    env_x.update(AUTHING_HOST=emulator.url, AUTHING_USERPOOL_ID=emulator.pool_id, AUTHING_USERPOOL_SECRET=emulator.secret)
    x_file, y_file = tmp_path / "x.tenant.yml", tmp_path / "y.tenant.yml"
    export_vars = ["-e", "export_password_variable=tenant_initial_password"]

    # X: the sample tenant, then its export (one ansible-playbook run)
    plays = tmp_path / "x.yml"
    plays.write_text(yaml.safe_dump([play("bootstrap.yml"), play("export.yml")]))
    rc, out, err, seconds_x = ansible_playbook(["-i", "localhost,", plays, "-e", "export_dest=%s" % x_file] + export_vars,
                                               env_x, tmp_path)
    assert rc == 0, out[-5000:] + err[-2000:]
    exported = yaml.safe_load(x_file.read_text())["tenant_spec"]
    sample = load_spec(SAMPLE_SPEC)
    for key in ("custom_fields", "groups", "roles", "users", "applications"):
        assert len(exported[key]) == len(sample[key]), key
    alice = next(u for u in exported["users"] if u["username"] == "alice.smith")
    assert alice["password"] == "{{ tenant_initial_password }}"
    assert "id" not in alice and "created_at" not in alice
    with_app_role = next(u for u in sample["users"] if any(isinstance(r, dict) for r in u.get("roles", [])))
    app_role = next(r for r in with_app_role["roles"] if isinstance(r, dict))
    assert app_role in next(u for u in exported["users"] if u["username"] == with_app_role["username"])["roles"]

    # Y: an empty pool in its own emulator process
    y = EmulatorProcess.start(tmp_path, Y_POOL, Y_SECRET)
    try:
        env_y = base_env(collections_dir, ansible_home, tmp_path / "y.json", y.url)
        env_y.update(AUTHING_HOST=y.url, AUTHING_USERPOOL_ID=Y_POOL, AUTHING_USERPOOL_SECRET=Y_SECRET)
        plays_y = tmp_path / "y.yml"
        plays_y.write_text(yaml.safe_dump([play("bootstrap.yml", tenant_initial_password="Cl0ne-Pa55!"),
                                           play("export.yml")]))
        start = time.monotonic()
        rc, out, err, seconds_y = ansible_playbook(
            ["-i", "localhost,", plays_y, "-e", "tenant_spec_file=%s" % x_file, "-e", "export_dest=%s" % y_file]
            + export_vars, env_y, tmp_path)
        assert rc == 0, out[-5000:] + err[-2000:]
        assert "Cl0ne-Pa55!" not in out + err
        print("\n--- X bootstrap+export %.1f s, Y bootstrap+export %.1f s" % (seconds_x, time.monotonic() - start))

        assert y_file.read_text() == x_file.read_text(), "the export of Y differs from the export of X"
        assert login(y, "Cl0ne-Pa55!", username="alice.smith", refused=REFUSED)
        assert not login(y, "wrong", username="alice.smith", refused=REFUSED)
        # X's users have no such password
        assert not login(emulator, "Cl0ne-Pa55!", username="alice.smith", refused=REFUSED)
    finally:
        assert y.stop() == 0


def test_export_is_stable_and_holds_no_ids(emulator, run_playbook, tmp_path):
    spec = {"groups": [{"code": "b", "name": "B"}, {"code": "a", "name": "A", "description": "first"}],
            "users": [{"username": "zed", "groups": ["b", "a"]}, {"username": "amy", "email": "Amy@Example.com"}],
            "applications": [{"identifier": "app", "name": "App", "redirect_uris": ["https://z/cb", "https://a/cb"],
                              "resources": [{"code": "res", "type": "DATA", "actions": [{"name": "w"}, {"name": "r"}]}],
                              "agreements": [{"title": "Second", "lang": "en-US"}, {"title": "First", "lang": "en-US"}],
                              "roles": [{"code": "app-role"}]}]}
    spec_file = write_spec(tmp_path / "spec.yml", spec)
    one, two = tmp_path / "one.yml", tmp_path / "two.yml"
    run = run_playbook([play("bootstrap.yml"), play("export.yml", export_dest=str(one)),
                        play("export.yml", export_dest=str(two))],
                       extra_vars={"tenant_spec_file": str(spec_file)}).assert_ok()
    assert report(run)["check_mode"] is False
    text = one.read_text()
    assert text == two.read_text()
    assert text.startswith("---\n# Tenant localhost, exported by authing.cloud.authing_tenant_info.\ntenant_spec:\n")
    exported = yaml.safe_load(text)["tenant_spec"]
    assert [g["code"] for g in exported["groups"]] == ["a", "b"]
    assert [u["username"] for u in exported["users"]] == ["amy", "zed"]
    assert exported["users"][0]["email"] == "amy@example.com"
    assert exported["users"][1]["groups"] == ["a", "b"]
    app = exported["applications"][0]
    assert app["redirect_uris"] == ["https://a/cb", "https://z/cb"]
    assert [a["name"] for a in app["resources"][0]["actions"]] == ["r", "w"]
    assert [a["title"] for a in app["agreements"]] == ["Second", "First"]  # order is state: kept
    assert "password" not in exported["users"][0]
    for word in ("created_at", "updated_at", " id:", "namespace:", "user_pool_id", "secret"):
        assert word not in text, word
