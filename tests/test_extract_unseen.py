"""Statements of the kinds of ../shared/statements but written for this
test alone (new wordings, other numbers, other oblasts in other case forms,
other missile types), to show that the extractor's rules are general: no
rule was written for any of them.  Each is scored as
tests/test_extract_statements.py scores the shared ones, and must be right
whole."""

from __future__ import annotations

from typing import Any

import pytest

import dronetally as dt
from tests.test_extract_statements import Score, score_case

UNSEEN: list[dict[str, Any]] = [
    {"id": "en-cruise", "lang": "en",
     "text": "Russia launched 58 attack drones and two Kh-101 cruise missiles overnight, Ukraine's air force said on "
             "Telegram. Air defence units shot down 43 drones, while 12 drones were locationally lost.",
     "expect": [{"source": "Ukraine's air force", "weapon": "drones", "launched": 58, "shot_down": 43,
                 "lost_track": 12},
                {"source": "Ukraine's air force", "weapon": "Kh-101 cruise missiles", "launched": 2}]},
    {"id": "en-region-list", "lang": "en",
     "text": "The Russian Defence Ministry said air defence units destroyed 31 Ukrainian drones over the Kursk, "
             "Bryansk and Lipetsk regions, including 14 over Kursk.",
     "expect": [{"source": "Russian Defence Ministry", "shot_down": {"total": 31, "Kursk": 14}}]},
    {"id": "en-of-which-rest", "lang": "en",
     "text": "Ukraine's air force said Russia attacked with 145 drones overnight, of which 120 were shot down or "
             "suppressed by electronic warfare; the rest were locationally lost.",
     "expect": [{"source": "Ukraine's air force", "launched": 145, "shot_down": 120, "lost_track": 25,
                 "derived": ["lost_track"]}]},
    {"id": "en-two-sources", "lang": "en",
     "text": "Russia's defence ministry said 19 Ukrainian drones were intercepted over the Rostov region and "
             "Crimea. Ukraine's air force, for its part, said Russia had launched 64 drones, 51 of which were "
             "shot down, and that three more flew off towards Moldova.",
     "expect": [{"source": "Russia's defence ministry", "shot_down": 19},
                {"source": "Ukraine's air force", "launched": 64, "shot_down": 51,
                 "diverted": {"total": 3, "Moldova": 3}}]},
    {"id": "en-of-n", "lang": "en",
     "text": "Of 70 drones, 48 were downed and at least 19 were lost to active electronic countermeasures, the "
             "General Staff said. Fragments fell on 6 houses.",
     "expect": [{"source": "General Staff", "launched": 70, "shot_down": 48, "lost_track": ">=19"}]},
    {"id": "en-around-hits", "lang": "en",
     "text": "Around 90 drones were sent against the south overnight, the regional military administration said; "
             "71 were shot down and hits were recorded from 11 of them in 4 districts.",
     "expect": [{"source": "regional military administration", "launched": "~90", "shot_down": 71, "hit": 11}]},
    {"id": "uk-moldova", "lang": "uk",
     "text": "У ніч на 3 жовтня противник атакував 96 ударними БпЛА типу Shahed та дронами-імітаторами. За "
             "попередніми даними, станом на 08:30 збито/подавлено 71 ворожий БпЛА на півночі, півдні та сході "
             "країни. Локаційно втрачено 18 БпЛА. Ще 3 БпЛА полетіли в напрямку Молдови.",
     "expect": [{"launched": 96, "shot_down": 71, "lost_track": 18, "diverted": {"total": 3, "Moldova": 3}}]},
    {"id": "uk-of-them-hits", "lang": "uk",
     "text": "Протягом ночі ворог запустив по Україні вісімдесят сім ударних дронів. Сили ППО знешкодили 62 з "
             "них, ще 21 дрон локаційно втрачено. Зафіксовано влучання 4 дронів на трьох локаціях.",
     "expect": [{"launched": 87, "shot_down": 62, "lost_track": 21, "hit": 4}]},
    {"id": "uk-af-post", "lang": "uk",
     "text": "⚡️ ЗБИТО/ПОДАВЛЕНО 48 ЦІЛЕЙ\n ➖ ➖ ➖ \nУ ніч на 12 листопада (з 18:00 11 листопада) противник "
             "атакував 3 балістичними ракетами Іскандер-М з Ростовської обл. рф та 61 ударним БпЛА типу Shahed, "
             "Гербера, дронами-імітаторами різних типів (40 із них - реактивні) із напрямків: Курськ, Орел, "
             "Приморсько-Ахтарськ – рф.\n\n 💥 За попередніми даними, станом на 09:00, протиповітряною обороною "
             "збито/подавлено 48 цілей:\n\n- 1 балістичну ракету Іскандер-М;\n- 47 ворожих БпЛА.\n\nЗафіксовано "
             "влучання 2 балістичних ракет та 12 ударних БпЛА на 9 локаціях, а також падіння уламків на 4 "
             "локаціях.\n\n ✊ Тримаймо небо!",
     "expect": [{"weapon": "drones", "launched": {"total": 61, "jet": 40}, "shot_down": 47, "hit": 12},
                {"weapon": "ballistic missiles Iskander-M", "launched": 3, "shot_down": 1, "hit": 2}],
     "not_figures": [9, 4]},
    {"id": "ru-mod-words", "lang": "ru",
     "text": "🎖 В период с 14.00 до 21.00 мск дежурными средствами ПВО **перехвачены и уничтожены двенадцать "
             "украинских беспилотных летательных аппаратов** самолетного типа:  ▫️ **восемь** – над территорией "
             "**Воронежской области**, ▫️ **три** – над территорией **Липецкой области**, ▫️ **один** – над "
             "территорией **Тамбовской области**.",
     "expect": [{"shot_down": {"total": 12, "Voronezh": 8, "Lipetsk": 3, "Tambov": 1}}]},
    {"id": "ru-named-source", "lang": "ru",
     "text": "Минобороны России сообщило, что за ночь над регионами страны сбиты 24 беспилотника: 10 над Брянской "
             "областью, 8 над Смоленской областью и 6 над Московским регионом.",
     "expect": [{"source": "Минобороны России", "shot_down": {"total": 24, "Bryansk": 10, "Smolensk": 8,
                                                                "Moscow": 6}}]},
    {"id": "uk-launches-guided", "lang": "uk",
     "text": "У ніч на 8 грудня (з 18:00 7 грудня) противник атакував 70 ударними БпЛА. Також зафіксовано пуски 4 "
             "керованих авіаційних ракет Х-59/69 з Бєлгородської обл. рф. Збито 3 ракети Х-59/69 та 52 БпЛА; 15 "
             "БпЛА локаційно втрачено, ще 2 залетіли в повітряний простір Білорусі.",
     "expect": [{"weapon": "drones", "launched": 70, "shot_down": 52, "lost_track": 15,
                 "diverted": {"total": 2, "Belarus": 2}},
                {"weapon": "guided missiles Kh-59/69", "launched": 4, "shot_down": 3}]},
    {"id": "ru-rockets-apart", "lang": "ru",
     "text": "За прошедшие сутки средствами ПВО сбиты 5 реактивных снарядов системы залпового огня HIMARS и 30 "
             "беспилотных летательных аппаратов.",
     "expect": [{"weapon": "rockets", "shot_down": 5}, {"weapon": "drones", "shot_down": 30}]},
    {"id": "en-share-of", "lang": "en",
     "text": "Air defence shot down 95% of the 60 drones, the air force said, and two drones flew into Belarusian "
             "airspace.",
     "expect": [{"source": "the air force", "launched": 60, "diverted": {"total": 2, "Belarus": 2}}]},
    {"id": "en-shared-verb", "lang": "en",
     "text": "The Ukrainian air force reported that Russia fired 4 ballistic missiles and 98 drones; 2 missiles and "
             "71 drones were intercepted.",
     "expect": [{"source": "Ukrainian air force", "weapon": "ballistic missiles", "launched": 4, "shot_down": 2},
                {"source": "Ukrainian air force", "weapon": "drones", "launched": 98, "shot_down": 71}]},
    {"id": "en-governor-named", "lang": "en",
     "text": "About 60 drones attacked Kharkiv overnight, regional governor Oleh Syniehubov said. Moscow's claims "
             "could not be verified.",
     "expect": [{"source": "regional governor Oleh Syniehubov", "launched": "~60"}]},
    {"id": "ru-region-first", "lang": "ru",
     "text": "Над территорией Белгородской области уничтожены 12 беспилотников, над Курской областью — 5.",
     "expect": [{"shot_down": {"Belgorod": 12, "Kursk": 5}}]},
    {"id": "uk-back-to-russia", "lang": "uk",
     "text": "Протягом ночі противник випустив 45 ударних БпЛА Shahed. Сили протиповітряної оборони знищили 38 із "
             "них. Ще 5 дронів локаційно втрачено, 2 – повернулися на територію росії.",
     "expect": [{"launched": 45, "shot_down": 38, "lost_track": 5, "diverted": {"total": 2, "Russia": 2}}]},
    {"id": "en-quoted-lost", "lang": "en",
     "text": "Ukraine's military said it downed 41 of the 54 drones launched by Russia overnight, and that another 13 "
             "were 'lost' due to electronic countermeasures. The governor of Belgorod region said 6 drones were "
             "shot down over the region.",
     "expect": [{"source": "Ukraine's military", "launched": 54, "shot_down": 41, "lost_track": 13},
                {"source": "the governor of Belgorod region", "shot_down": 6}]},
    {"id": "en-further-missing", "lang": "en",
     "text": "Nineteen drones were destroyed and a further seven went missing from radar screens, officials said.",
     "expect": [{"source": "officials", "shot_down": 19, "lost_track": 7}]},
    {"id": "en-all-three", "lang": "en",
     "text": "Russia attacked Ukraine with 3 Kinzhal missiles and 60 drones. Ukraine's air force said it downed all "
             "three missiles and 50 drones.",
     "expect": [{"source": "Ukraine's air force", "weapon": "Kinzhal missiles", "launched": 3, "shot_down": 3},
                {"source": "Ukraine's air force", "weapon": "drones", "launched": 60, "shot_down": 50}]},
    {"id": "uk-missiles-plain", "lang": "uk",
     "text": "Протягом доби противник випустив по Україні 5 ракет та 40 ударних дронів. Знешкоджено 3 ракети та 31 "
             "дрон, ще 6 дронів локаційно втрачені.",
     "expect": [{"weapon": "missiles", "launched": 5, "shot_down": 3},
                {"weapon": "drones", "launched": 40, "shot_down": 31, "lost_track": 6}]},
    {"id": "ru-mayor-inverted", "lang": "ru",
     "text": "ПВО сбила 3 беспилотника над Московским регионом, сообщил мэр Москвы Сергей Собянин. Минобороны России "
             "заявило, что над территорией Ростовской области, Краснодарского края и Республики Крым были "
             "уничтожены 27 украинских беспилотников.",
     "expect": [{"source": "мэр Москвы Сергей Собянин", "shot_down": {"Moscow": 3}},
                {"source": "Минобороны России", "shot_down": 27}]},
    {"id": "en-of-the-hits", "lang": "en",
     "text": "Of the 66 drones, 41 were shot down; 21 were lost, most likely due to electronic warfare; and four hit "
             "targets in Kharkiv and Dnipropetrovsk oblasts, the air force said.",
     "expect": [{"source": "the air force", "launched": 66, "shot_down": 41, "lost_track": 21, "hit": 4}]},
    {"id": "uk-managed-to", "lang": "uk",
     "text": "Протягом минулої доби ворог атакував Україну 84 дронами. За даними Повітряних сил, 53 з них вдалося "
             "збити, 27 – локаційно втрачено.",
     "expect": [{"source": "Повітряних сил", "launched": 84, "shot_down": 53, "lost_track": 27}]},
    {"id": "ru-more-than", "lang": "ru",
     "text": "По данным Минобороны, за сутки над Курской и Белгородской областями уничтожено более 50 "
             "беспилотников.",
     "expect": [{"source": "Минобороны", "shot_down": ">50"}]},
    {"id": "ru-region-list-short", "lang": "ru",
     "text": "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 37 украинских беспилотных "
             "летательных аппаратов: 16 – над территорией Воронежской области, 12 – Белгородской области, 9 – над "
             "акваторией Азовского моря.",
     "expect": [{"shot_down": {"total": 37, "Voronezh": 16, "Belgorod": 12, "Sea of Azov": 9}}]},
    {"id": "en-region-list-short", "lang": "en",
     "text": "Russia's defence ministry said 28 Ukrainian drones were destroyed overnight: 11 over Rostov, 9 Crimea "
             "and 8 over the Sea of Azov.",
     "expect": [{"source": "Russia's defence ministry", "shot_down": {"total": 28, "Rostov": 11, "Crimea": 9,
                                                                       "Sea of Azov": 8}}]},
    {"id": "uk-af-list-own-cue", "lang": "uk",
     "text": "⚡️ У ніч на 5 жовтня (з 18:00 4 жовтня) противник атакував 741 засобом повітряного нападу: 728 ударними "
             "БпЛА типу Shahed, «Гербера» та дронами-імітаторами різних типів, 7 крилатими ракетами Х-101, 6 "
             "аеробалістичними ракетами Кинджал.\n\n 💥 За попередніми даними, станом на 08:30 протиповітряною "
             "обороною збито/подавлено 718 цілей:\n– 706 ударних БпЛА типу Shahed, «Гербера» та дронів-імітаторів;\n"
             "– 5 аеробалістичних ракет Кинджал, 1 – локаційно втрачено;\n– 7 крилатих ракет Х-101.\n\nЛокаційно "
             "втрачено 13 ударних БпЛА.\n\nЗафіксовано влучання 9 ударних БпЛА на 7 локаціях.",
     "expect": [{"weapon": "drones", "launched": 728, "shot_down": 706, "lost_track": 13, "hit": 9},
                {"weapon": "cruise missiles Kh-101", "launched": 7, "shot_down": 7},
                {"weapon": "missiles Kinzhal", "launched": 6, "shot_down": 5, "lost_track": 1}],
     "not_figures": [4]},
]


@pytest.mark.parametrize("case", UNSEEN, ids=[c["id"] for c in UNSEEN])
def test_unseen_statement(case: dict[str, Any]) -> None:
    score = Score()
    score_case(case, score)
    assert score.wrong == [] and score.extra_figures == [] and score.extra_reports == [] and score.invented == []
    assert (score.figures_right, score.reports_right) == (score.figures, score.reports)


def test_a_number_with_no_cue_is_no_figure() -> None:
    found = dt.extract("About 30 drones targeted the capital overnight, the city's military administration said.")
    assert len(found) == 0
    assert [(u.text, u.why) for u in found.unused] == [("30", "no cue says what it counts")]
