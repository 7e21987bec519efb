#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_user_info
short_description: Read Authing users, their custom data, groups and roles
version_added: 1.0.0
description:
  - Read one user by any of its identifiers, the users a search matches, the archived (deleted)
    users, or every user of the pool. Lists are read page by page.
  - Custom data, groups and roles are read in the same request as the users when asked for.
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.info_attributes
options:
  id:
    description:
      - ID of the user to read.
    type: str
  username:
    description:
      - Username of the user to read (case-sensitive).
      - When O(id), O(username), O(email), O(phone) and O(external_id) are all omitted, a list is
        returned (see O(query) and O(archived)).
    type: str
  email:
    description:
      - Email address of the user to read (case-insensitive).
    type: str
  phone:
    description:
      - Phone number of the user to read.
    type: str
  external_id:
    description:
      - ID of the user in another system.
    type: str
  query:
    description:
      - Return the users whose username, email, phone, nickname or name contain this text
        (case-insensitive). Ignored when an identifier is given.
    type: str
  query_groups:
    description:
      - Return only users in at least one of these groups (codes); combines with O(query).
    type: list
    elements: str
  query_roles:
    description:
      - Return only users holding at least one of these roles; combines with O(query).
      - Each is a role code in the V(default) namespace, or a dict with C(code) and either C(app)
        (an application identifier or ID) or C(namespace).
    type: list
    elements: raw
  archived:
    description:
      - Return the archived (deleted) users instead. Custom data, groups and roles are not read
        for them.
    type: bool
    default: false
  with_custom_data:
    description:
      - Also return the values of the users' custom fields.
    type: bool
    default: false
  with_groups:
    description:
      - Also return the codes of the users' groups.
    type: bool
    default: false
  with_roles:
    description:
      - Also return the users' roles in every namespace (one extra request lists the applications).
    type: bool
    default: false
seealso:
  - module: authing.cloud.authing_user
'''

EXAMPLES = r'''
- name: Define a custom field
  authing.cloud.authing_custom_field:
    key: department
    data_type: STRING

- name: Create a group
  authing.cloud.authing_group:
    code: research
    name: Research

- name: Give alice custom data and the group
  authing.cloud.authing_user:
    username: alice
    nickname: Ali
    custom_data:
      department: Research
    groups: [research]

- name: Read one user with custom data, groups and roles
  authing.cloud.authing_user_info:
    username: alice
    with_custom_data: true
    with_groups: true
    with_roles: true
  register: alice

- name: Show alice's department
  ansible.builtin.debug:
    msg: "{{ alice.users[0].custom_data.department }}"

- name: Search users by name within a group
  authing.cloud.authing_user_info:
    query: ali
    query_groups: [research]
  register: found

- name: Read every user of the pool
  authing.cloud.authing_user_info:
  register: everyone

- name: Show the usernames
  ansible.builtin.debug:
    msg: "{{ everyone.users | map(attribute='username') | list }}"
'''

RETURN = r'''
users:
  description: 'The users found: none or one when an identifier is given, else every user (or every match of the
    search), in creation order.'
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the user (null in a check-mode prediction of a new user).
      type: str
      sample: 6b02cde46b83261d8c6aa8d7
    username:
      description: Username.
      type: str
      sample: alice
    email:
      description: Email address, in lower case.
      type: str
      sample: alice@example.com
    phone:
      description: Phone number.
      type: str
      sample: null
    external_id:
      description: ID of the user in another system.
      type: str
      sample: E1024
    nickname:
      description: Nickname.
      type: str
      sample: Ali
    name:
      description: Full name.
      type: str
      sample: null
    given_name:
      description: Given name.
      type: str
      sample: Alice
    family_name:
      description: Family name.
      type: str
      sample: Liddell
    middle_name:
      description: Middle name.
      type: str
      sample: null
    preferred_username:
      description: Preferred name.
      type: str
      sample: null
    profile:
      description: URL of a profile page.
      type: str
      sample: null
    photo:
      description: URL of the avatar.
      type: str
      sample: https://files.authing.co/authing-console/default-user-avatar.png
    website:
      description: Personal website.
      type: str
      sample: null
    company:
      description: Company.
      type: str
      sample: null
    gender:
      description: Gender, V(M), V(F) or V(U).
      type: str
      sample: U
    birthdate:
      description: Birth date.
      type: str
      sample: null
    locale:
      description: Language.
      type: str
      sample: null
    zoneinfo:
      description: Time zone.
      type: str
      sample: null
    address:
      description: Address.
      type: str
      sample: null
    formatted:
      description: Full postal address.
      type: str
      sample: null
    street_address:
      description: Street address.
      type: str
      sample: null
    locality:
      description: Locality.
      type: str
      sample: null
    region:
      description: Region.
      type: str
      sample: null
    postal_code:
      description: Postal code.
      type: str
      sample: null
    city:
      description: City.
      type: str
      sample: Beijing
    province:
      description: Province.
      type: str
      sample: null
    country:
      description: Country.
      type: str
      sample: null
    phone_country_code:
      description: Country calling code of the phone number.
      type: str
      sample: null
    email_verified:
      description: Whether the email address is verified.
      type: bool
      sample: false
    phone_verified:
      description: Whether the phone number is verified.
      type: bool
      sample: false
    blocked:
      description: Whether the account is locked.
      type: bool
      sample: false
    unionid:
      description: ID at a social login provider.
      type: str
      sample: null
    openid:
      description: OpenID from WeChat login.
      type: str
      sample: null
    browser:
      description: Browser last used.
      type: str
      sample: null
    device:
      description: Device last used.
      type: str
      sample: null
    token_expired_at:
      description: When the login token expires.
      type: str
      sample: null
    signed_up:
      description: When the user signed up (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00+00:00'
    logins_count:
      description: How many times the user logged in.
      type: int
      sample: 0
    last_login:
      description: When the user last logged in.
      type: str
      sample: null
    last_ip:
      description: IP address of the last login.
      type: str
      sample: null
    register_source:
      description: Where the user came from.
      type: list
      elements: str
      sample:
        - import:manual
    arn:
      description: Resource name of the user.
      type: str
      sample: arn:cn:authing:6123456789abcdef01234567:user:6b02cde46b83261d8c6aa8d7
    status:
      description: Account status, for example V(Activated).
      type: str
      sample: Activated
    created_at:
      description: Creation time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00+00:00'
    updated_at:
      description: Last update time (ISO 8601).
      type: str
      sample: '2026-11-22T10:00:00+00:00'
    custom_data:
      description: Values of the custom fields, by key.
      returned: when O(with_custom_data=true)
      type: dict
      sample:
        department: Research
    groups:
      description: Codes of the groups the user is in, sorted.
      returned: when O(with_groups=true)
      type: list
      elements: str
      sample:
        - engineering
    roles:
      description: 'Roles of the user, sorted: codes, prefixed with C(<application identifier>/) for application
        roles.'
      returned: when O(with_roles=true)
      type: list
      elements: str
      sample:
        - developer
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_info_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.users import INFO_OPTIONS, USER


def main():
    run_info_module(USER, extra_spec=INFO_OPTIONS)


if __name__ == '__main__':
    main()
