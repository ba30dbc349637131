"""Serve the replay sites until Ctrl-C: `python -m danvan.replay`."""

from __future__ import annotations

import threading

from danvan.replay.server import ReplaySite


def main() -> None:
    with ReplaySite() as site:
        for name in site.names:
            print(f"{name:20} {site.base_url(name)}/")
        print("Serving the replay sites; Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("Stopped.")


if __name__ == "__main__":
    main()
