"""The workload ``tenant-N`` (issue 9, item 7): the tenant role against its floor and the other ways.

tenant-N: 2 custom fields, 20 groups, N users (custom data, 1-2 groups each), 5 applications,
each with 10 resources, 2 agreements, 1 role and an access policy of 4 rules. One emulator,
every API call answered after ``--latency-ms`` (default 25 ms).

Run: .venv/bin/python tests/bench/bench_tenant.py [--users 1000] [--latency-ms 25] [--concurrency C]
     [--compare 1000,10000] [--sweep 4,8,16,32] [--sdk-sample 50] [--loop-sample 20]
     [--skip-sdk] [--skip-loop]

Measured side by side in one run (emulator state reset with POST /__emulator__/reset where a
figure needs an empty pool):

- role: ``playbooks/bootstrap.yml`` with the generated spec as ``tenant_spec_file`` (a JSON vars
  file) - cold apply on an empty pool, no-op rerun, ``--check`` on an empty pool: wall time,
  requests (reads/writes from the request log), changed tasks, the role's summary lines, and
  the peak RSS of ansible-playbook and its children (``/usr/bin/time -v``, else getrusage);
- floor: a direct client (plain ``requests``, 16 in flight, one token) that sends the minimal
  writes of the whole workload - createUser with its custom data in the same call, one
  addUserToGroup per group with all its user ids, and the application family (create, default
  strategy, resources, agreements in order, role, one allow/deny per rule) - plus Ansible's
  start-up (median wall time of a one-task ``ansible.builtin.debug`` playbook);
- read floor: the same client reading what a no-op must read to know the tenant is in shape
  (custom fields, groups, every user with custom data and groups, applications and, for each,
  resources, agreements, roles, access records) - "the no-op's read time";
- sdk_script: the official SDK (its own interpreter, tests/bench/sdk_tenant_users.py), one user
  at a time (create with custom data, add_group per group) on ``--sdk-sample`` users, custom
  fields and groups already there; extrapolated to N users (the application family is left out,
  so it flatters the SDK);
- loop: one ``authing.cloud.authing_user`` task per user (``loop:``) on ``--loop-sample`` users,
  extrapolated to N users (one start-up plus N times the per-item time; again users only).

``--compare 1000,10000`` runs role and floor at each N (cold_10k / cold_1k). ``--sweep 4,8,16``
measures the role's cold apply at each tenant_concurrency instead (each next to a fresh floor
measurement, so that each row's cold / floor is a ratio of neighbouring runs).
Prints one JSON object. Asserts only that the runs succeed; the targets are reported as
``{value, target, ok}``.
"""

import argparse
import concurrent.futures
import json
import os
import statistics
import sys
import tempfile
import time

import requests
import yaml

from _harness import REPO, Bench, counts, run_measured, write_play

FIELDS = [{'key': 'department', 'data_type': 'STRING', 'label': 'Department'},
          {'key': 'level', 'data_type': 'NUMBER', 'label': 'Level'}]
GROUPS = ['team%02d' % g for g in range(20)]
APPS = 5
FLOOR_WORKERS = 16
PAGE = 100  # the collection's page size, also used by the read floor
BOOTSTRAP = os.path.join(REPO, 'playbooks', 'bootstrap.yml')
SDK_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'sdk_tenant_users.py')


# -- the workload --------------------------------------------------------------------------------

def user_item(i):
    groups = [GROUPS[i % 20]]
    if i % 2 == 0:
        groups.append(GROUPS[(i * 7 + 3) % 20])  # never the first one: 6i + 3 is odd
    return {'username': 'u%05d' % i, 'email': 'u%05d@tenant.example' % i, 'nickname': 'User %d' % i,
            'custom_data': {'department': GROUPS[i % 20], 'level': i % 7}, 'groups': groups}


def app_item(a):
    identifier = 'app%d' % a
    return {
        'identifier': identifier, 'name': 'Application %d' % a, 'description': 'bench application %d' % a,
        'redirect_uris': ['https://app%d.tenant.example/callback' % a],
        'resources': [{'code': 'r%02d' % r, 'type': 'DATA', 'description': 'resource %d' % r,
                       'actions': [{'name': 'r%02d:read' % r}, {'name': 'r%02d:write' % r}]} for r in range(10)],
        'agreements': [{'title': 'Terms of app %d' % a, 'lang': 'en-US', 'required': True},
                       {'title': 'Newsletter of app %d' % a, 'lang': 'en-US', 'required': False}],
        'roles': [{'code': '%s-admin' % identifier, 'description': 'administers app %d' % a}],
        'access_policy': {'default_strategy': 'DENY_ALL', 'rules': [
            {'target_type': 'GROUP', 'targets': [GROUPS[a], GROUPS[a + 1]], 'effect': 'allow'},
            {'target_type': 'GROUP', 'targets': [GROUPS[19]], 'effect': 'deny'},
            {'target_type': 'ROLE', 'targets': ['%s-admin' % identifier], 'namespace': identifier, 'effect': 'allow'},
            {'target_type': 'USER', 'targets': ['u%05d' % a, 'u%05d' % (a + 1)], 'effect': 'allow'}]},
    }


def tenant_spec(users):
    return {'custom_fields': FIELDS, 'groups': [{'code': code, 'name': 'Team ' + code[4:]} for code in GROUPS],
            'users': [user_item(i) for i in range(users)], 'applications': [app_item(a) for a in range(APPS)]}


def spec_file(users):
    handle = tempfile.NamedTemporaryFile('w', prefix='tenant-%d-' % users, suffix='.json', delete=False)
    with handle:
        json.dump({'tenant_spec': tenant_spec(users)}, handle)
    return handle.name


# -- a direct client: the floor ------------------------------------------------------------------

class Direct(object):
    """Plain requests, one token, ``workers`` requests in flight."""

    def __init__(self, bench, workers=FLOOR_WORKERS):
        self.url = bench.url
        self.session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=workers)
        self.session.mount('http://', adapter)
        self.session.mount('https://', adapter)
        self.pool = concurrent.futures.ThreadPoolExecutor(workers)
        token = self._post('/graphql/v2', {
            'query': 'query t($p: String!, $s: String!) { accessToken(userPoolId: $p, secret: $s) { accessToken } }',
            'variables': {'p': bench.emulator.userpool_id, 's': bench.emulator.secret}})['data']['accessToken']
        self.headers = {'authorization': 'Bearer ' + token['accessToken'],
                        'x-authing-userpool-id': bench.emulator.userpool_id}

    def close(self):
        self.pool.shutdown()
        self.session.close()

    def _post(self, path, body, headers=None):
        response = self.session.post(self.url + path, json=body, headers=headers, timeout=60)
        response.raise_for_status()
        return response.json()

    def gql(self, query, variables=None):
        body = self._post('/graphql/v2', {'query': query, 'variables': variables or {}}, self.headers)
        if body.get('errors'):
            raise RuntimeError(body['errors'])
        return body['data']

    def rest(self, method, path, body=None, params=None):
        response = self.session.request(method, self.url + path, json=body, params=params, headers=self.headers,
                                        timeout=60)
        response.raise_for_status()
        answer = response.json()
        if answer.get('code') != 200:
            raise RuntimeError('%s %s: %s' % (method, path, answer))
        return answer.get('data')

    def each(self, calls):
        """Run the zero-argument callables concurrently; their results, in order."""
        return [future.result() for future in [self.pool.submit(call) for call in calls]]


CREATE_USER = ('mutation createUserWithCustomData($userInfo: CreateUserInput!, $params: String) '
               '{ createUser(userInfo: $userInfo, params: $params) { id username } }')
ADD_TO_GROUP = 'mutation a($userIds: [String!]!, $code: String) { addUserToGroup(userIds: $userIds, code: $code) { code } }'


def floor_writes(direct, spec):
    """The minimal writes of the workload, in three waves (what depends on what); the seconds of each."""
    waves = {}
    started = time.monotonic()
    fields = [lambda f=f: direct.gql(
        'mutation f($k: String!, $d: UDFDataType!, $l: String!) { setUdf(targetType: USER, key: $k, dataType: $d, '
        'label: $l) { key } }', {'k': f['key'], 'd': f['data_type'], 'l': f['label']}) for f in spec['custom_fields']]
    groups = [lambda g=g: direct.gql('mutation g($c: String!, $n: String!) { createGroup(code: $c, name: $n) { code } }',
                                     {'c': g['code'], 'n': g['name']}) for g in spec['groups']]
    apps = [lambda a=a: direct.rest('POST', '/api/v2/applications', {
        'name': a['name'], 'identifier': a['identifier'], 'redirectUris': a['redirect_uris'],
        'description': a['description']}) for a in spec['applications']]
    answers = direct.each(fields + groups + apps)
    waves['fields_groups_apps'] = round(time.monotonic() - started, 3)
    started = time.monotonic()
    app_ids = dict((a['identifier'], a['id']) for a in answers[len(fields) + len(groups):])

    def agreements(app):  # in order: the second after the first
        for agreement in app['agreements']:
            direct.rest('POST', '/api/v2/applications/%s/agreements' % app_ids[app['identifier']], agreement)

    wave = []
    for app in spec['applications']:
        app_id = app_ids[app['identifier']]
        wave.append(lambda app_id=app_id, app=app: direct.rest('POST', '/api/v2/applications/' + app_id, {
            'permissionStrategy': {'defaultStrategy': app['access_policy']['default_strategy']}}))
        wave.extend(lambda app_id=app_id, r=r: direct.rest('POST', '/api/v2/resources', {
            'code': r['code'], 'type': r['type'], 'description': r['description'], 'namespace': app_id,
            'actions': [{'name': action['name'], 'description': ''} for action in r['actions']]})
            for r in app['resources'])
        wave.extend(lambda app_id=app_id, role=role: direct.gql(
            'mutation r($n: String, $c: String!, $d: String) { createRole(namespace: $n, code: $c, description: $d) '
            '{ code } }', {'n': app_id, 'c': role['code'], 'd': role['description']}) for role in app['roles'])
        wave.append(lambda app=app: agreements(app))
    users_at = len(wave)
    wave.extend(lambda u=u: direct.gql(CREATE_USER, {
        'userInfo': {'username': u['username'], 'email': u['email'], 'nickname': u['nickname']},
        'params': json.dumps([{'key': key, 'value': value} for key, value in sorted(u['custom_data'].items())])})
        for u in spec['users'])
    answers = direct.each(wave)
    waves['users_and_app_contents'] = round(time.monotonic() - started, 3)
    started = time.monotonic()
    user_ids = dict((user['createUser']['username'], user['createUser']['id']) for user in answers[users_at:])

    members = dict((code, []) for code in GROUPS)
    for user in spec['users']:
        for code in user['groups']:
            members[code].append(user_ids[user['username']])
    wave = [lambda code=code, ids=ids: direct.gql(ADD_TO_GROUP, {'userIds': ids, 'code': code})
            for code, ids in members.items() if ids]
    for app in spec['applications']:
        for rule in app['access_policy']['rules']:
            body = {'targetType': rule['target_type'],
                    'targetIdentifiers': [user_ids[name] for name in rule['targets']]
                    if rule['target_type'] == 'USER' else rule['targets']}
            if rule['target_type'] == 'ROLE':
                body['namespace'] = app_ids[rule['namespace']]
            wave.append(lambda app_id=app_ids[app['identifier']], rule=rule, body=body: direct.rest(
                'POST', '/api/v2/applications/%s/authorization/%s' % (app_id, rule['effect']), body))
    direct.each(wave)
    waves['memberships_and_rules'] = round(time.monotonic() - started, 3)
    return {'wave_seconds': waves}


USERS_PAGE = ('query u($page: Int, $limit: Int) { users(page: $page, limit: $limit) { totalCount list { id username '
              'email nickname customData { key value } groups { totalCount list { code } } } } }')


def floor_reads(direct, spec):
    """What a no-op must read to know the tenant matches the spec (every user with custom data and
    groups, page by page - the pages after the first in parallel)."""
    first = direct.each([
        lambda: direct.gql('query { udf(targetType: USER) { key dataType label } }'),
        lambda: direct.gql('query g($page: Int, $limit: Int) { groups(page: $page, limit: $limit) '
                           '{ totalCount list { code name description } } }', {'page': 1, 'limit': PAGE}),
        lambda: direct.gql(USERS_PAGE, {'page': 1, 'limit': PAGE}),
        lambda: direct.rest('GET', '/api/v2/applications', params={'page': 1, 'limit': PAGE})])
    total = first[2]['users']['totalCount']
    apps = [app for app in first[3]['list'] if app['identifier'] in set(a['identifier'] for a in spec['applications'])]
    wave = [lambda page=page: direct.gql(USERS_PAGE, {'page': page, 'limit': PAGE})
            for page in range(2, (total + PAGE - 1) // PAGE + 1)]
    for app in apps:
        wave.extend([
            lambda app=app: direct.rest('GET', '/api/v2/resources', params={'namespace': app['id'], 'page': 1,
                                                                            'limit': PAGE}),
            lambda app=app: direct.rest('GET', '/api/v2/applications/%s/agreements' % app['id']),
            lambda app=app: direct.gql('query r($n: String, $page: Int, $limit: Int) { roles(namespace: $n, '
                                       'page: $page, limit: $limit) { totalCount list { code description } } }',
                                       {'n': app['id'], 'page': 1, 'limit': PAGE}),
            lambda app=app: direct.rest('GET', '/api/v2/applications/%s/authorization/records' % app['id'],
                                        params={'page': 1, 'limit': PAGE})])
    direct.each(wave)


def timed_direct(bench, work, spec):
    """Seconds of ``work`` (token included) and its requests."""
    bench.admin('DELETE', 'requests')
    started = time.monotonic()
    direct = Direct(bench)
    try:
        extra = work(direct, spec) or {}
    finally:
        direct.close()
    seconds = time.monotonic() - started
    return dict(seconds=round(seconds, 3), **dict(extra, **counts(bench.admin('GET', 'requests')['requests'])))


# -- the role, Ansible's start-up, the samples ---------------------------------------------------

def summary_lines(stdout):
    """The role's summary (the debug task's msg), as printed by the default callback."""
    marker = stdout.rfind('"msg": [')
    if marker < 0:
        return []
    lines = []
    for line in stdout[marker:].splitlines()[1:]:
        line = line.strip()
        if line.startswith(']'):
            break
        line = line.rstrip(',').strip('"')
        lines.append(line if len(line) <= 160 else line[:157] + '...')
    return lines


def role_run(bench, spec_path, concurrency, check=False):
    args = ['-e', json.dumps({'tenant_spec_file': spec_path})]
    if concurrency is not None:
        args += ['-e', json.dumps({'tenant_concurrency': concurrency})]
    if check:
        args.append('--check')
    run = bench.run_playbook(BOOTSTRAP, args, measure_memory=True, task_times=True)
    figures = dict(seconds=round(run['seconds'], 3), **counts(run['log']))
    figures['task_seconds'] = dict((row['task'].replace('authing.cloud.tenant : ', '')[:48], row['seconds'])
                                   for row in run['task_times']['tasks'])
    figures.update(changed_tasks=run['changed'], peak_rss_mb=round(run['max_rss_kb'] / 1024.0, 1),
                   summary=summary_lines(run['stdout'])[:12])
    return figures


def role_figures(bench, users, concurrency):
    """Cold apply and no-op rerun on an empty pool, then --check on an empty pool."""
    path = spec_file(users)
    try:
        bench.admin('POST', 'reset')
        cold = role_run(bench, path, concurrency)
        noop = role_run(bench, path, concurrency)
        noop['operations'] = operations(bench.admin('GET', 'requests')['requests'])
        noop['module_alone'] = module_alone(bench, users, concurrency)
        reads = timed_direct(bench, floor_reads, tenant_spec(users))
        bench.admin('POST', 'reset')
        check = role_run(bench, path, concurrency, check=True)
    finally:
        os.unlink(path)
    return {'cold': cold, 'noop': noop, 'check': check, 'read_floor': reads}


def module_alone(bench, users, concurrency, check=False):
    """The authing_tenant module run without Ansible (python -m, its arguments in a JSON file):
    what of a run is the module's own work."""
    module_args = {'spec': tenant_spec(users), '_ansible_check_mode': check}
    if concurrency is not None:
        module_args['concurrency'] = concurrency
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': module_args}, handle)
    env = dict(bench.env(), PYTHONPATH=bench.collections)
    bench.admin('DELETE', 'requests')
    run = run_measured([sys.executable, '-m', 'ansible_collections.authing.cloud.plugins.modules.authing_tenant',
                        handle.name], env, True)
    os.unlink(handle.name)
    result = json.loads(run['stdout'])
    if run['returncode'] != 0 or result.get('failed'):
        raise RuntimeError(run['stdout'][-2000:] + run['stderr'][-2000:])
    return dict(seconds=round(run['seconds'], 3), changed=result.get('changed'),
                peak_rss_mb=round(run['max_rss_kb'] / 1024.0, 1), **counts(bench.admin('GET', 'requests')['requests']))


def operations(log):
    tally = {}
    for entry in log:
        tally[entry['operation']] = tally.get(entry['operation'], 0) + 1
    return dict(sorted(tally.items()))


def floor_figures(bench, users):
    bench.admin('POST', 'reset')
    return timed_direct(bench, floor_writes, tenant_spec(users))


def startup(bench, repeat=3):
    """Median wall time of a one-task ansible.builtin.debug playbook."""
    path = write_play([{'name': 'one task', 'ansible.builtin.debug': {'msg': 'hello'}}])
    times = [run_measured([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', 'localhost,',
                           path], bench.env(), False)['seconds'] for _run in range(repeat)]
    return {'seconds': round(statistics.median(times), 3), 'runs': [round(t, 3) for t in times]}


def seed_fields_and_groups(bench, latency_ms):
    """Custom fields and groups exist (the samples start from there), written without latency."""
    bench.admin('PUT', 'config', json={'latency_ms': 0})
    try:
        bench.admin('POST', 'reset')
        for field in FIELDS:
            bench.gql('mutation f($k: String!, $d: UDFDataType!, $l: String!) { setUdf(targetType: USER, key: $k, '
                      'dataType: $d, label: $l) { key } }',
                      {'k': field['key'], 'd': field['data_type'], 'l': field['label']})
        for code in GROUPS:
            bench.gql('mutation g($c: String!) { createGroup(code: $c, name: $c) { code } }', {'c': code})
    finally:
        bench.admin('PUT', 'config', json={'latency_ms': latency_ms})


def sdk_python():
    candidates = [os.environ.get('AUTHING_SDK_PYTHON'), os.path.join(REPO, '.venv-conformance', 'bin', 'python'),
                  os.path.join(REPO, '.venv-sdk', 'bin', 'python')]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError('no interpreter with the official SDK (set AUTHING_SDK_PYTHON; see tests/conformance/README.md)')


def sdk_sample(bench, sample, latency_ms):
    seed_fields_and_groups(bench, latency_ms)
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as handle:
        json.dump([user_item(i) for i in range(sample)], handle)
    bench.admin('DELETE', 'requests')
    run = run_measured([sdk_python(), SDK_SCRIPT, '--host', bench.url, '--userpool-id', bench.emulator.userpool_id,
                        '--secret', bench.emulator.secret, '--users', handle.name], None, False)
    os.unlink(handle.name)
    if run['returncode'] != 0:
        raise RuntimeError(run['stdout'][-2000:] + run['stderr'][-3000:])
    inner = json.loads(run['stdout'])
    log = counts(bench.admin('GET', 'requests')['requests'])
    return dict(sample_users=sample, users_seconds=round(inner['seconds'], 3), process_seconds=round(run['seconds'], 3),
                per_user_seconds=round(inner['seconds'] / sample, 4), **log)


def loop_sample(bench, sample, latency_ms):
    seed_fields_and_groups(bench, latency_ms)
    tasks = [{'name': 'one task per user', 'authing.cloud.authing_user': '{{ item }}',
              'loop': [user_item(i) for i in range(sample)]}]
    seconds, log, changed = bench.playbook(tasks)
    return dict(sample_users=sample, seconds=round(seconds, 3), changed_tasks=changed, **counts(log))


# -- the report ----------------------------------------------------------------------------------

def target(value, bound, below=True):
    if value is None:
        return None
    return {'value': round(value, 3), 'target': ('<= ' if below else '>= ') + str(bound),
            'ok': value <= bound if below else value >= bound}


def per_n(users, role, floor, start, sdk, loop):
    floor_total = floor['seconds'] + start['seconds']
    figures = {'users': users, 'role': role, 'floor': dict(floor, with_ansible_startup_seconds=round(floor_total, 3))}
    ratios = {'cold_over_floor': target(role['cold']['seconds'] / floor_total, 2)}
    if sdk:
        extrapolated = sdk['users_seconds'] / sdk['sample_users'] * users + (sdk['process_seconds'] - sdk['users_seconds'])
        figures['sdk_script_extrapolated_seconds'] = round(extrapolated, 1)
        ratios['sdk_script_over_cold'] = target(extrapolated / role['cold']['seconds'], 20, below=False)
    if loop:
        per_item = max(loop['seconds'] - start['seconds'], 0) / loop['sample_users']
        extrapolated = start['seconds'] + per_item * users
        figures['loop_extrapolated_seconds'] = round(extrapolated, 1)
        ratios['loop_over_cold'] = target(extrapolated / role['cold']['seconds'], 20, below=False)
    noop, check = role['noop'], role['check']
    ratios['noop_requests'] = target(noop['requests'], 50)
    ratios['noop_changed_tasks'] = target(noop['changed_tasks'], 0)
    ratios['noop_writes'] = target(noop['writes'], 0)
    ratios['noop_over_startup_plus_reads'] = target(
        noop['seconds'] / (start['seconds'] + role['read_floor']['seconds']), 3)
    ratios['check_over_noop'] = target(check['seconds'] / noop['seconds'], 1.5)
    ratios['check_writes'] = target(check['writes'], 0)
    ratios['peak_memory_mb'] = target(max(role[k]['peak_rss_mb'] for k in ('cold', 'noop', 'check')), 500)
    ratios['peak_memory_mb']['target'] = '< 500'
    figures['targets'] = ratios
    return figures


def role_default_concurrency():
    with open(os.path.join(REPO, 'roles', 'tenant', 'defaults', 'main.yml')) as handle:
        return yaml.safe_load(handle).get('tenant_concurrency')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--users', type=int, default=1000)
    parser.add_argument('--latency-ms', type=int, default=25)
    parser.add_argument('--concurrency', type=int, help='tenant_concurrency (default: the role default)')
    parser.add_argument('--compare', help='users counts, comma-separated (e.g. 1000,10000): role and floor at each')
    parser.add_argument('--sweep', help='tenant_concurrency values, comma-separated: the cold apply at each')
    parser.add_argument('--sdk-sample', type=int, default=50)
    parser.add_argument('--loop-sample', type=int, default=20)
    parser.add_argument('--skip-sdk', action='store_true')
    parser.add_argument('--skip-loop', action='store_true')
    args = parser.parse_args()
    sizes = [int(n) for n in args.compare.split(',')] if args.compare else [args.users]
    bench = Bench('--latency-ms', str(args.latency_ms))
    started = time.monotonic()
    report = {'workload': 'tenant-N: 2 custom fields, 20 groups, N users (custom data, 1-2 groups), %d applications x '
                          '(10 resources, 2 agreements, 1 role, access policy of 4 rules)' % APPS,
              'latency_ms': args.latency_ms, 'cpus': os.cpu_count(),
              'tenant_concurrency': args.concurrency if args.concurrency is not None
              else 'role default (%s)' % role_default_concurrency(),
              'floor_workers': FLOOR_WORKERS, 'floor_scope': 'users, memberships and the application family',
              'memory_tool': 'time -v' if os.access('/usr/bin/time', os.X_OK) else 'getrusage(RUSAGE_CHILDREN)'}
    try:
        start = startup(bench)
        report['one_task_playbook'] = start
        if args.sweep:
            # The floor is measured again before each cold apply: on a shared machine the ratio
            # of neighbouring runs is the figure that holds.
            report['users'] = sizes[0]
            path = spec_file(sizes[0])
            sweep = []
            for concurrency in [int(c) for c in args.sweep.split(',')]:
                floor = floor_figures(bench, sizes[0])
                bench.admin('POST', 'reset')
                cold = role_run(bench, path, concurrency)
                cold['summary'] = cold['summary'][:1]
                floor_total = floor['seconds'] + start['seconds']
                sweep.append(dict(concurrency=concurrency, floor_seconds=floor['seconds'],
                                  cold_over_floor=round(cold['seconds'] / floor_total, 3), **cold))
            os.unlink(path)
            report['sweep'] = sweep
            report['fastest_concurrency'] = min(sweep, key=lambda row: row['seconds'])['concurrency']
            report['lowest_cold_over_floor_concurrency'] = min(sweep, key=lambda row: row['cold_over_floor'])['concurrency']
        else:
            sdk = None if args.skip_sdk else sdk_sample(bench, args.sdk_sample, args.latency_ms)
            loop = None if args.skip_loop else loop_sample(bench, args.loop_sample, args.latency_ms)
            report['sdk_sample'] = sdk
            report['loop_sample'] = loop
            runs = []
            for users in sizes:
                role = role_figures(bench, users, args.concurrency)
                floor = floor_figures(bench, users)
                runs.append(per_n(users, role, floor, start, sdk, loop))
            report['runs'] = runs
            if len(runs) > 1:
                small, large = runs[0], runs[-1]
                factor = large['users'] / float(small['users'])
                report['scaling'] = {
                    'users_factor': factor,
                    'cold_large_over_cold_small': target(
                        large['role']['cold']['seconds'] / small['role']['cold']['seconds'],
                        11 if factor == 10 else round(factor * 1.1, 1)),
                    'floor_large_over_floor_small': round(large['floor']['seconds'] / small['floor']['seconds'], 3),
                    'noop_large_over_noop_small': round(
                        large['role']['noop']['seconds'] / small['role']['noop']['seconds'], 3)}
    finally:
        bench.close()
    report['bench_seconds'] = round(time.monotonic() - started, 1)
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == '__main__':
    main()
