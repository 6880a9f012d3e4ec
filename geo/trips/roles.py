"""Roles in the sentence: whether a place is where travellers came from or went, and who travels or hosts."""

from __future__ import annotations

from typing import Literal

from geo.trips.cues import (
    CAPACITY_PREPS,
    DESTINATION_PREPS,
    EXAMPLE_PREPS,
    FROM_NOT_ORIGIN,
    GROUP_NOUNS,
    HOST_VERBS,
    LEAD_ROLE_VERBS,
    LEAVE_VERBS,
    MEMBER_VERBS,
    PLACE_NOUNS,
    QUANTITY_NOUNS,
    SPEECH_VERBS,
    SPREAD_PREPS,
    STRONG_TRAVEL_VERBS,
    THING_SUBJECTS,
    TIE_MODIFIERS,
    TITLE_HEADS,
    TRAVELLER_NOUNS,
    TRIP_NOUNS,
    VISIT_OBJECT_VERBS,
    VISITOR_NOUNS,
    Doc,
    Role,
    Side,
    Token,
)
from geo.trips.events import _governing_event, _homeward, _is_travel_event, _plans_travel


def _climb(tok: Token) -> tuple[str, Token]:
    """The relation that ties a noun to the rest of its clause: a preposition or a dependency label."""
    cur = tok
    for _ in range(12):
        head = cur.head
        if head is cur or head.i == cur.i:
            return "root", cur
        dep = cur.dep_
        if dep in ("conj", "appos", "flat") or (
                dep in ("compound", "amod") and head.lemma_.lower() in PLACE_NOUNS):
            cur = head  # "in Gyeongsangbuk-do province", "leaders of Melbourne city": the noun stands for it
            continue
        if dep == "pobj":
            prep = head
            word = prep.lower_
            if word in SPREAD_PREPS and prep.head.lower_ == "from" and prep.head.head.i != prep.head.i:
                return "from", prep.head.head  # "mayors from around British Columbia", "from across Ohio"
            if word in EXAMPLE_PREPS and prep.head.i != prep.i:
                cur = prep.head
                continue
            if word == "of" and prep.head.lemma_.lower() in PLACE_NOUNS:
                cur = prep.head
                continue
            if word == "in" and prep.head.lemma_.lower() in PLACE_NOUNS and prep.head.dep_ == "appos":
                cur = prep.head  # "Zhuhai, a city in Guangdong": Guangdong stands where Zhuhai does
                continue
            return word, prep.head
        if dep == "dobj" and head.lower_ in ("including", "like"):
            cur = head.head
            continue
        return dep, head
    return "root", cur


def _meets_visitors(verb: Token) -> bool:
    """ "met with the delegation", "met with visitors": the subject is a host."""
    return bool(verb.lemma_.lower() == "meet" and any(
        c.dep_ == "prep" and c.lower_ == "with"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in GROUP_NOUNS - {"mayor"} for g in c.children)
        for c in verb.children))


def _side(tok: Token, people_tokens: set[int]) -> Side | None:
    """Whether a person or group is among the travellers or among their hosts."""
    cur = tok
    for _ in range(10):
        head = cur.head
        if head.i == cur.i:
            break
        dep = cur.dep_
        if dep in ("conj", "appos", "compound", "flat", "poss"):
            cur = head
            continue
        if dep == "pobj":
            prep = head
            word = prep.lower_
            if word in EXAMPLE_PREPS:
                cur = prep.head
                continue
            target = prep.head
            if word == "by":
                return _agent_side(target, people_tokens)
            if (word in ("of", "from", "with") and (
                target.lemma_.lower() in TRAVELLER_NOUNS | TRIP_NOUNS
            )) or (word == "of" and target.lemma_.lower() in QUANTITY_NOUNS):
                cur = target  # "members of the delegation"; "met with a number of officials"
                continue
            if word == "with" and target.lemma_.lower() in ("meet", "talk", "hold", "sign"):
                # "X met with officials": X travelled; "officials met with the delegation": it did; so did
                # "the Governor of Arizona ... during the governor's work visit"
                if cur.lemma_.lower() in GROUP_NOUNS - {"mayor"} or _owns_a_journey(cur):
                    return "traveller"
                return "host"
            break
        if dep == "agent":
            return "host" if head.lemma_.lower() in HOST_VERBS else "traveller"
        if dep == "nsubj":
            lemma = head.lemma_.lower()
            if (lemma in HOST_VERBS and not _receives_a_thing(head)) or _meets_visitors(head):
                return "host"
            if lemma in ("send", "dispatch"):
                break
            if lemma in SPEECH_VERBS and (others := _tells_of_others(head)) is not None:
                # "X's Lord Mayor says a visiting delegation is keen to ...": the speaker hosts them
                return "host" if others == "host" else None
            if _is_travel_event(head, people_tokens) or lemma in ("lead", "head", "join", "accompany"):
                return "traveller"
            if _plans_travel(head, people_tokens):
                return "traveller"  # "plans to visit", "hopes to lead"
            if _own_journey(head, cur):
                return "traveller"  # "During his stay in X, Mayor Y met ..."
            break
        if dep in ("dobj", "nsubjpass", "dative"):
            lemma = head.lemma_.lower()
            if dep == "nsubjpass" and _plans_travel(head, people_tokens):
                return "traveller"  # "is expected to lead"
            if lemma in HOST_VERBS:
                return "traveller"
            if lemma in ("meet", "greet", "thank") or (dep == "dobj" and lemma in VISIT_OBJECT_VERBS):
                return "host"
            if dep == "dobj" and lemma in ("join", "accompany") and _holds_journey(head, people_tokens):
                return "traveller"  # "X will join Y on the delegation to Z": Y goes too
            if lemma in ("lead", "include", "join", "accompany"):
                cur = head
                continue
            break
        if dep in ("attr", "acl", "relcl", "nmod", "amod", "npadvmod"):
            cur = head
            continue
        break
    if tok.lemma_.lower() in GROUP_NOUNS:
        return "traveller"
    return None


def _receives_a_thing(verb: Token) -> bool:
    """ "received an invitation to visit", "welcomed the decision": a host verb whose object is no visitor."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in THING_SUBJECTS for c in verb.children)


def _tells_of_others(speech: Token) -> Literal["host", "apart"] | None:
    """The side of a speaker who tells of a group of travellers other than the speaker: a host when they
    are visiting ("says a visiting delegation is keen to learn"), neither when they only travel ("says the
    delegation leaves on Monday"); ``None`` when the speaker may be among them ("says she will lead")."""
    for clause in speech.children:
        if clause.dep_ != "ccomp":
            continue
        for subject in clause.children:
            if subject.dep_ in ("nsubj", "nsubjpass") and subject.pos_ == "NOUN" and (
                subject.lemma_.lower() in TRAVELLER_NOUNS
            ) and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children):
                visiting = subject.lemma_.lower() in VISITOR_NOUNS or any(
                    c.dep_ == "amod" and c.lower_ == "visiting" for c in subject.children)
                return "host" if visiting else "apart"
    return None


def _owns_a_journey(noun: Token) -> bool:
    """Whether the sentence gives the noun's holder a journey: "the Governor ... during the governor's
    visit"."""
    lemma = noun.lemma_.lower()
    return any(
        t.lemma_.lower() in TRIP_NOUNS and t.pos_ == "NOUN"
        and any(c.dep_ == "poss" and c.lemma_.lower() == lemma for c in t.children)
        for t in noun.sent if t.i != noun.i
    )


def _own_journey(verb: Token, subject: Token) -> bool:
    """A clause that tells of its subject's own journey: "during her visit", "on their trip"."""
    inside = {t.i for t in subject.subtree}
    return any(
        t.i not in inside and t.lemma_.lower() in TRIP_NOUNS and t.lemma_.lower() != "delegation"
        and any(c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in t.children)
        for t in verb.subtree
    )


def _agent_side(target: Token, people_tokens: set[int]) -> Side | None:
    """The side of "by X": "led by X", "a visit by X" (travellers); "welcomed by X" (hosts)."""
    cur = target
    for _ in range(6):
        lemma = cur.lemma_.lower()
        if lemma in HOST_VERBS | {"meet", "greet", "organize", "organise", "sponsor", "arrange"}:
            return "host"
        if lemma in ("lead", "head", "accompany", "join") or _is_travel_event(cur, people_tokens):
            return "traveller"
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _in_capacity(tok: Token) -> bool:
    """A place inside the post a traveller went in: "visited Muscatine in 1985 as party chief of Zhengding
    County in Hebei", "came as governor of Oregon"."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return False
        head = cur.head
        if (cur.dep_ == "pobj" and head.lower_ in CAPACITY_PREPS and cur.lemma_.lower() in TITLE_HEADS
                and not any(c.lower_ == "such" for c in (*head.children, head.head))):
            return head.head.pos_ in ("VERB", "AUX")
        cur = head
    return False


def _place_role(tok: Token, people_tokens: set[int]) -> Role | None:
    """Whether the place a token stands for is where travellers came from or where they went."""
    if _in_capacity(tok):
        return "origin"
    rel, attach = _climb(tok)
    attach_lemma = attach.lemma_.lower()
    if _homeward(attach):
        # "returned from X", "flying home from X": X was visited; "flew back to X": X is home
        if rel in ("from",):
            return "destination"
        if rel in ("to", "for", "dobj"):
            return "origin"
        if rel in ("via", "through"):
            return None  # a change of planes on the way home
    if rel == "from":
        if attach_lemma in FROM_NOT_ORIGIN or attach.ent_type_ in ("DATE", "TIME", "MONEY", "QUANTITY"):
            return None
        if _governing_event(attach, people_tokens) is not None:
            return "origin"
        if attach_lemma in TRAVELLER_NOUNS or attach.i in people_tokens or attach.pos_ in ("AUX",):
            return "origin"
        if attach_lemma in ("come", "hail", "be"):
            return "origin"
        if attach.pos_ in ("NOUN", "PROPN"):
            return "origin"  # "a youth orchestra from X played ...", in a sentence that tells of travel
        return None
    if rel in DESTINATION_PREPS:
        side = _side(attach, people_tokens) if (
            attach.i in people_tokens or attach_lemma in TRAVELLER_NOUNS
        ) else None
        if side == "host":
            return "destination" if rel in ("in", "at", "from") else None
        if rel in ("in", "at") and _journeys_subject(attach):
            return "origin"  # "The Consul General in X, Y, visited Z": the travellers' post is their home
        if attach_lemma in TRAVELLER_NOUNS and attach_lemma not in TRIP_NOUNS and attach.pos_ != "VERB":
            # "mayors in Ohio": where they are from, unless they go "to" it (not "headed by X in Y")
            if rel == "to":
                return "destination"
            return None
        if rel == "on" and attach_lemma not in ("stop", "leg", "visit", "trip", "tour"):
            return None
        if rel == "for" and attach_lemma not in ("leave", "depart", "head", "set", "bind"):
            return None
        if _governing_event(attach, people_tokens) is not None:
            return "destination"
        if rel == "to" and _holds_journey(attach, people_tokens):
            return "destination"  # "will join X on the delegation to Y", "to Y" hung on the verb
        return None
    if rel == "of":
        if not (attach.i in people_tokens or attach_lemma in TRAVELLER_NOUNS or attach_lemma in TRIP_NOUNS):
            return None
        side = _side(attach, people_tokens)
        if side == "traveller":
            return "origin"
        if side == "host":
            return "destination"
        if attach_lemma in TRIP_NOUNS and attach_lemma != "delegation":
            return "destination"  # "a tour of Japan"
        if attach_lemma in _GROUPS:
            return "origin"  # "a delegation of Hanoi led by X paid working trips to ..."
        return None
    if rel == "dobj":
        if attach_lemma in VISIT_OBJECT_VERBS:
            return "destination"
        if attach_lemma in ("include", "cover") and any(
            c.dep_ == "nsubj" and c.lemma_.lower() in TRIP_NOUNS for c in attach.children
        ):
            return "destination"  # "the itinerary included X"
        if attach_lemma in LEAVE_VERBS:
            return "origin"
        return None
    if rel == "dative" and attach_lemma in ("pay", "make"):
        return "destination"  # "is paying the Star City a visit"
    if rel == "nsubjpass" and attach_lemma in VISIT_OBJECT_VERBS:
        return "destination"
    if rel in ("npadvmod", "oprd", "attr", "xcomp", "ccomp") and attach_lemma in VISIT_OBJECT_VERBS:
        # "visited Richmond, Va., and ...", misread when a headline is glued to the lead: the place right
        # after the verb is its object
        first = tok
        while first.dep_ in ("conj", "appos", "flat", "compound") and first.head.i != first.i:
            first = first.head
        if first.i == attach.i + 1:
            return "destination"
    if rel == "nsubj":
        if attach_lemma in HOST_VERBS and _is_travel_event(attach, people_tokens):
            return "destination"
        if attach_lemma in ("send", "dispatch"):
            return "origin"
        return None
    if rel == "poss" and attach_lemma in PLACE_NOUNS and any(
            c.dep_ in ("compound", "amod") and c.lower_ in TIE_MODIFIERS for c in attach.children):
        return None  # "students from Sheboygan's sister city, Tsubame": from Tsubame, not Sheboygan
    if rel in ("compound", "poss", "nmod", "amod"):
        if attach_lemma in TRIP_NOUNS and attach_lemma != "delegation":
            holders = [attach, attach.head] if attach.dep_ == "dobj" else [attach]
            if any(c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ == "pobj" for g in c.children)
                   for h in holders for c in h.children):
                return "origin"  # "(lead) an Ontario trade mission to Japan": whose mission, going elsewhere
            return "destination"  # "an Osaka trip"
        side = _side(attach, people_tokens)
        if side == "traveller":
            return "origin"
        if side == "host":
            return "destination"
        return None
    return None


def _holds_journey(verb: Token, people_tokens: set[int]) -> bool:
    """A verb whose "on" or "in" phrase is a journey: "join X on the delegation", "take part in the mission"
    (the parser hangs the journey's "to Y" on the verb)."""
    return verb.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "prep" and c.lower_ in ("on", "in")
        and any(g.dep_ == "pobj" and g.pos_ == "NOUN" and _is_travel_event(g, people_tokens)
                for g in c.children)
        for c in verb.children
    )


def _journeys_subject(noun: Token) -> bool:
    """Whether a noun (not a journey's) is the subject of a verb of going: "officials in Ohio travelled",
    "the Consul General in X ... visited"; a presence verb ("the mayor in X signed") is not one."""
    verb = noun.head
    return bool(
        noun.dep_ == "nsubj" and noun.pos_ in ("NOUN", "PROPN") and noun.lemma_.lower() not in TRIP_NOUNS
        and verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in STRONG_TRAVEL_VERBS
    )


_GROUPS = frozenset({"delegation", "group", "team", "party", "entourage"})
# "Participants will include A, B and C"
_LISTED = frozenset({"participant", "member", "delegate", "traveller", "traveler", "attendee"})


def _member(tok: Token) -> bool:
    """A person listed among travellers: "the delegation includes X", "members of the delegation are X and
    Y", "the delegation, composed of X and Y", "the group, including X"."""
    cur = tok
    for _ in range(8):
        head = cur.head
        if head.i == cur.i:
            return False
        lemma = head.lemma_.lower()
        group = head.head.lemma_.lower()
        if cur.dep_ == "pobj" and head.lower_ in ("including", "of", "among") and head.head.i != cur.i and (
                group in TRAVELLER_NOUNS | _GROUPS):
            return head.lower_ != "of" or group in _GROUPS
        if cur.dep_ == "pobj" and head.lower_ == "with" and head.head.lower_ in ("along", "together"):
            return True  # "X, along with deputy mayor Y and Crs Z and W, departed ..."
        if lemma in MEMBER_VERBS and cur.dep_ in ("dobj", "attr", "pobj", "prep", "conj", "appos", "agent"):
            subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if lemma in ("accompany", "join") and cur.dep_ in ("pobj", "agent"):
                subjects = [head.head] if head.dep_ in ("acl", "relcl") else subjects
            return any(c.lemma_.lower() in TRAVELLER_NOUNS | TRIP_NOUNS or c.lower_ == "they"
                       for c in subjects)
        if cur.dep_ in ("conj", "appos", "compound", "flat", "pobj", "prep", "agent", "dobj", "attr", "acl"):
            cur = head
            continue
        return False
    return False


def _lift_conj(tok: Token, people_tokens: set[int]) -> Token:
    """A person the parser coordinated with the organisation in the previous person's title ("led by A,
    director of ORG and B, chair of ..."): they stand where that previous person does."""
    if tok.dep_ != "conj" or tok.head.i in people_tokens:
        return tok
    cur = tok.head
    for _ in range(5):
        if cur.i in people_tokens:
            return cur
        if cur.dep_ not in ("pobj", "prep", "appos", "compound", "conj") or cur.head.i == cur.i:
            return tok
        cur = cur.head
    return tok


def _list_cue(sent: Doc) -> Token | None:
    """The word after which a sentence lists travellers, one after another: "The delegation consists of
    A, director of X; B, a principal; ...", "In the delegation are: A - governor; B ...", "Also travelling
    with the delegation are A and B", "the group, including A, B and C"."""
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in MEMBER_VERBS and lemma != "be" and any(
            c.dep_ in ("nsubj", "nsubjpass")
            and (c.lemma_.lower() in _GROUPS | TRIP_NOUNS | _LISTED or c.lower_ == "they")
            for c in tok.children
        ):
            return tok
        if lemma == "be" and any(_about_group(c) for c in tok.children
                                 if c.dep_ in ("prep", "advcl", "csubj", "nsubj")):
            return tok
        if tok.pos_ == "VERB" and _with_group(tok) and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i for c in tok.children
        ):
            return tok  # "Also travelling with the delegation are A and B" (not "X will join the delegation")
        if tok.lower_ == "including" and tok.head.lemma_.lower() in _GROUPS | TRIP_NOUNS:
            return tok
    return None


def _about_group(child: Token) -> bool:
    """ "in the delegation", "on the trip", "travelling with the delegation", "members of the group"."""
    if child.dep_ == "prep":
        return child.lower_ in ("in", "on", "among") and any(
            g.dep_ == "pobj" and g.lemma_.lower() in _GROUPS | TRIP_NOUNS for g in child.children)
    if child.dep_ in ("advcl", "csubj"):
        return _with_group(child)  # "Also travelling with the delegation are A and B"
    if child.dep_ == "nsubj" and child.lemma_.lower() in ("member", "members", "participant"):
        return _governs(child, "of", _GROUPS | TRIP_NOUNS)
    return False


def _governs(tok: Token, prep: str, nouns: frozenset[str]) -> bool:
    """Whether ``tok`` has "PREP NOUN" hanging on it, the noun one of ``nouns``: "members of the group"."""
    return any(
        g.dep_ == "pobj" and g.lemma_.lower() in nouns
        for c in tok.children if c.dep_ == "prep" and c.lower_ == prep for g in c.children
    )


def _with_group(verb: Token) -> bool:
    """ "travelling with the delegation", "accompanying the group", "joining the trip"."""
    if verb.lemma_.lower() in ("accompany", "join"):
        return any(c.dep_ == "dobj" and c.lemma_.lower() in _GROUPS | TRIP_NOUNS for c in verb.children)
    return _is_travel_event(verb, set()) and _governs(verb, "with", _GROUPS)


def _speaks(tok: Token) -> bool:
    """ "said X", "according to X": a person quoted, not listed."""
    if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_VERBS:
        return True
    return bool(tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according")


def _part_of_group(tok: Token) -> bool:
    """ "X and Y will also be part of the delegation", "X was a member of the trip"."""
    cur = tok
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ != "nsubj" or cur.head.lemma_.lower() not in ("be", "become"):
        return False
    return any(
        a.dep_ == "attr" and a.lemma_.lower() in ("part", "member", "participant")
        and _governs(a, "of", _GROUPS | TRIP_NOUNS)
        for a in cur.head.children
    )


def _leads(tok: Token) -> bool:
    """ "led by X", "headed by X", "X led the delegation": X heads the journey."""
    cur = tok
    for _ in range(4):
        head = cur.head
        if head.i == cur.i:
            return False
        if head.lemma_.lower() in LEAD_ROLE_VERBS and cur.dep_ in ("nsubj", "pobj", "agent"):
            return True
        if cur.dep_ in ("pobj", "agent", "compound", "flat", "appos", "conj"):
            cur = head
            continue
        return False
    return False
