#!/usr/bin/env python3
"""Fails if the top-level modules of petsc-rs import each other in a cycle.

A module is a file or folder directly under petsc-rs/src; it depends on every other
module it names as `crate::<module>` outside comments. Prints each cycle found.

    python3 ci/module-cycles.py
"""
import collections
import os
import re
import sys

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "petsc-rs", "src")


def modules():
    mods = {}
    for name in os.listdir(SRC):
        path = os.path.join(SRC, name)
        if name.endswith(".rs") and name != "lib.rs":
            mods[name[:-3]] = [path]
        elif os.path.isdir(path):
            mods[name] = [os.path.join(root, f) for root, _, fs in os.walk(path)
                          for f in fs if f.endswith(".rs")]
    return mods


def main():
    mods = modules()
    deps = collections.defaultdict(set)
    for mod, files in mods.items():
        for path in files:
            with open(path, encoding="utf-8") as fh:
                text = re.sub(r"//[^\n]*", "", fh.read())
            deps[mod].update(d for d in re.findall(r"crate::(\w+)", text)
                             if d in mods and d != mod)
    state, stack, cycles = {}, [], []

    def visit(mod):
        state[mod] = 1
        stack.append(mod)
        for dep in sorted(deps[mod]):
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[mod] = 2

    for mod in sorted(mods):
        if mod not in state:
            visit(mod)
    for cycle in cycles:
        print("import cycle: " + " -> ".join(cycle))
    if not cycles:
        print(f"no import cycles among {len(mods)} modules")
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
