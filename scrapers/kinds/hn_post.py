"""Reading one top-level "Who is hiring" comment: company, roles, places, remote mode, pay,
employment type and visa.

Most posts open with a pipe header ("Company | Role | Location | REMOTE | salary"), but its
parts come in any order and hold anything: "Permanent (Full-time)", "Visa possible for
exceptional candidates", "Full time or Full time contract", a second role's title, "DUTCH
REQUIRED". Each part is classified on its own, and a part that is none of the known kinds is
dropped rather than guessed to be a place: `places` holds places only. Posts without pipes
("Acme Robotics" then "Open roles: ...") are read from labelled lines. A post naming several
roles yields one role each, so a member is matched against the job, not the company.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrapers.classify import remote_from_label
from scrapers.facts import employment_from_label, visa_from_text
from scrapers.facts_scope import offsets_in
from scrapers.posting import RemoteMode, Salary
from scrapers.regions import countries_in, region_names
from scrapers.salary import salary_from_text
from scrapers.text import html_to_text


@dataclass
class HnPost:
    company: str
    roles: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    scope: list[str] = field(default_factory=list)
    mode: RemoteMode = "unknown"
    employment: str | None = None
    salary: Salary | None = None
    visa: bool | None = None


# The last word of a job title: what the person is. Used to tell titles from other parts and
# to split "AI Architect, Staff Backend Engineer" into two roles.
_HEAD = (
    r"engineers?|developers?|scientists?|architects?|managers?|designers?|researchers?|"
    r"analysts?|leads?|interns?|recruiters?|writers?|sres?|consultants?|specialists?|"
    r"administrators?|directors?|operators?|coordinators?|marketers?|pms?|representatives?|"
    r"executives?|officers?|cto|ceo|cfo|founders?|programmers?|devops|hackers?|generalists?|"
    r"strategists?|advocates?|partners?|associates?|technicians?|accountants?|counsel|"
    r"swes?|mles?|head\s+of\s+[\w &-]+|vp\s+of\s+[\w &-]+"
)
_HEAD_AT_END = re.compile(rf"\b(?:{_HEAD})\s*(?:\([^)]*\))?\s*$", re.I)
_HEAD_ANYWHERE = re.compile(rf"\b(?:{_HEAD})\b", re.I)
_ROLE_WORD = re.compile(
    r"\b(engineering|ml|ai|product|data|backend|back-end|frontend|front-end|full[- ]?stack|"
    r"mobile|ios|android|platform|infrastructure|security|qa|design|research|sales|marketing|"
    r"support|operations|staff|principal|senior|junior)\b",
    re.I,
)
_GENERIC = re.compile(r"\b(multiple|various|several|many|all|open)\s+(roles|positions)\b", re.I)
_MODE = re.compile(r"\b(remote|onsite|on-site|on\s+site|hybrid|in[- ]office|in[- ]person)\b", re.I)
_EMPLOYMENT = re.compile(
    r"\b(full[- ]?time|part[- ]?time|contract(?:or|s)?|permanent|intern(?:ship)?s?|temporary|"
    r"freelance|fixed[- ]term|fte)\b",
    re.I,
)
_VISA = re.compile(r"\bvisas?\b|\bsponsor", re.I)
_URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(?:com|io|ai|co|dev|org|net|app)\b\S*", re.I)
_MONEY = re.compile(r"[$€£]\s*\d|\d\s*[kK]\b|\b(USD|EUR|GBP|CAD|CHF)\b|\bequity\b", re.I)
_NOT_PLACE = re.compile(
    r"\b(required|require|equity|visa|sponsor\w*|hours?|preferred|series|funded|seed|yc|"
    r"startup|salary|benefits|relocation|english|german|dutch|french|spanish|speaking|"
    r"fluent|native|years?|exp|experience|stack|apply|email|see|we|our|you|your|is|are|"
    r"the\s+team|company|founded|profitable|only\s+\w+\s+\w+|bootstrapped|nonprofit|"
    r"non-profit|open\s+source|b2b|saas|ai|ml|llm|healthcare|fintech|platform|tools?)\b",
    re.I,
)
_PLACE_SHAPE = re.compile(
    r"^(?:[A-Z][\w.'\u00c0-\u017f-]*|of|de|la|am|upon|the)"
    r"(?:\s+(?:[A-Z][\w.'\u00c0-\u017f-]*|of|de|la|am|upon|the)){0,3}$"
)
_US_STATES = frozenset(
    re.findall(
        r"[A-Z]{2}",
        "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
        "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC",
    )
)
_LIST_SPLIT = re.compile(r"\s*(?:;|/|\bor\b|&)\s*", re.I)
_PLACE_SPLIT = re.compile(r"\s*(?:,|;|/|\bor\b|\band\b|&|\+)\s*", re.I)
_LABEL = re.compile(
    r"^\s*(?P<label>open\s+(?:roles|positions|now)|roles?|positions?|openings|jobs|"
    r"we(?:'re|\s+are)\s+hiring(?:\s+for)?|hiring(?:\s+for)?|location|locations|office|"
    r"remote|salary|compensation|pay|visa|visa\s+sponsorship|type|employment|"
    r"employment\s+type|job\s+type)\s*:\s*(?P<value>.*)$",
    re.I,
)
_BULLET = re.compile(r"^\s*(?:[*\-\u2022\u2013\u2014]|\d{1,2}[.)])\s+(?P<item>.+)$")


def looks_like_place(text: str) -> bool:
    """A place: a country, a region, or a short run of capitalised words ("Berlin", "San
    Francisco, CA", "Utrecht, The Netherlands"), with none of the words that mark other facts."""
    cleaned = text.strip(" ()[]-.")
    if not cleaned or len(cleaned) > 60 or re.search(r"\d", cleaned):
        return False
    if region_names(cleaned) or countries_in(cleaned):
        return not _NOT_PLACE.search(cleaned) or bool(re.fullmatch(r"[A-Z]{2,3}", cleaned))
    if _NOT_PLACE.search(cleaned) or _EMPLOYMENT.search(cleaned) or _HEAD_ANYWHERE.search(cleaned):
        return False
    pieces = [p for p in _PLACE_SPLIT.split(cleaned) if p]
    return bool(pieces) and all(_PLACE_SHAPE.match(p) for p in pieces)


def split_roles(text: str) -> list[str]:
    """ "AI Architect, Staff Backend Engineer" -> two roles; "Platform & DevOps Engineer" stays
    one (its first half names no kind of person)."""
    cleaned = " ".join(text.split()).strip(" -:;,.")
    for separators in (r"\s*[,;]\s*", r"\s*(?:,|;|\s&\s|\sand\s|\s/\s|\sor\s)\s*"):
        pieces = [p.strip(" -:;,.") for p in re.split(separators, cleaned)]
        pieces = [p for p in pieces if p]
        if len(pieces) > 1 and all(_HEAD_AT_END.search(p) for p in pieces):
            return pieces
    return [cleaned] if cleaned else []


def _is_role(part: str) -> bool:
    return bool(_HEAD_ANYWHERE.search(part)) or bool(_ROLE_WORD.search(part))


def _employment_of(part: str) -> str | None:
    """The first employment word of a part ("Full time or Full time contract" is full-time)."""
    match = _EMPLOYMENT.search(part)
    if not match:
        return None
    word = match.group(1)
    return "full-time" if word.lower() == "fte" else employment_from_label(word)


def _mode_part(post: HnPost, part: str) -> None:
    """ "REMOTE (US)", "Hybrid (SF)", "Remote, PT/ET hours preferred", "NYC or Remote"."""
    labels = {m.group(1).lower().replace("-", "").replace(" ", "") for m in _MODE.finditer(part)}
    for label in ("remote", "hybrid", "onsite", "inoffice", "inperson"):
        if label not in labels:
            continue
        mode = remote_from_label("onsite" if label in {"inoffice", "inperson"} else label)
        if post.mode == "unknown" or mode == "hybrid" or (post.mode == "onsite"):
            post.mode = mode
        break
    rest = _MODE.sub(" ", part)
    rest = re.sub(r"\b(ok|friendly|first|possible|only|fully|optional)\b", " ", rest, flags=re.I)
    if "remote" in labels:
        post.scope.append(part)
    for raw in re.split(r"\s*(?:[();]|\bor\b|\band\b)\s*", rest, flags=re.I):
        piece = raw.strip(" -/:.,")
        if piece and looks_like_place(piece) and region_names(piece) != ["Worldwide"]:
            post.places.append(piece)


def _as_url(post: HnPost, text: str) -> bool:
    return bool(_URL.fullmatch(text) or (_URL.match(text) and len(text.split()) == 1))


def _as_salary(post: HnPost, text: str) -> bool:
    if post.salary is not None or not re.search(r"[$€£]\s*\d|\d\s*[kK]\b|\b(USD|EUR|GBP)\b", text):
        return False
    post.salary = salary_from_text(text)
    return post.salary is not None


def _as_visa(post: HnPost, text: str) -> bool:
    if not _VISA.search(text):
        return False
    stated = visa_from_text(text)
    if stated is None and re.fullmatch(r"visas?(\s+sponsorship)?(\s+(ok|available))?", text, re.I):
        stated = True
    if stated is not None:
        post.visa = stated
    return True  # a part about visas is never a place or a title, even when unreadable


def _as_mode(post: HnPost, text: str) -> bool:
    if not _MODE.search(text) or _HEAD_ANYWHERE.search(text):
        return False
    _mode_part(post, text)
    return True


def _as_employment(post: HnPost, text: str) -> bool:
    employment = _employment_of(text)
    if employment is None or _HEAD_ANYWHERE.search(text):
        return False
    post.employment = post.employment or employment
    return True


def _as_zone(post: HnPost, text: str) -> bool:
    """ "UTC+3 +/- 2h", "CET overlap": a time-zone window is part of the remote scope."""
    if not offsets_in(text) or _HEAD_ANYWHERE.search(text):
        return False
    post.scope.append(text)
    return True


def _as_role(post: HnPost, text: str) -> bool:
    if not _HEAD_ANYWHERE.search(text) or looks_like_place(text):
        return False
    post.roles.extend(split_roles(_URL.sub(" ", text)))  # "https://acme.io Senior Engineer"
    return True


def split_places(text: str) -> list[str]:
    """ "NYC, SF, Stockholm" -> three places; "Austin, TX, USA" and "Utrecht, The
    Netherlands" stay one: a piece that is a country, a US state code or a region belongs to
    the place before it."""
    places: list[str] = []
    for group in _LIST_SPLIT.split(text.strip(" ()")):
        current: list[str] = []
        for raw in group.split(","):
            piece = raw.strip()
            if not piece:
                continue
            qualifies = bool(countries_in(piece) or region_names(piece)) or piece in _US_STATES
            if current and qualifies:
                current[-1] = f"{current[-1]}, {piece}"
            else:
                current.append(piece)
        places.extend(current)
    return places


def _as_place(post: HnPost, text: str) -> bool:
    bare = re.sub(
        r"\s*\((?:hq|headquarters|office|main office|onsite|in office)\)", "", text, flags=re.I
    )
    if not looks_like_place(bare):
        return False
    post.places.extend(split_places(bare))
    return True


def _as_weak_role(post: HnPost, text: str) -> bool:
    """A part naming no kind of person but a field ("Machine Learning", "Backend") is the
    title only when no other part was one."""
    if post.roles or not _ROLE_WORD.search(text) or _MONEY.search(text):
        return False
    post.roles.extend(split_roles(text))
    return True


_PART_READERS = (
    _as_url,
    _as_salary,
    _as_visa,
    _as_mode,
    _as_employment,
    _as_zone,
    _as_role,
    _as_place,
    _as_weak_role,
)


def classify_part(post: HnPost, part: str) -> None:
    """Put one header part where it belongs, trying the readers in order; a part none of them
    recognises is dropped."""
    text = " ".join(part.split()).strip("*_ ")  # markdown emphasis some posters use
    if text:
        any(read(post, text) for read in _PART_READERS)


def _lines(comment_html: str) -> list[str]:
    return [line.strip() for line in html_to_text(comment_html).splitlines() if line.strip()]


def _role_of_item(item: str) -> str:
    """ "Agentic PR Coordinator — media lists, outreach" -> "Agentic PR Coordinator"."""
    head = re.split(r"\s+[\u2014\u2013-]\s+|:\s|\s\(|\.\s", item, maxsplit=1)[0]
    return head.strip(" *-:;,.")


def body_roles(lines: list[str]) -> list[str]:
    """Roles a post lists under a label ("Open roles: A, B" or "Open now:" then bullets)."""
    for index, line in enumerate(lines):
        match = _LABEL.match(line)
        if not match or " ".join(match.group("label").lower().split()) in _LABEL_READERS:
            continue
        value = match.group("value").strip()
        if value:
            return [r for r in split_roles(value) if _is_role(r)] or []
        found: list[str] = []
        for follower in lines[index + 1 : index + 16]:
            bullet = _BULLET.match(follower)
            if not bullet:
                break
            role = _role_of_item(bullet.group("item"))
            if role and _is_role(role) and len(role) <= 80:
                found.append(role)
        return found
    return []


def _label_location(post: HnPost, value: str) -> None:
    for piece in re.split(r"\s*(?:;|\||\bor\b)\s*", value, flags=re.I):
        if _MODE.search(piece):
            _mode_part(post, piece)
        elif looks_like_place(piece):
            post.places.append(piece.strip(" ()"))


def _label_remote(post: HnPost, value: str) -> None:
    if re.match(r"\s*(no|none)\b", value, re.I):
        post.mode = "onsite" if post.mode == "unknown" else post.mode
    else:
        _mode_part(post, value if _MODE.search(value) else f"remote {value}")


def _label_salary(post: HnPost, value: str) -> None:
    post.salary = post.salary or salary_from_text(value)


def _label_visa(post: HnPost, value: str) -> None:
    stated = visa_from_text(f"visa: {value}")
    if stated is None and re.match(r"\s*(yes|available|possible)\b", value, re.I):
        stated = True
    elif stated is None and re.match(r"\s*(no|none)\b", value, re.I):
        stated = False
    post.visa = stated if stated is not None else post.visa


def _label_employment(post: HnPost, value: str) -> None:
    post.employment = post.employment or _employment_of(value)


_LABEL_READERS = {
    "location": _label_location,
    "locations": _label_location,
    "office": _label_location,
    "remote": _label_remote,
    "salary": _label_salary,
    "compensation": _label_salary,
    "pay": _label_salary,
    "visa": _label_visa,
    "visa sponsorship": _label_visa,
    "type": _label_employment,
    "employment": _label_employment,
    "employment type": _label_employment,
    "job type": _label_employment,
}


def _labelled(post: HnPost, lines: list[str]) -> None:
    """Location, remote, salary, visa and type lines ("Location: Berlin or Remote (EU)")."""
    for line in lines:
        match = _LABEL.match(line)
        if not match:
            continue
        read = _LABEL_READERS.get(" ".join(match.group("label").lower().split()))
        value = match.group("value").strip()
        if read is not None and value:
            read(post, value)


def _company_of(line: str) -> str:
    """ "Acme Robotics (https://acme.ai) - robots for farms" -> "Acme Robotics"."""
    name = _URL.sub(" ", line)
    name = re.split(r"\s+[\u2014\u2013-]\s+|\(|:|\bis\s+hiring\b|,", name, maxsplit=1)[0]
    return " ".join(name.split()).strip(" |-")


def read_post(comment_html: str) -> HnPost | None:
    """The facts of one top-level comment, or None when it names no company or no role."""
    first = re.split(r"<p>|<br\s*/?>|\n", comment_html, maxsplit=1)[0]
    header = " ".join(html_to_text(first).split())
    lines = _lines(comment_html)
    parts = [p.strip() for p in header.split("|") if p.strip()]
    if len(parts) >= 2:
        post = HnPost(company=_company_of(parts[0].strip("*_ ")) or parts[0])
        for part in parts[1:]:
            classify_part(post, part)
        listed = body_roles(lines[1:])
        generic = not post.roles or any(
            _GENERIC.search(r) or re.search(r"\b\w+(?:ers|ists|ects|ors|ts)\b\s*$", r)
            for r in post.roles
        )
        if listed and generic:
            post.roles = listed
        _labelled(post, lines[1:])
    else:
        if not lines or len(lines[0]) > 100:
            return None
        post = HnPost(company=_company_of(lines[0]))
        post.roles = body_roles(lines[1:])
        _labelled(post, lines[1:])
    post.roles = list(dict.fromkeys(r for r in post.roles if r and not _GENERIC.fullmatch(r)))
    post.places = list(dict.fromkeys(p.strip() for p in post.places if p.strip()))
    if not post.company or not post.roles:
        return None
    return post
