#!/usr/bin/env python3
"""Write bench/heldout/paraphrase3.jsonl and its photos in bench/heldout/images/paraphrase3/.

A blind, generated set in the dev set's format and kinds (progressive, correction, composed, image), worded
with this script's own templates and vocabulary, with shopper photos made by this script's own damage recipes.

usage: python bench/heldout/make_paraphrase3.py          (fixed seed; two runs write byte-identical files)

Needs only the Python 3.11 standard library, Pillow and numpy. Reads only data/fashion-small/ (catalog.csv and
images/). See the `paraphrase3.jsonl` section of bench/heldout/README.md.
"""
import collections
import csv
import hashlib
import io
import json
import math
import os
import random
import re

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
CAT_DIR = os.path.join(ROOT, 'data', 'fashion-small')
OUT_JSONL = os.path.join(HERE, 'paraphrase3.jsonl')
IMG_REL = 'images/paraphrase3'
IMG_DIR = os.path.join(HERE, IMG_REL)
SEED = 31337
N_TOTAL = 160
# dev: progressive 116, composed 79, correction 58, image 47 (of 300) -> scaled to 160
KIND_COUNTS = [('progressive', 62), ('correction', 31), ('composed', 42), ('image', 25)]
CORR_COUNTS = [('colour', 16), ('person', 8), ('brand', 7)]


# ----------------------------------------------------------------------------------------------- catalog

def norm(s):
    return ''.join(ch for ch in s.lower() if ch.isalnum())


def load_catalog():
    rows = []
    with open(os.path.join(CAT_DIR, 'catalog.csv'), newline='', encoding='utf-8') as f:
        for r in csv.DictReader(f):
            r = dict(r)
            r['title'] = ' '.join(r['productDisplayName'].split())
            rows.append(r)
    rows.sort(key=lambda r: int(r['id']))
    return rows


GENDER_WORDS = {'men', 'women', 'unisex', 'boys', 'girls', 'kids', 'kid', 'mens', 'womens', 'woman', 'girl',
                'boy', 'man', 'her', 'him', 'for', 'ladies', 'gents', 'infant', 'baby', 'junior', 'girlss'}
KID_WORDS = {'kids', 'kid', 'boys', 'girls', 'girl', 'boy', 'infant', 'baby', 'junior', 'girlss', 'infants',
             'toddler', 'toddlers', 'teen', 'teens', 'juniors', 'youth'}
GENERIC = set('''
solid printed print prints casual check checked checks checkered stripes striped stripe formal classic leather fit
slim washed funky dial light winter new pack sports sport lifestyle basic basics plain regular style graphic logo
design comfort smart party of and the with by in on a an to at or pair set combo 2 3 4 5 pc pcs piece dark lt
shoe shoes shirt shirts tshirt tshirts tee top tops watch watches bag bags sandal sandals flat flats heel heels
flip flops flop slipper slippers sunglasses eyewear jeans kurta kurtas kurti kurtis trouser trousers pant pants
belt belts wallet wallets sock socks brief briefs trunk trunks boxer boxers vest vests innerwear cap caps tie ties
jacket jackets sweater sweaters sweatshirt sweatshirts backpack backpacks handbag handbags clutch clutches dress
dresses skirt skirts short shorts track tracksuit tracksuits capri capris legging leggings tight tights stocking
stockings tunic tunics scarf scarves scarvf muffler mufflers stole stoles dupatta churidar saree sarees glove gloves
headband football umbrella umbrellas necklace bracelet waistcoat pouch mobile laptop duffle duffel messenger
rucksack skull perfume perfumes deo deos deodorant spray fragrance gift cufflinks cufflink frame colour coloured
color colours multi bra bras lounge accessories accessory travel netbook sling spray ml edt edp tee jersey
neck round sleeve sleeves sleeveless half full crew collar knit knitted knits cotton premium training small line
patterned pattern trainng royal salwar suit kameez square pocket strap majenta marron mettalic
type mid real team double straps stitch low rise cut plain thong sneaker sneakers pumps hoody hoodie blazer
toe ess little trendy stylish fashion fashionable basic essential essentials core long mini big
'''.split())


def colour_tokens(rows):
    s = set()
    for r in rows:
        for w in r['baseColour'].split():
            s.add(norm(w))
    s |= {'navy', 'multi', 'cream', 'gold', 'golden', 'silver', 'sliver', 'lt', 'dark', 'light', 'melange',
          'fluorescent', 'metallic', 'metalic', 'mettalic', 'camel', 'denim', 'skin', 'nude', 'rose', 'coffee',
          'wine', 'plum', 'indigo', 'ivory', 'sand', 'aqua', 'lime', 'berry', 'mint', 'jade', 'ruby', 'ink',
          'cherry', 'lemon', 'mocha', 'chocolate', 'chestnut', 'sky', 'royal', 'fuchsia', 'neon', 'stone',
          'ecru', 'lilac', 'coral', 'salmon', 'blush', 'violet', 'tangerine', 'emerald', 'scarlet', 'crimson'}
    for words in COLOUR_WORDS.values():  # and every colour word this script says
        for w in words:
            s |= {norm(x) for x in re.split(r'[\s-]+', w) if len(norm(x)) >= 3} - {'the', 'like', 'and'}
    return s


def type_tokens(rows):
    s = set()
    for r in rows:
        for w in r['articleType'].split():
            w = norm(w)
            s.add(w)
            if w.endswith('s'):
                s.add(w[:-1])
            if w.endswith('es'):
                s.add(w[:-2])
    return s


def brand_of(rows):
    """Brand = the longest title prefix that nearly all titles sharing its first words continue the same way."""
    toks = {r['id']: r['title'].split() for r in rows}
    by_first = collections.defaultdict(list)
    for r in rows:
        t = toks[r['id']]
        if t:
            by_first[t[0].lower()].append(t)
    out = {}
    for r in rows:
        t = toks[r['id']]
        if not t:
            out[r['id']] = ''
            continue
        b = [t[0]]
        pool = by_first[t[0].lower()]
        while len(b) < len(t):
            pre = [x for x in pool if len(x) > len(b) and [y.lower() for y in x[:len(b)]] == [y.lower() for y in b]]
            if len(pre) < 2:
                break
            nxt = collections.Counter(x[len(b)].lower() for x in pre)
            w, c = nxt.most_common(1)[0]
            if c / len(pre) < 0.85 or norm(w) in GENDER_WORDS or t[len(b)].lower() != w:
                break
            b.append(t[len(b)])
        if b[0].lower() == 'lee' and len(t) > 1 and t[1].lower() == 'cooper':
            b = t[:2]
        out[r['id']] = ' '.join(b)
    return out


def usable_brand(b):
    n = norm(b)
    return len(n) >= 3 and n not in {'test', 'pink', 'new', 'mr', 'mrmen', 'w', 'inc5', 'mtv', 'free', 'under',
                                     'image', 'classic', 'status', 'little', 'black', 'red', 'ice', 'c', 'm', 'and', 'ant', 'levisi'}


def token_starts(title):
    """Concatenated normalised title and the positions where a token starts (whitespace or punctuation split)."""
    concat, starts = '', set()
    for w in title.split():
        starts.add(len(concat))
        pos = len(concat)
        for part in re.split(r'[^0-9A-Za-z]+', w):
            if part:
                i = norm(w).find(part.lower(), 0)
                if i >= 0:
                    starts.add(pos + i)
        concat += norm(w)
    return concat, starts


_TS_CACHE = {}


def word_in_title(word, title):
    if title not in _TS_CACHE:
        _TS_CACHE[title] = token_starts(title)
    concat, starts = _TS_CACHE[title]
    w = norm(word)
    if not w:
        return True
    return any(concat.startswith(w, p) for p in starts)


def phrase_in_title(phrase, title):
    return all(word_in_title(w, title) for w in phrase.split())


def gender_ok(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


# ----------------------------------------------------------------------------------------------- vocabulary

# item words per article type: 'a|x' singular, 'p|x' a pair of, 'l|x' plural, 'm|x' mass noun; 'W:'/'M:' gender only
ITEMS = {
    'Tshirts': ['a|t-shirt', 'a|tshirt', 'a|T-shirt', 'a|round-neck t-shirt', 'a|crew-neck top', 'a|half-sleeve t-shirt',
                'a|t shirt', 'a|short-sleeved t-shirt'],
    'Shirts': ['a|shirt', 'a|button-down', 'a|button-up shirt', 'a|full-sleeve shirt', 'a|office shirt',
               'a|long-sleeved shirt', 'a|proper shirt'],
    'Casual Shoes': ['p|casual shoes', 'p|everyday shoes', 'p|weekend shoes', 'p|day-to-day shoes', 'p|smart-casual shoes',
                     'p|street shoes', 'p|casuals'],
    'Tops': ['a|top', 'a|blouse', 'a|casual top', 'a|going-out top', 'a|sleeveless top'],
    'Kurtas': ['a|kurta', 'a|long kurta', 'a|kurta top', 'a|kameez'],
    'Sports Shoes': ['p|running shoes', 'p|gym shoes', 'p|runners', 'p|sports shoes', 'p|training shoes', 'p|jogging shoes'],
    'Watches': ['a|wristwatch', 'a|wrist watch', 'a|watch', 'a|ghadi', 'a|watch for the wrist'],
    'Handbags': ['a|handbag', 'W:a|purse', 'a|shoulder bag', 'a|hand bag', 'a|everyday bag', 'a|carry-all bag'],
    'Heels': ['p|heels', 'p|high heels', 'p|heeled shoes', 'p|heeled sandals', 'p|party heels'],
    'Sunglasses': ['p|sunglasses', 'p|sun glasses', 'p|cooling glasses', 'p|UV glasses', 'p|dark glasses'],
    'Sweaters': ['a|pullover', 'a|knit', 'a|woolly', 'a|sweater', 'a|knitted pullover', 'a|winter sweater', 'a|woollen'],
    'Sandals': ['p|sandals', 'p|strappy sandals', 'p|open-toe sandals', 'p|summer sandals'],
    'Wallets': ['a|wallet', 'W:a|purse for cards and cash', 'a|pocket wallet', 'a|money wallet'],
    'Flip Flops': ['p|flip-flops', 'p|flipflops', 'p|thongs (the footwear kind)', 'p|beach flip flops', 'p|pool flip-flops',
                   'p|toe-post flip-flops'],
    'Sweatshirts': ['a|sweatshirt', 'a|sweat top', 'a|pullover sweatshirt', 'a|crewneck sweatshirt', 'a|fleece sweatshirt'],
    'Belts': ['a|belt', 'a|waist belt', 'a|trouser belt'],
    'Trousers': ['p|trousers', 'p|slacks', 'p|pants', 'p|formal pants', 'p|work trousers'],
    'Formal Shoes': ['p|formal shoes', 'p|office shoes', 'p|dress shoes', 'p|work shoes', 'p|smart shoes'],
    'Jeans': ['p|jeans', 'p|denims', 'p|denim pants', 'p|jean pants'],
    'Socks': ['l|socks', 'l|everyday socks', 'l|pairs of socks'],
    'Jackets': ['a|jacket', 'a|windcheater', 'a|light jacket', 'a|zip-up jacket'],
    'Flats': ['p|flats', 'p|ballet flats', 'p|ballerinas', 'p|flat shoes', 'p|bellies'],
    'Backpacks': ['a|backpack', 'a|school bag', 'a|knapsack', 'a|daypack', 'a|backpack bag'],
    'Briefs': ['M:l|underpants', 'M:l|briefs', 'M:l|y-fronts', 'W:l|knickers', 'W:l|panties', 'W:l|briefs'],
    'Shorts': ['l|shorts', 'l|bermudas', 'l|short pants', 'p|shorts'],
    'Innerwear Vests': ['a|vest', 'a|undershirt', 'a|inner vest', 'a|sleeveless undershirt'],
    'Caps': ['a|cap', 'a|baseball cap', 'a|ball cap', 'a|peak cap'],
    'Track Pants': ['l|trackies', 'l|track bottoms', 'l|jogging bottoms', 'l|trackpants', 'p|track pants'],
    'Ties': ['a|tie', 'a|necktie', 'a|office tie'],
    'Kurtis': ['a|short kurta', 'a|short kurta top', 'a|kurtee'],
    'Clutches': ['a|clutch', 'a|evening bag', 'a|clutch purse', 'a|party clutch'],
    'Dresses': ['a|dress', 'a|one-piece', 'a|day dress'],
    'Mufflers': ['a|muffler', 'a|neck muffler', 'a|winter muffler'],
    'Accessory Gift Set': ['a|tie-and-cufflinks set', 'an|accessory gift box', 'a|tie, cufflink and pocket square combo'],
    'Skirts': ['a|skirt', 'a|casual skirt'],
    'Trunk': ['l|trunks', 'l|underwear trunks', 'l|trunk-style underwear'],
    'Scarves': ['a|scarf', 'a|neck scarf', 'a|light scarf'],
    'Perfume and Body Mist': ['m|perfume', 'a|scent', 'a|fragrance', 'a|bottle of scent'],
    'Cufflinks': ['l|cufflinks', 'l|cuff links', 'p|cufflinks'],
    'Capris': ['l|capris', 'l|capri pants', 'l|cropped trousers', 'l|pedal pushers'],
    'Laptop Bag': ['a|laptop bag', 'a|computer bag', 'a|laptop case'],
    'Tunics': ['a|tunic', 'a|long top', 'a|tunic top'],
    'Stockings': ['l|stockings', 'l|nylons', 'm|hosiery', 'p|stockings'],
    'Leggings': ['l|leggings', 'p|leggings'],
    'Duffel Bag': ['a|duffel bag', 'a|holdall', 'a|weekender bag', 'a|gym bag', 'a|travel duffle'],
    'Mobile Pouch': ['a|phone pouch', 'a|mobile pouch', 'a|phone sleeve'],
    'Deodorant': ['a|deo', 'a|deodorant', 'a|body spray', 'a|deodorant spray'],
    'Tracksuits': ['a|tracksuit', 'a|track suit', 'a|full tracksuit'],
    'Sports Sandals': ['p|sports sandals', 'p|trekking sandals', 'p|outdoor sandals'],
    'Bra': ['a|bra', 'a|brassiere'],
    'Gloves': ['p|gloves', 'p|winter gloves'],
    'Shoe Accessories': ['a|shoe accessory', 'l|shoe-care bits', 'l|boot accessories'],
    'Messenger Bag': ['a|messenger bag', 'a|satchel', 'a|cross-body bag', 'a|side bag'],
    'Fragrance Gift Set': ['a|perfume gift set', 'a|fragrance set', 'a|scent gift box'],
    'Dupatta': ['a|dupatta', 'a|chunni', 'a|chunari'],
    'Lounge Shorts': ['l|lounge shorts', 'l|sleep shorts', 'l|house shorts'],
    'Umbrellas': ['an|umbrella', 'a|rain umbrella'],
    'Travel Accessory': ['a|travel bag', 'a|small travel bag'],
    'Churidar': ['a|churidar', 'a|churidar pyjama', 'l|churidar bottoms'],
    'Stoles': ['a|stole', 'a|wrap'],
    'Hat': ['a|beanie', 'a|skull cap', 'a|woolly hat'],
    'Waist Pouch': ['a|waist pouch', 'a|bum bag', 'a|fanny pack'],
    'Lounge Pants': ['l|lounge pants', 'l|pyjama bottoms', 'l|lounge trousers'],
    'Headband': ['a|headband', 'a|sweatband', 'a|head band'],
    'Waistcoat': ['a|waistcoat'],
    'Kurta Sets': ['a|salwar suit', 'a|kurta set', 'a|salwar kameez set'],
    'Rucksacks': ['a|trekking bag', 'a|hiking pack'],
    'Necklace and Chains': ['a|necklace', 'a|chain necklace'],
    'Tights': ['l|tights', 'p|tights'],
    'Boxers': ['l|boxers', 'l|boxer shorts'],
    'Sarees': ['a|saree', 'a|sari'],
    'Footballs': ['a|football', 'a|soccer ball'],
    'Bracelet': ['a|bracelet'],
    'Shrug': ['a|shrug', 'a|cropped cardigan'],
}
ITEM_WORDS = {norm(x) for v in ITEMS.values() for e in v for x in re.split(r'[\s(),]+', e.split('|', 1)[1]) if x}
# titles that name another type than their row's (e.g. a flat in Heels) are not used as targets
CONFLICT = {'Heels': ['flat'], 'Flats': ['heel', 'wedge'], 'Casual Shoes': ['sandal', 'flip', 'slipper'],
            'Sports Sandals': ['flip'], 'Innerwear Vests': ['tshirt', 't-shirt'], 'Dresses': ['tops', 'set'],
            'Lounge Shorts': ['pants'], 'Lounge Pants': ['track', 'capri'], 'Waist Pouch': ['sling'],
            'Sandals': ['shoe', 'flip', 'slipper'], 'Flip Flops': [], 'Sports Shoes': ['sandal'],
            'Formal Shoes': ['sandal'], 'Shorts': ['pant'], 'Trousers': ['short']}

COLOUR_WORDS = {
    'Black': ['jet black', 'coal black', 'ebony', 'black', 'onyx', 'inky black', 'black as coal'],
    'Blue': ['cobalt', 'electric blue', 'denim blue', 'cornflower blue', 'azure', 'blue', 'bright blue', 'true blue'],
    'White': ['snow white', 'chalk white', 'pure white', 'optic white', 'white', 'milk white', 'bright white'],
    'Grey': ['slate grey', 'ash grey', 'pebble grey', 'grey', 'gray', 'stone grey', 'dove grey', 'rain-cloud grey'],
    'Brown': ['chocolate', 'chestnut', 'walnut brown', 'brown', 'cocoa', 'conker brown'],
    'Red': ['tomato', 'cherry red', 'scarlet', 'post-box red', 'crimson', 'red', 'tomato red'],
    'Green': ['bottle green', 'emerald', 'leaf green', 'grass green', 'green', 'forest green'],
    'Navy Blue': ['ink blue', 'navy', 'inky navy', 'deep navy', 'navy blue', 'sailor navy'],
    'Purple': ['grape', 'aubergine', 'purple', 'brinjal purple', 'jamun purple', 'deep purple'],
    'Pink': ['rose pink', 'bubblegum pink', 'baby pink', 'blush', 'candy pink', 'pink', 'candyfloss pink'],
    'Beige': ['biscuit', 'fawn', 'buff', 'beige', 'latte', 'biscuit-coloured'],
    'Maroon': ['oxblood', 'maroon', 'claret', 'beetroot', 'brick maroon'],
    'Yellow': ['lemon', 'sunflower yellow', 'canary yellow', 'yellow', 'butter yellow', 'banana yellow'],
    'Olive': ['olive', 'military olive', 'moss', 'olive drab'],
    'Silver': ['silver', 'chrome', 'silvery'],
    'Steel': ['steel', 'brushed steel', 'stainless steel', 'steel-coloured'],
    'Orange': ['tangerine', 'orange', 'pumpkin', 'marigold orange'],
    'Cream': ['cream', 'vanilla', 'eggshell', 'creamy'],
    'Gold': ['gold', 'golden', 'gilt'],
    'Tan': ['tan', 'cognac', 'toffee', 'saddle tan'],
    'Multi': ['multicoloured', 'rainbow', 'mixed colours', 'multicolour'],
    'Charcoal': ['charcoal', 'graphite', 'dark charcoal'],
    'Khaki': ['khaki', 'safari khaki'],
    'Magenta': ['magenta', 'rani pink'],
    'Off White': ['off white', 'ecru', 'bone white', 'natural white'],
    'Copper': ['copper', 'coppery'],
    'Lavender': ['lavender', 'lilac', 'pale lilac'],
    'Peach': ['peach', 'apricot', 'peachy'],
    'Teal': ['teal', 'dark teal'],
    'Mustard': ['mustard', 'dijon'],
    'Coffee Brown': ['coffee', 'coffee brown', 'espresso'],
    'Rust': ['rust', 'rusty'],
    'Turquoise Blue': ['turquoise', 'aqua'],
    'Grey Melange': ['grey melange', 'heather grey', 'marl grey'],
    'Burgundy': ['burgundy', 'bordeaux'],
    'Bronze': ['bronze'],
    'Taupe': ['taupe', 'mushroom'],
    'Fluorescent Green': ['neon green', 'fluoro green'],
    'Sea Green': ['sea green'],
    'Metallic': ['metallic'],
    'Mauve': ['mauve'],
    'Nude': ['nude'],
    'Skin': ['skin tone'],
}


def P(who, pron, *pfs, self_=False, story=True, age=None, kid=False):
    obj = {'he': 'him', 'she': 'her', 'I': 'me', 'we': 'us'}[pron]
    poss = {'he': 'his', 'she': 'her', 'I': 'my', 'we': 'our'}[pron]
    return {'who': who, 'pron': pron, 'obj': obj, 'poss': poss, 'pf': list(pfs), 'self': self_,
            'story': story and not self_, 'age': age, 'kid': kid}


PERSONS = {
    'Men': [
        P('my brother-in-law', 'he', 'for my brother-in-law', "for my brother-in-law, he's turning 40", age='40'),
        P('my fiancé', 'he', 'for my fiancé', 'for my fiancé (he is 31)', age='31'),
        P('my boyfriend', 'he', 'for my boyfriend', "for my boyfriend, he's a student", age='21'),
        P('my grandpa', 'he', 'for my grandpa', 'for grandpa, age 74', age='75'),
        P('my uncle', 'he', 'for my uncle', 'for my uncle in Pune', age='50'),
        P('my dad', 'he', 'for my dad', "for dad, he's 62", age='60'),
        P('my flatmate', 'he', 'for my flatmate (he)', 'for my flatmate Tom'),
        P('my colleague Arjun', 'he', 'for my colleague Arjun', 'for Arjun from work'),
        P('my cousin brother', 'he', 'for my cousin brother', 'for my cousin brother, 23', age='23'),
        P('my bhaiya', 'he', 'for my bhaiya', 'for bhaiya'),
        P('my father-in-law', 'he', 'for my father-in-law', 'for my father in law', age='65'),
        P('our eldest', 'he', "for our eldest, he's 19", 'for my son (19, grown up now)', age='19'),
        P('my best mate', 'he', 'for my best mate', 'for my best mate Sid', age='30'),
        P('my partner', 'he', 'for my partner (he/him)', "for my partner, he's 6ft"),
        P('the groom', 'he', 'for the groom', 'for the groom at our wedding', story=False),
        P('me', 'I', 'for me, a 40-year-old man', 'for me - male, 28', 'for yours truly (a guy in his 30s)',
          self_=True),
    ],
    'Women': [
        P('my sister-in-law', 'she', 'for my sister-in-law', "for my sister-in-law, she's 35", age='35'),
        P('my fiancée', 'she', 'for my fiancée', 'for my fiancée (she is 29)', age='29'),
        P('my girlfriend', 'she', 'for my girlfriend', "for my girlfriend, she's at college", age='20'),
        P('my grandma', 'she', 'for my grandma', 'for granny, age 70', age='70'),
        P('my aunt', 'she', 'for my aunt', 'for my aunty in Leeds', age='50'),
        P('my mom', 'she', 'for my mom', "for mom, she's 58", age='60'),
        P('my flatmate', 'she', 'for my flatmate (she)', 'for my flatmate Priya'),
        P('my colleague Meera', 'she', 'for my colleague Meera', 'for Meera from the office'),
        P('my cousin sister', 'she', 'for my cousin sister', 'for my cousin sister, 22', age='22'),
        P('my didi', 'she', 'for my didi', 'for didi'),
        P('my mother-in-law', 'she', 'for my mother-in-law', 'for my mother in law', age='65'),
        P('my wife', 'she', 'for my wife', "for the wife, she's 45", age='45'),
        P('my best friend', 'she', 'for my best friend (she)', 'for my bestie Anu', age='30'),
        P("the bride's sister", 'she', "for the bride's sister", 'for my sister, the bride', story=False),
        P('me', 'I', 'for me - a woman in my 30s', 'for me (25 yr old woman)', 'for yours truly, a lady of 50',
          self_=True),
    ],
    'Boys': [
        P('our son', 'he', "for our son who's 9", 'for our boy, age 9', age='10', kid=True),
        P('my nephew', 'he', "for my nephew, he's seven", 'for my nephew (7)', age='8', kid=True),
        P('my grandson', 'he', 'for my grandson, just turned 10', 'for my grandson aged 10', kid=True),
        P('a boy of 8', 'he', 'for a boy of 8', 'for a lad of eight', story=False, kid=True),
        P('my godson', 'he', 'for my godson, who turns 11 soon', 'for my godson (11)', age='11', kid=True),
        P('my little brother', 'he', "for my little brother, he's 12", 'for my kid brother, 12', kid=True),
    ],
    'Girls': [
        P('our daughter', 'she', "for our daughter who's 6", 'for our girl, age 6', age='7', kid=True),
        P('my granddaughter', 'she', 'for my granddaughter, 8', 'for my granddaughter aged eight', kid=True),
        P('my goddaughter', 'she', 'for my goddaughter (7)', "for my goddaughter, she's seven", age='8', kid=True),
        P('a girl of 10', 'she', 'for a girl of 10', 'for a ten-year-old girl', story=False, kid=True),
        P('my little sister', 'she', "for my little sister, she's 11", 'for my kid sister (11)', kid=True),
    ],
    'Unisex': [
        P('us', 'we', 'unisex ok', 'unisex totally fine', 'any gender, it will be shared',
          'for my partner and me to share - unisex ok', 'for the whole family to use, so unisex',
          'cut for either men or women is fine', story=False),
    ],
}
G_ADJ = {'Men': ["men's", 'male', 'mens', "guys'", "gentlemen's"],
         'Women': ["women's", 'womens', 'female', "ladies'", 'womenswear'],
         'Boys': ["boys'", "kids' (boy)", 'boys'],
         'Girls': ["girls'", "kids' (girl)", 'girls'],
         'Unisex': ['unisex', 'gender-neutral', 'unisex-style']}

OPENERS = ['', '', '', '', 'hey there, ', 'morning! ', 'evening all - ', 'right, ', 'so basically ', 'yo ', 'namaste, ',
           'good afternoon, ', 'excuse me, ', 'um, ', 'alright, ', 'listen - ', 'hey hey, ', 'sorry to bother you, ',
           'hi team, ', 'heya ', 'quick question: ', 'greetings, ', 'oi, ', 'help! ']
VERBS = ["I'm after", 'hunting for', 'trying to track down', 'searching for', 'could you pull up', 'can I see',
         'point me to', 'would love to find', 'shopping for', 'on a mission to find', 'help me pick', 'chasing',
         'could I get', 'keen to buy', 'want to grab', 'show me', "I'd like to buy", 'please suggest',
         'after', 'browsing for', 'can you dig out', 'wanting to order']
ENDINGS = ['', '', '', '', ', thanks a ton', ', much appreciated', ' thx', ' x', ' - pls and thank u', ' 👍', ' 🙏',
           ', if poss', '. no rush', ' ty', ' thank youuu', ' 😊', '!!', ', many thanks', ' :D', '. thanks in advance']
STORIES = [
    "{Who} turns {age} next week and I've promised {obj} {it}",
    "{Who} lost {poss} old one on the train, so {v} {it}",
    "{Who} keeps borrowing mine - time to buy {obj} {it} of {poss} own",
    "{Who_s} graduation is coming up and {pron} could use {it}",
    "{Who} has a job interview on monday and wants {it}",
    "{Who_s} old one finally fell apart. {v_cap} {it}",
    "we're off to goa next month and {who} asked for {it}",
    "{Who} asked for {it} for diwali",
    "it's {who_s} birthday on friday - thinking {it}",
    "{Who} just moved to a new job, so {v} {it}",
    "{Who} spilled curry on {poss} favourite one. {v_cap} {it} to replace it",
    "{Who} has dropped a million hints about {it}",
]
KID_STORIES = [
    "{Who} turns {age} next week and I've promised {obj} {it}",
    "{Who} starts at a new school next term, so {v} {it}",
    "{Who_s} birthday party is on saturday - thinking {it}",
    "{Who} has outgrown {poss} old one. {v_cap} {it}",
    "{Who} keeps begging for {it}",
    "{Who} lost {poss} old one at the park, so {v} {it}",
    "we're off to goa next month and {who} asked for {it}",
]
ASKS = [
    "do you sell {gadj} {itp}?",
    "any {itp} {pf}?",
    "what {itp} have you got {pf}?",
    "could you show me {it} that would suit {who}?",
    "got anything in the way of {itp} {pf}?",
    "where would I find {gadj} {itp} on here?",
    "is there a section for {gadj} {itp}?",
    "what would you recommend in {gadj} {itp}?",
]
TERSE = [
    "{itb}. {gadj}.",
    "{itb} - {pf}",
    "{gadj} {itb} plz",
    "{itb}, {pf}",
    "{gadj} {itb}??",
    "{it}. {pf}.",
]
POLITE = [
    "Good afternoon! I wonder whether you might help me choose {it} {pf}; I would be most grateful.",
    "Hello there, I'd be really grateful if you could suggest {it} {pf}.",
    "Would it be possible to see a selection of {gadj} {itp}? It's {pf}. Many thanks.",
    "Dear shop assistant, I am hoping to purchase {it} {pf} and would value your suggestions.",
    "Good morning. Could you kindly recommend {it} {pf}? Thank you in advance.",
    "I'm hoping you can help - I'd like to buy {it} {pf}, something nice and not too pricey.",
]

COLOUR_TURN = [
    '{c} if possible', 'ideally {c}', 'colour-wise, {c}', 'in {c} please', 'only {c}', 'what have you got in {c}?',
    '{c} would be perfect', 'leaning towards {c}', 'something {c}', 'forgot to say - {c}', 'oh and the colour: {c}',
    'any {c} ones?', 'shade: {c}', 'thinking {c}', 'go for {c}', '{c}, nothing else', 'has to be {c}',
    'preferably {c}', 'it should be {c}', 'filter to {c} pls', '{c}, to match the rest of the outfit',
    'narrow it to {c}', 'in {a_c} shade', 'colour: {c}',
]
COLOUR_TURN_P = {'he': ["{c} - it's his favourite", "he's into {c}", "he'd like {c}"],
                 'she': ["{c} - it's her favourite", "she's into {c}", "she'd like {c}"],
                 'I': ["I'm into {c} at the moment", "I'd like {c}"],
                 'we': ['we both like {c}', "{c} works for all of us"]}

NAME_BRAND = ['made by {B}', '{B} is the label', "it's {a_B} one", 'brand: {B}', '{B}, if that helps',
              'saw it on the {B} stand', 'the tag read {B}', 'my friend has the {B} one', 'should be {B}',
              '{B} I believe', 'from {B}', "{B}'s, I'm fairly certain", 'the maker was {B}',
              'it was by {B}, no doubt', "{B} - that's the brand", 'only {B} please']
NAME_WORD = ["'{W}' was in the title", 'the listing called it {W} something', 'it had {W} in the product name',
             "the word '{W}' was in there somewhere", "{W}... that's all I can recall of the name",
             'something-something {W}', 'called {W} or similar', "the name's got {W} in it",
             "model name: {W}", "title mentioned {W}"]
NAME_BOTH = ['{B}, the {W} one', '{B} {W}, I think', "it's the {B} {W}", '{W} by {B}',
             "{B} - and '{W}' was in the name", 'the {W} from {B}', 'brand {B}, model {W}',
             "{B}'s {W}, if memory serves", '{B}... {W}? yes, {W}']
NAME_PARTIAL = ["the brand started with '{Bp}'", "{Bp}-something, can't recall the rest",
                "something like {Bp}... the brand name's on the tip of my tongue"]
NAME_PARTIAL_W = ["brand began with {Bp}, and the title had {W}", "{Bp}-something, the {W} one"]

CORR_COLOUR = ['hmm no, {c2} suits better', 'change of plan - {c2}', 'wait, not {c1}. {c2}',
               '{pron_c} just told me {pron} wants {c2} instead', 'having thought about it, {c2}',
               'ugh sorry - {c2}, not {c1}', 'switch that to {c2}', '{c2} rather than {c1}, actually',
               'I meant {c2}, autocorrect strikes again', 'hold on, {c2} is better', 'can we do {c2} instead?',
               'forget {c1}; {c2}', 'nope, {c1} clashes. {c2}', 'correction: {c2}']
CORR_PERSON = ["correction: it's for {who2} now, not {who1}", 'change of recipient - {who2} gets it',
               "actually I'm buying it {pf2} instead", 'wait, {who1} already has one. so {pf2}',
               'plot twist, it will be {pf2}', 'sorry, mixed up who it is for - {pf2}']
CORR_BRAND_T1 = [', I think {X} makes it', ' - from {X} if I am not mistaken', '. {X} maybe?',
                 ', by {X} I reckon']
CORR_BRAND = ["no wait, not {X}. It was {Y}", 'mixed up my brands - {Y}, not {X}', "checked my photos - it's {Y}",
              '{X}? no, {Y}. sorry', 'I confused it with {X}, the real one is {Y}', 'scratch {X}, it is {Y}']
CORR_T3_WORD = ["and '{W}' was in the title", 'the title had {W} in it too', '{W} was part of the name',
                "it's the {W} one", 'model: {W}']

COMPOSED = ['is there {a_c} version of this?', 'same sort of thing but {c}, please', 'this, except {c}',
            'can I get one like the photo, only in {c}?', '{c} instead of this colour?',
            "seen this but want it {c} - possible?", "the pic's the right style, wrong colour. {c} pls",
            'want the {c} one of these', 'any in {c} like this pic?', 'photo attached - hunting the {c} variant',
            'does this come in {c}?', 'this one but {c}', 'swap the colour in my photo for {c}?',
            "love it but not this colour. {c}?", 'need this style in {c}', 'whats the {c} equivalent of this?']
IMAGE_LINES = ['saw this at a wedding, where can i get it?', 'who sells this??', 'pls identify 🙏', 'want exactly this',
               'this one pls', 'found this pic in my gallery, can you find it', "my friend's wearing this, need it",
               'screenshot from insta - in stock?', 'got a link for this?', 'can u match this', 'took this at the mall, same item?',
               'this exact one, any idea?', 'need one of these', "what's this and can I buy it", 'spotted on a colleague. yours?',
               'help, want this one', 'is this on your site', 'any idea where this is from?', 'same as the pic please',
               'locate this for me?', 'bought one ages ago, lost it - want it again', 'this. now. 😅',
               'sis sent me this pic, can we get it', 'zoomed in on this, know it?', 'my photo is bad but u get the idea']

PHONETIC = {'please': ['pleez', 'plz'], 'because': ['coz', 'bcoz'], 'definitely': ['definately', 'defo'],
            'something': ['somethin', 'sumthing'], 'colour': ['culour', 'colur'], 'thanks': ['thanx'],
            'would': ['wud'], 'sure': ['shure'], 'maybe': ['mabye'], 'which': ['wich'], 'actually': ['acutally', 'actualy'],
            'wedding': ['weding'], 'beige': ['biege', 'beidge'], 'burgundy': ['burgandy'], 'lavender': ['lavendar'],
            'turquoise': ['turqoise'], 'khaki': ['kaki', 'kahki'], 'leggings': ['legings', 'leggins'],
            'birthday': ['birthdy', 'bday'], 'sunglasses': ['sunglases'], 'trousers': ['trowsers'],
            'favourite': ['favourit', 'favorite'], 'grateful': ['greatful'], 'recommend': ['reccomend', 'recomend'],
            'possible': ['possibel'], 'necklace': ['neckless'], 'wallet': ['walet'], 'jacket': ['jaket'],
            'scarf': ['scarff'], 'purple': ['purpel'], 'yellow': ['yelow'], 'brown': ['browne'], 'orange': ['ornage'],
            'what': ['wat'], 'think': ['thnik'], 'again': ['agen'], 'anything': ['anythin'], 'gloves': ['gloovs'],
            'bracelet': ['braclet'], 'umbrella': ['umbrela'], 'knickers': ['nickers'], 'believe': ['beleive'],
            'fairly': ['fairy'], 'certain': ['certian'], 'flatmate': ['flatemate'], 'really': ['realy'],
            'tomorrow': ['tommorow'], 'photo': ['foto'], 'similar': ['simmilar'], 'brand': ['brnad'],
            'title': ['tittle'], 'there': ['ther'], 'their': ['thier'], 'handbag': ['handbg']}
APOS = {"it's": 'its', "i'm": 'im', "he's": 'hes', "she's": 'shes', "don't": 'dont', "can't": 'cant',
        "men's": 'mens', "women's": 'womens', "that's": 'thats', "who's": 'whos', "i'd": 'id', "he'd": 'hed',
        "she'd": 'shed', "what's": 'whats', "i've": 'ive', "we're": 'were', "name's": 'names', "ladies'": 'ladies',
        "guys'": 'guys', "boys'": 'boys', "girls'": 'girls', "kids'": 'kids', "pic's": 'pics'}
KEYB = {'a': 'qsz', 'b': 'vn', 'c': 'xv', 'd': 'sf', 'e': 'wr', 'f': 'dg', 'g': 'fh', 'h': 'gj', 'i': 'uo', 'j': 'hk',
        'k': 'jl', 'l': 'k', 'm': 'n', 'n': 'bm', 'o': 'ip', 'p': 'o', 'q': 'w', 'r': 'et', 's': 'ad', 't': 'ry',
        'u': 'yi', 'v': 'cb', 'w': 'qe', 'x': 'zc', 'y': 'tu', 'z': 'x'}

# phrasings of dev and of the earlier generated sets (from the README) that this set must not contain
BANNED = ['i am looking for', 'i need a', 'make it', 'i want it in', 'the one with', 'it says', 'i remember',
          'similar to this one', 'like this but in', 'do you have this', 'find this product', 'hiya', 'quick one -',
          'ok so', 'on the lookout for', 'in the market for', 'asap', 'for the man of the house', 'for the missus',
          'for my hubby', "he's a bloke", "for myself, i'm a guy", 'for me, female', 'for my other half',
          '12 yr old son', "for my niece, she's 6", 'unisex is fine', "doesn't matter men's or women's",
          'gender neutral please', 'sneaker', 'lowers', 'sweatpants', 'hawai', 'slippers', 'shades', 'tote',
          'rucksack', 'bag pack', 'kurti ', 'timepiece', 'undies', 'baniyan', 'brolly', 'frock', 'half pants',
          'floaters', '3/4th', 'trainers', 'joggers', 'kicks', 'sunnies', 'hoodie', 'billfold', 'for my husband',
          "for my daughter, she's at uni", 'blue-ish', 'army green', 'blak', 'shrit', 'womans', 'sandles',
          'wine', 'mustard yellow', 'charcoal grey', 'ivory', 'sky blue', 'royal blue', 'midnight blue',
          'dark blue', 'olive green', 'oatmeal', 'camel', 'fuchsia', 'choc brown', 'multi-colour', 'scrap',
          'on reflection', 'on second thought', 'got it in', 'gift idea', 'pretty sure the brand',
          'the name had', 'my bad', 'was it ', 'chappal', 'jumper', 'specs', 'goggles', 'do u have this',
          'hav you got this', 'spotted this in a magazine', 'thnk', 'smthing', 'cheers,', ' ta ', ' ta.', 'ta!']


# ----------------------------------------------------------------------------------------------- text helpers

def a_an(phrase):
    low = phrase.lower()
    if low.startswith(('one', 'uni', 'uv', 'use', 'eu', 'ewe')):
        return 'a ' + phrase
    return ('an ' if low[:1] in 'aeiou' else 'a ') + phrase


def plural(word, det):
    if det not in ('a', 'an'):
        return word
    for sep in (' for ', ' ('):
        if sep in word:
            a, b = word.split(sep, 1)
            return plural(a, det) + sep + b
    if word.endswith('scarf'):
        return word[:-1] + 'ves'
    if word.endswith(('s', 'x', 'ch', 'sh', 'z')):
        return word + 'es'
    if word.endswith('y') and word[-2] not in 'aeiou':
        return word[:-1] + 'ies'
    return word + 's'


def item_phrase(entry, rng, colour=None):
    """(phrase with determiner, bare word, plural) for an ITEMS entry, the colour word before the noun if given."""
    head, word = entry.split('|', 1)
    det = head.split(':')[-1]
    pl = plural(word, det)
    if colour:
        pl = colour + ' ' + pl
    core = (colour + ' ' + word) if colour else word
    if det in ('a', 'an'):
        ph = a_an(core)
    elif det == 'p':
        ph = rng.choice(['a pair of ' + core, core, 'some ' + core])
    else:
        ph = rng.choice(['some ' + core, core])
    return ph, word, pl


def item_entry(atype, gender, rng):
    opts = []
    for e in ITEMS[atype]:
        head = e.split('|')[0]
        if ':' in head:
            g = head.split(':')[0]
            if (g == 'W' and gender not in ('Women', 'Girls')) or (g == 'M' and gender not in ('Men', 'Boys')):
                continue
        opts.append(e)
    return rng.choice(opts)


_DECKS = {}


def deal(name, pool, rng):
    """Lines dealt from a shuffled deck, so that a pool is used up before any line repeats."""
    deck = _DECKS.setdefault(name, [])
    if not deck:
        deck.extend(rng.sample(pool, len(pool)))
    return deck.pop()


def cap(s):
    return s[:1].upper() + s[1:] if s else s


def fill(tpl, **kw):
    out = tpl
    for k, v in kw.items():
        out = out.replace('{' + k + '}', v)
    assert '{' not in out, (tpl, out)
    return out


def misspell(word, rng):
    """One realistic slip in a word of 4+ letters: dropped, doubled, swapped or neighbouring key."""
    w = word
    letters = [i for i, ch in enumerate(w) if ch.isalpha()]
    if len(letters) < 4:
        return w
    for _ in range(10):
        kind = rng.choice(['drop', 'swap', 'double', 'key'])
        i = rng.choice(letters[1:-1])
        if kind == 'drop':
            out = w[:i] + w[i + 1:]
        elif kind == 'swap':
            if i + 1 >= len(w) or not w[i + 1].isalpha() or w[i] == w[i + 1]:
                continue
            out = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        elif kind == 'double':
            out = w[:i] + w[i] + w[i:]
        else:
            lo = w[i].lower()
            if lo not in KEYB:
                continue
            r = rng.choice(KEYB[lo])
            out = w[:i] + (r.upper() if w[i].isupper() else r) + w[i + 1:]
        if out != w:
            return out
    return w


WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def add_typos(turns, n, protected, rng):
    """Put n typing slips into the texts (never into protected words); returns the new texts and the slips."""
    cands = []
    for ti, t in enumerate(turns):
        for m in WORD_RE.finditer(t):
            w = m.group(0)
            lw = w.lower()
            if lw in protected or any(lw in p or p in lw for p in protected if len(p) >= 3):
                continue
            if lw in PHONETIC or lw in APOS or (len(w) >= 6 and "'" not in w and '-' not in w):
                cands.append((ti, m.start(), m.end(), w))
    rng.shuffle(cands)
    chosen = sorted(cands[:n], key=lambda c: (c[0], -c[1]))
    turns = list(turns)
    slips = []
    for ti, s, e, w in chosen:
        lw = w.lower()
        if lw in PHONETIC and rng.random() < 0.7:
            new = rng.choice(PHONETIC[lw])
            if w[0].isupper():
                new = cap(new)
        elif lw in APOS:
            new = APOS[lw] if w[0].islower() else cap(APOS[lw])
        else:
            new = misspell(w, rng)
        if new != w and not banned_in(new):
            turns[ti] = turns[ti][:s] + new + turns[ti][e:]
            slips.append((w, new))
    return turns, slips


def texting(t):
    t = t.lower()
    for a, b in APOS.items():
        t = re.sub(r"\b" + re.escape(a) + r"(?![a-z])", b, t)
    t = t.replace('please', 'plz').replace(' you ', ' ya ').replace('thanks', 'thx')
    t = re.sub(r'[.]+$', '', t)
    return t


# ----------------------------------------------------------------------------------------------- photos

def load_photo(pid):
    im = Image.open(os.path.join(CAT_DIR, 'images', pid + '.jpg')).convert('RGB')
    if im.size != (60, 80):
        im = im.resize((60, 80), Image.BICUBIC)
    return im


def product_mask(im):
    """1 where the product is: near-white pixels connected to the border are background."""
    a = np.asarray(im, dtype=np.int16)
    white = (a.min(axis=2) > 228) & ((a.max(axis=2) - a.min(axis=2)) < 22)
    bg = np.zeros_like(white)
    bg[0, :] = white[0, :]
    bg[-1, :] = white[-1, :]
    bg[:, 0] |= white[:, 0]
    bg[:, -1] |= white[:, -1]
    while True:
        grow = bg.copy()
        grow[1:, :] |= bg[:-1, :]
        grow[:-1, :] |= bg[1:, :]
        grow[:, 1:] |= bg[:, :-1]
        grow[:, :-1] |= bg[:, 1:]
        grow &= white
        grow |= bg
        if (grow == bg).all():
            break
        bg = grow
    m = (~bg).astype(np.float32)
    if m.mean() > 0.93 or m.mean() < 0.02:
        return np.ones_like(m), True
    return m, False


W4, H4 = 240, 320  # working canvas (4x the catalog's 60x80)


def to_arr(im):
    return np.asarray(im, dtype=np.float32) / 255.0


def to_im(a):
    return Image.fromarray((np.clip(a, 0, 1) * 255 + 0.5).astype(np.uint8))


def blur_arr(a, r):
    return to_arr(to_im(a).filter(ImageFilter.GaussianBlur(r)))


def blur_mask(m, r):
    im = Image.fromarray((np.clip(m, 0, 1) * 255 + 0.5).astype(np.uint8), 'L').filter(ImageFilter.GaussianBlur(r))
    return np.asarray(im, dtype=np.float32) / 255.0


def cutout(pid, height, rng, angle=0.0, flip=False):
    """The product (RGBA-like: rgb, alpha) scaled to a given height in working pixels."""
    im = load_photo(pid)
    m, full = product_mask(im)
    w = max(4, int(round(height * 60 / 80)))
    rgb = im.resize((w, height), Image.BICUBIC)
    al = Image.fromarray((m * 255).astype(np.uint8), 'L').resize((w, height), Image.BILINEAR)
    if not full:
        al = al.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.GaussianBlur(1.2))
    if flip:
        rgb, al = rgb.transpose(Image.FLIP_LEFT_RIGHT), al.transpose(Image.FLIP_LEFT_RIGHT)
    if abs(angle) > 0.01:
        rgb = rgb.rotate(angle, Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))
        al = al.rotate(angle, Image.BILINEAR, expand=True, fillcolor=0)
    return to_arr(rgb), np.asarray(al, dtype=np.float32) / 255.0, full


def paste(canvas, rgb, al, x, y):
    H, W = canvas.shape[:2]
    h, w = al.shape
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(W, x + w), min(H, y + h)
    if x1 <= x0 or y1 <= y0:
        return canvas
    sub_a = al[y0 - y:y1 - y, x0 - x:x1 - x, None]
    canvas[y0:y1, x0:x1] = canvas[y0:y1, x0:x1] * (1 - sub_a) + rgb[y0 - y:y1 - y, x0 - x:x1 - x] * sub_a
    return canvas


def shadow(canvas, al, x, y, dx, dy, rad, dark):
    H, W = canvas.shape[:2]
    big = np.zeros((H, W), np.float32)
    h, w = al.shape
    xs, ys = x + dx, y + dy
    x0, y0 = max(0, xs), max(0, ys)
    x1, y1 = min(W, xs + w), min(H, ys + h)
    if x1 > x0 and y1 > y0:
        big[y0:y1, x0:x1] = al[y0 - ys:y1 - ys, x0 - xs:x1 - xs]
    big = blur_mask(big, rad)
    return canvas * (1 - dark * big[..., None])


def yy_xx():
    return np.mgrid[0:H4, 0:W4].astype(np.float32)


def scene_monitor(pid, rng, nrng):
    """A desktop monitor showing the product page, photographed: moiré fringes, raised blacks, blue tint,
    a window's reflection, keystone, dark bezel round the edge."""
    page = np.ones((H4, W4, 3), np.float32) * 0.97
    hdr = int(rng.uniform(14, 30))
    page[:hdr] = np.array([rng.uniform(0.1, 0.9) for _ in range(3)], np.float32)
    im = load_photo(pid)
    scale = rng.uniform(0.72, 0.9)
    h = int((H4 - hdr) * scale)
    w = int(h * 0.75)
    prod = to_arr(im.resize((w, h), Image.BICUBIC))
    x = int(rng.uniform(4, W4 - w - 4))
    y = hdr + int(rng.uniform(2, max(3, H4 - hdr - h - 14)))
    page[y:y + h, x:x + w] = prod
    d = ImageDraw.Draw(pi := to_im(page))
    for k in range(rng.randint(1, 3)):  # text lines of the page under the photo
        ty = min(H4 - 6, y + h + 4 + 7 * k)
        d.rectangle([x, ty, x + int(rng.uniform(40, w)), ty + 3], fill=(150, 150, 150))
    page = to_arr(pi)
    # screen response
    page = 0.07 + 0.86 * page
    page *= np.array([0.93, 0.98, 1.06], np.float32)
    yy, xx = yy_xx()
    th = rng.uniform(0, math.pi)
    period = rng.uniform(14, 40)
    curv = rng.uniform(-0.002, 0.002)
    ph = (xx * math.cos(th) + yy * math.sin(th)) + curv * ((xx - W4 / 2) ** 2 + (yy - H4 / 2) ** 2)
    moire = 1 + rng.uniform(0.05, 0.13) * np.cos(2 * math.pi * ph / period + rng.uniform(0, 6.28))
    fine = 1 - 0.06 * (np.arange(W4) % 3 == 2).astype(np.float32)[None, :]
    page *= (moire * fine)[..., None]
    # glare: a soft bright ellipse (window reflection)
    cx, cy = rng.uniform(0, W4), rng.uniform(0, H4)
    ax, ay = rng.uniform(40, 110), rng.uniform(20, 60)
    rot = rng.uniform(0, math.pi)
    u = ((xx - cx) * math.cos(rot) + (yy - cy) * math.sin(rot)) / ax
    v = (-(xx - cx) * math.sin(rot) + (yy - cy) * math.cos(rot)) / ay
    glare = np.exp(-(u ** 2 + v ** 2)) * rng.uniform(0.2, 0.45)
    page = page + glare[..., None] * np.array([1.0, 1.0, 0.97], np.float32)
    # keystone: corners of the screen pulled inward/outward, bezel fill
    j = lambda s: rng.uniform(-s, s)
    quad = (j(14), j(14), j(14), H4 + j(14), W4 + j(14), H4 + j(14), W4 + j(14), j(14))
    bez = tuple(int(v) for v in rng.choice([(22, 22, 24), (40, 40, 44), (12, 12, 12), (70, 70, 75)]))
    img = to_im(page).transform((W4, H4), Image.QUAD, quad, Image.BICUBIC, fillcolor=bez)
    img = img.rotate(rng.uniform(-5, 5), Image.BICUBIC, fillcolor=bez)
    return to_arr(img)


def pattern_bg(rng, nrng):
    """A printed bedsheet / tablecloth: dots, stripes, gingham, flecks or blots."""
    yy, xx = yy_xx()
    c1 = np.array([rng.uniform(0.35, 0.95) for _ in range(3)], np.float32)
    c2 = np.array([rng.uniform(0.05, 0.8) for _ in range(3)], np.float32)
    kind = rng.choice(['dots', 'stripes', 'gingham', 'flecks', 'blots'])
    if kind == 'dots':
        p = rng.uniform(18, 34)
        r = p * rng.uniform(0.18, 0.32)
        off = (np.floor(yy / p) % 2) * p / 2
        m = (((xx + off) % p - p / 2) ** 2 + (yy % p - p / 2) ** 2) < r * r
    elif kind == 'stripes':
        p = rng.uniform(12, 40)
        a = rng.uniform(0, math.pi)
        m = ((xx * math.cos(a) + yy * math.sin(a)) % p) < p * rng.uniform(0.3, 0.6)
    elif kind == 'gingham':
        p = rng.uniform(14, 30)
        m1 = (xx % p) < p / 2
        m2 = (yy % p) < p / 2
        m = m1.astype(np.float32) * 0.5 + m2.astype(np.float32) * 0.5
        bg = c1[None, None] * (1 - m[..., None]) + c2[None, None] * m[..., None]
        return bg
    elif kind == 'flecks':
        m = nrng.random((H4, W4)) < 0.04
        m = blur_mask(m.astype(np.float32), 1.0) > 0.2
    else:
        m = np.zeros((H4, W4), bool)
        for _ in range(rng.randint(8, 16)):
            cx, cy, r = rng.uniform(0, W4), rng.uniform(0, H4), rng.uniform(10, 35)
            m |= ((xx - cx) ** 2 + ((yy - cy) * rng.uniform(0.6, 1.4)) ** 2) < r * r
    m = m.astype(np.float32)[..., None]
    return c1[None, None] * (1 - m) + c2[None, None] * m


def clutter_objects(canvas, rng, n):
    """Everyday objects lying about: rounded boxes (phone, book), discs (mug top, coaster), bars (pen)."""
    im = to_im(canvas)
    d = ImageDraw.Draw(im)
    for _ in range(n):
        col = tuple(int(rng.uniform(20, 235)) for _ in range(3))
        cx, cy = rng.uniform(-20, W4 + 20), rng.uniform(-20, H4 + 20)
        kind = rng.choice(['box', 'disc', 'bar'])
        if kind == 'box':
            w, h = rng.uniform(30, 80), rng.uniform(40, 110)
            d.rounded_rectangle([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], radius=int(rng.uniform(3, 12)), fill=col)
            d.line([cx - w / 2 + 4, cy - h / 2 + 4, cx + w / 2 - 4, cy - h / 2 + 4], fill=(235, 235, 235), width=2)
        elif kind == 'disc':
            r = rng.uniform(15, 40)
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=col)
            d.ellipse([cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7],
                      fill=tuple(max(0, c - 40) for c in col))
        else:
            L, a = rng.uniform(50, 120), rng.uniform(0, math.pi)
            d.line([cx, cy, cx + L * math.cos(a), cy + L * math.sin(a)], fill=col, width=int(rng.uniform(4, 9)))
    return to_arr(im)


def scene_clutter(pid, rng, nrng):
    """The product, smallish and off-centre, lying on a patterned sheet among everyday objects, shallow focus."""
    bg = pattern_bg(rng, nrng)
    bg = clutter_objects(bg, rng, rng.randint(3, 6))
    bg = blur_arr(bg, rng.uniform(1.5, 4.0))
    hgt = int(H4 * rng.uniform(0.45, 0.66))
    rgb, al, full = cutout(pid, hgt, rng, angle=rng.uniform(-22, 22), flip=rng.random() < 0.3)
    h, w = al.shape
    x = int(rng.uniform(-0.1 * w, W4 - 0.9 * w))
    y = int(rng.uniform(-0.05 * h, H4 - 0.95 * h))
    bg = shadow(bg, al, x, y, int(rng.uniform(-8, 8)), int(rng.uniform(3, 10)), rng.uniform(4, 9), rng.uniform(0.25, 0.5))
    out = paste(bg, rgb, al, x, y)
    yy, xx = yy_xx()
    cx, cy = rng.uniform(0, W4), rng.uniform(0, H4)
    spot = 0.7 + 0.45 * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * rng.uniform(90, 160) ** 2))
    return out * spot[..., None]


def motion_blur(a, length, angle):
    if length < 2:
        return a
    acc = np.zeros_like(a)
    n = int(length)
    for k in range(n):
        t = k - (n - 1) / 2
        dx, dy = int(round(t * math.cos(angle))), int(round(t * math.sin(angle)))
        acc += np.roll(np.roll(a, dy, axis=0), dx, axis=1)
    return acc / n


def scene_night(pid, rng, nrng):
    """Low light indoors: dark room, a lamp's bokeh, tungsten cast, underexposure, then the phone's auto-gain
    lifting the noise; a little hand-shake."""
    yy, xx = yy_xx()
    base = np.array([rng.uniform(0.12, 0.3), rng.uniform(0.08, 0.22), rng.uniform(0.05, 0.18)], np.float32)
    bg = np.ones((H4, W4, 3), np.float32) * base * (0.6 + 0.8 * (1 - yy / H4))[..., None]
    for _ in range(rng.randint(1, 3)):
        cx, cy, r = rng.uniform(0, W4), rng.uniform(0, H4 * 0.5), rng.uniform(10, 26)
        bg += (np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r)) * rng.uniform(0.5, 1.0))[..., None] * \
            np.array([1.0, 0.75, 0.4], np.float32)
    hgt = int(H4 * rng.uniform(0.62, 0.85))
    rgb, al, full = cutout(pid, hgt, rng, angle=rng.uniform(-8, 8))
    h, w = al.shape
    x, y = int((W4 - w) / 2 + rng.uniform(-25, 25)), int((H4 - h) / 2 + rng.uniform(-20, 20))
    out = paste(bg, rgb * 0.85, al, x, y)
    out *= rng.uniform(0.25, 0.42)
    out *= np.array([1.0, 0.8, 0.55], np.float32)
    sig = rng.uniform(0.015, 0.03)
    out += nrng.normal(0, sig, (H4, W4, 1)).astype(np.float32) + nrng.normal(0, sig * 0.7, (H4, W4, 3)).astype(np.float32)
    out = blur_arr(np.clip(out, 0, 1), 0.8)
    out = motion_blur(out, rng.uniform(3, 11), rng.uniform(0, math.pi))
    gain = 0.9 / max(0.05, float(np.percentile(out, 99)))
    out = np.clip(out * gain, 0, 1) ** rng.uniform(0.8, 0.95)
    return out


def barrel(a, k):
    yy, xx = yy_xx()
    cx, cy = W4 / 2, H4 / 2
    nx, ny = (xx - cx) / cx, (yy - cy) / cy
    r2 = nx * nx + ny * ny
    f = 1 + k * r2
    sx = np.clip(cx + nx * f * cx, 0, W4 - 1).astype(np.int32)
    sy = np.clip(cy + ny * f * cy, 0, H4 - 1).astype(np.int32)
    return a[sy, sx]


def scene_handheld(pid, rng, nrng):
    """A quick hand-held shot of a printed/listed picture on a table: crooked, too close, off-centre, part of the
    product cut off, lens barrel, out of focus, daylight-blue."""
    table = np.array([rng.uniform(0.55, 0.85)] * 3, np.float32) * np.array([1.0, rng.uniform(0.93, 1.0), rng.uniform(0.82, 1.0)], np.float32)
    im = load_photo(pid).resize((W4, H4), Image.BICUBIC)
    zoom = rng.uniform(1.15, 1.45)
    zw, zh = int(W4 * zoom), int(H4 * zoom)
    im = im.resize((zw, zh), Image.BICUBIC)
    im = im.rotate(rng.choice([-1, 1]) * rng.uniform(9, 24), Image.BICUBIC, expand=True,
                   fillcolor=tuple(int(v * 255) for v in table))
    ew, eh = im.size
    ox = int((ew - W4) / 2 + rng.choice([-1, 1]) * rng.uniform(0.08, 0.2) * W4)
    oy = int((eh - H4) / 2 + rng.choice([-1, 1]) * rng.uniform(0.05, 0.16) * H4)
    canvas = Image.new('RGB', (W4, H4), tuple(int(v * 255) for v in table))
    canvas.paste(im, (-ox, -oy))
    a = to_arr(canvas)
    a = barrel(a, rng.uniform(-0.12, -0.05))
    a = blur_arr(a, rng.uniform(1.5, 3.2))
    a *= np.array([0.92, 0.99, 1.09], np.float32)
    return a


def reflection_layer(rng, nrng):
    """A blurred street reflected in glass: sky, building blocks with window grids, dark passers-by."""
    im = Image.new('RGB', (W4, H4))
    d = ImageDraw.Draw(im)
    sky = [int(rng.uniform(170, 230))] * 2 + [int(rng.uniform(200, 250))]
    d.rectangle([0, 0, W4, H4], fill=tuple(sky))
    x = -10
    while x < W4:
        w = rng.uniform(30, 80)
        top = rng.uniform(20, 140)
        g = int(rng.uniform(60, 170))
        d.rectangle([x, top, x + w, H4], fill=(g, g, int(g * rng.uniform(0.9, 1.1))))
        for wy in range(int(top) + 8, H4, 16):
            for wx in range(int(x) + 5, int(x + w) - 5, 12):
                d.rectangle([wx, wy, wx + 5, wy + 7], fill=(min(255, g + 50),) * 3)
        x += w + rng.uniform(0, 10)
    for _ in range(rng.randint(1, 3)):
        cx = rng.uniform(0, W4)
        d.ellipse([cx - 14, 180, cx + 14, 320], fill=(30, 30, 35))
    im = im.transpose(Image.FLIP_LEFT_RIGHT).filter(ImageFilter.GaussianBlur(rng.uniform(3, 7)))
    return to_arr(im)


def scene_window(pid, rng, nrng):
    """Through a shop window: the product on display in a lit interior, the street reflected over it, glass tint,
    a window frame bar."""
    yy, xx = yy_xx()
    wall = np.array([rng.uniform(0.7, 0.92), rng.uniform(0.65, 0.88), rng.uniform(0.55, 0.85)], np.float32)
    floor = wall * rng.uniform(0.45, 0.7)
    hz = rng.uniform(0.74, 0.86) * H4
    bg = np.where((yy < hz)[..., None], wall, floor).astype(np.float32)
    for _ in range(rng.randint(1, 3)):
        cx = rng.uniform(0, W4)
        bg += (np.exp(-((xx - cx) ** 2 / 900 + (yy - 10) ** 2 / 4000)) * 0.25)[..., None]
    hgt = int(H4 * rng.uniform(0.55, 0.75))
    rgb, al, full = cutout(pid, hgt, rng, angle=rng.uniform(-4, 4))
    h, w = al.shape
    x, y = int((W4 - w) / 2 + rng.uniform(-30, 30)), int(hz - h * rng.uniform(0.85, 1.0))
    bg = shadow(bg, al, x, y, int(rng.uniform(4, 12)), 4, 6, 0.3)
    out = paste(bg, rgb, al, x, y)
    refl = reflection_layer(rng, nrng)
    a = rng.uniform(0.18, 0.34)
    out = out * (1 - a) + refl * a
    out = 0.5 + (out - 0.5) * rng.uniform(0.75, 0.9)
    out *= np.array([0.95, 1.0, 0.97], np.float32)
    if rng.random() < 0.7:
        bx = int(rng.choice([rng.uniform(0, 40), rng.uniform(W4 - 40, W4)]))
        bw = int(rng.uniform(6, 14))
        out[:, max(0, bx):bx + bw] = np.array([0.15, 0.15, 0.16], np.float32)
    return out


def scene_flash(pid, rng, nrng):
    """Phone flash close-up in a dim place: hot centre, burnt highlights, fast fall-off to dark corners, a
    specular glint, oversaturated and oversharpened."""
    yy, xx = yy_xx()
    dark = np.array([rng.uniform(0.05, 0.3) for _ in range(3)], np.float32)
    bg = np.ones((H4, W4, 3), np.float32) * dark
    hgt = int(H4 * rng.uniform(0.75, 0.95))
    rgb, al, full = cutout(pid, hgt, rng, angle=rng.uniform(-6, 6), flip=rng.random() < 0.25)
    h, w = al.shape
    x, y = int((W4 - w) / 2 + rng.uniform(-12, 12)), int((H4 - h) / 2 + rng.uniform(-12, 12))
    bg = shadow(bg, al, x, y, int(rng.uniform(4, 10)), int(rng.uniform(4, 10)), 3, 0.5)
    out = paste(bg, rgb, al, x, y)
    cx, cy = W4 / 2 + rng.uniform(-30, 30), H4 / 2 + rng.uniform(-40, 40)
    r2 = ((xx - cx) / W4) ** 2 + ((yy - cy) / H4) ** 2
    gain = (1 + rng.uniform(0.3, 0.6) * np.exp(-r2 / 0.02)) * np.clip(1.05 - rng.uniform(1.2, 2.2) * r2, 0.3, 1.1)
    out = out * gain[..., None]
    gx, gy = cx + rng.uniform(-20, 20), cy + rng.uniform(-20, 20)
    out += (np.exp(-((xx - gx) ** 2 / 60 + (yy - gy) ** 2 / 25)) * 0.8)[..., None]
    out = np.clip(out, 0, 1)
    grey = out.mean(axis=2, keepdims=True)
    out = grey + (out - grey) * rng.uniform(1.15, 1.35)
    im = to_im(out).filter(ImageFilter.UnsharpMask(radius=3, percent=int(rng.uniform(90, 160)), threshold=2))
    return to_arr(im)


def scene_zoom(pid, rng, nrng):
    """Digital zoom from across a shop: the product is a small thing on a shelf among folded stock; the crop
    is enlarged from very few pixels, oversharpened, and compressed twice."""
    yy, xx = yy_xx()
    W2, H2 = W4 * 3, H4 * 3
    wood = np.array([rng.uniform(0.4, 0.7), rng.uniform(0.3, 0.5), rng.uniform(0.2, 0.35)], np.float32)
    wall = np.array([rng.uniform(0.75, 0.95)] * 3, np.float32)
    big = Image.new('RGB', (W2, H2), tuple(int(v * 255) for v in wall))
    d = ImageDraw.Draw(big)
    shelves = [int(H2 * f) for f in (0.3, 0.55, 0.8)]
    for sy in shelves:
        d.rectangle([0, sy, W2, sy + 14], fill=tuple(int(v * 255) for v in wood))
        x = 0
        while x < W2:  # folded stock on the shelf
            w = rng.uniform(40, 90)
            hh = rng.uniform(30, 70)
            col = tuple(int(rng.uniform(30, 230)) for _ in range(3))
            d.rectangle([x, sy - hh, x + w, sy], fill=col)
            d.line([x, sy - hh * 0.5, x + w, sy - hh * 0.5], fill=tuple(max(0, c - 35) for c in col), width=2)
            x += w + rng.uniform(2, 20)
    a = to_arr(big)
    sy = shelves[1]
    hgt = int(H2 * rng.uniform(0.2, 0.26))
    rgb, al, full = cutout(pid, hgt, rng)
    h, w = al.shape
    x = int(rng.uniform(W2 * 0.3, W2 * 0.7 - w))
    y = sy - h - 1
    d2 = ImageDraw.Draw(tmp := to_im(a))
    d2.rectangle([x - 10, sy - h - 20, x + w + 10, sy], fill=tuple(int(v * 255) for v in wall))
    a = paste(to_arr(tmp), rgb, al, x, y)
    # digital zoom: crop round the product, through a tiny sensor crop
    cw = w * rng.uniform(1.35, 1.7)
    ch = cw * H4 / W4
    cx, cy = x + w / 2 + rng.uniform(-0.12, 0.12) * w, y + h / 2 + rng.uniform(-0.08, 0.08) * h
    box = (int(cx - cw / 2), int(cy - ch / 2), int(cx + cw / 2), int(cy + ch / 2))
    crop = to_im(a).crop(box)
    sw = int(rng.uniform(34, 46))
    small = crop.resize((sw, int(sw * 4 / 3)), Image.BILINEAR)
    buf = io.BytesIO()
    small.save(buf, 'JPEG', quality=int(rng.uniform(30, 50)))
    small = Image.open(io.BytesIO(buf.getvalue())).convert('RGB')
    up = small.resize((W4, H4), Image.BICUBIC).filter(ImageFilter.UnsharpMask(radius=4, percent=180, threshold=1))
    return to_arr(up)


SCENES = [('monitor', scene_monitor), ('clutter', scene_clutter), ('night', scene_night),
          ('handheld', scene_handheld), ('window', scene_window), ('flash', scene_flash), ('zoom', scene_zoom)]


def make_photo(pid, scene, seed, path):
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    fn = dict(SCENES)[scene]
    a = fn(pid, rng, nrng)
    # common finishing, varied: colour cast, exposure, downscale, sensor noise, jpeg
    cast = rng.choice(['none', 'warm', 'cool', 'green', 'magenta', 'none'])
    s = rng.uniform(0.04, 0.1)
    mult = {'none': (1, 1, 1), 'warm': (1 + s, 1, 1 - s), 'cool': (1 - s, 1, 1 + s), 'green': (1 - s / 2, 1 + s / 2, 1 - s / 2),
            'magenta': (1 + s / 2, 1 - s / 2, 1 + s / 2)}[cast]
    a = a * np.array(mult, np.float32) * rng.uniform(0.9, 1.1)
    im = to_im(a).resize((60, 80), Image.LANCZOS)
    a = to_arr(im)
    a += nrng.normal(0, rng.uniform(0.004, 0.02), a.shape).astype(np.float32)
    q = int(rng.uniform(30, 78))
    to_im(a).save(path, 'JPEG', quality=q)
    return {'scene': scene, 'cast': cast, 'quality': q}


# ----------------------------------------------------------------------------------------------- the set

class Catalog:
    def __init__(self):
        self.rows = load_catalog()
        self.by_id = {r['id']: r for r in self.rows}
        self.brand = brand_of(self.rows)
        self.col_tok = colour_tokens(self.rows)
        self.type_tok = type_tokens(self.rows)
        self.by_tc = collections.defaultdict(list)
        self.by_type = collections.defaultdict(list)
        for r in self.rows:
            self.by_tc[(r['articleType'], r['baseColour'])].append(r)
            self.by_type[r['articleType']].append(r)
        self.df = collections.Counter()
        for r in self.rows:
            for t in {norm(w) for w in r['title'].split()}:
                self.df[t] += 1
        self.md5, self.thumb, self.md5_count = {}, {}, collections.Counter()
        for r in self.rows:
            p = os.path.join(CAT_DIR, 'images', r['id'] + '.jpg')
            try:
                with open(p, 'rb') as f:
                    data = f.read()
                im = Image.open(io.BytesIO(data)).convert('L')
                self.md5[r['id']] = hashlib.md5(data).hexdigest()
                self.md5_count[self.md5[r['id']]] += 1
                self.thumb[r['id']] = np.asarray(im.resize((15, 20), Image.BILINEAR), dtype=np.float32)
            except Exception:
                pass

    def relevant(self, atype, colour, gstated, phrases):
        out = [r['id'] for r in self.by_tc[(atype, colour)]
               if gender_ok(gstated, r['gender']) and all(phrase_in_title(p, r['title']) for p in phrases)]
        return sorted(out, key=int)

    def image_relevant(self, r):
        key = (r['title'].lower(), r['gender'], r['baseColour'], r['articleType'])
        out = {r['id']}
        for o in self.rows:
            if (o['title'].lower(), o['gender'], o['baseColour'], o['articleType']) == key:
                out.add(o['id'])
            elif self.md5.get(o['id']) == self.md5.get(r['id']):
                out.add(o['id'])
        return sorted(out, key=int)

    def near_dup_outside(self, r, rel):
        t = self.thumb[r['id']]
        for o in self.by_type[r['articleType']]:
            if o['id'] in rel or o['id'] not in self.thumb:
                continue
            if float(np.abs(self.thumb[o['id']] - t).mean()) < 6.0:
                return True
        return False

    def name_words(self, r):
        """Candidate title words (not brand, colour, gender, type, generic, code words), rarest first."""
        b = self.brand[r['id']]
        btoks = {norm(w) for w in b.split()} if usable_brand(b) else set()
        toks = r['title'].split()
        nb = len(b.split()) if b else 0
        words = []
        for i, w in enumerate(toks):
            if i < nb:
                continue
            n = norm(w)
            clean = w.strip(".,;:!?()'\"-+&")
            parts = [x for x in re.split(r'[^a-z0-9]+', w.lower()) if x]
            if (len(n) < 3 or n in GENERIC or n in ITEM_WORDS
                    or any(len(c) >= 4 and c in n for c in self.col_tok) or n in GENDER_WORDS or n in self.col_tok or n in self.type_tok
                    or any(x in GENERIC or x in GENDER_WORDS or x in self.col_tok or x in self.type_tok for x in parts)
                    or n in btoks or any(ch.isdigit() for ch in n) or not re.search('[aeiouy]', n)
                    or re.search('[bcdfghjklmnpqrstvwxz]{4,}', n) or (len(n) == 3 and not re.search('[aeiou]', n))
                    or (clean.isupper() and len(clean) <= 4) or re.search('[a-z][A-Z]', clean) or self.df[n] > 80 or not clean
                    or not re.fullmatch(r"[A-Za-z][A-Za-z'\-]*", clean)):
                continue
            words.append((i, clean))
        return words

    def pairs(self, r, words):
        idx = {i: w for i, w in words}
        out = []
        toks = r['title'].split()
        for i, w in words:
            j = i + 1
            if j < len(toks):
                n2 = norm(toks[j])
                c2 = toks[j].strip(".,;:!?()'\"-+&")
                ok2 = (j in idx) or (len(n2) >= 3 and n2 not in GENDER_WORDS and n2 not in self.col_tok
                                     and n2 not in GENERIC and re.search('[aeiouy]', n2)
                                     and not (c2.isupper() and len(c2) <= 4)
                                     and n2 not in self.type_tok and re.fullmatch(r"[A-Za-z]+", c2 or '-')
                                     and n2 not in {'and', 'the', 'for', 'with'})
                if ok2:
                    out.append(w + ' ' + c2)
        return out


def eligible(cat, r):
    if r['baseColour'] in ('NA', '') or r['id'] not in cat.md5 or r['articleType'] not in ITEMS:
        return False
    t = r['title']
    toks = {norm(w) for w in t.split()} | {x for x in re.split(r'[^a-z0-9]+', t.lower()) if x}
    if t.lower().startswith('test') or len(t.split()) < 3:
        return False
    if r['gender'] in ('Men', 'Women', 'Unisex') and toks & KID_WORDS:
        return False
    if r['gender'] == 'Men' and ('women' in toks or 'woman' in toks):
        return False
    if r['gender'] == 'Women' and 'men' in toks:
        return False
    for bad in CONFLICT.get(r['articleType'], []):
        if bad in t.lower():
            return False
    return True


FORM_W = [('brand', 0.28), ('word', 0.24), ('both', 0.32), ('pair', 0.1), ('brandpair', 0.06)]


def pick_form(rng, allowed):
    opts = [(f, w) for f, w in FORM_W if f in allowed]
    tot = sum(w for _, w in opts)
    x = rng.uniform(0, tot)
    for f, w in opts:
        x -= w
        if x <= 0:
            return f
    return opts[-1][0]


def name_options(cat, r, gstated, allowed):
    """All name-word choices with their relevance lists: (form, brand-or-None, words-or-None, rel)."""
    b = cat.brand[r['id']]
    ub = usable_brand(b)
    words = [w for _, w in cat.name_words(r)]
    prs = cat.pairs(r, cat.name_words(r))
    out = []
    at, col = r['articleType'], r['baseColour']
    if ub and 'brand' in allowed:
        out.append(('brand', b, None, cat.relevant(at, col, gstated, [b])))
    for w in words:
        if 'word' in allowed:
            out.append(('word', None, w, cat.relevant(at, col, gstated, [w])))
        if ub and 'both' in allowed:
            out.append(('both', b, w, cat.relevant(at, col, gstated, [b, w])))
    for p in prs:
        if 'pair' in allowed:
            out.append(('pair', None, p, cat.relevant(at, col, gstated, [p])))
        if ub and 'brandpair' in allowed:
            out.append(('brandpair', b, p, cat.relevant(at, col, gstated, [b, p])))
    return [o for o in out if r['id'] in o[3] and len(o[3]) <= 3]


def choose_name(cat, r, gstated, rng, allowed, need_single):
    opts = name_options(cat, r, gstated, allowed)
    if not opts:
        return None
    best = min(len(o[3]) for o in opts)
    if need_single and best > 1:
        return None
    pref = pick_form(rng, {o[0] for o in opts})
    cands = [o for o in opts if o[0] == pref and len(o[3]) == best] or [o for o in opts if len(o[3]) == best]
    return rng.choice(cands)


def say_colour(colour, rng):
    return rng.choice(COLOUR_WORDS[colour])


def other_colour(cat, r, gstated, rng, exclude=()):
    cols = collections.Counter(o['baseColour'] for o in cat.by_type[r['articleType']]
                               if gender_ok(gstated, o['gender']) and o['baseColour'] not in ('NA', r['baseColour'])
                               and o['baseColour'] not in exclude)
    if not cols:
        return None
    keys = sorted(cols)
    return rng.choices(keys, weights=[math.sqrt(cols[k]) for k in keys])[0]


def person_for(gender, rng, avoid_who=None):
    ps = [p for p in PERSONS[gender] if p['who'] != avoid_who]
    return rng.choice(ps)


def pf_of(p, rng):
    return rng.choice(p['pf'])


def first_turn(r, p, rng, colour_word=None, allow_story=True, gender=None):
    """Item + person (+ colour, for corrections); `gender` is the person's (the wrong one in a person correction)."""
    g = gender or r['gender']
    entry = item_entry(r['articleType'], g, rng)
    o, v, e = rng.choice(OPENERS), rng.choice(VERBS), rng.choice(ENDINGS)
    pf = pf_of(p, rng)
    if p['pron'] == 'we':
        pf = '(%s)' % pf
    gadj = rng.choice(G_ADJ[g])
    shapes = ['plain', 'plain', 'ask', 'terse', 'polite']
    if p['story'] and allow_story:
        shapes += ['story', 'story']
    shape = rng.choice(shapes)
    can_inline = bool(colour_word) and ' as ' not in colour_word and 'colours' not in colour_word
    if colour_word and not can_inline and shape in ('ask', 'polite'):
        shape = 'plain'
    inline = can_inline and (shape in ('ask', 'polite') or rng.random() < 0.5)
    it, itb, itp = item_phrase(entry, rng, colour_word if inline else None)
    tail = ''
    if colour_word and not inline:
        tail = rng.choice([', in {c}', ' - {c} one', ', colour {c}', ' ({c})', '; {c} ideally']).replace('{c}', colour_word)
    if inline:
        itb = colour_word + ' ' + itb
    asks, polite = ASKS, POLITE
    if p['pron'] == 'we':
        asks = [a for a in ASKS if '{who}' not in a and '{pf}' not in a]
        polite = [a for a in POLITE if "It's {pf}" not in a]
    kw = dict(it=it, itb=itb, itp=itp, pf=pf, gadj=gadj, who=p['who'], Who=cap(p['who']),
              who_s=p['who'] + "'s", Who_s=cap(p['who']) + "'s", pron=p['pron'], obj=p['obj'], poss=p['poss'],
              v=v, v_cap=cap(v), age=p['age'] or '')
    if shape == 'plain':
        t = o + v + ' ' + it + ' ' + pf + tail + e
    elif shape == 'story':
        pool = KID_STORIES if p['kid'] else STORIES
        pool = [x for x in pool if '{age}' not in x or p['age']]
        if p['age'] and int(p['age']) > 35:  # no graduations or job interviews for grandparents
            pool = [x for x in pool if not any(k in x for k in ('graduation', 'interview', 'new job'))]
        st = rng.choice(pool)
        if '{v' in st and not v.startswith(("I'm", "I'd")):
            kw['v'] = rng.choice(["I'm hunting for", "I'm after", "I'm shopping for", "I'd like", "I'm trying to find"])
            kw['v_cap'] = cap(kw['v'])
        t = o + fill(st, **kw) + tail + e
    elif shape == 'ask':
        t = o + fill(rng.choice(asks), **kw)
    elif shape == 'terse':
        t = fill(rng.choice(TERSE), **kw)
        if tail:
            t = t.rstrip('.?') + tail
        if gadj not in t and pf not in t:
            t += ', ' + pf
    else:
        t = fill(rng.choice(polite), **kw)
    if g == 'Unisex' and 'unisex' not in t.lower() and pf not in t and gadj not in t:
        t += ' ' + pf
    return ' '.join(t.split()), shape


def name_text(form, brand, word, rng, partial=None, bad=None):
    """The sentence that quotes name words; `bad` replaces a word by its misspelling for display."""
    B = brand or ''
    W = word or ''
    if bad:
        B = B.replace(bad[0], bad[1]) if bad[0] in B else B
        W = W.replace(bad[0], bad[1]) if bad[0] in W else W
    if rng.random() < 0.25:
        B, W = B.lower(), W.lower()
    if partial:
        if form == 'brand':
            return fill(rng.choice(NAME_PARTIAL), Bp=partial)
        return fill(rng.choice(NAME_PARTIAL_W), Bp=partial, W=W)
    if form == 'brand':
        out = fill(rng.choice(NAME_BRAND), B=B, a_B=a_an(B) if B else '')
    elif form in ('word', 'pair'):
        out = fill(rng.choice(NAME_WORD), W=W)
    else:
        out = fill(rng.choice(NAME_BOTH), B=B, W=W)
    return re.sub(r"([sS])'s\b", r"\1'", out)


def decorate_name(cat, r, gstated, choice, rng):
    """Maybe show a name word misspelt (relevance keeps the correct word) or a brand only by its beginning
    (relevance recomputed with that beginning). Returns (partial, bad, phrases for relevance, rel)."""
    form, brand, word, rel = choice
    phrases = [p for p in (brand, word) if p]
    x = rng.random()
    if brand and x < 0.09:
        first = brand.split()[0]
        if len(first) >= 6 and first.isalpha():
            pre = first[:rng.randint(4, min(5, len(first) - 2))]
            ph = [pre] + ([word] if word else [])
            rel2 = cat.relevant(r['articleType'], r['baseColour'], gstated, ph)
            if len(rel2) <= 3 and r['id'] in rel2 and len(rel2) <= len(rel) + 1:
                return pre, None, ph, rel2
    if x > 0.9:
        pool = [w for w in ' '.join(phrases).split() if len(w) >= 5 and w.isalpha()]
        if pool:
            w = rng.choice(pool)
            return None, (w, misspell(w, rng)), phrases, rel
    return None, None, phrases, rel


def main():
    rng = random.Random(SEED)
    cat = Catalog()
    elig = collections.defaultdict(list)
    for r in cat.rows:
        if eligible(cat, r):
            elig[r['articleType']].append(r)
    types = sorted(elig)
    weight = {t: math.sqrt(len(elig[t])) for t in types}

    slots = []
    for k, n in KIND_COUNTS:
        if k == 'correction':
            for sub, m in CORR_COUNTS:
                slots += [(k, sub)] * m
        else:
            slots += [(k, None)] * n
    assert len(slots) == N_TOTAL
    rng.shuffle(slots)
    # a few children's products (Boys/Girls rows), asked for with a child as the person
    kid_slots = set(rng.sample([i for i, (k, sub) in enumerate(slots) if k == 'progressive'], 4) +
                    rng.sample([i for i, (k, sub) in enumerate(slots) if sub == 'colour'], 1))

    used_ids, used_type = set(), collections.Counter()
    refs_used = set()
    out = []
    scene_cycle = []
    for i, (kind, sub) in enumerate(slots):
        jit = {t: rng.random() * 1e-3 for t in types}
        order = sorted(types, key=lambda t: (used_type[t] / weight[t] + jit[t], t))
        made = None
        for t in order:  # singles first; a pair or triple now and then
            for need_single in ((True, False) if rng.random() < 0.3 else (True,)):
                cands = [r for r in elig[t] if r['id'] not in used_ids and r['id'] not in refs_used
                         and (r['gender'] in ('Boys', 'Girls')) == (i in kid_slots)]
                rng.shuffle(cands)
                for r in cands[:60]:
                    made = build(cat, r, kind, sub, rng, need_single, used_ids | refs_used)
                    if made:
                        break
                if made:
                    break
            if made:
                break
        if not made:
            for t in order:
                cands = [r for r in elig[t] if r['id'] not in used_ids and r['id'] not in refs_used
                         and (r['gender'] in ('Boys', 'Girls')) == (i in kid_slots)]
                for r in cands:
                    made = build(cat, r, kind, sub, rng, False, used_ids | refs_used)
                    if made:
                        break
                if made:
                    break
        assert made, (i, kind, sub)
        d, ref = made
        r = cat.by_id[d['target']]
        used_ids.add(r['id'])
        if ref:
            refs_used.add(ref)
        used_type[r['articleType']] += 1
        d['id'] = 'P3-%03d' % i
        out.append((d, ref))

    # style pass: typos, texting, capitalisation
    stats = collections.Counter()
    for d, ref in out:
        drng = random.Random('%d-%s' % (SEED, d['id']))
        texts = [t['text'] for t in d['turns']]
        prot = set()
        for ph in d.pop('_protect'):
            for w in ph.split():
                prot.add(w.lower())
        stats['name_' + (d.pop('_deco') or 'plain')] += 1
        stats['form_' + d.pop('_form', 'none')] += 1
        style = drng.random()
        if style < 0.2:
            texts = [texting(t) for t in texts]
            stats['texting'] += 1
        elif style < 0.6:
            texts = [cap(t) for t in texts]
        if drng.random() < 0.2:
            nwords = sum(len(t.split()) for t in texts)
            n = min(drng.choice([1, 1, 1, 2, 2, 3]), max(1, nwords // 7))
            texts, slips = add_typos(texts, n, prot, drng)
            stats['typo_dialogues'] += bool(slips)
            stats['typo_words'] += len(slips)
        for t, s in zip(d['turns'], texts):
            t['text'] = s

    # photos: scenes dealt evenly over the photo dialogues, parameters seeded per dialogue
    os.makedirs(IMG_DIR, exist_ok=True)
    for f in sorted(os.listdir(IMG_DIR)):
        if f.endswith('.jpg'):
            os.remove(os.path.join(IMG_DIR, f))
    photo_ds = [(d, ref) for d, ref in out if d['kind'] in ('composed', 'image')]
    names = [s for s, _ in SCENES]
    deck = []
    srng = random.Random(SEED + 7)
    while len(deck) < len(photo_ds):
        n2 = names[:]
        srng.shuffle(n2)
        deck += n2
    for (d, ref), scene in zip(photo_ds, deck):
        num = d['id'].split('-')[1]
        pid = ref if d['kind'] == 'composed' else d['target']
        path = os.path.join(IMG_DIR, num + '.jpg')
        seed = int(hashlib.md5(('%d/%s' % (SEED, d['id'])).encode()).hexdigest()[:8], 16)
        make_photo(pid, scene, seed, path)
        d['turns'][0]['image'] = IMG_REL + '/' + num + '.jpg'

    with open(OUT_JSONL, 'w', encoding='utf-8') as f:
        for d, ref in out:
            rec = {'id': d['id'], 'kind': d['kind'], 'turns': d['turns'], 'target': d['target'],
                   'relevant': d['relevant'], 'constraints': d['constraints']}
            f.write(json.dumps(rec, ensure_ascii=False) + '\n')
    check(cat, [d for d, _ in out])
    print('wrote', OUT_JSONL, len(out), 'dialogues;', len(photo_ds), 'photos in', IMG_DIR)
    cat_strip = {d['id']: strip_colour(cat, cat.by_id[d['target']]['title']) for d, _ in out}
    stats['composed_same_model'] = sum(1 for d, ref in out if ref and strip_colour(cat, cat.by_id[ref]['title'])
                                       == cat_strip[d['id']])
    print('style:', dict(sorted(stats.items())))
    print('scenes:', dict(sorted(collections.Counter(deck[:len(photo_ds)]).items())))


def build(cat, r, kind, sub, rng, need_single, taken):
    """One dialogue for target r, or None when r cannot make one of this kind."""
    g = r['gender']
    at, col = r['articleType'], r['baseColour']
    cons = {'articleType': at, 'baseColour': col, 'gender': g}
    if kind == 'image':
        rel = cat.image_relevant(r)
        if len({(cat.by_id[x]['articleType'], cat.by_id[x]['baseColour']) for x in rel}) > 1:
            return None  # the catalog reuses this photo for a product of another type or colour
        if len(rel) > 3 or (need_single and len(rel) > 1) or cat.near_dup_outside(r, rel):
            return None
        t = deal('image', IMAGE_LINES, rng)
        return {'kind': 'image', 'turns': [{'text': t, 'image': None}], 'target': r['id'], 'relevant': rel,
                'constraints': cons, '_protect': [], '_deco': ''}, None

    if kind == 'composed':
        same = [o for o in cat.by_type[at] if o['gender'] == g and o['baseColour'] not in ('NA', col)
                and o['id'] in cat.md5 and o['id'] not in taken and eligible(cat, o)
                and cat.md5_count[cat.md5[o['id']]] == 1]
        if not same:
            return None
        model = [o for o in same if strip_colour(cat, o['title']) == strip_colour(cat, r['title'])]
        ref = rng.choice(model) if (model and rng.random() < 0.6) else rng.choice(same)
        ch = choose_name(cat, r, g, rng, {'brand', 'word', 'both', 'pair', 'brandpair'}, need_single)
        if not ch:
            return None
        partial, bad, phrases, rel = decorate_name(cat, r, g, ch, rng)
        deco = 'partial' if partial else ('misspelt' if bad else '')
        c = say_colour(col, rng)
        t1 = fill(deal('composed', COMPOSED, rng), c=c, a_c=a_an(c))
        if rng.random() < 0.3:
            p = person_for(g, rng)
            if p['pron'] == 'we':
                t1 += ' (' + pf_of(p, rng) + ')'
            elif t1.endswith('?'):
                t1 += ' ' + rng.choice(["It's", 'It is', 'btw it is']) + ' ' + pf_of(p, rng)
            else:
                t1 += rng.choice([' - it is ', ', it is ', '. it is ']) + pf_of(p, rng)
        t2 = name_text(ch[0], ch[1], ch[2], rng, partial, bad)
        return {'kind': 'composed', 'turns': [{'text': t1, 'image': None}, {'text': t2, 'image': None}],
                'target': r['id'], 'relevant': rel, 'constraints': cons, '_protect': phrases, '_deco': deco, '_form': ch[0]}, ref['id']

    if kind == 'progressive':
        ch = choose_name(cat, r, g, rng, {'brand', 'word', 'both', 'pair', 'brandpair'}, need_single)
        if not ch:
            return None
        partial, bad, phrases, rel = decorate_name(cat, r, g, ch, rng)
        deco = 'partial' if partial else ('misspelt' if bad else '')
        p = person_for(g, rng)
        t1, _ = first_turn(r, p, rng)
        c = say_colour(col, rng)
        if rng.random() < 0.2:
            t2 = fill(rng.choice(COLOUR_TURN_P[p['pron']]), c=c)
        else:
            t2 = fill(rng.choice(COLOUR_TURN), c=c, a_c=a_an(c))
        t3 = name_text(ch[0], ch[1], ch[2], rng, partial, bad)
        return {'kind': 'progressive', 'turns': [{'text': t1, 'image': None}, {'text': t2, 'image': None},
                                                  {'text': t3, 'image': None}],
                'target': r['id'], 'relevant': rel, 'constraints': cons, '_protect': phrases, '_deco': deco, '_form': ch[0]}, None

    # correction
    if sub == 'person' and g == 'Unisex':
        return None
    if sub == 'brand':
        b = cat.brand[r['id']]
        if not usable_brand(b):
            return None
        others = collections.Counter(cat.brand[o['id']] for o in cat.by_type[at]
                                     if gender_ok(g, o['gender']) and usable_brand(cat.brand[o['id']])
                                     and norm(cat.brand[o['id']]) != norm(b)
                                     and not norm(cat.brand[o['id']]).startswith(norm(b)[:4])
                                     and not norm(b).startswith(norm(cat.brand[o['id']])[:4]))
        if not others:
            return None
        ch = choose_name(cat, r, g, rng, {'both', 'brandpair'}, need_single)
        if not ch:
            return None
        X = rng.choice(sorted(others, key=lambda k: (-others[k], k))[:6])
        rel = ch[3]
        p = person_for(g, rng)
        c = say_colour(col, rng)
        t1, _ = first_turn(r, p, rng, colour_word=c, allow_story=False)
        t1 = re.sub(r'[.!?]+$', '', t1) + fill(rng.choice(CORR_BRAND_T1), X=X)
        Y = ch[1]
        bad = None
        if rng.random() < 0.15:
            w0 = ch[2].split()[0]
            if len(w0) >= 5 and w0.isalpha():
                bad = (w0, misspell(w0, rng))
        t2 = fill(rng.choice(CORR_BRAND), X=X, Y=Y)
        W = ch[2] if not bad else ch[2].replace(bad[0], bad[1])
        t3 = fill(rng.choice(CORR_T3_WORD), W=W)
        return {'kind': 'correction', 'turns': [{'text': t1, 'image': None}, {'text': t2, 'image': None},
                                                 {'text': t3, 'image': None}],
                'target': r['id'], 'relevant': rel, 'constraints': cons, '_protect': [Y, ch[2], X],
                '_deco': 'misspelt' if bad else '', '_form': ch[0]}, None

    ch = choose_name(cat, r, g, rng, {'brand', 'word', 'both', 'pair', 'brandpair'}, need_single)
    if not ch:
        return None
    if sub == 'colour':
        c1col = other_colour(cat, r, g, rng)
        if not c1col:
            return None
        p = person_for(g, rng)
        c1, c2 = say_colour(c1col, rng), say_colour(col, rng)
        t1, _ = first_turn(r, p, rng, colour_word=c1, allow_story=False)
        tpl = rng.choice(CORR_COLOUR)
        if '{pron' in tpl and p['pron'] not in ('he', 'she'):
            tpl = 'change of plan - {c2}'
        t2 = fill(tpl, c1=c1, c2=c2, pron=p['pron'], pron_c=cap(p['pron']))
    else:  # person
        wrong = {'Men': ['Women', 'Boys'], 'Women': ['Men', 'Girls'], 'Boys': ['Girls', 'Men'],
                 'Girls': ['Boys', 'Women']}[g]
        have = {o['gender'] for o in cat.by_type[at]}
        wrong = [x for x in wrong if x in have]
        if not wrong:
            return None
        p1 = person_for(wrong[0], rng)
        p2 = person_for(g, rng)
        if p1['self'] and p2['self']:
            p2 = person_for(g, rng, avoid_who='me')
        c2 = say_colour(col, rng)
        t1, _ = first_turn(r, p1, rng, colour_word=c2, allow_story=False, gender=wrong[0])
        tpl = rng.choice(CORR_PERSON)
        if '{who' in tpl and (p1['self'] or p2['self']):
            tpl = rng.choice(["actually I'm buying it {pf2} instead", 'plot twist, it will be {pf2}',
                              'sorry, mixed up who it is for - {pf2}'])
        t2 = fill(tpl, who1=p1['who'], who2=p2['who'], pf2=pf_of(p2, rng))
    partial, bad, phrases, rel = decorate_name(cat, r, g, ch, rng)
    deco = 'partial' if partial else ('misspelt' if bad else '')
    t3 = name_text(ch[0], ch[1], ch[2], rng, partial, bad)
    return {'kind': 'correction', 'turns': [{'text': t1, 'image': None}, {'text': t2, 'image': None},
                                             {'text': t3, 'image': None}],
            'target': r['id'], 'relevant': rel, 'constraints': cons, '_protect': phrases, '_deco': deco, '_form': ch[0]}, None


def strip_colour(cat, title):
    return ' '.join(w for w in title.lower().split() if norm(w) not in cat.col_tok)


_BANNED_RE = [re.compile(r'(?<![a-z])' + re.escape(b.strip()) + r'(?![a-z])') for b in BANNED]


def banned_in(text):
    low = text.lower()
    return [b for b, rx in zip(BANNED, _BANNED_RE) if rx.search(low)]


def check(cat, ds):
    kinds = collections.Counter(d['kind'] for d in ds)
    assert dict(kinds) == dict(KIND_COUNTS), kinds
    assert len({d['target'] for d in ds}) == len(ds)
    assert [d['id'] for d in ds] == ['P3-%03d' % i for i in range(N_TOTAL)]
    types = {d['constraints']['articleType'] for d in ds}
    assert len(types) >= 50, len(types)
    for d in ds:
        assert d['target'] in d['relevant'] and 1 <= len(d['relevant']) <= 3, d
        assert d['constraints']['baseColour'] != 'NA'
        n = {'progressive': 3, 'correction': 3, 'composed': 2, 'image': 1}[d['kind']]
        assert len(d['turns']) == n
        for t in d['turns']:
            assert not banned_in(t['text']), (banned_in(t['text']), t['text'])
        if d['kind'] in ('composed', 'image'):
            assert d['turns'][0]['image'] and os.path.exists(os.path.join(HERE, d['turns'][0]['image']))


if __name__ == '__main__':
    main()
