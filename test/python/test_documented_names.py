"""Every public name of the tfcc package and its TF-style namespaces is in
docs/python.md, inside a `code span`: a name added without its line in the
docs (and its deviations from TF 1.15) fails here."""

import os
import re
import types

import tfcc as tf
from conftest import REPO

# The namespaces users reach as tf.X.name; tfcc.dtypes' own helpers are
# internal (its public names are re-exported at the top level).
NAMESPACES = ["nn", "layers", "train", "losses", "random", "math", "linalg",
              "initializers", "errors", "contrib.rnn"]


def public_names(obj):
    names = getattr(obj, "__all__", None)
    if names is None:
        names = [n for n in dir(obj) if not n.startswith("_")]
    out = []
    for n in names:
        value = getattr(obj, n)
        # Modules imported for internal use are not names of the namespace.
        if isinstance(value, types.ModuleType) and obj is not tf:
            continue
        out.append(n)
    return out


def documented():
    with open(os.path.join(REPO, "docs", "python.md")) as f:
        text = f.read()
    # Examples are not where a name is documented.
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    words = set()
    for span in re.findall(r"`([^`]+)`", text):
        words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", span))
    return words


def test_every_name_is_documented():
    words = documented()
    missing = []
    for n in public_names(tf):
        if isinstance(getattr(tf, n), types.ModuleType) and \
                n not in NAMESPACES + ["dtypes", "contrib"]:
            continue  # tfcc's own submodules (graph, ops, session, ...)
        if n not in words:
            missing.append("tf." + n)
    for ns in NAMESPACES:
        obj = tf
        for part in ns.split("."):
            obj = getattr(obj, part)
        missing += ["tf.%s.%s" % (ns, n) for n in public_names(obj)
                    if n not in words]
    assert not missing, "not in docs/python.md: " + ", ".join(missing)
