"""Creating 100 groups with 10 members each: one bulk task versus one task per group.

Run: .venv/bin/python tests/bench/bench_groups.py [--latency-ms 0]
Prints wall time and emulator request counts (reads/writes) for each form, and for the no-op rerun.
"""

import argparse

from _harness import Bench, summarize

GROUPS, MEMBERS = 100, 10


def desired_groups(users):
    return [{'code': 'g%03d' % g, 'name': 'Group %d' % g,
             'members': users[(g * MEMBERS) % len(users):(g * MEMBERS) % len(users) + MEMBERS]}
            for g in range(GROUPS)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--latency-ms', type=int, default=0)
    parser.add_argument('--concurrency', type=int, default=4)
    parser.add_argument('--skip-loop', action='store_true', help='only the bulk form (the loop takes minutes)')
    args = parser.parse_args()
    bench = Bench('--latency-ms', str(args.latency_ms))
    try:
        users = ['user%04d' % i for i in range(GROUPS * MEMBERS)]
        bench.create_users(users)
        groups = desired_groups(users)
        bulk = [{'name': 'bulk', 'authing.cloud.authing_group': {'groups': groups, 'concurrency': args.concurrency}}]
        print('latency %d ms, %d groups x %d members, concurrency %d' % (args.latency_ms, GROUPS, MEMBERS, args.concurrency))
        summarize('bulk form: create', *bench.playbook(bulk))
        summarize('bulk form: rerun (no-op)', *bench.playbook(bulk))
        if args.skip_loop:
            return
        bench.admin("POST", "reset")
        bench.create_users(users)
        loop = [{'name': 'per group', 'authing.cloud.authing_group': '{{ item }}', 'loop': groups}]
        summarize('one task per group: create', *bench.playbook(loop))
        summarize('one task per group: rerun (no-op)', *bench.playbook(loop))
    finally:
        bench.close()


if __name__ == '__main__':
    main()
