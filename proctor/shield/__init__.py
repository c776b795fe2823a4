"""The integrity monitors' detectors: process shield, camera presence (and head turned away),
focus and paste rules, second screens, and the computer-wide signals (virtual machine, remote
session, listening remote-control and local AI servers). Assistive technology is never reported.
Plain Python (psutil, OpenCV); never Qt. The student app's `ui/monitors.py` runs them."""
