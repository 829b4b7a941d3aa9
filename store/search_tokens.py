"""Tokens of the bigram index, and search queries compiled for each engine.

A page's normalised text (``EvidencePage.search_text``) is cut into segments: runs of CJK
ideographs and runs of other letters or digits; everything else (punctuation, spaces) only
separates. A CJK run ``c1..cn`` gives its bigrams ``c1c2 … c(n-1)cn`` followed by the unigram
``cn``; any other run is one token. So every ideograph starts a token (a bigram, or the unigram
at the end of its run): a one-character query is the prefix query ``c*``, a longer run is the
phrase of its bigrams, and a query that crosses from a CJK run into digits (``2020年5月``) stays a
phrase because the run-end unigram sits between them in the index as in the query.

The user's query never reaches an engine as syntax: it is cut into the same tokens (letters,
digits and ideographs only), each quoted by us, with bounded length, so FTS5 operators, quotes,
``NEAR``, ``*`` and control characters are just text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SEGMENT = re.compile(f"[{_CJK}]+|[^\\W_{_CJK}]+")
MAX_TOKEN = 40  # longer letter/digit runs (hashes, garbage) are cut
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_PAGE_TOKENS = 60_000  # far above a real page; bounds a tsvector well under 1 MB
_PG_MAX_POS = 16383
_PG_MAX_POSITIONS = 255  # per lexeme


def segments(text: str) -> list[str]:
    """The runs of ideographs and the runs of other letters and digits in ``text``."""
    return _SEGMENT.findall(text)


def is_cjk(ch: str) -> bool:
    return bool(re.match(f"[{_CJK}]", ch))


def index_tokens(text: str) -> list[str]:
    """The bigram-index tokens of normalised text, in order."""
    out: list[str] = []
    for seg in _SEGMENT.findall(text.lower()):
        if is_cjk(seg[0]):
            out.extend(seg[i : i + 2] for i in range(len(seg) - 1))
            out.append(seg[-1])
        else:
            out.append(seg[:MAX_TOKEN])
        if len(out) >= MAX_PAGE_TOKENS:
            return out[:MAX_PAGE_TOKENS]
    return out


def index_document(text: str) -> str:
    """What the SQLite bigram table stores: the tokens, space-separated."""
    return " ".join(index_tokens(text))


def tsvector_literal(text: str) -> str:
    """A PostgreSQL tsvector literal (``'创业':1,9 '业担':2``) built here, not by a text-search
    parser, so it does not depend on the server's locale."""
    positions: dict[str, list[int]] = defaultdict(list)
    for n, tok in enumerate(index_tokens(text), start=1):
        pos = positions[tok]
        if len(pos) < _PG_MAX_POSITIONS:
            pos.append(min(n, _PG_MAX_POS))
    return " ".join(
        f"'{_pg_quote(tok)}':{','.join(map(str, sorted(set(pos))))}"
        for tok, pos in positions.items()
    )


def _pg_quote(token: str) -> str:
    return token.replace("\\", "\\\\").replace("'", "''")


@dataclass(frozen=True)
class Token:
    text: str
    prefix: bool = False


Term = tuple[Token, ...]  # a phrase: consecutive tokens


def clean_query(query: str) -> str:
    """The query as typed, made safe before anything sees it: NUL, control characters and lone
    surrogates become blanks, at most MAX_QUERY_CHARS characters and MAX_TERMS words."""
    query = (query or "")[: MAX_QUERY_CHARS * 4]
    query = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in query)
    return " ".join(query.split()[:MAX_TERMS])[:MAX_QUERY_CHARS].strip()


def normalise_query(query: str) -> str:
    """NFKC, lower case, bounded, control and format characters made blanks: the form a query
    is matched in (search_text is NFKC too)."""
    query = unicodedata.normalize("NFKC", query[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]
    return "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in query).lower()


def query_words(query: str) -> list[str]:
    """The query's space-separated words that carry a letter, digit or ideograph."""
    words = [w for w in normalise_query(query).split() if _SEGMENT.search(w)]
    return words[:MAX_TERMS]


def query_terms(query: str) -> list[Term]:
    """Each word of the query as a phrase of index tokens (all words must match)."""
    terms: list[Term] = []
    for word in query_words(query):
        segs = _SEGMENT.findall(word)
        tokens: list[Token] = []
        for i, seg in enumerate(segs):
            last = i == len(segs) - 1
            if is_cjk(seg[0]):
                if len(seg) == 1:
                    tokens.append(Token(seg, prefix=last))
                    continue
                tokens.extend(Token(seg[j : j + 2]) for j in range(len(seg) - 1))
                if not last:
                    tokens.append(Token(seg[-1]))
            else:
                tokens.append(Token(seg[:MAX_TOKEN], prefix=last))
        terms.append(tuple(tokens))
    return terms


def fts5_match(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: every term a phrase, every token a quoted string."""

    def phrase(term: Term) -> str:
        return " + ".join(
            '"' + t.text.replace('"', '""') + '"' + ("*" if t.prefix else "") for t in term
        )

    return " AND ".join(phrase(t) for t in terms)


def tsquery_literal(terms: list[Term]) -> str:
    """A PostgreSQL tsquery literal: ``'创业' <-> '业担' & '培训'``; prefixes as ``:*``."""

    def phrase(term: Term) -> str:
        parts = [f"'{_pg_quote(t.text)}'" + (":*" if t.prefix else "") for t in term]
        return "(" + " <-> ".join(parts) + ")"

    return " & ".join(phrase(t) for t in terms)
