"""``docker-dsl`` and ``python -m docker_dsl``: the Rust CLI, run in this interpreter."""

import sys


def main() -> None:
    """Run the command line and exit with its status."""
    from docker_dsl._native import cli_main

    try:
        status = cli_main(sys.argv[1:])
    except KeyboardInterrupt:
        status = 130  # Ctrl-C outside the recipe: quiet, like a shell
    raise SystemExit(status)


if __name__ == "__main__":
    main()
