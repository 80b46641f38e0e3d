"""Job names are checked: a job is requested only by a name the worker runs."""

from __future__ import annotations

import pytest
from arq import func

from core.db import Database
from core.errors import ConfigurationError
from core.outbox import JOB_NAMES, JobRequest, UnknownJob, request_job
from jobs.tasks.maintenance import purge_expired_records
from jobs.worker import FUNCTIONS, WorkerSettings, check_job_names


async def test_requesting_an_unknown_job_fails_and_commits_nothing(db: Database) -> None:
    with pytest.raises(UnknownJob, match="send_telegram_txt"):
        async with db.unit_of_work() as session:
            request_job(session, "send_telegram_txt", user_id=1, text="hi")  # type: ignore[arg-type]
    with pytest.raises(UnknownJob):
        JobRequest("no_such_job")


def test_the_worker_runs_exactly_the_jobs_core_may_request() -> None:
    assert {f.name for f in FUNCTIONS} == JOB_NAMES
    assert WorkerSettings.functions is FUNCTIONS
    check_job_names(FUNCTIONS)


def test_a_worker_missing_a_job_or_running_an_unknown_one_refuses_to_start() -> None:
    with pytest.raises(ConfigurationError, match="no worker for"):
        check_job_names(FUNCTIONS[1:])
    renamed = func(purge_expired_records, name="purge_everything")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="purge_everything"):
        check_job_names([*FUNCTIONS, renamed])
