"""Read a 领导小组成员名单 (the leading group's member list) from its text.

Two shapes are read:

- the 公文 list, as in 附件1 of a 创建工作方案: role labels (组长：/副组长：/成员：) followed by
  people written 「姓名（职务、职务）」, a post broken over lines, then
  「领导小组办公室设在区人社局，王成喜同志任办公室主任……」;
- a table (Excel or a Word table) with a header row: 单位 / 姓名 / 职务 / 电话 / 类别 columns;
  without a 单位 column the department is read from the 职务 as above.

A person's department is the one they head (局长, 主任, 主席, 书记…, not 副); a person who heads
none is counted for their first post. Their other posts are kept as 兼任: such a department is
offered to the office (unticked) and joins only when the rubric names it or the office ticks it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from services.errors import InvalidInput

MAX_CHARS = 100_000
MAX_PEOPLE = 300
LEADER_ROLES = ("组长", "副组长")

_CJK = "\u4e00-\u9fff"
_SPACE = " \u3000\t"
_LABEL = re.compile(
    rf"(?P<label>(?:副[{_SPACE}]*)?组[{_SPACE}]*长|成[{_SPACE}]*员)[{_SPACE}]*[：:]"
)
_PERSON = re.compile(
    rf"(?<![{_CJK}])(?P<name>[{_CJK}](?:[{_SPACE}·]*[{_CJK}]){{1,5}})[{_SPACE}]*"
    r"[（(](?P<posts>[^（）()]{1,300})[）)]"
)
_TOKENS = re.compile(f"{_LABEL.pattern}|{_PERSON.pattern}")
_OFFICE = re.compile(
    rf"领导小组办公室设在(?P<host>[^，,。；;\s]+?)(?:[，,。；;]|$)"
    rf"(?:[^。]*?(?P<director>[{_CJK}]{{2,4}})同志任(?:办公室)?主任)?"
)
_END = re.compile(r"^(附件\s*[2-9２-９]|创建工作结束后)")
_TITLE = re.compile(
    r"(?P<party>党组|党委|党工委)?(?P<senior>常务)?(?P<deputy>副)?"
    r"(?P<title>书记|局长|主任|部长|主席|行长|区长|县长|市长|理事长|会长|院长|校长|所长|站长|"
    r"队长|社长|处长|科长|经理|常委|成员|委员|组长|秘书长)$"
)
# posts that name the government or party committee as a whole, not a member department
_WHOLE = re.compile(rf"^[{_CJK}]{{0,8}}?(区|县|市|旗|镇|乡|街道)(委|政府|人大|政协)?$")
_NOT_HEAD = ("成员", "委员", "常委")

HEADERS = {
    "department": ("成员单位", "单位名称", "单位", "部门", "工作单位"),
    "name": ("姓名", "联系人", "负责人", "成员"),
    "title": ("职务", "职务职称", "现任职务"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "办公电话"),
    "role": ("类别", "身份", "小组职务", "分工", "角色", "领导小组职务"),
}


@dataclass
class Person:
    name: str
    group_role: str  # 组长 | 副组长 | 成员
    posts: list[str]
    department: str | None  # the department the person is counted for
    title: str  # the post held there, as written
    also: list[str] = field(default_factory=list)  # departments of the other posts (兼任)
    phone: str = ""


@dataclass
class RosterDepartment:
    name: str
    contact_name: str = ""
    contact_title: str = ""
    contact_phone: str = ""
    role: str = "member"  # lead (牵头: the office is hosted here) | member
    secondary: bool = False  # only named in someone's other post (兼任)
    include: bool = True


@dataclass
class Roster:
    people: list[Person]
    departments: list[RosterDepartment]
    office_host: str = ""  # as written: 区人社局
    office_director: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def leaders(self) -> list[Person]:
        return [p for p in self.people if p.group_role in LEADER_ROLES]

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Roster:
        return cls(
            people=[Person(**p) for p in data.get("people", [])],
            departments=[RosterDepartment(**d) for d in data.get("departments", [])],
            office_host=data.get("office_host", ""),
            office_director=data.get("office_director", ""),
            notes=list(data.get("notes", [])),
        )


def _squeeze(text: str) -> str:
    return re.sub(f"[{_SPACE}\r\n]+", "", text)


def split_post(post: str) -> tuple[str | None, bool]:
    """(department, heads it) of one post such as 区财政局局长 or 区委统战部副部长."""
    post = _squeeze(post)
    m = _TITLE.search(post)
    if m is None:
        return (post or None), False
    dept = post[: m.start()]
    head = not m.group("deputy") and not m.group("senior") and m.group("title") not in _NOT_HEAD
    if len(dept) < 2 or (_WHOLE.match(dept) and not dept.startswith("团")):
        return None, head
    return dept, head


def _person(name: str, posts_text: str, group_role: str, phone: str = "") -> Person:
    posts = [p for p in (_squeeze(x) for x in re.split(r"[、，,；;/]", posts_text)) if p]
    split = [(p, *split_post(p)) for p in posts]
    heads = [(p, d) for p, d, head in split if d and head]
    named = [(p, d) for p, d, _ in split if d]
    title, dept = (heads or named or [(posts[0] if posts else "", None)])[0]
    also = list(dict.fromkeys(d for _, d in named if d != dept))
    return Person(_squeeze(name), group_role, posts, dept, title, also, phone)


def _role_of(label: str) -> str:
    label = _squeeze(label)
    return {"组长": "组长", "副组长": "副组长"}.get(label, "成员")


def _check_size(text: str) -> None:
    if len(text) > MAX_CHARS:
        raise InvalidInput(
            f"名单内容过长（{len(text)} 个字符，上限 {MAX_CHARS}）：请只提供领导小组成员名单本身"
        )


def _clean_lines(lines: list[str]) -> list[str]:
    return [line.replace("\u00a0", " ").strip() for line in lines if line and line.strip()]


def _table_rows(lines: list[str]) -> list[list[str]]:
    rows = []
    for line in lines:
        if line.startswith("|") and line.endswith("|"):
            rows.append([c.strip() for c in line.strip("|").split(" | ")])
    return rows


def _header(row: list[str]) -> dict[str, int]:
    cols: dict[str, int] = {}
    for n, cell in enumerate(row):
        text = _squeeze(cell)
        for key, names in HEADERS.items():
            if key not in cols and text in names:
                cols[key] = n
    return cols if "name" in cols and ("department" in cols or "title" in cols) else {}


def _from_table(rows: list[list[str]]) -> list[Person] | None:
    at = next((n for n, row in enumerate(rows[:10]) if _header(row)), None)
    if at is None:
        return None
    cols = _header(rows[at])

    def cell(r: list[str], key: str) -> str:
        n = cols.get(key)
        return r[n].strip() if n is not None and n < len(r) else ""

    people: list[Person] = []
    role = "成员"
    for r in rows[at + 1 :]:
        name, title, dept = cell(r, "name"), cell(r, "title"), cell(r, "department")
        label = _squeeze(cell(r, "role")).rstrip("：:")
        if label:
            role = _role_of(label) if label in ("组长", "副组长", "成员") else role
            if label in ("牵头", "牵头单位"):
                role = "成员"
        if not name and not dept:
            continue
        p = _person(name or dept, title, role, cell(r, "phone"))
        if dept:
            p.department, p.title = _squeeze(dept), title or p.title
            p.also = [d for d in p.also if d != p.department]
        if label in ("牵头", "牵头单位"):
            p.group_role = "牵头"
        people.append(p)
    return people


def _from_list(text: str) -> list[Person]:
    people: list[Person] = []
    role = "成员"
    for m in _TOKENS.finditer(text):
        if m.group("label"):
            role = _role_of(m.group("label"))
        else:
            people.append(_person(m.group("name"), m.group("posts"), role))
    return people


def _list_region(lines: list[str]) -> tuple[str, str]:
    """(the people part joined into one string, the sentences after it)."""
    start = next((n for n, line in enumerate(lines) if _LABEL.match(line)), 0)
    body, tail = [], []
    for line in lines[start:]:
        if _END.match(line):
            tail.append(line)
            break
        if "领导小组办公室设在" in line or tail:
            tail.append(line)
        else:
            body.append(line)
    # a post broken over lines joins up; people stay apart (a name is preceded by a non-CJK)
    return "".join(body), "".join(tail)


def departments_of(people: list[Person]) -> list[RosterDepartment]:
    """One entry per department, in order of the list; a head is preferred as the contact."""
    depts: dict[str, RosterDepartment] = {}
    heads: set[str] = set()
    for p in people:
        if not p.department:
            continue
        d = depts.get(p.department)
        is_head = split_post(p.title)[1] if p.title else False
        if d is None:
            d = depts[p.department] = RosterDepartment(p.department)
        if d.secondary or not d.contact_name or (is_head and p.department not in heads):
            d.contact_name, d.contact_title, d.contact_phone = p.name, p.title, p.phone
            d.secondary = False
        if is_head:
            heads.add(p.department)
        if p.group_role == "牵头":
            d.role = "lead"
    for p in people:
        for other in p.also:
            if other not in depts:
                post = next((x for x in p.posts if _squeeze(x).startswith(other)), "")
                depts[other] = RosterDepartment(
                    other, p.name, post, p.phone, secondary=True, include=False
                )
    return list(depts.values())


def parse_roster_lines(lines: list[str]) -> Roster:
    """The roster in these lines (of a .docx, an .xlsx or pasted text)."""
    lines = _clean_lines(lines)
    _check_size("\n".join(lines))
    people = _from_table(_table_rows(lines))
    tail = ""
    if people is None:
        plain = [line.strip("|").strip() if line.startswith("|") else line for line in lines]
        body, tail = _list_region(plain)
        people = _from_list(body)
    if not people:
        raise InvalidInput(
            "没有从名单中读到成员：名单应写作「成  员：张三（区财政局局长）」，"
            "或是带「单位」「姓名」「职务」列的表格"
        )
    if len(people) > MAX_PEOPLE:
        raise InvalidInput(f"名单中的人员超过 {MAX_PEOPLE} 人，请只提供领导小组成员名单")
    roster = Roster(people, departments_of(people))
    m = _OFFICE.search(_squeeze(tail))
    if m:
        roster.office_host = m.group("host")
        roster.office_director = m.group("director") or ""
        roster.notes = [s + "。" for s in _squeeze(tail).split("。") if s]
    if not any(d.include for d in roster.departments):
        raise InvalidInput("名单中没有读到任何成员单位：请检查每位成员的职务是否写明所在单位")
    return roster


def parse_roster_text(text: str) -> Roster:
    """Pasted text of the list."""
    _check_size(text)
    return parse_roster_lines(text.splitlines())
