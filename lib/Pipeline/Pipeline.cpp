//===- Pipeline.cpp - the tfcc compilation pipeline -----------------------===//

#include "tfcc/Pipeline/Pipeline.h"

#include "tfcc/Codegen/Passes.h"
#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"
#include "tfcc/Transforms/Passes.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVM.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/IR/TensorInferTypeOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/TensorTilingInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/Transforms/SubsetOpInterfaceImpl.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace {
constexpr std::pair<tfcc::Phase, llvm::StringLiteral> kPhases[] = {
    {tfcc::Phase::Import, "import"},       {tfcc::Phase::Graph, "graph"},
    {tfcc::Phase::Linalg, "linalg"},       {tfcc::Phase::Codegen, "codegen"},
    {tfcc::Phase::Bufferize, "bufferize"},
    {tfcc::Phase::Loops, "loops"},         {tfcc::Phase::LLVM, "llvm"},
};
} // namespace

std::optional<tfcc::Phase> tfcc::parsePhase(llvm::StringRef name) {
  for (auto [phase, phaseName] : kPhases)
    if (phaseName == name)
      return phase;
  return std::nullopt;
}

llvm::StringRef tfcc::getPhaseName(Phase phase) {
  for (auto [p, phaseName] : kPhases)
    if (p == phase)
      return phaseName;
  llvm_unreachable("unknown phase");
}

std::string tfcc::getPhaseNames() {
  std::string names;
  for (auto [p, phaseName] : kPhases)
    names += (names.empty() ? "" : ", ") + phaseName.str();
  return names;
}

void tfcc::buildTfccPipeline(OpPassManager &pm, Phase last,
                             const PipelineOptions &options) {
  if (last == Phase::Import)
    return;

  // Graph: gradients become backward ops, variables become arguments and
  // results, batch norms fold into constant weights, decompose composites,
  // GEMM-sized convolutions go channels-last,
  // evaluate what depends on weights only, then clean up.
  pm.addPass(createTfccThreadRandomState());
  pm.addPass(createTfccAutodiff());
  TfccPlaceDevicesOptions placeOptions;
  placeOptions.defaultDevice = options.defaultDevice;
  placeOptions.softPlacement = options.softPlacement;
  pm.addPass(createTfccPlaceDevices(placeOptions));
  pm.addPass(createTfccLiftVariables());
  pm.addNestedPass<func::FuncOp>(createTfccFoldBatchNorm());
  pm.addNestedPass<func::FuncOp>(createTfccDecompose());
  pm.addNestedPass<func::FuncOp>(createTfccChannelsLast());
  pm.addNestedPass<func::FuncOp>(createTfccFoldConstants());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (last == Phase::Graph)
    return;

  // Lower: the ops placed on a GPU into functions of their own, then one
  // conversion per op family.
  pm.addPass(createTfccPartitionDevices());
  pm.addNestedPass<func::FuncOp>(createConvertTfccControlFlowToScf());
  pm.addNestedPass<func::FuncOp>(createConvertTfccElementwiseToLinalg());
  pm.addNestedPass<func::FuncOp>(createConvertTfccMatMulToLinalg());
  pm.addNestedPass<func::FuncOp>(createConvertTfccReductionToLinalg());
  pm.addNestedPass<func::FuncOp>(createConvertTfccShapeToTensor());
  pm.addNestedPass<func::FuncOp>(createConvertTfccIndexToLinalg());
  pm.addNestedPass<func::FuncOp>(createConvertTfccRandomToLinalg());
  ConvertTfccNNToLinalgOptions nnOptions;
  nnOptions.winogradTile = options.winogradTile;
  pm.addNestedPass<func::FuncOp>(createConvertTfccNNToLinalg(nnOptions));
  // Sizes read off lowered ops become the sizes they were built from, so
  // the run-time checks between values of one shape fold away.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(memref::createResolveRankedShapeTypeResultDimsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (last == Phase::Linalg)
    return;

  pm.addNestedPass<func::FuncOp>(createTfccFuseElementwise());
  pm.addNestedPass<func::FuncOp>(createTfccFuseRows());
  TfccPackContractionsOptions packOptions;
  packOptions.vectorBits = options.vectorBits;
  packOptions.vectorRegisters = options.vectorRegisters;
  pm.addNestedPass<func::FuncOp>(createTfccPackContractions(packOptions));
  TfccFuseEpiloguesOptions epilogueOptions;
  epilogueOptions.l2Bytes = options.l2Bytes;
  pm.addNestedPass<func::FuncOp>(createTfccFuseEpilogues(epilogueOptions));
  pm.addNestedPass<func::FuncOp>(createTfccFuseIm2col());
  TfccVectorizeContractionsOptions contractionOptions;
  contractionOptions.l2Bytes = options.l2Bytes;
  pm.addNestedPass<func::FuncOp>(
      createTfccVectorizeContractions(contractionOptions));
  pm.addNestedPass<func::FuncOp>(createTfccLowerPacks());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createTfccVectorizeTransposes());
  TfccVectorizeElementwiseOptions elementwiseOptions;
  elementwiseOptions.vectorBits = options.vectorBits;
  elementwiseOptions.vectorRegisters = options.vectorRegisters;
  pm.addNestedPass<func::FuncOp>(
      createTfccVectorizeElementwise(elementwiseOptions));
  pm.addNestedPass<func::FuncOp>(createTfccApproximateMath());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (last == Phase::Codegen)
    return;

  // Bufferize the whole module; every function result becomes a fresh
  // allocation owned by the caller (the runtime frees it).
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // A loop variable's next value is a new buffer (a while loop's body
  // computes it out of place); ownership-based deallocation frees the old.
  bufferizeOptions.allowReturnAllocsFromLoops = true;
  pm.addNestedPass<func::FuncOp>(createTfccSplitEmptyTensors());
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addNestedPass<func::FuncOp>(createTfccReturnVariablesInPlace());
  pm.addPass(createCanonicalizerPass());
  if (last == Phase::Bufferize)
    return;

  pm.addPass(createConvertBufferizationToMemRefPass());
  pm.addNestedPass<func::FuncOp>(createTfccConcurrentBranches());
  pm.addNestedPass<func::FuncOp>(createTfccPlanMemory());
  pm.addPass(createTfccAnnounceAllocations());
  pm.addPass(createTfccFlattenGlobals());
  pm.addNestedPass<func::FuncOp>(createTfccStridedCopyToLinalg());
  TfccMapToGpuOptions gpuOptions;
  gpuOptions.runtimeChecks = options.runtimeChecks;
  pm.addNestedPass<func::FuncOp>(createTfccMapToGpu(gpuOptions));
  pm.addNestedPass<func::FuncOp>(createTfccLinalgToLoops());
  // Vectors of the register tiles: transfers to rank-1 loads and stores,
  // fully unrolled (a rolled loop would keep each vector in a stack slot).
  pm.addNestedPass<func::FuncOp>(createTfccLowerVectorTransfers());
  pm.addNestedPass<func::FuncOp>(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createTfccOutlineLoopNests());
  pm.addPass(createGpuKernelOutliningPass());
  if (last == Phase::Loops)
    return;

  // GPU kernels to NVVM (math through libdevice) and on to PTX, before the
  // host's lowering, which would take their ops too.
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(createSCFToControlFlowPass());
  kernels.addPass(memref::createExpandStridedMetadataPass());
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(createConvertGpuOpsToNVVMOps());
  kernels.addPass(createReconcileUnrealizedCastsPass());
  GpuNVVMAttachTargetOptions targetOptions;
  targetOptions.chip = options.gpuArch;
  targetOptions.optLevel = 3;
  if (!options.libdevicePath.empty())
    targetOptions.linkLibs.push_back(options.libdevicePath);
  pm.addPass(createGpuNVVMAttachTarget(targetOptions));
  GpuModuleToBinaryPassOptions binaryOptions;
  binaryOptions.compilationTarget = "isa";
  pm.addPass(createGpuModuleToBinaryPass(binaryOptions));

  pm.addPass(createTfccCheckAllocations());
  ConvertTfccAssertToLLVMOptions assertOptions;
  assertOptions.removeChecks = !options.runtimeChecks;
  pm.addPass(createConvertTfccAssertToLLVM(assertOptions));
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Math first: libm calls on vectors are unrolled into vector ops, which
  // the vector lowering then takes.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  // Allocations go through the runtime, which frees what a failed check
  // leaves behind (tfcc_rt_check_failed does not return).
  pm.addPass(createConvertTfccGpuToRuntime());
  FinalizeMemRefToLLVMConversionPassOptions memrefOptions;
  memrefOptions.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefOptions));
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createConvertTfccParallelKernelsToLLVM());
  pm.addPass(createCanonicalizerPass());
}

void tfcc::registerTfccDialects(DialectRegistry &registry) {
  registry
      .insert<tfcc::TfccDialect, func::FuncDialect, arith::ArithDialect,
              math::MathDialect, linalg::LinalgDialect, tensor::TensorDialect,
              bufferization::BufferizationDialect, memref::MemRefDialect,
              scf::SCFDialect, affine::AffineDialect, cf::ControlFlowDialect,
              index::IndexDialect, vector::VectorDialect, ub::UBDialect,
              LLVM::LLVMDialect, gpu::GPUDialect, NVVM::NVVMDialect>();
  // GPU kernels: the NVVM target and the translations that make PTX.
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerInferTypeOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  vector::registerBufferizableOpInterfaceExternalModels(registry);
  // Tiling, subset hoisting and the vectorizer of the codegen phase.
  linalg::registerTilingInterfaceExternalModels(registry);
  tensor::registerTilingInterfaceExternalModels(registry);
  linalg::registerSubsetOpInterfaceExternalModels(registry);
  tensor::registerSubsetOpInterfaceExternalModels(registry);
  vector::registerSubsetOpInterfaceExternalModels(registry);
  affine::registerValueBoundsOpInterfaceExternalModels(registry);
  arith::registerValueBoundsOpInterfaceExternalModels(registry);
  linalg::registerValueBoundsOpInterfaceExternalModels(registry);
  scf::registerValueBoundsOpInterfaceExternalModels(registry);
  tensor::registerValueBoundsOpInterfaceExternalModels(registry);
  vector::registerValueBoundsOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  func::registerInlinerExtension(registry);
  registerConvertFuncToLLVMInterface(registry);
  arith::registerConvertArithToLLVMInterface(registry);
  cf::registerConvertControlFlowToLLVMInterface(registry);
  index::registerConvertIndexToLLVMInterface(registry);
  registerConvertMathToLLVMInterface(registry);
  registerConvertMemRefToLLVMInterface(registry);
  vector::registerConvertVectorToLLVMInterface(registry);
  ub::registerConvertUBToLLVMInterface(registry);
}

void tfcc::registerTfccPassesAndPipelines() {
  registerTfccPasses();
  registerTfccConversionPasses();
  registerTfccCodegenPasses();
  PassPipelineRegistration<>(
      "tfcc-lower-to-llvm",
      "Lowers a tfcc module all the way to the LLVM dialect",
      [](OpPassManager &pm) { buildTfccPipeline(pm, Phase::LLVM); });
}
