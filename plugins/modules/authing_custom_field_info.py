#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_custom_field_info
short_description: Read the custom fields of an Authing user pool
version_added: 1.0.0
description:
  - Read one custom field (user-defined field, UDF) by its key, or every field of a target type.
  - The values users hold are read with M(authing.cloud.authing_user_info).
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.info_attributes
options:
  key:
    description:
      - Key of the field to read. When omitted, all fields of O(target_type) are returned.
    type: str
  target_type:
    description:
      - The kind of object the fields belong to, one of V(USER), V(ROLE), V(NODE), V(ORG),
        V(USERPOOL), V(PERMISSION) or V(APPLICATION). V(USER) when omitted.
    type: str
seealso:
  - module: authing.cloud.authing_custom_field
'''

EXAMPLES = r'''
- name: Define a field to read back
  authing.cloud.authing_custom_field:
    key: school
    data_type: STRING
    label: School

- name: Read one field
  authing.cloud.authing_custom_field_info:
    key: school
  register: school

- name: Read every field defined on users
  authing.cloud.authing_custom_field_info:
  register: user_fields

- name: Show the keys and their types
  ansible.builtin.debug:
    msg: "{{ user_fields.custom_fields | items2dict(key_name='key', value_name='data_type') }}"
'''

RETURN = r'''
custom_fields:
  description: The fields found; none or one when O(key) is given.
  returned: always
  type: list
  elements: dict
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
      sample: null
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_info_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.custom_fields import CUSTOM_FIELD


def main():
    run_info_module(CUSTOM_FIELD)


if __name__ == '__main__':
    main()
