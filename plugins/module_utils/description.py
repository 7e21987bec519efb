# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The format of an entity description: fields, relations, scope and operations as data.

A description says *what* an entity looks like on the wire and how its values compare; the
engine (``engine.py``) owns *how* to reconcile it. Entity quirks are hooks given to
:class:`Entity`, so shared code never asks which entity it is handling.
"""

import collections
import json

RELATION_MODES = ('exact', 'append', 'remove')
REDACTED = '********'

Ref = collections.namedtuple('Ref', ['id', 'label', 'attrs'])
Ref.__new__.__defaults__ = (None,)
Ref.__doc__ = '''A resolved link to another object: the id the API wants, the label people read, and
the link's own attributes (hashable; an access rule's effect) whose change re-sends the link.'''


def ids_of(refs):
    return [ref.id for ref in refs]


class UnknownReferences(Exception):
    """Some references given by the user do not name existing objects."""

    def __init__(self, kind, refs):
        self.kind = kind
        self.refs = sorted(refs)
        super(UnknownReferences, self).__init__('unknown %s: %s' % (kind, ', '.join(str(ref) for ref in self.refs)))


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
    'subset': _canonical,  # dicts: only the keys the user gives are compared (see Field.managed)
    'ignore': lambda value: None,  # sent on create, never compared afterwards (a migrated login count)
}


class Field(object):
    """A managed option and the API attribute behind it.

    ``compare`` names a normaliser from COMPARATORS applied to both sides before comparison.
    ``required_on_create`` fails a create before any write when the option is missing;
    ``create_only`` refuses to change it later; ``secret`` keeps it out of results and diffs.
    ``write_only`` values cannot be read back: they are sent on create, and on update only when
    the item option named ``update_policy`` says ``always``. ``write(ctx, api_obj, value, scope)``
    sends a field through its own call after the main create/update; ``trigger(ctx, api_obj,
    scope)`` is a one-shot action (``rotate_secret: true``) that changes the object when asked.
    """

    def __init__(self, name, api=None, type='str', compare='exact', choices=None, elements=None, options=None,
                 required_on_create=False, create_only=False, secret=False, write_only=False, update_policy=None,
                 to_api=None, from_api=None, write=None, trigger=None, list_key=None, default_mode='exact',
                 no_log=None):
        self.name = name
        # no_log=False: an option whose name looks secret but is not (a custom field's ``key``)
        self.no_log = no_log
        self.api = api or name
        self.type = type
        self.compare = compare
        self.choices = choices
        self.elements = elements
        self.options = options
        self.required_on_create = required_on_create
        self.create_only = create_only
        self.secret = secret
        self.write_only = write_only
        self.update_policy = update_policy
        self._to_api = to_api
        self._from_api = from_api
        self.write = write
        self.trigger = trigger
        self.list_key = list_key
        self.default_mode = default_mode
        self.mode_option = name + '_mode' if list_key else None

    @property
    def in_payload(self):
        """Whether the value travels in the main create/update call."""
        return self.write is None and self.trigger is None

    def normalize(self, value):
        return COMPARATORS[self.compare](value)

    def managed(self, current, desired):
        """The part of the current value the user manages (for subset dicts: the given keys)."""
        if self.compare == 'subset':
            current = current or {}
            return dict((k, current.get(k)) for k in desired)
        return current

    def merged(self, current, desired):
        """The value after applying ``desired`` to ``current``."""
        if self.compare == 'subset':
            return dict(current or {}, **desired)
        return desired

    def effective(self, current, desired, mode):
        """The whole list to send for a list field with a ``<name>_mode``: APIs that replace such
        lists wholesale (resource actions) still get append/remove semantics, keyed by ``list_key``."""
        mode = mode or self.default_mode
        if mode == 'exact':
            return desired
        named = set(self._element_key(element) for element in desired)
        kept = [element for element in (current or []) if self._element_key(element) not in named]
        return kept + list(desired) if mode == 'append' else kept

    def _element_key(self, element):
        return element.get(self.list_key) if isinstance(element, dict) else element

    def same(self, desired, current):
        return self.normalize(desired) == self.normalize(self.managed(current, desired))

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
        elif self.no_log is not None:
            spec['no_log'] = self.no_log
        return spec


class Relation(object):
    """A list of links to other objects, spelled ``<name>`` + ``<name>_mode`` in every module.

    ``expand(values)`` turns the option's list into hashable references (default: as given);
    ``resolve(ctx, refs)`` maps them to :class:`Ref` (raising UnknownReferences);
    ``read(ctx, api_obj)`` returns the current Refs; ``add``/``remove(ctx, api_obj, refs)`` write.
    ``render(refs)`` is how links are shown in results, diffs and info modules (default: the
    sorted labels; access rules render as structured dicts).
    """

    def __init__(self, name, resolve, read, add, remove, default_mode='exact', elements='str', options=None,
                 expand=None, render=None):
        self.name = name
        self.options = options
        self.expand = expand or list
        self.mode_option = name + '_mode'
        self.resolve = resolve
        self.read = read
        self.add = add
        self.remove = remove
        self.default_mode = default_mode
        self.elements = elements
        self.render = render or (lambda refs: sorted(ref.label for ref in refs))


class Scope(object):
    """The parent an entity lives in (an application for resources): given once, resolved first.

    ``resolve(ctx, ref)`` returns the parent's API object or None when it does not exist.
    ``required=False`` makes the option optional: ``resolve(ctx, None)`` then names the default
    parent (roles without ``app`` live in the pool's ``default`` namespace).
    """

    def __init__(self, option, resolve, kind=None, required=True):
        self.option = option
        self.resolve = resolve
        self.kind = kind or option
        self.required = required


class Entity(object):
    """One entity described as data plus the callables that speak its API.

    ``key`` names the identifying option, or a tuple of options for a composite key. ``rename``
    is the Field that carries a new key (``new_code``): renames are explicit. Operations receive
    the run context (``ctx.client``, ``ctx.cache``) and the resolved ``scope`` (None when the
    entity has none): ``find(ctx, ident, scope)`` → API object or None; ``create(ctx, payload,
    scope, recheck)``, ``update(ctx, current, payload, scope, recheck)`` → API object;
    ``delete(ctx, current, scope, recheck)``; ``list_all(ctx, scope)`` → iterable of API objects.

    Hooks (all optional): ``validate(item) -> [messages]`` (input alone); ``check(ctx, records) ->
    [(record, message)]`` (after reads, before planning, for rules that need the server);
    ``identity(item)``/``identities(api_obj)`` for keys that are not plain options;
    ``result(item, api_obj, view)`` to add to the returned object; ``find_many(ctx, idents,
    scope)`` → iterable of API objects, a batched lookup preferred to ``list_all`` for big lists;
    ``position(api_obj)`` + ``sort(ctx, scope, api_objs)`` make the exact bulk mode also enforce
    the list's order (agreements); ``prepare(item) -> item`` rewrites each item before anything
    else (an access policy's ``state: absent`` becomes "reset to the defaults"); ``info_list(ctx,
    params, scope)`` replaces ``list_all`` in the info module when its options shape the listing
    (a user search query, nested reads). With an ``identities`` hook the key options are
    alternative identifiers and also attributes: the ones that did not find the object may change.
    """

    def __init__(self, name, plural, key, fields, find, create, update, delete, list_all=None,
                 relations=(), rename=None, read_only=(), scope=None, extra_options=None, hooks=None):
        self.name = name
        self.plural = plural
        self.key = key
        self.fields = list(fields)
        self.relations = list(relations)
        self.rename = rename
        self.read_only = list(read_only)
        self.scope = scope
        self.extra_options = extra_options or {}
        self.find = find
        self.create = create
        self.update = update
        self.delete = delete
        self.list_all = list_all
        self.hooks = hooks or {}

    @property
    def key_names(self):
        return self.key if isinstance(self.key, tuple) else (self.key,)

    def field(self, name):
        for field in self.fields + ([self.rename] if self.rename else []):
            if field.name == name:
                return field
        raise KeyError(name)

    def identity(self, item):
        """The value an item is looked up by (a tuple for composite keys)."""
        if 'identity' in self.hooks:
            return self.hooks['identity'](item)
        values = tuple(item.get(name) for name in self.key_names)
        return values if isinstance(self.key, tuple) else values[0]

    def identities(self, api_obj):
        """Every identity an API object answers to, for matching a prefetched list."""
        if 'identities' in self.hooks:
            return self.hooks['identities'](api_obj)
        values = tuple(self.field(name).read(api_obj) for name in self.key_names)
        return [values if isinstance(self.key, tuple) else values[0]]

    def key_options(self, api_obj):
        """Item options that name an existing object (used to purge unlisted objects)."""
        return dict((name, self.field(name).read(api_obj)) for name in self.key_names)

    def present(self, api_obj, item=None):
        """The canonical, snake_case view of an API object, without secrets."""
        if not api_obj:
            return {}
        view = {}
        for field in self.fields + self.read_only:
            if not field.secret and not field.write_only and field.trigger is None:
                view[field.name] = field.read(api_obj)
        if 'result' in self.hooks and item is not None:
            self.hooks['result'](item, api_obj, view)
        return view

    def to_api(self, changes):
        """Option-named changes → the API's attribute names and encodings (main call only)."""
        payload = {}
        for name, value in changes.items():
            field = self.field(name)
            if field.in_payload:
                payload[field.api] = field.to_api(value)
        return payload

    def item_spec(self, bulk_item=False):
        """Options describing one object, shared by the single form and the bulk list."""
        spec = {}
        for field in self.fields:
            spec[field.name] = field.option_spec()
            if field.mode_option:
                spec[field.mode_option] = {'type': 'str', 'choices': list(RELATION_MODES), 'default': field.default_mode}
            if field.update_policy:
                spec[field.update_policy] = {'type': 'str', 'choices': ['always', 'on_create'], 'default': 'on_create',
                                             'no_log': False}
            if field.trigger is not None:
                spec[field.name]['default'] = False
        if bulk_item and not isinstance(self.key, tuple) and 'identity' not in self.hooks:
            spec[self.key]['required'] = True
        if self.rename:
            spec[self.rename.name] = self.rename.option_spec()
        if self.scope:
            spec[self.scope.option] = {'type': 'str'}
        for relation in self.relations:
            spec[relation.name] = {'type': 'list', 'elements': relation.elements}
            if relation.options is not None:
                spec[relation.name]['options'] = relation.options
            spec[relation.mode_option] = {'type': 'str', 'choices': list(RELATION_MODES),
                                          'default': relation.default_mode}
        spec.update(self.extra_options)
        spec['state'] = {'type': 'str', 'choices': ['present', 'absent']}
        if not bulk_item:
            spec['state']['default'] = 'present'
        return spec

    def validate(self, item):
        hook = self.hooks.get('validate')
        return list(hook(item)) if hook else []

    def check(self, ctx, records):
        hook = self.hooks.get('check')
        return list(hook(ctx, records)) if hook else []

    def label(self, ident):
        if isinstance(ident, tuple):
            return ' '.join(str(part) for part in ident if part is not None)
        return str(ident)
