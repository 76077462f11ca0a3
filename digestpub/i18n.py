"""The words digestpub adds to a page itself (\"Contents\", \"Source\" …), in the digest's language.

Labels that come from the digest (its overview heading, its summary label) are used as written;
these strings fill in where the digest has none.
"""

from __future__ import annotations

import datetime as dt

from .language import primary

_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "contents": "Contents",
        "highlights": "Highlights",
        "summary": "Summary",
        "details": "Details",
        "links": "Related",
        "further_reading": "Further reading",
        "source": "Source",
        "skip": "Skip to content",
        "external": "(external link)",
        "range": "{start} – {end}",
        "generated": "Made with digestpub",
        "back_to_top": "Back to top",
        "item_count": "{count} items",
    },
    "zh-Hans": {
        "contents": "目录",
        "highlights": "本期速览",
        "summary": "概要",
        "details": "内容详解",
        "links": "相关链接",
        "further_reading": "拓展阅读",
        "source": "阅读原文",
        "skip": "跳到正文",
        "external": "（外部链接）",
        "range": "{start} 至 {end}",
        "generated": "由 digestpub 生成",
        "back_to_top": "回到顶部",
        "item_count": "{count} 条",
    },
    "zh-Hant": {
        "contents": "目錄",
        "highlights": "本期速覽",
        "summary": "摘要",
        "details": "內容詳解",
        "links": "相關連結",
        "further_reading": "延伸閱讀",
        "source": "閱讀原文",
        "skip": "跳到正文",
        "external": "（外部連結）",
        "range": "{start} 至 {end}",
        "generated": "由 digestpub 產生",
        "back_to_top": "回到頂端",
        "item_count": "{count} 則",
    },
    "ja": {
        "contents": "目次",
        "highlights": "今号のハイライト",
        "summary": "概要",
        "details": "詳細",
        "links": "関連リンク",
        "further_reading": "参考文献",
        "source": "元記事",
        "skip": "本文へ移動",
        "external": "（外部リンク）",
        "range": "{start}〜{end}",
        "generated": "digestpub で作成",
        "back_to_top": "トップへ戻る",
        "item_count": "{count} 件",
    },
    "ko": {
        "contents": "목차",
        "highlights": "이번 호 요약",
        "summary": "요약",
        "details": "자세히",
        "links": "관련 링크",
        "further_reading": "더 읽을거리",
        "source": "원문 보기",
        "skip": "본문으로 건너뛰기",
        "external": "(외부 링크)",
        "range": "{start} ~ {end}",
        "generated": "digestpub로 생성",
        "back_to_top": "맨 위로",
        "item_count": "{count}개",
    },
}


def strings_for(language: str) -> dict[str, str]:
    """The page strings for ``language`` (Chinese by script, English for anything not translated)."""
    if language in _STRINGS:
        return _STRINGS[language]
    if primary(language) == "zh":
        return _STRINGS[
            "zh-Hant" if "Hant" in language or language.endswith(("TW", "HK", "MO")) else "zh-Hans"
        ]
    return _STRINGS.get(primary(language), _STRINGS["en"])


def date_range(start: dt.date | None, end: dt.date | None, language: str) -> str:
    """``2025-12-28 至 2025-12-29``; a single date when the range is one day."""
    if start is None:
        return ""
    if end is None or end == start:
        return start.isoformat()
    return strings_for(language)["range"].format(start=start.isoformat(), end=end.isoformat())
