"""Statements run on the session's asyncpg connection (core.direct_sql) behave as through
SQLAlchemy: inside the session's transaction, with its parameter handling, its exceptions
and, for a lost connection, the pool's recovery."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import pytest
import sqlalchemy.exc
from sqlalchemy import Integer, bindparam, event, func, literal, select, text
from sqlalchemy.dialects.postgresql import JSONB

from api.errors import unavailable_service
from core.db import Database
from core.direct_sql import DirectStatement

NOW = DirectStatement.of(select(func.now()))
BACKEND = DirectStatement.of(select(func.pg_backend_pid()))


async def test_it_runs_in_the_sessions_transaction_starting_it_if_need_be(db: Database) -> None:
    async with db.unit_of_work() as session:
        started = await NOW.fetchval(session, {})  # the transaction's first statement
        await asyncio.sleep(0.01)
        # now() is the transaction's start: the same for both if it is one transaction
        assert await session.scalar(select(func.now())) == started
        connection = await session.connection()
        assert await BACKEND.fetchval(session, {}) == await connection.scalar(
            select(func.pg_backend_pid())
        )


async def test_parameters_are_converted_as_sqlalchemy_converts_them(db: Database) -> None:
    statement = DirectStatement.of(
        select(
            bindparam("document", type_=JSONB()).label("document"),
            (literal(40, Integer) + bindparam("n", type_=Integer)).label("sum"),
        )
    )
    async with db.unit_of_work() as session:
        row = await statement.fetchrow(session, {"document": {"wörter": ["Haus"]}, "n": 2})
    assert row is not None
    assert (row["document"], row["sum"]) == ({"wörter": ["Haus"]}, 42)


async def test_a_failing_statement_raises_what_sqlalchemy_raises(db: Database) -> None:
    division = select(literal(1, Integer) / bindparam("by", type_=Integer))
    with pytest.raises(sqlalchemy.exc.DBAPIError) as through_sqlalchemy:
        async with db.unit_of_work() as session:
            await session.scalar(division, {"by": 0})
    divide = DirectStatement.of(division)
    seen: list[str] = []

    def statement_seen(*args: Any) -> None:
        seen.append(args[2])

    event.listen(db.engine.sync_engine, "before_cursor_execute", statement_seen)
    try:
        with pytest.raises(sqlalchemy.exc.DBAPIError) as raised:
            async with db.unit_of_work() as session:
                await divide.fetchval(session, {"by": 0})
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", statement_seen)
    assert type(raised.value) is type(through_sqlalchemy.value)
    assert type(raised.value.orig) is type(through_sqlalchemy.value.orig)
    assert getattr(raised.value.orig, "sqlstate", None) == "22012"  # division by zero
    assert not raised.value.connection_invalidated
    assert unavailable_service(raised.value) is None  # a wrong query, not an outage: a 500
    assert seen == [divide.sql]
    async with db.unit_of_work() as session:  # the connection went back to the pool usable
        assert await divide.fetchval(session, {"by": 1}) == 1


async def test_a_lost_connection_is_an_outage_and_the_pool_replaces_it(db: Database) -> None:
    assert db.engine.url.database
    with pytest.raises(sqlalchemy.exc.DBAPIError) as raised:
        async with db.unit_of_work() as session:
            pid = await BACKEND.fetchval(session, {})
            admin = await asyncpg.connect(
                db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            )
            try:
                assert await admin.fetchval("SELECT pg_terminate_backend($1)", pid)
            finally:
                await admin.close()
            await NOW.fetchval(session, {})
    assert raised.value.connection_invalidated
    assert unavailable_service(raised.value) == "database"  # the API answers 503
    async with db.unit_of_work() as session:
        assert await BACKEND.fetchval(session, {}) != pid
        assert (await session.execute(text("SELECT 1"))).scalar_one() == 1
