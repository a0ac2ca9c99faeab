#!/usr/bin/env python3
"""Valid .tfg files with hostile attribute values and operand types.

    fuzz_attrs.py --pydir BUILD/python [--runs N] [--seed S] TFCC OUTDIR

Each run writes a one-op graph (op type, attribute values such as huge or
negative axes, sizes and counts, and placeholder dtypes and shapes drawn at
random) and compiles it (--phases, default up to import then to LLVM). tfcc must exit 0, or 1 with exactly one
error line; a failing graph is kept in OUTDIR. Complements fuzz_tfg.py,
whose byte-level damage mostly stops at the FlatBuffers verifier.
"""
import argparse, os, random, subprocess, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_tfg import Graph, I, F, S, T, IL, FL, Shape

parser = argparse.ArgumentParser()
parser.add_argument("--pydir", required=True)
parser.add_argument("--runs", type=int, default=100)
parser.add_argument("--seed", type=int, default=0)
parser.add_argument("--phases", default="import,llvm",
                    help="the --stop-after phases to run, in order")
parser.add_argument("tfcc")
parser.add_argument("outdir")
args = parser.parse_args()
sys.path.insert(0, args.pydir)
rng = random.Random(args.seed)
def ri(): return rng.choice([-2**62, -7, -3, -2, -1, 0, 1, 2, 3, 5, 2**40])
def rl(n=None): return IL([ri() for _ in range(n if n is not None else rng.randint(0, 5))])
ops = {
 "Reshape": lambda: dict(shape=rl()), "Transpose": lambda: dict(perm=rl()),
 "BroadcastTo": lambda: dict(shape=rl()), "Slice": lambda: dict(begin=rl(), size=rl()),
 "Split": lambda: dict(axis=I(ri()), num_split=I(rng.choice([-1,0,1,2,3,7]))),
 "Squeeze": lambda: dict(squeeze_dims=rl()), "ExpandDims": lambda: dict(axis=I(ri())),
 "Sum": lambda: dict(axis=rl()), "Mean": lambda: dict(axis=rl(), keep_dims=True),
 "Prod": lambda: dict(axis=rl()), "ArgMax": lambda: dict(axis=I(ri())),
 "Softmax": lambda: dict(axis=I(ri())), "ConcatV2": lambda: dict(axis=I(ri())),
 "Pad": lambda: dict(paddings=rl(), constant_value=F(1.0)),
 "GatherV2": lambda: dict(axis=I(ri())), "OneHot": lambda: dict(depth=I(ri()), axis=I(ri())),
 "TopKV2": lambda: dict(k=I(ri())), "UnsortedSegmentSum": lambda: dict(num_segments=I(ri())),
 "Conv2D": lambda: dict(strides=rl(4), dilations=rl(4), padding=S(rng.choice(["SAME","VALID","EXPLICIT","X"])), explicit_paddings=rl(8), data_format=S(rng.choice(["NHWC","NCHW"]))),
 "DepthwiseConv2dNative": lambda: dict(strides=rl(4), padding=S(rng.choice(["SAME","VALID"]))),
 "MaxPool": lambda: dict(ksize=rl(4), strides=rl(4), padding=S(rng.choice(["SAME","VALID"]))),
 "AvgPool": lambda: dict(ksize=rl(4), strides=rl(4), padding=S("SAME"), data_format=S("NCHW")),
 "LayerNorm": lambda: dict(begin_norm_axis=I(ri())), "Cast": lambda: dict(DstT=T(rng.choice(["f32","i32","bool"]))),
 "Select": lambda: {}, "MatMul": lambda: dict(transpose_a=True), "BatchMatMulV2": lambda: {},
 "FusedBatchNormV3": lambda: {}, "BiasAdd": lambda: dict(data_format=S("NCHW")), "ClipByValue": lambda: {},
}
nin = {"ConcatV2": 2, "GatherV2": 2, "UnsortedSegmentSum": 2, "Conv2D": 2, "DepthwiseConv2dNative": 2,
       "LayerNorm": 3, "Select": 3, "MatMul": 2, "BatchMatMulV2": 2, "FusedBatchNormV3": 5, "BiasAdd": 2, "ClipByValue": 3}
A = args.tfcc; fails = 0; n = args.runs
env = dict(os.environ)
for var in ("ASAN_OPTIONS", "LSAN_OPTIONS"):
    env.setdefault(var, "exitcode=99")
for run in range(n):
    g = Graph()
    names = []
    for k in range(3):
        shape = [rng.choice([-1, 0, 1, 2, 3, 5]) for _ in range(rng.randint(0, 4))]
        dt = rng.choice(["f32", "i32", "i64", "bool"])
        g.placeholder("p%d" % k, dt, shape); names.append("p%d" % k)
    op = rng.choice(sorted(ops))
    ins = [rng.choice(names) for _ in range(nin.get(op, 1))]
    g.node("y", op, ins, **ops[op]())
    g.fetches = ["y:0"]
    path = os.path.join(args.outdir, "graph.tfg")
    open(path, "wb").write(g.to_bytes())
    for phase in args.phases.split(","):
        p = subprocess.run([A, path, "--stop-after=" + phase], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, timeout=120)
        err = p.stderr.decode(errors="replace")
        if p.returncode not in (0, 1) or "Sanitizer" in err or (p.returncode == 1 and (len(err.splitlines()) != 1 or ": error: " not in err)):
            fails += 1
            keep = os.path.join(args.outdir, "fail-%d-%s.tfg" % (run, phase))
            open(keep, "wb").write(g.to_bytes())
            print("FAIL", run, op, phase, p.returncode, err[:600].replace("\n", " | "))
        if p.returncode != 0:
            break
print("fuzz_attrs: %d runs, %d failed" % (n, fails))
sys.exit(1 if fails else 0)
