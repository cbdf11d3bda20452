"""Motion-graphic video: scene designs, animation timing, a YUV sprite compositor, captions, encoder."""
