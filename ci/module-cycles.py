#!/usr/bin/env python3
"""Fails if the top-level modules of petsc-rs import each other in a cycle.

A module is a file or folder directly under petsc-rs/src (`vec.rs` and `vec/` are one
module). A module depends on every other module a path in its code names, outside
comments and string literals:

- `crate::vec::X` and `$crate::vec::X` name `vec`;
- `crate::Vector` names the module lib.rs re-exports it from (`pub use vec::{..}`,
  nested groups and `as` renames included); `crate::ffi::check` the module lib.rs's
  `pub mod ffi` re-exports it from; `crate::methods!` the module defining the
  `#[macro_export]` macro;
- `crate::{Int, Vector, mat::Mat}` groups name each of their items' modules;
- a name a module re-exports from another one (`pub(crate) use crate::error::X;` in
  `pc/mod.rs`) resolves to where it comes from;
- `super::` paths stay inside their module (no edge) unless they climb to the crate
  root, where they resolve like `crate::`.

Prints each cycle with, for every edge, one file:line that makes it (and how many more
do), and exits 1 if there is one.

    python3 ci/module-cycles.py              # cycles (exit 1 if any)
    python3 ci/module-cycles.py --edges      # also every module's dependencies
    python3 ci/module-cycles.py --why vec mat # every path that makes vec import mat
    python3 ci/module-cycles.py --reexports  # also uses of `crate::Name` that hide the
                                             # module (reported, never a failure)
"""
import collections
import os
import re
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "petsc-rs", "src")
LIB = os.path.join(SRC, "lib.rs")
EXTERNAL = {"mpi", "sys", "std", "core", "alloc"}
SHOW_REEXPORTS = 8


def strip(text):
    """`text` with comments and the contents of string and char literals blanked
    (newlines kept, so offsets still give line numbers)."""
    out, i, n = [], 0, len(text)

    def blank(s):
        return re.sub(r"[^\n]", " ", s)

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(text[i:j]))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(blank(text[i:j]))
            i = j
        elif m := re.compile(r'b?r(#*)"').match(text, i):
            if i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_"):
                out.append(c)
                i += 1
                continue
            end = text.find('"' + m.group(1), m.end())
            end = n if end < 0 else end + 1 + len(m.group(1))
            out.append('""' + blank(text[i + 2:end]))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('""' + blank(text[i + 2:j + 1]))
            i = j + 1
        elif c == "'" and (m := re.compile(r"'(\\.[^']*|[^\\'])'").match(text, i)):
            out.append("' '" + blank(text[i + 3:m.end()]))
            i = m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
TOKEN = re.compile(r"\s*(::|\{|\}|,|\*|" + IDENT + r")")


def parse_tree(text, pos):
    """Parses the use tree (or path) at `pos`: returns ([(segments, alias)], end)."""
    items, prefix = [], []
    while True:
        m = TOKEN.match(text, pos)
        if not m:
            return items + ([(prefix, None)] if prefix else []), pos
        tok = m.group(1)
        if tok == "{":
            pos = m.end()
            while True:
                sub, pos = parse_tree(text, pos)
                items += [(prefix + s, a) for s, a in sub]
                m = TOKEN.match(text, pos)
                if not m or m.group(1) == "}":
                    return items, (m.end() if m else pos)
                pos = m.end()  # ","
        if tok == "*":
            return items + [(prefix + ["*"], None)], m.end()
        if tok in ("::", ",", "}"):
            return items + ([(prefix, None)] if prefix else []), pos
        prefix.append(tok)
        pos = m.end()
        m = TOKEN.match(text, pos)
        if m and m.group(1) == "as":
            alias = TOKEN.match(text, m.end())
            return items + [(prefix, alias.group(1))], alias.end()
        if not m or m.group(1) != "::":
            return items + [(prefix, None)], pos
        pos = m.end()


def exported_macros(text):
    """(name, start, end) of each `#[macro_export] macro_rules! name { .. }` body."""
    out = []
    for m in re.finditer(r"#\[macro_export\][^;{]*?macro_rules!\s*(" + IDENT + r")\s*\{",
                         text):
        end, depth = m.end(), 1
        while depth and end < len(text):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        out.append((m.group(1), m.end(), end))
    return out


def modules():
    mods = collections.defaultdict(list)
    for name in sorted(os.listdir(SRC)):
        path = os.path.join(SRC, name)
        if name.endswith(".rs") and name != "lib.rs":
            mods[name[:-3]].append(path)
        elif os.path.isdir(path):
            mods[name] += sorted(os.path.join(root, f) for root, _, fs in os.walk(path)
                                 for f in fs if f.endswith(".rs"))
    return dict(mods)


def top_file(mod, files):
    for path in files:
        rel = os.path.relpath(path, SRC)
        if rel in (mod + ".rs", os.path.join(mod, "mod.rs")):
            return path
    return None


def file_depth(path):
    """How many modules deep the file's own module is (`vec.rs`: 1, `vec/ops.rs`: 2)."""
    rel = os.path.relpath(path, SRC)[:-3].split(os.sep)
    return len(rel) - (1 if rel[-1] == "mod" else 0)


def root_names(mods, texts):
    """Root name -> module, from lib.rs's `pub use` lines and its `pub mod ffi`, plus
    exported macros."""
    lib = strip(open(LIB, encoding="utf-8").read())
    names, ffi = {}, {}
    start = lib.find("{", re.search(r"\bpub\s+mod\s+ffi\b", lib).end())
    end, depth = start + 1, 1
    while depth:
        depth += {"{": 1, "}": -1}.get(lib[end], 0)
        end += 1
    for m in re.finditer(r"\bpub\s+use\s+", lib):
        inner = start < m.start() < end
        for segs, alias in parse_tree(lib, m.end())[0]:
            if segs[:1] == ["crate"]:
                segs = segs[1:]
            if not segs or segs[0] in EXTERNAL:
                continue
            (ffi if inner else names)[alias or segs[-1]] = segs
    for mod, files in mods.items():
        for path in files:
            for name, _, _ in exported_macros(texts[path]):
                names[name] = [mod]
    return names, ffi


def module_reexports(mods, texts):
    """(module, name) -> path segments, for `use` items of a module's top file that name
    another module (`pub(crate) use crate::error::petsc_bool;`)."""
    out = {}
    for mod, files in mods.items():
        top = top_file(mod, files)
        if not top:
            continue
        for m in re.finditer(r"\bpub(\([^)]*\))?\s+use\s+", texts[top]):
            for segs, alias in parse_tree(texts[top], m.end())[0]:
                if segs[:1] in (["crate"], ["$crate"]) and len(segs) > 2:
                    out[(mod, alias or segs[-1])] = segs[1:]
    return out


class Resolver:
    def __init__(self, mods, texts):
        self.mods = mods
        self.names, self.ffi = root_names(mods, texts)
        self.chained = module_reexports(mods, texts)

    def module_of(self, segs, seen=0):
        """Module named by `segs` (a path after `crate::`), or None; and whether the path
        hides its module behind a root re-export."""
        if not segs or seen > 8:
            return None, False
        head = segs[0]
        if head == "ffi" and len(segs) > 1 and segs[1] in self.ffi:
            return self.module_of(self.ffi[segs[1]], seen + 1)[0], False
        if head in self.mods:
            if len(segs) > 1 and (head, segs[1]) in self.chained:
                return self.module_of(self.chained[(head, segs[1])], seen + 1)[0], False
            return head, False
        if head in self.names:
            return self.module_of(self.names[head], seen + 1)[0], True
        return None, False


def uses(path, text, resolver):
    """Yields (line, offset, module or None, path text, hides module) for every crate
    path."""
    depth0 = file_depth(path)
    mod_stack = []  # brace depths at which inline `mod x {` blocks opened
    braces = 0
    path_start = re.compile(r"(\$?crate|(?:super\s*::\s*)*super)\s*::\s*|\{|\}|\bmod\s+"
                            + IDENT + r"\s*\{")
    pos = 0
    while m := path_start.search(text, pos):
        tok = m.group(0)
        pos = m.end()
        if tok == "{":
            braces += 1
            continue
        if tok == "}":
            braces -= 1
            while mod_stack and mod_stack[-1] > braces:
                mod_stack.pop()
            continue
        if tok.startswith("mod"):
            braces += 1
            mod_stack.append(braces)
            continue
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_:"):
            continue  # part of a longer path (`a::super::`)
        if m.group(1).startswith("super"):
            depth = depth0 + len(mod_stack) - m.group(1).count("super")
            if depth > 0:
                continue  # inside this module
        items, end = parse_tree(text, m.end())
        line = text.count("\n", 0, m.start()) + 1
        for segs, _ in items:
            if not segs or segs[0] in EXTERNAL or segs[0] in ("self", "*"):
                continue
            mod, hidden = resolver.module_of(segs)
            yield line, m.start(), mod, "crate::" + "::".join(segs), hidden
        # Braces of a group were consumed by the parser: no change to the count.
        pos = max(pos, end)


def main(argv):
    mods = modules()
    texts = {}
    for files in mods.values():
        for path in files:
            with open(path, encoding="utf-8") as fh:
                texts[path] = strip(fh.read())
    resolver = Resolver(mods, texts)
    edges = collections.defaultdict(list)  # (from, to) -> [(file, line, path)]
    unresolved, hidden = [], []
    # An exported macro's body is resolved where the macro expands: the modules its
    # paths name are charged to each module that invokes it (`crate::m!`, `use crate::m`).
    bodies = {}  # macro -> [(module, path text)]
    found = []
    for mod, files in mods.items():
        for path in files:
            spans = exported_macros(texts[path])
            for name, _, _ in spans:
                bodies[name] = []
            for line, pos, dep, text, hides in uses(path, texts[path], resolver):
                where = f"{os.path.relpath(path, os.path.join(SRC, '..', '..'))}:{line}"
                inside = [name for name, a, b in spans if a <= pos < b]
                if dep is None:
                    unresolved.append((where, text))
                elif inside:
                    bodies[inside[0]].append((dep, text))
                else:
                    found.append((mod, where, dep, text, hides))

    def expansion(macro, seen):
        for dep, text in bodies.get(macro, []):
            yield dep, text
            name = text.split("::")[-1]
            if name in bodies and name not in seen:
                seen.add(name)
                yield from expansion(name, seen)

    for mod, where, dep, text, hides in found:
        if hides:
            hidden.append((where, text, dep))
        reached = [(dep, text)]
        name = text.split("::")[-1]
        if text.count("::") == 1 and name in bodies:
            reached += [(d, f"{text}! (expands to {t})") for d, t in expansion(name, {name})]
        for d, t in reached:
            if d != mod:
                edges[(mod, d)].append((where, t))
    deps = collections.defaultdict(set)
    for a, b in edges:
        deps[a].add(b)

    # Every cycle lies inside one strongly connected component; a depth-first search
    # finds the back edges (each cycle holds one), and each is shown with the shortest
    # way back through its component.
    index, low, on_stack, stack, sccs = {}, {}, set(), [], []

    def strongconnect(mod):
        index[mod] = low[mod] = len(index)
        stack.append(mod)
        on_stack.add(mod)
        for dep in sorted(deps[mod]):
            if dep not in index:
                strongconnect(dep)
                low[mod] = min(low[mod], low[dep])
            elif dep in on_stack:
                low[mod] = min(low[mod], index[dep])
        if low[mod] == index[mod]:
            scc = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                scc.add(top)
                if top == mod:
                    break
            if len(scc) > 1:
                sccs.append(scc)

    sys.setrecursionlimit(10000)
    for mod in sorted(mods):
        if mod not in index:
            strongconnect(mod)

    def shortest(a, b, within):
        prev, queue = {a: None}, collections.deque([a])
        while queue:
            cur = queue.popleft()
            if cur == b:
                path = [b]
                while prev[path[-1]] is not None:
                    path.append(prev[path[-1]])
                return path[::-1]
            for dep in sorted(deps[cur] & within):
                if dep not in prev:
                    prev[dep] = cur
                    queue.append(dep)
        return None

    cycles = []
    for scc in sccs:
        state = {}

        def visit(mod):
            state[mod] = 1
            for dep in sorted(deps[mod] & scc):
                if state.get(dep) == 1:
                    cycles.append(shortest(dep, mod, scc) + [dep])
                elif dep not in state:
                    visit(dep)
            state[mod] = 2

        visit(min(scc))

    if "--edges" in argv:
        for mod in sorted(mods):
            print(f"{mod}: {', '.join(sorted(deps[mod])) or '-'}")
    if "--why" in argv:
        a, b = argv[argv.index("--why") + 1:argv.index("--why") + 3]
        for where, text in edges.get((a, b), []):
            print(f"{a} -> {b}: {where} {text}")
    if "--reexports" in argv:
        print(f"{len(hidden)} uses of a root re-export (crate::Name) inside the crate "
              "hide the module they come from; the first:")
        for where, text, dep in hidden[:SHOW_REEXPORTS]:
            print(f"  {where}: {text} (module {dep})")
    for where, text in unresolved:
        print(f"warning: {where}: {text} names no module of the crate")
    for scc in sccs:
        print(f"{len(scc)} modules import each other: {', '.join(sorted(scc))}")
    for cycle in cycles:
        print("import cycle: " + " -> ".join(cycle))
        for a, b in zip(cycle, cycle[1:]):
            (where, text), more = edges[(a, b)][0], len(edges[(a, b)]) - 1
            extra = f" (and {more} more)" if more else ""
            print(f"  {a} -> {b}: {where} {text}{extra}")
    if not cycles:
        print(f"no import cycles among {len(mods)} modules")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
