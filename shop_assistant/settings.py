"""Settings read from the environment (django-environ).

With no environment set, everything is embedded: SQLite, the in-process Qdrant Edge engine under ``DATA_DIR``,
Channels' in-memory layer and eager Celery tasks. ``DATABASE_URL``, ``REDIS_URL`` and ``QDRANT_URL`` switch each
piece to its server.
"""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])



def env_path(name: str, default: Path) -> Path:
    """A filesystem path from the environment (pathlib, so settings can join with ``/``)."""
    return Path(env.str(name, default=str(default)))


DATA_DIR = env_path("DATA_DIR", BASE_DIR / "var")
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "media")
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "frontend" / "static"]

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "shop_assistant.catalog",
    "shop_assistant.chat",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "shop_assistant.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = None
ASGI_APPLICATION = "shop_assistant.asgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}")}
# Connections are kept between tasks and requests: opening one per task cost a worker ~10 ms a turn under load.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Redis: Celery broker and Channels layer, or in-process fallbacks -------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 15}]}}
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    # Shared by every daphne process, so per-client limits hold across the fleet.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_TASK_DEFAULT_QUEUE = "retrieval"
CELERY_TASK_ROUTES = {
    "shop_assistant.catalog.tasks.*": {"queue": "indexing"},
    "shop_assistant.chat.tasks.run_turn": {"queue": "retrieval"},
    "shop_assistant.chat.tasks.render_preview": {"queue": "genir"},
}
# A retrieval task answers up to this many waiting shoppers' turns in one batched model call (1: one at a time).
TURN_BATCH_SIZE = env.int("TURN_BATCH_SIZE", default=32)
# At most this many retrieval tasks wait in the queue; each answers every waiting turn once it starts. Give it at least
# the number of retrieval worker processes of the fleet, so that all of them get work in a burst.
RETRIEVAL_TASKS_WAITING = env.int("RETRIEVAL_TASKS_WAITING", default=4)

# --- Product index: embedded Qdrant Edge, or a Qdrant server / cluster --------------------------------------------
QDRANT_URL = env.str("QDRANT_URL", default="")
QDRANT_API_KEY = env.str("QDRANT_API_KEY", default="")
QDRANT_PATH = env_path("QDRANT_PATH", DATA_DIR / "qdrant")
QDRANT_COLLECTION = env.str("QDRANT_COLLECTION", default="products")

# --- Models ------------------------------------------------------------------------------------------------------
MODELS_DIR = env_path("MODELS_DIR", DATA_DIR / "models")
IMAGE_ENCODER_PATH = env.str("IMAGE_ENCODER_PATH", default=str(MODELS_DIR / "image-encoder"))
RETRIEVER_PATH = env.str("RETRIEVER_PATH", default=str(MODELS_DIR / "generative-retriever"))
# The catalog-trained preview model (``manage.py train_previewer``) or a Stable Diffusion-family folder (SD-Turbo).
PREVIEWER_PATH = env.str("PREVIEWER_PATH", default=str(MODELS_DIR / "previewer"))

WARM_MODELS_ON_WORKER_START = env.bool("WARM_MODELS_ON_WORKER_START", default=True)

# --- Demo catalog --------------------------------------------------------------------------------------------------
DEMO_CATALOG_DIR = env_path("DEMO_CATALOG_DIR", BASE_DIR / "data" / "fashion-small")

# --- Uploads -------------------------------------------------------------------------------------------------------
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
UPLOAD_RATE_LIMIT = env.int("UPLOAD_RATE_LIMIT", default=30)  # photo uploads per client address per minute
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
