#!/usr/bin/env python3
"""Write bench/heldout/paraphrase6.jsonl and images/paraphrase6/ (150 dialogues).

usage: python3 bench/heldout/make_paraphrase6.py

Needs only the Python 3 standard library, Pillow and numpy. Every random draw comes
from random.Random / numpy generators seeded with a SHA-256 of SEED and the draw's
purpose, so two runs write byte-identical files (nothing depends on hash() or on set
order). Reads only data/fashion-small/catalog.csv and its photos. The set was fixed
without running the system or looking at any of its outputs.

Kinds (dev's four): progressive 55, correction 35, composed 35, image 25.
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
from collections import Counter, defaultdict

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
CATALOG = os.path.join(ROOT, 'data', 'fashion-small', 'catalog.csv')
CAT_IMG = os.path.join(ROOT, 'data', 'fashion-small', 'images')
OUT_JSONL = os.path.join(HERE, 'paraphrase6.jsonl')
OUT_IMG_REL = 'images/paraphrase6'
OUT_IMG = os.path.join(HERE, 'images', 'paraphrase6')

SEED = 'paraphrase6/2024-fixed-seed'
N_KIND = {'progressive': 55, 'correction': 35, 'composed': 35, 'image': 25}


# ----------------------------------------------------------------------------- randomness

def _seed_int(*purpose):
    key = '\x1f'.join([SEED] + [str(p) for p in purpose]).encode('utf-8')
    return int.from_bytes(hashlib.sha256(key).digest()[:16], 'big')


def rng(*purpose):
    return random.Random(_seed_int(*purpose))


def nprng(*purpose):
    return np.random.default_rng(_seed_int(*purpose))


def hkey(*purpose):
    """A stable sort key for tie-breaks."""
    return hashlib.sha256('\x1f'.join([SEED] + [str(p) for p in purpose]).encode()).hexdigest()


# ----------------------------------------------------------------------------- catalog

def norm_tokens(s):
    s = s.lower().replace('&', ' and ')
    s = s.replace("'", '').replace('\u2019', '').replace('.', '')
    return re.sub(r'[^a-z0-9]+', ' ', s).split()


def quote_holds(quote, title_tokens):
    """A quote holds when, normalised like the title, it starts at a word start of the
    title with spaces ignored ('US Polo' matches 'U.S. Polo Assn.', 'Bagg' 'Baggit')."""
    q = ''.join(norm_tokens(quote))
    if not q:
        return False
    for i in range(len(title_tokens)):
        if ''.join(title_tokens[i:]).startswith(q):
            return True
    return False


def gender_fits(stated, g):
    # score.py's rule
    return g == stated or g == 'Unisex' or stated == 'Unisex'


COLOUR_TOKENS = {
    'black', 'white', 'blue', 'navy', 'grey', 'gray', 'brown', 'red', 'green', 'purple', 'pink', 'beige',
    'maroon', 'yellow', 'olive', 'silver', 'steel', 'orange', 'cream', 'gold', 'golden', 'tan', 'multi',
    'charcoal', 'khaki', 'magenta', 'off', 'offwhite', 'copper', 'lavender', 'peach', 'teal', 'mustard',
    'coffee', 'rust', 'turquoise', 'melange', 'burgundy', 'bronze', 'taupe', 'fluorescent', 'sea',
    'metallic', 'mauve', 'nude', 'skin', 'dark', 'light', 'steelblue', 'multicolour', 'multicolor',
    'colour', 'color', 'coloured', 'colored', 'aqua', 'violet', 'lime', 'rose', 'wine', 'ivory', 'indigo',
    'ecru', 'mushroom', 'fuchsia', 'neon', 'gun', 'gunmetal', 'platinum', 'chocolate', 'camel', 'sky',
    'royal', 'ink', 'lemon', 'mint', 'sand', 'stone', 'plum', 'berry', 'cherry', 'coral', 'amber',
}
COLOUR_PREFIXES = ('black', 'white', 'blue', 'grey', 'gray', 'brown', 'green', 'purple', 'pink', 'beige', 'maroon',
                   'yellow', 'olive', 'silver', 'orange', 'cream', 'gold', 'navy', 'torquoise', 'turqoise', 'turquoise',
                   'voilet', 'marron', 'mehroon', 'lavend', 'charcoal', 'khaki', 'magenta', 'copper', 'burgund',
                   'mustard', 'peach', 'multi', 'offwhite')
GENDER_TOKENS = {'men', 'women', 'unisex', 'boys', 'girls', 'kids', 'boy', 'girl', 'mens', 'womens', 'man',
                 'woman', 'ladies', 'gents', 'kid', 'infant', 'toddler', 'junior', 'juniors', 'baby'}
KID_TOKENS = {'kids', 'kid', 'boys', 'boy', 'girls', 'girl', 'toddler', 'junior', 'juniors', 'infant', 'baby'}
GENERIC_TOKENS = {
    'solid', 'printed', 'print', 'prints', 'casual', 'formal', 'slim', 'regular', 'fit', 'fitted', 'cotton',
    'basic', 'basics', 'with', 'pack', 'combo', 'sports', 'sport', 'style', 'design', 'designed', 'running',
    'training', 'striped', 'stripes', 'stripe', 'check', 'checked', 'checks', 'plain', 'the', 'and', 'for',
    'new', 'set', 'pair', 'pairs', 'women', 'from', 'collection', 'look', 'type', 'full', 'half', 'sleeve',
    'sleeves', 'sleeved', 'long', 'short', 'neck', 'round', 'leather', 'dial', 'analog', 'analogue',
    'digital', 'lifestyle', 'classic', 'essential', 'essentials', 'graphic', 'logo', 'text', 'core',
    'wash', 'washed', 'shade', 'shaded', 'detail', 'details', 'range', 'edition', 'series', 'model',
    'collar', 'pocket', 'pockets', 'polo', 'tee', 'mini', 'maxi', 'fashion', 'trendy', 'stylish', 'smart',
    'party', 'ethnic', 'western', 'office', 'daily', 'everyday', 'summer', 'winter', 'spring', 'fall',
    'this', 'that', 'very', 'plus', 'size', 'inch', 'black', 'over', 'under', 'only', 'line', 'lines',
    'women', 'ladies', 'gift', 'gifts', 'free', 'made', 'india',
}
TYPE_LAST_WORDS = {
    'Tshirts': {'tshirt', 'jersey', 'tee', 't'}, 'Shirts': {'shirt', 'reversibleshirt'},
    'Casual Shoes': {'shoe', 'sneaker', 'loafer', 'boot'}, 'Tops': {'top'}, 'Kurtas': {'kurta'},
    'Sports Shoes': {'shoe'}, 'Watches': {'watch', 'strap'}, 'Handbags': {'handbag', 'bag'},
    'Heels': {'heel', 'wedge', 'toe', 'shoe', 'sandal', 'pump'}, 'Sunglasses': {'sunglass', 'sunglasse'},
    'Sweaters': {'sweater', 'cardigan', 'pullover'}, 'Sandals': {'sandal', 'slipper'},
    'Wallets': {'wallet', 'holder'}, 'Flip Flops': {'flop', 'slipper', 'flipflop'},
    'Sweatshirts': {'sweatshirt', 'hoodie'}, 'Belts': {'belt'}, 'Trousers': {'trouser', 'cargo', 'chino'},
    'Formal Shoes': {'shoe', 'derby', 'derbys', 'brogue', 'loafer', 'oxford'}, 'Jeans': {'jean'},
    'Socks': {'sock'}, 'Jackets': {'jacket', 'blazer'}, 'Flats': {'flat', 'sandal', 'shoe', 'ballerina'},
    'Backpacks': {'backpack', 'bag'}, 'Briefs': {'brief', 'vbrief', 'breif', 'hipster'},
    'Shorts': {'short', 'bermuda'}, 'Innerwear Vests': {'vest'}, 'Caps': {'cap', 'beanie', 'bandana'},
    'Track Pants': {'pant', 'sweatpant', 'trackpant'}, 'Ties': {'tie'}, 'Kurtis': {'kurti'},
    'Clutches': {'clutch'}, 'Dresses': {'dress', 'dresse'}, 'Mufflers': {'muffler'},
    'Accessory Gift Set': {'pack'}, 'Skirts': {'skirt'}, 'Trunk': {'trunk'}, 'Scarves': {'scarf', 'scarve', 'scarvf'},
    'Perfume and Body Mist': {'perfume', 'mist'}, 'Cufflinks': {'cufflink'}, 'Capris': {'capri'},
    'Laptop Bag': {'bag'}, 'Tunics': {'tunic'}, 'Stockings': {'stocking'}, 'Leggings': {'legging'},
    'Duffel Bag': {'bag'}, 'Mobile Pouch': {'pouch'}, 'Deodorant': {'deo', 'spray', 'deodorant'},
    'Tracksuits': {'tracksuit'}, 'Sports Sandals': {'sandal'}, 'Bra': {'bra'}, 'Gloves': {'glove'},
    'Shoe Accessories': {'accessorie', 'accessory'}, 'Messenger Bag': {'bag'},
    'Fragrance Gift Set': {'set'}, 'Dupatta': {'dupatta'}, 'Lounge Shorts': {'short'},
    'Umbrellas': {'umbrella'}, 'Travel Accessory': {'bag'}, 'Churidar': {'churidar'}, 'Stoles': {'stole'},
    'Hat': {'hat'}, 'Waist Pouch': {'pouch'}, 'Lounge Pants': {'pant'}, 'Headband': {'headband'},
    'Waistcoat': {'waistcoat'}, 'Kurta Sets': {'suit'}, 'Rucksacks': {'rucksack'},
    'Necklace and Chains': {'necklace', 'chain'}, 'Tights': {'tight'}, 'Boxers': {'boxer', 'short'},
    'Sarees': {'saree'}, 'Footballs': {'football'}, 'Bracelet': {'bracelet'}, 'Shrug': {'shrug'},
}
ALL_TYPE_WORDS = set().union(*TYPE_LAST_WORDS.values()) | {'cap', 'pant', 'tight', 'heel', 'flat', 'shoe'}
# words of the article-type names (and their singulars) are never name words
TYPE_NAME_TOKENS = set()
for _t in TYPE_LAST_WORDS:
    for _w in norm_tokens(_t):
        TYPE_NAME_TOKENS |= {_w, _w.rstrip('s')}
TYPE_NAME_TOKENS |= ALL_TYPE_WORDS | {w + 's' for w in ALL_TYPE_WORDS} | {
    'tshirts', 'shoes', 'flops', 'flip', 'sunglasses', 'eyewear', 'innerwear', 'track', 'pants', 'spectacles',
    'footwear', 'apparel', 'bags', 'slippers', 'trousers', 'jeans', 'kurtas', 'vests', 'watches', 'boxers'}
BAD_BRANDS = {'w', 'ant', 'mr', 'id', 'ice', 'image', 'basics', 'cat', 'm tv', 'mtv', 'diva', 'little miss',
              'and', 'inc 5', 'kids', 'gas', 'free', 'jealous 21', 'x', 'the', 'just', 'do', 'e', 'on'}


def singular(w):
    if w.endswith('ies') and len(w) > 4:
        return w[:-3] + 'y'
    if w.endswith('s') and not w.endswith('ss') and len(w) > 3:
        return w[:-1]
    return w


class Catalog:
    def __init__(self):
        self.rows = []
        with open(CATALOG, newline='', encoding='utf-8') as f:
            for r in csv.DictReader(f):
                r = {k: (v or '') for k, v in r.items()}
                r['tt'] = norm_tokens(r['productDisplayName'])
                self.rows.append(r)
        self.by_id = {r['id']: r for r in self.rows}
        self.by_tc = defaultdict(list)
        for r in self.rows:
            self.by_tc[(r['articleType'], r['baseColour'])].append(r)
        self.df = Counter()
        for r in self.rows:
            for w in set(r['tt']):
                self.df[w] += 1
        self._photo()
        self._brands()

    def _photo(self):
        self.md5 = {}
        self.thumb = {}
        self.ok_photo = set()
        for r in self.rows:
            p = os.path.join(CAT_IMG, r['id'] + '.jpg')
            if not os.path.exists(p):
                continue
            data = open(p, 'rb').read()
            self.md5[r['id']] = hashlib.md5(data).hexdigest()
            try:
                im = Image.open(io.BytesIO(data)).convert('RGB')
            except Exception:
                continue
            if im.size != (60, 80):
                continue
            a = np.asarray(im, dtype=np.float32)
            if a.std() < 4.0:
                continue
            self.thumb[r['id']] = np.asarray(im.convert('L').resize((15, 20), Image.BILINEAR), dtype=np.float32)
            self.ok_photo.add(r['id'])
        self.same_photo = defaultdict(list)
        for i, m in self.md5.items():
            self.same_photo[m].append(i)

    def _brands(self):
        """Brand: the title's words before its first gender word (at most 4 words)."""
        self.brand = {}
        counts = Counter()
        for r in self.rows:
            toks = r['productDisplayName'].split()
            idx = next((i for i, t in enumerate(toks) if norm_tokens(t) and norm_tokens(t)[0] in GENDER_TOKENS
                        and len(norm_tokens(t)) == 1), None)
            if idx is None or idx == 0 or idx > 4:
                continue
            b = ' '.join(toks[:idx])
            # strip a trailing generic word ("Turtle Check" -> "Turtle")
            bt = b.split()
            while len(bt) > 1 and norm_tokens(bt[-1]) and norm_tokens(bt[-1])[0] in GENERIC_TOKENS:
                bt = bt[:-1]
            b = ' '.join(bt)
            r['_brand_raw'] = b
            r['_gidx'] = idx
            counts[' '.join(norm_tokens(b))] += 1
        for r in self.rows:
            b = r.get('_brand_raw')
            if not b:
                continue
            nb = ' '.join(norm_tokens(b))
            if counts[nb] < 2 or nb in BAD_BRANDS or len(nb.replace(' ', '')) < 3:
                continue
            if any(t in COLOUR_TOKENS for t in nb.split()):
                continue
            self.brand[r['id']] = b

    def title_words(self, r):
        """Title words after the brand / gender word that could be remembered."""
        toks = r['productDisplayName'].split()
        start = r.get('_gidx', 0) + (1 if '_gidx' in r else 1)
        out = []
        for i in range(start, len(toks)):
            raw = toks[i]
            if not re.fullmatch(r"[A-Za-z][A-Za-z'\-]*", raw):
                out.append(None)
                continue
            n = norm_tokens(raw)
            if len(n) != 1:
                out.append(None)
                continue
            w = n[0]
            ok = (len(w) >= 4 or (len(w) == 3 and raw[0].isupper() and not raw.isupper()))
            ok = ok and w not in COLOUR_TOKENS and w not in GENDER_TOKENS and w not in GENERIC_TOKENS
            ok = ok and w not in TYPE_NAME_TOKENS and singular(w) not in TYPE_NAME_TOKENS
            ok = ok and self.df[w] <= 80
            ok = ok and not (raw.isupper() and len(raw) <= 4)
            ok = ok and any(ch in 'aeiouy' for ch in w[:3])
            ok = ok and not re.search(r'[a-z][A-Z]', raw)
            ok = ok and not any(w.startswith(c) for c in COLOUR_PREFIXES)
            out.append(raw if ok else None)
        return out

    def relevant(self, atype, colour, gender, quotes):
        rel = []
        for r in self.by_tc[(atype, colour)]:
            if not gender_fits(gender, r['gender']):
                continue
            if all(quote_holds(q, r['tt']) for q in quotes):
                rel.append(r['id'])
        return sorted(rel, key=int)


def is_kid_title(r):
    return any(t in KID_TOKENS for t in r['tt'])


def usable_target(cat, r):
    if r['id'] not in cat.ok_photo or r['baseColour'] in ('', 'NA') or r['articleType'] == 'Free Gifts':
        return False
    if r['gender'] in ('Men', 'Women', 'Unisex') and is_kid_title(r):
        return False
    if r['gender'] in ('Boys', 'Girls') and any(t in ('men', 'women', 'mens', 'womens') for t in r['tt']):
        return False
    if not r['tt']:
        return False
    last = singular(re.sub(r'[^a-z]', '', r['tt'][-1]))
    own = TYPE_LAST_WORDS.get(r['articleType'], set())
    if last and last in ALL_TYPE_WORDS and last not in own:
        return False
    if not cat.brand.get(r['id']) and not any(cat.title_words(r)):
        return False
    return True


# ----------------------------------------------------------------------------- vocabulary
# Item words per article type: (singular phrase with article, plural/bare phrase).
ITEMS = {
    'Tshirts': [('a half-sleeve tshirt', 'half-sleeve tshirts'), ('a cotton T', 'cotton Ts'),
                ('a short-sleeved tshirt', 'short-sleeved tshirts'), ('a tshirt', 'tshirts')],
    'Shirts': [('a long-sleeve shirt', 'long-sleeve shirts'), ('a buttoned shirt', 'buttoned shirts'),
               ('a work shirt', 'work shirts'), ('a shirt', 'shirts')],
    'Casual Shoes': [('a pair of canvas shoes', 'canvas shoes'), ('a pair of everyday shoes', 'everyday shoes'),
                     ('some off-duty shoes', 'off-duty shoes'), ('a pair of casual shoes', 'casual shoes')],
    'Tops': [('a going-out top', 'going-out tops'), ('a blouse', 'blouses'), ('a pretty top', 'pretty tops'),
             ('a top', 'tops')],
    'Kurtas': [('a straight-cut kurta', 'straight-cut kurtas'), ('a festive kurta', 'festive kurtas'),
               ('a kurta', 'kurtas')],
    'Sports Shoes': [('a pair of gym shoes', 'gym shoes'), ('a pair of jogging shoes', 'jogging shoes'),
                     ('some runners', 'runners'), ('a pair of sports shoes', 'sports shoes')],
    'Watches': [('a wristwatch', 'wristwatches'), ('a wrist watch', 'wrist watches'), ('a watch', 'watches')],
    'Handbags': [('a handbag', 'handbags'), ('a carry bag', 'carry bags'), ('a day bag', 'day bags')],
    'Heels': [('a pair of party heels', 'party heels'), ('some dressy heels', 'dressy heels'),
              ('a pair of heels', 'heels')],
    'Sunglasses': [('a pair of dark glasses', 'dark glasses'), ('some tinted glasses', 'tinted glasses'),
                   ('a pair of sunglasses', 'sunglasses')],
    'Sweaters': [('a pullover', 'pullovers'), ('a knit sweater', 'knit sweaters'), ('a sweater', 'sweaters')],
    'Sandals': [('a pair of strappy sandals', 'strappy sandals'), ('some open sandals', 'open sandals'),
                ('a pair of sandals', 'sandals')],
    'Wallets': [('a cardholder wallet', 'cardholder wallets'), ('a pocket wallet', 'pocket wallets'),
                ('a wallet', 'wallets')],
    'Flip Flops': [('a pair of flip-flops', 'flip-flops'), ('some rubber flip flops', 'rubber flip flops'),
                   ('a pair of flip flops', 'flip flops')],
    'Sweatshirts': [('a sweat top', 'sweat tops'), ('a fleece sweatshirt', 'fleece sweatshirts'),
                    ('a sweatshirt', 'sweatshirts')],
    'Belts': [('a trouser belt', 'trouser belts'), ('a waist belt', 'waist belts'), ('a belt', 'belts')],
    'Trousers': [('a pair of work trousers', 'work trousers'), ('some suit trousers', 'suit trousers'),
                 ('a pair of trousers', 'trousers')],
    'Formal Shoes': [('a pair of office shoes', 'office shoes'), ('some dress shoes', 'dress shoes'),
                     ('a pair of formal shoes', 'formal shoes')],
    'Jeans': [('a pair of jeans', 'jeans'), ('some five-pocket jeans', 'five-pocket jeans')],
    'Socks': [('some ankle socks', 'ankle socks'), ('a few pairs of socks', 'socks'), ('some socks', 'socks')],
    'Jackets': [('a bomber jacket', 'bomber jackets'), ('a light jacket', 'light jackets'), ('a jacket', 'jackets')],
    'Flats': [('a pair of ballet pumps', 'ballet pumps'), ('some ballet-style flats', 'ballet-style flats'),
              ('a pair of flats', 'flats')],
    'Backpacks': [('a school backpack', 'school backpacks'), ('a travel backpack', 'travel backpacks'),
                  ('a backpack', 'backpacks')],
    'Briefs': [('some underwear briefs', 'underwear briefs'), ('a set of briefs', 'briefs'), ('some briefs', 'briefs')],
    'Shorts': [('a pair of knee shorts', 'knee shorts'), ('some cut-offs', 'cut-offs'), ('a pair of shorts', 'shorts')],
    'Innerwear Vests': [('an inner vest', 'inner vests'), ('a cotton innerwear vest', 'cotton innerwear vests'),
                        ('an innerwear vest', 'innerwear vests')],
    'Caps': [('a baseball cap', 'baseball caps'), ('a peak cap', 'peak caps'), ('a cap', 'caps')],
    'Track Pants': [('a pair of trackpants', 'trackpants'), ('some jogging track pants', 'jogging track pants'),
                    ('a pair of track pants', 'track pants')],
    'Ties': [('a necktie', 'neckties'), ('an office tie', 'office ties'), ('a tie', 'ties')],
    'Kurtis': [('a kurti top', 'kurti tops'), ('a kurti', 'kurtis')],
    'Clutches': [('an evening clutch', 'evening clutches'), ('a party clutch', 'party clutches'),
                 ('a clutch', 'clutches')],
    'Dresses': [('a sundress', 'sundresses'), ('a party dress', 'party dresses'), ('a dress', 'dresses')],
    'Mufflers': [('a neck muffler', 'neck mufflers'), ('a muffler', 'mufflers')],
    'Accessory Gift Set': [('an accessories gift box', 'accessories gift boxes'), ('a gift set', 'gift sets')],
    'Skirts': [('a flowy skirt', 'flowy skirts'), ('a midi skirt', 'midi skirts'), ('a skirt', 'skirts')],
    'Trunk': [('some underwear trunks', 'underwear trunks'), ('a pair of trunks', 'trunks')],
    'Scarves': [('a neck scarf', 'neck scarves'), ('a scarf', 'scarves')],
    'Perfume and Body Mist': [('a scent', 'scents'), ('a perfume', 'perfumes'), ('a fragrance', 'fragrances')],
    'Cufflinks': [('some dress cufflinks', 'dress cufflinks'), ('some shirt cufflinks', 'shirt cufflinks'),
                  ('a pair of cufflinks', 'cufflinks')],
    'Capris': [('a pair of calf-length capris', 'calf-length capris'), ('a pair of capris', 'capris')],
    'Laptop Bag': [('a laptop carry case', 'laptop carry cases'), ('a laptop bag', 'laptop bags')],
    'Tunics': [('a long tunic top', 'long tunic tops'), ('a tunic', 'tunics')],
    'Stockings': [('a pair of sheer stockings', 'sheer stockings'), ('some stockings', 'stockings')],
    'Leggings': [('a pair of stretch leggings', 'stretch leggings'), ('some leggings', 'leggings')],
    'Duffel Bag': [('a gym duffel', 'gym duffels'), ('a travel duffel', 'travel duffels'), ('a duffel bag', 'duffel bags')],
    'Mobile Pouch': [('a phone pouch', 'phone pouches'), ('a mobile pouch', 'mobile pouches')],
    'Deodorant': [('a body spray', 'body sprays'), ('a deodorant', 'deodorants')],
    'Tracksuits': [('a track suit', 'track suits'), ('a tracksuit', 'tracksuits')],
    'Sports Sandals': [('a pair of trekking sandals', 'trekking sandals'), ('a pair of sports sandals', 'sports sandals')],
    'Bra': [('an everyday bra', 'everyday bras'), ('a bra', 'bras')],
    'Gloves': [('a pair of riding gloves', 'riding gloves'), ('a pair of gloves', 'gloves')],
    'Shoe Accessories': [('a shoe-care kit', 'shoe-care kits'), ('some shoe accessories', 'shoe accessories')],
    'Messenger Bag': [('a crossbody bag', 'crossbody bags'), ('a messenger bag', 'messenger bags')],
    'Fragrance Gift Set': [('a perfume gift set', 'perfume gift sets'), ('a fragrance gift set', 'fragrance gift sets')],
    'Dupatta': [('a dupatta', 'dupattas')],
    'Lounge Shorts': [('a pair of sleep shorts', 'sleep shorts'), ('some lounge shorts', 'lounge shorts')],
    'Umbrellas': [('an umbrella', 'umbrellas')],
    'Travel Accessory': [('a travel bag', 'travel bags')],
    'Churidar': [('a churidar', 'churidars')],
    'Stoles': [('a shawl', 'shawls'), ('a stole', 'stoles')],
    'Hat': [('a hat', 'hats')],
    'Waist Pouch': [('a waist pouch', 'waist pouches')],
    'Lounge Pants': [('a pair of pyjama pants', 'pyjama pants'), ('some lounge pants', 'lounge pants')],
    'Headband': [('a sweatband for the head', 'head sweatbands'), ('a headband', 'headbands')],
    'Waistcoat': [('a waistcoat', 'waistcoats')],
    'Kurta Sets': [('a kurta set', 'kurta sets')],
    'Rucksacks': [('a trekking bag', 'trekking bags'), ('a rucksack', 'rucksacks')],
    'Necklace and Chains': [('a pendant chain', 'pendant chains'), ('a necklace', 'necklaces')],
    'Tights': [('a pair of tights', 'tights')],
    'Boxers': [('a pair of boxer shorts', 'boxer shorts'), ('some boxers', 'boxers')],
    'Sarees': [('a sari', 'saris'), ('a saree', 'sarees')],
    'Footballs': [('a football', 'footballs')],
    'Bracelet': [('a bracelet', 'bracelets')],
    'Shrug': [('a shrug', 'shrugs')],
}

# Vague and everyday colour words per catalog colour (the catalog's own name is one option).
COLOURS = {
    'Black': ['black', 'all black', 'deep black', 'blackish', 'night black'],
    'White': ['white', 'bright white', 'plain white', 'whitish', 'pure snowy white'],
    'Blue': ['blue', 'bluish', 'mid blue', 'ocean blue', 'regular blue'],
    'Navy Blue': ['navy blue', 'navy', 'dark navy', 'deep navy', 'navy-ish'],
    'Grey': ['grey', 'gray', 'greyish', 'pebble grey', 'mouse grey', 'smoky grey'],
    'Brown': ['brown', 'brownish', 'chocolate', 'nut brown', 'earthy brown'],
    'Red': ['red', 'reddish', 'bright red', 'poppy red', 'berry red'],
    'Green': ['green', 'greenish', 'leafy green', 'grass green', 'forest green'],
    'Purple': ['purple', 'purplish', 'violet', 'royal purple'],
    'Pink': ['pink', 'pinkish', 'rosy pink', 'candy pink', 'pastel pink'],
    'Beige': ['beige', 'light beige', 'sandy beige', 'stone beige'],
    'Maroon': ['maroon', 'dark maroon', 'maroonish', 'brick maroon'],
    'Yellow': ['yellow', 'lemon yellow', 'sunny yellow', 'yellowish'],
    'Olive': ['olive', 'olive-toned', 'dark olive'],
    'Silver': ['silver', 'silvery', 'shiny silver'],
    'Steel': ['steel', 'steel-coloured', 'brushed steel'],
    'Orange': ['orange', 'orangey', 'tangerine', 'bright orange'],
    'Cream': ['cream', 'creamy', 'cream-coloured'],
    'Gold': ['gold', 'golden', 'goldish'],
    'Tan': ['tan', 'light tan', 'tan-ish'],
    'Multi': ['multicoloured', 'many-coloured', 'rainbow-ish'],
    'Charcoal': ['charcoal', 'very dark grey', 'charcoal-ish'],
    'Khaki': ['khaki', 'khaki-coloured'],
    'Magenta': ['magenta', 'bright magenta'],
    'Off White': ['off white', 'offwhite', 'almost-white'],
    'Copper': ['copper', 'coppery'],
    'Lavender': ['lavender', 'lilac'],
    'Peach': ['peach', 'peachy'],
    'Teal': ['teal', 'deep teal'],
    'Mustard': ['mustard', 'mustard-coloured'],
    'Coffee Brown': ['coffee brown', 'dark coffee'],
    'Rust': ['rust', 'rusty'],
    'Turquoise Blue': ['turquoise', 'turquoise blue'],
    'Grey Melange': ['grey melange', 'heathered grey'],
    'Burgundy': ['burgundy', 'deep burgundy'],
    'Bronze': ['bronze', 'bronzy'],
    'Taupe': ['taupe', 'greyish taupe'],
    'Fluorescent Green': ['fluorescent green', 'highlighter green'],
    'Sea Green': ['sea green', 'sea-green'],
    'Metallic': ['metallic', 'shiny metallic'],
    'Mauve': ['mauve', 'dusty mauve'],
    'Nude': ['nude', 'nude-toned'],
    'Skin': ['skin-coloured', 'skin tone'],
}

# People instead of genders: (for-phrase, pronoun, possessive, short label)
PEOPLE = {
    'Men': [
        ('my grandad Mohan', 'he', 'his'), ('my brother Kunal, 27', 'he', 'his'), ('Rohit, my husband', 'he', 'his'),
        ('my colleague Tariq', 'he', 'his'), ('my neighbour Alan Fernandes', 'he', 'his'),
        ('my eldest son (19)', 'he', 'his'), ('my uncle Joseph, 58', 'he', 'his'), ('my cousin Siddharth', 'he', 'his'),
        ('my boyfriend Leo', 'he', 'his'), ('my dad, he is 66', 'he', 'his'), ('my mamu (mum\'s brother)', 'he', 'his'),
        ('our gardener Raju', 'he', 'his'), ('my best pal Callum', 'he', 'his'), ('myself (guy, 31)', 'I', 'my'),
        ('my brother-in-law Arvind', 'he', 'his'), ('my teenage brother, 17', 'he', 'his'),
        ('my flatmate Kenji', 'he', 'his'), ('my father, 70 next month', 'he', 'his'), ('my cousin Farhan', 'he', 'his'),
        ('my manager Vikram', 'he', 'his'), ('my fiance Mateo', 'he', 'his'), ('our driver Ibrahim', 'he', 'his'),
    ],
    'Women': [
        ('my grandma, she is 79', 'she', 'her'), ('my wife Shruti', 'she', 'her'), ('my sister Meher, 24', 'she', 'her'),
        ('my mother-in-law', 'she', 'her'), ('my aunt Rosa', 'she', 'her'), ('my colleague Anjali', 'she', 'her'),
        ('my girlfriend Zoe', 'she', 'her'), ('my daughter, 22', 'she', 'her'), ('my neighbour Gloria Pinto', 'she', 'her'),
        ('my cousin Fatima', 'she', 'her'), ('my bua (dad\'s sister)', 'she', 'her'), ('my mum, 60', 'she', 'her'),
        ('my classmate Ritika', 'she', 'her'), ('our cook, Lakshmi aunty', 'she', 'her'),
        ('myself (woman, 38)', 'I', 'my'), ('my flatmate Hannah', 'she', 'her'), ('my sister-in-law Leena', 'she', 'her'),
        ('my boss, Ms Kaur', 'she', 'her'), ('my stepmum Carol', 'she', 'her'), ('my fiancee Naina', 'she', 'her'),
        ('my grandmother Sushila', 'she', 'her'), ('my old teacher, Sunita Das', 'she', 'her'),
    ],
    'Boys': [
        ('my 8-year-old nephew Ayaan', 'he', 'his'), ('my six-year-old grandson', 'he', 'his'),
        ('my little boy of five', 'he', 'his'), ('my nine-year-old godson Ethan', 'he', 'his'),
        ('my fourth-grader son', 'he', 'his'),
    ],
    'Girls': [
        ('my 7-year-old niece Anaya', 'she', 'her'), ('my five-year-old daughter', 'she', 'her'),
        ('my nine-year-old granddaughter Riya', 'she', 'her'), ('my little sister of eight', 'she', 'her'),
        ('the neighbours\' seven-year-old girl', 'she', 'her'),
    ],
    'Unisex': [
        ('our family (anyone might use it)', 'we', 'our'), ('whoever needs it at home, no gender preference', 'we', 'our'),
        ('a couple, him and her, to share', 'they', 'their'), ('my teammates, lads and lasses alike', 'they', 'their'),
        ('both me and my husband', 'we', 'our'), ('the office, men or women', 'they', 'their'),
        ('my niece and nephew to share', 'they', 'their'),
    ],
}

OPENERS = ['', '', '', '', 'hey there, ', 'good evening, ', 'hi hi, ', 'morning, ', 'quick q: ', 'so, ',
           'alright, ', 'hello! ', 'hi shop, ', 'hola, ', 'hello again, ', 'pardon me, ', 'hey hey, ',
           'quick favour: ', 'hi, hoping you can assist - ', 'evening! ']
VERBS = ["I'm shopping for {a}", "I'd like {a}", "I want to buy {a}", "in need of {a}", "searching for {a}",
         "could you find me {a}", "please show {a}", "I fancy getting {a}", "I'd love to find {a}",
         "need to order {a}", "trying to buy {a}", "would like to buy {a}", "I'm browsing for {a}",
         "I'd like to pick out {a}", "do you stock {p}", "can I get {a}", "after {a} today",
         "wanting {a}", "shopping around for {a}", "I must buy {a}"]
ENDINGS = ['', '', '', '', '', ' - thanks!', ', many thanks', ', grateful for any assistance', ' - thanks loads',
           ', thank you kindly', ' 🙂', '!!', ' 👍', ', gracias', ', danke', ' - much obliged']

FIRST_PLAIN = ['{open}{verb} for {person}{end}', '{open}{verb}, it is for {person}{end}',
               '{open}{verb} as a present for {person}{end}', '{open}{verb}; {subj} needs one{end}']
FIRST_QUESTION = ['{open}what {p} do you have that would suit {person}?',
                  '{open}any {p} for {person}?', '{open}have you got {p} that {subj} would like?',
                  '{open}which {p} would you pick for {person}?']
FIRST_STORY = ['{open}{Subj} lost {poss} last one on a train, so I have to replace it with {a}{end}',
               '{open}it is {poss_person} birthday on friday and I am getting {obj} {a}{end}',
               '{open}{Subj} has a wedding to go to and wants {a}{end}',
               '{open}{subj} is moving abroad soon and needs {a}{end}',
               '{open}the old one wore out, I want {a} for {person}{end}',
               '{open}{Subj} keeps borrowing mine, time to get {obj} {a} of {poss} own{end}']
FIRST_TERSE = ['{item} for {person}.', '{Item} | {person}', '{Item}, {person}', '{item} -> {person}?']

COLOUR_TURN = ['in {c} please', '{c} ideally', 'thinking {c}', 'something {c}', 'preferably {c}',
               "I'd say {c}", 'needs to be {c}', 'the {c} kind', '{c} would be lovely', 'got any in {c}?',
               'hue: {c}', 'preferred hue: {c}', '{c} works best', 'we said {c}',
               'leaning towards {c}', 'a {c} one', 'oh yes, {c}', 'must be {c}, nothing else will do']
COLOUR_TURN_PERSON = ['{Pron} loves {c}', '{c} is {poss} thing', '{Pron} asked for {c}',
                      '{c} - {pron} wears it a lot', '{Pron} always picks {c}']
COLOUR_TURN_SELF = ['{c} for me', "I'm mostly in {c}, so {c}", 'I look good in {c}']

CORR_COLOUR = ['oh wait, {c2} not {c1}', '{c1} was a typo, I meant {c2}', 'on reflection {c1} is too much - {c2} please',
               "let's go {c2} rather than {c1}", 'changed my mind, going with {c2}',
               'ignore the {c1} bit, {c2} is what I want', 'not {c1} after all. {c2}', 'my mistake, it should be {c2}',
               '{c1}? no no. {c2}', 'hmm make that {c2}, {c1} looks cheap', 'correction - {c2}, not {c1}',
               '{c2} would be better than {c1} now I think of it', 'sorry, {c2}! not {c1}']
CORR_COLOUR_PERSON = ['{Pron} hates {c1}, so {c2}', '{Pron} already has a {c1} one, so {c2} this time',
                      'just asked {obj} - {c2}, not {c1}']
CORR_PERSON = ["sorry, it's for {p2} not {p1}", 'wrong person - {p2} is getting it', 'change of recipient: {p2}',
               'oops, I meant {p2}, not {p1}', '{p1} already has one; getting it for {p2} now',
               'hmm, {p2} should have it rather than {p1}', 'let me redo that - the gift is for {p2}',
               'not {p1}, {p2} - mixed up my notes']

NAME_BRAND = ["brand's {b}", '{b} manufactures it', 'it was from {b}', 'by {b}, if I recall', 'the brand is {b}',
              'only want {b}', 'should be a {b}', '{b}! forgot to mention', '{Poss} favourite brand is {b}',
              'think {b} is the maker', 'from the {b} range', '{b} would be perfect']
NAME_WORD = ["'{w}' was part of the name", "I think it's called {w}", 'named {w} or close', 'keyword: {w}',
             'the listing said {w}', "title had the word '{w}'", "search '{w}' maybe", '{w} appears in the product title',
             'something like "{w}"', 'the product name mentioned {w}']
NAME_BOTH = ["{b}'s {w} range", '{b} - the one called {w}', "by {b}; '{w}' in the name", '{b}, and I think {w}',
             'the {b} {w} thing', '{w} by {b}', "{b} label, '{w}' in the title", 'brand {b}, name {w}']
NAME_BEGIN = ['brand began with {bb}... ', "{bb}-something, can't spell the rest", 'the brand starts {bb}',
              'it was {bb}... something brand']
NAME_BEGIN_WORD = ["brand began with {bb}, '{w}' in the name", '{bb}-something brand, the {w}']

COMPOSED_LINE = ['this design, but {c}', 'have this in {c}?', 'any chance of a {c} one like the pic',
                 "photo's the style I want; {c} though", 'is there a {c} version?', 'found this, need it {c}',
                 'love this one but want {c}', 'could you find this in {c}', '{c}, in this model?',
                 'after the {c} colourway of this', 'exact style please, in {c}', 'swap to {c}, same design',
                 'this cut in {c}, if it exists', 'need one just like the photo only {c}', 'do you do this in {c}',
                 'same look but {c} please', 'in the pic it is the wrong tone - I need {c}']

IMAGE_LINES = ['found this in my gallery, what is it', 'can you match this pic', 'my friend has these, where from?',
               'saw it at the mall, is it in stock?', 'is this on your site?', 'want this exact thing',
               'who sells this one?', 'snapped this at a party - same please', 'any idea which product this is',
               'pic from my cousin, I need it too', 'this please, in my size', 'can I order this?',
               'screenshot from a friend, can you find it', 'hunting for this, any ideas', 'same as in the photo, have it?',
               'this one. do you stock it', 'is this available here',
               'photo I took at a store, find it?', 'my old one, want another exactly like it',
               'spotted this on the bus, need it', 'looking for the thing in this pic', 'what is this and can I buy it',
               'please find this item', 'this is it! is it sold here?', 'got this exact one?']

TEXTING = {'you': 'yu', 'please': 'pleez', 'thanks': 'tnx', 'something': 'sumthin', 'because': 'coz',
           'maybe': 'mayb', 'really': 'rlly', 'probably': 'prob', 'tomorrow': 'tmr', 'know': 'kno'}
AUTOCORRECT = {"we're": 'were', "he'll": 'hell', "she'll": 'shell', 'niece': 'nice', 'gift': 'gif'}
KEYB = {
    'q': 'wa', 'w': 'qes', 'e': 'wrd', 'r': 'etf', 't': 'ryg', 'y': 'tuh', 'u': 'yij', 'i': 'uok', 'o': 'ipl',
    'p': 'ol', 'a': 'qsz', 's': 'adwx', 'd': 'sfe', 'f': 'dgr', 'g': 'fht', 'h': 'gjy', 'j': 'hku', 'k': 'jli',
    'l': 'kop', 'z': 'asx', 'x': 'zsc', 'c': 'xvd', 'v': 'cbf', 'b': 'vng', 'n': 'bmh', 'm': 'nj',
}

# ----------------------------------------------------------------------------- helpers for text


def cap_first(s):
    for i, ch in enumerate(s):
        if ch.isalpha():
            return s[:i] + ch.upper() + s[i + 1:]
    return s


def person_gender(person):
    for g, lst in PEOPLE.items():
        if person in lst:
            return g
    return None


def split_det(a):
    for det in ('a pair of', 'a few pairs of', 'a pack of', 'some', 'an', 'a'):
        if a.startswith(det + ' '):
            return det, a[len(det) + 1:]
    return '', a


def person_short(p):
    """'my brother Kunal, 27' -> 'my brother Kunal' (for mid-sentence references)."""
    s = re.split(r',| \(', p)[0]
    return s


def person_subject(p):
    s = person_short(p)
    if s.startswith('myself'):
        return 'I'
    return s


def possessive(p):
    s = person_short(p)
    if s.startswith('myself'):
        return 'my'
    if s.endswith("s'"):
        return s
    return s + "'s"


ALL_COLOUR_WORDS = set()
for _v in COLOURS.values():
    for _c in _v:
        ALL_COLOUR_WORDS |= set(norm_tokens(_c))
ALL_COLOUR_WORDS |= COLOUR_TOKENS
COMMON_WORDS = set('''the and for with that this have from they what your about would there their will when
make like time just know take into year good some could them than then look only come over think also back
after work first well even want because these give most very need please thanks colour color brand name shop
sale size pair shoe shoes shirt watch bag bags help find last ones mine same other like wear worn best love
one two three four five where here were word sort part mind kind long says wait sure maybe really tree sold
bold pink pinky blank black block blackish while white whole write wrote band bran brad bred tile tine thin
thine tink thing think wit whit bale bake brake barnd ranged ranger rage anger gave have hive live love lover
mention mentor nice mice rice price prize plead plead pleat please ease lease cease title tittle tale tail
maker make mare mate male mile tram team tear near mean meant name named tamed aimed mane same some come
close chose clove cloves closer loser lose lost list listing lasting sting string starting search reach each
white write whites wrote might night light fight sight mighty green greed greet grin grain grass glass brass
class crass purple people brown crown frown drown grown blown blowing colour colours favour flavour contour
normal formal normally former forma dormant lilac lilacs pebble pebbles bubble babble beige being begin
after rafter often alter later latter water waiter wears years bears tears swears weary chocolate tease
trace tracer brace grace space spice slice price bride bribe tried tired tried tree trees three there
where their these those those thus this shis his hers here hear heard head heed heel feel fell fill fall
wall wail mail main rain ruin brain'''.split())
LEXICON = set(COMMON_WORDS)


class Slips:
    """Realistic typing slips, recorded for the summary."""

    def __init__(self, r):
        self.r = r
        self.log = []

    def slip_word(self, w):
        r = self.r
        lw = w.lower()
        for _ in range(12):
            kind = r.choice(['swap', 'swap', 'drop', 'drop', 'double', 'key'])
            i = r.randrange(1, len(w) - 1)
            if kind == 'swap':
                if w[i] == w[i + 1]:
                    continue
                out = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            elif kind == 'drop':
                out = w[:i] + w[i + 1:]
            elif kind == 'double':
                out = w[:i] + w[i] + w[i:]
            else:
                ch = w[i].lower()
                if ch not in KEYB:
                    continue
                out = w[:i] + r.choice(KEYB[ch]) + w[i + 1:]
            lo = out.lower()
            if kind == 'drop' and len(w) < 6:
                continue
            if lo == lw or lo in ALL_COLOUR_WORDS or lo in LEXICON or lo in TYPE_NAME_TOKENS:
                continue
            return out
        return None

    def apply(self, text, protect):
        """Slip 1-2 words of 5+ letters outside the protected spans (name quotes)."""
        r = self.r
        spans = []
        for q in protect:
            for m in re.finditer(re.escape(q), text):
                spans.append((m.start(), m.end()))
        cands = []
        for m in re.finditer(r"[A-Za-z][A-Za-z']+", text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            w = m.group(0)
            if w in AUTOCORRECT or w.lower() in TEXTING:
                cands.append(m)
            elif len(w) >= 5 and "'" not in w:
                cands.append(m)
        if not cands:
            return text
        r.shuffle(cands)
        n = 1 if r.random() < 0.7 else 2
        done = 0
        out = text
        for m in sorted(cands[:n * 2], key=lambda m: -m.start()):
            if done >= n:
                break
            w = m.group(0)
            if w in AUTOCORRECT and r.random() < 0.8:
                new = AUTOCORRECT[w]
            else:
                if len(w) < 5 or "'" in w:
                    continue
                new = self.slip_word(w)
            if not new:
                continue
            out = out[:m.start()] + new + out[m.end():]
            self.log.append((w, new))
            done += 1
        return out


def misspell_name(r, word):
    """One-letter slip in a remembered name word (swap, drop, double)."""
    for _ in range(20):
        if len(word) < 4:
            return None
        i = r.randrange(1, len(word) - 1)
        kind = r.choice(['swap', 'drop', 'double'])
        if kind == 'swap':
            if word[i] == word[i + 1] or not (word[i].isalpha() and word[i + 1].isalpha()):
                continue
            out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif kind == 'drop':
            if not word[i].isalpha():
                continue
            out = word[:i] + word[i + 1:]
        else:
            if not word[i].isalpha():
                continue
            out = word[:i] + word[i] + word[i:]
        if out.lower() != word.lower():
            return out
    return None


BRAND_SPOKEN = {
    'united colors of benetton': ['Benetton', 'United Colors of Benetton', 'benetton'],
    'us polo assn': ['US Polo', 'U.S. Polo', 'us polo'],
    'adidas': ['Adidas', 'adidas'],
    'adidas originals': ['Adidas Originals', 'adidas originals'],
    'levis': ['Levis', "Levi's"],
    'reid and taylor': ['Reid and Taylor', 'Reid & Taylor'],
    'gini and jony': ['Gini & Jony', 'Gini and Jony'],
    'fila': ['Fila', 'FILA'],
    'asics': ['Asics', 'ASICS'],
}


def spoken_brand(r, b):
    nb = ' '.join(norm_tokens(b))
    opts = BRAND_SPOKEN.get(nb)
    if opts:
        return r.choice(opts)
    if b.isupper() and len(b) > 4:
        return r.choice([b, b.title(), b.lower()])
    return r.choice([b, b, b.lower()])


# ----------------------------------------------------------------------------- name options

def name_options(cat, t, stated_gender):
    """Options of remembered name words for target t: (mode, quotes) -> relevant list."""
    opts = []
    b = cat.brand.get(t['id'])
    words = cat.title_words(t)
    single = sorted({w for w in words if w}, key=lambda w: (w.lower()))
    pairs = []
    for i in range(len(words) - 1):
        if words[i] and words[i + 1]:
            pairs.append(words[i] + ' ' + words[i + 1])
    if b:
        opts.append(('brand', [b]))
        if ' ' not in b and len(b) >= 6 and b.isalpha():
            for k in (4, 5):
                opts.append(('begin', [b[:k]]))
                for w in single:
                    opts.append(('begin_word', [b[:k], w]))
        for w in single:
            opts.append(('both', [b, w]))
    for w in single:
        opts.append(('word', [w]))
    for pr in pairs:
        opts.append(('two', [pr]))
    out = []
    for mode, quotes in opts:
        rel = cat.relevant(t['articleType'], t['baseColour'], stated_gender, quotes)
        out.append((mode, quotes, rel))
    return out


MODE_WEIGHTS = {'brand': 26, 'word': 20, 'two': 8, 'both': 30, 'begin': 8, 'begin_word': 8}


def pick_name(r, options, target_id, need=None):
    alone = [o for o in options if o[2] == [target_id]]
    if need:
        alone = [o for o in alone if o[0] in need]
    if not alone:
        return None
    modes = sorted({o[0] for o in alone}, key=lambda m: list(MODE_WEIGHTS).index(m))
    weights = [MODE_WEIGHTS[m] for m in modes]
    mode = r.choices(modes, weights=weights)[0]
    cands = [o for o in alone if o[0] == mode]
    return r.choice(cands)


# ----------------------------------------------------------------------------- photo recipe

def shopper_photo(src_id, purpose):
    """A mild shopper photo from the catalog photo: crop/zoom, small tilt, flip, colour and
    exposure jitter, a faint background wash, mild blur or noise, JPEG recompression."""
    g = nprng('photo', purpose)
    im = Image.open(os.path.join(CAT_IMG, src_id + '.jpg')).convert('RGB')
    big = im.resize((240, 320), Image.BICUBIC)
    arr = np.asarray(big, dtype=np.float32)
    border = np.concatenate([arr[0], arr[-1], arr[:, 0], arr[:, -1]])
    bg = tuple(int(v) for v in np.median(border, axis=0))
    # zoom / crop: the product stays centred enough to fill most of the frame
    zoom = float(g.uniform(1.0, 1.3))
    aspect = float(g.uniform(0.96, 1.04))
    cw, ch = 240.0 / zoom * aspect, 320.0 / zoom
    cw = min(cw, 240.0)
    sx, sy = (240.0 - cw) / 2.0, (320.0 - ch) / 2.0
    cx = 120.0 + float(g.uniform(-0.6, 0.6)) * sx
    cy = 160.0 + float(g.uniform(-0.6, 0.6)) * sy
    box = (cx - cw / 2, cy - ch / 2, cx + cw / 2, cy + ch / 2)
    big = big.transform((240, 320), Image.EXTENT, box, resample=Image.BICUBIC, fillcolor=bg)
    # small rotation
    if g.random() < 0.75:
        ang = float(g.uniform(-7.0, 7.0))
        big = big.rotate(ang, resample=Image.BICUBIC, fillcolor=bg)
    # mirror
    if g.random() < 0.4:
        big = big.transpose(Image.FLIP_LEFT_RIGHT)
    # colour / exposure jitter
    big = ImageEnhance.Brightness(big).enhance(float(g.uniform(0.86, 1.12)))
    big = ImageEnhance.Contrast(big).enhance(float(g.uniform(0.82, 1.1)))
    big = ImageEnhance.Color(big).enhance(float(g.uniform(0.82, 1.2)))
    a = np.asarray(big, dtype=np.float32) / 255.0
    gains = g.uniform(0.95, 1.05, size=3).astype(np.float32)
    gamma = float(g.uniform(0.9, 1.12))
    a = np.clip(a * gains, 0, 1) ** gamma
    # a faint flat wash (grey, warm or cool), like a greyish backdrop or room light
    if g.random() < 0.55:
        tints = [(0.78, 0.78, 0.78), (0.85, 0.8, 0.72), (0.74, 0.78, 0.85), (0.7, 0.7, 0.7)]
        tint = np.array(tints[int(g.integers(0, len(tints)))], dtype=np.float32)
        k = float(g.uniform(0.04, 0.14))
        lum = a.mean(axis=2, keepdims=True)
        w = k * np.clip((lum - 0.55) / 0.45, 0, 1)  # mostly on the bright backdrop
        a = a * (1 - w) + tint * w
    big = Image.fromarray((np.clip(a, 0, 1) * 255.0 + 0.5).astype(np.uint8))
    small = big.resize((60, 80), Image.LANCZOS)
    if g.random() < 0.6:
        small = small.filter(ImageFilter.GaussianBlur(float(g.uniform(0.25, 0.6))))
    s = np.asarray(small, dtype=np.float32)
    sigma = float(g.uniform(0.0, 3.2))
    if sigma > 0.4:
        s = s + g.normal(0.0, sigma, size=s.shape).astype(np.float32)
    small = Image.fromarray(np.clip(s + 0.5, 0, 255).astype(np.uint8))
    q1 = int(g.integers(62, 91))
    buf = io.BytesIO()
    small.save(buf, format='JPEG', quality=q1)
    if g.random() < 0.35:
        again = Image.open(io.BytesIO(buf.getvalue())).convert('RGB')
        buf = io.BytesIO()
        q1 = int(g.integers(58, 86))
        again.save(buf, format='JPEG', quality=q1)
    return buf.getvalue(), {'zoom': round(zoom, 3), 'quality': q1}


# ----------------------------------------------------------------------------- target selection

def model_key(r):
    return ' '.join(w for w in r['tt'] if w not in COLOUR_TOKENS)


def build_slots():
    r = rng('slots')
    kinds = []
    for k, n in N_KIND.items():
        kinds += [k] * n
    r.shuffle(kinds)
    slots = []
    prog_struct = ['p2a'] * 6 + ['p2b'] * 6 + ['p3'] * 30 + ['p4bw'] * 7 + ['p4ip'] * 6
    corr_struct = ['c3'] * 20 + ['c4'] * 6 + ['cp'] * 9
    comp_struct = ['m2'] * 23 + ['m1'] * 12
    rs = rng('structs')
    rs.shuffle(prog_struct)
    rs.shuffle(corr_struct)
    rs.shuffle(comp_struct)
    it = {'progressive': iter(prog_struct), 'correction': iter(corr_struct), 'composed': iter(comp_struct)}
    for i, k in enumerate(kinds):
        slots.append({'idx': i, 'kind': k, 'struct': next(it[k]) if k in it else 'img'})
    # children's rows: a few progressive, colour-correction and composed slots
    kid = []
    for want, genders in (('p3', ('Girls', 'Boys')), ('c3', ('Girls',)), ('m2', ('Boys', 'Girls'))):
        cand = [s for s in slots if s['struct'] == want and not s.get('kid')]
        cand.sort(key=lambda s: hkey('kid', s['idx']))
        for s, g in zip(cand, genders):
            s['kid'] = g
            kid.append(s)
    return slots


def choose_targets(cat, slots):
    usable = [r for r in cat.rows if usable_target(cat, r)]
    by_type = defaultdict(list)
    for r in usable:
        by_type[r['articleType']].append(r)
    n_type = {t: len(v) for t, v in by_type.items()}
    count = Counter()
    used = set()
    refs_used = set()
    exhausted = defaultdict(set)  # (kind-ish key) -> types
    # slots in a fixed order: the constrained ones first
    order = sorted(slots, key=lambda s: (0 if s.get('kid') else 1 if s['struct'] == 'cp' else
                                         2 if s['kind'] == 'composed' else 3 if s['kind'] == 'image' else 4,
                                         s['idx']))
    types_with_mw = {t for t in by_type if {'Men', 'Women'} <= {r['gender'] for r in cat.rows if r['articleType'] == t}}
    for s in order:
        r = rng('target', s['idx'])
        key = (s['kind'], s['struct'], s.get('kid'))
        while True:
            cands_t = [t for t in by_type if t not in exhausted[key]]
            if s['struct'] == 'cp':
                cands_t = [t for t in cands_t if t in types_with_mw]
            if s.get('kid'):
                cands_t = [t for t in cands_t if any(x['gender'] == s['kid'] for x in by_type[t])]
            if not cands_t:
                raise SystemExit('no type left for slot %r' % s)
            cands_t.sort(key=lambda t: ((count[t] + 1) / math.log(2.5 + n_type[t]) ** 1.3, hkey('tie', s['idx'], t)))
            t = cands_t[0]
            pool = [x for x in by_type[t] if x['id'] not in used and x['id'] not in refs_used]
            if s.get('kid'):
                pool = [x for x in pool if x['gender'] == s['kid']]
            elif s['struct'] == 'cp':
                pool = [x for x in pool if x['gender'] in ('Men', 'Women')]
            else:
                pool = [x for x in pool if x['gender'] not in ('Boys', 'Girls')]
            pool.sort(key=lambda x: hkey('pool', s['idx'], x['id']))
            found = None
            for x in pool[:60]:
                plan = plan_slot(cat, s, x, used, refs_used, r)
                if plan:
                    found = plan
                    break
            if found:
                s.update(found)
                used.add(found['target'])
                if found.get('ref'):
                    refs_used.add(found['ref'])
                count[t] += 1
                break
            exhausted[key].add(t)
    return slots


def image_relevant(cat, t):
    rel = {t['id']}
    for x in cat.rows:
        if (x['productDisplayName'] == t['productDisplayName'] and x['gender'] == t['gender']
                and x['baseColour'] == t['baseColour'] and x['articleType'] == t['articleType']):
            rel.add(x['id'])
    for x in cat.same_photo.get(cat.md5.get(t['id']), []):
        rel.add(x)
    return sorted(rel, key=int)


def plan_slot(cat, s, t, used, refs_used, r):
    kind = s['kind']
    if kind == 'image':
        rel = image_relevant(cat, t)
        if rel != [t['id']]:
            return None
        th = cat.thumb[t['id']]
        for x in cat.rows:
            if x['id'] == t['id'] or x['articleType'] != t['articleType'] or x['id'] not in cat.thumb:
                continue
            if float(np.abs(cat.thumb[x['id']] - th).mean()) < 6.0:
                return None
        return {'target': t['id'], 'relevant': rel}
    gender = t['gender']
    opts = name_options(cat, t, gender)
    need = None
    if s['struct'] == 'p4bw':
        need = {'both'}
    choice = pick_name(r, opts, t['id'], need)
    if not choice:
        return None
    plan = {'target': t['id'], 'relevant': choice[2], 'name_mode': choice[0], 'quotes': choice[1]}
    if kind == 'composed':
        same_type = [x for x in cat.rows if x['articleType'] == t['articleType'] and x['gender'] == gender
                     and x['baseColour'] not in (t['baseColour'], '', 'NA') and x['id'] in cat.ok_photo
                     and x['id'] not in used and x['id'] not in refs_used
                     and len(cat.same_photo[cat.md5[x['id']]]) == 1]
        if not same_type:
            return None
        mk = model_key(t)
        same_model = [x for x in same_type if model_key(x) == mk]
        same_model.sort(key=lambda x: hkey('ref', s['idx'], x['id']))
        same_type.sort(key=lambda x: hkey('ref', s['idx'], x['id']))
        if same_model:
            plan['ref'] = same_model[0]['id']
            plan['same_model'] = True
        else:
            plan['ref'] = same_type[0]['id']
            plan['same_model'] = model_key(same_type[0]) == mk
    if s['struct'] == 'cp':
        other = 'Women' if gender == 'Men' else 'Men'
        plan['wrong_gender'] = other
    return plan


# ----------------------------------------------------------------------------- text

def colour_word(r, colour, avoid=()):
    opts = [c for c in COLOURS[colour] if c not in avoid]
    if r.random() < 0.35 and COLOURS[colour][0] not in avoid:
        return COLOURS[colour][0]
    return r.choice(opts)


def wrong_colour(cat, r, t):
    have = Counter(x['baseColour'] for x in cat.rows
                   if x['articleType'] == t['articleType'] and x['baseColour'] not in ('', 'NA', t['baseColour']))
    cols = sorted(have, key=lambda c: (-have[c], c))
    if not cols:
        cols = [c for c in COLOURS if c != t['baseColour']]
    return r.choice(cols[:6])


class Writer:
    def __init__(self, cat):
        self.cat = cat
        self.used_image_lines = []
        self.counts = Counter()

    def person_for(self, r, gender):
        return r.choice(PEOPLE[gender])

    def item(self, r, atype, gender=None):
        if gender in ('Boys', 'Girls'):
            return ITEMS[atype][-1]
        return r.choice(ITEMS[atype])

    def first_turn(self, r, atype, person, colour_text=None, item_only=False):
        pname, pron, poss = person
        a, p = self.item(r, atype, person_gender(person))
        if colour_text:
            det, head = split_det(a)
            if det in ('a', 'an'):
                det = 'an' if colour_text[0].lower() in 'aeiou' else 'a'
            a = det + ' ' + colour_text + ' ' + head
            p = colour_text + ' ' + p
        op = r.choice(OPENERS)
        end = r.choice(ENDINGS)
        if item_only:
            verb = r.choice(VERBS)
            text = op + verb.format(a=a, p=p) + ('?' if verb.startswith('do you') else end)
            return text
        shapes, weights = ['plain', 'question', 'story', 'terse'], [50, 18, 20, 12]
        if pname.startswith('myself'):
            shapes, weights = ['plain', 'terse'], [80, 20]
        elif pron in ('we', 'they'):
            shapes, weights = ['plain', 'question', 'terse'], [60, 25, 15]
        shape = r.choices(shapes, weights=weights)[0]
        self.counts['shape_' + shape] += 1
        if shape == 'plain':
            verb = r.choice([v for v in VERBS if '{a}' in v])
            tpl = r.choice(FIRST_PLAIN)
            if pname.startswith('myself'):
                tpl = '{open}{verb} for {person}{end}'
            elif pron in ('we', 'they') and '{subj}' in tpl:
                tpl = '{open}{verb}, it is for {person}{end}'
            text = tpl.format(open=op, verb=verb.format(a=a), person=pname, end=end, subj=person_short(pname))
        elif shape == 'question':
            tpl = r.choice(FIRST_QUESTION)
            if pron in ('we', 'they'):
                tpl = tpl.replace('that {subj} would like', 'for {person}')
            text = tpl.format(open=op, p=p, person=pname, subj=person_short(pname))
        elif shape == 'story':
            tpl = r.choice(FIRST_STORY)
            subj = person_short(pname)
            text = tpl.format(open=op, a=a, person=pname, Subj=subj if op else cap_first(subj), subj=subj,
                              poss=poss, poss_person=possessive(pname), end=end,
                              obj='him' if pron == 'he' else 'her')
        else:
            tpl = r.choice(FIRST_TERSE)
            item_bare = split_det(a)[1]
            text = tpl.format(item=item_bare, Item=cap_first(item_bare), person=pname)
        return text

    def colour_turn(self, r, ctext, person):
        pname, pron, poss = person
        if pname.startswith('myself'):
            if r.random() < 0.3:
                return r.choice(COLOUR_TURN_SELF).format(c=ctext)
            return r.choice(COLOUR_TURN).format(c=ctext)
        if pron in ('he', 'she') and r.random() < 0.25:
            tpl = r.choice(COLOUR_TURN_PERSON)
            return tpl.format(c=ctext, Pron=cap_first(pron), pron=pron, poss=poss, Poss=cap_first(poss))
        return r.choice(COLOUR_TURN).format(c=ctext)

    def name_turn(self, r, mode, quotes, person, split=None):
        """Returns (text, spoken quotes, misspelt?) for the name words."""
        pname, pron, poss = person
        spoken = []
        miss = None
        if mode in ('brand', 'both'):
            b = spoken_brand(r, quotes[0])
            spoken.append(b)
        if mode in ('begin', 'begin_word'):
            spoken.append(quotes[0])
        if mode in ('word', 'two'):
            spoken.append(quotes[0] if r.random() < 0.6 else quotes[0].lower())
        if mode in ('both', 'begin_word'):
            w = quotes[1]
            spoken.append(w if r.random() < 0.6 else w.lower())
        # sometimes one quoted word misspelt by a letter
        if r.random() < 0.14 and mode != 'begin':
            j = len(spoken) - 1
            target_word = spoken[j]
            parts = target_word.split(' ')
            k = max(range(len(parts)), key=lambda i: len(parts[i]))
            m = misspell_name(r, parts[k]) if len(parts[k]) >= 5 else None
            if m:
                parts[k] = m
                miss = (target_word, ' '.join(parts))
                spoken[j] = ' '.join(parts)
        if mode == 'brand':
            tpl = r.choice(NAME_BRAND)
            text = tpl.format(b=spoken[0], Poss=cap_first(poss) if pron != 'I' else 'My')
        elif mode in ('word', 'two'):
            text = r.choice(NAME_WORD).format(w=spoken[0])
        elif mode == 'both':
            text = r.choice(NAME_BOTH).format(b=spoken[0], w=spoken[1])
        elif mode == 'begin':
            text = r.choice(NAME_BEGIN).format(bb=spoken[0]).strip()
        else:
            text = r.choice(NAME_BEGIN_WORD).format(bb=spoken[0], w=spoken[1])
        return text, spoken, miss

    def split_name_turns(self, r, quotes, person):
        pname, pron, poss = person
        b = spoken_brand(r, quotes[0])
        w = quotes[1] if r.random() < 0.6 else quotes[1].lower()
        t1 = r.choice(NAME_BRAND).format(b=b, Poss=cap_first(poss) if pron != 'I' else 'My')
        t2 = r.choice(NAME_WORD).format(w=w)
        return t1, t2, [b, w]


def fix_grammar(text):
    text = re.sub(r"\b([Aa]) ([aeioAEIO])", lambda m: m.group(1) + 'n ' + m.group(2), text)
    text = text.replace("'s's", "'s").replace("s's ", "s' ")
    return text


def finalize_text(r, text, texting, slips, protect, allow_slip):
    text = fix_grammar(text)
    if texting:
        words = text.split(' ')
        out = []
        for w in words:
            core = re.sub(r'[^A-Za-z]', '', w).lower()
            if core in TEXTING and r.random() < 0.6 and not any(core in p.lower() for p in protect):
                w = w.lower().replace(core, TEXTING[core])
            out.append(w)
        text = ' '.join(out)
        # lower case everything except the quoted names; drop apostrophes
        low = text
        pieces = []
        last = 0
        spans = sorted((m.start(), m.end()) for q in protect for m in re.finditer(re.escape(q), text))
        for a, b in spans:
            if a < last:
                continue
            pieces.append(low[last:a].lower())
            pieces.append(text[a:b])
            last = b
        pieces.append(low[last:].lower())
        text = ''.join(pieces)
    if allow_slip:
        text = slips.apply(text, protect)
    if not texting:
        if r.random() < 0.55:
            text = cap_first(text)
    return text


def write_dialogues(cat, slots):
    W = Writer(cat)
    dialogues = []
    meta = []
    img_lines = list(IMAGE_LINES)
    rng('imglines').shuffle(img_lines)
    img_i = 0
    for s in sorted(slots, key=lambda s: s['idx']):
        did = 'P6-%03d' % s['idx']
        r = rng('text', s['idx'])
        t = cat.by_id[s['target']]
        gender = t['gender']
        texting = r.random() < 0.16
        slips = Slips(rng('slips', s['idx']))
        slip_this = r.random() < 0.24
        person = W.person_for(r, gender)
        turns = []  # list of (text, image, protect)
        img = OUT_IMG_REL + '/' + did + '.jpg'
        tcol = t['baseColour']
        info = {'id': did, 'kind': s['kind'], 'struct': s['struct'], 'target': t['id'],
                'title': t['productDisplayName']}
        miss = None
        if s['kind'] == 'image':
            line = img_lines[img_i]
            img_i += 1
            turns.append([line, img, []])
            info['photo_of'] = t['id']
        elif s['kind'] == 'progressive':
            ctext = colour_word(r, tcol)
            st = s['struct']
            if st == 'p4bw':
                t0 = W.first_turn(r, t['articleType'], person)
                c1 = W.colour_turn(r, ctext, person)
                n1, n2, spoken = W.split_name_turns(r, s['quotes'], person)
                turns += [[t0, None, []], [c1, None, []], [n1, None, [spoken[0]]], [n2, None, [spoken[1]]]]
            else:
                ntext, spoken, miss = W.name_turn(r, s['name_mode'], s['quotes'], person)
                if st == 'p2a':
                    t0 = W.first_turn(r, t['articleType'], person, colour_text=ctext)
                    turns += [[t0, None, []], [ntext, None, spoken]]
                elif st == 'p2b':
                    t0 = W.first_turn(r, t['articleType'], person)
                    c1 = W.colour_turn(r, ctext, person)
                    joiner = ' ' if c1.endswith('?') else r.choice(['. ', ' - ', ', and ', '; '])
                    turns += [[t0, None, []], [c1 + joiner + ntext, None, spoken]]
                elif st == 'p3':
                    t0 = W.first_turn(r, t['articleType'], person)
                    c1 = W.colour_turn(r, ctext, person)
                    turns += [[t0, None, []], [c1, None, []], [ntext, None, spoken]]
                else:  # p4ip: item / person / colour / name
                    t0 = W.first_turn(r, t['articleType'], person, item_only=True)
                    pl = r.choice(['it is for {p}', 'for {p}, by the way', 'oh, it is a present for {p}',
                                   'recipient: {p}', 'btw the person is {p}', 'this is for {p}'])
                    turns += [[t0, None, []], [pl.format(p=person[0]), None, []],
                              [W.colour_turn(r, ctext, person), None, []], [ntext, None, spoken]]
        elif s['kind'] == 'correction':
            ntext, spoken, miss = W.name_turn(r, s['name_mode'], s['quotes'], person)
            st = s['struct']
            if st in ('c3', 'c4'):
                wc = wrong_colour(cat, r, t)
                c1 = colour_word(r, wc)
                c2 = colour_word(r, tcol, avoid=(c1,))
                info['wrong_colour'] = wc
                pname, pron, poss = person
                if pron in ('he', 'she') and r.random() < 0.25:
                    ch = r.choice(CORR_COLOUR_PERSON).format(c1=c1, c2=c2, Pron=cap_first(pron),
                                                             obj='him' if pron == 'he' else 'her')
                else:
                    ch = r.choice(CORR_COLOUR).format(c1=c1, c2=c2)
                if st == 'c3':
                    t0 = W.first_turn(r, t['articleType'], person, colour_text=c1)
                    turns += [[t0, None, []], [ch, None, []], [ntext, None, spoken]]
                else:
                    t0 = W.first_turn(r, t['articleType'], person)
                    turns += [[t0, None, []], [W.colour_turn(r, c1, person), None, []], [ch, None, []],
                              [ntext, None, spoken]]
            else:  # person change
                wp = r.choice([x for x in PEOPLE[s['wrong_gender']] if not x[0].startswith('myself')])
                if person[0].startswith('myself'):
                    person = r.choice([x for x in PEOPLE[gender] if not x[0].startswith('myself')])
                ctext = colour_word(r, tcol)
                info['wrong_person'] = wp[0]
                t0 = W.first_turn(r, t['articleType'], wp, colour_text=ctext)
                ch = r.choice(CORR_PERSON).format(p1=person_short(wp[0]), p2=person[0])
                turns += [[t0, None, []], [ch, None, []], [ntext, None, spoken]]
        else:  # composed
            ctext = colour_word(r, tcol)
            line = r.choice(COMPOSED_LINE).format(c=ctext)
            if r.random() < 0.3 and not person[0].startswith('myself'):
                line += r.choice([' - for {p}', ', buying for {p}', ', it is a gift for {p}']).format(p=person[0])
            ntext, spoken, miss = W.name_turn(r, s['name_mode'], s['quotes'], person)
            if s['struct'] == 'm1':
                joiner = ' ' if line.endswith('?') else r.choice(['. ', ' - ', '; ', ', '])
                turns.append([line + joiner + ntext, img, spoken])
            else:
                turns += [[line, img, []], [ntext, None, spoken]]
            info['photo_of'] = s['ref']
            info['same_model'] = s.get('same_model')
        # finalize: texting, slips
        out_turns = []
        slip_turn = None
        if slip_this and s['kind'] != 'image':
            slip_turn = r.randrange(len(turns))
        info['spoken'] = [q for _, _, pr in turns for q in pr]
        for i, (text, image, protect) in enumerate(turns):
            text = finalize_text(r, text, texting, slips, protect, allow_slip=(i == slip_turn))
            out_turns.append({'text': text, 'image': image})
        info['slips'] = slips.log
        info['misspelt_name'] = miss
        info['texting'] = texting
        info['quotes'] = s.get('quotes')
        info['name_mode'] = s.get('name_mode')
        d = {'id': did, 'kind': s['kind'], 'turns': out_turns, 'target': t['id'], 'relevant': s['relevant'],
             'constraints': {'articleType': t['articleType'], 'baseColour': t['baseColour'], 'gender': t['gender']}}
        dialogues.append(d)
        meta.append(info)
    return dialogues, meta


# ----------------------------------------------------------------------------- checks

def check(cat, dialogues, meta):
    assert len(dialogues) == 150
    ids = [d['id'] for d in dialogues]
    assert len(set(ids)) == 150 and ids == ['P6-%03d' % i for i in range(150)]
    kc = Counter(d['kind'] for d in dialogues)
    assert dict(kc) == N_KIND, kc
    targets = [d['target'] for d in dialogues]
    assert len(set(targets)) == 150
    refs = [m['photo_of'] for m in meta if m['kind'] == 'composed']
    assert not set(refs) & set(targets)
    assert len(set(refs)) == len(refs)
    for d, m in zip(dialogues, meta):
        t = cat.by_id[d['target']]
        assert d['constraints'] == {'articleType': t['articleType'], 'baseColour': t['baseColour'], 'gender': t['gender']}
        assert d['target'] in d['relevant']
        n = len(d['turns'])
        if d['kind'] == 'image':
            assert n == 1 and d['turns'][0]['image']
            assert d['relevant'] == image_relevant(cat, t)
        else:
            assert 1 <= n <= 4
            rel = cat.relevant(t['articleType'], t['baseColour'], t['gender'], m['quotes'])
            assert rel == d['relevant'], (d['id'], rel, d['relevant'])
        if d['kind'] == 'composed':
            ref = cat.by_id[m['photo_of']]
            assert ref['id'] != t['id'] and ref['articleType'] == t['articleType'] and ref['gender'] == t['gender']
            assert ref['baseColour'] != t['baseColour']
            assert d['turns'][0]['image'] and all(x['image'] is None for x in d['turns'][1:])
        if d['kind'] in ('progressive', 'correction'):
            assert all(x['image'] is None for x in d['turns'])
        for x in d['turns']:
            if x['image']:
                p = os.path.join(HERE, x['image'])
                im = Image.open(p)
                assert im.size == (60, 80) and im.format == 'JPEG', p


def main():
    cat = Catalog()
    LEXICON.update(cat.df)
    for v in list(ITEMS.values()) + list(COLOURS.values()):
        for x in v:
            LEXICON.update(norm_tokens(x if isinstance(x, str) else ' '.join(x)))
    for lst in (VERBS, COLOUR_TURN, CORR_COLOUR, NAME_BRAND, NAME_WORD, NAME_BOTH, COMPOSED_LINE, IMAGE_LINES,
                FIRST_PLAIN, FIRST_QUESTION, FIRST_STORY):
        for x in lst:
            LEXICON.update(norm_tokens(re.sub(r'\{[^}]*\}', ' ', x)))
    slots = build_slots()
    choose_targets(cat, slots)
    dialogues, meta = write_dialogues(cat, slots)
    os.makedirs(OUT_IMG, exist_ok=True)
    keep = {os.path.basename(d['turns'][0]['image']) for d in dialogues if d['turns'][0]['image']}
    for fn in sorted(os.listdir(OUT_IMG)):
        if re.fullmatch(r'P6-\d{3}\.jpg', fn) and fn not in keep:
            os.remove(os.path.join(OUT_IMG, fn))
    photo_info = {}
    for d, m in zip(dialogues, meta):
        if d['kind'] in ('image', 'composed'):
            data, info = shopper_photo(m['photo_of'], d['id'])
            with open(os.path.join(HERE, d['turns'][0]['image']), 'wb') as f:
                f.write(data)
            photo_info[d['id']] = info
    with open(OUT_JSONL, 'w', encoding='utf-8', newline='\n') as f:
        for d in dialogues:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
    check(cat, dialogues, meta)
    # summary
    h = hashlib.md5()
    h.update(open(OUT_JSONL, 'rb').read())
    for d in dialogues:
        for x in d['turns']:
            if x['image']:
                h.update(open(os.path.join(HERE, x['image']), 'rb').read())
    turns = Counter(len(d['turns']) for d in dialogues)
    print('dialogues', len(dialogues), dict(Counter(d['kind'] for d in dialogues)))
    print('turns', sum(turns.values()) and sum(k * v for k, v in turns.items()), dict(sorted(turns.items())))
    print('structures', dict(Counter(m['struct'] for m in meta)))
    print('article types', len({d['constraints']['articleType'] for d in dialogues}))
    print('genders', dict(Counter(d['constraints']['gender'] for d in dialogues)))
    print('colours', len({d['constraints']['baseColour'] for d in dialogues}))
    print('relevant sizes', dict(Counter(len(d['relevant']) for d in dialogues)))
    print('name modes', dict(Counter(m['name_mode'] for m in meta if m['name_mode'])))
    print('composed same model', sum(1 for m in meta if m.get('same_model')))
    print('texting', sum(1 for m in meta if m['texting']), 'with slips', sum(1 for m in meta if m['slips']),
          'misspelt names', sum(1 for m in meta if m['misspelt_name']))
    print('slips', [s for m in meta for s in m['slips']])
    print('misspelt', [m['misspelt_name'] for m in meta if m['misspelt_name']])
    print('photos', len(photo_info), 'quality', min(v['quality'] for v in photo_info.values()),
          max(v['quality'] for v in photo_info.values()))
    print('md5 (jsonl + photos)', h.hexdigest())
    print('md5 jsonl', hashlib.md5(open(OUT_JSONL, 'rb').read()).hexdigest())
    if '--meta' in sys.argv:
        with open(sys.argv[sys.argv.index('--meta') + 1], 'w') as f:
            json.dump(meta, f, indent=1, ensure_ascii=False)


if __name__ == '__main__':
    main()
