"""Streamlit's own English words (tooltips, screen-reader labels, the uploader's file list and its
errors) and their Chinese, with the small script that swaps them in the browser.

CSS can hide a text and show another, but not change an ``aria-label`` or the text of a tooltip
that appears on hover; the script watches the page (a MutationObserver, installed once per
window) and replaces exactly these phrases in text nodes and in ``aria-label``/``title``.
Only whole phrases are replaced, so what people type is never touched.
"""

from __future__ import annotations

import json
import re

WORDS = {
    # the file uploader and its file list
    "Add files": "添加文件",
    "add icon": "添加文件",
    "Upload": "选择文件",
    "Upload failed": "上传失败",
    "Click to retry upload": "点击重新上传",
    "Only one file is allowed.": "只能选择一个文件。",
    "File size is too small.": "文件是空的。",
    "Unexpected error. Please try again.": "出现意外错误，请重试。",
    "Error:": "错误：",
    "file upload": "上传文件",
    # the frame: sidebar, navigation, headings, status
    "Sidebar": "侧边栏",
    "Collapse sidebar": "收起侧边栏",
    "Expand sidebar": "展开侧边栏",
    "App pages": "页面导航",
    "Navigate to home page": "回到首页",
    "Link to heading": "链接到此标题",
    "Main menu": "主菜单",
    "Running...": "正在运行",
    "Stop script": "停止运行",
    "Notifications": "通知",
    "Markdown content": "文本",
    "Close": "关闭",
    "Dismiss": "关闭",
    "Open": "展开",
    # select boxes, multiselects, number inputs, tabs
    "Clear value": "清除",
    "Clear all": "全部清除",
    "Selected values": "已选的项",
    "Increment": "增加",
    "Decrement": "减少",
    "Scroll tabs left": "向左滚动",
    "Scroll tabs right": "向右滚动",
    "No results": "没有匹配的选项",
    # tables: the toolbar above a dataframe, its search and column menu
    "Show/hide columns": "显示或隐藏列",
    "Download as CSV": "下载为 CSV 文件",
    "Search": "搜索",
    "Close Search": "关闭搜索",
    "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏",
    "Dataframe column menu": "列菜单",
    "Copy column name": "复制列名",
    "Previous page": "上一页",
    "Next page": "下一页",
}

# Phrases with a name or size inside: (pattern, replacement).
PATTERNS = [
    (r"^Remove (.+)$", "移除 $1"),
    (r"^Help for (.+)$", "$1 的说明"),
    (r"^Cancel upload of (.+)$", "取消上传 $1"),
    (r"^File must be (.+) or smaller\.$", "文件不能超过 $1。"),
    (r"^(.+) files are not allowed\.$", "不接受 $1 文件。"),
    (r"^Upload (.+)$", "上传 $1"),
    (r"^Shortcut (.+)$", "快捷键 $1"),
]

_SCRIPT = """
<script>
(() => {
  if (window.__pioneerZh) return;
  window.__pioneerZh = true;
  const WORDS = %(words)s;
  const PATTERNS = %(patterns)s.map(([p, r]) => [new RegExp(p), r]);
  const zh = s => {
    const t = (s || '').trim();
    if (!t) return null;
    if (Object.prototype.hasOwnProperty.call(WORDS, t)) return WORDS[t];
    for (const [p, r] of PATTERNS) if (p.test(t)) return t.replace(p, r);
    return null;
  };
  const attrs = ['aria-label', 'title'];
  const fix = root => {
    if (root.nodeType === Node.TEXT_NODE) {
      const z = zh(root.nodeValue);
      if (z !== null) root.nodeValue = z;
      return;
    }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    for (const el of [root, ...root.querySelectorAll('[aria-label], [title]')]) {
      for (const a of attrs) {
        const z = el.getAttribute && zh(el.getAttribute(a));
        if (z) el.setAttribute(a, z);
      }
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = walker.nextNode())) {
      const z = zh(n.nodeValue);
      if (z !== null) n.nodeValue = z;
    }
  };
  fix(document.body);
  new MutationObserver(records => {
    for (const r of records) {
      if (r.type === 'attributes' || r.type === 'characterData') fix(r.target);
      else r.addedNodes.forEach(fix);
    }
  }).observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: attrs,
  });
})();
</script>
"""


def script() -> str:
    """The <script> for st.html(unsafe_allow_javascript=True)."""
    return _SCRIPT % {"words": json.dumps(WORDS), "patterns": json.dumps(PATTERNS)}


def translate(text: str) -> str | None:
    """What the script puts in place of ``text`` (None: left as it is); for tests."""
    t = text.strip()
    if t in WORDS:
        return WORDS[t]
    for pattern, repl in PATTERNS:
        if re.match(pattern, t):
            return re.sub(pattern, repl.replace("$", "\\"), t)
    return None
