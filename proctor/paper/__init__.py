"""Exam papers with questions: paper.toml models, loading with located problems, per-student
variants, the student's view, answer validation, the JSON Schema and a comment-keeping writer.
Qt-free; the host, the student app, marking and the dashboard's editor build on it."""
