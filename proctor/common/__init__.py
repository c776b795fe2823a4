"""What host and student share: the wire models (`protocol`), ids, paths, network and clock
helpers. Imports nothing else of Proctor, and never Qt."""
