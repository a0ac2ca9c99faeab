# tfcc: the two quick-start commands, `make demo` and `make test`.
# Both install missing Debian packages, configure and build incrementally.

BUILD_DIR ?= build
JOBS ?= 2
LLVM_DIR ?= /usr/lib/llvm-22
LIT := $(LLVM_DIR)/bin/lit

.PHONY: all deps configure build demo test check-asan check-tsan fuzz clean

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -G Ninja -S . -B $(BUILD_DIR) \
	  -DCMAKE_BUILD_TYPE=Release \
	  -DMLIR_DIR=$(LLVM_DIR)/lib/cmake/mlir \
	  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	ninja -C $(BUILD_DIR) -j$(JOBS)

# Compiles examples/mlp/mlp.mlir with tfcc into libmlp.a + mlp.h, links the
# C program in examples/mlp/main.c against them and runs it.
demo: build
	@echo "== tfcc $(BUILD_DIR)/examples/mlp/libmlp.a + mlp.h from examples/mlp/mlp.mlir"
	./$(BUILD_DIR)/bin/mlp-demo

# The whole suite: lit (dialect, passes, CLI, runtime unit tests, end-to-end).
test: build
	@LIT=$(LIT) ./scripts/run-tests.sh $(BUILD_DIR)

# The whole lit suite under AddressSanitizer and UBSan: the compiler and the
# runtime instrumented, and with them every program and model library the
# suite links (see test/CMakeLists.txt). A sanitizer report fails its test.
ASAN_BUILD_DIR ?= build-asan
check-asan:
	@./scripts/install-deps.sh libclang-rt-22-dev
	cmake -G Ninja -S . -B $(ASAN_BUILD_DIR) \
	  -DCMAKE_BUILD_TYPE=Release -DTFCC_SANITIZE=address,undefined \
	  -DMLIR_DIR=$(LLVM_DIR)/lib/cmake/mlir \
	  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22
	ninja -C $(ASAN_BUILD_DIR) -j$(JOBS)
	$(LIT) -sv $(ASAN_BUILD_DIR)/test

# The runtime's thread pool and variable lock under ThreadSanitizer: the
# runtime's sources and its pool and variable tests built with
# -fsanitize=thread, every case run; a data race fails the case.
TSAN_BUILD_DIR ?= build-tsan
TSAN_CFLAGS := -std=c99 -O1 -g -fsanitize=thread -Iruntime/include -Itest/runtime
TSAN_CASES := pool_parallel_for pool_check_failure pool_nested \
  pool_concurrent_instances pool_same_instance var_threads var_persist
check-tsan:
	@./scripts/install-deps.sh libclang-rt-22-dev
	mkdir -p $(TSAN_BUILD_DIR)
	clang-22 $(TSAN_CFLAGS) runtime/src/*.c test/runtime/pool_tests.c \
	  -o $(TSAN_BUILD_DIR)/pool-tests -lpthread -lm
	clang-22 $(TSAN_CFLAGS) runtime/src/*.c test/runtime/state_tests.c \
	  -o $(TSAN_BUILD_DIR)/state-tests -lpthread -lm
	@for c in $(TSAN_CASES); do \
	  case $$c in pool_*) t=pool-tests;; *) t=state-tests;; esac; \
	  TSAN_OPTIONS=halt_on_error=1 $(TSAN_BUILD_DIR)/$$t $$c || exit 1; \
	done

# Coverage-guided fuzzing (libFuzzer) of every input format tfcc reads:
# .tfg graphs, ONNX models, .mlir models (through the whole pipeline to
# LLVM IR) and the runtime's checkpoints, each for FUZZ_SECONDS from seeds
# made of the test suite's inputs; prints one table. The compiler and the
# runtime are built with -DTFCC_FUZZ=ON (coverage, ASan, UBSan). Findings
# and corpora stay in $(FUZZ_BUILD_DIR)/fuzz-out.
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	@./scripts/install-deps.sh libclang-rt-22-dev
	cmake -G Ninja -S . -B $(FUZZ_BUILD_DIR) \
	  -DCMAKE_BUILD_TYPE=Release -DTFCC_FUZZ=ON \
	  -DMLIR_DIR=$(LLVM_DIR)/lib/cmake/mlir \
	  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22
	ninja -C $(FUZZ_BUILD_DIR) -j$(JOBS) tfcc-fuzz
	/usr/bin/python3 scripts/fuzz.py --build-dir $(FUZZ_BUILD_DIR) \
	  --seconds $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) $(TSAN_BUILD_DIR) $(FUZZ_BUILD_DIR)
