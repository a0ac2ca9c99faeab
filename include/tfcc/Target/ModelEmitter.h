//===- ModelEmitter.h - compiled model objects and headers -------*- C++ -*-===//
//
// Turns a module lowered to the LLVM dialect into native code that the
// runtime can drive: the model's signature, a packed `<entry>_invoke`
// function, a constant tfcc_model_spec and `<entry>_create`; and writes the
// C/C++ header that declares them.
//
//===----------------------------------------------------------------------===//

#ifndef TFCC_TARGET_MODELEMITTER_H
#define TFCC_TARGET_MODELEMITTER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mlir::tfcc {

/// Runtime dtype codes (tfcc_dtype in runtime.h).
enum class DType : int32_t { F32 = 0, F64 = 1, I32 = 2, I64 = 3, I1 = 4 };

struct ArgSignature {
  std::string name;
  DType dtype;
  SmallVector<int64_t> dims; ///< -1 for dynamic.
};

/// A variable the entry uses (an argument marked `tfcc.variable`, see the
/// tfcc-lift-variables pass): static shape, initial value as raw row-major
/// bytes (i1 as one byte per element), and whether the entry writes it (a
/// result marked `tfcc.variable`).
struct VariableSignature {
  std::string name;
  DType dtype;
  SmallVector<int64_t> dims;
  /// Row-major bytes; one element when `splat` (a table of zeros need not
  /// be in the library).
  std::string initialData;
  bool splat = false;
  bool written = false;
};

struct ModelSignature {
  std::string entry;
  /// The symbol of the lowered entry function. It is renamed to a reserved
  /// name so that an entry called, say, `exp` cannot clash with libm.
  std::string implName;
  /// Ordinary arguments and results only; the entry's trailing arguments
  /// and results marked `tfcc.variable` are `variables`.
  std::vector<ArgSignature> inputs, outputs;
  std::vector<VariableSignature> variables;
  /// Bytes of the arena tfcc-plan-memory made for the entry's intermediate
  /// buffers (0: none), known once the pipeline has run.
  int64_t arenaBytes = 0;
  /// How many GPUs the model has ops placed on (the module's `tfcc.gpus`,
  /// from convert-tfcc-gpu-to-runtime): its create needs them.
  int32_t numGpus = 0;
  /// --device=auto: the lowered CPU twin of the entry, which create runs
  /// where there is no GPU, and its arena ("": none).
  std::string cpuImplName;
  int64_t cpuArenaBytes = 0;
  /// Where each op of the graph runs (tfcc-partition-devices' record):
  /// its node's name, its op and its device.
  struct OpPlacement {
    std::string node, op, device;
  };
  std::vector<OpPlacement> placements;
};

/// Reads names (`tfcc.name` argument/result attributes, else argN/resultN),
/// dtypes and shapes of `entry`; emits an error for unsupported types.
/// Arguments and results marked `tfcc.variable` (after lifting) become
/// `variables`, with initial values from the module's tfcc.variable ops.
FailureOr<ModelSignature> getModelSignature(func::FuncOp entry);

/// Settles the entry's argument and result attributes once `signature` has
/// read them: the names go (they live on in the signature; LLVM has no use
/// for them), a variable the run only reads is marked not writable (the
/// runtime passes variables in their own storage), and with
/// `inPlaceVariables` a written one is marked for update in place.
void settleEntryAttributes(func::FuncOp entry, const ModelSignature &signature,
                           bool inPlaceVariables);

struct TargetOptions {
  std::string triple; ///< empty: the host's
  std::string cpu;    ///< empty: the host CPU for the host triple
  unsigned optLevel = 2;
};

/// Creates the target machine, or returns an error message.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options);

/// The vector registers code generation tiles for, and the L2 cache its
/// blocking fits.
struct VectorTarget {
  int64_t bits = 128;
  int64_t registers = 16;
  int64_t l2Bytes = 512 * 1024;
};

/// The widest vector registers of `machine`'s CPU (AVX-512: 32 of 512 bits,
/// AVX: 16 of 256, otherwise SSE's 16 of 128) and one core's L2, from a
/// table of CPU names (LLVM models no x86 cache sizes); 512 KiB, the
/// smallest of the CPUs with AVX2 that tfcc targets, for others and for
/// the generic x86-64 levels.
VectorTarget getVectorTarget(const llvm::TargetMachine &machine);

/// The symbol every shared library built by tfcc exports besides
/// `<entry>_create`, with the same signature, so that a loader (Python's
/// ctypes) can create the model without knowing the entry's name. Only
/// shared objects get it: they are loaded with RTLD_LOCAL and cannot clash,
/// whereas two static libraries linked into one program would.
inline constexpr llvm::StringLiteral kDefaultCreateSymbol =
    "tfcc_model_create_default";

/// Told how far LLVM is through the functions of a module: the `done`th of
/// `total` defined functions (the driver's progress line).
using FunctionProgress = std::function<void(unsigned done, unsigned total)>;

/// Translates `module` (LLVM dialect, entry marked llvm.emit_c_interface) to
/// LLVM IR, adds the runtime glue for `signature` and, with `optimize`,
/// optimizes it at `optLevel`. With `exportDefaultCreate`,
/// kDefaultCreateSymbol is added as an alias of `<entry>_create`.
/// `progress`, if set, hears of each function the optimizer reaches in each
/// of its sweeps over the module.
FailureOr<std::unique_ptr<llvm::Module>>
translateModel(ModuleOp module, const ModelSignature &signature,
               llvm::LLVMContext &context, llvm::TargetMachine &machine,
               unsigned optLevel, bool exportDefaultCreate = false,
               const FunctionProgress &progress = {}, bool optimize = true);

/// Code generation to an object file or assembly, in process. `progress`,
/// if set, hears of each function as its code is done.
LogicalResult emitMachineCode(llvm::Module &module,
                              llvm::TargetMachine &machine, bool assembly,
                              SmallVectorImpl<char> &out, std::string &error,
                              const FunctionProgress &progress = {});

/// Object code for `module`, not yet optimized, in up to `parts` object
/// files (one for fewer than 16 functions, at most 8), optimized at
/// `options.optLevel` and compiled on as many threads: the module is split
/// by functions (llvm::SplitModule, its internal symbols made hidden
/// externals), and each part goes through bitcode into a context of its
/// own, with a target machine from `options`. Optimization and machine code
/// are most of a large model's compile (ResNet-18: two thirds), and its
/// outlined kernels are independent functions that nothing inlines. One
/// part is optimized and compiled in place. `progress`, if set, hears of
/// each function as its code is done, from any thread.
LogicalResult emitObjects(std::unique_ptr<llvm::Module> module,
                          const TargetOptions &options, unsigned parts,
                          SmallVectorImpl<std::string> &objects,
                          std::string &error,
                          const FunctionProgress &progress = {});

/// The C header (runtime declarations, `<entry>_create`) with a header-only
/// C++ wrapper class.
std::string emitHeader(const ModelSignature &signature,
                       llvm::StringRef cppClass);

/// Valid C identifier derived from `name`.
std::string toCIdentifier(llvm::StringRef name);

} // namespace mlir::tfcc

#endif // TFCC_TARGET_MODELEMITTER_H
