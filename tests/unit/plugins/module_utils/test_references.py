"""The references layer: the per-run Memo (single flight, no lock held while fetching) and
References (users, groups, roles and applications by natural key: batched, remembered), against
a fake transport."""

import threading
import time

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError
from ansible_collections.authing.cloud.plugins.module_utils.description import Ref, UnknownReferences
from ansible_collections.authing.cloud.plugins.module_utils.references import (
    APPLICATION_INDEX, USER_BATCH_LIMIT, Context, Memo, References, RoleName, Slot, by_namespace, expand_role_names,
    role_problems, user_label)

from .fake_api import ApiError, FakeApi, page

APP = {'id': '6123456789abcdef0123abcd', 'identifier': 'portal'}
OTHER = {'id': '6123456789abcdef0123ffff', 'identifier': 'shop'}
SLOT, OTHER_SLOT = Slot('things'), Slot('other things')


def run_in_thread(func):
    """Start func in a daemon thread; returns (thread, outcome dict)."""
    outcome = {}

    def target():
        try:
            outcome['value'] = func()
        except Exception as exc:  # pylint: disable=broad-except
            outcome['error'] = exc
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, outcome


# -- Memo ------------------------------------------------------------------------------------------

def test_memo_loads_once_per_slot_and_key():
    memo, calls = Memo(), []

    def fetch(value):
        return lambda: calls.append(value) or value
    assert memo.load(SLOT, 'a', fetch(1)) == 1
    assert memo.load(SLOT, 'a', fetch(2)) == 1
    assert memo.load(SLOT, 'b', fetch(3)) == 3
    assert memo.load(OTHER_SLOT, 'a', fetch(4)) == 4
    assert calls == [1, 3, 4]


def test_two_threads_asking_at_once_fetch_once():
    memo, calls = Memo(), []
    release = threading.Event()

    def fetch():
        calls.append(threading.current_thread().name)
        release.wait(5)
        return {'loaded': len(calls)}
    first, first_out = run_in_thread(lambda: memo.load(SLOT, None, fetch))
    while not calls:
        time.sleep(0.001)
    second, second_out = run_in_thread(lambda: memo.load(SLOT, None, fetch))
    time.sleep(0.05)
    assert second.is_alive(), 'the second thread waits for the first one\'s fetch'
    assert len(calls) == 1
    release.set()
    first.join(5)
    second.join(5)
    assert len(calls) == 1
    assert first_out['value'] is second_out['value'] and second_out['value'] == {'loaded': 1}


def test_a_failed_fetch_is_not_cached_and_reaches_the_waiting_threads():
    memo = Memo()
    release = threading.Event()
    started = threading.Event()

    def failing():
        started.set()
        release.wait(5)
        raise AuthingError('boom', code=500)
    first, first_out = run_in_thread(lambda: memo.load(SLOT, 'k', failing))
    started.wait(5)
    second, second_out = run_in_thread(lambda: memo.load(SLOT, 'k', lambda: 'never'))
    time.sleep(0.05)
    release.set()
    first.join(5)
    second.join(5)
    assert str(first_out['error']) == 'boom' and second_out['error'] is first_out['error']
    assert memo.peek(SLOT, 'k', 'nothing') == 'nothing'
    assert memo.load(SLOT, 'k', lambda: 'second try') == 'second try'


def test_no_lock_is_held_during_a_fetch():
    memo = Memo()

    def outer():
        return 'outer+' + memo.load(OTHER_SLOT, None, lambda: 'inner')  # a fetch that loads another slot
    thread, outcome = run_in_thread(lambda: memo.load(SLOT, None, outer))
    thread.join(2)
    assert not thread.is_alive(), 'deadlock: a fetch could not load another slot'
    assert outcome == {'value': 'outer+inner'}


def test_other_slots_load_while_a_fetch_is_blocked():
    memo = Memo()
    release, started = threading.Event(), threading.Event()
    slow, _outcome = run_in_thread(lambda: memo.load(SLOT, None, lambda: started.set() or release.wait(5)))
    started.wait(5)
    fast, outcome = run_in_thread(lambda: memo.load(OTHER_SLOT, None, lambda: 'fast'))
    fast.join(2)
    alive = fast.is_alive()
    release.set()
    slow.join(5)
    assert not alive and outcome == {'value': 'fast'}


def test_forget_put_and_peek():
    memo = Memo()
    for key in ('a', 'b'):
        memo.load(SLOT, key, lambda: 'old')
    memo.load(OTHER_SLOT, 'a', lambda: 'kept')
    assert memo.peek(SLOT, 'a') == 'old' and memo.peek(SLOT, 'zzz') is None
    memo.forget(SLOT, 'a')
    assert memo.peek(SLOT, 'a') is None and memo.peek(SLOT, 'b') == 'old'
    assert memo.load(SLOT, 'a', lambda: 'new') == 'new'
    memo.forget(SLOT)
    assert memo.peek(SLOT, 'a') is None and memo.peek(SLOT, 'b') is None and memo.peek(OTHER_SLOT, 'a') == 'kept'
    memo.put(SLOT, 'c', 'given')
    assert memo.load(SLOT, 'c', lambda: 'fetched') == 'given'


def test_a_value_read_while_it_changes_is_dropped_after_the_write():
    memo = Memo()
    memo.load(SLOT, 'a', lambda: 'before')
    with memo.changing(SLOT, 'a'):
        assert memo.peek(SLOT, 'a') is None, 'dropped before the write'
        memo.load(SLOT, 'a', lambda: 'read during the write')  # e.g. the write's own recheck
    assert memo.load(SLOT, 'a', lambda: 'after') == 'after'


def test_context_holds_client_memo_and_references():
    api = FakeApi()
    ctx = Context(api.client)
    assert ctx.client is api.client and isinstance(ctx.memo, Memo) and isinstance(ctx.refs, References)
    assert ctx.refs.memo is ctx.memo and ctx.refs.client is api.client


# -- users -------------------------------------------------------------------------------------------

def user(uid, username=None, email=None, phone=None):
    return {'id': uid, 'username': username, 'email': email, 'phone': phone, 'externalId': None}


def batch_of(users):
    def answer(request):
        attribute = request.variables['type']
        return [u for u in users if (u.get(attribute) or '').lower() in request.variables['ids']]
    return answer


def test_200_users_are_resolved_in_3_batches_of_at_most_80():
    users = [user('%024x' % i, 'user%03d' % i) for i in range(200)]
    api = FakeApi({'userBatch': batch_of(users)})
    resolved = api.ctx.refs.resolve_users(['user%03d' % i for i in range(200)])
    batches = api.sent('userBatch')
    assert [len(b.variables['ids']) for b in batches] == [80, 80, 40]
    assert USER_BATCH_LIMIT == 80 and all(b.variables['type'] == 'username' for b in batches)
    assert sorted(i for b in batches for i in b.variables['ids']) == sorted('user%03d' % i for i in range(200))
    assert 'userBatch(ids: $ids, type: $type)' in batches[0].document
    assert resolved['user007'] == Ref('%024x' % 7, 'user007')


def test_each_spelling_is_tried_in_order_and_unknown_names_are_named():
    alice = user('0123456789abcdef01234567', 'alice', 'alice@x.io')
    bob = user('0123456789abcdef0123aaaa', None, 'bob@x.io', '+8613800000000')
    api = FakeApi({'userBatch': batch_of([alice, bob])})
    with pytest.raises(UnknownReferences) as info:
        api.ctx.refs.resolve_users(['0123456789abcdef01234567', 'Bob@X.io', '+8613800000000', 'ghost', 'no@x.io'])
    assert info.value.kind == 'user' and info.value.refs == ['ghost', 'no@x.io']
    assert [(b.variables['type'], b.variables['ids']) for b in api.sent('userBatch')] == [
        ('id', ['0123456789abcdef01234567']),
        ('username', ['+8613800000000', 'Bob@X.io', 'ghost', 'no@x.io']),
        ('email', ['bob@x.io', 'no@x.io']),  # emails are looked up lower-cased
        ('phone', ['+8613800000000'])]
    api.forget()
    resolved = api.ctx.refs.resolve_users(['Bob@X.io', '+8613800000000', alice['id']])
    assert api.names() == [], 'found users are remembered'
    assert resolved == {'Bob@X.io': Ref(bob['id'], 'bob@x.io'), '+8613800000000': Ref(bob['id'], 'bob@x.io'),
                        alice['id']: Ref(alice['id'], 'alice')}


def test_remembered_users_need_no_request():
    api = FakeApi()
    refs = api.ctx.refs.remember_users([user('u1', 'alice', 'a@x.io', '+861'), user('u2', None, None, '+862')])
    assert refs == [Ref('u1', 'alice'), Ref('u2', '+862')]
    assert api.ctx.refs.resolve_users(['alice', 'a@x.io', 'u1', '+862']) == {
        'alice': refs[0], 'a@x.io': refs[0], 'u1': refs[0], '+862': refs[1]}
    assert api.names() == []


def test_user_label_prefers_the_most_human_identifier():
    assert user_label(user('u1', 'alice', 'a@x.io')) == 'alice'
    assert user_label(user('u1', None, 'a@x.io', '+86')) == 'a@x.io'
    assert user_label(user('u1', None, None, '+86')) == '+86'
    assert user_label(user('u1')) == 'u1'


# -- groups ------------------------------------------------------------------------------------------

def test_group_references_are_checked():
    api = FakeApi({'group': lambda r: {'code': r.variables['code']} if r.variables['code'] != 'nope' else None})
    assert sorted(api.ctx.refs.resolve_groups(['eng', 'ops'])) == ['eng', 'ops']
    with pytest.raises(UnknownReferences) as info:
        api.ctx.refs.resolve_groups(['eng', 'nope'])
    assert info.value.refs == ['nope']
    assert api.names() == ['group', 'group', 'group']  # eng is cached
    assert sorted(r.variables['code'] for r in api.sent('group')) == ['eng', 'nope', 'ops']


def test_the_lookups_of_one_resolution_are_in_flight_together():
    both = threading.Barrier(2, timeout=5)  # each lookup waits for the other to be sent
    api = FakeApi({'group': lambda r: both.wait() is not None and {'code': r.variables['code']},
                   'role': lambda r: both.wait() is not None and {'code': r.variables['code']}})
    assert sorted(api.ctx.refs.resolve_groups(['eng', 'ops'])) == ['eng', 'ops']
    assert len(api.ctx.refs.resolve_roles(expand_role_names(['dev', 'ops']))) == 2


def test_groups_and_roles_a_prediction_declared_need_no_lookup():
    api = FakeApi()
    api.ctx.refs.declare_groups(['eng'])
    api.ctx.refs.declare_role(None, 'dev')
    assert api.ctx.refs.resolve_groups(['eng']) == {'eng': Ref('eng', 'eng')}
    assert [ref.id for ref in api.ctx.refs.resolve_roles(expand_role_names(['dev'])).values()] == [('default', 'dev')]
    assert api.names() == []


def test_many_groups_are_listed_instead_of_looked_up_one_by_one():
    codes = ['g%02d' % i for i in range(15)]
    api = FakeApi({'groups': lambda r: page([{'code': c} for c in codes + ['other']])})
    resolved = api.ctx.refs.resolve_groups(codes[:11])
    assert resolved['g03'] == Ref('g03', 'g03')
    assert api.names() == ['groups'] and api.sent('groups')[0].variables == {'page': 1, 'limit': 100}
    api.ctx.refs.resolve_groups(codes[11:] + ['other'])
    assert api.names() == ['groups'], 'every listed group is remembered'


def test_remembered_groups_need_no_request():
    api = FakeApi()
    api.ctx.refs.remember_groups(['eng'])
    assert api.ctx.refs.resolve_groups(['eng']) == {'eng': Ref('eng', 'eng')}
    assert api.names() == []


# -- applications ------------------------------------------------------------------------------------

def test_resolve_app_by_id_or_identifier_lists_once():
    api = FakeApi({'GET /applications': page([APP]), 'GET /applications/*': ApiError(2011, 'no such app')})
    refs = api.ctx.refs
    assert refs.resolve_app(APP['id']) == APP  # detail says 2011 (a stale id?), the list knows it
    assert refs.resolve_app('portal') == APP
    assert refs.resolve_app('nope') is None
    assert refs.resolve_app(APP['id']) == APP  # listed already: no detail call
    assert api.names() == ['GET /applications/' + APP['id'], 'GET /applications']
    assert api.sent('GET /applications')[0].query == {'page': 1, 'limit': 100}
    with refs.changing_applications():
        pass
    refs.resolve_app('portal')
    assert api.names()[-1] == 'GET /applications'


def test_application_by_id_is_none_only_for_not_found():
    api = FakeApi({'GET /applications/*': APP})
    assert api.ctx.refs.application_by_id(APP['id']) == APP
    api.routes['GET /applications/*'] = ApiError(500, 'boom')
    with pytest.raises(AuthingError) as info:
        api.ctx.refs.application_by_id(APP['id'])
    assert info.value.code == 500


def test_application_index_is_read_once_and_lists_applications_in_order():
    api = FakeApi({'GET /applications': lambda r: page([APP, OTHER]) if r.query['page'] == 1 else page([])})
    assert api.ctx.refs.applications() == [APP, OTHER]
    assert api.ctx.refs.application_index()['shop'] is api.ctx.refs.application_index()[OTHER['id']]
    assert api.ctx.memo.peek(APPLICATION_INDEX, None)['portal'] == APP
    assert api.names() == ['GET /applications']


# -- roles -------------------------------------------------------------------------------------------

def test_role_names_and_their_problems():
    names = expand_role_names(['dev', {'code': 'dev', 'namespace': 'default'}, {'code': 'c', 'app': 'shop'},
                               {'code': 'c', 'namespace': 'ns1'}])
    assert [str(n) for n in names] == ['dev', 'dev', 'c (application shop)', 'c (namespace ns1)']
    expected = [('default', None), ('default', None), (None, 'shop'), ('ns1', None)]
    assert [(n.namespace, n.app) for n in names] == expected
    assert role_problems(['ok', {'code': 'x'}]) == []
    assert len(role_problems([{'code': 'x', 'app': 'a', 'namespace': 'b'}, {'app': 'a'}, 3, ''])) == 4
    assert len(role_problems([{'code': 'x', 'color': 'red'}])) == 1 and role_problems(None) == []
    assert RoleName('c', namespace=None) == 'c' and RoleName('c').namespace == 'default'


def test_resolve_role_names_checks_existence_per_namespace():
    app = {'id': '0123456789abcdef01234567', 'identifier': 'shop'}
    known = (('default', 'dev'), ('0123456789abcdef01234567', 'clerk'))
    api = FakeApi({'role': lambda r: {'code': r.variables['code']} if (r.variables['namespace'], r.variables['code']) in known
                   else None, 'GET /applications': page([app])})
    names = expand_role_names(['dev', {'code': 'clerk', 'app': 'shop'}])
    resolved = api.ctx.refs.resolve_roles(names)
    assert sorted((ref.id, ref.label) for ref in resolved.values()) == [
        (('0123456789abcdef01234567', 'clerk'), 'shop/clerk'), (('default', 'dev'), 'dev')]
    assert sorted((r.variables['namespace'], r.variables['code']) for r in api.sent('role')) == sorted(known)
    with pytest.raises(UnknownReferences) as info:
        api.ctx.refs.resolve_roles(expand_role_names(['nope', {'code': 'x', 'app': 'nowhere'}]))
    assert [str(r) for r in info.value.refs] == ['nope', 'x (application nowhere)']
    api.forget()
    api.ctx.refs.resolve_roles(names)
    assert api.names() == [], 'roles found are remembered'


def test_many_roles_of_a_namespace_are_listed():
    codes = ['r%02d' % i for i in range(12)]
    api = FakeApi({'roles': lambda r: page([{'code': c} for c in codes])})
    resolved = api.ctx.refs.resolve_roles(expand_role_names(codes))
    assert len(resolved) == 12 and api.names() == ['roles']
    assert api.sent('roles')[0].variables == {'namespace': 'default', 'page': 1, 'limit': 100}


def test_role_ref_remembers_and_labels_application_roles():
    api = FakeApi({'GET /applications': page([APP])})
    refs = api.ctx.refs
    assert refs.role_ref(None, 'dev') == Ref(('default', 'dev'), 'dev')
    assert refs.role_ref(APP['id'], 'clerk') == Ref((APP['id'], 'clerk'), 'portal/clerk')
    assert refs.role_label('unknown-ns', 'x') == 'unknown-ns/x'
    assert refs.resolve_roles([RoleName('clerk', app='portal')])[RoleName('clerk', app='portal')].id == (APP['id'], 'clerk')
    assert api.names() == ['GET /applications'], 'remembered roles need no lookup'
    assert refs.role_namespaces() == ['default', APP['id']]
    assert refs.resolve_namespace(None) == {'id': 'default', 'namespace': 'default'}
    assert refs.resolve_namespace('portal') == {'id': APP['id'], 'namespace': APP['id'], 'app': 'portal'}
    assert refs.resolve_namespace('nowhere') is None


def test_by_namespace_groups_role_refs():
    refs = [Ref(('default', 'b'), 'b'), Ref(('app1', 'c'), 'x/c'), Ref(('default', 'a'), 'a')]
    assert by_namespace(refs) == [('app1', ['c']), ('default', ['a', 'b'])]
