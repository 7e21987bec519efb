# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The format of an entity description: fields and compare rules, traits, named behaviour, and
the wire table (the API calls), each a separate part.

A description says *what* an entity looks like and how its values compare; the engine
(``engine.py``) owns *how* to reconcile it. The engine reads traits (``alternate_keys``,
``ordered``, ``scope``) and calls named behaviour; it never asks which entity it handles, nor
whether some callable happens to exist. Everything is checked when the description is built, so
a misspelled name fails at import time, not in a user's playbook.

The wire table (:class:`Wire`) is the only part that knows the API dialect: a second dialect
(Authing's v3 REST API) would supply another table returning objects with the same attribute
names, and fields, engine and modules stay as they are.
"""

import collections
import json

RELATION_MODES = ('exact', 'append', 'remove')
REDACTED = '********'
# Named behaviour an entity may supply (see Entity): the only names the engine calls.
BEHAVIOUR = ('normalize', 'validate', 'check', 'identity', 'identities', 'label', 'result', 'info_list', 'declare')

Ref = collections.namedtuple('Ref', ['id', 'label', 'attrs'])
Ref.__new__.__defaults__ = (None,)
Ref.__doc__ = '''A resolved link to another object: the id the API wants, the label people read, and
the link's own attributes (hashable; an access rule's effect) whose change re-sends the link.'''


# Objects linked per call when an API takes a list (users added to a group, to a node, ...).
LINK_CHUNK = 100


def ids_of(refs):
    return [ref.id for ref in refs]


def chunks(values, size=LINK_CHUNK):
    """The values in lists of at most ``size``: one request each keeps requests small."""
    values = list(values)
    return [values[start:start + size] for start in range(0, len(values), size)]


class DescriptionError(Exception):
    """A description is inconsistent: a bug of the collection, raised at import time."""


class InputError(Exception):
    """The user's input cannot be used (not an API failure): reported before any write."""


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
    ``secret`` keeps it out of results and diffs. ``write_only`` values cannot be read back: they
    are sent on create, and on update only when the item option named ``update_policy`` says
    ``always``. A ``trigger`` is a one-shot action (``rotate_secret: true``) whose call is in the
    wire table. ``list_key`` makes a list the API replaces wholesale take a ``<name>_mode``
    (elements matched by that key). ``export=False`` keeps a value out of the tenant export (an
    id, activity, a migration value).
    """

    def __init__(self, name, api=None, type='str', compare='exact', choices=None, elements=None, options=None,
                 required_on_create=False, secret=False, write_only=False, update_policy=None, to_api=None,
                 from_api=None, trigger=False, list_key=None, no_log=None, export=True):
        if compare not in COMPARATORS:
            raise DescriptionError('field %s: unknown compare rule %r' % (name, compare))
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
        self.secret = secret
        self.write_only = write_only
        self.update_policy = update_policy
        self._to_api = to_api
        self._from_api = from_api
        self.trigger = trigger
        self.list_key = list_key
        self.export = export and not (secret or write_only or trigger)
        self.mode_option = name + '_mode' if list_key else None

    @property
    def readable(self):
        """Whether the value can be read back and shown."""
        return not (self.secret or self.write_only or self.trigger)

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
        if (mode or 'exact') == 'exact':
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
        if self.trigger:
            spec['default'] = False
        return spec


class Relation(object):
    """A list of links to other objects, spelled ``<name>`` + ``<name>_mode`` in every module.

    ``expand(values)`` turns the option's list into hashable references (default: as given);
    ``resolve(ctx, refs)`` maps them to :class:`Ref` through the references layer (raising
    UnknownReferences); ``render(refs)`` is how links are shown in results, diffs and info
    modules (default: the sorted labels). Reading and writing links is in the wire table.
    """

    def __init__(self, name, resolve, default_mode='exact', elements='str', options=None, expand=None, render=None):
        self.name = name
        self.options = options
        self.expand = expand or list
        self.mode_option = name + '_mode'
        self.resolve = resolve
        self.default_mode = default_mode
        self.elements = elements
        self.render = render or (lambda refs: sorted(ref.label for ref in refs))


class Link(object):
    """The wire calls of one relation: ``read(ctx, api_obj)`` → current Refs; ``add`` and
    ``remove(ctx, api_obj, refs)`` write. Where the API links many objects at once (many users
    to one group), ``add_many`` and ``remove_many(ctx, ref, api_objs)`` write the link ``ref`` for
    every object of a bulk run together (chunked by the call), after the objects' own writes."""

    def __init__(self, read, add, remove, add_many=None, remove_many=None):
        if (add_many is None) != (remove_many is None):
            raise DescriptionError('a batched link needs both add_many and remove_many')
        self.read = read
        self.add = add
        self.remove = remove
        self.add_many = add_many
        self.remove_many = remove_many

    @property
    def batched(self):
        return self.add_many is not None


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


class Wire(object):
    """The API calls of an entity: one table, the seam for another API dialect.

    Each call gets the run context (``ctx.client``, ``ctx.refs``) and the resolved ``scope``
    (None when the entity has none): ``find(ctx, ident, scope)`` → API object or None;
    ``create(ctx, payload, scope, recheck)``, ``update(ctx, current, payload, scope, recheck)`` →
    API object; ``delete(ctx, current, scope, recheck)``; ``list_all(ctx, scope)`` → iterable of API
    objects; ``find_many(ctx, idents, scope)`` → iterable, a batched lookup preferred to ``list_all``
    for big lists. ``links`` maps each relation name to its :class:`Link`; ``triggers`` each
    trigger field to ``fn(ctx, api_obj, scope)`` → API object. An ordered entity reads an
    object's place with ``position(api_obj)`` and sets the order with ``sort(ctx, scope,
    api_objs)``. ``recheck`` is passed on to ``client.call`` so an ambiguous write is re-read,
    not re-sent.
    """

    def __init__(self, find, create, update, delete, list_all=None, find_many=None, links=None, triggers=None,
                 position=None, sort=None):
        self.find = find
        self.create = create
        self.update = update
        self.delete = delete
        self.list_all = list_all
        self.find_many = find_many
        self.links = dict(links or {})
        self.triggers = dict(triggers or {})
        self.position = position
        self.sort = sort


class Entity(object):
    """One entity: fields, traits, named behaviour and its wire table.

    ``key`` names the identifying option, or a tuple of options for a composite key. ``rename``
    is the Field that carries a new key (``new_code``): renames are explicit.

    Traits:

    - ``alternate_keys``: the key options are alternative identifiers (a user's id, username,
      email...): the one that found the object compares equal, the others are attributes that
      may change.
    - ``ordered``: the collection has an order; the exact bulk mode also enforces the list's
      order, and writes go one at a time so new objects land in list order.
    - ``scope``: the parent (:class:`Scope`).
    - ``singleton``: one object per scope that exists with it (an application's access
      configuration): predicted from the scope itself when the scope is yet to be created, so
      ``wire.find`` must not call the API for such a scope (it is marked ``declared``).

    Named behaviour (all optional; ``BEHAVIOUR`` lists the names):

    - ``normalize(ctx, item) -> item``: the canonical spelling of an item, before anything else
      (input alone, plus reference data read once per run); never reports problems.
    - ``validate(item) -> [messages]``: problems of the input alone.
    - ``check(ctx, records) -> [(record, message)]``: problems found after the reads, before
      planning (rules that need the server or the whole list); never rewrites input.
    - ``identity(item)`` / ``identities(api_obj)``: for keys that are not plain options.
    - ``label(values) -> str``: how people name an object, from its key options (messages,
      summaries); default: the identity's values.
    - ``result(item, api_obj, view)``: adds to the returned object (a secret asked for).
    - ``info_list(ctx, params, scope)``: the info module's listing when its options shape it.
    - ``declare(ctx, view, scope)``: tell the references layer that an object would exist, as
      predicted (``view``: option names); later steps of a whole-tenant prediction may name it.
    """

    def __init__(self, name, plural, key, fields, wire, relations=(), rename=None, read_only=(), scope=None,
                 extra_options=None, alternate_keys=False, ordered=False, singleton=False, **behaviour):
        unknown = sorted(set(behaviour) - set(BEHAVIOUR))
        if unknown:
            raise DescriptionError('%s: unknown behaviour %s (known: %s)' % (name, ', '.join(unknown), ', '.join(BEHAVIOUR)))
        for hook_name, hook in behaviour.items():
            if not callable(hook):
                raise DescriptionError('%s: behaviour %s is not callable' % (name, hook_name))
        self.name = name
        self.plural = plural
        self.key = key
        self.fields = list(fields)
        self.relations = list(relations)
        self.rename = rename
        self.read_only = list(read_only)
        self._shown = [field for field in self.fields + self.read_only if field.readable]  # present(), per object
        self.scope = scope
        self.extra_options = extra_options or {}
        self.wire = wire
        self.alternate_keys = alternate_keys
        self.ordered = ordered
        self.singleton = singleton
        self.behaviour = behaviour
        self._check_consistency()

    def _check_consistency(self):
        problems = []
        relation_names = set(r.name for r in self.relations)
        if set(self.wire.links) != relation_names:
            problems.append('wire links %s do not match relations %s' % (sorted(self.wire.links), sorted(relation_names)))
        triggers = set(f.name for f in self.fields if f.trigger)
        if set(self.wire.triggers) != triggers:
            problems.append('wire triggers %s do not match trigger fields %s' % (sorted(self.wire.triggers), sorted(triggers)))
        if self.ordered and not (self.wire.position and self.wire.sort):
            problems.append('an ordered entity needs wire position and sort')
        names = [f.name for f in self.fields]
        missing = [name for name in self.key_names if name not in names]
        if missing:
            problems.append('key options %s are not fields' % ', '.join(missing))
        if problems:
            raise DescriptionError('%s: %s' % (self.name, '; '.join(problems)))

    @property
    def key_names(self):
        return self.key if isinstance(self.key, tuple) else (self.key,)

    @property
    def fixed_keys(self):
        """Key options that never change an object (alternative keys are attributes too)."""
        return () if self.alternate_keys else self.key_names

    @property
    def export_fields(self):
        """The options a tenant export writes for this entity."""
        return [field.name for field in self.fields if field.export]

    def field(self, name):
        for field in self.fields + ([self.rename] if self.rename else []):
            if field.name == name:
                return field
        raise KeyError(name)

    def call(self, name, *args, **kwargs):
        """Named behaviour, or its neutral default when the entity supplies none."""
        hook = self.behaviour.get(name)
        if hook is not None:
            return hook(*args, **kwargs)
        return _DEFAULTS[name](self, *args, **kwargs)

    def identity(self, item):
        """The value an item is looked up by (a tuple for composite keys)."""
        return self.call('identity', item)

    def identities(self, api_obj):
        """Every identity an API object answers to, for matching a prefetched list."""
        return self.call('identities', api_obj)

    def key_options(self, api_obj):
        """Item options that name an existing object (used to purge unlisted objects)."""
        return dict((name, self.field(name).read(api_obj)) for name in self.key_names)

    def present(self, api_obj, item=None):
        """The canonical, snake_case view of an API object, without secrets."""
        if not api_obj:
            return {}
        view = dict((field.name, field.read(api_obj)) for field in self._shown)
        if item is not None:
            self.call('result', item, api_obj, view)
        return view

    def to_api(self, changes):
        """Option-named changes → the API's attribute names and encodings (main call only)."""
        payload = {}
        for name, value in changes.items():
            field = self.field(name)
            if not field.trigger:
                payload[field.api] = field.to_api(value)
        return payload

    def item_spec(self, bulk_item=False):
        """Options describing one object, shared by the single form and the bulk list."""
        spec = {}
        for field in self.fields:
            spec[field.name] = field.option_spec()
            if field.mode_option:
                spec[field.mode_option] = {'type': 'str', 'choices': list(RELATION_MODES), 'default': 'exact'}
            if field.update_policy:
                spec[field.update_policy] = {'type': 'str', 'choices': ['always', 'on_create'], 'default': 'on_create',
                                             'no_log': False}
        if bulk_item and not isinstance(self.key, tuple) and 'identity' not in self.behaviour:
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

    def label(self, values):
        """How people name the object these options (or these key values) identify."""
        return self.call('label', values)


def _plain_identity(entity, item):
    values = tuple(item.get(name) for name in entity.key_names)
    return values if isinstance(entity.key, tuple) else values[0]


def _identity_text(entity, values):
    ident = entity.identity(values)
    if isinstance(ident, tuple):
        return ' '.join(str(part) for part in ident if part is not None)
    return str(ident)


def _plain_identities(entity, api_obj):
    values = tuple(entity.field(name).read(api_obj) for name in entity.key_names)
    return [values if isinstance(entity.key, tuple) else values[0]]


_DEFAULTS = {
    'normalize': lambda entity, ctx, item: item,
    'validate': lambda entity, item: [],
    'check': lambda entity, ctx, records: [],
    'identity': _plain_identity,
    'identities': _plain_identities,
    'label': _identity_text,
    'result': lambda entity, item, api_obj, view: None,
    'info_list': lambda entity, ctx, params, scope: entity.wire.list_all(ctx, scope),
    'declare': lambda entity, ctx, item, scope: None,
}
