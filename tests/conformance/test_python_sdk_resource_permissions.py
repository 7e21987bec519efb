"""Conformance: what authing_resource grants (``permissions``: authorizeResource, revoke-resource,
read with authorizedTargets) is what the unmodified official Python SDK (authing==4.5.18) reads
back: ``acl.get_authorized_targets`` and the roles', groups', users' and nodes'
``list_authorized_resources``. The plugin runs in this (dev) interpreter, the SDK in its own
(``sdk_python`` of test_python_sdk.py); the emulator is the conformance fixture."""

import json
import os
import sys
import tempfile

import requests

from sdk_harness import REPO_ROOT, SECRET, USERPOOL_ID, run_sdk_script


def _importable_collection():
    """The repository as ansible_collections.authing.cloud (as the unit tests' conftest does)."""
    try:
        import ansible_collections.authing.cloud  # noqa: F401  pylint: disable=unused-import
        return
    except ImportError:
        pass
    root = tempfile.mkdtemp(prefix='authing-conformance-')
    os.makedirs(os.path.join(root, 'ansible_collections', 'authing'))
    os.symlink(str(REPO_ROOT), os.path.join(root, 'ansible_collections', 'authing', 'cloud'))
    sys.path.insert(0, root)


class Setup(object):
    """The targets, made straight through the emulator's API."""

    def __init__(self, url):
        self.url = url
        graphql = self.gql('query accessToken($userPoolId: String!, $secret: String!) { accessToken('
                           'userPoolId: $userPoolId, secret: $secret) { accessToken } }',
                           {'userPoolId': USERPOOL_ID, 'secret': SECRET}, token=None)
        self.token = graphql['accessToken']['accessToken']

    def headers(self, token):
        return dict({'x-authing-userpool-id': USERPOOL_ID}, **({'authorization': 'Bearer ' + token} if token else {}))

    def gql(self, query, variables, token=''):
        body = requests.post(self.url + '/graphql/v2', json={'query': query, 'variables': variables}, timeout=30,
                             headers=self.headers(self.token if token == '' else token)).json()
        assert not body.get('errors'), body
        return body['data']

    def rest(self, path, body):
        answer = requests.post(self.url + path, json=body, headers=self.headers(self.token), timeout=30).json()
        assert answer['code'] == 200, answer
        return answer['data']


def test_plugin_grants_read_back_by_the_sdk(sdk_python, emulator):  # noqa: F811
    setup = Setup(emulator.url)
    app_id = setup.rest('/api/v2/applications', {'identifier': 'shop', 'name': 'Shop', 'redirectUris': []})['id']
    alice = setup.gql('mutation createUser($userInfo: CreateUserInput!) { createUser(userInfo: $userInfo) { id } }',
                      {'userInfo': {'username': 'alice'}})['createUser']['id']
    setup.gql('mutation createGroup($code: String!, $name: String!) { createGroup(code: $code, name: $name) { code } }',
              {'code': 'support', 'name': 'Support'})
    setup.gql('mutation createRole($code: String!, $namespace: String) { createRole(code: $code, namespace: $namespace) '
              '{ code } }', {'code': 'clerk', 'namespace': app_id})
    node = setup.gql('mutation createOrg($name: String!, $code: String) { createOrg(name: $name, code: $code) '
                     '{ rootNode { id } } }', {'name': 'Acme', 'code': 'acme'})['createOrg']['rootNode']['id']

    _importable_collection()
    from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingClient
    from ansible_collections.authing.cloud.plugins.module_utils.engine import Reconciler
    from ansible_collections.authing.cloud.plugins.module_utils.entities.resources import RESOURCE

    def reconcile(**options):
        item = dict((name, None) for name in RESOURCE.item_spec())
        item.update(app='shop', code='orders', state='present', actions_mode='exact', permissions_mode='exact', **options)
        client = AuthingClient(host=emulator.url, user_pool_id=USERPOOL_ID, secret=SECRET)
        return Reconciler(RESOURCE, client).run([item])[0]['plan']

    reconcile(type='DATA', actions=['orders:read', 'orders:write', 'orders:delete'], permissions=[
        {'target_type': 'ROLE', 'targets': ['clerk'], 'actions': ['orders:read', 'orders:write']},
        {'target_type': 'GROUP', 'targets': ['support'], 'actions': ['orders:read']},
        {'target_type': 'USER', 'targets': ['alice'], 'actions': ['orders:delete']},
        {'target_type': 'ORG', 'targets': ['acme'], 'actions': ['orders:read']}])
    # a changed action list is granted again, an unlisted target revoked (exact)
    plan = reconcile(permissions=[
        {'target_type': 'ROLE', 'targets': ['clerk'], 'actions': ['orders:read']},
        {'target_type': 'USER', 'targets': ['alice'], 'actions': ['orders:delete']},
        {'target_type': 'ORG', 'targets': ['acme/acme'], 'actions': ['orders:read']}])
    assert plan.changed_options() == ['permissions']

    result = run_sdk_script(sdk_python, 'sdk_read_resource_permissions.py', '--host', emulator.url,
                            '--userpool-id', USERPOOL_ID, '--secret', SECRET, app_id, 'orders', 'DATA')
    assert result.returncode == 0, result.stdout + result.stderr
    read = json.loads(result.stdout.strip().splitlines()[-1])
    targets = dict(((t['targetType'], t['targetIdentifier']), sorted(t['actions'])) for t in read['targets']['list'])
    assert targets == {('ROLE', 'clerk'): ['orders:read'], ('USER', alice): ['orders:delete'],
                       ('ORG', node): ['orders:read']}
    assert read['targets']['totalCount'] == 3
    for key, actions in targets.items():
        assert read['views']['%s %s' % key] == [{'code': 'orders', 'type': 'DATA', 'actions': actions}], key
