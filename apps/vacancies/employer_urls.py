"""Employer pages (under /perusahaan/)."""

from django.urls import path

from apps.vacancies import employer_views as views

app_name = "employer"

urlpatterns = [
    path("", views.vacancy_list, name="vacancy-list"),
    path("lowongan/baru/", views.vacancy_create, name="vacancy-create"),
    path("lowongan/unit-kompetensi/", views.units, name="units"),
    path("lowongan/<int:pk>/", views.vacancy_detail, name="vacancy-detail"),
    path("lowongan/<int:pk>/ubah/", views.vacancy_edit, name="vacancy-edit"),
    path("lowongan/<int:pk>/status/", views.vacancy_status, name="vacancy-status"),
    path("lowongan/<int:pk>/pencocokan/", views.vacancy_run, name="vacancy-run"),
    path("lowongan/<int:pk>/pencocokan/ulang/", views.vacancy_rematch, name="vacancy-rematch"),
    path("lowongan/<int:pk>/kandidat/", views.candidates, name="vacancy-candidates"),
    path(
        "lowongan/<int:pk>/kandidat/<int:trainee_id>/proses/",
        views.candidate_pick,
        name="candidate-pick",
    ),
    path("lowongan/<int:pk>/proses-rekrutmen/", views.pipeline, name="vacancy-pipeline"),
    path("lamaran/<int:pk>/langkah/", views.application_step, name="application-step"),
]
