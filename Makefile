# Two entry points: `make run` and `make test`. Both create .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install system-deps bench evaluate styles clean

$(STAMP): pyproject.toml constraints.txt
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot

# System packages the end-to-end tests use (a real redis-server, Debian's chromium), and CJK and
# colour-emoji fonts so the browser draws the Korean replies and the emoji (the README's
# screenshot) instead of boxes.
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
EMOJI_FONT := /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
system-deps:
	@if ! command -v redis-server >/dev/null || ! command -v chromium >/dev/null || ! test -e $(CJK_FONT) || ! test -e $(EMOJI_FONT); then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server chromium chromium-driver fonts-noto-cjk fonts-noto-color-emoji >/dev/null; \
	fi

test: $(STAMP) system-deps
	PAINTBOT_TESTS_COMPLETE=1 $(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench.engine_speed

evaluate: $(STAMP)
	$(BIN)/python -m engine evaluate

styles: $(STAMP)
	$(BIN)/python -m styles build

clean:
	rm -rf $(VENV) .pytest_cache
