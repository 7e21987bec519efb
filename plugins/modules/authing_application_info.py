#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: authing_application_info
short_description: Read Authing applications
version_added: 1.0.0
description:
  - Read one application by its identifier or ID, or every application of the user pool (read
    page by page).
  - The application secret is left out unless O(return_secret=true).
author:
  - authing.cloud contributors (@authing-cloud)
extends_documentation_fragment:
  - authing.cloud.connection
  - authing.cloud.connection.info_attributes
options:
  identifier:
    description:
      - Identifier of the application to read.
      - When neither O(identifier) nor O(id) is given, all applications are returned.
    type: str
  id:
    description:
      - ID of the application to read.
    type: str
  return_secret:
    description:
      - Include each application's secret. Use C(no_log) on the task so the result is not displayed.
    type: bool
    default: false
  with_active_users:
    description:
      - Also read the users currently logged in to each application (one paged read per application).
    type: bool
    default: false
seealso:
  - module: authing.cloud.authing_application
'''

EXAMPLES = r'''
- name: Create an application to read
  authing.cloud.authing_application:
    identifier: example-info
    name: Example
    redirect_uris: [https://example.com/callback]

- name: Read one application with its logged-in users
  authing.cloud.authing_application_info:
    identifier: example-info
    with_active_users: true
  register: one

- name: Read every application
  authing.cloud.authing_application_info:
  register: all_apps

- name: Show the identifiers
  ansible.builtin.debug:
    msg: "{{ all_apps.applications | map(attribute='identifier') | list }}"

- name: Read the secret, without displaying it
  authing.cloud.authing_application_info:
    identifier: example-info
    return_secret: true
  register: with_secret
  no_log: true
'''

RETURN = r'''
applications:
  description: The applications found; none or one when O(identifier) or O(id) is given.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: ID of the application (also its client ID).
      type: str
      sample: 6123456789abcdef0123abcd
    identifier:
      description: Identifier (authentication sub-domain).
      type: str
      sample: example-info
    name:
      description: Display name.
      type: str
      sample: Example
    redirect_uris:
      description: Callback URLs.
      type: list
      elements: str
      sample: [https://example.com/callback]
    logo:
      description: URL of the logo.
      type: str
      sample: https://files.authing.co/authing-console/default-app-logo.png
    description:
      description: Description, or null.
      type: str
      sample: null
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
      description: ID of the user pool.
      type: str
      sample: 6123456789abcdef01234567
    protocol:
      description: Login protocol.
      type: str
      sample: oidc
    permission_strategy:
      description: The access-control state (see M(authing.cloud.authing_access_policy_info)).
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
      returned: when O(return_secret=true)
      type: str
      sample: 0f3c4a5b6d7e8f90a1b2c3d4e5f6
    active_users:
      description: Users logged in to the application, as the API returns them.
      returned: when O(with_active_users=true)
      type: list
      elements: dict
      sample: []
'''

from ansible_collections.authing.cloud.plugins.module_utils.runner import run_info_module
from ansible_collections.authing.cloud.plugins.module_utils.entities.applications import APPLICATION, add_active_users

INFO_OPTIONS = dict(
    return_secret=dict(type='bool', default=False),
    with_active_users=dict(type='bool', default=False),
)


def main():
    run_info_module(APPLICATION, extra_spec=INFO_OPTIONS, extend=add_active_users)


if __name__ == '__main__':
    main()
