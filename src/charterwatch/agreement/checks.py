"""Consistency checks that span fields: unique ids, references that resolve, stated dates that
agree with their rules. Shapes are pydantic's job; this module finds what shapes cannot."""

from __future__ import annotations

from collections.abc import Iterator

from charterwatch.agreement.model import Agreement

Problem = tuple[str, str]  # (field path, what is wrong)


def _duplicates(items: list[tuple[str, str]], what: str) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for path, item_id in items:
        if item_id in seen:
            yield f"{path}.id", f"duplicate {what} id {item_id!r} (first at {seen[item_id]})"
        else:
            seen[item_id] = path


def find_problems(agreement: Agreement) -> list[Problem]:
    """Every cross-field problem in document order; an empty list means the agreement is sound."""
    return list(_iter_problems(agreement))


def _iter_problems(agreement: Agreement) -> Iterator[Problem]:
    sections = [(f"sections[{i}]", s.id) for i, s in enumerate(agreement.sections)]
    provisions = [
        (f"sections[{i}].provisions[{j}]", p.id)
        for i, s in enumerate(agreement.sections)
        for j, p in enumerate(s.provisions)
    ]
    yield from _duplicates(sections, "section")
    yield from _duplicates(provisions, "provision")
    yield from _duplicates([(f"bodies[{i}]", b.id) for i, b in enumerate(agreement.bodies)], "body")
    yield from _duplicates([(f"entities[{i}]", e.id) for i, e in enumerate(agreement.entities)], "entity")

    body_ids = {b.id for b in agreement.bodies}
    entity_ids = {e.id for e in agreement.entities}
    provision_ids = {pid for _, pid in provisions}
    signed = agreement.agreement.signed

    for k, who in enumerate(agreement.agreement.signatories):
        if agreement.entities and who not in entity_ids:
            yield f"agreement.signatories[{k}]", f"{who!r} is not an entity id of this agreement"

    for k, entity in enumerate(agreement.entities):
        if entity.party is not None and entity.party not in agreement.agreement.parties:
            yield f"entities[{k}].party", (f"{entity.party!r} is not one of the parties "
                                           f"({', '.join(agreement.agreement.parties)})")

    for i, section in enumerate(agreement.sections):
        for j, provision in enumerate(section.provisions):
            here = f"sections[{i}].provisions[{j}]"
            for k, body in enumerate(provision.bodies):
                if body not in body_ids:
                    yield f"{here}.bodies[{k}]", f"{body!r} is not a body id of this agreement"
            due = provision.due
            if due is None or due.duration is None:
                continue
            expected = due.first_due(signed)
            if due.date is not None and due.date != expected:
                yield f"{here}.due.date", (
                    f"{due.date.isoformat()} does not match rule {due.rule} from signing "
                    f"{signed.isoformat()} (expected {expected.isoformat()})"
                )
            if due.first is not None and due.first != expected:
                yield f"{here}.due.first", (
                    f"{due.first.isoformat()} does not match rule {due.rule} from signing "
                    f"{signed.isoformat()} (expected {expected.isoformat()})"
                )
            if due.per_body and not agreement.bodies:
                yield f"{here}.due.per_body", "is true but the agreement lists no bodies"

    for k, event in enumerate(agreement.timeline):
        if event.provision is not None and event.provision not in provision_ids:
            yield f"timeline[{k}].provision", f"{event.provision!r} is not a provision id of this agreement"
