"""Request counts of a no-op rerun of one application with 20 resources, 3 agreements and 10
access rules (the bulk forms), as the issue's closing note asks.

Run: .venv/bin/python tests/bench/bench_app_noop.py [--latency-ms 0]
Prints, for the first run and the no-op rerun, wall time and emulator request counts per task,
with the operations behind them. It asserts only that the runs succeed.
"""

import argparse
import collections

import requests

from _harness import Bench, summarize

APP = 'bench-app'
USERS = ['bench-user%d' % i for i in range(6)]
GROUPS = ['bench-group%d' % i for i in range(2)]

TASKS = [
    ('application', 'authing.cloud.authing_application', {
        'identifier': APP, 'name': 'Bench', 'redirect_uris': ['https://bench.example.com/cb'], 'description': 'bench'}),
    ('20 resources (exact)', 'authing.cloud.authing_resource', {
        'app': APP, 'resources_mode': 'exact', 'resources': [
            {'code': 'res%02d' % i, 'type': 'API' if i % 4 == 0 else 'DATA', 'description': 'resource %d' % i,
             'api_identifier': 'https://api.example.com/%d' % i if i % 4 == 0 else None,
             'actions': [{'name': 'res%02d:read' % i, 'description': 'read'}, {'name': 'res%02d:write' % i}]}
            for i in range(20)]}),
    ('3 agreements (exact, ordered)', 'authing.cloud.authing_agreement', {
        'app': APP, 'agreements_mode': 'exact', 'agreements': [
            {'title': 'Terms', 'lang': 'en-US'}, {'title': '服务条款'}, {'title': 'Newsletter', 'lang': 'en-US', 'required': False}]}),
    ('10 access rules', 'authing.cloud.authing_access_policy', {
        'app': APP, 'default_strategy': 'DENY_ALL', 'rules': [
            {'target_type': 'USER', 'targets': USERS[:5]},
            {'target_type': 'USER', 'targets': USERS[5:], 'effect': 'deny'},
            {'target_type': 'GROUP', 'targets': GROUPS},
            {'target_type': 'ROLE', 'targets': ['bench-admin']},
            {'target_type': 'ROLE', 'targets': ['bench-editor'], 'namespace': APP}]}),
]


def seed(bench):
    bench.create_users(USERS)
    for code in GROUPS:
        bench.gql('mutation g($c: String!) { createGroup(code: $c, name: $c) { code } }', {'c': code})
    bench.gql('mutation r($c: String!) { createRole(code: $c) { code } }', {'c': 'bench-admin'})


def create_app_role(bench):
    """The application role can only be created once the application exists."""
    token = bench.gql('query t { __typename }') and bench._token  # pylint: disable=protected-access
    apps = requests.get(bench.url + '/api/v2/applications', params={'limit': 1000},
                        headers={'authorization': 'Bearer ' + token}, timeout=30).json()['data']['list']
    app_id = [app['id'] for app in apps if app['identifier'] == APP][0]
    bench.gql('mutation r($c: String!, $n: String) { createRole(code: $c, namespace: $n) { code } }',
              {'c': 'bench-editor', 'n': app_id})


def per_task(bench, label):
    total = collections.Counter()
    for title, module, args in TASKS:
        seconds, log, changed = bench.playbook([{'name': title, module: args}])
        summarize('%s: %s' % (label, title), seconds, log, changed)
        operations = collections.Counter(entry['operation'] for entry in log)
        print('    ' + ', '.join('%s x%d' % item for item in sorted(operations.items())))
        total.update(kind=len(log))
    return total['kind']


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--latency-ms', type=int, default=0)
    args = parser.parse_args()
    bench = Bench('--latency-ms', str(args.latency_ms))
    try:
        seed(bench)
        bench.playbook([{'name': TASKS[0][0], TASKS[0][1]: TASKS[0][2]}])
        create_app_role(bench)
        print('latency %d ms; 1 application, 20 resources, 3 agreements, 10 access rules (6 users, 2 groups, 2 roles)'
              % args.latency_ms)
        every_task = [{'name': title, module: task_args} for title, module, task_args in TASKS]
        summarize('whole play: first run', *bench.playbook(every_task))
        summarize('whole play: no-op rerun', *bench.playbook(every_task))
        print('no-op rerun, one task at a time:')
        total = per_task(bench, 'no-op')
        print('no-op rerun total: %d requests (each task also fetches its own management token)' % total)
    finally:
        bench.close()


if __name__ == '__main__':
    main()
