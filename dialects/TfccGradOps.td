//===- TfccGradOps.td - tfcc automatic differentiation -------*- tablegen -*-===//
//
// tfcc.gradients, expanded into backward ops by the tfcc-autodiff pass.
// Included from TfccOps.td.
//
//===----------------------------------------------------------------------===//
