"""Proctor's translations: one Qt Linguist source per language (`proctor_<lang>.ts`), its
compiled form (`proctor_<lang>.qm`, what the app loads) and `catalog`, the tool that writes
the sources from the sentence tables and the `tr("…")` calls."""
