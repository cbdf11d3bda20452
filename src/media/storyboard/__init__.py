"""Storyboard model (schema), safe loader with located errors."""
from media.storyboard.loader import LoadedStoryboard, load_settings, load_storyboard
from media.storyboard.model import Bilingual, Figure, Storyboard
from media.storyboard.settings import PackageSettings

__all__ = ["Bilingual", "Figure", "LoadedStoryboard", "PackageSettings", "Storyboard",
           "load_settings", "load_storyboard"]
