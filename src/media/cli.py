"""The `media` command: validate, build, serve, schema, doctor.

Exit codes: 0 success; 1 unexpected failure (traceback saved to a file, path printed);
2 invalid input (storyboard, settings, images, recordings, text that does not fit, privacy refusal);
3 a required engine is missing or failed (run `media doctor`); 4 the output (or cache) folder cannot
be written (disk full: the path and the space needed are printed).
"""
from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from media import LANGS, __version__
from media.errors import MediaError, Problem, printable

PACKAGE_FILE = "package.yaml"


def _echo_problems(problems: list[Problem] | list[str]) -> None:
    for p in problems:
        click.echo(printable(str(p)), err=True)


def crash_log(log_dir: Path, text: str) -> Path:
    """Save a traceback under `log_dir` in a file of its own: time to the microsecond, pid, and a
    random part made by O_EXCL creation, so two crashes never share (and overwrite) a file."""
    import datetime
    import os
    import tempfile

    log_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    fd, name = tempfile.mkstemp(prefix=f"crash-{stamp}-{os.getpid()}-", suffix=".txt", dir=log_dir)
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(text)
    return Path(name)


def _aspects(ctx, param, value: str) -> tuple[str, ...]:
    from media.options import ASPECTS

    aspects = tuple(dict.fromkeys(a.strip() for a in value.split(",") if a.strip()))
    if not aspects or any(a not in ASPECTS for a in aspects):
        raise click.BadParameter(f"aspects are {', '.join(ASPECTS)}; got {value!r}")
    return aspects


def _builder_names() -> list[str]:
    from media import builders

    return builders.names()


def _run(fn, log_dir: Path | None = None):
    """Turn expected errors into one-line messages and unexpected ones into a saved traceback."""
    try:
        return fn()
    except MediaError as exc:
        _echo_problems(exc.lines())
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(printable(f"media: {exc.format_message()}"), err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("interrupted: what was finished is in place; run the same command to finish the rest", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        from media.engine.state import cache_root

        log_dir = log_dir or cache_root() / "logs"
        try:
            where = f"; traceback saved to {crash_log(log_dir, traceback.format_exc())}"
        except OSError:
            where = ""
        click.echo(printable(f"media: internal error: {type(exc).__name__}: {exc}{where}"), err=True)
        click.echo("Please report it with the storyboard that caused it.", err=True)
        sys.exit(1)


def _split_files(files: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """Separate package settings files from storyboards (so `storyboards/*.yaml` just works)."""
    settings, storyboards = [], []
    for f in files:
        p = Path(f)
        (settings if p.name == PACKAGE_FILE else storyboards).append(p)
    return settings, storyboards


def _langs(value: str) -> tuple[str, ...]:
    langs = tuple(x.strip() for x in value.split(",") if x.strip())
    bad = [x for x in langs if x not in LANGS]
    if bad or not langs:
        raise click.BadParameter(f"languages are {', '.join(LANGS)}; got {value!r}")
    return langs


class _Help(click.Group):
    def list_commands(self, ctx):
        return ["validate", "build", "serve", "narration", "doctor", "schema"]


@click.group(cls=_Help, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="media")
def cli():
    """Turn storyboards (one YAML file per topic) into a bilingual knowledge package.

    \b
    Typical use:
      media validate storyboards/*.yaml      check every storyboard, all problems at once
      media build storyboards/plan-18.yaml   render everything for plan 18, Persian and English
      media build storyboards/*.yaml --only infographics,poster --lang fa
      media build storyboards/plan-14.yaml --only video --draft   fast low-resolution preview
      media narration status storyboards/plan-18.yaml --lang fa   recorded, missing and stale takes
      media doctor                           what is installed, what is missing, how to fix it

    Outputs go to output/<storyboard>/<lang>/ with a manifest.json listing every file.
    The default build is offline: online speech engines run only with --online (or
    allow_online in package.yaml) and never for confidential storyboards (every storyboard
    is, unless it says confidential: false). A storyboard without `approval` is a draft:
    every output carries the mark "Draft, not approved for publication".

    Exit codes: 0 ok, 1 internal error, 2 invalid input, 3 missing or failing engine, 4 cannot write output.
    """


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())  # the loader says what is wrong with a path
@click.option("--lang", "lang", default="fa,en", show_default=True, help="Languages that must be complete.")
@click.option("--strict", is_flag=True,
              help="Treat warnings (placeholder site URL, a draft without approval, confidential: false) as errors.")
def validate(files, lang, strict):
    """Check storyboards (and package.yaml); print every problem as FILE:LINE:COL: key.path: message."""

    def go():
        from media.errors import StoryboardError
        from media.narration import with_recordings
        from media.storyboard import load_settings, load_storyboard
        from media.storyboard.loader import find_settings

        langs = _langs(lang)
        settings_files, storyboards = _split_files(files)
        errors = 0
        warned: set[str] = set()
        warnings: list[Problem] = []
        for s in settings_files:
            try:
                _, w = load_settings(s)
                warnings += [x for x in w if str(x) not in warned]
                warned.update(str(x) for x in w)
            except StoryboardError as exc:
                _echo_problems(exc.lines())
                errors += len(exc.problems) or 1
        for f in storyboards:
            try:
                sb = with_recordings(load_storyboard(f, langs), langs)  # a stale take is a warning
                from media.storyboard.publication import publication_warnings  # drafts, confidential: false

                found = [*sb.warnings, *publication_warnings(sb)]
                new = [x for x in found if str(x) not in warned]
                warned.update(str(x) for x in found)
                warnings += new
                click.echo(printable(f"{f}: ok ({len(sb.model.scenes)} scenes, {len(sb.model.infographics)} "
                                     f"infographics, {len(sb.model.figures)} figures)"))
            except StoryboardError as exc:
                _echo_problems(exc.lines())
                errors += len(exc.problems) or 1
        _echo_problems(warnings)
        if errors or (strict and warnings):
            click.echo(f"{errors} error(s), {len(warnings)} warning(s)", err=True)
            sys.exit(2)
        _ = find_settings  # imported for side-effect-free discovery in other commands

    _run(go)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())  # the loader says what is wrong with a path
@click.option("--lang", "lang", default="fa,en", show_default=True, help="Languages to build, comma-separated.")
@click.option("--only", "only", default="", metavar="KINDS",
              help="Comma-separated subset of: " + ", ".join(_builder_names()) + " (default: all).")
@click.option("--out", "out", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Output folder; files go to OUT/<storyboard>/<lang>/.")
@click.option("-j", "--jobs", "jobs", type=click.IntRange(1, 256), default=None, metavar="N",
              help="Jobs at once, each in its own process (default: the number of cores). Same files as -j 1.")
@click.option("--force", is_flag=True, help="Rebuild everything, even what is up to date.")
@click.option("--watch", is_flag=True,
              help="Keep running: rebuild what changed on every save of a storyboard, package.yaml, image or recording.")
@click.option("--scheduler", envvar="MEDIA_SCHEDULER", metavar="tcp://HOST:PORT",
              help="Run jobs on a Dask cluster (also $MEDIA_SCHEDULER). Workers need the same media and fonts.")
@click.option("--draft", is_flag=True, help="Fast low-resolution preview (video, infographics) for checking timing and text.")
@click.option("--aspect", "aspects", default="16:9", show_default=True, metavar="RATIOS", callback=_aspects,
              help="Video frames, comma-separated: 16:9 (1920x1080), 9:16, 1:1 (layouts reflow), "
                   "e.g. --aspect 16:9,9:16 for the main film and a social cut.")
@click.option("--burn-subtitles", is_flag=True, help="Draw captions into the video (for social cuts).")
@click.option("--print", "print_marks", is_flag=True, help="Posters: add 3 mm bleed and crop marks.")
@click.option("--cmyk", is_flag=True, help="Posters: CMYK colours for presses that ask for it.")
@click.option("--online", is_flag=True,
              help="Allow online speech engines (gtts, edge). Sends narration text to a third party; "
                   "never for confidential storyboards (all are, unless they say confidential: false).")
@click.option("--engine", "engines", multiple=True, metavar="LANG=ENGINE",
              help="Speech engine per language, e.g. --engine en=piper. Engines: espeak, piper, gtts, edge.")
def build(files, lang, only, out, jobs, force, watch, scheduler, draft, aspects, burn_subtitles, print_marks, cmyk,
          online, engines):
    """Render the knowledge package for each storyboard and language.

    Only what changed is made again: each output is recorded with what it was made from, and an
    output whose inputs (texts, settings, fonts, images, recordings, options, code) are unchanged
    and whose files are intact is kept as it is. Files of things removed from a storyboard are
    removed. The engine's records, caches and logs live in the user's cache folder
    ($MEDIA_CACHE_DIR, default ~/.cache/media), never in the output folder, which is the site.

    \b
    Examples:
      media build storyboards/*.yaml                    everything, every language (incremental)
      media build storyboards/plan-18.yaml -j 2 --force  rebuild everything for plan 18 on 2 cores
      media build storyboards/*.yaml --watch            rebuild on every save
      media build storyboards/*.yaml --scheduler tcp://10.0.0.5:8786   on a Dask cluster
    """
    out_path = Path(out)

    def go():
        import os

        from media import builders
        from media.build import build as run
        from media.engine.progress import Display, clock
        from media.options import BuildOptions

        langs = _langs(lang)
        kinds = [k.strip() for k in only.split(",") if k.strip()] or builders.names()
        unknown = [k for k in kinds if k not in builders.names()]
        if unknown:
            raise click.BadParameter(f"unknown kind(s) {', '.join(unknown)}; choose from {', '.join(builders.names())}",
                                     param_hint="--only")
        engine_map = {}
        for e in engines:
            if "=" not in e:
                raise click.BadParameter(f"expected LANG=ENGINE, got {e!r}", param_hint="--engine")
            k, v = e.split("=", 1)
            engine_map[k.strip()] = v.strip()
        _, storyboards = _split_files(files)
        if not storyboards:
            raise click.BadParameter("no storyboard files given (package.yaml is settings, not a storyboard)")
        options = BuildOptions(draft=draft, aspects=aspects, burn_subtitles=burn_subtitles, print_marks=print_marks,
                               cmyk=cmyk, allow_online=online, engines=engine_map)
        display = Display()
        n_jobs = jobs or os.cpu_count() or 1
        command = "media " + " ".join(sys.argv[1:])[:200]

        def once():
            report = run(storyboards, langs, kinds, out_path, options, jobs=n_jobs, scheduler=scheduler, force=force,
                         display=display, command=command)
            return report

        if not watch:
            report = once()
            display.line(printable(f"{out_path}: {report.summary()}"))
            return
        from media.engine.watch import watch as watch_loop
        from media.errors import MediaError

        def rebuild(changed: list[str]) -> None:
            try:
                report = once()
            except MediaError as exc:
                for line in exc.lines():
                    display.line(printable(line), "red")
                display.line(printable(f"{clock()} {', '.join(changed) or 'start'}: not built; fix and save again"))
                return
            what = ", ".join(report.built) if report.built else "nothing (all up to date)"
            display.line(printable(f"{clock()} {', '.join(changed) or 'start'}: rebuilt {what} in "
                                   f"{report.seconds:.1f} s"))

        display.line(f"watching {len(storyboards)} storyboard(s) and their settings, images and recordings; "
                     "Ctrl-C stops")
        watch_loop(rebuild, lambda: _watched_files(storyboards))

    _run(go, log_dir=_log_dir(out_path))


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--out", "out", default="output", show_default=True, type=click.Path(file_okay=False),
              help="The output folder to serve (and build into).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on. Anything but 127.0.0.1 makes the site reachable from other machines.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--lang", "lang", default="fa,en", show_default=True, help="Languages to build, comma-separated.")
@click.option("--only", "only", default="", metavar="KINDS", help="Builders to run on save (default: all).")
@click.option("--draft", is_flag=True, help="Fast low-resolution previews while editing (video, infographics).")
@click.option("-j", "--jobs", "jobs", type=click.IntRange(1, 256), default=None, metavar="N", help="Jobs at once.")
@click.option("--no-build", is_flag=True, help="Only serve what is in the folder: no build, no watching.")
def serve(files, out, host, port, lang, only, draft, jobs, no_build):
    """Serve the package site from the output folder, rebuild on save, reload open pages.

    \b
    Builds FILES (default: storyboards/*.yaml when that folder exists), serves OUT on
    http://127.0.0.1:8000/, rebuilds what changed whenever a storyboard, package.yaml, image or
    recording is saved, and reloads the pages open in a browser. Nothing outside OUT is served.

    \b
    Examples:
      media serve                                  build, serve and watch storyboards/*.yaml
      media serve storyboards/plan-18.yaml --draft  one plan, fast previews
      media serve --no-build --out output          just serve an existing site
    """
    out_path = Path(out)

    def go():
        import os

        from media import builders
        from media.build import build as run
        from media.engine.progress import Display, clock
        from media.errors import MediaError, OutputError
        from media.options import BuildOptions
        from media.narration.record import Recorder
        from media.site.serve import start

        _, storyboards = _split_files(files)
        if not storyboards and not files and not no_build and Path("storyboards").is_dir():
            storyboards = sorted(p for p in Path("storyboards").glob("*.yaml") if p.name != PACKAGE_FILE)
        watch = bool(storyboards) and not no_build
        display = Display()
        out_path.mkdir(parents=True, exist_ok=True)
        loopback = host in ("127.0.0.1", "localhost", "::1")
        recorder = Recorder(storyboards, _langs(lang)) if storyboards and loopback else None
        try:
            server = start(out_path, host, port, reload=watch, recorder=recorder)
        except OSError as exc:
            raise OutputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port") from None
        if not loopback:
            display.line(f"listening on {host}: other machines on the network can open the site; the recording "
                         "page is off (it only runs on 127.0.0.1)", "yellow")
        display.line(f"serving {out_path} on {server.url} (Ctrl-C stops)")
        if recorder is not None:
            display.line(f"record narration: {recorder.url(server.url)} (the key in it is this run's; keep it private)")
        try:
            if not watch:
                import threading

                threading.Event().wait()
            langs = _langs(lang)
            kinds = [k.strip() for k in only.split(",") if k.strip()] or builders.names()
            unknown = [k for k in kinds if k not in builders.names()]
            if unknown:
                raise click.BadParameter(f"unknown kind(s) {', '.join(unknown)}", param_hint="--only")
            options = BuildOptions(draft=draft)
            n_jobs = jobs or os.cpu_count() or 1

            def rebuild(changed: list[str]) -> None:
                try:
                    report = run(storyboards, langs, kinds, out_path, options, jobs=n_jobs, display=display,
                                 command="media serve")
                except MediaError as exc:
                    for line in exc.lines():
                        display.line(line, "red")
                    display.line(f"{clock()} {', '.join(changed) or 'start'}: not built; fix and save again")
                    return
                if report.built or report.removed:
                    server.notify_reload()
                what = f"rebuilt {len(report.built)} job(s)" if report.built else "nothing to rebuild"
                display.line(f"{clock()} {', '.join(changed) or 'start'}: {what} in {report.seconds:.1f} s; {server.url}")

            from media.engine.watch import watch as watch_loop

            watch_loop(rebuild, lambda: _watched_files(storyboards))
        finally:
            server.shutdown()
            server.server_close()

    _run(go, log_dir=_log_dir(out_path))


@cli.group()
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
    from media.errors import StoryboardError
    from media.storyboard import load_storyboard

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
        from media.narration import unit_states, with_recordings

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
        from media.narration.importer import import_folder, import_split

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


def _watched_files(storyboards: list[Path]) -> list[Path]:
    """Storyboards, their package.yaml, and every image, logo and recording they name."""
    from media import LANGS
    from media.errors import StoryboardError
    from media.narration import watch_paths, with_recordings
    from media.storyboard import load_storyboard
    from media.storyboard.loader import find_settings

    out: list[Path] = []
    for f in storyboards:
        out.append(Path(f))
        try:
            out.append(find_settings(Path(f)))
            sb = with_recordings(load_storyboard(f, ()), LANGS)
        except StoryboardError:
            continue
        out += watch_paths(sb, LANGS)  # a take that appears (recorded in the browser) rebuilds too
        if sb.settings.brand.logo:
            out.append(sb.settings_path.parent / sb.settings.brand.logo)
        for s in sb.model.scenes:
            out += [sb.path.parent / p for p in [s.image, *(s.narration.audio or {}).values()] if p]
        for seg in (sb.model.podcast.segments if sb.model.podcast else []):
            out += [sb.path.parent / p for p in (seg.audio or {}).values()]
    return list(dict.fromkeys(out))


def _log_dir(out: Path) -> Path:
    from media.engine.state import WorkDir

    return WorkDir.for_output(out).logs


@cli.command()
@click.option("--settings", is_flag=True, help="Print the schema of package.yaml instead.")
def schema(settings):
    """Print the JSON Schema of storyboards (for editors: yaml-language-server)."""
    from media.storyboard.model import PackageSettings, Storyboard

    cls = PackageSettings if settings else Storyboard
    doc = cls.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "media package settings" if settings else "media storyboard"
    click.echo(json.dumps(doc, ensure_ascii=False, indent=2))


@cli.command()
def doctor():
    """Check what media needs: ffmpeg, fonts, shaping engine, speech engines, test oracles."""
    from media.doctor import run_doctor

    sys.exit(run_doctor(click.echo))


def main() -> None:
    # Not click's standalone mode: it answers Ctrl-C during start-up with "Aborted!" and exit code 1;
    # here an interrupt is the same one line and 130 wherever it lands.
    try:
        code = cli.main(prog_name="media", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("interrupted: what was finished is in place; run the same command to finish the rest", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
