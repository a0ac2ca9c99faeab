//===- Passes.h - tfcc lowering passes ---------------------------*- C++ -*-===//

#ifndef TFCC_CONVERSION_PASSES_H
#define TFCC_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir::tfcc {
#define GEN_PASS_DECL
#include "tfcc/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

#endif // TFCC_CONVERSION_PASSES_H
