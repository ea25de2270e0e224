"""File → Export: choose format, parts and look, see the figure live, write it atomically.

Usage (the main window)::

    dialog = ExportDialog(window.document, window)
    dialog.exec()

The dialog exports the document's current position (``document.op``/``document.step``);
GIF/APNG animate every step of that op, GraphML/DOT write the state after it. Choices are
remembered in ``QSettings`` (group ``export``); a target that cannot be written (no
permission, a missing folder, a full disk) is reported in the dialog, which stays open.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings, Qt, QTimer, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..model.document import Document
from .export import (
    DEFAULT_PARTS,
    FORMATS,
    PARTS,
    ExportError,
    ExportOptions,
    FigureBuilder,
    Position,
    check_writable,
    export_any,
    parse_address,
    parse_region,
    positions_of_op,
    write_atomic_bytes,
)
from .export.qtpaint import ImageTooLarge, fitting_scale, image_of, quiet_qt

_EXT = {"tikz": "tex"}


class ExportDialog(QDialog):
    """A modal dialog; ``export()`` writes the file and returns whether it worked."""

    def __init__(
        self, document: Document, parent: QWidget | None = None, settings: QSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export"))
        self.document = document
        self.settings = settings if settings is not None else QSettings()
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(120)
        self._preview_timer.timeout.connect(self._on_preview_timer_timeout)
        self._pixmap = QPixmap()
        self._builder: FigureBuilder | None = None
        self._build()
        self._restore()
        self._connect()
        self.refresh_preview()

    # -- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self.format_box = QComboBox(self)
        names = {
            "svg": self.tr("SVG (vector, for the web and Inkscape)"),
            "pdf": self.tr("PDF (vector, fonts embedded)"),
            "png": self.tr("PNG (raster, for slides)"),
            "tikz": self.tr("TikZ (.tex, for LaTeX)"),
            "gif": self.tr("GIF animation of the op's steps"),
            "apng": self.tr("APNG animation of the op's steps"),
            "graphml": self.tr("GraphML (the graph)"),
            "dot": self.tr("DOT (the graph, for Graphviz)"),
        }
        for fmt in FORMATS:
            self.format_box.addItem(names[fmt], fmt)
        self.theme_box = QComboBox(self)
        for key, text in (
            ("light", self.tr("light")),
            ("dark", self.tr("dark")),
            ("print", self.tr("print (greyscale)")),
        ):
            self.theme_box.addItem(text, key)
        self.crop_box = QComboBox(self)
        self.crop_box.setObjectName("export_detail")
        # What is drawn in full (DESIGN §4 "Figures at any size").
        self.crop_box.addItem(self.tr("automatic (level of detail past the page)"), "all")
        self.crop_box.addItem(self.tr("every node"), "full")
        self.crop_box.addItem(self.tr("around the step's node"), "active")
        self.crop_box.addItem(self.tr("an address range"), "region")
        self.crop_box.addItem(self.tr("around an address"), "around")
        self.cut_edit = QLineEdit(self)
        self.cut_edit.setObjectName("export_cut")
        self.cut_edit.setPlaceholderText(self.tr("START-END or ADDR, in hex"))
        self.depth_spin = QSpinBox(self)
        self.depth_spin.setRange(0, 64)
        self.depth_spin.setValue(2)
        self.depth_spin.setPrefix(self.tr("depth "))
        self.paper_box = QComboBox(self)
        for key, text in (
            ("fit", self.tr("fit to the figure")),
            ("A4", "A4"),
            ("letter", self.tr("US letter")),
        ):
            self.paper_box.addItem(text, key)
        self.address_box = QComboBox(self)
        self.address_box.addItem(self.tr("kernel (0xffff8880…)"), "kernel")
        self.address_box.addItem(self.tr("short (0x30c8)"), "short")
        self.lang_box = QComboBox(self)
        self.lang_box.addItem("English", "en")
        self.lang_box.addItem("简体中文", "zh_CN")
        self.scale_spin = QDoubleSpinBox(self)
        self.scale_spin.setRange(0.25, 16.0)
        self.scale_spin.setSingleStep(0.5)
        self.scale_spin.setSuffix("×")
        self.width_spin = QDoubleSpinBox(self)
        self.width_spin.setObjectName("export_width")
        self.width_spin.setRange(0.0, 1000.0)
        self.width_spin.setDecimals(0)
        self.width_spin.setSingleStep(10.0)
        self.width_spin.setSuffix(" mm")
        self.width_spin.setSpecialValueText(self.tr("automatic (at most A3)"))
        self.handout_box = QCheckBox(self.tr("Handout: a page per step of the op"), self)
        self.handout_box.setObjectName("export_handout")
        self.dpi_spin = QSpinBox(self)
        self.dpi_spin.setRange(0, 2400)
        self.dpi_spin.setSpecialValueText(self.tr("from the scale"))
        self.delay_spin = QSpinBox(self)
        self.delay_spin.setRange(20, 20000)
        self.delay_spin.setSuffix(self.tr(" ms"))
        self.transparent_box = QCheckBox(self.tr("Transparent background"), self)
        part_names = {
            "tree": self.tr("tree"),
            "list": self.tr("list"),
            "map": self.tr("address map"),
            "pointers": self.tr("pointer view"),
            "code": self.tr("code"),
            "vars": self.tr("variables"),
            "legend": self.tr("legend"),
            "caption": self.tr("caption"),
        }
        self.part_boxes: dict[str, QCheckBox] = {}
        parts_group = QGroupBox(self.tr("In the figure"), self)
        grid = QGridLayout(parts_group)
        for i, part in enumerate(PARTS):
            box = QCheckBox(part_names[part], parts_group)
            box.setObjectName(f"part_{part}")
            self.part_boxes[part] = box
            grid.addWidget(box, i // 2, i % 2)
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("export_path")
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._on_browse_clicked)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit)
        path_row.addWidget(browse)

        form = QFormLayout()
        form.addRow(self.tr("Format:"), self.format_box)
        form.addRow(self.tr("Theme:"), self.theme_box)
        form.addRow(self.tr("Draw in full:"), self.crop_box)
        cut_row = QHBoxLayout()
        cut_row.addWidget(self.cut_edit, 1)
        cut_row.addWidget(self.depth_spin)
        form.addRow("", cut_row)
        form.addRow(self.tr("Width on paper:"), self.width_spin)
        form.addRow(self.tr("PNG/GIF scale:"), self.scale_spin)
        form.addRow(self.tr("PNG resolution (dpi):"), self.dpi_spin)
        form.addRow("", self.transparent_box)
        form.addRow(self.tr("PDF paper:"), self.paper_box)
        form.addRow("", self.handout_box)
        form.addRow(self.tr("Delay per step:"), self.delay_spin)
        form.addRow(self.tr("Addresses:"), self.address_box)
        form.addRow(self.tr("Language:"), self.lang_box)
        form.addRow(self.tr("File:"), path_row)

        self.preview = QLabel(self)
        self.preview.setObjectName("export_preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(480, 360)
        scroll = QScrollArea(self)
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        self.message = QLabel(self)
        self.message.setObjectName("export_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Export"))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(parts_group)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Preview"), self))
        right.addWidget(scroll, 1)
        self.size_label = QLabel(self)
        self.size_label.setObjectName("export_size")
        right.addWidget(self.size_label)
        top = QHBoxLayout()
        top.addLayout(left)
        top.addLayout(right, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(top, 1)
        outer.addWidget(self.message)
        outer.addWidget(self.buttons)
        self.resize(1100, 680)

    def _connect(self) -> None:
        for box in (
            self.format_box,
            self.theme_box,
            self.crop_box,
            self.address_box,
            self.lang_box,
        ):
            box.currentIndexChanged.connect(self._on_choice_changed)
        for spin in (self.width_spin, self.depth_spin):
            spin.valueChanged.connect(self._on_choice_changed)
        self.cut_edit.textChanged.connect(self._on_choice_changed)
        self.handout_box.toggled.connect(self._on_choice_changed)
        for part in self.part_boxes.values():
            part.toggled.connect(self._on_choice_changed)
        self.transparent_box.toggled.connect(self._on_choice_changed)
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        # The document may change under the dialog (an undo, an edit, another file): the
        # builder's scene (and its shadow document) describe the old ops, so drop it.
        self.document.trace_changed.connect(self._on_document_trace_changed)

    # -- remembered choices -------------------------------------------------------------------
    def _restore(self) -> None:
        s = self.settings
        s.beginGroup("export")

        def pick(box: QComboBox, key: str, default: str) -> None:
            i = box.findData(str(s.value(key, default)))
            box.setCurrentIndex(max(0, i))

        pick(self.format_box, "format", "svg")
        pick(self.theme_box, "theme", "light")
        pick(self.crop_box, "crop", "all")
        pick(self.paper_box, "paper", "fit")
        pick(self.address_box, "address_style", self.document.address_style)
        pick(self.lang_box, "lang", "en")
        self.scale_spin.setValue(float(s.value("scale", 2.0)))  # type: ignore[arg-type]
        self.width_spin.setValue(float(s.value("width_mm", 0.0)))  # type: ignore[arg-type]
        self.depth_spin.setValue(int(s.value("depth", 2)))  # type: ignore[call-overload]
        self.cut_edit.setText(str(s.value("cut", "")))
        self.dpi_spin.setValue(int(s.value("dpi", 0)))  # type: ignore[call-overload]
        self.delay_spin.setValue(int(s.value("delay", 900)))  # type: ignore[call-overload]
        self.transparent_box.setChecked(str(s.value("transparent", "false")) == "true")
        parts = str(s.value("parts", ",".join(DEFAULT_PARTS))).split(",")
        for part, box in self.part_boxes.items():
            box.setChecked(part in parts)
        folder = str(s.value("folder", os.getcwd()))
        s.endGroup()
        self.path_edit.setText(os.path.join(folder, self._default_name()))

    def remember(self) -> None:
        s = self.settings
        o = self.options()
        s.beginGroup("export")
        s.setValue("format", self.format())
        s.setValue("theme", o.theme)
        s.setValue("crop", o.crop)
        s.setValue("paper", o.paper)
        s.setValue("address_style", o.address_style)
        s.setValue("lang", o.lang)
        s.setValue("scale", self.scale_spin.value())
        s.setValue("width_mm", self.width_spin.value())
        s.setValue("depth", self.depth_spin.value())
        s.setValue("cut", self.cut_edit.text())
        s.setValue("dpi", self.dpi_spin.value())
        s.setValue("delay", o.delay)
        s.setValue("transparent", "true" if o.transparent else "false")
        s.setValue("parts", ",".join(o.parts))
        s.setValue("folder", os.path.dirname(os.path.abspath(self.path_edit.text())))
        s.endGroup()
        s.sync()

    # -- reading the choices ---------------------------------------------------------------------
    def format(self) -> str:
        return str(self.format_box.currentData())

    def position(self) -> Position:
        d = self.document
        if d.op == 0 or d.step_count(d.op) == 0:
            return (d.op, None)
        return (d.op, d.step)

    def options(self) -> ExportOptions:
        """The choices as export options (a bad range or address: ``ExportError``)."""
        dpi = self.dpi_spin.value()
        mode = str(self.crop_box.currentData())
        region: tuple[int, int] | None = None
        around: int | None = None
        text = self.cut_edit.text().strip()
        if mode == "region":
            region = parse_region(text)
        elif mode == "around":
            around = parse_address(text, self.tr("address"))
        width = self.width_spin.value()
        return ExportOptions(
            theme=str(self.theme_box.currentData()),
            parts=tuple(p for p in PARTS if self.part_boxes[p].isChecked()),
            scale=self.scale_spin.value(),
            dpi=float(dpi) if dpi else None,
            transparent=self.transparent_box.isChecked(),
            paper=str(self.paper_box.currentData()),
            delay=self.delay_spin.value(),
            address_style="short" if self.address_box.currentData() == "short" else "kernel",
            lang=str(self.lang_box.currentData()),
            crop="active" if mode == "active" else "all",
            detail="full" if mode == "full" else "auto",
            region=region,
            around=around,
            depth=self.depth_spin.value(),
            width_mm=width if width > 0 else None,
        )

    def _default_name(self) -> str:
        op, step = self.position()
        stem = f"vma-op{op}" + (f"-step{step + 1}" if step is not None else "")
        fmt = self.format()
        return f"{stem}.{_EXT.get(fmt, fmt)}"

    # -- preview ----------------------------------------------------------------------------------
    def refresh_preview(self) -> None:
        """Render the figure now (the dialog calls this, debounced, on every change):
        the same figure the export writes, at the size of the preview."""
        self.cut_edit.setEnabled(str(self.crop_box.currentData()) in ("region", "around"))
        self.depth_spin.setEnabled(str(self.crop_box.currentData()) in ("around", "active"))
        try:
            options = self.options()
        except ExportError as exc:
            self.preview.setText(str(exc))
            self._pixmap = QPixmap()
            return
        if not options.parts:
            self.preview.setText(self.tr("Choose at least one part to draw."))
            self._pixmap = QPixmap()
            return
        try:
            builder = self._builder
            if builder is None:
                builder = self._builder = FigureBuilder(self.document, options)
            else:
                builder.set_options(options)
            fig = builder.build(self.position())
            width = max(200, self.preview.width() - 8)
            # At most 1.5 px a unit, and never past the image budget (a --full figure).
            scale = min(1.5, width / fig.width, fitting_scale(fig.width, fig.height))
            with quiet_qt():
                image = image_of(fig, scale, options.transparent)
        except (ExportError, ImageTooLarge) as exc:
            self.preview.setText(str(exc))
            self._pixmap = QPixmap()
            return
        self._pixmap = QPixmap.fromImage(image)
        self.preview.setPixmap(self._pixmap)
        # The size on paper and how much is drawn in full: what an author checks first.
        self.size_label.setText(
            self.tr("{0:.0f} × {1:.0f} mm; {2} of {3} VMAs drawn in full").format(
                fig.width_mm, fig.height_mm, fig.vmas_drawn, fig.vmas_total
            )
        )

    def preview_pixmap(self) -> QPixmap:
        return self._pixmap

    # -- exporting --------------------------------------------------------------------------------
    def export(self) -> bool:
        """Write the file; on failure show why (the dialog stays open) and return False."""
        path = self.path_edit.text().strip()
        if not path:
            self.message.setText(self.tr("Choose a file to write."))
            return False
        try:
            options = self.options()
        except ExportError as exc:
            self.message.setText(self.tr("Could not export: {0}").format(str(exc)))
            return False
        if not options.parts and self.format() not in ("graphml", "dot"):
            self.message.setText(self.tr("Choose at least one part to draw."))
            return False
        source = getattr(self.document, "path", None)
        try:
            if self.handout_box.isChecked() and self.format() == "pdf":
                self._export_handout(path, options, source)
            else:
                export_any(self.document, self.position(), self.format(), path, options, source)
        except ExportError as exc:
            self.message.setText(self.tr("Could not export: {0}").format(str(exc)))
            return False
        except OSError as exc:
            self.message.setText(
                self.tr("Could not write {0}: {1}").format(path, exc.strerror or str(exc))
            )
            return False
        except MemoryError:
            # Past every budget, the machine still said no: the window lives on.
            self.message.setText(
                self.tr("Could not export: not enough memory; choose a smaller scale or width.")
            )
            return False
        self.message.setText("")
        self.remember()
        return True

    def _export_handout(self, path: str, options: ExportOptions, source: str | None) -> None:
        """A handout PDF of the current op's steps (as ``export --handout``)."""
        from .handout import handout_bytes

        check_writable(path, source)
        op = self.position()[0]
        positions = positions_of_op(self.document, op)
        if not positions:
            raise ExportError(self.tr("the initial state has no steps; choose an op"))
        with quiet_qt():
            data = handout_bytes(self.document, positions, options)
        write_atomic_bytes(path, data)

    # -- slots --------------------------------------------------------------------------------
    @Slot()
    def _on_choice_changed(self) -> None:
        self.message.setText("")
        self._preview_timer.start()

    @Slot()
    def _on_preview_timer_timeout(self) -> None:
        self.refresh_preview()

    @Slot()
    def _on_document_trace_changed(self) -> None:
        self._builder = None
        if self.isVisible():
            self._preview_timer.start()

    @Slot()
    def _on_format_changed(self) -> None:
        path = self.path_edit.text().strip()
        fmt = self.format()
        if path:
            stem, _ = os.path.splitext(path)
            self.path_edit.setText(f"{stem}.{_EXT.get(fmt, fmt)}")
        raster = fmt in ("png", "gif", "apng")
        self.scale_spin.setEnabled(raster)
        self.dpi_spin.setEnabled(fmt == "png")
        self.transparent_box.setEnabled(raster)
        self.paper_box.setEnabled(fmt == "pdf")
        self.handout_box.setEnabled(fmt == "pdf")
        self.delay_spin.setEnabled(fmt in ("gif", "apng"))

    @Slot()
    def _on_browse_clicked(self) -> None:
        fmt = self.format()
        ext = _EXT.get(fmt, fmt)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to"), self.path_edit.text(), f"{fmt.upper()} (*.{ext})"
        )
        if path:
            self.path_edit.setText(path)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.export():
            self.accept()
