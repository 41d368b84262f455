"""SQLite's statement deadline for web requests (PostgreSQL has statement_timeout).

With DIPLO_STATEMENT_MS set, every SQLite connection gets a progress handler that
interrupts the statement being executed once it has run that long; the statement fails
with OperationalError("interrupted"), which the error handler answers with a 503 and
Retry-After (diplo.errors). Rows fetched after a statement has started answering (an
export streaming its rows) are not limited: only the execution the request waits on is.
"""

import time

from django.conf import settings
from django.db.backends.signals import connection_created

# Opcodes SQLite runs between two looks at the clock: about a millisecond's work.
CHECK_EVERY = 20_000


def limit_statements(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite" or not settings.STATEMENT_MILLISECONDS:
        return
    limit = settings.STATEMENT_MILLISECONDS / 1000
    started: list[float] = []

    def executing(execute, sql, params, many, context):
        started.append(time.monotonic())
        try:
            return execute(sql, params, many, context)
        finally:
            started.pop()

    def overdue() -> bool:
        return bool(started) and time.monotonic() - started[-1] > limit

    executing.diplo_deadline = True
    connection.connection.set_progress_handler(overdue, CHECK_EVERY)
    # Kept for the connection's life (not a `with` block): every statement is timed. The
    # wrappers outlive a reconnection; the one a closed connection had goes.
    connection.execute_wrappers[:] = [
        executing,
        *(
            wrapper
            for wrapper in connection.execute_wrappers
            if not hasattr(wrapper, "diplo_deadline")
        ),
    ]


def connect() -> None:
    connection_created.connect(limit_statements, dispatch_uid="diplo-statement-deadline")


def cancelled(error: BaseException | None) -> bool:
    """Whether a database error is a statement stopped at its deadline (either engine)."""
    cause = getattr(error, "__cause__", None)
    if type(cause).__name__ == "QueryCanceled":  # psycopg's, for statement_timeout
        return True
    return "interrupted" in str(error)
