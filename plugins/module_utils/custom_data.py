# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Custom data: the data types of custom fields and how values travel (wire reference §2.6).

Shared by the custom field entity (definitions) and the user entity (values), so neither imports
the other. Values go in as JSON text (``json.dumps``) and come back as strings: STRING and SELECT
raw, NUMBER/BOOLEAN/OBJECT as JSON text, DATETIME as an ISO string or milliseconds since the
epoch (the reference leaves it open), so DATETIME values are compared in one canonical form.
``options`` (the choices of a SELECT field) travel as JSON text of ``[{value, label}]``.
"""

import datetime
import json
import re

DATA_TYPES = ('STRING', 'NUMBER', 'DATETIME', 'BOOLEAN', 'OBJECT', 'SELECT')

_ISO = re.compile(r'^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?'
                  r'\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$')
_EPOCH = re.compile(r'^-?\d{9,13}$')
_UTC = datetime.timezone.utc


def canonical_datetime(value):
    """ISO 8601 (any offset, date only, or milliseconds since the epoch) → 'YYYY-MM-DDTHH:MM:SS.mmmZ'.

    Returns None when the text is not a timestamp. Millisecond precision is what both the ISO
    and the epoch spelling of the service keep.
    """
    if isinstance(value, datetime.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=_UTC)
    elif isinstance(value, datetime.date):
        moment = datetime.datetime(value.year, value.month, value.day, tzinfo=_UTC)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = datetime.datetime.fromtimestamp(value / 1000.0, _UTC)
    elif isinstance(value, str) and _EPOCH.match(value.strip()):
        moment = datetime.datetime.fromtimestamp(int(value.strip()) / 1000.0, _UTC)
    elif isinstance(value, str):
        match = _ISO.match(value.strip())
        if not match:
            return None
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        try:
            moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                                       int(second or 0), int((fraction or '0').ljust(6, '0')[:6]), tzinfo=_UTC)
        except ValueError:
            return None
        if offset and offset not in ('Z', 'z'):
            digits = offset[1:].replace(':', '')
            delta = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
            moment = moment - delta if offset[0] == '+' else moment + delta
    else:
        return None
    moment = moment.astimezone(_UTC)
    return moment.strftime('%Y-%m-%dT%H:%M:%S') + '.%03dZ' % (moment.microsecond // 1000)


def decode_value(data_type, text):
    """A stored value (a string) → the value people write in a playbook."""
    if text is None:
        return None
    if data_type in ('NUMBER', 'BOOLEAN', 'OBJECT'):
        try:
            return json.loads(text)
        except (TypeError, ValueError):
            return text
    if data_type == 'DATETIME':
        return canonical_datetime(text) or text
    return text


def decode_values(entries):
    """``customData`` / ``udv`` entries ``[{key, value, dataType}]`` → ``{key: value}``."""
    return dict((entry['key'], decode_value(entry.get('dataType'), entry.get('value'))) for entry in entries or [])


def encode_value(value):
    """What setUdv/setUdvBatch want: the JSON encoding of the value (reference §2.6)."""
    return json.dumps(value)


def option_values(definition):
    return [option.get('value') for option in decode_options(definition.get('options')) or []
            if isinstance(option, dict)]


def check_value(definition, value):
    """(canonical value, None) when ``value`` fits the field's data type, else (None, problem)."""
    data_type = definition.get('dataType')
    if value is None:
        return None, None
    if data_type == 'NUMBER':
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (int(value) if isinstance(value, float) and value.is_integer() else value), None
        expected = 'a number'
    elif data_type == 'BOOLEAN':
        if isinstance(value, bool):
            return value, None
        expected = 'true or false'
    elif data_type == 'OBJECT':
        if isinstance(value, (dict, list)):
            return value, None
        expected = 'a dict or a list'
    elif data_type == 'DATETIME':
        canonical = canonical_datetime(value) if not isinstance(value, bool) else None
        if canonical is not None:
            return canonical, None
        expected = 'an ISO 8601 timestamp'
    elif data_type == 'SELECT':
        allowed = option_values(definition)
        if isinstance(value, str) and (not allowed or value in allowed):
            return value, None
        expected = 'one of %s' % ', '.join(allowed) if allowed else 'a string'
    else:  # STRING, and types this collection does not know yet: sent as given
        if isinstance(value, str) or data_type not in DATA_TYPES:
            return value, None
        expected = 'a string'
    return None, 'must be %s (data type %s), got %s %r' % (expected, data_type, type(value).__name__, value)


def decode_options(text):
    """``options`` JSON text → list of {value, label}; text that is not JSON is kept as it is."""
    if text in (None, ''):
        return None
    try:
        options = json.loads(text)
    except (TypeError, ValueError):
        return text
    if not isinstance(options, list):
        return options
    return [normalize_option(option) for option in options]


def normalize_option(option):
    if isinstance(option, dict):
        value = option.get('value')
        label = option.get('label')
        return {'value': value, 'label': value if label is None else label}
    return {'value': option, 'label': option}


def encode_options(options):
    return json.dumps([normalize_option(option) for option in options]) if options else None
