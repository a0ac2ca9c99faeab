//===- GradientRulesNN.cpp - gradient rules of the nn ops -----------------===//
//
// Rules for conv2d, max_pool, avg_pool, batch_norm, layer_norm and pad (see
// GradientRules.h for the contract). Written by the NN-backward work; until
// then there are none and a path through these ops is an error.
//
//===----------------------------------------------------------------------===//

#include "GradientRules.h"

void mlir::tfcc::addNNGradientRules(GradientRuleTable &table) {}
