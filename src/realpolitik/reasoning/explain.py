"""Proof trees for inferred triples, rendered as text or JSON-able dicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .closure import Closure

ASSERTED = "asserted"

Annotate = Callable[[tuple], "str | None"]


@dataclass(frozen=True)
class Proof:
    """A node of a proof tree.

    ``rule`` is an OWL 2 RL rule id (``"cax-sco"``) or ``"asserted"`` for a
    leaf taken from the input; ``children`` are the proofs of the premises;
    ``note`` is the text the caller's ``annotate`` callback attached to an
    asserted leaf (e.g. the quote supporting it), if any.
    """

    triple: tuple
    rule: str
    children: tuple["Proof", ...] = field(default=())
    note: str | None = None

    @property
    def asserted(self) -> bool:
        """True for a leaf that was in the input."""
        return self.rule == ASSERTED

    def leaves(self) -> list["Proof"]:
        """The asserted leaves, left to right."""
        if not self.children:
            return [self]
        out: list[Proof] = []
        for c in self.children:
            out.extend(c.leaves())
        return out

    def depth(self) -> int:
        """Height of the tree (0 for a leaf)."""
        return 0 if not self.children else 1 + max(c.depth() for c in self.children)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able nested dict; terms are written in N-Triples syntax."""
        d: dict[str, Any] = {
            "triple": [t.n3() for t in self.triple],
            "rule": self.rule,
        }
        if self.note is not None:
            d["note"] = self.note
        if self.children:
            d["premises"] = [c.to_dict() for c in self.children]
        return d

    def to_text(self, namespace_manager=None) -> str:
        """Indented tree, one triple per line, conclusion first."""
        lines: list[str] = []

        def term(t) -> str:
            return t.n3(namespace_manager) if namespace_manager is not None else t.n3()

        def walk(node: Proof, depth: int) -> None:
            s, p, o = (term(t) for t in node.triple)
            line = f"{'    ' * depth}{s} {p} {o}  [{node.rule}]"
            if node.note:
                line += f'  "{node.note}"'
            lines.append(line)
            for c in node.children:
                walk(c, depth + 1)

        walk(self, 0)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def build_proof(closure: "Closure", triple: tuple, annotate: Annotate | None) -> Proof | None:
    """Proof tree of ``triple``; None when it is not entailed."""
    memo: dict[tuple, Proof] = {}

    def build(t: tuple) -> Proof:
        got = memo.get(t)
        if got is not None:
            return got
        step = closure.step(t)
        assert step is not None  # premises of a kept derivation are in the closure
        rule, premises = step
        if rule == ASSERTED:
            note = annotate(t) if annotate is not None else None
            node = Proof(t, ASSERTED, (), note)
        else:
            node = Proof(t, rule, tuple(build(q) for q in premises))
        memo[t] = node
        return node

    if closure.step(tuple(triple)) is None:
        return None
    return build(tuple(triple))
