"""The demo county's data behind its figures: five 2020 ledgers (with a few planted bad rows),
the departments' entered values, a satisfaction survey, the work-plan targets with monthly
reports, and the proposed findings of the demo round.

Everything goes through the services (``import_ledger``, ``enter_figure``, ...), as a
department would do it. The numbers are chosen so the demo reads true: 2.2.1 at 86%, 2.2.2 at
92%, 合格率 92.5%, 创业成功率 76%, 活跃度 16.20%, 服务率 83.92%, 满意率 about 86%.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Mapping
from decimal import Decimal

from openpyxl import Workbook
from sqlmodel import select

from ledgers.ids import check_code
from services.actor import Actor
from services.ledgers import indicators, surveys, targets
from services.ledgers.imports import import_ledger
from services.rounds import core as rounds
from store.db import session_scope
from store.ledger_tables import LedgerImport

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜程魏吕丁任沈姚卢姜崔孔颜曲"
GIVEN = (
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀兰", "霞", "平", "刚", "桂英", "建华", "海燕", "志强", "玉兰", "文", "红", "鹏", "辉", "丹", "建国", "晓东",
    "国庆", "婷", "雪", "浩", "宇", "欣", "凯", "振华", "立新", "春梅", "子涵", "梓萱", "浩然", "一鸣",
)  # fmt: skip
REGIONS = ("370882",) * 8 + ("370811", "370883")
SHOPS = (
    "便利店", "超市", "小吃部", "家电维修部", "五金店", "服装店", "理发店", "水果店", "农资店", "快递驿站", "汽车美容店",
)  # fmt: skip
FIRMS = (
    "鑫源商贸", "恒泰机械", "宏达物流", "兴农农业科技", "佳和餐饮", "博雅教育咨询", "瑞丰建材", "顺通电子商务",
)  # fmt: skip
FILE_TRAINING = "2020年创业培训实名制台账.xlsx"
FILE_SUBSIDY = "2020年一次性创业补贴发放台账.xlsx"
FILE_LOAN = "2020年创业担保贷款发放台账.xlsx"
FILE_SERVICE = "2020年创业“一件事”办件台账.xlsx"
FILE_REGISTRY = "2020年新登记市场主体名录.xlsx"
FILE_SURVEY = "2020年创业环境满意度抽样调查.xlsx"
QUESTIONS = (
    "对本地创业扶持政策的满意程度",
    "对创业“一件事一次办”服务的满意程度",
    "对创业培训的满意程度",
    "对创业担保贷款等融资服务的满意程度",
    "对本地创业环境的总体评价",
)


class People:
    """Distinct demo residents with valid 18-digit identity numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def person(self) -> tuple[str, str]:
        rng = self.rng
        while True:
            birth = dt.date(1966, 1, 1) + dt.timedelta(days=rng.randrange(365 * 34))
            body = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
            pid = body + check_code(body)
            if pid not in self.seen:
                self.seen.add(pid)
                return rng.choice(SURNAMES) + rng.choice(GIVEN), pid


def _day(rng: random.Random, start: str = "2020-02-01", end: str = "2020-12-20") -> dt.date:
    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return a + dt.timedelta(days=rng.randrange((b - a).days + 1))


def _xlsx(title: str, headers: list[str], rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _wrong_check(pid: str) -> str:
    return pid[:-1] + ("1" if pid[-1] != "1" else "2")


def training_ledger(people: People, rng: random.Random) -> bytes:
    """120 trainees in 8 classes, 111 合格 (92.5%); 3 planted bad rows."""
    classes = [
        ("SYB创业培训", "兖州区职业培训学校"),
        ("网络创业培训", "济宁市创业大学兖州分校"),
        ("创业模拟实训", "兖州区就业训练中心"),
    ]
    rows: list[list[object]] = []
    failed = set(rng.sample(range(120), 9))
    for c in range(8):
        kind, school = classes[c % 3]
        start = dt.date(2020, 3, 2) + dt.timedelta(days=35 * c)
        for k in range(15):
            name, pid = people.person()
            i = c * 15 + k
            rows.append(
                [name, pid, kind, school, start, start + dt.timedelta(days=10),
                 "不合格" if i in failed else "合格"]
            )  # fmt: skip
    n1, p1 = people.person()
    n2, p2 = people.person()
    n3, p3 = people.person()
    rows.insert(
        17, [n1, p1, "SYB创业培训", "兖州区职业培训学校", "2020-05-11", "2020-05-01", "合格"]
    )
    rows.insert(
        40,
        [
            n2,
            p2[:6] + p2[8:17],
            "SYB创业培训",
            "兖州区职业培训学校",
            "2020-06-01",
            "2020-06-11",
            "合格",
        ],
    )
    rows.insert(75, [n3, p3, "网络创业培训", "济宁市创业大学兖州分校", "2020-08-03", "2020-08-13",
                     "待定"])  # fmt: skip
    headers = [
        "学员姓名",
        "公民身份号码",
        "培训类别",
        "培训机构",
        "开班日期",
        "结业日期",
        "考核结果",
    ]
    return _xlsx("兖州区2020年创业培训实名制台账", headers, rows)


def subsidy_ledger(people: People, rng: random.Random) -> bytes:
    """50 eligible applicants, 43 paid (86%), 3 not eligible; 4 planted bad rows."""
    kinds = ("高校毕业生", "返乡创业农民工", "退役军人", "登记失业人员", "就业困难人员")
    rows: list[list[object]] = []
    unpaid = set(rng.sample(range(50), 7))
    for i in range(53):
        name, pid = people.person()
        eligible = i < 50
        paid = eligible and i not in unpaid
        day = _day(rng, "2020-03-01", "2020-12-15")
        rows.append(
            [name, pid, rng.choice(kinds), "是" if eligible else "否", "是" if paid else "否",
             rng.choice((5000, 5000, 10000)) if paid else "", f"{day.year}/{day.month}/{day.day}" if paid else ""]
        )  # fmt: skip
    rng.shuffle(rows)
    bad_name, bad_pid = people.person()
    rows.insert(8, [bad_name, _wrong_check(bad_pid), "高校毕业生", "是", "是", 5000, "2020/6/18"])
    n2, p2 = people.person()
    rows.insert(21, [n2, p2, "退役军人", "", "是", 5000, "2020/7/2"])
    rows.insert(30, list(rows[5]))  # the same person and date twice
    rows.append(["合计", "", "", "", "", 215000, ""])
    headers = ["姓名", "身份证号码", "人员类别", "是否符合条件", "是否享受补贴", "补贴金额（元）",
               "发放日期"]  # fmt: skip
    return _xlsx("兖州区2020年一次性创业补贴发放台账", headers, rows)


def loan_ledger(people: People, rng: random.Random) -> bytes:
    """50 eligible applicants, 46 loans (92%), 4 not eligible; amounts in 万元; 2 bad rows."""
    rows: list[list[object]] = []
    refused = set(rng.sample(range(50), 4))
    for i in range(54):
        name, pid = people.person()
        eligible = i < 50
        got = eligible and i not in refused
        day = _day(rng, "2020-03-01", "2020-12-20")
        rows.append(
            [name, pid, "符合" if eligible else "不符合", "是" if got else "否",
             rng.choice((10, 15, 20, 30)) if got else "", day if got else ""]
        )  # fmt: skip
    rng.shuffle(rows)
    n1, p1 = people.person()
    rows.insert(12, [n1, p1, "符合", "是", 20, "2020-13-05"])
    n2, p2 = people.person()
    rows.insert(33, [n2, float(p2[:17]) * 10, "符合", "是", 15, "2020-09-10"])
    headers = ["借款人姓名", "身份证号", "资格审核", "是否放款", "贷款金额（万元）", "放款日期"]
    return _xlsx("兖州区2020年创业担保贷款发放台账", headers, rows)


def service_ledger(people: People, rng: random.Random) -> bytes:
    """180 创业“一件事” cases over the four items, a few still open; 1 bad row."""
    items = ("创业培训申请", "创业担保贷款申请", "一次性创业补贴申领", "开业指导")
    rows: list[list[object]] = []
    for i in range(180):
        name, pid = people.person()
        accepted = _day(rng, "2020-02-03", "2020-12-10")
        if i % 30 == 7:
            rows.append([name, pid, items[i % 4], accepted, "", "办理中"])
            continue
        took = rng.choice((1, 2, 3, 5, 7, 8, 10, 12, 14, 16, 20, 26, 33))
        rows.append(
            [name, pid, items[i % 4], accepted, accepted + dt.timedelta(days=took), "已办结"]
        )
    n1, p1 = people.person()
    rows.insert(50, [n1, p1, "", dt.date(2020, 6, 8), dt.date(2020, 6, 12), "已办结"])
    headers = ["申请人", "身份证号", "办理事项", "受理日期", "办结日期", "办理结果"]
    return _xlsx("兖州区2020年创业“一件事”办件台账", headers, rows)


def registry_ledger(people: People, rng: random.Random) -> bytes:
    """150 entities registered in 2020, 36 closed within a year (success 76%); 1 bad row."""
    rows: list[list[object]] = []
    closed = set(rng.sample(range(150), 36))
    late = set(rng.sample(sorted(set(range(150)) - closed), 6))
    for i in range(150):
        name, pid = people.person()
        registered = _day(rng, "2020-01-06", "2020-12-28")
        if i % 5 == 0:
            title, kind, owner = f"济宁市兖州区{rng.choice(FIRMS)}有限公司{i}号", "有限责任公司", ""
        else:
            title, kind, owner = f"兖州区{name}{rng.choice(SHOPS)}", "个体工商户", pid
        end = ""
        if i in closed:
            end = registered + dt.timedelta(days=rng.randrange(60, 360))
        elif i in late:
            end = registered + dt.timedelta(days=rng.randrange(420, 700))
        rows.append([title, kind, registered, end, owner])
    rows.insert(
        70, ["兖州区惠民粮油店", "个体工商户", dt.date(2020, 8, 1), dt.date(2020, 7, 1), ""]
    )
    headers = ["市场主体名称", "市场主体类型", "成立日期", "注销日期", "经营者身份证号"]
    return _xlsx("兖州区2020年新登记市场主体名录（市场监管局提供）", headers, rows)


def survey_file(rng: random.Random) -> bytes:
    """320 respondents, five questions, about 86% 满意 or 基本满意, a few blanks."""
    levels = ("满意", "基本满意", "一般", "不太满意", "不满意")
    weights = (52, 33, 10, 3, 2)
    rows = []
    for i in range(320):
        answers = [
            "" if rng.random() < 0.01 else rng.choices(levels, weights)[0] for _ in QUESTIONS
        ]
        rows.append([i + 1, rng.choice(("个体工商户", "企业主", "创业意向者"))] + answers)
    return _xlsx("2020年创业环境满意度抽样调查", ["序号", "受访者类型", *QUESTIONS], rows)


def _actor(actors: Mapping[str, Actor] | Actor, name: str) -> Actor:
    if isinstance(actors, Actor):
        return actors
    return actors.get(name) or actors["bangongshi"]


def add_demo_ledgers(
    unit_id: int,
    actors: Mapping[str, Actor] | Actor,
    today: dt.date,
    round_id: int | None = None,
) -> dict:
    """Ledgers, entries, survey, targets and proposals for the demo county. ``actors`` is the
    demo's username -> Actor map (departments act for themselves) or one office actor."""
    with session_scope() as session:
        if session.exec(select(LedgerImport.id).where(LedgerImport.unit_id == unit_id)).first():
            return {"created": False}
    rng = random.Random(2020)
    people = People(rng)
    office = _actor(actors, "bangongshi")
    imports = [
        ("jycy", "training", FILE_TRAINING, training_ledger, "区就业创业促进中心"),
        ("czj", "subsidy", FILE_SUBSIDY, subsidy_ledger, "区财政局"),
        ("jycy", "loan", FILE_LOAN, loan_ledger, "区就业创业促进中心"),
        ("rsj", "service", FILE_SERVICE, service_ledger, "区人社局"),
        ("bangongshi", "registry", FILE_REGISTRY, registry_ledger, "区市场监督管理局"),
    ]
    results = {}
    for user, kind, name, build, dept in imports:
        results[kind] = import_ledger(
            _actor(actors, user),
            build(people, rng),
            name,
            kind,
            unit_id=unit_id,
            department=dept,
            period_label="2020年",
        )
    y2020 = (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    entries = [
        ("tjj", "activity", 8100, 50000, y2020, "2020年",
         "区市场监督管理局市场主体登记统计、区统计局2020年城镇劳动力调查", "区统计局"),
        ("jycy", "service", 1326, 1580, y2020, "2020年",
         "区就业创业促进中心2020年创业扶持与服务人员花名册", "区就业创业促进中心"),
        ("rsj", "contribution", 1850, 16400, (dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
         "2019年", "区人社局2019年就业统计年报（新增就业、创业带动就业）", "区人社局"),
        ("rsj", "contribution", 1620, 15800, y2020, "2020年",
         "区人社局2020年就业统计年报（新增就业、创业带动就业）", "区人社局"),
    ]  # fmt: skip
    for user, ind, num, den, (start, end), label, source, dept in entries:
        indicators.enter_figure(
            _actor(actors, user),
            unit_id,
            ind,
            num,
            den,
            period_start=start,
            period_end=end,
            period_label=label,
            source=source,
            department=dept,
        )
    survey = surveys.import_survey(
        _actor(actors, "jycy"),
        survey_file(rng),
        FILE_SURVEY,
        unit_id=unit_id,
        department="区就业创业促进中心",
        period_label="2020年",
    )
    _targets(actors, office, unit_id, today)
    proposals = []
    if round_id is None:
        found = rounds.list_rounds(office, unit_id)
        round_id = found[-1].id if found else None
    if round_id is not None:
        proposals = indicators.propose_findings(office, round_id, as_of=today)
        inspector = None if isinstance(actors, Actor) else actors.get("kaohe1")
        if inspector is not None:
            for rule in ("2.2.1a", "2.2.2a"):
                indicators.confirm(inspector, round_id, rule)
    return {
        "created": True,
        "imports": {k: (v["imported"], v["rejected"]) for k, v in results.items()},
        "survey": survey["rate"],
        "proposals": len(proposals),
    }


# monthly pace as a share of the target per month reported
_PACE = {
    "创业培训": 0.15,
    "创业指导": 0.14,
    "创业贷款": 0.06,
    "扶持创业": 0.08,
    "带动就业": 0.13,
    "发放创业担保贷款": 0.14,
    "组织创业培训": 0.12,
}


def _targets(actors, office: Actor, unit_id: int, today: dt.date) -> None:
    start, end = today - dt.timedelta(days=120), today + dt.timedelta(days=110)
    made = targets.add_seed_targets(office, unit_id, start, end)
    by_dept = {"区就业创业促进中心": "jycy", "区人社局": "rsj", "区财政局": "czj"}
    depts = {name: dept for name, _, _, dept, _ in targets.SEED_TARGETS}
    month = start.replace(day=1)
    this_month = today.replace(day=1)
    while month < this_month:
        for t in made:
            value = t["target"] * Decimal(str(_PACE[t["name"]]))
            value = value.quantize(Decimal("0.01")) if t["measure"] == "亿元" else round(value)
            who = _actor(actors, by_dept.get(depts[t["name"]], "bangongshi"))
            targets.report_progress(who, t["id"], month, value)
        month = (month + dt.timedelta(days=32)).replace(day=1)
