"""``docker-dsl`` and ``python -m docker_dsl``: the Rust CLI, run in this interpreter."""

import sys


def main() -> None:
    """Run the command line and exit with its status."""
    from docker_dsl._native import cli_main

    raise SystemExit(cli_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
