"""Pure functions ``Digest -> Digest`` that finish what the reader started.

* :func:`assign_ids` — stable ids for sections and items, derived from their content;
* :func:`link_highlights` — which item each overview entry announces;
* :func:`set_language` — the document's language, detected or forced, and the items and text runs
  whose language differs from it.

:func:`prepare` runs them in order; the reader's output goes through it before any writer sees it.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from .cjk import HAN_RE, HANGUL_RE, KANA_RE
from .language import (
    LATIN_LETTER,
    UNSPACED_SCRIPTS,
    checked_language_tag,
    detect_language,
    foreign_runs,
    other_chinese_script,
    same_language,
)
from .model import Code, CodeBlock, Digest, Highlight, Item, Section, Text, plain

T = TypeVar("T")


def prepare(digest: Digest, *, language: str | None = None) -> Digest:
    """Ids, highlight links and languages: everything writers rely on."""
    return set_language(link_highlights(assign_ids(digest)), language)


# --------------------------------------------------------------------------- ids

_SLUG_WORD = re.compile(r"[a-z0-9]+")


def _slug(text: str, limit: int = 48) -> str:
    """The ASCII words of ``text`` joined by dashes, at most ``limit`` characters."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(
        char if char.isascii() else " " for char in decomposed if unicodedata.category(char) != "Mn"
    ).lower()
    slug = ""
    for word in _SLUG_WORD.findall(ascii_text):
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def _digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def item_id(item: Item) -> str:
    """``<slug>-<hash>`` from the item's source URL (or title when it has none).

    The id survives moving the item to another section or reordering the issue, and editing its
    summary; it changes only when the source URL (or, without one, the title) changes.
    """
    title = " ".join(plain(item.title).split())
    key = item.source_url or unicodedata.normalize("NFKC", title).casefold()
    slug = _slug(title, 40)
    return f"{slug}-{_digest_of(key)}" if slug else f"item-{_digest_of(key)}"


def section_id(section: Section) -> str:
    if section.number is not None:
        return f"section-{section.number}"
    slug = _slug(plain(section.title), 40)
    return f"section-{slug}" if slug else f"section-{_digest_of(plain(section.title))}"


def _unique(candidate: str, taken: set[str]) -> str:
    result, counter = candidate, 2
    while result in taken:
        result, counter = f"{candidate}-{counter}", counter + 1
    taken.add(result)
    return result


# Ids the page itself uses; a digest's item must not take them.
RESERVED_IDS = frozenset({"main", "contents", "highlights", "further-reading", "top", "title"})


def assign_ids(digest: Digest) -> Digest:
    """Give every section and item a unique, stable id (duplicates get ``-2``, ``-3`` …)."""
    taken: set[str] = set(RESERVED_IDS)
    sections = []
    for section in digest.sections:
        items = tuple(dataclasses.replace(item, id=_unique(item_id(item), taken)) for item in section.items)
        sections.append(dataclasses.replace(section, id=_unique(section_id(section), taken), items=items))
    return dataclasses.replace(digest, sections=tuple(sections))


# --------------------------------------------------------------------------- highlights → items

# A word of a script written with spaces (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari …):
# letters, with digits and ".+#-" inside ("gpt-4.5", "c++"), or a number with a unit ("70b").
_WORD = re.compile(r"[^\W\d_][\w.+#-]*[\w+#]|[^\W\d_]|\d+(?:\.\d+)?[^\W\d_]+")
# Scripts written without spaces between words: compared by pairs of characters.
_UNSPACED = re.compile(f"{HAN_RE.pattern}|{KANA_RE.pattern}|{HANGUL_RE.pattern}|{UNSPACED_SCRIPTS.pattern}")
# Words every piece of tech news shares: they say nothing about which news it is.
_STOP = frozenset(
    """the a an of to in and for on with is are its by from at as new ai open source model models
    release releases released launch launches launched ship ships shipped announce announces
    announced unveil unveils introduce introduces update updates says said report reports now
    first more than over into after how why what will can""".split()
)


def _features(text: str) -> set[str]:
    """Words, and pairs of characters in scripts written without spaces (Chinese, Japanese, Thai …):
    what two texts about the same news share. Marks (vowel signs, harakat) are left out, so a word
    matches with or without them."""
    text = "".join(
        char for char in unicodedata.normalize("NFKC", text) if unicodedata.category(char)[0] != "M"
    )
    unspaced = [char if _UNSPACED.match(char) else " " for char in text]
    spaced = "".join(" " if char != " " else original for char, original in zip(unspaced, text, strict=True))
    words = {word.casefold() for word in _WORD.findall(spaced)} - _STOP
    pairs = {a + b for a, b in itertools.pairwise(unspaced) if a != " " and b != " "}
    # Words of other alphabets than Latin also give their runs of three letters: Arabic, Hebrew or
    # Russian words change with their prefixes and endings ("نموذج", "النموذج", "نموذجا").
    stems = {
        word[i : i + 3]
        for word in words
        if not word.isascii() and not LATIN_LETTER.match(word)
        for i in range(len(word) - 2)
    }
    numbers = set(re.findall(r"\d+(?:\.\d+)?", spaced))  # "Llama 5", "GPT-4.5": numbers tell news apart
    return {word for word in words if len(word) > 1} | pairs | stems | numbers


def _similarity(a: set[str], b: set[str], weight: Mapping[str, float], total: float) -> float:
    """Dice's coefficient with rare features weighing more (``total``: the weights of ``a`` and of
    ``b``, added); a single shared feature is never enough."""
    shared = a & b
    if len(shared) < 2:
        return 0.0
    return 2 * _mass(shared, weight) / total


def _mass(features: set[str], weight: Mapping[str, float]) -> float:
    """The features' weights added, exactly rounded: the same whatever order a set of strings comes
    in (it changes from one process to the next), so the same pairs score the same in every run."""
    return math.fsum(weight[feature] for feature in features)


def link_highlights(digest: Digest, threshold: float = 0.13) -> Digest:
    """Set ``Highlight.item_id`` where an overview entry and an item tell the same news.

    Overview headlines are often the source's title and item titles the editor's, so the match
    looks at the words and character pairs both share (title and summary together), rare ones
    counting more than common ones, and pairs entries and items greedily, best match first, each
    item at most once.
    """
    items = digest.items
    if not digest.highlights or not items:
        return digest
    item_features = [_features(plain(item.title) + " " + plain(item.summary)) for item in items]
    highlight_features = [_features(plain(h.title) + " " + plain(h.summary)) for h in digest.highlights]
    documents = item_features + highlight_features
    frequency = Counter(feature for features in documents for feature in features)
    weight = {feature: math.log(1 + len(documents) / count) for feature, count in frequency.items()}
    headline_features = [_features(plain(h.title)) for h in digest.highlights]
    item_masses = [_mass(features, weight) for features in item_features]
    scored = []
    for h_index, features in enumerate(highlight_features):
        mass = _mass(features, weight)
        for i_index, candidate in enumerate(item_features):
            # The headline itself must name something the item does: shared words in the two
            # summaries alone ("targets", "code") are not the same news.
            if not headline_features[h_index] & candidate:
                continue
            score = _similarity(features, candidate, weight, mass + item_masses[i_index])
            if score >= threshold:
                scored.append((score, h_index, i_index))
    chosen: dict[int, str] = {}
    used_items: set[int] = set()
    for _score, h_index, i_index in sorted(scored, key=lambda entry: (-entry[0], entry[1], entry[2])):
        if h_index in chosen or i_index in used_items:
            continue
        chosen[h_index] = items[i_index].id
        used_items.add(i_index)
    highlights: list[Highlight] = [
        dataclasses.replace(highlight, item_id=chosen.get(index))
        for index, highlight in enumerate(digest.highlights)
    ]
    return dataclasses.replace(digest, highlights=tuple(highlights))


# --------------------------------------------------------------------------- language


def set_language(digest: Digest, forced: str | None = None) -> Digest:
    """The document's language (``forced`` wins over detection), then the parts that differ from it.
    A ``forced`` value that is not a language tag (``zh-Hant``, ``pt-BR``) is a usage error; an empty
    one is none."""
    language = checked_language_tag(forced) if forced else detect_language(_all_text(digest))
    digest = dataclasses.replace(digest, language=language)
    sections = []
    for section in digest.sections:
        items = []
        for item in section.items:
            # The digest's labels (阅读原文, 概要) count for the item's language, not for the script
            # of Chinese it is written in: one walk over the item, the labels added after it.
            body = _all_text(item, skip=_ITEM_LABELS)
            item_language = detect_language(
                "\n".join([body, *(getattr(item, name) for name in _ITEM_LABELS)])
            )
            differs = item_language != "und" and not same_language(item_language, language)
            script = None if differs else other_chinese_script(body, language)
            if script:  # Traditional Chinese in a Simplified digest, or the reverse
                item_language, differs = script, True
            item = dataclasses.replace(item, lang=item_language if differs else None)
            # Runs of another language are told apart from the item's own language.
            own = item_language if differs else language
            items.append(_map_text(item, functools.partial(_mark_runs, language=own)))
        sections.append(dataclasses.replace(section, items=tuple(items)))
    digest = dataclasses.replace(digest, sections=tuple(sections))
    return _map_text(digest, functools.partial(_mark_runs, language=language), done=Item)


def _mark_runs(text: Text, language: str) -> tuple[Text, ...]:
    if text.lang:
        return (text,)
    return tuple(Text(run, lang) for run, lang in foreign_runs(text.text, language))


_ITEM_LABELS = ("source_label", "summary_label", "details_label")


def _all_text(node: Any, skip: tuple[str, ...] = ()) -> str:
    """Every string of a model object, joined (for language detection); not those of the fields
    named in ``skip``."""
    parts: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, Code | CodeBlock):
            return  # code says nothing about the language of the prose
        elif isinstance(value, tuple):
            for element in value:
                collect(element)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                if field.name not in ("id", "source_url", "url", "source_name", "language", "lang", *skip):
                    collect(getattr(value, field.name))

    collect(node)
    return "\n".join(parts)


def _map_text(node: T, function: Callable[[Text], tuple[Text, ...]], done: type | None = None) -> T:
    """Rebuild ``node`` with every :class:`Text` replaced by the runs ``function`` returns (nodes of
    type ``done`` are left as they are)."""
    if done is not None and isinstance(node, done):
        return node
    if isinstance(node, tuple):
        mapped: list[Any] = []
        for element in node:
            if isinstance(element, Text):
                mapped.extend(function(element))
            else:
                mapped.append(_map_text(element, function, done))
        return tuple(mapped)  # type: ignore[return-value]
    if dataclasses.is_dataclass(node) and not isinstance(node, type) and not isinstance(node, Text):
        changes = {}
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            if isinstance(value, tuple):
                changes[field.name] = _map_text(value, function, done)
        return dataclasses.replace(node, **changes) if changes else node
    return node
