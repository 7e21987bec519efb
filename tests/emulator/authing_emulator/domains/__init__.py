"""One module per API area. Order matters: tables referenced by later domains come first, and
:meth:`Store.wipe` deletes in reverse order."""

from . import auth, groups, users

ALL_DOMAINS = (auth.domain, users.domain, groups.domain)
