# Softmax regression on scikit-learn's bundled digits, written as the classic
# TensorFlow 1 program: only the import and the data source differ. Every
# sess.run executes native code that tfcc compiled ahead of time.
#
#   PYTHONPATH=python /usr/bin/python3 examples/training/logistic_regression.py
#
# With --save-weights W.npy the trained W is also written out (the test suite
# compares it with a numpy replica of the same algorithm).
import sys

import numpy as np
import tfcc as tf
from sklearn.datasets import load_digits      # Debian python3-sklearn: bundled, no download

digits = load_digits(); X = (digits.data / 16.0).astype(np.float32)
Y = np.eye(10, dtype=np.float32)[digits.target]
X_train, Y_train, X_test, Y_test = X[:1500], Y[:1500], X[1500:], Y[1500:]
rng = np.random.default_rng(0)
def next_batch(n):
    i = rng.integers(0, len(X_train), n); return X_train[i], Y_train[i]

x = tf.placeholder(tf.float32, [None, 64])
W = tf.Variable(tf.zeros([64, 10]))
y = tf.nn.softmax(tf.matmul(x, W))
y_ = tf.placeholder(tf.float32, [None, 10])
cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.log(y), reduction_indices=[1]))
learning_rate = 0.5
W_grad = tf.gradients(cross_entropy, [W])[0]
train_step = tf.assign(W, W - learning_rate * W_grad)
sess = tf.Session()
sess.run(tf.initialize_all_variables())
for i in range(1000):
    batch_xs, batch_ys = next_batch(100)
    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})
correct = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
print(sess.run(tf.reduce_mean(tf.cast(correct, tf.float32)), feed_dict={x: X_test, y_: Y_test}))

if len(sys.argv) == 3 and sys.argv[1] == "--save-weights":
    np.save(sys.argv[2], sess.run(W))
