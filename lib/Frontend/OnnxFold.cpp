//===- OnnxFold.cpp - import-time evaluation of small integer subgraphs ---===//
//
// Exporters compute shapes in the graph (Shape -> Gather -> Concat ->
// Reshape, Slice of a Shape, arithmetic on sizes). Shape folds to a constant
// for static shapes; this evaluates the integer ops that follow it when all
// their inputs are known, so that the consumers that need constants
// (Reshape's shape, ConstantOfShape, Expand...) see one.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::tfcc::onnx_import;

namespace {
/// A small integer tensor (i1, i32 or i64 values held as int64_t).
struct IntTensor {
  SmallVector<int64_t> shape;
  std::vector<int64_t> values;
  Type elem;
};
} // namespace

static constexpr int64_t kMaxFoldElements = 4096;

static std::optional<IntTensor> readInts(DenseElementsAttr attr) {
  if (!attr || !isa<IntegerType>(attr.getElementType()) ||
      attr.getNumElements() > kMaxFoldElements)
    return std::nullopt;
  IntTensor t;
  t.elem = attr.getElementType();
  auto type = cast<RankedTensorType>(attr.getType());
  t.shape.assign(type.getShape().begin(), type.getShape().end());
  bool isBool = t.elem.isInteger(1);
  for (const APInt &v : attr.getValues<APInt>())
    t.values.push_back(isBool ? (int64_t)v.getZExtValue() : v.getSExtValue());
  return t;
}

static DenseElementsAttr makeAttr(ArrayRef<int64_t> shape, Type elem,
                                  ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get(shape, elem);
  if (elem.isInteger(1)) {
    SmallVector<bool> v(llvm::map_range(values, [](int64_t x) { return x != 0; }));
    return DenseElementsAttr::get(type, ArrayRef<bool>(v));
  }
  if (elem.isInteger(32)) {
    SmallVector<int32_t> v(values.begin(), values.end());
    return DenseElementsAttr::get(type, ArrayRef<int32_t>(v));
  }
  if (elem.isInteger(64))
    return DenseElementsAttr::get(type, values);
  if (elem.isF32()) {
    SmallVector<float> v(values.begin(), values.end());
    return DenseElementsAttr::get(type, ArrayRef<float>(v));
  }
  if (elem.isF64()) {
    SmallVector<double> v(values.begin(), values.end());
    return DenseElementsAttr::get(type, ArrayRef<double>(v));
  }
  return nullptr;
}

static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (int64_t i = (int64_t)shape.size() - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/// Elementwise op over numpy-broadcast operands.
static std::optional<IntTensor>
broadcastApply(ArrayRef<IntTensor> in, Type elem,
               llvm::function_ref<std::optional<int64_t>(ArrayRef<int64_t>)>
                   fn) {
  size_t rank = 0;
  for (const IntTensor &t : in)
    rank = std::max(rank, t.shape.size());
  SmallVector<int64_t> shape(rank, 1);
  for (const IntTensor &t : in)
    for (size_t i = 0; i < t.shape.size(); ++i) {
      int64_t &d = shape[rank - t.shape.size() + i];
      int64_t s = t.shape[i];
      if (d == 1)
        d = s;
      else if (s != 1 && s != d)
        return std::nullopt;
    }
  IntTensor out;
  out.shape = shape;
  out.elem = elem;
  int64_t n = numElements(shape);
  if (n > kMaxFoldElements)
    return std::nullopt;
  SmallVector<int64_t> outStrides = stridesOf(shape);
  SmallVector<int64_t> args(in.size());
  for (int64_t idx = 0; idx < n; ++idx) {
    for (size_t k = 0; k < in.size(); ++k) {
      const IntTensor &t = in[k];
      SmallVector<int64_t> st = stridesOf(t.shape);
      int64_t off = 0;
      for (size_t i = 0; i < t.shape.size(); ++i) {
        size_t oi = rank - t.shape.size() + i;
        int64_t coord = (idx / outStrides[oi]) % shape[oi];
        off += (t.shape[i] == 1 ? 0 : coord) * st[i];
      }
      args[k] = t.values[off];
    }
    // An unknown (dynamic) size gives an unknown result.
    if (llvm::any_of(args, ShapedType::isDynamic)) {
      out.values.push_back(ShapedType::kDynamic);
      continue;
    }
    auto v = fn(args);
    if (!v)
      return std::nullopt;
    out.values.push_back(*v);
  }
  return out;
}

std::optional<DenseElementsAttr>
mlir::tfcc::onnx_import::foldNode(OnnxNode &n) {
  StringRef op = n.opType();
  static const llvm::StringSet<> foldable = {
      "Add", "Sub", "Mul", "Div", "Neg", "Abs", "Max", "Min", "Equal",
      "Less", "Greater", "Not", "And", "Or", "Where", "Concat", "Gather",
      "Slice", "Cast", "ReduceProd", "ReduceSum"};
  if (!foldable.contains(op) || n.numOutputs() != 1)
    return std::nullopt;
  SmallVector<IntTensor> in;
  for (unsigned i = 0; i < n.numInputs(); ++i) {
    if (!n.hasInput(i)) {
      in.push_back(IntTensor());
      continue;
    }
    auto t = readInts(n.constantInput(i));
    if (!t)
      return std::nullopt;
    in.push_back(*t);
  }
  if (in.empty())
    return std::nullopt;
  // Unknown sizes have no truth value: no predicates over them.
  bool anyPartial = false;
  for (unsigned i = 0; i < n.numInputs(); ++i)
    anyPartial |= n.isPartial(i);
  if (anyPartial && llvm::is_contained({"Equal", "Less", "Greater", "And",
                                        "Or", "Not", "Where"}, op))
    return std::nullopt;
  Type i1 = IntegerType::get(n.ctx(), 1);
  auto finish = [&](std::optional<IntTensor> t) -> std::optional<DenseElementsAttr> {
    if (!t)
      return std::nullopt;
    DenseElementsAttr a = makeAttr(t->shape, t->elem, t->values);
    if (!a)
      return std::nullopt;
    return a;
  };
  auto binary = [&](Type elem, auto fn) {
    if (in.size() != 2)
      return std::optional<IntTensor>();
    return broadcastApply(in, elem, [&](ArrayRef<int64_t> a) {
      return fn(a[0], a[1]);
    });
  };
  using R = std::optional<int64_t>;
  Type e = in[0].elem;
  if (op == "Add")
    return finish(binary(e, [](int64_t a, int64_t b) -> R { return a + b; }));
  if (op == "Sub")
    return finish(binary(e, [](int64_t a, int64_t b) -> R { return a - b; }));
  if (op == "Mul")
    return finish(binary(e, [](int64_t a, int64_t b) -> R { return a * b; }));
  if (op == "Div")
    return finish(binary(e, [](int64_t a, int64_t b) -> R {
      if (b == 0)
        return std::nullopt;
      return a / b;
    }));
  if (op == "Max" && in.size() == 2)
    return finish(binary(e, [](int64_t a, int64_t b) -> R {
      return std::max(a, b);
    }));
  if (op == "Min" && in.size() == 2)
    return finish(binary(e, [](int64_t a, int64_t b) -> R {
      return std::min(a, b);
    }));
  if (op == "Equal")
    return finish(binary(i1, [](int64_t a, int64_t b) -> R { return a == b; }));
  if (op == "Less")
    return finish(binary(i1, [](int64_t a, int64_t b) -> R { return a < b; }));
  if (op == "Greater")
    return finish(binary(i1, [](int64_t a, int64_t b) -> R { return a > b; }));
  if (op == "And")
    return finish(binary(i1, [](int64_t a, int64_t b) -> R { return a && b; }));
  if (op == "Or")
    return finish(binary(i1, [](int64_t a, int64_t b) -> R { return a || b; }));
  if (op == "Neg" || op == "Abs" || op == "Not") {
    IntTensor t = in[0];
    for (int64_t &v : t.values)
      if (!ShapedType::isDynamic(v))
        v = op == "Neg" ? -v : op == "Abs" ? std::abs(v) : !v;
    return finish(t);
  }
  if (op == "Where" && in.size() == 3)
    return finish(broadcastApply(in, in[1].elem, [](ArrayRef<int64_t> a) -> R {
      return a[0] ? a[1] : a[2];
    }));
  if (op == "Cast") {
    Type to = convertElementType(n.ctx(), n.attrInt("to", 0));
    if (!to)
      return std::nullopt;
    IntTensor t = in[0];
    // Unknown sizes stay representable only as i64.
    if (!to.isInteger(64) && llvm::any_of(t.values, ShapedType::isDynamic))
      return std::nullopt;
    t.elem = to;
    if (to.isInteger(32))
      for (int64_t &v : t.values)
        v = (int32_t)v;
    return finish(t);
  }
  if (op == "Concat") {
    int64_t rank = in[0].shape.size();
    auto axis = normalizeAxis(n.attrInt("axis", 0), rank);
    if (!axis)
      return std::nullopt;
    IntTensor out;
    out.elem = e;
    out.shape = in[0].shape;
    out.shape[*axis] = 0;
    for (const IntTensor &t : in) {
      if ((int64_t)t.shape.size() != rank || t.elem != e)
        return std::nullopt;
      out.shape[*axis] += t.shape[*axis];
    }
    int64_t outer = numElements(ArrayRef(out.shape).take_front(*axis));
    for (int64_t o = 0; o < outer; ++o)
      for (const IntTensor &t : in) {
        int64_t chunk = numElements(ArrayRef(t.shape).drop_front(*axis));
        out.values.insert(out.values.end(), t.values.begin() + o * chunk,
                          t.values.begin() + (o + 1) * chunk);
      }
    return finish(out);
  }
  if (op == "Gather" && in.size() == 2) {
    const IntTensor &data = in[0], &idx = in[1];
    int64_t rank = data.shape.size();
    auto axis = normalizeAxis(n.attrInt("axis", 0), rank);
    if (!axis)
      return std::nullopt;
    int64_t d = data.shape[*axis];
    int64_t outer = numElements(ArrayRef(data.shape).take_front(*axis));
    int64_t inner = numElements(ArrayRef(data.shape).drop_front(*axis + 1));
    IntTensor out;
    out.elem = data.elem;
    out.shape.assign(data.shape.begin(), data.shape.begin() + *axis);
    out.shape.append(idx.shape.begin(), idx.shape.end());
    out.shape.append(data.shape.begin() + *axis + 1, data.shape.end());
    if (llvm::any_of(idx.values, ShapedType::isDynamic))
      return std::nullopt;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i : idx.values) {
        if (i < 0)
          i += d;
        if (i < 0 || i >= d)
          return std::nullopt;
        for (int64_t k = 0; k < inner; ++k)
          out.values.push_back(data.values[(o * d + i) * inner + k]);
      }
    return finish(out);
  }
  if (op == "Slice" && n.opset >= 10 && in.size() >= 3) {
    const IntTensor &data = in[0];
    for (size_t k = 1; k < in.size(); ++k)
      if (llvm::any_of(in[k].values, ShapedType::isDynamic))
        return std::nullopt;
    size_t count0 = in[1].values.size();
    if (in[2].values.size() != count0 ||
        (in.size() > 3 && !in[3].values.empty() &&
         in[3].values.size() != count0) ||
        (in.size() > 4 && !in[4].values.empty() &&
         in[4].values.size() != count0))
      return std::nullopt;
    int64_t rank = data.shape.size();
    SmallVector<int64_t> begin(rank, 0), step(rank, 1), count(data.shape);
    for (size_t i = 0; i < in[1].values.size(); ++i) {
      int64_t a = in.size() > 3 && !in[3].values.empty() ? in[3].values[i] : i;
      auto axis = normalizeAxis(a, rank);
      if (!axis || i >= in[2].values.size())
        return std::nullopt;
      int64_t st = in.size() > 4 && !in[4].values.empty() ? in[4].values[i] : 1;
      int64_t dim = data.shape[*axis], s = in[1].values[i],
              en = in[2].values[i];
      if (st == 0)
        return std::nullopt;
      int64_t c = clampSliceRange(s, en, st, dim);
      begin[*axis] = s;
      step[*axis] = st;
      count[*axis] = c;
    }
    IntTensor out;
    out.elem = data.elem;
    out.shape = count;
    SmallVector<int64_t> inStrides = stridesOf(data.shape),
                         outStrides = stridesOf(count);
    int64_t total = numElements(count);
    for (int64_t idx = 0; idx < total; ++idx) {
      int64_t off = 0;
      for (int64_t d = 0; d < rank; ++d) {
        int64_t c = (idx / outStrides[d]) % count[d];
        off += (begin[d] + c * step[d]) * inStrides[d];
      }
      out.values.push_back(data.values[off]);
    }
    return finish(out);
  }
  if ((op == "ReduceProd" || op == "ReduceSum") && in[0].shape.size() == 1 &&
      in.size() == 1 && n.attrInt("keepdims", 1) == 0) {
    int64_t acc = op == "ReduceProd" ? 1 : 0;
    for (int64_t v : in[0].values) {
      if (ShapedType::isDynamic(v)) {
        acc = ShapedType::kDynamic;
        break;
      }
      acc = op == "ReduceProd" ? acc * v : acc + v;
    }
    IntTensor out{{}, {acc}, e};
    return finish(out);
  }
  return std::nullopt;
}
