# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Registration agreements of an application (REST): keyed by ``title`` + ``lang``.

``lang`` defaults to ``zh-CN`` (as the service and both SDKs do) when it is left out. The list
of an application's agreements is read once per run and shared by all items; the exact bulk
mode also puts them in the listed order (``position`` + ``sort`` hooks; the sort endpoint takes
every agreement id of the application).
"""

from ansible_collections.authing.cloud.plugins.module_utils.client import rest
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Scope
from ansible_collections.authing.cloud.plugins.module_utils.entities.applications import resolve_app

LANGUAGES = ['zh-CN', 'en-US']
DEFAULT_LANG = 'zh-CN'
PREFIX = '/api/v2/applications/{app}/agreements'

LIST = rest('agreements.list', 'GET', PREFIX)
CREATE = rest('agreements.create', 'POST', PREFIX)
MODIFY = rest('agreements.modify', 'PUT', PREFIX + '/{id}', idempotent=True)
DELETE = rest('agreements.delete', 'DELETE', PREFIX + '/{id}')
SORT = rest('agreements.sort', 'POST', PREFIX + '/sort', idempotent=True)


def _cache_key(app):
    return ('agreements', app['id'])


def list_agreements(ctx, app):
    """Every agreement of the application, in order; read once per run."""
    with ctx.lock:
        if _cache_key(app) not in ctx.cache:
            result = ctx.client.call(LIST, path={'app': app['id']}) or {}
            ctx.cache[_cache_key(app)] = sorted(result.get('list') or [], key=lambda a: a.get('order') or 0)
        return ctx.cache[_cache_key(app)]


def find_agreement(ctx, ident, app):
    title, lang = ident
    for agreement in list_agreements(ctx, app):
        if (agreement.get('title'), agreement.get('lang')) == (title, lang):
            return agreement
    return None


def _write(op, kwargs):
    """A write that first drops the cached list of the application (``args[-2]`` is the scope)."""
    def call(ctx, *args):
        with ctx.lock:
            ctx.cache.pop(_cache_key(args[-2]), None)
        return ctx.client.call(op, **kwargs(*args))
    return call


def identity(item):
    """(title, lang); without a title there is no identity (the info module then lists)."""
    return (item['title'], item.get('lang') or DEFAULT_LANG) if item.get('title') else (None, None)


def info_list(ctx, params, app):
    """``info_list`` hook: every agreement, or those of one language."""
    return [a for a in list_agreements(ctx, app) if params.get('lang') in (None, a.get('lang'))]


AGREEMENT = Entity(
    name='agreement',
    plural='agreements',
    key=('title', 'lang'),
    scope=Scope('app', resolve=resolve_app, kind='application'),
    fields=[
        Field('title'),
        Field('lang', choices=LANGUAGES),
        Field('required', type='bool'),
    ],
    read_only=[Field('id'), Field('order')],
    hooks={
        'identity': identity,
        'info_list': info_list,
        'position': lambda agreement: agreement.get('order') or 0,
        'sort': _write(SORT, lambda app, objs: dict(path={'app': app['id']}, body={'ids': [o['id'] for o in objs]})),
    },
    find=find_agreement,
    list_all=list_agreements,
    create=_write(CREATE, lambda payload, app, recheck: dict(path={'app': app['id']}, body=payload, recheck=recheck)),
    update=_write(MODIFY, lambda current, payload, app, recheck: dict(
        path={'app': app['id'], 'id': current['id']}, body=dict(payload, title=current['title'], lang=current['lang']))),
    delete=_write(DELETE, lambda current, app, recheck: dict(path={'app': app['id'], 'id': current['id']}, recheck=recheck)),
)
