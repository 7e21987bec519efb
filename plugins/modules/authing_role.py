#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_role
short_description: Manage Authing roles and who holds them
version_added: 1.0.0
description:
  - Create, update, rename and delete roles, and assign them to users.
  - A role lives in a permission namespace. Without O(app) that is the user pool's V(default)
    namespace; with O(app) it is the namespace of that application (an application role).
  - One task manages one role (O(code)), or many roles of one namespace at once (O(roles)).
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
      - Code of the role, unique within its namespace, for example V(admin).
      - Required unless O(roles) is given.
    type: str
  app:
    description:
      - The application whose roles are managed, by identifier or ID. Its namespace holds the role.
      - When omitted, the role lives in the user pool's V(default) namespace.
      - An unknown application fails the task before anything is written.
      - In O(roles), the default for items without their own O(roles[].app).
    type: str
  description:
    description:
      - Free-text description. V('') clears it.
    type: str
  new_code:
    description:
      - Rename the role to this code. Renames are never implicit.
      - When no role has O(code) but one has O(new_code), the rename is taken as done.
    type: str
  members:
    description:
      - Users who hold the role, each given as a user ID, username, email or phone number.
      - Unknown users fail the task before anything is written.
    type: list
    elements: str
  members_mode:
    description:
      - V(exact) makes the holders exactly O(members), V(append) adds them and keeps others,
        V(remove) takes the role away from them and keeps others.
    type: str
    choices: [exact, append, remove]
    default: exact
  state:
    description:
      - Whether the role should exist.
      - In O(roles), the default for items without their own O(roles[].state).
    type: str
    choices: [present, absent]
    default: present
  roles:
    description:
      - Many roles reconciled in one task. Mutually exclusive with O(code) and the other
        single-role options.
      - The result lists one entry per role, in the same order.
    type: list
    elements: dict
    suboptions:
      code:
        description: Code of the role.
        type: str
        required: true
      app:
        description: The application whose namespace holds the role; defaults to O(app).
        type: str
      description:
        description: Free-text description. V('') clears it.
        type: str
      new_code:
        description: Rename the role to this code.
        type: str
      members:
        description: Users who hold the role (IDs, usernames, emails or phone numbers).
        type: list
        elements: str
      members_mode:
        description: How O(roles[].members) is applied.
        type: str
        choices: [exact, append, remove]
        default: exact
      state:
        description: Whether this role should exist; defaults to O(state).
        type: str
        choices: [present, absent]
  roles_mode:
    description:
      - How O(roles) is applied. V(append) reconciles the listed roles and leaves the others
        alone, V(exact) also deletes the roles of the same namespaces that are not listed,
        V(remove) deletes the listed roles.
    type: str
    choices: [exact, append, remove]
    default: append
seealso:
  - module: authing.cloud.authing_role_info
  - module: authing.cloud.authing_user
'''

EXAMPLES = r'''
- name: Create a role in the default namespace
  authing.cloud.authing_role:
    code: auditor
    description: Reads the audit log

- name: Make alice and bob exactly the auditors
  authing.cloud.authing_role:
    code: auditor
    members: [alice, bob]

- name: Also give the role to carol
  authing.cloud.authing_role:
    code: auditor
    members: [carol]
    members_mode: append

- name: Rename the role
  authing.cloud.authing_role:
    code: auditor
    new_code: reviewer

- name: Create an application to hold application roles
  authing.cloud.authing_application:
    identifier: example-shop
    name: Example shop

- name: Manage the roles of the application in one task
  authing.cloud.authing_role:
    app: example-shop
    roles:
      - code: shop-admin
        description: Runs the shop
        members: [dave]
      - code: shop-viewer

- name: Delete a role
  authing.cloud.authing_role:
    code: reviewer
    state: absent
'''

RETURN = r'''
role:
  description: The role after the task (predicted in check mode); empty after O(state=absent).
  returned: when O(code) is given
  type: dict
  contains:
    code:
      description: Code of the role.
      type: str
      sample: auditor
    description:
      description: Description, or null.
      type: str
      sample: Reads the audit log
    id:
      description: ID of the role (null in a check-mode prediction of a new role).
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
      description: Whether the role is built in (built-in roles cannot be deleted).
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
      description: Holders (username, else email, phone or ID), sorted; only when O(members) is managed.
      type: list
      elements: str
      sample: [alice, bob]
roles:
  description: One result per item of O(roles), in order, plus one per role deleted by
    O(roles_mode=exact).
  returned: when O(roles) is given
  type: list
  elements: dict
  contains:
    code:
      description: The code the item was looked up by.
      type: str
      sample: shop-admin
    state:
      description: The state that was applied.
      type: str
      sample: present
    changed:
      description: Whether this role changed.
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
    role:
      description: The role after the task, as in RV(role).
      type: dict
      sample: {code: shop-admin, namespace: 6b02cde46b83261d8c6aa8d0, members: [dave]}
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
  sample: 2061
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.roles import ROLE


def main():
    run_module(ROLE)


if __name__ == '__main__':
    main()
