"""Voice guidance's core: the cancellable queue, the privacy rule, the switch and the
headset, the visit wipe. What was asked to be said is read from the log and from a
recording voice; nothing waits on audio."""

from __future__ import annotations

import threading

import pytest

from kiosk.guidance import (
    GuidanceSpeaker,
    RecordingOutput,
    SilentOutput,
    SimulatedHeadset,
    Utterance,
    VoiceGuidance,
)


def make(seconds_per_char: float = 0.0, **kw) -> tuple[VoiceGuidance, RecordingOutput]:
    out = RecordingOutput(seconds_per_char)
    return VoiceGuidance(GuidanceSpeaker(out), **kw), out


def texts(g: VoiceGuidance) -> list[str]:
    return [s.text for s in g.log]


def test_a_new_screen_cuts_off_what_is_being_said_and_drops_the_queue() -> None:
    g, out = make(0.2, enabled=True)
    g.screen([Utterance("第一屏的标题很长很长", "title"), Utterance("第一屏的提示", "prompt")])
    assert out.started.wait(2)
    g.screen([Utterance("第二屏", "title")])
    assert g.speaker.wait_idle(5)
    assert out.said == ["第一屏的标题很长很长", "第二屏"]  # the first screen's prompt was never said
    assert out.cut == ["第一屏的标题很长很长"]
    assert texts(g) == ["第一屏的标题很长很长", "第一屏的提示", "第二屏"]  # the log holds what was asked


def test_cancel_between_taking_and_saying_cannot_be_missed() -> None:
    """A stop set before the voice begins means the sentence is not said at all."""
    out = RecordingOutput()
    stop = threading.Event()
    stop.set()
    out.say("不该说", "zh_CN", stop)
    assert out.said == []


def test_nothing_is_said_while_guidance_is_off() -> None:
    g, out = make()
    g.screen([Utterance("首页", "title")])
    g.say(Utterance("按钮", "focus"))
    assert g.log == [] and not g.active
    g.set_enabled(True)
    g.repeat()  # keypad 0: the last screen again
    assert g.speaker.wait_idle(2)
    assert out.said == ["首页"]


def test_private_words_never_reach_the_loudspeaker() -> None:
    g, out = make(enabled=True)
    g.say(Utterance("张*", "prompt", private=True, neutral="已读取身份证"))
    g.say(Utterance("A012", "prompt", private=True))  # no neutral phrase: nothing at all
    assert g.speaker.wait_idle(2)
    assert [(s.text, s.route, s.withheld) for s in g.log] == [("已读取身份证", "loudspeaker", True)]
    assert out.said == ["已读取身份证"] and g.withheld == 2


def test_skip_mode_says_no_neutral_phrase() -> None:
    g, out = make(enabled=True, private_without_headset="skip")
    g.say(Utterance("张*", "prompt", private=True, neutral="已读取身份证"))
    g.say(Utterance("请选择业务", "prompt"))
    assert g.speaker.wait_idle(2)
    assert out.said == ["请选择业务"]


def test_with_a_headset_private_words_go_to_the_headset_only() -> None:
    g, out = make()
    headset = SimulatedHeadset()
    g.watch(headset)
    assert not g.active
    headset.set(True)  # auto_on_headset: plugging in switches guidance on
    assert g.active and g.headset_in
    g.say(Utterance("您的号码是A零零一号", "prompt", private=True, neutral="取号成功"))
    g.say(Utterance("请取走排队号", "status"))
    assert g.speaker.wait_idle(2)
    assert [(s.text, s.route, s.private) for s in g.log] == [
        ("您的号码是A零零一号", "headset", True),
        ("请取走排队号", "headset", False),
    ]


def test_unplugging_cuts_off_at_once_and_switches_off() -> None:
    g, out = make(0.2)
    headset = SimulatedHeadset(plugged=True)
    g.watch(headset)
    g.say(Utterance("您的号码是A零零一号，前面还有3人", "prompt", private=True))
    assert out.started.wait(2)
    headset.set(False)
    assert g.speaker.wait_idle(2)
    assert out.cut == ["您的号码是A零零一号，前面还有3人"] and not g.active


def test_switching_off_with_a_headset_in_stays_off_until_it_is_plugged_again() -> None:
    g, _ = make()
    states: list[tuple[bool, bool]] = []
    g.listen(lambda active, headset: states.append((active, headset)))
    headset = SimulatedHeadset(plugged=True)
    g.watch(headset)
    g.set_enabled(False)
    assert not g.active
    headset.set(False)
    headset.set(True)
    assert g.active
    assert states == [(True, True), (False, True), (False, False), (True, True)]


def test_the_visit_wipe_forgets_the_log_and_resets_the_switch() -> None:
    g, out = make(0.2)
    g.set_enabled(True)
    g.screen([Utterance("一段很长的说明文字", "prompt"), Utterance("还有一段", "prompt")])
    assert out.started.wait(2)
    g.wipe()
    assert g.speaker.wait_idle(2)
    assert g.log == [] and g.speaker.pending() == 0 and not g.active
    assert out.said == ["一段很长的说明文字"]
    g.repeat()  # the last screen was forgotten too
    assert g.log == []


def test_the_voice_is_chosen_per_language_at_first_use() -> None:
    asked: list[str] = []
    voices = {"zh_CN": RecordingOutput(), "en": RecordingOutput()}
    lang = ["zh_CN"]

    def output_for(language: str) -> RecordingOutput:
        asked.append(language)
        return voices[language]

    g = VoiceGuidance(GuidanceSpeaker(SilentOutput()), enabled=True, language=lambda: lang[0], output_for=output_for)
    g.say(Utterance("你好", "title"))
    g.speaker.wait_idle(2)
    lang[0] = "en"
    g.say(Utterance("Hello", "title"))
    g.speaker.wait_idle(2)
    g.say(Utterance("Again", "title"))
    g.speaker.wait_idle(2)
    assert asked == ["zh_CN", "en"]
    assert voices["zh_CN"].said == ["你好"] and voices["en"].said == ["Hello", "Again"]
    assert [s.lang for s in g.log] == ["zh_CN", "en", "en"]


def test_a_failing_voice_does_not_stop_guidance() -> None:
    class Broken(RecordingOutput):
        def say(self, text: str, lang: str, stop: threading.Event) -> None:
            super().say(text, lang, stop)
            if text == "坏":
                raise RuntimeError("engine died")

    out = Broken()
    g = VoiceGuidance(GuidanceSpeaker(out), enabled=True)
    g.say(Utterance("坏", "title"))
    g.say(Utterance("好", "title"))
    assert g.speaker.wait_idle(2)
    assert out.said == ["坏", "好"]


def test_bad_utterance_kind_and_mode_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown utterance kind"):
        Utterance("x", "shout")
    with pytest.raises(ValueError, match="neutral"):
        VoiceGuidance(GuidanceSpeaker(SilentOutput()), private_without_headset="whisper")
