# Two commands for a new user (see README):  make demo   and   make test
# Everything is installed into the project folder: .venv (Python, from Pipfile.lock: both CDK engines, cdktf
# and cdktn), node_modules (cdktf-cli and cdktn-cli, from package-lock.json), tools/node22/node_modules (the
# Node 22 cdktn-cli needs; only tools/cdktn uses it) and .local/tools (pipenv itself).

PYTHON ?= python3
TOOLS  := .local/tools
PIPENV := $(TOOLS)/bin/pipenv
VENV   := .venv
export PIPENV_VENV_IN_PROJECT := 1
export PIPENV_NOSPIN := 1
export PIPENV_YES := 1
export PIPENV_VERBOSITY := -1
export CHECKPOINT_DISABLE := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export JSII_RUNTIME_PACKAGE_CACHE_ROOT := $(CURDIR)/.local/jsii-cache
export PATH := $(CURDIR)/$(VENV)/bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: setup demo test lint bench clean mirror-config

setup: $(VENV)/.installed node_modules/.installed

$(PIPENV):
	@echo "==> installing pipenv into $(TOOLS)"
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "pipenv==2026.10.3"

$(VENV)/.installed: Pipfile.lock pyproject.toml | $(PIPENV)
	@echo "==> installing Python dependencies from Pipfile.lock into $(VENV)"
	$(PIPENV) sync --dev
	@# Editable installs are not byte-compiled; compiling once saves ~15 ms on every synth.
	$(VENV)/bin/python -m compileall -q constructs providers main.py
	@touch $@

node_modules/.installed: package-lock.json tools/node22/package-lock.json
	@echo "==> installing cdktf-cli and cdktn-cli from package-lock.json (about a minute)"
	npm ci --no-audit --no-fund --loglevel=error
	@echo "==> installing Node 22 for cdktn-cli into tools/node22 (linux-x64 only; elsewhere bring Node >= 22.19)"
	npm ci --prefix tools/node22 --no-audit --no-fund --loglevel=error
	@touch $@

demo: setup
	@mkdir -p $(JSII_RUNTIME_PACKAGE_CACHE_ROOT)
	@touch .local/terraformrc
	TF_CLI_CONFIG_FILE=$${TF_CLI_CONFIG_FILE:-$(CURDIR)/.local/terraformrc} $(VENV)/bin/code42-scim synth

# The whole suite once per CDK engine (CODE42_SCIM_CDK_ENGINE; `make test ENGINES=cdktn` for one): both runs
# always happen, and the target fails if either does. Lint and type checks run once, mypy against each engine.
ENGINES ?= cdktf cdktn
test: lint
	@mkdir -p $(JSII_RUNTIME_PACKAGE_CACHE_ROOT)
	@failed=""; for engine in $(ENGINES); do \
	  echo "==> pytest on CDK engine $$engine (CODE42_SCIM_CDK_ENGINE=$$engine)"; started=$$(date +%s); \
	  CODE42_SCIM_CDK_ENGINE=$$engine $(VENV)/bin/pytest $(PYTEST_ARGS) || failed="$$failed $$engine"; \
	  echo "==> pytest on $$engine took $$(( $$(date +%s) - started )) s"; \
	done; \
	if [ -n "$$failed" ]; then echo "==> pytest failed on:$$failed" >&2; exit 1; fi; \
	echo "==> pytest passed on: $(ENGINES)"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy --always-true=_TYPECHECK_CDKTN

bench: setup
	$(VENV)/bin/code42-scim bench

# pf-local against the admin API description, at length (schemathesis + a model-based state machine,
# tests/pf_local/fuzz). `make test` runs the same tests with 10 examples each; this runs FUZZ_EXAMPLES.
FUZZ_EXAMPLES ?= 200
.PHONY: fuzz
fuzz: setup
	PF_LOCAL_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest tests/pf_local/fuzz -q -p no:cacheprovider --timeout=3600

# A Terraform CLI config that installs pingidentity/pingfederate from a filesystem mirror (no registry
# access needed; any other provider still comes from the registry). Use it with
#   export TF_CLI_CONFIG_FILE=$PWD/.local/terraform-mirror.tfrc
CODE42_SCIM_PROVIDER_MIRROR ?= $(abspath ../shared/terraform-providers)
MIRROR_PROVIDER := registry.terraform.io/pingidentity/pingfederate
mirror-config:
	@test -d "$(CODE42_SCIM_PROVIDER_MIRROR)/$(MIRROR_PROVIDER)" || { echo "make mirror-config: no \
	$(MIRROR_PROVIDER) in $(CODE42_SCIM_PROVIDER_MIRROR); set CODE42_SCIM_PROVIDER_MIRROR" >&2; exit 1; }
	@mkdir -p .local
	@printf 'provider_installation {\n  filesystem_mirror {\n    path    = "%s"\n    include = ["%s"]\n  }\n  direct {\n    exclude = ["%s"]\n  }\n}\n' \
	  "$(abspath $(CODE42_SCIM_PROVIDER_MIRROR))" "$(MIRROR_PROVIDER)" "$(MIRROR_PROVIDER)" > .local/terraform-mirror.tfrc
	@echo "wrote .local/terraform-mirror.tfrc (provider mirror $(abspath $(CODE42_SCIM_PROVIDER_MIRROR)))"

clean:
	rm -rf $(VENV) node_modules .local cdktf.out
