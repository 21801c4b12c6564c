"""The one place that answers "may this user see / change this object".

Every selector, web view, API view and admin scopes its querysets with ``scope(user, qs)`` and
fetches single objects with ``get_for_user``; an object outside the user's scope is a 404 (never a
403), so ids cannot be probed. A visible object the user may not change is a 403.

Roles (DESIGN.md):
- ``blkk_staff``: own BLKK, its programmes, cohorts, trainees, enrolments; all open vacancies;
  matches and applications of own trainees. Changes all of those; nominates own graduates.
- ``employer``: own profile and vacancies; matches and applications on own vacancies. Changes own
  vacancies and moves the pipeline of own applications.
- ``official``: read-only inside a national / province / regency scope; verifies BLKK and employers.
- ``admin`` (or superuser): everything.
- anonymous: open vacancies (the public job board) and reference data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from apps.accounts.models import AccessLog, User
from apps.employers.models import Employer, IndustrialPark
from apps.matching.models import Match, MatchRun
from apps.regions.models import MinimumWage, Province, Regency
from apps.registry.models import Blkk
from apps.taxonomy.models import CompetencyUnit, Vocation
from apps.trainees.models import Enrolment, Trainee
from apps.training.models import Cohort, Program
from apps.vacancies.models import Application, Vacancy

Action = Literal["view", "change", "delete", "verify"]
M = TypeVar("M", bound=Model)

NOTHING = Q(pk__in=[])
EVERYTHING = Q()

STAFF = User.Role.BLKK_STAFF
EMPLOYER = User.Role.EMPLOYER
OFFICIAL = User.Role.OFFICIAL

# Pipeline steps each side may take (the legal order lives in vacancies.services).
EMPLOYER_STEPS = frozenset({"shortlisted", "interview", "offered", "hired", "rejected"})
STAFF_STEPS = frozenset({"withdrawn"})
# From shortlisting on, a consenting candidate's name and phone are shown to the employer.
CONTACT_VISIBLE_STATUSES = frozenset({"shortlisted", "interview", "offered", "hired"})


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser or user.role == User.Role.ADMIN:
        return User.Role.ADMIN
    return user.role


def is_admin(user: Any) -> bool:
    return role_of(user) == User.Role.ADMIN


def region_q(user: User, regency_path: str) -> Q:
    """An official's scope over a model whose regency is reached through ``regency_path``."""
    if user.scope_regency_id:
        return Q(**{regency_path: user.scope_regency_id})
    if user.scope_province_id:
        return Q(**{f"{regency_path}__province": user.scope_province_id})
    return EVERYTHING


def _rule(
    *,
    staff: Callable[[User], Q] | None = None,
    employer: Callable[[User], Q] | None = None,
    official: str | None = None,
    anonymous: Q = NOTHING,
    everyone: bool = False,
) -> Callable[[Any], Q]:
    def visible(user: Any) -> Q:
        role = role_of(user)
        if everyone or role == User.Role.ADMIN:
            return EVERYTHING
        if role is None:
            return anonymous
        if role == STAFF:
            return staff(user) if staff else NOTHING
        if role == EMPLOYER:
            return employer(user) if employer else NOTHING
        if role == OFFICIAL:
            return region_q(user, official) if official else NOTHING
        return NOTHING

    return visible


OPEN = Q(status=Vacancy.Status.OPEN)

VISIBLE: dict[type[Model], Callable[[Any], Q]] = {
    Province: _rule(everyone=True),
    Regency: _rule(everyone=True),
    MinimumWage: _rule(everyone=True),
    Vocation: _rule(everyone=True),
    CompetencyUnit: _rule(everyone=True),
    IndustrialPark: _rule(everyone=True),
    Blkk: _rule(staff=lambda u: Q(pk=u.blkk_id), official="regency"),
    Program: _rule(staff=lambda u: Q(blkk=u.blkk_id), official="blkk__regency"),
    Cohort: _rule(staff=lambda u: Q(program__blkk=u.blkk_id), official="program__blkk__regency"),
    Trainee: _rule(staff=lambda u: Q(blkk=u.blkk_id), official="blkk__regency"),
    # Enrolments and applications carry their trainee's BLKK (and an application its vacancy's
    # employer): a staff member's or an employer's list reads one index, no join.
    Enrolment: _rule(staff=lambda u: Q(blkk=u.blkk_id), official="trainee__blkk__regency"),
    Employer: _rule(employer=lambda u: Q(pk=u.employer_id), official="regency"),
    Vacancy: _rule(
        staff=lambda u: OPEN, employer=lambda u: Q(employer=u.employer_id), official="regency", anonymous=OPEN
    ),
    Application: _rule(
        staff=lambda u: Q(blkk=u.blkk_id),
        employer=lambda u: Q(employer=u.employer_id),
        official="trainee__blkk__regency",
    ),
    Match: _rule(
        staff=lambda u: Q(trainee__blkk=u.blkk_id),
        employer=lambda u: Q(vacancy__employer=u.employer_id),
    ),
    MatchRun: _rule(
        staff=lambda u: Q(requested_by=u.pk),
        employer=lambda u: Q(vacancy__employer=u.employer_id) | Q(requested_by=u.pk),
    ),
    User: _rule(staff=lambda u: Q(pk=u.pk), employer=lambda u: Q(pk=u.pk)),
    AccessLog: _rule(),
}
# Officials see their own account too.
_user_rule = VISIBLE[User]
VISIBLE[User] = lambda u: Q(pk=u.pk) if role_of(u) == OFFICIAL else _user_rule(u)


def visible_q(user: Any, model: type[Model]) -> Q:
    try:
        return VISIBLE[model](user)
    except KeyError:  # a model nobody registered is visible to admins only
        return EVERYTHING if is_admin(user) else NOTHING


def scope(user: Any, qs: QuerySet[M] | type[M]) -> QuerySet[M]:
    """The part of ``qs`` this user may see."""
    if not isinstance(qs, QuerySet):
        qs = qs._default_manager.all()
    q = visible_q(user, qs.model)
    if q == NOTHING:
        return qs.none()
    return qs.filter(q) if q else qs


def shortlist_scope(user: Any, vacancy: Vacancy) -> QuerySet[Match]:
    """The matches of ``vacancy`` this user may see: ``scope(user, Match)`` on that vacancy, which
    for the vacancy's own employer is all of them (found without joining the vacancy again)."""
    matches = Match.objects.filter(vacancy=vacancy)
    if role_of(user) == EMPLOYER and vacancy.employer_id == user.employer_id:
        return matches
    return scope(user, matches)


def counts_by_region(user: Any) -> bool:
    """Is this user's scope a set of whole regencies (admins and officials)? Their aggregates may
    then be read from per-regency summaries; every other scope is counted row by row."""
    return role_of(user) in (User.Role.ADMIN, OFFICIAL)


def regencies_in_scope(user: Any) -> QuerySet[Regency]:
    """Regencies whose aggregates this user may read: all for admins and national officials, the
    scope province's or the one scope regency for the others; none for any other role."""
    if not counts_by_region(user):
        return Regency.objects.none()
    if role_of(user) == OFFICIAL:
        if user.scope_regency_id:
            return Regency.objects.filter(code=user.scope_regency_id)
        if user.scope_province_id:
            return Regency.objects.filter(province=user.scope_province_id)
    return Regency.objects.all()


def is_national(user: Any) -> bool:
    role = role_of(user)
    return role == User.Role.ADMIN or (
        role == OFFICIAL and not user.scope_province_id and not user.scope_regency_id
    )


# --- changing -------------------------------------------------------------------------------
def _blkk_of(obj: Model) -> int | None:
    if isinstance(obj, Blkk):
        return obj.pk
    if isinstance(obj, (Program, Trainee)):
        return obj.blkk_id
    if isinstance(obj, Cohort):
        return obj.program.blkk_id
    if isinstance(obj, Enrolment | Application):
        return obj.blkk_id  # the trainee's, copied
    return None


def _employer_of(obj: Model) -> int | None:
    if isinstance(obj, Employer):
        return obj.pk
    if isinstance(obj, Vacancy):
        return obj.employer_id
    if isinstance(obj, Application):
        return obj.employer_id  # the vacancy's, copied
    return None


STAFF_WRITABLE = (Blkk, Program, Cohort, Trainee, Enrolment)
EMPLOYER_WRITABLE = (Employer, Vacancy)
VERIFIABLE = (Blkk, Employer)


def can(user: Any, action: Action, obj: Model) -> bool:
    """May ``user`` take ``action`` on ``obj``? (``view`` costs one query; the others none.)"""
    role = role_of(user)
    if role is None:
        return action == "view" and scope(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()
    if role == User.Role.ADMIN:
        return True
    if action == "view":
        return scope(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()
    if action == "verify":
        return (
            role == OFFICIAL
            and isinstance(obj, VERIFIABLE)
            and scope(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()
        )
    if role == STAFF and isinstance(obj, STAFF_WRITABLE):
        if isinstance(obj, Blkk) and action != "change":
            return False  # staff edit their BLKK's profile; the registry entry is the ministry's
        return _blkk_of(obj) == user.blkk_id
    if role == EMPLOYER and isinstance(obj, EMPLOYER_WRITABLE):
        return action == "change" and _employer_of(obj) == user.employer_id
    return False


def can_create_in(user: Any, *, blkk: Blkk | None = None, employer: Employer | None = None) -> bool:
    """May ``user`` add objects (programmes, trainees … or vacancies) under this owner?"""
    role = role_of(user)
    if role == User.Role.ADMIN:
        return True
    if blkk is not None:
        return role == STAFF and user.blkk_id == blkk.pk
    if employer is not None:
        return role == EMPLOYER and user.employer_id == employer.pk
    return False


def can_transition(user: Any, application: Application, to: str) -> bool:
    """Employers move their own vacancies' pipeline; BLKK staff withdraw their own trainees."""
    role = role_of(user)
    if role == User.Role.ADMIN:
        return True
    if role == EMPLOYER:
        return to in EMPLOYER_STEPS and application.employer_id == user.employer_id
    if role == STAFF:
        return to in STAFF_STEPS and application.blkk_id == user.blkk_id
    return False


def can_nominate(user: Any, trainee: Trainee, vacancy: Vacancy) -> bool:
    """BLKK staff nominate their own graduates to an open vacancy."""
    role = role_of(user)
    if vacancy.status != Vacancy.Status.OPEN:
        return False
    return role == User.Role.ADMIN or (role == STAFF and trainee.blkk_id == user.blkk_id)


def can_see_personal_data(user: Any, trainee: Trainee) -> bool:
    """Full personal data (NIK, birth date, address): the owning BLKK and admins only."""
    return role_of(user) == User.Role.ADMIN or is_owning_blkk(user, trainee)


def is_owning_blkk(user: Any, trainee: Trainee) -> bool:
    """Is this user staff of the trainee's own BLKK? Their views of its data are not audited;
    everyone else's views of a NIK or a contact are (admins included)."""
    return role_of(user) == STAFF and trainee.blkk_id == user.blkk_id


def can_see_contact(user: Any, application: Application) -> bool:
    """An employer sees name and phone once the candidate is shortlisted and has consented."""
    return can_see_candidate_contact(
        user,
        trainee=application.trainee,
        employer_id=application.employer_id,
        status=application.status,
    )


def can_see_candidate_contact(user: Any, *, trainee: Trainee, employer_id: int, status: str | None) -> bool:
    """The same rule for a candidate whose application (if any) has ``status``."""
    if can_see_personal_data(user, trainee):
        return True
    return (
        role_of(user) == EMPLOYER
        and employer_id == user.employer_id
        and status in CONTACT_VISIBLE_STATUSES
        and trainee.consent_share
        and trainee.erased_at is None
        and not trainee.is_minor
    )


def get_for_user(user: Any, qs: QuerySet[M] | type[M], action: Action = "view", **lookup: Any) -> M:
    """Fetch one object in the user's scope: 404 outside it, 403 if visible but not allowed."""
    qs = scope(user, qs)
    try:
        obj = qs.get(**lookup)
    except (qs.model.DoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise Http404 from exc  # missing, outside the scope, or a malformed id: all look alike
    if action != "view" and not can(user, action, obj):
        raise PermissionDenied
    return obj
