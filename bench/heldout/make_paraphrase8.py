#!/usr/bin/env python3
"""Write bench/heldout/paraphrase8.jsonl and images/paraphrase8/ (150 generated dialogues).

usage: python bench/heldout/make_paraphrase8.py
Fixed seed; every random draw comes from hashlib (sha256), so two runs write byte-identical files.
Needs Pillow and numpy. Reads only data/fashion-small/catalog.csv and its photos.
"""
import csv, hashlib, io, json, os, re, math
import numpy as np
from PIL import Image, ImageFilter, ImageEnhance, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CAT = os.path.join(ROOT, 'data', 'fashion-small')
OUT_JSONL = os.path.join(HERE, 'paraphrase8.jsonl')
IMG_DIR = os.path.join(HERE, 'images', 'paraphrase8')
SEED = 'paraphrase8-v1'


# ---------------------------------------------------------------- hashed randomness
def hx(*parts):
    return hashlib.sha256(('|'.join([SEED] + [str(p) for p in parts])).encode()).digest()


def u(*parts):
    return int.from_bytes(hx(*parts)[:8], 'big') / 2.0 ** 64


def pick(seq, *parts):
    return seq[int(u(*parts) * len(seq))]


def between(a, b, *parts):
    return a + (b - a) * u(*parts)


def horder(seq, *parts):
    return sorted(seq, key=lambda x: hx(*(parts + (x,))))


# ---------------------------------------------------------------- vocabulary
ITEMS = {  # articleType -> casual item phrases (singular)
    'Tshirts': ['crew-neck tee', 'everyday tee', 'cotton tee'], 'Shirts': ['button-up shirt', 'collared shirt', 'office-ready shirt'],
    'Casual Shoes': ['weekend sneakers', 'everyday lace-ups', 'canvas sneakers'], 'Tops': ['dressy top', 'summery top', 'flowy top'],
    'Kurtas': ['cotton kurta', 'festive kurta'], 'Sports Shoes': ['gym sneakers', 'treadmill shoes', 'running sneaks'],
    'Watches': ['wrist timekeeper', 'analog watch'], 'Handbags': ['carryall purse', 'everyday purse', 'shoulder carryall'],
    'Heels': ['high heels', 'dressy heels'], 'Sunglasses': ['UV eyewear', 'sun-blocking eyewear'],
    'Sweaters': ['woolly knit top', 'warm knitwear piece'], 'Sandals': ['open-toe sandals', 'summer sandals'],
    'Wallets': ['pocket wallet', 'bifold'], 'Flip Flops': ['beach slippers', 'rubber slippers'],
    'Sweatshirts': ['crewneck sweat', 'fleece sweatshirt', 'cosy sweatshirt'], 'Belts': ['waist belt', 'jeans belt'],
    'Trousers': ['work pants', 'smart work pants'], 'Formal Shoes': ['polished lace-ups', 'boardroom shoes'],
    'Jeans': ['blue-jean pants', 'denim pants'], 'Socks': ['ankle socks', 'pack of socks'],
    'Jackets': ['zip-up jacket', 'outer jacket'], 'Flats': ['flat pumps', 'flat shoes'],
    'Backpacks': ['college backpack', 'shoulder-strap pack'], 'Briefs': ['under-briefs', 'cotton under-briefs'],
    'Shorts': ['summer shorts', 'knee-length shorts'], 'Innerwear Vests': ['cotton singlet', 'under-vest'],
    'Caps': ['ball cap', 'peaked cap'], 'Track Pants': ['gym bottoms', 'training bottoms'],
    'Ties': ['silk necktie', 'neck tie for work'], 'Kurtis': ['short kurti', 'kurti top'],
    'Clutches': ['evening purse', 'little clutch'], 'Dresses': ['one-piece dress', 'day dress'],
    'Mufflers': ['neck muffler', 'woolly muffler'], 'Skirts': ['flowy skirt', 'knee skirt'],
    'Scarves': ['neck scarf', 'light scarf'], 'Perfume and Body Mist': ['body mist spray', 'eau de something'],
    'Laptop Bag': ['laptop satchel', 'notebook carrier'], 'Capris': ['three-quarter pants', 'calf-length pants'],
    'Tunics': ['tunic top', 'long tunic'], 'Leggings': ['leggies', 'stretch leggings'],
    'Duffel Bag': ['gym holdall', 'weekender bag'], 'Deodorant': ['deo can', 'underarm spray'],
    'Mobile Pouch': ['phone case pouch', 'mobile cover pouch'], 'Cufflinks': ['pair of cufflinks', 'shirt cufflinks'],
}
ITEMS_KID = {  # plain words for children
    'Tshirts': ['t-shirt'], 'Shirts': ['shirt'], 'Casual Shoes': ['shoes'], 'Tops': ['top'],
    'Sports Shoes': ['sports shoes'], 'Watches': ['watch'], 'Sandals': ['sandals'], 'Shorts': ['shorts'],
    'Dresses': ['dress'], 'Skirts': ['skirt'], 'Flip Flops': ['flip flops'], 'Backpacks': ['school bag'],
    'Caps': ['cap'], 'Jeans': ['jeans'], 'Track Pants': ['track pants'], 'Sweatshirts': ['sweatshirt'],
    'Jackets': ['jacket'], 'Kurtas': ['kurta'], 'Flats': ['flat shoes'], 'Socks': ['socks'],
    'Capris': ['capris'], 'Leggings': ['leggings'], 'Trousers': ['trousers'], 'Sweaters': ['sweater'],
}
PLURAL = ('sneakers', 'lace-ups', 'heels', 'pumps', 'specs', 'glasses', 'sandals', 'thongs', 'slippers',
          'slides', 'slacks', 'chinos', 'pants', 'shoes', 'oxfords', 'denims', 'socks', 'flats', 'undies',
          'underpants', 'trackies', 'sweatpants', 'leggies', 'leggings', 'cufflinks', 'shorts', 'jeans',
          'trousers', 'capris', 'sneaks', 'bottoms')
WRONG_ITEM = {  # target type -> (wrong type shown first)
    'Tshirts': 'Shirts', 'Shirts': 'Tshirts', 'Casual Shoes': 'Sports Shoes', 'Sports Shoes': 'Casual Shoes',
    'Tops': 'Tshirts', 'Kurtis': 'Kurtas', 'Kurtas': 'Kurtis', 'Handbags': 'Clutches', 'Clutches': 'Handbags',
    'Trousers': 'Jeans', 'Jeans': 'Trousers', 'Heels': 'Flats', 'Flats': 'Heels', 'Sandals': 'Flip Flops',
    'Flip Flops': 'Sandals', 'Sweaters': 'Sweatshirts', 'Sweatshirts': 'Sweaters', 'Track Pants': 'Trousers',
    'Backpacks': 'Laptop Bag', 'Formal Shoes': 'Casual Shoes',
}

PEOPLE = {  # (phrase, subject, object, possessive)
    'Men': [('my stepfather Vikram', 'he', 'him', 'his'), ('my brother-in-law Kabir', 'he', 'him', 'his'),
            ('Uncle Joginder', 'he', 'him', 'his'), ('my flatmate Arvind', 'he', 'him', 'his'),
            ('my boyfriend Dev', 'he', 'him', 'his'), ('my old college pal Imran', 'he', 'him', 'his'),
            ('my sixty-year-old dad', 'he', 'him', 'his'), ('my nephew Aditya, a college fresher', 'he', 'him', 'his'),
            ('my cricket captain Rohan', 'he', 'him', 'his'), ('our neighbour Mr Kohli', 'he', 'him', 'his'),
            ('my twin brother', 'he', 'him', 'his'), ('the groom, my mate Farhan', 'he', 'him', 'his')],
    'Women': [('my aunt Leela', 'she', 'her', 'her'), ('my sister Meher', 'she', 'her', 'her'),
              ('my girlfriend Zoya', 'she', 'her', 'her'), ('my mum-in-law', 'she', 'her', 'her'),
              ('my boss Ms Fernandes', 'she', 'her', 'her'), ('my flatmate Ishita', 'she', 'her', 'her'),
              ('my niece Tanvi, a college fresher', 'she', 'her', 'her'), ('my bestie Rhea', 'she', 'her', 'her'),
              ('my stepmother Geeta', 'she', 'her', 'her'), ('my yoga buddy Anjali', 'she', 'her', 'her'),
              ('my elder cousin Shalini', 'she', 'her', 'her'), ('my wifey', 'she', 'her', 'her')],
    'Boys': [('my godson Vihaan, he is nine', 'he', 'him', 'his'), ('a lad of eleven', 'he', 'him', 'his'),
             ('my kid brother (12)', 'he', 'him', 'his'), ('our little fella Kian', 'he', 'him', 'his')],
    'Girls': [('my stepdaughter Kiara, age seven', 'she', 'her', 'her'), ('a young lass of ten', 'she', 'her', 'her'),
              ('my kid sister (11)', 'she', 'her', 'her'), ('our little missy Aarna', 'she', 'her', 'her')],
    'Unisex': [('whichever of us grabs it first', 'we', 'us', 'our'), ('the household, guys and gals alike', 'we', 'us', 'our'),
               ('my partner and me to swap', 'we', 'us', 'our'), ('the office crew, mixed lot', 'they', 'them', 'their')],
}

COLOURS = {
    'Black': ['coal black', 'black-black', 'raven-wing black'], 'Blue': ['denim blue', 'bluey'],
    'White': ['bright white', 'chalk-ish white'], 'Grey': ['slate-ish grey', 'gravel grey'],
    'Brown': ['chocolate brown', 'brownish', 'coffee-bean brown'], 'Red': ['reddish', 'tomato red'],
    'Green': ['leaf-ish green', 'emerald-ish'], 'Navy Blue': ['dark navy', 'ink navy'],
    'Purple': ['violet-ish', 'jam purple'], 'Pink': ['rosy pink', 'pinkish'],
    'Beige': ['sand beige', 'latte beige'], 'Maroon': ['wine maroon', 'deep maroon'],
    'Yellow': ['lemon yellow', 'yellowish'], 'Olive': ['khaki olive', 'olive-ish'],
    'Silver': ['shiny silver', 'silver-toned'], 'Steel': ['steel-grey metal', 'steel-toned'],
    'Orange': ['tangerine', 'carrot orange'], 'Cream': ['ivory-ish', 'cream-coloured'], 'Gold': ['goldish', 'gold-toned'],
    'Tan': ['tannish', 'toffee tan'], 'Charcoal': ['dark ashy', 'pencil-lead grey'], 'Khaki': ['sandy khaki', 'khaki-ish'],
    'Magenta': ['hot magenta', 'fuchsia-ish'], 'Off White': ['almost-white', 'ecru-ish'],
    'Lavender': ['soft lavender', 'pale violet'], 'Peach': ['peachish', 'melon peach'], 'Copper': ['penny copper', 'copper-toned'],
}
COLOUR_WORDS = set()
for _c in list(COLOURS) + ['Multi', 'Teal', 'Mustard', 'Coffee', 'Rust', 'Turquoise', 'Melange', 'Burgundy', 'Bronze',
                           'Taupe', 'Fluorescent', 'Sea', 'Metallic', 'Mauve', 'Nude', 'Skin', 'Navy', 'Off']:
    COLOUR_WORDS |= set(_c.lower().split())

# ---- templates ({it}: item with article, {its}: bare item, {P}: person, {c}: colour)
OPEN = ['', '', '', 'yo, ', 'morning! ', 'right, ', 'hiya - ', 'okay then, ', 'small ask: ', 'salaam, ']
FIRST_IP = [  # item + person
    '{O}trying to source {it} for {P}',
    '{O}hunting down {it}, the lucky one being {P}',
    '{O}{P} could use {it} - got a few to see?',
    '{O}got any {its} that would suit {P}?',
    '{O}{P} keeps hinting about {it}',
    '{O}looking to gift {P} {it}',
    '{O}{P} wore {poss} old one to shreds, so I need {it} now',
    '{O}browsing {its} on behalf of {P}',
]
FIRST_IPC = [  # item + person + colour
    '{O}trying to source {it} in {c} for {P}',
    '{O}{P} could use {it}, {c} by preference',
    '{O}got any {c} {its} that would suit {P}?',
    '{O}hunting down {it} for {P} - leaning {c}',
    '{O}{c} {its} for {P}, what can you pull up',
    '{O}{P} keeps hinting about {it}. {c}, I would guess',
]
FIRST_I = ['{O}{its} please', '{O}lay out your {its}', '{O}keen on {it}', '{O}{its}, what is in stock?']
PERSON_T = ['to be worn by {P}', 'end user: {P}', 'gonna be a surprise for {P}', 'the recipient would be {P}']
COLOUR_T = ['{c} works best', 'go with {c}', 'thinking {c}', 'colourwise, {c}', '{c}, assuming it is made',
            'in {c} pls', '{Subj} is into {c} lately', '{c} suits {obj} best']
COLOUR_T_WE = ['{c} works best', 'go with {c}', 'colourwise, {c}', 'in {c} pls']
FIX_COLOUR = ['hmm wait, {c2}, not {c1}', 'ditch {c1}; {c2} beats it', 'oops, {c1} slipped out, {c2} was the idea',
              'plan B: {c2}, forget {c1}', '{c1} was a typo, should be {c2}',
              'rethinking: {c2}', '{Subj} texted back: {c2}, never {c1}']
FIX_PERSON = ['hang on, it is really for {P2}', 'hold up, {P2} is getting it, not {P1}',
              'mixed that up - the buyer is {P2}', 'let me rephrase: {P2} needs it, not {P1}']
FIX_ITEM = ['whoops, not {wp} - {rp}', '{ra}, I should have said', 'wrong word, I was after {ra}',
            'forget the {w}; {ra} is the goal']
NAME_B = ['fairly certain: {b}', '{b} made it, I think', '{b}, if I recall', '{b} is the manufacturer',
          'only {b} please', 'manufacturer: {b}', '{Subj} likes {b} stuff']
NAME_W = ['listing read {w}', 'name included {w}', 'something called {w}', 'a "{w}" was somewhere in there',
          'its title had {w}']
NAME_BW = ['{b} {w} maybe', 'the {b} piece called {w}', '{b}, style {w}', '{w} by {b}',
           'brand {b}, and the title said {w}', '{b}... something {w}']
COMPOSED_C = ['do you stock this in {c}?', 'want this but {c}', 'identical cut, {c} version?',
              'same thing in {c} available?', 'does a {c} one of these exist?', 'looking for this exact one in {c}',
              '{c} please, otherwise identical']
COMPOSED_OTHER = ['roughly this style but {c}', 'a {c} one along these lines']
IMAGE_LINES = ['saw this at a friends place, yours?', 'this exact piece, please', 'is this sold here?', 'can I order this one',
               'my sister forwarded this, have it?', 'this one pls', 'looking for this, help',
               'dug this out of my camera roll, where to buy', 'need this asap', 'this thing - in stock?',
               'snapped this at the mall, you got it?', 'please find me this', 'how do I get this one',
               'this, but from your store', 'any idea where this is sold', 'got this pic from a group chat',
               'i want this lol', 'match this for me?', 'is this available', 'can u find this',
               'trying to buy this exact item', 'photo from a friend, need same', 'locate this please',
               'want to buy what is in the pic', 'saw it on instagram, u sell it?']
TEXTY = [('please', 'plz'), ('you', 'u'), ('are', 'r'), ('with', 'w/'), ('because', 'coz'), ('tonight', 'tonite')]


# ---------------------------------------------------------------- catalog
def norm_words(s):
    s = s.lower().replace('&', ' and ').replace("'", '').replace('.', '')
    return re.sub(r'[^a-z0-9]+', ' ', s).split()


TYPEISH = set()
for _t in list(ITEMS) + ['Shoe Accessories', 'Free Gifts', 'Accessory Gift Set', 'Fragrance Gift Set', 'Trunk',
                         'Stockings', 'Boxers', 'Lounge Pants', 'Lounge Shorts', 'Night suits', 'Bra', 'Dupatta']:
    for _w in norm_words(_t):
        TYPEISH.add(_w)
        TYPEISH.add(_w.rstrip('s'))
for _v in ITEMS.values():
    for _p in _v:
        for _w in norm_words(_p):
            TYPEISH.add(_w.rstrip('s'))
TYPEISH |= {'deo', 'deos', 'pant', 'sneaker', 'duffle', 'capri', 'sliver', 'polyester', 'crew', 'line', 'work',
            'travel', 'comfort', 'scarve', 'tee', 'tshirt', 'shirt', 'trouser', 'jean', 'sock', 'spectacle', 'frame',
            'eau', 'toilette', 'parfum', 'edt', 'edp', 'trainer', 'slipper', 'floater', 'loafer', 'moccasin', 'boot'}

STOPW = {'your', 'self', 'time', 'juniors', 'junior', 'heeled', 'woven', 'elite', 'flower', 'speed', 'with',
         'from', 'this', 'that', 'basic', 'classic', 'new', 'look', 'cool', 'love', 'life', 'lifestyle', 'design',
         'fashion', 'party', 'summer', 'winter', 'wear', 'patterned', 'embroidery', 'embroidered', 'stylish'}
GENDER_WORDS = {'men', 'women', 'mens', 'womens', 'boys', 'girls', 'unisex', 'kids', 'boy', 'girl', 'man', 'woman'}
GENERIC = {'casual', 'sports', 'formal', 'printed', 'print', 'striped', 'stripe', 'stripes', 'solid', 'check',
           'checked', 'checks', 'polo', 'round', 'neck', 'sleeve', 'sleeves', 'long', 'short', 'full', 'half',
           'pack', 'set', 'slim', 'fit', 'regular', 'leather', 'cotton', 'with', 'and', 'the', 'for', 'style',
           'graphic', 'logo', 'basic', 'plain', 'collar', 'watch', 'watches', 'shirt', 'shirts', 'tshirt', 'tshirts',
           'shoe', 'shoes', 'sandal', 'sandals', 'heels', 'heel', 'flats', 'flat', 'flip', 'flop', 'flops', 'bag',
           'bags', 'wallet', 'belt', 'belts', 'jeans', 'trousers', 'trouser', 'socks', 'jacket', 'sweater',
           'sweatshirt', 'kurta', 'kurti', 'kurtas', 'kurtis', 'tops', 'dress', 'skirt', 'shorts', 'briefs', 'brief',
           'vest', 'vests', 'innerwear', 'track', 'pants', 'caps', 'tie', 'ties', 'clutch', 'handbag', 'backpack',
           'sunglasses', 'laptop', 'duffel', 'perfume', 'body', 'mist', 'deodorant', 'deo', 'capris', 'tunic',
           'leggings', 'muffler', 'scarf', 'mobile', 'pouch', 'cufflinks', 'analog', 'digital', 'dial', 'chronograph',
           'women', 'unisex', 'edition', 'sport', 'running', 'walking', 'shoulder', 'sling', 'hand', 'pair', 'spray'}


def load_catalog():
    rows = list(csv.DictReader(open(os.path.join(CAT, 'catalog.csv'), newline='')))
    for r in rows:
        r['w'] = norm_words(r['productDisplayName'])
        r['raw'] = r['productDisplayName'].split()
    return rows


def split_title(r):
    """brand words (raw) before the gender word, words after it (raw)."""
    raw = r['raw']
    for i, t in enumerate(raw):
        if norm_words(t) and norm_words(t)[0] in GENDER_WORDS:
            return raw[:i], raw[i + 1:]
    return None, raw


def has_quote(r, q):
    qw = norm_words(q)
    w = r['w']
    return any(w[i:i + len(qw)] == qw for i in range(len(w) - len(qw) + 1))


def gender_ok(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


def relevant_for(cat, t, quotes, stated):
    return [r['id'] for r in cat if r['articleType'] == t['articleType'] and r['baseColour'] == t['baseColour']
            and gender_ok(stated, r['gender']) and all(has_quote(r, q) for q in quotes)]


def model_key(r):
    return ' '.join(x for x in r['w'] if x not in COLOUR_WORDS)


# ---------------------------------------------------------------- photos
def shopper_photo(src, key, out):
    im = Image.open(src).convert('RGB')
    W, H = 240, 320
    im = im.resize((W, H), Image.BICUBIC)
    a = np.asarray(im).astype(np.float32)
    # desk/table tint: push the near-white studio backdrop toward a surface tone
    if u(key, 'bgp') < 0.6:
        tone = np.array(pick([(226, 221, 210), (205, 208, 214), (232, 226, 232), (214, 218, 206)], key, 'tone'), np.float32)
        lum = a.mean(axis=2, keepdims=True)
        sat = a.max(axis=2, keepdims=True) - a.min(axis=2, keepdims=True)
        m = np.clip((lum - 225) / 25.0, 0, 1) * np.clip(1 - sat / 25.0, 0, 1)
        s = between(0.05, 0.16, key, 'bgs')
        a = a * (1 - m * s) + tone * (m * s)
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    # border colour for fills
    arr = np.asarray(im)
    border = np.concatenate([arr[0], arr[-1], arr[:, 0], arr[:, -1]])
    fill = tuple(int(x) for x in np.median(border, axis=0))
    # rotation (small) and flip
    if u(key, 'rotp') < 0.65:
        im = im.rotate(between(-6, 6, key, 'rot'), resample=Image.BICUBIC, expand=False, fillcolor=fill)
    if u(key, 'flip') < 0.4:
        im = ImageOps.mirror(im)
    # perspective (mild, top or bottom narrower)
    if u(key, 'perp') < 0.35:
        d = between(0.01, 0.04, key, 'per') * W
        if u(key, 'perside') < 0.5:
            quad = (d, 0, -0.0, H, W, H, W - d, 0)
        else:
            quad = (0, 0, d, H, W - d, H, W, 0)
        im = im.transform((W, H), Image.QUAD, quad, resample=Image.BICUBIC, fillcolor=fill)
    # crop / zoom
    z = between(1.0, 1.22, key, 'zoom')
    cw, ch = W / z, H / z
    cx = W / 2 + (u(key, 'cx') - 0.5) * (W - cw)
    cy = H / 2 + (u(key, 'cy') - 0.5) * (H - ch)
    im = im.crop((int(cx - cw / 2), int(cy - ch / 2), int(cx + cw / 2), int(cy + ch / 2))).resize((W, H), Image.BICUBIC)
    # light: exposure, contrast, saturation, white balance, a diagonal light gradient
    im = ImageEnhance.Brightness(im).enhance(between(0.9, 1.1, key, 'br'))
    im = ImageEnhance.Contrast(im).enhance(between(0.88, 1.1, key, 'ct'))
    im = ImageEnhance.Color(im).enhance(between(0.85, 1.15, key, 'sa'))
    a = np.asarray(im).astype(np.float32)
    wb = np.array([between(0.95, 1.05, key, 'wr'), between(0.98, 1.02, key, 'wg'), between(0.95, 1.05, key, 'wb')], np.float32)
    a *= wb
    if u(key, 'gradp') < 0.5:
        ang = between(0, 2 * math.pi, key, 'gang')
        yy, xx = np.mgrid[0:H, 0:W]
        g = ((xx / W - 0.5) * math.cos(ang) + (yy / H - 0.5) * math.sin(ang))
        a *= (1 + between(0.04, 0.1, key, 'gamt') * g)[..., None]
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    # shrink to 60x80, mild blur, noise, JPEG
    im = im.resize((60, 80), pick([Image.LANCZOS, Image.BICUBIC, Image.BOX], key, 'filt'))
    if u(key, 'blurp') < 0.45:
        im = im.filter(ImageFilter.GaussianBlur(between(0.25, 0.55, key, 'blur')))
    rs = np.random.RandomState(int.from_bytes(hx(key, 'noise')[:4], 'big'))
    sig = between(0.0, 3.0, key, 'sig')
    a = np.asarray(im).astype(np.float32) + rs.normal(0, 1, (80, 60, 3)) * sig
    im = Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=int(between(60, 91, key, 'q')))
    open(out, 'wb').write(buf.getvalue())


# ---------------------------------------------------------------- text helpers
def article(p):
    if p.startswith('pair of') or p.startswith('pack of'):
        return 'a ' + p
    if p.endswith(PLURAL_TUPLE):
        return p
    return ('an ' if p[0] in 'aeiou' else 'a ') + p


PLURAL_TUPLE = tuple(PLURAL)


def bare_plural(p):
    if p.endswith(PLURAL_TUPLE) or p.startswith('pair of') or p.startswith('pack of'):
        return p.replace('pair of ', '').replace('pack of ', '')
    if p.endswith('s') or p.endswith('sh') or p.endswith('ch'):
        return p + 'es'
    if p.endswith('y') and p[-2] not in 'aeiou':
        return p[:-1] + 'ies'
    return p + 's'


def misspell(word, *key):
    """one-letter slip: double a letter, swap two, or drop one (inside the word)."""
    if len(word) < 4:
        return word
    k = int(u(*key, 'mk') * 3)
    i = 1 + int(u(*key, 'mi') * (len(word) - 2))
    if k == 0:
        return word[:i] + word[i] + word[i:]
    if k == 1 and word[i] != word[i + 1 if i + 1 < len(word) else i]:
        j = min(i + 1, len(word) - 1)
        return word[:i] + word[j] + word[i] + word[j + 1:]
    return word[:i] + word[i + 1:] if len(word) >= 6 else word[:i] + word[i] + word[i:]


TYPO_SRC = {'shopping': 'shoping', 'looking': 'lookng', 'please': 'pleae', 'something': 'somethin',
            'thinking': 'thinkin', 'hunting': 'huntng', 'browsing': 'browsin', 'believe': 'beleive',
            'surprise': 'suprise', 'available': 'availble', 'identical': 'identicle', 'recipient': 'recipiant',
            'product': 'prodcut', 'title': 'titel', 'otherwise': 'otherwize', 'better': 'beter',
            'rather': 'rahter', 'included': 'incuded', 'pretty': 'prety', 'brand': 'brnad'}


def add_typo(text, *key):
    words = text.split(' ')
    idx = [i for i, w in enumerate(words) if w.lower().strip(',.?!:-') in TYPO_SRC]
    if not idx:
        return text, False
    i = pick(idx, *key, 'ti')
    core = words[i].strip(',.?!:-')
    rep = TYPO_SRC[core.lower()]
    words[i] = words[i].replace(core, rep)
    return ' '.join(words), True


def fill(t, **kw):
    s = t
    for k, v in kw.items():
        s = s.replace('{' + k + '}', v)
    return s


def cap(s, *key):
    if not s:
        return s
    return s[0].upper() + s[1:] if u(*key, 'cap') < 0.55 else s


# ---------------------------------------------------------------- main
def main():
    cat = load_catalog()
    by_id = {r['id']: r for r in cat}
    md5 = {}
    usable = []
    for r in cat:
        p = os.path.join(CAT, 'images', r['id'] + '.jpg')
        if not os.path.exists(p):
            continue
        data = open(p, 'rb').read()
        md5[r['id']] = hashlib.md5(data).hexdigest()
        try:
            a = np.asarray(Image.open(io.BytesIO(data)).convert('L'), np.float32)
        except Exception:
            continue
        if a.std() < 8:
            continue
        r['ok'] = True
        if r['baseColour'] in COLOURS and r['articleType'] in ITEMS:
            usable.append(r)
    md5_count = {}
    for v in md5.values():
        md5_count[v] = md5_count.get(v, 0) + 1
    brand_count, word_count = {}, {}
    for r in cat:
        b, rest = split_title(r)
        if b:
            k = ' '.join(norm_words(' '.join(b)))
            brand_count[k] = brand_count.get(k, 0) + 1
        for w in set(r['w']):
            word_count[w] = word_count.get(w, 0) + 1

    def brand_of(r):
        b, rest = split_title(r)
        if not b:
            return None
        for k in range(1, min(3, len(b)) + 1):
            if brand_count.get(' '.join(norm_words(' '.join(b[:k]))), 0) >= 3:
                b = b[:k]
                break
        else:
            return None
        bw = norm_words(' '.join(b))
        if not bw or any(x in COLOUR_WORDS for x in bw) or brand_count.get(' '.join(bw), 0) < 2:
            return None
        if ' '.join(bw) in ('and', 'm tv', 'w', 'ant', 'mr', 'id', 'ice', 'image', 'basics', 'cat', 'diva'):
            return None
        return ' '.join(b)

    def words_of(r):
        b, rest = split_title(r)
        out = []
        for t in rest:
            if not re.fullmatch(r"[A-Za-z]+", t):
                continue
            lw = t.lower()
            if len(lw) < 4 or lw in COLOUR_WORDS or lw in GENERIC or lw in GENDER_WORDS:
                continue
            if (t.isupper() and len(t) <= 4) or not t[0].isupper() or lw in STOPW:
                continue
            if not re.search('[aeiou]', lw[:3]) or word_count.get(lw, 0) > 80 or lw in TYPEISH or lw.rstrip('s') in TYPEISH:
                continue
            out.append(t)
        return out

    def name_options(r, stated):
        """[(mode, brand, word)] whose quotes single out r."""
        opts = []
        b = brand_of(r)
        ws = words_of(r)
        if b and relevant_for(cat, r, [b], stated) == [r['id']]:
            opts.append(('b', b, None))
        for w in ws:
            if relevant_for(cat, r, [w], stated) == [r['id']]:
                opts.append(('w', None, w))
            if b and relevant_for(cat, r, [b, w], stated) == [r['id']]:
                opts.append(('bw', b, w))
        return opts

    img_lines = [IMAGE_LINES[i] for i in sorted(range(len(IMAGE_LINES)), key=lambda i: hx('imgline', i))]
    kinds = ['progressive'] * 55 + ['correction'] * 35 + ['composed'] * 35 + ['image'] * 25
    # kind order fixed, slot order interleaved by hash
    used, refs_used = set(), set()
    type_counts = {}
    kid_slots = {('progressive', 7): 'Boys', ('progressive', 23): 'Girls', ('correction', 11): 'Girls',
                 ('composed', 5): 'Boys', ('progressive', 41): 'Boys', ('image', 9): 'Girls'}
    uni_slots = {('progressive', 3), ('progressive', 30), ('correction', 20), ('composed', 17), ('image', 4)}
    corr_mode = ['colour'] * 21 + ['person'] * 8 + ['item'] * 6
    corr_mode = horder(corr_mode, 'cm') if False else [corr_mode[i] for i in
                                                        sorted(range(35), key=lambda i: hx('cm', i))]
    types = sorted(ITEMS)
    sizes = {}
    for r in usable:
        sizes[r['articleType']] = sizes.get(r['articleType'], 0) + 1
    out = []
    kind_idx = {}
    for n, kind in enumerate(kinds):
        ki = kind_idx.get(kind, 0)
        kind_idx[kind] = ki + 1
        did = 'P8-%03d' % n
        want_g = kid_slots.get((kind, ki)) or ('Unisex' if (kind, ki) in uni_slots else None)
        cmode = corr_mode[ki] if kind == 'correction' else None
        if cmode in ('person', 'item'):
            want_g = None
        # type order: fewest targets relative to log size
        torder = sorted(types, key=lambda t: (type_counts.get(t, 0) / math.log(2.5 + sizes.get(t, 0)) ** 1.5, hx(did, t)))
        chosen = None
        for t in torder:
            if kind == 'correction' and cmode == 'item' and t not in WRONG_ITEM:
                continue
            cands = [r for r in usable if r['articleType'] == t and r['id'] not in used and r['id'] not in refs_used]
            if want_g:
                cands = [r for r in cands if r['gender'] == want_g]
                if want_g in ('Boys', 'Girls'):
                    cands = [r for r in cands if t in ITEMS_KID]
            else:
                cands = [r for r in cands if r['gender'] in ('Men', 'Women')]
            if kind == 'correction' and cmode == 'person':
                other = {'Men': 'Women', 'Women': 'Men'}
                cands = [r for r in cands if r['gender'] in other and
                         any(x['articleType'] == t and x['gender'] == other[r['gender']] for x in cat)]
            # children's rows titled for adults and vice versa are skipped
            cands = [r for r in cands if not (r['gender'] in ('Boys', 'Girls') and ({'men', 'women'} & set(r['w'])))
                     and not (r['gender'] in ('Men', 'Women', 'Unisex') and ({'kids', 'boys', 'girls'} & set(r['w'])))]
            for r in horder(cands, did, 'cand')[:80]:
                if kind == 'image':
                    dup = [x['id'] for x in cat if x['productDisplayName'] == r['productDisplayName'] and
                           x['gender'] == r['gender'] and x['baseColour'] == r['baseColour'] and
                           x['articleType'] == r['articleType']]
                    same_photo = [x for x in md5 if md5[x] == md5[r['id']]]
                    if any(x not in dup for x in same_photo) or len(dup) > 3:
                        continue
                    chosen = (r, None, None, sorted(dup, key=int))
                    break
                opts = name_options(r, r['gender'])
                if not opts:
                    continue
                ref = None
                if kind == 'composed':
                    refs = [x for x in cat if x.get('ok') and x['articleType'] == t and x['gender'] == r['gender']
                            and x['baseColour'] != r['baseColour'] and x['baseColour'] != 'NA' and x['id'] not in used
                            and x['id'] not in refs_used and md5_count[md5[x['id']]] == 1]
                    same = [x for x in refs if model_key(x) == model_key(r)]
                    if same:
                        ref = (horder(same, did, 'ref')[0], True)
                    elif refs and u(did, 'otherok', r['id']) < 0.15:
                        ref = (horder(refs, did, 'ref')[0], False)
                    else:
                        continue
                # mode: brand 30%, word 25%, both 45%
                x = u(did, 'mode')
                pref = 'b' if x < 0.3 else ('w' if x < 0.55 else 'bw')
                good = [o for o in opts if o[0] == pref] or opts
                chosen = (r, pick(good, did, 'opt'), ref, None)
                break
            if chosen:
                break
        assert chosen, did
        r, opt, ref, dup = chosen
        used.add(r['id'])
        if ref:
            refs_used.add(ref[0]['id'])
        type_counts[r['articleType']] = type_counts.get(r['articleType'], 0) + 1
        d = build(did, kind, r, opt, ref, dup, cmode, cat, by_id)
        if kind == 'image':
            d['turns'][0]['text'] = img_lines[ki]
        out.append(d)

    os.makedirs(IMG_DIR, exist_ok=True)
    with open(OUT_JSONL, 'w') as f:
        for d in out:
            meta = d.pop('_photo', None)
            if meta:
                shopper_photo(os.path.join(CAT, 'images', meta + '.jpg'), d['id'],
                              os.path.join(HERE, d['turns'][0]['image']))
            f.write(json.dumps(d, ensure_ascii=False) + '\n')


def build(did, kind, r, opt, ref, dup, cmode, cat, by_id):
    g = r['gender']
    t = r['articleType']
    kid = g in ('Boys', 'Girls')
    item = pick((ITEMS_KID if kid else ITEMS)[t], did, 'item')
    people = PEOPLE[g]
    P, subj, obj, poss = pick(people, did, 'person')
    c = pick(COLOURS[r['baseColour']], did, 'colour')
    O = pick(OPEN, did, 'open')
    kw = dict(it=article(item), its=bare_plural(item), P=P, c=c, O=O, Subj=subj, obj=obj, poss=poss)
    turns, quotes = [], []

    def name_turn(tag):
        mode, b, w = opt
        if b and u(did, 'mb') < 0.08:
            bs = b.split()
            j = max(range(len(bs)), key=lambda i: len(bs[i]))
            if len(bs[j]) >= 5:
                bs[j] = misspell(bs[j], did, 'bm')
            bq = ' '.join(bs)
        else:
            bq = b
        wq = misspell(w, did, 'wm') if (w and u(did, 'mw') < 0.12) else w
        if mode == 'b':
            s = fill(pick(NAME_B if subj not in ('I', 'we', 'they') else NAME_B[:6], did, tag), b=bq, Subj=subj)
        elif mode == 'w':
            s = fill(pick(NAME_W, did, tag), w=wq)
        else:
            s = fill(pick(NAME_BW, did, tag), b=bq, w=wq)
        quotes.extend([q for q in (b, w) if q])
        return s

    colour_tpls = COLOUR_T if subj not in ('I', 'we', 'they') else COLOUR_T_WE
    if kind == 'image':
        line = pick(IMAGE_LINES, did, 'img')
        turns.append({'text': line, 'image': 'images/paraphrase8/%s.jpg' % did})
        d = dict(id=did, kind=kind, turns=turns, target=r['id'], relevant=dup,
                 constraints=dict(articleType=t, baseColour=r['baseColour'], gender=g))
        d['_photo'] = r['id']
        return finish(d, did)
    if kind == 'progressive':
        nt = 2 + int(u(did, 'nt') * 3)
        if nt == 2:
            turns.append(fill(pick(FIRST_IPC, did, 'f'), **kw))
        elif nt == 3:
            turns.append(fill(pick(FIRST_IP, did, 'f'), **kw))
            turns.append(fill(pick(colour_tpls, did, 'ct'), **kw))
        else:
            turns.append(fill(pick(FIRST_I, did, 'f'), **kw))
            turns.append(fill(pick(PERSON_T, did, 'pt'), **kw))
            turns.append(fill(pick(colour_tpls, did, 'ct'), **kw))
        turns.append(name_turn('n'))
    elif kind == 'correction':
        if cmode == 'colour':
            wrong = pick([x for x in COLOURS if x != r['baseColour']], did, 'wc')
            c1 = pick(COLOURS[wrong], did, 'wcw')
            turns.append(fill(pick(FIRST_IPC, did, 'f'), **dict(kw, c=c1)))
            fx = FIX_COLOUR if subj not in ('I', 'we', 'they') else FIX_COLOUR[:6]
            turns.append(fill(pick(fx, did, 'fx'), c1=c1, c2=c, Subj=subj.capitalize() if False else subj))
        elif cmode == 'person':
            og = {'Men': 'Women', 'Women': 'Men'}[g]
            P1 = pick([p for p in PEOPLE[og] if p[1] != 'I'], did, 'wp')[0]
            turns.append(fill(pick(FIRST_IPC, did, 'f'), **dict(kw, P=P1)))
            turns.append(fill(pick(FIX_PERSON, did, 'fx'), P1=P1, P2=P))
        else:
            wt = WRONG_ITEM[t]
            witem = pick(ITEMS[wt], did, 'wi')
            turns.append(fill(pick(FIRST_IPC, did, 'f'), **dict(kw, it=article(witem), its=bare_plural(witem))))
            turns.append(fill(pick(FIX_ITEM, did, 'fx'), w=witem, wp=bare_plural(witem), rp=bare_plural(item),
                              ra=article(item)))
        turns.append(name_turn('n'))
    elif kind == 'composed':
        rr, same = ref
        line = fill(pick(COMPOSED_C if same else COMPOSED_OTHER, did, 'cc'), c=c)
        if u(did, 'onet') < 0.35:
            turns.append(line + ' - ' + name_turn('n'))
        else:
            turns.append(line)
            turns.append(name_turn('n'))
        texts = turns
        turns = [{'text': cap(texts[0], did, 0), 'image': 'images/paraphrase8/%s.jpg' % did}] + \
                [{'text': cap(x, did, i + 1), 'image': None} for i, x in enumerate(texts[1:])]
        rel = relevant_for(cat, r, quotes, g)
        d = dict(id=did, kind=kind, turns=turns, target=r['id'], relevant=rel,
                 constraints=dict(articleType=t, baseColour=r['baseColour'], gender=g))
        d['_photo'] = rr['id']
        d['_ref'] = rr['id']
        return finish(d, did)
    rel = relevant_for(cat, r, quotes, g)
    turns = [{'text': cap(x, did, i), 'image': None} for i, x in enumerate(turns)]
    d = dict(id=did, kind=kind, turns=turns, target=r['id'], relevant=rel,
             constraints=dict(articleType=t, baseColour=r['baseColour'], gender=g))
    return finish(d, did)


def finish(d, did):
    # typos (about 1 in 6 dialogues, one word outside names) and texting style (about 1 in 7)
    if u(did, 'typo') < 0.17:
        for i in horder(list(range(len(d['turns']))), did, 'tt'):
            s, ok = add_typo(d['turns'][i]['text'], did, i)
            if ok:
                d['turns'][i]['text'] = s
                break
    if u(did, 'texty') < 0.14:
        for tr in d['turns']:
            s = ' ' + tr['text'] + ' '
            for a, b in TEXTY:
                s = s.replace(' %s ' % a, ' %s ' % b)
            tr['text'] = s.strip()
    d.pop('_ref', None)
    return d


if __name__ == '__main__':
    main()
