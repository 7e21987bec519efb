#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_org
short_description: Manage Authing organisations, their node trees, node members and node roles
version_added: 1.0.0
description:
  - Create, update and delete organisations of an Authing user pool, written as a tree of nodes
    (departments) in YAML, with the members and the roles of each node.
  - An organisation is its root node; its code (O(code)) is the root node's code, and its
    O(name) and O(description) are the root node's. O(members) and O(roles) are the root node's.
  - Nodes are identified by their code within the organisation. A node whose place in the tree
    differs from the service's is moved (with its subtree, members and roles), never deleted
    and created again.
  - Everything is checked and predicted before the first write; bad input (a node code listed
    twice, a node under itself, an unknown user or role) fails the task with nothing written.
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
      - Code of the organisation (of its root node), unique in the user pool.
      - Required unless O(orgs) is given.
    type: str
  name:
    description:
      - Name of the organisation. Required to create one.
    type: str
  description:
    description:
      - Description of the organisation. V('') clears it.
    type: str
  members:
    description:
      - Members of the root node, each a user ID, username, email or phone number.
    type: list
    elements: str
  members_mode:
    description:
      - V(exact) makes the members exactly O(members), V(append) adds them, V(remove) removes them.
    type: str
    choices: [exact, append, remove]
    default: exact
  roles:
    description:
      - Roles of the root node, which every node of the organisation inherits. Each is a role code
        of the user pool's V(default) namespace, or a dict with C(code) and C(app) (an
        application's identifier or ID) for an application's role.
    type: list
    elements: raw
  roles_mode:
    description:
      - How O(roles) is applied (V(exact), V(append), V(remove)).
    type: str
    choices: [exact, append, remove]
    default: exact
  nodes:
    description:
      - The nodes under the root, as a tree. Each node is a dict with C(code) (required, unique
        in the organisation), C(name) (required to create the node), C(description), C(order)
        (an integer, siblings sort by it), C(members) and C(members_mode), C(roles) and
        C(roles_mode) (as O(members) and O(roles)), C(children) (a list of nodes), and C(state)
        (V(absent) deletes the node and its subtree; such a node has no C(children)).
      - C(order) is set when a node is created; the service cannot change it afterwards, so a
        later change is not compared.
      - A node inherits the roles of its ancestors; a role listed for a node cannot also be listed
        for one of its ancestors.
    type: list
    elements: dict
  nodes_mode:
    description:
      - V(append) reconciles the listed nodes and leaves the other nodes alone; V(exact) also
        deletes every node the tree does not list (deleting a node deletes its subtree).
    type: str
    choices: [exact, append]
    default: append
  state:
    description:
      - Whether the organisation should exist. V(absent) deletes it with all its nodes.
      - In O(orgs), the default for items without their own O(orgs[].state).
    type: str
    choices: [present, absent]
    default: present
  orgs:
    description:
      - Many organisations reconciled in one task. Mutually exclusive with O(code) and the other
        single-organisation options.
    type: list
    elements: dict
    suboptions:
      code:
        description: Code of the organisation.
        type: str
        required: true
      name:
        description: Name. Required to create an organisation.
        type: str
      description:
        description: Description.
        type: str
      members:
        description: Members of the root node.
        type: list
        elements: str
      members_mode:
        description: How O(orgs[].members) is applied.
        type: str
        choices: [exact, append, remove]
        default: exact
      roles:
        description: Roles of the root node.
        type: list
        elements: raw
      roles_mode:
        description: How O(orgs[].roles) is applied.
        type: str
        choices: [exact, append, remove]
        default: exact
      nodes:
        description: The node tree, as O(nodes).
        type: list
        elements: dict
      nodes_mode:
        description: How O(orgs[].nodes) is applied.
        type: str
        choices: [exact, append]
        default: append
      state:
        description: Whether this organisation should exist; defaults to O(state).
        type: str
        choices: [present, absent]
  orgs_mode:
    description:
      - How O(orgs) is applied. V(append) reconciles the listed organisations; V(exact) also
        deletes every other organisation of the user pool; V(remove) deletes the listed ones.
    type: str
    choices: [exact, append, remove]
    default: append
seealso:
  - module: authing.cloud.authing_org_info
  - module: authing.cloud.authing_access_policy
'''

EXAMPLES = r'''
- name: A role for the engineering department
  authing.cloud.authing_role:
    code: engineer
    description: Builds things

- name: An organisation as a tree
  authing.cloud.authing_org:
    code: acme
    name: Acme Inc.
    members: [alice]
    nodes:
      - code: engineering
        name: Engineering
        roles: [engineer]
        members: [bob]
        children:
          - code: platform
            name: Platform
            order: 1
            members: [carol]
          - code: apps
            name: Applications
            order: 2
      - code: sales
        name: Sales
        description: Sells things
        members: [dave]

- name: Move platform under sales (the node keeps its id and members) and describe it
  authing.cloud.authing_org:
    code: acme
    nodes:
      - code: sales
        children:
          - code: platform
            description: Moved to sales

- name: The tree is now exactly this (apps is deleted)
  authing.cloud.authing_org:
    code: acme
    nodes_mode: exact
    nodes:
      - code: engineering
      - code: sales
        children:
          - code: platform

- name: Many organisations in one task
  authing.cloud.authing_org:
    orgs:
      - code: globex
        name: Globex
        nodes:
          - code: research
            name: Research
      - code: initech
        name: Initech

- name: Delete an organisation with all its nodes
  authing.cloud.authing_org:
    code: initech
    state: absent
'''

RETURN = r'''
org:
  description: The organisation after the task (predicted in check mode); empty after O(state=absent).
  returned: when O(code) is given
  type: dict
  contains:
    code:
      description: Code of the organisation.
      type: str
      sample: acme
    name:
      description: Name.
      type: str
      sample: Acme Inc.
    description:
      description: Description, or null.
      type: str
      sample: null
    id:
      description: ID of the organisation (not of its root node).
      type: str
      sample: 6123456789abcdef01234567
    created_at:
      description: Creation time.
      type: str
      sample: '2026-11-22T10:00:00+00:00'
    updated_at:
      description: Last update time.
      type: str
      sample: '2026-11-22T10:00:00+00:00'
orgs:
  description: One result per item of O(orgs), in order (with C(code), C(state), C(changed), C(action), C(changes), C(org)).
  returned: when O(orgs) is given
  type: list
  elements: dict
  sample:
    - code: acme
      state: present
      changed: true
      action: create
      changes: []
      org: {code: acme, name: Acme Inc.}
nodes:
  description:
    - One result per managed node, the root node first, then the tree's nodes parents first,
      then the nodes deleted (in the V(exact) mode, the nodes the tree does not list).
    - Each has C(org), C(code), C(state), C(changed), C(action) (create, update, delete, none),
      C(changes) (the options an update changed; C(parent) for a move) and C(node) (the node
      after the task, with C(parent), the code of its parent, and C(members) and C(roles) when
      managed).
  returned: when nodes, members or roles are managed
  type: list
  elements: dict
  sample:
    - org: acme
      code: platform
      state: present
      changed: true
      action: update
      changes: [parent]
      node: {code: platform, name: Platform, parent: sales, order: 1, description: null, depth: 2}
action:
  description: What was done to the organisation itself (predicted in check mode).
  returned: when the single form is used
  type: str
  choices: [create, update, delete, none]
  sample: create
code:
  description: Authing error code of the failure.
  returned: failure, when the API returned one
  type: int
  sample: 2402
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_composite_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.orgs import ORG, ORG_NODE, node_items


def main():
    run_composite_module(ORG, [(ORG_NODE, node_items)])


if __name__ == '__main__':
    main()
