"""ICAO 9303 machine readable zones: check digits, parsing, reading from images."""

_CHAR_VALUES = {**{str(d): d for d in range(10)}, **{chr(ord("A") + i): 10 + i for i in range(26)}, "<": 0}
_WEIGHTS = (7, 3, 1)


def check_digit(text: str) -> str:
    """The ICAO 9303 check digit of ``text`` (digits, A-Z and '<')."""
    total = sum(_CHAR_VALUES[ch] * _WEIGHTS[i % 3] for i, ch in enumerate(text))
    return str(total % 10)
