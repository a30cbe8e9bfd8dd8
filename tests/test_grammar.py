"""Grammar that depends on the filled-in words: Korean particles, Catalan elision."""

from __future__ import annotations

import pytest

from content.grammar import catalan_elision, korean_particles


@pytest.mark.parametrize(("text", "expected"), [
    ("착수 회의은(는) 취소되었습니다.", "착수 회의는 취소되었습니다."),
    ("세종은(는) 소피아의 파트너입니다.", "세종은 소피아의 파트너입니다."),
    ("행사이(가) 없습니다.", "행사가 없습니다."),
    ("웨비나을(를) 봅니다.", "웨비나를 봅니다."),
    ("서울과(와) 더블린", "서울과 더블린"),
    ("부산과(와) 로테르담", "부산과 로테르담"),
    ("한국어(으)로 말합니다", "한국어로 말합니다"),
    ("서울(으)로 갑니다", "서울로 갑니다"),
    ("부산역(으)로", "부산역으로"),
    ("ICC은(는) EU 프로그램입니다.", "ICC는 EU 프로그램입니다."),  # 아이씨씨
    ("IURC은(는)", "IURC는"),
    ("DG REGIO이(가)", "DG REGIO가"),
    ("ICP이(가)", "ICP가"),  # 아이씨피
    ("CityNet은(는)", "CityNet은"),  # 시티넷
    ("인텔리전트 시티 챌린지 (ICC)이(가)", "인텔리전트 시티 챌린지 (ICC)가"),
    ("공지 17을(를)", "공지 17을"),  # 십칠
    ("공지 2을(를)", "공지 2를"),
])
def test_korean_particle_follows_the_final_syllable(text: str, expected: str) -> None:
    assert korean_particles(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("va tenir lloc el 11 de juny de 2020", "va tenir lloc l'11 de juny de 2020"),
    ("el 1 d'octubre", "l'1 d'octubre"),
    ("previst per a el abril de 2022", "previst per a l'abril de 2022"),
    ("a partir de octubre de 2021", "a partir d'octubre de 2021"),
    ("parelles del IURC", "parelles de l'IURC"),
    ("obert fins al 11 de juny", "obert fins a l'11 de juny"),
    ("el 5 d'octubre", "el 5 d'octubre"),
    ("el 10 de maig", "el 10 de maig"),
    ("de Hong Kong", "de Hong Kong"),
    ("l'ICC de la UE", "l'ICC de la UE"),
])
def test_catalan_elides_before_a_vowel_sound(text: str, expected: str) -> None:
    assert catalan_elision(text) == expected
