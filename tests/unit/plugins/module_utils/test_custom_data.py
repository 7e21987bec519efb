"""How custom data values are typed and encoded (custom_data.py): canonical datetimes, a check per
data type, values and SELECT options decoded from and encoded to the API's JSON text."""

import json

import pytest

from ansible_collections.authing.cloud.plugins.module_utils import custom_data


@pytest.mark.parametrize('value,expected', [
    ('2024-05-06T07:08:09+08:00', '2024-05-05T23:08:09.000Z'),
    ('2024-05-06T07:08:09.123456Z', '2024-05-06T07:08:09.123Z'),
    ('2024-05-06', '2024-05-06T00:00:00.000Z'),
    ('2024-05-06 07:08', '2024-05-06T07:08:00.000Z'),
    ('1715000000000', '2024-05-06T12:53:20.000Z'),
    ('2024-05-06T07:08:09-0130', '2024-05-06T08:38:09.000Z'),
    ('yesterday', None),
    ('2024-13-01', None),
])
def test_canonical_datetime(value, expected):
    assert custom_data.canonical_datetime(value) == expected


@pytest.mark.parametrize('data_type,value,canonical,ok', [
    ('STRING', 'x', 'x', True), ('STRING', 1, None, False),
    ('NUMBER', 18, 18, True), ('NUMBER', 18.0, 18, True), ('NUMBER', 1.5, 1.5, True),
    ('NUMBER', '18', None, False), ('NUMBER', True, None, False),
    ('BOOLEAN', False, False, True), ('BOOLEAN', 'ok', None, False),
    ('OBJECT', {'a': 1}, {'a': 1}, True), ('OBJECT', [1], [1], True), ('OBJECT', 'x', None, False),
    ('DATETIME', '2024-01-02', '2024-01-02T00:00:00.000Z', True), ('DATETIME', 'soon', None, False),
    ('SELECT', 'gold', 'gold', True), ('SELECT', 'bronze', None, False),
    ('STRING', None, None, True),
])
def test_check_value(data_type, value, canonical, ok):
    definition = {'key': 'k', 'dataType': data_type,
                  'options': json.dumps([{'value': 'gold', 'label': 'Gold'}, 'silver'])}
    result, problem = custom_data.check_value(definition, value)
    assert (problem is None) is ok, problem
    if ok:
        assert result == canonical


def test_values_decode_by_data_type():
    entries = [{'key': 's', 'value': 'raw text', 'dataType': 'STRING'}, {'key': 'n', 'value': '18', 'dataType': 'NUMBER'},
               {'key': 'b', 'value': 'false', 'dataType': 'BOOLEAN'}, {'key': 'o', 'value': '{"a":1}', 'dataType': 'OBJECT'},
               {'key': 'd', 'value': '1715000000000', 'dataType': 'DATETIME'}, {'key': 'x', 'value': None, 'dataType': 'NUMBER'}]
    assert custom_data.decode_values(entries) == {'s': 'raw text', 'n': 18, 'b': False, 'o': {'a': 1},
                                                  'd': '2024-05-06T12:53:20.000Z', 'x': None}
    assert custom_data.encode_value('ucla') == '"ucla"' and custom_data.encode_value(False) == 'false'


def test_options_are_normalised():
    assert custom_data.decode_options('[{"value": "a"}, "b"]') == [{'value': 'a', 'label': 'a'},
                                                                   {'value': 'b', 'label': 'b'}]
    assert custom_data.decode_options(None) is None and custom_data.decode_options('not json') == 'not json'
    assert json.loads(custom_data.encode_options([{'value': 'a', 'label': None}])) == [{'value': 'a', 'label': 'a'}]
