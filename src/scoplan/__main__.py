"""``python -m scoplan`` runs the command line."""

from scoplan.cli import main

main()
