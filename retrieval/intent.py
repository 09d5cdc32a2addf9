"""Conversation state: what the shopper wants, inferred from every turn so far.

Slots are filled from a lexicon of the catalog's own vocabulary plus everyday synonyms, matched with typo tolerance.
Later turns override earlier ones ("actually, in black"); a turn that quotes the product's name ("I remember ...",
"it says ...") feeds only the name words, so a title word such as "Navy" in a quote does not change the colour.
Whatever no slot consumes stays as free words for lexical and dense matching: nothing the shopper said is dropped.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
from PIL import Image

from .text import FuzzyVocabulary, content_tokens, english_words, normalise_token, tokenize, word_stem

# Canonical article types of the catalog with the everyday words that mean them. Several types per phrase means
# "any of these" (trainers can be sports or casual shoes).
TYPE_PHRASES: dict[str, tuple[str, ...]] = {
    "t-shirt": ("Tshirts",), "t-shirts": ("Tshirts",), "tshirt": ("Tshirts",), "tee": ("Tshirts",),
    "tees": ("Tshirts",), "tee shirt": ("Tshirts",), "polo": ("Tshirts",), "polo shirt": ("Tshirts",),
    "shirt": ("Shirts",), "button down": ("Shirts",), "button-down": ("Shirts",), "dress shirt": ("Shirts",),
    "casual shoes": ("Casual Shoes",), "sneakers": ("Casual Shoes", "Sports Shoes"),
    "sneaker": ("Casual Shoes", "Sports Shoes"), "trainers": ("Sports Shoes", "Casual Shoes"),
    "trainer": ("Sports Shoes", "Casual Shoes"), "loafers": ("Casual Shoes", "Formal Shoes"),
    "canvas shoes": ("Casual Shoes",),
    "shoes": ("Casual Shoes", "Sports Shoes", "Formal Shoes", "Heels", "Flats"),
    "shoe": ("Casual Shoes", "Sports Shoes", "Formal Shoes", "Heels", "Flats"),
    "footwear": ("Casual Shoes", "Sports Shoes", "Formal Shoes", "Sandals", "Flip Flops", "Heels", "Flats"),
    "sports shoes": ("Sports Shoes",), "running shoes": ("Sports Shoes",), "runners": ("Sports Shoes",),
    "gym shoes": ("Sports Shoes",), "training shoes": ("Sports Shoes",), "football boots": ("Sports Shoes",),
    "formal shoes": ("Formal Shoes",), "dress shoes": ("Formal Shoes",), "oxfords": ("Formal Shoes",),
    "brogues": ("Formal Shoes",), "office shoes": ("Formal Shoes",),
    "high tops": ("Casual Shoes", "Sports Shoes"), "hi tops": ("Casual Shoes", "Sports Shoes"),
    "high top": ("Casual Shoes", "Sports Shoes"), "hi top": ("Casual Shoes", "Sports Shoes"),
    "heeled shoes": ("Heels",), "heeled sandals": ("Heels",), "heeled": ("Heels",),
    "3 4th pants": ("Capris",), "3 4ths": ("Capris",), "3 4th": ("Capris",), "three quarter pants": ("Capris",),
    "three quarters": ("Capris",), "cropped pants": ("Capris",), "bag pack": ("Backpacks",),
    "top": ("Tops",), "tops": ("Tops",), "blouse": ("Tops",), "blouses": ("Tops",), "tank top": ("Tops",),
    "kurta": ("Kurtas",), "kurtas": ("Kurtas",), "kurti": ("Kurtis",), "kurtis": ("Kurtis",),
    "watch": ("Watches",), "watches": ("Watches",), "wristwatch": ("Watches",), "timepiece": ("Watches",),
    "handbag": ("Handbags",), "handbags": ("Handbags",), "purse": ("Handbags", "Clutches", "Wallets"),
    "tote": ("Handbags",), "shoulder bag": ("Handbags",), "bag": ("Handbags", "Backpacks", "Laptop Bag",
    "Duffel Bag", "Messenger Bag", "Rucksacks"), "evening bag": ("Clutches",), "party bag": ("Clutches",),
    "evening purse": ("Clutches",), "evening purses": ("Clutches",), "evening bags": ("Clutches",),
    "heels": ("Heels",), "heel": ("Heels",), "stilettos": ("Heels",), "pumps": ("Heels",), "wedges": ("Heels",),
    "sunglasses": ("Sunglasses",), "shades": ("Sunglasses",), "sunnies": ("Sunglasses",),
    "glasses": ("Sunglasses",), "aviators": ("Sunglasses",), "goggles": ("Sunglasses",),
    "sweater": ("Sweaters",), "sweaters": ("Sweaters",), "jumper": ("Sweaters",), "pullover": ("Sweaters",),
    "cardigan": ("Sweaters",), "knitwear": ("Sweaters",),
    "sandals": ("Sandals", "Sports Sandals"), "sandal": ("Sandals", "Sports Sandals"),
    "wallet": ("Wallets",), "wallets": ("Wallets",), "billfold": ("Wallets",),
    "flip flops": ("Flip Flops",), "flip-flops": ("Flip Flops",), "flipflops": ("Flip Flops",),
    "slippers": ("Flip Flops",), "chappals": ("Flip Flops", "Sandals"), "thongs": ("Flip Flops",),
    "sliders": ("Flip Flops",),
    "sweatshirt": ("Sweatshirts",), "sweatshirts": ("Sweatshirts",), "hoodie": ("Sweatshirts",),
    "hoodies": ("Sweatshirts",), "hoody": ("Sweatshirts",), "sweat shirt": ("Sweatshirts",),
    "belt": ("Belts",), "belts": ("Belts",),
    "trousers": ("Trousers",), "trouser": ("Trousers",), "pants": ("Trousers", "Track Pants"),
    "chinos": ("Trousers",), "slacks": ("Trousers",),
    "jeans": ("Jeans",), "denims": ("Jeans",), "denim": ("Jeans",),
    "socks": ("Socks",), "sock": ("Socks",),
    "jacket": ("Jackets",), "jackets": ("Jackets",), "blazer": ("Jackets",), "coat": ("Jackets",),
    "windcheater": ("Jackets",),
    "flats": ("Flats",), "ballerinas": ("Flats",), "ballet flats": ("Flats",), "flat pumps": ("Flats",),
    "flat sandals": ("Sandals", "Flats"), "skin tight": ("Tights", "Leggings"),
    "skin-tight": ("Tights", "Leggings"), "skintight": ("Tights", "Leggings"),
    "backpack": ("Backpacks", "Rucksacks"), "backpacks": ("Backpacks", "Rucksacks"),
    "rucksack": ("Backpacks", "Rucksacks"),
    "school bag": ("Backpacks",),
    "briefs": ("Briefs",), "underwear": ("Briefs", "Trunk", "Boxers", "Innerwear Vests", "Bra"),
    "undies": ("Briefs", "Trunk", "Boxers"), "trunks": ("Trunk",), "trunk": ("Trunk",), "boxers": ("Boxers",),
    "boxer shorts": ("Boxers",), "floaters": ("Sports Sandals", "Sandals"),
    "shorts": ("Shorts", "Lounge Shorts"), "bermudas": ("Shorts",),
    "vest": ("Innerwear Vests",), "vests": ("Innerwear Vests",), "undershirt": ("Innerwear Vests",),
    "cap": ("Caps",), "caps": ("Caps",), "baseball cap": ("Caps",), "hat": ("Hat", "Caps"),
    "skull cap": ("Hat", "Caps"), "beanie": ("Caps", "Hat"),
    "track pants": ("Track Pants",), "trackpants": ("Track Pants",), "joggers": ("Track Pants",),
    "jogging trousers": ("Track Pants",), "jogging pants": ("Track Pants",), "jogging bottoms": ("Track Pants",),
    "sweatpants": ("Track Pants",), "trackies": ("Track Pants",),
    "tie": ("Ties",), "ties": ("Ties",), "necktie": ("Ties",),
    "clutch": ("Clutches",), "clutches": ("Clutches",),
    "dress": ("Dresses",), "dresses": ("Dresses",), "frock": ("Dresses",), "gown": ("Dresses",),
    "muffler": ("Mufflers",), "mufflers": ("Mufflers",), "scarf": ("Scarves", "Mufflers", "Stoles"),
    "scarves": ("Scarves", "Mufflers", "Stoles"), "stole": ("Stoles",),
    "gift set": ("Accessory Gift Set", "Fragrance Gift Set"), "perfume set": ("Fragrance Gift Set",),
    "perfume gift set": ("Fragrance Gift Set",), "fragrance set": ("Fragrance Gift Set",),
    "top and bottoms": ("Tracksuits",), "top and bottom": ("Tracksuits",),
    "boxed set": ("Accessory Gift Set", "Fragrance Gift Set"), "box set": ("Accessory Gift Set", "Fragrance Gift Set"),
    "combo": ("Accessory Gift Set", "Fragrance Gift Set"), "salwar suit": ("Kurta Sets",),
    "salwar kameez": ("Kurta Sets",), "kurta set": ("Kurta Sets",), "suit set": ("Kurta Sets",),
    "skirt": ("Skirts",), "skirts": ("Skirts",),
    "perfume": ("Perfume and Body Mist",), "body mist": ("Perfume and Body Mist",),
    "fragrance": ("Perfume and Body Mist", "Fragrance Gift Set"), "deodorant": ("Deodorant",),
    "deo": ("Deodorant",), "cufflinks": ("Cufflinks", "Accessory Gift Set"),
    "cuff links": ("Cufflinks", "Accessory Gift Set"),
    "capris": ("Capris",), "capri": ("Capris",), "laptop bag": ("Laptop Bag",), "laptop sleeve": ("Laptop Bag",),
    "tunic": ("Tunics",), "tunics": ("Tunics",), "stockings": ("Stockings",), "leggings": ("Leggings",),
    "compression leggings": ("Tights", "Leggings"), "compression tights": ("Tights",),
    "tights": ("Tights", "Stockings"), "duffel": ("Duffel Bag",), "duffle": ("Duffel Bag",),
    "gym bag": ("Duffel Bag",), "weekend bag": ("Duffel Bag",), "holdall": ("Duffel Bag",),
    "overnight bag": ("Duffel Bag",), "travel bag": ("Duffel Bag",), "mobile pouch": ("Mobile Pouch",),
    "phone pouch": ("Mobile Pouch",), "pouch": ("Mobile Pouch", "Waist Pouch", "Travel Accessory"),
    "toiletry bag": ("Travel Accessory",), "wash bag": ("Travel Accessory",),
    "gift box": ("Accessory Gift Set", "Fragrance Gift Set"),
    "phone case": ("Mobile Pouch",), "phone pouch": ("Mobile Pouch",), "tracksuit": ("Tracksuits",),
    "bra": ("Bra",), "gloves": ("Gloves",), "messenger bag": ("Messenger Bag",), "messenger": ("Messenger Bag",),
    "dupatta": ("Dupatta",),
    "umbrella": ("Umbrellas",), "churidar": ("Churidar",), "headband": ("Headband",),
    "waistcoat": ("Waistcoat",), "saree": ("Sarees",), "sari": ("Sarees",), "football": ("Footballs",),
    "ball": ("Footballs",), "balls": ("Footballs",), "ball gown": ("Dresses",), "ball gowns": ("Dresses",),
    "bracelet": ("Bracelet",), "necklace": ("Necklace and Chains",), "chain": ("Necklace and Chains",),
    "jewellery": ("Necklace and Chains", "Bracelet"), "jewelry": ("Necklace and Chains", "Bracelet"),
    "shrug": ("Shrug",), "waist pouch": ("Waist Pouch",), "bum bag": ("Waist Pouch",), "fanny pack": ("Waist Pouch",),
    "toe post": ("Flip Flops",), "toe-post": ("Flip Flops",), "trews": ("Trousers",), "nylons": ("Stockings",),
    "shawl": ("Stoles",), "shawls": ("Stoles",), "wrap": ("Stoles", "Scarves"), "wraps": ("Stoles", "Scarves"),
    "bottoms": ("Trousers", "Track Pants", "Lounge Pants", "Leggings", "Capris", "Churidar", "Jeans"),
    "shoes with a heel": ("Heels",), "shoes with heels": ("Heels",), "short kurta": ("Kurtis",),
    "kurta top": ("Kurtis",), "ethnic top": ("Kurtis", "Tops"), "short ethnic top": ("Kurtis",),
    "college bag": ("Backpacks",), "cargos": ("Trousers", "Shorts"), "cargo pants": ("Trousers",),
    "cargo trousers": ("Trousers",), "cargo shorts": ("Shorts",), "wristwatches": ("Watches",),
    "belt bag": ("Waist Pouch",), "waist bag": ("Waist Pouch",), "hip bag": ("Waist Pouch",),
    "bumbag": ("Waist Pouch",),
    "wingtips": ("Formal Shoes",), "derbies": ("Formal Shoes",), "lace-ups": ("Formal Shoes", "Casual Shoes"),
    "lace ups": ("Formal Shoes", "Casual Shoes"), "laceups": ("Formal Shoes", "Casual Shoes"),
    "laptop satchel": ("Laptop Bag",), "shoe accessory": ("Shoe Accessories",),
    "shoe accessories": ("Shoe Accessories",), "travel accessory": ("Travel Accessory",),
    "travel accessories": ("Travel Accessory",),
    "lounge pants": ("Lounge Pants",), "pyjamas": ("Lounge Pants",), "pajamas": ("Lounge Pants",),
    "lounge shorts": ("Lounge Shorts",), "sweatsuit": ("Tracksuits",), "sweat suit": ("Tracksuits",),
}

COLOUR_PHRASES: dict[str, str] = {
    "black": "Black", "jet black": "Black", "blue": "Blue", "blu": "Blue", "light blue": "Blue", "sky blue": "Blue",
    "royal blue": "Blue", "denim blue": "Blue", "white": "White", "grey": "Grey", "gray": "Grey",
    "brown": "Brown", "red": "Red", "green": "Green", "navy": "Navy Blue", "navy blue": "Navy Blue",
    "dark blue": "Navy Blue", "midnight blue": "Navy Blue", "purple": "Purple", "violet": "Purple",
    "pink": "Pink", "rose": "Pink", "beige": "Beige", "maroon": "Maroon", "wine": "Maroon", "yellow": "Yellow",
    "olive": "Olive", "olive green": "Olive", "silver": "Silver", "steel": "Steel", "orange": "Orange",
    "cream": "Cream", "ivory": "Cream", "gold": "Gold", "golden": "Gold", "tan": "Tan", "multi": "Multi",
    "multicolour": "Multi", "multicolor": "Multi", "multi-coloured": "Multi", "multi-colored": "Multi",
    "colourful": "Multi", "colorful": "Multi", "charcoal": "Charcoal", "dark grey": "Charcoal",
    "dark gray": "Charcoal", "khaki": "Khaki", "magenta": "Magenta", "fuchsia": "Magenta", "off white": "Off White",
    "off-white": "Off White", "copper": "Copper", "lavender": "Lavender", "lilac": "Lavender",
    "pale violet": "Lavender", "pale purple": "Lavender", "peach": "Peach",
    "teal": "Teal", "mustard": "Mustard", "coffee brown": "Coffee Brown", "coffee": "Coffee Brown",
    "chocolate": "Coffee Brown", "rust": "Rust", "turquoise": "Turquoise Blue", "turquoise blue": "Turquoise Blue",
    "grey melange": "Grey Melange", "burgundy": "Burgundy", "bronze": "Bronze", "taupe": "Taupe",
    "fluorescent green": "Fluorescent Green", "neon green": "Fluorescent Green", "sea green": "Sea Green",
    "metallic": "Metallic", "mauve": "Mauve", "nude": "Nude", "skin": "Skin", "camel": "Tan",
    "plum": "Purple", "aubergine": "Purple", "apricot": "Peach", "salmon": "Peach", "coral": "Peach",
    "scarlet": "Red", "crimson": "Red", "cherry": "Red", "emerald": "Green", "mint": "Green", "bottle green": "Green",
    "forest green": "Green", "army green": "Olive", "lemon": "Yellow", "cobalt": "Blue", "indigo": "Navy Blue",
    "aqua": "Turquoise Blue", "blush": "Pink", "sand": "Beige", "oatmeal": "Beige", "ecru": "Cream",
    "mocha": "Coffee Brown", "ochre": "Mustard", "ash grey": "Grey", "ash gray": "Grey",
}
# Everyday names of the kinds ("sneaks", "a bifold", "sun specs", "juttis"), written from general knowledge by one
# who saw only the catalog: matched only as written, after the phrases above, which win where both name a phrase.
# Left out: words shoppers mostly say of what they wear or do, not of what they ask for ("the new boots rub my heels",
# "the sock slides down", "can't be bothered with laces"; the catalog has no boots kind).
CONTEXT_WORDS = frozenset({"boots", "laces", "slides", "slip-ons"})
KIND_WORDS: dict[str, tuple[str, ...]] = {word: tuple(kinds) for word, kinds in json.loads(
    Path(__file__).with_name("article_type_words.json").read_text(encoding="utf-8"))["words"].items()
    if word not in CONTEXT_WORDS}

# Colours named after things ("like a fire engine", "grape", "ebony"): matched only as written, since a slip of one
# letter turns other words into them ("poss" is not "moss").
THING_COLOURS: dict[str, str] = {
    "fire engine": "Red", "pillar box": "Red", "post box": "Red", "tomato": "Red", "chilli": "Red", "ruby": "Red",
    "brick red": "Red", "granny smith": "Green", "apple green": "Green", "pista": "Green", "pistachio": "Green",
    "lime": "Green", "ink blue": "Navy Blue", "inky": "Navy Blue", "sapphire": "Blue", "powder blue": "Blue",
    "baby blue": "Blue", "canary": "Yellow", "sunflower": "Yellow", "mango": "Yellow", "caramel": "Tan",
    "biscuit": "Beige", "mushroom": "Taupe", "bubblegum": "Pink", "rani pink": "Magenta", "peacock": "Teal",
    "ebony": "Black", "onyx": "Black", "coal": "Black", "grape": "Purple", "tangerine": "Orange",
    "saffron": "Orange", "marigold": "Orange", "vanilla": "Cream", "pearl": "Off White",
    "walnut": "Brown", "chestnut": "Brown", "cocoa": "Coffee Brown", "espresso": "Coffee Brown", "jade": "Green",
    "moss": "Olive", "azure": "Blue", "cerulean": "Blue", "raspberry": "Pink", "amber": "Mustard",
    "liquorice": "Black", "licorice": "Black", "hazelnut": "Brown", "amethyst": "Purple",
    "platinum": "Silver", "naval blue": "Navy Blue", "skin tone": "Skin", "skin-tone": "Skin", "skin coloured": "Skin",
    "skin-coloured": "Skin", "skin colour": "Skin", "damson": "Purple", "cappuccino": "Coffee Brown",
    "merlot": "Maroon", "oxblood": "Maroon", "noir": "Black", "slate": "Grey", "tawny": "Tan",
    # Hindi colour words, as Indian shoppers write them in English letters.
    "safed": "White", "safaid": "White", "sufaid": "White", "kaala": "Black", "kala": "Black", "kaali": "Black",
    "kali": "Black", "laal": "Red", "lal": "Red", "gulabi": "Pink", "neela": "Blue", "neeli": "Blue", "nila": "Blue",
    "aasmani": "Blue", "asmani": "Blue", "hara": "Green", "peela": "Yellow", "peeli": "Yellow", "pila": "Yellow",
    "bhura": "Brown", "bhoora": "Brown", "baingani": "Purple", "jamuni": "Purple", "narangi": "Orange",
    "kesari": "Orange", "sunehra": "Gold", "sunehri": "Gold", "chandi": "Silver", "chaandi": "Silver",
    "mehroon": "Maroon", "mehrun": "Maroon",
}

# Things whose colour names a colour ("the colour of wet cement", "the pink of a ballet slipper", "milky-tea
# coloured"), written from general knowledge, one catalog colour each. Matched only in the phrase after such a cue,
# whose words then name no product and no brand: the slipper is not what is wanted.
THING_COLOUR_LEXICON: dict[str, str] = json.loads(
    Path(__file__).with_name("thing_colours.json").read_text(encoding="utf-8"))["things"]
COLOUR_OF_CUES = frozenset({"colour", "color", "colours", "colors", "shade", "shades", "tone", "hue"})
COLOURED_CUES = frozenset({"coloured", "colored", "colour", "color"})
THING_LEADS = frozenset({"a", "an", "the", "some", "my", "our", "your", "his", "her", "their"})
THING_REACH = 5
# What the phrase after a cue is looked up in: those things, the colours named after things and the colour words.
PHRASE_COLOURS = THING_COLOUR_LEXICON | THING_COLOURS | COLOUR_PHRASES
THING_LENGTH = max(len(thing.split()) for thing in PHRASE_COLOURS)

# Colours a shopper would accept for one another, for partial credit (never for the constraint itself).
COLOUR_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset({"Blue", "Navy Blue", "Turquoise Blue", "Teal"}),
    frozenset({"Grey", "Charcoal", "Grey Melange", "Steel", "Silver"}),
    frozenset({"Brown", "Tan", "Coffee Brown", "Khaki", "Beige", "Taupe", "Rust", "Copper", "Bronze"}),
    frozenset({"Red", "Maroon", "Burgundy", "Rust"}),
    frozenset({"Green", "Olive", "Sea Green", "Fluorescent Green"}),
    frozenset({"Pink", "Magenta", "Peach", "Lavender", "Mauve", "Purple"}),
    frozenset({"White", "Off White", "Cream", "Beige"}),
    frozenset({"Yellow", "Mustard", "Gold"}),
)

GENDER_WORDS: dict[str, str] = {
    "men": "Men", "man": "Men", "mens": "Men", "male": "Men", "males": "Men", "gents": "Men", "gent": "Men",
    "guy": "Men", "guys": "Men", "him": "Men", "his": "Men", "he": "Men", "husband": "Men", "boyfriend": "Men",
    "dad": "Men", "father": "Men", "brother": "Men", "uncle": "Men", "grandpa": "Men", "gentleman": "Men",
    "mr": "Men", "mr.": "Men", "mrs": "Women", "mrs.": "Women", "ms": "Women", "ms.": "Women",
    "gentlemen": "Men", "hubby": "Men", "fiance": "Men", "bloke": "Men", "blokes": "Men", "chap": "Men",
    "fella": "Men", "dude": "Men", "lads": "Men", "lad": "Boys", "lass": "Girls", "grandfather": "Men",
    "granddad": "Men", "grandad": "Men",
    "women": "Women", "woman": "Women", "womens": "Women", "female": "Women", "females": "Women",
    "ladies": "Women", "lady": "Women", "her": "Women", "she": "Women", "wife": "Women", "girlfriend": "Women",
    "mom": "Women", "mum": "Women", "mother": "Women", "sister": "Women", "aunt": "Women", "grandma": "Women",
    "fiancee": "Women", "missus": "Women", "wifey": "Women", "grandmother": "Women", "granny": "Women",
    "boy": "Boys", "boys": "Boys", "son": "Boys", "nephew": "Boys", "grandson": "Boys", "godson": "Boys",
    "girl": "Girls", "girls": "Girls", "daughter": "Girls", "niece": "Girls", "granddaughter": "Girls",
    "goddaughter": "Girls", "mother-in-law": "Women", "sister-in-law": "Women", "daughter-in-law": "Women",
    "father-in-law": "Men", "brother-in-law": "Men", "son-in-law": "Men", "sis": "Women",
    "aunty": "Women", "auntie": "Women", "mummy": "Women", "papa": "Men", "gf": "Women", "bf": "Men",
    # Hindi kinship words as written in English letters ("my nanaji", "dadi ma", "bhabhi's birthday").
    "nanaji": "Men", "nana ji": "Men", "nanu": "Men", "dadu": "Men", "dada": "Men", "dadaji": "Men", "dada ji": "Men",
    "chacha": "Men", "chachaji": "Men",
    "chachu": "Men", "mamaji": "Men", "mama ji": "Men", "mamu": "Men", "tauji": "Men", "jiju": "Men", "jijaji": "Men",
    "sasur": "Men", "sasurji": "Men", "bhaiya": "Men", "bhaiyya": "Men", "nani": "Women", "naniji": "Women",
    "nani ji": "Women", "dadi": "Women", "dadiji": "Women", "dadi ji": "Women", "dadi ma": "Women",
    "dadi maa": "Women", "nani maa": "Women", "chachi": "Women", "mausi": "Women", "bhabhi": "Women",
    "didi": "Women", "bhatija": "Boys", "bhanja": "Boys", "bhatiji": "Girls", "bhanji": "Girls", "saasu": "Women",
    "saasu maa": "Women", "buaji": "Women", "bua ji": "Women",
    "stepdad": "Men", "step-dad": "Men", "stepfather": "Men", "step-father": "Men", "stepbrother": "Men",
    "step-brother": "Men", "stepson": "Boys", "step-son": "Boys", "stepmum": "Women", "step-mum": "Women",
    "stepmom": "Women", "step-mom": "Women", "stepmother": "Women", "step-mother": "Women", "stepsister": "Women",
    "step-sister": "Women", "stepdaughter": "Girls", "step-daughter": "Girls", "groom": "Men", "bride": "Women",
    "unisex": "Unisex", "anyone": "Unisex",
}
# First names and the sex they usually tell ("for my colleague Meera", "Venkat from payroll"), written from general
# knowledge by one who read no file of the project (names of both sexes, or that are also everyday, colour, fabric or
# fashion-brand words, left out). A name tells the sex only where no person word does.
FIRST_NAMES: dict[str, str] = json.loads(
    Path(__file__).with_name("first_names.json").read_text(encoding="utf-8"))["names"]
# A refused person is named within this many words: "not my flatmate Ishita".
NAMED_REACH = 4
# "for Priya", "to my colleague Priya", "I meant Luca": a name said as the recipient replaces the one said before.
FOR_NAMED = re.compile(r"\b(?:for|to|meant)\s+(?:(?:my|our|the)\s+)?(?:[\w'-]+\s+){0,2}$", re.IGNORECASE)
# The demo catalog's brand names that hold a product, colour, use or person word: said together they name the brand
# ("a U.S. Polo shirt" is a shirt, "Red Tape shoes" need not be red, "Men's, Mother Earth" is not for a mother).
BRAND_NAMES: tuple[str, ...] = ("u.s. polo", "us polo", "classic polo", "regent polo", "red tape", "red chief",
                                "black coffee", "arrow sport", "mother earth", "indigo nation", "pink floyd",
                                "pepe jeans", "deni yo")
# A person who speaks is rarely who the product is for: "mum says no tshirts", "my son says Fila's decent".
SPEECH_VERBS = frozenset({"says", "said", "thinks", "reckons", "told", "tells", "swears", "suggested", "recommends",
                          "corrected", "reminded", "mentioned", "insists", "insisted", "asked", "texted", "messaged",
                          "emailed", "wrote"})
# Words between the person and the verb that leave the speaker speaking: "her mum just texted".
SPEECH_ADVERBS = frozenset({"just", "also", "has", "had", "already", "then"})
# ... nor is one who gave the shopper something ("the boots my wife got me"), nor the company they keep ("rafting
# with the girls", "out with my mates").
GIVING_VERBS = frozenset({"got", "bought", "gave", "gifted", "gets", "buys", "gives"})
GIVEN_TO = frozenset({"me", "us"})
COMPANY = re.compile(r"\bwith\s+(?:the|my|our|all the)?\s*$", re.IGNORECASE)
# A shopper who calls themself a boy or a girl ("I am boy", "for me (girl)") is not a child unless an age says so.
SELF_WORDS = frozenset({"am", "i'm", "im", "me", "myself"})
GROWN_UP = {"Boys": "Men", "Girls": "Women"}
# Pronouns say the sex, not the age: "she" about a niece keeps the girls' range.
PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
SEXES = ({"Men", "Boys"}, {"Women", "Girls"})
# "my niece turns 8", "he's 15", "a 10-year-old": children's ranges up to this age, adults' above it.
CHILD_AGE_LIMIT = 12
AGE_WORDS = {word: number for number, word in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen".split(), start=1)}
AGE = re.compile(r"\b(?:turns?|turning|aged?|(?:he|she|son|daughter|godson|goddaughter|nephew|niece|grandson|"
                 r"granddaughter|boy|girl|kid|lad|lass|child|toddler|baby)(?:'s|s| is)|who(?:'s| is| turned))"
                 r"\s+(\d{1,2})\b"
                 r"|\b(\d{1,2})\s*-?\s*(?:years?|yrs?|yo|saal)\b"
                 r"|\b(" + "|".join(AGE_WORDS) + r")[\s-]+(?:years?|yrs?)[\s-]+old\b"  # not "four years of cricket"
                 r"|(?<=\w)\s*\((\d{1,2})\s*(?:,[^)]{0,20})?\)", re.IGNORECASE)

# "my teenage son": past the children's range.
TEEN = re.compile(r"\b(?:teen|teens|teenage|teenaged|teenager)\b", re.IGNORECASE)
TEEN_AGE = 15
# A student past school: "my son in college", "she's at uni", "my daughter, a university student".
COLLEGE = re.compile(r"\b(?:in|at|to|for|starting|off\s+to)\s+(?:college|uni|university)\b|"
                     r"\b(?:college|uni|university)\s+(?:student|fresher|kid|going)\b", re.IGNORECASE)
COLLEGE_AGE = 19

# Words before "work" that make it a craft ("thread work", "mirror work"), not a place to wear something to.
CRAFTS = frozenset({"thread", "mirror", "zari", "embroidery", "sequin", "bead", "stone", "hand", "lace", "resham"})
USAGE_WORDS: dict[str, str] = {
    "formal": "Formal", "office": "Formal", "work": "Formal", "business": "Formal", "interview": "Formal",
    "casual": "Casual", "everyday": "Casual", "sports": "Sports", "sport": "Sports", "gym": "Sports",
    "running": "Sports", "workout": "Sports", "training": "Sports", "ethnic": "Ethnic", "traditional": "Ethnic",
    "festive": "Ethnic", "wedding": "Ethnic", "sangeet": "Ethnic", "mehendi": "Ethnic", "mehndi": "Ethnic",
    "haldi": "Ethnic", "diwali": "Ethnic", "eid": "Ethnic", "puja": "Ethnic", "pooja": "Ethnic", "navratri": "Ethnic",
}

# A turn that quotes the product's own words: everything in it is a name word, not a slot change.
# A person who "says" something states a wish ("she says pink"); a thing that says it quotes its print.
QUOTE_CUES = re.compile(
    r"(?<!-)\b(remember|recall|(?:it|that|which|label|tag|logo|front|back|print|text)\s+(?:says?|said|reads)|"
    r"called|named|"
    r"name|brand|branded|label|labelled|labeled|written|"
    r"printed on|the one with|with the words?|title)\b", re.IGNORECASE)
# A negation this many words before a cue refuses what follows it instead of quoting it.
QUOTE_NEGATION_REACH = 3
# Cues that may follow the name they quote: "Hunk i think it's called", "look for Lifestyle in the name".
NAME_AFTER = frozenset({"called", "named", "name", "title"})
# ... as does a cue that a clause of its own follows: "luck is the bit of the name that stuck".
CLAUSE_AFTER = re.compile(r"\s*(?:that|which|who|i|he|she|we|they|you)\b", re.IGNORECASE)
# Words in quotation marks are the product's own: "there was 'Printed' in the product name" (all but articles) ...
ARTICLES = frozenset({"a", "an", "the"})
# ... unless the quote is someone's words: "says it's 'not that cold'", "khaki is 'what dad wears'" (a product name
# holds no pronouns, negations or verbs of being).
SPEECH_WORDS = frozenset({"not", "what", "that", "it's", "its", "it", "i", "i'm", "you", "he", "she", "we", "they",
                          "me", "my", "is", "are", "was", "were", "don't", "dont", "can't", "so", "too", "very", "be"})
QUOTATION = re.compile(r"(?:^|(?<=[\s(]))['\"‘“]([^'\"‘’“”\n]{1,40}?)['\"’”](?=$|[\s.,!?;:)])")
# Where a quoted name ends: the end of its sentence; a name said before its cue starts after a clause break.
SENTENCE_END = re.compile(r"(?<!\b[a-zA-Z])[.!?;\n]+(?:\s|$)")  # not the dots of "U.S." or "e.g."
CLAUSE_END = re.compile(r"(?:(?<!\b[a-zA-Z])[.!?;,\n]+|\s-+)(?:\s|$)")
# Product words that are also verbs or idioms, and the words that make them so: "going to watch India play", "we dress
# up", "thin on top".
VERB_SENSES = frozenset({"watch", "watches", "dress", "top", "tie", "wrap"})
VERB_CUES = frozenset({"to", "i", "we", "you", "they", "will", "can", "could", "gonna", "wanna", "lets", "let's",
                       "on", "he", "she", "who", "always", "now", "still", "usually"})  # "on" for "thin on top"
# ... or the words that follow them: "tie my shoes", "dress up", "top it up".
VERB_OBJECTS = frozenset({"my", "his", "her", "their", "your", "our", "up", "it", "them", "him", "tv", "cricket",
                          "football", "movies", "films", "netflix", "news", "matches"})
# Products the shopper already has or wears the wanted one with never name the wanted kind: "my shorts keep riding
# up", "my plain kurta set looks bare", "she bought a red dress" (a possessive or "bought"/"own" before the product
# word, two words between allowed), "throw on over a tshirt", "to go with my chinos". When nothing else is named, the
# need behind the words picks the kind.
OWNING_WORDS = frozenset({"my", "his", "her", "their", "our", "your", "bought", "own", "owns"})
# ... but "her" before an article is whom it is for: "gift her a perfume set", "treat her to a dress".
OBJECT_PRONOUN_FOLLOWERS = frozenset({"a", "an", "some", "something", "to"})
# "black, as I already said": what was asked for, not had.
ALREADY_ASKED = frozenset({"said", "told", "mentioned", "asked", "want", "wanted", "need", "needed", "chose", "picked"})
# People named without a sex: "my bestie Pooja denims" are for her, not hers.
PEOPLE_WORDS = frozenset({"friend", "friends", "bestie", "bff", "buddy", "pal", "roomie", "roommate", "flatmate",
                          "colleague", "boss", "partner", "cousin", "teacher", "intern", "neighbour", "neighbor",
                          "mate", "spouse", "kid", "kids", "child", "children", "grandkid", "grandchild", "parents",
                          "family", "team", "twin", "sibling", "in-laws", "godchild", "student", "client", "coach"})
# Words that start another noun phrase between a possessive and a kind: "my errand: a duffel bag".
OBJECT_DETERMINERS = frozenset({"a", "an", "the", "some", "any"})
# A verb of owning or wearing reaches past the adjectives of its object: "I've bought a gorgeous sleeveless dress",
# "she's wearing a sheer white kurta".
OWNING_VERBS = frozenset({"bought", "own", "owns", "wearing", "wears", "wore"})
# "I wear loafers without socks", "I've been living in jeans": what someone wears by habit, said of the wearer.
WORN_BY_HABIT = re.compile(r"\b(?:(?:i|he|she|we|they|u)\s+(?:always\s+|usually\s+|normally\s+|mostly\s+|often\s+)?"
                           r"wear|living\s+in)\s+(?:[\w'-]+\s+){0,2}$", re.IGNORECASE)
# ... unless it is worn out or lost: "his trainers have a hole in the toe", "my umbrella broke", "I lost my wallet" ask
# for another of the kind.
WORN_OUT = re.compile(r"^(?:[\w'-]+\s+){0,2}(?:have|has|had|just|finally|are|is|were|was|got|keep)?\s*(?:a\s+)?"
                      r"(?:broke|broken|snapped|tore|torn|ripped|holes?|worn\s+out|wore\s+out|fell\s+apart|"
                      r"falling\s+apart|died|dead|cracked|split|bust|busted|stopped\s+working)\b", re.IGNORECASE)
LOST = re.compile(r"\b(?:lost|lose|misplaced|left|forgot)\s+(?:my|his|her|their|our)\s+(?:[\w'-]+\s+)?$", re.IGNORECASE)
# ... or replaced, however it came to need that: "the dog chewed up his muffler, so I'm replacing it".
REPLACED = re.compile(r"\b(?:replace|replaces|replacing|replacement)\b", re.IGNORECASE)
# "a replacement pair for the boots", "laces for these trainers": what it is for, unless searched for ("looking for the
# jeans in black").
FOR_THE = re.compile(r"\bfor\s+(?:the|these|those)\s+(?:[\w'-]+\s+)?$", re.IGNORECASE)
SEARCHING_FOR = re.compile(r"\b(?:look|looking|search|searching|hunt|hunting|shop|shopping|browse|browsing|out|after|"
                           r"sale|stock)\s+for\s+(?:the|these|those)\s+(?:[\w'-]+\s+)?$", re.IGNORECASE)
# "start me off with a collared shirt", "replace it with a tracksuit", "I could do with a light jacket": what comes
# with "with" here is asked for, not worn with it.
ASKED_WITH = re.compile(r"\b(?:off|luck|help(?:\s+(?:me|us))?|do|start|begin|out|up|"
                        r"(?:replace|replacing|surprise|spoil|treat)\s+\w+)\s+with\s+(?:a|an|the|some)\s+"
                        r"(?:[\w'-]+\s+){0,2}$",
                        re.IGNORECASE)
# ... but what someone "only wears" is what to buy them: "she only wears Guess perfume".
PREFERRING = "only"
OWNED_OBJECT_REACH = 5
# "I've got the shirt and the blazer", "my husband has a lovely cream kurta": what someone says they have (up to two
# words between the verb's article and the product), not "do you have a black kurta"; "they" and "we" are as often the
# shop ("oh they've got maroon too?"). "I've a purple dress": "have" said in "I've" alone, before an article.
# A sentence that starts with "bought" has dropped its "I": "Bought the khaki one last year".
OBJECT_ARTICLES = r"(?:a|an|the|one|some|this|that|these|those)"
OWNERS = ("i", "i've", "ive", "he", "she", "he's", "she's", "hes", "shes", "already", "husband", "wife", "son",
          "daughter", "brother", "sister", "dad", "mum", "mom", "father", "mother", "boyfriend", "girlfriend", "friend",
          "kid", "kids")
HAVING_VERBS = ("got", "has", "have", "own", "owns", "bought", "carry", "carries")
# "could I have this in black", "can she have it in red": a request, not what someone has.
REQUEST_MODALS = frozenset({"could", "can", "may", "might", "cud", "cld", "cn"})
HAVING = re.compile(r"(?:{not_asked}\b(?:{owners})\s+(?:{verbs})\s+|\b(?:i've|we've)\s+(?={article}\s)|"
                    r"^(?:already\s+)?bought\s+|^already\s+(?:have|own|got)\s+)"
                    r"(?:{object}(?:and|or)\s+(?={article}\s))?{object}$"
                    .format(not_asked="".join(f"(?<!{modal} )" for modal in sorted(REQUEST_MODALS)),
                            owners="|".join(OWNERS), verbs="|".join(HAVING_VERBS), article=OBJECT_ARTICLES,
                            object=r"(?:{article}\s+)?(?:[\w'-]+\s+){{0,2}}".format(article=OBJECT_ARTICLES)),
                    re.IGNORECASE)
# "small enough to live in her handbag", "slides into my backpack": where it goes, not what is asked for.
CONTAINER = re.compile(r"\b(?:in|into|inside)\s+(?:my|his|her|their|our|your)\s+(?:[\w'-]+\s+)?$", re.IGNORECASE)
# "everything in my wardrobe is jeans and polo shirts": what someone's clothes already are.
WARDROBE = re.compile(r"\b(?:wardrobe|closet|cupboard)\s+(?:is|are|'s|has|holds)\s+"
                      r"(?:all\s+|just\s+|only\s+|full\s+of\s+|nothing\s+but\s+)?(?:[\w'-]+\s+){0,2}$", re.IGNORECASE)
# What a shopper points at in their photo ("this frock", "these shoes") is the kind they ask about, whoever has it.
SHOWN = frozenset({"this", "these"})
# ... and "this is my wallet, do you have the same one in pink?": the kind shown, whoever has it.
SHOWN_AS = re.compile(r"\b(?:this|these|that|those)\s+(?:is|are)\s+(?:my|his|her|their|our)\s+$|"
                      r"\b(?:this's|that's|thats)\s+(?:my|his|her|their|our)\s+$", re.IGNORECASE)
# A top and a bottom asked for together as a set are the kind sold as one: "a jacket with joggers to match" (the
# demo catalog sells no suits: a jacket and trousers sold together are a tracksuit).
MATCHING_SETS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Tracksuits": (frozenset({"Jackets", "Sweatshirts"}), frozenset({"Track Pants", "Trousers"})),
    "Kurta Sets": (frozenset({"Kurtas", "Kurtis"}), frozenset({"Churidar", "Leggings"})),
}
SET_CUE = re.compile(r"\b(?:set|matching|to match|co-?ords?|combo|coordinated)\b", re.IGNORECASE)
# "navy like a school blazer": at most this many words between "like" and the thing that shows the colour.
LIKENESS_REACH = 2
# "that looks like a pyjama", "I'd look like a sofa": a comparison, not a request.
SIMILE = re.compile(r"\b(?:look|looks|looking|looked)\s+like\s+(?:a|an|the|some)?\s*(?:[\w'-]+\s+)?$", re.IGNORECASE)
# "kurta he is already having", "the jacket she already owns": what someone has, said after it.
HAD_AFTER = re.compile(r"(?:[\w'-]+\s+)?(?:i|he|she|i'm|he's|she's)\s+(?:is\s+|am\s+)?already\s+"
                       r"(?:having|has|have|got|owns?)\b", re.IGNORECASE)
GOES_WITH = re.compile(r"\b(?:go|goes|going|wear\s+\w+|match|matches|matching)\s+(?:with\s+)?(?:a|an|the|my|his|her|"
                       r"their|our|your)\s+$", re.IGNORECASE)
WORN_WITH = re.compile(r"\b(?:over|under|underneath|beneath|with|against|match|matches|matching)\s+(?:a|an|the|my|his|"
                       r"her|their|our|your)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# The colour of what it stands out against or is worn with: "like sunshine against a dull grey suit", "won't stand
# out with my khakis".
SET_AGAINST = re.compile(r"\b(?:against\s+(?:a|an|the|my|his|her|their|our|your)?|with\s+(?:my|his|her|their|our|"
                         r"your))\s*(?:\w+\s+)?$", re.IGNORECASE)
# Colours someone lists as owned: "I own black, brown and tan already".
LIST_JOINS = frozenset({"and", "or", "n", "&"})
# Worn when it happens: "my thighs go numb in running shorts", "his feet get hot in closed shoes", "twelve hours in
# steel-cap boots", "walking home in closed shoes".
WORN_IN = re.compile(r"\b(?:numb|hot|cold|freezing|frozen|sweaty|sweating|sweat|boiling|itchy|uncomfortable|sore|"
                     r"hurt|hurts|ache|aches|soaked|wet|blisters?|hours|all\s+day|shifts?|walk|walks|walking|walked|"
                     r"run|runs|running|ran|dance|dances|dancing|danced|cycle|cycling|cycled|hike|hiking|hiked|"
                     r"stand|standing|commute|commuting)\s+(?:\w+\s+)?in\s+"
                     r"(?:my|his|her|their|our|your|"
                     r"those|these|the)?\s*(?:[\w'-]+\s+)?$", re.IGNORECASE)
# A slip being corrected: "i typed ethnic kurta - i meant short ethnic top".
MISTYPED = re.compile(r"\b(?:typed|wrote|autocorrected\s+to|autocorrect\s+made\s+it)\s+(?:a|an|the)?\s*"
                      r"(?:[\w'-]+\s+)?$", re.IGNORECASE)
# Between two things: "something thin between foot and shoe".
BETWEEN = re.compile(r"\bbetween\s+(?:[\w'-]+\s+){1,2}and\s+(?:a|an|the|my|his|her|your)?\s*$", re.IGNORECASE)
# What it is worn with, said further back: "looks smart with work trousers", "to wear over leggings".
WORN_ALONG = re.compile(r"\b(?:look|looks|looking|go|goes|going|wear|wears|worn|pair|paired|team|teamed)\s+"
                        r"(?:\w+\s+)?(?:with|over|under|underneath|against)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# A photo of several products side by side and which one is meant: "the left one", "the one on the right".
PHOTO_SIDE = re.compile(r"\b(left|right|middle|centre|center)(?:[\s-]*hand)?(?:most)?\s+"
                        r"(?:one|ones|pair|item|product)\b|\bon\s+the\s+(left|right)\b"
                        r"|\bin\s+the\s+(middle|centre|center)\b"
                        r"|\b(first|1st|second|secnd|2nd|third|3rd|last)\s+(?:one|ones|pair|item|product|piece)\b"
                        r"|\b(?:at|on)\s+the\s+(end)\b(?!\s+of)", re.IGNORECASE)
# Which side a place in a row of products is on: the second of two is on the right, of three in the middle.
ORDINAL_SIDES = {"first": "left", "1st": "left", "second": "second", "secnd": "second", "2nd": "second",
                 "third": "right", "3rd": "right", "last": "right", "end": "right",
                 "centre": "middle", "center": "middle"}


def photo_side(text: str) -> str | None:
    """Which side of a photo the shopper points at ("left", "right", "middle", or "second": the middle of three or
    the right of two), if they point at one."""
    found = PHOTO_SIDE.search(text or "")
    if found is None:
        return None
    side = next(group for group in found.groups() if group).lower()
    return ORDINAL_SIDES.get(side, side)


# "actually it's for me": the person changed to the shopper, whose gender is not known unless they say it.
FOR_MYSELF = re.compile(r"\b(?:for me|for myself|it'?s mine|they'?re mine|i'?m the one)\b", re.IGNORECASE)
# "she refuses to wear anything except leggings", "nothing but black": what follows is all they want.
ONLY_THIS = re.compile(r"\b(?:(?:refuses?|refused|won'?t|will not|doesn'?t|does not|don'?t|do not|never)\s+(?:to\s+)?"
                       r"(?:wear|wears|use|uses|want|wants|put on|touch)\s+anything|nothing)\s+"
                       r"(?:except|but|other than|apart from)\b", re.IGNORECASE)
# A refusal after what it refuses: "pink, red and purple just don't suit me", "stripes aren't my thing".
REFUSED_BEFORE = re.compile(
    r"({word}(?:\s*(?:,|\band\b|\bor\b)\s*{word})*)(?:\s+|(?='s\b))(?:just\s+|really\s+)?"
    r"(?:(?:don'?t|doesn'?t|do not|does not)\s+"
    r"(?:suit|fit|work for|go with|look good on)|(?:is|are)n'?t\s+(?:my|her|his|their)\s+(?:thing|colou?r|style)|"
    r"clash(?:es)?|(?:is|are|'s|looks?|feels?(?:\s+like)?|(?:will|would|'ll|'d)\s+(?:look|get|be|seem)|gets?)\s+"
    r"(?:(?:a bit|a little|way|far|just|so|really)\s+)?(?:too\s+[\w'-]+|(?<=bit )much|(?<=little )much|"
    r"boring|dull|ugly|awful|horrible|hideous|a no|filthy|"
    r"dirty|grubby|grim|terrible|tacky|weird|out|wrong|not good)|(?:was|is)\s+(?:a\s+)?(?:typo|mistake|wrong)|"
    r"(?:is|are|'s)\s+(?:gone\s+from|off)\s+(?:my|the)\s+list|"
    r"(?:makes?|made)\s+(?:me|her|him|them)\s+look|shows?\s+every|"
    r"(?:wreck|wrecks|kill|kills|hurt|hurts|ruin|ruins)\s+(?:my|his|her|their|our)\s+[\w'-]+|"
    r"(?:will|would|'ll|'d)\s+look\s+like|"
    r"(?:is|are|'s|'re|gets?)\s+(?:a bit\s+|too\s+|so\s+)?(?:see[\s-]?through|transparent|sheer)|"
    r"(?:won'?t|wont|will not)\s+(?:work|do|suit|go)|also not|neither|"
    r"(?:i|she|he|we|they)\s+(?:have|has|own|owns|'ve got|ve got)\s+(?:plenty|enough|loads|lots|already))\b"
    .format(word=r"[\w'-]+"), re.IGNORECASE)
# A refusal said after what it refuses, ending its clause: "purple no", "Pink's a no as well", "green no thank you",
# "print I don't want", "keep the purple well away from him". Every item is refused, words included.
REFUSED_AFTER = re.compile(
    r"\b({word}(?:\s*(?:,|\band\b|\bor\b|\baur\b)\s*{word})*)(?:(?:'s|\s+(?:is|are))\s+a|\s+(?:is|are))?\s+"
    r"(?:(?:bhi|also)\s+)?(?:a\s+)?(?:no|nope|nah|nahi|nahin)"
    r"(?:\s+(?:thanks?|thank\s+you|way))?(?=\s*(?:[.,!?;:()]|-|$|(?:as\s+well|too|either|please|pls)\b))"
    r"|\b({word})\s+(?:i|we|she|he|they)\s+(?:really\s+)?(?:(?:don'?t|dont|do\s+not|doesn'?t|does\s+not)\s+"
    r"(?:want|like|need)|(?:am|is|are)\s+not\s+(?:wanting|liking))(?=\s*(?:[.,!?;:)]|-|$))"
    r"|\bkeep\s+(?:the|any|all)?\s*({word})\s+(?:well\s+|far\s+)?away\b"
    .format(word=r"[\w-]+"), re.IGNORECASE)
# Colours the shopper already has are refused ("I already have a white one and a gold one", "she owns the grey one
# and a black one, so neither", "I own black, brown and tan already"): said with "already" or a refusal after them.
# What is owned runs up to a comma that no colour follows; then its sentence.
OWNED_ALREADY = re.compile(r"\b(?:i|she|he|we|they)\s*(?:'ve|'s)?\s+(?:already\s+)?(?:have|has|own|owns|got)\b"
                           r"((?:[^.!?;,]|,(?=\s*(?:and\s+)?(?:an?\s+)?(?:{colours})\b))*)(?=([^.!?;]*))".format(
                               colours="|".join(sorted(map(re.escape, COLOUR_PHRASES), key=len, reverse=True))),
                           re.IGNORECASE)
# "Black is for funerals and purple is the rival choir's, so neither of those": the sentence's colours are refused.
REFUSED_BACK = re.compile(r"([^.!?;\n]*)\b(?:(?:neither|none)\s+of\s+(?:those|them|these|the\s+two)|so\s+neither)\b",
                          re.IGNORECASE)
OWNED_CUES = re.compile(r"\b(?:already|enough|plenty|loads|too many|so not those|not those|neither|"
                        r"none of (?:those|them|these))\b", re.IGNORECASE)
# "this, except in black": a change to the photo or product shown, not a refusal.
EXCEPT_CHANGE = re.compile(r"\b((?:this|that|these|it|same|one)\s*,?\s*)except\b", re.IGNORECASE)
# A colour said as the change ("make it pink", "black instead", "black then", "switch to navy"): the colours asked
# before that the same turn mentions again are what is being changed, said as the reason ("orange is only right for
# the haldi. Make it pink").
CHANGE_BEFORE = frozenset({"make it", "go for", "switch to", "change to", "change it to", "rather", "prefer"})
CHANGE_AFTER = frozenset({"instead", "then", "rather"})
# What separates the items of a refused list ("red, pink and purple", Hindi "red aur maroon").
LIST_SEPARATOR = re.compile(r"\s*(?:,|\band\b|\bor\b|\baur\b)\s*", re.IGNORECASE)
# Words listed with commas and a last "or": "nothing from Nike, Adidas or Puma".
LISTED_WITH_OR = re.compile(r"[\w'-]+(?:\s*,\s*[\w'-]+)+\s*,?\s*(?:or|nor)\s+[\w'-]+", re.IGNORECASE)
# "the full set, not just the top": the top is neither wanted nor refused.
NOT_JUST = re.compile(r"\bnot\s+(?:just|only|merely)\s+(?:(?:a|an|the|my)\s+)?[\w'-]+", re.IGNORECASE)
# "Brand-wise, Lee Cooper", "colour-wise": a topic named, not a brand or a colour asked for.
REGARDING = re.compile(r"\b[a-z]+-wise\b", re.IGNORECASE)
# "Colour isn't a big deal", "the brand doesn't matter": indifference, which refuses nothing.
INDIFFERENCE = re.compile(r"\b(?:(?:is|are)n'?t|(?:is|are)\s+not)\s+(?:a\s+)?(?:big\s+|huge\s+)?"
                          r"(?:deal|issue|problem)\b|"
                          r"\b(?:does|do)(?:n'?t|\s+not)\s+(?:really\s+)?matter\b", re.IGNORECASE)
# A second noun phrase after a refused one: "not the cologne, the deo".
# "switch the recipient from my manager to my stepmum", "change a backpack to a holdall": what is changed from is
# refused.
CHANGED_FROM = re.compile(
    r"\b(?:change|changing|switch|switching|swap|swapping)\s+(?:(?:the|this|that)\s+[\w'-]+\s+)?from\s+"
    r"([^.!?;]+?)\s+(?=(?:to|for|into)\s)|"
    r"\b(?:change|changing|switch|switching|swap|swapping)\s+((?:a|an|the|some)\s+[^.!?;,]+?)\s+"
    r"(?=(?:to|for|with|into)\s+(?:a|an|the|some|my|his|her|their|our)\b)", re.IGNORECASE)
# The possessive of something the shopper has: "my black shoes look wrong with it" finds fault with theirs.
OWNER_BEFORE = re.compile(r"\b(?:my|his|her|their|our|your)\s+(?:[\w'-]+\s+){0,2}$", re.IGNORECASE)
CONTRAST = re.compile(r",\s*(?=(?:the|a|an)\b)", re.IGNORECASE)
LIST_WORDS = re.compile(r"\b(?:or|and|nor)\b", re.IGNORECASE)
# Words that make what follows them refused ("nothing printed on it" quotes nothing).
NEGATION_WORDS = frozenset({"no", "not", "nothing", "without", "never", "none"})
# A word of what is negated: not another negation, and not the start of another clause.
NEGATED_WORD = (r"(?!(?:not|no|nor|none|nothing|never|i|i'm|im|i'd|he|she|it|it's|we|they|you|so|but|pls|please|just|"
                r"in|for|to|at|on|under|over|with|from|by|because|cos|as|if|when|since|wants?|needs?|prefers?)\b)"
                r"[\w'-]+")
# "never seen real winter", "never had a suit": what the shopper has not done yet, not a refusal.
NEVER_EXPERIENCED = (r"(?:seen|been|had|heard|worn|owned|tried|used|done|got|gotten|gone|known|bought|found|felt|"
                     r"needed|lived|experienced|visited|travell?ed|realised|realized|thought)")
# A negation cue, filler words, then what is negated: one to three words, or a list ("red and black", "red or blue"),
# up to where another clause starts ("not leather, I'm vegan", "not red, so no ...").
# "never seen without", "can't live without" refuse nothing.
NEGATION = re.compile(r"\b(no\s+longer|instead\s+of|rather\s+than|not|no|none|"
                      r"(?<!seen )(?<!live )(?<!never )(?<!nowhere )without|except|"
                      r"never(?!\s+{experienced}\b)|avoid|hates?|hated|dislikes?|nothing|"
                      r"don'?t|dont|doesn'?t|isn'?t|but not|anything but|anything other than|other than|done with|"
                      r"sick of|bored of|tired of|fed up (?:of|with)|(?:had )?enough of|skip|ditch|scrap|erase|cancel|"
                      r"gone off|went off|forget(?:\s+(?:that\s+)?i\s+(?:said|asked\s+for|mentioned)|\s+about)?|"
                      r"nor|(?:won'?t|wont|will\s+not)\s+(?:wear|touch|use|carry|put\s+on)|"
                      r"(?:refuses?|refused|refusing)(?:\s+to)?|"
                      r"can'?t\s+stand|cannot\s+stand|steer\s+clear\s+of)\s+"
                      r"((?:(?:a|an|any|the|in|too|so|with|made|of|from|like|want|wear|need|one|ones|for|that's|"
                      r"pair|pairs|thats|basically|remotely|even|looks|"
                      r"those|these|kind|sort|keen|fond|fan|big|into|on|to|carry|have|use|buy|get|see)\s+)*)"
                      r"({word}(?:\s*(?:,|\band\b|\bor\b|\bnor\b)\s*{word})*(?:\s+{word}){{0,2}})"
                      .format(word=NEGATED_WORD, experienced=NEVER_EXPERIENCED), re.IGNORECASE)
CORRECTION_NEGATION = re.compile(
    r"(?:^|(?<=[.!?;]))\s*(?:no|nope|nah)(?:\s*[,.!;:-]+\s*|"
    r"\s+(?=(?:i|i'd|i'm|im|make|actually|rather|wait|show|give|let's|in|more|"
    r"something|sorry)\b))", re.IGNORECASE)
PRICE_UNDER = re.compile(r"\b(?:under|below|less than|cheaper than|max(?:imum)?|up to|upto|within|<)\s*"
                         r"(?:rs\.?|inr|₹|\$|€|£)?\s*(\d[\d,]*(?:\.\d+)?)\s*(k)?", re.IGNORECASE)
PRICE_OVER = re.compile(r"\b(?:over|above|more than|at least|min(?:imum)?|>)\s*(?:rs\.?|inr|₹|\$|€|£)?\s*"
                        r"(\d[\d,]*(?:\.\d+)?)\s*(k)?", re.IGNORECASE)
PRICE_BETWEEN = re.compile(r"\bbetween\s*(?:rs\.?|inr|₹|\$|€|£)?\s*(\d[\d,]*)\s*(?:and|-|to)\s*"
                           r"(?:rs\.?|inr|₹|\$|€|£)?\s*(\d[\d,]*)", re.IGNORECASE)
CHEAP_WORDS = frozenset({"cheap", "budget", "affordable", "inexpensive"})

# Words that carry no product meaning in a shopping request.
FILLER_WORDS = frozenset("""
a an the i im i'm me my mine we our you your it its it's is are was were be been am do does did have has had
want wants wanted need needs needed looking look find show get buy give see searching search for of in on at to
with and or but please pls plz thanks thank some any one ones something thing stuff item items product products
like love would could should can will may might also too very really just maybe actually instead rather prefer
make made color colour coloured colored shade shades kind sort type style pair pairs of piece that this these those
there here what which who how about around new nice good great cool lovely pretty cute hi hello hey okay ok yes
yeah sure let lets let's something anything else other another again more less same version available got so
remember recall says say said called named name brand branded label written reads title with words word
think guess believe sure one's go goes going sell selling stock options option wear wearing wore
yaar bhai ji na hai hain kya chai acha accha haan nahi toh bas
look looking search searching find keyword listing either neither
oops oopsie whoops ugh hmm umm uh erm yikes
karta karti karte rehta rehti raha rahi mera meri mere tera teri liye chahiye wala wali wale saal ka ki ke ko se kuch
koi ek
shd cld wld wud cud shud tht thnx imo fwiw
""".split())


@dataclass(frozen=True)
class EncodedPhoto:
    """A shopper's photo as the retriever searches it (built by ``pipeline.ImageVectorCache``)."""

    vectors: np.ndarray  # image vectors of every view (``pipeline.photo_views``): the whole photo first
    photos: tuple[Image.Image, ...]  # small copies of the photo, the pictures found in it and the product cut out
    layouts: tuple[np.ndarray, ...]  # layout descriptors of the pictures found in it (``photo_match.layout_vector``)
    windows: np.ndarray  # layout descriptors of windows over it (``photo_match.window_layouts``)


@dataclass
class ReferenceImage:
    """A photo (or catalog product) the shopper points at, with what they want changed."""

    vector: np.ndarray
    exact: bool
    modification: str
    source: str
    space: str = "image"  # the named index vector it compares with: "image", or "text" for a product without photo
    photo: EncodedPhoto | None = None  # a shopper's photo (not a catalog product)

    def vectors(self) -> list[np.ndarray]:
        """The query vectors of its neighbour search: the photo, then its other views."""
        return [self.vector] if self.photo is None else list(self.photo.vectors)


@dataclass
class DialogueState:
    """Slots inferred from the conversation so far; all optional."""

    article_types: tuple[str, ...] = ()
    gender: str | None = None
    colours: tuple[str, ...] = ()
    usage: str | None = None
    name_words: list[str] = field(default_factory=list)
    free_words: list[str] = field(default_factory=list)
    # The words the shopper named the wanted kind by, where the kind's name lacks them: some titles use them
    # ("balerinas" for Flats -> "Rocia Women Brown Ballerinas").
    product_words: tuple[str, ...] = ()
    excluded_colours: set[str] = field(default_factory=set)
    excluded_types: set[str] = field(default_factory=set)
    excluded_words: set[str] = field(default_factory=set)
    price_min: float | None = None
    price_max: float | None = None
    wants_cheap: bool = False
    age: int | None = None
    references: list[ReferenceImage] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def has_constraints(self) -> bool:
        return bool(self.article_types or self.gender or self.colours)

    def describe(self) -> str:
        """Canonical description of the wanted product (what the dense encoder reads)."""
        parts: list[str] = []
        if self.gender:
            parts.append(self.gender)
        if self.colours:
            parts.append(" or ".join(self.colours))
        if self.article_types:
            parts.append(" or ".join(self.article_types))
        if self.usage:
            parts.append(self.usage)
        words = self.name_words + [w for w in self.free_words if w not in self.name_words]
        return " ".join(parts + words).strip()

    def as_dict(self) -> dict[str, object]:
        """JSON-able summary for the assistant message and the stored turn."""
        return {
            "article_types": list(self.article_types), "gender": self.gender, "colours": list(self.colours),
            "usage": self.usage, "name_words": list(self.name_words), "free_words": list(self.free_words),
            "excluded_colours": sorted(self.excluded_colours), "excluded_types": sorted(self.excluded_types),
            "excluded_words": sorted(self.excluded_words), "price_min": self.price_min, "price_max": self.price_max,
            "references": [{"source": r.source, "exact": r.exact, "modification": r.modification}
                           for r in self.references],
        }


@dataclass(frozen=True)
class SlotMatch:
    kind: str
    values: tuple[str, ...]
    start: int
    end: int


# "pouch-type", "kurta-style", "bomber-like": the word before the suffix names the kind.
KIND_SUFFIX = re.compile(r"-(?:type|style|like|kind|colou?red|colou?r|toned|shade)$")
# Suffixes that soften a colour ("bluish", "blue-ish", "greeny"): the colour itself is meant.
SOFTENING_SUFFIXES = ("ish", "ey", "y")
# Words that look softened but mean something else: "skinny" is a fit, not a skin colour.
NOT_SOFTENED = frozenset({"skinny"})


def vowelless_forms(meanings: dict[str, object]) -> dict[str, str]:
    """Texting spellings without vowels ("pnk", "brwn", "wmns", "jns") of the words in ``meanings`` that they can
    only mean: a word's consonants, or them less one letter ("blck" and "blk" for "black"); a spelling that could
    stand for words of different meanings ("blk": black or bloke) is left out."""
    forms: dict[str, dict[object, str]] = defaultdict(dict)
    for word, meaning in meanings.items():
        consonants = "".join(c for c in word if c.isalpha() and c not in "aeiou")
        if len(consonants) < 3 or consonants == word:
            continue
        shorter = [consonants[:i] + consonants[i + 1:] for i in range(1, len(consonants))] \
            if len(consonants) > 3 else []
        for spelling in (consonants, *shorter):
            forms[spelling].setdefault(meaning, word)
    return {spelling: next(iter(words.values())) for spelling, words in forms.items() if len(words) == 1}


# Everyday phrases whose words name no product: "the dress code", "top button done up".
PLAIN_PHRASES = ("dress code", "dresscode", "top button", "on top", "up top", "top up", "top notch", "over the top",
                 "tip top", "the heel", "my heel", "his heel", "her heel", "heel strap", "pull over his",
                 "pull over her", "pull over my", "pull over your", "pull over their", "pull it over", "pull on over")
# "A denim one": a material that also names a kind, before "one", says what the kind already asked for is made of
# ("the tunic one" still picks a kind).
ONE_WORDS = frozenset({"one", "ones"})
MATERIALS = frozenset({"denim", "leather", "canvas", "silk", "wool", "woollen", "woolen", "cotton", "linen", "suede",
                       "velvet", "knit", "chiffon", "satin", "jute", "rubber", "nylon", "lycra"})


class IntentParser:
    """Turns raw turn texts into slot matches, tolerant of typos through a fuzzy vocabulary of slot phrases."""

    def __init__(self) -> None:
        self._phrases: dict[str, tuple[str, tuple[str, ...]]] = {}
        for phrase, types in TYPE_PHRASES.items():
            self._phrases[phrase] = ("type", types)
        for phrase, colour in (COLOUR_PHRASES | THING_COLOURS).items():
            self._phrases[phrase] = ("colour", (colour,))
        for word, gender in GENDER_WORDS.items():
            self._phrases[word] = ("gender", (gender,))
        for word, usage in USAGE_WORDS.items():
            self._phrases.setdefault(word, ("usage", (usage,)))
        for phrase in PLAIN_PHRASES:
            self._phrases[phrase] = ("plain", ())
        for brand in BRAND_NAMES:
            self._phrases[brand] = ("name", tuple(normalise_token(t) for t in tokenize(brand)))
        exact_only = set(THING_COLOURS) | (set(KIND_WORDS) - set(self._phrases))
        for phrase, kinds in KIND_WORDS.items():
            self._phrases.setdefault(phrase, ("type", kinds))
        self._max_len = max(len(p.split()) for p in self._phrases)
        single = [p for p in self._phrases if " " not in p and "-" not in p and p not in exact_only]
        self._fuzzy = FuzzyVocabulary(single)
        # A slip that is a word of no product meaning with a letter dropped is not corrected to a product word one
        # letter off: "shde" is "shade", not "shoe" (while "shrt" is "shirt", not "sort").
        self._filler_fuzzy = FuzzyVocabulary(word for word in FILLER_WORDS if len(word) > 3 and word.isalpha())
        self._real_words = english_words()
        self._vowelless = vowelless_forms({word: self._phrases[word] for word in single})

    def _lookup(self, tokens: Sequence[str], fuzzy: bool,
                protected: frozenset[str]) -> tuple[str, tuple[str, ...]] | None:
        phrase = KIND_SUFFIX.sub("", " ".join(tokens))  # "a pouch-type bag", "kurta-style tops"
        joined = () if tokens[0] in ARTICLES else (phrase.replace(" ", "-"), phrase.replace(" ", ""))  # "a shirt"
        for variant in (phrase, *joined, phrase.rstrip("s"), phrase.replace("-", " ")):
            if variant in self._phrases:
                return self._phrases[variant]
        said = self._phrases.get(phrase[:-2], ("",))[0] if phrase.endswith("'s") else ""
        if said == "colour" or (said == "gender" and phrase[:-2] not in PRONOUNS):
            return self._phrases[phrase[:-2]]  # "white's fine": a colour said with "is"; "they're hubby's"
        if len(tokens) == 1 and "-" in phrase:
            first, last = phrase.rsplit("-", 1)
            said_last = self._phrases.get(last, ("",))[0]
            if said_last == "type":
                return self._phrases[last]  # "under-briefs", "sports-bra": the kind is the last word
            if said_last == "colour" and self._phrases.get(first, ("",))[0] == "colour":
                # "mustard-yellow": the shade or its colour
                return "colour", tuple(dict.fromkeys(self._phrases[first][1] + self._phrases[last][1]))
            if said_last == "colour":
                return self._phrases[last]  # "all-black", "bright-white"
        if not fuzzy or len(tokens) != 1 or tokens[0] in FILLER_WORDS or normalise_token(tokens[0]) in protected:
            return None
        softened = self._softened_colour(tokens[0])
        if softened is not None:
            return self._phrases[softened]
        if tokens[0] in self._real_words:
            return None
        found = self._fuzzy.candidates(tokens[0])
        fillers = self._filler_fuzzy.candidates(tokens[0])
        corrected = found[0][0] if found else None
        if found and fillers and fillers[0][1] <= found[0][1] and \
                _letter_dropped(tokens[0], fillers[0][0]) and not _letter_dropped(tokens[0], found[0][0]):
            corrected = None
        if not found and not set(tokens[0]) & set("aeiou"):
            corrected = self._vowelless.get(tokens[0])
        return self._phrases[corrected] if corrected is not None else None

    def _thing_colours(self, tokens: Sequence[str], clause_starts: frozenset[int]) -> list[SlotMatch]:
        """Colours named through a thing: "the colour of brown parcel paper", "the grey of a burnt-out matchstick",
        "tea-coloured". The thing's phrase becomes one colour match (or plain words where no thing is known); a
        colour said as the cue ("the maroon of an old brick wall") stands, with the thing's shade of it beside it."""
        matches: list[SlotMatch] = []
        end_of_last = 0
        for cue in range(len(tokens) - 2):
            if cue < end_of_last or tokens[cue + 1] != "of":
                continue
            shade = " ".join(tokens[max(cue - 1, 0):cue + 1])  # "the dark blue of an airline uniform"
            said_from = cue - 1 if cue and self._phrases.get(shade, ("",))[0] == "colour" else cue
            cue_colour = self._phrases.get(" ".join(tokens[said_from:cue + 1]), ("",))
            if (tokens[cue] not in COLOUR_OF_CUES and cue_colour[0] != "colour") or said_from < end_of_last:
                continue
            start = cue + 2
            while start < len(tokens) and tokens[start] in THING_LEADS:
                start += 1
            end = start
            while end < len(tokens) and end - start < THING_REACH and (end == start or end not in clause_starts) \
                    and (tokens[end] not in FILLER_WORDS or tokens[end] in THING_LEADS):
                end += 1
            if end == start:
                continue
            thing = _known_thing(tokens[start:end])
            if thing is not None and cue_colour[0] != "colour":
                matches.append(SlotMatch("colour", (thing,), cue + 1, end))
            elif thing is not None and _same_family(cue_colour[1][0], thing):  # the colour said, and its shade
                matches.append(SlotMatch("colour", tuple(dict.fromkeys(cue_colour[1] + (thing,))), said_from, end))
            elif cue_colour[0] == "colour":
                matches.append(SlotMatch("colour", cue_colour[1], said_from, end))
            else:
                matches.append(SlotMatch("plain", (), cue, end))
            end_of_last = end
        for cue, token in enumerate(tokens):
            compound = token.rsplit("-", 1)
            colour_next = cue + 1 < len(tokens) and self._phrases.get(tokens[cue + 1], ("",))[0] == "colour"
            unknown = token not in self._phrases and self._phrases.get(compound[-1], ("",))[0] != "type" and \
                not self._is_colour_compound(compound)
            if len(compound) == 2 and colour_next and unknown and cue >= end_of_last:
                # "a strawberry-ice-cream pink", "swimming-pool blue": the colour said, and the compound's shade of it
                # ("greyish-brown taupe", "wine-red maroon": colour words before the colour leave it as said)
                thing = _known_thing(token.split("-"), things_only=True)
                named = self._phrases[tokens[cue + 1]][1]
                matches.append(SlotMatch("colour", tuple(dict.fromkeys(named + (thing,))), cue, cue + 2)
                               if thing and _same_family(named[0], thing) else SlotMatch("plain", (), cue, cue + 1))
            elif len(compound) == 2 and compound[1] in COLOURED_CUES:
                thing = _known_thing(compound[0].split("-"))
                if thing is not None and cue >= end_of_last:
                    matches.append(SlotMatch("colour", (thing,), cue, cue + 1))
            elif token in COLOURED_CUES and cue >= end_of_last:
                for length in range(min(THING_LENGTH, cue), 0, -1):
                    thing = _known_thing(tokens[cue - length:cue], whole=True)
                    if thing is not None and not any(m.end > cue - length for m in matches):
                        matches.append(SlotMatch("colour", (thing,), cue - length, cue + 1))
                        break
        return sorted(matches, key=lambda m: m.start)

    def _is_colour_compound(self, parts: Sequence[str]) -> bool:
        """"mustard-ish", "greyish-brown", "wine-red": a colour word with its shade or softening, not a thing."""
        return parts[-1] in SOFTENING_SUFFIXES or self._phrases.get(parts[0], ("",))[0] == "colour" or \
            self._softened_colour(parts[0]) is not None

    def _softened_colour(self, token: str) -> str | None:
        """The colour a softened colour word names: "bluish", "reddish", "blue-ish", "greeny", "pinky"."""
        if token in NOT_SOFTENED:
            return None
        for suffix in SOFTENING_SUFFIXES:
            if token.endswith(suffix) and len(token) > len(suffix) + 2:
                stem = token[: -len(suffix)].rstrip("-")
                stem = stem.replace("-", " ")  # "coffee-brown-ish"
                for word in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem):
                    if self._phrases.get(word, ("",))[0] == "colour":
                        return word
        return None

    def slots(self, tokens: Sequence[str], protected: frozenset[str] = frozenset(),
              clause_starts: frozenset[int] = frozenset()) -> list[SlotMatch]:
        """Longest-first phrase matches, exact before fuzzy, never overlapping. ``protected``: words that are never
        a misspelling (the catalog's brand names: "puma" is not a misspelt "puja"). ``clause_starts``: tokens that
        start a clause, which no phrase runs across ("a red dress, shoes" names no dress shoes)."""
        matches = self._thing_colours(tokens, clause_starts)
        taken = [False] * len(tokens)
        for match in matches:
            taken[match.start:match.end] = [True] * (match.end - match.start)
        for fuzzy in (False, True):
            for length in range(self._max_len, 0, -1):
                for start in range(0, len(tokens) - length + 1):
                    if any(taken[start:start + length]) or clause_starts & set(range(start + 1, start + length)):
                        continue
                    found = self._lookup(tokens[start:start + length], fuzzy, protected)
                    if found is None:
                        continue
                    matches.append(SlotMatch(found[0], found[1], start, start + length))
                    for i in range(start, start + length):
                        taken[i] = True
        matches.sort(key=lambda m: m.start)
        matches = _merge_kind_sorts(tokens, matches)
        described = {m.start for m in matches if m.kind != "plain"}
        kind_words = {tokens[m.start] for m in matches if m.kind == "type"}
        return [SlotMatch("plain", (), m.start, m.end) if m.kind == "type" and m.end not in clause_starts and
                self._is_modifier(tokens, m, described, kind_words) else m for m in matches]  # not past its clause

    def _is_modifier(self, tokens: Sequence[str], match: SlotMatch, slot_starts: set[int],
                     kind_words: set[str]) -> bool:
        """A word that names a kind but describes the noun after it: a hyphenated one ("steel-cap boots" are no cap,
        while "a pouch-type bag" is a pouch) or a material ("a heavy woollen winter piece")."""
        word = tokens[match.start]
        hyphenated = "-" in word and word not in self._phrases and not KIND_SUFFIX.search(word)
        return match.end - match.start == 1 and (hyphenated or word in MATERIALS) and \
            _describes_next(tokens, match, slot_starts, kind_words)


_parser: IntentParser | None = None


def get_parser() -> IntentParser:
    global _parser
    if _parser is None:
        _parser = IntentParser()
    return _parser


def _amount(number: str, thousands: str | None) -> float:
    value = float(number.replace(",", ""))
    return value * 1000 if thousands else value


class DialogueTracker:
    """Folds turns into a ``DialogueState``; ``update`` is called once per turn, in order. ``protected``: words that
    typo tolerance must leave alone (the catalog's brand names)."""

    def __init__(self, protected: frozenset[str] = frozenset()) -> None:
        self.state = DialogueState()
        self._parser = get_parser()
        self._protected = protected
        self._owned_kinds: set[str] = set()  # kinds said of something the shopper has: "my hiking boots"

    def update(self, text: str, image_vector: np.ndarray | None = None, image_source: str = "photo",
               space: str = "image", photo: EncodedPhoto | None = None) -> DialogueState:
        state = self.state
        text = (text or "").strip()
        state.texts.append(text)
        if image_vector is not None:
            state.references.append(ReferenceImage(
                vector=image_vector, exact=self._is_exact_reference(text), modification=text, source=image_source,
                space=space, photo=photo))
        text = self._take_quotation_marks(REGARDING.sub(" ", text))
        cue = next((c for c in QUOTE_CUES.finditer(text)  # "nothing printed on it", "no big sports-brand logos"
                    if not NEGATION_WORDS & set(tokenize(text[:c.start()])[-QUOTE_NEGATION_REACH:])), None)
        if cue is not None:
            text = self._take_quote(text, cue)
        text = self._apply_prices(ONLY_THIS.sub(" ", NOT_JUST.sub(" ", EXCEPT_CHANGE.sub(r"\1but", text))))
        text = INDIFFERENCE.sub(" ", text)
        text_wo_negations, negated = self._split_negations(text)
        tokens = tokenize(text_wo_negations)
        firsts = sentence_firsts(text_wo_negations, len(tokens))
        clause_firsts = sentence_firsts(text_wo_negations, len(tokens), CLAUSE_END)
        matches = self._parser.slots(tokens, self._protected, frozenset(clause_firsts))
        likened = [m for m in matches if m.kind == "type" and self._likens_colour(tokens, m, matches)]
        matches = [m for m in matches if m not in likened]
        wanted = {m.start for m in matches if m.kind == "type" and self._is_wanted(
            tokens, m, firsts[m.start], clause_firsts[m.start], _sentence_end(firsts, m.start))}
        asked_now = {t for m in matches if m.start in wanted and not self._is_verb(tokens, m) for t in m.values}
        excluded_before, words_refused_before = set(state.excluded_colours), set(state.excluded_words)
        for phrase in negated:
            self._apply_negation(phrase, asked_now)
        refused_now = state.excluded_colours - excluded_before
        words_refused_now = state.excluded_words - words_refused_before
        wanted -= {m.start for m in matches if m.start in wanted and m.start and tokens[m.start - 1] == "the"
                   and set(m.values) <= self._owned_kinds}  # "my hiking shoes ..." then "the shoes are timberland"
        owned_starts = {m.start for m in matches if m.kind == "type" and m.start not in wanted}
        self._owned_kinds.update(t for m in matches if m.start in owned_starts
                                 and _possessed(tokens, m, firsts[m.start]) for t in m.values)
        consumed = {i for m in likened for i in range(m.start, m.end)}
        new_types: list[str] = []
        new_product_words: list[str] = []
        new_colours: list[str] = []
        if FOR_MYSELF.search(text) and not any(m.kind == "gender" for m in matches):
            state.gender, state.age = None, None
        for match in matches:
            consumed.update(range(match.start, match.end))
            if self._is_verb(tokens, match):
                continue
            if match.kind == "type":
                if match.start in wanted and not self._is_material(tokens, match, matches):
                    new_types.extend(t for t in match.values if t not in new_types)
                    new_product_words.extend(self._own_words(tokens[match.start:match.end], match.values))
            elif match.kind == "colour" and set(match.values) <= refused_now and \
                    not (match.start and tokens[match.start - 1] == "still"):
                continue  # "not red, my sister has the red one": refused in this very turn ("still black" is not)
            elif match.kind == "colour" and (self._is_owned_colour(tokens, match, owned_starts, firsts[match.start])
                                             or self._is_listed_as_owned(tokens, match, matches,
                                                                         firsts[match.start])):
                continue
            elif match.kind == "colour" and _had_already(tokens[match.end:_sentence_end(clause_firsts, match.start)]):
                state.excluded_colours.update(match.values)  # "no wait, grey. black is what they already wear"
            elif match.kind == "colour":
                new_colours.extend(c for c in match.values if c not in new_colours)
            elif match.kind == "gender" and self._names_recipient(tokens, match):
                self_described = SELF_WORDS & set(tokens[max(firsts[match.start], match.start - 2):match.start])
                state.gender = GROWN_UP.get(match.values[0], match.values[0]) if self_described else \
                    match.values[0]
            elif match.kind == "name":
                self._add_name_words(match.values)
            elif match.kind == "usage" and not (match.start and tokens[match.start - 1] in CRAFTS) and \
                    not (match.start and tokens[match.start - 1] in GENDER_WORDS.keys() | PEOPLE_WORDS):
                state.usage = match.values[0]  # "my sister Pooja" names her, not a puja
        if not any(m.kind == "gender" and self._names_recipient(tokens, m) for m in matches):
            self._apply_first_name(tokens, matches)
        self._apply_age(text)
        matching_set = next((kind for kind, (tops, bottoms) in MATCHING_SETS.items()
                             if tops & set(new_types) and bottoms & set(new_types)), None)
        if matching_set and SET_CUE.search(text):  # "the whole matching set, jacket plus bottoms": a tracksuit
            new_types, new_product_words = [matching_set], []
        if new_types:
            state.article_types = tuple(new_types)
            state.product_words = tuple(dict.fromkeys(new_product_words))
            state.excluded_types -= set(new_types)
        self._drop_refused_kinds()
        changed = {c for m in matches if m.kind == "colour" and self._is_change(tokens, m) for c in m.values}
        if changed & set(new_colours):
            new_colours = [c for c in new_colours if c in changed or c not in state.colours]
        elif CORRECTION_NEGATION.match(text) and set(new_colours) - set(state.colours):
            # "Nah, white will be brown with road dust. Get me the brown one": a turn that answers "no" to what was
            # asked keeps only the colours it brings.
            new_colours = [c for c in new_colours if c not in state.colours]
        if new_colours:
            state.colours = tuple(new_colours)
            state.excluded_colours -= set(new_colours)
        self._keep_asked_words()
        free = [normalise_token(t) for i, t in enumerate(tokens) if i not in consumed]
        for word in content_tokens(free, FILLER_WORDS):
            if word in state.excluded_words and word not in words_refused_now:
                # Asked for after an earlier turn refused it: "won't touch a metal strap", then "a leather strap".
                state.excluded_words.discard(word)
            if word not in state.free_words and word not in state.excluded_words and not word.isdigit():
                state.free_words.append(word)
        return state

    @staticmethod
    def _is_owned_colour(tokens: Sequence[str], match: SlotMatch, owned_starts: set[int], first: int) -> bool:
        """The colour of something owned or worn with it: "he has a lovely cream kurta", "I have a red one", "to go
        with the cream"; ``first`` as for ``_is_wanted``."""
        before_object = " ".join(tokens[max(first, match.start - 9):match.start]) + " "
        return any(0 <= start - match.end <= 1 for start in owned_starts) or \
            bool(HAVING.search(before_object)) or bool(WARDROBE.search(before_object)) or \
            bool(GOES_WITH.search(" ".join(tokens[max(first, match.start - 4):match.start]) + " ")) or \
            bool(SET_AGAINST.search(" ".join(tokens[max(first, match.start - 3):match.start]) + " "))

    @staticmethod
    def _likens_colour(tokens: Sequence[str], match: SlotMatch, matches: Sequence[SlotMatch]) -> bool:
        """"Blue like jeans", "navy like a school blazer": a thing named to show a colour is not asked for."""
        colour_ends = {m.end for m in matches if m.kind == "colour"}
        kind_starts = {m.start for m in matches if m.kind == "type"}
        return any(tokens[like] == "like" and like in colour_ends and not kind_starts & set(range(like, match.start))
                   for like in range(max(0, match.start - LIKENESS_REACH - 1), match.start))

    def _is_material(self, tokens: Sequence[str], match: SlotMatch, matches: Sequence[SlotMatch]) -> bool:
        """"Blue. A denim one would be cute": with a kind already asked for, a product word before "one" says what
        it is made of."""
        other_kinds = self.state.article_types or any(m.kind == "type" and m is not match for m in matches)
        return bool(other_kinds) and bool(ONE_WORDS & set(tokens[match.end:match.end + 1])) and \
            set(tokens[match.start:match.end]) <= MATERIALS

    @staticmethod
    def _is_listed_as_owned(tokens: Sequence[str], match: SlotMatch, matches: Sequence[SlotMatch],
                            first: int) -> bool:
        """One of a list of colours someone has: "I own black, brown and tan already"; ``first`` as for
        ``_is_wanted`` ("she has 'outgrown pink'. black then" owns nothing)."""
        colour_starts = {m.end: m.start for m in matches if m.kind == "colour"}  # by where each colour ends
        position = match.start
        while position > first:
            if position in colour_starts:
                position = colour_starts[position]
            elif tokens[position - 1] in LIST_JOINS:
                position -= 1
            else:
                break
        if position > first and tokens[position - 1] == "already":
            position -= 1
        return position >= first + 2 and tokens[position - 1] in HAVING_VERBS and tokens[position - 2] in OWNERS \
            and not (position >= first + 3 and tokens[position - 3] in REQUEST_MODALS)

    @staticmethod
    def _is_change(tokens: Sequence[str], match: SlotMatch) -> bool:
        """Whether a colour is said as the change: "make it pink", "black instead"."""
        before = tokens[max(0, match.start - 3):match.start]
        return any(" ".join(before[i:]) in CHANGE_BEFORE for i in range(len(before))) or \
            bool(CHANGE_AFTER & set(tokens[match.end:match.end + 1]))

    @staticmethod
    def _own_words(said: Sequence[str], article_types: Sequence[str]) -> list[str]:
        """The words a kind was named by that its catalog names lack ("balerinas" for Flats, "wingtips")."""
        named = {word_stem(normalise_token(w)) for name in article_types for w in tokenize(name)}
        return [word for word in (normalise_token(t) for t in said)
                if not any(_same_word(word_stem(word), name) for name in named)]

    def _keep_asked_words(self) -> None:
        """The kind and colour asked for are not refused by their own words: "I wear loafers without socks ... some
        sock that hides", "white tunics are see-through on her ... black instead" (white is refused, tunics are still
        wanted), "a pink watch ... not the light pink" (light is refused, pink is still wanted)."""
        state = self.state
        named = {word_stem(normalise_token(w)) for kind in (*state.article_types, *state.colours)
                 for w in tokenize(kind)} | {word_stem(w) for w in state.product_words}
        state.excluded_words -= {w for w in state.excluded_words if word_stem(w) in named}

    def _drop_refused_kinds(self) -> None:
        """A refused word that names one of several asked kinds drops that kind: "a bag ... not a laptop one"."""
        state = self.state
        refused = {word_stem(word) for word in state.excluded_words}
        kept = tuple(t for t in state.article_types
                     if not refused & {word_stem(normalise_token(w)) for w in tokenize(t)})
        if kept and len(kept) < len(state.article_types):
            state.article_types = kept

    def _names_recipient(self, tokens: Sequence[str], match: SlotMatch) -> bool:
        """Whether a person word says who the product is for: not one who speaks ("mum says"), gives ("my wife got
        me") or keeps the shopper company ("with the girls"), nor a pronoun of the sex already known."""
        after = tokens[match.end:match.end + 2]
        if after[:1] and after[0] in SPEECH_ADVERBS:
            after = tokens[match.end + 1:match.end + 3]
        if after and (after[0] in SPEECH_VERBS or (after[0] in GIVING_VERBS and after[1:] and after[1] in GIVEN_TO)):
            return False
        if tokens[match.end - 1].endswith("'s") and after[:1] and after[0] in PEOPLE_WORDS:
            return False  # "my wife's cousin Sameer": the cousin
        return not COMPANY.search(" ".join(tokens[max(0, match.start - 3):match.start]) + " ") and \
            not self._same_sex_pronoun(tokens, match)

    def _apply_first_name(self, tokens: Sequence[str], matches: Sequence[SlotMatch]) -> None:
        """The sex a recipient's first name tells, in a turn no person word has told it: the first such name, when
        the sex is not known yet or the name is said as the recipient (``FOR_NAMED``)."""
        taken = {i for m in matches for i in range(m.start, m.end)}
        for i in range(len(tokens)):
            word = normalise_token(tokens[i])
            sex = FIRST_NAMES.get(word)
            if sex is None or i in taken or word in self._protected:
                continue
            if not self._names_recipient(tokens, SlotMatch("gender", (sex,), i, i + 1)):
                continue
            if self.state.gender is None or FOR_NAMED.search(" ".join(tokens[max(0, i - 4):i]) + " "):
                self.state.gender, self.state.age = sex, None
            return

    def _same_sex_pronoun(self, tokens: Sequence[str], match: SlotMatch) -> bool:
        """"she" after "my niece" adds nothing: the gender stays Girls."""
        gender = self.state.gender
        return tokens[match.start] in PRONOUNS and any({gender, match.values[0]} <= sex for sex in SEXES)

    def _apply_age(self, text: str) -> None:
        """An age moves the gender between the children's and the adults' range ("my son, he's 15" -> Men)."""
        found = AGE.search(text)
        if found:
            said = next(group for group in found.groups() if group).lower()
            self.state.age = AGE_WORDS[said] if said in AGE_WORDS else int(said)
        elif TEEN.search(text):
            self.state.age = TEEN_AGE
        elif COLLEGE.search(text):
            self.state.age = COLLEGE_AGE
        age, gender = self.state.age, self.state.gender
        if age is None or gender is None:
            return
        child = age <= CHILD_AGE_LIMIT
        self.state.gender = {"Men": "Boys", "Women": "Girls"}.get(gender, gender) if child else \
            {"Boys": "Men", "Girls": "Women"}.get(gender, gender)

    @staticmethod
    def _is_wanted(tokens: Sequence[str], match: SlotMatch, first: int, clause_first: int, last: int) -> bool:
        """Whether a product word names what the shopper asks for, not something they own or wear it with.
        ``first``: where the word's sentence starts; what an earlier sentence says ("in my life. A jacket?") does
        not reach it. ``clause_first``: where its clause starts; what someone has ends there ("I've got a red dress,
        shoes to go with it"). ``last``: where its sentence ends."""
        before = " ".join(tokens[max(first, match.start - 3):match.start]) + " "
        before_object = " ".join(tokens[max(first, match.start - 9):match.start]) + " "
        had_object = " ".join(tokens[max(clause_first, match.start - 9):match.start]) + " "
        owner = tokens[match.end - 1].endswith("'s")  # "the kurti's orange": the kurti is something else's
        after = " ".join(tokens[match.end:match.end + OWNED_OBJECT_REACH])
        shown = match.start > 0 and tokens[match.start - 1] in SHOWN  # "my niece wore this frock": the one shown
        if WORN_OUT.match(after) or LOST.search(before) or SHOWN_AS.search(before) or \
                REPLACED.search(" ".join(tokens[match.end:last])) or ASKED_WITH.search(before_object):
            return True
        owning = [t for i, t in enumerate(tokens[max(first, match.start - 3):match.start], max(first, match.start - 3))
                  if t in OWNING_WORDS and not (t == "her" and tokens[i + 1] in OBJECT_PRONOUN_FOLLOWERS)
                  and not _owns_another(tokens, i, match.start)]
        return not owner and not WARDROBE.search(had_object) and not CONTAINER.search(before) and \
            not WORN_WITH.search(before_object) and \
            not (FOR_THE.search(before) and not SEARCHING_FOR.search(before_object)) and \
            not WORN_ALONG.search(before_object) and \
            not WORN_IN.search(before_object) and not BETWEEN.search(before_object) and \
            not MISTYPED.search(before) and \
            not SIMILE.search(before) and \
            not WORN_BY_HABIT.search(before_object) and \
            not HAD_AFTER.match(after) and not owning \
            and (shown or (not HAVING.search(had_object) and not any(
                tokens[i] in OWNING_VERBS and tokens[i - 1:i] != [PREFERRING]
                for i in range(max(clause_first, match.start - OWNED_OBJECT_REACH), match.start))))

    @staticmethod
    def _is_verb(tokens: Sequence[str], match: SlotMatch) -> bool:
        """A product word used as a verb ("to watch the match") names no product."""
        if match.kind != "type" or match.end - match.start != 1 or tokens[match.start] not in VERB_SENSES:
            return False
        return (match.start > 0 and tokens[match.start - 1] in VERB_CUES) or \
            (match.end < len(tokens) and tokens[match.end] in VERB_OBJECTS)

    @staticmethod
    def _is_exact_reference(text: str) -> bool:
        """A photo with no change requested means "this very product"; any change makes it a composed query."""
        tokens = tokenize(text)
        parser = get_parser()
        changes = [m for m in parser.slots(tokens) if m.kind in ("colour", "type")]
        if changes or re.search(r"\b(but|instead|except|different|other|without|cheaper|longer|shorter)\b",
                                text, re.IGNORECASE):
            return False
        return True

    def _take_quote(self, text: str, cue: re.Match[str]) -> str:
        """Add the quoted words to the name words and return the text without them. A quote runs to the end of its
        sentence ("it's called Hunk. yellow one" quotes "Hunk" only); "called" or "named" ending its sentence follows
        the name ("Hunk i think its called.")."""
        end = SENTENCE_END.search(text, cue.end())
        stop = end.start() if end else len(text)
        quoted = self._quoted_words(text[cue.end():stop])
        start = cue.start()
        # "Hunk i think it's called.", "X in the title", "luck is the bit of the name that stuck"
        if (not quoted or CLAUSE_AFTER.match(text[cue.end():stop])) and cue.group(0).lower() in NAME_AFTER:
            start = max([m.end() for m in CLAUSE_END.finditer(text, 0, cue.start())], default=0)
            quoted = self._quoted_words(text[start:cue.start()])
        self._add_name_words(quoted)
        return text[:start] + " " + text[stop:]

    def _take_quotation_marks(self, text: str) -> str:
        """Add the words in quotation marks to the name words (all of them: 'Printed' is a title word there) and
        return the text without them."""
        for quotation in QUOTATION.finditer(text):
            words = [normalise_token(t) for t in tokenize(quotation.group(1))]
            if not SPEECH_WORDS & set(words):
                self._add_name_words(w for w in words if w not in ARTICLES)
        return QUOTATION.sub(" ", text)

    @staticmethod
    def _quoted_words(text: str) -> list[str]:
        return content_tokens([normalise_token(t) for t in tokenize(QUOTE_CUES.sub(" ", text))], FILLER_WORDS)

    def _add_name_words(self, words: Iterable[str]) -> None:
        for word in words:
            if word and word not in self.state.name_words:
                self.state.name_words.append(word)

    def _apply_prices(self, text: str) -> str:
        """Read a price range and return the text without it, so amounts do not become name words."""
        between = PRICE_BETWEEN.search(text)
        if between:
            low, high = sorted((_amount(between.group(1), None), _amount(between.group(2), None)))
            self.state.price_min, self.state.price_max = low, high
            return PRICE_BETWEEN.sub(" ", text)
        under = PRICE_UNDER.search(text)
        if under:
            self.state.price_max = _amount(under.group(1), under.group(2))
            text = PRICE_UNDER.sub(" ", text)
        over = PRICE_OVER.search(text)
        if over:
            self.state.price_min = _amount(over.group(1), over.group(2))
            text = PRICE_OVER.sub(" ", text)
        if any(word in CHEAP_WORDS for word in tokenize(text)) and self.state.price_max is None:
            self.state.wants_cheap = True
        return text

    def _split_negations(self, text: str) -> tuple[str, list[str]]:
        """Remove negated phrases ("not leather", "no stripes") from the text and return them apart.

        A leading "no," that corrects the previous answer ("no, I want grey") is not a negation of what follows.
        """
        text = CORRECTION_NEGATION.sub(" ", text)
        negated: list[str] = []

        def keep(match: re.Match[str]) -> str:
            # "not the cologne, the deo": a contrast, unless a list goes on ("not the red, the pink or the purple")
            parts = [match.group(3)] if LIST_WORDS.search(match.group(3)) else CONTRAST.split(match.group(3), 1)
            negated.append(parts[0])
            return " , " + parts[1] if len(parts) > 1 else " "

        def keep_before(match: re.Match[str]) -> str:
            # Each listed colour or kind ("the suit and orange clashes" refuses orange, not the suit); what names
            # neither is left for the other rules ("not the Michelle, those are too tight"), and a kind the shopper
            # has stays asked for ("my black shoes look wrong with it").
            items = LIST_SEPARATOR.split(match.group(1))
            if OWNER_BEFORE.search(match.string[:match.start(1)]):
                items = items[1:]  # "red won't go with my deck and navy is boring": the deck stays, navy goes
            items = [item for item in items if self._parser.slots(tokenize(item), self._protected)]
            if not items:
                return match.group(0)
            negated.extend(items)
            return " "

        def changed_from(match: re.Match[str]) -> str:
            negated.append(match.group(1) or match.group(2))
            return " "

        def refuse_owned(owned: re.Match[str]) -> str:
            # "I already have a white one and a gold one, so none of those": each colour owned is refused.
            colours = [match.values[0] for match in self._parser.slots(tokenize(owned.group(1)), self._protected)
                       if match.kind == "colour"]
            if not colours or not OWNED_CUES.search(owned.group(0) + owned.group(2)):
                return owned.group(0)
            negated.extend(colours)
            return " "

        def refuse_all(match: re.Match[str]) -> str:
            said = next(group for group in match.groups() if group)
            negated.extend(LIST_SEPARATOR.split(said))
            return " "

        def refuse_sentence(match: re.Match[str]) -> str:
            colours = [m.values[0] for m in self._parser.slots(tokenize(match.group(1)), self._protected)
                       if m.kind == "colour"]
            negated.extend(colours)
            return " " if colours else match.group(0)

        text = CHANGED_FROM.sub(changed_from, text)
        text = REFUSED_AFTER.sub(refuse_all, OWNED_ALREADY.sub(refuse_owned, REFUSED_BACK.sub(refuse_sentence, text)))
        return NEGATION.sub(keep, REFUSED_BEFORE.sub(keep_before, text)), negated

    def _apply_negation(self, phrase: str, asked_now: set[str]) -> None:
        """Exclude the colours and types the phrase names ("not red or black"), else its first word ("no leather").

        A type the shopper also asked for is narrowed, not dropped: "heels ... not stilettos" excludes the word."""
        tokens = tokenize(phrase)
        matches = self._parser.slots(tokens, self._protected)
        if matches and matches[0].kind == "gender":  # "my pal Imran needs it, not my aunt Leela": not for her now
            if any({self.state.gender, matches[0].values[0]} <= sex for sex in SEXES):
                self.state.gender, self.state.age = None, None
            return
        said = [normalise_token(token) for token in tokens[:NAMED_REACH]]
        named = next((FIRST_NAMES[word] for word in said if word in FIRST_NAMES and word not in self._protected), None)
        if (named is not None and any({self.state.gender, named} <= sex for sex in SEXES)) or \
                (self.state.gender is not None and PEOPLE_WORDS & set(said)):
            self.state.gender, self.state.age = None, None  # "instead of my flatmate Ishita": not for her now
            return
        if not matches or matches[0].start != 0:
            # The words before the first break ("distressed antique look", not "leather, i'm vegan"), each of them
            # when an "or" lists them ("nothing from nike or adidas").
            listed = LISTED_WITH_OR.match(phrase)  # "nike, adidas or puma" lists; "leather, i'm vegan" does not
            first = listed.group(0) if listed else re.split(r",|\band\b", phrase, maxsplit=1)[0]
            for item in re.split(r",|\b(?:or|nor)\b", first):
                words = content_tokens([normalise_token(t) for t in tokenize(item)], FILLER_WORDS)
                self.state.excluded_words.update(words)
                if len(words) == 2:  # titles write some pairs as one word: "no low rise" refuses "Lowrise" too
                    self.state.excluded_words.add("".join(words))
            if not tokenize(first):
                self.state.excluded_words.update(content_tokens([normalise_token(tokens[0])], FILLER_WORDS))
            return
        for match in matches:
            if match.kind == "colour":
                self.state.excluded_colours.update(match.values)
                self.state.colours = tuple(c for c in self.state.colours if c not in match.values)
            elif match.kind == "type" and set(match.values) & (set(self.state.article_types) | asked_now):
                words = [normalise_token(t) for t in tokens[match.start:match.end]]
                self.state.excluded_words.update(content_tokens(words, FILLER_WORDS))
            elif match.kind == "type":
                # A word read broadly when asked for ("hat": hats or caps) refuses only the kinds it names ("not a
                # hat"); a word for a sort of a kind ("not stilettos", "no wedges", "not a woolly hat") refuses that
                # word, not the kind.
                said = [normalise_token(t).rstrip("s") for t in tokens[match.start:match.end]]
                sort_of = match.end - match.start > 1 and " ".join(tokens[match.start:match.end]) not in TYPE_PHRASES
                named = [] if sort_of else [t for t in match.values if any(word in t.lower() for word in said)]
                if named:
                    self.state.excluded_types.update(named)
                else:
                    words = [normalise_token(t) for t in tokens[match.start:match.end]]
                    self.state.excluded_words.update(content_tokens(words, FILLER_WORDS))


def _merge_kind_sorts(tokens: Sequence[str], matches: list[SlotMatch]) -> list[SlotMatch]:
    """A kind said as the sort of the next one ("trunk-style underwear", "a pouch-type bag") names the kinds both
    words name, where they share one: one match over both words."""
    merged: list[SlotMatch] = []
    for match in matches:
        last = merged[-1] if merged else None
        if last is not None and last.kind == match.kind == "type" and last.end == match.start and \
                KIND_SUFFIX.search(tokens[last.end - 1]):
            shared = tuple(kind for kind in last.values if kind in match.values)
            if shared:
                merged[-1] = SlotMatch("type", shared, last.start, match.end)
                continue
        merged.append(match)
    return merged


def _same_word(stem: str, other: str) -> bool:
    """Stems of one word, however inflected: "cap" and "caps", "shoe" and "sho"."""
    longer, shorter = (stem, other) if len(stem) >= len(other) else (other, stem)
    return longer.startswith(shorter) and len(longer) - len(shorter) <= 2


def _thing_forms(words: Sequence[str]) -> list[str]:
    """The phrase as written and with its last word singular ("piano keys" -> "piano key", "cherries" -> "cherry")."""
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    phrase = " ".join(words).replace("-", " ")
    last = words[-1]
    singulars = [last[:-3] + "y"] if last.endswith("ies") else []
    singulars += [last[:-2]] if last.endswith(("ches", "shes", "sses", "xes", "oes")) else []
    singulars += [last[:-1]] if last.endswith("s") and not last.endswith("ss") else []
    return [phrase] + [" ".join(words[:-1] + [single]).replace("-", " ") for single in singulars]


def _known_thing(words: Sequence[str], whole: bool = False, things_only: bool = False) -> str | None:
    """The colour of the longest known thing in ``words`` (the whole of them when ``whole``). Of equally long ones a
    colour word wins ("brown parcel paper" is brown, not the white of paper), then the later words (the noun).
    ``things_only``: no colour words."""
    known = THING_COLOUR_LEXICON | THING_COLOURS if things_only else PHRASE_COLOURS
    lengths = [len(words)] if whole else range(min(THING_LENGTH, len(words)), 0, -1)
    for length in lengths:
        found = [(form in COLOUR_PHRASES, start, known[form])
                 for start in range(len(words) - length + 1)
                 for form in _thing_forms(words[start:start + length]) if form in known]
        if found:
            return max(found)[2]
    return None


def _describes_next(tokens: Sequence[str], match: SlotMatch, slot_starts: set[int], kind_words: set[str]) -> bool:
    """Whether the word after the match is a noun it describes: a kind, or a word no slot or filler takes."""
    if match.end >= len(tokens):
        return False
    after = tokens[match.end]
    return after.isalpha() and after not in FILLER_WORDS and (match.end not in slot_starts or after in kind_words)


def _possessed(tokens: Sequence[str], match: SlotMatch, first: int) -> bool:
    """Whether a possessive says whose the kind is: "my hiking shoes" (not "the boys wear kurta with churidar")."""
    start = max(first, match.start - 3)
    return any(t in OWNING_WORDS and not _owns_another(tokens, i, match.start)
               for i, t in enumerate(tokens[start:match.start], start))


def _had_already(rest_of_clause: Sequence[str]) -> bool:
    """Whether the clause after a colour says it is had already ("her lehenga is gold already"), not asked for
    ("I already said black")."""
    return "already" in rest_of_clause and not ALREADY_ASKED & set(rest_of_clause)


def _owns_another(tokens: Sequence[str], owning: int, kind: int) -> bool:
    """Whether the possessive at ``owning`` belongs to a person or to another noun than the kind at ``kind``: "for my
    fiancé: some jeans", "for my father-in-law new flip flops", "my errand: a duffel bag"."""
    return tokens[owning + 1] in GENDER_WORDS or tokens[owning + 1] in PEOPLE_WORDS or \
        any(t in OBJECT_DETERMINERS for t in tokens[owning + 1:kind])


def _letter_dropped(slip: str, word: str) -> bool:
    """Whether ``slip`` is ``word`` with one letter left out."""
    return len(word) == len(slip) + 1 and any(word[:i] + word[i + 1:] == slip for i in range(len(word)))


def _same_family(colour: str, other: str) -> bool:
    """Whether a shopper who names ``colour`` would accept ``other`` ("the grey of ..." and charcoal)."""
    return colour == other or any(colour in family and other in family for family in COLOUR_FAMILIES)


def _sentence_end(firsts: Sequence[int], index: int) -> int:
    """Where the sentence (or clause) holding token ``index`` ends (``firsts`` as ``sentence_firsts`` gives them)."""
    return next((i for i in range(index + 1, len(firsts)) if firsts[i] != firsts[index]), len(firsts))


def sentence_firsts(text: str, token_count: int, boundary: re.Pattern[str] = SENTENCE_END) -> list[int]:
    """For each token of ``tokenize(text)``, the index of the first token of its sentence (or clause, with
    ``CLAUSE_END`` as the boundary)."""
    firsts: list[int] = []
    for sentence in boundary.split(text):
        firsts.extend([len(firsts)] * len(tokenize(sentence)))
    return firsts if len(firsts) == token_count else [0] * token_count


def shopper_wording(state: DialogueState) -> str:
    """The shopper's own words, every turn as typed, less the colours since refused or changed: "charcoal" in "a tee
    in charcoal", then "actually, green instead", no longer pulls charcoal products up."""
    parser = get_parser()
    kept: list[str] = []
    for text in state.texts:
        tokens = tokenize(text)
        dropped = {i for m in parser.slots(tokens) if m.kind == "colour" and _retracted(state, m.values)
                   for i in range(m.start, m.end)}
        kept.extend(t for i, t in enumerate(tokens) if i not in dropped)
    return " ".join(kept)


def _retracted(state: DialogueState, colours: Sequence[str]) -> bool:
    """Whether colours the shopper said are refused or replaced by the colours now asked for."""
    return set(colours) <= state.excluded_colours or (bool(state.colours) and not set(colours) & set(state.colours))


def track(texts: Sequence[str]) -> DialogueState:
    """The state after these turns (text only); a convenience for tests and the command line."""
    tracker = DialogueTracker()
    for text in texts:
        tracker.update(text)
    return tracker.state
