"""Celery app for the real-worker tests: the project's app with the fake retriever plugged into the chat tasks.

Run as ``celery -A chat_fake_worker worker`` with ``tests/chat`` on PYTHONPATH (see ``chat_celery_worker``).
"""
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop_assistant.settings")
django.setup()

from chat_fakes import FakeRetriever  # noqa: E402

from shop_assistant.celery import app  # noqa: E402,F401  (the app Celery runs)
from shop_assistant.chat import tasks  # noqa: E402

_retriever = FakeRetriever(delay_s=float(os.environ.get("FAKE_RETRIEVER_DELAY_S", "0")))
tasks.load_retriever = lambda: _retriever
