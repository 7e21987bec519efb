# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The format of an entity description: fields, relations and operations as data.

A description says *what* an entity looks like on the wire and how its values compare; the
engine (``engine.py``) owns *how* to reconcile it. Entity quirks are hooks given to
:class:`Entity`, so shared code never asks which entity it is handling.
"""

import collections
import json

RELATION_MODES = ('exact', 'append', 'remove')
REDACTED = '********'

Ref = collections.namedtuple('Ref', ['id', 'label'])
Ref.__doc__ = 'A resolved reference to another object: the id the API wants, the label people read.'


class UnknownReferences(Exception):
    """Some references given by the user do not name existing objects."""

    def __init__(self, kind, refs):
        self.kind = kind
        self.refs = sorted(refs)
        super(UnknownReferences, self).__init__('unknown %s: %s' % (kind, ', '.join(self.refs)))


def _canonical(value):
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value


def _text(value):
    """'' and None both mean "no value": the API stores either for a cleared text field."""
    return value if value not in ('', None) else None


def _set(value):
    return sorted(set(_canonical(v) for v in (value or [])))


def _casefold(value):
    return value.lower() if isinstance(value, str) else value


COMPARATORS = {
    'exact': _canonical,
    'text': _text,
    'set': _set,
    'ci': _casefold,
}


class Field(object):
    """A managed option and the API attribute behind it.

    ``compare`` names a normaliser from COMPARATORS applied to both sides before comparison.
    ``required_on_create`` fails a create early (before any write) when the option is missing;
    ``secret`` keeps the value out of results and diffs; ``create_only`` refuses to change it later.
    """

    def __init__(self, name, api=None, type='str', compare='exact', choices=None, elements=None, options=None,
                 required_on_create=False, create_only=False, secret=False, to_api=None, from_api=None):
        self.name = name
        self.api = api or name
        self.type = type
        self.compare = compare
        self.choices = choices
        self.elements = elements
        self.options = options
        self.required_on_create = required_on_create
        self.create_only = create_only
        self.secret = secret
        self._to_api = to_api
        self._from_api = from_api

    def normalize(self, value):
        return COMPARATORS[self.compare](value)

    def same(self, desired, current):
        return self.normalize(desired) == self.normalize(current)

    def read(self, api_obj):
        value = api_obj.get(self.api)
        return self._from_api(value) if self._from_api else value

    def to_api(self, value):
        return self._to_api(value) if self._to_api else value

    def option_spec(self):
        spec = {'type': self.type}
        for attr in ('choices', 'elements', 'options'):
            if getattr(self, attr) is not None:
                spec[attr] = getattr(self, attr)
        if self.secret:
            spec['no_log'] = True
        return spec


class Relation(object):
    """A list of links to other objects, spelled ``<name>`` + ``<name>_mode`` in every module.

    ``resolve(ctx, refs)`` maps user spellings to :class:`Ref` (raising UnknownReferences);
    ``read(ctx, api_obj)`` returns the current Refs; ``add``/``remove(ctx, api_obj, ids)`` write.
    """

    def __init__(self, name, resolve, read, add, remove, default_mode='exact', elements='str'):
        self.name = name
        self.mode_option = name + '_mode'
        self.resolve = resolve
        self.read = read
        self.add = add
        self.remove = remove
        self.default_mode = default_mode
        self.elements = elements


class Entity(object):
    """One entity described as data plus the callables that speak its API.

    Operations receive a run context (``ctx.client``, ``ctx.cache``):
    ``rename`` is the Field that carries a new key (``new_code``): renames are explicit.
    ``find(ctx, key)`` → API object or None; ``create(ctx, payload)``, ``update(ctx, current,
    payload)`` → API object; ``delete(ctx, current)``; ``list_all(ctx)`` → iterable of API
    objects. ``hooks`` may hold ``validate(item) -> [messages]`` for checks beyond the argspec.
    """

    def __init__(self, name, plural, key, fields, find, create, update, delete, list_all=None,
                 relations=(), rename=None, read_only=(), hooks=None):
        self.name = name
        self.plural = plural
        self.key = key
        self.fields = list(fields)
        self.relations = list(relations)
        self.rename = rename
        self.read_only = list(read_only)
        self.find = find
        self.create = create
        self.update = update
        self.delete = delete
        self.list_all = list_all
        self.hooks = hooks or {}

    @property
    def key_field(self):
        return self.field(self.key)

    def field(self, name):
        for field in self.fields + ([self.rename] if self.rename else []):
            if field.name == name:
                return field
        raise KeyError(name)

    def managed_fields(self):
        """Fields that the user may set (the key included)."""
        return self.fields

    def present(self, api_obj):
        """The canonical, snake_case view of an API object, without secrets."""
        if not api_obj:
            return {}
        view = {}
        for field in self.fields + self.read_only:
            if not field.secret:
                view[field.name] = field.read(api_obj)
        return view

    def to_api(self, changes):
        """Option-named changes → the API's attribute names and encodings."""
        return dict((self.field(name).api, self.field(name).to_api(value)) for name, value in changes.items())

    def item_spec(self, bulk_item=False):
        """Options describing one object, shared by the single form and the bulk list."""
        spec = {}
        for field in self.fields:
            spec[field.name] = field.option_spec()
        if bulk_item:
            spec[self.key]['required'] = True
        if self.rename:
            spec[self.rename.name] = self.rename.option_spec()
        for relation in self.relations:
            spec[relation.name] = {'type': 'list', 'elements': relation.elements}
            spec[relation.mode_option] = {'type': 'str', 'choices': list(RELATION_MODES),
                                          'default': relation.default_mode}
        spec['state'] = {'type': 'str', 'choices': ['present', 'absent']}
        if not bulk_item:
            spec['state']['default'] = 'present'
        return spec

    def validate(self, item):
        hook = self.hooks.get('validate')
        return list(hook(item)) if hook else []
