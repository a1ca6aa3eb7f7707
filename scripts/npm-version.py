#!/usr/bin/env python3
"""Keeps the npm packages' versions in step with Cargo.toml's `version`.

    scripts/npm-version.py           rewrite every file below that is out of step
    scripts/npm-version.py --check   change nothing; exit 1 (listing them) when any is

Files: npm/cplint/package.json (`version` and each `optionalDependencies` entry),
npm/platforms/*/package.json (`version`), and the npm hook's
`additional_dependencies: ["cplint@X"]` in .pre-commit-hooks.yaml.
"""
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cargo_version():
    text = (ROOT / "Cargo.toml").read_text()
    package = re.search(r"^\[package\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S)
    version = package and re.search(r'^version\s*=\s*"([^"]+)"', package.group(1), re.M)
    if not version:
        sys.exit("npm-version: no [package] version in Cargo.toml")
    return version.group(1)


def package_files():
    files = [ROOT / "npm" / "cplint" / "package.json"]
    files += sorted((ROOT / "npm" / "platforms").glob("*/package.json"))
    return files


def updated_manifest(path, version):
    """(old text, new text) for one package.json."""
    old = path.read_text()
    data = json.loads(old)
    data["version"] = version
    for name in data.get("optionalDependencies", {}):
        if name.startswith("@cplint/"):
            data["optionalDependencies"][name] = version
    return old, json.dumps(data, indent=2, ensure_ascii=False) + "\n"


HOOK_PIN = re.compile(r'(additional_dependencies:\s*\[\s*["\']?cplint@)([^"\'\]\s]+)')


def updated_hooks(path, version):
    old = path.read_text()
    if not HOOK_PIN.search(old):
        sys.exit(f"npm-version: no `additional_dependencies: [cplint@...]` in {path}")
    return old, HOOK_PIN.sub(lambda m: m.group(1) + version, old)


def main(argv):
    check = "--check" in argv[1:]
    unknown = [a for a in argv[1:] if a != "--check"]
    if unknown:
        sys.exit(f"usage: {argv[0]} [--check]")
    version = cargo_version()
    changes = [(p, *updated_manifest(p, version)) for p in package_files()]
    changes.append((ROOT / ".pre-commit-hooks.yaml", *updated_hooks(ROOT / ".pre-commit-hooks.yaml", version)))
    stale = [(p, new) for p, old, new in changes if old != new]
    for path, new in stale:
        rel = path.relative_to(ROOT)
        if check:
            print(f"npm-version: {rel} is not at version {version} (Cargo.toml)", file=sys.stderr)
        else:
            path.write_text(new)
            print(f"npm-version: {rel} -> {version}")
    if check and stale:
        print("npm-version: run scripts/npm-version.py to update them", file=sys.stderr)
        return 1
    if check:
        print(f"npm-version: {len(changes)} files at version {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
