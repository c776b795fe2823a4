"""Results built from marks (Qt-free): the bodies of the admin results endpoints and of a
student's released result, the class analytics and similarity, grades.csv, results.json and
the session log's marks. See docs/RESULTS.md."""
