#!/usr/bin/env python3
"""End-to-end numeric test harness for tfcc.

    run_e2e.py [--cc CC] [--tfcc-flags ARGS] [--model FILE] [--build-only]
               TEST.mlir OUTDIR
    run_e2e.py --write-tensor PATH DTYPE SHAPE [VALUE]

Compiles TEST.mlir with `tfcc` (from PATH) into OUTDIR/libmodel.a, builds
e2e_driver.c against it with CC (default: $CC, else `cc`), then for every
case draws the inputs with a fixed seed, runs the driver, computes the numpy
reference and compares. Prints one line per output and case:

    PASS y max_abs_err=1.19e-07 max_rel_err=4.5e-07 (case 2: N=7)
    FAIL y: 3 of 28 elements out of tolerance ... (case 2: N=7)

and exits 1 when any comparison failed, 2 on a harness, compiler or driver
error. OUTDIR is wiped first. With TFCC_E2E_MCPUS set (a space-separated
list of --mcpu values; lit sets those the host can execute), the model is
built and run once per CPU, in OUTDIR/<cpu>, unless the test's own flags
name an --mcpu or --build-only is given. --tfcc-flags adds tfcc arguments (after those
of E2E-FLAGS), e.g. to rerun a test at -O0. --build-only stops after
building OUTDIR/e2e_driver. --model compiles FILE (e.g. a .tfg or .onnx
graph written at test time) instead of TEST, which then only holds the
directives. --write-tensor writes one tensor file in the
driver's format (see e2e_driver.c), filled with VALUE (default 0); SHAPE is
like [3,5] or [] for a scalar.

Directives, in `//` comment lines of the test:

  // E2E-INPUT: NAME DTYPE SHAPE DIST
      One line per model input, in any order. DTYPE is f32, f64, i32, i64 or
      i1. SHAPE is the compiled signature, e.g. [N,4], [?,4] or [] (rank 0):
      a dimension is a size, or dynamic: `?` or a symbol such as N, which
      E2E-CASE sets once for every input using it. The harness checks the
      declared signature against the compiled one. DIST draws values:
        uniform(lo, hi)     floats in [lo, hi)
        normal(mean, std)   floats
        randint(lo, hi)     integers in [lo, hi)
        bernoulli(p)        booleans, true with probability p
        choice(v, ...)      uniformly among the listed values
        arange(start=0)     start, start+1, ... in row-major order
        = EXPR              a Python expression over np, rng (the seeded
                            generator), shape (this case's shape) and the
                            case's size symbols (N, V...), broadcast to
                            the shape and cast to DTYPE
  // E2E-CASE: N=7 M=1 | N=64 M=3 | x=[5,4] ...
      One run per `|`-separated group; every E2E-CASE line adds more. A
      group sets symbols (SYM=SIZE: a dimension symbol, or a name that an
      `= EXPR` draw uses) and/or whole shapes of inputs
      (NAME=SHAPE, needed for `?` dimensions). Without any E2E-CASE there
      is one case, which needs a fully static signature.
  // E2E-REF: PYTHON
      The reference. All E2E-REF lines, joined with newlines (indentation
      after the first space is kept), run once per case with the inputs
      bound to their names as numpy arrays (i1 as bool) and np, math and
      erf (math.erf vectorized, float64 result) in scope. It must assign a
      variable named like each model output; its dtype and shape must match
      the output exactly (i1 <-> bool).
  // E2E-TOL: [OUTPUT] rtol=R atol=A
      Float tolerance: |got - ref| <= atol + rtol * |ref| elementwise, NaN
      only where the reference has NaN, infinities equal. Without OUTPUT it
      applies to every output. Defaults: f32 rtol=1e-5 atol=1e-6, f64
      rtol=1e-12 atol=1e-12. Integers and booleans always compare exactly.
  // E2E-FLAGS: ARGS       extra tfcc arguments (e.g. -O0).
  // E2E-SEED: N           seed of the input generator (default 0).
  // E2E-OPTIONS: one-instance
      Runs all cases in one driver process on a single model instance.
"""

import math
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys

import numpy as np

MAGIC = b"TFCCE2E1"
DTYPES = {  # name -> (tfcc dtype code, numpy dtype)
    "f32": (0, np.dtype(np.float32)),
    "f64": (1, np.dtype(np.float64)),
    "i32": (2, np.dtype(np.int32)),
    "i64": (3, np.dtype(np.int64)),
    "i1": (4, np.dtype(np.bool_)),
}
CODE_TO_DTYPE = {code: name for name, (code, _) in DTYPES.items()}
DEFAULT_TOL = {"f32": (1e-5, 1e-6), "f64": (1e-12, 1e-12)}
DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "e2e_driver.c")


class HarnessError(Exception):
    pass


# --------------------------------------------------------------------------
# Tensor files
# --------------------------------------------------------------------------

def write_tensor(path, dtype_name, array):
    code, np_dtype = DTYPES[dtype_name]
    array = np.array(array, dtype=np_dtype, order="C")  # keeps rank 0
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<qq", code, array.ndim))
        f.write(struct.pack("<%dq" % array.ndim, *array.shape))
        f.write(array.astype(np_dtype.newbyteorder("<")).tobytes())


def read_tensor(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != MAGIC:
        raise HarnessError("%s: bad magic" % path)
    code, rank = struct.unpack_from("<qq", data, 8)
    dims = struct.unpack_from("<%dq" % rank, data, 24)
    dtype_name = CODE_TO_DTYPE[code]
    np_dtype = DTYPES[dtype_name][1]
    offset = 24 + 8 * rank
    count = int(np.prod(dims, dtype=np.int64))
    if len(data) - offset != count * np_dtype.itemsize:
        raise HarnessError("%s: size does not match the header" % path)
    raw = np.frombuffer(data, dtype=np_dtype.newbyteorder("<"), count=count,
                        offset=offset)
    if dtype_name == "i1" and not np.all((raw.view(np.uint8) <= 1)):
        raise HarnessError("%s: i1 data holds bytes other than 0 and 1" % path)
    return dtype_name, raw.astype(np_dtype).reshape(dims)


# --------------------------------------------------------------------------
# Directives
# --------------------------------------------------------------------------

def parse_shape(text, allow_symbols):
    """[2,?,N] -> (2, None, 'N'); symbols and ? only if allow_symbols."""
    text = text.strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise HarnessError("bad shape '%s'" % text)
    body = text[1:-1].strip()
    if not body:
        return ()
    dims = []
    for d in body.split(","):
        d = d.strip()
        if re.fullmatch(r"\d+", d):
            dims.append(int(d))
        elif d == "?" and allow_symbols:
            dims.append(None)
        elif re.fullmatch(r"[A-Za-z_]\w*", d) and allow_symbols:
            dims.append(d)
        else:
            raise HarnessError("bad dimension '%s' in shape '%s'" % (d, text))
    return tuple(dims)


def format_shape(shape):
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


class Sampler:
    """A distribution from an E2E-INPUT line."""

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, rng, shape, np_dtype):
        return self.fn(rng, shape, np_dtype)


def _uniform(lo, hi):
    return Sampler(lambda rng, shape, t: rng.uniform(lo, hi, size=shape))


def _normal(mean, std):
    return Sampler(lambda rng, shape, t: rng.normal(mean, std, size=shape))


def _randint(lo, hi):
    return Sampler(lambda rng, shape, t: rng.integers(lo, hi, size=shape,
                                                      dtype=np.int64))


def _bernoulli(p):
    return Sampler(lambda rng, shape, t: rng.random(size=shape) < p)


def _choice(*values):
    return Sampler(lambda rng, shape, t: np.asarray(values)[
        rng.integers(0, len(values), size=shape)])


def _arange(start=0):
    return Sampler(lambda rng, shape, t: (
        start + np.arange(int(np.prod(shape, dtype=np.int64)))).reshape(shape))


SAMPLERS = {"uniform": _uniform, "normal": _normal, "randint": _randint,
            "bernoulli": _bernoulli, "choice": _choice, "arange": _arange}


class Input:
    def __init__(self, name, dtype, shape, dist):
        self.name, self.dtype, self.shape = name, dtype, shape
        self.dist = dist.strip()
        if self.dist.startswith("="):
            expr = self.dist[1:].strip()
            compile(expr, "<E2E-INPUT %s>" % name, "eval")
            self.sampler = Sampler(
                lambda rng, shape, t: np.broadcast_to(
                    eval(expr, {"np": np, "math": math},
                         dict(self.sizes, rng=rng, shape=shape)), shape))
        else:
            try:
                self.sampler = eval(self.dist, {"__builtins__": {}},
                                    dict(SAMPLERS))
            except Exception as e:  # noqa: BLE001 - reported to the user
                raise HarnessError("input %s: bad distribution '%s': %s" %
                                   (name, self.dist, e))
            if not isinstance(self.sampler, Sampler):
                raise HarnessError("input %s: '%s' is not a distribution" %
                                   (name, self.dist))

    def draw(self, rng, shape, sizes=None):
        self.sizes = {k: v for k, v in (sizes or {}).items()
                      if isinstance(v, int)}
        np_dtype = DTYPES[self.dtype][1]
        value = np.asarray(self.sampler(rng, shape, np_dtype))
        if value.shape != tuple(shape):
            raise HarnessError("input %s: drew shape %s, wanted %s" %
                               (self.name, value.shape, shape))
        if np_dtype.kind in "iu" and value.dtype.kind == "f":
            raise HarnessError("input %s: float values for an integer input; "
                               "use randint or choice" % self.name)
        return np.array(value, dtype=np_dtype, order="C")


class Test:
    def __init__(self, path, need_ref=True):
        self.path = path
        self.model = None  # the file to compile when it is not `path`
        self.inputs = []
        self.cases = []  # list of {name: shape}
        self.ref_lines = []
        self.tol = {}  # output name or None -> (rtol, atol)
        self.flags = []
        self.seed = 0
        self.one_instance = False
        directive = re.compile(r"^\s*//\s*E2E-([A-Z]+):(.*)$")
        with open(path) as f:
            for lineno, line in enumerate(f, 1):
                m = directive.match(line.rstrip("\n"))
                if not m:
                    continue
                kind, rest = m.group(1), m.group(2)
                try:
                    self._directive(kind, rest)
                except HarnessError as e:
                    raise HarnessError("%s:%d: %s" % (path, lineno, e))
        if need_ref and not self.ref_lines:
            raise HarnessError("%s: no E2E-REF directive" % path)
        names = [i.name for i in self.inputs]
        if len(set(names)) != len(names):
            raise HarnessError("%s: an input is declared twice" % path)
        if not self.cases:
            self.cases.append({})
        symbols = {d for i in self.inputs for d in i.shape
                   if isinstance(d, str)}
        # A symbol may also be a value that an `= EXPR` draw uses.
        for i in self.inputs:
            if i.dist.startswith("="):
                symbols.update(re.findall(r"[A-Za-z_]\w*", i.dist))
        for case in self.cases:
            for name, value in case.items():
                known = names if isinstance(value, tuple) else symbols
                if name not in known:
                    raise HarnessError("%s: E2E-CASE sets '%s', which is no "
                                       "%s" % (path, name, "input" if
                                               isinstance(value, tuple) else
                                               "dimension symbol"))
        self.ref_code = compile("\n".join(self.ref_lines),
                                "<E2E-REF of %s>" % os.path.basename(path),
                                "exec")

    def _directive(self, kind, rest):
        if kind == "INPUT":
            m = re.match(r"\s*(\w+)\s+(\w+)\s+(\[[^\]]*\])\s+(.+)$", rest)
            if not m:
                raise HarnessError("expected 'NAME DTYPE SHAPE DIST'")
            if m.group(2) not in DTYPES:
                raise HarnessError("unknown dtype '%s'" % m.group(2))
            self.inputs.append(Input(m.group(1), m.group(2),
                                     parse_shape(m.group(3), True),
                                     m.group(4)))
        elif kind == "CASE":
            item = r"(\w+)\s*=\s*(\[[^\]]*\]|\d+)"
            for group in rest.split("|"):
                case = {}
                for m in re.finditer(item, group):
                    if m.group(2).startswith("["):
                        case[m.group(1)] = parse_shape(m.group(2), False)
                    else:
                        case[m.group(1)] = int(m.group(2))
                if re.sub(item, "", group).strip() or not case:
                    raise HarnessError("bad case '%s'" % group.strip())
                self.cases.append(case)
        elif kind == "REF":
            # Keep indentation beyond the single space after the colon.
            self.ref_lines.append(rest[1:] if rest.startswith(" ") else rest)
        elif kind == "TOL":
            m = re.match(r"\s*(?:(\w+)\s+)?rtol\s*=\s*(\S+)\s+atol\s*=\s*(\S+)"
                         r"\s*$", rest)
            if not m:
                raise HarnessError("expected '[OUTPUT] rtol=R atol=A'")
            self.tol[m.group(1)] = (float(m.group(2)), float(m.group(3)))
        elif kind == "FLAGS":
            self.flags += shlex.split(rest)
        elif kind == "SEED":
            self.seed = int(rest)
        elif kind == "OPTIONS":
            for opt in rest.split():
                if opt != "one-instance":
                    raise HarnessError("unknown option '%s'" % opt)
                self.one_instance = True
        else:
            raise HarnessError("unknown directive E2E-%s" % kind)

    def case_shapes(self, case):
        shapes = {}
        for inp in self.inputs:
            if inp.name in case:
                shape = case[inp.name]
                if len(shape) != len(inp.shape) or any(
                        isinstance(d, int) and s != d
                        for s, d in zip(shape, inp.shape)):
                    raise HarnessError(
                        "case shape %s of '%s' does not fit its signature %s"
                        % (format_shape(shape), inp.name,
                           format_shape(inp.shape)))
            else:
                shape = []
                for d in inp.shape:
                    if d is None:
                        raise HarnessError("input '%s' has a '?' dimension; "
                                           "give its shape in every E2E-CASE"
                                           % inp.name)
                    if isinstance(d, str):
                        if d not in case:
                            raise HarnessError("a case does not set '%s'" % d)
                        d = case[d]
                    shape.append(d)
                shape = tuple(shape)
            shapes[inp.name] = shape
        return shapes

    def check_signature(self, lines):
        """Compares the declared inputs with the driver's --signature."""
        compiled = {}
        self.outputs = []
        for line in lines.splitlines():
            kind, name, dtype, shape = line.split()
            if kind == "input":
                compiled[name] = (dtype, parse_shape(shape, True))
            else:
                self.outputs.append(name)
        declared = {i.name: (i.dtype, tuple(
            d if isinstance(d, int) else None for d in i.shape))
            for i in self.inputs}
        if compiled != declared:
            def fmt(sig):
                return ", ".join("%s %s %s" % (n, t, format_shape(s))
                                 for n, (t, s) in sorted(sig.items()))
            raise HarnessError("E2E-INPUT declares {%s} but the model takes "
                               "{%s}" % (fmt(declared), fmt(compiled)))


# --------------------------------------------------------------------------
# Building and running
# --------------------------------------------------------------------------

def run(cmd, what):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    if proc.returncode != 0:
        raise HarnessError("%s failed (exit %d):\n  %s\n%s%s" % (
            what, proc.returncode, " ".join(shlex.quote(c) for c in cmd),
            proc.stdout, proc.stderr))
    return proc.stdout


def build(test, outdir, cc):
    library = os.path.join(outdir, "libmodel.a")
    run(["tfcc", test.model or test.path, "-o", library] + test.flags,
        "tfcc")
    headers = [f for f in os.listdir(outdir) if f.endswith(".h")]
    if len(headers) != 1:
        raise HarnessError("expected one header from tfcc, found %s" % headers)
    entry = headers[0][:-2]
    driver = os.path.join(outdir, "e2e_driver")
    run(shlex.split(cc) + [
        "-std=c99", "-O2", "-Wall", "-Wextra", "-pedantic", "-Werror",
        "-DTFCC_ENTRY_CREATE=%s_create" % entry,
        "-include", os.path.join(outdir, headers[0]),
        DRIVER, library, "-lm", "-o", driver], "building the driver")
    return driver


def compare(name, got_dtype, got, ref, tol):
    """Returns (ok, message)."""
    want = DTYPES[got_dtype][1]
    ref = np.asarray(ref)
    if ref.dtype != want:
        return False, "dtype mismatch: model gives %s, reference is %s" % (
            got_dtype, ref.dtype)
    if got.shape != ref.shape:
        return False, "shape mismatch: model gives %s, reference is %s" % (
            format_shape(got.shape), format_shape(ref.shape))
    if got.size == 0:
        return True, "max_abs_err=0 (empty)"
    if want.kind != "f":
        bad = got != ref
        if bad.any():
            idx = tuple(int(i) for i in np.argwhere(bad)[0])
            return False, ("%d of %d elements differ; first at %s: got %s, "
                           "expected %s" % (bad.sum(), got.size, list(idx),
                                            got[idx], ref[idx]))
        return True, "max_abs_err=0 (exact)"
    rtol, atol = tol
    g, r = got.astype(np.float64), ref.astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        nan_bad = np.isnan(g) != np.isnan(r)
        inf_bad = (np.isinf(g) | np.isinf(r)) & (g != r) & ~np.isnan(r)
        finite = np.isfinite(g) & np.isfinite(r)
        err = np.where(finite, np.abs(g - r), 0.0)
        tol_bad = finite & (err > atol + rtol * np.abs(r))
        bad = nan_bad | inf_bad | tol_bad
        max_err = float(err.max())
        rel = np.where(finite & (r != 0),
                       err / np.where(r != 0, np.abs(r), 1), 0)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        worst = tuple(int(i) for i in np.unravel_index(np.argmax(
            np.where(bad, np.where(finite, err, np.inf), -1)), got.shape))
        return False, ("%d of %d elements out of tolerance (rtol=%g atol=%g); "
                       "max_abs_err=%.3g; first at %s: got %r, expected %r; "
                       "worst at %s: got %r, expected %r" % (
                           bad.sum(), got.size, rtol, atol, max_err,
                           list(idx), got[idx].item(), ref[idx].item(),
                           list(worst), got[worst].item(), ref[worst].item()))
    return True, "max_abs_err=%.3g max_rel_err=%.3g" % (max_err,
                                                        float(rel.max()))


def run_test(test, outdir, driver):
    rng = np.random.default_rng(test.seed)
    prepared = []  # (label, inputs dict, case dir, driver args)
    for n, case in enumerate(test.cases, 1):
        shapes = test.case_shapes(case)
        case_dir = os.path.join(outdir, "case%d" % n)
        os.makedirs(case_dir)
        values, args = {}, [case_dir]
        for inp in test.inputs:
            values[inp.name] = inp.draw(rng, shapes[inp.name], case)
            path = os.path.join(case_dir, "in_%s.bin" % inp.name)
            write_tensor(path, inp.dtype, values[inp.name])
            args.append("%s=%s" % (inp.name, path))
        label = "case %d" % n
        dyn = ["%s=%s" % (k, format_shape(v) if isinstance(v, tuple) else v)
               for k, v in case.items()]
        if dyn:
            label += ": " + " ".join(dyn)
        prepared.append((label, values, case_dir, args))

    if test.one_instance:
        cmd = [driver]
        for i, p in enumerate(prepared):
            cmd += (["--then"] if i else []) + p[3]
        run(cmd, "the driver")
    else:
        for p in prepared:
            run([driver] + p[3], "the driver (%s)" % p[0])

    failures = 0
    for label, values, case_dir, _ in prepared:
        namespace = {"np": np, "math": math,
                     "erf": np.vectorize(math.erf, otypes=[np.float64])}
        namespace.update({k: v.copy() for k, v in values.items()})
        exec(test.ref_code, namespace)
        for name in test.outputs:
            got_dtype, got = read_tensor(os.path.join(case_dir, name + ".bin"))
            if name not in namespace:
                print("FAIL %s: the reference does not define '%s' (%s)" %
                      (name, name, label))
                failures += 1
                continue
            tol = test.tol.get(name, test.tol.get(None,
                                                  DEFAULT_TOL.get(got_dtype)))
            ok, message = compare(name, got_dtype, got, namespace[name], tol)
            print("%s %s%s %s (%s)" % ("PASS" if ok else "FAIL", name,
                                       "" if ok else ":", message, label))
            failures += 0 if ok else 1
    return failures


def main(argv):
    args = argv[1:]
    if args and args[0] == "--write-tensor":
        if len(args) not in (4, 5):
            raise HarnessError("--write-tensor PATH DTYPE SHAPE [VALUE]")
        path, dtype, shape = args[1], args[2], parse_shape(args[3], False)
        if dtype not in DTYPES:
            raise HarnessError("unknown dtype '%s'" % dtype)
        value = float(args[4]) if len(args) == 5 else 0
        write_tensor(path, dtype, np.full(shape, value))
        return 0
    cc = os.environ.get("CC", "cc")
    build_only = False
    extra_flags = []
    model = None
    positional = []
    while args:
        a = args.pop(0)
        if a == "--cc":
            cc = args.pop(0)
        elif a.startswith("--cc="):
            cc = a[len("--cc="):]
        elif a == "--tfcc-flags":
            extra_flags += shlex.split(args.pop(0))
        elif a == "--model":
            model = args.pop(0)
        elif a == "--build-only":
            build_only = True
        else:
            positional.append(a)
    if len(positional) != 2:
        raise HarnessError("usage: run_e2e.py [--cc CC] [--tfcc-flags ARGS] "
                           "[--model FILE] [--build-only] TEST OUTDIR")
    test_path, outdir = positional
    test = Test(test_path, need_ref=not build_only)
    test.flags += extra_flags
    test.model = model
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    # One build per CPU of TFCC_E2E_MCPUS (lit sets those the host can
    # run), unless the test picks its own or only builds; else one for the
    # host's.
    mcpus = os.environ.get("TFCC_E2E_MCPUS", "").split()
    if (build_only or not mcpus or
            any(f.startswith("--mcpu") for f in test.flags)):
        mcpus = [None]
    base_flags = test.flags
    failures = 0
    for mcpu in mcpus:
        target_dir = outdir
        test.flags = base_flags
        if mcpu is not None:
            print("-- --mcpu=%s" % mcpu)
            target_dir = os.path.join(outdir, mcpu)
            os.makedirs(target_dir)
            test.flags = base_flags + ["--mcpu=" + mcpu]
        driver = build(test, target_dir, cc)
        if build_only:
            return 0
        test.check_signature(run([driver, "--signature"], "the driver"))
        unknown = [n for n in test.tol
                   if n is not None and n not in test.outputs]
        if unknown:
            raise HarnessError("E2E-TOL names unknown output(s) %s" % unknown)
        failures += run_test(test, target_dir, driver)
    if failures:
        print("%d comparison(s) failed" % failures)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except HarnessError as e:
        print("run_e2e.py: error: %s" % e, file=sys.stderr)
        sys.exit(2)
