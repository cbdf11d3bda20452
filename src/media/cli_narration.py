"""`media narration`: which spoken units are recorded, missing or stale, and importing takes."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from media import LANGS
from media.cli_support import _run, _split_files
from media.errors import StoryboardError, printable
from media.narration import unit_states, with_recordings
from media.narration.importer import import_folder, import_split
from media.storyboard import load_storyboard


@click.group()
def narration():
    """Human narration: which units are recorded, missing or stale; import takes.

    \b
    Every spoken text is a unit with a stable id: scene-<scene id> (a scene's narration in the film),
    podcast-NNN (the podcast's n-th line, with its speaker). Takes live in the project folder under
    recordings/<storyboard>/<lang>/; a recorded unit replaces synthesis in the film and the podcast.
    Record in the browser with `media serve` (it prints the recording page's address).

    \b
    Examples:
      media narration status storyboards/plan-18.yaml --lang fa
      media narration import storyboards/plan-18.yaml --lang fa takes/        # takes/scene-intro.wav ...
      media narration import storyboards/plan-18.yaml --lang fa long.flac --split --kind film
    """


def _load_for_narration(files: tuple[str, ...], lang: str):

    _, storyboards = _split_files(files)
    loaded, problems = [], []
    for f in storyboards:
        try:
            loaded.append(load_storyboard(f, (lang,)))
        except StoryboardError as exc:
            problems += exc.problems
    if problems:
        raise StoryboardError(problems=problems)
    return loaded


@narration.command("status")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--lang", "lang", default="fa", show_default=True, type=click.Choice(list(LANGS)), help="Language.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document (a list of units) for scripts.")
def narration_status(files, lang, as_json):
    """Each unit's id, speaker, expected duration, state (missing, recorded, stale) and text, with totals."""

    def go():

        rows = []
        for sb in _load_for_narration(files, lang):
            for w in with_recordings(sb, (lang,)).warnings:
                if "earlier text" in w.message and not as_json:
                    click.echo(printable(str(w)), err=True)
            for u, state, meta in unit_states(sb, lang):
                rows.append({"id": u.id, "storyboard": u.storyboard, "lang": lang, "kind": u.kind,
                             "speaker": u.speaker, "text": u.text, "state": state, "expected_s": u.expected_s,
                             "take": (meta or {}).get("take"), "duration_s": (meta or {}).get("duration_s"),
                             "audio": u.explicit_audio})
        if as_json:
            click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for sbid in dict.fromkeys(r["storyboard"] for r in rows):
            mine = [r for r in rows if r["storyboard"] == sbid]
            click.echo(f"{sbid} ({lang})")
            for r in mine:
                took = f"{r['duration_s']:5.1f} s" if r["duration_s"] else "      "
                text = r["text"] if len(r["text"]) <= 70 else r["text"][:69] + "…"
                click.echo(printable(f"  {r['id']:<24} {r['speaker']:<5} ~{r['expected_s']:5.1f} s {took} "
                                     f"{r['state']:<8} {text}"))
            counts = {k: sum(r["state"] == k for r in mine) for k in ("recorded", "stale", "missing")}
            click.echo(f"  {len(mine)} units: {counts['recorded']} recorded, {counts['stale']} stale, "
                       f"{counts['missing']} missing; about {sum(r['expected_s'] for r in mine) / 60:.1f} min to read")

    _run(go)


@narration.command("import")
@click.argument("args", nargs=-1, required=True, type=click.Path())
@click.option("--lang", "lang", required=True, type=click.Choice(list(LANGS)), help="Language of the takes.")
@click.option("--split", is_flag=True, help="The last argument is one long take: cut it at its pauses, in unit order.")
@click.option("--kind", type=click.Choice(["film", "podcast"]), default=None,
              help="With --split: the long take reads only the film's (or the podcast's) units.")
def narration_import(args, lang, split, kind):
    """Import takes: FILES... DIR (takes named <unit id>.wav|flac|mp3|m4a|ogg|opus), or FILE... TAKE --split.

    With several storyboards, DIR holds one folder per storyboard id. Each take is trimmed, cleaned,
    checked (clipping, silence, length for its text) and levelled; the original is kept too."""

    def go():

        if len(args) < 2:
            raise click.UsageError("give the storyboard(s), then the folder of takes (or the long take with --split)")
        source = Path(args[-1])
        storyboards = _load_for_narration(args[:-1], lang)
        if split:
            if len(storyboards) != 1 or not source.is_file():
                raise click.UsageError("--split takes one storyboard and one audio file")
            report = import_split(storyboards[0], lang, source, kind)
        else:
            if not source.is_dir():
                raise click.UsageError(f"{source} is not a folder (use --split for one long take)")
            report = import_folder(storyboards, lang, source)
        for line in report.lines():
            click.echo(printable(line))
        if report.unusable and not report.matched and not report.unchanged:
            sys.exit(2)  # nothing usable: a script must notice

    _run(go)
