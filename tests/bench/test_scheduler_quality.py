"""The scheduler-quality benchmark's replay, scoring rules and metrics on a tiny synthetic log."""

from __future__ import annotations

import importlib.util
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench import scheduler_quality as sq
from bench.baselines import SM2, Leitner, MasteryLadder, forgetting_curve

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

# (card_id, rating, offset from T0); written to the CSV out of time order on purpose.
SYNTHETIC: list[tuple[int, int, timedelta]] = [
    (1, 3, timedelta(0)),  # card 1 first review: never scored
    (2, 1, 1 * MINUTE),  # card 2 first review: never scored
    (1, 3, 10 * MINUTE),  # card 1 same-day learning step: not scored
    (2, 3, 11 * MINUTE),  # card 2 same-day learning step: not scored
    (3, 3, 2 * MINUTE),  # card 3 is reviewed only once: never scored
    (2, 3, 11 * MINUTE + DAY),  # card 2 exactly one day later: scored, 1 day
    (1, 1, 2 * DAY),  # card 1 two days later (minus 10 min): scored, 1 whole day
    (1, 3, 2 * DAY + 10 * MINUTE),  # card 1 relearning step: not scored
    (2, 3, 11 * MINUTE + DAY + 23 * HOUR),  # card 2 23 h later: not scored
    (1, 3, 6 * DAY),  # card 1 four days later: scored, 1 lapse before it
    (2, 1, 8 * DAY + 12 * HOUR),  # card 2 a week later: scored (a lapse)
    (2, 3, 12 * DAY),  # card 2 three days later: scored, 1 lapse before it
]


def write_log(path: Path, rows: list[tuple[int, int, timedelta]]) -> Path:
    lines = ["card_id,review_rating,review_time,review_duration"]
    lines += [f"{card},{rating},{(T0 + offset).isoformat()},5000" for card, rating, offset in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    rows = SYNTHETIC[4:] + SYNTHETIC[:4]  # shuffled: load_log must sort by time
    return write_log(tmp_path / "reviews.csv", rows)


def test_load_log_sorts_by_time(log_path: Path) -> None:
    log = sq.load_log(log_path)
    assert [review.at for review in log] == sorted(review.at for review in log)
    assert [(r.card_id, r.rating) for r in log][:4] == [(1, 3), (2, 1), (3, 3), (1, 3)]
    assert all(review.at.tzinfo is not None for review in log)


def test_first_and_same_day_reviews_are_not_scored(log_path: Path) -> None:
    log = sq.load_log(log_path)
    targets = sq.scoring_targets(log)
    scored = [(log[t.index].card_id, log[t.index].at - T0) for t in targets]
    assert scored == [
        (2, 11 * MINUTE + DAY),
        (1, 2 * DAY),
        (1, 6 * DAY),
        (2, 8 * DAY + 12 * HOUR),
        (2, 12 * DAY),
    ]
    first_reviews = {r.card_id: i for i, r in reversed(list(enumerate(log)))}
    assert not {t.index for t in targets} & set(first_reviews.values())
    features = [(t.elapsed_days, t.review_number, t.lapses, t.recalled) for t in targets]
    assert features == [
        (1, 3, 0, True),
        (1, 3, 0, False),
        (3, 5, 1, True),  # 4 days minus the 10-minute relearning step: 3 whole days
        (6, 5, 0, False),  # 7 days after the scored review, 6 after the 23-hour one
        (3, 6, 1, True),
    ]


def test_log_loss_by_hand() -> None:
    assert sq.log_loss([0.8, 0.3], [True, False]) == pytest.approx(
        -(math.log(0.8) + math.log(0.7)) / 2
    )
    assert sq.log_loss([0.5] * 4, [True, False, True, True]) == pytest.approx(math.log(2))
    assert math.isfinite(sq.log_loss([0.0, 1.0], [True, False]))  # clipped, not infinite
    assert math.isnan(sq.log_loss([], []))


def test_auc_separated_reversed_and_tied() -> None:
    outcomes = [False, False, True, True, True]
    assert sq.auc([0.1, 0.2, 0.7, 0.8, 0.9], outcomes) == 1.0
    assert sq.auc([0.9, 0.8, 0.3, 0.2, 0.1], outcomes) == 0.0
    assert sq.auc([0.5] * 5, outcomes) == 0.5
    # one positive ranked below one of the two negatives: 5 of 6 pairs in order
    assert sq.auc([0.1, 0.5, 0.4, 0.8, 0.9], outcomes) == pytest.approx(5 / 6)
    assert math.isnan(sq.auc([0.3, 0.4], [True, True]))


def test_rmse_bins_by_hand() -> None:
    calibrated = sq.rmse_bins(
        [0.5, 0.5, 0.75, 0.75, 0.75, 0.75],
        [True, False, True, True, True, False],
        ["a", "a", "b", "b", "b", "b"],
    )
    assert calibrated == pytest.approx(0.0)
    assert sq.rmse_bins([0.9, 0.9], [True, False], ["a", "a"]) == pytest.approx(0.4)
    # bin a (1 review): error 1; bin b (3 reviews): 0.5 vs 2/3
    weighted = sq.rmse_bins([1.0, 0.5, 0.5, 0.5], [False, True, False, True], ["a", "b", "b", "b"])
    assert weighted == pytest.approx(math.sqrt((1 + 3 * (1 / 6) ** 2) / 4))


def test_fsrs_bins_are_log_spaced() -> None:
    def target(elapsed: int, number: int, lapses: int) -> sq.Target:
        return sq.Target(
            index=0, recalled=True, elapsed_days=elapsed, review_number=number, lapses=lapses
        )

    assert sq.fsrs_bin(target(1, 2, 0)) == (2.48, 4.0, 0.0)
    assert sq.fsrs_bin(target(3, 2, 0)) == sq.fsrs_bin(target(1, 3, 0))  # same buckets
    assert sq.fsrs_bin(target(4, 4, 1)) == (8.98, 7.0, 2.0)


def test_chunks_and_folds() -> None:
    assert sq.chunk_bounds(12) == [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10), (10, 12)]
    assert sq.folds(13) == [(2, 4), (4, 6), (6, 8), (8, 10), (10, 13)]


def test_replay_predicts_before_each_review(log_path: Path) -> None:
    log = sq.load_log(log_path)
    predictions = sq.replay(log, SM2()).predictions
    assert len(predictions) == len(log)
    assert predictions[0] == 0.0  # nothing known before a card's first review
    targets = sq.scoring_targets(log)
    # card 1: first Good → 1-day interval; the same-day step changes nothing; 1 whole day later
    assert predictions[targets[1].index] == pytest.approx(forgetting_curve(1, 1))
    default = sq.replay(log, sq.fsrs_default()).predictions
    for target in targets:
        assert 0.0 < default[target.index] < 1.0


def test_baselines_follow_their_rules() -> None:
    at = T0
    leitner, ladder, sm2 = Leitner(), MasteryLadder(), SM2()
    for rating in (3, 3, 3, 1, 3):
        for model in (leitner, ladder, sm2):
            model.review(7, rating, at)
        at += 20 * DAY
    assert leitner.cards[7].interval_days == 2.0  # box 1 → 2 → 3, wrong → box 1, → box 2
    assert ladder.cards[7].interval_days == 7.0  # 1 → 3 → 7, wrong → 3, → 7
    assert sm2.cards[7].interval_days == 1.0  # 1, 6, 6 × ease, wrong → 1, restart → 1
    assert sm2.cards[7].level == 1


def test_optimizer_available_needs_torch_and_pandas() -> None:
    needed = all(importlib.util.find_spec(name) is not None for name in ("torch", "pandas"))
    assert sq.optimizer_available() == needed


def test_benchmark_runs_end_to_end(
    log_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sq, "optimizer_available", lambda: False)
    assert sq.main(["--log", str(log_path), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert sq.FITTED_SKIPPED in out
    for name in ("ours, FSRS-6 default", "SM-2", "Leitner (5 boxes)", "mastery ladder"):
        assert f"| {name} |" in out
    assert "ours, FSRS-6 fitted" not in out


def test_pooled_form_scores_every_test_row_once() -> None:
    """The pooled table: five equal test folds over the scorable reviews, one log loss each
    for default and fitted FSRS-6 (a short synthetic log of steady recall)."""
    start = datetime(2026, 1, 1, tzinfo=UTC)
    log = [
        sq.Review(card, 3 if (card + day) % 5 else 1, start + timedelta(days=day, minutes=card))
        for day in range(0, 60, 3)
        for card in range(40)
    ]
    pooled = sq.pooled_scores(sorted(log, key=lambda r: r.at))
    scorable = 40 * 19
    assert [p.name for p in pooled] == ["FSRS-6 default (pooled)", "FSRS-6 fitted (pooled)"]
    assert all(p.rows == 5 * (scorable // 6) for p in pooled)
    assert all(0 < p.log_loss < 1 for p in pooled)
