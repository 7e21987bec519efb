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
  - Besides its name and callback URLs, an application carries its OIDC protocol settings
    (O(grant_types), token lifetimes...) and the settings of its login page (O(login_tabs),
    O(register_disabled)...). Choices and the default tabs are checked before any change.
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
  grant_types:
    description:
      - OIDC grant types the application may use. Compared as a set.
      - A new application has V(authorization_code), V(password) and V(refresh_token).
    type: list
    elements: str
    choices: [authorization_code, implicit, refresh_token, password, client_credentials,
              'http://authing.cn/oidc/grant_type/authing_token']
  response_types:
    description:
      - OIDC response types of the authorization endpoint. Compared as a set.
      - A new application has V(code).
    type: list
    elements: str
    choices: [code, id_token, token, code id_token, code token, id_token token, code id_token token]
  token_endpoint_auth_method:
    description:
      - How the application authenticates at the token endpoint; the service default is
        V(client_secret_post).
    type: str
    choices: [client_secret_post, client_secret_basic, none]
  id_token_signed_response_alg:
    description:
      - Algorithm that signs the ID tokens; the service default is V(HS256).
    type: str
    choices: [HS256, RS256]
  access_token_lifetime:
    description:
      - Lifetime of access tokens in seconds (positive); the service default is 1209600 (14 days).
    type: int
  id_token_lifetime:
    description:
      - Lifetime of ID tokens in seconds (positive); the service default is 1209600 (14 days).
    type: int
  refresh_token_lifetime:
    description:
      - Lifetime of refresh tokens in seconds (positive); the service default is 2592000 (30 days).
    type: int
  authorization_code_lifetime:
    description:
      - Lifetime of authorization codes in seconds (positive); the service default is 600.
    type: int
  skip_consent:
    description:
      - Skip the consent page after login; the service default is V(true).
    type: bool
  logout_redirect_uris:
    description:
      - URLs the application may return to after logout. Compared as a set.
    type: list
    elements: str
  login_tabs:
    description:
      - The login methods of the login page, in the order it shows them (order matters). Not
        empty; each method once.
      - A new application has V(phone-code) and V(password).
    type: list
    elements: str
    choices: [password, phone-code, ldap, ad, app-qrcode, wechat-miniprogram-qrcode, wechatmp-qrcode]
  default_login_tab:
    description:
      - The login method shown first. It must be one of O(login_tabs) (the given ones, else the
        application's); the task fails before any change otherwise. The service default is
        V(password).
    type: str
    choices: [password, phone-code, ldap, ad, app-qrcode, wechat-miniprogram-qrcode, wechatmp-qrcode]
  register_tabs:
    description:
      - The registration methods of the login page, in order (order matters). Not empty; to stop
        registration use O(register_disabled).
      - A new application has V(email) and V(phone).
    type: list
    elements: str
    choices: [email, phone]
  default_register_tab:
    description:
      - The registration method shown first; one of O(register_tabs). The service default is V(email).
    type: str
    choices: [email, phone]
  register_disabled:
    description:
      - Turn registration off on the application's login page.
    type: bool
  agreement_enabled:
    description:
      - Show the application's registration agreements (M(authing.cloud.authing_agreement)); they
        are shown only while this is on.
    type: bool
  sso_enabled:
    description:
      - Take part in the user pool's single sign-on.
    type: bool
  skip_mfa:
    description:
      - Skip multi-factor authentication when logging in to this application.
    type: bool
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
      grant_types:
        description: OIDC grant types, compared as a set.
        type: list
        elements: str
        choices: [authorization_code, implicit, refresh_token, password, client_credentials,
                  'http://authing.cn/oidc/grant_type/authing_token']
      response_types:
        description: OIDC response types, compared as a set.
        type: list
        elements: str
        choices: [code, id_token, token, code id_token, code token, id_token token, code id_token token]
      token_endpoint_auth_method:
        description: How the application authenticates at the token endpoint.
        type: str
        choices: [client_secret_post, client_secret_basic, none]
      id_token_signed_response_alg:
        description: Algorithm that signs the ID tokens.
        type: str
        choices: [HS256, RS256]
      access_token_lifetime:
        description: Lifetime of access tokens in seconds.
        type: int
      id_token_lifetime:
        description: Lifetime of ID tokens in seconds.
        type: int
      refresh_token_lifetime:
        description: Lifetime of refresh tokens in seconds.
        type: int
      authorization_code_lifetime:
        description: Lifetime of authorization codes in seconds.
        type: int
      skip_consent:
        description: Skip the consent page after login.
        type: bool
      logout_redirect_uris:
        description: URLs to return to after logout, compared as a set.
        type: list
        elements: str
      login_tabs:
        description: The login methods of the login page, in order.
        type: list
        elements: str
        choices: [password, phone-code, ldap, ad, app-qrcode, wechat-miniprogram-qrcode, wechatmp-qrcode]
      default_login_tab:
        description: The login method shown first; one of the login tabs.
        type: str
        choices: [password, phone-code, ldap, ad, app-qrcode, wechat-miniprogram-qrcode, wechatmp-qrcode]
      register_tabs:
        description: The registration methods of the login page, in order.
        type: list
        elements: str
        choices: [email, phone]
      default_register_tab:
        description: The registration method shown first; one of the register tabs.
        type: str
        choices: [email, phone]
      register_disabled:
        description: Turn registration off.
        type: bool
      agreement_enabled:
        description: Show the registration agreements.
        type: bool
      sso_enabled:
        description: Take part in single sign-on.
        type: bool
      skip_mfa:
        description: Skip multi-factor authentication.
        type: bool
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

- name: OIDC and login page settings (only the options given are managed)
  authing.cloud.authing_application:
    identifier: example-portal-v2
    grant_types: [authorization_code, refresh_token]
    response_types: [code]
    token_endpoint_auth_method: client_secret_basic
    id_token_signed_response_alg: RS256
    access_token_lifetime: 3600
    refresh_token_lifetime: 604800
    skip_consent: false
    logout_redirect_uris: [https://portal.example.com/logged-out]
    login_tabs: [password, phone-code]
    default_login_tab: password
    register_disabled: true
    agreement_enabled: true
    skip_mfa: false

- name: Manage several applications in one task
  authing.cloud.authing_application:
    applications:
      - identifier: example-admin
        name: Admin console
        redirect_uris: [https://admin.example.com/callback]
      - identifier: example-mobile
        name: Mobile app
        app_type: BOTH
        grant_types: [authorization_code, refresh_token]
        sso_enabled: true

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
    grant_types:
      description: OIDC grant types.
      type: list
      elements: str
      sample: [authorization_code, password, refresh_token]
    response_types:
      description: OIDC response types.
      type: list
      elements: str
      sample: [code]
    token_endpoint_auth_method:
      description: How the application authenticates at the token endpoint.
      type: str
      sample: client_secret_post
    id_token_signed_response_alg:
      description: Algorithm that signs the ID tokens.
      type: str
      sample: HS256
    access_token_lifetime:
      description: Lifetime of access tokens in seconds.
      type: int
      sample: 1209600
    id_token_lifetime:
      description: Lifetime of ID tokens in seconds.
      type: int
      sample: 1209600
    refresh_token_lifetime:
      description: Lifetime of refresh tokens in seconds.
      type: int
      sample: 2592000
    authorization_code_lifetime:
      description: Lifetime of authorization codes in seconds.
      type: int
      sample: 600
    skip_consent:
      description: Whether the consent page is skipped.
      type: bool
      sample: true
    logout_redirect_uris:
      description: URLs to return to after logout.
      type: list
      elements: str
      sample: []
    login_tabs:
      description: The login methods of the login page, in order.
      type: list
      elements: str
      sample: [phone-code, password]
    default_login_tab:
      description: The login method shown first.
      type: str
      sample: password
    register_tabs:
      description: The registration methods of the login page, in order.
      type: list
      elements: str
      sample: [email, phone]
    default_register_tab:
      description: The registration method shown first.
      type: str
      sample: email
    register_disabled:
      description: Whether registration is off.
      type: bool
      sample: false
    agreement_enabled:
      description: Whether the registration agreements are shown.
      type: bool
      sample: false
    sso_enabled:
      description: Whether the application takes part in single sign-on.
      type: bool
      sample: false
    skip_mfa:
      description: Whether multi-factor authentication is skipped.
      type: bool
      sample: false
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
