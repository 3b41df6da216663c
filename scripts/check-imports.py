#!/usr/bin/env python3
"""The targets' walls, checked on the sources: every `import` of an Intake
target must be one the importing target depends on (directly or through
another). SwiftPM puts every built module on one search path, so without this
check an import outside the dependencies could compile whenever the other
module happened to be built first. Run by scripts/check-walls.sh."""
import json, os, re, subprocess, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
manifest = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True,
                                     capture_output=True, text=True).stdout)
deps, paths = {}, {}
for target in manifest["targets"]:
    names = []
    for dependency in target.get("dependencies", []):
        for value in dependency.values():
            names.append(value[0] if isinstance(value, list) else value)
    deps[target["name"]] = names
    if target["type"] in ("regular", "executable"):
        paths[target["name"]] = target.get("path") or os.path.join("Sources", target["name"])

def closure(name, seen=None):
    seen = set() if seen is None else seen
    for dependency in deps.get(name, []):
        if dependency not in seen:
            seen.add(dependency)
            closure(dependency, seen)
    return seen

ours = set(deps)
problems = []
for name, path in sorted(paths.items()):
    allowed = closure(name)
    for folder, _, files in os.walk(os.path.join(root, path)):
        for file in files:
            if not file.endswith(".swift"):
                continue
            full = os.path.join(folder, file)
            for number, line in enumerate(open(full, encoding="utf-8"), 1):
                match = re.match(r"^\s*(?:@\w+\s+)*import\s+(\w+)", line)
                if match and match.group(1) in ours and match.group(1) not in allowed:
                    problems.append(f"{os.path.relpath(full, root)}:{number}: {name} imports {match.group(1)}, "
                                    f"which it does not depend on ({', '.join(sorted(allowed)) or 'nothing'})")
if problems:
    print("check-imports: a target imports past its walls (add the dependency in Package.swift only if the design allows it):",
          file=sys.stderr)
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"check-imports: {len(paths)} targets import only what they depend on")
