"""Package settings: `storyboards/package.yaml` (organisation, site address, brand, voices, sources, the
book and the podcast feeds). One per project; every storyboard of the folder reads it."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from media.storyboard import values
from media.storyboard.model import MAX_ID, Bilingual, Lang, Model


PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost")
_COLOR = r"^#[0-9a-fA-F]{6}$"


class Brand(Model):
    primary: str = Field("#0B5394", pattern=_COLOR, description="Main colour (SSO blue).")
    secondary: str = Field("#0E7C86", pattern=_COLOR)
    accent: str = Field("#F2A900", pattern=_COLOR, description="Highlights, numbers.")
    background: str = Field("#F7F9FC", pattern=_COLOR)
    text: str = Field("#1B2A3A", pattern=_COLOR)
    muted: str = Field("#5B6B7C", pattern=_COLOR)
    logo: str | None = Field(None, description="Logo image path relative to package.yaml (PNG with alpha).")


class Voice(Model):
    engine: Literal["espeak", "piper", "gtts", "edge"] = "espeak"
    voice: str | None = Field(None, description="Engine-specific voice name; default per engine.")
    rate: float = Field(1.0, gt=0.3, le=3.0, description="Speaking rate multiplier.")


class Voices(Model):
    host: Voice = Voice()
    guest: Voice | None = None


class SourceDoc(Model):
    file: str = Field(description="File name under shared/seeds/.")
    title: Bilingual


class BookSettings(Model):
    """The printed book's settings (`book:` in package.yaml)."""

    isbn: str | None = Field(None, description="ISBN-13 (digits, hyphens allowed): printed with an EAN-13 barcode on the back cover.")
    paper_mm: float = Field(0.1, ge=0.03, le=1.0, description="Paper thickness per page (mm, as printers quote it for the spine): spine = pages x paper_mm.")

    @field_validator("isbn")
    @classmethod
    def _isbn13(cls, v: str | None) -> str | None:
        if v is None:
            return v
        digits = v.replace("-", "").replace(" ", "")
        if not (len(digits) == 13 and digits.isdigit() and digits[:3] in ("978", "979")):
            raise ValueError(f"'{v}' is not an ISBN-13 (13 digits starting 978 or 979)")
        check = (10 - sum(int(d) * (1 if k % 2 == 0 else 3) for k, d in enumerate(digits[:12])) % 10) % 10
        if check != int(digits[12]):
            raise ValueError(f"'{v}': the ISBN check digit should be {check}")
        return v


_SPDX = r"^[A-Za-z0-9][A-Za-z0-9.+-]*$"
_EMAIL = r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$"


class FeedOwner(Model):
    name: Bilingual | None = Field(None, description="Who owns the feed (`itunes:owner`); default: the organisation.")
    email: str | None = Field(None, pattern=_EMAIL, max_length=254,
                              description="The owner's contact address (`itunes:email`, `podcast:locked owner`); "
                                          "without it the feed carries no address (none is made up).")


class FeedLicence(Model):
    identifier: str = Field(pattern=_SPDX, max_length=64,
                            description="An SPDX licence identifier (e.g. `CC-BY-4.0`), or your own name with `url`.")
    url: Annotated[str | None, AfterValidator(lambda v: v if v is None else values.base_url(v, MAX_ID))] = Field(
        None, description="Where the licence text is (required by Podcasting 2.0 for a licence not in the SPDX list).")


class FeedSettings(Model):
    """The podcast feeds' publisher settings (`feed:` in package.yaml): Podcasting 2.0 and iTunes channel tags."""

    owner: FeedOwner = Field(default_factory=FeedOwner)
    locked: bool = Field(True, description="`podcast:locked`: yes, other platforms may not import the feed (only "
                                           "its owner may move it).")
    licence: FeedLicence | None = Field(
        None, description="The episodes' licence (`podcast:license`), given to approved episodes only: drafts carry "
                          "none. Unset until the organisation confirms one.")
    season: int | None = Field(None, ge=1, le=999, description="`itunes:season` of every episode (the package's edition).")


class PackageSettings(Model):
    schema_: str | None = Field(None, alias="$schema")
    organisation: Bilingual
    site: dict[Literal["base_url"], Annotated[str, AfterValidator(lambda v: values.base_url(v, MAX_ID))]] = Field(
        description="`base_url`: where the package site lives (an http(s) URL without query, fragment or "
                    "password, short enough for a QR code); QR codes point to <base_url>/<storyboard>/<lang>/.")
    brand: Brand = Brand()
    voices: dict[Lang, Voices] = Field(
        default_factory=lambda: {"fa": Voices(), "en": Voices(host=Voice(engine="piper"))},
        description="Voices per language and role. Default: espeak for Persian, the offline neural voice "
                    "(piper, CC0 `joe`) for English, espeak when piper is not installed (see `media doctor`).")
    allow_online: bool = Field(False, description="Opt in to online speech engines (gtts, edge). Never for confidential storyboards.")
    sources: dict[str, SourceDoc] = Field(description="Seed documents that `source.seed` refers to.")
    year: int = Field(2026, ge=1900, le=2200, description="Publication year (Gregorian) for tags and footers.")
    book: BookSettings = Field(default_factory=BookSettings, description="The printed book: ISBN and paper thickness.")
    feed: FeedSettings = Field(default_factory=FeedSettings, description="The podcast feeds: owner, lock, licence, season.")

    @property
    def base_url(self) -> str:
        return self.site["base_url"].rstrip("/")

    @field_validator("site")
    @classmethod
    def _url(cls, v: dict) -> dict:
        if "base_url" not in v:
            raise ValueError("site needs `base_url`, the package site's http(s) URL")
        return v
