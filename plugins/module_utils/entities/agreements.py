# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Registration agreements of an application (REST): keyed by ``title`` + ``lang``.

``lang`` defaults to ``zh-CN`` (as the service and both SDKs do) when it is left out. The list
of an application's agreements is read once per run and shared by all items (every write drops
it). Agreements are ordered: the exact bulk mode also puts them in the listed order (the sort
endpoint takes every agreement id of the application).
"""

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError, rest
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Scope, Wire
from ansible_collections.authing.cloud.plugins.module_utils.references import Slot

LANGUAGES = ['zh-CN', 'en-US']
DEFAULT_LANG = 'zh-CN'
PREFIX = '/api/v2/applications/{app}/agreements'

LIST = rest('agreements.list', 'GET', PREFIX)
CREATE = rest('agreements.create', 'POST', PREFIX)
MODIFY = rest('agreements.modify', 'PUT', PREFIX + '/{id}', idempotent=True)
DELETE = rest('agreements.delete', 'DELETE', PREFIX + '/{id}')
SORT = rest('agreements.sort', 'POST', PREFIX + '/sort', idempotent=True)


AGREEMENTS = Slot('agreements of an application, in order')


def list_agreements(ctx, app):
    """Every agreement of the application, in order; read once per run."""
    def fetch():
        result = ctx.client.call(LIST, path={'app': app['id']}) or {}
        return sorted(result.get('list') or [], key=position)
    return ctx.memo.load(AGREEMENTS, app['id'], fetch)


def position(agreement):
    return agreement.get('order') or 0


def find_agreement(ctx, ident, app):
    title, lang = ident
    for agreement in list_agreements(ctx, app):
        if (agreement.get('title'), agreement.get('lang')) == (title, lang):
            return agreement
    return None


def _send(ctx, app, op, **request):
    """A write to the agreements of ``app``: the application's cached list is dropped around it."""
    with ctx.memo.changing(AGREEMENTS, app['id']):
        return ctx.client.call(op, **request)


def create(ctx, payload, app, recheck):
    """Create, then make sure the key has one agreement: the service does not keep (title, lang)
    unique, so two runs creating it at once would leave two. Every run keeps the oldest (lowest
    id) and deletes the others, so racing runs agree on the one that stays."""
    created = _send(ctx, app, CREATE, path={'app': app['id']}, body=payload, recheck=recheck)
    key = (created.get('title'), created.get('lang'))
    with ctx.memo.fresh():
        same = sorted((a for a in list_agreements(ctx, app) if (a.get('title'), a.get('lang')) == key),
                      key=lambda a: _number(a['id']))
    for extra in same[1:]:
        try:
            _send(ctx, app, DELETE, path={'app': app['id'], 'id': extra['id']})
        except AuthingError as exc:
            if exc.kind != 'not_found':
                raise  # else the other run deleted it already
    return same[0] if same else created


def _number(agreement_id):
    try:
        return int(agreement_id)
    except (TypeError, ValueError):
        return agreement_id


def update(ctx, current, payload, app, recheck):
    return _send(ctx, app, MODIFY, path={'app': app['id'], 'id': current['id']},
                 body=dict(payload, title=current['title'], lang=current['lang']))


def delete(ctx, current, app, recheck):
    return _send(ctx, app, DELETE, path={'app': app['id'], 'id': current['id']}, recheck=recheck)


def sort(ctx, app, agreements):
    return _send(ctx, app, SORT, path={'app': app['id']}, body={'ids': [a['id'] for a in agreements]})


def identity(item):
    """(title, lang); without a title there is no identity (the info module then lists)."""
    return (item['title'], item.get('lang') or DEFAULT_LANG) if item.get('title') else (None, None)


def info_list(ctx, params, app):
    """``info_list`` behaviour: every agreement, or those of one language."""
    return [a for a in list_agreements(ctx, app) if params.get('lang') in (None, a.get('lang'))]


WIRE = Wire(find=find_agreement, list_all=list_agreements, create=create, update=update, delete=delete,
            position=position, sort=sort)

AGREEMENT = Entity(
    name='agreement',
    plural='agreements',
    key=('title', 'lang'),
    ordered=True,
    scope=Scope('app', resolve=lambda ctx, ref: ctx.refs.resolve_app(ref), kind='application'),
    fields=[
        Field('title'),
        Field('lang', choices=LANGUAGES),
        Field('required', type='bool'),
    ],
    read_only=[Field('id'), Field('order')],
    identity=identity,
    info_list=info_list,
    wire=WIRE,
)
