"""``python -m scoplan`` runs the command line."""

from scoplan._program import run

run()
