#!/usr/bin/env python3
"""Generates deterministic synthetic npm advisories in OSV form, and optionally a package-lock.json.

Usage:
  scripts/generate-advisories.py --records 50000 --out DIR_OR_ZIP
      [--lockfile LOCK.json --lock-packages 1500] [--packages 10000] [--seed 1]

Records are named LP-SYN-000001 ... and shaped like OSV.dev's npm records: aliases, a summary,
a CVSS v3.1 vector and/or database_specific.severity (consistent with each other), one or two
affected packages `syn-pkg-N` with 1-3 SEMVER ranges (introduced, fixed or last_affected, the
newest branch sometimes without a fix), sometimes explicit versions, a few withdrawn.
OUT ending in .zip gives one archive like OSV's all.zip (one `ID.json` entry per record);
otherwise OUT is a directory with one file per record.

With --lockfile, also a package-lock.json (lockfileVersion 3) with --lock-packages packages;
about a fifth are advisory packages, at versions some of which are affected. The script prints
how many are affected, computed from the records written (withdrawn ones excluded).
The same arguments always give the same bytes. Python standard library only.
"""

import argparse
import base64
import datetime
import hashlib
import json
import math
import os
import random
import sys
import zipfile

FIRST_DAY = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
ZIP_DATE_TIME = (2026, 1, 1, 0, 0, 0)
GHSA_ALPHABET = "23456789cfghjmpqrvwx"
WEAKNESSES = [
    ("Prototype Pollution", "CWE-1321"), ("Regular Expression Denial of Service", "CWE-1333"),
    ("Command Injection", "CWE-77"), ("Cross-site Scripting", "CWE-79"), ("Path Traversal", "CWE-22"),
    ("Server-Side Request Forgery", "CWE-918"), ("Open Redirect", "CWE-601"),
    ("Uncontrolled Resource Consumption", "CWE-400"), ("Improper Input Validation", "CWE-20"),
    ("Exposure of Sensitive Information", "CWE-200"),
]

# CVSS v3.1 base metrics and their weights (FIRST CVSS v3.1 specification, section 7.4).
CVSS_METRICS = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2},
    "AC": {"L": 0.77, "H": 0.44},
    "UI": {"N": 0.85, "R": 0.62},
    "C": {"H": 0.56, "L": 0.22, "N": 0.0},
    "I": {"H": 0.56, "L": 0.22, "N": 0.0},
    "A": {"H": 0.56, "L": 0.22, "N": 0.0},
}
PRIVILEGES = {"U": {"N": 0.85, "L": 0.62, "H": 0.27}, "C": {"N": 0.85, "L": 0.68, "H": 0.5}}


def roundup(value):
    """CVSS v3.1 Roundup: the smallest one-decimal number not below value."""
    integer = round(value * 100_000)
    return integer / 100_000.0 if integer % 10_000 == 0 else (math.floor(integer / 10_000) + 1) / 10.0


def cvss31_base_score(metrics):
    scope = metrics["S"]
    iss = 1 - (1 - CVSS_METRICS["C"][metrics["C"]]) * (1 - CVSS_METRICS["I"][metrics["I"]]) * (1 - CVSS_METRICS["A"][metrics["A"]])
    if scope == "U":
        impact = 6.42 * iss
    else:
        impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15
    exploitability = (8.22 * CVSS_METRICS["AV"][metrics["AV"]] * CVSS_METRICS["AC"][metrics["AC"]]
                      * PRIVILEGES[scope][metrics["PR"]] * CVSS_METRICS["UI"][metrics["UI"]])
    if impact <= 0:
        return 0.0
    if scope == "U":
        return roundup(min(impact + exploitability, 10))
    return roundup(min(1.08 * (impact + exploitability), 10))


def severity_level(score):
    """GitHub's names for the CVSS qualitative ratings."""
    if score >= 9.0:
        return "CRITICAL"
    if score >= 7.0:
        return "HIGH"
    if score >= 4.0:
        return "MODERATE"
    return "LOW"


def random_vector(rng):
    while True:
        metrics = {
            "AV": rng.choices("NALP", weights=[70, 5, 20, 5])[0], "AC": rng.choices("LH", weights=[75, 25])[0],
            "PR": rng.choices("NLH", weights=[60, 30, 10])[0], "UI": rng.choices("NR", weights=[65, 35])[0],
            "S": rng.choices("UC", weights=[85, 15])[0],
            "C": rng.choice("HLN"), "I": rng.choice("HLN"), "A": rng.choice("HLN"),
        }
        if metrics["C"] + metrics["I"] + metrics["A"] != "NNN":
            break
    order = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"]
    return "CVSS:3.1/" + "/".join("%s:%s" % (name, metrics[name]) for name in order), cvss31_base_score(metrics)


def version_text(version):
    return "%d.%d.%d" % version


def timestamp(second):
    """RFC 3339 UTC, `second` seconds after 2020-01-01."""
    moment = FIRST_DAY + datetime.timedelta(seconds=second)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Range:
    """One SEMVER range: introduced (or "0"), then a fixed or last_affected version, or no end."""

    def __init__(self, start, from_zero, kind, end):
        self.start = start          # the range's first version, also when it is written "0"
        self.from_zero = from_zero  # written introduced "0"
        self.kind = kind            # "fixed", "last_affected" or None
        self.end = end

    def events(self):
        events = [{"introduced": "0" if self.from_zero else version_text(self.start)}]
        if self.kind:
            events.append({self.kind: version_text(self.end)})
        return events

    def contains(self, version):
        if not self.from_zero and version < self.start:
            return False
        if self.kind == "fixed":
            return version < self.end
        if self.kind == "last_affected":
            return version <= self.end
        return True


def random_ranges(rng):
    """1-3 disjoint ranges on distinct major versions, oldest first; only the newest may lack an end."""
    count = rng.choices([1, 2, 3], weights=[60, 28, 12])[0]
    majors = sorted(rng.sample(range(0, 12), count))
    ranges = []
    for position, major in enumerate(majors):
        from_zero = position == 0 and rng.random() < 0.45
        start = (major, 0, 0) if from_zero else (major, rng.randrange(0, 4), 0)
        end = (major, start[1] + rng.randrange(0, 6), rng.randrange(1, 12))
        kind = rng.choices(["fixed", "last_affected", None], weights=[85, 10, 5 if position == count - 1 else 0])[0]
        ranges.append(Range(start, from_zero, kind, end if kind else None))
    return ranges


def is_affected(version, ranges, explicit_versions):
    return version in explicit_versions or any(r.contains(version) for r in ranges)


class Generator:
    def __init__(self, seed, package_count):
        self.rng = random.Random(seed)
        self.package_count = package_count
        # Per package: (record id, ranges, explicit versions) of records that are not withdrawn.
        self.advisories = {}

    def package_name(self):
        # Mostly uniform, with a tail of packages that collect many advisories.
        if self.rng.random() < 0.7:
            number = self.rng.randrange(1, self.package_count + 1)
        else:
            number = 1 + int(self.package_count * self.rng.random() ** 3)
        return "syn-pkg-%d" % number

    def record(self, index):
        rng = self.rng
        record_id = "LP-SYN-%06d" % index
        published = rng.randrange(0, 2000 * 86_400)
        modified = published + rng.randrange(0, 400 * 86_400)
        weakness, cwe = rng.choice(WEAKNESSES)
        packages = [self.package_name()]
        if rng.random() < 0.08:
            packages.append(self.package_name())

        aliases = ["CVE-%d-%d" % (2020 + published // (366 * 86_400), 10_000 + index)]
        if rng.random() < 0.3:
            aliases.append("GHSA-" + "-".join("".join(rng.choice(GHSA_ALPHABET) for _ in range(4)) for _ in range(3)))

        record = {
            "schema_version": "1.6.0",
            "id": record_id,
            "modified": timestamp(modified),
            "published": timestamp(published),
        }
        withdrawn = rng.random() < 0.005
        if withdrawn:
            record["withdrawn"] = record["modified"]
        record["aliases"] = aliases
        record["summary"] = "%s in %s" % (weakness, packages[0])

        style = rng.choices(["both", "vector", "level"], weights=[60, 25, 15])[0]
        vector, score = random_vector(rng)
        if style != "level":
            record["severity"] = [{"type": "CVSS_V3", "score": vector}]

        record["affected"] = []
        for package in packages:
            ranges = random_ranges(rng)
            affected = {"package": {"ecosystem": "npm", "name": package, "purl": "pkg:npm/%s" % package}}
            explicit = []
            if rng.random() < 0.12:
                # A few versions listed outright, from the first range's start: OSV allows them beside
                # ranges, or alone (then they are the whole truth).
                first = ranges[0]
                explicit = [v for v in ((first.start[0], first.start[1], first.start[2] + step) for step in range(rng.randrange(1, 4)))
                            if first.contains(v)]
                if rng.random() < 0.25:
                    ranges = []
            if ranges:
                affected["ranges"] = [{"type": "SEMVER", "events": r.events()} for r in ranges]
            if explicit:
                affected["versions"] = [version_text(v) for v in explicit]
            record["affected"].append(affected)
            if not withdrawn:
                self.advisories.setdefault(package, []).append((record_id, ranges, explicit))

        record["references"] = [{"type": "PACKAGE", "url": "https://example.invalid/%s" % packages[0]}]
        record["database_specific"] = {"cwe_ids": [cwe]}
        if style != "vector":
            record["database_specific"]["severity"] = severity_level(score)
        return record

    def lock_version(self, package):
        """A version of an advisory package: half the time inside one of its advisories, else a fixed
        version or a major above every range (which other advisories may still cover)."""
        rng = self.rng
        _, ranges, explicit = rng.choice(self.advisories[package])
        if not ranges:
            return rng.choice(explicit) if rng.random() < 0.5 else (explicit[-1][0] + 1, 0, 0)
        chosen = rng.choice(ranges)
        if rng.random() < 0.5:
            return chosen.start
        if chosen.kind == "fixed":
            return chosen.end
        return (max(r.start[0] for r in ranges) + 1, 0, 0)

    def lockfile(self, count):
        rng = self.rng
        packages = {}
        advisory_names = sorted(self.advisories)
        advisory_share = min(len(advisory_names), count // 5)
        chosen = rng.sample(advisory_names, advisory_share)
        entries = [(name, self.lock_version(name)) for name in chosen]
        entries += [("lp-dep-%d" % number, (rng.randrange(0, 6), rng.randrange(0, 20), rng.randrange(0, 30)))
                    for number in range(1, count - advisory_share + 1)]
        rng.shuffle(entries)
        direct = {}
        affected = []
        for position, (name, version) in enumerate(entries):
            # Every twentieth package is nested under an earlier one, like a second copy npm could not hoist.
            if position % 20 == 19 and position > 0:
                parent = entries[rng.randrange(0, position)][0]
                path = "node_modules/%s/node_modules/%s" % (parent, name)
            else:
                path = "node_modules/%s" % name
            text = version_text(version)
            digest = hashlib.sha512(("%s@%s" % (name, text)).encode()).digest()
            packages[path] = {
                "version": text,
                "resolved": "https://registry.npmjs.org/%s/-/%s-%s.tgz" % (name, name, text),
                "integrity": "sha512-" + base64.b64encode(digest).decode(),
            }
            if rng.random() < 0.05:
                packages[path]["dev"] = True
            if position < count // 10:
                direct[name] = "^" + text
            matches = [record_id for record_id, ranges, explicit in self.advisories.get(name, [])
                       if is_affected(version, ranges, explicit)]
            if matches:
                affected.append((path, text, matches))
        root = {"name": "lp-synthetic-app", "version": "1.0.0", "dependencies": dict(sorted(direct.items()))}
        lock = {"name": "lp-synthetic-app", "version": "1.0.0", "lockfileVersion": 3, "requires": True,
                "packages": {"": root, **dict(sorted(packages.items()))}}
        return lock, affected


def write_records(records, out):
    if out.endswith(".zip"):
        parent = os.path.dirname(os.path.abspath(out))
        os.makedirs(parent, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for record in records:
                info = zipfile.ZipInfo(record["id"] + ".json", ZIP_DATE_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o100644 << 16
                archive.writestr(info, json.dumps(record, indent=2) + "\n")
    else:
        os.makedirs(out, exist_ok=True)
        for record in records:
            with open(os.path.join(out, record["id"] + ".json"), "w") as file:
                json.dump(record, file, indent=2)
                file.write("\n")


def main():
    parser = argparse.ArgumentParser(description="Deterministic synthetic npm advisories in OSV form.")
    parser.add_argument("--records", type=int, required=True, help="how many records")
    parser.add_argument("--out", required=True, help="a directory, or a file ending in .zip")
    parser.add_argument("--packages", type=int, default=10_000, help="advisory package names syn-pkg-1 ... (default 10000)")
    parser.add_argument("--lockfile", help="also write a package-lock.json (lockfileVersion 3) here")
    parser.add_argument("--lock-packages", type=int, default=1500, help="packages in the lockfile (default 1500)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.records < 1 or args.packages < 1 or args.lock_packages < 1:
        parser.error("--records, --packages and --lock-packages must be positive")

    generator = Generator(args.seed, args.packages)
    records = [generator.record(index) for index in range(1, args.records + 1)]
    write_records(records, args.out)
    print("%d records over %d packages -> %s" % (len(records), len(generator.advisories), args.out), file=sys.stderr)

    if args.lockfile:
        lock, affected = generator.lockfile(args.lock_packages)
        with open(args.lockfile, "w") as file:
            json.dump(lock, file, indent=2)
            file.write("\n")
        pairs = sum(len(matches) for _, _, matches in affected)
        print("%d lockfile packages -> %s; %d at an affected version (%d package/advisory matches)"
              % (len(lock["packages"]) - 1, args.lockfile, len(affected), pairs), file=sys.stderr)


if __name__ == "__main__":
    main()
