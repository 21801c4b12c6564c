"""BLKK staff pages: programmes and cohorts (mounted at /blkk/)."""

from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("program/", views.program_list, name="program-list"),
    path("program/baru/", views.program_create, name="program-create"),
    path("program/<int:pk>/", views.program_detail, name="program-detail"),
    path("program/<int:pk>/ubah/", views.program_edit, name="program-edit"),
    path("program/<int:program_pk>/angkatan/baru/", views.cohort_create, name="cohort-create"),
    path("angkatan/", views.cohort_list, name="cohort-list"),
    path("angkatan/<int:pk>/", views.cohort_detail, name="cohort-detail"),
    path("angkatan/<int:pk>/ubah/", views.cohort_edit, name="cohort-edit"),
]
