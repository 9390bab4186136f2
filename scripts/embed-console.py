#!/usr/bin/env python3
"""Writes Sources/LaunchpadConsole/ConsoleAssets.swift: the copy of console/ (the web console's static
files) that the launchpad binary carries and serves at /console/, so that `launchpad up` works from
any folder. Run it after editing a file in console/; ConsoleAssetsTests fails until the copy matches."""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "console"
OUTPUT = ROOT / "Sources/LaunchpadConsole/ConsoleAssets.swift"
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# A raw string literal: nothing in the files is an escape or an interpolation.
DELIMITER = "####"


def literal(text: str, source: str) -> str:
    for closing in ('"' + DELIMITER, "\\" + DELIMITER, "\r"):
        if closing in text:
            raise SystemExit(f"{source} contains {closing!r}: lengthen DELIMITER in {__file__}")
    return f'{DELIMITER}"""\n{text}\n"""{DELIMITER}'


def main() -> None:
    lines = [
        "// Written by scripts/embed-console.py from console/; do not edit. ConsoleAssetsTests fails when",
        "// this copy differs from the files: run the script again.",
        "",
        "/// The web console's files, by path under console/ (`views/agents.js`), with their content types.",
        "public enum ConsoleAssets {",
        "    public static let files: [String: (contentType: String, text: String)] = [",
    ]
    for path in sorted(p for p in SOURCE.rglob("*") if p.is_file()):
        name = path.relative_to(SOURCE).as_posix()
        if path.suffix not in TYPES:
            raise SystemExit(f"console/{name}: no content type for {path.suffix!r} (add it to TYPES)")
        text = path.read_text(encoding="utf-8")
        lines.append(f'        "{name}": ("{TYPES[path.suffix]}", {literal(text, name)}),')
    lines += ["    ]", "}"]
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
