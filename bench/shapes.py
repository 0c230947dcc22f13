"""Meetings of the same shape at 1× and 100× (issue 13): a page's or a pack's queries are
compared between the demo's meeting and the synthetic one, and that comparison says
whether the count grows with the data only when both meetings have the same kinds of
things on them. A query that only runs when there is something to read (the proposals'
cost lines and decisions, the plans' reports, the action items of a decision list) is
skipped for a meeting without it: the largest meeting of each scale may lack what the other
has, and then the counts differ by what is absent, not by how much there is.

A meeting's shape is which of FEATURES it has; `matched_meetings` takes, of the shapes both
scales have, the one with the most features present, and the largest meeting (most agenda
items) of that shape at each scale."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from regions.models import AgendaItem, Decision, Meeting

# What can be on a meeting: the kinds of agenda subjects, its own decision list (the meeting
# page) and the previous meeting's (the meeting pack).
SUBJECTS = AgendaItem.SUBJECTS
PAGE_FEATURES = (*SUBJECTS, "decisions")
PACK_FEATURES = (*SUBJECTS, "previous_decisions")


@dataclass(frozen=True)
class Matched:
    demo: object  # a Meeting, or None
    scaled: object
    shape: tuple[str, ...]  # the features both have; () when none matched
    exact: bool  # the two have the same shape


def with_shape(meetings):
    """`meetings` (a queryset) annotated with `size` (agenda items) and, for each of the
    features, `has_<feature>`."""
    previous = (
        Meeting.objects.filter(body_id=OuterRef("body_id"), date__lt=OuterRef("date"))
        .order_by("-date", "-pk")
        .values("pk")[:1]
    )
    return (
        meetings.annotate(size=Count("agenda_items"))
        .annotate(
            **{
                f"has_{subject}": Exists(
                    AgendaItem.objects.filter(
                        Q(**{f"{subject}__isnull": False}), meeting_id=OuterRef("pk")
                    )
                )
                for subject in SUBJECTS
            },
            has_decisions=Exists(Decision.objects.filter(meeting_id=OuterRef("pk"))),
            previous_id=previous,
        )
        .annotate(
            has_previous_decisions=Exists(
                Decision.objects.filter(meeting_id=OuterRef("previous_id"))
            )
        )
    )


def shape_of(meeting, features) -> tuple[str, ...]:
    return tuple(feature for feature in features if getattr(meeting, f"has_{feature}"))


def largest_of_each_shape(meetings, features) -> dict[tuple[str, ...], object]:
    """The largest meeting (most agenda items, then the latest) of each shape among
    `meetings` (a queryset of meetings with an agenda)."""
    found: dict[tuple[str, ...], object] = {}
    for meeting in with_shape(meetings).filter(size__gt=0).order_by("-size", "-date", "pk"):
        found.setdefault(shape_of(meeting, features), meeting)
    return found


def matched_meetings(demo, scaled, features) -> Matched:
    """The largest meetings of `demo` and of `scaled` (querysets) of one shape: of the shapes
    both have, the one with the most features, then the largest meetings. When no shape is
    common (the demo is small), the pair whose shapes agree in the most features."""
    demo_shapes = largest_of_each_shape(demo, features)
    scaled_shapes = largest_of_each_shape(scaled, features)
    if not demo_shapes or not scaled_shapes:
        first = next(iter(demo_shapes.values()), None)
        return Matched(first, next(iter(scaled_shapes.values()), None), (), False)

    def score(pair):
        a, b = pair
        agree = sum((feature in a) == (feature in b) for feature in features)
        both = len(set(a) & set(b))
        return (agree, both, demo_shapes[a].size + scaled_shapes[b].size)

    a, b = max(((a, b) for a in demo_shapes for b in scaled_shapes), key=score)
    return Matched(demo_shapes[a], scaled_shapes[b], tuple(f for f in a if f in b), exact=a == b)
