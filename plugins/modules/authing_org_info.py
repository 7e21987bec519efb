#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_org_info
short_description: Read Authing organisations and their node trees
version_added: 1.0.0
description:
  - Read one organisation by its code, or every organisation of the user pool, with its node
    tree in the shape M(authing.cloud.authing_org) takes.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.info_attributes
options:
  code:
    description:
      - Code of the organisation to read. When omitted, all organisations are returned.
    type: str
  with_nodes:
    description:
      - Also return the node tree (C(nodes)). The nodes come with the organisation, so this costs no extra read.
    type: bool
    default: true
  with_members:
    description:
      - Also read the members of each node (one paged read per node).
    type: bool
    default: false
  with_roles:
    description:
      - Also read the roles of each node (its own, not the inherited ones; one read per node).
    type: bool
    default: false
seealso:
  - module: authing.cloud.authing_org
'''

EXAMPLES = r'''
- name: An organisation to read
  authing.cloud.authing_org:
    code: acme
    name: Acme Inc.
    nodes:
      - code: sales
        name: Sales
        members: [alice]

- name: Read it with the members of every node
  authing.cloud.authing_org_info:
    code: acme
    with_members: true
  register: acme

- name: Read every organisation
  authing.cloud.authing_org_info:
  register: all_orgs

- name: Show the codes of the top nodes
  ansible.builtin.debug:
    msg: "{{ acme.orgs[0].nodes | map(attribute='code') | list }}"
'''

RETURN = r'''
orgs:
  description: The organisations found; none or one when O(code) is given.
  returned: always
  type: list
  elements: dict
  contains:
    code:
      description: Code of the organisation (of its root node).
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
      description: ID of the organisation.
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
    members:
      description: Members of the root node, sorted.
      returned: when O(with_members=true)
      type: list
      elements: str
      sample: [alice]
    roles:
      description: Roles of the root node (codes; C(app/code) for an application's role).
      returned: when O(with_roles=true)
      type: list
      elements: str
      sample: [staff]
    nodes:
      description:
        - The nodes under the root, as a tree, siblings in the service's order. Each has C(code),
          C(name), C(description), C(order), C(id), C(children), and C(members) and C(roles) when asked.
      returned: when O(with_nodes=true)
      type: list
      elements: dict
      sample:
        - code: sales
          name: Sales
          description: null
          order: null
          id: 6123456789abcdef01234568
          members: [alice]
          children: []
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_info_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.orgs import ORG, org_details


def main():
    run_info_module(ORG, extra_spec=dict(with_nodes=dict(type='bool', default=True),
                                         with_members=dict(type='bool', default=False),
                                         with_roles=dict(type='bool', default=False)), extend=org_details)


if __name__ == '__main__':
    main()
