"""Answers in several languages: the asked fact in the reply, declines, small talk, sources."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from content.i18n import NT, T
from content.langdetect import content_vocabulary, detect_language
from content.qa import Engine
from content.timing import format_months
from tests.conftest import AFTER_DEADLINE, BEFORE_DEADLINE, TODAY

CASES = [
    # (question, now, reply language, a text the reply body must contain, refs it must cite)
    ("Who is Sofia's partner city?", TODAY, "en", "Sejong", ["city:sejong"]),
    ("koy e partnyorat na Sofia", TODAY, "bg", "Седжонг", ["city:sejong"]),
    ("부산의 파트너 도시는?", TODAY, "ko", "로테르담", ["city:rotterdam"]),
    ("都柏林和哪个城市结对？", TODAY, "zh", "首尔", ["city:seoul"]),
    ("What is IURC?", TODAY, "en", "165", ["programme:iurc"]),
    ("¿Quién gestiona el ICP?", TODAY, "es", "DG REGIO", ["programme:icp", "org:dg-regio"]),
    ("Кой управлява ICP?", TODAY, "bg", "DG REGIO", ["programme:icp", "org:dg-regio"]),
    ("ICC에는 몇 개 도시가 승인됐나요?", TODAY, "ko", "88", ["programme:icc"]),
    ("When was the CityNet webinar?", TODAY, "en", "October 5, 2021",
     ["event:citynet-webinar-climate"]),
    ("Quan acaba el termini?", BEFORE_DEADLINE, "ca", "15 de novembre",
     ["event:icp-application-deadline"]),
    ("ICP截止还有几天？", BEFORE_DEADLINE, "zh", "10天", ["event:icp-application-deadline"]),
    ("¿Qué parejas de ciudades hay?", TODAY, "es", "Róterdam", ["city:busan"]),
    ("Кой е Генчо Керезов?", TODAY, "bg", "заместник-кмет", ["person:gencho-kerezov"]),
    # The property asked, not the named event's date (the issue's first example).
    ("How many employees do the companies behind Sofia's digital strategy have?", TODAY, "en",
     "17,000", ["city:sofia"]),
    ("Who organised the nature-based-solutions webinar?", TODAY, "en", "CityNet",
     ["org:citynet", "event:citynet-webinar-climate"]),
    ("Which Bulgarian cities participate in ICC?", TODAY, "en", "Vratsa", ["programme:icc"]),
]


@pytest.mark.parametrize(("question", "now", "lang", "fact", "refs"), CASES)
def test_the_asked_fact_is_in_the_reply(engine: Engine, question: str, now: datetime, lang: str,
                                        fact: str, refs: list[str]) -> None:
    answer = engine.answer(question, now)
    assert answer.lang == lang, answer.text
    assert answer.intent != "unknown", answer.text
    # (a card gives a role as a label, capitalised: "Генчо Керезов — Заместник-кмет…")
    assert fact.casefold() in answer.body.casefold(), answer.body
    assert set(refs) <= set(answer.refs), answer.refs


@pytest.mark.parametrize("question", [
    "What's the weather in Sofia today?",
    "What is the budget of IURC?",
    "next week's weather in Busan",
    "Is Barcelona in ICC?",
    "Кой е кметът на Седжонг?",
])
def test_out_of_scope_is_declined_in_the_question_language(engine: Engine,
                                                           question: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent == "unknown", answer.text
    assert answer.body.startswith(T(answer.lang, "My sources don't say."))


def test_a_decline_names_what_the_sources_do_cover(engine: Engine) -> None:
    answer = engine.answer("What's the weather in Sofia today?", TODAY)
    assert "Sofia" in answer.body and answer.refs == ["city:sofia"]


def test_yes_no_is_answered_yes_only_when_the_sources_say_so(engine: Engine) -> None:
    yes = engine.answer("Does Hong Kong take part in ICP?", TODAY)
    assert yes.body.startswith("Yes.") and "Hong Kong" in yes.body
    unanimous = engine.answer("Was the strategy adopted unanimously?", TODAY)
    assert unanimous.body.startswith("Yes.") and "unanim" in unanimous.body
    assert engine.answer("Is Barcelona in ICC?", TODAY).intent == "unknown"


THANKS = "You're welcome! Ask me anything else about the programmes."
BYE = "Goodbye! Write whenever you have a question."
OK = "Fine. Ask me whenever you need something."


@pytest.mark.parametrize(("message", "prior", "lang", "reply"), [
    ("thanks!", "zh", "en", THANKS),
    ("gracias", None, "es", THANKS),
    ("благодаря", "en", "bg", THANKS),
    ("谢谢", "en", "zh", THANKS),
    ("bye", None, "en", BYE),
    ("ok", "ko", "ko", OK),  # "ok" is every language's: the prior decides
    # shared by two languages, without a prior: the one that chats so most; with one, it
    ("chao", None, "bg", BYE),
    ("chao", "es", "es", BYE),
    ("vale", None, "es", OK),
    ("vale", "ca", "ca", OK),
])
def test_small_talk_is_answered_briefly_in_its_own_language(engine: Engine, message: str,
                                                            prior: str | None, lang: str,
                                                            reply: str) -> None:
    answer = engine.answer(message, TODAY, prior)
    assert (answer.intent, answer.lang) == ("smalltalk", lang)
    assert answer.body == T(lang, reply) and len(answer.body) < 120


def test_answers_end_with_the_source_and_its_own_date(engine: Engine) -> None:
    answer = engine.answer("Who funds IURC?", TODAY)
    assert answer.source.startswith("Source: Sofia Municipality, August 10, 2021")
    assert answer.text.endswith(answer.source)
    assert "European Commission" in answer.body


def test_deadline_relative_time_is_exact(engine: Engine) -> None:
    before = engine.answer("What is the next deadline?", BEFORE_DEADLINE)
    assert "in 10 days" in before.body and "November 15, 2021" in before.body
    after = engine.answer("next deadline", AFTER_DEADLINE)
    assert "no upcoming deadlines" in after.body and "16 days ago" in after.body
    left = engine.answer("Колко дни остават до крайния срок на ICP?", BEFORE_DEADLINE)
    assert "оставащо време – 10 дни" in left.body


def test_monthly_meetings_are_never_placed_after_the_last_known_date(engine: Engine) -> None:
    answer = engine.answer("When is the next Sofia–Sejong monthly meeting?", TODAY)
    assert "December 2026" not in answer.text and "November 2026" not in answer.text
    assert engine.upcoming(TODAY, kind="meeting") == []


def test_huge_and_empty_questions(engine: Engine) -> None:
    huge = "Who is Sofia's partner city? " + "blah " * 20000
    assert "Sejong" in engine.answer(huge, TODAY).body
    assert engine.answer("", TODAY).intent == "help"
    assert engine.answer("🙂🙂🙂", TODAY).intent in {"help", "unknown"}


def test_naive_now_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        engine.answer("IURC", datetime(2021, 1, 1))  # noqa: DTZ001 - the point of the test


def test_a_fact_that_counts_answers_how_many_whatever_its_type(engine: Engine) -> None:
    # The components fact is a list ("two strands: ..."), yet it gives their number.
    answer = engine.answer("How many components does IURC have?", TODAY)
    assert answer.intent == "fact" and "2" in answer.body, answer.body
    assert not answer.body.startswith("My sources don't say.")


def test_the_hour_is_asked_only_of_events_stored_to_the_minute(engine: Engine) -> None:
    # The kick-off is stored to the day: its date is given, with the honest preface.
    answer = engine.answer("What time did the kick-off meeting start?", TODAY)
    assert answer.intent == "unknown", answer.text
    assert answer.body.startswith("My sources don't say.") and "30 September 2021" in answer.body


def test_a_chinese_homophone_slip_is_read_as_the_word_meant(engine: Engine) -> None:
    # 姿助 (zī zhù) typed for 资助 "fund"
    answer = engine.answer("IURC是谁姿助的", TODAY)
    assert answer.intent == "fact" and "欧盟委员会" in answer.body, answer.body


def test_a_list_that_names_the_asked_item_answers_yes(engine: Engine) -> None:
    assert engine.answer("Does IURC cover waste management?", TODAY).body.startswith("Yes.")
    # a list naming two cities does not make them partners
    assert not engine.answer("Is Sofia a partner of Busan?", TODAY).body.startswith("Yes.")
    # ...but not an item of another programme's list
    assert not engine.answer("Does ICP cover waste management?", TODAY).body.startswith("Yes.")


def test_nothing_coming_or_not_yet_named_is_an_honest_unknown(engine: Engine) -> None:
    nothing = engine.answer("When is the next Sofia-Sejong meeting?", TODAY)
    assert nothing.intent == "unknown" and "no upcoming" in nothing.body, nothing.text
    pending = engine.answer("Which Chinese city is Sofia paired with?", TODAY)
    assert pending.intent == "unknown" and "not been announced" in pending.body, pending.text
    # A past deadline asked without "next" is still answered.
    asked = engine.answer("ICP申请截止日期是哪天", TODAY)
    assert asked.intent != "unknown" and "11月15日" in asked.body, asked.text


def test_a_question_in_two_parts_gets_both_answers(engine: Engine) -> None:
    both = engine.answer("Is South Korea part of both IURC and ICP?", TODAY)
    assert both.intent != "unknown", both.text
    assert "ICP" in both.body and "IURC" in both.body
    two = engine.answer("Who organised the climate webinar? Who presented Sofia at the "
                        "kick-off?", TODAY)
    assert "CityNet" in two.body and "Innovative Sofia" in two.body, two.text
    # each source once
    assert len(two.source.splitlines()) == len(set(two.source.splitlines()))


def test_an_emoji_is_not_a_word_and_small_talk_keeps_its_language(engine: Engine) -> None:
    thanks = engine.answer("perfecto, muchas gracias 🙏", TODAY, "ko")
    assert (thanks.intent, thanks.lang) == ("smalltalk", "es")
    bye = engine.answer("chao, hasta luego", TODAY)  # "chao" is Bulgarian too
    assert (bye.intent, bye.lang) == ("smalltalk", "es")
    assert engine.answer("precio de vuelos a busan en octubre?", TODAY).lang == "es"


def test_an_event_named_by_its_day_is_that_event(engine: Engine) -> None:
    # Nothing says who spoke at the 5 October webinar: the kick-off's presenters are no
    # answer to it.
    answer = engine.answer("Who were the speakers at the 5 October webinar?", TODAY)
    assert answer.intent == "unknown", answer.text
    assert "event:citynet-webinar-climate" in engine.ranker.read(
        "의 10월 5일 웨비나", None).entities


def test_budget_and_money_are_never_answered(engine: Engine) -> None:
    for question in ("IURC 예산 얼마예요?", "IURC预算多少", "What's the budget of ICC?",
                     "IURC 참가비 얼마예요?", "IURC 참가하면 도시당 지원금이 얼마예요?",
                     "What were the outcomes of the ICP closing conference?",
                     "2023年闭幕会议上宣布了什么?"):
        assert engine.answer(question, TODAY).intent == "unknown", question


def test_how_often_and_how_long_are_not_how_many(engine: Engine) -> None:
    often = engine.ranker.read("Колко често ще се срещат София и Седжонг?", None)
    assert "how_often" in often.qtypes and "how_many" not in often.qtypes
    long = engine.ranker.read("kolko trae icc", None)
    assert long.qtypes == {"how_long"}
    assert "2,5" in engine.answer("Колко трае ICC?", TODAY).body


def test_a_question_word_with_a_slip_and_what_before_a_noun(engine: Engine) -> None:
    assert "who" in engine.ranker.read("qien financia el progama iurc??", None).qtypes
    assert "what_noun" in engine.ranker.read("¿Con qué países colabora el ICP?", None).qtypes
    assert "what_noun" not in engine.ranker.read("What is IURC?", None).qtypes
    assert "Canadá" in engine.answer("¿Con qué países colabora el ICP?", TODAY).body


def test_a_fact_that_says_what_is_not_known_is_an_unknown_when_asked_that(
        engine: Engine) -> None:
    which = engine.answer("koy e kitaiskiyat partnyor na sofia", TODAY)
    assert which.intent == "unknown" and "Китай" in which.body, which.text
    assert "не е посочен" in which.body or "не е обявен" in which.body, which.text
    # asked for the city by name, the partner card says as much
    city = engine.answer("s koi kitaiski grad e sofia", TODAY)
    assert city.intent == "unknown" and "Китай" in city.body, city.text
    # The same fact answers what it does say: when the partner was to be known.
    when = engine.answer("When was Sofia's Chinese partner supposed to be known?", TODAY)
    assert when.intent != "unknown" and "September" in when.body, when.text


def test_function_words_inside_cues_ask_nothing(engine: Engine) -> None:
    # Catalan "vol" is "wants" ("vol dir" = means) far more often than "flight"
    assert engine.answer("Què vol dir IURC?", TODAY).intent != "unknown"
    # "still" steers to the time left, but does not outweigh what is asked
    still = engine.ranker.read("Is that still the case?", None)
    assert all(u.weight <= 0.5 for u in still.units if u.word == "still")


def test_syllables_of_chinese_are_not_latin_question_words(engine: Engine) -> None:
    # 全 is "quan", which is Catalan for "when": only the characters decide
    q = engine.ranker.read("索非亚数字化转型战略是全票通过的吗", None)
    assert "when" not in q.qtypes and q.yesno
    assert engine.answer("索非亚数字化转型战略是全票通过的吗", TODAY).body.startswith("是的")


def test_and_before_a_question_word_splits_the_question(engine: Engine) -> None:
    both = engine.answer("¿Quién organiza los webinars y quién presentó a Sofía en el kick-off?",
                         TODAY)
    assert "CityNet" in both.body and "Innovative Sofia" in both.body, both.text


def test_how_often_and_why_ask_for_their_own_kind_of_fact(engine: Engine) -> None:
    often = engine.answer("How often will Sofia and Sejong meet?", TODAY)
    assert "month" in often.body.casefold(), often.text
    why = engine.ranker.read("What's the point of the monthly Sofia–Sejong meetings?", None)
    assert "why" in why.qtypes


def test_what_an_acronym_stands_for_gives_the_full_name(engine: Engine) -> None:
    # (the card, whose title is the full name, or the fact saying it)
    for question in ("IURC 약자 뜻이 뭐야?", "What does IURC stand for?", "IURC是什么的缩写"):
        answer = engine.answer(question, TODAY)
        assert answer.intent in ("programme_overview", "fact"), (question, answer.text)
        assert "International Urban and Regional Cooperation" in answer.body, answer.text


@pytest.mark.parametrize(("question", "lang"), [
    ("Can I still apply for ICP?", "en"),
    ("Още ли е отворен формулярът за ICP?", "bg"),
    ("¿aún puedo mandar el formulario del ICP?", "es"),
    ("ICP现在还能报名吗", "zh"),
])
def test_can_i_still_apply_is_answered_yes_before_the_deadline_and_no_after(
        engine: Engine, question: str, lang: str) -> None:
    before = engine.answer(question, BEFORE_DEADLINE)
    after = engine.answer(question, AFTER_DEADLINE)
    assert (before.lang, after.lang) == (lang, lang)
    assert before.body.startswith(T(lang, "Yes, there is still time."))
    assert after.body.startswith(T(lang, "No, that deadline has passed."))
    assert "15" in before.body and "15" in after.body


@pytest.mark.parametrize(("question", "lang"), [
    ("Is it too late to apply for ICP?", "en"),
    ("ICP报名已经截止了吧？", "zh"),  # has the ICP sign-up closed, right?
    ("¿Ya ha cerrado la convocatoria del ICP, no?", "es"),  # a closing "no?" confirms
    ("¿Ya cerró el plazo del ICP?", "es"),
])
def test_is_it_too_late_is_answered_yes_when_it_is(engine: Engine, question: str,
                                                   lang: str) -> None:
    before = engine.answer(question, BEFORE_DEADLINE)
    after = engine.answer(question, AFTER_DEADLINE)
    assert before.body.startswith(T(lang, "No, there is still time.")), before.body
    assert after.body.startswith(T(lang, "Yes, that deadline has passed.")), after.body


@pytest.mark.parametrize("question", [
    "Isn't the ICP application closed yet?",
    "ICP 신청 아직 안 끝났죠?",  # it is not over yet, is it?
])
def test_is_it_not_over_yet_gets_no_yes_that_reads_backwards(engine: Engine,
                                                            question: str) -> None:
    lang = engine.answer(question, AFTER_DEADLINE).lang
    assert engine.answer(question, BEFORE_DEADLINE).body.startswith(
        T(lang, "There is still time."))
    assert engine.answer(question, AFTER_DEADLINE).body.startswith(
        T(lang, "That deadline has passed."))


def test_which_city_is_not_answered_by_a_fact_that_names_none(engine: Engine) -> None:
    # The timeline says "a non-European city" and names none.
    answer = engine.answer("Which city hosts the first ICP study visit?", TODAY)
    assert answer.intent == "unknown"
    assert engine.answer("Which Bulgarian cities take part in ICC?", TODAY).intent == "fact"


@pytest.mark.parametrize(("question", "lang"), [
    ("Has the kick-off meeting already taken place?", "en"),
    ("¿Ya fue la primera reunión con Corea?", "es"),
    ("한국이랑 첫 미팅 벌써 했어?", "ko"),
])
def test_whether_an_event_already_happened_is_settled_by_its_date(
        engine: Engine, question: str, lang: str) -> None:
    before = engine.answer(question, datetime.fromisoformat("2021-09-01T10:00:00+02:00"))
    after = engine.answer(question, TODAY)
    assert before.body.startswith(T(lang, "Not yet."))
    assert after.body.startswith(T(lang, "Yes."))
    assert "30" in after.body and "2021" in after.body


def test_where_is_answered_by_a_fact_that_names_the_place(engine: Engine) -> None:
    based = engine.answer("Where is CityNet based?", TODAY)
    assert based.intent == "fact" and "Seoul" in based.body
    assert "서울" in engine.answer("시티넷 본부 어디예요?", TODAY).body
    # the closing conference's place is in no source
    assert engine.answer("Where will the ICP closing conference be held?", TODAY).intent == \
        "unknown"


@pytest.mark.parametrize(("question", "partner"), [
    ("I'm from Dublin city council, who is our Korean partner?", "Seoul"),
    ("부산시청 직원인데요, 저희 유럽 짝꿍 도시가 어디예요?", "로테르담"),
    ("我是釜山市政府的，我们在欧洲的对口城市是哪个？", "鹿特丹"),
])
def test_a_self_introduction_says_who_our_is_and_asks_nothing(
        engine: Engine, question: str, partner: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and partner in answer.body


def test_what_is_coming_with_none_dated_gives_what_was_announced(engine: Engine) -> None:
    """Webinars announced without dates: "what is coming" is answered by them, "when"
    is an honest unknown that still says what was announced, and no date is made up."""
    announced = next(f for f in engine.content.facts.values() if "webinar" in f.announces)
    coming = engine.answer("What webinars are coming up?", TODAY)
    assert coming.intent != "unknown", coming.body
    assert announced.text["en"] in coming.body
    assert T("en", "There are no upcoming webinars in my calendar.") in coming.body
    assert set(announced.about) <= set(coming.refs)
    when = engine.answer("When is the next webinar?", TODAY)
    assert when.intent == "unknown", when.body
    assert announced.text["en"] in when.body
    # a kind nothing announces keeps its plain "none in my calendar"
    studies = engine.answer("What study visits are coming up?", TODAY)
    assert not any(f.text["en"] in studies.body for f in engine.content.facts.values()
                   if f.announces)


@pytest.mark.parametrize(("question", "lang", "days"), [
    ("When were the kick-off meeting and the first webinar?", "en",
     ("September 30, 2021", "October 5, 2021")),
    ("启动会和首场网络研讨会是哪天？", "zh", ("2021年9月30日", "2021年10月5日")),
    ("킥오프 회의랑 첫 웨비나는 언제였어요?", "ko", ("2021년 9월 30일", "2021년 10월 5일")),
])
def test_one_question_word_over_two_named_things_answers_both(
        engine: Engine, question: str, lang: str, days: tuple[str, str]) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.lang == lang
    assert all(day in answer.body for day in days), answer.body
    assert {"event:iurc-eu-korea-kickoff", "event:citynet-webinar-climate"} <= set(answer.refs), \
        answer.refs


def test_two_names_one_answer_covers_is_not_split(engine: Engine) -> None:
    """"Are Sofia and Sejong partners?" is one question about a pair, not two cards."""
    answer = engine.answer("Are Sofia and Sejong partners?", TODAY)
    assert answer.body.startswith(T("en", "Yes.")), answer.body
    assert answer.body.count("\n\n") <= 1 and "Sejong" in answer.body


@pytest.mark.parametrize(("question", "lang", "fact"), [
    ("Where does the figure of 124 cities come from?", "en", "consortia"),
    ("¿Qué son los 17.000?", "es", "17.000"),
    ("What are the 3.23 billion leva?", "en", "turnover"),
])
def test_a_quoted_number_points_to_the_fact_that_gives_it(engine: Engine, question: str,
                                                           lang: str, fact: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.lang == lang and answer.intent != "unknown", answer.body
    assert fact in answer.body, answer.body


@pytest.mark.parametrize(("question", "lang"), [
    ("Which Taiwanese cities take part in ICP?", "en"),
    ("Quines ciutats de Taiwan participen a l'ICP?", "ca"),
    ("哪些台湾城市参加ICP？", "zh"),
    ("koi sa kanadskite gradove v icp", "bg"),
])
def test_which_cities_with_none_named_is_declined_with_what_is_known(
        engine: Engine, question: str, lang: str) -> None:
    """The sources count ICP's Taiwanese and Canadian cities but name none: a count is
    no answer to "which cities", so the reply says so, then gives what is known."""
    answer = engine.answer(question, TODAY)
    assert answer.lang == lang
    assert answer.intent == "unknown", answer.body
    assert answer.body.startswith(T(lang, "My sources don't say which.")), answer.body
    # then what is known, beyond the lead itself
    lead = T(lang, "My sources don't say which.")
    assert "programme:icp" in answer.refs and len(answer.body) > len(lead) + 10, answer.body


def test_every_item_is_read_by_its_own_name_in_every_language(engine: Engine) -> None:
    """The bot reads the names it writes: "인텔리전트 시티 챌린지" is ICC."""
    missed = []
    content = engine.content
    for table in (content.programmes, content.cities, content.organisations, content.people):
        for item in table.values():
            for lang, name in item.name.items():
                bare = re.sub(r"\s*[（(].*?[)）]", "", name).strip()
                if item.id not in engine.ranker.read(bare, lang).entities:
                    missed.append((item.id, lang, bare))
    assert not missed


def test_a_statement_with_a_question_mark_asks_yes_or_no(engine: Engine) -> None:
    read = engine.ranker.read
    assert read("Sofia's digital strategy adopted unanimously?", None).yesno
    assert read("София има стратегия за дигитална трансформация?", None).yesno
    assert not read("Sofia's partner city in IURC, which one?", None).yesno
    assert not read("Sofia?", None).yesno  # a bare name asks for its card
    unanimous = engine.answer("Sofia's digital strategy adopted unanimously?", TODAY)
    assert unanimous.body.startswith(T("en", "Yes.")), unanimous.body


def test_a_partner_still_to_be_named_is_a_yes_without_a_name(engine: Engine) -> None:
    """Sofia's Chinese partner was planned and never named: "does Sofia have one?" is a
    yes that says it is not named; a country with no such partner is no yes."""
    chinese = engine.answer("索非亚有中国的合作城市吗？", TODAY)
    assert chinese.body.startswith(T("zh", "Yes.")), chinese.body
    assert "city:sofia" in chinese.refs
    japan = engine.answer("Does Sofia have a partner city in Japan?", TODAY)
    assert not japan.body.startswith(T("en", "Yes.")), japan.body


def test_a_yes_about_an_event_says_when_it_is(engine: Engine) -> None:
    answer = engine.answer("Will there be an introductory meeting for the ICC cities?", TODAY)
    assert answer.body.startswith(T("en", "Yes.")), answer.body
    assert "July 2020" in answer.body
    # a fact that gives its own date is not given the event's date again
    dated = engine.answer("Was the strategy adopted unanimously?", TODAY)
    assert dated.body.count("2020") == 1, dated.body


def test_what_happens_in_named_months_lists_the_calendar_for_them(engine: Engine) -> None:
    span = engine.answer("What happens in ICP between May and December 2022?", TODAY)
    months = format_months(date(2022, 5, 1), date(2022, 12, 1), "en")
    assert span.body.startswith(T("en", "In my calendar for {months}:", months=months)), \
        span.body
    assert "event:icp-online-cooperation" in span.refs
    # April 2022 holds the first study visit and not May's events (local months, not UTC)
    april = engine.answer("2022년 4월에 ICP 뭐 있어요?", TODAY)
    assert april.lang == "ko" and "event:icp-online-cooperation" not in april.refs, april.body
    assert any(r.startswith("event:icp-") for r in april.refs), april.refs
    # "this month" is counted from now
    this = engine.answer("¿Qué hay este mes en el ICP?", datetime(2022, 4, 10, tzinfo=UTC))
    assert this.lang == "es" and "abril de 2022" in this.body, this.body
    none = engine.answer("What is on in March 2030?", TODAY)
    assert none.intent == "unknown"
    assert none.body == T("en", "My calendar has nothing in {months}.", months="March 2030")


def test_may_the_verb_and_days_are_not_months(engine: Engine) -> None:
    assert not engine.ranker.read("May I still apply to ICP?", None).months
    assert not engine.ranker.read("What happened on 5 October?", None).months
    assert not engine.ranker.read("ICP跟哪些国家和地区合作？", None).months  # "gen" is no month
    assert engine.ranker.read("Какво има през май по ICP?", None).months == [(5, None)]


def test_an_organisation_stands_for_its_country(engine: Engine) -> None:
    """CityNet works from Seoul: its facts answer questions about IURC "in Korea"."""
    answer = engine.answer("Who runs the IURC thematic events in Korea?", TODAY)
    assert "CityNet" in answer.body and "org:citynet" in answer.refs, answer.body


def test_how_many_days_left_is_the_time_left(engine: Engine) -> None:
    answer = engine.answer("ICP 신청 마감 며칠 남았어?", BEFORE_DEADLINE)
    assert answer.intent == "time_left", answer.body
    assert "10일" in answer.body, answer.body


def test_a_year_before_a_comma_counts_nothing(engine: Engine) -> None:
    """"…during October and December 2021, according to the item" gives no number of
    things: "how many" is answered by the fact that counts the cities."""
    answer = engine.answer("how many european cities will be picked for icp", TODAY)
    assert "14" in answer.body, answer.body


@pytest.mark.parametrize(("question", "lang"), [
    ("On which day exactly are the IURC EU–China meetings?", "en"),
    ("¿Qué día exacto es la conferencia de clausura del ICP?", "es"),
    ("ICP闭幕会议具体哪天开？", "zh"),
])
def test_the_exact_day_of_an_event_known_to_the_month_is_not_known(
        engine: Engine, question: str, lang: str) -> None:
    """The sources give these events' month only: the reply says the month and that no
    day is given, as an unknown; asked when, without the day, the month is the answer."""
    answer = engine.answer(question, TODAY)
    assert answer.lang == lang and answer.intent == "unknown", answer.body
    assert any(r.startswith("event:") for r in answer.refs), answer.refs
    when = engine.answer("When is the ICP closing conference?", TODAY)
    assert when.intent != "unknown" and "February 2023" in when.body, when.body


@pytest.mark.parametrize(("message", "lang"), [
    ("thanks, that helps", "en"), ("мерси много, много ми помогна", "bg"),
    ("okei, razbrah", "bg"), ("좋은 아침이에요", "ko"), ("辛苦了，多谢", "zh"),
    ("네 알겠습니다, 안녕히 계세요", "ko"), ("Благодаря, много полезно", "bg"),
])
def test_more_short_talk_in_its_own_language(engine: Engine, message: str, lang: str) -> None:
    answer = engine.answer(message, TODAY)
    assert answer.intent == "smalltalk" and answer.lang == lang, answer.body


def test_who_is_answered_by_someone_not_by_a_list_of_programmes(engine: Engine) -> None:
    """"Who announced…?": the fact naming the deputy mayor, not the list of Sofia's
    programmes that names nobody; a list of cities still answers "who is paired"."""
    for question in ("¿Quién anunció la participación de Sofía en el programa IURC?",
                     "Qui va anunciar la participació de Sofia a l'IURC?"):
        announced = engine.answer(question, TODAY)
        assert "Kerezov" in announced.body, announced.body
    paired = engine.answer("Who is Dublin paired with?", TODAY)
    assert "Seoul" in paired.body, paired.body


@pytest.mark.parametrize(("question", "lang", "yes"), [
    ("ICP 신청 아직 할 수 있나요?", "ko", "네"),
    ("Is the ICP form still open?", "en", "Yes"),
])
def test_still_open_is_answered_by_the_time_left(engine: Engine, question: str, lang: str,
                                                 yes: str) -> None:
    answer = engine.answer(question, BEFORE_DEADLINE)
    assert answer.lang == lang and answer.intent == "time_left", answer.body
    assert answer.body.startswith(yes), answer.body
    after = engine.answer(question, AFTER_DEADLINE)
    assert not after.body.startswith(yes), after.body


def test_a_link_the_sources_do_not_give_is_declined(engine: Engine) -> None:
    """The kick-off presentations are linked from an item whose link the sources lack:
    "where can I download them?" is an honest unknown; "were they shared?" is a yes."""
    link = engine.answer("Where can I download the kick-off presentations?", TODAY)
    assert link.intent == "unknown", link.body
    shared = engine.answer("Were the cities' presentations at the kick-off shared?", TODAY)
    assert shared.intent != "unknown" and shared.body.startswith(T("en", "Yes.")), shared.body


def test_another_programmes_event_is_no_answer_for_this_one(engine: Engine) -> None:
    """"ICC application deadline?": ICC has none in the calendar; ICP's, whose alias the
    words share, is not given as if it were ICC's."""
    answer = engine.answer("ICC application deadline?", TODAY)
    assert answer.intent == "unknown", answer.body
    assert "event:icp-application-deadline" not in answer.refs, answer.refs
    icp = engine.answer("ICP application deadline?", TODAY)
    assert "event:icp-application-deadline" in icp.refs, icp.refs


def test_where_a_named_event_is_comes_from_that_event(engine: Engine) -> None:
    """The first study visit's city is not named: "which city hosts it?" says so, with
    what is known of the visit, not a city another fact happens to name."""
    answer = engine.answer("Quina ciutat acollirà la primera visita d'estudi de l'ICP?", TODAY)
    assert answer.intent == "unknown", answer.body
    assert "event:icp-first-study-visit" in answer.refs or "programme:icp" in answer.refs
    assert "org:citynet" not in answer.refs, answer.refs


def test_latin_typed_bulgarian_c_for_ts(engine: Engine) -> None:
    """"celi" is цели (aims), typed with c for ц as many Bulgarians do."""
    answer = engine.answer("kakvi sa celite na iurc", TODAY)
    assert answer.lang == "bg" and answer.intent != "unknown", answer.body
    assert "2030" in answer.body or "сближ" in answer.body, answer.body


@pytest.mark.parametrize(("first", "then", "lang"), [
    ("¿Entran ciudades de Taiwán en el ICP?", " ¿cuántas?", "es"),
    ("Does Taiwan take part in ICP?", " With how many cities?", "en"),
    ("台湾有城市参加ICP吗？", "几个？", "zh"),
])
def test_yes_or_no_first_then_what_about_opens_with_the_yes(
        engine: Engine, first: str, then: str, lang: str) -> None:
    """A yes/no question followed by a short "how many?" is still answered yes first,
    although the "how many" alone would make the whole a "how many" question."""
    answer = engine.answer(first + then, TODAY)
    assert answer.body.startswith(T(lang, "Yes.")), answer.body
    assert "2" in answer.body, answer.body


def test_a_country_the_answer_is_about_is_named_by_a_yes_no_question(engine: Engine) -> None:
    """"And is Singapore in too?" names nothing but the country, which the ICP fact on
    Singapore is about: that is a yes, not "my sources don't say"."""
    answer = engine.answer("i Singapur també hi és?", TODAY)
    assert answer.intent != "unknown" and answer.body.startswith(T("ca", "Yes.")), answer.body
    assert "Singapur" in answer.body


def test_latin_typed_bulgarian_prefers_a_known_spelling_to_a_typo(engine: Engine) -> None:
    """"mejdunarodnata" (j for ж) and "sutrudni4estvo" (u for ъ, 4 for ч) are the
    words of IURC's Bulgarian name, not typos of other words two letters away."""
    q = engine.ranker.read("kolko grada ima v purvata faza na mejdunarodnata programa "
                           "za sutrudni4estvo", None)
    assert "programme:iurc" in q.entities, q.toks
    assert "165" in engine.answer(q.text, TODAY).body


@pytest.mark.parametrize(("question", "lang", "fact"), [
    ("De què tracten les reunions mensuals?", "ca", "bones pràctiques"),
    ("后续研讨会有哪些主题", "zh", "能源"),
    ("Which topics will CityNet's next webinars cover?", "en", "energy"),
    ("What was the first IURC thematic webinar about", "en", "Nature-Based"),
])
def test_what_something_is_about_is_answered_by_its_topics(
        engine: Engine, question: str, lang: str, fact: str) -> None:
    """"What about", "quins temes", "哪些主题" ask for topics: a fact that gives them
    answers before one that gives the same event's date."""
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and fact in answer.body, answer.body


def test_covid_19_is_a_name_not_a_count(engine: Engine) -> None:
    """"COVID-19" in the coming webinars' topics is no number of anything: asked how
    many attended a webinar, the bot does not offer that fact as a count."""
    candidate = engine.ranker._fact_candidate("fact:iurc-upcoming-webinars")
    assert not candidate.counts
    assert "kind:webinar" in candidate.cues  # it announces webinars


@pytest.mark.parametrize(("question", "lang"), [
    ("How long ago was the ICP closing conference?", "en"),
    ("Fa quant temps que es va celebrar la conferència de tancament?", "ca"),
    ("ICP闭幕会议是多久以前开的？", "zh"),
])
def test_how_long_ago_is_answered_by_the_date(engine: Engine, question: str, lang: str) -> None:
    """"How long ago" holds "how long", but asks when: the date, not a duration."""
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown", answer.body
    assert "2023" in answer.body, answer.body


def test_a_topic_or_aim_the_sources_list_is_a_yes_but_not_in_a_year_they_never_give(
        engine: Engine) -> None:
    """Topics and aims are affirmed when asked one by one; a year no fact speaks of
    ("in 2027") leaves nothing to say yes to."""
    assert engine.answer("Is air quality one of ICP's topics?", TODAY).body.startswith(
        T("en", "Yes."))
    assert engine.answer("Hi haurà ponents convidats a la cooperació en línia?",
                         TODAY).body.startswith(T("ca", "Yes."))
    later = engine.answer("Will there be a webinar on energy in 2027?", TODAY)
    assert later.intent == "unknown" and not later.body.startswith(T("en", "Yes.")), later.body
    assert engine.answer("Were webinars on COVID announced in 2021?", TODAY).body.startswith(
        T("en", "Yes."))


def test_a_number_word_inside_a_cue_says_how_many(engine: Engine) -> None:
    """"два" is a Bulgarian stopword, but in "два партньорски града" it is what tells
    Sofia's two partners from its one Korean partner."""
    answer = engine.answer("Вярно ли е, че София има два партньорски града?", TODAY)
    assert answer.body.startswith(T("bg", "Yes.")) and "Китай" in answer.body, answer.body


def test_a_number_word_given_in_the_question_does_not_rule_an_answer_out(
        engine: Engine) -> None:
    """"Which two Bulgarian cities besides Sofia…": the number is given, not asked;
    the list that names them answers though it does not repeat "two"."""
    answer = engine.answer("¿Qué dos ciudades búlgaras además de Sofía están en ICC?", TODAY)
    assert answer.intent != "unknown", answer.body
    assert "Vratsa" in answer.body and "Haskovo" in answer.body, answer.body


def test_when_a_programme_ends_is_its_closing_event_not_a_deadline(engine: Engine) -> None:
    """"¿Cuándo termina ICP?" is answered by the closing conference; "termina" is not a
    deadline word; a programme whose end the sources do not give is not answered."""
    ends = engine.answer("¿Cuándo termina ICP?", TODAY)
    assert ends.intent != "unknown" and "febrero" in ends.body and "2023" in ends.body, ends.body
    assert engine.answer("Quan acaba el programa IURC?", TODAY).intent == "unknown"


def test_two_question_words_get_both_answers_when_no_one_answer_gives_both(
        engine: Engine) -> None:
    """"How many … and when": the count and the dates, each from its own fact."""
    answer = engine.answer("how many European cities will be selected for ICP and when",
                           TODAY)
    assert "14" in answer.body and "October" in answer.body, answer.body
    # one answer that gives both is not padded with a second
    single = engine.answer("Who organised the first webinar and when?", TODAY)
    assert "CityNet" in single.body and "5 October 2021" in single.body
    assert single.body.count("\n") == 0, single.body


@pytest.mark.parametrize(("question", "partner"), [
    ("Somos del ayuntamiento de Busan, ¿cuál es nuestra ciudad socia europea?", "Róterdam"),
    ("首尔的欧洲搭档是？", "都柏林"),
    ("我们是釜山市政府的，我们和哪个欧洲城市结对？", "鹿特丹"),
])
def test_the_side_a_partner_is_from_is_part_of_asking_for_it(
        engine: Engine, question: str, partner: str) -> None:
    """"Our European partner city": "European" says which side, it asks nothing else."""
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and partner in answer.body, answer.body


@pytest.mark.parametrize(("question", "lang"), [
    ("¿Sofía tiene también una ciudad socia en China?", "es"),
    ("Sofia tindrà també un soci xinès?", "ca"),
    ("sofia 6te ima li partnior i ot kitai?", "bg"),
])
def test_a_partner_to_be_named_is_a_yes_before_the_fact_that_names_none(
        engine: Engine, question: str, lang: str) -> None:
    """Whether Sofia also gets a Chinese partner: yes, one is planned and not named."""
    answer = engine.answer(question, TODAY)
    assert answer.body.startswith(T(lang, "Yes.")), answer.body
    assert not engine.answer("Is Busan Sofia's partner?", TODAY).body.startswith("Yes.")


@pytest.mark.parametrize("question", [
    "koi evropeiski gradove sa izbrani za icp", "Which European cities were chosen for ICP?",
    "ICP第二次考察是在哪个欧洲城市？"])
def test_which_cities_behind_an_adjective_asks_for_names(engine: Engine, question: str) -> None:
    """"Which European cities": the adjective between "which" and "cities" does not
    hide that names are asked, which the sources do not give."""
    answer = engine.answer(question, TODAY)
    assert answer.intent == "unknown", answer.body
    assert "14" in answer.body or "欧洲" in answer.body, answer.body  # what they do say


def test_a_keyword_query_for_a_partner_gets_the_partner(engine: Engine) -> None:
    """"sofia partner city iurc?": four words and a question mark ask for the partner,
    not whether Sofia benefits from IURC."""
    answer = engine.answer("sofia partner city iurc?", TODAY)
    assert "Sejong" in answer.body and not answer.body.startswith("Yes."), answer.body


@pytest.mark.parametrize("question", [
    "who's the contact person at CityNet?", "시티넷 담당자 연락처 좀 알려주세요",
    "怎么联系CityNet？"])
def test_contact_details_are_never_answered_by_the_help_desk(engine: Engine,
                                                             question: str) -> None:
    """The sources name CityNet as the help desk but give no contact person or
    details: asked for them, the bot says it does not know."""
    assert engine.answer(question, TODAY).intent == "unknown"
    assert "CityNet" in engine.answer("CityNet helpdesk?", TODAY).body


def test_two_programmes_compared_get_each_ones_answer(engine: Engine) -> None:
    """"Which has more European cities, IURC or ICP?" and "do they share a topic?": each
    programme's own answer, side by side, with one "yes" at most."""
    more = engine.answer("Which has more European cities, IURC or ICP?", TODAY)
    assert "86" in more.body and "14" in more.body, more.body
    shared = engine.answer("IURC y ICP, ¿comparten algún tema?", TODAY)
    assert shared.body.count("economía circular") == 2, shared.body
    assert shared.body.count(T("es", "Yes.")) <= 1, shared.body
    assert engine.answer("Do IURC and ICP have shared topics?", TODAY).intent != "unknown"


def test_a_yes_is_about_the_city_the_question_names(engine: Engine) -> None:
    """"上海参加IURC了吗?" names no city the sources know: the fact that Sofia takes
    part in IURC must not be given as a yes to it."""
    answer = engine.answer("上海参加IURC了吗？", TODAY)
    assert not answer.body.startswith(T("zh", "Yes.")), answer.body
    # 上海 is an unknown name, not "上" and a slip for "还参加"
    assert answer.intent == "unknown", answer.body
    assert engine.answer("索非亚参加IURC了吗？", TODAY).body.startswith(T("zh", "Yes."))


@pytest.mark.parametrize(("question", "expected"), [
    ("¿qué ciudades búlgaras, además de Sofía, entraron?", "Vratsa"),
    ("Кои са другите двойки градове ЕС–Корея освен София–Седжонг?", "Дъблин"),
])
def test_a_city_named_after_besides_is_set_aside(engine: Engine, question: str,
                                                 expected: str) -> None:
    """"Which cities besides Sofia": the answer about the others, not about Sofia."""
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and expected in answer.body, answer.body


@pytest.mark.parametrize(("question", "lang", "yes"), [
    ("Does ICC last 2.5 years?", "en", True),
    ("¿El ICC dura dos años y medio?", "es", True),
    ("is the ICC kick-off meeting held virtually?", "en", True),
    ("Does ICC last two years?", "en", False),
    ("Does ICC last 3 years?", "en", False),
    ("Is the ICC kick-off held in person?", "en", False),
    # the text says Seoul only in a clause that says it was expected earlier
    ("Is Sofia's partner Seoul?", "en", False),
    # a noun phrase with a question mark asks for the fact, not whether it holds
    ("full name of the ICP programme?", "en", False),
    # "presencial" only looks like the text's "presentar": the text does not say it
    ("¿La reunión introductoria del ICC fue presencial?", "es", False),
    ("La reunió de benvinguda de l'ICC serà presencial?", "ca", False),
    # ...while another form of the text's own word is that word
    ("Одобрена ли е София по IURC?", "bg", True),
    ("Does ICC cover e-government and healthcare?", "en", True),
])
def test_a_yes_is_said_only_when_the_fact_text_states_what_was_asked(
        engine: Engine, question: str, lang: str, yes: bool) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown", answer.body
    assert answer.body.startswith(T(lang, "Yes.")) == yes, answer.body


@pytest.mark.parametrize(("question", "lang"), [
    ("Does Sofia have three partner cities?", "en"),
    ("소피아는 파트너 도시가 세 개예요?", "ko"),
])
def test_a_number_the_fact_does_not_give_is_never_confirmed(engine: Engine, question: str,
                                                            lang: str) -> None:
    answer = engine.answer(question, TODAY)
    assert not answer.body.startswith(T(lang, "Yes.")), answer.body


@pytest.mark.parametrize(("message", "lang"), [
    ("Благодаря много, това ми беше полезно.", "bg"),
    ("谢谢你的帮助！", "zh"),
    ("감사합니다 ㅎㅎ", "ko"),
    ("Very useful, thank you", "en"),
])
def test_thanks_with_words_of_praise_is_small_talk(engine: Engine, message: str,
                                                   lang: str) -> None:
    answer = engine.answer(message, TODAY)
    assert (answer.intent, answer.lang) == ("smalltalk", lang), answer.body


def test_thanks_followed_by_a_request_is_answered(engine: Engine) -> None:
    answer = engine.answer("thanks I need the deadline", BEFORE_DEADLINE)
    assert answer.intent != "smalltalk" and "15" in answer.body, answer.body


def test_when_asked_of_a_fact_unknown_in_who_it_names_is_answered(engine: Engine) -> None:
    # "When will we know who the Chinese partner is?" asks when; the fact gives September.
    when = engine.answer("кога ще стане ясно кой е партньорът от Китай", TODAY)
    assert when.intent != "unknown" and "септември" in when.body, when.body
    which = engine.answer("Which Chinese city is Sofia's partner?", TODAY)
    assert which.intent == "unknown", which.body


def test_an_ordinal_typed_without_its_space_picks_that_event(engine: Engine) -> None:
    # "두번째" for "두 번째" (second): the second study visit, in October 2022
    answer = engine.answer("ICP 두번째 워크숍 방문은 어디서 언제 해요?", TODAY)
    assert answer.intent != "unknown" and "10월" in answer.body, answer.body


def test_the_noun_a_which_asks_for_decides_the_answer(engine: Engine) -> None:
    # the words after "which countries" describe the cities, they are not what is asked
    answer = engine.answer(
        "С градове от кои държави могат да си сътрудничат европейските общини по ICP?", TODAY)
    assert answer.intent != "unknown", answer.body
    assert "Канада" in answer.body and "Сингапур" in answer.body, answer.body


def test_a_webinar_called_seminari_web_is_no_question_about_a_website(engine: Engine) -> None:
    answer = engine.answer("Sobre què tractaran els propers seminaris web?", TODAY)
    assert answer.intent != "unknown" and "COVID" in answer.body, answer.body
    assert engine.answer("Hi ha web de l'ICP?", TODAY).intent == "unknown"


def test_a_narrowing_word_in_a_yes_no_question_picks_the_fact_that_says_it(
        engine: Engine) -> None:
    # "only one city?": the fact that Sofia is the only city with two partners, and no
    # "Yes." to a number it does not give
    answer = engine.answer("Is Sofia partnered with only one city in IURC?", TODAY)
    assert "China" in answer.body and not answer.body.startswith("Yes."), answer.body


def test_syllables_of_a_function_word_ask_nothing_inside_a_cue(engine: Engine) -> None:
    # "一共" (in all): its "一" is not the "一" of a cue phrase
    answer = engine.answer("第一阶段项目一共多少个城市", TODAY)
    assert answer.intent != "unknown" and "165" in answer.body, answer.body


def test_a_korean_what_with_a_yes_no_ending_is_no_yes_no_question(engine: Engine) -> None:
    answer = engine.answer("ICC 참여 도시는 뭘 해야 돼요?", TODAY)
    assert answer.intent != "unknown" and not answer.body.startswith(T("ko", "Yes.")), \
        answer.body


@pytest.mark.parametrize("question", [
    "who is the secretary general of CityNet",
    "Qui és el director general de la DG REGIO?",
    "Кои са осемте града-ментори в ICC?",
    "ICC的8个导师城市是哪些",
    "ICP에 선정된 한국 도시 두 곳은 어디예요?",
])
def test_names_the_sources_do_not_give_are_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent == "unknown", answer.body


def test_who_runs_a_programme_is_no_question_about_a_director(engine: Engine) -> None:
    answer = engine.answer("¿Quién dirige el ICP?", TODAY)
    assert answer.intent != "unknown" and "DG REGIO" in answer.body, answer.body


def test_where_cities_come_from_asks_for_regions(engine: Engine) -> None:
    answer = engine.answer("Where did the 165 cities of the first phase come from?", TODAY)
    assert answer.intent != "unknown" and "Asia" in answer.body, answer.body


@pytest.mark.parametrize(("question", "fact"), [
    ("What topics will the next webinars cover?", "COVID-19"),
    ("앞으로 웨비나는 어떤 주제를 다루나요?", "코로나19"),
    ("第一场网络研讨会讲的是什么？", "基于自然"),
    ("El primer webinar temático, ¿de qué trató y cuándo?", "naturaleza"),
])
def test_the_topic_of_a_webinar_is_what_it_is_about_not_its_date(
        engine: Engine, question: str, fact: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and fact in answer.body, answer.body


def test_only_what_comes_next_says_the_calendar_has_none_first(engine: Engine) -> None:
    answer = engine.answer("what webinars are coming up next", TODAY)
    assert answer.intent == "next_event", answer.body


@pytest.mark.parametrize(("question", "yes"), [
    ("ICC的启动会是线上开的吗？", True),
    ("索非亚有两个伙伴城市吗？", True),
    ("索非亚有三个伙伴城市吗？", False),
    ("ICC持续两年吗？", False),
])
def test_a_chinese_yes_agrees_with_the_numbers_asked(engine: Engine, question: str,
                                                    yes: bool) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.body.startswith(T("zh", "Yes.")) == yes, answer.body


def test_a_later_question_that_names_nothing_asks_about_the_one_before(
        engine: Engine) -> None:
    answer = engine.answer(
        "What topics will ICP cities work on together, and who manages the programme?", TODAY)
    assert "circular economy" in answer.body and "DG REGIO" in answer.body, answer.body


@pytest.mark.parametrize(("question", "fact"), [
    ("Пиша статия за IURC в Корея. Кои бяха трите двойки градове ЕС–Корея?", "Седжонг"),
    ("Journalist here, on deadline: what was the first CityNet webinar called and what date "
     "was it?", "Nature-Based"),
    ("Каква полза ще има София от IURC? Накратко, моля, за доклад до кмета.", "иновативни"),
    ("索非亚参加IURC具体能得到哪些好处？帮我简单总结下", "创新"),
    ("kraen srok za formulqra po ICP?? spe6no", "15"),
])
def test_words_around_a_question_ask_nothing(engine: Engine, question: str,
                                             fact: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and fact in answer.body, answer.body


@pytest.mark.parametrize(("question", "fact"), [
    ("ICP closing conference - when?", "2023"),   # a topic, then the question
    ("quadruple helix - what does it mean here?", "civil society"),
    ("total size of the ICC network incl. consortia", "124"),  # no sentence ends there
])
def test_a_topic_before_a_dash_is_part_of_the_question(engine: Engine, question: str,
                                                       fact: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and fact in answer.body, answer.body


def test_a_yes_is_not_read_from_names_listed_together(engine: Engine) -> None:
    answer = engine.answer(
        "Back in August they said Sofia's Korean partner would be Seoul. Is it Seoul then?",
        TODAY)
    assert not answer.body.startswith("Yes."), answer.body


def test_a_month_may_date_what_is_asked_rather_than_ask_for_the_calendar(
        engine: Engine) -> None:
    dated = engine.answer(
        "Back in August 2021, which Korean city was Sofia originally expected to team up with?",
        TODAY)
    assert dated.intent != "unknown" and "Seoul" in dated.body, dated.body
    empty = engine.answer("what is on in ICP in March 2025?", TODAY)
    assert empty.intent == "unknown" and "March 2025" in empty.body, empty.body


@pytest.mark.parametrize(("question", "lang", "fact"), [
    ("Could you explain what the 'quadruple helix' refers to in this programme?", "en",
     "civil society"),
    ("Уважаеми колеги, какво се разбира под „четворна спирала“ в контекста на IURC?", "bg",
     "наука"),
    ("新闻里说的“四重螺旋”具体指哪几类合作方？", "zh", "科研"),
])
def test_what_a_term_means_put_politely_is_its_definition(engine: Engine, question: str,
                                                          lang: str, fact: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and fact in answer.body, answer.body
    assert not answer.body.startswith(T(lang, "Yes.")), answer.body  # a request, no yes/no


def test_a_misspelt_hangul_name_is_hangul_one_letter_off(engine: Engine) -> None:
    # "시의회 통과" folds close to "hong kong" (홍콩), yet names no Hong Kong
    answer = engine.answer("소피아 디지털 전환 전략 시의회 통과 날짜가 언제였죠", TODAY)
    assert answer.intent != "unknown" and "6월 11일" in answer.body, answer.body
    assert "country:HK" not in answer.refs


def test_a_korean_request_with_background_is_answered(engine: Engine) -> None:
    answer = engine.answer(
        "보고서에 넣으려고 하는데, ICP 프로그램의 목표를 세 가지로 정리해 주시겠습니까?", TODAY)
    assert answer.intent != "unknown" and not answer.body.startswith(T("ko", "Yes.")), \
        answer.body
    assert "삶의 질" in answer.body, answer.body


def test_catalan_que_vol_dir_is_catalan(engine: Engine) -> None:
    assert engine.answer("que vol dir quadruple helix?", TODAY).lang == "ca"


@pytest.mark.parametrize(("question", "fact"), [
    ("Quines altres parelles de ciutats UE-Corea formen part del programa, a banda de la de "
     "Sofia?", "Busan"),
    ("ICC 오프닝 미팅은 7월에 온라인으로 하는 거 맞나요?", "7월"),
    ("请问IURC项目有助于实现哪一份议程的目标？", "2030"),
])
def test_asides_and_other_names_of_things_are_read(engine: Engine, question: str,
                                                   fact: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and fact in answer.body, answer.body


@pytest.mark.parametrize("question", [
    "Which hotel should we book for the ICP study visit in April 2022?",
    "quanta gent va assistir al webinar de CityNet?",
    "弗拉察参加ICC需要交多少会费？",
])
def test_attendance_fees_and_hotels_are_not_in_the_sources(engine: Engine,
                                                           question: str) -> None:
    assert engine.answer(question, TODAY).intent == "unknown"


def test_where_sofia_already_draws_experience_from_is_answered(engine: Engine) -> None:
    answer = engine.answer(
        "Before IURC, whose experience had Sofia been drawing on through its international "
        "networks?", TODAY)
    assert answer.intent != "unknown" and "USA" in answer.body, answer.body
    assert "source:sofia-iurc-approved-bg" not in answer.refs  # refs name items, not sources


def test_when_an_event_is_to_take_place_is_its_date_not_another_one(engine: Engine) -> None:
    answer = engine.answer("А срещите ЕС–Китай кога трябваше да се състоят?", TODAY)
    assert "октомври 2021" in answer.body and "30 септември" not in answer.body, answer.body
    where = engine.answer("Where was the ICP closing conference held?", TODAY)
    assert where.intent == "unknown", where.body  # held where: no date answers it


def test_a_greeting_sentence_before_a_question_asks_nothing(engine: Engine) -> None:
    answer = engine.answer("Здравейте! Бихте ли ми казали кога точно се проведе първата среща "
                           "между европейските и корейските градове по IURC?", TODAY)
    assert answer.intent != "unknown" and "30 септември" in answer.body, answer.body


@pytest.mark.parametrize(("question", "fact"), [
    ("za koq godina Sofia e opredelena kato edna ot nai-dobrite kandidaturi po IURC", "2021"),
    ("Haskovo i Vraca v koq programa na EK sa odobreni zaedno sys Sofia?",
     "Intelligent Cities Challenge"),
])
def test_bulgarian_koy_before_a_noun_asks_which(engine: Engine, question: str,
                                                fact: str) -> None:
    # ("na EK": the programme's funder named beside it leaves nothing of the question out)
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and fact in answer.body, answer.body


def test_several_how_manys_one_fact_answers_get_that_one_sentence(engine: Engine) -> None:
    answer = engine.answer("Of the 88 approved ICC cities, how many are mentors, how many are "
                           "newcomers and how many come from DCC?", TODAY)
    assert "\n" not in answer.body, answer.body
    assert all(n in answer.body for n in ("8 mentor", "54", "26")), answer.body


@pytest.mark.parametrize(("question", "lang", "said"), [
    ("Vratsa - ICC or IURC?", "en", "Intelligent Cities Challenge"),
    ("Вратца в ICC или в IURC участва?", "bg", "Intelligent Cities Challenge"),
    ("Vratsa està a l'ICC o a l'IURC?", "ca", "Intelligent Cities Challenge"),
    ("소피아 파트너는 서울 아니면 세종?", "ko", "세종"),
])
def test_names_offered_as_a_choice_are_answered_by_the_one_that_holds(
        engine: Engine, question: str, lang: str, said: str) -> None:
    # One of the two names offered is the answer: the other is not left out, and the
    # reply says which holds rather than "yes" to a question of which.
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and answer.lang == lang, answer.body
    assert said in answer.body and not answer.body.startswith(T(lang, "Yes.")), answer.body


def test_names_compared_are_both_answered(engine: Engine) -> None:
    answer = engine.answer("Which has more European cities, IURC or ICP?", TODAY)
    assert "86" in answer.body and "14" in answer.body, answer.body


def test_a_korean_cue_never_starts_inside_a_name(engine: Engine) -> None:
    # "하스코보도" is Haskovo with "도" (too), not the cue "보도" (a news report).
    answer = engine.answer("브라차랑 하스코보도 ICC 들어갔어요?", TODAY)
    assert answer.intent != "unknown" and "하스코보" in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("¿En qué fecha se publicó que Sofía había sido aprobada en el IURC?", "10 de agosto"),
    ("소피아가 ICC(지능형 도시 챌린지)에 참가하게 됐다는 소식은 언제 나왔나요?", "7월 2일"),
])
def test_when_the_news_came_out_is_when_it_was_announced(engine: Engine, question: str,
                                                         said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert said in answer.body, answer.body


@pytest.mark.parametrize(("question", "numbers"), [
    ("¿Cuántos empleados tenían en total las empresas implicadas y cuánto facturaban?",
     ("17", "3.23")),
    ("Quants agents locals i quants treballadors hi havia darrere de l'estratègia digital "
     "de Sofia?", ("100", "17")),
])
def test_how_many_after_and_is_a_question_of_its_own(engine: Engine, question: str,
                                                     numbers: tuple[str, ...]) -> None:
    body = engine.answer(question, TODAY).body
    assert all(n in body for n in numbers), body


@pytest.mark.parametrize(("question", "said"), [
    ("IURC kak se razshifrova", "международно и регионално сътрудничество"),
    ("IURC 처음 들어봐요, 약자가 뭐예요?", "국제 도시"),
])
def test_what_an_acronym_stands_for_is_the_programme_name(engine: Engine, question: str,
                                                          said: str) -> None:
    # ("처음" is "at first" in a cue, but "처음 들어봐요" only says the name is new)
    answer = engine.answer(question, TODAY)
    assert said in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    # a slip in one word of a name given beside the rest of it asks nothing
    ("¿Quién es Guencho Kerezov?", "Teniente de alcalde"),
    # what someone does is their role
    ("y citynet q hace exactamente dentro del programa??", "servicio de asistencia"),
    ("dg regio kakvo pravi za iurc", "стратегическ"),
    # the partner asked by the side it is from, in any word order
    ("세종시랑 짝이 된 유럽 도시가 어디에요?", "소피아"),
])
def test_who_someone_is_and_what_they_do(engine: Engine, question: str, said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and said in answer.body, answer.body


@pytest.mark.parametrize("question", [
    "Necesito la lista de temas en los que se centra el IURC para un informe al concejal.",
    "보고서에 넣으려고 하는데 IURC 주요 협력 주제 좀 정리해 주세요",
    "I'm preparing a briefing note for our councillors. Can you list the main themes IURC "
    "will focus on for Sofia?",
])
def test_the_topics_asked_for_a_report_are_the_topics(engine: Engine, question: str) -> None:
    # who the asker writes for, and that they need it, ask nothing
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and answer.key == "fact:iurc-topics", answer.body


@pytest.mark.parametrize(("question", "yes"), [
    ("IURC에서 교육이나 일자리 분야도 다루나요?", True),
    ("ICC에서 오픈 데이터도 다루나요?", True),
    # a noun phrase with a question mark asks for the topics, not whether they hold
    ("프로그램에서 특히 강조하는 분야는?", False),
])
def test_words_every_topic_answer_shares_leave_nothing_out_of_a_yes(
        engine: Engine, question: str, yes: bool) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.body.startswith(T("ko", "Yes.")) == yes, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("ICP在台灣會選幾個城市？", "2"),
    ("香港參與ICP嗎？", "香港"),
])
def test_traditional_chinese_is_read_as_simplified(engine: Engine, question: str,
                                                   said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and answer.lang == "zh" and said in answer.body, \
        answer.body


def test_the_city_an_asker_works_for_is_not_what_they_ask_about(engine: Engine) -> None:
    answer = engine.answer("Soy concejal en Sofía: ¿qué compromisos exige el ICC a la "
                           "administración municipal?", TODAY)
    assert answer.key == "fact:icc-city-obligations", answer.body


@pytest.mark.parametrize(("message", "lang"), [
    ("네 알겠어요 ㅎㅎ", "ko"),
    ("jajaja gracias", "es"),
])
def test_laughter_leaves_small_talk_small_talk(engine: Engine, message: str, lang: str) -> None:
    answer = engine.answer(message, TODAY)
    assert (answer.intent, answer.lang) == ("smalltalk", lang), answer.body


@pytest.mark.parametrize(("question", "key"), [
    ("IURC欧韩城市第一次见面会是哪天开的", "when:event:iurc-eu-korea-kickoff"),
    ("ICC会关注哪些方面的工作？", "fact:icc-focus-areas"),
    ("IURC关注什么话题？", "fact:iurc-topics"),
])
def test_chinese_paraphrases_of_meetings_and_topics(engine: Engine, question: str,
                                                    key: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.key == key, (answer.key, answer.body)


def test_when_two_cities_meet_is_their_meetings_not_the_calendars_next(
        engine: Engine) -> None:
    answer = engine.answer("When do Sofia and Sejong meet?", TODAY)
    assert "Sofia–Sejong" in answer.body and "China" not in answer.body, answer.body


@pytest.mark.parametrize("question", [
    "다음 세종-소피아 월례 회의 날짜가 언제예요?",
    "Кога ще е следващата месечна среща със Седжонг?",
])
def test_the_date_of_a_monthly_meeting_the_sources_never_give_is_not_said(
        engine: Engine, question: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent == "unknown", answer.body


@pytest.mark.parametrize("question", [
    "索非亚的中国伙伴城市是哪座城市?",
    "¿Qué ciudad china será la segunda socia de Sofía en el IURC?",
])
def test_which_city_of_a_country_is_not_answered_by_a_city_of_another(
        engine: Engine, question: str) -> None:
    # Sofia's Chinese partner is not named; the fact that names her Korean one is no
    # answer to "which Chinese city", the reply that says it is not known is.
    answer = engine.answer(question, TODAY)
    assert answer.intent == "unknown" and "Sejong" not in answer.body \
        and "世宗" not in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("IURC significa qué?", "Cooperación Urbana y Regional Internacional"),
    ("ICP欧洲选多少城市?加拿大和南非又各几个?", "加拿大4个"),
    # a greeting, then who the asker is, then the question
    ("您好,我是台北市政府國際事務的同仁,請問ICP會選幾個台灣城市?", "台湾2个"),
])
def test_meaning_each_and_a_greeted_introduction(engine: Engine, question: str,
                                                 said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and said in answer.body, answer.body


def test_a_misspelt_name_with_a_real_word_inside_is_still_the_name(engine: Engine) -> None:
    # "Cities" is a word of its own, but here the middle of "Inteligent Cities Chalenge"
    answer = engine.answer("cuanto dura el Inteligent Cities Chalenge?", TODAY)
    assert "2,5" in answer.body, answer.body


@pytest.mark.parametrize("question", [
    "IURC给每个参与城市多少经费?",
    "¿Cuánto dinero recibe cada ciudad del ICC?",
    "kolko pari poluchava sofia ot programata",
])
def test_how_much_money_is_never_answered_by_the_funder_or_a_count(engine: Engine,
                                                                   question: str) -> None:
    assert engine.answer(question, TODAY).intent == "unknown"


def test_who_funds_is_still_answered(engine: Engine) -> None:
    answer = engine.answer("¿Quién da el dinero del IURC?", TODAY)
    assert answer.intent != "unknown" and "Comisión Europea" in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("DCC는 뭐의 약자예요?", "Digital Cities Challenge"),
    ("ICC是什么的缩写？", "Intelligent Cities Challenge"),
])
def test_an_acronym_is_expanded_in_its_own_words_in_korean_and_chinese(
        engine: Engine, question: str, said: str) -> None:
    # the letters stand for English words: the Korean and Chinese names give them too
    answer = engine.answer(question, TODAY)
    assert said in answer.body, answer.body


def _says(engine: Engine, question: str, said: str) -> None:
    """The reply's body holds ``said`` (the body is shown when it does not)."""
    answer = engine.answer(question, TODAY)
    assert said in answer.body, answer.body


def test_a_question_after_and_with_which_asks_of_what_the_first_named(engine: Engine) -> None:
    # yes or no first, then "with which European city?": the second names nothing itself
    answer = engine.answer("Сеул участва ли вече в IURC и с кой европейски град?", TODAY)
    assert answer.intent != "unknown", answer.body
    assert "Дъблин" in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("zdravei, koga e bila pyrvata sreshta Sofia - Koreya po IURC?", "30"),  # i for й
    ("Invest Sofia uchastva li v izgotvqneto na strategiqta za digitalna transformaciq?",
     "Да."),  # q for я in a word known by its stem
])
def test_latin_typed_bulgarian_letters(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize("question", [
    "Кога се е провела първата среща между София и Корея по IURC?",
    "¿Cuándo tuvo lugar la reunión de arranque del IURC con Corea?",
])
def test_the_past_of_held_asks_when(engine: Engine, question: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and "30" in answer.body, answer.body


@pytest.mark.parametrize(("question", "number"), [
    ("колко нови участници има в ICC", "54"),  # stopword lists hold "нови"
    ("how many new cities joined ICC?", "54"),
])
def test_new_asks_for_the_newcomers(engine: Engine, question: str, number: str) -> None:
    assert number in engine.answer(question, TODAY).body


@pytest.mark.parametrize(("message", "lang"), [
    ("ok thanks, that's all i needed", "en"),
    ("vale gracias, era todo lo que necesitaba", "es"),
    ("ok merci, ja ho tinc tot", "ca"),  # "merci" is Bulgarian small talk too
])
def test_thanks_after_an_ok_is_small_talk_in_the_message_language(
        engine: Engine, message: str, lang: str) -> None:
    answer = engine.answer(message, TODAY)
    assert (answer.intent, answer.lang) == ("smalltalk", lang), answer.body


@pytest.mark.parametrize(("question", "yes"), [
    ("¿La reunión inaugural del ICC será online?", "Sí."),  # the text says "virtual"
    ("ICC 착수 회의는 온라인이었나요?", "네."),  # the clause after "…며," denies only the day
])
def test_a_word_said_alike_confirms_a_yes(engine: Engine, question: str, yes: str) -> None:
    assert engine.answer(question, TODAY).body.startswith(yes)


def test_in_person_is_not_confirmed_by_a_virtual_meeting(engine: Engine) -> None:
    body = engine.answer("Was the ICC introductory meeting in person?", TODAY).body
    assert not body.startswith("Yes"), body


@pytest.mark.parametrize(("question", "said"), [
    ("시티넷 첫 웨비냐 날짜 알려줘", "10월 5일"),  # 웨비나, one letter off
    ("ICP 폐막 컨퍼랜스 언제?", "2023년 2월"),  # 컨퍼런스
])
def test_a_korean_word_one_letter_off_is_the_word_meant(engine: Engine, question: str,
                                                        said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize(("question", "said"), [
    ("킥오프 회으 언제 했어요?", "9월 30일"),  # 회의: two syllables, a word every question uses
    ("ICP 신청 마감일 언재?", "11월 15일"),  # 언제
])
def test_a_two_syllable_korean_slip_of_a_common_word(engine: Engine, question: str,
                                                    said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize("question", ["기후 웨비나 날짜", "소피아 디지털 전환 전략 승인 날짜"])
def test_a_korean_word_the_content_lacks_is_not_made_another(engine: Engine,
                                                           question: str) -> None:
    # "기후" and "전환" are a letter from "이후" and "전한": two syllables are left alone
    q = engine.ranker.read(question, None)
    assert q.text == question


@pytest.mark.parametrize("question", [
    "qué ciudades búlgaras participan en el ICC?",
    "quines ciutats bulgares participen a l'ICC?",
    "a part de Sofia, quines ciutats bulgares participen a l'ICC?",  # besides Sofia
    "ICC odobreni gradove broi?",  # broi: how many
])
def test_the_bulgarian_cities_of_icc_in_spanish_and_catalan(engine: Engine,
                                                            question: str) -> None:
    body = engine.answer(question, TODAY).body
    assert "Vratsa" in body or "88" in body, body


def test_a_function_word_with_two_letters_swapped_asks_nothing(engine: Engine) -> None:
    answer = engine.answer("Did Sofia take part in the Digital Cities Challenge before htey "
                           "joined ICC?", TODAY)
    assert answer.body.startswith("Yes."), answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("Do IURC and ICP both involve Korean cities?", ["Sejong", "2 South Korean cities"]),
    ("IURC和ICP都涉及韩国城市吗？", ["是的", "IURC", "2个韩国城市"]),
])
def test_both_programmes_asked_of_one_country_get_an_answer_each(
        engine: Engine, question: str, said: list[str]) -> None:
    body = engine.answer(question, TODAY).body
    assert all(s in body for s in said), body


@pytest.mark.parametrize(("question", "said"), [
    ("欧盟-韩国一共有几对城市", "3对"),  # the counter names what is counted: pairs
    ("IURC에는 몇 쌍의 도시가 있어요?", "3쌍"),
    ("结对城市多久见一次面？", "每月"),  # how long until once again: how often
    ("智能城市挑战（ICC）持续多旧", "2.5"),  # 智能 for 智慧, 旧 for 久
    ("ICP由哪个部门管理", "DG REGIO"),
])
def test_chinese_and_korean_counts_frequencies_and_names(engine: Engine, question: str,
                                                         said: str) -> None:
    _says(engine, question, said)


def test_a_question_buried_in_a_long_message_is_found(engine: Engine) -> None:
    # (declined as a whole: the airport, the phone and the summary are asked of nothing)
    message = ("Hi there, sorry I'm typing from the airport and my phone is about to die — our "
               "head of unit wants a two-line summary for tomorrow morning and I totally "
               "blanked on this: the ICC thing Sofia joined back in 2020, what does it actually "
               "focus on? like the main pillars, not all the details. I think it was Innovative "
               "Sofia running it on our side but whatever, just the focus. thanks a million")
    answer = engine.answer(message, TODAY)
    assert answer.intent == "fact" and "open data" in answer.body, answer.body


def test_a_long_message_asking_what_no_source_says_is_still_declined(engine: Engine) -> None:
    message = ("Hello, I am preparing our delegation's trip for the IURC meetings with Sejong "
               "next spring and my director keeps asking me things I cannot find anywhere, so "
               "sorry for the long message: what will the weather be like in Sejong in April?")
    assert engine.answer(message, TODAY).intent == "unknown"


@pytest.mark.parametrize(("question", "said"), [
    ("第一次网络研讨汇是哪天？", "10月5日"),  # 汇 for 会, after 第一次
    ("ICC原定啥时候正式起动", "9月28日"),  # 啥时候 asks when, 起动 for 启动
])
def test_chinese_slips_and_colloquial_when(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize(("question", "verdict"), [
    ("ICP报名已经截止了吧？", "是的，该截止日期已经过了。"),
    ("Is the ICP application still open?", "No, that deadline has passed."),
])
def test_already_closed_is_not_answered_no(engine: Engine, question: str, verdict: str) -> None:
    # "it has closed, hasn't it?" is answered yes; "is it still open?" no
    assert engine.answer(question, TODAY).body.startswith(verdict)


@pytest.mark.parametrize(("question", "said"), [
    ("how long until the ICP closing conference?", "February 2023"),
    ("¿Cuánto falta para la conferencia de clausura del ICP?", "febrero de 2023"),
    ("колко време остава до крайния срок на ICP?", "15 ноември 2021"),
])
def test_how_long_until_an_event_is_its_date_not_a_duration(engine: Engine, question: str,
                                                            said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and said in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("What's coming up after the kick-off with Sejong?", "Monthly Sofia–Sejong meeting"),
    ("ICP 첫 방문 끝나고 그다음엔 뭐였어요?", "온라인 협력"),
    ("¿Qué viene después de la primera visita de estudio del ICP?", "Cooperación en línea"),
    ("Què ve després de la visita d'abril?", "Cooperació en línia"),  # named by its month
])
def test_what_comes_after_an_event_is_the_next_one(engine: Engine, question: str,
                                                   said: str) -> None:
    # the programme's next event, one with a city the question names first (not the
    # EU–China meetings, which also follow the kick-off)
    answer = engine.answer(question, TODAY)
    assert answer.intent == "event_when" and said in answer.body, answer.body


@pytest.mark.parametrize(("message", "lang"), [("ㅇㅋ", "ko"), ("네", "ko")])
def test_korean_letters_keep_small_talk_korean(engine: Engine, message: str, lang: str) -> None:
    answer = engine.answer(message, TODAY)
    assert (answer.intent, answer.lang) == ("smalltalk", lang), answer.body


def test_the_cities_of_which_countries_asks_for_the_countries(engine: Engine) -> None:
    answer = engine.answer("ICP可以跟哪些国家的城市合做", TODAY)
    assert answer.intent == "fact" and "加拿大" in answer.body, answer.body


@pytest.mark.parametrize(("question", "yes"), [
    ("ICP 폐막회의 이미 끝났죠?", "네."),
    ("¿Ya terminó la conferencia de clausura del ICP?", "Sí."),
])
def test_whether_an_event_is_over_is_settled_by_its_date(engine: Engine, question: str,
                                                         yes: str) -> None:
    assert engine.answer(question, TODAY).body.startswith(yes)


def test_what_the_weather_is_like_is_declined(engine: Engine) -> None:
    assert engine.answer("¿Qué tiempo hace hoy en Sejong?", TODAY).intent == "unknown"


@pytest.mark.parametrize("question", ["索非亚数字转型战略是一致通过的吗",
                                      "索非亚数字转型战略是市议会一致通过的吗"])
def test_a_chinese_word_written_another_way_still_settles_a_yes(engine: Engine,
                                                              question: str) -> None:
    # "数字转型" asked, "数字化转型" said: 字 and 略 are paired with the syllable before
    assert engine.answer(question, TODAY).body.startswith("是的。")


def test_offline_is_not_confirmed_by_online_events(engine: Engine) -> None:
    body = engine.answer("ICC启动活动是线下的吗", TODAY).body
    assert not body.startswith("是的"), body


@pytest.mark.parametrize(("question", "said"), [
    ("what happened on 30.09 in IURC?", "kick-off"),  # a day written in figures
    ("IURC: què va passar el 5/10/2021?", "Webinar"),
    ("¿Qué pasó el 30/09/2021 en el IURC?", "Reunión inicial"),
])
def test_what_happened_on_a_day_written_in_figures(engine: Engine, question: str,
                                                   said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent == "event_when" and said in answer.body, answer.body


@pytest.mark.parametrize(("question", "intent"), [
    ("wen was the kick off with the korean cities in IURC?", "event_when"),  # wen: when
    ("wat is ICC?", "programme_overview"),
])
def test_short_question_words_typed_with_a_slip(engine: Engine, question: str,
                                                intent: str) -> None:
    assert engine.answer(question, TODAY).intent == intent


def test_a_clause_saying_when_does_not_answer_who(engine: Engine) -> None:
    answer = engine.answer("Who was the mayor of Dublin when the Dublin–Seoul IURC pairing "
                           "started?", TODAY)
    assert answer.intent == "unknown", answer.body
    answer = engine.answer("Who presented Sofia when the kick-off took place?", TODAY)
    assert "Innovative Sofia" in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("¿Cuándo se hará la reunion de bienvenida de las 100 ciudades del ICC?", "julio de 2020"),
    ("ICC - is the welcome meeting for the 100 cities online?", "Yes."),
])
def test_a_number_that_describes_the_event_asked_of(engine: Engine, question: str,
                                                    said: str) -> None:
    # "the 100 cities" is said of the meeting by another fact: its date and format answer
    _says(engine, question, said)


def test_who_announced_is_answered_by_a_date_that_names_who(engine: Engine) -> None:
    answer = engine.answer("소피아가 IURC 따냈다고 발표한 사람 누구야?", TODAY)
    assert answer.intent == "fact" and "케레조프" in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("lICP inclou Singapur?", "Singapur"),  # l'ICP typed without its apostrophe
    ("qui gestiona lICP?", "DG REGIO"),
    ("quien apolla el IURC en Corea", "CityNet"),  # ll for y: they sound alike
])
def test_catalan_and_spanish_typed_as_they_sound(engine: Engine, question: str,
                                                 said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown" and said in answer.body, answer.body


@pytest.mark.parametrize(("message", "intent"), [
    ("Здрасти, може ли един въпрос?", "smalltalk"),  # leave to ask is a greeting
    ("айде чао", "smalltalk"),
    ("Кво са главните теми на IURC?", "fact"),  # кво: какво
    ("Ротердам с кой се падна?", "city_partner"),  # се падна: was paired with
])
def test_colloquial_bulgarian(engine: Engine, message: str, intent: str) -> None:
    answer = engine.answer(message, TODAY)
    assert (answer.intent, answer.lang) == (intent, "bg"), answer.body


@pytest.mark.parametrize("question", [
    "Ще има ли трета фаза на IURC и кога започва?",  # no "Да" from the first phase
    "Is there a third ICP study visit?",
    "IURC 세 번째 단계가 있나요?",
])
def test_a_third_of_anything_is_not_in_the_sources(engine: Engine, question: str) -> None:
    assert engine.answer(question, TODAY).intent == "unknown"


@pytest.mark.parametrize(("question", "said"), [
    ("Какви ще са ползите за София от IURC?", "иновативни идеи"),  # ползите: ползи
    ("Какво ще е времето в София утре?", None),  # времето is the weather, not време
])
def test_a_bulgarian_article_on_a_word_the_content_lacks(engine: Engine, question: str,
                                                         said: str | None) -> None:
    answer = engine.answer(question, TODAY)
    if said is None:
        assert answer.intent == "unknown", answer.body
    else:
        assert said in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("ICC 기간 얼마나 걸려요?", "2.5년"),  # 얼마나 걸려: how long it takes
    ("ICC 공식 출범 시기는요?", "9월 28일"),  # 시기: the time when
    ("When was the ICC's official launch scheduled?", "September 28"),  # not "next"
])
def test_when_and_how_long_said_otherwise(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


def test_what_the_asker_half_remembers_asks_nothing(engine: Engine) -> None:
    answer = engine.answer("Em sembla recordar que Sofia va fer parella amb Seül, oi?", TODAY)
    assert "Sejong" in answer.body, answer.body


@pytest.mark.parametrize(("question", "yes"), [
    ("ICC 네트워크 최종적으로 124개 도시 맞나요?", "네."),  # 최종적으로: in the end
    ("소피아가 파트너 도시를 두 개 받은 유일한 도시라고 들었는데 맞나요?", "네."),  # heard
])
def test_korean_asking_whether_what_was_heard_holds(engine: Engine, question: str,
                                                    yes: str) -> None:
    assert engine.answer(question, TODAY).body.startswith(yes)


def test_the_list_of_names_of_cities_not_named_is_not_their_count(engine: Engine) -> None:
    answer = engine.answer("ICP에 최종 선정된 유럽 14개 도시 명단 좀 알려주세요", TODAY)
    assert answer.intent == "unknown", answer.body


def test_a_long_word_with_a_slip_is_the_word_meant(engine: Engine) -> None:
    answer = engine.answer("zakluchitelnata konferenicqta koga e", TODAY)
    assert "февруари 2023" in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("第一次研学访问几月、在哪?", "2022年4月"),  # 研学: a study visit
    ("这些企业员工一共1万7左右对吧？", "17,000"),  # 左右: about
])
def test_chinese_study_tours_and_about(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize(("question", "said"), [
    ("CityNet 역활이 뭐예요", "헬프데스크"),  # 역활: 역할 typed as it sounds
    ("ICP 참여 가능 국가 리스트", "캐나다"),  # 가능: possible; 리스트: list
    ("参与制定战略的公司员工总数", "17,000"),  # 公司: companies; 总数: total number
])
def test_korean_and_chinese_everyday_words(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


def test_a_countrys_cities_with_a_question_mark_ask_which(engine: Engine) -> None:
    answer = engine.answer("Ciutats búlgares a l'ICC a part de Sofia?", TODAY)
    assert "Vratsa" in answer.body and not answer.body.startswith("Sí"), answer.body


def test_a_long_word_known_by_its_stem_is_kept(engine: Engine) -> None:
    # "estratégico" is a form of a cue stem, not a slip to correct into the stem itself
    q = engine.ranker.read("¿Quién da apoyo estratégico al IURC?", None)
    assert "estrategico" in q.toks


def test_and_an_unaccented_que_asks_a_second_question(engine: Engine) -> None:
    answer = engine.answer("Cuantos actores locales participaron en la estrategia de "
                           "transformacion digital de Sofia y que facturacion tenian las "
                           "empresas?", TODAY)
    assert "100" in answer.body and "3.230" in answer.body, answer.body


@pytest.mark.parametrize("question", [
    "索非亚以前借鉴过哪些地方城市的经验",  # 地方 read as 的 + 方: "of which places"
    "Which countries' cities does Sofia draw on, besides Europe?",
])
def test_the_cities_of_which_places_asks_for_the_places(engine: Engine, question: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown", answer.body
    assert any(us in answer.body for us in ("美国", "US", "United States")), answer.body


def test_a_function_word_is_no_misspelt_name(engine: Engine) -> None:
    # "също" (also) is one letter off "САЩ" (the United States) as typed in Latin letters
    q = engine.ranker.read("Враца и Хасково също ли са в ICC?", None)
    assert "country:US" not in q.entities
    assert engine.answer("Враца и Хасково също ли са в ICC?", TODAY).body.startswith("Да")


@pytest.mark.parametrize(("question", "said"), [
    ("temes de l'icp?", "economia circular"),  # a noun and what it is of: which
    ("objetivos del IURC?", "IURC"),
])
def test_a_noun_of_a_name_asks_for_it_not_whether(engine: Engine, question: str,
                                                  said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert said in answer.body and not answer.body.startswith("Sí"), answer.body


@pytest.mark.parametrize(("message", "lang"), [
    ("merci!!", "ca"),  # Catalan thanks; Bulgarian types "mersi"
    ("dale, chau", "es"),  # Latin-American "ok, bye"
])
def test_small_talk_of_one_language(engine: Engine, message: str, lang: str) -> None:
    answer = engine.answer(message, TODAY)
    assert (answer.intent, answer.lang) == ("smalltalk", lang), answer.body


def test_catalan_take_and_partnership(engine: Engine) -> None:
    _says(engine, "de sudafrica quantes ciutats agafen a l'icp?", "4")
    _says(engine, "sofia amb quants ciutats pot fer partenariat al iurc", "2")


@pytest.mark.parametrize(("question", "earlier", "later"), [
    ("What came first, Sofia joining ICC or the IURC kick-off with Korea?", "2020", "2021"),
    ("Què va ser abans, la primera reunió amb Corea de l'IURC o l'entrada de Sofia a l'ICC?",
     "2020", "2021"),
    ("¿Qué fue antes, la semana de lanzamiento del ICC o la aprobación de la estrategia "
     "digital?", "11 de junio de 2020", "28 de septiembre"),
])
def test_which_of_two_events_came_first(engine: Engine, question: str, earlier: str,
                                        later: str) -> None:
    body = engine.answer(question, TODAY).body
    assert earlier in body and later in body, body
    assert body.index(earlier) < body.index(later), body  # in order, whichever is named first


def test_two_events_on_different_days_are_not_the_same_day(engine: Engine) -> None:
    answer = engine.answer("启动会和第一场网络研讨会是同一天吗？", TODAY)
    assert answer.body.startswith(T("zh", "No, on different days.")), answer.body
    assert "9月30日" in answer.body and "10月5日" in answer.body
    assert "event:iurc-eu-korea-kickoff" in answer.refs


def test_a_first_event_and_another_are_not_compared(engine: Engine) -> None:
    # "primer" says which webinar, not which came first
    answer = engine.answer("fecha del kick-off y del primer webinar?", TODAY)
    assert not answer.body.startswith(T("es", "Earlier: {first}, {first_date}. Later: "
                                              "{second}, {second_date}.")[:6]), answer.body


@pytest.mark.parametrize(("question", "yes"), [
    ("La reunión inaugural del ICC en julio, ¿es virtual?", "Sí"),  # July says which meeting
    ("2022年5月到12月期间是线上合作吗？", "是"),
])
def test_a_month_the_event_is_held_in_lets_the_text_say_yes(engine: Engine, question: str,
                                                            yes: str) -> None:
    assert engine.answer(question, TODAY).body.startswith(yes)


def test_another_month_is_no_yes(engine: Engine) -> None:
    # the introductory meeting was in July: "in September?" is not confirmed
    answer = engine.answer("La reunión inaugural del ICC en septiembre, ¿es virtual?", TODAY)
    assert not answer.body.startswith("Sí"), answer.body


def test_a_slip_of_a_chat_word_asks_nothing(engine: Engine) -> None:
    _says(engine, "how many european cities are in the IURC programe", "86")


@pytest.mark.parametrize(("question", "said"), [
    ("How often do the Bulgarian capital and Sejong meet?", "monthly"),
    ("거기서 불가리아 수도 소피아는 어느 한국 도시랑 짝이었나요?", "세종"),  # 거기서: there
])
def test_the_bulgarian_capital_is_sofia(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


def test_a_bulgarian_year_abbreviation_ends_no_clause(engine: Engine) -> None:
    # "…2020 г. с поредица от виртуални събития": the year's "г." is not a sentence end
    assert engine.answer("ICC zapochva li s virtualni sabitiya?", TODAY).body.startswith("Да")


@pytest.mark.parametrize(("question", "said"), [
    # "reunión de arranque" is also a name of IURC's kick-off: with ICC named, ICC's
    ("¿La reunión de arranque del ICC será virtual?", "julio de 2020"),
    ("¿Quién da apoyo estratégico al IURC?", "DG REGIO"),
])
def test_another_programmes_event_name_asks_for_the_named_programmes(
        engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


def test_a_number_in_an_events_own_name_is_not_asked_of_its_date(engine: Engine) -> None:
    # "the meeting presenting the 100 cities" is ICC's introductory meeting; its date fact
    # says nothing of 100, and still confirms that it was virtual
    answer = engine.answer("¿La reunión de presentación de las 100 ciudades del ICC fue virtual?",
                           TODAY)
    assert answer.body.startswith("Sí"), answer.body


def test_an_ok_first_asks_nothing(engine: Engine) -> None:
    assert engine.answer("Vale, ¿y ya ha cerrado la convocatoria del ICP?", TODAY).body.startswith(
        "Sí")
    assert engine.answer("dale, chau", TODAY).intent == "smalltalk"


def test_korean_what_is_the_name_asks_for_a_name_of_anything(engine: Engine) -> None:
    # "이름이 뭐예요" (what is the name) is no cue of the first webinar's title alone
    _says(engine, "소피아 IURC 참여를 발표한 부시장 이름이 뭐예요?", "케레조프")
    # 시장 (mayor, and also "market") of Sofia: the sources name no mayor
    assert engine.answer("소피아 시장 이름이 뭐예요?", TODAY).intent == "unknown"


@pytest.mark.parametrize(("question", "said"), [
    ("По коя програма е разработена дигиталната стратегия на София?", "Digital Cities"),
    ("¿Qué ciudad coreana le ha tocado a Dublín?", "Seúl"),  # tocado: got as its partner
])
def test_which_programme_and_who_got_which_partner(engine: Engine, question: str,
                                                   said: str) -> None:
    _says(engine, question, said)


def test_late_before_a_month_says_when_not_too_late(engine: Engine) -> None:
    _says(engine, "the late-September call with the Korean cities - who presented for Sofia?",
          "Innovative Sofia")


def test_a_months_abbreviation_is_no_unknown_word(engine: Engine) -> None:
    answer = engine.answer("ICC official start was planned for the week of 28 sept - 2 oct, "
                           "correct?", TODAY)
    assert answer.intent != "unknown" and "28 September" in answer.body, answer.body


def test_a_number_word_is_checked_like_its_digits(engine: Engine) -> None:
    # "quatre" is no word asked of a fact's text: the fact's own number settles the yes
    assert engine.answer("De Sud-àfrica també en seran quatre?", TODAY).body.startswith("Sí")
    assert not engine.answer("De Sud-àfrica també en seran cinc?", TODAY).body.startswith("Sí")


def test_catalan_compta_amb_asks_nothing_itself(engine: Engine) -> None:
    _says(engine, "L'IURC compta amb el suport estratègic de la DG REGIO?", "Sí")


def test_other_inside_a_cue_phrase_is_read_through(engine: Engine) -> None:
    # "which other country" holds the cue "which country" of Sofia's two partners
    q = engine.ranker.read("From which other country is Sofia's second partner?", None)
    assert q.toks.index("country") in q.hits["fact:sofia-two-partners"]


@pytest.mark.parametrize("question", [
    "¿Quién fue el ponente principal del webinar de CityNet del 5 de octubre de 2021?",
    "Who was the speaker at the first IURC webinar?",  # not who presented at the kick-off
    "en que idioma son las reuniones mensuales Sofia-Sejong",
])
def test_a_role_or_a_language_the_sources_do_not_give_is_declined(engine: Engine,
                                                                  question: str) -> None:
    assert engine.answer(question, TODAY).intent == "unknown"


def test_the_organiser_still_answers_who_organised(engine: Engine) -> None:
    _says(engine, "Who organised the first IURC webinar?", "CityNet")


@pytest.mark.parametrize(("question", "said"), [
    ("quantes ciutats hi havia a la primera fase del programa de cooperacio urbana "
     "internacional (IUC)", "165"),  # IUC, the first phase's name
    ("A part de Sofia, quines ciutats bulgares han entrat a l'Intelligent Cities Challenge?",
     "Vratsa"),
])
def test_iuc_and_catalan_entrat(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize(("question", "said"), [
    ("кой е зам.-кмет по дигитализация, иновации и икономическо развитие", "Керезов"),
    ("кой беше зам кмета дето обяви участието на столицата в IURC", "Керезов"),
    ("Singapur i Hong Kong també formen part de l'ICP?", "Sí"),
    ("¿Singapur y Hong Kong forman parte del ICP?", "Sí"),
])
def test_who_holds_a_role_and_plural_form_part(engine: Engine, question: str,
                                               said: str) -> None:
    _says(engine, question, said)


def test_open_data_is_no_date_in_english(engine: Engine) -> None:
    # "data" asks when in Catalan ("la data") and Latin-typed Bulgarian, not in English
    _says(engine, "is a common open data platform part of what ICC focuses on", "Yes")


@pytest.mark.parametrize("question", ["quina és la data de la reunió inicial?",
                                      "¿cuál es la fecha de la reunión inicial?"])
def test_which_date_asks_when(engine: Engine, question: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent == "event_when" and "30" in answer.body, answer.body


def test_asian_partners_and_the_two_strands(engine: Engine) -> None:
    _says(engine, "International City Partnerships - which asian countries/places are "
          "included", "Singapore")
    _says(engine, "IURC分成哪两个合作板块？", "创新")


@pytest.mark.parametrize(("question", "yesno"), [
    ("Barcelona ha estat seleccionada com una de les 14 ciutats europees de l'ICP?", True),
    ("em sembla recordar que la visita era a l'abril, es aixi?", True),  # "que" is "that"
    ("que temes tracta l'ICP?", False),
    ("i com es presenta una ciutat?", False),
    ("¿Sofía entra al ICC como ciudad con experiencia previa del DCC?", True),  # as
    ("¿Cómo entra Sofía al ICC?", False),
])
def test_unaccented_que_and_com_inside_a_sentence_ask_nothing(engine: Engine, question: str,
                                                               yesno: bool) -> None:
    assert engine.ranker.read(question, None).yesno is yesno


def test_what_besides_sets_aside_is_no_answer(engine: Engine) -> None:
    q = engine.ranker.read("Besides Korea, which other country will Sofia partner with?", None)
    assert q.aside == {"country:KR"}
    assert engine.ranker.read("소피아 말고 다른 불가리아 도시는?", None).aside == {"city:sofia"}
    # the webinar set aside is not the answer: the webinars announced after it are
    _says(engine, "aparte del webinar de cambio climatico, de que otros temas se anunciaron "
          "webinars en IURC", "COVID")
    _says(engine, "¿Cuántas ciudades nuevas se sumaron al ICC además de las del DCC?", "54")


@pytest.mark.parametrize(("question", "said"), [
    ("Колко често ще се виждат София и корейския град? Благодаря!", "месечни"),  # how often
    ("Коя е предишната инициатива на ЕК, в която София е участвала преди ICC?", "DCC"),
    ("А срещите с китайската страна кога се очакваха?", "октомври"),
    ("A quin tipus de ciutats s'adreça l'ICC?", "petites"),  # s'adreça: is meant for
])
def test_how_often_which_initiative_and_catalan_adreca(engine: Engine, question: str,
                                                       said: str) -> None:
    _says(engine, question, said)


def test_an_address_is_still_never_answered(engine: Engine) -> None:
    assert engine.answer("Quina és l'adreça de CityNet?", TODAY).intent == "unknown"


def test_the_cities_a_quoted_number_counts_are_not_others_named(engine: Engine) -> None:
    # the 14 European cities of ICP are not named anywhere: the kick-off's cities are others
    for question in ("Quines són les 14 ciutats europees seleccionades?",
                     "¿Cuáles fueron las 10 ciudades que completaron la lista de 100 del "
                     "Intelligent Cities Challenge?"):
        assert engine.answer(question, TODAY).intent == "unknown", question


@pytest.mark.parametrize(("question", "said"), [
    ("De quins temes va el programa de partenariats entre ciutats?", "circular"),
    ("Колко града е имало в първата фаза на международната програма за сътрудничество "
     "между градове?", "165"),
])
def test_programmes_named_by_what_they_are(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize(("question", "said"), [
    ("ICC要求参与城市做什么", "最高领导层"),  # 参与城市: the cities, of whom it is asked
    ("IURC 韩国方面的支持机构是哪个", "CityNet"),  # 韩国方面: Korea's side
])
def test_chinese_participating_cities_and_a_countrys_side(engine: Engine, question: str,
                                                         said: str) -> None:
    _says(engine, question, said)


def test_catalan_elision_tells_catalan_from_spanish() -> None:
    from content.langdetect import detect_language
    assert detect_language("barcelona esta seleccionada a l'icp?") == "ca"
    assert detect_language("¿Dónde está l'ICP?") == "es"  # the accent still decides
    assert detect_language("Sofia's partner?") == "en"


def test_a_word_one_letter_from_a_never_answered_one_is_its_own(engine: Engine) -> None:
    q = engine.ranker.read("temes de l'icc, llista curta pls", None)  # curta, not cuarta
    assert not q.never
    assert engine.answer("¿Cuál es la web del ICC?", TODAY).intent == "unknown"


def test_the_selection_asked_in_the_imperfect(engine: Engine) -> None:
    _says(engine, "les ciutats europees de l'international city partnerships quan es "
          "seleccionaven?", "octubre")


def test_a_mistyped_korean_name_begins_a_word(engine: Engine) -> None:
    # "어디서 운영" (run from where) holds 서운, one letter from 서울, inside a word
    q = engine.ranker.read("ICP 프로그램은 어디서 운영하나요?", None)
    assert "city:seoul" not in q.entities
    _says(engine, "부산시 국제협력담당관실입니다. International City Partnerships(ICP) 프로그램은 "
          "어디서 운영하나요?", "DG REGIO")


def test_a_long_self_introduction_is_set_aside(engine: Engine) -> None:
    _says(engine, "Hi, I'm from the Seoul Metropolitan Government's global cooperation team. "
          "How many European cities take part in IURC altogether?", "86")


def test_who_provides_the_funding_in_chinese(engine: Engine) -> None:
    _says(engine, "IURC的资金是由谁提供的？", "欧盟委员会")
    _says(engine, "ICC会给城市提供什么形式的支持？", "定制支持")


@pytest.mark.parametrize(("question", "said"), [
    ("q es fa entre maig i desembre del 2022 a l'icp?", "en línia"),  # q: què
    ("me apunto al icc, pero este programa q apoyo da a las ciudades?", "personalizado"),
])
def test_chat_abbreviations_in_catalan_and_spanish(engine: Engine, question: str,
                                                   said: str) -> None:
    _says(engine, question, said)


def test_fullwidth_punctuation_is_typed_in_chinese() -> None:
    from content.langdetect import detect_language
    assert detect_language("CityNet？") == "zh"
    assert detect_language("CityNet?") == "en"


def test_bulgarian_vleze(engine: Engine) -> None:
    _says(engine, "Враца влезе ли в ICC?", "Да")


@pytest.mark.parametrize(("question", "said"), [
    ("Колко още участници трябваше да избере ЕК за ICC?", "10"),
    ("What date was the press release on Sofia winning a place in IURC published?",
     "10 August 2021"),
])
def test_more_to_select_and_a_press_release(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


def test_a_name_alone_asks_what_it_is_and_a_programme_its_own_fact(engine: Engine) -> None:
    answer = engine.answer("¿CityNet?", TODAY)
    assert answer.intent == "organisation" and not answer.body.startswith("Sí"), answer.body
    # Sofia's ICC fact, not her DCC one (both name both programmes)
    assert engine.answer("Is Sofia in ICC?", TODAY).body.startswith(
        "Yes. Sofia takes part in the Intelligent Cities Challenge")


@pytest.mark.parametrize("question", ["Who is the mayor of Sofia?", "索非亚市长是谁"])
def test_the_mayor_is_not_the_deputy_mayor(engine: Engine, question: str) -> None:
    # the deputy mayor's facts say "Deputy Mayor": that answers no question on the mayor
    assert engine.answer(question, TODAY).intent == "unknown"


@pytest.mark.parametrize(("question", "said"), [
    ("who's the deputy mayor in Sofia that announced the IURC win", "Kerezov"),
    ("宣布索非亚入选的那位副市长叫什么名字", "凯雷佐夫"),
    ("Генчо Керезов за какво ресор отговаря?", "Дигитализация"),  # for which portfolio
])
def test_the_deputy_mayor_is_named(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize(("question", "said"), [
    ("qué paises participan en ICP", "Singapur"),  # the list, not one country's fact
    ("С кой корейски град ще работи София по IURC", "Седжонг"),  # ще работи с: partner
    ("Освен с Корея, с град от коя друга държава ще си партнира София?", "Китай"),
])
def test_which_countries_take_part_and_who_works_with_whom(engine: Engine, question: str,
                                                           said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize(("question", "yes"), [
    ("Can you summarise the ICP objectives?", False),  # a request: the objectives, no "Yes"
    ("em podeu resumir els objectius de l'ICP?", False),
    ("Can you tell me if Sofia is in ICC?", True),  # tell me if: whether
    ("did sejong also give a presentation at the first meeting?", True),
])
def test_a_request_to_tell_is_no_yes_no_question(engine: Engine, question: str,
                                                 yes: bool) -> None:
    assert engine.ranker.read(question, None).yesno is yes


@pytest.mark.parametrize(("question", "said"), [
    ("quantes ciutats europees tria el programa International City Partnerships", "14"),
    ("de qui depèn International City Partnerships", "DG REGIO"),
    ("ciudades emparejadas IURC Corea-Europa", "Sejong"),
])
def test_choosing_depending_and_pairs(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize(("question", "said"), [
    ("ICC 涉及哪些城市治理主题?", "开放数据"),  # urban-governance topics, not cities
    ("Quin tipus de suport rep una ciutat a l'ICC?", "personalitzat"),
])
def test_urban_governance_topics_and_catalan_rep(engine: Engine, question: str,
                                                 said: str) -> None:
    _says(engine, question, said)


def test_a_cue_across_a_word_and_its_particle_is_no_cue(engine: Engine) -> None:
    # "项目的缩写": 目的 (purpose) spans the end of 项目 and the particle 的
    q = engine.ranker.read("IURC 是哪个项目的缩写?", None)
    assert "fact:iurc-aims" not in q.hits


@pytest.mark.parametrize(("question", "said"), [
    ("cierre del icp fecha", "febrero de 2023"),  # the programme's close, not the form's
    ("cierre del formulario icp", "15 de noviembre"),
    ("q significa dg regio", "Dirección General"),  # q: que, Spanish or Catalan
])
def test_the_close_of_icp_and_q_significa(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize(("question", "said"), [
    ("Amb ciutats de quins països ens podríem aparellar al programa de recuperació verda i "
     "inclusiva?", "Taiwan"),  # ICP by what its full name says
    ("Quant dura la iniciativa de les ciutats intel·ligents?", "2,5"),  # ICC
    ("com es diu el tinent d'alcalde de Sofia que porta digitalització i innovació?",
     "Kerezov"),
    ("¿El IURC tiene relación con el Pacto Verde Europeo?", "Sí"),
])
def test_programmes_described_and_a_relation(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize(("question", "said"), [
    ("How many European cities take part in IURC overall? For a briefing in Seoul", "86"),
    ("кой плаща програмата IURC? пиша доклад за общината", "Европейската комисия"),
    ("¿Con qué instrumento de la UE se financia el IURC? Tengo que rellenarlo en una ficha",
     "Instrumento de Asociación"),
])
def test_why_it_is_asked_after_the_question_asks_nothing(engine: Engine, question: str,
                                                         said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert said in answer.body and "Seúl" not in answer.body and "|" not in answer.body, \
        answer.body


def test_a_question_after_the_question_mark_still_asks(engine: Engine) -> None:
    _says(engine, "ICC? when does it start", "28 September")


@pytest.mark.parametrize(("question", "said"), [
    ("감사 대응 자료 작성 중인데 IURC는 EU의 어떤 재원 수단으로 돌아가는 거죠?",
     "Partnership Instrument"),  # a reason first: "…작성 중인데"
    ("汇报材料：ICP项目主要想达成哪几个目标？", "生活质量"),  # what the asker does, then ":"
])
def test_a_reason_before_the_question_asks_nothing(engine: Engine, question: str,
                                                   said: str) -> None:
    _says(engine, question, said)


def test_a_city_in_the_askers_own_words_gets_no_partner_line(engine: Engine) -> None:
    answer = engine.answer("세종시 보고서에 같이 적으려고 하는데 "
                           "소피아의 중국 쪽 파트너 도시 이름이 뭔가요?", TODAY)
    assert "세종의 파트너" not in answer.body, answer.body


@pytest.mark.parametrize("question", [
    "¿Sofía ya formaba parte de redes internacionales de ciudades antes del IURC?",
    "Sofia ja formava part de xarxes internacionals abans de l'IURC?",
])
def test_sofia_was_already_part_of_networks(engine: Engine, question: str) -> None:
    answer = engine.answer(question, TODAY)
    assert "Kerezov" in answer.body and answer.intent != "unknown", answer.body


@pytest.mark.parametrize("question", [
    "Describe ICP in one sentence, please",
    "Resumeix l'ICC en una frase",
    "Explícame el IURC en pocas palabras",
    "用一句话说说IURC",
    "ICC를 한 문장으로 알려 주세요",
    "Опишете ICP с едно изречение",
])
def test_how_short_the_asker_wants_it_asks_nothing(engine: Engine, question: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown", answer.body


def test_the_weather_back_then_is_out_of_scope(engine: Engine) -> None:
    for question in ("Quin temps feia a Seül el dia de la reunió inicial?",
                     "¿Qué tiempo hacía en Sejong durante la reunión inicial?"):
        assert engine.answer(question, TODAY).intent == "unknown", question


def test_catalan_quan_dura_asks_how_long(engine: Engine) -> None:
    _says(engine, "L'ICC quan dura?", "2,5")


@pytest.mark.parametrize(("question", "said"), [
    ("Según la noticia de Sofía, ¿cuántas ciudades europeas participan en el IURC?", "86"),
    ("According to the Sofia article, how many European cities are in IURC?", "86"),
])
def test_where_the_asker_read_it_is_no_subject(engine: Engine, question: str,
                                                said: str) -> None:
    _says(engine, question, said)


def test_the_next_one_of_an_event_that_is_over_is_not_its_old_date(engine: Engine) -> None:
    answer = engine.answer("When's the next CityNet webinar?", TODAY)
    assert answer.intent == "unknown", answer.body
    assert "no upcoming" in answer.body, answer.body
    # "scheduled" asks when it was planned, not for the next one
    answer = engine.answer("When was the ICC's official launch scheduled?", TODAY)
    assert answer.intent != "unknown" and "2020" in answer.body, answer.body


def test_the_contents_own_words_tell_catalan_and_spanish_apart() -> None:
    known = content_vocabulary({"ca": ["L'inici oficial"], "es": ["la cuádruple hélice"],
                                "en": ["the official launch"]})
    assert detect_language("inici oficial ICC", None, known) == "ca"
    assert detect_language("cuadruple helice iurc", None, known) == "es"
    # a word two languages' texts share tells nothing
    shared = content_vocabulary({"ca": ["webinar"], "en": ["webinar"]})
    assert "webinar" not in shared


def test_an_example_after_the_question_is_asked_too(engine: Engine) -> None:
    _says(engine, "¿El IURC da prioridad a algo? educación o así", "educación")


def test_what_the_asker_is_preparing_asks_nothing(engine: Engine) -> None:
    _says(engine, "Estem preparant el butlletí i volem saber quan va ser la reunió inicial "
                  "amb Corea", "setembre")


def test_how_many_leads_a_question_with_a_when_clause(engine: Engine) -> None:
    q = engine.ranker.read("How many cities had been approved for ICC when Sofia joined?", None)
    assert q.lead == "how_many"


@pytest.mark.parametrize(("question", "said"), [
    ("From which countries are Sofia's partners?", "China"),
    ("Which area is Gencho Kerezov in charge of?", "Digitalisation"),
    ("De quina data és la notícia que Sofia comença a cooperar amb ciutats d'alta "
     "tecnologia?", "10 d'agost"),
])
def test_facts_asked_in_other_words(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


@pytest.mark.parametrize("question", [
    "oye, ¿qué es el DCC?", "escolta, què és l'IURC?", "абе, какво е ICC",
    "xq el ICC tindrà 124 ciutats?", "Кои два компонента включва IURC?",
    "IURC에 참여하면 어떤 장점이 있어요?", "Qui és en Guentxo Kerezov?",
    "¿Qué papel tiene CityNet en el IURC?", "我们首尔这边刚开始，ICC持续多久？",
])
def test_spoken_openers_and_other_words_still_get_an_answer(engine: Engine,
                                                            question: str) -> None:
    answer = engine.answer(question, TODAY)
    assert answer.intent != "unknown", answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("xq el ICC tindrà 124 ciutats?", "consorcis"),  # "xq" opening a question asks why
    ("Кои два компонента включва IURC?", "град-град"),  # кои before a number: which
    ("我们首尔这边刚开始，ICC持续多久？", "2.5"),  # who "we" are, then the question
    ("ICP 유럽 도시 수는?", "14"),  # "도시 수": how many cities
    ("¿Cuándo fue la sesión inaugural UE–Corea?", "30 de septiembre"),
    ("¿El IURC incluyó ciudades de América Latina?", "Caribe"),
])
def test_what_these_words_ask(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


def test_how_many_people_attended_is_out_of_scope(engine: Engine) -> None:
    for question in ("Колко човека присъстваха на първата среща?",
                     "¿Cuántas personas asistieron a la reunión inicial?"):
        assert engine.answer(question, TODAY).intent == "unknown", question


def test_a_programme_name_alone_is_in_the_askers_language() -> None:
    assert detect_language("International City Partnerships", "es") == "es"
    assert detect_language("Intelligent Cities Challenge?", "ca") == "ca"


@pytest.mark.parametrize(("question", "said"), [
    ("¿Cuántos días pasaron entre la reunión inicial y el webinar de CityNet?", "5 días"),
    ("How long after the approval of Sofia's Digital Transformation Strategy was her ICC "
     "acceptance announced?", "21 days"),
    ("Колко дни минаха между одобрението на стратегията и приемането на София в ICC?",
     "21 дни"),
    ("킥오프 회의와 첫 웨비나 사이에 며칠이 있었나요?", "5일"),
    ("启动会和第一场研讨会之间相隔几天？", "相隔5天"),
])
def test_the_days_between_two_events(engine: Engine, question: str, said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert said in answer.body and answer.intent == "event_when", answer.body


def test_events_known_to_the_month_are_no_days_apart(engine: Engine) -> None:
    answer = engine.answer("How many days between the first and the second ICP study visit?",
                           TODAY)
    assert "days apart" not in answer.body, answer.body


def test_days_apart_agree_with_their_number() -> None:
    assert NT("ca", "{n} day apart.", "{n} days apart.", 1) == "Hi ha 1 dia de diferència."
    assert NT("es", "{n} day apart.", "{n} days apart.", 5) == "Hay 5 días de diferencia."
    assert NT("bg", "{n} day apart.", "{n} days apart.", 1) == "Разликата е 1 ден."


@pytest.mark.parametrize(("question", "said"), [
    ("Busan city hall: who runs the help desk for the Korean cities?", "CityNet"),
    ("Rotterdam here. When was the kick-off with Korea?", "30"),
    ("Soc de l'Ajuntament de Dublín. Quantes ciutats europees hi ha a l'IURC?", "86"),
    ("От Хасково съм: колко продължава ICC?", "2,5"),
    ("我来自新加坡，ICP的申请截止日期是什么时候？", "15"),
    ("我在首尔市政府工作，ICC持续多久？", "2.5"),
    ("서울시청에서 근무합니다. ICC는 얼마 동안 진행되나요?", "2.5"),
])
def test_who_asks_is_no_subject_of_the_question(engine: Engine, question: str,
                                                said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert said in answer.body and answer.intent != "unknown", answer.body


def test_thanks_in_korean_is_no_introduction(engine: Engine) -> None:
    assert engine.answer("감사합니다, 정말 도움이 됐어요", TODAY).intent == "smalltalk"


@pytest.mark.parametrize(("question", "said"), [
    ("ciutats coreanes IURC", "Sejong"),  # names alone ask for the cities
    ("ciudades búlgaras del ICC", "Vratsa"),  # the answer naming them all first
])
def test_names_alone_ask_for_the_cities(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)


def test_a_fact_of_the_kind_asked_before_one_of_another_kind(engine: Engine) -> None:
    # CityNet's thematic events say when, the first webinar's title says what about
    _says(engine, "CityNet이 주최한 첫 웨비나의 주제는 무엇이었어요?", "기후")
    # an undated announcement stays the honest answer to "when"
    answer = engine.answer("When is the energy transition webinar?", TODAY)
    assert answer.intent == "unknown" and "no dates" in answer.body, answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("Què és CityNet segons la notícia?", "Seül"),
    ("Quantes ciutats europees hi ha a l'IURC segons la notícia de Sofia?", "86"),
    ("¿Qué significa 'cuádruple hélice' en la noticia sobre Sofía?", "sociedad civil"),
    ("La notícia diu que l'IURC el finança la Comissió Europea?", "Comissió Europea"),
])
def test_where_the_asker_read_it_asks_nothing(engine: Engine, question: str,
                                               said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert said in answer.body and answer.intent != "unknown", answer.body


@pytest.mark.parametrize(("question", "prior", "said"), [
    ("Singapur?", "ca", "Singapur"),  # a country alone: what the sources say of it
    ("Канада", None, "4"),
])
def test_a_country_named_alone(engine: Engine, question: str, prior: str | None,
                               said: str) -> None:
    answer = engine.answer(question, TODAY, prior)
    assert said in answer.body and answer.intent != "unknown", answer.body


def test_a_quoted_title_does_not_set_the_language() -> None:
    assert detect_language("Fecha exacta del webinar 'Addressing Climate Change in Cities'") \
        == "es"
    assert detect_language("d'on és l'ICP i quan va començar?") == "ca"  # no quotes


@pytest.mark.parametrize(("question", "said"), [
    ("¿A qué programa pertenece la pareja Dublín–Seúl?", "IURC"),
    ("„Сега стъпваме и в Азия“ – кой го казва?", "Керезов"),  # a fact about a person
    ("ICC가 다루는 주제 몇 가지만 알려줘", "이동성"),  # a few of them, not how many
    ("¿Qué hacen juntas Sofía y Sejong?", "buenas prácticas"),
    ("IURC是什么？用一两句话说说", "欧盟委员会"),
])
def test_more_ways_of_asking(engine: Engine, question: str, said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert said in answer.body and answer.intent != "unknown", answer.body


def test_names_alone_without_the_cities_named_get_how_many(engine: Engine) -> None:
    answer = engine.answer("ciudades canadienses ICP", TODAY)
    assert "4" in answer.body and answer.intent != "unknown", answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("holaaa cuando fue el kick off d sofia con corea?", "30 de septiembre"),  # "holaaa", "d"
    ("qn aprobo la estrategia d transformacion digital d sofia", "Consejo Municipal"),
    ("Per a què serveix l'ICC?", "100"),  # what it is for
    ("Per a què serveix CityNet a Corea?", "assistència"),  # a role says what it is for
    ("Could you remind me who Sofia was paired with?", "Sejong"),
    ("M'agradaria confirmar si Sofia té dues ciutats sòcies a l'IURC.", "Xina"),
    ("ICC最终会形成多少个城市的网络？", "124"),
])
def test_chat_spellings_and_polite_openers(engine: Engine, question: str, said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert said in answer.body and answer.intent != "unknown", answer.body


@pytest.mark.parametrize(("question", "said"), [
    ("Quin tipus de suport rebran les ciutats a l'ICC?", "personalitzat"),  # "kind of"
    ("What kind of support do ICC cities get?", "tailored"),
    ("Disculpe, ¿qué significan las siglas IURC?", "Cooperación Urbana y Regional"),
    ("¿Qué beneficios espera sacar Sofía del IURC?", "ideas"),
    ("En quina regió del món treballa CityNet?", "Àsia-Pacífic"),
])
def test_kinds_acronyms_and_expectations(engine: Engine, question: str, said: str) -> None:
    answer = engine.answer(question, TODAY)
    assert said in answer.body and answer.intent != "unknown", answer.body


def test_what_kind_of_cities_still_asks_the_kind(engine: Engine) -> None:
    _says(engine, "¿A qué tipo de ciudades va dirigido el ICC?", "medianas")


@pytest.mark.parametrize(("question", "said"), [
    ("¿Cuál es el nombre completo del programa IURC?", "International Urban and Regional"),
    ("Com es diu en complet el programa IURC?", "Cooperació Urbana i Regional"),
    ("IURC全称是什么？", "International Urban and Regional Cooperation"),
])
def test_iurcs_full_name(engine: Engine, question: str, said: str) -> None:
    _says(engine, question, said)
