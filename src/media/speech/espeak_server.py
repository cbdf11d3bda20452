"""Every espeak sentence from the library's initial state: `python -m media.speech.espeak_server`.

libespeak-ng keeps state from one utterance to the next in static variables (pitch flutter, wave
generator phase, ...) that neither `espeak_Terminate`/`espeak_Initialize` nor `espeak_ng_SetRandSeed`
resets: the same sentence came out a few samples different depending on what the process had said
before, so builds in different processes (`-j 2`, Dask) differed from `-j 1`. This helper initialises
the library once and never speaks itself: for each request it forks a child, which speaks one sentence
from that untouched state, writes the samples and exits. A fork of this small single-threaded process
costs about a millisecond.

Protocol on stdin/stdout, one request at a time: a JSON line `{"text", "voice", "wpm"}`; the answer is
a JSON line `{"n": bytes, "sr": rate}` (or `{"error": message}`) followed by `n` bytes of 16-bit PCM.
"""
from __future__ import annotations

import json
import os
import sys
from media.speech.engines import _EspeakLib


def main() -> int:

    lib = _EspeakLib()
    src, dst = sys.stdin.buffer, sys.stdout.buffer
    while True:
        line = src.readline()
        if not line:
            return 0
        pid = os.fork()
        if pid == 0:  # the child: speak once, answer, leave without running any cleanup of the parent's
            try:
                req = json.loads(line)
                x = lib.synth(req["text"], req["voice"], int(req["wpm"]))
                data = (x * 32768.0).round().clip(-32768, 32767).astype("<i2").tobytes()
                head = {"n": len(data), "sr": lib.sample_rate}
            except Exception as exc:  # noqa: BLE001 - reported to the client, which raises EngineError
                data, head = b"", {"error": str(exc) or type(exc).__name__}
            dst.write(json.dumps(head).encode() + b"\n" + data)
            dst.flush()
            os._exit(0)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    sys.exit(main())
