# Marquee's two entry points are `make run` and `make test`; each installs what
# is missing first, and both are safe to run again.

SHELL := /bin/bash
.DEFAULT_GOAL := run

SEED := ../shared/seeds/containerdays-boston-2016-programme.md
APP := target/debug/marquee
DESKTOP := target/debug/marquee-desktop
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_PACKAGES := build-essential pkg-config curl file libwebkit2gtk-4.1-dev \
	xvfb xauth webkit2gtk-driver imagemagick zbar-tools matchbox-window-manager fonts-dejavu-core \
	libxml2-utils librsvg2-bin chromium chromium-driver nginx systemd desktop-file-utils x11-xserver-utils dbus-daemon wmctrl sway util-linux lintian python3-venv
UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts assets/fonts -type f 2>/dev/null)

.PHONY: run build test setup system-packages toolchain tauri-driver tauri-cli package package-debug lint test-rust test-ui test-e2e generate data bench fuzz

# The default programme's first day at 10:42, so a newcomer sees talks in
# progress and the rotation at once; the screen marks the time as simulated.
KIOSK_ARGS ?= --clock 10:42

## run: build and open the display on the default programme
run: setup build
	@if [ -n "$$DISPLAY" ]; then \
		WEBKIT_DISABLE_COMPOSITING_MODE=1 $(APP) kiosk $(KIOSK_ARGS); \
	else \
		echo "No DISPLAY: showing the display on a virtual screen (xvfb-run, 1920x1080)."; \
		WEBKIT_DISABLE_COMPOSITING_MODE=1 xvfb-run -a -s "-screen 0 1920x1080x24" \
			sh -c 'matchbox-window-manager -use_titlebar no & exec $(APP) kiosk $(KIOSK_ARGS)'; \
	fi

## test: formatting, lints, Rust tests, front-end checks and tests, end-to-end tests
test: setup lint test-rust test-ui test-e2e
	@echo "make test: all checks passed"

setup: system-packages toolchain ui/node_modules/.package-lock.json tauri-driver

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

toolchain:
	@command -v cargo >/dev/null || { echo "Rust is missing: install it from https://rustup.rs"; exit 1; }
	@command -v node >/dev/null || { echo "Node.js 20.19 or newer is missing: install it from https://nodejs.org"; exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js "+process.versions.node+" is too old: 20.19 or newer is needed"); process.exit(1) }'
	@rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy rustfmt

tauri-driver:
	@command -v tauri-driver >/dev/null || [ -x "$${CARGO_HOME:-$$HOME/.cargo}/bin/tauri-driver" ] || \
		cargo install tauri-driver --locked

# Tauri's command line, whose bundler makes the Debian package.
tauri-cli:
	@command -v cargo-tauri >/dev/null || [ -x "$${CARGO_HOME:-$$HOME/.cargo}/bin/cargo-tauri" ] || \
		cargo install tauri-cli --version "^2" --locked

# What the package holds beside the binaries, made from the sources: the
# changelog and the man pages, compressed as Debian's policy asks.
DEB_FILES := target/deb/changelog.gz target/deb/man1/marquee.1.gz
target/deb/changelog.gz: deploy/debian/changelog
	mkdir -p target/deb && gzip -9n < $< > $@
target/deb/man1/marquee.1.gz: crates/marquee-args/src/lib.rs crates/marquee-cli/examples/mangen.rs
	rm -rf target/deb/man1
	cargo run -q -p marquee --example mangen -- target/deb/man1
	gzip -9nf target/deb/man1/*.1

## package: build the Debian package, target/release/bundle/deb/marquee_*.deb
package: setup tauri-cli ui/dist/index.html $(DEB_FILES)
	cargo build --release -p marquee -p marquee-server
	cargo tauri build --bundles deb

# The same package of the debug build, which `make test` checks; the
# end-to-end tests run its binaries. It keeps its debugging symbols, which
# its lintian override says.
DEBUG_PACKAGE_FILES := {"bundle":{"linux":{"deb":{"files":{"/usr/bin/marquee":"../target/debug/marquee","/usr/bin/marquee-hub":"../target/debug/marquee-hub","/usr/share/lintian/overrides/marquee":"../deploy/debian/marquee.debug-overrides"}}}}}
package-debug: build tauri-cli $(DEB_FILES)
	cargo tauri build --debug --bundles deb --config '$(DEBUG_PACKAGE_FILES)'

ui/node_modules/.package-lock.json: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run build

# The command line and the programs beside it, which it starts for windows
# and the hub; cargo decides what to rebuild, so this always asks it.
build: ui/dist/index.html
	cargo build -p marquee -p marquee-desktop -p marquee-server
	@touch $(APP) $(DESKTOP) target/debug/marquee-hub

lint: ui/dist/index.html
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

test-rust: build
	cargo test --workspace

test-ui: ui/node_modules/.package-lock.json
	cd ui && npm run check && npm run lint && npm test

# The independent checker of the hub's API (tests/e2e/contract.rs), in a
# virtual environment of its own.
SCHEMATHESIS_VERSION := 4.32.5
target/schemathesis/bin/st:
	python3 -m venv target/schemathesis
	target/schemathesis/bin/pip install -q "schemathesis==$(SCHEMATHESIS_VERSION)"

# Two at a time: each test runs its own X server, WebKit and app, or hub and Chromium.
test-e2e: package-debug target/schemathesis/bin/st
	cargo test -p marquee-tests -- --ignored --test-threads=2 --skip bench_

## generate: rewrite the committed JSON Schema and TypeScript contract from the Rust types
generate: ui/dist/index.html
	MARQUEE_BLESS=1 cargo test -p marquee-core --test programme_file the_committed_schema
	MARQUEE_BLESS=1 cargo test -p marquee-core --test edit_operations the_committed_operations_schema
	MARQUEE_BLESS=1 cargo test -p marquee-host contract
	MARQUEE_BLESS=1 cargo test -p marquee-server --lib the_committed_hub_types

## data: rebuild the default programme from the seed page
data: build
	$(APP) import $(SEED) -o data/programme.json

## bench: criterion benchmarks, the commands users type (import against Python's ElementTree), and the kiosk's footprint
bench: setup ui/dist/index.html
	@for p in hyperfine time wrk; do dpkg -s $$p >/dev/null 2>&1 || $(SUDO) apt-get install -y -qq $$p; done
	cargo bench -p marquee-core --bench import --bench engine --bench edit
	cargo bench -p marquee-media --bench media --bench memory
	cargo build --release -p marquee -p marquee-desktop -p marquee-server
	tests/perf/commands.sh
	tests/perf/hub.sh
	MARQUEE_BIN=$(CURDIR)/target/release/marquee cargo test -q -p marquee-tests --test editor_speed -- --ignored --nocapture
	MARQUEE_BIN=$(CURDIR)/target/release/marquee cargo test -q -p marquee-tests --test stage_latency -- --ignored --nocapture
	tests/perf/kiosk_footprint.sh

## fuzz: run every importer's fuzz target for FUZZ_SECONDS (default 300) each
FUZZ_SECONDS ?= 300
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	fuzz/seed.sh
	cd fuzz && for target in import_frab import_c3voc import_ical import_page import_programme; do \
		RUSTC_BOOTSTRAP=1 cargo fuzz run $$target corpus/$$target -- -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=4096 || exit 1; \
	done
