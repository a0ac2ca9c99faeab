//===- TfccStateOps.td - tfcc variables and assignments ------*- tablegen -*-===//
//
// Variables (module-level symbols) and the ops that read and write them.
// Included from TfccOps.td.
//
//===----------------------------------------------------------------------===//
