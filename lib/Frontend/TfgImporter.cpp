//===- TfgImporter.cpp - .tfg graph to the tfcc dialect -------------------===//
//
// Reads a .tfg file (schema/tfg.fbs) into one func.func in the tfcc dialect:
//  1. the FlatBuffers verifier checks the whole buffer before anything is
//     read, so a truncated or corrupted file cannot make us read out of
//     bounds;
//  2. every node is checked: unique name, known op type, input count, and
//     inputs that name an existing node and output; then the graph must be
//     acyclic (data and control edges);
//  3. the feeds and fetches (the file's signature or the caller's) pick what
//     is compiled, as in TensorFlow's partial execution: a depth-first walk
//     from the fetches and targets that stops at fed tensors;
//  4. the needed nodes are built in topological order by TfgOps.cpp. With
//     assigns among them, the order follows data and control edges and,
//     among ready nodes, builds pure ones first, so that a read sees the
//     value at the start of the run unless an edge orders it after an
//     assign. Variables are declared as tfcc.variable, read lazily (one
//     read reused until an assign to the variable) and written by
//     tfcc.assign{,_add,_sub} in that order.
// Every error is located at the node (a NameLoc of its name, inside the
// file's location), so the driver prints `<file>: node '<name>': error: ...`.
//
//===----------------------------------------------------------------------===//

#include "TfgImporter.h"

#include "tfcc/Frontend/Import.h"
#include "tfcc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <set>

using namespace mlir;
using namespace mlir::tfcc;
using namespace mlir::tfcc::tfg_import;

bool mlir::tfcc::isTfgBuffer(llvm::MemoryBufferRef buffer) {
  return buffer.getBufferSize() >= 8 &&
         fb::GraphBufferHasIdentifier(buffer.getBufferStart());
}

namespace {

/// The format version this importer reads (Graph.version).
constexpr uint32_t kTfgVersion = 2;

/// Output `index` of node `node`.
struct TensorRef {
  unsigned node, index;
  std::pair<unsigned, unsigned> key() const { return {node, index}; }
};

class GraphImporter {
public:
  GraphImporter(llvm::MemoryBufferRef buffer, MLIRContext *ctx,
                const ImportOptions &options)
      : buffer(buffer), ctx(ctx), options(options), builder(ctx),
        fileLoc(FileLineColLoc::get(ctx, buffer.getBufferIdentifier(), 0, 0)) {
  }

  OwningOpRef<ModuleOp> run();

private:
  /// An importer of the function `fn` of `parent`'s file: its nodes, built
  /// into a region of a tfcc.cond or tfcc.while.
  GraphImporter(const GraphImporter &parent, const fb::Function *fn)
      : buffer(parent.buffer), ctx(parent.ctx), options(parent.options),
        builder(parent.ctx), fileLoc(parent.fileLoc), graph(parent.graph),
        function(fn), functions(parent.functions), callStack(parent.callStack),
        builtNodes(parent.builtNodes) {}

  /// Builds the function's nodes at the builder's insertion point, its
  /// argument placeholders standing for `args`; gives its results. `call`
  /// is the If or While node (where a function that calls itself is
  /// reported).
  FailureOr<SmallVector<Value>> buildFunction(ValueRange args, Location call);
  /// The function that attribute `attr` of `node` names, checked to take
  /// `numArgs` arguments.
  FailureOr<const fb::Function *> getFunction(unsigned node, StringRef attr,
                                              unsigned numArgs);
  /// The declared shape of argument `index` of `fn` (a Placeholder's
  /// `shape`: TensorFlow's shape invariant of a loop variable), or null.
  FailureOr<const fb::Shape *> getArgShape(const fb::Function *fn,
                                           unsigned index);
  /// Builds an If or While node: a tfcc.cond or tfcc.while.
  FailureOr<SmallVector<Value>> buildIf(unsigned node, ValueRange inputs);
  FailureOr<SmallVector<Value>> buildWhile(unsigned node, ValueRange inputs);
  bool isControlFlow(unsigned node) {
    StringRef type = defs[node]->type;
    return type == "If" || type == "StatelessIf" || type == "While" ||
           type == "StatelessWhile";
  }

  // TensorFlow 1.x's raw control flow. Each loop frame (Enter, Merge,
  // Switch on a LoopCond, NextIteration, Exit) and each cond (Switches on
  // one predicate joined by Merges) becomes one construct, raised to a
  // tfcc.while or tfcc.cond when its first Exit or Merge is built: the
  // Exits and Merges stand for the construct in the graph around it.

  /// A loop frame or a cond of the raw form.
  struct RawConstruct {
    bool isLoop = false;
    /// Loop: the frame's name. Cond: the predicate.
    std::string frame;
    TensorRef pred{0, 0};
    /// The constructs (and branches) it sits in: its context.
    SmallVector<unsigned, 2> outer;
    /// Loop: per loop variable its Enter, Merge, Switch, NextIteration and
    /// Exit (-1: none); the Enters of values that stay constant.
    SmallVector<unsigned> enters, merges, switches, nexts, constEnters;
    SmallVector<int> exits;
    int loopCond = -1;
    /// Set while its regions are built: a construct that needs its own
    /// output is an error, not a recursion.
    bool building = false;
    /// Cond: its Switches, its Merges and their [else, then] inputs.
    SmallVector<unsigned> condSwitches, condMerges;
    SmallVector<std::array<TensorRef, 2>> branchOutputs;
  };
  bool isRawControlFlow(unsigned node) {
    StringRef type = defs[node]->type;
    return type == "Switch" || type == "Merge" || type == "Enter" ||
           type == "Exit" || type == "NextIteration" || type == "LoopCond";
  }
  /// Finds the constructs, checks their structure, and gives each Exit and
  /// cond Merge the construct's outer inputs as control inputs (so the
  /// nodes around are built before it) in place of its own.
  LogicalResult analyzeRawControlFlow();
  /// Builds the construct that `node` (an Exit or cond Merge) stands for,
  /// setting the values of all its Exits or Merges.
  LogicalResult
  buildRaw(unsigned node,
           llvm::DenseMap<std::pair<unsigned, unsigned>, Value> &values);
  /// Builds the nodes computing `roots` into `block`, seeing the values
  /// around (`outer`) and `seeds`; gives the roots' values.
  FailureOr<SmallVector<Value>> buildRawRegion(
      Block *block, ArrayRef<TensorRef> roots,
      const llvm::DenseMap<std::pair<unsigned, unsigned>, Value> &outer,
      ArrayRef<std::pair<TensorRef, Value>> seeds);
  std::vector<RawConstruct> raw;
  /// Per node: the construct whose Exit or Merge it is, or -1.
  std::vector<int> rawOwner;
  /// Nonzero while building a raw construct's region.
  unsigned rawDepth = 0;

  LogicalResult readBuffer();
  /// The file's nodes against options.limits, before any is built.
  LogicalResult checkLimits();
  LogicalResult indexNodes();
  LogicalResult checkAcyclic();
  Location nodeLoc(unsigned node);
  FailureOr<std::string> deviceHint(unsigned node);
  ArrayAttr colocation(unsigned node);
  StringRef nodeName(unsigned node) { return str(nodes[node]->name()); }
  bool isPlaceholder(unsigned node) { return defs[node]->type == StringRef("Placeholder"); }
  bool isVariable(unsigned node) {
    return defs[node]->type == StringRef("VariableV2");
  }
  bool isAssign(unsigned node) {
    StringRef type = defs[node]->type;
    return type == "Assign" || type == "AssignAdd" || type == "AssignSub" ||
           type == "ScatterAdd" || type == "ScatterSub" ||
           type == "ScatterUpdate";
  }

  /// `order` rescheduled when it holds assigns: topological over data
  /// (except `fed` tensors) and control edges, pure nodes first among the
  /// ready ones, ties broken by node index.
  std::vector<unsigned>
  schedule(ArrayRef<unsigned> order,
           const llvm::DenseMap<std::pair<unsigned, unsigned>, Value> &fed);

  /// Builds an Assign/AssignAdd/AssignSub node writing `var` with
  /// `operands[0]`, or a ScatterAdd/ScatterSub/ScatterUpdate writing the
  /// rows `operands[0]` with `operands[1]`.
  FailureOr<Value> buildAssign(unsigned node, FlatSymbolRefAttr var,
                               RankedTensorType type, ValueRange operands);

  /// Parses "node" or "node:k" naming an existing output. `where` and
  /// `what` describe the reference for messages.
  FailureOr<TensorRef> parseTensor(StringRef name, Location where,
                                   const Twine &what);

  /// Nodes needed for `roots` in topological order; the walk does not go
  /// through the tensors in `cuts`. Cut tensors reached are added to
  /// `reachedCuts`.
  std::vector<unsigned>
  topoOrder(ArrayRef<unsigned> roots,
            const llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> &cuts,
            llvm::DenseSet<std::pair<unsigned, unsigned>> *reachedCuts);

  /// Builds `order` at the builder's insertion point. `values` holds the
  /// fed tensors; `placeholder` gives the value of an unfed placeholder.
  LogicalResult
  buildNodes(ArrayRef<unsigned> order,
             llvm::DenseMap<std::pair<unsigned, unsigned>, Value> &values,
             llvm::function_ref<FailureOr<Value>(unsigned)> placeholder);

  /// The type of a fed tensor: a placeholder's declared type, otherwise
  /// what its producer gives, found by building the producer's ancestors in
  /// a scratch function.
  FailureOr<Type> getFedType(TensorRef ref);

  llvm::MemoryBufferRef buffer;
  MLIRContext *ctx;
  const ImportOptions &options;
  OpBuilder builder;
  Location fileLoc;

  const fb::Graph *graph = nullptr;
  /// The function being imported; null for the graph itself.
  const fb::Function *function = nullptr;
  /// The graph's functions by name, and those being built (a function may
  /// not call itself).
  std::shared_ptr<llvm::StringMap<const fb::Function *>> functions =
      std::make_shared<llvm::StringMap<const fb::Function *>>();
  std::shared_ptr<llvm::SmallSetVector<StringRef, 4>> callStack =
      std::make_shared<llvm::SmallSetVector<StringRef, 4>>();
  /// Nodes built so far, each call of a function counting its nodes again:
  /// a small file whose functions call others many times over would
  /// otherwise inline into billions.
  std::shared_ptr<int64_t> builtNodes = std::make_shared<int64_t>(0);
  std::vector<const fb::Node *> nodes;
  std::vector<const OpDef *> defs;
  std::vector<unsigned> numOutputs;
  std::vector<SmallVector<TensorRef, 2>> dataInputs;
  std::vector<SmallVector<unsigned, 1>> controlInputs;
  llvm::StringMap<unsigned> byName;
};

} // namespace

/// The op type rides along as the metadata of a fused location, so that
/// run-time checks can say "node 'y' (Reshape)".
Location GraphImporter::nodeLoc(unsigned node) {
  StringAttr type = StringAttr::get(ctx, str(nodes[node]->op()));
  return NameLoc::get(StringAttr::get(ctx, nodeName(node)),
                      FusedLoc::get(ctx, {fileLoc}, type));
}

/// The nodes whose device the node must share: TensorFlow's `_class`
/// attribute ("loc:@name" entries, from tf.colocate_with), or null.
ArrayAttr GraphImporter::colocation(unsigned node) {
  if (!nodes[node]->attrs())
    return nullptr;
  SmallVector<Attribute> names;
  for (const fb::Attr *attr : *nodes[node]->attrs()) {
    const fb::StringList *list = attr->value_as_StringList();
    if (str(attr->name()) != "_class" || !list || !list->values())
      continue;
    for (const flatbuffers::String *entry : *list->values()) {
      StringRef name = str(entry);
      if (name.consume_front("loc:@"))
        names.push_back(StringAttr::get(ctx, name));
    }
  }
  return names.empty() ? nullptr : ArrayAttr::get(ctx, names);
}

/// The node's device as "cpu:N" or "gpu:N" (parseDeviceName); empty for no
/// hint. Fails on a device of another kind.
FailureOr<std::string> GraphImporter::deviceHint(unsigned node) {
  const flatbuffers::String *given = nodes[node]->device();
  if (!given)
    return std::string();
  std::optional<std::string> device = parseDeviceName(str(given));
  if (!device)
    return emitError(nodeLoc(node))
           << "device '" << str(given)
           << "' is not a CPU or GPU device (\"/cpu:0\", \"/gpu:1\", "
              "\"/device:GPU:0\")";
  // Machine parts alone ("/job:localhost") leave the device open.
  return *device;
}

LogicalResult GraphImporter::readBuffer() {
  const auto *data = reinterpret_cast<const uint8_t *>(buffer.getBufferStart());
  size_t size = buffer.getBufferSize();
  if (!isTfgBuffer(buffer))
    return emitError(fileLoc, "not a tfcc graph (.tfg) file");
  // The verifier's default bound of a million tables would refuse a graph
  // well within --max-nodes; a node is a few tables.
  flatbuffers::Verifier::Options verifierOptions;
  verifierOptions.max_tables =
      static_cast<flatbuffers::uoffset_t>(std::min<int64_t>(
          std::numeric_limits<flatbuffers::uoffset_t>::max(),
          std::max<int64_t>(1000000, options.limits.maxNodes * 64)));
  flatbuffers::Verifier verifier(data, size, verifierOptions);
  if (!fb::VerifyGraphBuffer(verifier))
    return emitError(fileLoc, "malformed .tfg file: the FlatBuffers verifier "
                              "rejected it (truncated or corrupted?)");
  graph = fb::GetGraph(data);
  if (graph->version() == 0 || graph->version() > kTfgVersion)
    return emitError(fileLoc, "unsupported .tfg format version ")
           << graph->version() << " (this tfcc reads versions 1 to "
           << kTfgVersion << ")";
  if (!graph->nodes() || graph->nodes()->size() == 0)
    return emitError(fileLoc, "the graph has no nodes");
  if (failed(checkLimits()))
    return failure();
  if (graph->functions()) {
    for (const fb::Function *fn : *graph->functions()) {
      if (str(fn->name()).empty())
        return emitError(fileLoc, "a function has an empty name");
      if (!functions->try_emplace(str(fn->name()), fn).second)
        return emitError(fileLoc)
               << "function '" << str(fn->name()) << "' is defined twice";
    }
  }
  return success();
}

LogicalResult GraphImporter::checkLimits() {
  const ImportLimits &limits = options.limits;
  auto where = [&](const fb::Node *node) {
    return NameLoc::get(StringAttr::get(ctx, str(node->name())), fileLoc);
  };
  auto checkList = [&](const fb::Node *node, const Twine &what,
                       int64_t size) -> LogicalResult {
    if (size <= limits.maxListLength)
      return success();
    return emitError(where(node))
           << limitExceeded(("too many " + what).str(), size,
                            limits.maxListLength, "max-list-length");
  };
  auto checkString = [&](const fb::Node *node, const Twine &what,
                         const flatbuffers::String *s) -> LogicalResult {
    if (!s || (int64_t)s->size() <= limits.maxStringBytes)
      return success();
    return emitError(where(node)) << limitExceeded(
               (what + " is a string of too many bytes").str(), s->size(),
               limits.maxStringBytes, "max-string-bytes");
  };
  auto checkDims =
      [&](const fb::Node *node,
          const flatbuffers::Vector<int64_t> *dims) -> LogicalResult {
    if (!dims)
      return success();
    if ((int64_t)dims->size() > limits.maxRank)
      return emitError(where(node))
             << limitExceeded("too many dimensions", dims->size(),
                              limits.maxRank, "max-rank");
    int64_t elements = 1;
    bool overflow = false;
    for (int64_t d : *dims)
      if (d > 0)
        overflow |= __builtin_mul_overflow(elements, d, &elements);
    if (!overflow && elements <= limits.maxTensorElements)
      return success();
    return emitError(where(node)) << limitExceeded(
               "too many elements", overflow ? INT64_MAX : elements,
               limits.maxTensorElements, "max-tensor-elements");
  };
  auto checkNode = [&](const fb::Node *node) -> LogicalResult {
    if (failed(checkString(node, "the name", node->name())) ||
        failed(checkString(node, "the op", node->op())) ||
        failed(checkString(node, "the device", node->device())) ||
        (node->inputs() &&
         failed(checkList(node, "inputs", node->inputs()->size()))) ||
        (node->control_inputs() &&
         failed(checkList(node, "control inputs",
                          node->control_inputs()->size()))))
      return failure();
    if (!node->attrs())
      return success();
    if (failed(checkList(node, "attributes", node->attrs()->size())))
      return failure();
    for (const fb::Attr *attr : *node->attrs()) {
      std::string what = "attribute '" + str(attr->name()).str() + "'";
      LogicalResult ok = success();
      switch (attr->value_type()) {
      case fb::AttrValue::StringValue:
        ok = checkString(node, what, attr->value_as_StringValue()->value());
        break;
      case fb::AttrValue::Shape:
        ok = checkDims(node, attr->value_as_Shape()->dims());
        break;
      case fb::AttrValue::Tensor:
        ok = checkDims(node, attr->value_as_Tensor()->dims());
        break;
      case fb::AttrValue::IntList:
        if (auto *v = attr->value_as_IntList()->values())
          ok = checkList(node, what + " entries", v->size());
        break;
      case fb::AttrValue::FloatList:
        if (auto *v = attr->value_as_FloatList()->values())
          ok = checkList(node, what + " entries", v->size());
        break;
      case fb::AttrValue::TypeList:
        if (auto *v = attr->value_as_TypeList()->values())
          ok = checkList(node, what + " entries", v->size());
        break;
      case fb::AttrValue::StringList:
        if (auto *v = attr->value_as_StringList()->values()) {
          ok = checkList(node, what + " entries", v->size());
          for (const flatbuffers::String *entry : *v)
            if (succeeded(ok))
              ok = checkString(node, what, entry);
        }
        break;
      default:
        break;
      }
      if (failed(ok))
        return failure();
    }
    return success();
  };
  int64_t count = graph->nodes()->size();
  if (graph->functions())
    for (const fb::Function *fn : *graph->functions())
      if (fn->nodes())
        count += fn->nodes()->size();
  if (count > limits.maxNodes)
    return emitError(fileLoc)
           << limitExceeded("the graph has too many nodes", count,
                            limits.maxNodes, "max-nodes");
  for (const fb::Node *node : *graph->nodes())
    if (failed(checkNode(node)))
      return failure();
  if (graph->functions())
    for (const fb::Function *fn : *graph->functions())
      if (fn->nodes())
        for (const fb::Node *node : *fn->nodes())
          if (failed(checkNode(node)))
            return failure();
  *builtNodes = graph->nodes()->size();
  return success();
}

FailureOr<TensorRef> GraphImporter::parseTensor(StringRef name,
                                                Location where,
                                                const Twine &what) {
  StringRef nodePart = name;
  unsigned index = 0;
  auto [head, tail] = name.rsplit(':');
  if (!tail.empty() && tail.size() <= 9 &&
      llvm::all_of(tail, [](char c) { return c >= '0' && c <= '9'; }) &&
      !head.empty()) {
    nodePart = head;
    tail.getAsInteger(10, index);
  }
  auto it = byName.find(nodePart);
  if (it == byName.end())
    return emitError(where) << what << " '" << name << "' names no node";
  unsigned node = it->second;
  if (index >= numOutputs[node])
    return emitError(where)
           << what << " '" << name << "' refers to output " << index << " of '"
           << nodePart << "', which has " << numOutputs[node] << " output"
           << (numOutputs[node] == 1 ? "" : "s");
  return TensorRef{node, index};
}

LogicalResult GraphImporter::indexNodes() {
  const auto *list = function ? function->nodes() : graph->nodes();
  unsigned n = list ? list->size() : 0;
  nodes.reserve(n);
  for (unsigned i = 0; i < n; ++i)
    nodes.push_back(list->Get(i));
  defs.resize(n);
  numOutputs.resize(n);
  dataInputs.resize(n);
  controlInputs.resize(n);
  // Names first, so that inputs may refer to later nodes.
  for (unsigned i = 0; i < n; ++i) {
    StringRef name = nodeName(i);
    if (name.empty())
      return emitError(fileLoc) << "node #" << i << " has an empty name";
    if (!byName.try_emplace(name, i).second)
      return emitError(nodeLoc(i), "duplicate node name");
    StringRef type = str(nodes[i]->op());
    defs[i] = lookupOpDef(type);
    if (!defs[i])
      return emitError(nodeLoc(i)) << "unknown op type '" << type << "'";
    unsigned numIn = nodes[i]->inputs() ? nodes[i]->inputs()->size() : 0;
    const OpDef &def = *defs[i];
    // A "^x" among the data inputs is a control input, as in TensorFlow.
    unsigned numData = 0;
    if (nodes[i]->inputs())
      for (const flatbuffers::String *in : *nodes[i]->inputs())
        numData += !str(in).starts_with("^");
    (void)numIn;
    if (numData < unsigned(def.minInputs) ||
        (def.maxInputs >= 0 && numData > unsigned(def.maxInputs))) {
      InFlightDiagnostic diag = emitError(nodeLoc(i)) << "'" << type << "' takes ";
      if (def.maxInputs == def.minInputs)
        diag << def.minInputs;
      else if (def.maxInputs < 0)
        diag << "at least " << def.minInputs;
      else
        diag << def.minInputs << " to " << def.maxInputs;
      return diag << " input" << (def.maxInputs == 1 ? "" : "s") << ", got "
                  << numData;
    }
    if (def.numOutputs >= 0) {
      numOutputs[i] = def.numOutputs;
    } else if (isControlFlow(i)) {
      // An If has its branches' results; a While, its loop variables.
      numOutputs[i] = numData;
      if (type.ends_with("If")) {
        FailureOr<const fb::Function *> fn =
            getFunction(i, "then_branch", numData - 1);
        if (failed(fn))
          return failure();
        numOutputs[i] = (*fn)->results() ? (*fn)->results()->size() : 0;
      }
    } else {
      NodeContext attrs(builder, *nodes[i], nodeLoc(i), {});
      StringRef countAttr = type == "Gradients"          ? "num_xs"
                            : type == "DynamicPartition" ? "num_partitions"
                                                         : "num_split";
      int64_t numSplit = 0;
      if (failed(attrs.getInt(countAttr, numSplit, /*required=*/true)))
        return failure();
      if (numSplit < 1 || numSplit > (1 << 20))
        return emitError(nodeLoc(i))
               << countAttr << " must be positive, got " << numSplit;
      numOutputs[i] = numSplit;
    }
  }
  for (unsigned i = 0; i < n; ++i) {
    if (const auto *ins = nodes[i]->inputs()) {
      for (auto [k, in] : llvm::enumerate(*ins)) {
        StringRef name = str(in);
        if (name.consume_front("^")) {
          auto it = byName.find(name);
          if (it == byName.end())
            return emitError(nodeLoc(i))
                   << "control input '^" << name << "' names no node";
          controlInputs[i].push_back(it->second);
          continue;
        }
        FailureOr<TensorRef> ref =
            parseTensor(name, nodeLoc(i), "input " + Twine(k));
        if (failed(ref))
          return failure();
        dataInputs[i].push_back(*ref);
      }
    }
    if (const auto *ctl = nodes[i]->control_inputs()) {
      for (const flatbuffers::String *in : *ctl) {
        StringRef name = str(in);
        name.consume_front("^");
        auto it = byName.find(name);
        if (it == byName.end())
          return emitError(nodeLoc(i))
                 << "control input '" << str(in) << "' names no node";
        controlInputs[i].push_back(it->second);
      }
    }
  }
  return success();
}

LogicalResult GraphImporter::checkAcyclic() {
  // Iterative depth-first search (graphs may be deep); gray nodes are on
  // the current path, so an edge to one closes a cycle.
  enum : uint8_t { White, Gray, Black };
  unsigned n = nodes.size();
  std::vector<uint8_t> color(n, White);
  auto successors = [&](unsigned u) {
    SmallVector<unsigned> next;
    for (TensorRef ref : dataInputs[u])
      next.push_back(ref.node);
    next.append(controlInputs[u].begin(), controlInputs[u].end());
    return next;
  };
  struct Frame {
    unsigned node;
    SmallVector<unsigned> next;
    unsigned pos = 0;
  };
  for (unsigned root = 0; root < n; ++root) {
    if (color[root] != White)
      continue;
    std::vector<Frame> stack;
    stack.push_back({root, successors(root)});
    color[root] = Gray;
    while (!stack.empty()) {
      Frame &top = stack.back();
      if (top.pos == top.next.size()) {
        color[top.node] = Black;
        stack.pop_back();
        continue;
      }
      unsigned v = top.next[top.pos++];
      if (color[v] == Black)
        continue;
      if (color[v] == Gray) {
        // The path from v to the top of the stack, then back to v. Edges
        // point from consumer to producer; print them in data-flow order.
        SmallVector<StringRef> cycle;
        bool on = false;
        for (const Frame &f : stack) {
          on |= f.node == v;
          if (on)
            cycle.push_back(nodeName(f.node));
        }
        std::reverse(cycle.begin(), cycle.end());
        // Start at v, the node the error names.
        std::rotate(cycle.begin(), cycle.end() - 1, cycle.end());
        std::string text;
        for (size_t i = 0; i < cycle.size() && i < 8; ++i)
          text += cycle[i].str() + " -> ";
        if (cycle.size() > 8)
          text += "... -> ";
        text += cycle.front().str();
        return emitError(nodeLoc(v)) << "the graph has a cycle: " << text;
      }
      color[v] = Gray;
      stack.push_back({v, successors(v)});
    }
  }
  return success();
}

std::vector<unsigned> GraphImporter::topoOrder(
    ArrayRef<unsigned> roots,
    const llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> &cuts,
    llvm::DenseSet<std::pair<unsigned, unsigned>> *reachedCuts) {
  std::vector<unsigned> order;
  std::vector<uint8_t> seen(nodes.size(), 0);
  struct Frame {
    unsigned node;
    unsigned pos = 0;
  };
  // Successors of u: the producers of its unfed data inputs, then its
  // control inputs.
  auto successor = [&](unsigned u, unsigned pos) -> std::optional<unsigned> {
    if (pos < dataInputs[u].size()) {
      TensorRef ref = dataInputs[u][pos];
      if (cuts.count(ref.key())) {
        if (reachedCuts)
          reachedCuts->insert(ref.key());
        return std::nullopt;
      }
      return ref.node;
    }
    unsigned c = controlInputs[u][pos - dataInputs[u].size()];
    // A control edge to a fed (or seeded) node needs nothing built.
    if (cuts.count({c, 0})) {
      if (reachedCuts)
        reachedCuts->insert({c, 0});
      return std::nullopt;
    }
    return c;
  };
  for (unsigned root : roots) {
    if (seen[root])
      continue;
    seen[root] = 1;
    std::vector<Frame> stack{{root}};
    while (!stack.empty()) {
      Frame &top = stack.back();
      unsigned u = top.node;
      if (top.pos == dataInputs[u].size() + controlInputs[u].size()) {
        order.push_back(u);
        stack.pop_back();
        continue;
      }
      std::optional<unsigned> v = successor(u, top.pos++);
      if (!v || seen[*v])
        continue; // The graph is acyclic, so a seen node is finished.
      seen[*v] = 1;
      stack.push_back({*v});
    }
  }
  return order;
}

std::vector<unsigned> GraphImporter::schedule(
    ArrayRef<unsigned> order,
    const llvm::DenseMap<std::pair<unsigned, unsigned>, Value> &fed) {
  if (llvm::none_of(order, [&](unsigned u) { return isAssign(u); }))
    return order.vec();
  llvm::DenseSet<unsigned> needed(order.begin(), order.end());
  llvm::DenseMap<unsigned, unsigned> pending;
  llvm::DenseMap<unsigned, SmallVector<unsigned, 2>> users;
  for (unsigned u : order) {
    llvm::SmallSetVector<unsigned, 4> preds;
    for (TensorRef ref : dataInputs[u])
      if (needed.count(ref.node) && !fed.count(ref.key()))
        preds.insert(ref.node);
    for (unsigned c : controlInputs[u])
      if (needed.count(c))
        preds.insert(c);
    pending[u] = preds.size();
    for (unsigned p : preds)
      users[p].push_back(u);
  }
  std::set<unsigned> pure, assigns;
  auto ready = [&](unsigned u) { (isAssign(u) ? assigns : pure).insert(u); };
  for (unsigned u : order)
    if (pending[u] == 0)
      ready(u);
  std::vector<unsigned> out;
  while (!pure.empty() || !assigns.empty()) {
    std::set<unsigned> &from = pure.empty() ? assigns : pure;
    unsigned u = *from.begin();
    from.erase(from.begin());
    out.push_back(u);
    for (unsigned v : users[u])
      if (--pending[v] == 0)
        ready(v);
  }
  return out;
}

FailureOr<Value> GraphImporter::buildAssign(unsigned node,
                                            FlatSymbolRefAttr var,
                                            RankedTensorType type,
                                            ValueRange operands) {
  Location loc = nodeLoc(node);
  StringRef opType = defs[node]->type;
  NodeContext attrs(builder, *nodes[node], loc, {});
  bool unused = false;
  if (failed(attrs.getBool("use_locking", unused)) ||
      failed(attrs.getBool("validate_shape", unused)) ||
      failed(attrs.checkUnusedAttrs()))
    return failure();
  if (opType.starts_with("Scatter")) {
    // The variable's rows, changed from its current value.
    Value indices = operands[0], updates = operands[1];
    auto updatesType = cast<RankedTensorType>(updates.getType());
    if (updatesType.getElementType() != type.getElementType() ||
        type.getElementType().isInteger(1))
      return emitError(loc)
             << "'" << opType << "' of variable '" << var.getValue() << "' ("
             << type << "): the updates are " << updates.getType();
    if (opType == "ScatterSub")
      updates = NegOp::create(builder, loc, updates);
    Value current = ReadVariableOp::create(builder, loc, type, var);
    auto scatter = ScatterOp::create(
        builder, loc, type, opType == "ScatterUpdate" ? "update" : "add",
        current, indices, updates);
    NodeContext ctx(builder, *nodes[node], loc, {});
    if (failed(ctx.finish(scatter)))
      return failure();
    return AssignOp::create(builder, loc, type, var, scatter.getResult())
        .getResult();
  }
  Value value = operands[0];
  auto valueType = cast<RankedTensorType>(value.getType());
  if (valueType.getElementType() != type.getElementType() ||
      failed(verifyCompatibleShape(valueType.getShape(), type.getShape())))
    return emitError(loc) << "'" << opType << "' of variable '"
                          << var.getValue() << "': the value has type "
                          << valueType << " but the variable is " << type;
  if (opType != "Assign" && type.getElementType().isInteger(1))
    return emitError(loc) << "'" << opType << "' of variable '"
                          << var.getValue() << "': booleans cannot be added";
  // A value with dynamic sizes that agree with the variable's gets the
  // variable's static type.
  if (valueType != type)
    value = ReshapeOp::create(builder, loc, value,
                              builder.getDenseI64ArrayAttr(type.getShape()));
  if (opType == "Assign")
    return AssignOp::create(builder, loc, type, var, value).getResult();
  if (opType == "AssignAdd")
    return AssignAddOp::create(builder, loc, type, var, value).getResult();
  return AssignSubOp::create(builder, loc, type, var, value).getResult();
}

LogicalResult GraphImporter::buildNodes(
    ArrayRef<unsigned> unscheduled,
    llvm::DenseMap<std::pair<unsigned, unsigned>, Value> &values,
    llvm::function_ref<FailureOr<Value>(unsigned)> placeholder) {
  std::vector<unsigned> order = schedule(unscheduled, values);
  // Variables declared so far, with their current read (null after an
  // assign: the next consumer reads again, after it).
  struct VarState {
    FlatSymbolRefAttr symbol;
    RankedTensorType type;
    Value read;
  };
  llvm::DenseMap<unsigned, VarState> vars;
  Operation *fn = builder.getInsertionBlock()->getParentOp();
  auto module = fn->getParentOfType<ModuleOp>();
  auto buildNode = [&](unsigned i) -> LogicalResult {
    // A node whose every output is fed needs no building.
    bool allFed = numOutputs[i] > 0;
    for (unsigned k = 0; k < numOutputs[i]; ++k)
      allFed &= values.count({i, k}) != 0;
    if (allFed)
      return success();
    if (isRawControlFlow(i))
      return values.count({i, 0}) ? success() : buildRaw(i, values);
    if (rawDepth && (isVariable(i) || isAssign(i)))
      return emitError(nodeLoc(i))
             << "'" << defs[i]->type
             << "' inside a raw cond or loop: variables cannot be declared "
                "or assigned there yet";
    if (isPlaceholder(i)) {
      FailureOr<Value> value = placeholder(i);
      if (failed(value))
        return failure();
      values[{i, 0}] = *value;
      return success();
    }
    if (function && (isVariable(i) || isAssign(i)))
      return emitError(nodeLoc(i))
             << "'" << defs[i]->type << "' in function '"
             << str(function->name())
             << "': variables cannot be declared or assigned inside a "
                "function (an If's branches, a While's cond or body) yet; "
                "pass their values in";
    if (isVariable(i)) {
      NodeContext nodeCtx(builder, *nodes[i], nodeLoc(i), {});
      FailureOr<VariableDecl> decl = getVariableDecl(nodeCtx);
      if (failed(decl) || failed(nodeCtx.checkUnusedAttrs()))
        return failure();
      // The symbol is the node's name unless that is taken (by the
      // function: a variable `step` in an entry `step`); then a fresh symbol
      // keeps the name in `tfcc.name`, which is what the runtime shows.
      auto name = StringAttr::get(ctx, nodeName(i));
      StringAttr symbolName = name;
      for (unsigned k = 0; module.lookupSymbol(symbolName); ++k)
        symbolName = StringAttr::get(ctx, nodeName(i) + "_var" +
                                              (k ? Twine(k) : Twine()));
      OpBuilder moduleBuilder(fn);
      auto varOp =
          VariableOp::create(moduleBuilder, nodeLoc(i), symbolName,
                             TypeAttr::get(decl->type), decl->initialValue);
      if (symbolName != name)
        varOp->setAttr("tfcc.name", name);
      auto symbol = FlatSymbolRefAttr::get(symbolName);
      // The value at the start of the run, for fetches of the variable.
      Value read =
          ReadVariableOp::create(builder, nodeLoc(i), decl->type, symbol);
      vars[i] = {symbol, decl->type, read};
      values[{i, 0}] = read;
      return success();
    }
    SmallVector<Value> inputs;
    for (auto [k, ref] : llvm::enumerate(dataInputs[i])) {
      auto var = vars.find(ref.node);
      if (var != vars.end()) {
        if (isAssign(i) && k == 0) {
          inputs.push_back(Value());
          continue;
        }
        if (!var->second.read)
          var->second.read = ReadVariableOp::create(
              builder, nodeLoc(i), var->second.type, var->second.symbol);
        inputs.push_back(var->second.read);
        continue;
      }
      if (isAssign(i) && k == 0)
        return emitError(nodeLoc(i))
               << "input 0 of '" << defs[i]->type
               << "' must be a variable (a VariableV2 output that is not "
                  "fed), got '"
               << nodeName(ref.node) << ":" << ref.index << "'";
      Value v = values.lookup(ref.key());
      if (!v && isRawControlFlow(ref.node))
        return emitError(nodeLoc(i))
               << "input " << k << " '" << nodeName(ref.node) << ":"
               << ref.index << "' is an output of a '" << defs[ref.node]->type
               << "' that only its cond or loop uses";
      if (!v && rawDepth == 0 && !raw.empty())
        return emitError(nodeLoc(i))
               << "input " << k << " '" << nodeName(ref.node) << ":"
               << ref.index << "' lies inside a cond or loop";
      if (!v)
        return emitError(nodeLoc(i))
               << "internal error: input '" << nodeName(ref.node) << ":"
               << ref.index << "' was not built";
      inputs.push_back(v);
    }
    if (isAssign(i)) {
      VarState &var = vars.find(dataInputs[i][0].node)->second;
      FailureOr<Value> value =
          buildAssign(i, var.symbol, var.type, ValueRange(inputs).drop_front());
      if (failed(value))
        return failure();
      var.read = Value();
      values[{i, 0}] = *value;
      return success();
    }
    if (isControlFlow(i)) {
      FailureOr<SmallVector<Value>> outputs =
          StringRef(defs[i]->type).ends_with("If") ? buildIf(i, inputs)
                                                   : buildWhile(i, inputs);
      if (failed(outputs))
        return failure();
      for (auto [k, v] : llvm::enumerate(*outputs))
        values.try_emplace({i, unsigned(k)}, v);
      return success();
    }
    NodeContext nodeCtx(builder, *nodes[i], nodeLoc(i), std::move(inputs));
    if (failed(defs[i]->build(nodeCtx)) || failed(nodeCtx.checkUnusedAttrs()))
      return failure();
    if (nodeCtx.outputs.size() != numOutputs[i])
      return emitError(nodeLoc(i))
             << "internal error: built " << nodeCtx.outputs.size()
             << " outputs, expected " << numOutputs[i];
    for (auto [k, v] : llvm::enumerate(nodeCtx.outputs))
      values.try_emplace({i, unsigned(k)}, v);
    return success();
  };
  Block *block = builder.getInsertionBlock();
  for (unsigned i : order) {
    FailureOr<std::string> device = deviceHint(i);
    if (failed(device))
      return failure();
    Block::iterator at = builder.getInsertionPoint();
    Operation *before = at == block->begin() ? nullptr : &*std::prev(at);
    if (failed(buildNode(i)))
      return failure();
    // The hints ride on every op the node became, for placement.
    ArrayAttr colocated = colocation(i);
    if (device->empty() && !colocated)
      continue;
    for (Block::iterator it = before ? std::next(before->getIterator())
                                     : block->begin();
         it != builder.getInsertionPoint(); ++it) {
      if (!device->empty())
        it->setAttr(kDeviceHintAttrName, StringAttr::get(ctx, *device));
      if (colocated)
        it->setAttr(kColocateWithAttrName, colocated);
    }
  }
  return success();
}

FailureOr<const fb::Function *>
GraphImporter::getFunction(unsigned node, StringRef attr, unsigned numArgs) {
  NodeContext attrs(builder, *nodes[node], nodeLoc(node), {});
  std::string name;
  if (failed(attrs.getString(attr, name, /*required=*/true)))
    return failure();
  auto it = functions->find(name);
  if (it == functions->end())
    return emitError(nodeLoc(node))
           << "'" << defs[node]->type << "' names function '" << name
           << "' as its " << attr << ", but the graph defines no such function";
  const fb::Function *fn = it->second;
  unsigned have = fn->args() ? fn->args()->size() : 0;
  if (have != numArgs)
    return emitError(nodeLoc(node))
           << "function '" << name << "' (the " << attr << ") takes " << have
           << " argument" << (have == 1 ? "" : "s") << ", but '"
           << defs[node]->type << "' passes " << numArgs;
  return fn;
}

FailureOr<const fb::Shape *> GraphImporter::getArgShape(const fb::Function *fn,
                                                        unsigned index) {
  StringRef arg = str(fn->args()->Get(index));
  if (!fn->nodes())
    return nullptr;
  for (const fb::Node *node : *fn->nodes()) {
    if (str(node->name()) != arg)
      continue;
    NodeContext attrs(builder, *node, fileLoc, {});
    return attrs.getShape("shape");
  }
  return nullptr;
}

FailureOr<SmallVector<Value>> GraphImporter::buildFunction(ValueRange args,
                                                           Location call) {
  StringRef name = str(function->name());
  if (callStack->contains(name))
    return emitError(call) << "function '" << name << "' calls itself";
  const ImportLimits &limits = options.limits;
  if ((int64_t)callStack->size() >= limits.maxNesting)
    return emitError(call) << limitExceeded("function calls nested too deeply",
                                            callStack->size() + 1,
                                            limits.maxNesting, "max-nesting");
  if (function->nodes() &&
      (*builtNodes += function->nodes()->size()) > limits.maxNodes)
    return emitError(call) << limitExceeded(
               "too many nodes once function calls are inlined", *builtNodes,
               limits.maxNodes, "max-nodes");
  callStack->insert(name);
  auto popCall = llvm::scope_exit([&] { callStack->pop_back(); });
  if (failed(indexNodes()) || failed(analyzeRawControlFlow()) ||
      failed(checkAcyclic()))
    return failure();
  llvm::DenseMap<std::pair<unsigned, unsigned>, Value> values;
  llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> cuts;
  auto argNames = function->args();
  for (unsigned k = 0, e = argNames ? argNames->size() : 0; k < e; ++k) {
    const flatbuffers::String *argName = argNames->Get(k);
    auto it = byName.find(str(argName));
    if (it == byName.end() || !isPlaceholder(it->second))
      return emitError(fileLoc)
             << "function '" << name << "': argument " << k << " '"
             << str(argName) << "' is not a Placeholder node of the function";
    unsigned node = it->second;
    NodeContext attrs(builder, *nodes[node], nodeLoc(node), {});
    Type dtype;
    if (failed(attrs.getType("dtype", dtype, /*required=*/true)) ||
        failed(attrs.getShape("shape")) || failed(attrs.checkUnusedAttrs()))
      return failure();
    Type given = cast<RankedTensorType>(args[k].getType()).getElementType();
    if (dtype != given)
      return emitError(nodeLoc(node))
             << "argument " << k << " of function '" << name << "' is " << dtype
             << " but receives " << args[k].getType();
    if (!cuts.try_emplace({node, 0}, k).second)
      return emitError(nodeLoc(node))
             << "function '" << name << "' lists argument '" << str(argName)
             << "' twice";
    values[{node, 0}] = args[k];
  }
  std::vector<TensorRef> results;
  std::vector<unsigned> roots;
  if (function->results()) {
    for (const flatbuffers::String *result : *function->results()) {
      FailureOr<TensorRef> ref = parseTensor(
          str(result), fileLoc, "result of function '" + name + "'");
      if (failed(ref))
        return failure();
      results.push_back(*ref);
      if (!cuts.count(ref->key()))
        roots.push_back(ref->node);
    }
  }
  std::vector<unsigned> order = topoOrder(roots, cuts, nullptr);
  if (failed(buildNodes(order, values, [&](unsigned p) -> FailureOr<Value> {
        return emitError(nodeLoc(p))
               << "placeholder '" << nodeName(p) << "' of function '" << name
               << "' is not one of its arguments";
      })))
    return failure();
  SmallVector<Value> out;
  for (TensorRef ref : results)
    out.push_back(values.lookup(ref.key()));
  return out;
}

FailureOr<SmallVector<Value>> GraphImporter::buildIf(unsigned node,
                                                     ValueRange inputs) {
  Location loc = nodeLoc(node);
  NodeContext attrs(builder, *nodes[node], loc, {});
  std::string thenName, elseName;
  if (failed(attrs.getString("then_branch", thenName, true)) ||
      failed(attrs.getString("else_branch", elseName, true)) ||
      failed(attrs.checkUnusedAttrs()))
    return failure();
  Value pred = inputs[0];
  auto predType = RankedTensorType::get({}, builder.getI1Type());
  if (pred.getType() != predType)
    return emitError(loc) << "the predicate of '" << defs[node]->type
                          << "' must be a scalar bool (tensor<i1>), got "
                          << pred.getType();
  ValueRange args = inputs.drop_front();
  FailureOr<const fb::Function *> thenFn =
      getFunction(node, "then_branch", args.size());
  FailureOr<const fb::Function *> elseFn =
      getFunction(node, "else_branch", args.size());
  if (failed(thenFn) || failed(elseFn))
    return failure();
  // The branches are built into a cond without results, whose regions then
  // move to one with the joined result types.
  auto scratch = CondOp::create(builder, loc, TypeRange(), pred);
  auto eraseScratch = llvm::scope_exit([&] { scratch.erase(); });
  SmallVector<SmallVector<Value>, 2> branchResults;
  for (auto [region, fn] : {std::pair{&scratch.getThenBranch(), *thenFn},
                            {&scratch.getElseBranch(), *elseFn}}) {
    GraphImporter branch(*this, fn);
    branch.builder.createBlock(region);
    FailureOr<SmallVector<Value>> results = branch.buildFunction(args, loc);
    if (failed(results))
      return failure();
    YieldOp::create(branch.builder, loc, *results);
    branchResults.push_back(*results);
  }
  if (branchResults[0].size() != branchResults[1].size())
    return emitError(loc) << "the branches of '" << defs[node]->type
                          << "' return different numbers of values: '"
                          << thenName << "' " << branchResults[0].size()
                          << ", '" << elseName << "' "
                          << branchResults[1].size();
  SmallVector<Type> types;
  for (auto [k, values] :
       llvm::enumerate(llvm::zip(branchResults[0], branchResults[1]))) {
    auto [a, b] = values;
    auto joined = joinTypes(cast<RankedTensorType>(a.getType()),
                            cast<RankedTensorType>(b.getType()));
    if (!joined)
      return emitError(loc)
             << "output " << k << ": the then branch '" << thenName
             << "' returns " << a.getType() << " but the else branch '"
             << elseName << "' returns " << b.getType()
             << " (the branches must agree on dtype and rank)";
    types.push_back(joined);
  }
  auto cond = CondOp::create(builder, loc, types, pred);
  cond.getThenBranch().takeBody(scratch.getThenBranch());
  cond.getElseBranch().takeBody(scratch.getElseBranch());
  return SmallVector<Value>(cond.getResults());
}

FailureOr<SmallVector<Value>> GraphImporter::buildWhile(unsigned node,
                                                        ValueRange inputs) {
  Location loc = nodeLoc(node);
  NodeContext attrs(builder, *nodes[node], loc, {});
  std::string condName, bodyName;
  int64_t parallelIterations = 10; // a hint about concurrency: not used
  if (failed(attrs.getString("cond", condName, true)) ||
      failed(attrs.getString("body", bodyName, true)) ||
      failed(attrs.getInt("parallel_iterations", parallelIterations)) ||
      failed(attrs.checkUnusedAttrs()))
    return failure();
  FailureOr<const fb::Function *> condFn =
      getFunction(node, "cond", inputs.size());
  FailureOr<const fb::Function *> bodyFn =
      getFunction(node, "body", inputs.size());
  if (failed(condFn) || failed(bodyFn))
    return failure();
  // The loop variables' types: what enters, with the dims that the body's
  // argument shapes (TensorFlow's shape invariants) leave unknown made
  // dynamic; then widened until an iteration changes them no more.
  SmallVector<Type> types;
  for (auto [k, init] : llvm::enumerate(inputs)) {
    auto type = cast<RankedTensorType>(init.getType());
    FailureOr<const fb::Shape *> shape = getArgShape(*bodyFn, k);
    if (failed(shape))
      return failure();
    if (*shape && !(*shape)->unknown_rank()) {
      SmallVector<int64_t> dims;
      if ((*shape)->dims())
        dims.assign((*shape)->dims()->begin(), (*shape)->dims()->end());
      bool fits = int64_t(dims.size()) == type.getRank();
      for (size_t d = 0; fits && d < dims.size(); ++d) {
        if (dims[d] < 0)
          dims[d] = ShapedType::kDynamic;
        fits = ShapedType::isDynamic(dims[d]) || dims[d] == type.getDimSize(d);
      }
      if (!fits)
        return emitError(loc)
               << "loop variable " << k << " enters the loop as " << type
               << ", which does not fit its shape invariant "
               << formatShape(dims) << " (the shape of argument " << k
               << " of the body '" << bodyName << "')";
      type = RankedTensorType::get(dims, type.getElementType());
    }
    types.push_back(type);
  }
  for (;;) {
    auto loop = WhileOp::create(builder, loc, types, inputs, Value());
    auto eraseLoop = llvm::scope_exit([&] { loop.erase(); });
    SmallVector<Location> locs(types.size(), loc);
    GraphImporter condBuilder(*this, *condFn);
    Block *condBlock =
        condBuilder.builder.createBlock(&loop.getCond(), {}, types, locs);
    FailureOr<SmallVector<Value>> pred =
        condBuilder.buildFunction(condBlock->getArguments(), loc);
    if (failed(pred))
      return failure();
    auto predType = RankedTensorType::get({}, builder.getI1Type());
    if (pred->size() != 1 || (*pred)[0].getType() != predType)
      return emitError(loc)
             << "the cond '" << condName << "' of '" << defs[node]->type
             << "' must return one scalar bool (tensor<i1>), got "
             << ValueRange(*pred).getTypes();
    YieldOp::create(condBuilder.builder, loc, *pred);
    GraphImporter bodyBuilder(*this, *bodyFn);
    Block *bodyBlock =
        bodyBuilder.builder.createBlock(&loop.getBody(), {}, types, locs);
    FailureOr<SmallVector<Value>> next =
        bodyBuilder.buildFunction(bodyBlock->getArguments(), loc);
    if (failed(next))
      return failure();
    if (next->size() != types.size())
      return emitError(loc)
             << "the body '" << bodyName << "' of '" << defs[node]->type
             << "' returns " << next->size() << " values for " << types.size()
             << " loop variables";
    YieldOp::create(bodyBuilder.builder, loc, *next);
    SmallVector<Type> widened;
    for (auto [k, value] : llvm::enumerate(*next)) {
      auto type = cast<RankedTensorType>(types[k]);
      RankedTensorType joined =
          joinTypes(type, cast<RankedTensorType>(value.getType()));
      if (!joined)
        return emitError(loc)
               << "loop variable " << k << " enters the loop as "
               << inputs[k].getType() << " but the body '" << bodyName
               << "' makes it " << value.getType()
               << ": a loop variable keeps its dtype and rank (a shape "
                  "invariant may only leave dimensions unknown)";
      widened.push_back(joined);
    }
    if (widened == types) {
      eraseLoop.release();
      return SmallVector<Value>(loop.getResults());
    }
    types = widened;
  }
}

//===----------------------------------------------------------------------===//
// TensorFlow 1.x's raw control flow
//===----------------------------------------------------------------------===//
//
// As TensorFlow's own functionalization (tf2xla) does, every node gets a
// context: the loop frames and cond branches it runs in, found by walking
// the graph forward without the loops' back edges. Enter opens a frame and
// Exit closes it; a cond Switch opens a branch for each of its outputs and
// a Merge closes the two branches of its cond. A value of an enclosing
// context may be used inside (as a region may use values from above).

LogicalResult GraphImporter::analyzeRawControlFlow() {
  unsigned n = nodes.size();
  rawOwner.assign(n, -1);
  auto typeOf = [&](unsigned u) { return StringRef(defs[u]->type); };
  bool any = false;
  for (unsigned u = 0; u < n; ++u)
    any |= isRawControlFlow(u);
  if (!any)
    return success();
  if (function) {
    for (unsigned u = 0; u < n; ++u)
      if (isRawControlFlow(u))
        return emitError(nodeLoc(u))
               << "'" << typeOf(u) << "' in function '" << str(function->name())
               << "': raw control flow is only raised in the graph itself";
  }
  // A loop's Merge takes its Enter and its NextIteration; the edge from the
  // NextIteration is the back edge, left out of the walk (and of the
  // importer's view of the graph: the Merge is never built).
  std::vector<TensorRef> backEdge(n, TensorRef{~0u, 0});
  for (unsigned u = 0; u < n; ++u) {
    if (typeOf(u) != "Merge")
      continue;
    bool loop = false;
    for (TensorRef in : dataInputs[u])
      loop |= typeOf(in.node) == "Enter" || typeOf(in.node) == "NextIteration";
    if (!loop)
      continue;
    SmallVector<TensorRef, 2> kept;
    for (TensorRef in : dataInputs[u]) {
      if (typeOf(in.node) == "NextIteration" && backEdge[u].node == ~0u)
        backEdge[u] = in;
      else
        kept.push_back(in);
    }
    if (backEdge[u].node == ~0u)
      return emitError(nodeLoc(u))
             << "the loop's Merge has no NextIteration input: the loop "
                "variable never gets a next value";
    if (kept.size() != 1 || typeOf(kept[0].node) != "Enter")
      return emitError(nodeLoc(u))
             << "a loop's Merge takes one Enter and one NextIteration, got "
             << dataInputs[u].size() << " inputs";
    dataInputs[u] = kept;
  }
  if (failed(checkAcyclic()))
    return failure();

  // Users of every node, and a topological order (Kahn's).
  std::vector<SmallVector<std::pair<unsigned, int>, 2>> users(n);
  std::vector<unsigned> pending(n, 0);
  for (unsigned u = 0; u < n; ++u) {
    for (TensorRef in : dataInputs[u])
      users[in.node].push_back({u, int(in.index)});
    for (unsigned c : controlInputs[u])
      users[c].push_back({u, -1});
    pending[u] = dataInputs[u].size() + controlInputs[u].size();
  }
  std::vector<unsigned> order;
  for (unsigned u = 0; u < n; ++u)
    if (!pending[u])
      order.push_back(u);
  for (size_t k = 0; k < order.size(); ++k)
    for (auto [v, port] : users[order[k]])
      if (--pending[v] == 0)
        order.push_back(v);

  // Contexts: a list of elements, 2 * construct + branch (0 in a loop).
  std::vector<SmallVector<unsigned, 2>> ctx(n);
  std::vector<int> switchOf(n, -1), enterOf(n, -1);
  llvm::StringMap<unsigned> loops;
  std::map<std::pair<SmallVector<unsigned, 2>, std::pair<unsigned, unsigned>>,
           unsigned>
      conds;
  auto isLoopSwitch = [&](unsigned u) {
    return typeOf(u) == "Switch" && typeOf(dataInputs[u][1].node) == "LoopCond";
  };
  // The context a node's output (port -1: a control edge) carries.
  auto outCtx = [&](unsigned p, int port) {
    SmallVector<unsigned, 2> c = ctx[p];
    if (enterOf[p] >= 0)
      c.push_back(2 * enterOf[p]);
    else if (switchOf[p] >= 0 && port >= 0)
      c.push_back(2 * switchOf[p] + port);
    return c;
  };
  auto isPrefix = [](ArrayRef<unsigned> a, ArrayRef<unsigned> b) {
    return a.size() <= b.size() && a == b.take_front(a.size());
  };
  for (unsigned u : order) {
    StringRef type = typeOf(u);
    if (type == "Merge" && backEdge[u].node == ~0u) {
      // A cond's Merge: its inputs come from the two branches of one cond.
      auto bad = [&]() {
        return emitError(nodeLoc(u))
               << "the Merge does not join the two branches of one cond "
                  "(its inputs must come from the true and false outputs "
                  "of Switches on one predicate)";
      };
      if (dataInputs[u].size() != 2)
        return bad();
      auto a = outCtx(dataInputs[u][0].node, dataInputs[u][0].index);
      auto b = outCtx(dataInputs[u][1].node, dataInputs[u][1].index);
      if (a.empty() || a.size() != b.size() ||
          ArrayRef(a).drop_back() != ArrayRef(b).drop_back() ||
          a.back() / 2 != b.back() / 2 || a.back() == b.back() ||
          raw[a.back() / 2].isLoop)
        return bad();
      unsigned id = a.back() / 2;
      ctx[u].assign(a.begin(), a.end() - 1);
      rawOwner[u] = id;
      raw[id].condMerges.push_back(u);
      std::array<TensorRef, 2> outs;
      outs[a.back() % 2] = dataInputs[u][0];
      outs[b.back() % 2] = dataInputs[u][1];
      raw[id].branchOutputs.push_back(outs);
      continue;
    }
    SmallVector<unsigned, 2> in;
    auto join = [&](unsigned p, int port) -> LogicalResult {
      auto c = outCtx(p, port);
      if (isPrefix(c, in))
        return success();
      if (isPrefix(in, c)) {
        in = c;
        return success();
      }
      return emitError(nodeLoc(u))
             << "the node takes values from different branches or loops "
                "(from '"
             << nodeName(p) << "'), so no cond or loop can hold it";
    };
    // Control edges carry no context: TensorFlow hangs a branch's or a
    // body's constants on its pivot, and a constant may as well be built
    // outside (the edges into deeper contexts are dropped below).
    for (TensorRef ref : dataInputs[u])
      if (failed(join(ref.node, ref.index)))
        return failure();
    ctx[u] = in;
    if (type == "Enter") {
      NodeContext attrs(builder, *nodes[u], nodeLoc(u), {});
      std::string frame;
      bool isConstant = false;
      int64_t parallel = 10; // a hint about concurrency: not used
      if (failed(attrs.getString("frame_name", frame, /*required=*/true)) ||
          failed(attrs.getBool("is_constant", isConstant)) ||
          failed(attrs.getInt("parallel_iterations", parallel)) ||
          failed(attrs.checkUnusedAttrs()))
        return failure();
      auto [it, added] = loops.try_emplace(frame, raw.size());
      if (added) {
        raw.emplace_back();
        raw.back().isLoop = true;
        raw.back().frame = frame;
        raw.back().outer = in;
      } else if (raw[it->second].outer != in) {
        return emitError(nodeLoc(u))
               << "the Enters of loop frame '" << frame
               << "' take values from different branches or loops";
      }
      enterOf[u] = it->second;
      (isConstant ? raw[it->second].constEnters : raw[it->second].enters)
          .push_back(u);
    } else if (type == "Exit") {
      if (in.empty() || !raw[in.back() / 2].isLoop)
        return emitError(nodeLoc(u)) << "the Exit is not inside a loop frame";
      ctx[u].pop_back();
      rawOwner[u] = in.back() / 2;
    } else if (type == "Switch" && !isLoopSwitch(u)) {
      TensorRef pred = dataInputs[u][1];
      auto [it, added] =
          conds.try_emplace({in, {pred.node, pred.index}}, raw.size());
      if (added) {
        raw.emplace_back();
        raw.back().pred = pred;
        raw.back().outer = in;
      }
      switchOf[u] = it->second;
      raw[it->second].condSwitches.push_back(u);
    }
  }

  // Each loop frame: Enter -> Merge -> Switch on the LoopCond -> Exit, and
  // NextIteration back into the Merge.
  for (auto [id, c] : llvm::enumerate(raw)) {
    if (!c.isLoop)
      continue;
    for (unsigned enter : c.enters) {
      int merge = -1;
      for (auto [v, port] : users[enter])
        if (typeOf(v) == "Merge" && backEdge[v].node != ~0u)
          merge = v;
      if (merge < 0 || users[enter].size() != 1)
        return emitError(nodeLoc(enter))
               << "a loop variable of frame '" << c.frame
               << "' enters through this Enter into one Merge, and nothing "
                  "else";
      int sw = -1;
      for (auto [v, port] : users[merge])
        if (port == 0 && isLoopSwitch(v))
          sw = v;
      if (sw < 0)
        return emitError(nodeLoc(merge))
               << "loop frame '" << c.frame
               << "' has no exit: the Merge feeds no Switch on a LoopCond";
      unsigned loopCond = dataInputs[sw][1].node;
      if (c.loopCond >= 0 && unsigned(c.loopCond) != loopCond)
        return emitError(nodeLoc(sw)) << "the Switches of loop frame '"
                                      << c.frame << "' use different LoopConds";
      c.loopCond = loopCond;
      int exit = -1;
      for (auto [v, port] : users[sw]) {
        if (port == 0 && typeOf(v) == "Exit") {
          if (exit >= 0)
            return emitError(nodeLoc(v)) << "loop variable Switch '"
                                         << nodeName(sw) << "' has two Exits";
          exit = v;
        }
      }
      c.merges.push_back(merge);
      c.switches.push_back(sw);
      c.nexts.push_back(backEdge[merge].node);
      c.exits.push_back(exit);
    }
    if (c.enters.empty())
      return emitError(nodeLoc(c.constEnters.front()))
             << "loop frame '" << c.frame
             << "' has no loop variable (only Enters with is_constant)";
    if (llvm::all_of(c.exits, [](int e) { return e < 0; }))
      return emitError(nodeLoc(c.loopCond))
             << "loop frame '" << c.frame
             << "' has no exit: no Exit node takes a loop variable out";
  }

  // The construct's outer inputs: what its nodes (at any depth) take from
  // outside it. Its Exits or Merges depend on those instead of their own
  // inputs, which lie inside.
  for (unsigned u = 0; u < n; ++u)
    llvm::erase_if(controlInputs[u],
                   [&](unsigned c) { return !isPrefix(ctx[c], ctx[u]); });
  for (unsigned u = 0; u < n; ++u)
    if (isRawControlFlow(u) && typeOf(u) != "Enter" &&
        failed(
            NodeContext(builder, *nodes[u], nodeLoc(u), {}).checkUnusedAttrs()))
      return failure();
  std::vector<llvm::SetVector<unsigned>> deps(raw.size());
  for (auto [id, c] : llvm::enumerate(raw)) {
    for (unsigned u : c.isLoop ? c.enters : c.condSwitches)
      deps[id].insert(u);
    for (unsigned u : c.constEnters)
      deps[id].insert(u);
  }
  for (unsigned u = 0; u < n; ++u) {
    for (unsigned elem : ctx[u]) {
      unsigned id = elem / 2;
      auto inside = [&](unsigned p) {
        return llvm::any_of(ctx[p], [&](unsigned e) { return e / 2 == id; });
      };
      for (TensorRef ref : dataInputs[u])
        if (!inside(ref.node))
          deps[id].insert(ref.node);
      for (unsigned c : controlInputs[u])
        if (!inside(c))
          deps[id].insert(c);
    }
  }
  for (unsigned u = 0; u < n; ++u) {
    if (rawOwner[u] < 0)
      continue;
    dataInputs[u].clear();
    controlInputs[u].assign(deps[rawOwner[u]].begin(), deps[rawOwner[u]].end());
  }
  return success();
}

FailureOr<SmallVector<Value>> GraphImporter::buildRawRegion(
    Block *block, ArrayRef<TensorRef> roots,
    const llvm::DenseMap<std::pair<unsigned, unsigned>, Value> &outer,
    ArrayRef<std::pair<TensorRef, Value>> seeds) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(block);
  ++rawDepth;
  auto leave = llvm::scope_exit([&] { --rawDepth; });
  llvm::DenseMap<std::pair<unsigned, unsigned>, Value> values = outer;
  for (auto [ref, v] : seeds)
    values[ref.key()] = v;
  llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> cuts;
  for (auto &entry : values)
    cuts[entry.first] = 0;
  std::vector<unsigned> rootNodes;
  for (TensorRef ref : roots)
    if (!values.count(ref.key()))
      rootNodes.push_back(ref.node);
  std::vector<unsigned> order = topoOrder(rootNodes, cuts, nullptr);
  if (failed(buildNodes(order, values, [&](unsigned p) -> FailureOr<Value> {
        return emitError(nodeLoc(p))
               << "placeholder '" << nodeName(p)
               << "' is needed inside a cond or loop but is not fed";
      })))
    return failure();
  SmallVector<Value> out;
  for (TensorRef ref : roots) {
    Value v = values.lookup(ref.key());
    if (!v)
      return emitError(nodeLoc(ref.node))
             << "output " << ref.index
             << " of the node is not a value a cond branch or loop body "
                "computes";
    out.push_back(v);
  }
  return out;
}

LogicalResult GraphImporter::buildRaw(
    unsigned node,
    llvm::DenseMap<std::pair<unsigned, unsigned>, Value> &values) {
  // Enters, Switches and a loop's Merges, LoopCond and NextIterations are
  // built with their construct (a control edge may reach them: nothing to
  // do); its Exits and a cond's Merges stand for it.
  if (rawOwner[node] < 0)
    return success();
  RawConstruct &c = raw[rawOwner[node]];
  if (c.building)
    return emitError(nodeLoc(node))
           << "the " << (c.isLoop ? "loop" : "cond")
           << " needs one of its own outputs to compute itself";
  c.building = true;
  auto done = llvm::scope_exit([&] { c.building = false; });
  auto outerValue = [&](unsigned u) -> Value {
    Value v = values.lookup(dataInputs[u][0].key());
    if (!v)
      emitError(nodeLoc(u)) << "internal error: the input was not built";
    return v;
  };
  if (!c.isLoop) {
    Location loc = nodeLoc(c.condMerges.front());
    Value pred = values.lookup(c.pred.key());
    auto predType = RankedTensorType::get({}, builder.getI1Type());
    if (!pred || pred.getType() != predType)
      return emitError(nodeLoc(c.condSwitches.front()))
             << "the predicate of the Switch must be a scalar bool "
                "(tensor<i1>), got "
             << (pred ? pred.getType() : Type());
    auto scratch = CondOp::create(builder, loc, TypeRange(), pred);
    auto eraseScratch = llvm::scope_exit([&] { scratch.erase(); });
    SmallVector<SmallVector<Value>, 2> results;
    for (auto [region, branch] : {std::pair{&scratch.getThenBranch(), 1},
                                  {&scratch.getElseBranch(), 0}}) {
      SmallVector<std::pair<TensorRef, Value>> seeds;
      for (unsigned sw : c.condSwitches) {
        Value v = outerValue(sw);
        if (!v)
          return failure();
        seeds.push_back({TensorRef{sw, unsigned(branch)}, v});
      }
      SmallVector<TensorRef> roots;
      for (auto &outs : c.branchOutputs)
        roots.push_back(outs[branch]);
      Block *block = builder.createBlock(region);
      builder.setInsertionPointAfter(scratch);
      FailureOr<SmallVector<Value>> out =
          buildRawRegion(block, roots, values, seeds);
      if (failed(out))
        return failure();
      OpBuilder end = OpBuilder::atBlockEnd(block);
      YieldOp::create(end, loc, *out);
      results.push_back(*out);
    }
    SmallVector<Type> types;
    for (auto [k, merge] : llvm::enumerate(c.condMerges)) {
      auto a = cast<RankedTensorType>(results[0][k].getType());
      auto b = cast<RankedTensorType>(results[1][k].getType());
      RankedTensorType joined = joinTypes(a, b);
      if (!joined)
        return emitError(nodeLoc(merge))
               << "the true branch gives " << a << " but the false branch " << b
               << " (the branches must agree on dtype and rank)";
      types.push_back(joined);
    }
    auto cond = CondOp::create(builder, loc, types, pred);
    cond.getThenBranch().takeBody(scratch.getThenBranch());
    cond.getElseBranch().takeBody(scratch.getElseBranch());
    for (auto [k, merge] : llvm::enumerate(c.condMerges))
      values[{merge, 0}] = cond.getResult(k);
    return success();
  }

  Location loc = nodeLoc(c.loopCond);
  SmallVector<Value> inits;
  SmallVector<std::pair<TensorRef, Value>> invariants;
  for (unsigned enter : c.enters) {
    inits.push_back(outerValue(enter));
    if (!inits.back())
      return failure();
  }
  for (unsigned enter : c.constEnters) {
    Value v = outerValue(enter);
    if (!v)
      return failure();
    invariants.push_back({TensorRef{enter, 0}, v});
  }
  SmallVector<Type> types(ValueRange(inits).getTypes());
  for (;;) {
    auto loop = WhileOp::create(builder, loc, types, inits, Value());
    auto eraseLoop = llvm::scope_exit([&] { loop.erase(); });
    SmallVector<Location> locs(types.size(), loc);
    Block *condBlock = builder.createBlock(&loop.getCond(), {}, types, locs);
    Block *bodyBlock = builder.createBlock(&loop.getBody(), {}, types, locs);
    builder.setInsertionPointAfter(loop);
    SmallVector<std::pair<TensorRef, Value>> condSeeds = invariants,
                                             bodySeeds = invariants;
    for (auto [k, merge] : llvm::enumerate(c.merges)) {
      condSeeds.push_back({TensorRef{merge, 0}, condBlock->getArgument(k)});
      bodySeeds.push_back(
          {TensorRef{c.switches[k], 1}, bodyBlock->getArgument(k)});
    }
    FailureOr<SmallVector<Value>> pred = buildRawRegion(
        condBlock, {dataInputs[c.loopCond][0]}, values, condSeeds);
    if (failed(pred))
      return failure();
    auto predType = RankedTensorType::get({}, builder.getI1Type());
    if ((*pred)[0].getType() != predType)
      return emitError(nodeLoc(c.loopCond))
             << "the LoopCond's input must be a scalar bool (tensor<i1>), got "
             << (*pred)[0].getType();
    OpBuilder end = OpBuilder::atBlockEnd(condBlock);
    YieldOp::create(end, loc, *pred);
    SmallVector<TensorRef> roots;
    for (unsigned next : c.nexts)
      roots.push_back(dataInputs[next][0]);
    FailureOr<SmallVector<Value>> next =
        buildRawRegion(bodyBlock, roots, values, bodySeeds);
    if (failed(next))
      return failure();
    OpBuilder bodyEnd = OpBuilder::atBlockEnd(bodyBlock);
    YieldOp::create(bodyEnd, loc, *next);
    SmallVector<Type> widened;
    for (auto [k, value] : llvm::enumerate(*next)) {
      RankedTensorType joined =
          joinTypes(cast<RankedTensorType>(types[k]),
                    cast<RankedTensorType>(value.getType()));
      if (!joined)
        return emitError(nodeLoc(c.nexts[k]))
               << "loop variable " << k << " of frame '" << c.frame
               << "' enters the loop as " << inits[k].getType()
               << " but the body makes it " << value.getType()
               << ": a loop variable keeps its dtype and rank";
      widened.push_back(joined);
    }
    if (widened == types) {
      eraseLoop.release();
      for (auto [k, exit] : llvm::enumerate(c.exits))
        if (exit >= 0)
          values[{unsigned(exit), 0}] = loop.getResult(k);
      return success();
    }
    types = widened;
  }
}

FailureOr<Type> GraphImporter::getFedType(TensorRef ref) {
  if (isPlaceholder(ref.node)) {
    NodeContext nodeCtx(builder, *nodes[ref.node], nodeLoc(ref.node), {});
    FailureOr<RankedTensorType> type = getPlaceholderType(nodeCtx);
    if (failed(type) || failed(nodeCtx.checkUnusedAttrs()))
      return failure();
    return Type(*type);
  }
  // Build the producer and its ancestors, with every placeholder as an
  // argument, in a function that is thrown away.
  OwningOpRef<ModuleOp> scratch = ModuleOp::create(fileLoc);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(scratch->getBody());
  auto fn = func::FuncOp::create(builder, fileLoc, "scratch",
                                 builder.getFunctionType({}, {}));
  Block *block = fn.addEntryBlock();
  builder.setInsertionPointToEnd(block);
  llvm::DenseMap<std::pair<unsigned, unsigned>, Value> values;
  llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> noCuts;
  std::vector<unsigned> order = topoOrder({ref.node}, noCuts, nullptr);
  if (failed(buildNodes(order, values, [&](unsigned p) -> FailureOr<Value> {
        NodeContext nodeCtx(builder, *nodes[p], nodeLoc(p), {});
        FailureOr<RankedTensorType> type = getPlaceholderType(nodeCtx);
        if (failed(type))
          return failure();
        return block->addArgument(*type, nodeLoc(p));
      })))
    return failure();
  Value v = values.lookup(ref.key());
  if (!v)
    return emitError(nodeLoc(ref.node))
           << "output " << ref.index
           << " of the node cannot be fed: it lies inside a cond or loop, or "
              "is an output of its control flow";
  return v.getType();
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  if (failed(readBuffer()) || failed(indexNodes()) ||
      failed(analyzeRawControlFlow()) || failed(checkAcyclic()))
    return nullptr;

  // The signature: the caller's feeds and fetches replace the file's.
  const fb::Signature *sig = graph->signature();
  auto strings = [](const flatbuffers::Vector<
                        flatbuffers::Offset<flatbuffers::String>> *list) {
    std::vector<std::string> out;
    if (list)
      for (const flatbuffers::String *s : *list)
        out.push_back(s->str());
    return out;
  };
  std::vector<std::string> feedNames =
      options.feeds.empty() && sig ? strings(sig->feeds()) : options.feeds;
  std::vector<std::string> fetchNames =
      options.fetches.empty() && sig ? strings(sig->fetches()) : options.fetches;
  std::vector<std::string> targetNames =
      sig ? strings(sig->targets()) : std::vector<std::string>();
  if (fetchNames.empty() && targetNames.empty()) {
    emitError(fileLoc, "the graph fetches nothing: its signature has no "
                       "fetches (give them with --fetches)");
    return nullptr;
  }

  llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> feeds;
  std::vector<TensorRef> feedRefs;
  for (const std::string &name : feedNames) {
    FailureOr<TensorRef> ref = parseTensor(name, fileLoc, "feed");
    if (failed(ref))
      return nullptr;
    if (!feeds.try_emplace(ref->key(), feedRefs.size()).second) {
      emitError(fileLoc) << "feed '" << name << "' is listed twice";
      return nullptr;
    }
    feedRefs.push_back(*ref);
  }
  std::vector<TensorRef> fetchRefs;
  llvm::StringSet<> fetchSeen;
  for (const std::string &name : fetchNames) {
    FailureOr<TensorRef> ref = parseTensor(name, fileLoc, "fetch");
    if (failed(ref))
      return nullptr;
    if (!fetchSeen.insert(name).second) {
      emitError(fileLoc) << "fetch '" << name << "' is listed twice";
      return nullptr;
    }
    if (numOutputs[ref->node] == 0) {
      emitError(fileLoc) << "fetch '" << name << "' names a node without "
                         << "outputs; list it as a target";
      return nullptr;
    }
    fetchRefs.push_back(*ref);
  }
  std::vector<unsigned> roots;
  llvm::DenseSet<std::pair<unsigned, unsigned>> reachedFeeds;
  for (TensorRef ref : fetchRefs) {
    if (feeds.count(ref.key()))
      reachedFeeds.insert(ref.key());
    else
      roots.push_back(ref.node);
  }
  for (const std::string &name : targetNames) {
    auto it = byName.find(name);
    if (it == byName.end()) {
      emitError(fileLoc) << "target '" << name << "' names no node";
      return nullptr;
    }
    roots.push_back(it->second);
  }
  std::vector<unsigned> order = topoOrder(roots, feeds, &reachedFeeds);

  // Arguments: the feeds the fetches need, in the order given; without
  // feeds, every placeholder the fetches need, in node order.
  struct Arg {
    TensorRef ref;
    std::string name;
  };
  std::vector<Arg> args;
  if (!feedNames.empty()) {
    for (auto [ref, name] : llvm::zip(feedRefs, feedNames))
      if (reachedFeeds.count(ref.key()))
        args.push_back({ref, name});
  } else {
    std::vector<unsigned> placeholders;
    for (unsigned i : order)
      if (isPlaceholder(i))
        placeholders.push_back(i);
    llvm::sort(placeholders);
    for (unsigned i : placeholders)
      args.push_back({TensorRef{i, 0}, nodeName(i).str()});
  }
  SmallVector<Type> argTypes;
  for (const Arg &arg : args) {
    FailureOr<Type> type = getFedType(arg.ref);
    if (failed(type))
      return nullptr;
    argTypes.push_back(*type);
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  auto fn = func::FuncOp::create(builder, fileLoc, options.functionName,
                                 builder.getFunctionType(argTypes, {}));
  Block *entry = fn.addEntryBlock();
  llvm::DenseMap<std::pair<unsigned, unsigned>, Value> values;
  for (auto [i, arg] : llvm::enumerate(args)) {
    values[arg.ref.key()] = entry->getArgument(i);
    fn.setArgAttr(i, "tfcc.name", builder.getStringAttr(arg.name));
  }
  builder.setInsertionPointToEnd(entry);
  if (failed(buildNodes(order, values, [&](unsigned p) -> FailureOr<Value> {
        return emitError(nodeLoc(p))
               << "placeholder '" << nodeName(p)
               << "' is needed by the fetches but is not fed";
      })))
    return nullptr;

  SmallVector<Value> results;
  for (auto [ref, name] : llvm::zip(fetchRefs, fetchNames)) {
    results.push_back(values.lookup(ref.key()));
    if (!results.back()) {
      emitError(nodeLoc(ref.node))
          << "fetch '" << name
          << "' is not a value of the graph: it lies inside a cond or loop, "
             "or is an output of its control flow (fetch a cond's Merge "
             "output 0 or a loop's Exit)";
      return nullptr;
    }
  }
  func::ReturnOp::create(builder, fileLoc, results);
  fn.setFunctionType(builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  for (auto [i, name] : llvm::enumerate(fetchNames))
    fn.setResultAttr(i, "tfcc.name", builder.getStringAttr(name));
  if (failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp>
mlir::tfcc::importTfgGraph(llvm::MemoryBufferRef buffer, MLIRContext *context,
                           const ImportOptions &options) {
  context->loadDialect<TfccDialect, func::FuncDialect>();
  return GraphImporter(buffer, context, options).run();
}
