"""Which applications students may not run: the default categories on or off, plus names the
proctor adds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import lift, translator
from proctor.shield.blacklist import Category, rules_from_categories
from proctor.shield.names import normalise_name

tr = translator(__name__)

CUSTOM_CATEGORY = "custom"
# The default list's categories (assets/blacklist.json) as a proctor reads them.
CATEGORY_LABELS = {
    "chat": "Chat and video calls",
    "ai": "AI assistants",
    "remote": "Remote access",
    "capture": "Screen capture and streaming",
    "vm": "Virtual machines",
}
BLACKLIST_UNREADABLE = "The default list could not be read ({problem}); add names below."


class BlacklistEditor(QGroupBox):
    """The categories arrive with `set_categories` (read off the GUI thread by the caller)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Forbidden applications"), parent)
        self.categories: list[Category] = []
        self.checks: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Students' computers report these applications while the exam runs."))
        intro.setObjectName("fieldHint")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.loading = QLabel(tr("Reading the list of applications…"))
        self.loading.setObjectName("fieldHint")
        self.grid.addWidget(self.loading, 0, 0, 1, 2)
        self.warning = QLabel()
        self.warning.setObjectName("fieldError")
        self.warning.setWordWrap(True)
        self.warning.hide()
        layout.addWidget(self.warning)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(tr("Another program, e.g. notepad++ or *chess*"))
        self.name_edit.returnPressed.connect(self.add_from_edit)
        add = QPushButton(tr("Add"))
        add.clicked.connect(self.add_from_edit)
        row = QHBoxLayout()
        row.addWidget(self.name_edit, 1)
        row.addWidget(add)
        layout.addLayout(row)
        self.extra_list = QListWidget()
        self.extra_list.setMaximumHeight(76)
        remove = QPushButton(tr("Remove"))
        remove.setToolTip(tr("Remove the selected names"))
        remove.clicked.connect(self.remove_selected)
        list_row = QHBoxLayout()
        list_row.addWidget(self.extra_list, 1)
        list_row.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(list_row)

    def set_categories(
        self, categories: list[Category], problem: str = "", off: Iterable[str] = ()
    ) -> None:
        """Show `categories` as tick boxes, all ticked but those in `off`."""
        self.loading.hide()
        for box in self.checks.values():
            box.deleteLater()
        self.checks = {}
        self.categories = list(categories)
        unticked = set(off)
        for n, category in enumerate(self.categories):
            names = ", ".join(r["name"] for r in category.rules[:6])
            more = len(category.rules) - 6
            box = QCheckBox(CATEGORY_LABELS.get(category.key, category.label))
            box.setChecked(category.key not in unticked)
            box.setToolTip(
                tr("{names} and {n} more").format(names=names, n=more) if more > 0 else names
            )
            self.checks[category.key] = box
            self.grid.addWidget(box, n // 2, n % 2)
        if problem:
            self.warning.setText(tr(BLACKLIST_UNREADABLE).format(problem=problem))
        self.warning.setVisible(bool(problem))

    def unticked_categories(self) -> list[str]:
        return [key for key, box in self.checks.items() if not box.isChecked()]

    def add_name(self, name: str) -> bool:
        name = name.strip()
        if not name or len(name) > 80:
            return False
        known = {
            normalise_name(self.extra_list.item(i).text()) for i in range(self.extra_list.count())
        }
        if normalise_name(name) in known:
            return False
        self.extra_list.addItem(name)
        return True

    def add_from_edit(self) -> None:
        if self.add_name(self.name_edit.text()):
            self.name_edit.clear()

    def remove_selected(self) -> None:
        for item in self.extra_list.selectedItems():
            self.extra_list.takeItem(self.extra_list.row(item))

    def enabled_categories(self) -> list[str]:
        return [key for key, box in self.checks.items() if box.isChecked()]

    def extra_names(self) -> list[str]:
        return [self.extra_list.item(i).text() for i in range(self.extra_list.count())]

    def rules(self) -> list[dict[str, Any]]:
        """The blacklist chosen: rules of the ticked categories, then one rule per added name."""
        rules = rules_from_categories(self.categories, self.enabled_categories())
        for name in self.extra_names():
            rules.append({"name": name, "match": [name], "category": CUSTOM_CATEGORY})
        return rules


lift(__name__, globals(), keep=("CUSTOM_CATEGORY",))
