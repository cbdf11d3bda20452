"""Graphics: a display list (`primitives`), a theme, and two thin painters (`raster` for Pillow, `vector`
for ReportLab). Infographics, posters and video frames are all designs laid out once as a `Drawing`."""
from media.graphics.primitives import (Drawing, Ellipse, Image, Line, Polygon, Rect, Text, layout_problems,
                                       overlaps)

__all__ = ["Drawing", "Ellipse", "Image", "Line", "Polygon", "Rect", "Text", "layout_problems", "overlaps"]
