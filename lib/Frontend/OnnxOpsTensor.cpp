//===- OnnxOpsTensor.cpp - ONNX shape, indexing and contraction ops -------===//
//
// Inputs that ONNX passes as tensors but tfcc takes as attributes (shapes,
// axes, pads, split sizes, slice bounds, k, depth) must be known at import
// time: initializers, Constant nodes or values folded from static shapes.
//
//===----------------------------------------------------------------------===//

#include "OnnxImporter.h"

#include "llvm/ADT/STLExtras.h"

#include <limits>

using namespace mlir;
using namespace mlir::tfcc::onnx_import;

static RankedTensorType typeOf(Value v) {
  return v ? cast<RankedTensorType>(v.getType()) : nullptr;
}

static std::string str(int64_t v) { return std::to_string(v); }

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

static LogicalResult importMatMul(OnnxNode &n) {
  Value a = n.input(0), b = n.input(1);
  RankedTensorType at = typeOf(a), bt = typeOf(b);
  if (!at || !bt)
    return n.finish();
  if (at.getRank() == 0 || bt.getRank() == 0)
    return n.error("MatMul operands must have rank 1 or more");
  // numpy: a 1-D operand is a row (lhs) or a column (rhs) vector that is
  // dropped from the result.
  bool vecA = at.getRank() == 1, vecB = bt.getRank() == 1;
  if (vecA)
    a = n.reshape(a, {1, at.getDimSize(0)});
  if (vecB)
    b = n.reshape(b, {bt.getDimSize(0), 1});
  Value y = n.op("matmul", {a, b});
  if (y && (vecA || vecB)) {
    SmallVector<int64_t> shape(typeOf(y).getShape());
    if (vecB)
      shape.pop_back();
    if (vecA)
      shape.erase(shape.end() - 1 - (vecB ? 0 : 1));
    if (llvm::count_if(shape, ShapedType::isDynamic) > 1)
      return n.unsupported("1-D MatMul operand with several dynamic dims");
    for (int64_t &d : shape)
      if (ShapedType::isDynamic(d))
        d = -1;
    y = n.reshape(y, shape);
  }
  n.setOutput(0, y);
  return n.finish();
}

static LogicalResult importGemm(OnnxNode &n) {
  Value a = n.input(0), b = n.input(1);
  double alpha = n.attrFloat("alpha", 1.0), beta = n.attrFloat("beta", 1.0);
  Value y = n.op("matmul", {a, b},
                 {n.boolAttr("transpose_a", n.attrInt("transA", 0)),
                  n.boolAttr("transpose_b", n.attrInt("transB", 0))});
  if (alpha != 1.0)
    y = n.binary("mul", y, n.scalarLike(y, alpha));
  if (n.hasInput(2)) {
    Value c = n.input(2);
    if (beta != 1.0)
      c = n.binary("mul", c, n.scalarLike(c, beta));
    y = n.binary("add", y, c);
  }
  n.setOutput(0, y);
  return n.finish();
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

/// Reshape to `shape` where entries may be dynamic: one dynamic entry
/// becomes -1; more are unsupported.
static Value reshapeTo(OnnxNode &n, Value x, SmallVector<int64_t> shape) {
  if (llvm::count_if(shape, ShapedType::isDynamic) > 1) {
    n.unsupported("reshape to a shape with several dynamic dims");
    return nullptr;
  }
  for (int64_t &d : shape)
    if (ShapedType::isDynamic(d))
      d = -1;
  return n.reshape(x, shape);
}

/// Reshape to a shape with several sizes known only at run time: the
/// shape's run-time value (from tfcc.dim), with ONNX's 0 (copy the input's
/// dim) and -1 (what the element count leaves) resolved, then
/// tfcc.dynamic_reshape.
static LogicalResult reshapeAtRunTime(OnnxNode &n, ArrayRef<int64_t> shape,
                                      bool allowZero) {
  Value x = n.input(0), runtime = n.partialValue(1);
  if (!x)
    return failure();
  if (!runtime && llvm::any_of(shape, ShapedType::isDynamic))
    return n.unsupported("shape with several sizes computed from dynamic "
                         "dimensions, not known at run time");
  RankedTensorType type = n.inputType(0);
  auto i64 = n.b.getI64Type();
  auto dimOf = [&](int64_t d) -> Value {
    if (!type.isDynamicDim(d))
      return n.scalar(i64, type.getDimSize(d));
    return n.op("dim", {x}, {n.i64Attr("axis", d)});
  };
  SmallVector<Value> sizes;
  SmallVector<int64_t> resultShape;
  int64_t inferred = -1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == 0 && !allowZero) {
      if ((int64_t)i >= type.getRank())
        return n.error("shape entry " + str(i) +
                       " copies a dimension the "
                       "input does not have");
      sizes.push_back(dimOf(i));
      resultShape.push_back(type.getDimSize(i));
    } else if (ShapedType::isDynamic(d)) {
      sizes.push_back(
          n.op("gather", {runtime, n.scalar(i64, i)}, {n.i64Attr("axis", 0)}));
      resultShape.push_back(ShapedType::kDynamic);
    } else if (d == -1) {
      if (inferred >= 0)
        return n.error("shape has more than one -1");
      inferred = i;
      sizes.push_back(nullptr);
      resultShape.push_back(ShapedType::kDynamic);
    } else {
      sizes.push_back(n.scalar(i64, d));
      resultShape.push_back(d);
    }
  }
  if (inferred >= 0) {
    Value total = n.scalar(i64, 1), known = n.scalar(i64, 1);
    for (int64_t d = 0; d < type.getRank(); ++d)
      total = n.binary("mul", total, dimOf(d));
    for (Value size : sizes)
      if (size)
        known = n.binary("mul", known, size);
    sizes[inferred] = n.binary("div", total, known);
  }
  SmallVector<Value> parts;
  for (Value size : sizes)
    parts.push_back(n.reshape(size, {1}));
  Value shapeValue = n.op("concat", parts, {n.i64Attr("axis", 0)});
  n.setOutput(
      0, n.op("dynamic_reshape", {x, shapeValue}, {},
              {RankedTensorType::get(resultShape, type.getElementType())}));
  return n.finish();
}

static LogicalResult importReshape(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  auto shape = n.constantInts(1, "shape", /*allowDynamic=*/true);
  if (!type || !shape)
    return failure();
  bool allowZero = n.attrInt("allowzero", 0);
  SmallVector<int64_t> out;
  int64_t inferred = -1;
  for (auto [i, d] : llvm::enumerate(*shape)) {
    if (d == 0 && !allowZero) {
      if ((int64_t)i >= type.getRank())
        return n.error("shape entry " + str(i) + " copies a dimension the "
                       "input does not have");
      out.push_back(type.getDimSize(i));
    } else if (d == -1 || ShapedType::isDynamic(d)) {
      // -1, or a size computed from dynamic dimensions: one of them can be
      // left to tfcc.reshape's -1; several take a shape built at run time.
      if (inferred >= 0)
        return reshapeAtRunTime(n, *shape, allowZero);
      inferred = i;
      out.push_back(ShapedType::kDynamic);
    } else if (d < 0) {
      return n.error("invalid shape entry " + str(d));
    } else {
      out.push_back(d);
    }
  }
  // Resolve -1 statically where possible.
  if (inferred >= 0 && type.hasStaticShape()) {
    int64_t known = 1;
    for (auto [i, d] : llvm::enumerate(out))
      if ((int64_t)i != inferred)
        known *= d;
    if (known == 0 || type.getNumElements() % known != 0)
      return n.error("cannot reshape " + std::to_string(type.getNumElements()) +
                     " elements into " + shapeStr(*shape));
    out[inferred] = type.getNumElements() / known;
  }
  if (DenseElementsAttr c = n.constantInput(0);
      c && isStatic(out) && numElements(out) == c.getNumElements()) {
    n.setReshapedConstantOutput(out);
    return n.finish();
  }
  if (llvm::count_if(out, ShapedType::isDynamic) > 1)
    return reshapeAtRunTime(n, *shape, allowZero);
  n.setOutput(0, reshapeTo(n, n.input(0), out));
  return n.finish();
}

static LogicalResult importFlatten(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  int64_t axisAttr = n.attrInt("axis", 1);
  auto axis = normalizeAxis(axisAttr < 0 ? axisAttr + rank : axisAttr, rank + 1);
  if (!axis)
    return n.error("axis out of range");
  auto prod = [](ArrayRef<int64_t> dims) {
    int64_t p = 1;
    for (int64_t d : dims) {
      if (ShapedType::isDynamic(d))
        return ShapedType::kDynamic;
      p *= d;
    }
    return p;
  };
  SmallVector<int64_t> shape{prod(type.getShape().take_front(*axis)),
                             prod(type.getShape().drop_front(*axis))};
  n.setOutput(0, reshapeTo(n, n.input(0), shape));
  return n.finish();
}

static LogicalResult importTranspose(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  SmallVector<int64_t> perm;
  if (auto p = n.attrInts("perm"))
    perm = *p;
  else
    for (int64_t i = type.getRank() - 1; i >= 0; --i)
      perm.push_back(i);
  n.setOutput(0, n.op("transpose", {n.input(0)}, {n.arrayAttr("perm", perm)}));
  return n.finish();
}

/// Axes from the `axes` attribute (before `inputOpset`) or input 1.
static std::optional<SmallVector<int64_t>>
axesOf(OnnxNode &n, int64_t inputOpset, bool &present) {
  present = false;
  if (n.opset < inputOpset) {
    auto a = n.attrInts("axes");
    present = a.has_value();
    return a ? *a : SmallVector<int64_t>();
  }
  if (!n.hasInput(1))
    return SmallVector<int64_t>();
  present = true;
  return n.constantInts(1, "axes");
}

/// Reshape that keeps a constant constant.
static void reshapeOutput(OnnxNode &n, ArrayRef<int64_t> shape) {
  if (DenseElementsAttr c = n.constantInput(0);
      c && isStatic(shape) && numElements(shape) == c.getNumElements()) {
    n.setReshapedConstantOutput(shape);
    return;
  }
  n.setOutput(0, reshapeTo(n, n.input(0), SmallVector<int64_t>(shape)));
}

static LogicalResult importSqueeze(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  bool present;
  auto axes = axesOf(n, 13, present);
  if (!type || !axes)
    return failure();
  int64_t rank = type.getRank();
  SmallVector<bool> drop(rank, false);
  if (!present || axes->empty()) {
    for (int64_t d = 0; d < rank; ++d)
      drop[d] = type.getDimSize(d) == 1;
  } else {
    for (int64_t a : *axes) {
      auto norm = normalizeAxis(a, rank);
      if (!norm)
        return n.error("axis " + str(a) + " out of range");
      if (type.getDimSize(*norm) != 1 && !type.isDynamicDim(*norm))
        return n.error("cannot squeeze dimension " + str(*norm) + " of size " +
                       str(type.getDimSize(*norm)));
      drop[*norm] = true;
    }
  }
  SmallVector<int64_t> shape, dropped;
  for (int64_t d = 0; d < rank; ++d) {
    if (!drop[d])
      shape.push_back(type.getDimSize(d));
    else
      dropped.push_back(d);
  }
  // Several dynamic dims are more than a reshape can keep apart.
  if (llvm::count_if(shape, ShapedType::isDynamic) > 1 && !n.constantInput(0)) {
    n.setOutput(0,
                n.op("squeeze", {n.input(0)}, {n.arrayAttr("axes", dropped)}));
    return n.finish();
  }
  reshapeOutput(n, shape);
  return n.finish();
}

static LogicalResult importUnsqueeze(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  bool present;
  auto axes = axesOf(n, 13, present);
  if (!type || !axes)
    return failure();
  int64_t outRank = type.getRank() + axes->size();
  SmallVector<bool> inserted(outRank, false);
  for (int64_t a : *axes) {
    auto norm = normalizeAxis(a, outRank);
    if (!norm || inserted[*norm])
      return n.error("invalid axis " + str(a));
    inserted[*norm] = true;
  }
  SmallVector<int64_t> shape, added;
  unsigned next = 0;
  for (int64_t d = 0; d < outRank; ++d) {
    shape.push_back(inserted[d] ? 1 : type.getDimSize(next++));
    if (inserted[d])
      added.push_back(d);
  }
  if (llvm::count_if(shape, ShapedType::isDynamic) > 1 && !n.constantInput(0)) {
    n.setOutput(
        0, n.op("expand_dims", {n.input(0)}, {n.arrayAttr("axes", added)}));
    return n.finish();
  }
  reshapeOutput(n, shape);
  return n.finish();
}

static LogicalResult importExpand(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  auto target = n.constantInts(1, "shape");
  if (!type || !target)
    return failure();
  ArrayRef<int64_t> in = type.getShape();
  size_t rank = std::max(in.size(), target->size());
  SmallVector<int64_t> shape(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - in.size() ? 1 : in[i - (rank - in.size())];
    int64_t b = i < rank - target->size()
                    ? 1
                    : (*target)[i - (rank - target->size())];
    if (ShapedType::isDynamic(a) && b == 1)
      return n.unsupported("Expand keeping a dynamic dimension");
    if (a == b || b == 1)
      shape[i] = a;
    else if (a == 1 || ShapedType::isDynamic(a))
      shape[i] = b;
    else
      return n.error("cannot expand shape " + shapeStr(in) + " to " +
                     shapeStr(*target));
  }
  Value x = n.input(0);
  n.setOutput(0, shape == in ? x
                             : n.op("broadcast_to", {x},
                                    {n.arrayAttr("shape", shape)}));
  return n.finish();
}

static LogicalResult importConcat(OnnxNode &n) {
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < n.numInputs(); ++i)
    if (n.hasInput(i)) {
      RankedTensorType t = n.inputType(i);
      // Empty inputs (a zero-size concat axis) contribute nothing.
      if (t && t.getRank() == 1 && t.getDimSize(0) == 0)
        continue;
      inputs.push_back(n.input(i));
    }
  if (inputs.empty())
    return n.unsupported("Concat of empty tensors only");
  n.setOutput(0, inputs.size() == 1
                     ? inputs[0]
                     : n.op("concat", inputs,
                            {n.i64Attr("axis", n.attrInt("axis", 0))}));
  return n.finish();
}

/// Elements start, start+step, ... (count of them) along `axis`.
static Value stridedAxis(OnnxNode &n, Value x, int64_t axis, int64_t start,
                         int64_t count, int64_t step) {
  if (step == 1)
    return n.sliceAxis(x, axis, start, count);
  SmallVector<int64_t> idx;
  for (int64_t i = 0; i < count; ++i)
    idx.push_back(start + i * step);
  auto idxType = RankedTensorType::get({count}, n.b.getI64Type());
  Value indices = n.constant(DenseElementsAttr::get(idxType, ArrayRef(idx)));
  return n.op("gather", {x, indices}, {n.i64Attr("axis", axis)});
}

/// Slice-10+ whose starts or ends only the run knows: ONNX's clamping done
/// with tfcc ops on i64 scalars, then tfcc.dynamic_slice. Axes and steps
/// stay constants, and steps 1.
static LogicalResult sliceAtRunTime(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  Value x = n.input(0), starts = n.input(1), ends = n.input(2);
  if (!type || !x || !starts || !ends)
    return failure();
  int64_t rank = type.getRank();
  if (rank == 0)
    return n.error("cannot slice a scalar");
  auto startsType = cast<RankedTensorType>(starts.getType());
  auto endsType = cast<RankedTensorType>(ends.getType());
  if (startsType.getRank() != 1 || startsType.isDynamicDim(0))
    return n.unsupported("run-time starts of unknown length");
  int64_t count = startsType.getDimSize(0);
  if (endsType.getRank() != 1 ||
      (!endsType.isDynamicDim(0) && endsType.getDimSize(0) != count))
    return n.error("starts, ends, axes and steps differ in length");
  SmallVector<int64_t> axes = llvm::to_vector(llvm::seq<int64_t>(0, count));
  if (n.hasInput(3)) {
    auto a = n.constantInts(3, "axes");
    if (!a)
      return failure();
    axes = *a;
  }
  if (n.hasInput(4)) {
    auto steps = n.constantInts(4, "steps");
    if (!steps)
      return failure();
    if (llvm::any_of(*steps, [](int64_t s) { return s != 1; }))
      return n.unsupported("run-time starts or ends with a step other "
                           "than 1");
  }
  if ((int64_t)axes.size() != count)
    return n.error("starts, ends, axes and steps differ in length");
  auto i64 = n.b.getI64Type();
  starts = n.cast(starts, i64);
  ends = n.cast(ends, i64);
  Value zero = n.scalar(i64, 0);
  SmallVector<Value> begins(rank, zero), sizes(rank, n.scalar(i64, -1));
  SmallVector<int64_t> resultShape = llvm::to_vector(type.getShape());
  SmallVector<bool> sliced(rank, false);
  for (auto [j, a] : llvm::enumerate(axes)) {
    auto axis = normalizeAxis(a, rank);
    if (!axis)
      return n.error("axis " + str(a) + " out of range");
    if (sliced[*axis])
      return n.error("axis " + str(a) + " is repeated");
    sliced[*axis] = true;
    Value dim = type.isDynamicDim(*axis)
                    ? n.op("dim", {x}, {n.i64Attr("axis", *axis)})
                    : n.scalar(i64, type.getDimSize(*axis));
    // A negative bound counts from the end; both clamp to [0, dim].
    auto bound = [&](Value vector) {
      Value v =
          n.op("gather", {vector, n.scalar(i64, j)}, {n.i64Attr("axis", 0)});
      Value negative = n.binary("less", v, zero);
      v = n.op("select", {negative, n.binary("add", v, dim), v});
      return n.binary("minimum", n.binary("maximum", v, zero), dim);
    };
    Value s = bound(starts), e = bound(ends);
    begins[*axis] = s;
    sizes[*axis] = n.binary("maximum", n.binary("sub", e, s), zero);
    resultShape[*axis] = ShapedType::kDynamic;
  }
  auto vector = [&](ArrayRef<Value> scalars) {
    SmallVector<Value> parts;
    for (Value v : scalars)
      parts.push_back(n.reshape(v, {1}));
    return n.op("concat", parts, {n.i64Attr("axis", 0)});
  };
  if (n.failed())
    return failure();
  n.setOutput(
      0, n.op("dynamic_slice", {x, vector(begins), vector(sizes)}, {},
              {RankedTensorType::get(resultShape, type.getElementType())}));
  return n.finish();
}

static LogicalResult importSlice(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  std::optional<SmallVector<int64_t>> starts, ends;
  SmallVector<int64_t> axes, steps;
  if (n.opset < 10) {
    // Slice-1: starts, ends and axes are attributes.
    starts = n.attrInts("starts");
    ends = n.attrInts("ends");
    if (!starts || !ends)
      return n.error("missing starts or ends");
    if (auto a = n.attrInts("axes"))
      axes = *a;
  } else {
    auto known = [&](unsigned i) {
      DenseElementsAttr c = n.constantInput(i);
      return c && !n.isPartial(i);
    };
    if (!known(1) || !known(2))
      return sliceAtRunTime(n);
    starts = n.constantInts(1, "starts");
    ends = starts ? n.constantInts(2, "ends") : std::nullopt;
  }
  if (!type || !starts || !ends)
    return failure();
  int64_t rank = type.getRank();
  if (n.opset < 10) {
    if (axes.empty())
      axes = llvm::to_vector(llvm::seq<int64_t>(0, starts->size()));
  } else if (n.hasInput(3)) {
    auto a = n.constantInts(3, "axes");
    if (!a)
      return failure();
    axes = *a;
  } else {
    axes = llvm::to_vector(llvm::seq<int64_t>(0, starts->size()));
  }
  if (n.hasInput(4)) {
    auto s = n.constantInts(4, "steps");
    if (!s)
      return failure();
    steps = *s;
  } else {
    steps.assign(starts->size(), 1);
  }
  if (ends->size() != starts->size() || axes.size() != starts->size() ||
      steps.size() != starts->size())
    return n.error("starts, ends, axes and steps differ in length");
  Value x = n.input(0);
  SmallVector<int64_t> begins(rank, 0), sizes(rank, -1);
  SmallVector<std::tuple<int64_t, int64_t, int64_t, int64_t>> strided;
  for (size_t i = 0; i < axes.size(); ++i) {
    auto axis = normalizeAxis(axes[i], rank);
    if (!axis)
      return n.error("axis " + str(axes[i]) + " out of range");
    int64_t step = steps[i], s = (*starts)[i], e = (*ends)[i];
    if (step == 0)
      return n.error("slice step 0");
    int64_t d = type.getDimSize(*axis);
    if (ShapedType::isDynamic(d)) {
      if (step != 1 || s < 0 || e < std::numeric_limits<int32_t>::max())
        return n.unsupported("slice of a dynamic dimension other than "
                             "[start:]");
      begins[*axis] = s;
      continue;
    }
    int64_t count = clampSliceRange(s, e, step, d);
    if (count == 0)
      return n.unsupported("slice with an empty result");
    if (step == 1) {
      begins[*axis] = s;
      sizes[*axis] = count;
    } else {
      strided.push_back({*axis, s, count, step});
    }
  }
  Value y = n.op("slice", {x}, {n.arrayAttr("begin", begins),
                                n.arrayAttr("size", sizes)});
  for (auto [axis, s, count, step] : strided)
    y = stridedAxis(n, y, axis, s, count, step);
  n.setOutput(0, y);
  return n.finish();
}

static LogicalResult importSplit(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  auto axis = normalizeAxis(n.attrInt("axis", 0), type.getRank());
  if (!axis)
    return n.error("axis out of range");
  int64_t d = type.getDimSize(*axis);
  if (ShapedType::isDynamic(d))
    return n.unsupported("Split of a dynamic dimension");
  SmallVector<int64_t> sizes;
  if (n.opset < 13) {
    if (auto s = n.attrInts("split"))
      sizes = *s;
  } else if (n.hasInput(1)) {
    auto s = n.constantInts(1, "split");
    if (!s)
      return failure();
    sizes = *s;
  }
  unsigned outs = n.numOutputs();
  if (outs == 0)
    return n.error("Split without outputs");
  if (sizes.empty()) {
    if (d % outs != 0)
      return n.error("dimension " + str(d) + " does not split into " +
                     str(outs) + " equal parts");
    sizes.assign(outs, d / outs);
  }
  if (sizes.size() != outs)
    return n.error("split has " + str(sizes.size()) + " sizes for " +
                   str(outs) + " outputs");
  int64_t offset = 0;
  for (unsigned i = 0; i < outs; ++i) {
    n.setOutput(i, n.sliceAxis(n.input(0), *axis, offset, sizes[i]));
    offset += sizes[i];
  }
  if (offset != d)
    return n.error("split sizes add up to " + str(offset) + ", not " + str(d));
  return n.finish();
}

static LogicalResult importGather(OnnxNode &n) {
  n.setOutput(0, n.op("gather", {n.input(0), n.input(1)},
                      {n.i64Attr("axis", n.attrInt("axis", 0))}));
  return n.finish();
}

static LogicalResult importCastLike(OnnxNode &n) {
  RankedTensorType like = n.inputType(1);
  if (!like)
    return failure();
  n.setOutput(0, n.cast(n.input(0), like.getElementType()));
  return n.finish();
}

static LogicalResult importCast(OnnxNode &n) {
  Type to = convertElementType(n.ctx(), n.attrInt("to", 0));
  if (!to)
    return n.unsupported("cast to " + elementTypeName(n.attrInt("to", 0)));
  n.setOutput(0, n.cast(n.input(0), to));
  return n.finish();
}

static LogicalResult importDropout(OnnxNode &n) {
  if (n.hasInput(2)) {
    auto training = n.constantScalar(2, "training_mode");
    if (!training)
      return failure();
    if (*training != 0)
      return n.unsupported("Dropout in training mode");
  }
  Value x = n.input(0);
  n.setOutput(0, x);
  if (n.hasOutput(1)) {
    if (n.opset < 10)
      return n.unsupported("Dropout mask before opset 10");
    RankedTensorType t = typeOf(x);
    if (!t || !t.hasStaticShape())
      return n.unsupported("Dropout mask of a dynamic shape");
    n.setOutput(1, n.splat(RankedTensorType::get(t.getShape(),
                                                 n.b.getI1Type()), 1));
  }
  return n.finish();
}

static LogicalResult importShape(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  int64_t rank = type.getRank();
  int64_t start = n.attrInt("start", 0), end = n.attrInt("end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  // Dynamic dims are kept as unknown entries (a partial constant) that
  // Reshape can still use.
  SmallVector<int64_t> dims(type.getShape().slice(start, end - start));
  auto t = RankedTensorType::get({(int64_t)dims.size()}, n.b.getI64Type());
  auto attr = DenseElementsAttr::get(t, ArrayRef(dims));
  if (isStatic(dims)) {
    n.setConstantOutput(0, attr);
    return n.finish();
  }
  // At run time: the static sizes and tfcc.dim of the dynamic ones.
  SmallVector<Value> parts;
  for (auto [k, d] : llvm::enumerate(dims)) {
    Value size = ShapedType::isDynamic(d)
                     ? n.op("dim", {n.input(0)}, {n.i64Attr("axis", start + k)})
                     : n.scalar(n.b.getI64Type(), d);
    parts.push_back(n.reshape(size, {1}));
  }
  Value runtime = parts.size() == 1
                      ? parts[0]
                      : n.op("concat", parts, {n.i64Attr("axis", 0)});
  n.setPartialOutput(0, attr, runtime);
  return n.finish();
}

static LogicalResult importSize(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  if (!type.hasStaticShape())
    return n.unsupported("Size of a dynamic shape");
  auto t = RankedTensorType::get({}, n.b.getI64Type());
  n.setConstantOutput(0, DenseElementsAttr::get(t, type.getNumElements()));
  return n.finish();
}

/// ConstantOfShape of a shape computed from dynamic dims: tfcc.zeros of the
/// sizes read from the shape's run-time value, plus the fill value.
static LogicalResult constantOfDynamicShape(OnnxNode &n) {
  auto shape = n.constantInts(0, "shape", /*allowDynamic=*/true);
  Value runtime = n.input(0);
  DenseElementsAttr value = n.attrTensor("value");
  if (!shape || !runtime || n.failed())
    return failure();
  if (value && value.getNumElements() != 1)
    return n.error("value must hold one element");
  Type elem = value ? value.getElementType() : n.b.getF32Type();
  SmallVector<Value> sizes;
  for (auto [k, d] : llvm::enumerate(*shape)) {
    if (!ShapedType::isDynamic(d))
      continue;
    sizes.push_back(n.op("gather", {runtime, n.scalar(n.b.getI64Type(), k)},
                         {n.i64Attr("axis", 0)}));
  }
  Value zeros = n.op("zeros", sizes, {}, {RankedTensorType::get(*shape, elem)});
  Attribute fill = value ? value.getValues<Attribute>()[0] : Attribute();
  bool isZero = true;
  if (auto f = dyn_cast_or_null<FloatAttr>(fill))
    isZero = f.getValue().isZero();
  else if (auto i = dyn_cast_or_null<IntegerAttr>(fill))
    isZero = i.getValue().isZero();
  if (!isZero && elem.isInteger(1))
    return n.unsupported("a ConstantOfShape of true of a dynamic shape");
  if (!isZero)
    zeros = n.binary("add", zeros,
                     n.constant(DenseElementsAttr::get(
                         RankedTensorType::get({}, elem), fill)));
  n.setOutput(0, zeros);
  return n.finish();
}

static LogicalResult importConstantOfShape(OnnxNode &n) {
  if (n.isPartial(0))
    return constantOfDynamicShape(n);
  auto shape = n.constantInts(0, "shape");
  if (!shape)
    return failure();
  DenseElementsAttr value = n.attrTensor("value");
  if (n.failed())
    return failure();
  if (llvm::any_of(*shape, [](int64_t d) { return d < 0; }))
    return n.error("negative dimension in shape " + shapeStr(*shape));
  if (value && value.getNumElements() != 1)
    return n.error("value must hold one element");
  Type elem = value ? value.getElementType() : n.b.getF32Type();
  auto type = RankedTensorType::get(*shape, elem);
  if (value)
    n.setConstantOutput(0, DenseElementsAttr::get(
                               type, value.getValues<Attribute>()[0]));
  else
    n.setConstantOutput(0, DenseElementsAttr::get(
                               type, Attribute(n.b.getFloatAttr(elem, 0.0))));
  return n.finish();
}

static LogicalResult importRange(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  auto start = n.constantScalar(0, "start");
  auto limit = start ? n.constantScalar(1, "limit") : std::nullopt;
  auto delta = limit ? n.constantScalar(2, "delta") : std::nullopt;
  if (!type || !delta)
    return failure();
  if (*delta == 0)
    return n.error("delta is 0");
  Type elem = type.getElementType();
  double steps = std::ceil((*limit - *start) / *delta);
  if (!(steps < (double)(1 << 24)))
    return n.unsupported("Range of more than 2^24 elements");
  int64_t count = std::max<int64_t>(0, (int64_t)steps);
  auto t = RankedTensorType::get({count}, elem);
  if (isa<FloatType>(elem)) {
    SmallVector<Attribute> v;
    for (int64_t i = 0; i < count; ++i)
      v.push_back(n.b.getFloatAttr(elem, *start + i * *delta));
    n.setConstantOutput(0, DenseElementsAttr::get(t, v));
  } else {
    SmallVector<Attribute> v;
    for (int64_t i = 0; i < count; ++i)
      v.push_back(n.b.getIntegerAttr(elem, (int64_t)*start +
                                               i * (int64_t)*delta));
    n.setConstantOutput(0, DenseElementsAttr::get(t, v));
  }
  return n.finish();
}

static LogicalResult importTile(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  auto repeats = n.constantInts(1, "repeats");
  if (!type || !repeats)
    return failure();
  if ((int64_t)repeats->size() != type.getRank())
    return n.error("repeats has " + str(repeats->size()) + " entries for rank " +
                   str(type.getRank()));
  if (!type.hasStaticShape())
    return n.unsupported("Tile of a dynamic shape");
  // [d0, d1] -> [1, d0, 1, d1] -> broadcast [r0, d0, r1, d1] -> [r0*d0, r1*d1]
  SmallVector<int64_t> split, wide, out;
  for (auto [d, r] : llvm::zip(type.getShape(), *repeats)) {
    split.append({1, d});
    wide.append({r, d});
    out.push_back(r * d);
  }
  Value x = n.reshape(n.input(0), split);
  x = n.op("broadcast_to", {x}, {n.arrayAttr("shape", wide)});
  n.setOutput(0, n.reshape(x, out));
  return n.finish();
}

//===----------------------------------------------------------------------===//
// Index ops
//===----------------------------------------------------------------------===//

template <bool Max>
static LogicalResult importArgReduce(OnnxNode &n) {
  SmallVector<NamedAttribute> attrs{n.i64Attr("axis", n.attrInt("axis", 0))};
  if (n.attrInt("keepdims", 1))
    attrs.push_back(n.unitAttr("keep_dims"));
  if (n.attrInt("select_last_index", 0))
    attrs.push_back(n.unitAttr("select_last_index"));
  n.setOutput(0, n.op(Max ? "argmax" : "argmin", {n.input(0)}, attrs));
  return n.finish();
}

static LogicalResult importTopK(OnnxNode &n) {
  if (n.opset >= 11 && !n.attrInt("sorted", 1))
    return n.unsupported("unsorted TopK");
  // TopK-1: k is an attribute.
  auto k = n.opset < 10
               ? std::optional<SmallVector<int64_t>>({n.attrInt("k", 0)})
               : n.constantInts(1, "k");
  if (!k)
    return failure();
  if (k->size() != 1)
    return n.error("k must have one element");
  SmallVector<Value> r = n.opN(
      "top_k", 2, {n.input(0)},
      {n.i64Attr("k", (*k)[0]), n.i64Attr("axis", n.attrInt("axis", -1)),
       n.boolAttr("largest", n.attrInt("largest", 1))});
  if (r.size() == 2) {
    n.setOutput(0, r[0]);
    n.setOutput(1, r[1]);
  }
  return n.finish();
}

static LogicalResult importOneHot(OnnxNode &n) {
  auto depth = n.constantScalar(1, "depth");
  RankedTensorType valuesType = n.inputType(2);
  if (!depth || !valuesType)
    return failure();
  Value idx = n.cast(n.input(0), n.b.getI64Type());
  int64_t d = (int64_t)*depth;
  // Negative indices count from the end.
  Value negative = n.binary("less", idx, n.scalarLike(idx, 0));
  idx = n.op("select", {negative, n.binary("add", idx, n.scalarLike(idx, d)),
                        idx});
  Value values = n.input(2);
  Value off = n.reshape(n.sliceAxis(values, 0, 0, 1), {});
  Value on = n.reshape(n.sliceAxis(values, 0, 1, 1), {});
  n.setOutput(0, n.op("one_hot", {idx, on, off},
                      {n.i64Attr("depth", d),
                       n.i64Attr("axis", n.attrInt("axis", -1))}));
  return n.finish();
}

static LogicalResult importCumSum(OnnxNode &n) {
  auto axis = n.constantScalar(1, "axis");
  if (!axis)
    return failure();
  SmallVector<NamedAttribute> attrs{n.i64Attr("axis", (int64_t)*axis)};
  if (n.attrInt("exclusive", 0))
    attrs.push_back(n.unitAttr("exclusive"));
  if (n.attrInt("reverse", 0))
    attrs.push_back(n.unitAttr("reverse"));
  n.setOutput(0, n.op("cumsum", {n.input(0)}, attrs));
  return n.finish();
}

static LogicalResult importPad(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  // Pad-2: pads and value are attributes.
  auto pads = n.opset < 11 ? n.attrInts("pads") : n.constantInts(1, "pads");
  if (!type || !pads)
    return n.opset < 11 ? n.error("missing pads") : failure();
  int64_t rank = type.getRank();
  if ((int64_t)pads->size() != 2 * rank)
    return n.error("pads has " + str(pads->size()) + " entries for rank " +
                   str(rank));
  std::string mode = n.attrString("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return n.unsupported("pad mode '" + mode + "'");
  Value value = n.opset < 11 ? n.scalar(type.getElementType(),
                                        n.attrFloat("value", 0.0))
                : n.hasInput(2) ? n.reshape(n.input(2), {})
                                : n.scalar(type.getElementType(), 0);
  ArrayRef<int64_t> p(*pads);
  n.setOutput(0, n.op("pad", {n.input(0), value},
                      {n.arrayAttr("low", p.take_front(rank)),
                       n.arrayAttr("high", p.drop_front(rank)),
                       n.strAttr("mode", mode)}));
  return n.finish();
}

static LogicalResult importTrilu(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  int64_t k = 0;
  if (n.hasInput(1)) {
    auto kv = n.constantScalar(1, "k");
    if (!kv)
      return failure();
    k = (int64_t)*kv;
  }
  if (type.getRank() < 2)
    return n.error("Trilu needs rank 2 or more");
  int64_t rows = type.getDimSize(type.getRank() - 2);
  int64_t cols = type.getDimSize(type.getRank() - 1);
  if (ShapedType::isDynamic(rows) || ShapedType::isDynamic(cols))
    return n.unsupported("Trilu of dynamic matrix dimensions");
  bool upper = n.attrInt("upper", 1);
  SmallVector<bool> mask;
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t j = 0; j < cols; ++j)
      mask.push_back(upper ? j - i >= k : j - i <= k);
  Value m = n.constant(DenseElementsAttr::get(
      RankedTensorType::get({rows, cols}, n.b.getI1Type()), ArrayRef(mask)));
  Value x = n.input(0);
  n.setOutput(0, n.op("select", {m, x, n.scalarLike(x, 0)}));
  return n.finish();
}

static LogicalResult importEyeLike(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  if (type.getRank() != 2 || !type.hasStaticShape())
    return n.error("EyeLike needs a static 2-D input");
  Type elem = type.getElementType();
  if (n.hasAttr("dtype")) {
    elem = convertElementType(n.ctx(), n.attrInt("dtype", 0));
    if (!elem)
      return n.unsupported("dtype " + elementTypeName(n.attrInt("dtype", 0)));
  }
  int64_t k = n.attrInt("k", 0);
  SmallVector<Attribute> v;
  for (int64_t i = 0; i < type.getDimSize(0); ++i)
    for (int64_t j = 0; j < type.getDimSize(1); ++j) {
      double x = j - i == k ? 1 : 0;
      v.push_back(isa<FloatType>(elem)
                      ? (Attribute)n.b.getFloatAttr(elem, x)
                      : (Attribute)n.b.getIntegerAttr(elem, (int64_t)x));
    }
  n.setConstantOutput(0, DenseElementsAttr::get(
                             RankedTensorType::get(type.getShape(), elem), v));
  return n.finish();
}

/// Resize (and Upsample) in nearest mode by whole-number factors: every
/// element is repeated, a reshape-broadcast-reshape. Other modes and
/// fractional or shrinking scales are unsupported.
static LogicalResult importResize(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  if (!type.hasStaticShape())
    return n.unsupported("Resize of a dynamic shape");
  bool upsample = n.opType() == "Upsample";
  std::string mode = n.attrString("mode", "nearest");
  if (mode != "nearest")
    return n.unsupported("mode '" + mode + "'");
  if (!upsample) {
    std::string coord =
        n.attrString("coordinate_transformation_mode", "half_pixel");
    std::string nearest = n.attrString("nearest_mode", "round_prefer_floor");
    // With a whole-number factor s, output o reads input floor(o / s) under
    // these combinations.
    bool floorLike =
        (coord == "asymmetric" && nearest == "floor") ||
        ((coord == "half_pixel" || coord == "pytorch_half_pixel") &&
         (nearest == "round_prefer_floor" || nearest == "round_prefer_ceil"));
    if (!floorLike)
      return n.unsupported("coordinate_transformation_mode '" + coord +
                           "' with nearest_mode '" + nearest + "'");
  }
  ArrayRef<int64_t> in = type.getShape();
  int64_t rank = type.getRank();
  SmallVector<int64_t> factors;
  unsigned scalesInput = upsample ? 1 : (n.opset < 11 ? 1 : 2);
  if (upsample && n.opset < 9) {
    auto scales = n.attrFloats("scales");
    if (!scales)
      return n.error("missing scales");
    for (double f : *scales)
      factors.push_back((int64_t)f == f ? (int64_t)f : 0);
  } else if (n.hasInput(scalesInput) &&
             (!n.constantInput(scalesInput) ||
              n.constantInput(scalesInput).getNumElements() > 0)) {
    DenseElementsAttr scales = n.constantInput(scalesInput);
    if (!scales || !isa<FloatType>(scales.getElementType()))
      return n.unsupported("non-constant scales input");
    for (const APFloat &f : scales.getValues<APFloat>()) {
      double v = f.convertToDouble();
      factors.push_back((int64_t)v == v ? (int64_t)v : 0);
    }
  } else if (!upsample && n.hasInput(3)) {
    auto sizes = n.constantInts(3, "sizes");
    if (!sizes)
      return failure();
    for (auto [s, d] : llvm::zip(*sizes, in))
      factors.push_back(d > 0 && s % d == 0 ? s / d : 0);
    if ((int64_t)sizes->size() != rank)
      return n.error("sizes has the wrong length");
  } else {
    return n.error("neither scales nor sizes");
  }
  if ((int64_t)factors.size() != rank)
    return n.error("scales have " + std::to_string(factors.size()) +
                   " entries for rank " + std::to_string(rank));
  if (llvm::any_of(factors, [](int64_t f) { return f < 1; }))
    return n.unsupported("scales other than whole numbers >= 1");
  SmallVector<int64_t> split, wide, out;
  for (auto [d, f] : llvm::zip(in, factors)) {
    split.append({d, 1});
    wide.append({d, f});
    out.push_back(d * f);
  }
  Value x = n.reshape(n.input(0), split);
  x = n.op("broadcast_to", {x}, {n.arrayAttr("shape", wide)});
  n.setOutput(0, n.reshape(x, out));
  return n.finish();
}

static LogicalResult importDepthToSpace(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  if (type.getRank() != 4 || !type.hasStaticShape())
    return n.unsupported("DepthToSpace of a non-static or non-4-D input");
  int64_t b = n.attrInt("blocksize", 0);
  auto s = type.getShape();
  int64_t N = s[0], C = s[1], H = s[2], W = s[3];
  if (b <= 0 || C % (b * b) != 0)
    return n.error("channels not divisible by blocksize^2");
  bool crd = n.attrString("mode", "DCR") == "CRD";
  Value x = n.input(0);
  if (crd) {
    x = n.reshape(x, {N, C / (b * b), b, b, H, W});
    x = n.transpose(x, {0, 1, 4, 2, 5, 3});
  } else {
    x = n.reshape(x, {N, b, b, C / (b * b), H, W});
    x = n.transpose(x, {0, 3, 4, 1, 5, 2});
  }
  n.setOutput(0, n.reshape(x, {N, C / (b * b), H * b, W * b}));
  return n.finish();
}

static LogicalResult importSpaceToDepth(OnnxNode &n) {
  RankedTensorType type = n.inputType(0);
  if (!type)
    return failure();
  if (type.getRank() != 4 || !type.hasStaticShape())
    return n.unsupported("SpaceToDepth of a non-static or non-4-D input");
  int64_t b = n.attrInt("blocksize", 0);
  auto s = type.getShape();
  int64_t N = s[0], C = s[1], H = s[2], W = s[3];
  if (b <= 0 || H % b != 0 || W % b != 0)
    return n.error("spatial dims not divisible by blocksize");
  Value x = n.reshape(n.input(0), {N, C, H / b, b, W / b, b});
  x = n.transpose(x, {0, 3, 5, 1, 2, 4});
  n.setOutput(0, n.reshape(x, {N, C * b * b, H / b, W / b}));
  return n.finish();
}

void mlir::tfcc::onnx_import::registerTensorOps(OpTable &t) {
  t["MatMul"] = importMatMul;
  t["Gemm"] = importGemm;
  t["Reshape"] = importReshape;
  t["Flatten"] = importFlatten;
  t["Transpose"] = importTranspose;
  t["Squeeze"] = importSqueeze;
  t["Unsqueeze"] = importUnsqueeze;
  t["Expand"] = importExpand;
  t["Concat"] = importConcat;
  t["Slice"] = importSlice;
  t["Split"] = importSplit;
  t["Gather"] = importGather;
  t["Cast"] = importCast;
  t["CastLike"] = importCastLike;
  t["Dropout"] = importDropout;
  t["Shape"] = importShape;
  t["Size"] = importSize;
  t["ConstantOfShape"] = importConstantOfShape;
  t["Range"] = importRange;
  t["Tile"] = importTile;
  t["ArgMax"] = importArgReduce<true>;
  t["ArgMin"] = importArgReduce<false>;
  t["TopK"] = importTopK;
  t["OneHot"] = importOneHot;
  t["CumSum"] = importCumSum;
  t["Pad"] = importPad;
  t["Trilu"] = importTrilu;
  t["EyeLike"] = importEyeLike;
  t["DepthToSpace"] = importDepthToSpace;
  t["Resize"] = importResize;
  t["Upsample"] = importResize;
  t["SpaceToDepth"] = importSpaceToDepth;
}
