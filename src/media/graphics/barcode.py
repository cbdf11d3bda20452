"""EAN-13 bar patterns (GS1 General Specifications, 5.2.1.2): an ISBN-13 as 95 modules, 1 a bar and 0 a space,
for any painter to draw (the book's cover draws them as vector rectangles)."""
from __future__ import annotations

_L = ("0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011")
_G = tuple(code[::-1].translate(str.maketrans("01", "10")) for code in _L)  # the R code read backwards
_R = tuple(code.translate(str.maketrans("01", "10")) for code in _L)
# which of the left half's six digits use the G code, by the first digit (it is carried by these parities)
_PARITY = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL")


def ean13_digits(isbn: str) -> str:
    digits = isbn.replace("-", "").replace(" ", "")
    if len(digits) != 13 or not digits.isdigit():
        raise ValueError(f"'{isbn}' is not 13 digits")
    return digits


def ean13_modules(isbn: str) -> str:
    """The 95 modules of the EAN-13 symbol of `isbn` (hyphens allowed), guards included."""
    d = ean13_digits(isbn)
    left = "".join((_L if p == "L" else _G)[int(x)] for p, x in zip(_PARITY[int(d[0])], d[1:7]))
    right = "".join(_R[int(x)] for x in d[7:])
    return "101" + left + "01010" + right + "101"
