//===- tfcc-opt.cpp - mlir-opt with tfcc's dialects and passes ------------===//

#include "tfcc/Pipeline/Pipeline.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mlir::tfcc::registerTfccPassesAndPipelines();
  mlir::DialectRegistry registry;
  mlir::tfcc::registerTfccDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "tfcc optimizer driver\n", registry));
}
