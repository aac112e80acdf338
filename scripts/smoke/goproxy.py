#!/usr/bin/env python3
"""Adds a jsii-pacmak generated Go module to a file-system Go module proxy (GOPROXY=file://...).

    goproxy.py <proxy-dir> <module-dir> <version>

The Go module proxy reachable here refuses some modules the library's Go package needs
("403 This module version is not available"): github.com/cdklabs/cdk-nag-go/cdknag/v3 and
github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v54 at the version npm
installed. run-all.sh generates them with jsii-pacmak from the very npm packages the library is
built and tested with (node_modules/cdk-nag, node_modules/@aws-cdk/cloud-assembly-schema) and
serves them from a file proxy placed before the real one. Layout: the GOPROXY protocol
(<module>/@v/list, <version>.info, <version>.mod, <version>.zip, with '!'-escaped capitals).
"""
import json
import os
import re
import sys
import zipfile

SKIP = {"local.go.mod", "local.go.sum"}


def escape(path: str) -> str:
    return re.sub(r"[A-Z]", lambda m: "!" + m.group(0).lower(), path)


def main() -> None:
    proxy, module_dir, version = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(os.path.join(module_dir, "go.mod"), encoding="utf-8") as f:
        gomod = f.read()
    module = re.search(r"^module\s+(\S+)", gomod, re.M).group(1)
    vdir = os.path.join(proxy, escape(module), "@v")
    os.makedirs(vdir, exist_ok=True)
    with open(os.path.join(vdir, f"{version}.mod"), "w", encoding="utf-8") as f:
        f.write(gomod)
    with open(os.path.join(vdir, f"{version}.info"), "w", encoding="utf-8") as f:
        json.dump({"Version": version, "Time": "2026-01-01T00:00:00Z"}, f)
    prefix = f"{module}@{version}/"
    with zipfile.ZipFile(os.path.join(vdir, f"{version}.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for root, dirs, files in os.walk(module_dir):
            dirs.sort()
            for name in sorted(files):
                if name in SKIP:
                    continue
                full = os.path.join(root, name)
                rel = os.path.relpath(full, module_dir).replace(os.sep, "/")
                info = zipfile.ZipInfo(prefix + rel, date_time=(1980, 1, 1, 0, 0, 0))
                with open(full, "rb") as src:
                    z.writestr(info, src.read(), zipfile.ZIP_DEFLATED)
    listing = os.path.join(vdir, "list")
    versions = set(open(listing).read().split()) if os.path.exists(listing) else set()
    versions.add(version)
    with open(listing, "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(versions)) + "\n")
    print(f"goproxy: {module} {version}")


if __name__ == "__main__":
    main()
