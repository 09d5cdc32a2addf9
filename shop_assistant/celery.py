"""The Celery app, configured from Django settings (``CELERY_*``).

Without ``REDIS_URL`` tasks run eagerly in-process, so the app works with no broker.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop_assistant.settings")

app = Celery("shop_assistant")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
