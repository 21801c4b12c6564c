"""BLKK staff pages: trainees, enrolments, graduation, import and export (mounted at /blkk/)."""

from django.urls import path

from . import privacy_views, views

app_name = "trainees"

urlpatterns = [
    path("peserta/", views.trainee_list, name="trainee-list"),
    path("peserta/baru/", views.trainee_create, name="trainee-create"),
    path("peserta/<int:pk>/", views.trainee_detail, name="trainee-detail"),
    path("peserta/<int:pk>/ubah/", views.trainee_edit, name="trainee-edit"),
    path("peserta/<int:pk>/persetujuan/", views.trainee_consent, name="trainee-consent"),
    path("peserta/<int:pk>/keberatan/", views.trainee_objection, name="trainee-objection"),
    path("peserta/<int:pk>/data.json", privacy_views.trainee_export_json, name="privacy-export-json"),
    path("peserta/<int:pk>/data.xlsx", privacy_views.trainee_export_xlsx, name="privacy-export-xlsx"),
    path("peserta/<int:pk>/hapus-data/", privacy_views.trainee_erase, name="privacy-erase"),
    path("peserta/impor/", views.import_upload, name="import"),
    path("peserta/impor/templat.xlsx", views.import_template, name="import-template"),
    path("peserta/impor/<slug:token>/", views.import_preview, name="import-preview"),
    path("peserta/impor/<slug:token>/progres/", views.import_progress, name="import-progress"),
    path("peserta/ekspor.xlsx", views.export_xlsx, name="export-xlsx"),
    path("peserta/ekspor.csv", views.export_csv, name="export-csv"),
    path("pendaftaran/<int:pk>/status/", views.enrolment_status, name="enrolment-status"),
    path("angkatan/<int:pk>/kelulusan/", views.cohort_graduate, name="graduate"),
]
