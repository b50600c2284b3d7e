# Kursus Docker: `make lab` opens the course, `make test` runs every test.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TESTS  := $(VENV)/.installed-test
PYTEST := $(PY) -m pytest
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout 120

.PHONY: setup lab test test-engines clean bench reliability system kelas kelas-down kelas-bench

setup: system $(STAMP)
	@$(PY) -m helpers prepare

system:
	@bash scripts/system-packages.sh $(SYSTEM_FLAGS)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e .
	@touch $(STAMP)

# the test tools and nbgrader (which generates the learners' lab copies) stay out of `make lab`
$(TESTS): $(STAMP)
	$(VENV)/bin/pip install -q -e '.[test]'
	@touch $(TESTS)

# .venv/bin first on PATH, so that `python -m helpers ...` works in JupyterLab's terminals
lab: setup
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) \
	  --LabApp.default_url=/lab/tree/notebooks/00-persiapan.ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

test: SYSTEM_FLAGS = --test
test: setup $(TESTS)
	$(PYTEST) tests --ignore=tests/engines
	@# strict nbval in the reference engine's own rootfs (Debian 13's docker.io 26.1), the same on every host;
	@# every notebook and solved lab runs twice in a row: the second run meets the first one's leftovers
	$(PY) scripts/engines.py strict
	$(PYTEST) $(NBVAL) labs/lab-*.ipynb
	$(PY) scripts/reliability.py --fast

# The course on the engines learners have (Debian 12, 13 and unstable, the containerd image store, a separate
# containerd), each from its own Debian rootfs in namespaces of its own; the host's engine stays as it was.
test-engines: SYSTEM_FLAGS = --test
test-engines: setup $(TESTS)
	$(PYTEST) tests/engines
	$(PY) scripts/engines.py test

clean:
	@if [ -x $(PY) ]; then $(PY) -m helpers cleanup --all; fi

reliability: setup $(TESTS)
	$(PY) scripts/reliability.py

bench: setup $(TESTS)
	$(PY) scripts/bench.py

# A class on one server (as root): accounts from ROSTER, a rootless engine per student, JupyterHub on 127.0.0.1:KELAS_PORT.
ROSTER ?= kelas/roster.csv
kelas: setup
	@$(PY) -m helpers kelas up --roster $(ROSTER)

kelas-down:
	@$(PY) -m helpers kelas down

kelas-bench: setup
	$(PY) scripts/kelas_bench.py
