#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_agreement_info
short_description: Read the registration agreements of an Authing application
version_added: 1.0.0
description:
  - Read one agreement of an application by its title and language, or all of them in their
    order, optionally only those of one language.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.info_attributes
options:
  app:
    description:
      - The application, by identifier or ID. It must exist.
    type: str
    required: true
  title:
    description:
      - Title of the agreement to read. When omitted, all agreements are returned, in order.
    type: str
  lang:
    description:
      - Language of the agreement to read (V(zh-CN) when O(title) is given without it), or the
        language to list when O(title) is omitted.
    type: str
    choices: [zh-CN, en-US]
seealso:
  - module: authing.cloud.authing_agreement
'''

EXAMPLES = r'''
- name: Create an application
  authing.cloud.authing_application:
    identifier: example-terms
    name: Terms
    redirect_uris: [https://terms.example.com/callback]

- name: Create two agreements
  authing.cloud.authing_agreement:
    app: example-terms
    agreements:
      - title: Terms of service
        lang: en-US
      - title: 服务条款

- name: Read one agreement
  authing.cloud.authing_agreement_info:
    app: example-terms
    title: Terms of service
    lang: en-US
  register: terms

- name: Read the English agreements
  authing.cloud.authing_agreement_info:
    app: example-terms
    lang: en-US
  register: english

- name: Read every agreement, in order
  authing.cloud.authing_agreement_info:
    app: example-terms
  register: all_agreements

- name: Show their titles
  ansible.builtin.debug:
    msg: "{{ all_agreements.agreements | map(attribute='title') | list }}"
'''

RETURN = r'''
agreements:
  description: The agreements found, in their order; none or one when O(title) is given.
  returned: always
  type: list
  elements: dict
  contains:
    title:
      description: Title of the agreement.
      type: str
      sample: Terms of service
    lang:
      description: Language.
      type: str
      sample: en-US
    required:
      description: Whether users must accept it.
      type: bool
      sample: true
    id:
      description: ID of the agreement (an integer).
      type: int
      sample: 218
    order:
      description: Position in the application's list, from 1.
      type: int
      sample: 1
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_info_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.agreements import AGREEMENT


def main():
    run_info_module(AGREEMENT)


if __name__ == '__main__':
    main()
