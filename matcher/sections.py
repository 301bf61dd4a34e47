"""The parts of a posting: about the company, the role, responsibilities, requirements, nice to
have, benefits, legal text and how to apply.

A skill named in a benefits paragraph ("a learning budget for AWS certifications"), a company
blurb ("we build on Kubernetes") or the equal-opportunity statement is not something the
candidate is asked for. Sections are found three ways, in this order of trust:

1. headings that start with a known phrase ("Requirements", "What we offer", "About us"),
   alone on their line or as a cue line with content after a colon ("Nice: Docker");
2. heading-shaped lines (short, not a bullet, no full stop, a colon or Title Case) holding a
   tell-tale word anywhere ("Perks & Benefits", "EQUAL EMPLOYMENT OPPORTUNITY");
3. for text under no heading, the paragraph's own words: legal boilerplate, a benefits list,
   or a company blurb that says nothing about the candidate.

Heading lines are matched on their lower-cased copy against the phrases that can start with
the line's first letter (`_heading_by_letter`), which keeps the walk over a posting's lines
cheap: most lines are never tried against more than a handful of phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from matcher.models import Level

Kind = Literal[
    "company",
    "role",
    "responsibilities",
    "requirements",
    "nice",
    "stack",
    "benefits",
    "legal",
    "apply",
    "other",
]
KINDS: tuple[Kind, ...] = (
    "company",
    "role",
    "responsibilities",
    "requirements",
    "nice",
    "stack",
    "benefits",
    "legal",
    "apply",
    "other",
)
# Sections whose mentions describe the employer, not the job: they never count.
CONTEXT_KINDS: frozenset[Kind] = frozenset({"company", "benefits", "legal", "apply"})
# The level a section gives a mention that carries no cue of its own.
KIND_LEVEL: dict[Kind, Level] = {"requirements": "required", "nice": "preferred"}


def _phrases(*phrases: str) -> str:
    """An alternation of phrases where a space stands for any run of blanks or hyphens."""
    return "|".join(p.replace("'", "['\u2019]?").replace(" ", r"[ \t-]+") for p in phrases)


# Phrases a heading starts with, by kind, in the order they are tried: the first kind whose
# phrase matches wins, so the specific ("about you", "about the role") come before the general
# ("about <anything>").
PHRASES: tuple[tuple[Kind, tuple[str, ...]], ...] = (
    (
        "nice",
        (
            "nice to haves?",
            r"nice(?=\s*:)",
            r"plus(?:es)?(?=\s*:)",
            r"bonus(?: points)?",
            r"preferred(?: \w+){0,2}",
            "desirable",
            r"desired(?: \w+){0,2}",
            "good to have",
            "would be (?:great|nice)",
            "extra credit",
            "even better",
            "ideally",
            "it's a plus",
            "optional",
            "(?:what )?(?:would )?makes? you stand out",
            "stand out",
            "added advantage",
            r"not required but \w+",
            "brownie points",
        ),
    ),
    (
        "requirements",
        (
            "(?:minimum |basic |key |required |essential |job |technical )?"
            "(?:requirements|qualifications)",
            "required",
            "must haves?",
            "what you'll need",
            "what you (?:will )?need",
            "what we(?:'re| are) looking for",
            "who you are",
            "who we(?:'re| are) looking for",
            "you have",
            "you are",
            "about you",
            "your profile",
            "(?:the )?ideal candidate",
            "candidate profile",
            "your skills",
            r"skills(?: \w+){0,2}",
            "(?:your |relevant )?experience",
            "essentials?",
            "what you'll bring",
            "what you bring",
            "what you bring to the table",
            "you should have",
            "we expect",
            "you will need",
            "you'll need",
            "is this you",
            "what (?:skills )?(?:do|will|would) (?:i|you) need",
            "what do we look for",
            "who (?:are )?you(?: are)?",
            "competencies",
            "must",
        ),
    ),
    (
        "role",
        (
            "about (?:the|this) (?:role|job|position|opportunity|team)",
            "the role",
            "role",
            "your role",
            "the opportunity",
            "opportunity",
            r"position(?: \w+){0,2}",
            "job (?:description|summary|overview|details)",
            "description",
            "overview",
            "summary",
            "the team",
            "your team",
            "the job",
            "your mission",
            "the position",
        ),
    ),
    (
        "responsibilities",
        (
            "(?:key |main |core |your |primary |job )?responsibilities",
            "what you'll do",
            "what you will do",
            "what you'll be doing",
            "what you will be doing",
            "what you'll work on",
            "what will (?:i|you) be doing",
            "what (?:will|would) (?:i|you) do",
            "what (?:does|will) the role (?:involve|look like)",
            "day to day",
            "a day in the life",
            "(?:key )?duties",
            "your impact",
            "(?:your )?tasks",
            "accountabilities",
            "in this role",
        ),
    ),
    (
        "stack",
        (
            "(?:our )?(?:tech(?:nology)? )?stack",
            "technologies",
            "tech",
            "tools(?: \\w+){0,2}",
            "tooling",
            "our tools",
        ),
    ),
    (
        "benefits",
        (
            "(?:our |your |the )?benefits",
            "(?:our |your |the )?perks",
            "(?:what )?we offer",
            "what we provide",
            "our offer",
            "why join(?: us)?",
            "why work (?:with|at|for) us",
            "why you'll love",
            "compensation",
            "salary",
            "(?:total )?rewards",
            "what's in it for (?:you|me)",
            "what you can expect",
            r"why (?:\w+ )?join(?: us)?",
            "what do (?:i|you) get",
            "what you(?:'ll)? get",
            "in return",
        ),
    ),
    (
        "legal",
        (
            "equal (?:employment )?opportunit(?:y|ies)",
            "pre employment (?:requirements|screening|checks)",
            "eeo",
            "diversity",
            "(?:our )?commitment",
            "disclaimer",
            "privacy",
            "legal",
            "accommodations?",
            "e verify",
            "inclusion",
            "notice",
        ),
    ),
    (
        "apply",
        (
            "how to apply",
            "(?:the |our )?interview(?:ing)? process",
            "(?:the |our )?(?:hiring|application|recruitment|recruiting) process",
            "next steps",
            "to apply",
            r"interested(?=[?!.:\s]*$)",
            r"apply(?=\s*(?::|$))",
        ),
    ),
    (
        "company",
        (
            r"about(?: \w+){0,3}",
            "who we are",
            r"our \w+",
            "company",
            "the company",
            "culture",
            "why us",
            "mission",
            "values",
            r"life (?:at|in)(?: \w+){0,2}",
            r"who (?:are|is) \w+(?: \w+)?",
            "how we work",
            "company overview",
            r"other (?:roles|openings|positions|jobs|vacancies)",
            r"not your (?:tech )?stack",
            "hello",
            "hi there",
        ),
    ),
    (
        "other",
        (
            "location",
            "schedule",
            "(?:employment|job|contract) type",
            "start date",
            "travel",
            "work (?:model|arrangement|location|hours)",
            "hours",
        ),
    ),
)

_GROUP_OF: dict[Kind, str] = {kind: f"k{i}" for i, kind in enumerate(KINDS)}
_KIND_OF_GROUP: dict[str, Kind] = {group: kind for kind, group in _GROUP_OF.items()}

# A heading line: optional markdown/bullet marks, a known phrase, little else, maybe a colon.
_MARKS = r"^[ \t#*_>•\-]*"


def _heading_pattern(phrases: dict[Kind, list[str]], flags: int = 0) -> re.Pattern[str]:
    body = "|".join(
        f"(?P<{_GROUP_OF[kind]}>{_phrases(*ps) if ps else '(?!)'})" for kind, ps in phrases.items()
    )
    return re.compile(_MARKS + f"(?:{body})" + r"\b(?P<rest>[^\n]*)$", flags)


HEADING = _heading_pattern({kind: list(ps) for kind, ps in PHRASES}, re.IGNORECASE)

# Any other short line ending in a colon, or a markdown heading, ends the section.
OTHER_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+[^\n]{1,80}|[^\n.!?:]{2,50}:[ \t*_]*)$")

_BULLET = re.compile(r"^[ \t]*(?:[-•*▪◦‣][ \t]|\d+[.)][ \t])")
_TAIL_WORD = re.compile(r"[A-Za-z'\u2019]+")
_TAIL_PUNCTUATION = re.compile(r"[.!?,;]")
_NOT_A_HEADING_TAIL = frozenset(
    ["with", "in", "of", "using", "for", "to", "on", "at", "by", "from", "as", "is", "are"]
)


# What may close a heading: a question mark, stray marks, mis-decoded punctuation ("â¯").
_TAIL_JUNK = re.compile(r"^[?!\s]+|[^\w)]+$")


def is_block_heading(line: str, rest: str) -> bool:
    """A line that is a heading on its own: "Requirements", "Preferred qualifications:",
    "Skills & experience", "Requirements (must have)". Not a bullet, not a sentence:
    "- Experience with Spark" and "Experience with Spark or Databricks" are list items."""
    if _BULLET.match(line):
        return False
    tail = _TAIL_JUNK.sub("", rest.strip(" \t*_:#"))
    if not tail or (tail.startswith("(") and tail.endswith(")")):
        return True
    words = _TAIL_WORD.findall(tail)
    return (
        len(words) <= 3
        and len(tail) <= 30
        and not _TAIL_PUNCTUATION.search(tail)
        and (not words or words[0].lower() not in _NOT_A_HEADING_TAIL)
    )


def split_alternatives(group: str) -> list[str]:
    """The top-level alternatives of a regular expression group's body."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(group):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(group[start:i])
            start = i + 1
    parts.append(group[start:])
    return parts


def _closing_parenthesis(text: str) -> int:
    """The offset of the parenthesis that closes the one `text` starts with."""
    depth = 0
    for offset, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return offset
    raise ValueError(f"unbalanced parentheses in {text!r}")


def first_letters(phrase: str) -> frozenset[str]:
    """The letters a heading phrase can start with.

    The phrases use literal words, groups `(?:a|b)` that may be optional (`?` or `{0,n}`) and
    optional letters (`s?`); anything else at the start is refused, so a new phrase in another
    style fails here, at import, instead of being silently skipped by `heading_of`.
    """
    if phrase.startswith("(?:"):
        close = _closing_parenthesis(phrase)
        letters = frozenset().union(
            *(first_letters(alt) for alt in split_alternatives(phrase[3:close]))
        )
        rest = phrase[close + 1 :]
        if rest.startswith("?"):
            return letters | first_letters(rest[1:])
        if rest.startswith("{0,"):
            return letters | first_letters(rest[rest.index("}") + 1 :])
        return letters
    if not phrase or not phrase[0].isalpha() or not phrase[0].islower():
        raise ValueError(f"heading phrase {phrase!r} does not start with a lower-case letter")
    if phrase[1:2] == "?":
        return frozenset(phrase[0]) | first_letters(phrase[2:])
    return frozenset(phrase[0])


# The characters other than ASCII letters that match an ASCII letter under IGNORECASE (dotted
# capital I, dotless i, long s, Kelvin sign).
CASE_ODDITIES = ("\u0130", "\u0131", "\u017f", "\u212a")


def _heading_by_letter() -> dict[str, re.Pattern[str]]:
    """The heading pattern cut down to the phrases that can start with each letter, without
    IGNORECASE, to run on the lower-cased line.

    After the marks, a phrase can only start at the line's first other character, so phrases
    that cannot start with that letter cannot match; the others keep their order, so the first
    one that matches is the one the full pattern finds. The phrases are ASCII and lower case,
    so on a line without the four `CASE_ODDITIES` whose lower-casing keeps its length, the
    lower-cased line and a case-sensitive pattern match exactly as IGNORECASE does.
    """
    firsts = {phrase: first_letters(phrase) for _kind, ps in PHRASES for phrase in ps}
    table: dict[str, re.Pattern[str]] = {}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        kept = {kind: [p for p in ps if letter in firsts[p]] for kind, ps in PHRASES}
        if any(kept.values()):
            table[letter] = _heading_pattern(kept)
    return table


_HEADING_BY_LETTER = _heading_by_letter()
HEADING_MARKS = " \t#*_>•-"


def dispatchable(text: str, lowered: str) -> bool:
    """Whether the lower-cased `text` can be matched case-sensitively (`_heading_by_letter`)."""
    return len(lowered) == len(text) and (
        text.isascii() or not any(odd in text for odd in CASE_ODDITIES)
    )


# Words that give a heading-shaped line its kind wherever they stand in it ("Perks &
# Benefits", "Your Responsibilities at Acme", "EQUAL EMPLOYMENT OPPORTUNITY").
_KIND_WORDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    ("nice", re.compile(r"\bnice to have|\bbonus\b|\bpreferred\b|\bplus(?:es)?\b|\bdesir")),
    (
        "requirements",
        re.compile(r"\brequire|\bqualifications?\b|\bmust have|\bskills?\b|\bexpertise\b"),
    ),
    ("responsibilities", re.compile(r"\bresponsibilit|\bduties\b|\byou(?:'|\u2019)ll do\b")),
    (
        "benefits",
        re.compile(r"\bbenefits?\b|\bperks?\b|\boffer\b|\bcompensation\b|\brewards?\b|\bsalary\b"),
    ),
    (
        "legal",
        re.compile(r"\bequal\b.*\bopportunit|\beeo\b|\bdiversity\b|\baccommodation|\bprivacy\b"),
    ),
    ("apply", re.compile(r"\bapply\b|\bapplication\b|\binterview|\bhiring process\b")),
    ("role", re.compile(r"\brole\b|\bposition\b|\bopportunity\b|\bjob\b")),
    (
        "company",
        re.compile(
            r"\babout\b|\bcompany\b|\bwho we are\b|\bculture\b|\bmission\b|\boverview\b|"
            r"\bour story\b|\bhow we work\b|\blife (?:at|in)\b|\bwho (?:are|is)\b"
        ),
    ),
    ("stack", re.compile(r"\bstack\b|\btechnolog|\btools\b")),
)
_SHAPED_END = re.compile(r"[.,;!]\s*$")
_WORD = re.compile(r"[^\W\d_][\w'\u2019&/-]*")
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "the", "of", "for", "to", "at", "in", "on", "with", "our", "your"}
    | {"we", "you", "&", "or", "by", "from", "is", "are", "as", "vs"}
)


def _title_shaped(line: str) -> bool:
    """Every word capitalised (or a small word): "About Acme", "Our Benefits", "PERKS"."""
    words = _WORD.findall(line)
    return bool(words) and all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def _shaped_heading_kind(line: str) -> Kind | None:
    """The kind of a heading-shaped line by the words it holds, or None.

    Heading-shaped: up to seven words, not a bullet, no sentence punctuation at its end, and
    either ending in a colon or written in Title Case or capitals.
    """
    stripped = line.strip(" \t#*_>")
    if not stripped or len(stripped) > 60 or not (stripped[0].isupper() or stripped[-1] == ":"):
        return None  # a heading starts with a capital or ends with a colon
    if _BULLET.match(line) or _SHAPED_END.search(stripped):
        return None
    words = _WORD.findall(stripped)
    if not words or len(words) > 7:
        return None
    if not stripped.endswith(":") and not _title_shaped(stripped):
        return None
    lowered = stripped.lower()
    for kind, pattern in _KIND_WORDS:
        if pattern.search(lowered):
            return kind
    return None


# Symbols a heading may start with (emoji, mis-decoded emoji and dashes), and the mis-decoded
# apostrophe ("you\u00e2\u0080\u0099ll") that the phrases read as an apostrophe.
_LEADING_SYMBOLS = re.compile(
    "^(?:[\u00f0][\u0080-\u00bf]{1,3}|[\u00e2][\u0080-\u00bf]{1,2}|\u00c2|"
    "[\U0001f000-\U0001ffff\u2600-\u27bf\ufe0f])+"
)
_MISDECODED_APOSTROPHE = "\u00e2\u0080\u0099"


def _cleaned(line: str) -> str:
    line = _LEADING_SYMBOLS.sub("", line)
    return line.replace(_MISDECODED_APOSTROPHE, "'")


def _prepared(line: str, lowered: str | None) -> tuple[str, str | None]:
    """The line without leading symbols, and its lower case when it can be dispatched."""
    if not line.isascii():
        cleaned = _cleaned(line)
        if cleaned != line:
            line, lowered = cleaned, None
    if lowered is None:
        lowered = line.lower()
        if not dispatchable(line, lowered):
            lowered = None
    return line, lowered


def heading_of(line: str, lowered: str | None = None) -> tuple[Kind, bool] | None:
    """(kind, is a block heading) when a line is a heading; None for ordinary lines.

    A block heading governs the lines below it; a cue line ("Nice: Docker, Helm") only itself.
    `lowered`, when given, is the line lower-cased, from a text `dispatchable` said yes to.
    """
    line, lowered = _prepared(line, lowered)
    if lowered is not None:
        pattern = _HEADING_BY_LETTER.get(lowered.lstrip(HEADING_MARKS)[:1])
        match = pattern.match(lowered) if pattern is not None else None
    else:
        match = HEADING.match(line)
    if match is not None:
        rest = line[match.start("rest") : match.end("rest")].strip()
        kind: Kind = "other"
        for group, group_kind in _KIND_OF_GROUP.items():
            if match.start(group) >= 0:
                kind = group_kind
                break
        if rest.lstrip(" \t*_").startswith(":") and rest.strip(" \t*_:"):
            return kind, False
        if is_block_heading(line, rest) and (
            kind not in CONTEXT_KINDS or not _TAIL_WORD.search(rest) or _title_shaped(line)
        ):
            return kind, True
    shaped = _shaped_heading_kind(line) if len(line) <= 64 else None
    if shaped is not None:
        return shaped, True
    # OTHER_HEADING needs a "#" or a ":"; most lines have neither.
    if ("#" in line or ":" in line) and OTHER_HEADING.match(line):
        return "other", True
    return None


# -- paragraphs under no heading -----------------------------------------------------------

_LEGAL_WORDS = re.compile(
    r"equal (?:employment )?opportunit|without regard to|regardless of (?:race|age|gender|sex|"
    r"their)|sexual orientation|gender identity|veteran status|protected (?:veteran|class|"
    r"characteristic)|reasonable accommodation|affirmative action|e-verify|national origin|"
    r"\beeo\b|privacy (?:notice|policy)|background check|right to work in|"
    r"work authori[sz]ation|visa sponsorship|sponsor(?:ship)? (?:a |for )?(?:work )?visas?",
)
_BENEFIT_WORDS = re.compile(
    r"\bwe offer\b|\bbenefits\b|health(?:care| insurance| care)|\bdental\b|\bvision (?:insurance|"
    r"coverage)|401\(?k|paid time off|\bpto\b|parental leave|\bvacation\b|\bstipend\b|"
    r"\bequity\b|\bwellness\b|\bgym\b|\bpension\b|annual leave|\bholidays\b|learning budget|"
    r"competitive (?:salary|pay|compensation)|\bbonus(?:es)?\b|\bperks\b|home office|"
    r"\binsurance\b|flexible (?:hours|working)|days off"
)
_COMPANY_WORDS = re.compile(
    r"\bwe(?:'re| are) (?:a|an|the)\b|\bfounded\b|\bour mission\b|\bour customers\b|"
    r"\bheadquartered\b|\bbacked by\b|\bleading (?:provider|platform|company)\b|"
    r"\bis (?:a|an|the) (?:leading|global|fast|\w+-growing)\b|\bour platform\b|\bour company\b|"
    r"\bseries [a-e]\b|\binvestors\b|\bour culture\b|\bwe value\b|\bwe believe\b|\bour values\b|"
    r"\bwe care\b|\bwe celebrate\b|\bwe foster\b|\bwe encourage\b|\bour people\b|\bemployees\b|"
    r"\bclients worldwide\b|\bcountries\b|\bwho we are\b|\bour team is\b|\bour story\b|"
    r"\bwe\S{0,4}re (?:also )?(?:placing|hiring for)\b|\bat [\w.&-]+(?: [\w.&-]+)?,? we\b|"
    r"\bwe\S{0,4}re (?:on a mission|building|creating|"
    r"transforming|a |an |the )|\bour mission\b|\bestablished in \d{4}|\bhere at\b|"
    r"\bis (?:\S+\S{0,4}s |a |an |the )?(?:leading|global|premier|international|independent|"
    r"largest|first|fastest)\b|\b(?:is|are) (?:a|an|the) [\w ,'-]{0,50}(?:company|platform|"
    r"studio|firm|agency|startup|network|provider|organi[sz]ation|non-?profit|collective|"
    r"clinic|marketplace|consultancy|business)\b"
)
# A paragraph opening with the company as its subject: "Acme is ...", "Acme builds ...".
_COMPANY_OPENING = re.compile(
    r"^\W*(?:[Rr]emote\s*-\s*)?[a-z]?[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3}(?:,[^,\n]{0,60},)? "
    r"(?:is|are|builds|delivers|helps|provides|powers|enables|prepares|develops|offers|makes|"
    r"creates|exists|was founded|has been|operates|designs|manufactures|serves)\b"
)
_APPLY_WORDS = re.compile(
    r"\bto apply\b|\bplease (?:send|submit|apply|include)\b|\bsend (?:us )?your\b|"
    r"\bapply (?:now|here|via|through|at|online)\b|\bcover letter\b|\bportfolio and (?:cv|"
    r"resume)|\b(?:cv|resume|r\u00e9sum\u00e9) (?:and|to|at)\b|\bapplications? (?:will|are|is)\b"
)
# Words that say a paragraph is about the job or the candidate, whatever else it says.
_JOB_WORDS = re.compile(
    r"\byou(?:'ll| will| would| should| have|'ve| are|'re| bring| need| must)\b|"
    r"\b(?:we are|we're) (?:looking|seeking|hiring)\b|\bthe ideal candidate\b|\bthis role\b|"
    r"\bthe role\b|\byour role\b|\bexperience (?:with|in|of|using)\b|\brequire|\bresponsib|"
    r"\bas (?:a|an|our) (?:senior |junior |lead |staff |principal )?\w+ (?:engineer|developer|"
    r"scientist|analyst|architect|manager|designer)|\bjoin (?:us|our team) as\b|"
    r"\d+\+?\s*(?:years|yrs)\b|\byears of\b|\bproficien|\bknowledge of\b|\bfamiliar|"
    r"\b(?:is|are) (?:seeking|hiring|looking for)\b"
)


# Words without which a kind's patterns cannot match: a paragraph's set of words is taken
# once (in C), and only the kinds whose trigger words it holds are searched for.
_LEGAL_TRIGGERS = frozenset(
    {"equal", "regard", "regardless", "orientation", "identity", "veteran", "protected"}
    | {"reasonable", "affirmative", "verify", "origin", "eeo", "privacy", "background"}
    | {"right", "authorization", "authorisation", "sponsorship", "sponsor", "visa", "visas"}
)
_APPLY_TRIGGERS = frozenset(
    {"apply", "please", "send", "cover", "portfolio", "cv", "resume", "applications"}
    | {"application", "r\u00e9sum\u00e9"}
)
_BENEFIT_TRIGGERS = frozenset(
    {"offer", "benefits", "health", "healthcare", "dental", "vision", "401", "paid", "pto"}
    | {"parental", "vacation", "stipend", "equity", "wellness", "gym", "pension", "annual"}
    | {"holidays", "learning", "competitive", "bonus", "bonuses", "perks", "home", "insurance"}
    | {"flexible", "days"}
)
_COMPANY_TRIGGERS = frozenset(
    {"founded", "mission", "customers", "headquartered", "backed", "leading", "platform"}
    | {"company", "series", "investors", "culture", "value", "believe", "values", "care"}
    | {"celebrate", "foster", "encourage", "people", "employees", "clients", "countries"}
    | {"who", "team", "story", "placing", "hiring", "we", "building", "creating", "here"}
    | {"transforming", "established", "global", "premier", "international", "independent"}
    | {"largest", "first", "fastest", "studio", "firm", "agency", "startup", "network"}
    | {"provider", "organisation", "organization", "profit", "nonprofit", "collective"}
    | {"clinic", "marketplace", "consultancy", "business"}
)
_TRIGGER_WORD = re.compile(r"[a-z0-9\u00e9]+")
# A paragraph this long is not one paragraph but a page without blank lines: its words say
# nothing about the part a mention is in.
_LONGEST_PARAGRAPH = 3000


def paragraph_kind(lowered: str, original: str = "", whole: bool = False) -> Kind | None:
    """The kind of a paragraph under no heading, from its own words, or None when it could
    be about the job. `lowered` is the paragraph in lower case, `original` as written (for
    the capitals of a company's name); `whole` says it is the posting's only paragraph, which
    is then about the job unless it reads as a company blurb or legal text only."""
    if len(lowered) > _LONGEST_PARAGRAPH:
        return None
    words = frozenset(_TRIGGER_WORD.findall(lowered))
    if words & _LEGAL_TRIGGERS and _LEGAL_WORDS.search(lowered):
        return "legal"
    apply = bool(words & _APPLY_TRIGGERS) and _APPLY_WORDS.search(lowered) is not None
    benefits = len(_BENEFIT_WORDS.findall(lowered)) if words & _BENEFIT_TRIGGERS else 0
    company = _COMPANY_OPENING.match(original) is not None or (
        bool(words & _COMPANY_TRIGGERS) and _COMPANY_WORDS.search(lowered) is not None
    )
    if not (apply or benefits or company):
        return None
    job = _JOB_WORDS.search(lowered) is not None
    kind: Kind | None = None
    if whole:
        kind = "company" if company and not job else None
    elif apply and not job:
        kind = "apply"
    elif benefits >= 3 or (benefits and not job):
        kind = "benefits"
    elif company and not job:
        kind = "company"
    return kind


def paragraph_is_legal(lowered: str) -> bool:
    """Whether a paragraph is legal boilerplate (the equal-opportunity statement)."""
    if len(lowered) > _LONGEST_PARAGRAPH:
        return False
    words = frozenset(_TRIGGER_WORD.findall(lowered))
    return bool(words & _LEGAL_TRIGGERS) and _LEGAL_WORDS.search(lowered) is not None


def paragraph_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the paragraph (text between blank lines) holding `pos`."""
    start = pos
    while True:
        brk = text.rfind("\n", 0, start)
        if brk < 0:
            start = 0
            break
        prev = text.rfind("\n", 0, brk)
        if text[prev + 1 : brk].strip() == "":
            start = brk + 1
            break
        start = brk
    end = pos
    while True:
        brk = text.find("\n", end)
        if brk < 0:
            end = len(text)
            break
        nxt = text.find("\n", brk + 1)
        line = text[brk + 1 : nxt if nxt >= 0 else len(text)]
        if line.strip() == "":
            end = brk
            break
        end = brk + 1
    return start, end


@dataclass(frozen=True, slots=True)
class Section:
    """A run of a posting's text of one kind; `heading` is the line that opened it, if any."""

    kind: Kind | None
    start: int
    end: int
    heading: str | None = None


def split_sections(text: str) -> list[Section]:
    """The posting cut at its block headings; text before the first heading has kind None.

    Paragraphs under no heading keep kind None here; `section_at` reads their words.
    """
    sections: list[Section] = []
    kind: Kind | None = None
    heading: str | None = None
    start = 0
    pos = 0
    lowered_text = text.lower()
    lowered_ok = dispatchable(text, lowered_text)
    while pos <= len(text):
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        line = text[pos:end]
        found = None
        if len(line) <= 120 and line.strip():
            found = heading_of(line, lowered_text[pos:end] if lowered_ok else None)
        if found is not None and found[1]:
            if pos > start:
                sections.append(Section(kind, start, pos, heading))
            kind, heading, start = found[0], line.strip(), pos
        pos = end + 1
    if len(text) > start or not sections:
        sections.append(Section(kind, start, len(text), heading))
    return sections


def section_at(text: str, sections: list[Section], pos: int) -> Kind | None:
    """The kind of the text at `pos`: its section's, or for unheaded text its paragraph's."""
    for section in sections:
        if section.start <= pos < section.end or (pos == section.end == len(text)):
            if section.kind not in (None, "other"):
                return section.kind
            p_start, p_end = paragraph_bounds(text, pos)
            return paragraph_kind(text[p_start:p_end].lower()) or section.kind
    return None
