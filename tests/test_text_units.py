"""Dates, languages, CJK line joining and the page text the font plan reads, one function at a time."""

from __future__ import annotations

import datetime as dt

import pytest

from digestpub.cjk import display_width, join_soft_break
from digestpub.dates import find_date
from digestpub.language import detect_language, foreign_runs
from digestpub.page_text import page_text
from digestpub.writers.printed import running_head

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "matched"),
    [
        ("AI 速报 (2025-12-28 至 2025-12-29)", D(2025, 12, 28), D(2025, 12, 29), "2025-12-28 至 2025-12-29"),
        ("日报 2025年12月28日", D(2025, 12, 28), D(2025, 12, 28), "2025年12月28日"),
        ("Weekly: January 5–11, 2026", D(2026, 1, 5), D(2026, 1, 11), "January 5–11, 2026"),
        ("Digest 2025-12-28 ~ 12-30", D(2025, 12, 28), D(2025, 12, 30), "2025-12-28 ~ 12-30"),
        ("Digest 2025-12-28 至 29日", D(2025, 12, 28), D(2025, 12, 29), "2025-12-28 至 29日"),
        ("28 December 2025 to 3 January 2026", D(2025, 12, 28), D(2026, 1, 3), None),
        ("Dec 30, 2025 - Jan 2, 2026", D(2025, 12, 30), D(2026, 1, 2), None),
        ("週報（2025/12/28－2026/01/03）", D(2025, 12, 28), D(2026, 1, 3), "2025/12/28－2026/01/03"),
        ("[2025-12-29]", D(2025, 12, 29), D(2025, 12, 29), "2025-12-29"),
        ("2026-01-05 – 2026-01-11", D(2026, 1, 5), D(2026, 1, 11), None),
        # The range word of the digest's language.
        ("Bản tin (2026-05-04 đến 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), "2026-05-04 đến 2026-05-10"),
        ("Δελτίο (2026-05-04 έως 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), None),
        ("ข่าว (2026-05-04 ถึง 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), None),
        ("Boletín (2026-05-04 al 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), None),
        ("Дайджест (2026-05-04 по 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), None),
        ("النشرة (2026-05-04 إلى 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), "2026-05-04 إلى 2026-05-10"),
        ("עלון (2026-05-04 עד 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), None),
        ("خبرنامه (2026-05-04 تا 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), None),
        ("Buletin (2026-05-04 sampai 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), None),
        ("Przegląd (2026-05-04 do 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), None),
        ("Boletim (2026-05-04 a 2026-05-10)", D(2026, 5, 4), D(2026, 5, 10), None),
        # Slashes: month first, unless only the day-first reading gives a digest-sized range.
        ("Weekly (01/05/2026 - 01/11/2026)", D(2026, 1, 5), D(2026, 1, 11), None),
        ("Weekly (05/01/2026 – 11/01/2026)", D(2026, 1, 5), D(2026, 1, 11), None),
        ("Half year (01/01/2026 - 06/30/2026)", D(2026, 1, 1), D(2026, 6, 30), None),
    ],
)
def test_dates(text: str, start: dt.date, end: dt.date, matched: str | None) -> None:
    found = find_date(text)
    assert found is not None
    assert (found.start, found.end) == (start, end)
    if matched:
        assert text[found.span[0] : found.span[1]] == matched


@pytest.mark.parametrize("text", ["no date here 12345", "2025-13-45", "v2.0-3 release", "2026-02-30"])
def test_not_dates(text: str) -> None:
    assert find_date(text) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("英伟达发布了新的开源模型，性能大幅提升，这是国产模型的重要进展。", "zh-Hans"),
        ("輝達發表了新的開源模型，效能大幅提升，這是國產模型的重要進展。", "zh-Hant"),
        ("東京で新しいモデルが発表されました。これは画期的です。", "ja"),
        ("새로운 모델이 발표되었습니다. 성능이 크게 향상되었습니다.", "ko"),
        ("The new model is available for developers and researchers.", "en"),
        ("Le nouveau modèle est disponible pour les développeurs et les chercheurs.", "fr"),
        ("Das neue Modell ist ab sofort für die Entwickler verfügbar und die Forschung.", "de"),
        ("Новая модель доступна для разработчиков.", "ru"),
        ("النموذج الجديد متاح للمطورين", "ar"),
        ("Mô hình mới của công ty đã được phát hành cho các nhà phát triển và những nhà nghiên cứu.", "vi"),
        ("Το νέο μοντέλο είναι διαθέσιμο για τους προγραμματιστές.", "el"),
        ("โมเดลใหม่พร้อมให้นักพัฒนาใช้งานแล้ว", "th"),
        ("12345 !!! ---", "und"),
        # A Chinese digest full of English product names is still Chinese.
        ("OpenAI 发布 GPT-5 与 Codex，Google 推出 Gemini 3 Pro，Anthropic 更新 Claude。", "zh-Hans"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_foreign_runs_in_chinese() -> None:
    runs = list(foreign_runs("日本媒体称「これは画期的です」。韩国媒体说 새로운 모델입니다. 好", "zh-Hans"))
    assert runs == [
        ("日本媒体称「", None),
        ("これは画期的です", "ja"),
        ("」。韩国媒体说 ", None),
        ("새로운 모델입니다.", "ko"),
        (" 好", None),
    ]


def test_foreign_runs_in_english() -> None:
    runs = list(foreign_runs("OpenAI said 网络安全 and 網絡安全 and 日本語のテスト", "en"))
    assert (
        ("网络安全", "zh-Hans") in runs
        and ("網絡安全", "zh-Hant") in runs
        and ("日本語のテスト", "ja") in runs
    )


def test_runs_of_other_scripts_get_their_language_in_any_document() -> None:
    runs = list(foreign_runs("Traders in สำคัญมาก ประจำ and भारत में; 中文 שלום עולם", "en"))
    assert ("สำคัญมาก ประจำ", "th") in runs and ("भारत में", "hi") in runs and ("שלום עולם", "he") in runs


def test_an_english_item_in_a_chinese_digest_tags_its_chinese_runs() -> None:
    """Runs of another language are found relative to the item's language, not only the digest's."""
    import digestpub

    digest = digestpub.parse(
        "# 科技周报 (2026-01-05)\n\n## 1. 芯片\n\n### 英伟达发布新芯片\n\n> **摘要**：英伟达发布了新的芯片，性能大幅提升。\n\n"
        "### A port story\n\n> **Summary**: Traders in *上海港* saw gains, and the port of the city was busy all week.\n"
    )
    item = digest.sections[0].items[1]
    assert item.lang == "en"
    runs = [(node.text, node.lang) for node in item.summary[0].children[1].children]  # inside the emphasis
    assert runs == [("上海港", "zh-Hans")]


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("中文", "继续", ""),
        ("句号。", "下一句", ""),
        ("English", "text", " "),
        ("中文", "English", " "),
        ("한국어", "문장", " "),
    ],
)
def test_soft_break(before: str, after: str, joined: str) -> None:
    assert join_soft_break(before, after) == joined


def test_page_text_weights_follow_the_cascade() -> None:
    """Which text the font plan gives to the bold face: specificity, order and !important decide."""
    html = (
        '<html lang="zh-Hans"><body><p class="note"><strong>甲</strong>乙</p>'
        '<p><strong>丙</strong><span class="loud">丁</span><span class="loud quiet">戊</span></p>'
        '<h2 class="plain">己</h2><p class="x"><span class="loud">庚</span></p></body></html>'
    )
    css = (
        ".note strong { font-weight: normal; }\n"
        "strong { font-weight: bold; }\n"  # less specific than the rule above: 甲 stays normal
        ".loud { font-weight: 700; }\n"
        ".quiet { font-weight: 400; }\n"  # same specificity, later: 戊 is normal
        "h2.plain { font: 1em sans-serif; }\n"  # the shorthand resets the weight: 己 is normal
        ".x .loud { font-weight: normal; }\n"
        ".x span { font-weight: bold !important; }\n"  # important wins over specificity: 庚 is bold
        "@media screen { p { font-weight: bold; } }\n"  # not for print: ignored
    )
    text = page_text(html, css, "zh-Hans")
    bold = set().union(*(chars for context, chars in text.by_context.items() if context.bold))
    regular = set().union(*(chars for context, chars in text.by_context.items() if not context.bold))
    assert {"丙", "丁", "庚"} <= bold
    assert {"甲", "乙", "戊", "己"} <= regular
    assert not {"甲", "乙", "戊", "己"} & bold


def test_page_text_slant_follows_the_cascade_and_the_browser_defaults() -> None:
    """Which text the font plan gives to italic faces: em/i/cite by default, font-style and the
    font shorthand as the cascade decides; the weight is read in the same pass."""
    html = (
        '<html lang="en"><body><p><em>a</em> b <i>c</i> <cite>d</cite></p>'
        '<p class="q"><em>e</em></p><p><span class="slant">f</span><strong><em>g</em></strong></p>'
        '<h2 class="x">h</h2></body></html>'
    )
    css = (
        ".q em { font-style: normal; }\n"
        ".slant { font-style: oblique 10deg; }\n"
        "h2.x { font: italic bold 1em serif; }\n"
    )
    text = page_text(html, css, "en")
    italic = set().union(*(chars for context, chars in text.by_context.items() if context.italic))
    upright = set().union(*(chars for context, chars in text.by_context.items() if not context.italic))
    assert {"a", "c", "d", "f", "g", "h"} <= italic
    assert {"b", "e"} <= upright and not {"b", "e"} & italic
    assert any(context.bold and context.italic and "g" in chars for context, chars in text.by_context.items())


def test_running_head_cuts_long_titles_at_a_word_with_an_ellipsis() -> None:
    assert running_head("Weekly  digest") == "Weekly digest"
    cut = running_head("word " * 40, columns=30)
    assert cut == "word word word word word…" and display_width(cut) <= 30
    cjk = running_head("人工智能" * 30, columns=30)
    assert cjk == "人工智能" * 3 + "人工…" and display_width(cjk) <= 30
    assert running_head("甲" * 15, columns=30) == "甲" * 15


def test_running_head_never_cuts_a_letter_from_its_marks() -> None:
    import unicodedata

    title = "ข่าวเทคโนโลยีประจำสัปดาห์ที่สำคัญมาก" * 3  # Thai: no spaces, many vowel and tone marks
    for columns in range(10, 40):
        cut = running_head(title, columns=columns).removesuffix("…")
        assert title.startswith(cut)
        assert not unicodedata.category(title[len(cut)]).startswith("M"), (columns, cut)
        assert sum(not unicodedata.category(char).startswith("M") for char in cut) < columns


def test_running_head_never_ends_on_a_virama() -> None:
    import unicodedata

    title = "कक्षा" * 20  # a conjunct in every word: क + ् + ष
    for columns in range(8, 30):
        cut = running_head(title, columns=columns).removesuffix("…")
        assert unicodedata.combining(cut[-1]) != 9, (columns, cut)
