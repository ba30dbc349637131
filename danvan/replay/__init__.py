"""An offline imitation of Vietnamese government news sites, for the demo and end-to-end tests."""

from danvan.replay.server import ReplaySite

__all__ = ["ReplaySite"]
