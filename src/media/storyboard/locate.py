"""Where a text that did not fit comes from: a builder's layout error quotes the start of the drawn text, and
this finds the storyboard (or package.yaml) key that holds it, so the error prints as `file:line:col`."""
from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from media.errors import Location, Problem
from media.storyboard.loader import _display, parse_yaml, read_text
from media.text.numerals import format_figure, localize


def locate_text(sb, fragment: str, lang: str):
    """The Location of the storyboard (or package.yaml) text that `fragment` (the start of a drawn text,
    as a layout error quotes it, digits localised or not) comes from, or None."""
    path = _find_text(sb.model, fragment, lang)
    if path is not None:
        return sb.locate(path, "")
    path = _find_text(sb.settings, fragment, lang) or _derived_from_settings(sb.settings, fragment)
    if path is not None:
        try:
            _, pos = parse_yaml(read_text(sb.settings_path), _display(sb.settings_path))
            return pos.locate(path, "").location
        except Exception:  # noqa: BLE001 - a location is a courtesy
            return None
    path = _derived_from_figures(sb.model, fragment, lang)
    return sb.locate(path, "") if path is not None else None


def _derived_from_settings(settings, fragment: str) -> tuple | None:
    """A page URL drawn under a QR code (`https://host/base/<id>/<lang>/`, or without its scheme, as the
    posters print it) comes from package.yaml's `site.base_url`."""
    fragment = re.sub(r"^[a-z]+://", "", fragment.rstrip("…").strip())
    base = re.sub(r"^[a-z]+://", "", getattr(settings, "base_url", "") or "")
    if len(fragment) >= 4 and base and (fragment.startswith(base) or base.startswith(fragment)):
        return ("site", "base_url")
    return None


def _derived_from_figures(model, fragment: str, lang: str) -> tuple | None:
    """A figure's number as drawn (digits localised, grouped, with its decimals; alone or inside a line)
    comes from that figure's `value`."""
    fragment = fragment.rstrip("…").strip()
    best: tuple[int, tuple] | None = None
    for i, fig in enumerate(getattr(model, "figures", ())):
        shown = format_figure(fig, lang)
        if len(shown) < 2 and fragment != shown:
            continue
        if shown in fragment or (len(fragment) >= 4 and shown.startswith(fragment)):
            if best is None or len(shown) > best[0]:
                best = (len(shown), ("figures", i, "value"))
    return best[1] if best else None


def _find_text(model, fragment: str, lang: str) -> tuple | None:
    fragment = fragment.rstrip("…").strip()
    if not fragment:
        return None
    best: tuple[int, tuple] | None = None
    stack: list[tuple[Any, tuple]] = [(model, ())]
    while stack:
        obj, path = stack.pop()
        if isinstance(obj, BaseModel):
            for name, f in type(obj).model_fields.items():
                stack.append((getattr(obj, name), path + (f.alias or name,)))
        elif isinstance(obj, (list, tuple)):
            stack += [(v, path + (i,)) for i, v in enumerate(obj)]
        elif isinstance(obj, dict):
            stack += [(v, path + (k,)) for k, v in obj.items()]
        elif isinstance(obj, str) and obj.strip():
            if path and path[-1] in ("fa", "en") and path[-1] != lang:
                continue
            for form in {obj.strip(), localize(obj, lang).strip()}:
                if form.startswith(fragment) or (len(form) >= 4 and fragment.startswith(form)):
                    score = min(len(form), len(fragment))
                    if best is None or score > best[0]:
                        best = (score, path)
    return best[1] if best else None


def locate_layout_error(exc, sb, job):
    """`exc` (a LayoutError from a builder) with every problem that has no line located in the storyboard:
    at the text it quotes when that text is found, else at the top of the storyboard file. Returns
    `exc` itself when nothing needed locating."""
    if sb is None or isinstance(sb, tuple) or not hasattr(sb, "locate"):
        return exc
    if all(p.location.line is not None for p in exc.problems) and exc.problems:
        return exc
    problems = []
    lang = getattr(job, "lang", "") or "en"
    for p in exc.problems or [Problem(Location("<text>"), str(exc))]:
        if p.location.line is not None:
            problems.append(p)
            continue
        where = None
        if "shorten it: " in p.message:
            where = locate_text(sb, p.message.split("shorten it: ", 1)[1], lang)
        where = where or sb.locate((), "")
        note = ("; it is a page URL, <base_url>/<storyboard id>/<lang>/: shorten base_url or the file name"
                if where.path == "site.base_url" else "")
        problems.append(Problem(Location(where.file, where.line, where.col, where.path or "(top)"),
                                f"{p.message} ({lang}, {getattr(job, 'builder', '')}){note}", p.severity))
    return type(exc)(problems=problems)
