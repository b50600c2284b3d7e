# Kursus Docker: `make lab` opens the course, `make test` runs every test.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TESTS  := $(VENV)/.installed-test
PYTEST := $(PY) -m pytest
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-cell-timeout 120

.PHONY: setup lab test clean bench reliability system kelas kelas-down kelas-bench

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

lab: setup
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) \
	  --LabApp.default_url=/lab/tree/notebooks/00-persiapan.ipynb $(if $(filter 0,$(shell id -u)),--allow-root)

test: SYSTEM_FLAGS = --test
test: setup $(TESTS)
	$(PYTEST) tests
	@# every notebook and solved lab runs twice in a row: the second run meets the first one's leftovers
	for run in 1 2; do $(PYTEST) $(NBVAL) notebooks labs/solusi || exit 1; done
	$(PYTEST) $(NBVAL) labs/lab-*.ipynb
	$(PY) scripts/reliability.py --fast

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
