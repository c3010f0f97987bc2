"""CBS period labels and codes ("2022", "2022*", "2015JJ00", "1e halfjaar 2019") as years."""

import re
from dataclasses import dataclass
from typing import Literal

PeriodType = Literal["jaar", "halfjaar", "kwartaal", "maand"]

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


@dataclass(frozen=True)
class Period:
    year: int
    type: PeriodType
    number: int  # half-year, quarter or month within the year; 0 for a whole year
    provisional: bool

    @property
    def label(self) -> str:
        match self.type:
            case "jaar":
                return str(self.year)
            case "halfjaar":
                return f"{self.number}e halfjaar {self.year}"
            case "kwartaal":
                return f"{self.number}e kwartaal {self.year}"
            case "maand":
                return f"{self.year} {MONTHS[self.number - 1]}"


_CODE = re.compile(r"^(\d{4})(JJ|HJ|KW|MM)(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_PART = re.compile(r"^([1-4])e (halfjaar|kwartaal) (\d{4})$")
_MONTH = re.compile(r"^(\d{4}) (" + "|".join(MONTHS) + r")$")
_CODE_TYPES: dict[str, PeriodType] = {
    "JJ": "jaar",
    "HJ": "halfjaar",
    "KW": "kwartaal",
    "MM": "maand",
}


def parse_period(raw: str) -> Period | None:
    """Parse a StatLine period; None when it is not a calendar period.

    >>> parse_period("2023*")
    Period(year=2023, type='jaar', number=0, provisional=True)
    """
    text = raw.strip()
    provisional = text.endswith("*")
    text = text.rstrip("*").strip()
    if m := _YEAR.match(text):
        return Period(int(m[1]), "jaar", 0, provisional)
    if m := _CODE.match(text):
        return Period(int(m[1]), _CODE_TYPES[m[2]], int(m[3]), provisional)
    if m := _PART.match(text):
        kind: PeriodType = "halfjaar" if m[2] == "halfjaar" else "kwartaal"
        return Period(int(m[3]), kind, int(m[1]), provisional)
    if m := _MONTH.match(text):
        return Period(int(m[1]), "maand", MONTHS.index(m[2]) + 1, provisional)
    return None
