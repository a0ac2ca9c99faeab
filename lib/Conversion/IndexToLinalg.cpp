//===- IndexToLinalg.cpp - tfcc index ops to linalg, tensor and scf -------===//
//
// argmax/argmin become a linalg.generic reduction carrying (value, index);
// gather and one_hot are all-parallel linalg.generic ops over the result
// (gather checks each index and reads params with tensor.extract at a
// clamped index). Ops that
// write to data-dependent places or scan sequentially (unsorted_segment_sum,
// top_k, cumsum) are scf.for loops over tensors, which bufferize in place.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "tfcc/Conversion/Passes.h"
#include "tfcc/Dialect/Tfcc.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_CONVERTTFCCINDEXTOLINALG
#include "tfcc/Conversion/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

using utils::IteratorType;

Value indexConstant(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// Run-time sizes of every dimension of `tensor`.
SmallVector<Value> dimSizes(OpBuilder &b, Location loc, Value tensor) {
  SmallVector<Value> sizes;
  for (int64_t i = 0, e = cast<RankedTensorType>(tensor.getType()).getRank();
       i < e; ++i)
    sizes.push_back(getDimSize(b, loc, tensor, i));
  return sizes;
}

/// tensor.empty of `type` whose dynamic sizes are picked from `sizes` (one
/// per dimension).
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<Value> sizes) {
  SmallVector<Value> dynamic;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (type.isDynamicDim(i))
      dynamic.push_back(sizes[i]);
  return tensor::EmptyOp::create(b, loc, type, dynamic);
}

Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type,
                   ArrayRef<Value> sizes, Value value) {
  return linalg::FillOp::create(b, loc, value,
                                emptyTensor(b, loc, type, sizes))
      .getResult(0);
}

/// `values` without entry `axis`.
template <typename T>
SmallVector<T> dropAxis(ArrayRef<T> values, int64_t axis) {
  SmallVector<T> result(values.begin(), values.end());
  result.erase(result.begin() + axis);
  return result;
}

/// A signed integer index (i32 or i64) as an `index` value.
Value toIndex(OpBuilder &b, Location loc, Value v) {
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
}

/// Checks that `low <= idx < high`; `what` shows idx as {0}, high as {1}.
void emitRangeCheck(OpBuilder &b, Location loc, Operation *op, Value idx,
                    Value low, Value high, const Twine &what) {
  Value inRange = arith::AndIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, idx, low),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, idx, high));
  emitCheck(b, loc, op, inRange, what, {idx, high});
}

Value isNan(OpBuilder &b, Location loc, Value x) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
}

/// Whether `v` ranks strictly before `w` when looking for the largest
/// (`largest`) or smallest element. `nanFirst` makes NaN rank before every
/// number; otherwise it ranks after every number.
Value ranksBefore(OpBuilder &b, Location loc, Value v, Value w, bool largest,
                  bool nanFirst) {
  if (!isa<FloatType>(v.getType()))
    return arith::CmpIOp::create(b, loc,
                                 largest ? arith::CmpIPredicate::sgt
                                         : arith::CmpIPredicate::slt,
                                 v, w);
  Value ordered = arith::CmpFOp::create(
      b, loc, largest ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT,
      v, w);
  Value nanV = isNan(b, loc, v), nanW = isNan(b, loc, w);
  Value trueV = arith::ConstantIntOp::create(b, loc, 1, 1);
  // NaN first: v is NaN and w is not. NaN last: w is NaN and v is not.
  Value nanCase =
      nanFirst
          ? arith::AndIOp::create(b, loc, nanV,
                                  arith::XOrIOp::create(b, loc, nanW, trueV))
          : arith::AndIOp::create(b, loc, nanW,
                                  arith::XOrIOp::create(b, loc, nanV, trueV));
  return arith::OrIOp::create(b, loc, ordered, nanCase);
}

/// Whether `v` and `w` rank equally (equal numbers, or both NaN).
Value ranksEqual(OpBuilder &b, Location loc, Value v, Value w) {
  if (!isa<FloatType>(v.getType()))
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, v, w);
  Value eq = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, v, w);
  return arith::OrIOp::create(
      b, loc, eq,
      arith::AndIOp::create(b, loc, isNan(b, loc, v), isNan(b, loc, w)));
}

/// The element that ranks last when looking for the largest (smallest)
/// one: -inf (+inf) or the signed integer extreme.
Value worstValue(OpBuilder &b, Location loc, Type elem, bool largest) {
  if (auto ft = dyn_cast<FloatType>(elem))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(ft,
                       APFloat::getInf(ft.getFloatSemantics(), largest)));
  unsigned width = elem.getIntOrFloatBitWidth();
  APInt v = largest ? APInt::getSignedMinValue(width)
                    : APInt::getSignedMaxValue(width);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(elem, v));
}

/// Reinserts a unit dimension at `axis` of a tensor that lost it.
Value expandAxis(OpBuilder &b, Location loc, Value v, RankedTensorType type,
                 int64_t axis) {
  SmallVector<ReassociationIndices> groups;
  int64_t rank = type.getRank();
  for (int64_t i = 0; i < rank; ++i) {
    if (i == axis)
      continue;
    groups.push_back({i});
  }
  if (!groups.empty()) {
    // The unit dimension joins its left neighbour, or the first group.
    if (axis == 0)
      groups.front().insert(groups.front().begin(), 0);
    else
      groups[axis - 1].push_back(axis);
  }
  return tensor::ExpandShapeOp::create(b, loc, type, v, groups);
}

//===----------------------------------------------------------------------===//
// argmax, argmin
//===----------------------------------------------------------------------===//

template <typename OpT, bool isMax>
struct ArgReducePattern : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    Type elem = inType.getElementType();
    int64_t rank = inType.getRank();
    int64_t axis = *normalizeAxis(op.getAxis(), rank);
    bool last = op.getSelectLastIndex();
    MLIRContext *ctx = rewriter.getContext();

    SmallVector<Value> sizes = dropAxis<Value>(dimSizes(rewriter, loc, input),
                                               axis);
    SmallVector<int64_t> shape = dropAxis(inType.getShape(), axis);
    auto valueType = RankedTensorType::get(shape, elem);
    auto indexType = RankedTensorType::get(shape, rewriter.getI64Type());
    Value bestInit = filledTensor(rewriter, loc, valueType, sizes,
                                  worstValue(rewriter, loc, elem, isMax));
    Value indexInit =
        filledTensor(rewriter, loc, indexType, sizes,
                     arith::ConstantIntOp::create(rewriter, loc, 0, 64));

    SmallVector<AffineExpr> kept;
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis)
        kept.push_back(getAffineDimExpr(i, ctx));
    AffineMap outMap = AffineMap::get(rank, 0, kept, ctx);
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(rank), outMap,
                                outMap};
    SmallVector<IteratorType> iterators(rank, IteratorType::parallel);
    iterators[axis] = IteratorType::reduction;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueType, indexType}, ValueRange{input},
        ValueRange{bestInit, indexInit}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value v = args[0], best = args[1], bestIndex = args[2];
          // The reduction visits the axis in order, so taking strictly
          // better elements keeps the first of equal ones, and also taking
          // equal ones keeps the last. NaN wins either way (numpy).
          Value take = ranksBefore(b, l, v, best, isMax, /*nanFirst=*/true);
          if (last)
            take = arith::OrIOp::create(b, l, take, ranksEqual(b, l, v, best));
          Value i = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, take, v, best),
                         arith::SelectOp::create(b, l, take, i, bestIndex)});
        });
    Value result = generic.getResult(1);
    if (op.getKeepDims())
      result = expandAxis(rewriter, loc, result,
                          cast<RankedTensorType>(op.getType()), axis);
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// gather
//===----------------------------------------------------------------------===//

struct GatherPattern : OpConversionPattern<GatherOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value params = adaptor.getParams(), indices = adaptor.getIndices();
    auto paramsType = cast<RankedTensorType>(params.getType());
    auto indicesType = cast<RankedTensorType>(indices.getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t axis = *normalizeAxis(op.getAxis(), paramsType.getRank());
    int64_t indexRank = indicesType.getRank();
    int64_t rank = resultType.getRank();
    MLIRContext *ctx = rewriter.getContext();

    SmallVector<Value> paramSizes = dimSizes(rewriter, loc, params);
    Value n = paramSizes[axis];
    // Negative indices count from the end (unless TensorFlow's rule forbids
    // them); anything else outside [0, n) is an error. The read is clamped
    // into [0, n) all the same, so the check alone decides the outcome and
    // no read is out of bounds.
    auto clampedIndex = [&](OpBuilder &b, Location l, Value index) {
      Value zero = indexConstant(b, l, 0);
      Value idx = toIndex(b, l, index);
      Value low = op.getNonnegativeIndices()
                      ? zero
                      : arith::SubIOp::create(b, l, zero, n).getResult();
      emitRangeCheck(b, l, op, idx, low, n,
                     op.getNonnegativeIndices()
                         ? "index {0} is out of range [0, {1})"
                         : "index {0} is out of range [-{1}, {1})");
      Value negative =
          arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, idx, zero);
      idx = arith::SelectOp::create(b, l, negative,
                                    arith::AddIOp::create(b, l, idx, n), idx);
      Value maxIdx = arith::SubIOp::create(b, l, n, indexConstant(b, l, 1));
      return arith::MaxSIOp::create(
                 b, l, arith::MinSIOp::create(b, l, idx, maxIdx), zero)
          .getResult();
    };
    // One index (a loop's step reading its row): a slice of params, a view
    // that copies nothing, checked once.
    if (indexRank == 0) {
      Value idx = clampedIndex(
          rewriter, loc,
          tensor::ExtractOp::create(rewriter, loc, indices, ValueRange{}));
      SmallVector<OpFoldResult> offsets, sliceSizes, strides;
      for (int64_t d = 0; d < paramsType.getRank(); ++d) {
        offsets.push_back(d == axis ? OpFoldResult(idx)
                                    : OpFoldResult(rewriter.getIndexAttr(0)));
        sliceSizes.push_back(d == axis ? OpFoldResult(rewriter.getIndexAttr(1))
                             : paramsType.isDynamicDim(d)
                                 ? OpFoldResult(paramSizes[d])
                                 : OpFoldResult(rewriter.getIndexAttr(
                                       paramsType.getDimSize(d))));
        strides.push_back(rewriter.getIndexAttr(1));
      }
      rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(
          op, resultType, params, offsets, sliceSizes, strides);
      return success();
    }
    SmallVector<Value> sizes(paramSizes.begin(), paramSizes.begin() + axis);
    llvm::append_range(sizes, dimSizes(rewriter, loc, indices));
    sizes.append(paramSizes.begin() + axis + 1, paramSizes.end());
    Value init = emptyTensor(rewriter, loc, resultType, sizes);

    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < indexRank; ++i)
      indexExprs.push_back(getAffineDimExpr(axis + i, ctx));
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, indexExprs, ctx),
                                rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<IteratorType> iterators(rank, IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType, ValueRange{indices}, ValueRange{init}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value idx = clampedIndex(b, l, args[0]);
          SmallVector<Value> at;
          for (int64_t i = 0; i < axis; ++i)
            at.push_back(linalg::IndexOp::create(b, l, i));
          at.push_back(idx);
          for (int64_t i = axis + indexRank; i < rank; ++i)
            at.push_back(linalg::IndexOp::create(b, l, i));
          linalg::YieldOp::create(
              b, l, ValueRange{tensor::ExtractOp::create(b, l, params, at)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// one_hot
//===----------------------------------------------------------------------===//

struct OneHotPattern : OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value indices = adaptor.getIndices();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    int64_t axis = *normalizeAxis(op.getAxis(), rank);
    MLIRContext *ctx = rewriter.getContext();

    SmallVector<Value> sizes = dimSizes(rewriter, loc, indices);
    sizes.insert(sizes.begin() + axis,
                 indexConstant(rewriter, loc, op.getDepth()));
    Value init = emptyTensor(rewriter, loc, resultType, sizes);

    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < rank; ++i)
      if (i != axis)
        indexExprs.push_back(getAffineDimExpr(i, ctx));
    AffineMap scalarMap = AffineMap::get(rank, 0, {}, ctx);
    SmallVector<AffineMap> maps{AffineMap::get(rank, 0, indexExprs, ctx),
                                scalarMap, scalarMap,
                                rewriter.getMultiDimIdentityMap(rank)};
    SmallVector<IteratorType> iterators(rank, IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, resultType,
        ValueRange{indices, adaptor.getOnValue(), adaptor.getOffValue()},
        ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          // Compared as i64: an index outside [0, depth) matches nothing.
          Value idx = args[0];
          if (!idx.getType().isInteger(64))
            idx = arith::ExtSIOp::create(b, l, b.getI64Type(), idx);
          if (op.getRequireInRange()) {
            emitRangeCheck(
                b, l, op, idx, arith::ConstantIntOp::create(b, l, 0, 64),
                arith::ConstantIntOp::create(b, l, op.getDepth(), 64),
                "index {0} is out of range [0, {1})");
          }
          Value pos = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          Value hit =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, idx, pos);
          linalg::YieldOp::create(
              b, l, ValueRange{arith::SelectOp::create(b, l, hit, args[1],
                                                       args[2])});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// unsorted_segment_sum
//===----------------------------------------------------------------------===//

/// `acc += x` elementwise, written into `acc` so that it bufferizes in place.
Value accumulate(OpBuilder &b, Location loc, Value x, Value acc) {
  auto type = cast<RankedTensorType>(acc.getType());
  int64_t rank = type.getRank();
  SmallVector<AffineMap> maps(2, b.getMultiDimIdentityMap(rank));
  SmallVector<IteratorType> iterators(rank, IteratorType::parallel);
  bool fp = isa<FloatType>(type.getElementType());
  return linalg::GenericOp::create(
             b, loc, type, ValueRange{x}, ValueRange{acc}, maps, iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value sum =
                   fp ? arith::AddFOp::create(nb, l, args[0], args[1])
                            .getResult()
                      : arith::AddIOp::create(nb, l, args[0], args[1]);
               linalg::YieldOp::create(nb, l, sum);
             })
      .getResult(0);
}

/// A rank-reducing slice of `source`: offsets `offsets` on the leading
/// `offsets.size()` dimensions (size 1, dropped) and all of the others.
Value sliceRows(OpBuilder &b, Location loc, Value source, ValueRange offsets,
                RankedTensorType sliceType) {
  auto type = cast<RankedTensorType>(source.getType());
  SmallVector<OpFoldResult> offs, sizes, strides;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    strides.push_back(b.getIndexAttr(1));
    if (i < static_cast<int64_t>(offsets.size())) {
      offs.push_back(offsets[i]);
      sizes.push_back(b.getIndexAttr(1));
    } else {
      offs.push_back(b.getIndexAttr(0));
      sizes.push_back(tensor::getMixedSize(b, loc, source, i));
    }
  }
  return tensor::ExtractSliceOp::create(b, loc, sliceType, source, offs, sizes,
                                        strides);
}

/// Writes `slice` back where sliceRows(dest, offsets) read it.
Value insertRows(OpBuilder &b, Location loc, Value slice, Value dest,
                 ValueRange offsets) {
  auto type = cast<RankedTensorType>(dest.getType());
  SmallVector<OpFoldResult> offs, sizes, strides;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    strides.push_back(b.getIndexAttr(1));
    if (i < static_cast<int64_t>(offsets.size())) {
      offs.push_back(offsets[i]);
      sizes.push_back(b.getIndexAttr(1));
    } else {
      offs.push_back(b.getIndexAttr(0));
      sizes.push_back(tensor::getMixedSize(b, loc, dest, i));
    }
  }
  return tensor::InsertSliceOp::create(b, loc, slice, dest, offs, sizes,
                                       strides);
}

/// One step per index of `ids`: row `ids[i...]` of `init` gets `data[i...]`
/// added (`add`) or written over it. Indices at or past `numRows` end the
/// run; negative ones do too unless `dropNegative` (segment sums drop
/// them). scf.for over tensors: bufferization updates `init` in place.
Value scatterRows(OpBuilder &b, Location loc, Operation *op, Value init,
                  Value ids, Value data, ArrayRef<Value> dataSizes,
                  Value numRows, bool add, bool dropNegative, StringRef idsName,
                  StringRef dataName) {
  auto dataType = cast<RankedTensorType>(data.getType());
  auto idsType = cast<RankedTensorType>(ids.getType());
  int64_t idRank = idsType.getRank();
  auto rowType = RankedTensorType::get(dataType.getShape().drop_front(idRank),
                                       dataType.getElementType());
  // The ids' dimensions are data's leading ones (checked where either is
  // dynamic); the loops run over the ids.
  Value c0 = indexConstant(b, loc, 0);
  Value c1 = indexConstant(b, loc, 1);
  SmallVector<Value> lbs(idRank, c0), steps(idRank, c1), ubs;
  for (int64_t i = 0; i < idRank; ++i) {
    Value idSize = getDimSize(b, loc, ids, i);
    if (dataType.isDynamicDim(i) || idsType.isDynamicDim(i))
      emitEqualCheck(b, loc, op, idSize, dataSizes[i],
                     "dim " + Twine(i) + " of " + idsName + " is {0}, but " +
                         dataName + "'s is {1}");
    ubs.push_back(idSize);
  }
  auto checkId = [&](OpBuilder &lb, Location l, Value id) {
    emitCompareCheck(lb, l, op, arith::CmpIPredicate::slt, id, numRows,
                     Twine(dropNegative ? "segment id" : "index") +
                         " {0} is out of range [0, {1})");
    if (!dropNegative)
      emitCheck(lb, l, op,
                arith::CmpIOp::create(lb, l, arith::CmpIPredicate::sge, id,
                                      indexConstant(lb, l, 0)),
                "index {0} is negative", {id});
  };
  // A scatter into a variable updates it in place: every index is checked
  // before the first row is written, so a bad one changes nothing.
  if (!dropNegative)
    scf::buildLoopNest(
        b, loc, lbs, ubs, steps,
        [&](OpBuilder &lb, Location l, ValueRange ivs) {
          checkId(lb, l,
                  toIndex(lb, l, tensor::ExtractOp::create(lb, l, ids, ivs)));
        });
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, ValueRange{init},
      [&](OpBuilder &lb, Location l, ValueRange ivs,
          ValueRange iterArgs) -> scf::ValueVector {
        Value acc = iterArgs[0];
        Value id = toIndex(lb, l, tensor::ExtractOp::create(lb, l, ids, ivs));
        if (dropNegative)
          checkId(lb, l, id);
        auto write = [&](OpBuilder &tb, Location tl) -> Value {
          Value row = sliceRows(tb, tl, data, ivs, rowType);
          if (add)
            row = accumulate(tb, tl, row, sliceRows(tb, tl, acc, id, rowType));
          return insertRows(tb, tl, row, acc, id);
        };
        if (!dropNegative)
          return {write(lb, l)}; // checked above: every index is a row
        Value inRange = arith::AndIOp::create(
            lb, l,
            arith::CmpIOp::create(lb, l, arith::CmpIPredicate::sge, id,
                                  indexConstant(lb, l, 0)),
            arith::CmpIOp::create(lb, l, arith::CmpIPredicate::slt, id,
                                  numRows));
        auto ifOp = scf::IfOp::create(
            lb, l, inRange,
            [&](OpBuilder &tb, Location tl) {
              scf::YieldOp::create(tb, tl, write(tb, tl));
            },
            [&](OpBuilder &eb, Location el) {
              scf::YieldOp::create(eb, el, acc);
            });
        return {ifOp.getResult(0)};
      });
  return nest.results.front();
}

struct UnsortedSegmentSumPattern : OpConversionPattern<UnsortedSegmentSumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(UnsortedSegmentSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), ids = adaptor.getSegmentIds();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t idRank = cast<RankedTensorType>(ids.getType()).getRank();
    Type elem = resultType.getElementType();
    SmallVector<Value> dataSizes = dimSizes(rewriter, loc, data);
    SmallVector<Value> sizes{
        indexConstant(rewriter, loc, op.getNumSegments())};
    sizes.append(dataSizes.begin() + idRank, dataSizes.end());
    Value zero = arith::ConstantOp::create(rewriter, loc,
                                           rewriter.getZeroAttr(elem));
    Value init = filledTensor(rewriter, loc, resultType, sizes, zero);
    // TensorFlow drops negative ids and refuses ids past the end.
    rewriter.replaceOp(op, scatterRows(rewriter, loc, op, init, ids, data,
                                       dataSizes, sizes[0], /*add=*/true,
                                       /*dropNegative=*/true, "segment_ids",
                                       "data"));
    return success();
  }
};

struct ScatterPattern : OpConversionPattern<ScatterOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ScatterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value base = adaptor.getBase();
    auto baseType = cast<RankedTensorType>(base.getType());
    auto updatesType = cast<RankedTensorType>(adaptor.getUpdates().getType());
    int64_t idRank =
        cast<RankedTensorType>(adaptor.getIndices().getType()).getRank();
    // A row of the updates and of the base must agree where either is
    // dynamic.
    for (int64_t d = 1; d < baseType.getRank(); ++d) {
      int64_t u = idRank + d - 1;
      if (baseType.isDynamicDim(d) || updatesType.isDynamicDim(u))
        emitEqualCheck(rewriter, loc, op,
                       getDimSize(rewriter, loc, adaptor.getUpdates(), u),
                       getDimSize(rewriter, loc, base, d),
                       "dim " + Twine(u) + " of the updates is {0}, but " +
                           "the rows' dim " + Twine(d) + " is {1}");
    }
    Value updates = adaptor.getUpdates();
    rewriter.replaceOp(
        op,
        scatterRows(rewriter, loc, op, base, adaptor.getIndices(), updates,
                    dimSizes(rewriter, loc, updates),
                    getDimSize(rewriter, loc, base, 0), op.getMode() == "add",
                    /*dropNegative=*/false, "indices", "updates"));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// cumsum
//===----------------------------------------------------------------------===//

/// Offsets and sizes selecting position `pos` of dimension `axis` (size 1,
/// dropped from the slice type) and all of every other dimension.
void axisSlice(OpBuilder &b, Location loc, Value tensor, int64_t axis,
               Value pos, SmallVectorImpl<OpFoldResult> &offs,
               SmallVectorImpl<OpFoldResult> &sizes,
               SmallVectorImpl<OpFoldResult> &strides) {
  int64_t rank = cast<RankedTensorType>(tensor.getType()).getRank();
  for (int64_t i = 0; i < rank; ++i) {
    strides.push_back(b.getIndexAttr(1));
    if (i == axis) {
      offs.push_back(pos);
      sizes.push_back(b.getIndexAttr(1));
    } else {
      offs.push_back(b.getIndexAttr(0));
      sizes.push_back(tensor::getMixedSize(b, loc, tensor, i));
    }
  }
}

struct CumsumPattern : OpConversionPattern<CumsumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CumsumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    int64_t axis = *normalizeAxis(op.getAxis(), type.getRank());
    bool exclusive = op.getExclusive(), reverse = op.getReverse();
    Type elem = type.getElementType();

    // The running sum is one slice across the axis; each step adds the
    // next slice of the input to it and stores it (before adding, when
    // exclusive) at that position of the result.
    SmallVector<Value> sizes = dimSizes(rewriter, loc, input);
    auto sliceType =
        RankedTensorType::get(dropAxis(type.getShape(), axis), elem);
    Value zero =
        arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elem));
    Value running = filledTensor(rewriter, loc, sliceType,
                                 dropAxis<Value>(sizes, axis), zero);
    Value result = emptyTensor(rewriter, loc, type, sizes);
    Value n = sizes[axis];
    Value c0 = indexConstant(rewriter, loc, 0);
    Value c1 = indexConstant(rewriter, loc, 1);
    auto loop = scf::ForOp::create(
        rewriter, loc, c0, n, c1, ValueRange{result, running},
        [&](OpBuilder &b, Location l, Value t, ValueRange iterArgs) {
          Value out = iterArgs[0], sum = iterArgs[1];
          Value pos = t;
          if (reverse)
            pos = arith::SubIOp::create(
                b, l, arith::SubIOp::create(b, l, n, c1), t);
          SmallVector<OpFoldResult> offs, szs, strides;
          axisSlice(b, l, input, axis, pos, offs, szs, strides);
          Value slice = tensor::ExtractSliceOp::create(
              b, l, sliceType, input, offs, szs, strides);
          if (exclusive)
            out = tensor::InsertSliceOp::create(b, l, sum, out, offs, szs,
                                                strides);
          sum = accumulate(b, l, slice, sum);
          if (!exclusive)
            out = tensor::InsertSliceOp::create(b, l, sum, out, offs, szs,
                                                strides);
          scf::YieldOp::create(b, l, ValueRange{out, sum});
        });
    rewriter.replaceOp(op, loop.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// top_k
//===----------------------------------------------------------------------===//

struct TopKPattern : OpConversionPattern<TopKOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(TopKOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    int64_t rank = type.getRank();
    int64_t axis = *normalizeAxis(op.getAxis(), rank);
    int64_t k = op.getK();
    bool largest = op.getLargest();
    auto valuesType = cast<RankedTensorType>(op.getValues().getType());
    auto indicesType = cast<RankedTensorType>(op.getIndices().getType());
    Type elem = type.getElementType();

    SmallVector<Value> sizes = dimSizes(rewriter, loc, input);
    Value n = sizes[axis];
    SmallVector<Value> outSizes = sizes;
    outSizes[axis] = indexConstant(rewriter, loc, k);
    // A static axis was verified; a dynamic one must hold k elements (as
    // TensorFlow and ONNX require), or the tail would be made up.
    if (type.isDynamicDim(axis))
      emitCompareCheck(rewriter, loc, op, arith::CmpIPredicate::sge, n,
                       outSizes[axis],
                       "k = {1} but the axis has only {0} elements");
    Value values = filledTensor(
        rewriter, loc, valuesType, outSizes,
        arith::ConstantOp::create(rewriter, loc, rewriter.getZeroAttr(elem)));
    Value indices = filledTensor(
        rewriter, loc, indicesType, outSizes,
        arith::ConstantIntOp::create(rewriter, loc, -1, 64));
    if (k == 0) {
      rewriter.replaceOp(op, {values, indices});
      return success();
    }

    Value c0 = indexConstant(rewriter, loc, 0);
    Value c1 = indexConstant(rewriter, loc, 1);
    Value kVal = indexConstant(rewriter, loc, k);
    Value kLast = indexConstant(rewriter, loc, k - 1);
    SmallVector<Value> lbs(rank - 1, c0), steps(rank - 1, c1);
    SmallVector<Value> ubs = dropAxis<Value>(sizes, axis);
    auto at = [&](ValueRange outer, Value pos) {
      SmallVector<Value> idx(outer.begin(), outer.end());
      idx.insert(idx.begin() + axis, pos);
      return idx;
    };

    // Per row: insertion into the sorted best-k prefix. An element goes
    // after every kept element that ranks at least as well, so ties keep
    // the lower index first.
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{values, indices},
        [&](OpBuilder &b, Location l, ValueRange outer,
            ValueRange rowArgs) -> scf::ValueVector {
          auto scan = scf::ForOp::create(
              b, l, c0, n, c1, ValueRange{rowArgs[0], rowArgs[1], c0},
              [&](OpBuilder &sb, Location sl, Value i, ValueRange args) {
                Value vals = args[0], idxs = args[1], filled = args[2];
                Value v = tensor::ExtractOp::create(sb, sl, input, at(outer, i));
                // pos = how many kept elements rank at least as well as v.
                auto count = scf::ForOp::create(
                    sb, sl, c0, filled, c1, ValueRange{c0},
                    [&](OpBuilder &cb, Location cl, Value j, ValueRange cnt) {
                      Value w = tensor::ExtractOp::create(cb, cl, vals,
                                                          at(outer, j));
                      Value before = ranksBefore(cb, cl, v, w, largest,
                                                 /*nanFirst=*/largest);
                      Value next = arith::SelectOp::create(
                          cb, cl, before, cnt[0],
                          arith::AddIOp::create(cb, cl, cnt[0], c1));
                      scf::YieldOp::create(cb, cl, next);
                    });
                Value pos = count.getResult(0);
                Value fits = arith::CmpIOp::create(
                    sb, sl, arith::CmpIPredicate::slt, pos, kVal);
                auto insert = scf::IfOp::create(
                    sb, sl, fits,
                    [&](OpBuilder &ib, Location il) {
                      // Move [pos, end) one place down, dropping the k-th.
                      Value end = arith::MinSIOp::create(ib, il, filled, kLast);
                      auto shift = scf::ForOp::create(
                          ib, il, pos, end, c1, ValueRange{vals, idxs},
                          [&](OpBuilder &mb, Location ml, Value t,
                              ValueRange moved) {
                            // j runs from end-1 down to pos.
                            Value j = arith::SubIOp::create(
                                mb, ml,
                                arith::SubIOp::create(
                                    mb, ml,
                                    arith::AddIOp::create(mb, ml, end, pos), c1),
                                t);
                            Value j1 = arith::AddIOp::create(mb, ml, j, c1);
                            Value mv = tensor::InsertOp::create(
                                mb, ml,
                                tensor::ExtractOp::create(mb, ml, moved[0],
                                                          at(outer, j)),
                                moved[0], at(outer, j1));
                            Value mi = tensor::InsertOp::create(
                                mb, ml,
                                tensor::ExtractOp::create(mb, ml, moved[1],
                                                          at(outer, j)),
                                moved[1], at(outer, j1));
                            scf::YieldOp::create(mb, ml, ValueRange{mv, mi});
                          });
                      Value i64 = arith::IndexCastOp::create(
                          ib, il, ib.getI64Type(), i);
                      Value nv = tensor::InsertOp::create(
                          ib, il, v, shift.getResult(0), at(outer, pos));
                      Value ni = tensor::InsertOp::create(
                          ib, il, i64, shift.getResult(1), at(outer, pos));
                      scf::YieldOp::create(ib, il, ValueRange{nv, ni});
                    },
                    [&](OpBuilder &eb, Location el) {
                      scf::YieldOp::create(eb, el, ValueRange{vals, idxs});
                    });
                Value nextFilled = arith::MinSIOp::create(
                    sb, sl, arith::AddIOp::create(sb, sl, filled, c1), kVal);
                scf::YieldOp::create(sb, sl,
                                     ValueRange{insert.getResult(0),
                                                insert.getResult(1),
                                                nextFilled});
              });
          return {scan.getResult(0), scan.getResult(1)};
        });
    rewriter.replaceOp(op, nest.results);
    return success();
  }
};

struct ConvertTfccIndexToLinalg
    : mlir::tfcc::impl::ConvertTfccIndexToLinalgBase<
          ConvertTfccIndexToLinalg> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<ArgReducePattern<ArgMaxOp, true>,
                 ArgReducePattern<ArgMinOp, false>, GatherPattern,
                 OneHotPattern, UnsortedSegmentSumPattern, ScatterPattern,
                 CumsumPattern, TopKPattern>(ctx);
    if (failed(applyTfccLowering<ArgMaxOp, ArgMinOp, GatherOp, OneHotOp,
                                 UnsortedSegmentSumOp, ScatterOp, CumsumOp,
                                 TopKOp>(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
