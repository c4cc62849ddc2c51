"""Every page speaks English and Dutch: the Dutch catalogue covers every string in the code."""
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from lms import i18n

ROOT = Path(__file__).parents[1]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def dutch():
    with (ROOT / "lms/locale/nl/LC_MESSAGES/messages.po").open("rb") as f:
        return read_po(f)


def test_every_message_has_a_dutch_translation_with_the_same_placeholders():
    for message in dutch():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"no Dutch for {ids[0]!r}: run scripts/translations and translate it"
        assert "fuzzy" not in message.flags, f"fuzzy Dutch for {ids[0]!r}"
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= wanted, f"placeholders differ in {ids[0]!r}"


def test_the_catalogue_knows_every_string_in_the_code(tmp_path):
    template = tmp_path / "messages.pot"
    # --ignore-dirs: Babel skips folders starting with "_" by default, and our fragments live in _partials
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "--ignore-dirs",
                    ".* __pycache__", "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-o", str(template), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with template.open("rb") as f:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in dutch() if m.id}
    missing = sorted(in_code - translated)
    assert not missing, f"run scripts/translations and translate: {missing[:10]}"


def test_it_speaks_dutch_when_asked():
    with i18n.using("nl"):
        assert i18n.gettext("Sign in") == "Aanmelden"
        assert i18n.ngettext("%(num)s person", "%(num)s people", 3) == "3 personen"
    assert i18n.negotiate("nl-BE,nl;q=0.9,en;q=0.8") == "nl"
    assert i18n.negotiate("fr-BE, en;q=0.4") == "en"
