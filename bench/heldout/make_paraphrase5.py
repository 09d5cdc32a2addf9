#!/usr/bin/env python3
"""Generate bench/heldout/paraphrase5.jsonl and images/paraphrase5/*.jpg.

A blind, dev-like dialogue set (progressive 55, correction 35, composed 45, image 25) with its own
templates, vocabulary, typos and photo-damage recipes.  Fixed seed; needs only Python 3, Pillow and numpy.
Two runs write byte-identical files (nothing depends on hash() or set order).

usage: python3 bench/heldout/make_paraphrase5.py
"""
import csv
import hashlib
import io
import json
import math
import os
import random
import re
from collections import Counter, defaultdict, deque

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
CATALOG = os.path.join(ROOT, 'data', 'fashion-small', 'catalog.csv')
PHOTOS = os.path.join(ROOT, 'data', 'fashion-small', 'images')
OUT_JSONL = os.path.join(HERE, 'paraphrase5.jsonl')
OUT_IMG_REL = 'images/paraphrase5'
OUT_IMG = os.path.join(HERE, OUT_IMG_REL)
README = os.path.join(HERE, 'README.md')

SEED = 'paraphrase5/v1/2718'
N_KIND = {'progressive': 55, 'correction': 35, 'composed': 45, 'image': 25}
CW, CH = 240, 320          # drawing canvas (4x the catalog's 60x80)


def seed_int(*keys):
    h = hashlib.sha256('|'.join([SEED] + [str(k) for k in keys]).encode()).digest()
    return int.from_bytes(h[:8], 'big')


def R(*keys):
    return random.Random(seed_int(*keys))


# ----------------------------------------------------------------------------------------------------------------
# catalog
# ----------------------------------------------------------------------------------------------------------------

GENDER_TOKENS = {'men', 'women', 'unisex', 'boys', 'girls', 'kids', 'woman', 'mens', 'womens', 'boy', 'girl',
                 "girl's", "boy's", "men's", "women's"}
KID_TOKENS = {'kids', 'kid', 'boys', 'boy', 'girls', 'girl', "girl's", "boy's", 'toddler', 'toddlers', 'junior',
              'juniors', 'infant', 'infants'}
ADULT_TOKENS = {'men', 'women', 'woman', 'mens', 'womens', "men's", "women's"}


def norm(s):
    s = s.lower().replace('&', ' and ')
    s = re.sub(r"[’'.]", '', s)
    s = re.sub(r'[^a-z0-9]+', ' ', s)
    return ' '.join(s.split())


def holds(quote, title_norm_words):
    q = norm(quote).replace(' ', '')
    if not q:
        return False
    for i in range(len(title_norm_words)):
        if ''.join(title_norm_words[i:]).startswith(q):
            return True
    return False


def singular(w):
    w = w.lower().replace('-', '')
    for suf in ('ches', 'shes', 'sses'):
        if w.endswith(suf):
            return w[:-2]
    if w.endswith('ves'):
        return w[:-3] + 'f'
    if w.endswith('s') and not w.endswith('ss') and len(w) > 3:
        return w[:-1]
    return w


def load_catalog():
    rows = list(csv.DictReader(open(CATALOG, encoding='utf-8')))
    for r in rows:
        p = os.path.join(PHOTOS, r['id'] + '.jpg')
        r['_tw'] = norm(r['productDisplayName']).split()
        r['_tok'] = [t.lower() for t in r['productDisplayName'].split()]
        try:
            raw = open(p, 'rb').read()
            im = Image.open(io.BytesIO(raw)).convert('RGB')
            a = np.asarray(im, dtype=np.float64)
            r['_md5'] = hashlib.md5(raw).hexdigest()
            r['_ok'] = im.size == (60, 80) and a.std() > 8.0
            r['_thumb'] = np.asarray(im.convert('L').resize((15, 20), Image.BILINEAR), dtype=np.float64)
        except Exception:
            r['_md5'], r['_ok'], r['_thumb'] = None, False, None
    return rows


def kid_titled(r):
    return any(t in KID_TOKENS for t in r['_tok'])


def adult_titled(r):
    return any(t in ADULT_TOKENS for t in r['_tok'])


def gender_fits(stated, r):
    """score.py's rule (unisex fits all; a unisex request fits every gender), plus: rows titled for children are
    left out for adults, and adult-gendered rows titled for the right child fit a child."""
    g = r['gender']
    if stated == 'Unisex':
        return True
    if stated in ('Men', 'Women'):
        return (g == stated or g == 'Unisex') and not kid_titled(r)
    if g == stated or g == 'Unisex':
        return True
    want = 'boy' if stated == 'Boys' else 'girl'
    other = 'girl' if want == 'boy' else 'boy'
    toks = [t.replace("'s", '') for t in r['_tok']]
    has_kid = any(t in KID_TOKENS or t in ('boy', 'girl') for t in toks)
    return has_kid and not any(t in (other, other + 's') for t in toks)


# ----------------------------------------------------------------------------------------------------------------
# vocabulary (own; checked against the phrasings of the earlier sets at the end)
# ----------------------------------------------------------------------------------------------------------------

# colour words per baseColour; the catalog name itself is one option among several
COLOURS = {
    'Black': ['noir', 'matte black', 'tar black', 'crow black', 'kaala', 'blackest black', 'black', 'all-black'],
    'White': ['snow white', 'bright white', 'cloud white', 'frost white', 'safed', 'porcelain white', 'white'],
    'Blue': ['lapis blue', 'ocean blue', 'sapphire', 'cerulean', 'neela', 'bright blue', 'true blue', 'blue'],
    'Navy Blue': ['indigo', 'oxford blue', 'marine blue', 'deep navy', 'navy', 'blazer blue', 'navy blue'],
    'Grey': ['slate', 'smoke grey', 'storm gray', 'battleship gray', 'cement grey', 'mouse grey', 'pebble grey',
             'gray', 'grey'],
    'Brown': ['walnut', 'chestnut', 'tobacco brown', 'bark brown', 'muddy brown', 'bhura', 'brown'],
    'Red': ['crimson', 'chilli red', 'ruby red', 'poppy red', 'blood red', 'lal', 'sindoor red', 'red'],
    'Green': ['emerald', 'forest green', 'grass green', 'leaf green', 'pine green', 'hara', 'green'],
    'Purple': ['plum', 'mulberry', 'orchid purple', 'royal purple', 'baingani', 'damson', 'purple'],
    'Pink': ['blush', 'rose pink', 'hot pink', 'candy pink', 'dusty pink', 'gulabi', 'powder pink', 'pink'],
    'Beige': ['buff', 'almond', 'cashew beige', 'linen beige', 'stone beige', 'desert beige', 'beige'],
    'Maroon': ['raisin', 'deep maroon', 'brick maroon', 'rosewood', 'dark cherry', 'maroon'],
    'Yellow': ['lemon yellow', 'canary', 'butter yellow', 'banana yellow', 'daffodil yellow', 'peela', 'yellow'],
    'Olive': ['moss green', 'military green', 'combat green', 'moss', 'olive'],
    'Silver': ['silvery', 'silver-tone', 'mirror silver', 'chandi', 'silver'],
    'Steel': ['stainless', 'brushed steel', 'stainless steel', 'steel-tone', 'steel'],
    'Orange': ['tangerine', 'saffron', 'pumpkin orange', 'kesariya', 'orange'],
    'Cream': ['vanilla', 'creamy', 'malai', 'buttercream', 'cream'],
    'Gold': ['golden', 'gold-tone', 'yellow gold', 'gold'],
    'Tan': ['caramel', 'tawny', 'honey tan', 'light tan', 'tan'],
    'Multi': ['multicoloured', 'rainbow', 'lots of colours', 'many-coloured', 'multi'],
    'Charcoal': ['dark charcoal', 'smoky charcoal', 'charcoal-coloured', 'charcoal'],
    'Khaki': ['safari khaki', 'police khaki', 'khakee', 'khaki'],
    'Magenta': ['cerise', 'hot magenta', 'berry', 'magenta'],
    'Off White': ['pearl white', 'antique white', 'linen white', 'dirty white', 'off white'],
    'Copper': ['coppery', 'copper-tone', 'tamba', 'copper'],
    'Lavender': ['wisteria', 'pale purple', 'light purple', 'lavender'],
    'Peach': ['apricot', 'peachy', 'light apricot', 'peach'],
    'Teal': ['petrol blue', 'deep teal', 'blue-green', 'teal'],
    'Mustard': ['ochre', 'turmeric yellow', 'mustardy', 'mustard'],
    'Coffee Brown': ['coffee', 'cappuccino brown', 'filter-coffee brown', 'dark roast brown', 'coffee brown'],
    'Rust': ['terracotta', 'rusty', 'brick orange', 'rust'],
    'Turquoise Blue': ['aqua', 'firozi', 'turquoise-ish', 'turquoise blue'],
    'Grey Melange': ['heather grey', 'marl grey', 'grey marl', 'grey melange'],
    'Burgundy': ['bordeaux', 'deep burgundy', 'burgundy'],
    'Bronze': ['antique bronze', 'bronzy', 'bronze'],
    'Taupe': ['mushroom', 'greige', 'taupe'],
    'Fluorescent Green': ['neon green', 'highlighter green', 'fluorescent green'],
    'Sea Green': ['seafoam', 'mint green', 'sea green'],
    'Metallic': ['shiny metallic', 'metallic'],
    'Mauve': ['dusky mauve', 'mauve'],
    'Nude': ['nude', 'barely-there nude'],
    'Skin': ['skin-tone', 'skin colour'],
}

# casual item words per article type: (determiner, singular noun, plural noun)
# determiner: 'a' (a/an), 'pair' (a pair of), 'some', 'set' (a set of)
ITEMS = {
    'Tshirts': [('a', 'crewneck', 'crewnecks'), ('a', 'round-neck T', 'round-neck Ts'),
                ('a', 'short-sleeved T', 'short-sleeved Ts'), ('a', 'summer T', 'summer Ts'),
                ('a', 'half-sleeve T', 'half-sleeve Ts'), ('a', 'T-shirt', 'T-shirts')],
    'Shirts': [('a', 'button-up', 'button-ups'), ('a', 'dress shirt', 'dress shirts'),
               ('an', 'office shirt', 'office shirts'), ('a', 'work shirt', 'work shirts'),
               ('a', 'shirt with a collar', 'shirts with collars'), ('a', 'shirt', 'shirts')],
    'Casual Shoes': [('pair', 'everyday shoes', 'everyday shoes'), ('pair', 'canvas shoes', 'canvas shoes'),
                     ('pair', 'street shoes', 'street shoes'), ('pair', 'tennies', 'tennies'),
                     ('pair', 'daily wear shoes', 'daily wear shoes'), ('pair', 'casual shoes', 'casual shoes')],
    'Tops': [('a', 'going-out top', 'going-out tops'), ('an', 'everyday top', 'everyday tops'),
             ('a', 'top to wear with jeans', 'tops to wear with jeans'), ('a', 'little top', 'little tops'),
             ('a', 'top', 'tops')],
    'Kurtas': [('a', 'straight kurta', 'straight kurtas'), ('a', 'long kurta', 'long kurtas'),
               ('a', 'festive kurta', 'festive kurtas'), ('a', 'kurta for work', 'kurtas for work'),
               ('a', 'kurta', 'kurtas')],
    'Sports Shoes': [('pair', 'running shoes', 'running shoes'), ('pair', 'gym shoes', 'gym shoes'),
                     ('pair', 'jogging shoes', 'jogging shoes'), ('pair', 'athletic shoes', 'athletic shoes'),
                     ('pair', 'PT shoes', 'PT shoes'), ('pair', 'sports shoes', 'sports shoes')],
    'Watches': [('a', 'wristwatch', 'wristwatches'), ('an', 'analogue watch', 'analogue watches'),
                ('a', 'watch for everyday', 'watches for everyday'), ('a', 'wrist watch', 'wrist watches'),
                ('a', 'watch', 'watches')],
    'Handbags': [('a', 'purse', 'purses'), ('a', 'satchel', 'satchels'), ('a', 'work bag', 'work bags'),
                 ('an', 'everyday bag', 'everyday bags'), ('a', 'hand bag', 'hand bags'), ('a', 'handbag', 'handbags')],
    'Heels': [('pair', 'high heels', 'high heels'), ('pair', 'heeled sandals', 'heeled sandals'),
              ('pair', 'block heels', 'block heels'), ('pair', 'party heels', 'party heels'),
              ('pair', 'heels', 'heels')],
    'Sunglasses': [('a', 'sunglass', 'sunglasses'), ('pair', 'dark glasses', 'dark glasses'),
                   ('pair', 'sun glasses', 'sun glasses'), ('pair', 'sunglasses', 'sunglasses')],
    'Sweaters': [('a', 'knit', 'knits'), ('a', 'woollen', 'woollens'), ('a', 'v-neck knit', 'v-neck knits'),
                 ('a', 'knitted sweater', 'knitted sweaters'), ('a', 'sweater', 'sweaters')],
    'Sandals': [('pair', 'strap sandals', 'strap sandals'), ('pair', 'velcro sandals', 'velcro sandals'),
                ('pair', 'outdoor sandals', 'outdoor sandals'), ('pair', 'summer sandals', 'summer sandals'),
                ('pair', 'sandals', 'sandals')],
    'Wallets': [('a', 'pocket wallet', 'pocket wallets'), ('a', 'bi-fold', 'bi-folds'),
                ('a', 'money purse', 'money purses'), ('a', 'wallet', 'wallets')],
    'Flip Flops': [('pair', 'sliders', 'sliders'), ('pair', 'pool slides', 'pool slides'),
                   ('pair', 'beach flops', 'beach flops'), ('pair', 'flip-flops', 'flip-flops')],
    'Sweatshirts': [('a', 'crewneck sweatshirt', 'crewneck sweatshirts'), ('a', 'sweat top', 'sweat tops'),
                    ('a', 'fleece top', 'fleece tops'), ('a', 'sweatshirt', 'sweatshirts')],
    'Belts': [('a', 'waist belt', 'waist belts'), ('a', 'trouser belt', 'trouser belts'), ('a', 'belt', 'belts')],
    'Trousers': [('pair', 'formal pants', 'formal pants'), ('pair', 'work trousers', 'work trousers'),
                 ('pair', 'dress pants', 'dress pants'), ('pair', 'suit trousers', 'suit trousers'),
                 ('pair', 'trousers', 'trousers')],
    'Formal Shoes': [('pair', 'office shoes', 'office shoes'), ('pair', 'dress shoes', 'dress shoes'),
                     ('pair', 'oxfords', 'oxfords'), ('pair', 'smart shoes', 'smart shoes'),
                     ('pair', 'formal shoes', 'formal shoes')],
    'Jeans': [('pair', 'five-pocket jeans', 'five-pocket jeans'), ('pair', 'everyday jeans', 'everyday jeans'),
              ('pair', 'jeans', 'jeans')],
    'Socks': [('some', 'ankle socks', 'ankle socks'), ('some', 'everyday socks', 'everyday socks'),
              ('pair', 'socks', 'socks')],
    'Jackets': [('a', 'bomber', 'bombers'), ('a', 'light jacket', 'light jackets'), ('a', 'biker jacket', 'biker jackets'),
                ('a', 'coat', 'coats'), ('a', 'jacket', 'jackets')],
    'Flats': [('pair', 'dolly shoes', 'dolly shoes'), ('pair', 'ballet flats', 'ballet flats'),
              ('pair', 'slip-on flats', 'slip-on flats'), ('pair', 'flats', 'flats')],
    'Backpacks': [('a', 'school bag', 'school bags'), ('a', 'college bag', 'college bags'),
                  ('a', 'book bag', 'book bags'), ('a', 'two-strap bag', 'two-strap bags'),
                  ('a', 'backpack', 'backpacks')],
    'Briefs': [('some', 'underpants', 'underpants'), ('some', 'innerwear', 'innerwear'),
               ('some', 'briefs', 'briefs')],
    'Shorts': [('pair', 'cut-offs', 'cut-offs'), ('pair', 'knee-length shorts', 'knee-length shorts'),
               ('pair', 'summer shorts', 'summer shorts'), ('pair', 'shorts', 'shorts')],
    'Innerwear Vests': [('an', 'undershirt', 'undershirts'), ('an', 'inner vest', 'inner vests'),
                        ('a', 'gym vest', 'gym vests'), ('a', 'vest', 'vests')],
    'Caps': [('a', 'baseball cap', 'baseball caps'), ('a', 'snapback', 'snapbacks'), ('a', 'peak cap', 'peak caps'),
             ('a', 'dad cap', 'dad caps'), ('a', 'cap', 'caps')],
    'Track Pants': [('pair', 'track bottoms', 'track bottoms'), ('pair', 'trackpants', 'trackpants'),
                    ('pair', 'sweats', 'sweats'), ('pair', 'gym pants', 'gym pants'), ('pair', 'track pants', 'track pants')],
    'Ties': [('a', 'necktie', 'neckties'), ('an', 'office tie', 'office ties'), ('a', 'tie', 'ties')],
    'Kurtis': [('a', 'short kurta', 'short kurtas'), ('a', 'kurta top', 'kurta tops'),
               ('a', 'hip-skimming kurta', 'hip-skimming kurtas')],
    'Clutches': [('a', 'clutch', 'clutches'), ('an', 'evening bag', 'evening bags'), ('a', 'party clutch', 'party clutches'),
                 ('an', 'envelope clutch', 'envelope clutches')],
    'Dresses': [('a', 'sundress', 'sundresses'), ('a', 'party dress', 'party dresses'), ('a', 'day dress', 'day dresses'),
                ('a', 'dress', 'dresses')],
    'Mufflers': [('a', 'muffler', 'mufflers'), ('a', 'neck warmer', 'neck warmers'), ('a', 'neck wrap', 'neck wraps')],
    'Accessory Gift Set': [('a', 'gift set', 'gift sets'), ('an', 'accessories combo', 'accessories combos'),
                           ('a', 'gift box of accessories', 'gift boxes of accessories')],
    'Skirts': [('a', 'skirt', 'skirts'), ('a', 'midi skirt', 'midi skirts'), ('a', 'skirt for the office', 'skirts for the office')],
    'Trunk': [('some', 'trunks', 'trunks'), ('some', 'boxer briefs', 'boxer briefs'),
              ('some', 'fitted underwear', 'fitted underwear')],
    'Scarves': [('a', 'scarf', 'scarves'), ('a', 'neckerchief', 'neckerchiefs'), ('a', 'wrap', 'wraps')],
    'Perfume and Body Mist': [('a', 'perfume', 'perfumes'), ('a', 'fragrance', 'fragrances'),
                              ('an', 'eau de toilette', 'eaux de toilette'), ('a', 'body mist', 'body mists')],
    'Cufflinks': [('pair', 'cufflinks', 'cufflinks'), ('set', 'cufflinks', 'cufflinks')],
    'Capris': [('pair', 'capris', 'capris'), ('pair', 'cropped pants', 'cropped pants'),
               ('pair', 'calf-length pants', 'calf-length pants'), ('pair', 'capri pants', 'capri pants')],
    'Laptop Bag': [('a', 'computer bag', 'computer bags'), ('a', 'notebook bag', 'notebook bags'),
                   ('a', 'laptop bag', 'laptop bags')],
    'Tunics': [('a', 'tunic', 'tunics'), ('a', 'long top', 'long tops'), ('a', 'tunic top', 'tunic tops')],
    'Stockings': [('pair', 'stockings', 'stockings'), ('pair', 'sheer stockings', 'sheer stockings'),
                  ('some', 'hosiery', 'hosiery')],
    'Leggings': [('pair', 'leggings', 'leggings'), ('pair', 'stretch pants', 'stretch pants')],
    'Duffel Bag': [('a', 'duffle bag', 'duffle bags'), ('a', 'travel bag', 'travel bags'),
                   ('an', 'overnight bag', 'overnight bags'), ('a', 'sports bag', 'sports bags'), ('a', 'duffel', 'duffels')],
    'Mobile Pouch': [('a', 'phone pouch', 'phone pouches'), ('a', 'cell phone pouch', 'cell phone pouches'),
                     ('a', 'mobile pouch', 'mobile pouches')],
    'Deodorant': [('a', 'deo', 'deos'), ('an', 'antiperspirant', 'antiperspirants'), ('a', 'body spray', 'body sprays'),
                  ('a', 'deodorant', 'deodorants')],
    'Tracksuits': [('a', 'tracksuit', 'tracksuits'), ('a', 'track suit', 'track suits'),
                   ('a', 'jogging suit', 'jogging suits'), ('a', 'sweatsuit', 'sweatsuits')],
    'Sports Sandals': [('pair', 'sport sandals', 'sport sandals'), ('pair', 'hiking sandals', 'hiking sandals'),
                       ('pair', 'trekking sandals', 'trekking sandals')],
    'Bra': [('a', 'bra', 'bras'), ('a', 'brassiere', 'brassieres'), ('an', 'everyday bra', 'everyday bras')],
    'Gloves': [('pair', 'gloves', 'gloves'), ('pair', 'hand gloves', 'hand gloves'), ('pair', 'riding gloves', 'riding gloves')],
    'Shoe Accessories': [('some', 'shoelaces', 'shoelaces'), ('some', 'shoe care stuff', 'shoe care things')],
    'Messenger Bag': [('a', 'messenger bag', 'messenger bags'), ('a', 'cross-body bag', 'cross-body bags'),
                      ('a', 'courier bag', 'courier bags')],
    'Fragrance Gift Set': [('a', 'perfume gift set', 'perfume gift sets'), ('a', 'fragrance set', 'fragrance sets'),
                           ('a', 'scent hamper', 'scent hampers')],
    'Dupatta': [('a', 'dupatta', 'dupattas'), ('a', 'chunri', 'chunris')],
    'Lounge Shorts': [('pair', 'lounge shorts', 'lounge shorts'), ('pair', 'sleep shorts', 'sleep shorts'),
                      ('pair', 'pyjama shorts', 'pyjama shorts')],
    'Umbrellas': [('an', 'umbrella', 'umbrellas'), ('a', 'rain umbrella', 'rain umbrellas'), ('a', 'chhatri', 'chhatris')],
    'Travel Accessory': [('a', 'travel pouch', 'travel pouches'), ('a', 'travel organiser bag', 'travel organiser bags')],
    'Churidar': [('a', 'churidar', 'churidars'), ('a', 'churidar bottom', 'churidar bottoms')],
    'Stoles': [('a', 'stole', 'stoles'), ('a', 'shawl', 'shawls')],
    'Hat': [('a', 'beanie', 'beanies'), ('a', 'knit hat', 'knit hats'), ('a', 'hat', 'hats')],
    'Waist Pouch': [('a', 'waist bag', 'waist bags'), ("a", "runner's pouch", "runner's pouches"),
                    ('a', 'waist pouch', 'waist pouches')],
    'Lounge Pants': [('pair', 'PJ bottoms', 'PJ bottoms'), ('pair', 'sleep pants', 'sleep pants'),
                     ('pair', 'lounge pants', 'lounge pants')],
    'Headband': [('a', 'headband', 'headbands'), ('a', 'hairband', 'hairbands'), ('a', 'sweatband', 'sweatbands')],
    'Waistcoat': [('a', 'waistcoat', 'waistcoats'), ('a', 'three-piece waistcoat', 'three-piece waistcoats')],
    'Kurta Sets': [('a', 'kurta set', 'kurta sets'), ('a', 'salwar set', 'salwar sets'), ('a', 'suit set', 'suit sets')],
    'Rucksacks': [('a', 'hiking pack', 'hiking packs'), ('a', 'trekking bag', 'trekking bags')],
    'Necklace and Chains': [('a', 'necklace', 'necklaces'), ('a', 'chain', 'chains')],
    'Tights': [('pair', 'tights', 'tights'), ('pair', 'running tights', 'running tights')],
    'Boxers': [('pair', 'boxer shorts', 'boxer shorts'), ('some', 'boxers', 'boxers')],
    'Sarees': [('a', 'saree', 'sarees'), ('a', 'sari', 'saris')],
    'Footballs': [('a', 'football', 'footballs'), ('a', 'soccer ball', 'soccer balls')],
    'Bracelet': [('a', 'bracelet', 'bracelets'), ('a', 'wrist band', 'wrist bands')],
    'Shrug': [('a', 'shrug', 'shrugs'), ('a', 'cover-up', 'cover-ups')],
}


def with_det(det, noun, adj=None):
    phrase = noun if adj is None else adj + ' ' + noun
    if det in ('a', 'an'):
        return ('an ' if phrase[0].lower() in 'aeiou' else 'a ') + phrase
    if det == 'pair':
        return 'a pair of ' + phrase
    if det == 'set':
        return 'a set of ' + phrase
    return 'some ' + phrase


# people instead of genders: (gender, "for" phrase, noun phrase, short label, pronoun m/f/s(elf)/p(lural))
PEOPLE = {
    'Men': [
        ('for my godfather', 'my godfather', 'godfather', 'm'),
        ('for my tauji', 'my tauji', 'tauji (dad\'s elder bro)', 'm'),
        ('for my fufaji', 'my fufaji', 'fufaji', 'm'),
        ('for Varun, my son-in-law', 'my son-in-law Varun', 'son-in-law', 'm'),
        ("for our landlord, Mr D'Souza", "our landlord Mr D'Souza", 'landlord', 'm'),
        ('for my step-brother Kabir', 'my step-brother Kabir', 'step-brother', 'm'),
        ('for my gramps', 'my gramps', 'gramps', 'm'),
        ('for my old man', 'my old man', 'my old man', 'm'),
        ('for my buddy Carlos', 'my buddy Carlos', 'Carlos', 'm'),
        ("for my roomie Tyler, he's 22", 'my roomie Tyler', 'roomie (Tyler)', 'm'),
        ('for my fiancé, Neil', 'my fiancé Neil', 'fiancé', 'm'),
        ('for my twin brother', 'my twin brother', 'twin bro', 'm'),
        ('for our cricket captain, Imran', 'our cricket captain Imran', 'Imran (captain)', 'm'),
        ("for my nephew Rohan, who's 24", 'my nephew Rohan', 'nephew, 24', 'm'),
        ("for my wife's cousin Sameer", "my wife's cousin Sameer", 'Sameer', 'm'),
        ('for Mr Kapoor, the uncle next door', 'Mr Kapoor next door', 'neighbour uncle', 'm'),
        ('for my stepfather Gary', 'my stepfather Gary', 'stepfather', 'm'),
        ('for the groom, my cousin Aditya', 'my cousin Aditya (the groom)', 'groom', 'm'),
        ('for my dude Marcus', 'my dude Marcus', 'Marcus', 'm'),
        ('for myself - 41, bloke', 'I', 'me (41, bloke)', 's'),
    ],
    'Women': [
        ('for my saas (mother-in-law)', 'my saas', 'saas ji', 'f'),
        ("for my nanad Pooja (husband's sister)", 'my nanad Pooja', 'nanad', 'f'),
        ('for my chachi', 'my chachi', 'chachi', 'f'),
        ('for my godmother', 'my godmother', 'godmother', 'f'),
        ('for my gran', 'my gran', 'gran', 'f'),
        ('for my stepmother Linda', 'my stepmother Linda', 'stepmother', 'f'),
        ('for my BFF Tanya', 'my BFF Tanya', 'Tanya (BFF)', 'f'),
        ('for my roomie Kayla', 'my roomie Kayla', 'Kayla', 'f'),
        ('for my girlfriend Zoe', 'my girlfriend Zoe', 'gf (Zoe)', 'f'),
        ('for my wife Ananya', 'my wife Ananya', 'the wife', 'f'),
        ('for my daughter-in-law Ritu', 'my daughter-in-law Ritu', 'daughter-in-law', 'f'),
        ("for my mom, she's 58", 'my mom', 'mom', 'f'),
        ('for my ammi', 'my ammi', 'ammi', 'f'),
        ('for our nanny, Grace', 'our nanny Grace', 'nanny', 'f'),
        ('for the bridesmaid, my cousin Ishita', 'my cousin Ishita', 'bridesmaid', 'f'),
        ('for my sister-in-law Meher', 'my sister-in-law Meher', 'Meher', 'f'),
        ('for Mrs Fernandes, the aunty next door', 'Mrs Fernandes next door', 'neighbour aunty', 'f'),
        ('for my twin sister', 'my twin sister', 'twin sis', 'f'),
        ("for my daughter, 19, in her first year at college", 'my daughter', 'daughter (19)', 'f'),
        ('for myself - female, 33', 'I', 'me (female, 33)', 's'),
    ],
    'Boys': [
        ("for my grandson Aarav, he's 9", 'my grandson Aarav', 'grandson (9)', 'm'),
        ("for my nephew, he's in year 5", 'my nephew', 'nephew (year 5)', 'm'),
        ('for our little man, age 7', 'our little man', 'our boy, 7', 'm'),
        ('for my godson, who just turned 10', 'my godson', 'godson (10)', 'm'),
        ('for my stepson Leo (8)', 'my stepson Leo', 'Leo, 8', 'm'),
    ],
    'Girls': [
        ('for my granddaughter Mia, 7', 'my granddaughter Mia', 'Mia (7)', 'f'),
        ("for my niece who's in class 2", 'my niece', 'niece (class 2)', 'f'),
        ('for our girl, she turns 8 soon', 'our girl', 'our girl, 8', 'f'),
        ('for my stepdaughter Ella (9)', 'my stepdaughter Ella', 'Ella, 9', 'f'),
        ("for my beti, she's 6", 'my beti', 'beti (6)', 'f'),
    ],
    'Unisex': [
        ('for the two of us to share, him and me', 'the two of us', 'both of us', 'p'),
        ('for whoever in the family grabs it first', 'the whole family', 'family (anyone)', 'p'),
        ("for my twins, a boy and a girl (they'll share)", 'my twins', 'twins (boy + girl)', 'p'),
        ('for our office raffle (any gender)', 'the office raffle', 'raffle prize, any gender', 'p'),
        ("for the house - we all borrow each other's stuff", 'everyone at home', 'the household', 'p'),
        ('for our hostel room, boys and girls both use it', 'our hostel room', 'hostel room, mixed', 'p'),
        ("for a present where gender doesn't come into it", 'a friend (gender no matter)', 'anyone', 'p'),
    ],
}
PRON = {'m': ('he', 'him', 'his'), 'f': ('she', 'her', 'her'), 'p': ('they', 'them', 'their'), 's': ('I', 'me', 'my')}

OPENERS = ['', '', '', 'heya, ', 'good morning! ', 'hey there, ', 'right, ', 'so, ', 'okay, ', 'hi team, ',
           'hello hello - ', 'excuse me, ', 'umm ', 'good evening, ', 'salaam, ', 'vanakkam! ', 'howdy, ',
           'hey folks, ', 'hi again, ']
VERBS = ["I'm shopping for", 'could I get', "I'd love", 'show me', "I'm trying to find", 'help me find',
         'I want to buy', "I'm needing", 'searching for', 'can I see', "I'm after", 'I require', 'gotta get',
         'I would like', "I've been meaning to buy", 'need to pick up', 'want to get hold of']
ENDINGS = ['', '', '', ' - thanks so much', ', much appreciated', '. many thanks', ' dhanyavaad', ' thanks in advance',
           ' 😊', ' 👍', ' 🛍️', '. bless you', ', with thanks', ' xoxo', ' ty']

STORIES_ADULT = [
    "{Who} just got a promotion, so I'm treating {obj} to {item}",
    "{Who} left {pos} old one on the metro last week - need {item} to replace it",
    "it's {who}'s anniversary next week and I've been told to buy {item}",
    "{Who} is moving to Bangalore and keeps hinting about {item}",
    "{Who} got paint all over {pos} old one doing up the flat, so: {item}",
    "we're off to a wedding in Udaipur and {who} has nothing to wear - {item}?",
    "{Who} has started going to the gym at 6am (!!) and wants {item}",
    "I owe {who} a thank-you present; thinking {item}",
    "festival season's here, so {item} as a gift {for}",
    "{Who}'s old one finally fell apart after ten years, hunting down {item}",
    "{Who} retires on friday and the team's chipping in for {item}",
]
STORIES_KID = [
    "{Who} starts at a new school next month and needs {item}",
    "{Who} outgrew everything over the summer, so {item} please",
    "{Who} needs {item} for the school trip on monday",
    "{Who}'s birthday party is this weekend, thinking {item}",
]

# colour turn (progressive); {c} colour word; person-based ones need a he/she person
COLOUR_TURNS = ['{c} would be ideal', "{c} if you've got it", 'ideally in {c}', 'colour? {c}', 'thinking {c}',
                'preferably {c}', 'has to be {c}', 'something {c}', 'in a {c} shade', '{c} - nothing too loud',
                'any in {c}?', '{c} for sure', 'want it {c}', 'in {c}, please', 'colour-wise... {c}', '{c} would be lovely',
                'oh, and {c}', 'the colour I had in mind is {c}', 'go for {c}']
COLOUR_TURNS_PERSON = ['{c} goes with everything {sub} owns', "{Sub}'s a big fan of {c}", '{Pos} favourite colour is {c}',
                       '{Sub} basically lives in {c}', '{c} - {sub} said so twice']

# name-word turns (the quote is filled in; {b} brand, {w} title word(s), {p} brand beginning)
NAME_BRAND = ["{b}, I'm fairly sure", '{b} makes the one I mean', 'from {b}, if that helps', "{b} - that's the brand",
              'I think the label read {b}', '{b} is the make', 'got to be {b}', 'it said {b} on the box',
              '{b}, 100%', 'brand: {b}', 'my cousin has one from {b}', "the one I saw was {b}",
              'ideally {b}, they fit well', '{b} or nothing, honestly']
NAME_BRAND_PERSON = ['{sub_} only trusts {b}', '{b} - {sub} swears by them']
NAME_WORD = ["all I can dredge up from the name is '{w}'", "'{w}' was on the tag", 'the model is {w}',
             'it had {w} in the product name', '{w} rings a bell', 'something like {w}?', '{w} or close to it',
             'the {w} design', 'the {w} one, I think', 'try searching {w}', "name's something {w}...",
             'it was listed as {w}-something']
NAME_TWO = ["the {w} one", "'{w}' - that was in the name", 'something {w}, from memory', 'the name went {w}...']
NAME_BOTH = ['the {w} from {b}', "{b} {w}, I'm fairly sure", '{b} brand, called {w}', 'made by {b}; the name was {w}',
             '{b} - and I think the style was {w}', "{b} and the word '{w}' in the name", '{w}... from {b}, yes',
             'it was a {b}, the {w}']
NAME_PART = ['{p}-something? the brand, I mean', "brand starts {p}... that's all I've got",
             "it's {p}... something, can't remember the full brand", '{p}-dot-dot-dot, the brand',
             '{p}... hmm, the rest of the brand escapes me']
NAME_PART_WORD = ['{p}-something brand, the {w} one', "brand starts with {p}, and '{w}' was in the name",
                  '{w}, by {p}-something']

CHANGE_COLOUR = ['hmm, not {c1} - {c2}', 'changed my mind, {c2}', 'ugh, {c1} clashes with everything. {c2}',
                 '{c2}, sorry, not {c1}', 'switch that to {c2}', 'forget {c1}. {c2} it is', 'ignore the {c1} bit, {c2} please',
                 'swap {c1} for {c2}', 'second thoughts - {c2}', '{c1} is too much, go {c2}', "nah {c1}'s a bad idea, {c2}",
                 "let's do {c2}", 'whoops, meant {c2} not {c1}', 'hang about, {c2} suits better than {c1}']
CHANGE_COLOUR_PERSON = ['just checked {pos} wardrobe, {c2} is better', '{sub_} said {c2}, not {c1}',
                        '{sub_} already has {c1}, so {c2}']
CHANGE_PERSON = ["change of plan - it's for {who2}, not {who1}", "{Who1} already has one, so it's for {who2} now",
                 'not for {who1} any more, {who2} wants it', "turns out it's {who2} who needs it, not {who1}",
                 "I mixed up my list: this one's {for2}", "ignore the bit about {who1}, it's {for2}",
                 'sorry, wrong person - {for2}']

PERSON_TURNS = ["it's {for}", 'oh - {for}', 'this is {for}', 'btw, {for}', 'gift {for}', '{for}, by the way']

COMPOSED = ['this, but {c}?', 'got a {c} version of this?', 'same style in {c}, please', 'does this come in {c}?',
            'looking at this one - need it in {c}', 'this design, {c} colour', 'want exactly this in {c}',
            'is there a {c} one of these?', "mine's this colour, I'm after {c}", "the shape's right, just need {c}",
            '{c} rather than this colour?', 'found this pic - {c} available?', 'can you find this in {c}',
            'similar one in {c}?', 'this exact thing but {c}', 'could I have this in a {c} shade', 'same again in {c}?']
COMPOSED_PERSON = [' - |{for}', '. |it is {for}', ', |{for}']

IMAGE_LINES = {
    'billboard': ['saw this on a billboard on the way to work, where can I get it',
                  'huge ad at the bus stop had this - do you sell it?', 'this was on a hoarding near the station, got it?'],
    'livestream': ['screenshot from a live shopping stream, is this yours?',
                   'the host of a live sale had this on, where can I get it', 'grabbed this from a live stream, it sold out there'],
    'shutter': ['shop was shut so I snapped it through the grille, got this?', 'took this through the shutter last night, want it',
                'window display pic, sorry about the bars'],
    'polybag': ['still in the packet from last time, need another', 'took a pic of the packaging - can I reorder this?',
                'this came in a parcel for my neighbour, I want one too'],
    'blinds': ['sun coming through the blinds, sorry - have you got this?', 'pic from my room, do you stock this one',
               'stripy light, I know. this one please'],
    'rack': ['saw it at a store but they had none left', 'on display at the mall, this exact one please',
             'the one in the middle, do you stock it?', 'a street stall had this, is it on your site?'],
    'corrupt': ["pic didn't load properly sorry, but this one", 'my phone messed up the image, hope you can tell',
                'forwarded pic, bit broken. this product?'],
    'fingertip': ['sorry, my thumb got in the shot. this please', 'bad photo, but do you have it?',
                  'quick pic in the shop, is this online?'],
    'any': ['this thing. where do I buy', 'what is this called? want it', 'exact same please', 'do you sell this one',
            'need this asap-ish', 'is this in stock anywhere', 'can I order this'],
}

GENERIC_WORDS = set('''solid solids printed print prints casual slim training sports sport formal check checks checked
striped stripes stripe stripy pack set with and the for style fit regular basic basics round neck sleeve sleeves full
half long short polo tshirt tshirts shirt shirts top tops shoe shoes leather cotton plain new classic graphic logo
design patterned pattern colourblocked colour color coloured coloured assorted bright dark light medium tee tees
men women kids boys girls unisex woman mens womens boy girl dial watch watches analog analogue digital chronograph
stylish smart trendy cool super fashion fashionable premium essential essentials everyday day night party wear combo
deo deos perfume perfumes edt edp eau toilette parfum ml pair pairs piece pcs of in on a an to by from sneakers
sneaker sandal sandals slipper slippers flip flop flops heel heels flat flats bag bags handbag handbags backpack
backpacks wallet wallets belt belts cap caps jeans jean trousers trouser track pants pant shorts short jacket jackets
sweater sweaters sweatshirt sweatshirts kurta kurtas kurti kurtis dress dresses skirt skirts sunglasses sunglass frame
frames eyewear socks sock brief briefs vest vests trunk trunks boxer boxers tie ties scarf scarves stole stoles muffler
mufflers tunic tunics leggings legging stockings capris capri clutch clutches gift gifts tracksuit tracksuits bra
gloves glove umbrella umbrellas headband cufflinks cufflink necklace bracelet shrug saree churidar dupatta waistcoat
hat beanie lounge pouch mobile duffle duffel laptop messenger travel waist rucksack football accessories accessory
fragrance mist body spray deodorant innerwear lace laces'''.split())

AMBIGUOUS_BRANDS = {'W', 'AND', 'Ant', 'Mr.', 'iD', 'Ice', 'Image', 'Basics', 'Cat', 'M tv', 'Black Coffee', 'Diva',
                    'Little Miss', 'Do U Speak Green', 'ANT'}
STOPWORDS = set('''this that these those your you my our his her its all any just very over into out up down not no
yes with without what who when where how why are is was be been being have has had do does did can will shall may
might must so too also than then there here it he she they we me him them'''.split())
COLOUR_WORDS = set()
for _k in COLOURS:
    COLOUR_WORDS.update(norm(_k).split())
COLOUR_WORDS.update('''navy fushia fuschia fuchsia melange multi multicolour multicolor multicoloured multicolored
gunmetal golden silvery offwhite majenta coral lilac violet indigo lime mint aqua cyan wine ivory ecru turquoise
khakhi maroom neon fluorescent'''.split())


# ----------------------------------------------------------------------------------------------------------------
# brands and title words
# ----------------------------------------------------------------------------------------------------------------

def build_brands(rows):
    pre = Counter()
    for r in rows:
        w = r['productDisplayName'].split()
        for i, t in enumerate(w):
            if t.lower() in GENDER_TOKENS:
                p = w[:i]
                while p and norm(p[-1]) in GENERIC_WORDS | COLOUR_WORDS:
                    p = p[:-1]
                if p:
                    pre[' '.join(p)] += 1
                break
    known = {b for b, n in pre.items() if n >= 2 and b not in AMBIGUOUS_BRANDS and len(norm(b)) >= 3
             and len(b.split()) <= 4}
    return known


def brand_of(r, known):
    w = r['productDisplayName'].split()
    best = None
    for i in range(1, min(5, len(w)) + 1):
        p = ' '.join(w[:i])
        if p in known:
            best = p
    return best


def title_words(r, brand):
    """candidate remembered title words: after the brand, alphabetic, not colour/gender/type/generic, not codes.
    Returns (index, word) with indexes counting the title's tokens (split at spaces and + / & ( ) ,)."""
    text = r['productDisplayName']
    if brand and text.startswith(brand):
        text = text[len(brand):]
    toks = [x for x in re.split(r"[\s+/&(),]+", text) if x]
    start = 0
    if not brand:   # no usable brand: leave out whatever stands before the gender word (an unlisted brand)
        for i, raw in enumerate(toks):
            if raw.lower() in GENDER_TOKENS:
                start = i + 1
                break
    out = []
    for i, raw in enumerate(toks):
        if i < start:
            continue
        if not re.fullmatch(r"[A-Za-z]+('s)?", raw):
            continue
        w = raw
        n = norm(w)
        if (n in GENERIC_WORDS or n in COLOUR_WORDS or n in GENDER_TOKENS or singular(n) in GENERIC_WORDS
                or n in STOPWORDS):
            continue
        if len(n) < 4 and not (len(n) == 3 and raw[:1].isupper() and not raw.isupper()):
            continue
        if raw.isupper() and len(raw) <= 4:
            continue
        if not re.search('[aeiouy]', n[:3]):     # codes such as "Bnce", "Drsp"
            continue
        out.append((i, w))
    return out


# ----------------------------------------------------------------------------------------------------------------
# typos and texting
# ----------------------------------------------------------------------------------------------------------------

KEYB = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm']
REAL_WORD_SLIPS = {'back', 'lack', 'bran', 'ban', 'bed', 'ran', 'pin', 'rim', 'war', 'sat', 'star', 'stars', 'fat',
                   'bag', 'cat', 'hat', 'god', 'sex', 'hell', 'shit', 'dam', 'damn', 'ass', 'form', 'from', 'sing',
                   'sign', 'hose', 'lice', 'mice'}
NEIGH = {}
for _ri, _row in enumerate(KEYB):
    for _ci, _ch in enumerate(_row):
        ns = []
        for dr in (-1, 0, 1):
            rr = _ri + dr
            if 0 <= rr < 3:
                for dc in (-1, 0, 1):
                    cc = _ci + dc
                    if (dr or dc) and 0 <= cc < len(KEYB[rr]):
                        ns.append(KEYB[rr][cc])
        NEIGH[_ch] = ns

PHONETIC = {'definitely': 'definately', 'receive': 'recieve', 'which': 'wich', 'their': 'thier', 'until': 'untill',
            'weird': 'wierd', 'tomorrow': 'tommorow', 'because': 'becuase', 'birthday': 'birthdy',
            'colleague': 'colleage', 'please': 'pleese', 'daughter': 'daugther', 'perfect': 'perfekt',
            'remember': 'remeber', 'jacket': 'jaket', 'would': 'wuld', 'could': 'culd', 'cousin': 'cusin',
            'anniversary': 'aniversary', 'wedding': 'weding', 'guess': 'gues', 'brother': 'bruther',
            'favourite': 'favrite', 'sister': 'sistr', 'thanks': 'thnaks', 'something': 'somethign',
            'wardrobe': 'wardrobbe', 'present': 'presant', 'nephew': 'nefew', 'colour': 'coulour',
            'shopping': 'shoping', 'already': 'allready', 'pretty': 'prety', 'office': 'offise',
            'sure': 'shure', 'label': 'lable', 'there': 'ther'}
HOMOPHONE = {'pair': 'pear', 'buy': 'by', 'wear': 'where', 'their': 'there', 'new': 'knew', 'too': 'to',
             'piece': 'peace', 'right': 'write', 'know': 'no', 'whether': 'weather', 'your': "you're"}
TEXTING = [(r'\bgoing to\b', 'gonna'), (r'\bgot to\b', 'gotta'), (r'\bkind of\b', 'kinda'), (r'\bthanks\b', 'thnks'),
           (r'\bplease\b', 'pleaseee'), (r'\bbecause\b', 'cuz'), (r'\bwith\b', 'wiv'), (r'\bhave\b', 'hv'),
           (r'\bwhat\b', 'wht'), (r'\bgreat\b', 'gr8'), (r'\btomorrow\b', 'tmrw'), (r'\bbirthday\b', 'bday'),
           (r'\breally\b', 'rly'), (r'\bthank you\b', 'tysm'), (r'\bpeople\b', 'ppl'), (r'\bprobably\b', 'prob'),
           (r'\bokay\b', 'k'), (r'\bsomething\b', 'somethin'), (r'\bfrom\b', 'frm'), (r'\babout\b', 'bout'),
           (r'\bI think\b', 'i reckon'), (r'\bto be honest\b', 'tbh')]
TEXT_TAGS = [' tbh', ' ngl', ' lmao', ' omg', ' haha', ' 🙂', ' idk', '!!', ' 🤞']


def keyslip(word, rng, minlen=5):
    """one realistic slip in a word of 5+ letters."""
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if len(letters) < minlen:
        return word
    kind = rng.choice(['neigh', 'drop', 'double', 'swap'])
    i = rng.choice(letters[1:-1])
    ch = word[i]
    if kind == 'neigh' and ch.lower() in NEIGH:
        rep = rng.choice(NEIGH[ch.lower()])
        return word[:i] + (rep.upper() if ch.isupper() else rep) + word[i + 1:]
    if kind == 'drop':
        return word[:i] + word[i + 1:]
    if kind == 'double':
        return word[:i] + ch + word[i:]
    j = i + 1
    if j < len(word) and word[j].isalpha() and word[j] != ch:
        return word[:i] + word[j] + ch + word[j + 1:]
    return word[:i] + word[i + 1:]


def misspell_name(q, rng):
    """a one-letter slip in a remembered name word (4+ letters), never at its first letter."""
    toks = q.split()
    idx = [i for i, t in enumerate(toks) if sum(c.isalpha() for c in t) >= 4]
    if not idx:
        return None
    i = rng.choice(idx)
    for _ in range(10):
        t2 = keyslip(toks[i], rng, minlen=4)
        if t2 != toks[i] and norm(t2) != norm(toks[i]):
            toks[i] = t2
            return ' '.join(toks)
    return None


def add_typos(text, protect, rng, n):
    """n typing slips in words outside the protected (quoted name) spans. Returns (text, list of (old, new))."""
    made = []
    for _ in range(n):
        spans = []
        for p in protect:
            for m in re.finditer(re.escape(p), text, flags=re.I):
                spans.append((m.start(), m.end()))
        words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[A-Za-z][A-Za-z']*", text)]
        cand = [w for w in words if not any(a < w[1] and w[0] < b for a, b in spans)
                and not any(w[2] == nw for _, nw in made)]
        pref = [w for w in cand if w[2].lower() in PHONETIC or w[2].lower() in HOMOPHONE]
        long_ = [w for w in cand if len(w[2]) >= 5 and "'" not in w[2]]
        pool = pref if pref and rng.random() < 0.5 else long_
        if not pool:
            break
        s, e, w = rng.choice(pool)
        low = w.lower()
        if low in HOMOPHONE and rng.random() < 0.6:
            new = HOMOPHONE[low]
        elif low in PHONETIC and PHONETIC[low] != low and rng.random() < 0.8:
            new = PHONETIC[low]
        elif len(w) >= 5 and "'" not in w:
            new = keyslip(w, rng)
        else:
            continue
        if new == w or new.lower() in REAL_WORD_SLIPS or norm(new) in COLOUR_WORDS:
            continue
        if w[0].isupper():
            new = new[0].upper() + new[1:]
        text = text[:s] + new + text[e:]
        made.append((w, new))
    return text, made


def texting(text, rng):
    t = text
    for pat, rep in TEXTING:
        if rng.random() < 0.8:
            t = re.sub(pat, rep, t, flags=re.I)
    t = t.lower().rstrip('.')
    if rng.random() < 0.35:
        t += rng.choice(TEXT_TAGS)
    return t


def capfirst(s):
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1:]
        if ch not in ' "\'(':
            return s
    return s


# ----------------------------------------------------------------------------------------------------------------
# catalog context: usable targets, references, relevance
# ----------------------------------------------------------------------------------------------------------------

def type_tail(name):
    w = name.split()[-1]
    s = singular(re.sub(r'[^A-Za-z-]', '', w))
    if s.endswith('ie') and w.lower().endswith('ies'):
        s = s[:-2] + 'y'
    return s


BRAND_ALIAS = {'United Colors of Benetton': ['Benetton', 'united colors of benetton'],
               'United Colors Of Benetton': ['Benetton', 'United Colors of Benetton'],
               'U.S. Polo Assn.': ['US Polo', 'U.S. Polo', 'us polo assn'],
               'Gini and Jony': ['Gini & Jony'], 'Reid & Taylor': ['Reid and Taylor'],
               "Levi's": ['Levis'], 'ADIDAS Originals': ['Adidas Originals', 'adidas originals']}
REAL_MISSPELL = {'United Colors of Benetton': 'United Colours of Benetton', 'Timberland': 'Timberlands',
                 'Franco Leone': 'Franco Leoni', 'Lino Perros': 'Lino Perro', 'Carlton London': 'Carleton London',
                 'Mark Taylor': 'Marc Taylor', 'Flying Machine': 'Flyin Machine', 'Numero Uno': 'Numero Una',
                 'Louis Philippe': 'Louis Phillipe', 'Tokyo Talkies': 'Tokio Talkies', 'Spykar': 'Spyker',
                 'Genesis': 'Genisis', 'Esprit': 'Espirit', 'Buckaroo': 'Buckeroo', 'Skechers': 'Skecher',
                 'Converse': 'Converce', 'Baggit': 'Baggitt', 'Aurelia': 'Aurellia', 'Nike': 'Nikey',
                 'ADIDAS': 'Adiddas', 'Reebok': 'Rebook', 'Highlander': 'Hylander', 'Locomotive': 'Locomotiv',
                 'Wrangler': 'Wranglar', 'Playboy': 'Playboi', 'Jealous 21': 'Jelous 21', 'Enroute': 'Enrout'}


class Ctx:
    def __init__(self):
        rows = load_catalog()
        self.rows = rows
        self.by_id = {r['id']: r for r in rows}
        self.md5count = Counter(r['_md5'] for r in rows)
        self.brands = build_brands(rows)
        self.brand = {r['id']: brand_of(r, self.brands) for r in rows}
        self.df = Counter()
        for r in rows:
            for w in set(r['_tw']):
                self.df[w] += 1
        self.by_tc = defaultdict(list)
        self.by_type = defaultdict(list)
        for r in rows:
            self.by_tc[(r['articleType'], r['baseColour'])].append(r)
            self.by_type[r['articleType']].append(r)
        tails = {t: type_tail(t) for t in self.by_type}
        self.usable = {}
        for r in rows:
            self.usable[r['id']] = self._usable(r, tails)
        self.n_usable = Counter(r['articleType'] for r in rows if self.usable[r['id']])
        self.identical = defaultdict(list)
        for r in rows:
            self.identical[(r['productDisplayName'], r['gender'], r['baseColour'], r['articleType'])].append(r['id'])
        self.by_md5 = defaultdict(list)
        for r in rows:
            self.by_md5[r['_md5']].append(r['id'])

    def _usable(self, r, tails):
        if not r['_ok'] or r['baseColour'] in ('NA', '') or r['baseColour'] not in COLOURS:
            return False
        if r['articleType'] not in ITEMS or r['articleType'] == 'Free Gifts':
            return False
        if r['gender'] in ('Men', 'Women', 'Unisex') and kid_titled(r):
            return False
        if r['gender'] in ('Boys', 'Girls') and adult_titled(r):
            return False
        words = [w for w in r['productDisplayName'].split() if re.search('[A-Za-z]', w)]
        if not words:
            return False
        tail = type_tail(words[-1])
        own = tails[r['articleType']]
        if tail != own and tail in set(tails.values()):
            return False
        return True

    def ref_ok(self, r):
        return r['_ok'] and self.md5count[r['_md5']] == 1 and r['baseColour'] not in ('NA', '')

    def rel_text(self, atype, colour, stated, quotes):
        out = []
        for r in self.by_tc[(atype, colour)]:
            if gender_fits(stated, r) and all(holds(q, r['_tw']) for q in quotes):
                out.append(r['id'])
        return sorted(out, key=int)

    def rel_image(self, t):
        ids = set(self.identical[(t['productDisplayName'], t['gender'], t['baseColour'], t['articleType'])])
        ids.update(self.by_md5[t['_md5']])
        return sorted(ids, key=int)

    def image_ok(self, t):
        rel = set(self.rel_image(t))
        for i in rel:
            o = self.by_id[i]
            if (o['articleType'], o['baseColour']) != (t['articleType'], t['baseColour']):
                return False
        for o in self.by_type[t['articleType']]:
            if o['id'] in rel or o['_thumb'] is None:
                continue
            if np.abs(o['_thumb'] - t['_thumb']).mean() < 6.0:
                return False
        return True

    def model_key(self, r):
        return ' '.join(w for w in r['_tw'] if w not in COLOUR_WORDS)

    # -- hints -------------------------------------------------------------------------------------------------
    def hint_options(self, t):
        b = self.brand[t['id']]
        ws = [(i, w) for i, w in title_words(t, b) if self.df[norm(w)] <= 80]
        opts = defaultdict(list)
        if b:
            opts['brand'].append({'b': b})
        for _, w in ws:
            opts['word'].append({'w': w})
        idx = dict(ws)
        for i, w in ws:
            if i + 1 in idx:
                opts['two'].append({'w': w + ' ' + idx[i + 1]})
        if b:
            for _, w in ws:
                opts['both'].append({'b': b, 'w': w})
        if b and len(b.split()) == 1 and len(b) >= 6 and b.isalpha():
            for k in range(4, min(5, len(b) - 2) + 1):
                opts['part'].append({'p': b[:k]})
                for _, w in ws:
                    opts['partw'].append({'p': b[:k], 'w': w})
        return opts


def quotes_of(h):
    return [h[k] for k in ('b', 'p', 'w') if k in h]


MODE_W = [('brand', 27), ('word', 18), ('two', 9), ('both', 27), ('part', 10), ('partw', 9)]


def choose_hint(ctx, t, stated, rng, modes=None):
    opts = ctx.hint_options(t)
    if modes is None:
        first = rng.choices([m for m, _ in MODE_W], weights=[w for _, w in MODE_W])[0]
        rest = [m for m, _ in MODE_W if m != first]
        rng.shuffle(rest)
        order = [first] + rest
    else:
        order = list(modes)
    best = None
    for m in order:
        lst = list(opts.get(m, []))
        rng.shuffle(lst)
        for h in lst:
            rel = ctx.rel_text(t['articleType'], t['baseColour'], stated, quotes_of(h))
            if t['id'] not in rel:
                continue
            if len(rel) == 1:
                return m, h, rel
            if len(rel) <= 3 and (best is None or len(rel) < len(best[2])):
                best = (m, h, rel)
    return best


def surface_hint(ctx, t, stated, h, rel, rng, misspell):
    """the words as the shopper types them: returns (surface dict, true quotes, rel, misspelt?)"""
    sf = dict(h)
    true = dict(h)
    if 'b' in h:
        b = h['b']
        forms = [b]
        if any(w.isupper() and len(w) > 3 for w in b.split()):
            forms.append(' '.join(w.title() if w.isupper() and len(w) > 3 else w for w in b.split()))
        forms += BRAND_ALIAS.get(b, [])
        rng.shuffle(forms)
        for f in forms:
            q = [f if k == 'b' else true[k] for k in ('b', 'p', 'w') if k in true]
            if ctx.rel_text(t['articleType'], t['baseColour'], stated, q) == rel:
                sf['b'] = f
                true['b'] = f
                break
    if 'w' in h and rng.random() < 0.5:
        sf['w'] = h['w'].lower()
    mis = False
    if misspell:
        keys = [k for k in ('b', 'w') if k in sf]
        rng.shuffle(keys)
        for k in keys:
            cand = None
            if k == 'b' and h['b'] in REAL_MISSPELL and rng.random() < 0.7:
                cand = REAL_MISSPELL[h['b']]
            if cand is None:
                cand = misspell_name(sf[k], rng)
            if cand and not holds(cand, t['_tw']):
                sf[k] = cand
                mis = True
                break
    quotes = [true[k] for k in ('b', 'p', 'w') if k in true]
    return sf, quotes, mis


# ----------------------------------------------------------------------------------------------------------------
# turns
# ----------------------------------------------------------------------------------------------------------------

def pfields(p, group):
    for_, who, short, pr = p
    sub, obj, pos = PRON[pr]
    return {'for': for_, 'who': who, 'Who': capfirst(who), 'short': short, 'pr': pr, 'sub': sub, 'obj': obj,
            'pos': pos, 'Sub': capfirst(sub), 'Pos': capfirst(pos), 'kid': group in ('Boys', 'Girls'),
            'group': group}


def add_end(text, end):
    """the ending after a sentence that already closes with ? or ! loses its own comma or full stop."""
    if end and text.rstrip()[-1:] in '?!' and end.lstrip()[:1] in ',.':
        return text.rstrip() + ' ' + end.lstrip(' ,.')
    return text + end


def first_turn(rng, atype, P, cword=None, with_person=True):
    det, sing, plur = rng.choice(ITEMS[atype])
    np_ = with_det(det, sing)
    cin = ' in %s' % cword if cword else ''
    op, end = rng.choice(OPENERS), rng.choice(ENDINGS)
    if not with_person:
        shape = rng.choice(['plain', 'plain', 'question', 'terse', 'indian'])
        if shape == 'plain':
            return '%s%s %s%s%s' % (op, rng.choice(VERBS), np_, cin, end), shape
        if shape == 'question':
            return rng.choice(['do you carry {pl}{cin}?', 'got any {pl}{cin}?', 'what {pl} have you got{cin}?']).format(
                pl=plur, cin=cin), shape
        if shape == 'terse':
            return '%s%s?' % (sing, cin), shape
        return 'Kindly show me %s%s.' % (plur, cin), shape
    shapes = ['plain'] * 6 + ['question'] * 2 + ['terse'] * 2 + ['indian'] * 2 + ['voice']
    if P['pr'] in 'mf':
        shapes += ['story'] * 4
    shape = rng.choice(shapes)
    f = P['for']
    if shape == 'plain':
        return '%s%s %s%s %s%s' % (op, rng.choice(VERBS), np_, cin, f, end), shape
    if shape == 'question':
        tpl = rng.choice(['do you carry {pl}{cin} {f}?', 'got any {pl}{cin} {f}?', 'what {pl} have you got{cin} {f}?',
                          'any good {pl}{cin} {f}?', 'where would I find {pl}{cin} {f}?'])
        return op + tpl.format(pl=plur, cin=cin, f=f), shape
    if shape == 'terse':
        tpl = rng.choice(['{S}{cin}. {short}.', '{s}{cin} -> {short}', '{short}: {s}{cin}', '{s}{cin}?? {f}',
                          '{s}{cin} + {short}'])
        return tpl.format(S=capfirst(sing), s=sing, cin=cin, short=P['short'], f=f), shape
    if shape == 'indian':
        tpl = rng.choice(['Kindly show me {pl}{cin} {f}.', 'Please suggest {np}{cin} {f}.', 'I am wanting {np}{cin} {f}.',
                          'Do the needful and show some {pl}{cin} {f}.'])
        return tpl.format(pl=plur, np=np_, cin=cin, f=f), shape
    if shape == 'voice':
        v = rng.choice(["I'm looking at getting", "I've gotta get", "we're after", 'I was hoping to grab'])
        return 'okay so um %s %s%s %s yeah' % (v, np_, cin, f), shape
    tpl = rng.choice(STORIES_KID if P['kid'] else STORIES_ADULT)
    return add_end(tpl.format(Who=P['Who'], who=P['who'], obj=P['obj'], pos=P['pos'], item=np_ + cin, noun=sing,
                              **{'for': f}), end), shape


def colour_turn(rng, P, cword):
    if P is not None and P['pr'] in 'mf' and rng.random() < 0.3:
        tpl = rng.choice(COLOUR_TURNS_PERSON)
    else:
        tpl = rng.choice(COLOUR_TURNS)
    return tpl.format(c=cword, sub=(P or {}).get('sub'), Sub=(P or {}).get('Sub'), Pos=(P or {}).get('Pos'))


def name_text(rng, mode, sf, P):
    if mode == 'brand':
        pool = NAME_BRAND + (NAME_BRAND_PERSON if P is not None and P['pr'] in 'mf' else [])
    else:
        pool = {'word': NAME_WORD, 'two': NAME_TWO, 'both': NAME_BOTH, 'part': NAME_PART, 'partw': NAME_PART_WORD}[mode]
    tpl = rng.choice(pool)
    return tpl.format(b=sf.get('b'), w=sf.get('w'), p=sf.get('p'), sub_=(P or {}).get('Sub'), sub=(P or {}).get('sub'))


def join2(a, sep, b):
    """join two clauses without doubled punctuation ("?." or ".,")."""
    a = a.rstrip()
    if a and a[-1] in '?!.;,' and sep.strip() and sep.strip()[0] in '.;,':
        sep = ' '
    return a + sep + b


def colour_word(rng, colour):
    return rng.choice(COLOURS[colour])


def finish_turns(turns, surfaces, rng, flags):
    names = sorted({s for s in surfaces if s}, key=len, reverse=True)
    ph = []
    for text in turns:
        for i, nm in enumerate(names):
            text = text.replace(nm, '\x00%d\x00' % i)
        ph.append(text)
    if flags['texting']:
        ph = [texting(x, rng) for x in ph]
    else:
        ph = [capfirst(x) if rng.random() < 0.65 else x for x in ph]
    slips = []
    if flags['typos']:
        n = flags['typos']
        order = list(range(len(ph)))
        rng.shuffle(order)
        per = Counter(order[k % len(order)] for k in range(n))
        for ti in sorted(per):
            ph[ti], made = add_typos(ph[ti], [], rng, per[ti])
            slips += made
    out = []
    for text in ph:
        for i, nm in enumerate(names):
            text = text.replace('\x00%d\x00' % i, nm.lower() if flags['texting'] else nm)
        out.append(' '.join(text.split()))
    return out, slips


def pick_person(rng, group, avoid_self=False):
    ps = PEOPLE[group]
    if avoid_self:
        ps = [p for p in ps if p[3] != 's']
    return pfields(rng.choice(ps), group)


# ----------------------------------------------------------------------------------------------------------------
# dialogues
# ----------------------------------------------------------------------------------------------------------------

def build(ctx, kind, struct, t, rng, flags, refs_taken, targets_taken):
    atype, colour, g = t['articleType'], t['baseColour'], t['gender']
    meta = {'struct': struct, 'type': atype}
    img = None
    if kind == 'image':
        if not ctx.image_ok(t):
            return None
        rel = ctx.rel_image(t)
        pool = IMAGE_LINES.get(flags['scene'], []) + IMAGE_LINES['any']
        free = [l for l in pool if l not in flags['lines_used']]
        if not free:
            return None
        line = free[0] if free[0] in IMAGE_LINES.get(flags['scene'], []) else rng.choice(free)
        turns, slips = finish_turns([line], [], rng, flags)
        meta.update(line=line, slips=slips, photo_of=t['id'])
        return {'turns': turns, 'images': [True], 'rel': rel, 'meta': meta}

    if struct in ('PA', 'PB'):
        if g not in ('Men', 'Women'):
            return None
        other = 'Women' if g == 'Men' else 'Men'
        if not any(r['gender'] == other for r in ctx.by_type[atype]):
            return None
        P1 = pick_person(rng, other, avoid_self=True)
        P = pick_person(rng, g, avoid_self=True)
        stated = g
    else:
        P = pick_person(rng, g, avoid_self=(kind == 'composed'))
        P1 = None
        stated = g
    modes = ['both', 'partw'] if struct == 'P4b' else None
    ch = choose_hint(ctx, t, stated, rng, modes)
    if ch is None:
        return None
    mode, h, rel0 = ch
    sf, quotes, mis = surface_hint(ctx, t, stated, h, rel0, rng, flags['misspell'])
    if 'p' in sf and rng.random() < 0.4:
        sf['p'] = sf['p'].lower()
    rel = ctx.rel_text(atype, colour, stated, quotes)
    if t['id'] not in rel or len(rel) > 3:
        return None
    c2 = colour_word(rng, colour)
    nm = name_text(rng, mode, sf, P)
    surfaces = [sf.get(k) for k in ('b', 'p', 'w')]
    ref = None
    c1 = None
    if kind == 'progressive':
        if struct == 'P2a':
            turns = [first_turn(rng, atype, P, c2)[0], nm]
        elif struct == 'P2b':
            turns = [first_turn(rng, atype, P)[0], join2(colour_turn(rng, P, c2), rng.choice(['. ', ', ', ' - ']), nm)]
        elif struct == 'P3':
            turns = [first_turn(rng, atype, P)[0], colour_turn(rng, P, c2), nm]
        elif struct == 'P4a':
            turns = [first_turn(rng, atype, P, with_person=False)[0], rng.choice(PERSON_TURNS).format(**{'for': P['for']}),
                     colour_turn(rng, P, c2), nm]
        else:  # P4b: brand (or its beginning) and the title word in separate turns
            if 'b' in sf:
                t3 = name_text(rng, 'brand', sf, P)
            else:
                t3 = name_text(rng, 'part', sf, P)
            t4 = name_text(rng, 'word', sf, P)
            turns = [first_turn(rng, atype, P)[0], colour_turn(rng, P, c2), t3, t4]
        first_shape = None
    elif kind == 'correction':
        if struct in ('PA', 'PB'):
            swap = rng.choice(CHANGE_PERSON).format(who1=P1['who'], Who1=P1['Who'], who2=P['who'], for2=P['for'])
            if struct == 'PA':
                turns = [first_turn(rng, atype, P1, c2)[0], swap, nm]
            else:
                turns = [first_turn(rng, atype, P1)[0], colour_turn(rng, P1, c2), join2(swap, rng.choice(['. ', ' - ']), nm)]
            meta['person1'] = P1['for']
        else:
            others = sorted({r['baseColour'] for r in ctx.by_type[atype]
                             if r['baseColour'] != colour and r['baseColour'] in COLOURS and gender_fits(stated, r)})
            if not others:
                return None
            c1c = rng.choice(others)
            c1 = colour_word(rng, c1c)
            if norm(c1) == norm(c2) or set(norm(c1).split()) & set(norm(c2).split()):
                c1 = c1c.lower()
                if set(norm(c1).split()) & set(norm(c2).split()):
                    return None
            if P['pr'] in 'mf' and rng.random() < 0.25:
                chg = rng.choice(CHANGE_COLOUR_PERSON)
            else:
                chg = rng.choice(CHANGE_COLOUR)
            chg = chg.format(c1=c1, c2=c2, pos=P['pos'], sub_=P['Sub'])
            if struct == 'C1':
                turns = [first_turn(rng, atype, P, c1)[0], chg, nm]
            elif struct == 'C2':
                turns = [first_turn(rng, atype, P)[0], colour_turn(rng, P, c1), join2(chg, rng.choice(['. ', ' - ']), nm)]
            elif struct == 'C3':
                turns = [first_turn(rng, atype, P, c1)[0], nm, chg]
            else:
                turns = [first_turn(rng, atype, P, c1)[0], join2(chg, rng.choice([' - ', '. ', ', and ']), nm)]
            meta['c1'] = c1c
            meta['c1_word'] = c1
    else:  # composed
        same = [r for r in ctx.by_type[atype] if r['gender'] == g and r['baseColour'] != colour and ctx.ref_ok(r)
                and r['id'] not in refs_taken and r['id'] not in targets_taken and r['id'] != t['id']]
        if not same:
            return None
        mk = ctx.model_key(t)
        twins = [r for r in same if ctx.model_key(r) == mk]
        pool = twins if twins and rng.random() < 0.5 else same
        ref = rng.choice(sorted(pool, key=lambda r: int(r['id'])))
        line = rng.choice(COMPOSED).format(c=c2)
        if flags['composed_person']:
            line = join2(line, *rng.choice(COMPOSED_PERSON).format(**{'for': P['for']}).split('|'))
        if struct == 'K1':
            turns = [join2(line, rng.choice([' - ', '. ', '; ']), nm)]
        else:
            turns = [line, nm]
        meta['ref'] = ref['id']
        meta['same_model'] = ctx.model_key(ref) == mk
        img = ref['id']
    turns, slips = finish_turns(turns, surfaces, rng, flags)
    meta.update(mode=mode, hint=h, surface=sf, quotes=quotes, misspelt=mis, person=P['for'], stated=stated,
                colour_word=c2, slips=slips, photo_of=img)
    images = [kind == 'composed' and i == 0 for i in range(len(turns))]
    return {'turns': turns, 'images': images, 'rel': rel, 'meta': meta}


def deal(rng, n, k):
    """k distinct indexes out of range(n)"""
    idx = list(range(n))
    rng.shuffle(idx)
    return set(idx[:k])


SCENES = ['billboard', 'livestream', 'shutter', 'polybag', 'blinds', 'rack', 'corrupt', 'fingertip']


def plan(ctx):
    rng = R('plan')
    kinds = [k for k, n in N_KIND.items() for _ in range(n)]
    rng.shuffle(kinds)
    structs = {
        'progressive': ['P2a'] * 7 + ['P2b'] * 6 + ['P3'] * 29 + ['P4a'] * 7 + ['P4b'] * 6,
        'correction': ['C1'] * 10 + ['C2'] * 6 + ['C3'] * 5 + ['C4'] * 5 + ['PA'] * 6 + ['PB'] * 3,
        'composed': ['K1'] * 15 + ['K2'] * 30,
        'image': ['I'] * 25,
    }
    for k in structs:
        rng.shuffle(structs[k])
    slots = []
    pos = Counter()
    for i, k in enumerate(kinds):
        slots.append({'i': i, 'kind': k, 'struct': structs[k][pos[k]]})
        pos[k] += 1
    # children: 3 progressive, 2 composed (two-turn), 1 colour correction (C1)
    want = [('progressive', None, 3), ('composed', 'K2', 2), ('correction', 'C1', 1)]
    for k, st, n in want:
        cands = [s['i'] for s in slots if s['kind'] == k and (st is None or s['struct'] == st)
                 and s['struct'] != 'P4b']
        rng.shuffle(cands)
        for j in cands[:n]:
            slots[j]['child'] = True
    kids = [s['i'] for s in slots if s.get('child')]
    for k, j in enumerate(kids):
        slots[j]['child'] = 'Girls' if k % 2 == 0 else 'Boys'
    text_idx = [s['i'] for s in slots if s['kind'] != 'image']
    typo = deal(rng, 160, 32)
    texting_ = deal(rng, 160, 24)
    mis = set(rng.sample(sorted(text_idx), 14))
    comp = [s['i'] for s in slots if s['kind'] == 'composed']
    comp_person = set(rng.sample(comp, 11))
    for s in slots:
        i = s['i']
        s.setdefault('child', False)
        n = 0
        if i in typo:
            n = rng.choice([1, 1, 1, 2, 2, 3])
        s['flags'] = {'typos': n, 'texting': i in texting_, 'misspell': i in mis,
                      'composed_person': i in comp_person}
    # photo scenes and strengths, dealt over the photo dialogues in id order
    photo_slots = [s for s in slots if s['kind'] in ('composed', 'image')]
    srng = R('scenes')
    strengths = []
    while len(strengths) < len(photo_slots):
        rd = [0, 1, 2]
        srng.shuffle(rd)
        strengths += rd
    for s, st in zip(photo_slots, strengths):
        s['strength'] = st
    return slots


def schedule(ctx, slots):
    used, refs = set(), set()
    count = Counter()
    scene_count = Counter()
    lines_used = set()
    out = []
    types = sorted(ctx.n_usable)
    for s in slots:
        i, kind, struct = s['i'], s['kind'], s['struct']
        flags = dict(s['flags'])
        flags['lines_used'] = lines_used
        order = sorted(types, key=lambda t: (count[t] / math.log(2 + ctx.n_usable[t]), R('tie', i, t).random()))
        done = None
        for t in order:
            cands = [r for r in ctx.by_type[t] if ctx.usable[r['id']] and r['id'] not in used and r['id'] not in refs
                     and (r['gender'] == s['child'] if s['child'] else r['gender'] not in ('Boys', 'Girls'))]
            if not cands:
                continue
            cands.sort(key=lambda r: int(r['id']))
            R('cand', i, t).shuffle(cands)
            best = None
            for r in cands[:60]:
                if kind in ('composed', 'image'):
                    flags['scene'] = min(SCENES, key=lambda sc: (scene_count[sc], R('sc', i, sc).random()))
                d = build(ctx, kind, struct, r, R('build', i, r['id']), flags, refs, used)
                if d is None:
                    continue
                d['target'] = r
                d['scene'] = flags.get('scene')
                if len(d['rel']) == 1:
                    best = d
                    break
                if best is None or len(d['rel']) < len(best['rel']):
                    best = d
            if best is not None:
                done = best
                break
        if done is None:
            raise SystemExit('no target for slot %d (%s %s)' % (i, kind, struct))
        r = done['target']
        used.add(r['id'])
        count[r['articleType']] += 1
        if done['meta'].get('ref'):
            refs.add(done['meta']['ref'])
        if kind == 'image':
            lines_used.add(done['meta']['line'])
        if done['scene']:
            scene_count[done['scene']] += 1
        done['slot'] = s
        out.append(done)
    return out


# ----------------------------------------------------------------------------------------------------------------
# wording check against the earlier sets (the quoted phrasings in README.md, this set's own section left out)
# ----------------------------------------------------------------------------------------------------------------

EARLIER_SETS = {'paraphrase', 'paraphrase2', 'paraphrase3', 'paraphrase4', 'snapshots', 'natural', 'natural2',
                'natural3', 'natural4', 'natural5', 'natural6', 'natural7', 'natural8', 'natural9', 'natural10',
                'natural11', 'natural12', 'natural13'}
DEV_STOCK = ['I am looking for', 'I need a', 'make it', 'I want it in', 'the one with', 'it says', 'I remember',
             'similar to this one', 'like this but in', 'do you have this?', 'instead', 'actually']
ALLOW_SINGLE = {'&', ',', 'for', 'and', 'some', 'one', 'kind', 'son', 'sons', 'image', 'text', 'turns', 'relevant',
                'target', 'constraints', 'gender', 'articletype', 'basecolour', 'comma', 'id', 'high', 'men', 'women',
                'boys', 'girls', 'kids', "men's", 'mens', '4', 'x', 'a pair of'}


def banned_lists():
    if not os.path.exists(README):
        return [], []
    full = open(README, encoding='utf-8').read()
    # only the sections of the sets written before this one (the file grows; later sections do not count)
    parts = re.split(r'^(?=## )', full, flags=re.M)
    keep = []
    for part in parts:
        hm = re.match(r'## `([a-z0-9]+)\.jsonl`', part)
        if hm is None and not part.startswith('## ') or hm is not None and hm.group(1) in EARLIER_SETS:
            keep.append(part)
    t = ''.join(keep)
    qs = {' '.join(x.split()) for x in re.findall(r'"([^"\n]{1,160}(?:\n[^"\n]{1,160})?)"', t)}
    qs.update(DEV_STOCK)
    allow = set(ALLOW_SINGLE)
    for c in COLOURS:
        allow.update(c.lower().split())
        allow.add(c.lower())
    for ty in ITEMS:
        for w in ty.lower().split():
            allow.add(w)
            allow.add(singular(w))
    allow.update({'t-shirt', 'kurti', 'kurta', 'vest', 'churidar', 'flats', 'cufflinks', 'track pants', 'laptop'})
    singles = sorted(q for q in qs if ' ' not in q and q.lower() not in allow)
    phrases = sorted(q for q in qs if ' ' in q and q.lower() not in allow)
    return singles, phrases


def wording_violations(dialogues_meta, singles, phrases):
    bad = []
    pats = []
    for q in phrases:
        pat = re.escape(q.lower()).replace(r'\{c\}', '.+?')
        pats.append((q, re.compile(r'(?<![\w])' + pat + r'(?![\w])')))
    for q in singles:
        ql = q.lower()
        if re.fullmatch(r"[\w'/-]+", ql):
            pats.append((q, re.compile(r"(?<![\w'-])" + re.escape(ql) + r"(?![\w'-])")))
        else:
            pats.append((q, re.compile(re.escape(ql))))
    for did, text, names in dialogues_meta:
        low = ' '.join(text.lower().split())
        for nm in sorted({n for n in names if n}, key=len, reverse=True):
            low = low.replace(nm.lower(), ' § ')
        for q, p in pats:
            if p.search(low):
                bad.append((did, q, text))
    return bad


# ----------------------------------------------------------------------------------------------------------------
# photos: eight own damage recipes, drawn on a 240x320 canvas and shrunk to 60x80 at the end
# ----------------------------------------------------------------------------------------------------------------

def L3(s, a, b, c):
    return (a, b, c)[s]


def u8(a):
    return np.clip(np.rint(a * 255.0), 0, 255).astype(np.uint8)


def f32(im):
    return np.asarray(im.convert('RGB'), dtype=np.float32) / 255.0


def load_photo(pid):
    return Image.open(os.path.join(PHOTOS, pid + '.jpg')).convert('RGB')


def cutout(pid):
    """the product (or model) cut out of its white studio background: RGBA at 4x, cropped to the object."""
    im = load_photo(pid)
    a = np.asarray(im).astype(np.int16)
    near = (a.min(axis=2) > 226) & ((a.max(axis=2) - a.min(axis=2)) < 22)
    h, w = near.shape
    bg = np.zeros_like(near)
    dq = deque()
    for y in range(h):
        for x in (0, w - 1):
            if near[y, x] and not bg[y, x]:
                bg[y, x] = True
                dq.append((y, x))
    for x in range(w):
        for y in (0, h - 1):
            if near[y, x] and not bg[y, x]:
                bg[y, x] = True
                dq.append((y, x))
    while dq:
        y, x = dq.popleft()
        for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            yy, xx = y + dy, x + dx
            if 0 <= yy < h and 0 <= xx < w and near[yy, xx] and not bg[yy, xx]:
                bg[yy, xx] = True
                dq.append((yy, xx))
    obj = ~bg
    frac = obj.mean()
    full = frac > 0.93 or frac < 0.03
    if full:
        obj[:] = True
    else:
        e = obj.copy()
        e[1:, :] &= obj[:-1, :]
        e[:-1, :] &= obj[1:, :]
        e[:, 1:] &= obj[:, :-1]
        e[:, :-1] &= obj[:, 1:]
        obj = e
    big = im.resize((CW, CH), Image.BICUBIC)
    m = Image.fromarray((obj * 255).astype(np.uint8)).resize((CW, CH), Image.BILINEAR)
    m = m.filter(ImageFilter.GaussianBlur(1.2))
    if full:
        m = Image.new('L', (CW, CH), 255)
    rgba = big.convert('RGBA')
    rgba.putalpha(m)
    bb = m.point(lambda v: 255 if v > 40 else 0).getbbox() or (0, 0, CW, CH)
    return rgba.crop(bb), full


def fit_h(obj, h):
    w = max(1, int(round(obj.width * h / float(obj.height))))
    return obj.resize((w, max(1, int(h))), Image.BICUBIC)


def paste(canvas, obj, cx, cy, shadow=None):
    """alpha-paste obj centred at (cx, cy); shadow = (dx, dy, blur, strength). Returns the box."""
    x = int(round(cx - obj.width / 2.0))
    y = int(round(cy - obj.height / 2.0))
    if shadow:
        dx, dy, blur, k = shadow
        sh = Image.new('L', canvas.size, 0)
        sh.paste(obj.split()[3], (x + dx, y + dy))
        sh = sh.filter(ImageFilter.GaussianBlur(blur))
        a = f32(canvas) * (1.0 - k * (np.asarray(sh, dtype=np.float32) / 255.0))[..., None]
        canvas.paste(Image.fromarray(u8(a)))
    canvas.paste(obj, (x, y), obj)
    return (x, y, x + obj.width, y + obj.height)


def persp_coeffs(dst, src):
    A, B = [], []
    for (x, y), (u, v) in zip(dst, src):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        B.append(u)
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        B.append(v)
    return [float(c) for c in np.linalg.solve(np.array(A, dtype=np.float64), np.array(B, dtype=np.float64))]


def warp_to_quad(img, quad, size):
    """img (RGBA) mapped onto the quad TL, TR, BR, BL of an output of the given size (transparent outside)."""
    w, h = img.size
    c = persp_coeffs(quad, [(0, 0), (w, 0), (w, h), (0, h)])
    return img.transform(size, Image.PERSPECTIVE, c, Image.BICUBIC)


def smooth_noise(g, h, w, cells):
    small = g.random((max(2, h // cells), max(2, w // cells))).astype(np.float32)
    im = Image.fromarray(small, mode='F').resize((w, h), Image.BICUBIC)
    return np.asarray(im, dtype=np.float32)


def vgrad(h, w, top, bot):
    t = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None, None]
    return (np.array(top, np.float32) / 255.0) * (1 - t) + (np.array(bot, np.float32) / 255.0) * t * np.ones((1, w, 1), np.float32)


def rgb(g, lo=0, hi=255):
    return tuple(int(v) for v in g.integers(lo, hi + 1, 3))


def blurred(im, r):
    return im.filter(ImageFilter.GaussianBlur(r)) if r > 0 else im


def text_bars(d, x, y, w, rows, g, colour, h=5, gap=4):
    """lines of 'text' as bars of words"""
    for k in range(rows):
        xx = x
        lim = x + w * (0.55 + 0.45 * g.random())
        while xx < lim:
            ww = int(g.integers(6, 22))
            d.rectangle([xx, y + k * (h + gap), min(lim, xx + ww), y + k * (h + gap) + h], fill=colour)
            xx += ww + int(g.integers(3, 6))


# -- 1. billboard / bus-shelter poster seen from the street ------------------------------------------------------
def scene_billboard(pid, g, s):
    W, H = CW, CH
    skies = [((112, 160, 218), (208, 226, 246)), ((146, 150, 160), (214, 215, 218)), ((238, 160, 104), (118, 98, 150)),
             ((84, 132, 204), (184, 212, 240))]
    top, bot = skies[int(g.integers(len(skies)))]
    can = Image.fromarray(u8(vgrad(H, W, top, bot)))
    d = ImageDraw.Draw(can)
    # skyline
    x = -10
    base = H
    while x < W:
        bw_ = int(g.integers(24, 60))
        bh_ = int(g.integers(40, 150))
        col = tuple(int(v) for v in (np.array(bot) * g.uniform(0.35, 0.6)))
        d.rectangle([x, base - bh_, x + bw_, base], fill=col)
        for wy in range(base - bh_ + 8, base - 6, 14):
            for wx in range(x + 5, x + bw_ - 6, 10):
                if g.random() < 0.5:
                    d.rectangle([wx, wy, wx + 4, wy + 6], fill=tuple(min(255, c + 40) for c in col))
        x += bw_ + int(g.integers(0, 8))
    # the poster artwork
    bw, bh = 300, 400
    adc = rgb(g, 60, 240)
    art = Image.fromarray(u8(vgrad(bh, bw, adc, tuple(min(255, int(c * 1.25) + 20) for c in adc))))
    obj, full = cutout(pid)
    ph = int(bh * 0.7)
    o = fit_h(obj, ph)
    if o.width > bw * 0.86:
        o = o.resize((int(bw * 0.86), int(o.height * bw * 0.86 / o.width)), Image.BICUBIC)
    if full:
        fr = Image.new('RGBA', (o.width + 12, o.height + 12), (255, 255, 255, 255))
        fr.paste(o, (6, 6))
        o = fr
    paste(art, o, bw * 0.5, bh * 0.56)
    da = ImageDraw.Draw(art)
    ink = (255, 255, 255) if sum(adc) < 380 else (30, 30, 40)
    text_bars(da, 24, 22, bw - 48, 2, g, ink, h=12, gap=8)
    da.ellipse([bw - 62, 16, bw - 18, 60], fill=rgb(g, 0, 255))
    band = rgb(g, 0, 255)
    da.rectangle([0, bh - 44, bw, bh], fill=band)
    text_bars(da, 20, bh - 32, bw * 0.6, 2, g, (255, 255, 255) if sum(band) < 380 else (20, 20, 20), h=6, gap=5)
    # pasted in paper tiles: seams, misregistration, batch brightness
    a = f32(art)
    out = np.ones_like(a)
    nx, ny = 2, 3
    shift = L3(s, 1, 3, 5)
    for ty in range(ny):
        for tx in range(nx):
            x0, x1 = tx * bw // nx, (tx + 1) * bw // nx
            y0, y1 = ty * bh // ny, (ty + 1) * bh // ny
            dx, dy = int(g.integers(-shift, shift + 1)), int(g.integers(-shift, shift + 1))
            sx0, sy0 = np.clip(x0 + dx, 0, bw), np.clip(y0 + dy, 0, bh)
            tile = a[sy0:sy0 + (y1 - y0), sx0:sx0 + (x1 - x0)]
            out[y0:y0 + tile.shape[0], x0:x0 + tile.shape[1]] = tile * (1 + g.uniform(-0.035, 0.035) * (1 + s))
            out[y0:y1, x0:min(x0 + 1, bw)] *= 0.8
            out[y0:min(y0 + 1, bh), x0:x1] *= 0.8
    fade = L3(s, 0.05, 0.12, 0.2)
    out = out * (1 - fade) + fade
    if s >= 1:
        for _ in range(int(L3(s, 0, 5, 10))):
            x0 = int(g.integers(0, bw))
            ln = int(g.integers(30, 180))
            wd = int(g.integers(2, 6))
            out[0:ln, x0:x0 + wd] *= np.linspace(0.75, 1.0, ln, dtype=np.float32)[:, None, None]
    art = Image.fromarray(u8(out))
    if s == 2:
        dp = ImageDraw.Draw(art)
        cx = 0 if g.random() < 0.5 else bw
        k = int(g.integers(50, 80))
        tri = [(cx, bh), (cx + (k if cx == 0 else -k), bh), (cx, bh - k)]
        dp.polygon(tri, fill=rgb(g, 120, 230))
        flap = [(cx + (k if cx == 0 else -k), bh), (cx, bh - k), (cx + (k if cx == 0 else -k) * 0.8, bh - k * 0.8)]
        dp.polygon(flap, fill=(236, 232, 222))
    framed = Image.new('RGB', (bw + 16, bh + 16), rgb(g, 30, 90))
    framed.paste(art, (8, 8))
    fw, fh = framed.size
    # placement and view from below, a little to one side
    hh = H * L3(s, 0.84, 0.72, 0.6)
    ww = hh * fw / fh
    cx = W / 2 + g.uniform(-0.06, 0.06) * W
    ty = H * g.uniform(0.04, 0.1)
    k1 = ww * L3(s, 0.03, 0.08, 0.14)
    k2 = hh * L3(s, 0.02, 0.05, 0.09) * (1 if g.random() < 0.5 else -1)
    quad = [(cx - ww / 2 + k1, ty + max(0, k2)), (cx + ww / 2 - k1, ty + max(0, -k2)),
            (cx + ww / 2, ty + hh - max(0, -k2) * 0.3), (cx - ww / 2, ty + hh - max(0, k2) * 0.3)]
    post = rgb(g, 60, 110)
    d = ImageDraw.Draw(can)
    for px in (cx - ww * 0.28, cx + ww * 0.28):
        d.rectangle([px - 5, ty + hh - 10, px + 5, H], fill=post)
    board = warp_to_quad(framed.convert('RGBA'), quad, (W, H))
    can.paste(board, (0, 0), board)
    d = ImageDraw.Draw(can)
    for px in (cx - ww * 0.3, cx + ww * 0.3):
        d.line([px, ty + 4, px, ty - 10], fill=post, width=3)
        d.rectangle([px - 9, ty - 16, px + 9, ty - 10], fill=post)
    haze = L3(s, 0.04, 0.08, 0.14)
    a = f32(can) * (1 - haze) + np.array(bot, np.float32) / 255.0 * haze
    return blurred(Image.fromarray(u8(a)), L3(s, 0.5, 0.8, 1.2))


# -- 2. frame from a video call -----------------------------------------------------------------------------------
def room_background(g):
    W, H = CW, CH
    wall = rgb(g, 150, 235)
    can = Image.fromarray(u8(vgrad(H, W, wall, tuple(int(c * 0.8) for c in wall))))
    d = ImageDraw.Draw(can)
    if g.random() < 0.5:   # bookshelf
        x0 = int(g.integers(-40, 120))
        d.rectangle([x0, 40, x0 + 150, H], fill=(96, 66, 42))
        for sy in range(52, H, 62):
            x = x0 + 6
            while x < x0 + 144:
                bw_ = int(g.integers(5, 13))
                bh_ = int(g.integers(34, 54))
                d.rectangle([x, sy + 54 - bh_, x + bw_, sy + 54], fill=rgb(g, 30, 220))
                x += bw_ + 1
            d.rectangle([x0, sy + 54, x0 + 150, sy + 60], fill=(70, 48, 30))
    else:                  # window and plant
        x0 = int(g.integers(-20, 140))
        d.rectangle([x0, 30, x0 + 110, 170], fill=(236, 242, 248))
        d.line([x0 + 55, 30, x0 + 55, 170], fill=(200, 200, 200), width=4)
        d.line([x0, 100, x0 + 110, 100], fill=(200, 200, 200), width=4)
        px = int(g.integers(10, 220))
        for _ in range(14):
            r = int(g.integers(10, 22))
            cx, cy = px + int(g.integers(-25, 25)), 220 + int(g.integers(-40, 30))
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(40 + int(g.integers(0, 40)), 110 + int(g.integers(0, 50)), 50))
    return can


def draw_person(d, cx, g, scale=1.0, top=70):
    skin = [(238, 200, 170), (205, 160, 120), (160, 110, 75), (110, 75, 50)][int(g.integers(4))]
    shirt = rgb(g, 20, 200)
    d.polygon([(cx - 90 * scale, CH), (cx - 70 * scale, top + 120 * scale), (cx + 70 * scale, top + 120 * scale),
               (cx + 90 * scale, CH)], fill=shirt)
    d.rectangle([cx - 14 * scale, top + 80 * scale, cx + 14 * scale, top + 122 * scale], fill=skin)
    d.ellipse([cx - 36 * scale, top, cx + 36 * scale, top + 92 * scale], fill=skin)
    d.chord([cx - 38 * scale, top - 6 * scale, cx + 38 * scale, top + 56 * scale], 180, 360, fill=rgb(g, 10, 70))


def heart(d, x, y, r, fill):
    d.ellipse([x - r, y - r, x, y], fill=fill)
    d.ellipse([x, y - r, x + r, y], fill=fill)
    d.polygon([(x - r, y - r * 0.45), (x + r, y - r * 0.45), (x, y + r)], fill=fill)


def scene_livestream(pid, g, s, upright):
    """a screenshot of a live-shopping stream: the host shows the product; low bitrate, beauty filter, overlays."""
    W, H = CW, CH
    can = room_background(g)
    obj, full = cutout(pid)
    if upright:
        o = fit_h(obj, H * L3(s, 0.84, 0.78, 0.72))
        cx, cy = W / 2 + g.uniform(-18, 18), H * 0.56
    else:
        d = ImageDraw.Draw(can)
        draw_person(d, W / 2 + g.uniform(-30, 30), g)
        o = fit_h(obj, H * L3(s, 0.6, 0.54, 0.48))
        o = o.rotate(float(g.uniform(-1, 1) * L3(s, 4, 7, 11)), resample=Image.BICUBIC, expand=True)
        cx, cy = W / 2 + g.uniform(-15, 15), H * 0.56
    if o.width > W * 0.95:
        o = o.resize((int(W * 0.95), int(o.height * W * 0.95 / o.width)), Image.BICUBIC)
    can = blurred(can, 3.0)
    paste(can, o, cx, cy)
    # beauty filter (smoothing, more saturation) and a low-bitrate stream
    sm = can.filter(ImageFilter.MedianFilter(5))
    a = f32(can) * 0.5 + f32(sm) * 0.5
    lum = a.mean(axis=2, keepdims=True)
    a = np.clip(lum + (a - lum) * L3(s, 1.15, 1.25, 1.35), 0, 1)
    f = L3(s, 3, 4, 4)
    small = Image.fromarray(u8(a)).resize((W // f, H // f), Image.BILINEAR)
    buf = io.BytesIO()
    small.save(buf, 'JPEG', quality=int(L3(s, 45, 28, 18)))
    a = f32(Image.open(io.BytesIO(buf.getvalue())).convert('RGB').resize((W, H), Image.BILINEAR))
    if s == 2:   # a torn frame: one band shifted, one smeared
        y0 = int(g.integers(int(H * 0.2), int(H * 0.7)))
        bh = int(g.integers(14, 30))
        a[y0:y0 + bh] = np.roll(a[y0:y0 + bh], int(g.integers(12, 26)) * (1 if g.random() < 0.5 else -1), axis=1)
        y1 = int(g.integers(int(H * 0.1), int(H * 0.85)))
        a[y1:y1 + 8] = a[y1:y1 + 1]
    can = Image.fromarray(u8(a)).convert('RGBA')
    ui = Image.new('RGBA', (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(ui)
    # host badge, LIVE label, viewer count
    d.rounded_rectangle([6, 8, 112, 32], radius=12, fill=(0, 0, 0, 110))
    d.ellipse([8, 10, 28, 30], fill=rgb(g, 60, 230) + (255,))
    text_bars(d, 33, 14, 50, 1, g, (250, 250, 250, 255), h=5)
    d.rounded_rectangle([W - 86, 10, W - 52, 26], radius=3, fill=(230, 30, 60, 255))
    d.rectangle([W - 80, 16, W - 58, 20], fill=(255, 255, 255, 255))
    d.rounded_rectangle([W - 48, 10, W - 8, 26], radius=3, fill=(0, 0, 0, 120))
    d.rectangle([W - 42, 16, W - 14, 20], fill=(255, 255, 255, 230))
    # floating hearts up the right side
    for _ in range(int(L3(s, 5, 9, 14))):
        x, y = W - g.uniform(14, 44), g.uniform(H * 0.35, H * 0.9)
        heart(d, x, y, g.uniform(5, 10), (255, int(g.integers(40, 140)), int(g.integers(90, 170)), int(g.integers(150, 235))))
    # comments over the lower left
    y = H - 44
    for _ in range(int(L3(s, 2, 4, 6))):
        bw_ = int(g.uniform(90, 150))
        d.rounded_rectangle([6, y - 20, 6 + bw_, y - 2], radius=8, fill=(0, 0, 0, int(L3(s, 90, 120, 150))))
        d.ellipse([9, y - 17, 21, y - 5], fill=rgb(g, 60, 230) + (255,))
        text_bars(d, 25, y - 14, bw_ - 26, 1, g, (255, 255, 255, 235), h=4)
        y -= 22
    d.rounded_rectangle([6, H - 30, W - 50, H - 8], radius=11, fill=(255, 255, 255, 60))
    heart(d, W - 28, H - 22, 9, (255, 255, 255, 220))
    return Image.alpha_composite(can, ui).convert('RGB')


# -- 3. through the grille of a shut shop at night ------------------------------------------------------------
def scene_shutter(pid, g, s, upright):
    W, H = CW, CH
    # the lit window display behind the grille
    back = rgb(g, 120, 200)
    a = vgrad(H, W, tuple(int(c * 0.9) for c in back), tuple(int(c * 0.55) for c in back))
    can = Image.fromarray(u8(a))
    d = ImageDraw.Draw(can)
    obj, full = cutout(pid)
    if upright:
        d.rectangle([0, int(H * 0.88), W, H], fill=(90, 80, 72))
        o = fit_h(obj, H * L3(s, 0.8, 0.76, 0.72))
        if o.width > W * 0.9:
            o = o.resize((int(W * 0.9), int(o.height * W * 0.9 / o.width)), Image.BICUBIC)
        paste(can, o, W / 2 + g.uniform(-12, 12), H * 0.88 - o.height / 2 + 4, shadow=(6, 2, 5, 0.3))
    else:
        py = int(H * 0.72)
        d.rectangle([int(W * 0.12), py, int(W * 0.88), H], fill=(236, 232, 226))
        d.rectangle([int(W * 0.12), py, int(W * 0.88), py + 6], fill=(250, 250, 248))
        o = fit_h(obj, H * L3(s, 0.56, 0.52, 0.48))
        if o.width > W * 0.86:
            o = o.resize((int(W * 0.86), int(o.height * W * 0.86 / o.width)), Image.BICUBIC)
        paste(can, o, W / 2 + g.uniform(-10, 10), py + 8 - o.height / 2, shadow=(5, 3, 4, 0.3))
    # night: the display lit from above, dark around it, warm spotlights
    a = f32(can)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    pool = np.exp(-(((xx - W / 2) / 150.0) ** 2 + ((yy - H * 0.45) / 210.0) ** 2))
    a = a * (0.25 + 0.85 * pool)[..., None] * np.array([1.08, 1.0, 0.86], np.float32)
    # the grille in front, a little out of focus: a brick-bond of slots, a diamond mesh, or bars and slats
    gm = Image.new('L', (W, H), 0)
    dg = ImageDraw.Draw(gm)
    kind = int(g.integers(3))
    bar = L3(s, 3, 5, 7)
    if kind == 0:
        ph, pw = 22, 46
        for row, y in enumerate(range(-ph, H + ph, ph)):
            dg.rectangle([0, y, W, y + bar], fill=255)
            off = (pw // 2) * (row % 2)
            for x in range(-pw + off, W + pw, pw):
                dg.rectangle([x, y, x + bar, y + ph], fill=255)
    elif kind == 1:
        step = L3(s, 30, 26, 22)
        for k in range(-H, W + H, step):
            dg.line([(k, 0), (k + H, H)], fill=255, width=bar - 1)
            dg.line([(k, H), (k + H, 0)], fill=255, width=bar - 1)
    else:
        for x in range(int(g.integers(0, 20)), W, int(L3(s, 30, 24, 20))):
            dg.rectangle([x, 0, x + bar, H], fill=255)
        for y in range(int(g.integers(0, 40)), H, 64):
            dg.rectangle([0, y, W, y + bar + 3], fill=255)
    gm = gm.filter(ImageFilter.GaussianBlur(L3(s, 1.2, 1.8, 2.4)))
    m = np.asarray(gm, np.float32)[..., None] / 255.0
    metal = np.array([0.2, 0.19, 0.18], np.float32) + 0.35 * np.clip(1 - yy / H, 0, 1)[..., None] * np.array([1.0, 0.75, 0.4], np.float32) * 0.5
    a = a * (1 - m * 0.95) + metal * m * 0.95
    # a street lamp's glare in one upper corner
    lx = float(g.choice([0.1, 0.9])) * W
    glare = np.exp(-(((xx - lx) / 60.0) ** 2 + ((yy - 20) / 60.0) ** 2))
    a = a + L3(s, 0.2, 0.3, 0.4) * glare[..., None] * np.array([1.0, 0.78, 0.45], np.float32)
    # high ISO
    a = a + g.normal(0, L3(s, 0.015, 0.025, 0.035), a.shape[:2]).astype(np.float32)[..., None]
    return Image.fromarray(u8(np.clip(a, 0, 1)))


# -- 4. the product card seen through a clear plastic bag -----------------------------------------------------------
def scene_polybag(pid, g, s):
    W, H = CW, CH
    # surface: cardboard carton or shop counter
    if g.random() < 0.5:
        base = np.array([186, 146, 100], np.float32) / 255.0 * g.uniform(0.85, 1.05)
        n = smooth_noise(g, H, W, 6)
        a = base[None, None, :] * (0.92 + 0.12 * n[..., None])
        a[:, :, :] *= (1 - 0.06 * ((np.arange(W) // 3) % 2 == 0))[None, :, None]
    else:
        c = np.array(rgb(g, 170, 235), np.float32) / 255.0
        a = c[None, None, :] * (0.95 + 0.05 * smooth_noise(g, H, W, 30)[..., None])
    can = Image.fromarray(u8(a))
    # the card inside the bag: the catalog photo on white card with a header strip
    cw, ch = int(W * L3(s, 0.86, 0.8, 0.74)), 0
    photo = load_photo(pid)
    ph_ = int(cw * 80 / 60)
    card = Image.new('RGB', (cw + 16, ph_ + 40), (250, 250, 250))
    card.paste(photo.resize((cw, ph_), Image.BICUBIC), (8, 30))
    dc = ImageDraw.Draw(card)
    dc.rectangle([0, 0, cw + 16, 22], fill=rgb(g, 20, 120))
    text_bars(dc, 10, 8, cw * 0.5, 1, g, (240, 240, 240), h=6)
    cx, cy = W / 2 + g.uniform(-8, 8), H / 2 + g.uniform(-4, 8)
    cbox = paste(can, card.convert('RGBA'), cx, cy, shadow=(3, 5, 5, 0.35))
    # the bag: a slightly larger translucent film, milky haze, heat seal at the top
    bx0, by0, bx1, by1 = cbox[0] - 12, cbox[1] - 26, cbox[2] + 12, cbox[3] + 12
    a = f32(can)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    inside = ((xx >= bx0) & (xx <= bx1) & (yy >= by0) & (yy <= by1)).astype(np.float32)
    inside = np.asarray(Image.fromarray(u8(inside)).filter(ImageFilter.GaussianBlur(2)), np.float32) / 255.0
    haze = L3(s, 0.08, 0.16, 0.26)
    soft = f32(blurred(Image.fromarray(u8(a)), L3(s, 0.6, 1.0, 1.6)))
    a = a * (1 - inside[..., None]) + (soft * (1 - haze) + haze * 0.97) * inside[..., None]
    # crinkles: thin bright curved streaks and soft glare blobs, only on the film
    spec = np.zeros((H, W), np.float32)
    im = Image.new('L', (W, H), 0)
    d = ImageDraw.Draw(im)
    for _ in range(int(L3(s, 8, 16, 26))):
        x, y = g.uniform(bx0, bx1), g.uniform(by0, by1)
        pts = [(x, y)]
        ang = g.uniform(0, 2 * math.pi)
        for _k in range(int(g.integers(3, 7))):
            ang += g.uniform(-0.6, 0.6)
            x += math.cos(ang) * g.uniform(6, 16)
            y += math.sin(ang) * g.uniform(6, 16)
            pts.append((x, y))
        d.line(pts, fill=int(g.integers(120, 255)), width=int(g.integers(1, 3)))
    spec += np.asarray(im.filter(ImageFilter.GaussianBlur(0.8)), np.float32) / 255.0
    im2 = Image.new('L', (W, H), 0)
    d2 = ImageDraw.Draw(im2)
    for _ in range(int(L3(s, 1, 2, 4))):
        x, y = g.uniform(bx0, bx1), g.uniform(by0, by1)
        rx, ry = g.uniform(14, 40), g.uniform(8, 24)
        d2.ellipse([x - rx, y - ry, x + rx, y + ry], fill=int(g.integers(120, 220)))
    spec += L3(s, 0.35, 0.5, 0.65) * np.asarray(im2.filter(ImageFilter.GaussianBlur(10)), np.float32) / 255.0
    a = a + (1 - a) * np.clip(spec * inside * 1.3, 0, 1)[..., None] * 0.9
    can = Image.fromarray(u8(a))
    d = ImageDraw.Draw(can)
    # heat seal with ridges, printed warning text and a recycling triangle on the film
    d.rectangle([bx0, by0, bx1, by0 + 12], fill=(228, 228, 224))
    for x in range(int(bx0), int(bx1), 3):
        d.line([x, by0 + 2, x, by0 + 10], fill=(205, 205, 200))
    wx, wy = bx0 + 10 + g.uniform(0, (bx1 - bx0) * 0.4), by1 - 34 - g.uniform(0, 30)
    text_bars(d, wx, wy, (bx1 - bx0) * 0.45, 3, g, (90, 90, 96), h=3, gap=3)
    tx, ty = bx1 - 30, by1 - 32
    d.polygon([(tx, ty + 16), (tx + 9, ty), (tx + 18, ty + 16)], outline=(90, 90, 96))
    d.line([bx0, by0, bx0, by1, bx1, by1, bx1, by0], fill=(236, 236, 236), width=1)
    return can


# -- 5. hard sunlight through venetian blinds, the photographer's shadow -------------------------------------------
def scene_blinds(pid, g, s, upright):
    W, H = CW, CH
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    obj, full = cutout(pid)
    if upright:   # standing against a plain indoor wall, floorboards below
        wall = np.array(rgb(g, 180, 240), np.float32) / 255.0
        a = wall[None, None, :] * (0.95 + 0.05 * smooth_noise(g, H, W, 10))[..., None]
        a[yy > H * 0.85] = np.array([0.55, 0.42, 0.3], np.float32)
        can = Image.fromarray(u8(a))
        o = fit_h(obj, H * L3(s, 0.8, 0.76, 0.72))
        if o.width > W * 0.9:
            o = o.resize((int(W * 0.9), int(o.height * W * 0.9 / o.width)), Image.BICUBIC)
        paste(can, o, W / 2 + g.uniform(-14, 14), H * 0.85 - o.height / 2 + 5, shadow=(10, 2, 6, 0.3))
    else:         # on a desk or a bedspread
        c = np.array(rgb(g, 140, 230), np.float32) / 255.0
        if g.random() < 0.5:
            a = c[None, None, :] * np.array([1.0, 0.85, 0.68], np.float32) * (0.92 + 0.08 * np.sin(xx / 3.0 + 5 * smooth_noise(g, H, W, 18)))[..., None]
        else:
            a = c[None, None, :] * (0.93 + 0.07 * smooth_noise(g, H, W, 4))[..., None]
        can = Image.fromarray(u8(np.clip(a, 0, 1)))
        o = fit_h(obj, H * L3(s, 0.68, 0.62, 0.58))
        if o.width > W * 0.9:
            o = o.resize((int(W * 0.9), int(o.height * W * 0.9 / o.width)), Image.BICUBIC)
        o = o.rotate(float(g.uniform(-12, 12)), resample=Image.BICUBIC, expand=True)
        paste(can, o, W / 2 + g.uniform(-10, 10), H / 2 + g.uniform(-10, 10), shadow=(6, 7, 3, 0.4))
    # the slatted patch of sun: parallel bright bands at an angle, inside a skewed window-shaped patch
    ang = math.radians(g.uniform(18, 42)) * (1 if g.random() < 0.5 else -1)
    period = g.uniform(18, 28)
    duty = g.uniform(0.45, 0.6)
    u = (xx * math.sin(ang) + yy * math.cos(ang)) / period
    bands = ((u - np.floor(u)) < duty).astype(np.float32)
    px0 = g.uniform(-40, 40)
    skew = g.uniform(-0.5, 0.5)
    cover = L3(s, 0.42, 0.68, 0.95)
    left = px0 + skew * yy
    patch = ((xx > left) & (xx < left + W * cover + 40)).astype(np.float32)
    lit = bands * patch
    sm = Image.fromarray(u8(lit)).filter(ImageFilter.GaussianBlur(L3(s, 2.5, 2.0, 1.5)))
    if s >= 1:   # the photographer's head and shoulders, and the arm holding the phone
        sh = Image.new('L', (W, H), 0)
        d = ImageDraw.Draw(sh)
        px = g.uniform(W * 0.3, W * 0.7)
        hy = H - L3(s, 0, 70, 110)
        d.ellipse([px - 26, hy - 34, px + 26, hy + 26], fill=255)
        d.polygon([(px - 75, H), (px - 50, hy + 22), (px + 50, hy + 22), (px + 75, H)], fill=255)
        d.line([(px + 40, hy + 40), (px + 78, hy - 18)], fill=255, width=12)
        sh = sh.filter(ImageFilter.GaussianBlur(3))
        sm = Image.fromarray(np.minimum(np.asarray(sm), 255 - np.asarray(sh)).astype(np.uint8))
    m = np.asarray(sm, np.float32)[..., None] / 255.0
    a = f32(can)
    sun = a * np.array([1.3, 1.2, 1.02], np.float32) * L3(s, 1.1, 1.2, 1.3)
    sun = (1 - np.exp(-sun * 1.9)) / (1 - math.exp(-1.9 * 1.3))
    shade = a * np.array([0.58, 0.6, 0.7], np.float32) * L3(s, 1.08, 0.9, 0.72)
    return Image.fromarray(u8(np.clip(sun * m + shade * (1 - m), 0, 1)))


# -- 6. in a shop display among other products, partly hidden ------------------------------------------------------
def scene_rack(pid, g, s, upright, neighbours):
    W, H = CW, CH
    wall = np.array(rgb(g, 190, 240), np.float32) / 255.0
    a = vgrad(H, W, tuple(int(v * 255) for v in wall), tuple(int(v * 200) for v in wall))
    can = Image.fromarray(u8(a))
    d = ImageDraw.Draw(can)
    if upright:   # a line of mannequin displays: the product in the middle, neighbours overlapping its sides
        d.rectangle([0, int(H * 0.86), W, H], fill=(170, 160, 150))
        h0 = H * L3(s, 0.78, 0.74, 0.7)
    else:         # a street-market stall: products heaped on a cloth-covered table
        sy = int(H * g.uniform(0.42, 0.5))
        cloth = np.array(rgb(g, 60, 220), np.float32) / 255.0
        yy_, xx_ = np.mgrid[0:H - sy, 0:W].astype(np.float32)
        weave = 0.9 + 0.1 * ((((xx_ // 3) + (yy_ // 3)) % 2))
        can.paste(Image.fromarray(u8(cloth[None, None, :] * weave[..., None])), (0, sy))
        d.rectangle([0, sy - 4, W, sy], fill=tuple(int(c * 160) for c in cloth))
        h0 = H * L3(s, 0.5, 0.46, 0.42)
    obj, full = cutout(pid)
    o = fit_h(obj, h0)
    if o.width > W * 0.62:
        o = o.resize((int(W * 0.62), int(o.height * W * 0.62 / o.width)), Image.BICUBIC)
    base_y = H * 0.86 if upright else H * g.uniform(0.74, 0.8)
    cx = W / 2 + g.uniform(-10, 10)
    behind, front = [], []
    over = L3(s, 0.1, 0.17, 0.25)
    for k, nid in enumerate(neighbours[:4]):
        no, _ = cutout(nid)
        no = fit_h(no, h0 * g.uniform(0.9, 1.08))
        if no.width > W * 0.62:
            no = no.resize((int(W * 0.62), int(no.height * W * 0.62 / no.width)), Image.BICUBIC)
        side = -1 if k % 2 == 0 else 1
        far = k >= 2
        nx = cx + side * (o.width / 2 + no.width / 2 - over * o.width) + side * (no.width * 0.7 if far else 0)
        (front if (k < 2 and (g.random() < 0.6 or s == 2)) else behind).append((no, nx))
    for no, nx in behind:
        paste(can, no, nx, base_y - no.height / 2)
    paste(can, o, cx, base_y - o.height / 2, shadow=(4, 2, 4, 0.3))
    for no, nx in front:
        paste(can, no, nx, base_y - no.height / 2 + 2, shadow=(-3, 2, 4, 0.3))
    a = f32(can)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    if upright:   # shop lighting: a greenish fluorescent cast and a spotlight on the middle
        spot = np.exp(-(((xx - cx) / 120.0) ** 2 + ((yy - H * 0.35) / 170.0) ** 2))
        a = a * (0.78 + 0.3 * spot)[..., None] * np.array([0.97, 1.03, 0.95], np.float32)
    else:         # daylight through a coloured tarpaulin overhead, its hem's shadow across the top
        tarp = [np.array(c, np.float32) for c in ((0.55, 0.7, 1.0), (1.0, 0.72, 0.45), (0.6, 0.95, 0.6), (1.0, 0.6, 0.6))]
        tc = tarp[int(g.integers(len(tarp)))]
        k = L3(s, 0.14, 0.22, 0.3)
        a = a * ((1 - k) + k * tc)[None, None, :] * 1.05
        hem = H * g.uniform(0.08, 0.2)
        a = a * (1 - 0.35 * (yy < hem + 6 * np.sin(xx / 14.0)))[..., None]
    return blurred(Image.fromarray(u8(np.clip(a, 0, 1))), L3(s, 0.3, 0.6, 0.9))


# -- 7. a half-downloaded, corrupted forward ---------------------------------------------------------------------
def scene_corrupt(pid, g, s):
    W, H = CW, CH
    photo = load_photo(pid)
    z = g.uniform(1.0, 1.1)
    cw, ch = 60 / z, 80 / z
    x0, y0 = g.uniform(0, 60 - cw), g.uniform(0, 80 - ch)
    can = photo.resize((W, H), Image.BICUBIC, box=(x0, y0, x0 + cw, y0 + ch))
    # forwarded a few times: shrunk and re-compressed
    for q in (int(g.integers(55, 75)), int(L3(s, 60, 45, 32))):
        buf = io.BytesIO()
        can.resize((W // 2, H // 2), Image.BILINEAR).save(buf, 'JPEG', quality=q)
        can = Image.open(io.BytesIO(buf.getvalue())).convert('RGB').resize((W, H), Image.BILINEAR)
    a = f32(can)
    mcu = 32
    # the download stopped inside one row of blocks: left of the cut decoded, the rest missing
    cut_row = int(H * L3(s, 0.86, 0.78, 0.7)) // mcu * mcu
    cut_x = int(g.integers(1, W // mcu)) * mcu
    fill_mode = int(g.integers(2))
    last = a[cut_row - 1:cut_row].copy()
    missing = np.zeros((H, W), bool)
    missing[cut_row:cut_row + mcu, cut_x:] = True
    missing[cut_row + mcu:, :] = True
    if fill_mode == 0:
        a[missing] = np.array([0.5, 0.5, 0.5], np.float32)
    else:
        smear = np.repeat(last, H, axis=0)
        a[missing] = smear[missing]
    # damaged blocks above the cut: wrong colour (DC) and shifted content
    nb = int(L3(s, 3, 7, 12))
    for _ in range(nb):
        by = int(g.integers(max(1, cut_row // mcu - 3), cut_row // mcu)) * mcu
        bx = int(g.integers(0, W // mcu)) * mcu
        run = int(g.integers(1, 4)) * mcu
        blk = a[by:by + mcu, bx:bx + run]
        if g.random() < 0.5:
            blk += np.array(g.uniform(-0.25, 0.25, 3), np.float32)
        else:
            a[by:by + mcu, bx:bx + run] = np.roll(blk, int(g.integers(8, 24)), axis=1)
    if s >= 1:   # a colour shift that carries on to the end of the row of blocks
        by = int(g.integers(max(1, cut_row // mcu - 2), cut_row // mcu)) * mcu
        bx = int(g.integers(0, W // mcu)) * mcu
        a[by:by + mcu, bx:] = a[by:by + mcu, bx:] * np.array(g.uniform(0.75, 1.2, 3), np.float32)
    return Image.fromarray(u8(np.clip(a, 0, 1)))


# -- 8. a fingertip over the lens, greasy lens glow ---------------------------------------------------------------
def scene_fingertip(pid, g, s, upright):
    W, H = CW, CH
    # a shop interior: blurred background with light bokeh, a table top
    top = rgb(g, 120, 210)
    a = vgrad(H, W, top, tuple(int(c * 0.7) for c in top))
    can = Image.fromarray(u8(a))
    d = ImageDraw.Draw(can)
    for _ in range(14):
        x, y, r = g.uniform(0, W), g.uniform(0, H * 0.5), g.uniform(6, 16)
        d.ellipse([x - r, y - r, x + r, y + r], fill=(255, 240, 210))
    can = blurred(can, 6)
    obj, full = cutout(pid)
    if upright:
        o = fit_h(obj, H * 0.8)
        if o.width > W * 0.9:
            o = o.resize((int(W * 0.9), int(o.height * W * 0.9 / o.width)), Image.BICUBIC)
        paste(can, o, W / 2 + g.uniform(-14, 14), H * 0.55)
    else:
        d = ImageDraw.Draw(can)
        ty = int(H * 0.55)
        d.rectangle([0, ty, W, H], fill=rgb(g, 150, 230))
        o = fit_h(obj, H * 0.52)
        if o.width > W * 0.86:
            o = o.resize((int(W * 0.86), int(o.height * W * 0.86 / o.width)), Image.BICUBIC)
        paste(can, o, W / 2 + g.uniform(-12, 12), ty + 10 - o.height * 0.2, shadow=(5, 6, 4, 0.35))
    a = f32(can)
    # greasy lens: bloom around highlights and a directional smear
    bright = np.clip((a.max(axis=2) - 0.7) / 0.3, 0, 1)
    bloom = f32(blurred(Image.fromarray(u8(a * bright[..., None])), 10))
    a = a + L3(s, 0.25, 0.4, 0.55) * bloom
    k = L3(s, 0.1, 0.18, 0.26)
    sm = Image.fromarray(u8(np.clip(a, 0, 1))).filter(ImageFilter.BoxBlur(3))
    a = a * (1 - k) + f32(sm) * k
    a = a * (1 - 0.08 * (s + 1)) + 0.08 * (s + 1) * a.mean()
    # the fingertip: a big out-of-focus blob entering from one edge, light shining through the skin at its rim
    corner = int(g.integers(4))
    cx = [0, W, 0, W][corner] + g.uniform(-20, 20)
    cy = [H, H, H * 0.6, H * 0.6][corner] + g.uniform(-30, 30)
    r = W * L3(s, 0.34, 0.45, 0.56)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    dist = np.sqrt(((xx - cx) / (r * 0.8)) ** 2 + ((yy - cy) / r) ** 2)
    body = np.clip((1.2 - dist) / 0.45, 0, 1) ** 1.5 * 0.94
    depth = np.clip(1.0 - dist, 0, 1)[..., None]
    skin = np.array([0.92, 0.58, 0.46], np.float32) * (1 - 0.45 * depth) * float(g.uniform(0.85, 1.05))
    a = a * (1 - body[..., None]) + skin * body[..., None]
    return blurred(Image.fromarray(u8(np.clip(a, 0, 1))), 0.4)


def render(scene, pid, strength, key, ctx):
    g = np.random.default_rng(seed_int('photo', key))
    r = ctx.by_id[pid]
    upright = r['masterCategory'] == 'Apparel'
    if scene == 'billboard':
        can = scene_billboard(pid, g, strength)
    elif scene == 'livestream':
        can = scene_livestream(pid, g, strength, upright)
    elif scene == 'shutter':
        can = scene_shutter(pid, g, strength, upright)
    elif scene == 'polybag':
        can = scene_polybag(pid, g, strength)
    elif scene == 'blinds':
        can = scene_blinds(pid, g, strength, upright)
    elif scene == 'rack':
        pool = [x for x in ctx.rows if x['_ok'] and x['articleType'] != r['articleType']
                and (x['masterCategory'] == 'Apparel') == upright and ctx.md5count[x['_md5']] == 1]
        pool.sort(key=lambda x: int(x['id']))
        nb = [pool[int(i)]['id'] for i in g.choice(len(pool), 4, replace=False)]
        can = scene_rack(pid, g, strength, upright, nb)
    elif scene == 'corrupt':
        can = scene_corrupt(pid, g, strength)
    else:
        can = scene_fingertip(pid, g, strength, upright)
    # camera finish: white balance and exposure jitter, the shrink to 60x80, sensor noise, JPEG
    a = f32(can)
    a = a * np.array(1 + g.uniform(-0.04, 0.04, 3), np.float32) * (1 + g.uniform(-0.06, 0.06))
    small = Image.fromarray(u8(np.clip(a, 0, 1))).resize((60, 80), Image.LANCZOS)
    b = np.asarray(small, np.float32)
    sig = L3(strength, 1.5, 2.5, 3.5)
    b = b + g.normal(0, sig, b.shape).astype(np.float32) + g.normal(0, sig * 0.6, b.shape[:2]).astype(np.float32)[..., None]
    out = Image.fromarray(np.clip(np.rint(b), 0, 255).astype(np.uint8))
    q = int(g.integers(*L3(strength, (72, 87), (56, 73), (40, 59))))
    buf = io.BytesIO()
    out.save(buf, 'JPEG', quality=q)
    return buf.getvalue(), q


# ----------------------------------------------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------------------------------------------

def main():
    ctx = Ctx()
    slots = plan(ctx)
    ds = schedule(ctx, slots)
    os.makedirs(OUT_IMG, exist_ok=True)
    written = set()
    lines, recs = [], []
    md5 = hashlib.md5()
    for k, d in enumerate(ds):
        did = 'P5-%03d' % k
        kind = d['slot']['kind']
        img_rel = None
        if d['meta'].get('photo_of'):
            data, q = render(d['scene'], d['meta']['photo_of'], d['slot']['strength'], did, ctx)
            fn = '%03d.jpg' % k
            with open(os.path.join(OUT_IMG, fn), 'wb') as fh:
                fh.write(data)
            written.add(fn)
            img_rel = OUT_IMG_REL + '/' + fn
            d['meta']['jpeg_q'] = q
        turns = [{'text': text, 'image': img_rel if has else None} for text, has in zip(d['turns'], d['images'])]
        t = d['target']
        rec = {'id': did, 'kind': kind, 'turns': turns, 'target': t['id'], 'relevant': d['rel'],
               'constraints': {'articleType': t['articleType'], 'baseColour': t['baseColour'], 'gender': t['gender']}}
        recs.append(rec)
        lines.append(json.dumps(rec, ensure_ascii=False))
    for fn in sorted(os.listdir(OUT_IMG)):
        if fn.endswith('.jpg') and fn not in written:
            os.remove(os.path.join(OUT_IMG, fn))
    body = '\n'.join(lines) + '\n'
    with open(OUT_JSONL, 'w', encoding='utf-8', newline='\n') as fh:
        fh.write(body)
    md5.update(body.encode('utf-8'))
    for fn in sorted(written):
        md5.update(open(os.path.join(OUT_IMG, fn), 'rb').read())
    check_and_summarise(ctx, ds, recs, md5.hexdigest())


def check_and_summarise(ctx, ds, recs, digest):
    kinds = Counter(r['kind'] for r in recs)
    assert dict(kinds) == N_KIND, kinds
    assert len({r['id'] for r in recs}) == 160
    assert len({r['target'] for r in recs}) == 160, 'targets not distinct'
    refs = [d['meta']['ref'] for d in ds if d['meta'].get('ref')]
    assert len(set(refs)) == len(refs) == N_KIND['composed']
    assert not set(refs) & {r['target'] for r in recs}, 'a reference is a target'
    types = Counter(r['constraints']['articleType'] for r in recs)
    assert len(types) >= 50, len(types)
    genders = Counter(r['constraints']['gender'] for r in recs)
    assert set(genders) == {'Men', 'Women', 'Unisex', 'Boys', 'Girls'}, genders
    for r, d in zip(recs, ds):
        t = d['target']
        assert t['baseColour'] != 'NA' and t['_ok']
        if r['kind'] == 'image':
            assert r['relevant'] == ctx.rel_image(t)
            assert len(r['turns']) == 1 and r['turns'][0]['image']
        else:
            m = d['meta']
            rel = ctx.rel_text(t['articleType'], t['baseColour'], m['stated'], m['quotes'])
            assert rel == r['relevant'] and t['id'] in rel and len(rel) <= 3, (r['id'], rel)
        if r['kind'] == 'composed':
            ref = ctx.by_id[d['meta']['ref']]
            assert ref['articleType'] == t['articleType'] and ref['gender'] == t['gender']
            assert ref['baseColour'] != t['baseColour']
            assert r['turns'][0]['image'] and all(x['image'] is None for x in r['turns'][1:])
        if r['kind'] in ('progressive', 'correction'):
            assert all(x['image'] is None for x in r['turns'])
            assert 2 <= len(r['turns']) <= 4
        for x in r['turns']:
            if x['image']:
                im = Image.open(os.path.join(HERE, x['image']))
                assert im.size == (60, 80) and im.format == 'JPEG'
    singles, phrases = banned_lists()
    items = []
    for r, d in zip(recs, ds):
        names = list(d['meta'].get('surface', {}).values())
        for x in r['turns']:
            items.append((r['id'], x['text'], names))
    bad = wording_violations(items, singles, phrases)
    assert not bad, bad[:10]

    def c(xs):
        return ', '.join('%s %d' % kv for kv in sorted(Counter(xs).items(), key=lambda kv: (-kv[1], str(kv[0]))))
    text_ds = [d for d in ds if d['slot']['kind'] != 'image']
    print('paraphrase5: %d dialogues -> %s' % (len(recs), os.path.relpath(OUT_JSONL, ROOT)))
    print('kinds:', c(r['kind'] for r in recs))
    print('structures:', c(d['slot']['struct'] for d in ds))
    print('turns:', c(len(r['turns']) for r in recs), '| total', sum(len(r['turns']) for r in recs))
    print('article types: %d (%s)' % (len(types), c(r['constraints']['articleType'] for r in recs)))
    print('genders:', c(r['constraints']['gender'] for r in recs))
    print('colours: %d (%s)' % (len({r['constraints']['baseColour'] for r in recs}),
                                c(r['constraints']['baseColour'] for r in recs)))
    print('relevant sizes:', c(len(r['relevant']) for r in recs))
    print('name modes:', c(d['meta']['mode'] for d in text_ds))
    print('composed same model: %d of %d' % (sum(bool(d['meta'].get('same_model')) for d in ds), N_KIND['composed']))
    typo_ds = [d for d in ds if d['meta'].get('slips')]
    mis = [d for d in text_ds if d['meta'].get('misspelt')]
    print('typos: %d dialogues, %d slips: %s' % (len(typo_ds), sum(len(d['meta']['slips']) for d in typo_ds),
                                                 '; '.join('%s>%s' % s for d in typo_ds for s in d['meta']['slips'])))
    print('misspelt names: %d (%s)' % (len(mis), '; '.join('%s>%s' % (quotes_of(d['meta']['hint'])[0] if 'b' not in d['meta']['hint'] else d['meta']['hint']['b'], '/'.join(v for v in d['meta']['surface'].values())) for d in mis)))
    print('any typo or misspelt name: %d' % len({id(d) for d in typo_ds + mis}))
    print('texting style: %d' % sum(d['slot']['flags']['texting'] for d in ds))
    ph = [d for d in ds if d['meta'].get('photo_of')]
    print('photos: %d | scenes: %s | strength: %s' % (len(ph), c(d['scene'] for d in ph),
                                                        c(['mild', 'medium', 'strong'][d['slot']['strength']] for d in ph)))
    print('jpeg quality: %d-%d' % (min(d['meta']['jpeg_q'] for d in ph), max(d['meta']['jpeg_q'] for d in ph)))
    print('wording check: %d single words and %d phrasings of the earlier sets, none used' % (len(singles), len(phrases)))
    print('md5 (jsonl + photos):', digest)


if __name__ == '__main__':
    main()
