from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.core.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("blkk_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("apps.accounts.urls")),
    path("", include("apps.vacancies.urls")),
    path("blkk/", include("apps.registry.urls")),
    path("blkk/", include("apps.training.urls")),
    path("blkk/", include("apps.trainees.urls")),
    path("perusahaan/", include("apps.vacancies.employer_urls")),
    path("dasbor/", include("apps.dashboards.urls")),
    path("notifikasi/", include("apps.notifications.urls")),
]
