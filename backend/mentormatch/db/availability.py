"""Which database failures mean "unavailable, retry later" rather than a bug.

When PostgreSQL stops, restarts, refuses connections or the pool is exhausted, the request in hand
fails with SERVICE_UNAVAILABLE (nothing was committed: the transaction never reached COMMIT, or its
COMMIT failed and PostgreSQL rolled it back) instead of INTERNAL with a traceback in the log.
"""

from __future__ import annotations

import asyncio
import os

import asyncpg
from sqlalchemy import exc as sa_exc

from mentormatch.errors import ServiceUnavailable

# Connection exceptions (08...), operator intervention (57...: admin or crash shutdown, cannot connect
# now, statement_timeout's query_canceled), too many connections (53300).
UNAVAILABLE_SQLSTATE_CLASSES = ("08", "57")
UNAVAILABLE_SQLSTATES = frozenset({"53300"})


def is_database_unavailable(error: BaseException) -> bool:
    """Whether `error` (or what caused it) says the database cannot serve now.

    A bare OSError or timeout counts only when the database driver raised it (connecting to a server
    that is gone): the same exception from our own code is a bug and stays INTERNAL.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    from_driver = False
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sa_exc.TimeoutError):  # no pooled connection free in pool_timeout
            return True
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        sqlstate = getattr(current, "sqlstate", None) or getattr(
            getattr(current, "orig", None), "sqlstate", None
        )
        if isinstance(sqlstate, str) and (
            sqlstate.startswith(UNAVAILABLE_SQLSTATE_CLASSES) or sqlstate in UNAVAILABLE_SQLSTATES
        ):
            return True
        if isinstance(current, asyncpg.PostgresConnectionError | asyncpg.InterfaceError):
            return True
        from_driver = from_driver or isinstance(current, sa_exc.SQLAlchemyError) or _raised_in_driver(current)
        if from_driver and isinstance(current, OSError | asyncio.TimeoutError):
            return True
        current = current.__cause__ or current.__context__
    return False


_DRIVER_DIRECTORIES = (f"{os.sep}asyncpg{os.sep}", f"{os.sep}sqlalchemy{os.sep}")


def _raised_in_driver(error: BaseException) -> bool:
    traceback = error.__traceback__
    while traceback is not None:
        if any(part in traceback.tb_frame.f_code.co_filename for part in _DRIVER_DIRECTORIES):
            return True
        traceback = traceback.tb_next
    return False


def unavailable_error() -> ServiceUnavailable:
    return ServiceUnavailable("The database is unavailable. Try again in a moment.")
