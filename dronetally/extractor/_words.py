"""The words the extractor knows, in English, Ukrainian and Russian: number
words with their case forms, the cues of each node, weapons, places,
sources, months and the words that make a figure an interval.

Cyrillic words are matched by stem (the start of a word, casefolded), so
that one entry covers a word's case forms: ``курск`` finds Курской,
Курская, Курськ.  A stem may be a tuple of stems for consecutive words
(``("локаційно", "втрач")``).  Everything here is data: no rule in this
module knows any one statement.
"""

from __future__ import annotations

from collections.abc import Iterable

# -- number words ----------------------------------------------------------------

_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
             "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}


def _forms(value: int, *words: str) -> dict[str, int]:
    return {w: value for w in words}


def _ru_teen(stem: str) -> list[str]:
    # одиннадцать: -ать, -ати, -атью
    return [stem + "ать", stem + "ати", stem + "атью"]


def _uk_teen(stem: str) -> list[str]:
    # одинадцять: -ять, -яти, -ятьма, -ятьох
    return [stem + "ять", stem + "яти", stem + "ятьма", stem + "ятьох"]


def _number_words() -> dict[str, int]:
    words: dict[str, int] = {w: i for i, w in enumerate(_EN_UNITS)}
    words.update(_EN_TENS)
    words.update({"hundred": 100, "thousand": 1000, "dozen": 12, "a dozen": 12})
    # Russian
    ru = {
        1: "один одна одно одного одному одним одном одной одну",
        2: "два две двух двум двумя",
        3: "три трех трёх трем трём тремя",
        4: "четыре четырех четырёх четырем четырём четырьмя",
        5: "пять пяти пятью",
        6: "шесть шести шестью",
        7: "семь семи семью",
        8: "восемь восьми восемью восьмью",
        9: "девять девяти девятью",
        10: "десять десяти десятью",
        40: "сорок сорока",
        90: "девяносто девяноста",
        100: "сто ста",
        200: "двести двухсот двумстам двумястами",
        300: "триста трехсот трёхсот",
        400: "четыреста четырехсот четырёхсот",
        500: "пятьсот пятисот",
        600: "шестьсот шестисот",
        700: "семьсот семисот",
        800: "восемьсот восьмисот",
        900: "девятьсот девятисот",
    }
    for value, text in ru.items():
        words.update(_forms(value, *text.split()))
    for value, stem in ((11, "одиннадц"), (12, "двенадц"), (13, "тринадц"), (14, "четырнадц"), (15, "пятнадц"),
                        (16, "шестнадц"), (17, "семнадц"), (18, "восемнадц"), (19, "девятнадц"), (20, "двадц"),
                        (30, "тридц")):
        words.update(_forms(value, *_ru_teen(stem)))
    for value, stem in ((50, "пят"), (60, "шест"), (70, "сем"), (80, "восем")):
        words.update(_forms(value, stem + "ьдесят", stem + "идесяти", stem + "ьюдесятью"))
    words["восьмидесяти"] = 80
    # Ukrainian (any apostrophe the text writes is read as ' before lookup)
    uk = {
        1: "один одна одне одно одного одному одним одній одну одною",
        2: "два дві двох двом двома",
        3: "три трьох трьом трьома",
        4: "чотири чотирьох чотирьом чотирма",
        5: "п'ять п'яти п'ятьма п'ятьох п'ятьом",
        6: "шість шести шістьма шістьох шістьом",
        7: "сім семи сьома сімома сімох сімом",
        8: "вісім восьми вісьмома вісьмох вісьмом",
        9: "дев'ять дев'яти дев'ятьма дев'ятьох дев'ятьом",
        10: "десять десяти десятьма десятьох десятьом",
        40: "сорок сорока",
        90: "дев'яносто дев'яноста",
        100: "сто ста",
        200: "двісті двохсот двомстам",
        300: "триста трьохсот",
        400: "чотириста чотирьохсот",
        500: "п'ятсот п'ятисот",
        600: "шістсот шестисот",
        700: "сімсот семисот",
        800: "вісімсот восьмисот",
        900: "дев'ятсот дев'ятисот",
    }
    for value, text in uk.items():
        words.update(_forms(value, *text.split()))
    for value, stem in ((11, "одинадц"), (12, "дванадц"), (13, "тринадц"), (14, "чотирнадц"), (15, "п'ятнадц"),
                        (16, "шістнадц"), (17, "сімнадц"), (18, "вісімнадц"), (19, "дев'ятнадц"), (20, "двадц"),
                        (30, "тридц")):
        words.update(_forms(value, *_uk_teen(stem)))
    for value, text in ((50, "п'ятдесят п'ятдесяти п'ятдесятьма"), (60, "шістдесят шістдесяти шістдесятьма"),
                        (70, "сімдесят сімдесяти сімдесятьма"), (80, "вісімдесят вісімдесяти вісімдесятьма")):
        words.update(_forms(value, *text.split()))
    words.update({"тысяча": 1000, "тысячи": 1000, "тысяч": 1000, "тисяча": 1000, "тисячі": 1000, "тисяч": 1000})
    return words


#: Every number word, casefolded (Ukrainian apostrophes as '), to its value.
NUMBER_WORDS: dict[str, int] = _number_words()

#: Number words of magnitude: after a number they multiply it (2 тисячі 2000).
MAGNITUDES = frozenset(["hundred", "thousand", "тисяча", "тисячі", "тисяч", "тысяча", "тысячи", "тысяч"])

#: Magnitudes as plurals with no count before them ("тисячі дронів": thousands
#: of drones), and words of an amount with no number: none is a count.
VAGUE_AMOUNTS = frozenset(["тисячі", "тисяч", "тысячи", "тысяч", "thousands", "hundreds", "dozens", "сотні", "сотень",
                           "сотни", "десятки", "десятків", "десятков"])

#: Words that are number words in one language only; the others are shared or harmless.
_EN_ONLY = set(_EN_UNITS) | set(_EN_TENS) | {"hundred", "thousand", "dozen", "a dozen"}

#: Frequent words of one language only (casefolded), that tell Ukrainian from
#: Russian in a text with none of the letters of only one of them.
UK_WORDS = frozenset(["та", "що", "це", "від", "як", "який", "яка", "які", "якого", "також", "було", "були",
                      "збито", "збили", "знищено", "ворог", "ворожих", "ударними", "дронами", "атакував",
                      "атакувала", "атакували", "протягом", "ще", "ніч", "але", "або", "цілей", "повітряного"])
RU_WORDS = frozenset(["что", "это", "как", "который", "которые", "также", "было", "были", "сбито", "сбиты",
                      "уничтожено", "уничтожены", "противником", "атаковал", "атаковали", "ночь",
                      "но", "или", "целей", "воздушного", "еще", "беспилотников", "беспилотника"])

# -- intervals --------------------------------------------------------------------

#: Words before a number that make it an interval, longest first: (words, written prefix).
#: The prefix is the figure's written form in dronetally (">40", ">=30", "<=10", "~100", "<~100").
INTERVAL_CUES: list[tuple[tuple[str, ...], str]] = sorted([
    (("more", "than"), ">"), (("over",), ">"), (("upwards", "of"), ">"), (("in", "excess", "of"), ">"),
    (("at", "least"), ">="), (("no", "fewer", "than"), ">="), (("no", "less", "than"), ">="),
    (("not", "less", "than"), ">="), (("a", "minimum", "of"), ">="),
    (("up", "to"), "<="), (("as", "many", "as"), "<="), (("no", "more", "than"), "<="),
    (("fewer", "than"), "<"), (("less", "than"), "<"),
    (("about",), "~"), (("around",), "~"), (("approximately",), "~"), (("roughly",), "~"), (("some",), "~"),
    (("an", "estimated"), "~"), (("nearly",), "<~"), (("almost",), "<~"), (("close", "to"), "<~"),
    # Ukrainian
    (("понад",), ">"), (("більше", "ніж"), ">"), (("більш", "ніж"), ">"), (("більше",), ">"),
    (("щонайменше",), ">="), (("не", "менше", "ніж"), ">="), (("не", "менше"), ">="), (("принаймні",), ">="),
    (("до",), "<="), (("не", "більше", "ніж"), "<="), (("не", "більше"), "<="), (("менше", "ніж"), "<"),
    (("близько",), "~"), (("приблизно",), "~"), (("орієнтовно",), "~"), (("майже",), "<~"),
    # Russian
    (("более",), ">"), (("свыше",), ">"), (("больше",), ">"), (("не", "менее"), ">="),
    (("по", "меньшей", "мере"), ">="), (("как", "минимум"), ">="), (("минимум",), ">="),
    (("не", "более"), "<="), (("менее",), "<"), (("около",), "~"), (("примерно",), "~"), (("порядка",), "~"),
    (("почти",), "<~"),
], key=lambda item: -len(item[0]))

# -- nodes ------------------------------------------------------------------------

#: Cues of each node: stems of one word or of consecutive words.  A cue of
#: the node ``None`` takes its words out of play ("падіння збитих": falling
#: debris, not a figure of shot down).  A weak cue counts only where its
#: clause has no other.
NODE_CUES: list[tuple[tuple[str, ...], str | None, bool]] = []


def _cue(node: str | None, stems: Iterable[str | tuple[str, ...]], weak: bool = False) -> None:
    for stem in stems:
        NODE_CUES.append((stem if isinstance(stem, tuple) else (stem,), node, weak))


_cue(None, [("падіння", "збит"), ("падіння", "уламк"), ("падение", "обломк"), ("падения", "обломк"),
            ("уламк",), ("обломк",), ("debris",), ("fragments",), ("air", "defence"), ("air", "defense"),
            ("средствами", "пво"), ("засоби", "ппо")])
_cue("shot_down", [
    ("shot", "down"), ("shoot", "down"), ("shooting", "down"), "downed", "destroyed", "destroying", "destroy",
    "intercepted", "intercepting", "intercept", "neutralised", "neutralized", "suppressed", "eliminated",
    # uk
    "збито", "збили", "збив", "збила", "збитих", "збиті", "знищено", "знищили", "знищив", "знищені",
    "подавлено", "подавлені", "подавили", "перехоплено", "перехопили", "нейтралізовано", "збити", "знищити",
    "перехопити", "сбить", "уничтожить", "перехватить",
    "знешкоджено", "знешкодили", "знешкодила", "знешкоджені",
    # ru
    "сбиты", "сбито", "сбит", "сбили", "сбиты", "уничтожены", "уничтожено", "уничтожен", "уничтожили",
    "уничтожила", "перехвачены", "перехвачено", "перехвачен", "перехватили", "подавлены", "подавлено",
    "нейтрализованы", "нейтрализовано", "поражены",
])
_cue("lost_track", [
    ("locationally", "lost"), ("lost", "from", "radar"), ("lost", "to", "electronic"), ("lost", "to", "ew"),
    ("disappeared", "from", "radar"), ("vanished", "from", "radar"), ("loss", "of", "track"), ("lost", "track"),
    ("went", "missing"), ("missing",), ("disappeared",),
    ("lost", "location"), ("lost", "without"), ("lost", "to"),
    ("локаційно", "втрач"), ("локаційно",), ("втрачено",), ("втрачені",), ("зникли",),
    ("локационно", "потерян"), ("локационно",), ("потеряны",), ("пропали",),
])
_cue("launched", [
    "launched", "launch", "launching", ("attacked", "with"), "attacked", "sent", "fired", "deployed",
    "атакував", "атакувала", "атакували", "випустив", "випустила", "випустили", "запустив", "запустила",
    "запустили", "застосував", "застосувала", "атаковал", "атаковала", "атаковали", "выпустил", "выпустила",
    "выпустили", "запустил", "запустила", "применил", "применила",
])
_cue("launched", ["пуски", "пусків", "запуски", "запусків", "пуска", "пусков"])
_cue("launched", ["зафіксовано", "зафиксировано", "detected", "tracked"], weak=True)
_cue("lost_track", ["lost"], weak=True)
_cue("hit", [("hits",), ("hit",), ("struck",), ("reached", "their", "targets"), ("reached", "targets"),
             "влучання", "влучань", "влучили", "влучив", "попадания", "попаданий", "попадание"])
_cue("airborne", [("still", "in"), ("in", "the", "air"), "airspace", ("в", "повітряному", "просторі"),
                  ("у", "повітряному", "просторі"), ("в", "повітрі"), ("у", "повітрі"), ("в", "воздухе"),
                  ("в", "воздушном", "пространстве")])
_cue("diverted", [("left", "the"), ("flew", "away"), "полетіли", "полетів", "вилетіли", "вилетів", "улетели",
                  "ушли", "повернули", "повернулися", "разворачивались"])

#: "The rest" / "the remaining" without a number: the node is worked out from the others.
REST_CUES: list[tuple[str, ...]] = [("the", "rest"), ("the", "remainder"), ("the", "others"), ("the", "remaining"),
                                    ("решта",), ("решту",), ("інші",), ("остальные",), ("остальных",)]

#: "of", "out of" between a part and its whole ("52 out of 103", "41 з 64").
OF_WORDS: list[tuple[str, ...]] = [("out", "of", "the"), ("out", "of"), ("of", "the"), ("of",), ("з",), ("із",),
                                   ("зі",), ("из",)]
#: "of them" after a number: a part of the figure before.
OF_THEM: list[tuple[str, ...]] = [("of", "them"), ("of", "these"), ("of", "those"), ("of", "which"),
                                  ("із", "них"), ("з", "них"), ("зі", "них"), ("из", "них"), ("из", "которых"),
                                  ("з", "яких"), ("із", "яких")]

# -- weapons ----------------------------------------------------------------------

DRONE_STEMS = ("drone", "uav", "unmanned", "бпла", "безпілотн", "беспилотн", "дрон", "shahed", "шахед", "decoy",
               "ударн", "shahed-type", "летательн", "аппарат", "геран", "імітатор")
MISSILE_STEMS = ("missile", "ракет")
TARGET_STEMS = ("target", "цілей", "ціль", "цілі", "цели", "целей", "цель")
#: Phrases that name every weapon together ("засобів повітряного нападу": means of air attack).
ALL_WEAPON_PHRASES: list[tuple[str, ...]] = [("засоб", "повітрян", "напад"), ("средств", "воздушн", "нападени"),
                                            ("air", "attack", "weapons"), ("means", "of", "air", "attack")]

#: Other munitions, counted apart under an English name: bombs, rockets, shells.
OTHER_WEAPONS: list[tuple[str, str]] = [
    ("авіабомб", "guided aerial bombs"), ("авиабомб", "guided aerial bombs"), ("бомб", "guided aerial bombs"),
    ("каб", "guided aerial bombs"), ("bomb", "guided aerial bombs"), ("bombs", "guided aerial bombs"),
    ("снаряд", "rockets"), ("rocket", "rockets"), ("rockets", "rockets"), ("himars", "rockets"),
    ("shells", "shells"),
]

#: Missile classes by the stems of their adjectives, to an English name.
MISSILE_CLASSES: list[tuple[str, str]] = [
    ("ballistic", "ballistic missiles"), ("балістичн", "ballistic missiles"), ("баллистическ", "ballistic missiles"),
    ("cruise", "cruise missiles"), ("крилат", "cruise missiles"), ("крылат", "cruise missiles"),
    ("anti-ship", "anti-ship missiles"), ("протикорабельн", "anti-ship missiles"),
    ("противокорабельн", "anti-ship missiles"), ("керован", "guided missiles"), ("управляем", "guided missiles"),
    ("hypersonic", "hypersonic missiles"), ("гіперзвуков", "hypersonic missiles"),
    ("гиперзвуков", "hypersonic missiles"),
]

#: Weapon models as Ukrainian and Russian texts write them, in English.
MODEL_NAMES: dict[str, str] = {
    "циркон": "Zircon", "онікс": "Onyx", "оникс": "Onyx", "іскандер-м": "Iskander-M", "искандер-м": "Iskander-M",
    "іскандер-к": "Iskander-K", "искандер-к": "Iskander-K", "іскандер": "Iskander", "искандер": "Iskander",
    "с-400": "S-400", "с-300": "S-300", "х-101": "Kh-101", "х-555": "Kh-555", "х-22": "Kh-22", "х-32": "Kh-32",
    "х-59": "Kh-59", "х-69": "Kh-69", "х-31п": "Kh-31P", "х-35": "Kh-35", "х-47м2": "Kh-47M2", "калібр": "Kalibr",
    "калибр": "Kalibr", "кинджал": "Kinzhal", "кінджал": "Kinzhal", "бандероль": "Banderol", "дань-т": "Dan-T",
    "гербера": "Gerbera", "пародія": "Parodiya", "пародия": "Parodiya", "італмас": "Italmas", "итальмас": "Italmas",
    "герань-2": "Geran-2", "герань": "Geran", "точка-у": "Tochka-U", "оса": "Osa",
}

#: Parts of a weapon that "N of them ..." names (the stem of the word, to its name).
WEAPON_PARTS: list[tuple[str, str]] = [("jet", "jet"), ("реактивн", "jet"), ("decoy", "decoys"),
                                       ("імітатор", "decoys"), ("имитатор", "decoys"), ("shahed", "Shahed"),
                                       ("шахед", "Shahed"), ("геран", "Geran")]

#: Uncrewed boats (sea drones are boats, not drones): consecutive stems.
BOAT_PHRASES: list[tuple[str, ...]] = [
    ("катер",), ("безекіпажн",), ("безэкипажн",), ("морськ", "дрон"), ("морск", "дрон"), ("морськ", "безпілотн"),
    ("морск", "беспилотн"), ("boat",), ("usv",), ("uncrewed", "surface"), ("unmanned", "surface"),
    ("uncrewed", "boat"), ("unmanned", "boat"), ("sea", "drone"), ("naval", "drone"), ("maritime", "drone"),
    ("uncrewed", "sea"), ("unmanned", "sea"), ("uncrewed", "naval"), ("unmanned", "naval"),
]

# -- things counted that are not weapons ------------------------------------------

#: A number before one of these counts something else (locations, settlements, people...).
OTHER_NOUNS = ("location", "локаці", "локаци", "місц", "мест", "place", "site", "settlement", "населен", "people",
               "person", "civilian", "людей", "люди", "осіб", "человек", "building", "будин",
               "region", "област", "oblast", "district", "район", "times", "разів", "рази", "раза", "percent", "%",
               "відсот", "процент", "year", "роки", "років", "лет", "года", "годы", "hour", "годин", "часов", "часа",
               "minute", "хвилин", "минут", "day", "днів", "доб", "дней", "сут", "week", "тиж", "недел", "month",
               "місяц", "месяц", "km", "км", "kilomet", "кілометр", "километр", "metre", "meter", "метр", "child",
               "дітей", "дитин", "детей", "injur",
               "поранен", "ранен", "killed", "загибл", "погиб", "dead", "wounded", "casualt", "direction",
               "напрям", "направлен", "city", "cities", "міст", "город", "village", "села", "селищ", "object",
               "об'єкт", "объект", "apartment", "квартир", "vehicle", "cars", "автомоб", "fire", "пожеж", "пожар",
               "destroyer", "ship", "корабл", "plane", "aircraft", "літак", "самолет", "tank", "танк", "soldier",
               "військов", "военн", "hectare", "гектар", "tons", "tonnes", "тонн",
               "settlement", "домів", "домов", "house", "helicopter", "гелікоптер", "вертол", "вертоліт",
               "вертольот", "balloon", "аеростат", "аэростат", "truck", "вантажів", "грузовик")

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7, "серпня": 8,
    "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}

#: Words after a time of day ("9 a.m.", "15.00 мск").
TIME_WORDS = ("a.m", "p.m", "am", "pm", "мск", "msk", "год", "o'clock", "utc", "gmt", "kyiv", "київськ")

# -- places -----------------------------------------------------------------------

#: Regions: stems (one word, or consecutive words) to one English name.  English
#: names are matched whole; Cyrillic stems take any case ending.
REGIONS: list[tuple[tuple[str, ...], str]] = []


def _region(name: str, *stems: str | tuple[str, ...]) -> None:
    for stem in stems:
        REGIONS.append((stem if isinstance(stem, tuple) else (stem,), name))


for _name, _stems in {
    "Belgorod": ("belgorod", "білгород", "бєлгород", "белгород"),
    "Bryansk": ("bryansk", "брянськ", "брянск"),
    "Kursk": ("kursk", "курськ", "курск"),
    "Oryol": ("oryol", "orel", "orlov", "орловськ", "орловск", "орел", "орёл"),
    "Voronezh": ("voronezh", "воронезьк", "воронежск", "воронеж"),
    "Rostov": ("rostov", "ростовськ", "ростовск"),
    "Krasnodar": ("krasnodar", "краснодар"),
    "Crimea": ("crimea", "крим", "крым"),
    "Tula": ("tula", "тульськ", "тульск"),
    "Smolensk": ("smolensk", "смоленськ", "смоленск"),
    "Ryazan": ("ryazan", "рязанськ", "рязанск", "рязан"),
    "Kaluga": ("kaluga", "калузьк", "калужск", "калуг"),
    "Moscow": ("moscow", "московськ", "московск", "москв"),
    "Nizhny Novgorod": (("nizhny", "novgorod"), "нижегородск", "нижньогородськ"),
    "Novgorod": ("novgorod", "новгородськ", "новгородск"),
    "Vladimir": ("vladimir", "владимирськ", "владимирск"),
    "Volgograd": ("volgograd", "волгоградськ", "волгоградск"),
    "Lipetsk": ("lipetsk", "липецьк", "липецк"),
    "Tambov": ("tambov", "тамбовськ", "тамбовск"),
    "Saratov": ("saratov", "саратовськ", "саратовск"),
    "Samara": ("samara", "самарськ", "самарск"),
    "Penza": ("penza", "пензенськ", "пензенск"),
    "Tver": ("tver", "тверськ", "тверск"),
    "Yaroslavl": ("yaroslavl", "ярославськ", "ярославск"),
    "Ivanovo": ("ivanovo", "івановськ", "ивановск"),
    "Kostroma": ("kostroma", "костромськ", "костромск"),
    "Vologda": ("vologda", "вологодськ", "вологодск"),
    "Leningrad": ("leningrad", "ленінградськ", "ленинградск"),
    "Pskov": ("pskov", "псковськ", "псковск"),
    "Kaliningrad": ("kaliningrad", "калінінградськ", "калининградск"),
    "Astrakhan": ("astrakhan", "астраханськ", "астраханск"),
    "Stavropol": ("stavropol", "ставропольськ", "ставропольск"),
    "Tatarstan": ("tatarstan", "татарстан"),
    "Bashkortostan": ("bashkortostan", "башкортостан", "башкирі", "башкири"),
    "Mordovia": ("mordovia", "мордові", "мордови"),
    "Chuvashia": ("chuvashia", "чуваші", "чуваши"),
    "Adygea": ("adygea", "адиге", "адыге"),
    "Orenburg": ("orenburg", "оренбурзьк", "оренбургск"),
    "Perm": ("perm", "пермськ", "пермск"),
    "Black Sea": (("black", "sea"), ("чорн", "мор"), ("черн", "мор"), ("чёрн", "мор")),
    "Sea of Azov": (("sea", "of", "azov"), ("azov", "sea"), "азовськ", "азовск"),
    "Caspian Sea": (("caspian", "sea"), "каспійськ", "каспийск"),
    "Kyiv": ("kyiv", "kiev", "київськ", "київщин", "киевск"),
    "Kharkiv": ("kharkiv", "kharkov", "харківськ", "харківщин", "харьковск"),
    "Sumy": ("sumy", "сумськ", "сумщин", "сумск"),
    "Chernihiv": ("chernihiv", "чернігівськ", "чернігівщин", "черниговск"),
    "Poltava": ("poltava", "полтавськ", "полтавщин", "полтавск"),
    "Dnipropetrovsk": ("dnipropetrovsk", "дніпропетровськ", "дніпропетровщин", "днепропетровск"),
    "Zaporizhzhia": ("zaporizhzhia", "zaporizhia", "запорізьк", "запоріжж", "запорожск", "запорожь"),
    "Kherson": ("kherson", "херсонськ", "херсонщин", "херсонск"),
    "Mykolaiv": ("mykolaiv", "миколаївськ", "миколаївщин", "николаевск"),
    "Odesa": ("odesa", "odessa", "одеськ", "одещин", "одесск"),
    "Cherkasy": ("cherkasy", "черкаськ", "черкащин", "черкасск"),
    "Kirovohrad": ("kirovohrad", "кіровоградськ", "кіровоградщин", "кировоградск"),
    "Vinnytsia": ("vinnytsia", "вінницьк", "вінниччин", "винницк"),
    "Zhytomyr": ("zhytomyr", "житомирськ", "житомирщин", "житомирск"),
    "Khmelnytskyi": ("khmelnytskyi", "хмельницьк", "хмельниччин", "хмельницк"),
    "Rivne": ("rivne", "рівненськ", "рівненщин", "ровенск"),
    "Volyn": ("volyn", "волинськ", "волин", "волынск"),
    "Lviv": ("lviv", "львівськ", "львівщин", "львовск"),
    "Ternopil": ("ternopil", "тернопільськ", "тернопільщин", "тернопольск"),
    "Ivano-Frankivsk": ("ivano-frankivsk", "івано-франківськ", "івано-франківщин", "ивано-франковск"),
    "Zakarpattia": ("zakarpattia", "закарпатськ", "закарпатт", "закарпатск"),
    "Chernivtsi": ("chernivtsi", "чернівецьк", "буковин", "черновицк"),
    "Donetsk": ("donetsk", "донецьк", "донеччин", "донецк"),
    "Luhansk": ("luhansk", "луганськ", "луганщин", "луганск"),
}.items():
    _region(_name, *_stems)

#: Countries drones fly off to: stems to one English name.
DESTINATIONS: list[tuple[str, str]] = [
    ("belarus", "Belarus"), ("білорус", "Belarus"), ("беларус", "Belarus"), ("белорус", "Belarus"),
    ("belarusian", "Belarus"), ("russia", "Russia"), ("росі", "Russia"), ("росси", "Russia"), ("рф", "Russia"),
    ("moldova", "Moldova"), ("moldovan", "Moldova"), ("polish", "Poland"), ("romanian", "Romania"),
    ("молдов", "Moldova"), ("молдав", "Moldova"),
    ("poland", "Poland"), ("польщ", "Poland"), ("польш", "Poland"),
    ("romania", "Romania"), ("румуні", "Romania"), ("румыни", "Romania"),
    ("hungary", "Hungary"), ("угорщин", "Hungary"), ("slovakia", "Slovakia"), ("словаччин", "Slovakia"),
]
#: Verbs that say a weapon went off somewhere, which makes a country after
#: "to"/"в бік" a destination (diverted): "flew to Belarus", "полетіли в бік
#: Білорусі".  Without one (or a diverted cue) the country is a target.
DIVERSION_VERBS = frozenset(["flew", "fly", "flying", "left", "crossed", "veered", "diverted", "drifted", "went",
                             "strayed", "полетіли", "полетів", "полетіла", "вилетіли", "вилетів", "залетіли",
                             "залетів", "перелетіли", "перелетів", "пішли", "повернули", "улетели", "улетел",
                             "вылетели", "вылетел", "залетели", "залетел", "перелетели", "ушли", "полетели",
                             "полетел", "повернули", "развернулись"])
#: Verbs of falling: a weapon that fell may be downed or not, so a clause
#: with one and no cue of its own is no figure (not the clause before's cue).
FELL_VERBS = frozenset(["fell", "crashed", "впали", "впав", "впало", "впала", "упали", "упал", "упало", "упала",
                        "падали", "падав", "падал"])
#: Verbs of harm to people: the number after one counts people ("injuring 3").
CASUALTY_VERBS = frozenset(["injuring", "injured", "killing", "killed", "wounding", "wounded", "поранивши",
                            "травмувавши", "вбивши", "загинули", "загинуло", "постраждали", "постраждало",
                            "ранив", "ранены", "погибли", "пострадали", "пострадало"])
#: Words just before a destination ("flew to Belarus", "в бік Білорусі").
TOWARDS: list[tuple[str, ...]] = [("towards",), ("toward",), ("to",), ("into",), ("for",), ("в", "бік"),
                                  ("у", "бік"), ("в", "напрямку"), ("у", "напрямку"), ("в", "сторону"),
                                  ("в", "направлении"), ("на", "територію"), ("на", "территорию"), ("до",),
                                  ("в",), ("у",)]
#: Words just before a region a figure is placed in ("over the Bryansk region", "над територією").
OVER: tuple[str, ...] = ("over", "above", "at", "in", "над", "у", "в", "на")
#: Words that say where drones came from, not where they fell: a place after them is no part.
FROM: tuple[str, ...] = ("from", "із", "з", "зі", "с", "со", "из", "пуску", "launch", "launched")

# -- sources ----------------------------------------------------------------------

#: Heads of a source's name, by their words (casefolded).
SOURCE_HEADS: list[tuple[str, ...]] = [
    ("air", "force"), ("air", "forces"), ("defence", "ministry"), ("defense", "ministry"), ("ministry",),
    ("military",), ("officials",), ("official",), ("governor",), ("administration",), ("general", "staff"),
    ("command",), ("army",), ("authorities",), ("mayor",), ("spokesperson",), ("spokesman",), ("spokeswoman",),
    ("agency",),
    ("повітряних", "сил"), ("повітряні", "сили"), ("міноборони",), ("генштаб",), ("генштабу",),
    ("генерального", "штабу"), ("командування",), ("оа",), ("ова",), ("минобороны",), ("министерство", "обороны"),
    ("министерства", "обороны"), ("губернатор",), ("губернатора",), ("мэр",), ("мер",), ("глава",),
    ("голова",), ("начальник",),
]
#: Words that make the name before them a speaker ("the air force said").
SPEECH_VERBS = ("said", "says", "reported", "reports", "reporting", "stated", "states", "claimed", "claims",
                "claiming", "announced", "announces", "acknowledged", "acknowledges", "added", "adding", "told",
                "wrote", "posted", "confirmed", "confirms", "presented", "has", "have", "noted", "declared",
                "повідомили", "повідомляє", "повідомило", "повідомив", "повідомила", "заявили", "заявляє", "заявив",
                "заявила", "сказав", "сказала", "сообщили", "сообщает", "сообщило", "сообщил", "сообщила",
                "заявил", "заявило", "заявляет", "сказал", "сказала", "написал", "написав")
#: Words before a speaker's name ("according to the air force", "за даними Повітряних сил").
ACCORDING_TO: list[tuple[str, ...]] = [("according", "to"), ("за", "даними"), ("за", "інформацією"),
                                       ("по", "данным"), ("по", "информации"), ("повідомили", "в"),
                                       ("повідомили", "у"), ("сообщили", "в"), ("заявили", "в"), ("заявили", "у")]
#: Words that may stand in a source's name before its head ("Ukraine's", "regional").
SOURCE_MODIFIERS = ("regional", "local", "defence", "defense", "military", "city", "state", "national",
                    "ukrainian", "russian", "ukraine's", "russia's", "ukraine’s", "russia’s", "its", "the")
