# -*- coding: utf-8 -*-
"""Benchmark helper: wall time of each task (and of the whole run) written as JSON to
$BENCH_TIMING_FILE. Enabled by tests/bench/_harness.py (ANSIBLE_CALLBACKS_ENABLED=bench_timing)."""

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: bench_timing
type: aggregate
short_description: per-task wall times for the benchmarks
description: Writes [{task, seconds}] and the run's total to the file named by BENCH_TIMING_FILE.
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timing'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self._started = time.monotonic()
        self._tasks = []
        self._current = None

    def _close(self):
        if self._current is not None:
            name, started = self._current
            self._tasks.append({'task': name, 'seconds': round(time.monotonic() - started, 3)})
            self._current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close()
        self._current = (task.get_name(), time.monotonic())

    def v2_playbook_on_stats(self, stats):
        self._close()
        path = os.environ.get('BENCH_TIMING_FILE')
        if path:
            with open(path, 'w') as handle:
                json.dump({'tasks': self._tasks, 'seconds': round(time.monotonic() - self._started, 3)}, handle)
