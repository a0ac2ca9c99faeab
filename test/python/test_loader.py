"""tfcc.load / tfcc.compile(path) / Module: signatures, calls, checks and
errors, on models written in MLIR (independent of the .tfg importer)."""

import os
import threading

import numpy as np
import pytest

import tfcc as tf
from conftest import needs_compiler

pytestmark = needs_compiler

SIG = """
func.func @sig(%x: tensor<?x3xf32> {tfcc.name = "x"},
               %n: tensor<2xi64> {tfcc.name = "n"},
               %s: tensor<f64> {tfcc.name = "s"})
    -> (tensor<?x3xf32> {tfcc.name = "y"},
        tensor<2xi64> {tfcc.name = "n2"},
        tensor<?x3xi1> {tfcc.name = "pos"},
        tensor<?x2xf32> {tfcc.name = "cols"},
        tensor<f64> {tfcc.name = "s2"}) {
  %zero = tfcc.constant dense<0.0> : tensor<f32>
  %y = tfcc.abs %x : tensor<?x3xf32>
  %n2 = tfcc.add %n, %n : tensor<2xi64>, tensor<2xi64>
  %pos = tfcc.greater %x, %zero : tensor<?x3xf32>, tensor<f32>
  %cols = tfcc.slice %x begin = [0, 1] size = [-1, 2] : tensor<?x3xf32>
  %s2 = tfcc.mul %s, %s : tensor<f64>, tensor<f64>
  return %y, %n2, %pos, %cols, %s2
      : tensor<?x3xf32>, tensor<2xi64>, tensor<?x3xi1>, tensor<?x2xf32>,
        tensor<f64>
}
"""


@pytest.fixture(scope="module")
def sig_module(tmp_path_factory):
    path = tmp_path_factory.mktemp("sig") / "sig.mlir"
    path.write_text(SIG)
    return tf.compile(str(path))


def feeds(batch=4, seed=0):
    rng = np.random.default_rng(seed)
    return {"x": rng.standard_normal((batch, 3)).astype(np.float32),
            "n": np.array([3, -2 ** 40], np.int64),
            "s": np.array(1.5)}


def test_signature(sig_module):
    m = sig_module
    assert m.name == "sig"
    assert [(s.name, s.dtype, s.shape) for s in m.inputs] == [
        ("x", tf.float32, (None, 3)), ("n", tf.int64, (2,)),
        ("s", tf.float64, ())]
    assert [(s.name, s.dtype, s.shape) for s in m.outputs] == [
        ("y", tf.float32, (None, 3)), ("n2", tf.int64, (2,)),
        ("pos", tf.bool, (None, 3)), ("cols", tf.float32, (None, 2)),
        ("s2", tf.float64, ())]
    assert "TensorSpec(name='x', dtype=float32, shape=[None, 3])" in repr(m)


def test_call_matches_numpy(sig_module):
    for batch in (1, 7, 0):
        f = feeds(batch)
        out = sig_module(**f)
        assert sorted(out) == ["cols", "n2", "pos", "s2", "y"]
        np.testing.assert_array_equal(out["y"], np.abs(f["x"]))
        assert out["y"].dtype == np.float32 and out["y"].shape == (batch, 3)
        np.testing.assert_array_equal(out["n2"], f["n"] * 2)
        np.testing.assert_array_equal(out["pos"], f["x"] > 0)
        assert out["pos"].dtype == np.bool_
        # A strided view inside the runtime's buffer, copied out.
        np.testing.assert_array_equal(out["cols"], f["x"][:, 1:])
        assert out["cols"].flags.c_contiguous
        assert out["s2"].shape == () and out["s2"] == 2.25


def test_outputs_are_copies(sig_module):
    first = sig_module(feeds(3, seed=1))["y"]
    saved = first.copy()
    sig_module(feeds(5, seed=2))
    np.testing.assert_array_equal(first, saved)
    first[...] = 0  # writable and ours


def test_feed_forms(sig_module):
    f = feeds(2)
    a = sig_module(f)
    b = sig_module({"x:0": f["x"], "n": [3, -2 ** 40], "s": 1.5})
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])
    # A Python list of ints converts to the float32 input.
    c = sig_module(x=[[1, -2, 3]], n=f["n"], s=f["s"])
    np.testing.assert_array_equal(c["y"], [[1, 2, 3]])
    # Non-contiguous arrays are fine.
    xt = np.asfortranarray(f["x"])
    np.testing.assert_array_equal(sig_module(x=xt, n=f["n"], s=f["s"])["y"],
                                  np.abs(f["x"]))


def test_feed_errors(sig_module):
    f = feeds(2)
    with pytest.raises(ValueError, match="missing feed for input 's' "
                       "\\(float64 \\[\\]\\)"):
        sig_module(x=f["x"], n=f["n"])
    with pytest.raises(ValueError, match="unknown input 'q'; the model's "
                       "inputs are 'x', 'n', 's'"):
        sig_module(q=1, **f)
    with pytest.raises(TypeError, match="input 'x': expected dtype float32 "
                       "but got float64"):
        sig_module(x=f["x"].astype(np.float64), n=f["n"], s=f["s"])
    with pytest.raises(TypeError, match="input 'n': expected dtype int64"):
        sig_module(x=f["x"], n=[1.5, 2.0], s=f["s"])
    with pytest.raises(ValueError, match="input 'x': expected shape "
                       "\\[None, 3\\] but got \\[2, 4\\]"):
        sig_module(x=np.zeros((2, 4), np.float32), n=f["n"], s=f["s"])
    with pytest.raises(ValueError, match="input 'n': expected shape \\[2\\] "
                       "but got \\[\\]"):
        sig_module(x=f["x"], n=np.int64(3), s=f["s"])
    with pytest.raises(ValueError, match="fed twice"):
        sig_module({"x": f["x"]}, x=f["x"], n=f["n"], s=f["s"])
    with pytest.raises(TypeError, match="keyword feeds or one dict"):
        sig_module(f["x"])


def test_save_and_load(sig_module, tmp_path, repo):
    lib = str(tmp_path / "libsig.so")
    sig_module.save(lib)
    m2 = tf.load(lib)
    assert m2.inputs == sig_module.inputs
    assert m2.outputs == sig_module.outputs
    f = feeds(3)
    np.testing.assert_array_equal(m2(f)["y"], sig_module(f)["y"])
    # Saving another model over a loaded library leaves the loaded one
    # intact (a new file, not a rewrite of the mapped one).
    tf.compile(os.path.join(repo, "examples", "mlp", "mlp.mlir")).save(lib)
    np.testing.assert_array_equal(m2(f)["y"], sig_module(f)["y"])
    assert tf.load(lib).name == "mlp"


def test_threads_share_one_module(sig_module):
    errors = []

    def work(seed):
        try:
            for _ in range(20):
                f = feeds(5, seed)
                np.testing.assert_array_equal(sig_module(f)["y"],
                                              np.abs(f["x"]))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_compile_file_of_the_bundled_mlp(repo):
    m = tf.compile(os.path.join(repo, "examples", "mlp", "mlp.mlir"))
    out = m(x=np.ones((2, 4), np.float32))["y"]
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, rtol=1e-6)


def test_dynamic_arena(repo):
    """The bundled MLP's batch is dynamic: its intermediate buffers live in
    the dynamic arena, which the first run sizes, a smaller batch reuses and
    a larger one grows; the results stay those of a new instance."""
    m = tf.compile(os.path.join(repo, "examples", "mlp", "mlp.mlir"))
    assert m.memory_info()["dynamic_arena_bytes"] == 0
    rng = np.random.default_rng(0)
    sizes = []
    for batch in (8, 4, 64, 8):
        x = rng.standard_normal((batch, 4)).astype(np.float32)
        np.testing.assert_array_equal(m(x=x)["y"], tf.load(m.path)(x=x)["y"])
        sizes.append(m.memory_info()["dynamic_arena_bytes"])
    assert 0 < sizes[0] == sizes[1] < sizes[2] == sizes[3]


def test_compile_onnx_file(tmp_path):
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.default_rng(7)
    w = rng.standard_normal((3, 2)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["h"]),
         helper.make_node("Relu", ["h"], ["y"])], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2])],
        initializer=[numpy_helper.from_array(w, "w")])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    path = tmp_path / "tiny.onnx"
    onnx.save(model, str(path))
    m = tf.compile(str(path))
    assert [(s.name, s.shape) for s in m.inputs] == [("x", (None, 3))]
    xv = rng.standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_allclose(m(x=xv)["y"], np.maximum(xv @ w, 0),
                               rtol=1e-5, atol=1e-6)


def test_compile_errors(tmp_path):
    bad = tmp_path / "bad.mlir"
    bad.write_text("func.func @f(%x: tensor<2xf32>) -> tensor<3xf32> {\n"
                   "  %y = tfcc.add %x, %x : tensor<2xf32>, tensor<3xf32>\n"
                   "  return %y : tensor<3xf32>\n}\n")
    with pytest.raises(tf.CompileError, match="bad.mlir:2") as e:
        tf.compile(str(bad))
    assert "error" in e.value.stderr
    with pytest.raises(FileNotFoundError):
        tf.compile(str(tmp_path / "missing.onnx"))


def test_load_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        tf.load(str(tmp_path / "nope.so"))
    junk = tmp_path / "junk.so"
    junk.write_bytes(b"not an ELF file")
    with pytest.raises(tf.ModelError, match="cannot load"):
        tf.load(str(junk))
    from tfcc import _build
    runtime = os.path.join(_build.build_dir(), "lib", "libtfcc_runtime.so")
    if os.path.exists(runtime):
        with pytest.raises(tf.ModelError, match="not a model library"):
            tf.load(runtime)


THREADED = """
func.func @threaded(%a: tensor<?x256xf32> {tfcc.name = "a"},
                    %b: tensor<256x192xf32> {tfcc.name = "b"})
    -> (tensor<?x192xf32> {tfcc.name = "y"}) {
  %p = tfcc.matmul %a, %b : tensor<?x256xf32>, tensor<256x192xf32>
  %y = tfcc.tanh %p : tensor<?x192xf32>
  return %y : tensor<?x192xf32>
}
"""


def test_num_threads(tmp_path):
    """The thread count is the module's to set; the results do not depend
    on it (every element computed by the same code, in the same order)."""
    path = tmp_path / "threaded.mlir"
    path.write_text(THREADED)
    m = tf.compile(str(path))
    assert m.num_threads >= 1
    rng = np.random.default_rng(0)
    a = rng.standard_normal((300, 256)).astype(np.float32)
    b = rng.standard_normal((256, 192)).astype(np.float32) / 16
    ref = np.tanh(a.astype(np.float64) @ b.astype(np.float64))
    outs = {}
    for n in (1, 2, 3, 0):
        m.set_num_threads(n)
        assert m.num_threads == n or n == 0
        outs[n] = m(a=a, b=b)["y"]
        np.testing.assert_allclose(outs[n], ref, rtol=1e-5, atol=1e-5)
    for n in (2, 3, 0):
        np.testing.assert_array_equal(outs[n], outs[1])
    with pytest.raises(tf.ModelError, match="-1 threads; expected 1 to 256"):
        m.set_num_threads(-1)
    # The product and its tanh: a planned arena of whole vectors at least.
    info = m.memory_info()
    assert info["held_bytes"] >= info["arena_bytes"] >= 0


def test_run_into_arrays(sig_module):
    """Module.run(feeds, out=...) writes the named outputs into the caller's
    arrays (tfcc_model_bind_output) and returns them; the others as usual.
    The binding lasts for that run only."""
    f = feeds(4, seed=3)
    y = np.full((4, 3), -1.0, np.float32)
    cols = np.empty((4, 2), np.float32)
    out = sig_module.run(f, out={"y": y, "cols": cols})
    assert out["y"] is y and out["cols"] is cols
    np.testing.assert_array_equal(y, np.abs(f["x"]))
    np.testing.assert_array_equal(cols, f["x"][:, 1:])
    np.testing.assert_array_equal(out["n2"], f["n"] * 2)
    saved = y.copy()
    sig_module(feeds(4, seed=4))
    np.testing.assert_array_equal(y, saved)
    with pytest.raises(tf.ModelError,
                       match=r"output 'y': the run produced shape \[5,3\] "
                             r"but the bound buffer is \[4,3\]"):
        sig_module.run(feeds(5), out={"y": y})
    with pytest.raises(tf.ModelError,
                       match=r"output 'y': expected shape \[\?,3\] but got "
                             r"\[12\]"):
        sig_module.run(f, out={"y": np.empty(12, np.float32)})
    with pytest.raises(TypeError, match="dtype float32"):
        sig_module.run(f, out={"y": np.empty((4, 3), np.float64)})
    with pytest.raises(ValueError, match="unknown output 'z'"):
        sig_module.run(f, out={"z": y})
