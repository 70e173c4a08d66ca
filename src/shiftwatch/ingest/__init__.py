"""Ingest: sources to documents.

``iter_sources`` reads SOURCE arguments into raw records (cheap, sequential,
in the main process); ``parse_item`` turns one into a :class:`Document` or a
:class:`Rejection` (the costly part, run in workers); ``dedup`` decides which
new documents are copies. The pipeline runs them in order and the store
keeps what they return.
"""

from __future__ import annotations

from ..records import Document
from .dedup import NEAR_DUPLICATE, drop_exact, link_near
from .parse import ParseOptions, parse_item, prepare_workers
from .sources import (FIELD_ALIASES, Raw, ReadOptions, estimate_total, iter_sources, jsonl_parts, read_fetched,
                      read_jsonl_part, sniff)

__all__ = [
    "Document", "ParseOptions", "ReadOptions", "FIELD_ALIASES", "NEAR_DUPLICATE", "Raw", "read_fetched",
    "iter_sources", "estimate_total", "jsonl_parts", "read_jsonl_part", "sniff", "parse_item", "prepare_workers", "drop_exact", "link_near",
]
