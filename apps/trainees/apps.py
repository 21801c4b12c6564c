from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineesConfig(AppConfig):
    name = "apps.trainees"
    label = "trainees"
    verbose_name = _("Trainees")
