"""The `media` command: validate, build, serve, schema, doctor.

Exit codes: 0 success; 1 unexpected failure (traceback saved to a file, path printed);
2 invalid input (storyboard, settings, images, recordings, text that does not fit, privacy refusal);
3 a required engine is missing or failed (run `media doctor`); 4 the output (or cache) folder, or
standard output, cannot be written (disk full: the path and the space needed are printed). The
machine's own states (locale, streams, folders) are handled in `media.environment`.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from media.content.publication import publication_warnings
from media.engine.outdir import check_out_option
from media.environment import StreamError
from media.cli_narration import narration
from media.cli_support import PACKAGE_FILE, _echo_problems, _langs, _run, _split_files, _stdout_failed
from media.files import cache_root
from media import LANGS, __version__, builders, environment, feasibility
from media.build import build as run, check_out
from media.doctor import run_doctor
from media.engine.progress import Display, clock
from media.engine.state import WorkDir
from media.engine.watch import watch as watch_loop
from media.errors import Location, MediaError, OutputError, Problem, StoryboardError, printable
from media.narration import watch_paths, with_recordings
from media.narration.record import Recorder
from media.options import ASPECTS, BuildOptions
from media.site.serve import start
from media.storyboard import load_settings, load_storyboard
from media.storyboard.loader import find_settings
from media.storyboard.model import Storyboard
from media.storyboard.settings import PackageSettings

# bytes of path the files inside a folder need: OUT/<id 64>/<lang>/infographics/<id 64>-landscape.png,
# and the cache's builds/<out 40>-<hash>/staging/<job>/... (same names again)
OUTPUT_ROOM = 256
CACHE_ROOM = 512


def _aspects(ctx, param, value: str) -> tuple[str, ...]:

    aspects = tuple(dict.fromkeys(a.strip() for a in value.split(",") if a.strip()))
    if not aspects or any(a not in ASPECTS for a in aspects):
        raise click.BadParameter(f"aspects are {', '.join(ASPECTS)}; got {value!r}")
    return aspects


def _builder_names() -> list[str]:

    return builders.names()


def _writable(out: Path) -> None:
    """The output folder and the cache folder can be written, or one line and exit 4.
    A build also needs its current folder (relative paths, the fonts of a plain `pip install`)."""
    gone = environment.cwd_problem()
    if gone:
        # the shell's $PWD still names the folder that was deleted
        raise OutputError(problems=[Problem(Location(os.environ.get("PWD") or "(current folder)"), gone)])
    environment.writable_folder(out, "output folder", "choose another --out", room=OUTPUT_ROOM)
    environment.writable_folder(cache_root(), "cache folder", environment.cache_fix(), room=CACHE_ROOM)


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
                refused = feasibility.problems(sb, langs)  # what the builders would refuse
                if refused:
                    raise StoryboardError(problems=refused)

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
              help="Video frames, comma-separated: 16:9 (1920x1080), 9:16, 1:1, 4:5 (1080x1350; layouts reflow), "
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

        check_out_option(out)
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
        _writable(out_path)
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

        _, storyboards = _split_files(files)
        if not storyboards and not files and not no_build and Path("storyboards").is_dir():
            storyboards = sorted(p for p in Path("storyboards").glob("*.yaml") if p.name != PACKAGE_FILE)
        watch = bool(storyboards) and not no_build
        display = Display()
        check_out_option(out)
        if watch:
            _writable(out_path)
            check_out(out_path, storyboards)
        elif not out_path.is_dir():  # only served: made if missing, never written
            environment.writable_folder(out_path, "output folder", "choose another --out")
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

            watch_loop(rebuild, lambda: _watched_files(storyboards))
        finally:
            server.shutdown()
            server.server_close()

    _run(go, log_dir=_log_dir(out_path))


def _watched_files(storyboards: list[Path]) -> list[Path]:
    """Storyboards, their package.yaml, and every image, logo and recording they name."""

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


def _log_dir(out: Path) -> Path | None:

    try:
        return WorkDir.for_output(out).logs
    except (OSError, ValueError):  # a deleted current folder, a path the system refuses: the cache's logs/
        return None


@cli.command()
@click.option("--settings", is_flag=True, help="Print the schema of package.yaml instead.")
def schema(settings):
    """Print the JSON Schema of storyboards (for editors: yaml-language-server)."""

    cls = PackageSettings if settings else Storyboard
    doc = cls.model_json_schema(by_alias=True)
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = "media package settings" if settings else "media storyboard"
    click.echo(json.dumps(doc, ensure_ascii=False, indent=2))


@cli.command()
def doctor():
    """Check what media needs: ffmpeg, fonts, shaping engine, speech engines, test oracles."""

    sys.exit(run_doctor(click.echo))


cli.add_command(narration)


def main() -> None:
    # Not click's standalone mode: it answers Ctrl-C during start-up with "Aborted!" and exit code 1;
    # here an interrupt is the same one line and 130 wherever it lands.
    environment.utf8_mode()  # may run this command again under `python -X utf8`
    environment.guard_streams()
    try:
        code = cli.main(prog_name="media", standalone_mode=False)
    except StreamError as exc:  # --help, --version or the schema into a full or closed stdout
        _stdout_failed(exc)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("interrupted: what was finished is in place; run the same command to finish the rest", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    finally:  # what is still buffered goes out now, where a failure is ours to report (not at exit)
        try:
            sys.stdout and sys.stdout.flush()
        except StreamError as exc:
            _stdout_failed(exc)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
