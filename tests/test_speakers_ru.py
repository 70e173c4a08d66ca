"""Russian speakers on news-feed forms: pronouns and role nouns resolved to the
person the post names (before or after), names brought to the nominative,
bodies with their country, anonymous roles. All text here is invented."""

from __future__ import annotations

from shiftwatch.pipeline import statements_of as extract


def speaker_of(text: str, fragment: str) -> str | None:
    found = [s for s in extract(text, "ru") if fragment in s.text]
    assert found, f"no statement contains {fragment!r}: {[s.text for s in extract(text, 'ru')]}"
    return found[0].speaker_id


def test_lone_given_name_and_surname_are_one_person_for_a_pronoun():
    text = ("Пожар в общежитии начался ночью. Сейчас Марина находится в больнице. Она говорит, что соседи "
            "не пострадали. Отвечать на другие вопросы Воробьёва отказалась.")
    assert speaker_of(text, "соседи не пострадали") == "marina-vorobyova"


def test_role_noun_resolves_to_the_person_named_later_with_that_role():
    text = ("По словам руководительницы фонда, деньги на ремонт собрали за неделю.\n\n"
            "Руководительницу фонда Ольгу Ступину пригласили в мэрию.")
    assert speaker_of(text, "деньги на ремонт") == "olga-stupina"


def test_role_noun_with_nobody_before_is_the_subject_named_after():
    text = ("Крышу снесло ветром, пострадавших нет. Такую версию пока озвучивает руководитель управляющей компании.\n\n"
            "Сейчас Карина на объекте. Отвечать на вопросы о сроках ремонта Лисицкая отказалась.")
    assert speaker_of(text, "Крышу снесло") == "karina-lisitskaya"


def test_guest_and_he_named_at_the_end_of_the_post():
    text = ("«Мы будем строить дальше», — сказал гость нашей передачи. Он утверждает, что спрос на жильё растёт "
            "и поддерживал Петрова. Он — Тимофей Вяземцев.")
    found = extract(text, "ru")
    assert {s.speaker_id for s in found} == {"timofey-vyazemtsev"}, [(s.speaker_mention, s.speaker_id) for s in found]


def test_named_later_needs_a_subject_not_a_name_inside_the_statement():
    # Петров is only mentioned inside the statement, in the genitive: not the speaker
    text = "Он утверждает, что поддерживал Петрова. Встреча прошла в мэрии."
    assert speaker_of(text, "поддерживал Петрова") is None


def test_accusative_surname_unknown_to_the_dictionary_is_brought_to_the_nominative():
    text = "Ольгу Ступину назначили главой фонда. Она заявила, что фонд поможет приезжим."
    assert speaker_of(text, "фонд поможет") == "olga-stupina"


def test_a_town_after_a_preposition_is_not_a_person_for_a_role_noun():
    text = ("Главное о пожаре в подмосковном Одинцове:\n\n— Вызов поступил в полночь. По словам руководительницы приюта, "
            "огонь пошёл из кухни.\n\n"
            "— Руководительницу приюта Веронику Гладкову вызвали на допрос.")
    assert speaker_of(text, "огонь пошёл") == "veronika-gladkova"


def test_bodies_the_registry_does_not_know_keep_their_country():
    assert speaker_of("Армия Сирии заявила в субботу, что отбила атаку на город.", "отбила атаку") == "syrian-army"
    assert speaker_of("Сирийская армия сообщила, что отбила атаку на город.", "отбила атаку") == "syrian-army"
    assert speaker_of("Польская сторона обвиняет пограничников соседей в провокации.", "обвиняет") == "poland"
    text = "Пресс-служба московских судов сообщила, что заседание перенесли."
    assert speaker_of(text, "заседание перенесли") == "moscow-courts-press-service"


def test_a_body_named_once_is_the_one_its_role_noun_means_later():
    text = ("Туристическая ассоциация Алтая опровергла слухи о новых сборах с приезжих.\n\n"
            "«Никаких сборов не планируется», — местное ведомство.")
    found = extract(text, "ru")
    assert {s.speaker_id for s in found} == {"altay-tourist-association"}, [(s.speaker_mention, s.speaker_id) for s in found]


def test_an_official_of_a_body_is_not_the_body_and_unknown_words_give_no_half_id():
    text = "Высокопоставленный чиновник областного правительства заявил, что квоты на мигрантов сократят."
    assert speaker_of(text, "квоты") == "anon:senior-official"
    text = "Пресс-служба губернатора сообщила, что квоты на мигрантов сократят."
    assert speaker_of(text, "квоты") is None


def test_a_ukrainian_named_in_russian_gets_the_ukrainian_given_name_english_news_uses():
    text = ("Нехватка рабочих приведёт к притоку мигрантов — такую точку зрения выдвинул экс-премьер Украины "
            "Николай Гордейчук.\n\nСтране придётся привлекать мигрантов, — заявляет политик.")
    assert {s.speaker_id for s in extract(text, "ru")} == {"mykola-gordeychuk"}
    text = ("Квоты вырастут вдвое, заявил замглавы украинской фракции «Голос» Максим Стельмах. "
            "Сам Стельмах позже назвал эту цифру «оценкой».")
    found = extract(text, "ru")
    assert found[0].speaker_mention.endswith("«Голос» Максим Стельмах")
    assert {s.speaker_id for s in found} == {"maksym-stelmakh"}
    # «на Украине» is where he works, not whose he is
    assert speaker_of("Посол России на Украине Михаил Гордеев заявил, что переговоры продолжатся.",
                      "переговоры") == "mikhail-gordeev"


def test_defense_ministry_spelled_as_annotators_do_and_foreign_ones_keep_their_country():
    assert speaker_of("Минобороны России сообщило, что учения завершены.", "учения") == "defense-ministry"
    assert speaker_of("Минобороны Сирии заявило, что учения завершены.", "учения") == "syrian-defense-ministry"


def test_authorities_of_a_country_are_its_government_and_a_region_adjective_is_no_surname():
    assert speaker_of("Австрийские власти заявили, что границу закроют.", "границу") == "government-of-austria"
    assert speaker_of("Московская патриархия заявила, что храм откроют к Пасхе.", "храм") == "russian-orthodox-church"
    assert speaker_of("Екатерина Московская заявила, что храм откроют к Пасхе.", "храм") == "ekaterina-moskovskaya"


def test_a_person_noun_is_not_someone_named_later_when_a_fitting_person_came_before():
    # the stage manager is not Генри, though Генри is named again afterwards
    text = ("На сцене Генри Ленноу почувствовал, что публику надо развлечь. Вместо этого помощник режиссёра объявил, "
            "что представление возобновится. Позже Ленноу сказал, что был рад паузе.")
    assert speaker_of(text, "представление возобновится") is None


def test_an_aide_or_relative_of_a_named_person_is_anonymous_not_that_person():
    assert speaker_of("Пресс-секретарь Анны Седовой заявила, что певица здорова.", "певица") == "anon:press-secretary"
    assert speaker_of("Советник Путина заявил, что встреча состоится.", "встреча") == "anon:adviser"
    assert speaker_of("Сын Ивана Петрова рассказал, что отец здоров.", "отец здоров") == "anon:son"
    # the aide named in the nominative is a person of their own
    assert speaker_of("Представитель Ольга Петрова заявила, что встреча состоится.", "встреча") == "olga-petrova"


def test_a_surname_after_a_given_name_in_the_locative_is_brought_to_the_nominative():
    text = "Соседи вспоминали о Таймуразе Фриеве. Позже Фриев заявил, что вернётся в город."
    assert speaker_of(text, "вернётся") == "taymuraz-friyev"


def test_a_word_initial_ye_is_e_as_passports_write_it_and_registry_ids_stay():
    assert speaker_of("Юрист Елена Ершова заявила, что патенты подорожают.", "патенты") == "elena-ershova"
    assert speaker_of("Блогер Лука Ебков утверждает, что съёмку постановили.", "съёмку") == "luka-ebkov"
    # the rest is the Wikipedia scheme: Дмитрий is Dmitry, Алексеев Alekseev, a later е stays e
    assert speaker_of("Политолог Дмитрий Алексеев заявил, что квоты сохранят.", "квоты") == "dmitry-alekseev"
    # the registry's people keep their ids
    assert speaker_of("Евгений Примаков заявил, что квоты сохранят.", "квоты") == "yevgeny-primakov"


def test_a_foreign_aspirated_p_is_ph():
    """No Russian word begins with Пх: Пхукет is Phuket, as the English text of the same news writes it."""
    text = "Туристическая ассоциация Пхукета опровергла слухи о проверке счетов иностранцев."
    assert speaker_of(text, "слухи") == "phuket-tourist-association"


def test_anonymous_groups_keep_what_they_are_of():
    """Nationality adjectives, countries and event or place nouns stay in the
    role, as bodies keep their country; a bare relational role («организаторы»,
    «участники», «инспекторы») takes the event or place named before."""
    assert speaker_of("Польские правозащитники заявили, что лагерь переполнен.", "лагерь") == "anon:polish-rights-activists"
    assert speaker_of("По словам правозащитников Украины, выплаты задерживают.", "выплаты") == "anon:ukrainian-rights-activists"
    assert speaker_of("По словам правозащитников Незалежной, выплаты задерживают.", "выплаты") == "anon:ukrainian-rights-activists"
    text = "В Казани прошёл митинг таксистов. Участники митинга заявили, что штрафы выросли вдвое. Организаторы уверяют, что акция была согласована."
    assert speaker_of(text, "штрафы") == "anon:rally-participants"
    assert speaker_of(text, "согласована") == "anon:rally-organizers"
    text = "Заключенные колонии жалуются на холод. Инспекторы сообщают, что отопление не работает с ноября."
    assert speaker_of(text, "отопление") == "anon:prison-inspectors"
    assert speaker_of("Жители Заречного заявили, что автобус отменили.", "автобус") == "anon:zarechny-residents"
    # no qualifier, nothing to take: the plain role
    assert speaker_of("Местные жители заявили, что автобус отменили.", "автобус") == "anon:local-residents"
    assert speaker_of("Эксперты считают, что цены вырастут.", "цены") == "anon:experts"


def test_an_office_named_after_a_person_is_not_the_person():
    assert speaker_of("В офисе Зеленского назвали ложью слова депутата.", "ложью") == "office-of-the-president-of-ukraine"
    assert speaker_of("В штабе Сидорова назвали ложью слова Петрова.", "ложью") is None
    assert speaker_of("Губернатор Олег Сидоров заявил, что встреча отменена.", "встреча") == "oleg-sidorov"


def test_residents_named_after_their_town_are_the_residents_named_before():
    text = ("Ранее вынужденные переселенцы требовали от чиновников ответов. Глава района на встречу не пришёл. "
            "В выходные суджанцы снова попросили чиновников ответить на вопросы.")
    assert speaker_of(text, "ответить") == "anon:displaced-residents"
    # not a group of other people
    text = "Эксперты требовали ремонта. В выходные куряне попросили чиновников ответить на вопросы."
    assert speaker_of(text, "ответить") is None


def test_one_person_named_by_nationality_is_an_anonymous_role():
    assert speaker_of("Пожилой испанец заявил, что боится выходить на улицу вечером.", "боится") == "anon:spanish-man"
    assert speaker_of("Узбечка рассказала, что хозяин квартиры выгнал её семью.", "хозяин") == "anon:uzbek-woman"
    assert speaker_of("Учительница заявила, что боится выходить на улицу вечером.", "боится") is None


def test_a_report_relays_the_words_of_the_person_it_quotes():
    text = "В отчёте активистов говорится, что во время опроса «чернокожая африканка заявила, что боится выходить на улицу вечером»."
    found = [s for s in extract(text, "ru")]
    assert [(s.text, s.speaker_id) for s in found] == [("боится выходить на улицу вечером", "anon:african-woman")]
    # a report saying it in its own words stays the report's
    text = "В отчёте активистов говорится, что мигранты боятся выходить на улицу вечером."
    assert speaker_of(text, "мигранты") == "anon:activists"


def test_role_with_prepositional_postmodifier_keeps_the_name_after_it():
    text = "Причин три, рассказывает полковник в отставке Павел Сорокин, много лет служивший в штабе округа."
    assert speaker_of(text, "Причин три") == "pavel-sorokin"
    text = "\"Работа продолжится\", - сказал представитель епархии по связям с прессой Андрей Ветров."
    assert speaker_of(text, "Работа продолжится") == "andrey-vetrov"


def test_a_bare_surname_keeps_the_gender_of_the_full_name_for_later_pronouns():
    # «Галина» also reads as a woman's given name; «Игоря Галина» says it is a man's surname
    text = ("По словам главы отдела посольства Игоря Галина, документы проверяют неделю.\n"
            "Задержки вызвала ошибка в базе, сообщил адвокат Олег Смирнов.\n"
            "По словам Галина, в прошлом году в город переехали три тысячи человек.\n"
            "Многие из них, отмечал дипломат, ищут работу.")
    assert speaker_of(text, "ищут работу") == "igor-galin"
    # «Георгия» is also a woman's given name in the nominative: the mention read in its case
    # («по словам» governs the genitive) corrects the caseless reading for the bare «Галина»
    text = text.replace("Игоря Галина", "Георгия Галина")
    assert speaker_of(text, "ищут работу") == "georgy-galin"
    assert speaker_of(text, "три тысячи") == "georgy-galin"


def test_a_country_after_the_addressee_and_inside_a_relative_clause_is_not_the_speaker():
    # the subject before «, который …, заявил»; «телевидению Перу»: whose television was told
    text = ("Гонсалес, который участвовал в саммите союза (АЛБА), проходившем в Кито, заявил "
            "государственному телевидению Перу, что соседи давно помирились.")
    assert speaker_of(text, "соседи давно") == "gonsales"
    # «…, и высказал»: the first verb's subject, not the relative clause's («который ведут Перу и Чили»)
    text = ("Министр Хорхе Гонсалес прилетел в Гаагу. Также он высказал надежду на скорое завершение спора, "
            "который ведут в этом же суде Перу и Чили, и высказал, что решение суда надо принять.")
    assert speaker_of(text, "решение суда") == "khorkhe-gonsales"


def test_whom_a_demand_is_made_of_is_not_the_speaker():
    text = "Министр Турции в очередной раз, но уже жестче потребовал от США выполнить его требование."
    found = [s for s in extract(text, "ru") if "выполнить" in s.text]
    assert found and found[0].speaker_id != "united-states"
    assert found[0].speaker_mention.startswith("Министр Турции")


def test_an_adverbial_participle_clause_between_subject_and_verb_is_skipped():
    text = ("Адвокат блогера Олег Кравцов, комментируя заявление источника \"Интерфакса\", заявил, "
            "что его клиент может дать показания.")
    assert speaker_of(text, "дать показания") == "oleg-kravtsov"


def test_the_aides_own_name_after_whose_aide_he_is_names_him():
    # «Сноудена» reads only as a genitive given name: whose lawyer; the nominative name after it is the lawyer's
    text = "Адвокат Сноудена Анатолий Кучерена заявил, что его клиент может дать показания."
    assert speaker_of(text, "дать показания") == "anatoly-kucherena"
    text = "Адвокат Ивана Петрова заявил, что его клиент может дать показания."
    assert speaker_of(text, "дать показания") == "anon:lawyer"


def test_an_outlet_in_latin_script_after_the_verb_is_told_and_appositions_are_skipped():
    text = "Социолог Мария Светлова, автор \"Кто виноват?\", сказала Daily Mirror, что молодые люди \"гораздо более уязвимы\"."
    assert speaker_of(text, "уязвимы") == "mariya-svetlova"
    text = ("Эдуардо Гарсиа, школьный учитель, профессор права и консультант, объясняет, "
            "что родители должны читать правила сетей.")
    assert speaker_of(text, "правила сетей") == "eduardo-garsia"


def test_a_plural_pronoun_is_never_the_one_person_named_before():
    text = ("Процент краж минимален, заявил журналистам юрист Василий Орлов. Авторы петиции уверены, что рынок "
            "не справится. Сейчас, по их словам, в городе можно найти любой товар.")
    assert speaker_of(text, "любой товар") is None
    text = "Процент краж минимален, заявил юрист Василий Орлов. Они считают, что рынок не справится."
    assert speaker_of(text, "рынок не справится") is None


def test_a_capitalised_verb_form_after_a_name_part_is_the_next_part_of_the_name():
    from shiftwatch.statements.ru import _verb_read_name_part, tokenize

    def reads(words: str) -> list[bool]:
        t = tokenize(words)
        return [_verb_read_name_part(t[i - 1], t[i]) for i in range(1, len(t))]

    assert reads("Ван Ли Вей") == [False, True]  # «Вей» also reads as an imperative
    assert reads("Ли вей") == [False]  # lower case: a verb
    assert reads("ветер Вей") == [False]  # not after a part of a name
    assert reads("Ли Москва") == [False]  # a noun, not a verb form


def test_a_bare_surname_the_dictionary_reads_as_a_noun_is_the_person_named_in_full_before():
    # «Рубец» is also a common (inanimate) noun; after «Олег Рубец» it is his surname
    text = ("Таких путей три, объясняет отставной майор Олег Рубец, который долго служил на складах.\n"
            "«Патроны продавали сами охранники», — говорит Рубец.")
    assert speaker_of(text, "Патроны продавали") == "oleg-rubets"


def test_a_bare_role_noun_right_after_a_named_persons_words_is_that_person():
    text = ("Таких путей три, объясняет отставной майор Олег Рубец, который долго служил на складах.\n"
            "«Патроны продавали сами охранники», — говорит Рубец.\n"
            "«Сейчас открывается много мелких мастерских», — рассказывает эксперт.")
    assert speaker_of(text, "мелких мастерских") == "oleg-rubets"


def test_an_oblique_surname_that_drops_its_vowel_is_the_person_named_in_full_before():
    # «Глушца» is read as «Глушц»; its nominative «Глушец» is the man named before
    text = ("Таких путей три, объясняет отставной майор Олег Глушец, который долго служил на складах.\n"
            "По словам Глушца, покупатель может всё проверить.")
    assert speaker_of(text, "всё проверить") == "oleg-glushets"
