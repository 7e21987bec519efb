# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many tenants in one run: an inventory in the shape of inventories/tenants (one host per
tenant: authing_host, authing_user_pool_id, a vaulted authing_secret, its own spec file), one
emulator process per tenant, and one ansible-playbook run of playbooks/bootstrap.yml with forks
that bootstraps them all. No AUTHING_* variable is set: every tenant's connection comes from its
host variables."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import yaml

from .conftest import _venv_tool
from .tasks import ops
from .tenant_support import PLAYBOOKS, REPO_ROOT, EmulatorProcess, ansible_playbook, base_env, write_spec

EXAMPLE = REPO_ROOT / "inventories" / "tenants"
TENANTS = {  # host: (user pool id, secret)
    "tenant-a": ("6123456789abcdef0000000a", "secret-of-tenant-a"),
    "tenant-b": ("6123456789abcdef0000000b", "secret-of-tenant-b"),
    "tenant-c": ("6123456789abcdef0000000c", "secret-of-tenant-c"),
}
VAULT_PASSWORD = "test-vault-password"


def vaulted(value, password_file, env):
    out = subprocess.run([_venv_tool("ansible-vault"), "encrypt_string", "--vault-password-file", str(password_file),
                          "--name", "authing_secret", value], env=env, capture_output=True, text=True, check=True)
    return out.stdout


def tenant_spec(host):
    return {
        "groups": [{"code": "everyone", "name": "Everyone"}, {"code": "only-" + host, "name": "Only " + host}],
        "roles": [{"code": "member"}],
        "users": [{"username": "admin-" + host, "groups": ["everyone", "only-" + host], "roles": ["member"]}],
    }


def test_one_run_bootstraps_every_tenant_in_parallel(collections_dir, ansible_home, tmp_path):
    password_file = tmp_path / "vault-password"
    password_file.write_text(VAULT_PASSWORD + "\n")
    env = base_env(collections_dir, ansible_home)
    inventory = tmp_path / "inventory"
    shutil.copytree(EXAMPLE / "group_vars", inventory / "group_vars")  # the example's group settings
    (inventory / "host_vars").mkdir()

    emulators = {}
    try:
        hosts = {}
        for host, (pool_id, secret) in TENANTS.items():
            emu = emulators[host] = EmulatorProcess.start(tmp_path, pool_id, secret)
            spec_file = write_spec(tmp_path / ("%s.yml" % host), tenant_spec(host))
            hosts[host] = {"authing_host": emu.url, "authing_user_pool_id": pool_id, "tenant_spec_file": str(spec_file)}
            (inventory / "host_vars" / ("%s.yml" % host)).write_text("---\n" + vaulted(secret, password_file, env))
        (inventory / "hosts.yml").write_text(yaml.safe_dump({"authing_tenants": {"hosts": hosts}}))
        assert "secret-of" not in "".join(p.read_text() for p in (inventory / "host_vars").iterdir())

        rc, out, err, seconds = ansible_playbook(
            ["-i", inventory, PLAYBOOKS / "bootstrap.yml", "--forks", str(len(TENANTS)),
             "--vault-password-file", password_file], env, tmp_path)
        assert rc == 0, out[-6000:] + err[-2000:]
        print("\n--- %d tenants bootstrapped in one run (forks %d): %.1f s" % (len(TENANTS), len(TENANTS), seconds))
        recap = out[out.index("PLAY RECAP"):]
        for host, (_pool, secret) in TENANTS.items():
            assert re.search(r"^%s\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0" % host, recap, re.M), recap
            assert secret not in out + err

        for host, emu in emulators.items():
            log = ops(emu.requests(), form="sent")  # before our own reads below
            assert log.count("accessToken") == 1, host
            assert set(emu.all_groups()) == {"everyone", "only-" + host}, host
            assert emu.group_members("only-" + host) == ["admin-" + host]
            others = [h for h in TENANTS if h != host]
            assert not any(emu.all_groups().get("only-" + other) for other in others)
    finally:
        for emu in emulators.values():
            assert emu.stop() == 0


def test_example_inventory_parses_and_decrypts(collections_dir, ansible_home, tmp_path):
    password_file = tmp_path / "example-password"
    password_file.write_text("example-vault-password\n")
    out = subprocess.run([_venv_tool("ansible-inventory"), "-i", str(EXAMPLE), "--list", "--vault-password-file",
                          str(password_file)], env=base_env(collections_dir, ansible_home), capture_output=True,
                         text=True, check=True).stdout
    hostvars = json.loads(out)["_meta"]["hostvars"]
    assert set(hostvars) == {"acme-prod", "acme-staging"}
    for host, values in hostvars.items():
        assert values["ansible_connection"] == "local"
        assert {"authing_host", "authing_user_pool_id", "authing_secret"} <= set(values), host
        assert "__ansible_vault" in json.dumps(values["authing_secret"]), "the secret must be vaulted"
