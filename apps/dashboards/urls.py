from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("wilayah/<str:code>/", views.regency, name="regency"),
    path("blkk/<int:pk>/", views.blkk, name="blkk"),
    path("ekspor/<slug:table>.<slug:fmt>", views.export, name="export"),
]
