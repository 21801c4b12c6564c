"""BLKK staff pages: the centre's profile (mounted at /blkk/)."""

from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("profil/ubah/", views.profile_edit, name="profile-edit"),
]
