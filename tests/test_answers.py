"""Each intent, in several languages, answered from the content with the right facts."""

from __future__ import annotations

from datetime import datetime

import pytest

from content.qa import Engine
from tests.conftest import AFTER_DEADLINE, BEFORE_DEADLINE, TODAY

CASES = [
    # (question, now, lang, intent, refs that must be cited)
    ("Who is Sofia's partner city?", TODAY, "en", "city_partner", ["city:sejong"]),
    ("koy e partnyorat na Sofia", TODAY, "bg", "city_partner", ["city:sejong"]),
    ("부산의 파트너 도시는?", TODAY, "ko", "city_partner", ["city:rotterdam"]),
    ("都柏林和哪个城市结对？", TODAY, "zh", "city_partner", ["city:seoul"]),
    ("What is IURC?", TODAY, "en", "programme_overview", ["programme:iurc"]),
    ("Explica'm l'ICC", TODAY, "ca", "programme_overview", ["programme:icc"]),
    ("¿Quién financia el ICP?", TODAY, "es", "programme_fact", ["programme:icp"]),
    ("Кой управлява ICP?", TODAY, "bg", "programme_fact", ["programme:icp", "org:dg-regio"]),
    ("ICC에는 몇 개 도시가 참여하나요?", TODAY, "ko", "programme_fact", ["programme:icc"]),
    ("When was the CityNet webinar?", TODAY, "en", "event_when",
     ["event:citynet-webinar-climate"]),
    ("Кога е следващият уебинар?", BEFORE_DEADLINE, "bg", "next_event",
     ["event:icp-online-cooperation"]),
    ("Quan acaba el termini?", BEFORE_DEADLINE, "ca", "next_deadline",
     ["event:icp-application-deadline"]),
    ("ICP截止还有几天？", BEFORE_DEADLINE, "zh", "time_left", ["event:icp-application-deadline"]),
    ("¿Qué parejas de ciudades hay?", TODAY, "es", "pairs_list", ["city:busan"]),
    ("CityNet은 어떤 곳인가요?", TODAY, "ko", "organisation", ["org:citynet"]),
    ("Кой е Генчо Керезов?", TODAY, "bg", "person", ["person:gencho-kerezov"]),
    ("介绍一下世宗", TODAY, "zh", "city_card", ["city:sejong"]),
    ("Hola", TODAY, "es", "greeting", []),
    ("帮助", TODAY, "zh", "help", []),
]


@pytest.mark.parametrize(("question", "now", "lang", "intent", "refs"), CASES)
def test_intent_and_refs(engine: Engine, question: str, now: datetime, lang: str, intent: str,
                         refs: list[str]) -> None:
    answer = engine.answer(question, now)
    assert (answer.lang, answer.intent) == (lang, intent), answer.text
    assert set(refs) <= set(answer.refs), answer.refs


def test_answers_end_with_source_and_date(engine: Engine) -> None:
    answer = engine.answer("Who funds IURC?", TODAY)
    assert answer.text.endswith("Source: Innovative Sofia, October 5, 2021 · checked "
                                "November 22, 2026")
    undated = engine.answer("¿Quién financia el ICP?", TODAY)
    assert "(sin fecha)" in undated.text.splitlines()[-1]


def test_later_source_wins_sofia_partner_is_sejong_not_seoul(engine: Engine) -> None:
    answer = engine.answer("Is Seoul Sofia's partner?", TODAY)
    assert "Sofia's partner city in IURC is Sejong" in answer.text
    assert "Seoul is not Sofia's partner city." in answer.text


def test_pending_chinese_partner_is_not_invented(engine: Engine) -> None:
    answer = engine.answer("Кой ще е китайският партньор на София?", TODAY)
    assert "все още не е обявен" in answer.text
    assert not [r for r in answer.refs if r.startswith("city:") and r != "city:sofia"]


def test_deadline_relative_time_is_exact(engine: Engine) -> None:
    before = engine.answer("What is the next deadline?", BEFORE_DEADLINE)
    assert "in 10 days" in before.text and "November 15, 2021" in before.text
    after = engine.answer("next deadline", AFTER_DEADLINE)
    assert "no upcoming deadlines" in after.text and "16 days ago" in after.text
    left = engine.answer("Колко дни остават до крайния срок на ICP?", BEFORE_DEADLINE)
    assert "остават 10 дни" in left.text


def test_past_and_future_follow_now(engine: Engine) -> None:
    early = datetime.fromisoformat("2021-09-20T08:00:00+00:00")
    assert "will take place on September 30, 2021 (in 10 days)" in engine.answer(
        "When is the IURC kick-off meeting?", early).text
    assert "took place on September 30, 2021" in engine.answer(
        "When was the IURC kick-off meeting?", TODAY).text
    assert "no upcoming webinars" in engine.answer("Any upcoming webinars?", TODAY).text


def test_unknown_lists_what_can_be_asked_in_the_question_language(engine: Engine) -> None:
    answer = engine.answer("내일 주식 시장은 어때요?", TODAY)
    assert answer.intent == "unknown" and answer.lang == "ko"
    assert "ICP는 누가 재원을 지원하나요?" in answer.text and answer.refs == []


def test_missing_fact_is_reported_not_invented(engine: Engine) -> None:
    answer = engine.answer("What are the topics of DCC?", TODAY)
    assert answer.intent == "programme_fact"
    assert "my sources have no information" in answer.text


def test_huge_and_empty_questions(engine: Engine) -> None:
    huge = "Who is Sofia's partner city? " + "blah " * 20000
    assert engine.answer(huge, TODAY).intent == "city_partner"
    assert engine.answer("", TODAY).intent == "help"
    assert engine.answer("🙂🙂🙂", TODAY).intent in {"help", "unknown"}


def test_naive_now_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        engine.answer("IURC", datetime(2021, 1, 1))  # noqa: DTZ001 - the point of the test
