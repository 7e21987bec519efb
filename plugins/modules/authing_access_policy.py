#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_access_policy
short_description: Manage who may log in to an Authing application
version_added: 1.0.0
description:
  - Set an application's default access strategy (everyone may log in, or nobody) and the access
    rules that allow or deny users, roles, groups and organisation nodes.
  - This module is the single owner of an application's default strategy; the other modules only
    show it.
  - One rule per target is kept by the service. A rule names its targets by their natural key
    (users by username, email, phone or ID; groups and roles by code; organisation nodes by
    code, C(org/node) or ID); unknown targets fail the task before anything is written.
  - Organisation nodes are shown as C(org/node), the codes of the organisation and of the node.
  - O(state=absent) resets the application's access configuration to the service defaults, every
    rule revoked and the default strategy V(ALLOW_ALL).
  - One task manages one application (O(app)), or several at once (O(access_policies)).
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.bulk
  - authing.cloud.connection.attributes
options:
  app:
    description:
      - The application, by identifier or ID. It must exist.
      - Required unless O(access_policies) is given (there it is the default for items without
        their own O(access_policies[].app)).
    type: str
  default_strategy:
    description:
      - What happens to users no rule matches. V(ALLOW_ALL) lets everyone log in, V(DENY_ALL) nobody.
    type: str
    choices: [ALLOW_ALL, DENY_ALL]
  rules:
    description:
      - Access rules. Each rule applies the same effect to a list of targets of one type.
      - A target may appear in only one rule. Changing a target's O(rules[].effect),
        O(rules[].enabled) or O(rules[].inherit_by_children) updates its rule in place.
    type: list
    elements: dict
    suboptions:
      target_type:
        description: What the targets are.
        type: str
        required: true
        choices: [USER, ROLE, GROUP, ORG]
      targets:
        description:
          - The targets. USER, a username, email, phone number or user ID; GROUP, a group code;
            ROLE, a role code (in O(rules[].namespace)); ORG, an organisation node, by its code
            (unique across the organisations of the user pool), as C(org/node) (the codes of the
            organisation and of the node), or by its ID.
        type: list
        elements: str
        required: true
      effect:
        description: Whether the targets may log in (V(allow)) or not (V(deny)).
        type: str
        choices: [allow, deny]
        default: allow
      enabled:
        description: Whether the rule is in force. A disabled rule is kept but ignored.
        type: bool
        default: true
      namespace:
        description:
          - ROLE rules only, the permission namespace of the role codes. V(default) (the user
            pool's roles) when omitted; an application's identifier or ID for its own roles.
        type: str
      inherit_by_children:
        description:
          - ORG rules only, whether the rule also applies to the sub-nodes. V(false) when omitted.
        type: bool
  rules_mode:
    description:
      - V(exact) makes the rules exactly O(rules) (other rules are revoked); V(append) adds or
        updates the listed targets' rules and keeps the others; V(remove) revokes the rules of the
        listed targets (their effect and other settings are then ignored).
    type: str
    choices: [exact, append, remove]
    default: exact
  state:
    description:
      - V(present) applies the options given. V(absent) resets the application's access
        configuration, revoking every rule and setting the default strategy to V(ALLOW_ALL).
      - In O(access_policies), the default for items without their own O(access_policies[].state).
    type: str
    choices: [present, absent]
    default: present
  access_policies:
    description:
      - The access configurations of several applications in one task. Mutually exclusive with
        O(default_strategy) and O(rules).
    type: list
    elements: dict
    suboptions:
      app:
        description: The application; defaults to O(app).
        type: str
      default_strategy:
        description: What happens to users no rule matches.
        type: str
        choices: [ALLOW_ALL, DENY_ALL]
      rules:
        description: Access rules, as O(rules).
        type: list
        elements: dict
        suboptions:
          target_type:
            description: What the targets are.
            type: str
            required: true
            choices: [USER, ROLE, GROUP, ORG]
          targets:
            description: The targets.
            type: list
            elements: str
            required: true
          effect:
            description: Allow or deny.
            type: str
            choices: [allow, deny]
            default: allow
          enabled:
            description: Whether the rule is in force.
            type: bool
            default: true
          namespace:
            description: ROLE rules only, the namespace of the role codes.
            type: str
          inherit_by_children:
            description: ORG rules only, whether sub-nodes inherit the rule.
            type: bool
      rules_mode:
        description: How O(access_policies[].rules) is applied.
        type: str
        choices: [exact, append, remove]
        default: exact
      state:
        description: V(absent) resets this application's access configuration; defaults to O(state).
        type: str
        choices: [present, absent]
  access_policies_mode:
    description:
      - V(append) and V(exact) reconcile the listed applications (there is one access
        configuration per application, so nothing else is purged); V(remove) resets them.
    type: str
    choices: [exact, append, remove]
    default: append
seealso:
  - module: authing.cloud.authing_access_policy_info
  - module: authing.cloud.authing_application
'''

EXAMPLES = r'''
- name: Create an application and a group
  authing.cloud.authing_application:
    identifier: example-intranet
    name: Intranet
    redirect_uris: [https://intranet.example.com/callback]

- name: Create a group of staff
  authing.cloud.authing_group:
    code: staff
    name: Staff
    members: [alice, bob]

- name: Only staff and carol may log in; dave is refused
  authing.cloud.authing_access_policy:
    app: example-intranet
    default_strategy: DENY_ALL
    rules:
      - target_type: GROUP
        targets: [staff]
      - target_type: USER
        targets: [carol]
      - target_type: USER
        targets: [dave]
        effect: deny

- name: Suspend carol's rule without revoking it
  authing.cloud.authing_access_policy:
    app: example-intranet
    rules:
      - target_type: USER
        targets: [carol]
        enabled: false
    rules_mode: append

- name: Revoke dave's rule
  authing.cloud.authing_access_policy:
    app: example-intranet
    rules:
      - target_type: USER
        targets: [dave]
    rules_mode: remove

- name: Back to the defaults (no rules, everyone may log in)
  authing.cloud.authing_access_policy:
    app: example-intranet
    state: absent
'''

RETURN = r'''
access_policy:
  description: The application's access configuration after the task (predicted in check mode).
  returned: when O(app) is given without O(access_policies)
  type: dict
  contains:
    app:
      description: Identifier of the application.
      type: str
      sample: example-intranet
    app_id:
      description: ID of the application.
      type: str
      sample: 6123456789abcdef0123abcd
    default_strategy:
      description: What happens to users no rule matches.
      type: str
      sample: DENY_ALL
    rules:
      description:
        - The rules, grouped in the shape of O(rules) (one entry per target type, effect and
          settings; targets sorted). Users are shown by username, else email, phone or ID.
        - Only when O(rules) is given.
      type: list
      elements: dict
      sample:
        - {target_type: GROUP, targets: [staff], effect: allow, enabled: true, namespace: null, inherit_by_children: null}
        - {target_type: USER, targets: [dave], effect: deny, enabled: true, namespace: null, inherit_by_children: null}
access_policies:
  description: One result per item of O(access_policies), in order.
  returned: when O(access_policies) is given
  type: list
  elements: dict
  contains:
    app:
      description: The application the item named.
      type: str
      sample: example-intranet
    state:
      description: The state that was applied (V(present); a reset is an update to the defaults).
      type: str
      sample: present
    changed:
      description: Whether this application's access configuration changed.
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
    access_policy:
      description: The access configuration after the task, as in RV(access_policy).
      type: dict
      sample: {app: example-intranet, default_strategy: ALLOW_ALL}
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
  sample: 2004
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.access_policies import ACCESS_POLICY


def main():
    run_module(ACCESS_POLICY)


if __name__ == '__main__':
    main()
