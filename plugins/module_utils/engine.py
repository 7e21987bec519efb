# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one reconcile loop every module runs.

read → normalise → plan → apply (or predict, in check mode) → read back → result. Only this
file decides ``changed``, builds ``diff``, redacts secrets and ends the module, so check mode,
diff and secret handling are written once. The loop works on a list of items: the single form
of a module is a list of one, the bulk form (``groups: [...]``) a list of many that shares one
token, one connection pool and bounded concurrency.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.authing.cloud.plugins.module_utils.client import (
    DEFAULT_HOST, HAS_REQUESTS, REQUESTS_IMPORT_ERROR, AuthingClient, AuthingError)
from ansible_collections.authing.cloud.plugins.module_utils.description import (
    RELATION_MODES, REDACTED, UnknownReferences)

# A bulk task with at least this many items reads the whole collection page by page
# instead of looking each item up: fewer requests as soon as items outnumber pages.
PREFETCH_THRESHOLD = 10
VERBS = {'create': 'create', 'update': 'update', 'delete': 'delete', 'none': 'read'}


class PlanError(Exception):
    """The desired state cannot be reached from the input alone: fail before any write."""


class ReconcileError(Exception):
    """Everything that went wrong, already phrased for the user; raised once, reported once."""

    def __init__(self, messages, records=None, code=None):
        super(ReconcileError, self).__init__('; '.join(messages))
        self.messages = messages
        self.records = records
        self.code = code


class Context(object):
    """What entity operations share during one run: the client and a cache for lookups."""

    def __init__(self, client):
        self.client = client
        self.cache = {}
        self.lock = threading.Lock()


class Plan(object):
    """What one item needs: an action, field changes (option names) and link changes."""

    def __init__(self, action, changes=None, links=None):
        self.action = action
        self.changes = changes or {}
        self.links = links or {}

    @property
    def changed(self):
        return self.action != 'none'

    def __repr__(self):
        return 'Plan(%s, %r, %r)' % (self.action, self.changes, self.links)


def plan_links(entity, item, current_links, desired_links):
    """Link changes per relation: {name: (add, remove)} following ``<name>_mode``."""
    links = {}
    for relation in entity.relations:
        wanted = desired_links.get(relation.name)
        if wanted is None:
            continue
        have = dict((ref.id, ref) for ref in (current_links.get(relation.name) or []))
        want = dict((ref.id, ref) for ref in wanted)
        mode = item.get(relation.mode_option) or relation.default_mode
        add = []
        if mode in ('exact', 'append'):
            add = [want[i] for i in sorted(want) if i not in have or have[i].attrs != want[i].attrs]
        if mode == 'exact':
            remove = [have[i] for i in sorted(have) if i not in want]
        elif mode == 'remove':
            remove = [have[i] for i in sorted(have) if i in want]
        else:
            remove = []
        if add or remove:
            links[relation.name] = (add, remove)
    return links


def plan_item(entity, item, current, current_links, desired_links):
    """Decide what one item needs. Pure: no I/O, so it is tested as a decision table.

    ``current`` is the present() view or None; ``*_links`` map relation names to lists of Ref.
    """
    if item['state'] == 'absent':
        return Plan('delete' if current is not None else 'none')
    links = plan_links(entity, item, current_links, desired_links)
    if current is None:
        missing = [f.name for f in entity.fields if f.required_on_create and item.get(f.name) is None]
        if missing:
            raise PlanError('%s required to create a %s'
                            % (', '.join(missing) + (' is' if len(missing) == 1 else ' are'), entity.name))
        changes = dict((f.name, f.effective(None, item[f.name], item.get(f.mode_option)) if f.mode_option else item[f.name])
                       for f in entity.fields if item.get(f.name) is not None and f.trigger is None)
        if entity.rename and item.get(entity.rename.name) is not None:
            changes[entity.key] = item[entity.rename.name]
        return Plan('create', changes, links)
    changes = {}
    # Alternative identifiers (an entity with an ``identities`` hook: users) are attributes too:
    # the one that found the object compares equal, the others may change (find by username,
    # change the email).
    fixed_keys = () if 'identities' in entity.hooks else entity.key_names
    for field in entity.fields:
        value = item.get(field.name)
        if value is None or field.name in fixed_keys:
            continue
        if field.mode_option:
            value = field.effective(current.get(field.name), value, item.get(field.mode_option))
        if field.trigger is not None:
            if value:
                changes[field.name] = True
            continue
        if field.write_only:
            if item.get(field.update_policy) == 'always':
                changes[field.name] = value
            continue
        if field.same(value, current.get(field.name)):
            continue
        if field.create_only:
            raise PlanError('%s cannot be changed after the %s is created (have %r, want %r)'
                            % (field.name, entity.name, current.get(field.name), value))
        changes[field.name] = value
    new_key = item.get(entity.rename.name) if entity.rename else None
    if new_key is not None and new_key != current[entity.key]:
        changes[entity.rename.name] = new_key
    return Plan('update' if changes or links else 'none', changes, links)


def link_labels(refs):
    return sorted(ref.label for ref in refs)


class Reconciler(object):
    """Runs the loop for a list of items; raises ReconcileError with user-ready messages."""

    def __init__(self, entity, client, check_mode=False, concurrency=4):
        self.entity = entity
        self.ctx = Context(client)
        self.check_mode = check_mode
        self.concurrency = max(1, concurrency)
        self.order_changes = []

    # -- phases ------------------------------------------------------------------------------

    def run(self, items, mode='append'):
        """Plan everything first (reads only), so bad input fails before the first write.

        ``mode`` is the bulk list's own ``<plural>_mode``: ``exact`` also deletes the objects of
        the same scope that the list does not name; ``remove`` deletes the listed ones.
        """
        if mode == 'remove':
            items = [dict(item, state='absent') for item in items]
        if 'prepare' in self.entity.hooks:
            items = [self.entity.hooks['prepare'](item) for item in items]
        records = [self._record(item) for item in items]
        self._check_input(records)
        self._resolve_scopes(records)
        self._read_current(records, purge=(mode == 'exact'))
        # Current links first: what they name can seed the resolver's cache (fewer lookups).
        self._map(self._read_links, [r for r in records if r['api'] is not None and self._managed_links(r)])
        self._resolve_links(records)
        self._collect(self.entity.check(self.ctx, records), None)
        errors = []
        for record in records:
            try:
                record['plan'] = plan_item(self.entity, record['item'], record['current'],
                                           record.get('links', {}), record.get('desired_links', {}))
            except PlanError as exc:
                errors.append(self._message(record, self._intent(record), exc))
        if errors:
            raise ReconcileError(errors)
        if mode == 'exact' and 'sort' in self.entity.hooks:
            self._plan_order(records)
        # An ordered entity is written one item at a time, so new objects land in list order.
        self._map(self._apply, records, sequential='sort' in self.entity.hooks)
        failed = [r['error'] for r in records if r.get('error')]
        if failed:
            raise ReconcileError(failed, records)
        self._apply_order(records)
        return records

    def _plan_order(self, records):
        """In exact mode an ordered entity (agreements) also takes the order of the list."""
        by_scope = {}
        for record in records:
            by_scope.setdefault(_scope_id(record.get('scope')), []).append(record)
        for scoped in by_scope.values():
            existing = sorted((r for r in scoped if r['api'] is not None),
                              key=lambda r: self.entity.hooks['position'](r['api']))
            kept = [r for r in scoped if r['item']['state'] != 'absent']
            after = [r['key'] for r in kept]
            unsorted = [r['key'] for r in existing if r in kept] + [r['key'] for r in kept if r['api'] is None]
            before = [r['key'] for r in existing]
            if after != unsorted:
                self.order_changes.append({'scope': scoped[0].get('scope'), 'records': kept,
                                           'before': before, 'after': after})

    def _apply_order(self, records):
        if self.check_mode:
            return
        for change in self.order_changes:
            ordered = [r['result'] for r in change['records']]
            try:
                self.entity.hooks['sort'](self.ctx, change['scope'], ordered)
            except AuthingError as exc:
                raise ReconcileError(["Failed to sort %s: %s" % (self.entity.plural, exc)], records, code=exc.code)

    def _record(self, item):
        ident = self.entity.identity(item)
        return {'item': item, 'ident': ident, 'key': self.entity.label(ident), 'current': None, 'api': None}

    def _intent(self, record):
        if record['item']['state'] == 'absent':
            return 'delete'
        return 'create' if record['current'] is None else 'update'

    def _collect(self, problems, verb):
        errors = [self._message(record, self._intent(record) if verb is None else verb, message)
                  for record, message in problems]
        if errors:
            raise ReconcileError(errors)

    def _check_input(self, records):
        problems, seen = [], set()
        for record in records:
            problems.extend((record, p) for p in self.entity.validate(record['item']))
            if record['ident'] in (None, (None,) * len(self.entity.key_names)):
                problems.append((record, 'no identifying option given (%s)' % ', '.join(self.entity.key_names)))
            scoped = (record['item'].get(self.entity.scope.option) if self.entity.scope else None, record['ident'])
            if scoped in seen:
                problems.append((record, 'listed more than once'))
            seen.add(scoped)
        self._collect(problems, None)

    def _resolve_scopes(self, records):
        scope = self.entity.scope
        if scope is None:
            return
        problems, found = [], {}
        for record in records:
            ref = record['item'].get(scope.option)
            if ref is None and scope.required:
                problems.append((record, '%s is required' % scope.option))
                continue
            if ref not in found:
                found[ref] = self._guard(record, 'read', scope.resolve, self.ctx, ref)
            if found[ref] is None:
                problems.append((record, "%s '%s' does not exist" % (scope.kind, ref)))
            record['scope'] = found[ref]
        self._collect(problems, None)

    def _read_current(self, records, purge=False):
        entity, indexes = self.entity, {}
        find_many = entity.hooks.get('find_many')
        many = len(records) >= PREFETCH_THRESHOLD
        if purge or (many and (find_many or entity.list_all)):
            by_scope = {}
            for record in records:
                by_scope.setdefault(_scope_id(record.get('scope')), []).append(record)
            for scope_key, scoped in by_scope.items():
                scope = scoped[0].get('scope')
                if find_many and not purge:
                    wanted = [r['ident'] for r in scoped]
                    if entity.rename:
                        wanted += [r['item'][entity.rename.name] for r in scoped if r['item'].get(entity.rename.name)]
                    found = self._guard(scoped[0], 'read', find_many, self.ctx, wanted, scope)
                else:
                    found = self._guard(scoped[0], 'read', entity.list_all, self.ctx, scope)
                index = indexes[scope_key] = {'all': []}
                for api_obj in found:
                    index['all'].append(api_obj)
                    for ident in entity.identities(api_obj):
                        index[ident] = api_obj

        def lookup(record):
            idents = [record['ident']]
            if entity.rename and record['item'].get(entity.rename.name) is not None:
                idents.append(record['item'][entity.rename.name])
            index = indexes.get(_scope_id(record.get('scope')))
            for ident in idents:
                if index is not None:
                    api_obj = index.get(ident)
                else:
                    api_obj = self._guard(record, 'read', entity.find, self.ctx, ident, record.get('scope'))
                if api_obj is not None:
                    record['api'] = api_obj
                    record['current'] = entity.present(api_obj)
                    return
        self._map(lookup, records)
        if purge:
            records.extend(self._unlisted(records, indexes))

    def _unlisted(self, records, indexes):
        """Records that delete what the list does not name (``<plural>_mode: exact``)."""
        listed = set(id(r['api']) for r in records if r['api'] is not None)
        extra = []
        for record in list(records):
            index = indexes.pop(_scope_id(record.get('scope')), None)
            for api_obj in (index or {}).get('all', []):
                if id(api_obj) in listed:
                    continue
                item = dict(self.entity.key_options(api_obj), state='absent')
                if self.entity.scope:
                    item[self.entity.scope.option] = record['item'][self.entity.scope.option]
                purge = self._record(item)
                purge.update(api=api_obj, current=self.entity.present(api_obj), scope=record.get('scope'))
                extra.append(purge)
        return extra

    def _resolve_links(self, records):
        problems = []
        for relation in self.entity.relations:
            refs = set()
            for record in records:
                if record['item'].get(relation.name) is not None:
                    record['refs_' + relation.name] = relation.expand(record['item'][relation.name])
                    refs.update(record['refs_' + relation.name])
            try:
                # An empty list still means something (``members: []`` with mode exact: nobody).
                resolved = relation.resolve(self.ctx, sorted(refs)) if refs else {}
            except UnknownReferences as exc:
                unknown = set(exc.refs)
                for record in records:
                    mine = sorted(unknown.intersection(record.get('refs_' + relation.name) or []))
                    if mine:
                        problems.append((record, 'unknown %s: %s' % (exc.kind, ', '.join(str(ref) for ref in mine))))
                continue
            except AuthingError as exc:
                raise ReconcileError([self._message(records[0], 'read', exc)], code=exc.code)
            for record in records:
                wanted = record.get('refs_' + relation.name)
                if wanted is not None:
                    record.setdefault('desired_links', {})[relation.name] = _unique(resolved[ref] for ref in wanted)
        self._collect(problems, None)

    def _managed_links(self, record):
        return [rel for rel in self.entity.relations if record['item'].get(rel.name) is not None]

    def _read_links(self, record):
        for relation in self._managed_links(record):
            record.setdefault('links', {})[relation.name] = list(
                self._guard(record, 'read', relation.read, self.ctx, record['api']))

    def _apply(self, record):
        """Write what the plan says, unless in check mode; views() predicts what is not written."""
        plan = record['plan']
        record['result'] = record['api'] if not plan.changed else None
        if plan.changed and not self.check_mode:
            try:
                record['result'] = self._write(record)
            except AuthingError as exc:
                record['error'] = self._message(record, plan.action, exc)
                record['error_code'] = exc.code

    def _write(self, record):
        plan, entity, ctx, scope = record['plan'], self.entity, self.ctx, record.get('scope')
        if plan.action == 'delete':
            entity.delete(ctx, record['api'], scope,
                          lambda: {} if entity.find(ctx, record['ident'], scope) is None else None)
            return None
        payload = entity.to_api(plan.changes)
        rename = entity.rename.name if entity.rename else None
        if plan.action == 'create':
            ident = entity.identity(dict(record['item'], **plan.changes))
            api_obj = entity.create(ctx, payload, scope, lambda: entity.find(ctx, ident, scope))
        elif payload:
            new_ident = plan.changes.get(rename, record['ident'])
            checked = dict((k, v) for k, v in plan.changes.items() if k != rename and entity.field(k).in_payload)
            api_obj = entity.update(ctx, record['api'], payload, scope, lambda: self._reached(new_ident, checked, scope))
        else:
            api_obj = record['api']
        for name, value in plan.changes.items():
            field = entity.field(name)
            if field.write is not None:
                field.write(ctx, api_obj, value, scope)
            elif field.trigger is not None:
                api_obj = field.trigger(ctx, api_obj, scope) or api_obj
        for relation in entity.relations:
            add, remove = plan.links.get(relation.name, ([], []))
            if remove:
                relation.remove(ctx, api_obj, remove)
            if add:
                relation.add(ctx, api_obj, add)
        return api_obj

    def _reached(self, ident, field_changes, scope):
        """Re-read after an ambiguous update: the object if it already holds the changes."""
        api_obj = self.entity.find(self.ctx, ident, scope)
        if api_obj is None:
            return None
        view = self.entity.present(api_obj)
        done = all(self.entity.field(k).same(v, view.get(k)) for k, v in field_changes.items())
        return api_obj if done else None

    # -- views -------------------------------------------------------------------------------

    def views(self, record):
        """(before, after, object): managed fields only for the diff, the full view as object."""
        entity, item, plan = self.entity, record['item'], record['plan']
        before = self._managed_view(item, record['current'], record.get('links', {}), plan, after=False)
        if plan.action == 'delete' or (plan.action == 'none' and record['current'] is None):
            return before, {}, {}
        obj = dict(record['current'] or {})
        if record.get('result') is not None:
            obj = entity.present(record['result'], item)
        for name, value in plan.changes.items():
            field = entity.field(name)
            if name == getattr(entity.rename, 'name', None):
                obj[entity.key] = value
            elif field.write is not None:
                obj[name] = field.merged(obj.get(name), value)
            elif record.get('result') is None and not (field.secret or field.write_only or field.trigger):
                obj[name] = field.merged(obj.get(name), value)  # a subset dict predicts the whole dict
        links_after = {}
        for relation in self._managed_links(record):
            current = dict((r.id, r) for r in record.get('links', {}).get(relation.name, []))
            add, remove = plan.links.get(relation.name, ([], []))
            current.update((r.id, r) for r in add)
            for ref in remove:
                current.pop(ref.id, None)
            links_after[relation.name] = list(current.values())
            obj[relation.name] = relation.render(links_after[relation.name])
        after = self._managed_view(item, obj, links_after, plan, after=True)
        return before, after, obj

    def _managed_view(self, item, view, links, plan, after):
        if view is None:
            return {}
        entity = self.entity
        out = dict((name, view.get(name)) for name in entity.key_names)
        for field in entity.fields:
            desired = item.get(field.name)
            if desired is None or field.name in entity.key_names:
                continue
            if field.secret or field.write_only or field.trigger is not None:
                if after and field.name in plan.changes:
                    out[field.name] = REDACTED if field.trigger is None else True
            else:
                out[field.name] = field.managed(view.get(field.name), desired)
        for relation in self._managed_links(dict(item=item)):
            out[relation.name] = relation.render(links.get(relation.name, [])) if not after else view.get(relation.name, [])
        return out

    # -- plumbing ----------------------------------------------------------------------------

    def _guard(self, record, verb, func, *args):
        try:
            return func(*args)
        except AuthingError as exc:
            raise ReconcileError([self._message(record, verb, exc)], code=exc.code)

    def _message(self, record, verb, problem):
        return "Failed to %s %s '%s': %s" % (VERBS.get(verb, verb), self.entity.name, record['key'], problem)

    def _map(self, func, records, sequential=False):
        """Run func over records with bounded concurrency; the first exception wins."""
        if len(records) <= 1 or self.concurrency == 1 or sequential:
            for record in records:
                func(record)
            return
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(records))) as pool:
            for future in [pool.submit(func, record) for record in records]:
                future.result()


def _scope_id(scope):
    return scope.get('id') if isinstance(scope, dict) else scope


def _unique(refs):
    seen, out = set(), []
    for ref in refs:
        if ref.id not in seen:
            seen.add(ref.id)
            out.append(ref)
    return out


# -- Ansible glue ------------------------------------------------------------------------------

def connection_spec():
    """The connection options every module shares (documented in doc_fragments/connection.py)."""
    return dict(
        host=dict(type='str', default=DEFAULT_HOST, fallback=(env_fallback, ['AUTHING_HOST'])),
        user_pool_id=dict(type='str', fallback=(env_fallback, ['AUTHING_USERPOOL_ID'])),
        secret=dict(type='str', no_log=True, fallback=(env_fallback, ['AUTHING_USERPOOL_SECRET'])),
        access_token=dict(type='str', no_log=True, fallback=(env_fallback, ['AUTHING_ACCESS_TOKEN'])),
        validate_certs=dict(type='bool', default=True, fallback=(env_fallback, ['AUTHING_VALIDATE_CERTS'])),
        ca_path=dict(type='path', fallback=(env_fallback, ['AUTHING_CA_PATH'])),
        timeout=dict(type='float', default=10, fallback=(env_fallback, ['AUTHING_TIMEOUT'])),
        retries=dict(type='int', default=3, fallback=(env_fallback, ['AUTHING_RETRIES'])),
    )


def new_module(argument_spec, **kwargs):
    """An AnsibleModule with the connection options, failing early when requests is missing."""
    spec = connection_spec()
    spec.update(argument_spec)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=kwargs.pop('required_one_of', []) + [['access_token', 'secret']],
                           required_by={'secret': 'user_pool_id'}, **kwargs)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=str(REQUESTS_IMPORT_ERROR))
    return module


def client_for(module, concurrency=1):
    params = module.params
    return AuthingClient(host=params['host'], user_pool_id=params['user_pool_id'], secret=params['secret'],
                         access_token=params['access_token'], timeout=params['timeout'], retries=params['retries'],
                         validate_certs=params['validate_certs'], ca_path=params['ca_path'],
                         check_mode=module.check_mode, pool_size=max(concurrency, 4))


def module_spec(entity):
    """Single form (the entity's options) plus the bulk list and its mode, mutually exclusive."""
    spec = entity.item_spec()
    spec[entity.plural] = dict(type='list', elements='dict', options=entity.item_spec(bulk_item=True))
    spec[entity.plural + '_mode'] = dict(type='str', choices=list(RELATION_MODES), default='append')
    spec['concurrency'] = dict(type='int', default=4)
    shared = set(['state', 'concurrency', entity.plural, entity.plural + '_mode'])
    if entity.scope:
        shared.add(entity.scope.option)
    exclusive = [[name, entity.plural] for name in spec if name not in shared and 'default' not in spec[name]]
    return spec, exclusive


def run_module(entity):
    """Everything a state module does; the module file only names its entity."""
    spec, exclusive = module_spec(entity)
    identifying = list(entity.key_names) + [entity.plural]
    module = new_module(spec, mutually_exclusive=exclusive, required_one_of=[identifying])
    params = module.params
    bulk = params[entity.plural] is not None
    if bulk:
        inherited = dict((k, params[k]) for k in ('state', getattr(entity.scope, 'option', None)) if k)
        items = [dict(item, **dict((k, v) for k, v in inherited.items() if item.get(k) is None))
                 for item in params[entity.plural]]
    else:
        items = [dict((name, params[name]) for name in entity.item_spec())]
    reconciler = Reconciler(entity, client_for(module, params['concurrency']), module.check_mode, params['concurrency'])
    try:
        records = reconciler.run(items, mode=params[entity.plural + '_mode'] if bulk else 'append')
    except ReconcileError as exc:
        extra = {}
        if exc.records:
            extra[entity.plural] = [_item_result(entity, reconciler, r)[0] for r in exc.records if 'result' in r]
        module.fail_json(msg='; '.join(exc.messages), code=exc.code or _first_code(exc.records), **extra)
    results = [_item_result(entity, reconciler, record) for record in records]
    output = dict(changed=any(r[0]['changed'] for r in results) or bool(reconciler.order_changes))
    if bulk:
        output[entity.plural] = [r[0] for r in results]
        if 'sort' in entity.hooks:
            output['order_changed'] = bool(reconciler.order_changes)
    else:
        output[entity.name] = results[0][0][entity.name]
    if module._diff:
        diffs = [r[1] for r in results if r[0]['changed']]
        label = 'order of %s' % entity.plural
        diffs.extend(dict(before={'order': c['before']}, after={'order': c['after']}, before_header=label,
                          after_header=label) for c in reconciler.order_changes)
        output['diff'] = diffs if bulk else results[0][1]
    module.exit_json(**output)


def _item_result(entity, reconciler, record):
    before, after, obj = reconciler.views(record)
    changed = record['plan'].changed
    result = dict((name, record['item'].get(name)) for name in entity.key_names)
    result.update({'state': record['item']['state'], 'changed': changed, entity.name: obj})
    label = "%s '%s'" % (entity.name, record['key'])
    diff = dict(before=before, after=after, before_header=label, after_header=label)
    return result, diff


def _first_code(records):
    for record in records or []:
        if record.get('error_code') is not None:
            return record['error_code']
    return None


def run_info_module(entity, extra_spec=None, extend=None):
    """List one object by key (none or one result) or all of them, with optional relations.

    ``extend(ctx, params, api_obj, view)`` adds what an info option asks for (an application's
    active users) to each object's view.
    """
    spec = dict((name, entity.field(name).option_spec()) for name in entity.key_names)
    if entity.scope:
        spec[entity.scope.option] = dict(type='str', required=entity.scope.required)
    for relation in entity.relations:
        spec['with_' + relation.name] = dict(type='bool', default=False)
    spec.update(extra_spec or {})
    module = new_module(spec)
    ctx = Context(client_for(module))
    params = module.params
    ident = entity.identity(params)
    label = entity.label(ident) if ident not in (None, (None,) * len(entity.key_names)) else None
    try:
        scope = None
        if entity.scope:
            scope = entity.scope.resolve(ctx, params[entity.scope.option])
            if scope is None:
                module.fail_json(msg="Failed to read %s: %s '%s' does not exist"
                                 % (entity.plural, entity.scope.kind, params[entity.scope.option]))
        if label is not None:
            found = entity.find(ctx, ident, scope)
            objs = [found] if found is not None else []
        elif 'info_list' in entity.hooks:
            # info options that shape the listing itself (a search query, nested reads)
            objs = list(entity.hooks['info_list'](ctx, params, scope))
        else:
            objs = list(entity.list_all(ctx, scope))
        out = []
        for api_obj in objs:
            view = entity.present(api_obj, params)
            for relation in entity.relations:
                if params['with_' + relation.name]:
                    view[relation.name] = relation.render(relation.read(ctx, api_obj))
            if extend is not None:
                extend(ctx, params, api_obj, view)
            out.append(view)
    except AuthingError as exc:
        module.fail_json(msg="Failed to read %s%s: %s" % (entity.plural, " '%s'" % label if label else '', exc),
                         code=exc.code)
    module.exit_json(changed=False, **{entity.plural: out})
