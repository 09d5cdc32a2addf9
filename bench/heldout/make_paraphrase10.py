#!/usr/bin/env python3
"""Generate bench/heldout/paraphrase10.jsonl and images/paraphrase10/ (held-out set, written blind).

usage: python bench/heldout/make_paraphrase10.py

Deterministic: every random draw comes from its own numpy Generator seeded with the SHA-256 of
SEED and the draw's purpose, so two runs write byte-identical files. Needs Pillow and numpy.
"""
import csv
import hashlib
import io
import json
import os
import re
from collections import Counter, defaultdict

import numpy as np
from PIL import Image, ImageFilter, ImageEnhance

SEED = 'paraphrase10/heldout/2024-blind'
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CATALOG = os.path.join(ROOT, 'data', 'fashion-small', 'catalog.csv')
PHOTOS = os.path.join(ROOT, 'data', 'fashion-small', 'images')
OUT_JSONL = os.path.join(HERE, 'paraphrase10.jsonl')
OUT_IMG = os.path.join(HERE, 'images', 'paraphrase10')
IMG_REL = 'images/paraphrase10'
KINDS = {'progressive': 55, 'correction': 35, 'composed': 35, 'image': 25}
N = sum(KINDS.values())


def rng(purpose):
    h = hashlib.sha256((SEED + '|' + purpose).encode('utf-8')).digest()
    return np.random.default_rng(int.from_bytes(h[:16], 'big'))


def pick(r, seq):
    return seq[int(r.integers(len(seq)))]


# ---------------------------------------------------------------- vocabulary (own, checked against README)
ITEMS = {
    'Tshirts': ['a roundneck tee', 'a cotton tee top', 'a tee for lounging'],
    'Shirts': ['a collared shirt for office', 'a buttoned-up shirt', 'a proper shirt with buttons'],
    'Casual Shoes': ['chill everyday shoes', 'shoes for hanging out', 'comfy weekend footwear'],
    'Tops': ['a cute top for outings', 'a top for brunch', 'a casual blouse-ish top'],
    'Kurtas': ['an ethnic kurta for poojas', 'a kurta for festival days'],
    'Sports Shoes': ['trainers for the treadmill', 'shoes for jogging in the park', 'gym footwear'],
    'Watches': ['a wristwatch thingy', 'a watch to wear daily', 'a timepiece for the wrist'],
    'Handbags': ['a roomy handbag', 'a bag to carry on the arm', 'a ladies purse-bag'],
    'Heels': ['some heeled footwear', 'tall heel shoes for parties', 'pumps with a heel'],
    'Sunglasses': ['dark glasses for bright afternoons', 'sunny-day specs', 'UV-blocking glasses'],
    'Sweaters': ['a woolly pullover', 'a knitted pullover', 'a warm knit for winter'],
    'Sandals': ['open strappy sandals', 'sandals with straps for summer'],
    'Wallets': ['a wallet for cash and cards', 'a money wallet', 'a pocket wallet'],
    'Flip Flops': ['rubber flip-flops', 'bathroom chappal flip flops', 'pool flip-flops'],
    'Sweatshirts': ['a cosy sweatshirt', 'a crewneck sweat top'],
    'Belts': ['a belt for trousers', 'a waist belt thing'],
    'Trousers': ['work trousers', 'smart pants for office', 'a pair of formal-ish trousers'],
    'Formal Shoes': ['shiny office shoes', 'shoes for suits', 'lace-up office footwear'],
    'Jeans': ['a denim pair', 'some denim jeans', 'denims for daily wear'],
    'Socks': ['socks for everyday', 'a bundle of socks'],
    'Jackets': ['a jacket for chilly evenings', 'an outdoor jacket', 'a layering jacket'],
    'Flats': ['flat slip-on shoes', 'ballerina flat footwear', 'flat shoes w/o heel'],
    'Backpacks': ['a backpack for college', 'a daypack', 'a bag for both shoulders'],
    'Briefs': ['underwear briefs', 'a pack of undies, briefs style'],
    'Shorts': ['knee-length shorts', 'summer half pants'],
    'Innerwear Vests': ['a sleeveless undershirt', 'an inner vest for under shirts'],
    'Caps': ['a peaked sun cap', 'a cap to block the sun'],
    'Track Pants': ['trackpants for the gym', 'sweatpants for home'],
    'Ties': ['a necktie for office', 'a neck tie to go with a suit'],
    'Kurtis': ['a short kurti for college', 'a kurti top for daily wear'],
    'Clutches': ['an evening clutch bag', 'a small clutch for parties'],
    'Dresses': ['a one-piece dress', 'a frock for parties'],
    'Mufflers': ['a woolly muffler for the neck', 'a neck muffler for cold mornings'],
    'Skirts': ['a skirt for going out', 'a casual skirt'],
    'Scarves': ['a neck scarf', 'a light scarf for the neck'],
    'Perfume and Body Mist': ['a nice smelling perfume', 'a fragrance spray bottle'],
    'Cufflinks': ['a pair of cuff links for a formal shirt', 'links for shirt cuffs'],
    'Capris': ['three-quarter length pants', 'cropped capri bottoms'],
    'Laptop Bag': ['a bag for carrying a laptop', 'a laptop carry bag'],
    'Tunics': ['a long tunic top', 'a tunic to pair with leggings'],
    'Leggings': ['stretchy leggings for daily wear', 'a pair of stretch leggings'],
    'Duffel Bag': ['a holdall for weekend trips', 'a duffel for the gym'],
    'Deodorant': ['a deo spray can', 'a body deo for summers'],
    'Jackets2': [],
}
del ITEMS['Jackets2']

COLOURS = {
    'Black': ['black like tar', 'coal black', 'black as night'],
    'Blue': ['plain mid blue', 'plain ordinary blue', 'bluish, like the sky at noon'],
    'White': ['whitest white', 'white as milk', 'pure bright white'],
    'Grey': ['grey like a rain cloud', 'greyish, like smoke', 'grey like a pigeon'],
    'Brown': ['chocolate brown', 'brown like tea', 'brown like coffee beans'],
    'Red': ['tomato red', 'reddish, like a chilli', 'bright cherry red'],
    'Green': ['green like fresh mint', 'green like a parrot', 'green, regular green'],
    'Navy Blue': ['very dark navy', 'navy like a sailor suit', 'deep navy blue'],
    'Purple': ['deep purplish', 'purplish, like jamun', 'plum-ish purple'],
    'Pink': ['pink like a flamingo', 'pinkish, like a rose', 'strawberry-milk pink'],
    'Beige': ['sandy beige', 'beige like oatmeal', 'light beige-ish'],
    'Maroon': ['maroon like beetroot', 'deep maroon, nearly brown-red', 'dark maroon-ish'],
    'Yellow': ['lemon yellow', 'sunny yellow', 'yellow like a banana'],
    'Olive': ['muddy olive', 'olive like the fruit', 'greenish olive'],
    'Silver': ['silver like a spoon', 'shiny silver', 'silver like foil'],
    'Steel': ['steel grey metallic', 'steel-coloured'],
    'Orange': ['tangerine orange', 'orange as a marigold', 'orange like a carrot'],
    'Cream': ['creamish pale', 'cream-coloured', 'cream like butter'],
    'Gold': ['goldish', 'shiny gold-toned'],
    'Tan': ['tannish', 'light tan like leather'],
    'Charcoal': ['sooty charcoal', 'dark charcoal'],
    'Khaki': ['khaki like a uniform', 'khaki-ish'],
    'Magenta': ['hot magenta', 'magenta-ish'],
    'Off White': ['off-white, almost ivory', 'eggshell off white'],
    'Lavender': ['pale lavender', 'lavender-ish lilac'],
    'Peach': ['peach-toned', 'soft peach'],
    'Teal': ['teal-ish', 'deep teal'],
    'Copper': ['shiny copper-ish', 'copper-toned'],
}

PEOPLE = {
    'Men': ['my uncle Dinesh', 'my jiju Farhan', 'my colleague Joe from finance', 'hubby Vikram',
            'my dad, who is 61', 'my flatmate Rohit', 'Mr Kapoor, my boss', 'my fiance Aditya',
            'my grandpa Ramesh', 'my buddy Sunil', 'my stepdad Mark', 'my mamu Prakash'],
    'Women': ['my aunt Lata', 'my bhabhi Neha', 'my colleague Anjali', 'wifey Sneha',
              'my mum, who is 58', 'my fiancee Ritu', 'my nani Kamala', 'my manager Ms Iyer',
              'my bestie Pooja', 'my gf Tara', 'my stepmom Linda', 'my bua Sunita'],
    'Boys': ['my son Kabir, aged 6', 'my grandson Ishaan (9 yrs old)', 'little nephew Vihaan, just turned 5',
             'my boy Aarav, 10'],
    'Girls': ['my daughter Myra, age 7', 'my niece Anika (aged four)', 'my granddaughter Zoya, 8 now',
              'my little girl Diya (6)'],
    'UnisexKids': ['my twins Aryan and Anya (7), to share', 'my son and daughter, to share between them',
                   'the kids next door, sharing'],
    'Unisex': ['my bro and me (we share)', 'the whole household, to share', 'my wife and i, to share',
               'our office team, shared', 'my twin cousins, who share everything'],
}
GROUPS = [['Casual Shoes', 'Sports Shoes', 'Heels', 'Sandals', 'Flip Flops', 'Formal Shoes', 'Flats'],
          ['Tshirts', 'Shirts', 'Tops', 'Kurtas', 'Sweaters', 'Sweatshirts', 'Jackets', 'Kurtis', 'Dresses', 'Tunics',
           'Innerwear Vests'],
          ['Trousers', 'Jeans', 'Shorts', 'Track Pants', 'Skirts', 'Capris', 'Leggings', 'Briefs'],
          ['Handbags', 'Backpacks', 'Clutches', 'Laptop Bag', 'Duffel Bag', 'Wallets'],
          ['Watches', 'Sunglasses', 'Belts', 'Socks', 'Caps', 'Ties', 'Mufflers', 'Scarves', 'Cufflinks',
           'Perfume and Body Mist', 'Deodorant']]
OTHER = {'Men': 'Women', 'Women': 'Men', 'Boys': 'Girls', 'Girls': 'Boys'}

# templates: {i} item, {p} person, {c} colour, {n} name phrase
T_ALL3 = ['hunting high and low for {i} for {p}, {c} if they make it', 'trying to buy {i} in {c}, it is for {p}',
          'sorting a present out for {p}: {i}, the {c} variety please', 'sourcing {i} for {p}, {c} shade preferred',
          'any luck finding {i} for {p}? {c} would rock', 'my mission: get {p} {i} in {c}']
T_ITEM = ['lemme browse {i}', 'wanna look at {i}', 'show me what u have in {i}', 'shortlist me {i}',
          'start me off with {i}']
T_ITEM_P = ['hunt is on for {i} for {p}', '{i} as a treat for {p}', 'picking {i} for {p} before the weekend',
            'browsing around for {i} on behalf of {p}']
T_PERSON = ['the lucky person is {p}', 'wearer will be {p}', 'gonna hand it over to {p}', 'for {p}, just so u know']
T_COLOUR = ['my heart says {c}', 'secretly hoping for {c}', 'the shade i want: {c}', '{c} is the vibe']
T_P_COLOUR = ['for {p}, and {c} is the vibe', 'it goes to {p}; the shade i want: {c}',
              'wearer will be {p}, secretly hoping for {c}']
T_COLOUR_NAME = ['{c} is the vibe. {n}', 'secretly hoping for {c}, oh and {n}']
T_NAME_BRAND = ['the tag read {b}, if my memory is right', '{b} is who made it, I reckon', 'it was a {b} product, I reckon',
                'manufactured by {b} (i reckon lol)']
T_NAME_WORD = ["there was a '{w}' on the product label", 'the title featured {w}, i do believe',
               'some line called {w}', '{w} was printed on the box']
T_NAME_WORD2 = ['title went something like {w} {w2}', '{w} and {w2} were both in the title']
T_NAME_BW = ['{b}, and it was the {w} one', '{b} make it, their {w} series iirc', 'by {b}; {w} was in its name']
T_FIX_COLOUR = ['oh wait, not {c1}. {c2}', 'switch {c1} for {c2}', 'on second thoughts {c2} beats {c1}',
                'nah forget {c1}, lets go with {c2}']
T_FIX_PERSON = ['oops, it is {p2} who gets it, not {p1}', 'my bad, swap {p1} for {p2}', 'wrong person! its {p2}']
T_FIX_ITEM = ['oops, meant {i2} not {i1}', 'no no, {i2} is what im after', 'wrong thing, make that {i2}']
T_COMPOSED = ['this exact one, but {c}?', 'do u stock this in {c}', 'like the pic, just recoloured {c}',
              'want this, only {c}', 'does a {c} edition of this exist']
T_IMAGE = ['saw this on insta, where to buy', 'my friend owns this, want the same', 'this one, got it?',
           'old photo from my gallery, pls find', 'can u match this exactly', 'spotted at a mall, is it here',
           'need this asap', 'this please, how do i buy', 'whats this called, want to order',
           'been searching for this forever', 'pic from a shop window, do u sell it', 'this!! available?',
           'cousin posted this, want one', 'screenshot of what i want', 'help me find this item',
           'someone at work had this, link?', 'do you carry this one', 'looking for exactly this',
           'any chance u have this', 'i want the thing in this pic', 'this thing in the photo, in stock?',
           'saw it at a party, desperate for it', 'same as pic please', 'can i get this here',
           'my sister sent me this, find it pls']

# ---------------------------------------------------------------- title normalisation and name words
KID_TOK = {'kids', 'boys', 'girls', 'boy', 'girl', 'kid'}
WOMENS_TYPES = {'Kurtis', 'Heels', 'Clutches', 'Dresses', 'Skirts', 'Leggings', 'Tunics', 'Capris'}
GENDER_TOK = {'men', 'women', 'unisex', 'boys', 'girls', 'kids', 'boy', 'girl', 'mens', 'womens', 'kid'}
COLOUR_TOK = {'black', 'blue', 'white', 'grey', 'gray', 'brown', 'red', 'green', 'navy', 'purple', 'pink', 'beige',
              'maroon', 'yellow', 'olive', 'silver', 'steel', 'orange', 'cream', 'gold', 'golden', 'tan',
              'multi', 'charcoal', 'khaki', 'magenta', 'off', 'copper', 'lavender', 'peach', 'teal', 'mustard',
              'coffee', 'rust', 'turquoise', 'melange', 'burgundy', 'bronze', 'taupe', 'fluorescent', 'sea',
              'metallic', 'mauve', 'nude', 'skin', 'multicoloured', 'multicolored', 'rose', 'wine', 'lime',
              'aqua', 'ivory', 'lilac', 'sliver', 'violet', 'indigo', 'dark', 'light', 'coloured', 'colored', 'steelblue'}
GENERIC = {'solid', 'printed', 'print', 'prints', 'casual', 'formal', 'sports', 'sport', 'running', 'polo', 'check',
           'checked', 'checks', 'stripe', 'stripes', 'striped', 'slim', 'regular', 'pack', 'with', 'and', 'the',
           'style', 'basic', 'classic', 'round', 'neck', 'sleeve', 'sleeves', 'half', 'full', 'long', 'short',
           'women', 'cotton', 'leather', 'graphic', 'design', 'fashion', 'pair', 'pairs', 'collection', 'type',
           'look', 'plain', 'logo', 'kids', 'free', 'gift', 'textured', 'self', 'fit', 'shoe', 'shoes'}


def norm_tokens(s):
    s = s.lower().replace('&', ' and ').replace("'", '').replace('\u2019', '').replace('.', '')
    return [t for t in re.split(r'[^a-z0-9]+', s) if t]


def holds(tokens, phrase_tokens):
    n = len(phrase_tokens)
    return any(tokens[k:k + n] == phrase_tokens for k in range(len(tokens) - n + 1))


def gender_ok(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


def typo_word(r, w):
    """One-letter misspelling: drop, double or swap (word of 5+ letters, inner positions)."""
    k = int(r.integers(1, len(w) - 2))
    op = int(r.integers(3))
    if op == 0:
        return w[:k] + w[k + 1:]
    if op == 1:
        return w[:k] + w[k] + w[k:]
    return w[:k] + w[k + 1] + w[k] + w[k + 2:]


TEXTING = [(r'\byou\b', 'u'), (r'\bplease\b', 'pls'), (r'\bthanks\b', 'thx'), (r'(?<![0-9] )\bfor my\b', '4 my'),
           (r'\bbecause\b', 'coz'), (r'\bthe one\b', 'da one'),
           (r'\bwith\b', 'w/'), (r'\bbefore\b', 'b4'), (r'\bsomething\b', 'smth')]


# ---------------------------------------------------------------- photos
def shopper_photo(path, purpose):
    r = rng('photo|' + purpose)
    im = Image.open(path).convert('RGB')
    S = 4
    im = im.resize((60 * S, 80 * S), Image.BICUBIC)
    a = np.asarray(im).astype(np.float32)
    # backdrop tint: bright, unsaturated pixels pulled toward a table/wall tone
    if r.random() < 0.7:
        tone = np.array(pick(r, [(226, 220, 205), (212, 216, 222), (230, 224, 214), (208, 208, 204),
                                 (222, 214, 216)]), np.float32)
        lum = a.mean(axis=2)
        sat = a.max(axis=2) - a.min(axis=2)
        mask = np.clip((lum - 225) / 25.0, 0, 1) * np.clip((30 - sat) / 30.0, 0, 1)
        amt = float(r.uniform(0.05, 0.15))
        a = a + (tone - a) * (mask * amt)[..., None]
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    fill = tuple(int(v) for v in np.median(border, axis=0))
    if r.random() < 0.4:
        im = im.transpose(Image.FLIP_LEFT_RIGHT)
    if r.random() < 0.7:
        im = im.rotate(float(r.uniform(-5.0, 5.0)), resample=Image.BICUBIC, fillcolor=fill)
    z = float(r.uniform(1.0, 1.16))
    w, h = im.size
    cw, ch = w / z, h / z
    cx = w / 2 + float(r.uniform(-0.5, 0.5)) * (w - cw)
    cy = h / 2 + float(r.uniform(-0.5, 0.5)) * (h - ch)
    im = im.crop((int(round(cx - cw / 2)), int(round(cy - ch / 2)), int(round(cx + cw / 2)), int(round(cy + ch / 2))))
    im = ImageEnhance.Contrast(im).enhance(float(r.uniform(0.9, 1.07)))
    im = ImageEnhance.Color(im).enhance(float(r.uniform(0.87, 1.12)))
    a = np.asarray(im).astype(np.float32) / 255.0
    gamma = float(r.uniform(0.9, 1.12))
    a = a ** gamma
    temp = float(r.uniform(-0.045, 0.045))  # warm (+) / cool (-) white balance
    a = a * np.array([1 + temp, 1 + float(r.uniform(-0.015, 0.015)), 1 - temp], np.float32)
    if r.random() < 0.5:  # soft side shadow from one edge
        hh, ww = a.shape[:2]
        ang = float(r.uniform(0, 2 * np.pi))
        yy, xx = np.mgrid[0:hh, 0:ww].astype(np.float32)
        d = ((xx / ww - 0.5) * np.cos(ang) + (yy / hh - 0.5) * np.sin(ang)) + 0.5
        a = a * (1 - float(r.uniform(0.03, 0.08)) * np.clip(d, 0, 1))[..., None]
    im = Image.fromarray(np.clip(a * 255 + 0.5, 0, 255).astype(np.uint8))
    im = im.resize((60, 80), pick(r, [Image.LANCZOS, Image.BICUBIC, Image.BOX]))
    if r.random() < 0.45:
        im = im.filter(ImageFilter.GaussianBlur(float(r.uniform(0.25, 0.5))))
    a = np.asarray(im).astype(np.float32)
    sigma = float(r.uniform(0.0, 2.5))
    a = a + r.normal(0, sigma, a.shape) + r.normal(0, sigma / 2, a.shape[:2])[..., None]
    im = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=int(r.integers(62, 91)))
    return buf.getvalue()


# ---------------------------------------------------------------- catalog analysis
def load_catalog():
    rows = list(csv.DictReader(open(CATALOG, encoding='utf-8')))
    md5 = {}
    blank = set()
    for p in rows:
        f = os.path.join(PHOTOS, p['id'] + '.jpg')
        try:
            data = open(f, 'rb').read()
            a = np.asarray(Image.open(io.BytesIO(data)).convert('L')).astype(np.float32)
            if a.std() < 4.0 or a.min() > 235:
                blank.add(p['id'])
            md5[p['id']] = hashlib.md5(data).hexdigest()
        except Exception:
            blank.add(p['id'])
    cnt = Counter(md5.values())
    dup_photo = {i for i, m in md5.items() if cnt[m] > 1}
    for p in rows:
        p['tok'] = norm_tokens(p['productDisplayName'])
    return rows, blank, dup_photo


def split_title(p):
    toks = p['productDisplayName'].split()
    nt = [norm_tokens(t) for t in toks]
    for k, t in enumerate(nt):
        if t and t[0] in GENDER_TOK:
            return toks[:k], toks[k + 1:]
    return None, toks


def analyse_names(rows):
    pre = Counter()
    for p in rows:
        b, _ = split_title(p)
        if b:
            pre[tuple(norm_tokens(' '.join(b)))] += 1
    type_tok = set()
    for p in rows:
        type_tok |= set(norm_tokens(p['articleType']))
    type_tok |= {'tshirt', 'tshirts', 't', 'shirt', 'kurta', 'kurti', 'sandal', 'heel', 'flip', 'flop', 'flops',
                 'watch', 'sunglass', 'sweater', 'wallet', 'belt', 'trouser', 'jean', 'sock', 'jacket', 'flat',
                 'backpack', 'brief', 'short', 'vest', 'cap', 'tie', 'dress', 'skirt', 'scarf', 'perfume',
                 'handbag', 'bag', 'bags', 'clutch', 'muffler', 'legging', 'tunic', 'capri', 'deo', 'top',
                 'sweatshirt', 'jersey', 'jerseys', 'track', 'pant', 'pants', 'cufflink', 'duffle', 'laptop'}
    df = Counter()
    for p in rows:
        df.update(set(p['tok']))
    info = {}
    for p in rows:
        b, rest = split_title(p)
        brand = None
        if b:
            bt = tuple(norm_tokens(' '.join(b)))
            if (pre[bt] >= 3 and not (set(bt) & COLOUR_TOK) and len(bt) <= 3
                    and len(re.findall(r'[a-z0-9]+', ' '.join(b).lower())) <= 3):
                brand = ' '.join(b)
        words = []
        if b is not None:
            for t in rest:
                if not re.fullmatch(r'[A-Za-z]{4,}', t):
                    continue
                lt = t.lower()
                if lt in COLOUR_TOK or lt in type_tok or lt in GENERIC or lt in GENDER_TOK or df[lt] > 80:
                    continue
                if brand and lt in norm_tokens(brand):
                    continue
                if t not in words:
                    words.append(t)
        info[p['id']] = (brand, words)
    return info


def relevant_for(rows, art, col, gender, name_phrases):
    toks = [norm_tokens(n) for n in name_phrases]
    return sorted((p['id'] for p in rows if p['articleType'] == art and p['baseColour'] == col
                   and gender_ok(gender, p['gender']) and all(holds(p['tok'], t) for t in toks)), key=int)


def model_key(p):
    return (p['articleType'], p['gender'], tuple(t for t in p['tok'] if t not in COLOUR_TOK))


# ---------------------------------------------------------------- main
def main():
    rows, blank, dup_photo = load_catalog()
    byid = {p['id']: p for p in rows}
    info = analyse_names(rows)
    usable = [p for p in rows if p['baseColour'] in COLOURS and p['articleType'] in ITEMS
              and p['id'] not in blank and p['id'] not in dup_photo and 'test' not in p['tok']
              and not (p['gender'] in ('Men', 'Women') and set(p['tok']) & KID_TOK)
              and not (p['gender'] == 'Men' and p['articleType'] in WOMENS_TYPES)]
    usable_ids = {p['id'] for p in usable}

    def name_options(p):
        brand, words = info[p['id']]
        opts = []
        if brand:
            opts.append(('brand', [brand]))
        for w in words:
            opts.append(('word', [w]))
            if brand:
                opts.append(('brand+word', [brand, w]))
        for k in range(len(words) - 1):
            opts.append(('two words', [words[k], words[k + 1]]))
        out = []
        for mode, ph in opts:
            rel = relevant_for(rows, p['articleType'], p['baseColour'], p['gender'], ph)
            if rel == [p['id']]:
                out.append((mode, ph))
        return out

    name_opt = {}
    for p in usable:
        o = name_options(p)
        if o:
            name_opt[p['id']] = o
    models = defaultdict(list)
    for p in rows:
        models[model_key(p)].append(p['id'])

    title_group = Counter((p['productDisplayName'], p['gender'], p['baseColour'], p['articleType']) for p in rows)
    kinds = [k for k, n in KINDS.items() for _ in range(n)]
    order = rng('kinds').permutation(len(kinds))
    kinds = [kinds[int(i)] for i in order]

    # gender plan per slot: children and unisex slots reserved, the rest Men/Women alternating
    rg = rng('gender-slots')
    plan = []
    special = {'Boys': 4, 'Girls': 4, 'Unisex': 10}
    slots_by_kind = defaultdict(list)
    for s, k in enumerate(kinds):
        slots_by_kind[k].append(s)
    gplan = {}
    cand_slots = [s for s in range(N) if kinds[s] in ('progressive', 'correction', 'image')]
    chosen = list(rg.permutation(cand_slots))
    for g, n in special.items():
        for _ in range(n):
            gplan[int(chosen.pop())] = g
    mw = 0
    for s in range(N):
        if s not in gplan:
            gplan[s] = 'Men' if mw % 2 == 0 else 'Women'
            mw += 1

    used = set()
    used_refs = set()
    type_count = Counter()
    type_size = Counter(p['articleType'] for p in usable)
    targets = {}
    refs = {}
    rt = rng('targets')

    def candidates(kind, g):
        out = []
        for p in usable:
            if p['id'] in used or p['id'] in used_refs or p['gender'] != g:
                continue
            if kind != 'image' and p['id'] not in name_opt:
                continue
            if kind == 'image' and title_group[(p['productDisplayName'], p['gender'], p['baseColour'], p['articleType'])] > 3:
                continue
            out.append(p)
        return out

    # composed first (tightest), then image, then text kinds
    for kind in ('composed', 'image', 'correction', 'progressive'):
        for s in slots_by_kind[kind]:
            g = gplan[s]
            cands = candidates(kind, g)
            if kind == 'composed':
                ok = []
                for p in cands:
                    same = [i for i in models[model_key(p)] if i != p['id'] and i in usable_ids
                            and byid[i]['baseColour'] != p['baseColour'] and i not in used_refs and i not in used]
                    if same:
                        ok.append((p, same))
                cands2 = ok
            else:
                cands2 = [(p, None) for p in cands]
            if not cands2 and g not in ('Men', 'Women'):
                g = gplan[s] = 'Men' if s % 2 else 'Women'
                cands2 = [(p, None) for p in candidates(kind, g)]
            types = sorted({p['articleType'] for p, _ in cands2})
            score = {t: (type_count[t] + 0.001 * float(rt.random())) / np.log(2.5 + type_size[t]) ** 1.5 for t in types}
            t = min(types, key=lambda x: score[x])
            pool = [(p, same) for p, same in cands2 if p['articleType'] == t]
            p, same = pool[int(rt.integers(len(pool)))]
            used.add(p['id'])
            type_count[t] += 1
            targets[s] = p['id']
            if kind == 'composed':
                ref = sorted(same, key=int)[int(rt.integers(len(same)))]
                refs[s] = ref
                used_refs.add(ref)
    assert not (used & used_refs), 'a reference is a target'

    # ---------------------------------------------------------------- dialogues
    os.makedirs(OUT_IMG, exist_ok=True)
    dialogues = []
    typo_slots = set(int(x) for x in rng('typo-slots').choice(N, size=18, replace=False))
    text_slots = set(int(x) for x in rng('texting-slots').choice(N, size=30, replace=False))
    stats = Counter()
    image_lines = list(rng('image-lines').permutation(len(T_IMAGE)))
    corr_modes = [['colour', 'person', 'item'][int(x)] for x in rng('correction-modes').permutation([0] * 19 + [1] * 9 + [2] * 7)]
    for s in range(N):
        kind = kinds[s]
        p = byid[targets[s]]
        g = gplan[s]
        did = 'P10-%03d' % s
        r = rng('dialogue|' + did)
        art, col = p['articleType'], p['baseColour']
        item = pick(r, ITEMS[art])
        colour = pick(r, COLOURS[col])
        kidsrow = g == 'Unisex' and bool(set(p['tok']) & KID_TOK)
        person = pick(r, PEOPLE['UnisexKids' if kidsrow else g])
        name_words, name_text = [], None
        if kind != 'image':
            mode, ph = pick(r, name_opt[p['id']])
            stats['name:' + mode] += 1
            shown = []
            for x in ph:
                ws = x.split()
                if r.random() < 0.12:
                    cand = [k for k, w in enumerate(ws) if re.fullmatch(r'[A-Za-z]{5,}', w)]
                    if cand:
                        k = pick(r, cand)
                        ws[k] = typo_word(r, ws[k])
                        stats['name typo'] += 1
                shown.append(' '.join(ws))
            name_words = ph
            if mode == 'brand':
                name_text = pick(r, T_NAME_BRAND).format(b=shown[0])
            elif mode == 'word':
                name_text = pick(r, T_NAME_WORD).format(w=shown[0])
            elif mode == 'two words':
                name_text = pick(r, T_NAME_WORD2).format(w=shown[0], w2=shown[1])
            else:
                name_text = pick(r, T_NAME_BW).format(b=shown[0], w=shown[1])
        turns = []
        stated_gender = g
        if kind == 'progressive':
            shape = pick(r, ['A', 'A', 'B', 'C', 'D', 'D', 'E'])
            stats['prog ' + shape] += 1
            if shape == 'A':
                turns = [pick(r, T_ALL3).format(i=item, p=person, c=colour), name_text]
            elif shape == 'B':
                turns = [pick(r, T_ITEM_P).format(i=item, p=person), pick(r, T_COLOUR).format(c=colour), name_text]
            elif shape == 'C':
                turns = [pick(r, T_ITEM).format(i=item), pick(r, T_P_COLOUR).format(p=person, c=colour), name_text]
            elif shape == 'D':
                turns = [pick(r, T_ITEM).format(i=item), pick(r, T_PERSON).format(p=person),
                         pick(r, T_COLOUR).format(c=colour), name_text]
            else:
                turns = [pick(r, T_ITEM_P).format(i=item, p=person),
                         pick(r, T_COLOUR_NAME).format(c=colour, n=name_text)]
            turns = [(t, None) for t in turns]
        elif kind == 'correction':
            cm = corr_modes.pop()
            if cm == 'person' and g not in OTHER:
                cm = 'colour'
            stats['corr ' + cm] += 1
            if cm == 'colour':
                wrongs = [c for c in ('Black', 'Blue', 'White', 'Red', 'Green', 'Grey', 'Brown', 'Pink', 'Yellow',
                                      'Navy Blue', 'Purple') if c != col]
                c1 = pick(r, COLOURS[pick(r, wrongs)])
                t1 = pick(r, T_ALL3).format(i=item, p=person, c=c1)
                fix = pick(r, T_FIX_COLOUR).format(c1=c1, c2=colour)
            elif cm == 'person':
                p1 = pick(r, PEOPLE[OTHER[g]])
                t1 = pick(r, T_ALL3).format(i=item, p=p1, c=colour)
                fix = pick(r, T_FIX_PERSON).format(p1=p1, p2=person)
            else:
                grp = [gr for gr in GROUPS if art in gr][0]
                others = [a for a in grp if a != art]
                i1 = pick(r, ITEMS[pick(r, others)])
                t1 = pick(r, T_ALL3).format(i=i1, p=person, c=colour)
                fix = pick(r, T_FIX_ITEM).format(i1=i1, i2=item)
            if r.random() < 0.4:
                turns = [t1, fix + '. ' + name_text]
                stats['corr name in fix'] += 1
            else:
                turns = [t1, fix, name_text]
            turns = [(t, None) for t in turns]
        elif kind == 'composed':
            ref = byid[refs[s]]
            img = '%s/%s.jpg' % (IMG_REL, did)
            open(os.path.join(HERE, img), 'wb').write(shopper_photo(os.path.join(PHOTOS, ref['id'] + '.jpg'), did))
            ask = pick(r, T_COMPOSED).format(c=colour)
            stated_gender = p['gender']
            if r.random() < 0.3:
                turns = [(ask + ' - ' + name_text, img)]
                stats['comp same turn'] += 1
            else:
                turns = [(ask, img), (name_text, None)]
        else:
            img = '%s/%s.jpg' % (IMG_REL, did)
            open(os.path.join(HERE, img), 'wb').write(shopper_photo(os.path.join(PHOTOS, p['id'] + '.jpg'), did))
            turns = [(T_IMAGE[int(image_lines.pop())], img)]
        # typos (outside names) and texting short forms
        texts = [t for t, _ in turns]
        protected = set()
        for x in name_words:
            protected |= set(w.lower() for w in x.split())
        if s in typo_slots:
            cand = []
            for minlen in (6, 5):
                cand = [(k, j) for k in range(len(texts)) for j, w in enumerate(texts[k].split(' '))
                        if re.fullmatch(r'[a-z]{%d,}' % minlen, w) and w not in protected]
                if cand:
                    break
            k, j = pick(r, cand)
            ws = texts[k].split(' ')
            ws[j] = typo_word(r, ws[j])
            texts[k] = ' '.join(ws)
            stats['typo dialogues'] += 1
        if s in text_slots and kind != 'image':
            changed = False
            for k in range(len(texts)):
                for pat, rep in TEXTING:
                    new = re.sub(pat, rep, texts[k])
                    changed |= new != texts[k]
                    texts[k] = new
            stats['texting dialogues'] += changed
        turns = [{'text': t, 'image': im} for t, (_, im) in zip(texts, turns)]
        if kind == 'image':
            rel = sorted((q['id'] for q in rows if q['productDisplayName'] == p['productDisplayName']
                          and q['gender'] == p['gender'] and q['baseColour'] == col and q['articleType'] == art), key=int)
        else:
            rel = relevant_for(rows, art, col, stated_gender, name_words)
        d = {'id': did, 'kind': kind, 'turns': turns, 'target': p['id'], 'relevant': rel,
             'constraints': {'articleType': art, 'baseColour': col, 'gender': p['gender']}}
        d['_names'] = name_words
        d['_stated'] = stated_gender
        dialogues.append(d)

    # ---------------------------------------------------------------- invariants
    assert [d['id'] for d in dialogues] == ['P10-%03d' % i for i in range(N)]
    assert Counter(d['kind'] for d in dialogues) == Counter(KINDS)
    assert len({d['target'] for d in dialogues}) == N
    assert not ({d['target'] for d in dialogues} & set(refs.values()))
    assert len(set(refs.values())) == len(refs) == KINDS['composed']
    for s, d in enumerate(dialogues):
        p = byid[d['target']]
        assert d['constraints'] == {'articleType': p['articleType'], 'baseColour': p['baseColour'],
                                    'gender': p['gender']}
        assert p['baseColour'] != 'NA' and p['id'] not in blank and p['id'] not in dup_photo
        assert d['target'] in d['relevant']
        if d['kind'] == 'image':
            exp = sorted((q['id'] for q in rows if q['productDisplayName'] == p['productDisplayName']
                          and q['gender'] == p['gender'] and q['baseColour'] == p['baseColour']
                          and q['articleType'] == p['articleType']), key=int)
            assert len(d['turns']) == 1
        else:
            exp = relevant_for(rows, p['articleType'], p['baseColour'], d['_stated'], d['_names'])
            assert d['_stated'] == p['gender']
        assert d['relevant'] == exp
        imgs = [t['image'] for t in d['turns'] if t['image']]
        if d['kind'] in ('image', 'composed'):
            assert d['turns'][0]['image'] == '%s/%s.jpg' % (IMG_REL, d['id']) and len(imgs) == 1
            im = Image.open(os.path.join(HERE, imgs[0]))
            assert im.size == (60, 80) and im.format == 'JPEG'
        else:
            assert not imgs
        if d['kind'] == 'composed':
            ref = byid[refs[s]]
            assert ref['articleType'] == p['articleType'] and ref['gender'] == p['gender']
            assert ref['baseColour'] != p['baseColour'] and model_key(ref) == model_key(p)
        if d['kind'] == 'progressive':
            assert 2 <= len(d['turns']) <= 4
    files = sorted(os.listdir(OUT_IMG))
    assert files == sorted('%s.jpg' % d['id'] for d in dialogues if d['kind'] in ('image', 'composed'))

    with open(OUT_JSONL, 'w', encoding='utf-8') as f:
        for d in dialogues:
            d = {k: v for k, v in d.items() if not k.startswith('_')}
            f.write(json.dumps(d, ensure_ascii=False) + '\n')

    # ---------------------------------------------------------------- summary
    print('wrote', OUT_JSONL, 'and', len(files), 'photos in', OUT_IMG)
    print('kinds', dict(Counter(d['kind'] for d in dialogues)))
    print('turns', dict(sorted(Counter(len(d['turns']) for d in dialogues).items())),
          'total', sum(len(d['turns']) for d in dialogues))
    print('genders', dict(Counter(d['constraints']['gender'] for d in dialogues)))
    print('types', len({d['constraints']['articleType'] for d in dialogues}),
          'colours', len({d['constraints']['baseColour'] for d in dialogues}))
    print('relevant sizes text/composed', dict(Counter(len(d['relevant']) for d in dialogues if d['kind'] != 'image')))
    print('relevant sizes image', dict(Counter(len(d['relevant']) for d in dialogues if d['kind'] == 'image')))
    print('stats', dict(sorted(stats.items())))


if __name__ == '__main__':
    main()
