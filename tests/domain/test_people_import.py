"""Invitation lists as organisers' programs write them: every encoding, separator and line end, empty
rows, files over the limits, damaged files and bombs; then preview, confirm once, re-import, undo."""

import resource
import tracemalloc

import pytest

from sessions.ground import roles
from sessions.people import imports, people
from sessions.people.imports import confirm_import, import_file, preview, start_import, undo_last_import
from sessions.people.list_files import MAX_ROWS, read_list_file
from support.evening import refused
from support.people_files import large, make, sample

ORGANISER = roles.ORGANISER
SAMPLE_NAMES = [row[0] for row in make.PEOPLE]


def listed(conn, event):
    return {p.name: p for p in people.list_people(conn, ORGANISER, event.id)}


def imported(conn, event, content, filename="lista.csv", **choices):
    import_id = start_import(conn, ORGANISER, event.id, filename, content)
    if choices:
        imports.choose(conn, ORGANISER, event.id, import_id, choices.get("mapping", {}), choices.get("values", {}))
    return confirm_import(conn, ORGANISER, event.id, import_id)


# --- reading: every way the same list arrives --------------------------------------------------------

@pytest.mark.parametrize("name, encoding, delimiter", [
    ("excel-windows-semikolon-cp1252.csv", "cp1252", ";"),
    ("excel-csv-utf8-bom.csv", "utf-8", ";"),
    ("excel-unicode-text-utf16le.txt", "utf-16", "\t"),
    ("system-utf16be-komma.csv", "utf-16", ","),
    ("mac-cr-radslut.csv", "mac_roman", ";"),
    ("bokningssystem-tabbar.tsv", "utf-8", "\t"),
    ("macos-nfd-utf8.csv", "utf-8", ","),
])
def test_the_same_list_reads_the_same_from_every_program(name, encoding, delimiter):
    read = read_list_file(sample(name))
    assert (read.encoding, read.delimiter) == (encoding, delimiter)
    # Olof Berg's status is empty: a row ends at its last cell with something in it.
    assert [cells for _, cells in read.rows] == [make.HEADER] + make.PEOPLE[:-1] + [make.PEOPLE[-1][:-1]]


def test_a_google_sheet_keeps_a_comma_and_a_line_break_inside_a_quoted_cell():
    rows = dict(read_list_file(sample("google-kalkylark-utf8.csv")).rows)
    assert rows[10][1] == "Holm & Dotter, Stenkullen"
    assert rows[11][1] == "Ekdahls Trä Sjövik" and rows[11][0] == "Nils Ekdahl"


def test_a_semicolon_list_with_commas_in_its_cells_is_still_a_semicolon_list(conn, event):
    content = "Namn;Organisation;Anteckning\nÅsa Öberg;Öbergs Bygg, Lerum;ringer, mejlar\nPer Ek;Skolan;\n".encode()
    read = read_list_file(content)
    assert read.delimiter == ";" and read.rows[1][1] == ["Åsa Öberg", "Öbergs Bygg, Lerum", "ringer, mejlar"]


def test_outlooks_contact_export_gives_whole_names_and_e_mail(conn, event):
    outcome = imported(conn, event, sample("outlook-kontakter.csv"), "kontakter.csv")
    assert outcome["added"] == 3
    asa = listed(conn, event)["Åsa Öberg"]
    assert (asa.organisation, asa.contact) == ("Öbergs Bygg AB", "asa.oberg@obergsbygg.se")


def test_a_municipal_workbook_with_a_title_row_reads_from_its_header(conn, event):
    import_id = start_import(conn, ORGANISER, event.id, "deltagare.xlsx", sample("kommunsystem-med-rubrikrad.xlsx"))
    shown = preview(conn, ORGANISER, event.id, import_id)
    assert shown.header[:3] == ["Namn", "Organisation", "Bransch/Sektor"]
    assert shown.file_info["header_line"] == 3 and shown.file_info["sheet"] == "Deltagare"
    assert [row.line for row in shown.rows] == [4, 5, 6]
    confirm_import(conn, ORGANISER, event.id, import_id)
    everyone = listed(conn, event)
    # A phone number stored as a number is the number as Excel shows it, not 46701234567.0.
    assert everyone["Åsa Öberg"].contact == "46701234567"
    assert (everyone["Per Ek"].status, everyone["Märta Ström"].status) == ("declined", "registered")


def test_empty_rows_are_ignored_and_do_not_count_towards_the_limit(conn, event):
    for name in ("hundra-personer-tomma-rader.csv", "hundra-personer-tomma-rader.xlsx"):
        read = read_list_file(sample(name))
        assert len(read.rows) == 101
    assert imported(conn, event, sample("hundra-personer-tomma-rader.xlsx"), "lista.xlsx")["added"] == 100


def test_a_list_at_the_limit_imports_and_one_row_beyond_is_refused(conn, event):
    assert imported(conn, event, large("personer-5000.csv"))["added"] == MAX_ROWS
    for name in ("personer-5001.csv", "personer-5001.xlsx"):
        error = refused("import.too_many", start_import, conn, ORGANISER, event.id, name, large(name))
        assert error.params == {"limit": 5000}
    assert len(people.list_people(conn, ORGANISER, event.id)) == MAX_ROWS


@pytest.mark.parametrize("content, code", [
    (sample("avbruten-export.xlsx"), "import.damaged"),
    (sample("gammal-excel-ole2.xls"), "import.old_format"),
    (b"PK\x03\x04 not really a zip", "import.unreadable"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 40, "import.unreadable"),
    (b"", "import.empty"),
    (b"\n;;;\n\n", "import.empty"),
    (b"x" * (2 * 1024 * 1024 + 1), "import.too_big"),
])
def test_an_unreadable_file_is_refused_with_a_reason_and_imports_nothing(conn, event, content, code):
    refused(code, start_import, conn, ORGANISER, event.id, "lista", content)
    assert people.list_people(conn, ORGANISER, event.id) == []
    assert conn.execute("SELECT COUNT(*) FROM person_import").fetchone()[0] == 0


# --- bombs: refused early, memory bounded ----------------------------------------------------------

def test_a_zip_bomb_of_a_million_rows_is_refused_before_it_is_unpacked(conn, event, monkeypatch):
    import openpyxl

    bomb = large("bomb-en-miljon-rader.xlsx")
    assert len(bomb) < 1_100_000
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl must not open a bomb"))
    tracemalloc.start()
    try:
        error = refused("import.unpacked_too_big", start_import, conn, ORGANISER, event.id, "bomb.xlsx", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error.params == {"limit_mb": 40}
    assert peak < 4 * len(bomb) + 1_000_000  # the file and the zip directory, nothing unpacked


def test_four_million_empty_rows_in_forty_kilobytes_are_counted_not_parsed(conn, event, monkeypatch):
    import openpyxl

    bomb = large("bomb-fyra-miljoner-tomma-rader.xlsx")
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("openpyxl must not open a bomb"))
    tracemalloc.start()
    try:
        refused("import.sheet_too_big", start_import, conn, ORGANISER, event.id, "bomb.xlsx", bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000  # 64 KB chunks, never the 24 MB sheet


def test_a_declared_range_of_a_million_rows_by_16384_columns_is_ignored(conn, event):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    import_id = start_import(conn, ORGANISER, event.id, "dim.xlsx", large("bomb-deklarerad-dimension.xlsx"))
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    shown = preview(conn, ORGANISER, event.id, import_id)
    assert len(shown.rows) == 2000 and len(shown.header) == 5
    assert grown_kb < 100_000  # read naively it grew the server by over 1 GB


# --- statuses and values as lists write them ----------------------------------------------------------

def test_declined_and_every_other_swedish_status_is_understood_and_an_unknown_one_is_asked_about(conn, event):
    import_id = start_import(conn, ORGANISER, event.id, "statusar.csv", sample("statusar-som-listor-skriver.csv"))
    shown = preview(conn, ORGANISER, event.id, import_id)
    assert shown.unknown_values == {"status": {"kanske": 2, "väntelista": 1}}
    assert shown.counts()["add"] == len(make.STATUS_SPELLINGS)  # unknown values do not block the file
    imports.choose(conn, ORGANISER, event.id, import_id, {0: "name", 1: "gender", 2: "status"},
                         {"status": {"Kanske": "registered", "väntelista": "invited"}})
    assert confirm_import(conn, ORGANISER, event.id, import_id)["added"] == len(make.STATUS_SPELLINGS)
    everyone = listed(conn, event)
    # Before the evening, a list's "Deltog" is a registration: nobody has come through the door yet.
    expected = {f"Person {n}": {"attended": "registered"}.get(status, status)
                or ("registered" if spelling.casefold() == "kanske" else "invited")
                for n, (spelling, status) in enumerate(make.STATUS_SPELLINGS, start=1)}
    assert {name: person.status for name, person in everyone.items()} == expected


def test_an_unknown_gender_is_shown_and_left_unknown_unless_mapped(conn, event):
    import_id = start_import(conn, ORGANISER, event.id, "l.csv", "Namn,Kön\nEva,K\nOlle,robot\n".encode())
    shown = preview(conn, ORGANISER, event.id, import_id)
    assert shown.unknown_values == {"gender": {"robot": 1}}
    assert [row.unknown for row in shown.rows] == [{}, {"gender": "robot"}]
    confirm_import(conn, ORGANISER, event.id, import_id)
    assert listed(conn, event)["Olle"].gender == "unknown"


def test_a_row_without_a_name_is_skipped_and_named_in_the_preview(conn, event):
    import_id = start_import(conn, ORGANISER, event.id, "l.csv",
                             "Namn,Organisation\nEva,Skolan\n,Företaget utan namn\n".encode())
    shown = preview(conn, ORGANISER, event.id, import_id)
    assert [(row.line, row.action, (row.problem or {}).get("code")) for row in shown.rows] == [
        (2, "add", None), (3, "skip", "person.name_empty")]
    assert confirm_import(conn, ORGANISER, event.id, import_id)["skipped"] == 1


def test_columns_are_mapped_by_hand_when_their_names_are_not_known(conn, event):
    import_id = start_import(conn, ORGANISER, event.id, "l.csv",
                             "Deltagarens fullständiga namn,Vem bjöd in\nLisa Ek,Ordföranden\n".encode())
    refused("import.no_name_column", confirm_import, conn, ORGANISER, event.id, import_id)
    refused("import.field_twice", imports.choose, conn, ORGANISER, event.id, import_id, {0: "name", 1: "name"}, {})
    refused("import.bad_choice", imports.choose, conn, ORGANISER, event.id, import_id, {7: "name"}, {})
    imports.choose(conn, ORGANISER, event.id, import_id, {0: "name", 1: "inviter"}, {})
    assert confirm_import(conn, ORGANISER, event.id, import_id)["added"] == 1
    assert listed(conn, event)["Lisa Ek"].inviter == "Ordföranden"


# --- once, and correctable ---------------------------------------------------------------------------

def test_a_confirm_is_accepted_once(conn, event):
    import_id = start_import(conn, ORGANISER, event.id, "lista.csv", sample("excel-windows-semikolon-cp1252.csv"))
    assert confirm_import(conn, ORGANISER, event.id, import_id)["added"] == 8
    again = refused("import.already_done", confirm_import, conn, ORGANISER, event.id, import_id)
    assert again.params["added"] == 8
    assert len(people.list_people(conn, ORGANISER, event.id)) == 8
    # The raw rows (with columns nobody mapped) are not kept once imported.
    assert conn.execute("SELECT rows FROM person_import WHERE id = ?", (import_id,)).fetchone()[0] is None


def test_changed_columns_at_confirm_wait_for_a_look_at_the_new_preview(conn, event):
    import_id = start_import(conn, ORGANISER, event.id, "l.csv", "Namn,Vem\nLisa Ek,Ordföranden\n".encode())
    refused("import.review_changes", confirm_import, conn, ORGANISER, event.id, import_id,
            mapping={0: "name", 1: "inviter"}, choices={})
    assert people.list_people(conn, ORGANISER, event.id) == []
    confirm_import(conn, ORGANISER, event.id, import_id, mapping={"0": "name", "1": "inviter"}, choices={})
    assert listed(conn, event)["Lisa Ek"].inviter == "Ordföranden"


def test_a_second_import_of_the_updated_list_updates_people_instead_of_doubling_them(conn, event):
    imported(conn, event, sample("omgang-v1.csv"))
    first = listed(conn, event)
    people.set_status(conn, ORGANISER, event.id, first["Åsa Öberg"].id, "registered")
    import_id = start_import(conn, ORGANISER, event.id, "omgang-v2.csv", sample("omgang-v2.csv"))
    shown = preview(conn, ORGANISER, event.id, import_id)
    assert [(row.line, row.action, row.match_name) for row in shown.rows] == [
        (2, "unchanged", "Åsa Öberg"),  # matched by e-mail whatever its case; already registered by hand
        (3, "update", "Per Ek"),  # no e-mail before: matched by name and organisation
        (4, "update", "Märta Ström"),  # renamed; the same e-mail
        (5, "add", "")]
    # Case alone is no change: "per ek" does not overwrite "Per Ek".
    assert shown.rows[1].changes == {"status": ("invited", "registered"), "contact": ("", "per.ek@lerum.se")}
    assert confirm_import(conn, ORGANISER, event.id, import_id) == {
        "added": 1, "updated": 2, "unchanged": 1, "duplicates": 0, "skipped": 0, "filename": "omgang-v2.csv"}
    everyone = listed(conn, event)
    assert sorted(everyone) == ["Märta Ström Lind", "Per Ek", "Sven Dahl", "Åsa Öberg"]
    assert everyone["Märta Ström Lind"].status == "declined"
    assert everyone["Märta Ström Lind"].id == first["Märta Ström"].id


def test_a_re_import_never_takes_back_a_check_in_or_a_registration(conn, event):
    imported(conn, event, "Namn;E-post;Status\nÅsa Öberg;asa@x.se;Anmäld\nPer Ek;per@x.se;Anmäld\n".encode())
    everyone = listed(conn, event)
    people.set_status(conn, ORGANISER, event.id, everyone["Åsa Öberg"].id, "attended")
    outcome = imported(conn, event,
                       "Namn;E-post;Status\nÅsa Öberg;asa@x.se;Avböjt\nPer Ek;per@x.se;Inbjuden\n".encode())
    assert outcome["unchanged"] == 2
    assert {p.name: p.status for p in people.list_people(conn, ORGANISER, event.id)} == {
        "Åsa Öberg": "attended", "Per Ek": "registered"}


def test_the_same_person_twice_in_one_file_is_imported_once(conn, event):
    import_id = start_import(conn, ORGANISER, event.id, "l.csv",
                             "Namn;Organisation;E-post\nÅsa Öberg;Bygg AB;asa@x.se\nÅsa Öberg;Bygg AB;ASA@X.SE\n"
                             "Åsa Öberg;Bygg AB;\n".encode())
    shown = preview(conn, ORGANISER, event.id, import_id)
    assert [(row.action, row.duplicate_of) for row in shown.rows] == [("add", None), ("duplicate", 2), ("duplicate", 2)]
    confirm_import(conn, ORGANISER, event.id, import_id)
    assert len(people.list_people(conn, ORGANISER, event.id)) == 1


def test_two_people_of_the_same_name_with_different_e_mail_are_two_people(conn, event):
    imported(conn, event, b"Namn;Organisation;E-post\nAnna Andersson;Skolan;anna.a@skolan.se\n")
    import_id = start_import(conn, ORGANISER, event.id, "l.csv",
                             b"Namn;Organisation;E-post\nAnna Andersson;Skolan;anna.b@skolan.se\n"
                             b"Anna Andersson;Skolan;anna.c@skolan.se\nAnna Andersson;Skolan;\n")
    shown = preview(conn, ORGANISER, event.id, import_id)
    # Without an e-mail the last row could be any of them: the first with the name counts.
    assert [(row.action, row.duplicate_of) for row in shown.rows] == [("add", None), ("add", None), ("duplicate", 2)]
    confirm_import(conn, ORGANISER, event.id, import_id)
    assert sorted(p.contact for p in people.list_people(conn, ORGANISER, event.id)) == [
        "anna.a@skolan.se", "anna.b@skolan.se", "anna.c@skolan.se"]


def test_the_last_import_can_be_undone_and_later_work_is_kept(conn, event):
    imported(conn, event, sample("omgang-v1.csv"), "v1.csv")
    imported(conn, event, sample("omgang-v2.csv"), "v2.csv")
    sven = listed(conn, event)["Sven Dahl"]
    people.set_status(conn, ORGANISER, event.id, sven.id, "attended")  # checked in after the import
    assert imports.last_import(conn, ORGANISER, event.id)["filename"] == "v2.csv"
    assert undo_last_import(conn, ORGANISER, event.id) == {"filename": "v2.csv", "removed": 0, "restored": 3, "kept": 1}
    assert {p.name: p.status for p in people.list_people(conn, ORGANISER, event.id)} == {
        "Märta Ström": "invited", "Per Ek": "invited", "Sven Dahl": "attended", "Åsa Öberg": "invited"}
    assert undo_last_import(conn, ORGANISER, event.id) == {"filename": "v1.csv", "removed": 3, "restored": 0, "kept": 0}
    assert [p.name for p in people.list_people(conn, ORGANISER, event.id)] == ["Sven Dahl"]
    refused("import.nothing_to_undo", undo_last_import, conn, ORGANISER, event.id)


def test_a_preview_nobody_confirmed_is_deleted_after_a_day(conn, event, clock):
    old = start_import(conn, ORGANISER, event.id, "l.csv", b"Namn\nEva\n")
    clock.advance(25 * 3600)
    start_import(conn, ORGANISER, event.id, "l.csv", b"Namn\nOlle\n")
    refused("import.not_found", preview, conn, ORGANISER, event.id, old)


def test_the_preview_pages_through_every_row(conn, event):
    content = ("Namn\n" + "\n".join(f"Person {n}" for n in range(1, 121)) + "\n").encode()
    shown = preview(conn, ORGANISER, event.id, start_import(conn, ORGANISER, event.id, "l.csv", content))
    first, number, pages = shown.page(1)
    last, last_number, _ = shown.page(99)
    assert (len(first), number, pages) == (50, 1, 3)
    assert (len(last), last_number, last[-1].cells) == (20, 3, ["Person 120"])


def test_the_command_line_import_refuses_a_list_that_needs_a_look(conn, event):
    error = refused("import.needs_review", import_file, conn, ORGANISER, event.id, "l.csv",
                    "Namn,Status\nEva,Anmäld\n,Anmäld\nOlle,kanske\n".encode())
    assert error.params == {"lines": [3, 4]}
    assert people.list_people(conn, ORGANISER, event.id) == []
    outcome, _ = import_file(conn, ORGANISER, event.id, "l.csv", sample("bokningssystem-tabbar.tsv"))
    assert outcome["added"] == 8


def test_only_organisers_import(conn, event):
    from sessions.ground.roles import Role
    from support.evening import principal

    leader = principal(event, Role.LEADER)
    refused("role.forbidden", start_import, conn, leader, event.id, "l.csv", b"Namn\nEva\n")
    refused("role.forbidden", undo_last_import, conn, leader, event.id)


# --- what the file's statuses become, and "Deltog" before the evening ------------------------------------

KEPT_LIST = "Namn;Status\n" + "".join(f"Person {n};Deltog\n" for n in range(51)) + \
    "".join(f"Annan {n};Anmäld\n" for n in range(6)) + "Tredje;Kanske\nFjärde;kanske\nFemte;Avböjt\n"


def test_the_preview_says_what_each_status_of_the_file_becomes(conn, event):
    import_id = start_import(conn, ORGANISER, event.id, "forra-aret.csv", KEPT_LIST.encode())
    shown = preview(conn, ORGANISER, event.id, import_id)
    assert shown.status_map() == [{"value": "Deltog", "rows": 51, "becomes": "registered"},
                                  {"value": "Anmäld", "rows": 6, "becomes": "registered"},
                                  {"value": "Kanske", "rows": 2, "becomes": "invited"},
                                  {"value": "Avböjt", "rows": 1, "becomes": "declined"}]
    assert shown.attended_held_back() == 51


def test_attended_before_the_evening_stays_registered_unless_the_organiser_chooses_otherwise(conn, event):
    imported(conn, event, KEPT_LIST.encode())
    statuses = [p.status for p in people.list_people(conn, ORGANISER, event.id)]
    assert statuses.count("attended") == 0 and statuses.count("registered") == 57
    undo_last_import(conn, ORGANISER, event.id)
    imported(conn, event, KEPT_LIST.encode(), mapping={0: "name", 1: "status"},
             values={"before_evening": {"attended": "attended"}})
    statuses = [p.status for p in people.list_people(conn, ORGANISER, event.id)]
    assert statuses.count("attended") == 51


def test_attended_on_a_list_imported_once_the_evening_has_begun_is_attended(conn, event):
    from support.evening import in_phase

    in_phase(conn, event, "brainstorm")
    imported(conn, event, KEPT_LIST.encode())
    assert [p.status for p in people.list_people(conn, ORGANISER, event.id)].count("attended") == 51
