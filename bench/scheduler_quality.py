"""Scheduler-quality benchmark: how well does each scheduler predict recall on a real review log?

Replays an Anki review log in time order through every model, asks each model for the
probability of recall before every review, and scores the predictions of a 5-fold
time-series split with log loss, RMSE(bins) and AUC. See bench/README.md for the method.

    .venv/bin/python -m bench.scheduler_quality [--log PATH] [--verbose] [--no-fitted]
"""

from __future__ import annotations

import argparse
import csv
import math
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from typing import Protocol

from fsrs.scheduler import DEFAULT_PARAMETERS

from bench.baselines import SM2, Leitner, MasteryLadder
from core.reviews.scheduling import MemoryState, Rating, ReviewScheduler

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LOG = REPO_ROOT.parent / "shared" / "data" / "fsrs-review-log" / "review_logs_josh.csv"
N_CHUNKS = 6  # chunk 0 only trains; chunks 1..5 are the five test folds
ONE_DAY = timedelta(days=1)
LOG_LOSS_EPS = 1e-15
TIMING_RUNS = 5
TIMING_BUDGET_S = 1.0
BASELINE = "SM-2"
FITTED_SKIPPED = "fitted: skipped (pip install 'fsrs[optimizer]')"


# --- the log -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    card_id: int
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    at: datetime  # timezone-aware, UTC
    duration_ms: int | None = None

    @property
    def recalled(self) -> bool:
        return self.rating > 1


def load_log(path: Path) -> list[Review]:
    """Reads a review log CSV (card_id, review_rating, review_time, review_duration)."""
    with path.open(newline="") as handle:
        reviews = [
            Review(
                card_id=int(row["card_id"]),
                rating=int(row["review_rating"]),
                at=datetime.fromisoformat(row["review_time"]),
                duration_ms=int(row["review_duration"]) if row.get("review_duration") else None,
            )
            for row in csv.DictReader(handle)
        ]
    for review in reviews:
        if review.at.tzinfo is None:
            raise ValueError(f"review_time must carry a UTC offset: {review}")
        if review.rating not in (1, 2, 3, 4):
            raise ValueError(f"review_rating must be 1..4: {review}")
    return sorted(reviews, key=lambda review: review.at)  # stable: ties keep file order


# --- what gets scored ----------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A review whose outcome is scored, with the features RMSE(bins) groups by."""

    index: int  # position in the time-ordered log
    recalled: bool
    elapsed_days: int  # whole days since the card's previous review (>= 1)
    review_number: int  # 1 for a card's first review, 2 for its second, ...
    lapses: int  # earlier reviews rated Again at least a day after their predecessor


def scoring_targets(log: Sequence[Review]) -> list[Target]:
    """The scored reviews: not a card's first, and at least a day after its previous review."""
    last_at: dict[int, datetime] = {}
    count: dict[int, int] = defaultdict(int)
    lapses: dict[int, int] = defaultdict(int)
    targets: list[Target] = []
    for index, review in enumerate(log):
        previous = last_at.get(review.card_id)
        count[review.card_id] += 1
        if previous is not None and review.at - previous >= ONE_DAY:
            targets.append(
                Target(
                    index=index,
                    recalled=review.recalled,
                    elapsed_days=(review.at - previous).days,
                    review_number=count[review.card_id],
                    lapses=lapses[review.card_id],
                )
            )
            if not review.recalled:
                lapses[review.card_id] += 1
        last_at[review.card_id] = review.at
    return targets


def chunk_bounds(n: int, chunks: int = N_CHUNKS) -> list[tuple[int, int]]:
    """Cuts ``n`` time-ordered reviews into ``chunks`` consecutive, near-equal [start, end)."""
    edges = [n * j // chunks for j in range(chunks + 1)]
    return list(pairwise(edges))


def folds(n: int) -> list[tuple[int, int]]:
    """Test ranges of the time-series split: fold k trains on chunks 0..k-1, tests chunk k."""
    return chunk_bounds(n)[1:]


# --- models --------------------------------------------------------------------------------


class Model(Protocol):
    """Keeps every card's memory state; predicts recall and learns from each review."""

    name: str

    def predict(self, card_id: int, at: datetime) -> float: ...

    def review(self, card_id: int, rating: int, at: datetime) -> None: ...


@dataclass
class SchedulerModel:
    """The product's scheduler (core.reviews.scheduling.ReviewScheduler) as a benchmark model."""

    name: str
    scheduler: ReviewScheduler
    memories: dict[int, MemoryState] = field(default_factory=dict)

    def predict(self, card_id: int, at: datetime) -> float:
        return self.scheduler.retrievability(self.memories.get(card_id, MemoryState()), at)

    def review(self, card_id: int, rating: int, at: datetime) -> None:
        memory = self.memories.get(card_id, MemoryState())
        self.memories[card_id] = self.scheduler.review(memory, Rating(rating), at)


def fsrs_default() -> SchedulerModel:
    scheduler = ReviewScheduler(desired_retention=0.9, fuzz=False)
    return SchedulerModel("ours, FSRS-6 default", scheduler)


def fsrs_fitted(parameters: Sequence[float]) -> SchedulerModel:
    scheduler = ReviewScheduler(desired_retention=0.9, parameters=parameters, fuzz=False)
    return SchedulerModel("ours, FSRS-6 fitted", scheduler)


@dataclass(frozen=True)
class Replay:
    predictions: list[float]  # one per review, made before the review updates the model
    wall_seconds: float
    cpu_seconds: float


def replay(log: Sequence[Review], model: Model) -> Replay:
    """Feeds the whole log to ``model``, recording its prediction before each review."""
    predictions: list[float] = []
    wall, cpu = time.perf_counter(), time.process_time()
    for review in log:
        predictions.append(model.predict(review.card_id, review.at))
        model.review(review.card_id, review.rating, review.at)
    return Replay(predictions, time.perf_counter() - wall, time.process_time() - cpu)


# --- metrics -------------------------------------------------------------------------------


def log_loss(predictions: Sequence[float], outcomes: Sequence[bool]) -> float:
    """Mean binary cross-entropy (natural log); predictions clipped to [1e-15, 1 - 1e-15]."""
    if not predictions:
        return math.nan
    total = 0.0
    for p, y in zip(predictions, outcomes, strict=True):
        p = min(max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS)
        total -= math.log(p) if y else math.log(1 - p)
    return total / len(predictions)


def rmse_bins(
    predictions: Sequence[float], outcomes: Sequence[bool], bins: Sequence[Hashable]
) -> float:
    """RMSE between mean prediction and mean outcome per bin, bins weighted by their size."""
    if not predictions:
        return math.nan
    sums: dict[Hashable, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for p, y, key in zip(predictions, outcomes, bins, strict=True):
        acc = sums[key]
        acc[0] += p
        acc[1] += float(y)
        acc[2] += 1
    squared = sum(n * (p_sum / n - y_sum / n) ** 2 for p_sum, y_sum, n in sums.values())
    return math.sqrt(squared / len(predictions))


def _log_bucket(x: float, base: float, scale: float, digits: int) -> float:
    return round(scale * base ** math.floor(math.log(x) / math.log(base)), digits)


def fsrs_bin(target: Target) -> tuple[float, float, float]:
    """The FSRS benchmark's RMSE(bins) key: log-spaced buckets of interval, count and lapses."""
    lapses = _log_bucket(target.lapses, 1.73, 1.65, 0) if target.lapses else 0.0
    return (
        _log_bucket(target.elapsed_days, 3.62, 2.48, 2),
        _log_bucket(target.review_number, 1.89, 1.99, 0),
        lapses,
    )


def auc(predictions: Sequence[float], outcomes: Sequence[bool]) -> float:
    """Area under the ROC curve by the rank-sum (Mann-Whitney) formula; ties get mean ranks."""
    order = sorted(range(len(predictions)), key=lambda i: predictions[i])
    ranks = [0.0] * len(predictions)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and predictions[order[end + 1]] == predictions[order[start]]:
            end += 1
        for i in order[start : end + 1]:
            ranks[i] = (start + end) / 2 + 1
        start = end + 1
    positives = sum(1 for y in outcomes if y)
    negatives = len(outcomes) - positives
    if positives == 0 or negatives == 0:
        return math.nan
    rank_sum = sum(rank for rank, y in zip(ranks, outcomes, strict=True) if y)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


@dataclass(frozen=True)
class FoldScore:
    fold: int
    train_reviews: int
    test_reviews: int
    scored: int
    log_loss: float
    rmse_bins: float
    auc: float
    fit_seconds: float | None = None


def score_fold(
    fold: int,
    bounds: tuple[int, int],
    predictions: Sequence[float],
    targets: Sequence[Target],
    fit_seconds: float | None = None,
) -> FoldScore:
    start, end = bounds
    chosen = [t for t in targets if start <= t.index < end]
    p = [predictions[t.index] for t in chosen]
    y = [t.recalled for t in chosen]
    return FoldScore(
        fold=fold,
        train_reviews=start,
        test_reviews=end - start,
        scored=len(chosen),
        log_loss=log_loss(p, y),
        rmse_bins=rmse_bins(p, y, [fsrs_bin(t) for t in chosen]),
        auc=auc(p, y),
        fit_seconds=fit_seconds,
    )


# --- running the models --------------------------------------------------------------------


@dataclass(frozen=True)
class ModelResult:
    name: str
    folds: list[FoldScore]
    replay_seconds: float  # wall time of one replay of the whole log (fitted: mean of folds)
    replay_cpu_seconds: float

    def mean(self, metric: Callable[[FoldScore], float]) -> float:
        return sum(metric(fold) for fold in self.folds) / len(self.folds)

    @property
    def fit_seconds(self) -> float | None:
        fits = [fold.fit_seconds for fold in self.folds if fold.fit_seconds is not None]
        return sum(fits) if fits else None


def run_fixed(
    log: Sequence[Review], targets: Sequence[Target], make: Callable[[], Model]
) -> ModelResult:
    """A model without fitted parameters: one replay serves every fold.

    A fast replay is repeated (up to ``TIMING_RUNS`` times while under ``TIMING_BUDGET_S``
    seconds in all) and the fastest run is timed, so that a millisecond baseline is not
    measured from a single noisy run; the predictions are the same in every run.
    """
    model = make()
    runs = [replay(log, model)]
    while len(runs) < TIMING_RUNS and sum(run.wall_seconds for run in runs) < TIMING_BUDGET_S:
        runs.append(replay(log, make()))
    fastest = min(runs, key=lambda run: run.wall_seconds)
    scores = [
        score_fold(k, bounds, runs[0].predictions, targets)
        for k, bounds in enumerate(folds(len(log)), start=1)
    ]
    return ModelResult(model.name, scores, fastest.wall_seconds, fastest.cpu_seconds)


def optimizer_available() -> bool:
    """True when ``fsrs.Optimizer`` works here (it needs torch and pandas).

    Without them ``fsrs.optimizer`` still imports, but its ``Optimizer`` is a stub that raises
    ImportError when built, so build one (on no reviews, which costs nothing).
    """
    try:
        from fsrs.optimizer import Optimizer

        Optimizer([])
    except ImportError:
        return False
    return True


def fit_parameters(train: Sequence[Review]) -> list[float]:
    """FSRS-6 parameters fitted by the ``fsrs`` optimizer on the given reviews."""
    from fsrs import Rating as FsrsRating
    from fsrs import ReviewLog
    from fsrs.optimizer import Optimizer

    logs = [
        ReviewLog(
            card_id=review.card_id,
            rating=FsrsRating(review.rating),
            review_datetime=review.at,
            review_duration=review.duration_ms,
        )
        for review in train
    ]
    return [float(w) for w in Optimizer(logs).compute_optimal_parameters()]


def run_fitted(
    log: Sequence[Review],
    targets: Sequence[Target],
    progress: Callable[[str], None] = lambda _: None,
) -> tuple[ModelResult, list[list[float]]]:
    """FSRS-6 with parameters fitted per fold on the training chunks, then a full replay."""
    scores: list[FoldScore] = []
    fitted: list[list[float]] = []
    wall: list[float] = []
    cpu: list[float] = []
    for k, (start, end) in enumerate(folds(len(log)), start=1):
        began = time.perf_counter()
        parameters = fit_parameters(log[:start])
        fit_seconds = time.perf_counter() - began
        note = ""
        if tuple(parameters) == tuple(DEFAULT_PARAMETERS):
            note = " (the optimizer kept the defaults: under 512 scorable training reviews)"
        progress(f"fold {k}: fitted on {start} reviews in {fit_seconds:.0f} s{note}")
        result = replay(log, fsrs_fitted(parameters))
        scores.append(score_fold(k, (start, end), result.predictions, targets, fit_seconds))
        fitted.append(parameters)
        wall.append(result.wall_seconds)
        cpu.append(result.cpu_seconds)
    model = ModelResult("ours, FSRS-6 fitted", scores, sum(wall) / len(wall), sum(cpu) / len(cpu))
    return model, fitted


# --- the pooled form of the public FSRS benchmark -------------------------------------------


@dataclass(frozen=True)
class PooledScore:
    name: str
    log_loss: float
    rows: int


def pooled_scores(log: Sequence[Review]) -> list[PooledScore]:
    """The open FSRS benchmark's form: the scorable reviews as FSRS items (the card's history
    up to the review), a 5-split time-series split over them (sklearn's TimeSeriesSplit:
    equal test folds, the first training set takes the remainder), and one log loss over all
    test rows pooled, not a mean of fold means. Default FSRS-6 and FSRS-6 fitted per split
    by fsrs-rs-python (the optimizer the app uses, core.reviews.fitting)."""
    from fsrs_rs_python import DEFAULT_PARAMETERS as RS_DEFAULTS
    from fsrs_rs_python import FSRS

    from core.reviews.fitting import LoggedReview, items_of

    logged = [LoggedReview(r.card_id, r.rating, r.at) for r in log]
    scorable = [item for _, item, is_scorable in items_of(logged) if is_scorable]
    splits = N_CHUNKS - 1
    test_size = len(scorable) // N_CHUNKS
    first = len(scorable) - splits * test_size
    totals = {"FSRS-6 default (pooled)": 0.0, "FSRS-6 fitted (pooled)": 0.0}
    rows = 0
    for k in range(splits):
        start = first + k * test_size
        train, test = scorable[:start], scorable[start : start + test_size]
        fitted = FSRS(list(RS_DEFAULTS)).compute_parameters(train)
        for name, parameters in zip(totals, (list(RS_DEFAULTS), fitted), strict=True):
            totals[name] += FSRS(parameters).evaluate(test).log_loss * len(test)
        rows += len(test)
    return [PooledScore(name, total / rows, rows) for name, total in totals.items()]


# --- report --------------------------------------------------------------------------------


def _ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.3f}" if baseline else "n/a"


def summary_table(results: Sequence[ModelResult], baseline: ModelResult) -> str:
    """Mean over the folds per model, with ratios against the baseline of the same run."""
    lines = [
        "| model | log loss | RMSE(bins) | AUC | log loss ÷ SM-2 | RMSE ÷ SM-2 | AUC ÷ SM-2"
        " | replay s | wall ÷ SM-2 | CPU ÷ SM-2 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    base_ll = baseline.mean(lambda f: f.log_loss)
    base_rmse = baseline.mean(lambda f: f.rmse_bins)
    base_auc = baseline.mean(lambda f: f.auc)
    for result in results:
        ll = result.mean(lambda f: f.log_loss)
        rmse = result.mean(lambda f: f.rmse_bins)
        area = result.mean(lambda f: f.auc)
        lines.append(
            f"| {result.name} | {ll:.4f} | {rmse:.4f} | {area:.4f}"
            f" | {_ratio(ll, base_ll)} | {_ratio(rmse, base_rmse)} | {_ratio(area, base_auc)}"
            f" | {result.replay_seconds:.3f}"
            f" | {_ratio(result.replay_seconds, baseline.replay_seconds)}"
            f" | {_ratio(result.replay_cpu_seconds, baseline.replay_cpu_seconds)} |"
        )
    return "\n".join(lines)


def fold_table(result: ModelResult) -> str:
    lines = [
        f"{result.name}:",
        "| fold | train | test | scored | log loss | RMSE(bins) | AUC | fit s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in result.folds:
        fit = f"{f.fit_seconds:.0f}" if f.fit_seconds is not None else "-"
        lines.append(
            f"| {f.fold} | {f.train_reviews} | {f.test_reviews} | {f.scored} | {f.log_loss:.4f}"
            f" | {f.rmse_bins:.4f} | {f.auc:.4f} | {fit} |"
        )
    return "\n".join(lines)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--log", type=Path, default=DEFAULT_LOG, help="review log CSV")
    parser.add_argument("--verbose", action="store_true", help="per-fold numbers and parameters")
    parser.add_argument("--no-fitted", action="store_true", help="skip the fitted FSRS model")
    args = parser.parse_args(argv)

    def say(line: str = "") -> None:
        print(line, flush=True)

    log = load_log(args.log)
    targets = scoring_targets(log)
    say(f"log: {args.log.resolve()}")
    say(
        f"{len(log)} reviews of {len({r.card_id for r in log})} cards,"
        f" {log[0].at:%Y-%m-%d} .. {log[-1].at:%Y-%m-%d}; {len(targets)} scorable reviews"
    )
    say(
        f"python {platform.python_version()}, fsrs {_version('fsrs')},"
        f" fsrs-rs-python {_version('fsrs-rs-python')},"
        f" torch {_version('torch')}; folds: train chunks 0..k-1, test chunk k (k=1..5)"
    )
    say()

    makers: list[Callable[[], Model]] = [fsrs_default, SM2, Leitner, MasteryLadder]
    results = [run_fixed(log, targets, make) for make in makers]
    baseline = next(result for result in results if result.name == BASELINE)

    fitted_parameters: list[list[float]] = []
    if args.no_fitted:
        say("fitted: skipped (--no-fitted)")
    elif not optimizer_available():
        say(FITTED_SKIPPED)
    else:
        fitted, fitted_parameters = run_fitted(log, targets, say)
        results.insert(1, fitted)
        say(f"fitted: {fitted.fit_seconds:.0f} s of fitting over the 5 folds (not in replay s)")
    say()

    say(summary_table(results, baseline))
    say()
    say("pooled form of the open FSRS benchmark (fsrs-rs-python; one log loss over all folds):")
    say("| model | log loss | test rows |")
    say("|---|---:|---:|")
    for pooled in pooled_scores(log):
        say(f"| {pooled.name} | {pooled.log_loss:.4f} | {pooled.rows} |")
    if args.verbose:
        for result in results:
            say()
            say(fold_table(result))
        for k, parameters in enumerate(fitted_parameters, start=1):
            say(f"fold {k} parameters: {', '.join(f'{w:.4f}' for w in parameters)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
