# Partnerbot: `make run` starts the bot, `make test` runs the suite.
# Both create .venv on first use from the pinned lock files.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PO := $(wildcard content/locale/*/LC_MESSAGES/*.po handlers/locale/*/LC_MESSAGES/*.po)
MO := $(PO:.po=.mo)

.PHONY: run test lint bench check-content i18n-extract i18n-update i18n-compile clean

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@ 2>/dev/null || $(BIN)/pybabel compile -i $< -o $@

i18n-compile: $(MO)

run: $(STAMP) $(MO)
	$(BIN)/python -m bot run

test: $(STAMP) $(MO)
	$(BIN)/ruff check .
	$(BIN)/python -m bot check-content
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP) $(MO)
	$(BIN)/python bench/qa_eval.py
	$(BIN)/python bench/qa_latency.py
	$(BIN)/python bench/process.py
	$(BIN)/python bench/kills.py
	$(BIN)/python bench/reminder_kills.py
	$(BIN)/python bench/broadcast_kills.py
	$(BIN)/python bench/interactive.py
	$(BIN)/python bench/clicks.py
	$(BIN)/python bench/state.py
	$(BIN)/python bench/updates.py
	$(BIN)/python bench/reminders.py
	$(BIN)/python bench/broadcast.py

check-content: $(STAMP)
	$(BIN)/python -m bot check-content

# Translators: extract new messages (answer templates: content domain; interface: bot
# domain), merge them into every catalog, translate, then `make test` compiles and checks.
i18n-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k T:2 -k NT:2,3 -k N_ --no-location --omit-header --sort-output -w 100 -o content/locale/content.pot content bot

	$(BIN)/pybabel extract -F babel.cfg -k t:2 -k tn:2,3 --no-default-keywords --no-location --omit-header --sort-output -w 100 -o handlers/locale/bot.pot handlers runtime

i18n-update: i18n-extract
	$(BIN)/pybabel update --no-fuzzy-matching -w 100 -D content -i content/locale/content.pot -d content/locale
	$(BIN)/pybabel update --no-fuzzy-matching -w 100 -D bot -i handlers/locale/bot.pot -d handlers/locale

clean:
	rm -rf $(VENV) $(MO)
