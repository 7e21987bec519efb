#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_application
short_description: Manage Authing applications
version_added: 1.0.0
description:
  - Create, update and delete the applications of an Authing user pool, and rotate their secret.
  - An application is found by O(identifier) (its authentication sub-domain, unique across the
    whole Authing service) or by O(id). One task manages one application, or many at once with
    O(applications).
  - An option that is not given is not managed; it is never compared and never sent.
  - The application secret is never returned, logged or shown in a diff, unless
    O(return_secret=true) asks for it in the result.
  - Who may log in to an application (its default strategy and access rules) is managed by
    M(authing.cloud.authing_access_policy); its resources by M(authing.cloud.authing_resource); its
    registration agreements by M(authing.cloud.authing_agreement).
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.bulk
  - authing.cloud.connection.attributes
options:
  identifier:
    description:
      - The application's identifier, also its authentication address C(<identifier>.authing.cn).
        A DNS label (lower-case letters, digits and C(-)), unique across the whole service.
      - Required to create an application.
      - Together with O(id), the application is found by O(id) and renamed to O(identifier) if its
        identifier differs.
      - One of O(identifier), O(id) or O(applications) is required.
    type: str
  id:
    description:
      - The application's ID, an alternative way to find it. An application is never created from
        an ID; an unknown ID fails the task.
    type: str
  name:
    description:
      - Display name. Required to create an application.
    type: str
  redirect_uris:
    description:
      - Callback URLs after login. Compared as a set (order and duplicates do not matter).
      - When an application is created without them, it has none.
    type: list
    elements: str
  logo:
    description:
      - URL of the application's logo. The service uses a default logo when none is given.
    type: str
  description:
    description:
      - Free-text description. V('') clears it.
    type: str
  app_type:
    description:
      - Who the application serves; the service default is V(INDIVIDUAL).
    type: str
    choices: [INDIVIDUAL, Tenant, BOTH]
  rotate_secret:
    description:
      - Replace the application secret with a new one. This is an action, not a state, so it
        reports a change every time it runs (predicted in check mode). Ignored on creation (a new
        application gets a new secret anyway).
      - Combine with O(return_secret=true) to read the new secret.
    type: bool
    default: false
  return_secret:
    description:
      - Add the application secret to the returned object (RV(application.secret)). It is still
        never shown in the diff. Use C(no_log) on the task so the result is not displayed.
      - Not available for predicted results in check mode.
    type: bool
    default: false
  state:
    description:
      - Whether the application should exist. Deleting an application also deletes its
        resources, roles, agreements and access rules.
      - In O(applications), the default for items without their own O(applications[].state).
    type: str
    choices: [present, absent]
    default: present
  applications:
    description:
      - Many applications reconciled in one task. Mutually exclusive with the single-application
        options.
      - The result lists one entry per application, in the same order.
    type: list
    elements: dict
    suboptions:
      identifier:
        description: The application's identifier (required to create it).
        type: str
      id:
        description: The application's ID.
        type: str
      name:
        description: Display name (required to create an application).
        type: str
      redirect_uris:
        description: Callback URLs, compared as a set.
        type: list
        elements: str
      logo:
        description: URL of the logo.
        type: str
      description:
        description: Free-text description.
        type: str
      app_type:
        description: Who the application serves.
        type: str
        choices: [INDIVIDUAL, Tenant, BOTH]
      rotate_secret:
        description: Replace the secret with a new one (an action; always a change).
        type: bool
        default: false
      return_secret:
        description: Add the secret to this item's result.
        type: bool
        default: false
      state:
        description: Whether this application should exist; defaults to O(state).
        type: str
        choices: [present, absent]
  applications_mode:
    description:
      - How O(applications) is applied. V(append) reconciles the listed applications and leaves
        the others alone; V(remove) deletes the listed applications; V(exact) also deletes
        B(every other application of the user pool).
    type: str
    choices: [exact, append, remove]
    default: append
notes:
  - The application's default access strategy (C(permission_strategy)) is returned read-only;
    M(authing.cloud.authing_access_policy) is its single owner.
seealso:
  - module: authing.cloud.authing_application_info
  - module: authing.cloud.authing_access_policy
  - module: authing.cloud.authing_resource
  - module: authing.cloud.authing_agreement
'''

EXAMPLES = r'''
- name: Create an application
  authing.cloud.authing_application:
    identifier: example-portal
    name: Example portal
    redirect_uris:
      - https://portal.example.com/callback
    description: Customer portal
  register: portal

- name: Add a second callback URL (the list is compared as a set)
  authing.cloud.authing_application:
    identifier: example-portal
    redirect_uris:
      - https://portal.example.com/callback
      - https://portal.example.com/silent-renew

- name: Rename the application's identifier, finding it by ID
  authing.cloud.authing_application:
    id: "{{ portal.application.id }}"
    identifier: example-portal-v2

- name: Rotate the secret and read the new one
  authing.cloud.authing_application:
    identifier: example-portal-v2
    rotate_secret: true
    return_secret: true
  register: rotated
  no_log: true

- name: Manage several applications in one task
  authing.cloud.authing_application:
    applications:
      - identifier: example-admin
        name: Admin console
        redirect_uris: [https://admin.example.com/callback]
      - identifier: example-mobile
        name: Mobile app
        app_type: BOTH

- name: Delete an application
  authing.cloud.authing_application:
    identifier: example-mobile
    state: absent
'''

RETURN = r'''
application:
  description: The application after the task (predicted in check mode); empty after O(state=absent).
  returned: when O(identifier) or O(id) is given
  type: dict
  contains:
    id:
      description: ID of the application (also its client ID).
      type: str
      sample: 6123456789abcdef0123abcd
    identifier:
      description: Identifier (authentication sub-domain).
      type: str
      sample: example-portal
    name:
      description: Display name.
      type: str
      sample: Example portal
    redirect_uris:
      description: Callback URLs.
      type: list
      elements: str
      sample: [https://portal.example.com/callback]
    logo:
      description: URL of the logo.
      type: str
      sample: https://files.authing.co/authing-console/default-app-logo.png
    description:
      description: Description, or null.
      type: str
      sample: Customer portal
    app_type:
      description: Who the application serves.
      type: str
      sample: INDIVIDUAL
    user_pool_id:
      description: ID of the user pool the application belongs to.
      type: str
      sample: 6123456789abcdef01234567
    protocol:
      description: Login protocol.
      type: str
      sample: oidc
    permission_strategy:
      description:
        - The access-control state (read-only here; managed by M(authing.cloud.authing_access_policy)).
      type: dict
      sample: {enabled: false, defaultStrategy: ALLOW_ALL, allowPolicyId: null, denyPolicyId: null}
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00.000Z'
    updated_at:
      description: Last update time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00.000Z'
    secret:
      description: The application secret.
      returned: when O(return_secret=true), except for predicted results in check mode
      type: str
      sample: 0f3c4a5b6d7e8f90a1b2c3d4e5f6
applications:
  description: One result per item of O(applications), in order (then the deleted applications in O(applications_mode=exact)).
  returned: when O(applications) is given
  type: list
  elements: dict
  contains:
    identifier:
      description: The identifier the item was looked up by.
      type: str
      sample: example-admin
    id:
      description: The ID the item was looked up by.
      type: str
      sample: null
    state:
      description: The state that was applied.
      type: str
      sample: present
    changed:
      description: Whether this application changed.
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
    application:
      description: The application after the task, as in RV(application).
      type: dict
      sample: {identifier: example-admin, name: Admin console}
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
  sample: 2039
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.applications import APPLICATION


def main():
    run_module(APPLICATION)


if __name__ == '__main__':
    main()
