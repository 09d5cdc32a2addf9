"""Builds ``bench/heldout/paraphrase.jsonl`` and its photos: held-out dialogues phrased unlike the dev set.

Same kinds and format as ``../shared/bench/dev`` (progressive, correction, composed, image), written from the catalog
with a fixed seed, but with other sentence templates, casual vocabulary ("trainers", "joggers", "shades", "for my
husband"), common misspellings and remembered name words. Every target is identified by its final dialogue state:
no other product of the same type and colour that fits the stated gender matches the quoted name words, so
``relevant`` is the target alone. Photos are made with a recipe of their own (perspective tilt, a coloured surface
around the picture, a lamp's colour cast, vignetting, phone sharpening, JPEG), not ``retrieval/augment.py``'s.

Run from the repository root: ``python bench/heldout/make_paraphrase.py`` (needs only Pillow).
"""
from __future__ import annotations

import csv
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw, ImageFilter

SEED = 20261126
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CATALOG = REPO / "data" / "fashion-small" / "catalog.csv"
PHOTOS = REPO / "data" / "fashion-small" / "images"
KIND_COUNTS = {"progressive": 55, "correction": 35, "composed": 35, "image": 25}
PHOTO_SIZE = (60, 80)

# How shoppers name a type: (article, noun). Casual words first-class, catalog words rarely.
TYPE_WORDS: dict[str, list[tuple[str, str]]] = {
    "Tshirts": [("a", "tee"), ("a", "t shirt"), ("a", "tshirt"), ("a", "tee shirt")],
    "Shirts": [("a", "shirt"), ("a", "button-down shirt"), ("a", "collared shirt"), ("a", "button up shirt")],
    "Casual Shoes": [("", "sneakers"), ("some", "kicks"), ("a pair of", "everyday shoes"), ("", "casual shoes")],
    "Sports Shoes": [("", "trainers"), ("", "running shoes"), ("", "gym shoes"), ("some", "runners")],
    "Formal Shoes": [("", "office shoes"), ("", "dress shoes"), ("", "shoes for work"), ("", "formal shoes")],
    "Tops": [("a", "top"), ("a", "blouse")],
    "Kurtas": [("a", "kurta")],
    "Kurtis": [("a", "kurti")],
    "Watches": [("a", "watch"), ("a", "wristwatch")],
    "Handbags": [("a", "handbag"), ("a", "purse"), ("a", "hand bag")],
    "Heels": [("", "heels"), ("", "high heels"), ("a pair of", "heels")],
    "Sunglasses": [("", "shades"), ("some", "sunnies"), ("", "sun glasses"), ("", "sunglasses")],
    "Sweaters": [("a", "jumper"), ("a", "sweater"), ("a", "pullover")],
    "Sandals": [("", "sandals"), ("a pair of", "sandals")],
    "Wallets": [("a", "wallet"), ("a", "billfold")],
    "Flip Flops": [("", "flip flops"), ("", "flipflops"), ("", "beach slippers")],
    "Sweatshirts": [("a", "sweatshirt"), ("a", "sweat shirt")],
    "Belts": [("a", "belt")],
    "Trousers": [("", "trousers"), ("some", "pants"), ("a pair of", "trousers")],
    "Jeans": [("", "jeans"), ("some", "denims"), ("a pair of", "jeans")],
    "Socks": [("", "socks"), ("some", "sox")],
    "Jackets": [("a", "jacket")],
    "Flats": [("", "flats"), ("", "flat shoes")],
    "Backpacks": [("a", "backpack"), ("a", "rucksack"), ("a", "school bag")],
    "Briefs": [("", "briefs"), ("some", "underwear")],
    "Shorts": [("", "shorts"), ("some", "shorts")],
    "Innerwear Vests": [("an", "undershirt"), ("an", "inner vest")],
    "Caps": [("a", "cap"), ("a", "baseball cap")],
    "Track Pants": [("", "joggers"), ("some", "trackies"), ("", "track pants"), ("", "sweatpants")],
    "Ties": [("a", "tie"), ("a", "necktie")],
    "Clutches": [("a", "clutch"), ("an", "evening bag")],
    "Dresses": [("a", "dress")],
}
# Words a title must contain for a more specific shopper word to be fair ("hoodie" only for hooded sweatshirts).
TITLE_GATED: dict[str, list[tuple[str, tuple[str, str]]]] = {
    "Sweatshirts": [("hood", ("a", "hoodie"))],
    "Tshirts": [("polo", ("a", "polo tee"))],
    "Trousers": [("chino", ("", "chinos"))],
}
COLOUR_WORDS: dict[str, list[str]] = {
    "Black": ["black", "blak", "all black", "jet black"],
    "White": ["white", "whte", "plain white", "bright white"],
    "Blue": ["blue", "blue-ish", "bluish"],
    "Navy Blue": ["navy", "dark navy", "navy blue", "navvy"],
    "Grey": ["grey", "gray", "greyish"],
    "Brown": ["brown", "browny", "brwn"],
    "Red": ["red", "bright red", "reddish"],
    "Green": ["green", "greenish", "grean"],
    "Purple": ["purple", "purpel", "purplish"],
    "Pink": ["pink", "pinkish", "pnk"],
    "Beige": ["beige", "biege", "beigey"],
    "Maroon": ["maroon", "marron", "maroonish"],
    "Yellow": ["yellow", "yelow", "bright yellow"],
    "Olive": ["olive", "olive green", "army green"],
    "Silver": ["silver", "silvery"],
    "Orange": ["orange", "orangey"],
    "Cream": ["cream", "cream coloured", "creme"],
    "Gold": ["gold", "golden"],
    "Charcoal": ["charcoal", "charcoal grey"],
    "Khaki": ["khaki", "kakhi"],
    "Steel": ["steel", "steel coloured"],
    "Tan": ["tan", "tan coloured"],
    "Off White": ["off white", "off-white"],
    "Peach": ["peach", "peachy"],
    "Magenta": ["magenta"],
    "Lavender": ["lavender"],
}
# (before the noun, after the noun): "mens trainers" or "trainers for my husband".
GENDER_WORDS: dict[str, tuple[list[str], list[str]]] = {
    "Men": (["mens", "men's", "guys", "male"],
            ["for my husband", "for my boyfriend", "for my dad", "for my brother", "for a guy", "for him"]),
    "Women": (["womens", "ladies", "womans", "women's"],
              ["for my wife", "for my girlfriend", "for my mum", "for my sister", "for her",
               "for my daughter, she's at uni"]),
    "Unisex": (["unisex"], ["", "", "that anyone can wear"]),
}
OTHER_GENDER_POST = {"Men": "for my wife", "Women": "for my husband"}
# Misspellings people actually type, applied to some words of some turns.
MISSPELLINGS: dict[str, list[str]] = {
    "shirt": ["shrit", "shirtt"], "womens": ["womns"], "sandals": ["sandles", "sandels"],
    "sunglasses": ["sunglases", "sunglasess"], "trousers": ["trousres", "trowsers"], "jacket": ["jaket"],
    "sweater": ["sweter"], "wallet": ["walet"], "watch": ["wach"], "sneakers": ["sneekers", "sneaker"],
    "heels": ["heals"], "kurta": ["kurtha"], "backpack": ["bagpack", "back pack"], "trainers": ["trainres"],
    "jeans": ["jeens"], "looking": ["lookin", "lokking"], "something": ["somethin", "smth"], "please": ["pls", "plz"],
    "husband": ["hubby", "husbnd"], "girlfriend": ["gf"], "boyfriend": ["bf"], "belt": ["blet"],
    "handbag": ["handbg"], "necktie": ["neck tie"], "jumper": ["jumpr"], "flats": ["flatts"],
}
BRANDS = ["United Colors of Benetton", "Undercolors of Benetton", "Flying Machine", "U.S. Polo Assn.", "Peter England",
          "Reid & Taylor", "Lino Perros", "ADIDAS Originals", "Mark Taylor", "Carlton London", "Franco Leone",
          "Mother Earth", "Indigo Nation", "Gini and Jony", "Palm Tree", "Classic Polo", "Jealous 21", "Warner Bros",
          "Manchester United", "Red Tape", "Numero Uno", "Lee Cooper", "Status Quo", "Spice Art", "Inc 5",
          "Pepe Jeans", "John Miller", "Ed Hardy", "Celine Dion", "Urban Yoga", "M tv", "Tokyo Talkies",
          "Wills Lifestyle", "New Hide", "Allen Solly", "Louis Philippe"]
SPOKEN_BRAND = {"united colors of benetton": "Benetton", "undercolors of benetton": "Undercolors",
                "u.s. polo assn.": "US Polo", "reid & taylor": "Reid and Taylor", "adidas originals": "adidas originals",
                "m tv": "MTV"}
NOT_NAME_WORDS = {"men", "women", "man", "woman", "unisex", "boys", "girls", "kids", "mens", "womens", "of", "and", "the", "with",
                  "for", "a", "in", "s", "pack", "set", "casual", "solid", "printed", "print", "striped", "stripes",
                  "check", "checked", "plain", "regular", "fit", "slim", "short", "long", "sleeve", "sleeves", "neck",
                  "t", "shoe", "shoes", "tshirt", "tshirts", "shirt", "shirts", "watch", "watches", "top", "tops",
                  "bag", "bags", "sandal", "sandals", "flip", "flop", "flops", "belt", "belts", "wallet", "wallets",
                  "heel", "heels", "sunglass", "sunglasses", "jeans", "trouser", "trousers", "sock", "socks",
                  "jacket", "jackets", "kurta", "kurtas", "kurti", "kurtis", "cap", "caps", "tie", "ties", "dress",
                  "dresses", "brief", "briefs", "vest", "vests", "innerwear", "shorts", "sweater", "sweaters",
                  "sweatshirt", "sweatshirts", "handbag", "handbags", "backpack", "backpacks", "clutch", "clutches",
                  "flats", "track", "pants", "pant", "formal", "sports", "sport"}


@dataclass(frozen=True)
class Product:
    sku: str
    title: str
    article_type: str
    colour: str
    gender: str

    @property
    def words(self) -> set[str]:
        return set(words_of(self.title))

    @property
    def brand(self) -> str:
        """The leading brand words of the title (lower case: shoppers and the catalog disagree on capitals)."""
        title = self.title.lower()
        return next((b.lower() for b in BRANDS if title.startswith(b.lower() + " ")), title.split()[0])

    @property
    def model_text(self) -> str:
        """The title without its brand: what "hooded" or "polo" must be found in to describe the product."""
        return self.title.lower()[len(self.brand):]


@dataclass(frozen=True)
class NameCue:
    """What the shopper remembers of the name, and which products it fits (the spoken words may be misspelt)."""

    spoken: str
    fits: Callable[[Product], bool]
    is_brand: bool = False


def words_of(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def gender_fits(stated: str, gender: str) -> bool:
    """The benchmark's rule (``score.py``): unisex products fit everyone, a unisex request fits every product."""
    return gender == stated or "Unisex" in (stated, gender)


def load_products() -> list[Product]:
    with CATALOG.open(newline="", encoding="utf-8") as handle:
        return [Product(r["id"], r["productDisplayName"].strip(), r["articleType"], r["baseColour"], r["gender"])
                for r in csv.DictReader(handle)]


class Catalog:
    def __init__(self, products: list[Product]) -> None:
        self.products = products
        self.groups: dict[tuple[str, str], list[Product]] = defaultdict(list)
        for p in products:
            self.groups[(p.article_type, p.colour)].append(p)
        self.colour_words = {w for c in COLOUR_WORDS for w in words_of(c)}

    def rivals(self, target: Product) -> list[Product]:
        """Products the final state's type, colour and gender cannot tell from the target."""
        return [p for p in self.groups[(target.article_type, target.colour)]
                if p.sku != target.sku and gender_fits(target.gender, p.gender)]

    def colours_of(self, article_type: str, gender: str) -> list[str]:
        return sorted({p.colour for p in self.products if p.article_type == article_type
                       and p.gender == gender and p.colour in COLOUR_WORDS})

    def name_cue(self, target: Product, rng: random.Random) -> NameCue | None:
        """Brand, a descriptive title word, or both: the first of these that singles the target out."""
        brand = target.brand
        original = target.title[:len(brand)]
        spoken_brand = SPOKEN_BRAND.get(brand, original if rng.random() < 0.5 else brand)
        brand_words = set(words_of(brand))
        descriptive = [w for w in dict.fromkeys(words_of(target.title)) if w not in NOT_NAME_WORDS
                       and w not in self.colour_words and w not in brand_words and w.isalpha() and len(w) > 2]
        cues: list[NameCue] = [NameCue(spoken_brand, lambda p, b=brand: p.brand == b, is_brand=True)]
        for word in descriptive:
            cues.append(NameCue(misspell_name(word, rng), lambda p, w=word: w in p.words))
            cues.append(NameCue(f"{spoken_brand} {word}", lambda p, b=brand, w=word: p.brand == b and w in p.words))
        for first, second in zip(descriptive, descriptive[1:]):
            cues.append(NameCue(f"{first} {second}", lambda p, a=first, z=second: a in p.words and z in p.words))
        rng.shuffle(cues)
        rivals = self.rivals(target)
        return next((c for c in cues if c.fits(target) and not any(c.fits(p) for p in rivals)), None)


def misspell_name(word: str, rng: random.Random) -> str:
    """Now and then a remembered name word is misspelt by one letter dropped or two letters swapped."""
    if len(word) < 6 or rng.random() > 0.15:
        return word
    i = rng.randrange(1, len(word) - 1)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def misspell(text: str, rng: random.Random, rate: float = 0.3) -> str:
    """Common misspellings of everyday words, each word independently."""
    def swap(match: re.Match[str]) -> str:
        options = MISSPELLINGS.get(match.group(0).lower())
        return rng.choice(options) if options and rng.random() < rate else match.group(0)

    return re.sub(r"[A-Za-z]+", swap, text)


class Writer:
    """Phrases for one target: a type word, a gender phrase and a colour word, chosen once per dialogue."""

    def __init__(self, target: Product, rng: random.Random) -> None:
        self.rng = rng
        options = list(TYPE_WORDS[target.article_type])
        for needle, phrase in TITLE_GATED.get(target.article_type, []):
            if needle in target.model_text:
                options += [phrase, phrase]
        self.article, self.noun = rng.choice(options)
        pre, post = GENDER_WORDS[target.gender]
        self.gender_pre, self.gender_post = ("", rng.choice(post)) if rng.random() < 0.6 else (rng.choice(pre), "")

    def thing(self, colour: str = "", gender: bool = True) -> str:
        """"a mens black tee", "an all black tee for my husband", "trainers"."""
        pre = self.gender_pre if gender else ""
        post = self.gender_post if gender else ""
        words = " ".join(w for w in (pre, colour, self.noun, post) if w)
        article = self.article
        if article in ("a", "an"):
            article = "an" if words[0] in "aeiou" else "a"
        return f"{article} {words}" if article else words

    def colour(self, name: str) -> str:
        return self.rng.choice(COLOUR_WORDS[name])

    def finish(self, text: str) -> str:
        """Casual typing: misspellings, often no capital letter."""
        text = misspell(text, self.rng)
        return text[0].upper() + text[1:] if self.rng.random() < 0.4 else text


def name_turn(cue: NameCue, rng: random.Random) -> str:
    if cue.is_brand:
        templates = ["I think the brand was {n}", "pretty sure it's by {n}", "it's a {n} one", "the label said {n}",
                     "brand is {n}", "my friend has the {n} ones"]
    else:
        templates = ["it had '{n}' in the name", "something like {n}... not sure how it's spelt",
                     "name was {n} or similar", "the one called {n}", "pretty sure it's the {n} one",
                     "the tag said {n}", "oh and it's the {n}"]
    return rng.choice(templates).format(n=cue.spoken)


def progressive(target: Product, cue: NameCue, catalog: Catalog, rng: random.Random) -> list[str]:
    w = Writer(target, rng)
    colour = w.colour(target.colour)
    shape = rng.random()
    if shape < 0.3:  # everything but the name at once, then the name
        first = rng.choice(["i'm after {x}", "do you have {x}?", "need {x} asap", "hey, got {x}?"])
        return [w.finish(first.format(x=w.thing(colour))), w.finish(name_turn(cue, rng))]
    if shape < 0.5 and w.gender_post:  # colour and person first, the type second
        return [w.finish(rng.choice(["something {c} {p}", "want to get something {c} {p}"]).format(
                    c=colour, p=w.gender_post)),
                w.finish(rng.choice(["{x} ideally", "thinking {x}", "{x} I guess"]).format(x=w.thing(gender=False))),
                w.finish(name_turn(cue, rng))]
    first = rng.choice(["hi! looking for {x}", "do you sell {x}?", "i need {x}", "can you show me {x}",
                        "shopping for {x}", "hey, looking for {x} please"]).format(x=w.thing())
    second = rng.choice(["preferably {c}", "{c} if you have it", "any {c} ones?", "ideally {c}",
                         "in {c} pls", "colour wise {c}", "something in {c}", "{c} would be great"]).format(c=colour)
    return [w.finish(first), w.finish(second), w.finish(name_turn(cue, rng))]


def correction(target: Product, cue: NameCue, catalog: Catalog, rng: random.Random) -> list[str]:
    w = Writer(target, rng)
    colour = w.colour(target.colour)
    if target.gender in OTHER_GENDER_POST and rng.random() < 0.25:  # the person is corrected
        first = rng.choice(["looking for {x} {o}", "need {x} {o}"]).format(
            x=w.thing(colour, gender=False), o=OTHER_GENDER_POST[target.gender])
        person = w.gender_post or rng.choice(GENDER_WORDS[target.gender][1][:4])
        second = rng.choice(["oh wait, it's {p} actually", "sorry, my mistake, it's {p}", "no hang on, {p}"])
        return [w.finish(first), w.finish(second.format(p=person)), w.finish(name_turn(cue, rng))]
    wrong = rng.choice([c for c in catalog.colours_of(target.article_type, target.gender) if c != target.colour]
                       or [c for c in COLOUR_WORDS if c != target.colour])
    first = rng.choice(["looking for {x}", "can i see {x}", "need {x} please"]).format(x=w.thing(w.colour(wrong)))
    second = rng.choice(["hmm, actually {c}", "wait, make that {c}", "sorry I meant {c}, not {o}",
                         "changed my mind - {c}", "no scratch that, {c} ones", "on second thought go with {c}"])
    second = second.format(c=colour, o=COLOUR_WORDS[wrong][0])
    return [w.finish(first), w.finish(second), w.finish(name_turn(cue, rng))]


def composed_text(target: Product, rng: random.Random) -> str:
    w = Writer(target, rng)
    text = rng.choice(["same style but in {c}", "this but {c}", "got this in {c}?", "love this - is there a {c} version?",
                       "can i get this in {c}", "want this exact style only {c}", "this one but {c} please"])
    return w.finish(text.format(c=w.colour(target.colour)))


def image_text(rng: random.Random) -> str:
    return rng.choice(["have you got this?", "looking for these exact ones", "saw this online, do you stock it?",
                       "this one pls", "i want this", "is this available?", "where can i find this", "this!!",
                       "need this one"])


def reference_for(target: Product, catalog: Catalog, rng: random.Random) -> Product | None:
    """Another colour of the same type and gender, preferably the same model, else the same brand."""
    others = [p for p in catalog.products if p.article_type == target.article_type and p.gender == target.gender
              and p.colour != target.colour and p.colour not in ("Multi", "NA")]
    if not others:
        return None
    model = words_of(target.title)
    model = [w for w in model if w not in catalog.colour_words]
    same_model = [p for p in others if [w for w in words_of(p.title) if w not in catalog.colour_words] == model]
    same_brand = [p for p in others if p.brand == target.brand]
    return rng.choice(same_model or same_brand or others)


# --- photos --------------------------------------------------------------------------------------------------------
def _perspective(image: Image.Image, rng: random.Random) -> Image.Image:
    """The phone held at a slight angle: each corner moves by up to 7 % of the side."""
    width, height = image.size
    jitter = [(rng.uniform(-0.07, 0.07) * width, rng.uniform(-0.07, 0.07) * height) for _ in range(4)]
    quad = [0 + jitter[0][0], 0 + jitter[0][1], 0 + jitter[1][0], height + jitter[1][1],
            width + jitter[2][0], height + jitter[2][1], width + jitter[3][0], 0 + jitter[3][1]]
    return image.transform(image.size, Image.Transform.QUAD, quad, Image.Resampling.BICUBIC, fillcolor=(235, 235, 235))


def _on_surface(image: Image.Image, rng: random.Random) -> Image.Image:
    """The picture lies on a coloured surface (a table, a bed): a gradient border around it."""
    width, height = image.size
    margin = rng.uniform(0.06, 0.2)
    canvas = Image.new("RGB", (round(width * (1 + 2 * margin)), round(height * (1 + 2 * margin))))
    top, bottom = ([rng.randint(60, 200) for _ in range(3)] for _ in range(2))
    draw = ImageDraw.Draw(canvas)
    for y in range(canvas.height):
        share = y / max(1, canvas.height - 1)
        draw.line([(0, y), (canvas.width, y)], fill=tuple(round(a + (b - a) * share) for a, b in zip(top, bottom)))
    canvas.paste(image, (rng.randint(0, canvas.width - width), rng.randint(0, canvas.height - height)))
    return canvas


def _lamp(image: Image.Image, rng: random.Random) -> Image.Image:
    """Indoor light: a channel-mixing colour cast (tungsten, fluorescent or shade) and an exposure change."""
    gain = rng.uniform(0.8, 1.15)
    casts = [(1.12, 1.0, 0.8), (0.95, 1.1, 0.95), (0.9, 0.97, 1.12)]
    r, g, b = (gain * c for c in rng.choice(casts))
    bleed = rng.uniform(0.0, 0.08)
    matrix = (r * (1 - bleed), g * bleed, 0, 0,
              0, g * (1 - bleed), b * bleed, 0,
              r * bleed, 0, b * (1 - bleed), 0)
    return image.convert("RGB", matrix)


def _vignette(image: Image.Image, rng: random.Random) -> Image.Image:
    """Darker corners of a cheap lens."""
    width, height = image.size
    strength = rng.uniform(0.15, 0.4)
    mask = Image.new("L", image.size)
    for y in range(height):
        for x in range(width):
            distance = ((x / width - 0.5) ** 2 + (y / height - 0.5) ** 2) ** 0.5 / 0.7071
            mask.putpixel((x, y), round(255 * (1 - strength * distance ** 2)))
    return Image.composite(image, Image.new("RGB", image.size), mask)


def snapshot(photo: Image.Image, rng: random.Random) -> Image.Image:
    """A shopper's snapshot of a catalog photo, at the catalog's 60x80."""
    image = photo.convert("RGB").resize((photo.width * 3, photo.height * 3), Image.Resampling.BICUBIC)
    image = _perspective(image, rng)
    image = _on_surface(image, rng)
    image = _lamp(image, rng)
    image = image.resize(PHOTO_SIZE, Image.Resampling.LANCZOS)
    image = _vignette(image, rng)
    return image.filter(ImageFilter.UnsharpMask(radius=1, percent=rng.randint(60, 160), threshold=2))


def save_photo(sku: str, name: str, rng: random.Random) -> str:
    with Image.open(PHOTOS / f"{sku}.jpg") as photo:
        picture = snapshot(photo, rng)
    path = HERE / "images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.save(path, format="JPEG", quality=rng.randint(45, 85))
    return f"images/{name}"


# --- the set -------------------------------------------------------------------------------------------------------
def pick_target(catalog: Catalog, rng: random.Random, used: set[str]) -> tuple[Product, NameCue]:
    """A product of a type shoppers have words for, weighted towards common types but not dominated by them."""
    types = sorted(TYPE_WORDS)
    weights = [len([p for p in catalog.products if p.article_type == t]) ** 0.5 for t in types]
    while True:
        article_type = rng.choices(types, weights)[0]
        pool = [p for p in catalog.products if p.article_type == article_type and p.colour in COLOUR_WORDS
                and p.gender in GENDER_WORDS and p.sku not in used]
        target = rng.choice(pool)
        cue = catalog.name_cue(target, rng)
        if cue is not None:
            used.add(target.sku)
            return target, cue


def build(rng: random.Random) -> list[dict]:
    catalog = Catalog(load_products())
    kinds = [kind for kind, count in KIND_COUNTS.items() for _ in range(count)]
    rng.shuffle(kinds)
    used: set[str] = set()
    dialogues: list[dict] = []
    for number, kind in enumerate(kinds):
        target, cue = pick_target(catalog, rng, used)
        if kind == "composed":
            reference = reference_for(target, catalog, rng)
            while reference is None:
                target, cue = pick_target(catalog, rng, used)
                reference = reference_for(target, catalog, rng)
            turns = [{"text": composed_text(target, rng), "image": save_photo(reference.sku, f"{number:04d}-ref.jpg", rng)},
                     {"text": Writer(target, rng).finish(name_turn(cue, rng)), "image": None}]
        elif kind == "image":
            turns = [{"text": image_text(rng), "image": save_photo(target.sku, f"{number:04d}-photo.jpg", rng)}]
        else:
            write = progressive if kind == "progressive" else correction
            turns = [{"text": text, "image": None} for text in write(target, cue, catalog, rng)]
        dialogues.append({"id": f"P{number:04d}", "kind": kind, "turns": turns, "target": target.sku,
                          "relevant": [target.sku],
                          "constraints": {"articleType": target.article_type, "baseColour": target.colour,
                                          "gender": target.gender}})
    return dialogues


def main() -> None:
    for old in (HERE / "images").glob("*.jpg"):
        old.unlink()
    dialogues = build(random.Random(SEED))
    with (HERE / "paraphrase.jsonl").open("w", encoding="utf-8") as handle:
        for dialogue in dialogues:
            handle.write(json.dumps(dialogue) + "\n")
    print(f"wrote {len(dialogues)} dialogues to {HERE / 'paraphrase.jsonl'}")


if __name__ == "__main__":
    main()
