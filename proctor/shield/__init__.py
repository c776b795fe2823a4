"""The integrity monitors' detectors: process shield, camera presence, focus and paste rules.
Plain Python (psutil, OpenCV); never Qt. The student app's `ui/monitors.py` runs them."""
