"""Read an agreement file into an :class:`~charterwatch.agreement.model.Agreement`.

Every failure becomes one :class:`~charterwatch.errors.AgreementError` naming the file, the field
path and the problem, so a user sees ``charter.yaml: sections[2].provisions[0].due.rule: 'P3X' is
not an ISO-8601 duration`` instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from charterwatch.agreement.checks import find_problems
from charterwatch.agreement.model import Agreement
from charterwatch.errors import AgreementError

#: Agreement files are tens of kilobytes; anything past this is a wrong file or a YAML bomb.
MAX_AGREEMENT_BYTES = 5 * 1024 * 1024


#: Bounds an agreement file never needs to come near: nesting depth, digits of a number.
MAX_DEPTH = 40
MAX_DIGITS = 18
#: Error messages quote at most this much (a hostile file must not print megabytes).
MAX_MESSAGE = 300


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping with the same key twice (PyYAML keeps the last), any alias
    (``*name``: an agreement file needs none, and aliases are how a small file becomes a huge one),
    nesting deeper than :data:`MAX_DEPTH` and integers longer than :data:`MAX_DIGITS` digits."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in an agreement file",
                                              self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels",
                                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_int(loader: _UniqueKeyLoader, node: yaml.ScalarNode) -> int:
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_DIGITS:
        raise yaml.constructor.ConstructorError(None, None, f"a number of {digits} digits is out of range",
                                                node.start_mark)
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE - 1] + "…"


def format_location(loc: tuple[Any, ...]) -> str:
    """``('sections', 2, 'provisions', 0, 'due')`` -> ``sections[2].provisions[0].due``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).isidentifier():
            out += ("." if out else "") + str(part)
        else:
            out += f"[{str(part)!r}]"
    return out or "(top level)"


def describe_error(error: dict[str, Any]) -> str:
    """One pydantic error as a short phrase that follows its field path."""
    kind, msg = error["type"], error["msg"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a field of the agreement format (see docs/agreement-format.md)"
    if kind.startswith(("date_", "datetime_")):
        return f"{error.get('input')!r} is not a date (expected YYYY-MM-DD)"
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    shown = repr(error.get("input"))
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{msg[0].lower()}{msg[1:]} (got {shown})"


def parse_agreement(text: str, source: str) -> Agreement:
    """Validate YAML text as an agreement. Pure: no file access.

    :param text: the YAML document
    :param source: how to name the input in error messages (usually the file name)
    """
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "YAML"
        raise AgreementError(source, _short(f"not valid YAML: {exc.problem or exc.context}"), where) from None
    except yaml.YAMLError as exc:
        raise AgreementError(source, _short(f"not valid YAML: {exc}")) from None
    except RecursionError:
        raise AgreementError(source, f"not valid YAML: nested deeper than {MAX_DEPTH} levels") from None
    if not isinstance(data, dict):
        raise AgreementError(source, "the top level must be a mapping with 'agreement' and 'sections'")
    try:
        agreement = Agreement.model_validate(data)
        problems = find_problems(agreement)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise AgreementError(source, _short(describe_error(first) + more), format_location(first["loc"])) from None
    except (OverflowError, ValueError) as exc:
        raise AgreementError(source, _short(f"a date or duration is out of range ({exc})")) from None
    if problems:
        path, problem = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise AgreementError(source, problem + more, path)
    return agreement


def load_agreement_file(path: str | Path) -> Agreement:
    """Read and validate an agreement file.

    :param path: a YAML file in the agreement format
    """
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise AgreementError(str(path), "no such file") from None
    except OSError as exc:
        raise AgreementError(str(path), f"cannot read: {exc.strerror}") from None
    if not path.is_file():
        raise AgreementError(str(path), "is not a file")
    if size > MAX_AGREEMENT_BYTES:
        raise AgreementError(
            name, f"file is {size / 1_048_576:.1f} MiB; an agreement file may be at most "
            f"{MAX_AGREEMENT_BYTES // 1_048_576} MiB"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise AgreementError(name, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise AgreementError(name, f"cannot read: {exc.strerror}") from None
    return parse_agreement(text, name)
