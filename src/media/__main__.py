"""Allow `python -m media`."""
from media.cli import main

main()
