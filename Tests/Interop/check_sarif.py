#!/usr/bin/env python3
"""Validates SARIF logs written by `batchspec lint --format sarif`.

Usage: check_sarif.py SCHEMA FILE...

Each FILE must validate against the SARIF 2.1.0 JSON schema (SCHEMA, not kept in this repository)
and meet what GitHub code scanning requires of an upload: a tool driver with rules that carry help
text, results whose ruleId and ruleIndex name a rule, a message, and a location with an artifact URI
and a region whose lines and columns are 1-based.
"""

import json
import sys

import jsonschema


def github_problems(log):
    problems = []
    runs = log.get("runs", [])
    if not 1 <= len(runs) <= 20:
        problems.append(f"{len(runs)} runs (GitHub takes 1 to 20)")
    for run in runs:
        driver = run["tool"]["driver"]
        rules = driver.get("rules", [])
        ids = [rule["id"] for rule in rules]
        if len(set(ids)) != len(ids):
            problems.append("duplicate rule ids")
        for rule in rules:
            if not rule.get("help", {}).get("text"):
                problems.append(f"rule {rule['id']} has no help text")
            if not rule.get("shortDescription", {}).get("text"):
                problems.append(f"rule {rule['id']} has no short description")
        results = run.get("results", [])
        if len(results) > 25000:
            problems.append(f"{len(results)} results (GitHub takes at most 25,000 per run)")
        for number, result in enumerate(results):
            where = f"result {number} ({result.get('ruleId')})"
            if result.get("ruleId") not in ids:
                problems.append(f"{where}: ruleId names no rule")
            index = result.get("ruleIndex")
            if index is not None and (index >= len(ids) or ids[index] != result["ruleId"]):
                problems.append(f"{where}: ruleIndex does not point at its rule")
            if not result.get("message", {}).get("text"):
                problems.append(f"{where}: no message text")
            locations = result.get("locations", [])
            if not locations:
                problems.append(f"{where}: no location")
            for location in locations + result.get("relatedLocations", []):
                physical = location["physicalLocation"]
                if not physical["artifactLocation"].get("uri"):
                    problems.append(f"{where}: a location has no uri")
                region = physical.get("region", {})
                for key in ("startLine", "startColumn", "endLine", "endColumn"):
                    if region.get(key, 1) < 1:
                        problems.append(f"{where}: {key} is {region.get(key)}, not 1-based")
                if (region.get("endLine", 0), region.get("endColumn", 0)) < (
                    region.get("startLine", 0),
                    region.get("startColumn", 0),
                ):
                    problems.append(f"{where}: region ends before it starts")
    return problems


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    validator = jsonschema.Draft4Validator(schema)
    failed = False
    for path in argv[2:]:
        with open(path, encoding="utf-8") as handle:
            log = json.load(handle)
        errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))
        problems = [f"schema: {'/'.join(map(str, error.path))}: {error.message}" for error in errors[:20]]
        problems += github_problems(log)
        results = sum(len(run.get("results", [])) for run in log.get("runs", []))
        if problems:
            failed = True
            print(f"{path}: INVALID")
            for problem in problems:
                print(f"  {problem}")
        else:
            print(f"{path}: valid SARIF 2.1.0 ({results} results)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
