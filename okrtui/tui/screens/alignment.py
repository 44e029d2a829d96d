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
from okrtui.views.alignment import AlignedObjective, AlignmentTree, build_alignment
from okrtui.views.dashboard import KRView, load_dashboard
from okrtui.tui.screens.base import OkrScreen
from okrtui.tui.text import plain
from okrtui.tui.widgets.parts import confidence_badge, pace_bar, to_text

NodeKey = tuple[str, int]
BAR = 10


def objective_label(node: AlignedObjective, expected: float) -> Content:
    o = node.objective
    return Content.assemble(
        pace_bar(node.rolled_up, expected, BAR),
        "  ",
        plain(o.ref).stylize("bold $text-primary"),
        " ",
        plain(o.title).stylize("bold"),
        (f"  {o.kind.value}", "italic $text-secondary"),
        (f" · {clean_line(o.owner)}" if o.owner else "", "$text-muted"),
    )


def kr_label(kr: KRView) -> Content:
    return Content.assemble(
        pace_bar(kr.progress, kr.expected, BAR),
        "  ",
        confidence_badge(kr.confidence, kr.band, kr.change),
        " ",
        plain(kr.ref).stylize("$text-muted"),
        " ",
        plain(kr.title),
        (f" · {clean_line(kr.owner)}" if kr.owner else "", "$text-muted"),
    )


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
        *OkrScreen.BINDINGS,
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
        tree.root.data = ("org", 0)
        tree.root.set_label(
            to_text(
                Content.assemble(
                    pace_bar(data.rolled_up, data.expected, BAR),
                    "  ",
                    plain(data.organisation).stylize("bold"),
                )
            )
        )
        for root in data.roots:
            self._add(tree.root, root, collapsed, data.expected)
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
    ) -> None:
        key: NodeKey = ("objective", node.objective.id)
        branch = parent.add(
            to_text(objective_label(node, expected)), data=key, expand=key not in collapsed
        )
        for kr in node.krs:
            branch.add_leaf(to_text(kr_label(kr)), data=("kr", kr.id))
        for child in node.children:
            self._add(branch, child, collapsed, expected)

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
