"""Every page for every role, in headless Chromium: no English a person can see.

Collects what a user reads on each page: the visible text (SVG chart text included), input
placeholders, tooltips (``title``, the plotly mode bar's ``data-title``, a table toolbar's hover
tip), screen-reader labels (``aria-label``), what opens from the first date picker and the first
multiselect, and the uploader's file list once a file is chosen. Any run of Latin letters fails the test unless it is
on the allow-list below (proper nouns, file extensions, units) or part of a rule id (1.3.4a).
"""

from __future__ import annotations

import re

import pytest

from reports.rollup import area_word
from services.actor import CLI_ACTOR
from services.org import hierarchy
from tests.ui.browser import launch, log_in, open_page, settle
from tests.ui.conftest import password_of
from ui.pages.registry import ROLE_PAGES, title_of

pytestmark = pytest.mark.slow

USERS = {"office": "bangongshi", "department": "jycy", "inspector": "kaohe1", "viewer": "lingdao"}

# Words a Chinese office writes in Latin letters: file kinds, units, product and standard names.
ALLOWED = {
    # file kinds
    "PDF", "pdf", "DOCX", "docx", "DOC", "doc", "XLSX", "xlsx", "XLS", "xls", "CSV", "csv",
    "JPG", "jpg", "JPEG", "jpeg", "PNG", "png", "TIF", "tif", "TIFF", "tiff", "WPS", "OFD", "ofd",
    "TXT", "txt", "ZIP", "zip", "YAML", "yaml",
    # units
    "B", "MB", "KB", "GB", "px", "dpi",
    # proper nouns and standard names
    "Excel", "Word", "OCR", "GB/T", "ID",
}  # fmt: skip
# A rule id such as 1.3.4a, a standard number such as GB/T 9704, a masked ID ending in X.
ID_LIKE = re.compile(r"\d+(?:\.\d+)+[a-z]\b|GB/T|\d{6,}[\dX*]*X\b")
LATIN = re.compile(r"[A-Za-z]+")

COLLECT = """() => {
  const out = [];
  const focusable = 'a[href], button, input, select, textarea, [tabindex]';
  const seen = el => el && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
    && getComputedStyle(el).fontSize !== '0px'
    && (el.closest(focusable) || (r => r.width > 1 && r.height > 1)(el.getBoundingClientRect()));
  const icon = el => el.closest('[data-testid="stIconMaterial"], script, style, noscript')
    || /Material (Symbols|Icons)/i.test(getComputedStyle(el).fontFamily);
  const pseudo = (el, which) => {
    const c = getComputedStyle(el, which).content;
    const attr = /^attr\\(([-\\w]+)\\)$/.exec(c || '');
    if (attr) return el.getAttribute(attr[1]) || '';
    return /^".*"$/.test(c || '') ? c.slice(1, -1) : '';
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (text && el && !icon(el) && seen(el)) out.push(text);
  }
  for (const el of document.body.querySelectorAll('*')) {
    const tip = el.matches('.modebar-btn');  // shown on hover
    if (!tip && (!seen(el) || icon(el))) continue;
    for (const which of ['::before', '::after']) { const t = pseudo(el, which); if (t) out.push(t); }
    if (el.matches(':placeholder-shown')) out.push(el.getAttribute('placeholder'));
    if (el.getAttribute('title')) out.push(el.getAttribute('title'));
    if (el.getAttribute('aria-label')) out.push(el.getAttribute('aria-label'));  // read aloud
  }
  return out;
}"""


def english(texts: list[str]) -> list[str]:
    """The snippets that carry a Latin-letter run not on the allow-list."""
    bad = []
    for text in texts:
        rest = ID_LIKE.sub(" ", text)
        words = [w for w in LATIN.findall(rest) if w not in ALLOWED]
        if words:
            bad.append(f"{'/'.join(words)} ← {text[:80]!r}")
    return bad


def test_the_allow_list_lets_ids_and_file_kinds_through_and_nothing_else():
    assert (
        english(["规则 1.3.4a（未能创造性开展工作的）", "上传 PDF、XLSX，单个文件不超过 50 MB"])
        == []
    )
    assert english(["Drag and drop files here"]) == [
        "Drag/and/drop/files/here ← 'Drag and drop files here'"
    ]
    assert english(["2026年11月 Nov"]) and english(["Select all"])


def _popovers(page) -> list[str]:
    """Open the first date picker and the first multiselect; what they show."""
    texts = []
    for opener in (
        "[data-testid='stDateInputCalendarButton']",
        "[data-testid='stMultiSelect'] input:not([disabled])",
    ):
        boxes = page.locator(f"{opener}:visible")
        if not boxes.count():
            continue
        boxes.first.scroll_into_view_if_needed()
        boxes.first.click(timeout=10000)
        page.wait_for_timeout(600)
        texts += page.evaluate(COLLECT)
        page.keyboard.press("Escape")
        page.locator("h1").first.click(force=True)  # blur: the popover closes
        page.wait_for_timeout(300)
    return texts


def _toolbar_tip(page) -> list[str]:
    """Hover the first table, then its toolbar's first button: the tip it shows."""
    frame = page.locator("[data-testid='stDataFrame']:visible")
    if not frame.count():
        return []
    frame.first.scroll_into_view_if_needed()
    frame.first.hover()
    page.wait_for_timeout(500)
    buttons = page.locator("[data-testid='stElementToolbarButton']:visible")
    if not buttons.count():
        return []
    buttons.first.hover(force=True, timeout=10000)
    tip = page.locator("[data-testid='stTooltipContent']")
    try:
        tip.first.wait_for(timeout=5000)
    except Exception:  # no tip shown: nothing read here, the count below tells
        return []
    tips = tip.all_inner_texts()
    page.mouse.move(0, 0)
    return tips


def _chosen_file(page, tmp_path) -> list[str]:
    """Choose a file in the first uploader: its file list (name, size, remove button)."""
    box = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    if not box.count():
        return []
    pdf = tmp_path / "证明材料.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    box.first.set_input_files(str(pdf))
    page.wait_for_selector("[data-testid='stFileChip']", timeout=30000)
    settle(page)
    return page.evaluate(COLLECT)


def test_every_page_for_every_role_shows_no_english(demo_home, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.ui.browser import serve

    found: dict[str, list[str]] = {}
    seen = {"tips": 0, "file lists": 0}  # the hover tips and file lists really looked at
    area = area_word(hierarchy.unit_lines(CLI_ACTOR)[0].level)  # the roll-up: 全区总览
    with serve(demo_home) as url, sync_playwright() as p:
        browser = launch(p)
        for role, username in USERS.items():
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-US")
            log_in(page, url, username, password_of(demo_home, username))
            settle(page)
            for name in ROLE_PAGES[role][1]:
                open_page(page, title_of(name, area))
                tip = _toolbar_tip(page)
                texts = page.evaluate(COLLECT) + _popovers(page) + tip
                seen["tips"] += bool(tip)
                if name == "tasks":
                    chips = _chosen_file(page, tmp_path)
                    seen["file lists"] += any("证明材料.pdf" in t for t in chips)
                    texts += chips
                assert "Traceback" not in "\n".join(texts), f"{username} {name}"
                bad = english(texts)
                if bad:
                    found[f"{username} · {title_of(name, area)}"] = sorted(set(bad))
            page.close()
        browser.close()
    report = "\n".join(f"{where}:\n  " + "\n  ".join(bad) for where, bad in found.items())
    assert not found, f"页面上出现英文：\n{report}"
    assert all(seen.values()), seen
