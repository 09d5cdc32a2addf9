#!/usr/bin/env python3
"""Generate the held-out set paraphrase14.jsonl and its shopper photos.

usage: python bench/heldout/make_paraphrase14.py [--catalog CSV] [--out DIR]

Defaults (resolved from this file's location, repo root = two folders up):
  catalog  data/fashion-small/catalog.csv  (photos in data/fashion-small/images/<id>.jpg)
  out      bench/heldout/  -> writes paraphrase14.jsonl and images/paraphrase14/P14-NNN.jpg
Image paths in the jsonl are relative to the output folder.

Fixed seed: every random draw comes from a numpy generator seeded with the SHA-256 of SEED and the draw's
purpose, and nothing depends on hash order, so two runs write byte-identical files (also under another
PYTHONHASHSEED). Needs only numpy and Pillow.
"""
import argparse
import csv
import hashlib
import io
import json
import os
import re
import sys

import numpy as np
from PIL import Image, ImageFilter

SEED = 'paraphrase14 / held-out / blind / v1'
PREFIX = 'P14'
SET_NAME = 'paraphrase14'
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
DEFAULT_CATALOG = os.path.join(REPO, 'data', 'fashion-small', 'catalog.csv')
DEFAULT_OUT = HERE

KIND_COUNTS = {'progressive': 44, 'correction': 28, 'composed': 28, 'image': 20}
MAX_PER_TYPE = 5
MAX_REL = 3


def rng(purpose):
    d = hashlib.sha256((SEED + '\x1f' + purpose).encode('utf-8')).digest()
    return np.random.default_rng(int.from_bytes(d, 'big'))


def pick(purpose, seq):
    seq = list(seq)
    return seq[int(rng(purpose).integers(len(seq)))]


# ----------------------------------------------------------------------------------------------------------------
# vocabulary (written for this set; checked against the heldout README before the set was fixed)
# ----------------------------------------------------------------------------------------------------------------

ITEMS = {
    'Tshirts': ['a throw-on tee', 'a soft crewneck tee', 'a tee for everyday wear', 'a plain-ish cotton tee'],
    'Shirts': ['a button-front shirt', 'a shirt with a proper collar', 'a crisp shirt with cuffs'],
    'Casual Shoes': ['a pair of everyday canvas-type shoes', 'a pair of street shoes', 'some slip-on-and-go shoes'],
    'Tops': ['a blouse-ish top', 'a top to wear with jeans', 'a little top for going out'],
    'Kurtas': ['a kurta for festive days', 'a long kurta', 'a kurta for pujas and functions'],
    'Sports Shoes': ['gym trainers with good grip', 'a pair of shoes to jog in', 'a pair of workout shoes'],
    'Watches': ['a wristwatch', 'a watch with a strap', 'a timepiece for the wrist'],
    'Handbags': ['a shoulder handbag', 'a roomy everyday handbag', 'a handbag for work'],
    'Heels': ['a pair of high heels', 'some heeled sandals for evenings', 'a pair of pointy heels'],
    'Sunglasses': ['a pair of UV-blocking glasses', 'some dark glasses for summer', 'a pair of shades for driving'],
    'Sweaters': ['a knitted pullover', 'a warm knit for winter', 'a woolly pullover'],
    'Sandals': ['a pair of open-toe sandals', 'some strappy sandals', 'a pair of summer sandals'],
    'Wallets': ['a slim wallet', 'a card-and-cash wallet', 'a purse for notes and cards'],
    'Flip Flops': ['a pair of flip flops', 'some rubber thongs for swimming', 'a pair of poolside flip flops'],
    'Sweatshirts': ['a crewneck sweatshirt', 'a fleecy sweatshirt', 'a sweatshirt for chilly evenings'],
    'Belts': ['a waist belt', 'a belt to go with trousers', 'a leather-look belt'],
    'Trousers': ['a pair of smart trousers', 'some pleated trousers', 'a pair of work trousers'],
    'Jeans': ['a pair of jeans', 'some five-pocket denims', 'a pair of everyday jeans'],
    'Formal Shoes': ['a pair of lace-up office shoes', 'a pair of polished formal shoes', 'some boardroom shoes'],
    'Socks': ['a few pairs of socks', 'some ankle socks', 'socks for office shoes'],
    'Jackets': ['a zip-up jacket', 'a light outer jacket', 'a jacket for the monsoon'],
    'Flats': ['a pair of flat sandals', 'some ballet flats', 'a pair of flat shoes for walking about'],
    'Backpacks': ['a daypack', 'a backpack for school', 'a backpack with padded straps'],
    'Briefs': ['a pack of briefs', 'some briefs for daily wear', 'a pair of briefs'],
    'Shorts': ['a pair of summer shorts', 'some knee-length shorts', 'a pair of shorts for the weekend'],
    'Innerwear Vests': ['a sleeveless undershirt', 'an undershirt vest', 'a cotton vest to wear under shirts'],
    'Caps': ['a peaked cap for the sun', 'a cap with a curved brim', 'a sporty cap'],
    'Track Pants': ['a pair of track bottoms', 'some jogging bottoms', 'a pair of trackies'],
    'Ties': ['a necktie', 'a silk-look tie', 'a tie for interviews'],
    'Kurtis': ['a short kurti', 'a kurti for college', 'a hip-length kurti'],
    'Clutches': ['an evening clutch', 'a clutch purse', 'a small clutch for parties'],
    'Dresses': ['a dress for a party', 'a knee-length dress', 'a one-piece dress'],
    'Mufflers': ['a winter muffler', 'a muffler for the neck', 'a woolly muffler'],
    'Accessory Gift Set': ['a boxed tie and cufflink combo', 'a gift box of formal accessories',
                           'a tie-and-pocket-square gift pack'],
    'Skirts': ['a flared skirt', 'a skirt for summer', 'a skirt to twirl in'],
    'Trunk': ['a pair of trunks', 'some snug trunks', 'trunk-style underwear'],
    'Scarves': ['a light scarf', 'a scarf to wrap around the neck', 'a soft scarf'],
    'Perfume and Body Mist': ['a bottle of perfume', 'a scent to spray', 'a fragrance bottle'],
    'Cufflinks': ['a pair of cufflinks', 'cuff links for a dress shirt', 'some shirt cufflinks'],
    'Capris': ['a pair of three-quarter capris', 'some calf-length capris', 'a pair of capris for summer'],
    'Laptop Bag': ['a laptop satchel', 'a bag for a laptop and chargers', 'a padded laptop carrier'],
    'Tunics': ['a long tunic', 'a tunic top', 'a tunic to wear over leggings'],
    'Stockings': ['a pair of stockings', 'some sheer stockings', 'stockings for winter'],
    'Leggings': ['a pair of leggings', 'some stretchy leggings', 'leggings to wear under a kurti'],
    'Duffel Bag': ['a holdall for weekends', 'a duffel for the gym', 'a duffel to take on trips'],
    'Mobile Pouch': ['a phone pouch', 'a pouch for a mobile', 'a little mobile sleeve'],
    'Deodorant': ['a deo spray', 'an underarm spray', 'a can of deo'],
    'Tracksuits': ['a full tracksuit', 'a tracksuit set', 'a matching track top and bottoms'],
    'Sports Sandals': ['a pair of sports sandals', 'some trekking sandals', 'velcro sandals for hiking'],
    'Bra': ['a bra', 'a comfortable bra', 'an everyday bra'],
    'Gloves': ['a pair of gloves', 'some winter gloves', 'gloves for cold mornings'],
    'Messenger Bag': ['a messenger bag', 'a cross-body messenger bag', 'a flap-over messenger bag'],
    'Fragrance Gift Set': ['a perfume gift set', 'a boxed fragrance set', 'a scent gift hamper'],
    'Dupatta': ['a dupatta', 'a chunni to match a suit', 'a light dupatta'],
    'Lounge Shorts': ['a pair of lounge shorts', 'some knit shorts for sleeping', 'shorts for around the house'],
    'Umbrellas': ['a brolly for the rains', 'a folding umbrella', 'an umbrella for the monsoon'],
    'Churidar': ['a pair of churidar bottoms', 'a fitted churidar', 'churidar pants'],
    'Stoles': ['a woven stole', 'a stole to drape', 'a light stole'],
    'Hat': ['a woolly beanie', 'a snug skull cap for winter', 'a knit beanie'],
    'Waist Pouch': ['a pouch that straps round the waist', 'a fanny pack', 'a belt pouch'],
    'Lounge Pants': ['a pair of lounge pants', 'some comfy lounge pants', 'pants for lazing at home'],
    'Headband': ['a sweatband for the head', 'a stretchy headband', 'a band to keep hair back'],
    'Waistcoat': ['a sleeveless waistcoat', 'a waistcoat for a wedding', 'a vest-coat'],
    'Kurta Sets': ['a salwar suit set', 'a kurta and salwar set', 'a matching suit set'],
    'Rucksacks': ['a hiking rucksack', 'a big rucksack for treks', 'a trekking rucksack'],
    'Necklace and Chains': ['a neck chain', 'a necklace to wear out', 'a statement necklace'],
    'Tights': ['a pair of tights', 'some running tights', 'tights for training'],
    'Boxers': ['a pair of boxers', 'loose boxers', 'boxers for home'],
    'Sarees': ['a ready-to-wear saree', 'a pre-stitched saree', 'a saree for a function'],
    'Footballs': ['a match ball', 'a size-five football', 'a ball for kickabouts'],
    'Bracelet': ['a wrist bracelet', 'a bracelet', 'a bangle-style bracelet'],
    'Shrug': ['a shrug', 'a cropped shrug', 'a shrug to cover the arms'],
}

# neighbouring types for item corrections (wrong item first, then the fix)
NEIGHBOUR = {
    'Shirts': 'Tshirts', 'Tshirts': 'Shirts', 'Tops': 'Tshirts', 'Kurtas': 'Kurtis', 'Kurtis': 'Kurtas',
    'Casual Shoes': 'Sports Shoes', 'Sports Shoes': 'Casual Shoes', 'Formal Shoes': 'Casual Shoes',
    'Heels': 'Flats', 'Flats': 'Heels', 'Sandals': 'Flip Flops', 'Flip Flops': 'Sandals',
    'Backpacks': 'Laptop Bag', 'Laptop Bag': 'Backpacks', 'Handbags': 'Clutches', 'Clutches': 'Handbags',
    'Sweaters': 'Sweatshirts', 'Sweatshirts': 'Sweaters', 'Jackets': 'Sweatshirts', 'Trousers': 'Jeans',
    'Jeans': 'Trousers', 'Track Pants': 'Trousers', 'Briefs': 'Trunk', 'Trunk': 'Briefs', 'Capris': 'Leggings',
    'Leggings': 'Capris', 'Mufflers': 'Scarves', 'Scarves': 'Mufflers', 'Dresses': 'Skirts', 'Skirts': 'Dresses',
    'Tunics': 'Kurtis', 'Perfume and Body Mist': 'Deodorant', 'Deodorant': 'Perfume and Body Mist',
    'Duffel Bag': 'Backpacks', 'Caps': 'Hat', 'Wallets': 'Mobile Pouch', 'Shorts': 'Track Pants',
    'Innerwear Vests': 'Tshirts', 'Ties': 'Cufflinks', 'Cufflinks': 'Ties',
}

PEOPLE = {
    'Men': ['my stepdad Harish', "my wife's grandfather", 'Venkat from payroll', 'my flatmate Rohan',
            'our son-in-law Aditya', 'my old school friend Imran', 'my manager Mr Kulkarni', 'my fiance Dev',
            'my uncle Joseph in Kochi', 'my badminton partner Sameer', 'Arvind from the next desk',
            'Nikhil, my twin', 'Father Thomas from our parish', 'my grandpa Dadu'],
    'Women': ['my stepmum Lata', 'my daughter-in-law Pooja', 'Anjali from HR', 'my flatmate Zoya',
              'my aunt Mary in Goa', "my best friend's mother", 'my yoga buddy Kavya', 'my boss Mrs Iyer',
              'my fiancee Tanvi', 'my grandma Ammamma', 'Nisha, my twin', "the bride's cousin Farah",
              'Shalini from the opposite desk', "my wife's aunt Lorraine"],
    'Boys': ['my nine-year-old nephew Kabir', 'my seven-year-old godson Aarav', 'Yash next door (a boy of 11)',
             'my eight-year-old son', "my cousin's twelve-year-old Reyansh"],
    'Girls': ['my six-year-old niece Tara', 'my ten-year-old goddaughter Inaya', 'my eight-year-old granddaughter Siya',
              "my friend's ten-year-old Anika", 'my five-year-old daughter'],
    'Unisex': ['the entire household', 'my nieces and nephews', 'our mixed trekking club', 'my son and daughter',
               'everyone in our house', 'a married couple I know', 'the office relay team (mixed)'],
}

# colour wordings: plain catalog names are used at least 30% of the time (see colour_words)
SHADES = {
    'Black': ['coal black', 'ink-dark black', 'black like a tuxedo'],
    'White': ['whitewash white', 'fresh-milk white', 'paper-bright white'],
    'Blue': ['blue like a biro cap', 'denim-ish blue', 'a clear mid blue'],
    'Navy Blue': ['midnight navy', 'deep naval blue', "navy like a cadet's jacket"],
    'Grey': ['drizzle grey', 'overcast-sky grey', 'filing-cabinet grey'],
    'Brown': ['chocolate brown', 'tree-bark brown', 'toffee brown'],
    'Red': ['tomato red', 'cherry-tomato red', 'signal red'],
    'Green': ['lawn green', 'cucumber-skin green', 'bottle-ish green'],
    'Purple': ['plum purple', 'violet-ish purple', 'aubergine-skin purple'],
    'Pink': ['rose pink', 'rose-petal pink', 'blush pink'],
    'Beige': ['sandstone beige', 'putty beige', 'parchment beige'],
    'Maroon': ['mahogany maroon', 'kattha maroon', 'a deep maroon'],
    'Yellow': ['lemon yellow', 'yolk yellow', 'school-bus yellow'],
    'Olive': ['olive like an army jeep', 'khaki-olive', 'a muted olive'],
    'Silver': ['a silver tone', 'foil silver', 'brushed silver'],
    'Steel': ['steel like cutlery', 'gunmetal-ish steel', 'plain steel finish'],
    'Orange': ['tangerine orange', 'marigold orange', 'carrot orange'],
    'Cream': ['butter cream', 'milky cream', 'a soft cream'],
    'Gold': ['jewellery gold', 'shiny gold', 'antique gold'],
    'Tan': ['toast tan', 'light leather tan', 'biscuity tan'],
    'Multi': ['lots of colours together', 'a mix of colours', 'rainbow-ish multi'],
    'Charcoal': ['dark charcoal grey', 'barbecue-coal charcoal'],
    'Khaki': ['safari khaki', 'dusty khaki'],
    'Magenta': ['hot magenta', 'shocking magenta'],
    'Off White': ['eggnog off-white', 'cream-ish off white'],
    'Copper': ['a copper tone', 'burnished copper'],
    'Lavender': ['lavender like the flower', 'pale lavender'],
    'Peach': ['ripe-peach', 'soft peach'],
    'Teal': ['peacock teal', 'blue-green teal'],
    'Mustard': ['mustard', 'kasundi mustard'],
    'Coffee Brown': ['espresso coffee brown', 'dark coffee'],
    'Rust': ['rusty orange-brown', 'rust red-brown'],
    'Turquoise Blue': ['turquoise blue', 'sea turquoise'],
    'Grey Melange': ['heathered grey melange', 'speckled grey melange'],
    'Burgundy': ['claret-ish burgundy', 'deep burgundy'],
    'Bronze': ['a bronze tone', 'old bronze'],
    'Taupe': ['greyish taupe', 'mushroom taupe'],
    'Fluorescent Green': ['highlighter green', 'fluorescent, highlighter-type green'],
    'Sea Green': ['sea green', 'seawater green'],
    'Metallic': ['metallic sheen', 'shiny metallic'],
    'Mauve': ['mauve', 'dusky mauve'],
    'Nude': ['nude tone'],
    'Skin': ['skin-shade'],
}
# comparisons: (neighbour, adjective) -> "<plain>, <comparison>"
COMPARE = {
    'Black': [('charcoal', 'deeper'), ('navy', 'darker')], 'White': [('cream', 'brighter'), ('off-white', 'purer')],
    'Blue': [('navy', 'brighter'), ('turquoise', 'deeper')], 'Navy Blue': [('royal blue', 'darker')],
    'Grey': [('charcoal', 'lighter'), ('silver', 'darker')], 'Brown': [('tan', 'deeper'), ('coffee', 'lighter')],
    'Red': [('maroon', 'livelier'), ('orange', 'deeper')], 'Green': [('olive', 'fresher')],
    'Purple': [('lavender', 'deeper'), ('maroon', 'bluer')], 'Pink': [('magenta', 'softer'), ('peach', 'cooler')],
    'Beige': [('cream', 'warmer'), ('tan', 'lighter')], 'Maroon': [('red', 'deeper'), ('burgundy', 'browner')],
    'Yellow': [('mustard', 'brighter')], 'Olive': [('green', 'duller')], 'Cream': [('white', 'warmer')],
    'Tan': [('brown', 'lighter')], 'Orange': [('red', 'sunnier')], 'Charcoal': [('grey', 'darker')],
}
COMPARE_T = ['{c} ({a} than {x})', '{c} (a notch {a} than {x})', '{c} (a tad {a} than {x})']

# name clauses by mode; {b} brand, {w} / {w1} {w2} title words
NAME_T = {
    'brand': ['the swing tag said {b}', 'brand on the box: {b}', '{b}, going by the box', 'the brand name was {b}',
              'sold under the name {b}', 'from {b}, no other label', '{b} made it, I believe',
              'it should be from {b}', 'the company is {b}', 'badge said {b}'],
    'word': ['its product name has {w}', 'the listing called it "{w}" or close to that', 'title wording included {w}',
             '"{w}" is spelled out in the name', 'I jotted down the word {w}', 'its model name was {w}',
             'the name carried the word {w}'],
    'brand+word': ['{b}, a model called {w}', '{b}, from the range named {w}', 'the brand name was {b}, with the '
                   'model {w}', 'swing tag: {b}, model {w}', '{b} is the brand, and {w} features in the name'],
    'two': ['two name words I jotted down: {w1} and {w2}', 'its name carried the words {w1} and {w2}',
            'the title wording included {w1} plus {w2}'],
}

# turn templates by which roles they carry: i item, p person, c colour, n name clause ({N}: capitalised)
TURN_T = {
    'IPCN': ['{i} for {p}, {c}; {n}', 'my errand today is {i} in {c} for {p} - {n}',
             'could you dig out {i} in {c}? it is destined for {p}, and {n}',
             'hoping to pick up {i} for {p}. {C}, and {n}', 'on my wishlist for {p}: {i}, {c}, {n}'],
    'IP': ['{i} for {p}', 'could you dig out {i} for {p}', 'chasing down {i} as a treat for {p}',
           'hoping to pick up {i} for {p}', 'my errand today is {i}, destined for {p}',
           'on my wishlist: {i}; the wearer will be {p}'],
    'PI': ['{p} needs {i}', 'gifting to {p}: {i}', 'it is a surprise for {p}, namely {i}',
           'as a treat for {p} I am chasing {i}'],
    'CN': ['{c} please. {N}', 'ideally in {c}; {n}', 'the colour I have in mind is {c}. {N}', 'shade-wise, {c}. {N}',
           'prefer it in {c}, and {n}'],
    'IPC': ['{i} for {p} in {c}', 'could you dig out {i} for {p}, ideally in {c}',
            '{i} in {c}; the wearer will be {p}', 'gifting to {p}: {i}, {c}', 'hoping to pick up {i} in {c} for {p}'],
    'N': ['{N}', 'one more clue: {n}', 'oh and {n}', 'to narrow it down, {n}'],
    'I': ['{i}', 'chasing down {i}', 'on my wishlist: {i}', 'could you dig out {i}?', 'kindly pull up {i}',
          'hoping to pick up {i}'],
    'PCN': ['it is destined for {p}, in {c}; {n}', 'the wearer will be {p}; {c}, and {n}',
            'gifting to {p}, in {c}; {n}', 'for {p}, ideally in {c}. {N}'],
    'C': ['{c}', 'ideally in {c}', 'shade-wise, {c}', 'prefer it in {c}', 'the colour I have in mind is {c}',
          'wanted in {c}'],
    'IC': ['{i} in {c}', '{i}, ideally in {c}', 'chasing down {i} in {c}', 'kindly pull up {i} in {c}'],
    'PN': ['for {p}; {n}', 'it is destined for {p}, and {n}', 'the wearer will be {p}. {N}', 'gifting to {p}; {n}'],
    'P': ['for {p}', 'it is destined for {p}', 'the wearer will be {p}', 'gifting to {p}', '{p} will be wearing it'],
    'IN': ['{i}; {n}', 'chasing down {i}. {N}', 'could you dig out {i}? {N}'],
    'PC': ['for {p}, in {c}', '{p} will be wearing it, so {c}', 'gifting to {p}, ideally in {c}',
           'the wearer will be {p}; {c}'],
}

FIX_T = {
    'colour': ['typo on my part: {c2}, not {c1}', 'it should read {c2}, not {c1}', 'fix the colour: {c1} becomes {c2}',
               'not {c1}, that was my typo; {c2}', 'cancel {c1}, the right colour is {c2}',
               '{c1} was not the one I typed, change it to {c2}', 'undo the {c1}: {c2}'],
    'person': ['wrong recipient: {p2}, not {p1}', 'switch the recipient from {p1} to {p2}',
               'no longer for {p1}; {p2} will be wearing it', 'not {p1} - the wearer will be {p2}',
               'recipient changes to {p2}; {p1} is off the list'],
    'item': ['I picked the wrong item, what I need is {i2}, not {i1}', 'wrong category: {i2}, not {i1}',
             'cancel {i1}; the real need is {i2}', "not {i1}, what I'm after is {i2}", 'change {i1} to {i2}'],
}
FIX_JOIN = ['{f}; {n}', '{f}. {N}', '{f}, and {n}']

COMPOSED_C = ['this very design, just in {c}', 'any chance this comes in {c}?', 'same model but {c}',
              'everything here except the colour; want {c}', 'this exact cut, wanted in {c}',
              'do you stock this one in {c}?', 'this shape in {c}', 'identical item, {c} version']
COMPOSED_JOIN = ['{q}; {n}', '{q} - {n}', '{q}. {N}']

IMAGE_LINES = [
    'my cousin sent this photo, any chance you stock it?', 'spotted at my gym, does your site carry it?',
    'this one please, exact same', "took this at a friend's place, do you sell it",
    'lost mine on a trip, need the identical one', 'is this in your catalogue?',
    'snapped this in a shop in Pune, is it cheaper here?', 'want to buy exactly what is in the photo',
    'this caught my eye at a wedding, where to buy?', 'my sister owns this, I want my own',
    'my kid spotted this on TV, find it?', 'exact match for this please',
    "pinged to me on the cousins' chat, need the item", 'can you source this one',
    'does your store have the thing in this picture', 'found this in an old photo, still sold?',
    'this exact piece, how do I order it', 'a colleague wore this to work, want it', 'need the product in my pic',
    'clicked it at a stall, is it yours',
]

TEXT_SHORT = [('something', 'smthin'), ('looking', 'lookin'), ('because', 'bcz'), ('please', 'plss'),
              ('colour', 'clr'), ('just', 'jst'), ('and', 'nd'), ('getting', 'gettin'), ('anything', 'anythin'),
              ('what', 'wt'), ('would', 'wd'), ('can', 'cn'), ('okay', 'ohk'), ('thanks', 'thnq')]
TEXT_TAILS = ['xx', 'thnq', 'pronto', 'k thnq', 'ty ty', '\U0001F6CD\ufe0f', '\U0001F440']

GENDER_WORDS = {'men', 'women', 'man', 'woman', 'boys', 'girls', 'boy', 'girl', 'kids', 'kid', 'unisex', 'mens',
                'womens', 'ladies', 'gents'}
KID_WORDS = {'kids', 'kid', 'boys', 'girls', 'boy', 'girl', 'infant', 'infants', 'baby', 'junior'}
GENERIC = {'solid', 'printed', 'print', 'casual', 'formal', 'sports', 'sport', 'check', 'checked', 'checks', 'stripes',
           'striped', 'stripe', 'round', 'neck', 'sleeve', 'sleeves', 'pack', 'leather', 'cotton', 'fashion',
           'classic', 'basic', 'style', 'logo', 'graphic', 'design', 'slim', 'regular', 'half', 'full', 'long', 'short',
           'polo', 'ethnic', 'party', 'winter', 'summer', 'team', 'training', 'running', 'pants', 'pant', 'with',
           'collar', 'women', 'girls', 'boys', 'kids', 'unisex', 'originals', 'combo', 'assorted', 'textured',
           'dial', 'analog', 'digital', 'chronograph', 'watch', 'watches', 'shoes', 'shoe', 'sandal', 'sandals',
           'bags', 'bag', 'pair', 'set', 'light', 'dark', 'washed', 'skinny', 'fit', 'essential', 'essentials',
           'canvas', 'suede', 'mesh', 'knit', 'knitted', 'woven', 'trainng', 'sqaure', 'embroidary', 'colour',
           'coloured', 'color', 'colored', 'lace', 'floral', 'flower', 'denim', 'brief', 'briefs', 'socks', 'sock',
           'frame', 'skull', 'sweat', 'tee', 'runng', 'polyester', 'crew', 'little', 'small', 'big', 'large', 'mini',
           'combo', 'pocket', 'square', 'bottom', 'open', 'hooded', 'zipper', 'sleeveless', 'plain', 'pure'}
AMBIGUOUS_BRANDS = {'w', 'ice', 'cat', 'and', 'image', 'basics', 'inc'}
EXTRA_COLOUR_WORDS = {'violet', 'aqua', 'fuchsia', 'coral', 'ivory', 'golden', 'mint', 'lime', 'wine', 'turquoise',
                      'indigo', 'rose', 'sky', 'multicolour', 'multicolor', 'multi', 'sliver', 'metalic', 'gray',
                      'navy', 'cream', 'melange', 'neon', 'fluorescent', 'multicoloured', 'multicolored', 'khakhi',
                      'mettalic', 'metallic', 'colourful', 'colorful'}
CRUDE = {'sexy', 'hot'}
FOREIGN_WORDS = {'laptop': {'Laptop Bag', 'Backpacks'}, 'toploader': {'Laptop Bag'}, 'netbook': {'Laptop Bag'},
                 'boots': {'Casual Shoes'},
                 'boot': {'Casual Shoes'}, 'rucksack': {'Rucksacks', 'Backpacks'}}
TITLE_CLASH = {'Heels': {'flat', 'flats', 'ballerina', 'ballerinas'},
               'Flats': {'heel', 'heels', 'wedge', 'wedges', 'pumps', 'platforms'}}
NOT_NAME_WORDS = {'your', 'three', 'two', 'four', 'five', 'hood', 'rise', 'move', 'toned', 'duffle', 'blazer',
                  'sneakers', 'sneaker', 'boxer', 'trainers', 'ballerinas', 'wedges', 'lifestyle', 'classics',
                  'vintage', 'invisble', 'embroided', 'ballon', 'trunks', 'slippers', 'flops', 'capri', 'sweatpants',
                  'tank', 'pumps', 'loafers', 'shoulderbag', 'satchel', 'potli', 'this', 'that', 'with', 'from'}
PERSON_TOKENS = set(w.lower() for ps in PEOPLE.values() for p in ps
                    for w in re.findall(r"[A-Z][a-z]+", p))


# ----------------------------------------------------------------------------------------------------------------
# catalog helpers
# ----------------------------------------------------------------------------------------------------------------

def norm_tokens(s):
    s = s.lower().replace('&', ' and ').replace("'", '').replace('\u2019', '').replace('.', '')
    return re.findall(r'[a-z0-9]+', s)


def has_run(tokens, phrase_tokens):
    n = len(phrase_tokens)
    return n > 0 and any(tokens[i:i + n] == phrase_tokens for i in range(len(tokens) - n + 1))


def gender_fits(stated, g):  # score.py's rule
    return g == stated or g == 'Unisex' or stated == 'Unisex'


def is_gender_word(w):
    parts = [p for p in re.split(r"[-/]", w.lower().replace("'s", '').replace("'", '')) if p]
    return bool(parts) and all(p in GENDER_WORDS for p in parts)


class Catalog:
    def __init__(self, path):
        self.path = path
        self.img_dir = os.path.join(os.path.dirname(os.path.abspath(path)), 'images')
        with open(path, newline='', encoding='utf-8') as f:
            self.rows = list(csv.DictReader(f))
        self.by_id = {r['id']: r for r in self.rows}
        for r in self.rows:
            r['_tok'] = norm_tokens(r['productDisplayName'])
        colours = sorted({r['baseColour'] for r in self.rows if r['baseColour'] != 'NA'})
        self.colours = colours
        self.colour_runs = sorted([norm_tokens(c) for c in colours], key=len, reverse=True)
        self.colour_tokens = set(t for c in colours for t in norm_tokens(c)) | EXTRA_COLOUR_WORDS
        self.type_tokens = set()
        for t in sorted({r['articleType'] for r in self.rows}):
            for w in norm_tokens(t):
                self.type_tokens |= {w, w.rstrip('s'), w + 's'}
        for r in self.rows:
            if r['_tok']:
                last = r['_tok'][-1]
                self.type_tokens |= {last, last.rstrip('s')}
        self.type_tokens |= {'tshirt', 'tshirts', 't', 'shirt', 'tee', 'tees', 'slipper', 'slippers', 'boots', 'duffle',
                             'blazer', 'sneakers', 'wedges', 'ballerinas', 'trunks', 'flops', 'sweatpants'}
        self.doc_freq = {}
        for r in self.rows:
            for w in sorted(set(r['_tok'])):
                self.doc_freq[w] = self.doc_freq.get(w, 0) + 1
        self.type_gender = {}
        self.by_tc = {}
        for r in self.rows:
            tg = self.type_gender.setdefault(r['articleType'], {})
            tg[r['gender']] = tg.get(r['gender'], 0) + 1
            self.by_tc.setdefault((r['articleType'], r['baseColour']), []).append(r)
        self._opt_cache = {}
        self._photo_checks()
        self._brands()
        self._foreign_endings()

    def photo_path(self, pid):
        return os.path.join(self.img_dir, pid + '.jpg')

    def _photo_checks(self):
        by_hash = {}
        self.blank = set()
        for r in self.rows:
            p = self.photo_path(r['id'])
            if not os.path.exists(p):
                self.blank.add(r['id'])
                continue
            b = open(p, 'rb').read()
            by_hash.setdefault(hashlib.sha256(b).hexdigest(), []).append(r['id'])
            try:
                g = np.asarray(Image.open(io.BytesIO(b)).convert('L'), dtype=np.float64)
            except Exception:
                self.blank.add(r['id'])
                continue
            if g.std() < 4 or g.min() > 236:
                self.blank.add(r['id'])
        self.dup_photo = set(i for ids in by_hash.values() if len(ids) > 1 for i in ids)

    def names_other_colour(self, r):
        toks = list(r['_tok'])
        own = norm_tokens(r['baseColour'])
        n = len(own)
        i = 0
        while i <= len(toks) - n:
            if toks[i:i + n] == own:
                toks[i:i + n] = ['#'] * n
                i += n
            else:
                i += 1
        for run in self.colour_runs:
            if has_run(toks, run):
                return True
        return any(t in EXTRA_COLOUR_WORDS for t in toks)

    def gender_index(self, words):
        for k, w in enumerate(words):
            if is_gender_word(w):
                return k
        return None

    def _brands(self):
        raw = {}
        for r in self.rows:
            words = r['productDisplayName'].split()
            gi = self.gender_index(words)
            r['_gi'] = gi
            b = None
            if gi is not None and gi > 0:
                bw = words[:gi]
                while bw and bw[-1].lower() in GENERIC:
                    bw = bw[:-1]
                if 1 <= len(bw) <= 3 and all(re.fullmatch(r"[A-Za-z.&']+", w) for w in bw):
                    bt = norm_tokens(' '.join(bw))
                    if bt and not (set(bt) & self.colour_tokens) and ' '.join(bt) not in AMBIGUOUS_BRANDS \
                            and not set(bt) & {'for', 'her', 'him', 'by', 'the'}:
                        b = ' '.join(bw)
            r['_brand_raw'] = b
            if b:
                key = ' '.join(norm_tokens(b))
                raw.setdefault(key, []).append(r['id'])
        for r in self.rows:
            b = r['_brand_raw']
            r['_brand'] = b if b and len(raw[' '.join(norm_tokens(b))]) >= 3 else None
            words = r['productDisplayName'].split()
            gi = r['_gi']
            tw = []
            if gi is not None:
                btoks = set(norm_tokens(r['_brand'] or r['_brand_raw'] or ''))
                for w in words[gi + 1:-1]:
                    if not re.fullmatch(r'[A-Z][a-z]{3,}', w):
                        continue
                    lw = w.lower()
                    if (lw in self.colour_tokens or lw in self.type_tokens or lw in GENERIC or lw in btoks
                            or lw in GENDER_WORDS or self.doc_freq.get(lw, 0) > 80 or lw in NOT_NAME_WORDS
                            or w in tw):
                        continue
                    tw.append(w)
            r['_words'] = tw

    def _foreign_endings(self):
        last_by_type = {}
        for r in self.rows:
            if r['_tok']:
                last_by_type.setdefault(r['articleType'], {}).setdefault(r['_tok'][-1].rstrip('s'), 0)
                last_by_type[r['articleType']][r['_tok'][-1].rstrip('s')] += 1
        dominant = {}
        for t in sorted(last_by_type):
            c = last_by_type[t]
            w = sorted(c, key=lambda k: (-c[k], k))[0]
            dominant.setdefault(w, []).append(t)
        self.foreign = set()
        for r in self.rows:
            if not r['_tok']:
                continue
            last = r['_tok'][-1].rstrip('s')
            t = r['articleType']
            c = last_by_type[t]
            owners = dominant.get(last, [])
            if owners and t not in owners and c.get(last, 0) < 0.1 * sum(c.values()):
                self.foreign.add(r['id'])

    def base_ok(self, r):
        """usable as a target or reference at all"""
        if r['baseColour'] == 'NA' or r['id'] in self.blank or r['id'] in self.dup_photo:
            return False
        if r['id'] in self.foreign or set(r['_tok']) & CRUDE:
            return False
        if any(w in r['_tok'] and r['articleType'] not in ok for w, ok in FOREIGN_WORDS.items()):
            return False
        if set(r['_tok']) & TITLE_CLASH.get(r['articleType'], set()):
            return False
        toks = set(r['_tok'])
        g = r['gender']
        if g in ('Men', 'Women') and toks & KID_WORDS:
            return False
        if g in ('Boys', 'Girls') and toks & {'men', 'women', 'man', 'woman'} and not toks & KID_WORDS:
            return False
        tg = self.type_gender[r['articleType']]
        same = tg.get(g, 0)
        other = sum(n for x, n in tg.items() if x != g and x in ('Men', 'Women'))
        if g in ('Men', 'Women') and same <= 3 and other >= 10:
            return False
        return True

    def relevant(self, atype, colour, stated, names):
        """every product of the type and colour whose gender fits and whose title holds every name phrase"""
        runs = [norm_tokens(n) for n in names]
        return [r['id'] for r in self.by_tc.get((atype, colour), [])
                if gender_fits(stated, r['gender']) and all(has_run(r['_tok'], q) for q in runs)]

    def same_title(self, r):
        return [x['id'] for x in self.by_tc[(r['articleType'], r['baseColour'])]
                if x['productDisplayName'] == r['productDisplayName']
                and x['gender'] == r['gender'] and x['baseColour'] == r['baseColour']
                and x['articleType'] == r['articleType']]

    def model_key(self, r):
        return tuple(t for t in r['_tok'] if t not in self.colour_tokens and t != 'and')

    def name_options(self, r, stated):
        """[(mode, [names], relevant)] with the relevant list for the target's own type/colour"""
        key = (r['id'], stated)
        if key not in self._opt_cache:
            self._opt_cache[key] = self._name_options(r, stated)
        return self._opt_cache[key]

    def _name_options(self, r, stated):
        opts = []
        b = r['_brand']
        w = r['_words']
        if b:
            opts.append(('brand', [b]))
        for x in w:
            opts.append(('word', [x]))
            if b:
                opts.append(('brand+word', [b, x]))
        for i in range(len(w)):
            for j in range(i + 1, len(w)):
                opts.append(('two', [w[i], w[j]]))
        out = []
        for mode, names in opts:
            rel = self.relevant(r['articleType'], r['baseColour'], stated, names)
            assert r['id'] in rel
            out.append((mode, names, rel))
        return out


# ----------------------------------------------------------------------------------------------------------------
# target selection
# ----------------------------------------------------------------------------------------------------------------

KID_GENDERS = ('Boys', 'Girls', 'Unisex')


def build_slots():
    """kind, sub-kind and flags per dialogue id, shuffled"""
    slots = []
    for k in range(44):
        slots.append({'kind': 'progressive', 'kid': k < 8})
    for k in range(28):
        sub = 'colour' if k < 14 else ('person' if k < 21 else 'item')
        slots.append({'kind': 'correction', 'sub': sub, 'kid': sub == 'colour' and k < 4})
    for k in range(28):
        slots.append({'kind': 'composed', 'kid': k < 4})
    for k in range(20):
        slots.append({'kind': 'image', 'kid': k < 4})
    order = rng('kind-order').permutation(len(slots))
    slots = [slots[i] for i in order]
    for n, s in enumerate(slots):
        s['id'] = '%s-%03d' % (PREFIX, n)
    # name modes dealt to the 100 text and composed slots
    modes = ['brand'] * 34 + ['word'] * 28 + ['brand+word'] * 30 + ['two'] * 8
    modes = [modes[i] for i in rng('name-modes').permutation(len(modes))]
    k = 0
    for s in slots:
        if s['kind'] != 'image':
            s['mode'] = modes[k]
            k += 1
    kid_pref = ['Unisex', 'Boys', 'Girls']
    k = 0
    for s in slots:
        if s['kid']:
            s['kid_pref'] = kid_pref[k % 3]
            k += 1
    return slots


def select_targets(cat, slots):
    usable = [r for r in cat.rows if cat.base_ok(r) and r['articleType'] in ITEMS]
    type_size = {}
    for r in usable:
        type_size[r['articleType']] = type_size.get(r['articleType'], 0) + 1
    by_model = {}
    for r in usable:
        by_model.setdefault((r['articleType'], r['gender'], cat.model_key(r)), []).append(r)
    other_colour = {r['id']: cat.names_other_colour(r) for r in usable}
    used, reserved = set(), set()
    n_type, n_colour = {}, {}
    type_genders = {}
    for r in cat.rows:
        type_genders.setdefault(r['articleType'], {}).setdefault(r['gender'], 0)
        type_genders[r['articleType']][r['gender']] += 1
    jit = rng('type-jitter')
    # most constrained first
    prio = {'composed': 0, 'correction': 1, 'progressive': 2, 'image': 3}
    sub_prio = {'item': 0, 'person': 1, 'colour': 2}
    order = sorted(range(len(slots)), key=lambda i: (not slots[i]['kid'], prio[slots[i]['kind']],
                                                      sub_prio.get(slots[i].get('sub'), 3), i))
    for si in order:
        s = slots[si]
        cands = []
        for r in usable:
            if r['id'] in used or r['id'] in reserved:
                continue
            if n_type.get(r['articleType'], 0) >= MAX_PER_TYPE:
                continue
            g = r['gender']
            if s['kid'] != (g in KID_GENDERS):
                continue
            if other_colour[r['id']]:
                continue
            info = {}
            if s['kind'] == 'image':
                rel = cat.same_title(r)
                if len(rel) > MAX_REL:
                    continue
                info['rel'] = rel
            else:
                opts = [o for o in cat.name_options(r, g) if len(o[2]) <= MAX_REL]
                if not opts:
                    continue
                info['opts'] = opts
            if s['kind'] == 'composed':
                refs = [x for x in by_model[(r['articleType'], g, cat.model_key(r))]
                        if x['baseColour'] != r['baseColour'] and x['id'] not in used and x['id'] not in reserved
                        and cat.model_key(x) == cat.model_key(r)]
                if not refs:
                    continue
                info['refs'] = refs
            if s.get('sub') == 'colour' and not wrong_colours(cat, r):
                continue
            if s.get('sub') == 'person':
                other = {'Men': 'Women', 'Women': 'Men'}.get(g)
                if other is None or type_genders[r['articleType']].get(other, 0) < 5:
                    continue
            if s.get('sub') == 'item':
                nb = NEIGHBOUR.get(r['articleType'])
                if nb is None or nb not in ITEMS or type_genders.get(nb, {}).get(g, 0) < 3:
                    continue
            cands.append((r, info))
        if s['kid']:
            pref = [c for c in cands if c[0]['gender'] == s['kid_pref']]
            if pref:
                cands = pref
        assert cands, 'no candidate for slot %s' % s['id']
        types = sorted({c[0]['articleType'] for c in cands})
        jitter = jit.random(len(types)) * 0.05
        score = {t: n_type.get(t, 0) / type_size[t] ** 0.3 + jitter[k] for k, t in enumerate(types)}
        best_t = sorted(types, key=lambda t: (score[t], t))[0]
        tc = [c for c in cands if c[0]['articleType'] == best_t]
        if 'mode' in s:
            good = [c for c in tc if any(o[0] == s['mode'] for o in c[1]['opts'])]
            if good:
                tc = good
        least = min(n_colour.get(c[0]['baseColour'], 0) for c in tc)
        tc = [c for c in tc if n_colour.get(c[0]['baseColour'], 0) == least]
        tc.sort(key=lambda c: int(c[0]['id']))
        r, info = tc[int(rng('target-pick/' + s['id']).integers(len(tc)))]
        s['target'] = r
        used.add(r['id'])
        n_type[r['articleType']] = n_type.get(r['articleType'], 0) + 1
        n_colour[r['baseColour']] = n_colour.get(r['baseColour'], 0) + 1
        if s['kind'] == 'image':
            s['relevant'] = info['rel']
        else:
            opts = info['opts']
            want = [o for o in opts if o[0] == s['mode']]
            pool = want if want else opts
            shortest = min(len(o[2]) for o in pool)
            pool = [o for o in pool if len(o[2]) == shortest]
            o = pool[int(rng('name-pick/' + s['id']).integers(len(pool)))]
            s['mode_used'], s['names'], s['relevant'] = o
        if s['kind'] == 'composed':
            refs = sorted(info['refs'], key=lambda x: int(x['id']))
            ref = refs[int(rng('ref-pick/' + s['id']).integers(len(refs)))]
            s['ref'] = ref
            reserved.add(ref['id'])
    return slots


# ----------------------------------------------------------------------------------------------------------------
# text
# ----------------------------------------------------------------------------------------------------------------

PROGRESSIVE_PATTERNS = [  # (groups, count)
    (['IPCN'], 4), (['IP', 'CN'], 4), (['IPC', 'N'], 4), (['I', 'PCN'], 4), (['PI', 'C', 'N'], 3),
    (['IC', 'PN'], 4), (['I', 'P', 'CN'], 4), (['IP', 'C', 'N'], 4), (['I', 'PC', 'N'], 3),
    (['I', 'P', 'C', 'N'], 4), (['IN', 'P', 'C'], 3), (['P', 'IC', 'N'], 3),
]


def colour_words(c, purpose, counter, compare=True):
    g = rng('colour/' + purpose)
    plain = c.lower()
    u = g.random()
    if u < 0.40 or c not in SHADES:
        counter['plain'] += 1
        return plain
    if u < 0.55 and c in COMPARE and compare:
        x, a = COMPARE[c][int(g.integers(len(COMPARE[c])))]
        counter['compare'] += 1
        return COMPARE_T[int(g.integers(len(COMPARE_T)))].format(c=plain, a=a, x=x)
    counter['shade'] += 1
    sh = SHADES[c]
    return sh[int(g.integers(len(sh)))]


def name_clause(mode, names, purpose):
    t = pick('name-t/' + purpose, NAME_T[mode])
    if mode == 'brand':
        return t.format(b=names[0])
    if mode == 'word':
        return t.format(w=names[0])
    if mode == 'brand+word':
        return t.format(b=names[0], w=names[1])
    return t.format(w1=names[0], w2=names[1])


def cap(s):
    return s[:1].upper() + s[1:] if s else s


def fill(group, purpose, **kw):
    if 'n' in kw:
        kw['N'] = cap(kw['n'])
    if 'c' in kw:
        kw['C'] = cap(kw['c'])
    return cap(pick('turn-t/' + purpose, TURN_T[group]).format(**kw))


def wrong_colours(cat, r):
    return sorted(x for x in cat.colours if x != r['baseColour'] and x in SHADES
                  and any(gender_fits(r['gender'], y['gender']) for y in cat.by_tc.get((r['articleType'], x), [])))


def build_text(cat, slots):
    counter = {'plain': 0, 'shade': 0, 'compare': 0}
    # deal progressive patterns and correction layouts
    prog = [s for s in slots if s['kind'] == 'progressive']
    pats = [p for p, n in PROGRESSIVE_PATTERNS for _ in range(n)]
    assert len(pats) == len(prog)
    perm = rng('prog-patterns').permutation(len(pats))
    for s, k in zip(prog, perm):
        s['pattern'] = pats[k]
    corr = [s for s in slots if s['kind'] == 'correction']
    fix_with_name = rng('fix-with-name').permutation(len(corr)) < 12
    layout_b = rng('corr-layout').permutation(len(corr)) < 9
    for s, a, b in zip(corr, fix_with_name, layout_b):
        s['name_in_fix'] = bool(a)
        s['layout'] = 'split' if (b and s['sub'] == 'colour') else 'plain'
    comp = [s for s in slots if s['kind'] == 'composed']
    same = rng('composed-same-turn').permutation(len(comp)) < 10
    for s, a in zip(comp, same):
        s['name_same_turn'] = bool(a)
    img = [s for s in slots if s['kind'] == 'image']
    lines = rng('image-lines').permutation(len(IMAGE_LINES))
    for s, k in zip(img, lines):
        s['line'] = IMAGE_LINES[k]

    for s in slots:
        r = s.get('target')
        sid = s['id']
        kind = s['kind']
        turns = []
        if kind == 'image':
            turns.append([s['line'], True])
        else:
            atype, g = r['articleType'], r['gender']
            n = name_clause(s['mode_used'], s['names'], sid)
            c = colour_words(r['baseColour'], sid, counter)
            if kind == 'composed':
                q = cap(pick('comp-q/' + sid, COMPOSED_C).format(c=c))
                if s['name_same_turn']:
                    if q.endswith('?'):
                        turns.append([q + ' ' + cap(n), True])
                    else:
                        turns.append([pick('comp-join/' + sid, COMPOSED_JOIN).format(q=q, n=n, N=cap(n)), True])
                else:
                    turns.append([q, True])
                    turns.append([fill('N', 'comp-n/' + sid, n=n), False])
            else:
                i = pick('item/' + sid, ITEMS[atype])
                p = pick('person/' + sid, PEOPLE[g])
                if kind == 'progressive':
                    for k, grp in enumerate(s['pattern']):
                        turns.append([fill(grp, '%s/%d' % (sid, k), i=i, p=p, c=c, n=n), False])
                else:
                    sub = s['sub']
                    if sub == 'colour':
                        others = wrong_colours(cat, r)
                        c1c = pick('wrong-colour/' + sid, others)
                        c1 = colour_words(c1c, sid + '/wrong', counter, compare=False)
                        s['wrong'] = c1c
                        if s['layout'] == 'split':
                            turns.append([fill('IP', sid + '/0', i=i, p=p), False])
                            turns.append([fill('C', sid + '/1', c=c1), False])
                        else:
                            turns.append([fill('IPC', sid + '/0', i=i, p=p, c=c1), False])
                        f = pick('fix/' + sid, FIX_T['colour']).format(c1=c1, c2=c)
                    elif sub == 'person':
                        og = {'Men': 'Women', 'Women': 'Men'}[g]
                        p1 = pick('wrong-person/' + sid, PEOPLE[og])
                        s['wrong'] = og
                        turns.append([fill('IPC', sid + '/0', i=i, p=p1, c=c), False])
                        f = pick('fix/' + sid, FIX_T['person']).format(p1=p1, p2=p)
                    else:
                        nb = NEIGHBOUR[atype]
                        i1 = pick('wrong-item/' + sid, ITEMS[nb])
                        s['wrong'] = nb
                        turns.append([fill('IPC', sid + '/0', i=i1, p=p, c=c), False])
                        f = pick('fix/' + sid, FIX_T['item']).format(i1=i1, i2=i)
                    if s['name_in_fix']:
                        turns.append([cap(pick('fix-join/' + sid, FIX_JOIN).format(f=f, n=n, N=cap(n))), False])
                    else:
                        turns.append([cap(f), False])
                        turns.append([fill('N', sid + '/n', n=n), False])
        s['turn_texts'] = turns
    return counter


# --- texting style, slips and misspelt names --------------------------------------------------------------------

def texting(s, g, names=()):
    keep = []
    for n in sorted(names, key=len, reverse=True):
        m = re.search(re.escape(n), s, flags=re.I)
        while m:
            keep.append(n.lower())
            s = s[:m.start()] + '\x00%d\x00' % (len(keep) - 1) + s[m.end():]
            m = re.search(re.escape(n), s, flags=re.I)
    t = s.lower()
    t = re.sub(r'[.](\s|$)', r'\1', t)
    t = t.replace('; ', ', ').replace(' - ', ', ')
    for a, b in TEXT_SHORT:
        if g.random() < 0.8:
            t = re.sub(r'\b%s\b' % re.escape(a), b, t)
    t = re.sub(r'\s+', ' ', t).strip()
    for k, n in enumerate(keep):
        t = t.replace('\x00%d\x00' % k, n)
    return t


def one_letter(word, g):
    """one-letter slip: double, drop or swap an inner letter (never the first)"""
    w = word
    for _ in range(20):
        op = int(g.integers(3))
        k = int(g.integers(1, len(w) - 1))
        if op == 0:
            out = w[:k] + w[k] + w[k:]
        elif op == 1:
            out = w[:k] + w[k + 1:]
        else:
            out = w[:k] + w[k + 1] + w[k] + w[k + 2:] if k + 1 < len(w) else w
        if out.lower() != w.lower():
            return out
    return w + w[-1]


def apply_styles(slots):
    text_slots = [s for s in slots]
    g = rng('texting-choice')
    texters = set(s['id'] for s, u in zip(text_slots, g.permutation(len(text_slots))) if u < 24)
    # misspelt names: 5 dialogues with a name word of 5+ letters
    cand = [s for s in slots if s['kind'] != 'image' and any(len(x) >= 5 and ' ' not in x and x.isalpha()
                                                               for x in s['names'])]
    pm = rng('misspelt-names').permutation(len(cand))
    missp = set(cand[k]['id'] for k in pm[:5])
    slip_pool = [s for s in slots]
    ps = rng('slip-choice').permutation(len(slip_pool))
    slippers = set(slip_pool[k]['id'] for k in ps[:12])
    for s in slots:
        sid = s['id']
        s['said'] = list(s.get('names', []))
        if sid in missp:
            g2 = rng('missp/' + sid)
            k = [j for j, x in enumerate(s['names']) if len(x) >= 5 and ' ' not in x and x.isalpha()][0]
            bad = one_letter(s['names'][k], g2)
            for t in s['turn_texts']:
                t[0] = re.sub(r'\b%s\b' % re.escape(s['names'][k]), bad, t[0])
            s['said'][k] = bad
            s['misspelt'] = (s['names'][k], bad)
        if sid in texters:
            g3 = rng('texting/' + sid)
            for t in s['turn_texts']:
                t[0] = texting(t[0], g3, s['said'])
            if g3.random() < 0.5:
                s['turn_texts'][-1][0] += ' ' + TEXT_TAILS[int(g3.integers(len(TEXT_TAILS)))]
            s['texting'] = True
        if sid in slippers:
            g4 = rng('slip/' + sid)
            name_toks = set(t for x in s['said'] + s.get('names', []) for t in norm_tokens(x))
            spots = []
            for ti, t in enumerate(s['turn_texts']):
                for m in re.finditer(r'[A-Za-z]{5,}', t[0]):
                    if m.group(0).lower() not in name_toks and m.group(0).lower() not in PERSON_TOKENS \
                            and not m.group(0)[0].isupper():
                        spots.append((ti, m.start(), m.group(0)))
            ti, st, w = spots[int(g4.integers(len(spots)))]
            bad = one_letter(w, g4)
            txt = s['turn_texts'][ti][0]
            s['turn_texts'][ti][0] = txt[:st] + bad + txt[st + len(w):]
            s['slip'] = (w, bad)


# ----------------------------------------------------------------------------------------------------------------
# photos: a shopper's phone photo (own recipe)
# ----------------------------------------------------------------------------------------------------------------

def _affine(img, g):
    w, h = img.size
    ang = np.deg2rad(g.uniform(-5, 5)) if g.random() < 0.8 else 0.0
    shear = np.deg2rad(g.uniform(-2, 2)) if g.random() < 0.5 else 0.0
    zoom = g.uniform(0.9, 1.25)
    cx = w / 2 + g.uniform(-0.04, 0.04) * w
    cy = h / 2 + g.uniform(-0.04, 0.04) * h
    # output pixel (x, y) -> input: centre, un-rotate, un-shear, un-zoom
    ca, sa = np.cos(ang), np.sin(ang)
    m = np.array([[ca, -sa], [sa, ca]]) @ np.array([[1.0, np.tan(shear)], [0.0, 1.0]]) / zoom
    a, b, d, e = m[0, 0], m[0, 1], m[1, 0], m[1, 1]
    c = cx - a * w / 2 - b * h / 2
    f = cy - d * w / 2 - e * h / 2
    arr = np.asarray(img)
    border = np.concatenate([arr[0], arr[-1], arr[:, 0], arr[:, -1]])
    fill = tuple(int(v) for v in np.median(border, axis=0))
    return img.transform((w, h), Image.AFFINE, (a, b, c, d, e, f), resample=Image.BICUBIC, fillcolor=fill)


def _ca(arr, g):
    """lateral chromatic aberration: red scaled up, blue down around the centre"""
    h, w, _ = arr.shape
    d = g.uniform(0.003, 0.008)
    out = arr.copy()
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    for ch, s in ((0, 1 + d), (2, 1 - d)):
        sx = (xx - w / 2) / s + w / 2
        sy = (yy - h / 2) / s + h / 2
        x0 = np.clip(np.floor(sx).astype(int), 0, w - 2)
        y0 = np.clip(np.floor(sy).astype(int), 0, h - 2)
        fx = np.clip(sx - x0, 0, 1)
        fy = np.clip(sy - y0, 0, 1)
        a = arr[:, :, ch]
        out[:, :, ch] = (a[y0, x0] * (1 - fx) * (1 - fy) + a[y0, x0 + 1] * fx * (1 - fy)
                         + a[y0 + 1, x0] * (1 - fx) * fy + a[y0 + 1, x0 + 1] * fx * fy)
    return out


def _bayer(arr):
    """RGGB mosaic and a bilinear demosaic (mild colour fringing at edges)"""
    h, w, _ = arr.shape
    mask = np.zeros((h, w, 3))
    mask[0::2, 0::2, 0] = 1
    mask[0::2, 1::2, 1] = 1
    mask[1::2, 0::2, 1] = 1
    mask[1::2, 1::2, 2] = 1
    mos = arr * mask
    k_rb = np.array([[0.25, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 0.25]])
    k_g = np.array([[0, 0.25, 0], [0.25, 1, 0.25], [0, 0.25, 0]])
    out = np.empty_like(arr)
    for ch, k in ((0, k_rb), (1, k_g), (2, k_rb)):
        p = np.pad(mos[:, :, ch], 1, mode='reflect')
        acc = np.zeros((h, w))
        for dy in range(3):
            for dx in range(3):
                acc += k[dy, dx] * p[dy:dy + h, dx:dx + w]
        out[:, :, ch] = acc
    return out


def _gauss(a, sigma):
    r = max(1, int(3 * sigma))
    x = np.arange(-r, r + 1)
    k = np.exp(-x ** 2 / (2 * sigma ** 2))
    k /= k.sum()
    out = a
    for axis in (0, 1):
        p = np.pad(out, [(r, r) if ax == axis else (0, 0) for ax in range(out.ndim)], mode='reflect')
        acc = np.zeros_like(out)
        for j, kv in enumerate(k):
            sl = [slice(None)] * out.ndim
            sl[axis] = slice(j, j + out.shape[axis])
            acc += kv * p[tuple(sl)]
        out = acc
    return out


def shopper_photo(src_path, purpose):
    """returns JPEG bytes, 60x80, and the parameters used"""
    g = rng('photo/' + purpose)
    info = {}
    im = Image.open(src_path).convert('RGB')
    W, H = im.size
    big = im.resize((W * 4, H * 4), Image.LANCZOS)
    big = _affine(big, g)
    a = np.asarray(big, dtype=np.float64) / 255.0
    h, w, _ = a.shape
    yy, xx = np.mgrid[0:h, 0:w]
    u, v = xx / w, yy / h
    # metering: the bright frame pulls exposure down, then a filmic toe/shoulder
    expo = g.uniform(0.84, 0.97)
    lift = g.uniform(0.0, 0.04)
    s_amt = g.uniform(0.0, 0.15)
    a = a * expo
    a = a + s_amt * (a - 0.5) * (1 - np.abs(2 * a - 1))  # gentle S
    a = lift + (1 - lift) * a
    info['expo'] = round(float(expo), 3)
    # window hotspot
    hx, hy = g.uniform(0.1, 0.9), g.uniform(0.1, 0.9)
    hs = g.uniform(0.35, 0.7)
    hot = g.uniform(0.03, 0.09)
    a = a * (1 + hot * np.exp(-((u - hx) ** 2 + (v - hy) ** 2) / (2 * hs ** 2)))[:, :, None]
    # phone / hand shadow entering from one edge (35%)
    if g.random() < 0.35:
        side = int(g.integers(4))
        ex, ey = [(g.uniform(0.2, 0.8), -0.1), (1.1, g.uniform(0.2, 0.8)), (g.uniform(0.2, 0.8), 1.1),
                  (-0.1, g.uniform(0.2, 0.8))][side]
        rx, ry = g.uniform(0.25, 0.45), g.uniform(0.2, 0.35)
        dd = ((u - ex) / rx) ** 2 + ((v - ey) / ry) ** 2
        sh = g.uniform(0.05, 0.14) * np.clip(1.5 - dd, 0, 1)
        a = a * (1 - _gauss(sh, 12))[:, :, None]
        info['shadow'] = True
    # mixed light: warm on one side, cool on the other
    ang = g.uniform(0, 2 * np.pi)
    grad = (u - 0.5) * np.cos(ang) + (v - 0.5) * np.sin(ang)
    mix = g.uniform(0.01, 0.035)
    base_r, base_b = g.uniform(-0.025, 0.025), g.uniform(-0.025, 0.025)
    a[:, :, 0] *= 1 + base_r + mix * grad
    a[:, :, 2] *= 1 + base_b - mix * grad
    a[:, :, 1] *= 1 + g.uniform(-0.01, 0.01)
    # lens: chromatic aberration and slight defocus
    a = _ca(a, g)
    dfc = g.uniform(0.5, 2.0)
    a = _gauss(a, dfc)
    # sensor at 2x the catalog size: optional Bayer mosaic, correlated noise, chroma blotches
    mid = Image.fromarray((np.clip(a, 0, 1) * 255 + 0.5).astype(np.uint8)).resize((W * 2, H * 2), Image.BOX)
    m = np.asarray(mid, dtype=np.float64)
    if g.random() < 0.6:
        m = _bayer(m)
        info['bayer'] = True
    sig = g.uniform(1.2, 3.6)
    n_l = _gauss(g.normal(0, 1, m.shape[:2]), 0.7) * sig * 1.6
    blot = g.normal(0, 1, (H // 2, W // 2, 3)) * g.uniform(0.8, 2.2)
    blot = np.asarray(Image.fromarray(np.clip(blot * 20 + 128, 0, 255).astype(np.uint8)).resize(
        (W * 2, H * 2), Image.BILINEAR), dtype=np.float64)
    m = m + n_l[:, :, None] + (blot - 128) / 20
    small = Image.fromarray(np.clip(m + 0.5, 0, 255).astype(np.uint8)).resize(
        (W, H), [Image.BILINEAR, Image.BICUBIC][int(g.integers(2))])
    if g.random() < 0.55:
        small = small.filter(ImageFilter.UnsharpMask(radius=1, percent=int(g.integers(30, 81)), threshold=2))
        info['sharpen'] = True
    q = int(g.integers(56, 89))
    sub = 0 if g.random() < 0.3 else 2
    buf = io.BytesIO()
    small.save(buf, 'JPEG', quality=q, subsampling=sub)
    info['q'] = q
    return buf.getvalue(), info


# ----------------------------------------------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--catalog', default=DEFAULT_CATALOG)
    ap.add_argument('--out', default=DEFAULT_OUT)
    args = ap.parse_args()
    cat = Catalog(args.catalog)
    slots = select_targets(cat, build_slots())
    counter = build_text(cat, slots)
    apply_styles(slots)

    img_rel = os.path.join('images', SET_NAME)
    img_dir = os.path.join(args.out, img_rel)
    os.makedirs(img_dir, exist_ok=True)
    for fn in sorted(os.listdir(img_dir)):
        if re.fullmatch(PREFIX + r'-\d{3}\.jpg', fn):
            os.remove(os.path.join(img_dir, fn))

    dialogues = []
    for s in slots:
        r = s['target']
        turns = []
        for text, has_img in s['turn_texts']:
            path = None
            if has_img:
                src = s['ref'] if s['kind'] == 'composed' else r
                data, info = shopper_photo(cat.photo_path(src['id']), s['id'])
                path = img_rel.replace(os.sep, '/') + '/' + s['id'] + '.jpg'
                with open(os.path.join(args.out, path), 'wb') as f:
                    f.write(data)
            turns.append({'text': text, 'image': path})
        dialogues.append({'id': s['id'], 'kind': s['kind'], 'turns': turns, 'target': r['id'],
                          'relevant': sorted(s['relevant'], key=int),
                          'constraints': {'articleType': r['articleType'], 'baseColour': r['baseColour'],
                                          'gender': r['gender']}})

    verify(cat, slots, dialogues, args.out)
    jpath = os.path.join(args.out, SET_NAME + '.jsonl')
    with open(jpath, 'w', encoding='utf-8', newline='\n') as f:
        for d in dialogues:
            f.write(json.dumps(d) + '\n')
    summary(cat, slots, dialogues, counter, args.out)


def verify(cat, slots, dialogues, out):
    ids = [d['id'] for d in dialogues]
    assert ids == ['%s-%03d' % (PREFIX, k) for k in range(120)]
    kinds = {}
    for d in dialogues:
        kinds[d['kind']] = kinds.get(d['kind'], 0) + 1
    assert kinds == KIND_COUNTS, kinds
    assert len({d['target'] for d in dialogues}) == 120
    with open(cat.path, newline='', encoding='utf-8') as f:
        plain = {r['id']: r for r in csv.DictReader(f)}

    def ntok(s):
        s = s.lower().replace('&', ' and ').replace("'", '').replace('.', '')
        return ' ' + ' '.join(re.findall(r'[a-z0-9]+', s)) + ' '

    refs = set()
    for s, d in zip(slots, dialogues):
        t = plain[d['target']]
        assert set(d) == {'id', 'kind', 'turns', 'target', 'relevant', 'constraints'}
        assert d['constraints'] == {'articleType': t['articleType'], 'baseColour': t['baseColour'],
                                    'gender': t['gender']}
        assert 1 <= len(d['turns']) <= 4
        for tn in d['turns']:
            assert set(tn) == {'text', 'image'} and tn['text'].strip()
            if tn['image']:
                p = os.path.join(out, tn['image'])
                with Image.open(p) as im:
                    assert im.size == (60, 80) and im.format == 'JPEG'
        # plain scan recomputation of relevant
        if d['kind'] == 'image':
            rel = [i for i, x in plain.items() if x['productDisplayName'] == t['productDisplayName']
                   and x['gender'] == t['gender'] and x['baseColour'] == t['baseColour']
                   and x['articleType'] == t['articleType']]
            assert len(d['turns']) == 1 and d['turns'][0]['image']
        else:
            stated = t['gender']
            rel = [i for i, x in plain.items() if x['articleType'] == t['articleType']
                   and x['baseColour'] == t['baseColour']
                   and (x['gender'] == stated or x['gender'] == 'Unisex' or stated == 'Unisex')
                   and all(ntok(n) in ntok(x['productDisplayName']) for n in s['names'])]
            said = ntok(' '.join(tn['text'] for tn in d['turns']))
            for n in s['said']:
                assert ntok(n) in said, (d['id'], n)
            if d['kind'] == 'composed':
                ref = s['ref']
                assert ref['articleType'] == t['articleType'] and ref['gender'] == t['gender']
                assert ref['baseColour'] != t['baseColour'] and ref['id'] not in refs
                assert ref['id'] not in {x['target'] for x in dialogues}
                refs.add(ref['id'])
                assert d['turns'][0]['image'] and all(not x['image'] for x in d['turns'][1:])
            else:
                assert all(not x['image'] for x in d['turns'])
        assert sorted(rel, key=int) == d['relevant'], (d['id'], rel, d['relevant'])
        assert d['target'] in d['relevant'] and len(d['relevant']) <= MAX_REL
        assert t['baseColour'] != 'NA'


def md5_of(paths):
    h = hashlib.md5()
    for p in paths:
        with open(p, 'rb') as f:
            h.update(f.read())
    return h.hexdigest()


def summary(cat, slots, dialogues, counter, out):
    def count(xs):
        c = {}
        for x in xs:
            c[x] = c.get(x, 0) + 1
        return dict(sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))))
    jpath = os.path.join(out, SET_NAME + '.jsonl')
    photos = sorted(os.path.join(out, t['image']) for d in dialogues for t in d['turns'] if t['image'])
    import PIL
    print('dialogues', len(dialogues), count(d['kind'] for d in dialogues))
    print('turns per dialogue', count(len(d['turns']) for d in dialogues), 'total',
          sum(len(d['turns']) for d in dialogues))
    print('genders', count(d['constraints']['gender'] for d in dialogues))
    print('article types', len({d['constraints']['articleType'] for d in dialogues}),
          count(d['constraints']['articleType'] for d in dialogues))
    print('colours', len({d['constraints']['baseColour'] for d in dialogues}),
          count(d['constraints']['baseColour'] for d in dialogues))
    print('relevant sizes', count(len(d['relevant']) for d in dialogues))
    print('name modes', count(s['mode_used'] for s in slots if 'mode_used' in s))
    print('progressive patterns', count('/'.join(s['pattern']) for s in slots if 'pattern' in s))
    print('corrections', count(s['sub'] + ('+name' if s['name_in_fix'] else '') for s in slots
                               if s['kind'] == 'correction'))
    print('composed name in same turn', sum(1 for s in slots if s.get('name_same_turn')))
    print('colour wordings', counter)
    print('texting', sum(1 for s in slots if s.get('texting')), 'slips',
          [s['slip'] for s in slots if 'slip' in s])
    print('misspelt names', [s['misspelt'] for s in slots if 'misspelt' in s])
    print('photos', len(photos))
    print('md5 jsonl', md5_of([jpath]))
    print('md5 jsonl+photos', md5_of([jpath] + photos))
    print('numpy', np.__version__, 'Pillow', PIL.__version__)


if __name__ == '__main__':
    main()
