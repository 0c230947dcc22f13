"""What is wrong with a delivery, and where: core.tabular's Problem and FileRejected, the
same for every import."""

from core.tabular.problems import FileRejected, Problem, reject

__all__ = ["FileRejected", "Problem", "reject"]
