"""Checks a `tfcc --emit=memory-plan` listing on stdin: the header's counts
match the rows, every buffer lies inside the arena, and no two buffers whose
live ranges overlap share a byte, except a buffer written in place of
another (the same bytes, the one's live range starting at the op that ends
the other's) and two buffers used in one case of a concurrent loop alone
(live at the loop's position, "(case K: A-B)") whose ranges in the case do
not overlap. Prints "plan ok" or the first conflict."""
import re
import sys

text = sys.stdin.read()
header = re.search(r"^(\S+): arena (\d+) bytes for (\d+) buffers of (\d+) bytes",
                   text, re.M)
if not header:
    sys.exit("no plan header in:\n" + text)
arena, count, total = (int(header.group(i)) for i in (2, 3, 4))
rows, cases = [], []
for m in re.finditer(r"^\s+(\d+)\s+(\d+)\s+(\d+)-(\d+)\s+memref<.*$", text,
                     re.M):
    rows.append(tuple(int(x) for x in m.groups()))
    case = re.search(r"\(case (\d+): (\d+)-(\d+)\)$", m.group(0))
    cases.append(tuple(int(x) for x in case.groups()) if case else None)
if len(rows) != count:
    sys.exit("header says %d buffers, listing has %d" % (count, len(rows)))
if sum((size + 63) // 64 * 64 for _, size, _, _ in rows) != total:
    sys.exit("buffers do not add up to %d bytes" % total)
for i, (off, size, begin, end) in enumerate(rows):
    if off % 64 or off + size > arena:
        sys.exit("buffer at %d of %d bytes is not inside the arena" % (off, size))
    for j, (off2, size2, begin2, end2) in enumerate(rows[i + 1:], i + 1):
        in_place = (off, size) == (off2, size2) and (end == begin2 or
                                                      end2 == begin)
        c, c2 = cases[i], cases[j]
        apart_in_case = (c and c2 and begin == begin2 and c[0] == c2[0] and
                         (c[2] < c2[1] or c2[2] < c[1]))
        if begin <= end2 and begin2 <= end and off < off2 + size2 and \
                off2 < off + size and not in_place and not apart_in_case:
            sys.exit("buffers at %d (live %d-%d) and %d (live %d-%d) overlap"
                     % (off, begin, end, off2, begin2, end2))
print("plan ok: %d buffers, arena %d of %d bytes" % (count, arena, total))
