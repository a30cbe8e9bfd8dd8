"""Which words of a question carry meaning, and which the content knows nothing of.

An answer is only as good as its honesty about what it does not know: "What's
the weather in Sofia?" names Sofia, but asks about the weather, which no fact
covers. To notice that, every word of a question is classed as

- a *function* word (stopwords-iso's lists, MIT, shipped inside the package,
  plus the chat words below), which asks nothing by itself;
- a *known* word: a name or alias of a content item, or a cue word of a fact
  or of a computed answer;
- an *unknown* content word otherwise (after tolerating a typo).

Korean and Chinese are matched on their own script: runs of Hangul or Han
are segmented greedily against the known words, and what no word explains
is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import stopwordsiso
from rapidfuzz import process
from rapidfuzz.distance import OSA

from content.normalize import fold, is_syllabic

# Words that ask nothing by themselves in a chat with the bot, beyond stopwords-iso.
CHAT_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("please", "pls", "tell", "me", "know", "info", "information", "details",
           "press", "release", "winning",
           "question", "hi", "hey", "hello", "thanks", "thank", "kindly", "could", "would",
           "bot", "exactly", "actually", "still", "again", "also", "any", "idea", "ok", "okay",
           "wanna", "gonna", "pls", "plz", "u", "ur", "r", "im", "i'm", "programme", "program",
           "programmes", "programs", "initiative", "project", "cities", "city",
           "happen", "happened", "happening", "held", "get", "got", "give", "said", "say",
           "says", "mentioned", "exist", "exists", "thing", "things", "stuff", "part",
           "involved", "main", "key", "summarise", "summarize", "summary", "overall",
           "check", "whether", "verify", "confirm", "find out", "besides", "apart", "walk",
           "share shared", "common",
           # what the asker read or heard, and whether it holds: asks nothing itself
           "read", "heard", "hear", "saw", "seen", "told", "think", "thought", "wonder",
           "wondering", "understand", "understood", "case", "true", "correct",
           # what something is for, said of plans: "meant to help", "supposed to start"
           "meant", "supposed", "intended",
           # forms of address and where the asker read it: "dear colleagues", "in the
           # context of", "the article says"
           "dear", "colleague", "colleagues", "context", "article", "journalist",
           "briefing", "report", "morning", "afternoon", "evening", "councillor",
           "councillors", "councilor", "councilors",
           # how short the asker wants it: "in one sentence", "in a few words"
           "sentence", "sentences", "words", "briefly", "short", "different", "want",
           "wanted", "describe", "list", "listing", "remind", "reminder", "acronym",
           "acronyms"),
    "bg": ("моля", "кажи", "кажете", "ми", "знаеш", "знаете", "информация", "инфо", "въпрос",
           "здравей", "здравейте", "здрасти", "благодаря", "мерси", "програма", "програмата",
           "програмите",
           "град", "града", "градът", "градове", "градовете", "проект",
           "проекта", "инициатива", "инициативата", "стана", "става", "има", "имаше", "точно",
           "всъщност", "пак", "още", "някакви", "какви", "какъв", "каква", "какво", "кое",
           "кои", "коя", "кой", "колко", "кога", "къде", "как", "защо", "дали", "ли", "ще",
           "бъде", "беше", "бяха", "са", "е", "се", "по", "на", "в", "във", "за", "от", "с",
           "със", "и", "или", "а", "но", "да", "не", "това", "тази", "този", "тези", "там",
           "тук", "те", "той", "тя", "то", "аз", "ти", "ние", "вие", "им", "му", "ѝ", "й",
           "нещо", "нещата", "някой", "нали", "щеше", "другите", "други", "друг", "друга",
           "четох", "прочетох", "чух", "мисля", "мислех", "вярно", "разбрах", "казаха",
           "каза", "казаха че", "така ли", "така", "главните", "главни", "главният",
           "главната", "основните", "основни", "основният", "нашият", "нашия", "нашите",
           "наш", "наша", "освен", "число", "числото", "цифра", "цифрата", "влиза", "влизат",
           "chislo", "chisloto", "cifra", "vliza", "vlizat",
           # polite openers: "бихте ли ми казали", "можете ли да ми кажете"
           "бихте", "бих", "бихме", "казали", "кажеш", "кажете", "можете", "можеш",
           "общият", "общия", "уважаеми", "уважаема", "уважаемa", "колеги", "колега",
           "контекста", "контекст", "статия", "статията", "доклад", "покрива", "обхваща",
           "pokriva", "obhvashta", "обхващаше", "обхващат", "обхващала", "обхващаха",
           "obhvashtashe", "obhvashtat", "дето", "deto", "здр", "zdr", "влезе", "влезли",
           "влязла", "влязъл", "влязоха", "vleze", "vlezli", "vlyazla", "vlyazal",
           "виждат", "видят", "виждаме",
           "vizhdat", "vidyat",
           # "с едно изречение", "накратко"
           "изречение", "izrechenie", "накратко", "nakratko", "думи", "dumi", "опиши", "опишете",
           "opishi", "opishete", "списък", "списъка", "spisak", "spisaka", "абе", "abe", "ами",
           "ami", "хей", "hey", "ей"),
    "ca": ("si", "us", "plau", "sisplau", "digues", "digueu", "explica", "explica'm",
           "m", "sabeu", "saps", "informació", "info", "pregunta", "hola", "gràcies",
           "programa", "programes", "ciutat", "ciutats", "projecte",
           "iniciativa", "passa", "passat", "hi", "ha", "havia", "exactament", "encara", "també",
           "alguna", "algun", "l", "d", "n", "s", "t", "quina", "quin", "quines", "quins",
           "què", "que", "qui", "quan", "on", "com", "quant", "quants", "quantes", "per",
           # auxiliary and light verbs stopwords-iso's short Catalan list lacks
           "haurà", "hauran", "havia", "havien", "farà", "faran", "fa", "fan", "feia", "pot",
           "puc", "podem", "podré", "serà", "seran", "era", "eren", "són", "sóc", "està",
           "estan", "venien", "vénen", "venen", "entren", "entra", "tenen", "té", "tindrà",
           "tindran", "va", "van", "vaig", "anirà", "aniran", "cal", "vol", "volen",
           "llegir", "llegit", "sentit", "crec", "creia", "cert", "veritat", "entès",
           "tracten", "tracta", "tractarà", "tractaran", "parlarà", "parlaran", "parla",
           "parlen", "principal", "principals", "entraran", "entrarà", "resum", "part", "apart",
           "comparteixen", "comparteix", "comú", "comuns", "agafen", "agafa", "agafaran",
           "agafarà", "entrat", "entrada", "entrades", "entrats",
           "forma", "formen", "formarà", "formaran", "formava", "formaven", "nota",
           "comunicat", "comptar",
           # how the asker wants it: "llista curta pls", "breument"
           "rep", "relació", "relacio", "relacionat", "relacionada",
           "curta", "curt", "curtes", "breu", "breument", "xfa", "porfa", "resumir",
           "resumeix", "resumiu", "bcn", "intern", "interna",
           "compta", "compten", "comptava", "comptaven", "comptarà", "comptaran",
           # "anava a", "s'havia de conèixer": was going to, was to
           "anava", "anaven", "havia de", "havien de", "benvolguts", "benvolgudes",
           "col·legues", "context", "article", "informe", "bon", "banda", "tram", "dins",
           "regidor", "regidora", "regidors", "ple", "necessito", "necessitem",
           # what the asker half remembers: "Em sembla recordar que…, oi?"
           "sembla", "semblava", "recordar", "recordo", "oi", "pensava", "pensaven",
           # "en una frase", "en poques paraules"
           "frase", "frases", "oració", "oracions", "paraules", "poques",
           "diferents", "diferent", "distints", "distintes", "vull", "volem", "voldria",
           "treure", "partir", "endavant", "descriu", "descriure", "descriviu", "llista", "llistat",
           "agradaria", "sent", "essent", "sigles", "sigla", "acrònim", "signifiquen", "disculpi",
           "perdoni",
           "recorda", "recorda'm", "confirmar",
           # interjections that open a spoken question: "escolta, què és…?"
           "escolta", "escolti", "escolteu", "mira", "doncs", "vinga", "bueno",
           "compleix", "complia", "exerceix"),
    "es": ("vale", "dale", "por", "favor", "dime", "decidme", "cuéntame", "cuentame",
           "explícame", "explicame",
           "sabes", "sabéis", "información", "info", "pregunta", "hola", "gracias", "programa",
           "programas", "ciudad", "ciudades", "proyecto",
           "iniciativa", "pasa", "pasó", "hay", "había", "exactamente", "todavía", "también",
           "alguna", "algún", "qué", "que", "quién", "quien", "cuándo", "cuando", "dónde",
           "donde", "cómo", "como", "cuánto", "cuántos", "cuántas", "cuál", "cuáles",
           "entiendo", "lío", "lio", "volvemos",
           "hará", "harán", "hace", "hacen", "entran", "entra", "venían", "vienen", "puedo",
           "podemos", "podré", "tendrá", "tiene",
           "leí", "leído", "oí", "escuché", "creo", "creía", "entendí", "cierto", "verdad",
           "toca", "trata", "tratan", "tratará", "tratarán", "habla", "hablan", "hablará",
           "hablarán", "principal", "principales", "entrarán", "entrará", "entraron", "entró",
           "corta", "corto", "breve", "breves", "resumida", "resumido", "porfa", "xfa", "nota",
           "relación", "relacion", "relacionado", "relacionada", "ficha", "fichas",
           "comunicado", "contar", "contando", "resumir", "resume", "resúmeme", "bcn",
           "interno",
           "entrado", "entrada", "entradas", "entrados", "forma", "forman", "formará",
           "formarán", "formaba", "formaban",
           "resumen", "además", "aparte", "comparten", "comparte", "común", "comunes",
           # "iba a", "se iba a conocer": was going to (the verb after it asks)
           "iba", "iban", "ibas", "íbamos", "ibamos", "estimados", "estimadas", "colegas",
           "contexto", "artículo", "informe", "dentro", "concejal", "concejala", "concejales",
           "pleno", "necesito", "necesitamos", "necesitaría",
           # what the asker half remembers: "Me parece recordar que…, ¿verdad?"
           "parece", "recordar", "recuerdo", "creo", "verdad", "leí", "lei", "oí", "oi",
           "pensaba", "pensaban",
           # "en una frase", "en pocas palabras"
           "frase", "frases", "oración", "oraciones", "palabras", "pocas",
           "diferentes", "diferente", "distintos", "distintas", "quiero", "queremos",
           "quisiera", "partir", "adelante", "describe", "descríbeme", "describir",
           "describeme", "lista", "listado", "gustaria", "recuérdame", "siglas", "sigla",
           "acrónimo", "significan", "siendo", "disculpe", "disculpa", "perdone", "sacar",
           "resulta",
           "recuerdame", "confirmar", "oye", "oiga", "mira", "bueno", "pues", "cumple",
           "cumplía", "cumplia", "desempeña"),
    "ko": ("좀", "이름", "거기서", "거기", "여기서", "요", "은", "는", "이", "가", "을", "를",
           "의", "에", "에서", "에게", "와", "과",
           "도", "로", "으로", "만", "랑", "이랑", "하고", "까지", "부터", "이야", "야", "예요",
           "이에요", "인가요", "인지", "인데", "있나요", "있어요", "있니", "있었나요", "있었어요",
           "했나요", "했어요", "했니", "하나요", "해요", "하니", "합니까", "입니까", "인가",
           "나요", "니", "까", "죠", "지", "줘", "주세요", "알려줘", "알려주세요", "알려",
           "궁금해요", "궁금", "뭐", "뭐야", "뭐예요", "뭔가요", "뭐죠", "무엇", "무엇인가요",
           "어떤", "어떻게", "어디", "어디서", "어디야", "언제", "누구", "누가", "몇", "얼마나",
           "왜", "그", "그럼", "그러면", "혹시", "정말", "진짜", "네", "아니", "프로그램",
           "도시", "도시들", "도시는", "되나요", "됐나요", "되었나요", "돼요", "된",
           "되는", "하는", "한", "할", "하면", "했", "됩니까", "가요", "건가요", "거야", "거예요",
           "인가요", "이죠", "이었나요", "였나요", "였어요", "이었어요", "입니다", "습니다",
           "있는", "있습니까", "없나요", "어느", "어디인가요", "곳", "것", "거", "게", "건",
           "대해", "대해서", "관해", "관련", "내용",
           # spoken endings and fillers: asked facts are never in them
           "있어", "있어요", "있지", "있나", "없어", "없어요", "맞아", "맞아요", "맞나요", "맞죠",
           "맞지", "었어", "았어", "였어", "었어요", "았어요", "됐어", "됐어요", "됐었어", "됐나",
           "왔어", "왔어요", "였더라", "더라", "었더라", "라면서", "라고", "이라고", "이라면서",
           "나", "이나", "개나", "군데나", "말고", "벌써", "이미", "얘기", "이야기", "사람",
           "들어", "들어가", "들어가요", "들어가나요", "들어와", "들어오", "들어오는",
           "해", "하는데",
           "한다", "한대", "했대", "라던데", "다던데", "던데", "라면서", "다면서", "라는데",
           "다는데", "래요", "대요",
           "열려", "열려요", "열리", "열리나요", "열리는", "목록",
           "인데요", "는데요", "거죠", "건데", "저희", "우리", "제가",
           "정확히", "대충", "대략", "혹시요", "그거", "그건", "쪽", "쪽에서", "다", "둘", "같이",
           "주요", "정리", "정리해", "정리해줘", "정리해 줘", "요약", "요약해줘", "말고", "외에",
           "들어갔", "들어갔어", "들어갔어요", "갔어", "갔어요", "공통", "공통된", "둘 다", "짜리",
           "빼고", "제외하고", "기사", "기사에", "기사에서", "주시겠", "주시겠습니까",
           "주시겠어요", "주실", "보고서", "보고서에", "넣으려고", "정리해서", "끼리", "사실",
           "사실인가요", "됐던", "었고", "합쳐서", "확인", "부탁드립니다", "부탁드립", "대학원생",
           "학생", "기자", "들어봐요", "들어봤어요", "들어봤는데", "처음 들어봐요",
           "처음 들어봤어요",
           # what the asker heard or read, and "in the end": "…라고 들었는데 맞나요?"
           "들었는데", "들었어요", "들었", "읽었는데", "봤는데", "기억", "최종적으로", "최종적",
           "최종", "결국", "가능", "가능한", "꼽힌", "꼽혔", "꼽혀", "꼽히", "꼽혔나요",
           # "한 문장으로", "간단히"
           "한 문장으로", "문장으로", "문장", "한 줄로", "간단히", "짧게",
           # "참여하면 … 이점": if a city takes part, what it gets (the taking part is given)
           "참여하면", "참가하면", "가입하면"),
    "zh": ("请", "请问", "告诉", "我", "你", "您", "吗", "呢", "吧", "啊", "的", "了", "是",
           "在", "有", "和", "与", "及", "跟", "哪", "哪个", "哪些", "哪里", "什么", "怎么",
           "怎么样", "如何", "多少", "几", "谁", "何时", "什么时候", "为什么", "一下", "一共",
           "都", "也", "还", "就", "会", "要", "想", "知道", "问", "一个", "这个", "那个",
           "这", "那", "个", "计划", "项目", "城市", "参与", "过", "着", "被",
           "把", "对", "给", "从", "到", "吗？", "嘛", "哦", "呀", "么", "啥", "多", "能", "可以",
           "介绍", "说说", "讲讲", "关于", "信息", "情况",
           # spoken fillers and verbs that ask nothing themselves
           "我们", "他们", "咱们", "打算", "后面", "后来", "之后", "以后", "具体", "到底",
           "究竟", "大概", "大约", "是不是", "有没有", "对吧", "对吗", "没有", "已经", "还是",
           "一下子", "进来", "加入", "算", "属于", "当", "做",
           # what the asker heard and whether it holds
           "说", "听说", "据说", "说过", "后来", "真的", "是真的", "其实",
           # qualifiers and requests that ask nothing themselves: "主要", "总结一下"
           "主要", "总结", "总结一下", "概括", "列一下", "列出", "除了", "以外", "之外", "包括",
           "刚接触", "刚开始", "新手", "刚加入", "共同", "共同的", "相同", "一样",
           "包含", "涉及", "期间", "总共", "共有", "新闻里", "文章", "里说的", "有助于", "助于",
           "实现", "一份", "用一句话", "一句话", "一句", "用一两句话", "一两句话", "两句话",
           "简单", "简单地", "简要", "简短",
           "哪一份", "扮演", "担任", "发挥", "当中", "其中", "原定", "原本", "原来", "左右", "大约",
           "大概", "差不多",
           # which track ("欧韩城市"): the names around it say so too
           "欧韩", "韩欧", "欧中", "中欧", "又", "各", "各自", "又各",
           # what the asker remembers, and what was "settled" in the end
           "记得", "我记得", "定下来", "最后定下来", "最终定下来", "最终", "最后",
           # "参与城市": the cities taking part, of whom something else is asked
           "参与城市", "参加城市", "参与的城市", "覆盖", "覆盖了"),
}

_LATIN_CYRILLIC = ("en", "bg", "ca", "es")


# Words stopwords-iso lists that ask something here: "how many new participants?",
# "колко нови участници", "3.23 billion".
CONTENT_WORDS = frozenset({"new", "nov", "novi", "nuevas", "nuevos", "billion", "thousand",
                           "hilyadi", "empleo"})


@lru_cache(maxsize=8)
def _stopwords(lang: str | None = None) -> frozenset[str]:
    words: set[str] = set()
    for code in ((lang,) if lang in _LATIN_CYRILLIC else _LATIN_CYRILLIC):
        for w in stopwordsiso.stopwords(code):
            words.update(fold(w).split())
    return frozenset(words - CONTENT_WORDS)


@lru_cache(maxsize=1)
def chat_words() -> frozenset[str]:
    """Folded chat words of every language: always function words, whatever the content."""
    return frozenset(w for lang in _LATIN_CYRILLIC for p in CHAT_WORDS[lang]
                     for w in fold(p).split())


@lru_cache(maxsize=8)
def function_words(lang: str | None = None) -> frozenset[str]:
    """Folded function words: of one language when given (Spanish "mayor" is "bigger",
    English "mayor" asks about a mayor), else of all the Latin- and Cyrillic-script
    ones; the chat words of every language always."""
    if lang in ("ko", "zh"):
        lang = "en"  # their Latin words are acronyms and English names
    # Short words of every language too: a misread language still drops "de", "la", "the".
    short = {w for w in _stopwords() if len(w) <= 3} if lang else set()
    return frozenset(_stopwords(lang) | short | chat_words())


@lru_cache(maxsize=1)
def syllabic_function_words() -> frozenset[str]:
    """Korean and Chinese function words, in their own script."""
    # stopwords-iso's single syllables include content ("巴", "구"): only its longer
    # words are taken, and the single ones of our own chat list.
    words: set[str] = set()
    for lang in ("ko", "zh"):
        for w in (*(s for s in stopwordsiso.stopwords(lang) if len(s) >= 2), *CHAT_WORDS[lang]):
            w = w.replace(" ", "")
            if w and all(is_syllabic(ch) for ch in w):
                words.add(w)
    return frozenset(words)


class Vocabulary:
    """The words the content knows: names, aliases and cue words, in every script."""

    def __init__(self, phrases: Iterable[str]) -> None:
        latin: set[str] = set()
        stems: set[str] = set()
        syllabic: set[str] = set(syllabic_function_words())
        for phrase in phrases:
            stem = phrase.endswith("*")
            raw = phrase.rstrip("*")
            compact = "".join(ch for ch in raw.casefold() if is_syllabic(ch))
            if compact:
                syllabic.add(compact)
            words = [w for w in fold(raw).split() if not w.isdigit()]
            if any(is_syllabic(ch) for ch in raw):
                continue
            if stem and words:
                stems.add(words[-1])
                words = words[:-1]
            latin.update(words)
        latin |= function_words()
        self.latin = frozenset(latin)
        self.stems = tuple(sorted(s for s in stems if len(s) >= 3))
        # (a token is known by a stem when one of its beginnings is one: looked up by
        # length, not by a walk over every stem)
        self._stem_set = frozenset(self.stems)
        self._stem_lengths = tuple(sorted({len(s) for s in self.stems}))
        self.syllabic = frozenset(syllabic)
        self._longest = max((len(w) for w in self.syllabic), default=1)
        # (sorted: among equally near words the first wins, whatever the hash seed)
        self._by_initial: dict[str, list[str]] = {}
        for w in sorted(self.latin):
            if len(w) >= 4:
                self._by_initial.setdefault(w[0], []).append(w)

    def knows(self, token: str, typos: bool = True) -> bool:
        """A folded Latin token is known exactly, by a stem, or (``typos``) within a typo."""
        if token in self.latin or token.isdigit() or len(token) < 3:
            return True
        if any(token[:n] in self._stem_set for n in self._stem_lengths if n <= len(token)):
            return True
        return typos and self.nearest(token) is not None

    def nearest(self, token: str) -> str | None:
        """The known word ``token`` is (or is a typo of), if any."""
        if token in self.latin:
            return token
        k = 1 if len(token) >= 5 else 0
        if len(token) >= 9:
            k = 2
        if k == 0:
            return None
        near = process.extractOne(token, self._by_initial.get(token[0], ()),
                                  scorer=OSA.distance, score_cutoff=k)
        return near[0] if near is not None else None

    def _spaced_known(self, chars: str) -> set[int]:
        """Positions of known phrases written across a space ("운영 주체", "智慧 城市")."""
        at = [i for i, ch in enumerate(chars) if is_syllabic(ch) or ch == " "]
        out: set[int] = set()
        for start in range(len(at)):
            if chars[at[start]] == " ":
                continue
            picked: list[int] = []
            for j in at[start:]:
                if chars[j] == " ":
                    if not picked or (picked and j != picked[-1] + 1):
                        break  # only single spaces inside one phrase
                    continue
                if picked and j - picked[-1] > 2:
                    break
                picked.append(j)
                if len(picked) > self._longest:
                    break
                if len(picked) >= 2 and picked[-1] - picked[0] >= len(picked) and "".join(
                        chars[k] for k in picked) in self.syllabic:
                    out.update(range(picked[0], picked[-1] + 1))
        return out

    def unknown_syllabic(self, text: str) -> list[str]:
        """Runs of two or more Hangul/Han characters that no known word explains."""
        runs: list[str] = []
        current: list[str] = []
        chars = text.casefold()
        spaced = self._spaced_known(chars)
        i = 0
        while i < len(chars):
            ch = chars[i]
            if i in spaced:  # "운영 주체" typed with its space, known as "운영주체"
                if len(current) >= 2:
                    runs.append("".join(current))
                current = []
                i += 1
                continue
            if not is_syllabic(ch):
                if len(current) >= 2:
                    runs.append("".join(current))
                current = []
                i += 1
                continue
            size = min(self._longest, len(chars) - i)
            while size > 0 and chars[i:i + size] not in self.syllabic:
                size -= 1
            if size:
                if len(current) >= 2:
                    runs.append("".join(current))
                current = []
                i += size
            else:
                current.append(ch)
                i += 1
        if len(current) >= 2:
            runs.append("".join(current))
        return runs
