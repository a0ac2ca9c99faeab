//===- tfcc.cpp - the tfcc compiler ---------------------------------------===//

#include "tfcc/Driver/Driver.h"

int main(int argc, char **argv) { return mlir::tfcc::runCompilerMain(argc, argv); }
