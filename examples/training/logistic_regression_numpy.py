# The algorithm of logistic_regression.py in plain numpy, on the same batches:
# the reference the test suite checks tfcc's accuracy and trained W against.
#
#   /usr/bin/python3 examples/training/logistic_regression_numpy.py [W.npy]
import sys

import numpy as np
from sklearn.datasets import load_digits

digits = load_digits(); X = (digits.data / 16.0).astype(np.float32)
Y = np.eye(10, dtype=np.float32)[digits.target]
X_train, Y_train, X_test, Y_test = X[:1500], Y[:1500], X[1500:], Y[1500:]
rng = np.random.default_rng(0)
def next_batch(n):
    i = rng.integers(0, len(X_train), n); return X_train[i], Y_train[i]

W = np.zeros((64, 10), np.float32)
for i in range(1000):
    x, y_ = next_batch(100)
    z = x @ W
    e = np.exp(z - z.max(axis=1, keepdims=True))
    y = e / e.sum(axis=1, keepdims=True)
    # d/dz of mean(-sum(y_ * log softmax(z))) for one-hot rows of y_.
    W = W - np.float32(0.5) * (x.T @ (y - y_) / np.float32(len(x)))
print(np.mean((X_test @ W).argmax(axis=1) == Y_test.argmax(axis=1)))
if len(sys.argv) == 2:
    np.save(sys.argv[1], W)
