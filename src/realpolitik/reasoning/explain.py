"""Proof trees for inferred triples, rendered as text or JSON-able dicts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .closure import Closure

ASSERTED = "asserted"

Annotate = Callable[[tuple], "str | None"]


_OWL = "http://www.w3.org/2002/07/owl#"
# Properties whose object is an RDF list a rule reads, by local name.
LIST_ROLES = ("propertyChainAxiom", "intersectionOf", "unionOf", "oneOf", "hasKey",
              "members", "distinctMembers")
_LIST_PROPERTIES = {_OWL + role: role for role in LIST_ROLES}


def _iri_text(term) -> str | None:
    """The IRI of an IRI term of either flavour, None for anything else."""
    kind = type(term).__name__
    if kind == "NamedNode":
        return term.value
    return str(term) if kind == "URIRef" else None


def show(term, namespace_manager=None) -> str:
    """A term as text: ``namespace_manager`` is an rdflib NamespaceManager, a
    callable from term to text, or None for N-Triples syntax."""
    if callable(namespace_manager):
        return namespace_manager(term)
    if hasattr(term, "n3"):
        return term.n3(namespace_manager) if namespace_manager is not None else term.n3()
    return str(term)


@dataclass(frozen=True)
class ProofList:
    """An RDF list a rule used: ``role`` is the property naming it
    (``"propertyChainAxiom"``, ``"intersectionOf"``, ``"unionOf"``, ``"oneOf"``,
    ``"hasKey"``, ``"members"``, ``"distinctMembers"``), ``owner`` the subject of
    that triple and ``members`` the list's items in order."""

    role: str
    owner: Any
    members: tuple

    def to_text(self, namespace_manager=None) -> str:
        """``partyTo ∘ routeBypasses ⊑ bypasses``, ``C ≡ D ⊓ E`` and the like."""
        owner = show(self.owner, namespace_manager)
        items = [show(m, namespace_manager) for m in self.members]
        if self.role == "propertyChainAxiom":
            return f"{' ∘ '.join(items)} ⊑ {owner}"
        if self.role == "intersectionOf":
            return f"{owner} ≡ {' ⊓ '.join(items)}"
        if self.role == "unionOf":
            return f"{owner} ≡ {' ⊔ '.join(items)}"
        if self.role == "oneOf":
            return f"{owner} ≡ {{{', '.join(items)}}}"
        if self.role == "hasKey":
            return f"{owner} hasKey ({', '.join(items)})"
        return f"{self.role}({', '.join(items)})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: role, owner and members in N-Triples syntax."""
        return {"role": self.role, "owner": show(self.owner),
                "members": [show(m) for m in self.members]}


@dataclass(frozen=True)
class Proof:
    """A node of a proof tree.

    ``rule`` is an OWL 2 RL rule id (``"cax-sco"``) or ``"asserted"`` for a
    leaf taken from the input; ``children`` are the proofs of the premises;
    ``note`` is the text the caller's ``annotate`` callback attached to an
    asserted leaf (e.g. the quote supporting it), if any; ``lists`` are the
    RDF lists the rule read (a chain's links, an intersection's classes),
    whose cells are not premises of their own.
    """

    triple: tuple
    rule: str
    children: tuple[Proof, ...] = field(default=())
    note: str | None = None
    lists: tuple[ProofList, ...] = field(default=())

    @property
    def asserted(self) -> bool:
        """True for a leaf that was in the input."""
        return self.rule == ASSERTED

    def leaves(self) -> list[Proof]:
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
            "triple": [show(t) for t in self.triple],
            "rule": self.rule,
        }
        if self.note is not None:
            d["note"] = self.note
        if self.lists:
            d["lists"] = [item.to_dict() for item in self.lists]
        if self.children:
            d["premises"] = [c.to_dict() for c in self.children]
        return d

    def to_text(self, namespace_manager=None) -> str:
        """Indented tree, one triple per line, conclusion first; the lists a
        rule read follow its id (``[prp-spo2: p ∘ q ⊑ r]``)."""
        lines: list[str] = []

        def walk(node: Proof, depth: int) -> None:
            s, p, o = (show(t, namespace_manager) for t in node.triple)
            rule = node.rule
            if node.lists:
                rule += ": " + "; ".join(item.to_text(namespace_manager) for item in node.lists)
            line = f"{'    ' * depth}{s} {p} {o}  [{rule}]"
            if node.note:
                line += f"  {node.note}"
            lines.append(line)
            for c in node.children:
                walk(c, depth + 1)

        walk(self, 0)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def build_proof(closure: Closure, triple: tuple, annotate: Annotate | None) -> Proof | None:
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
            lists = []
            for q in premises:
                role = _LIST_PROPERTIES.get(_iri_text(q[1]) or "")
                members = closure.rdf_list(q[2]) if role else None
                if role and members is not None:
                    lists.append(ProofList(role, q[0], members))
            node = Proof(t, rule, tuple(build(q) for q in premises), None, tuple(lists))
        memo[t] = node
        return node

    if closure.step(tuple(triple)) is None:
        return None
    return build(tuple(triple))
