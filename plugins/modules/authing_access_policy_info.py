#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_access_policy_info
short_description: Read who may log in to an Authing application
version_added: 1.0.0
description:
  - Read an application's default access strategy and its access rules (read page by page), or
    those of every application.
  - The rules come back in the shape the O(authing.cloud.authing_access_policy#module:rules)
    option of M(authing.cloud.authing_access_policy) takes, so they can be fed back to it.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.info_attributes
options:
  app:
    description:
      - The application, by identifier or ID. It must exist.
      - When omitted, the access configuration of every application is returned.
    type: str
  with_rules:
    description:
      - Also read the access rules (one paged read per application).
    type: bool
    default: true
seealso:
  - module: authing.cloud.authing_access_policy
'''

EXAMPLES = r'''
- name: Create an application
  authing.cloud.authing_application:
    identifier: example-wiki
    name: Wiki
    redirect_uris: [https://wiki.example.com/callback]

- name: Let only alice and bob in
  authing.cloud.authing_access_policy:
    app: example-wiki
    default_strategy: DENY_ALL
    rules:
      - target_type: USER
        targets: [alice, bob]

- name: Read the access configuration
  authing.cloud.authing_access_policy_info:
    app: example-wiki
  register: wiki

- name: Show who is allowed
  ansible.builtin.debug:
    msg: "{{ wiki.access_policies[0].rules | selectattr('effect', 'equalto', 'allow') | map(attribute='targets') | flatten }}"

- name: Read the default strategy of every application
  authing.cloud.authing_access_policy_info:
    with_rules: false
  register: everyone
'''

RETURN = r'''
access_policies:
  description: The access configuration of the application (a list of one), or of every application.
  returned: always
  type: list
  elements: dict
  contains:
    app:
      description: Identifier of the application.
      type: str
      sample: example-wiki
    app_id:
      description: ID of the application.
      type: str
      sample: 6123456789abcdef0123abcd
    default_strategy:
      description: What happens to users no rule matches (V(ALLOW_ALL) or V(DENY_ALL)).
      type: str
      sample: DENY_ALL
    rules:
      description:
        - The rules, grouped by target type, effect and settings (targets sorted). Users are shown
          by username, else email, phone or ID.
      returned: when O(with_rules=true)
      type: list
      elements: dict
      contains:
        target_type:
          description: V(USER), V(ROLE), V(GROUP) or V(ORG).
          type: str
        targets:
          description: The targets.
          type: list
          elements: str
        effect:
          description: V(allow) or V(deny).
          type: str
        enabled:
          description: Whether the rule is in force.
          type: bool
        namespace:
          description: ROLE rules, the namespace of the role codes; null otherwise.
          type: str
        inherit_by_children:
          description: ORG rules, whether sub-nodes inherit the rule; null otherwise.
          type: bool
      sample:
        - {target_type: USER, targets: [alice, bob], effect: allow, enabled: true, namespace: null, inherit_by_children: null}
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_info_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.access_policies import ACCESS_POLICY


def main():
    run_info_module(ACCESS_POLICY, extra_spec=dict(with_rules=dict(type='bool', default=True)))


if __name__ == '__main__':
    main()
