"""Leagues in core: the week boundary, seating (≤ 30, by tier and activity), closing a week
(promotion, demotion, ties), leaving, and boards rebuilt from PostgreSQL after a flush."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select, update

from core.accounts.service import merge_learners
from core.db import Database
from core.leagues import service
from core.leagues.boards import board_key, group_key, refresh_board
from core.leagues.membership import close_finished_weeks
from core.leagues.schemas import LeagueTable
from core.leagues.tiers import GROUP_SIZE, HIGHEST_TIER, activity_band
from core.leagues.weeks import week_end, week_of
from core.models import LeagueGroup, LeagueMembership, OutboxJob, Streak, User
from core.progress.xp import XpReason, award
from tests.leagues.support import (
    MONDAY,
    NEXT_MONDAY,
    WEDNESDAY,
    earn,
    freeze,
    give_xp,
    learner,
    refresh,
)


async def _table(db: Database, redis: Redis, user_id: int) -> LeagueTable:
    async with db.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return await service.league_table(session, redis, user)


async def _board(db: Database, redis: Redis, user_id: int, board: str) -> dict[str, object]:
    async with db.unit_of_work() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return (await service.leaderboard(session, redis, user, board)).model_dump()


async def _memberships(db: Database) -> list[LeagueMembership]:
    async with db.unit_of_work() as session:
        rows = await session.scalars(select(LeagueMembership).order_by(LeagueMembership.id))
        return list(rows)


def test_the_week_is_the_iso_week_from_monday_midnight_utc() -> None:
    last_second = datetime(2026, 12, 13, 23, 59, 59, tzinfo=UTC)
    assert week_of(last_second) == MONDAY.date()
    assert week_of(NEXT_MONDAY) == NEXT_MONDAY.date()
    # Monday 09:00 in Auckland is still Sunday in UTC: one global boundary for everyone.
    auckland_monday = datetime.fromisoformat("2026-12-14T09:00:00+13:00")
    assert week_of(auckland_monday) == MONDAY.date()
    assert week_end(MONDAY.date()) == NEXT_MONDAY
    assert [activity_band(xp) for xp in (0, 1, 99, 100, 349, 350, 999, 1000, 10**6)] == [
        0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]  # fmt: skip


async def test_first_xp_of_the_week_joins_and_the_boundary_starts_an_empty_week(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    anna = await learner(db, "Anna")
    table = await _table(db, redis, anna)
    assert (table.status, table.tier, table.members) == ("not_joined", "Bronze", [])
    assert table.week_ends_at == NEXT_MONDAY

    await earn(db, redis, anna, 30, WEDNESDAY)
    table = await _table(db, redis, anna)
    assert table.status == "competing" and table.my_rank == 1
    assert [(m.display_name, m.xp, m.is_me) for m in table.members] == [("Anna", 30, True)]

    # The last second of the week counts for it; the next award is the next week's.
    freeze(monkeypatch, NEXT_MONDAY - timedelta(seconds=1))
    await earn(db, redis, anna, 5, NEXT_MONDAY - timedelta(seconds=1))
    assert (await _table(db, redis, anna)).members[0].xp == 35

    freeze(monkeypatch, NEXT_MONDAY)
    table = await _table(db, redis, anna)
    assert table.status == "not_joined" and table.members == []  # a new week starts empty
    assert table.last_week is not None  # the old week was closed on the way
    assert (table.last_week.xp, table.last_week.result) == (35, "promoted")
    assert table.tier == "Silver"

    await earn(db, redis, anna, 10, NEXT_MONDAY)
    table = await _table(db, redis, anna)
    assert table.status == "competing" and table.tier == "Silver"
    assert [(m.xp, m.is_me) for m in table.members] == [(10, True)]


async def test_groups_hold_at_most_30_of_one_tier_and_similar_activity(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    last_week = WEDNESDAY - timedelta(days=7)
    busy = [await learner(db, f"Busy {i}") for i in range(3)]
    for user_id in busy:
        await give_xp(db, user_id, 500, last_week)
    quiet = [await learner(db, f"Quiet {i}") for i in range(65)]
    for user_id in [*quiet, *busy]:
        await earn(db, redis, user_id, 10, WEDNESDAY)

    async with db.unit_of_work() as session:
        groups = (
            await session.execute(
                select(LeagueGroup.id, LeagueGroup.activity_band, func.count())
                .join(LeagueMembership, LeagueMembership.group_id == LeagueGroup.id)
                .group_by(LeagueGroup.id)
                .order_by(LeagueGroup.id)
            )
        ).all()
        stored_counts = list(await session.scalars(select(LeagueGroup.member_count)))
    # The quiet fill their band's groups in order; the busy get a group of their own.
    assert [(band, size) for _, band, size in groups] == [(0, 30), (0, 30), (0, 5), (3, 3)]
    assert max(stored_counts) <= GROUP_SIZE and sum(stored_counts) == 68
    table = await _table(db, redis, busy[0])
    assert sorted(m.display_name for m in table.members) == ["Busy 0", "Busy 1", "Busy 2"]

    # The job running again (arq may) seats nobody twice.
    await refresh(db, redis, quiet[0])
    assert len(await _memberships(db)) == 68


async def test_a_small_tier_shares_one_group_whatever_the_activity(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    busy, quiet = await learner(db, "Busy"), await learner(db, "Quiet")
    await give_xp(db, busy, 800, WEDNESDAY - timedelta(days=7))
    await earn(db, redis, busy, 10, WEDNESDAY)
    await earn(db, redis, quiet, 10, WEDNESDAY)
    table = await _table(db, redis, quiet)
    assert sorted(m.display_name for m in table.members) == ["Busy", "Quiet"]


async def test_the_week_end_promotes_the_top_and_demotes_the_bottom(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    async with db.unit_of_work() as session:
        group = LeagueGroup(week_starts_on=MONDAY.date(), tier=1, activity_band=0, member_count=0)
        session.add(group)
    users = [await learner(db, f"L{i:02}") for i in range(30)]
    async with db.unit_of_work() as session:
        for user_id in users:
            session.add(
                LeagueMembership(
                    group_id=group.id, user_id=user_id, week_starts_on=MONDAY.date(), tier=1
                )
            )
        g = await session.get(LeagueGroup, group.id)
        assert g is not None
        g.member_count = 30
    # L00 earns most; L01 and L02 tie on XP and L02 got there first, so L02 ranks higher.
    for i, user_id in enumerate(users):
        await give_xp(db, user_id, 1000 - i * 10 if i not in (1, 2) else 900, WEDNESDAY)
    await give_xp(db, users[2], 85, WEDNESDAY + timedelta(hours=1))
    await give_xp(db, users[1], 85, WEDNESDAY + timedelta(hours=2))
    for user_id in users:
        await refresh(db, redis, user_id)

    live = await _table(db, redis, users[0])
    assert (live.promotion_zone, live.demotion_zone) == (7, 5)
    assert [m.display_name for m in live.members[:3]] == ["L00", "L02", "L01"]
    zones = [m.zone for m in live.members]
    assert zones == ["promotion"] * 7 + ["safe"] * 18 + ["demotion"] * 5

    freeze(monkeypatch, NEXT_MONDAY + timedelta(minutes=1))
    assert await close_finished_weeks(db) == 1
    assert await close_finished_weeks(db) == 0  # idempotent: closed once
    by_user = {m.user_id: m for m in await _memberships(db)}
    standing = [(by_user[u].final_rank, by_user[u].result, by_user[u].next_tier) for u in users]
    assert standing[0] == (1, "promoted", 2)
    assert standing[1] == (3, "promoted", 2) and standing[2] == (2, "promoted", 2)
    results = [by_user[u].result for u in users]
    assert results.count("promoted") == 7 and results.count("demoted") == 5
    assert [by_user[u].result for u in users[-5:]] == ["demoted"] * 5
    assert [by_user[u].next_tier for u in users[-5:]] == [0] * 5
    # The live table and the final standing agree on every rank.
    assert [m.rank for m in live.members] == sorted(by_user[u].final_rank or 0 for u in users)

    # Next week each starts in their new tier.
    await earn(db, redis, users[0], 5, NEXT_MONDAY + timedelta(minutes=1))
    await earn(db, redis, users[-1], 5, NEXT_MONDAY + timedelta(minutes=1))
    assert (await _table(db, redis, users[0])).tier == "Gold"
    assert (await _table(db, redis, users[-1])).tier == "Bronze"


async def test_no_demotion_below_bronze_and_no_promotion_above_diamond(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    bronze = [await learner(db, f"B{i}") for i in range(12)]
    for i, user_id in enumerate(bronze):
        await earn(db, redis, user_id, 100 - i, WEDNESDAY)
    async with db.unit_of_work() as session:
        top = LeagueGroup(
            week_starts_on=MONDAY.date(), tier=HIGHEST_TIER, activity_band=0, member_count=12
        )
        session.add(top)
        await session.flush()
        diamond = []
        for i in range(12):
            user = User(display_name=f"D{i}", display_name_chosen=True)
            session.add(user)
            await session.flush()
            diamond.append(user.id)
            session.add(
                LeagueMembership(
                    group_id=top.id, user_id=user.id, week_starts_on=MONDAY.date(), tier=9
                )
            )
    for i, user_id in enumerate(diamond):
        await earn(db, redis, user_id, 100 - i, WEDNESDAY)
    bronze_table = await _table(db, redis, bronze[0])
    assert (bronze_table.promotion_zone, bronze_table.demotion_zone) == (3, 0)
    diamond_table = await _table(db, redis, diamond[0])
    assert (diamond_table.tier, diamond_table.promotion_zone) == ("Diamond", 0)
    assert diamond_table.demotion_zone == 2

    freeze(monkeypatch, NEXT_MONDAY)
    assert await close_finished_weeks(db) == 2
    by_user = {m.user_id: m for m in await _memberships(db)}
    assert {by_user[u].result for u in bronze[3:]} == {"stayed"}
    assert {by_user[u].next_tier for u in bronze} == {0, 1}
    assert {by_user[u].result for u in diamond[:-2]} == {"stayed"}
    assert {by_user[u].next_tier for u in diamond} == {9, 8}


async def test_a_board_rebuilt_after_a_redis_flush_equals_the_live_one(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    users = [await learner(db, f"R{i}") for i in range(8)]
    async with db.unit_of_work() as session:
        for i, user_id in enumerate(users[:5]):
            session.add(
                Streak(
                    user_id=user_id,
                    current=i % 3,
                    longest=4,
                    through_on=WEDNESDAY.date(),
                    through_ends_at=WEDNESDAY,
                )
            )
    for i, user_id in enumerate(users):
        await earn(db, redis, user_id, 10 * (i % 3) + 5, WEDNESDAY + timedelta(minutes=i))
    streaks = await _board(db, redis, users[0], "streak")
    assert [e["score"] for e in streaks["entries"]] == [2, 1, 1]  # type: ignore[index]
    assert [e["rank"] for e in streaks["entries"]] == [1, 2, 2]  # type: ignore[index]
    boards = ("xp_week", "streak", "words")
    live_tables = [(await _table(db, redis, u)).model_dump() for u in users]
    live_boards = [await _board(db, redis, u, b) for u in users for b in boards]
    first_group = (await _memberships(db))[0].group_id
    keys = [group_key(first_group), board_key("xp_week", MONDAY.date())]
    live_sets = [await redis.zrange(k, 0, -1, withscores=True) for k in keys]
    assert all(live_sets)

    await redis.flushdb()
    assert [(await _table(db, redis, u)).model_dump() for u in users] == live_tables
    assert [await _board(db, redis, u, b) for u in users for b in boards] == live_boards
    assert [await redis.zrange(k, 0, -1, withscores=True) for k in keys] == live_sets


async def test_a_learner_who_left_is_absent_until_they_join_again(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    anna, ben = await learner(db, "Anna"), await learner(db, "Ben")
    await earn(db, redis, anna, 50, WEDNESDAY)
    await earn(db, redis, ben, 20, WEDNESDAY)
    assert [m.display_name for m in (await _table(db, redis, anna)).members] == ["Anna", "Ben"]

    async with db.unit_of_work() as session:
        user = await session.get(User, anna)
        assert user is not None
        left = await service.leave(session, redis, user)
    assert (left.status, left.members) == ("left", [])
    assert [m.display_name for m in (await _table(db, redis, ben)).members] == ["Ben"]
    board = await _board(db, redis, ben, "xp_week")
    assert [e["display_name"] for e in board["entries"]] == ["Ben"]  # type: ignore[index]
    assert (await _board(db, redis, anna, "xp_week"))["my_rank"] is None
    # Her XP after leaving seats her nowhere and puts her on no board; a rebuild agrees.
    await earn(db, redis, anna, 50, WEDNESDAY)
    await redis.flushdb()
    assert [m.display_name for m in (await _table(db, redis, ben)).members] == ["Ben"]
    assert [e["display_name"] for e in (await _board(db, redis, ben, "xp_week"))["entries"]] == [  # type: ignore[index]
        "Ben"
    ]

    async with db.unit_of_work() as session:
        user = await session.get(User, anna)
        assert user is not None
        back = await service.join(session, redis, user)
    assert [(m.display_name, m.xp) for m in back.members] == [("Anna", 100), ("Ben", 20)]
    board = await _board(db, redis, ben, "xp_week")
    assert [e["display_name"] for e in board["entries"]] == ["Anna", "Ben"]  # type: ignore[index]

    # Leaving again before the week ends: out of the final standing, tier kept.
    async with db.unit_of_work() as session:
        user = await session.get(User, anna)
        assert user is not None
        await service.leave(session, redis, user)
    freeze(monkeypatch, NEXT_MONDAY)
    await close_finished_weeks(db)
    by_user = {m.user_id: m for m in await _memberships(db)}
    assert (by_user[anna].result, by_user[anna].next_tier, by_user[anna].final_rank) == (
        "left",
        0,
        None,
    )
    assert (by_user[ben].final_rank, by_user[ben].result) == (1, "promoted")


async def test_learners_without_a_chosen_name_show_as_a_pseudonym(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    # A name taken from a Telegram profile or an email address was not chosen for boards.
    quiet = await learner(db, "anna.schmidt", chosen=False, telegram_user_id=987654321)
    await earn(db, redis, quiet, 10, WEDNESDAY)
    async with db.unit_of_work() as session:
        user = await session.get(User, quiet)
        assert user is not None
        number = user.pseudonym_number
        table = await service.league_table(session, redis, user)
        assert await service.shown_name(session, user) == f"Learner {number}"
        assert await service.set_display_name(session, user, "  Anna  ") == "Anna"
    assert table.members[0].display_name == f"Learner {number}"
    assert 1000 <= number <= 9999
    assert (await _table(db, redis, quiet)).members[0].display_name == "Anna"


async def test_an_award_asks_for_one_standing_refresh_per_transaction_and_learner(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    anna, ben = await learner(db, "Anna"), await learner(db, "Ben")
    async with db.unit_of_work() as session:
        for source in range(1, 6):
            await award(session, anna, XpReason.REVIEW, source)
        await award(session, ben, XpReason.REVIEW, 1)
    async with db.unit_of_work() as session:
        await award(session, anna, XpReason.REVIEW, 1)  # paid already: pays nothing, asks nothing
    async with db.unit_of_work() as session:
        jobs = (await session.scalars(select(OutboxJob).order_by(OutboxJob.id))).all()
    # (each award also asks for the learner's achievement check, once: tests/achievements)
    refreshes = [job for job in jobs if job.name == "refresh_league_standing"]
    assert [(job.name, job.kwargs) for job in refreshes] == [
        ("refresh_league_standing", {"user_id": anna}),
        ("refresh_league_standing", {"user_id": ben}),
    ]


async def test_linking_two_accounts_that_both_competed_keeps_one_seat_a_week(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    web, telegram = await learner(db, "Anna"), await learner(db, "", telegram_user_id=4242)
    await earn(db, redis, web, 30, WEDNESDAY)
    await earn(db, redis, telegram, 20, WEDNESDAY)
    async with db.unit_of_work() as session:
        source, target = await session.get(User, telegram), await session.get(User, web)
        assert source is not None and target is not None
        await merge_learners(session, source, target)
    assert [(m.user_id, m.week_starts_on) for m in await _memberships(db)] == [(web, MONDAY.date())]
    await refresh(db, redis, web)
    table = await _table(db, redis, web)
    assert [(m.display_name, m.xp) for m in table.members] == [("Anna", 50)]


async def test_seating_at_once_never_overfills_a_group(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    users = [await learner(db, f"C{i}") for i in range(35)]
    for user_id in users:
        await give_xp(db, user_id, 10, WEDNESDAY)
    # Every learner's job at once, and one learner's job twice (arq may run a job twice).
    await asyncio.gather(*(refresh(db, redis, u) for u in [*users, users[0]]))
    async with db.unit_of_work() as session:
        sizes = list(
            await session.scalars(
                select(func.count())
                .select_from(LeagueMembership)
                .group_by(LeagueMembership.group_id)
            )
        )
        stored = list(await session.scalars(select(LeagueGroup.member_count)))
    assert sorted(sizes) == [5, 30] and sorted(stored) == [5, 30]


async def test_the_streak_board_follows_days_closing_without_an_award(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    anna, ben = await learner(db, "Anna"), await learner(db, "Ben")
    async with db.unit_of_work() as session:
        for user_id, days in ((anna, 12), (ben, 3)):
            session.add(
                Streak(
                    user_id=user_id,
                    current=days,
                    longest=days,
                    through_on=WEDNESDAY.date(),
                    through_ends_at=WEDNESDAY,
                )
            )
    board = await _board(db, redis, ben, "streak")
    assert [(e["display_name"], e["score"]) for e in board["entries"]] == [  # type: ignore[index]
        ("Anna", 12),
        ("Ben", 3),
    ]
    # Anna's streak breaks when her day closes (core.progress); the maintenance cron rewrites.
    async with db.unit_of_work() as session:
        await session.execute(update(Streak).where(Streak.user_id == anna).values(current=0))
    assert await refresh_board(db, redis, "streak") == 1
    board = await _board(db, redis, ben, "streak")
    assert [(e["display_name"], e["rank"]) for e in board["entries"]] == [("Ben", 1)]  # type: ignore[index]


async def test_a_view_shows_my_latest_xp_before_the_job_has_run(
    db: Database, redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, WEDNESDAY)
    anna, ben = await learner(db, "Anna"), await learner(db, "Ben")
    await earn(db, redis, ben, 20, WEDNESDAY)
    await give_xp(db, anna, 30, WEDNESDAY)  # the worker has not run Anna's job yet
    table = await _table(db, redis, anna)
    assert [(m.display_name, m.xp, m.is_me) for m in table.members] == [
        ("Anna", 30, True),
        ("Ben", 20, False),
    ]
    await give_xp(db, ben, 15, WEDNESDAY)  # Ben's job has not run either
    board = await _board(db, redis, ben, "xp_week")
    assert (board["my_rank"], board["my_score"]) == (1, 35)
