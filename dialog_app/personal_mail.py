"""What only the sender adds to a stored mail (its own module, so the mailer and the links it is filled
with by, dialog_app/personal_links.py, both use it without importing each other)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Personal:
    """What only the sender adds to a stored mail: its personal links, and attachments (the ticket)."""

    links: dict[str, str]
    attachments: tuple[tuple[str, bytes, str, str], ...] = ()  # (file name, content, maintype, subtype)
