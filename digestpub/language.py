"""Language detection from the text itself, and the runs of another language inside it.

:func:`detect_language` returns a BCP 47 tag: ``zh-Hans``, ``zh-Hant``, ``ja``, ``ko``, a few
European languages by their function words (``en`` when unsure), a handful of other scripts, or
``und`` when there is no text. :func:`foreign_runs` splits a string into the runs whose language
differs from the document's (a Japanese sentence inside a Chinese digest), so writers can tag them
and each script gets its regional glyph forms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from .cjk import _CJK_PUNCT, _HAN, _HANGUL, _KANA, HAN_RE, HANGUL_RE, KANA_RE
from .errors import UsageError

# Common characters whose simplified and traditional forms differ, pairwise (simplified, traditional).
_SIMPLIFIED = (
    "这们个来说时为国会对发开关经动进现学后么过还没样长从问见认实体机气电产业点头车东书话总应间"
    "华马门页网软务区数据报术类统语计设录训练读阅详论码览广层运营种将与边单万亿级组织构结络优质"
    "资费责贵买卖场变达连远选递钱银铁错键镜阶队际陆难题项预领频颜风飞饭驱验鱼鸟龙齐亚众传伤价"
    "余侧储兰兴写军农决况准几击创删刘则刚剧办劳势协卫厂历压县参双号叶吗听员响园围图圣坏块坚声"
    "处备复够夺奋奖妇妈娱孙宝宽导寿尔尘尝岁币师帐带帮庆库废异张弹强归当彻忆态怀恋恶惊惯战扩执"
    "扫护担拟择换损挥摄摆携敌断无旧显晋暂杂权条极标栏树档桥检楼欢欧毕汇汉汤沟泽洁测济浏浓涂润"
    "渐温湾湿满滚灭灯灵灾炉热爱爷牵犹状独狮猎环琐画畅疗疯监盖盘矿确础礼离称积稳竞笔筑简签篮粮"
    "紧红纪约纯纳线细终绍绑给绝继绩续维综绿缓编缩罗职联肃胜脑脚脱腾舰艺节苏荣药获虑虽补装观规"
    "视觉订讨让记讲许访证评识诉词译试诗诚询该误请诸课谁调谈谢贝负财败货购贸赛赞赶趋跃践转轮轻"
    "较载辆辑输迁违迟适逻遗邮邻释针钟钢钥链销锁锦闭闲闻阳阴阵随险隐雾韩顶顺须顾顿额饮馆驶骑骗"
    "鲁鸡"
)
_TRADITIONAL = (
    "這們個來說時為國會對發開關經動進現學後麼過還沒樣長從問見認實體機氣電產業點頭車東書話總應間"
    "華馬門頁網軟務區數據報術類統語計設錄訓練讀閱詳論碼覽廣層運營種將與邊單萬億級組織構結絡優質"
    "資費責貴買賣場變達連遠選遞錢銀鐵錯鍵鏡階隊際陸難題項預領頻顏風飛飯驅驗魚鳥龍齊亞眾傳傷價"
    "餘側儲蘭興寫軍農決況準幾擊創刪劉則剛劇辦勞勢協衛廠歷壓縣參雙號葉嗎聽員響園圍圖聖壞塊堅聲"
    "處備復夠奪奮獎婦媽娛孫寶寬導壽爾塵嘗歲幣師帳帶幫慶庫廢異張彈強歸當徹憶態懷戀惡驚慣戰擴執"
    "掃護擔擬擇換損揮攝擺攜敵斷無舊顯晉暫雜權條極標欄樹檔橋檢樓歡歐畢匯漢湯溝澤潔測濟瀏濃塗潤"
    "漸溫灣濕滿滾滅燈靈災爐熱愛爺牽猶狀獨獅獵環瑣畫暢療瘋監蓋盤礦確礎禮離稱積穩競筆築簡簽籃糧"
    "緊紅紀約純納線細終紹綁給絕繼績續維綜綠緩編縮羅職聯肅勝腦腳脫騰艦藝節蘇榮藥獲慮雖補裝觀規"
    "視覺訂討讓記講許訪證評識訴詞譯試詩誠詢該誤請諸課誰調談謝貝負財敗貨購貿賽贊趕趨躍踐轉輪輕"
    "較載輛輯輸遷違遲適邏遺郵鄰釋針鐘鋼鑰鏈銷鎖錦閉閒聞陽陰陣隨險隱霧韓頂順須顧頓額飲館駛騎騙"
    "魯雞"
)
_SIMPLIFIED_SET = frozenset(_SIMPLIFIED)
_TRADITIONAL_SET = frozenset(_TRADITIONAL)

# A few very common words per Latin-script language; enough to tell a digest's language apart.
_STOPWORDS = {
    "en": "the and of to in is a for that with on are this by from as be it an at was has will can new".split(),
    "fr": "le la les des et du une est pour dans que sur qui avec au aux ce nouveau".split(),
    "de": "der die das und ist ein eine mit für von den im nicht auf zu sich dem neue".split(),
    "es": "el los las del que en y es por con para una un se su nuevo modelo".split(),
    "it": "il lo gli di che è per una con non del della nel sono nuovo".split(),
    "pt": "os não uma um para com dos das novo são também mais pelo".split(),
    "nl": "het een en van is op te dat met voor niet zijn aan nieuwe".split(),
    "vi": "và của là có các được cho trong một những với không này đã để người mới về".split(),
}
_OTHER_SCRIPTS = (
    ("ru", re.compile("[\u0400-\u04ff]")),
    ("el", re.compile("[\u0370-\u03ff]")),
    ("ar", re.compile("[\u0600-\u06ff]")),
    ("he", re.compile("[\u0590-\u05ff]")),
    ("th", re.compile("[\u0e00-\u0e7f]")),
    ("hi", re.compile("[\u0900-\u097f]")),
    ("bn", re.compile("[\u0980-\u09ff]")),
    ("pa", re.compile("[\u0a00-\u0a7f]")),
    ("gu", re.compile("[\u0a80-\u0aff]")),
    ("or", re.compile("[\u0b00-\u0b7f]")),
    ("ta", re.compile("[\u0b80-\u0bff]")),
    ("te", re.compile("[\u0c00-\u0c7f]")),
    ("kn", re.compile("[\u0c80-\u0cff]")),
    ("ml", re.compile("[\u0d00-\u0d7f]")),
    ("si", re.compile("[\u0d80-\u0dff]")),
    ("lo", re.compile("[\u0e80-\u0eff]")),
    ("my", re.compile("[\u1000-\u109f]")),
    ("ka", re.compile("[\u10a0-\u10ff]")),
    ("am", re.compile("[\u1200-\u137f]")),
    ("km", re.compile("[\u1780-\u17ff]")),
    ("hy", re.compile("[\u0530-\u058f]")),
)
# Scripts written without spaces between words, besides Chinese, Japanese and Korean.
UNSPACED_SCRIPTS = re.compile(
    "|".join(pattern.pattern for tag, pattern in _OTHER_SCRIPTS if tag in ("th", "lo", "my", "km"))
)
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})
# Latin letters, with the accented ones of Latin-1, Extended-A/B and Extended Additional (Vietnamese).
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
LATIN_LETTER = re.compile(f"[{_LATIN}]")  # a letter of a Latin alphabet (with its accents)
_WORD = re.compile(f"[{_LATIN}]+")
_CJK_PUNCTUATION = re.compile(f"[{_CJK_PUNCT}]")


def detect_language(text: str) -> str:
    """Guess the main language of ``text`` as a BCP 47 tag (``und`` when there is nothing to go on)."""
    han = len(HAN_RE.findall(text))
    kana = len(KANA_RE.findall(text))
    hangul = len(HANGUL_RE.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    cjk = han + kana + hangul
    # A CJK character (or full-width punctuation mark) weighs about as much as a Latin word: a
    # Chinese sentence full of English product names is still Chinese.
    latin_words = len(_WORD.findall(text))
    if cjk and cjk + len(_CJK_PUNCTUATION.findall(text)) >= latin_words:
        if hangul >= (han + kana):
            return "ko"
        # Kana alone does not make Japanese (a Chinese digest quotes Japanese); grammar words do.
        if kana and _count(text, _JAPANESE_PARTICLES) > _count(text, _CHINESE_ONLY):
            return "ja"
        return chinese_variant(text)
    others = {tag: len(pattern.findall(text)) for tag, pattern in _OTHER_SCRIPTS}
    best_other = max(others, key=lambda tag: others[tag])
    if others[best_other] > latin:
        return best_other
    if latin:
        return _latin_language(text)
    if cjk:
        return chinese_variant(text) if han else ("ja" if kana else "ko")
    return "und"


_JAPANESE_PARTICLES = frozenset("のはがをにでとへもやね")
# Characters Japanese does not write: Chinese grammar words, and simplified forms that differ
# from Japanese ones (国, 学, 会 … are the same in both and do not count).
_SHARED_WITH_JAPANESE = frozenset("国学会来体点区数将与万写号声宝当旧条礼双参余机叶画")
_CHINESE_ONLY = frozenset("的了们吗呢吧没还么這們說嗎沒還麼") | (_SIMPLIFIED_SET - _SHARED_WITH_JAPANESE)


def _count(text: str, characters: frozenset[str]) -> int:
    return sum(map(characters.__contains__, text))


def chinese_variant(text: str) -> str:
    """``zh-Hant`` when traditional-only characters outnumber simplified-only ones, else ``zh-Hans``."""
    simplified = _count(text, _SIMPLIFIED_SET)
    traditional = _count(text, _TRADITIONAL_SET)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


# Chinese regions and the script written there, for a tag that names a region but no script.
_CHINESE_SCRIPT_OF_REGION = {
    "tw": "Hant",
    "hk": "Hant",
    "mo": "Hant",
    "cn": "Hans",
    "sg": "Hans",
    "my": "Hans",
}
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def checked_language_tag(tag: str) -> str:
    """``tag`` if it has the shape of a BCP 47 language tag (``zh-Hant``, ``pt-BR``), else a usage
    error: a forced language is written into the page and its stylesheet."""
    if not _LANGUAGE_TAG.fullmatch(tag):
        raise UsageError(f"the language {tag!r} is not a language tag such as zh-Hans, zh-Hant, ja or en")
    return tag


def chinese_script(tag: str) -> str | None:
    """``Hans`` or ``Hant`` for a Chinese tag that says which (by script, or by region: ``zh-TW``),
    in any case; None for anything else (``zh`` alone, ``zh-Latn``, ``ja``)."""
    parts = tag.casefold().split("-")
    if parts[0] != "zh":
        return None
    for part in parts[1:]:
        if part in ("hans", "hant"):
            return part.capitalize()
    return next(
        (_CHINESE_SCRIPT_OF_REGION[part] for part in parts[1:] if part in _CHINESE_SCRIPT_OF_REGION), None
    )


# Quotations, which a digest in one script of Chinese may give in the other: 「…」, 『…』, “…”.
_QUOTED = re.compile("「[^」]*」|『[^』]*』|“[^”]*”")


def other_chinese_script(text: str, document_language: str) -> str | None:
    """The other script of Chinese (``zh-Hant`` in a ``zh-Hans`` document, or the reverse) when
    ``text`` is clearly written in it: outside quotations, at least three characters only that
    script has, four times as many as of the document's own. A name or a quotation in the other
    script is not enough. None when the document's script is not known (``zh``)."""
    script = chinese_script(document_language)
    if script is None:
        return None
    unquoted = _QUOTED.sub("", text)
    simplified = _count(unquoted, _SIMPLIFIED_SET)
    traditional = _count(unquoted, _TRADITIONAL_SET)
    own, other, tag = (
        (traditional, simplified, "zh-Hans") if script == "Hant" else (simplified, traditional, "zh-Hant")
    )
    return tag if other >= 3 and other >= 4 * own else None


def _latin_language(text: str) -> str:
    words = Counter(word.lower() for word in _WORD.findall(text))
    scores = {tag: sum(words[word] for word in stopwords) for tag, stopwords in _STOPWORDS.items()}
    best = max(scores, key=lambda tag: scores[tag])
    # Another language must clearly beat English, which shares many short words with them.
    return best if scores[best] >= 3 and scores[best] > 1.5 * scores["en"] else "en"


def direction_of(language: str) -> str:
    """``rtl`` for a language written right to left (Arabic, Hebrew, Persian, Urdu), else ``ltr``."""
    return "rtl" if primary(language) in RTL_LANGUAGES else "ltr"


def same_language(detected: str, document: str) -> bool:
    """Whether text detected as ``detected`` is in the document's language: the same primary tag,
    or the script the detector names ``detected`` by (Arabic for a Persian document, Cyrillic
    for a Ukrainian one)."""
    doc = primary(document)
    return primary(detected) in (doc, _SCRIPT_OF.get(doc, doc))


def primary(tag: str) -> str:
    """The primary subtag: ``zh`` for ``zh-Hans``."""
    return tag.split("-", 1)[0].lower()


def is_cjk_language(tag: str) -> bool:
    """Chinese, Japanese or Korean, in any script or region."""
    return primary(tag) in ("zh", "ja", "ko")


# --------------------------------------------------------------------------- foreign runs

# Candidate runs are found with patterns that never backtrack (long paragraphs stay linear), then
# kept when they hold the script that makes them foreign: kana, Hangul, or Han.
# A Japanese run: clauses of Han and kana, joined by Japanese commas and dots, holding kana.
_JAPANESE_CANDIDATE = re.compile(f"[{_HAN}{_KANA}]+(?:[、・][{_HAN}{_KANA}]+)*")
# A Korean run: from a Hangul syllable to the last one of its sentence (Korean is spaced).
_KOREAN_CANDIDATE = re.compile(f"[{_HANGUL}][{_HANGUL}{_HAN}{_CJK_PUNCT}\\s\\d,.!?·'\"()\\-]*")
_CHINESE_CANDIDATE = re.compile(f"[{_HAN}{_CJK_PUNCT}]+")
# A run of another script (Thai, Arabic, Devanagari …): its letters, with the spaces, joiners,
# digits and punctuation between its words (one run per sentence, not per clause).
_BETWEEN_WORDS = " \u200c\u200d\\d,.;:!?()«»'\"\\-–—،؛؟।"
_OTHER_SCRIPT_RUNS = tuple(
    (tag, re.compile(f"{pattern.pattern}+(?:[{_BETWEEN_WORDS}]+{pattern.pattern}+)*"))
    for tag, pattern in _OTHER_SCRIPTS
)
_ANY_OTHER_SCRIPT = re.compile("|".join(pattern.pattern for _, pattern in _OTHER_SCRIPTS))
# Languages written in the script another one is detected by: their own text is not foreign.
_SCRIPT_OF = {
    **dict.fromkeys(("fa", "ur", "ps", "ug"), "ar"),
    **dict.fromkeys(("uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg"), "ru"),
    **dict.fromkeys(("mr", "ne", "sa", "kok"), "hi"),
    **dict.fromkeys(("yi", "lad"), "he"),
    **dict.fromkeys(("as",), "bn"),
}
_MIN_SCRIPT_RUN = 2  # a lone letter ("5 μm", "α-test") is a symbol, not a language


def foreign_runs(text: str, document_language: str) -> Iterator[tuple[str, str | None]]:
    """Split ``text`` into ``(run, lang)`` pairs; ``lang`` is None where the document's language holds.

    In a Chinese document, runs with kana are Japanese and runs of Hangul Korean; in a Japanese or
    Korean one, the other of the two; in any other document, CJK runs get their own language. Runs
    of another script (Thai, Arabic, Devanagari …) get the language it is written in, in any document.
    """
    doc = primary(document_language)
    spans: list[tuple[int, int, str]] = []
    taken = bytearray(len(text))  # 1 where a span already holds the character

    def take(start: int, end: int, lang: str) -> None:
        if not any(taken[start:end]):
            spans.append((start, end, lang))
            taken[start:end] = b"\x01" * (end - start)

    if doc != "ja" and KANA_RE.search(text):
        for match in _JAPANESE_CANDIDATE.finditer(text):
            if KANA_RE.search(match.group()):
                take(*match.span(), "ja")
    if doc != "ko" and HANGUL_RE.search(text):
        for match in _KOREAN_CANDIDATE.finditer(text):
            run = match.group()
            kept = next(i for i in range(len(run), 0, -1) if HANGUL_RE.match(run[i - 1]))
            if run[kept : kept + 1] in (".", "!", "?", "。"):
                kept += 1  # the sentence keeps its own full stop
            take(match.start(), match.start() + kept, "ko")
    if not is_cjk_language(doc) and HAN_RE.search(text):
        for match in _CHINESE_CANDIDATE.finditer(text):
            if HAN_RE.search(match.group()):
                take(*match.span(), chinese_variant(match.group()))
    if _ANY_OTHER_SCRIPT.search(text):
        own_script = _SCRIPT_OF.get(doc, doc)
        for tag, script_run in _OTHER_SCRIPT_RUNS:
            if tag != own_script:
                for match in script_run.finditer(text):
                    if match.end() - match.start() >= _MIN_SCRIPT_RUN:
                        take(*match.span(), tag)
    if not spans:
        yield text, None
        return
    spans.sort()
    position = 0
    for start, end, lang in spans:
        if start > position:
            yield text[position:start], None
        yield text[start:end], lang
        position = end
    if position < len(text):
        yield text[position:], None
