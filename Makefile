# The two commands of the README, and the rest.
PYTHON ?= python3
export PYTHON

.PHONY: run test lint format bench validate compat

run:  ## database with the five addons and demo data, served on http://localhost:8069
	bash scripts/run.sh

test:  ## lint, fresh database, every test (pytest-odoo, browser tests included), drop the database
	bash scripts/test.sh

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m pylint --rcfile=.pylintrc quality_documents quality_training quality_capa quality_supplier quality_audit

format:
	$(PYTHON) -m ruff format .
	$(PYTHON) -m ruff check --fix .

bench:  ## speed figures as ratios against stock Odoo (not part of make test)
	bash scripts/bench.sh

validate:  ## validation package: IQ of QUALITY_DB (or a fresh one), OQ (the test suite), HTML/PDF report
	bash scripts/validate.sh

compat:  ## Odoo's own purchase/purchase_stock/mrp/stock/hr tests with our addons; install/upgrade/uninstall with history (also the end of make test)
	bash scripts/compat.sh
