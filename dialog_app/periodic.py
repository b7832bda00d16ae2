"""What the served process does now and then beside serving: the follow-up digests to those who asked,
and removing the names of past events once their retention period has run out."""

from collections.abc import Callable

from sessions import storage

EVERY_SECONDS = 3600


def run_once(app) -> dict:
    """One pass, with its own connection (it runs in a worker thread); returns what it did."""
    from dialog_app.personal_links import base_url
    from dialog_app.registration import mail_domain
    from sessions.documents import results
    from sessions.people import privacy

    conn = storage.connect(app.config["DATABASE"])
    try:
        with app.test_request_context():
            secret = app.config["SECRET_KEY"].encode()
            told = results.send_due_digests(conn, secret, lambda token: f"{base_url()}/resultat/{token}",
                                            mail_domain())
        removed = privacy.run_retention(conn)
        return {"digests": told, "names_removed_events": removed["events"], "names_removed_people": removed["people"]}
    finally:
        storage.close(conn)


def start(app, sleep: Callable[[float], object], spawn: Callable) -> None:
    from dialog_app.offload import run_blocking

    def loop() -> None:
        while True:
            sleep(app.config.get("PERIODIC_SECONDS") or EVERY_SECONDS)
            try:
                with app.app_context():
                    done = run_blocking(run_once, app)
                if any(done.values()):
                    app.logger.info("periodic: %s", done)
            except Exception:  # logged; the next pass tries again
                app.logger.exception("periodic: a pass failed")

    spawn(loop)
