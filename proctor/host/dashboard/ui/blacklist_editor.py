"""Which applications students may not run: the default categories on or off, plus names the
proctor adds."""

from __future__ import annotations

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

from proctor.shield.blacklist import (
    BlacklistError,
    Category,
    load_blacklist_categories,
    normalise_name,
    rules_from_categories,
)

CUSTOM_CATEGORY = "custom"


class BlacklistEditor(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Forbidden applications", parent)
        try:
            self.categories: list[Category] = load_blacklist_categories()
            problem = ""
        except BlacklistError as exc:
            self.categories = []
            problem = f"The default list could not be read ({exc}); add names below."
        self.checks: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        intro = QLabel("Students' computers report these applications while the exam runs.")
        intro.setObjectName("fieldHint")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        for n, category in enumerate(self.categories):
            names = ", ".join(r["name"] for r in category.rules[:6])
            more = len(category.rules) - 6
            box = QCheckBox(f"{category.label}")
            box.setChecked(True)
            box.setToolTip(names + (f" and {more} more" if more > 0 else ""))
            self.checks[category.key] = box
            grid.addWidget(box, n // 2, n % 2)
        layout.addLayout(grid)
        if problem:
            warning = QLabel(problem)
            warning.setObjectName("fieldError")
            warning.setWordWrap(True)
            layout.addWidget(warning)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("Another program, e.g. notepad++ or *chess*")
        self.name_edit.returnPressed.connect(self.add_from_edit)
        add = QPushButton("Add")
        add.clicked.connect(self.add_from_edit)
        row = QHBoxLayout()
        row.addWidget(self.name_edit, 1)
        row.addWidget(add)
        layout.addLayout(row)
        self.extra_list = QListWidget()
        self.extra_list.setMaximumHeight(76)
        remove = QPushButton("Remove")
        remove.setToolTip("Remove the selected names")
        remove.clicked.connect(self.remove_selected)
        list_row = QHBoxLayout()
        list_row.addWidget(self.extra_list, 1)
        list_row.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(list_row)

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
