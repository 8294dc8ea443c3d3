# mealprep-infra: every target creates the virtualenvs it needs on first use.
SHELL        := /bin/bash
PYTHON       ?= python3
VENV         := .venv
CHECKOV_VENV := .venv-checkov
PY           := $(VENV)/bin/python
CLI          := $(PY) -m harness
ENV          ?= dev
TARGET       ?= aws
PYTEST_ARGS  ?=
export CHECKPOINT_DISABLE := 1
# The harness writes its own CLI config; fmt needs none (and must not warn about ~/.terraformrc).
TF_FMT       := TF_CLI_CONFIG_FILE=/dev/null terraform fmt

.DEFAULT_GOAL := help
.PHONY: help setup hooks venv checkov-venv lock fmt lint test e2e mutate plan apply destroy deploy-frontend scan cost drift restore-drill verify demo demo-soak bench doctor clean

help: ## List the targets.
	@echo "mealprep-infra: make <target> [ENV=dev|prod] [TARGET=aws|emulator]"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

# Both virtualenvs install from hashed locks (requirements/*.txt, written by `make lock`);
# the harness itself goes in editable, without resolving anything. pip installs only uv, pinned
# and hashed in the lock, into a venv created without pip: the system's pip if it has --python
# (22.3 or later), else the venv's own from ensurepip (2 s more). uv installs the rest, in
# seconds where pip took half a minute for each venv.
UV      := $(VENV)/bin/uv pip install --quiet
UV_LOCK := $(VENV)/uv-requirement.txt
PIP_UV  := install --quiet --require-hashes --no-deps -r $(UV_LOCK)

$(VENV)/.installed: pyproject.toml requirements/main.txt
	$(PYTHON) -m venv --without-pip $(VENV)
	awk '/^uv==/ {p = 1} p {print} p && !/\\$$/ {exit}' requirements/main.txt > $(UV_LOCK)
	export PYTHONWARNINGS=ignore; \
	if $(PYTHON) -m pip --python $(VENV)/bin/python --version > /dev/null 2>&1; then \
	  $(PYTHON) -m pip --python $(VENV)/bin/python $(PIP_UV); \
	else \
	  $(VENV)/bin/python -m ensurepip --default-pip > /dev/null && $(VENV)/bin/python -m pip $(PIP_UV); \
	fi
	$(UV) --python $(VENV)/bin/python --require-hashes -r requirements/main.txt
	$(UV) --python $(VENV)/bin/python --no-deps -e .
	@touch $@

$(CHECKOV_VENV)/.installed: requirements/checkov.txt | $(VENV)/.installed
	$(PYTHON) -m venv --without-pip $(CHECKOV_VENV)
	$(UV) --python $(CHECKOV_VENV)/bin/python --require-hashes -r requirements/checkov.txt
	@touch $@

LOCK := $(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11.7 \
        --python-platform x86_64-manylinux_2_28

lock: venv ## Re-resolve requirements/main.txt (pyproject.toml) and checkov.txt (checkov.in), with hashes.
	$(LOCK) pyproject.toml --extra test -o requirements/main.txt
	$(LOCK) requirements/checkov.in -o requirements/checkov.txt

venv: $(VENV)/.installed
checkov-venv: $(CHECKOV_VENV)/.installed

# uv does not compile bytecode (pip did). The demo's few processes compile what they import;
# the test suite's workers, emulators and CLI runs would compile botocore, moto and the rest
# side by side on a fresh clone (40 s of a make test), so `make test` compiles them once first,
# on every core (about 5 s). Left out: packages no test process imports (sympy, networkx,
# mypy's sources, ...); checkov's venv compiles on its few runs.
NOT_IMPORTED := /(sympy|networkx|mpmath|mypy|mypyc|cfnlint|hypothesis|virtualenv|pip|setuptools|pre_commit|identify|nodeenv)/

$(VENV)/.compiled: $(VENV)/.installed
	$(PY) -m compileall -q -j 0 -x '$(NOT_IMPORTED)' $(VENV)/lib > /dev/null
	@touch $@

setup: venv checkov-venv ## Create both virtualenvs (harness+tests, and checkov apart).

hooks: venv ## Install the pre-commit hooks (terraform fmt, ruff, module docs, actionlint).
	$(VENV)/bin/pre-commit install

doctor: venv ## Show terraform, the provider source, checkov and the emulator.
	$(CLI) doctor

fmt: venv ## Format HCL and Python.
	$(TF_FMT) -recursive modules envs tests/fixtures tests/policies
	$(VENV)/bin/ruff check --fix harness functions tests policies
	$(VENV)/bin/ruff format harness functions tests policies

lint: venv ## ruff (lint and format), mypy, fmt -check, validate (no warnings), module docs, workflows (actionlint).
	$(VENV)/bin/ruff check harness functions tests policies
	$(VENV)/bin/ruff format --check harness functions tests policies
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy --strict functions
	$(TF_FMT) -check -recursive modules envs tests/fixtures tests/policies
	$(CLI) validate
	$(CLI) docs --check
	$(VENV)/bin/actionlint -no-color -oneline .github/workflows/*.yml
	$(VENV)/bin/pre-commit validate-config .pre-commit-config.yaml

test: venv checkov-venv $(VENV)/.compiled ## Run the test suite (plan tests are batched and cached).
	@$(PY) -m pytest -n auto --dist loadfile $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure here" >&2; exit 1; fi; \
	exit $$rc

e2e: venv ## Only the end-to-end tests, live (no replay): apply dev to the emulator, verify, faults, destroy.
	MEALPREP_E2E_CACHE=0 MEALPREP_E2E_DESTROY=1 $(PY) -m pytest -m e2e tests/e2e -p no:cacheprovider

mutate: venv ## Break the code on purpose (tests/mutations/mutations.yaml); every breakage must turn a plan test red.
	$(CLI) mutate $(foreach id,$(ONLY),--only $(id))

plan: venv ## Plan ENV against TARGET into build/ENV/ and print a summary.
	$(CLI) plan $(ENV) --target $(TARGET)

apply: venv checkov-venv ## Gate, plan, confirm, apply and verify ENV on TARGET.
	$(CLI) apply $(ENV) --target $(TARGET)

destroy: venv ## Destroy ENV on TARGET (asks for the env name again).
	$(CLI) destroy $(ENV) --target $(TARGET) $(if $(CONFIRM),--confirm $(CONFIRM))

deploy-frontend: venv ## Publish the React build DIST=dir to ENV on TARGET (PRUNE=1 removes stale files), invalidate.
	@test -n "$(DIST)" || { echo "make deploy-frontend: set DIST to the build's output folder (dist/)" >&2; exit 2; }
	$(CLI) deploy-frontend $(ENV) --target $(TARGET) --dist "$(DIST)" $(if $(filter 1,$(PRUNE)),--prune)

scan: venv checkov-venv ## Compliance gate: checkov on HCL and plans, and each env's estimate against its budget.
	$(CLI) scan

cost: venv ## Estimate ENV's monthly bill from its plan, offline (cost/prices, envs/ENV/usage.yaml); build/reports/cost-ENV.json.
	$(CLI) cost $(ENV)

drift: venv ## What changed outside Terraform in ENV on TARGET, plus verify (exit 0 clean, 1 drift, 2 error).
	$(CLI) drift $(ENV) --target $(TARGET)

restore-drill: venv ## Restore ENV's latest database snapshot into a temporary cluster, check and delete it (RTO, RPO; DRILL_TIMEOUT=s).
	$(CLI) restore-drill $(ENV) --target $(TARGET) $(if $(DRILL_TIMEOUT),--timeout $(DRILL_TIMEOUT))

verify: venv ## Check the live ENV on TARGET against what it promised.
	$(CLI) verify $(ENV) --target $(TARGET)

demo: venv ## Apply dev to the local emulator, verify, re-plan, destroy.
	$(CLI) demo $(if $(filter 1,$(KEEP)),--keep)

demo-soak: venv ## Run the demo RUNS times in a row (default 10) and count the clean runs.
	$(CLI) demo-soak --runs $(or $(RUNS),10)

bench: venv checkov-venv ## Plan tests per scenario vs batched vs warm, cold make test and make demo by phase (PART=…).
	$(CLI) bench $(foreach part,$(PART),--part $(part))

clean: ## Remove build output and caches (keeps the virtualenvs).
	rm -rf build .cache .mealprep
