"""Charts as server-rendered SVG: this module works out the shapes (rectangles, texts, lines) in a
view box, and one template (reports/_partials/chart.html) draws any chart, so the labels and
values pass through the template's autoescaping. No script, no fixed pixel size: the SVG scales
to the width of the page, and the text is sized for a phone."""
from dataclasses import dataclass, field

WIDTH = 360  # view box units; on a 360 px phone one unit is about one pixel
LABEL_CHARS = 42  # a longer label is cut with an ellipsis (the whole label stays in the tooltip)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    kind: str  # a CSS class: bar-a, bar-b, bar-c, bar-bad
    title: str = ""


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"
    kind: str = ""
    title: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str = "axis"


@dataclass
class Chart:
    width: float
    height: float
    label: str  # what the chart shows, for screen readers
    kind: str = "hbar"
    rects: list[Rect] = field(default_factory=list)
    texts: list[Label] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class Segment:
    """One coloured part of a bar; the parts of one bar lie end to end."""
    value: float
    kind: str = "bar-a"
    title: str = ""


@dataclass(frozen=True)
class Bar:
    label: str
    segments: tuple[Segment, ...]
    text: str = ""  # the value as words, shown at the end of the bar
    marker: float | None = None  # a target (a budget, say) drawn as a line across the bar
    text_kind: str = ""


def short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _number(value: float) -> float:
    return round(value, 1)


def bar(label: str, value: float, text: str = "", kind: str = "bar-a", title: str = "") -> Bar:
    """A bar of one part."""
    return Bar(label=label, segments=(Segment(value, kind, title or text),), text=text)


def horizontal(bars: list[Bar], label: str, maximum: float | None = None) -> Chart:
    """One row per bar: its label above, the bar below it with its value at the end. The longest
    bar (or marker, or the maximum given, e.g. 100 for shares) fills the width."""
    row, bar_height, top = 46, 18, 4
    value_room = 92  # room right of the longest bar for its value text
    scale_to = maximum or max([sum(s.value for s in b.segments) for b in bars]
                              + [b.marker or 0 for b in bars] + [1])
    span = WIDTH - 4 - value_room
    chart = Chart(width=WIDTH, height=top + row * max(len(bars), 1), label=label)
    for index, item in enumerate(bars):
        y = top + index * row
        chart.texts.append(Label(x=2, y=_number(y + 14), text=short(item.label), kind="label",
                                 title=item.label if len(item.label) > LABEL_CHARS else ""))
        x = 2.0
        for segment in item.segments:
            width = span * max(segment.value, 0) / scale_to if scale_to else 0
            width = min(width, span + value_room - 60)  # far over the target still leaves room for the text
            if width > 0:
                chart.rects.append(Rect(x=_number(x), y=y + 20, width=_number(width), height=bar_height,
                                        kind=segment.kind, title=segment.title))
            x += width
        if item.marker is not None:
            mx = _number(2 + span * item.marker / scale_to) if scale_to else 2
            chart.lines.append(Line(x1=mx, y1=y + 16, x2=mx, y2=y + 20 + bar_height + 4, kind="marker"))
        if item.text:
            chart.texts.append(Label(x=_number(x + 5), y=y + 34, text=item.text, kind=item.text_kind or "value"))
    chart.lines.append(Line(x1=2, y1=top, x2=2, y2=chart.height))
    return chart


@dataclass(frozen=True)
class Column:
    label: str
    segments: tuple[Segment, ...]  # side by side within the group
    texts: tuple[str, ...] = ()  # one per segment, above it


def columns(groups: list[Column], label: str, maximum: float, group_width: float = 90, kind: str = "columns") -> Chart:
    """Vertical bars in groups (one group per moment, per check...), each part of a group beside
    the next, all against the same maximum; the group's label below."""
    base, top, height = 120, 22, 98
    per_group = max(len(g.segments) for g in groups) if groups else 1
    bar_width = min(34.0, (group_width - 16) / per_group)
    width = 20 + max(len(groups), 1) * group_width
    chart = Chart(width=width, height=base + 26, label=label, kind=kind)
    chart.lines.append(Line(x1=10, y1=base, x2=width - 10, y2=base))
    for index, group in enumerate(groups):
        x0 = 20 + index * group_width
        used = bar_width * len(group.segments) + 4 * (len(group.segments) - 1)
        start = x0 + (group_width - 20 - used) / 2
        for n, segment in enumerate(group.segments):
            value = min(max(segment.value, 0), maximum)
            bar_height = _number(height * value / maximum) if maximum else 0
            x = _number(start + n * (bar_width + 4))
            chart.rects.append(Rect(x=x, y=_number(base - bar_height), width=_number(bar_width), height=bar_height,
                                    kind=segment.kind, title=segment.title))
            if n < len(group.texts) and group.texts[n]:
                chart.texts.append(Label(x=_number(x + bar_width / 2), y=_number(base - bar_height - 5),
                                         text=group.texts[n], anchor="middle", kind="value"))
        chart.texts.append(Label(x=_number(x0 + (group_width - 20) / 2), y=base + 18, text=short(group.label, 14),
                                 anchor="middle", kind="label"))
    chart.height = max(chart.height, top)
    return chart
