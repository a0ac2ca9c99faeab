"""tf.errors: the exception classes Session.run and Saver raise."""

from .runtime import Error

__all__ = ["OpError", "FailedPreconditionError", "InvalidArgumentError",
           "NotFoundError", "DataLossError"]


class OpError(Error):
    """A step could not run: `op` names the node (or variable) concerned
    when there is one."""

    def __init__(self, message, op=None):
        super().__init__(message)
        self.message = message
        self.op = op


class FailedPreconditionError(OpError, RuntimeError):
    """E.g. a step reads a variable that was never initialized."""


class InvalidArgumentError(OpError, ValueError):
    """A feed, fetch or checkpoint does not match what it should."""


class NotFoundError(OpError):
    """A file or a name does not exist."""


class DataLossError(OpError):
    """A checkpoint file is truncated or corrupted."""
