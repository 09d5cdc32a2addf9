#!/usr/bin/env python3
"""Write bench/heldout/paraphrase7.jsonl and images/paraphrase7/ (150 dialogues, generated).

usage: python bench/heldout/make_paraphrase7.py [--meta FILE]

Fixed seed; every random draw comes from a generator seeded with a SHA-256 of the seed string
and the draw's purpose (never hash(), never set order). Needs Pillow and numpy only.
Kinds as in dev: progressive 55, correction 35, composed 35, image 25.
--meta FILE also writes per-dialogue details (quoted names, slips, photo parameters); not part of the set.
"""
import csv
import hashlib
import io
import json
import math
import os
import random
import re
import sys

import numpy as np
from PIL import Image, ImageFilter

SEED = 'paraphrase7/2024-heldout/v1'
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
CATALOG = os.path.join(ROOT, 'data', 'fashion-small', 'catalog.csv')
PHOTOS = os.path.join(ROOT, 'data', 'fashion-small', 'images')
OUT_JSONL = os.path.join(HERE, 'paraphrase7.jsonl')
OUT_IMG_REL = 'images/paraphrase7'
OUT_IMG = os.path.join(HERE, 'images', 'paraphrase7')

N_KIND = {'progressive': 55, 'correction': 35, 'composed': 35, 'image': 25}


def seed_of(*parts):
    h = hashlib.sha256(('|'.join([SEED] + [str(p) for p in parts])).encode('utf-8')).digest()
    return int.from_bytes(h[:8], 'big')


def rng(*parts):
    return random.Random(seed_of(*parts))


def nrng(*parts):
    return np.random.default_rng(seed_of(*parts))


def hkey(*parts):
    return hashlib.sha256(('|'.join([SEED] + [str(p) for p in parts])).encode('utf-8')).hexdigest()


# ----------------------------------------------------------------------------------------------
# catalog

def norm_tokens(s):
    s = s.lower().replace('&', ' and ')
    s = re.sub(r"['\u2019.]", '', s)
    return [t for t in re.split(r'[^a-z0-9]+', s) if t]


def gender_ok(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


def quote_matches(quote, title_toks):
    q = norm_tokens(quote)
    if not q:
        return False
    n = len(q)
    for i in range(len(title_toks) - n + 1):
        ok = True
        for j in range(n):
            t = title_toks[i + j]
            if j < n - 1:
                if t != q[j]:
                    ok = False
                    break
            elif not t.startswith(q[j]):
                ok = False
                break
        if ok:
            return True
    return False


GENDER_WORDS = {'men', 'women', 'woman', 'womens', 'mens', 'unisex', 'boys', 'girls', 'boy', 'girl', 'kids',
                'kid', 'for'}
KID_WORDS = {'kids', 'kid', 'boys', 'boy', 'girls', 'girl', 'infant', 'infants', 'baby', 'toddler', 'junior',
             'juniors', 'teen', 'teens'}
AMBIGUOUS_BRANDS = {'w', 'ant', 'mr', 'id', 'ice', 'image', 'basics', 'cat', 'm tv', 'diva', 'little miss', 'and',
                    'kids', 'disney kids', 'the'}
GENERIC = set('''solid solids printed print prints casual formal slim fit regular stripes striped stripe check
checks checked sports sport leather cotton pack packs analogue analog digital dial strap shoes shoe shirt shirts
tshirt tshirts top tops watch watches bag bags handbag handbags style styled plain basic basics men women with the
and for new pair set combo classic design designed pattern patterned logo graphic graphics full half sleeve
sleeves sleeved long short round neck collar polo cap caps trunks trunk boxer boxers brief briefs socks sock
jeans jean trousers trouser shorts short kurta kurtas kurti kurtis tunic tunics dress dresses skirt skirts heels
heel flats flat sandals sandal slipper slippers flip flop flops sunglasses sunglass belt belts wallet wallets
jacket jackets sweater sweaters sweatshirt sweatshirts track pant pants capris capri leggings legging stockings
stocking scarf scarves stole stoles muffler mufflers tie ties cufflink cufflinks perfume perfumes deo deos
deodorant spray gloves glove umbrella umbrellas backpack backpacks duffle duffel laptop mobile pouch clutch
clutches bra hat headband waistcoat churidar dupatta saree rucksack necklace bracelet shrug tights football
tracksuit tracksuits innerwear vest vests lounge accessory accessories gift fragrance body mist travel messenger
waist salwar suit ml edt edp colour coloured color colored light dark medium bright multi dyed washed wash
slip case sleeve knitted knit woven hooded hood zip zipper ankle length mid low high pocket pockets inner
wear dri fitted essential essentials assorted mens womens unisex kids pcs piece pieces lace laces casuals
ethnic western party sporty sportswear everyday daily basic one two three pure'''.split())
COLOUR_WORDS = set('''black white blue grey gray brown red green navy purple pink beige maroon yellow olive silver
steel orange cream gold golden tan multi charcoal khaki magenta off copper lavender peach teal mustard coffee rust
turquoise melange burgundy bronze taupe fluorescent sea metallic mauve nude skin aqua violet indigo lime sky
rose wine ivory fuchsia mint coral cyan jet neon camel ochre plum lilac greyish torquoise multicolour
multicolor multicoloured offwhite'''.split())

TYPE_KEYWORD = {'tshirt': 'Tshirts', 'shirt': 'Shirts', 'top': 'Tops', 'kurta': 'Kurtas', 'kurti': 'Kurtis',
                'watch': 'Watches', 'handbag': 'Handbags', 'heel': 'Heels', 'wedge': 'Heels',
                'sunglass': 'Sunglasses', 'sweater': 'Sweaters', 'sandal': 'Sandals', 'wallet': 'Wallets',
                'flop': 'Flip Flops', 'slipper': 'Flip Flops', 'sweatshirt': 'Sweatshirts', 'belt': 'Belts',
                'trouser': 'Trousers', 'jean': 'Jeans', 'sock': 'Socks', 'jacket': 'Jackets', 'flat': 'Flats',
                'backpack': 'Backpacks', 'brief': 'Briefs', 'short': 'Shorts', 'vest': 'Innerwear Vests',
                'cap': 'Caps', 'tie': 'Ties', 'clutch': 'Clutches', 'dress': 'Dresses', 'muffler': 'Mufflers',
                'skirt': 'Skirts', 'trunk': 'Trunk', 'scarf': 'Scarves', 'scarve': 'Scarves',
                'cufflink': 'Cufflinks', 'capri': 'Capris', 'tunic': 'Tunics', 'stocking': 'Stockings',
                'legging': 'Leggings', 'tracksuit': 'Tracksuits', 'bra': 'Bra', 'glove': 'Gloves',
                'dupatta': 'Dupatta', 'umbrella': 'Umbrellas', 'stole': 'Stoles', 'hat': 'Hat', 'boxer': 'Boxers',
                'saree': 'Sarees', 'pant': 'Track Pants', 'bag': 'Handbags', 'pouch': 'Mobile Pouch',
                'perfume': 'Perfume and Body Mist', 'deo': 'Deodorant', 'deodorant': 'Deodorant',
                'shoe': 'Casual Shoes', 'set': 'Accessory Gift Set', 'suit': 'Kurta Sets', 'combo': 'Accessory Gift Set'}
# keywords that several types legitimately end with
SHARED_END = {'shoe': {'Casual Shoes', 'Sports Shoes', 'Formal Shoes'},
              'bag': {'Handbags', 'Laptop Bag', 'Duffel Bag', 'Messenger Bag', 'Travel Accessory', 'Waist Pouch'},
              'pant': {'Track Pants', 'Lounge Pants'},
              'set': {'Accessory Gift Set', 'Fragrance Gift Set', 'Kurta Sets'},
              'short': {'Shorts', 'Lounge Shorts'},
              'brief': {'Briefs'}, 'pack': set(), 'pouch': {'Mobile Pouch', 'Waist Pouch'},
              'perfume': {'Perfume and Body Mist'}, 'deo': {'Deodorant'}, 'deodorant': {'Deodorant'},
              'combo': {'Accessory Gift Set'}, 'suit': {'Kurta Sets'}, 'boxer': {'Boxers'}, 'trunk': {'Trunk'}}


def singular(w):
    if w.endswith('ses') and w[:-2] in TYPE_KEYWORD:
        return w[:-2]
    if w.endswith('es') and w[:-2] in TYPE_KEYWORD:
        return w[:-2]
    if w.endswith('s') and w[:-1] in TYPE_KEYWORD:
        return w[:-1]
    return w


def load_catalog():
    rows = list(csv.DictReader(open(CATALOG, newline='', encoding='utf-8')))
    for r in rows:
        r['toks'] = norm_tokens(r['productDisplayName'])
        raw = re.split(r'\s+', r['productDisplayName'].strip())
        r['raw'] = raw
    return rows


def file_md5(path):
    return hashlib.md5(open(path, 'rb').read()).hexdigest()


def build_brands(rows):
    """Brand = the title words before its gender word; the shortest such prefix that is itself the
    complete pre-gender part of at least 2 titles. Titles without a gender word take the longest known
    brand they start with."""
    pre_count = {}
    pres = {}
    for r in rows:
        raw = r['raw']
        gi = None
        for i, w in enumerate(raw):
            if set(norm_tokens(w)) & GENDER_WORDS and norm_tokens(w) and norm_tokens(w)[0] in GENDER_WORDS:
                gi = i
                break
        if gi is not None and 1 <= gi <= 5:
            pre = tuple(raw[:gi])
            pres[r['id']] = pre
            key = tuple(norm_tokens(' '.join(pre)))
            pre_count[key] = pre_count.get(key, 0) + 1
        r['gidx'] = gi
    known = {k for k, c in pre_count.items() if c >= 2}
    for r in rows:
        raw = r['raw']
        brand = None
        if r['id'] in pres:
            pre = pres[r['id']]
            for n in range(1, len(pre) + 1):
                if tuple(norm_tokens(' '.join(pre[:n]))) in known:
                    brand = pre[:n]
                    break
        else:
            best = None
            for n in range(1, min(5, len(raw)) + 1):
                if tuple(norm_tokens(' '.join(raw[:n]))) in known:
                    best = raw[:n]
            brand = best
        if brand is not None:
            bstr = ' '.join(brand)
            bn = ' '.join(norm_tokens(bstr))
            if (bn in AMBIGUOUS_BRANDS or len(bn) < 2 or set(norm_tokens(bstr)) & COLOUR_WORDS
                    or len(brand) > 4):
                brand = None
        r['brand'] = ' '.join(brand) if brand else None
        r['brand_len'] = len(brand) if brand else 0


def build_title_words(rows):
    df = {}
    for r in rows:
        for t in set(r['toks']):
            df[t] = df.get(t, 0) + 1
    type_words = set()
    for r in rows:
        type_words |= set(norm_tokens(r['articleType']))
    for r in rows:
        raw = r['raw']
        start = r['brand_len']
        if r['gidx'] is not None and r['gidx'] >= start:
            start = r['gidx'] + 1
        words = []
        for i in range(start, len(raw)):
            w = raw[i]
            if not re.fullmatch(r'[A-Za-z]+', w):
                words.append(None)
                continue
            lw = w.lower()
            ok = (len(w) >= 4 or (len(w) == 3 and w[0].isupper() and w[1:].islower()))
            ok = ok and lw not in GENERIC and lw not in COLOUR_WORDS and lw not in GENDER_WORDS
            ok = ok and lw not in type_words and singular(lw) not in TYPE_KEYWORD and lw not in KID_WORDS
            ok = ok and not (w.isupper() and len(w) <= 4)
            ok = ok and re.search(r'[aeiou]', lw[:3]) is not None
            ok = ok and df.get(lw, 0) <= 80
            words.append(w if ok else None)
        r['twords'] = words  # aligned to raw[start:]
        r['tstart'] = start


# ----------------------------------------------------------------------------------------------
# vocabulary (own; checked against the phrases quoted for the earlier sets in the README)

# (article, singular, plural); article 'a pair of' / 'some' for pair and mass nouns
ITEMS = {
    'Tshirts': [('a', 't-shirt', 't-shirts'), ('a', 'short-sleeved t-shirt', 'short-sleeved t-shirts'),
                ('a', 'comfy t-shirt', 'comfy t-shirts'), ('a', 'weekend t-shirt', 'weekend t-shirts')],
    'Shirts': [('a', 'work shirt', 'work shirts'), ('a', 'smart shirt', 'smart shirts'),
               ('a', 'long-sleeved shirt', 'long-sleeved shirts'), ('a', 'shirt', 'shirts')],
    'Casual Shoes': [('a pair of', 'everyday shoes', 'everyday shoes'), ('a pair of', 'street shoes', 'street shoes'),
                     ('a pair of', 'weekend shoes', 'weekend shoes')],
    'Sports Shoes': [('a pair of', 'running shoes', 'running shoes'), ('a pair of', 'gym shoes', 'gym shoes'),
                     ('a pair of', 'workout shoes', 'workout shoes')],
    'Formal Shoes': [('a pair of', 'smart shoes', 'smart shoes'), ('a pair of', 'work shoes', 'work shoes'),
                     ('a pair of', 'suit shoes', 'suit shoes')],
    'Tops': [('a', 'blouse', 'blouses'), ('a', 'summer top', 'summer tops'), ('a', 'pretty top', 'pretty tops')],
    'Kurtas': [('a', 'kurta', 'kurtas'), ('a', 'long kurta', 'long kurtas'), ('an', 'ethnic kurta', 'ethnic kurtas')],
    'Kurtis': [('a', 'short ethnic top', 'short ethnic tops')],
    'Watches': [('a', 'wristwatch', 'wristwatches'), ('a', 'wrist watch', 'wrist watches')],
    'Handbags': [('a', 'handbag', 'handbags'), ('a', 'work bag', 'work bags'),
                 ('a', 'big everyday bag', 'big everyday bags')],
    'Heels': [('a pair of', 'heeled shoes', 'heeled shoes'), ('a pair of', 'dressy heels', 'dressy heels')],
    'Sunglasses': [('a pair of', 'sun glasses', 'sun glasses'), ('a pair of', 'glasses for sunny days',
                                                                   'glasses for sunny days')],
    'Sweaters': [('a', 'pullover', 'pullovers'), ('a', 'warm knit', 'warm knits'), ('a', 'chunky knit', 'chunky knits')],
    'Sandals': [('a pair of', 'summer sandals', 'summer sandals'), ('a pair of', 'open shoes', 'open shoes')],
    'Wallets': [('a', 'pocket wallet', 'pocket wallets'), ('a', 'card wallet', 'card wallets')],
    'Flip Flops': [('a pair of', 'flip-flops', 'flip-flops'), ('a pair of', 'beach flip-flops', 'beach flip-flops')],
    'Sweatshirts': [('a', 'warm sweatshirt', 'warm sweatshirts'), ('a', 'pullover sweatshirt', 'pullover sweatshirts')],
    'Belts': [('a', 'waist belt', 'waist belts'), ('a', 'trouser belt', 'trouser belts')],
    'Trousers': [('a pair of', 'work trousers', 'work trousers'), ('a pair of', 'smart trousers', 'smart trousers')],
    'Jeans': [('a pair of', 'jeans', 'jeans'), ('a pair of', 'everyday jeans', 'everyday jeans')],
    'Socks': [('a pair of', 'everyday socks', 'everyday socks')],
    'Jackets': [('a', 'light coat', 'light coats'), ('an', 'outer jacket', 'outer jackets'),
                ('a', 'cold-weather jacket', 'cold-weather jackets')],
    'Flats': [('a pair of', 'ballet flats', 'ballet flats'), ('a pair of', 'comfy flats', 'comfy flats')],
    'Backpacks': [('a', 'travel backpack', 'travel backpacks'), ('an', 'everyday backpack', 'everyday backpacks')],
    'Briefs': [('some', 'underwear', 'underwear'), ('a pair of', 'briefs', 'briefs')],
    'Shorts': [('a pair of', 'knee shorts', 'knee shorts'), ('a pair of', 'summer shorts', 'summer shorts')],
    'Innerwear Vests': [('an', 'innerwear vest', 'innerwear vests'), ('an', 'inner vest', 'inner vests')],
    'Caps': [('a', 'baseball cap', 'baseball caps'), ('a', 'sports cap', 'sports caps')],
    'Track Pants': [('a pair of', 'jogging trousers', 'jogging trousers'),
                    ('a pair of', 'tracksuit bottoms', 'tracksuit bottoms')],
    'Ties': [('an', 'office tie', 'office ties'), ('a', 'formal tie', 'formal ties')],
    'Clutches': [('a', 'party clutch', 'party clutches'), ('an', 'evening bag', 'evening bags')],
    'Dresses': [('a', 'summer dress', 'summer dresses'), ('a', 'party dress', 'party dresses')],
    'Mufflers': [('a', 'warm muffler', 'warm mufflers')],
    'Accessory Gift Set': [('an', 'accessory gift box', 'accessory gift boxes')],
    'Skirts': [('a', 'skirt', 'skirts')],
    'Trunk': [('a pair of', 'trunks', 'trunks')],
    'Scarves': [('a', 'scarf', 'scarves')],
    'Perfume and Body Mist': [('a', 'fragrance', 'fragrances'), ('a', 'bottle of perfume', 'bottles of perfume')],
    'Cufflinks': [('a pair of', 'cufflinks', 'cufflinks'), ('a pair of', 'shirt cufflinks', 'shirt cufflinks')],
    'Capris': [('a pair of', 'capri trousers', 'capri trousers')],
    'Laptop Bag': [('a', 'notebook bag', 'notebook bags')],
    'Tunics': [('a', 'tunic', 'tunics')],
    'Stockings': [('a pair of', 'stockings', 'stockings')],
    'Leggings': [('a pair of', 'leggings', 'leggings')],
    'Duffel Bag': [('a', 'duffle for travel', 'duffles for travel')],
    'Mobile Pouch': [('a', 'pouch for a phone', 'pouches for a phone')],
    'Deodorant': [('a', 'deodorant spray', 'deodorant sprays')],
    'Tracksuits': [('a', 'tracksuit', 'tracksuits')],
    'Sports Sandals': [('a pair of', 'sport sandals', 'sport sandals')],
    'Bra': [('a', 'bra', 'bras')],
    'Gloves': [('a pair of', 'warm gloves', 'warm gloves')],
    'Messenger Bag': [('a', 'messenger bag', 'messenger bags')],
    'Fragrance Gift Set': [('a', 'perfume gift box', 'perfume gift boxes')],
    'Dupatta': [('a', 'dupatta', 'dupattas')],
    'Lounge Shorts': [('a pair of', 'lounge shorts', 'lounge shorts')],
    'Umbrellas': [('an', 'umbrella', 'umbrellas')],
    'Churidar': [('a', 'churidar', 'churidars')],
    'Stoles': [('a', 'stole', 'stoles')],
    'Waist Pouch': [('a', 'waist pouch', 'waist pouches')],
    'Lounge Pants': [('a pair of', 'lounge pants', 'lounge pants')],
    'Headband': [('a', 'headband', 'headbands')],
    'Waistcoat': [('a', 'waistcoat', 'waistcoats')],
    'Kurta Sets': [('a', 'kurta set', 'kurta sets')],
    'Rucksacks': [('a', 'trekking rucksack', 'trekking rucksacks')],
    'Boxers': [('a pair of', 'boxers', 'boxers')],
    'Tights': [('a pair of', 'tights', 'tights')],
    'Necklace and Chains': [('a', 'necklace', 'necklaces')],
    'Bracelet': [('a', 'bracelet', 'bracelets')],
    'Shrug': [('a', 'shrug', 'shrugs')],
    'Sarees': [('a', 'saree', 'sarees')],
    'Footballs': [('a', 'football', 'footballs')],
}
# plain words for children
KID_ITEMS = {'Tshirts': ('a', 't-shirt', 't-shirts'), 'Watches': ('a', 'watch', 'watches'),
             'Casual Shoes': ('a pair of', 'shoes', 'shoes'), 'Sports Shoes': ('a pair of', 'sports shoes', 'sports shoes'),
             'Dresses': ('a', 'dress', 'dresses'), 'Sandals': ('a pair of', 'sandals', 'sandals'),
             'Tops': ('a', 'top', 'tops'), 'Leggings': ('a pair of', 'leggings', 'leggings'),
             'Shorts': ('a pair of', 'shorts', 'shorts'), 'Jeans': ('a pair of', 'jeans', 'jeans'),
             'Sweatshirts': ('a', 'sweatshirt', 'sweatshirts'), 'Skirts': ('a', 'skirt', 'skirts'),
             'Capris': ('a pair of', 'capris', 'capris')}
SKIP_TYPES = {'Free Gifts', 'Shoe Accessories', 'Travel Accessory'}

# wrong type said first in a type correction (both words for the target's gender exist in the catalog)
WRONG_TYPE = {'Flip Flops': 'Sandals', 'Sandals': 'Flip Flops', 'Casual Shoes': 'Sports Shoes',
              'Sports Shoes': 'Casual Shoes', 'Heels': 'Flats', 'Flats': 'Heels', 'Tshirts': 'Shirts',
              'Shirts': 'Tshirts', 'Sweaters': 'Sweatshirts', 'Sweatshirts': 'Sweaters', 'Kurtis': 'Kurtas',
              'Briefs': 'Trunk', 'Trunk': 'Briefs', 'Track Pants': 'Trousers', 'Trousers': 'Track Pants',
              'Clutches': 'Handbags', 'Handbags': 'Clutches', 'Tops': 'Tshirts', 'Jackets': 'Sweatshirts',
              'Shorts': 'Track Pants', 'Scarves': 'Mufflers', 'Mufflers': 'Scarves', 'Formal Shoes': 'Casual Shoes'}

# vague and everyday colour words; the catalog name is one option
COLOURS = {
    'Black': ['black', 'deep black', 'all-black', 'inky black', 'jet-black', 'blackest black'],
    'White': ['white', 'bright white', 'clean white', 'plain white', 'crisp white'],
    'Blue': ['blue', 'mid blue', 'bright blue', 'true blue', 'medium blue', 'sea blue'],
    'Navy Blue': ['navy blue', 'navy', 'dark navy', 'deep navy'],
    'Grey': ['grey', 'gray', 'cool grey', 'cloudy grey', 'concrete grey', 'pale grey'],
    'Brown': ['brown', 'earthy brown', 'dark brown', 'bark brown', 'brownish'],
    'Red': ['red', 'bright red', 'ruby red', 'reddish', 'deep red'],
    'Green': ['green', 'leafy green', 'greenish', 'forest green', 'kelly green'],
    'Purple': ['purple', 'violet', 'purpley', 'orchid purple'],
    'Pink': ['pink', 'pinkish', 'rosy pink', 'candy pink'],
    'Beige': ['beige', 'sandy beige', 'light beige', 'mushroom beige'],
    'Maroon': ['maroon', 'deep maroon', 'dark maroon'],
    'Yellow': ['yellow', 'sunny yellow', 'lemon yellow', 'mango yellow', 'yellowish'],
    'Olive': ['olive', 'olive-ish', 'dull olive'],
    'Silver': ['silver', 'silver-tone', 'silver-coloured'],
    'Steel': ['steel', 'steel-coloured', 'brushed steel', 'steely'],
    'Orange': ['orange', 'tangerine', 'pumpkin orange', 'bright orange'],
    'Cream': ['cream', 'cream-coloured', 'buttermilk cream'],
    'Gold': ['gold', 'golden', 'gold-tone'],
    'Tan': ['tan', 'tan-coloured', 'honey tan'],
    'Multi': ['multicoloured', 'many-coloured', 'colourful multi'],
    'Charcoal': ['charcoal', 'charcoal-ish'],
    'Khaki': ['khaki', 'khaki-coloured'],
    'Magenta': ['magenta', 'bold magenta'],
    'Off White': ['off white', 'soft off white'],
    'Copper': ['copper', 'copper-tone'],
    'Lavender': ['lavender', 'pale lavender'],
    'Peach': ['peach', 'peachy'],
    'Teal': ['teal', 'deep teal'],
    'Mustard': ['mustard', 'mustardy'],
    'Coffee Brown': ['coffee brown', 'coffee-coloured brown'],
    'Rust': ['rust', 'rusty'],
    'Turquoise Blue': ['turquoise blue', 'turquoise'],
    'Grey Melange': ['grey melange', 'speckled grey melange'],
    'Burgundy': ['burgundy', 'deep burgundy'],
    'Bronze': ['bronze', 'bronze-tone'],
    'Taupe': ['taupe'],
    'Fluorescent Green': ['fluorescent green', 'highlighter-bright fluorescent green'],
    'Sea Green': ['sea green'],
    'Metallic': ['metallic'],
    'Mauve': ['mauve'],
    'Nude': ['nude'],
    'Skin': ['skin-tone'],
}

# people instead of genders: (np, subject, object, possessive)
PEOPLE = {
    'Men': [('my brother Kabir', 'he'), ('my father-in-law Suresh', 'he'), ('my colleague Hamid', 'he'),
            ('Nikhil (my husband)', 'he'), ('my grandpa (74)', 'he'), ('my flatmate Luca', 'he'),
            ('my uncle Pradeep (56)', 'he'), ('my fiancé Tom', 'he'), ('our neighbour Joe Fernandes', 'he'),
            ('my dad (61 this year)', 'he'), ('me - a 27-year-old man', 'I'), ('my nephew Aryan (19)', 'he'),
            ('my boss Anil Menon', 'he'), ('my boyfriend Felix', 'he'), ('my cousin Gautam', 'he'),
            ('my stepfather Ray', 'he'), ('my brother-in-law Kenji', 'he'), ('our driver Balu', 'he'),
            ('my gym buddy Sanjay', 'he'), ('my twin brother', 'he'), ('my son-in-law Omar', 'he'),
            ('Dutta-ji (my landlord)', 'he')],
    'Women': [('my sister Leena', 'she'), ('my mother-in-law', 'she'), ('Harriet (my wife)', 'she'),
              ('my niece Zainab (22)', 'she'), ('my aunt Ritu', 'she'), ('my colleague Nadia', 'she'),
              ('my girlfriend Sophie', 'she'), ('my grandmother (79)', 'she'), ('my mum (58)', 'she'),
              ('my roommate Kavya', 'she'), ('me - a 34-year-old woman', 'I'), ('our receptionist Bina', 'she'),
              ('my daughter-in-law Fatima', 'she'), ('my best friend Ottilie', 'she'),
              ('my old teacher Mrs Pillai', 'she'), ('my stepsister Maya', 'she'), ('my godmother Anne', 'she'),
              ('Tara (my cousin, the bride)', 'she'), ('my sister-in-law Rukhsar', 'she'),
              ('my 17-year-old daughter', 'she'), ('our neighbour Mrs Ahuja', 'she')],
    'Boys': [('my 9-year-old son', 'he'), ('my little nephew Reyansh (7)', 'he'),
             ('my grandson Vihaan (10)', 'he'), ('my godson (11)', 'he'), ('a boy of 8 from next door', 'he')],
    'Girls': [('my 8-year-old daughter', 'she'), ('my little niece Anaya (6)', 'she'),
              ('my granddaughter Pihu (9)', 'she'), ('my goddaughter (7)', 'she'),
              ('a girl of 10 from our building', 'she')],
    'Unisex': [('my brother and me to share', 'they'), ('everyone at home, whoever grabs it first', 'they'),
               ('my roommates (two men, two women)', 'they'), ('the house (we share everything)', 'they'),
               ('me or my husband, whoever needs it first', 'they'), ('my sister and her boyfriend to share', 'they'),
               ('the team at work, men and women both', 'they')],
}
PRON = {'he': ('he', 'him', 'his'), 'she': ('she', 'her', 'her'), 'they': ('they', 'them', 'their'),
        'I': ('I', 'me', 'my')}

OPENERS = ['', '', '', '', 'hey there,', 'hello!', 'good evening,', 'morning!', 'hi,', 'so,', 'ahoy,',
           'hello again,', 'quick ask:', 'hey,', 'namaskaram,', 'hi everyone,']
VERBS = ["I'd love to find", 'I want to buy', 'could you show me', "I'm shopping for", 'looking to buy',
         'I need to order', 'I wish to purchase', 'planning to get', "I'd like to find", 'trying to buy',
         'in search of', 'can you find me', "I've got to buy", 'searching for', "I'd like to order"]
ENDINGS = ['', '', '', '', ', thank you!', ' - thanks so much', '. Many thanks', ', appreciate it', ' 😊', ' ✨',
           ", that'd be great", '. thanks heaps', '. arigato', ', shukran', '. obrigado', ' 🙂']

# first turns: {o} opener, {v} verb, {it} item with article, {its} plural item, {P} person, {obj}, {poss}, {e} ending
T1_PLAIN = ['{o} {v} {it} for {P}{e}', '{o} {v} {it}; buying for {P}{e}', '{o} {P} needs {it}{e}']
T1_QUESTION = ['{o} any good {its} for {P}?', '{o} what {its} would suit {P}?',
               '{o} do you sell {its} that {P} would like?']
T1_STORY = ['{o} {P} has a birthday this weekend, so I want {it} for {obj}{e}',
            '{o} {P} wore out {poss} old one, so {it} is on my list{e}',
            '{o} {P} starts a new job soon, so I would like to surprise {obj} with {it}{e}',
            '{o} {P} is visiting next month; thought I would get {obj} {it}{e}',
            '{o} {P} passed an exam last week, gift idea is {it}{e}',
            '{o} {P} celebrates an anniversary soon; {it} would make a nice present{e}']
T1_TERSE = ['{It} for {P}. options?', '{It} - who: {P}', '{It} needed - {P} will get it']
T1_POLITE = ['Hello, could you kindly suggest {it} that {P} would like? Thank you.',
             'Good day. I would be glad to see {its} suitable for {P}.']
T1_ITEM_ONLY = ['{o} {v} {it}{e}', '{o} {its}, please{e}', '{o} do you sell {its}?{e}']
T2_PERSON = ["oh, it's a present for {P}", "should mention it's meant for {P}", 'it will be used by {P}',
             'it is going to {P}', 'by the way, {P} is the lucky one']
T2_SELF = ['oh, it is for {P}', 'should mention the buyer is {P}']
T1_PLAIN_SELF = ['{o} {v} {it} for {P}{e}', '{o} {v} {it}; buying for {P}{e}']

# colour turns
T_COLOUR = ['{c} ideally', 'in {c}, if that is possible', 'preferably {c}', 'the colour should be {c}',
            '{c} please, nothing flashy', "let's say {c}", "I'm picturing {c}", 'something in {c}',
            'a {c} one would suit', 'any in {c}?', 'colour wanted: {c}', 'hoping for {c}']
T_COLOUR_PERSON = ['{c} suits {obj} best', '{Subj} mostly wears {c}', '{Poss} favourite colour is {c}',
                   '{c}, to go with {poss} other stuff', '{Subj} asked for {c}']
T_COLOUR_SHARED = ['{c} - we all like it', '{c} works for everyone']

# corrections
T_FIX_COLOUR = ['erm, correction: {c2}, not {c1}', 'no no, I typed {c1} but meant {c2}',
                'mistyped the colour - {c2} please', 'change the colour to {c2}', '{c1}? nope. {c2}',
                'hmm, {c2} rather than {c1}', 'prefer {c2} over {c1} now', 'just checked - {c2} is the one, not {c1}']
T_FIX_COLOUR_PERSON = ['{Subj} already owns {a_c1} one, so {c2} now', '{Subj} said {c1} is boring - {c2} then',
                       'asked {obj} just now: {c2}, not {c1}']
T_FIX_PERSON = ['sorry - wrong person. this is for {P2}', 'hold on, {P1} has one already; {P2} needs it',
                'correction: the gift goes to {P2}, not {P1}', 'my mistake, I meant {P2}',
                'not {P1} after all - {P2} gets this one']
T_FIX_TYPE = ['sorry, I typed {w} - I meant {r}', 'not {wp}, {rp}! long day', "ignore the {w} part, it's {ra} I need",
              'oops, {rp}, not {wp}', 'wrong item, I wanted {ra}']

# name words: {b} brand, {w} one title word, {w2} two adjacent title words
T_BRAND = ["it's the {b} one", 'from {b}, if I am not wrong', 'the label was {b}', '{b} is the make',
           '{b} only please', 'the brand: {b}', 'pretty sure it was {b}', 'my guess is {b}',
           'has to be from {b}', 'a {b} product']
T_BRAND_PERSON = ['{Subj} swears by {b}', '{Subj} wants {b}, nothing else', '{Subj} likes the {b} stuff']
T_WORD = ["the title mentioned {w}", "'{w}' featured in the listing title", 'product name had something like {w}',
          'called {w}, I think', 'look for the word {w}', '{w} is in the name somewhere',
          'the name on the page was {w}', 'it goes by {w}']
T_TWO = ["'{w}' was in the title", "the title read something like '{w}'", "the words '{w}' were in the name",
         "it was the '{w}' one"]
T_BOTH = ['{b}, the {w} model', 'the {w} one, made by {b}', "{b} - with '{w}' in the title", '{b} {w}, I believe',
          'brand is {b}, model {w}', "{b}'s {w} line", 'it was a {b} called {w}']
T_SPLIT_BRAND = ['the brand was {b}', 'made by {b}, I think', 'oh and {b} is the maker']
T_SPLIT_WORD = ["oh, '{w}' was in the title", "plus '{w}' in the title", 'model name: {w}']

# composed (photo of another product): {c} the target's colour
T_COMPOSED = ['same design, only in {c}?', 'does this come in {c}?', '{c} version please, same style',
              'I want one like the photo but {c}', 'in {c} would be perfect - same model', 'this style in {c}, please',
              'seen this - does a {c} one exist?', 'need the {c} edition of this', 'possible to order it in {c}?',
              'photo shows the wrong colour for me, {c} please', 'love it, just want it {c}']
# when the catalog has no same model in another colour: the photo only shows the kind of thing
T_COMPOSED_LIKE = ['something like the photo, but {c}', 'a {c} one in roughly this style', 'along these lines, in {c}']
T_COMPOSED_PERSON = ['for {P}', 'a present for {P}', 'buying for {P}']

# image lines, each used once
IMAGE_LINES = ['found this pic on my phone - where is it from?', 'does your shop carry this?',
               'my friend wears this, I want it too', 'can you find this for me', 'this exact thing please',
               'saw this at a cafe, want it', 'which one is this?', 'screenshot from a reel, got it?',
               'need this one', 'pic from my cousin\'s wedding, can I buy this?', 'do you stock this',
               'this please!', 'want to order this', 'lost mine, want the same', 'who sells this? you?',
               'took this pic at a store, how much?', 'found in my gallery. buy link?', 'same one please',
               'is this available?', 'got a photo of it, need it', 'this looks nice, where to buy',
               'my colleague has this one', 'spotted this on a stranger, want it', 'can I order this here',
               'trying to find this exact one']

# phone autocorrect: a real word typed, another real word sent
AUTOCORRECT = {'definitely': 'defiantly', 'pretty': 'petty', 'think': 'thing', 'whether': 'weather',
               'than': 'then', 'were': "we're", 'week': 'weak', 'there': 'their', 'which': 'witch',
               'course': 'curse', 'wondering': 'wandering'}
TEXTING = {'please': 'plsss', 'thanks': 'thanx', 'probably': 'prolly', 'definitely': 'def', 'let me': 'lemme',
           'by the way': 'fyi', 'to be honest': 'tbh', 'something': 'smthn'}

# slips must not produce a real word of the vocabulary or a word quoted for earlier sets
REFUSED_SLIPS = set('''blak shrit colur blck brand band back sone seem knew pear hes ill its thats wasnt whats
dont cant wont sandles womans shud sleve'''.split())
# single words quoted in bench/heldout/README.md for the earlier sets: a slip never produces one
QUOTED_WORDS = set('''abba absolutly abt actually acutally addidas adidaas adidas alabaster allready almond ameriacn amethyst and
ant anthracite apparantly apricot argyle arround arrrow asap aubergine aviator azure baby back bagg baggit
bagit bags baingani balerinas ballerinas band bandana bandhgala baniyan baniyans basic basics bcoz bday beaded
beckam beenetton beetroot bekham beleive bellies benettn benetton benneton bermudas bhai bhaiya bhura bikini
billfold biscuit black blackish blak blck blk bloke blonk bluish blush bnce bolero bordeaux boringgg bout
boyfreind boys brand brolly broun bruther buckle buff butterscotch cable callrd camel canary cant caps caramel
carerra cargo casual casuals cat catw catwalk cels cerise cerulean challengre chandi chappals chasing cheapest
check cheers chestnut chhatri chinos chnage chocolate chocoolate chrome chunni chunri churidar claret clarkes
clg cobalt cocoa cognac colege collor colur comma completly coppery cos coudl couldnt coulour coz creamy
crewneck crimson cruso crystal cud cuff culd culour cuz dads dadu damsn damson danke daypack definately denim
denims deniyo deo dhanyavaad diawli didnt digital dijon dinamo dissapear diva diwali doesnt dont dood doodle
drivin drsp duo ebony ecru eggshell eldoorado elephhant embroid embroidrd embroidred emerald engagment
espresso evry fascit fawn fcait felt finaly firozi flat flats floaters floral fluro footlose footy for foto
freezin freind frill frm frnd frnds frock fuchsia furure garnet gentlemen's gents getitng ghadi gilet gilt
girls glares glasss goggles goimg gold gonna gotta gracias graphic graphite grate greige greyish grn gulabi
gulal guys' haha haldi hara hazelnut heart hes heyy heyyy high hiii hiya hodwy holdall holi hood hoodie
hosiery houstan husbnd husbqnd ice idezlly idk ill image improveed indigo infant instead insted insteda its
ive ivory jandals jaz jazz jelbap jersey jhola joggers jumper jungle junior juniors juttis jzaz kaala kaia
kameez kechua kesariya khakis kicks kids kinda knapsack knapsakc kness knew knickers kno kurta kurtee kurtha
kurti kurtis lable lace lad ladies ladies' lal laptop latte lavendar layer leather leatherette lee leggins
lehenga levi's leviis levis lilac liner lmao lmk lofaers logo lol lorry lowers lurex luv maekr malai mami
manchester mandir maroonish marooon mate mayb mehendi mehroon men men's mens merci merlot merolt mil mocha mom
mulberry mursia nanaji neckalce necktie ned neela neice nephw ngl nicked nicks niek nike noir noutica nylons
oatmeal obv obvs ochre odhni offense omg one onnline orange orangey oversized oxblood oxfords pack pants
pantyhose parkrun passport pear peela peep plastic platform platinum pleaseee pleated pleez plimsolls pls plum
plz pnk polka polo poss possibel potcelain ppl princess print printed prob probade puma puprle purplish purse
putty quicksilver raange raisin realy recitel reckon reckons red reebock regulr remeber reversible rlly rly
rosewood rucksack rucksak runners runnning saeatsuit safed saffron salery salwar sambar sand sandels sandles
sando sangeet sapphire saree sarre satchel savari scrap seafoam secnd seeking seem sellotape shades shawl shes
shoes shrit shud shukriya silk silver silvery singlet sketchers skinny skullers slacks slate sleeveless sleve
sliders slim sling slipper slippers smalls smock smth smthing snake snapback sneaker sneakers socs socsk solid
some somthing son sons sooo soooo spaghetti specs sports sry stainless sth stiletto stiletttos stockinhs
stockkings stone strechy stripe sumthin sumthing sundress sunglasess sunnies superstar surge swarovski
sweatpants sweats sweatshrit sweatsuit tamba tawny tee tenage tenis tennies tennnis terracotta texas thats
theres thermal theyre thknk thnk thnks tho thx tia tights timberlnd timepiece tmr tmrw tnx toddler toffee
tomato torquoise tote trackies tracksuut trainers training trews trowsers tshirts turtel turtle tysm umm
underpants undershirt undies vanilla vest vintage vishud voie voyge walets walnut wangler wanna wasnt wat
wedge weekender wellies whats wheat where whitish wht wid windcheater wine winter wirtten wisteria wiv wld
womans women womens womenswear wont woollen woolly woould woud wud xoxo y'all yaar yesteday yrs zip zircons'''.split())


# ----------------------------------------------------------------------------------------------
# text helpers

MARK_A, MARK_B = '\x01', '\x02'


def an(word):
    w = word.lstrip(MARK_A).lower()
    if w.startswith(('uni', 'use', 'usa', 'eu', 'one', 'u.s')):
        return 'a'
    return 'an' if w[:1] in 'aeiou' or w.startswith('honest') else 'a'


def item_with_colour(item, c):
    art, sing, pl = item
    if art in ('a', 'an'):
        return f'{an(c)} {c} {sing}'
    if art == 'some':
        return f'some {c} {sing}'
    return f'{art} {c} {sing}'


def item_a(item):
    art, sing, pl = item
    return f'{art} {sing}'


def fill(t, **kw):
    s = t.format(**kw)
    s = re.sub(r'\s+', ' ', s).strip()
    s = re.sub(r'\s+([,.;:!?])', r'\1', s)
    s = re.sub(r'^[,;:]\s*', '', s)
    s = s.replace('?.', '?').replace('!.', '!').replace('?,', '?').replace('!,', '!')
    return s


def cap1(s):
    for i, ch in enumerate(s):
        if ch == MARK_A:
            return s
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1:]
    return s


def mark(name):
    return MARK_A + name + MARK_B


def misspell(word, r):
    """one-letter slip in a name word (swap, drop, double)"""
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if len(letters) < 5:
        return word
    for _ in range(20):
        op = r.choice(['swap', 'drop', 'double'])
        i = r.choice(letters[1:-1])
        if op == 'swap' and word[i + 1:i + 2].isalpha() and word[i] != word[i + 1]:
            return word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if op == 'drop' and word[i - 1] != word[i]:
            return word[:i] + word[i + 1:]
        if op == 'double':
            return word[:i] + word[i] + word[i:]
    return word


KEY_NEIGH = {'a': 'sq', 'b': 'vn', 'c': 'xv', 'd': 'sf', 'e': 'wr', 'f': 'dg', 'g': 'fh', 'h': 'gj', 'i': 'uo',
             'j': 'hk', 'k': 'jl', 'l': 'k', 'm': 'n', 'n': 'bm', 'o': 'ip', 'p': 'o', 'q': 'w', 'r': 'et',
             's': 'ad', 't': 'ry', 'u': 'yi', 'v': 'cb', 'w': 'qe', 'x': 'zc', 'y': 'tu', 'z': 'x'}


def slip(word, r, vocab):
    lw = word.lower()
    if lw in AUTOCORRECT and r.random() < 0.85:
        out = AUTOCORRECT[lw]
        return out if word[0].islower() else out.capitalize()
    if len(word) < 5 or not word.isalpha():
        return None
    for _ in range(30):
        op = r.choice(['swap', 'drop', 'double', 'key'])
        i = r.randrange(1, len(word) - 1)
        if op == 'swap' and word[i] != word[i + 1]:
            out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif op == 'drop' and len(word) >= 6 and word[i - 1] != word[i]:
            out = word[:i] + word[i + 1:]
        elif op == 'double':
            out = word[:i] + word[i] + word[i:]
        elif op == 'key' and word[i].lower() in KEY_NEIGH:
            out = word[:i] + r.choice(KEY_NEIGH[word[i].lower()]) + word[i + 1:]
        else:
            continue
        if out.lower() in vocab or out.lower() in REFUSED_SLIPS or out.lower() in QUOTED_WORDS:
            continue
        return out
    return None


def split_marked(s):
    """yield (is_name, text) pieces"""
    parts = []
    while s:
        i = s.find(MARK_A)
        if i < 0:
            parts.append((False, s))
            break
        if i:
            parts.append((False, s[:i]))
        j = s.find(MARK_B, i)
        parts.append((True, s[i + 1:j]))
        s = s[j + 1:]
    return parts


def map_plain(s, fn):
    return ''.join((MARK_A + t + MARK_B) if is_name else fn(t) for is_name, t in split_marked(s))


def strip_marks(s):
    return s.replace(MARK_A, '').replace(MARK_B, '')


# ----------------------------------------------------------------------------------------------
# photos (own recipe: a mild shopper photo)

def persp_coeffs(dst, src):
    """coefficients mapping output (dst) points to input (src) points for Image.PERSPECTIVE"""
    A, B = [], []
    for (x, y), (u, v) in zip(dst, src):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        B.extend([u, v])
    return np.linalg.solve(np.array(A, dtype=np.float64), np.array(B, dtype=np.float64)).tolist()


def shopper_photo(src_path, key):
    r = rng('photo', key)
    g = nrng('photo-noise', key)
    p = {}
    im = Image.open(src_path).convert('RGB')
    S = 4
    W, H = 60 * S, 80 * S
    im = im.resize((W, H), Image.BICUBIC)
    a = np.asarray(im).astype(np.float32)
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    fill_rgb = np.median(border, axis=0)
    # 1. backdrop: the bright studio background takes a faint tone (paper, grey, blue-grey, warm)
    if r.random() < 0.6:
        tone = r.choice([(236, 232, 222), (222, 224, 226), (214, 220, 230), (238, 226, 210), (226, 226, 218)])
        amt = r.uniform(0.04, 0.14)
        lum = a.mean(axis=2)
        sat = a.max(axis=2) - a.min(axis=2)
        wgt = np.clip((lum - 228) / 20.0, 0, 1) * np.clip((30 - sat) / 20.0, 0, 1)
        a = a * (1 - amt * wgt[..., None]) + np.array(tone, np.float32) * (amt * wgt[..., None])
        fill_rgb = fill_rgb * (1 - amt) + np.array(tone, np.float32) * amt
        p['backdrop'] = round(amt, 3)
    im = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8))
    # 2. geometry: zoom/crop, small roll, keystone, mirror
    zoom = r.uniform(1.0, 1.3)
    ang = math.radians(r.uniform(-5, 5)) if r.random() < 0.7 else 0.0
    cw, ch = W / zoom, H / zoom
    cx = W / 2 + r.uniform(-0.5, 0.5) * (W - cw)
    cy = H / 2 + r.uniform(-0.5, 0.5) * (H - ch)
    ks = r.uniform(0.0, 0.035) if r.random() < 0.5 else 0.0
    kdir = r.choice(['top', 'bottom', 'left', 'right'])
    src = []
    for (ux, uy) in [(-1, -1), (1, -1), (1, 1), (-1, 1)]:
        dx, dy = ux * cw / 2, uy * ch / 2
        if ks:
            if kdir == 'top' and uy < 0:
                dx *= 1 + ks
            if kdir == 'bottom' and uy > 0:
                dx *= 1 + ks
            if kdir == 'left' and ux < 0:
                dy *= 1 + ks
            if kdir == 'right' and ux > 0:
                dy *= 1 + ks
        dx += r.uniform(-0.012, 0.012) * W
        dy += r.uniform(-0.012, 0.012) * H
        rx = dx * math.cos(ang) - dy * math.sin(ang)
        ry = dx * math.sin(ang) + dy * math.cos(ang)
        src.append((cx + rx, cy + ry))
    dst = [(0, 0), (W, 0), (W, H), (0, H)]
    fc = tuple(int(round(v)) for v in fill_rgb)
    im = im.transform((W, H), Image.PERSPECTIVE, persp_coeffs(dst, src), Image.BICUBIC, fillcolor=fc)
    flip = r.random() < 0.35
    if flip:
        im = im.transpose(Image.FLIP_LEFT_RIGHT)
    p.update(zoom=round(zoom, 3), roll=round(math.degrees(ang), 2), keystone=round(ks, 3), flip=flip)
    # 3. light: exposure, contrast, saturation, white balance, a soft directional fall-off, vignette
    a = np.asarray(im).astype(np.float32) / 255.0
    gain = r.uniform(0.9, 1.1)
    con = r.uniform(0.86, 1.1)
    sat = r.uniform(0.85, 1.2)
    temp = r.uniform(-1, 1)
    tint = r.uniform(-0.02, 0.02)
    wb = np.array([1 + 0.05 * temp, 1 + tint, 1 - 0.05 * temp], np.float32)
    a = a * gain * wb
    m = a.mean()
    a = (a - m) * con + m
    lum = a.mean(axis=2, keepdims=True)
    a = lum + (a - lum) * sat
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    if r.random() < 0.55:
        th = r.uniform(0, 2 * math.pi)
        proj = ((xx - W / 2) * math.cos(th) + (yy - H / 2) * math.sin(th)) / (0.5 * math.hypot(W, H))
        fall = r.uniform(0.03, 0.1)
        a = a * (1 + fall * proj)[..., None]
        p['falloff'] = round(fall, 3)
    if r.random() < 0.4:
        vig = r.uniform(0.04, 0.12)
        d2 = ((xx - W / 2) / (W / 2)) ** 2 + ((yy - H / 2) / (H / 2)) ** 2
        a = a * (1 - vig * np.clip(d2 / 2, 0, 1))[..., None]
        p['vignette'] = round(vig, 3)
    a = np.clip(a, 0, 1)
    p.update(gain=round(gain, 3), contrast=round(con, 3), saturation=round(sat, 3), temp=round(temp, 3))
    im = Image.fromarray((a * 255 + 0.5).astype(np.uint8))
    # 4. the phone's resampling, focus and sensor
    res = r.choice([('lanczos', Image.LANCZOS), ('bicubic', Image.BICUBIC), ('box', Image.BOX)])
    im = im.resize((60, 80), res[1])
    p['resample'] = res[0]
    fx = r.random()
    if fx < 0.45:
        rad = r.uniform(0.25, 0.6)
        im = im.filter(ImageFilter.GaussianBlur(rad))
        p['blur'] = round(rad, 2)
    elif fx < 0.65:
        im = im.filter(ImageFilter.UnsharpMask(radius=1.0, percent=int(r.uniform(40, 90)), threshold=2))
        p['sharpen'] = True
    sigma = r.uniform(0.0, 3.0)
    a = np.asarray(im).astype(np.float32)
    a = a + g.normal(0, sigma, a.shape).astype(np.float32) + g.normal(0, sigma * 0.5, a.shape[:2] + (1,)).astype(np.float32)
    im = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8))
    p['noise'] = round(sigma, 2)
    if r.random() < 0.3:
        q0 = r.randint(55, 80)
        buf = io.BytesIO()
        im.save(buf, 'JPEG', quality=q0)
        buf.seek(0)
        im = Image.open(buf).convert('RGB')
        p['q_first'] = q0
    q = r.randint(60, 92)
    p['quality'] = q
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=q, optimize=False)
    return buf.getvalue(), p


# ----------------------------------------------------------------------------------------------
# selection

def thumbs(rows):
    T = {}
    for r in rows:
        try:
            im = Image.open(os.path.join(PHOTOS, r['id'] + '.jpg')).convert('L').resize((15, 20), Image.BILINEAR)
            T[r['id']] = np.asarray(im).astype(np.float32)
        except Exception:
            T[r['id']] = None
    return T


def usable(r, T):
    if r['articleType'] in SKIP_TYPES or r['baseColour'] in ('NA', '') or T.get(r['id']) is None:
        return False
    if T[r['id']].std() < 3:
        return False
    toks = set(r['toks'])
    if r['gender'] in ('Men', 'Women', 'Unisex') and toks & KID_WORDS:
        return False
    if r['gender'] in ('Boys', 'Girls') and toks & {'men', 'women', 'woman', 'mens', 'womens'}:
        return False
    last = singular(r['toks'][-1]) if r['toks'] else ''
    if last in TYPE_KEYWORD:
        own = set(singular(w) for w in norm_tokens(r['articleType']))
        typ = TYPE_KEYWORD[last]
        allowed = SHARED_END.get(last, {typ})
        if r['articleType'] not in allowed and last not in own:
            return False
    return True


def strip_colour(toks):
    return tuple(t for t in toks if t not in COLOUR_WORDS and t not in ('and',))


class Catalog:
    def __init__(self):
        self.rows = load_catalog()
        build_brands(self.rows)
        build_title_words(self.rows)
        self.by_id = {r['id']: r for r in self.rows}
        self.T = thumbs(self.rows)
        self.md5 = {r['id']: file_md5(os.path.join(PHOTOS, r['id'] + '.jpg')) for r in self.rows}
        self.md5_count = {}
        for v in self.md5.values():
            self.md5_count[v] = self.md5_count.get(v, 0) + 1
        self.by_type = {}
        for r in self.rows:
            self.by_type.setdefault(r['articleType'], []).append(r)
        self.model = {r['id']: strip_colour(r['toks']) for r in self.rows}

    def pool(self, typ, colour, stated):
        return [p for p in self.by_type[typ] if p['baseColour'] == colour and gender_ok(stated, p['gender'])]

    def relevant(self, typ, colour, stated, quotes):
        return sorted(p['id'] for p in self.pool(typ, colour, stated)
                      if all(quote_matches(q, p['toks']) for q in quotes))

    def name_options(self, t, stated):
        """all ways to quote name words for target t, with their relevant lists"""
        opts = []
        b = t['brand']
        words = [w for w in t['twords'] if w]
        seen = set()
        uniq = []
        for w in words:
            if w.lower() not in seen:
                seen.add(w.lower())
                uniq.append(w)
        pairs = []
        tw = t['twords']
        raw = t['raw'][t['tstart']:]
        for i in range(len(tw) - 1):
            nxt = raw[i + 1]
            lw = nxt.lower()
            if tw[i] and (tw[i + 1] or (re.fullmatch(r'[A-Za-z]{3,}', nxt) and lw not in COLOUR_WORDS
                                        and lw not in GENDER_WORDS and singular(lw) not in TYPE_KEYWORD
                                        and lw not in {'and', 'with', 'the', 'for'})):
                pairs.append(tw[i] + ' ' + nxt)
        if b:
            opts.append(('brand', {'b': b}, [b]))
        for w in uniq:
            opts.append(('word', {'w': w}, [w]))
        for w2 in pairs:
            opts.append(('two', {'w': w2}, [w2]))
        if b:
            for w in uniq:
                opts.append(('both', {'b': b, 'w': w}, [b, w]))
        out = []
        for mode, slots, quotes in opts:
            rel = self.relevant(t['articleType'], t['baseColour'], stated, quotes)
            if t['id'] in rel:
                out.append((mode, slots, quotes, rel))
        return out

    def near_dup(self, t, allowed):
        a = self.T[t['id']]
        for p in self.by_type[t['articleType']]:
            if p['id'] == t['id'] or p['id'] in allowed or self.T.get(p['id']) is None:
                continue
            if float(np.abs(self.T[p['id']] - a).mean()) < 6.0:
                return True
        return False

    def image_relevant(self, t):
        rel = [t['id']]
        for p in self.rows:
            if p['id'] == t['id']:
                continue
            same = (p['productDisplayName'] == t['productDisplayName'] and p['gender'] == t['gender']
                    and p['baseColour'] == t['baseColour'] and p['articleType'] == t['articleType'])
            if same:
                rel.append(p['id'])
            elif self.md5[p['id']] == self.md5[t['id']]:
                return None  # the same photo file shows a different product
        return sorted(rel)


MODE_W = [('brand', 0.27), ('word', 0.2), ('two', 0.1), ('both', 0.43)]


def choose_name(cat, t, stated, key):
    opts = cat.name_options(t, stated)
    alone = [o for o in opts if o[3] == [t['id']]]
    if not alone:
        return None
    r = rng('name-mode', key)
    modes = [m for m, _ in MODE_W if any(o[0] == m for o in alone)]
    weights = [w for m, w in MODE_W if m in modes]
    mode = r.choices(modes, weights)[0]
    cands = [o for o in alone if o[0] == mode]
    return cands[r.randrange(len(cands))]


# ----------------------------------------------------------------------------------------------
# dialogue writing

class Writer:
    def __init__(self, cat):
        self.cat = cat
        self.person_use = {}
        self.vocab = set()
        for r in cat.rows:
            self.vocab |= set(r['toks'])
        for lst in ITEMS.values():
            for it in lst:
                self.vocab |= set(norm_tokens(it[1] + ' ' + it[2]))
        for lst in COLOURS.values():
            for c in lst:
                self.vocab |= set(norm_tokens(c))
        self.vocab |= set('''where were there their then than this that with from have brand these those
        thanks please could would should which while white whole black shirt short shorts sorry'''.split())
        self.image_lines = list(IMAGE_LINES)
        rng('image-lines').shuffle(self.image_lines)

    def person(self, g, key, no_self=False):
        lst = PEOPLE[g]
        r = rng('person', key)
        order = sorted(range(len(lst)), key=lambda i: (self.person_use.get((g, i), 0), r.random()))
        for i in order:
            if not (no_self and lst[i][1] == 'I'):
                self.person_use[(g, i)] = self.person_use.get((g, i), 0) + 1
                np_, pr = lst[i]
                s, o, ps = PRON[pr]
                return {'P': np_, 'subj': s, 'obj': o, 'poss': ps, 'g': g}
        raise RuntimeError('no person')

    def colour_word(self, colour, key):
        return rng('colour', key).choice(COLOURS[colour])

    def item(self, typ, g, key):
        if g in ('Boys', 'Girls') and typ in KID_ITEMS:
            return KID_ITEMS[typ]
        return rng('item', key).choice(ITEMS[typ])

    def name_turn(self, mode, slots, key, person=None, misspelt=None):
        r = rng('name-turn', key)
        ms = dict(slots)
        if misspelt:
            ms.update(misspelt)
        kw = {k: mark(v) for k, v in ms.items()}
        if mode == 'brand':
            pool = T_BRAND + (T_BRAND_PERSON if person and person['subj'] in ('he', 'she') else [])
        elif mode == 'word':
            pool = T_WORD
        elif mode == 'two':
            pool = T_TWO
        else:
            pool = T_BOTH
        t = r.choice(pool)
        if person:
            kw.update(Subj=person['subj'].capitalize(), subj=person['subj'])
        if '{b}\'s' in t and ms['b'].endswith('s'):
            t = t.replace("{b}'s", "{b}'")
        s = fill(t, **kw)
        if s.startswith('a ' + MARK_A):
            s = an(ms['b']) + s[1:]
        if person and person['subj'] == 'they':
            s = s.replace('They swears', 'They swear').replace('They wants', 'They want').replace('They likes', 'They like')
        return s

    def first_turn(self, shape, it, person, key, colour=None, it_only=False):
        r = rng('t1', key)
        o = r.choice(OPENERS)
        e = r.choice(ENDINGS)
        v = r.choice(VERBS)
        ita = item_with_colour(it, colour) if colour else item_a(it)
        its = (colour + ' ' + it[2]) if colour else it[2]
        if it_only:
            t = r.choice(T1_ITEM_ONLY)
            return fill(t, o=o, v=v, it=ita, its=its, e=e)
        pool = {'plain': T1_PLAIN, 'question': T1_QUESTION, 'story': T1_STORY, 'terse': T1_TERSE,
                'polite': T1_POLITE}[shape]
        if person['subj'] in ('I', 'they'):
            pool = [x for x in pool if 'for {P}' in x or 'who: {P}' in x] or T1_PLAIN_SELF
        t = r.choice(pool)
        P = person['P']
        s = fill(t, o=o, v=v, it=ita, its=its, It=cap1(ita), P=P, obj=person['obj'], poss=person['poss'], e=e)
        return s

    def colour_turn(self, cw, person, key):
        r = rng('colour-turn', key)
        if person and person['subj'] in ('he', 'she') and r.random() < 0.3:
            t = r.choice(T_COLOUR_PERSON)
        elif person and person['subj'] == 'they' and r.random() < 0.3:
            t = r.choice(T_COLOUR_SHARED)
        else:
            t = r.choice(T_COLOUR)
        s = fill(t, c=cw, obj=person['obj'] if person else '', poss=person['poss'] if person else '',
                 Subj=person['subj'].capitalize() if person else '', Poss=person['poss'].capitalize() if person else '')
        s = re.sub(r'\ba (?=[aeioAEIO])', 'an ', s)
        return s

    def finish(self, turns_marked, key, meta):
        """case, texting style, typing slips"""
        r = rng('style', key)
        style = 'text' if r.random() < 0.15 else 'plain'
        n_slip = 0
        if r.random() < 0.25:
            n_slip = 1 if r.random() < 0.7 else 2
        out = []
        slips = []
        texting_done = False
        for ti, t in enumerate(turns_marked):
            s = t
            if style == 'text':
                s = map_plain(s, lambda x: x.lower())
                for k, v in TEXTING.items():
                    if not texting_done and re.search(r'\b' + re.escape(k) + r'\b', strip_marks(s)):
                        s = map_plain(s, lambda x, k=k, v=v: re.sub(r'\b' + re.escape(k) + r'\b', v, x, count=1))
                        texting_done = True
            else:
                if r.random() < 0.7:
                    s = cap1(s)
            out.append(s)
        # slips: pick words outside names
        cands = []
        for ti, s in enumerate(out):
            for pi, (is_name, text) in enumerate(split_marked(s)):
                if is_name:
                    continue
                for m in re.finditer(r"[A-Za-z']+", text):
                    w = m.group(0)
                    if (len(w) >= 5 and w.isalpha()) or w.lower() in AUTOCORRECT:
                        cands.append((ti, pi, m.start(), w))
        r.shuffle(cands)
        if r.random() < 0.5:
            cands.sort(key=lambda c: 0 if c[3].lower() in AUTOCORRECT else 1)
        used_turns = set()
        for ti, pi, st, w in cands:
            if len(slips) >= n_slip:
                break
            if ti in used_turns:
                continue
            new = slip(w, r, self.vocab)
            if not new or new == w:
                continue
            parts = split_marked(out[ti])
            is_name, text = parts[pi]
            text = text[:st] + new + text[st + len(w):]
            parts[pi] = (is_name, text)
            out[ti] = ''.join((MARK_A + x + MARK_B) if nm else x for nm, x in parts)
            used_turns.add(ti)
            slips.append((w, new))
        meta['style'] = style
        meta['slips'] = slips
        return out


def join2(a, b, r):
    """two clauses in one turn"""
    a = a.rstrip()
    if a[-1:] in '?!.':
        return a + ' ' + b
    sep = r.choice(['; ', '. ', ' - '])
    return a + sep + (cap1(b) if sep == '. ' else b)


def pick_misspelling(slots, key, meta):
    r = rng('misspell', key)
    if r.random() >= 0.13:
        return None
    ks = sorted(slots)
    k = r.choice(ks)
    words = slots[k].split(' ')
    idx = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not idx:
        return None
    i = r.choice(idx)
    new = misspell(words[i], r)
    if new == words[i]:
        return None
    words[i] = new
    meta['misspelt'] = (slots[k], ' '.join(words))
    return {k: ' '.join(words)}


# ----------------------------------------------------------------------------------------------
# main build

def plan_slots():
    """kinds with sub-structures, in a hashed order"""
    slots = []
    # progressive: 12 two-turn, 30 three-turn, 13 four-turn
    for i in range(55):
        sub = 'p2' if i < 12 else ('p3' if i < 42 else 'p4')
        slots.append(('progressive', sub))
    # correction: 22 colour, 8 person, 5 type
    for i in range(35):
        sub = 'c-colour' if i < 22 else ('c-person' if i < 30 else 'c-type')
        slots.append(('correction', sub))
    # composed: 12 with the names in the same turn, 23 in a second turn
    for i in range(35):
        slots.append(('composed', 'm1' if i < 12 else 'm2'))
    for i in range(25):
        slots.append(('image', 'i1'))
    # children: 5 slots among progressive / colour corrections / composed
    kids = {('progressive', 3): 'Boys', ('progressive', 20): 'Girls', ('progressive', 45): 'Girls',
            ('correction', 2): 'Boys', ('composed', 20): 'Girls'}
    out = []
    counters = {}
    for kind, sub in slots:
        n = counters.get(kind, 0)
        counters[kind] = n + 1
        out.append({'kind': kind, 'sub': sub, 'kid': kids.get((kind, n))})
    order = sorted(range(len(out)), key=lambda i: hkey('slot-order', i))
    return [out[i] for i in order]


def main():
    meta_path = None
    if '--meta' in sys.argv:
        meta_path = sys.argv[sys.argv.index('--meta') + 1]
    cat = Catalog()
    W = Writer(cat)
    slots = plan_slots()
    for i, s in enumerate(slots):
        s['id'] = f'P7-{i:03d}'

    usable_rows = [r for r in cat.rows if usable(r, cat.T)]
    by_type = {}
    for r in usable_rows:
        by_type.setdefault(r['articleType'], []).append(r)
    types = sorted(by_type)
    size = {t: len(by_type[t]) for t in types}
    count = {t: 0 for t in types}
    used_targets, used_refs = set(), set()

    def weight(t):
        return math.log(2.5 + size[t]) ** 1.4

    def candidates_for(slot):
        kind, sub, kid = slot['kind'], slot['sub'], slot['kid']
        res = {}
        for t in types:
            rs = []
            for r in by_type[t]:
                if r['id'] in used_targets or r['id'] in used_refs:
                    continue
                g = r['gender']
                if kid:
                    if g != kid:
                        continue
                elif g in ('Boys', 'Girls'):
                    continue
                if sub == 'c-person':
                    if g not in ('Men', 'Women'):
                        continue
                    other = 'Women' if g == 'Men' else 'Men'
                    if not any(p['gender'] == other for p in cat.by_type[t]):
                        continue
                if sub == 'c-type':
                    if t not in WRONG_TYPE or g not in ('Men', 'Women'):
                        continue
                    wt = WRONG_TYPE[t]
                    if not any(p['gender'] == g for p in cat.by_type.get(wt, [])):
                        continue
                rs.append(r)
            if rs:
                res[t] = rs
        return res

    # most constrained kinds first
    prio = {'image': 0, 'composed': 1, 'correction': 2, 'progressive': 3}
    work = sorted(slots, key=lambda s: (0 if s['kid'] else 1, prio[s['kind']], s['sub'] != 'c-person',
                                        s['sub'] != 'c-type', s['id']))
    for slot in work:
        cands = candidates_for(slot)
        tlist = sorted(cands, key=lambda t: ((count[t] + 1) / weight(t), hkey('type-tie', slot['id'], t)))
        done = False
        for t in tlist:
            rows = sorted(cands[t], key=lambda r: hkey('cand', slot['id'], r['id']))
            if slot['kind'] == 'composed':
                # prefer targets that have the same model in another colour
                rows = sorted(rows, key=lambda r: (0 if same_model_refs(cat, r, used_targets, used_refs) else 1,
                                                   hkey('cand', slot['id'], r['id'])))
            for r in rows[:80]:
                key = slot['id']
                if slot['kind'] == 'image':
                    rel = cat.image_relevant(r)
                    if rel is None or len(rel) > 3 or cat.near_dup(r, set(rel)):
                        continue
                    slot.update(target=r, relevant=rel)
                    done = True
                    break
                stated = r['gender']
                nm = choose_name(cat, r, stated, key)
                if nm is None:
                    continue
                if slot['kind'] == 'composed':
                    ref = pick_ref(cat, r, used_targets, used_refs, key)
                    if ref is None:
                        continue
                    slot['ref'] = ref
                    used_refs.add(ref['id'])
                slot.update(target=r, name=nm, relevant=nm[3])
                done = True
                break
            if done:
                count[t] += 1
                used_targets.add(slot['target']['id'])
                break
        if not done:
            raise RuntimeError('no target for ' + slot['id'] + ' ' + slot['kind'] + ' ' + slot['sub'])

    # write dialogues
    os.makedirs(OUT_IMG, exist_ok=True)
    for f in sorted(os.listdir(OUT_IMG)):
        if f.startswith('P7-') and f.endswith('.jpg'):
            os.remove(os.path.join(OUT_IMG, f))
    lines, metas = [], []
    for slot in slots:
        d, meta = write_dialogue(cat, W, slot)
        lines.append(json.dumps(d, ensure_ascii=False))
        metas.append(meta)
    with open(OUT_JSONL, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    if meta_path:
        with open(meta_path, 'w', encoding='utf-8') as f:
            json.dump(metas, f, ensure_ascii=False, indent=1)
    validate(cat, slots)
    summary(cat, slots, metas)


def same_model_refs(cat, t, used_targets, used_refs):
    out = []
    for p in cat.by_type[t['articleType']]:
        if (p['id'] != t['id'] and p['gender'] == t['gender'] and p['baseColour'] != t['baseColour']
                and p['baseColour'] != 'NA' and p['id'] not in used_targets and p['id'] not in used_refs
                and cat.md5_count[cat.md5[p['id']]] == 1 and cat.T.get(p['id']) is not None
                and cat.model[p['id']] == cat.model[t['id']]):
            out.append(p)
    return out


def pick_ref(cat, t, used_targets, used_refs, key):
    same = same_model_refs(cat, t, used_targets, used_refs)
    if same:
        same.sort(key=lambda p: hkey('ref', key, p['id']))
        return same[0]
    others = [p for p in cat.by_type[t['articleType']]
              if p['id'] != t['id'] and p['gender'] == t['gender'] and p['baseColour'] != t['baseColour']
              and p['baseColour'] != 'NA' and p['id'] not in used_targets and p['id'] not in used_refs
              and cat.md5_count[cat.md5[p['id']]] == 1 and cat.T.get(p['id']) is not None
              and cat.T[p['id']].std() >= 3]
    if not others:
        return None
    others.sort(key=lambda p: hkey('ref', key, p['id']))
    return others[0]


def wrong_colour(cat, t, key):
    cols = {}
    for p in cat.by_type[t['articleType']]:
        if p['baseColour'] not in ('NA', t['baseColour']) and p['baseColour'] in COLOURS:
            cols[p['baseColour']] = cols.get(p['baseColour'], 0) + 1
    common = sorted(cols, key=lambda c: (-cols[c], c))[:6]
    if not common:
        common = [c for c in ('Black', 'Blue', 'White', 'Red') if c != t['baseColour']]
    return rng('wrong-colour', key).choice(sorted(common))


def write_dialogue(cat, W, slot):
    key = slot['id']
    t = slot['target']
    kind, sub = slot['kind'], slot['sub']
    r = rng('dialogue', key)
    meta = {'id': key, 'kind': kind, 'sub': sub, 'target': t['id'], 'title': t['productDisplayName']}
    turns = []  # (marked text, image)
    img_path = f'{OUT_IMG_REL}/{key}.jpg'
    if kind == 'image':
        line = W.image_lines.pop(0)
        turns.append((line, img_path))
        photo_src = t['id']
    else:
        g = t['gender']
        person = W.person(g, key, no_self=(sub == 'c-person'))
        it = W.item(t['articleType'], g, key)
        cw = W.colour_word(t['baseColour'], key)
        mode, slots_, quotes, rel = slot['name']
        mis = pick_misspelling(slots_, key, meta)
        meta.update(name_mode=mode, quotes=quotes, person=person['P'], colour_word=cw, item=it[1])
        shape = r.choice(['plain', 'plain', 'question', 'story', 'story', 'terse', 'polite'])
        if kind == 'progressive':
            if sub == 'p2':
                if r.random() < 0.5:
                    turns.append((W.first_turn(shape, it, person, key, colour=cw), None))
                    turns.append((W.name_turn(mode, slots_, key, person, mis), None))
                else:
                    turns.append((W.first_turn(shape, it, person, key), None))
                    c = W.colour_turn(cw, person, key)
                    n = W.name_turn(mode, slots_, key, person, mis)
                    turns.append((join2(c, n, r), None))
            elif sub == 'p3':
                turns.append((W.first_turn(shape, it, person, key), None))
                turns.append((W.colour_turn(cw, person, key), None))
                turns.append((W.name_turn(mode, slots_, key, person, mis), None))
            else:
                if mode == 'both' and r.random() < 0.6:
                    turns.append((W.first_turn(shape, it, person, key), None))
                    turns.append((W.colour_turn(cw, person, key), None))
                    ms = dict(slots_)
                    if mis:
                        ms.update(mis)
                    turns.append((fill(r.choice(T_SPLIT_BRAND), b=mark(ms['b'])), None))
                    turns.append((fill(r.choice(T_SPLIT_WORD), w=mark(ms['w'])), None))
                else:
                    turns.append((W.first_turn(shape, it, person, key, it_only=True), None))
                    turns.append((fill(r.choice(T2_SELF if person['subj'] == 'I' else T2_PERSON), P=person['P']),
                                   None))
                    turns.append((W.colour_turn(cw, person, key), None))
                    turns.append((W.name_turn(mode, slots_, key, person, mis), None))
        elif kind == 'correction':
            if sub == 'c-colour':
                c1 = wrong_colour(cat, t, key)
                cw1 = W.colour_word(c1, key + '/wrong')
                meta['wrong'] = c1
                turns.append((W.first_turn(shape, it, person, key, colour=cw1), None))
                if person['subj'] in ('he', 'she') and r.random() < 0.3:
                    fx = fill(r.choice(T_FIX_COLOUR_PERSON), c1=cw1, c2=cw, Subj=person['subj'].capitalize(),
                              obj=person['obj'], a_c1=an(cw1) + ' ' + cw1)
                else:
                    fx = fill(r.choice(T_FIX_COLOUR), c1=cw1, c2=cw)
                if r.random() < 0.2:
                    turns.append((join2(fx, W.name_turn(mode, slots_, key, person, mis), r), None))
                else:
                    turns.append((fx, None))
                    turns.append((W.name_turn(mode, slots_, key, person, mis), None))
            elif sub == 'c-person':
                other = 'Women' if t['gender'] == 'Men' else 'Men'
                p1 = W.person(other, key + '/wrong', no_self=True)
                meta['wrong'] = p1['P']
                turns.append((W.first_turn(shape if shape != 'story' else 'plain', it, p1, key, colour=cw), None))
                fx = fill(r.choice(T_FIX_PERSON), P1=p1['P'], P2=person['P'])
                turns.append((fx, None))
                turns.append((W.name_turn(mode, slots_, key, person, mis), None))
            else:
                wt = WRONG_TYPE[t['articleType']]
                wit = W.item(wt, t['gender'], key + '/wrong')
                meta['wrong'] = wt
                turns.append((W.first_turn(shape, wit, person, key, colour=cw), None))
                fx = fill(r.choice(T_FIX_TYPE), w=wit[1], r=it[1], wp=wit[2], rp=it[2], ra=item_a(it))
                turns.append((fx, None))
                turns.append((W.name_turn(mode, slots_, key, person, mis), None))
        else:  # composed
            ref = slot['ref']
            meta['ref'] = ref['id']
            meta['ref_title'] = ref['productDisplayName']
            meta['same_model'] = cat.model[ref['id']] == cat.model[t['id']]
            line = fill(r.choice(T_COMPOSED if meta['same_model'] else T_COMPOSED_LIKE), c=cw)
            line = re.sub(r'\ba (?=[aeioAEIO])', 'an ', line)
            if r.random() < 0.3:
                tail = fill(r.choice(T_COMPOSED_PERSON), P=person['P'])
                line = join2(line, tail, r)
                meta['composed_person'] = True
            if sub == 'm1':
                n = W.name_turn(mode, slots_, key, None, mis)
                turns.append((join2(line, n, r), img_path))
            else:
                turns.append((line, img_path))
                turns.append((W.name_turn(mode, slots_, key, person if meta.get('composed_person') else None, mis),
                              None))
            photo_src = ref['id']
    texts = W.finish([tt for tt, _ in turns], key, meta)
    meta['marked'] = texts
    out_turns = [{'text': strip_marks(x), 'image': im} for x, (_, im) in zip(texts, turns)]
    if kind in ('image', 'composed'):
        data, pp = shopper_photo(os.path.join(PHOTOS, photo_src + '.jpg'), key)
        with open(os.path.join(OUT_IMG, key + '.jpg'), 'wb') as f:
            f.write(data)
        meta['photo'] = pp
        meta['photo_of'] = photo_src
    d = {'id': key, 'kind': kind, 'turns': out_turns, 'target': t['id'], 'relevant': slot['relevant'],
         'constraints': {'articleType': t['articleType'], 'baseColour': t['baseColour'], 'gender': t['gender']}}
    return d, meta


def validate(cat, slots):
    lines = [json.loads(l) for l in open(OUT_JSONL, encoding='utf-8') if l.strip()]
    assert len(lines) == 150
    ids = [d['id'] for d in lines]
    assert ids == [f'P7-{i:03d}' for i in range(150)] and len(set(ids)) == 150
    kinds = {}
    for d in lines:
        kinds[d['kind']] = kinds.get(d['kind'], 0) + 1
    assert kinds == N_KIND, kinds
    targets = [d['target'] for d in lines]
    assert len(set(targets)) == 150
    refs = set()
    for d, s in zip(lines, slots):
        t = cat.by_id[d['target']]
        assert d['constraints'] == {'articleType': t['articleType'], 'baseColour': t['baseColour'],
                                    'gender': t['gender']}
        assert d['target'] in d['relevant'] and len(set(d['relevant'])) == len(d['relevant'])
        for x in d['relevant']:
            p = cat.by_id[x]
            assert p['articleType'] == t['articleType'] and p['baseColour'] == t['baseColour']
            assert gender_ok(t['gender'], p['gender'])
        assert set(d.keys()) == {'id', 'kind', 'turns', 'target', 'relevant', 'constraints'}
        for i, tr in enumerate(d['turns']):
            assert set(tr.keys()) == {'text', 'image'} and tr['text'].strip()
            assert MARK_A not in tr['text'] and MARK_B not in tr['text']
            if tr['image'] is not None:
                assert i == 0 and d['kind'] in ('image', 'composed')
                path = os.path.join(HERE, tr['image'])
                im = Image.open(path)
                assert im.size == (60, 80) and im.format == 'JPEG'
        if d['kind'] in ('image', 'composed'):
            assert d['turns'][0]['image'] == f'{OUT_IMG_REL}/{d["id"]}.jpg'
        else:
            assert all(tr['image'] is None for tr in d['turns'])
        if d['kind'] == 'image':
            assert len(d['turns']) == 1
            assert d['relevant'] == cat.image_relevant(t)
        else:
            mode, slots_, quotes, rel = s['name']
            assert d['relevant'] == cat.relevant(t['articleType'], t['baseColour'], t['gender'], quotes)
            assert 2 <= len(d['turns']) <= 4 or d['kind'] == 'composed'
        if d['kind'] == 'composed':
            ref = s['ref']
            assert ref['id'] not in targets and ref['id'] not in refs
            assert ref['articleType'] == t['articleType'] and ref['gender'] == t['gender']
            assert ref['baseColour'] != t['baseColour'] and ref['id'] not in d['relevant']
            refs.add(ref['id'])
    photos = sorted(f for f in os.listdir(OUT_IMG) if f.startswith('P7-'))
    assert len(photos) == N_KIND['image'] + N_KIND['composed']


def summary(cat, slots, metas):
    h = hashlib.md5(open(OUT_JSONL, 'rb').read())
    allh = hashlib.md5(open(OUT_JSONL, 'rb').read())
    for f in sorted(os.listdir(OUT_IMG)):
        if f.startswith('P7-'):
            allh.update(open(os.path.join(OUT_IMG, f), 'rb').read())
    lines = [json.loads(l) for l in open(OUT_JSONL, encoding='utf-8')]
    nturns = sum(len(d['turns']) for d in lines)
    by_len = {}
    for d in lines:
        by_len[len(d['turns'])] = by_len.get(len(d['turns']), 0) + 1
    types = {}
    genders = {}
    colours = {}
    for d in lines:
        types[d['constraints']['articleType']] = types.get(d['constraints']['articleType'], 0) + 1
        genders[d['constraints']['gender']] = genders.get(d['constraints']['gender'], 0) + 1
        colours[d['constraints']['baseColour']] = colours.get(d['constraints']['baseColour'], 0) + 1
    subs = {}
    modes = {}
    for s, m in zip(slots, metas):
        subs[s['sub']] = subs.get(s['sub'], 0) + 1
        if 'name_mode' in m:
            modes[m['name_mode']] = modes.get(m['name_mode'], 0) + 1
    print('dialogues', len(lines), 'turns', nturns, 'by length', dict(sorted(by_len.items())))
    print('structures', dict(sorted(subs.items())))
    print('types', len(types), dict(sorted(types.items(), key=lambda x: (-x[1], x[0]))))
    print('genders', genders, 'colours', len(colours))
    print('name modes', modes)
    print('relevant sizes', sorted({len(d['relevant']) for d in lines}),
          'single', sum(1 for d in lines if len(d['relevant']) == 1))
    print('same-model references', sum(1 for m in metas if m.get('same_model')))
    print('slips', sum(1 for m in metas if m.get('slips')), [x for m in metas for x in m.get('slips', [])])
    print('misspelt names', [m['misspelt'] for m in metas if m.get('misspelt')])
    print('texting', sum(1 for m in metas if m.get('style') == 'text'))
    print('md5 jsonl', h.hexdigest(), 'md5 jsonl+photos', allh.hexdigest())


if __name__ == '__main__':
    main()
