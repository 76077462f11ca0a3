"""The reader recognises every part of the digest format, by shape, in every variation."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import lxml.html
import pytest

import digestpub
from digestpub.errors import UsageError
from digestpub.language import chinese_script
from digestpub.model import (
    Code,
    CodeBlock,
    Image,
    Item,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Table,
    Text,
    plain,
)

from .conftest import FIXTURES


def parse(name: str) -> digestpub.Digest:
    return digestpub.parse_file(FIXTURES / name)


def test_chinese_digest_parts() -> None:
    digest = parse("zh-basic.md")
    assert plain(digest.title) == "科技周报"
    assert (digest.date_start, digest.date_end) == (dt.date(2026, 1, 5), dt.date(2026, 1, 11))
    assert digest.language == "zh-Hans"
    assert digest.kind == "digest"
    assert plain(digest.highlights_title) == "⚡ 本期速览"
    assert [h.category for h in digest.highlights] == ["芯片", "开源", "机器人", None, "政策"]
    first = digest.highlights[0]
    assert plain(first.title) == "晨光半导体发布第三代推理芯片 Lumen-3"
    assert plain(first.summary).startswith("晨光半导体推出面向数据中心")
    # The full-width colon variant splits the same way.
    assert plain(digest.highlights[1].title) == "青藤实验室开源多语言语音模型 Tingwu"
    assert [(s.number, plain(s.title), len(s.items)) for s in digest.sections] == [
        (1, "算力与芯片", 1),
        (2, "模型与算法", 2),
        (3, "机器人", 1),
    ]


def test_item_parts() -> None:
    item = parse("zh-basic.md").sections[0].items[0]
    assert plain(item.title) == "晨光发布 Lumen-3 推理芯片"
    assert item.source_url == "https://example.com/news/lumen-3"
    assert item.source_label == "阅读原文"
    assert item.date == dt.date(2026, 1, 6)
    assert item.summary_label == "概要"
    # The label is not part of the text; a line break between CJK characters is not a space.
    assert (
        plain(item.summary)
        == "晨光半导体发布第三代推理芯片 Lumen-3，采用 5 纳米工艺，单卡推理吞吐量较上一代提升 2.1 倍，功耗下降 35%。"
    )
    assert item.details_label == "💡内容详解"
    assert [plain(p.label) for p in item.details] == ["架构升级", "生态适配"]
    inline, next_line = item.details[0].children
    assert (plain(inline.label), plain(inline.text)) == (
        "存算一体",
        "片上缓存扩大到 256MB，减少了访问外部显存的次数。",
    )
    # Text on the next, indented line belongs to the label above it.
    assert (plain(next_line.label), plain(next_line.text)) == (
        "稀疏加速",
        "针对稀疏注意力设计了专用单元，长上下文推理时延下降约 40%。",
    )
    assert [(plain(link.label), link.url) for link in item.links] == [
        ("技术白皮书", "https://example.com/lumen-3/whitepaper.pdf"),
        ("性能报告", "https://example.com/lumen-3/bench"),
    ]
    assert item.body == ()


def test_item_without_source_has_related_link_only() -> None:
    item = parse("zh-basic.md").sections[1].items[1]
    assert item.source_url is None and item.date is None
    assert [(plain(link.label), link.url) for link in item.links] == [
        ("相关论文", "https://doi.org/10.1000/fengyun.2026")
    ]


def test_further_reading_groups() -> None:
    digest = parse("zh-basic.md")
    assert plain(digest.further_reading_title) == "拓展阅读"
    assert [plain(g.title) for g in digest.further_reading] == ["行业报告", "工具"]
    first = digest.further_reading[0].links[0]
    assert (plain(first.label), first.url, plain(first.note)) == (
        "2026 年算力市场展望",
        "https://example.com/reports/compute-2026",
        "报告",
    )


def test_english_labels_and_unnumbered_sections() -> None:
    digest = parse("en-digest.md")
    assert plain(digest.title) == "The Weekly Signal"
    assert (digest.date_start, digest.date_end) == (dt.date(2026, 1, 5), dt.date(2026, 1, 11))
    assert digest.language == "en"
    assert [(s.number, plain(s.title)) for s in digest.sections] == [
        (None, "AI Infrastructure"),
        (None, "Models"),
    ]
    first, second = digest.items
    assert (first.source_label, first.summary_label, first.details_label) == (
        "Read the original",
        "Summary",
        "Details",
    )
    assert plain(first.summary) == (
        "Dawnlight's third-generation inference chip doubles energy efficiency and cuts latency for long-context workloads."
    )
    assert second.summary_label == "TL;DR"
    assert second.details_label == "What's inside"
    assert [plain(link.label) for link in second.links] == ["Paper", "Code"]
    assert [plain(g.title) for g in digest.further_reading] == ["Reports"]
    assert [h.item_id for h in digest.highlights] == [first.id, second.id]


def test_traditional_chinese_labels_tabs_and_fullwidth_dates() -> None:
    digest = parse("zh-hant.md")
    assert digest.language == "zh-Hant"
    assert (digest.date_start, digest.date_end) == (dt.date(2026, 1, 5), dt.date(2026, 1, 11))
    assert [(s.number, plain(s.title)) for s in digest.sections] == [(1, "運算與晶片"), (2, "模型與演算法")]
    item = digest.sections[0].items[0]
    assert (item.source_label, item.summary_label, item.details_label) == ("閱讀原文", "摘要", "💡內容詳解")
    # The nested entry is indented with a tab.
    assert [plain(child.label) for child in item.details[0].children] == ["記憶體內運算"]
    assert plain(digest.further_reading_title) == "延伸閱讀"


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda text: "\ufeff" + text, id="bom"),
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda text: text.replace("\n    - ", "\n\t- "), id="tabs"),
        pytest.param(
            lambda text: "\ufeff" + text.replace("\n", "\r\n").replace("\r\n    - ", "\r\n\t- "), id="all"
        ),
    ],
)
def test_encoding_variations_give_the_same_model(transform, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original = (FIXTURES / "zh-basic.md").read_text(encoding="utf-8")
    variant = tmp_path / "zh-basic.md"
    variant.write_bytes(transform(original).encode("utf-8"))
    expected = digestpub.to_json(parse("zh-basic.md"))
    actual = digestpub.to_json(digestpub.parse_file(variant))
    expected["source_name"] = actual["source_name"] = ""
    assert actual == expected


def test_trailing_spaces_keep_the_structure(tmp_path) -> None:  # type: ignore[no-untyped-def]
    original = (FIXTURES / "zh-basic.md").read_text(encoding="utf-8")
    variant = tmp_path / "spaces.md"
    variant.write_text(original.replace("\n", "   \n"), encoding="utf-8")
    digest = digestpub.parse_file(variant)
    assert [len(s.items) for s in digest.sections] == [1, 2, 1]
    assert len(digest.highlights) == 5
    assert digest.sections[0].items[0].source_url == "https://example.com/news/lumen-3"


def test_missing_parts_are_tolerated_and_nothing_is_dropped() -> None:
    digest = parse("missing-parts.md")
    assert plain(digest.title) == "missing-parts"  # no title line: the file name
    assert digest.date_start is None and digest.date_end is None
    empty, broken = digest.sections
    assert (empty.number, empty.items) == (1, ())
    title_only, summary_only, details_only, two_links = broken.items
    assert (title_only.summary, title_only.details, title_only.source_url) == ((), (), None)
    assert plain(summary_only.summary) == "只有概要，没有来源、没有详解。"
    assert details_only.details_label == "要点"
    assert [(plain(p.label), plain(p.text)) for p in details_only.details] == [
        ("", "没有加粗标签的要点"),
        ("带标签", "和正文"),
    ]
    # Two links on one line: the first is the source, the second a related link.
    assert two_links.source_url == "https://example.com/one"
    assert [link.url for link in two_links.links] == ["https://example.com/two"]
    # Unrecognised content stays, in order, as the item's body.
    assert isinstance(two_links.body[0], Paragraph)
    assert plain(two_links.body[0]) == "一段未被识别的普通文字，应当保留。"
    assert isinstance(two_links.body[1], Table)
    # An overview entry with no matching item links nowhere; the other finds its item.
    unmatched, matched = digest.highlights
    assert unmatched.item_id is None
    assert matched.item_id == title_only.id


def test_plain_document() -> None:
    digest = parse("plain-note.md")
    assert digest.kind == "document"
    assert digest.highlights == () and digest.further_reading == ()
    assert plain(digest.preamble) == "Meeting notes for the platform team."
    assert [plain(s.title) for s in digest.sections] == ["Agenda", "Decisions"]
    assert (
        plain(digest.sections[1].blocks)
        == "We will ship on Thursday. The rollback plan is documented in the wiki."
    )


def test_plain_document_with_bold_labelled_list_is_not_a_digest() -> None:
    digest = digestpub.parse("# Notes\n\n## Features\n\n- **Fast**: it is quick\n- **Small**: it is tiny\n")
    assert digest.kind == "document"
    assert digest.highlights == ()
    assert plain(digest.sections[0].title) == "Features"
    assert "Fast" in plain(digest.sections[0].blocks)


def test_mixed_cjk_languages_are_marked() -> None:
    digest = parse("mixed-cjk.md")
    assert digest.language == "zh-Hans"
    assert digest.date_start == digest.date_end == dt.date(2026, 2, 2)
    japanese = digest.items[0]
    runs = [node for node in japanese.summary[0].children if isinstance(node, Text)]  # type: ignore[union-attr]
    assert ("日本語の理解力が大幅に向上しました", "ja") in [(run.text, run.lang) for run in runs]
    korean = digest.items[1]
    korean_runs = [(n.text, n.lang) for n in korean.summary[0].children if isinstance(n, Text)]  # type: ignore[union-attr]
    assert ("이 데이터셋은 연구자들에게 무료로 제공됩니다.", "ko") in korean_runs
    # Characters outside the BMP and emoji sequences survive untouched.
    rare = plain(japanese.details[1].children[0].text)
    for text in ("𠮷野家", "𨋢", "𰻞𰻞面", "👨\u200d👩\u200d👧", "🏳️\u200d🌈", "1️⃣", "👍🏽"):
        assert text in rare


def test_forced_language() -> None:
    digest = digestpub.parse_file(FIXTURES / "zh-basic.md", language="zh-Hant")
    assert digest.language == "zh-Hant"


def test_hostile_markup_is_data() -> None:
    digest = parse("hostile.md")
    assert plain(digest.title) == 'Hostile <script>alert("title")</script> digest'
    item = digest.items[0]
    # A javascript: source line is not a link, so it is no source either: it stays as text.
    assert item.source_url is None
    links = _all_links(digest)
    assert {link.url for link in links} == {
        "https://example.com/ok?a=1&b=2",
        "mailto:editor@example.com",
    }
    text = plain(item.summary) + plain(item.body)
    assert "<img src=x onerror=alert(1)>" in text  # raw HTML kept as literal text
    assert "data link" in text and "vb" in text  # unsafe links keep their words
    assert "editorial note" not in digestpub.to_json(digest).__repr__()
    assert "inline comment" not in plain(item.body)
    code = [block for block in item.body if isinstance(block, CodeBlock)]
    assert code and code[0].language == "html" and "<script>" in code[0].code


def test_cjk_bold_next_to_fullwidth_punctuation() -> None:
    digest = parse("hostile.md")
    paragraph = next(b for b in digest.items[0].body if isinstance(b, Paragraph) and "引号" in plain(b))
    strong = [plain(node) for node in paragraph.children if isinstance(node, Strong)]
    assert strong == ["“引号”", "概要："]
    assert "**" not in plain(paragraph)


def test_unpaired_stars_stay_literal() -> None:
    digest = digestpub.parse("# T\n\n一个**孤立的星号和 5 ** 3 的算式\n")
    assert plain(digest.preamble) == "一个**孤立的星号和 5 ** 3 的算式"


def test_images_and_inline_code() -> None:
    digest = digestpub.parse("# T\n\n![chart](https://example.com/c.png) `code` ![bad](javascript:x)\n")
    nodes = digest.preamble[0].children  # type: ignore[union-attr]
    assert isinstance(nodes[0], Image) and nodes[0].url == "https://example.com/c.png"
    assert any(isinstance(node, Code) for node in nodes)
    assert not any(isinstance(node, Image) and "javascript" in node.url for node in nodes)


def test_items_without_sections() -> None:
    digest = digestpub.parse("# Daily\n\n### **First**\n\n> **Summary**: one\n\n### Second\n\ntext\n")
    assert len(digest.sections) == 1 and digest.sections[0].title == ()
    assert [plain(item.title) for item in digest.items] == ["First", "Second"]


def test_front_matter() -> None:
    digest = digestpub.parse("---\ntitle: From front matter\ndate: 2026-03-04\n---\n\nBody text.\n")
    assert plain(digest.title) == "From front matter"
    assert digest.date_start == dt.date(2026, 3, 4)
    assert plain(digest.preamble) == "Body text."
    listed = digestpub.parse("---\ntitle: T\ntags:\n- ai\n- chips\n---\n\nBody.\n")
    assert listed.meta["tags"] == "ai, chips" and plain(listed.title) == "T"
    yaml = "---\ntitle: T\n作者: 张三\nlast updated: now\nauthor:\n  name: A\ndescription: >\n  long\n# a comment\n---\n"
    assert plain(digestpub.parse(yaml + "\nBody.\n").title) == "T"


def test_rules_around_content_are_not_front_matter() -> None:
    """``---``, a ``Date:`` line, then the title and text before another ``---``: not front matter
    (the title, the introduction and the overview vanished with it)."""
    digest = digestpub.parse(
        "---\nDate: 2026-01-05\n\n# Weekly AI (2026-01-05)\n\nIntro paragraph that matters.\n\n---\n\n"
        "## 1. S\n\n### Item\n\n> **Summary**: s.\n"
    )
    assert plain(digest.title) == "Weekly AI" and "Intro paragraph that matters." in plain(digest.preamble)
    assert "Date: 2026-01-05" in plain(digest.preamble)
    ruled = digestpub.parse(
        "---\nEditor: Bob\n\n# Weekly (2026-01-05)\n\n- **[Models]** **New model**: out.\n\n---\n\n"
        "## 1. Models\n\n### New model\n\n> **Summary**: out.\n"
    )
    assert (
        plain(ruled.title) == "Weekly"
        and len(ruled.highlights) == 1
        and "Editor: Bob" in plain(ruled.preamble)
    )
    titled = digestpub.parse("---\nauthor: Bob\n# AI 速报 (2026-01-05)\n---\n\nBody.\n")
    assert (
        plain(titled.title) == "AI 速报" and str(titled.date_start) == "2026-01-05"
    )  # a dated title, no comment
    chinese = digestpub.parse("---\n作者: 张三\ncover image: c.png\n---\n\n# 周报 (2026-01-05)\n\n正文。\n")
    assert chinese.meta == {"作者": "张三", "cover image": "c.png"} and plain(chinese.title) == "周报"


def test_ids_are_stable_and_unique() -> None:
    digest = parse("zh-basic.md")
    ids = [item.id for item in digest.items]
    assert len(set(ids)) == len(ids)
    # Moving an item to another section, or editing its summary, keeps its id.
    text = (FIXTURES / "zh-basic.md").read_text(encoding="utf-8")
    edited = text.replace("功耗下降 35%", "功耗下降 36%").replace("## 3. 机器人", "## 3. 机器人与自动化")
    assert [item.id for item in digestpub.parse(edited).items] == ids
    duplicated = digestpub.parse("# T\n\n## 1. A\n\n### Same\n\n### Same\n")
    first, second = (item.id for item in duplicated.items)
    assert first != second and second == first + "-2"


def _all_links(digest: digestpub.Digest) -> list[Link]:
    found: list[Link] = []

    def walk(value: object) -> None:
        if isinstance(value, Link):
            found.append(value)
        if isinstance(value, tuple):
            for element in value:
                walk(element)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:  # type: ignore[attr-defined]
                walk(getattr(value, name))

    walk(digest)
    return found


def test_shape_variants() -> None:
    """Label, numbering and link variants real digests use (tests/fixtures/variants.md)."""
    digest = parse("variants.md")
    assert plain(digest.title) == "Signal Weekly — Week 3"
    assert (digest.date_start, digest.date_end) == (dt.date(2026, 1, 12), dt.date(2026, 1, 18))
    # The overview is found after an editor's note; category inside the bold; headline as a link.
    chips, models, policy = digest.highlights
    assert (chips.category, plain(chips.title), plain(chips.summary)) == (
        "Chips",
        "Foundry doubles output",
        "The second line opened early.",
    )
    assert (models.category, plain(models.title), models.url) == (
        "Models",
        "Open model tops leaderboard",
        "https://example.org/board",
    )
    assert "https://example.org/cve-2026-0042" in digestpub.to_json(digest).__repr__()  # nested link kept
    assert policy.item_id is None
    note, first, second, release = digest.sections
    assert plain(note.blocks) == "A quieter week: three stories and a correction."
    assert [(s.number, s.number_label) for s in (first, second, release)] == [
        (1, "1."),
        (2, "二、"),
        (None, ""),
    ]
    assert plain(release.title) == "1.5 Release notes"
    foundry = first.items[0]
    assert (foundry.source_url, foundry.date) == ("https://example.org/foundry", dt.date(2026, 1, 13))
    assert (foundry.summary_label, plain(foundry.summary)) == (
        "Summary",
        "The second production line opened two months early.",
    )
    assert foundry.details_label == "Key points"
    assert [(plain(p.label), plain(p.text)) for p in foundry.details] == [
        ("", "Mistral is not a label here, just a bold word."),
        ("Capacity", "doubled."),
    ]
    board = second.items[0]
    assert (board.source_url, board.source_label, board.date) == (
        "https://example.org/register",
        "The Register",
        dt.date(2026, 1, 14),
    )
    assert (board.summary_label, board.details_label) == ("TL;DR", "What changed")
    assert [(plain(p.label), plain(p.text)) for p in board.details] == [
        ("Training", "Longer runs on cleaner data.")
    ]
    assert release.items[0].summary_label == "Why it matters for builders"
    (papers,) = digest.further_reading
    assert [(plain(r.label), r.url, plain(r.note)) for r in papers.links] == [
        ("Scaling survey", "https://example.org/p1", "survey | code"),
        ("Follow-up", "https://example.org/p2", "nested entry"),
    ]
    assert [n.url for n in papers.links[0].note if isinstance(n, Link)] == ["https://example.org/p1-code"]


def test_chinese_digest_quoting_japanese_stays_chinese() -> None:
    text = (
        "# 日本观察\n\n## 1. 模型\n\n### 日本发布国产大模型\n\n> **概要**：东京研究机构发布新模型。\n\n"
        "- **官方声明**：「本モデルは日本語の敬語表現に強く、商用利用も可能です。」\n"
        "- **开发者评价**：「日本語の長文読解で、これまでのモデルを大きく上回りました。」\n"
    )
    assert digestpub.parse(text).language == "zh-Hans"


@pytest.mark.parametrize(
    ("title", "expected_title", "start", "end"),
    [
        ("Weekly 2026-01-05 — 12 stories", "Weekly 2026-01-05 — 12 stories", "2026-01-05", "2026-01-05"),
        ("Weekly (Dec 29 – Jan 4, 2026)", "Weekly", "2025-12-29", "2026-01-04"),
        ("Weekly (5–11 January 2026)", "Weekly", "2026-01-05", "2026-01-11"),
        ("Weekly (01/05/2026 - 01/11/2026)", "Weekly", "2026-01-05", "2026-01-11"),
        ("AI 주간 (2026년 1월 5일 ~ 1월 11일)", "AI 주간", "2026-01-05", "2026-01-11"),
        ("Weekly (Mon 5 Jan 2026)", "Weekly", "2026-01-05", "2026-01-05"),
        ("Weekly (2026-01-11 to 2026-01-05)", "Weekly", "2026-01-05", "2026-01-11"),
        ("周报 2026年1月5日—1月11日", "周报", "2026-01-05", "2026-01-11"),
        ("Weekly — Week 2, 2026", "Weekly — Week 2, 2026", None, None),
        ("The **AI** Weekly (January 5–11, 2026)", "The AI Weekly", "2026-01-05", "2026-01-11"),
        ("`c2` notes 2026-01-05", "c2 notes", "2026-01-05", "2026-01-05"),
        ("Weekly – 2026-01-05 – **Edition**", "Weekly Edition", "2026-01-05", "2026-01-05"),
    ],
)
def test_title_dates(title: str, expected_title: str, start: str | None, end: str | None) -> None:
    digest = digestpub.parse(f"# {title}\n\nText.\n")
    assert plain(digest.title) == expected_title
    assert (
        digest.date_start and digest.date_start.isoformat(),
        digest.date_end and digest.date_end.isoformat(),
    ) == (start, end)


def test_unclosed_comment_keeps_the_rest() -> None:
    digest = digestpub.parse(
        "# T\n\n## 1. A\n\n### One\n\nText <!-- never closed\n\n## 2. B\n\n### Two\n\nMore.\n"
    )
    assert [plain(item.title) for item in digest.items] == ["One", "Two"]
    assert "never closed" in plain(digest.items[0].body)


def test_long_cjk_paragraph_is_read() -> None:
    paragraph = "这是一个很长的段落，用来测试读取速度。" * 4000
    digest = digestpub.parse(f"# 长文\n\n{paragraph}\n")
    assert plain(digest.preamble) == paragraph


def test_entity_references_are_decoded_like_commonmark() -> None:
    digest = digestpub.parse(
        "# T\n\n## 1. S\n\n### AT&amp;T &amp; more\n\n"
        "> **Summary**: caf&eacute; 5 &lt; 6 &#x4e2d;&#25991; &copy; &notanentity; a & b \\&amp; `&amp;` &lt;b&gt;\n"
    )
    assert plain(digest.items[0].title) == "AT&T & more"
    summary = digest.items[0].summary
    assert plain(summary) == "café 5 < 6 中文 © &notanentity; a & b &amp; &amp; <b>"
    assert Code("&amp;") in summary[0].children  # code spans keep what was written
    html = digestpub.export(digest, "html").decode()
    assert "&lt;b&gt;" in html and "<b>" not in html  # decoded text is still text, escaped again


@pytest.mark.parametrize(
    ("line", "name", "date"),
    [
        ("Source: Reuters · 2026-01-06", "Reuters", "2026-01-06"),
        ("**来源：** 新华社 2026-01-06", "新华社", "2026-01-06"),
        ("[Read the original](javascript:alert(1))  `[2026-01-06]`", "Read the original", "2026-01-06"),
        ("2026-01-06 发布的报告显示，芯片的性能提升了两倍。", "", None),  # a sentence, not a source line
        ("Updated on 2026-01-06.", "", None),
    ],
)
def test_source_line_without_a_usable_link(line: str, name: str, date: str | None) -> None:
    digest = digestpub.parse(f"# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n{line}\n\n> **Summary**: s.\n")
    item = digest.items[0]
    assert (item.source_url, item.source_label, item.date and item.date.isoformat()) == (None, name, date)
    assert bool(item.body) == (date is None)  # what is not a source line stays in the item
    page = digestpub.export(digest, "html").decode()
    assert not name or f'<span class="source">{name}</span>' in page


def test_decomposed_letters_are_composed_but_cjk_compatibility_ideographs_stay() -> None:
    """A letter typed as base + combining marks extracted from the PDF as "luyêện"; NFC makes it
    one character. NFC would also turn U+F900 into U+8C48 (another character to the author): not."""
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### luye\u0302\u0323n \u8c48\uf900\n\n> Tie\u0302\u0301ng.\n"
    )
    title = plain(digest.sections[0].items[0].title)
    assert title == "luy\u1ec7n \u8c48\uf900"


def test_text_written_before_the_details_stays_before_them() -> None:
    """A paragraph between the summary and the details (an introduction to them) is the item's
    intro: every writer puts it before the details, as the author wrote it."""
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n> **Summary**: first.\n\n"
        "An introduction to the points below.\n\n**Details**\n\n- **Point**: text\n\nA closing remark.\n"
    )
    item = digest.sections[0].items[0]
    assert plain(item.intro) == "An introduction to the points below."
    assert plain(item.body) == "A closing remark." and len(item.details) == 1
    page = digestpub.export(digest, "html").decode()
    order = [page.index(text) for text in ("first.", "An introduction", "Point", "A closing remark")]
    assert order == sorted(order)
    assert digestpub.from_json(digestpub.to_json(digest)) == digest


def test_text_written_after_the_related_links_stays_after_them() -> None:
    """An editor's note after the item's related links is its outro: read after the links, as
    written (it was shown before them); text between details and links stays before the links."""
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n[Source](https://example.com/s)\n\n"
        "> **Summary**: first.\n\n**Details**\n\n- **Point**: text\n\nBetween details and links.\n\n"
        "[Paper](https://example.com/paper) | [Code](https://example.com/code)\n\n"
        "> Editor's note: after the links.\n\nAnd a last word.\n"
    )
    item = digest.sections[0].items[0]
    assert [link.url for link in item.links] == ["https://example.com/paper", "https://example.com/code"]
    assert plain(item.body) == "Between details and links."
    assert plain(item.outro).startswith("Editor's note: after the links.") and "a last word" in plain(
        item.outro
    )
    page = digestpub.export(digest, "html").decode()
    order = [
        page.index(part) for part in ("Point", "Between details", "Paper", "Editor&#39;s note", "last word")
    ]
    assert order == sorted(order), order
    assert digestpub.from_json(digestpub.to_json(digest)) == digest


@pytest.mark.parametrize(
    ("shape", "links_first"),
    [
        (
            "**Details**\n\n- **Point**: text\n\n[Paper](https://example.com/p)\n\nNote on the paper.\n\n"
            "[Code](https://example.com/c)\n\nNote on the code.\n",
            False,
        ),
        (
            "[Paper](https://example.com/p)\n\nNote on the paper.\n\n**Details**\n\n- **Point**: text\n\n"
            "Closing.\n",
            True,
        ),
        ("[Paper](https://example.com/p)\n\n> Quote after it.\n\n[Code](https://example.com/c)\n", False),
    ],
)
def test_every_part_of_an_item_is_read_in_the_order_it_was_written(shape: str, links_first: bool) -> None:
    """Notes between link lines, links before the details, a quote between links: whatever the
    shape, the first run of link lines is the related links, the page reads in the order of the
    writing, and nothing is lost or repeated."""
    digest = digestpub.parse(f"# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n> **Summary**: first.\n\n{shape}")
    item = digest.items[0]
    assert [link.url for link in item.links] == ["https://example.com/p"] and item.links_first == links_first
    # The parts, in the order they were written:
    markers = re.findall(r"Paper|Code|Note on the \w+|Point|Closing|Quote after it", shape)
    text = lxml.html.document_fromstring(digestpub.export(digest, "html")).find(".//article").text_content()
    assert [text.count(marker) for marker in markers] == [1] * len(markers), text
    positions = [text.index(marker) for marker in markers]
    assert positions == sorted(positions), (markers, text)
    assert digestpub.from_json(digestpub.to_json(digest)) == digest


def test_a_line_of_related_links_before_the_summary_leaves_it_a_summary() -> None:
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n[Source](https://example.com/s)\n\n"
        "[Paper](https://example.com/p)\n\n> **TL;DR** the gist.\n"
    )
    item = digest.items[0]
    assert plain(item.summary) == "the gist." and [link.label[0].text for link in item.links] == ["Paper"]


def test_a_labelled_quote_after_other_text_is_a_summary_only_if_labelled_as_one() -> None:
    """``> **Sam Altman**: …`` after the sentence that introduces it stays a quote, where it was
    written; ``> **Summary**: …`` there is still the item's summary."""
    quote = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n[Source](https://example.com/s)\n\n"
        "At the keynote the CEO said:\n\n> **Sam Altman**: we will ship it.\n"
    ).items[0]
    assert (
        not quote.summary
        and "Sam Altman" in plain(quote.body)
        and plain(quote.body).startswith("At the keynote")
    )
    summary = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\nA first line.\n\n> **Summary**: the gist.\n"
    ).items[0]
    assert plain(summary.summary) == "the gist." and summary.summary_label == "Summary"


@pytest.mark.parametrize(
    "quote",
    [
        "> **Sam Altman**: we will ship more.",  # after the details
        "> Dario Amodei: we think so.",
        "> 岸田首相：「そうです」",
        "> Q: Is it open source?\n> A: No.",
        "> 10:30 AM: the keynote started.",
    ],
)
def test_a_quoted_person_is_not_taken_for_the_summary(quote: str) -> None:
    """A quote whose label is a person, a question or a time is a quote, where it was written;
    an unmarked label is a summary's only when it is a summary's word (``> Summary: …``)."""
    after_details = quote.startswith("> **")
    shape = f"**Details**\n\n- **A**: a\n\n{quote}\n" if after_details else f"{quote}\n\nMore text.\n"
    item = digestpub.parse(f"# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n{shape}").items[0]
    assert not item.summary and not item.summary_label
    shown = plain(item.body) if after_details else plain(item.intro) + plain(item.body)
    assert quote.split("\n")[0][2:].replace("**", "").split(":")[0].split("：")[0] in shown
    labelled = digestpub.parse("# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n> Summary: the gist.\n").items[0]
    assert labelled.summary_label == "Summary" and plain(labelled.summary) == "the gist."


def test_a_quote_after_the_details_is_not_taken_for_the_summary() -> None:
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\nA first paragraph.\n\n**Details**\n\n- **Point**: text\n\n"
        "> Note: a closing remark.\n"
    )
    item = digest.sections[0].items[0]
    assert not item.summary and plain(item.intro) == "A first paragraph."
    assert "a closing remark" in plain(item.body)


def test_runs_are_marked_once_inside_an_item_of_another_language() -> None:
    """A Korean item in an English digest: its hanja stay Korean (no zh-Hant span) and its Hangul
    is not wrapped again; a Persian digest's own text is not tagged Arabic."""
    digest = digestpub.parse(
        "# Weekly digest (2026-01-05)\n\n## 1. Section\n\n### An English item about the news\n\n"
        "> **Summary**: The model is available for developers and it has been released this week.\n\n"
        "### 한국 소식\n\n> **요약**: 韓國 정부는 새로운 인공지능 정책을 발표했습니다. 이 정책은 내년부터 시행됩니다.\n",
        language="en",
    )
    korean = digest.sections[0].items[1]
    assert korean.lang == "ko"
    langs = {node.lang for node in korean.summary[0].children if isinstance(node, Text)}
    assert langs == {None}, [(node.text, node.lang) for node in korean.summary[0].children]
    persian = digestpub.parse(
        "# خبرنامه (2026-01-05)\n\n## 1. بخش\n\n### خبر\n\n> **خلاصه**: این یک متن فارسی است.\n",
        language="fa",
    )
    assert {
        node.lang for node in persian.sections[0].items[0].summary[0].children if isinstance(node, Text)
    } == {None}


def test_a_point_whose_lists_are_of_two_kinds_keeps_both_as_written() -> None:
    """Bulleted notes then numbered steps under one details entry: each list keeps its kind and
    its place (they were merged into one list, the steps shown with neither number nor bullet)."""
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n> **Summary**: s.\n\n**Details**\n\n"
        "- **Setup**: what you need\n\n    - **Note**: a note\n\n    1. **Install**: first\n    2. **Run**: second\n"
        "- **Plain**: text\n\n  - **Sub**: one\n  - **Sub**: two\n"
    )
    setup, plain_point = digest.items[0].details
    assert not setup.children and [type(block).__name__ for block in setup.blocks] == [
        "ListBlock",
        "ListBlock",
    ]
    assert [block.ordered for block in setup.blocks if isinstance(block, ListBlock)] == [False, True]
    assert [plain(child.label) for child in plain_point.children] == ["Sub", "Sub"]
    page = lxml.html.document_fromstring(digestpub.export(digest, "html")).find(".//article")
    entry = page.find(".//ul[@class='points']/li")
    assert [child.tag for child in entry if child.tag in ("ul", "ol")] == ["ul", "ol"]
    assert "".join(entry.itertext()).index("Note") < "".join(entry.itertext()).index("Install")
    assert digestpub.from_json(digestpub.to_json(digest)) == digest


def test_tables_inside_a_list_entry_or_a_quote_are_tables() -> None:
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n> **Summary**: figures:\n>\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n\n"
        "**Details**\n\n- **Benchmarks**: scores\n\n  | model | score |\n  |---|--:|\n  | X | 91 |\n"
    )
    item = digest.items[0]
    assert any(isinstance(block, Table) for block in item.summary)
    assert any(isinstance(block, Table) for block in item.details[0].blocks)


@pytest.mark.parametrize(
    ("headline", "title", "summary"),
    [
        ("מודל שפה חדש שוחרר", "חברה משחררת מודל שפה חדש", "מודל השפה החדש מהיר פי שניים."),
        ("نموذج لغوي جديد", "شركة تطلق نموذجا لغويا جديدا", "النموذج اللغوي الجديد أسرع بمرتين."),
        ("Neues Sprachmodell für Übersetzungen", "Übersetzungen: neues Sprachmodell", "Schneller als zuvor."),
        ("โมเดลภาษาใหม่เปิดตัว", "บริษัทเปิดตัวโมเดลภาษาใหม่", "เร็วขึ้นสองเท่า"),
    ],
)
def test_overview_entries_find_their_items_in_any_script(headline: str, title: str, summary: str) -> None:
    """Overview entries were matched to items by Latin words and CJK pairs only: a Hebrew, Arabic,
    German (ü) or Thai entry linked to nothing (and so got neither link nor direction)."""
    digest = digestpub.parse(
        f"# T (2026-01-05)\n\n## Overview\n\n- **{headline}**: {summary}\n- **Chips get faster**: x\n\n"
        f"## 1. S\n\n### {title}\n\n> **Summary**: {summary}\n\n### Unrelated news about chips\n\n> **Summary**: x.\n"
    )
    assert digest.highlights[0].item_id == digest.items[0].id


ITEM_START = "# T (2026-01-05)\n\n## 1. S\n\n### Item\n\n"


def test_source_lines_keep_their_date_name_and_lead_in() -> None:
    """Nothing of a source line is lost: one written after the summary is still the source, with
    its date; a source named on its own line keeps that name; a lead-in that is not a source
    label, or a dated line that is not a source (a price, a sentence), stays text."""
    late = digestpub.parse(
        ITEM_START + "> **概要**：文字。\n\n[阅读原文](https://example.com/a)  `[2025-12-29]`\n"
    ).items[0]
    assert (late.source_url, late.source_label, str(late.date)) == (
        "https://example.com/a",
        "阅读原文",
        "2025-12-29",
    )
    named = digestpub.parse(
        ITEM_START + "来源：路透社 · 2026-01-06\n\n[阅读原文](https://reuters.com/x)\n\n> **概要**：文字。\n"
    ).items[0]
    assert (named.source_url, named.source_label, str(named.date)) == (
        "https://reuters.com/x",
        "路透社",
        "2026-01-06",
    )
    for line in (
        "关于该模型的论文：[arXiv](https://arxiv.org/abs/1)",
        "Launch date: 2026-01-06 · Price: $20/month",
        "Jan 6, 2026 — OpenAI launches GPT-6 with a new API",
        "2026年1月6日，OpenAI 发布了新模型",
        "截至 2026-01-05 下载量破百万",
        "Updated 2026-01-06",
        "Deadline 2026-03-01",
    ):
        item = digestpub.parse(ITEM_START + line + "\n\n> **Summary**: s.\n").items[0]
        kept = plain(item.intro) + plain(item.body) + plain(item.outro)
        assert not item.source_label and not item.date and line.split("[")[0].split(":")[0][:10] in kept, line
    source = digestpub.parse(
        ITEM_START + "**Source**: [Reuters](https://reuters.com/y)\n\n> **Summary**: s.\n"
    ).items[0]
    assert (source.source_url, source.source_label) == ("https://reuters.com/y", "Reuters")


def test_only_the_link_lists_that_end_the_digest_are_further_reading() -> None:
    """A part of links in the middle stays a section where it was written; two parts of links at
    the end are both further reading, the second one's heading kept as its group's title."""
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## Research\n\n### A study\n\n> **Summary**: s.\n\n"
        "## Links\n\n- [One](https://example.com/1)\n- [Two](https://example.com/2)\n\n"
        "## Products\n\n### A product\n\n[Read the original](https://example.com/o) `[2026-01-08]`\n\n> **Summary**: p.\n\n"
        "## Further reading\n\n- [Three](https://example.com/3)\n\n## Archive\n\n- [Four](https://example.com/4)\n"
    )
    assert [plain(section.title) for section in digest.sections] == ["Research", "Links", "Products"]
    assert plain(digest.further_reading_title) == "Further reading"
    assert [
        (plain(group.title), [plain(link.label) for link in group.links]) for group in digest.further_reading
    ] == [
        ("", ["Three"]),
        ("Archive", ["Four"]),
    ]
    grouped = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### A\n\n> **Summary**: s.\n\n## 拓展阅读\n\n- [One](https://e.com/1)\n\n"
        "## 工具推荐\n\n### [CLI]\n\n- [Two](https://e.com/2)\n"
    )
    assert [plain(group.title) for group in grouped.further_reading] == ["", "工具推荐", "CLI"]


@pytest.mark.parametrize("heading", ["## 本期速览\n\n", ""])
def test_a_note_after_the_overview_stays_after_it(heading: str) -> None:
    """An editor's note written under the overview's list is shown after the list (it was moved
    above the overview), whether the overview has a heading or sits under the title."""
    digest = digestpub.parse(
        f"# 周报 (2026-01-05)\n\n{heading}- **[模型]** **新模型发布**：性能提升。\n\n编者按：本期较短。\n\n"
        "## 1. 模型\n\n### 新模型发布\n\n> **概要**：性能提升。\n"
    )
    assert plain(digest.highlights_notes) == "编者按：本期较短。" and not digest.preamble
    page = digestpub.export(digest, "html").decode()
    assert page.index("新模型发布") < page.index("编者按") < page.index("1.</span>")
    assert digestpub.from_json(digestpub.to_json(digest)) == digest


def test_common_variations_of_the_overview_heading_and_the_source_line() -> None:
    """``### ⚡ 本期速览`` above the overview's list is its heading (it became an empty news item);
    ``🔗 [阅读原文](…) `[date]` `` and ``*[Read the original](…)* — date`` are source lines."""
    digest = digestpub.parse(
        "# 周报 (2026-01-05)\n\n### ⚡ 本期速览\n\n- **[模型]** **新模型发布**：性能提升。\n\n## 1. 模型\n\n"
        "### 新模型发布\n\n🔗 [阅读原文](https://example.com/d) `[2026-01-05]`\n\n> **概要**：性能提升。\n\n"
        "### 新芯片\n\n*[Read the original](https://example.com/f)* — 2026-01-06\n\n> **概要**：更快。\n"
    )
    assert plain(digest.highlights_title) == "⚡ 本期速览" and [
        plain(item.title) for item in digest.items
    ] == [
        "新模型发布",
        "新芯片",
    ]
    assert [(item.source_url, str(item.date)) for item in digest.items] == [
        ("https://example.com/d", "2026-01-05"),
        ("https://example.com/f", "2026-01-06"),
    ]


def test_further_reading_followed_by_a_closing_section_is_still_further_reading() -> None:
    digest = digestpub.parse(
        "# 周报 (2026-01-05)\n\n## 1. 模型\n\n### 新模型\n\n> **概要**：更快。\n\n"
        "## 拓展阅读\n\n### [论文]\n\n* [论文一](https://example.com/1) - 综述\n\n## 写在最后\n\n感谢阅读。\n"
    )
    assert plain(digest.further_reading_title) == "拓展阅读" and len(digest.further_reading) == 1
    assert [plain(section.title) for section in digest.sections] == ["模型", "写在最后"]
    assert digest.sections_after_reading == 1  # shown after the further reading, as written
    page = digestpub.export(digest, "html").decode()
    main = page[page.index("<main") :]
    assert main.index("论文一") < main.index("感谢阅读")
    assert digestpub.from_json(digestpub.to_json(digest)) == digest


@pytest.mark.parametrize(
    "line",
    [
        "文章来源：[新智元](https://example.com/s)（2026年1月5日）",
        "查看原文：[量子位](https://example.com/s)",
        "📰 来源：[量子位](https://example.com/s) · 2026-01-05",
        "Full story: [The Verge](https://example.com/s)",
        "From: [AI2](https://example.com/s)",
        "来源：[36氪](https://example.com/s) | 发布时间：2026-01-05",
        "Via [Hacker News](https://example.com/s)",
        "**Source** — [Reuters](https://example.com/s)",
        "原文 👉 [点此阅读](https://example.com/s)",
        "*Source: [The Verge](https://example.com/s), Feb 9, 2026*",  # in italics, whole
        "Published: January 5, 2026 · Source: [Caixin](https://example.com/s)",  # the date first
        "发布于 2026-01-05 · 来源：[新华社](https://example.com/s)",
        "**Source**: [Reuters](https://example.com/s) | **Date**: 2026-02-10",  # two labels
        "**来源**：[钉钉](https://example.com/s)｜**日期**：2026-01-05",
    ],
)
def test_source_lines_led_by_any_source_word(line: str) -> None:
    item = digestpub.parse(ITEM_START + line + "\n\n> **Summary**: s.\n").items[0]
    assert item.source_url == "https://example.com/s"
    assert ("2026" in line) == (item.date is not None) and not item.intro and not item.body


@pytest.mark.parametrize("line", ["TL;DR: the gist.", "**摘要**：the gist.", "📝 AI 摘要：the gist."])
def test_a_summary_written_without_the_quote(line: str) -> None:
    """As the item's first content (after its source line), a paragraph labelled as summaries are
    is the summary; after other text, or without a summary's word, it is text."""
    source = "[Read](https://example.com/s) `[2026-01-05]`\n\n"
    item = digestpub.parse(ITEM_START + source + line + "\n\nMore text.\n").items[0]
    assert plain(item.summary) == "the gist." and plain(item.body) == "More text."
    later = digestpub.parse(ITEM_START + "First the story.\n\n" + line + "\n").items[0]
    assert not item.intro and not later.summary and "the gist." in plain(later.body)
    other = digestpub.parse(ITEM_START + "Sam Altman: the gist.\n").items[0]
    assert not other.summary


@pytest.mark.parametrize(
    "line",
    [
        "Related: [Paper](https://example.com/p), [GitHub](https://example.com/g)",
        "相关链接：[Paper](https://example.com/p) [GitHub](https://example.com/g)",
        "**See also**: [Paper](https://example.com/p) · [GitHub](https://example.com/g)",
    ],
)
def test_related_links_under_a_label(line: str) -> None:
    """A line of links led by a label that says so is a line of related links (the label goes: the
    related links have their own); it is not the source, even at the item's start."""
    details = "> **Summary**: s.\n\n**Details**\n\n- **Point**: x\n\n"
    for text in (ITEM_START + details + line + "\n", ITEM_START + line + "\n\nThe story.\n"):
        item = digestpub.parse(text).items[0]
        assert [plain(link.label) for link in item.links] == ["Paper", "GitHub"], text
        assert item.source_url is None and "Paper" not in plain(item.body)
    code = digestpub.parse(ITEM_START + details + "Source code: [GitHub](https://example.com/g)\n").items[0]
    assert not code.links and "Source code" in plain(code.body)


def test_a_second_label_that_is_not_a_date_keeps_the_line_as_text() -> None:
    item = digestpub.parse(ITEM_START + "**来源**：[钉钉](https://example.com/s)｜**作者**：张三\n").items[0]
    assert item.source_url is None and "张三" in plain(item.body)


@pytest.mark.parametrize(
    "label", ["内容概要", "AI 摘要", "一句话概括", "📝 概要", "要点速览", "导语", "TL;DR"]
)
def test_summaries_labelled_with_any_summary_word(label: str) -> None:
    item = digestpub.parse(ITEM_START + f"> {label}：the gist.\n").items[0]
    assert plain(item.summary) == "the gist."


def test_dated_links_after_the_details() -> None:
    """After the details, "[阅读原文](…) `[date]`" is the source (its link says so) and a dated
    related link keeps its date as its note; an item's own list under its heading is no overview."""
    digest = digestpub.parse(
        "# T (2026-01-05)\n\n### One\n\n- **What**: a list of the item's own.\n\n### Two\n\n> **Summary**: s.\n\n"
        "**Details**\n\n- **Point**: x\n\n[阅读原文](https://example.com/a)  `[2026-01-06]`\n\n"
        "### Three\n\n> **Summary**: s.\n\n**Details**\n\n- **Point**: x\n\n"
        "[Paper](https://arxiv.org/abs/3) · 2025-12-20\n"
    )
    one, two, three = digest.items
    assert not digest.highlights and plain(one.title) == "One" and "a list of the item" in plain(one.body)
    assert (two.source_url, str(two.date), two.links) == ("https://example.com/a", "2026-01-06", ())
    assert three.source_url is None and [(plain(link.label), plain(link.note)) for link in three.links] == [
        ("Paper", "2025-12-20")
    ]


def test_late_source_lines_and_date_lines() -> None:
    """A line saying it is the source is the source wherever it is written, when there was none
    ("来源：[…](…) · date" after the details, "[阅读原文](…)" after the summary); "[Source code](…)"
    is a related link; "Date: …", "日期：…", "📅 …" give the item's date; "Reuters, date" names it."""

    def item(body: str) -> Item:
        return digestpub.parse(ITEM_START + body).items[0]

    late = item(
        "> **Summary**: s.\n\n**Details**\n\n- **A**: a\n\n来源：[机器之心](https://a.example/5) · 2026-01-05\n"
    )
    assert (late.source_url, late.source_label, str(late.date)) == (
        "https://a.example/5",
        "机器之心",
        "2026-01-05",
    )
    assert item("> **Summary**: s.\n\n[阅读原文](https://a.example/c)\n").source_url == "https://a.example/c"
    code = item("> **Summary**: s.\n\n**Details**\n\n- **A**: a\n\n[Source code](https://github.com/x)\n")
    assert code.source_url is None and [plain(link.label) for link in code.links] == ["Source code"]
    for line in ("Date: 2026-01-08", "日期：2026-01-08", "📅 2026-01-08"):
        dated = item(f"{line}\n\n> **TL;DR** s.\n")
        assert str(dated.date) == "2026-01-08" and plain(dated.summary) == "s." and not dated.body, line
    named = item("Reuters, 2026-01-06\n\n> **Summary**: s.\n")
    assert (named.source_label, str(named.date)) == ("Reuters", "2026-01-06")


@pytest.mark.parametrize(
    ("quote", "label"),
    [("> 💡 **概要**：要点。", "概要"), ("> Summary — the gist.", "Summary"), ("> 📝 概要：要点。", "概要")],
)
def test_summary_labels_after_an_emoji_or_before_a_dash(quote: str, label: str) -> None:
    item = digestpub.parse(ITEM_START + quote + "\n").items[0]
    assert item.summary_label == label and plain(item.summary) in ("要点。", "the gist.")


def test_what_is_not_a_source_line_stays_text_and_links() -> None:
    """From the review: "相关链接：" is no source label (the paper made the source): its links are
    related links; a source name on its own line is not joined to the next, unrelated link; a deadline
    is not the item's date; the link that says it is the source is chosen from a line of several;
    a date on its own line right after the source line is the item's date."""

    def item(body: str) -> Item:
        return digestpub.parse(ITEM_START + body).items[0]

    related = item(
        "相关链接：[论文](https://example.com/p) [代码](https://example.com/c)\n\n> **概要**：s。\n"
    )
    assert related.source_url is None and [plain(link.label) for link in related.links] == ["论文", "代码"]
    named = item("Reuters · 2026-01-06\n\n[Paper](https://arxiv.org/1) · 2025-12-20\n\n> **Summary**: s.\n")
    assert (named.source_label, named.source_url, str(named.date)) == ("Reuters", None, "2026-01-06")
    assert [plain(link.label) for link in named.links] == ["Paper"]
    deadline = item("Deadline: 2026-01-31\n\n> **Summary**: s.\n")
    assert deadline.date is None and "Deadline" in plain(deadline.intro) + plain(deadline.body)
    chosen = item(
        "[Paper](https://arxiv.org/3) [阅读原文](https://example.com/3) · 2026-01-02\n\n> **Summary**: s.\n"
    )
    assert (chosen.source_url, [plain(link.label) for link in chosen.links]) == (
        "https://example.com/3",
        ["Paper"],
    )
    dated = item("[阅读原文](https://example.com/a)\n\n`[2026-01-05]`\n\n> **概要**：x\n")
    assert str(dated.date) == "2026-01-05" and not dated.body


def test_overview_headings_are_short_and_may_have_an_introduction() -> None:
    headline = digestpub.parse(
        "# T (2026-01-05)\n\n### 今日 OpenAI 发布新模型\n\n**💡内容详解**\n\n- **参数**：100B\n- **价格**：免费\n\n"
        "## 1. S\n\n### B\n\n> **概要**：x\n"
    )
    assert not headline.highlights and len(headline.items[0].details) == 2
    introduced = digestpub.parse(
        "# T (2026-01-05)\n\n### ⚡ 本期速览\n\n编者按：本期内容如下。\n\n- **[模型]** **A**: one\n- **[芯片]** **B**: two\n\n"
        "## 1. S\n\n### A\n\n> **概要**：x\n"
    )
    assert plain(introduced.highlights_title) == "⚡ 本期速览" and [
        plain(i.title) for i in introduced.items
    ] == ["A"]
    assert "编者按" in plain(introduced.preamble)


def test_dates_written_after_secondary_links_are_their_notes() -> None:
    """On a source line, and in further reading, a date written after a link stays with it."""
    digest = digestpub.parse(
        ITEM_START
        + "[阅读原文](https://example.com/a) `[2026-01-05]` · [Paper](https://arxiv.org/1) 2025-12-20\n\n"
        "> **Summary**: s.\n\n## Further reading\n\n[Report](https://example.com/r) · 2025-11-11\n"
    )
    item = digest.items[0]
    assert str(item.date) == "2026-01-05"
    assert [(plain(link.label), plain(link.note)) for link in item.links] == [("Paper", "2025-12-20")]
    reading = [
        (plain(link.label), plain(link.note)) for group in digest.further_reading for link in group.links
    ]
    assert reading == [("Report", "2025-11-11")]


def test_last_round_source_dates_yaml_lists_closing_notes_and_numbered_headlines() -> None:
    """The date of a source line with several links is the item's, not also its last link's note;
    an indented YAML list entry after a blank line is kept; a further-reading part ending with a
    closing line is still further reading (the line kept after the links); "Llama 5 released"
    finds its item (numbers tell news apart)."""
    source = digestpub.parse(
        ITEM_START + "[Read more](https://a.example) · [Model card](https://b.example)  `[2026-01-27]`\n\n"
        "> **Summary**: s.\n"
    ).items[0]
    assert str(source.date) == "2026-01-27" and [plain(link.note) for link in source.links] == [""]
    assert digestpub.parse("---\ntags:\n  - ai\n\n  - chips\n---\n\nBody.\n").meta["tags"] == "ai, chips"
    closing = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### A\n\n> **Summary**: s.\n\n## Further reading\n\n### [Research]\n\n"
        "* [P](https://p.example) - note\n\n---\n\nThanks for reading.\n"
    )
    assert [plain(link.label) for group in closing.further_reading for link in group.links] == ["P"]
    assert "Thanks for reading." in plain(closing.further_reading[-1].blocks)
    numbered = digestpub.parse(
        "# T (2026-01-05)\n\n## Overview\n\n- **[M]** **Llama 5 released**: 3 sizes\n\n## 1. S\n\n"
        "### Llama 5 released\n\n> **Summary**: x\n"
    )
    assert numbered.highlights[0].item_id == numbered.items[0].id


def test_overview_grouped_under_headings() -> None:
    """``## ⚡ 本期速览`` with its entries under ``### 模型`` and ``### 芯片``: one overview, each group's
    heading its entries' category (they were read as a section of two fake items); a part whose
    groups are not all overview lists stays a section."""
    news = "## 1. 模型\n\n### GPT-6 发布\n\n> **概要**：新模型。\n\n## 2. 芯片\n\n### Lumen-3 芯片\n\n> **概要**：新芯片。\n"
    overview = "## ⚡ 本期速览\n\n### 模型\n\n- **GPT-6 发布**：新模型。\n\n### 芯片\n\n- **Lumen-3 芯片**：新芯片。\n\n"
    digest = digestpub.parse("# 日报 (2026-01-05)\n\n" + overview + news)
    assert plain(digest.highlights_title) == "⚡ 本期速览"
    assert [(entry.category, plain(entry.title)) for entry in digest.highlights] == [
        ("模型", "GPT-6 发布"),
        ("芯片", "Lumen-3 芯片"),
    ]
    assert [entry.item_id for entry in digest.highlights] == [item.id for item in digest.items]
    assert [plain(section.title) for section in digest.sections] == ["模型", "芯片"]
    mixed = overview.replace("- **Lumen-3 芯片**：新芯片。", "Lumen-3 是一款芯片。")
    digest = digestpub.parse("# 日报 (2026-01-05)\n\n" + mixed + news)
    assert not digest.highlights and plain(digest.sections[0].title) == "⚡ 本期速览"


def test_what_the_new_shapes_do_not_take() -> None:
    """From a review of the source, summary and overview shapes: a deadline or a meeting time before
    a link is no source line; a label that only holds a summary's word is no summary; a section
    named like an overview whose items have lists of details stays a section."""
    deadline = digestpub.parse(
        ITEM_START + "Deadline: March 1, 2026 · [Apply here](https://example.com/a)\n"
    ).items[0]
    assert deadline.source_url is None and deadline.date is None and "Deadline" in plain(deadline.body)
    meeting = digestpub.parse(ITEM_START + "Time: 2026-02-12 · [Zoom](https://example.com/z)\n").items[0]
    assert meeting.source_url is None and "Time" in plain(meeting.body)
    for line in ("Summary judgment: the court granted it.", "**核心团队**：由前谷歌工程师组成。"):
        item = digestpub.parse(ITEM_START + line + "\n").items[0]
        assert not item.summary and plain(item.body).startswith(line.replace("**", "")[:4]), line
    sections = digestpub.parse(
        "# T (2026-01-05)\n\n## Highlights\n\n### OpenAI ships a model\n\n- **What**: a model.\n- **Why**: speed.\n\n"
        "### Anthropic ships one too\n\n- **What**: another.\n\n## 1. More news\n\n### Third\n\n> **Summary**: s.\n"
    )
    assert not sections.highlights and [len(section.items) for section in sections.sections] == [2, 1]


def test_overview_links_score_the_same_in_every_process() -> None:
    """A set of strings comes in another order in each process (hash randomisation); the weights
    of a highlight's and an item's features are added exactly, so a match near the threshold is
    made, or not, the same way in every run (with a plain sum, the last digits of the score moved)."""
    script = (
        "import math\n"
        "from digestpub.transforms import _features, _mass, _similarity\n"
        "a = _features('晨光半导体发布新一代推理芯片 Lumen-3，能效比提升一倍')\n"
        "b = _features('晨光发布 Lumen-3 推理芯片：数据中心用的推理芯片，能效提升一倍，the chip ships in May')\n"
        "weight = {f: math.log(1 + 7 / (1 + len(f) % 5)) + ord(f[0]) % 13 * 0.0173 for f in a | b}\n"
        "print(repr(_similarity(a, b, weight, _mass(a, weight) + _mass(b, weight))))\n"
    )
    results = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for seed in range(8)
    }
    assert len(results) == 1, results


def test_a_chinese_name_with_a_middle_dot_stays_chinese() -> None:
    """Chinese writes the katakana middle dot between the parts of a foreign name (唐納・川普); the
    clause around it was taken for Japanese (lang="ja": a Japanese voice, Japanese glyph forms)."""
    digest = digestpub.parse(
        "# 科技週報 (2026-01-05)\n\n## 一、政策\n\n### 美國新規\n\n"
        "> **摘要**：美國總統唐納・川普表示，將在下個月公布新的晶片出口規定。\n"
    )
    assert digest.language == "zh-Hant" and digest.items[0].lang is None
    runs = [(text.text, text.lang) for block in digest.items[0].summary for text in block.children]
    assert runs == [("美國總統唐納・川普表示，將在下個月公布新的晶片出口規定。", None)], runs


def test_an_item_in_the_other_script_of_chinese_is_tagged_with_it() -> None:
    """A Traditional Chinese item in a Simplified Chinese digest (or the reverse) was the digest's
    language: Simplified glyph forms, and the Simplified voice. It is tagged with its own script
    when it clearly is in it; one Traditional name in a Simplified item is not enough."""
    digest = digestpub.parse(
        "# 科技周报 (2026-01-05)\n\n## 1. 芯片\n\n### 台积电扩产\n\n"
        "> **概要**：台积电在台灣新竹的工厂扩产，预计明年投产，产能提升三成。\n\n"
        "### 国产芯片发布\n\n> **概要**：国产芯片发布，说明书与开发板同时开放下载，价格较上一代降低，销售渠道扩大。\n\n"
        "### 國立臺灣大學發表研究\n\n> **概要**：國立臺灣大學發表新的語音模型研究，說明模型如何運作與訓練。\n"
    )
    assert digest.language == "zh-Hans"
    assert [item.lang for item in digest.items] == [None, None, "zh-Hant"]
    reverse = digestpub.parse(
        "# 科技週報 (2026-01-05)\n\n## 一、晶片\n\n### 臺灣新廠投產\n\n> **摘要**：臺灣新廠將於明年投產，產能提升三成，員工數擴增。\n\n"
        "### 國立臺灣大學發表研究\n\n> **摘要**：國立臺灣大學發表新的語音模型研究，說明模型如何運作與訓練。\n\n"
        "### 国产芯片发布\n\n> **概要**：国产芯片发布，说明书与开发板同时开放下载，价格较上一代降低。\n"
    )
    assert reverse.language == "zh-Hant" and [item.lang for item in reverse.items] == [None, None, "zh-Hans"]


def test_a_quotation_in_the_other_script_does_not_change_the_items_language() -> None:
    """A Simplified item quoting a Traditional sentence (or the reverse) stays in the digest's
    script: only what the item itself is written in counts, and the digest's labels do not."""
    simplified = digestpub.parse(
        "# 科技周报 (2026-01-05)\n\n## 1. 芯片\n\n### 黄仁勋台北演讲\n\n[阅读原文](https://example.com/a)\n\n"
        "> **概要**：黄仁勋在台北表示：「這是AI工廠的時代，每個國家都需要自己的AI」。\n",
        language="zh-Hans",  # so short a digest would be taken for Traditional as a whole
    )
    assert simplified.language == "zh-Hans" and simplified.items[0].lang is None
    traditional = digestpub.parse(
        "# 科技週報 (2026-01-05)\n\n## 一、政策\n\n### 數據新規\n\n"
        "> **摘要**：主管機關表示：「这是为了规范数据安全与个人信息保护」，業者需在三個月內完成調整。\n",
        language="zh-Hant",
    )
    assert traditional.language == "zh-Hant" and traditional.items[0].lang is None


@pytest.mark.parametrize(
    ("tag", "script"),
    [
        ("zh-Hant", "Hant"),
        ("ZH-HANT", "Hant"),
        ("zh-TW", "Hant"),
        ("zh-hk", "Hant"),
        ("zh-Hans-TW", "Hans"),
        ("zh-CN", "Hans"),
        ("zh", None),
        ("zh-Latn", None),
        ("ja", None),
    ],
)
def test_the_script_a_chinese_tag_says(tag: str, script: str | None) -> None:
    assert chinese_script(tag) == script


def test_a_forced_language_must_be_a_language_tag() -> None:
    """It is written into the page and its stylesheet (:lang(…)): anything else is refused."""
    for bad in ("zh){}*{color:red}", "a b", 'en" onload="x'):
        with pytest.raises(UsageError, match="is not a language tag"):
            digestpub.parse("# Weekly (2026-01-05)\n\n## 1. News\n\n### One\n", language=bad)
    assert digestpub.parse("# Weekly (2026-01-05)\n", language="").language == "en"  # empty: detected
