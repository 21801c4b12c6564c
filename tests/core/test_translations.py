"""Message catalogues: Indonesian (default) and English are complete, compiled and used.

The .po files are read with a small standard-library parser (no polib). Regenerate and check the
catalogues with ``scripts/check_messages.sh``.
"""

import ast
import gettext as gettext_module
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from apps.core.validators import validate_nik
from apps.trainees.models import Trainee
from apps.training.models import Cohort

LOCALE = Path(settings.BASE_DIR) / "locale"
CATALOGUES = {lang: LOCALE / lang / "LC_MESSAGES" / "django.po" for lang in ("id", "en")}
ID_OVERRIDES = LOCALE / "id" / "overrides.po"
UNIQUE_TOGETHER = "%(model_name)s with this %(field_labels)s already exists."


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None


def read_po(path: Path) -> list[Entry]:
    """Entries of a .po file, header first; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None

    def start(lineno: int) -> Entry:
        nonlocal entry
        if entry is None:
            entry = Entry(line=lineno)
        return entry

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, target = None, None
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            start(lineno).flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            start(lineno)
        elif line.startswith('"'):
            assert target is not None, f"{path}:{lineno}: continuation line outside an entry"
            append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                target = ("msgstr", int(match.group(1)))
            elif keyword in ("msgid", "msgid_plural", "msgstr", "msgctxt"):
                target = (keyword, None)
            else:
                raise AssertionError(f"{path}:{lineno}: unexpected line {raw!r}")
            current = start(lineno)
            if keyword == "msgid" and current.msgid:
                raise AssertionError(f"{path}:{lineno}: two msgids without a blank line between them")
            append(current, target, ast.literal_eval(value))
    if entry is not None:
        entries.append(entry)
    return entries


def append(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    name, index = target
    if name == "msgstr":
        key = 0 if index is None else index
        entry.msgstr[key] = entry.msgstr.get(key, "") + text
    elif name == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif name == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    else:
        entry.msgid += text


def header_of(entries: list[Entry]) -> dict[str, str]:
    header = entries[0]
    assert header.msgid == "" and header.msgctxt is None
    fields = (line.partition(":") for line in header.msgstr[0].splitlines() if line)
    return {key.strip(): value.strip() for key, _, value in fields}


def nplurals(entries: list[Entry]) -> int:
    return int(re.search(r"nplurals\s*=\s*(\d+)", header_of(entries)["Plural-Forms"]).group(1))


PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def placeholders(text: str) -> list[str]:
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


# --- the catalogues ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_catalogue_header_is_complete_and_not_fuzzy(lang):
    entries = read_po(CATALOGUES[lang])
    header = header_of(entries)

    assert "fuzzy" not in entries[0].flags
    assert header["Language"] == lang
    assert "charset=UTF-8" in header["Content-Type"]
    assert nplurals(entries) == {"id": 1, "en": 2}[lang]


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_every_entry_is_translated_and_none_is_fuzzy(lang):
    entries = read_po(CATALOGUES[lang])[1:]
    forms = nplurals(read_po(CATALOGUES[lang]))

    assert len(entries) > 100
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in entries if not e.msgstr or not all(e.msgstr.values())]
    wrong_forms = [
        e.msgid for e in entries if sorted(e.msgstr) != (list(range(forms)) if e.msgid_plural else [0])
    ]
    assert fuzzy == []
    assert untranslated == []
    assert wrong_forms == []


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_translations_keep_every_placeholder(lang):
    for entry in read_po(CATALOGUES[lang])[1:]:
        for index, text in entry.msgstr.items():
            source = entry.msgid_plural if entry.msgid_plural and index > 0 else entry.msgid
            if "python-format" in entry.flags:
                # Indonesian has one plural form for both the singular and the plural msgid.
                assert placeholders(text) in (placeholders(entry.msgid), placeholders(source)), entry.msgid
            assert text.count("<") == source.count("<"), entry.msgid


def test_english_catalogue_says_what_the_msgid_says():
    for entry in read_po(CATALOGUES["en"])[1:]:
        assert entry.msgstr[0] == entry.msgid
        if entry.msgid_plural:
            assert entry.msgstr[1] == entry.msgid_plural


def test_both_catalogues_hold_the_same_messages_of_our_code():
    overrides = {e.msgid for e in read_po(ID_OVERRIDES)[1:]}
    ids = {e.msgid for e in read_po(CATALOGUES["id"])[1:]} - overrides
    ens = {e.msgid for e in read_po(CATALOGUES["en"])[1:]}

    assert ids == ens


@pytest.mark.parametrize("lang", sorted(CATALOGUES))
def test_compiled_catalogue_matches_the_po_file(lang):
    """A .po edited without compilemessages would silently not be used."""
    mo = CATALOGUES[lang].with_suffix(".mo")
    with mo.open("rb") as fh:
        compiled = gettext_module.GNUTranslations(fh)

    for entry in read_po(CATALOGUES[lang])[1:]:
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr[0]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr[0]


def test_indonesian_overrides_are_in_the_catalogue():
    catalogue = {e.msgid: e.msgstr for e in read_po(CATALOGUES["id"])}
    overrides = read_po(ID_OVERRIDES)[1:]

    assert [e.msgid for e in overrides] == [UNIQUE_TOGETHER]
    for entry in overrides:
        assert catalogue[entry.msgid] == entry.msgstr


# --- the strings in use -----------------------------------------------------------------------
def nik_error(value: str) -> str:
    with pytest.raises(ValidationError) as excinfo:
        validate_nik(value)
    return str(excinfo.value.messages[0])


def test_validator_message_in_indonesian_and_english():
    with translation.override("id"):
        assert nik_error("123") == "NIK harus terdiri atas tepat 16 digit."
    with translation.override("en"):
        assert nik_error("123") == "NIK must be exactly 16 digits."


def test_model_names_in_indonesian_and_english():
    with translation.override("id"):
        assert str(Trainee._meta.verbose_name) == "peserta pelatihan"
        assert str(Cohort._meta.verbose_name) == "angkatan"
        assert str(Cohort._meta.get_field("number").verbose_name) == "nomor angkatan"
    with translation.override("en"):
        assert str(Trainee._meta.verbose_name) == "trainee"
        assert str(Cohort._meta.verbose_name) == "cohort"


def test_template_strings_in_indonesian_and_english():
    template = Template(
        '{% load i18n %}{% translate "Job vacancies" %}|'
        "{% blocktranslate count n=n %}{{ n }} open vacancy{% plural %}{{ n }} open vacancies{% endblocktranslate %}"
    )
    with translation.override("id"):
        assert template.render(Context({"n": 3})) == "Lowongan kerja|3 lowongan terbuka"
    with translation.override("en"):
        assert template.render(Context({"n": 1})) == "Job vacancies|1 open vacancy"
        assert template.render(Context({"n": 3})) == "Job vacancies|3 open vacancies"


def test_plural_messages_in_indonesian_and_english():
    message = ("%(count)d vacancy published.", "%(count)d vacancies published.")
    with translation.override("id"):
        assert ngettext(*message, 1) % {"count": 1} == "1 lowongan diterbitkan."
        assert ngettext(*message, 5) % {"count": 5} == "5 lowongan diterbitkan."
    with translation.override("en"):
        assert ngettext(*message, 5) % {"count": 5} == "5 vacancies published."


@pytest.mark.django_db
def test_job_board_page_follows_the_chosen_language(client):
    url = reverse("job-board")

    page = client.get(url).content.decode()  # no preference: LANGUAGE_CODE ("id")
    assert "Lowongan kerja" in page and "Job vacancies" not in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert "Job vacancies" in page and "Lowongan kerja" not in page


def test_django_unique_together_message_is_overridden_to_already_exists():
    with translation.override("id"):
        assert gettext(UNIQUE_TOGETHER).endswith("ini sudah ada.")
        error = Cohort().unique_error_message(Cohort, ("program", "number"))
        message = str(error.message % error.params)
    assert "tidak ada" not in message
    # Django capitalises the model name and each field label.
    assert message == "Angkatan dengan Program pelatihan dan Nomor angkatan ini sudah ada."

    with translation.override("en"):
        error = Cohort().unique_error_message(Cohort, ("program", "number"))
        message = str(error.message % error.params)
    assert message == "Cohort with this Programme and Cohort number already exists."
