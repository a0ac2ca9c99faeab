"""Keeps the user guides in docs/ true.

    doc_snippets.py extract DOC OUTDIR
        Writes every fenced code block that follows a line
        `<!-- file: NAME -->` to OUTDIR/NAME, so that a lit test can build and
        run the guide's examples exactly as printed.
    doc_snippets.py options DOC HELP
        Every option in HELP (the text of `tfcc --help`) is documented in DOC
        as `--option` or `-O` in backquotes.
    doc_snippets.py functions DOC HEADER
        Every TFCC_API function declared in HEADER is named in DOC.
    doc_snippets.py cmake-keywords DOC CMAKE_FILE
        Every keyword of tfcc_add_model's cmake_parse_arguments is documented
        in DOC as `KEYWORD` in backquotes.

Each check prints what is missing and exits with status 1.
"""
import os
import re
import sys

FILE_TAG = re.compile(r"^\s*<!--\s*file:\s*(\S+)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(```+)")


def extract(doc, outdir):
    lines = open(doc, encoding="utf-8").read().splitlines()
    written = set()
    i = 0
    while i < len(lines):
        tag = FILE_TAG.match(lines[i])
        i += 1
        if not tag:
            continue
        while i < len(lines) and not lines[i].strip():
            i += 1
        fence = FENCE.match(lines[i]) if i < len(lines) else None
        if not fence:
            sys.exit("%s:%d: '<!-- file: %s -->' is not followed by a code "
                     "block" % (doc, i, tag.group(1)))
        indent, ticks = fence.group(1), fence.group(2)
        body = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(ticks):
            line = lines[i]
            body.append(line[len(indent):] if line.startswith(indent)
                        else line)
            i += 1
        if i == len(lines):
            sys.exit("%s: unterminated code block for %s" % (doc, tag.group(1)))
        name = tag.group(1)
        if name in written:
            sys.exit("%s: two code blocks for %s" % (doc, name))
        written.add(name)
        path = os.path.join(outdir, name)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(body) + "\n")
    if not written:
        sys.exit("%s: no '<!-- file: NAME -->' code blocks" % doc)
    print("\n".join(sorted(written)))


def report(doc, what, missing):
    if missing:
        print("%s does not document %s: %s" % (doc, what, ", ".join(missing)))
        sys.exit(1)
    print("%s documents every %s" % (doc, what))


def options(doc, help_file):
    text = open(doc, encoding="utf-8").read()
    names = []
    for line in open(help_file, encoding="utf-8"):
        # CLI11 prints "  -o,--output TEXT  ..." and "  --time-passes  ...".
        m = re.match(r"^\s+(-[-\w,]+)", line)
        if m:
            names += [n for n in m.group(1).split(",") if n]
    if not names:
        sys.exit("%s: no options found" % help_file)
    missing = [n for n in names if "`" + n not in text]
    report(doc, "option of %s" % os.path.basename(help_file), missing)


def functions(doc, header):
    text = open(doc, encoding="utf-8").read()
    decls = re.findall(r"TFCC_API\b[^;(]*?\b(tfcc_\w+)\s*\(",
                       open(header, encoding="utf-8").read())
    if not decls:
        sys.exit("%s: no TFCC_API functions found" % header)
    missing = [f for f in decls if not re.search(r"\b%s\b" % f, text)]
    report(doc, "function of %s" % os.path.basename(header), missing)


def cmake_keywords(doc, cmake_file):
    text = open(doc, encoding="utf-8").read()
    m = re.search(r"cmake_parse_arguments\(\s*PARSE_ARGV\s+\d+\s+\w+\s+"
                  r'"([^"]*)"\s+"([^"]*)"\s+"([^"]*)"',
                  open(cmake_file, encoding="utf-8").read())
    if not m:
        sys.exit("%s: no cmake_parse_arguments(PARSE_ARGV ...) found"
                 % cmake_file)
    keywords = [k for group in m.groups() for k in group.split(";") if k]
    missing = [k for k in keywords if "`" + k not in text]
    report(doc, "keyword of tfcc_add_model", missing)


def main(argv):
    commands = {"extract": extract, "options": options,
                "functions": functions, "cmake-keywords": cmake_keywords}
    if len(argv) != 4 or argv[1] not in commands:
        sys.exit(__doc__)
    commands[argv[1]](argv[2], argv[3])


if __name__ == "__main__":
    main(sys.argv)
