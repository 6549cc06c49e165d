"""Figure 7.38, the backup operation flow, drawn with QPainter from ``lab.procedure``.

The boxes and their texts come from ``procedure.STEPS`` (label, number, what the operator does);
the preparation steps (``procedure.PREPARATION``) are framed as "can be done in advance", and the
slice operations at the heart of the procedure — detach, back up, attach — are filled.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..lab import procedure
from ..ui import core_texts
from .render import FONT_FAMILY, font_families, new_image

translate = QCoreApplication.translate

#: the steps that make the snapshot: filled boxes
CORE = ("detach", "backup", "attach")

WIDTH = 960
MARGIN = 24
TOP = 78
BOX_X, BOX_W, BOX_H, GAP = 286, 290, 40, 20
NOTE_X = BOX_X + BOX_W + 26
LEGEND_H = 58

INK = "#1d2733"
MUTED = "#56616d"
PLAIN_FILL, PLAIN_LINE = "#f4f6f8", "#7d8894"
CORE_FILL, CORE_LINE = "#1f5fa8", "#174a85"
PREP, PREP_FILL = "#2e7d32", "#e9f4ea"
SPAN = "#1f5fa8"


def height() -> int:
    n = len(procedure.STEPS)
    return TOP + n * BOX_H + (n - 1) * GAP + 28 + LEGEND_H


def _font(pixels: int, bold: bool = False):
    from PySide6.QtGui import QFont

    font = QFont(FONT_FAMILY)
    font.setFamilies(font_families())
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def draw_flow(title: str, scale: int = 1):
    """The flow figure as an image of WIDTH x height() logical pixels."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

    steps = procedure.STEPS
    image = new_image(WIDTH, height(), scale)
    p = QPainter(image)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

        # title and a one-line reading aid
        p.setPen(QColor(INK))
        p.setFont(_font(19, bold=True))
        p.drawText(QRectF(MARGIN, 18, WIDTH - 2 * MARGIN, 28), Qt.AlignmentFlag.AlignLeft, title)
        p.setFont(_font(12))
        p.setPen(QColor(MUTED))
        p.drawText(QRectF(MARGIN, 46, WIDTH - 2 * MARGIN, 20), Qt.AlignmentFlag.AlignLeft,
                   translate("Flow", "The reliable backup procedure in {count} steps, from top to bottom").format(
                       count=len(steps)))

        def box(i: int) -> QRectF:
            return QRectF(BOX_X, TOP + i * (BOX_H + GAP), BOX_W, BOX_H)

        index = {s.key: i for i, s in enumerate(steps)}

        # the preparation frame (dashed) and its label
        prep = sorted(index[k] for k in procedure.PREPARATION if k in index)
        if prep:
            r = box(prep[0]).united(box(prep[-1])).adjusted(-9, -7, 9, 7)
            p.setPen(QPen(QColor(PREP), 1.5, Qt.PenStyle.DashLine))
            p.setBrush(QColor(PREP_FILL))
            p.drawRoundedRect(r, 8, 8)
            _side_label(p, r, translate("Flow", "Can be done in advance"),
                        translate("Flow", "saves the wait for synchronization copying"), PREP)

        # the span in which the slice is detached, from detach to attach
        if "detach" in index and "attach" in index:
            top, bottom = box(index["detach"]), box(index["attach"])
            x = BOX_X - 16
            p.setPen(QPen(QColor(SPAN), 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath(QPointF(x + 8, top.top() + 4))
            path.lineTo(x, top.top() + 4)
            path.lineTo(x, bottom.bottom() - 4)
            path.lineTo(x + 8, bottom.bottom() - 4)
            p.drawPath(path)
            span = QRectF(x - 9, top.top(), 9, bottom.bottom() - top.top())
            _side_label(p, span, translate("Flow", "Slice detached (TEMP)"),
                        translate("Flow", "the backup is taken from its access path while the volume stays in service"),
                        SPAN)

        # arrows between the boxes
        p.setPen(QPen(QColor(PLAIN_LINE), 1.6))
        p.setBrush(QColor(PLAIN_LINE))
        for i in range(len(steps) - 1):
            a, b = box(i), box(i + 1)
            x = a.center().x()
            p.drawLine(QPointF(x, a.bottom() + 1), QPointF(x, b.top() - 7))
            p.drawPolygon(QPolygonF([QPointF(x - 5, b.top() - 8), QPointF(x + 5, b.top() - 8),
                                     QPointF(x, b.top() - 1)]))

        # the boxes: number badge, label; what the operator does beside each
        for i, s in enumerate(steps):
            r = box(i)
            core = s.key in CORE
            p.setPen(QPen(QColor(CORE_LINE if core else PLAIN_LINE), 1.2))
            p.setBrush(QColor(CORE_FILL if core else PLAIN_FILL))
            p.drawRoundedRect(r, 6, 6)
            badge = QRectF(r.left() + 9, r.center().y() - 12, 24, 24)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#ffffff") if core else QColor(PLAIN_LINE))
            p.drawEllipse(badge)
            p.setFont(_font(12, bold=True))
            p.setPen(QColor(CORE_FILL) if core else QColor("#ffffff"))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(s.number))
            p.setFont(_font(14, bold=core))
            p.setPen(QColor("#ffffff") if core else QColor(INK))
            p.drawText(r.adjusted(44, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       core_texts.procedure(s.figure_label))
            p.setFont(_font(11))
            p.setPen(QColor(MUTED))
            note = QRectF(NOTE_X, r.top() - 4, WIDTH - NOTE_X - MARGIN, r.height() + 8)
            p.drawText(note, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                       core_texts.procedure(s.action))

        # legend
        y = height() - LEGEND_H + 8
        p.setPen(QPen(QColor("#d5dae0"), 1))
        p.drawLine(QPointF(MARGIN, y - 8), QPointF(WIDTH - MARGIN, y - 8))
        items = (
            (QBrush(QColor(CORE_FILL)), QPen(QColor(CORE_LINE), 1.2),
             translate("Flow", "Slice operation (detach, back up, attach)")),
            (QBrush(QColor(PREP_FILL)), QPen(QColor(PREP), 1.5, Qt.PenStyle.DashLine),
             translate("Flow", "Preparation: can be done in advance")),
            (QBrush(QColor(PLAIN_FILL)), QPen(QColor(PLAIN_LINE), 1.2), translate("Flow", "Service and clean-up")),
        )
        x = MARGIN
        p.setFont(_font(11))
        for brush, pen, text in items:
            p.setPen(pen)
            p.setBrush(brush)
            p.drawRoundedRect(QRectF(x, y + 6, 26, 16), 4, 4)
            p.setPen(QColor(INK))
            width = p.fontMetrics().horizontalAdvance(text)
            p.drawText(QRectF(x + 34, y + 4, width + 4, 20), Qt.AlignmentFlag.AlignVCenter, text)
            x += 34 + width + 30
    finally:
        p.end()
    return image


def _side_label(p, frame, title: str, text: str, colour: str) -> None:
    """A label to the left of ``frame``: a bold title and a wrapped note, vertically centred."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor

    right = frame.left() - 12
    width = right - MARGIN
    title_font, note_font = _font(12, bold=True), _font(11)
    p.setFont(note_font)
    note_rect = p.boundingRect(QRectF(MARGIN, 0, width, 200),
                               Qt.AlignmentFlag.AlignRight | Qt.TextFlag.TextWordWrap, text)
    total = 18 + note_rect.height()
    y = frame.center().y() - total / 2
    p.setPen(QColor(colour))
    p.setFont(title_font)
    p.drawText(QRectF(MARGIN, y, width, 18), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, title)
    p.setFont(note_font)
    p.setPen(QColor(MUTED))
    p.drawText(QRectF(MARGIN, y + 18, width, note_rect.height()),
               Qt.AlignmentFlag.AlignRight | Qt.TextFlag.TextWordWrap, text)
