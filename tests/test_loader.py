"""The loader accepts the bundled content and names file and key of every problem."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from content.langs import LANGS
from content.loader import ContentError, load_content
from content.models import Content

EVENT = """
[[events]]
id = "event:test-event"
programme = "programme:icp"
kind = "webinar"
precision = "{precision}"
start = {start}
zone = "{zone}"
sources = ["source:icp-programme-ca"]
updated = 2026-11-22
[events.title]
{title}
[events.description]
{description}
"""


def _texts(value: str = "x") -> str:
    return "\n".join(f'{lang} = "{value} {lang}"' for lang in LANGS)


def _event(**overrides: str) -> str:
    fields = {"precision": "day", "start": "2022-05-10", "zone": "Europe/Brussels",
              "title": _texts("Title"), "description": _texts("Text")}
    fields.update(overrides)
    return EVENT.format(**fields)


def _problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(path)
    return [str(p) for p in info.value.problems]


def test_bundled_content_holds_the_seed_facts(content: Content) -> None:
    assert set(content.programmes) == {"programme:iurc", "programme:icc", "programme:icp",
                                       "programme:dcc"}
    pairs = {tuple(p.cities) for p in content.pairs if p.status == "confirmed"}
    assert pairs == {("city:sofia", "city:sejong"), ("city:dublin", "city:seoul"),
                     ("city:rotterdam", "city:busan")}
    pending = [p for p in content.pairs if p.status == "pending"]
    assert [(p.cities, p.partner_country) for p in pending] == [(("city:sofia",), "CN")]
    deadline = content.events["event:icp-application-deadline"]
    assert (deadline.kind, deadline.precision, deadline.start) == ("deadline", "day",
                                                                   date(2021, 11, 15))
    monthly = content.events["event:sofia-sejong-monthly"]
    assert monthly.recurrence == "FREQ=MONTHLY" and monthly.precision == "month"
    launch = content.events["event:icc-launch-week"]
    assert (launch.start, launch.end) == (date(2020, 9, 28), date(2020, 10, 2))
    assert "city:vratsa" in content.cities and "city:haskovo" in content.cities


def test_every_item_has_all_six_languages(content: Content) -> None:
    for table in (content.programmes, content.cities, content.organisations, content.people,
                  content.events):
        for item in table.values():
            assert set(item.name) == set(LANGS), item.id


def test_invalid_toml_names_the_file(data_copy: Path) -> None:
    (data_copy / "broken.toml").write_text("[[events]\nid = ", encoding="utf-8")
    problems = _problems(data_copy)
    assert any(p.startswith("broken.toml: invalid TOML") for p in problems)


def test_unknown_key_is_reported_with_its_path(data_copy: Path) -> None:
    (data_copy / "extra.toml").write_text(_event() + 'colour = "blue"\n', encoding="utf-8")
    # The stray key lands in the last table opened: events[0].description.
    problems = _problems(data_copy)
    assert any("extra.toml: events[0].description.colour: unknown language" in p
               for p in problems), problems


def test_unknown_event_field(data_copy: Path) -> None:
    text = _event().replace('zone = "Europe/Brussels"', 'zone = "Europe/Brussels"\nvenue = "x"')
    (data_copy / "extra.toml").write_text(text, encoding="utf-8")
    assert any("extra.toml: events[0].venue: unknown key" in p for p in _problems(data_copy))


def test_missing_language(data_copy: Path) -> None:
    title = "\n".join(f'{lang} = "T"' for lang in LANGS if lang != "ko")
    (data_copy / "extra.toml").write_text(_event(title=title), encoding="utf-8")
    assert "extra.toml: events[0].title.ko: missing translation" in _problems(data_copy)


def test_bad_date_and_bad_month(data_copy: Path) -> None:
    (data_copy / "a.toml").write_text(_event(start='"2022-13-01"'), encoding="utf-8")
    (data_copy / "b.toml").write_text(
        _event(precision="month", start='"2022-5"').replace("test-event", "other"),
        encoding="utf-8")
    problems = _problems(data_copy)
    assert any(p.startswith("a.toml: events[0].start: expected a date") for p in problems)
    assert any(p.startswith("b.toml: events[0].start: precision 'month' needs") for p in problems)


def test_bad_time_zone(data_copy: Path) -> None:
    (data_copy / "extra.toml").write_text(_event(zone="Europe/Atlantis"), encoding="utf-8")
    assert any("extra.toml: events[0].zone: unknown time zone 'Europe/Atlantis'" in p
               for p in _problems(data_copy))


def test_exact_time_needs_local_datetime(data_copy: Path) -> None:
    (data_copy / "extra.toml").write_text(
        _event(precision="exact", start="2022-05-10T10:00:00+02:00"), encoding="utf-8")
    assert any("events[0].start: write the local time without an offset" in p
               for p in _problems(data_copy))


def test_end_before_start_and_bad_recurrence(data_copy: Path) -> None:
    text = _event().replace("start = 2022-05-10", "start = 2022-05-10\nend = 2022-05-01\n"
                                                  'recurrence = "FREQ=SOMETIMES"')
    (data_copy / "extra.toml").write_text(text, encoding="utf-8")
    problems = _problems(data_copy)
    assert "extra.toml: events[0].end: is before start" in problems
    assert any(p.startswith("extra.toml: events[0].recurrence: not an iCalendar RRULE")
               for p in problems)


def test_duplicate_id_names_both_places(data_copy: Path) -> None:
    (data_copy / "zz_extra.toml").write_text(
        _event().replace("event:test-event", "event:icp-closing-conference"), encoding="utf-8")
    problems = _problems(data_copy)
    expected = ("zz_extra.toml: events[0].id: duplicate id 'event:icp-closing-conference'"
                " (first defined at programme_icp.toml")
    assert any(p.startswith(expected) for p in problems), problems


def test_unknown_reference(data_copy: Path) -> None:
    text = _event().replace('programme = "programme:icp"', 'programme = "programme:nope"')
    (data_copy / "extra.toml").write_text(text, encoding="utf-8")
    assert ("extra.toml: event:test-event.programme: unknown programme id 'programme:nope'"
            in _problems(data_copy))


def test_bad_id_and_kind_and_top_level(data_copy: Path) -> None:
    text = _event().replace("event:test-event", "Event Test").replace('"webinar"', '"party"')
    (data_copy / "extra.toml").write_text("[misc]\nx = 1\n" + text, encoding="utf-8")
    problems = _problems(data_copy)
    assert any(p.startswith("extra.toml: events[0].id: expected an id like 'event:")
               for p in problems)
    assert any(p.startswith("extra.toml: events[0].kind: expected one of meeting")
               for p in problems)
    assert any(p.startswith("extra.toml: misc: unknown top-level key") for p in problems)


def test_empty_directory(tmp_path: Path) -> None:
    assert any("no .toml content files found" in p for p in _problems(tmp_path))


def test_valid_addition_loads(data_copy: Path) -> None:
    (data_copy / "extra.toml").write_text(_event(precision="exact",
                                                 start="2022-05-10T10:00:00"), encoding="utf-8")
    loaded = load_content(data_copy)
    assert loaded.events["event:test-event"].start == datetime(2022, 5, 10, 10, 0)  # noqa: DTZ001


def test_unsaid_names_question_words_only(data_copy: Path) -> None:
    facts = data_copy / "facts_iurc.toml"
    text = facts.read_text("utf-8")
    facts.write_text(text.replace('unsaid = ["which", "who", "where"]',
                                  'unsaid = ["which", "colour"]'), "utf-8")
    problems = _problems(data_copy)
    assert any(p.startswith("facts_iurc.toml: facts[") and ".unsaid: expected one of" in p
               and "'colour'" in p for p in problems), problems


def test_announces_names_event_kinds_only(data_copy: Path) -> None:
    facts = data_copy / "facts_iurc.toml"
    text = facts.read_text("utf-8")
    facts.write_text(text.replace('announces = ["webinar"]', 'announces = ["party"]'), "utf-8")
    problems = _problems(data_copy)
    assert any(p.startswith("facts_iurc.toml: facts[") and ".announces: expected one of" in p
               and "'party'" in p for p in problems), problems


def test_an_event_link_must_be_one_a_reader_may_open(data_copy: Path) -> None:
    text = _event().replace('zone = "Europe/Brussels"',
                            'zone = "Europe/Brussels"\nlink = "javascript:alert(1)"')
    (data_copy / "extra.toml").write_text(text, encoding="utf-8")
    assert "extra.toml: events[0].link: must start with https:// or http://" in \
        _problems(data_copy)
