# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: progress
type: aggregate
short_description: Show how far a long authing.cloud task is while it runs
version_added: 1.1.0
description:
  - An Ansible task reports only when it ends, so a tenant of ten thousand users would show
    nothing for minutes. With this callback enabled, M(authing.cloud.authing_tenant) (and the
    P(authing.cloud.tenant#role) role) report while they run, per kind of object, for example
    C([pool] users writing 2000 of 10000).
  - It works with any stdout callback. The modules must run on the controller (C(localhost) or
    C(delegate_to), as the collection's playbooks do); elsewhere nothing is shown and nothing fails.
  - Enable it with C(callbacks_enabled = authing.cloud.progress) in C(ansible.cfg) or
    E(ANSIBLE_CALLBACKS_ENABLED=authing.cloud.progress).
author:
  - authing.cloud contributors (@authing-cloud)
options:
  interval:
    description: Seconds between two looks at the progress of a running task.
    type: float
    default: 1.0
    env:
      - name: AUTHING_PROGRESS_INTERVAL
    ini:
      - section: authing_progress
        key: interval
requirements:
  - enabled in callbacks_enabled
'''

import os
import tempfile
import threading

from ansible.plugins.callback import CallbackBase

# The modules write their progress where this variable points (runner.PROGRESS_FILE).
PROGRESS_FILE = 'AUTHING_PROGRESS_FILE'


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'authing.cloud.progress'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        handle, self._path = tempfile.mkstemp(prefix='authing-progress-', suffix='.log')
        os.close(handle)
        # Workers are started after the callbacks: the modules they run inherit this.
        os.environ[PROGRESS_FILE] = self._path
        self._stop = None
        self._watcher = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._end_watch()
        open(self._path, 'w').close()
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, args=(self._stop,), name='authing-progress')
        self._watcher.daemon = True
        self._watcher.start()

    def v2_playbook_on_stats(self, stats):
        self._end_watch()
        try:
            os.remove(self._path)
        except OSError:
            pass

    def _end_watch(self):
        if self._stop is not None:
            self._stop.set()
            self._watcher.join()  # what it did not show yet is done: the task's result says the rest
        self._stop = self._watcher = None

    def _watch(self, stop):
        self._offset = 0
        while not stop.wait(self.get_option('interval')):
            self._show_new()

    def _show_new(self):
        try:
            with open(self._path) as handle:
                handle.seek(getattr(self, '_offset', 0))
                text = handle.read()
                self._offset = handle.tell()
        except OSError:
            return
        for line in text.splitlines():
            parts = line.split()
            if len(parts) == 5:
                label, phase, step, done, total = parts
                self._display.display('  [%s] %s: %s %s of %s' % (label, step, phase, done, total))
