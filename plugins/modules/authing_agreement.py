#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_agreement
short_description: Manage the registration agreements of an Authing application
version_added: 1.0.0
description:
  - Create, update and delete the agreements (terms of service, privacy policy, ...) that users
    accept when they register to an application.
  - An agreement is identified by its O(title) and O(lang) together.
  - One task manages one agreement, or the list of agreements (O(agreements)). With
    O(agreements_mode=exact) the application's agreements become exactly the list, B(in the
    listed order); agreements that are not listed are deleted.
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
      - Required, here or in every item of O(agreements); there it is the default for items
        without their own O(agreements[].app).
    type: str
  title:
    description:
      - Title of the agreement, shown next to its check box; it may contain HTML links.
      - Required unless O(agreements) is given.
    type: str
  lang:
    description:
      - Language the agreement is shown for. When omitted, V(zh-CN) (as the service).
    type: str
    choices: [zh-CN, en-US]
  required:
    description:
      - Whether users must accept the agreement to register. The service default is V(true).
    type: bool
  state:
    description:
      - Whether the agreement should exist. In O(agreements), the default for items without their
        own O(agreements[].state).
    type: str
    choices: [present, absent]
    default: present
  agreements:
    description:
      - Many agreements reconciled in one task, in order. Mutually exclusive with O(title),
        O(lang) and O(required).
      - New agreements are created in the listed order, after the existing ones.
    type: list
    elements: dict
    suboptions:
      app:
        description: The application of this agreement; defaults to O(app).
        type: str
      title:
        description: Title of the agreement.
        type: str
      lang:
        description: Language; V(zh-CN) when omitted.
        type: str
        choices: [zh-CN, en-US]
      required:
        description: Whether users must accept it.
        type: bool
      state:
        description: Whether this agreement should exist; defaults to O(state).
        type: str
        choices: [present, absent]
  agreements_mode:
    description:
      - How O(agreements) is applied. V(append) reconciles the listed agreements and leaves the
        others alone; V(exact) also deletes the application's agreements that are not listed and
        puts the remaining ones in the listed order; V(remove) deletes the listed agreements.
    type: str
    choices: [exact, append, remove]
    default: append
seealso:
  - module: authing.cloud.authing_agreement_info
  - module: authing.cloud.authing_application
'''

EXAMPLES = r'''
- name: Create an application for the agreements
  authing.cloud.authing_application:
    identifier: example-signup
    name: Sign-up
    redirect_uris: [https://signup.example.com/callback]

- name: A required agreement in Chinese (the default language)
  authing.cloud.authing_agreement:
    app: example-signup
    title: <a href="https://example.com/terms">服务条款</a>
    required: true

- name: An optional agreement in English
  authing.cloud.authing_agreement:
    app: example-signup
    title: Send me the newsletter
    lang: en-US
    required: false

- name: Exactly these agreements, in this order (others are deleted)
  authing.cloud.authing_agreement:
    app: example-signup
    agreements_mode: exact
    agreements:
      - title: <a href="https://example.com/privacy">Privacy policy</a>
        lang: en-US
      - title: <a href="https://example.com/terms">服务条款</a>
      - title: Send me the newsletter
        lang: en-US
        required: false
  register: agreements

- name: Delete an agreement
  authing.cloud.authing_agreement:
    app: example-signup
    title: Send me the newsletter
    lang: en-US
    state: absent
'''

RETURN = r'''
agreement:
  description: The agreement after the task (predicted in check mode); empty after O(state=absent).
  returned: when O(title) is given
  type: dict
  contains:
    title:
      description: Title of the agreement.
      type: str
      sample: Terms of service
    lang:
      description: Language.
      type: str
      sample: zh-CN
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
agreements:
  description: One result per item of O(agreements), in order (then the deleted ones in O(agreements_mode=exact)).
  returned: when O(agreements) is given
  type: list
  elements: dict
  contains:
    title:
      description: The title the item was looked up by.
      type: str
      sample: Terms of service
    lang:
      description: The language given for the item (null when omitted, meaning V(zh-CN)).
      type: str
      sample: en-US
    state:
      description: The state that was applied.
      type: str
      sample: present
    changed:
      description: Whether this agreement changed (its position does not count; see RV(order_changed)).
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
      sample: [description]
    agreement:
      description: The agreement after the task, as in RV(agreement); its C(order) is the one before sorting.
      type: dict
      sample: {title: Terms of service, lang: zh-CN, required: true, id: 218, order: 1}
order_changed:
  description: Whether the agreements were (or, in check mode, would be) sorted into the listed order.
  returned: when O(agreements) is given
  type: bool
  sample: true
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
  sample: 2011
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.agreements import AGREEMENT


def main():
    run_module(AGREEMENT)


if __name__ == '__main__':
    main()
