"""The official Python SDK (authing==4.5.18), one user at a time: ``users.create`` with custom
data, then ``users.add_group`` for each of the user's groups - what a hand-written SDK script
does. Runs in the SDK's own interpreter (see tests/conformance/README.md); bench_tenant.py
starts it and extrapolates the figure.

    python sdk_tenant_users.py --host URL --userpool-id ID --secret S --users users.json

``users.json`` is a list of spec items (username, email, nickname, custom_data, groups). Prints
one JSON object: seconds for the users (from the first call, token included), users, requests.
"""

import argparse
import json
import sys
import time

import requests
from authing.v2.management.authing import ManagementClient
from authing.v2.management.types import ManagementClientOptions


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', required=True)
    parser.add_argument('--userpool-id', required=True)
    parser.add_argument('--secret', required=True)
    parser.add_argument('--users', required=True, help='JSON file: a list of user items')
    args = parser.parse_args()
    with open(args.users) as handle:
        users = json.load(handle)
    public_key = requests.get(args.host + '/api/v2/.well-known', timeout=10).json()['data']['publicKey']
    client = ManagementClient(ManagementClientOptions(
        user_pool_id=args.userpool_id, secret=args.secret, host=args.host, enc_public_key=public_key))
    started = time.monotonic()
    calls = 0
    for user in users:
        created = client.users.create(
            userInfo={'username': user['username'], 'email': user['email'], 'nickname': user['nickname']},
            custom_data=user['custom_data'])
        calls += 1
        for code in user['groups']:
            client.users.add_group(created['id'], code)
            calls += 1
    seconds = time.monotonic() - started
    json.dump({'seconds': seconds, 'users': len(users), 'calls': calls}, sys.stdout)


if __name__ == '__main__':
    main()
