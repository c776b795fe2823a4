"""`proctor bench`: load a real host with simulated students and measure what matters.

The host runs in its own process (`proctor host --headless`), the simulated students in another
(`python -m proctor.bench.loadgen`), and the student-side costs are measured in short child
processes, so no part of the benchmark shares an event loop or a CPU budget by accident.
"""
