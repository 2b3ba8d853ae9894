"""Chinese messages for request validation errors."""

from __future__ import annotations

_MESSAGES = {
    "missing": "此项必填",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "string_too_long": "太长",
    "string_too_short": "太短",
    "too_long": "太长",
    "literal_error": "不是允许的取值",
    "enum": "不是允许的取值",
    "greater_than_equal": "太小",
    "less_than_equal": "太大",
    "greater_than": "太小",
    "less_than": "太大",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "格式不对",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "value_error": "取值无效",
    "extra_forbidden": "不允许的字段",
}


def validation_messages(errors) -> dict[str, str]:
    """``{"field": "中文说明"}`` from pydantic/ninja error dicts."""
    out: dict[str, str] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "payload", "data")]
        field = ".".join(loc) or "请求"
        kind = err.get("type", "")
        message = _MESSAGES.get(kind)
        if kind == "value_error":
            ctx = err.get("ctx") or {}
            detail = str(ctx.get("error", "")) or err.get("msg", "")
            message = detail.removeprefix("Value error, ") or "取值无效"
        if kind in ("literal_error", "enum"):
            expected = (err.get("ctx") or {}).get("expected")
            message = f"不是允许的取值（可选：{expected}）" if expected else "不是允许的取值"
        out.setdefault(field, message or "取值无效")
    return out
