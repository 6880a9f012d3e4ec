"""Travel events and their tense: which words tell of a journey, and whether it was made or is to come."""

from __future__ import annotations

from geo.trips.cues import (
    AGENDA_NOUNS,
    ARRANGED_VERBS,
    GROUP_NOUNS,
    HOST_VERBS,
    LEAD_VERBS,
    MODALS,
    OFFICE_MODIFIERS,
    PLAN_MODIFIERS,
    PLAN_NOUNS,
    PLAN_WORDS,
    PRESENCE_VERBS,
    PRESENT_AUX,
    STRONG_TRAVEL_VERBS,
    THING_SUBJECTS,
    TRAVEL_VERBS,
    TRAVELLER_NOUNS,
    TRIP_NOUNS,
    Token,
)


def _dobj_lemmas(verb: Token) -> set[str]:
    """Lemmas of a verb's direct objects (and their conjuncts)."""
    out: set[str] = set()
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            out.add(child.lemma_.lower())
            out.update(c.lemma_.lower() for c in child.conjuncts)
    return out


def _is_person_token(tok: Token, people_tokens: set[int]) -> bool:
    return bool(tok.i in people_tokens)


def _is_travel_event(tok: Token, people_tokens: set[int]) -> bool:
    """A verb or noun that tells of a journey (or of receiving one)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ in ("compound", "amod") and c.lower_ in OFFICE_MODIFIERS for c in tok.children):
            return False  # "two consulate missions in China": offices, not journeys
        return lemma in TRIP_NOUNS and not _is_person_token(tok, people_tokens)
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if lemma in TRAVEL_VERBS:
        # "an invitation arrived", "the letter came": things travel, people make journeys
        thing = tok.head.lemma_.lower() in THING_SUBJECTS
        if tok.dep_ in ("acl", "relcl") and thing and not _infinitive(tok):
            return False  # "confirmed an invitation arrived" (not "an invitation to visit")
        return not any(c.dep_ == "nsubj" and c.lemma_.lower() in THING_SUBJECTS for c in tok.children)
    objects = _dobj_lemmas(tok)
    if lemma in HOST_VERBS:
        return bool(objects & (TRAVELLER_NOUNS | TRIP_NOUNS)) or any(
            c.dep_ in ("dobj", "nsubjpass") and c.i in people_tokens for c in tok.children
        )
    if lemma == "meet" and any(
        c.dep_ == "prep" and c.lower_ == "with"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in GROUP_NOUNS - {"mayor"} for g in c.children)
        for c in tok.children
    ):
        return True  # "X met with the Jeollabuk-do delegation": hosts receiving a journey
    if lemma in LEAD_VERBS:
        if lemma in ("send", "dispatch"):  # "is sending some 200 people to Iowa"
            return bool(objects & (TRIP_NOUNS | TRAVELLER_NOUNS))
        return bool(objects & (TRIP_NOUNS | GROUP_NOUNS))
    return _is_presence(tok, people_tokens)


def _is_presence(tok: Token, people_tokens: set[int]) -> bool:
    """Travellers doing something somewhere, which tells of a journey when the place is not their home:
    "Governor X and his delegation are in China", "Mayor X signed the agreement in Y", "the delegation
    met with ..." (under a dateline). The trips stage keeps such a journey only when its home is known and
    lies elsewhere."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = tok.lemma_.lower()
    if lemma != "be" and lemma not in PRESENCE_VERBS:
        return False
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    if not subjects and tok.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to"
                                                               for c in tok.children):
        subjects = [c for c in tok.head.children if c.dep_ == "nsubj"]  # "lawmakers signed up to attend"
    if not subjects:
        return False
    if lemma != "be" and any(c.lemma_.lower() in GROUP_NOUNS - {"mayor"} for c in subjects):
        return True  # "the delegation met with ...", "visitors toured ..."
    if not any(c.i in people_tokens or c.lemma_.lower() in TRAVELLER_NOUNS for c in subjects):
        return False
    # "signed the agreement in Y", "wrapped up a week of meetings in Y"
    objects = _objects(tok)
    heads = [tok, *objects, *_phrase_nouns(objects), *arranged(tok, objects)]
    return any(
        c.dep_ == "prep" and c.lower_ in ("in", "at")
        and any(g.dep_ == "pobj" and _names_a_place(g) for g in c.children)
        for h in heads for c in h.children
    )


def _objects(verb: Token) -> list[Token]:
    """A verb's direct objects and their conjuncts: "attend the summit and the forum"."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return objects + [j for o in objects for j in o.conjuncts]


def _phrase_nouns(heads: list[Token]) -> list[Token]:
    """The nouns of the prepositional phrases hanging on ``heads``: "meetings" -> "in Y" -> Y."""
    return [g for h in heads for c in h.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]


def arranged(verb: Token, objects: list[Token] | None = None) -> list[Token]:
    """Where and when what is attended was set: "attend the meeting scheduled for August in Seattle", "a
    summit held in Singapore" (the participle and the nouns of its phrases, which carry the place)."""
    around = [*(objects if objects is not None else _objects(verb)), verb]
    if verb.dep_ in ("advcl", "xcomp"):
        around.append(verb.head)  # "signed up to attend the meeting, scheduled for ... in Y"
    set_by = [c for h in around for c in h.children
              if c.dep_ in ("acl", "advcl") and c.lemma_.lower() in ARRANGED_VERBS and c.i != verb.i]
    return set_by + _phrase_nouns(set_by)


def _names_a_place(tok: Token) -> bool:
    """A place's name, as the recogniser tags it, or as it mistakes a little-known town for a people
    ("in Suqian" tagged a nationality) or a building."""
    return tok.ent_type_ in ("GPE", "LOC", "FAC") or (tok.ent_type_ == "NORP" and tok.tag_ == "NNP")


def _governing_event(tok: Token, people_tokens: set[int]) -> Token | None:
    """The journey a word hangs on, climbing through nouns and chained verbs, not through other clauses."""
    cur = tok
    for _ in range(10):
        if _is_travel_event(cur, people_tokens):
            return cur
        if cur.dep_ in ("relcl", "csubj", "ccomp", "parataxis"):
            return None
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("conj", "advcl", "xcomp", "pcomp", "acl"):
            return None
        if cur.head is cur or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _plans_travel(verb: Token, people_tokens: set[int]) -> bool:
    """A verb whose complement is a journey: "plans to visit", "is expected to lead"."""
    complements = [c for c in verb.children if c.dep_ == "xcomp"]
    complements += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "about")
                    for g in c.children if g.dep_ == "pcomp"]  # "is planning on visiting"
    return any(
        _is_travel_event(c, people_tokens) or c.lemma_.lower() in ("lead", "head") for c in complements
    )


def _modal(verb: Token) -> bool:
    """ "will visit", "may travel", "would host", "is going to visit"."""
    return any(c.dep_ == "aux" and c.lower_ in MODALS for c in verb.children)


def _under_way(event: Token) -> bool:
    """A journey told as happening now: "is visiting", "are touring", "arrives today", "is on a working
    visit" (not a headline's)."""
    if event.pos_ in ("NOUN", "PROPN"):
        # "X is on a visit to Y": the journey noun after "on", the clause's verb a present "be"
        prep = event.head
        verb = prep.head
        if event.dep_ in ("nsubj", "nsubjpass") and any(
            c.dep_ == "amod" and c.lower_ == "visiting" for c in event.children
        ):
            # "a visiting delegation is keen to learn": visiting now, told in the present
            return prep.tag_ in ("VBZ", "VBP") and not _modal(prep)
        return bool(
            event.dep_ == "pobj" and prep.lower_ == "on" and verb.lemma_.lower() == "be"
            and verb.tag_ in ("VBZ", "VBP") and not _modal(verb)
        )
    if event.pos_ not in ("VERB", "AUX") or _modal(event) or _on_agenda(event):
        return False
    if event.tag_ == "VBG":
        return any(c.dep_ == "aux" and c.lower_ in PRESENT_AUX for c in event.children)
    # "arrives today", "is staying", "a delegation is in Adelaide this week"
    return event.tag_ in ("VBZ", "VBP") and event.lemma_.lower() in STRONG_TRAVEL_VERBS | {
        "stay", "spend", "be"}


def _on_agenda(verb: Token) -> bool:
    """ "a visit to the port is also on the itinerary", "on the agenda": a journey still to come."""
    return any(c.dep_ == "prep" and c.lower_ == "on" and any(
        g.dep_ == "pobj" and g.lemma_.lower() in AGENDA_NOUNS for g in c.children) for c in verb.children)


def _unrealised(event: Token) -> bool:
    """A journey told as planned, hoped for or possible, not as made: "will visit", "plans to travel",
    "is due to lead a delegation", "a proposed trip", "would host a return visit"."""
    if event.pos_ in ("NOUN", "PROPN") and any(
        c.lower_ in PLAN_MODIFIERS and c.dep_ in ("amod", "compound", "nmod") for c in event.children
    ):
        return True
    if event.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "relcl" and c.pos_ in ("VERB", "AUX") and _modal(c) for c in event.children
    ):
        return True  # "to form a delegation that will travel to China"
    cur = prev = event
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX", "ADJ") and _on_agenda(cur):
            return True
        if cur.pos_ in ("VERB", "AUX", "ADJ"):
            if cur.i != event.i and (cur.lemma_.lower() in PLAN_WORDS or cur.lower_ in PLAN_WORDS):
                return True
            if _modal(cur):
                return True
            if cur.i != event.i and cur.lemma_.lower() == "be" and any(
                c.dep_ == "xcomp" and _infinitive(c) for c in cur.children
            ) and (prev.dep_ == "xcomp" or prev.dep_ in ("nsubj", "nsubjpass")):
                return True  # "the delegation is to visit", "was to have travelled"
            if _infinitive(cur) and (cur.dep_ == "ROOT" or (
                cur.dep_ in ("acl", "relcl") and cur.head.dep_ == "ROOT"
                and cur.head.pos_ in ("NOUN", "PROPN")
            )):
                return True  # a headline's "Mayor X of Ohio to lead mission", minutes' "AUTHORIZE X to lead"
            if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in PLAN_WORDS:
                return True  # "it is proposed she travel to China", "recommended that the mayor visit"
            if cur.dep_ == "acl" and _infinitive(cur) and cur.head.lemma_.lower() in PLAN_NOUNS:
                return True  # "the motion to send five delegates", "a decision to travel"
            if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.lower_ in ("on", "about"):
                cur = cur.head.head  # "has been planning on visiting X", "thinking about going"
                continue
            purpose = cur.dep_ == "advcl" and _infinitive(cur)  # "(travel to China) to attend the forum"
            if (cur.dep_ not in ("xcomp", "conj", "acomp") and not purpose) or cur.head.i == cur.i:
                return False
            if cur.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children):
                return False  # "X could not attend, but a delegation visited": a clause of its own
        elif cur.i != event.i and cur.pos_ == "NOUN" and cur.lemma_.lower() in PLAN_NOUNS:
            return True  # "plans for a visit", "an invitation to visit"
        elif cur.dep_ not in ("dobj", "pobj", "prep", "nsubj", "nsubjpass", "conj", "compound", "attr") or (
            cur.head.i == cur.i
        ):
            return False
        prev, cur = cur, cur.head
    return False


def _infinitive(verb: Token) -> bool:
    """A verb in the "to" infinitive with no finite auxiliary: "to visit", not "has to visit"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and not any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP", "VBD", "MD") for c in verb.children
    )


def _homeward(tok: Token) -> bool:
    """A verb of going home: "return", "fly back", "head home"."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.lower_ == "forth" for c in tok.subtree):
        return False  # "traveled back and forth"
    if tok.lemma_.lower() == "return":
        return True
    return any(
        c.lower_ in ("back", "home") and c.dep_ in ("advmod", "prt", "npadvmod", "dobj") for c in tok.children
    )
