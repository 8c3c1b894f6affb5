"""``kiosk speech call|say|voices``: test the loudspeaker's calls without a hub or a queue.

``kiosk speech say 您的号码是A012`` speaks a guidance sentence the way the kiosk does
(same normaliser, same engine choice) and prints what the engine is given.
``kiosk speech call A001 3`` prints the exact sentence a call says (hanzi, then the
pinyin espeak-ng is given); ``--wav PATH`` writes what the loudspeaker would play
(chime, sentence, pause, sentence), for the technician to play or measure. Qt engines
are not tried here: they need a running Qt application; the board uses them through
``ui/speech_qt.py``.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

from kiosk.config import ConfigError
from launcher.terminal import safe_line


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("speech", help="spoken calls: print or record a call, list the voices")
    ssub = p.add_subparsers(dest="speech_command", metavar="ACTION", required=True)
    call = ssub.add_parser("call", help="print the sentence of a call; with --wav, record what would play")
    call.add_argument("number", help="ticket number: 1-2 capital letters and 1-4 digits, e.g. A001")
    call.add_argument("window", help="window number, 1-999")
    call.add_argument("--lang", default="zh_CN", help="zh_CN (default) or en")
    call.add_argument("--wav", type=Path, metavar="PATH", help="write chime + sentence twice as a WAV file")
    call.add_argument(
        "--voice-pack",
        type=Path,
        metavar="DIR",
        help="use this voice pack folder (docs/voice-pack.md) instead of the configured voice",
    )
    call.set_defaults(handler=_call)
    say = ssub.add_parser("say", help="say a sentence as voice guidance does; print what the engine is given")
    say.add_argument("text", help="the sentence, as a screen shows it (numbers, ticket numbers and dates are fine)")
    say.add_argument("--lang", default="zh_CN", help="zh_CN (default) or en")
    say.add_argument("--wav", type=Path, metavar="PATH", help="write what would be played as a WAV file, not play it")
    say.set_defaults(handler=_say)
    voices = ssub.add_parser("voices", help="list the voices and the audio player this machine has")
    voices.add_argument("--voice-pack", type=Path, metavar="DIR", help="also check this voice pack folder")
    voices.set_defaults(handler=_voices)


def _words(text_key: str, **data: object) -> str:
    """A message key in English words (the command line speaks to the technician)."""
    from ui.i18n import text_in

    return text_in("en", text_key, **data) or text_key


def _fail(exc) -> int:
    print(f"kiosk speech: {_words(exc.key, **exc.data)} [{exc.key}]", file=sys.stderr)
    return 2


def _speech_settings(args: argparse.Namespace, engine: str = "voice_pack") -> object:
    """The ``[speech]`` table of the configuration, when there is one; ``--voice-pack``
    wins over it (as the only voice for ``call``, first of all for ``voices``)."""
    speech: object = SimpleNamespace(engine="auto", voice_pack="")
    from kiosk.config import default_config_path  # the configuration's modules: only when run
    from launcher.resolve import settings_from_args

    if args.config or default_config_path().exists():
        speech = settings_from_args(argparse.Namespace(config=args.config, demo=False)).speech
    if args.voice_pack is not None:
        speech = SimpleNamespace(engine=engine, voice_pack=str(args.voice_pack))
    return speech


def _call(args: argparse.Namespace) -> int:
    from kiosk.speech import CallTextError, CallWords, SpeechError, assemble_call
    from kiosk.speech.words import check_language

    try:
        window = int(args.window) if args.window.isascii() and args.window.isdigit() else args.window
        words = CallWords.of(args.number, window)
        lang = check_language(args.lang)
    except CallTextError as exc:
        return _fail(exc)
    if lang == "zh_CN":
        print(words.hanzi)
        print(f"pinyin: {words.pinyin}")
    else:
        print(words.english)
    if args.wav is None:
        return 0
    try:
        voice = _voice(args, lang)
        audio = assemble_call(words, lang, voice)
    except SpeechError as exc:
        return _fail(exc)
    except ConfigError:
        raise  # the CLI prints it as one line
    from common.safe_write import UnsafeWrite

    try:
        _write_atomically(args.wav, audio.wav)
    except UnsafeWrite as exc:
        print(safe_line(f"kiosk speech: cannot write {exc}"), file=sys.stderr)
        return 2
    parts = ", ".join(f"{s.name} {s.start_s:.2f}-{s.end_s:.2f}" for s in audio.segments)
    print(f"wrote {args.wav}: {audio.seconds:.2f} s, voice {voice.name} ({parts})")
    return 0


def _voice(args: argparse.Namespace, lang: str):
    from kiosk.speech import SpeechError, VoicePackError
    from kiosk.speech.select import candidates

    speech = _speech_settings(args)
    problems: list[SpeechError] = []
    for _kind, voice in candidates(speech):
        if isinstance(voice, SpeechError):
            if args.voice_pack is not None:
                raise voice  # asked for this pack: say exactly what is wrong with it
            problems.append(voice)
        elif voice.is_usable() and voice.speaks(lang):
            return voice
    if args.voice_pack is not None:
        raise VoicePackError("speech.voice_pack.wrong_language", language=lang, pack="zh_CN")
    raise problems[0] if problems else SpeechError("speech.unavailable", language=lang)


def _write_atomically(path: Path, data: bytes) -> None:
    """All of ``data`` at ``path``, or nothing there (common.safe_write: never onto a
    device node, a pipe, a folder or a database)."""
    from common.safe_write import write_file

    write_file(path, data, overwrite=True)


def _voices(args: argparse.Namespace) -> int:
    from kiosk.speech import EspeakVoice, SpeechError
    from kiosk.speech.player import find_player
    from kiosk.speech.select import candidates

    speech = _speech_settings(args, engine="auto")
    print(f"engine setting: {getattr(speech, 'engine', 'auto')}")
    for kind, voice in candidates(speech):
        if isinstance(voice, SpeechError):
            print(f"  {kind}: unusable: {_words(voice.key, **voice.data)} [{voice.key}]")
            continue
        state = "usable" if voice.is_usable() else "not installed"
        langs = [lang for lang in ("zh_CN", "en") if voice.is_usable() and voice.speaks(lang)]
        extra = ""
        if isinstance(voice, EspeakVoice):
            extra = " voices " + ", ".join(f"{lang}={EspeakVoice.VOICES[lang]}" for lang in ("zh_CN", "en"))
        print(f"  {kind}: {voice.describe()}: {state}; speaks {', '.join(langs) or 'nothing'}{extra}")
    print("  qt: checked by the board itself (needs a running Qt application)")
    player = find_player()
    command = getattr(player, "command", None)
    print(f"player: {' '.join(command) if command else 'none (calls are not played; install alsa-utils)'}")
    return 0


MAX_SAY_CHARS = 500  # a screen's longest sentence is far shorter; a paste of a file is not speech


def _say(args: argparse.Namespace) -> int:
    """Voice guidance's path for one sentence: the ``[guidance]`` engine (Qt engines
    need the running kiosk, so espeak-ng here), the normaliser, then play or ``--wav``."""
    from kiosk.guidance.output import engine_text
    from kiosk.speech import CallTextError, EspeakVoice, SpeechError
    from kiosk.speech.errors import VoiceFailed
    from kiosk.speech.player import find_stoppable_player
    from kiosk.speech.wav import read_wav
    from kiosk.speech.words import check_language

    try:
        lang = check_language(args.lang)
        words = engine_text(args.text, lang)
        if not words.strip() or len(args.text) > MAX_SAY_CHARS:
            raise CallTextError("speech.bad_text", max=MAX_SAY_CHARS)
    except CallTextError as exc:
        return _fail(exc)
    guidance: object = SimpleNamespace(engine="auto", rate_wpm=170)
    from kiosk.config import default_config_path
    from launcher.resolve import settings_from_args

    if args.config or default_config_path().exists():
        guidance = settings_from_args(argparse.Namespace(config=args.config, demo=False)).guidance
    engine = getattr(guidance, "engine", "auto")
    print(f"words: {words}")
    if engine == "none":
        print("voice: none ([guidance] engine = none: guidance is silent)")
        return _fail(SpeechError("speech.unavailable", language=lang)) if args.wav else 0
    voice = EspeakVoice(speed_wpm=getattr(guidance, "rate_wpm", 170))
    if engine == "qt":
        # The kiosk's Qt engine is handed the words line; it cannot be recorded.
        print("voice: qt (the kiosk's Qt engine says the words line; not tried here)")
        return _fail(VoiceFailed("speech.renders_nothing", engine="qt")) if args.wav else 0
    if not voice.is_usable() or not voice.speaks(lang):
        return _fail(SpeechError("speech.unavailable", language=lang))
    name, said = voice.engine_input(args.text, lang)
    try:
        print(f"voice: espeak-ng {name}")
        print(f"engine text: {said}")
        print("phonemes: " + " ".join(voice.phonemes_of(said, name).split()))
        wav = voice.render_text(args.text, lang)
    except SpeechError as exc:
        return _fail(exc)
    if args.wav is None:
        played = find_stoppable_player().play(wav, threading.Event())
        print(f"played: {'yes' if played else 'no (no working audio player; use --wav)'}")
        return 0
    from common.safe_write import UnsafeWrite

    try:
        _write_atomically(args.wav, wav)
    except UnsafeWrite as exc:
        print(safe_line(f"kiosk speech: cannot write {exc}"), file=sys.stderr)
        return 2
    print(f"wrote {args.wav}: {read_wav(wav).seconds:.2f} s, voice espeak-ng {name}")
    return 0
