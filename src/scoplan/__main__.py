"""``python -m scoplan`` runs the command line."""

from scoplan._terminal import run

run()
