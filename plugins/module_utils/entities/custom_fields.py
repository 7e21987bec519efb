# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Custom fields (UDF definitions), wire reference §2.6.

A definition is keyed by ``key`` within its ``target_type`` (the scope: ``USER`` when omitted).
``setUdf`` is an upsert, so create and update are the same call; it wants the whole definition
(``dataType`` and ``label`` are required), so an update merges the current definition with the
change. ``options`` (the choices of a SELECT field) travel as JSON text; the module takes them as
a list of ``{value, label}``. How values of custom data are typed and encoded is in
``custom_data.py``; the definitions users check their values against are read through the
references layer.
"""

from ansible_collections.authing.cloud.plugins.module_utils.client import graphql
from ansible_collections.authing.cloud.plugins.module_utils.custom_data import (
    DATA_TYPES, decode_options, encode_options, normalize_option)
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Scope, Wire
from ansible_collections.authing.cloud.plugins.module_utils.references import (
    CUSTOM_FIELD_DEFINITIONS, DEFAULT_CUSTOM_FIELD_TARGET as DEFAULT_TARGET, UDF_FIELDS)

TARGET_TYPES = ('USER', 'ROLE', 'NODE', 'ORG', 'USERPOOL', 'PERMISSION', 'APPLICATION')

SET = graphql('mutation setUdf($targetType: UDFTargetType!, $key: String!, $dataType: UDFDataType!, $label: String!, '
              '$options: String) { setUdf(targetType: $targetType, key: $key, dataType: $dataType, label: $label, '
              'options: $options) { %s } }' % UDF_FIELDS, idempotent=True)
REMOVE = graphql('mutation removeUdf($targetType: UDFTargetType!, $key: String!) '
                 '{ removeUdf(targetType: $targetType, key: $key) { code message } }')

OPTION_KEYS = ('value', 'label')


def _resolve_target(ctx, ref):
    target = ref or DEFAULT_TARGET
    return {'id': target} if target in TARGET_TYPES else None


def _find(ctx, key, scope):
    """From the target type's definitions, read once per run (every write drops them)."""
    return ctx.refs.custom_field_definitions(scope['id'], declared=False).get(key)


def _set(ctx, current, payload, scope, recheck):
    variables = {'targetType': scope['id'], 'key': payload.get('key') or current['key'],
                 'dataType': payload.get('dataType') or (current or {}).get('dataType'),
                 'label': payload.get('label') or (current or {}).get('label') or payload.get('key') or current['key']}
    if 'options' in payload:
        variables['options'] = payload['options']
    elif current and current.get('options') is not None:
        variables['options'] = current['options']
    return ctx.client.call(SET, variables, recheck=recheck)


def _validate(item):
    problems = []
    problems.extend('options[%d]: %s' % (index, _choice_problem(option))
                    for index, option in enumerate(item.get('options') or []) if _choice_problem(option))
    if item.get('options') and item.get('data_type') not in (None, 'SELECT'):
        problems.append('options only apply to SELECT fields (data_type is %s)' % item['data_type'])
    values = [option.get('value') if isinstance(option, dict) else option for option in item.get('options') or []]
    repeated = sorted(set(str(value) for value in values if values.count(value) > 1))
    if repeated:
        problems.append('options listed more than once: %s' % ', '.join(repeated))
    return problems


def _check(ctx, records):
    """A SELECT field must end up with options (the service refuses one without)."""
    for record in records:
        item, current = record['item'], record['current'] or {}
        if item['state'] != 'absent' and (item.get('data_type') or current.get('data_type')) == 'SELECT' and not (
                item.get('options') or current.get('options')):
            yield record, 'a SELECT field needs options (the values people may choose from)'


def _normalize(ctx, item):
    """Give every option its label (the value when omitted), so that comparison is stable."""
    if item.get('options') is None:
        return item
    return dict(item, options=[normalize_option(option) if _choice_problem(option) is None else option
                               for option in item['options']])


def _choice_problem(option):
    if isinstance(option, str) or (isinstance(option, dict) and not set(option) - set(OPTION_KEYS)
                                   and isinstance(option.get('value'), str)):
        return None
    return 'a choice is a value or a dict with value and label, got %r' % (option,)


def _write(op):
    """setUdf and removeUdf change the definitions users check their values against."""
    def call(ctx, *args):
        with ctx.memo.changing(CUSTOM_FIELD_DEFINITIONS):
            return op(ctx, *args)
    return call


WIRE = Wire(
    find=_find,
    list_all=lambda ctx, scope: list(ctx.refs.custom_field_definitions(scope['id'], declared=False).values()),
    create=_write(lambda ctx, payload, scope, recheck: _set(ctx, None, payload, scope, recheck)),
    update=_write(_set),
    delete=_write(lambda ctx, udf, scope, recheck: ctx.client.call(
        REMOVE, {'targetType': scope['id'], 'key': udf['key']}, recheck=recheck)),
)

CUSTOM_FIELD = Entity(
    name='custom_field',
    plural='custom_fields',
    key='key',
    fields=[
        Field('key', no_log=False),
        Field('data_type', api='dataType', choices=list(DATA_TYPES), required_on_create=True),
        Field('label'),
        Field('options', type='list', elements='raw', to_api=encode_options,
              from_api=decode_options),
    ],
    read_only=[Field('target_type', api='targetType')],
    scope=Scope('target_type', _resolve_target, kind='target type', required=False),
    extra_options={'target_type': {'type': 'str', 'choices': list(TARGET_TYPES)}},
    normalize=_normalize,
    validate=_validate,
    check=_check,
    declare=lambda ctx, view, scope: ctx.refs.declare_custom_field(scope['id'], dict(
        key=view['key'], dataType=view.get('data_type'), label=view.get('label'), options=view.get('options'))),
    wire=WIRE,
)
