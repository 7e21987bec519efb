"""The user description: identities, batched reads, custom data, checks before writes and password
encryption, against a scripted client (no HTTP)."""

import base64
import json

import pytest

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa as rsa_keys

from ansible_collections.authing.cloud.plugins.module_utils import rsa
from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError, CheckModeWriteError
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler
from ansible_collections.authing.cloud.plugins.module_utils.entities import users
from ansible_collections.authing.cloud.plugins.module_utils.entities.users import USER, UserKey
from ansible_collections.authing.cloud.plugins.module_utils.references import Context, expand_role_names


class ScriptedClient(object):
    """Answers operations by root field (GraphQL) or name (REST); records every call."""

    def __init__(self, answers, check_mode=False):
        self.answers = answers
        self.calls = []
        self.documents = []
        self.check_mode = check_mode

    def call(self, op, variables=None, path=None, query=None, body=None, recheck=None):
        if op.kind == 'write' and self.check_mode:
            raise CheckModeWriteError('write in check mode: %s' % op.name)
        self.calls.append((op.root if op.transport == 'graphql' else op.name, variables or {}))
        self.documents.append(getattr(op, 'document', None))
        answer = self.answers[op.root if op.transport == 'graphql' else op.name]
        return answer(variables or {}) if callable(answer) else answer

    def paginate(self, op, variables=None, path=None, query=None, extract=None, page_size=None):
        result = self.call(op, dict(variables or {}, page=1, limit=100))
        result = extract(result) if extract else result
        return list((result or {}).get('list') or [])

    def roots(self):
        return [root for root, _variables in self.calls]


def ctx_with(answers):
    return Context(ScriptedClient(answers))


def item(**kw):
    base = dict((name, None) for name in USER.item_spec())
    base.update(update_password='on_create', groups_mode='exact', roles_mode='exact', state='present')
    base.update(kw)
    return base


def api_user(uid, username=None, email=None, **extra):
    return dict({'id': uid, 'username': username, 'email': email, 'phone': None, 'externalId': None}, **extra)


# -- identity ---------------------------------------------------------------------------------

def test_identity_takes_the_first_identifier_and_keeps_the_others():
    key = users.identity(item(username='alice', email='Alice@Example.com', custom_data={'a': 1}, groups=[]))
    assert (key.kind, str(key)) == ('username', 'alice')
    assert key.wants == frozenset(['custom_data', 'groups', 'username', 'email']), 'nested data and options set'
    assert [(k.kind, str(k)) for k in key.others] == [('email', 'alice@example.com')]
    assert users.identity(item(id='0123456789abcdef01234567', username='x')).kind == 'id'
    assert users.identity(item(nickname='nobody')) is None


def test_user_keys_compare_by_kind_and_value():
    assert UserKey('username', 'bob') == UserKey('username', 'bob', wants=frozenset(['roles']))
    assert UserKey('username', '13800000000') != UserKey('phone', '13800000000')
    assert UserKey('email', 'A@B.co') == UserKey('email', 'a@b.co')
    assert len(set([UserKey('username', 'x'), UserKey('username', 'x'), UserKey('phone', 'x')])) == 2
    assert str(UserKey('email', 'A@B.co')) == 'a@b.co' and USER.label({'username': 'bob'}) == 'bob'


def test_identities_include_aliases():
    user = api_user('u1', 'alice', 'a@x.io', _aliases=[UserKey('username', 'renamed')])
    assert set(users.identities(user)) == set([UserKey('id', 'u1'), UserKey('username', 'alice'),
                                               UserKey('email', 'a@x.io'), UserKey('username', 'renamed')])


# -- batched reads ----------------------------------------------------------------------------------

def test_find_many_reads_80_per_call_by_type_then_tries_the_other_identifiers():
    existing = dict(('u%03d' % i, api_user('id%03d' % i, 'u%03d' % i, 'u%03d@x.io' % i)) for i in range(170))
    existing['mail-only'] = api_user('idm', None, 'm@x.io')

    def batch(variables):
        attribute = {'username': 'username', 'email': 'email'}[variables['type']]
        return [dict(u) for u in existing.values() if u[attribute] in variables['ids']]
    ctx = ctx_with({'userBatch': batch})
    idents = [users.identity(item(username='u%03d' % i, custom_data={})) for i in range(170)]
    idents.append(users.identity(item(username='newname', email='M@x.io')))
    found = users.find_users(ctx, idents)
    calls = ctx.client.calls
    expected = [('username', 80), ('username', 80), ('username', 11), ('email', 1)]
    # the username calls go a few at a time (in any order); the other identifiers after them
    assert sorted([(v['type'], len(v['ids'])) for _root, v in calls[:3]], reverse=True) == expected[:3]
    assert [(v['type'], len(v['ids'])) for _root, v in calls[3:]] == expected[3:]
    mail_only = [u for u in found if u['id'] == 'idm'][0]
    assert UserKey('username', 'newname') in users.identities(mail_only)
    assert all(u['_nested'] == frozenset(['custom_data', 'username', 'email']) for u in found)


def test_another_identifier_never_finds_a_user_who_has_the_first_kind():
    taken = api_user('id1', 'taken', 't@x.io')
    ctx = ctx_with({'userBatch': lambda v: [dict(taken)] if v['type'] == 'email' else [],
                    'findUser': lambda v: dict(taken) if v.get('email') else None})
    ident = users.identity(item(username='typo', email='t@x.io'))
    found = users.find_users(ctx, [ident])
    assert ident not in set(key for user in found for key in users.identities(user))
    assert users.find_user(ctx, ident) is None


def test_nested_selections_follow_what_is_wanted():
    ctx = ctx_with({})
    op = users._operation(ctx, users.BATCH, frozenset(['custom_data', 'groups', 'roles']), ['default', 'app1'])
    assert 'customData { key value dataType label }' in op.document
    assert 'groups { totalCount list { code } }' in op.document
    assert 'roles1: roles(namespace: $ns1)' in op.document and '$ns1: String' in op.document
    plain = users._operation(ctx, users.BATCH, frozenset(), [])
    assert 'customData' not in plain.document and 'roles' not in plain.document and op.root == 'userBatch'
    assert users.USER_FIELDS in plain.document, 'whole objects by default'


def test_a_run_without_whole_objects_reads_and_writes_the_identifiers_and_what_the_items_set():
    ctx = ctx_with({'createUser': lambda variables: {'id': 'u1', 'username': 'ann'}})
    ctx.whole_objects = False
    op = users._operation(ctx, users.BATCH, users.wants_of(item(username='ann', nickname='Ann', groups=[])), [])
    selection = op.document.split('userBatch(ids: $ids, type: $type) {')[1]
    assert selection.split() == ['id', 'username', 'email', 'phone', 'externalId', 'nickname', 'groups', '{',
                                 'totalCount', 'list', '{', 'code', '}', '}', '}', '}']
    users.create_user(ctx, {'username': 'ann', 'company': 'ACME'}, None, None)
    document = ctx.client.documents[-1]
    assert ' company ' in document and ' gender ' not in document and ' id ' in document


def test_roles_of_every_namespace_are_folded_into_one_list():
    user = {'roles0': {'list': [{'code': 'dev', 'namespace': 'default'}]},
            'roles1': {'list': [{'code': 'clerk', 'namespace': 'app1'}]}}
    users._absorb(user, frozenset(['roles']), ['default', 'app1'])
    assert user['roles'] == [{'code': 'dev', 'namespace': 'default'}, {'code': 'clerk', 'namespace': 'app1'}]
    assert 'roles0' not in user


def test_relations_use_prefetched_data_without_requests():
    ctx = ctx_with({'applications.list': {'totalCount': 1, 'list': [{'id': 'app1', 'identifier': 'shop'}]}})
    user = {'id': 'u1', '_nested': frozenset(['groups', 'roles']), 'groups': {'list': [{'code': 'eng'}]},
            'roles': [{'code': 'dev', 'namespace': 'default'}, {'code': 'clerk', 'namespace': 'app1'}]}
    assert [r.label for r in users.read_groups(ctx, user)] == ['eng']
    assert sorted(r.label for r in users.read_roles(ctx, user)) == ['dev', 'shop/clerk']
    assert ctx.client.roots() == ['applications.list']  # labels only; no user read
    # what the read showed to exist is remembered: resolving it needs no request
    ctx.refs.resolve_groups(['eng'])
    ctx.refs.resolve_roles(expand_role_names([{'code': 'clerk', 'app': 'shop'}]))
    assert ctx.client.roots() == ['applications.list']


def test_groups_are_read_when_not_prefetched():
    ctx = ctx_with({'user': {'groups': {'list': [{'code': 'ops'}]}}})
    assert [r.id for r in users.read_groups(ctx, {'id': 'u1'})] == ['ops']
    assert ctx.client.roots() == ['user']


# -- custom data ---------------------------------------------------------------------------------

def test_custom_data_of_an_update_is_written_in_one_call_and_nulls_remove():
    remaining = [{'key': 'age', 'value': '3', 'dataType': 'NUMBER'}]
    ctx = ctx_with({'setUdvBatch': remaining + [{'key': 'old', 'value': 'x', 'dataType': 'STRING'}],
                    'removeUdv': remaining})
    user = {'id': 'u1', 'customData': [{'key': 'old', 'value': 'x', 'dataType': 'STRING'}]}
    updated = users.update_user(ctx, user, {'customData': {'age': 3, 'old': None, 'never': None}}, None, None)
    assert ctx.client.calls == [
        ('setUdvBatch', {'targetType': 'USER', 'targetId': 'u1', 'udvList': [{'key': 'age', 'value': '3'}]}),
        ('removeUdv', {'targetType': 'USER', 'targetId': 'u1', 'key': 'old'})]
    assert updated['customData'] == remaining, 'the result holds what the server answered'


def test_custom_data_of_a_new_user_travels_in_create_user():
    created = []

    def create(variables):
        created.append(variables)
        return api_user('u1', 'a', customData=[{'key': 'age', 'value': '3', 'dataType': 'NUMBER'}])
    ctx = ctx_with({'createUser': create})
    user = users.create_user(ctx, {'username': 'a', 'customData': {'age': 3, 'school': '清华', 'gone': None}}, None, None)
    assert ctx.client.roots() == ['createUser']
    assert json.loads(created[0]['params']) == [{'key': 'age', 'value': 3}, {'key': 'school', 'value': '清华'}]
    assert 'customData' not in created[0]['userInfo'] and user['customData'][0]['key'] == 'age'


# -- checks before writes ---------------------------------------------------------------------------

def record(it, api=None):
    return {'item': it, 'ident': users.identity(it), 'key': str(users.identity(it)), 'api': api}


def test_normalize_and_check_read_definitions_once_and_check_reports_every_problem():
    ctx = ctx_with({'udf': [{'key': 'age', 'dataType': 'NUMBER'}, {'key': 'when', 'dataType': 'DATETIME'}]})
    records = [record(item(username='a', custom_data={'age': '3', 'ghost': 1})),
               record(item(username='b', email='same@x.io', custom_data={'when': '2024-01-02T08:00:00+08:00'})),
               record(item(username='c', email='SAME@x.io')),
               record(item(id='0123456789abcdef01234567'))]
    for each in records:
        each['item'] = users.normalize(ctx, each['item'])
    problems = [(r['key'], message) for r, message in users.check(ctx, records)]
    assert ctx.client.roots() == ['udf']
    assert ('a', "custom data 'age' must be a number (data type NUMBER), got str '3'") in problems
    assert ('a', "custom data 'ghost' is not a defined custom field (define it with authing_custom_field)") in problems
    assert sum(1 for key, message in problems if 'same@x.io is claimed by more than one user' in message) == 2
    assert any(key == '0123456789abcdef01234567' and 'cannot be created with a given id' in message
               for key, message in problems)
    assert records[1]['item']['custom_data'] == {'when': '2024-01-02T00:00:00.000Z'}, 'made canonical'


def test_one_user_named_twice_by_different_identifiers_is_no_conflict():
    same = api_user('u1', 'alice', 'a@x.io')
    records = [record(item(username='alice', email='a@x.io'), api=same), record(item(email='A@x.io'), api=same)]
    assert users._claims(records) == []


def test_validate_rejects_bad_email_and_role_elements():
    assert users.validate(item(username='a', email='nope')) == ["invalid email address 'nope'"]
    assert len(users.validate(item(username='a', roles=[{'code': 'x', 'app': 'a', 'namespace': 'b'}]))) == 1


# -- writes ---------------------------------------------------------------------------------------

def key_pair():
    private = rsa_keys.generate_private_key(public_exponent=65537, key_size=1024)
    pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, pem


def decrypt(private, text):
    return private.decrypt(base64.b64decode(text), padding.PKCS1v15()).decode()


def test_password_is_encrypted_with_the_published_key_fetched_once():
    private, pem = key_pair()
    created = []

    def create(variables):
        created.append(variables)
        return api_user('u1', variables['userInfo'].get('username'))
    ctx = ctx_with({'well-known': {'publicKey': pem}, 'createUser': create, 'updateUser': api_user('u1', 'a')})
    users.create_user(ctx, {'username': 'a', 'password': 'pw-1', 'keepPassword': True, 'city': 'X'}, None, None)
    users.create_user(ctx, {'username': 'b', 'password': 'pw-2'}, None, None)
    assert ctx.client.roots() == ['well-known', 'createUser', 'updateUser', 'createUser']
    first, second = created
    assert decrypt(private, first['userInfo']['password']) == 'pw-1' and first['keepPassword'] is True
    assert 'city' not in first['userInfo'] and ctx.client.calls[2][1]['input'] == {'city': 'X'}
    assert decrypt(private, second['userInfo']['password']) == 'pw-2' and second['keepPassword'] is None


def test_bare_base64_public_keys_are_accepted():
    _private, pem = key_pair()
    body = ''.join(line for line in pem.splitlines() if '-----' not in line)
    assert rsa.load_public_key(body).key_size == 1024
    with pytest.raises(AuthingError):
        rsa.load_public_key('')


def test_update_keeps_nested_data_and_drops_create_only_inputs():
    ctx = ctx_with({'updateUser': lambda v: api_user('u1', 'alice', nickname=v['input'].get('nickname'))})
    current = api_user('u1', 'alice', customData=[{'key': 'a', 'value': '1', 'dataType': 'NUMBER'}],
                       _nested=frozenset(['custom_data']))
    updated = users.update_user(ctx, current, {'nickname': 'N', 'signedUp': 'x', 'id': 'u1'}, None, None)
    assert ctx.client.calls == [('updateUser', {'id': 'u1', 'input': {'nickname': 'N'}})]
    assert updated['customData'] == current['customData'] and updated['nickname'] == 'N'
    assert users.update_user(ctx, current, {'signedUp': 'x'}, None, None) is current


def test_reconcile_in_check_mode_predicts_without_writing():
    alice = api_user('u1', 'alice', nickname='A', customData=[])
    answers = {'findUser': lambda v: alice if v.get('username') == 'alice' else None,
               'udf': [{'key': 'age', 'dataType': 'NUMBER'}], 'group': {'code': 'eng'}}
    client = ScriptedClient(answers, check_mode=True)
    reconciler = Reconciler(USER, client, check_mode=True)
    records = reconciler.run([item(username='alice', nickname='B', custom_data={'age': 4}),
                              item(username='new', password='secret-pw', groups=['eng'])])
    views = [reconciler.views(r) for r in records]
    assert [r['plan'].action for r in records] == ['update', 'create']
    assert views[0][2]['nickname'] == 'B' and views[0][2]['custom_data'] == {'age': 4}
    assert views[1][1]['password'] == '********' and 'password' not in views[1][2]
    assert views[1][2]['groups'] == ['eng']
    assert all(root in ('findUser', 'udf', 'group') for root in client.roots())


def test_unknown_id_is_reported_before_any_write():
    client = ScriptedClient({'user': None})
    with pytest.raises(ReconcileError) as info:
        Reconciler(USER, client).run([item(id='0123456789abcdef01234567', nickname='x')])
    assert 'cannot be created with a given id' in info.value.messages[0]
    assert client.roots() == ['user']
