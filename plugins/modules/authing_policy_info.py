#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_policy_info
short_description: Read Authing policies
version_added: 1.0.0
description:
  - Read one policy by its code, or every policy of a namespace (read page by page), optionally
    with the users and groups it is assigned to.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.info_attributes
options:
  code:
    description:
      - Code of the policy to read. When omitted, all policies of the namespace are returned.
    type: str
  app:
    description:
      - Read the policies of this application (identifier or ID) instead of the user pool's
        V(default) namespace.
    type: str
  with_users:
    description:
      - Also read the users each policy is assigned to (one paged read per policy).
    type: bool
    default: false
  with_groups:
    description:
      - Also read the groups each policy is assigned to (one paged read per policy).
    type: bool
    default: false
seealso:
  - module: authing.cloud.authing_policy
'''

EXAMPLES = r'''
- name: Create a policy assigned to alice
  authing.cloud.authing_policy:
    code: books-reader
    statements:
      - resource: "books:*"
        actions: ["books:read"]
    users: [alice]

- name: Read one policy with its users and groups
  authing.cloud.authing_policy_info:
    code: books-reader
    with_users: true
    with_groups: true
  register: reader

- name: Show who holds it
  ansible.builtin.debug:
    msg: "{{ reader.policies[0].users }}"

- name: Read every policy of the default namespace
  authing.cloud.authing_policy_info:
  register: all_policies

- name: Show the policy codes
  ansible.builtin.debug:
    msg: "{{ all_policies.policies | map(attribute='code') | list }}"
'''

RETURN = r'''
policies:
  description: The policies found; none or one when O(code) is given.
  returned: always
  type: list
  elements: dict
  contains:
    code:
      description: Code of the policy.
      type: str
      sample: books-reader
    description:
      description: Description, or null.
      type: str
      sample: null
    statements:
      description: The statements, each with its effect and condition (an empty list when
        there is none), actions sorted.
      type: list
      elements: dict
      sample: [{resource: "books:*", actions: ["books:read"], effect: ALLOW, condition: []}]
    namespace:
      description: The namespace holding the policy, V(default) or the application ID.
      type: str
      sample: default
    is_default:
      description: Whether the policy is built in.
      type: bool
      sample: false
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00+00:00'
    updated_at:
      description: Last update time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00+00:00'
    users:
      description: Users the policy is assigned to (username, else email, phone or ID), sorted.
      returned: when O(with_users=true)
      type: list
      elements: str
      sample: [alice]
    groups:
      description: Codes of the groups the policy is assigned to, sorted.
      returned: when O(with_groups=true)
      type: list
      elements: str
      sample: [editors]
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_info_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.policies import POLICY


def main():
    run_info_module(POLICY)


if __name__ == '__main__':
    main()
