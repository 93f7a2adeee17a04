"""Word equations (Office Math Markup, ECMA-376 part 1 §22.1: m:oMath, m:oMathPara) into
LaTeX that KaTeX draws: runs (Greek letters and operators as commands), fractions (bar,
skewed, linear, no bar), scripts (m:sSup, m:sSub, m:sSubSup, m:sPre), radicals, delimiters
(m:d with its begChr/endChr/sepChr), n-ary operators (∑ ∫ ∏… with their limits), functions
(sin, log, lim…), accents (hat, bar, vec, dot…), m:bar, m:groupChr, m:limLow/m:limUpp,
matrices, equation arrays, boxes and phantoms. An element it does not know gives its
text: nothing is dropped. Pure: an element in, a string out."""

from __future__ import annotations

import re

from repository.questions.formats.docx.wordml import _M, _W


def _m(name: str) -> str:
    return f"{{{_M}}}{name}"


_W_R, _W_T, _M_T = f"{{{_W}}}r", f"{{{_W}}}t", _m("t")
_W_SKIPPED = {f"{{{_W}}}{name}" for name in ("del", "moveFrom", "rPr", "bookmarkStart", "bookmarkEnd",
                                            "proofErr", "commentRangeStart", "commentRangeEnd")}

# Characters of math runs as LaTeX commands.
_SYMBOLS = {
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon", "ϵ": r"\epsilon",
    "ζ": r"\zeta", "η": r"\eta", "θ": r"\theta", "ϑ": r"\vartheta", "ι": r"\iota", "κ": r"\kappa",
    "λ": r"\lambda", "μ": r"\mu", "ν": r"\nu", "ξ": r"\xi", "ο": "o", "π": r"\pi", "ϖ": r"\varpi",
    "ρ": r"\rho", "ϱ": r"\varrho", "σ": r"\sigma", "ς": r"\varsigma", "τ": r"\tau", "υ": r"\upsilon",
    "φ": r"\varphi", "ϕ": r"\phi", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega",
    "Γ": r"\Gamma", "Δ": r"\Delta", "∆": r"\Delta", "Θ": r"\Theta", "Λ": r"\Lambda", "Ξ": r"\Xi",
    "Π": r"\Pi", "Σ": r"\Sigma", "Υ": r"\Upsilon", "Φ": r"\Phi", "Ψ": r"\Psi", "Ω": r"\Omega",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Χ": "X",
    "≤": r"\le", "≦": r"\le", "≥": r"\ge", "≧": r"\ge", "≠": r"\ne", "≈": r"\approx", "≡": r"\equiv",
    "≅": r"\cong", "∼": r"\sim", "≃": r"\simeq", "∝": r"\propto", "≪": r"\ll", "≫": r"\gg",
    "×": r"\times", "÷": r"\div", "·": r"\cdot", "⋅": r"\cdot", "∙": r"\cdot", "±": r"\pm", "∓": r"\mp",
    "−": "-", "∗": r"\ast", "∘": r"\circ", "⊕": r"\oplus", "⊗": r"\otimes",
    "→": r"\rightarrow", "←": r"\leftarrow", "↔": r"\leftrightarrow", "⇒": r"\Rightarrow",
    "⇐": r"\Leftarrow", "⇔": r"\Leftrightarrow", "↑": r"\uparrow", "↓": r"\downarrow", "↦": r"\mapsto",
    "⟶": r"\longrightarrow", "⟹": r"\Longrightarrow", "⟺": r"\Longleftrightarrow", "⇌": r"\rightleftharpoons",
    "∞": r"\infty", "∈": r"\in", "∉": r"\notin", "∋": r"\ni", "⊂": r"\subset", "⊃": r"\supset",
    "⊆": r"\subseteq", "⊇": r"\supseteq", "⊄": r"\not\subset", "∪": r"\cup", "∩": r"\cap",
    "∅": r"\varnothing", "⌀": r"\varnothing", "∀": r"\forall", "∃": r"\exists", "∄": r"\nexists",
    "¬": r"\neg", "∧": r"\land", "∨": r"\lor", "∴": r"\therefore", "∵": r"\because",
    "∂": r"\partial", "∇": r"\nabla", "°": r"^{\circ}", "∠": r"\angle", "⊥": r"\perp", "∥": r"\parallel",
    "△": r"\triangle", "▵": r"\triangle", "…": r"\ldots", "⋯": r"\cdots", "⋮": r"\vdots", "⋱": r"\ddots",
    "′": "'", "″": "''", "‴": "'''", "ℓ": r"\ell", "ℏ": r"\hbar", "√": r"\surd",
    "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℤ": r"\mathbb{Z}", "ℚ": r"\mathbb{Q}", "ℂ": r"\mathbb{C}",
    "∑": r"\sum", "∏": r"\prod", "∐": r"\coprod", "∫": r"\int", "∬": r"\iint", "∭": r"\iiint",
    "∮": r"\oint", "⋃": r"\bigcup", "⋂": r"\bigcap", "⋁": r"\bigvee", "⋀": r"\bigwedge",
    "⟨": r"\langle", "⟩": r"\rangle", "〈": r"\langle", "〉": r"\rangle", "⌊": r"\lfloor", "⌋": r"\rfloor",
    "⌈": r"\lceil", "⌉": r"\rceil", "‖": r"\|",
    "{": r"\{", "}": r"\}", "#": r"\#", "%": r"\%", "&": r"\&", "$": r"\$", "_": r"\_",
    "\\": r"\backslash", "~": r"\sim", "^": r"\text{\textasciicircum}", "\u00a0": " ", "\u2009": " ",
}
_TEXT_ESCAPES = {"\\": r"\textbackslash ", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
                 "&": r"\&", "_": r"\_", "^": r"\textasciicircum ", "~": r"\textasciitilde "}
_DELIMITERS = {"(": "(", ")": ")", "[": "[", "]": "]", "{": r"\{", "}": r"\}", "|": "|", "│": "|",
               "‖": r"\|", "⟨": r"\langle", "⟩": r"\rangle", "〈": r"\langle", "〉": r"\rangle",
               "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil", "/": "/", "": "."}
_FUNCTIONS = {"sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
              "coth", "log", "ln", "lg", "exp", "lim", "max", "min", "sup", "inf", "det", "gcd", "deg", "dim",
              "ker", "arg", "liminf", "limsup", "Pr", "hom"}
_LIMIT_FUNCTIONS = {"lim", "max", "min", "sup", "inf", "liminf", "limsup"}
# m:acc characters (combining marks, or their spacing forms): (one letter, several letters).
_ACCENTS = {
    "\u0302": (r"\hat", r"\widehat"), "^": (r"\hat", r"\widehat"), "ˆ": (r"\hat", r"\widehat"),
    "\u0303": (r"\tilde", r"\widetilde"), "~": (r"\tilde", r"\widetilde"), "˜": (r"\tilde", r"\widetilde"),
    "\u0304": (r"\bar", r"\overline"), "\u0305": (r"\bar", r"\overline"), "¯": (r"\bar", r"\overline"),
    "\u20d7": (r"\vec", r"\overrightarrow"), "→": (r"\vec", r"\overrightarrow"),
    "\u20d6": (r"\overleftarrow", r"\overleftarrow"), "\u20e1": (r"\overleftrightarrow", r"\overleftrightarrow"),
    "\u0307": (r"\dot", r"\dot"), "˙": (r"\dot", r"\dot"), "\u0308": (r"\ddot", r"\ddot"),
    "\u20db": (r"\dddot", r"\dddot"), "\u030c": (r"\check", r"\check"), "\u0306": (r"\breve", r"\breve"),
    "\u0301": (r"\acute", r"\acute"), "\u0300": (r"\grave", r"\grave"), "\u030a": (r"\mathring", r"\mathring"),
}
_STYLES = {"double-struck": r"\mathbb", "script": r"\mathcal", "fraktur": r"\mathfrak"}
_COMMAND_END = re.compile(r"\\[A-Za-z]+$")
_ATOM = re.compile(r"(?:[^\s\\{}^_]|\\[A-Za-z]+|\\[{}|#%&$_])")
# A word as a function's name: "sin", "{sin}", "\mathrm{sin}", "{\mathrm{sin}}".
_WORD = re.compile(r"(\{)?(\\mathrm\{)?(?P<word>[A-Za-z]+)(?(2)\})(?(1)\})")


def to_latex(math) -> str:
    """The LaTeX of an m:oMath element (no delimiters)."""
    return _Converter().children(math).strip()


def paragraph(math_paragraph) -> list[str]:
    """The LaTeX of each m:oMath of an m:oMathPara (a display equation), in order."""
    return [to_latex(math) for math in math_paragraph.iter(_m("oMath"))]


def _cat(parts) -> str:
    """Pieces of LaTeX joined, a space after a command a letter would otherwise extend."""
    out = ""
    for part in parts:
        if not part:
            continue
        if _COMMAND_END.search(out) and part[0].isalpha():
            out += " "
        out += part
    return out


def _group(latex: str) -> str:
    """One atom as it is, anything else in braces."""
    return latex if _ATOM.fullmatch(latex) else "{" + latex + "}"


def _local(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _prop(element, pr: str, name: str) -> str | None:
    """The m:val of `name` in the element's properties `pr`, None when absent ("" without a value)."""
    props = element.find(_m(pr))
    found = props.find(_m(name)) if props is not None else None
    if found is None:
        return None
    return found.get(_m("val"), "")


def _on(element, pr: str, name: str) -> bool:
    value = _prop(element, pr, name)
    return value is not None and value.lower() not in ("0", "off", "false")


def _math_text(text: str, align: bool = False) -> str:
    pieces = []
    for ch in text:
        if align and ch == "&":
            pieces.append("&")
        else:
            pieces.append(_SYMBOLS.get(ch, ch))
    return _cat(pieces)


def _text_mode(text: str) -> str:
    return r"\text{" + "".join(_TEXT_ESCAPES.get(ch, ch) for ch in text) + "}"


def _wordy(text: str) -> bool:
    """Letters no math command stands for (Vietnamese words typed in an equation)."""
    return any(ch.isalpha() and ord(ch) > 127 and ch not in _SYMBOLS for ch in text)


class _Converter:
    def __init__(self):
        self.align = False  # inside an equation array: "&" marks where rows align

    def children(self, element) -> str:
        return _cat(self.convert(child) for child in element)

    def arg(self, element, name: str) -> str:
        found = element.find(_m(name))
        return self.children(found).strip() if found is not None else ""

    def convert(self, element) -> str:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag:  # comments, processing instructions
            return ""
        if not tag.startswith(f"{{{_M}}}"):
            if tag in _W_SKIPPED:
                return ""
            if tag == _W_R:  # a text run inside an equation
                text = "".join(t.text or "" for t in element.iter(_W_T))
                return _text_mode(text) if text.strip() else text
            return self.children(element)
        name = _local(element)
        if name.endswith("Pr"):
            return ""
        method = getattr(self, f"_{name}", None)
        if method is None:
            return self.unknown(element)
        return method(element)

    def unknown(self, element) -> str:
        """An element not known here: its text, so that nothing is lost."""
        return _math_text("".join(t.text or "" for t in element.iter(_M_T, _W_T)), self.align)

    # arguments and containers
    def _e(self, element):
        return self.children(element)

    _num = _den = _sub = _sup = _deg = _lim = _fName = _oMath = _box = _e

    def _oMathPara(self, element):
        return r" \\ ".join(to_latex(math) for math in element.iter(_m("oMath")))

    def _r(self, element):
        text = "".join(t.text or "" for t in element if t.tag in (_M_T, _W_T))
        if not text:
            return ""
        if _on(element, "rPr", "nor") or _wordy(text):
            return _text_mode(text)
        latex = _math_text(text, self.align)
        script = _prop(element, "rPr", "scr")
        style = _prop(element, "rPr", "sty")
        if not any(ch.isalnum() for ch in text):
            return latex
        if script in _STYLES:
            return _STYLES[script] + "{" + latex + "}"
        if style == "b":
            return r"\mathbf{" + latex + "}"
        if style == "bi":
            return r"\boldsymbol{" + latex + "}"
        if style == "p" and any(ch.isascii() and ch.isalpha() for ch in text) and len(text.strip()) > 1:
            return r"\mathrm{" + latex + "}"
        return latex

    # fractions, scripts, radicals
    def _f(self, element):
        kind = _prop(element, "fPr", "type") or "bar"
        num, den = self.arg(element, "num"), self.arg(element, "den")
        if kind in ("skw", "lin"):
            return f"{_group(num)}/{_group(den)}"
        if kind == "noBar":
            return r"\genfrac{}{}{0pt}{}{" + num + "}{" + den + "}"
        return r"\frac{" + num + "}{" + den + "}"

    def _sSup(self, element):
        return _group(self.arg(element, "e")) + "^{" + self.arg(element, "sup") + "}"

    def _sSub(self, element):
        return _group(self.arg(element, "e")) + "_{" + self.arg(element, "sub") + "}"

    def _sSubSup(self, element):
        return (_group(self.arg(element, "e")) + "_{" + self.arg(element, "sub") + "}^{"
                + self.arg(element, "sup") + "}")

    def _sPre(self, element):
        return "{}_{" + self.arg(element, "sub") + "}^{" + self.arg(element, "sup") + "}" + _group(
            self.arg(element, "e"))

    def _rad(self, element):
        degree = self.arg(element, "deg")
        base = self.arg(element, "e")
        if _on(element, "radPr", "degHide") or not degree:
            return r"\sqrt{" + base + "}"
        return r"\sqrt[" + degree + "]{" + base + "}"

    # delimiters, operators, functions
    def _d(self, element):
        begin, end, separator = (_prop(element, "dPr", name) for name in ("begChr", "endChr", "sepChr"))
        begin = "(" if begin is None else begin
        end = ")" if end is None else end
        separator = "|" if separator is None else separator
        if separator in ("|", "│"):
            joiner = r" \middle| "
        else:
            joiner = _math_text(separator) + " "
        inside = joiner.join(self.children(e).strip() for e in element.findall(_m("e")))
        if begin in _DELIMITERS and end in _DELIMITERS:
            return _cat([r"\left" + _DELIMITERS[begin], inside, r"\right" + _DELIMITERS[end]])
        return _cat([_math_text(begin), inside, _math_text(end)])

    def _nary(self, element):
        char = _prop(element, "naryPr", "chr") or "∫"
        operator = _SYMBOLS.get(char, char)
        below, above = self.arg(element, "sub"), self.arg(element, "sup")
        if below and not _on(element, "naryPr", "subHide"):
            operator += "_{" + below + "}"
        if above and not _on(element, "naryPr", "supHide"):
            operator += "^{" + above + "}"
        body = self.arg(element, "e")
        return operator + (" " + body if body else "")

    def _func(self, element):
        name = self.arg(element, "fName")
        leading = _WORD.match(name)  # "sin", "\\mathrm{sin}" (Word's upright style), "{log}" under a subscript
        if leading and (len(name) == leading.end() or name[leading.end()] in "_^{ "):
            word, rest = leading.group("word"), name[leading.end():]
            if word in _FUNCTIONS:
                name = "\\" + word + rest
            elif len(word) > 1:
                name = r"\operatorname{" + word + "}" + rest
        body = self.arg(element, "e")
        return name + (" " + body if body else "")

    def _limLow(self, element):
        base, limit = self.arg(element, "e"), self.arg(element, "lim")
        word = _WORD.fullmatch(base)
        if word and word.group("word") in _LIMIT_FUNCTIONS:
            return "\\" + word.group("word") + "_{" + limit + "}"
        return r"\underset{" + limit + "}{" + base + "}"

    def _limUpp(self, element):
        base, limit = self.arg(element, "e"), self.arg(element, "lim")
        word = _WORD.fullmatch(base)
        if word and word.group("word") in _LIMIT_FUNCTIONS:
            return "\\" + word.group("word") + "^{" + limit + "}"
        return r"\overset{" + limit + "}{" + base + "}"

    # accents and bars
    def _acc(self, element):
        char = _prop(element, "accPr", "chr")
        char = "\u0302" if char is None else char
        base = self.arg(element, "e")
        if char in _ACCENTS:
            narrow, wide = _ACCENTS[char]
            return (narrow if _ATOM.fullmatch(base) else wide) + "{" + base + "}"
        return r"\overset{" + _math_text(char) + "}{" + base + "}"

    def _bar(self, element):
        top = (_prop(element, "barPr", "pos") or "bot") == "top"
        return (r"\overline{" if top else r"\underline{") + self.arg(element, "e") + "}"

    def _groupChr(self, element):
        char = _prop(element, "groupChrPr", "chr")
        char = "\u23df" if char is None else char
        top = (_prop(element, "groupChrPr", "pos") or "bot") == "top"
        base = self.arg(element, "e")
        if char == "\u23df":
            return r"\underbrace{" + base + "}"
        if char == "\u23de":
            return r"\overbrace{" + base + "}"
        return (r"\overset{" if top else r"\underset{") + _math_text(char) + "}{" + base + "}"

    def _borderBox(self, element):
        return r"\boxed{" + self.arg(element, "e") + "}"

    def _phant(self, element):
        value = _prop(element, "phantPr", "show")
        if value is not None and value.lower() in ("0", "off", "false"):
            return r"\phantom{" + self.arg(element, "e") + "}"
        return self.arg(element, "e")

    # matrices and equation arrays
    def _m(self, element):
        rows = [" & ".join(self.children(cell).strip() for cell in row.findall(_m("e")))
                for row in element.findall(_m("mr"))]
        return r"\begin{matrix}" + r" \\ ".join(rows) + r"\end{matrix}"

    def _eqArr(self, element):
        outer, self.align = self.align, True
        try:
            rows = [self.children(row).strip() for row in element.findall(_m("e"))]
        finally:
            self.align = outer
        body = r" \\ ".join(rows)
        if "&" in body.replace(r"\&", ""):
            return r"\begin{aligned}" + body + r"\end{aligned}"
        return r"\begin{array}{l}" + body + r"\end{array}"
