#!/usr/bin/env python3
"""Checks the smoke consumers' templates (run-all.sh): compare.py <out-dir>

- python/SmokeStack.template.json equals ts/SmokeStack.template.json (the TypeScript twin built
  from src/), compared as parsed JSON with nothing stripped;
- java/ and go/ each hold exactly one AWS::ECS::Service, and equal the twin's template too.
Ends with the line 'N passed, N failed'; exits 1 on any failure.
"""
import json
import os
import sys


def load(out, lang):
    with open(os.path.join(out, lang, "SmokeStack.template.json"), encoding="utf-8") as f:
        return json.load(f)


def diff(a, b, path="$", found=None):
    found = [] if found is None else found
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                found.append(f"{path}.{k}: only in {'twin' if k in a else 'consumer'}")
            else:
                diff(a[k], b[k], f"{path}.{k}", found)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", found)
    elif a != b:
        found.append(f"{path}: twin {json.dumps(a)[:80]} != consumer {json.dumps(b)[:80]}")
    return found


def services(t):
    return sum(1 for r in t.get("Resources", {}).values() if r.get("Type") == "AWS::ECS::Service")


def main():
    out = sys.argv[1]
    passed = failed = 0

    def check(ok, msg):
        nonlocal passed, failed
        print(f"{'PASS' if ok else 'FAIL'} {msg}")
        if ok:
            passed += 1
        else:
            failed += 1

    twin = load(out, "ts")
    check(services(twin) == 1, f"ts twin: {services(twin)} AWS::ECS::Service, {len(twin['Resources'])} resources")
    try:
        py = load(out, "python")
        d = diff(twin, py)
        check(not d, f"python template == ts twin template ({len(py.get('Resources', {}))} resources)"
              + "".join(f"\n    {x}" for x in d[:20]))
    except FileNotFoundError as e:
        check(False, f"python template missing: {e}")
    for lang in ("java", "go"):
        try:
            t = load(out, lang)
        except FileNotFoundError as e:
            check(False, f"{lang} template missing: {e}")
            continue
        n = services(t)
        check(n == 1, f"{lang}: exactly one AWS::ECS::Service (found {n})")
        d = diff(twin, t)
        check(not d, f"{lang} template == ts twin template" + "".join(f"\n    {x}" for x in d[:20]))
    print(f"smoke: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
