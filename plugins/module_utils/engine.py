# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one reconcile loop every module runs (no Ansible import: the tenant layer and tests use it
as it is; ``runner.py`` is the Ansible glue).

normalise → read → plan → apply (or predict, in check mode) → read back → result. Only this
file decides ``changed``, builds ``diff`` and redacts secrets, so check mode, diff and secret
handling are written once. The loop works on a list of items: the single form of a module is a
list of one, the bulk form (``groups: [...]``) a list of many that shares one token, one
connection pool and bounded concurrency.

Every failure leaves through :class:`ReconcileError`, already phrased for the user: ``Failed to
<verb> <entity> '<key>': <why>``, where the verb is the phase (read, plan) or the write
(create, update, delete); credential problems are reported as such, not as the item's. An
unexpected exception is reported the same way, its traceback kept for ``-vvv``.

Writes are safe to retry and to race: a recheck after an ambiguous failure reads fresh (never
what was cached before the write); a create that meets "already exists" (another run created the
object, or an earlier attempt of ours did) reads the object and plans again against it, so it
becomes an update or nothing; a delete that finds the object gone is done.
"""

import collections
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.authing.cloud.plugins.module_utils.client import ACCESS_TOKEN, AuthingError, CredentialError
from ansible_collections.authing.cloud.plugins.module_utils.description import REDACTED, InputError, UnknownReferences
from ansible_collections.authing.cloud.plugins.module_utils.references import Context, Slot

# A bulk task with at least this many items reads the whole collection page by page
# instead of looking each item up: fewer requests as soon as items outnumber pages.
PREFETCH_THRESHOLD = 10
# What a prediction read of an entity's current objects: (entity name, 'one'/'many'/'all', scope, ...)
CURRENT = Slot('current objects read by a prediction')
ACTIONS = ('create', 'update', 'delete', 'none')
VERBS = {'none': 'read'}


class PlanError(Exception):
    """The desired state cannot be reached from the input alone: fail before any write."""


class ReconcileError(Exception):
    """Everything that went wrong, already phrased for the user; raised once, reported once.

    ``error`` is the first API error behind it (its ``code`` and ``server_message`` go in the
    task result); ``trace`` the traceback of an unexpected exception (shown only at -vvv).
    """

    def __init__(self, messages, records=None, code=None, error=None, trace=None, problems=None):
        messages = list(collections.OrderedDict.fromkeys(messages))  # a token failure once, not per item
        super(ReconcileError, self).__init__('; '.join(messages))
        self.messages = messages
        # [(record, where, message)]: each problem of an item, ``where`` an option path in it
        # (``groups[1]``) or None; the tenant layer turns records into paths in the spec.
        self.problems = problems or [(None, None, message) for message in messages]
        self.records = records
        self.code = code if code is not None else getattr(error, 'code', None)
        self.error = error
        self.trace = trace


class Plan(object):
    """What one item needs: an action, field changes (option names) and link changes."""

    def __init__(self, action, changes=None, links=None):
        self.action = action
        self.changes = changes or {}
        self.links = links or {}

    @property
    def changed(self):
        return self.action != 'none'

    def changed_options(self):
        """Names of the options (fields and relations) this plan changes."""
        return sorted(set(self.changes) | set(self.links))

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
                       for f in entity.fields if item.get(f.name) is not None and not f.trigger)
        if entity.rename and item.get(entity.rename.name) is not None:
            changes[entity.key] = item[entity.rename.name]
        return Plan('create', changes, links)
    changes = {}
    for field in entity.fields:
        value = item.get(field.name)
        if value is None or field.name in entity.fixed_keys:
            continue
        if field.mode_option:
            value = field.effective(current.get(field.name), value, item.get(field.mode_option))
        if field.trigger:
            if value:
                changes[field.name] = True
        elif field.write_only:
            if item.get(field.update_policy) == 'always':
                changes[field.name] = value
        elif not field.same(value, current.get(field.name)):
            changes[field.name] = value
    new_key = item.get(entity.rename.name) if entity.rename else None
    if new_key is not None and new_key != current[entity.key]:
        changes[entity.rename.name] = new_key
    return Plan('update' if changes or links else 'none', changes, links)


class Reconciler(object):
    """Runs the loop for a list of items; raises ReconcileError with user-ready messages.

    ``ctx`` may be shared by several reconcilers of one run (one token, one pool, one cache).
    """

    def __init__(self, entity, client=None, check_mode=False, concurrency=4, ctx=None, progress=None):
        self.entity = entity
        self.ctx = ctx or Context(client)
        self.check_mode = check_mode
        self.concurrency = max(1, concurrency)
        self.order_changes = []
        # progress(done, total): told after each item is written (or predicted), from any thread
        self.progress = progress
        self._done = 0
        self._done_lock = threading.Lock()

    # -- phases ------------------------------------------------------------------------------

    def run(self, items, mode='append', absent=()):
        """Plan everything first (reads only), so bad input fails before the first write.

        ``mode`` is the bulk list's own ``<plural>_mode``: ``exact`` also deletes the objects of
        the same scope that the list does not name; ``remove`` deletes the listed ones.
        ``absent``: items a prediction just found missing, not read again - if another run
        creates one meanwhile, its create meets "already exists" and adopts it.
        """
        entity = self.entity
        if mode == 'remove':
            items = [dict(item, state='absent') for item in items]
        records = [self._prepared(index, item) for index, item in enumerate(items)]
        # Every problem of the input, the reads and the plan is reported at once: an item with
        # a problem is left out of the later phases, the others go on to show theirs.
        problems = self._check_input(records)
        problems.extend(self._resolve_scopes(_without(records, problems)))
        records = _without(records, problems)
        self._read_current(records, purge=(mode == 'exact'), skip=set(id(item) for item in absent))
        # Current links first: what they name can seed the resolver's cache (fewer lookups).
        self._map(self._read_links, [r for r in records if r['api'] is not None and self._managed_links(r)])
        for record in records:
            record.setdefault('links', {})
        problems.extend(self._resolve_links(records))
        problems.extend(self._guard(None, 'plan', lambda: list(entity.call('check', self.ctx, records))))
        for record in _without(records, problems):
            try:
                record['plan'] = self._guard(record, 'plan', plan_item, entity, record['item'], record['current'],
                                             record.get('links', {}), record.get('desired_links', {}))
            except PlanError as exc:
                problems.append((record, exc))
        if problems and self.check_mode and self.ctx.ledger is not None:
            # a whole-tenant prediction goes on to the later steps: they see the sound items
            for record in _without(records, problems):
                self._remember_prediction(record)
        self._collect(problems, None)
        if mode == 'exact' and entity.ordered:
            self._plan_order(records)

        def apply(record):
            self._counted(self._apply, record, len(records))
        if entity.ordered:  # one item at a time within a scope, so new objects land in list order
            self._map(lambda scoped: [apply(record) for record in scoped], _by_scope(records))
        else:
            self._map(apply, records)
        if not self.check_mode:
            self._write_deferred(records)
        failed = [r for r in records if r.get('error')]
        if failed:
            raise ReconcileError([r['error'] for r in failed], records, error=failed[0].get('cause'),
                                 trace=failed[0].get('trace'))
        self._apply_order(records)
        return records

    def read_ahead(self, items, mode='append'):
        """The reads of :meth:`run` for these items, started early: a prediction runs every
        step's at once so that each step finds its objects read (the reads are remembered for
        the prediction). Whatever goes wrong here is found again, and reported, by run()."""
        try:
            records = [self._prepared(index, item) for index, item in enumerate(items)]
            problems = self._check_input(records)
            problems.extend(self._resolve_scopes(_without(records, problems)))
            self._read_current(_without(records, problems), purge=(mode == 'exact'))
        except Exception:  # pylint: disable=broad-except
            pass

    def _counted(self, step, record, total):
        step(record)
        if self.progress is not None:
            with self._done_lock:
                self._done += 1
                done = self._done
            self.progress(done, total)

    def _plan_order(self, records):
        """In exact mode an ordered entity (agreements) also takes the order of the list."""
        for scoped in _by_scope(records):
            existing = sorted((r for r in scoped if r['api'] is not None),
                              key=lambda r: self.entity.wire.position(r['api']))
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
                self.entity.wire.sort(self.ctx, change['scope'], ordered)
            except AuthingError as exc:
                raise ReconcileError(["Failed to sort %s: %s" % (self.entity.plural, exc)], records, error=exc)

    def _prepared(self, index, item):
        """The record of one item, normalised; a failure names the item as well as it can."""
        provisional = {'item': item, 'raw': item,
                       'key': self._guard({'key': '#%d' % (index + 1), 'raw': item}, 'plan', self._label_of, item, index)}
        record = self._guard(provisional, 'plan', lambda: self._record(self.entity.call('normalize', self.ctx, item)))
        record['raw'] = item
        return record

    def _label_of(self, item, index):
        try:
            return self.entity.label(item)
        except Exception:  # pylint: disable=broad-except
            return '#%d' % (index + 1)  # the real failure is reported by the next step

    def _record(self, item):
        return {'item': item, 'ident': self.entity.identity(item), 'key': self.entity.label(item), 'current': None,
                'api': None}

    def _intent(self, record):
        if record['item']['state'] == 'absent':
            return 'delete'
        return 'create' if record['current'] is None else 'update'

    def _collect(self, problems, verb):
        """Fail with every problem found: (record, message) or (record, message, option path)."""
        problems = [tuple(problem) + (None,) * (3 - len(problem)) for problem in problems]
        errors = [self._message(record, self._intent(record) if verb is None else verb, message)
                  for record, message, _where in problems]
        if errors:
            raise ReconcileError(errors, problems=[(record, where, str(message)) for record, message, where in problems])

    def _check_input(self, records):
        problems, seen = [], set()
        for record in records:
            problems.extend((record, p) for p in self._guard(record, self._intent(record), lambda: list(
                self.entity.call('validate', record['item']))))
            if record['ident'] in (None, (None,) * len(self.entity.key_names)):
                problems.append((record, 'no identifying option given (%s)' % ', '.join(self.entity.key_names)))
            scoped = (record['item'].get(self.entity.scope.option) if self.entity.scope else None, record['ident'])
            if scoped in seen:
                problems.append((record, "%s '%s' is listed more than once" % (self.entity.name, record['key'])))
            seen.add(scoped)
        return problems

    def _resolve_scopes(self, records):
        scope = self.entity.scope
        problems, found = [], {}
        if scope is None:
            return problems
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
        return problems

    def _read_current(self, records, purge=False, skip=()):
        entity, wire, indexes = self.entity, self.entity.wire, {}
        # Under a parent that does not exist yet (a prediction) nothing exists to be read, but
        # what exists with the parent (a singleton) is predicted from it.
        readable = [r for r in records if (entity.singleton or not _declared(r.get('scope')))
                    and id(r['raw']) not in skip]
        many = len(readable) >= PREFETCH_THRESHOLD
        if purge or (many and (wire.find_many or wire.list_all)):
            def read_scope(scoped):
                scope = scoped[0].get('scope')
                if wire.find_many and not purge:
                    wanted = [r['ident'] for r in scoped]
                    if entity.rename:
                        wanted += [r['item'][entity.rename.name] for r in scoped if r['item'].get(entity.rename.name)]
                    found = self._guard(scoped[0], 'read', self._current, ('many', _scope_id(scope), tuple(wanted)),
                                        lambda: list(wire.find_many(self.ctx, wanted, scope)))
                else:
                    found = self._guard(scoped[0], 'read', self._current, ('all', _scope_id(scope)),
                                        lambda: list(wire.list_all(self.ctx, scope)))
                index = {'all': []}
                for api_obj in found:
                    index['all'].append(api_obj)
                    for ident in entity.identities(api_obj):
                        index[ident] = api_obj
                indexes[_scope_id(scope)] = index
            self._map(read_scope, _by_scope(readable))

        def lookup(record):
            idents = [record['ident']]
            if entity.rename and record['item'].get(entity.rename.name) is not None:
                idents.append(record['item'][entity.rename.name])
            index = indexes.get(_scope_id(record.get('scope')))
            for ident in idents:
                if index is not None:
                    api_obj = index.get(ident)
                else:
                    scope = record.get('scope')
                    api_obj = self._guard(record, 'read', self._current, ('one', _scope_id(scope), ident),
                                          lambda: wire.find(self.ctx, ident, scope))
                if api_obj is not None:
                    record['api'] = api_obj
                    record['current'] = entity.present(api_obj)
                    return
        self._map(lookup, readable)
        if self.ctx.ledger is not None:
            for record in records:
                self._recall(record)
        if purge:
            records.extend(self._unlisted(records, indexes))

    def _current(self, key, read):
        """A read of current objects; a prediction reads each once (nothing changes while it
        runs), however many steps or read-aheads ask."""
        if self.ctx.ledger is None:
            return read()
        return self.ctx.memo.load(CURRENT, (self.entity.name,) + key, read)

    # -- predictions of a whole tenant: what earlier steps would have done ----------------------

    def _ledger_key(self, record, after=False):
        """(entity, scope, identity) of the object; ``after`` a rename, under its new key."""
        item = record['item']
        if after and self.entity.rename and item.get(self.entity.rename.name):
            item = dict(item, **{self.entity.key: item[self.entity.rename.name]})
        return (self.entity.name, _scope_id(record.get('scope')), self.entity.identity(item))

    def _recall(self, record):
        """The object as an earlier step of the prediction left it (created, changed, deleted)."""
        key = self._ledger_key(record)
        if key not in self.ctx.ledger:
            return
        entry = self.ctx.ledger[key]
        if entry is None:
            record.update(api=None, current=None)
        else:
            record.update(api=entry['api'], current=entry['view'], links=dict(entry['links']), predicted=True)

    def _remember_prediction(self, record):
        """What this step would do, for the later steps of the prediction (and the references)."""
        plan = record['plan']
        if plan.action == 'delete':
            self.ctx.ledger[self._ledger_key(record)] = None
        elif plan.changed:
            if self.entity.rename and record['item'].get(self.entity.rename.name):
                self.ctx.ledger[self._ledger_key(record)] = None  # renamed: the old key names nothing
            _before, _after, view = self.views(record)
            links = dict(record.get('links') or {})
            links.update(record.get('links_after') or {})
            self.ctx.ledger[self._ledger_key(record, after=True)] = {
                'api': record['api'] or {'declared': True}, 'view': view, 'links': links}
            self.entity.call('declare', self.ctx, view, record.get('scope'))

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
                    record['refs_' + relation.name] = self._guard(record, 'plan', relation.expand, record['item'][relation.name])
                    refs.update(record['refs_' + relation.name])
            try:
                # An empty list still means something (``members: []`` with mode exact: nobody).
                resolved = self._guard(records[0], 'read', relation.resolve, self.ctx, sorted(refs)) if refs else {}
            except UnknownReferences as exc:
                unknown = set(exc.refs)
                for record in records:
                    mine = sorted(unknown.intersection(record.get('refs_' + relation.name) or []))
                    if mine:
                        problems.append((record, 'unknown %s: %s' % (exc.kind, ', '.join(str(ref) for ref in mine)),
                                         self._where(relation, record, unknown)))
                continue
            for record in records:
                wanted = record.get('refs_' + relation.name)
                if wanted is not None:
                    record.setdefault('desired_links', {})[relation.name] = _unique(resolved[ref] for ref in wanted)
        return problems

    def _where(self, relation, record, unknown):
        """The option path of the first element naming something unknown (``groups[1]``)."""
        for index, value in enumerate(record['item'][relation.name]):
            try:
                if unknown.intersection(relation.expand([value])):
                    return '%s[%d]' % (relation.name, index)
            except Exception:  # pylint: disable=broad-except
                return relation.name
        return relation.name

    def _managed_links(self, record):
        return [rel for rel in self.entity.relations if record['item'].get(rel.name) is not None]

    def _read_links(self, record):
        if record.get('predicted') or _declared(record.get('scope')):
            return  # nothing on the server yet: the links are what the prediction says
        for relation in self._managed_links(record):
            link = self.entity.wire.links[relation.name]
            record.setdefault('links', {})[relation.name] = self._guard(
                record, 'read', lambda: list(link.read(self.ctx, record['api'])))

    def _apply(self, record):
        """Write what the plan says, unless in check mode; views() predicts what is not written."""
        plan = record['plan']
        record['result'] = record['api'] if not plan.changed else None
        if self.check_mode and self.ctx.ledger is not None:
            self._remember_prediction(record)
        if plan.changed and not self.check_mode:
            try:
                record['result'] = self._guard(record, plan.action, self._write, record)
            except ReconcileError as exc:
                record['error'] = exc.messages[0]
                record['error_code'] = exc.code
                record['cause'] = exc.error
                record['trace'] = exc.trace

    def _fresh_find(self, ident, scope):
        with self.ctx.memo.fresh():
            return self.entity.wire.find(self.ctx, ident, scope)

    def _write(self, record):
        plan, entity, wire, ctx, scope = record['plan'], self.entity, self.entity.wire, self.ctx, record.get('scope')
        if plan.action == 'delete':
            try:
                wire.delete(ctx, record['api'], scope, lambda: {} if self._fresh_find(record['ident'], scope) is None else None)
            except AuthingError as exc:
                if exc.kind != 'not_found':
                    raise  # else another run deleted it first: done
            return None
        payload = entity.to_api(plan.changes)
        rename = entity.rename.name if entity.rename else None
        if plan.action == 'create':
            ident = entity.identity(dict(record['item'], **plan.changes))
            try:
                api_obj = wire.create(ctx, payload, scope, lambda: self._fresh_find(ident, scope))
            except AuthingError as exc:
                if exc.already_exists and self._adopt(record, ident):
                    return self._write(record) if record['plan'].changed else record['api']
                raise
        elif payload:
            new_ident = plan.changes.get(rename, record['ident'])
            checked = dict((k, v) for k, v in plan.changes.items() if k != rename and not entity.field(k).trigger)
            api_obj = wire.update(ctx, record['api'], payload, scope, lambda: self._reached(new_ident, checked, scope))
        else:
            api_obj = record['api']
        for name in plan.changes:
            if entity.field(name).trigger:
                api_obj = wire.triggers[name](ctx, api_obj, scope) or api_obj
        for relation in entity.relations:
            link, (add, remove) = wire.links[relation.name], plan.links.get(relation.name, ([], []))
            if link.batched:
                record.setdefault('deferred', {})[relation.name] = (add, remove, api_obj)
                continue
            if remove:
                link.remove(ctx, api_obj, remove)
            if add:
                link.add(ctx, api_obj, add)
        return api_obj

    def _write_deferred(self, records):
        """Link writes the API takes for many objects at once (one group, many users): one call
        per linked object and chunk across all items, after every item's own writes."""
        for relation in self.entity.relations:
            link = self.entity.wire.links[relation.name]
            if not link.batched:
                continue
            for side, write in ((1, link.remove_many), (0, link.add_many)):
                by_ref, owners = {}, {}
                for record in records:
                    deferred = (record.get('deferred') or {}).get(relation.name)
                    if deferred is None or record.get('error'):
                        continue
                    for ref in deferred[side]:
                        by_ref.setdefault(ref.id, (ref, []))[1].append(deferred[2])
                        owners.setdefault(ref.id, []).append(record)
                self._map(lambda ref_id: self._send_batch(write, by_ref[ref_id], owners[ref_id]), sorted(by_ref, key=str))

    def _send_batch(self, write, batch, owners):
        """One batched link write; its failure is the failure of every item it served."""
        ref, objs = batch
        try:
            write(self.ctx, ref, objs)
        except Exception as exc:  # pylint: disable=broad-except
            why = exc if isinstance(exc, (AuthingError, InputError)) else 'unexpected %s: %s' % (type(exc).__name__, exc)
            for record in owners:
                record.setdefault('error', self._message(record, 'update', why))
                record.setdefault('cause', exc if isinstance(exc, AuthingError) else None)
                record.setdefault('error_code', getattr(exc, 'code', None))

    def _adopt(self, record, ident):
        """A create met an object that exists: take it as the current object and plan again,
        so the write becomes an update or nothing (and ``changed`` says which)."""
        api_obj = self._fresh_find(ident, record.get('scope'))
        if api_obj is None:
            return False  # "exists" meant something else (an email another user has): report it
        record.update(api=api_obj, current=self.entity.present(api_obj), links={})
        self._read_links(record)
        record['plan'] = plan_item(self.entity, record['item'], record['current'], record['links'],
                                   record.get('desired_links', {}))
        return True

    def _reached(self, ident, field_changes, scope):
        """Re-read after an ambiguous update: the object if it already holds the changes."""
        api_obj = self._fresh_find(ident, scope)
        if api_obj is None:
            return None
        view = self.entity.present(api_obj)
        done = all(self.entity.field(k).same(v, view.get(k)) for k, v in field_changes.items())
        return api_obj if done else None

    # -- results -------------------------------------------------------------------------------

    def item_result(self, record):
        """(result, diff) of one record: the result states its action and what it changed."""
        entity, plan = self.entity, record['plan']
        before, after, obj = self.views(record)
        result = dict((name, record['item'].get(name)) for name in entity.key_names)
        result.update({'state': record['item']['state'], 'changed': plan.changed, 'action': plan.action,
                       'changes': plan.changed_options() if plan.action == 'update' else [], entity.name: obj})
        label = "%s '%s'" % (entity.name, record['key'])
        return result, dict(before=before, after=after, before_header=label, after_header=label)

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
            elif record.get('result') is None and field.readable:
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
        record['links_after'] = links_after
        after = self._managed_view(item, obj, links_after, plan, after=True)
        return before, after, obj

    def _managed_view(self, item, view, links, plan, after):
        """What the diff shows: the options the item names, nothing else (no unnamed key, no
        id of an object still to be created, no null inside a value)."""
        if view is None:
            return {}
        entity = self.entity
        out = dict((name, view.get(name)) for name in entity.key_names if item.get(name) is not None)
        for field in entity.fields:
            desired = item.get(field.name)
            if desired is None or field.name in entity.key_names:
                continue
            if not field.readable:
                if after and field.name in plan.changes:
                    out[field.name] = REDACTED if not field.trigger else True
            else:
                out[field.name] = _quiet(field.managed(view.get(field.name), desired))
        for relation in self._managed_links(dict(item=item)):
            shown = relation.render(links.get(relation.name, [])) if not after else view.get(relation.name, [])
            out[relation.name] = _quiet(shown)
        return out

    # -- plumbing ----------------------------------------------------------------------------

    def _guard(self, record, verb, func, *args):
        """Run one step for one item; whatever it raises becomes a ReconcileError naming both."""
        try:
            return func(*args)
        except (ReconcileError, PlanError, UnknownReferences):
            raise
        except CredentialError as exc:
            raise ReconcileError([str(exc)], error=exc)  # the connection options' fault, not the item's
        except AuthingError as exc:
            if exc.operation == ACCESS_TOKEN.name:
                raise ReconcileError([str(exc)], error=exc)
            raise ReconcileError([self._message(record, verb, exc)], error=exc, problems=[(record, None, str(exc))])
        except InputError as exc:
            raise ReconcileError([self._message(record, verb, exc)], problems=[(record, None, str(exc))])
        except Exception as exc:  # pylint: disable=broad-except
            why = 'unexpected %s: %s' % (type(exc).__name__, exc)
            raise ReconcileError([self._message(record, verb, why)], trace=traceback.format_exc(),
                                 problems=[(record, None, why)])

    def _message(self, record, verb, problem):
        if record is None:
            return "Failed to %s %s: %s" % (VERBS.get(verb, verb), self.entity.plural, problem)
        return "Failed to %s %s '%s': %s" % (VERBS.get(verb, verb), self.entity.name, record['key'], problem)

    def _map(self, func, records):
        """Run func over records with bounded concurrency; the first exception wins."""
        if len(records) <= 1 or self.concurrency == 1:
            for record in records:
                func(record)
            return
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(records))) as pool:
            for future in [pool.submit(func, record) for record in records]:
                future.result()


def _quiet(value):
    """A value without the null entries of its dicts (an action's missing description)."""
    if isinstance(value, dict):
        return dict((k, _quiet(v)) for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return [_quiet(v) for v in value]
    return value


def _without(records, problems):
    """The records that have no problem (yet)."""
    failed = set(id(problem[0]) for problem in problems)
    return [record for record in records if id(record) not in failed]


def _by_scope(records):
    """The records grouped by the object they belong to (an application), in list order."""
    groups = collections.OrderedDict()
    for record in records:
        groups.setdefault(_scope_id(record.get('scope')), []).append(record)
    return list(groups.values())


def _declared(scope):
    return isinstance(scope, dict) and bool(scope.get('declared'))


def _scope_id(scope):
    return scope.get('id') if isinstance(scope, dict) else scope


def _unique(refs):
    seen, out = set(), []
    for ref in refs:
        if ref.id not in seen:
            seen.add(ref.id)
            out.append(ref)
    return out
