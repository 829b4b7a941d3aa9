"""Per-browser-session state: the logged-in actor, idle timeout, the chosen unit and round."""

from __future__ import annotations

import time

import streamlit as st

from services.actor import Actor
from services.org import auth

IDLE_SECONDS = 30 * 60
ACTOR = "actor"
LAST_SEEN = "last_seen"
NOTICE = "notice"


def current_actor() -> Actor | None:
    actor = st.session_state.get(ACTOR)
    if actor is None:
        return None
    now = time.time()
    if now - st.session_state.get(LAST_SEEN, now) > IDLE_SECONDS:
        logout("长时间未操作，已自动退出，请重新登录")
        return None
    if not auth.session_current(actor):
        logout("账号已停用或密码已重置，请重新登录")
        return None
    st.session_state[LAST_SEEN] = now
    return actor


def sign_in(actor: Actor) -> None:
    st.session_state[ACTOR] = actor
    st.session_state[LAST_SEEN] = time.time()


def logout(message: str | None = None) -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if message:
        st.session_state[NOTICE] = message


def pop_notice() -> str | None:
    return st.session_state.pop(NOTICE, None)


def selected_unit_id() -> int | None:
    return st.session_state.get("unit_id")


def selected_round_id() -> int | None:
    return st.session_state.get("round_id")
