"""How the stages of a run are written: each as soon as those it comes after are done."""

import threading

import pytest

from ansible_collections.authing.cloud.plugins.module_utils import stages
from ansible_collections.authing.cloud.plugins.module_utils.description import Entity, Field, Wire
from ansible_collections.authing.cloud.plugins.module_utils.engine import ReconcileError


class Planned(object):
    """A predicted run that would change (what apply looks at)."""

    def __init__(self, name, after=None, changed=True):
        self.stage = stages.Stage(None, [], name=name, after=after)
        self.changed = changed


class Writer(object):
    """Stands in for one stage's real run: notes starts and ends, may wait for another stage to
    start, may fail."""

    def __init__(self, waits=None, fails=()):
        self.events = []
        self.started = dict((name, threading.Event()) for name in 'ABCDE')
        self.waits = waits or {}
        self.fails = fails
        self.lock = threading.Lock()

    def __call__(self, ctx, run):
        name = run.stage.name
        with self.lock:
            self.events.append(('start', name))
        self.started[name].set()
        if name in self.waits:
            assert self.started[self.waits[name]].wait(5), '%s never started while %s ran' % (self.waits[name], name)
        with self.lock:
            self.events.append(('end', name))
        if name in self.fails:
            return run, ReconcileError(['%s failed' % name])
        return run, None


def test_a_stage_starts_when_the_stages_it_needs_are_done_not_when_every_earlier_one_is(monkeypatch):
    # C needs only A, so it starts while B (which waits to see C start) still runs; D needs all.
    writer = Writer(waits={'B': 'C'})
    monkeypatch.setattr(stages, '_written', writer)
    planned = [Planned('A', after=()), Planned('B', after=()), Planned('C', after=('A',)), Planned('D'),
               Planned('E', after=(), changed=False)]
    runs = stages.apply(object(), planned)
    assert [run.stage.name for run in runs] == ['A', 'B', 'C', 'D', 'E'], 'the runs keep the order of the stages'
    events = writer.events
    assert events.index(('start', 'C')) < events.index(('end', 'B'))
    assert events.index(('start', 'C')) > events.index(('end', 'A'))
    assert events.index(('start', 'D')) > max(events.index(('end', name)) for name in 'ABC')
    assert ('start', 'E') not in events, 'a stage that would not change is not run'


def test_after_a_failure_no_stage_starts_and_the_failed_run_comes_last(monkeypatch):
    writer = Writer(fails=('A',))
    monkeypatch.setattr(stages, '_written', writer)
    planned = [Planned('A', after=()), Planned('B', after=('A',)), Planned('C')]
    with pytest.raises(stages.StagesFailed) as failed:
        stages.apply(object(), planned)
    assert [name for event, name in writer.events if event == 'start'] == ['A']
    assert [run.stage.name for run in failed.value.runs] == ['A']
    assert str(failed.value.error) == 'A failed'


def test_a_stage_without_after_waits_for_every_earlier_one():
    later, earlier = stages.Stage(None, [], name='late'), stages.Stage(None, [], name='x')
    assert later.needs(earlier)
    assert not stages.Stage(None, [], name='users', after=('groups',)).needs(earlier)


def _entity(name, find):
    return Entity(name=name, plural=name + 's', key='code', fields=[Field('code'), Field('size')],
                  wire=Wire(find=find, create=lambda *a: None, update=None, delete=lambda *a: None))


class _Client(object):
    check_mode = False


def test_a_prediction_reads_every_stage_at_once_and_each_object_once():
    together = threading.Barrier(2, timeout=5)  # the first stage's read waits for the later stage's
    reads = []

    def first(ctx, code, scope):
        reads.append(('first', code))
        together.wait()

    def second(ctx, code, scope):
        reads.append(('second', code))
        together.wait()

    planned = [stages.Stage(_entity('first', first), [{'code': 'a', 'state': 'present'}]),
               stages.Stage(_entity('second', second), [{'code': 'b', 'state': 'present'}])]
    runs, _ctx = stages.predict(_Client(), planned)
    assert [run.records[0]['plan'].action for run in runs] == ['create', 'create']
    assert sorted(reads) == [('first', 'a'), ('second', 'b')], 'the read-ahead and the stage share one read'
