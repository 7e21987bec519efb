"""Conformance: the sample tenant bootstrapped by the collection (authing_tenant, as the demo
does) is readable through the unmodified official Python SDK (authing==4.5.18): its organisation
tree with members, its policies and their assignments, an application's OIDC settings, and the
permissions of a resource on roles, a group and an organisation node."""

import json

import yaml

from sdk_harness import REPO_ROOT, SECRET, USERPOOL_ID, run_sdk_script
from test_python_sdk_resource_permissions import _importable_collection


def test_the_bootstrapped_sample_tenant_reads_back_through_the_sdk(sdk_python, emulator):  # noqa: F811
    _importable_collection()
    from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingClient
    from ansible_collections.authing.cloud.plugins.module_utils.references import LIST_APPLICATIONS
    from ansible_collections.authing.cloud.plugins.module_utils.tenant import Tenant

    spec = yaml.safe_load((REPO_ROOT / 'playbooks' / 'vars' / 'sample_tenant.yml').read_text())['tenant_spec']
    client = AuthingClient(host=emulator.url, user_pool_id=USERPOOL_ID, secret=SECRET)
    assert Tenant(client, spec).run().changed
    [wiki] = [app for app in client.paginate(LIST_APPLICATIONS) if app['identifier'] == 'acme-wiki']

    result = run_sdk_script(sdk_python, 'sdk_read_sample_tenant.py', '--host', emulator.url,
                            '--userpool-id', USERPOOL_ID, '--secret', SECRET, wiki['id'], 'spaces')
    assert result.returncode == 0, result.stdout + result.stderr
    read = json.loads(result.stdout.strip().splitlines()[-1])

    [acme] = [org for org in read['orgs'] if org['code'] == 'acme']
    assert acme['nodes']['rnd'] == ['alice.smith', 'bob.chen'] and acme['nodes']['rnd-web'] == ['carol.taylor']
    assert acme['nodes']['ops'] == ['dave.wang']
    audit = read['policies']['audit-read']
    assert [s['resource'] for s in audit['statements']] == ['*'] and audit['assigned'] == ['USER']
    assert sorted(read['oidc']['grant_types']) == ['authorization_code', 'refresh_token']
    assert read['oidc']['access_token_expire'] == 3600 and read['oidc']['skip_consent'] is True
    assert read['login_tabs'] == ['password', 'phone-code'] and read['agreement_enabled'] is True
    assert read['targets'] == [['GROUP', ['spaces:read']], ['ORG', ['spaces:read']],
                               ['ROLE', ['spaces:admin', 'spaces:read', 'spaces:write']],
                               ['ROLE', ['spaces:read', 'spaces:write']]]
