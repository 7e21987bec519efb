#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_role_info
short_description: Read Authing roles
version_added: 1.0.0
description:
  - Read one role by its code, or every role of a namespace (read page by page), optionally with
    the users who hold them.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.info_attributes
options:
  code:
    description:
      - Code of the role to read. When omitted, all roles of the namespace are returned.
    type: str
  app:
    description:
      - Read the roles of this application (identifier or ID) instead of the user pool's
        V(default) namespace.
    type: str
  with_members:
    description:
      - Also read the holders of each role (one paged read per role).
    type: bool
    default: false
seealso:
  - module: authing.cloud.authing_role
'''

EXAMPLES = r'''
- name: Create a role held by alice
  authing.cloud.authing_role:
    code: support
    members: [alice]

- name: Read one role with its holders
  authing.cloud.authing_role_info:
    code: support
    with_members: true
  register: support

- name: Read every role of the default namespace
  authing.cloud.authing_role_info:
  register: all_roles

- name: Show the role codes
  ansible.builtin.debug:
    msg: "{{ all_roles.roles | map(attribute='code') | list }}"
'''

RETURN = r'''
roles:
  description: The roles found; none or one when O(code) is given.
  returned: always
  type: list
  elements: dict
  contains:
    code:
      description: Code of the role.
      type: str
      sample: support
    description:
      description: Description, or null.
      type: str
      sample: null
    id:
      description: ID of the role.
      type: str
      sample: 6b02cde46b83261d8c6aa8d5
    namespace:
      description: The namespace holding the role, V(default) or the application ID.
      type: str
      sample: default
    arn:
      description: Resource name of the role.
      type: str
      sample: arn:cn:authing:6123456789abcdef01234567:role:6b02cde46b83261d8c6aa8d5
    is_system:
      description: Whether the role is built in.
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
    members:
      description: Holders (username, else email, phone or ID), sorted.
      returned: when O(with_members=true)
      type: list
      elements: str
      sample: [alice]
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_info_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.roles import ROLE


def main():
    run_info_module(ROLE)


if __name__ == '__main__':
    main()
