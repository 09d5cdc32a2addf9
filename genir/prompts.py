"""The texts the preview model is conditioned on: one short form shared by training and the chat, so a shopper's
"navy blue shirt for men" and a product "Men Navy Blue Shirts" land on the same wording."""
from __future__ import annotations

from typing import Any, Mapping

from retrieval.records import ProductRecord


def short_description(gender: str | None, colours: list[str], article_types: list[str], usage: str | None) -> str:
    """Gender, colour, type, usage: the order ``retrieval.intent.DialogueState.describe`` uses."""
    parts = [gender or "", " or ".join(colours), " or ".join(article_types), usage or ""]
    return " ".join(part for part in parts if part and part != "NA")


def record_prompts(record: ProductRecord) -> tuple[str, str, str]:
    """Three wordings of a product, from complete to partial ("Men Navy Blue Shirts Casual", "Men Navy Blue Shirts",
    "Navy Blue Shirts"), so a shopper who leaves out who it is for still gets a fitting picture. Short wordings keep
    the set of distinct texts small (about 3,000 for the demo catalog), which keeps the MiniLM pass cheap."""
    colours = [record.colour] if record.colour else []
    types = [record.article_type] if record.article_type else []
    wordings = (short_description(record.gender, colours, types, record.usage),
                short_description(record.gender, colours, types, None),
                short_description(None, colours, types, None))
    return tuple(wording or record.title for wording in wordings)  # type: ignore[return-value]


def intent_prompt(understood: Mapping[str, Any]) -> str:
    """The preview prompt for a turn from what the tracker understood (``DialogueState.as_dict()``)."""
    short = short_description(understood.get("gender"), list(understood.get("colours") or []),
                              list(understood.get("article_types") or []), understood.get("usage"))
    words = list(understood.get("name_words") or [])
    words += [word for word in understood.get("free_words") or [] if word not in words]
    return " ".join([short, *words]).strip()
