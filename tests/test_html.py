"""The HTML writer: one self-contained, accessible page, parsed back with lxml."""

from __future__ import annotations

import itertools
import re

import lxml.html
import pytest

import digestpub
from digestpub.model import plain
from digestpub.options import Options
from digestpub.writers.pdf import PdfWriter

from .conftest import FIXTURES

FIXTURE_NAMES = sorted(path.name for path in FIXTURES.glob("*.md"))


def render(name: str) -> tuple[digestpub.Digest, lxml.html.HtmlElement, bytes]:
    digest = digestpub.parse_file(FIXTURES / name)
    data = digestpub.export(digest, "html")
    return digest, lxml.html.document_fromstring(data), data


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_page_structure(name: str) -> None:
    digest, page, _ = render(name)
    assert page.get("lang") == digest.language
    assert page.findtext(".//title").startswith(plain(digest.title))
    assert len(page.findall(".//h1")) == 1
    # Every item is an <article> whose id is its stable id, titled by an <h3>.
    articles = page.findall(".//article")
    assert [a.get("id") for a in articles] == [item.id for item in digest.items]
    for article, item in zip(articles, digest.items, strict=True):
        assert article.find("h3").text_content() == plain(item.title)
    # Ids are unique, and every internal link lands on one.
    ids = [element.get("id") for element in page.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    for anchor in page.iter("a"):
        href = anchor.get("href", "")
        if href.startswith("#"):
            assert href[1:] in ids, href
    # Headings never skip a level on the way down.
    levels = [int(element.tag[1]) for element in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_self_contained_and_safe(name: str) -> None:
    _, page, data = render(name)
    assert page.findall(".//script") == []
    assert page.findall(".//iframe") == []
    assert page.findall(".//link") == []  # styles are inline: nothing else to fetch
    for element in page.iter():
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), (element.tag, attribute)
            if attribute in ("href", "src"):
                assert re.match(r"^(#|https?://|mailto:)", value), value
    assert b"<!--" not in data


def test_hostile_markup_is_escaped() -> None:
    _, page, data = render("hostile.md")
    text = page.text_content()
    assert '<script>alert("title")</script>' in page.findtext(".//h1")
    assert "<img src=x onerror=alert(1)>" in text
    assert "editorial note" not in data.decode()
    assert page.findall(".//img") == []
    assert page.xpath("//a[starts-with(@href, 'mailto:')]")[0].text_content() == "mail"
    assert "javascript" not in " ".join(a.get("href", "") for a in page.iter("a")).lower()
    assert page.xpath("//pre/code[@class='language-html']")[0].text == '<script>alert("in code")</script>\n'


def test_contents_and_highlights_link_to_items() -> None:
    digest, page, _ = render("zh-basic.md")
    toc_targets = [a.get("href") for a in page.xpath("//nav[@id='contents']//a")]
    for item in digest.items:
        assert f"#{item.id}" in toc_targets
    for section in digest.sections:
        assert f"#{section.id}" in toc_targets
    headlines = page.xpath("//section[@id='highlights']//*[contains(@class, 'headline')]")
    assert len(headlines) == len(digest.highlights)
    for element, highlight in zip(headlines, digest.highlights, strict=True):
        if highlight.item_id:
            assert element.tag == "a" and element.get("href") == f"#{highlight.item_id}"
        else:
            assert element.tag == "strong"
    categories = page.xpath("//section[@id='highlights']//span[@class='category']/text()")
    assert categories == ["芯片", "开源", "机器人", "政策"]


def test_item_parts_are_rendered() -> None:
    digest, page, _ = render("zh-basic.md")
    item = digest.items[0]
    article = page.get_element_by_id(item.id)
    source = article.xpath(".//p[@class='item-meta']/a")[0]
    assert source.get("href") == item.source_url and source.text_content() == "阅读原文"
    assert article.xpath(".//time/@datetime") == ["2026-01-06"]
    summary = article.xpath(".//div[@class='summary']")[0].text_content().strip()
    assert summary.startswith("概要：晨光半导体发布第三代推理芯片")
    assert article.xpath(".//h4/text()") == ["💡内容详解"]
    assert article.xpath(
        "./section[@class='details']/ul[@class='points']/li/strong[@class='point-label']/text()"
    ) == ["架构升级", "生态适配"]
    assert [a.get("href") for a in article.xpath(".//ul[@class='item-links']//a")] == [
        link.url for link in item.links
    ]


def test_external_links_are_marked() -> None:
    _, page, _ = render("zh-basic.md")
    external = page.xpath("//a[starts-with(@href, 'http')]")
    assert external
    for anchor in external:
        assert "external" in anchor.get("class", "").split()
        assert anchor.get("rel") == "noopener noreferrer"
        assert anchor.get("aria-describedby") == "external-note"
    assert page.get_element_by_id("external-note").text == "（外部链接）"


def test_foreign_runs_carry_their_language() -> None:
    _, page, _ = render("mixed-cjk.md")
    assert "日本語の理解力が大幅に向上しました" in page.xpath("//span[@lang='ja']/text()")
    assert "이 데이터셋은 연구자들에게 무료로 제공됩니다." in page.xpath("//span[@lang='ko']/text()")


def test_theme_tokens_drive_the_stylesheet() -> None:
    _, page, _ = render("zh-basic.md")
    css = page.findtext(".//style")
    assert "--color-accent: #0a5cc2;" in css
    assert "@media (prefers-color-scheme: dark)" in css
    assert ":lang(ja)" in css and '"Noto Sans CJK JP"' in css
    assert "line-break: strict" in css


def test_same_input_same_bytes() -> None:
    first = digestpub.export(digestpub.parse_file(FIXTURES / "zh-basic.md"), "html")
    second = digestpub.export(digestpub.parse_file(FIXTURES / "zh-basic.md"), "html")
    assert first == second


def test_plain_document_has_no_digest_furniture() -> None:
    _, page, _ = render("plain-note.md")
    assert page.xpath("//section[@id='highlights']") == []
    assert page.xpath("//body/@class") == ["kind-document medium-screen"]
    assert [h.text_content() for h in page.iter("h2")][-2:] == ["Agenda", "Decisions"]


def test_library_export_to_path_and_file_object(tmp_path) -> None:  # type: ignore[no-untyped-def]
    digest = digestpub.parse_file(FIXTURES / "en-digest.md")
    target = tmp_path / "out.html"
    data = digestpub.export(digest, "html", target=target)
    assert target.read_bytes() == data
    with (tmp_path / "stream.html").open("wb") as stream:
        digestpub.export(digest, "html", target=stream)
    assert (tmp_path / "stream.html").read_bytes() == data


def test_label_colons_follow_the_language() -> None:
    """Chinese and Japanese labels take the full-width colon; Korean and Latin ones the ASCII colon."""
    for title, item, summary, expected in (
        ("周报", "新芯片发布", "**概要**: 新一代芯片发布。", "概要：新一代芯片发布。"),
        (
            "주간 소식",
            "새 칩 출시",
            "**요약**: 새로운 칩이 출시되었습니다.",
            "요약: 새로운 칩이 출시되었습니다.",
        ),
        ("Weekly", "New chip", "**Summary**：a new chip ships.", "Summary: a new chip ships."),
    ):
        digest = digestpub.parse(f"# {title} (2026-01-05)\n\n## 1. S\n\n### {item}\n\n> {summary}\n")
        text = lxml.html.fromstring(digestpub.export(digest, "html")).find_class("summary")[0].text_content()
        assert " ".join(text.split()) == expected, (title, digest.language, text)


def test_page_words_follow_the_digest_language() -> None:
    from digestpub.i18n import _STRINGS

    for language, words in _STRINGS.items():
        assert set(words) == set(_STRINGS["en"]), language  # every language has every word
    digest = digestpub.parse(
        "# Wochenüberblick (2026-01-05)\n\n## 1. Chips\n\n### Neuer Chip der Firma\n\n"
        "> **Zusammenfassung**: Die Firma stellt den neuen Chip vor, der doppelt so schnell ist.\n\n"
        "### Ein neues Modell für die Sprache\n\n> **Zusammenfassung**: Das Modell ist offen und frei.\n"
    )
    assert digest.language == "de"
    page = lxml.html.fromstring(digestpub.export(digest, "html"))
    assert page.get_element_by_id("contents-title").text_content() == "Inhalt"


def test_long_summaries_are_marked_for_print() -> None:
    from digestpub.writers.printed import long_text

    many_lines = digestpub.parse("# T\n\n## 1. S\n\n### I\n\n> **Summary**: first.\n" + "> \n> Line.\n" * 20)
    assert long_text(many_lines.items[0].summary)  # 21 short paragraphs are as tall as a long one
    one_line = digestpub.parse("# T\n\n## 1. S\n\n### I\n\n> **Summary**: " + "长" * 300 + "\n")
    assert not long_text(one_line.items[0].summary)  # 600 columns: about 7 lines
    assert long_text(
        digestpub.parse("# T\n\n## 1. S\n\n### I\n\n> **Summary**: " + "长" * 600 + "\n").items[0].summary
    )


def test_an_english_item_in_a_chinese_digest_gets_ascii_colons() -> None:
    """Label separators follow the item's language: "摘要：" in a Chinese item, "Summary: " in an
    English one of the same digest; the overview entries announcing them too."""
    items = (
        "## 1. 芯片\n\n### 英伟达发布新芯片\n\n"
        "> **摘要**: 英伟达发布了新的芯片，性能大幅提升，这是重要的进展。\n\n**详情**\n\n- **性能**: 提升两倍。\n\n"
        "### A new chip from a startup in California\n\n"
        "> **Summary**: The startup has released a new chip for the data center market, and it is fast.\n\n"
        "**Details**\n\n- **Speed**: twice as fast as the old one and the others.\n"
    )
    overview = (
        "## 今日速览\n\n- **英伟达发布新芯片**：性能大幅提升，这是重要的进展。\n"
        "- **A new chip from a startup in California**: twice as fast as the old one.\n\n"
    )
    page = digestpub.export(
        digestpub.parse(f"# 科技周报 (2026-01-05 ~ 2026-01-11)\n\n{overview}{items}"), "html"
    ).decode()
    assert re.findall(r'class="summary-label">[^<]*</strong>(.)', page) == ["：", ":"]
    assert re.findall(r'class="point-label">[^<]*</strong>(.)', page) == ["：", ":"]
    assert re.findall(r'class="headline"[^>]*>[^<]*</a>(.)', page) == ["：", ":"]


def test_print_column_widths_stay_out_of_the_web_page() -> None:
    """Wide tables get column widths for the printed page; the web page has none (inline styles)."""
    table = (
        "| "
        + " | ".join(f"C{n}" for n in range(9))
        + " |\n|"
        + "---|" * 9
        + "\n| "
        + " | ".join("x" * 9)
        + " |\n"
    )
    digest = digestpub.parse("# T (2026-01-05)\n\n## 1. S\n\n### I\n\n> **Summary**: s.\n\n" + table)
    assert 'class="wide"' in digestpub.export(digest, "html").decode()
    assert "<colgroup>" not in digestpub.export(digest, "html").decode()
    from digestpub.themes import load_theme
    from digestpub.writers.html import render_page

    assert "<colgroup>" in render_page(digest, load_theme("default"), medium="print", images=False)


def test_parts_in_another_script_direction_get_dir_and_forced_languages_keep_their_items() -> None:
    """An Arabic item in an English digest reads right to left (its article and its title in the
    contents get dir="rtl"; the contents entry, with its page number, stays in the page's
    direction); a Persian digest (--lang fa) does not tag its items Arabic."""
    digest = digestpub.parse(
        "# Weekly digest (2026-01-05)\n\n## 1. Section\n\n### An English item about the news\n\n"
        "> **Summary**: The model is available for developers and it has been released this week.\n\n"
        "### الذكاء الاصطناعي في المنطقة\n\n> **الملخص**: أعلنت الشركة عن نموذج جديد للذكاء الاصطناعي هذا الأسبوع.\n",
        language="en",
    )
    page = lxml.html.fromstring(digestpub.export(digest, "html"))
    arabic = [element for element in page.iter("article", "li", "span") if element.get("lang") == "ar"]
    assert [element.tag for element in arabic] == ["span", "article"]
    assert all(element.get("dir") == "rtl" for element in arabic)
    persian = digestpub.parse(
        "# خبرنامه (2026-01-05)\n\n## 1. بخش\n\n### خبر\n\n> **خلاصه**: این یک متن فارسی است که درباره هوش مصنوعی نوشته شده است.\n",
        language="fa",
    )
    assert [item.lang for item in persian.items] == [None]


def test_print_writes_each_list_level_its_bullet_and_the_web_page_none() -> None:
    """Print (the PDF's HTML) starts every entry of an unordered list with the theme's bullet for
    its level: "・", then "◦" for lists inside it (details, lists in the text, further reading);
    numbered lists, the related links and the web page have none."""
    from digestpub.themes import load_theme
    from digestpub.writers.html import render_page

    digest = digestpub.parse(
        "# T (2026-01-05)\n\n## 1. S\n\n### I\n\n> **Summary**: s.\n\n"
        "**Details**\n\n- **Point**: p\n  - **Sub**: q\n\n"
        "Text:\n\n- a\n  - b\n    - c\n\n1. one\n\n"
        "[Paper](https://example.com/p)\n\n## Further reading\n\n- [R](https://example.com/r)\n"
    )
    printed = lxml.html.document_fromstring(render_page(digest, load_theme("default"), medium="print"))

    def first_text(entry: lxml.html.HtmlElement) -> str:  # its bullet, or ""
        return (entry.text or "")[:1] if (entry.text or "")[:1] in "・◦" else ""

    assert [first_text(li) for li in printed.iterfind(".//ul[@class='points']/li")] == ["・", "◦"]
    body = printed.find(".//article")
    assert [
        first_text(li) for li in body.iterfind(".//ul/li") if "points" not in li.getparent().get("class", "")
    ] == [
        "・",
        "◦",
        "◦",
        "",  # the related link
    ]
    assert [first_text(li) for li in body.iterfind(".//ol/li")] == [""]
    assert [first_text(li) for li in printed.iterfind(".//ul[@class='reading-list']/li")] == ["・"]
    screen = lxml.html.document_fromstring(digestpub.export(digest, "html"))
    assert all(first_text(li) == "" for li in screen.iter("li"))


@pytest.mark.parametrize("title", ["2026-01-05 ~ 2026-01-11", "【2026-01-05 至 2026-01-11】", "2026年1月5日"])
def test_a_title_that_is_only_the_dates_is_not_followed_by_them_again(title: str) -> None:
    """``# 2026-01-05 ~ 2026-01-11``: the page title (and the PDF's) is the title alone, and no date
    line repeats it under the heading; a title with words keeps both."""
    body = "\n\n## 1. S\n\n### Item\n\n> **Summary**: s.\n"
    page = lxml.html.document_fromstring(digestpub.export(digestpub.parse(f"# {title}{body}"), "html"))
    assert page.findtext(".//title") == title
    assert page.find(".//h1").text_content() == title and page.find(".//*[@class='digest-dates']") is None
    worded = lxml.html.document_fromstring(
        digestpub.export(digestpub.parse(f"# Weekly {title}{body}"), "html")
    )
    assert worded.findtext(".//title").startswith("Weekly (2026")
    assert worded.find(".//*[@class='digest-dates']") is not None


def test_a_page_with_right_to_left_parts_boxes_its_bullets() -> None:
    """WeasyPrint indents the left end of a line whatever its direction, so a first-line indent
    cannot hang a right-to-left bullet: a page with right-to-left parts writes each bullet in a
    box (class "bullet") and says so (bullets-boxes); other pages write them as text."""
    from digestpub.themes import load_theme
    from digestpub.writers.html import render_page

    body = "\n\n## 1. S\n\n### Item\n\n> **Summary**: s.\n\n- a\n  - b\n"
    for language, style in (("en", "bullets-text"), ("he", "bullets-boxes")):
        digest = digestpub.parse(f"# T (2026-01-05){body}", language=language)
        page = lxml.html.document_fromstring(render_page(digest, load_theme("default"), medium="print"))
        assert style in page.find("body").get("class").split()
        entries = page.find(".//article").findall(".//li")
        if style == "bullets-boxes":
            assert [li[0].text for li in entries] == ["・", "◦"] and all(
                li[0].get("class") == "bullet" for li in entries
            )
        else:
            assert [li.text[0] for li in entries] == ["・", "◦"]


def test_no_link_inside_a_link() -> None:
    """Titles holding links, inside emphasis too, or images (shown as links in print) are linked to
    from the contents and the overview as text: a link inside a link is not HTML (browsers, and
    WeasyPrint's parser, end the first link where the second starts)."""
    from digestpub.writers.pdf import PdfWriter

    source = (
        "# 测试周报 (2026-01-05 ~ 2026-01-11)\n\n## 本期速览\n\n"
        "- **[*强调*的新闻](https://example.com/h)**：*[摘要](https://example.com/s)*。\n\n"
        "## 1. *[模型](https://example.com/section)*\n\n"
        "### *[斜体链接](https://example.com/b)* 与 ![图](https://example.com/i.png) 的新闻\n\n"
        "> **概要**：强调的新闻，[链接](https://example.com/c)。\n\n"
        "[[里面](https://example.com/in)](https://example.com/out) 一段正文。\n\n"
        "## 2. 芯片\n\n### 第二条\n\n> **概要**：第二条的概要。\n\n### 第三条\n\n> **概要**：第三条。\n\n"
        "## 延伸阅读\n\n- [![图标](https://example.com/i.png)](https://example.com/r) - 说明\n"
    )
    digest = digestpub.parse(source)
    pages = {
        "web": digestpub.export(digest, "html").decode(),
        "print": PdfWriter().prepare(digest, digestpub.Options()).html,
    }
    for medium, page in pages.items():
        depth = 0
        for tag in re.findall(r"<(/?)a[\s>]", page):
            depth += -1 if tag else 1
            assert depth <= 1, f"a link inside a link in the {medium} page"
        assert depth == 0
    assert re.search(r'<a href="#item-[^"]+"><em>斜体链接</em> 与 图 的新闻</a>', pages["print"])


def test_compiled_templates_are_kept_between_runs(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The page template is compiled once and kept in the user's cache folder; a damaged file
    there, or a folder that cannot be made, only costs compiling again — the page is the same."""
    import jinja2

    from digestpub.writers import html as html_writer

    digest = digestpub.parse_file(FIXTURES / "zh-basic.md")
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def spy(
        self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object
    ) -> object:
        compiled.append(name or "")
        return compile_template(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", spy)

    def page(cache_home: object) -> bytes:
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
        html_writer._environment.cache_clear()  # a new process
        data: bytes = digestpub.export(digest, "html")
        return data

    first = page(tmp_path)
    kept = list((tmp_path / "digestpub" / "templates").iterdir())
    assert compiled == ["page.html"] and len(kept) == 1
    assert page(tmp_path) == first and compiled == ["page.html"]  # read, not compiled
    kept[0].write_bytes(b"j2 damaged")
    assert page(tmp_path) == first and compiled == ["page.html"] * 2
    assert page(tmp_path) == first and compiled == ["page.html"] * 2  # written again
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    assert page(not_a_folder) == first and compiled == ["page.html"] * 3
    shared = tmp_path / "shared"  # a folder others may write in: its files could be anyone's code
    (shared / "digestpub" / "templates").mkdir(parents=True)
    (shared / "digestpub" / "templates").chmod(0o777)
    assert page(shared) == first and page(shared) == first and compiled == ["page.html"] * 5
    assert not list((shared / "digestpub" / "templates").iterdir())
    # Other options compile differently: they do not read the file compiled with these.
    monkeypatch.setitem(html_writer._JINJA_OPTIONS, "trim_blocks", False)
    page(tmp_path)
    assert compiled == ["page.html"] * 6 and len(list((tmp_path / "digestpub" / "templates").iterdir())) == 2
    monkeypatch.undo()
    html_writer._environment.cache_clear()


def test_labels_in_the_digests_language_keep_it_inside_an_item_in_another() -> None:
    """An English item in a Chinese digest is tagged lang="en"; its labels written in Chinese
    ("概要", "💡内容详解", "阅读原文") were tagged English with it, so a screen reader read them with
    the English voice and the PDF drew them with the English text's fonts. They keep the digest's
    language; labels in the item's own language ("Summary") and every label of a Chinese item
    have no lang of their own."""
    digest = digestpub.parse(
        "# 科技周报 (2026-01-05)\n\n## 1. 模型\n\n### 晨光发布新的推理芯片\n\n[阅读原文](https://example.com/z)\n\n"
        "> **概要**：晨光发布新一代推理芯片。\n\n**💡内容详解**\n\n- **能效**：提升一倍。\n\n"
        "### A new compiler for small models\n\n[阅读原文](https://example.com/a)  `[2026-01-06]`\n\n"
        "> **概要**：The team released a compiler that makes small models run twice as fast.\n\n"
        "**💡内容详解**\n\n- **Targets**: It targets phones and laptops, and it is open source.\n\n"
        "### Another model for small devices\n\n> **Summary**: The second model runs on watches and on phones.\n"
    )
    assert [item.lang for item in digest.items] == [None, "en", "en"]
    for medium in ("html", "pdf-page"):
        if medium == "html":
            page = lxml.html.fromstring(digestpub.export(digest, "html"))
        else:
            page = lxml.html.fromstring(PdfWriter().prepare(digest, Options()).html)
        chinese, english, other = page.xpath("//article")
        assert not chinese.xpath(".//*[@lang]")
        labelled = [(element.tag, element.text_content()) for element in english.xpath(".//*[@lang]")]
        assert labelled == [("span", "阅读原文"), ("strong", "概要"), ("h4", "💡内容详解")], medium
        assert {element.get("lang") for element in english.xpath(".//*[@lang]")} == {"zh-Hans"}
        assert not other.xpath(".//*[@lang]")


def test_labels_of_the_digest_keep_its_script_inside_an_item_in_the_other() -> None:
    """In a Traditional item of a Simplified digest, "阅读原文", "概要" and "💡内容详解" are the
    digest's (Simplified); a label written in the item's script ("閱讀原文") is the item's."""
    digest = digestpub.parse(
        "# 科技周报 (2026-01-05)\n\n## 1. 芯片\n\n### 国产芯片发布\n\n"
        "> **概要**：国产芯片发布，说明书与开发板同时开放下载，价格较上一代降低，销售渠道扩大。\n\n"
        "### 國立臺灣大學發表研究\n\n[阅读原文](https://example.com/a)\n\n"
        "> **概要**：國立臺灣大學發表新的語音模型研究，說明模型如何運作與訓練。\n\n"
        "**💡内容详解**\n\n- **方法**：以大量語音資料訓練。\n\n"
        "### 臺灣新廠投產\n\n[閱讀原文](https://example.com/b)\n\n> **概要**：臺灣新廠將於明年投產，產能提升三成，員工數擴增。\n",
        language="zh-Hans",
    )
    assert [item.lang for item in digest.items] == [None, "zh-Hant", "zh-Hant"]
    page = lxml.html.fromstring(digestpub.export(digest, "html"))
    _, second, third = page.xpath("//article")
    assert [(e.text_content(), e.get("lang")) for e in second.xpath(".//*[@lang]")] == [
        ("阅读原文", "zh-Hans"),
        ("概要", "zh-Hans"),
        ("💡内容详解", "zh-Hans"),
    ]
    assert [(e.text_content(), e.get("lang")) for e in third.xpath(".//*[@lang]")] == [("概要", "zh-Hans")]
