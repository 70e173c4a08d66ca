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
