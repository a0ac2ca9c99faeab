# lit configuration for tfcc's regression suite.
import os
import shutil

import lit.formats

config.name = "tfcc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test", ".c", ".cpp", ".py"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tfcc_obj_root, "test")

bin_dir = os.path.join(config.tfcc_obj_root, "bin")
lib_dir = os.path.join(config.tfcc_obj_root, "lib")
config.environment["PATH"] = os.pathsep.join(
    [bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# The thread count of compiled models: the suite passes with 1 and with the
# default (the CPUs of the machine); `TFCC_NUM_THREADS=1 make test` runs it
# on one.
if "TFCC_NUM_THREADS" in os.environ:
    config.environment["TFCC_NUM_THREADS"] = os.environ["TFCC_NUM_THREADS"]

# A sanitized build (-DTFCC_SANITIZE, `make check-asan`): every report fails
# its test. The runtime's out-of-memory paths are tested, so a huge malloc
# returns NULL rather than being reported.
if config.sanitize:
    config.environment["PATH"] = os.pathsep.join(
        [os.path.dirname(config.c_compiler), config.environment["PATH"]])
    config.environment["LD_LIBRARY_PATH"] = config.sanitizer_runtime_dir
    config.environment["ASAN_OPTIONS"] = (
        "detect_leaks=1:allocator_may_return_null=1")
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"

# numpy comes from Debian's python3-numpy, used through /usr/bin/python3.
python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else shutil.which("python3")
if config.python_prefix:
    python = config.python_prefix + " " + python
config.substitutions.append(("%python", python))
config.substitutions.append(("%tfcc-runtime-tests", os.path.join(bin_dir, "tfcc-runtime-tests")))
config.substitutions.append(("%cc", config.c_compiler))
config.substitutions.append(("%cxx", config.cxx_compiler))
config.substitutions.append(("%src", config.tfcc_src_root))
config.substitutions.append(("%obj", config.tfcc_obj_root))
# Compiles and links a C driver against a model library built by tfcc.
config.substitutions.append(("%driver-flags", "-O2 -Wall -Werror -lm"))
config.substitutions.append(("%e2e", os.path.join(config.tfcc_src_root, "test", "E2E", "Inputs")))

# Optional Python packages (Debian's), found without importing them.
import importlib.util
for module in ["numpy", "torch", "onnx", "sklearn"]:
    if importlib.util.find_spec(module) is not None:
        config.available_features.add(module)

# `script` (util-linux) runs a command on a pseudo-terminal: the progress
# line of a compile shows only on one.
if shutil.which("script"):
    config.available_features.add("script")

# The CUDA toolkit (optional): ptxas validates the GPU kernels tfcc emits,
# and libdevice gives them their math functions. Tests that need it are
# unsupported without it.
cuda_path = os.environ.get("CUDA_PATH", "/usr/local/cuda")
ptxas = os.path.join(cuda_path, "bin", "ptxas")
if os.access(ptxas, os.X_OK):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
if os.path.exists(os.path.join(cuda_path, "nvvm", "libdevice", "libdevice.10.bc")):
    config.available_features.add("libdevice")
if "CUDA_PATH" in os.environ:
    config.environment["CUDA_PATH"] = os.environ["CUDA_PATH"]
