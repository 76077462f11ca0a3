"""digestpub/writers/page_tree.py: the print page's tree, built fast, is the one tinyhtml5 (WeasyPrint's
HTML5 parser) makes of it, node by node; where it cannot be sure, it gives none."""

from __future__ import annotations

import warnings
from pathlib import Path
from xml.etree import ElementTree

import pytest
import tinyhtml5

import digestpub
from digestpub.options import Options
from digestpub.writers.page_tree import parse_page
from digestpub.writers.pdf import PdfWriter

from .conftest import FIXTURES, ROOT

INPUTS = [
    *sorted(FIXTURES.glob("*.md")),
    *sorted((ROOT / "examples").glob("*.md")),
    *sorted((ROOT.parent / "shared" / "samples").glob("*.md")),
]


def html5_tree(page: str) -> ElementTree.Element:
    return tinyhtml5.parse(page, namespace_html_elements=False)


def difference(ours: ElementTree.Element, theirs: ElementTree.Element, path: str = "html") -> str | None:
    """Where two trees first differ (tag, attributes in order, text, tail, children), or None."""
    if ours.tag != theirs.tag:
        return f"{path}: <{ours.tag}> here, <{theirs.tag}> in HTML5's"
    if list(ours.attrib.items()) != list(theirs.attrib.items()):
        return f"{path}: attributes {ours.attrib} here, {theirs.attrib} in HTML5's"
    for part in ("text", "tail"):
        if (getattr(ours, part) or "") != (getattr(theirs, part) or ""):
            return f"{path}: {part} {getattr(ours, part)!r} here, {getattr(theirs, part)!r} in HTML5's"
    if len(ours) != len(theirs):
        return f"{path}: {len(ours)} children here, {len(theirs)} in HTML5's"
    for index, (child, other) in enumerate(zip(ours, theirs, strict=True)):
        found = difference(child, other, f"{path}/{child.tag}[{index}]")
        if found:
            return found
    return None


def print_page(path: Path, **options: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page: str = PdfWriter().prepare(digestpub.parse_file(path), Options(**options)).html
    return page


@pytest.mark.parametrize("path", INPUTS, ids=lambda path: path.name)
def test_the_tree_of_every_print_page_is_html5s(path: Path) -> None:
    """Every page the PDF writer makes of the fixtures, the example and the samples is parsed here
    (not left to tinyhtml5) into the tree tinyhtml5 makes of it."""
    page = print_page(path)
    ours = parse_page(page)
    assert ours is not None, "the page was left to tinyhtml5"
    assert difference(ours, html5_tree(page)) is None


def test_a_page_in_another_language_and_size() -> None:
    page = print_page(FIXTURES / "en-digest.md", language="ar", pdf_page_size="letter")
    ours = parse_page(page)
    assert ours is not None and difference(ours, html5_tree(page)) is None


SHELL = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n<style>p > a {{}}</style>\n</head>\n<body>\n{}\n</body>\n</html>\n'

# Bodies whose tree this parser builds: HTML5 keeps them as written, give or take its whitespace
# rules (the line feed after <pre>, white space around <head> and after </body>).
MIRRORED = [
    "<p>plain &amp; &lt;escaped&gt; &#34;text&#34; &#39;&apos; &quot; &#x1F4A1; &#X2F;</p>",
    "<pre>\nfirst line feed dropped\n</pre><pre><code>\nkept: not right after pre</code></pre>",
    "<pre>\n\nonly the first of two</pre>",
    "<pre>&#10;written as a reference</pre><pre>&#xA;&#10;x</pre><pre>&#10;\nx</pre>",
    '<ul class="points"><li>・<strong>a</strong><ul><li>◦b</li></ul></li><li>c</li></ul>',
    '<ol start="3"><li><p>para</p><blockquote><p>quote</p></blockquote></li></ol>',
    "<table><thead><tr><th>a</th></tr></thead>\n<tbody>\n<tr><td>b<br>c</td></tr></tbody></table>",
    '<table><colgroup><col style="width: 3em"><col></colgroup><tbody><tr><td></td></tr></tbody></table>',
    '<span id="x" hidden>boolean attribute</span><a href="#x" title="a &quot;b&quot;">link</a>',
    '<p><img src="x.png" alt="" loading="lazy"><br/><time datetime="2026-01-05">5</time></p>',
    "<div><li>HTML5 keeps an entry in a div as it is</li></div>",
    '<p class="a" class="b">the first of two attributes</p>',
    "<section><h2>t</h2><p>a</p><hr><p>b</p></section>\n\n",
    "<p>\u202eright-to-left override\u200b and a form feed \x0c</p>",
]

# Bodies HTML5 restructures (or that hold what this parser does not know): left to tinyhtml5.
NOT_MIRRORED = [
    "<p>a block <div>in a paragraph</div></p>",
    "<p>a paragraph <p>in a paragraph</p></p>",
    "<h2>a heading <ul><li>with a list</li></ul></h2>",
    "<table><tr><td>a row outside its body</td></tr></table>",
    "<table><col></table>",
    "<table><tbody>text in a table<tr><td>a</td></tr></tbody></table>",
    "<ul><li>an entry <li>not closed</li></ul>",
    "<ul><li><span><li>an entry in an entry</li></span></li></ul>",
    '<a href="#a">a link <a href="#b">in a link</a></a>',
    "<p>misnested <strong><em>inline</strong></em></p>",
    "<p>an end tag </span>with no start</p>",
    "<div/>",
    "<br></br>",
    "<!-- a comment -->",
    "<p>&ampx loose ampersand</p>",
    "<p>an ampersand & alone</p>",
    "<p>&nbsp; other named references</p>",
    '<a title="&notit;">a reference inside a longer name</a>',
    "<p>&#0; &#13; &#150; &#1; &#x7f; &#xFFFE; &#xD800; &#x110000; references HTML5 replaces</p>",
    '<a title="&#1;">in an attribute too</a>',
    "<p>a NUL \x00 or a control \x01 or \x7f or a noncharacter \ufffe</p>",
    "<p>x</p><!-->",
    "<p>x</ p>",
    "<p>x</p\xa0>y",
    "<p>x</p a='1>2'>",
    '<div><x y="></div>',
    "<p a==b>x</p>",
    "<p a=x>unquoted</p>",
    '<p a="x"\xa0b="y">x</p>',
    "<p \xa0>x</p>",
    '<p \u00c4="1">x</p>',
    "<P>upper case</P>",
    "<mar\u212a>x</mar\u212a>",
    '<svg><circle r="1"/></svg>',
    "<textarea>\nx</textarea>",
    "<script>1 < 2</script>",
    "<template><p>t</p></template>",
    "<ruby>漢<rt>kan</rt></ruby>",
    '<body class="again">',
]


@pytest.mark.parametrize("body", MIRRORED)
def test_bodies_html5_keeps_as_written(body: str) -> None:
    page = SHELL.format(body)
    ours = parse_page(page)
    assert ours is not None, "left to tinyhtml5"
    assert difference(ours, html5_tree(page)) is None
    ours_crlf = parse_page(page.replace("\n", "\r\n"))  # HTML5 reads every line break as "\n"
    assert ours_crlf is not None and difference(ours_crlf, html5_tree(page.replace("\n", "\r\n"))) is None


@pytest.mark.parametrize("body", NOT_MIRRORED)
def test_what_html5_restructures_is_left_to_it(body: str) -> None:
    assert parse_page(SHELL.format(body)) is None


@pytest.mark.parametrize(
    "page",
    [
        SHELL.replace("<head>", '<head><link rel="stylesheet" href="x.css">'),
        SHELL.replace("<title>T</title>", "<title>T</title>text in the head"),
        SHELL.replace("</body>", "</body>text after the body"),
        SHELL.replace("<!DOCTYPE html>", '<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN">'),
        SHELL.replace("</body>\n</html>\n", ""),
        SHELL.replace("<title>T</title>", "<title>T <b>x</b></title>"),
        SHELL.replace("p > a {{}}", "a</style x>b"),
        SHELL.replace("p > a {{}}", "a</ style>"),
        SHELL.replace("</style>", "</style </style>"),
        SHELL.replace("</style>", ""),
        "<p>no document around it</p>",
    ],
)
def test_pages_of_another_shape_are_left_to_html5(page: str) -> None:
    assert parse_page(page.format("<p>x</p>")) is None


def test_white_space_around_the_head_and_after_the_body() -> None:
    """HTML5 drops white space before <head>, keeps it after </head> (in <html>) and puts what
    follows </body> and </html> into the body."""
    page = (
        "<!DOCTYPE html>  \n<html>\n \n<head> <title>t</title> </head> \n <body><p>x</p> </body> \n</html> \n"
    )
    ours = parse_page(page)
    assert ours is not None and difference(ours, html5_tree(page)) is None
    assert ours.text is None and ours[0].tail == " \n " and ours[1][-1].tail == "  \n \n"
