import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blkk_portal.settings")

application = get_wsgi_application()

if os.environ.get("DJANGO_WARM_UP", "1") == "1":
    from blkk_portal.warmup import warm_up

    warm_up()

# What the portal loaded lives as long as the process: keep it out of the garbage collector's
# full scans (which would walk every one of those objects again and again in each worker, and touch
# the pages the workers share with gunicorn's master under preload_app).
gc.collect()
gc.freeze()
