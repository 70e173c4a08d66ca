"""English statements on invented news sentences: the attribution forms of
American political reporting (relative clauses, participles, nested reports,
`according to`, quotes over paragraphs)."""

from __future__ import annotations

from shiftwatch.pipeline import statements_of


def extract(text):
    return statements_of(text, "en")


def one(found, fragment):
    hits = [s for s in found if fragment in s.text]
    assert len(hits) == 1, f"{fragment!r} in {[(s.kind, s.text, s.speaker_mention) for s in found]}"
    return hits[0]


def test_quote_ending_in_an_exclamation_takes_the_attribution_after_it():
    s = one(extract('"We need a much tougher border policy - and we need it NOW!" Hal Brenner said on Twitter.'), "NOW")
    assert (s.kind, s.speaker_mention) == ("direct", "Hal Brenner")
    # the next sentence is no attribution when its verb reports something else
    found = extract('"Is this the end of the plan?" He said nothing more about the shelters.')
    assert not [s for s in found if s.kind == "direct"]


def test_relative_clause_speakers():
    found = extract('"It was not a convincing argument," said one official familiar with the talks, '
                    "who added that the White House seemed unprepared for the question.")
    assert one(found, "convincing").speaker_mention == "one official familiar with the talks"
    added = one(found, "seemed unprepared")
    assert added.kind == "indirect" and added.speaker_mention.startswith("one official familiar with the talks")
    # a relative clause of speech is its own statement, not part of the main verb's speaker
    found = extract('Governor Ann Kells - who previously said she would "shut the border down" - said on Friday '
                    "that the state would sue the federal government over the shelters.")
    assert one(found, "shut the border").speaker_mention.startswith("Governor Ann Kells")
    sue = one(found, "would sue")
    assert (sue.kind, sue.speaker_mention) == ("indirect", "Governor Ann Kells")


def test_participles_and_statements_carry_partial_quotes():
    s = one(extract("The senator tried to calm the crowd, and took a heckler in stride, saying the man "
                    "would “not get hurt” at his rally."), "not get hurt")
    assert (s.kind, s.speaker_mention) == ("partial", "The senator")
    s = one(extract("Her office put out a statement saying the state “cannot house every new arrival.”"), "cannot house")
    assert (s.kind, s.speaker_mention) == ("partial", "Her office")


def test_adding_after_a_partial_quote_is_the_first_speakers():
    found = extract("Mayor Tom Brill told reporters that his rival “had a cruel plan for the shelters,” "
                    "adding, “She lost the city that day.”")
    first, second = one(found, "cruel plan"), one(found, "lost the city")
    assert first.kind == "partial" and "lost the city" not in first.text
    assert first.speaker_id == second.speaker_id == "tom-brill"


def test_partial_quote_with_the_attribution_after_the_sentence():
    s = one(extract('The vote on the pact marks "the beginning of the end" for the bloc, said Piet Voskuil, '
                    "leader of the Dutch Freedom League."), "beginning of the end")
    assert s.kind == "partial" and s.text.startswith("The vote on the pact") and s.speaker_id == "piet-voskuil"


def test_partial_quote_goes_with_the_nearest_speech_verb():
    found = extract('Lena Ortiz attacked the plan, calling it a "disaster" and "a gift to smugglers," and compared '
                    'its author, whom she described as "reckless," with his predecessor.')
    s = one(found, "disaster")
    assert s.kind == "partial" and "compared" not in s.text and "reckless" not in s.text


def test_a_split_quote_joins_only_across_its_attribution():
    found = extract('"It frankly breaks my heart," Mayor Ann Cole tells the crowd. She says the ruling strengthened '
                    'her resolve to fight for more "fairness" in the laws.')
    assert one(found, "breaks my heart").text.rstrip(",") == "It frankly breaks my heart"
    s = one(found, "fairness")
    assert (s.kind, s.speaker_id) == ("partial", "ann-cole")
    s = one(extract("''It is embarrassing,'' Mr. Rubel said. ''The stock did not do well, and he got dinged.''"), "embarrassing")
    assert "got dinged" in s.text  # `Mr.` ends no sentence


def test_a_quotation_over_paragraphs_is_one_statement():
    text = ("“We will win this fight,” Mayor Ann Cole said.\n\n“We always do, and we will again next year.”\n\n"
            "The council met on Monday.")
    s = one(extract(text), "win this fight")
    assert "again next year" in s.text and s.speaker_id == "ann-cole"
    text = "“We will win,” she said, showing off her campaign hat. “I have backed him since the very beginning.”"
    assert "very beginning" in one(extract(text), "We will win").text


def test_a_paragraph_after_one_line_break_starts_a_sentence():
    from shiftwatch.statements.en import parse

    text = "Officials met with the governor on Monday about the new shelters\nPaulson told reporters that the plan was dead."
    assert [s.text.strip() for s in parse([text])[0].sents] == [
        "Officials met with the governor on Monday about the new shelters", "Paulson told reporters that the plan was dead."]
    s = one(extract(text), "plan was dead")
    assert (s.kind, s.speaker_mention) == ("indirect", "Paulson")


def test_headlines_are_no_statements():
    text = "Kremlin weighs softer line on migration after labour warnings, sources say\n\nThe Kremlin is considering it."
    assert not [s for s in extract(text) if "softer line" in s.text]


def test_parenthetical_and_misparsed_subjects():
    s = one(extract("That attitude, many argue, could carry grave implications if the senator becomes president."), "grave")
    assert (s.kind, s.speaker_mention) == ("indirect", "many") and s.text.startswith("That attitude")
    s = one(extract("Majorities of Democrats in five states going to the polls Tuesday say they would be satisfied "
                    "with both candidates as the nominee."), "satisfied")
    assert s.speaker_mention.startswith("Majorities of Democrats")


def test_a_second_report_in_the_sentence_ends_the_first():
    found = extract("At least half of voters in each state say the candidates’ positions on the issues are “about right,” "
                    "though voters are generally more likely to say the senator’s policies are too liberal.")
    first, second = one(found, "about right"), one(found, "too liberal")
    assert first.speaker_mention.startswith("At least half") and second.speaker_mention == "voters"


def test_calls_for_and_according_to_in_mid_sentence():
    text = ("Clinton wins three states\n\nThe senator also called for all candidates to lay out specifics — including "
            "the cost — of their plans.")
    s = one(extract(text), "lay out specifics")
    assert (s.kind, s.speaker_mention) == ("indirect", "The senator") and s.text.startswith("all candidates")
    s = one(extract("The contractor receives, according to the governor, $234 million in security contracts a year."), "234")
    assert s.text.startswith("The contractor receives") and s.speaker_mention == "the governor"
    assert one(extract("The state will sue, according to the governor."), "sue").text == "The state will sue"


def test_verbs_the_speaker_shares_stay_in_the_report():
    s = one(extract("Senate leader Mitch Connelly says he spoke to the front-runner and asked him to condemn "
                    "violence no matter who is responsible."), "spoke to")
    assert s.text.endswith("who is responsible")


def test_a_verb_that_reports_nothing_does_not_cut_the_clause():
    text = ("As more people continue to cross the border in search of asylum, the administration is planning to expand "
            "the program to allow parents to enter the country as well, officials announced.")
    s = one(extract(text), "expand the program")
    assert s.speaker_mention == "officials" and s.text.startswith("As more people continue")


def test_a_signed_quote_paragraph_does_not_continue_the_last_quote():
    text = ("“He is someone no sane person would want as president,” said Ana Ruiz.\n\n"
            "“No one wants a man who insults us.” And that is all he has, “the root of all evil.” ― Maria Lopez\n")
    s = one(extract(text), "no sane person")
    assert "insults us" not in s.text


def test_no_speaker_in_dummy_it_or_a_title_in_quotes():
    assert extract("However, it would not be right to say that our coaches in Russia trained her.") == []
    found = extract('"You eat it raw, and then swallow a glass of aquavit," says Havard Halvarsen, a local firefighter '
                    'but also the so-called "Rakfisk General," in charge of running the festival.')
    assert [(s.kind, s.speaker_id) for s in found] == [("direct", "havard-halvarsen")]


def test_plural_demonym_or_party_members_are_a_group_not_a_body():
    found = extract("Icelanders say that rents are too high. Six in 10 Democrats in the latest poll say they want change.")
    assert [s.speaker_id for s in found] == [None, None], [(s.speaker_mention, s.speaker_id) for s in found]


def test_a_bare_surname_tagged_a_common_noun_is_the_person_named_in_full_before():
    text = ("There are three such routes, explains retired major Oleg Rubets, who served at the depots.\n"
            '"Cartridges were sold by the guards themselves," says Rubets.\n'
            "Rubets explains that this covers cartridges from old depots.\n"
            "According to Rubets, the buyer can test everything.")
    found = extract(text)
    for fragment in ("Cartridges were sold", "old depots", "test everything"):
        assert one(found, fragment).speaker_id == "oleg-rubets"
    # a surname spelt like a noun names nobody when nobody of that name came before
    s = one(extract('"Cartridges were sold by the guards themselves," says Rubets.'), "Cartridges")
    assert s.speaker_id != "oleg-rubets"
