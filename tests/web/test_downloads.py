"""Downloads: every file the server hands out is named by one helper, and no value can break its header."""

import io

import pytest

from dialog_app.downloads import attachment_header


def test_a_download_name_cannot_end_its_header_or_its_quotes():
    header = attachment_header('deltagare-a"b\r\nSet-Cookie: x=1;\\.csv')
    assert header == 'attachment; filename="deltagare-a-b-Set-Cookie-x-1-.csv"; ' \
                     "filename*=UTF-8''deltagare-a-b%20Set-Cookie-%20x%3D1%3B-.csv"
    assert "\r" not in header and "\n" not in header


def test_a_swedish_name_is_sent_in_full_and_as_plain_letters():
    assert attachment_header("avtryck-Åsby näringsliv.docx") == (
        "attachment; filename=\"avtryck-Asby-naringsliv.docx\"; "
        "filename*=UTF-8''avtryck-%C3%85sby%20n%C3%A4ringsliv.docx")
    assert attachment_header("deltagare-0123456789.csv") == 'attachment; filename="deltagare-0123456789.csv"'
    assert attachment_header("\u202e\r\n") == 'attachment; filename="download"'


@pytest.fixture
def desk(client, evening):
    csrf = evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}"
    strategy = (io.BytesIO("Kommunen ska växa.".encode()), "s.txt")
    client.post(f"{base}/imprint", data={"csrf_token": csrf, "strategy": strategy}, content_type="multipart/form-data")
    return evening, client


DOWNLOADS = [("people.csv", "deltagare", "csv"), ("export?format=md", "oppet-forum", "md"),
             ("imprint/download?format=json", "avtryck", "json"), ("followup/report?format=md", "uppfoljning", "md")]


@pytest.mark.parametrize("path, name, extension", DOWNLOADS)
def test_every_download_is_named_after_its_event(desk, path, name, extension):
    evening, client = desk
    response = client.get(f"/organiser/events/{evening.event.id}/{path}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}-{evening.event.id}.{extension}"'


@pytest.mark.parametrize("path", [path for path, _, _ in DOWNLOADS])
@pytest.mark.parametrize("event_id", ["%0d%0aSet-Cookie:%20x=1", "nope", "0123456789", "a%22b"])
def test_a_download_of_an_unknown_or_malformed_event_is_the_ordinary_not_found_page(desk, path, event_id):
    _, client = desk
    response = client.get(f"/organiser/events/{event_id}/{path}")
    assert response.status_code == 404
    assert "Evenemanget finns inte." in response.get_data(as_text=True)
    assert "Content-Disposition" not in response.headers
    assert not any("x=1" in value for value in response.headers.getlist("Set-Cookie"))
