# Copyright: contributors to authing.cloud
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: record every task result as JSON for the integration harness.

Enabled by tests/integration/conftest.py through ANSIBLE_CALLBACK_PLUGINS and
ANSIBLE_CALLBACKS_ENABLED. It is not part of the collection (it lives under tests/).

Environment:
  AUTHING_TEST_RESULTS_FILE  where to write the JSON list of task records (required)
  AUTHING_TEST_EMULATOR_URL  when set, each record also carries the emulator request-log
                             entries made while the task ran (key "requests")
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: authing_test_recorder
type: notification
short_description: record task results as JSON (integration tests only)
description:
  - Writes one record per task result to the file named by E(AUTHING_TEST_RESULTS_FILE).
requirements:
  - enabled in callbacks_enabled
"""

import json
import os
import time
import urllib.request

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "authing_test_recorder"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._path = os.environ.get("AUTHING_TEST_RESULTS_FILE")
        self._emulator = os.environ.get("AUTHING_TEST_EMULATOR_URL")
        self._records = []
        self._task_start_seq = 0
        self._task_start = time.monotonic()

    # -- emulator request log -------------------------------------------------------------
    def _log(self):
        if not self._emulator:
            return []
        try:
            with urllib.request.urlopen(self._emulator + "/__emulator__/requests", timeout=10) as resp:
                return json.loads(resp.read().decode("utf-8")).get("requests", [])
        except Exception as exc:  # the harness must not break the playbook
            return [{"harness_error": repr(exc)}]

    def _max_seq(self):
        seqs = [e.get("seq", 0) for e in self._log() if isinstance(e.get("seq"), int)]
        return max(seqs) if seqs else 0

    # -- recording ------------------------------------------------------------------------
    def _flush(self):
        if not self._path:
            return
        tmp = self._path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(self._records, fh, default=str, indent=1)
        os.replace(tmp, self._path)

    def _record(self, result, status, ignore_errors=False):
        res = getattr(result, "result", None)
        if res is None:
            res = result._result
        task = getattr(result, "task", None) or result._task
        host = getattr(result, "host", None) or result._host
        requests = []
        if self._emulator:
            requests = [
                e for e in self._log()
                if not isinstance(e.get("seq"), int) or e["seq"] > self._task_start_seq
            ]
        self._records.append({
            "name": task.get_name(),
            "action": task.action,
            "host": host.get_name(),
            "status": status,
            "ignore_errors": bool(ignore_errors),
            "result": json.loads(json.dumps(dict(res), default=str)),
            "requests": requests,
            "seconds": round(time.monotonic() - self._task_start, 3),
        })
        self._flush()

    def v2_playbook_on_start(self, playbook):
        self._flush()

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._task_start_seq = self._max_seq()
        self._task_start = time.monotonic()

    def v2_runner_on_ok(self, result):
        changed = result.is_changed() if hasattr(result, "is_changed") else result._result.get("changed")
        self._record(result, "changed" if changed else "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, "failed", ignore_errors)

    def v2_runner_on_skipped(self, result):
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._record(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        self._flush()
