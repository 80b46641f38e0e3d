"""SQLAlchemy statements compiled once and run straight on the session's asyncpg connection.

For the few statements on the hottest path (a review's locked read and its write): through
`AsyncSession.execute` each costs ~0.15-0.3 ms of Python (the greenlet hop, the execution
context, the result and, for ORM selects, the identity map) on top of asyncpg's own ~0.15 ms.
Here the statement is still written with SQLAlchemy and compiled by its asyncpg dialect,
once; a call only binds values in order. It runs inside the session's transaction (started
first if need be, as SQLAlchemy would) under the connection's execute lock, and a failure is
raised as SQLAlchemy raises it: a `DBAPIError` wrapping the driver's error, with the
connection invalidated when it was lost, so callers and the API's outage handling
(api/errors.py) cannot tell the two paths apart; the engine's cursor events fire as for any
statement (tests and benchmarks count statements with them). It leans on SQLAlchemy's
asyncpg adapter (its execute lock, transaction and exception translation, all private):
the version is pinned in uv.lock and tests/core/test_direct_sql.py checks each of these."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import asyncpg
import sqlalchemy.exc
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

_DIALECT = asyncpg_dialect()  # type: ignore[no-untyped-call]


@dataclass(frozen=True, slots=True)
class DirectStatement:
    """A statement's SQL for asyncpg ($1, $2, …), the names of its parameters in that order,
    the values of its literal parameters and how SQLAlchemy would convert each value."""

    sql: str
    names: tuple[str, ...]
    literals: Mapping[str, Any]
    processors: Mapping[str, Callable[[Any], Any]]

    @classmethod
    def of(cls, statement: ClauseElement) -> DirectStatement:
        compiled = statement.compile(dialect=_DIALECT)
        assert isinstance(compiled, SQLCompiler)
        names = tuple(compiled.positiontup or ())
        literals = {
            name: bind.value
            for name, bind in compiled.binds.items()
            if not bind.required and bind.callable is None
        }
        processors = {}
        for name, processor in compiled._bind_processors.items():
            if not callable(processor):  # a tuple type's per-element processors
                raise ValueError(f"{name}: tuple-typed parameters are not supported here")
            processors[name] = processor
        return cls(str(compiled), names, literals, processors)

    def arguments(self, params: Mapping[str, Any]) -> list[Any]:
        values = []
        for name in self.names:
            value = params[name] if name in params else self.literals[name]
            processor = self.processors.get(name)
            values.append(value if processor is None or value is None else processor(value))
        return values

    async def fetchrow(
        self, session: AsyncSession, params: Mapping[str, Any]
    ) -> asyncpg.Record | None:
        row: asyncpg.Record | None = await self._run(session, params, "fetchrow")
        return row

    async def fetchval(self, session: AsyncSession, params: Mapping[str, Any]) -> Any:
        return await self._run(session, params, "fetchval")

    async def _run(self, session: AsyncSession, params: Mapping[str, Any], method: str) -> Any:
        arguments = self.arguments(params)
        connection = await session.connection()
        adapted = (await connection.get_raw_connection()).dbapi_connection
        assert adapted is not None
        observed = connection.sync_connection
        if observed is not None and not (observed._has_events or observed.engine._has_events):
            observed = None
        if observed is not None:
            observed.dispatch.before_cursor_execute(
                observed, None, self.sql, arguments, None, False
            )
        try:
            async with adapted._execute_mutex:
                if adapted._transaction is None:
                    await adapted._start_transaction()
                result = await getattr(adapted.driver_connection, method)(self.sql, *arguments)
        except Exception as error:
            raise await _as_sqlalchemy_raises(connection, adapted, error, self.sql) from error
        if observed is not None:
            observed.dispatch.after_cursor_execute(observed, None, self.sql, arguments, None, False)
        return result


async def _as_sqlalchemy_raises(
    connection: Any, adapted: Any, error: Exception, sql: str
) -> sqlalchemy.exc.StatementError:
    """The exception SQLAlchemy would raise for `error` (its Connection's handling, in
    short): the driver's error translated to the DBAPI's, wrapped in a `DBAPIError`; a lost
    connection is invalidated so the pool replaces it."""
    try:
        adapted._handle_exception(error)
    except Exception as dbapi_error:
        translated = dbapi_error
    else:  # pragma: no cover - _handle_exception always raises
        translated = error
    dialect = connection.dialect
    lost = dialect.is_disconnect(translated, adapted, None)
    if lost:
        await connection.invalidate(translated)
    return sqlalchemy.exc.DBAPIError.instance(
        sql,
        None,
        translated,
        dialect.loaded_dbapi.Error,
        dialect=dialect,
        connection_invalidated=lost,
    )
