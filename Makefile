# Two commands do all the set-up: `make run` and `make test`.
# Both create .venv when missing, install the package (editable, with the dev
# extra) when pyproject.toml changed, and check Qt's system libraries.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# ruff is pinned in pyproject.toml, so every clone lints and formats alike
LINT_PATHS := fulian_desktop tests bench tools packaging

.PHONY: setup run test lint bench screenshots bundle bundle-check clean render-check pages \
	windows windows-check deb deb-check

setup: $(STAMP)
	@sh tools/qt-system-libs.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: setup
	$(PY) -m fulian_desktop gui --sample

test: setup
	$(PY) -m ruff check $(LINT_PATHS)
	$(PY) -m ruff format --check $(LINT_PATHS)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: setup
	$(PY) -m ruff check $(LINT_PATHS)
	$(PY) -m ruff format --check $(LINT_PATHS)

bench: setup
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

screenshots: setup
	sh tools/screenshots.sh

# Renders every sample and the stress draft with LibreOffice and checks the
# pages (22 lines, 28 characters, no split number, no stranded heading …).
# The only target that needs LibreOffice; it installs it when run as root.
# Also: verify accepts a LibreOffice re-save of untouched final documents, and
# pandoc reads a sample's headings as headings (the tests that `make test`
# skips without soffice or pandoc are required here).
render-check: setup
	@sh tools/render-check-deps.sh
	$(PY) tools/render_check.py
	FULIAN_REQUIRE_SOFFICE=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/test_verify_attacks.py -k libreoffice
	FULIAN_REQUIRE_PANDOC=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/render/test_pandoc.py

# PNGs of every page of each sample, shown in the README.
pages: setup
	@sh tools/render-check-deps.sh
	$(PY) tools/render_check.py --pages docs/pages

bundle: setup
	$(PY) -m pip install --quiet -e '.[dev,packaging]'
	$(PY) packaging/build.py

bundle-check: setup
	$(PY) -m pip install --quiet -e '.[dev,packaging]'
	$(PY) packaging/build.py --check

# The Windows bundle and NSIS installer, built on Linux with a Windows CPython
# under Wine (dist/windows/, dist/fulian-desktop-setup-<version>.exe) ...
windows: setup
	bash tools/windows/check.sh build

# ... and tested there: silent install into a fresh Wine prefix, the CLI, the
# window under Xvfb (screenshot in build/ci-logs/windows/), uninstall.
windows-check: setup
	bash tools/windows/check.sh check

# A .deb of the Linux bundle (dist/fulian-desktop_<version>_<arch>.deb) ...
deb: setup
	$(PY) -m pip install --quiet -e '.[dev,packaging]'
	sh packaging/deb.sh

# ... installed with dpkg into a folder root, run, and removed.
deb-check: setup
	$(PY) -m pip install --quiet -e '.[dev,packaging]'
	sh tools/deb-check.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
