"""The failures that mean "the data cannot be read just now", and how to name one in a single line.

A database that has stopped, a network that has gone or a file that cannot be opened are conditions of the
moment, not bugs: the pages show a plain notice and the command line one line and an exit code, and both
recover by themselves when the database is back (the engine's pool checks each connection before use).
Everything else is a bug and is left to surface as one.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

UNAVAILABLE: tuple[type[BaseException], ...] = (SQLAlchemyError, OSError)


def one_line(error: BaseException, url: str | None = None) -> str:
    """``error`` as one line an operator can act on: what failed and where, never a traceback or password."""
    where = ""
    if url:
        try:
            where = f" at {make_url(url).render_as_string(hide_password=True)}"
        except ArgumentError:
            where = ""
    original = getattr(error, "orig", None) or error
    detail = " ".join(str(original).split()) or type(original).__name__
    if isinstance(error, SQLAlchemyError):
        return f"the database{where} could not be used: {detail[:300]}"
    return f"a file or connection{where} could not be used: {detail[:300]}"
