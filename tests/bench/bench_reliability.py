"""Reliability under faults and races (issue 10), as figures.

Run: .venv/bin/python tests/bench/bench_reliability.py [--runs 10] [--users 100] [--rate 0.1]

1. ``--runs`` faulty runs of playbooks/bootstrap.yml (the authing.cloud.tenant role) on a
   generated tenant, each on a fresh pool, cycling the fault plans of
   tests/integration/reliability_support.py (500/503/429/drop before the handler; 500/503/drop
   after it; 500/503/drop at random). After each: duplicates read straight from the API, then a
   clean run (faults off) and the full audit against the spec (lost / extra memberships, missing
   objects). After the last one, a further clean run must change nothing.
2. Four role runs started together on overlapping specs against one emulator: outcomes and the
   audit of the end state against the union of the specs.

Prints one JSON document. AUTHING_TEST_COLLECTION_SRC tests another copy of the collection.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..')))

from authing_emulator.testing import EmulatorProcess  # noqa: E402

from tests.integration.reliability_support import (  # noqa: E402
    AGREEMENTS, BOOTSTRAP, FAULT_PLANS, RESOURCES, Api, Runner, audit, figures, make_collections_dir, make_spec,
    problems, read_state, union_spec, write_spec)

PARALLEL_USERS = (range(0, 25), range(12, 37), range(24, 49), list(range(0, 12)) + list(range(36, 49)))


def faulty_runs(api, runner, work, args):
    spec = make_spec(range(args.users))
    spec_file = write_spec(os.path.join(work, 'tenant.yml'), spec)
    want = union_spec([spec])
    out = []
    for number in range(1, args.runs + 1):
        plan = FAULT_PLANS[(number - 1) % len(FAULT_PLANS)]
        api.reset()
        api.faults(args.rate, **plan)
        try:
            run = runner.bootstrap(spec_file)
        finally:
            api.faults(0.0)
        log = api.log()
        entry = {
            'run': number, 'fault_phase': plan['fault_phase'], 'fault_kinds': plan['fault_kinds'],
            'succeeded': run.rc == 0, 'seconds': round(run.seconds, 1),
            'requests': len(log), 'faults': dict(Counter('%s/%s' % (e['fault'], e['kind']) for e in log if e.get('fault'))),
            'failure_messages': run.messages() if run.rc else [],
            'unclear_messages': [{'message': m[:500], 'why': why} for m, why in run.unclear_messages()],
            'duplicates_after_faulty_run': [p for p in problems(audit(read_state(api), want)) if p.startswith('duplicate')],
        }
        clean = runner.bootstrap(spec_file)
        report = audit(read_state(api), want)
        entry.update({'clean_rerun_succeeded': clean.rc == 0, 'clean_rerun_seconds': round(clean.seconds, 1),
                      'clean_rerun_messages': clean.messages() if clean.rc else [],
                      'after_clean_rerun': figures(report)})
        if number == args.runs:
            api.admin('DELETE', 'requests')
            again = runner.bootstrap(spec_file)
            entry['further_rerun'] = {'succeeded': again.rc == 0, 'changed_tasks': again.changed_tasks(),
                                      'writes': sum(1 for e in api.log() if e.get('kind') == 'write')}
        print('run %d: %s' % (number, json.dumps(entry, ensure_ascii=False)), file=sys.stderr)
        out.append(entry)
    return out


def parallel(api, runner, work):
    api.reset()
    specs = [make_spec(users, variant=k, resources=[RESOURCES[(k + j) % len(RESOURCES)] for j in range(3)],
                       agreements=[AGREEMENTS[(k + j) % len(AGREEMENTS)] for j in range(2)])
             for k, users in enumerate(PARALLEL_USERS)]
    files = [write_spec(os.path.join(work, 'spec%d.yml' % k), spec) for k, spec in enumerate(specs)]
    started = time.monotonic()
    runs = [runner.start(BOOTSTRAP, extra_vars={'tenant_spec_file': str(f)}) for f in files]
    runs = [run.wait(1200) for run in runs]
    report = audit(read_state(api), union_spec(specs))
    return {
        'runs': [{'succeeded': run.rc == 0, 'seconds': round(run.seconds, 1), 'messages': run.messages() if run.rc else [],
                  'unclear_messages': [m for m, _why in run.unclear_messages()]} for run in runs],
        'wall_seconds': round(time.monotonic() - started, 1),
        'end_state': figures(report),
        'problems': problems(report)[:50],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--runs', type=int, default=10)
    parser.add_argument('--users', type=int, default=100)
    parser.add_argument('--rate', type=float, default=0.1)
    parser.add_argument('--skip-parallel', action='store_true')
    args = parser.parse_args()
    emulator = EmulatorProcess().start()
    work = tempfile.mkdtemp(prefix='bench-reliability-')
    started = time.monotonic()
    try:
        api = Api(emulator.url, emulator.userpool_id, emulator.secret)
        runner = Runner(make_collections_dir(), work, emulator.url, emulator.userpool_id, emulator.secret)
        runs = faulty_runs(api, runner, work, args)
        result = {
            'users': args.users, 'fault_rate': args.rate,
            'faulty_runs': len(runs),
            'succeeded_outright': sum(1 for r in runs if r['succeeded']),
            'failed': [{'run': r['run'], 'messages': r['failure_messages']} for r in runs if not r['succeeded']],
            'unclear_messages': [dict(m, run=r['run']) for r in runs for m in r['unclear_messages']],
            'duplicates_found': sum(len(r['duplicates_after_faulty_run']) for r in runs),
            'duplicate_details': [d for r in runs for d in r['duplicates_after_faulty_run']],
            'clean_reruns_failed': [r['run'] for r in runs if not r['clean_rerun_succeeded']],
            'lost_memberships': sum(r['after_clean_rerun']['lost_memberships'] for r in runs),
            'extra_memberships': sum(r['after_clean_rerun']['extra_memberships'] for r in runs),
            'missing_objects_after_clean_rerun': sum(r['after_clean_rerun']['missing_objects'] for r in runs),
            'further_rerun': runs[-1].get('further_rerun') if runs else None,
            'per_run': runs,
        }
        if not args.skip_parallel:
            result['parallel'] = parallel(api, runner, work)
        result['wall_seconds'] = round(time.monotonic() - started, 1)
        print(json.dumps(result, indent=1, ensure_ascii=False))
    finally:
        emulator.stop()


if __name__ == '__main__':
    main()
