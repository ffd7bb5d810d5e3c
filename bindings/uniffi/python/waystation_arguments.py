"""Arguments of the wrong type raise the library's error, as every other bad input does.

The module uniffi generates checks each argument before it calls the library, and a value of the
wrong type (a `str` where a `NearbyQuery` goes, an `int` where a `str` goes) makes that check
raise Python's own `TypeError`, `AttributeError`, `ValueError` or `OverflowError`. An app would
then need two kinds of handler for one mistake. `install` (called at the end of the generated
module, see `generate.sh`) makes every such check raise `WaystationError.InvalidInput` instead:
`path` naming the argument, or the field within it (`query.position.lat`, as the JSON request
API names it: the generated checks run field by field in declaration order, and the path is read
from the chain of checks under way when one fails, so a refused `None`, `0` or `True` is named
where it was given, not where an equal value first appears),
`message_key` `error.invalid_input`, `user_message` in the library's words (from
`user_message`), and a developer `message` naming the expected and the given type (never the
value: it may be personal data). Generic: it knows no type of the API, only the generated
converters' `check_lower` convention and the module's public functions and methods.
"""

import enum as _enum
import functools as _functools
import inspect as _inspect
import threading as _threading
import weakref as _weakref

_CHECK_ERRORS = (TypeError, AttributeError, ValueError, OverflowError)

# The errors raised here, with the value each refused.
_REFUSED = _weakref.WeakKeyDictionary()

# The errors raised here, with where the refused value sits: (index of the argument among the
# call's checked arguments, path below it).
_WHERE = _weakref.WeakKeyDictionary()

# The checks under way on this thread: a call's root frame, then one frame per converter check.
_STATE = _threading.local()


class _Frame:
    """A check under way: its converter (None for a call's root), the value it checks, and how
    many checks below it have passed (the position of the one under way)."""

    __slots__ = ("converter", "value", "passed")

    def __init__(self, converter, value):
        self.converter = converter
        self.value = value
        self.passed = 0


def _frames():
    frames = getattr(_STATE, "frames", None)
    if frames is None:
        frames = _STATE.frames = []
    return frames


def _fields(record):
    """A generated record's field names in declaration order (the order its check runs them)."""
    try:
        params = _inspect.signature(type(record).__init__).parameters
    except (TypeError, ValueError):
        return []
    return [name for name in params if name != "self"]


def _segment(frame):
    """The path segment from `frame` to the check under way below it ('' when it has none)."""
    name = frame.converter or ""
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix):]
    i = frame.passed
    if name.startswith("Sequence"):
        return "[{}]".format(i)
    if name.startswith("Map") and isinstance(frame.value, dict):
        keys = list(frame.value.keys())
        # A map's check takes each entry's key, then its value.
        return ".{}".format(keys[i // 2]) if i // 2 < len(keys) else ""
    if name.startswith("Type") and hasattr(frame.value, "__dict__") and not isinstance(
        frame.value, (type, _enum.Enum)
    ):
        fields = _fields(frame.value)
        return ".{}".format(fields[i]) if i < len(fields) else ""
    # Optional values and custom types (an instant, a date) check one value at the same place.
    return ""


def _where():
    """(argument index, path below it) of the check under way, from this thread's frames."""
    frames = _frames()
    root = max((i for i, f in enumerate(frames) if f.converter is None), default=None)
    if root is None:
        return None
    chain = frames[root + 1:]
    return frames[root].passed, "".join(_segment(f) for f in chain[:-1])

# Converter suffixes (`_UniffiConverter<suffix>`) that are Python builtins.
_BUILTINS = {
    "String": "str",
    "Bool": "bool",
    "Boolean": "bool",
    "Bytes": "bytes",
    "Float32": "float",
    "Float64": "float",
    "Int8": "int",
    "Int16": "int",
    "Int32": "int",
    "Int64": "int",
    "UInt8": "int",
    "UInt16": "int",
    "UInt32": "int",
    "UInt64": "int",
    "Duration": "datetime.timedelta",
    "Timestamp": "datetime.datetime",
    "TypeChinaDate": "datetime.date",
    "TypeChinaTime": "datetime.datetime with its zone",
}


def type_name(suffix: str) -> str:
    """The Python type a converter takes, from its class name's suffix
    (`OptionalTypeCoordinate` → `Coordinate or None`)."""
    if suffix.startswith("Optional"):
        return type_name(suffix[len("Optional"):]) + " or None"
    if suffix.startswith("Sequence"):
        return "list of " + type_name(suffix[len("Sequence"):])
    if suffix.startswith("Map"):
        return "dict"
    if suffix in _BUILTINS:
        return _BUILTINS[suffix]
    if suffix.startswith("Type"):
        return suffix[len("Type"):]
    return _BUILTINS.get(suffix, suffix)


def install(namespace: dict) -> None:
    """Wraps the `check_lower` of every converter in the generated module's `namespace`."""
    error = namespace["WaystationError"]
    user_message = namespace["user_message"]
    words = []

    def refusal(message, value, message_key=None, user_words=None):
        if user_words is None:
            if not words:
                words.append(user_message("error.invalid_input"))
            user_words = words[0]
        e = error.InvalidInput(
            path="",
            message=message,
            problems=[],
            line=None,
            column=None,
            message_key=message_key or "error.invalid_input",
            user_message=user_words,
        )
        _REFUSED[e] = value
        where = _where()
        if where is not None:
            _WHERE[e] = where
        return e

    def invalid(expected, value, out_of_range):
        found = type(value).__name__
        if out_of_range:
            message = "expected {} in range, found {} out of range".format(expected, found)
        else:
            message = "expected {}, found {}".format(expected, found)
        return refusal(message, value)

    def with_path(e, path):
        located = error.InvalidInput(
            path=path,
            message="{}: {}".format(path, e.message) if path else e.message,
            problems=e.problems,
            line=e.line,
            column=e.column,
            message_key=e.message_key,
            user_message=e.user_message,
        )
        _REFUSED[located] = _REFUSED.get(e)
        return located

    def locate(fn):
        """`fn`, whose refused arguments are named: `query.position.lat`, as the JSON API
        names them."""
        try:
            signature = _inspect.signature(fn)
        except (TypeError, ValueError):
            return fn
        params = [p for p in signature.parameters if p not in ("self", "cls")]

        @_functools.wraps(fn)
        def located(*args, **kwargs):
            frames = _frames()
            depth = len(frames)
            frames.append(_Frame(None, None))
            try:
                return fn(*args, **kwargs)
            except OverflowError:
                # Arguments are checked before the call, so this is the answer: an instant the
                # library holds (its range is ±262,000 years) that Python's `datetime` cannot
                # (years 1 to 9999), e.g. in a bundle's header or an event's dates.
                raise error.Unsupported(
                    message="an instant in the answer is outside the years 1 to 9999 that "
                    "Python's datetime holds",
                    message_key="error.unsupported",
                    user_message=user_message("error.unsupported"),
                ) from None
            except error.InvalidInput as e:
                where = _WHERE.get(e)
                if e.path or where is None:
                    raise
                index, below = where
                if index >= len(params):
                    raise
                raise with_path(e, params[index] + below) from None
            finally:
                del frames[depth:]

        return located

    def wrap(check, expected, name, strict=None):
        """`check` (converter `name`'s `check_lower`), raising the library's error."""

        def checked(*args):
            value = args[-1] if args else None
            # A check shared by several converters (a class method of their base) is named
            # by the converter it was called on.
            named, converter = expected, None
            if args and isinstance(args[0], type):
                converter = args[0].__name__
                named = converter_type(converter) or expected
            frames = _frames()
            depth = len(frames)
            frames.append(_Frame(converter or name, value))
            try:
                if strict is not None and not strict(value):
                    raise invalid(named, value, False)
                result = check(*args)
            except error as e:
                if e in _REFUSED or not isinstance(e, error.InvalidInput):
                    raise
                # A custom type's own reading refused it (an instant through `parse_instant`):
                # the library's words, at this argument's path instead of the reader's.
                message = e.message
                if e.path and message.startswith(e.path + ": "):
                    message = message[len(e.path) + 2:]
                raise refusal(message, value, e.message_key, e.user_message) from None
            except _CHECK_ERRORS as e:
                out_of_range = isinstance(e, (ValueError, OverflowError))
                raise invalid(named, value, out_of_range) from None
            else:
                if depth > 0:
                    frames[depth - 1].passed += 1
                return result
            finally:
                del frames[depth:]

        return checked

    # The text of a date argument (see `uniffi.toml`): a `datetime.date`, never a `datetime`.
    namespace["_waystation_date_text"] = _date_text

    module = namespace.get("__name__")
    for name, value in list(namespace.items()):
        if name.startswith("_"):
            continue
        if _inspect.isfunction(value) and value.__module__ == module:
            namespace[name] = locate(value)
        elif (
            isinstance(value, type)
            and value.__module__ == module
            and not issubclass(value, (BaseException, _enum.Enum))
        ):
            for attr, raw in list(vars(value).items()):
                if attr.startswith("_"):
                    continue
                if isinstance(raw, staticmethod):
                    setattr(value, attr, staticmethod(locate(raw.__func__)))
                elif isinstance(raw, classmethod):
                    setattr(value, attr, classmethod(locate(raw.__func__)))
                elif _inspect.isfunction(raw):
                    setattr(value, attr, locate(raw))

    for name, converter in list(namespace.items()):
        expected = converter_type(name)
        if expected is None or not isinstance(converter, type):
            continue
        raw = vars(converter).get("check_lower")
        if raw is None:
            continue
        strict = _STRICT.get(name[len(_prefix_of(name)):])
        if isinstance(raw, staticmethod):
            setattr(converter, "check_lower", staticmethod(wrap(raw.__func__, expected, name, strict)))
        elif isinstance(raw, classmethod):
            setattr(converter, "check_lower", classmethod(wrap(raw.__func__, expected, name, strict)))
        else:
            setattr(converter, "check_lower", wrap(raw, expected, name, strict))


def _date_text(value):
    import datetime

    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise TypeError("expected datetime.date")
    return value.isoformat()


def _prefix_of(name):
    return next((p for p in _PREFIXES if name.startswith(p)), "")


# Values the generated checks let through but the library's types do not take: a `bool` is not
# a number here (`True` is not 1), and only a `bool` is a boolean (not `"yes"`, not `1`).
_STRICT = {
    "Boolean": lambda v: isinstance(v, bool),
    "PrimitiveInt": lambda v: not isinstance(v, bool),
    "PrimitiveFloat": lambda v: not isinstance(v, bool),
}


# Prefixes of the generated converter classes' names (uniffi 0.32: `_UniffiFfiConverterString`,
# `_UniffiFfiConverterTypeNearbyQuery`; their shared bases: `_UniffiConverterPrimitiveInt`).
_PREFIXES = ("_UniffiFfiConverter", "_UniffiConverter")


def converter_type(class_name: str):
    """The Python type a converter class takes, or None when the name is not a converter's."""
    for prefix in _PREFIXES:
        if class_name.startswith(prefix):
            return type_name(class_name[len(prefix):])
    return None


def refused(error) -> bool:
    """Whether `error` is an argument of the wrong type refused by the binding's check (before
    the library read it), not an error of the library itself."""
    try:
        return error in _REFUSED
    except TypeError:
        return False
