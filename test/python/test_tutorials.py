"""TensorFlow 1.x tutorial programs, written as the tutorials write them
with `import tfcc as tf` (test/python/tutorials/), on synthetic data in
place of the downloads:

- Deep MNIST for Experts (conv, max-pool, dropout with a fed keep_prob of
  unknown rank, Adam, Tensor.eval/Operation.run): reaches 95% test
  accuracy on 10 noisy image classes;
- a tf.layers CNN with batch normalization (training flag, UPDATE_OPS,
  dropout layer, global_step): reaches 95% with the moving averages;
- word2vec's skip-gram with embedding_lookup and a full softmax (sparse
  SGD into the embedding table): losses and weights match a PyTorch
  replica (nn.Embedding(sparse=True)) from the same initial values, to
  rtol=1e-5 (float32);
- softmax regression with tf.train.exponential_decay driven by
  global_step: rates, losses and weights match a numpy replica (float32
  against float64: rtol=1e-4)."""

import os
import sys

import numpy as np
import pytest

import tfcc as tf
from conftest import needs_compiler

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "tutorials"))

import deep_mnist  # noqa: E402
import layers_cnn  # noqa: E402
import lr_schedule  # noqa: E402
import word2vec  # noqa: E402


class Digits:
    """Ten classes of 28x28 images: a smooth random template per class
    plus noise, clipped to [0, 1]."""

    def __init__(self, seed=0, flat=True, one_hot=True):
        self.rng = np.random.default_rng(seed)
        t = self.rng.uniform(0, 1, (10, 28, 28))
        for _ in range(2):
            t = (t + np.roll(t, 1, 1) + np.roll(t, 1, 2)) / 3
        self.templates = (t - t.mean()) * 3 + 0.5
        self.flat, self.one_hot = flat, one_hot
        self.test_images, self.test_labels = self.next_batch(500)

    def next_batch(self, n):
        labels = self.rng.integers(0, 10, n)
        img = self.templates[labels] + \
            0.35 * self.rng.standard_normal((n, 28, 28))
        img = np.clip(img, 0, 1).astype(np.float32)
        img = img.reshape(n, 784) if self.flat else img[..., None]
        return img, (np.eye(10, dtype=np.float32)[labels] if self.one_hot
                     else labels)


@needs_compiler
def test_deep_mnist_reaches_its_accuracy():
    lines = []
    acc = deep_mnist.main(Digits(), steps=120, log=lines.append)
    assert lines[0].startswith("step 0, training accuracy")
    assert acc >= 0.95, lines


@needs_compiler
def test_layers_cnn_with_batch_norm_reaches_its_accuracy():
    lines = []
    # The moving averages (momentum 0.99, TF's default) need a few hundred
    # steps to settle; the batch statistics train faster.
    acc, step = layers_cnn.main(Digits(1, flat=False, one_hot=False),
                                steps=300, log=lines.append)
    assert step == 300
    assert acc >= 0.95, lines


@needs_compiler
def test_word2vec_skip_gram_matches_pytorch():
    torch = pytest.importorskip("torch")
    vocab, dim, batch = 60, 16, 32
    rng = np.random.default_rng(4)
    # A corpus where each word is mostly followed by the next one.
    words = [0]
    for _ in range(3000):
        words.append((words[-1] + (1 if rng.uniform() < 0.8 else
                                   rng.integers(2, vocab))) % vocab)
    words = np.array(words)
    pairs = [(words[i], words[i + d]) for i in range(1, len(words) - 1)
             for d in (-1, 1)]
    pairs = np.array(pairs)
    tf.set_random_seed(7)
    m = word2vec.build(vocab, dim, np.array([1, 5, 9]))
    batches = [pairs[rng.integers(0, len(pairs), batch)] for _ in range(6)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        e0, w0, b0 = sess.run([m["embeddings"], m["softmax_weights"],
                               m["softmax_biases"]])
        losses = []
        for bt in batches:
            _, value = sess.run([m["optimizer"], m["loss"]],
                                {m["inputs"]: bt[:, 0],
                                 m["labels"]: bt[:, 1]})
            losses.append(value)
        e1, sim = sess.run([m["embeddings"], m["similarity"]])

    emb = torch.nn.Embedding(vocab, dim, sparse=True)
    lin = torch.nn.Linear(dim, vocab)
    with torch.no_grad():
        emb.weight.copy_(torch.from_numpy(e0))
        lin.weight.copy_(torch.from_numpy(w0.T))
        lin.bias.copy_(torch.from_numpy(b0))
    opt = torch.optim.SGD(list(emb.parameters()) + list(lin.parameters()),
                          lr=1.0)
    want = []
    for bt in batches:
        opt.zero_grad()
        out = lin(emb(torch.from_numpy(bt[:, 0])))
        value = torch.nn.functional.cross_entropy(out,
                                                  torch.from_numpy(bt[:, 1]))
        value.backward()
        opt.step()
        want.append(value.item())
    np.testing.assert_allclose(losses, want, rtol=1e-5)
    np.testing.assert_allclose(e1, emb.weight.detach().numpy(), rtol=1e-5,
                               atol=1e-6)
    # The similarity of normalized embeddings, as the tutorial prints it.
    n = e1 / np.linalg.norm(e1, axis=1, keepdims=True)
    np.testing.assert_allclose(sim, n[[1, 5, 9]] @ n.T, rtol=1e-5,
                               atol=1e-6)


@needs_compiler
def test_lr_schedule_with_global_step_matches_numpy():
    data = Digits(2)
    batch = [data.next_batch(64) for _ in range(8)]
    rates, losses, w, b, step = lr_schedule.main(lambda i: batch[i], 8)
    assert step == 8
    W, B = np.zeros((784, 10)), np.zeros(10)
    for i, (xs, ys) in enumerate(batch):
        rate = 0.5 * 0.5 ** (i // 3)
        assert np.isclose(rates[i], rate)
        z = xs @ W + B
        z = z - z.max(1, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
        np.testing.assert_allclose(
            losses[i], -(ys * np.log(p)).sum(1).mean(), rtol=1e-4)
        d = (p - ys) / len(xs)
        W, B = W - rate * xs.T @ d, B - rate * d.sum(0)
    np.testing.assert_allclose(w, W, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(b, B, rtol=1e-4, atol=1e-6)
