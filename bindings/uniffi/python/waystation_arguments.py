"""Arguments of the wrong type raise the library's error, as every other bad input does.

The module uniffi generates checks each argument before it calls the library, and a value of the
wrong type (a `str` where a `NearbyQuery` goes, an `int` where a `str` goes) makes that check
raise Python's own `TypeError`, `AttributeError`, `ValueError` or `OverflowError`. An app would
then need two kinds of handler for one mistake. `install` (called at the end of the generated
module, see `generate.sh`) makes every such check raise `WaystationError.InvalidInput` instead:
`path` naming the argument, or the field within it (`query.position.lat`, as the JSON request
API names it: the refused value is found by identity among the call's arguments),
`message_key` `error.invalid_input`, `user_message` in the library's words (from
`user_message`), and a developer `message` naming the expected and the given type (never the
value: it may be personal data). Generic: it knows no type of the API, only the generated
converters' `check_lower` convention and the module's public functions and methods.
"""

import enum as _enum
import functools as _functools
import inspect as _inspect
import weakref as _weakref

_CHECK_ERRORS = (TypeError, AttributeError, ValueError, OverflowError)

# The errors raised here, with the value each refused (to find its path among the arguments).
_REFUSED = _weakref.WeakKeyDictionary()

# How far into an argument (records, lists, dicts) its refused value is looked for.
_MAX_DEPTH = 8
_MAX_VISITS = 10_000

# Converter suffixes (`_UniffiConverter<suffix>`) that are Python builtins.
_BUILTINS = {
    "String": "str",
    "Bool": "bool",
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
    if suffix.startswith("Type"):
        return suffix[len("Type"):]
    return _BUILTINS.get(suffix, suffix)


def install(namespace: dict) -> None:
    """Wraps the `check_lower` of every converter in the generated module's `namespace`."""
    error = namespace["WaystationError"]
    user_message = namespace["user_message"]
    words = []

    def invalid(expected, value, out_of_range):
        if not words:
            words.append(user_message("error.invalid_input"))
        found = type(value).__name__
        if out_of_range:
            message = "expected {} in range, found {} out of range".format(expected, found)
        else:
            message = "expected {}, found {}".format(expected, found)
        e = error.InvalidInput(
            path="",
            message=message,
            problems=[],
            line=None,
            column=None,
            message_key="error.invalid_input",
            user_message=words[0],
        )
        _REFUSED[e] = value
        return e

    def with_path(e, path):
        located = error.InvalidInput(
            path=path,
            message=e.message,
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

        @_functools.wraps(fn)
        def located(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except error.InvalidInput as e:
                if e.path or e not in _REFUSED:
                    raise
                try:
                    bound = signature.bind(*args, **kwargs)
                except TypeError:
                    raise e from None
                path = path_of(_REFUSED[e], bound.arguments)
                if path is None:
                    raise
                raise with_path(e, path) from None

        return located

    def wrap(check, expected):
        def checked(*args):
            try:
                return check(*args)
            except error:
                raise
            except _CHECK_ERRORS as e:
                # A check shared by several converters (a class method of their base) is named
                # by the converter it was called on.
                named = expected
                if args and isinstance(args[0], type):
                    named = converter_type(args[0].__name__) or expected
                out_of_range = isinstance(e, (ValueError, OverflowError))
                raise invalid(named, args[-1] if args else None, out_of_range) from None

        return checked

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
        if isinstance(raw, staticmethod):
            setattr(converter, "check_lower", staticmethod(wrap(raw.__func__, expected)))
        elif isinstance(raw, classmethod):
            setattr(converter, "check_lower", classmethod(wrap(raw.__func__, expected)))
        else:
            setattr(converter, "check_lower", wrap(raw, expected))


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


def path_of(value, arguments: dict):
    """The path of `value` (by identity) within the call's `arguments`: `query`,
    `query.position.lat`, `trusted_keys[1].key_id`; None if it is not found within
    `_MAX_DEPTH` levels and `_MAX_VISITS` values."""
    visits = 0
    stack = [(arg, name, 0) for name, arg in reversed(list(arguments.items())) if name != "self"]
    while stack:
        item, path, depth = stack.pop()
        visits += 1
        if item is value:
            return path
        if depth >= _MAX_DEPTH or visits >= _MAX_VISITS:
            continue
        if isinstance(item, (list, tuple)):
            children = [("{}[{}]".format(path, i), x) for i, x in enumerate(item)]
        elif isinstance(item, dict):
            children = [("{}.{}".format(path, k), x) for k, x in item.items()]
        elif hasattr(item, "__dict__") and not isinstance(item, (type, _enum.Enum)):
            children = [
                ("{}.{}".format(path, k), x) for k, x in vars(item).items() if not k.startswith("_")
            ]
        else:
            continue
        stack.extend((x, p, depth + 1) for p, x in reversed(children))
    return None
