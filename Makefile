# Everything a fresh machine needs: `make demo`, `make test`, `make bench`, `make eval`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SW      = $(BIN)/shiftwatch
DEMO_DB ?= demo/shiftwatch-demo.duckdb
DEMO_REPORT ?= demo/report.html

LOCK    = requirements.lock

.PHONY: demo test test-quick bench eval install install-test browser lock clean

# Everything installs from the lock: what was tested is what installs. The
# venv's own pip is used as it comes (no upgrade), so an old pip is covered.
install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e .
	touch $@

install-test: $(VENV)/.installed-test
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e '.[test]'
	touch $@

# Re-resolve the lock on purpose: a fresh venv, the newest versions the
# declared ranges allow, frozen. Commit the result after `make test` passes.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check '.[test]'
	.lock-venv/bin/python -m pip freeze --exclude shiftwatch | sed '/^-e /d' > $(LOCK)
	rm -rf .lock-venv
	@echo "wrote $(LOCK): $$(wc -l < $(LOCK)) pinned packages"

# Debian's Chromium for the browser tests; nothing is downloaded by Playwright.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium could not be installed: browser tests will be skipped"; }

# The demo corpus (demo/README.md): every format; the two plain-text files say
# neither outlet nor date, so they get them from the command line.
DEMO_SOURCES = demo/corpus/feeds demo/corpus/html demo/corpus/warc demo/corpus/articles.jsonl demo/corpus/articles.csv
demo: install
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(SW) ingest $(DEMO_SOURCES) --db $(DEMO_DB) --workers 2
	$(SW) ingest demo/corpus/plain/tikhorechye-segodnya_2024-05-29.txt --db $(DEMO_DB) --lang ru --outlet "Тихоречье сегодня" --date 2024-05-29
	$(SW) ingest demo/corpus/plain/tikhorechye-segodnya_2025-05-07.txt --db $(DEMO_DB) --lang ru --outlet "Тихоречье сегодня" --date 2025-05-07
	$(SW) ingest demo/corpus/plain/tikhorechye-segodnya_2024-08-09.txt --db $(DEMO_DB) --lang ru --outlet "Тихоречье сегодня" --date 2024-08-09
	@$(SW) speakers --db $(DEMO_DB) | head -n 16
	@if $(SW) report --help >/dev/null 2>&1; then \
	  $(SW) report --db $(DEMO_DB) --out $(DEMO_REPORT) && echo "report: $(abspath $(DEMO_REPORT))"; fi
	@echo "store:  $(abspath $(DEMO_DB))"

test: install-test browser
	$(BIN)/python -m pytest -q

test-quick: install-test
	$(BIN)/python -m pytest -q -m "not slow and not browser"

bench: install-test
	@command -v wrk >/dev/null 2>&1 || (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null 2>&1)) || echo "wrk not installed: API latency from the Python client only"
	$(BIN)/python bench/run.py

eval: install
	$(BIN)/python eval/run.py

clean:
	rm -rf $(VENV) demo/shiftwatch-demo.duckdb* demo/report.html bench/work
