# Two commands on a fresh machine: `make run` and `make test` (README.md).
# Both create .venv when needed and reinstall only when pyproject.toml changes.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test translations lint bench bench-window bench-history soak soak-window accuracy robustness clean

run: $(STAMP)
	$(PY) -m coach

test: $(STAMP)
	$(VENV)/bin/ruff check coach ui tests tools
	$(VENV)/bin/ruff format --check coach ui tests tools
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# The window's texts (every tr() in ui/) into the .ts files, then compiled to the .qm files the
# app loads (both committed). New texts come in marked unfinished: translate them in the .ts
# (by hand or with .venv/bin/pyside6-linguist) and run this again. The English file holds only
# the plural forms ("1 day", "2 days").
TS := ui/translations/fitness_coach
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -locations none -no-obsolete ui/*.py -ts $(TS)_zh_CN.ts
	$(VENV)/bin/pyside6-lupdate -locations none -no-obsolete -pluralonly ui/*.py -ts $(TS)_en.ts
	$(VENV)/bin/pyside6-lrelease $(TS)_zh_CN.ts $(TS)_en.ts

bench: $(STAMP)
	$(PY) -m tools.bench

# Rep counts, form checks and holds on every development video, beside a naive counter:
# writes docs/accuracy.md (replays tests/data/tracks; re-record them with
# `$(PY) -m tests.data.record_tracks` after a change to the pose pipeline).
accuracy: $(STAMP)
	$(PY) -m tools.accuracy

# The same tracks changed as unseen recordings differ (mirrored, tilted, other tempos, 15 fps,
# noise, lost frames): docs/robustness.md.
robustness: $(STAMP)
	$(PY) -m tools.robustness

# The training log: recording cost per event in the session's thread, reading, the report.
bench-history: $(STAMP)
	$(PY) -m tools.history_bench

# The window under a virtual display (needs xvfb-run: apt-get install xvfb).
bench-window: $(STAMP)
	xvfb-run -a -s "-screen 0 1400x900x24" $(PY) -m tools.window_bench

# Long real-time sessions, sampled each minute: memory growth, drops, latency drift.
MINUTES ?= 30
soak: $(STAMP)
	$(PY) -m tools.soak --minutes $(MINUTES)

soak-window: $(STAMP)
	xvfb-run -a -s "-screen 0 1400x900x24" $(PY) -m tools.window_soak --minutes $(MINUTES)

$(STAMP): pyproject.toml scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Fitness Coach needs Python 3.11 (mediapipe 0.10.21 has no wheel for " + sys.version.split()[0] + "); set PYTHON=/path/to/python3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
