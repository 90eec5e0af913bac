# Entry points (see README.md). ODOO_SRC=<Odoo 18.0 source tree> avoids any download.
.PHONY: setup run test lint

setup:
	scripts/setup.sh

run:
	scripts/run.sh

test:
	scripts/test.sh

lint:
	scripts/lint.sh
