"""Reads a tfcc checkpoint with flatc's generated Python code (tfcc.ckpt) and
checks its CRC-32 as schema/checkpoint.fbs defines it, independently of the
runtime's C reader."""
import struct
import sys
import zlib

import numpy as np
from tfcc.ckpt.Checkpoint import Checkpoint

DTYPES = {0: ("f32", np.float32), 1: ("f64", np.float64), 2: ("i32", np.int32),
          3: ("i64", np.int64), 4: ("i1", np.uint8)}

buf = open(sys.argv[1], "rb").read()
assert Checkpoint.CheckpointBufferHasIdentifier(buf, 0), "no TFCK identifier"
ck = Checkpoint.GetRootAs(buf, 0)
crc = 0
lines = []
for i in range(ck.EntriesLength()):
    e = ck.Entries(i)
    name = e.Name().decode()
    dims = [int(d) for d in e.DimsAsNumpy()] if e.DimsLength() else []
    data = e.DataAsNumpy().tobytes() if e.DataLength() else b""
    crc = zlib.crc32(name.encode() + b"\0", crc)
    crc = zlib.crc32(struct.pack("<iI", e.Dtype(), len(dims)), crc)
    crc = zlib.crc32(struct.pack("<%dq" % len(dims), *dims), crc)
    crc = zlib.crc32(data, crc)
    dname, dtype = DTYPES[e.Dtype()]
    values = np.frombuffer(data, dtype=dtype).reshape(dims)
    lines.append("%s %s %s: %s" % (name, dname, dims,
                                   " ".join("%g" % v for v in values.reshape(-1))))
ok = "ok" if crc == ck.Crc32() else "MISMATCH %08x != %08x" % (crc, ck.Crc32())
print("version %d, %d entries, checksum %s" % (ck.Version(), ck.EntriesLength(), ok))
print("\n".join(lines))
