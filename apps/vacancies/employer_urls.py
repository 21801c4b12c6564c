"""Employer pages (under /perusahaan/)."""

app_name = "employer"

urlpatterns: list = []
