"""The custom-field description (UDF definitions, GraphQL, scoped by target type): options as JSON
text with a label each, setUdf as an upsert merging the current definition, the definitions
cache dropped on writes, through a fake transport."""

import json

import pytest

from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError, Reconciler
from ansible_collections.authing.cloud.plugins.module_utils.entities import custom_fields
from ansible_collections.authing.cloud.plugins.module_utils.entities.custom_fields import CUSTOM_FIELD

from .fake_api import FakeApi


def item(**kw):
    base = dict((name, None) for name in CUSTOM_FIELD.item_spec())
    base.update(state='present')
    base.update(kw)
    return base


def service(*existing):
    store = dict(((u['targetType'], u['key']), dict(u)) for u in existing)

    def set_udf(request):
        udf = dict(request.variables)
        store[(udf['targetType'], udf['key'])] = udf
        return udf
    return FakeApi({
        'udf': lambda r: [u for (target, _key), u in sorted(store.items()) if target == r.variables['targetType']],
        'setUdf': set_udf,
        'removeUdf': lambda r: store.pop((r.variables['targetType'], r.variables['key'])) and {'code': 200},
    }), store


# -- the description, the wire and the loop ---------------------------------------------------------

def test_create_sends_set_udf_with_the_key_as_default_label_and_options_as_json():
    api, store = service()
    reconciler = Reconciler(CUSTOM_FIELD, ctx=api.ctx)
    [record] = reconciler.run([item(key='tier', data_type='SELECT', options=[{'value': 'gold', 'label': None}, {'value': 's'}])])
    assert api.names() == ['udf', 'setUdf']
    assert api.sent('udf')[0].variables == {'targetType': 'USER'}
    variables = api.sent('setUdf')[0].variables
    assert (variables['targetType'], variables['key'], variables['dataType'], variables['label']) == (
        'USER', 'tier', 'SELECT', 'tier')
    assert json.loads(variables['options']) == [{'value': 'gold', 'label': 'gold'}, {'value': 's', 'label': 's'}]
    assert reconciler.item_result(record)[0]['custom_field']['options'][0] == {'value': 'gold', 'label': 'gold'}
    api.forget()
    [record] = Reconciler(CUSTOM_FIELD, ctx=api.ctx).run([item(key='tier', options=[{'value': 'gold'}, {'value': 's'}])])
    assert not record['plan'].changed and api.names() == ['udf']


def test_an_update_merges_the_current_definition():
    api, store = service({'targetType': 'ROLE', 'key': 'team', 'dataType': 'STRING', 'label': 'Team', 'options': None})
    [record] = Reconciler(CUSTOM_FIELD, ctx=api.ctx).run([item(key='team', target_type='ROLE', label='Squad')])
    assert record['plan'].changes == {'label': 'Squad'}
    assert api.sent('setUdf')[0].variables == {'targetType': 'ROLE', 'key': 'team', 'dataType': 'STRING', 'label': 'Squad'}
    assert store[('ROLE', 'team')]['label'] == 'Squad'


def test_delete_and_the_definitions_cache_dropped_on_writes():
    api, store = service({'targetType': 'USER', 'key': 'age', 'dataType': 'NUMBER', 'label': 'Age'})
    assert list(api.ctx.refs.custom_field_definitions()) == ['age']
    assert list(api.ctx.refs.custom_field_definitions('USER')) == ['age'] and api.names() == ['udf']
    Reconciler(CUSTOM_FIELD, ctx=api.ctx).run([item(key='age', state='absent')])
    assert api.sent('removeUdf')[0].variables == {'targetType': 'USER', 'key': 'age'}
    assert api.ctx.refs.custom_field_definitions() == {}, 'a write drops the cached definitions'
    assert api.names().count('udf') == 2  # the find uses the cached definitions; the write drops them


def test_input_problems_fail_before_any_write():
    api, _store = service()
    with pytest.raises(ReconcileError) as info:
        Reconciler(CUSTOM_FIELD, ctx=api.ctx).run([item(key='a', data_type='STRING', options=[{'value': 'x'}]),
                                                   item(key='b', target_type='PLANET', data_type='STRING'),
                                                   item(key='c')])
    assert info.value.messages == [  # every problem at once
        "Failed to create custom_field 'a': options only apply to SELECT fields (data_type is STRING)",
        "Failed to create custom_field 'b': target type 'PLANET' does not exist",
        "Failed to create custom_field 'c': data_type is required to create a custom_field",
    ]
    with pytest.raises(ReconcileError) as info:
        Reconciler(CUSTOM_FIELD, ctx=api.ctx).run([item(key='b', target_type='PLANET', data_type='STRING'),
                                                   item(key='c')])
    assert info.value.messages == ["Failed to create custom_field 'b': target type 'PLANET' does not exist",
                                   "Failed to create custom_field 'c': data_type is required to create a custom_field"]
    with pytest.raises(ReconcileError) as info:
        Reconciler(CUSTOM_FIELD, ctx=api.ctx).run([item(key='c')])
    assert info.value.messages == ["Failed to create custom_field 'c': data_type is required to create a custom_field"]
    assert 'setUdf' not in api.names()


def test_normalize_gives_every_option_a_label():
    assert custom_fields._normalize(None, {'options': ['a', {'value': 'b', 'label': 'B'}]})['options'] == [
        {'value': 'a', 'label': 'a'}, {'value': 'b', 'label': 'B'}]
    it = {'options': None}
    assert custom_fields._normalize(None, it) is it


def test_label_spec_and_export():
    assert CUSTOM_FIELD.label({'key': 'age'}) == 'age'
    assert CUSTOM_FIELD.export_fields == ['key', 'data_type', 'label', 'options']
    spec = CUSTOM_FIELD.item_spec()
    assert spec['key'] == {'type': 'str', 'no_log': False}
    assert spec['target_type']['choices'] == list(custom_fields.TARGET_TYPES)
