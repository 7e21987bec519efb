# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Users (GraphQL), wire reference §2.5 and §2.6, and how other entities refer to users.

The user entity (``USER``) is found by any of its identifiers: ``id``, ``username``, ``email``
(case-insensitive, stored lower-cased), ``phone`` or ``external_id``, tried in that order; the
first one given identifies the user and the others are attributes that may change. Reads fetch
custom data, groups and roles in the same query as the user (nested selections), only for what
the item manages, so relations need no per-user reads; the bulk form reads users 80 at a time
with ``userBatch``, grouped by identifier type.

Decisions written down here:

- ``signed_up``, ``logins_count``, ``last_login``, ``last_ip`` and ``register_source`` are
  initial values for migrations: sent when the user is created, never compared afterwards (a
  migration re-run after people logged in must neither fail nor reset their counters).
- ``keep_password`` only applies when the user is created (``createUser(keepPassword)``).
- ``city``, ``province``, ``token_expired_at`` and ``phone_country_code`` are not accepted by
  ``createUser``: a create sends them with a follow-up ``updateUser``.
- ``custom_data`` manages only the keys given; a key set to null removes that value. A new
  user gets its custom data in the ``createUser`` call itself (``params``).
- ``roles_mode: exact`` makes the user's roles in every namespace (``default`` and each
  application's) exactly the list.
"""

import json
import re
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.authing.cloud.plugins.module_utils import custom_data
from ansible_collections.authing.cloud.plugins.module_utils.client import graphql
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    Entity, Field, InputError, Link, Ref, Relation, Wire, chunks)
from ansible_collections.authing.cloud.plugins.module_utils.entities.memberships import (
    add_to_group, assign_roles, remove_from_group, revoke_roles)
from ansible_collections.authing.cloud.plugins.module_utils.references import (
    USER_BATCH_LIMIT, expand_role_names, role_problems)
from ansible_collections.authing.cloud.plugins.module_utils.rsa import HAS_CRYPTOGRAPHY, MISSING_LIBRARY, encrypt_password

# userBatch calls of one read in flight at once (a big list needs one call per 80 users).
BATCH_READS_IN_FLIGHT = 16
EMAIL = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')


# -- the user entity: identity ----------------------------------------------------------------------

# (option, API attribute, userBatch type), in the order an item's identifiers are tried.
IDENTIFIERS = (
    ('id', 'id', 'id'),
    ('username', 'username', 'username'),
    ('email', 'email', 'email'),
    ('phone', 'phone', 'phone'),
    ('external_id', 'externalId', 'externalId'),
)
NESTED = ('custom_data', 'groups', 'roles')


class UserKey(str):
    """One identifier of a user: the text is the value (shown in messages), ``kind`` says which
    identifier it is, ``wants`` which nested data the item needs read with the user, and
    ``others`` the item's other identifiers, tried when no user has this one."""

    def __new__(cls, kind, value, wants=frozenset(), others=()):
        key = str.__new__(cls, value.lower() if kind == 'email' else value)
        key.kind = kind
        key.wants = wants
        key.others = others
        return key

    def __eq__(self, other):
        return isinstance(other, UserKey) and self.kind == other.kind and str.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self.kind, str(self)))


def label(values):
    """A user is named by the most human identifier it has."""
    for option in ('username', 'email', 'phone', 'external_id', 'id'):
        if values.get(option):
            return values[option]
    return '?'


def wants_of(item):
    """What to read with a user: the nested data the item manages (or an info module asks for)
    and the options it sets (all that a run without whole objects reads, see _selected)."""
    return frozenset(name for name in NESTED if item.get(name) is not None or item.get('with_' + name)).union(
        name for name, value in item.items() if value is not None and name in ATTRIBUTE_OF)


def identity(item):
    """The item's first identifier; the others are tried when no user has that one, and find only
    a user without that kind of identifier (an item with a new username and the email of a user
    who has no username gives that user one; it never renames a user who has a username)."""
    given = [UserKey(option, item[option]) for option, _api, _type in IDENTIFIERS if item.get(option)]
    if not given:
        return None
    return UserKey(given[0].kind, given[0], wants_of(item), tuple(given[1:]))


def identities(user):
    """Every identifier of a user, plus the item identities it was found for by another one."""
    return [UserKey(option, user[api]) for option, api, _type in IDENTIFIERS if user.get(api)] + user.get('_aliases', [])


# -- reads: one document per set of nested selections ------------------------------------------------

_DOCUMENTS = {}


def _selected(ctx, attributes):
    """The user attributes a read or a write answers with: all of them, or - in a run whose
    results carry no whole objects (a tenant) - the identifiers and the ``attributes`` the items
    manage, which is less for the service to send and for us to read."""
    if ctx.whole_objects:
        return USER_FIELDS
    return ' '.join(IDENTIFIER_ATTRIBUTES + tuple(sorted(set(attributes).intersection(SELECTED).difference(
        IDENTIFIER_ATTRIBUTES))))


def _document(template, selection, idempotent=False):
    key = (template, selection)
    if key not in _DOCUMENTS:
        _DOCUMENTS[key] = graphql(template % selection, idempotent=idempotent)
    return _DOCUMENTS[key]


def _operation(ctx, template, wants, namespaces):
    """The Operation for ``template`` selecting the user fields plus the wanted nested data; roles
    are read once per namespace through aliases, the namespaces passed as variables."""
    fields = _selected(ctx, [ATTRIBUTE_OF[name] for name in wants if name in ATTRIBUTE_OF])
    key = (template, fields, tuple(sorted(wants.intersection(NESTED))), len(namespaces))
    if key not in _DOCUMENTS:
        selection = [fields]
        if 'custom_data' in wants:
            selection.append('customData { key value dataType label }')
        if 'groups' in wants:
            selection.append('groups { totalCount list { code } }')
        declarations = ''.join(', $ns%d: String' % i for i in range(len(namespaces)))
        selection.extend('roles%d: roles(namespace: $ns%d) { totalCount list { code namespace } }' % (i, i)
                         for i in range(len(namespaces)))
        _DOCUMENTS[key] = graphql(template % {'vars': declarations, 'selection': ' '.join(selection)})
    return _DOCUMENTS[key]


FIND_BY_ID = 'query user($id: String%(vars)s) { user(id: $id) { %(selection)s } }'
FIND_USER = ('query findUser($email: String, $phone: String, $username: String, $externalId: String%(vars)s) '
             '{ findUser(email: $email, phone: $phone, username: $username, externalId: $externalId) '
             '{ %(selection)s } }')
BATCH = 'query userBatch($ids: [String!]!, $type: String%(vars)s) { userBatch(ids: $ids, type: $type) { %(selection)s } }'
LIST = ('query users($page: Int, $limit: Int%(vars)s) { users(page: $page, limit: $limit) '
        '{ totalCount list { %(selection)s } } }')
SEARCH = ('query searchUser($query: String!, $page: Int, $limit: Int, $groupOpts: [SearchUserGroupOpt], '
          '$roleOpts: [SearchUserRoleOpt]%(vars)s) { searchUser(query: $query, page: $page, limit: $limit, '
          'groupOpts: $groupOpts, roleOpts: $roleOpts) { totalCount list { %(selection)s } } }')
ARCHIVED = ('query archivedUsers($page: Int, $limit: Int%(vars)s) { archivedUsers(page: $page, limit: $limit) '
            '{ totalCount list { %(selection)s } } }')
# Options of authing_user_info beyond the identifiers and with_groups / with_roles.
INFO_OPTIONS = {
    'query': {'type': 'str'},
    'query_groups': {'type': 'list', 'elements': 'str'},
    'query_roles': {'type': 'list', 'elements': 'raw'},
    'with_custom_data': {'type': 'bool', 'default': False},
    'archived': {'type': 'bool', 'default': False},
}


def _reading(ctx, wants):
    """(namespaces, variables) for the roles aliases of a read."""
    if 'roles' not in wants:
        return [], {}
    namespaces = ctx.refs.role_namespaces()
    return namespaces, dict(('ns%d' % i, namespace) for i, namespace in enumerate(namespaces))


def _absorb(user, wants, namespaces):
    """Fold the per-namespace role aliases into ``user['roles']`` and note what was read."""
    if user is None:
        return None
    if 'roles' in wants:
        user['roles'] = [role for i in range(len(namespaces)) for role in (user.pop('roles%d' % i, None) or {}).get('list') or []]
    user['_nested'] = wants
    return user


def find_user(ctx, ident, scope=None):
    namespaces, variables = _reading(ctx, ident.wants)
    for key in (ident,) + tuple(getattr(ident, 'others', ())):
        if key.kind == 'id':
            op, lookup = _operation(ctx, FIND_BY_ID, ident.wants, namespaces), {'id': str(key)}
        else:
            op = _operation(ctx, FIND_USER, ident.wants, namespaces)
            lookup = {dict((o, a) for o, a, _t in IDENTIFIERS)[key.kind]: str(key)}
        user = ctx.client.call(op, dict(variables, **lookup))
        if user is not None and (key is ident or _lacks(user, ident.kind)):
            return _absorb(user, ident.wants, namespaces)
    return None


def _lacks(user, kind):
    """Whether a user has no identifier of this kind (so an item may give it one)."""
    return not user.get(dict((o, a) for o, a, _t in IDENTIFIERS)[kind])


def find_users(ctx, idents, scope=None):
    """Batched lookup for the bulk form: userBatch, 80 identifiers a call, per identifier type;
    then the other identifiers of the items nobody matched, the same way."""
    wants = frozenset().union(*[ident.wants for ident in idents]) if idents else frozenset()
    namespaces, variables = _reading(ctx, wants)
    op = _operation(ctx, BATCH, wants, namespaces)
    found = _batch(ctx, op, variables, idents, wants, namespaces)
    index = dict((key, user) for user in found for key in identities(user))
    missing = [ident for ident in idents if ident not in index and getattr(ident, 'others', ())]
    if missing:
        others = set(key for ident in missing for key in ident.others if key not in index)
        for user in _batch(ctx, op, variables, others, wants, namespaces):
            found.append(user)
            index.update((key, user) for key in identities(user))
        for ident in missing:
            user = next((index[key] for key in ident.others if key in index and _lacks(index[key], ident.kind)), None)
            if user is not None:
                user.setdefault('_aliases', []).append(ident)
    return found


def _batch(ctx, op, variables, keys, wants, namespaces):
    """userBatch per identifier type, 80 a call; the calls of a big list go a few at a time."""
    batch_type = dict((o, t) for o, _a, t in IDENTIFIERS)
    by_kind = {}
    for key in keys:
        by_kind.setdefault(key.kind, set()).add(str(key))
    calls = [dict(variables, ids=chunk, type=batch_type[kind])
             for kind in sorted(by_kind) for chunk in chunks(sorted(by_kind[kind]), USER_BATCH_LIMIT)]
    if len(calls) > 1:
        with ThreadPoolExecutor(max_workers=min(BATCH_READS_IN_FLIGHT, len(calls))) as pool:
            answers = list(pool.map(lambda call: ctx.client.call(op, call), calls))
    else:
        answers = [ctx.client.call(op, call) for call in calls]
    return [_absorb(user, wants, namespaces) for answer in answers for user in answer or []]


def list_users(ctx, params, scope=None):
    """All users, those a search matches (``query``, ``query_groups``, ``query_roles``) or the
    archived (deleted) ones, page by page, with the nested data asked for."""
    wants = frozenset() if params.get('archived') else wants_of(params)
    namespaces, variables = _reading(ctx, wants)
    if params.get('archived'):
        pages = ctx.client.paginate(_operation(ctx, ARCHIVED, wants, namespaces), variables)
    elif params.get('query') is not None or params.get('query_groups') or params.get('query_roles'):
        search = dict(variables, query=params.get('query') or '')
        if params.get('query_groups'):
            search['groupOpts'] = [{'code': code} for code in params['query_groups']]
        if params.get('query_roles'):
            search['roleOpts'] = _role_filters(ctx, params['query_roles'])
        pages = ctx.client.paginate(_operation(ctx, SEARCH, wants, namespaces), search)
    else:
        pages = ctx.client.paginate(_operation(ctx, LIST, wants, namespaces), variables)
    for user in pages:
        yield _absorb(user, wants, namespaces)


def _role_filters(ctx, values):
    """``query_roles`` (spelled like a user's ``roles``) → searchUser roleOpts."""
    problems = role_problems(values)
    if problems:
        raise InputError('query_roles: ' + '; '.join(problems))
    filters = []
    for name in expand_role_names(values):
        namespace = name.namespace
        if name.app is not None:
            app = ctx.refs.resolve_app(name.app)
            if app is None:
                raise InputError("query_roles: application '%s' does not exist" % name.app)
            namespace = app['id']
        filters.append({'namespace': namespace, 'code': name.code})
    return filters


# -- writes -------------------------------------------------------------------------------------------

DELETE = graphql('mutation deleteUser($id: String!) { deleteUser(id: $id) { code message } }')
SET_UDV = graphql('mutation setUdvBatch($targetType: UDFTargetType!, $targetId: String!, '
                  '$udvList: [UserDefinedDataInput!]) { setUdvBatch(targetType: $targetType, targetId: $targetId, '
                  'udvList: $udvList) { key value dataType label } }', idempotent=True)
REMOVE_UDV = graphql('mutation removeUdv($targetType: UDFTargetType!, $targetId: String!, $key: String!) '
                     '{ removeUdv(targetType: $targetType, targetId: $targetId, key: $key) '
                     '{ key value dataType label } }', idempotent=True)
USER_GROUPS = graphql('query getUserGroups($id: String!) { user(id: $id) { groups { totalCount list { code } } } }')

# Inputs createUser does not take (sent by a follow-up updateUser) and that updateUser does not take.
UPDATE_ONLY = ('city', 'province', 'tokenExpiredAt', 'phoneCountryCode')
CREATE_ONLY = ('signedUp', 'registerSource', 'keepPassword')


def _carry_nested(current, user):
    """Nested data read with ``current`` stays on the object a write returned (for the result)."""
    for name in ('customData', 'groups', 'roles', '_nested'):
        if name in (current or {}) and name not in user:
            user[name] = current[name]
    return user


def _encrypt(ctx, payload):
    if payload.get('password') is not None:
        payload['password'] = encrypt_password(ctx, payload['password'])
    return payload


def create_user(ctx, payload, scope, recheck):
    """createUser, with the custom data in the same call (``params``); then updateUser for the
    inputs createUser does not take."""
    payload = _encrypt(ctx, dict(payload))
    payload.pop('id', None)
    keep_password = payload.pop('keepPassword', None)
    values = dict((k, v) for k, v in (payload.pop('customData', None) or {}).items() if v is not None)
    later = dict((name, payload.pop(name)) for name in UPDATE_ONLY if name in payload)
    variables = {'userInfo': payload, 'keepPassword': keep_password or None}
    if values:
        # params: [{key, value}] with raw values (not JSON-encoded again), reference §2.6
        variables['params'] = json.dumps([{'key': key, 'value': values[key]} for key in sorted(values)])
    selection = _selected(ctx, list(payload) + list(later))
    user = ctx.client.call(_document(CREATE_WITH_DATA if values else CREATE, selection), variables, recheck=recheck)
    if later:
        user = _carry_nested(user, ctx.client.call(_document(UPDATE, selection, idempotent=True),
                                                   {'id': user['id'], 'input': later}))
    return user


def update_user(ctx, current, payload, scope, recheck):
    """updateUser for the profile; setUdvBatch / removeUdv for custom data (their answer, every
    value of the user, becomes the result's custom data)."""
    payload = _encrypt(ctx, dict((k, v) for k, v in payload.items() if k not in CREATE_ONLY and k != 'id'))
    values = payload.pop('customData', None)
    user = current
    if payload:
        update = _document(UPDATE, _selected(ctx, payload), idempotent=True)
        user = _carry_nested(current, ctx.client.call(update, {'id': current['id'], 'input': payload},
                                                      recheck=recheck))
    if values:
        entries = write_custom_data(ctx, current, values)
        if entries is not None:
            user = dict(user, customData=entries)
    return user


def delete_user(ctx, user, scope, recheck):
    ctx.client.call(DELETE, {'id': user['id']}, recheck=recheck)


def write_custom_data(ctx, user, values):
    """setUdvBatch for the values given; removeUdv for keys set to null that hold a value.
    Returns the user's values after the writes (what the last call answered), or None."""
    current = custom_data.decode_values(user.get('customData'))
    values_set = [{'key': key, 'value': custom_data.encode_value(value)}
                  for key, value in sorted(values.items()) if value is not None]
    entries = None
    if values_set:
        entries = ctx.client.call(SET_UDV, {'targetType': 'USER', 'targetId': user['id'], 'udvList': values_set})
    for key in sorted(key for key, value in values.items() if value is None and current.get(key) is not None):
        entries = ctx.client.call(REMOVE_UDV, {'targetType': 'USER', 'targetId': user['id'], 'key': key})
    return entries


# -- relations: groups and roles ---------------------------------------------------------------------

def read_groups(ctx, user):
    groups = user.get('groups') if 'groups' in user.get('_nested', ()) else None
    if groups is None:
        groups = (ctx.client.call(USER_GROUPS, {'id': user['id']}) or {}).get('groups')
    codes = [group['code'] for group in (groups or {}).get('list') or []]
    ctx.refs.remember_groups(codes)  # known to exist: no lookup later
    return [Ref(code, code) for code in codes]


def ids_of_users(users):
    return [user['id'] for user in users]


def declare(ctx, view, scope):
    """A user a prediction would create: later steps may name it by any identifier."""
    names = [view[option] for option in ('username', 'email', 'phone', 'external_id') if view.get(option)]
    if names:
        ctx.refs.declare_user(names)


def _each_group(write):
    """One call per group: the API adds many users to one group, not one user to many groups."""
    def call(ctx, user, refs):
        for ref in refs:
            write(ctx, ref.id, [user['id']])
    return call


def read_roles(ctx, user):
    if 'roles' not in user.get('_nested', ()):
        user = find_user(ctx, UserKey('id', user['id'], frozenset(['roles'])))
    return [ctx.refs.role_ref(role.get('namespace'), role['code']) for role in (user or {}).get('roles') or []]


# -- checks ----------------------------------------------------------------------------------------

def validate(item):
    problems = []
    if item.get('email') and not EMAIL.match(item['email']):
        problems.append('invalid email address %r' % item['email'])
    problems.extend(role_problems(item.get('roles')))
    return problems


def check(ctx, records):
    """Rules that need the server or the whole list, checked before any write."""
    problems = []
    present = [r for r in records if r['item'].get('state') != 'absent']
    for record in present:
        ident = record['ident']
        if record['api'] is None and getattr(ident, 'kind', None) == 'id':
            problems.append((record, 'no user has id %s, and a user cannot be created with a given id' % ident))
        if record['item'].get('password') is not None and not HAS_CRYPTOGRAPHY:
            problems.append((record, MISSING_LIBRARY))
    problems.extend(_claims(present))
    with_data = [r for r in present if r['item'].get('custom_data')]
    if with_data:
        defined = ctx.refs.custom_field_definitions('USER')
        for record in with_data:
            problems.extend((record, message) for message in _custom_data_problems(ctx.refs, defined, record['item']))
    return problems


def _claims(records):
    """Two items of one list must not claim the same username, email, phone or external id."""
    problems = []
    for option, _api, _type in IDENTIFIERS[1:]:
        claimed = {}
        for record in records:
            value = record['item'].get(option)
            if value:
                owner = (record['api'] or {}).get('id') or id(record)
                claimed.setdefault(value.lower() if option == 'email' else value, []).append((owner, record))
        for value, claims in sorted(claimed.items()):
            if len(set(owner for owner, _record in claims)) > 1:
                names = ', '.join("'%s'" % record['key'] for _owner, record in claims)
                problems.extend((record, '%s %s is claimed by more than one user in the list (%s)' % (option, value, names))
                                for _owner, record in claims)
    return problems


def _custom_data_problems(refs, defined, item):
    """Each key must be a defined field and each value of its data type."""
    problems = []
    for key, value in sorted(item['custom_data'].items()):
        if key not in defined:
            if not refs.assumes('custom field', key):
                problems.append("custom data '%s' is not a defined custom field (define it with authing_custom_field)" % key)
            continue
        problem = custom_data.check_value(defined[key], value)[1]
        if problem:
            problems.append("custom data '%s' %s" % (key, problem))
    return problems


def normalize(ctx, item):
    """Custom data values in the canonical form of their data type (a DATETIME in one spelling),
    so they compare equal to what the server stores; values that do not fit are left for check."""
    if not item.get('custom_data') or item.get('state') == 'absent':
        return item
    defined = ctx.refs.custom_field_definitions('USER')
    canonical = {}
    for key, value in item['custom_data'].items():
        fitted, problem = custom_data.check_value(defined[key], value) if key in defined else (None, True)
        canonical[key] = value if problem else fitted
    return dict(item, custom_data=canonical)


def result(item, user, view):
    """Custom data is shown when it was read (managed, or asked for by the info module)."""
    if 'customData' not in user:
        view.pop('custom_data', None)


# -- the entity --------------------------------------------------------------------------------------

def _text(name, api=None, export=True):
    return Field(name, api=api, compare='text', export=export)


def _initial(name, api, type='str', elements=None):
    """A migration value: sent when the user is created, never compared afterwards (nor exported)."""
    return Field(name, api=api, type=type, elements=elements, compare='ignore', export=False)


FIELDS = [
    Field('id', export=False),
    Field('username'),
    Field('email', compare='ci'),
    Field('phone'),
    Field('external_id', api='externalId'),
    Field('password', secret=True, write_only=True, update_policy='update_password'),
    Field('keep_password', type='bool', write_only=True, api='keepPassword', no_log=False),
    _text('nickname'), _text('name'), _text('given_name', 'givenName'), _text('family_name', 'familyName'),
    _text('middle_name', 'middleName'), _text('preferred_username', 'preferredUsername'), _text('profile'),
    _text('photo'), _text('website'), _text('company'),
    Field('gender', choices=['M', 'F', 'U']),
    _text('birthdate'), _text('locale'), _text('zoneinfo'),
    _text('address'), _text('formatted'), _text('street_address', 'streetAddress'), _text('locality'),
    _text('region'), _text('postal_code', 'postalCode'), _text('city'), _text('province'), _text('country'),
    _text('phone_country_code', 'phoneCountryCode'),
    Field('email_verified', api='emailVerified', type='bool'),
    Field('phone_verified', api='phoneVerified', type='bool'),
    Field('blocked', type='bool'),
    _text('unionid'), _text('openid'), _text('browser', export=False), _text('device', export=False),
    Field('token_expired_at', api='tokenExpiredAt', compare='text', no_log=False, export=False),
    _initial('signed_up', 'signedUp'),
    _initial('logins_count', 'loginsCount', type='int'),
    _initial('last_login', 'lastLogin'),
    _initial('last_ip', 'lastIP'),
    _initial('register_source', 'registerSource', type='list', elements='str'),
    Field('custom_data', api='customData', type='dict', compare='subset', from_api=custom_data.decode_values),
]
READ_ONLY = [Field('arn'), Field('status'), Field('created_at', api='createdAt'), Field('updated_at', api='updatedAt')]
# Every attribute read with a user; the password is never read and custom data is a nested selection.
SELECTED = tuple(f.api for f in FIELDS + READ_ONLY if f.api not in ('password', 'keepPassword', 'customData'))
USER_FIELDS = ' '.join(SELECTED)
ATTRIBUTE_OF = dict((f.name, f.api) for f in FIELDS if f.api in SELECTED)
IDENTIFIER_ATTRIBUTES = tuple(api for _option, api, _type in IDENTIFIERS)
CREATE = ('mutation createUser($userInfo: CreateUserInput!, $keepPassword: Boolean) '
          '{ createUser(userInfo: $userInfo, keepPassword: $keepPassword) { %s } }')
CREATE_WITH_DATA = ('mutation createUserWithCustomData($userInfo: CreateUserInput!, $keepPassword: Boolean, '
                    '$params: String) { createUser(userInfo: $userInfo, keepPassword: $keepPassword, '
                    'params: $params) { %s customData { key value dataType label } } }')
UPDATE = ('mutation updateUser($id: String, $input: UpdateUserInput!) '
          '{ updateUser(id: $id, input: $input) { %s } }')

WIRE = Wire(
    find=find_user,
    find_many=find_users,
    list_all=lambda ctx, scope: list_users(ctx, {'with_custom_data': True, 'with_groups': True}),
    create=create_user,
    update=update_user,
    delete=delete_user,
    links={
        'groups': Link(read=read_groups, add=_each_group(add_to_group), remove=_each_group(remove_from_group),
                       add_many=lambda ctx, ref, users: add_to_group(ctx, ref.id, ids_of_users(users)),
                       remove_many=lambda ctx, ref, users: remove_from_group(ctx, ref.id, ids_of_users(users))),
        'roles': Link(read=read_roles,
                      add=lambda ctx, user, refs: assign_roles(ctx, [user['id']], refs),
                      remove=lambda ctx, user, refs: revoke_roles(ctx, [user['id']], refs),
                      add_many=lambda ctx, ref, users: assign_roles(ctx, ids_of_users(users), [ref]),
                      remove_many=lambda ctx, ref, users: revoke_roles(ctx, ids_of_users(users), [ref])),
    },
)

USER = Entity(
    name='user',
    plural='users',
    key=tuple(option for option, _api, _type in IDENTIFIERS),
    alternate_keys=True,
    fields=FIELDS,
    read_only=READ_ONLY,
    relations=[
        Relation('groups', resolve=lambda ctx, codes: ctx.refs.resolve_groups(codes)),
        Relation('roles', resolve=lambda ctx, names: ctx.refs.resolve_roles(names), elements='raw',
                 expand=expand_role_names),
    ],
    identity=identity,
    identities=identities,
    label=label,
    declare=declare,
    info_list=list_users,
    normalize=normalize,
    validate=validate,
    check=check,
    result=result,
    wire=WIRE,
)
