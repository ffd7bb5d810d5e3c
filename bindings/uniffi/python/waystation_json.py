"""Plain values of waystation's answers, for `json.dumps`, logs and templates.

The generated module's records are classes, its enums `enum.Enum`s and its instants `datetime`s,
none of which `json.dumps` takes. `to_dict(answer)` gives the answer as the JSON API writes it:
records as dicts of their fields (snake_case), enums as their codes (`gcj02`,
`express_courier`, `zh-CN`), instants as RFC 3339 text in China time, dates as `YYYY-MM-DD`.
`to_json(answer)` is `json.dumps` of that. Generic: it knows no record type, only these rules.

    import waystation, waystation_json
    found = waystation.Catalogue.sample().nearby(query)
    print(waystation_json.to_json(found, ensure_ascii=False, indent=2))
"""
import datetime as _dt
import enum as _enum
import json as _json

__all__ = ["to_dict", "to_json", "code_of"]

# Enum codes that are not the member's name in lower case.
_CODES = {"zh_cn": "zh-CN"}


def code_of(member: _enum.Enum) -> str:
    """The JSON code of an enum member (`Datum.GCJ02` → `gcj02`, `Lang.ZH_CN` → `zh-CN`)."""
    code = member.name.lower()
    return _CODES.get(code, code)


def to_dict(value):
    """`value` (an answer, a record, a list of them, …) as plain JSON values."""
    if isinstance(value, _enum.Enum):
        return code_of(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: to_dict(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray)):
        return list(value)
    if hasattr(value, "__dict__") and type(value).__module__ == "waystation":
        return {k: to_dict(v) for k, v in vars(value).items() if not k.startswith("_")}
    return value


def to_json(value, **kwargs) -> str:
    """`json.dumps(to_dict(value), **kwargs)`."""
    return _json.dumps(to_dict(value), **kwargs)
