"""The accessibility statement a public body must publish (lagen om tillgänglighet till digital offentlig
service): in the docs in Swedish and English, as a page of the app in the reader's language, and
linked from every page a person uses (the projector, one screen never scrolled, excepted)."""

import importlib.util
import os
import re
from urllib.parse import quote

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_statement():
    spec = importlib.util.spec_from_file_location("make_statement", os.path.join(ROOT, "docs", "make_statement.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_apps_statement_is_made_from_the_docs_as_they_are_now():
    maker = make_statement()
    for language, source in maker.SOURCES.items():
        with open(source, encoding="utf-8") as handle:
            made = maker.render(handle.read())
        with open(maker.TARGET.format(language), encoding="utf-8") as handle:
            assert handle.read() == made, f"run `make statement`: {language} is out of date"


def test_the_statement_says_what_the_law_asks_in_both_languages(client):
    swedish = client.get("/tillganglighet?lang=sv").get_data(as_text=True)
    assert '<html lang="sv">' in swedish
    anchor = "innehåll-som-inte-är-tillgängligt"
    for part in ("Tillgänglighetsredogörelse för Öppet forum", "delvis förenlig", "Innehåll som inte är tillgängligt",
                 "Rapportera brister i tjänstens tillgänglighet", "Tillsyn", "https://www.digg.se/tdosanmalan",
                 f'href="#{quote(anchor)}"', f'id="{anchor}"'):
        assert part in swedish, part
    english = client.get("/tillganglighet?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english
    for part in ("Accessibility statement for Open forum", "partially compliant", "Content that is not accessible",
                 "Report accessibility problems", "Enforcement", "https://www.digg.se/tdosanmalan"):
        assert part in english, part


def test_every_page_a_person_uses_links_the_statement(evening, client):
    tokens = evening.tokens
    pages = {"start": "/", "login": "/organiser/login", "leader": f"/leader/{tokens['leader']}",
             "tablet": f"/table/{evening.secretary(1)}", "phone": f"/join/{tokens['participant']}"}
    link = re.compile(r'<footer class="page-footer">\s*<a href="/tillganglighet">Tillgänglighetsredogörelse</a>')
    linked = {name: bool(link.search(client.get(path, query_string={"lang": "sv"}).get_data(as_text=True)))
              for name, path in pages.items()}
    assert linked == dict.fromkeys(pages, True)
    projector = client.get(f"/projector/{tokens['projector']}").get_data(as_text=True)
    assert "page-footer" not in projector
