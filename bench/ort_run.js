#!/usr/bin/env node
// Times one ONNX model on ONNX Runtime's CPU provider (one intra-op thread
// unless the spec says "threads"); the peer
// of bench/models.py and bench/gemm.py, which write the spec and read back the
// outputs.
//
//   node bench/ort_run.js SPEC.json
//
// SPEC: {"model": "m.onnx", "inputs": [{"name", "file" (raw little-endian
// data), "dtype" (float32, float64, int32, int64, bool), "shape"}],
// "out_dir": DIR, "reps": N, "seconds": S, "threads": T (default 1)}
//
// One untimed warm-up run, then runs until N or S seconds (at least 3); a
// warm-up longer than S is the only measurement (as bench/common.py's
// time_fn). Writes the warm-up's outputs to DIR/out<i>.bin and prints one JSON
// line: {"median_ms", "reps", "outputs": [{"name", "file", "dtype",
// "shape"}], "base_rss_kb" (the process before the session),
// "max_rss_kb" (its peak resident memory)}. Needs
// `npm install --ignore-scripts` in bench/.

"use strict";

const fs = require("fs");
const path = require("path");
const ort = require("onnxruntime-node");

const ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  int64: BigInt64Array,
  bool: Uint8Array,
};

function readInput(spec) {
  const Type = ARRAYS[spec.dtype];
  if (!Type) throw new Error(`input '${spec.name}': dtype ${spec.dtype}`);
  const bytes = fs.readFileSync(spec.file);
  const count = spec.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== count * Type.BYTES_PER_ELEMENT)
    throw new Error(`input '${spec.name}': ${bytes.length} bytes for shape ` +
                    `[${spec.shape}] of ${spec.dtype}`);
  // A copy: readFileSync's buffer need not be aligned for the typed array.
  const data = new Type(count);
  new Uint8Array(data.buffer).set(bytes);
  return new ort.Tensor(spec.dtype, data, spec.shape);
}

// A line of /proc/self/status in KB ("VmRSS", "VmHWM"), or null: the peak
// of this process's own memory (getrusage's maxRSS carries the parent's
// across exec).
function statusKb(field) {
  try {
    const m = fs.readFileSync("/proc/self/status", "utf8")
                  .match(new RegExp(`^${field}:\\s+(\\d+)`, "m"));
    return m ? Number(m[1]) : null;
  } catch (e) {
    return null;
  }
}

function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  if (process.argv.length !== 3) {
    console.error("usage: node ort_run.js SPEC.json");
    process.exit(2);
  }
  const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const baseRssKb = statusKb("VmRSS");
  const session = await ort.InferenceSession.create(spec.model, {
    executionProviders: ["cpu"],
    intraOpNumThreads: spec.threads || 1,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });
  const feeds = {};
  for (const input of spec.inputs) feeds[input.name] = readInput(input);

  let t = nowMs();
  const first = await session.run(feeds);
  const warm = nowMs() - t;
  let times = [];
  if (warm >= 1e3 * spec.seconds) {
    times = [warm];
  } else {
    const start = nowMs();
    while (times.length < spec.reps &&
           (times.length < 3 || nowMs() - start < 1e3 * spec.seconds)) {
      t = nowMs();
      await session.run(feeds);
      times.push(nowMs() - t);
    }
  }

  const outputs = session.outputNames.map((name, i) => {
    const tensor = first[name];
    const file = path.join(spec.out_dir, `out${i}.bin`);
    const data = tensor.data;
    fs.writeFileSync(file, Buffer.from(data.buffer, data.byteOffset,
                                       data.byteLength));
    return {name, file, dtype: tensor.type, shape: tensor.dims};
  });
  console.log(JSON.stringify({median_ms: median(times), reps: times.length,
                              outputs, base_rss_kb: baseRssKb,
                              max_rss_kb: statusKb("VmHWM")}));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
