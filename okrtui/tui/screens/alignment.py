"""The alignment tree: the organisation, its objectives following the aligned-parent
links, and their KRs, with progress rolled up."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, Static, Tree
from textual.widgets.tree import TreeNode

from okrtui.text import clean_line
from okrtui.tui.screens.base import OkrScreen, help_only
from okrtui.tui.text import plain
from okrtui.tui.widgets.parts import confidence_badge, pace_bar, to_text
from okrtui.views.alignment import AlignedObjective, AlignmentTree, build_alignment
from okrtui.views.dashboard import KRView, load_dashboard

NodeKey = tuple[str, int]
BAR = 10
WIDE_BAR = 24
WIDE_FROM = 160
"""From this tree width the bars are `WIDE_BAR` cells: a wide screen reads pace better."""


GUIDE = 3
"""Cells each level of the tree is indented by (`Tree.guide_depth`)."""
ICON = 2
"""Cells of a branch's fold mark (`▼ `) before its label."""


def bar_width(tree_width: int) -> int:
    return WIDE_BAR if tree_width >= WIDE_FROM else BAR


def bars_at_width(bar: int) -> int:
    """The bar, its percentage and the gap before it: the right-hand column every row
    shares."""
    return bar + 5 + 2


def indent(depth: int, branch: bool) -> int:
    """Cells in front of a node's label at `depth` (the root is 0)."""
    return GUIDE * depth + (ICON if branch else 0)


def _row(name: Content, bar: Content, room: int) -> Content:
    """`name` cut with an ellipsis (or padded) to `room` cells, then the bar: every bar in
    the tree starts in the same column, whatever the depth."""
    return Content.assemble(name.truncate(max(8, room), ellipsis=True, pad=True), "  ", bar)


def objective_name(o: AlignedObjective) -> Content:
    objective = o.objective
    return Content.assemble(
        plain(objective.ref).stylize("bold $text-primary"),
        " ",
        plain(objective.title).stylize("bold"),
        (f"  {objective.kind.value}", "italic $text-secondary"),
        (f" · {clean_line(objective.owner)}" if objective.owner else "", "$text-muted"),
    )


def kr_name(kr: KRView) -> Content:
    return Content.assemble(
        confidence_badge(kr.confidence, kr.band, kr.change),
        " ",
        plain(kr.ref).stylize("$text-muted"),
        " ",
        plain(kr.title),
        (f" · {clean_line(kr.owner)}" if kr.owner else "", "$text-muted"),
    )


def names_width(data: AlignmentTree) -> int:
    """The cells the widest label needs, its indent included: the bars stand right after
    it rather than at the far edge of a wide screen."""
    widest = indent(0, True) + Content(clean_line(data.organisation)).cell_length

    def walk(node: AlignedObjective, depth: int) -> None:
        nonlocal widest
        widest = max(widest, indent(depth, True) + objective_name(node).cell_length)
        for kr in node.krs:
            widest = max(widest, indent(depth + 1, False) + kr_name(kr).cell_length)
        for child in node.children:
            walk(child, depth + 1)

    for root in data.roots:
        walk(root, 1)
    return widest


def objective_label(
    node: AlignedObjective, expected: float, room: int = 200, bar: int = BAR
) -> Content:
    return _row(objective_name(node), pace_bar(node.rolled_up, expected, bar), room)


def kr_label(kr: KRView, room: int = 200, bar: int = BAR) -> Content:
    return _row(kr_name(kr), pace_bar(kr.progress, kr.expected, bar), room)


class AlignmentScreen(OkrScreen[AlignmentTree]):
    PURPOSE = (
        "How the objectives align: the organisation at the top, each objective under the "
        "one it supports, its KRs beneath it; every bar is progress rolled up from below "
        "(the │ marks the pace expected by now). Enter opens a KR, Space folds a branch."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="alignment.back"),
        Binding("e", "expand_all", "Expand all", id="alignment.expand"),
        Binding("c", "collapse_all", "Collapse", id="alignment.collapse"),
        *help_only(OkrScreen.BINDINGS, "nav.start_meeting", "nav.dashboard"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="alignment-title", markup=False)
        tree: Tree[NodeKey] = Tree(Text("Organisation"), id="alignment-tree")
        tree.show_root = True
        tree.guide_depth = 3
        yield tree
        yield Footer()

    def load(self) -> AlignmentTree:
        app = self.okr
        data = load_dashboard(app.store, app.today(), app.clock.now(), self.thresholds)
        return build_alignment(data)

    def show(self, data: AlignmentTree) -> None:
        tree: Tree[NodeKey] = self.query_one("#alignment-tree", Tree)
        cursor = tree.cursor_node.data if tree.cursor_node is not None else None
        collapsed = {n.data for n in _walk(tree.root) if n.data and not n.is_expanded}
        first = tree.root.data is None
        self.query_one("#alignment-title", Static).update(
            Content.assemble(
                ("Alignment", "bold $text-accent"),
                ("  organisation → objectives → KRs, progress rolled up", "$text-muted"),
            )
        )
        tree.clear()
        self.data = data
        tree.root.data = ("org", 0)
        self._bar = bar_width(self._tree_width())
        self._width = min(self._label_width(), names_width(data))
        tree.root.set_label(
            to_text(
                _row(
                    plain(data.organisation).stylize("bold"),
                    pace_bar(data.rolled_up, data.expected, self._bar),
                    self._width - indent(0, True),
                )
            )
        )
        for root in data.roots:
            self._add(tree.root, root, collapsed, data.expected, 1)
        tree.root.expand()
        if cursor is not None:
            for node in _walk(tree.root):
                if node.data == cursor:
                    tree.move_cursor(node, animate=False)
                    break
        if first:
            tree.focus()

    def _add(
        self,
        parent: TreeNode[NodeKey],
        node: AlignedObjective,
        collapsed: set[NodeKey],
        expected: float,
        depth: int,
    ) -> None:
        key: NodeKey = ("objective", node.objective.id)
        room = self._width - indent(depth, True)
        branch = parent.add(
            to_text(objective_label(node, expected, room, self._bar)),
            data=key,
            expand=key not in collapsed,
        )
        for kr in node.krs:
            leaf_room = self._width - indent(depth + 1, False)
            branch.add_leaf(to_text(kr_label(kr, leaf_room, self._bar)), data=("kr", kr.id))
        for child in node.children:
            self._add(branch, child, collapsed, expected, depth + 1)

    def _tree_width(self) -> int:
        return self.query_one("#alignment-tree", Tree).size.width or self.app.size.width

    def _label_width(self) -> int:
        """The cells a label may fill before the shared bar column (the tree's width less
        its scrollbar and the bar)."""
        return max(24, self._tree_width() - 2 - bars_at_width(bar_width(self._tree_width())))

    def on_resize(self) -> None:
        data = getattr(self, "data", None)
        if data is not None and (
            min(self._label_width(), names_width(data)) != self._width
            or bar_width(self._tree_width()) != self._bar
        ):
            self.show(data)

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeKey]) -> None:
        if event.node.data is not None and event.node.data[0] == "kr":
            self.okr.open_kr(event.node.data[1])

    def action_expand_all(self) -> None:
        self.query_one("#alignment-tree", Tree).root.expand_all()

    def action_collapse_all(self) -> None:
        tree: Tree[NodeKey] = self.query_one("#alignment-tree", Tree)
        for child in tree.root.children:
            child.collapse_all()


def _walk(node: TreeNode[NodeKey]) -> list[TreeNode[NodeKey]]:
    nodes = [node]
    for child in node.children:
        nodes.extend(_walk(child))
    return nodes
