"""The local server's rules, tried with raw HTTP: every refusal of the upload endpoint (no key, another
site, `..`, not audio, too large, a foreign Host), loopback only, and malformed requests answered with a
4xx (a 5,000-digit Range, a protocol-relative redirect, a request line that is not a path)."""
from __future__ import annotations

import http.client
import io
import socket
from pathlib import Path

import pytest

from media import audio
from media.narration.record import Recorder
from media.site.serve import start
from tests.lines import Lines, stop
from tests.narration_support import project, voice_like


@pytest.fixture()
def served(tmp_path):
    path = project(tmp_path)
    out = tmp_path / "output"
    (out / "en").mkdir(parents=True)
    (out / "en" / "index.html").write_text("<html><body>en</body></html>")
    (out / "film.mp4").write_bytes(b"\0" * 1000)
    recorder = Recorder([path], ("fa",))
    server = start(out, port=0, recorder=recorder)
    yield server, recorder, path
    server.shutdown()
    server.server_close()


def wav_bytes(seconds: float = 3.5) -> bytes:
    buf = io.BytesIO()
    import wave

    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(audio.SR)
        w.writeframes(audio.to_int16(voice_like(seconds)).tobytes())
    return buf.getvalue()


def request(server, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            host: str | None = None) -> tuple[int, dict, bytes]:
    port = server.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    if body is not None and "Content-Length" not in (headers or {}):
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders()
    if body is not None:
        try:
            conn.send(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, dict(r.getheaders()), data


def upload(server, recorder, unit: str = "scene-why", body: bytes | None = None, **headers) -> tuple[int, bytes]:
    port = server.server_address[1]
    h = {"X-Media-Key": recorder.key, "Content-Type": "audio/wav", "Origin": f"http://127.0.0.1:{port}",
         "Sec-Fetch-Site": "same-origin"}
    h.update({k.replace("_", "-"): v for k, v in headers.items() if v is not None})
    for k in [k.replace("_", "-") for k, v in headers.items() if v is None]:
        h.pop(k)
    status, _, data = request(server, "POST", f"/_media/record/talk/fa/{unit}", wav_bytes() if body is None else body, h)
    return status, data


def recordings(path: Path) -> list[str]:
    root = path.parent / "recordings"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def test_an_upload_with_the_key_from_the_page_is_stored(served):
    server, recorder, path = served
    status, data = upload(server, recorder)
    assert status == 201, data
    assert "talk/fa/scene-why.flac" in recordings(path) and "talk/fa/takes/scene-why/001-original.wav" in recordings(path)
    assert not [p for p in recordings(path) if p.endswith(".part")]
    status, headers, data = request(server, "GET", "/_media/record/talk/fa/scene-why.flac")
    assert status == 200 and headers["Content-Type"] == "audio/flac" and data[:4] == b"fLaC"
    status, headers, page = request(server, "GET", "/_media/record/talk/fa/")
    assert status == 200 and b'dir="rtl"' in page and "default-src 'none'" in headers["Content-Security-Policy"]
    assert recorder.key.encode() not in page  # the key lives only in the address's fragment


@pytest.mark.parametrize("headers, expected", [
    ({"X_Media_Key": None}, 403),  # no key
    ({"X_Media_Key": "guess"}, 403),  # a wrong key
    ({"Origin": "http://evil.example"}, 403),  # another site's page
    ({"Origin": "null"}, 403),
    ({"Sec_Fetch_Site": "cross-site"}, 403),
    ({"Sec_Fetch_Site": "same-site"}, 403),
    ({"Content_Type": "text/html"}, 415),
])
def test_write_refusals(served, headers, expected):
    server, recorder, path = served
    status, data = upload(server, recorder, **headers)
    assert status == expected, data
    assert recordings(path) == []


def test_not_audio_is_refused(served):
    server, recorder, path = served
    status, data = upload(server, recorder, body=b"<html>not a recording</html>" * 100)
    assert status == 415 and b"not a recording ffmpeg can decode" in data
    status, data = upload(server, recorder, body=b"")
    assert status == 415
    assert recordings(path) == []


def test_oversized_body_is_refused_unread(served):
    server, recorder, path = served
    status, data = upload(server, recorder, body=b"RIFF" + b"\0" * 1000, Content_Length="200000000")
    assert status == 413
    status, data = upload(server, recorder, body=b"", Content_Length="9" * 40)
    assert status == 411
    assert recordings(path) == []


@pytest.mark.parametrize("unit", ["../../../../evil", "..%2f..%2fevil", "%2e%2e", "scene-why/../../x",
                                  "scene-nothing", "SCENE-WHY", "scene-why.flac"])
def test_paths_that_are_not_a_unit_are_refused(served, unit):
    server, recorder, path = served
    status, _ = upload(server, recorder, unit=unit)
    assert 400 <= status < 500
    assert recordings(path) == []
    assert not list(path.parents[1].glob("evil*")) and not list(path.parents[2].glob("evil*"))


def test_a_recordings_link_out_of_the_project_is_never_followed(served, tmp_path):
    server, recorder, path = served
    outside = tmp_path / "outside"
    outside.mkdir()
    (path.parent / "recordings").symlink_to(outside)
    status, data = upload(server, recorder)
    assert status == 409 and b"symbolic link" in data
    assert list(outside.iterdir()) == []


def test_a_foreign_host_is_refused_dns_rebinding(served):
    server, recorder, path = served
    port = server.server_address[1]
    for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}", ""):
        assert request(server, "GET", "/en/index.html", host=host)[0] == 421
        status, _, _ = request(server, "POST", "/_media/record/talk/fa/scene-why", wav_bytes(),
                               {"X-Media-Key": recorder.key, "Content-Type": "audio/wav"}, host=host)
        assert status == 421
    assert request(server, "GET", "/en/index.html", host=f"localhost:{port}")[0] == 200
    assert recordings(path) == []


def test_malformed_requests_get_a_4xx_and_no_open_redirect(served, capfd):
    server, recorder, path = served
    assert request(server, "GET", "/film.mp4", headers={"Range": "bytes=" + "9" * 5000 + "-"})[0] == 416
    assert request(server, "GET", "/film.mp4", headers={"Range": "bytes=-" + "9" * 5000})[0] == 416
    assert request(server, "GET", "/film.mp4", headers={"Range": "bytes=10-20"})[0] == 206
    status, headers, _ = request(server, "GET", "//en")
    assert status == 301 and headers["Location"] == "/en/"
    status, headers, _ = request(server, "GET", "///evil.example/..//en")
    assert status in (301, 404) and not headers.get("Location", "/").startswith("//")
    assert request(server, "GET", "http://evil.example/en/")[0] == 400
    assert request(server, "GET", "/%ff%fe")[0] in (400, 404)
    assert request(server, "PUT", "/_media/record/talk/fa/scene-why", b"x")[0] == 405
    assert request(server, "GET", "/en/index.html")[0] == 200  # still serving
    assert "Traceback" not in capfd.readouterr().err


def test_the_recording_server_answers_only_on_loopback(tmp_path):
    path = project(tmp_path)
    with pytest.raises(ValueError, match="loopback"):
        start(tmp_path, host="0.0.0.0", port=0, recorder=Recorder([path]))
    server = start(tmp_path, port=0, recorder=Recorder([path]))
    try:
        assert server.server_address[0] == "127.0.0.1"
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outward interface
            own = probe.getsockname()[0]
        except OSError:
            own = None
        finally:
            probe.close()
        if own and not own.startswith("127."):
            with pytest.raises(OSError):
                socket.create_connection((own, server.server_address[1]), timeout=3).close()
    finally:
        server.shutdown()
        server.server_close()


def test_media_serve_prints_the_recording_address_and_takes_an_upload(tmp_path):
    import os
    import subprocess
    import sys

    path = project(tmp_path)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "300",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "media", "serve", str(path), "--no-build", "--port", "0",
                             "--out", str(tmp_path / "out"), "--lang", "fa"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    try:
        m = Lines(proc.stdout).wait_for(
            r"record narration: http://127\.0\.0\.1:(\d+)/_media/record/#key=([A-Za-z0-9_-]+)", 60)
        port, key = int(m.group(1)), m.group(2)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/_media/record/")
        index = conn.getresponse().read()
        assert b"/_media/record/talk/fa/" in index and key.encode() not in index
        body = wav_bytes()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("POST", "/_media/record/talk/fa/podcast-003", body,
                     {"X-Media-Key": key, "Content-Type": "audio/wav", "Origin": f"http://127.0.0.1:{port}"})
        r = conn.getresponse()
        assert r.status == 201, r.read()
        assert "talk/fa/podcast-003.flac" in recordings(path)
    finally:
        stop(proc)


@pytest.mark.parametrize("body", [
    b"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n",
    b"ffconcat version 1.0\nfile '/etc/passwd'\n",
    b"RIFF\0\0\0\0WAVEjunk" + b"\0" * 64,
])
def test_playlists_and_broken_files_never_reach_a_take(served, body):
    server, recorder, path = served
    status, data = upload(server, recorder, body=body)
    assert status == 415 and b"not a recording ffmpeg can decode" in data
    assert recordings(path) == []


def test_a_take_recorded_through_media_serve_rebuilds_the_podcast(tmp_path):
    import json
    import os
    import subprocess
    import sys
    import time

    path = project(tmp_path)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "300",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "media", "serve", str(path), "--only", "podcast", "--port", "0",
                             "--out", str(out), "--lang", "fa", "-j", "1"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path)
    wait_for = Lines(proc.stdout).wait_for

    try:
        m = wait_for(r"record narration: http://127\.0\.0\.1:(\d+)/_media/record/#key=([A-Za-z0-9_-]+)")
        port, key = int(m.group(1)), m.group(2)
        wait_for(r"start: rebuilt")
        manifest = out / "talk" / "fa" / "manifest.json"
        pod = lambda: next(a for a in json.loads(manifest.read_text())["artifacts"] if a["kind"] == "podcast")  # noqa: E731
        assert pod()["voices"]["guest"] != "recorded"
        time.sleep(0.6)  # the watcher's first snapshot
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("POST", "/_media/record/talk/fa/podcast-002", wav_bytes(),
                     {"X-Media-Key": key, "Content-Type": "audio/wav", "Origin": f"http://127.0.0.1:{port}"})
        assert conn.getresponse().status == 201
        wait_for(r"podcast-002\.(json|flac).*rebuilt 1 job")
        assert pod()["voices"]["guest"] == "recorded"
    finally:
        stop(proc)
