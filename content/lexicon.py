"""Words that signal what a question asks, in the six languages.

These are recognition vocabulary, not text shown to anyone, so they live in
code rather than in the gettext catalogs. Every phrase is folded with
``content.normalize.fold`` before use, so Cyrillic cues also match
Latin-typed Bulgarian ("партньор" == "partnyor"), and Hangul/Han phrases are
matched syllable by syllable. A trailing ``*`` makes a word a stem.
"""

from __future__ import annotations

CUES: dict[str, tuple[str, ...]] = {
    "greeting": (
        "hello", "hi", "hey", "good morning", "good afternoon",
        "здравей*", "здрасти", "добър ден", "добро утро", "zdrasti", "zdraveyte", "здр", "zdr",
        "hola", "bon dia", "bona tarda", "buenos dias", "buenas tardes", "buenas",
        "안녕*", "你好", "您好", "早上好",
    ),
    "help": (
        "help", "what can you do", "what do you know", "how does this work", "commands",
        "помощ", "какво можеш", "какво знаеш", "pomosht",
        "ajuda", "què pots fer", "que saps", "ayuda", "qué puedes hacer", "qué sabes",
        "도움*", "도와*", "뭘 할 수", "무엇을 할 수", "帮助", "帮忙", "你能做什么", "怎么用",
    ),
    "partner": (
        "partner*", "partner", "partners", "paired", "pairing", "twin*", "sister city",
        "counterpart", "cooperate*", "cooperating", "works with",
        "партньор*", "partnior*", "partner*", "двойка", "сдвоен*", "се падна", "падна",
        "padna", "ще работи с", "ще работи", "работи с", "shte raboti", "raboti s",
        "soci", "sòcia", "socia", "socio", "socios", "sòcies", "agermana*", "hermana*",
        "coopera", "cooperen", "cooperan", "сътрудничи", "си сътрудничи", "col·labora",
        "col·laboren", "colabora", "colaboran",
        "emparejad*", "empareja*", "enpareja*", "parella", "pareja", "partenariat*",
        "le ha tocado", "le tocó", "le toco",
        "파트너*", "자매도시", "자매 도시", "짝", "상대 도시", "협력 도시", "협력",
        "한 조", "같은 조",
        "合作城市", "伙伴", "结对", "友好城市", "姐妹城市", "配对", "对口城市", "对口",
        "一组", "同组", "一对", "搭档",
        # which side the partner is from: "our European partner city", "首尔的欧洲搭档"
        "european partner", "european counterpart", "korean partner", "socia europea",
        "socio europeo", "sòcia europea", "soci europeu", "европейски партньор",
        "европейския партньор", "корейски партньор", "유럽 파트너", "한국 파트너", "한국 쪽",
        "유럽 쪽", "欧洲搭档", "欧洲伙伴", "欧洲城市结对", "韩国伙伴", "韩国搭档",
        "파트너 유럽 도시", "파트너 한국 도시", "城市合作", "欧洲的对口", "欧洲对口",
        "欧洲的伙伴", "欧洲的合作城市", "韩国的对口", "韩国的伙伴", "韩国的合作城市",
        # (in any order: "세종시랑 짝이 된 유럽 도시", "the European city paired with Sejong")
        "european", "europea", "europeo", "europeu", "европейск*", "evropeisk*", "유럽", "欧洲",
    ),
    "pairs": (
        "pairs", "city pairs", "all pairs", "which cities are paired", "pairings",
        "двойки", "двойките", "dvoyki", "dvoiki",
        "parelles", "parelles de ciutats", "parejas", "parejas de ciudades",
        "쌍", "도시 쌍", "짝들", "结对城市", "城市对", "哪些城市结对",
    ),
    "first": (
        "first", "първо", "първа", "първото", "първата", "първия", "primer", "primera", "primero",
        "첫", "첫 번째", "第一", "首次",
    ),
    "second": (
        "second", "второ", "втора", "второто", "втората", "втория", "segon", "segona", "segundo",
        "segunda", "두 번째", "둘째", "第二",
    ),
    "when": (
        "when", "date", "what day", "what time", "which day",
        "кога", "дата", "датата", "koga", "kога",
        "quan", "quin dia", "data", "cuando", "cuándo", "qué día", "fecha",
        "언제", "날짜", "며칠에", "몇 월", "什么时候", "何时", "哪天", "日期", "几号", "几月",
    ),
    # "When are the EU–China meetings to take place?": the words for an event's taking
    # place, which the answer saying when it is covers.
    "held": (
        "held", "take place", "takes place", "took place", "be held", "happen", "happens",
        "състоят", "състои", "състоя", "проведат", "проведе", "провеждат", "ще се проведе",
        "sastoyat", "provedat", "es farà", "es faran", "tindrà lloc", "tindran lloc",
        "es celebrarà", "es celebraran", "se hará", "se harán", "tendrá lugar",
        "tendrán lugar", "se celebrará", "se celebrarán", "열리", "열려", "개최", "举行", "召开",
        # (the past forms: "кога се е провела", "¿cuándo tuvo lugar?", "quan es va fer?")
        "провела", "проведена", "проведоха", "състояла", "provela", "provedena", "sastoyala",
        "tuvo lugar", "se celebró", "se celebro", "se realizó", "se realizo", "va tenir lloc",
        "es va celebrar", "es va fer", "열렸",
        # what happened that day: the event held on it
        "what happened", "què va passar", "que va passar", "va passar", "qué pasó", "que paso",
        "qué ocurrió", "que ocurrio", "какво се случи", "какво стана", "kakvo se sluchi",
        "kakvo stana", "무슨 일", "发生了什么", "有什么活动",
        # when it was set for: "When was the official launch scheduled?"
        "scheduled", "planned", "set for", "programado", "programada", "previsto", "prevista",
        "previst", "prevista per", "планиран", "планирана", "planiran", "예정", "定于",
    ),
    # "Has the kick-off already happened?": whether an event is behind us, which its
    # date settles.
    "already": (
        "already", "happened", "happen", "taken place", "take place", "been held",
        "вече", "veche", "проведе ли", "provede li", "състоя ли", "ja s'ha", "ja ha",
        "ya fue", "ya se", "ya empezó", "ya empezo", "ya ha", "ya pasó", "ya paso", "ya",
        "벌써", "이미", "열렸", "已经", "开了没", "开过", "举行了吗", "举行过",
        # (over by now: "폐막회의 이미 끝났죠?", "Is the conference over?")
        "끝났", "끝났나", "마쳤", "结束了", "is over", "was over", "ended", "finished",
        "свърши", "приключи", "svarshi", "priklyuchi", "ha acabado", "terminó", "termino",
        "ha acabat", "va acabar",
    ),
    "next": (
        "next", "upcoming", "coming up", "coming", "forthcoming", "soon", "following",
        "future", "planned", "scheduled",
        "следващ*", "предстоящ*", "предстои", "sledvasht*", "predstoyasht*", "predstoi",
        "propera", "proper", "propers", "properes", "pròxim*", "proxim*", "próxim*",
        "siguiente*", "futur*", "previst*",
        "다음", "예정", "향후", "앞으로", "下一", "下一场", "下一次", "下一个", "下次", "即将",
        "接下来", "近期", "将要", "未来",
    ),
    "time_left": (
        "how long until", "how long till", "how much time", "how many days", "days left",
        "time left", "left until", "remaining", "still open", "countdown", "too late", "late",
        "still", "yet",
        "still time", "can i still", "still apply", "still submit", "still possible",
        "късно", "все още", "още ли", "kasno", "massa tard", "tard", "encara puc",
        "demasiado tarde", "tarde", "todavía", "todavia", "aún", "aun",
        "늦었", "늦은", "아직", "晚了", "来得及", "还能", "还可以",
        "колко време", "колко дни", "остава*", "kolko vreme", "kolko dni",
        "quant falta", "quants dies", "queden", "queda", "falta",
        "cuánto falta", "cuanto falta", "cuántos días", "quedan", "faltan",
        "며칠 남", "얼마나 남", "남았", "남은", "며칠",
        "还有几天", "还剩", "还有多久", "多久", "剩下", "几天",
        # "Can I still apply?": applying and sending in the form ask for the deadline's time
        "kusno", "otvoren", "отворен*", "a temps", "da tiempo", "me da tiempo",
        "apuntar*", "inscribir*", "inscriure*", "mandar", "enviar",
        "지원할 수", "신청할 수", "报名", "还来得及",
        # "Has it closed?": the closing words TOO_LATE_WORDS reads, asked of a deadline
        "closed", "expired", "cerrado", "cerrada", "cerró", "cerro", "vencido", "venció",
        "tancat", "tancada", "ha tancat", "затворен*", "zatvoren*", "изтече", "izteche",
        "截止了", "마감됐", "마감되었",
    ),
    "fact_funder": (
        "fund*", "pays", "paid", "financ*", "sponsor*", "budget", "money",
        "финансир*", "finansir*", "плаща", "бюджет",
        "finança", "finançat", "finançament", "finan*", "paga", "pressupost", "presupuesto",
        "재원", "자금", "예산", "후원", "지원금", "资助", "出资", "资金", "经费", "赞助",
    ),
    "fact_manager": (
        "manag*", "runs", "run by", "implement*", "coordinat*", "in charge", "organis*", "organiz*",
        "управлява*", "управлен*", "ръководи", "upravlyava*", "координ*",
        "gestiona*", "gestió", "gestion*", "dirigeix", "dirige", "coordina*",
        "운영", "관리", "주관", "담당", "管理", "负责", "运营", "主管",
    ),
    "fact_aims": (
        "aim*", "goal*", "objective*", "purpose", "why", "benefit*",
        "цел", "цели", "целта", "tsel*", "ползи",
        "objectiu*", "objetivo*", "finalitat", "finalidad", "propòsit", "propósito", "beneficis",
        "beneficios",
        "목표", "목적", "이점", "目标", "目的", "宗旨", "好处",
    ),
    "fact_topics": (
        "topic*", "theme*", "focus", "areas", "subjects", "about what",
        "теми", "темите", "тема", "направления", "fokus",
        "tema", "temes", "temàtica", "temas", "temática", "àmbits", "ámbitos",
        "주제", "분야", "테마", "主题", "领域", "议题", "重点",
    ),
    "fact_figures": (
        "how many", "number of", "figures", "statistics", "numbers",
        "колко", "брой", "броя", "kolko", "броят",
        "quantes", "quants", "quantitat", "nombre de", "cuántas", "cuántos", "cuantas",
        "cuantos", "número de", "cifras", "xifres",
        "몇", "몇 개", "몇 곳", "수는", "多少", "几个", "数量", "数字",
    ),
    "fact_duration": (
        "how long", "duration", "lasts", "end date",
        "продължителност", "продължава", "колко време", "prodalzhitelnost",
        "durada", "dura", "quant dura", "duración", "cuánto dura", "cuanto dura",
        "기간", "얼마 동안", "얼마동안", "언제까지", "多长时间", "为期", "持续", "多久",
    ),
    "fact_partner_countries": (
        "countries", "country", "which countries", "where from",
        "държави", "държава", "страни", "darzhavi", "strani",
        "països", "paisos", "país", "países", "paises",
        "국가", "나라", "국가들", "国家", "哪些国家", "地区",
    ),
    "fact_how_to_apply": (
        "apply", "application", "join", "participate", "sign up", "register", "take part",
        "кандидатств*", "kandidatstv*", "участва*", "uchastva*", "включ*",
        "sol·licit*", "sollicit*", "presentar*", "inscri*", "participar", "solicit*", "unir*",
        "신청", "지원하", "참여하", "참가하", "지원 방법", "申请", "参加", "报名", "加入",
    ),
    # What a name or an acronym stands for: a card's first line gives the full name.
    "name_of": (
        "stand for", "stands for", "abbreviation", "acronym", "full name", "short for",
        "съкращение", "абревиатура", "пълно име", "пълното име", "sukrashtenie",
        "разшифрова*", "razshifrova*", "рашифрова*",
        "sigles", "sigla", "siglas", "nom complet", "nombre completo", "abreviatura",
        "약자", "약어", "풀네임", "정식 명칭", "뜻", "무슨 뜻", "缩写", "全称", "全名", "简称",
        "代表什么", "什么意思",
    ),
    "programmes": (
        "which programmes", "which programs", "list of programmes", "what programmes",
        "all programmes", "all programs", "what programs",
        "кои програми", "какви програми", "списък на програмите", "koi programi",
        "quins programes", "qué programas", "que programas", "cuáles programas",
        "llista de programes", "lista de programas",
        "프로그램들", "어떤 프로그램", "프로그램 목록", "哪些计划", "计划列表", "项目有哪些",
    ),
    "who": (
        "who", "who is", "whos", "кой", "коя", "koy", "koya", "qui", "quién", "quien",
        "누구", "누가", "谁",
    ),
}

KIND_CUES: dict[str, tuple[str, ...]] = {
    "meeting": (
        "meeting*", "meet", "session", "get-together", "get together",
        "среща", "срещи", "срещата", "срещите", "sreshta*", "sreshti",
        "reunió", "reunions", "reunio*", "reunión", "reuniones", "reunion*", "trobada*",
        "회의", "미팅", "모임", "会议", "会面", "见面",
    ),
    "webinar": (
        "webinar*", "web seminar", "online seminar",
        "уебинар*", "uebinar*", "vebinar*",
        "seminari web", "seminaris web", "seminario web", "seminarios web", "webinari*",
        "웨비나*", "웨비너*", "온라인 세미나", "网络研讨会", "线上研讨会", "研讨会",
    ),
    "deadline": (
        "deadline*", "due", "cut-off", "cutoff", "closes", "close", "closing date", "last day",
        "submit*", "submission*", "send in", "hand in", "подава*", "подаване", "изпрат*",
        "presentar la", "entregar", "enviar la", "entrega", "lliurar", "enviar el", "제출",
        "접수", "提交", "递交", "报名截止",
        "срок", "срока", "срокът", "краен срок", "крайния срок", "крайният срок", "srok*",
        "kraen srok", "krayniya srok", "krainiya srok",
        "termini", "data límit", "tancament", "tanca",
        "plazo", "fecha límite", "cierre", "cierra", "vence",
        "마감*", "기한", "截止*", "期限", "最后一天",
    ),
    "study_visit": (
        "study visit*", "visit*", "trip",
        "посещени*", "poseshtenie*", "учебно посещение", "визита",
        "visita*", "visites", "viatge", "viaje",
        "연수*", "방문*", "견학", "스터디 방문", "스터디 투어", "스터디*", "투어", "study tour*",
        "考察*", "访问", "参访", "研学", "研学访问", "游学", "研修",
    ),
    "conference": (
        "conference*", "congress", "конференция*", "konferentsiya*",
        "conferència", "conferencia*", "congrés", "congreso",
        "컨퍼런스", "콘퍼런스", "학술대회", "大会", "会议大会", "闭幕",
    ),
    "milestone": (
        "milestone*", "етап*", "fita", "hito", "이정표", "里程碑",
    ),
}

# Function words of the Latin-script languages, for language identification.
# Latin-typed Bulgarian is listed as it is typed ("koy e partnyorat na").
LATIN_VOCAB: dict[str, tuple[str, ...]] = {
    "en": (
        "the", "what", "who", "whos", "when", "where", "which", "is", "are", "was", "were",
        "does", "do", "did", "how", "many", "much", "next", "upcoming", "partner", "city",
        "cities", "programme", "program", "deadline", "meeting", "about", "tell", "me", "of",
        "for", "with", "and", "to", "an", "its", "their", "there", "any", "whats", "hello",
        "hi", "help", "until", "left", "days", "funds", "funded", "apply", "topics", "visit",
        "study", "list", "pairs", "paired", "last", "first", "second", "closing", "conference",
        "countries", "long", "managed", "runs", "this", "will", "be", "has", "have", "can",
        "my", "s", "it", "who's", "pays", "take", "place", "held", "twin",
        # more common words of this language
        "heard", "that", "you", "your", "we", "our", "they", "he", "she", "at", "by", "from",
        "into", "if", "or", "but", "not", "so", "only", "also", "all", "some", "more", "most",
        "other", "new", "year", "years", "month", "months", "week", "day", "time", "lasts",
        "approved", "approve", "strategy", "meetings", "whose", "why",
        "should", "could", "would", "got", "said", "need", "want", "like", "know", "after",
        "before", "between", "during", "still", "already", "yet", "again", "each", "every",
        "both", "few", "part", "took", "taking", "joined", "join", "selected", "chosen",
        "support", "supports", "funding", "paying", "organised", "organized", "presented",
        "hosted", "based", "doing", "done", "ago", "exactly", "yes",
    ),
    "es": (
        "parte", "forman", "forma", "significa", "q", "xq", "pq", "qn", "cdo", "dnd", "pa",
        "tener", "esto", "eso", "pues", "mientras", "alguna", "algun", "puede", "habia", "ano",
        "anos", "anuncio", "lugar",
        "calendario", "duracion", "temas", "socios", "fondos", "parejas", "plazo", "inscripcion",
        "semana", "objetivos", "financiacion", "segunda", "tematicas", "clausura", "cierre",
        "ayuntamiento",
        "el", "la", "los", "las", "que", "quien", "cuando", "donde", "cual", "cuales", "es",
        "son", "fue", "hay", "de", "del", "en", "con", "por", "para", "y", "un", "una",
        "ciudad", "ciudades", "socia", "socio", "hermanada", "pareja", "parejas", "proxima",
        "proximo", "plazo", "reunion", "seminario", "cuanto", "cuantos", "cuantas", "dias",
        "quedan", "falta", "faltan", "financia", "gestiona", "temas", "visita", "estudio",
        "hola", "ayuda", "como", "solicitar", "convocatoria", "cierra", "termina", "sobre",
        "dime", "cuentame", "paises", "duracion", "dura", "segunda", "clausura", "lista",
        "organizacion", "se", "celebro", "celebra", "cual", "objetivos", "programa",
        "programas", "cierre", "tiene",
        # more words only this language writes (folded), for telling ca from es
        "este", "esta", "estos", "estas", "muy", "porque", "tambien", "nosotros", "ningun",
        "hoy", "manana", "ayer", "ano", "anos", "meses", "semana", "hacer", "hecho", "hemos",
        "puedo", "puedes", "podemos", "pueden", "quiero", "quieres", "tengo", "tienes",
        "tenemos", "tienen", "soy", "eres", "somos", "estoy", "estamos", "estan", "lo", "unos",
        "unas", "sin", "hasta", "algunos", "algunas", "todos", "todas", "otro", "otra", "otros",
        "otras", "mismo", "participan", "incluye", "incluyen", "habra", "encuentro",
        "reuniones", "ayuntamiento", "todavia", "pronto", "despues", "antes", "solo", "menos",
        "gracias", "adios", "desarrollo", "bajo", "baja", "agua", "calidad", "vivienda",
        "migracion", "cooperacion", "seleccion", "ciudadanos", "empresas", "hace", "hacen",
        "trabajo", "presentacion", "ya",
        # more common words of this language
        "fecha", "proximos", "proximas", "titulo", "primera",
    ),
    "ca": (
        "part", "forma", "formen", "fan",  # "forma part del programa?"
        "significa", "q", "xq", "pq",  # (chat abbreviations, in both)
        "seu", "vaig", "feia", "tenen", "aixo", "allo", "perque", "pot", "soc", "hauria",
        "anunci", "mentre", "eren", "havia",
        # content words Spanish spells otherwise ("calendari ICP?", "duracio ICC?")
        "calendari", "duracio", "durada", "anava", "temes", "socis", "fons", "parelles",
        "termini", "inscripcio", "setmana", "mesos", "objectius", "finançament", "segona",
        "tematiques", "tancament", "cloenda", "visites", "ajuntament", "inclosos", "inclosa",
        "incloses", "inclos",
        "vol", "dir", "volen", "diu", "diuen", "aquest", "aquesta", "aquests", "aquestes",
        "el", "la", "els", "les", "que", "qui", "quan", "on", "quin", "quina", "quins",
        "quines", "es", "son", "va", "hi", "ha", "de", "del", "dels", "en", "amb", "per",
        "i", "un", "una", "ciutat", "ciutats", "socia", "soci", "agermanada", "parella",
        "parelles", "propera", "proper", "termini", "reunio", "quant", "quants", "quantes",
        "dies", "queden", "falta", "financa", "gestiona", "temes", "visita", "estudi", "hola",
        "ajuda", "com", "sollicitar", "convocatoria", "tanca", "acaba", "sobre", "digues",
        "explica", "m", "paisos", "durada", "dura", "segona", "cloenda", "llista",
        "organitzacio", "programa", "programes", "seva", "fa", "d", "l", "objectius", "tenir",
        "lloc", "fins", "bon", "dia", "bona", "tarda", "nit", "data",
        # more words only this language writes (folded), for telling ca from es
        "aquest", "aquesta", "aquests", "aquestes", "meu", "meva", "seus", "seves", "molt",
        "perque", "doncs", "tambe", "nosaltres", "ningu", "avui", "dema", "ahir", "anys",
        "mesos", "setmana", "fer", "fet", "feta", "hem", "heu", "puc", "pots", "podem", "poden",
        "vull", "vols", "volem", "tinc", "tens", "tenim", "soc", "ets", "som", "sou", "estic",
        "estem", "ho", "uns", "unes", "als", "pels", "sense", "algun", "alguna", "alguns",
        "algunes", "tots", "totes", "altre", "altra", "altres", "mateix", "socis", "participen",
        "inclou", "inclouen", "haura", "hauran", "trobada", "trobades", "reunions",
        "ajuntament", "encara", "aviat", "despres", "abans", "nomes", "menys", "gracies",
        "adeu", "desenvolupament", "baix", "baixa", "aigua", "qualitat", "habitatge",
        "migracio", "cooperacio", "seleccio", "ciutadans", "empreses", "cal", "dona", "feina",
        "tancament", "podria",
    ),
    "bg": (
        "koy", "koya", "koe", "koi", "koga", "kakvo", "kade", "kak", "kolko", "e", "sa", "na",
        "za", "s", "i", "ot", "v", "grad", "grada", "gradove", "partnyor", "partnyorat",
        "partnyorskiyat", "partnyorski", "partniorat", "partnor", "programa", "programata",
        "sreshta", "sreshtata", "srok", "srokat", "kraen", "sledvashta", "sledvashtata",
        "sledvashtiyat", "predstoyashti", "uebinar", "uebinara", "dni", "ostavat", "ostava",
        "finansira", "upravlyava", "temi", "temite", "poseshtenie", "zdravey", "zdrasti",
        "pomosht", "kandidatstvane", "kazhi", "mi", "dvoyki", "darzhavi",
        "prodalzhitelnost", "parvo", "vtoro", "zaklyuchitelna", "spisak", "li", "shte",
        "beshe", "ima", "koyto", "kogo", "kakva", "tseli", "tselite", "sofiya", "do",
        "partnyorskiya", "partnyora", "gradat", "programi",
        # more words of Latin-typed Bulgarian chats
        "kakvi", "kakav", "kakuv", "drugi", "vurhu", "varhu", "fokusira", "partnior",
        "partniori", "partnyori", "uebinari", "predstoqt", "predstoyat", "4ao", "zashto",
        "kude", "kyde", "mnogo", "sega", "veche", "oshte", "o6te", "kogato", "tova", "tozi",
        "tazi", "tezi", "nashiyat", "nashiya", "gradovete", "gradut", "sreshti", "sreshtite",
        "strategiyata", "strategiqta", "uchastva", "uchastvat", "uchastie", "koito", "izbrani",
        "izbran", "odobrena", "odobren", "balgarski", "bulgarski", "evropeiski",
        "evropeyski", "kandidatstva",
        # more common words of this language
        "se", "kazva", "kmeta", "kmet", "zam", "po", "tochno", "kazhete", "molya", "mersi",
    ),
}

# What kind of answer a question wants, from its question words. "what is X" asks
# for a description; the rest pick the answer type a fact or computed answer gives.
QUESTION_TYPES: dict[str, tuple[str, ...]] = {
    "who": (
        "who", "whos", "who's", "whom", "which organisation", "which organization",
        "кой", "коя", "кои", "koy", "koya", "koi", "кого", "с кого", "kogo", "s kogo",
        "qui", "quién", "quien", "quienes",
        "quiénes", "누구", "누가", "어느 기관", "어떤 기관", "谁", "哪个机构", "哪家",
    ),
    "when": (
        "when", "what date", "which date", "what day", "which day", "date",
        "кога", "на коя дата", "дата", "датата", "koga", "quan", "quin dia", "quina data",
        "cuándo", "cuando", "qué día", "que dia", "qué fecha", "fecha",
        "언제", "날짜", "며칠", "몇 월", "몇월", "什么时候", "何时", "哪天", "日期", "几号",
        "几月", "哪个月", "时间", "啥时候", "啥时", "什么时间", "시기", "언제쯤", "시점",
        # the month asked by "which": "in which month", "en quin mes", "в кой месец"
        "which month", "what month", "in which month", "in what month", "кой месец",
        "which dates", "what dates",
        "в кой месец", "през кой месец", "koy mesets", "v koy mesets", "quin mes",
        "en quin mes", "a quin mes", "qué mes", "que mes", "en qué mes", "en que mes",
        "어느 달", "무슨 달", "몇 월에", "哪月", "在哪个月", "in which months", "what months",
        "which months", "кои месеци", "през кои месеци", "quins mesos", "en quins mesos",
        "qué meses", "que meses", "en qué meses", "en que meses", "哪几个月", "哪些月份",
        # how long ago: the date answers it, with how long ago that was
        "how long ago", "how many years ago", "how many months ago", "преди колко време",
        "преди колко", "predi kolko vreme", "predi kolko", "fa quant", "fa quant de temps",
        "quant de temps fa", "fa quants anys", "hace cuánto", "hace cuanto",
        "hace cuánto tiempo", "hace cuanto tiempo", "cuánto tiempo hace", "cuanto tiempo hace",
        "hace cuántos años", "얼마나 전", "몇 년 전", "多久以前", "多久之前", "多长时间以前",
        "几年前", "多少年前",
        # the week asked: "коя седмица", "which week"
        "which week", "what week", "коя седмица", "в коя седмица", "koya sedmitsa",
        "quina setmana", "qué semana", "que semana", "어느 주", "몇째 주", "哪一周", "哪周",
    ),
    # The hour of the day: only an event stored to the minute gives it.
    "clock": (
        "what time", "at what time", "what hour", "at what hour", "which hour", "what o'clock",
        "в колко часа", "колко часа", "в кой час", "v kolko chasa", "kolko chasa",
        "a quina hora", "quina hora", "a quin hora", "a qué hora", "a que hora", "qué hora",
        "que hora", "몇 시", "몇시", "몇 시에", "几点", "几点钟", "什么时间开始",
    ),
    "how_many": (
        "how many", "how much", "number of", "count", "total",
        "колко", "брой", "броят", "kolko", "broi", "broy", "broyat", "broiat", "quants",
        "quantes", "quant", "nombre de",
        "cuántos", "cuántas", "cuantos", "cuantas", "número de", "numero de",
        "cuánto", "cuanto", "quanta", "얼마",
        "몇", "몇 개", "몇 곳", "몇 명", "몇 쌍", "얼마나 많", "多少", "几个", "几座", "几家",
        "几对", "几组", "多少对", "数量", "总数", "人数",
        # "승인된 도시 수는?": the number of cities
        "도시 수", "도시수", "도시의 수", "나라 수", "국가 수", "개수", "城市数", "数目",
        # a comparison of two counts: each count answers it
        "which has more", "which one has more", "which has fewer", "who has more",
        "quin en té més", "quina en té més", "quin té més", "cuál tiene más", "cual tiene mas",
        "quién tiene más", "кой има повече", "коя има повече", "коя програма има повече",
        "어디가 더 많", "어느 쪽이 더 많", "哪个更多", "哪个多", "谁更多",
    ),
    # Why, or what for: a goal or an explanation answers it.
    "why": (
        "why", "what for", "what's the point", "whats the point", "the point of", "purpose of",
        "what is the purpose", "защо", "за какво", "zashto", "za kakvo", "с каква цел",
        "per què", "per a què", "per que", "quin sentit", "por qué", "por que", "para qué",
        "para que sirve", "para qué sirve", "con qué fin", "per a què serveix",
        "per a que serveix", "per què serveix", "what is it for", "what's it for", "за какво служи",
        "za kakvo sluzhi", "왜", "무엇을 위해", "무슨 목적",
        "为什么", "为何", "为了什么", "干什么用",
    ),
    "how_often": (
        "how often", "how frequently", "колко често", "kolko chesto", "cada quan", "cada quant",
        "amb quina freqüència", "con qué frecuencia", "con que frecuencia", "cada cuánto",
        "cada cuanto", "얼마나 자주", "몇 번이나", "多久一次", "多长时间一次", "频率", "多常",
        "多久开一次", "隔多久", "每隔多久",
    ),
    "how_long": (
        "how long", "duration", "for how long", "колко време", "колко дълго",
        "колко продължава", "kolko prodalzhava", "колко трае", "kolko trae",
        "продължителност", "quant de temps", "quant dura", "quan dura", "quan durarà", "durada",
        "cuánto tiempo",
        "cuanto tiempo", "cuánto dura", "cuanto dura", "duración", "duracion",
        "얼마 동안", "얼마동안", "기간", "多长时间", "多久", "为期", "持续多久", "持续几天",
        "为期几天", "几天", "持续多少天", "며칠 동안", "며칠간",
        "년짜리", "개월짜리", "년간", "几年", "多少年", "얼마나 걸려", "얼마나 걸리", "얼마나 걸립",
    ),
    "where": (
        "where", "which city", "in which city", "къде", "в кой град", "kade",
        "where from", "from where", "откъде", "otkade", "otkude", "d'on és", "de dónde es",
        "de donde es", "어디 출신", "어디 소속", "来自哪里", "哪里的",
        "on és", "on es", "on se",
        "a quina ciutat",
        "dónde", "donde", "en qué ciudad", "어디", "어느 도시", "哪里", "在哪", "哪个城市",
    ),
    "which": (
        "which", "which cities", "which city", "what cities", "name the", "names of", "list",
        "cuál es", "cual es", "cuáles son", "cuales son", "quin és", "quina és", "quins són",
        "quines són",
        "кои", "кои са", "кой град", "кои градове", "koi", "koi sa", "quines", "quins",
        "коя държава", "от коя държава", "koya darzhava", "ot koya darzhava",
        "quina ciutat", "quines ciutats", "cuáles", "cuales", "qué ciudades",
        "que ciudades", "qué ciudad", "어느 도시", "어떤 도시", "어느", "이름", "哪些", "哪个城市",
        "哪几个", "名单", "哪个", "哪一个", "哪座", "哪家", "哪几类", "哪几种", "哪类", "哪种",
        "哪几", "리스트", "목록",
    ),
    # What something is about: its topics, or what it is for.
    "topic": (
        "what topic", "what topics", "which topic", "which topics", "what themes",
        "what subject", "what subjects", "about what", "topic of", "topics of",
        "каква тема", "какви теми", "на каква тема", "по каква тема", "какви са темите",
        "кво са темите", "кви са темите", "кои са темите", "кои са главните теми",
        "кво са главните теми",
        "kakva tema", "kakvi temi", "quin tema", "quins temes", "de què tracta",
        "de què tracten", "de què va", "sobre què", "qué tema", "qué temas", "que tema",
        "que temas", "de qué trata", "de qué tratan", "de qué va", "sobre qué",
        "무슨 주제", "어떤 주제", "주제가 뭐", "주제 뭐", "주제는 뭐", "무슨 내용", "어떤 내용",
        "什么主题", "哪些主题", "主题是什么", "关于什么", "讲什么", "什么内容", "哪些议题",
        "什么议题", "什么话题", "哪些话题", "啥话题",
        "讲的是什么", "讲了什么", "讲的什么", "谈了什么", "说的是什么",
        "de qué trató", "de qué trataba", "de què va tractar", "de què tractava",
        "sobre qué fue", "sobre què va ser", "what was it about", "what was the topic",
        "за какво беше", "за какво се говори", "za kakvo beshe", "무슨 얘기", "뭘 다뤘",
    ),
    "what_is": (
        "what is", "what's", "whats", "what are", "tell me about", "info about", "explain",
        "overview", "describe", "meaning", "stand for", "stands for",
        "какво е", "какво представлява", "разкажи", "разкажете", "какво означава",
        "kakvo e", "què és", "que es", "explica", "explica'm", "parla'm", "qué es", "que es",
        "què vol dir", "que vol dir", "vol dir", "qué quiere decir", "que quiere decir",
        "quiere decir", "какво значи", "kakvo znachi", "kakvo oznachava", "що е", "shto e",
        "кво е", "kvo e", "chto e", "що е това", "що за",
        # "what is meant by": "refers to", "какво се разбира под", "指的是"
        "refers to", "refer to", "what is meant by", "meant by", "какво се разбира под",
        "какво се има предвид под", "kakvo se razbira pod", "què s'entén per",
        "qué se entiende por", "que se entiende por", "a què es refereix", "a qué se refiere",
        "指的是", "指什么", "具体指", "是指", "무슨 뜻", "뜻이", "무슨 의미",
        "cuéntame", "háblame", "hablame", "qué significa", "significa", "significan",
        "significa qué", "означава", "oznachava",
        "뭐야", "뭔가요", "무엇인가요", "뭐예요", "어떤 곳", "소개", "알려줘", "설명",
        "무슨 뜻", "무슨 의미", "뜻이", "의미가", "cómo se llama", "como se llama",
        "cómo se llaman", "com es diu", "com es diuen", "как се казва", "kak se kazva",
        "what's the name of", "what is the name of",
        "是什么", "是啥", "介绍", "介绍一下", "说说", "讲讲", "什么是", "什么意思", "啥意思",
        "含义",
    ),
    # what someone does: their role, or what they are ("q hace exactamente CityNet")
    "what_does": (
        "qué hace", "que hace", "q hace", "qué hacen", "que hacen", "què fa", "que fa", "q fa",
        "què fan", "que fan", "какво прави", "kakvo pravi", "какво правят", "kakvo pravyat",
    ),
}

# Words of "is it too late?" ("късно", "tarde", "늦", "晚"): a yes would read the
# wrong way round, so the time left is answered without one.
# "The next webinar": the one still to come, not one "planned" or "scheduled" (folded
# word starts; Korean and Chinese in their own script).
NEXT_ONE_WORDS: tuple[str, ...] = (
    "next", "upcoming", "coming", "forthcoming", "sledvasht", "predstoyasht", "predstoi",
    "proper", "proxim", "siguiente")
NEXT_ONE_RUNS: tuple[str, ...] = ("다음", "下一", "下次", "接下来", "即将")
# "What comes after the kick-off?": the event that follows the one named (folded words
# and phrases; Korean and Chinese in their own script).
AFTER_WORDS: tuple[str, ...] = (
    "after", "following", "sled", "sled tova", "despres de", "despres del", "despues de",
    "despues del", "tras", "a continuacion de")
AFTER_RUNS: tuple[str, ...] = ("끝나고", "끝난 뒤", "끝난 후", "다음에는", "그다음", "그 다음",
                               "이후에", "之后", "以后", "结束后", "接下来")
# Words that ask which of two events came first ("What came first, the kick-off or the
# launch week?", "¿Qué fue antes…?", "哪个更早") or whether they fell on one day (folded;
# Korean and Chinese as written). Only with the two events on either side of an "or"
# or "and" do they compare anything.
EARLIER_WORDS: tuple[str, ...] = (
    "came first", "happened first", "was first", "earlier", "sooner", "before", "po rano",
    "po ranno", "parvo", "abans", "antes", "primero")
EARLIER_RUNS: tuple[str, ...] = ("먼저", "더 빨리", "더 일찍", "빨랐", "앞서", "更早", "哪个早",
                                 "谁早", "先")
# "How many days passed between the kick-off and the webinar?", "How long after the
# strategy's approval was Sofia accepted?": the time between two dated events (folded
# words; Korean and Chinese in their own script).
BETWEEN_WORDS: tuple[str, ...] = ("between", "entre", "mezhdu")
BETWEEN_RUNS: tuple[str, ...] = ("사이", "之间", "相隔", "间隔", "相差")
SAME_DAY_WORDS: tuple[str, ...] = (
    "same day", "same date", "same time", "sashtiya den", "sashtia den", "edin i sasht den",
    "edin den", "mateix dia", "mateixa data", "mismo dia", "misma fecha")
SAME_DAY_RUNS: tuple[str, ...] = ("같은 날", "같은날", "同一天", "同一日", "同一时间", "同时")
# ...or whether it is over: "Has the call closed?", "已经截止了吧？" (a yes would read the
# wrong way round after "Can I still apply?")
TOO_LATE_WORDS = frozenset({"late", "kasno", "kusno", "tard", "tarde", "closed", "over",
                            "passed", "expired", "cerrado", "cerrada", "cerro", "vencido",
                            "vencio", "tancat", "tancada", "tanca", "vencut", "zatvoren",
                            "zatvori", "izteche", "iztekal", "priklyuchi", "minal"})
TOO_LATE_RUNS: tuple[str, ...] = ("늦", "晚了", "太晚", "来不及", "截止了", "结束了", "마감됐",
                                  "마감되었", "끝났")
# Words by which such a question asks whether it is *not* over yet ("Isn't it closed
# yet?", "还没截止吧？", "아직 안 끝났죠?"): a yes or no would read the wrong way round
# (folded; Korean and Chinese as written). A closing "no?" only asks to confirm
# ("Ya ha cerrado, ¿no?").
NOT_YET_WORDS = frozenset({"not", "isnt", "hasnt", "ne", "nito", "oshte", "encara", "todavia",
                           "aun", "yet", "still"})
NOT_YET_RUNS: tuple[str, ...] = ("还没", "尚未", "没有截止", "未截止", "没截止", "没结束", "안 ",
                                 "않", "아직")

# Words that ask for a place by name ("which city", "in what country"): an answer
# that names no city or country beyond the question's own does not answer them
# ("where" does not: "in a European city" or "online" answers it).
PLACE_ASKS: tuple[str, ...] = (
    "which city", "which cities", "what city", "what cities", "which country",
    "which countries", "what country", "in which city", "which town",
    "кой град", "кои градове", "в кой град", "коя държава", "кои държави", "от коя държава",
    "koi gradove", "koy grad", "v koy grad", "koya darzhava",
    "quina ciutat", "quines ciutats", "a quina ciutat", "en quina ciutat", "quin país",
    "quins països", "qué ciudad", "que ciudad", "qué ciudades", "que ciudades",
    "en qué ciudad", "en que ciudad", "qué país", "que pais", "qué países", "que paises",
    "어느 도시", "어떤 도시", "무슨 도시", "어느 나라", "어떤 나라", "도시가 어디", "도시는 어디",
    "哪个城市", "哪座城市", "哪些城市", "什么城市", "哪个国家", "哪些国家",
)

# Asking for the exact day (a month-precise event's answer cannot give it).
DAY_ASKS: tuple[str, ...] = (
    "exact date", "exact day", "which day exactly", "what day exactly", "the exact date",
    "on which day", "on what day", "what day", "which day", "precise date",
    "коя дата", "на коя дата", "точната дата", "кой ден", "в кой ден", "на кой ден",
    "koya data", "na koya data", "koy den", "v koy den", "tochnata data",
    "dia exacte", "data exacta", "quin dia", "quin dia exactament", "en quin dia",
    "día exacto", "dia exacto", "fecha exacta", "qué día", "que dia", "qué día exactamente",
    "en qué día", "정확한 날짜", "정확한 날", "며칠날", "몇 월 며칠", "몇월 며칠", "무슨 요일",
    "어느 날",
    "几号", "哪天", "哪一天", "具体日期", "具体哪天", "几月几号", "几月几日",
)

# Short social messages, answered briefly in their own language.
SMALLTALK: dict[str, dict[str, tuple[str, ...]]] = {
    "thanks": {
        "en": ("thanks", "thank you", "thx", "ty", "cheers", "great", "perfect", "awesome",
               "cool", "nice", "thanks a lot", "many thanks", "much appreciated", "that helps",
               "that helped", "helpful", "very helpful", "that's helpful", "appreciate it",
               "really helpful", "that's really helpful", "super helpful", "that's all",
               "that's all for now", "thanks that's all for now"),
        "bg": ("благодаря", "мерси", "супер", "чудесно", "страхотно", "благодаря много",
               "много благодаря", "мерси много", "много ми помогна", "помогна ми",
               "blagodarya", "mersi", "blagodarya mnogo", "mnogo blagodarya",
               "blagodarq", "blagodarq mnogo", "mnogo blagodarq",
               "mersi mnogo", "mnogo mi pomogna", "много полезно", "полезно", "mnogo polezno",
               "polezno"),
        "ca": ("gràcies", "moltes gràcies", "perfecte", "genial", "merci", "molt útil",
               "moltes gràcies molt útil"),
        "es": ("gracias", "muchas gracias", "perfecto", "genial", "mil gracias"),
        "ko": ("감사합니다", "감사해요", "고마워", "고마워요", "고맙습니다", "땡큐", "감사",
               "완벽해요", "좋아요", "좋네요", "훌륭해요", "완벽", "최고예요"),
        "zh": ("谢谢", "多谢", "谢了", "谢谢你", "谢谢您", "太好了", "感谢", "辛苦了", "辛苦啦"),
    },
    "bye": {
        "en": ("bye", "goodbye", "see you", "see ya", "cya", "good night", "bye bye"),
        "bg": ("чао", "довиждане", "до скоро", "лека нощ", "chao", "dovizhdane", "лек ден",
               "хубав ден", "приятен ден", "lek den", "hubav den", "айде чао", "хайде чао",
               "aide chao", "ayde chao", "айде"),
        "ca": ("adéu", "fins aviat", "a reveure", "fins després", "bona nit"),
        "es": ("adiós", "hasta luego", "hasta pronto", "nos vemos", "buenas noches", "chao",
               "chau", "dale chau", "chau chau"),
        "ko": ("안녕히 계세요", "안녕히", "잘 있어", "바이", "또 봐요", "수고하세요"),
        "zh": ("再见", "拜拜", "回头见", "晚安"),
    },
    "ok": {
        "en": ("ok", "okay", "k", "got it", "alright", "all right", "understood", "fine", "sure"),
        "bg": ("добре", "ясно", "разбрах", "окей", "dobre", "yasno", "razbrah", "okei", "okey"),
        "ca": ("d'acord", "entesos", "vale", "entès", "molt bé"),
        "es": ("vale", "de acuerdo", "entendido", "ok", "bueno", "muy bien", "dale"),
        "ko": ("알겠어요", "알겠습니다", "오케이", "그래", "그렇군요", "알았어", "네 알겠습니다"),
        "zh": ("好", "好的", "明白", "明白了", "知道了", "行", "嗯", "懂了"),
    },
    "yes": {
        "en": ("yes", "yeah", "yep", "yup"),
        "bg": ("да", "ами да", "aha", "ага"),
        "ca": ("sí",),
        "es": ("sí", "si", "claro"),
        "ko": ("네", "예", "응"),
        "zh": ("是", "是的", "对", "对的"),
    },
    "no": {
        "en": ("no", "nope", "nah", "no thanks"),
        "bg": ("не", "не благодаря"),
        "ca": ("no", "no gràcies"),
        "es": ("no", "no gracias"),
        "ko": ("아니요", "아니", "아뇨", "괜찮아요"),
        "zh": ("不", "不是", "不用", "不用了", "没有"),
    },
    "hello": {
        # (and asking leave to ask: "Здрасти, може ли един въпрос?")
        "en": ("hello", "hi", "hey", "good morning", "good afternoon", "good evening",
               "hi there", "can i ask a question", "can i ask you something", "quick question",
               "i have a question"),
        "bg": ("здравей", "здравейте", "здрасти", "добър ден", "добро утро", "добър вечер",
               "zdravey", "zdraveyte", "zdrasti", "здр", "zdr", "как си", "kak si", "здр как си",
               "zdr kak si", "как сте", "kak ste", "може ли един въпрос", "може ли въпрос",
               "имам въпрос", "имам един въпрос", "mozhe li edin vapros", "imam vapros"),
        "ca": ("hola", "bon dia", "bona tarda", "bon vespre", "ei", "puc fer una pregunta",
               "tinc una pregunta"),
        "es": ("hola", "buenos días", "buenas tardes", "buenas", "buenas noches", "qué tal",
               "que tal", "hola qué tal", "hola que tal", "puedo hacer una pregunta",
               "tengo una pregunta", "una pregunta"),
        "ko": ("안녕하세요", "안녕", "반가워요", "하이", "좋은 아침", "좋은 아침이에요",
               "좋은 아침입니다", "질문 하나 해도 될까요", "질문 있어요", "질문이 있어요"),
        "zh": ("你好", "您好", "早上好", "嗨", "哈喽", "大家好", "可以问个问题吗", "我有个问题",
               "请教一个问题"),
    },
}

# Words that thank, at the start or end of a message that asks nothing ("Благодаря
# много, това ми беше полезно", "谢谢你的帮助！", "very useful, thank you"): the rest is
# politeness, whatever words it uses.
GRATITUDE: tuple[str, ...] = (
    "thanks", "thank you", "thank u", "thx", "благодаря", "благодарим", "мерси", "blagodarya",
    "blagodarq", "blagodaria", "mersi", "merci", "gràcies", "gracies", "moltes gràcies",
    "gracias", "muchas gracias", "감사합니다", "감사해요", "감사", "고맙습니다", "고마워요",
    "고마워", "谢谢", "多谢", "感谢", "谢啦",
)

# A request put as a question ("could you explain what…", "можете ли да ми кажете какво"):
# with a question word after it, it asks that, not yes or no (folded first two words);
# Korean requests by their ending ("정리해 주시겠습니까?").
REQUEST_STARTS = frozenset({"could you", "can you", "would you", "will you", "could u",
                            "can u", "bihte li", "mozhete li", "mozhesh li", "mozhe li",
                            "bi li"})
KOREAN_REQUEST_ENDINGS = ("주시겠습니까", "주시겠어요", "주세요", "줄래요", "주실래요",
                          "주실 수 있나요", "주실 수 있을까요", "줄 수 있어요", "줄 수 있나요")
# Bulgarian "кой/коя" (folded) before these nouns (folded beginnings) asks which one, not
# who: "за коя година", "в коя програма".
BG_WHICH_WORDS = frozenset({"koy", "koya", "koe", "koi", "koyto"})
BG_WHICH_NOUNS = ("godin", "program", "darzhav", "stran", "data", "dati", "mesets", "mesec",
                  "initsiativ", "inicijativ", "iniciativ",
                  "faza", "fazi", "sedmits", "tem", "region", "chast", "kontinent",
                  "initsiativ", "initziativ", "iniciativ")
# Of those, the ones that ask when ("коя година", "коя дата"): which date is when.
BG_WHICH_DATE_NOUNS = ("godin", "data", "dati", "mesets", "mesec", "sedmits")

# Words that make a question a yes/no question (Korean and Chinese endings are
# matched on the raw text in content.analysis).
YESNO_STARTS: tuple[str, ...] = (
    "is", "are", "was", "were", "does", "do", "did", "has", "have", "had", "can", "will",
    "would", "could", "isnt", "arent", "wasnt", "doesnt", "didnt", "any", "is there",
    "are there",
    "дали", "dali", "es", "és", "hi ha", "hay", "está", "esta", "existe", "fue", "va",
    "es verdad que", "es cierto que", "és veritat que", "és cert que", "вярно ли е",
)
YESNO_BG_PARTICLE = "ли"
YESNO_ENDINGS_KO: tuple[str, ...] = (
    "나요", "인가요", "있나요", "했나요", "됐나요", "되나요", "맞나요", "맞아요", "인가", "니",
    "습니까", "ㅂ니까", "입니까", "였나요", "이었나요", "있어요", "하나요", "가요",
)
YESNO_MARKERS_ZH: tuple[str, ...] = ("吗", "是否", "是不是", "有没有", "对不对", "没有吗", "了没")

# Numbers a yes/no question may state in words (folded), by value: "Does ICC last two
# years?" is not confirmed by a text that says 2.5, and a number the text does not give
# is never confirmed. "half" adds a half ("dos años y medio").
NUMBER_VALUES: dict[str, float] = {
    # ("one of the best", "more than one" state no number: read so in the ranker)
    "one": 1,
    **dict.fromkeys(("two", "dva", "dve", "dvama", "dvata", "dvete", "dos", "dues", "both",
                     "ambdues", "ambos", "ambas"), 2),
    **dict.fromkeys(("three", "tri", "trite", "tres"), 3),
    **dict.fromkeys(("four", "chetiri", "chetirima", "quatre", "cuatro"), 4),
    **dict.fromkeys(("five", "pet", "petima", "cinc", "cinco"), 5),
    **dict.fromkeys(("six", "shest", "sis", "seis"), 6),
    **dict.fromkeys(("seven", "sedem", "set", "siete"), 7),
    **dict.fromkeys(("eight", "osem", "vuit", "ocho"), 8),
    **dict.fromkeys(("nine", "devet", "nou", "nueve"), 9),
    **dict.fromkeys(("ten", "deset", "deu", "diez"), 10),
    "eleven": 11, "twelve": 12,
}
# "Vratsa - ICC or IURC?": the words that offer a choice between two names (folded, and
# in Korean and Chinese by their characters); one of the two answers the question.
CHOICE_WORDS = frozenset({"or", "ili", "o", "u", "ou"})
CHOICE_RUNS = ("아니면", "또는", "혹은", "还是", "或者", "或")
# ...unless the question compares them ("Which has more European cities, IURC or ICP?"):
# then both are asked.
COMPARING_WORDS = frozenset({"more", "most", "fewer", "less", "larger", "bigger", "longer",
                             "shorter", "earlier", "later", "mas", "menos", "mayor", "menor",
                             "mes", "menys", "poveche"})
COMPARING_RUNS = ("더 ", "더많", "더 많", "가장", "比", "更", "最多", "哪个多", "哪个长")
HALF_WORDS = frozenset({"half", "medio", "media", "mig", "mitja", "polovina"})
# Chinese numerals before a counter ("两年半", "三个城市"), by value ("一" is left out:
# "一个" is "a" as often as "one").
CHINESE_NUMERALS: dict[str, int] = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                                    "七": 7, "八": 8, "九": 9, "十": 10}
CHINESE_COUNTERS = ("个", "座", "年", "名", "家", "次", "天", "月", "对", "位", "所", "项", "国")
# Korean native numerals before a counter ("두 개", "세 곳"), by value.
# ("한" is left out: "한 쌍" is "a pair" as often as "one pair")
KOREAN_NUMERALS: dict[str, int] = {"두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6,
                                   "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
KOREAN_COUNTERS = ("개", "곳", "명", "도시", "나라", "년", "달", "번", "차례", "가지", "쌍")
# Words by which a clause of a fact's text says that something is not so, is not known,
# or was said otherwise earlier: such a clause confirms nothing a yes/no question states
# (folded; Korean as written).
DENIALS = frozenset({
    "not", "no", "never", "neither", "nor", "without", "earlier", "expected", "instead",
    "ne", "nyama", "nito", "niakoy", "nikoy", "bez", "rano", "rannoto", "ochakvashe",
    "ni", "sense", "anterior", "sin", "preveia", "esperava", "esperaba",
})
# Words that narrow what a yes/no question states ("partnered with only one city?"):
# the fact's text must say them too before it confirms anything (folded; Korean and
# Chinese as written).
RESTRICTIVE = frozenset({"only", "just", "solely", "exclusively", "samo", "edinstven",
                         "nomes", "sols", "unic", "unica", "solo", "solamente", "unico"})
RESTRICTIVE_RAW = ("유일", "뿐", "只", "仅", "唯一")
# Words a yes/no question may use for the word a fact's text says ("online?" of a
# meeting "in virtual format"): each group is one thing said.
SAID_ALIKE: tuple[tuple[str, ...], ...] = (
    ("online", "virtual", "virtually", "virtualen", "virtualno", "onlayn", "онлайн",
     "виртуален", "виртуално", "en linea", "en línia", "telematic*", "a distancia",
     "온라인", "비대면", "화상", "线上", "在线", "网上", "视频", "虚拟"),
    ("start", "starts", "launch", "launched", "zapochva", "започва", "старт", "старта",
     "стартира", "comença", "comenca", "empieza", "arranca", "시작", "开始", "启动"),
    ("unanimous", "unanimously", "unanimidad", "unanimitat", "unanime", "unanimement",
     "единодушно", "единодушен", "ednodushno", "만장일치", "一致", "全票"),
)
DENIALS_ZH = ("不", "没", "未", "无", "此前", "之前", "早先", "预计", "原本")
DENIALS_KO = ("않", "없", "아닌", "아니", "앞서", "예상", "모릅", "미정")

# Things people ask that no programme fact ever answers: contact details, logistics,
# money, weather, people's offices. A question about one of these is declined unless a
# fact lists the word among its own cues. (Times of day are not here: an event added
# with an exact time answers "what time".)
# Money given to someone: who gives it is known, how much never is ("IURC给每个参与城市
# 多少经费?", "How much funding does each city get?").
AMOUNT_OF_MONEY: tuple[str, ...] = (
    "funding", "funds", "financing", "grant", "grants", "euros", "eur", "finance",
    "финансиране", "финансирането", "средства", "средствата", "евро", "finansirane",
    "sredstva", "financiación", "financiacion", "fondos", "subvención", "subvencion",
    "finançament", "financament", "fons", "subvenció", "diners", "dinero", "пари",
    "资金", "经费", "拨款", "资助", "补贴", "欧元", "자금", "지원금", "보조금", "예산", "유로",
)

NEVER_ANSWERED: tuple[str, ...] = (
    # a third phase, edition or visit: the sources count no further than two
    "third", "fourth", "трета", "трети", "третата", "третия", "третото", "четвърта",
    "treta", "treti", "tretata", "tercera", "tercer", "tercero", "cuarta", "quarta",
    "세 번째", "셋째", "네 번째", "第三", "第四",
    "hotel*", "accommodation", "flight*", "ticket*", "visa", "visas", "passport*", "weather",
    "forecast", "temperature", "rain", "mayor", "population", "inhabitants", "price*",
    "cost*", "fee", "fees", "salary", "exchange rate", "email", "e-mail", "phone",
    "telephone", "address", "website", "web site", "url", "link", "download", "pdf", "slides",
    "ppt", "contact", "language of", "what language", "which language", "which languages",
    "in what language", "idioma", "idiomas", "idiomes", "llengua", "quina llengua",
    "на какъв език", "на кой език", "na kakav ezik", "na koy ezik", "어떤 언어", "무슨 언어",
    "언어로", "什么语言", "哪种语言", "语言是", "parking", "restaurant", "budget*", "money", "pay",
    "paid", "payment*", "плащ*", "pagar", "pagament", "pago", "지불", "납부", "付费", "付钱",
    "交钱",
    "бюджет*", "пари", "pressupost*", "diners", "presupuesto*", "dinero", "예산", "돈", "预算",
    "钱",
    "хотел*", "настаняване", "полет*", "билет*", "виза", "времето", "прогноза", "кмет",
    "кметът", "кмета", "население", "жители", "цена", "цени", "такса", "заплата", "курс",
    "имейл", "телефон", "адрес", "сайт", "уебсайт", "линк", "връзка към", "изтегл*",
    "презентаци*", "контакт*", "паркинг", "ресторант", "струва", "струваше", "струват",
    "струваха", "struva", "struvashe",
    "hotel", "allotjament", "avió", "avions", "bitllet*", "visat", "temps que fa", "fa bon temps",
    "alcalde", "alcaldessa", "quin temps farà", "temps farà", "quin temps fa",
    "quin temps feia", "temps feia", "quin temps va fer", "temps hi feia",
    "població", "habitants", "preu*", "cost", "quota", "sou",
    "correu", "telèfon", "l'adreça", "adreça de",
    "adreça electrònica", "quina adreça", "web", "enllaç", "descarregar", "contacte", "aparcament",
    "restaurant",
    "alojamiento", "vuelo*", "billete*", "pasaporte", "tiempo que hace", "qué tiempo hace",
    "que tiempo hace", "tiempo hará",
    "qué tiempo hará", "clima", "alcaldesa", "qué tiempo hacía", "que tiempo hacia",
    "tiempo hacía", "qué tiempo hizo", "que tiempo hizo",
    "población", "precio*", "coste*", "costo*", "cuota", "sueldo", "tipo de cambio", "correo",
    "teléfono", "dirección de", "página web", "enlace", "descargar", "contacto", "aparcamiento",
    "restaurante",
    "호텔", "숙소", "숙박", "항공", "비행기", "비자", "여권", "날씨", "기온",
    "시장", "인구", "가격", "비용", "요금", "수수료", "급여", "환율", "이메일",
    "메일", "전화", "주소", "웹사이트", "홈페이지", "링크", "다운로드", "발표자료",
    "연락처", "주차", "식당",
    "酒店", "宾馆", "住宿", "机票", "航班", "签证", "护照", "天气", "气温", "市长", "人口", "价格",
    "费用",
    "收费", "工资", "汇率", "邮箱", "邮件", "电话", "地址", "网站", "网址", "链接", "下载", "PPT",
    "联系方式", "停车", "餐厅", "怎么走",
    # who heads an organisation: the sources name none (a Directorate-General is no
    # director)
    "secretary general", "director", "directora", "directors", "directores",
    "director general", "president", "presidenta", "presidente", "ceo", "директор",
    "директорът", "директора", "генерален секретар", "председател", "председателят",
    "secretari general", "secretària general", "secretario general", "secretaria general",
    "사무총장", "회장", "秘书长", "会长", "总干事",
    # who attended and what joining costs: the sources give neither
    "attendees", "attendance", "quanta gent", "cuánta gente", "cuanta gente", "колко хора",
    "колко души", "колко човека", "kolko choveka", "kolko hora", "kolko dushi", "присъстваха",
    "prisastvaha", "how many people attended", "how many people were", "quantes persones",
    "cuántas personas", "cuantas personas", "присъстващи", "assistents", "asistentes", "참석자",
    "참석 인원", "出席人数",
    "参会人数", "多少人参加", "membership fee", "会费", "报名费", "회비",
    # what came of an event, and money per city: the sources report neither
    "outcome*", "conclusions", "takeaways", "resolutions", "conclusiones", "resultados",
    "acuerdos", "resultats", "acords", "изводи", "резултати", "резултатите", "결과", "결론",
    "结果", "结论", "宣布了什么", "참가비", "지원금", "보조금", "参加费", "补贴",
)
