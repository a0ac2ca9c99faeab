//===- OnnxWireLimits.cpp - ONNX limits checked before parsing ------------===//
//
// A reader of the protobuf wire format and the few messages of onnx.proto
// whose repeated fields can grow: the generated code is protobuf-lite (no
// descriptors to walk), so the field numbers below are onnx.proto's.
//
//===----------------------------------------------------------------------===//

#include "OnnxWireLimits.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <array>

using namespace mlir;
using llvm::StringRef;

namespace {

enum WireType { kVarint = 0, kFixed64 = 1, kBytes = 2, kFixed32 = 5 };

/// One field of a message: its number, wire type and value (a varint's
/// value, or the bytes of a length-delimited field).
struct Field {
  uint32_t number = 0;
  unsigned type = 0;
  uint64_t varint = 0;
  StringRef bytes;
};

/// How a repeated field's entries are written.
enum class Entries {
  Each,    // a message, a string: one entry per occurrence
  Varints, // int64: packed varints, or one per occurrence
  Fixed32, // float: packed 4-byte values, or one per occurrence
};

int64_t countEntries(const Field &field, Entries entries) {
  if (entries == Entries::Each || field.type != kBytes)
    return 1;
  if (entries == Entries::Fixed32)
    return int64_t(field.bytes.size() / 4);
  int64_t n = 0;
  for (char c : field.bytes)
    n += (static_cast<unsigned char>(c) & 0x80) == 0;
  return n;
}

struct Repeated {
  uint32_t number;
  Entries entries = Entries::Each;
};

/// Reads a message's fields in order. A malformed one ends the reading and
/// sets `malformed`: the protobuf parser reports it.
class FieldReader {
public:
  explicit FieldReader(StringRef data) : data(data) {}

  bool next(Field &field) {
    if (data.empty() || malformed)
      return false;
    uint64_t tag;
    if (!readVarint(tag) || (tag >> 3) == 0 || (tag >> 3) > UINT32_MAX)
      return fail();
    field.number = uint32_t(tag >> 3);
    field.type = unsigned(tag & 7);
    field.bytes = StringRef();
    switch (field.type) {
    case kVarint:
      return readVarint(field.varint) || fail();
    case kFixed64:
      return skip(8) || fail();
    case kFixed32:
      return skip(4) || fail();
    case kBytes: {
      uint64_t size;
      if (!readVarint(size) || size > data.size())
        return fail();
      field.bytes = data.take_front(size);
      data = data.drop_front(size);
      return true;
    }
    default: // groups: not in onnx.proto
      return fail();
    }
  }

  bool malformed = false;

private:
  bool fail() {
    malformed = true;
    return false;
  }
  bool skip(size_t n) {
    if (data.size() < n)
      return false;
    data = data.drop_front(n);
    return true;
  }
  bool readVarint(uint64_t &value) {
    value = 0;
    for (unsigned shift = 0; shift < 64 && !data.empty(); shift += 7) {
      auto byte = static_cast<unsigned char>(data.front());
      data = data.drop_front();
      value |= uint64_t(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0)
        return true;
    }
    return false;
  }

  StringRef data;
};

/// A message's string field (a name), or "".
StringRef stringField(StringRef message, uint32_t number) {
  FieldReader reader(message);
  Field f;
  StringRef result;
  while (reader.next(f))
    if (f.number == number && f.type == kBytes)
      result = f.bytes;
  return result;
}

/// Calls `fn(number, bytes)` on each length-delimited field of `message` (a
/// submessage or a string) until it fails.
template <typename Fn>
LogicalResult forEachBytesField(StringRef message, Fn fn) {
  FieldReader reader(message);
  Field f;
  while (reader.next(f))
    if (f.type == kBytes && failed(fn(f.number, f.bytes)))
      return failure();
  return success();
}

/// The entries of each of `fields` in `message`.
template <size_t N>
std::array<int64_t, N> countFields(StringRef message,
                                   const std::array<Repeated, N> &fields) {
  std::array<int64_t, N> counts{};
  FieldReader reader(message);
  Field f;
  while (reader.next(f))
    for (size_t i = 0; i < N; ++i)
      if (f.number == fields[i].number)
        counts[i] += countEntries(f, fields[i].entries);
  return counts;
}

class WireChecker {
public:
  WireChecker(MLIRContext *context, StringRef file,
              const tfcc::ImportLimits &limits)
      : context(context), file(file), limits(limits),
        // As deep as the parser goes (importOnnxModel's recursion limit).
        maxDepth(limits.maxNesting > (INT32_MAX - 16) / 3
                     ? INT32_MAX
                     : 3 * limits.maxNesting + 16) {}

  LogicalResult checkModel(StringRef model) {
    if (failed(forEachBytesField(model, [&](uint32_t number, StringRef bytes) {
          switch (number) {
          case 7: // graph
            return checkGraph(bytes, 0, 1);
          case 25: // functions
            return checkFunction(bytes, 1);
          case 20: // training_info: initialization = 1, algorithm = 2
            return forEachBytesField(bytes, [&](uint32_t n, StringRef graph) {
              return n == 1 || n == 2 ? checkGraph(graph, 0, 2) : success();
            });
          default:
            return success();
          }
        })))
      return failure();
    std::array<int64_t, 3> counts = countFields<3>(model, {{{8}, {14}, {25}}});
    if (failed(checkList("", "opset imports", counts[0])) ||
        failed(checkList("", "metadata entries", counts[1])) ||
        failed(checkList("", "functions", counts[2])))
      return failure();
    return success();
  }

private:
  LogicalResult fail(StringRef node, const Twine &message) {
    Location loc = FileLineColLoc::get(context, file, 0, 0);
    if (!node.empty())
      loc = NameLoc::get(StringAttr::get(context, node), loc);
    return emitError(loc, message);
  }

  LogicalResult checkList(StringRef node, const Twine &what, int64_t size) {
    if (size <= limits.maxListLength)
      return success();
    return fail(node,
                tfcc::limitExceeded(("too many " + what).str(), size,
                                    limits.maxListLength, "max-list-length"));
  }

  LogicalResult checkRank(StringRef node, const Twine &what, int64_t rank) {
    if (rank <= limits.maxRank)
      return success();
    return fail(node,
                tfcc::limitExceeded((what + " has too many dimensions").str(),
                                    rank, limits.maxRank, "max-rank"));
  }

  LogicalResult addNodes(int64_t count) {
    nodes += count;
    if (nodes <= limits.maxNodes)
      return success();
    return fail("", tfcc::limitExceeded("the model has too many nodes", nodes,
                                        limits.maxNodes, "max-nodes"));
  }

  /// A GraphProto `nesting` subgraphs deep, `depth` messages deep.
  LogicalResult checkGraph(StringRef graph, int64_t nesting, int64_t depth) {
    if (depth > maxDepth)
      return success(); // the parser refuses it
    if (nesting > limits.maxNesting)
      return fail(
          "", tfcc::limitExceeded(
                  ("subgraph '" + stringField(graph, 2) + "' nested too deeply")
                      .str(),
                  nesting, limits.maxNesting, "max-nesting"));
    // node, initializer, sparse_initializer, input, output, value_info
    std::array<int64_t, 6> counts =
        countFields<6>(graph, {{{1}, {5}, {15}, {11}, {12}, {13}}});
    if (failed(addNodes(counts[0])))
      return failure();
    // Initializers and value_info grow with the nodes; inputs and outputs
    // are lists.
    if (counts[1] + counts[2] > limits.maxNodes || counts[5] > limits.maxNodes)
      return fail("", tfcc::limitExceeded(
                          ("graph '" + stringField(graph, 2) +
                           "' has too many initializers or value_info entries")
                              .str(),
                          std::max(counts[1] + counts[2], counts[5]),
                          limits.maxNodes, "max-nodes"));
    if (failed(checkList("", "graph inputs", counts[3])) ||
        failed(checkList("", "graph outputs", counts[4])))
      return failure();
    return forEachBytesField(graph, [&](uint32_t number, StringRef bytes) {
      switch (number) {
      case 1: // node
        return checkNode(bytes, nesting, depth + 1);
      case 5: // initializer
        return checkTensor(bytes, "",
                           "initializer '" + stringField(bytes, 8) + "'");
      case 15: // sparse_initializer
        return checkSparseTensor(bytes, "", "sparse initializer");
      case 11: // input
      case 12: // output
      case 13: // value_info: name = 1, type = 2
      {
        std::string what = "tensor '" + stringField(bytes, 1).str() + "'";
        return forEachBytesField(bytes, [&](uint32_t n, StringRef type) {
          return n == 2 ? checkType(type, "", what, depth + 2) : success();
        });
      }
      default:
        return success();
      }
    });
  }

  LogicalResult checkFunction(StringRef function, int64_t depth) {
    // input, output, attribute, node
    std::array<int64_t, 4> counts =
        countFields<4>(function, {{{4}, {5}, {6}, {7}}});
    StringRef name = stringField(function, 1);
    if (failed(checkList(name, "function inputs", counts[0])) ||
        failed(checkList(name, "function outputs", counts[1])) ||
        failed(checkList(name, "function attributes", counts[2])) ||
        failed(addNodes(counts[3])))
      return failure();
    return forEachBytesField(function, [&](uint32_t number, StringRef bytes) {
      return number == 7 ? checkNode(bytes, 0, depth + 1) : success();
    });
  }

  LogicalResult checkNode(StringRef node, int64_t nesting, int64_t depth) {
    StringRef name = stringField(node, 3);
    if (name.empty())
      name = stringField(node, 4); // op_type
    // input, output, attribute
    std::array<int64_t, 3> counts = countFields<3>(node, {{{1}, {2}, {5}}});
    if (failed(checkList(name, "inputs", counts[0])) ||
        failed(checkList(name, "outputs", counts[1])) ||
        failed(checkList(name, "attributes", counts[2])))
      return failure();
    return forEachBytesField(node, [&](uint32_t number, StringRef bytes) {
      return number == 5 ? checkAttribute(bytes, name, nesting, depth + 1)
                         : success();
    });
  }

  LogicalResult checkAttribute(StringRef attr, StringRef node, int64_t nesting,
                               int64_t depth) {
    std::string what = "attribute '" + stringField(attr, 1).str() + "'";
    // floats, ints, strings, tensors, graphs, sparse_tensors, type_protos
    std::array<int64_t, 7> counts =
        countFields<7>(attr, {{{7, Entries::Fixed32},
                               {8, Entries::Varints},
                               {9},
                               {10},
                               {11},
                               {23},
                               {15}}});
    for (int64_t n : counts)
      if (failed(checkList(node, what + " entries", n)))
        return failure();
    return forEachBytesField(attr, [&](uint32_t number, StringRef bytes) {
      switch (number) {
      case 5:  // t
      case 10: // tensors
        return checkTensor(bytes, node, what);
      case 22: // sparse_tensor
      case 23: // sparse_tensors
        return checkSparseTensor(bytes, node, what);
      case 6:  // g
      case 11: // graphs
        return checkGraph(bytes, nesting + 1, depth + 1);
      case 14: // tp
      case 15: // type_protos
        return checkType(bytes, node, what, depth + 1);
      default:
        return success();
      }
    });
  }

  LogicalResult checkTensor(StringRef tensor, StringRef node,
                            const Twine &what) {
    return checkRank(node, what,
                     countFields<1>(tensor, {{{1, Entries::Varints}}})[0]);
  }

  LogicalResult checkSparseTensor(StringRef tensor, StringRef node,
                                  const Twine &what) {
    if (failed(checkRank(node, what,
                         countFields<1>(tensor, {{{3, Entries::Varints}}})[0])))
      return failure();
    // values = 1, indices = 2
    return forEachBytesField(tensor, [&](uint32_t number, StringRef bytes) {
      return number == 1 || number == 2 ? checkTensor(bytes, node, what)
                                        : success();
    });
  }

  /// A TypeProto: tensor_type = 1 and sparse_tensor_type = 8 (shape = 2),
  /// sequence_type = 4 and optional_type = 9 (elem_type = 1), map_type = 5
  /// (value_type = 2).
  LogicalResult checkType(StringRef type, StringRef node, const Twine &what,
                          int64_t depth) {
    if (depth > maxDepth)
      return success(); // the parser refuses it
    return forEachBytesField(type, [&](uint32_t number, StringRef bytes) {
      bool tensor = number == 1 || number == 8;
      uint32_t inner;
      if (tensor || number == 5)
        inner = 2; // shape, value_type
      else if (number == 4 || number == 9)
        inner = 1; // elem_type
      else
        return success();
      return forEachBytesField(bytes, [&](uint32_t n, StringRef field) {
        if (n != inner)
          return success();
        if (tensor) // shape: dim = 1
          return checkRank(node, what, countFields<1>(field, {{{1}}})[0]);
        return checkType(field, node, what, depth + 2);
      });
    });
  }

  MLIRContext *context;
  StringRef file;
  const tfcc::ImportLimits &limits;
  int64_t maxDepth;
  int64_t nodes = 0;
};

} // namespace

LogicalResult mlir::tfcc::checkOnnxWireLimits(StringRef data, StringRef file,
                                              MLIRContext *context,
                                              const ImportLimits &limits) {
  return WireChecker(context, file, limits).checkModel(data);
}
