# VMA Studio: `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench sysdeps venv clean demo translations build-ext

# Qt's system libraries (offscreen/xcb, a CJK font, Xvfb); installs only what is missing.
sysdeps:
	@$(PYTHON) packaging/check_system_deps.py >/dev/null 2>&1; rc=$$?; \
	if [ $$rc -eq 1 ]; then \
		bash packaging/install-system-deps.sh; \
	elif [ $$rc -eq 2 ]; then \
		if [ "$$(id -u)" -eq 0 ]; then bash packaging/install-system-deps.sh || true; \
		else echo "note: optional test tools missing ($$($(PYTHON) packaging/check_system_deps.py)); their tests will skip"; fi; \
	fi

$(STAMP): pyproject.toml setup.py
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@touch $(STAMP)

# The compiled engine (mypyc, setup.py's COMPILED modules), built outside the package into
# build/engine-ext and used only while its sources are unchanged (vmastudio/engine/
# __init__.py); rebuilt when one changes. Without a C compiler the engine stays pure.
ENGINE_EXT := build/engine-ext/manifest.json
# The compiled list is vmastudio/engine/compiled_modules.py; any engine source may be in it.
ENGINE_COMPILED := $(wildcard vmastudio/engine/*.py vmastudio/engine/linux612/*.py)
$(ENGINE_EXT): $(STAMP) setup.py packaging/build_engine.py $(ENGINE_COMPILED)
	$(PY) packaging/build_engine.py

build-ext: $(STAMP)
	$(PY) packaging/build_engine.py

venv: sysdeps $(STAMP) $(ENGINE_EXT)

run: venv
	$(VENV)/bin/vmastudio --demo

demo: venv
	$(VENV)/bin/vmastudio replay --demo

# The whole suite on the compiled engine (when built), then the engine's tests again on
# the pure-Python one (VMASTUDIO_PURE=1), the fallback every install can run.
test: venv
	$(PY) -m pytest -q -p no:cacheprovider
	VMASTUDIO_PURE=1 $(PY) -m pytest -q -p no:cacheprovider tests/engine tests/platform/test_compiled_engine.py

lint: venv
	$(VENV)/bin/ruff check vmastudio tests benchmarks packaging
	$(VENV)/bin/ruff format --check vmastudio tests benchmarks packaging
	$(VENV)/bin/mypy --strict vmastudio

bench: venv
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info

# Window translations: collect tr() strings, then compile the .qm (both committed).
translations: venv
	$(PY) packaging/i18n.py update
	$(PY) packaging/i18n.py release

# Distribution (packaging/dist.py): wheel + sdist offline; a standalone PyInstaller
# folder; and a check that the folder starts offscreen and matches the installed wheel.
.PHONY: dist dist-bundle dist-check
dist: venv
	$(PY) packaging/make_icons.py --check
	$(PY) packaging/dist.py build

dist-bundle: dist
	$(PY) packaging/dist.py bundle

dist-check: dist-bundle
	$(PY) packaging/dist.py check
