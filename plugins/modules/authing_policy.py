#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_policy
short_description: Manage Authing policies and who they are assigned to
version_added: 1.0.0
description:
  - Create, update, rename and delete policies (statements that allow or deny actions on
    resources), and assign them to users and groups.
  - A policy lives in a permission namespace. Without O(app) that is the user pool's V(default)
    namespace; with O(app) it is the namespace of that application.
  - One task manages one policy (O(code)), or many policies of one namespace at once (O(policies)).
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
      - Code of the policy, unique within its namespace, for example V(books-reader).
      - Required unless O(policies) is given.
    type: str
  app:
    description:
      - The application whose policies are managed, by identifier or ID. Its namespace holds the policy.
      - When omitted, the policy lives in the user pool's V(default) namespace.
      - An unknown application fails the task before anything is written.
      - In O(policies), the default for items without their own O(policies[].app).
    type: str
  description:
    description:
      - Free-text description. V('') clears it.
    type: str
  statements:
    description:
      - What the policy allows and denies. Required to create a policy; replaced as a whole when
        it differs.
      - Compared as a set, the way the policy is evaluated; every statement that matches a
        resource and an action counts, and an explicit V(DENY) wins over any V(ALLOW), whatever
        the order. Reordering statements (or the actions of a statement) changes nothing.
      - The statements are compared in the form the service stores them, V(effect=ALLOW) and an
        empty O(statements[].condition) when not given.
      - An empty list, a statement without actions or with an unknown effect fails the task
        before anything is written.
    type: list
    elements: dict
    suboptions:
      resource:
        description: The resource, for example V(books:*) or V(book:123).
        type: str
        required: true
      actions:
        description: The actions on the resource, for example V(books:read). At least one.
        type: list
        elements: str
        required: true
      effect:
        description: Whether the statement allows or denies the actions. V(ALLOW) when omitted.
        type: str
        choices: [ALLOW, DENY]
      condition:
        description: Conditions under which the statement applies (all of them).
        type: list
        elements: dict
        suboptions:
          param:
            description: What the condition tests, for example V(AppId).
            type: str
            required: true
          operator:
            description: How it is tested, for example V(StringEquals).
            type: str
            required: true
          value:
            description: The value it is tested against.
            type: raw
            required: true
  new_code:
    description:
      - Rename the policy to this code. Renames are never implicit.
      - When no policy has O(code) but one has O(new_code), the rename is taken as done.
    type: str
  users:
    description:
      - Users the policy is assigned to, each given as a user ID, username, email or phone number.
      - Unknown users fail the task before anything is written.
    type: list
    elements: str
  users_mode:
    description:
      - V(exact) assigns the policy to exactly O(users), V(append) adds them and keeps others,
        V(remove) takes the policy away from them and keeps others.
    type: str
    choices: [exact, append, remove]
    default: exact
  groups:
    description:
      - Groups the policy is assigned to, by group code.
      - Unknown groups fail the task before anything is written.
    type: list
    elements: str
  groups_mode:
    description:
      - How O(groups) is applied, as O(users_mode).
    type: str
    choices: [exact, append, remove]
    default: exact
  state:
    description:
      - Whether the policy should exist. Deleting a policy also deletes its assignments.
      - In O(policies), the default for items without their own O(policies[].state).
    type: str
    choices: [present, absent]
    default: present
  policies:
    description:
      - Many policies reconciled in one task. Mutually exclusive with O(code) and the other
        single-policy options.
      - The result lists one entry per policy, in the same order.
    type: list
    elements: dict
    suboptions:
      code:
        description: Code of the policy.
        type: str
        required: true
      app:
        description: The application whose namespace holds the policy; defaults to O(app).
        type: str
      description:
        description: Free-text description. V('') clears it.
        type: str
      statements:
        description: What the policy allows and denies, as O(statements).
        type: list
        elements: dict
        suboptions:
          resource:
            description: The resource.
            type: str
            required: true
          actions:
            description: The actions on the resource. At least one.
            type: list
            elements: str
            required: true
          effect:
            description: V(ALLOW) (when omitted) or V(DENY).
            type: str
            choices: [ALLOW, DENY]
          condition:
            description: Conditions under which the statement applies.
            type: list
            elements: dict
            suboptions:
              param:
                description: What the condition tests.
                type: str
                required: true
              operator:
                description: How it is tested.
                type: str
                required: true
              value:
                description: The value it is tested against.
                type: raw
                required: true
      new_code:
        description: Rename the policy to this code.
        type: str
      users:
        description: Users the policy is assigned to (IDs, usernames, emails or phone numbers).
        type: list
        elements: str
      users_mode:
        description: How O(policies[].users) is applied.
        type: str
        choices: [exact, append, remove]
        default: exact
      groups:
        description: Groups the policy is assigned to (group codes).
        type: list
        elements: str
      groups_mode:
        description: How O(policies[].groups) is applied.
        type: str
        choices: [exact, append, remove]
        default: exact
      state:
        description: Whether this policy should exist; defaults to O(state).
        type: str
        choices: [present, absent]
  policies_mode:
    description:
      - How O(policies) is applied. V(append) reconciles the listed policies and leaves the
        others alone, V(exact) also deletes the policies of the same namespaces that are not
        listed, V(remove) deletes the listed policies.
    type: str
    choices: [exact, append, remove]
    default: append
notes:
  - Assignments to roles and organisation nodes are not managed by this module.
seealso:
  - module: authing.cloud.authing_policy_info
  - module: authing.cloud.authing_group
'''

EXAMPLES = r'''
- name: Create a policy that reads books, assigned to alice
  authing.cloud.authing_policy:
    code: books-reader
    description: Reads every book
    statements:
      - resource: "books:*"
        actions: ["books:read", "books:list"]
    users: [alice]

- name: Create a group to assign policies to
  authing.cloud.authing_group:
    code: editors
    name: Editors

- name: Also deny deleting books, and assign the policy to the editors
  authing.cloud.authing_policy:
    code: books-reader
    statements:
      - resource: "books:*"
        actions: ["books:read", "books:list"]
      - resource: "books:*"
        actions: ["books:delete"]
        effect: DENY
    groups: [editors]

- name: Also assign the policy to bob, keeping alice
  authing.cloud.authing_policy:
    code: books-reader
    users: [bob]
    users_mode: append

- name: Rename the policy
  authing.cloud.authing_policy:
    code: books-reader
    new_code: library-reader

- name: Create an application to hold application policies
  authing.cloud.authing_application:
    identifier: example-library
    name: Example library

- name: Manage the policies of the application in one task
  authing.cloud.authing_policy:
    app: example-library
    policies:
      - code: lender
        statements:
          - resource: "loans:*"
            actions: ["loans:create"]
            condition:
              - param: AppId
                operator: StringEquals
                value: example-library
        users: [carol]
      - code: auditor
        statements:
          - resource: "loans:*"
            actions: ["loans:read"]

- name: Delete a policy (and its assignments)
  authing.cloud.authing_policy:
    code: library-reader
    state: absent
'''

RETURN = r'''
policy:
  description: The policy after the task (predicted in check mode); empty after O(state=absent).
  returned: when O(code) is given
  type: dict
  contains:
    code:
      description: Code of the policy.
      type: str
      sample: books-reader
    description:
      description: Description, or null.
      type: str
      sample: Reads every book
    statements:
      description: The statements, each with O(statements[].effect) and O(statements[].condition)
        filled in, actions sorted.
      type: list
      elements: dict
      sample: [{resource: "books:*", actions: ["books:list", "books:read"], effect: ALLOW, condition: []}]
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
      description: Users the policy is assigned to (username, else email, phone or ID), sorted;
        only when O(users) is managed.
      type: list
      elements: str
      sample: [alice, bob]
    groups:
      description: Codes of the groups the policy is assigned to, sorted; only when O(groups) is managed.
      type: list
      elements: str
      sample: [editors]
policies:
  description: One result per item of O(policies), in order, plus one per policy deleted by
    O(policies_mode=exact).
  returned: when O(policies) is given
  type: list
  elements: dict
  contains:
    code:
      description: The code the item was looked up by.
      type: str
      sample: lender
    state:
      description: The state that was applied.
      type: str
      sample: present
    changed:
      description: Whether this policy changed.
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
      sample: [statements]
    policy:
      description: The policy after the task, as in RV(policy).
      type: dict
      sample: {code: lender, namespace: 6b02cde46b83261d8c6aa8d0, users: [carol]}
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
  sample: 2091
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.policies import POLICY


def main():
    run_module(POLICY)


if __name__ == '__main__':
    main()
