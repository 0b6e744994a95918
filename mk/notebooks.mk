# Notebooks: executed into HTML for reading, tested by nbval, and driven in a real browser.
# Included by the Makefile (`include mk/notebooks.mk`); uses its VENV, PY and install target.

NOTEBOOKS     := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
NOTEBOOKS_OUT := out/notebooks
NBVAL_ARGS    := --nbval-lax --nbval-sanitize-with notebooks/nbval_sanitize.cfg
CHROMIUM      ?= /usr/bin/chromium

.PHONY: notebooks-html notebooks-refresh test-notebooks test-browser

# Execute every notebook top to bottom (from notebooks/, as a reader would) into HTML under out/.
notebooks-html: install
	@mkdir -p $(NOTEBOOKS_OUT)
	$(VENV)/bin/jupyter nbconvert --to html --execute --ExecutePreprocessor.timeout=300 \
		--output-dir $(NOTEBOOKS_OUT) $(NOTEBOOKS)
	@echo "Notebooks executed into HTML (open them in a browser):"
	@for f in $(NOTEBOOKS_OUT)/*.html; do echo "  $(CURDIR)/$$f"; done

# After editing a notebook: rerun it and store it clean (no outputs except the nbval-checked facts).
notebooks-refresh: install
	$(PY) scripts/refresh_notebooks.py

# The notebooks as tests: every cell must run; cells tagged nbval-check-output must print the same facts.
test-notebooks: install
	$(PY) -m pytest $(NBVAL_ARGS) notebooks/ -q

# JupyterLab + Debian's Chromium + Playwright (never `playwright install`: no browser download).
# Installs chromium with apt when it is missing (CI runs as root; elsewhere sudo is used if present).
test-browser: install
	@if ! command -v chromium >/dev/null 2>&1 || [ ! -x $(CHROMIUM) ]; then \
		echo "chromium not found: installing Debian's chromium package"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; \
	fi
	NEWS_AUDIT_CHROMIUM=$(CHROMIUM) $(PY) -m pytest -m browser tests/browser -q -p no:cacheprovider
	@echo "Screenshots: $(CURDIR)/out/browser/"
