# The two set-up commands are `make up` and `make test`; `make bench` measures.
DATA ?= $(or $(LAUNCHPAD_DATA),./data)
PORT ?= 8080
SWIFT ?= swift

.PHONY: deps build release up test bench fuzz clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# nginx on 127.0.0.1:$(PORT) in front of launchpad on $(DATA)/launchpad.sock, in the foreground.
up: release
	.build/release/launchpad up --data $(DATA) --port $(PORT)

# After the Swift tests: the golden cases against openapi.yaml, then schemathesis against a real
# `launchpad up` (about 3 minutes), then the client SDKs' tests against another (about 2 minutes), then
# the web console in Debian's Chromium against a third (about 1 minute), and
# the official `openai` package against a fourth.
# scripts/python-env.sh makes .venv with the pinned tools.
# The Kubernetes control plane the kubernetes runtime's tests run against is built beside the Swift build
# (once per machine, into .build/kubernetes/<Debian version>/; its log in .build/kubernetes-build.log).
test: deps
	mkdir -p .build
	nice -n 5 scripts/kubernetes/build.sh >.build/kubernetes-build.log 2>&1 & \
	    $(SWIFT) build --build-tests; built=$$?; wait; exit $$built
	$(SWIFT) test --skip-build
	scripts/python-env.sh
	.venv/bin/python scripts/check-openapi.py
	scripts/schemathesis.sh
	scripts/test-clients.sh
	scripts/test-console.sh
	scripts/openai-client.sh

# Release build, wrk through nginx against nginx's own `return 200`, health during a slow-connection
# attack, the in-process figures (listing, metrics, keys, advisory import and scan, group commit), then
# the 500,000-request soak.
bench: release
	scripts/bench.sh

# libFuzzer targets (Fuzz/), FUZZ_SECONDS each (60); crashes in .build-fuzz/crashes/.
fuzz: deps
	SWIFT=$(SWIFT) scripts/fuzz.sh

clean:
	rm -rf .build
