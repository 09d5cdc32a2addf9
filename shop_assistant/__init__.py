"""The Django project: settings, ASGI routing, the Celery app, and the catalog and chat apps."""
from .celery import app as celery_app

__all__ = ("celery_app",)
