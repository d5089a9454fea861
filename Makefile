# brief — two commands on a fresh machine: `make pdf` and `make test`.
# The first run installs the system libraries (apt-get), a virtual
# environment in .venv and the package; later runs only build.

VENV   ?= .venv
PY     := $(VENV)/bin/python
BRIEF  := $(VENV)/bin/brief
BRIEFS := $(wildcard briefs/*.md)
STAMP  := $(VENV)/.installed
# axe-core, the accessibility checker the tests run in Chromium on the web
# edition, from npm into the venv (tests/browser.py finds it there).
AXE_VERSION := 4.14.1
AXE    := $(VENV)/axe/.installed-$(AXE_VERSION)

.PHONY: pdf test setup extract update stats bench lint readme-image clean

pdf: $(STAMP)
	$(BRIEF) build $(BRIEFS) --out build --press --web

test: $(STAMP) $(AXE)
	$(VENV)/bin/ruff check brief tests bench scripts
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -n auto --dist loadfile

setup: $(STAMP) $(AXE)

$(STAMP): pyproject.toml scripts/setup-system.sh
	bash scripts/setup-system.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

$(AXE): $(STAMP)
	npm install --prefix $(VENV)/axe --no-audit --no-fund --no-save --silent axe-core@$(AXE_VERSION)
	touch $@

extract: $(STAMP)
	$(PY) scripts/template_words.py
	for f in $(BRIEFS); do $(BRIEF) extract $$f; done

update: $(STAMP)
	for f in $(BRIEFS); do $(BRIEF) update $$f; done

stats: $(STAMP)
	for f in $(BRIEFS); do $(BRIEF) stats $$f; done

bench: $(STAMP)
	$(PY) bench/bench.py $(BENCH_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check brief tests bench scripts
	$(VENV)/bin/mypy

# The picture in the README: the sample's first pages, side by side.
readme-image: pdf
	$(PY) scripts/pages_image.py build/energiearmoede-nl.pdf docs/sample-pages.png

clean:
	rm -rf build
