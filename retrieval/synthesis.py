"""Synthetic shopping dialogues from catalog records: the generative retriever's training data.

Every dialogue is drawn from one product's attributes with a seeded ``random.Random``: what it is and for whom, its
colour (sometimes first stated wrong and corrected), words of its name or brand, and optionally a photo (of the product
itself, or of a look-alike in another colour with "this but in <colour>"). Phrasing is deliberately varied and casual
(synonyms such as trainers/joggers/shades, "for my husband", dropped words, character-level typos) so the model learns
the product attributes behind the words rather than any one template. The vocabulary and templates are this module's
own; benchmark dialogues are never used as training text.
"""
from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Iterator, Sequence

from PIL import Image

from .records import ProductRecord

KINDS = ("progressive", "correction", "photo", "look_alike")
KIND_WEIGHTS = (0.45, 0.2, 0.2, 0.15)

TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "Tshirts": ("t-shirt", "tshirt", "tee", "t shirt", "tees"),
    "Shirts": ("shirt", "button down shirt", "button-up", "collared shirt"),
    "Casual Shoes": ("casual shoes", "sneakers", "trainers", "everyday shoes", "kicks"),
    "Sports Shoes": ("sports shoes", "running shoes", "trainers", "sneakers", "gym shoes", "runners"),
    "Formal Shoes": ("formal shoes", "dress shoes", "office shoes", "oxfords"),
    "Track Pants": ("track pants", "joggers", "trackies", "sweatpants"),
    "Sweatshirts": ("sweatshirt", "hoodie", "sweat shirt", "pullover"),
    "Sweaters": ("sweater", "jumper", "knit", "pullover"),
    "Sunglasses": ("sunglasses", "shades", "sunnies", "sun glasses"),
    "Handbags": ("handbag", "purse", "hand bag", "bag"),
    "Watches": ("watch", "wristwatch", "wrist watch", "timepiece"),
    "Flip Flops": ("flip flops", "flipflops", "slippers", "thongs"),
    "Heels": ("heels", "high heels", "pumps", "stilettos"),
    "Tops": ("top", "blouse"),
    "Kurtas": ("kurta",), "Kurtis": ("kurti",),
    "Briefs": ("briefs", "underwear", "undies"),
    "Trunk": ("trunks", "underwear"),
    "Innerwear Vests": ("vest", "undershirt", "inner vest"),
    "Jeans": ("jeans", "denims", "denim pants"),
    "Trousers": ("trousers", "pants", "chinos", "slacks"),
    "Backpacks": ("backpack", "rucksack", "school bag", "back pack"),
    "Wallets": ("wallet", "billfold", "card holder"),
    "Belts": ("belt",), "Socks": ("socks", "pair of socks"),
    "Caps": ("cap", "baseball cap", "hat"),
    "Jackets": ("jacket", "coat", "windcheater"),
    "Sandals": ("sandals", "sandal"), "Flats": ("flats", "ballet flats", "flat shoes"),
    "Shorts": ("shorts", "half pants"), "Ties": ("tie", "necktie"),
    "Dresses": ("dress", "frock"), "Skirts": ("skirt",), "Leggings": ("leggings", "tights"),
    "Clutches": ("clutch", "evening bag"), "Mufflers": ("muffler", "scarf"), "Scarves": ("scarf", "stole"),
    "Perfume and Body Mist": ("perfume", "body mist", "fragrance", "scent"),
    "Deodorant": ("deodorant", "deo"), "Laptop Bag": ("laptop bag", "laptop sleeve"),
    "Duffel Bag": ("duffel bag", "gym bag", "travel bag"), "Capris": ("capris", "three-quarter pants"),
    "Tracksuits": ("tracksuit", "track suit"), "Bra": ("bra",), "Cufflinks": ("cufflinks", "cuff links"),
}
GENDER_WORDS: dict[str, tuple[str, ...]] = {
    "Men": ("men's", "for men", "mens", "for my husband", "for my dad", "for my boyfriend", "male", "guys",
            "gents", "for him", "for a man"),
    "Women": ("women's", "for women", "womens", "ladies", "for my wife", "for my mum", "for my girlfriend",
              "female", "for her", "for a woman"),
    "Boys": ("boys", "for my son", "for a boy", "kids", "boy's"),
    "Girls": ("girls", "for my daughter", "for a girl", "kids", "girl's"),
    "Unisex": ("unisex", "for anyone", "for either of us", "gender neutral"),
}
COLOUR_WORDS: dict[str, tuple[str, ...]] = {
    "Grey": ("grey", "gray"), "Navy Blue": ("navy", "navy blue", "dark blue"), "Maroon": ("maroon", "wine red"),
    "Multi": ("multicolour", "multi coloured", "colourful"), "Off White": ("off white", "ivory", "off-white"),
    "Steel": ("steel", "metallic grey"), "Grey Melange": ("grey melange", "heather grey"),
    "Olive": ("olive", "olive green"), "Charcoal": ("charcoal", "dark grey"), "Beige": ("beige", "sand"),
}
OPENERS = ("", "", "", "hi ", "hey ", "hello, ", "ok so ", "hmm ")
REQUESTS = (
    "{o}i need {x}", "{o}looking for {x}", "{o}got any {x}?", "{o}can you find me {x}", "{o}i'd like {x}",
    "{o}{x} please", "{o}{x}", "{o}want to buy {x}", "{o}do u have {x}", "{o}searching for {x}",
    "{o}any {x} in stock?", "{o}help me find {x}", "{o}shopping for {x}", "{o}{x} pls",
)
COLOUR_TURNS = (
    "in {c}", "{c} one", "prefer {c}", "colour {c}", "{c} would be nice", "make that {c}", "{c} pls",
    "only {c}", "the {c} one", "{c}", "something {c}", "should be {c}", "color: {c}",
)
CORRECTIONS = (
    "no wait, {c}", "hmm rather {c}", "change colour to {c}", "switch to {c}", "{c} instead", "scratch that, {c}",
    "oops i meant {c}", "not that colour, {c}", "actually make it {c}", "on second thought {c}",
)
NAME_TURNS = (
    "the brand is {w}", "{w} something", "it had {w} in the name", "think it's called {w}", "from {w}",
    "by {w}", "{w}", "name has {w}", "it's a {w}", "something like {w}", "label said {w}", "{w} i think",
)
PHOTO_TEXTS = (
    "", "this one", "find me this", "where can i buy this", "have it?", "same as the pic", "this pls",
    "looking for exactly this", "saw this, want it", "got this?", "this item", "match this photo",
)
LOOK_ALIKE_TEXTS = (
    "same style but {c}", "this in {c}?", "similar but {c} please", "got this in {c}", "like the pic, {c}",
    "want one like this only {c}", "{c} version of this", "this but {c}", "similar one in {c}",
)
FILLER = frozenset({"and", "with", "of", "for", "the", "in", "a", "by", "set", "pack", "men", "women", "boys",
                    "girls", "unisex", "kids", "mens", "womens"})
COLOUR_NAMES = ("Black", "Blue", "White", "Grey", "Brown", "Red", "Green", "Navy Blue", "Purple", "Pink", "Beige",
                "Maroon", "Yellow", "Olive", "Silver", "Orange", "Cream", "Gold", "Tan")
TYPO_RATE = 0.06
DROP_RATE = 0.05


@dataclass(frozen=True)
class SyntheticDialogue:
    """One synthetic conversation: its turn texts, the product meant, and the photo shown in the first turn."""

    turns: tuple[str, ...]
    target_sku: str
    photo_sku: str | None
    kind: str

    @property
    def text(self) -> str:
        """What the generator reads: the turn texts joined, as the pipeline joins them."""
        return " ".join(t for t in self.turns if t)


def type_phrase(record: ProductRecord, rng: random.Random) -> str:
    options = TYPE_WORDS.get(record.article_type)
    if options:
        return rng.choice(options)
    return record.article_type.lower() or "something"


def gender_phrase(gender: str, rng: random.Random) -> str:
    return rng.choice(GENDER_WORDS.get(gender, ("",)))


def colour_phrase(colour: str, rng: random.Random) -> str:
    return rng.choice(COLOUR_WORDS.get(colour, (colour.lower(),)))


def name_words(record: ProductRecord) -> list[str]:
    """Title words that say something beyond type, colour and gender: brand and model names."""
    skip = set(FILLER)
    skip.update(w.lower() for w in re.findall(r"[A-Za-z]+", record.colour))
    skip.update(w.lower() for w in re.findall(r"[A-Za-z]+", record.article_type))
    stems = {word.rstrip("s") for word in skip}
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'&-]*", record.title)
    return [w for w in words if w.lower() not in skip and w.lower().rstrip("s") not in stems]


def typo(word: str, rng: random.Random) -> str:
    """One character edit: a dropped, doubled, swapped or mistyped letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)  # the first letter stays: people rarely mistype it
    edit = rng.randrange(4)
    if edit == 0:
        return word[:i] + word[i + 1:]
    if edit == 1:
        return word[:i] + word[i] + word[i:]
    if edit == 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i + 1:]


def roughen(text: str, rng: random.Random) -> str:
    """Casual writing: mostly lower case, the odd typo or dropped word (never the only word)."""
    words = text.split()
    out: list[str] = []
    for word in words:
        if len(words) > 2 and rng.random() < DROP_RATE:
            continue
        out.append(typo(word, rng) if rng.random() < TYPO_RATE else word)
    joined = " ".join(out) if out else text
    return joined.lower() if rng.random() < 0.8 else joined


class DialogueSynthesizer:
    """Draws dialogues for catalog products; the same seed and records give the same dialogues."""

    def __init__(self, records: Sequence[ProductRecord], seed: int = 0) -> None:
        if not records:
            raise ValueError("cannot synthesise dialogues from an empty catalog")
        self.records = list(records)
        self.rng = random.Random(seed)
        self._look_alikes: dict[tuple[str, str], list[ProductRecord]] = defaultdict(list)
        for record in self.records:
            if record.image_path:
                self._look_alikes[(record.article_type, record.gender)].append(record)

    def describe(self, record: ProductRecord, with_colour: bool) -> str:
        """The opening request: what and for whom, sometimes with the colour."""
        rng = self.rng
        parts = [type_phrase(record, rng)]
        gender = gender_phrase(record.gender, rng)
        if gender and rng.random() < 0.85:
            parts = [gender] + parts if rng.random() < 0.5 and not gender.startswith("for") else parts + [gender]
        if with_colour and record.colour:
            colour = colour_phrase(record.colour, rng)
            parts = [colour] + parts if rng.random() < 0.6 else parts + ["in", colour]
        return rng.choice(REQUESTS).format(o=rng.choice(OPENERS), x=" ".join(parts))

    def name_turn(self, record: ProductRecord) -> str | None:
        words = name_words(record)
        if not words:
            return None
        rng = self.rng
        start = 0 if rng.random() < 0.6 else rng.randrange(len(words))
        chosen = words[start:start + rng.randint(1, 3)]
        return rng.choice(NAME_TURNS).format(w=" ".join(chosen))

    def dialogue(self, record: ProductRecord, kind: str | None = None) -> SyntheticDialogue:
        rng = self.rng
        kind = kind or rng.choices(KINDS, KIND_WEIGHTS)[0]
        if kind in ("photo", "look_alike") and not record.image_path:
            kind = "progressive"
        colour = colour_phrase(record.colour, rng) if record.colour else ""
        turns: list[str] = []
        photo_sku: str | None = None
        if kind == "progressive":
            together = rng.random() < 0.4
            turns.append(self.describe(record, with_colour=together))
            if not together and colour and rng.random() < 0.85:
                turns.append(rng.choice(COLOUR_TURNS).format(c=colour))
        elif kind == "correction":
            wrong = rng.choice([c for c in COLOUR_NAMES if c != record.colour])
            turns.append(self.describe(replace(record, colour=wrong), with_colour=True))
            turns.append(rng.choice(CORRECTIONS).format(c=colour or "another colour"))
        elif kind == "photo":
            photo_sku = record.sku
            turns.append(rng.choice(PHOTO_TEXTS))
        else:
            others = [r for r in self._look_alikes[(record.article_type, record.gender)]
                      if r.colour != record.colour and r.sku != record.sku]
            if not others or not colour:
                return self.dialogue(record, "progressive")
            photo_sku = rng.choice(others).sku
            turns.append(rng.choice(LOOK_ALIKE_TEXTS).format(c=colour))
        if len(turns) < 3 and rng.random() < 0.6:
            name = self.name_turn(record)
            if name:
                turns.append(name)
        return SyntheticDialogue(tuple(roughen(t, rng) if t else t for t in turns), record.sku, photo_sku, kind)

    def dialogues(self, per_product: int) -> Iterator[SyntheticDialogue]:
        """``per_product`` dialogues for every product, products in a shuffled order each round."""
        for _ in range(per_product):
            order = list(self.records)
            self.rng.shuffle(order)
            for record in order:
                yield self.dialogue(record)


def shopper_photo_of(record: ProductRecord, rng: random.Random) -> Image.Image:
    """A shopper-style photo of a catalog product (crop, flip, light, compression) for image->ID training."""
    from .augment import shopper_photo

    if not record.image_path:
        raise ValueError(f"product {record.sku} has no photo")
    with Image.open(record.image_path) as image:
        return shopper_photo(image.convert("RGB"), rng)
