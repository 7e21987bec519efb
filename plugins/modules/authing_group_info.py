#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_group_info
short_description: Read Authing user groups
version_added: 1.0.0
description:
  - Read one group by its code, or every group of the user pool (read page by page).
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.info_attributes
options:
  code:
    description:
      - Code of the group to read. When omitted, all groups are returned.
    type: str
  with_members:
    description:
      - Also read the members of each group (one paged read per group).
    type: bool
    default: false
seealso:
  - module: authing.cloud.authing_group
'''

EXAMPLES = r'''
- name: Read one group with its members
  authing.cloud.authing_group_info:
    code: admins
    with_members: true
  register: admins

- name: Read every group
  authing.cloud.authing_group_info:
  register: all_groups

- name: Show the group codes
  ansible.builtin.debug:
    msg: "{{ all_groups.groups | map(attribute='code') | list }}"
'''

RETURN = r'''
groups:
  description: The groups found; none or one when O(code) is given.
  returned: always
  type: list
  elements: dict
  contains:
    code:
      description: Unique code of the group.
      type: str
      sample: admins
    name:
      description: Display name.
      type: str
      sample: Administrators
    description:
      description: Description, or null.
      type: str
      sample: null
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00+00:00'
    updated_at:
      description: Last update time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00+00:00'
    members:
      description: Members (username, else email, phone or ID), sorted.
      returned: when O(with_members=true)
      type: list
      elements: str
      sample: [alice]
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_info_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.groups import GROUP


def main():
    run_info_module(GROUP)


if __name__ == '__main__':
    main()
