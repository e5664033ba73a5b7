"""A title made from the first sentence, for a story that has no headline.

The sentence ends at the first full stop, question or exclamation mark that
ends the text or is followed by a space and a capital, a figure, a quote or a
bracket, and does not close an abbreviation ("Mr.", "U.S."). What is no news
goes first: the source before a dash ("(Reuters) - ") and stock tickers
("( HRLM.N )", "NPAB.ST").

A sentence that fits TITLE_LIMIT is the title. A longer one is cut where a
clause or a phrase ends, never mid-phrase with "…": "X handed over Y to Japan
in 2020", not "X handed over Y to Japan in 2020 after she was found to be the
grandchild of…". The cut is the last one that fits of the first kind there is:

1. a clause boundary: before a comma, semicolon, colon or dash, before a word
   that opens a clause ("after", "when", "which", "amid", "saying",
   "according to"...), before "but", or before an "and" followed by a
   subject ("and the dollar fell");
2. a phrase boundary: before a preposition ("on Friday", "for $2 billion",
   "to Japan", "by striking a deal"), or "and" and "or" elsewhere.

A cut counts only if what it keeps reads as a title: at least _MIN_CHARS
characters and _MIN_WORDS words, with a verb (else it is a subject alone:
"Volvo and Scania"), and a verb in what is said after "said" or "told" ("X
said its chief, Ana Lind" says nothing of her), no quote or bracket left
open, not ending on a word that needs another ("of", "the", "to", "said"...)
nor on who said it (", the company said", "X said on Monday"), not half a list
("A, B, C and D") nor a subject and an aside ("Delta Air Lines, the largest
carrier"), and not inside an opening phrase ("After the vote, ...").

When no cut counts, the main clause alone is longer than TITLE_LIMIT. The
sentence is then shortened as a headline writer would: without asides in
brackets or between dashes, days ("on Monday", "late on Friday", "this
week"), where and that it was said ("said in a statement that" reads "said"),
who said it between commas (", the company said on Monday", ", according to a
study"), an opening phrase ("After two years of talks, ...") and an aside
between commas after the subject or a name ("Kestrel Mining, the largest
producer, said" reads "Kestrel Mining said").
The title is then the first of these that there is:

1. the shortened sentence, if it fits TITLE_LIMIT;
2. the shortened sentence cut as above to fit TITLE_LIMIT;
3. its shortest cut past TITLE_LIMIT that counts, up to TITLE_HARD_LIMIT;
4. the shortened sentence whole, if it fits TITLE_HARD_LIMIT;
5. only then, for a long sentence with no boundary that counts (about 2% of
   Reuters stories), its last words that fit TITLE_LIMIT, never a dangling
   one, and "…" to say that the sentence goes on.

Every step reads at most _TITLE_SCAN characters, so the time taken is bounded
whatever the length of the text.
"""

import re

TITLE_LIMIT = 100  # characters in a title made from the first sentence, "…" included
# The most characters of a title longer than TITLE_LIMIT, made only when no
# title that fits TITLE_LIMIT reads as one.
TITLE_HARD_LIMIT = 150

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
    "does", "did", "won't", "can't", "cannot", "isn't", "aren't", "wasn't", "weren't",
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
    "appear", "appears", "seem", "seems", "belong", "belongs",
}  # fmt: skip
# Words that say when: "said on Thursday", "said late on Monday".
_WHEN = {
    "on", "late", "early", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "today", "yesterday", "tonight", "last",
    "this", "week", "month", "year", "morning", "afternoon", "evening",
    "night", "in", "a", "an", "statement", "interview", "published",
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
_REPORTING = {"said", "says", "say", "told", "tells"}
_TELLING = {"told", "tells", "assured", "informed", "reminded", "briefed"}
_PARTICLES = {"up", "out", "off", "down"}  # "lined up", "sold off"
_WORD = re.compile(r"\S+")
_STRIP = " ,;:-–—"
_QUOTES = "\"'“”‘’"
_DASHES = {"-", "--", "–", "—", "―"}


def title_from_text(text: str) -> str:
    """The first sentence of `text`, shortened and cut where a clause or a
    phrase ends to fit TITLE_LIMIT (or, failing that, TITLE_HARD_LIMIT)."""
    sentence = _first_sentence(text)
    # Whether the sentence ends within what is read, or only its start is.
    whole = len(sentence) < _TITLE_SCAN or len(text) <= _TITLE_SCAN
    if sentence.endswith(".") and not sentence.endswith(".."):
        if not _ends_with_abbreviation(sentence):
            sentence = sentence[:-1].rstrip()
    sentence = sentence or text[:_TITLE_SCAN]
    sentence = _clean(sentence) or sentence
    if len(sentence) <= TITLE_LIMIT:
        return sentence
    cut = _cut(sentence, TITLE_LIMIT)
    if cut:
        return cut
    short = _shorten(sentence, whole)
    if len(short) < _MIN_CHARS:
        short = sentence  # hardly anything left: not a shorter sentence
    if whole and len(short) <= TITLE_LIMIT:
        return short
    cut = _cut(short, TITLE_LIMIT) or _cut(short, TITLE_HARD_LIMIT, shortest=True)
    if cut:
        return cut
    if whole and len(short) <= TITLE_HARD_LIMIT:
        return short
    return _word_cut(short)


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


def _cut(sentence: str, limit: int, shortest: bool = False) -> str:
    """`sentence` cut at its best boundary to fit `limit`, or "" if none
    counts: the last cut of the best tier there is, or with `shortest` the
    first cut of any tier past TITLE_LIMIT."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(sentence)]
    bare = [_bare(word) for _, _, word in words]
    in_list = _list_boundaries(words, bare)
    best, best_tier = "", 3
    for i in range(_intro_end(words, bare) + 1, len(words)):
        if words[i][0] > limit + 1:
            break
        tier = _boundary_tier(words, bare, i, in_list)
        if not tier or tier > best_tier:
            continue
        kept = sentence[: words[i][0]].rstrip(_STRIP)
        if len(kept) > limit or not _keepable(kept):
            continue
        if shortest and len(kept) <= TITLE_LIMIT:
            continue
        commas = [j + 1 for j in range(i - 1) if words[j][2].endswith(",")]
        if len(commas) == 1 and _aside(words, bare, commas[0], i, in_list):
            continue  # "Bear Stearns, hit by turmoil": a subject and an aside
        if shortest:
            return kept
        best, best_tier = kept, tier
    return best


_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# "(Reuters) - ", "May 4 (Kyodo) - ", "LIMA - ", "Jun 9 - " at the start:
# the source, the place or the date, not the news.
_SOURCE_LEAD = re.compile(
    r"^(?:(?:[A-Z][\w.,' ]{0,39})?\([A-Z][A-Za-z.&' ]{0,29}\)"
    r"|(?=[A-Z.,' ]*[A-Z]{3})[A-Z][A-Z.,' ]{2,39}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2})"
    r"\s*(?:--?|–|—)\s+"
)
_TICKER_CODE = r"[A-Z0-9]+[a-z]?\.[A-Z]{1,3}"  # "HRLM.N", "KSTRa.L", "6001.T"
_BRACKETED_TICKERS = re.compile(
    rf"\s*\(\s*{_TICKER_CODE}(?:\s*[,;/]?\s*{_TICKER_CODE})*\s*\)"
)
_TICKER = re.compile(r"(?<!\S)[A-Z0-9]{2,}[a-z]?\.[A-Z]{1,2}(?=[\s,;:]|$)")
_BRACKETED = re.compile(r"\s*\([^()]{0,80}\)")  # "($2.4 billion)", "(bpd)"
_DASH_ASIDE = re.compile(r"\s(?:--|–|—)\s[^-–—()]{1,100}?\s(?:--|–|—)(?=\s)")
_DAY = re.compile(
    r"(?<![\w'’])(?:(?:this|last|next) (?:past )?|(?:late|early) )?(?:on )?"
    rf"(?:{_DAYS}|(?<=this |last )week)(?: (?:morning|afternoon|evening|night))?"
    r"(?![\w'’])"
)
# "said in a statement", "told Reuters in an interview published": where said
_SAID_IN = re.compile(
    r"\b(said|says|told \S+|wrote|warned|added) in (?:an?|its|his|her|their) "
    r"(?:\S+ )?(?:interview|statement|speech|letter|note|report|filing)"
    r"(?: (?:published|released|issued|posted))?(?=\s)"
)
_SAID_THAT = re.compile(
    r"\b(said|says|announced|warned|added|reported|stated|predicted|signaled"
    r"|signalled|believes|expects|estimated)\s+that\s+(?=\S)"
)
_SPACES = re.compile(r"\s{2,}")
_SPACE_COMMA = re.compile(r"\s+(?=[,;:])|(?<=,),+")
_ASIDE_WORDS = 24  # an aside between commas longer than this is the sentence
_RELATIVES = {"that", "which", "who", "whose", "whom", "where", "when"}
_FINITE = {
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "said",
    "says", "can", "could", "may", "might", "should", "must",
}  # fmt: skip
_SHORT_INTRO_WORDS = 30  # an opening phrase dropped when shortening, at most
_PRONOUNS = {"it", "this", "that", "they", "he", "she", "these", "those", "we", "i"}
_SAID_WHERE = {"in", "on", "at", "to", "during", "after", "before", "via"}
_ADVERBS = {"still", "also", "jointly", "now", "already", "then", "again"}


def _clean(sentence: str) -> str:
    """`sentence` without what is no news: the source before a dash, "(Reuters)
    - ", and stock tickers, "( HRLM.N )", "NPAB.ST"."""
    text = _SOURCE_LEAD.sub("", sentence)
    text = _TICKER.sub("", _BRACKETED_TICKERS.sub(" ", text))
    return _tidy(text) if text != sentence else text


def _shorten(sentence: str, whole: bool) -> str:
    """`sentence` as a headline writer would shorten it: without asides in
    brackets or dashes, days, where and that it was said, who said it, an
    opening phrase nor an aside after the subject or a name. With `whole`
    false the sentence goes on past what was read: its last clause is kept."""
    text = _BRACKETED.sub(" ", sentence)
    text = _DASH_ASIDE.sub(" ", text)
    text = _DAY.sub(_drop_day, text)
    text = _SAID_THAT.sub(r"\1 ", _SAID_IN.sub(r"\1", text))
    text = _tidy(text)
    text = _drop_attributions(text, whole)
    text = _drop_intro(text)
    text = _drop_asides(text)
    return _tidy(text)


def _tidy(text: str) -> str:
    return _SPACE_COMMA.sub("", _SPACES.sub(" ", text)).strip(_STRIP)


def _drop_day(match: re.Match) -> str:
    """Nothing for a day that says when ("rose on Monday", "said this past
    Friday"); the day itself when it is a name ("Black Monday") or what a
    word needs ("by Friday", "since Monday")."""
    before = match.string[: match.start()].split()[-1:]
    if not before:
        return match.group()
    if match.group()[:1].isupper():  # a day alone: "fell Monday", "by Friday"
        if before[0][:1].isupper() or _bare(before[0]) in _DANGLING:
            return match.group()
    return ""


def _segments(text: str) -> list[str]:
    return text.split(", ")


def _drop_attributions(text: str, whole: bool) -> str:
    """`text` without who said it between commas: ", the company said on
    Monday", ", according to a study", ", sources told Reuters,"."""
    segments = _segments(text)
    kept = segments[:1]
    for n, segment in enumerate(segments[1:], 1):
        last = n == len(segments) - 1
        if (last and not whole) or not _attribution(segment):
            kept.append(segment)
            continue
        if not last:  # "X, analysts said, is Y": the verb joins the subject
            following = segments[n + 1].split(None, 1)[0] if segments[n + 1] else ""
            if following == following.lower() and _verb_like(_bare(following)):
                kept[-1] += " " + segments[n + 1]
                segments[n + 1] = ""
    return ", ".join(segment for segment in kept if segment)


def _attribution(segment: str) -> bool:
    """Whether `segment`, between commas, only says who said it."""
    words = [_bare(word) for word in segment.split()]
    if not words or len(words) > 12 or _open(segment):
        return False
    if words[:2] == ["according", "to"]:
        return True
    if words[0] in _RELATIVES or words[0] in ("saying", "and", "but", "or"):
        return False
    while words and words[-1] in _WHEN:
        words.pop()
    if len(words) > 1 and words[-2] in _TELLING:
        return True  # "sources told Reuters"
    said = [k for k, word in enumerate(words) if word in _ATTRIBUTION and k]
    if not said:
        return False
    after = words[said[-1] + 1 :]  # "a newspaper reported on its website"
    return not after or (after[0] in _SAID_WHERE and len(after) <= 5)


def _drop_asides(text: str) -> str:
    """`text` without the asides between commas after a subject or a name:
    "Delta Air Lines, the largest carrier, said" reads "Delta Air Lines said",
    "Governor Ana Ribeiro, facing a strike, agreed" reads "Governor Ana
    Ribeiro agreed"."""
    segments = _segments(text)
    n = 0
    while n + 2 < len(segments):
        for k in range(1, min(3, len(segments) - n - 1)):
            if _aside_between(segments, n, k):  # "the maker of A, B and C"
                segments[n : n + k + 2] = [segments[n] + " " + segments[n + k + 1]]
                break
        else:
            n += 1
    return ", ".join(segments)


def _aside_between(segments: list[str], n: int, k: int) -> bool:
    """Whether the `k` segments after segments[n] are an aside on what
    segments[n] ends with."""
    before = segments[n].split()
    aside_text = ", ".join(segments[n + 1 : n + k + 1])
    aside = aside_text.split()
    if not before or not aside or len(aside) > _ASIDE_WORDS or _open(aside_text):
        return False
    subject = n == 0 and len(before) <= 10 and not _has_verb(before)
    name = before[-1][:1].isupper() and _bare(before[-1]) not in _DANGLING
    if not (subject or name):
        return False  # a subject, or a name after the verb: not "said, adding"
    opener = aside[0]
    if opener[:1].isupper() and not any(
        _bare(word).endswith(("'s", "’s", "s'")) for word in aside[:2]
    ):
        return False  # "Germany, France and Spain": a list of names
    if _bare(opener) in ("and", "or"):
        return False
    for word in aside:
        if _bare(word) in _RELATIVES:
            break
        if word is opener:
            continue
        if _bare(word) in _FINITE:
            return False  # "Malta, the union and the port have agreed": a list
    following = [_bare(word) for word in segments[n + k + 1].split()]
    while following and (
        following[0] in _WHEN or following[0] in _ADVERBS or following[0].endswith("ly")
    ):
        following.pop(0)
    # "..., saying ...": the aside was the clause
    return bool(following) and (following[0] in _VERBS or following[0].endswith("ed"))


def _drop_intro(text: str) -> str:
    """`text` without an opening phrase ("After the vote, ..."), if what is
    left reads as a sentence."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    bare = [_bare(word) for _, _, word in words]
    start = next(
        (i + 1 for i, (_, _, word) in enumerate(words) if word.endswith(",")), 0
    )
    if not start or start > _SHORT_INTRO_WORDS or start >= len(words):
        return text
    ago = (  # "Two years ago, ..." opens one too
        bare[start - 1] == "ago"
        and start <= 6
        and not _has_verb([word for _, _, word in words[:start]])
    )
    if bare[0] not in _LEADING and not ago:
        return text
    if start in _list_boundaries(words, bare):
        return text
    rest = text[words[start][0] :]
    clause = rest.split(", ", 1)[0].split()  # "If Harlow, the target of a bid, ..."
    if len(rest.split()) < _MIN_WORDS or not _has_verb(clause):
        return text
    if bare[start] in _PRONOUNS:
        return text  # "After the mill closed, it was sold": what was?
    return rest[:1].upper() + rest[1:]  # "analysts at Nordbank": "Analysts..."


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
    if name == "rather":  # "rather than"
        return 2 if following == "than" else 0
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
    said = [j for j, word in enumerate(words[:-1]) if _reporting(words, j)]
    if said and not _has_verb(words[said[-1] :]):
        return False  # "X said its chief, Ana Lind": what of her?
    if _bare(words[-2]) == "to" and words[-1] == words[-1].lower():
        return False  # "met on Sunday to agree" on what?
    dashes = [j for j, word in enumerate(words) if word in _DASHES]
    if dashes and not _has_verb(words[: dashes[0]]):
        if len(dashes) == 1 or not _has_verb(words[dashes[-1] :]):
            return False  # "Tavira Maritima -- which lost two ships --"
    tail = kept.rsplit(",", 1)[-1].split() if "," in kept else []
    return not (len(tail) <= 8 and any(_bare(w) in _ATTRIBUTION for w in tail))


def _reporting(words: list[str], j: int) -> bool:
    """Whether words[j] opens what is said: "said", "told", "signals that"."""
    word = _bare(words[j])
    if word != "that":
        return word in _REPORTING
    before = _bare(words[j - 1]) if j else ""
    return before in _THAT_TAKERS or _verb_like(before)


def _aside(words, bare, after: int, cut: int, in_list: set[int]) -> bool:
    """Whether the comma before words[after] opens an aside after a subject
    with no verb, still open at words[cut]: "Delta Air Lines, the largest
    carrier", not "Greece, Spain" nor "The port's long-awaited, costly plan is"."""
    if after in in_list or _has_verb([w for _, _, w in words[:after]]):
        return False
    for j in range(after, cut):
        if bare[j] in _RELATIVES:
            break
        if bare[j] in _FINITE and j > after:
            return False  # "The port's long-awaited, costly plan is"
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
