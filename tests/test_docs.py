"""Documentation that must stay true: every command and option, every setting, the test command."""

from __future__ import annotations

import re

import pytest
import typer.main

from charterwatch.cli import app
from charterwatch.settings import Settings
from tests.conftest import REPO

CLI_DOC = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(command=None, path=("charterwatch",)):
    command = command or typer.main.get_command(app)
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield " ".join(path), command


COMMANDS = dict(_commands())


def _section(heading: str) -> str:
    """The text from a command's heading to the next command heading (grouped headings share one)."""
    match = re.search(rf"^### {re.escape(heading)}\n(?:### [^\n]*\n)*+(.*?)(?=^#{{2,3}} |\Z)", CLI_DOC, re.S | re.M)
    assert match, f"docs/cli.md has no '### {heading}' heading"
    return match.group(1)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_documented(name):
    section = _section(name)
    for param in COMMANDS[name].params:
        shown = param.opts[0] if param.param_type_name == "option" else param.name.upper()
        assert shown in section, f"docs/cli.md: '{name}' does not mention {shown}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name):
    assert (COMMANDS[name].help or "").strip(), f"{name} has no help text"


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented(field):
    assert f"`{field}`" in README, f"README.md's configuration table does not list {field}"


def test_readme_opens_with_two_commands_and_ci_runs_the_test_one():
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)
    install_and_run, test = commands[0], commands[1]
    assert install_and_run.endswith("charterwatch run") and "\n" not in install_and_run
    assert "pytest" in test and "\n" not in test
    assert test in (REPO / ".ci" / "run").read_text(encoding="utf-8")
