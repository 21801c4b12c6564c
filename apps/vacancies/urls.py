from django.urls import path

from . import views

urlpatterns = [
    path("lowongan/", views.job_board, name="job-board"),
]
