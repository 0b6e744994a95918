# news-audit: two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# The stamp is keyed on pyproject.toml: editing the dependencies reinstalls, nothing else does.
STAMP  := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-16)
EXTRAS := dask,notebooks,test,xlsx,plots,html

.PHONY: install demo test lab bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[$(EXTRAS)]'
	@rm -f $(VENV)/.installed-*
	@touch $@

demo: install notebooks-html
	@mkdir -p out
	$(VENV)/bin/news-audit score data/sample/articles.jsonl -o out/sample_scores.csv --evidence out/sample_evidence.csv

# Every test: the package's tests and the notebooks (nbval). The real-browser test is `make test-browser`.
test: install
	$(PY) -m pytest -m "not browser" tests notebooks $(NBVAL_ARGS)

lab: install
	$(VENV)/bin/jupyter lab notebooks/

# Speed and accuracy figures quoted in the README (the accuracy scripts need ../shared/eval and say so without it).
bench: install
	$(PY) benchmarks/bench_segment.py
	-$(PY) benchmarks/eval_sources.py
	-$(PY) benchmarks/eval_hedges.py
	-$(PY) benchmarks/eval_claims.py
	$(PY) benchmarks/bench_readability.py
	$(PY) benchmarks/bench_speed.py
	$(PY) benchmarks/bench_worst_case.py

clean:
	rm -rf $(VENV) out .pytest_cache

include mk/notebooks.mk
