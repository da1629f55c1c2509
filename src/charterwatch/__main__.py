"""``python -m charterwatch`` is the ``charterwatch`` command."""

from charterwatch.cli import main

main()
