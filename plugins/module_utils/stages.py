# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Several reconcilers as one run: a whole tenant (``tenant.py``), an organisation and its nodes
(``runner.run_composite_module``). No Ansible import.

1. :func:`predict` plans every stage in check mode on one context, whose ledger carries each
   stage's predictions to the next (a later stage may name what an earlier one would create).
   Problems of the input are collected from every stage before the run fails, so nothing is
   written when one exists; a server error or a bug stops at once.
2. :func:`apply` runs for real the stages that would change, with only their changing items
   (or the whole list in exact mode when an ordered stage's order changes), on a fresh context;
   a stage starts as soon as the stages it comes ``after`` are done, so independent ones (an
   application's resources and the users) are written at the same time.
"""

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from ansible_collections.authing.cloud.plugins.module_utils.engine import Reconciler, ReconcileError
from ansible_collections.authing.cloud.plugins.module_utils.references import Context


class Stage(object):
    """One reconciler's part of the run: ``items`` of ``entity`` in bulk ``mode``; ``progress(phase,
    done, total)`` (phase ``checking`` or ``writing``) is told of each item."""

    def __init__(self, entity, items, mode='append', concurrency=4, name=None, progress=None, after=None):
        self.entity = entity
        self.items = items
        self.mode = mode
        self.concurrency = concurrency
        self.name = name or entity.plural
        self.progress = progress
        # names of the earlier stages this one needs written first; None: every earlier stage
        self.after = after

    def needs(self, earlier):
        """Whether this stage must wait for the ``earlier`` one."""
        return self.after is None or earlier.name in self.after

    def reporter(self, phase):
        if self.progress is None:
            return None
        return lambda done, total: self.progress(phase, done, total)


class Run(object):
    """A stage as planned (or done): its reconciler and records."""

    def __init__(self, stage, reconciler, records):
        self.stage = stage
        self.reconciler = reconciler
        self.records = records

    @property
    def changed(self):
        return bool(self.reconciler.order_changes) or any(r['plan'].changed for r in self.records if 'plan' in r)


class StagesFailed(Exception):
    """Input problems of some stages (``failures``: [(stage, ReconcileError)]), or a stage that
    failed for real (``runs``: what was done before and by it)."""

    def __init__(self, failures=None, runs=None, error=None):
        self.failures = failures or []
        self.runs = runs or []
        self.error = error
        messages = [m for _stage, exc in self.failures for m in exc.messages] or [str(error)]
        super(StagesFailed, self).__init__('; '.join(messages))


def predict(client, stages, assume_missing=False, whole_objects=True):
    """Every stage planned against the server plus the earlier stages' predictions
    (``whole_objects``: see Context)."""
    ctx = Context(client, whole_objects)
    ctx.ledger = {}
    ctx.refs.assume_missing = assume_missing  # check mode of one task: what an earlier task creates
    runs, failures = [], []
    writes_allowed, client.check_mode = client.check_mode, True
    # Every stage's reads start now, side by side; each stage's prediction still waits for the
    # earlier ones. Not when assuming: a read-ahead would assume what an earlier stage declares.
    ahead = ThreadPoolExecutor(max_workers=max(1, len(stages)))
    try:
        if not assume_missing:
            for stage in stages:
                ahead.submit(Reconciler(stage.entity, check_mode=True, concurrency=stage.concurrency, ctx=ctx).read_ahead,
                             stage.items, stage.mode)
        for stage in stages:
            reconciler = Reconciler(stage.entity, check_mode=True, concurrency=stage.concurrency, ctx=ctx,
                                    progress=stage.reporter('checking'))
            try:
                runs.append(Run(stage, reconciler, reconciler.run(stage.items, mode=stage.mode)))
            except ReconcileError as exc:
                if exc.error is not None or exc.trace:
                    raise  # the server or a bug, not the input: stop here
                failures.append((stage, exc))  # go on: every problem is reported at once
    finally:
        ahead.shutdown(wait=True)
        client.check_mode = writes_allowed
    if failures:
        raise StagesFailed(failures)
    return runs, ctx


def apply(client, predicted, whole_objects=True):
    """The stages that would change, for real; each returned Run holds every record of its stage:
    the real one where an item was written, the predicted one (unchanged) elsewhere. A stage
    starts when those it needs are done; after a failure no other stage starts."""
    ctx = Context(client, whole_objects)
    done = dict((index, run) for index, run in enumerate(predicted) if not run.changed)
    waiting = [index for index in range(len(predicted)) if index not in done]
    failed = []
    with ThreadPoolExecutor(max_workers=max(1, len(waiting))) as pool:
        running = {}
        while waiting or running:
            ready = [index for index in waiting if not failed and all(
                earlier in done for earlier in range(index) if predicted[index].stage.needs(predicted[earlier].stage))]
            for index in ready:
                waiting.remove(index)
                running[pool.submit(_written, ctx, predicted[index])] = index
            if not running:
                break  # a failure left the rest waiting
            finished, _pending = wait(list(running), return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                run, error = future.result()
                if error is None:
                    done[index] = run
                else:
                    failed.append((run, error))
    runs = [done[index] for index in sorted(done)]
    if failed:
        raise StagesFailed(runs=runs + [run for run, _error in failed], error=failed[0][1])
    return runs


def _written(ctx, run):
    """(Run, None) of one stage written for real, or (Run of what it did, ReconcileError)."""
    stage = run.stage
    whole = bool(run.reconciler.order_changes)
    changing = [r for r in run.records if (r['item']['state'] != 'absent' if whole else r['plan'].changed)]
    items = [r['item'] for r in changing]
    absent = [] if whole else [r['item'] for r in changing if r['plan'].action == 'create']
    real = Reconciler(stage.entity, ctx.client, concurrency=stage.concurrency, ctx=ctx,
                      progress=stage.reporter('writing'))
    try:
        done = real.run(items, mode='exact' if whole else 'append', absent=absent)
    except ReconcileError as exc:
        return Run(stage, real, [r for r in exc.records or [] if 'result' in r]), exc
    if whole:
        return Run(stage, real, done), None
    written = iter(done)
    return Run(stage, real, [next(written) if r['plan'].changed else r for r in run.records]), None
