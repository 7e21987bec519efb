"""Shared plumbing for benchmarks: a real emulator, a collections dir, ansible-playbook runs.

Benchmarks print figures; they assert only that the runs succeeded.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import requests

from authing_emulator.testing import EmulatorProcess

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.path.dirname(sys.executable)


def collections_dir():
    root = tempfile.mkdtemp(prefix='authing-bench-')
    os.makedirs(os.path.join(root, 'ansible_collections', 'authing'))
    os.symlink(REPO, os.path.join(root, 'ansible_collections', 'authing', 'cloud'))
    return root


class Bench(object):
    """One emulator process plus helpers to seed it and to count what a playbook cost."""

    def __init__(self, *emulator_args):
        self.emulator = EmulatorProcess(*emulator_args).start()
        self.url = self.emulator.url
        self.collections = collections_dir()
        self._token = None

    def close(self):
        self.emulator.stop()

    def admin(self, method, path, **kwargs):
        response = requests.request(method, self.url + '/__emulator__/' + path, timeout=30, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def gql(self, query, variables=None):
        if self._token is None:
            self._token = requests.post(self.url + '/graphql/v2', json={
                'query': 'query t($p: String!, $s: String!) { accessToken(userPoolId: $p, secret: $s) { accessToken } }',
                'variables': {'p': self.emulator.userpool_id, 's': self.emulator.secret}}).json()['data']['accessToken']['accessToken']
        body = requests.post(self.url + '/graphql/v2', json={'query': query, 'variables': variables or {}},
                             headers={'authorization': 'Bearer ' + self._token}, timeout=30).json()
        if body.get('errors'):
            raise RuntimeError(body['errors'])
        return body['data']

    def create_users(self, usernames):
        ids = {}
        for name in usernames:
            ids[name] = self.gql('mutation c($u: CreateUserInput!) { createUser(userInfo: $u) { id } }',
                                 {'u': {'username': name}})['createUser']['id']
        return ids

    def playbook(self, tasks, forks=1):
        """Run tasks on localhost; returns (seconds, request-log entries, recap changed count)."""
        play = [{'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'tasks': tasks}]
        with tempfile.NamedTemporaryFile('w', suffix='.yml', delete=False) as handle:
            json.dump(play, handle)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=self.collections, AUTHING_HOST=self.url,
                   AUTHING_USERPOOL_ID=self.emulator.userpool_id, AUTHING_USERPOOL_SECRET=self.emulator.secret,
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_FORKS=str(forks),
                   ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
        self.admin('DELETE', 'requests')
        started = time.monotonic()
        proc = subprocess.run([os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', handle.name],
                              env=env, capture_output=True, text=True, check=False)
        seconds = time.monotonic() - started
        if proc.returncode != 0:
            raise RuntimeError(proc.stdout[-3000:] + proc.stderr[-3000:])
        log = self.admin('GET', 'requests')['requests']
        changed = int(proc.stdout.rsplit('changed=', 1)[1].split()[0])
        return seconds, log, changed


def summarize(label, seconds, log, changed):
    writes = sum(1 for entry in log if entry['kind'] == 'write')
    print('%-44s %7.2f s  %6d requests  (%d reads, %d writes)  changed tasks: %d'
          % (label, seconds, len(log), len(log) - writes, writes, changed))
