"""A title made from the first sentence, for a story that has no headline.

The sentence ends at the first full stop, question or exclamation mark that
ends the text or is followed by a space and a capital, a figure, a quote or a
bracket, and does not close an abbreviation ("Mr.", "U.S.").

A sentence that fits TITLE_LIMIT is the title. A longer one is cut where a
clause or a phrase ends, with no "…": "X handed over Y to Japan in 2020", not
"X handed over Y to Japan in 2020 after she was found to be the grandchild
of…". The cut is the last one that fits of the first kind there is:

1. a clause boundary: before a comma, semicolon, colon or dash, before a word
   that opens a clause ("after", "when", "which", "amid", "saying",
   "according to"...), before "but", or before an "and" followed by a
   subject ("and the dollar fell");
2. a phrase boundary: before a preposition ("on Friday", "for $2 billion",
   "to Japan", "by striking a deal"), or "and" and "or" elsewhere.

A cut counts only if what it keeps reads as a title: at least _MIN_CHARS
characters and _MIN_WORDS words, with a verb (else it is a subject alone:
"Volvo and Scania"), no quote or bracket left open, not ending on a word that
needs another ("of", "the", "to", "said"...) nor on who said it (", the
company said", "X said on Monday"), not half a list ("A, B, C and D") nor a
subject and an aside ("Delta Air Lines, the largest carrier"), and not inside
an opening phrase ("After the vote, ..."). When no cut counts, the main clause
alone is longer than the limit: the title is then cut at the last word that
fits, never a dangling one, and "…" says that the sentence goes on.

Every step reads at most _TITLE_SCAN characters, so the time taken is bounded
whatever the length of the text.
"""

import re

TITLE_LIMIT = 100  # characters in a title made from the first sentence, "…" included

_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s|$)")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt",
    "sgt", "capt", "cmdr", "adm", "maj", "pres", "st", "mt", "ft", "jr", "sr",
    "inc", "corp", "co", "ltd", "bros", "no", "nos", "vs", "etc", "approx",
    "est", "fig", "ave", "blvd", "rd", "dept", "univ", "assn",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
}  # fmt: skip
_TITLE_SCAN = 300

_MIN_CHARS = 35  # a shorter cut keeps a subject or a date and little else
_MIN_WORDS = 5

# Words that open a clause: cut before them.
_CLAUSE_OPENERS = {
    "after", "before", "when", "while", "whilst", "as", "because", "since",
    "although", "though", "unless", "whereas", "which", "who", "whose", "that",
    "where", "amid", "amidst", "despite", "following", "saying", "according",
    "if", "whether", "so",
    "but", "sending", "prompting", "raising", "citing", "adding", "bringing",
    "leaving", "making", "pushing", "putting", "marking",
}  # fmt: skip
# Words that open a phrase: cut before them when no clause boundary fits.
_PHRASE_OPENERS = {
    "in", "on", "at", "for", "with", "from", "over", "under", "against",
    "into", "through", "during", "ahead", "between", "among", "across",
    "toward", "towards", "without", "including", "near", "around", "until",
    "than", "or", "and", "via", "per", "within", "beyond", "above", "below",
}  # fmt: skip
# A title must not end on these: each needs a word after it.
_DANGLING = {
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "into", "onto", "over", "under", "about", "as", "than", "and",
    "or", "but", "nor", "if", "so", "that", "which", "who", "whose", "whom",
    "its", "it's", "their", "his", "her", "our", "your", "my", "this",
    "these", "those", "is", "are", "was", "were", "be", "been", "being",
    "has", "have", "had", "will", "would", "could", "should", "may", "might",
    "can", "must", "shall", "do", "does", "did", "not", "no", "very", "more",
    "most", "less", "least", "such", "both", "either", "neither", "each",
    "every", "all", "some", "any", "per", "via", "after", "before", "since",
    "while", "when", "where", "because", "although", "though", "amid",
    "despite", "between", "among", "against", "through", "during", "including",
    "said", "says", "say", "told", "tells", "according", "mr", "mrs", "ms",
    "dr", "u.s", "also", "then", "just", "only", "even", "up", "out",
    "off", "down", "around", "near", "toward", "towards", "without", "within",
    "until", "plus", "minus", "versus", "vs", "de", "von", "van", "la", "le",
    "el", "al", "del", "da", "st", "new", "below", "above", "beyond", "behind",
    "along", "past", "like", "unlike", "upon", "whether", "unless",
    "whereas", "ahead", "due",
}  # fmt: skip
# "that" after these opens what they say, not a relative clause: no cut there.
_THAT_TAKERS = {
    "said", "says", "say", "saying", "told", "tell", "tells", "reported",
    "announced", "showed", "shows", "show", "shown", "added", "warned",
    "believe", "believes", "believed", "expect", "expects", "expected", "hope",
    "hopes", "hoped", "think", "thinks", "thought", "fear", "fears", "feared",
    "argue", "argues", "argued", "claim", "claims", "claimed", "suggest",
    "suggests", "suggested", "indicate", "indicates", "indicated", "found",
    "find", "finds", "know", "knows", "knew", "known", "so", "such", "now",
    "is", "was", "are", "were", "be", "been", "given", "ensure", "ensuring",
    "mean", "means", "meant", "confirmed", "confirms", "denied", "denies",
    "agreed", "decided", "noted", "notes", "acknowledged", "admitted",
    "insisted", "predicted", "estimated", "concluded", "signaled",
    "signalled", "hinted", "stated", "states", "revealed", "disclosed",
    "learned", "learning", "concerns", "worries", "view",
    "views", "news", "evidence", "sign", "signs", "likelihood", "possibility",
    "chance", "chances", "prospect", "prospects", "expectations", "belief",
    "fact", "notion", "idea", "assurances", "speculation", "reports",
    "report", "rumors", "rumours", "optimism", "bets", "ruled",
    "rules", "determined", "demanded", "recommended", "proposed", "requiring",
    "required", "requires", "clear", "sure", "certain", "likely", "unlikely",
    "aware", "confident", "convinced", "worried", "concerned",
}  # fmt: skip
# "as" after these is part of "as much as", "such as", "known as"...
_AS_TAKERS = {
    "as", "such", "so", "same", "well", "much", "many", "twice", "long", "far",
    "soon", "just", "known", "seen", "regarded", "described", "viewed",
    "treated", "used", "act", "acts", "acted", "acting", "serve", "serves",
    "served", "serving", "named", "appointed", "rated", "classified",
    "listed", "billed", "counted", "widely",
}  # fmt: skip
# Words that say who said it: a clause ending in one of them is an attribution.
_ATTRIBUTION = {
    "said", "says", "told", "reported", "according", "announced", "stated",
    "added", "wrote", "showed", "shows", "estimated", "warned", "noted",
    "argued", "confirmed", "predicted", "insisted", "tells", "assured",
    "informed", "reminded",
}  # fmt: skip
# Words that open a sentence with a phrase ended by its first comma.
_LEADING = {
    "after", "before", "when", "while", "as", "because", "since", "although",
    "though", "if", "unless", "despite", "amid", "following", "in", "on", "at",
    "for", "with", "without", "by", "under", "over", "during", "like",
    "unlike", "once", "until", "even", "having", "faced", "facing", "citing",
    "from", "to", "through", "besides", "according", "speaking", "asked",
    "against", "among", "ahead", "later", "earlier", "last", "this",
    "separately", "meanwhile", "however", "still", "yet", "also", "but",
    "and", "so", "now", "today", "yesterday", "hoping", "seeking", "looking",
    "responding", "reacting", "trying", "struggling", "hit", "hurt",
    "battered", "buoyed", "stung", "boosted", "driven", "pressured",
    "led", "spooked", "emboldened", "encouraged", "worried", "concerned", "backed",
    "armed", "saddled", "burdened", "weighed", "given", "based",
}  # fmt: skip
_INTRO_WORDS = 16  # an opening phrase longer than this is the sentence itself
# Finite verbs common in wire copy that do not end in "-ed".
_VERBS = {
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will",
    "would", "could", "should", "may", "might", "can", "must", "shall", "do",
    "does", "did", "won't", "can't", "isn't", "aren't", "wasn't", "weren't",
    "hasn't", "haven't", "didn't", "doesn't", "wouldn't", "couldn't",
    "said", "says", "say", "rose", "fell", "won", "lost", "made", "took",
    "gave", "got", "saw", "told", "sold", "bought", "grew", "hit", "cut",
    "set", "put", "led", "left", "held", "kept", "paid", "met", "ran", "began",
    "came", "went", "became", "found", "struck", "brought", "sought", "thought",
    "spent", "built", "sent", "shut", "quit", "beat", "fought", "drew", "chose",
    "wrote", "spoke", "broke", "stood", "fled", "froze", "shook", "slid",
    "sank", "swung", "withdrew", "overtook", "knew", "meant", "forecast",
    "felt", "dealt", "lent", "sped", "bet", "shed", "spun", "wound",
    "considers", "signals", "watch", "watches", "wins", "dies", "sues",
    "owes", "owe", "owns", "own", "lets", "let", "helps", "help", "tries",
    "plunge", "soar", "slump", "slumps", "hires", "fires", "fire", "oust",
    "ousts", "approves", "approve", "rejects", "reject", "accuses", "accuse",
    "charges", "probes", "bans", "ban", "blocks", "block", "clears", "wants",
    "plans", "sees", "expects", "needs", "aims", "seeks", "faces",
    "makes", "takes", "gets", "buys", "sells", "cuts", "raises", "rises",
    "falls", "loses", "warns", "agrees", "posts", "reports", "keeps",
    "holds", "leads", "looks", "remains", "continues", "offers", "urges",
    "calls", "moves", "shows", "signs", "launches", "files", "denies",
    "backs", "names", "opens", "closes", "ends", "starts", "gives",
    "sets", "tops", "beats", "misses", "eyes", "weighs", "mulls", "nears",
    "hits", "lifts", "trims", "slashes", "boosts", "lowers", "eases",
    "jumps", "slips", "drops", "climbs", "gains", "surges", "soars", "tumbles",
    "plunges", "sinks", "slides", "dips", "edges", "rallies", "recovers",
    "becomes", "comes", "goes", "runs", "puts", "pays", "tells", "asks",
    "thinks", "believes", "hopes", "fears", "plan", "see", "expect",
    "want", "need", "seek", "face", "make", "take", "get", "buy", "sell",
    "raise", "rise", "fall", "win", "lose", "warn", "agree", "keep", "hold",
    "lead", "remain", "continue", "offer", "urge", "show", "give", "pay",
}  # fmt: skip
# Words that say when: "said on Thursday", "said late on Monday".
_WHEN = {
    "on", "late", "early", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "today", "yesterday", "tonight", "last",
    "this", "week", "month", "year", "morning", "afternoon", "evening",
    "night", "in", "a", "statement", "interview",
}  # fmt: skip
# Nouns with a verb's ending: "on Tuesday evening to extend" may be cut.
_NOT_VERBS = {
    "morning", "evening", "meeting", "funding", "spending", "trading",
    "offering", "building", "hearing", "ruling", "filing", "listing", "rating",
    "financing", "lending", "pricing", "spring", "thing", "king", "ring",
    "string", "ceiling", "warning", "housing", "banking", "borrowing",
    "shipping", "mining", "children", "women", "men", "garden",
    "kitchen", "citizen", "dozen", "screen", "green", "seen", "even", "often",
    "token", "eleven", "seventeen", "fifteen", "sixteen", "thirteen",
    "fourteen", "eighteen", "nineteen", "red", "bed", "shed", "hundred",
    "need", "speed", "seed", "feed", "greed", "creed", "steed",
}  # fmt: skip
_TELLING = {"told", "tells", "assured", "informed", "reminded", "briefed"}
_PARTICLES = {"up", "out", "off", "down"}  # "lined up", "sold off"
_WORD = re.compile(r"\S+")
_STRIP = " ,;:-–—"
_QUOTES = "\"'“”‘’"
_DASHES = {"-", "--", "–", "—", "―"}


def title_from_text(text: str) -> str:
    """The first sentence of `text`, cut where a phrase ends to fit TITLE_LIMIT."""
    sentence = _first_sentence(text)
    if sentence.endswith(".") and not sentence.endswith(".."):
        if not _ends_with_abbreviation(sentence):
            sentence = sentence[:-1].rstrip()
    sentence = sentence or text[:_TITLE_SCAN]
    if len(sentence) <= TITLE_LIMIT:
        return sentence
    return _cut(sentence[:_TITLE_SCAN])


def _first_sentence(text: str) -> str:
    head = text[:_TITLE_SCAN]
    for match in _SENTENCE_END.finditer(head):
        end = match.end()
        following = text[end : end + 3]
        if following and not following[0].isspace():
            continue  # "3.5" cut by the slice, not a sentence end
        following = following.lstrip()
        if following and not (
            following[0].isupper() or following[0] in "\"'“‘([0123456789"
        ):
            continue
        if (
            following
            and head[match.start()] == "."
            and match.end() - match.start() == 1
        ):
            if _ends_with_abbreviation(head[: match.start() + 1]):
                continue
        return text[:end]
    return head


def _ends_with_abbreviation(text: str) -> bool:
    token = text.rsplit(None, 1)[-1].lstrip("\"'“‘([")
    return bool(_DOTTED.fullmatch(token)) or token[:-1].lower() in _ABBREVIATIONS


def _cut(sentence: str) -> str:
    """`sentence`, longer than TITLE_LIMIT, cut at its best boundary."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(sentence)]
    bare = [_bare(word) for _, _, word in words]
    in_list = _list_boundaries(words, bare)
    best, best_tier = "", 3
    for i in range(_intro_end(words, bare) + 1, len(words)):
        if words[i][0] > TITLE_LIMIT + 1:
            break
        tier = _boundary_tier(words, bare, i, in_list)
        if not tier or tier > best_tier:
            continue
        kept = sentence[: words[i][0]].rstrip(_STRIP)
        if len(kept) > TITLE_LIMIT or not _keepable(kept):
            continue
        commas = [j + 1 for j in range(i - 1) if words[j][2].endswith(",")]
        if len(commas) == 1 and _aside(words, bare, commas[0], in_list):
            continue  # "Bear Stearns, hit by turmoil": a subject and an aside
        best, best_tier = kept, tier
    return best or _word_cut(sentence)


def _bare(word: str) -> str:
    return word.strip(_QUOTES + "()[],;:.!?").lower()


def _boundary_tier(words, bare, i: int, in_list: set[int]) -> int:
    """1 if a clause may end before words[i], 2 if a phrase may, else 0."""
    before, word = words[i - 1][2], words[i][2]
    if before.endswith((",", ";", ":")) or word in _DASHES:
        return 0 if i in in_list else 1
    if word.startswith(("—", "–")):
        return 1
    name, previous = bare[i], bare[i - 1]
    if word != word.lower() or not name:
        return 0  # a capital: a name or an acronym, not the opening word
    if name == "that":  # "the bank that", not "said on Monday that"
        j = i - 1
        while j > 0 and bare[j] in _WHEN:
            j -= 1
        governing = bare[j]
        if governing in _THAT_TAKERS or _verb_like(governing):
            return 0
        return 0 if _ATTRIBUTION.intersection(bare[max(0, i - 4) : i]) else 1
    following = bare[i + 1] if i + 1 < len(bare) else ""
    if name == "as":  # not in "as much as", "such as", "known as"
        if previous in _AS_TAKERS or "as" in bare[max(0, i - 4) : i - 1]:
            return 0
        return 0 if following in _AS_TAKERS else 1
    if name == "even":  # "even if", "even though"
        return 1 if following in ("if", "though", "as", "when", "after") else 0
    if name == "so":  # "so that", not "so far"
        return 1 if following == "that" else 0
    if name == "to":  # "to Japan", "revenue to fund": not "plans to repay"
        if previous in _TO_TAKERS:
            return 0
        following_word = words[i + 1][2] if i + 1 < len(words) else ""
        if following_word[:1].isupper() or following_word[:1] in "$€£¥0123456789":
            return 2
        return 0 if _verb_like(previous) else 2
    if name == "by":  # "the market by striking a deal", not "caused by"
        return 0 if _verb_like(previous) else 2
    if name == "according":
        return 1 if i + 1 < len(bare) and bare[i + 1] == "to" else 0
    if name in ("and", "or"):
        following_word = words[i + 1][2] if i + 1 < len(words) else ""
        if i in in_list or (before[:1].isupper() and following_word[:1].isupper()):
            return 0  # "A, B and C", "Chevron and Transocean officials"
        return 1 if i + 1 < len(bare) and bare[i + 1] in _SUBJECTS else 2
    if name in _CLAUSE_OPENERS:
        return 1
    if name in _PHRASE_OPENERS:
        return 2
    return 0


_DETERMINERS = {
    "the", "a", "an", "its", "their", "his", "her", "our", "this", "these",
    "those", "some", "about", "around", "nearly", "almost", "more", "less",
    "just", "record", "new",
}  # fmt: skip
# Words "to" follows as part of what they say: "likely to", "set to", "bid to".
_TO_TAKERS = {
    "able", "unable", "likely", "unlikely", "set", "due", "ready", "willing",
    "about", "order", "plan", "plans", "aim", "aims", "bid", "effort",
    "efforts", "move", "attempt", "decision", "way", "ways", "right", "need",
    "needs", "want", "wants", "try", "tries", "hope", "hopes", "intend",
    "intends", "seek", "seeks", "vow", "vows", "pledge", "pledges", "agree",
    "agrees", "refuse", "refuses", "fail", "fails", "begin", "begins",
    "continue", "continues", "choose", "chooses", "used", "ought", "enough",
    "too", "going", "got", "have", "has", "had", "is", "are", "was", "were",
    "be", "been", "not", "also", "still", "further", "help", "helps", "allow",
    "allows", "expect", "expects", "appear", "appears", "seem", "seems",
    "tend", "tends", "prepared", "poised", "eager", "keen", "reluctant",
    "first", "last", "next", "only", "power", "authority", "permission",
    "approval", "pressure", "time", "chance", "opportunity", "ability",
    "close", "closer", "up", "equal", "similar", "compared", "thanks",
}  # fmt: skip
_SUBJECTS = {
    "the", "a", "an", "it", "he", "she", "they", "we", "i", "its", "their",
    "his", "her", "our", "this", "these", "those", "there", "investors",
    "analysts", "shares", "prices", "officials",
}  # fmt: skip


def _list_boundaries(words, bare) -> set[int]:
    """Indexes of the words after the commas and "and"s of a list "A, B, C
    and D": a cut there keeps half a list."""
    inside: set[int] = set()
    last = len(words) - 1
    for i in range(last):
        if not words[i][2].endswith(",") or bare[i + 1] in ("and", "or"):
            continue
        if bare[i + 1] in _CLAUSE_OPENERS or bare[i + 1].endswith("ing"):
            continue  # "..., cutting jobs and ...": a clause, not an item
        for j in range(i + 1, min(i + 4, last)):  # an item of up to three words
            if words[j][2].endswith((";", ":")):
                break
            if words[j][2].endswith(","):
                inside.add(i + 1)
                if bare[j + 1] in ("and", "or"):
                    inside.add(j + 1)
                break
            if bare[j + 1] in ("and", "or"):
                inside.update((i + 1, j + 1))
                break
    return inside


def _intro_end(words, bare) -> int:
    """The index of the word after the comma that closes an opening phrase
    ("After the vote, ..."), or 0."""
    if not words or bare[0] not in _LEADING:
        return 0
    for i, (_, _, word) in enumerate(words[:_INTRO_WORDS]):
        if word.endswith(","):
            return i + 1
    return 0


def _keepable(kept: str) -> bool:
    """Whether `kept` reads as a title: long enough, with a verb, nothing left
    open or dangling, and not ending on who said it."""
    words = kept.split()
    if len(kept) < _MIN_CHARS or len(words) < _MIN_WORDS:
        return False
    last = _bare(words[-1])
    if words[-1][-1] in "([“‘":
        return False
    if last in _DANGLING and not (last in _PARTICLES and _verb_like(_bare(words[-2]))):
        return False  # "...informants lined up" may end so, "...rose by up" not
    if _open(kept) or _ends_with_saying(words) or not _has_verb(words):
        return False
    if _bare(words[-2]) == "to" and words[-1] == words[-1].lower():
        return False  # "met on Sunday to agree" on what?
    tail = kept.rsplit(",", 1)[-1].split() if "," in kept else []
    return not (len(tail) <= 8 and any(_bare(w) in _ATTRIBUTION for w in tail))


def _aside(words, bare, after: int, in_list: set[int]) -> bool:
    """Whether the comma before words[after] opens an aside after a subject
    with no verb: "Delta Air Lines, the largest carrier", not "Greece, Spain"."""
    if after in in_list or _has_verb([w for _, _, w in words[:after]]):
        return False
    following = words[after][2]
    return not following[:1].isupper() or bare[after].endswith("'s")


def _ends_with_saying(words: list[str]) -> bool:
    """Whether the words end on who says, not what: "X said on Thursday",
    "X told lawmakers"."""
    bares = [_bare(word) for word in words[-5:]]
    while bares and bares[-1] in _WHEN:
        bares.pop()
    if bares and bares[-1] in _ATTRIBUTION:
        return True
    return len(bares) > 1 and bares[-2] in _TELLING


def _verb_like(bare: str) -> bool:
    if bare in _VERBS:
        return True
    return bare.endswith(("ed", "en", "ing")) and bare not in _NOT_VERBS


def _has_verb(words: list[str]) -> bool:
    """Whether some word after the first looks like a verb: a cut that keeps
    no verb keeps a subject alone ("Sudan's dispute with its neighbor")."""
    for before, word in zip(words, words[1:], strict=False):
        if word != word.lower() or "-" in word:
            continue
        bare = _bare(word)
        if bare in _VERBS:
            return True
        if (
            len(bare) > 3
            and bare.endswith("ed")
            and bare not in _NOT_VERBS
            and _bare(before) not in _DETERMINERS
        ):
            return True
    return False


def _open(text: str) -> bool:
    """Whether `text` leaves a quote or a bracket open."""
    if text.count("(") > text.count(")") or text.count("[") > text.count("]"):
        return True
    if text.count("“") > text.count("”") or text.count('"') % 2:
        return True
    return False


def _word_cut(text: str) -> str:
    """The last words that fit with "…", none of them left dangling."""
    cut = text.rfind(" ", 0, TITLE_LIMIT)
    kept = text[:cut].rstrip(_STRIP + "(\"'“‘") if cut > 0 else ""
    while kept and " " in kept and _bare(kept.rsplit(None, 1)[-1]) in _DANGLING:
        kept = kept.rsplit(None, 1)[0].rstrip(_STRIP + "(\"'“‘")
    return (kept or text[: TITLE_LIMIT - 1]) + "…"
