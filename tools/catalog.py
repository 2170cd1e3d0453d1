"""Keeps the Chinese catalog of coach/'s texts: message ids into the .po, the .po into the .mo.

`python -m tools.catalog` (after adding or changing a `_("...")` in coach/): every message id of
the code (calls of `_`, `N_`, `gettext` and `ngettext` with literal text) and argparse's own
messages are written to coach/locale/zh_CN/LC_MESSAGES/fitness-coach.po, keeping the translations
it has (new ids get an empty msgstr to fill in, ids no longer used are dropped), and the .po is
compiled to the .mo next to it, with the standard library only (the GNU .mo format, as msgfmt
writes it, without the optional hash table). It prints the ids still untranslated.
"""

from __future__ import annotations

import ast
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from coach.i18n import DOMAIN, LOCALE_DIR

REPO = Path(__file__).resolve().parents[1]
PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
HEADER = (
    "Project-Id-Version: fitness-coach\n"
    "Language: zh_CN\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=1; plural=0;\n"
)
# argparse's messages (Python 3.11) that a user sees; it translates them with gettext's default
# domain (coach.i18n.stdlib_messages).
ARGPARSE_IDS = (
    "usage: ",
    "positional arguments",
    "options",
    "show this help message and exit",
    "%(prog)s: error: %(message)s\n",
    "argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r",
    "the following arguments are required: %s",
    "unrecognized arguments: %s",
    "expected one argument",
    "expected at least one argument",
    "expected at most one argument",
    "ambiguous option: %(option)s could match %(matches)s",
    "not allowed with argument %s",
    "one of the arguments %s is required",
    "ignored explicit argument %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)",
    "can't open '%(filename)s': %(error)s",
)
ARGPARSE_PLURAL_IDS = (("expected %s argument", "expected %s arguments"),)
_TRANSLATED_CALLS = {"_", "N_", "gettext"}


@dataclass
class Entry:
    """One message: its id, plural id (ngettext) and translations (one per plural form)."""

    msgid: str
    plural: str | None = None
    msgstr: tuple[str, ...] = ("",)

    @property
    def translated(self) -> bool:
        return all(self.msgstr)


def code_ids(folder: Path) -> list[tuple[str, str | None]]:
    """(id, plural id or None) of every translated literal in the code under `folder`, in the
    order of first use."""
    found: dict[tuple[str, str | None], None] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            texts = [t for t in texts if isinstance(t, str)]
            if node.func.id in _TRANSLATED_CALLS and len(texts) == 1:
                found[(texts[0], None)] = None
            elif node.func.id == "ngettext" and len(texts) == 2:
                found[(texts[0], texts[1])] = None
    return list(found)


def all_ids() -> list[tuple[str, str | None]]:
    """The ids of the code and of argparse: what the catalog must translate."""
    argparse_ids = [(i, None) for i in ARGPARSE_IDS] + list(ARGPARSE_PLURAL_IDS)
    return code_ids(REPO / "coach") + argparse_ids


def _unquote(text: str) -> str:
    value = ast.literal_eval(text)
    assert isinstance(value, str)
    return value


def read_po(text: str) -> list[Entry]:
    """The entries of a .po file (msgid, msgid_plural, msgstr, msgstr[n]; comments ignored), the
    header (msgid "") included."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    key = ""

    def flush() -> None:
        if "msgid" in fields:
            forms = sorted(k for k in fields if k.startswith("msgstr["))
            msgstr = tuple(fields[k] for k in forms) or (fields.get("msgstr", ""),)
            entries.append(Entry(fields["msgid"], fields.get("msgid_plural"), msgstr))
        fields.clear()

    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            fields[key] += _unquote(line)
            continue
        key, _, rest = line.partition(" ")
        if key == "msgid":
            flush()
        fields[key] = _unquote(rest)
    flush()
    return entries


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def write_po(entries: list[Entry]) -> str:
    """The .po text of `entries` (the header first)."""
    out = [
        "# Fitness Coach: the command line and the coach's own texts in Simplified Chinese.",
        "# Updated and compiled by `python -m tools.catalog`.",
    ]
    for entry in entries:
        out.append("")
        out.append(f"msgid {_quote(entry.msgid)}")
        if entry.plural is None:
            out.append(f"msgstr {_quote(entry.msgstr[0])}")
            continue
        out.append(f"msgid_plural {_quote(entry.plural)}")
        out += [f"msgstr[{i}] {_quote(s)}" for i, s in enumerate(entry.msgstr)]
    return "\n".join(out) + "\n"


def compile_mo(entries: list[Entry]) -> bytes:
    """The GNU .mo file of the translated entries: ids sorted, no hash table."""
    pairs = sorted(
        (
            (e.msgid + ("\0" + e.plural if e.plural is not None else "")).encode("utf-8"),
            "\0".join(e.msgstr).encode("utf-8"),
        )
        for e in entries
        if e.translated
    )
    count = len(pairs)
    ids_at = 7 * 4  # after the header: magic, revision, count, two table offsets, hash size, at
    strs_at = ids_at + count * 8
    data_at = strs_at + count * 8
    id_table, str_table, data = [], [], b""
    for key, _value in pairs:
        id_table.append((len(key), data_at + len(data)))
        data += key + b"\0"
    for _key, value in pairs:
        str_table.append((len(value), data_at + len(data)))
        data += value + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, ids_at, strs_at, 0, data_at)
    tables = b"".join(struct.pack("<2I", n, at) for n, at in id_table + str_table)
    return header + tables + data


def updated(entries: list[Entry]) -> list[Entry]:
    """The header, then every id the catalog must have, with the translations `entries` give."""
    known = {(e.msgid, e.plural): e for e in entries}
    out = [Entry("", None, (HEADER,))]
    for msgid, plural in all_ids():
        empty = ("",)
        out.append(known.get((msgid, plural)) or Entry(msgid, plural, empty))
    return out


def main() -> int:
    entries = updated(read_po(PO.read_text(encoding="utf-8")) if PO.exists() else [])
    PO.parent.mkdir(parents=True, exist_ok=True)
    PO.write_text(write_po(entries), encoding="utf-8")
    MO.write_bytes(compile_mo(entries))
    missing = [e.msgid for e in entries if not e.translated]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    total = len(entries) - 1  # the header aside
    print(f"{PO.relative_to(REPO)}: {total - len(missing)} of {total} translated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
