"""The words the narrative reader is made of: gated patterns, and numbers as reports write
them ("three robbers", "5-6 pirates", "a pair of")."""

from __future__ import annotations

import re


class Gated:
    """A pattern tried only when the text holds one of its words: a substring test is a
    hundred times cheaper than a search, and most rules concern few reports."""

    def __init__(self, pattern: str, *gates: str):
        self.pattern = re.compile(pattern)
        self.gates = gates

    def search(self, text: str):
        if self.gates and not any(map(text.__contains__, self.gates)):
            return None
        return self.pattern.search(text)

    def finditer(self, text: str):
        if self.gates and not any(map(text.__contains__, self.gates)):
            return iter(())
        return self.pattern.finditer(text)


NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "a lone": 1, "single": 1, "two": 2, "a pair of": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
for _ten, _t in _TENS.items():
    for _unit, _u in _UNITS.items():
        NUMBER_WORDS[f"{_ten}-{_unit}"] = NUMBER_WORDS[f"{_ten} {_unit}"] = _t + _u
_NUMBER = r"(\d{1,3}|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + ")"


def number(word: str) -> int | None:
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)
