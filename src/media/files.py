"""File helpers shared by builders: atomic writes (never a half-written file at a final path), hashing."""
from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Iterator


CACHE_ENV = "MEDIA_CACHE_DIR"


def cache_root() -> Path:
    """The user's cache folder for media: $MEDIA_CACHE_DIR, else $XDG_CACHE_HOME/media, else ~/.cache/media.
    Never inside an output folder (that is the site people publish)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "media"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """Yield a temporary path beside `final`; move it into place only if the block succeeds."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=final.suffix + ".part", dir=final.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if not tmp_path.exists() or tmp_path.stat().st_size == 0:
            raise RuntimeError(f"nothing was written for {final}")
        # mkstemp makes 0600 files; outputs are published (web servers, shared folders), so give
        # them the permissions an ordinary file gets here.
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, final)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_bytes_atomic(final: Path, data: bytes) -> Path:
    with atomic_path(final) as tmp:
        tmp.write_bytes(data)
    return final


def write_text_atomic(final: Path, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes_atomic(final, text.encode(encoding))


def write_png(image, final: Path, *, dpi: float | None = None, title: str | None = None,
              description: str | None = None, optimize: bool = False) -> Path:
    """A PNG written atomically. `dpi` sizes it for print (an A4 page at 300 dpi opens as A4, not as a
    metre-wide picture); title and description go in UTF-8 iTXt chunks, so asset managers and
    screen-reader tooling find the alt text in the file itself."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    if title:
        info.add_itxt("Title", title)
    if description:
        info.add_itxt("Description", description)
    options = {"optimize": True} if optimize else {"compress_level": 3}
    with atomic_path(final) as tmp:
        image.save(tmp, format="PNG", pnginfo=info, **({"dpi": (dpi, dpi)} if dpi else {}), **options)
    return final


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# Already compressed: stored in a zip, not deflated again (faster, and no bigger).
STORED = (".mp4", ".m4a", ".mp3", ".png", ".jpg", ".jpeg", ".pdf", ".pptx", ".docx", ".zip", ".webm")


def write_zip(path: Path, root: str, members: dict[str, Path | bytes], day: _dt.date | None) -> None:
    """A reproducible zip: entries sorted, stamped `day` 00:00, mode 0644, made on 'Unix', no extra fields."""
    day = day or _dt.date(2000, 1, 1)  # media.content.dates.UNDATED (content sits above files)
    stamp = (max(1980, day.year), day.month, day.day, 0, 0, 0)
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as z:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{root}/{name}", stamp)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
            src = members[name]
            if isinstance(src, bytes):
                z.writestr(info, src)
            else:
                with open(src, "rb") as fh, z.open(info, "w", force_zip64=src.stat().st_size > (1 << 31)) as out:
                    shutil.copyfileobj(fh, out, 1 << 20)
