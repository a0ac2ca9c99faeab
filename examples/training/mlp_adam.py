# A two-layer perceptron trained with Adam on scikit-learn's bundled digits,
# in the TensorFlow 1 style; tfcc compiles each distinct sess.run once.
#
#   PYTHONPATH=python /usr/bin/python3 examples/training/mlp_adam.py
#
# --export DIR also writes what examples/training/train_mlp.c needs: the
# training step as a graph (DIR/mlp.tfg, entry train_step) and the data as raw
# little-endian float32 (DIR/digits.bin: 1797 rows of 64 pixels and a one-hot 10, in
# data()'s order).
import argparse
import os

import numpy as np
import tfcc as tf
from sklearn.datasets import load_digits

HIDDEN = 128


def data():
    """Digits in a fixed shuffled order: the first 1500 train, the last 297
    test. (On the unshuffled split of logistic_regression.py this MLP, like
    the same model in PyTorch, stops near 92%: the last 297 digits are
    harder than the rest.)"""
    digits = load_digits()
    order = np.random.default_rng(1).permutation(len(digits.data))
    X = (digits.data[order] / 16.0).astype(np.float32)
    Y = np.eye(10, dtype=np.float32)[digits.target[order]]
    return X, Y


def build(seed=0, batch=None):
    """The model, its loss, Adam's training op and the accuracy; `batch`
    fixes the batch size (None: any)."""
    rng = np.random.default_rng(seed)
    x = tf.placeholder(tf.float32, [batch, 64], name="x")
    y_ = tf.placeholder(tf.float32, [batch, 10], name="y_")
    W1 = tf.Variable(rng.normal(0, np.sqrt(2 / 64), (64, HIDDEN))
                     .astype(np.float32), name="W1")
    b1 = tf.Variable(tf.zeros([HIDDEN]), name="b1")
    W2 = tf.Variable(rng.normal(0, np.sqrt(1 / HIDDEN), (HIDDEN, 10))
                     .astype(np.float32), name="W2")
    b2 = tf.Variable(tf.zeros([10]), name="b2")
    h = tf.nn.relu(tf.matmul(x, W1) + b1)
    logits = tf.matmul(h, W2) + b2
    loss = tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits),
        name="loss")
    train_op = tf.train.AdamOptimizer(0.001).minimize(loss)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")
    return x, y_, loss, train_op, accuracy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--export", metavar="DIR")
    args = parser.parse_args()

    X, Y = data()
    X_train, Y_train, X_test, Y_test = X[:1500], Y[:1500], X[1500:], Y[1500:]
    x, y_, loss, train_op, accuracy = build()
    if args.export:
        os.makedirs(args.export, exist_ok=True)
        tf.export(os.path.join(args.export, "mlp.tfg"), fetches=[loss],
                  feeds=[x, y_], targets=[train_op])
        np.concatenate([X, Y], axis=1).astype("<f4").tofile(
            os.path.join(args.export, "digits.bin"))
        return

    rng = np.random.default_rng(0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for step in range(args.steps):
        i = rng.integers(0, len(X_train), 100)
        _, l = sess.run([train_op, loss], feed_dict={x: X_train[i], y_: Y_train[i]})
        if step % 200 == 0:
            print("step %4d  loss %.4f" % (step, l))
    print("test accuracy %.4f" % sess.run(accuracy, feed_dict={x: X_test, y_: Y_test}))


if __name__ == "__main__":
    main()
