"""我的任务 and 材料检索 as department users: tasks, upload through the page, isolation."""

from __future__ import annotations

import re

import pytest

from evidence.suggest import Suggestion
from services.demo import build as demo
from services.errors import PermissionDenied
from services.evidence import query as evidence_query
from services.evidence.intake import Preview
from services.org import auth
from services.rounds.tasks import my_tasks
from tests.services.helpers import docx_bytes
from tests.ui.conftest import app_as, password_of, texts
from ui.components import upload

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PHRASE = "创业项目库管理办法"  # only in a 区就业创业促进中心 demo document


def _actor(home, username):
    return auth.login(username, password_of(home, username))


def req_of(label: str) -> str:
    """The requirement id a task label shows, small and grey after the requirement's name."""
    return re.search(r":gray\[(\d+\.\d+\.\d+)\]", label).group(1)


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


MENTORS = docx_bytes(
    "兖州区创业导师团队聘任管理办法",
    "兖人社发〔2020〕15号",
    "为建立由企业家、专家学者及政府工作人员组成的创业指导服务队伍，将创业导师纳入创业专家资源库，"
    "为创业者提供开业指导和后续跟踪服务，制定本办法。",
    "济宁市兖州区人力资源和社会保障局",
    "2020年6月8日",
)


def test_tasks_page_lists_the_department_requirements(demo_home):
    at = app_as(demo_home, "jycy", "tasks")
    assert not at.exception
    assert not at.error
    shown = texts(at)
    tasks = my_tasks(_actor(demo_home, "jycy"), demo.get_demo_unit_id()).tasks
    assert f"承担要求 {len(tasks)}" in shown
    assert "评分办法" in shown and "需提供的材料" in shown
    labels = {req_of(e.label): e.label for e in at.expander}
    assert len(labels) == len(tasks)
    assert "orange-badge[待审核]" in labels["4.3.1"]  # the demo's pending 创业项目库管理办法
    assert at.file_uploader(key="upload_files_0").accept_multiple_files
    own = at.dataframe[-1].value
    assert PHRASE.removesuffix("管理办法") in " ".join(own["标题"])
    assert set(own["状态"]) <= {"待审核", "已通过", "已退回"}


def test_returned_evidence_shows_the_reason_and_the_filter_narrows(demo_home):
    at = app_as(demo_home, "czj", "tasks")
    assert not at.exception and not at.error
    assert any("缺少财政拨付回单" in w.value for w in at.warning)
    at.radio(key="task_filter").set_value("已退回").run()
    labels = [e.label for e in at.expander]
    assert labels and all("red-badge[已退回]" in b for b in labels)
    at.radio(key="task_filter").set_value("已逾期").run()
    labels = [e.label for e in at.expander]
    assert any(req_of(b) == "2.2.3" and "已逾期" in b for b in labels)  # the demo's overdue item


def test_upload_through_the_page_reaches_the_office_as_pending(demo_home):
    at = app_as(demo_home, "jycy", "tasks")
    at.file_uploader(key="upload_files_0").set_value(
        [
            ("创业导师聘任办法.docx", MENTORS, "application/octet-stream"),
            ("旧版通知.doc", OLE_MAGIC + b"\x00" * 600, "application/msword"),
        ]
    ).run()
    assert not at.exception
    assert any("旧版 Word" in e.value for e in at.error)  # refused on its own
    key = upload.file_key(MENTORS)
    reqs = at.multiselect(key=f"upload_reqs_{key}")
    own = {
        t.requirement for t in my_tasks(_actor(demo_home, "jycy"), demo.get_demo_unit_id()).tasks
    }
    assert reqs.value and set(reqs.value) <= own  # pre-selected: only the department's tasks
    assert "4.2.2" in reqs.value
    assert at.text_input(key=f"upload_no_{key}").value == "兖人社发〔2020〕15号"
    at.text_input(key=f"upload_t_{key}").input("兖州区创业导师团队聘任管理办法")
    at.button(key="upload_submit").click().run()
    assert not at.exception
    assert any("已提交" in s.value for s in at.success)
    assert not at.error  # the refused file is gone with the cleared uploader
    office = _actor(demo_home, "bangongshi")
    pending = evidence_query.list_evidence(office, demo.get_demo_unit_id(), status="pending")
    item = next(e for e in pending if e.title == "兖州区创业导师团队聘任管理办法")
    assert item.department == "区就业创业促进中心"
    assert "4.2.2" in item.requirements
    assert item.original_name == "创业导师聘任办法.docx"


def test_upload_needs_a_requirement(demo_home):
    at = app_as(demo_home, "jycy", "tasks")
    at.file_uploader(key="upload_files_0").set_value(
        ("空白.docx", docx_bytes("会议记录", "今天天气晴朗。"), "application/octet-stream")
    ).run()
    key = upload.file_key(at.file_uploader(key="upload_files_0").value[0].getvalue())
    at.multiselect(key=f"upload_reqs_{key}").set_value([]).run()
    at.button(key="upload_submit").click().run()
    assert any("请至少选择一条" in e.value for e in at.error)


def test_search_finds_own_documents_only(demo_home):
    at = app_as(demo_home, "jycy", "search")
    at.text_input(key="search_q").input(PHRASE)
    button(at, "检索").click().run()
    assert not at.exception and not at.error
    assert f"【**{PHRASE}**】" in texts(at)
    assert "兖州区创业项目库管理办法" in texts(at)
    assert any(b.label == "下载" for b in at.get("download_button"))

    at = app_as(demo_home, "czj", "search")
    at.text_input(key="search_q").input(PHRASE)
    button(at, "检索").click().run()
    assert not at.exception and not at.error
    assert "没有找到" in texts(at)
    assert "兖州区创业项目库管理办法" not in texts(at)


def test_department_cannot_open_another_department_document(demo_home):
    jycy = _actor(demo_home, "jycy")
    hit = evidence_query.search(jycy, PHRASE, unit_id=demo.get_demo_unit_id())[0]
    czj = _actor(demo_home, "czj")
    with pytest.raises(PermissionDenied):
        evidence_query.get_evidence(czj, hit.evidence_id)
    with pytest.raises(PermissionDenied):
        evidence_query.evidence_bytes(czj, hit.evidence_id)
    assert evidence_query.evidence_bytes(jycy, hit.evidence_id)[2].startswith(b"PK")


def test_upload_helpers():
    assert upload.needs_password("PDF 文件已加密，需要密码：请在“密码”栏填写")
    assert upload.needs_password("密码不正确，无法打开此 PDF")
    assert not upload.needs_password("这是旧版 Word/WPS（.doc/.wps）文件")
    assert upload.file_key(b"a") == upload.file_key(b"a") != upload.file_key(b"b")
    preview = Preview(
        inspection=None,
        suggestions=[
            Suggestion("4.2.2", 1.0, ("创业导师",)),
            Suggestion("2.2.1", 0.8, ("补贴",)),  # another department's task
            Suggestion("4.2.1", 0.21, ("创业指导",)),  # weak: listed, not pre-selected
        ],
    )
    assert upload.preselect(preview, ["4.2.2", "4.2.1"]) == ["4.2.2"]
    text = upload.suggestion_text(preview, {"4.2.2": "4.2.2 建立创业指导服务队伍"})
    assert "2.2.1（其他单位承担，可转交）" in text and "匹配度 21%" in text


def test_a_partial_failure_still_refreshes_the_list_of_stored_files(demo_home):
    at = app_as(demo_home, "jycy", "tasks")
    before = len(at.dataframe[-1].value)
    blank_doc = docx_bytes("会议记录", "今天天气晴朗。")
    at.file_uploader(key="upload_files_0").set_value(
        [
            ("创业导师聘任办法.docx", MENTORS, "application/octet-stream"),
            ("空白.docx", blank_doc, "application/octet-stream"),
        ]
    ).run()
    blank = upload.file_key(blank_doc)
    at.multiselect(key=f"upload_reqs_{blank}").set_value([]).run()
    at.button(key="upload_submit").click().run()
    assert not at.exception
    assert any("已提交" in s.value for s in at.success)
    assert any("请至少选择一条" in e.value for e in at.error)  # the other file: said, kept
    assert len(at.dataframe[-1].value) == before + 1  # the stored one shows at once
    assert any("空白.docx" in m.value for m in at.markdown)  # the failed file stays to fix


def test_a_file_for_another_departments_requirement_is_passed_on_and_accepted(demo_home):
    at = app_as(demo_home, "jycy", "tasks")
    data = docx_bytes(
        "关于成立兖州区创建省级创业型城市工作领导小组的通知",
        "兖政办发〔2020〕9号",
        "区长任组长，分管副区长任副组长，领导小组办公室设在区人社局。",
    )
    at.file_uploader(key="upload_files_0").set_value(
        ("领导小组.docx", data, "application/octet-stream")
    ).run()
    key = upload.file_key(data)
    at.multiselect(key=f"upload_reqs_{key}").set_value([]).run()
    at.selectbox(key=f"upload_tr_{key}").set_value("1.1.1").run()  # 区政府办公室's
    at.button(key="upload_submit").click().run()
    assert not at.exception and not at.error
    assert any("已转交" in s.value for s in at.success)

    zfb = app_as(demo_home, "zfb", "tasks")
    assert any("其他单位转交的材料" in h.value for h in zfb.subheader)
    next(b for b in zfb.button if b.label == "接收").click().run()
    assert not zfb.exception and not zfb.error
    own = zfb.dataframe[-1].value
    assert "关于成立兖州区创建省级创业型城市工作领导小组的通知" in own["标题"].tolist()


def test_a_returned_item_offers_upload_again_in_place(demo_home):
    at = app_as(demo_home, "czj", "tasks")
    task = next(
        t for t in my_tasks(_actor(demo_home, "czj"), demo.get_demo_unit_id()).tasks if t.returned
    )
    ev_id = task.returned[0]
    uploader = at.file_uploader(key=f"reup_{task.requirement}_{ev_id}")
    uploader.set_value(
        ("回单.docx", docx_bytes("财政拨付回单", "已拨付"), "application/octet-stream")
    ).run()
    at.button(key=f"reup_go_{task.requirement}_{ev_id}").click().run()
    assert not at.exception and not at.error
    assert any("已作为新版本提交" in s.value for s in at.success)
    item = evidence_query.get_evidence(_actor(demo_home, "czj"), ev_id)
    assert item.status == "pending" and item.revision == 2


def test_a_department_withdraws_its_own_file_inside_the_task_card(demo_home):
    """Issue 15: 撤回 asks first, needs a reason, and the file then counts for nothing."""
    actor = _actor(demo_home, "jycy")
    unit_id = demo.get_demo_unit_id()
    item = next(e for e in evidence_query.list_evidence(actor, unit_id) if e.requirements)
    req = item.requirements[0]
    before = next(t for t in my_tasks(actor, unit_id).tasks if t.requirement == req)
    at = app_as(demo_home, "jycy", "tasks")
    key = f"wd_{req}_{item.id}"
    at.button(key=f"{key}:open").click().run()
    assert any("确认撤回" in w.value for w in at.warning)  # nothing withdrawn yet
    assert evidence_query.get_evidence(actor, item.id).status != "withdrawn"
    at.button(key=f"{key}:confirm").click().run()
    assert any("必须说明原因" in e.value for e in at.error)
    at.text_input(key=f"{key}:reason").input("上传错了文件").run()
    at.button(key=f"{key}:confirm").click().run()
    assert not at.exception
    assert any("已撤回" in s.value for s in at.success)
    assert evidence_query.get_evidence(actor, item.id).status == "withdrawn"  # kept, withdrawn
    after = next(t for t in my_tasks(actor, unit_id).tasks if t.requirement == req)
    assert after.evidence_count == before.evidence_count - 1
    assert not [b for b in at.button if b.key == f"{key}:open"]  # no 撤回 on a withdrawn file
