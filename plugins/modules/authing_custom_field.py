#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_custom_field
short_description: Manage the custom fields of an Authing user pool
version_added: 1.0.0
description:
  - Define, change and remove custom fields (user-defined fields, UDF) of an Authing user pool,
    for example a C(school) or C(age) field on users.
  - A field must be defined before users can hold a value for it; the values themselves are
    managed with O(authing.cloud.authing_user#module:custom_data).
  - One task manages one field (O(key)), or many at once (O(custom_fields)).
  - An option that is not given is not managed; it is never compared and never sent.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.bulk
  - authing.cloud.connection.attributes
options:
  key:
    description:
      - Key of the field, unique within its O(target_type), for example V(school).
      - Required unless O(custom_fields) is given.
    type: str
  target_type:
    description:
      - The kind of object the field belongs to. V(USER) when omitted.
      - In O(custom_fields), the default for items without their own O(custom_fields[].target_type).
    type: str
    choices: [USER, ROLE, NODE, ORG, USERPOOL, PERMISSION, APPLICATION]
  data_type:
    description:
      - Type of the values. Required to define a field.
      - Changing the data type of an existing field makes the service drop the values stored
        under the old type.
    type: str
    choices: [STRING, NUMBER, DATETIME, BOOLEAN, OBJECT, SELECT]
  label:
    description:
      - Human-readable name of the field. The key is used when a field is defined without one.
    type: str
  options:
    description:
      - The choices of a V(SELECT) field, in order. Only for V(SELECT) fields, which need them.
      - Each choice is its value (V(senior)), or a dict with C(value) (what is stored) and
        C(label) (what people see; the value when omitted).
    type: list
    elements: raw
  state:
    description:
      - Whether the field should exist. Removing a field removes every value stored for it.
      - In O(custom_fields), the default for items without their own O(custom_fields[].state).
    type: str
    choices: [present, absent]
    default: present
  custom_fields:
    description:
      - Many fields reconciled in one task. Mutually exclusive with O(key) and the other
        single-field options.
      - The result lists one entry per field, in the same order.
    type: list
    elements: dict
    suboptions:
      key:
        description: Key of the field.
        type: str
        required: true
      target_type:
        description: The kind of object the field belongs to; defaults to O(target_type), else V(USER).
        type: str
        choices: [USER, ROLE, NODE, ORG, USERPOOL, PERMISSION, APPLICATION]
      data_type:
        description: Type of the values. Required to define a field.
        type: str
        choices: [STRING, NUMBER, DATETIME, BOOLEAN, OBJECT, SELECT]
      label:
        description: Human-readable name of the field.
        type: str
      options:
        description: The choices of a V(SELECT) field, as in O(options).
        type: list
        elements: raw
      state:
        description: Whether this field should exist; defaults to O(state).
        type: str
        choices: [present, absent]
  custom_fields_mode:
    description:
      - How O(custom_fields) is applied. V(append) reconciles the listed fields and leaves the
        others alone, V(exact) also removes the fields of the same target types that are not
        listed, V(remove) removes the listed fields.
    type: str
    choices: [exact, append, remove]
    default: append
seealso:
  - module: authing.cloud.authing_custom_field_info
  - module: authing.cloud.authing_user
'''

EXAMPLES = r'''
- name: Define a text field and a number field on users
  authing.cloud.authing_custom_field:
    custom_fields:
      - key: school
        data_type: STRING
        label: School
      - key: age
        data_type: NUMBER

- name: Define a field with a fixed set of choices
  authing.cloud.authing_custom_field:
    key: tier
    data_type: SELECT
    label: Support tier
    options:
      - value: gold
        label: Gold
      - value: silver

- name: Rename the label of a field
  authing.cloud.authing_custom_field:
    key: school
    label: University

- name: Give alice values for the new fields
  authing.cloud.authing_user:
    username: alice
    custom_data:
      school: Tsinghua
      age: 20
      tier: gold

- name: Remove a field and every value stored for it
  authing.cloud.authing_custom_field:
    key: age
    state: absent
'''

RETURN = r'''
custom_field:
  description: The field after the task (predicted in check mode); empty after O(state=absent).
  returned: when O(key) is given
  type: dict
  contains:
    key:
      description: Key of the field.
      type: str
      sample: school
    target_type:
      description: The kind of object the field belongs to.
      type: str
      sample: USER
    data_type:
      description: Type of the values.
      type: str
      sample: STRING
    label:
      description: Human-readable name.
      type: str
      sample: School
    options:
      description: The choices of a V(SELECT) field (each C(value) and C(label)), else null.
      type: list
      elements: dict
      sample: [{value: gold, label: Gold}]
custom_fields:
  description: One result per item of O(custom_fields), in order, plus one per field removed by
    O(custom_fields_mode=exact).
  returned: when O(custom_fields) is given
  type: list
  elements: dict
  contains:
    key:
      description: The key the item was looked up by.
      type: str
      sample: school
    state:
      description: The state that was applied.
      type: str
      sample: present
    changed:
      description: Whether this field changed.
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
    custom_field:
      description: The field after the task, as in RV(custom_field).
      type: dict
      sample: {key: school, target_type: USER, data_type: STRING, label: School, options: null}
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
  sample: 2080
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.custom_fields import CUSTOM_FIELD


def main():
    run_module(CUSTOM_FIELD)


if __name__ == '__main__':
    main()
