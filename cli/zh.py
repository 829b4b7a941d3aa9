"""The command line in Chinese: help pages, usage lines, types and error messages.

typer (with its vendored click) writes its own words in English: some through gettext, others
as plain strings. This module is imported before typer (``cli/__init__.py`` does it first) and
puts Chinese in their place:
- gettext messages of typer's help pages and error panels;
- the usage prefix, the help option's text and the messages of the usage errors;
- the type labels shown after each option (<int> -> <整数>) and the value errors of its
  pydantic coercion, by error type.

The patches rely on typer internals, so pyproject pins typer to a minor version range, and
tests/cli/test_cli_chinese.py fails on any English word that reaches a help page or an error.
"""

from __future__ import annotations

import gettext

GETTEXT = {
    "(deprecated) ": "（已弃用）",
    "(dynamic)": "（动态）",
    "Aborted!": "已中止。",
    "Aborted.": "已中止。",
    "Arguments": "参数",
    "Commands": "命令",
    "Error": "错误",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令「{name}」。",
    "Options": "选项",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "运行 [blue]{command_path} {help_option}[/] 查看帮助。"
    ),
    "[default: {}]": "［默认：{}］",
    "[env var: {}]": "［环境变量：{}］",
    "[required]": "［必填］",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
}
TYPES = {
    "int": "整数",
    "float": "数字",
    "str": "文本",
    "bool": "开关",
    "Path": "路径",
    "datetime": "日期时间",
    "date": "日期",
    "Decimal": "数字",
    "path": "路径",
    "file": "文件",
    "directory": "文件夹",
}
# pydantic error type -> message (typer coerces option values with pydantic)
VALUE_ERRORS = {
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "decimal_parsing": "应为数字",
    "bool_parsing": "应为是或否（true/false）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为日期时间",
    "string_type": "应为文本",
    "missing": "缺少取值",
    "enum": "不是可选的值",
    "literal_error": "不是可选的值",
    "path_not_file": "不是文件",
    "path_not_directory": "不是文件夹",
}
HELP_TEXT = "显示本帮助并退出。"
USAGE_WORDS = {
    "[OPTIONS]": "[选项]",
    "COMMAND [ARGS]...": "命令 [参数]...",
    "[ARGS]...": "[参数]...",
}
USAGE = "用法："

_installed = False


def _dgettext(original):
    def translate(domain: str, message: str) -> str:
        return GETTEXT.get(message) or original(domain, message)

    return translate


def install() -> None:
    """Put Chinese in place of typer's English (idempotent; call before importing typer)."""
    global _installed
    if _installed:
        return
    _installed = True
    gettext.dgettext = _dgettext(gettext.dgettext)
    _patch_typer()


def _param_hint(exc) -> str:
    from typer._click.exceptions import _join_param_hints

    hint = exc.param_hint if exc.param_hint is not None else None
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    return (_join_param_hints(hint) or "").replace("'", "")


def _patch_typer() -> None:
    import typer._click.core as click_core
    import typer._click.exceptions as ex
    import typer._click.formatting as formatting
    import typer._display as display
    import typer.core as typer_core

    write_usage = formatting.HelpFormatter.write_usage

    def usage(self, prog, args="", prefix=None):
        for en, zh in USAGE_WORDS.items():
            args = args.replace(en, zh)
        return write_usage(self, prog, args, USAGE if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = usage

    get_help_option = click_core.Command.get_help_option

    def help_option(self, ctx):
        opt = get_help_option(self, ctx)
        if opt is not None:
            opt.help = HELP_TEXT
        return opt

    click_core.Command.get_help_option = help_option

    def bad_parameter(self) -> str:
        hint = _param_hint(self)
        return f"「{hint}」的值不正确：{self.message}" if hint else f"取值不正确：{self.message}"

    def missing(self) -> str:
        hint = _param_hint(self)
        return f"缺少必填的「{hint}」。" if hint else "缺少必填参数。"

    def no_such_option(self) -> str:
        name = self.option_name
        if not self.possibilities:
            return f"没有选项「{name}」。"
        return f"没有选项「{name}」（是否要用：{'、'.join(sorted(self.possibilities))}）"

    ex.BadParameter.format_message = bad_parameter
    ex.MissingParameter.format_message = missing
    ex.NoSuchOption.format_message = no_such_option

    get_error_msg = display.get_error_msg

    def error_msg(exc) -> str:
        errors = exc.errors() if hasattr(exc, "errors") else []
        if errors and errors[0].get("type") in VALUE_ERRORS:
            return VALUE_ERRORS[errors[0]["type"]]
        return get_error_msg(exc)

    display.get_error_msg = error_msg
    for name in ("_coercion", "_param_types"):
        module = __import__(f"typer.{name}", fromlist=["get_error_msg"])
        if hasattr(module, "get_error_msg"):
            module.get_error_msg = error_msg

    display_type = typer_core._TyperParameter.display_type

    def display(self, ctx) -> str:
        label = display_type(self, ctx)
        inner = label[1:-1] if label.startswith("<") and label.endswith(">") else None
        if inner is None:
            return label
        if inner.startswith("list[") and inner.endswith("]"):
            return f"<{TYPES.get(inner[5:-1], inner[5:-1])}，可多个>"
        return f"<{TYPES.get(inner, inner)}>"

    typer_core._TyperParameter.display_type = display
