"""Match runs: load from the database, call the engine, store shortlists, allocate, propose.

Runs are requested inside the caller's transaction and enqueued only after it commits. A run
replaces its results atomically, so re-running (a retry, a worker killed mid-run) is harmless.
After every run one allocation over all open vacancies' stored shortlists decides the
``proposed`` marks, so they always form one consistent plan: no graduate proposed twice, no
vacancy over the places it has left.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.core import jobs
from apps.matching import engine
from apps.matching.loaders import SEAT_HOLDING, Universe, load_graduates, load_vacancies, weights
from apps.matching.models import Match, MatchRun
from apps.notifications import services as notifications
from apps.trainees.models import Trainee
from apps.vacancies.models import Application, Vacancy

log = logging.getLogger(__name__)
ALLOCATION_LOCK = 0x424C4B4B  # "BLKK": serialises allocations across processes (PostgreSQL)
PROPOSAL = {"status": Application.Status.PROPOSED, "source": Application.Source.MATCHED}


# --- requesting runs --------------------------------------------------------------------------
def matchrun_request(
    *,
    scope: str,
    vacancy: Vacancy | None = None,
    trainee_ids: Iterable[int] = (),
    province_code: str | None = None,
    by: Any = None,
) -> MatchRun:
    """Record a queued run and enqueue it once the surrounding transaction commits."""
    run = MatchRun.objects.create(
        scope=scope,
        vacancy=vacancy,
        province_id=province_code,
        params={"trainees": sorted(set(trainee_ids))} if trainee_ids else {},
        requested_by=by if getattr(by, "is_authenticated", False) else None,
    )
    transaction.on_commit(lambda: enqueue(run.pk))
    return run


def enqueue(run_id: int, *, force: bool = False) -> bool:
    """Send the run to the broker. If the broker is unreachable the run stays ``queued`` and
    the sweeper (``sweep_queued_runs``, with ``force``) sends it later; the request that asked
    never hangs."""
    from apps.matching.tasks import run_match

    if jobs.publish(run_match, run_id, force=force):
        return True
    log.warning("match run %s stays queued until the sweeper sends it", run_id)
    return False


def request_for_vacancy(vacancy: Vacancy, by: Any = None) -> MatchRun:
    return matchrun_request(scope=MatchRun.Scope.VACANCY, vacancy=vacancy, by=by)


def request_for_graduates(trainee_ids: Iterable[int], by: Any = None) -> MatchRun | None:
    ids = list(trainee_ids)
    return matchrun_request(scope=MatchRun.Scope.GRADUATES, trainee_ids=ids, by=by) if ids else None


# --- executing runs ---------------------------------------------------------------------------
def _claim(run_id: int) -> MatchRun | None:
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status == MatchRun.Status.DONE:
            return None  # already done: a redelivered message changes nothing
        run.status, run.progress, run.error = MatchRun.Status.RUNNING, 0.0, ""
        run.started_at = timezone.now()
        run.attempts += 1
        run.save(update_fields=["status", "progress", "error", "started_at", "attempts"])
        return run


def _progress(run: MatchRun) -> Callable[[float], None]:
    def report(fraction: float) -> None:
        MatchRun.objects.filter(pk=run.pk).update(progress=min(max(fraction, 0.0), 1.0))

    return report


def matchrun_execute(*, run_id: int) -> MatchRun | None:
    """Carry out a run (the Celery task's body). Idempotent; failures are recorded and re-raised."""
    run = _claim(run_id)
    if run is None:
        return None
    try:
        report = _progress(run)
        if run.scope == MatchRun.Scope.NATIONAL:
            return national_start(run)
        if run.scope == MatchRun.Scope.VACANCY:
            counts = shortlist_vacancies(Vacancy.objects.filter(pk=run.vacancy_id), run=run, progress=report)
        elif run.scope == MatchRun.Scope.GRADUATES:
            counts = shortlist_graduates(run.params.get("trainees", []), run=run)
        else:
            open_vacancies = Vacancy.objects.filter(status=Vacancy.Status.OPEN)
            if run.scope == MatchRun.Scope.PROVINCE:
                open_vacancies = open_vacancies.filter(regency__province=run.province_id)
            counts = shortlist_vacancies(open_vacancies, run=run, progress=report, replace_closed=True)
        report(0.9)
        counts.pop("timings", None)
        counts.update(allocate_and_propose())
    except Exception as exc:
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    return _finish(run, counts)


def _finish(run: MatchRun, counts: dict[str, Any]) -> MatchRun:
    run.refresh_from_db()
    run.status, run.progress, run.finished_at = MatchRun.Status.DONE, 1.0, timezone.now()
    run.counts = {**run.counts, **counts}
    total = (run.finished_at - run.started_at).total_seconds() if run.started_at else 0.0
    run.timings = {**run.timings, "total": round(total, 3)}
    run.save(update_fields=["status", "progress", "finished_at", "counts", "timings"])
    return run


# --- national runs: one chunk per province, any number of workers, then one allocation ---------
def national_start(run: MatchRun) -> MatchRun:
    """Empty the shortlists of vacancies no longer open, then fan out one task per province."""
    from celery import chord

    from apps.matching.tasks import finish_national, shortlist_province

    Match.objects.exclude(vacancy__status=Vacancy.Status.OPEN).delete()
    provinces = sorted(
        set(Vacancy.objects.filter(status=Vacancy.Status.OPEN).values_list("regency__province_id", flat=True))
    )
    MatchRun.objects.filter(pk=run.pk).update(
        params={"provinces": provinces}, counts={"chunks": len(provinces), "chunks_done": 0}
    )
    transaction.on_commit(
        lambda: (
            chord(shortlist_province.si(run.pk, code) for code in provinces)(finish_national.si(run.pk))
            if provinces
            else finish_national.delay(run.pk)
        )
    )
    run.refresh_from_db()
    return run


def national_chunk(*, run_id: int, province_code: str, worker: str = "") -> dict[str, Any]:
    """Shortlists of one province's open vacancies (idempotent: replaces them)."""
    counts = shortlist_vacancies(
        Vacancy.objects.filter(status=Vacancy.Status.OPEN, regency__province=province_code)
    )
    counts.pop("timings", None)
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        done = set(run.counts.get("done", [])) | {province_code}
        total = max(run.counts.get("chunks", 1), 1)
        run.counts = {
            **run.counts,
            "done": sorted(done),
            "chunks_done": len(done),
            "workers": sorted(set(run.counts.get("workers", [])) | ({worker} if worker else set())),
            "matches": run.counts.get("matches", 0) + counts["matches"],
        }
        run.progress = 0.9 * len(done) / total
        run.save(update_fields=["counts", "progress"])
    return counts


def national_finish(*, run_id: int) -> MatchRun:
    counts = allocate_and_propose()
    return _finish(MatchRun.objects.get(pk=run_id), counts)


# --- shortlists -------------------------------------------------------------------------------
def shortlist_vacancies(
    vacancies: QuerySet[Vacancy],
    *,
    run: MatchRun | None = None,
    progress: Callable[[float], None] | None = None,
    replace_closed: bool = False,
) -> dict[str, Any]:
    """Score and store the top-k shortlist of each given vacancy that is open (others emptied)."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    universe, w = Universe.load(), weights()
    open_qs = vacancies.filter(status=Vacancy.Status.OPEN)
    vac = load_vacancies(universe, open_qs)
    near = universe.regencies_within_reach((universe.regency_codes[r] for r in vac.regency), w.reach_km)
    grads = load_graduates(universe, regencies=near)
    timings["load"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    index = engine.GraduateIndex.build(grads, universe.regions, w)
    report = (lambda f: progress(0.1 + 0.7 * f)) if progress else None
    sl = engine.shortlist(index, vac, w, progress=report) if len(vac) else engine.Shortlist.empty()
    timings["engine"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    emptied = vacancies.exclude(status=Vacancy.Status.OPEN).values_list("pk", flat=True)
    if replace_closed:
        emptied = Match.objects.exclude(vacancy__status=Vacancy.Status.OPEN).values_list(
            "vacancy_id", flat=True
        )
    with transaction.atomic():
        Match.objects.filter(vacancy_id__in=[*vac.ids.tolist(), *emptied]).delete()
        _store(run, universe, vac, grads, sl)
    timings["store"] = time.perf_counter() - t2
    rounded = {k: round(v, 3) for k, v in timings.items()}
    if run is not None:
        MatchRun.objects.filter(pk=run.pk).update(timings=rounded)
    return {
        "vacancies": len(vac),
        "graduates": int(grads.available.sum()),
        "matches": len(sl),
        "timings": rounded,
    }


def _explanations(
    universe: Universe, vac: engine.Vacancies, grads: engine.Graduates, sl: engine.Matches
) -> Iterable[tuple[list[str], list[str]]]:
    codes = universe.unit_codes
    req, skills = vac.required, grads.skills
    for v, g in zip(sl.vacancy.tolist(), sl.graduate.tolist(), strict=True):
        held = set(skills.indices[skills.indptr[g] : skills.indptr[g + 1]].tolist())
        required = req.indices[req.indptr[v] : req.indptr[v + 1]].tolist()
        yield [codes[u] for u in required if u in held], [codes[u] for u in required if u not in held]


def _store(
    run: MatchRun | None,
    universe: Universe,
    vac: engine.Vacancies,
    grads: engine.Graduates,
    sl: engine.Matches,
    ranks: Iterable[int] | None = None,
) -> None:
    ranks = sl.rank.tolist() if ranks is None else list(ranks)
    Match.objects.bulk_create(
        [
            Match(
                run=run,
                vacancy_id=vid,
                trainee_id=gid,
                score=round(score, 2),
                rank=rank,
                matched=matched,
                missing=missing,
                reasons={
                    "coverage": round(cov, 2),
                    "vocation": round(voc, 2),
                    "distance": round(dist, 2),
                    "recency": round(rec, 2),
                },
            )
            for vid, gid, score, rank, cov, voc, dist, rec, (matched, missing) in zip(
                sl.vacancy_id.tolist(),
                sl.graduate_id.tolist(),
                sl.score.tolist(),
                ranks,
                sl.coverage.tolist(),
                sl.vocation.tolist(),
                sl.distance.tolist(),
                sl.recency.tolist(),
                _explanations(universe, vac, grads, sl),
                strict=True,
            )
        ],
        batch_size=2000,
    )


def shortlist_graduates(trainee_ids: Iterable[int], *, run: MatchRun | None = None) -> dict[str, Any]:
    """Incremental: score a few (new or changed) graduates against every open vacancy within
    reach and merge them into those vacancies' stored top-k shortlists."""
    ids = list(trainee_ids)
    universe, w = Universe.load(), weights()
    grads = load_graduates(universe, trainee_ids=ids)
    relocating = bool(grads.relocate[grads.available].any())
    home = {universe.regency_codes[r] for r in grads.regency[grads.available]}
    open_qs = Vacancy.objects.filter(status=Vacancy.Status.OPEN)
    if not relocating:
        open_qs = open_qs.filter(regency__in=universe.regencies_within_reach(home, w.reach_km))
    vac = load_vacancies(universe, open_qs)
    found = engine.Matches.empty()
    if len(vac) and grads.available.any():
        vindex = engine.VacancyIndex.build(vac, universe.regions, w, len(universe.vocation_ids))
        parts = [engine.match_graduate(vindex, grads, row, w) for row in np.flatnonzero(grads.available)]
        found = engine.concat_shortlists([engine.rank_top_k(p, len(vac)) for p in parts]) if parts else found
    with transaction.atomic():
        Match.objects.filter(trainee_id__in=ids).delete()  # their old places, whatever they were
        _merge_into_shortlists(run, universe, vac, grads, found, w.top_k)
    return {"graduates": len(ids), "vacancies": len(vac), "matches": len(found)}


def _merge_into_shortlists(
    run: MatchRun | None,
    universe: Universe,
    vac: engine.Vacancies,
    grads: engine.Graduates,
    found: engine.Matches,
    k: int,
) -> None:
    """Keep each touched vacancy's k best (score desc, trainee id asc) among old and new."""
    if not len(found):
        return
    touched = np.unique(found.vacancy_id).tolist()
    old = list(
        Match.objects.filter(vacancy_id__in=touched).values_list("pk", "vacancy_id", "trainee_id", "score")
    )
    entries = [(vid, -score, tid, ("old", pk)) for pk, vid, tid, score in old]
    entries += [
        (vid, -float(score), gid, ("new", i))
        for i, (vid, gid, score) in enumerate(
            zip(found.vacancy_id.tolist(), found.graduate_id.tolist(), found.score.tolist(), strict=True)
        )
    ]
    entries.sort()
    keep_old: dict[int, int] = {}
    keep_new: dict[int, int] = {}
    dropped: list[int] = []
    rank, last = 0, None
    for vid, _neg, _tid, (kind, ref) in entries:
        rank = rank + 1 if vid == last else 1
        last = vid
        if rank > k:
            if kind == "old":
                dropped.append(ref)
            continue
        (keep_old if kind == "old" else keep_new)[ref] = rank
    Match.objects.filter(pk__in=dropped).delete()
    updates = [Match(pk=pk, rank=r) for pk, r in keep_old.items()]
    Match.objects.bulk_update(updates, ["rank"], batch_size=2000)
    chosen = np.array(sorted(keep_new), dtype=np.int64)
    fresh = found.take(chosen)
    _store(run, universe, vac, grads, fresh, ranks=[keep_new[i] for i in chosen.tolist()])


# --- allocation -------------------------------------------------------------------------------
def _lock_allocation() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ALLOCATION_LOCK])


def unavailable_trainees(trainee_ids: Iterable[int]) -> set[int]:
    """Who may not be proposed now: hired, not consenting, objecting, erased, or under 18."""
    from apps.trainees.models import adult_born_on_or_before

    ids = list(set(trainee_ids))
    blocked = set(
        Trainee.objects.filter(pk__in=ids)
        .exclude(consent_share=True, objects_to_matching=False, erased_at__isnull=True)
        .values_list("pk", flat=True)
    )
    blocked |= set(
        Trainee.objects.filter(
            pk__in=ids, birth_date__gt=adult_born_on_or_before(timezone.localdate())
        ).values_list("pk", flat=True)
    )
    blocked |= set(
        Application.objects.filter(trainee_id__in=ids, status=Application.Status.HIRED).values_list(
            "trainee_id", flat=True
        )
    )
    return blocked


@transaction.atomic
def allocate_and_propose() -> dict[str, int]:
    """One optimal plan over all open vacancies' shortlists; proposals follow it exactly.

    Each vacancy offers the places not yet held by a candidate in the pipeline (shortlisted …
    hired); each available graduate gets at most one proposal; total score is maximised
    (min-cost flow). Pairs already in a pipeline (or rejected/withdrawn) are not proposed again.
    """
    _lock_allocation()
    open_vacancies = dict(Vacancy.objects.filter(status=Vacancy.Status.OPEN).values_list("pk", "headcount"))
    taken = dict(
        Application.objects.filter(vacancy_id__in=list(open_vacancies), status__in=SEAT_HOLDING)
        .values_list("vacancy_id")
        .annotate(n=models.Count("id"))
        .order_by()
    )
    rows = list(
        Match.objects.filter(vacancy_id__in=list(open_vacancies)).values_list(
            "pk", "vacancy_id", "trainee_id", "score"
        )
    )
    human = set(
        Application.objects.filter(vacancy_id__in=list(open_vacancies))
        .exclude(**PROPOSAL)
        .values_list("vacancy_id", "trainee_id")
    )
    blocked = unavailable_trainees(r[2] for r in rows)
    rows = [r for r in rows if r[2] not in blocked and (r[1], r[2]) not in human]
    plan: dict[tuple[int, int], int] = {}
    if rows:
        vac_ids = np.array(sorted(open_vacancies), dtype=np.int64)
        arr = np.array([(r[1], r[2]) for r in rows], dtype=np.int64)
        score = np.array([r[3] for r in rows], dtype=np.float32)
        _ids, grad_row = np.unique(arr[:, 1], return_inverse=True)
        zeros = np.zeros(len(rows), dtype=np.float32)
        pairs = engine.Matches(
            vacancy=np.searchsorted(vac_ids, arr[:, 0]),
            graduate=grad_row.ravel(),
            vacancy_id=arr[:, 0],
            graduate_id=arr[:, 1],
            score=score,
            coverage=zeros,
            vocation=zeros,
            distance=zeros,
            recency=zeros,
            matched=np.zeros(len(rows), dtype=np.int32),
        )
        capacity = np.array(
            [max(0, open_vacancies[v] - taken.get(v, 0)) for v in vac_ids.tolist()], dtype=np.int64
        )
        chosen = engine.allocate(pairs, capacity)
        plan = {(r[1], r[2]): r[0] for r, take in zip(rows, chosen.tolist(), strict=True) if take}
    return _apply_plan(plan)


def _owners(pairs: list[tuple[int, int]]) -> tuple[dict[int, int], dict[int, int]]:
    """The employer of each vacancy and the BLKK of each trainee in (vacancy, trainee) ``pairs``:
    an application's copies of both. Two queries, none without pairs."""
    if not pairs:
        return {}, {}
    vacancies, trainees = {v for v, _t in pairs}, {t for _v, t in pairs}
    return (
        dict(Vacancy.objects.filter(pk__in=vacancies).values_list("pk", "employer_id")),
        dict(Trainee.objects.filter(pk__in=trainees).values_list("pk", "blkk_id")),
    )


def _apply_plan(plan: dict[tuple[int, int], int]) -> dict[str, int]:
    """Make the ``proposed`` marks and the matched proposals equal the plan (pair → match id)."""
    chosen = list(plan.values())
    Match.objects.filter(proposed=True).exclude(pk__in=chosen).update(proposed=False)
    Match.objects.filter(pk__in=chosen, proposed=False).update(proposed=True)
    current = {
        (vid, tid): pk
        for pk, vid, tid in Application.objects.filter(**PROPOSAL).values_list(
            "pk", "vacancy_id", "trainee_id"
        )
    }
    stale = [pk for pair, pk in current.items() if pair not in plan]
    Application.objects.filter(pk__in=stale).delete()
    pairs = sorted(plan.keys() - current.keys())
    employer_of, blkk_of = _owners(pairs)
    new = [
        Application(vacancy_id=v, trainee_id=t, employer_id=employer_of[v], blkk_id=blkk_of[t], **PROPOSAL)
        for v, t in pairs
    ]
    Application.objects.bulk_create(new, batch_size=2000)
    notifications.notify_new_proposals([a.pk for a in new])  # after commit, once per vacancy
    return {"proposed": len(plan), "proposals_added": len(new), "proposals_removed": len(stale)}
