"""The words digests label their parts with: a summary (``概要``, ``TL;DR``), a source line
(``来源``, ``阅读原文``), a date line (``日期``, ``Published``), an overview (``本期速览``,
``Highlights``), in the languages digestpub reads (each language's page words from
:mod:`digestpub.i18n` among them).

A label is compared after its emoji, punctuation and case are set aside. A source or date label
must be one of these labels whole ("相关链接" is not "链接"; "Source code" is not "Source"); a
summary or overview label must contain one of the words and stay short ("AI 摘要", "⚡ 本期速览",
not the headline "今日 OpenAI 发布新模型").
"""

from __future__ import annotations

from ..i18n import all_strings


def normalized(label: str) -> str:
    """``label`` casefolded, with everything but letters, digits and ``;`` (TL;DR) as single spaces."""
    text = "".join(char if char.isalnum() or char == ";" else " " for char in label.casefold())
    return " ".join(text.split())


def _phrases(*groups: str | list[str]) -> frozenset[str]:
    words: list[str] = []
    for group in groups:
        words.extend(group.split("|") if isinstance(group, str) else group)
    return frozenset(normalized(word) for word in words if normalized(word))


_SUMMARY_WORDS = _phrases(
    [strings["summary"] for strings in all_strings()],
    "摘要|概要|概述|概括|概览|概覽|简介|簡介|简述|簡述|总结|總結|小结|小結|要点|要點|重点|重點|导语|導語|导读|導讀",
    "速览|速覽|一句话|一句話|核心|要約|要旨|まとめ|ひとこと|요약|개요|요점|핵심",
    "tl;dr|tldr|summary|abstract|overview|gist|in brief|in short|takeaway|takeaways|key takeaway",
    "bottom line|key points|简报|簡報",
    "résumé|resumen|resumo|zusammenfassung|sommario|samenvatting|sammanfattning|podsumowanie",
    "резюме|кратко|özet|ringkasan|tóm tắt",
)
_SOURCE_LABELS = _phrases(
    [strings["source"] for strings in all_strings()],
    "来源|來源|原文|原文链接|原文連結|原文地址|原文出处|出处|出處|文章来源|文章來源|消息来源|消息來源",
    "新闻来源|新聞來源|资料来源|資料來源|信源|查看原文|阅读原文|閱讀原文|原文鏈接|参考链接|參考連結|参考来源|參考來源",
    "出典|ソース|元記事|원문|원문 보기|출처",
    "source|sources|source link|via|from|original|original article|original link|full story|read more",
    "read the original|read the full story|read|quelle|fuente|fonte|bron|nguồn|πηγή|источник",
)
_RELATED_LABELS = _phrases(
    "相关链接|相關連結|相关阅读|相關閱讀|延伸阅读|延伸閱讀|相关论文|相關論文|相关资源|相關資源|更多|参见|參見",
    "related|related links|related reading|see also|links|more|more links|resources|papers|further links",
)
_DATE_LABELS = _phrases(
    "日期|时间|時間|发布|發布|发布于|發布於|发表于|發表於|发布时间|發布時間|发布日期|發布日期|更新|更新于|更新於",
    "更新时间|更新時間|更新日期|日付|날짜",
    "date|dated|published|published on|posted|posted on|updated|last updated|time|datum|fecha|data",
)
_OVERVIEW_WORDS = _phrases(
    [strings["highlights"] for strings in all_strings()],
    "速览|速覽|概览|概覽|一览|一覽|要点|要點|看点|看點|导读|導讀|本期|本周|本週|今日|摘要|ハイライト|요약|하이라이트",
    "highlights|overview|at a glance|tl;dr|in brief|headlines|this week|today",
)


def _contains(text: str, words: frozenset[str]) -> bool:
    """Whether the normalised ``text`` holds one of ``words`` (a word written with spaces whole)."""
    padded = f" {text} "
    return any(f" {word} " in padded if word.isascii() or " " in word else word in text for word in words)


def _short(text: str) -> bool:
    """A label's length: at most four words, or eight characters when it is not all ASCII
    (a Chinese label has no spaces: "本期速览", not "今日 OpenAI 发布新模型")."""
    return len(text.split()) <= 4 if text.isascii() else len(text.replace(" ", "")) <= 8


def names_a_summary(label: str) -> bool:
    """Whether ``label`` says its text is a summary (``概要``, ``AI 摘要``, ``TL;DR``, ``📝 Summary``)."""
    text = normalized(label)
    return _short(text) and _contains(text, _SUMMARY_WORDS)


def is_a_summary_label(label: str) -> bool:
    """Whether ``label`` is a summary's label whole (``TL;DR``, ``摘要``, ``📝 AI 摘要``), not only
    a label with such a word in it (``Summary judgment``, ``核心团队``)."""
    text = normalized(label)
    return text in _SUMMARY_WORDS or text.removeprefix("ai ") in _SUMMARY_WORDS


def names_a_source(label: str) -> bool:
    """Whether ``label`` (before a link, or a link's own text) says it is the source: ``来源``,
    ``文章来源``, ``**原文链接**``, ``阅读原文``, ``Read the original``, ``From``."""
    return normalized(label) in _SOURCE_LABELS


def names_related_links(label: str) -> bool:
    """Whether ``label`` (before a line of links) says they are related links: ``相关链接``,
    ``Related``, ``See also``."""
    return normalized(label) in _RELATED_LABELS


def names_a_date(label: str) -> bool:
    """Whether ``label`` says what follows is the date (``日期``, ``发布时间``, ``Published``);
    no label at all (an emoji alone, ``📅``) says so too."""
    text = normalized(label)
    return not text or text in _DATE_LABELS


def names_an_overview(label: str) -> bool:
    """Whether a heading names a digest's overview (``⚡ 本期速览``, ``Highlights``, ``At a glance``)."""
    text = normalized(label)
    return _short(text) and _contains(text, _OVERVIEW_WORDS)
