"""Migrations go up, down and up again, and agree with the models."""

from __future__ import annotations

import uuid

import asyncpg
from sqlalchemy.engine import make_url

from migrations.runner import downgrade_async, pending_model_changes, upgrade_async


async def _tables(dsn: str) -> set[str]:
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
    return {r["tablename"] for r in rows}


async def test_upgrade_downgrade_upgrade_and_no_pending_diff(
    server_urls: tuple[str, str],
) -> None:
    server = make_url(server_urls[0])
    name = f"tutor_migrations_{uuid.uuid4().hex[:8]}"
    admin_dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(admin_dsn)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = server.set(database=name).render_as_string(hide_password=False)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        await upgrade_async(url)
        assert {"users", "refresh_tokens", "vocabulary_items"} <= await _tables(dsn)
        await downgrade_async(url)
        assert await _tables(dsn) <= {"alembic_version"}
        await upgrade_async(url)
        assert await pending_model_changes(url) == []
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
