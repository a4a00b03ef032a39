# The two commands of the README. Everything else is CMake's.
#   make run   installs what is missing, builds, opens the demo exhibition
#   make test  installs what is missing, builds, runs every test, then all of them again
#              under AddressSanitizer and UndefinedBehaviorSanitizer
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
ARGS ?=

.PHONY: all setup build run test test-plain test-asan bench clean

all: build

setup:
	@./tools/setup.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPAVILION_SANITIZE=ON

build: setup $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/pavilion $(ARGS)

test-plain: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: setup $(ASAN_BUILD)/CMakeCache.txt
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

test: test-plain test-asan

bench: build
	@./tools/setup.sh bench
	@cmake --build $(BUILD) --target bench-assets
	./$(BUILD)/pavilion bench $(ARGS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
