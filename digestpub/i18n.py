"""The words digestpub adds to a page itself (\"Contents\", \"Source\" …), in the digest's language.

Labels that come from the digest (its overview heading, its summary label) are used as written;
these strings fill in where the digest has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

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
    "de": {
        "contents": "Inhalt",
        "highlights": "Überblick",
        "summary": "Zusammenfassung",
        "details": "Details",
        "links": "Weiterführende Links",
        "further_reading": "Weiterlesen",
        "source": "Quelle",
        "skip": "Zum Inhalt springen",
        "external": "(externer Link)",
        "range": "{start} – {end}",
        "generated": "Erstellt mit digestpub",
        "back_to_top": "Nach oben",
        "item_count": "{count} Beiträge",
    },
    "fr": {
        "contents": "Sommaire",
        "highlights": "À la une",
        "summary": "Résumé",
        "details": "Détails",
        "links": "Liens",
        "further_reading": "Pour aller plus loin",
        "source": "Source",
        "skip": "Aller au contenu",
        "external": "(lien externe)",
        "range": "{start} – {end}",
        "generated": "Réalisé avec digestpub",
        "back_to_top": "Haut de page",
        "item_count": "{count} articles",
    },
    "es": {
        "contents": "Índice",
        "highlights": "Destacados",
        "summary": "Resumen",
        "details": "Detalles",
        "links": "Enlaces",
        "further_reading": "Lecturas recomendadas",
        "source": "Fuente",
        "skip": "Saltar al contenido",
        "external": "(enlace externo)",
        "range": "{start} – {end}",
        "generated": "Hecho con digestpub",
        "back_to_top": "Volver arriba",
        "item_count": "{count} noticias",
    },
    "pt": {
        "contents": "Sumário",
        "highlights": "Destaques",
        "summary": "Resumo",
        "details": "Detalhes",
        "links": "Links",
        "further_reading": "Leituras recomendadas",
        "source": "Fonte",
        "skip": "Ir para o conteúdo",
        "external": "(link externo)",
        "range": "{start} – {end}",
        "generated": "Feito com digestpub",
        "back_to_top": "Voltar ao topo",
        "item_count": "{count} notícias",
    },
    "it": {
        "contents": "Indice",
        "highlights": "In evidenza",
        "summary": "Sintesi",
        "details": "Dettagli",
        "links": "Link",
        "further_reading": "Approfondimenti",
        "source": "Fonte",
        "skip": "Vai al contenuto",
        "external": "(link esterno)",
        "range": "{start} – {end}",
        "generated": "Realizzato con digestpub",
        "back_to_top": "Torna su",
        "item_count": "{count} notizie",
    },
    "nl": {
        "contents": "Inhoud",
        "highlights": "Hoogtepunten",
        "summary": "Samenvatting",
        "details": "Details",
        "links": "Links",
        "further_reading": "Verder lezen",
        "source": "Bron",
        "skip": "Naar de inhoud",
        "external": "(externe link)",
        "range": "{start} – {end}",
        "generated": "Gemaakt met digestpub",
        "back_to_top": "Naar boven",
        "item_count": "{count} berichten",
    },
    "vi": {
        "contents": "Mục lục",
        "highlights": "Điểm nổi bật",
        "summary": "Tóm tắt",
        "details": "Chi tiết",
        "links": "Liên kết",
        "further_reading": "Đọc thêm",
        "source": "Nguồn",
        "skip": "Chuyển đến nội dung",
        "external": "(liên kết ngoài)",
        "range": "{start} – {end}",
        "generated": "Tạo bằng digestpub",
        "back_to_top": "Về đầu trang",
        "item_count": "{count} tin",
    },
    "el": {
        "contents": "Περιεχόμενα",
        "highlights": "Κύρια σημεία",
        "summary": "Περίληψη",
        "details": "Λεπτομέρειες",
        "links": "Σύνδεσμοι",
        "further_reading": "Περαιτέρω ανάγνωση",
        "source": "Πηγή",
        "skip": "Μετάβαση στο περιεχόμενο",
        "external": "(εξωτερικός σύνδεσμος)",
        "range": "{start} – {end}",
        "generated": "Δημιουργήθηκε με το digestpub",
        "back_to_top": "Επιστροφή στην αρχή",
        "item_count": "{count} ειδήσεις",
    },
    "th": {
        "contents": "สารบัญ",
        "highlights": "ไฮไลต์",
        "summary": "สรุป",
        "details": "รายละเอียด",
        "links": "ลิงก์",
        "further_reading": "อ่านเพิ่มเติม",
        "source": "ที่มา",
        "skip": "ข้ามไปยังเนื้อหา",
        "external": "(ลิงก์ภายนอก)",
        "range": "{start} – {end}",
        "generated": "สร้างด้วย digestpub",
        "back_to_top": "กลับขึ้นด้านบน",
        "item_count": "{count} ข่าว",
    },
    "hi": {
        "contents": "विषय सूची",
        "highlights": "मुख्य बातें",
        "summary": "सारांश",
        "details": "विवरण",
        "links": "लिंक",
        "further_reading": "आगे पढ़ें",
        "source": "स्रोत",
        "skip": "सामग्री पर जाएँ",
        "external": "(बाहरी लिंक)",
        "range": "{start} – {end}",
        "generated": "digestpub से बनाया गया",
        "back_to_top": "ऊपर जाएँ",
        "item_count": "{count} समाचार",
    },
    "ru": {
        "contents": "Содержание",
        "highlights": "Главное",
        "summary": "Кратко",
        "details": "Подробности",
        "links": "Ссылки",
        "further_reading": "Дополнительное чтение",
        "source": "Источник",
        "skip": "Перейти к содержимому",
        "external": "(внешняя ссылка)",
        "range": "{start} – {end}",
        "generated": "Сделано с помощью digestpub",
        "back_to_top": "Наверх",
        "item_count": "Материалов: {count}",
    },
    "ar": {
        "contents": "المحتويات",
        "highlights": "أبرز الأخبار",
        "summary": "ملخص",
        "details": "التفاصيل",
        "links": "روابط",
        "further_reading": "قراءات إضافية",
        "source": "المصدر",
        "skip": "انتقل إلى المحتوى",
        "external": "(رابط خارجي)",
        "range": "{start} – {end}",
        "generated": "أُنشئ باستخدام digestpub",
        "back_to_top": "العودة إلى الأعلى",
        "item_count": "عدد المواد: {count}",
    },
    "he": {
        "contents": "תוכן העניינים",
        "highlights": "עיקרי הדברים",
        "summary": "תקציר",
        "details": "פרטים",
        "links": "קישורים",
        "further_reading": "לקריאה נוספת",
        "source": "מקור",
        "skip": "דילוג לתוכן",
        "external": "(קישור חיצוני)",
        "range": "{start} – {end}",
        "generated": "נוצר באמצעות digestpub",
        "back_to_top": "חזרה למעלה",
        "item_count": "{count} ידיעות",
    },
}


# Words that name a summary or a source in the labels digests give them ("> **AI 摘要**：",
# "> TL;DR:", "📰 文章来源：[…](…)", "Full story: […](…)"): each language's own word and the usual
# others. A label names one when it contains one of these words.
_SUMMARY_WORDS = (
    *(strings["summary"] for strings in _STRINGS.values()),
    *"摘要 概要 概述 概括 概览 概覽 简介 簡介 简述 簡述 总结 總結 小结 小結 要点 要點 重点 重點 导语 導語 导读 導讀".split(),
    *"速览 速覽 一句话 一句話 要約 要旨 まとめ ひとこと 요약 개요 요점 핵심".split(),
    *"tl;dr tldr summary abstract overview gist résumé resumen resumo zusammenfassung sommario".split(),
    *"samenvatting sammanfattning podsumowanie резюме кратко özet ringkasan tóm tắt".split(),
    "in brief",
    "in short",
    "takeaway",
)
_SOURCE_WORDS = (
    *(strings["source"] for strings in _STRINGS.values()),
    *"来源 來源 原文 出处 出處 链接 鏈接 連結 信源 参考 參考 出典 ソース 원문 출처".split(),
    *"source via link original origin from story article read quelle fuente fonte bron источник".split(),
)


def _names(label: str, words: Iterable[str]) -> bool:
    """Whether ``label`` contains one of ``words`` (a word of a spaced script as a whole word:
    "From" names a source, "Quotes from the CEO" does not)."""
    text = "".join(char if char.isalnum() or char in ";" else " " for char in label.casefold())
    text = f" {' '.join(text.split())} "
    return any(
        f" {word} " in text if word.isascii() or " " in word else word in text
        for word in (word.casefold() for word in words)
    )


_OVERVIEW_WORDS = (
    *(strings["highlights"] for strings in _STRINGS.values()),
    *"速览 速覽 概览 概覽 一览 一覽 要点 要點 看点 看點 导读 導讀 本期 本周 本週 今日 摘要 ハイライト 요약 하이라이트".split(),
    *"highlights overview glance tl;dr brief headlines digest".split(),
)


def names_an_overview(label: str) -> bool:
    """Whether ``label`` names a digest's overview (``⚡ 本期速览``, ``Highlights``, ``At a glance``)."""
    return _names(label, _OVERVIEW_WORDS)


def names_a_summary(label: str) -> bool:
    """Whether ``label`` says its text is a summary (``概要``, ``AI 摘要``, ``TL;DR``, ``📝 Summary``)."""
    return _names(label, _SUMMARY_WORDS)


# What the link of a source line says (the whole label: "Source code" is a related link).
_SOURCE_LINKS = frozenset(
    " ".join(word.casefold().split())
    for word in (
        *(strings["source"] for strings in _STRINGS.values()),
        *"阅读原文 閱讀原文 原文 原文链接 原文連結 查看原文 来源 來源 原文地址 出处 出處 元記事 원문 출처".split(),
        *("source", "original", "original article", "read the original", "read more", "full story", "read"),
    )
)


def is_source_link(label: str) -> bool:
    """Whether a link's text says it leads to the source (``阅读原文``, ``Read the original``)."""
    text = "".join(char if char.isalnum() else " " for char in label.casefold())
    return " ".join(text.split()) in _SOURCE_LINKS


def names_a_source(label: str) -> bool:
    """Whether ``label`` says a line is the source (``来源``, ``文章来源``, ``**原文链接**``, ``From``)."""
    return _names(label, _SOURCE_WORDS)


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
