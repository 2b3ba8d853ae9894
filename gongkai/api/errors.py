"""Chinese messages for request validation errors: each names the field and says what is wanted.

``{"subject": "subject（标题）不能为空"}``: the key is the field's path, the message repeats it with its
Chinese name (from :data:`LABELS`, else the path alone) so that it reads on its own — in a log, in an
integrator's error box — and says what the value must be, with the limit from the schema.
"""

from __future__ import annotations

import re

LABELS = {
    "agency": "机关代码", "kind": "类别", "subject": "标题", "content": "内容", "contact": "联系方式",
    "name": "姓名", "phone": "联系电话", "email": "电子邮箱", "address": "通信地址", "postcode": "邮政编码",
    "contact_name": "联系人", "applicant_type": "申请人类型", "id_type": "证件类型", "id_number": "证件号码",
    "info_name": "信息名称", "info_doc_number": "文号", "form": "获取形式", "delivery": "获取方式",
    "publish_consent": "同意公开", "channel": "渠道", "source_url": "原帖链接", "author": "发帖人",
    "received_on": "收到日期", "submitted_on": "提交日期", "owner": "承办人", "title": "标题", "year": "年度",
    "limit": "条数", "offset": "起始位置", "q": "检索词", "number": "编号", "query_code": "查询码",
}

_WHAT = {
    "missing": "必填",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "应为对象",
    "model_type": "应为对象",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "extra_forbidden": "不是允许的字段",
}

_SKIP = ("body", "query", "path", "payload", "data", "header", "form")


def field_name(path: str) -> str:
    """``subject（标题）``; ``contact.phone（联系电话）``; an unknown name as it is."""
    label = LABELS.get(path.rsplit(".", 1)[-1])
    return f"{path}（{label}）" if label else path


def _choices(expected: str) -> str:
    """pydantic's ``"'a', 'b' or 'c'"`` as ``a、b、c``."""
    quoted = re.findall(r"'([^']*)'", expected)
    return "、".join(quoted) if quoted else expected


def message(err: dict, field: str) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    who = field_name(field) if field else "请求"
    if kind == "string_too_short":
        n = ctx.get("min_length", 1)
        return f"{who}不能为空" if n <= 1 else f"{who}不能少于{n}字"
    if kind == "string_too_long":
        return f"{who}不能超过{ctx.get('max_length')}字"
    if kind == "too_short":
        return f"{who}至少{ctx.get('min_length')}项"
    if kind == "too_long":
        return f"{who}最多{ctx.get('max_length')}项"
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected")
        return f"{who}应为 {_choices(str(expected))} 之一" if expected else f"{who}不是允许的取值"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        word = {"greater_than_equal": "不能小于", "greater_than": "应大于", "less_than_equal": "不能大于",
                "less_than": "应小于"}[kind]
        limit = next(iter(v for k, v in ctx.items() if k in ("ge", "gt", "le", "lt")), "")
        return f"{who}{word}{limit}"
    if kind == "json_invalid":
        return "请求体不是有效的 JSON"
    if kind == "value_error":
        detail = str(ctx.get("error", "")) or err.get("msg", "")
        detail = detail.removeprefix("Value error, ")
        if not detail:
            return f"{who}取值无效"
        return detail if not field or field in detail else f"{field_name(field)}：{detail}"
    if kind in _WHAT:
        return f"{who}{_WHAT[kind]}"
    return f"{who}取值无效"


def validation_messages(errors) -> dict[str, str]:
    """``{"field": "field（中文名）说明"}`` from pydantic/ninja error dicts."""
    out: dict[str, str] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in _SKIP]
        field = ".".join(loc)
        out.setdefault(field or "请求", message(err, field))
    return out


def summary(messages: dict[str, str]) -> str:
    """The ``detail`` line: 「输入有误：subject（标题）不能为空。」 (the first three)."""
    shown = list(messages.values())[:3]
    return "输入有误：" + "；".join(shown) + ("等。" if len(messages) > 3 else "。")


def parse_error(detail: str) -> str:
    """ninja's English body-parse refusal in Chinese; other HTTP errors as they are."""
    return "请求体不是有效的 JSON" if detail.startswith("Cannot parse request body") else detail
