#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_group
short_description: Manage Authing user groups and their members
version_added: 1.0.0
description:
  - Create, update, rename and delete groups of an Authing user pool, and manage who is in them.
  - One task manages one group (O(code)), or many groups at once (O(groups)) with paged reads,
    one management token and bounded parallel writes.
  - An option that is not given is not managed; it is never compared and never sent.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.bulk
  - authing.cloud.connection.attributes
options:
  code:
    description:
      - Unique code of the group in the user pool, for example V(developers).
      - Required unless O(groups) is given.
    type: str
  name:
    description:
      - Display name of the group. Required to create a group.
    type: str
  description:
    description:
      - Free-text description. V('') clears it.
    type: str
  new_code:
    description:
      - Rename the group to this code. Renames are never implicit.
      - When no group has O(code) but one has O(new_code), the rename is taken as done.
    type: str
  members:
    description:
      - Users in the group, each given as a user ID, username, email or phone number.
      - Unknown users fail the task before anything is written.
    type: list
    elements: str
  members_mode:
    description:
      - V(exact) makes the members exactly O(members), V(append) adds them and keeps others,
        V(remove) removes them and keeps others.
    type: str
    choices: [exact, append, remove]
    default: exact
  state:
    description:
      - Whether the group should exist. In O(groups), the default for items without their own O(groups[].state).
    type: str
    choices: [present, absent]
    default: present
  groups:
    description:
      - Many groups reconciled in one task. Mutually exclusive with O(code) and the other single-group options.
      - The result lists one entry per group, in the same order.
    type: list
    elements: dict
    suboptions:
      code:
        description: Unique code of the group.
        type: str
        required: true
      name:
        description: Display name. Required to create a group.
        type: str
      description:
        description: Free-text description. V('') clears it.
        type: str
      new_code:
        description: Rename the group to this code.
        type: str
      members:
        description: Users in the group (IDs, usernames, emails or phone numbers).
        type: list
        elements: str
      members_mode:
        description: How O(groups[].members) is applied.
        type: str
        choices: [exact, append, remove]
        default: exact
      state:
        description: Whether this group should exist; defaults to O(state).
        type: str
        choices: [present, absent]
  groups_mode:
    description:
      - How O(groups) is applied. V(append) reconciles the listed groups and leaves the others
        alone; V(exact) also deletes every other group of the user pool; V(remove) deletes the
        listed groups.
    type: str
    choices: [exact, append, remove]
    default: append
seealso:
  - module: authing.cloud.authing_group_info
'''

EXAMPLES = r'''
- name: Create a group
  authing.cloud.authing_group:
    code: developers
    name: Developers
    description: Everyone who ships code

- name: Make alice and bob exactly the members
  authing.cloud.authing_group:
    code: developers
    members: [alice, bob]

- name: Add carol without touching the other members
  authing.cloud.authing_group:
    code: developers
    members: [carol]
    members_mode: append

- name: Rename the group
  authing.cloud.authing_group:
    code: developers
    new_code: engineering

- name: Manage many groups in one task
  authing.cloud.authing_group:
    groups:
      - code: ops
        name: Operations
        members: [dave]
      - code: support
        name: Support
      - code: engineering
        state: absent

- name: Delete a group
  authing.cloud.authing_group:
    code: support
    state: absent
'''

RETURN = r'''
group:
  description: The group after the task (predicted in check mode); empty after O(state=absent).
  returned: when O(code) is given
  type: dict
  contains:
    code:
      description: Unique code of the group.
      type: str
      sample: developers
    name:
      description: Display name.
      type: str
      sample: Developers
    description:
      description: Description, or null.
      type: str
      sample: Everyone who ships code
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00+00:00'
    updated_at:
      description: Last update time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00+00:00'
    members:
      description: Members (username, else email, phone or ID), sorted; only when O(members) is managed.
      type: list
      elements: str
      sample: [alice, bob]
groups:
  description: One result per item of O(groups), in order.
  returned: when O(groups) is given
  type: list
  elements: dict
  contains:
    code:
      description: The code the item was looked up by.
      type: str
      sample: ops
    state:
      description: The state that was applied.
      type: str
      sample: present
    changed:
      description: Whether this group changed.
      type: bool
      sample: true
    action:
      description: What was done to it (predicted in check mode).
      type: str
      choices: [create, update, delete, none]
      sample: update
    changes:
      description: The options an update changed (empty for other actions).
      type: list
      elements: str
      sample: [description]
    group:
      description: The group after the task, as in RV(group).
      type: dict
      sample:
        code: ops
        name: Operations
        members: [dave]
action:
  description: What was done to the object (predicted in check mode).
  returned: when the single form is used (no list of objects)
  type: str
  choices: [create, update, delete, none]
  sample: create
code:
  description: Authing error code of the failure.
  returned: failure, when the API returned one
  type: int
  sample: 2051
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.groups import GROUP


def main():
    run_module(GROUP)


if __name__ == '__main__':
    main()
