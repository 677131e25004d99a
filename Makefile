# Debrief's two commands:
#   make run   builds the server (and the web client), opens ./debrief-data, prints the URL
#   make test  runs every test: Rust unit and protocol tests, Node interop tests, browser tests
# Both work on a fresh machine with cargo, node and npm; `make test` needs Debian's chromium for
# the browser tests (.ci/run installs it).

CARGO ?= cargo
export DEBRIEF_BIN ?= $(CURDIR)/target/debug/debrief

.PHONY: run test test-rust test-interop lint bench

run:
	$(CARGO) run --release -p debrief -- serve

test: lint test-rust test-interop

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust:
	$(CARGO) build -p debrief
	$(CARGO) test --workspace

test-interop:
	$(CARGO) build -p debrief
	cd tests/interop && npm ci --no-audit --no-fund && npm test

# Benchmarks (issue #7): Debrief against y-sweet and @y/websocket-server, installing those if
# missing; results in target/bench/ (docs/performance.md explains). BENCH_ARGS=--smoke for a
# quick try, or e.g. BENCH_ARGS="--only fanout,trace --servers debrief,y-sweet".
bench:
	$(CARGO) build --release -p debrief -p debrief-bench
	target/release/debrief-bench --debrief target/release/debrief $(BENCH_ARGS)
