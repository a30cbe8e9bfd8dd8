"""Rank the possible answers to a question by how much of the question each covers.

A question names things (entities) and asks something about them (property
words, question words). Every possible answer, a stored fact or a computed
one (when an event is, what comes next, who a city's partner is, an item's
card), declares what it is about (``subjects``), which cue words ask for it
and what kind of answer it gives. The best answer covers every entity the
question names and most of what it asks; when none does, or when the
question asks about something no answer knows (an unknown content word), the
engine declines instead of answering another question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import groupby, pairwise

from babel.dates import get_month_names
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from content.han import simplified
from content.langdetect import content_vocabulary, detect_language
from content.lexicon import (
    AMOUNT_OF_MONEY,
    BG_WHICH_DATE_NOUNS,
    BG_WHICH_NOUNS,
    BG_WHICH_WORDS,
    CHINESE_COUNTERS,
    CHINESE_NUMERALS,
    CHOICE_RUNS,
    CHOICE_WORDS,
    COMPARING_RUNS,
    COMPARING_WORDS,
    CUES,
    DAY_ASKS,
    DENIALS,
    DENIALS_KO,
    DENIALS_ZH,
    GRATITUDE,
    HALF_WORDS,
    KIND_CUES,
    KOREAN_COUNTERS,
    KOREAN_NUMERALS,
    KOREAN_REQUEST_ENDINGS,
    NEVER_ANSWERED,
    NUMBER_VALUES,
    PLACE_ASKS,
    QUESTION_TYPES,
    REQUEST_STARTS,
    RESTRICTIVE,
    RESTRICTIVE_RAW,
    SAID_ALIKE,
    SMALLTALK,
    YESNO_BG_PARTICLE,
    YESNO_ENDINGS_KO,
    YESNO_MARKERS_ZH,
    YESNO_STARTS,
)
from content.matching import AliasIndex, CueMatcher, Mention, build_index, find_mentions
from content.models import FACT_ANSWERS, Content, Event
from content.normalize import (
    fold,
    is_han,
    is_hangul,
    is_syllabic,
    token_chars,
    token_syllables,
    tokens,
    word_starts,
)
from content.vocabulary import (
    CHAT_WORDS,
    Vocabulary,
    chat_words,
    function_words,
    syllabic_function_words,
)

MAX_QUESTION_CHARS = 400
MAX_FACT_CANDIDATES = 40  # facts scored in full per question, best of a cheap tally
# Computed answers and the cue names that ask for them.
COMPUTED_CUES = ("partner", "pairs", "next", "time_left", "programmes", "name_of", "already",
                 "held")
# Which answer types fit which question words.
TYPE_FITS: dict[str, frozenset[str]] = {
    "who": frozenset({"role", "person", "list", "partner"}),  # "with whom is Dublin paired?"
    "when": frozenset({"date", "status", "time", "frequency"}),
    "clock": frozenset({"time"}),
    "how_many": frozenset({"count"}),
    "how_long": frozenset({"duration", "date"}),
    "how_often": frozenset({"frequency", "date", "duration"}),
    "why": frozenset({"goal", "description", "status", "count", "list", "topic", "role"}),
    # "what topics", "qué países", "quina facturació": any answer may name what is asked
    "what_noun": frozenset(FACT_ANSWERS) | {"partner", "time"},
    "where": frozenset({"place", "partner"}),
    "what_is": frozenset({"description"}),
    "what_does": frozenset({"role", "description", "goal"}),
    "topic": frozenset({"topic", "goal", "description", "list"}),
    "which": frozenset({"list", "place", "partner", "role", "topic", "description",
                        "goal", "howto", "status"}),
}
# The answer type each question word asks for first: "who" wants a role before a list.
PRIMARY_FITS: dict[str, frozenset[str]] = {
    "who": frozenset({"role", "person"}), "when": frozenset({"date", "time"}),
    "how_many": frozenset({"count"}), "how_long": frozenset({"duration"}),
    "where": frozenset({"place"}), "which": frozenset({"list"}),
    "what_is": frozenset({"description"}), "clock": frozenset({"time"}),
    "what_does": frozenset({"role"}),
    "how_often": frozenset({"frequency"}), "why": frozenset({"goal"}),
    "what_noun": frozenset({"list"}), "topic": frozenset({"topic"}),
}
PRIMARY_BONUS = 0.2
ENTITY_WEIGHT = {"programme": 1.0, "city": 2.0, "org": 2.0, "person": 2.0, "event": 1.5,
                 "country": 1.5}
# Events are named by ordinary words ("approval", "selection", "승인"): an answer that
# leaves a named event out pays for it, but is not ruled out.
MISSED_EVENT = 0.5
CLASH_PENALTY = 0.8  # an answer of another kind than the question word asks
UNKNOWN_WEIGHT = 1.0
QTYPE_WEIGHT = 0.8  # what a fitting question word adds to what an answer covers
WHAT_IS_WEIGHT = 0.5
COVERAGE = 0.55  # share of the question an answer must cover
# "Can I still apply?", "신청 아직 가능한가요?": the time left answers it, yes or no.
STILL_OPEN = 2.0
QUOTED_MISS = 0.2  # the most a quoted number another answer gives weighs against this one
MISS_CAP = 1.25  # the most a word another answer covers weighs against this one
WEAK_MISS = 0.3  # uncovered words a card may leave
STEERING_WEIGHT = 0.5  # a function word that only steers to a computed answer
FULL_MISS = 0.8  # uncovered weight an answer may leave and still settle a yes/no with "yes"
KNOWN_MISS = 0.8  # weight of a known word that no answer covers
NEVER_WEIGHT = 3.0  # weight of a word asking what no fact answers (hotel, e-mail)
_WORD = re.compile(r"\w+", re.UNICODE)
# Spanish and Catalan question words (folded): a question with one is not a yes/no one.
ROMANCE_WH = frozenset({"que", "quien", "quienes", "cual", "cuales", "como", "donde", "cuando",
                        "cuanto", "cuantos", "cuanta", "cuantas", "qui", "quin", "quina", "quins",
                        "quines", "com", "on", "quan", "quant", "quants", "quanta", "quantes"})
# Of those, the ones that are also "that" and "as" within a sentence; the words before
# which they still ask ("de que temas", "i com"); and their accented forms, which ask.
_CONJUNCTION_WH = frozenset({"que", "com", "como"})
_BEFORE_WH = frozenset({"de", "en", "a", "per", "para", "por", "con", "amb", "del", "al",
                        "sobre", "y", "i", "e", "o", "pero", "però"})
_ACCENTED_WH = {"que": ("qué", "què"), "como": ("cómo",)}
# English and Bulgarian question words (folded), for a question asked by intonation.
ENGLISH_BG_WH = frozenset({"what", "who", "whom", "whose", "when", "where", "which", "why",
                           "how", "koy", "koya", "koe", "koi", "kakvo", "kakva", "kakav",
                           "kakvi", "koga", "kade", "kak", "kolko", "zashto", "chiy", "chiya"})
# Korean question words: a sentence with one is not a yes/no question, whatever its ending.
_YESNO_STARTS = frozenset(fold(w) for w in YESNO_STARTS)
KOREAN_WH = ("뭐", "뭘", "뭔", "무엇", "무슨", "어떤", "어디", "누구", "누가", "언제", "몇", "얼마",
             "왜", "어느", "어떻게")
# A number that counts things ("2 components", "over 100 stakeholders"), not a day of a
# month or a year: such a fact answers "how many" whatever else it gives.
_COUNT = re.compile(r"(?<![\w.,-])(\d[\d,.\u00a0]*|two|three|four|five|six|seven|eight|nine|"
                    r"ten|eleven|twelve|dozen)\s+(?!(?:January|February|March|April|May|"
                    r"June|July|August|September|October|November|December)\b)[a-z]", re.I)
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December")
# A date an event has ("until 15 November", "in April 2022"), not the day an item was
# published ("as announced on 10 August 2021"): such a fact answers "when".
_DATE = re.compile(r"(?<!announced on )(?<!announced in )(?<!as of )"
                   rf"\b(?:\d{{1,2}} (?:{_MONTHS})|(?:{_MONTHS}) \d{{4}})\b")
# Laughter in a chat message ("ㅎㅎ" folds to "hh", "jajaja", "lol"): it says nothing.
_LAUGHTER = re.compile(r"h{2,}|k{2,}|(?:ha|he|hi|ja|je|ji){2,}|lol|xd")
# "Kind of" after a "what": it says nothing of what is asked ("quin tipus de suport").
_KIND_OF = frozenset({"tipus", "tipo", "tipos", "kind", "kinds", "type", "types", "sort",
                      "mena", "classe", "clase", "vid", "tip"})
_WHY_TYPED = frozenset({"xq", "pq", "porq", "perq"})
_REPEATED = re.compile(r"([a-z])\1{2,}")
# Where a message's sentences part: after a question or exclamation mark, after a full
# stop before a capital ("incl. consortia" goes on), at a colon, or at a dash between
# spaces.
_SEGMENT = re.compile(r"(?<=[!?。！？])\s*|(?<=\.)\s+(?=[^a-z])|\s*[:：]\s+|\s+[-–—]\s+")
# A first clause that says who is asking: "I'm from Sofia, …", "부산시청 직원인데요, …",
# "我是釜山市政府的，…".
_SELF_INTRO = re.compile(
    # (after a greeting: "您好,我是台北市政府的同仁,請問…")
    r"^\s*(?:(?:hi|hello|hey|good morning|hola|buenos días|buenas|bon dia|здравейте|"
    r"здравей|zdraveyte|您好|你好|안녕하세요)[\s,!，！.。]*)?"
    r"(?:(?:i'?m|i am|we are|we're|i work|we work|soy|somos|trabajo|trabajamos|sóc|soc|som|"
    r"treballo|treballem|des de|аз съм|ние сме|работя|работим|az sam|rabotya)\b[^,;.!?，]{2,90}"
    r"[,;.，]\s*"
    # (Bulgarian says who it is at the end: "От Хасково съм:", "Община Хасково сме.")
    r"|[^,;.!?，:]{2,40}\s(?:съм|сме|sam|sme)\s*[,;.:–-]\s*"
    # ("Sejong city official here.", "Rotterdam here -")
    r"|[^,;.!?，:]{2,40}\shere\s*[,;.:–-]\s*"
    r"|[^,;.!?，]{2,40}(?:인데요|인데|는데요|는데|입니다|이에요|예요|습니다|근무합니다|일합니다)\s*[,，.。]\s*"
    # (a reason before the question: "발표 슬라이드 만드는 중인데 IURC에서…")
    r"|[^,;.!?，]{2,40}(?:중인데요|중인데|하는데요|하는데|드는데|려는데|려고 하는데)\s+"
    # (Chinese: what the asker is doing, before a full-width colon: "汇报材料：")
    r"|[\u4e00-\u9fff]{2,12}：\s*"
    # (what the asker is doing, then what they want to know: "Estic preparant la reunió
    # amb Busan i vull saber…")
    r"|(?:estic|estem|estoy|estamos|i'?m|i am|we'?re|we are)\s+(?:preparant|preparando|"
    r"preparing|fent|haciendo|making|writing|escrivint|escribiendo|redactant|redactando)\b"
    r"[^,;.!?，]{2,80}?\s(?=(?:i|y|and)\s+(?:vull|volem|voldria|quiero|queremos|quisiera|"
    r"i want|we want|i need|we need|necessito|necesito)\b)"
    # (where the asker read it: "Segons la notícia de Sofia, …", "기사에 따르면 …")
    r"|(?:according to|as per|segons|según|segun|според|spored)\s[^,;.!?，]{2,60}[,;，]\s*"
    r"|[^,;.!?，]{2,30}(?:에 따르면|에 의하면)\s*[,，]?\s*"
    r"|(?:根据|据)[^,;.!?，。]{1,20}(?:报道|新闻|文章|消息)[，,]\s*"
    r"|我是[^,;.!?，。]{1,30}[，,。]\s*"
    r"|我(?:来自|在)[^,;.!?，。]{1,30}[，,。]\s*"
    r"|我们[^,;.!?，。]{0,12}(?:这边|那边|是)[^,;.!?，。]{0,20}[，,。]\s*)", re.IGNORECASE)
# What ends an example offered after a question ("…? educación o así"): it says what is
# asked, not why (folded).
_HEDGES = ("o asi", "o algo asi", "o algo", "or something", "or so", "o alguna cosa",
           "o similar", "o aixo", "o alguna cosa aixi", "ili neshto takova", "ili neshto")
# Where the asker read what they ask about: "…segons la notícia de Sofia?", "…que surt a
# la notícia de l'ICP?", "¿…según la noticia?", "The article says that…".
_SOURCE_NOUNS = (r"(?:notícia|noticia|notícies|noticias|news(?:\s+item)?|article|artículo|"
                 r"articulo|nota de premsa|nota de prensa|comunicat|comunicado|press release|"
                 r"новината|новина|статията|статия|novinata|statiyata)")
_SOURCE_SAID = re.compile(
    r"(?:,\s*)?(?<!\w)(?:segons|según|segun|according to|as per|que surt a|que surt en|"
    r"que apareix a|que sale en|que aparece en|mentioned in|a|en|in|dins|from|според|в|spored)"
    r"\s+(?:(?:la|el|les|los|the|this|that|aquesta|aquella|esta|esa|l['’])\s*)?"
    + _SOURCE_NOUNS + r"(?!\w)(?:\s+(?:de|del|d['’]|sobre|about|on|of|en|за|от|za|ot)\s*"
    r"[^,;.?!¿¡]{1,40})?(?=\s*[,;.?!？]|\s*$)"
    r"|^\s*(?:(?:la|el|the|l['’])\s*)?" + _SOURCE_NOUNS
    + r"\s+(?:diu|deia|dice|decía|decia|says|said|казва|пише|kazva|pishe)\s+"
    r"(?:que|that|че|che)?\s*",
    re.IGNORECASE)
# Words by which a sentence before the question says who asks ("Busan city hall:",
# "Hong Kong government officer:", "부산시청에서 근무합니다."): its names are the asker's.
_ASKER = re.compile(
    r"\b(?:here|city hall|town hall|government|officer|official|staff|team|municipality|"
    r"ajuntament|ayuntamiento|equip|equipo|община|общината|кметство|obshtina)\b"
    r"|시청|직원|담당자|근무|政府|市府|工作", re.IGNORECASE)
# What else answers "where": a part of the world ("in a European city") or the web.
CONTINENTS = ("Europe", "Asia", "Africa", "America", "North America", "South America",
              "Latin America", "the Caribbean", "Oceania", "Asia-Pacific", "European",
              "non-European", "Asian", "African", "American", "online", "virtual")
# Number words (folded) that stopword lists hold: in a cue phrase they say how many.
NUMBER_WORDS = frozenset({
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dva", "dve",
    "dvama", "dvata", "dvete", "tri", "trite", "chetiri", "pet", "shest", "dos", "dues",
    "tres", "quatre", "cuatro", "cinc", "cinco", "sis", "seis", "both", "ambdues",
    "ambos", "ambas", "sedem", "osem", "devet", "deset", "set", "vuit", "nou", "deu", "siete",
    "ocho", "nueve", "diez", "eleven", "twelve", "chetirima", "petima",
    # Bulgarian numbers with the article: "осемте града", "четирите канадски града"
    "chetirite", "pette", "shestte", "sedemte", "osemte", "devette", "desette"})
# Kinds of event held somewhere: a question naming one asks where it is held.
HELD_KINDS = frozenset({"meeting", "conference", "study_visit", "webinar"})
# Folded beginnings of the adjectives that may stand between "which" and "cities".
_CITY_ADJECTIVES = ("europ", "evrop", "korea", "kore", "corea", "bulgar", "balgar", "bolgar",
                    "canad", "kanad", "chin", "xin", "kitai", "taiw", "tayv", "tajv", "south",
                    "afric", "afrik", "irish", "irland", "dutch", "holand", "neerl", "other",
                    "drug", "altr", "otr", "mentor", "new", "nov")
# Korean nouns that, ending a question, ask which one ("뽑힌 도시?", "파트너 도시는?")
KOREAN_NOUN_ASKS = ("도시", "도시는", "도시들", "도시들은", "나라", "나라는", "국가", "국가는",
                    "곳은", "기관", "기관은")
# "besides Sofia", "además de Sofía", "освен София", "除了索非亚", "소피아 말고" (folded words,
# then Hangul/Han runs)
_UNTIL = re.compile(r" how long (?:until|till|before|left|is left) | how much time (?:until|left) "
                    r"| kolko vreme (?:ostava|do) |还有多久|还要多久|还剩多久|얼마나 남")
_NUMERIC_DAY = re.compile(r"(?<![\d.,/])(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?(?![\d,/]|\.\d)")
# (questions are read in simplified characters: no traditional forms needed)
_ONCE_EVERY = re.compile(r"(?:多久|多长时间|多少时间).{0,3}一次")
# "ICC - is the welcome meeting online?": a name, a dash or colon, then the question
_TOPIC_FIRST = re.compile(r"\s*[^\W\d][\w&]*\s*[-–—:]\s*(\w+)")
# Verbs of telling: after "can you", "em podeu", "¿me puedes" they make a request of a
# question ("Can you summarise the ICP objectives?" wants them, not "yes").
_REQUEST_VERBS = frozenset({
    "tell", "summarise", "summarize", "explain", "list", "give", "show", "describe",
    "outline", "remind", "share", "dir", "dir-me", "resumir", "explicar", "llistar",
    "donar", "indicar", "recordar", "decir", "decirme", "listar", "dar", "darme", "contar",
    "contarme", "enumerar", "kazhesh", "kazhete", "obyasnish", "obyasnite", "izbroish",
    "izbroite", "razkazhesh", "razkazhete"})
_EMBEDDED_IF = frozenset({"if", "whether", "dali", "si"})
_REQUEST_MODALS = frozenset({"can", "could", "would", "podeu", "pots", "podries", "podria",
                             "puedes", "podrias", "podeis", "puede", "mozhesh", "mozhete",
                             "bihte"})
# Endings (folded) of a Bulgarian adjective between "кой" and its noun ("коя предишна
# инициатива", "кой корейски град"); a verb there ("кой плаща програмата") asks who.
_BG_ADJECTIVE_ENDINGS = ("ski", "ska", "sko", "skiya", "skata", "shna", "shnata", "ata",
                         "iya", "ya")
# Chinese nouns of what is asked that may follow 城市 in one phrase ("城市治理主题").
_ZH_TOPIC_NOUNS = ("主题", "领域", "议题", "话题", "方面", "问题")
# Words before "mayor" that make a deputy of him ("teniente de alcalde", "зам.-кмет"):
# the sources name one.
_DEPUTY = frozenset({"deputy", "vice", "teniente", "tinent", "zam", "zamestnik",
                     "zamestnika"})
# Question words that are other words in other languages: "data" is a date in Catalan
# and Latin-typed Bulgarian, and data in English ("a common open data platform").
_QTYPE_WORD_LANGS = {"data": ("ca", "bg")}
# What Catalan and Spanish chats abbreviate ("q es fa…", "xq", "tb"): the word meant.
_CHAT_ABBREVIATIONS = {
    "ca": {"q": "que", "k": "que", "xq": "perque", "pq": "perque", "tb": "tambe",
           "tmb": "tambe", "x": "per", "dsp": "despres", "qnt": "quant", "qnts": "quants"},
    "es": {"q": "que", "k": "que", "xq": "porque", "pq": "porque", "porq": "porque",
           "tb": "tambien", "tmb": "tambien", "x": "por", "dsp": "despues", "qn": "quien",
           "cdo": "cuando", "d": "de", "pa": "para", "dnd": "donde", "xfa": "porfa"},
}
# Words this long, typed one or two letters off a known word, are read as it.
LONG_SLIP = 9
# Short question words typed with a slip, at the start of a question.
SHORT_SLIPS = {"wen": "when", "wat": "what", "wht": "what", "whn": "when", "hw": "how",
               "wher": "where", "whr": "where", "wich": "which", "whic": "which"}
# The two-syllable Korean words a slip of one letter is read as ("언재" is "언제",
# "회으" is "회의"): question words and the words every question here uses.
KOREAN_SLIP_TARGETS = frozenset({
    "언제", "어디", "누가", "무엇", "얼마", "어느", "어떤", "예요", "돼요", "해요", "인가",
    "회의", "주제", "기간", "마감", "신청", "날짜", "도시", "발표", "참여", "선정", "역할"})
# A list of names asked for: "the list of the 14 cities", "도시 명단", "城市名单".
NAME_LIST_WORDS = frozenset({"list", "names", "llista", "noms", "lista", "nombres",
                             "spisak", "imena", "imenata"})
NAME_LIST_RUNS = ("명단", "이름", "名单", "名字", "名称")
# Chinese and Korean counters that are the noun counted: "几对城市" asks for the pairs.
COUNTED_COUNTERS = frozenset({"对", "组", "쌍"})
BESIDES_WORDS = frozenset({"besides", "ademas", "aparte", "osven", "excepte", "excepto",
                           "except"})
BESIDES_RUNS = ("a més de", "a banda de", "a part de", "apart de", "apart from", "other than",
                "sin contar", "sense comptar", "not counting", "без да броим",
                "除了", "말고", "외에", "빼고")
BESIDES_RUNS_AFTER = ("말고", "외에", "빼고")  # Korean: after what they set aside
# "what other webinars": "other" between the question word and the noun
OTHER_WORDS = frozenset({"other", "drugi", "drugite", "druga", "drug", "drugo", "drugata",
                         "drugiya", "drugia", "otros", "otras", "otro", "otra", "altres",
                         "altre", "altra"})
WHAT_WORDS = frozenset({"what", "que", "quin", "quina", "quins", "quines", "kakvi", "kakav",
                        "kakva", "kakvo", "kakuv", "kvo"})
# Words for "city" in questions asking which cities ("quines ciutats", "koi gradove").
_CITY_WORDS = frozenset({"city", "cities", "town", "towns", "grad", "grada", "gradove",
                         "gradovete", "gradat", "ciutat", "ciutats", "ciudad", "ciudades"})
# Words before a month that say which part of it ("late September", "a finales de"):
# part of saying when.
_MONTH_PARTS = frozenset({"late", "early", "mid", "end", "finales", "principios", "mediados",
                          "finals", "principis", "mitjans", "kraya", "nachaloto", "sredata"})
# Words for "programme" after "which" ("по коя програма", "in which programme"): a
# programme is asked for, so an answer about one beats another about the same words.
_PROGRAMME_WORDS = frozenset({"programme", "program", "programa", "programata", "initiative",
                              "iniciativa", "initsiativa"})
# Hangul/Han words for countries and places: "the cities of which places" asks for them,
# not for the cities' names ("哪些国家的城市", "어느 나라 도시", "哪些地方城市").
_PLACE_WORDS = frozenset({"国家", "國家", "나라", "地方", "地区", "地區", "지역"})
# When a fact's item was published ("as announced on 5 October 2021"): says when the
# fact was known, not what it is about, so its words do not make it an answer.
_ANNOUNCED = re.compile(r"\b(?:as announced (?:on|in)|както бе обявено на|както беше обявено на|"
                        r"обявено на|segons es va anunciar|según se anunció)\b[^,.;)]*",
                        re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_THOUSANDS = re.compile(r"(?<=\d)[,.\s\u00a0\u202f](?=\d{3}(?!\d))")
_CLAUSE = re.compile(r"(?:[;:!?。；：]|(?<!\sг)\.)\s+|[;:。；：]"
                     # (not after the Bulgarian year's "г.": "2020 г. с поредица от…")
                     # (a Korean clause ends with its connective ending: "열릴 예정이었으며,")
                     r"|(?<=[며고서나데])\s*,\s+")
_CHINESE_NUMERAL = re.compile(
    r"(?<!第)(" + "|".join(CHINESE_NUMERALS) + r")(?:" + "|".join(CHINESE_COUNTERS) + r")(半)?")
_KOREAN_HALF = re.compile(r"(\d+)\s*년\s*반")
_KOREAN_YEARS_MONTHS = re.compile(r"(\d+)\s*년\s*(\d+)\s*개월")
_KOREAN_NUMERAL = re.compile(
    r"(?<![가-힣])(" + "|".join(KOREAN_NUMERALS) + r")\s*(?:" + "|".join(KOREAN_COUNTERS) + ")")
HEAD_WEIGHT = 2.0
TOPIC_ANSWERS = frozenset({"topic", "goal"})  # answers that say what a programme works on
LOOSE_CACHE = 50_000  # words whose loose facts are remembered between messages
LOOSE_COVER = 0.5  # what a word counts for an answer that shares only its stem
INFLECTION = 3  # letters an ending may have ("-ies", "-ada"), after the common stem
STEM = 6  # letters of a word that stand for its inflections ("employees", "employed")


def _syllabic_phrases(table: dict[str, tuple[str, ...]]) -> dict[str, frozenset[str]]:
    """Per name, its phrases written in Hangul/Han, as the characters themselves."""
    return {name: frozenset(p.rstrip("*").replace(" ", "").casefold() for p in phrases
                            if any(is_syllabic(ch) for ch in p))
            for name, phrases in table.items()}


def _month_words() -> dict[str, int]:
    """Month names and abbreviations of the Latin- and Cyrillic-script languages, folded."""
    words: dict[str, int] = {}
    for lang in ("en", "bg", "ca", "es"):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for n, name in get_month_names(width, context, lang).items():
                    parts = fold(name).split()
                    if parts and len(parts[-1]) >= 3:
                        words.setdefault(parts[-1], n)
    return words


_MONTH_WORDS = _month_words()
# Month names written out ("October", "октомври", "d'octubre"): alone they name a month;
# an abbreviation ("oct", "gen", "set") only with its year next to it.
_WIDE_MONTHS = frozenset(
    parts[-1] for lang in ("en", "bg", "ca", "es") for context in ("format", "stand-alone")
    for name in get_month_names("wide", context, lang).values()
    if (parts := fold(name).split()))
# "2022년 4월", "2022年4月", "4월", "4月" (not "4月5日", a day).
_SYLLABIC_MONTH = re.compile(r"(?:(\d{4})\s*[년年]\s*)?(\d{1,2})\s*[월月](?!\s*\d)")
# A month written in Hangul or Han with what may follow it ("8月份", "4월에", "10月底").
_SYLLABIC_MONTH_WORDS = re.compile(r"(?:\d{4}\s*[년年]\s*)?\d{1,2}\s*(?:月份?|월)")
# Months counted from now, folded: "this month" is 0, "next month" 1.
_RELATIVE_MONTHS: tuple[tuple[str, int], ...] = tuple(
    (fold(p), n) for n, phrases in ((1, (
        "next month", "el mes que viene", "el próximo mes", "el mes que ve", "el proper mes",
        "следващия месец", "следващият месец", "другия месец", "sledvashtiya mesets",
        "다음 달", "다음달", "下个月", "下月")), (0, (
        "this month", "este mes", "aquest mes", "този месец", "tozi mesets", "tozi mesec",
        "이번 달", "이번달", "这个月", "本月", "这月")))
    for p in phrases)
_SYLLABIC_DAY = re.compile(r"(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日号]")


_SHARED_SMALLTALK = ("bg", "es", "ca", "en", "ko", "zh")


def numbers_in(text: str) -> set[float]:
    """The numbers a text gives, years left out ("88 cities by July 2020" gives 88)."""
    return {n for n in _numbers(text) if not (n.is_integer() and 1900 <= n <= 2100)}


def _numbers(text: str) -> set[float]:
    """The numbers a text gives ("17,000" is one, "2,5" is 2.5, "2년 6개월" is 2.5)."""
    text = _KOREAN_YEARS_MONTHS.sub(
        lambda m: f"{int(m[1]) + int(m[2]) / 12:g}", _THOUSANDS.sub("", text))
    return {float(n.replace(",", ".")) for n in _NUMBER.findall(text)}


def _bg_which_before_noun(toks: list[str], i: int) -> bool:
    """Whether the Bulgarian кой/коя/кои at ``i`` comes before a noun it asks which of
    ("в коя програма", "за коя година"), or a number ("кои два компонента"; "кои два
    града" asks who the cities are, as "кои градове" does)."""
    after = toks[i + 1]
    if after in NUMBER_WORDS or after.isdigit():
        return toks[i + 2:i + 3] != ["grada"]
    nouns = (toks[i + 2:i + 4] if after == "e"
             else toks[i + 1:i + 3] if after.endswith(_BG_ADJECTIVE_ENDINGS)
             or after in OTHER_WORDS else toks[i + 1:i + 2])
    return any(t.startswith(BG_WHICH_NOUNS) for t in nouns)


def _stem(word: str) -> str:
    return word[:STEM]


def _alike_tables() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Each word of SAID_ALIKE with the others of its group: folded Latin and Cyrillic
    words, and Korean and Chinese ones in their own script."""
    latin: dict[str, tuple[str, ...]] = {}
    raw: dict[str, tuple[str, ...]] = {}
    for group in SAID_ALIKE:
        words = [w.rstrip("*") for w in group]
        syllabic = tuple(w for w in words if any(map(is_syllabic, w)))
        folded = tuple(fold(w) for w in words if not any(map(is_syllabic, w)))
        for w in syllabic:
            raw[w] = syllabic
        for w in folded:
            latin[w] = folded
    return latin, raw


_ALIKE, _ALIKE_RAW = _alike_tables()


def _missed(u: Unit) -> float:
    """What a word an answer leaves out weighs against it: a word another answer covers
    says less than one nothing covers (a never-answered word keeps its whole weight)."""
    if not u.covers or u.head:
        return u.weight
    return min(u.weight, QUOTED_MISS if u.quoted else MISS_CAP)


def _one_jamo_apart(a: str, b: str) -> bool:
    """Whether two Hangul syllables differ in exactly one of their letters (initial,
    vowel, final)."""
    x, y = ord(a) - 0xAC00, ord(b) - 0xAC00
    return sum(p != q for p, q in ((x // 588, y // 588), (x % 588 // 28, y % 588 // 28),
                                   (x % 28, y % 28))) == 1


def _same_word(asked: str, said: str) -> bool:
    """Whether a text's word is the asked word in another form: they share a stem and
    differ only in an ending ("approved", "approves"), which is stricter than the stem
    ranking uses ("presencial" is not "presentó", though both start "presen")."""
    if _stem(asked) != _stem(said):
        return False
    common = next((i for i, (a, b) in enumerate(zip(asked, said, strict=False))
                   if a != b),
                  min(len(asked), len(said)))
    # (a whole word inside a longer one is that word: "health" in "healthcare"; so is a
    # stem longer than the one ranking uses: "одобрен" in "одобрена", "одобрението")
    return common == min(len(asked), len(said)) or common > STEM or (
        len(asked) - common <= INFLECTION and len(said) - common <= INFLECTION)


def _only_loosely(u: Unit, c: Candidate) -> bool:
    """Whether the answer covers the word only by a shared stem ("presentó" for
    "presencial"), by no form of the word itself or cue."""
    return bool(u.loose & c.cues) and not (u.covers - u.loose) & c.cues


# Bulgarian verbs take prefixes ("подпомогне" is "помогне" with под-): a word read in
# Latin letters that the texts use only without its prefix is read as that word.
_BG_PREFIXES = ("pod", "pre", "pri", "pro", "raz", "iz", "na", "za", "ot", "po", "do", "vaz")


@dataclass(frozen=True)
class Candidate:
    """One possible answer: what it is about, which cues ask for it, what it gives."""

    key: str  # "fact:x", "when:event:x", "partner:city:x", "overview:programme:x", ...
    kind: str  # fact, when, upcoming, time_left, partner, pairs, overview, programmes
    subjects: frozenset[str]
    cues: frozenset[str]
    answers: str
    item: str | None = None
    affirms: bool = False
    counts: bool = False  # its text gives a number of things ("2 components")
    dated: bool = False  # its text gives a date ("the form was open until 15 November")
    unsaid: frozenset[str] = frozenset()  # question words it answers only with "not known"
    earliest: bool = False  # the first of the events the question may mean ("first meeting")
    placed: bool = False  # its text names a city, country or continent: it answers "where"
    # the kinds of event it says are to come ("more webinars were announced"): for a
    # question about the next one of those kinds, it covers "next"
    announces: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Unit:
    """One asked word (or Korean/Chinese run) and the answers that cover it.

    ``covers`` holds cue names: a fact's id covers the words of its cues and of
    its text; a computed answer covers the cue names it lists.
    """

    weight: float
    covers: frozenset[str]
    word: str = ""  # the asked word, for reading a ranking
    # The events whose name the word is part of ("digital strategy"): an answer about
    # one of them explains the word, whatever else it covers.
    events: frozenset[str] = frozenset()
    # A number quoted ("the 100 ICC cities", "why 124?"): it points to the facts that
    # give it, but an answer without it may still answer what was asked of them.
    quoted: bool = False
    never: bool = False  # asks what no fact answers (a hotel, an e-mail address)
    # Facts that cover the word only by a shared stem, not as a form of it ("presencial"
    # and a text's "presentó"): enough to rank them, not to say "yes" of them.
    loose: frozenset[str] = frozenset()
    # Korean/Chinese: the syllable with the one before and the one after ("数字" and
    # "字转" for "字"). Ranking pairs a syllable one way only (both ways measured worse);
    # a yes may still take a text that has the word the other way ("数字化").
    pairs: frozenset[tuple[str, str]] = frozenset()
    # the role a "who" asks for ("who was the speaker"): an answer that leaves it out
    # gives someone else, however much else it covers (a "which" noun is often a word
    # for anything, "which institution funds…", and is not held so strictly)
    head: bool = False


@dataclass
class Question:
    """What the ranker read in a question."""

    text: str
    lang: str
    toks: list[str]
    entities: dict[str, float] = field(default_factory=dict)  # id -> weight
    entity_tokens: set[int] = field(default_factory=set)
    hits: dict[str, set[int]] = field(default_factory=dict)  # cue name -> token positions
    # the same with the function words of cue phrases ("only", "more than one"): they
    # ask nothing alone, but tell equal answers apart
    loose_hits: dict[str, set[int]] = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)  # what the question asks, word by word
    qtypes: set[str] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)
    ordinals: set[str] = field(default_factory=set)  # "first", "second"
    # answers whose cue phrase holds the question's ordinal ("second partner")
    ordinal_cues: set[str] = field(default_factory=set)
    never: set[int] = field(default_factory=set)  # positions asking what no fact answers
    dated: set[str] = field(default_factory=set)  # events named by their day
    yesno: bool = False
    # read as yes/no by its question mark alone ("combined turnover of the companies?")
    intoned: bool = False
    smalltalk: str | None = None
    asks_place: bool = False  # "which city": only a named place answers it
    asks_city: bool = False  # "which Taiwanese cities": only named cities answer it
    # asked by names alone ("ciudades canadienses ICP"): which cities, or how many
    names_only: bool = False
    asks_programme: bool = False  # "по коя програма": an answer naming one answers it
    besides: bool = False  # "which cities besides Sofia": the city named is set aside
    # what a "besides" sets aside ("aparte del webinar de cambio climático", "освен с
    # Корея"): the answer is about something else of its kind
    aside: set[str] = field(default_factory=set)
    # names offered as a choice ("ICC or IURC?"): an answer about one of them leaves
    # none of the others out
    choices: list[frozenset[str]] = field(default_factory=list)
    # names only in the asker's words about themselves ("Soy concejal en Sofía: ¿qué…?"):
    # an answer about them comes first, one without them still answers
    around: set[str] = field(default_factory=set)
    asks_day: bool = False  # "on which day exactly": a month is no answer
    # Months the question names, with their year when it gives one ("between May and
    # December 2022"); a month counted from now ("this month": 0, "next month": 1).
    months: list[tuple[int, int | None]] = field(default_factory=list)
    months_from_now: int | None = None
    # the question word it opens with, when a later one only says of what ("Who was the
    # mayor of Dublin when the pairing started?" asks who, not when)
    lead: str | None = None

    def copy(self) -> Question:
        """A copy whose containers are its own (the units are immutable)."""
        return replace(
            self, toks=list(self.toks), entities=dict(self.entities),
            entity_tokens=set(self.entity_tokens),
            hits={k: set(v) for k, v in self.hits.items()},
            loose_hits={k: set(v) for k, v in self.loose_hits.items()},
            units=list(self.units), qtypes=set(self.qtypes), unknown=list(self.unknown),
            ordinals=set(self.ordinals), ordinal_cues=set(self.ordinal_cues),
            never=set(self.never), dated=set(self.dated), months=list(self.months),
            choices=list(self.choices), around=set(self.around))


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: float
    complete: bool  # covers every entity and most of what is asked
    clash: bool = False  # gives another kind of answer than the question word asks
    full: bool = False  # covers every word asked: only then may a yes/no get "yes"
    # would answer, but names no place where a named one is asked ("which cities…")
    unnamed: bool = False


class Ranker:
    """Builds the candidates of one content store and ranks them for questions."""

    def __init__(self, content: Content, index: AliasIndex | None = None) -> None:
        self.content = content
        self.index = index or build_index(content)
        self._long_function: dict[str, list[str]] = {}  # language -> long function words
        cue_table: dict[str, tuple[str, ...]] = {name: CUES[name] for name in COMPUTED_CUES}
        cue_table.update({f"kind:{k}": v for k, v in KIND_CUES.items()})
        for fact in content.facts.values():
            cue_table[fact.id] = tuple(w for words in fact.cues.values() for w in words)
        self.cues = CueMatcher(cue_table)
        # the words each language's texts use, to tell a question's language by
        own_texts = [*(f.text for f in content.facts.values()),
                     *(t for ev in content.events.values() for t in (ev.name, ev.description)),
                     *(t for p in content.programmes.values() for t in (p.name, p.summary))]
        self.lang_words = content_vocabulary(
            {lang: [t.get(lang, "") for t in own_texts] for lang in ("en", "es", "ca", "bg")})
        # Hangul/Han cues in their own script: romanised syllables collide ("实施" and
        # "市是" are both "shi shi"), so a syllabic hit must match the characters too.
        self.raw_cues: dict[str, frozenset[str]] = _syllabic_phrases(cue_table)
        self.qtypes = CueMatcher(QUESTION_TYPES)
        self.raw_qtypes = _syllabic_phrases(QUESTION_TYPES)
        self.raw_ordinals = _syllabic_phrases({"first": CUES["first"], "second": CUES["second"]})
        self._question_words = sorted({
            w for phrases in QUESTION_TYPES.values() for p in phrases
            if not any(is_syllabic(ch) for ch in p) and len(w := fold(p)) >= 4 and " " not in w})
        self.ordinals = CueMatcher({"first": CUES["first"], "second": CUES["second"]})
        self.never = CueMatcher({"never": NEVER_ANSWERED})
        # each fact's own programme, the first it is about (for ties, made once)
        self._own_programme = {
            fid: own for fid, fact in content.facts.items()
            if (own := next((a for a in fact.about if a.startswith("programme:")), None))}
        self._never_words = tuple({fold(p.rstrip("*")) for p in NEVER_ANSWERED if " " not in p})
        self.money = CueMatcher({"money": AMOUNT_OF_MONEY})
        self.raw_money = _syllabic_phrases({"money": AMOUNT_OF_MONEY})
        self.places = CueMatcher({"place": PLACE_ASKS})
        self.raw_places = _syllabic_phrases({"place": PLACE_ASKS})
        self.days = CueMatcher({"day": DAY_ASKS})
        self.raw_days = _syllabic_phrases({"day": DAY_ASKS})
        self.smalltalk = {
            (kind, lang): frozenset(fold(p) for p in phrases)
            for kind, by_lang in SMALLTALK.items() for lang, phrases in by_lang.items()
        }
        self.gratitude = tuple(sorted({fold(p) for p in GRATITUDE}, key=len, reverse=True))
        self.smalltalk_words = frozenset(w for phrases in self.smalltalk.values()
                                         for p in phrases for w in p.split())
        phrases: list[str] = []
        for table in (cue_table, QUESTION_TYPES):
            for words in table.values():
                phrases.extend(words)
        # (the ordinals are words a question uses too: "두번째" typed without its space)
        phrases.extend(w for w in (*CUES["first"], *CUES["second"]) if " " in w)
        for by_lang in SMALLTALK.values():
            for words in by_lang.values():
                phrases.extend(words)
        phrases.extend(self.index.exact)
        names: list[str] = []
        # The words of each item's names: a word of a name the question gives, misspelt
        # ("Guencho" beside "Kerezov"), asks nothing of its own.
        self.name_words: dict[str, frozenset[str]] = {}
        for table in (content.programmes, content.cities, content.organisations,
                      content.people):
            for item in table.values():
                own = (*item.name.values(), *item.aliases)
                names.extend(own)
                self.name_words[item.id] = frozenset(
                    w for n in own for w in fold(n).split() if len(w) >= 3)
        for ev in content.events.values():
            names.extend(w for words in ev.keywords.values() for w in words)
        for country in content.countries.values():
            names.extend((*country.name.values(), *country.aliases))
        phrases.extend(names)
        phrases.extend(NUMBER_WORDS)  # "en seran quatre?": a number is no unknown word
        # Names in Hangul/Han, longest first, taken out of a question before its unknown
        # runs are looked for (a name is explained by definition).
        syllabic_names = {n.replace(" ", "").casefold() for n in names
                          if any(is_syllabic(ch) for ch in n)}
        self.syllabic_names = sorted((n for n in syllabic_names if len(n) >= 2),
                                     key=len, reverse=True)
        # (one text to look a run up in: "인베스트" is part of a name)
        self._syllabic_names_text = "\n".join(self.syllabic_names)
        # Single-word cues are words that ask ("often" for how often people meet), if they
        # are specific: a cue of many answers ("does") stays a function word, and so do
        # the words of cue phrases ("what is", "is there").
        single: dict[str, int] = {}
        for words in cue_table.values():
            for w in {fold(p.rstrip("*")) for p in words}:
                if " " not in w and len(w) >= 5:
                    single[w] = single.get(w, 0) + 1
        content_words = {w for w, n in single.items() if n <= 5}
        # stopwords-iso's lists are broad ("presented", "help", "number" are in the
        # English one): a word this content asks about is never a function word here.
        self.content_words = frozenset(content_words)
        self._function: dict[str | None, frozenset[str]] = {}
        self.vocabulary = Vocabulary(phrases)
        # Chinese is typed by sound: "姿助" for "资助" (both "zi zhu"). Known Han words by
        # their syllables let such a slip be read as the word meant.
        never = {p.replace(" ", "") for p in NEVER_ANSWERED}
        self._never_raw = frozenset(never)
        # (the question words and ordinals are words too: "第一次网络研讨汇")
        asking = [*(p for phrases in QUESTION_TYPES.values() for p in phrases),
                  *CUES["first"], *CUES["second"]]
        self._han_known = self.vocabulary.syllabic | {
            w for p in asking if (w := p.replace(" ", "")) and all(map(is_han, w))} | {
            f"{o}{c}" for o in ("第一", "第二") for c in "次场个届"}  # with their counter
        self.han_by_sound: dict[str, list[str]] = {}
        # Korean is typed letter by letter: "웨비냐" for "웨비나", "컨퍼랜스" for
        # "컨퍼런스", one letter (jamo) off. Known Hangul words by each syllable left out
        # find the word meant.
        self.hangul_by_gap: dict[tuple[str, int], list[str]] = {}
        for word in sorted(self.vocabulary.syllabic):
            if 2 <= len(word) <= 5 and all(is_han(ch) for ch in word):
                self.han_by_sound.setdefault(fold(word), []).append(word)
            elif 2 <= len(word) <= 6 and all(is_hangul(ch) for ch in word):
                for k in range(len(word)):
                    self.hangul_by_gap.setdefault(
                        (word[:k] + "_" + word[k + 1:], k), []).append(word)
        words: dict[str, set[str]] = {}
        for fact in content.facts.values():
            for lang, text in fact.text.items():
                if lang in ("ko", "zh"):
                    continue
                for w in fold(_ANNOUNCED.sub(" ", text)).split():
                    if len(w) >= 2 and not w.isdigit() and w not in self.function_words():
                        words.setdefault(w, set()).add(fact.id)
        stems: dict[str, set[str]] = {}
        forms: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for w, ids in words.items():
            stems.setdefault(_stem(w), set()).update(ids)
            forms.setdefault(_stem(w), []).append((w, frozenset(ids)))
        self.text_words = {k: frozenset(v) for k, v in stems.items()}
        self._text_forms = forms
        self._loose: dict[str, frozenset[str]] = {}
        self.folded_texts: dict[str, list[tuple[str, str]]] = {}
        for fact in content.facts.values():
            for lang, text in fact.text.items():
                self.folded_texts.setdefault(lang, []).append((fact.id, f" {fold(text)} "))
        # The numbers the facts give ("124 cities", "17,000 employees"): a question that
        # quotes one asks about the fact that gives it. Days and years are left out.
        numbers: dict[str, set[str]] = {}
        for fact in content.facts.values():
            for tok in tokens(fact.text["en"]):
                if tok.isdigit() and tok not in ("000",) and not _YEAR.fullmatch(tok):
                    numbers.setdefault(tok, set()).add(fact.id)
        self.text_numbers = {k: frozenset(v) for k, v in numbers.items()}
        # The years the facts speak of: "a webinar on energy in 2027?" is not answered
        # yes by a fact of 2021.
        years: dict[str, set[str]] = {}
        for fact in content.facts.values():
            for year in _YEAR.findall(fact.text["en"]):
                years.setdefault(year, set()).add(fact.id)
        self.text_years = {k: frozenset(v) for k, v in years.items()}
        self.syllabic_texts = [(f.id, f.text["ko"] + " " + f.text["zh"])
                               for f in content.facts.values()]
        pairs: dict[tuple[str, str], set[str]] = {}
        for fact in content.facts.values():
            for lang in ("ko", "zh"):
                # by the characters themselves: syllables are shared by many words
                marks = token_syllables(fact.text[lang])
                for i in range(len(marks) - 1):
                    if marks[i] and marks[i + 1]:
                        pairs.setdefault((marks[i], marks[i + 1]), set()).add(fact.id)
        self.text_pairs = {k: frozenset(v) for k, v in pairs.items()}
        by_day: dict[tuple[int, int], list[str]] = {}
        for ev in content.events.values():
            if ev.precision != "month" and not ev.recurrence:
                by_day.setdefault((ev.start.month, ev.start.day), []).append(ev.id)
        self.events_by_day = {k: tuple(v) for k, v in by_day.items()}
        # Names of places in the English texts: a fact that names one answers "where"
        # ("CityNet, based in Seoul"), whatever kind of answer it is stored as.
        place_names = [c.name["en"] for c in content.cities.values()] + [
            c.name["en"] for c in content.countries.values()] + list(CONTINENTS)
        places = re.compile(r"\b(?:" + "|".join(
            re.escape(n) for n in sorted(place_names, key=len, reverse=True)) + r")\b")
        # (a list's places may belong to its other items: the timeline's "European city"
        # is not the conference's; a list of places is about them)
        self.placed = frozenset(
            fact.id for fact in content.facts.values() if places.search(fact.text["en"]) and (
                fact.answers != "list" or any(a.startswith(("city:", "country:"))
                                              for a in fact.about)))
        # Deadline ids by programme (None: all of them), worked out once, not per question.
        deadlines: dict[str | None, set[str]] = {None: set()}
        for ev in content.events.values():
            if ev.kind == "deadline":
                deadlines[None].add(ev.id)
                deadlines.setdefault(ev.programme, set()).add(ev.id)
        self.deadlines = {k: frozenset(v) for k, v in deadlines.items()}
        # (made on first use: at 10,000 facts most are never a candidate)
        self._fact_candidates: dict[str, Candidate] = {}
        self._reads: dict[tuple[str, str | None], Question] = {}
        self._programme_orgs = {p.id: frozenset((*p.funder_refs, *p.manager_refs))
                                for p in content.programmes.values()}
        self.facts_by_subject: dict[str, list[str]] = {}
        for fact in content.facts.values():
            for s in self._fact_subjects(fact.about):
                self.facts_by_subject.setdefault(s, []).append(fact.id)

    # -- reading the question ---------------------------------------------------

    def function_words(self, lang: str | None = None) -> frozenset[str]:
        """The language's function words less the words this content asks about (chat
        words such as "programme" or "cities" stay function words)."""
        found = self._function.get(lang)
        if found is None:
            found = (function_words(lang) - self.content_words) | chat_words()
            self._function[lang] = found
        return found

    def loosely(self, word: str) -> frozenset[str]:
        """The facts whose text shares only the word's stem, in no form of the word."""
        found = self._loose.get(word)
        if found is None:
            forms = self._text_forms.get(_stem(word), ())
            strict = frozenset().union(*(ids for w, ids in forms if _same_word(word, w)))
            found = self.text_words.get(_stem(word), frozenset()) - strict
            if len(self._loose) >= LOOSE_CACHE:
                self._loose.clear()  # (words users type are unbounded; the cache is not)
            self._loose[word] = found
        return found

    def read(self, text: str, prior: str | None) -> Question:
        text = simplified(text[:MAX_QUESTION_CHARS])
        asked = self._without_reason(text, prior)
        if asked is not None:
            return self.read(*asked)
        context = self._read_without_context(text, prior)
        if context is not None:
            return context
        return self._read_one(text, prior)

    def _without_reason(self, text: str, prior: str | None) -> tuple[str, str] | None:
        """The question of a message that says after it why it is asked ("Who pays for
        IURC? I'm writing a report for the council"), and the whole message's language:
        the reason's names ask nothing ("a briefing in Seoul")."""
        ask = max(text.rfind("?"), text.rfind("？"))
        tail = text[ask + 1:].strip() if ask > 0 else ""
        if not (2 <= len(tail.split()) <= 12 or (
                tail and is_syllabic(tail[0]) and 4 <= len(tail) <= 40)):
            return None  # (a long tail is more than a reason: the message is read whole)
        if fold(tail).rstrip(" .!").endswith(_HEDGES):
            return None  # "¿se da prioridad a algo? educación o así": an example, asked
        lang = detect_language(text, prior, self.lang_words)
        after = self._read_one(tail, lang)
        if after.qtypes or after.yesno or after.smalltalk:
            return None
        return text[:ask + 1], lang

    def _read_plain(self, text: str, prior: str | None) -> Question:
        """One sentence, word by word."""
        lang = detect_language(text, prior, self.lang_words)
        if lang == "zh":
            text = self._repair_han(text)
        elif lang == "ko":
            text = self._repair_hangul(text)
        # ("holaaa", "okkk": a letter typed over and over is the letter)
        toks = [_REPEATED.sub(r"\1", t) if len(t) > 3 else t for t in tokens(text)]
        if lang == "bg" and text.isascii():
            toks = [self._bulgarian_latin(t) for t in toks]
        if lang == "bg":
            toks = [self._without_article(t) for t in toks]
        # "xq sofia te dues sòcies?": "xq" opening a question is "per què", not "perquè"
        why_typed = lang in ("ca", "es") and bool(toks) and toks[0] in _WHY_TYPED
        if lang in ("ca", "es"):
            chat = _CHAT_ABBREVIATIONS[lang]
            toks = [chat.get(t) or self._romance_slip(t) for t in toks]
        q = Question(text=text, lang=lang, toks=toks)
        event_tokens: set[int] = set()
        event_at: dict[int, set[str]] = {}
        written = token_chars(text)  # each token's character, and the one before it
        chars = [ch for ch, _ in written]
        if len(chars) != len(toks):
            chars = [""] * len(toks)
        syllabic = [bool(ch) for ch in chars]
        mentions = find_mentions(self.index, toks, syllabic, chars,
                                 word_starts(written) if lang == "ko" else None)
        if not (COMPARING_WORDS.intersection(toks) or any(r in text for r in COMPARING_RUNS)):
            q.choices = self._choices(mentions, toks, chars)
        for m in mentions:
            for entity_id in m.ids:
                kind = entity_id.split(":", 1)[0]
                q.entities[entity_id] = max(q.entities.get(entity_id, 0.0),
                                            ENTITY_WEIGHT.get(kind, 1.0) / len(m.ids))
            span = range(m.start, m.end)
            if all(e.startswith("event:") for e in m.ids):
                event_tokens.update(span)  # still words that may ask something
                for i in span:
                    event_at.setdefault(i, set()).update(m.ids)
            else:
                q.entity_tokens.update(span)
        named_programmes = {e for e in q.entities if e.startswith("programme:")}
        for entity_id in [e for e in q.entities if e in self.content.events]:
            if named_programmes and self.content.events[entity_id].programme not in (
                    named_programmes):
                # "la reunión de arranque del ICC": the words of another programme's
                # event ("reunión de arranque" is IURC's kick-off) ask for the one of the
                # programme named, which the words and kind still find
                del q.entities[entity_id]
                for ids in event_at.values():
                    ids.discard(entity_id)
        # "qien financia…", "wher is…": a question word with a slip is that word (and
        # the short ones typed so in chats: "wen", "wat").
        for i, tok in enumerate(toks):
            if i == 0 and tok in SHORT_SLIPS:
                toks[i] = SHORT_SLIPS[tok]
            elif (len(tok) >= 4 and i not in q.entity_tokens and not syllabic[i]
                    and tok not in self.vocabulary.latin):
                near = process.extractOne(tok, self._question_words, scorer=OSA.distance,
                                          score_cutoff=1)
                if near is not None:
                    toks[i] = near[0]
                elif meant := self._function_word_slipped(tok, lang):
                    toks[i] = meant  # "the IURC programe" asks nothing of a programme
                elif len(tok) >= LONG_SLIP and not self.vocabulary.knows(tok, typos=False) and (
                        known := self.vocabulary.nearest(tok)) and (
                        known not in self.function_words(lang)):
                    # a long word with a slip is the word meant ("zakluchitelnata"):
                    # its cues then find it, as they would have
                    toks[i] = known
        explained = set(q.entity_tokens)
        # "the 5 October webinar": a day and month name the event held that day.
        for (start, end), ids in self._dated_mentions(text, toks):
            for event_id in ids:
                q.entities[event_id] = max(q.entities.get(event_id, 0.0),
                                           ENTITY_WEIGHT["event"] / len(ids))
                q.dated.add(event_id)
            explained.update(range(start, end))
        self._read_months(text, toks, q, explained, syllabic)
        found = {name: kept for name, spans in self.qtypes.find(toks).items()
                 if (kept := [(s, e) for s, e in spans
                              if self._written_as(chars, s, e, self.raw_qtypes[name])
                              and lang in _QTYPE_WORD_LANGS.get(" ".join(toks[s:e]), (lang,))])}
        if why_typed:
            found.setdefault("why", []).append((0, 1))
        if lang == "ko" and found.get("how_many") and re.search(r"몇\s*(?:가지|개)만", text):
            del found["how_many"]  # "주제 몇 가지만 알려줘": a few of them, not how many
        for qtype, spans in found.items():
            # "колко" inside "колко продължава" asks how long, not how many
            if all(any(s2 <= s and e <= e2 and (s2, e2) != (s, e)
                       for other, spans2 in found.items() if other != qtype
                       for s2, e2 in spans2) for s, e in spans):
                continue
            q.qtypes.add(qtype)
            if qtype == "topic":
                continue  # "quins temes": the topic words still say which topics
            for s, e in spans:
                # (a counter that names what is counted still asks for it: "几对", pairs)
                if chars[e - 1] in COUNTED_COUNTERS:
                    e -= 1
                explained.update(range(s, e))
        if lang == "bg" and "why" in q.qtypes and any(
                toks[s:e] == ["za", "kakvo"] and e < len(toks)
                and toks[e] not in self.function_words(lang) for s, e in found["why"]):
            # "за какво ресор отговаря": for which portfolio, not why
            q.qtypes.discard("why")
            q.qtypes.add("what_noun")
        for which in ("which", "who") if "when" in q.qtypes else ():
            # "quina és la data…", "коя е датата" (кой is "which" before a noun): which
            # date is when
            if which in q.qtypes and (which == "which" or lang == "bg") and any(
                    0 <= ws - e <= 2 and all(t in self.function_words(lang) for t in toks[e:ws])
                    for _, e in found[which] for ws, _ in found["when"]):
                q.qtypes.discard(which)
        if "who" in q.qtypes and found.get("who") and min(s for s, _ in found["who"]) == 0:
            q.lead = "who"  # "Who was the mayor of Dublin when the pairing started?"
        elif "when" in q.qtypes and found.get("how_many") and min(
                s for s, _ in found["how_many"]) == 0 and min(
                s for s, _ in found["when"]) > 0:
            q.lead = "how_many"  # "How many cities were approved when Sofia got in?"
        which_end = min((e for s, e in found.get("which", ())), default=None) \
            if "which" in q.qtypes else None
        if len(toks) > 3 and toks[0] == "what" and toks[-1] == "about":
            q.qtypes.add("topic")  # "what was the first webinar about": its topic
        if "how_long" in q.qtypes and _UNTIL.search(f" {' '.join(toks)} {text} "):
            # "how long until the closing conference?": when it is, and the time left
            q.qtypes.discard("how_long")
            q.qtypes.add("when")
        if "how_long" in q.qtypes and _ONCE_EVERY.search(text):
            # "多久见一次面": how long until it happens once again is how often
            q.qtypes.discard("how_long")
            q.qtypes.add("how_often")
        if "how_long" in q.qtypes:
            # "¿Cuánto dura en total?", "몇 년 기간": the count is of the time it lasts.
            q.qtypes.discard("how_many")
        if not q.qtypes:
            # "what topics", "qué países", "какви теми": a "what" before a noun asks which.
            for i, tok in enumerate(toks[:-1]):
                if tok in WHAT_WORDS and (toks[i + 1] not in self.function_words(lang) or toks[
                        i + 1] in NUMBER_WORDS or toks[i + 1] in OTHER_WORDS) and not (
                        syllabic[i + 1]) and not toks[i + 1].isdigit() and (
                        i + 1 not in q.entity_tokens):
                    q.qtypes.add("what_noun")
                    explained.add(i)
                    which_end = i + 1
                    after = i + 2 + (toks[i + 2:i + 3] in (["de"], ["d"], ["of"], ["na"]))
                    if toks[i + 1] in _KIND_OF and not (
                            after < len(toks) and self._city_word(toks, chars, after)):
                        # "quin tipus de suport", "what kind of support": the noun after
                        # "kind of" is what is asked ("what kind of cities" asks the kind)
                        explained.update(range(i + 1, after))
                        which_end = after
                    break
        ordinal_at: set[int] = set()
        ordinals_said: list[str] = []
        for ordinal, spans in self.ordinals.find(toks).items():
            spans = [(s, e) for s, e in spans
                     if self._written_as(chars, s, e, self.raw_ordinals[ordinal])]
            if spans:
                q.ordinals.add(ordinal)
            for s, e in spans:
                explained.update(range(s, e))
                ordinal_at.update(range(s, e))
                if ordinal != "first":
                    ordinals_said.append(f" {' '.join(toks[s:e])} ")
        function = self.function_words(lang)
        syllabic_function = syllabic_function_words()
        steering = ("kind:", "next", "time_left", "already")
        # Syllables of a function word of several ("一共", "什么时候"): each alone may
        # be content ("一", "时"), but there they ask nothing.
        run_of: dict[int, int] = {}  # position -> length of the function run it is in
        inside_run: set[int] = set()  # positions of a run but its first
        i = 0
        while i < len(toks):
            size = next((n for n in (6, 5, 4, 3, 2) if i + n <= len(toks) and all(
                chars[i:i + n]) and "".join(chars[i:i + n]) in syllabic_function), 0)
            run_of.update((j, size) for j in range(i, i + size))
            inside_run.update(range(i + 1, i + size))
            i += size or 1
        covers: dict[int, set[str]] = {}
        cue_spans: list[tuple[int, int]] = []
        for name, spans in self._cue_spans(toks, syllabic).items():
            for start, end in spans:
                raw = "".join(chars[start:end])
                if raw and len(raw) == end - start and raw not in self.raw_cues.get(name, ()):
                    continue  # same syllables, other characters
                if raw and any((m.start < start < m.end or m.start < end < m.end)
                               and not m.ids[0].startswith("event:") for m in mentions):
                    continue  # the end of a name and what follows it ("하스코보도": 보도)
                if raw and lang == "zh" and start in inside_run and start + 1 not in inside_run \
                        and any(ch in syllabic_function for ch in raw):
                    continue  # the end of a word and a particle after it ("项目的": 目的)
                cue_spans.append((start, end))
                positions = set(range(start, end)) - q.entity_tokens - explained
                q.loose_hits.setdefault(name, set()).update(positions)
                if end - start > 1 and ordinal_at & set(range(start, end)) and positions:
                    q.ordinal_cues.add(name)  # "second partner": which one is asked
                # Function words ("help", "de", "是") ask nothing by themselves, inside a
                # cue phrase or alone, except the few that steer computed answers ("next").
                if not name.startswith(steering):
                    if raw and raw in syllabic_function:
                        continue
                    # (a Chinese "在" or "个" inside a cue phrase asks nothing either)
                    # A number word in a longer cue says how many ("два партньорски
                    # града", "dues ciutats"): it asks, though alone it asks nothing.
                    meaningful = {i for i in positions
                                  if (chars[i] not in syllabic_function
                                      and i not in run_of if chars[i]
                                      else toks[i] not in function or (
                                          end - start > 1 and toks[i] in NUMBER_WORDS))}
                    # ...but a phrase made only of them ("take part", "해야") is a cue of
                    # its own: a Korean or Chinese word whose syllables are function words
                    # alone, or long Latin words.
                    # (not inside a longer one: "처음" in "처음 들어봐요", never heard of it)
                    whole = raw and len(raw) == end - start and end - start > 1 and not all(
                        run_of.get(i, 0) > end - start for i in range(start, end))
                    # ("quin programa" asks which programme, whatever the answer: no cue)
                    which_programme = end - start == 2 and toks[start] in WHAT_WORDS \
                        and toks[start + 1] in _PROGRAMME_WORDS
                    positions = meaningful or (positions if end - start > 1 and not (
                        which_programme) and (whole or all(
                            len(toks[i]) >= 4 for i in range(start, end))) else set())
                if positions:
                    q.hits.setdefault(name, set()).update(positions)
                    for i in positions:
                        covers.setdefault(i, set()).add(name)
        if not q.ordinal_cues:
            # A fact whose own text says "second" ("두 번째는 유럽 도시") is about the
            # second one, when no cue phrase holds the ordinal. ("First" is in many
            # texts that merely count from it: the first of the events is found as the
            # earliest instead.)
            q.ordinal_cues.update(fid for said in ordinals_said
                                  for fid, texts in self.folded_texts.get(lang, ())
                                  if said in texts)
        # Adjacent words covered by the same answers are one thing asked ("help desk",
        # "직원" as two syllables), not two.
        previous: tuple[int, frozenset[str]] | None = None
        # A fact also covers every word its own text uses, whatever other cue it hits.
        syllabic_mask = syllabic
        loose: dict[int, frozenset[str]] = {}
        for i in list(covers):
            if syllabic_mask[i]:
                j = i + 1 if i + 1 < len(toks) and syllabic_mask[i + 1] else i - 1
                if 0 <= j < len(toks) and syllabic_mask[j] and not (
                        {chars[i], chars[j]} & syllabic_function):
                    pair = (chars[min(i, j)], chars[max(i, j)])
                    covers[i] |= self.text_pairs.get(pair, frozenset())
            else:
                loose[i] = self.loosely(toks[i]) - covers[i]
                covers[i] |= self.text_words.get(_stem(toks[i]), frozenset())
        # A word asking what no fact ever answers (a hotel, an e-mail address) weighs as
        # much as the rest of the question, unless a fact lists it among its own cues.
        for start, end in self.never.find(toks).get("never", []):
            if any(s <= start and end <= e and e - s > end - start for s, e in cue_spans):
                continue  # part of a longer phrase that asks for an answer ("seminari web")
            if any(t in _DEPUTY for t in toks[max(start - 2, 0):start]) or (
                    start > 0 and chars[start - 1] in ("副", "부")):
                continue  # a deputy mayor is named: "the deputy mayor who announced…"
            if end - start == 1 and toks[start] in function and not any(
                    toks[start].startswith(w) for w in self._never_words):
                continue  # a word of its own, one letter from one ("curta", short; "cuarta")
            positions = set(range(start, end)) - q.entity_tokens
            raw = "".join(chars[start:end])
            if positions and not (raw and len(raw) == end - start
                                  and raw not in self._never_raw):
                for i in positions:
                    # (only a fact that lists the word among its cues answers it, not
                    # one whose text has it: "the mayor" is not the deputy mayor)
                    covers[i] = {n for n in covers.get(i, ()) if i in q.hits.get(n, ())}
                    q.never.add(i)
        if "how_many" in q.qtypes:
            # how much money: no fact gives an amount, whatever fact names the funder
            for start, end in self.money.find(toks).get("money", []):
                if self._written_as(chars, start, end, self.raw_money["money"]):
                    for i in set(range(start, end)) - q.entity_tokens:
                        covers[i] = set()
                        q.never.add(i)
        # The noun a "which" or "what" asks for ("from which countries…", "what topics")
        # says what the answer must be; the words after it only describe it.
        # (the first word after it that is not a name: an adjective, a number or
        # "other" there is no noun, and then none is weighed up)
        head = next((i for i in range(which_end, min(which_end + 3, len(toks)))
                     if i not in q.entity_tokens and i in covers), None) \
            if which_end is not None else None
        head_from = which_end
        who_head = False  # the role a "who" asks for: held in full (see ``Unit.head``)
        # (not Bulgarian: "кой" before a noun is "which", "Коя институция финансира…")
        if head is None and q.lead == "who" and not syllabic[0] and lang != "bg":
            # "Who was the speaker at…", "¿Quién fue el ponente…?": the role asked for is
            # what the answer must give; the organiser of the same event is no speaker
            head_from = min(e for s, e in found["who"])
            head = next((i for i in range(head_from, min(head_from + 3, len(toks)))
                         if i not in q.entity_tokens and toks[i] not in function), None)
            if head is not None and head not in covers:
                head = None
            who_head = head is not None
        if head is not None and (toks[head] in NUMBER_WORDS or toks[head] in OTHER_WORDS
                                 or toks[head].startswith(_CITY_ADJECTIVES)
                                 or any(head > j >= head_from and j not in q.entity_tokens
                                        and toks[j] not in function for j in range(head))):
            head = None
        for i, names in sorted(covers.items()):
            key = frozenset(names)
            if previous is not None and previous == (i - 1, key):
                previous = (i, key)
                continue
            previous = (i, key)
            weight = NEVER_WEIGHT if i in q.never and not key else 0.5 + 1.5 / max(len(names), 1)
            if key and all(n.startswith(steering) for n in key) and (
                    key == {"already"}
                    or (chars[i] in syllabic_function if chars[i] else toks[i] in function)):
                # "still", "aún", "还": they steer to the time left, but ask little alone;
                # "take place", "already" only ask whether an event is behind us
                weight = STEERING_WEIGHT
            elif toks[i] in NUMBER_WORDS and not chars[i]:
                # "dos" in "qué dos ciudades búlgaras": it tells answers apart, but an
                # answer that does not repeat the number is not ruled out by it
                weight = min(weight, STEERING_WEIGHT)
            if i == head and key and i not in q.never:
                weight *= HEAD_WEIGHT
            pairs = frozenset((chars[j], chars[j + 1]) for j in (i - 1, i)
                              if j >= 0 and j + 1 < len(toks) and chars[j] and chars[j + 1]) \
                if chars[i] else frozenset()
            q.units.append(Unit(weight, key, chars[i] or toks[i], frozenset(event_at.get(i, ())),
                                never=i in q.never and not key,
                                loose=loose.get(i, frozenset()), pairs=pairs,
                                head=who_head and i == head and bool(key)
                                and i not in q.never))
        explained.update(covers)
        explained |= event_tokens
        for i, tok in enumerate(toks):
            if i not in explained and _YEAR.fullmatch(tok):
                # (a year no fact speaks of is asked of nothing known: "ICC in 2027?")
                facts = self.text_years.get(tok, frozenset())
                q.units.append(Unit(0.4 + 0.8 / len(facts), facts, tok, quoted=True) if facts
                               else Unit(NEVER_WEIGHT, facts, tok, never=True))
                continue
            if tok.isdigit() and i not in explained and len(tok) >= 2 and (
                    facts := self.text_numbers.get(tok.lstrip("0") or tok)):
                # (a number that describes an event, "the meeting of the 100 cities", is
                # said of it by another fact: an answer about the event leaves it out)
                q.units.append(Unit(0.4 + 0.8 / len(facts), facts, tok, frozenset().union(
                    *(self._fact_events(f) for f in facts)), quoted=True))
                continue
            # (a number word is read as its digits are: "en seran quatre?" is checked
            # against the fact's numbers, not asked of its words)
            if i in explained or tok in function or tok.isdigit() or len(tok) < 2 or (
                    tok in NUMBER_WORDS) or (
                    i < len(syllabic) and syllabic[i]):
                continue
            # A word no cue lists may still be one the answer itself uses.
            facts = self.text_words.get(_stem(tok), frozenset())
            if not facts and lang == "bg":
                facts = next((found for p in _BG_PREFIXES if tok.startswith(p) and len(
                    tok) - len(p) >= 5 and (found := self.text_words.get(_stem(tok[len(p):])))),
                    frozenset())
            if facts:
                q.units.append(Unit(0.4 + 0.8 / len(facts), facts, tok,
                                    loose=self.loosely(tok) & facts))
            elif len(tok) >= 3 and not self.vocabulary.knows(tok) and tok not in _MONTH_WORDS:
                # (nor is a month's abbreviation: "28 sept - 2 oct")
                # (a slip of a function word asks nothing: "before htey joined")
                if tok not in q.unknown and not self._slip_of_function_word(tok, lang):
                    q.unknown.append(tok)  # "blah blah blah" is one unknown thing
            elif len(tok) >= 3 and (near := self.vocabulary.nearest(tok)) not in function and not (
                    self._names_word(q, near)):
                # (a slip in a name the question gives is no word asked: "Guencho Kerezov")
                # A known word no answer covers: it asks something none of them says.
                q.units.append(Unit(KNOWN_MISS, frozenset(), tok))
        if any(is_syllabic(ch) for ch in text):
            for run in self.vocabulary.unknown_syllabic(self._without_names(text)):
                facts = frozenset(f for f, texts in self.syllabic_texts if run in texts)
                if facts:
                    q.units.append(Unit(0.4 + 0.8 / len(facts), facts, run))
                else:
                    q.unknown.append(run)
        # A word asking what no fact answers (a hotel) weighs as much as the rest of the
        # question: however many of the other words an answer covers, it leaves half out.
        rest = sum(u.weight for u in q.units if u.covers)
        q.units = [replace(u, weight=max(u.weight, rest)) if u.never else u for u in q.units]
        if text.strip().rstrip("?？!！.。 ").endswith(KOREAN_NOUN_ASKS):
            q.qtypes.add("which")  # "…ICC에 뽑힌 도시?": a noun with a question mark asks which
        # ("Is Vratsa in ICC or in IURC?" asks which, not whether: no yes answers it)
        q.yesno = self._is_yesno(text, toks, q) and not q.choices
        place_asks = [(s, e) for s, e in self.places.find(toks).get("place", [])
                      if self._written_as(chars, s, e, self.raw_places["place"])]
        q.asks_place = bool(place_asks)
        q.asks_day = any(
            self._written_as(chars, s, e, self.raw_days["day"])
            for s, e in self.days.find(toks).get("day", []))
        # "Quines ciutats de Taiwan…?", "koi sa kanadskite gradove": which cities, by name.
        # The first words after "which" that are not names, numbers or function words
        # say what is asked for (not "which countries can European cities…").
        asked = [i for i, tok in enumerate(toks) if i >= which_end and (
            self._city_word(toks, chars, i) or not (
                i in q.entity_tokens or tok.isdigit() or tok in function or tok in NUMBER_WORDS
                or (chars[i] and chars[i] in syllabic_function)))][:2] \
            if which_end is not None else []
        q.asks_programme = False  # set once the question words are read (below)
        # "대만 도시는 어디예요?", "in which city": a place asked as a city asks its name
        q.asks_city = self._asks_for_cities(toks, chars, asked) or any(
            self._city_word(toks, chars, i) for s, e in place_asks for i in range(s, e))
        if (q.asks_city or q.asks_place) and lang == "zh" and "城市" in text and any(
                w in text[text.find("城市"):] for w in _ZH_TOPIC_NOUNS):
            # "哪些城市治理主题": topics of urban governance, not cities
            q.asks_city = q.asks_place = False
        if not q.asks_city and "where" in q.qtypes and not (
                {"from", "otkade", "otkude"} & set(toks)
                or any(w in text for w in ("来自", "출신", "d'on"))) and any(
                self._city_word(toks, chars, i) for i in range(len(toks))
                if i not in q.entity_tokens):
            # "ICP에 선정된 한국 도시 두 곳은 어디예요?": where the cities are is which
            # (where they come from is another question: regions)
            q.asks_city = True
        if not q.asks_city and which_end is not None and which_end >= len(toks) - 1 and (
                syllabic[-1]):
            # "ICC的8个导师城市是哪些": in Chinese and Korean "which" may come last, after
            # the cities it asks for
            which_start = min(s for s, e in found.get("which", ()))
            q.asks_city = any(self._city_word(toks, chars, i) for i in range(which_start))
        if q.yesno and q.intoned and toks and any(
                self._city_word(toks, chars, i) for i in range(min(2, len(toks)))
                if i == 0 or i - 1 in q.entity_tokens) and any(
                e.startswith("country:") for e in q.entities):
            # "Ciutats búlgares a l'ICC?", "Bulgarian cities in ICC?": a country's cities
            # with a question mark ask which, not whether
            q.yesno = q.intoned = False
            q.qtypes.add("which")
            q.asks_city = True
        if not q.asks_city and "how_many" not in q.qtypes and (set(toks) & NAME_LIST_WORDS or any(
                w in text for w in NAME_LIST_RUNS)) and any(
                self._city_word(toks, chars, i) for i in range(len(toks))
                if i not in q.entity_tokens):
            # "유럽 14개 도시 명단 좀 알려주세요", "the list of the 14 cities": their names
            q.asks_city = True
        if not q.asks_city and not q.qtypes and (q.intoned or not q.yesno) and not any(
                u.covers for u in q.units) and any(
                self._city_word(toks, chars, i) for i in range(len(toks))
                if i not in q.entity_tokens):
            q.asks_city = True  # "ciutats coreanes IURC": names alone ask for the cities
            q.names_only = True
        if lang == "bg" and "who" in q.qtypes and any(
                tok in BG_WHICH_WORDS and _bg_which_before_noun(toks, i)
                for i, tok in enumerate(toks[:-1])):
            # "в коя програма", "za koq godina", "кои два компонента": кой before such a
            # noun, or a number, asks which one
            q.qtypes.discard("who")
            q.qtypes.add("which")
            if not any(toks[i + 1].startswith(BG_WHICH_DATE_NOUNS) for i, tok in enumerate(
                    toks[:-1]) if tok in BG_WHICH_WORDS):
                # (what the noun names may be any answer's: "коя е предишната
                # инициатива" and the 26 cities that were in DCC, which names it)
                q.qtypes.add("what_noun")
            if q.lead == "who":
                q.lead = None
        if q.asks_city:
            q.qtypes.discard("who")  # "кои градове": which cities, not who
        # (the programme word leads: "По коя програма…", "In which programme…")
        q.asks_programme = "which" in q.qtypes and not _PROGRAMME_WORDS.isdisjoint(toks[:4])
        if q.qtypes == {"who"} and not q.units and len(q.entities) == 1 and all(
                e.startswith(("person:", "org:")) for e in q.entities):
            # "¿Quién es Guencho Kerezov?", "Who is CityNet?": who someone is, their card
            q.qtypes = {"what_is"}
        folded_text = text.casefold()
        q.besides = bool(set(toks) & BESIDES_WORDS) or any(w in folded_text for w in BESIDES_RUNS)
        if q.besides:
            q.aside = self._set_aside(toks, mentions)
        q.smalltalk = self._smalltalk(toks, q)
        if q.smalltalk and all(t in self.smalltalk_words for t in toks) and not any(
                "\u3130" <= ch <= "\u318f" or is_syllabic(ch) for ch in text):
            # (Hangul or Han letters settle it: "ㅇㅋ" is Korean, though it reads "ok")
            # (with words of its own, the message's language is theirs: "ok merci, ja ho
            # tinc tot" is Catalan, though "merci" is Bulgarian small talk too)
            q.lang = self._smalltalk_lang(toks, prior) or q.lang
        return q

    def _cue_spans(self, toks: list[str], syllabic: list[bool]) -> dict[str, list[
            tuple[int, int]]]:
        """Where each cue phrase is in the question; "other" inside a phrase is read
        through ("which other country" holds "which country", "какви други уебинари"
        holds "какви уебинари"): it says only that one answer is already known."""
        found = self.cues.find(toks)
        kept = [i for i, tok in enumerate(toks) if syllabic[i] or tok not in OTHER_WORDS]
        if len(kept) == len(toks):
            return found
        for name, spans in self.cues.find([toks[i] for i in kept]).items():
            have = found.setdefault(name, [])
            for start, end in spans:
                span = (kept[start], kept[end - 1] + 1)
                if end - start > 1 and span not in have:
                    have.append(span)
        return found

    @staticmethod
    def _choices(mentions: list[Mention], toks: list[str],
                 chars: list[str]) -> list[frozenset[str]]:
        """Names of one kind side by side with "or" between them ("ICC or IURC",
        "Сеул или Седжонг", "ICC还是IURC")."""
        found: list[frozenset[str]] = []
        for a, b in pairwise(mentions):
            gap = range(a.end, b.start)
            if not 1 <= len(gap) <= 3 or len(a.ids) != 1 or len(b.ids) != 1:
                continue
            kind = a.ids[0].split(":", 1)[0]
            if kind == "event" or b.ids[0].split(":", 1)[0] != kind:
                continue
            written = "".join(chars[i] for i in gap)
            if any(toks[i] in RESTRICTIVE for i in gap):
                continue  # "in China, or only Korea?" asks whether it is China too
            if any(toks[i] in CHOICE_WORDS and not chars[i] for i in gap) or any(
                    run in written for run in CHOICE_RUNS):
                if found and a.ids[0] in found[-1]:
                    found[-1] = found[-1] | {b.ids[0]}  # "ICC, IURC or ICP"
                else:
                    found.append(frozenset((a.ids[0], b.ids[0])))
        return found

    def _names_word(self, q: Question, word: str) -> bool:
        """Whether the word is one of the names of an item the question names."""
        return any(word in self.name_words.get(e, ()) for e in q.entities)

    def _read_without_context(self, text: str, prior: str | None) -> Question | None:
        """A message whose sentences are a question and words around it ("Journalist here,
        on deadline: what was the first webinar called?", "¿Cuáles son los temas? Es para
        un informe al pleno."), read as the question; the names around it say what it is
        about, their other words ask nothing. None when every sentence asks, or none."""
        segments = [s for s in _SEGMENT.split(text) if tokens(s)]
        if len(segments) < 2:
            return None
        marked = [s.rstrip().endswith(("?", "？")) for s in segments]
        if all(marked):
            return None  # every sentence asks (read once each later, as its questions)
        lang = detect_language(text, prior, self.lang_words)
        asking, around = [], []
        for segment, mark in zip(segments, marked, strict=True):
            alone = self._read_one(segment, lang)
            asks = mark or bool(alone.qtypes) or alone.yesno
            if not asks and not asking and len(alone.toks) < 3 and not segment.rstrip(
                    ).endswith(("!", "！", ".", "。")):
                return None  # "quadruple helix - what does it mean?": a topic, not context
            (asking if asks else around).append((segment, alone))
        asked = " ".join(s for s, _ in asking)
        if not asking or not around or len(tokens(asked)) < 5:
            return None  # ("ICP closing conference - when?": the topic, then the question)
        q = self._read_one(asked, lang)
        for segment, alone in around:
            # (who the asker is, "Soy concejal en Sofía", "Busan city hall:", says
            # nothing of what is asked)
            intro = bool(_SELF_INTRO.match(segment.rstrip(" .:：–-") + ",")
                         or _ASKER.search(segment))
            for entity, weight in alone.entities.items():
                if entity not in q.entities:
                    q.entities[entity] = weight
                    if intro:
                        q.around.add(entity)
        return q

    def forget(self) -> None:
        """Start a new message: what was read of the last one is no longer kept."""
        self._reads.clear()

    def _read_one(self, text: str, prior: str | None) -> Question:
        """``read`` for one sentence: no context to set aside. A message's sentences are
        read more than once while it is answered (alone, as context, as one of its
        questions): each is read once per message (see ``forget``), and handed out as a
        copy, for the callers change what they get."""
        text = text.strip()
        key = (text, prior)
        found = self._reads.get(key)
        if found is None:
            if len(self._reads) >= 64:  # (read outside a message: kept small)
                self._reads.clear()
            found = self._reads[key] = self._read_intro(text, prior)
        return found.copy()

    def _read_intro(self, text: str, prior: str | None) -> Question:
        source = _SOURCE_SAID.search(text)
        rest = (text[:source.start()] + " " + text[source.end():]).strip() if source else ""
        if source and len(tokens(rest)) >= 2:
            # "…segons la notícia de Sofia?", "La noticia dice que…": where the asker read
            # it asks nothing; the names in it say whose item it was (an answer without
            # them still answers)
            q = self._read_one(rest, prior)
            return self._with_around(q, text, source.group(0), q.lang)
        intro = _SELF_INTRO.match(text)
        if intro and intro.end() < len(text):
            # "I work at Busan city hall, who is our European partner?": the names in the
            # introduction say who "our" is; its other words ask nothing.
            q = self._read_one(text[intro.end():], prior)
            return self._with_around(q, text, intro.group(0), prior)
        return self._read_plain(text, prior)

    def _with_around(self, q: Question, text: str, aside: str, lang: str | None) -> Question:
        """``q`` read from ``text`` less ``aside``: the names ``aside`` gives (not its
        events) are around the question, which an answer without them still answers."""
        for entity, weight in self._read_one(aside, lang).entities.items():
            if not entity.startswith("event:") and entity not in q.entities:
                q.entities[entity] = weight
                q.around.add(entity)
        q.text = text
        return q

    # How Bulgarians type Cyrillic letters in Latin chats, beyond the streamlined system
    # that folding uses: 6 for ш (6t for щ), 4 for ч, q for я, j for ж, u or y for ъ.
    _BG_LATIN = (("6t", "sht"), ("6", "sh"), ("4", "ch"), ("q", "ya"), ("j", "zh"), ("w", "v"),
                 ("x", "h"))

    # Bulgarian articles, folded, longest first ("-ите" of "ползите", "-ята", "-та")
    _BG_ARTICLES_FOLDED = ("yata", "ite", "yat", "ta", "te", "to", "at")

    def _as_typed(self, tok: str) -> bool:
        """Whether a token is a known word or name exactly as typed (not by a stem)."""
        return tok in self.vocabulary.latin or tok in self.index.exact or tok.isdigit()

    def _without_article(self, tok: str) -> str:
        """A Bulgarian word with its article ("ползите", "стратегията") no known word
        explains, read without it when that is a known word ("ползи": the article may
        also replace a final -и or -а)."""
        if self._as_typed(tok) or len(tok) < 6 or self.never.find([tok]):
            return tok  # ("времето" is the weather, not "време", time)
        for article in self._BG_ARTICLES_FOLDED:
            base = tok[:-len(article)]
            if tok.endswith(article) and len(base) >= 4:
                known = next((w for w in (base, base + "i", base + "a")
                              if w in self.vocabulary.latin), None)
                if known:
                    return known
        return tok

    def _romance_slip(self, tok: str) -> str:
        """A Catalan or Spanish word typed as it sounds, or without its apostrophe, read as
        the word meant: "lICP" is l'ICP, "apolla" is "apoya" (ll and y sound alike, so do
        b and v), when only that reading is a known word or name."""
        if self._as_typed(tok) or len(tok) < 4:
            return tok
        if tok[0] in "ld" and tok[1:] in self.index.exact:
            return tok[1:]  # (the article or "de" stuck to a name: "lICP", "dIURC")
        for typed, meant in (("ll", "y"), ("y", "ll"), ("b", "v"), ("v", "b")):
            if typed in tok and (alt := tok.replace(typed, meant)) in self.vocabulary.latin:
                return alt
        return tok

    def _bulgarian_latin(self, tok: str) -> str:
        """A Latin-typed Bulgarian word in the spelling folding gives its Cyrillic form."""
        def exactly(word: str) -> bool:
            return self.vocabulary.knows(word, typos=False) or word in self.index.exact

        if self._as_typed(tok):
            return tok
        variant = tok
        for typed, folded in self._BG_LATIN:
            variant = variant.replace(typed, folded)
        if exactly(tok) and not (variant != tok and exactly(variant)):
            return tok  # known by a stem, and no better as typed ("izgotvqneto")
        # (c for ц: "celi" is цели, "tseli" when folded; "ch" stays ч)
        with_ts = re.sub(r"c(?!h)", "ts", variant)
        # (u or y for ъ, iu for ю: one letter at a time, "sutrudnichestvo" is сътрудничество)
        # (i for й after a vowel: "zdravei" is здравей)
        candidates = (variant, variant.replace("u", "a", 1), variant.replace("u", "a"),
                      variant.replace("y", "a"), variant.replace("iu", "yu"), with_ts,
                      re.sub(r"(?<=[aeiou])i\b", "y", variant))
        # a spelling that is a known word beats a typo of one ("mejdunarodnata" is
        # международната, not within two letters of it)
        for candidate in candidates:
            if exactly(candidate):
                return candidate
        if self.vocabulary.knows(tok):
            return tok
        for candidate in candidates:
            if self.vocabulary.knows(candidate):
                return candidate
        return variant

    @staticmethod
    def _written_as(chars: list[str], start: int, end: int, written: frozenset[str]) -> bool:
        """Whether a match is the phrase itself: a span of Hangul/Han syllables must be
        written with the phrase's characters ("全" is "quan", but not Catalan "quan")."""
        raw = "".join(chars[start:end])
        if not raw:
            return True
        return len(raw) == end - start and raw in written

    def _dated_mentions(self, text: str,
                        toks: list[str]) -> list[tuple[tuple[int, int], tuple[str, ...]]]:
        """Days named in a question ("5 October", "October 5th", "10월 5일", "10月5日") and
        the events held on them, with the token span that named each."""
        out: list[tuple[tuple[int, int], tuple[str, ...]]] = []
        for i, tok in enumerate(toks):
            if not (tok.isdigit() and 1 <= int(tok) <= 31):
                continue
            after = [t for t in toks[i + 1:i + 3] if t not in ("de", "d", "of", "th")][:1]
            before = toks[i - 1:i] if i else []
            for word, span in ((after, (i, i + 3)), (before, (i - 1, i + 1))):
                month = _MONTH_WORDS.get(word[0]) if word else None
                ids = self.events_by_day.get((month, int(tok))) if month else None
                if ids:
                    out.append((span, ids))
                    break
        for m in _SYLLABIC_DAY.finditer(text):
            ids = self.events_by_day.get((int(m.group(1)), int(m.group(2))))
            if ids:
                out.append(((0, 0), ids))
        # "30.09", "el 5/10/2021": day first, as every language here writes it
        for m in _NUMERIC_DAY.finditer(text):
            day, month = int(m.group(1)), int(m.group(2))
            ids = self.events_by_day.get((month, day)) if 1 <= month <= 12 else None
            at = next((i for i in range(len(toks) - 1)
                       if toks[i] == m.group(1) and toks[i + 1] == m.group(2)), None)
            if ids and at is not None:
                out.append(((at, at + (3 if m.group(3) else 2)), ids))
        return out

    @staticmethod
    def _read_months(text: str, toks: list[str], q: Question, explained: set[int],
                     syllabic: list[bool]) -> None:
        """The months a question names ("in April 2022", "между май и декември 2022",
        "2022년 4월", "this month"), explained as words: they say when, not what.
        English "may" is also a verb; in the other languages it is only a month."""
        years = [int(t) for t in toks if _YEAR.fullmatch(t)]
        for i, tok in enumerate(toks):
            month = _MONTH_WORDS.get(tok)
            if month is None or i in explained or syllabic[i]:
                continue
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            if tok not in _WIDE_MONTHS and not _YEAR.fullmatch(nxt):
                continue
            if tok == "may" and q.lang == "en" and not (_YEAR.fullmatch(nxt) or (
                    i and toks[i - 1] in ("in", "between", "and", "from", "until", "since",
                                          "of"))):
                continue  # "may I apply?"
            if nxt.isdigit() and not _YEAR.fullmatch(nxt):
                continue  # "October 5": a day, read as the event held that day
            q.months.append((month, int(nxt) if _YEAR.fullmatch(nxt) else None))
            explained.add(i)
            if _YEAR.fullmatch(nxt):
                explained.add(i + 1)
            if i and toks[i - 1] in _MONTH_PARTS:
                explained.add(i - 1)  # "the late-September call": when, not "too late"
        for m in _SYLLABIC_MONTH.finditer(text):
            year = int(m.group(1)) if m.group(1) else None
            q.months.append((int(m.group(2)), year))
        folded = f" {' '.join(toks)} "
        for phrase, ahead in _RELATIVE_MONTHS:
            if f" {phrase} " in folded:
                q.months_from_now = ahead
                start = len(folded[:folded.index(f" {phrase} ")].split())
                explained.update(range(start, start + len(phrase.split())))
                break
        if q.months and years:
            q.months = [(m, y if y is not None else years[-1]) for m, y in q.months]
        if q.months or q.months_from_now is not None:
            explained.update(i for i, t in enumerate(toks) if _YEAR.fullmatch(t))

    def _repair_han(self, text: str) -> str:
        """Han runs typed with a homophone of a known word ("索菲压", "考擦") read as that
        word, when at least half its characters are the very ones typed; a known word, or
        one asking what no fact answers, is left as it is."""
        known = self._han_known
        function = syllabic_function_words()
        out: list[str] = []
        i = 0
        loose = False  # the character before is a Han one no known word explains
        while i < len(text):
            fixed = None
            # (no slip begins inside an unknown word: "上海参加" is not "上还参加")
            if is_han(text[i]) and not loose:
                for size in (5, 4, 3, 2):
                    piece = text[i:i + size]
                    if len(piece) < size or not all(is_han(ch) for ch in piece):
                        continue
                    if piece in known or piece in self._never_raw:
                        fixed = piece  # kept whole: no slip is looked for inside it
                        break
                    if self._known_starts_inside(text, i, size):
                        continue  # "有几个": "几个" is typed right; "有几" is no slip for "有及"
                    for word in self.han_by_sound.get(fold(piece), ()):
                        same = sum(a == b for a, b in zip(word, piece, strict=True))
                        if 2 * same >= size:
                            fixed = word
                            break
                    if fixed:
                        break
            if fixed:
                out.append(fixed)
                i += len(fixed)
                loose = False
            else:
                out.append(text[i])
                loose = is_han(text[i]) and text[i] not in known and text[i] not in function
                i += 1
        return "".join(out)

    def _slip_of_function_word(self, tok: str, lang: str) -> bool:
        """Whether a word is a function word of the language with two letters swapped
        ("htey", "waht", "teh"): one edit of the transposition kind only, as any other
        edit of a short word makes another word ("then", "them")."""
        swaps = {tok[:i] + tok[i + 1] + tok[i] + tok[i + 2:] for i in range(len(tok) - 1)}
        return bool(swaps & self.function_words(lang))

    def _long_function_words(self, lang: str) -> list[str]:
        words = self._long_function.get(lang)
        if words is None:
            # (our own chat words, "programme", "initiative": not the stopword lists',
            # whose "together" is one of a cue phrase, "get together")
            words = self._long_function[lang] = sorted(
                w for p in CHAT_WORDS.get(lang, ()) for w in fold(p).split() if len(w) >= 6)
        return words

    def _function_word_slipped(self, tok: str, lang: str) -> str | None:
        """The long chat word of the language a long word is one letter off
        ("programe": "programme"), when the content knows no word as typed."""
        if len(tok) < 7 or self.vocabulary.knows(tok, typos=False):
            return None
        near = process.extractOne(tok, self._long_function_words(lang), scorer=OSA.distance,
                                  score_cutoff=1)
        return near[0] if near is not None else None

    def _repair_hangul(self, text: str) -> str:
        """Hangul runs no known word explains, read as the one known word they are a
        letter (jamo) away from: "웨비냐" is "웨비나"; the longest such piece of the run
        wins, and a piece two known words are equally near stays as it is."""
        for run in self.vocabulary.unknown_syllabic(self._without_names(text)):
            if not all(is_hangul(ch) for ch in run) or run in self._syllabic_names_text:
                continue  # (a part of a name: "인베스트" once "소피아" is taken out)
            fixed = self._nearest_hangul(run)
            if fixed is not None:
                text = text.replace(run, fixed, 1)
        return text

    def _nearest_hangul(self, run: str) -> str | None:
        # (two syllables collide too often: "기후" is a letter from "이후"; they are read
        # only as a question word or one of the few words every question here uses)
        for size in range(min(len(run), 6), 1, -1):
            for start in range(len(run) - size + 1):
                piece = run[start:start + size]
                near = {word for k in range(size)
                        for word in self.hangul_by_gap.get((piece[:k] + "_" + piece[k + 1:], k), ())
                        if _one_jamo_apart(word[k], piece[k])
                        and (size > 2 or word in KOREAN_SLIP_TARGETS)}
                if len(near) > 1:
                    # (two words one letter away: the one nearer as typed sounds,
                    # "웨비냐" is "웨비나" before "웨비너", "엿어" is "였어" before "열어")
                    sound = fold(piece)
                    by = sorted((Indel.distance(fold(w), sound), w) for w in near)
                    near = {by[0][1]} if by[0][0] < by[1][0] else set()
                if len(near) == 1:
                    return run[:start] + near.pop() + run[start + size:]
        return None

    def _known_starts_inside(self, text: str, i: int, size: int) -> bool:
        """Whether a known word of two or more characters begins inside the piece
        ``text[i:i+size]`` (after its first character) and runs past its end."""
        known = self.vocabulary.syllabic
        return any(text[j:j + n] in known for j in range(i + 1, i + size)
                   for n in (2, 3, 4) if j + n > i + size)

    def _without_names(self, text: str) -> str:
        """The text with every known name and every month ("8月份", "2022년 4월") removed:
        names are explained by definition, months say when."""
        out = _SYLLABIC_MONTH_WORDS.sub(" ", text.casefold())
        for name in self.syllabic_names:
            if name in out:
                out = out.replace(name, " ")
        return out

    def _asks_for_cities(self, toks: list[str], chars: list[str], asked: list[int]) -> bool:
        """Whether the words read after "which" (``asked``, the first two) ask for cities:
        the city word itself, or an adjective and then it ("koi evropeiski gradove",
        "which other cities"), or in Hangul/Han a place word between ("哪个欧洲城市")."""
        if not asked:
            return False
        first = asked[0]
        if self._city_word(toks, chars, first):
            return True
        if chars[first]:
            # (not the cities of which countries or places: _PLACE_WORDS)
            # (read as function words, they may come before the first word asked: 地 is
            # read as 的, 나라 as two particles)
            if any("".join(chars[i:i + 2]) in _PLACE_WORDS
                   for i in range(max(0, first - 2), first + 1)) or chars[first] == "国":
                return False
            return any(self._city_word(toks, chars, j)
                       for j in range(first + 1, min(first + 5, len(toks))) if chars[j])
        return len(asked) == 2 and toks[first].startswith(_CITY_ADJECTIVES) and \
            self._city_word(toks, chars, asked[1])

    @staticmethod
    def _city_word(toks: list[str], chars: list[str], i: int) -> bool:
        """Whether the word at ``i`` says "city" ("ciutats", "gradove", "城市", "도시")."""
        if chars[i]:
            return "".join(chars[i:i + 2]) in ("城市", "도시")
        return toks[i] in _CITY_WORDS

    @staticmethod
    def _is_yesno(text: str, toks: list[str], q: Question) -> bool:
        if q.qtypes - {"what_is"} or any(w in text for w in KOREAN_WH):
            return False
        if q.qtypes and " ".join(toks[:2]) in REQUEST_STARTS:
            return False  # "Could you explain what the quadruple helix is?" asks what it is
        if any(t in _REQUEST_VERBS for t in toks[:5]) and not _EMBEDDED_IF & set(toks) and (
                _REQUEST_MODALS & set(toks[:3])):
            # "Can you summarise the objectives?", "em podeu resumir…": a request ("tell me
            # if Sofia is in ICC" still asks whether)
            return False
        if q.lang == "ko" and text.strip().rstrip("?？!！.。 ").endswith(KOREAN_REQUEST_ENDINGS):
            return False  # "목표를 정리해 주시겠습니까?": a request, not a yes/no question
        stripped = text.strip().rstrip("?？!！.。 ")
        if any(m in text for m in YESNO_MARKERS_ZH) or (
                q.lang == "zh" and stripped.endswith("吧")):
            return True  # (a tag question: "已经截止了吧？")
        if any(stripped.endswith(e) for e in YESNO_ENDINGS_KO):
            return True
        if q.lang == "ko" and text.strip().endswith(("?", "？")):
            # Spoken Korean asks yes or no by intonation ("선정된 거 맞아?", "참여함?"):
            # a question mark and no question word.
            q.intoned = True
            return True
        if not toks:
            return False
        first = toks[0]
        if first in _YESNO_STARTS:
            return True
        # "ICC - is the welcome meeting online?", "IURC: does it…": the name said first,
        # then the question
        topic = _TOPIC_FIRST.match(text)
        if topic and fold(topic.group(1)) in _YESNO_STARTS:
            return True
        words = [w.casefold() for w in _WORD.findall(text)]
        if YESNO_BG_PARTICLE in words or "li" in toks:
            return True
        # Spanish and Catalan mark a yes/no question by intonation only: a question mark
        # and no question word.
        folded_words = set(toks)
        if q.lang in ("en", "bg") and text.strip().endswith("?") and len(toks) >= 5 and (
                q.units or q.unknown) and not folded_words & ENGLISH_BG_WH:
            # "IURC and the Green Deal - related at all?", "IURC има връзка със
            # Зелената сделка?": asked by intonation, a statement with a question mark.
            q.intoned = True
            return True
        # (a name alone with a question mark asks what it is: "¿CityNet?")
        q.intoned = (q.lang in ("es", "ca") and text.strip().endswith("?") and not q.qtypes
                     and len(q.entity_tokens) < len(toks)
                     and not Ranker._romance_wh(text, toks)
                     and not Ranker._names_what_of(toks, q))
        return q.intoned

    @staticmethod
    def _set_aside(toks: list[str], mentions: list[Mention]) -> set[str]:
        """What a "besides" sets aside: the first name within three words after it, or
        the name just before a Korean one ("소피아 말고", "한국 외에")."""
        starts = [(i, i + 1, False) for i, tok in enumerate(toks) if tok in BESIDES_WORDS]
        for run in BESIDES_RUNS:
            words = tokens(run)
            starts += [(i, i + len(words), run in BESIDES_RUNS_AFTER)
                       for i in range(len(toks) - len(words) + 1)
                       if toks[i:i + len(words)] == words]
        aside: set[str] = set()
        for start, end, behind in starts:
            chosen = [m for m in mentions if start - 1 <= m.end <= start] if behind else [
                m for m in mentions if end <= m.start <= end + 3]
            if chosen:
                aside.update(min(chosen, key=lambda m: m.start).ids)
        return aside

    @staticmethod
    def _romance_wh(text: str, toks: list[str]) -> bool:
        """Whether a Spanish or Catalan question has a question word. Unaccented "que",
        "com", "como" within a sentence are "that" and "as" ("em sembla recordar que…, és
        així?", "seleccionada com una de les 14?"); they ask only first, after a
        preposition or "and", or written with their accent."""
        folded = text.casefold()
        for i, tok in enumerate(toks):
            if tok not in ROMANCE_WH:
                continue
            if tok not in _CONJUNCTION_WH or i == 0 or toks[i - 1] in _BEFORE_WH or any(
                    accented in folded for accented in _ACCENTED_WH.get(tok, ())):
                return True
        return False

    @staticmethod
    def _names_what_of(toks: list[str], q: Question) -> bool:
        """Whether a short question is a noun and what it is of ("temes de l'ICP?",
        "objetivos del IURC?"): it asks for that, not whether something is so."""
        return 3 <= len(toks) <= 5 and 0 not in q.entity_tokens and toks[1] in (
            "de", "del", "d") and all(
                i in q.entity_tokens or tok in ("l", "la", "el", "les", "los", "las")
                for i, tok in enumerate(toks[2:], start=2))

    def _smalltalk(self, toks: list[str], q: Question) -> str | None:
        """The kind of short social message this is, if it is nothing else."""
        # (a Korean or Chinese word is two or three syllables, each a token)
        # (laughter says nothing: "네 알겠어요 ㅎㅎ", "jajaja gracias")
        toks = [t for t in toks if not _LAUGHTER.fullmatch(t)] or toks
        if not toks or q.entities or len(toks) > (16 if any(map(is_syllabic, q.text)) else 8):
            return None
        joined = " ".join(toks)
        for (kind, _lang), phrases in self.smalltalk.items():
            if joined in phrases:
                return kind
        # "thanks a lot!", "ok, bye", "thanks, that helps": every word belongs to small
        # talk (even one a cue also lists: "helps" is the help desk's too).
        if all(t in self.smalltalk_words for t in toks):
            for (kind, _lang), phrases in self.smalltalk.items():
                if any(p in joined for p in phrases if len(p) > 1):
                    return kind
        # Thanks with a few words of praise around it, and no question in it (after an
        # "ok" too: "ok thanks, that's all I needed").
        opened = " ".join(toks[1:]) if len(toks) > 1 and toks[0] in self.smalltalk_words \
            else joined
        # ("lo que necesitaba" reads as "what" before a noun, but asks nothing)
        if q.qtypes <= {"what_noun"} and not any(m in q.text for m in "?？") and not any(
                n.startswith("kind:") or n in COMPUTED_CUES for n in q.hits) and any(
                (said.startswith(g) or said.endswith(g))
                and len(said.replace(g, "", 1).split()) <= (8 if " " in g else 5)
                for said in {joined, opened} for g in self.gratitude):
            return "thanks"
        return None

    def _smalltalk_lang(self, toks: list[str], prior: str | None) -> str | None:
        """The language whose small-talk words these are; the prior breaks ties."""
        joined = " ".join(toks)
        matched: dict[str, int] = {}  # language -> letters of its phrases found
        for (_kind, lang), phrases in self.smalltalk.items():
            for p in phrases:
                if p == joined or (len(p) > 2 and f" {p} " in f" {joined} "):
                    matched[lang] = matched.get(lang, 0) + len(p)
        if not matched:
            return None
        best = max(matched.values())
        langs = sorted(lang for lang, n in matched.items() if n == best)
        if prior in langs:
            return prior
        if len(langs) == 1:
            return langs[0]
        if "en" in langs:
            return None  # "ok", "bye": any language's, read with the prior as a whole
        # Without a prior, a word two languages share goes to the one that types it so
        # in chats most: "chao" is Bulgarian in Latin letters before it is Spanish,
        # "hola" and "vale" Spanish before Catalan.
        return min(langs, key=_SHARED_SMALLTALK.index)

    # -- candidates ------------------------------------------------------------

    def _fact_subjects(self, about: tuple[str, ...]) -> frozenset[str]:
        """A fact's subjects plus what they imply: an event's programme and countries, a
        city's country, the country an organisation works from (CityNet, of Seoul: Korea)."""
        content = self.content
        out = set(about)
        for ref in about:
            if ref in content.events:
                # (the EU–Korea kick-off is about Korea, not about each city it gathered)
                ev = content.events[ref]
                out.add(ev.programme)
                out.update(f"country:{content.cities[c].country}" for c in ev.cities
                           if c in content.cities)
            city = ref if ref in content.cities else getattr(
                content.organisations.get(ref), "city", None)
            if city in content.cities:
                out.add(f"country:{content.cities[city].country}")
        return frozenset(out)

    def _event_subjects(self, ev: Event) -> frozenset[str]:
        cities = set(ev.cities)
        return frozenset({ev.id, ev.programme, *cities, *ev.organisers,
                          *(f"country:{self.content.cities[c].country}" for c in cities
                            if c in self.content.cities)})

    def _first_of(self, q: Question, events: list[Event]) -> str | None:
        """The earliest event of the kind asked about that concerns what is named: the
        one "the first meeting with Korea" means."""
        kinds = {n.split(":", 1)[1] for n in q.hits if n.startswith("kind:")}
        named = set(q.entities)
        fitting = [ev for ev in events if (not kinds or ev.kind in kinds) and (
            not named or named & self._event_subjects(ev))]
        if not fitting:
            return None
        return min(fitting, key=lambda ev: (str(ev.start), ev.id)).id

    def _fact_candidate(self, fid: str) -> Candidate:
        """A fact as a candidate answer: the same for every question, so made once."""
        found = self._fact_candidates.get(fid)
        if found is None:
            content = self.content
            fact = content.facts[fid]
            # a fact about an event, or announcing events of a kind, answers to its kind
            # ("the topics of CityNet's next webinars")
            kinds = {f"kind:{content.events[a].kind}" for a in fact.about
                     if a in content.events} | {f"kind:{k}" for k in fact.announces}
            counts = fact.answers == "count" or any(
                not _YEAR.fullmatch(m.group(1).rstrip(",.\u00a0"))  # a year counts nothing
                for m in _COUNT.finditer(fact.text["en"]))
            found = Candidate(fid, "fact", self._fact_subjects(fact.about),
                              frozenset({fid, *kinds}), fact.answers, fact.about[0],
                              fact.affirms, counts, bool(_DATE.search(fact.text["en"])),
                              frozenset(fact.unsaid), placed=fid in self.placed,
                              announces=frozenset(f"kind:{k}" for k in fact.announces))
            self._fact_candidates[fid] = found
        return found

    def candidates(self, q: Question, events: list[Event]) -> list[Candidate]:
        """The answers worth scoring: facts on what is named or asked, computed answers."""
        content = self.content
        out: list[Candidate] = []
        # A first, cheap tally over the facts that share a word or a name with the
        # question keeps the full scoring to the few worth it, however large the store.
        tally: dict[str, float] = {}
        for unit in q.units:
            for name in unit.covers:
                if name.startswith("fact:"):
                    tally[name] = tally.get(name, 0.0) + unit.weight
        for entity, weight in q.entities.items():
            # (a name said only by the way asks less than a word asked: "Soy de Sofía")
            weight = weight / 4 if entity in q.around else weight
            for fid in self.facts_by_subject.get(entity, ()):
                tally[fid] = tally.get(fid, 0.0) + weight
        fact_ids = sorted(tally, key=lambda f: (-tally[f], f))[:MAX_FACT_CANDIDATES]
        out.extend(self._fact_candidate(fid) for fid in sorted(fact_ids))
        first = self._first_of(q, events) if "first" in q.ordinals else None
        for ev in events:
            out.append(Candidate(f"when:{ev.id}", "when", self._event_subjects(ev),
                                 # ("held" only asked when, or what happened: not
                                 # "where is it held?")
                                 frozenset({f"kind:{ev.kind}", "already"} | (
                                     {"held"} if "when" in q.qtypes or not (
                                         q.qtypes - {"what_is", "what_noun"}) else set())),
                                 "time" if ev.precision == "exact" else "date", ev.id,
                                 earliest=ev.id == first))
        programmes = [e for e in q.entities if e.startswith("programme:")]
        cities = [e for e in q.entities if e.startswith("city:")]
        # what lists of events are filtered by: programme, city, organiser
        scope = frozenset(programmes + cities + [e for e in q.entities if e.startswith("org:")])
        kinds = frozenset(n for n in q.hits if n.startswith("kind:")) or frozenset(
            f"kind:{k}" for k in ("meeting", "webinar", "deadline", "study_visit", "conference"))
        out.append(Candidate("upcoming", "upcoming", scope, frozenset({"next"}) | kinds, "date"))
        # The time left is the time left until a deadline: it is about the deadlines
        # ("Is the ICP form still open?" names the form's deadline).
        deadlines = self.deadlines.get(None, frozenset()) if not programmes else frozenset(
            ).union(*(self.deadlines.get(p, frozenset()) for p in programmes))
        out.append(Candidate("time_left", "time_left", scope | deadlines,
                             frozenset({"time_left", "kind:deadline"}), "duration"))
        for city in cities:
            pairs = content.pairs_of(city)
            if not pairs:
                continue
            subjects = {city, f"country:{content.cities[city].country}"}
            for pair in pairs:
                subjects.add(pair.programme)
                subjects.update(pair.cities)
                subjects.update(f"country:{content.cities[c].country}" for c in pair.cities)
                if pair.partner_country:
                    subjects.add(f"country:{pair.partner_country}")
            out.append(Candidate(f"partner:{city}", "partner", frozenset(subjects),
                                 frozenset({"partner"}), "partner", city))
        paired = {c for p in content.pairs for c in p.cities}
        pair_subjects = paired | {p.programme for p in content.pairs} | {
            f"country:{content.cities[c].country}" for c in paired}
        # "Who is Sofia's partner?" asks for one city's partner, not the list of pairs.
        pair_cues = frozenset({"pairs"} if cities else {"pairs", "partner"})
        out.append(Candidate("pairs", "pairs", frozenset(pair_subjects), pair_cues, "list"))
        out.append(Candidate("programmes", "programmes", frozenset(), frozenset({"programmes"}),
                             "list"))
        for entity in q.entities:
            if entity.startswith("country:"):
                continue
            subjects = {entity}
            if entity in content.events:
                subjects = set(self._event_subjects(content.events[entity]))
            # a card names the item in full: it answers "what does IURC stand for?"
            out.append(Candidate(f"overview:{entity}", "overview", frozenset(subjects),
                                 frozenset({"name_of"}), "description", entity))
        return out

    # -- scoring ------------------------------------------------------------------

    def rank(self, q: Question, candidates: list[Candidate]) -> list[Ranked]:
        ranked = [self._score(q, c) for c in candidates]
        # Among equals, the answer the question's words ask for by its own cues
        # ("how often" -> the meetings' frequency) before one that merely uses them,
        # and an answer of the kind asked ("who presented…?" -> who) before one that is
        # not.
        # (the tie-breaks are worked out only among equals: most candidates have none)
        def first(r: Ranked) -> tuple[bool, float, bool]:
            return (not r.complete, -r.score, r.clash)

        # ("When do Sofia and Sejong meet?": their meetings, not the calendar's next one,
        # unless the next is asked)
        later = "next" not in q.hits

        def then(r: Ranked) -> tuple[int, int, int, bool, float, bool, str]:
            c = r.candidate
            # (cities asked for: the answer naming more of them, "ciudades búlgaras en el
            # ICC" and the three approved, not Sofia's part alone)
            cities = sum(1 for s in c.subjects if s.startswith("city:")
                         and s not in q.entities) if q.asks_city and c.kind == "fact" else 0
            return (-self._cue_hits(q, c), -self._loose_hits(q, c), -cities,
                    later and c.kind == "upcoming", -self._focus(q, c),
                    not self._of_programme_asked(q, c), c.key)

        ranked.sort(key=first)
        out: list[Ranked] = []
        for _, group in groupby(ranked, key=first):
            equals = list(group)
            out.extend(sorted(equals, key=then) if len(equals) > 1 else equals)
        return out

    def _of_programme_asked(self, q: Question, c: Candidate) -> bool:
        """Whether a fact's own programme (the first it is about) is one the question
        names: "Is Sofia in ICC?" is answered by her ICC fact before her DCC one, though
        each names both programmes."""
        own = self._own_programme.get(c.key)
        return own is not None and own in q.entities

    @staticmethod
    def _names_someone(q: Question, c: Candidate) -> bool:
        """Whether an answer is about a person, organisation or city (a partner) the
        question does not name."""
        return any(s.startswith(("person:", "org:", "city:")) and s not in q.entities
                   for s in c.subjects)

    @staticmethod
    def _focus(q: Question, c: Candidate) -> float:
        """How much of what an answer is about the question names.

        Among equals, the fact about Sofia's two partners answers "how many partners
        does Sofia get?" more to the point than the list of all six paired cities.
        """
        named = {s for s in c.subjects if not s.startswith("country:")}
        asked = {e for e in q.entities if not (q.besides and e.startswith("city:"))}
        return len(named & asked) / len(named) if named else 0.0

    @staticmethod
    def _cue_hits(q: Question, c: Candidate) -> int:
        return len(set().union(*(q.hits.get(name, ()) for name in c.cues)))

    @staticmethod
    def _loose_hits(q: Question, c: Candidate) -> int:
        return len(set().union(*(q.loose_hits.get(name, ()) for name in c.cues)))

    def fits(self, q: Question, c: Candidate, qtypes: set[str]) -> set[str]:
        """The question words of ``qtypes`` that an answer of this kind answers."""
        return {t for t in qtypes if (c.answers in TYPE_FITS.get(t, frozenset()) and not (
                    # "who announced…?": a list answers it when it names someone
                    t == "who" and c.answers == "list" and not self._names_someone(q, c)))
                # "who approved it, unanimously?": a yes that names who did it
                or (t == "who" and c.answers == "yesno" and self._names_someone(q, c))
                # "¿en qué programa se elaboró la estrategia?": a fact naming a programme
                # the question does not says which one
                or (t == "which" and q.asks_programme and self._names_programme(c, q))
                # "„Сега стъпваме и в Азия“ – кой го казва?": a fact about a person the
                # question does not name says who
                or (t == "who" and c.kind == "fact" and (c.item or "").startswith("person:")
                    and c.item not in q.entities)
                # "who announced Sofia's selection?" and the date it was announced by
                # Kerezov: a date that names the person or body who did it
                or (t == "who" and c.answers == "date" and any(
                    s.startswith(("person:", "org:")) and s not in q.entities
                    for s in c.subjects))
                or (t == "how_many" and c.counts) or (t == "when" and c.dated)
                or (t in ("where", "which") and c.placed and (t == "where" or q.asks_place))
                # "며칠 남았어요?", "when… still": asked when, with "left", is the time left
                # (so is "how long until…", "¿cuánto falta…?")
                or (t in ("when", "how_long", "how_many") and c.kind == "time_left"
                    and "time_left" in q.hits)}

    def _behind(self, subjects: frozenset[str]) -> set[str]:
        """The organisations that fund or run the programmes an answer is about: "the
        EC's programme" named beside them leaves nothing of the question out."""
        return {org for s in subjects for org in self._programme_orgs.get(s, ())}

    def text_confirms(self, q: Question, fact_id: str) -> bool:
        """Whether the fact's own text states what a yes/no question asks, so that "Yes."
        is true of it ("Does ICC last 2.5 years?", "Is the ICC kick-off virtual?").

        A fact's cues also hold the words of the questions it settles the other way ("in
        person?" for a virtual meeting), so covering the question is not enough: every
        word asked, every name and every number stated must be in one part of the text
        that denies nothing ("the earlier announcement expected Seoul" confirms no Seoul).
        Months, days and ordinals are left to the answers that compare them.
        """
        fact = self.content.facts[fact_id]
        lang = q.lang
        # (a word that names the event the fact is about says nothing of it: "inaugural"
        # of the meeting the text calls "introductory")
        events = self._fact_events(fact_id)
        words = [u.word for u in q.units if not u.never and not u.quoted
                 and not u.events & events]
        words += [t for t in q.toks if t in RESTRICTIVE and t not in words]
        words += [w for w in RESTRICTIVE_RAW if w in q.text]
        if (q.unknown or (q.months and not self._months_of(q, events)) or q.dated
                or q.ordinals or fact.unsaid
                # (names alone, side by side in a list, confirm nothing said of them)
                or not words
                # a noun phrase with a question mark ("full name of ICP?") asks for it
                or (q.intoned and (lang in ("en", "bg", "ko") or len(q.toks) < 4))):
            return False
        numbers = self._asked_numbers(q, fact_id)
        for clause in _CLAUSE.split(fact.text[lang]):
            if lang in ("ko", "zh"):
                if any(d in clause for d in (DENIALS_KO if lang == "ko" else DENIALS_ZH)):
                    continue
                raw = clause.replace(" ", "")
                said = all(any(a in raw for a in _ALIKE_RAW.get(
                    w.replace(" ", ""), (w.replace(" ", ""),))) for w in words)
            else:
                folded = fold(clause).split()
                if DENIALS.intersection(folded):
                    continue
                spaced = f" {' '.join(folded)} "
                said = all(any(_same_word(w, f) for f in folded) or any(
                    (f" {a} " in spaced) if " " in a else any(_same_word(a, f) for f in folded)
                    for a in _ALIKE.get(w, ())) for w in words)
            if said and numbers <= _numbers(clause) and all(
                    self._names(e, clause) for e in q.entities if not e.startswith("event:")):
                return True
        return False

    def _only_aside(self, q: Question, c: Candidate) -> bool:
        """Whether an answer names, of the kind of thing a "besides" set aside, only
        that thing (or the country of a city the question names)."""
        # (not events: the fact about the monthly meetings also says what else the two
        # cities do, "apart from the monthly meetings")
        kinds = {a.split(":", 1)[0] for a in q.aside} & {"city", "country"}
        named = {s for s in c.subjects if s.split(":", 1)[0] in kinds}
        implied = {f"country:{self.content.cities[e].country}"
                   for e in q.entities if e in self.content.cities and e not in q.aside}
        return bool(named) and not named - q.aside - implied

    def _names_programme(self, c: Candidate, q: Question) -> bool:
        """Whether a fact's text names a programme the question does not ("По коя програма
        е разработена стратегията?": the one made within the Digital Cities Challenge)."""
        fact = self.content.facts.get(c.key)
        if fact is None:
            return False
        text = fact.text[q.lang]
        return any(p.acronym in text or p.name[q.lang] in text
                   for pid, p in self.content.programmes.items()
                   if pid in c.subjects and pid not in q.entities)

    def _months_of(self, q: Question, events: frozenset[str] | set[str]) -> bool:
        """Whether every month a question names is one the fact's events are held in:
        then it only says which event ("La reunión inaugural del ICC en julio, ¿es
        virtual?"), and the yes is of what else is asked; another month asks the date."""
        spans = []
        for event_id in events:
            ev = self.content.events.get(event_id)
            if ev is None:
                continue
            end = ev.end if ev.end is not None else ev.start
            end_day = end.date() if isinstance(end, datetime) else end
            spans.append(((ev.first_day.year, ev.first_day.month),
                          (end_day.year, end_day.month)))
        def within(month: int, year: int | None, first: tuple[int, int],
                   last: tuple[int, int]) -> bool:
            if year is not None:
                return first <= (year, month) <= last
            return first[0] < last[0] or first[1] <= month <= last[1]
        return bool(spans) and all(any(within(month, year, first, last) for first, last in spans)
                                   for month, year in q.months)

    def numbers_agree(self, q: Question, fact_id: str) -> bool:
        """Whether every number the question states is one the fact's text gives: "Does
        Sofia have three partners?" is no yes for the fact that she has 2."""
        return self._asked_numbers(q, fact_id) <= _numbers(self.content.facts[fact_id].text[q.lang])

    def _asked_numbers(self, q: Question, fact_id: str) -> set[float]:
        """The numbers a question states of what a fact is about: not one that describes
        the event the fact is about ("the meeting of the 100 cities"), which another fact
        gives."""
        events = self._fact_events(fact_id)
        # (nor one of the event's own names: "la reunión de presentación de las 100
        # ciudades" is a name of ICC's introductory meeting)
        held = [self.content.events[e] for e in events if e in self.content.events]
        named = {n for ev in held for name in (
            *ev.name.values(), *ev.aliases, *(k for ks in ev.keywords.values() for k in ks))
            for n in _numbers(name)}
        return self._stated_numbers(q) - named - {
            float(u.word) for u in q.units if u.quoted and u.word.isdigit() and u.events & events}

    def _fact_events(self, fact_id: str) -> frozenset[str]:
        """The events a fact is about."""
        return frozenset(a for a in self.content.facts[fact_id].about if a.startswith("event:"))

    @staticmethod
    def _stated_numbers(q: Question) -> set[float]:
        """The numbers a question states, in digits or words."""
        out: set[float] = set()
        toks = q.toks
        for i, tok in enumerate(toks):
            if tok.isdigit():
                value = float(tok)
                after = toks[i + 1] if i + 1 < len(toks) and toks[i + 1].isdigit() else ""
                if i > 0 and toks[i - 1].isdigit() and len(tok) <= 3:
                    continue  # read with the number before it
                if len(after) == 3:
                    value = float(tok + after)  # "17,000" reads as "17", "000"
                elif after:
                    value = float(f"{tok}.{after}")  # "2.5" reads as "2", "5"
                out.add(value + (0.5 if i + 1 < len(toks) and toks[i + 1] in HALF_WORDS
                                 else 0.0))
            elif tok in NUMBER_VALUES and not (tok == "one" and (
                    toks[i + 1:i + 2] == ["of"] or toks[max(i - 1, 0):i] in (["than"], ["the"]))):
                half = any(t in HALF_WORDS for t in toks[i + 1:i + 4])
                out.add(NUMBER_VALUES[tok] + (0.5 if half else 0.0))
        if q.lang == "zh":
            for numeral, half in _CHINESE_NUMERAL.findall(q.text):  # "两年半", "三个城市"
                out.add(CHINESE_NUMERALS[numeral] + (0.5 if half else 0.0))
        if q.lang == "ko":
            out.update(float(KOREAN_NUMERALS[m]) for m in _KOREAN_NUMERAL.findall(q.text))
            for years in _KOREAN_HALF.findall(q.text):  # "2년 반"
                out.discard(float(years))
                out.add(float(years) + 0.5)
        return out

    def _names(self, entity: str, clause: str) -> bool:
        """Whether a part of a fact's text names an item, by any of its names."""
        item = self.content.item(entity) or self.content.countries.get(entity)
        if item is None:
            return False
        names = [*item.name.values(), *getattr(item, "aliases", ()),
                 getattr(item, "acronym", "")]
        folded = f" {fold(clause)} "
        return any(n and f" {fold(n)} " in folded for n in names)

    def _score(self, q: Question, c: Candidate) -> Ranked:
        if c.announces and "topic" in q.qtypes and "next" in q.hits and any(
                k in q.hits for k in c.announces):
            # "the topics of the next webinars": what was announced to come (asked only
            # what comes next, the calendar says so first, then gives this fact)
            c = replace(c, cues=c.cues | {"next"})
        cover_prop = sum(u.weight * (LOOSE_COVER if _only_loosely(u, c) else 1.0)
                         for u in q.units if u.covers & c.cues)
        unnamed = False
        # A word another answer covers says less against this one than a word nothing
        # covers (a never-answered word keeps its whole weight).
        miss_prop = sum(_missed(u) for u in q.units
                        if not u.covers & c.cues and not u.events & c.subjects)
        # (a name said only by the way, "Soy de Sofía", counts as less than a word asked)
        cover_ent = sum(w / 4 if e in q.around else w for e, w in q.entities.items()
                        if e in c.subjects and e not in q.aside)
        # (a card is of its own item: "DG REGIO, what does it do for IURC?" is not IURC's)
        behind = self._behind(c.subjects) if c.kind != "overview" else set()
        missed = {e: w for e, w in q.entities.items() if e not in c.subjects
                  and e not in behind and e not in q.around and e not in q.aside}
        for offered in q.choices:
            if offered & c.subjects:
                missed = {e: w for e, w in missed.items() if e not in offered}
        if any(e.startswith("event:") and e in c.subjects for e in q.entities):
            # Events are named by overlapping words ("the strategy approved"): naming one
            # of them is enough; the others were the same words read another way.
            missed = {e: w for e, w in missed.items() if not e.startswith("event:")}
        # Events are named by ordinary words, often two at once ("selected" is the ICP
        # selection and Sofia's approval): leaving them out costs once, not per reading.
        # An event named by its day ("the 5 October webinar") is named beyond doubt.
        miss_ent = sum(w for e, w in missed.items() if not e.startswith("event:")) + max(
            (w if e in q.dated else MISSED_EVENT
             for e, w in missed.items() if e.startswith("event:")), default=0.0)
        # "是谁做的介绍" (who gave the presentation): a sharper question word than
        # "what is" decides alone.
        qtypes = q.qtypes - {"what_is"} if len(q.qtypes) > 1 else q.qtypes
        fits = self.fits(q, c, qtypes)
        clash = bool(q.qtypes - {"what_is"}) and not fits
        # An answer whose main subject is what the question names ("what is IURC?" ->
        # IURC's card, not a fact that merely mentions IURC) comes first among equals.
        # ("which Bulgarian cities besides Sofia": Sofia is not what is asked about)
        main = 0.5 if c.item is not None and c.item in q.entities and c.item not in q.aside \
            and not (q.besides and c.item.startswith("city:")) else 0.0
        if c.kind == "overview" and not q.units and q.qtypes <= {"what_is"}:
            main += 0.3  # "What does IURC stand for?": the card, before any one fact
        primary = sum(1 for t in fits if c.answers in PRIMARY_FITS.get(t, frozenset()))
        score = cover_prop + cover_ent + 0.8 * len(fits) - 0.8 * miss_prop - miss_ent \
            + PRIMARY_BONUS * primary \
            - (CLASH_PENALTY if clash else 0.0) \
            + (0.5 if q.yesno and (c.affirms or c.kind == "partner") else 0.0) + main \
            + (0.3 if q.yesno and c.answers == "yesno" else 0.0) \
            + (0.4 if c.kind in ("when", "upcoming", "time_left") and (
                "when" in q.qtypes or "kind:deadline" in q.hits) else 0.0) \
            + (0.6 if c.earliest else 0.0) + (0.5 if c.cues & q.ordinal_cues else 0.0) \
            + (0.5 if q.asks_programme and self._names_programme(c, q) else 0.0) \
            + (0.3 if c.kind == "partner" and "partner" in q.hits and not q.yesno else 0.0) \
            + (STILL_OPEN if c.kind == "time_left" and q.yesno and "time_left" in q.hits
               else 0.0)
        unknown = UNKNOWN_WEIGHT * len(q.unknown)
        if c.kind == "overview":
            # A card answers a bare name or "what is X", nothing more specific.
            complete = (miss_ent == 0 and miss_prop <= WEAK_MISS and not unknown
                        and not (q.qtypes - {"what_is", "what_does"}))
        else:
            # Something asked is covered: a cue word, or the question word alone ("when
            # is the kick-off?"), or a yes/no question on what the answer is about
            # ("is Haskovo in ICC?" and a fact that affirms Haskovo's membership).
            yes_no = q.yesno and (c.kind == "when" or c.affirms)
            # "When" alone answers only for a named thing ("when is the kick-off?"), not
            # for a whole programme ("when does IURC end?"); "how many", "who", "how
            # long" on a programme fact do ("ICC duration?").
            # (a country is named when the answer is about it: "i Singapur també hi és?")
            named = any(e in c.subjects and not e.startswith("programme:") and (
                e == c.item or not e.startswith("country:")) for e in q.entities)
            word_fits = bool(fits) and (named or fits != {"when"})
            # "What is" asks little by itself: "what is the budget" asks about the budget.
            weight = WHAT_IS_WEIGHT if fits == {"what_is"} else QTYPE_WEIGHT
            asked = cover_prop + (weight if word_fits or (yes_no and named) else 0.0)
            if (not q.units and not q.qtypes and len(q.entities) >= 2 and miss_ent == 0
                    and c.answers in ("list", "yesno", "role", "partner", "place")):
                # "Bulgarian cities in ICC?": names alone, related by the answer.
                asked += WHAT_IS_WEIGHT
            if (not q.units and not q.qtypes and len(q.entities) == 1 and c.kind == "fact"
                    and c.item in q.entities and (c.item or "").startswith("country:")):
                # "Singapur?": a country has no card; a fact about it says what is known
                asked += WHAT_IS_WEIGHT
            # What the question asks (beyond the names it gives) must be mostly covered.
            missed = miss_prop + unknown
            complete = (miss_ent < 1.0 and cover_ent + cover_prop > 0 and asked > 0
                        and asked >= COVERAGE * (asked + missed)
                        and not (unknown and q.yesno))
        # (a fact that says itself the sources do not name it answers honestly: "Which
        # Chinese city is Sofia's partner?" and "not yet announced")
        says_unsaid = bool(c.unsaid & q.qtypes)
        countries = {e for e in q.entities if e.startswith("country:")}
        if complete and q.asks_place and c.kind not in ("partner", "pairs", "overview") \
                and c.answers != "place" and not says_unsaid and not any(
                    s.startswith(("city:", "country:")) and s not in q.entities
                    for s in c.subjects):
            # "Which city hosts the first study visit?" and a timeline that says only
            # "a non-European city": it names no place, so it does not answer.
            complete, unnamed = False, True
        if complete and q.asks_city and c.kind not in ("partner", "pairs", "overview") \
                and c.answers != "place" and not says_unsaid and not any(
                    s.startswith("city:") and s not in q.entities and (
                        not countries or f"country:{self.content.cities[s].country}" in countries)
                    for s in c.subjects):
            # "Which Taiwanese cities take part?" and "2 Taiwanese cities will be
            # selected": a count of cities does not name them. (Nor does naming a city
            # of another country: "which Chinese city…" and Sofia's Korean partner.)
            complete, unnamed = False, True
        if complete and q.asks_city and c.kind == "fact" and any(
                u.quoted and u.covers and not u.covers & c.cues and not _YEAR.fullmatch(u.word)
                for u in q.units):
            # "Quines són les 14 ciutats europees seleccionades?": the 14 are the ones
            # another fact counts, not the cities this one names
            complete = False
        if complete and q.asks_place and c.kind == "fact" and not any(
                e in c.subjects for e in q.entities if e.startswith("event:")) and any(
                e in self.content.events and self.content.events[e].kind in HELD_KINDS
                for e in q.entities):
            # "Which city hosts the first study visit?": where that event is, not a city
            # some other fact names.
            complete = False
        if complete and q.aside and self._only_aside(q, c):
            # "Besides Korea, which other country…" and Sofia's Korean partner: what
            # was set aside is no answer
            complete = False
        if complete and "who" in q.qtypes and c.kind == "fact" and (kinds := {
                k for k in q.hits if k.startswith("kind:")}) and not (
                kinds & c.cues) and any(
                k.startswith("kind:") for k in c.cues) and not any(
                e in c.subjects for e in q.entities if e.startswith("event:")):
            # "Who was the speaker at the first webinar?" and who presented at the
            # kick-off meeting: a fact about an event of another kind than the one asked
            # of is about another event (who, only: "the working meeting" is a study
            # visit's name, "会" any gathering)
            complete = False
        if c.answers in TOPIC_ANSWERS and not q.intoned:
            # "IURC에서 교육이나 일자리 분야도 다루나요?": "fields", "deals with" are words of
            # every topic answer, asked of this one too; they leave no part of a yes out
            # (not in a noun phrase with a question mark: "main themes?" asks for them)
            miss_prop -= sum(min(u.weight, MISS_CAP) for u in q.units
                             if u.covers and not u.covers & c.cues and len(u.covers) >= 2
                             and all(f in self.content.facts and self.content.facts[f].answers
                                     in TOPIC_ANSWERS for f in u.covers))
        # A yes must be about what the question names: "上海参加IURC了吗?" is not
        # answered yes by the fact that Sofia takes part; and about what it asks, not a
        # word that only looks like one of the answer's own ("presencial", "presentó").
        # (a syllable the text has with its neighbour the other way leaves nothing out of
        # a fact that settles a yes or no: "一致通过的吗" and "一致批准了…数字化转型战略";
        # not of others, where a syllable read as a function word may be what is asked:
        # "线下" is "线" alone, and "线上" has it)
        paired = 0.0 if c.answers != "yesno" or q.qtypes else sum(
            _missed(u) for u in q.units
            if u.pairs and not u.covers & c.cues and not u.events & c.subjects
            and any(c.key in self.text_pairs.get(p, ()) for p in u.pairs))
        full = complete and miss_prop - paired <= FULL_MISS and not unknown and (
            c.item is None or c.item in q.entities or not c.item.startswith("city:")) and not any(
            _only_loosely(u, c) for u in q.units)
        return Ranked(c, score, complete, clash, full, unnamed)
