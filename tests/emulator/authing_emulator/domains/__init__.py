"""One module per API area. Order matters: tables referenced by later domains come first, and
:meth:`Store.wipe` deletes in reverse order."""

from . import auth, groups, orgs, udf, users

ALL_DOMAINS = (auth.domain, users.domain, groups.domain, udf.domain, orgs.domain)

from . import agreements, applications, authorization, resources, roles  # noqa: E402  (application area)
ALL_DOMAINS += (applications.domain, resources.domain, agreements.domain, roles.domain, authorization.domain)

from . import acl, policies  # noqa: E402  (permissions: grants and policies reference every target above)
ALL_DOMAINS += (acl.domain, policies.domain)
