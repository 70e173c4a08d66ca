"""Measures in English news as the PolNeAR-style dev set codes them (and a few
Russian authority rules): behaviour on invented text only."""

from __future__ import annotations

import datetime as dt

from shiftwatch.measures import extract

D = dt.date


def test_people_fleeing_a_country_are_refugees():
    ms = extract("In May, Rep. Jane Doe introduced legislation that would give priority to Christians fleeing Iraq "
                 "over other applicants.", "en", D(2016, 9, 1))
    assert len(ms) == 1 and ms[0].status == "proposed" and ms[0].direction == "restrictive"
    assert not extract("The suspect was seen fleeing Main Street after the robbery.", "en", D(2016, 9, 1))


def test_deportations_in_the_plural_are_an_operation():
    m = extract("The administration also made the decision to pursue deportations of families who crossed the border.",
                "en", D(2016, 7, 1))
    assert [x.kind for x in m] == ["expulsion"]
    assert not extract("The administration decided to deport a Guatemalan man who had lived in Ohio.", "en", D(2016, 7, 1))
    assert not extract("The official said the governor had told his team to stop talking about deportations.",
                       "en", D(2016, 7, 1))


def test_a_quoted_report_of_a_third_body_is_a_measure_a_quoted_pledge_is_not():
    pub = D(2015, 11, 20)
    ms = extract('"The only real figure is an announcement in October by the State Department that the '
                 'United States would raise the number of refugees accepted in fiscal 2016 to 90,000.', "en", pub)
    assert [(m.kind, m.direction) for m in ms] == [("quota", "welcoming")]
    assert not extract('"We will raise the number of refugees accepted next year to 90,000," Secretary Alan Brook said.',
                       "en", pub)
    # the body named outside the quotation is the one speaking
    assert not extract('The European Union\'s migration chief reacted to the plan: "Any agreement that involves the '
                       'blanket return of all refugees to one country worries me and should worry everyone here."', "en", pub)


def test_arrivals_and_minors_name_migrants():
    ms = extract("The Central American Minors program, which allowed parents to bring their children, was established "
                 "in December 2014 to deter unauthorized arrivals at the border.", "en", D(2016, 7, 1))
    assert [(m.kind, m.status) for m in ms] == [("easing", "in_force")]


def test_a_bare_president_is_the_office_unless_the_text_names_the_country():
    m = extract("Президент подписал закон о создании реестра контролируемых лиц.", "ru", D(2024, 8, 9))[0]
    assert m.authority_id == "president"
    m = extract("Президент подписал закон о реестре контролируемых иностранцев в России.", "ru", D(2024, 8, 9))[0]
    assert m.authority_id == "vladimir-putin"


def _reports(items):
    from shiftwatch.measures import MeasureReport

    out = []
    for n, (doc, day, outlet, text) in enumerate(items):
        for k, m in enumerate(extract(text, "en", day)):
            out.append(MeasureReport(f"{doc}@{k}", doc, day, outlet, "en", m))
    return out


def test_an_early_report_joins_later_undated_ones_through_a_dated_one():
    """The first report of a chancellor's decision, months before the others:
    the undated later ones are too far from it, the one that says 'last year'
    is not, so all are one event."""
    from shiftwatch.measures import group_events

    reps = _reports([
        ("a", D(2015, 10, 2), "Daily One", "Chancellor Merkel's decision to allow a million refugees into Germany in 2015 "
                                           "divided her party."),
        ("b", D(2016, 2, 20), "Daily Two", "Merkel deserves credit for taking in a million refugees and migrants."),
        ("c", D(2016, 3, 1), "Daily Three", "Ms. Merkel's popularity fell after her decision to open Germany's borders to a million "
                                            "refugees last year."),
    ])
    assert len(reps) == 3
    evs = group_events(reps)
    assert len(evs) == 1 and evs[0].reports == 3 and evs[0].first_doc_id == "a"


def test_a_plan_named_after_its_sponsors_is_a_bill_and_a_vote_does_not_pass_it():
    pub = D(2016, 3, 20)
    ms = extract("Senator Gray backed the 2007 Baker-Lund amnesty plan that would have legalized millions of immigrants.",
                 "en", pub)
    assert [(m.status, m.stage, m.direction) for m in ms] == [("proposed", "introduced", "welcoming")]
    ms = extract("House Democrats joined Republicans in their vote to put a halt to the resettlement of Syrian refugees.",
                 "en", D(2015, 11, 25))
    assert [m.status for m in ms] == ["proposed"]


def test_two_plans_of_two_years_are_two_measures():
    ms = extract("Gray, a backer of the 2013 Baker-Lund amnesty plan and the 2007 Stone-Hale amnesty plan before that, "
                 "is the loudest voice for legal status for immigrants in the Senate.", "en", D(2016, 3, 20))
    assert len(ms) == 2 and all(m.status == "proposed" for m in ms)


def test_a_mention_folded_into_another_lends_it_its_year():
    """An article names the bill twice, once by its nickname and once with its
    year: the row kept carries the year, so it groups with dated reports elsewhere."""
    from shiftwatch.measures import group_events
    from shiftwatch.measures.events import report_years

    later = ("Officials met on Monday.\n\nGray midwifed the Gang of Nine amnesty bill with Senator Lund in the Senate.\n\n"
             "Gray, a backer of the 2013 Baker-Lund amnesty plan, is the loudest voice for immigrants in the Senate.")
    ms = extract(later, "en", D(2016, 3, 20))
    assert len(ms) == 1 and "Gang of Nine" in ms[0].text and 2013 in report_years(ms[0], D(2016, 3, 20))
    reps = _reports([("a", D(2015, 12, 18), "Daily One", "Senator Lund joined Democrats in writing an immigration reform "
                                                         "bill in 2013 that created a path to citizenship for immigrants."),
                     ("b", D(2016, 3, 20), "Daily Two", later)])
    assert len(group_events(reps)) == 1


def test_foreign_ones_are_foreign_workers_and_amendments_are_the_legislatures():
    text = ("President Obama praised the senator on Monday.\n\n"
            "His amendment with Senator Lund to prevent subsidised firms from replacing American workers with foreign ones "
            "was part of a farm bill in 2012.")
    ms = extract(text, "en", D(2016, 3, 15))
    assert len(ms) == 1 and ms[0].kind == "restriction", ms
    assert ms[0].authority_id in ("us-congress", "us-senate")
    assert not extract("His amendment replaced American cars with foreign ones in the fleet.", "en", D(2016, 3, 15))


def test_screening_for_eligibility_admits_and_blocking_settlement_bans():
    pub = D(2016, 7, 26)
    m = extract("The State Department will continue screening families in Honduras for eligibility to come to the "
                "United States as refugees.", "en", pub)[0]
    assert (m.kind, m.direction) == ("easing", "welcoming")
    m = extract("The Department of Homeland Security will continue screening refugees at airports before they enter.",
                "en", pub)[0]
    assert m.kind == "check"
    m = extract("Governor Jane Doe on Monday signed an order to block the settlement of any Syrian refugee in the state.",
                "en", D(2015, 11, 17))[0]
    assert (m.kind, m.status) == ("ban", "adopted")


def test_what_a_deal_envisions_is_proposed():
    m = extract("The European Union's deal envisions returning migrants and refugees from Greece to Turkey.",
                "en", D(2016, 3, 10))[0]
    assert (m.kind, m.status) == ("expulsion", "proposed")


def test_a_similar_bill_of_another_year_is_a_measure_like_the_one_reported():
    text = ("Senators wrote a sweeping overhaul of the immigration system in 2013 that offered a path to citizenship.\n\n"
            "Senator Gray, who had opposed a similar effort in 2006, voted against it again.")
    ms = extract(text, "en", D(2016, 3, 15))
    assert len(ms) == 2, [m.text for m in ms]
    first, second = ms
    assert (second.kind, second.status, second.stage) == (first.kind, first.status, first.stage)
    assert "2006" in second.text
    # no bill reported before it: 'a similar effort' is nothing
    assert not extract("Senator Gray, who had opposed a similar effort in 2006, spoke on Monday.", "en", D(2016, 3, 15))


def test_a_bill_also_introduced_in_the_other_chamber_is_congress():
    text = ("Rep. Jane Doe (D-Calif.), who introduced a bill this month to expand refugee admissions from Honduras, "
            "praised the plan. The bill, also introduced in the Senate by Senator Gray, would require the State "
            "Department to decide on refugee applications within 90 days.")
    ms = extract(text, "en", D(2016, 7, 26))
    assert ms and ms[0].authority_id == "us-congress"
    ms = extract("Rep. Jane Doe introduced a bill this month to expand refugee admissions from Honduras.", "en", D(2016, 7, 26))
    assert ms[0].authority_id == "us-house-of-representatives"


def test_an_amendment_with_no_body_named_is_the_chamber_the_article_is_about():
    text = ("Senator Gray has served in the Senate for years. The Senate Democrats needed him.\n\n"
            "His provision was attached to a Republican border security amendment and paid for by higher visa fees "
            "for foreign travelers.")
    ms = extract(text, "en", D(2016, 3, 15))
    assert [(m.kind, m.authority_id) for m in ms] == [("fee", "us-senate")]


def test_a_registry_of_controlled_persons_coming_into_force():
    pub = D(2025, 2, 5)
    m = extract("The federal law creating a registry of controlled persons came into force on Wednesday.", "en", pub)[0]
    assert (m.kind, m.status, m.stage) == ("registry", "in_force", "in-force")
    m = extract("The Duma passed in its third and final reading the law creating a registry of controlled persons.",
                "en", pub)[0]
    assert (m.kind, m.status) == ("registry", "adopted")


def test_a_law_in_force_and_a_revoked_decree():
    m = extract("С сегодняшнего дня в стране действует закон о реестре контролируемых иностранцев.", "ru", D(2025, 2, 5))[0]
    assert (m.kind, m.status) == ("registry", "in_force")
    m = extract("Через неделю после вступления в силу запрета на работу мигрантов в такси очереди выросли.",
                "ru", D(2025, 6, 8))[0]
    assert (m.kind, m.status, m.sectors) == ("ban", "in_force", ["taxi"])
    m = extract("The Ladimir regional government has revoked its 2024 decree that required employers to report the "
                "hiring of a foreign worker within 24 hours.", "en", D(2025, 7, 1))[0]
    assert (m.kind, m.status, m.direction) == ("easing", "lifted", "welcoming")
    assert not extract("Закон о реестре мигрантов пока не действует.", "ru", D(2025, 2, 5))


def test_two_components_of_a_package_in_opposite_directions_are_two_measures():
    ms = extract("The European Union agreed a deal with Ankara last week to restrict the migrant flow into Europe, "
                 "in return for more liberal visa arrangements for Turkish nationals.", "en", D(2016, 3, 23))
    assert [(m.kind, m.direction) for m in ms] == [("restriction", "restrictive"), ("easing", "welcoming")]
    assert ms[1].text.startswith("more liberal visa")


def test_federal_acts_have_no_region_and_foreign_bodies_only_a_named_country():
    m = extract("Senator Jane Gray of Vermont introduced a bill to raise the cap on refugee admissions.", "en",
                D(2016, 3, 1))[0]
    assert (m.level, m.region) == ("federal", None)
    m = extract("The State Duma passed in first reading the bill creating a registry of controlled persons.", "en",
                D(2025, 1, 10))[0]
    assert (m.authority_id, m.region) == ("state-duma", None)
    m = extract("The Russian State Duma passed in first reading the bill creating a registry of controlled persons.", "en",
                D(2025, 1, 10))[0]
    assert (m.authority_id, m.region) == ("state-duma", "Russia")
