# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The references layer: what a run knows about objects named by their natural keys.

Between the client and the entities. Entities never import each other: when a user names a
group, a group names its members, or an access rule names a role, they ask this layer, which
looks objects up in batches and remembers them for the whole run. Two parts:

- :class:`Memo`, the one per-run cache: values keyed by a declared :class:`Slot` and a key,
  loaded once even when threads ask at the same time (a loader runs without holding any lock;
  the others wait for its result).
- :class:`References`, resolving users, groups, roles and applications by natural key.

:class:`Context` is what every entity call receives: the client, the memo and the references.
"""

import contextlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.authing.cloud.plugins.module_utils.client import AuthingError, graphql, rest
from ansible_collections.authing.cloud.plugins.module_utils.description import Ref, UnknownReferences

OBJECT_ID = re.compile(r'^[0-9a-f]{24}$')
PHONE = re.compile(r'^\+?[0-9]{5,20}$')
DEFAULT_NAMESPACE = 'default'
# The id prefix of objects a prediction declared or assumed: they do not exist on the server.
DECLARED = 'declared:'
USER_BATCH_LIMIT = 80
# Looking objects up one by one is cheaper than listing them all up to this many names.
LOOKUP_LIMIT = 10
APPLICATION_NOT_FOUND = 2011

USER_REF_FIELDS = 'id username email phone externalId'
USER_BATCH = graphql(
    'query userBatch($ids: [String!]!, $type: String) { userBatch(ids: $ids, type: $type) { %s } }' % USER_REF_FIELDS)
GROUP = graphql('query group($code: String!) { group(code: $code) { code } }')
GROUPS = graphql('query groups($page: Int, $limit: Int) { groups(page: $page, limit: $limit) '
                 '{ totalCount list { code } } }')
ROLE_FIELDS = 'id namespace code arn description isSystem createdAt updatedAt'
ROLE = graphql('query role($code: String!, $namespace: String) '
               '{ role(code: $code, namespace: $namespace) { %s } }' % ROLE_FIELDS)
ROLES = graphql('query roles($namespace: String, $page: Int, $limit: Int) '
                '{ roles(namespace: $namespace, page: $page, limit: $limit) { totalCount list { %s } } }' % ROLE_FIELDS)
DEFAULT_CUSTOM_FIELD_TARGET = 'USER'
UDF_FIELDS = 'targetType dataType key label options'
CUSTOM_FIELDS = graphql('query udf($targetType: UDFTargetType!) { udf(targetType: $targetType) { %s } }' % UDF_FIELDS)
ORG_NODE_FIELDS = 'id name description order code root depth path createdAt updatedAt'
# The organisations list carries each node's first page of members and its roles: managing a
# tree costs no read per node (a node with more members pages the rest).
NODE_MEMBERS_PAGE = 200
ORG_NODE_WITH_LINKS = '%s users(page: 1, limit: %d) { totalCount list { %s } } roles { totalCount list { code namespace } }' % (
    ORG_NODE_FIELDS, NODE_MEMBERS_PAGE, USER_REF_FIELDS)
ORGS = graphql('query orgs($page: Int, $limit: Int) { orgs(page: $page, limit: $limit) { totalCount list '
               '{ id rootNode { %s } nodes { %s } } } }' % (ORG_NODE_FIELDS, ORG_NODE_WITH_LINKS))
LIST_APPLICATIONS = rest('applications.list', 'GET', '/api/v2/applications')
APPLICATION_DETAIL = rest('applications.detail', 'GET', '/api/v2/applications/{id}')


class Slot(object):
    """A declared kind of cached value (``AGREEMENTS`` per application id, ...)."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return 'Slot(%s)' % self.name


APPLICATION_INDEX = Slot('applications by identifier and id')
CUSTOM_FIELD_DEFINITIONS = Slot('custom field definitions of a target type')
ORGANISATIONS = Slot('every organisation with its nodes')
ORG_NODES = Slot('organisation nodes by code, org/code and id')


class _Pending(object):
    def __init__(self):
        self._done = threading.Event()
        self._value = None
        self._error = None

    def finish(self, value=None, error=None):
        self._value, self._error = value, error
        self._done.set()

    def wait(self):
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value


class Memo(object):
    """Values read once per run. ``load`` runs ``fetch`` in the first thread that asks, without
    holding a lock; threads asking meanwhile wait for that result instead of fetching again."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = {}
        self._local = threading.local()

    @contextlib.contextmanager
    def fresh(self):
        """Inside this block (this thread only) every load fetches anew and replaces what was
        cached: a recheck after an ambiguous write must not trust data read before the write."""
        self._local.depth = getattr(self._local, 'depth', 0) + 1
        try:
            yield
        finally:
            self._local.depth -= 1

    def load(self, slot, key, fetch):
        if getattr(self._local, 'depth', 0):
            value = fetch()
            self.put(slot, key, value)
            return value
        with self._lock:
            entry = self._entries.get((slot, key))
            owner = entry is None
            if owner:
                entry = self._entries[(slot, key)] = _Pending()
        if owner:
            try:
                entry.finish(value=fetch())
            except Exception as exc:
                with self._lock:
                    if self._entries.get((slot, key)) is entry:
                        del self._entries[(slot, key)]
                entry.finish(error=exc)
        return entry.wait()

    @contextlib.contextmanager
    def changing(self, slot, key=None):
        """Around a write to what ``slot`` holds: the value is dropped before the write and again
        after it, since a read meanwhile (another thread's, or the write's own recheck after an
        ambiguous failure) may have cached what was there before the write took effect."""
        self.forget(slot, key)
        try:
            yield
        finally:
            self.forget(slot, key)

    def put(self, slot, key, value):
        entry = _Pending()
        entry.finish(value=value)
        with self._lock:
            self._entries[(slot, key)] = entry

    def peek(self, slot, key, default=None):
        """The value if it was loaded already (never fetches, never waits)."""
        with self._lock:
            entry = self._entries.get((slot, key))
        if entry is None or not entry._done.is_set() or entry._error is not None:
            return default
        return entry._value

    def forget(self, slot, key=None):
        """Drop one value, or every value of the slot (before a write that changes it)."""
        with self._lock:
            for entry_key in [k for k in self._entries if k[0] is slot and (key is None or k[1] == key)]:
                del self._entries[entry_key]


# -- users -------------------------------------------------------------------------------------

# Single lookups of one resolution sent at once (a few group or role codes).
LOOKUPS_IN_FLIGHT = 8


def each(func, values):
    """[func(value)] for each value, a few at a time: the lookups of a resolution do not wait
    for each other."""
    values = list(values)
    if len(values) <= 1:
        return [func(value) for value in values]
    with ThreadPoolExecutor(max_workers=min(LOOKUPS_IN_FLIGHT, len(values))) as pool:
        return list(pool.map(func, values))


# How a reference may be spelled, tried in this order: (userBatch type, user attribute, who qualifies).
_SPELLINGS = (
    ('id', 'id', OBJECT_ID.match),
    ('username', 'username', lambda ref: True),
    ('email', 'email', lambda ref: '@' in ref),
    ('phone', 'phone', PHONE.match),
)


def user_label(user):
    """How a user is shown in results and diffs: the most human identifier it has."""
    return user.get('username') or user.get('email') or user.get('phone') or user['id']


def _lookup_form(batch_type, ref):
    return ref.lower() if batch_type == 'email' else ref


# -- roles: how users and rules name them ---------------------------------------------------------

class RoleName(str):
    """A role as written in a user's ``roles``; the text is what error messages show."""

    def __new__(cls, code, namespace=None, app=None):
        if app is not None:
            text, namespace = '%s (application %s)' % (code, app), None
        elif namespace not in (None, DEFAULT_NAMESPACE):
            text = '%s (namespace %s)' % (code, namespace)
        else:
            text, namespace = code, DEFAULT_NAMESPACE
        name = str.__new__(cls, text)
        name.code, name.namespace, name.app = code, namespace, app
        return name


def expand_role_names(values):
    """A ``roles`` option → hashable RoleNames (elements were checked by ``role_problems``)."""
    names = []
    for value in values:
        if isinstance(value, dict):
            names.append(RoleName(value['code'], value.get('namespace'), value.get('app')))
        else:
            names.append(RoleName(value))
    return names


def role_problems(values):
    """What is wrong with the elements of a ``roles`` option (input alone)."""
    problems = []
    for value in values or []:
        if isinstance(value, dict):
            unknown = sorted(set(value) - set(['code', 'namespace', 'app']))
            bad = not value.get('code') or unknown or (value.get('namespace') and value.get('app'))
        else:
            bad = not isinstance(value, str) or not value
        if bad:
            problems.append('a role is a code or a dict with code and at most one of namespace or app, got %r'
                            % (value,))
    return problems


def by_namespace(refs):
    """Role Refs grouped as [(namespace, [codes])]: the API assigns roles of one namespace per call."""
    grouped = {}
    for ref in refs:
        grouped.setdefault(ref.id[0], []).append(ref.id[1])
    return sorted((namespace, sorted(codes)) for namespace, codes in grouped.items())


class References(object):
    """Natural key → object, for one run. Lookups are batched and remembered; what a read
    already showed to exist (a group's members, an access record's target) is remembered too,
    so a rerun that names the same objects looks nothing up.

    Two ways to know of objects the server does not have yet, both for predictions (nothing is
    written, so an object an earlier step would create cannot be read):

    - ``declare_*``: a whole-tenant prediction declares each object an earlier step would create;
      the server is asked first, a declared object answers only when the server has none.
    - ``assume_missing``: in check mode a single task assumes that what it names and cannot find
      is created by an earlier task of the play; ``assumptions`` lists what was assumed, for a
      warning. A real run never assumes.

    Declared and assumed objects have placeholder ids (``declared:...``) and are marked
    ``declared``: nothing is read under them, they have no children yet.
    """

    def __init__(self, client, memo):
        self.client = client
        self.memo = memo
        self._lock = threading.Lock()  # guards the dicts below; never held during a call
        self._users = {}  # any spelling (id, username, email, phone) → Ref
        self._groups = set()  # group codes known to exist
        self._roles = set()  # (namespace, code) known to exist
        self._declared = {'users': {}, 'groups': set(), 'roles': set(), 'apps': {}, 'fields': {}, 'nodes': {}}
        self.assume_missing = False
        self.assumptions = []

    def _assume(self, kind, names):
        """Placeholders for names nobody has, when assuming; else raise UnknownReferences."""
        if not self.assume_missing:
            raise UnknownReferences(kind, names)
        for name in names:
            self.assumes(kind, name)

    def assumes(self, kind, name):
        """Whether a missing object may be assumed to come from an earlier task (noted if so)."""
        if self.assume_missing:
            with self._lock:
                if "%s '%s'" % (kind, name) not in self.assumptions:
                    self.assumptions.append("%s '%s'" % (kind, name))
        return self.assume_missing

    # users --------------------------------------------------------------------------------

    def remember_users(self, users):
        """Cache users already read under every spelling that names them; their Refs."""
        refs = []
        with self._lock:
            for user in users:
                ref = Ref(user['id'], user_label(user))
                for attribute in ('id', 'username', 'email', 'phone'):
                    if user.get(attribute):
                        self._users.setdefault(user[attribute], ref)
                refs.append(ref)
        return refs

    def declare_user(self, names):
        """A user an earlier step would create, known by each of its identifiers."""
        ref = Ref('declared:%s' % names[0], names[0])
        with self._lock:
            for name in names:
                self._declared['users'][name] = ref

    def resolve_users(self, names):
        """Each name (id, username, email or phone) → Ref, in as few calls as possible."""
        with self._lock:
            todo = [name for name in names if name not in self._users]
        for batch_type, attribute, qualifies in _SPELLINGS:
            wanted = dict((_lookup_form(batch_type, name), name) for name in todo if qualifies(name))
            spelled = sorted(wanted)
            found = {}
            for start in range(0, len(spelled), USER_BATCH_LIMIT):
                chunk = spelled[start:start + USER_BATCH_LIMIT]
                for user in self.client.call(USER_BATCH, {'ids': chunk, 'type': batch_type}) or []:
                    name = wanted.get(_lookup_form(batch_type, user.get(attribute) or ''))
                    if name is not None:
                        found[name] = Ref(user['id'], user_label(user))
            with self._lock:
                self._users.update(found)
                todo = [name for name in todo if name not in self._users]
            if not todo:
                break
        with self._lock:
            declared = self._declared['users']
            resolved = dict((name, self._users.get(name) or declared.get(name) or declared.get(name.lower()))
                            for name in names)
        unknown = [name for name, ref in resolved.items() if ref is None]
        if unknown:
            self._assume('user', unknown)
            resolved.update((name, Ref('declared:%s' % name, name)) for name in unknown)
        return resolved

    # groups -------------------------------------------------------------------------------

    def remember_groups(self, codes):
        with self._lock:
            self._groups.update(codes)

    def declare_groups(self, codes):
        with self._lock:
            self._declared['groups'].update(codes)

    def resolve_groups(self, codes):
        """Each group code → Ref(code, code), checking that the group exists."""
        with self._lock:  # a group this run creates needs no lookup: its reference is its code
            todo = [code for code in codes if code not in self._groups and code not in self._declared['groups']]
        if len(todo) > LOOKUP_LIMIT:
            found = [group['code'] for group in self.client.paginate(GROUPS)]
        else:
            exists = each(lambda code: self.client.call(GROUP, {'code': code}) is not None, todo)
            found = [code for code, there in zip(todo, exists) if there]
        with self._lock:
            self._groups.update(found)
            unknown = [code for code in codes if code not in self._groups and code not in self._declared['groups']]
        if unknown:
            self._assume('group', unknown)
        return dict((code, Ref(code, code)) for code in codes)

    # applications ---------------------------------------------------------------------------

    def application_index(self):
        """{identifier: app, id: app} for every application, read once per run (page by page)."""
        def fetch():
            index = {}
            for app in self.client.paginate(LIST_APPLICATIONS):
                index[app['identifier']] = index[app['id']] = app
            return index
        return self.memo.load(APPLICATION_INDEX, None, fetch)

    def applications(self):
        """Every application of the pool, in the service's order."""
        seen = set()
        return [app for app in self.application_index().values() if not (app['id'] in seen or seen.add(app['id']))]

    def changing_applications(self):
        """Around every application write: the cached list is dropped before and after it."""
        return self.memo.changing(APPLICATION_INDEX)

    def application_by_id(self, app_id):
        try:
            return self.client.call(APPLICATION_DETAIL, path={'id': app_id})
        except AuthingError as exc:
            if exc.code == APPLICATION_NOT_FOUND:
                return None
            raise

    def declare_app(self, identifier):
        with self._lock:
            self._declared['apps'][identifier] = _placeholder_app(identifier)

    def resolve_app(self, ref):
        """The application a scope option names (identifier, or id), or None when there is none."""
        listed = self.memo.peek(APPLICATION_INDEX, None) or {}
        if ref in listed:
            return listed[ref]
        if OBJECT_ID.match(ref or ''):
            found = self.application_by_id(ref)
            if found is not None:
                return found
        found = self.application_index().get(ref)
        if found is None:
            with self._lock:
                found = self._declared['apps'].get(ref)
        if found is None and ref is not None and self.assume_missing:
            self._assume('application', [ref])
            found = _placeholder_app(ref)
        return found

    # organisation nodes ---------------------------------------------------------------------

    def organisations(self):
        """Every organisation with its nodes (their first page of members, their roles), read once
        per run: the organisation entity and node references share it."""
        return self.memo.load(ORGANISATIONS, None, lambda: list(self.client.paginate(ORGS)))

    def node_index(self):
        """{node code: [nodes], 'org/node': node, node id: node} for every organisation, read once
        per run; each node also knows its organisation's code (``org``)."""
        def fetch():
            index = {}
            for org in self.organisations():
                org_code = (org.get('rootNode') or {}).get('code')
                for node in org.get('nodes') or []:
                    node = dict(node, org=org_code, orgId=org['id'])
                    index.setdefault(node['code'], []).append(node)
                    index['%s/%s' % (org_code, node['code'])] = [node]
                    index[node['id']] = [node]
            return index
        return self.memo.load(ORG_NODES, None, fetch)

    def forget_nodes(self):
        """Before a write to an organisation."""
        self.memo.forget(ORGANISATIONS)
        self.memo.forget(ORG_NODES)

    def declare_node(self, org_code, node_code):
        ref = Ref(DECLARED + '%s/%s' % (org_code, node_code), '%s/%s' % (org_code, node_code))
        with self._lock:
            self._declared['nodes'].setdefault(node_code, []).append(ref)
            self._declared['nodes']['%s/%s' % (org_code, node_code)] = [ref]

    def resolve_nodes(self, names):
        """Each name of an organisation node → Ref(node id, 'org/node'). A name is a node code
        (unique across the pool's organisations), ``org/node`` (codes of the organisation and
        the node) or a node id; a code two organisations use must be written ``org/node``."""
        index = self.node_index()
        resolved, unknown, ambiguous = {}, [], []
        for name in names:
            nodes = index.get(name)
            if nodes:
                refs = [Ref(node['id'], '%s/%s' % (node['org'], node['code'])) for node in nodes]
            else:
                with self._lock:
                    refs = list(self._declared['nodes'].get(name) or [])
            if len(refs) > 1:
                ambiguous.append(name)
            elif refs:
                resolved[name] = refs[0]
            else:
                unknown.append(name)
        if ambiguous:
            raise UnknownReferences('organisation node (a code of several organisations: write org/node)', ambiguous)
        if unknown:
            self._assume('organisation node', unknown)
            resolved.update((name, Ref(DECLARED + name, name)) for name in unknown)
        return resolved

    # custom fields --------------------------------------------------------------------------

    def custom_field_definitions(self, target_type=DEFAULT_CUSTOM_FIELD_TARGET, declared=True):
        """{key: definition} of one target type, read once per run (values are checked against
        it), with the declared definitions of this run on top unless ``declared`` is false."""
        read = self.memo.load(CUSTOM_FIELD_DEFINITIONS, target_type, lambda: dict(
            (udf['key'], udf) for udf in self.client.call(CUSTOM_FIELDS, {'targetType': target_type}) or []))
        if not declared:
            return read
        with self._lock:
            declared = dict(self._declared['fields'].get(target_type) or {})
        return dict(read, **declared) if declared else read

    def declare_custom_field(self, target_type, definition):
        with self._lock:
            self._declared['fields'].setdefault(target_type, {})[definition['key']] = definition

    # roles ----------------------------------------------------------------------------------

    def resolve_namespace(self, ref):
        """The namespace of a role: ``app`` omitted → ``default``; else the application's (its id)."""
        if ref is None:
            return {'id': DEFAULT_NAMESPACE, 'namespace': DEFAULT_NAMESPACE}
        app = self.resolve_app(ref)
        if app is None:
            return None
        return dict({'id': app['id'], 'namespace': app['id'], 'app': app['identifier']},
                    **({'declared': True} if app.get('declared') else {}))

    def role_namespaces(self):
        """Every namespace a user's role can live in: ``default`` plus one per application."""
        return [DEFAULT_NAMESPACE] + sorted(app['id'] for app in self.applications())

    def role_label(self, namespace, code):
        """A role's code, prefixed by the application identifier outside ``default``."""
        if namespace in (None, DEFAULT_NAMESPACE):
            return code
        if namespace.startswith(DECLARED):
            return '%s/%s' % (namespace[len(DECLARED):], code)
        app = self.application_index().get(namespace)
        return '%s/%s' % (app['identifier'] if app else namespace, code)

    def role_ref(self, namespace, code):
        """The Ref of a role that exists (read from the server): also remembered as known."""
        namespace = namespace or DEFAULT_NAMESPACE
        with self._lock:
            self._roles.add((namespace, code))
        return Ref((namespace, code), self.role_label(namespace, code))

    def declare_role(self, namespace, code):
        with self._lock:
            self._declared['roles'].add((namespace or DEFAULT_NAMESPACE, code))

    def resolve_roles(self, names):
        """RoleName → Ref((namespace, code), label), checking that every role exists."""
        wanted, unknown = {}, []
        for name in names:
            namespace = name.namespace
            if name.app is not None:
                app = self.resolve_app(name.app)
                if app is None:
                    unknown.append(name)
                    continue
                namespace = app['id']
            wanted.setdefault(namespace, {})[name.code] = name
        resolved = {}
        each(lambda namespace: self._read_roles(namespace, wanted[namespace]), list(wanted))
        for namespace, by_code in wanted.items():
            with self._lock:
                known = set(code for code in by_code
                            if (namespace, code) in self._roles or (namespace, code) in self._declared['roles'])
            for code, name in by_code.items():
                if code in known:
                    resolved[name] = Ref((namespace, code), self.role_label(namespace, code))
                else:
                    unknown.append(name)
        if unknown:
            self._assume('role', unknown)
            for name in unknown:
                namespace = DECLARED + name.app if name.app is not None else name.namespace
                resolved[name] = Ref((namespace, name.code), self.role_label(namespace, name.code))
        return resolved

    def _read_roles(self, namespace, by_code):
        """Which of the roles named in one namespace exist, remembered as known."""
        with self._lock:  # a role this run creates needs no lookup
            todo = [code for code in sorted(by_code)
                    if (namespace, code) not in self._roles and (namespace, code) not in self._declared['roles']]
        if namespace.startswith(DECLARED) or not todo:
            return  # an application that does not exist yet has no roles yet
        if len(todo) > LOOKUP_LIMIT:
            found = [role['code'] for role in self.client.paginate(ROLES, {'namespace': namespace})]
        else:
            exists = each(lambda code: self.client.call(ROLE, {'code': code, 'namespace': namespace}) is not None, todo)
            found = [code for code, there in zip(todo, exists) if there]
        with self._lock:
            self._roles.update((namespace, code) for code in found)


def _placeholder_app(identifier):
    """An application that does not exist yet: what a prediction may know of it."""
    return {'id': DECLARED + identifier, 'identifier': identifier, 'declared': True}


class Context(object):
    """What every entity call receives for one run: the client, the memo and the references."""

    def __init__(self, client, whole_objects=True):
        self.client = client
        # False in a run whose results are actions and diffs only (a tenant): reads and writes
        # may answer with just the identifiers and what the items manage
        self.whole_objects = whole_objects
        self.memo = Memo()
        self.refs = References(client, self.memo)
        # A whole-tenant prediction's record of what earlier steps would create, change or
        # delete, so later steps see it: {(entity name, scope id, identity): (view, links) or
        # None}. None outside such a prediction.
        self.ledger = None
