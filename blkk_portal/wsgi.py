import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")

application = get_wsgi_application()

if os.environ.get("DJANGO_WARM_UP", "1") == "1":
    from blkk_portal.warmup import warm_up

    warm_up()
