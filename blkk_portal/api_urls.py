"""HTTP API v1 — the published contract (DESIGN.md "HTTP API")."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from apps.accounts.api import UserViewSet
from apps.core.auth_api import obtain_auth_token
from apps.dashboards.api import DashboardSummaryView
from apps.employers.api import EmployerViewSet, IndustrialParkViewSet
from apps.matching.api import MatchRunViewSet, VacancyCandidatesView, VacancyMatchView
from apps.regions.api import RegencyViewSet
from apps.registry.api import BlkkViewSet
from apps.taxonomy.api import CompetencyUnitViewSet, VocationViewSet
from apps.trainees.api import EnrolmentViewSet, TraineeViewSet
from apps.trainees.privacy_api import TraineeEraseView, TraineeExportView
from apps.training.api import CohortViewSet, ProgramViewSet
from apps.vacancies.api import ApplicationViewSet, VacancyViewSet

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")
router.register("regions", RegencyViewSet, basename="region")
router.register("vocations", VocationViewSet, basename="vocation")
router.register("competencies", CompetencyUnitViewSet, basename="competency")
router.register("blkk", BlkkViewSet, basename="blkk")
router.register("programs", ProgramViewSet, basename="program")
router.register("cohorts", CohortViewSet, basename="cohort")
router.register("trainees", TraineeViewSet, basename="trainee")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("industrial-parks", IndustrialParkViewSet, basename="industrial-park")
router.register("employers", EmployerViewSet, basename="employer")
router.register("vacancies", VacancyViewSet, basename="vacancy")
router.register("applications", ApplicationViewSet, basename="application")
router.register("match-runs", MatchRunViewSet, basename="match-run")

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("dashboard/summary/", DashboardSummaryView.as_view(), name="dashboard-summary"),
    path("vacancies/<int:pk>/match/", VacancyMatchView.as_view(), name="vacancy-match"),
    path("vacancies/<int:pk>/candidates/", VacancyCandidatesView.as_view(), name="vacancy-candidates"),
    path("trainees/<int:pk>/export/", TraineeExportView.as_view(), name="trainee-export"),
    path("trainees/<int:pk>/erase/", TraineeEraseView.as_view(), name="trainee-erase"),
    *router.urls,
]
