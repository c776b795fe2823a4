import multiprocessing
import sys

from proctor.cli import main

if __name__ == "__main__":
    # First thing: in a packaged build, a marking worker (a multiprocessing spawn child of the
    # room server) is this executable again, and this runs it instead of the command line.
    multiprocessing.freeze_support()
    sys.exit(main())
