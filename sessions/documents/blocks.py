"""A report as a list of blocks, and the Swedish an officer writes in them.

Each report (the evening's report to the strategy, the imprint, the yearly follow-up) is written
once as blocks; :mod:`sessions.documents.render` lays them out, so the formats cannot say different
things.
"""

import datetime
from dataclasses import dataclass, field

from babel.dates import format_date

LANGUAGE = "sv"


# --- blocks ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 to 3; the report's own title is Report.title


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "" plain, "note" (the tool's own remark, set apart), "quote" (a quoted text)


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    """Grouped bars: one group per category, one bar per series (e.g. stages × women and men)."""

    title: str
    categories: list[str]
    series: dict[str, list[int]]
    description: str = ""  # what the chart shows, for readers who cannot see it


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Bullets | Table | Chart | PageBreak


@dataclass
class Report:
    title: str
    author: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> "Report":
        self.blocks.extend(blocks)
        return self


# --- Swedish as an officer writes it ------------------------------------------------------------

def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def swedish_date(value: str | datetime.date | None) -> str:
    """"15 mars 2011"; an empty or unreadable date stays as it was written."""
    if not value:
        return ""
    try:
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return format_date(day, "d MMMM y", locale=LANGUAGE)


def clock(value: str | None) -> str:
    """The time of day of an ISO 8601 stamp as Swedish writes it ("18.05"), on the stamp's own clock."""
    if not value:
        return ""
    return datetime.datetime.fromisoformat(value).strftime("%H.%M")


def percent(share: float) -> str:
    return f"{round(share * 100)} procent"


def join_words(words: list[str]) -> str:
    """"a, b och c"."""
    words = [word for word in words if word]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} och {words[-1]}"
