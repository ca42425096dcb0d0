"""Which URLs from an export may become images and links on a page.

Every URL in an export is text someone else controls. Only two kinds ever reach a page: album art over
https from Spotify's image hosts, and track links to open.spotify.com built from a well-formed Spotify
URI. Anything else (`javascript:`, `data:`, another host, a malformed URI) is dropped when the row is
read, and the reader reports it, so nothing disappears silently.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: Hosts that serve Spotify's album art.
ART_HOSTS = frozenset({"i.scdn.co", "mosaic.scdn.co", "image-cdn-ak.spotifycdn.com", "image-cdn-fa.spotifycdn.com"})
#: Spotify ids are base62 (22 characters in practice; any length accepted, never other characters).
_SPOTIFY_ID = re.compile(r"[0-9A-Za-z]+")
_LINKED_KINDS = ("track", "episode")


def art_url(raw: str) -> str | None:
    """The album-art URL when `raw` is an https URL on Spotify's image hosts, "" when empty, else None.

    None means "there was a URL and it is refused", which the reader reports.
    """
    text = raw.strip()
    if not text:
        return ""
    try:
        parts = urlsplit(text)
        host = parts.hostname
        port = parts.port
    except ValueError:  # `https://[bad` is not a URL
        return None
    if parts.scheme != "https" or host not in ART_HOSTS or port not in (None, 443) or parts.username:
        return None
    if any(c.isspace() or ord(c) < 32 or c in "\"'<>\\`" for c in text):
        return None
    return text


def spotify_link(uri: str) -> str:
    """`https://open.spotify.com/track/<id>` for a well-formed track or episode URI, else ""."""
    parts = uri.split(":")
    if len(parts) == 3 and parts[0] == "spotify" and parts[1] in _LINKED_KINDS and _SPOTIFY_ID.fullmatch(parts[2]):
        return f"https://open.spotify.com/{parts[1]}/{parts[2]}"
    return ""


def spotify_embed(uri: str) -> str:
    """`https://open.spotify.com/embed/track/<id>`, Spotify's embeddable player for a well-formed track or
    episode URI (the same form as `spotify_link`), else ""."""
    link = spotify_link(uri)
    return link.replace("https://open.spotify.com/", "https://open.spotify.com/embed/", 1) if link else ""


def uri_refused(uri: str) -> bool:
    """True when a URI cell holds something that is neither a Spotify track/episode URI nor a local file.

    Local files (`spotify:local:...`) have no page on Spotify; they are not an error.
    """
    return bool(uri) and not spotify_link(uri) and not uri.startswith("spotify:local:")
