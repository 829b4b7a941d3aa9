"""Follow a background job the user started: a spinner line with its progress while it is queued
or running (refreshing itself), the page rerun once it has finished."""

from __future__ import annotations

import streamlit as st

from services.actor import Actor
from services.jobs.requests import my_job
from ui.components.tables import md_escape

FINISHED = ("succeeded", "failed")


def _line(job: dict) -> str:
    if job["status"] == "queued":
        return "已排队，等待后台执行……"
    if job["status"] == "retrying":
        return f"上次执行未成功，稍后自动重试（{job['error'] or ''}）"
    step = f"：{job['message']}" if job["message"] else ""
    return f"正在后台执行{step}"


@st.fragment(run_every=1)
def _watch(actor: Actor, job_id: int) -> None:
    job = my_job(actor, job_id)
    if job["status"] in FINISHED:
        st.rerun()  # show the result outside the fragment
    total = job["total"] or 0
    if total:
        st.progress(min(job["done"] / total, 1.0), text=md_escape(_line(job)))
    else:
        st.caption(f"⏳ {md_escape(_line(job))}")


def follow(actor: Actor, job_id: int) -> dict | None:
    """The job once it has finished (succeeded or failed); until then its progress, and None."""
    job = my_job(actor, job_id)
    if job["status"] in FINISHED:
        return job
    _watch(actor, job_id)
    return None
