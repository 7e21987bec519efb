"""One module per API area. Order matters: tables referenced by later domains come first, and
:meth:`Store.wipe` deletes in reverse order."""

from . import auth, groups, udf, users

ALL_DOMAINS = (auth.domain, users.domain, groups.domain, udf.domain)

from . import agreements, applications, authorization, resources, roles  # noqa: E402  (application area)
ALL_DOMAINS += (applications.domain, resources.domain, agreements.domain, roles.domain, authorization.domain)
