#!/usr/bin/env python3
"""Write bench/heldout/paraphrase13.jsonl and images/paraphrase13/ (120 generated dialogues).

usage: python bench/heldout/make_paraphrase13.py
Fixed seed: every random draw comes from a numpy generator seeded with the SHA-256 of SEED and the draw's purpose,
so two runs write byte-identical files. Needs numpy and Pillow.
"""
import csv, hashlib, io, json, os, re, sys
from collections import Counter, defaultdict

import numpy as np
from PIL import Image, ImageFilter

SEED = 'paraphrase13/ledger-of-shop-talk/2025'
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CAT_DIR = os.path.join(ROOT, 'data', 'fashion-small')
OUT_JSONL = os.path.join(HERE, 'paraphrase13.jsonl')
IMG_REL = 'images/paraphrase13'
IMG_DIR = os.path.join(HERE, IMG_REL)
KINDS = {'progressive': 44, 'correction': 28, 'composed': 28, 'image': 20}


def rng(purpose):
    h = hashlib.sha256((SEED + '|' + purpose).encode()).digest()
    return np.random.default_rng(int.from_bytes(h[:8], 'big'))


def pick(r, seq):
    return seq[int(r.integers(len(seq)))]


# ---------------------------------------------------------------- vocabulary
ITEMS = {
    'Tshirts': ['a round-neck tee', 'a cotton tee for lazy days', 'a short-sleeved tee shirt'],
    'Shirts': ['a shirt with a proper collar', 'a buttoned shirt for work', 'a full-sleeve collared shirt'],
    'Casual Shoes': ['a pair of off-duty lace-ups', 'a pair of knock-about shoes', 'a pair of casual weekday shoes'],
    'Sports Shoes': ['a pair of jogging shoes', 'some gym-floor runners', 'a pair of athletic shoes'],
    'Formal Shoes': ['a pair of polished office shoes', 'leather shoes that match a suit'],
    'Tops': ['a blouse-ish top', 'a light daytime top', 'a top to pair with jeans'],
    'Kurtas': ['a kurta', 'a straight-cut kurta for festivals'],
    'Kurtis': ['a short kurti', 'a kurti for college'],
    'Tunics': ['a long tunic top', 'a tunic'],
    'Watches': ['a wristwatch', 'a watch to wear daily', 'an analogue wrist piece'],
    'Handbags': ['a handbag for everyday errands', 'a roomy shoulder handbag'],
    'Clutches': ['an evening clutch', 'a clutch purse for a wedding'],
    'Heels': ['a pair of heeled shoes', 'a pair of heels with some lift'],
    'Flats': ['a pair of flat shoes', 'a pair of heel-free flats'],
    'Sandals': ['a pair of strappy open sandals', 'a pair of summer sandals'],
    'Flip Flops': ['a pair of poolside flip-flops', 'a pair of thong-style flip flops'],
    'Sports Sandals': ['a pair of sporty velcro sandals', 'a pair of trekking sandals'],
    'Sunglasses': ['a pair of UV-blocking glasses', 'a pair of tinted sunglasses'],
    'Sweaters': ['a knitted pullover', 'a woolly sweater for cold mornings'],
    'Sweatshirts': ['a fleece sweatshirt', 'a cosy crew sweatshirt'],
    'Jackets': ['an outer jacket', 'a zip-up jacket for breezy evenings'],
    'Wallets': ['a fold-over wallet', 'a slim wallet for cash and cards'],
    'Belts': ['a waist belt for trousers', 'a buckle belt'],
    'Trousers': ['a pair of smart trousers', 'a pair of office slacks'],
    'Jeans': ['a pair of denims', 'a pair of five-pocket jeans'],
    'Shorts': ['a pair of knee-length shorts', 'a pair of summer shorts'],
    'Capris': ['a pair of three-quarter capris', 'a pair of calf-length capris'],
    'Leggings': ['a pair of stretchy leggings', 'a pair of ankle leggings'],
    'Track Pants': ['a pair of trackpants', 'a pair of jogging bottoms'],
    'Tracksuits': ['a matching tracksuit set', 'a full tracksuit'],
    'Socks': ['a few pairs of socks', 'a set of everyday socks'],
    'Briefs': ['a pack of briefs', 'some brief-cut underpants'],
    'Trunk': ['a pack of trunks', 'some trunk-cut underpants'],
    'Innerwear Vests': ['an undershirt vest', 'a sleeveless inner vest'],
    'Bra': ['a bra', 'an everyday bra'],
    'Caps': ['a peaked cap', 'a cap with a curved brim'],
    'Hat': ['a sun hat', 'a brimmed hat'],
    'Ties': ['a necktie', 'a tie for formal days'],
    'Cufflinks': ['a pair of cufflinks', 'a set of cuff links'],
    'Mufflers': ['a winter muffler', 'a neck muffler'],
    'Scarves': ['a light scarf', 'a scarf to throw round the neck'],
    'Stoles': ['a stole', 'a wrap-around stole'],
    'Dupatta': ['a dupatta', 'a long dupatta'],
    'Dresses': ['a one-piece dress', 'a frock-style dress'],
    'Skirts': ['a skirt', 'a twirly skirt'],
    'Backpacks': ['a two-strap backpack', 'a backpack for daily commuting'],
    'Laptop Bag': ['a laptop carry bag', 'a bag sized for a laptop'],
    'Messenger Bag': ['a cross-body messenger bag', 'a messenger satchel'],
    'Duffel Bag': ['a gym duffel', 'a duffel bag for weekend trips'],
    'Mobile Pouch': ['a phone pouch', 'a pouch for a mobile'],
    'Waist Pouch': ['a hip bag', 'a belt-style waist pouch'],
    'Perfume and Body Mist': ['a bottle of perfume', 'a scented body mist'],
    'Deodorant': ['a deo spray', 'a can of deodorant'],
    'Accessory Gift Set': ['a boxed gift set of accessories', 'an accessories hamper'],
    'Fragrance Gift Set': ['a boxed fragrance set', 'a perfume gift pack'],
    'Gloves': ['a pair of gloves', 'a pair of warm gloves'],
    'Umbrellas': ['an umbrella', 'a foldable umbrella'],
    'Headband': ['a sweat headband', 'a headband'],
    'Lounge Shorts': ['a pair of lounge shorts', 'a pair of at-home shorts'],
    'Lounge Pants': ['a pair of lounge pants', 'a pair of at-home pyjama bottoms'],
    'Stockings': ['a pair of sheer stockings', 'a pair of stockings'],
}
NEIGHBOUR = {
    'Tshirts': 'Shirts', 'Shirts': 'Tshirts', 'Casual Shoes': 'Sports Shoes', 'Sports Shoes': 'Casual Shoes',
    'Formal Shoes': 'Casual Shoes', 'Heels': 'Flats', 'Flats': 'Heels', 'Sandals': 'Flip Flops',
    'Flip Flops': 'Sandals', 'Jeans': 'Trousers', 'Trousers': 'Jeans', 'Track Pants': 'Shorts',
    'Shorts': 'Track Pants', 'Sweaters': 'Sweatshirts', 'Sweatshirts': 'Jackets', 'Jackets': 'Sweaters',
    'Kurtas': 'Shirts', 'Kurtis': 'Tops', 'Tops': 'Tunics', 'Tunics': 'Kurtis', 'Dresses': 'Skirts',
    'Skirts': 'Dresses', 'Handbags': 'Clutches', 'Clutches': 'Handbags', 'Backpacks': 'Laptop Bag',
    'Laptop Bag': 'Messenger Bag', 'Messenger Bag': 'Laptop Bag', 'Duffel Bag': 'Backpacks', 'Briefs': 'Trunk',
    'Trunk': 'Briefs', 'Innerwear Vests': 'Tshirts', 'Caps': 'Hat', 'Mufflers': 'Scarves', 'Scarves': 'Mufflers',
    'Perfume and Body Mist': 'Deodorant', 'Deodorant': 'Perfume and Body Mist', 'Leggings': 'Capris',
    'Capris': 'Leggings', 'Wallets': 'Mobile Pouch',
}
PEOPLE = {
    'Men': ["my sister's husband Tejas", 'Mr Bhardwaj across the corridor', 'my gym partner Rohan', 'my boss Sandeep',
            'grandpa Ramesh', 'my tenant Ibrahim', 'my fiancé Vikram', 'our driver Suresh', 'my uncle Harish',
            'my chess coach Anand'],
    'Women': ['my flatmate Ishita', 'aunty Rukmini', 'my wife Lavanya', 'Mrs Kapoor downstairs',
              'my pilates trainer Priyanka', 'my cousin Zoya', 'my aunt Neelam', "my husband's mum Shobha",
              'our office receptionist Meera', 'my college roommate Farah'],
    'Boys': ['my son Aarav, age 9', 'my nephew Kabir who is eleven', 'a boy of about eight', 'grandson Vihaan (6)',
             'the neighbours\' boy Dev, 10'],
    'Girls': ['my daughter Anaya, age 7', 'my niece Saanvi who is ten', 'a girl of about five',
              'granddaughter Kiara (8)', 'little Ira from my building, 9'],
    'Unisex': ['anybody, boy or girl', 'the twins (one of each)', 'the family to pass around',
               'a teenager, gender doesn\'t matter', 'my mixed cricket squad'],
}
COLOURS = {
    'Black': ['black', 'polar-night black', 'coal black', 'black, darker than charcoal'],
    'Blue': ['blue', 'cobalt blue', 'a mid blue', 'blue, lighter than navy'],
    'White': ['white', 'polar white', 'bright white', 'white, whiter than cream'],
    'Grey': ['grey', 'slate grey', 'rain-puddle grey', 'grey, paler than charcoal'],
    'Brown': ['brown', 'chestnut brown', 'chocolate brown'],
    'Red': ['red', 'pillar-box red', 'brick-kiln red', 'red, brighter than maroon'],
    'Green': ['green', 'leaf green', 'fern green'],
    'Navy Blue': ['navy blue', 'navy', 'dark sailor navy'],
    'Purple': ['purple', 'plum purple', 'beetroot purple'],
    'Pink': ['pink', 'rose pink', 'bougainvillea pink'],
    'Beige': ['beige', 'sandy beige', 'chikki beige'],
    'Maroon': ['maroon', 'claret maroon', 'maroon, darker than red'],
    'Yellow': ['yellow', 'lemon yellow', 'canary yellow'],
    'Olive': ['olive', 'olive green'],
    'Silver': ['silver', 'silver-ish'],
    'Steel': ['steel', 'stainless steel look'],
    'Orange': ['orange', 'tangerine orange'],
    'Cream': ['cream', 'milky cream'],
    'Gold': ['gold', 'gold-tone'],
    'Tan': ['tan', 'walnut tan'],
    'Charcoal': ['charcoal', 'charcoal grey'],
    'Khaki': ['khaki', 'dusty khaki'],
    'Magenta': ['magenta', 'hot magenta'],
    'Off White': ['off white', 'eggshell off-white'],
    'Copper': ['copper', 'copper-tone'],
    'Lavender': ['lavender', 'pale lavender'],
    'Peach': ['peach', 'soft peach'],
    'Teal': ['teal', 'deep teal'],
    'Mustard': ['mustard', 'mustard yellow'],
    'Multi': ['multicoloured', 'a mix of colours'],
    'Rust': ['rust', 'rusty orange'],
    'Coffee Brown': ['coffee brown', 'dark coffee brown'],
    'Burgundy': ['burgundy', 'deep burgundy'],
}
# progressive turn groups: I item, P person, C colour, N name words
T = {
    'IPCN': ['gift run for {p}: {i}, {c}, and {n}', '{i} for {p} please, {c}; {n}',
             'could you dig up {i} for {p}? {c}. {n}'],
    'IPC': ['{i} in {c} for {p}', '{p} needs {i}, {c} ideally', 'hunting down {i} for {p}, colour {c}'],
    'IP': ['{i} for {p}, what can you show me', 'shopping on behalf of {p}, who could do with {i}',
           '{p} could use {i}'],
    'I': ['fetch me {i}', 'scouting round for {i}', '{i}, what is available?'],
    'PCN': ['it is a present for {p}; {c}; {n}', '{p} is the one wearing it. {c}. {n}'],
    'PC': ['they are for {p}, and {c} please', '{p} likes {c}'],
    'P': ['it is a present for {p}', '{p} will be wearing it', 'the wearer is {p}'],
    'CN': ['{c}, and {n}', 'in {c}. {n}', 'colour: {c}. {n}'],
    'C': ['{c}, where available', 'colour preference: {c}', '{c} for preference'],
    'N': ['{n}', 'one more detail: {n}', 'oh, and {n}'],
}
NAME_T = {
    'brand': ['the maker is {b}', 'the label reads {b}', 'brand-wise it is {b}', 'stick to {b}'],
    'word': ['the listing name has {w} in it', '{w} sits in the name', '{w} sticks in my head'],
    'brand_word': ['by {b}, something called {w}', '{b}, the {w} line', 'from {b}, went by the name {w}'],
    'two_words': ['{w1} and {w2} both show up in its title', 'title mentions {w1}, also {w2}'],
}
FIX = {
    'colour': ['whoopsie, {c2}, not {c1}', 'wait, scrap {c1}; {c2} instead', '{c1} was a mistake, it should be {c2}'],
    'person': ['wait a sec, {p2} is the real wearer, not {p1}', 'mixed up the recipient: {p2}, not {p1}',
               'plan changed, {p2} gets it instead of {p1}'],
    'item': ['not {i1}, rather {i2}', 'correct item is {i2}, not {i1}', 'replace {i1} with {i2}'],
}
COMPOSED_T = ['a lookalike of this in {c}', 'this style, only {c}', 'same design in {c}?',
              'can yours come in {c}', 'love the shape, want it {c}']
IMAGE_LINES = ['noticed this on a friend, do you carry it?', 'is this in stock anywhere?',
               'found this pic in my gallery, which one is it', 'this exact one, please',
               'screenshotted this ages ago, still sold?', 'a stranger on the metro had this',
               'can you match this photo?', 'this is the one I want', 'got this exact product?',
               'my cousin posted this, where can I buy it', 'need this, same everything',
               'spotted on a wedding guest, need the same', 'match please', 'pic from a shop window last week',
               'identify this for me?', 'this one, how soon can it ship', 'anything identical to this snap?',
               'my old one tore, same again please', 'which listing is this?', 'whose product is this, can I order']
TEXTING = {'please': 'plzz', 'you': 'yoo', 'something': 'smthng', 'really': 'rlyy', 'today': '2dy', 'should': 'shld',
           'what': 'wot', 'could': 'kud'}
TAILS = [' hmu', ' kthx', ' tyvm', ' \U0001f64f']

TYPES_OK = set(ITEMS)
GENDER_WORDS = {'men', 'women', 'boys', 'girls', 'unisex', 'kids', 'mens', 'womens', "men's", "women's", 'boy', 'girl'}
GENERIC = {'solid', 'printed', 'casual', 'formal', 'sports', 'sport', 'pack', 'set', 'of', 'and', 'the', 'with',
           'for', 'in', 'new', 'basic', 'round', 'neck', 'sleeve', 'half', 'full', 'regular', 'slim', 'fit', 'long',
           'short', 'striped', 'stripes', 'checked', 'check', 'style', 'look', 'pair', 'pairs', 'free', 'gift',
           'women', 'men', 'boys', 'girls', 'unisex', 'kids', 'shoe', 'shoes', 'bag', 'polo', 'graphic'}


def norm_title(t):
    t = t.lower().replace('&', ' and ').replace("'", '').replace('.', '').replace('\u2019', '')
    return re.findall(r"[a-z0-9\-]+", t)


def contains(tokens, words):
    n = len(words)
    return any(tokens[i:i + n] == words for i in range(len(tokens) - n + 1))


def gender_ok(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


# ---------------------------------------------------------------- catalog
def load_catalog():
    rows = list(csv.DictReader(open(os.path.join(CAT_DIR, 'catalog.csv'), encoding='utf-8')))
    info = {}
    for r in rows:
        path = os.path.join(CAT_DIR, 'images', r['id'] + '.jpg')
        ok, md5 = False, None
        if os.path.exists(path):
            data = open(path, 'rb').read()
            md5 = hashlib.md5(data).hexdigest()
            try:
                g = np.asarray(Image.open(io.BytesIO(data)).convert('L'), dtype=np.float64)
                ok = g.std() >= 4 and g.min() <= 236
            except Exception:
                ok = False
        info[r['id']] = (ok, md5)
    md5c = Counter(m for _, m in info.values() if m)
    for r in rows:
        ok, m = info[r['id']]
        r['photo_ok'] = ok and md5c[m] == 1
        r['tok'] = norm_title(r['productDisplayName'])
    return rows


def colour_words():
    s = set()
    for c in COLOURS:
        s.update(c.lower().split())
    s.update({'multicolour', 'multicolor', 'multicoloured', 'navy', 'melange', 'golden', 'offwhite', 'sea', 'dark',
              'light'})
    return s


def name_options(rows):
    """brand (title part before the gender word) and title words for each row."""
    cw = colour_words()
    typew = set()
    for t in ITEMS:
        for w in t.lower().split():
            typew.add(w); typew.add(w.rstrip('s'))
    brand_of, words_of = {}, {}
    for r in rows:
        raw = r['productDisplayName'].split()
        gi = None
        for i, w in enumerate(raw):
            parts = [p.lower().strip(",.'") for p in w.split('-')]
            if parts and all(p in GENDER_WORDS for p in parts):
                gi = i
                break
        b, ws = None, []
        if gi and gi > 0:
            bw = raw[:gi]
            while bw and bw[-1].lower() in GENERIC:
                bw = bw[:-1]
            if 1 <= len(bw) <= 3 and all(re.fullmatch(r"[A-Za-z.&']+", w) for w in bw) \
                    and not any(w.lower() in cw for w in bw):
                b = ' '.join(bw)
            for w in raw[gi + 1:-1]:
                if re.fullmatch(r'[A-Z][a-z]{3,}', w) and w.lower() not in cw and w.lower() not in typew \
                        and w.lower() not in GENERIC and (b is None or w.lower() not in b.lower().split()):
                    ws.append(w)
        brand_of[r['id']] = b
        words_of[r['id']] = list(dict.fromkeys(ws))
    bc = Counter(b for b in brand_of.values() if b)
    wc = Counter()
    for r in rows:
        for w in set(r['tok']):
            wc[w] += 1
    bad_brands = {'W', 'Ice', 'Cat', 'Kids'}
    for k, b in brand_of.items():
        if b and (bc[b] < 3 or b in bad_brands or len(b) < 2):
            brand_of[k] = None
    for k in words_of:
        words_of[k] = [w for w in words_of[k] if wc[w.lower()] <= 80 and w not in ('Trainng', 'Sqaure')]
    return brand_of, words_of


def relevant_for(rows, typ, col, stated, name_words):
    toks = [norm_title(w) for w in name_words]
    return [r['id'] for r in rows if r['articleType'] == typ and r['baseColour'] == col
            and gender_ok(stated, r['gender']) and all(contains(r['tok'], t) for t in toks)]


# ---------------------------------------------------------------- text rendering
def render(template, slots):
    """-> list of (text, is_name) segments."""
    out = []
    for part in re.split(r'(\{[a-z0-9]+\})', template):
        if part.startswith('{') and part.endswith('}'):
            v = slots[part[1:-1]]
            out.extend(v if isinstance(v, list) else [(v, False)])
        elif part:
            out.append((part, False))
    return out


def join(segs):
    s = ''.join(t for t, _ in segs)
    return s[:1].upper() + s[1:] if s else s


def texting(segs, r):
    out = []
    for t, nm in segs:
        if not nm:
            t = t.lower()
            for a, b in TEXTING.items():
                t = re.sub(r'\b%s\b' % a, b, t)
            t = t.replace('? ', ' ').replace('. ', ' ').rstrip('.?')
        out.append((t, nm))
    return out


def slip(word, r):
    i = int(r.integers(1, len(word) - 2))
    if r.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def add_typo(turn_segs, r):
    cands = []
    for ti, segs in enumerate(turn_segs):
        for si, (t, nm) in enumerate(segs):
            if nm:
                continue
            for m in re.finditer(r'[a-z]{5,}', t):
                cands.append((ti, si, m.start(), m.end()))
    ti, si, a, b = cands[int(r.integers(len(cands)))]
    t, nm = turn_segs[ti][si]
    w = t[a:b]
    new = slip(w, r)
    while new == w:
        new = slip(w, r)
    turn_segs[ti][si] = (t[:a] + new + t[b:], nm)
    return w, new


def misspell(name, r):
    letters = [i for i, ch in enumerate(name) if ch.isalpha() and 0 < i < len(name) - 1]
    i = letters[int(r.integers(len(letters)))]
    if r.random() < 0.5:
        return name[:i] + name[i + 1:]
    return name[:i] + name[i] + name[i:]


# ---------------------------------------------------------------- photos
def photo(src_id, out_path, r):
    im = Image.open(os.path.join(CAT_DIR, 'images', src_id + '.jpg')).convert('RGB')
    im = im.resize((240, 320), Image.BICUBIC)
    a = np.asarray(im, dtype=np.float64)
    # backdrop tint: bright, unsaturated pixels drift toward a surface tone
    tones = [(226, 214, 196), (208, 212, 218), (236, 230, 214), (214, 222, 210), (222, 208, 204)]
    if r.random() < 0.8:
        tone = np.array(pick(r, tones), dtype=np.float64)
        sat = a.max(2) - a.min(2)
        mask = np.clip((a.mean(2) - 200) / 40, 0, 1) * np.clip((40 - sat) / 40, 0, 1)
        m = Image.fromarray((mask * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(2.5))
        mask = np.asarray(m, dtype=np.float64)[..., None] / 255 * r.uniform(0.08, 0.2)
        a = a * (1 - mask) + tone * mask
    # soft diagonal shade
    if r.random() < 0.6:
        yy, xx = np.mgrid[0:320, 0:240] / np.array([320.0, 240.0])[:, None, None]
        ang = r.uniform(0, 2 * np.pi)
        ramp = (np.cos(ang) * xx + np.sin(ang) * yy)
        ramp = (ramp - ramp.min()) / max(1e-6, np.ptp(ramp))
        a = a * (1 - r.uniform(0.03, 0.09) * ramp)[..., None]
    # colour balance and gamma
    gain = np.array([1 + r.uniform(-0.035, 0.035), 1 + r.uniform(-0.015, 0.015), 1 + r.uniform(-0.035, 0.035)])
    a = a * gain * r.uniform(0.94, 1.05)
    a = 255 * (np.clip(a, 0, 255) / 255) ** r.uniform(0.92, 1.08)
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    fill = tuple(int(v) for v in np.clip(np.median(border, 0), 0, 255))
    if r.random() < 0.75:
        im = im.rotate(r.uniform(-5, 5), resample=Image.BICUBIC, fillcolor=fill)
    z = r.uniform(1.0, 1.12)
    w, h = 240 / z, 320 / z
    cx = 120 + r.uniform(-1, 1) * (240 - w) / 2
    cy = 160 + r.uniform(-1, 1) * (320 - h) / 2
    im = im.crop((int(cx - w / 2), int(cy - h / 2), int(cx + w / 2), int(cy + h / 2)))
    im = im.resize((60, 80), pick(r, [Image.LANCZOS, Image.BICUBIC, Image.BOX]))
    if r.random() < 0.5:
        im = im.filter(ImageFilter.GaussianBlur(r.uniform(0.2, 0.5)))
    a = np.asarray(im, dtype=np.float64)
    s = r.uniform(0, 2.5)
    a = a + r.normal(0, s, a.shape) + r.normal(0, s / 2, a.shape[:2])[..., None]
    im = Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=int(r.integers(60, 90)))
    open(out_path, 'wb').write(buf.getvalue())


# ---------------------------------------------------------------- targets
def model_key(r, cw):
    return tuple(t for t in r['tok'] if t not in cw)


def main():
    rows = load_catalog()
    by_id = {r['id']: r for r in rows}
    cw = colour_words()
    brand_of, words_of = name_options(rows)
    base = [r for r in rows if r['baseColour'] != 'NA' and r['baseColour'] in COLOURS and r['photo_ok']
            and r['articleType'] in TYPES_OK]
    # title naming another colour -> excluded for text/composed
    def colour_clash(r):
        own = set(r['baseColour'].lower().split())
        return any(t in cw and t not in own and t not in ('dark', 'light', 'sea') for t in r['tok'])

    def options(r, stated):
        b, ws = brand_of[r['id']], words_of[r['id']]
        opts = []
        if b:
            opts.append(('brand', [b]))
        for w in ws:
            opts.append(('word', [w]))
            if b:
                opts.append(('brand_word', [b, w]))
        for i in range(len(ws)):
            for j in range(i + 1, len(ws)):
                opts.append(('two_words', [ws[i], ws[j]]))
        out = []
        for mode, nw in opts:
            rel = relevant_for(rows, r['articleType'], r['baseColour'], stated, nw)
            if r['id'] in rel and len(rel) <= 3:
                out.append((mode, nw, rel))
        return out

    groups = defaultdict(list)
    for r in rows:
        groups[(r['productDisplayName'], r['gender'], r['baseColour'], r['articleType'])].append(r['id'])
    models = defaultdict(list)
    for r in base:
        models[(r['articleType'], r['gender'], model_key(r, cw))].append(r)

    usable = Counter(r['articleType'] for r in base)
    kinds = [k for k, n in KINDS.items() for _ in range(n)]
    rk = rng('kind-order')
    order = [kinds[i] for i in rk.permutation(len(kinds))]
    # sub-kinds
    sub = {}
    corr = ['colour'] * 14 + ['person'] * 7 + ['item'] * 7
    corr = [corr[i] for i in rng('correction-sub').permutation(28)]
    prog = ['IPCN'] * 6 + ['IP|CN'] * 6 + ['IPC|N'] * 5 + ['I|PCN'] * 5 + ['IP|C|N'] * 5 + ['I|PC|N'] * 5 + \
        ['I|P|CN'] * 5 + ['I|P|C|N'] * 7
    prog = [prog[i] for i in rng('progressive-sub').permutation(44)]
    comp = ['same'] * 10 + ['next'] * 18
    comp = [comp[i] for i in rng('composed-sub').permutation(28)]
    ci, pi, mi = iter(corr), iter(prog), iter(comp)
    for n, k in enumerate(order):
        sub[n] = next(ci) if k == 'correction' else next(pi) if k == 'progressive' else next(mi) if k == 'composed' \
            else None
    # reserve child/unisex slots
    rr = rng('reserve')
    reserved = {}
    for k, gl in (('progressive', ['Boys', 'Girls', 'Unisex', 'Boys', 'Girls', 'Unisex']),
                  ('correction', ['Boys', 'Girls', 'Unisex', 'Unisex']), ('composed', ['Unisex', 'Unisex', 'Boys']),
                  ('image', ['Boys', 'Girls', 'Unisex', 'Unisex'])):
        slots = [n for n, kk in enumerate(order) if kk == k and not (k == 'correction' and sub[n] == 'person'
                                                                        and False)]
        chosen = rr.choice(slots, size=len(gl), replace=False)
        for n, g in zip(sorted(int(c) for c in chosen), gl):
            if k == 'correction' and g == 'Unisex' and sub[n] == 'person':
                continue
            reserved[n] = g
    modes = ['brand'] * 34 + ['word'] * 28 + ['brand_word'] * 30 + ['two_words'] * 8
    modes = [modes[i] for i in rng('name-modes').permutation(100)]
    mode_it = iter(modes)
    used, ref_used = set(), set()
    count = Counter()
    colour_count = Counter()
    plan = {}
    slot_order = sorted(range(120), key=lambda n: (n not in reserved, n))
    rj = rng('type-jitter')
    for n in slot_order:
        k, s = order[n], sub[n]
        want_g = reserved.get(n)
        dealt = next(mode_it) if k != 'image' else None
        score = {t: count[t] / usable[t] ** 0.3 + rj.uniform(0, 0.05) for t in usable}
        done = False
        for t in sorted(score, key=lambda t: (score[t], t)):
            if count[t] >= 5:
                continue
            cands = [r for r in base if r['articleType'] == t and r['id'] not in used and r['id'] not in ref_used
                     and (r['gender'] == want_g if want_g else r['gender'] in ('Men', 'Women'))]
            if not cands:
                continue
            cands.sort(key=lambda r: (colour_count[r['baseColour']], r['id']))
            rc = rng('cand-%d' % n)
            # shuffle within equal colour counts
            cands = sorted(cands, key=lambda r: (colour_count[r['baseColour']], rc.random()))
            for r in cands[:60]:
                if k == 'image':
                    g = groups[(r['productDisplayName'], r['gender'], r['baseColour'], r['articleType'])]
                    if len(g) > 3:
                        continue
                    plan[n] = dict(target=r, rel=sorted(g, key=int))
                    done = True
                    break
                if colour_clash(r):
                    continue
                if k == 'correction' and s == 'person' and r['gender'] not in ('Men', 'Women', 'Boys', 'Girls'):
                    continue
                if k == 'correction' and s == 'item' and t not in NEIGHBOUR:
                    continue
                ref = None
                if k == 'composed':
                    refs = [x for x in models[(t, r['gender'], model_key(r, cw))] if x['baseColour'] != r['baseColour']
                            and x['id'] not in used and x['id'] not in ref_used and x['id'] not in ref_ids_all(plan)]
                    if not refs:
                        continue
                    ref = refs[int(rng('ref-%d' % n).integers(len(refs)))]
                opts = options(r, r['gender'])
                if not opts:
                    continue
                pref = [o for o in opts if o[0] == dealt] or opts
                m = min(len(o[2]) for o in pref)
                pref = [o for o in pref if len(o[2]) == m]
                o = pref[int(rng('opt-%d' % n).integers(len(pref)))]
                plan[n] = dict(target=r, ref=ref, mode=o[0], words=o[1], rel=o[2])
                if ref:
                    ref_used.add(ref['id'])
                done = True
                break
            if done:
                used.add(plan[n]['target']['id'])
                count[t] += 1
                colour_count[plan[n]['target']['baseColour']] += 1
                break
        assert done, (n, k, s, want_g)

    # ------------------------------------------------------------ dialogues
    os.makedirs(IMG_DIR, exist_ok=True)
    for f in sorted(os.listdir(IMG_DIR)):
        if f.startswith('P13-') and f.endswith('.jpg'):
            os.remove(os.path.join(IMG_DIR, f))
    rt = rng('texting')
    texting_slots = set(int(x) for x in rt.choice(120, size=22, replace=False))
    typo_slots = set(int(x) for x in rng('typos').choice(120, size=12, replace=False))
    text_slots = [n for n in range(120) if order[n] != 'image']
    miss_slots = set(int(x) for x in rng('misspell').choice(text_slots, size=9, replace=False))
    out = []
    stats = Counter()
    for n in range(120):
        k, s, p = order[n], sub[n], plan[n]
        tg = p['target']
        did = 'P13-%03d' % n
        r = rng('text-%s' % did)
        typ, col, gen = tg['articleType'], tg['baseColour'], tg['gender']
        item = lambda tt=typ: pick(r, ITEMS[tt])
        person = lambda gg=gen: pick(r, PEOPLE[gg])
        colour = lambda cc=col: pick(r, COLOURS[cc]) if r.random() < 0.7 else pick(r, COLOURS[cc][:1])
        turns, images = [], []
        name_segs = None
        quoted = []
        if k != 'image':
            words = list(p['words'])
            shown = []
            for w in words:
                if n in miss_slots and not shown and len(w) >= 5 and ' ' not in w:
                    v = misspell(w, r)
                    stats['misspelt'] += 1
                    p['misspelt'] = (w, v)
                elif r.random() < 0.35 and ' ' not in w:
                    v = w.lower()
                else:
                    v = w
                shown.append(v)
            quoted = shown
            mt = pick(r, NAME_T[p['mode']])
            if p['mode'] == 'brand':
                name_segs = render(mt, {'b': [(shown[0], True)]})
            elif p['mode'] == 'word':
                name_segs = render(mt, {'w': [(shown[0], True)]})
            elif p['mode'] == 'brand_word':
                name_segs = render(mt, {'b': [(shown[0], True)], 'w': [(shown[1], True)]})
            else:
                name_segs = render(mt, {'w1': [(shown[0], True)], 'w2': [(shown[1], True)]})
        if k == 'progressive':
            slots = {'i': item(), 'p': person(), 'c': colour(), 'n': name_segs}
            for grp in s.split('|'):
                turns.append(render(pick(r, T[grp]), slots))
                images.append(None)
        elif k == 'correction':
            if s == 'colour':
                wrong = pick(r, [c for c in COLOURS if c != col])
                c1, c2 = pick(r, COLOURS[wrong]), colour()
                t1 = render(pick(r, T['IPC']), {'i': item(), 'p': person(), 'c': c1})
                fix = render(pick(r, FIX['colour']), {'c1': c1, 'c2': c2})
            elif s == 'person':
                other = {'Men': 'Women', 'Women': 'Men', 'Boys': 'Girls', 'Girls': 'Boys'}[gen]
                p1, p2 = person(other), person()
                t1 = render(pick(r, T['IPC']), {'i': item(), 'p': p1, 'c': colour()})
                fix = render(pick(r, FIX['person']), {'p1': p1, 'p2': p2})
            else:
                i1, i2 = item(NEIGHBOUR[typ]), item()
                t1 = render(pick(r, T['IPC']), {'i': i1, 'p': person(), 'c': colour()})
                fix = render(pick(r, FIX['item']), {'i1': i1, 'i2': i2})
            turns.append(t1)
            if r.random() < 0.45:
                turns.append(fix + [('. ', False)] + name_segs)
            else:
                turns.append(fix)
                turns.append(render(pick(r, T['N']), {'n': name_segs}))
            images += [None] * len(turns)
            p['fixed_in_same'] = len(turns) == 2
        elif k == 'composed':
            t1 = render(pick(r, COMPOSED_T), {'c': colour()})
            if s == 'same':
                turns.append(t1 + [('; ', False)] + name_segs)
                images.append(did)
            else:
                turns.append(t1)
                turns.append(render(pick(r, T['N']), {'n': name_segs}))
                images += [did, None]
        else:
            turns.append([(IMAGE_LINES[sum(1 for m in range(n) if order[m] == 'image')], False)])
            images.append(did)
        if n in texting_slots:
            turns = [texting(t, r) for t in turns]
            if r.random() < 0.6:
                turns[-1] = turns[-1] + [(pick(r, TAILS), False)]
            stats['texting'] += 1
        if n in typo_slots:
            p['typo'] = add_typo(turns, r)
            stats['typo'] += 1
        texts = [join(t) for t in turns]
        if n in texting_slots:
            texts = [t[:1].lower() + t[1:] for t in texts]
        for q in quoted:
            assert any(q.lower() in t.lower() for t in texts), (did, q)
        if any(images):
            src = p['ref']['id'] if k == 'composed' else tg['id']
            photo(src, os.path.join(IMG_DIR, did + '.jpg'), rng('photo-%s' % did))
        # relevance, recomputed by a plain scan
        if k == 'image':
            rel = sorted([x['id'] for x in rows if (x['productDisplayName'], x['gender'], x['baseColour'],
                          x['articleType']) == (tg['productDisplayName'], gen, col, typ)], key=int)
        else:
            toks = [norm_title(w) for w in p['words']]
            rel = []
            for x in rows:
                if x['articleType'] != typ or x['baseColour'] != col or not gender_ok(gen, x['gender']):
                    continue
                tk = norm_title(x['productDisplayName'])
                ok = True
                for t in toks:
                    if not any(tk[i:i + len(t)] == t for i in range(len(tk) - len(t) + 1)):
                        ok = False
                if ok:
                    rel.append(x['id'])
        assert sorted(rel, key=int) == sorted(p['rel'], key=int), did
        assert tg['id'] in rel
        out.append({'id': did, 'kind': k,
                    'turns': [{'text': t, 'image': (IMG_REL + '/' + im + '.jpg') if im else None}
                              for t, im in zip(texts, images)],
                    'target': tg['id'], 'relevant': sorted(rel, key=int),
                    'constraints': {'articleType': typ, 'baseColour': col, 'gender': gen}})
    # ------------------------------------------------------------ checks
    assert [d['id'] for d in out] == ['P13-%03d' % i for i in range(120)]
    assert Counter(d['kind'] for d in out) == Counter(KINDS)
    assert len({d['target'] for d in out}) == 120
    for d in out:
        t = by_id[d['target']]
        assert d['constraints'] == {'articleType': t['articleType'], 'baseColour': t['baseColour'],
                                    'gender': t['gender']}
        for x in d['relevant']:
            assert by_id[x]['articleType'] == t['articleType'] and by_id[x]['baseColour'] == t['baseColour']
        ims = [tt['image'] for tt in d['turns']]
        if d['kind'] in ('image', 'composed'):
            assert ims[0] == IMG_REL + '/' + d['id'] + '.jpg' and all(i is None for i in ims[1:])
            im = Image.open(os.path.join(HERE, ims[0]))
            assert im.size == (60, 80) and im.format == 'JPEG'
        else:
            assert all(i is None for i in ims)
        if d['kind'] == 'image':
            assert len(d['turns']) == 1
    refs = [plan[n]['ref'] for n in range(120) if order[n] == 'composed']
    assert len({x['id'] for x in refs}) == 28 and not ({x['id'] for x in refs} & {d['target'] for d in out})
    for n in range(120):
        if order[n] == 'composed':
            rf, tg = plan[n]['ref'], plan[n]['target']
            assert (rf['articleType'], rf['gender']) == (tg['articleType'], tg['gender'])
            assert rf['baseColour'] != tg['baseColour']
    files = sorted(f for f in os.listdir(IMG_DIR) if f.startswith('P13-'))
    assert files == sorted(d['id'] + '.jpg' for d in out if d['kind'] in ('image', 'composed'))
    with open(OUT_JSONL, 'w', encoding='utf-8', newline='\n') as f:
        for d in out:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
    # summary
    tl = Counter(len(d['turns']) for d in out)
    g = Counter(d['constraints']['gender'] for d in out)
    ty = Counter(d['constraints']['articleType'] for d in out)
    co = Counter(d['constraints']['baseColour'] for d in out)
    rl = Counter(len(d['relevant']) for d in out)
    print('dialogues', len(out), dict(Counter(d['kind'] for d in out)))
    print('turns', dict(sorted(tl.items())), 'total', sum(len(d['turns']) for d in out))
    print('genders', dict(g), 'types', len(ty), 'max type', ty.most_common(3), 'colours', len(co))
    print('relevant sizes', dict(sorted(rl.items())), 'photos', len(files))
    print('texting', stats['texting'], 'typos', stats['typo'], 'misspelt names', stats['misspelt'])
    print('modes', dict(Counter(plan[n]['mode'] for n in range(120) if order[n] != 'image')))
    print('correction subs', dict(Counter(sub[n] for n in range(120) if order[n] == 'correction')),
          'fix+name same turn', sum(1 for n in range(120) if order[n] == 'correction' and plan[n]['fixed_in_same']))
    print('progressive', dict(Counter(sub[n] for n in range(120) if order[n] == 'progressive')))
    print('typos', [plan[n]['typo'][1] for n in range(120) if 'typo' in plan[n]])
    print('misspelt', [plan[n]['misspelt'] for n in range(120) if 'misspelt' in plan[n]])
    print('composed', dict(Counter(sub[n] for n in range(120) if order[n] == 'composed')))


_REF_IDS = set()


def ref_ids_all(plan):
    return {p['ref']['id'] for p in plan.values() if p.get('ref')}


if __name__ == '__main__':
    main()
