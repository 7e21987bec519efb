# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):
    """Connection options shared by every authing.cloud module (engine.connection_spec)."""

    DOCUMENTATION = r'''
options:
  host:
    description:
      - Base URL of the Authing service, without a path.
      - Point it at a private deployment, or at the bundled emulator for offline tests.
      - If not set, the environment variable E(AUTHING_HOST) is used.
    type: str
    default: https://core.authing.cn
  user_pool_id:
    description:
      - ID of the user pool (tenant) to manage.
      - Required together with O(secret) to obtain a management token.
      - If not set, the environment variable E(AUTHING_USERPOOL_ID) is used.
    type: str
  secret:
    description:
      - Secret of the user pool, exchanged for a management token once per task.
      - Never logged and never returned.
      - If not set, the environment variable E(AUTHING_USERPOOL_SECRET) is used.
      - One of O(secret) or O(access_token) is required.
    type: str
  access_token:
    description:
      - A management token obtained earlier, reused instead of exchanging O(secret) again.
      - When it expires and O(secret) is also given, a new token is obtained.
      - If not set, the environment variable E(AUTHING_ACCESS_TOKEN) is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(host).
      - If not set, the environment variable E(AUTHING_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle used to verify the TLS certificate of O(host).
      - If not set, the environment variable E(AUTHING_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP response.
      - If not set, the environment variable E(AUTHING_TIMEOUT) is used.
    type: float
    default: 10
  retries:
    description:
      - How many times a request is retried after HTTP 429, 5xx or a connection error, with
        jittered exponential backoff that honours C(Retry-After).
      - A create is never re-sent blindly after an ambiguous failure; the object is read first.
      - If not set, the environment variable E(AUTHING_RETRIES) is used.
    type: int
    default: 3
  rate_limit:
    description:
      - At most this many requests per second, counted on this side, for tenants with a service
        quota. Unlimited when not set or V(0).
      - On HTTP 429 the client also slows down for a while (halving its rate, then recovering),
        besides waiting as C(Retry-After) says.
      - If not set, the environment variable E(AUTHING_RATE_LIMIT) is used.
    type: float
requirements:
  - requests
notes:
  - The modules run on the controller (or wherever the task is delegated) and talk to the
    Authing v2 management API over HTTPS; run them on C(localhost) or with C(delegate_to).
'''

    BULK = r'''
options:
  concurrency:
    description:
      - How many objects of the bulk list are read and written in parallel.
    type: int
    default: 4
'''

    ATTRIBUTES = r'''
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
  action_group:
    description: Use C(group/authing.cloud.authing) in C(module_defaults) to set connection options once.
    support: full
    membership:
      - authing.cloud.authing
'''

    INFO_ATTRIBUTES = r'''
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: This module only reads.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: This module only reads.
  action_group:
    description: Use C(group/authing.cloud.authing) in C(module_defaults) to set connection options once.
    support: full
    membership:
      - authing.cloud.authing
'''
