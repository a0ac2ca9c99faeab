"""Checks logistic_regression.py's output against its numpy replica: the
printed held-out accuracy must be at least 0.89 and the trained W within
1e-3 (absolute, every element) of the replica's."""
import sys

import numpy as np

accuracy = float(open(sys.argv[1]).read().split()[0])
W, W_ref = np.load(sys.argv[2]), np.load(sys.argv[3])
err = float(np.max(np.abs(W - W_ref)))
print("accuracy %.4f (at least 0.89)" % accuracy)
print("max |W - W_numpy| %.2e (at most 1e-3)" % err)
ok = accuracy >= 0.89 and W.shape == W_ref.shape and err <= 1e-3
print("logistic regression: " + ("PASS" if ok else "FAIL"))
sys.exit(0 if ok else 1)
