#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_resource_info
short_description: Read the resources of an Authing application
version_added: 1.0.0
description:
  - Read one resource of an application by its code, or all of them (read page by page),
    optionally only those of one type, optionally with their permissions.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.info_attributes
options:
  app:
    description:
      - The application, by identifier or ID. It must exist.
      - V(default) names the user pool's V(default) permission namespace (resources of no
        application).
    type: str
    required: true
  code:
    description:
      - Code of the resource to read. When omitted, all resources of the application are returned.
    type: str
  type:
    description:
      - Only list resources of this type (ignored when O(code) is given).
    type: str
    choices: [DATA, API, MENU, UI, BUTTON]
  with_permissions:
    description:
      - Also return the grants of each resource (RV(resources[].permissions)), one query per
        resource.
    type: bool
    default: false
seealso:
  - module: authing.cloud.authing_resource
'''

EXAMPLES = r'''
- name: Create an application
  authing.cloud.authing_application:
    identifier: example-catalog
    name: Catalog
    redirect_uris: [https://catalog.example.com/callback]

- name: Create the resources
  authing.cloud.authing_resource:
    app: example-catalog
    resources:
      - code: books
        type: DATA
        actions: [{name: 'books:read'}]
      - code: side-menu
        type: MENU

- name: Grant reading the books to a user
  authing.cloud.authing_resource:
    app: example-catalog
    code: books
    permissions:
      - target_type: USER
        targets: [alice]
        actions: ['books:read']

- name: Read one resource
  authing.cloud.authing_resource_info:
    app: example-catalog
    code: books
  register: books

- name: Read one resource and who may do what with it
  authing.cloud.authing_resource_info:
    app: example-catalog
    code: books
    with_permissions: true
  register: granted

- name: Alice may read the books
  ansible.builtin.assert:
    that:
      - "granted.resources[0].permissions == [{'target_type': 'USER', 'targets': ['alice'], 'actions': ['books:read']}]"

- name: Read the menus of the application
  authing.cloud.authing_resource_info:
    app: example-catalog
    type: MENU
  register: menus

- name: Read every resource of the application
  authing.cloud.authing_resource_info:
    app: example-catalog
  register: everything

- name: Show their codes
  ansible.builtin.debug:
    msg: "{{ everything.resources | map(attribute='code') | list }}"
'''

RETURN = r'''
resources:
  description: The resources found; none or one when O(code) is given.
  returned: always
  type: list
  elements: dict
  contains:
    code:
      description: Code of the resource.
      type: str
      sample: books
    type:
      description: Kind of resource.
      type: str
      sample: DATA
    description:
      description: Description, or null.
      type: str
      sample: null
    api_identifier:
      description: URL of the API, or null.
      type: str
      sample: null
    actions:
      description: Actions (a missing description is null).
      type: list
      elements: dict
      sample: [{name: 'books:read', description: null}]
    id:
      description: ID of the resource.
      type: str
      sample: 606c4ab3d7fb66a8e1517132
    namespace:
      description: Code of the permission namespace (the application ID, or V(default)).
      type: str
      sample: 6123456789abcdef0123abcd
    permissions:
      description:
        - The grants of the resource, one element per target type and action list (targets
          sorted, users by username, else email, phone or ID; organisation nodes as C(org/node)).
      returned: when O(with_permissions=true)
      type: list
      elements: dict
      sample: [{target_type: USER, targets: [alice], actions: ['books:read']}]
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00.000Z'
    updated_at:
      description: Last update time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00.000Z'
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_info_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.resources import RESOURCE, RESOURCE_TYPES


def main():
    run_info_module(RESOURCE, extra_spec=dict(type=dict(type='str', choices=RESOURCE_TYPES)))


if __name__ == '__main__':
    main()
