"""Fails unless every function runtime.h exports (TFCC_API) is called in the
given test sources: the API-misuse test must grow with the API.

    check_api_coverage.py runtime.h SOURCE...
"""
import re
import sys


def main():
    header, sources = sys.argv[1], sys.argv[2:]
    text = open(header).read()
    exported = re.findall(r"^TFCC_API[^(;]*?\b(tfcc_\w+)\s*\(", text, re.M)
    used = "".join(open(path).read() for path in sources)
    missing = [f for f in exported if not re.search(r"\b%s\s*\(" % f, used)]
    print("%d exported functions, %d not exercised%s" % (
        len(exported), len(missing),
        (": " + ", ".join(missing)) if missing else ""))
    return 1 if missing or not exported else 0


if __name__ == "__main__":
    sys.exit(main())
