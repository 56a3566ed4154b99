"""One module per `pmtui` subcommand: `add_arguments(parser)` and `run(args) -> exit code`."""
