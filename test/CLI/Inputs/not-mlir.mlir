This is not an MLIR module.
