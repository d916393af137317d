"""One exception root for the project.

Every error says what failed, where, what was found versus what is allowed, and how
to fix it. Errors are terminal (bad policy, bad input, bad configuration: retrying
cannot help) or transient (storage, network: a retry may succeed). Messages never
carry raw personal data: they name files, fields and rules, never values.
"""

from __future__ import annotations


class GovernanceError(Exception):
    """Root of every error this project raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class TerminalError(GovernanceError):
    """Retrying cannot help: the input, policy or configuration must change."""


class TransientError(GovernanceError):
    """Storage or network trouble: the same call may succeed later."""


class ConfigError(TerminalError):
    """Bad usage or configuration: a missing file or folder, an unresolvable key."""


class PolicyError(ConfigError):
    """A policy file that does not validate; ``location`` is ``file:line:column``."""

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.location = location
        self.field = field
        self.more: list[PolicyError] = []  # the file's other problems, found in the same pass
        prefix = f"{location}: " if location else ""
        at = f"{field}: " if field else ""
        super().__init__(f"{prefix}{at}{message}", hint=hint)


class InputError(TerminalError):
    """A source file that cannot be read; the file is quarantined, the run goes on."""


class GateFailed(GovernanceError):
    """Data failed a quality gate (validation, residual PII): nothing new was published."""

    exit_code = 1


class ConcurrentRunError(ConfigError):
    """Another run holds the workspace lock."""


class InternalError(TerminalError):
    """An unexpected exception (a bug, a broken dependency), reported by its class and the
    project's code line it came through. Its own text is withheld: an exception's message
    can carry the data it was handling (a file name, a value), and what a stage raises
    reaches Prefect's logs and database, lineage and the terminal."""


def withheld(exc: BaseException, stage: str) -> GovernanceError:
    """``exc`` as an error whose message carries no text of the original (our own errors,
    whose messages name files, fields and rules only, pass unchanged)."""
    if isinstance(exc, GovernanceError):
        return exc
    import traceback

    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if "/governance/" in f.filename or "/flows/" in f.filename]  # fmt: skip
    where = ""
    if frames:
        path = frames[-1].filename.replace("\\", "/")
        short = path[path.rfind("/governance/") + 1 :] if "/governance/" in path else (
            path[path.rfind("/flows/") + 1 :])  # fmt: skip
        where = f" at {short}:{frames[-1].lineno}"
    return InternalError(
        f"{stage}: unexpected {type(exc).__name__}{where}",
        hint="its text is withheld, as it can carry data; please report it with this line",
    )
