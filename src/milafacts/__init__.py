"""milafacts: quick, cited answers about Mila's 2025 international year."""

__version__ = "0.1.0"
