"""What must never reach a person's screen: a message key, a broken value, an unfilled placeholder."""

import re

# A key ("theme.unsorted", "error.server.error"), a value JavaScript could not show, or a placeholder.
BROKEN = re.compile(r"\b[a-z]+(?:_[a-z]+)*\.[a-z]+(?:[._][a-z]+)*\b|\bundefined\b|\bNaN\b|\[object \w+\]"
                    r"|%\(\w+\)[sd]|\{\{|\}\}")

# Run in a page: the text a person reads, and the texts screen readers and tooltips give.
PAGE_TEXT = """() => {
  const parts = [document.title, document.body.innerText];
  for (const node of document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [aria-description]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
      if (node.hasAttribute(name)) parts.push(node.getAttribute(name));
    }
  }
  return parts.join('\\n');
}"""


def visible_text(html: str) -> str:
    """A server-rendered page's text and attribute texts (no scripts, no styles, no tags)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attributes = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', html)
    return re.sub(r"<[^>]+>", " ", html) + "\n" + "\n".join(attributes)
