#!/usr/bin/env python3
"""Generate bench/heldout/paraphrase15.jsonl and its shopper photos (blind held-out set).

usage: python bench/heldout/make_paraphrase15.py [--catalog CSV] [--out DIR]

120 dialogues (progressive 40, correction 32, composed 28, image 20) in the dev format. Every random draw comes from
a numpy generator seeded with the SHA-256 of SEED and the draw's purpose, and nothing depends on set or dict-hash
order, so two runs write byte-identical files (also under another PYTHONHASHSEED). Needs only numpy and Pillow.
"""
import argparse
import csv
import hashlib
import io
import json
import os
import re
from collections import Counter, defaultdict

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SEED = 'paraphrase15 / blind / 2025-round-15'
PREFIX = 'P15'
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CATALOG = os.path.normpath(os.path.join(HERE, '..', '..', 'data', 'fashion-small', 'catalog.csv'))
DEFAULT_OUT = HERE
KIND_COUNTS = {'progressive': 40, 'correction': 32, 'composed': 28, 'image': 20}


def rng(purpose):
    h = hashlib.sha256(('%s|%s' % (SEED, purpose)).encode('utf-8')).digest()
    return np.random.default_rng(int.from_bytes(h[:16], 'big'))


def pick(r, seq):
    return seq[int(r.integers(len(seq)))]


# ----------------------------------------------------------------------------------------------------------------
# vocabulary (written for this set; checked against the heldout README by the writer before the set was fixed)
# ----------------------------------------------------------------------------------------------------------------

ITEMS = {
    'Tshirts': ['a crew-neck tee', 'a soft cotton tee for lazy weekends', 'a t-shirt with short sleeves',
                'a plain tee to layer under a jacket'],
    'Shirts': ['a collared shirt for work', 'a long-sleeved button shirt', 'a shirt to tuck into chinos',
               'a shirt with a pocket on the chest'],
    'Casual Shoes': ['everyday sneakers', 'easy weekend shoes', 'lace-up sneakers for college'],
    'Sports Shoes': ['jogging shoes', 'shoes for the treadmill', 'training shoes for workouts'],
    'Formal Shoes': ['shiny office shoes', 'formal lace-ups', 'polished shoes to wear with a suit'],
    'Tops': ['a casual top to go with jeans', 'a short blouse-type top', 'a pretty top for brunch'],
    'Kurtas': ['a kurta for festival days', 'a cotton kurta for the office', 'a kurta with side slits'],
    'Kurtis': ['a short kurti', 'a kurti to pair with leggings'],
    'Tunics': ['a tunic-style top', 'a long tunic to throw over tights'],
    'Watches': ['a wristwatch', 'a watch for daily use', 'a watch to wear to meetings'],
    'Handbags': ['a shoulder handbag', 'a roomy everyday handbag', 'a handbag that fits a lunchbox'],
    'Clutches': ['an evening clutch', 'a small clutch for parties'],
    'Heels': ['heels for a wedding reception', 'heeled sandals', 'party heels'],
    'Flats': ['flat sandals with no heel at all', 'flat slip-ons', 'comfy flats for walking about'],
    'Sandals': ['sandals with thin straps', 'open-toe sandals for summer', 'buckled sandals'],
    'Sports Sandals': ['sporty velcro sandals', 'floaters for trekking'],
    'Flip Flops': ['flip-flops for the house', 'rubber slippers for the bathroom', 'flip-flops for the beach'],
    'Sunglasses': ['dark glasses for bright afternoons', 'UV sunglasses for driving', 'sunglasses for the beach'],
    'Sweaters': ['a knitted pullover', 'a warm woollen sweater', 'a sweater for winter evenings'],
    'Sweatshirts': ['a fleece sweatshirt', 'a cosy sweatshirt', 'a sweatshirt for chilly mornings'],
    'Jackets': ['a zip-up jacket', 'a light jacket for evenings', 'a jacket for bike rides'],
    'Wallets': ['a wallet with card slots', 'a slim wallet', 'a fold-over wallet'],
    'Belts': ['a belt for trousers', 'a waist belt with a buckle', 'a belt to hold up jeans'],
    'Trousers': ['trousers for the office', 'formal pants', 'smart trousers for work'],
    'Jeans': ['classic five-pocket jeans', 'everyday jeans', 'stretchy jeans'],
    'Track Pants': ['trackpants', 'track bottoms for the gym', 'track pants for yoga'],
    'Shorts': ['knee-length shorts', 'shorts for the summer holidays'],
    'Lounge Shorts': ['shorts for lounging at home', 'shorts to sleep in'],
    'Lounge Pants': ['pyjama-style lounge pants', 'lounge pants for home'],
    'Socks': ['a pack of socks', 'ankle socks', 'cotton socks'],
    'Stockings': ['sheer stockings'],
    'Tights': ['tights'],
    'Leggings': ['stretchy leggings'],
    'Capris': ['three-quarter pants', 'calf-length capris'],
    'Skirts': ['a flared skirt', 'a knee-length skirt'],
    'Dresses': ['a party dress', 'a frock for a birthday', 'a one-piece dress'],
    'Briefs': ['a pack of briefs', 'cotton briefs', 'underwear briefs'],
    'Trunk': ['trunks, the underwear kind', 'trunk underwear'],
    'Boxers': ['boxer shorts'],
    'Innerwear Vests': ['a sleeveless undershirt', 'an inner vest', 'a cotton vest to wear under shirts'],
    'Bra': ['an everyday bra', 'a t-shirt bra'],
    'Caps': ['a curved-peak cap', 'a peaked cap', 'a cap against the sun'],
    'Hat': ['a sun hat'],
    'Headband': ['a sports headband'],
    'Ties': ['a necktie', 'a tie for the office', 'a silky tie'],
    'Cufflinks': ['cuff links for a formal shirt', 'cufflinks'],
    'Mufflers': ['a woollen muffler', 'a muffler for the cold'],
    'Scarves': ['a light scarf', 'a scarf to drape around the neck'],
    'Stoles': ['a wrap stole'],
    'Dupatta': ['a dupatta to go with a suit'],
    'Gloves': ['warm gloves for winter'],
    'Accessory Gift Set': ['a gift box of accessories', 'an accessory combo set'],
    'Perfume and Body Mist': ['a perfume', 'a body mist', 'a fragrance spray'],
    'Deodorant': ['a deo', 'a deodorant spray'],
    'Fragrance Gift Set': ['a perfume gift set', 'a fragrance gift box'],
    'Backpacks': ['a backpack for the daily commute', 'a daypack', 'a school-style backpack'],
    'Laptop Bag': ['a laptop bag', 'a carry case for a laptop'],
    'Duffel Bag': ['a duffel bag', 'an overnight duffel', 'a gym duffel'],
    'Messenger Bag': ['a messenger bag', 'a messenger bag with a long strap'],
    'Rucksacks': ['a big hiking pack'],
    'Waist Pouch': ['a waist pouch', 'a pouch worn on the waist'],
    'Mobile Pouch': ['a phone pouch', 'a little pouch for a mobile'],
    'Umbrellas': ['an umbrella', 'an umbrella for the monsoon'],
    'Tracksuits': ['a full tracksuit', 'a tracksuit set'],
    'Churidar': ['a churidar'],
    'Kurta Sets': ['a kurta with matching bottoms'],
    'Waistcoat': ['a waistcoat'],
    'Necklace and Chains': ['a neck chain'],
    'Bracelet': ['a bracelet'],
    'Shrug': ['a shrug'],
    'Sarees': ['a saree'],
    'Footballs': ['a football'],
}

# neighbouring types for item corrections (the wrong item is said first)
NEIGHBOURS = {
    'Tshirts': ['Shirts', 'Tops'], 'Shirts': ['Tshirts'], 'Tops': ['Tshirts', 'Tunics', 'Kurtis'],
    'Kurtas': ['Kurtis', 'Tunics'], 'Kurtis': ['Kurtas', 'Tops'], 'Tunics': ['Tops', 'Kurtis'],
    'Casual Shoes': ['Sports Shoes', 'Formal Shoes'], 'Sports Shoes': ['Casual Shoes'],
    'Formal Shoes': ['Casual Shoes'], 'Heels': ['Flats'], 'Flats': ['Heels'],
    'Sandals': ['Flip Flops', 'Sports Sandals'], 'Flip Flops': ['Sandals'], 'Sweaters': ['Sweatshirts'],
    'Sweatshirts': ['Sweaters', 'Jackets'], 'Jackets': ['Sweatshirts'], 'Trousers': ['Jeans', 'Track Pants'],
    'Jeans': ['Trousers'], 'Track Pants': ['Trousers', 'Shorts'], 'Shorts': ['Track Pants', 'Lounge Shorts'],
    'Briefs': ['Trunk', 'Boxers'], 'Trunk': ['Briefs'], 'Innerwear Vests': ['Tshirts'],
    'Backpacks': ['Laptop Bag', 'Duffel Bag'], 'Laptop Bag': ['Backpacks'], 'Handbags': ['Clutches'],
    'Clutches': ['Handbags'], 'Wallets': ['Mobile Pouch', 'Clutches'], 'Mobile Pouch': ['Wallets'],
    'Mufflers': ['Scarves'], 'Scarves': ['Mufflers', 'Stoles'], 'Leggings': ['Capris'],
    'Capris': ['Leggings'], 'Skirts': ['Dresses'], 'Dresses': ['Skirts', 'Tops'],
    'Perfume and Body Mist': ['Deodorant'], 'Deodorant': ['Perfume and Body Mist'],
}

# people as plain noun phrases; 'UnisexKids' for unisex rows titled for children
PEOPLE = {
    'Men': ['my stepfather Rajiv', 'my new father-in-law Mohan', "my wife's younger brother Sameer",
            'my deskmate Gaurav',
            "our building's owner Mr Dsouza", 'my colleague Imran', 'my carpool partner Sanjay',
            'my stepbrother Kunal', "my husband's grandfather", 'our junior engineer Ajay', 'my flatmate Varun',
            "uncle Suresh (mum's younger brother)", "my sister's fiancé Karan", 'our IT guy Ravi',
            'my manager Mr Khanna', "my daughter's father-in-law Mr Rao"],
    'Women': ['my stepmum Lalitha', 'my widowed mother-in-law Shanta', 'my elder sister-in-law Kavya',
              'Deepa aunty from my yoga batch', 'our floor manager Mrs Menon', "my wife's grandmother",
              'Rekha aunty next door', 'my colleague Farida', 'our intern Neha (she joined in May)',
              'my daughter-in-law Ritika', 'my stepsister Ananya', 'our accounts head Fatima',
              'Ms Kapoor at the front office', 'my roommate Tanvi', "my brother's fiancée Sneha",
              "my husband's aunt"],
    'Boys': ['my 10-year-old stepson Aarush', "my nephew Kabir (he's 8)", 'my six-year-old grandson',
             "the neighbours' 7-year-old boy Dev", "a 12-year-old boy in my son's class",
             "my wife's nephew Ishaan (9)", 'my godson Rehan (turning 11)'],
    'Girls': ['my stepdaughter Myra (9)', 'my little niece Zoya (7)', 'my granddaughter (she just turned 5)',
              "my colleague's 10-year-old daughter Aditi", 'a girl of eight in our housing society',
              "my sister-in-law's 12-year-old daughter", 'my goddaughter Kiara (6)'],
    'Unisex': ['our whole office team (men and women)', 'our mixed hiking group', 'our book club (guys and girls)',
               'our co-ed dance troupe', 'my mixed running club', 'the whole household, male and female'],
    'UnisexKids': ["my grandkids' co-ed cricket team", "the children's choir at church (boys and girls)",
                   'a class of kids, boys and girls'],
}

# plain colour wording = the catalog name in lower case (Multi: "multicoloured")
PLAIN = {'Multi': 'multicoloured'}
SHADES = {
    'Black': ['blackboard black', 'black like printer ink', 'night-sky black', 'crow-feather black'],
    'White': ['fresh-snow white', 'plain bright white', 'white like a new notebook page', 'toothpaste white'],
    'Blue': ['denim-wash blue', 'clear-sky blue', 'royal-ish blue', 'blue like a school uniform'],
    'Grey': ['monsoon-cloud grey', 'pigeon grey', 'grey like wet pavement'],
    'Brown': ['mud brown', 'walnut-shell brown', 'chocolate-bar brown'],
    'Red': ['post-office red', 'rakhi-thread red', 'tomato-ketchup red'],
    'Green': ['leaf green', 'pine green', "green like a parrot's wing"],
    'Navy Blue': ['midnight navy', 'deep navy blue', 'naval-uniform navy'],
    'Purple': ['plum purple', 'purple like a ripe jamun'],
    'Pink': ['rose-petal pink', 'strawberry pink', 'candy-stripe pink'],
    'Beige': ['wet-sand beige', 'beige like milky tea'],
    'Maroon': ['deep wine maroon', 'kokum maroon', 'maroon like dried rose petals'],
    'Yellow': ['lemon yellow', 'banana yellow', 'yellow like a ripe mango'],
    'Olive': ['army olive', 'olive like the pickled ones', 'dull olive green'],
    'Silver': ['shiny silver', 'foil silver', 'moon silver'],
    'Steel': ['steel like a tiffin box', 'stainless-look steel'],
    'Orange': ['marigold orange', 'carrot orange', 'tangerine orange'],
    'Cream': ['butter cream', 'malai cream'],
    'Gold': ['bright gold', 'antique gold', 'gold like a bangle'],
    'Tan': ['light leather tan', 'caramel tan'],
    'Charcoal': ['coal-dust charcoal', 'very dark charcoal'],
    'Khaki': ['safari khaki', 'dusty khaki'],
    'Magenta': ['hot magenta', 'rani magenta'],
    'Off White': ['slightly creamy off-white', 'off white like old lace'],
    'Copper': ['penny copper', 'copper like an old pot'],
    'Lavender': ['pale lavender', 'lavender like the soap'],
    'Peach': ['soft peach', "peach like the fruit's skin"],
    'Teal': ['peacock teal', 'deep teal'],
    'Mustard': ['dull mustard', 'kasundi mustard'],
    'Multi': ['lots of colours together', 'rainbow multicolour'],
    'Rust': ['brick rust', 'rust like an old gate'],
    'Turquoise Blue': ['swimming-pool turquoise', 'bright turquoise blue'],
    'Burgundy': ['red-wine burgundy', 'deep burgundy'],
    'Bronze': ['old-coin bronze', 'dark bronze'],
    'Grey Melange': ['speckled grey melange', 'flecked grey melange'],
    'Taupe': ['mushroom taupe'],
    'Coffee Brown': ['espresso coffee brown'],
    'Sea Green': ['sea green like shallow water'],
    'Fluorescent Green': ['neon fluorescent green'],
    'Mauve': ['dusky mauve'],
    'Nude': ['skin-tone nude'],
    'Metallic': ['shiny metallic'],
}
COMPARE = {
    'Black': ['black, darker than navy', 'black (not charcoal, properly black)'],
    'White': ['white, brighter than cream', 'white (not off-white)'],
    'Blue': ['blue, somewhat paler than navy', 'blue, in between sky and navy'],
    'Grey': ['grey, a bit paler than charcoal', 'grey, lighter than slate'],
    'Brown': ['brown, deeper than tan', 'brown, somewhere between tan and coffee'],
    'Red': ['red, a shade livelier than maroon', 'red, not as dark as burgundy'],
    'Green': ['green, brighter than olive', 'green, a shade darker than mint'],
    'Navy Blue': ['navy blue, nearly black but bluish', 'navy, a much darker blue than royal'],
    'Purple': ['purple, richer than lavender'],
    'Pink': ['pink, softer than magenta'],
    'Beige': ['beige, a touch darker than cream'],
    'Maroon': ['maroon, deeper than a normal red'],
    'Yellow': ['yellow, lighter than mustard'],
    'Olive': ['olive, duller than leaf green'],
    'Silver': ['silver, lighter than steel'],
    'Orange': ['orange, brighter than rust'],
    'Cream': ['cream, warmer than white'],
    'Tan': ['tan, lighter than brown'],
    'Charcoal': ['charcoal, just short of black'],
}

# name sentences; {b} brand, {w}/{w2} title words
NAME_SENT = {
    'brand': ["it's a {b} thing, I'm nearly certain", '{b} is whose label it carries', "I'm fairly sure it's from {b}",
              'the box had the company name {b} on it', '{b} put their logo on it', 'nothing but {b}, brand-wise',
              'the manufacturer is {b}'],
    'word': ['{w} is one of the words in its title', 'its title contained the word {w}', 'the title had "{w}" in it',
             'I scribbled "{w}" down off its label', 'among the words in the name: {w}'],
    'both': ["{b} made it and {w} is in what it's called", "it's from {b}, name featuring \"{w}\"",
             'label: {b}; name reads "{w}"', '{b} turns these out, and its name includes {w}'],
    'two': ['both "{w}" and "{w2}" appear in its title', 'I recall two title words, {w} and {w2}',
            'its name carries {w} alongside {w2}'],
}

# turn templates by the roles they carry: I item, P person, C colour, N name sentence
TURN = {
    'I': ['hunting about for {i}', 'can you show me {i}?', 'I have to buy {i}', 'help me locate {i}',
          'I want to pick out {i}'],
    'P': ["it's a present for {p}", "the person I'm buying for is {p}", '{p} will be the one using it',
          'the recipient will be {p}'],
    'C': ['in {c}, please', "colour-wise I'd go {c}", '{c} is the colour I want', 'only {c} will do',
          'the shade I picked is {c}'],
    'N': ['{n}', 'one more thing: {n}', 'and also {n}', 'add this: {n}'],
    'IP': ["I'm buying for {p}, who is in need of {i}", '{p} asked me for {i}', 'looking to get {i} for {p}',
           'I promised {p} {i}'],
    'CN': ['{c}, please. {n}', '{c} would be nicest, and {n}', 'colour {c}; {n}'],
    'PCN': ["it's for {p}, in {c}. {n}", '{p} is keen on {c}, and {n}'],
    'IPC': ['{i} in {c} for {p}', '{p} could use {i}, preferably {c}', 'I want to gift {p} {i} in {c}'],
    'IPCN': ['{i} for {p}, in {c}; {n}', 'a purchase for {p}: {i}, colour {c}, and {n}',
             '{p} is after {i} in {c}. {n}'],
    'IC': ['{i} in {c}', "I'm in need of {i} and it has to be {c}"],
    'PN': ["it's for {p}. {n}", '{p} receives this, and {n}'],
    'IN': ['{i}. {n}', "I'm hunting about for {i}; {n}"],
    'PC': ['for {p}, and in {c}', '{c} looks good on {p}'],
}

PROGRESSIVE_SPLITS = [('IPCN', 4), ('IP|CN', 4), ('I|PCN', 3), ('IPC|N', 4), ('IC|PN', 3), ('IN|PC', 3),
                      ('I|P|CN', 3), ('IP|C|N', 3), ('P|IC|N', 3), ('IC|P|N', 3), ('I|P|C|N', 3), ('P|I|N|C', 2),
                      ('N|IP|C', 2)]

# corrections: fix phrasing styles 'both' (old and new), 'new' (only the new one), 'later' (reject, new next turn)
FIX = {
    'colour': {'both': ['sorry, I said {c1} but I meant {c2}', 'not {c1}; {c2} is my final pick',
                        'replace the {c1} with {c2}'],
               'new': ['on second thoughts, {c2}', 'thinking again, {c2} is nicer', 'make that one {c2}'],
               'reject': ['{c1} was a mistake', "no, {c1} isn't right, give me a sec", 'scrap the colour I gave'],
               'later': ['the right one is {c2}', '{c2} is what it should be', 'correct colour: {c2}']},
    'person': {'both': ["I got that wrong: it's for {p2}, not {p1}", 'my error, not {p1}; {p2} is receiving it'],
               'new': ["thinking it over, {p2} is the one who'll have it", "I mixed people up, the gift's for {p2}"],
               'reject': ["one sec, it's not for {p1}", 'no, {p1} already owns one'],
               'later': ["it's {p2} who needs it", '{p2} is the real recipient']},
    'item': {'both': ['I wrote {i1} when I wanted {i2}', 'not {i1}, it was {i2} I was after'],
             'new': ['ugh, {i2}, obviously', 'what I actually need is {i2}'],
             'reject': ['forget {i1}', 'wrong thing, not {i1}'],
             'later': ['the thing I need is {i2}', 'it has to be {i2}']},
    'brand': {'both': ['{b2} was on the label, never {b1}', 'I confused {b1} with {b2}; {b2} it is'],
              'new': ["second guess: the brand's {b2}", 'my memory says {b2} now'],
              'reject': ["hmm, not {b1}, I'm guessing", 'it definitely was not {b1}'],
              'later': ["yes, it's {b2}", 'remembered it: {b2}']},
}
WRONG_BRAND = ['I think it was by {b1}', 'the brand might be {b1}', 'perhaps {b1}, not sure']
BRAND_WORD_ADD = ['and the title included {w}', 'with {w} somewhere in the title']

COMPOSED_ASK = ['does this come in {c}?', 'same design but {c}, please', "I like this, but I'd want {c}",
                'do these exist in {c}?', 'same shape, only {c}', 'any {c} variant of this one?',
                'I love it, though {c} is what I need', 'do you stock it in {c}?']
COMPOSED_NAME_LEAD = ['to narrow it down: {n}', 'if it helps, {n}', 'extra detail: {n}', '{n}', 'adding: {n}']

IMAGE_LINES = [
    'my cousin posted this on her story, can I buy it here?',
    "took this pic in a friend's living room, want one like it",
    'is this sold on your app?', 'clicked it in a mall on Sunday, listed with you?',
    "this was in my sister's cupboard, I want my own", 'snapped at the railway station, who sells it',
    'this exact piece please, nothing else', "my old one looked like this and it's worn out",
    'a guest at a christening had this, do you sell it?', 'my neighbour has this, is it yours to sell?',
    'shot this at a store but they had no stock', 'is this item listed with you',
    'photo from my phone, please match it', 'want to order exactly this', 'a friend lent me this, I want to buy one',
    'can you match this photo for me', "just this one, if it's in your range", 'the thing in my photo, available?',
    'my aunt wore this at Diwali, find it?', 'this was on a hanger at my tailor, got it?',
]

SHORT = [('please', 'pleeease'), ('because', 'becos'), ('someone', 'sumone'), ('from', 'frum'), ('that', 'dat'),
         ('good', 'gud'), ('looking', 'lookng'), ('want to', 'want 2'), ('your', 'yur'), ('before', 'bfore'),
         ('something', 'sumthng'), ('thanks', 'thenks'), ('colour', 'col'), ('need to', 'needa'),
         ('have to', 'hafta'), ('anything', 'anythng'), ('know', 'knw'), ('when', 'wen')]
TAILS = ['ok ty', 'ta muchly', 'cheerz', 'thku', 'sweet ty', 'k thanks', 'okie', '👌', '🙌', '💛']

# ----------------------------------------------------------------------------------------------------------------
# catalog
# ----------------------------------------------------------------------------------------------------------------

COLOUR_NAMES = ['Black', 'Blue', 'White', 'Grey', 'Brown', 'Red', 'Green', 'Navy Blue', 'Purple', 'Pink', 'Beige',
                'Maroon', 'Yellow', 'Olive', 'Silver', 'Steel', 'Orange', 'Cream', 'Gold', 'Tan', 'Multi', 'Charcoal',
                'Khaki', 'Magenta', 'Off White', 'Copper', 'Lavender', 'Peach', 'Teal', 'Mustard', 'Coffee Brown',
                'Rust', 'Turquoise Blue', 'Grey Melange', 'Burgundy', 'Bronze', 'Taupe', 'Fluorescent Green',
                'Sea Green', 'Metallic', 'Mauve', 'Nude', 'Skin']
EXTRA_COLOUR_WORDS = ['multicoloured', 'multicolour', 'multicolored', 'multicolor', 'golden', 'gray', 'aqua',
                      'violet', 'indigo', 'fuchsia', 'wine', 'ivory', 'camel', 'coral', 'neon', 'lime', 'mint',
                      'lemon', 'rose', 'cyan', 'ecru', 'chocolate', 'mocha', 'plum', 'salmon', 'crimson', 'scarlet',
                      'denim', 'ochre', 'sky', 'lilac', 'berry', 'caramel', 'wheat', 'mushroom', 'stone', 'sand',
                      'turqouise', 'fluro', 'fluroscent', 'metalic', 'mettalic', 'majenta', 'greyish', 'khakhi',
                      'creamt', 'graphite', 'grape', 'pearl', 'sliver', 'steal']
OWN_SYNONYMS = {'Grey': ['gray', 'greyish'], 'Multi': ['multicoloured', 'multicolour', 'multicolored', 'multicolor'],
                'Gold': ['golden'], 'Grey Melange': ['gray'], 'Blue': ['denim'], 'Navy Blue': ['denim'],
                'Maroon': ['wine'], 'Burgundy': ['wine'], 'Off White': ['ivory'], 'Cream': ['ivory', 'creamt'],
                'Lavender': ['lilac'], 'Brown': ['chocolate', 'mocha'], 'Coffee Brown': ['chocolate', 'mocha'],
                'Turquoise Blue': ['turqouise'], 'Fluorescent Green': ['fluro', 'fluroscent'],
                'Metallic': ['metalic', 'mettalic'], 'Magenta': ['majenta'], 'Khaki': ['khakhi'],
                'Silver': ['sliver'], 'Steel': ['steal']}
GENDER_WORDS = ['men', 'mens', 'man', 'women', 'womens', 'woman', 'boys', 'boy', 'girls', 'girl', 'kids', 'kid',
                'unisex', 'baby', 'infant', 'infants']
KID_WORDS = ['kids', 'kid', 'boys', 'boy', 'girls', 'girl', 'baby', 'infant', 'infants', 'junior']
GENERIC = ['solid', 'printed', 'print', 'prints', 'casual', 'formal', 'striped', 'stripes', 'stripe', 'check',
           'checked', 'checks', 'slim', 'regular', 'fit', 'pack', 'round', 'neck', 'sleeve', 'sleeves', 'sleeveless',
           'full', 'half', 'long', 'short', 'sports', 'sport', 'leather', 'cotton', 'graphic', 'plain', 'basic',
           'classic', 'stylish', 'fashion', 'trendy', 'smart', 'cool', 'comfort', 'comfortable', 'daily', 'party',
           'ethnic', 'analog', 'analogue', 'digital', 'dial', 'strap', 'style', 'styled', 'design', 'designer',
           'pattern', 'patterned', 'textured', 'embroidered', 'collar', 'polo', 'henley', 'hooded', 'zipper', 'lace',
           'laced', 'canvas', 'suede', 'synthetic', 'woven', 'knitted', 'knit', 'wool', 'woollen', 'pure', 'premium',
           'super', 'edition', 'logo', 'brand', 'series', 'collection', 'with', 'and', 'for', 'from', 'the', 'pair',
           'pairs', 'floral', 'self', 'front', 'back', 'mini', 'maxi', 'micro', 'mesh', 'chronograph', 'multifunction',
           'waist', 'long', 'ankle', 'length', 'crew', 'sleeved', 'assorted', 'combo', 'fabric', 'pocket', 'pockets',
           'coloured', 'colored', 'dark', 'light', 'polyester', 'training', 'running', 'walking', 'frame', 'peep',
           'toe', 'toes', 'stay', 'slip', 'bright', 'yours', 'sleek', 'modern', 'stretch', 'lifestyle', 'finish',
           'sweat', 'quarter', 'stripped', 'metalic', 'mettalic', 'acid', 'wash', 'small', 'big', 'large', 'deep',
           'duo', 'dry', 'square', 'leatherite', 'faux', 'shimmer', 'flower', 'flowers', 'essentials', 'kids',
           'women', 'boys', 'girls', 'junior', 'little', 'baby', 'shiny', 'glitter', 'sequin', 'sequins', 'satin',
           'silk', 'linen', 'nylon', 'rubber', 'plastic', 'metal', 'steel', 'gold', 'silver', 'heel', 'high', 'low',
           'mid', 'top', 'open', 'closed', 'flat', 'fitted', 'loose', 'skinny', 'straight', 'tapered', 'boot', 'cut',
           'washed', 'faded', 'distressed', 'ribbed', 'cable', 'zip', 'button', 'buttons', 'hood', 'hoodie', 'work',
           'fleece', 'quarters', 'thin', 'thick', 'hoody', 'essential', 'casuals', 'solids', 'wear']
TYPE_LIKE = ['sneakers', 'sneaker', 'loafers', 'loafer', 'boots', 'boot', 'blazer', 'duffle', 'frock', 'kurti',
             'backpack', 'sandal', 'slipper', 'slippers', 'wedge', 'wedges', 'pumps', 'moccasins', 'floaters',
             'jersey', 'jerseys', 'tee', 'tees', 'cardigan', 'hoodie', 'capri', 'legging', 'jeggings', 'vest',
             'pyjama', 'pyjamas', 'salwar', 'dhoti', 'saree', 'sari', 'wristwatch', 'ballerinas', 'ballerina',
             'shirt', 'tshirt', 'trouser', 'pant', 'watch', 'handbag', 'sweater', 'sweatshirt', 'wallet', 'belt',
             'jacket', 'brief', 'trunks', 'cap', 'tie', 'clutch', 'muffler', 'scarf', 'dress', 'skirt', 'perfumes',
             'kurta', 'sunglass', 'shoe', 'flip', 'flop', 'glasses', 'spectacles', 'pouch', 'bags', 'umbrella',
             'stole', 'glove', 'sock', 'stocking', 'boxer', 'shrugs', 'tunic', 'top', 'topwear', 'bottom', 'bottoms',
             'lounge', 'track', 'tracksuit', 'night', 'nightwear', 'innerwear', 'outerwear', 'footwear', 'apparel',
             'slides', 'flats', 'heels', 'loungewear', 'sleepwear', 'deo', 'spray', 'mist', 'eau', 'parfum', 'toilette',
             'perfume', 'fragrance', 'gift', 'set', 'kit', 'accessory', 'accessories', 'case', 'sleeve', 'rucksack',
             'tote', 'sling', 'satchel', 'purse', 'aviator', 'aviators', 'wayfarer', 'wayfarers', 'clog', 'clogs',
             'mojari', 'mojaris', 'juttis', 'chappal', 'chappals', 'kolhapuri', 'invisble', 'embroided', 'runng',
             'hoody', 'stilettos', 'stiletto', 'platforms', 'platform', 'flip-flops', 'bellies', 'sweat']
NAME_STOP = ['women', 'kids', 'girls', 'boys', 'unisex', 'one', 'two', 'three', 'four', 'five', 'black', 'white',
             'this', 'that', 'your', 'have', 'what']
BRAND_LEFT_OUT = ['w', 'ice', 'cat', 'image', 'basics', 'inc', 'and', 'the', 'kids', 'for', 'her', 'by', 'sport']


def norm_title(s):
    s = s.lower().replace('&', ' and ').replace("'", '').replace('\u2019', '').replace('.', '')
    return re.findall(r'[a-z0-9]+', s)


def singular(w):
    return w[:-1] if w.endswith('s') and not w.endswith('ss') else w


def contains_run(tokens, run):
    n = len(run)
    return any(tokens[k:k + n] == run for k in range(len(tokens) - n + 1))


def gender_ok(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


class Catalog:
    def __init__(self, path):
        self.path = path
        self.img_dir = os.path.join(os.path.dirname(os.path.abspath(path)), 'images')
        with open(path, newline='', encoding='utf-8') as f:
            self.rows = list(csv.DictReader(f))
        self.by_id = {r['id']: r for r in self.rows}
        for r in self.rows:
            r['tok'] = norm_title(r['productDisplayName'])
        self.colour_tokens = sorted(set(t for c in COLOUR_NAMES for t in norm_title(c)) | set(EXTRA_COLOUR_WORDS))
        type_tok = set()
        for t in sorted(set(r['articleType'] for r in self.rows)):
            for w in norm_title(t):
                type_tok.add(w)
                type_tok.add(w[:-1] if w.endswith('s') else w)
        last = Counter(r['tok'][-1] for r in self.rows if r['tok'])
        for w, n in sorted(last.items()):
            if n >= 3:
                type_tok.add(w)
        self.type_tokens = type_tok | set(TYPE_LIKE)
        # the dominant last word of each type's titles (singular)
        self.last_words = defaultdict(Counter)
        for r in self.rows:
            if r['tok']:
                self.last_words[r['articleType']][singular(r['tok'][-1])] += 1
        self.dominant = {t: sorted(c.items(), key=lambda x: (-x[1], x[0]))[0][0]
                         for t, c in sorted(self.last_words.items())}
        self.df = Counter()
        for r in self.rows:
            for w in sorted(set(r['tok'])):
                self.df[w] += 1
        self._photo_checks()
        self._brands()

    # photos: missing, blank (grey std < 4 or nothing darker than 236), byte-identical to another product's
    def _photo_checks(self):
        digest = {}
        self.photo_ok = {}
        for r in self.rows:
            p = os.path.join(self.img_dir, r['id'] + '.jpg')
            if not os.path.exists(p):
                self.photo_ok[r['id']] = False
                continue
            data = open(p, 'rb').read()
            digest[r['id']] = hashlib.md5(data).hexdigest()
            try:
                g = np.asarray(Image.open(io.BytesIO(data)).convert('L'), dtype=np.float64)
                self.photo_ok[r['id']] = bool(g.std() >= 4 and g.min() <= 236)
            except Exception:
                self.photo_ok[r['id']] = False
        cnt = Counter(digest.values())
        for pid, d in digest.items():
            if cnt[d] > 1:
                self.photo_ok[pid] = False

    def _brands(self):
        raw = {}
        for r in self.rows:
            words = r['productDisplayName'].split()
            k = None
            for j, w in enumerate(words):
                core = re.sub(r"[^a-z\-]", '', w.lower().replace("'", ''))
                if core and all(p in GENDER_WORDS for p in core.split('-') if p):
                    k = j
                    break
            r['gword'] = k
            if not k:
                raw[r['id']] = None
                continue
            pre = words[:k]
            while pre and norm_title(pre[-1]) and all(t in GENERIC for t in norm_title(pre[-1])):
                pre = pre[:-1]
            if not pre or len(pre) > 3 or not all(re.fullmatch(r"[A-Za-z.&']+", w) for w in pre):
                raw[r['id']] = None
                continue
            bt = norm_title(' '.join(pre))
            if not bt or any(t in self.colour_tokens for t in bt) or ' '.join(bt) in BRAND_LEFT_OUT:
                raw[r['id']] = None
                continue
            raw[r['id']] = ' '.join(pre)
        cnt = Counter(' '.join(norm_title(b)) for b in raw.values() if b)
        self.brand = {}
        for r in self.rows:
            b = raw[r['id']]
            self.brand[r['id']] = b if b and cnt[' '.join(norm_title(b))] >= 3 else None
        # a title without a gender word may still start with a known brand
        known = sorted(set(' '.join(norm_title(b)) for b in self.brand.values() if b), key=lambda s: (-len(s), s))
        for r in self.rows:
            if self.brand[r['id']] is None and r['gword'] is None:
                for kb in known:
                    kt = kb.split()
                    if r['tok'][:len(kt)] == kt and len(r['tok']) > len(kt) + 1:
                        self.brand[r['id']] = ' '.join(r['productDisplayName'].split()[:len(kt)])
                        break

    def title_words(self, r):
        words = r['productDisplayName'].split()
        start = (r['gword'] + 1) if r['gword'] is not None else (len(self.brand[r['id']].split())
                                                                 if self.brand[r['id']] else 1)
        btok = set(norm_title(self.brand[r['id']])) if self.brand[r['id']] else set()
        out = []
        for w in words[start:-1]:
            if not re.fullmatch(r'[A-Z][a-z]{3,}', w) or not re.search(r'[aeiouy]', w[1:]):
                continue
            lw = w.lower()
            if (lw in self.colour_tokens or lw in self.type_tokens or lw in GENERIC or lw in GENDER_WORDS
                    or lw in btok or lw in NAME_STOP or self.df[lw] > 60 or w in out):
                continue
            out.append(w)
        return out

    def names_other_colour(self, r):
        own = set(norm_title(r['baseColour'])) | set(OWN_SYNONYMS.get(r['baseColour'], []))
        for t in r['tok']:
            if t in own:
                continue
            if t in self.colour_tokens and t not in ('off', 'sea', 'skin', 'coffee'):
                return True
        s = ' '.join(r['tok'])
        for c in ('off white', 'sea green', 'coffee brown'):
            if c in s and c != r['baseColour'].lower():
                return True
        return False

    def kid_mismatch(self, r):
        kid_title = any(p in KID_WORDS for t in r['tok'] for p in t.split('-'))
        if r['gender'] in ('Men', 'Women'):
            return kid_title
        return False

    def laptop_mismatch(self, r):
        return r['articleType'] not in ('Laptop Bag', 'Backpacks', 'Messenger Bag') and any(
            t in ('laptop', 'netbook', 'toploader', 'notebook', 'ipad', 'tablet') for t in r['tok'])

    def kid_title(self, r):
        return any(p in KID_WORDS for t in r['tok'] for p in t.split('-'))

    def type_mismatch(self, r):
        """titles that read as another type: another type's dominant last word, boots outside casual shoes,
        heels titled flats and flats titled heels"""
        t, tok = r['articleType'], r['tok']
        if not tok:
            return True
        w = singular(tok[-1])
        own = self.last_words[t]
        if self.dominant[t] != w and own[w] < 0.1 * sum(own.values()) and any(
                d == w for tt, d in self.dominant.items() if tt != t):
            return True
        ts = set(tok)
        if t != 'Casual Shoes' and ts & {'boot', 'boots'}:
            return True
        if t == 'Heels' and ts & {'flat', 'flats', 'ballerina', 'ballerinas', 'bellies'}:
            return True
        if t == 'Flats' and ts & {'heel', 'heels', 'wedge', 'wedges', 'pumps', 'platform', 'platforms', 'stilettos'}:
            return True
        return False

    def usable(self, r):
        return (r['baseColour'] not in ('NA', '') and self.photo_ok.get(r['id'], False)
                and r['articleType'] in ITEMS and not self.names_other_colour(r) and not self.kid_mismatch(r)
                and not self.laptop_mismatch(r) and not self.type_mismatch(r))

    def relevant(self, target, stated, names):
        """type and colour of the target, gender fits the stated person, every name run in the title"""
        runs = [norm_title(n) for n in names]
        out = []
        if not hasattr(self, 'tc_index'):
            self.tc_index = defaultdict(list)
            for r in self.rows:
                self.tc_index[(r['articleType'], r['baseColour'])].append(r)
        for r in self.tc_index[(target['articleType'], target['baseColour'])]:
            if r['articleType'] != target['articleType'] or r['baseColour'] != target['baseColour']:
                continue
            if not gender_ok(stated, r['gender']):
                continue
            if all(contains_run(r['tok'], run) for run in runs):
                out.append(r['id'])
        return out

    def same_title(self, target):
        return [r['id'] for r in self.rows if r['productDisplayName'] == target['productDisplayName']
                and r['gender'] == target['gender'] and r['baseColour'] == target['baseColour']
                and r['articleType'] == target['articleType']]

    def model_key(self, r):
        return tuple(t for t in r['tok'] if t not in self.colour_tokens)


def stated_gender(g):
    return g  # the final person is always of the target's gender; unisex rows get a unisex group


def name_options(cat, r):
    b = cat.brand[r['id']]
    ws = cat.title_words(r)
    opts = []
    if b:
        opts.append(('brand', [b]))
    for w in ws:
        opts.append(('word', [w]))
    if b:
        for w in ws:
            opts.append(('both', [b, w]))
    for i in range(len(ws)):
        for j in range(i + 1, len(ws)):
            opts.append(('two', [ws[i], ws[j]]))
    return opts


# ----------------------------------------------------------------------------------------------------------------
# target selection
# ----------------------------------------------------------------------------------------------------------------

def build_slots():
    kinds = (['progressive'] * KIND_COUNTS['progressive'] + ['correction'] * KIND_COUNTS['correction']
             + ['composed'] * KIND_COUNTS['composed'] + ['image'] * KIND_COUNTS['image'])
    order = rng('kind order').permutation(len(kinds))
    kinds = [kinds[k] for k in order]
    slots = [{'idx': k, 'kind': kd} for k, kd in enumerate(kinds)]
    # subkinds
    corr = [s for s in slots if s['kind'] == 'correction']
    subs = ['colour'] * 14 + ['person'] * 6 + ['item'] * 6 + ['brand'] * 6
    styles = {'colour': ['both'] * 5 + ['new'] * 5 + ['later'] * 4, 'person': ['both', 'both', 'new', 'new', 'later',
                                                                              'later'],
              'item': ['both', 'both', 'new', 'new', 'later', 'later'],
              'brand': ['both', 'both', 'new', 'new', 'later', 'later']}
    perm = rng('correction subkinds').permutation(len(subs))
    for s, k in zip(corr, perm):
        s['sub'] = subs[k]
    for sub in styles:
        group = [s for s in corr if s['sub'] == sub]
        st = styles[sub]
        p = rng('fix styles ' + sub).permutation(len(st))
        for s, k in zip(group, p):
            s['style'] = st[k]
        places = ['first', 'fix', 'after']
        p2 = rng('name place ' + sub).permutation(len(group))
        for j, s in enumerate(group):
            s['nplace'] = places[int(p2[j]) % 3]
    prog = [s for s in slots if s['kind'] == 'progressive']
    splits = [sp for sp, n in PROGRESSIVE_SPLITS for _ in range(n)]
    p = rng('progressive splits').permutation(len(splits))
    for s, k in zip(prog, p):
        s['split'] = splits[k]
    comp = [s for s in slots if s['kind'] == 'composed']
    p = rng('composed name turn').permutation(len(comp))
    for s, k in zip(comp, p):
        s['same_turn'] = bool(k < 10)
    # name modes for text and composed slots
    named = [s for s in slots if s['kind'] != 'image']
    modes = ['brand'] * 36 + ['word'] * 26 + ['both'] * 28 + ['two'] * 10
    p = rng('name modes').permutation(len(modes))
    for s, k in zip(named, p):
        s['mode'] = modes[k]
    for s in corr:
        if s['sub'] == 'brand' and s['mode'] not in ('brand', 'both'):
            s['mode'] = 'brand' if s['mode'] == 'word' else 'both'
    # reserved slots for children's and unisex rows
    reserve = {'progressive': 7, 'composed': 4, 'image': 4, 'colour': 3}
    cycle = ['Unisex', 'Boys', 'Girls']
    ci = 0
    for key, n in sorted(reserve.items()):
        if key == 'colour':
            group = [s for s in corr if s['sub'] == 'colour']
        else:
            group = [s for s in slots if s['kind'] == key]
        p = rng('reserve ' + key).permutation(len(group))
        for k in p[:n]:
            group[int(k)]['reserve'] = cycle[ci % 3]
            ci += 1
    return slots


def select_targets(cat, slots):
    usable = [r for r in cat.rows if cat.usable(r)]
    by_type = defaultdict(list)
    for r in usable:
        by_type[r['articleType']].append(r)
    weight = {t: np.log(3.0 + len(v)) for t, v in by_type.items()}
    used_type, used_colour = Counter(), Counter()
    taken, refs_taken, covered = set(), set(), set()
    models = defaultdict(list)
    for r in cat.rows:
        models[(r['articleType'], r['gender'], cat.model_key(r))].append(r)
    other_gender = {'Men': 'Women', 'Women': 'Men'}
    gcount = Counter((r['articleType'], r['gender']) for r in cat.rows)
    brands_by_type = defaultdict(set)
    for r in usable:
        if cat.brand[r['id']]:
            brands_by_type[r['articleType']].add(cat.brand[r['id']])
    type_colours = defaultdict(set)
    for r in cat.rows:
        if r['baseColour'] != 'NA':
            type_colours[(r['articleType'], r['gender'])].add(r['baseColour'])
    name_cache, static_cache = {}, {}

    def names_ok(r):
        """name options whose list (target's type, colour, gender rule, name words) holds at most 3 products"""
        if r['id'] not in name_cache:
            ok = []
            for mode, names in name_options(cat, r):
                rel = cat.relevant(r, stated_gender(r['gender']), names)
                if len(rel) <= 3 and r['id'] in rel:
                    ok.append((mode, names, rel))
            name_cache[r['id']] = ok
        return name_cache[r['id']]

    def static(r, kind, sub):
        """what does not change while targets are taken"""
        key = (r['id'], kind, sub)
        if key in static_cache:
            return static_cache[key]
        g = r['gender']
        info = {}
        res = None
        if kind == 'image':
            st = cat.same_title(r)
            res = {'relevant': st} if len(st) <= 3 else None
        else:
            res = info
            if kind == 'composed':
                info['refs'] = [x for x in models[(r['articleType'], g, cat.model_key(r))]
                                if x['baseColour'] != r['baseColour'] and x['baseColour'] != 'NA'
                                and cat.photo_ok.get(x['id']) and not cat.names_other_colour(x)]
                if not info['refs']:
                    res = None
            elif sub == 'colour':
                info['others'] = sorted(type_colours[(r['articleType'], g)] - {r['baseColour']})
                if not info['others']:
                    res = None
            elif sub == 'person':
                if g not in other_gender or gcount[(r['articleType'], other_gender[g])] < 5:
                    res = None
            elif sub == 'item':
                info['neigh'] = [t for t in NEIGHBOURS.get(r['articleType'], []) if gcount[(t, g)] >= 3 and t in ITEMS]
                if not info['neigh']:
                    res = None
            elif sub == 'brand':
                if not cat.brand[r['id']]:
                    res = None
                else:
                    own = set(norm_title(cat.brand[r['id']])) | set(r['tok'])
                    info['other_brands'] = sorted(b for b in brands_by_type[r['articleType']]
                                                  if not (set(norm_title(b)) & own))
                    if not info['other_brands']:
                        res = None
            if res is not None:
                opts = names_ok(r)
                if sub == 'brand':
                    opts = [o for o in opts if o[0] in ('brand', 'both')]
                info['opts'] = opts
                if not opts:
                    res = None
        static_cache[key] = res
        return res

    def feasible(r, slot):
        if r['id'] in taken or r['id'] in refs_taken or r['id'] in covered:
            return None
        g = r['gender']
        res = slot.get('reserve')
        if res:
            if g != res:
                return None
        elif g not in ('Men', 'Women'):
            return None
        st = static(r, slot['kind'], slot.get('sub'))
        if st is None:
            return None
        if slot['kind'] == 'image':
            if set(st['relevant']) & taken:
                return None
            return {'relevant': st['relevant'], 'dealt_ok': True}
        info = dict(st)
        if slot['kind'] == 'composed':
            info['refs'] = [x for x in st['refs'] if x['id'] not in taken and x['id'] not in refs_taken]
            if not info['refs']:
                return None
        opts = [o for o in st['opts'] if not (set(o[2]) & taken)]
        if not opts:
            return None
        scored = sorted(((mode != slot['mode'], len(rel), mode, names, rel) for mode, names, rel in opts),
                        key=lambda x: (x[0], x[1]))
        info['names'] = [x for x in scored if x[0] == scored[0][0] and x[1] == scored[0][1]]
        info['dealt_ok'] = not scored[0][0]
        return info

    order_key = {'composed': 0, 'item': 1, 'person': 2, 'brand': 3, 'colour': 4, 'image': 5, 'progressive': 6}

    def key(s):
        k = s.get('sub', s['kind'])
        return (0 if s.get('reserve') else 1, order_key[k], s['idx'])

    jit = rng('type jitter')

    def candidates(slot):
        out = {}
        for t in sorted(by_type):
            if used_type[t] >= 4:
                continue
            fe = [(r, info) for r in by_type[t] for info in [feasible(r, slot)] if info is not None]
            if fe:
                out[t] = fe
        return out

    for slot in sorted(slots, key=key):
        r_slot = rng('pick %d' % slot['idx'])
        cand_by_type = candidates(slot)
        if not cand_by_type and slot.get('reserve'):
            for alt in ['Unisex', 'Boys', 'Girls']:
                slot['reserve'] = alt
                cand_by_type = candidates(slot)
                if cand_by_type:
                    break
            if not cand_by_type:
                slot['reserve'] = None
                cand_by_type = candidates(slot)
        if not cand_by_type:
            raise SystemExit('no candidate for slot %r' % slot)
        types = sorted(cand_by_type)
        j = jit.random(len(types)) * 0.08
        scores = [(used_type[t] + 1) / weight[t] + j[k] for k, t in enumerate(types)]
        t = types[int(np.argmin(scores))]
        fe = cand_by_type[t]
        best_key = min((not info['dealt_ok'], used_colour[r['baseColour']]) for r, info in fe)
        pool = [(r, info) for r, info in fe if (not info['dealt_ok'], used_colour[r['baseColour']]) == best_key]
        pool.sort(key=lambda x: int(x[0]['id']))
        r, info = pool[int(r_slot.integers(len(pool)))]
        slot['target'] = r
        slot['info'] = info
        taken.add(r['id'])
        used_type[t] += 1
        used_colour[r['baseColour']] += 1
        if slot['kind'] == 'composed':
            refs = sorted(info['refs'], key=lambda x: int(x['id']))
            ref = refs[int(r_slot.integers(len(refs)))]
            slot['ref'] = ref
            refs_taken.add(ref['id'])
        if slot['kind'] != 'image':
            names = info['names']
            mode, nm, rel = names[int(r_slot.integers(len(names)))][2:5]
            slot['mode'] = mode
            slot['names'] = list(nm)
            covered.update(rel)
        else:
            covered.update(info['relevant'])
    return slots


# ----------------------------------------------------------------------------------------------------------------
# sentences
# ----------------------------------------------------------------------------------------------------------------

class Dealer:
    """least-used choice with seeded tie-breaks, so vocabulary spreads over the set"""

    def __init__(self):
        self.used = Counter()

    def take(self, r, key, options):
        m = min(self.used[(key, o)] for o in options)
        pool = [o for o in options if self.used[(key, o)] == m]
        o = pool[int(r.integers(len(pool)))]
        self.used[(key, o)] += 1
        return o


DEAL = Dealer()


def brand_display(b):
    words = []
    for w in b.split():
        if w.isupper() and len(w) > 3 and '.' not in w:
            w = w.capitalize()
        words.append(w)
    return ' '.join(words)


def colour_phrase(r, colour, style):
    if style == 'compare' and colour in COMPARE:
        return DEAL.take(r, 'cmp ' + colour, COMPARE[colour])
    if style in ('shade', 'compare') and colour in SHADES:
        return DEAL.take(r, 'shade ' + colour, SHADES[colour])
    return PLAIN.get(colour, colour.lower())


def name_sentence(r, mode, names, shown):
    t = DEAL.take(r, 'name ' + mode, NAME_SENT[mode])
    if mode in ('brand', 'both') and re.search(r'\ba \{b\}', t) and shown[0][0].lower() in 'aeio':
        t = re.sub(r'\ba \{b\}', 'an {b}', t)
    if mode == 'brand':
        return t.format(b=shown[0])
    if mode == 'word':
        return t.format(w=shown[0])
    if mode == 'both':
        return t.format(b=shown[0], w=shown[1])
    return t.format(w=shown[0], w2=shown[1])


def colour_for(t, v):
    """a comparison ("blue, lighter than navy") only where {c} ends a clause; else the short wording"""
    if re.search(r'\{c\}(\s*$|[,.;?!])', t):
        return v.get('C', '')
    return v.get('C_alt', v.get('C', ''))


def fill(r, roles, v):
    key = ''.join(ch for ch in 'IPCN' if ch in roles)
    t = DEAL.take(r, 'turn ' + key, TURN[key])
    n = v.get('N', '')
    if '. {n}' in t and n:
        n = n[0].upper() + n[1:]
    return t.format(i=v.get('I', ''), p=v.get('P', ''), c=colour_for(t, v), n=n)


def finish(text, r):
    text = text.strip()
    text = text[0].upper() + text[1:]
    if text[-1] not in '?!.' and r.random() < 0.6:
        text += '.'
    return text


def misspell_one(word, r):
    """a name word misspelt by one letter: an interior letter doubled or changed for a neighbour on the keyboard"""
    near = {'a': 'sq', 'e': 'wr', 'i': 'uo', 'o': 'ip', 'u': 'yi', 'r': 'et', 't': 'ry', 'n': 'bm', 'l': 'k',
            's': 'ad', 'c': 'xv', 'd': 'sf', 'm': 'n', 'h': 'gj', 'g': 'fh', 'k': 'jl', 'p': 'o', 'b': 'vn', 'y': 'tu'}
    ks = [k for k in range(1, len(word) - 1) if word[k].lower() in near]
    k = ks[int(r.integers(len(ks)))]
    if r.random() < 0.3:
        return word[:k] + word[k] + word[k:]
    return word[:k] + pick(r, near[word[k].lower()]) + word[k + 1:]


# slip forms that an earlier set's README already lists as words (found by the writer's check); drawn again
SLIP_AVOID = ['socs', 'socsk']
SLIP_SKIP = ['please', 'colour', 'black', 'white', 'brown', 'green', 'purple', 'yellow', 'orange', 'maroon', 'silver',
             'navy', 'beige', 'cream', 'olive']


def slip_text(text, protect, r):
    """one typing slip outside the protected words (names, people, colours)"""
    words = re.findall(r"[A-Za-z]+", text)
    prot = set()
    for p in protect:
        for w in re.findall(r"[A-Za-z]+", p):
            prot.add(w.lower())
    cands = sorted(set(w for w in words if len(w) >= 5 and w.lower() not in prot and w.lower() not in SLIP_SKIP
                       and w.islower()))
    if not cands:
        return text, None
    w = cands[int(r.integers(len(cands)))]
    for _ in range(20):
        op = int(r.integers(3))
        k = 1 + int(r.integers(len(w) - 2))
        if op == 0:
            s = w[:k] + w[k] + w[k:]
        elif op == 1:
            s = w[:k] + w[k + 1] + w[k] + w[k + 2:] if k + 1 < len(w) else w[:k - 1] + w[k] + w[k - 1]
        else:
            s = w[:k] + w[k + 1:]
        if s == w:
            s = w[:k] + w[k] + w[k:]
        if s.lower() not in SLIP_AVOID:
            break
    text = re.sub(r'\b%s\b' % w, s, text, count=1)
    return text, (w, s)


def texting(turns, r):
    out = []
    for t in turns:
        s = t.lower()
        for a, b in SHORT:
            s = re.sub(r'\b%s\b' % a, b, s)
        s = s.rstrip('.')
        s = s.replace('. ', ', ').replace('; ', ', ')
        out.append(s)
    if r.random() < 0.6:
        out[-1] = out[-1] + ' ' + pick(r, TAILS)
    return out


def make_texts(slots, cat):
    n = len(slots)
    texting_ids = set(int(k) for k in rng('texting').permutation(n)[:24])
    # a name word of 5+ letters misspelt by one letter in 5 dialogues; one typing slip elsewhere in 12 others
    named = [s['idx'] for s in slots if s['kind'] != 'image'
             and any(re.fullmatch(r'[A-Za-z]{5,}', x) for x in s['names'])]
    pm = rng('misspelt names').permutation(len(named))
    misspell_ids = set(named[int(k)] for k in pm[:5])
    rest = [s['idx'] for s in slots if s['idx'] not in misspell_ids]
    ps = rng('slips').permutation(len(rest))
    slip_ids = set(rest[int(k)] for k in ps[:12])
    for s in slots:
        r = rng('text %d' % s['idx'])
        if s['kind'] == 'image':
            line = DEAL.take(r, 'image line', IMAGE_LINES)
            s['texts'] = [line]
            s['shown'] = []
        else:
            names = s['names']
            shown = [brand_display(x) if (s['mode'] in ('brand', 'both') and k == 0) else x
                     for k, x in enumerate(names)]
            if s['idx'] in misspell_ids:
                cand = [k for k, x in enumerate(shown) if re.fullmatch(r'[A-Za-z]{5,}', x)]
                if cand:
                    k = cand[int(r.integers(len(cand)))]
                    shown[k] = misspell_one(shown[k], r)
                    s['misspelt'] = (names[k], shown[k])
            s['shown'] = shown
            s['texts'] = build_dialogue(s, cat, r, shown)
        # slips and texting
        protect = list(s['shown']) + [s.get('person', ''), s.get('person_wrong', '')]
        if s['idx'] in slip_ids:
            for k in [int(x) for x in r.permutation(len(s['texts']))]:
                s['texts'][k], s['slip'] = slip_text(s['texts'][k], protect + s.get('colour_words', []), r)
                if s['slip']:
                    break
        if s['idx'] in texting_ids:
            s['texts'] = texting(s['texts'], r)
            s['texting'] = True
        else:
            s['texts'] = [finish(t, r) for t in s['texts']]


def colour_style(r):
    x = r.random()
    return 'plain' if x < 0.40 else ('shade' if x < 0.85 else 'compare')


def build_dialogue(s, cat, r, shown):
    tgt = s['target']
    g = tgt['gender']
    colour = tgt['baseColour']
    item = DEAL.take(r, 'item ' + tgt['articleType'], ITEMS[tgt['articleType']])
    pool = 'UnisexKids' if (g == 'Unisex' and cat.kid_title(tgt)) else g
    person = DEAL.take(r, 'person ' + pool, PEOPLE[pool])
    cst = colour_style(r)
    if s['kind'] == 'correction' and s['sub'] == 'colour' and cst == 'compare':
        cst = 'shade'       # the fixed colour stays short
    cphr = colour_phrase(r, colour, cst)
    calt = colour_phrase(r, colour, 'shade' if r.random() < 0.5 else 'plain') if cst == 'compare' else cphr
    s['person'] = person
    s['colour_words'] = [cphr]
    s['cstyle'] = [cst]
    nsent = name_sentence(r, s['mode'], s['names'], shown)
    if s['kind'] == 'progressive':
        v = {'I': item, 'P': person, 'C': cphr, 'C_alt': calt, 'N': nsent}
        return [fill(r, part, v) for part in s['split'].split('|')]
    if s['kind'] == 'composed':
        t = DEAL.take(r, 'composed ask', COMPOSED_ASK)
        ask = t.format(c=colour_for(t, {'C': cphr, 'C_alt': calt}))
        if s['same_turn']:
            return [ask + (' ' if ask.endswith('?') else '. ') + nsent[0].upper() + nsent[1:]]
        lead = DEAL.take(r, 'composed lead', COMPOSED_NAME_LEAD).format(n=nsent)
        return [ask, lead]
    # corrections
    sub, style, place = s['sub'], s['style'], s['nplace']
    F = FIX[sub]
    if sub == 'colour':
        wrong = pick(r, s['info']['others'])
        wst = colour_style(r)
        c1 = colour_phrase(r, wrong, wst)
        s['wrong_colour'] = wrong
        s['colour_words'].append(c1)
        s['cstyle'].append(wst)
        v1 = {'I': item, 'P': person, 'C': c1, 'C_alt': c1 if wst != 'compare' else PLAIN.get(wrong, wrong.lower()),
              'N': nsent}
        c1_ref = c1 if wst != 'compare' else PLAIN.get(wrong, wrong.lower())
        vals = dict(c1=c1_ref, c2=cphr)
        first_roles = 'IPC'
    elif sub == 'person':
        p1 = DEAL.take(r, 'person ' + {'Men': 'Women', 'Women': 'Men'}[g], PEOPLE[{'Men': 'Women', 'Women': 'Men'}[g]])
        s['person_wrong'] = p1
        v1 = {'I': item, 'P': p1, 'C': cphr, 'N': nsent, 'C_alt': calt}
        vals = dict(p1=p1, p2=person)
        first_roles = 'IPC'
    elif sub == 'item':
        nt = pick(r, s['info']['neigh'])
        i1 = DEAL.take(r, 'item ' + nt, ITEMS[nt])
        s['wrong_type'] = nt
        v1 = {'I': i1, 'P': person, 'C': cphr, 'N': nsent, 'C_alt': calt}
        vals = dict(i1=i1, i2=item)
        first_roles = 'IPC'
    else:
        b1 = brand_display(pick(r, s['info']['other_brands']))
        s['wrong_brand'] = b1
        v1 = {'I': item, 'P': person, 'C': cphr, 'C_alt': calt}
        vals = dict(b1=b1, b2=shown[0])
        first_roles = 'IPC'
    turns = []
    if sub == 'brand':
        turns.append(fill(r, 'IPC', v1))
        wb = DEAL.take(r, 'wrong brand', WRONG_BRAND).format(b1=vals['b1'])
        if s['mode'] == 'both':
            wb = wb + ', ' + DEAL.take(r, 'brand word add', BRAND_WORD_ADD).format(w=shown[1])
        turns.append(wb)
        if style == 'later':
            turns.append(DEAL.take(r, 'fix brand reject', F['reject']).format(**vals))
            turns.append(DEAL.take(r, 'fix brand later', F['later']).format(**vals))
        else:
            turns.append(DEAL.take(r, 'fix brand ' + style, F[style]).format(**vals))
        return turns
    if place == 'first':
        turns.append(fill(r, first_roles + 'N', v1))
    else:
        turns.append(fill(r, first_roles, v1))
    if style == 'later':
        turns.append(DEAL.take(r, 'fix %s reject' % sub, F['reject']).format(**vals))
        fx = DEAL.take(r, 'fix %s later' % sub, F['later']).format(**vals)
    else:
        fx = DEAL.take(r, 'fix %s %s' % (sub, style), F[style]).format(**vals)
    if place == 'fix':
        fx = fx + '. ' + nsent[0].upper() + nsent[1:]
    turns.append(fx)
    if place == 'after':
        turns.append(fill(r, 'N', {'N': nsent}))
    return turns


# ----------------------------------------------------------------------------------------------------------------
# photos
# ----------------------------------------------------------------------------------------------------------------

W, H = 240, 320          # working size (4x the catalog's 60x80)
MARGIN = 1.3             # the scene is drawn larger and cut out by the camera's perspective


def backdrop_mask(a):
    """near-white, unsaturated pixels connected to the border (at the catalog's 60x80), widened by one pixel into
    the product's light anti-aliased rim with a soft weight, so no white halo is left around the product"""
    mn, mx = a.min(2), a.max(2)
    m = flood_border((mn > 0.93) & ((mx - mn) < 0.06))
    if m.mean() > 0.9:           # a white product: only the purest white counts as backdrop
        m = flood_border((mn > 0.975) & ((mx - mn) < 0.03))
    d = m.copy()
    d[1:, :] |= m[:-1, :]
    d[:-1, :] |= m[1:, :]
    d[:, 1:] |= m[:, :-1]
    d[:, :-1] |= m[:, 1:]
    rim = np.clip((mn - 0.5) / 0.35, 0, 1) * np.clip(1 - (mx - mn) / 0.2, 0, 1)
    return np.maximum(m.astype(np.float64), d * rim)


def flood_border(cand):
    m = np.zeros_like(cand)
    m[0, :], m[-1, :], m[:, 0], m[:, -1] = cand[0, :], cand[-1, :], cand[:, 0], cand[:, -1]
    for _ in range(400):
        g = m.copy()
        g[1:, :] |= m[:-1, :]
        g[:-1, :] |= m[1:, :]
        g[:, 1:] |= m[:, :-1]
        g[:, :-1] |= m[:, 1:]
        g &= cand
        if (g == m).all():
            break
        m = g
    return m


def blur(arr, radius):
    """Gaussian blur of a float HxW or HxWx3 array in 0..1 through Pillow (deterministic)"""
    if radius <= 0:
        return arr
    if arr.ndim == 2:
        im = Image.fromarray(np.clip(arr * 255.0 + 0.5, 0, 255).astype(np.uint8), 'L')
        return np.asarray(im.filter(ImageFilter.GaussianBlur(radius)), dtype=np.float64) / 255.0
    im = Image.fromarray(np.clip(arr * 255.0 + 0.5, 0, 255).astype(np.uint8), 'RGB')
    return np.asarray(im.filter(ImageFilter.GaussianBlur(radius)), dtype=np.float64) / 255.0


def smooth_field(r, h, w, cells, amp):
    """low-frequency random field: coarse noise upsampled bicubically"""
    g = r.random((cells[1], cells[0]))
    im = Image.fromarray((g * 255).astype(np.uint8), 'L').resize((w, h), Image.BICUBIC)
    f = np.asarray(im, dtype=np.float64) / 255.0
    return (f - 0.5) * 2 * amp


def surface_bed(r, h, w):
    tones = [(0.80, 0.84, 0.90), (0.88, 0.86, 0.82), (0.86, 0.78, 0.78), (0.78, 0.84, 0.78), (0.90, 0.84, 0.66),
             (0.82, 0.82, 0.84)]
    base = np.array(tones[int(r.integers(len(tones)))]) * r.uniform(0.92, 1.04)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    folds = np.zeros((h, w))
    for _ in range(int(r.integers(3, 6))):
        ang = r.uniform(0, np.pi)
        lam = r.uniform(70, 210)
        ph = r.uniform(0, 2 * np.pi)
        folds += np.sin(2 * np.pi * (xx * np.cos(ang) + yy * np.sin(ang)) / lam + ph) * r.uniform(0.3, 1.0)
    folds = folds / (np.abs(folds).max() + 1e-9)
    folds = np.tanh(folds * 1.6) * r.uniform(0.05, 0.11)
    weave = (np.sin(xx * r.uniform(1.9, 2.4)) * np.sin(yy * r.uniform(1.9, 2.4))) * r.uniform(0.008, 0.02)
    surf = base[None, None, :] * (1 + folds + weave)[:, :, None]
    return np.clip(surf, 0, 1), folds


def surface_shelf(r, h, w, board_y):
    walls = [(0.86, 0.84, 0.80), (0.80, 0.82, 0.84), (0.84, 0.80, 0.74), (0.76, 0.78, 0.74), (0.88, 0.88, 0.86)]
    wall = np.array(walls[int(r.integers(len(walls)))]) * r.uniform(0.9, 1.02)
    woods = [(0.62, 0.46, 0.32), (0.72, 0.58, 0.42), (0.52, 0.38, 0.28), (0.86, 0.85, 0.82), (0.60, 0.60, 0.58)]
    wood = np.array(woods[int(r.integers(len(woods)))])
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    surf = np.empty((h, w, 3))
    grad = 1 - 0.08 * (yy / h) + smooth_field(r, h, w, (4, 5), 0.03)
    surf[:] = wall[None, None, :] * grad[:, :, None]
    grain_cols = r.random(h)
    grain = np.asarray(Image.fromarray((grain_cols * 255).astype(np.uint8).reshape(h, 1), 'L').resize(
        (1, h), Image.BILINEAR), dtype=np.float64).reshape(h, 1) / 255.0
    streak = (np.sin(yy * r.uniform(0.6, 1.1) + np.sin(xx / r.uniform(40, 90)) * 3) * 0.04
              + (grain - 0.5) * 0.05)
    board = wood[None, None, :] * (1 + streak)[:, :, None]
    below = yy >= board_y
    surf[below] = board[below]
    edge = (yy >= board_y) & (yy < board_y + r.uniform(5, 10))
    surf[edge] = surf[edge] * 0.78
    return np.clip(surf, 0, 1)


def surface_room(r, h, w):
    """an out-of-focus room behind a hand-held product: soft blobs of room colours"""
    room = [(0.78, 0.74, 0.68), (0.55, 0.50, 0.46), (0.70, 0.74, 0.78), (0.86, 0.84, 0.80), (0.42, 0.44, 0.40),
            (0.80, 0.70, 0.58), (0.62, 0.66, 0.60)]
    surf = np.zeros((h, w, 3))
    surf[:] = np.array(room[int(r.integers(len(room)))])
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    for _ in range(int(r.integers(3, 6))):
        c = np.array(room[int(r.integers(len(room)))])
        cx, cy = r.uniform(0, w), r.uniform(0, h)
        rad = r.uniform(0.15, 0.45) * w
        m = np.exp(-(((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * rad ** 2)))
        surf = surf * (1 - m[:, :, None] * 0.8) + c[None, None, :] * (m[:, :, None] * 0.8)
    return blur(np.clip(surf, 0, 1), 6)


SKIN = [(0.92, 0.76, 0.66), (0.85, 0.66, 0.54), (0.76, 0.56, 0.44), (0.64, 0.45, 0.34), (0.52, 0.36, 0.27),
        (0.88, 0.70, 0.60)]


def capsule(draw, p0, p1, rad):
    draw.line([p0, p1], fill=255, width=int(2 * rad))
    for (x, y) in (p0, p1):
        draw.ellipse([x - rad, y - rad, x + rad, y + rad], fill=255)


def draw_hand(r, h, w, obj):
    """a hand holding the product up: the thumb over one side edge of the product (in front), fingertips peeking
    out behind the other side, the palm and wrist behind it running out of the frame's bottom; returns masks"""
    ys, xs = np.nonzero(obj > 0.5)
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    bh = y1 - y0
    fw = r.uniform(0.075, 0.095) * w                      # finger width
    side = 1 if r.random() < 0.5 else -1                  # +1: thumb on the left edge, fingers right
    thumb_edge = x0 if side == 1 else x1
    back = Image.new('L', (w, h), 0)
    front = Image.new('L', (w, h), 0)
    nails = Image.new('L', (w, h), 0)
    db, df_, dn = ImageDraw.Draw(back), ImageDraw.Draw(front), ImageDraw.Draw(nails)
    ty = y0 + r.uniform(0.45, 0.7) * bh                   # where the thumb tip presses
    tip = (thumb_edge + side * fw * r.uniform(0.3, 0.7), ty)
    ang = np.deg2rad(r.uniform(25, 55))                   # thumb pointing up and inwards
    tl = fw * r.uniform(2.2, 3.0)
    base = (tip[0] - side * tl * np.sin(ang), tip[1] + tl * np.cos(ang))
    capsule(df_, base, tip, fw * 0.5)
    nx, ny = tip[0] - side * fw * 0.18 * np.sin(ang), tip[1] + fw * 0.18 * np.cos(ang)
    dn.ellipse([nx - fw * 0.3, ny - fw * 0.36, nx + fw * 0.3, ny + fw * 0.36], fill=255)
    # palm and wrist behind: from the thumb's base to below the frame
    db.polygon([(base[0] - fw * 1.3, base[1] - fw * 0.6), (base[0] + side * fw * 2.6, base[1] - fw * 1.4),
                (base[0] + side * fw * 2.2, h + fw), (base[0] - side * fw * 1.2, h + fw)], fill=255)
    db.ellipse([base[0] - fw * 1.4, base[1] - fw * 1.2, base[0] + fw * 1.4, base[1] + fw * 1.6], fill=255)
    # fingertips peeking out behind the far edge
    far = x1 if side == 1 else x0
    for k in range(int(r.integers(2, 4))):
        fy = ty - fw * 0.6 + k * fw * 1.05
        if fy > h:
            break
        capsule(db, (far - side * fw * 0.8, fy), (far + side * fw * r.uniform(0.35, 0.8), fy + fw * 0.15),
                fw * 0.46)
    soft = r.uniform(1.0, 2.2)                            # close to the lens: a little out of focus
    mb = np.asarray(back.filter(ImageFilter.GaussianBlur(soft + 3.0)), dtype=np.float64) / 255.0
    mf = np.asarray(front.filter(ImageFilter.GaussianBlur(soft)), dtype=np.float64) / 255.0
    mn = np.asarray(nails.filter(ImageFilter.GaussianBlur(soft)), dtype=np.float64) / 255.0 * mf
    skin = np.array(SKIN[int(r.integers(len(SKIN)))]) * r.uniform(0.94, 1.04)
    return skin, mb, mf, mn


def skin_layer(skin, m, r):
    """shaded skin: darker toward the outline, a soft highlight inside, faint blotches"""
    inner = blur(m, 10)
    tone = 0.6 + 0.45 * np.clip(inner * 1.3, 0, 1) ** 1.5
    blot = smooth_field(r, m.shape[0], m.shape[1], (6, 8), 0.03)
    return np.clip(skin[None, None, :] * (tone + blot)[:, :, None], 0, 1)


def perspective_coeffs(src_quad, dst_quad):
    """coefficients for Image.transform(PERSPECTIVE): output (dst) points map to input (src) points"""
    A, b = [], []
    for (x, y), (u, v) in zip(dst_quad, src_quad):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(A, dtype=np.float64), np.array(b, dtype=np.float64)).tolist()


def to_img(a):
    return Image.fromarray(np.clip(a * 255.0 + 0.5, 0, 255).astype(np.uint8), 'RGB')


def shopper_photo(cat, pid, setting, purpose):
    r = rng('photo ' + purpose)
    src = Image.open(os.path.join(cat.img_dir, pid + '.jpg')).convert('RGB').resize((60, 80), Image.BICUBIC)
    a = np.asarray(src, dtype=np.float64) / 255.0
    bg = backdrop_mask(a)
    CW, CH = int(W * MARGIN), int(H * MARGIN)
    info = {'setting': setting}
    # product size on the scene canvas and its place
    scale = {'bed': r.uniform(0.86, 1.0), 'shelf': r.uniform(0.8, 0.94), 'hand': r.uniform(0.72, 0.86)}[setting]
    pw, ph = int(W * scale), int(H * scale)
    ox = int((CW - pw) / 2 + r.uniform(-0.05, 0.05) * W)
    if setting == 'shelf':
        board_y = int((CH + H) / 2 - r.uniform(0.04, 0.16) * H)
        oy = board_y - ph + int(r.uniform(0.0, 0.03) * ph)
    else:
        oy = int((CH - ph) / 2 + r.uniform(-0.05, 0.05) * H)
    prod = np.asarray(src.resize((pw, ph), Image.HAMMING), dtype=np.float64) / 255.0
    m_bg = np.asarray(Image.fromarray((bg * 255).astype(np.uint8), 'L').resize((pw, ph), Image.BILINEAR),
                      dtype=np.float64) / 255.0
    # push the backdrop about three working pixels into the product's light rim, then soften the edge
    m_im = Image.fromarray(np.clip(m_bg * 255 + 0.5, 0, 255).astype(np.uint8), 'L').filter(ImageFilter.MaxFilter(7))
    m_bg = blur(np.asarray(m_im, dtype=np.float64) / 255.0, 1.2)
    fold = None
    if setting == 'bed':
        surf, fold = surface_bed(r, CH, CW)
    elif setting == 'shelf':
        surf = surface_shelf(r, CH, CW, board_y)
    else:
        surf = surface_room(r, CH, CW)
    scene = surf.copy()
    obj = np.zeros((CH, CW))
    obj[oy:oy + ph, ox:ox + pw] = 1 - m_bg
    if setting == 'shelf':
        # a soft shadow of the product on the back wall, offset to one side
        dx = int(r.uniform(0.03, 0.07) * W) * (1 if r.random() < 0.5 else -1)
        sh = np.roll(obj, dx, axis=1)
        sh = blur(sh, r.uniform(5, 9)) * r.uniform(0.18, 0.32)
        scene = scene * (1 - sh[:, :, None])
    if setting == 'bed':
        # a contact shadow round the product lying on the duvet
        sh = blur(obj, r.uniform(4, 7)) * r.uniform(0.12, 0.22)
        scene = scene * (1 - sh[:, :, None])
    region = scene[oy:oy + ph, ox:ox + pw]
    comp = prod * (1 - m_bg[:, :, None]) + region * m_bg[:, :, None]
    if fold is not None:
        comp = comp * (1 + 0.5 * fold[oy:oy + ph, ox:ox + pw])[:, :, None]
    scene[oy:oy + ph, ox:ox + pw] = comp
    if setting == 'hand':
        skin, mb, mf, mn = draw_hand(r, CH, CW, obj)
        behind = mb * (1 - obj)
        scene = scene * (1 - behind[:, :, None]) + skin_layer(skin, mb, r) * behind[:, :, None]
        ftone = skin_layer(skin, mf, r)
        ftone = ftone * (1 - 0.55 * mn[:, :, None]) + np.array([0.95, 0.85, 0.83])[None, None, :] * (
            0.55 * mn[:, :, None])
        # the thumb's soft shadow on the product below it
        tsh = np.roll(np.roll(blur(mf, 5), 6, axis=0), 3, axis=1) * 0.3
        scene = scene * (1 - tsh[:, :, None])
        scene = scene * (1 - mf[:, :, None]) + ftone * mf[:, :, None]
    # a cast shadow with a penumbra over part of the frame (a window bar, a shelf above, the shopper's arm)
    info['shadow'] = bool(r.random() < 0.55)
    if info['shadow']:
        ang = r.uniform(0, 2 * np.pi)
        yy, xx = np.mgrid[0:CH, 0:CW].astype(np.float64)
        d = (xx - CW / 2) * np.cos(ang) + (yy - CH / 2) * np.sin(ang)
        dn = d / (np.abs(d).max())
        cut = np.quantile(dn, 1 - r.uniform(0.2, 0.45))
        curve = np.sin((xx * np.sin(ang) - yy * np.cos(ang)) / r.uniform(60, 140)) * r.uniform(0, 0.05)
        pen = r.uniform(0.02, 0.06)
        s = np.clip((dn + curve - cut) / pen + 0.5, 0, 1)
        dark = r.uniform(0.18, 0.38)
        tint = np.array([1.08, 1.0, 0.82])
        scene = scene * (1 - dark * s[:, :, None] * tint[None, None, :])
    # light colour: warm lamp on the bed, cool LED on the shelf, mixed daylight in the hand; then a partial AWB
    cast = {'bed': (r.uniform(1.04, 1.09), 1.0, r.uniform(0.88, 0.95)),
            'shelf': (r.uniform(0.96, 0.99), r.uniform(1.01, 1.03), r.uniform(1.02, 1.06)),
            'hand': (r.uniform(0.97, 1.03), 1.0, r.uniform(0.97, 1.04))}[setting]
    scene = scene * np.array(cast)[None, None, :]
    bright = scene.mean(2) > np.quantile(scene.mean(2), 0.5)
    means = scene[bright].mean(0)
    corr = (means.mean() / means) ** r.uniform(0.4, 0.7)
    scene = np.clip(scene * corr[None, None, :], 0, 1)
    # the camera: roll, keystone from the phone's pitch, a small offset; the frame is cut from the bigger scene
    roll = np.deg2rad(r.uniform(-6, 6))
    key = r.uniform(-0.06, 0.06)
    cx, cy = CW / 2 + r.uniform(-0.03, 0.03) * W, CH / 2 + r.uniform(-0.03, 0.03) * H
    zoom = r.uniform(0.96, 1.08)
    hw, hh = W / 2 / zoom, H / 2 / zoom
    corners = [(-hw * (1 + key), -hh), (hw * (1 + key), -hh), (hw * (1 - key), hh), (-hw * (1 - key), hh)]
    src_quad = [(cx + x * np.cos(roll) - y * np.sin(roll), cy + x * np.sin(roll) + y * np.cos(roll))
                for x, y in corners]
    dst_quad = [(0, 0), (W, 0), (W, H), (0, H)]
    co = perspective_coeffs(src_quad, dst_quad)
    img = to_img(scene).transform((W, H), Image.PERSPECTIVE, co, Image.BICUBIC)
    f = np.asarray(img, dtype=np.float64) / 255.0
    # focus: the far side (the narrower edge) is softer; a third of the photos are out of focus overall
    far = blur(f, r.uniform(1.5, 3.2))
    yy = np.mgrid[0:H, 0:W][0].astype(np.float64) / H
    ramp = (1 - yy) if key > 0 else yy
    ramp = np.clip((ramp - r.uniform(0.35, 0.6)) / 0.4, 0, 1)
    f = f * (1 - ramp[:, :, None]) + far * ramp[:, :, None]
    info['defocus'] = bool(r.random() < 0.35)
    if info['defocus']:
        f = blur(f, r.uniform(0.9, 1.8))
    info['shake'] = bool(r.random() < 0.25)
    if info['shake']:
        ang = r.uniform(0, np.pi)
        n = int(r.integers(3, 7))
        acc = np.zeros_like(f)
        for k in range(n):
            t = k - (n - 1) / 2
            acc += np.roll(np.roll(f, int(round(t * np.cos(ang))), axis=1), int(round(t * np.sin(ang))), axis=0)
        f = acc / n
    # exposure: meter on the bright end, a gamma and a little contrast
    lum = f @ np.array([0.299, 0.587, 0.114])
    gain = np.clip(r.uniform(0.86, 0.97) / max(np.quantile(lum, 0.98), 1e-3), 0.85, 1.18)
    f = np.clip(f * gain, 0, 1) ** r.uniform(0.93, 1.08)
    f = np.clip(0.5 + (f - 0.5) * r.uniform(0.92, 1.06), 0, 1)
    # the sensor: a box shrink to 2x, signal-dependent noise (shot plus read), a box shrink to 60x80
    im2 = to_img(f).reduce(2)
    v = np.asarray(im2, dtype=np.float64)
    k1, k2 = r.uniform(0.5, 2.0), r.uniform(0.01, 0.05)
    sig = np.sqrt(k1 + k2 * v.mean(2, keepdims=True))
    lum_n = r.standard_normal(v.shape[:2])[:, :, None]
    chr_n = r.standard_normal(v.shape) * 0.5
    v = v + sig * (lum_n + chr_n)
    im = Image.fromarray(np.clip(v + 0.5, 0, 255).astype(np.uint8), 'RGB').reduce(2)
    info['sharpen'] = bool(r.random() < 0.4)
    if info['sharpen']:
        s = r.uniform(0.15, 0.35)
        kern = [-s, -s, -s, -s, 1 + 8 * s, -s, -s, -s, -s]
        im = im.filter(ImageFilter.Kernel((3, 3), kern, scale=1))
    q = int(r.integers(58, 91))
    sub = int(pick(r, [0, 1, 2, 2]))
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=q, subsampling=sub)
    info.update(quality=q, subsampling=sub)
    return buf.getvalue(), info


# ----------------------------------------------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--catalog', default=DEFAULT_CATALOG)
    ap.add_argument('--out', default=DEFAULT_OUT)
    args = ap.parse_args()
    cat = Catalog(args.catalog)
    slots = select_targets(cat, build_slots())
    make_texts(slots, cat)

    img_dir = os.path.join(args.out, 'images', 'paraphrase15')
    os.makedirs(img_dir, exist_ok=True)
    for fn in sorted(os.listdir(img_dir)):
        if fn.startswith(PREFIX + '-') and fn.endswith('.jpg'):
            os.remove(os.path.join(img_dir, fn))
    photo_slots = [s for s in slots if s['kind'] in ('image', 'composed')]
    settings = (['bed', 'shelf', 'hand'] * 20)[:len(photo_slots)]
    perm = rng('photo settings').permutation(len(settings))
    photo_info = {}
    for s, k in zip(photo_slots, perm):
        did = '%s-%03d' % (PREFIX, s['idx'])
        shown = s['target']['id'] if s['kind'] == 'image' else s['ref']['id']
        data, info = shopper_photo(cat, shown, settings[k], did)
        with open(os.path.join(img_dir, did + '.jpg'), 'wb') as f:
            f.write(data)
        s['photo'] = 'images/paraphrase15/%s.jpg' % did
        photo_info[did] = info

    out = []
    for s in slots:
        tgt = s['target']
        did = '%s-%03d' % (PREFIX, s['idx'])
        if s['kind'] == 'image':
            rel = cat.same_title(tgt)
        else:
            rel = cat.relevant(tgt, stated_gender(tgt['gender']), s['names'])
        turns = [{'text': t, 'image': None} for t in s['texts']]
        if s['kind'] in ('image', 'composed'):
            turns[0]['image'] = s['photo']
        out.append({'id': did, 'kind': s['kind'], 'turns': turns, 'target': tgt['id'],
                    'relevant': sorted(rel, key=int),
                    'constraints': {'articleType': tgt['articleType'], 'baseColour': tgt['baseColour'],
                                    'gender': tgt['gender']}})
    verify(out, slots, args, photo_info)
    path = os.path.join(args.out, 'paraphrase15.jsonl')
    with open(path, 'w', encoding='utf-8') as f:
        for d in out:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
    summary(out, slots, photo_info, path)


def verify(out, slots, args, photo_info):
    # a fresh read of the catalog and a plain scan for every list
    with open(args.catalog, newline='', encoding='utf-8') as f:
        rows = list(csv.DictReader(f))
    by_id = {r['id']: r for r in rows}
    assert [d['id'] for d in out] == ['%s-%03d' % (PREFIX, k) for k in range(120)]
    assert Counter(d['kind'] for d in out) == Counter(KIND_COUNTS)
    assert len(set(d['target'] for d in out)) == 120
    for d, s in zip(out, slots):
        assert list(d) == ['id', 'kind', 'turns', 'target', 'relevant', 'constraints']
        assert all(list(t) == ['text', 'image'] for t in d['turns']) and 1 <= len(d['turns']) <= 4
        t = by_id[d['target']]
        assert t['baseColour'] != 'NA'
        assert d['constraints'] == {'articleType': t['articleType'], 'baseColour': t['baseColour'],
                                    'gender': t['gender']}
        if d['kind'] == 'image':
            exp = [r['id'] for r in rows if r['productDisplayName'] == t['productDisplayName']
                   and r['gender'] == t['gender'] and r['baseColour'] == t['baseColour']
                   and r['articleType'] == t['articleType']]
            assert len(d['turns']) == 1 and d['turns'][0]['image']
        else:
            runs = [norm_title(n) for n in s['names']]
            exp = []
            for r in rows:
                if r['articleType'] == t['articleType'] and r['baseColour'] == t['baseColour'] and \
                        gender_ok(t['gender'], r['gender']):
                    tok = norm_title(r['productDisplayName'])
                    if all(any(tok[k:k + len(run)] == run for k in range(len(tok) - len(run) + 1)) for run in runs):
                        exp.append(r['id'])
            text = ' '.join(x['text'] for x in d['turns']).lower()
            for n in s['shown']:
                assert n.lower() in text, (d['id'], n)
        assert sorted(exp, key=int) == d['relevant'], (d['id'], exp, d['relevant'])
        assert d['target'] in d['relevant'] and len(d['relevant']) <= 3
        for rid in d['relevant']:
            r = by_id[rid]
            assert r['articleType'] == t['articleType'] and r['baseColour'] == t['baseColour']
        if d['kind'] == 'composed':
            ref = s['ref']
            assert ref['articleType'] == t['articleType'] and ref['gender'] == t['gender']
            assert ref['baseColour'] != t['baseColour'] and ref['id'] not in set(x['target'] for x in out)
            assert d['turns'][0]['image'] and all(x['image'] is None for x in d['turns'][1:])
        if d['kind'] in ('progressive', 'correction'):
            assert all(x['image'] is None for x in d['turns'])
        for x in d['turns']:
            if x['image']:
                p = os.path.join(args.out, x['image'])
                im = Image.open(p)
                assert im.size == (60, 80) and im.format == 'JPEG' and im.mode == 'RGB'
    refs = [s['ref']['id'] for s in slots if s['kind'] == 'composed']
    assert len(set(refs)) == len(refs)


def colour_mentions(slots):
    """how each colour (target and wrong ones) was worded in the final texts: plain, shade or comparison"""
    cnt = Counter()
    for s in slots:
        if s['kind'] == 'image':
            continue
        text = ' '.join(s['texts']).lower()
        tgt = s['target']['baseColour']
        cols = [tgt] + ([s['wrong_colour']] if s.get('wrong_colour') else [])
        for c in cols:
            found = None
            for style, table in (('compare', COMPARE), ('shade', SHADES)):
                for ph in table.get(c, []):
                    if ph.lower() in text:
                        found = style
                        break
                if found:
                    break
            if not found and PLAIN.get(c, c.lower()) in text:
                found = 'plain'
            cnt[found or 'slipped'] += 1
    return cnt


def summary(out, slots, photo_info, path):
    print('wrote %s (%d dialogues)' % (path, len(out)))
    print('kinds', dict(Counter(d['kind'] for d in out)))
    print('correction subkinds', dict(Counter(s['sub'] for s in slots if s['kind'] == 'correction')),
          'styles', dict(Counter((s['sub'], s['style']) for s in slots if s['kind'] == 'correction')))
    print('progressive splits', dict(Counter(s['split'] for s in slots if s['kind'] == 'progressive')))
    print('turns', dict(sorted(Counter(len(d['turns']) for d in out).items())), 'total',
          sum(len(d['turns']) for d in out))
    print('genders', dict(Counter(d['constraints']['gender'] for d in out)))
    print('article types', len(set(d['constraints']['articleType'] for d in out)),
          'colours', len(set(d['constraints']['baseColour'] for d in out)))
    print('name modes', dict(Counter(s['mode'] for s in slots if s['kind'] != 'image')))
    print('relevant sizes', dict(sorted(Counter(len(d['relevant']) for d in out).items())))
    print('texting', sum(1 for s in slots if s.get('texting')), 'slips', sum(1 for s in slots if s.get('slip')),
          'misspelt names', [s['misspelt'] for s in slots if s.get('misspelt')])
    print('colour mentions', dict(colour_mentions(slots)))
    print('photos', len(photo_info), dict(Counter(i['setting'] for i in photo_info.values())),
          'shadow', sum(i['shadow'] for i in photo_info.values()),
          'defocus', sum(i['defocus'] for i in photo_info.values()),
          'shake', sum(i['shake'] for i in photo_info.values()),
          'sharpen', sum(i['sharpen'] for i in photo_info.values()))


if __name__ == '__main__':
    main()
