"""The management commands as a test runs them: their exit code and what they print."""

from io import StringIO

from django.core.management import call_command


def run_import(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("import_letters", *args, "--jobs", "2", "--no-progress", stdout=out)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue()


def reparse(*args) -> str:
    out = StringIO()
    call_command("reparse_letters", *args, stdout=out)
    return out.getvalue()
