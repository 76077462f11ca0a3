"""Write a large, realistic digest (10 sections × 10 items) for the benchmark.

The text is generated deterministically: words taken from this project's own example digest,
mixed with common Chinese characters (GB2312 level 1), so the page uses about as many distinct
characters as a real 100-item issue does. Usage: ``python bench/make_large.py OUT.md [ITEMS]``.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tech-weekly-2026-01-05.md"


def _common_characters() -> list[str]:
    """GB2312 level-1 hanzi (rows 16-55): the 3,755 most common characters."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def make_digest(items: int = 100, seed: int = 2026) -> str:
    rng = random.Random(seed)
    words = re.findall(r"[\u4e00-\u9fff]{2,4}", EXAMPLE.read_text(encoding="utf-8"))
    common = _common_characters()[:2200]

    def phrase(length: int) -> str:
        parts = []
        while sum(map(len, parts)) < length:
            if rng.random() < 0.7:
                parts.append(rng.choice(words))
            else:
                parts.append("".join(rng.choice(common) for _ in range(rng.randint(1, 3))))
        return "".join(parts)

    def sentence(length: int) -> str:
        text = phrase(length)
        if rng.random() < 0.4:
            text = f"{text[: length // 2]} {rng.choice(['GPU', 'API', 'Agent', 'RAG', 'SDK', 'LLM'])}-{rng.randint(2, 99)} {text[length // 2 :]}"
        return text + rng.choice(["。", "，" + phrase(12) + "。", "；" + phrase(10) + "。"])

    sections = 10
    per_section = max(1, items // sections)
    lines = ["# 科技前沿周报（大规模测试）(2026-03-02 至 2026-03-08)", "", "## ⚡ 本期速览", ""]
    titles = [[phrase(10) for _ in range(per_section)] for _ in range(sections)]
    for index in range(min(20, items)):
        title = titles[index % sections][(index // sections) % per_section]
        lines.append(f"- **[{phrase(2)}]** **{title}**：{sentence(40)}")
    lines += ["", "---", ""]
    for section in range(sections):
        lines += [f"## {section + 1}. {phrase(6)}", ""]
        for position in range(per_section):
            lines += [f"### **{titles[section][position]}**", ""]
            if rng.random() < 0.6:
                day = rng.randint(2, 8)
                lines += [
                    f"[阅读原文](https://example.com/news/{section}-{position})  `[2026-03-0{day}]`",
                    "",
                ]
            lines += [f"> **概要**：{sentence(60)}{sentence(50)}", "", "**💡内容详解**", ""]
            for _ in range(3):
                lines.append(f"- **{phrase(6)}**")
                for _ in range(2):
                    lines.append(f"    - **{phrase(4)}**：{sentence(70)}")
                lines.append("")
            lines += [f"[相关论文](https://arxiv.org/abs/2603.{section:02d}{position:03d})", ""]
        lines += ["---", ""]
    lines += ["## 拓展阅读", "", "### [行业报告]"]
    lines += [f"* [{phrase(8)}](https://example.com/report/{i}) - 报告" for i in range(5)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    target.write_text(make_digest(count), encoding="utf-8")
    print(target)
