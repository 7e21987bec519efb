# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
name: authing_token
short_description: Obtain an Authing management token
version_added: 1.0.0
description:
  - Exchange a user pool ID and secret for a management token of the Authing v2 API, so that
    every later task reuses one token (option O(authing.cloud.authing_group#module:access_token)
    of the modules, usually set once through C(module_defaults)) instead of exchanging the secret
    again.
  - A lookup is evaluated on the controller each time its value is needed. Used directly in
    C(module_defaults) or in a play variable, every task therefore gets a token that is valid
    when the task starts (one exchange per task). Stored once with C(set_fact), the token is
    obtained once per host; give it back as O(token) to renew it only when it is about to expire.
  - Connection settings come from the options, else from the same environment variables the
    modules read (E(AUTHING_HOST), E(AUTHING_USERPOOL_ID), E(AUTHING_USERPOOL_SECRET), ...), so
    an AWX/AAP credential that injects them works without any variable.
author:
  - authing.cloud contributors (@authing-cloud)
requirements:
  - requests
options:
  host:
    description:
      - Base URL of the Authing service. An empty value means "not set".
    type: str
    default: https://core.authing.cn
    env:
      - name: AUTHING_HOST
  user_pool_id:
    description:
      - ID of the user pool. An empty value means "not set".
    type: str
    env:
      - name: AUTHING_USERPOOL_ID
  secret:
    description:
      - Secret of the user pool. Never logged. An empty value means "not set".
    type: str
    env:
      - name: AUTHING_USERPOOL_SECRET
  token:
    description:
      - A token obtained earlier. It is returned as it is while it stays valid for more than
        O(min_validity) seconds (no request at all); otherwise a new token is obtained.
      - Without O(user_pool_id) and O(secret) a valid O(token) is returned, an expired one fails.
    type: str
    env:
      - name: AUTHING_ACCESS_TOKEN
  min_validity:
    description:
      - Seconds a token must still be valid to be reused; a token closer to its expiry is renewed.
    type: int
    default: 600
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(host).
    type: bool
    default: true
    env:
      - name: AUTHING_VALIDATE_CERTS
  ca_path:
    description:
      - A CA bundle used to verify the TLS certificate of O(host).
    type: path
    env:
      - name: AUTHING_CA_PATH
  timeout:
    description:
      - Seconds to wait for the HTTP response.
    type: float
    default: 10
    env:
      - name: AUTHING_TIMEOUT
  retries:
    description:
      - How many times the request is retried after HTTP 429, 5xx or a connection error.
    type: int
    default: 3
    env:
      - name: AUTHING_RETRIES
notes:
  - The token is a secret. Mark tasks that show it with C(no_log), and prefer C(set_fact) with
    C(no_log) over printing it.
seealso:
  - module: authing.cloud.authing_group
'''

EXAMPLES = r'''
- name: One token for every task of the play, credentials from the environment
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Obtain a management token
      ansible.builtin.set_fact:
        authing_token: "{{ lookup('authing.cloud.authing_token') }}"
      no_log: true

    - name: Manage the pool with that token
      module_defaults:
        group/authing.cloud.authing:
          access_token: "{{ authing_token }}"
      block:
        - name: Ensure the admins group exists
          authing.cloud.authing_group:
            code: admins
            name: Administrators

        - name: Renew the token only if it expires within ten minutes (no request otherwise)
          ansible.builtin.set_fact:
            authing_token: "{{ lookup('authing.cloud.authing_token', token=authing_token) }}"
          no_log: true

- name: Lazily evaluated - every task gets a token valid when it starts
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/authing.cloud.authing:
      access_token: "{{ lookup('authing.cloud.authing_token', host=tenant_url, user_pool_id=tenant_pool, secret=tenant_secret) }}"
  tasks:
    - name: Read the groups
      authing.cloud.authing_group_info:
'''

RETURN = r'''
_raw:
  description: The management token (one element).
  type: list
  elements: str
'''

import time

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

from ansible_collections.authing.cloud.plugins.module_utils.client import (
    HAS_REQUESTS, AuthingClient, AuthingError, jwt_expiry)


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        # An empty option is "not set": a role passes its (possibly empty) variables straight
        # through, and the environment must then still apply.
        direct = dict((k, v) for k, v in kwargs.items() if v not in (None, ''))
        self.set_options(var_options=variables, direct=direct)
        if not HAS_REQUESTS:
            raise AnsibleError('The authing.cloud.authing_token lookup needs the Python library requests')
        opts = dict((name, self.get_option(name)) for name in (
            'host', 'user_pool_id', 'secret', 'token', 'min_validity', 'validate_certs', 'ca_path', 'timeout', 'retries'))
        token = opts['token'] or None
        if token:
            expiry = jwt_expiry(token)
            if expiry is None or expiry - opts['min_validity'] > time.time():
                return [token]  # still valid long enough (or not ours to judge): no request
            if not (opts['user_pool_id'] and opts['secret']):
                raise AnsibleError('The Authing token expires within %d seconds and no user pool ID and secret '
                                   'were given to renew it' % opts['min_validity'])
        if not (opts['user_pool_id'] and opts['secret']):
            raise AnsibleError('authing_token needs user_pool_id and secret (options, or AUTHING_USERPOOL_ID and '
                               'AUTHING_USERPOOL_SECRET in the environment)')
        client = AuthingClient(host=opts['host'] or None, user_pool_id=opts['user_pool_id'], secret=opts['secret'],
                               timeout=opts['timeout'], retries=opts['retries'],
                               validate_certs=opts['validate_certs'], ca_path=opts['ca_path'] or None)
        try:
            return [client.token()]
        except AuthingError as exc:
            raise AnsibleError('Failed to obtain an Authing management token from %s: %s' % (client.base_url, exc))
