#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_user
short_description: Manage Authing users, their custom data, groups and roles
version_added: 1.0.0
description:
  - Create, update and delete the users of an Authing user pool, set their passwords, custom data,
    groups and roles.
  - A user is found by O(id), O(username), O(email), O(phone) or O(external_id). One task manages
    one user, or many users at once (O(users)) with batched reads, one management token and
    bounded parallel writes.
  - An option that is not given is not managed; it is never compared and never sent.
  - For migrations from another system, O(keep_password) takes password hashes as they are, and
    O(signed_up), O(logins_count), O(last_login), O(last_ip) and O(register_source) take initial
    values.
author:
  - authing.cloud contributors (@authing-cloud)
requirements:
  - cryptography (to send passwords)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.bulk
  - authing.cloud.connection.attributes
options:
  id:
    description:
      - 'ID of the user: finds it, never creates it (an unknown ID fails the task).'
      - With other identifiers, those become attributes to change (rename a user by ID).
    type: str
  username:
    description:
      - Username, unique in the user pool; case-sensitive.
      - The first of O(id), O(username), O(email), O(phone) and O(external_id) that is given identifies the user;
        the others are attributes that may change.
      - When no user has it, the next ones are tried, but they only find a user who has no
        identifier of the first kind - an item with a new O(username) and the O(email) of a user
        without a username gives that user one; it never renames a user (use O(id) for that).
      - One of O(id), O(username), O(email), O(phone), O(external_id) or O(users) is required.
    type: str
  email:
    description:
      - Email address, unique in the user pool; case-insensitive (stored in lower case).
      - An invalid address fails the task before anything is written.
    type: str
  phone:
    description:
      - Phone number, unique in the user pool.
    type: str
  external_id:
    description:
      - ID of the user in another system (for example an employee number), unique in the user pool.
    type: str
  password:
    description:
      - Password of the user. Sent RSA-encrypted with the server's public key, never returned, logged or shown in
        a diff.
      - Set when the user is created; on an existing user only with O(update_password=always).
    type: str
  update_password:
    description:
      - V(on_create) sets O(password) only when the user is created (a password cannot be read back to compare),
        V(always) sets it on every run, which then always reports a change.
    type: str
    choices:
      - always
      - on_create
    default: on_create
  keep_password:
    description:
      - 'For migrations: O(password) is a hash from another system, stored as given instead of being hashed again.'
      - Only applies when the user is created.
    type: bool
  nickname:
    type: str
    description:
      - Nickname. V('') clears it.
  name:
    type: str
    description:
      - Full name. V('') clears it.
  given_name:
    type: str
    description:
      - Given name. V('') clears it.
  family_name:
    type: str
    description:
      - Family name. V('') clears it.
  middle_name:
    type: str
    description:
      - Middle name. V('') clears it.
  preferred_username:
    type: str
    description:
      - Preferred name. V('') clears it.
  profile:
    type: str
    description:
      - URL of a profile page. V('') clears it.
  photo:
    type: str
    description:
      - URL of the avatar. The service gives new users a default avatar. V('') clears it.
  website:
    type: str
    description:
      - Personal website. V('') clears it.
  company:
    type: str
    description:
      - Company. V('') clears it.
  gender:
    type: str
    choices:
      - M
      - F
      - U
    description:
      - 'Gender: V(M) male, V(F) female, V(U) unknown (the default of new users).'
  birthdate:
    type: str
    description:
      - Birth date. V('') clears it.
  locale:
    type: str
    description:
      - Language, for example V(zh-CN). V('') clears it.
  zoneinfo:
    type: str
    description:
      - Time zone, for example V(Asia/Shanghai). V('') clears it.
  address:
    type: str
    description:
      - Address. V('') clears it.
  formatted:
    type: str
    description:
      - Full postal address, formatted for display. V('') clears it.
  street_address:
    type: str
    description:
      - Street address. V('') clears it.
  locality:
    type: str
    description:
      - Locality. V('') clears it.
  region:
    type: str
    description:
      - Region. V('') clears it.
  postal_code:
    type: str
    description:
      - Postal code. V('') clears it.
  city:
    type: str
    description:
      - City. V('') clears it.
  province:
    type: str
    description:
      - Province. V('') clears it.
  country:
    type: str
    description:
      - Country. V('') clears it.
  phone_country_code:
    type: str
    description:
      - Country calling code of O(phone), for example V(+86). V('') clears it.
  email_verified:
    type: bool
    description:
      - Whether the email address is verified.
  phone_verified:
    type: bool
    description:
      - Whether the phone number is verified.
  blocked:
    type: bool
    description:
      - Whether the account is locked (a locked user cannot log in).
  unionid:
    type: str
    description:
      - ID of the user at a social login provider.
  openid:
    type: str
    description:
      - OpenID returned by WeChat login.
  browser:
    type: str
    description:
      - Browser the user last used.
  device:
    type: str
    description:
      - Device the user last used.
  token_expired_at:
    type: str
    description:
      - When the user's login token expires (ISO 8601); a time in the past makes the current token invalid.
  signed_up:
    type: str
    description:
      - When the user signed up (ISO 8601), from the system the user is migrated from.
      - 'An initial value for migrations: sent when the user is created, never compared or changed afterwards.'
  logins_count:
    type: int
    description:
      - How many times the user logged in, from the system the user is migrated from.
      - 'An initial value for migrations: sent when the user is created, never compared or changed afterwards.'
  last_login:
    type: str
    description:
      - When the user last logged in (ISO 8601), from the system the user is migrated from.
      - 'An initial value for migrations: sent when the user is created, never compared or changed afterwards.'
  last_ip:
    type: str
    description:
      - IP address of the last login, from the system the user is migrated from.
      - 'An initial value for migrations: sent when the user is created, never compared or changed afterwards.'
  register_source:
    type: list
    elements: str
    description:
      - Where the user came from, for example V(import:manual).
      - 'An initial value for migrations: sent when the user is created, never compared or changed afterwards.'
  custom_data:
    description:
      - Values of the user's custom fields, by field key. Only the keys given are managed; a key set to V(null)
        removes the value.
      - 'Each field must be defined first (M(authing.cloud.authing_custom_field)) and each value must match its
        data type: a string for V(STRING), a number for V(NUMBER), V(true)/V(false) for V(BOOLEAN), a dict or list
        for V(OBJECT), an ISO 8601 timestamp for V(DATETIME) and one of the option values for V(SELECT).'
      - An undefined key or a value of the wrong type fails the task before anything is written.
    type: dict
  groups:
    description:
      - Codes of the groups the user is in. Unknown groups fail the task before anything is written.
    type: list
    elements: str
  groups_mode:
    description:
      - V(exact) makes the user's groups exactly O(groups), V(append) adds the user to them and keeps the others,
        V(remove) takes the user out of them and keeps the others.
    type: str
    choices:
      - exact
      - append
      - remove
    default: exact
  roles:
    description:
      - 'Roles of the user. Each is a role code in the user pool''s V(default) namespace, or a dict with C(code)
        and either C(app) (an application identifier or ID: a role of that application) or C(namespace) (a namespace
        code).'
      - Unknown roles or applications fail the task before anything is written.
      - Returned as codes, prefixed with C(<application identifier>/) for application roles.
    type: list
    elements: raw
  roles_mode:
    description:
      - V(exact) makes the user's roles in every namespace (the default one and each application's) exactly O(roles),
        V(append) adds them and keeps the others, V(remove) takes them away and keeps the others.
    type: str
    choices:
      - exact
      - append
      - remove
    default: exact
  state:
    description:
      - Whether the user should exist. Deleting a user also deletes its custom data and memberships.
      - In O(users), the default for items without their own O(users[].state).
    type: str
    choices:
      - present
      - absent
    default: present
  users:
    description:
      - 'Many users reconciled in one task: read 80 at a time with their custom data, groups and roles, written
        with O(concurrency) parallel requests, one management token. Mutually exclusive with the single-user options.'
      - Two items must not claim the same username, email, phone or external ID.
      - The result lists one entry per user, in the same order.
    type: list
    elements: dict
    suboptions:
      id:
        description: ID of the user (finds it, never creates it).
        type: str
      username:
        description: Username, unique in the user pool.
        type: str
      email:
        description: Email address (case-insensitive).
        type: str
      phone:
        description: Phone number.
        type: str
      external_id:
        description: ID of the user in another system.
        type: str
      password:
        description: Password (see O(password)).
        type: str
      update_password:
        description: When O(users[].password) is sent.
        type: str
        choices:
          - always
          - on_create
        default: on_create
      keep_password:
        description: O(users[].password) is a hash from another system (creation only).
        type: bool
      nickname:
        type: str
        description: Nickname.
      name:
        type: str
        description: Full name.
      given_name:
        type: str
        description: Given name.
      family_name:
        type: str
        description: Family name.
      middle_name:
        type: str
        description: Middle name.
      preferred_username:
        type: str
        description: Preferred name.
      profile:
        type: str
        description: URL of a profile page.
      photo:
        type: str
        description: URL of the avatar. The service gives new users a default avatar.
      website:
        type: str
        description: Personal website.
      company:
        type: str
        description: Company.
      gender:
        type: str
        choices:
          - M
          - F
          - U
        description: Gender.
      birthdate:
        type: str
        description: Birth date.
      locale:
        type: str
        description: Language, for example V(zh-CN).
      zoneinfo:
        type: str
        description: Time zone, for example V(Asia/Shanghai).
      address:
        type: str
        description: Address.
      formatted:
        type: str
        description: Full postal address, formatted for display.
      street_address:
        type: str
        description: Street address.
      locality:
        type: str
        description: Locality.
      region:
        type: str
        description: Region.
      postal_code:
        type: str
        description: Postal code.
      city:
        type: str
        description: City.
      province:
        type: str
        description: Province.
      country:
        type: str
        description: Country.
      phone_country_code:
        type: str
        description: Country calling code of O(phone), for example V(+86).
      email_verified:
        type: bool
        description: Whether the email address is verified.
      phone_verified:
        type: bool
        description: Whether the phone number is verified.
      blocked:
        type: bool
        description: Whether the account is locked (a locked user cannot log in).
      unionid:
        type: str
        description: ID of the user at a social login provider.
      openid:
        type: str
        description: OpenID returned by WeChat login.
      browser:
        type: str
        description: Browser the user last used.
      device:
        type: str
        description: Device the user last used.
      token_expired_at:
        type: str
        description: When the user's login token expires (ISO 8601); a time in the past makes the current token
          invalid.
      signed_up:
        type: str
        description: When the user signed up (ISO 8601), from the system the user is migrated from. Creation only.
      logins_count:
        type: int
        description: How many times the user logged in, from the system the user is migrated from. Creation only.
      last_login:
        type: str
        description: When the user last logged in (ISO 8601), from the system the user is migrated from. Creation
          only.
      last_ip:
        type: str
        description: IP address of the last login, from the system the user is migrated from. Creation only.
      register_source:
        type: list
        elements: str
        description: Where the user came from, for example V(import:manual). Creation only.
      custom_data:
        description: Values of custom fields, by key (only these keys are managed).
        type: dict
      groups:
        description: Codes of the groups the user is in.
        type: list
        elements: str
      groups_mode:
        description: How O(users[].groups) is applied.
        type: str
        choices:
          - exact
          - append
          - remove
        default: exact
      roles:
        description: Roles of the user (codes, or dicts with C(code) and C(app) or C(namespace)).
        type: list
        elements: raw
      roles_mode:
        description: How O(users[].roles) is applied.
        type: str
        choices:
          - exact
          - append
          - remove
        default: exact
      state:
        description: Whether this user should exist; defaults to O(state).
        type: str
        choices:
          - present
          - absent
  users_mode:
    description:
      - How O(users) is applied. V(append) reconciles the listed users and leaves the others alone, V(exact) also
        deletes every user of the pool that is not listed, V(remove) deletes the listed users.
    type: str
    choices:
      - exact
      - append
      - remove
    default: append
notes:
  - Passwords travel RSA-encrypted (PKCS#1 v1.5) with the public key the server publishes at
    C(/api/v2/.well-known), as the official SDKs send them.
  - Every bad input fails the task before anything is written, also in O(users) - unknown groups,
    roles or custom fields, custom data of the wrong type, invalid email addresses, and two items
    claiming the same username, email, phone or external ID.
seealso:
  - module: authing.cloud.authing_user_info
  - module: authing.cloud.authing_custom_field
  - module: authing.cloud.authing_group
  - module: authing.cloud.authing_role
'''

EXAMPLES = r'''
- name: Define the custom fields the users below use
  authing.cloud.authing_custom_field:
    custom_fields:
      - key: department
        data_type: STRING
      - key: level
        data_type: NUMBER

- name: Create the groups the users below join
  authing.cloud.authing_group:
    groups:
      - code: engineering
        name: Engineering
      - code: oncall
        name: On call

- name: Create the roles the users below hold
  authing.cloud.authing_role:
    roles:
      - code: developer
      - code: operator

- name: Create a user with a password, a profile, custom data, groups and roles
  authing.cloud.authing_user:
    username: erin
    email: Erin@Example.com
    password: Initial-Passw0rd  # keep real passwords in Ansible Vault
    nickname: Erin
    given_name: Erin
    family_name: Smith
    custom_data:
      department: Research
      level: 3
    groups: [engineering]
    roles: [developer]

- name: Change the profile of an existing user
  authing.cloud.authing_user:
    username: alice
    nickname: Ali
    email: alice@example.com
    email_verified: true

- name: Set a new password now (a password cannot be read back, so this always reports a change)
  authing.cloud.authing_user:
    username: erin
    password: Rotated-Passw0rd
    update_password: always

- name: Add bob to a group and a role, keeping his other groups and roles
  authing.cloud.authing_user:
    username: bob
    groups: [oncall]
    groups_mode: append
    roles: [operator]
    roles_mode: append

- name: Lock an account, found by its email address
  authing.cloud.authing_user:
    email: ALICE@example.com
    blocked: true

- name: Reconcile many users in one task
  authing.cloud.authing_user:
    concurrency: 8
    users:
      - username: carol
        custom_data:
          department: Support
        groups: [oncall]
      - username: frank
        email: frank@example.com
        password: Frank-Passw0rd
        groups: [engineering, oncall]
      - username: dave
        state: absent

- name: Import users from another system, keeping their password hashes
  authing.cloud.authing_user:
    users:
      - username: grace
        email: grace@example.com
        password: 0f2e9c4ad2e4f0de7bdb8c4a8ab0ac0d8e8a1e9d9a43a3b8e5f0e0d1c2b3a4f5  # SHA-256 of the old password
        keep_password: true
        signed_up: '2019-04-01T08:00:00+08:00'
        logins_count: 42
        last_login: '2024-12-31T23:59:00+08:00'

- name: Delete a user
  authing.cloud.authing_user:
    username: erin
    state: absent
'''

RETURN = r'''
user:
  description: The user after the task (predicted in check mode); empty after O(state=absent). Never contains the
    password.
  returned: when the single-user options are used
  type: dict
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
      description: Values of the custom fields, by key; only when O(custom_data) is managed.
      type: dict
      sample:
        department: Research
        employee_level: 3
    groups:
      description: Codes of the groups the user is in, sorted; only when O(groups) is managed.
      type: list
      elements: str
      sample:
        - engineering
    roles:
      description: 'Roles of the user, sorted: codes, prefixed with C(<application identifier>/) for application
        roles; only when O(roles) is managed.'
      type: list
      elements: str
      sample:
        - developer
        - example-shop/shop-admin
users:
  description: One result per item of O(users), in order, plus one per user deleted by O(users_mode=exact).
  returned: when O(users) is given
  type: list
  elements: dict
  contains:
    id:
      description: The ID the item gave.
      type: str
      sample: null
    username:
      description: The username the item gave.
      type: str
      sample: carol
    email:
      description: The email the item gave.
      type: str
      sample: null
    phone:
      description: The phone number the item gave.
      type: str
      sample: null
    external_id:
      description: The external ID the item gave.
      type: str
      sample: null
    state:
      description: The state that was applied.
      type: str
      sample: present
    changed:
      description: Whether this user changed.
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
    user:
      description: The user after the task, as in RV(user).
      type: dict
      sample:
        username: carol
        groups:
          - oncall
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
  sample: 2026
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.users import USER


def main():
    run_module(USER)


if __name__ == '__main__':
    main()
