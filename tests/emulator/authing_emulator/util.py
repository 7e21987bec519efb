"""Small value helpers shared by the domains: ids, timestamps, pagination and naming."""

import itertools
import os
import re
import threading
import time
from datetime import datetime, timezone

from .errors import AuthingError, Code

_OBJECT_ID_PROCESS_PART = os.urandom(5)
_object_id_counter = itertools.count(int.from_bytes(os.urandom(3), "big"))
_object_id_lock = threading.Lock()


def new_object_id():
    """A 24-hex MongoDB-style ObjectId (time, per-process random, counter), as Authing's ids are."""
    with _object_id_lock:
        counter = next(_object_id_counter) & 0xFFFFFF
    raw = int(time.time()).to_bytes(4, "big") + _OBJECT_ID_PROCESS_PART + counter.to_bytes(3, "big")
    return raw.hex()


def format_timestamp(moment):
    """ISO-8601 with offset and without fraction, the format of Authing's GraphQL objects."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def now_timestamp():
    return format_timestamp(datetime.now(timezone.utc))


def parse_timestamp(value, field):
    """Accept an ISO-8601 string (``Z`` allowed) and normalise it; anything else is rejected.

    The real service rejects epoch strings such as ``'1602756997950'`` for ``signedUp``.
    """
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise AuthingError(Code.INVALID_ARGUMENT, "%s 必须是 ISO-8601 格式的时间: %r" % (field, value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return format_timestamp(moment)


_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])([A-Z])")


def camel_to_snake(name):
    """GraphQL argument names are camelCase; resolver parameters are snake_case."""
    return _CAMEL_BOUNDARY.sub(r"_\1", name).lower()


DEFAULT_PAGE_NUMBER = 1
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 1000

SORT_ORDERS = {
    "CREATEDAT_ASC": "seq ASC",
    "CREATEDAT_DESC": "seq DESC",
    "UPDATEDAT_ASC": "updated_at ASC, seq ASC",
    "UPDATEDAT_DESC": "updated_at DESC, seq DESC",
}
DEFAULT_SORT = "CREATEDAT_ASC"


class Page:
    """A validated ``page``/``limit`` pair (1-based pages, as the API uses) plus its SQL window."""

    def __init__(self, page=None, limit=None):
        self.page = DEFAULT_PAGE_NUMBER if page is None else page
        self.limit = DEFAULT_PAGE_SIZE if limit is None else limit
        if self.page < 1:
            raise AuthingError(Code.INVALID_ARGUMENT, "page 必须大于等于 1")
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise AuthingError(Code.INVALID_ARGUMENT, "limit 必须在 1 到 %d 之间" % MAX_PAGE_SIZE)

    @property
    def offset(self):
        return (self.page - 1) * self.limit

    def sql(self):
        """The ``LIMIT ? OFFSET ?`` clause and its parameters."""
        return " LIMIT ? OFFSET ?", (self.limit, self.offset)


def order_by(sort_by, prefix=""):
    """SQL ORDER BY for a ``SortByEnum`` value; creation order breaks ties so pages are stable."""
    clause = SORT_ORDERS[sort_by or DEFAULT_SORT]
    if prefix:
        clause = ", ".join(prefix + part.strip() for part in clause.split(","))
    return " ORDER BY " + clause


def paginated(total, items):
    return {"totalCount": total, "list": items}
