#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_tenant
short_description: Bring a whole Authing user pool (tenant) to a spec in one task
version_added: 1.1.0
description:
  - Reconcile a whole tenant - custom fields, groups, applications with their resources,
    agreements, roles and access policy, roles, users with their custom data, groups and roles,
    group and role members - from one spec, in one process, with one management token and one
    connection pool.
  - The whole spec is checked first - the options of every object, and then every reference
    (a user's groups and roles, an access rule's targets, the application of a resource) against
    the spec and the user pool. Every problem is reported at once with its place in the spec,
    for example C(users[12].groups[1] - unknown group - ghost), and nothing is written when there is one.
  - The run is predicted as a whole - what an earlier step would create is known to the later
    ones - so check mode shows exactly what the real run does. The real run then
    writes only what changes; group memberships and role assignments of many users are written
    in batches.
  - The P(authing.cloud.tenant#role) role calls this module; M(authing.cloud.authing_tenant_info)
    exports a tenant in the same format.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.attributes
options:
  spec:
    description:
      - The desired state of the tenant, with the keys C(custom_fields), C(groups), C(roles),
        C(users), C(applications), C(orgs) and C(policies). A key that is left out is not managed.
      - Each item has the options of the bulk list of its module - O(authing.cloud.authing_custom_field#module:custom_fields),
        O(authing.cloud.authing_group#module:groups), O(authing.cloud.authing_role#module:roles) (roles of the
        V(default) namespace), O(authing.cloud.authing_user#module:users) and O(authing.cloud.authing_application#module:applications).
      - An application may also hold C(resources) (with their C(permissions)), C(agreements),
        C(roles) and C(policies) (items of those modules without C(app)) and C(access_policy) (the
        options of M(authing.cloud.authing_access_policy) without C(app)).
      - C(orgs) are items of O(authing.cloud.authing_org#module:orgs) (each a tree of nodes);
        C(policies) items of O(authing.cloud.authing_policy#module:policies) in the V(default) namespace.
      - C(members) of a group or role is applied after the users (who may be new). Memberships are
        best written once, on the users (C(groups), C(roles); application roles as C({app, code})).
      - Exactly one of O(spec) and O(spec_file) is required.
    type: dict
  spec_file:
    description:
      - A YAML or JSON file that holds the spec - a vars file that defines C(tenant_spec) (what
        C(playbooks/export.yml) writes; its other variables are ignored, also by the templates in the
        file), or the spec mapping itself.
      - Read on the controller by the action plugin of this module, which is much faster than giving
        a big spec as O(spec) (no C(include_vars), no templating of the whole spec).
        A relative path is looked up like the C(file) of M(ansible.builtin.include_vars) - in the
        C(vars) directory of the role, then next to the playbook.
      - A file may be vault-encrypted, or hold vault-encrypted values and Jinja templates (a user's
        password written as a reference to a vaulted variable, as C(playbooks/export.yml) does); they
        are resolved with the task's variables, as with C(include_vars). Only the values that hold a
        template are rendered; a plain variable reference is rendered once per file.
      - Mutually exclusive with O(spec).
    type: path
  purge:
    description:
      - What becomes exact. Each switch is off unless set.
    type: dict
    default: {}
    suboptions:
      custom_fields:
        description: Remove custom fields (of the target types listed) that the spec does not list.
        type: bool
        default: false
      groups:
        description: Delete groups that the spec does not list.
        type: bool
        default: false
      roles:
        description: Delete roles of the namespaces listed that the spec does not list.
        type: bool
        default: false
      users:
        description: Delete B(every) user of the pool that the spec does not list.
        type: bool
        default: false
      applications:
        description: Delete B(every) application of the pool that the spec does not list.
        type: bool
        default: false
      resources:
        description: Delete resources of the applications listed that the spec does not list.
        type: bool
        default: false
      agreements:
        description: Delete agreements of the applications listed that the spec does not list, and enforce the listed order.
        type: bool
        default: false
      memberships:
        description: Users' groups and roles, and groups' and roles' members, become exactly the lists given.
        type: bool
        default: false
      access_rules:
        description: Revoke access rules of the listed applications that the spec does not list.
        type: bool
        default: false
      actions:
        description: Resource actions become exactly the lists given.
        type: bool
        default: false
      orgs:
        description: Delete B(every) organisation of the pool that the spec does not list.
        type: bool
        default: false
      policies:
        description: Delete policies of the namespaces listed that the spec does not list.
        type: bool
        default: false
      permissions:
        description: The permissions of the resources that list them become exactly the lists given (others are revoked).
        type: bool
        default: false
  concurrency:
    description:
      - How many requests are in flight at once. Steps that do not depend on each other (the users and
        the resources of an application) are written at the same time and share this number.
    type: int
    default: 16
'''

EXAMPLES = r'''
- name: Write a spec file (normally kept in git, or written by playbooks/export.yml)
  ansible.builtin.copy:
    dest: "{{ playbook_dir }}/tenant.yml"
    mode: "0600"
    content: |
      tenant_spec:
        groups:
          - code: support
            name: Support
        users:
          - username: alice
            groups: [support]

- name: Bring the tenant to the spec of a file (the fast way for a big spec)
  authing.cloud.authing_tenant:
    spec_file: "{{ playbook_dir }}/tenant.yml"

- name: Bring the tenant to a spec
  authing.cloud.authing_tenant:
    spec:
      custom_fields:
        - key: department
          data_type: STRING
      groups:
        - code: engineering
          name: Engineering
      applications:
        - identifier: example-wiki
          name: Wiki
          redirect_uris: [https://wiki.example.com/callback]
          resources:
            - code: pages
              type: DATA
              actions: ['pages:read', 'pages:write']
          roles:
            - code: editor
          access_policy:
            default_strategy: DENY_ALL
            rules:
              - target_type: GROUP
                targets: [engineering]
      users:
        - username: alice
          email: alice@example.com
          custom_data: {department: Engineering}
          groups: [engineering]
          roles: [{app: example-wiki, code: editor}]
  register: tenant

- name: Show what changed
  ansible.builtin.debug:
    msg: "{{ tenant.summary }}"

- name: Make group memberships exactly the spec (and change nothing else)
  authing.cloud.authing_tenant:
    spec:
      groups:
        - code: engineering
          name: Engineering
          members: [alice]
    purge:
      memberships: true
'''

RETURN = r'''
summary:
  description:
    - One line for the whole run, then one per kind of object - how many were processed and which changed (or would change, in check mode).
    - A line names at most 20 objects per action and counts the others; RV(changes) lists every one.
  returned: always
  type: list
  elements: str
  sample:
    - 'applied: 3 object(s) changed'
    - 'groups: 1 processed, 1 changed (create 1: engineering)'
counts:
  description: Per step, how many objects were processed, changed, created, updated and deleted.
  returned: always
  type: dict
  sample: {groups: {processed: 1, changed: 1, create: 1, update: 0, delete: 0}}
changes:
  description: Per step, the objects created, updated and deleted (and the new order of ordered lists); steps without changes are left out.
  returned: always
  type: dict
  sample: {groups: {create: [engineering]}, users: {update: [alice]}}
problems:
  description: What is wrong with the spec, each with its place in it.
  returned: failure, when the spec is at fault
  type: list
  elements: str
  sample: ["users[12].groups[1]: unknown group: ghost"]
code:
  description: Authing error code of the failure.
  returned: failure, when the API returned one
  type: int
  sample: 2026
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_tenant_module


def main():
    run_tenant_module()


if __name__ == '__main__':
    main()
