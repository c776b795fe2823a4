"""The student app's widgets: landing, join, lobby, exam window. They call the session through
the controller and react to its signals; they never do I/O themselves."""
