"""What several test packages share: real hosts (in a thread, in-process or as a process),
student sessions, the end-to-end harness, X11 windows."""
