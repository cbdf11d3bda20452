"""`media serve`: the output folder over HTTP on 127.0.0.1, rebuilt on save, open pages reloaded.

Only files inside the output folder are ever served: a path is taken apart segment by segment, any `..`
or hidden segment is refused, and the real path (symbolic links followed) must still be inside the folder.
Video and audio get byte ranges (players seek with them). Pages get the same Content-Security-Policy as
a header; when reloading is on, each HTML page also loads `/_media/reload.js`, which listens on a
server-sent event stream and reloads the page after a rebuild (allowed by the policy: same origin).
"""
from __future__ import annotations

import os
import re
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from media.errors import printable
from media.site.render import CSP

TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8", ".vtt": "text/vtt; charset=utf-8", ".srt": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".md": "text/plain; charset=utf-8",
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml", ".ico": "image/x-icon",
    ".woff2": "font/woff2", ".mp4": "video/mp4", ".mp3": "audio/mpeg", ".pdf": "application/pdf",
    ".zip": "application/zip", ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
RELOAD_JS = b"""(function () {
  "use strict";
  if (!window.EventSource) return;
  var events = new EventSource("/_media/events");
  events.addEventListener("reload", function () { location.reload(); });
})();
"""
_RANGE = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$")  # longer numbers are no file's offsets: 416
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_REQUEST_BYTES = 80_000_000  # an upload's body: above the largest take `media.narration` accepts


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, *, reload: bool = False,
                 log=None, recorder=None):
        if recorder is not None and host not in LOOPBACK:
            raise ValueError(f"the recording page only listens on loopback, not {host}")
        self.root = os.path.realpath(root)
        self.recorder = recorder  # media.narration.record.Recorder: the recording page and its uploads
        self.reload = reload
        self.log = log
        self.generation = 0
        self.changed = threading.Condition()
        self.closing = False
        super().__init__((host, port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def own_hosts(self) -> set[str] | None:
        """The Host values this server answers to (None: any, when bound beyond loopback by choice).
        A page on another name that resolves here (DNS rebinding) sends its own name and is refused."""
        host, port = self.server_address[:2]
        if host not in ("127.0.0.1", "::1"):
            return None
        return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}

    def notify_reload(self) -> None:
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def shutdown(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        super().shutdown()

    def handle_error(self, request, client_address) -> None:
        import sys

        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # a browser closed a connection it no longer needed
        # one line, never a traceback: the terminal is the user's, and a request is no reason to alarm them
        sys.stderr.write(printable(f"media serve: request from {client_address[0]} failed: {type(exc).__name__}: {exc}")
                         + "\n")

    def resolve(self, url_path: str) -> Path | None:
        """The file a URL path names, or None: never outside the root, never a hidden file."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(url_path).path, errors="strict")
        parts = [p for p in path.split("/") if p]
        for p in parts:
            if p in (".", "..") or p.startswith(".") or "\\" in p or "\x00" in p:
                return None
        candidate = os.path.join(self.root, *parts)
        real = os.path.realpath(candidate)
        if real != self.root and not real.startswith(self.root + os.sep):
            return None
        if os.path.isdir(real):
            real = os.path.join(real, "index.html")
            if not os.path.isfile(real):
                return None
        return Path(real) if os.path.isfile(real) else None


class Handler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "media-serve"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if self.server.log is not None:
            self.server.log(format % args)

    def do_HEAD(self) -> None:
        self._guarded(lambda: self._respond(body=False))

    def do_GET(self) -> None:
        self._guarded(lambda: self._respond(body=True))

    def do_POST(self) -> None:
        self._guarded(self._post)

    def do_PUT(self) -> None:
        self._guarded(lambda: self._error(HTTPStatus.METHOD_NOT_ALLOWED, True))

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT

    def _guarded(self, answer) -> None:
        """Refuse a foreign Host and a path that is not a path; answer; malformed input is a 4xx, never a traceback."""
        own = self.server.own_hosts()
        host = (self.headers.get("Host") or "").strip().lower()
        if own is not None and host not in own:
            self.close_connection = True
            return self._error(HTTPStatus.MISDIRECTED_REQUEST, True)
        if not self.path.startswith("/"):
            self.close_connection = True
            return self._error(HTTPStatus.BAD_REQUEST, True)
        try:
            answer()
        except (UnicodeError, ValueError, OverflowError):
            self.close_connection = True
            self._error(HTTPStatus.BAD_REQUEST, True)

    def _send(self, reply) -> None:
        self._headers(reply.status, reply.ctype, len(reply.body), reply.headers, csp=(reply.headers or {}).get(
            "Content-Security-Policy"))
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _post(self) -> None:
        raw = urllib.parse.urlsplit(self.path).path
        recorder = self.server.recorder
        if recorder is None or not raw.startswith("/_media/record/"):
            return self._error(HTTPStatus.METHOD_NOT_ALLOWED, True)
        self.close_connection = True  # a refused body is never read: the connection cannot be reused
        own = {f"http://{h}" for h in (self.server.own_hosts() or set())}
        refused = recorder.check_write(self.headers, own)
        if refused is not None:
            return self._send(refused)
        if self.headers.get("Transfer-Encoding"):
            return self._error(HTTPStatus.LENGTH_REQUIRED, True)
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or len(length) > 12:
            return self._error(HTTPStatus.LENGTH_REQUIRED, True)
        if int(length) > getattr(recorder, "max_bytes", MAX_REQUEST_BYTES):
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, True)
        body = self.rfile.read(int(length))
        if len(body) != int(length):
            return self._error(HTTPStatus.BAD_REQUEST, True)
        self._send(recorder.post(urllib.parse.unquote(raw, errors="strict"), self.headers, body))

    def _headers(self, status: int, ctype: str, length: int, extra: dict | None = None, csp: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", csp or CSP + "; frame-ancestors 'self'")
        self.send_header("Referrer-Policy", "strict-origin-when-cross-origin")
        for k, v in (extra or {}).items():
            if k != "Content-Security-Policy":
                self.send_header(k, v)
        self.end_headers()

    def _error(self, status: HTTPStatus, body: bool) -> None:
        data = f"{status.value} {status.phrase}\n".encode()
        self._headers(status.value, "text/plain; charset=utf-8", len(data))
        if body:
            self.wfile.write(data)

    def _respond(self, body: bool) -> None:
        raw = urllib.parse.urlsplit(self.path).path
        if self.server.reload and raw == "/_media/reload.js":
            self._headers(200, TYPES[".js"], len(RELOAD_JS))
            if body:
                self.wfile.write(RELOAD_JS)
            return
        if self.server.reload and raw == "/_media/events":
            return self._events()
        if self.server.recorder is not None and (raw + "/").startswith("/_media/record/"):
            if raw == "/_media/record":
                raw = "/_media/record/"
            return self._send(self.server.recorder.get(urllib.parse.unquote(raw, errors="strict")))
        try:
            path = self.server.resolve(self.path)
        except UnicodeDecodeError:
            path = None
        if path is None:
            return self._error(HTTPStatus.NOT_FOUND, body)
        parts = [p for p in urllib.parse.unquote(raw).split("/") if p]
        if not raw.endswith("/") and os.path.isdir(os.path.join(self.server.root, *parts)):
            # from the segments, never from the raw path: "//en" + "/" would be a protocol-relative
            # address, which a browser reads as another host (an open redirect)
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", "/" + "/".join(urllib.parse.quote(p) for p in parts) + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ctype = TYPES.get(path.suffix.lower(), "application/octet-stream")
        if path.suffix.lower() == ".html":
            data = path.read_bytes()
            if self.server.reload:
                data = data.replace(b"</body>", b'<script src="/_media/reload.js"></script>\n</body>', 1)
            self._headers(200, ctype, len(data))
            if body:
                self.wfile.write(data)
            return
        size = path.stat().st_size
        start, end, status = 0, size - 1, 200
        asked = self.headers.get("Range", "").strip()
        m = _RANGE.match(asked)
        if asked and not (m and (m.group(1) or m.group(2))):
            self._headers(416, "text/plain", 0, {"Content-Range": f"bytes */{size}"})
            return
        if m and (m.group(1) or m.group(2)):
            if m.group(1):
                start = int(m.group(1))
                end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
            else:  # the last N bytes
                start = max(0, size - int(m.group(2)))
            if start > end or start >= size:
                self._headers(416, "text/plain", 0, {"Content-Range": f"bytes */{size}"})
                return
            status = 206
        extra = {"Accept-Ranges": "bytes"}
        if status == 206:
            extra["Content-Range"] = f"bytes {start}-{end}/{size}"
        self._headers(status, ctype, end - start + 1, extra)
        if not body:
            return
        with open(path, "rb") as fh:
            fh.seek(start)
            left = end - start + 1
            try:
                while left > 0:
                    chunk = fh.read(min(1 << 16, left))
                    if not chunk:
                        break
                    self.wfile.write(chunk)
                    left -= len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def _events(self) -> None:
        """Server-sent events: 'reload' after every rebuild that changed something."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        srv = self.server
        seen = srv.generation
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while True:
                with srv.changed:
                    srv.changed.wait_for(lambda: srv.generation != seen or srv.closing, timeout=15)
                    if srv.closing:
                        return
                    now = srv.generation
                if now != seen:
                    seen = now
                    self.wfile.write(f"event: reload\ndata: {now}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return


def start(root: Path, host: str = "127.0.0.1", port: int = 8000, *, reload: bool = False, log=None,
          recorder=None) -> SiteServer:
    """A server for `root`, already answering in a background thread; `shutdown()` stops it."""
    server = SiteServer(Path(root), host, port, reload=reload, log=log, recorder=recorder)
    threading.Thread(target=server.serve_forever, name="media-serve", daemon=True).start()
    return server
