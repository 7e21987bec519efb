"""Creating 1,000 users (each with custom data and 2 groups): one bulk task versus one task per user.

Run: .venv/bin/python tests/bench/bench_users.py [--users 1000] [--latency-ms 25] [--concurrency 4 16]
     [--skip-loop]

The emulator answers every request after ``--latency-ms`` (set with ``PUT /__emulator__/config``
once the pool is seeded). Prints wall time and request counts (reads/writes) for the bulk form at
each concurrency, its no-op rerun, and the loop of one task per user (``loop:`` over the same list).
"""

import argparse

from _harness import Bench, summarize

GROUPS = ('staff', 'eng', 'ops', 'sales')


def desired_users(count):
    return [{'username': 'user%04d' % i, 'email': 'user%04d@example.com' % i, 'nickname': 'User %d' % i,
             'custom_data': {'department': GROUPS[i % len(GROUPS)], 'level': i % 7},
             'groups': ['staff', GROUPS[1 + i % 3]]}
            for i in range(count)]


def seed(bench):
    """What every run starts from: the custom fields and the groups, no users."""
    bench.admin('PUT', 'config', json={'latency_ms': 0})
    bench.admin('POST', 'reset')
    bench.gql('mutation { a: setUdf(targetType: USER, key: "department", dataType: STRING, label: "Department") { key }'
              ' b: setUdf(targetType: USER, key: "level", dataType: NUMBER, label: "Level") { key } }')
    for code in GROUPS:
        bench.gql('mutation g($code: String!) { createGroup(code: $code, name: $code) { code } }', {'code': code})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--users', type=int, default=1000)
    parser.add_argument('--latency-ms', type=int, default=25)
    parser.add_argument('--concurrency', type=int, nargs='+', default=[4, 16])
    parser.add_argument('--skip-loop', action='store_true', help='only the bulk form')
    args = parser.parse_args()
    bench = Bench()
    try:
        users = desired_users(args.users)
        latency = {'latency_ms': args.latency_ms}
        print('%d users (custom data + 2 groups each), emulator latency %d ms' % (args.users, args.latency_ms))
        for concurrency in args.concurrency:
            seed(bench)
            bench.admin('PUT', 'config', json=latency)
            bulk = [{'name': 'bulk', 'authing.cloud.authing_user': {'users': users, 'concurrency': concurrency}}]
            summarize('bulk form, concurrency %d: create' % concurrency, *bench.playbook(bulk))
            summarize('bulk form, concurrency %d: rerun (no-op)' % concurrency, *bench.playbook(bulk))
        if not args.skip_loop:
            seed(bench)
            bench.admin('PUT', 'config', json=latency)
            loop = [{'name': 'per user', 'authing.cloud.authing_user': '{{ item }}', 'loop': users}]
            summarize('one task per user (loop): create', *bench.playbook(loop))
            summarize('one task per user (loop): rerun (no-op)', *bench.playbook(loop))
    finally:
        bench.close()


if __name__ == '__main__':
    main()
