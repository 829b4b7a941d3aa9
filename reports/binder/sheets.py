"""Excel evidence printed to fit the page width: the sheets' page setup rewritten in place.

Only the page-setup elements of each worksheet's XML are touched (by text, so that charts,
pictures and styles stay exactly as the user made them): fit to one page wide and as many
pages tall as needed, on A4, landscape unless the sheet says otherwise. Runs in the sandbox.
"""

from __future__ import annotations

import re
import zipfile

_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml$")
_ROOT = re.compile(r"<(\w+:)?worksheet\b[^>]*>")
_AFTER_SETUP = (
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


def _drop_attrs(tag: str, names: tuple[str, ...]) -> str:
    for name in names:
        tag = re.sub(rf'\s{name}="[^"]*"', "", tag)
    return tag


def fit_sheet_xml(xml: str) -> str:
    root = _ROOT.search(xml)
    if root is None:
        return xml
    p = root.group(1) or ""
    fit = f'<{p}pageSetUpPr fitToPage="1"/>'
    pr = re.search(rf"<{p}sheetPr\b[^>]*?(/?)>", xml)
    if pr is None:
        xml = xml[: root.end()] + f"<{p}sheetPr>{fit}</{p}sheetPr>" + xml[root.end() :]
    elif pr.group(1):  # <sheetPr .../>
        opened = pr.group(0)[:-2].rstrip() + ">"
        xml = xml[: pr.start()] + opened + fit + f"</{p}sheetPr>" + xml[pr.end() :]
    else:
        end = xml.index(f"</{p}sheetPr>", pr.end())
        inner = xml[pr.end() : end]
        old = re.search(rf"<{p}pageSetUpPr\b[^>]*/>", inner)
        if old:
            tag = _drop_attrs(old.group(0)[:-2], ("fitToPage",)) + ' fitToPage="1"/>'
            inner = inner[: old.start()] + tag + inner[old.end() :]
        else:
            inner += fit
        xml = xml[: pr.end()] + inner + xml[end:]
    setup = re.search(rf"<{p}pageSetup\b[^>]*?/?>", xml)
    if setup:
        closing = "/>" if setup.group(0).endswith("/>") else ">"
        tag = _drop_attrs(
            setup.group(0)[: -len(closing)], ("fitToWidth", "fitToHeight", "paperSize")
        )
        if "orientation=" not in tag:
            tag += ' orientation="landscape"'
        tag += f' paperSize="9" fitToWidth="1" fitToHeight="0"{closing}'
        return xml[: setup.start()] + tag + xml[setup.end() :]
    new = f'<{p}pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
    margins = re.search(rf"<{p}pageMargins\b[^>]*/>", xml)
    if margins:
        return xml[: margins.end()] + new + xml[margins.end() :]
    later = [m.start() for n in _AFTER_SETUP if (m := re.search(rf"<{p}{n}\b", xml))]
    at = min(later) if later else xml.rindex(f"</{p}worksheet>")
    return xml[:at] + new + xml[at:]


def fit_width(src: str, out: str) -> None:
    """Copy the workbook ``src`` to ``out`` with every worksheet set to fit the page width."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if _SHEET.match(info.filename):
                data = fit_sheet_xml(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
