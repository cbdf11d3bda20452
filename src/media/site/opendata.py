"""Open data: every figure of the package (and every listed challenge and expected outcome) as CSV
(UTF-8 with BOM, so spreadsheet programs open Persian right) and JSON, described by a Frictionless Data
Package. In line with the open-data principles of the seed's opinion piece: complete (every figure),
primary (the stored value, not the formatted text), machine-readable, non-proprietary formats, no
registration; the licence is stated, and each row says whether its storyboard is still a draft."""
from __future__ import annotations

import csv
import io
import json

from media.content.numbers import plain_number

FIGURE_FIELDS = [
    ("storyboard", "string", "Storyboard id (the page is <base_url>/<storyboard>/<lang>/)"),
    ("plan", "integer", "Plan number in the SSO transformation programme (empty for other topics)"),
    ("figure_id", "string", "Figure id within the storyboard"),
    ("low", "number", "For a range, its lower end (empty otherwise): the figure reads 'low to value'"),
    ("value", "number", "The number as stored (primary data, not the formatted text): ASCII digits, a whole "
                        "number without decimals; for a range, its upper end"),
    ("decimals", "integer", "Digits shown after the decimal point"),
    ("prefix_fa", "string", "Shown before the number (Persian)"), ("prefix_en", "string", "Shown before the number (English)"),
    ("unit_fa", "string", "Unit (Persian)"), ("unit_en", "string", "Unit (English)"),
    ("label_fa", "string", "What the number counts (Persian)"), ("label_en", "string", "What the number counts (English)"),
    ("status", "string", "How far the claim has got, as the seed says (proposed, planned, under_study, under_way "
                         "= entered execution, about_to_operate, expected, achieved); else sourced (from a seed "
                         "document) or illustrative"),
    ("claim_fa", "string", "Status, who said it and when, as shown (Persian)"),
    ("claim_en", "string", "Status, who said it and when, as shown (English)"),
    ("illustrative", "boolean", "Not from the sources: shown for illustration only"),
    ("source_seed", "string", "Key of the source document in package.yaml"),
    ("source_document_fa", "string", "Title of the source document (Persian)"),
    ("source_document_en", "string", "Title of the source document (English)"),
    ("source_section_fa", "string", "Section of the source document (Persian)"),
    ("source_section_en", "string", "Section of the source document (English)"),
    ("draft", "boolean", "The storyboard has no recorded approval: not approved for publication"),
    ("page_fa", "string", "The plan's page (Persian)"), ("page_en", "string", "The plan's page (English)"),
]
ITEM_FIELDS = [
    ("storyboard", "string", "Storyboard id"),
    ("plan", "integer", "Plan number (empty for other topics)"),
    ("infographic", "string", "Infographic that lists the item"),
    ("position", "integer", "Position in that infographic, from 1"),
    ("measure", "string", "challenges, or outcomes (expected outcomes)"),
    ("category", "string", "Category id (institutional, legal, ...)"),
    ("category_fa", "string", "Category (Persian)"), ("category_en", "string", "Category (English)"),
    ("text_fa", "string", "The item (Persian)"), ("text_en", "string", "The item (English)"),
    ("status", "string", "The item's own status, when the storyboard gives one (expected, proposed, ...)"),
    ("claim_fa", "string", "Status, who said it and when, as shown (Persian)"),
    ("claim_en", "string", "Status, who said it and when, as shown (English)"),
    ("source_fa", "string", "Source document and section (Persian)"),
    ("source_en", "string", "Source document and section (English)"),
    ("draft", "boolean", "The storyboard has no recorded approval"),
]


def _by_storyboard(pages: list[dict]) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    for p in pages:
        out.setdefault(p["id"], {})[p["lang"]] = p
    return dict(sorted(out.items(), key=lambda kv: (_plan_key(kv[1]), kv[0])))


def _plan_key(langs: dict[str, dict]) -> int:
    plan = next(iter(langs.values())).get("plan")
    return plan if isinstance(plan, int) else 10**6


def figure_rows(pages: list[dict], base_url: str) -> list[dict]:
    rows = []
    for sid, langs in _by_storyboard(pages).items():
        first = langs.get("fa") or langs.get("en")
        fa, en = langs.get("fa", {}), langs.get("en", {})
        by_lang = {lang: {f["id"]: f for f in p.get("figures", [])} for lang, p in langs.items()}
        for f in first.get("figures", []):
            ffa, fen = by_lang.get("fa", {}).get(f["id"], {}), by_lang.get("en", {}).get(f["id"], {})
            src = f.get("source") or {}
            rows.append({
                "storyboard": sid, "plan": first.get("plan"), "figure_id": f["id"], "low": plain_number(f.get("low")),
                "value": plain_number(f["value"]),
                "decimals": f["decimals"], "prefix_fa": ffa.get("prefix", ""), "prefix_en": fen.get("prefix", ""),
                "unit_fa": ffa.get("unit", ""), "unit_en": fen.get("unit", ""),
                "label_fa": ffa.get("label", ""), "label_en": fen.get("label", ""),
                "status": f["status"], "claim_fa": ffa.get("claim", ""), "claim_en": fen.get("claim", ""),
                "illustrative": bool(f["illustrative"]), "source_seed": src.get("seed", ""),
                "source_document_fa": (ffa.get("source") or {}).get("document", ""),
                "source_document_en": (fen.get("source") or {}).get("document", ""),
                "source_section_fa": (ffa.get("source") or {}).get("section", ""),
                "source_section_en": (fen.get("source") or {}).get("section", ""),
                "draft": bool(first["draft"]),
                "page_fa": f"{base_url}/{sid}/fa/" if fa else "", "page_en": f"{base_url}/{sid}/en/" if en else "",
            })
    return rows


def item_rows(pages: list[dict]) -> list[dict]:
    rows = []
    for sid, langs in _by_storyboard(pages).items():
        first = langs.get("fa") or langs.get("en")
        items = {lang: p.get("items", []) for lang, p in langs.items()}
        counters: dict[str, int] = {}
        for k, it in enumerate(first.get("items", [])):
            counters[it["infographic"]] = counters.get(it["infographic"], 0) + 1

            def other(lang: str, key: str) -> str:
                seq = items.get(lang, [])
                return seq[k][key] if k < len(seq) and seq[k]["infographic"] == it["infographic"] else ""

            rows.append({
                "storyboard": sid, "plan": first.get("plan"), "infographic": it["infographic"],
                "position": counters[it["infographic"]], "measure": it["measure"], "category": it["category"],
                "category_fa": other("fa", "category_label"), "category_en": other("en", "category_label"),
                "text_fa": other("fa", "text"), "text_en": other("en", "text"), "status": it.get("status", ""),
                "claim_fa": other("fa", "claim"), "claim_en": other("en", "claim"),
                "source_fa": other("fa", "source"), "source_en": other("en", "source"), "draft": bool(first["draft"]),
            })
    return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_csv(rows: list[dict], fields) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([name for name, _, _ in fields])
    for r in rows:
        w.writerow([_cell(r[name]) for name, _, _ in fields])
    return buf.getvalue().encode("utf-8-sig")  # the BOM: Excel then reads UTF-8 (Persian) right


def to_json(rows: list[dict]) -> bytes:
    clean = [{k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in r.items()} for r in rows]
    return (json.dumps(clean, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _schema(fields, key: list[str]) -> dict:
    return {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields],
            "primaryKey": key, "missingValues": [""]}


def datapackage(*, base_url: str, created: str | None, organisation: dict, sources: dict, any_draft: bool,
                package_title: dict) -> dict:
    """The Frictionless descriptor (Data Package v1, tabular) of the four files beside it."""
    if any_draft:
        # The call forbids publishing any data without written permission: no licence is granted
        # until every storyboard records its approval.
        licenses = [{"name": "no-licence-draft", "title": "Draft, not approved for publication: no licence is "
                     "granted until the SSO's written permission is recorded"}]
    else:
        # the seed's open-data principles ask for licence-free data: public domain dedication
        licenses = [{"name": "ODC-PDDL-1.0", "path": "https://opendatacommons.org/licenses/pddl/1-0/",
                     "title": "Open Data Commons Public Domain Dedication and License 1.0"}]
    figures = _schema(FIGURE_FIELDS, ["storyboard", "figure_id"])
    items = _schema(ITEM_FIELDS, ["storyboard", "infographic", "position"])
    return {
        "profile": "tabular-data-package",
        "name": "sso-knowledge-packages",
        "title": package_title["en"],
        "description": f"{package_title['en']} ({organisation['en']}): every figure shown in the package with its "
                       "label, unit, status and source, and every challenge and expected outcome listed, by category. "
                       + ("Drafts: not approved for publication." if any_draft else ""),
        "homepage": f"{base_url}/",
        **({"created": created} if created else {}),
        "licenses": licenses,
        "sources": [{"title": s["en"], "title_fa": s["fa"]} for s in sources.values()],
        "resources": [
            {"name": "figures", "path": "figures.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": figures,
             "title": "Figures", "description": "Every figure of the package, one row per figure"},
            {"name": "figures-json", "path": "figures.json", "profile": "tabular-data-resource", "format": "json",
             "mediatype": "application/json", "encoding": "utf-8", "schema": figures,
             "title": "Figures (JSON)", "description": "The same rows as figures.csv, as JSON"},
            {"name": "items", "path": "items.csv", "profile": "tabular-data-resource", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8-sig", "schema": items,
             "title": "Challenges and expected outcomes",
             "description": "Every challenge and expected outcome the package lists, with its category and source"},
            {"name": "items-json", "path": "items.json", "profile": "tabular-data-resource", "format": "json",
             "mediatype": "application/json", "encoding": "utf-8", "schema": items,
             "title": "Challenges and expected outcomes (JSON)", "description": "The same rows as items.csv, as JSON"},
        ],
    }
