"""Themes: a folder with ``theme.toml`` (design tokens) plus per-format stylesheets and templates.

``theme.toml`` holds the tokens every format uses — colours, type scale, font stacks with CJK
fallbacks per language — in one place. A theme may ``inherit`` another (by name or path): its tokens
are merged over the parent's, and files it does not have are taken from the parent.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import UsageError
from .language import chinese_script
from .resources import data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]


# CSS generic family keywords: a font stack may end with one; no font file answers for them.
GENERIC_FAMILIES = frozenset(
    "serif sans-serif monospace cursive fantasy system-ui ui-serif ui-sans-serif ui-monospace emoji math".split()
)


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    folders: tuple[Path, ...]  # this theme's folder first, then its parents'
    tokens: Mapping[str, Any]

    @property
    def path(self) -> Path:
        return self.folders[0]

    def find(self, filename: str) -> Path | None:
        """The first of this theme's folders (or its parents') that has ``filename``."""
        for folder in self.folders:
            candidate = folder / filename
            if candidate.is_file():
                return candidate
        return None

    def read_text(self, filename: str) -> str:
        found = self.find(filename)
        if found is None:
            raise UsageError(f"theme {self.name!r} has no {filename}")
        return found.read_text(encoding="utf-8")

    def token(self, dotted: str, default: Any = None) -> Any:
        """A token by its dotted path: ``theme.token("colors.accent")``."""
        value: Any = self.tokens
        for key in dotted.split("."):
            if not isinstance(value, Mapping) or key not in value:
                return default
            value = value[key]
        return value

    def print_setting(self, key: str) -> str:
        """A ``[print]`` token (``margin``, ``wide-table-size``, ``bullets``), or the default theme's value."""
        return str(self.token(f"print.{key}", PRINT_DEFAULTS[key]))

    def print_bullets(self) -> tuple[str, ...]:
        """The bullet of each list level in print, outermost first (the last one repeats)."""
        return tuple(self.print_setting("bullets").split())

    def font_stack(self, role: str, language: str | None = None) -> list[str]:
        """The font families for ``role`` (``body``, ``heading``, ``code``) in ``language``.

        Latin faces come first, then the language's own CJK faces, then the theme's default CJK
        faces, then emoji and the generic family: each script finds its proper face.
        """
        fonts = self.tokens.get("fonts", {})
        kind = fonts.get("roles", {}).get(role, role)
        family = fonts.get(kind, {})
        stack: list[str] = list(family.get("latin", []))
        by_language = {tag.casefold(): names for tag, names in family.get("cjk-by-language", {}).items()}
        for tag in _language_fallbacks(language or ""):
            if tag.casefold() in by_language:
                stack.extend(by_language[tag.casefold()])
                break
        stack.extend(family.get("cjk", []))
        stack.extend(fonts.get("emoji", []))
        generic = family.get("generic")
        if generic:
            stack.append(generic)
        return list(dict.fromkeys(stack))

    def latin_fonts(self, role: str) -> list[str]:
        """The Latin part of ``role``'s stack (the families :meth:`font_stack` puts first)."""
        fonts = self.tokens.get("fonts", {})
        kind = fonts.get("roles", {}).get(role, role)
        return list(fonts.get(kind, {}).get("latin", []))

    def font_languages(self) -> list[str]:
        """The languages that have CJK faces of their own in any font role."""
        fonts = self.tokens.get("fonts", {})
        tags = {
            tag
            for value in fonts.values()
            if isinstance(value, Mapping)
            for tag in value.get("cjk-by-language", {})
        }
        return sorted(tags)


# Print defaults for a theme that does not say (the default theme's values).
# A theme that does not inherit the default one has no printed bullets unless it says (its own
# print.css may draw them).
PRINT_DEFAULTS = {"margin": "18mm 17mm 20mm", "wide-table-size": "0.85em", "bullets": ""}
MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6, "px": 25.4 / 96}
_LENGTH = re.compile(rf"(\d+(?:\.\d+)?)({'|'.join(MM_PER_UNIT)})")


def length_mm(text: str) -> float | None:
    """A CSS absolute length (``18mm``, ``10.5pt``, ``8.5in``) in millimetres; None if it is not one."""
    found = _LENGTH.fullmatch(text.strip())
    return float(found[1]) * MM_PER_UNIT[found[2]] if found else None


def margins_mm(text: str) -> tuple[float, float, float, float]:
    """A CSS ``margin`` shorthand of absolute lengths (1 to 4 of them) as top, right, bottom, left."""
    values = [length_mm(part) for part in text.split()]
    if not 1 <= len(values) <= 4 or any(value is None for value in values):
        raise UsageError(f"print margin {text!r} is not 1 to 4 lengths such as 18mm")
    top, right, bottom, left = [
        values[i] for i in ((0, 0, 0, 0), (0, 1, 0, 1), (0, 1, 2, 1), (0, 1, 2, 3))[len(values) - 1]
    ]
    return top, right, bottom, left  # type: ignore[return-value]


def _language_fallbacks(language: str) -> Iterator[str]:
    """``zh-Hant-TW`` → ``zh-Hant-TW``, ``zh-Hant``, ``zh``. Chinese named by its region alone
    comes to its script before ``zh`` (:func:`chinese_script`): ``zh-TW`` → ``zh-TW``, ``zh-Hant``,
    ``zh``; ``zh-HK`` (a theme may have Hong Kong faces) → ``zh-HK``, ``zh-Hant``, ``zh``."""
    parts = language.split("-") if language else []
    tags = ["-".join(parts[:end]) for end in range(len(parts), 0, -1)]
    script = chinese_script(language) if language else None
    if script and f"zh-{script}".casefold() not in {tag.casefold() for tag in tags}:
        tags.insert(len(tags) - 1, f"zh-{script}")
    yield from tags


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def bundled_themes_folder() -> Path:
    return data_dir("themes")


def available_themes() -> list[Theme]:
    """Every bundled theme, by name."""
    folder = bundled_themes_folder()
    return [load_theme(child.name) for child in sorted(folder.iterdir()) if (child / "theme.toml").is_file()]


def load_theme(name_or_path: str) -> Theme:
    """A bundled theme by name, or a theme folder by path (``./mytheme``)."""
    return _load(name_or_path, ())


@cache
def _load(name_or_path: str, seen: tuple[Path, ...]) -> Theme:
    folder = _locate(name_or_path)
    if folder in seen:
        raise UsageError(f"theme {name_or_path!r} inherits from itself")
    try:
        data = tomllib.loads((folder / "theme.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UsageError(f"{folder / 'theme.toml'}: cannot be read ({error})") from None
    parent_name = data.pop("inherit", None)
    if parent_name:
        parent_ref = str(folder / parent_name) if parent_name.startswith((".", "/")) else parent_name
        parent = _load(parent_ref, (*seen, folder))
        tokens = _merge(parent.tokens, data)
        folders = (folder, *parent.folders)
    else:
        tokens, folders = data, (folder,)
    return Theme(
        name=str(data.get("name", folder.name)),
        description=str(data.get("description", "")),
        folders=folders,
        tokens=tokens,
    )


def _locate(name_or_path: str) -> Path:
    looks_like_path = any(sep in name_or_path for sep in ("/", "\\")) or name_or_path.startswith(".")
    candidates = [Path(name_or_path)] if looks_like_path else [bundled_themes_folder() / name_or_path]
    for candidate in candidates:
        if (candidate / "theme.toml").is_file():
            return candidate.resolve()
    known = ", ".join(child.name for child in sorted(bundled_themes_folder().iterdir()) if child.is_dir())
    if looks_like_path:
        raise UsageError(f"no theme at {name_or_path} (a theme folder holds a theme.toml)")
    raise UsageError(f"unknown theme {name_or_path!r} (known: {known}; or give a theme folder's path)")
