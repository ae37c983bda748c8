#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "complaints_site.settings")
    from complaints_site.localdb import LocalDatabaseUnavailable

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except LocalDatabaseUnavailable as exc:
        # Say what to install or set, without a traceback.
        print(exc, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
