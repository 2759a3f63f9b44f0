# The two commands of the README:
#   make demo   set up, build, and index a generated sample repository
#   make test   set up, build, and run every test
BUILD ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all setup build test demo bench clean

all: build

setup:
	@bash scripts/setup.sh

build: setup
# Unity batches halve the from-scratch build on 2 cores; plain cmake builds file by file.
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTS=ON -DBUILD_FUZZ=ON \
		-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD)

bench: build
	@bash scripts/setup.sh --bench
	@echo "usage: bash bench/index_bench.sh REPO_DIR (see bench/README.md)"

clean:
	rm -rf $(BUILD)
