#!/usr/bin/env python3
"""Keeps ui/translations/en/LC_MESSAGES/court-kiosk.po in step with the @tr("…") strings of ui/**/*.slint.

  python3 ui/translations/i18n.py update   # add new msgids (empty msgstr), drop obsolete ones, keep translations
  python3 ui/translations/i18n.py check    # exit 1 if a string has no English translation or the file is stale

Source strings are zh-CN (the kiosk's default language); msgstr is the English. No translation context is used
(build.rs compiles with DefaultTranslationContext::None)."""
import pathlib, re, sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
PO = ROOT / "ui/translations/en/LC_MESSAGES/court-kiosk.po"
TR = re.compile(r'@tr\(\s*"((?:[^"\\]|\\.)*)"\s*(=>\s*"((?:[^"\\]|\\.)*)")?')


def source_strings():
    found = []
    for f in sorted((ROOT / "ui").rglob("*.slint")):
        for m in TR.finditer(f.read_text(encoding="utf-8")):
            s = m.group(3) if m.group(2) else m.group(1)
            if s not in found:
                found.append(s)
    return found


def read_po():
    entries, msgid, key = {}, None, None
    if not PO.exists():
        return entries
    cur = {}
    for line in PO.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            cur = {"msgid": line[7:-1], "msgstr": ""}
            key = "msgid"
        elif line.startswith("msgstr "):
            cur["msgstr"] = line[8:-1]
            key = "msgstr"
            entries[cur["msgid"]] = cur["msgstr"]
        elif line.startswith('"') and key:
            cur[key] += line[1:-1]
            if key == "msgstr":
                entries[cur["msgid"]] = cur["msgstr"]
    entries.pop("", None)
    return entries


def write_po(strings, old):
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: en\\n"', ""]
    for s in strings:
        out += [f'msgid "{s}"', f'msgstr "{old.get(s, "")}"', ""]
    PO.write_text("\n".join(out), encoding="utf-8")


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    strings, old = source_strings(), read_po()
    if cmd == "update":
        write_po(strings, old)
        missing = [s for s in strings if not old.get(s)]
        print(f"{len(strings)} strings, {len(missing)} without English")
        return 0
    missing = [s for s in strings if not old.get(s)]
    stale = [s for s in old if s not in strings]
    for s in missing:
        print(f"no English for: {s}")
    for s in stale:
        print(f"obsolete in the .po: {s}")
    print(f"i18n: {len(strings)} strings, {len(missing)} missing, {len(stale)} obsolete")
    return 1 if missing or stale else 0


if __name__ == "__main__":
    sys.exit(main())
