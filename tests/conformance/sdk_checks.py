"""Shared by the conformance scripts that run **inside the SDK's virtualenv**: the check recorder
(``sdk_groups_users.Checks`` plus what the application calls need) and the management client,
built the way an SDK user builds it.
"""

import argparse

import requests
from authing.v2.exceptions import AuthingException
from authing.v2.management.authing import ManagementClient
from authing.v2.management.types import ManagementClientOptions

from sdk_groups_users import Checks as BaseChecks


class Checks(BaseChecks):
    """``expect``/``expect_equal`` as in ``sdk_groups_users``; the ``expect_*`` call helpers take
    their own parameters positional-only, so that SDK keyword arguments such as ``code=`` pass
    through to the SDK."""

    def expect_error(self, expected_code, description, call, /, *args, **kwargs):
        """The SDK must raise AuthingException with this business code."""
        try:
            result = call(*args, **kwargs)
        except AuthingException as error:
            self.expect_equal(error.code, expected_code, description + " -> error code")
        else:
            self.expect(False, description + ": expected AuthingException %d" % expected_code, result)

    def expect_raises(self, exception_type, description, call, /, *args, **kwargs):
        """The SDK must refuse the call itself (client-side), with this exception type."""
        try:
            result = call(*args, **kwargs)
        except exception_type:
            self.expect(True, description)
        except Exception as error:  # noqa: BLE001 - report whatever else came out
            self.expect(False, description + ": expected %s" % exception_type.__name__, error)
        else:
            self.expect(False, description + ": expected %s" % exception_type.__name__, result)

    def expect_envelope(self, envelope, code, description):
        """For the SDK methods that return the raw ``{code, message, data}`` envelope and never
        raise: check ``code`` and return ``data`` (None when the envelope is not a dict)."""
        is_dict = isinstance(envelope, dict)
        self.expect(is_dict and envelope.get("code") == code, "%s: expected envelope code %r" % (description, code),
                    envelope)
        return envelope.get("data") if is_dict else None

    def summary(self):
        """Print the totals; the exit status (1 when any check failed)."""
        print("%d checks passed, %d failed" % (self.passed, len(self.failures)))
        return 1 if self.failures else 0


def parse_args(description, argv=None):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", required=True)
    parser.add_argument("--userpool-id", required=True)
    parser.add_argument("--secret", required=True)
    return parser.parse_args(argv)


def management_client(args):
    """A ManagementClient for the server, with its password-encryption key (``.well-known``)."""
    public_key = requests.get(args.host + "/api/v2/.well-known", timeout=10).json()["data"]["publicKey"]
    return ManagementClient(ManagementClientOptions(
        user_pool_id=args.userpool_id, secret=args.secret, host=args.host, enc_public_key=public_key))
