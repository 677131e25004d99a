# Debrief's two commands:
#   make run   builds the server (and the web client), opens ./debrief-data, prints the URL
#   make test  runs every test: Rust unit and protocol tests, Node interop tests, browser tests
# Both work on a fresh machine with cargo, node and npm; `make test` needs Debian's chromium for
# the browser tests (.ci/run installs it).

CARGO ?= cargo
export DEBRIEF_BIN ?= $(CURDIR)/target/debug/debrief

.PHONY: run test test-rust test-interop test-e2e lint eval train-blame-model web bench fuzz

run: web
	$(CARGO) run --release -p debrief -- serve

# The browser client, built into web/dist (served at `/` by `debrief serve`).
web:
	cd web && npm ci --no-audit --no-fund && npm run build

test: lint test-rust eval test-interop test-e2e

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps --document-private-items

test-rust:
	$(CARGO) build -p debrief
	$(CARGO) test --workspace
	# The room's fuzz reproducers again in a release build, as the server ships: some updates
	# reach the room only there (a debug build's yrs panics on their overflowing clocks while
	# decoding, so the frame is refused before the room sees it).
	$(CARGO) test --release -p debrief --lib room::

test-interop:
	$(CARGO) build -p debrief
	cd tests/interop && npm ci --no-audit --no-fund && npm test

# Quality checks of the linter and the action-item extractor: precision and recall of `debrief
# lint` on the shared dev sets, the labelled train and held-out sets, and the real corpus
# (thresholds P >= 0.95 and R >= 0.90 on each labelled set; see docs/blame-linter.md). The
# held-out sets are reported, never enforced (issue #11: the detector is never tuned on them, so
# nothing may push it towards them), and so are the hardest two-form training sets, whose targets
# are not met. The shared parts are skipped where ../shared is not there.
SHARED ?= $(CURDIR)/../shared
eval:
	$(CARGO) build -p debrief
	python3 server/src/hooks/blame/eval/score.py "$(DEBRIEF_BIN)" --shared "$(SHARED)" --report-only heldout --report-only heldout-2 --report-only heldout-3 --report-only heldout-4 --report-only heldout-5 --report-only heldout-6 --report-only heldout-7 --report-only heldout-8 --report-only heldout-9 --report-only heldout-10 --report-only heldout-11 --report-only heldout-12 --report-only heldout-13 --report-only heldout-14 --report-only heldout-15 --report-only heldout-16 --report-only heldout-17 --report-only heldout-18 --report-only heldout-19 --report-only heldout-20 --report-only heldout-21 --report-only heldout-22 --report-only heldout-23 --report-only heldout-24 --report-only heldout-25 --report-only heldout-26 --report-only heldout-27 --report-only heldout-28 --report-only heldout-29 --report-only heldout-30 --report-only heldout-31 --report-only heldout-32 --report-only heldout-33 --report-only heldout-34 --report-only heldout-35 --report-only heldout-36 --report-only heldout-37 --report-only heldout-38 --report-only heldout-39 --report-only heldout-40 --report-only heldout-41 --report-only heldout-42 --report-only heldout-43 --report-only heldout-44 --report-only heldout-45 --report-only heldout-46 --report-only train-a2 --report-only train-d2 --report-only train-l2 --report-only train-s3 --report-only train-v3 --report-only train-z3 --report-only train-j4 --report-only train-l4 --report-only train-m4 --report-only train-t4 --report-only train-v4 --report-only train-w4 --report-only train-f5 --report-only train-t3 --report-only train-w5 --report-only train-x5 --report-only train-b6 --report-only train-d6 --report-only train-g6 --report-only train-k6 --report-only train-o6 --report-only train-q6 --report-only train-r6 --report-only train-b2
	@if [ -d "$(SHARED)/eval" ]; then \
	  python3 "$(SHARED)/eval/score_actions.py" "$(DEBRIEF_BIN)" "$(SHARED)/eval/actions-dev.md"; \
	else echo "no $(SHARED)/eval: action-item checks skipped"; fi

# Retrains the learned blame scorer from the training sets, the unit tests' sentences, the shared
# dev sets and the corpus (never the held-out sets) and rewrites its weights file; `make
# train-blame-model TRAIN_ARGS=--cross-validate` prints its false alarms on unseen reports instead.
train-blame-model:
	$(CARGO) run --release -p debrief --example train_blame_model -- --shared "$(SHARED)" $(TRAIN_ARGS)

# Browser end-to-end tests: Debian's chromium driven by playwright-core against a real server.
test-e2e: web
	$(CARGO) build -p debrief
	cd tests/e2e && npm ci --no-audit --no-fund && npm test

# Benchmarks (issue #7): Debrief against y-sweet and @y/websocket-server, installing those if
# missing; results in target/bench/ (docs/performance.md explains). BENCH_ARGS=--smoke for a
# quick try, or e.g. BENCH_ARGS="--only fanout,trace --servers debrief,y-sweet".
bench:
	$(CARGO) build --release -p debrief -p debrief-bench
	target/release/debrief-bench --debrief target/release/debrief $(BENCH_ARGS)

# Coverage-guided fuzzing (issue #16; needs a nightly toolchain and `cargo install cargo-fuzz`):
# runs each target for FUZZ_SECONDS (default 60), or only FUZZ_TARGETS, and prints executions,
# coverage and findings per target; fails on a crash. docs/fuzzing.md explains.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_TARGETS)
