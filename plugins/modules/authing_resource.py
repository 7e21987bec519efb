#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_resource
short_description: Manage the resources of an Authing application
version_added: 1.0.0
description:
  - Create, update and delete the resources of an application (data, APIs, menus, UI elements and
    buttons) and the actions that can be performed on them.
  - Resources live in the application's permission namespace, whose code is the application ID,
    or in the user pool's V(default) namespace (O(app=default)).
  - O(permissions) grants the resource's actions to users, roles, groups and organisation nodes,
    and takes them away.
  - One task manages one resource (O(code)), or many resources at once (O(resources)); with
    O(resources_mode=exact) the resources of the application that are not listed are deleted.
  - An option that is not given is not managed; it is never compared and never sent.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.bulk
  - authing.cloud.connection.attributes
options:
  app:
    description:
      - The application the resources belong to, by identifier or ID. It must exist.
      - V(default) names the user pool's V(default) permission namespace (resources of no
        application); an application whose identifier is V(default) is then named by its ID.
      - Required, here or in every item of O(resources); there it is the default for items without
        their own O(resources[].app).
    type: str
  code:
    description:
      - Code of the resource, unique within the application, for example V(orders).
      - Required unless O(resources) is given.
    type: str
  type:
    description:
      - Kind of resource. Required to create a resource.
    type: str
    choices: [DATA, API, MENU, UI, BUTTON]
  description:
    description:
      - Free-text description. V('') clears it.
    type: str
  api_identifier:
    description:
      - URL of the API. Required for a resource of O(type=API) (unless it already has one); the
        task fails before any change when it is missing.
    type: str
  actions:
    description:
      - Actions that can be performed on the resource, for example V(orders:read).
      - The service replaces the whole list on every update; O(actions_mode) decides how the list
        given here is combined with the current one before it is sent.
      - Each action is its name (V(orders:read)), or a dict with C(name) (unique within the
        resource) and C(description) (what the action allows).
      - A missing description and an empty one are the same.
    type: list
    elements: raw
  actions_mode:
    description:
      - V(exact) makes the actions exactly O(actions); V(append) adds the listed actions (or
        updates the description of those with the same name) and keeps the others; V(remove)
        removes the listed action names and keeps the others.
    type: str
    choices: [exact, append, remove]
    default: exact
  permissions:
    description:
      - Who may perform which actions of the resource. Each element grants O(permissions[].actions)
        to each of O(permissions[].targets), of one O(permissions[].target_type).
      - The service keeps one grant per target and resource; granting a target again replaces its
        actions, so a target whose actions differ from the list is granted again.
      - Unknown targets and actions the resource does not have (after the changes of
        O(actions) in the same task) fail the task before any change.
      - A revoked target also loses its grants on instances of the resource (V(orders:1)).
    type: list
    elements: dict
    suboptions:
      target_type:
        description:
          - What the targets are. V(ROLE) targets are roles of the resource's namespace (the
            application's roles; with O(app=default), the roles of the V(default) namespace).
        type: str
        required: true
        choices: [USER, ROLE, GROUP, ORG]
      targets:
        description:
          - Users by username, email, phone or ID; groups and roles by code; organisation nodes
            by code, C(org/node) (codes of the organisation and the node; required for a node
            code used by several organisations) or ID.
        type: list
        elements: str
        required: true
      actions:
        description:
          - Names of actions of the resource. Empty or omitted grants no action (enough for a
            menu or a button, whose grant is the permission itself). Not used with
            O(permissions_mode=remove).
        type: list
        elements: str
  permissions_mode:
    description:
      - V(exact) makes the grants of the resource exactly O(permissions) (others are revoked);
        V(append) grants the listed targets (or changes their actions) and keeps the others;
        V(remove) revokes the listed targets.
    type: str
    choices: [exact, append, remove]
    default: exact
  state:
    description:
      - Whether the resource should exist. In O(resources), the default for items without their
        own O(resources[].state).
    type: str
    choices: [present, absent]
    default: present
  resources:
    description:
      - Many resources reconciled in one task (the application's resources are read page by page
        once). Mutually exclusive with O(code) and the other single-resource options.
      - The result lists one entry per resource, in the same order.
    type: list
    elements: dict
    suboptions:
      app:
        description: The application of this resource; defaults to O(app).
        type: str
      code:
        description: Code of the resource.
        type: str
        required: true
      type:
        description: Kind of resource (required to create it).
        type: str
        choices: [DATA, API, MENU, UI, BUTTON]
      description:
        description: Free-text description.
        type: str
      api_identifier:
        description: URL of the API (required for type V(API)).
        type: str
      actions:
        description: Actions of the resource, as in O(actions).
        type: list
        elements: raw
      actions_mode:
        description: How O(resources[].actions) is applied.
        type: str
        choices: [exact, append, remove]
        default: exact
      permissions:
        description: Grants of this resource, as in O(permissions).
        type: list
        elements: dict
        suboptions:
          target_type:
            description: What the targets are.
            type: str
            required: true
            choices: [USER, ROLE, GROUP, ORG]
          targets:
            description: The targets, as in O(permissions[].targets).
            type: list
            elements: str
            required: true
          actions:
            description: Names of actions of the resource.
            type: list
            elements: str
      permissions_mode:
        description: How O(resources[].permissions) is applied.
        type: str
        choices: [exact, append, remove]
        default: exact
      state:
        description: Whether this resource should exist; defaults to O(state).
        type: str
        choices: [present, absent]
  resources_mode:
    description:
      - How O(resources) is applied. V(append) reconciles the listed resources and leaves the
        others alone; V(exact) also deletes the resources of the application that are not listed;
        V(remove) deletes the listed resources.
    type: str
    choices: [exact, append, remove]
    default: append
seealso:
  - module: authing.cloud.authing_resource_info
  - module: authing.cloud.authing_application
'''

EXAMPLES = r'''
- name: Create an application for the resources
  authing.cloud.authing_application:
    identifier: example-shop
    name: Shop
    redirect_uris: [https://shop.example.com/callback]

- name: A data resource with two actions
  authing.cloud.authing_resource:
    app: example-shop
    code: orders
    type: DATA
    description: Customer orders
    actions:
      - name: orders:read
        description: Read orders
      - name: orders:write
        description: Change orders

- name: Add an action without touching the others
  authing.cloud.authing_resource:
    app: example-shop
    code: orders
    actions:
      - name: orders:delete
        description: Delete orders
    actions_mode: append

- name: An API resource needs its URL
  authing.cloud.authing_resource:
    app: example-shop
    code: payments-api
    type: API
    api_identifier: https://api.example.com/payments
    actions:
      - name: payments:create

- name: Make the application's resources exactly these (others are deleted)
  authing.cloud.authing_resource:
    app: example-shop
    resources_mode: exact
    resources:
      - code: orders
      - code: payments-api
      - code: main-menu
        type: MENU
        actions: [{name: show}]

- name: A group and an application role for the permissions
  authing.cloud.authing_group:
    code: example-support
    name: Support

- name: The role
  authing.cloud.authing_role:
    app: example-shop
    code: example-clerk

- name: Who may do what with the orders (any other grant of the resource is revoked)
  authing.cloud.authing_resource:
    app: example-shop
    code: orders
    permissions:
      - target_type: ROLE
        targets: [example-clerk]
        actions: ['orders:read', 'orders:write']
      - target_type: GROUP
        targets: [example-support]
        actions: ['orders:read']
      - target_type: USER
        targets: [alice]
        actions: ['orders:read', 'orders:delete']

- name: Also let bob read the orders, keeping the other grants
  authing.cloud.authing_resource:
    app: example-shop
    code: orders
    permissions:
      - target_type: USER
        targets: [bob]
        actions: ['orders:read']
    permissions_mode: append

- name: Take the support group's grant away
  authing.cloud.authing_resource:
    app: example-shop
    code: orders
    permissions:
      - target_type: GROUP
        targets: [example-support]
    permissions_mode: remove

- name: A resource of the default namespace (no application), granted to a role of that namespace
  block:
    - name: The role
      authing.cloud.authing_role:
        code: example-auditor

    - name: The resource and its grant
      authing.cloud.authing_resource:
        app: default
        code: example-reports
        type: DATA
        actions: ['reports:read']
        permissions:
          - target_type: ROLE
            targets: [example-auditor]
            actions: ['reports:read']

- name: Delete a resource (its grants go with it)
  authing.cloud.authing_resource:
    app: example-shop
    code: main-menu
    state: absent
'''

RETURN = r'''
resource:
  description: The resource after the task (predicted in check mode); empty after O(state=absent).
  returned: when O(code) is given
  type: dict
  contains:
    code:
      description: Code of the resource.
      type: str
      sample: orders
    type:
      description: Kind of resource.
      type: str
      sample: DATA
    description:
      description: Description, or null.
      type: str
      sample: Customer orders
    api_identifier:
      description: URL of the API, or null.
      type: str
      sample: null
    actions:
      description: Actions (a missing description is null).
      type: list
      elements: dict
      sample: [{name: 'orders:read', description: Read orders}]
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
        - Only when O(permissions) is given.
      type: list
      elements: dict
      sample: [{target_type: ROLE, targets: [clerk], actions: ['orders:read']}]
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00.000Z'
    updated_at:
      description: Last update time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00.000Z'
resources:
  description: One result per item of O(resources), in order (then the deleted ones in O(resources_mode=exact)).
  returned: when O(resources) is given
  type: list
  elements: dict
  contains:
    code:
      description: The code the item was looked up by.
      type: str
      sample: orders
    state:
      description: The state that was applied.
      type: str
      sample: present
    changed:
      description: Whether this resource changed.
      type: bool
      sample: false
    action:
      description: What was done to it (predicted in check mode).
      type: str
      choices: [create, update, delete, none]
      sample: update
    changes:
      description: The options an update changed (empty for other actions).
      type: list
      elements: str
      sample: [description, permissions]
    resource:
      description: The resource after the task, as in RV(resource).
      type: dict
      sample: {code: orders, type: DATA}
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
  sample: 2070
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.resources import RESOURCE


def main():
    run_module(RESOURCE)


if __name__ == '__main__':
    main()
