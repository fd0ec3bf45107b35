import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ilp.settings")

app = Celery("ilp")
# All Celery options live in Django settings under the CELERY_ prefix, so the
# environment is read in one place (ilp/settings.py).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
