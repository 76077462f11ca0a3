"""The HTML writer, and the HTML core that the PDF, EPUB and email writers start from.

:func:`render_page` fills the theme's ``templates/page.html`` with the digest. Rich text is turned
into HTML by :class:`~digestpub.writers.rich_text.RichText`, always escaped: text from a digest is
data; print's layout estimates come from :mod:`digestpub.writers.printed`. Every item's anchor
is its stable id; overview entries link to the item they announce; external links are marked.
The stylesheet is the theme's ``html.css`` (or another file, for print) after the design tokens as
CSS custom properties.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from .. import __version__
from ..dates import only_a_date
from ..i18n import date_range, strings_for
from ..language import direction_of
from ..model import (
    Digest,
    plain,
)
from ..options import Options
from ..themes import GENERIC_FAMILIES, PRINT_DEFAULTS, Theme, load_theme
from .base import Writer
from .printed import PrintedPage, long_text, running_head
from .rich_text import RichText, external_link, label_separator, lang_attributes


class HtmlWriter(Writer):
    name = "html"
    extension = "html"
    media_type = "text/html"
    description = "one self-contained, responsive web page"

    def write(self, digest: Digest, options: Options) -> bytes:
        return render_page(digest, load_theme(options.theme)).encode("utf-8")


# --------------------------------------------------------------------------- the page


# Elements with a language of their own re-read the --font-* properties that :lang() sets for them
# (font-family is inherited as a value, so a custom property set on a <span lang> alone does nothing).
LANG_FONT_RULES = """\
[lang] { font-family: var(--font-body); }
:is(h1, h2, h3, h4, h5, h6)[lang], :is(h1, h2, h3, h4, h5, h6) [lang] { font-family: var(--font-heading); }
:is(code, pre, kbd, samp)[lang], :is(code, pre, kbd, samp) [lang] { font-family: var(--font-code); }
"""
FONT_ROLES = ("body", "heading", "code")


def design_tokens(theme: Theme, *, medium: str = "screen", dark: bool = False) -> dict[str, str]:
    """The theme's colours and type scale as ``{"--color-text": "#1c2128", …}`` (fonts apart: they
    depend on the language, and in print on the fonts actually embedded)."""
    colors = theme.tokens.get("colors", {})
    if dark:
        colors = colors.get("dark", {})
    type_scale = dict(theme.tokens.get("type", {}))
    if medium == "print" and "print-base-size" in type_scale:
        type_scale["base-size"] = type_scale["print-base-size"]
    # Heading sizes from the scale, as plain lengths (not every renderer multiplies inside calc()).
    scale = float(type_scale.get("scale", 1.25))
    for level, power in (("h1", 3), ("h2", 2), ("h3", 1)):
        type_scale.setdefault(f"size-{level}", f"{scale**power:.3f}rem")
    tokens = {f"--color-{key}": str(value) for key, value in colors.items() if not isinstance(value, Mapping)}
    if not dark:
        tokens |= {f"--type-{key}": str(value) for key, value in type_scale.items()}
    if medium == "print":
        tokens |= {f"--print-{key}": theme.print_setting(key) for key in PRINT_DEFAULTS}
    return tokens


def font_tokens(theme: Theme, language: str) -> dict[str, str]:
    return {f"--font-{role}": font_family_list(theme.font_stack(role, language)) for role in FONT_ROLES}


_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)")


def inline_tokens(css: str, tokens: Mapping[str, str]) -> str:
    """``var(--name)`` replaced by the token's value wherever the token is known (or has a fallback)."""

    def value(match: re.Match[str]) -> str:
        known = tokens.get(match.group(1))
        if known is not None:
            return known
        return match.group(2).strip() if match.group(2) else match.group(0)

    return _VAR.sub(value, css)


def css_custom_properties(theme: Theme, language: str, *, medium: str = "screen") -> str:
    """The theme's design tokens as CSS custom properties: colours (and dark ones on screen), the
    type scale (the print size for print), and font stacks for the document's language, with
    ``:lang()`` overrides for every other language the theme has faces for."""

    def block(selector: str, tokens: Mapping[str, str], indent: str = "") -> list[str]:
        return [
            f"{indent}{selector} {{",
            *(f"{indent}  {name}: {value};" for name, value in tokens.items()),
            f"{indent}}}",
        ]

    css = block(":root", design_tokens(theme, medium=medium) | font_tokens(theme, language))
    dark = design_tokens(theme, medium=medium, dark=True)
    if dark and medium == "screen":
        css += ["@media (prefers-color-scheme: dark) {", *block(":root", dark, "  "), "}"]
    for other in theme.font_languages():
        if other != language:
            css += block(f":lang({other})", font_tokens(theme, other))
    return "\n".join(css) + "\n" + LANG_FONT_RULES


def font_family_list(families: Iterable[str]) -> str:
    """A CSS ``font-family`` value: names quoted, generic keywords and ``-apple-system`` bare."""
    rendered = []
    for family in families:
        if family in GENERIC_FAMILIES or family.startswith("-"):
            rendered.append(family)
        else:
            rendered.append('"' + re.sub(r'["\\\n]', "", family) + '"')
    return ", ".join(rendered)


def _dates_html(digest: Digest) -> Markup:
    start, end = digest.date_start, digest.date_end
    if start is None:
        return Markup("")

    def time(day: Any) -> str:
        return f'<time datetime="{day.isoformat()}">{day.isoformat()}</time>'

    if end is None or end == start:
        return Markup(time(start))
    return Markup(strings_for(digest.language)["range"].format(start=time(start), end=time(end)))


def page_css(digest: Digest, theme: Theme, *, medium: str, stylesheets: Iterable[str]) -> str:
    """The page's whole stylesheet: design tokens, then the theme's files in order."""
    parts = [css_custom_properties(theme, digest.language, medium=medium)]
    parts += [theme.read_text(name) for name in stylesheets]
    return "\n".join(parts)


@cache
def _environment(folders: tuple[str, ...]) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(f"{folder}/templates") for folder in folders])
    return jinja2.Environment(loader=loader, bytecode_cache=_compiled_templates(), **_JINJA_OPTIONS)


# How the templates are read and compiled.
_JINJA_OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "undefined": jinja2.StrictUndefined,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


def _compiled_templates() -> jinja2.BytecodeCache | None:
    """Templates compiled once and kept, like Python's ``.pyc`` files: compiling the default page
    takes 0.04–0.06 s at every start. In ``$XDG_CACHE_HOME/digestpub/templates`` (``~/.cache/…``),
    a file for each template's path and source, digestpub's and Jinja's versions and the options
    (which decide how it compiles); none where that folder cannot be made, or where someone else
    could write in it (the files are run as code)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: the XDG specification says to ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home folder ("~" left as it is)
        return None
    folder = os.path.join(base, "digestpub", "templates")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        found = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or found.st_mode & 0o022:
        return None
    options = hashlib.sha256(repr(sorted(_JINJA_OPTIONS.items())).encode()).hexdigest()[:12]
    return _TemplateCache(folder, f"%s-{options}-digestpub{__version__}-jinja{jinja2.__version__}.cache")


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache, where a file that cannot be read, or written, is only a miss."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # damaged, or from elsewhere: compiled again (and written again)
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def render_page(
    digest: Digest,
    theme: Theme,
    *,
    medium: str = "screen",
    stylesheets: Iterable[str] = ("html.css",),
    css: str | None = None,
    images: bool = True,
    template: str = "page.html",
    page: PrintedPage | None = None,
) -> str:
    """The digest as one HTML page, from the theme's template.

    ``medium`` is ``screen`` (the web page) or ``print`` (the PDF's starting point). The page's
    stylesheet is the design tokens followed by the theme's ``stylesheets``, unless a writer gives
    its own ``css``. ``images=False`` shows pictures as links (nothing is fetched). ``page`` is the
    printed page, for print's layout decisions (A4 with the theme's margins when not given).
    """
    page = page or PrintedPage.for_theme(theme)
    printed = medium == "print"
    direction = direction_of(digest.language)
    rich = RichText(
        digest.language,
        images=images,
        page=page if printed else None,
        bullets=theme.print_bullets() if printed else (),
        bullet_boxes="rtl" in (direction, *(direction_of(item.lang) for item in digest.items if item.lang)),
    )
    strings = strings_for(digest.language)
    if css is None:
        css = page_css(digest, theme, medium=medium, stylesheets=stylesheets)
    dated = not only_a_date(plain(digest.title))  # a title that is only the dates is not followed by them
    context = {
        "digest": digest,
        "title": plain(digest.title),
        "dates": date_range(digest.date_start, digest.date_end, digest.language) if dated else "",
        "language": digest.language,
        "direction": direction,
        "strings": strings,
        "css": Markup(css.replace("</", "<\\/")),
        "medium": medium,
        "rich": rich,
        "inlines": rich.inlines,
        "unlinked": rich.unlinked,
        "blocks": rich.blocks,
        "point": rich.point,
        "point_entry": rich.point_entry,
        "points": rich.points,
        "bullet": lambda: rich.bullet(),
        "bullet_style": rich.bullet_style,
        "link": external_link,
        "lang_of": functools.partial(lang_attributes, document_direction=direction),
        "separator": lambda label, language=None: label_separator(label, language or digest.language),
        "plain": plain,
        "long": functools.partial(long_text, page=page),
        "running_head": functools.partial(running_head, columns=page.head_columns),
        "labelled": rich.labelled,
        "label_lang": rich.label_lang,
        "in_own_language": rich.in_own_language,
        "dates_html": _dates_html(digest) if dated else Markup(""),
        "generator": f"digestpub {__version__}",
    }
    environment = _environment(tuple(str(folder) for folder in theme.folders))
    return environment.get_template(template).render(context)
