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

    def env(self, forks=1):
        """The environment of an ansible-playbook run against this emulator."""
        return dict(os.environ, ANSIBLE_COLLECTIONS_PATH=self.collections, AUTHING_HOST=self.url,
                    AUTHING_USERPOOL_ID=self.emulator.userpool_id, AUTHING_USERPOOL_SECRET=self.emulator.secret,
                    ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_FORKS=str(forks),
                    ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')

    def playbook(self, tasks, forks=1):
        """Run tasks on localhost; returns (seconds, request-log entries, recap changed count)."""
        run = self.run_playbook(write_play(tasks), forks=forks)
        return run['seconds'], run['log'], run['changed']

    def run_playbook(self, path, args=(), forks=1, measure_memory=False, task_times=False):
        """Run one playbook file (``args``: more ansible-playbook arguments) with a fresh request
        log. Returns {seconds, log, changed, stdout, max_rss_kb}; ``max_rss_kb`` (with
        ``measure_memory``) is the peak RSS of ansible-playbook or any of its children;
        ``task_times`` adds {tasks: [{task, seconds}], seconds} (callback_plugins/bench_timing.py)."""
        command = [os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', path] + list(args)
        env = self.env(forks)
        timing = None
        if task_times:
            handle, timing = tempfile.mkstemp(prefix='bench-timing-', suffix='.json')
            os.close(handle)
            env.update(ANSIBLE_CALLBACK_PLUGINS=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                             'callback_plugins'),
                       ANSIBLE_CALLBACKS_ENABLED='bench_timing', BENCH_TIMING_FILE=timing)
        self.admin('DELETE', 'requests')
        run = run_measured(command, env, measure_memory)
        if run['returncode'] != 0:
            raise RuntimeError(run['stdout'][-3000:] + run['stderr'][-3000:])
        run['log'] = self.admin('GET', 'requests')['requests']
        run['changed'] = int(run['stdout'].rsplit('changed=', 1)[1].split()[0])
        if timing:
            with open(timing) as handle:
                run['task_times'] = json.load(handle)
            os.unlink(timing)
        return run


def write_play(tasks, **play):
    """A one-play playbook file on localhost with these tasks (``play``: more play keywords)."""
    play = dict({'hosts': 'localhost', 'gather_facts': False, 'connection': 'local', 'tasks': tasks}, **play)
    with tempfile.NamedTemporaryFile('w', suffix='.yml', delete=False) as handle:
        json.dump([play], handle)
    return handle.name


TIME_V = '/usr/bin/time'
# Runs the command and prints the peak RSS of its children (kB) on the last line of stderr.
_RUSAGE_WRAPPER = (
    'import resource, subprocess, sys\n'
    'code = subprocess.call(sys.argv[1:])\n'
    'sys.stderr.write("\\nmax_rss_kb=%d\\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n'
    'sys.exit(code)\n')


def run_measured(command, env, measure_memory=True):
    """Run a command; {seconds, returncode, stdout, stderr, max_rss_kb, memory_tool}. The peak RSS
    is that of the largest process of the tree (GNU time -v when present, else getrusage of the
    children in a fresh wrapper process)."""
    rss_file = None
    tool = None
    if measure_memory and os.access(TIME_V, os.X_OK):
        handle, rss_file = tempfile.mkstemp(prefix='bench-time-')
        os.close(handle)
        command = [TIME_V, '-v', '-o', rss_file] + command
        tool = 'time -v'
    elif measure_memory:
        command = [sys.executable, '-c', _RUSAGE_WRAPPER] + command
        tool = 'getrusage(RUSAGE_CHILDREN)'
    started = time.monotonic()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    max_rss = None
    stderr = proc.stderr
    if rss_file:
        with open(rss_file) as handle:
            for line in handle:
                if 'Maximum resident set size' in line:
                    max_rss = int(line.rsplit(':', 1)[1])
        os.unlink(rss_file)
    elif measure_memory and 'max_rss_kb=' in stderr:
        stderr, _sep, tail = stderr.rpartition('max_rss_kb=')
        max_rss = int(tail.split()[0])
    return {'seconds': seconds, 'returncode': proc.returncode, 'stdout': proc.stdout, 'stderr': stderr,
            'max_rss_kb': max_rss, 'memory_tool': tool}


def counts(log):
    """{requests, reads, writes} of request-log entries."""
    writes = sum(1 for entry in log if entry['kind'] == 'write')
    return {'requests': len(log), 'reads': len(log) - writes, 'writes': writes}


def summarize(label, seconds, log, changed):
    writes = sum(1 for entry in log if entry['kind'] == 'write')
    print('%-44s %7.2f s  %6d requests  (%d reads, %d writes)  changed tasks: %d'
          % (label, seconds, len(log), len(log) - writes, writes, changed))
