"""`python -m pmtui` runs the command line."""

from pmtui.cli import main

raise SystemExit(main())
