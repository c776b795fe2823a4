"""The PDF reports: documents built Qt-free from the results bodies (class_report,
student_report), laid out on A4 by `ui.pdf`."""
