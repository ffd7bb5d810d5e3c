"""Arguments of the wrong type raise the library's error, as every other bad input does.

The module uniffi generates checks each argument before it calls the library, and a value of the
wrong type (a `str` where a `NearbyQuery` goes, an `int` where a `str` goes) makes that check
raise Python's own `TypeError`, `AttributeError`, `ValueError` or `OverflowError`. An app would
then need two kinds of handler for one mistake. `install` (called at the end of the generated
module, see `generate.sh`) makes every such check raise `WaystationError.InvalidInput` instead:
`message_key` `error.invalid_input`, `user_message` in the library's words (from
`user_message`), and a developer `message` naming the expected and the given type (never the
value: it may be personal data). Generic: it knows no type of the API, only the generated
converters' `check_lower` convention.
"""

_CHECK_ERRORS = (TypeError, AttributeError, ValueError, OverflowError)

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
        return error.InvalidInput(
            path="",
            message=message,
            problems=[],
            line=None,
            column=None,
            message_key="error.invalid_input",
            user_message=words[0],
        )

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
