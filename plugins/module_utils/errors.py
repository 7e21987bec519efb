# -*- coding: utf-8 -*-
# Copyright (c) 2026, authing.cloud contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Authing failures as exceptions a user can act on.

Authing answers in Chinese with a business code; users of this collection read English and
need to know what to fix. The code table is the one place that turns a code into a cause, a
fix and a ``kind`` callers can branch on (so no caller compares codes). Codes the wire
reference marks [UNK] are the ones chosen in docs/dev/contracts.md (and the emulator).
"""

CREDENTIALS = 'credentials'
CONNECTION = 'connection'
CONFLICT = 'conflict'
NOT_FOUND = 'not_found'
INVALID = 'invalid'
RATE_LIMITED = 'rate_limited'
SERVER = 'server'
OTHER = 'other'
KINDS = (CREDENTIALS, CONNECTION, CONFLICT, NOT_FOUND, INVALID, RATE_LIMITED, SERVER, OTHER)

HEADLINES = {
    CREDENTIALS: 'Authentication failed',
    CONNECTION: 'Connection failed',
    CONFLICT: 'Already exists',
    NOT_FOUND: 'Not found',
    INVALID: 'Invalid request',
    RATE_LIMITED: 'Rate limited',
    SERVER: 'Authing server error',
    OTHER: 'Refused by Authing',
}

_SECRET = 'Check secret / AUTHING_USERPOOL_SECRET.'
_POOL = 'Check user_pool_id / AUTHING_USERPOOL_ID and host / AUTHING_HOST.'
_TOKEN = ('Check access_token / AUTHING_ACCESS_TOKEN, or give user_pool_id and secret so the token can be '
          'renewed.')

# code -> (kind, cause, fix). A None cause means the code says too little on its own: the message
# then carries the server's text.
CODES = {
    400: (INVALID, None, 'Check the values given to the module.'),
    404: (NOT_FOUND, None, None),
    429: (RATE_LIMITED, 'Authing is throttling requests', 'Lower concurrency or rate_limit, or retry later.'),
    500: (SERVER, None, 'Retry later; if it persists, contact the Authing administrator.'),
    502: (SERVER, 'Authing (or a proxy in front of it) is unavailable', 'Retry later.'),
    503: (SERVER, 'Authing is temporarily unavailable', 'Retry later.'),
    504: (SERVER, 'Authing (or a proxy in front of it) timed out', 'Retry later or raise timeout.'),
    1000: (SERVER, 'Authing is busy', 'Retry later.'),
    1001: (CREDENTIALS, 'the user pool secret is wrong, or grants no permission for this operation', _SECRET),
    2003: (INVALID, 'the email address is not valid', 'Fix the email value.'),
    2004: (NOT_FOUND, 'the user does not exist', 'Check the user id, username, email or phone.'),
    2005: (OTHER, 'the user is locked', 'Unlock the user in the Authing console.'),
    2007: (INVALID, 'the application name is not valid', 'Fix the application name.'),
    2008: (CONFLICT, 'an application with this name already exists', 'Choose another name.'),
    2010: (INVALID, 'the application id is missing', 'Give the application id.'),
    2011: (NOT_FOUND, 'the application does not exist', 'Check the application id or identifier.'),
    2013: (INVALID, 'the application description is not valid', 'Fix the description.'),
    2016: (INVALID, 'the server could not decrypt the password',
           'The password was encrypted with a public key this server does not accept.'),
    2020: (CREDENTIALS, 'the management token is missing, invalid or expired', _TOKEN),
    2024: (INVALID, 'the description is longer than 140 characters', 'Shorten the description.'),
    2026: (CONFLICT, 'the user already exists', 'Use another username, email or phone, or manage the existing user.'),
    2028: (INVALID, 'a valid phone number or email is required', 'Fix the phone or email value.'),
    2029: (INVALID, 'the password is shorter than 6 characters', 'Use a longer password.'),
    2030: (INVALID, 'at most 80 users can be read at once', 'Ask for fewer users per call.'),
    2034: (CONFLICT, 'the username is already taken', 'Use another username.'),
    2035: (CONFLICT, 'the phone number is already bound to another user', 'Use another phone number.'),
    2036: (NOT_FOUND, 'the user does not belong to this user pool', 'Check the user id and user_pool_id.'),
    2039: (CONFLICT, 'the application identifier (domain) is already taken',
           'Choose another identifier; identifiers are unique across Authing.'),
    2050: (CONFLICT, 'a group with this code already exists', 'Choose another code.'),
    2051: (NOT_FOUND, 'the group does not exist', 'Check the group code.'),
    2060: (CONFLICT, 'a role with this code already exists in this namespace', 'Choose another code.'),
    2061: (NOT_FOUND, 'the role does not exist', 'Check the role code and its namespace (application).'),
    2070: (CONFLICT, 'a resource with this code already exists in this namespace', 'Choose another code.'),
    2071: (NOT_FOUND, 'the resource does not exist', 'Check the resource code and its namespace (application).'),
    2080: (INVALID, 'the custom field is not defined', 'Define the custom field (UDF) first.'),
    2081: (INVALID, 'the custom field value has the wrong type', "Give a value of the field's type."),
    2090: (CONFLICT, 'a policy with this code already exists in this namespace', 'Choose another code.'),
    2091: (NOT_FOUND, 'the policy does not exist', 'Check the policy code and its namespace (application).'),
    2101: (INVALID, 'the application id is missing', 'Give the application id.'),
    2200: (CONFLICT, 'the email address is already bound to another user', 'Use another email address.'),
    2204: (INVALID, 'the email address is not valid', 'Fix the email value.'),
    2209: (OTHER, 'no permission to delete this user', 'Check the user and the permissions of the pool owner.'),
    2210: (NOT_FOUND, 'the user to delete does not exist', 'Check the user id.'),
    2212: (INVALID, 'the root user cannot be deleted', 'Leave the root user alone.'),
    2224: (CREDENTIALS, 'the user pool does not exist', _POOL),
    2225: (INVALID, 'the email cannot be changed by updateUser', 'Change the email through the console or the user.'),
    2226: (INVALID, 'the phone cannot be changed by updateUser', 'Change the phone through the console or the user.'),
    2231: (INVALID, 'required request parameters are missing', 'Give every required option.'),
    2333: (INVALID, 'the account or password is wrong', 'Check the account and password.'),
    2400: (NOT_FOUND, 'the organisation does not exist', 'Check the organisation code or id.'),
    2401: (NOT_FOUND, 'the organisation node does not exist', 'Check the node code (org/node) or id.'),
    2402: (CONFLICT, 'a node (or organisation) with this code already exists', 'Node codes are unique within an organisation.'),
    2403: (INVALID, 'a node cannot move under itself or one of its descendants, and the root cannot move',
           'Choose another parent.'),
    2404: (INVALID, 'the root node cannot be deleted', 'Delete the organisation instead.'),
}

# During the token exchange a code can only mean one thing about the connection settings.
TOKEN_CODES = {
    1001: (CREDENTIALS, 'the user pool secret is wrong', _SECRET),
    2224: (CREDENTIALS, 'the user pool ID is unknown to this host', _POOL),
}


def kind_of(code):
    """The kind of a code; unknown codes are 'other' rather than a guess."""
    return CODES[code][0] if code in CODES else OTHER


def explain(code, server_message=None, token=False):
    """``(kind, clause)``: the clause has no headline, so callers can put it after their own context."""
    entry = (token and TOKEN_CODES.get(code)) or CODES.get(code)
    said = 'the server said: %s' % server_message if server_message else 'the server gave no message'
    if entry is None:
        return OTHER, ('Authing error (code %s); %s' % (code, said) if code is not None else 'Authing error; ' + said)
    kind, cause, fix = entry
    text = '%s (code %s)' % (cause, code) if cause else '%s (code %s); %s' % (HEADLINES[kind].lower(), code, said)
    return kind, text + ('. ' + fix if fix else '')


def describe(code, server_message=None):
    """The full English message for a server error: cause with code, then the fix.

    Credential failures get a headline: their cause alone ("the user pool does not exist") does
    not say that nothing could be done at all.
    """
    kind, text = explain(code, server_message)
    return '%s: %s' % (HEADLINES[kind], text) if kind == CREDENTIALS else sentence(text)


def sentence(text):
    return text[:1].upper() + text[1:]


def clause(text):
    """Lower-case the first letter unless it starts an acronym ('HTTP 503', 'TLS')."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


class AuthingError(Exception):
    """Every failure of an API call, whatever its wire format.

    ``message`` is English and safe to show (``str(exc)``); ``server_message`` is what the server
    said, verbatim, None when nothing came back. ``code`` is Authing's business code (or the HTTP
    status for transport failures, None when nothing came back); ``operation`` names the call.
    ``kind`` (one of KINDS) lets callers branch without knowing codes.
    """

    default_kind = None

    def __init__(self, message, code=None, operation=None, retryable=False, server_message=None, kind=None):
        super(AuthingError, self).__init__(message)
        self.message = message
        self.code = code
        self.operation = operation
        self.retryable = retryable
        self.server_message = server_message
        self.kind = kind or self.default_kind or kind_of(code)

    def __str__(self):
        return self.message

    @property
    def already_exists(self):
        """True for the "already exists / already taken" family (a create that lost a race, a taken name)."""
        return self.kind == CONFLICT

    is_conflict = already_exists


class CredentialError(AuthingError):
    """The credentials (secret, pool, access token) are wrong, missing or expired: fix the connection options."""

    default_kind = CREDENTIALS


class ConnectionFailed(AuthingError):
    """Authing could not be reached (DNS, refused, TLS, timeout, or no usable answer from the host)."""

    default_kind = CONNECTION


class CheckModeWriteError(AuthingError):
    """A write was attempted in check mode: a bug in the caller, never a user error."""

    default_kind = OTHER


def from_server(code, server_message, operation=None):
    """The error for a business failure the server reported, with the class its kind calls for."""
    kind = kind_of(code)
    cls = CredentialError if kind == CREDENTIALS else AuthingError
    return cls(describe(code, server_message), code=code, operation=operation, server_message=server_message)
