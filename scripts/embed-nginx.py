#!/usr/bin/env python3
"""Writes Sources/LaunchpadNginx/BuiltInNginxFiles.swift: the copy of nginx/launchpad-dev.conf.template
and nginx/fastcgi.params that the launchpad binary carries, so that `launchpad up` works from any
folder. Run it after editing either file; NginxFilesTests fails until the copy matches them."""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "Sources/LaunchpadNginx/BuiltInNginxFiles.swift"
FILES = [("template", "nginx/launchpad-dev.conf.template"), ("fastcgiParams", "nginx/fastcgi.params")]
# A raw string literal: nothing in the files is an escape or an interpolation.
DELIMITER = "####"


def literal(text: str, source: str) -> str:
    for closing in ('"' + DELIMITER, "\\" + DELIMITER, "\r"):
        if closing in text:
            raise SystemExit(f"{source} contains {closing!r}: lengthen DELIMITER in {__file__}")
    # A multi-line literal drops the line break before its closing quotes: add one for the text's own.
    return f'{DELIMITER}"""\n{text}\n"""{DELIMITER}'


def main() -> None:
    lines = [
        "// Written by scripts/embed-nginx.py from the files named below; do not edit. NginxFilesTests",
        "// fails when this copy differs from them: run the script again.",
        "",
        "/// The nginx files the binary carries (see `NginxFiles.builtIn`).",
        "enum BuiltInNginxFiles {",
    ]
    for name, source in FILES:
        text = (ROOT / source).read_text(encoding="utf-8")
        lines += [f"    /// {source}", f"    static let {name} = {literal(text, source)}", ""]
    lines[-1] = "}"
    OUTPUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
