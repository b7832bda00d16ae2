"""The organiser's invitation page and outbox (Utkorg) without a mail server: mails stay in the outbox."""

from dialog_app.db import get_db
from sessions.ground import roles
from sessions.people import people


def test_without_a_mail_server_the_invitations_wait_in_the_outbox_for_the_organiser_to_see(app, client, evening):
    with app.app_context():
        for name, contact in (("Anna Holm", "anna@example.se"), ("Bo Ek", ""), ("Cecilia Lund", "cecilia@ex.se")):
            people.add_person(get_db(), roles.ORGANISER, evening.event.id,
                              {"name": name, "contact": contact, "inviter": "Ledamot A"})
    csrf = evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}"
    page = client.get(f"{base}/invitations").get_data(as_text=True)
    assert 'data-count="2"' in page and "2 personer får en inbjudan när du skickar." in page
    assert "1 person saknar e-postadress och får ingen inbjudan: Bo Ek" in page
    assert f"Till anna@example.se: Ledamot A bjuder in dig till {evening.event.title}" in page
    # The preview says what stands where each person's own link will be, not its placeholder.
    assert "Anmäl dig (eller tacka nej) med din egen länk:\n[personens egen länk / the person&#39;s own link]" in page
    assert "{register_link}" not in page
    sent = client.post(f"{base}/invitations/send", data={"csrf_token": csrf})
    assert "2 inbjudningar ligger i utkorgen för att skickas." in client.get(sent.headers["Location"]).get_data(
        as_text=True)
    outbox = client.get(f"{base}/outbox").get_data(as_text=True)
    assert "Ingen e-postserver är inställd" in outbox
    assert outbox.count('data-testid="outbox-row" data-state="queued" data-purpose="invitation"') == 2
    # The stored mail keeps a placeholder, never a link that opens anything.
    assert "{register_link}" in outbox and "/r/" not in outbox
    again = client.post(f"{base}/invitations/send", data={"csrf_token": csrf})
    assert "0 inbjudningar ligger i utkorgen" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_a_capacity_that_is_not_a_number_is_refused_with_a_sentence(client, evening):
    csrf = evening.log_in(client)
    base = f"/organiser/events/{evening.event.id}"
    refused = client.post(f"{base}/invitations/capacity", data={"csrf_token": csrf, "capacity": "många"})
    assert "Ange antalet platser som ett heltal från 1 till 100" in client.get(refused.headers["Location"]).get_data(
        as_text=True)
