//===- Driver.cpp - the tfcc command line ---------------------------------===//
//
// Parses a model, runs the pipeline up to the requested phase and writes the
// requested artifacts. Outputs are written only once everything succeeded,
// each through a temporary file, so a failure leaves nothing behind.
//
//===----------------------------------------------------------------------===//

#include "tfcc/Driver/Driver.h"

#include "tfcc/Codegen/Passes.h"
#include "tfcc/Frontend/Import.h"
#include "tfcc/Pipeline/Pipeline.h"
#include "tfcc/Target/ModelEmitter.h"
#include "tfcc/Transforms/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <deque>
#include <mutex>

#include "tfcc/Version.h"

using namespace mlir;
using namespace mlir::tfcc;

namespace {

struct Options {
  std::string input;
  std::string output;
  std::string entry;
  std::string emit;
  std::string stopAfter;
  std::string mcpu, mtriple;
  std::string cppClass;
  std::string runtimeLib;
  std::vector<std::string> feeds, fetches;
  unsigned optLevel = 2;
  bool printIRAfterAll = false;
  std::vector<std::string> printIRAfter;
  bool timePasses = false;
  bool noRuntimeChecks = false;
  unsigned winogradTile = 4;
  std::string device;
  bool softPlacement = false;
  std::string gpuArch = "sm_80";
  std::string cudaPath;
  bool quiet = false;
  unsigned codegenThreads = 0; ///< 0: the CPUs this process may use
  double progressAfter = 2.0;
  ImportLimits limits;
};

/// One line on the terminal saying where a long compile is (the phase, and
/// how far through the pass pipeline or the functions it is), redrawn in
/// place as ninja and cargo do and erased when the compile ends or a
/// diagnostic is printed. It appears only once a compile has taken `after`
/// seconds (two), and never when stderr is not a terminal or with --quiet;
/// it is redrawn at most ten times a second (every change when `after` is
/// zero, for tests).
class ProgressLine {
public:
  ProgressLine(bool enabled, double after)
      : enabled(enabled), start(Clock::now()),
        after(std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(after))) {}
  ~ProgressLine() { clear(); }

  void setPhase(StringRef name) {
    std::lock_guard<std::mutex> lock(mutex);
    phase = name.str();
    detail.clear();
    drawLocked(/*force=*/true);
  }
  void setDetail(const Twine &text) {
    if (!enabled)
      return;
    std::lock_guard<std::mutex> lock(mutex);
    detail = text.str();
    drawLocked(/*force=*/false);
  }
  /// Erases the line, so that what is printed next starts on a clean one.
  void clear() {
    std::lock_guard<std::mutex> lock(mutex);
    if (shown)
      llvm::errs() << "\r\x1b[K";
    shown = false;
  }

private:
  using Clock = std::chrono::steady_clock;

  void drawLocked(bool force) {
    if (!enabled)
      return;
    Clock::time_point now = Clock::now();
    if (now - start < after ||
        (!force && now - lastDraw < std::min<Clock::duration>(
                                        after, std::chrono::milliseconds(100))))
      return;
    lastDraw = now;
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "tfcc: "
       << llvm::format("%.0f s",
                       std::chrono::duration<double>(now - start).count())
       << "  " << phase;
    if (!detail.empty())
      os << ": " << detail;
    // Wider than the terminal, the line would wrap and \r not erase it.
    unsigned columns = llvm::sys::Process::StandardErrColumns();
    if (columns > 1 && text.size() >= columns)
      text.resize(columns - 1);
    llvm::errs() << "\r\x1b[K" << text;
    llvm::errs().flush();
    shown = true;
  }

  bool enabled;
  Clock::time_point start, lastDraw;
  Clock::duration after;
  std::string phase, detail;
  bool shown = false;
  std::mutex mutex;
};

/// The flags of the passes `pm` runs, in order, nested pipelines included
/// (read from its textual form `op(pass{options}, op(...))`: a name before
/// a parenthesis is an op, and options sit in braces).
std::vector<std::string> pipelinePassNames(OpPassManager &pm) {
  std::string text;
  llvm::raw_string_ostream os(text);
  pm.printAsTextualPipeline(os);
  std::vector<std::string> names;
  std::string current;
  int braces = 0;
  for (char c : text) {
    if (c == '{')
      ++braces;
    else if (c == '}')
      --braces;
    if (braces > 0 || c == '}')
      continue;
    if (llvm::isAlnum(c) || c == '-' || c == '_' || c == '.') {
      current += c;
      continue;
    }
    if (c != '(' && c != '{' && !current.empty() &&
        !llvm::is_contained(names, current))
      names.push_back(current);
    current.clear();
  }
  return names;
}

/// Shows the pass the pipeline is in on the progress line.
struct PipelineProgress : PassInstrumentation {
  explicit PipelineProgress(ProgressLine &line) : line(line) {}
  void runBeforePass(Pass *pass, Operation *) override {
    // Adaptors that run a nested pipeline have no argument of their own.
    if (!pass->getArgument().empty())
      line.setDetail(pass->getArgument());
  }
  ProgressLine &line;
};

FunctionProgress functionProgress(ProgressLine &line) {
  return [&line](unsigned done, unsigned total) {
    line.setDetail(Twine(done) + "/" + Twine(total) + " functions");
  };
}

/// `text` on one line: control characters (from names in a binary graph
/// file, say) are escaped and newlines become spaces.
std::string oneLine(StringRef text) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += ' ';
    else if ((unsigned char)c < 0x20 || c == 0x7f)
      out += "\\x" + llvm::utohexstr((unsigned char)c, /*LowerCase=*/true,
                                      /*Width=*/2);
    else
      out += c;
  }
  return out;
}

/// Prints a file location; line 0 (a binary graph file) is just the file.
void printFileLoc(llvm::raw_ostream &os, FileLineColLoc loc) {
  os << loc.getFilename().getValue();
  if (loc.getLine() != 0)
    os << ':' << loc.getLine() << ':' << loc.getColumn();
  os << ": ";
}

/// "file:line:col: error: message" on one line, as compilers print it.
/// Imported graphs locate errors at a node, a NameLoc inside the file's
/// location: "file: node 'name': error: message".
void printDiagnostic(Diagnostic &diag) {
  auto &os = llvm::errs();
  if (auto name = dyn_cast<NameLoc>(diag.getLocation())) {
    if (auto loc = name.getChildLoc()->findInstanceOf<FileLineColLoc>())
      printFileLoc(os, loc);
    os << "node '" << oneLine(name.getName().getValue()) << "': ";
  } else if (auto loc = diag.getLocation()->findInstanceOf<FileLineColLoc>()) {
    printFileLoc(os, loc);
  }
  switch (diag.getSeverity()) {
  case DiagnosticSeverity::Error:
    os << "error: ";
    break;
  case DiagnosticSeverity::Warning:
    os << "warning: ";
    break;
  case DiagnosticSeverity::Note:
    os << "note: ";
    break;
  case DiagnosticSeverity::Remark:
    os << "remark: ";
    break;
  }
  // Keep each diagnostic on one line.
  os << oneLine(diag.str()) << '\n';
  for (Diagnostic &note : diag.getNotes())
    printDiagnostic(note);
}

/// The compile's progress line, erased before an error is printed.
ProgressLine *activeProgress = nullptr;

int fail(const Twine &where, const Twine &message) {
  if (activeProgress)
    activeProgress->clear();
  llvm::errs() << where << ": error: " << message << '\n';
  return 1;
}

/// A file to write once compilation succeeded.
struct PendingOutput {
  std::string path;
  std::string contents;
};

/// Writes every output through a temporary file and renames them into place
/// only once all were written, so a failure leaves none of them behind.
/// The path "-" is standard output.
LogicalResult writeOutputs(ArrayRef<PendingOutput> outputs) {
  std::vector<std::pair<llvm::sys::fs::TempFile, StringRef>> files;
  auto discardAll = [&]() {
    for (auto &[temp, path] : files)
      llvm::consumeError(temp.discard());
    return failure();
  };
  for (const PendingOutput &out : outputs) {
    if (out.path == "-")
      continue;
    auto temp = llvm::sys::fs::TempFile::create(out.path + ".tmp-%%%%%%");
    if (!temp) {
      fail(out.path, "cannot write file: " + llvm::toString(temp.takeError()));
      return discardAll();
    }
    files.emplace_back(std::move(*temp), out.path);
    llvm::raw_fd_ostream os(files.back().first.FD, /*shouldClose=*/false);
    os << out.contents;
    os.flush();
    if (os.has_error()) {
      fail(out.path, "write failed: " + os.error().message());
      os.clear_error();
      return discardAll();
    }
  }
  for (auto [i, file] : llvm::enumerate(files)) {
    if (llvm::Error err = file.first.keep(file.second)) {
      fail(file.second, "cannot write file: " + llvm::toString(std::move(err)));
      // Outputs already renamed into place go too.
      for (size_t j = 0; j < i; ++j)
        llvm::sys::fs::remove(files[j].second);
      files.erase(files.begin(), files.begin() + i + 1);
      return discardAll();
    }
  }
  for (const PendingOutput &out : outputs)
    if (out.path == "-")
      llvm::outs() << out.contents;
  llvm::outs().flush();
  return success();
}

std::string defaultRuntimeLib(const char *argv0) {
  std::string exe = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&defaultRuntimeLib));
  SmallString<256> path(llvm::sys::path::parent_path(exe));
  llvm::sys::path::append(path, "..", "lib", "libtfcc_runtime.a");
  return std::string(path);
}

/// The CUDA toolkit's libdevice under `cudaPath` (else $CUDA_PATH, else
/// the toolkit's usual place), or "" when there is none.
std::string findLibdevice(StringRef cudaPath) {
  std::string root = cudaPath.str();
  if (root.empty())
    if (const char *env = std::getenv("CUDA_PATH"))
      root = env;
  if (root.empty())
    root = "/usr/local/cuda";
  SmallString<256> path(root);
  llvm::sys::path::append(path, "nvvm", "libdevice", "libdevice.10.bc");
  return llvm::sys::fs::exists(path) ? std::string(path) : std::string();
}

/// The names of a model's objects in its library: `<entry>.o`, or
/// `<entry>.<i>.o` for each part of a parallel code generation.
SmallVector<std::string> objectNames(StringRef entryId, size_t count) {
  SmallVector<std::string> names;
  for (size_t i = 0; i < count; ++i)
    names.push_back(count == 1 ? (entryId + ".o").str()
                               : (entryId + "." + Twine(i) + ".o").str());
  return names;
}

/// A static library holding the model's objects and the runtime's objects.
LogicalResult buildArchive(StringRef runtimeLib, ArrayRef<std::string> names,
                           ArrayRef<std::string> objects, std::string &out) {
  std::vector<llvm::NewArchiveMember> members;
  for (auto [name, object] : llvm::zip(names, objects))
    members.emplace_back(llvm::MemoryBufferRef(object, name));
  auto runtimeBuf = llvm::MemoryBuffer::getFile(runtimeLib);
  if (!runtimeBuf) {
    fail(runtimeLib, "cannot read the runtime library: " +
                         runtimeBuf.getError().message());
    return failure();
  }
  auto archive =
      llvm::object::Archive::create((*runtimeBuf)->getMemBufferRef());
  if (!archive) {
    fail(runtimeLib, llvm::toString(archive.takeError()));
    return failure();
  }
  llvm::Error err = llvm::Error::success();
  for (const auto &child : (*archive)->children(err)) {
    auto member = llvm::NewArchiveMember::getOldMember(child, true);
    if (!member) {
      fail(runtimeLib, llvm::toString(member.takeError()));
      return failure();
    }
    members.push_back(std::move(*member));
  }
  if (err) {
    fail(runtimeLib, llvm::toString(std::move(err)));
    return failure();
  }
  auto buffer = llvm::writeArchiveToBuffer(
      members, llvm::SymtabWritingMode::NormalSymtab,
      llvm::object::Archive::K_GNU, /*Deterministic=*/true, /*Thin=*/false);
  if (!buffer) {
    fail(names.front(), llvm::toString(buffer.takeError()));
    return failure();
  }
  out = (*buffer)->getBuffer().str();
  return success();
}

/// Links a shared library with the system C compiler driver. Code generation
/// happened in process; this only links.
LogicalResult linkShared(StringRef runtimeLib, ArrayRef<std::string> objects,
                         std::string &out) {
  auto cc = llvm::sys::findProgramByName("cc");
  if (!cc) {
    fail("tfcc", "no 'cc' on PATH to link a shared library");
    return failure();
  }
  SmallString<128> soPath;
  if (llvm::sys::fs::createTemporaryFile("tfcc-model", "so", soPath)) {
    fail("tfcc", "cannot create temporary files");
    return failure();
  }
  llvm::FileRemover removeSo(soPath);
  SmallVector<SmallString<128>> objPaths(objects.size());
  std::deque<llvm::FileRemover> removeObjs; // never moved: each deletes its file
  for (auto [path, object] : llvm::zip(objPaths, objects)) {
    int fd;
    if (llvm::sys::fs::createTemporaryFile("tfcc-model", "o", fd, path)) {
      fail("tfcc", "cannot create temporary files");
      return failure();
    }
    removeObjs.emplace_back(path);
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << object;
  }
  SmallVector<StringRef> args = {*cc, "-shared", "-o", soPath};
  // LLD, where there is one, links a model's tens of megabytes of weights
  // faster than GNU ld (ResNet-18's library: 1.1 s against 1.7 s from
  // writing the objects to reading the library back).
  if (llvm::sys::findProgramByName("ld.lld"))
    args.push_back("-fuse-ld=lld");
  for (const SmallString<128> &path : objPaths)
    args.push_back(path);
  args.append({"-Wl,--whole-archive", runtimeLib, "-Wl,--no-whole-archive",
               "-lm"});
  std::string error;
  if (llvm::sys::ExecuteAndWait(*cc, args, std::nullopt, {}, 0, 0, &error) !=
      0) {
    fail("tfcc", "linking the shared library failed" +
                     (error.empty() ? "" : ": " + error));
    return failure();
  }
  auto buf = llvm::MemoryBuffer::getFile(soPath);
  if (!buf) {
    fail(soPath, "cannot read the linked library");
    return failure();
  }
  out = (*buf)->getBuffer().str();
  return success();
}

/// An imported graph's function is named after its file: resnet18.onnx
/// gives `resnet18`, hence resnet18_create().
std::string defaultFunctionName(StringRef input) {
  std::string name = toCIdentifier(llvm::sys::path::stem(input));
  return name.empty() || input == "-" ? "model" : name;
}

/// One buffer of a memory plan: where tfcc-plan-memory put it, its live
/// range (positions of the entry's top-level ops), its type and the op it
/// comes from (the name of its location: an ONNX node, a graph op).
struct PlannedBuffer {
  int64_t offset, bytes, begin, end;
  Type type;
  std::string op;
  // Used in one case of a concurrent loop alone: the case, and its live
  // range there (tfcc-concurrent-branches); a case of -1 otherwise.
  int64_t inCase = -1, caseBegin = 0, caseEnd = 0;
};

struct MemoryPlan {
  int64_t size, sum;
  SmallVector<PlannedBuffer> buffers;
};

/// The first name in `loc` ("conv1", "MatMul_3"), or empty.
std::string locationName(Location loc) {
  StringAttr name = getNodeName(loc);
  return name ? name.str() : std::string();
}

/// The plans tfcc-plan-memory recorded on the arenas' allocations and
/// their views (one per function with intermediate buffers).
SmallVector<MemoryPlan> collectMemoryPlans(ModuleOp module) {
  SmallVector<MemoryPlan> plans;
  module.walk([&](memref::AllocOp arena) {
    auto sum = arena->getAttrOfType<IntegerAttr>(kArenaBuffersAttrName);
    if (!sum)
      return;
    MemoryPlan &plan = plans.emplace_back();
    plan.size = arena.getType().getNumElements();
    plan.sum = sum.getInt();
    for (Operation *user : arena->getUsers()) {
      auto view = dyn_cast<memref::ViewOp>(user);
      auto live = view ? view->getAttrOfType<DenseI64ArrayAttr>(kLiveAttrName)
                       : nullptr;
      std::optional<int64_t> offset =
          view ? getConstantIntValue(view.getByteShift()) : std::nullopt;
      if (!live || live.size() != 2 || !offset)
        continue;
      MemRefType type = view.getType();
      PlannedBuffer &buffer = plan.buffers.emplace_back(PlannedBuffer{
          *offset, type.getNumElements() * type.getElementTypeBitWidth() / 8,
          live[0], live[1], type, locationName(view.getLoc())});
      if (auto inCase =
              view->getAttrOfType<DenseI64ArrayAttr>(kLiveInCaseAttrName);
          inCase && inCase.size() == 3) {
        buffer.inCase = inCase[0];
        buffer.caseBegin = inCase[1];
        buffer.caseEnd = inCase[2];
      }
    }
    llvm::sort(plan.buffers, [](const auto &a, const auto &b) {
      return std::make_pair(a.offset, a.begin) <
             std::make_pair(b.offset, b.begin);
    });
  });
  return plans;
}

/// "<entry>: arena N bytes for K buffers of M bytes (P%)".
std::string planSummary(StringRef entry, const MemoryPlan &plan) {
  std::string text;
  llvm::raw_string_ostream(text)
      << entry << ": arena " << plan.size << " bytes for "
      << plan.buffers.size() << " buffers of " << plan.sum << " bytes ("
      << llvm::format("%.1f",
                      100.0 * plan.size / std::max<int64_t>(plan.sum, 1))
      << "%)";
  return text;
}

std::string typeText(Type type) {
  std::string text;
  llvm::raw_string_ostream(text) << type;
  return text;
}

std::string formatMemoryPlan(ModuleOp module, StringRef entry) {
  std::string text;
  llvm::raw_string_ostream os(text);
  for (const MemoryPlan &plan : collectMemoryPlans(module)) {
    os << planSummary(entry, plan) << "\n";
    os << llvm::format("%12s %12s %11s  %s\n", "offset", "size", "live",
                       "type");
    for (const PlannedBuffer &b : plan.buffers) {
      os << llvm::format("%12lld %12lld %5lld-%-5lld  %s", (long long)b.offset,
                         (long long)b.bytes, (long long)b.begin,
                         (long long)b.end, typeText(b.type).c_str());
      if (!b.op.empty())
        os << "  " << b.op;
      if (b.inCase >= 0)
        os << "  (case " << b.inCase << ": " << b.caseBegin << "-" << b.caseEnd
           << ")";
      os << "\n";
    }
  }
  // The dynamic arena: slots sized at each run from the input dims.
  module.walk([&](memref::AllocOp arena) {
    auto slots = arena->getAttrOfType<IntegerAttr>(kDynamicArenaAttrName);
    if (!slots)
      return;
    SmallVector<memref::ViewOp> views;
    for (Operation *user : arena->getUsers())
      if (auto view = dyn_cast<memref::ViewOp>(user))
        if (view->hasAttr(kSlotAttrName))
          views.push_back(view);
    auto slotOf = [](memref::ViewOp view) {
      return view->getAttrOfType<IntegerAttr>(kSlotAttrName).getInt();
    };
    // By slot, then in the order of the function.
    llvm::sort(views, [&](memref::ViewOp a, memref::ViewOp b) {
      return slotOf(a) != slotOf(b) ? slotOf(a) < slotOf(b)
                                    : a->isBeforeInBlock(b);
    });
    os << entry << ": dynamic arena of " << slots.getInt()
       << (slots.getInt() == 1 ? " slot" : " slots") << " for " << views.size()
       << (views.size() == 1 ? " buffer" : " buffers")
       << " of dynamic shape, sized at each run from the input dims\n";
    os << llvm::format("%12s %11s  %s\n", "slot", "live", "type");
    for (memref::ViewOp view : views) {
      auto live = view->getAttrOfType<DenseI64ArrayAttr>(kLiveAttrName);
      if (!live || live.size() != 2)
        continue;
      os << llvm::format("%12lld %5lld-%-5lld  %s", (long long)slotOf(view),
                         (long long)live[0], (long long)live[1],
                         typeText(view.getType()).c_str());
      std::string op = locationName(view.getLoc());
      if (!op.empty())
        os << "  " << op;
      os << "\n";
    }
  });
  if (text.empty())
    text = (entry + ": no buffers to plan (no intermediate buffer whose "
                    "size is known at the start of a run)\n")
               .str();
  return text;
}

/// `s` with the characters XML gives a meaning escaped.
std::string escapeXml(StringRef s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

/// The plan as an SVG timeline: a rectangle per buffer, x its live range in
/// op positions, y its bytes in the arena (offset 0 at the bottom), named
/// after the op it comes from, with the details in a tooltip.
std::string formatMemorySvg(ModuleOp module, StringRef entry) {
  SmallVector<MemoryPlan> plans = collectMemoryPlans(module);
  if (plans.empty())
    return "";
  const MemoryPlan &plan = plans.front();
  int64_t first = plan.buffers.empty() ? 0 : plan.buffers.front().begin;
  int64_t last = first + 1;
  for (const PlannedBuffer &b : plan.buffers) {
    first = std::min(first, b.begin);
    last = std::max(last, b.end + 1);
  }
  const double width = 1000, height = 600, left = 90, top = 40, bottom = 40;
  double xScale = width / double(last - first);
  double yScale = height / double(std::max<int64_t>(plan.size, 1));
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::format("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                     "width=\"%.0f\" height=\"%.0f\" "
                     "font-family=\"sans-serif\" font-size=\"11\">\n",
                     left + width + 20, top + height + bottom);
  os << llvm::format("<text x=\"%.0f\" y=\"20\" font-size=\"14\">", left)
     << escapeXml(planSummary(entry, plan)) << "</text>\n";
  // The arena's frame, its size on the y axis and the op positions on x.
  os << llvm::format("<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" "
                     "height=\"%.0f\" fill=\"none\" stroke=\"#888\"/>\n",
                     left, top, width, height);
  os << llvm::format("<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">"
                     "%lld B</text>\n",
                     left - 4, top + 10, (long long)plan.size);
  os << llvm::format("<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">"
                     "0</text>\n",
                     left - 4, top + height);
  os << llvm::format("<text x=\"%.0f\" y=\"%.0f\">op %lld</text>\n", left,
                     top + height + 16, (long long)first);
  os << llvm::format("<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">"
                     "op %lld</text>\n",
                     left + width, top + height + 16, (long long)last - 1);
  static const char *const colors[] = {"#4e79a7", "#f28e2b", "#59a14f",
                                       "#e15759", "#76b7b2", "#edc948",
                                       "#b07aa1", "#9c755f"};
  unsigned index = 0;
  for (const PlannedBuffer &b : plan.buffers) {
    double x = left + (b.begin - first) * xScale;
    double w = std::max(1.0, (b.end + 1 - b.begin) * xScale);
    double h = std::max(1.0, b.bytes * yScale);
    double y = top + height - (b.offset * yScale) - h;
    os << llvm::format("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                       "height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.75\" "
                       "stroke=\"#222\" stroke-width=\"0.5\">",
                       x, y, w, h, colors[index++ % std::size(colors)]);
    os << "<title>" << escapeXml(b.op.empty() ? "buffer" : b.op) << ": "
       << escapeXml(typeText(b.type)) << ", " << b.bytes << " bytes at offset "
       << b.offset << ", live " << b.begin << "-" << b.end;
    if (b.inCase >= 0)
      os << " (case " << b.inCase << " of a concurrent loop: " << b.caseBegin
         << "-" << b.caseEnd << ")";
    os << "</title></rect>\n";
    // Names where they fit.
    if (!b.op.empty() && h >= 12 && w >= 6.5 * b.op.size())
      os << llvm::format("<text x=\"%.1f\" y=\"%.1f\">", x + 2,
                         y + std::min(h, 24.0) / 2 + 4)
         << escapeXml(b.op) << "</text>\n";
  }
  os << "</svg>\n";
  return text;
}

/// "a\"b" as a DOT string's inside.
std::string escapeDot(StringRef s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

/// The entry `fn` after the graph phase as a Graphviz graph: a box per op
/// (its name, the node it comes from, its device), filled by device (CPU
/// blue, GPU green), an edge per operand, the inputs and outputs as
/// ellipses named as in the signature.
std::string formatGraphDot(func::FuncOp fn, const ModelSignature &signature) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "digraph \"" << escapeDot(signature.entry) << "\" {\n"
     << "  node [shape=box, style=\"rounded,filled\", "
        "fontname=\"sans-serif\", fontsize=10];\n";
  DenseMap<Value, std::string> ids;
  for (BlockArgument arg : fn.getArguments()) {
    std::string id = "in" + std::to_string(arg.getArgNumber());
    ids[arg] = id;
    StringRef name = arg.getArgNumber() < signature.inputs.size()
                         ? StringRef(signature.inputs[arg.getArgNumber()].name)
                         : StringRef("argument");
    os << "  " << id << " [shape=ellipse, fillcolor=white, label=\""
       << escapeDot(name) << "\"];\n";
  }
  unsigned index = 0;
  for (Operation &op : fn.getBody().getOps()) {
    if (op.hasTrait<OpTrait::IsTerminator>()) {
      for (auto [i, operand] : llvm::enumerate(op.getOperands())) {
        std::string id = "out" + std::to_string(i);
        StringRef name = i < signature.outputs.size()
                             ? StringRef(signature.outputs[i].name)
                             : StringRef("result");
        os << "  " << id << " [shape=ellipse, fillcolor=white, label=\""
           << escapeDot(name) << "\"];\n";
        if (auto it = ids.find(operand); it != ids.end())
          os << "  " << it->second << " -> " << id << ";\n";
      }
      continue;
    }
    std::string id = "op" + std::to_string(index++);
    for (Value result : op.getResults())
      ids[result] = id;
    auto device = op.getAttrOfType<StringAttr>(kDeviceAttrName);
    StringRef placed = device ? device.getValue() : StringRef("cpu:0");
    std::string node = locationName(op.getLoc());
    os << "  " << id << " [fillcolor=\""
       << (placed.starts_with("gpu") ? "#b2df8a" : "#a6cee3") << "\", label=\""
       << escapeDot(op.getName().getStringRef());
    if (!node.empty())
      os << "\\n" << escapeDot(node);
    os << "\\n" << placed << "\"];\n";
    for (Value operand : op.getOperands())
      if (auto it = ids.find(operand); it != ids.end())
        os << "  " << it->second << " -> " << id << ";\n";
  }
  os << "}\n";
  return text;
}

/// Records where each op of the entry (constants aside) runs, as
/// placement and the graph rewrites after it leave the graph, just before
/// tfcc-partition-devices moves the GPU's ops away: for the model's spec
/// (tfcc_model_device_info).
struct PlacementRecorder : PassInstrumentation {
  PlacementRecorder(std::string entry,
                    std::vector<ModelSignature::OpPlacement> &placements)
      : entry(std::move(entry)), placements(placements) {}
  void runBeforePass(Pass *pass, Operation *op) override {
    if (pass->getArgument() != "tfcc-partition-devices")
      return;
    auto fn =
        dyn_cast_or_null<func::FuncOp>(SymbolTable::lookupSymbolIn(op, entry));
    if (!fn || fn.isExternal())
      return;
    placements.clear();
    for (Operation &inner : fn.getBody().front().without_terminator()) {
      if (inner.hasTrait<OpTrait::ConstantLike>())
        continue;
      auto device = inner.getAttrOfType<StringAttr>(kDeviceAttrName);
      placements.push_back({locationName(inner.getLoc()),
                            inner.getName().getStringRef().str(),
                            device && device.getValue().starts_with("gpu")
                                ? device.str()
                                : std::string("cpu:0")});
    }
  }
  std::string entry;
  std::vector<ModelSignature::OpPlacement> &placements;
};

/// The PTX of every GPU kernel module (convert-tfcc-gpu-to-runtime's
/// strings), each after a comment naming it.
std::string formatKernels(ModuleOp module) {
  std::string text;
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    auto value = dyn_cast_or_null<StringAttr>(global.getValueOrNull());
    StringRef name = global.getSymName();
    if (!value || !name.consume_front("__tfcc_ptx_"))
      continue;
    text += "// tfcc kernel module " + name.str() + "\n";
    text += value.getValue().rtrim('\0').str();
  }
  return text;
}

int compile(const Options &opts, const char *argv0) {
  // Emit kind: explicit, else from the output's extension (--stop-after
  // always prints MLIR, also to `-o -`).
  std::string emit = opts.emit;
  StringRef ext = llvm::sys::path::extension(opts.output);
  if (emit.empty() && opts.stopAfter.empty()) {
    emit = llvm::StringSwitch<std::string>(ext)
               .Case(".a", "lib")
               .Case(".o", "obj")
               .Case(".so", "so")
               .Case(".ll", "llvm")
               .Case(".s", "asm")
               .Case(".mlir", "mlir")
               .Case(".h", "header")
               .Case(".ptx", "ptx")
               .Default(opts.output.empty() ? "lib" : "");
    if (emit.empty())
      return fail(opts.output, "cannot tell what to emit from the extension "
                               "'" + ext.str() + "'; use --emit");
  }
  // The header states the arena's size, which the loops phase decides.
  bool loopsSuffice =
      emit == "memory-plan" || emit == "memory-svg" || emit == "header";
  std::optional<Phase> stopAfter = loopsSuffice ? Phase::Loops : Phase::LLVM;
  // The placed graph is drawn as the graph phase leaves it; MLIR without a
  // phase is that graph too, readable (the final module: --stop-after=llvm).
  bool graphMlir = emit == "mlir" && opts.stopAfter.empty();
  if (emit == "dot" || graphMlir)
    stopAfter = Phase::Graph;
  if (!opts.stopAfter.empty()) {
    stopAfter = parsePhase(opts.stopAfter);
    if (!stopAfter)
      return fail("tfcc", "unknown phase '" + opts.stopAfter +
                              "'; expected one of " + getPhaseNames());
    if (!opts.output.empty() && opts.output != "-" && ext != ".mlir")
      return fail(opts.output, "--stop-after prints MLIR; give the output a "
                               ".mlir extension");
    if (!opts.emit.empty() && opts.emit != "mlir")
      return fail("tfcc", "--stop-after needs --emit=mlir");
    emit = "mlir";
  }

  DialectRegistry registry;
  registerTfccDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  ProgressLine progress(
      !opts.quiet && llvm::sys::Process::StandardErrIsDisplayed(),
      opts.progressAfter);
  activeProgress = &progress;
  llvm::scope_exit noProgress([] { activeProgress = nullptr; });
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    progress.clear();
    printDiagnostic(diag);
    return success();
  });

  // --time-passes reports the pipeline's passes between the driver's own
  // phases (import, LLVM, machine code), which no pass covers.
  DefaultTimingManager timing;
  timing.setEnabled(opts.timePasses);
  TimingScope rootTimer = timing.getRootScope();
  TimingScope phaseTimer = rootTimer.nest("import");
  progress.setPhase("import");

  auto file = llvm::MemoryBuffer::getFileOrSTDIN(opts.input);
  if (!file)
    return fail(opts.input, "cannot open file: " + file.getError().message());
  llvm::MemoryBufferRef buffer = (*file)->getMemBufferRef();
  StringRef inputExt = llvm::sys::path::extension(opts.input);
  llvm::SourceMgr sourceMgr;
  OwningOpRef<ModuleOp> module;
  ImportOptions importOptions;
  importOptions.functionName =
      opts.entry.empty() ? defaultFunctionName(opts.input) : opts.entry;
  importOptions.feeds = opts.feeds;
  importOptions.fetches = opts.fetches;
  importOptions.limits = opts.limits;
  // The importers count a graph's nodes themselves; the module they make
  // has several operations per node, which --max-nodes does not bound.
  ImportLimits moduleLimits = opts.limits;
  if (inputExt == ".tfg" || isTfgBuffer(buffer)) {
    module = importTfgGraph(buffer, &context, importOptions);
    moduleLimits.maxNodes = INT64_MAX;
  } else if (inputExt == ".onnx") {
    module = importOnnxModel(buffer, &context, importOptions);
    moduleLimits.maxNodes = INT64_MAX;
  } else {
    if (failed(checkMlirNesting(buffer, &context, opts.limits)))
      return 1;
    sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, ParserConfig(&context));
  }
  if (!module || failed(checkModuleLimits(*module, moduleLimits)))
    return 1;

  // The entry: --entry, else the only public function.
  func::FuncOp entry;
  if (!opts.entry.empty()) {
    entry = module->lookupSymbol<func::FuncOp>(opts.entry);
    if (!entry)
      return fail(opts.input, "no function named '" + opts.entry +
                                  "' to use as the entry");
  } else {
    for (auto fn : module->getOps<func::FuncOp>()) {
      if (fn.isPrivate() || fn.isDeclaration())
        continue;
      if (entry) {
        emitError(fn.getLoc(), "several public functions; choose the entry "
                               "with --entry");
        return 1;
      }
      entry = fn;
    }
    if (!entry) {
      emitError(module->getLoc(), "no public function to compile");
      return 1;
    }
  }
  // Variables (the random ops' generator state among them) become trailing
  // arguments and results of the entry before its signature is read, so
  // that the signature lists them (with the initial values of their
  // tfcc.variable ops); --stop-after=import shows them as imported. The
  // pipeline's own passes then have nothing left to do.
  if (*stopAfter != Phase::Import) {
    PassManager lift(&context);
    lift.addPass(createTfccThreadRandomState());
    lift.addPass(createTfccLiftVariables());
    if (failed(lift.run(*module)))
      return 1;
  }
  FailureOr<ModelSignature> signature = getModelSignature(entry);
  if (failed(signature))
    return 1;
  std::string entryId = toCIdentifier(signature->entry);
  std::string cppClass = opts.cppClass;
  if (cppClass.empty()) {
    cppClass = entryId;
    cppClass[0] = toupper(cppClass[0]);
    cppClass += "Model";
  }
  // Only the entry is the library's interface; other functions are internal
  // so that they cannot clash with the user's symbols.
  for (auto fn : module->getOps<func::FuncOp>())
    if (fn != entry && !fn.isDeclaration())
      fn.setPrivate();
  entry->setAttr("llvm.emit_c_interface", UnitAttr::get(&context));
  if (emit != "mlir") {
    // A reserved name keeps an entry called, say, `exp` clear of libm.
    signature->implName = "__tfcc_entry_" + entryId;
    if (failed(SymbolTable::replaceAllSymbolUses(
            entry, StringAttr::get(&context, signature->implName), *module)))
      return fail(opts.input, "cannot rename the entry function");
    entry.setSymName(signature->implName);
  }
  // Compiled code may update a written variable in place, but must not use
  // a variable it only reads as scratch memory.
  settleEntryAttributes(entry, *signature,
                        /*inPlaceVariables=*/*stopAfter != Phase::Graph);
  // Past the graph phase the initial values live in the signature only.
  if (*stopAfter != Phase::Import && *stopAfter != Phase::Graph)
    for (VariableOp var :
         llvm::make_early_inc_range(module->getOps<VariableOp>()))
      var.erase();

  // --device=auto: the graph on the GPU where it has kernels, and a twin
  // of the entry all on the CPU, which create falls back to where there is
  // no GPU.
  bool autoDevice = opts.device == "auto";
  if (autoDevice && *stopAfter != Phase::Import) {
    auto twin = cast<func::FuncOp>(entry->clone());
    twin.setSymName((entry.getSymName() + "_cpu").str());
    twin.setPrivate();
    twin->setAttr(kDeviceAttrName, StringAttr::get(&context, "cpu:0"));
    module->insert(std::next(Block::iterator(entry)), twin);
    signature->cpuImplName = twin.getSymName().str();
  }

  std::vector<PendingOutput> outputs;
  auto headerOutput = [&]() {
    SmallString<256> headerPath(
        llvm::sys::path::parent_path(opts.output.empty() ? "" : opts.output));
    llvm::sys::path::append(headerPath, entryId + ".h");
    return PendingOutput{std::string(headerPath),
                         emitHeader(*signature, cppClass)};
  };
  PassManager pm(&context);
  // The target decides the register tiles of the codegen phase.
  TargetOptions targetOptions;
  targetOptions.triple = opts.mtriple;
  targetOptions.cpu = opts.mcpu;
  targetOptions.optLevel = opts.optLevel;
  auto machine = createTargetMachine(targetOptions);
  if (!machine)
    return fail("tfcc", llvm::toString(machine.takeError()));
  VectorTarget vectors = getVectorTarget(**machine);
  phaseTimer.stop();
  TimingScope pipelineTimer = rootTimer.nest("pipeline");
  pm.enableTiming(pipelineTimer);
  PipelineOptions pipelineOptions;
  pipelineOptions.runtimeChecks = !opts.noRuntimeChecks;
  pipelineOptions.vectorBits = vectors.bits;
  pipelineOptions.vectorRegisters = vectors.registers;
  pipelineOptions.l2Bytes = vectors.l2Bytes;
  pipelineOptions.winogradTile = opts.winogradTile;
  pipelineOptions.defaultDevice = autoDevice ? "gpu" : opts.device;
  pipelineOptions.softPlacement = autoDevice || opts.softPlacement;
  pipelineOptions.gpuArch = opts.gpuArch;
  pipelineOptions.libdevicePath = findLibdevice(opts.cudaPath);
  buildTfccPipeline(pm, *stopAfter, pipelineOptions);
  if (opts.printIRAfterAll || !opts.printIRAfter.empty()) {
    // --print-ir-after names passes by their flag; each must be one that
    // this pipeline runs.
    std::vector<std::string> names = pipelinePassNames(pm);
    for (const std::string &name : opts.printIRAfter)
      if (!llvm::is_contained(names, name))
        return fail("tfcc", "--print-ir-after: no pass '" + name +
                                "' runs up to this phase; the pipeline: " +
                                llvm::join(names, ", "));
    llvm::StringSet<> after;
    for (const std::string &name : opts.printIRAfter)
      after.insert(name);
    bool all = opts.printIRAfterAll;
    context.disableMultithreading();
    pm.enableIRPrinting(
        [](Pass *, Operation *) { return false; },
        [all, after](Pass *pass, Operation *) {
          return all || after.contains(pass->getArgument());
        },
        /*printModuleScope=*/true,
        /*printAfterOnlyOnChange=*/false);
  }
  pm.addInstrumentation(std::make_unique<PipelineProgress>(progress));
  pm.addInstrumentation(std::make_unique<PlacementRecorder>(
      emit == "mlir" ? signature->entry : signature->implName,
      signature->placements));
  progress.setPhase("pipeline");
  if (failed(pm.run(*module)))
    return 1;

  // The entry, renamed or not, carries the size of its arena.
  if (Operation *lowered = module->lookupSymbol(
          emit == "mlir" ? signature->entry : signature->implName))
    if (auto arena = lowered->getAttrOfType<IntegerAttr>(kArenaBytesAttrName))
      signature->arenaBytes = arena.getInt();
  if (auto gpus = (*module)->getAttrOfType<IntegerAttr>("tfcc.gpus"))
    signature->numGpus = gpus.getInt();
  if (!signature->cpuImplName.empty())
    if (Operation *twin = module->lookupSymbol(signature->cpuImplName))
      if (auto arena = twin->getAttrOfType<IntegerAttr>(kArenaBytesAttrName))
        signature->cpuArenaBytes = arena.getInt();
  if (emit == "header") {
    PendingOutput header = headerOutput();
    if (!opts.output.empty())
      header.path = opts.output;
    return succeeded(writeOutputs(header)) ? 0 : 1;
  }
  if (emit == "memory-plan")
    return succeeded(writeOutputs({{opts.output.empty() ? "-" : opts.output,
                                    formatMemoryPlan(*module, entryId)}}))
               ? 0
               : 1;
  if (emit == "dot") {
    auto fn = module->lookupSymbol<func::FuncOp>(signature->implName);
    if (!fn)
      return fail(entryId, "the entry function is gone after the graph phase");
    return succeeded(writeOutputs({{opts.output.empty() ? "-" : opts.output,
                                    formatGraphDot(fn, *signature)}}))
               ? 0
               : 1;
  }
  if (emit == "ptx") {
    std::string text = formatKernels(*module);
    if (text.empty())
      return fail(entryId, "no op is placed on a GPU: no kernel to print "
                           "(see --device)");
    return succeeded(
               writeOutputs({{opts.output.empty() ? "-" : opts.output, text}}))
               ? 0
               : 1;
  }
  if (emit == "memory-svg") {
    std::string svg = formatMemorySvg(*module, entryId);
    if (svg.empty())
      return fail(entryId, "no buffers to plan (no intermediate buffer of a "
                           "static shape): no timeline to draw");
    return succeeded(
               writeOutputs({{opts.output.empty() ? "-" : opts.output, svg}}))
               ? 0
               : 1;
  }
  if (emit == "mlir") {
    std::string text;
    llvm::raw_string_ostream os(text);
    // The graph names each op's node: its location.
    OpPrintingFlags flags;
    if (graphMlir)
      flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/true);
    module->print(os, flags);
    return succeeded(writeOutputs(
               {{opts.output.empty() ? "-" : opts.output, text}}))
               ? 0
               : 1;
  }

  pipelineTimer.stop();
  // A library is optimized in parts, on threads, with its machine code.
  bool isLibrary = emit == "lib" || emit == "so";
  phaseTimer = rootTimer.nest(isLibrary ? "translate to LLVM IR"
                                      : "translate to LLVM IR and optimize");
  progress.setPhase(isLibrary ? "LLVM IR" : "LLVM optimization");
  llvm::LLVMContext llvmContext;
  // A shared object also exports tfcc_model_create_default, for loaders
  // that do not know the entry's name (Python's tfcc.load).
  auto llvmModule = translateModel(
      *module, *signature, llvmContext, **machine, opts.optLevel,
      /*exportDefaultCreate=*/emit == "so", functionProgress(progress),
      /*optimize=*/!isLibrary);
  if (failed(llvmModule))
    return 1;

  if (emit == "llvm") {
    std::string text;
    llvm::raw_string_ostream os(text);
    (*llvmModule)->print(os, nullptr);
    return succeeded(writeOutputs(
               {{opts.output.empty() ? "-" : opts.output, text}}))
               ? 0
               : 1;
  }

  phaseTimer =
      rootTimer.nest(isLibrary ? "optimize and machine code" : "machine code");
  progress.setPhase(isLibrary ? "LLVM optimization and machine code"
                            : "machine code");
  std::string error;
  SmallVector<std::string> objects;
  if (isLibrary) {
    // A library may hold several objects: large models are optimized and
    // compiled on every CPU this process may use.
    unsigned threads =
        opts.codegenThreads
            ? opts.codegenThreads
            : llvm::heavyweight_hardware_concurrency().compute_thread_count();
    if (failed(emitObjects(std::move(*llvmModule), targetOptions, threads,
                           objects, error, functionProgress(progress))))
      return fail("tfcc", error);
  } else {
    SmallVector<char> code;
    if (failed(emitMachineCode(**llvmModule, **machine, emit == "asm", code,
                               error, functionProgress(progress))))
      return fail("tfcc", error);
    objects.emplace_back(code.begin(), code.end());
  }
  phaseTimer = rootTimer.nest("link and write");
  progress.setPhase("link and write");

  if (emit == "asm") {
    outputs.push_back(
        {opts.output.empty() ? "-" : opts.output, std::move(objects.front())});
  } else if (emit == "obj") {
    outputs.push_back({opts.output.empty() ? entryId + ".o" : opts.output,
                       std::move(objects.front())});
    outputs.push_back(headerOutput());
  } else if (isLibrary) {
    std::string runtimeLib = opts.runtimeLib.empty()
                                 ? defaultRuntimeLib(argv0)
                                 : opts.runtimeLib;
    std::string library;
    if (emit == "lib" &&
        failed(buildArchive(runtimeLib, objectNames(entryId, objects.size()),
                            objects, library)))
      return 1;
    if (emit == "so" && failed(linkShared(runtimeLib, objects, library)))
      return 1;
    std::string path = opts.output;
    if (path.empty())
      path = "lib" + entryId + (emit == "lib" ? ".a" : ".so");
    outputs.push_back({path, library});
    outputs.push_back(headerOutput());
  } else {
    return fail("tfcc", "unknown --emit kind '" + emit + "'");
  }
  return succeeded(writeOutputs(outputs)) ? 0 : 1;
}

} // namespace

int mlir::tfcc::runCompilerMain(int argc, char **argv) {
  CLI::App app{"tfcc: ahead-of-time compiler for dataflow graphs", "tfcc"};
  Options opts;
  app.add_option("input", opts.input, "Model to compile (.mlir, .tfg, .onnx), - for stdin")
      ->required();
  app.add_option("-o,--output", opts.output,
                 "Output file; its extension picks what to emit "
                 "(.a .o .so .ll .s .mlir .h)");
  app.add_option("--entry", opts.entry,
                 "Function to compile (default: the only public one)");
  app.add_option("--emit", opts.emit,
                 "What to write: mlir, llvm, asm, obj, lib, so, header, "
                 "memory-plan, memory-svg, dot, ptx")
      ->check(
          CLI::IsMember({"mlir", "llvm", "asm", "obj", "lib", "so", "header",
                         "memory-plan", "memory-svg", "dot", "ptx"}));
  app.add_option("--stop-after", opts.stopAfter,
                 "Stop after a phase and print MLIR: " + getPhaseNames());
  app.add_option("-O", opts.optLevel, "Optimization level 0-3 (default 2)")
      ->check(CLI::Range(0, 3));
  app.add_option("-j,--codegen-threads", opts.codegenThreads,
                 "Threads for machine code of a library (.a, .so) with 16 "
                 "or more functions, one object each (default: the CPUs "
                 "this process may use; at most 8)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--mcpu", opts.mcpu,
                 "Target CPU (default: the host's; 'native' too)");
  app.add_option("--mtriple", opts.mtriple,
                 "Target triple (default: the host's)");
  app.add_option("--cpp-class", opts.cppClass,
                 "Name of the generated C++ class (default: <Entry>Model)");
  app.add_option("--runtime-lib", opts.runtimeLib,
                 "libtfcc_runtime.a to link (default: next to tfcc)");
  app.add_option("--feeds", opts.feeds,
                 "Graph inputs, e.g. x,h:0, replacing the graph file's own "
                 "(.tfg, .onnx)")
      ->delimiter(',');
  app.add_option("--fetches", opts.fetches,
                 "Graph outputs, e.g. y:0,z, replacing the graph file's own "
                 "(.tfg, .onnx)")
      ->delimiter(',');
  app.add_flag("--print-ir-after-all", opts.printIRAfterAll,
               "Print the IR after every pass");
  app.add_option("--print-ir-after", opts.printIRAfter,
                 "Print the IR after the named passes, e.g. "
                 "tfcc-fuse-elementwise,tfcc-pack-contractions")
      ->delimiter(',');
  app.add_flag("--time-passes", opts.timePasses, "Report the time of every pass");
  app.add_flag("-q,--quiet", opts.quiet,
               "No progress line on the terminal during a long compile");
  // For tests: the progress line from the start of any compile.
  app.add_option("--progress-after", opts.progressAfter)->group("");
  app.add_flag("--no-runtime-checks", opts.noRuntimeChecks,
               "Drop the run-time shape and index checks (unsafe: a bad "
               "input then reads out of bounds; for measuring their cost)");
  app.add_option("--winograd", opts.winogradTile,
                 "Largest output tile of Winograd's F(m x m, 3 x 3) for 3x3 "
                 "convolutions at stride 1 with constant weights: 4 (the "
                 "default), 2 (closer to a direct sum), 0 for none")
      ->check(CLI::IsMember({0, 2, 4}));
  app.add_option("--device", opts.device,
                 "Device of the ops without a tf.device hint: cpu (the "
                 "default), gpu, cpu:N or gpu:N; auto: the GPU, with soft "
                 "placement, and a CPU version of the whole model that "
                 "create falls back to where there is no GPU");
  app.add_flag("--soft-placement", opts.softPlacement,
               "Run an op on the CPU when the device asked for has no kernel "
               "for it, instead of failing (TensorFlow's "
               "allow_soft_placement)");
  app.add_option("--gpu-arch", opts.gpuArch,
                 "The NVIDIA GPUs the kernels of ops placed on a GPU are "
                 "for: sm_80 (the default: Ampere and later), sm_90, ...")
      ->check([](const std::string &arch) {
        unsigned number;
        return StringRef(arch).starts_with("sm_") &&
                       !StringRef(arch).drop_front(3).getAsInteger(10, number)
                   ? std::string()
                   : "expected sm_NN, got '" + arch + "'";
      });
  app.add_option("--cuda-path", opts.cudaPath,
                 "The CUDA toolkit whose libdevice GPU kernels link (the "
                 "default: $CUDA_PATH, else /usr/local/cuda)");
  // Limits on untrusted model files (ImportLimits).
  auto addLimit = [&](const char *name, int64_t &value, const char *what) {
    app.add_option(name, value,
                   std::string(what) + " (default " + std::to_string(value) +
                       "); a model beyond it is refused")
        ->check(CLI::PositiveNumber)
        ->group("Limits on the input");
  };
  addLimit("--max-nodes", opts.limits.maxNodes,
           "The most nodes of a graph, its subgraphs and functions "
           "(.mlir: operations)");
  addLimit("--max-tensor-elements", opts.limits.maxTensorElements,
           "The most elements of one tensor");
  addLimit("--max-nesting", opts.limits.maxNesting,
           "The deepest nesting of subgraphs, function calls or regions");
  addLimit("--max-rank", opts.limits.maxRank,
           "The most dimensions of one tensor");
  addLimit("--max-list-length", opts.limits.maxListLength,
           "The most inputs or outputs of a node, entries of a list "
           "attribute");
  addLimit("--max-string-bytes", opts.limits.maxStringBytes,
           "The most bytes of a string attribute");
  app.set_version_flag("--version", std::string("tfcc ") + TFCC_VERSION +
                                        " (LLVM " LLVM_VERSION_STRING ")");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    return app.exit(e);
  }
  // The parser, the verifier and the passes recurse once per level of
  // nested regions: the compile runs on a thread whose stack grows with
  // --max-nesting (reserved, not committed), so that a raised limit is not
  // a stack overflow.
  uint64_t stackBytes = std::min<uint64_t>(
      uint64_t(1) << 30,
      (uint64_t(64) << 20) + uint64_t(opts.limits.maxNesting) * (64 << 10));
  int result = 1;
  llvm::thread worker(std::optional<unsigned>(stackBytes),
                      [&] { result = compile(opts, argv[0]); });
  worker.join();
  return result;
}
