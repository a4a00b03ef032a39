# The two commands of the README. Everything else is CMake's.
#   make run   installs what is missing, builds, opens the demo exhibition
#   make test  installs what is missing, builds, runs every test, then all of them again
#              under AddressSanitizer and UndefinedBehaviorSanitizer; then builds and tests the
#              other build types and compiler (Release, clang, MinSizeRel) and the .deb: CI
#              (11-12 minutes on a quiet 2-core machine from a fresh clone: README); each
#              step prints its wall and CPU time, and the list comes again at the end
# Other targets: test-tsan (ThreadSanitizer, the threaded tests), deb (build-release's .deb),
# bench (`pavilion bench` with its generated inputs).
# Builds made here treat warnings as errors (PAVILION_WERROR; off for a plain cmake build).
# The builds other than the plain one use the plain build's generated demo (PAVILION_DEMO_FROM)
# instead of generating it again, and only the plain build makes and runs the fuzzers (10 s
# each in `make test`; `make fuzz` for long runs).
BUILD ?= build
ASAN_BUILD ?= build-asan
RELEASE_BUILD ?= build-release
CLANG_BUILD ?= build-clang
MINSIZE_BUILD ?= build-minsize
TSAN_BUILD ?= build-tsan
JOBS ?= $(shell nproc)
ARGS ?=
DEV = -DPAVILION_WERROR=ON
# Each step of `make test` is timed (tools/stage.sh) and summed up at its end.
STAGE = ./tools/stage.sh
export STAGE_LOG := $(abspath $(BUILD))/stages.log
SHARED_DEMO = -DPAVILION_DEMO_FROM=$(abspath $(BUILD))/demo -DPAVILION_FUZZ=OFF

.PHONY: all setup build run test stages-reset test-plain test-asan test-release build-clang build-minsize \
	test-tsan deb bench fuzz clean

all: build

setup:
	@$(STAGE) setup ./tools/setup.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(DEV)

build: setup $(BUILD)/CMakeCache.txt
	@$(STAGE) build cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/pavilion $(ARGS)

test-plain: build
	$(STAGE) tests ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# The configure steps below need the plain build's demo: they come after `build`.
test-asan: build
	@[ -f $(ASAN_BUILD)/CMakeCache.txt ] || cmake -S . -B $(ASAN_BUILD) \
		-DCMAKE_BUILD_TYPE=Debug -DPAVILION_SANITIZE=ON $(DEV) $(SHARED_DEMO)
	@$(STAGE) asan-build cmake --build $(ASAN_BUILD) -j $(JOBS)
	$(STAGE) asan-tests ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# GCC at -O3: every test again (optimisation finds what -O2 does not).
test-release: build
	@[ -f $(RELEASE_BUILD)/CMakeCache.txt ] || cmake -S . -B $(RELEASE_BUILD) \
		-DCMAKE_BUILD_TYPE=Release $(DEV) $(SHARED_DEMO)
	@$(STAGE) release-build cmake --build $(RELEASE_BUILD) -j $(JOBS)
	$(STAGE) release-tests ctest --test-dir $(RELEASE_BUILD) --output-on-failure -j $(JOBS)

# The second compiler: everything builds warning-free (its tests would repeat the plain
# build's at the cost of another full run: GCC's builds run them).
build-clang: build
	@[ -f $(CLANG_BUILD)/CMakeCache.txt ] || CC=clang cmake -S . -B $(CLANG_BUILD) \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo $(DEV) $(SHARED_DEMO)
	@$(STAGE) clang-build cmake --build $(CLANG_BUILD) -j $(JOBS)

build-minsize: build
	@[ -f $(MINSIZE_BUILD)/CMakeCache.txt ] || cmake -S . -B $(MINSIZE_BUILD) \
		-DCMAKE_BUILD_TYPE=MinSizeRel $(DEV) $(SHARED_DEMO)
	@$(STAGE) minsize-build cmake --build $(MINSIZE_BUILD) -j $(JOBS)

# The Debian package of the Release build, and a look at what it declares.
deb: test-release
	@$(STAGE) deb sh -c 'cd $(RELEASE_BUILD) && cpack -G DEB'
	@./tools/check_deb.sh $(RELEASE_BUILD)/pavilion_*.deb

# stages-reset comes first (make runs prerequisites in order without -j)
test: stages-reset test-plain test-asan test-release build-clang build-minsize deb
	@$(STAGE) --summary $(STAGE_LOG)

stages-reset:
	@mkdir -p $(BUILD) && rm -f $(STAGE_LOG)

# ThreadSanitizer over the tests that start threads (label "threads"); suppressions for
# third-party internals only: FFmpeg's frame threads, Mesa llvmpipe (tests/tsan.supp). Not
# part of `test`: a whole further build plus slow runs (README has the numbers).
test-tsan: build
	@[ -f $(TSAN_BUILD)/CMakeCache.txt ] || cmake -S . -B $(TSAN_BUILD) \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAVILION_SANITIZE_THREAD=ON $(DEV) $(SHARED_DEMO)
	@cmake --build $(TSAN_BUILD) -j $(JOBS)
	cd $(TSAN_BUILD) && ctest --output-on-failure -j $(JOBS) -L threads

bench: build
	@./tools/setup.sh bench
	@cmake --build $(BUILD) --target bench-assets
	./$(BUILD)/pavilion bench $$(cat $(BUILD)/bench/args) $(ARGS)

# `make fuzz` runs every fuzz target (tests/fuzz/) for FUZZ_SECONDS each (default 600).
FUZZ_SECONDS ?= 600
fuzz: build
	cd $(BUILD) && FUZZ_SECONDS=$(FUZZ_SECONDS) ctest -L fuzz --output-on-failure

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(RELEASE_BUILD) $(CLANG_BUILD) $(MINSIZE_BUILD) $(TSAN_BUILD)
