# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Ansible glue: the only module_utils file that imports AnsibleModule.

It turns module options into engine items, runs the engine, and ends the module exactly once:
``exit_json`` with the results, or ``fail_json`` with the engine's message, the Authing code and
the server's own text, and a traceback only for unexpected errors (Ansible shows it at -vvv).
"""

import os
import threading
import time
import traceback

from ansible.module_utils.basic import AnsibleModule, _load_params, env_fallback, missing_required_lib

from ansible_collections.authing.cloud.plugins.module_utils import stages
from ansible_collections.authing.cloud.plugins.module_utils.client import (
    ACCESS_TOKEN, DEFAULT_HOST, HAS_REQUESTS, REQUESTS_IMPORT_ERROR, AuthingClient, AuthingError, CredentialError)
from ansible_collections.authing.cloud.plugins.module_utils.description import RELATION_MODES, InputError
from ansible_collections.authing.cloud.plugins.module_utils.engine import Reconciler, ReconcileError
from ansible_collections.authing.cloud.plugins.module_utils.references import Context
from ansible_collections.authing.cloud.plugins.module_utils.spec_file import SpecFileError, read_spec_file
from ansible_collections.authing.cloud.plugins.module_utils.tenant import (
    PURGE_KEYS, SPEC_KEYS, Tenant, TenantError, spec_secret_values)


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
        rate_limit=dict(type='float', fallback=(env_fallback, ['AUTHING_RATE_LIMIT'])),
    )


class AuthingModule(AnsibleModule):
    """AnsibleModule whose input errors name the option: Ansible reports only the first message
    of a failed conversion ("dictionary requested, could not parse JSON or key=value"), whose
    next one says which option it was.

    ``secret_values(params)``: secrets inside an option that is not no_log itself (the users'
    passwords of a tenant spec), hidden from every output and from the syslog line of the
    invocation. ``echoed(params)``: the parameters a result shows as its invocation (ansible-core
    before 2.19 always echoes them), so that a 1,000-user spec is not sent back."""

    def __init__(self, *args, **kwargs):
        self._secret_values = kwargs.pop('secret_values', None)
        self._echoed = kwargs.pop('echoed', None)
        super(AuthingModule, self).__init__(*args, **kwargs)
        self._hide_secret_values()  # _log_invocation did not run with no_log

    def _hide_secret_values(self):
        if self._secret_values is not None:
            self.no_log_values.update(self._secret_values(self.params))
            self._secret_values = None

    def _log_invocation(self):
        self._hide_secret_values()
        super(AuthingModule, self)._log_invocation()

    def _with_invocation(self, kwargs):
        self._hide_secret_values()  # also for a failure while the options are checked
        if self._echoed is not None and 'invocation' not in kwargs:
            kwargs['invocation'] = {'module_args': self._echoed(self.params)}
        return kwargs

    def exit_json(self, **kwargs):
        super(AuthingModule, self).exit_json(**self._with_invocation(kwargs))

    def fail_json(self, msg, **kwargs):
        result = getattr(self, 'validation_result', None)
        messages = getattr(result, 'error_messages', None) or []
        if msg in messages:
            named = [m for m in messages if "'" in m] or messages
            msg = '; '.join(unique(named))
        super(AuthingModule, self).fail_json(msg=msg, **self._with_invocation(kwargs))


def unique(values):
    seen = set()
    return [value for value in values if not (value in seen or seen.add(value))]


def _lists_for_strings(spec, params, prefix=''):
    """Options of type str given a list or a dict: Ansible would turn ``['a', 'b']`` into the text
    "['a', 'b']" and write it; say so instead, with the option's path."""
    problems = []
    for name, option in spec.items():
        value = params.get(name) if isinstance(params, dict) else None
        if value is None:
            continue
        if option.get('type', 'str') == 'str' and isinstance(value, (list, dict)):
            problems.append('%s%s must be a string, got a %s' % (prefix, name, type(value).__name__))
        elif option.get('options') and isinstance(value, list):
            for index, element in enumerate(value):
                problems.extend(_lists_for_strings(option['options'], element, '%s%s[%d].' % (prefix, name, index)))
        elif option.get('options') and isinstance(value, dict):
            problems.extend(_lists_for_strings(option['options'], value, '%s%s.' % (prefix, name)))
    return problems


def new_module(argument_spec, **kwargs):
    """An AnsibleModule with the connection options, failing early when requests is missing."""
    spec = connection_spec()
    spec.update(argument_spec)
    module = AuthingModule(argument_spec=spec, supports_check_mode=True,
                           required_one_of=kwargs.pop('required_one_of', []) + [['access_token', 'secret']],
                           required_by={'secret': 'user_pool_id'}, **kwargs)
    problems = _lists_for_strings(spec, _load_params())
    if problems:
        module.fail_json(msg='; '.join(problems))
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib('requests'), exception=str(REQUESTS_IMPORT_ERROR))
    return module


def client_for(module, concurrency=1):
    params = module.params
    return AuthingClient(host=params['host'], user_pool_id=params['user_pool_id'], secret=params['secret'],
                         access_token=params['access_token'], timeout=params['timeout'], retries=params['retries'],
                         validate_certs=params['validate_certs'], ca_path=params['ca_path'],
                         check_mode=module.check_mode, pool_size=max(concurrency, 4), rate_limit=params['rate_limit'])


def fail(module, exc, **extra):
    """End the module with a failure: the message, the Authing code and the server's own text."""
    details, cause = dict(extra), exc
    while not isinstance(cause, AuthingError) and getattr(cause, 'error', None) is not None:
        cause = cause.error  # TenantError → ReconcileError → AuthingError
    code = getattr(exc, 'code', None) if getattr(exc, 'code', None) is not None else getattr(cause, 'code', None)
    if code is not None:
        details['code'] = code
    if getattr(cause, 'server_message', None):
        details['server_message'] = cause.server_message
    trace = getattr(exc, 'trace', None) or getattr(getattr(exc, 'error', None), 'trace', None)
    if trace:
        details['exception'] = trace
    module.fail_json(msg=str(exc), **details)


def _warn_assumptions(module, ctx):
    for assumed in ctx.refs.assumptions:
        module.warn('Check mode: %s does not exist; assuming an earlier task of the play creates it. '
                    'A real run fails if it still does not exist.' % assumed)


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


def module_items(entity, params):
    """The engine's items: the bulk list (each inheriting ``state`` and the scope), or the single form."""
    if params[entity.plural] is None:
        return [dict((name, params[name]) for name in entity.item_spec())]
    inherited = dict((k, params[k]) for k in ('state', getattr(entity.scope, 'option', None)) if k)
    return [dict(item, **dict((k, v) for k, v in inherited.items() if item.get(k) is None))
            for item in params[entity.plural]]


def run_module(entity):
    """Everything a state module does; the module file only names its entity."""
    spec, exclusive = module_spec(entity)
    module = new_module(spec, mutually_exclusive=exclusive, required_one_of=[list(entity.key_names) + [entity.plural]])
    params = module.params
    bulk = params[entity.plural] is not None
    reconciler = Reconciler(entity, client_for(module, params['concurrency']), module.check_mode, params['concurrency'])
    # In check mode an object an earlier task would create cannot be read: assume it, and say so.
    reconciler.ctx.refs.assume_missing = module.check_mode
    try:
        records = reconciler.run(module_items(entity, params), mode=params[entity.plural + '_mode'] if bulk else 'append')
        results = [reconciler.item_result(record) for record in records]
    except ReconcileError as exc:
        done = [reconciler.item_result(r)[0] for r in exc.records or [] if 'result' in r]
        fail(module, exc, **({entity.plural: done} if done else {}))
    except Exception as exc:  # pylint: disable=broad-except
        fail(module, ReconcileError(['Failed to reconcile %s: unexpected %s: %s' % (entity.plural, type(exc).__name__, exc)],
                                    trace=traceback.format_exc()))
    _warn_assumptions(module, reconciler.ctx)
    output = dict(changed=any(r[0]['changed'] for r in results) or bool(reconciler.order_changes))
    if bulk:
        output[entity.plural] = [r[0] for r in results]
        if entity.ordered:
            output['order_changed'] = bool(reconciler.order_changes)
    else:
        output[entity.name] = results[0][0][entity.name]
        output['action'] = results[0][0]['action']
    if module._diff:
        diffs = [r[1] for r in results if r[0]['changed']]
        label = 'order of %s' % entity.plural
        diffs.extend(dict(before={'order': c['before']}, after={'order': c['after']}, before_header=label,
                          after_header=label) for c in reconciler.order_changes)
        output['diff'] = diffs if bulk else results[0][1]
    module.exit_json(**output)


def run_composite_module(entity, parts):
    """A state module whose items several entities reconcile in turn (a parent object, then its
    children). ``entity`` gives the options, the single form and the bulk list, as in run_module;
    each part is ``(part entity, derive)``, ``derive(items)`` → [(part items, mode)] being input
    normalisation (pure). The stages run as one (``stages.py``): every stage predicted first, all
    problems reported before the first write; in check mode the prediction is the result. A
    part's items are written one at a time, in the order ``derive`` gives (parents before
    children)."""
    spec, exclusive = module_spec(entity)
    module = new_module(spec, mutually_exclusive=exclusive, required_one_of=[list(entity.key_names) + [entity.plural]])
    params = module.params
    bulk = params[entity.plural] is not None
    items, mode = module_items(entity, params), params[entity.plural + '_mode'] if bulk else 'append'
    if mode == 'remove':
        items, mode = [dict(item, state='absent') for item in items], 'append'
    client = client_for(module, params['concurrency'])
    try:
        plan = [stages.Stage(entity, items, mode, params['concurrency'])]
        for part, derive in parts:
            plan.extend(stages.Stage(part, part_items, part_mode, 1) for part_items, part_mode in derive(items))
        runs, ctx = stages.predict(client, plan, assume_missing=module.check_mode)
        if not module.check_mode and any(run.changed for run in runs):
            runs = stages.apply(client, runs)
    except stages.StagesFailed as exc:
        done = _composite_output(entity, exc.runs, bulk)
        done.pop('_diffs')
        messages = [m for _stage, error in exc.failures for m in error.messages]
        fail(module, ReconcileError(messages) if messages else exc.error, **done)
    except Exception as exc:  # pylint: disable=broad-except
        fail(module, exc if isinstance(exc, ReconcileError) else ReconcileError(
            ['Failed to reconcile %s: unexpected %s: %s' % (entity.plural, type(exc).__name__, exc)],
            trace=traceback.format_exc()))
    _warn_assumptions(module, ctx)
    output = _composite_output(entity, runs, bulk)
    diffs = output.pop('_diffs')
    output['changed'] = bool(diffs)
    if module._diff:
        output['diff'] = diffs
    module.exit_json(**output)


def _composite_output(entity, runs, bulk):
    """The primary entity's results as run_module shows them; each part's under its plural."""
    output, diffs = {}, []
    for run in runs:
        part = run.stage.entity
        for record in run.records:
            result, diff = run.reconciler.item_result(record)
            if part.scope and part is not entity:
                result[part.scope.option] = record['item'].get(part.scope.option)
            if result['changed']:
                diffs.append(diff)
            output.setdefault(part.plural, []).append(result)
    primary = output.pop(entity.plural, [])
    if bulk:
        output[entity.plural] = primary
    elif primary:
        output[entity.name], output['action'] = primary[0][entity.name], primary[0]['action']
    output['_diffs'] = diffs
    return output


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
    label = entity.label(params) if ident not in (None, (None,) * len(entity.key_names)) else None
    what = '%s%s' % (entity.plural, " '%s'" % label if label else '')
    try:
        scope = None
        if entity.scope:
            scope = entity.scope.resolve(ctx, params[entity.scope.option])
            if scope is None:
                what = entity.plural  # the scope is what is missing, not the object
                raise InputError("%s '%s' does not exist" % (entity.scope.kind, params[entity.scope.option]))
        if label is not None:
            found = entity.wire.find(ctx, ident, scope)
            objs = [found] if found is not None else []
        else:
            objs = list(entity.call('info_list', ctx, params, scope))
        out = []
        for api_obj in objs:
            view = entity.present(api_obj, params)
            for relation in entity.relations:
                if params['with_' + relation.name]:
                    view[relation.name] = relation.render(entity.wire.links[relation.name].read(ctx, api_obj))
            if extend is not None:
                extend(ctx, params, api_obj, view)
            out.append(view)
    except (AuthingError, InputError) as exc:
        # credentials and the token exchange are the connection options' fault, not the object's
        about = '' if isinstance(exc, CredentialError) or getattr(exc, 'operation', None) == ACCESS_TOKEN.name else (
            'Failed to read %s: ' % what)
        fail(module, ReconcileError([about + str(exc)], error=exc if isinstance(exc, AuthingError) else None))
    except Exception as exc:  # pylint: disable=broad-except
        fail(module, ReconcileError(['Failed to read %s: unexpected %s: %s' % (what, type(exc).__name__, exc)],
                                    trace=traceback.format_exc()))
    module.exit_json(changed=False, **{entity.plural: out})


# Set by the authing.cloud.progress callback: where a long task writes how far it is.
PROGRESS_FILE = 'AUTHING_PROGRESS_FILE'


class ProgressFile(object):
    """Appends ``<label> <phase> <step> <done> <total>`` lines, at most about twice a second per
    step (and always the last one), for the callback to print while the task runs."""

    def __init__(self, path, label, interval=0.5, clock=time.time):
        self.path = path
        self.label = label
        self.interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._last = {}

    def __call__(self, phase, step, done, total):
        now = self._clock()
        with self._lock:
            if done < total and now - self._last.get((phase, step), 0) < self.interval:
                return
            self._last[(phase, step)] = now
            line = '%s %s %s %d %d\n' % (self.label, phase, step, done, total)
            try:
                with open(self.path, 'a') as handle:  # one short append: atomic between processes
                    handle.write(line)
            except OSError:
                pass  # progress is a courtesy: never fail a run over it


def run_tenant_module():
    """authing_tenant: a whole spec, validated, predicted and applied in this one process."""
    module = new_module(dict(
        spec=dict(type='dict'),
        spec_file=dict(type='path'),
        purge=dict(type='dict', default={}, options=dict((key, dict(type='bool', default=False)) for key in PURGE_KEYS)),
        concurrency=dict(type='int', default=16),
    ), mutually_exclusive=[['spec', 'spec_file']], required_one_of=[['spec', 'spec_file']],
        secret_values=lambda params: spec_secret_values(params.get('spec')), echoed=tenant_echoed_params)
    spec = module.params['spec']
    if spec is None:  # the action plugin reads spec_file itself: here only outside a playbook (python -m)
        try:
            spec = read_spec_file(module.params['spec_file'])
        except SpecFileError as exc:
            module.fail_json(msg=str(exc))
        module.no_log_values.update(spec_secret_values(spec))
    params = module.params
    progress_path = os.environ.get(PROGRESS_FILE)
    progress = ProgressFile(progress_path, params['user_pool_id'] or 'tenant') if progress_path else None
    tenant = Tenant(client_for(module, params['concurrency']), spec, params['purge'], params['concurrency'],
                    module.check_mode, progress=progress)
    try:
        outcome = tenant.run()
    except TenantError as exc:
        done = exc.outcome
        extra = dict(summary=done.summary(), counts=done.counts(), changes=done.changes()) if done else {}
        fail(module, exc, **dict(extra, **({'problems': exc.problems} if exc.problems else {})))
    except Exception as exc:  # pylint: disable=broad-except
        fail(module, ReconcileError(['Failed to reconcile the tenant: unexpected %s: %s' % (type(exc).__name__, exc)],
                                    trace=traceback.format_exc()))
    output = dict(changed=outcome.changed, summary=outcome.summary(), counts=outcome.counts(), changes=outcome.changes())
    if module._diff:
        output['diff'] = outcome.diffs()
    module.exit_json(**output)


def tenant_echoed_params(params):
    """The module's parameters with the spec as a count of its items: a result never carries it."""
    spec = params.get('spec')
    if spec is None:
        return params
    if isinstance(spec, dict):
        counts = ['%d %s' % (len(spec[key]), key) for key in SPEC_KEYS if isinstance(spec.get(key), list)]
        shown = '(spec: %s - not echoed)' % (', '.join(counts) or 'empty')
    else:
        shown = '(spec: not echoed)'
    return dict(params, spec=shown)
