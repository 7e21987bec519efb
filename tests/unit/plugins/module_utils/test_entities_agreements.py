"""The agreement description (REST, ordered, scoped by an application): identity (title, lang
with a default language), the list read once per application and dropped on every write, and
the order enforced by the exact bulk mode, through a fake transport."""

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler
from ansible_collections.authing.cloud.plugins.module_utils.entities import agreements
from ansible_collections.authing.cloud.plugins.module_utils.entities.agreements import AGREEMENT

from .fake_api import FakeApi, page

APP = {'id': '6123456789abcdef0123abcd', 'identifier': 'portal'}
PREFIX = '/applications/%s/agreements' % APP['id']


def item(**kw):
    base = dict((name, None) for name in AGREEMENT.item_spec())
    base.update(app='portal', state='present')
    base.update(kw)
    return base


def service(*existing):
    store = {'list': [dict(a) for a in existing], 'next': 10}

    def create(request):
        store['next'] += 1
        obj = dict(request.body, id=store['next'], order=len(store['list']) + 1)
        store['list'].append(obj)
        return obj

    def modify(request):
        obj = [a for a in store['list'] if str(a['id']) == request.path.rsplit('/', 1)[1]][0]
        obj.update(request.body)
        return obj

    def delete(request):
        store['list'] = [a for a in store['list'] if str(a['id']) != request.path.rsplit('/', 1)[1]]

    def sort(request):
        for position, ident in enumerate(request.body['ids']):
            [a for a in store['list'] if a['id'] == ident][0]['order'] = position + 1
    routes = {
        'GET /applications': page([APP]),
        'GET ' + PREFIX: lambda r: {'list': [dict(a) for a in store['list']]},
        'POST ' + PREFIX: create,
        'PUT ' + PREFIX + '/*': modify,
        'DELETE ' + PREFIX + '/*': delete,
        'POST ' + PREFIX + '/sort': sort,
    }
    return FakeApi(routes), store


def titles(store):
    return [a['title'] for a in sorted(store['list'], key=lambda a: a['order'])]


def test_agreement_identity_defaults_lang_and_needs_a_title():
    identity = AGREEMENT.identity
    assert identity({'title': 'T', 'lang': None}) == ('T', 'zh-CN')
    assert identity({'title': 'T', 'lang': 'en-US'}) == ('T', 'en-US')
    assert identity({'title': None, 'lang': 'en-US'}) == (None, None)
    assert AGREEMENT.label({'title': 'T', 'lang': None}) == 'T zh-CN'
    assert AGREEMENT.export_fields == ['title', 'lang', 'required']


def test_agreements_are_listed_once_and_the_cache_is_dropped_on_writes():
    listing = [{'id': 2, 'title': 'B', 'lang': 'en-US', 'order': 2}, {'id': 1, 'title': 'A', 'lang': 'zh-CN', 'order': 1}]
    api, _store = service(*listing)
    ctx = api.ctx
    assert agreements.find_agreement(ctx, ('B', 'en-US'), APP)['id'] == 2
    assert agreements.find_agreement(ctx, ('B', 'zh-CN'), APP) is None
    assert [a['title'] for a in agreements.info_list(ctx, {'lang': None}, APP)] == ['A', 'B']
    assert [a['title'] for a in agreements.info_list(ctx, {'lang': 'en-US'}, APP)] == ['B']
    assert api.names() == ['GET ' + PREFIX]
    AGREEMENT.wire.sort(ctx, APP, listing)
    assert api.requests()[-1].body == {'ids': [2, 1]}
    agreements.find_agreement(ctx, ('A', 'zh-CN'), APP)
    assert api.names() == ['GET ' + PREFIX, 'POST ' + PREFIX + '/sort', 'GET ' + PREFIX]


def test_create_update_delete_through_the_reconciler():
    api, store = service({'id': 1, 'title': 'Terms', 'lang': 'zh-CN', 'required': False, 'order': 1},
                         {'id': 2, 'title': 'Old', 'lang': 'en-US', 'required': True, 'order': 2})
    reconciler = Reconciler(AGREEMENT, ctx=api.ctx)
    records = reconciler.run([item(title='Terms', required=True), item(title='Privacy', lang='en-US', required=True),
                              item(title='Old', lang='en-US', state='absent')])
    assert [r['plan'].action for r in records] == ['update', 'create', 'delete']
    [modify] = api.sent('PUT %s/1' % PREFIX)
    assert modify.body == {'required': True, 'title': 'Terms', 'lang': 'zh-CN'}, 'title and lang go with every change'
    [create] = api.sent('POST ' + PREFIX)
    assert create.body == {'title': 'Privacy', 'lang': 'en-US', 'required': True}
    assert api.sent('DELETE %s/2' % PREFIX)
    assert titles(store) == ['Terms', 'Privacy']
    assert api.names()[:2] == ['GET /applications', 'GET ' + PREFIX], 'one list read for every item'
    # one list read for every item, and one after the create: did a racing run create it too?
    assert api.names().count('GET ' + PREFIX) == 2
    assert reconciler.item_result(records[1])[0]['agreement']['id'] == 11


def test_exact_mode_also_puts_the_agreements_in_the_listed_order():
    api, store = service({'id': 1, 'title': 'A', 'lang': 'zh-CN', 'order': 1},
                         {'id': 2, 'title': 'B', 'lang': 'zh-CN', 'order': 2},
                         {'id': 3, 'title': 'C', 'lang': 'zh-CN', 'order': 3})
    check = Reconciler(AGREEMENT, ctx=api.ctx, check_mode=True)
    api.client.check_mode = True
    check.run([item(title='C'), item(title='A')], mode='exact')
    assert [(c['before'], c['after']) for c in check.order_changes] == [
        (['A zh-CN', 'B zh-CN', 'C zh-CN'], ['C zh-CN', 'A zh-CN'])]
    assert titles(store) == ['A', 'B', 'C']
    api.client.check_mode = False
    Reconciler(AGREEMENT, ctx=api.ctx).run([item(title='C'), item(title='A')], mode='exact')
    [sort] = api.sent('POST %s/sort' % PREFIX)
    assert sort.body == {'ids': [3, 1]} and titles(store) == ['C', 'A']


def test_an_agreement_needs_an_existing_application():
    api, _store = service()
    with pytest.raises(ReconcileError) as info:
        Reconciler(AGREEMENT, ctx=api.ctx).run([item(title='T', app='nowhere')])
    assert info.value.messages == ["Failed to create agreement 'T zh-CN': application 'nowhere' does not exist"]
    assert api.names() == ['GET /applications']


def test_a_create_that_raced_another_run_ends_with_one_agreement():
    """The service keeps duplicates of (title, lang): the run whose copy is newer deletes it and
    takes the older one, so racing runs agree on the one that stays."""
    api, store = service()
    real_create = api.routes['POST ' + PREFIX]

    def racing_create(request):
        store['list'].append(dict(request.body, id=5, order=1))  # another run's copy, created first
        return real_create(request)
    api.routes['POST ' + PREFIX] = racing_create
    reconciler = Reconciler(AGREEMENT, ctx=api.ctx)
    [record] = reconciler.run([item(title='Terms', lang='en-US', required=True)])
    assert [(a['id'], a['title']) for a in store['list']] == [(5, 'Terms')]
    assert api.sent('DELETE %s/11' % PREFIX)
    assert reconciler.item_result(record)[0]['agreement']['id'] == 5
