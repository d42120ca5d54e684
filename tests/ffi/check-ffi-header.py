#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Checks that panelsso/auth_loader_ffi.h declares what the real headers
(auth_provider.h, auth_loader.h, auth_config.h) give a host, exactly:

  1. it is plain declarations: no line starting with '#', no inline body,
     no attribute, no static, every array size a literal number;
  2. it compiles as strict C99 after <stddef.h> and <stdint.h>
     (-pedantic -Wall -Wextra -Werror);
  3. clang's own record layouts (-fdump-record-layouts-complete) of every
     struct are identical in both: size, alignment, and every field's
     offset, type and name, so a field the real header gains (even one
     that fits in tail padding) shows;
  4. every function, typedef and enum of the real headers that is not
     inline and not for plugins only has the same type in both, and every
     enumerator the same value;
  5. the project's C compiler (CC) agrees: a program printing sizeof and
     offsetof of every struct and field and the value of every enumerator,
     built once against each, prints the same table.
With --self-test it also shows that it can fail: copies of the real headers
are changed (a field in tail padding, a parameter's type, an enumerator)
and each change must be reported.

usage: check-ffi-header.py --clang CLANG --cc CC --include DIR --ffi HEADER
                           [--self-test]
Prints what differs and exits 1; 0 when everything matches.  Every file it
makes is in a temporary directory it removes, pass or fail.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

# What only a plugin needs: the host never builds these.
PLUGIN_ONLY = {
    "auth_host_api", "auth_provider_ops", "auth_instance", "auth_account_fn",
    "auth_provider_entry_fn",
}

REAL_TU = "#include <panelsso/auth_loader.h>\n#include <panelsso/auth_config.h>\n"
STRICT = ["-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror"]


def ffi_tu(ffi):
    return '#include <stddef.h>\n#include <stdint.h>\n#include "%s"\n' % ffi


class Failure(Exception):
    pass


def run(cmd, what):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    if p.returncode != 0:
        raise Failure("%s failed (%s):\n%s%s" % (what, " ".join(cmd), p.stdout, p.stderr))
    return p.stdout


def style_errors(path):
    errors = []
    with open(path) as f:
        text = f.read()
    code = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    for n, line in enumerate(code.split("\n"), 1):
        if line.lstrip().startswith("#"):
            errors.append("%s:%d: a preprocessor line: %s" % (path, n, line.strip()))
        for word in ("inline", "static", "__attribute__", "__extension__", "//"):
            if word in line:
                errors.append("%s:%d: '%s' has no place here: %s" % (path, n, word, line.strip()))
        for size in re.findall(r"\[([^\]]*)\]", line):
            if not re.fullmatch(r"\s*[0-9]+\s*", size):
                errors.append("%s:%d: array size '%s' is not a literal number"
                              % (path, n, size))
        if "{" in line and ")" in line.split("{")[0]:
            errors.append("%s:%d: a function body: %s" % (path, n, line.strip()))
    if "/*" in code:
        errors.append("%s: a comment is not closed" % path)
    return errors


def layouts(clang, tu, includes, tmp, name):
    """{struct name: [layout lines]} for the struct auth_* records."""
    src = os.path.join(tmp, name + ".c")
    with open(src, "w") as f:
        f.write(tu)
    out = run([clang, "-x", "c", "-fsyntax-only", "-std=c99"] + includes +
              ["-Xclang", "-fdump-record-layouts-complete", src],
              "clang's record layouts of " + name)
    records = {}
    for block in out.split("*** Dumping AST Record Layout")[1:]:
        lines = [l.rstrip() for l in block.strip("\n").split("\n") if l.strip()]
        m = re.match(r"\s*0 \| struct (\w+)$", lines[0])
        if m and m.group(1).startswith("auth_"):
            # The offset column's width varies; the indentation after
            # '|' is the nesting depth and is kept.
            records[m.group(1)] = [re.sub(r"^\s*(\d*)\s*\|", r"\1 |", l) for l in lines]
    if not records:
        raise Failure("clang dumped no struct auth_* layout for %s:\n%s" % (name, out[:2000]))
    return records


DECL = re.compile(r"^(FunctionDecl|TypedefDecl|EnumDecl|RecordDecl) 0x\w+ <.*?> "
                  r"(?:(?:line|col):\S+ )?(?:(?:used|referenced|implicit) )*(\w+)"
                  r"(?: '([^']*)')?(.*)$")
ENUMERATOR = re.compile(r"EnumConstantDecl 0x\w+ <.*?> (?:(?:line|col):\S+ )?"
                        r"(?:(?:used|referenced) )*(\w+) 'int'")


def declarations(clang, tu, includes, tmp, name):
    """(functions, typedefs, enums, enumerators) declared with 'auth_' in
    their names: {name: type} for functions and typedefs (inline ones left
    out), a set of enum names, a list of enumerator names in order."""
    src = os.path.join(tmp, name + ".c")
    with open(src, "w") as f:
        f.write(tu)
    out = run([clang, "-x", "c", "-fsyntax-only", "-std=c99"] + includes +
              ["-Xclang", "-ast-dump", "-Xclang", "-ast-dump-filter=auth_", src],
              "clang's declarations of " + name)
    functions, typedefs, enums, enumerators = {}, {}, set(), []
    for line in out.split("\n"):
        m = DECL.match(line)
        if m:
            kind, ident, typ, rest = m.groups()
            if kind == "FunctionDecl" and "static" not in rest.split():
                functions[ident] = typ
            elif kind == "TypedefDecl":
                typedefs[ident] = typ
            elif kind == "EnumDecl":
                enums.add(ident)
            continue
        m = ENUMERATOR.search(line)
        if m and m.group(1) not in enumerators:
            enumerators.append(m.group(1))
    return functions, typedefs, enums, enumerators


def compare_named(kind, real, ffi, errors):
    for name in sorted(set(real) | set(ffi)):
        if name in PLUGIN_ONLY and name not in ffi:
            continue
        if name not in ffi:
            errors.append("%s %s is in the real headers but not in the FFI header" % (kind, name))
        elif name not in real:
            errors.append("%s %s is in the FFI header but not in the real headers" % (kind, name))
        elif real[name] != ffi[name]:
            errors.append("%s %s differs:\n  real: %s\n  FFI:  %s" % (kind, name, real[name], ffi[name]))


def compare_layouts(real, ffi, errors):
    for name in sorted(set(real) | set(ffi)):
        if name in PLUGIN_ONLY and name not in ffi:
            continue
        if name not in ffi:
            errors.append("struct %s is in the real headers but not in the FFI header" % name)
        elif name not in real:
            errors.append("struct %s is in the FFI header but not in the real headers" % name)
        elif real[name] != ffi[name]:
            errors.append("struct %s's layout differs:\n  real: %s\n  FFI:  %s"
                          % (name, "\n        ".join(real[name]), "\n        ".join(ffi[name])))


def fields_of(layout):
    """The first-level field names of a clang layout dump (two more spaces
    of indentation per level of nesting)."""
    names = []
    for line in layout[1:]:
        m = re.match(r"\d+ \|   (?! )(.*) (\w+)$", line)
        if m:
            names.append(m.group(2))
    return names


def c_table(cc, tu, includes, tmp, name, records, enumerators, strict):
    """Build and run a program that prints sizeof/offsetof of every field
    and every enumerator's value, against tu; return its output."""
    body = ["int main(void)", "{"]
    for struct in sorted(records):
        body.append('    printf("sizeof %s %%zu\\n", sizeof(%s));' % (struct, struct))
        for field in fields_of(records[struct]):
            body.append('    printf("%s.%s %%zu %%zu\\n", offsetof(%s, %s), '
                        'sizeof(((%s *)0)->%s));' % (struct, field, struct, field, struct, field))
    for e in enumerators:
        body.append('    printf("%s %%lld\\n", (long long)%s);' % (e, e))
    body += ["    return 0;", "}", ""]
    src = os.path.join(tmp, name + "_table.c")
    exe = os.path.join(tmp, name + "_table")
    with open(src, "w") as f:
        f.write("#include <stddef.h>\n#include <stdio.h>\n" + tu + "\n".join(body))
    run([cc] + (STRICT if strict else []) + includes + ["-o", exe, src],
        "building the table program against " + name)
    return run([exe], "running the table program built against " + name)


def check(clang, cc, include, ffi, tmp):
    """Every difference between the real headers in `include` and `ffi`."""
    errors = style_errors(ffi)
    real_inc = ["-I" + include]
    ffi_inc = []
    # It compiles as strict C99, warnings being errors.
    src = os.path.join(tmp, "ffi_c99.c")
    with open(src, "w") as f:
        f.write(ffi_tu(ffi) + "int main(void) { return 0; }\n")
    for compiler in (clang, cc):
        try:
            run([compiler] + STRICT + ["-fsyntax-only", src],
                "compiling the FFI header as C99 with " + compiler)
        except Failure as e:
            errors.append(str(e))
    if errors:
        return errors

    real_layouts = layouts(clang, REAL_TU, real_inc, tmp, "real")
    ffi_layouts = layouts(clang, ffi_tu(ffi), ffi_inc, tmp, "ffi")
    compare_layouts(real_layouts, ffi_layouts, errors)

    rf, rt, re_, ren = declarations(clang, REAL_TU, real_inc, tmp, "real")
    ff, ft, fe, fen = declarations(clang, ffi_tu(ffi), ffi_inc, tmp, "ffi")
    compare_named("function", rf, ff, errors)
    compare_named("typedef", rt, ft, errors)
    compare_named("enum", {e: e for e in re_}, {e: e for e in fe}, errors)
    if ren != fen:
        errors.append("the enumerators differ:\n  real: %s\n  FFI:  %s" % (" ".join(ren), " ".join(fen)))
    if errors:
        return errors

    shared = {s: ffi_layouts[s] for s in ffi_layouts}
    real_table = c_table(cc, REAL_TU, real_inc, tmp, "real", shared, fen, False)
    ffi_table = c_table(cc, ffi_tu(ffi), ffi_inc, tmp, "ffi", shared, fen, True)
    if real_table != ffi_table:
        r, f = real_table.split("\n"), ffi_table.split("\n")
        diff = ["  real: %s\n  FFI:  %s" % (a, b) for a, b in zip(r, f) if a != b]
        errors.append("%s disagrees on sizes, offsets or values:\n%s" % (cc, "\n".join(diff)))
    else:
        print("%s: %d lines of sizes, offsets and values agree"
              % (os.path.basename(cc), real_table.count("\n")))
    print("clang: %d structs, %d functions, %d typedefs, %d enumerators agree"
          % (len(ffi_layouts), len(ff), len(ft), len(fen)))
    return errors


# Changes to copies of the real headers that the check must report.
MUTATIONS = [
    ("a field in auth_account_request's tail padding", "auth_provider.h",
     "    int test_account;                   /* create: nonzero asks for a test\n",
     "    int test_account;                   /* create: nonzero asks for a test\n"
     "                                           account */ int added_in_padding; /*\n",
     "struct auth_account_request"),
    ("a parameter's type in auth_loader_get", "auth_loader.h",
     "int auth_loader_get(const auth_loader *l, size_t index, auth_loader_entry *out);",
     "int auth_loader_get(const auth_loader *l, int index, auth_loader_entry *out);",
     "function auth_loader_get differs"),
    ("an enumerator appended to auth_status", "auth_provider.h",
     "    AUTH_ERR_OUTCOME_UNKNOWN = 13/*",
     "    AUTH_ERR_OUTCOME_UNKNOWN = 13, AUTH_ERR_ADDED = 14/*",
     "the enumerators differ"),
    ("a new exported function", "auth_loader.h",
     "void auth_loader_destroy(auth_loader *l);",
     "void auth_loader_destroy(auth_loader *l);\nint auth_loader_added(void);",
     "function auth_loader_added is in the real headers but not in the FFI header"),
]


def self_test(clang, cc, include, ffi, tmp):
    failures = 0
    for what, header, old, new, expect in MUTATIONS:
        copy = os.path.join(tmp, "mutated")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(include, copy)
        path = os.path.join(copy, "panelsso", header)
        with open(path) as f:
            text = f.read()
        if text.count(old) != 1:
            print("FAIL: self-test '%s': the text to change is not in %s once" % (what, header))
            failures += 1
            continue
        with open(path, "w") as f:
            f.write(text.replace(old, new))
        work = os.path.join(tmp, "mutated-work")
        os.mkdir(work)
        try:
            errors = check(clang, cc, copy, ffi, work)
        except Failure as e:
            errors = [str(e)]
        shutil.rmtree(work)
        if any(expect in e for e in errors):
            print("self-test: %s is reported" % what)
        else:
            print("FAIL: self-test: %s is not reported (expected '%s'); got: %s"
                  % (what, expect, errors))
            failures += 1
    return failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clang", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--include", required=True)
    ap.add_argument("--ffi", required=True)
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    a.ffi, a.include = os.path.abspath(a.ffi), os.path.abspath(a.include)
    for tool in (a.clang, a.cc):
        if shutil.which(tool) is None:
            print("FAIL: missing prerequisite: %s is not installed "
                  "(scripts/deps.sh test installs clang)" % tool)
            return 1
    with tempfile.TemporaryDirectory(prefix="ffi-header.") as tmp:
        try:
            errors = check(a.clang, a.cc, a.include, a.ffi, tmp)
        except Failure as e:
            errors = [str(e)]
        for e in errors:
            print("FAIL: " + e)
        failures = len(errors)
        if a.self_test:
            failures += self_test(a.clang, a.cc, a.include, a.ffi, tmp)
    print("%d failed" % failures if failures else "the FFI header matches the real headers")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
