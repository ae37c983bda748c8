# Two commands: `make run` serves the site (runserver, with the queue's worker reading
# uploads beside it: `manage.py run_site`), `make test` runs the whole suite (one of its
# tests starts the real worker, `manage.py db_worker`, on the test database).
# Without DATABASE_URL both use a private PostgreSQL cluster in .pgdata/.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000
SHARED_REGISTER := ../shared/data/uk-local-authorities/uk_local_authorities.csv
REGISTER_FILE ?= $(wildcard $(SHARED_REGISTER))

.PHONY: run test install lint format db-start db-stop clean

$(VENV)/.installed: requirements.txt
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# GOV.UK Frontend and sass come from npm (package.json); the stylesheet is compiled from
# frontend/app.scss into static/build/, where Django's staticfiles serves it.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/build/app.css: frontend/app.scss $(wildcard frontend/_*.scss) node_modules/.package-lock.json
	@mkdir -p static/build
	node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules \
		--quiet-deps --silence-deprecation=import frontend/app.scss $@

install: $(VENV)/.installed static/build/app.css

run: install
	@$(PY) -m complaints_site.localdb check-env
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py setup_local $(if $(REGISTER_FILE),--register-file $(REGISTER_FILE))
	$(PY) manage.py run_site $(ADDR)

# The suite runs in pytest-xdist's workers, one per core (TEST_WORKERS=0: in this process).
TEST_WORKERS ?= auto
test: install
	@$(PY) -m complaints_site.localdb check-env
	$(PY) -m pytest -n $(TEST_WORKERS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

db-start: install
	@$(PY) -m complaints_site.localdb start

db-stop:
	@test ! -x $(PY) || $(PY) -m complaints_site.localdb stop

clean: db-stop
	rm -rf .pgdata $(VENV)
