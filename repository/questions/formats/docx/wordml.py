"""The WordprocessingML names the reader looks for."""

from __future__ import annotations

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_O = "urn:schemas-microsoft-com:office:office"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


W_P, W_R, W_TBL, W_TR, W_TC, W_T = _w("p"), _w("r"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
W_VAL = _w("val")
# Elements that hold runs inside a paragraph (read through); deleted text is skipped.
_RUN_CONTAINERS = {_w(n) for n in ("hyperlink", "ins", "smartTag", "sdt", "sdtContent", "customXml",
                                   "fldSimple", "moveTo", "dir", "bdo")}
_BLOCK_CONTAINERS = {_w(n) for n in ("sdt", "sdtContent", "customXml")}
_MATH = {f"{{{_M}}}oMath", f"{{{_M}}}oMathPara"}
