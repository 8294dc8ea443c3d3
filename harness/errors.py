class HarnessError(Exception):
    """A failure a person can act on: one line of text and an exit code.

    The CLI prints the message alone (no traceback unless --debug) and exits
    with `exit_code`; 2 means the caller's input or toolchain is wrong.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def aws_error_line(exc: BaseException) -> str | None:
    """An AWS API or SDK failure as one line (who answered what to which call), else None."""
    from botocore.exceptions import BotoCoreError, ClientError

    if isinstance(exc, ClientError):
        detail = exc.response.get("Error", {})
        code = detail.get("Code") or exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
        message = str(detail.get("Message") or "").strip()
        return f"AWS answered {code} to {exc.operation_name}" + (f": {message}" if message else "") + "."
    if isinstance(exc, BotoCoreError):
        return f"the AWS SDK failed: {exc}"
    return None
