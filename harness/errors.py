class HarnessError(Exception):
    """A failure a person can act on: one line of text and an exit code.

    The CLI prints the message alone (no traceback unless --debug) and exits
    with `exit_code`; 2 means the caller's input or toolchain is wrong.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
