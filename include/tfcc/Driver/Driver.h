//===- Driver.h - the tfcc command line --------------------------*- C++ -*-===//

#ifndef TFCC_DRIVER_DRIVER_H
#define TFCC_DRIVER_DRIVER_H

namespace mlir::tfcc {
/// Runs the `tfcc` command line; returns the process exit code.
int runCompilerMain(int argc, char **argv);
} // namespace mlir::tfcc

#endif // TFCC_DRIVER_DRIVER_H
