"""HTML pages read as a browser builds them: elements, attributes and text, for the tests."""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """A page's elements (with their attributes), its text, and its summary's counts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.counts: dict[str, int] = {}
        self._status: str | None = None
        self._in_count = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "li" and "count" in (found.get("class") or "").split():
            self._status = found.get("data-status")
        self._in_count = tag == "span" and found.get("class") == "n" and self._status is not None

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())
        if self._in_count and self._status is not None:
            self.counts[self._status] = int(data.strip())
            self._status, self._in_count = None, False

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        """The attributes of every ``tag`` element whose attributes include ``attrs``."""
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(k) == v for k, v in attrs.items())
        ]
