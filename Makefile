# Two commands: `make run` (the app on embedded defaults) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VAR := var
HOST ?= 127.0.0.1
PORT ?= 8000
CATALOG := data/fashion-small/catalog.csv
IMAGE_ENCODER := $(VAR)/models/image-encoder/config.json
RETRIEVER := $(VAR)/models/generative-retriever/config.json
PREVIEWER := $(VAR)/models/previewer/model_index.json
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test serve
.DELETE_ON_ERROR:

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

$(VAR)/.migrated: $(VENV)/.installed $(wildcard shop_assistant/*/migrations/*.py)
	mkdir -p $(VAR)
	$(PY) manage.py migrate --noinput
	touch $@

$(VAR)/.catalog: $(CATALOG) | $(VAR)/.migrated
	$(PY) manage.py import_catalog $(CATALOG) --demo-prices --no-sync
	touch $@

# Models are trained once (order-only prerequisites); retrain on purpose with the commands when the catalog changes.
$(IMAGE_ENCODER): | $(VAR)/.catalog
	$(PY) manage.py train_image_encoder

$(RETRIEVER): | $(VAR)/.catalog $(IMAGE_ENCODER)
	$(PY) manage.py train_retriever

$(PREVIEWER): | $(VAR)/.catalog
	$(PY) manage.py train_previewer

# search.py decides what an index point holds: a change there rebuilds the index.
$(VAR)/.indexed: $(VAR)/.catalog $(IMAGE_ENCODER) shop_assistant/catalog/search.py
	$(PY) manage.py reindex
	touch $@

run: $(VAR)/.migrated $(VAR)/.indexed $(RETRIEVER) $(PREVIEWER)
	$(PY) manage.py collectstatic --noinput -v 0
	@$(MAKE) --no-print-directory serve

serve:
	@echo "Shop assistant: http://$(HOST):$(PORT)/   (admin: http://$(HOST):$(PORT)/admin/, create a login with: $(PY) manage.py createsuperuser)"
	@if [ -n "$$REDIS_URL" ]; then \
	  trap 'kill 0' EXIT; \
	  $(VENV)/bin/celery -A shop_assistant worker -Q retrieval,genir,indexing --concurrency 1 --loglevel INFO & \
	  $(VENV)/bin/daphne -b $(HOST) -p $(PORT) shop_assistant.asgi:application; \
	else \
	  exec $(VENV)/bin/daphne -b $(HOST) -p $(PORT) shop_assistant.asgi:application; \
	fi

# CONN_MAX_AGE=0: connections opened by the tests' worker threads close, so the test database can be dropped at the end.
test: $(VENV)/.installed
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
	  CONN_MAX_AGE=0 HF_HUB_OFFLINE=1 $(PY) -m pytest $(PYTEST_ARGS)
