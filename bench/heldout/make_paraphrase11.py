#!/usr/bin/env python3
"""Generate bench/heldout/paraphrase11.jsonl and images/paraphrase11/ (written blind; see README).

usage: python bench/heldout/make_paraphrase11.py
Fixed seed: every random draw comes from a numpy generator seeded with the SHA-256 of SEED and the draw's purpose.
"""
import csv
import hashlib
import io
import json
import math
import os
import re
from collections import Counter, defaultdict

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter, ImageOps

SEED = 'paraphrase11/heldout/2024'
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
CAT_DIR = os.path.join(ROOT, 'data', 'fashion-small')
OUT_JSONL = os.path.join(HERE, 'paraphrase11.jsonl')
IMG_DIR = os.path.join(HERE, 'images', 'paraphrase11')
PREFIX = 'P11'
KINDS = {'progressive': 44, 'correction': 28, 'composed': 28, 'image': 20}


def rng(purpose):
    h = hashlib.sha256((SEED + '|' + purpose).encode()).digest()
    return np.random.default_rng(int.from_bytes(h[:8], 'big'))


def pick(purpose, seq):
    return seq[int(rng(purpose).integers(len(seq)))]


# ---------------------------------------------------------------- vocabulary
ITEMS = {
    'Tshirts': ['a plain crew tee', 'a cotton tee to knock about in', 'a short-sleeve tee'],
    'Shirts': ['a collared button-up', 'a shirt with buttons all the way down', 'a smart button-up'],
    'Casual Shoes': ['kicks to wear every day', 'some laid-back lace-ups', 'easygoing daily sneaks'],
    'Sports Shoes': ['trainers for jogging', 'gym trainers', 'runners for the treadmill'],
    'Tops': ['a pretty top', 'a blousey top to pair with jeans'],
    'Kurtas': ['a kurta for Diwali', 'a long ethnic kurta'],
    'Watches': ['a wristwatch', 'a watch to wear daily'],
    'Handbags': ['a big purse for daily use', 'a roomy tote purse'],
    'Heels': ['a pair of stilettos', 'pointy heels for a night out'],
    'Sunglasses': ['shades for driving', 'polarised shades'],
    'Sweaters': ['a woolly jumper', 'a knitted jumper for winter'],
    'Sandals': ['open-toe sandals', 'strappy summer sandals'],
    'Wallets': ['a billfold', 'a purse for cash n cards'],
    'Flip Flops': ['beach slippers', 'rubber thongs for the pool'],
    'Sweatshirts': ['a cosy crewneck sweatshirt', 'a warm sweatshirt'],
    'Belts': ['a waist belt', 'a belt to hold up trousers'],
    'Trousers': ['smart pants for work', 'a chino trouser'],
    'Formal Shoes': ['lace-up office footwear', 'polished dress shoes'],
    'Jeans': ['denim bottoms', 'a pair of jeans'],
    'Socks': ['a trio of ankle-length socks', 'socks for everyday'],
    'Jackets': ['a light jacket', 'a jacket for chilly nights'],
    'Flats': ['comfy flats', 'flat slip-ons with no heel'],
    'Backpacks': ['a school bag', 'a daypack for college'],
    'Briefs': ['comfy cotton knickers, brief cut', 'underwear, the brief cut'],
    'Shorts': ['a pair of shorts', 'knee-length shorts'],
    'Innerwear Vests': ['a sleeveless undershirt', 'an inner vest'],
    'Caps': ['a baseball-style cap', 'a peaked cap'],
    'Track Pants': ['sweatpants for jogging', 'cuffed jogger pants'],
    'Ties': ['a necktie', 'a tie for a suit'],
    'Kurtis': ['a short kurti', 'a kurti for college'],
    'Clutches': ['an evening clutch', 'a small party clutch'],
    'Dresses': ['a one-piece dress', 'a sundress'],
    'Skirts': ['a skirt', 'a flowy skirt'],
    'Scarves': ['a thin scarf', 'a scarf'],
    'Mufflers': ['a woolly muffler'],
    'Capris': ['capri pants cut below the knee'],
    'Tunics': ['a loose tunic top'],
    'Leggings': ['seamless stretchy leggings'],
    'Laptop Bag': ['a bag for my laptop'],
    'Duffel Bag': ['a duffle for travel'],
    'Trunk': ['trunk-style underwear'],
    'Perfume and Body Mist': ['a body mist', 'a nice scent'],
    'Deodorant': ['a deo spray'],
    'Cufflinks': ['cuff links for a wedding'],
    'Stockings': ['sheer stockings for office'],
    'Accessory Gift Set': ['a gift set of accessories'],
}
GROUP_SWAP = {
    'Tshirts': 'Shirts', 'Shirts': 'Tshirts', 'Casual Shoes': 'Sports Shoes', 'Sports Shoes': 'Casual Shoes',
    'Tops': 'Tshirts', 'Kurtas': 'Shirts', 'Watches': 'Sunglasses', 'Handbags': 'Clutches', 'Heels': 'Flats',
    'Sunglasses': 'Watches', 'Sweaters': 'Sweatshirts', 'Sandals': 'Flip Flops', 'Wallets': 'Belts',
    'Flip Flops': 'Sandals', 'Sweatshirts': 'Sweaters', 'Belts': 'Wallets', 'Trousers': 'Jeans',
    'Formal Shoes': 'Casual Shoes', 'Jeans': 'Trousers', 'Jackets': 'Sweatshirts', 'Flats': 'Heels',
    'Backpacks': 'Handbags', 'Briefs': 'Innerwear Vests', 'Shorts': 'Track Pants', 'Innerwear Vests': 'Briefs',
    'Caps': 'Sunglasses', 'Track Pants': 'Shorts', 'Ties': 'Belts', 'Kurtis': 'Tops', 'Clutches': 'Handbags',
    'Dresses': 'Skirts', 'Skirts': 'Dresses', 'Capris': 'Leggings', 'Leggings': 'Capris', 'Tunics': 'Kurtis',
}
PEOPLE = {
    'Men': ['my uncle Ravi', 'my hubby Arjun', 'my boyfriend Sameer', 'my papa Suresh', 'my brother Dev',
            'my nanu', 'my pal Nikhil', 'my sasur ji', 'my buddy Omar', 'my cousin Rahul'],
    'Women': ['my aunt Meena', 'my wife Priya', 'my girlfriend Tara', 'my mummy', 'my sister Kavya',
              'my dadi ma', 'my bestie Zoya', 'my saas ji', 'my roomie Neha', 'my cousin Ritu'],
    'Boys': ['my son Vihaan, he is ten', 'my lil nephew Advik (8)', 'my boy Kabir, age nine'],
    'Girls': ['my daughter Myra, 7 yrs', 'my lil niece Saanvi (6)', 'my girl Pihu, age eight'],
    'Unisex': ['both of us at home, whoever wears it', 'the whole household to share', 'me or my sister, we swap'],
}
OTHER_GENDER = {'Men': 'Women', 'Women': 'Men', 'Boys': 'Girls', 'Girls': 'Boys'}
COLOURS = {
    'Black': ['black like ink', 'coal black', 'black as night'],
    'White': ['pure milky white', 'white as paper', 'white like chalk'],
    'Blue': ['blue like the sky', 'a denim-ish blue'],
    'Navy Blue': ['navy, nearly black', 'dark sailor navy'],
    'Grey': ['ash-coloured grey', 'grey like steel wool'],
    'Brown': ['chocolatey brown', 'walnut brown'],
    'Red': ['red like chilli', 'tomato red'],
    'Green': ['lime-leaf green', 'grassy green'],
    'Purple': ['plum purple', 'violet-ish purple'],
    'Pink': ['candyfloss pink', 'rosy pink'],
    'Beige': ['oatmeal beige', 'sandy beige'],
    'Maroon': ['wine-red maroon', 'maroon-ish'],
    'Yellow': ['custard yellow', 'lemon yellow'],
    'Olive': ['army olive', 'olive-ish'],
    'Silver': ['silver like foil', 'shiny silver'],
    'Steel': ['steely, like cutlery', 'steel-toned'],
    'Orange': ['tangerine orange'],
    'Cream': ['cream like butter', 'cream-ish'],
    'Gold': ['golden like honey', 'goldish'],
    'Tan': ['tan-ish', 'caramel tan'],
    'Charcoal': ['sooty charcoal'],
    'Khaki': ['khaki-ish', 'dusty khaki'],
    'Magenta': ['hot magenta', 'magenta-ish'],
    'Off White': ['ivory, kind of off white', 'off-whitish'],
    'Lavender': ['pale lavender', 'lilac-ish lavender'],
    'Peach': ['soft peach'],
    'Teal': ['teal-ish', 'peacock teal'],
    'Copper': ['copper like a penny'],
    'Mustard': ['mustard seed yellow'],
}
NAME_T = {
    'brand': ['reckon the label was {b}', '{b} brand im fairly sure', '{b} makes it tbh',
              'pref {b}, love that label'],
    'word': ["the tag had '{w}' on it", 'its named kinda like {w}', 'name rings a bell, {w}?',
             'pretty sure the model is {w}'],
    'word2': ["title went '{w} {v}' or close", '{w} {v} printed on the tag somewhere'],
    'brandword': ['{b} made it, the {w} range i guess', '{b}, the {w} one ngl', 'a {b} thing called {w}'],
}
# progressive structures: list of turns, each a tuple of components
PROG = {
    'A': (10, [('i', 'p', 'c'), ('n',)]),
    'B': (9, [('i', 'p'), ('c', 'n')]),
    'C': (8, [('i', 'p'), ('c',), ('n',)]),
    'D': (8, [('i',), ('p', 'c'), ('n',)]),
    'E': (9, [('i',), ('p',), ('c',), ('n',)]),
}
T_IPC = ['hoping i can snag {i} for {p}, {c} ideally thx', 'any {i} for {p}? {c} would rock',
         'pls dig up {i} that suits {p}, {c} if u manage', 'gonna grab {i} for {p}, gotta be {c}']
T_IP = ['bday gift for {p}: {i}', 'scrolling thru {i} for {p} at the mo', 'wanna get {p} {i}', 'looking up {i}, its {p} who needs it']
T_I = ['lemme see {i}', 'got any {i}?', 'window shopping {i} today', 'wanna see {i} pls']
T_PC = ['its for {p}, {c} if possible thx', 'for {p}, and {c} pls', '{p} will wear it; {c} colour pls']
T_P = ['for {p}, just so u know', 'oh its for {p}', 'buying it for {p}']
T_C = ['{c} would be so lovely', 'colour-wise go {c}', 'just {c} ones pls', '{c} if u have it']
T_CN = ['{c} pls, and {n}', '{c} one; {n}', 'in {c}. also {n}']
T_N_ALONE = ['{n}', 'oh and {n}', 'also fyi {n}']
# corrections
T_CORR_C1 = ['{i} for {p} in {c}', 'gimme {i} for {p}, {c}', 'tracking down {i} for {p}, {c} pls']
T_CORR_C2 = ['oops typed {c1}, meant to put {c2}', 'brain fart, make that {c2}', 'hmm scrap {c1}, {c2} pls']
T_CORR_P2 = ['sorry its for {p2} in fact', 'brain fart, {p2} not {p1}', 'mixed up, its {p2} who needs it']
T_CORR_I2 = ['scratch that, i was after {i2}', 'nah nah, {i2} is what im after', 'ugh wrong word, {i2}']
T_COMP = ['same vibe but {c}', 'same thing in {c}?', 'this one but {c} pls', 'does it come in {c}?']
T_COMP_N = ['same vibe but {c}, {n}', 'same thing in {c}? {n}', 'this in {c} pls, {n}']
IMAGE_LINES = [
    'my cousin wore this at a wedding, need it', 'clocked this in a mall window', 'grabbed this off a reel, where to buy',
    'clicked this at my cousins place', 'this was on sale somewhere, cant recall where', 'my aunt has this, want one too',
    'pic from my phone, got this one?', 'saw it on a stranger in the metro', 'this exact thing pls',
    'old snap off my gallery, help', 'my colleague had this, tracking it down', 'want this for myself asap',
    'took this in a shop, u sell it?', 'gotta have this one', 'pic a friend sent me, any idea?',
    'photo from a trip, need the same', 'need this again, mine broke', 'this is the one i wanted ages ago',
    'any chance u stock this', 'bought it once, cant find it now',
]
FUNCTION_WORDS = set('a an the and or but for of in on at to with by from is it its this that these those i me my '
                     'we you u your be was were are am not no so if as do does did have has had one ones some any '
                     'what which who pls please just also too very it\'s im i\'m'.split())
COLOUR_WORDS = {'black', 'white', 'blue', 'navy', 'grey', 'gray', 'brown', 'red', 'green', 'purple', 'pink', 'beige',
                'maroon', 'yellow', 'olive', 'silver', 'steel', 'orange', 'cream', 'gold', 'golden', 'tan', 'multi',
                'charcoal', 'khaki', 'magenta', 'off', 'copper', 'lavender', 'peach', 'teal', 'mustard', 'coffee',
                'rust', 'turquoise', 'melange', 'burgundy', 'bronze', 'taupe', 'fluorescent', 'sea', 'metallic',
                'mauve', 'nude', 'skin'}
GENERIC = {'casual', 'formal', 'sports', 'sport', 'printed', 'print', 'solid', 'striped', 'stripe', 'check', 'checked',
           'checks', 'pack', 'pair', 'style', 'fashion', 'sleeve', 'sleeves', 'neck', 'round', 'with', 'women',
           'unisex', 'boys', 'girls', 'kids', 'slim', 'regular', 'full', 'half', 'long', 'short', 'cotton',
           'leather', 'mens', 'womens', 'polo', 'graphic', 'logo', 'set', 'collar', 'slip', 'lace', 'ups', 'tee',
           'tees', 'shoe', 'shoes', 'watch', 'bag', 'bags', 'dial', 'analog', 'digital', 'chronograph', 'flip',
           'flop', 'flops', 'sunglass', 'sunglasses', 'kurta', 'kurti', 'shirt', 'tshirt', 'jeans', 'jean', 'fit',
           'from', 'deep', 'light', 'dark', 'washed', 'wash', 'innerwear', 'vest', 'brief', 'trunk', 'socks',
           'clutch', 'purse', 'handbag', 'backpack', 'wallet', 'belt', 'heels', 'heel', 'flats', 'sandal',
           'sandals', 'jacket', 'sweater', 'sweatshirt', 'trousers', 'trouser', 'shorts', 'track', 'pants', 'tie',
           'ties', 'caps', 'dress', 'dresses', 'skirt', 'top', 'tops', 'perfume', 'body', 'mist', 'deodorant',
           'laptop', 'duffel', 'mufflers', 'muffler', 'scarf', 'scarves', 'capris', 'tunic', 'leggings',
           'stockings', 'cufflinks', 'gift'}
GENDER_TITLE = {'men', "men's", 'mens', 'women', "women's", 'womens', 'unisex', 'boys', 'girls', 'kids', 'boy',
                'girl', 'infant', 'infants'}
TYPO_SKIP = set()


# ---------------------------------------------------------------- catalog
def norm_tokens(s):
    s = s.lower().replace('&', ' and ').replace("'", '').replace('.', '')
    return re.findall(r'[a-z0-9]+', s)


def has_phrase(tokens, phrase):
    n = len(phrase)
    return any(tokens[k:k + n] == phrase for k in range(len(tokens) - n + 1))


def gender_ok(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


def load_catalog():
    rows = list(csv.DictReader(open(os.path.join(CAT_DIR, 'catalog.csv'), encoding='utf-8')))
    digests = {}
    blank = set()
    for r in rows:
        data = open(os.path.join(CAT_DIR, 'images', r['id'] + '.jpg'), 'rb').read()
        digests[r['id']] = hashlib.sha256(data).hexdigest()
        a = np.asarray(Image.open(io.BytesIO(data)).convert('L'), dtype=np.float64)
        if a.std() < 4 or a.min() > 236:
            blank.add(r['id'])
    dcount = Counter(digests.values())
    for r in rows:
        r['toks'] = norm_tokens(r['productDisplayName'])
        r['photo_ok'] = r['id'] not in blank and dcount[digests[r['id']]] == 1
        words = r['productDisplayName'].split()
        gi = next((k for k, w in enumerate(words) if w.lower() in GENDER_TITLE), None)
        r['gi'] = gi
        r['brand_raw'] = ' '.join(words[:gi]) if gi else None
        r['after'] = words[gi + 1:] if gi is not None else []
        r['kid_title'] = any(w.lower() in ('boys', 'girls', 'kids', 'boy', 'girl', 'infant', 'infants')
                             for w in words)
    return rows


def main():
    rows = load_catalog()
    by_id = {r['id']: r for r in rows}
    df = Counter()
    for r in rows:
        df.update(set(r['toks']))
    brand_count = Counter(r['brand_raw'] for r in rows if r['brand_raw'])
    type_words = set()
    for t in {r['articleType'] for r in rows}:
        for w in norm_tokens(t):
            type_words.update({w, w.rstrip('s'), w + 's'})
    for r in rows:
        b = r['brand_raw']
        ok = (b and brand_count[b] >= 3 and len(b.split()) <= 3
              and len(norm_tokens(b)) <= 3 and not (set(norm_tokens(b)) & COLOUR_WORDS) and re.fullmatch(r"[A-Za-z &'-]+", b))
        r['brand'] = b if ok else None
        btoks = set(norm_tokens(b)) if ok else set()
        tw = []
        for w in r['after']:
            lw = w.lower()
            if (w.isalpha() and len(w) >= 4 and lw not in COLOUR_WORDS and lw not in type_words
                    and lw not in GENERIC and lw not in btoks and lw not in GENDER_TITLE and df[lw] <= 80
                    and lw not in tw):
                tw.append(lw)
        r['twords'] = tw
        r['twords_orig'] = {w.lower(): w for w in r['after']}

    def relevant(tgt, stated, mode_words):
        out = []
        for r in rows:
            if r['articleType'] != tgt['articleType'] or r['baseColour'] != tgt['baseColour']:
                continue
            if not gender_ok(stated, r['gender']):
                continue
            if all(has_phrase(r['toks'], norm_tokens(w)) for w in mode_words):
                out.append(r['id'])
        return sorted(out, key=int)

    def name_modes(tgt, stated):
        modes = []
        if tgt['brand']:
            modes.append(('brand', [tgt['brand']]))
        for w in tgt['twords']:
            modes.append(('word', [w]))
        if len(tgt['twords']) >= 2:
            modes.append(('word2', tgt['twords'][:2]))
        if tgt['brand'] and tgt['twords']:
            modes.append(('brandword', [tgt['brand'], tgt['twords'][0]]))
        good = []
        for m, ws in modes:
            rel = relevant(tgt, stated, ws)
            if tgt['id'] in rel and len(rel) <= 3:
                good.append((m, ws, rel))
        return good

    def usable(r):
        return (r['photo_ok'] and r['baseColour'] in COLOURS and r['articleType'] in ITEMS
                and not (r['gender'] in ('Men', 'Women') and r['kid_title'])
                and not (r['gender'] == 'Men' and r['articleType'] in ('Kurtis', 'Heels', 'Dresses', 'Skirts', 'Tops',
                                                                       'Tunics', 'Leggings', 'Capris', 'Clutches',
                                                                       'Handbags', 'Stockings', 'Flats'))
                and r['gender'] in PEOPLE)

    pool = [r for r in rows if usable(r)]
    by_type = defaultdict(list)
    for r in pool:
        by_type[r['articleType']].append(r)
    title_key = Counter((r['productDisplayName'], r['gender'], r['baseColour'], r['articleType']) for r in rows)

    def model_key(r):
        return (r['articleType'], r['gender'], tuple(t for t in r['toks'] if t not in COLOUR_WORDS))

    by_model = defaultdict(list)
    for r in pool:
        by_model[model_key(r)].append(r)

    # kinds shuffled
    kinds = [k for k, n in KINDS.items() for _ in range(n)]
    order = rng('kinds').permutation(len(kinds))
    kinds = [kinds[k] for k in order]
    n_total = len(kinds)
    # reserve kid/unisex slots among progressive, correction and image
    special = [k for k in range(n_total) if kinds[k] != 'composed']
    special = [special[k] for k in sorted(rng('special').choice(len(special), 14, replace=False))]
    special_gender = {s: ['Boys', 'Girls', 'Unisex'][j % 3] for j, s in enumerate(special)}
    # progressive structures and correction sub-kinds
    prog_list = [s for s, (n, _) in PROG.items() for _ in range(n)]
    prog_list = [prog_list[k] for k in rng('prog-structures').permutation(len(prog_list))]
    corr_list = ['colour'] * 14 + ['person'] * 7 + ['item'] * 7
    corr_list = [corr_list[k] for k in rng('corr-kinds').permutation(len(corr_list))]
    comp_next = [False] * 8 + [True] * 20
    comp_next = [comp_next[k] for k in rng('comp-next').permutation(len(comp_next))]
    corr_fix = [True] * 11 + [False] * 17
    corr_fix = [corr_fix[k] for k in rng('corr-fix').permutation(len(corr_fix))]
    img_lines = [IMAGE_LINES[k] for k in rng('image-lines').permutation(len(IMAGE_LINES))]
    typo_set = set(int(k) for k in rng('typos').choice(n_total, 14, replace=False))
    misspell_p = 0.15

    used_targets, used_refs = set(), set()
    type_used = Counter()
    counters = Counter()
    dialogues = []
    photo_jobs = []
    for idx, kind in enumerate(kinds):
        did = f'{PREFIX}-{idx:03d}'
        sub = None
        if kind == 'progressive':
            sub = prog_list[counters['progressive']]
        elif kind == 'correction':
            sub = corr_list[counters['correction']]
        want_g = special_gender.get(idx)
        # choose type: fewest targets relative to log(2.5 + usable)^1.3, random tie-break
        r_t = rng(f'type|{did}')
        types = sorted(by_type)
        scores = [(type_used[t] / math.log(2.5 + len(by_type[t])) ** 1.3 + float(r_t.random()) * 0.35, t)
                  for t in types]
        chosen = None
        for _, t in sorted(scores):
            cands = []
            for r in by_type[t]:
                if r['id'] in used_targets or r['id'] in used_refs:
                    continue
                if want_g and r['gender'] != want_g:
                    continue
                if not want_g and r['gender'] not in ('Men', 'Women'):
                    continue
                if kind == 'correction' and sub == 'item' and t not in GROUP_SWAP:
                    continue
                if kind == 'correction' and sub == 'person' and r['gender'] not in OTHER_GENDER:
                    continue
                if kind == 'image' and title_key[(r['productDisplayName'], r['gender'], r['baseColour'],
                                                  r['articleType'])] > 3:
                    continue
                cands.append(r)
            if not cands:
                continue
            r_c = rng(f'cand|{did}|{t}')
            for k in r_c.permutation(len(cands)):
                c = cands[int(k)]
                if kind == 'image':
                    chosen = (c, None, None)
                    break
                modes = name_modes(c, c['gender'])
                if not modes:
                    continue
                ref = None
                if kind == 'composed':
                    same = [x for x in by_model[model_key(c)] if x['baseColour'] != c['baseColour']
                            and x['id'] not in used_targets and x['id'] not in used_refs]
                    if not same:
                        continue  # keep composed to same-model references
                    ref = same[int(rng(f'ref|{did}').integers(len(same)))]
                mode = modes[int(rng(f'mode|{did}').integers(len(modes)))]
                chosen = (c, mode, ref)
                break
            if chosen:
                break
        assert chosen, (did, kind, want_g)
        tgt, mode, ref = chosen
        used_targets.add(tgt['id'])
        if ref:
            used_refs.add(ref['id'])
        type_used[tgt['articleType']] += 1
        counters[kind] += 1
        g = tgt['gender']
        t = tgt['articleType']
        rr = rng(f'text|{did}')

        def ch(seq):
            return seq[int(rr.integers(len(seq)))]

        item = ch(ITEMS[t])
        person = ch(PEOPLE[g])
        colour = ch(COLOURS[tgt['baseColour']])
        name = None
        misspelt = []
        if mode:
            m, ws, rel = mode
            shown = []
            for w in ws:
                disp = w if m in ('brand', 'brandword') and w == tgt['brand'] else tgt['twords_orig'].get(w, w)
                if rr.random() < misspell_p:
                    wd = disp.split()
                    j = max(range(len(wd)), key=lambda k: len(wd[k]))
                    x = wd[j]
                    if len(x) >= 4:
                        p = 1 + int(rr.integers(len(x) - 2))
                        x = x[:p] + x[p + 1:] if rr.random() < 0.5 else x[:p] + x[p] + x[p:]
                        misspelt.append((disp, ' '.join(wd[:j] + [x] + wd[j + 1:])))
                        wd[j] = x
                    disp = ' '.join(wd)
                shown.append(disp)
            tpl = ch(NAME_T[m])
            if m == 'brand':
                name = tpl.format(b=shown[0])
            elif m == 'word':
                name = tpl.format(w=shown[0])
            elif m == 'word2':
                name = tpl.format(w=shown[0], v=shown[1])
            else:
                name = tpl.format(b=shown[0], w=shown[1])
        turns = []
        if kind == 'progressive':
            for comp in PROG[sub][1]:
                if comp == ('i', 'p', 'c'):
                    s = ch(T_IPC).format(i=item, p=person, c=colour)
                elif comp == ('i', 'p'):
                    s = ch(T_IP).format(i=item, p=person)
                elif comp == ('i',):
                    s = ch(T_I).format(i=item)
                elif comp == ('p', 'c'):
                    s = ch(T_PC).format(p=person, c=colour)
                elif comp == ('p',):
                    s = ch(T_P).format(p=person)
                elif comp == ('c',):
                    s = ch(T_C).format(c=colour)
                elif comp == ('c', 'n'):
                    s = ch(T_CN).format(c=colour, n=name)
                else:
                    s = ch(T_N_ALONE).format(n=name)
                turns.append(s)
            stated = g
        elif kind == 'correction':
            fix_has_name = corr_fix[counters['correction'] - 1]
            if sub == 'colour':
                wrongs = [c for c in COLOURS if c != tgt['baseColour']]
                wc = ch(COLOURS[ch(wrongs)])
                turns.append(ch(T_CORR_C1).format(i=item, p=person, c=wc))
                fix = ch(T_CORR_C2).format(c1=wc, c2=colour)
            elif sub == 'person':
                wp = ch(PEOPLE[OTHER_GENDER[g]])
                turns.append(ch(T_CORR_C1).format(i=item, p=wp, c=colour))
                fix = ch(T_CORR_P2).format(p1=wp, p2=person)
            else:
                wi = ch(ITEMS[GROUP_SWAP[t]])
                turns.append(ch(T_CORR_C1).format(i=wi, p=person, c=colour))
                fix = ch(T_CORR_I2).format(i2=item)
            if fix_has_name:
                turns.append(fix + ', ' + name)
            else:
                turns += [fix, ch(T_N_ALONE).format(n=name)]
            stated = g
        elif kind == 'composed':
            nxt = comp_next[counters['composed'] - 1]
            if nxt:
                turns = [ch(T_COMP).format(c=colour), ch(T_N_ALONE).format(n=name)]
            else:
                turns = [ch(T_COMP_N).format(c=colour, n=name)]
            stated = g
        else:
            turns = [img_lines[counters['image'] - 1]]
            stated = g
        typo = None
        if idx in typo_set:
            rt = rng(f'typo|{did}')
            protect = set()
            if name:
                protect = set(re.findall(r"[A-Za-z]+", name))
            cand = [(ti, m_.start(), m_.group()) for ti, s in enumerate(turns)
                    for m_ in re.finditer(r'[A-Za-z]{5,}', s) if m_.group() not in protect]
            ti, pos, w = cand[int(rt.integers(len(cand)))]
            p = 1 + int(rt.integers(len(w) - 2))
            op = int(rt.integers(3))
            if op == 0:
                nw = w[:p] + w[p + 1] + w[p] + w[p + 2:]
            elif op == 1:
                nw = w[:p] + w[p + 1:]
            else:
                nw = w[:p] + w[p] + w[p:]
            if nw == w:
                nw = w[:p] + w[p + 1:]
            turns[ti] = turns[ti][:pos] + nw + turns[ti][pos + len(w):]
            typo = (w, nw)
        imgs = [None] * len(turns)
        if kind == 'image':
            imgs[0] = f'images/paraphrase11/{did}.jpg'
            photo_jobs.append((did, tgt['id']))
            key = (tgt['productDisplayName'], g, tgt['baseColour'], t)
            rel = sorted([r['id'] for r in rows if (r['productDisplayName'], r['gender'], r['baseColour'],
                                                   r['articleType']) == key], key=int)
        else:
            rel = mode[2]
            if kind == 'composed':
                imgs[0] = f'images/paraphrase11/{did}.jpg'
                photo_jobs.append((did, ref['id']))
        d = {'id': did, 'kind': kind,
             'turns': [{'text': s, 'image': im} for s, im in zip(turns, imgs)],
             'target': tgt['id'], 'relevant': rel,
             'constraints': {'articleType': t, 'baseColour': tgt['baseColour'], 'gender': g}}
        dialogues.append((d, {'sub': sub, 'mode': mode[0] if mode else None, 'ref': ref['id'] if ref else None,
                              'stated': stated, 'typo': typo, 'misspelt': misspelt, 'words': mode[1] if mode else None}))

    # ---------------------------------------------------------------- invariants
    ids = [d['id'] for d, _ in dialogues]
    assert ids == [f'{PREFIX}-{k:03d}' for k in range(n_total)]
    assert Counter(d['kind'] for d, _ in dialogues) == Counter(KINDS)
    assert len({d['target'] for d, _ in dialogues}) == n_total
    refs = [m['ref'] for _, m in dialogues if m['ref']]
    assert len(refs) == KINDS['composed'] == len(set(refs)) and not set(refs) & used_targets
    for d, m in dialogues:
        tgt = by_id[d['target']]
        c = d['constraints']
        assert c == {'articleType': tgt['articleType'], 'baseColour': tgt['baseColour'], 'gender': tgt['gender']}
        assert c['baseColour'] != 'NA' and tgt['photo_ok']
        assert 1 <= len(d['turns']) <= 4
        if d['kind'] == 'image':
            key = (tgt['productDisplayName'], tgt['gender'], tgt['baseColour'], tgt['articleType'])
            exp = sorted([r['id'] for r in rows if (r['productDisplayName'], r['gender'], r['baseColour'],
                                                   r['articleType']) == key], key=int)
            assert len(d['turns']) == 1 and d['turns'][0]['image']
        else:
            exp = relevant(tgt, m['stated'], m['words'])
            if d['kind'] == 'composed':
                ref = by_id[m['ref']]
                assert model_key(ref) == model_key(tgt) and ref['baseColour'] != tgt['baseColour'] and ref['photo_ok']
                assert d['turns'][0]['image'] and all(t_['image'] is None for t_ in d['turns'][1:])
            else:
                assert all(t_['image'] is None for t_ in d['turns'])
                assert 2 <= len(d['turns']) <= 4
        assert d['relevant'] == exp and d['target'] in exp, d['id']

    # ---------------------------------------------------------------- photos
    os.makedirs(IMG_DIR, exist_ok=True)
    expected = set()
    for did, pid in photo_jobs:
        out = os.path.join(IMG_DIR, did + '.jpg')
        expected.add(did + '.jpg')
        shopper_photo(os.path.join(CAT_DIR, 'images', pid + '.jpg'), out, rng(f'photo|{did}'))
    assert set(os.listdir(IMG_DIR)) == expected, 'stray files in image folder'
    for d, _ in dialogues:
        for t_ in d['turns']:
            if t_['image']:
                im = Image.open(os.path.join(HERE, t_['image']))
                assert im.size == (60, 80) and im.format == 'JPEG'

    with open(OUT_JSONL, 'w', encoding='utf-8') as f:
        for d, _ in dialogues:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')

    # ---------------------------------------------------------------- summary
    tgts = [by_id[d['target']] for d, _ in dialogues]
    print('dialogues', len(dialogues), dict(Counter(d['kind'] for d, _ in dialogues)))
    print('turns', dict(sorted(Counter(len(d['turns']) for d, _ in dialogues).items())),
          'total', sum(len(d['turns']) for d, _ in dialogues))
    print('progressive', dict(Counter(m['sub'] for d, m in dialogues if d['kind'] == 'progressive')))
    print('correction', dict(Counter(m['sub'] for d, m in dialogues if d['kind'] == 'correction')),
          'name in fix', sum(1 for d, m in dialogues if d['kind'] == 'correction' and len(d['turns']) == 2))
    print('composed name same turn', sum(1 for d, _ in dialogues if d['kind'] == 'composed' and len(d['turns']) == 1))
    print('types', len({r['articleType'] for r in tgts}), 'colours', len({r['baseColour'] for r in tgts}))
    print('genders', dict(Counter(r['gender'] for r in tgts)))
    print('type counts', dict(Counter(r['articleType'] for r in tgts).most_common()))
    print('modes', dict(Counter(m['mode'] for _, m in dialogues if m['mode'])))
    print('relevant sizes', dict(sorted(Counter((d['kind'] == 'image', len(d['relevant'])) for d, _ in dialogues).items())))
    print('typos', [m['typo'] for _, m in dialogues if m['typo']])
    print('misspelt', sum(len(m['misspelt']) for _, m in dialogues), [x for _, m in dialogues for x in m['misspelt']])
    short = re.compile(r'\b(u|pls|rn|tbh|ngl|gonna|wanna|gotta|gimme|bday|fyi|thx|thru|lil|asap|lemme|n|im|pref|yrs|hubby|roomie)\b')
    print('texting short forms', sum(1 for d, _ in dialogues if any(short.search(t_['text']) for t_ in d['turns'])))
    print('md5', hashlib.md5(open(OUT_JSONL, 'rb').read()).hexdigest())


# ---------------------------------------------------------------- shopper photo recipe
TONES = [(236, 226, 206), (214, 222, 232), (228, 220, 224), (220, 228, 214), (232, 224, 214), (210, 210, 216)]


def shopper_photo(src, dst, r):
    im = Image.open(src).convert('RGB')
    a = np.asarray(im.resize((180, 240), Image.BICUBIC), dtype=np.float64)
    # backdrop tint: bright unsaturated pixels drift toward a room tone
    if r.random() < 0.75:
        tone = np.array(TONES[int(r.integers(len(TONES)))], dtype=np.float64)
        amt = r.uniform(0.06, 0.16)
        bright = (a.mean(axis=2) > 222) & (a.max(axis=2) - a.min(axis=2) < 22)
        a[bright] = a[bright] * (1 - amt) + tone * amt
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    fill = tuple(int(v) for v in np.median(border, axis=0))
    if r.random() < 0.35:
        im = ImageOps.mirror(im)
    if r.random() < 0.65:
        im = im.rotate(float(r.uniform(-4.5, 4.5)), resample=Image.BICUBIC, fillcolor=fill)
    z = r.uniform(1.0, 1.13)
    w, h = im.size
    cw, ch_ = w / z, h / z
    cx = w / 2 + r.uniform(-0.5, 0.5) * (w - cw)
    cy = h / 2 + r.uniform(-0.5, 0.5) * (h - ch_)
    im = im.crop((int(round(cx - cw / 2)), int(round(cy - ch_ / 2)), int(round(cx + cw / 2)), int(round(cy + ch_ / 2))))
    im = ImageEnhance.Brightness(im).enhance(r.uniform(0.93, 1.06))
    im = ImageEnhance.Contrast(im).enhance(r.uniform(0.91, 1.06))
    im = ImageEnhance.Color(im).enhance(r.uniform(0.88, 1.1))
    a = np.asarray(im, dtype=np.float64)
    # white balance: warm/cool tilt
    k = r.uniform(-0.04, 0.04)
    a = a * np.array([1 + k, 1 + r.uniform(-0.012, 0.012), 1 - k])
    # mild vignette (40%)
    if r.random() < 0.4:
        hh, ww = a.shape[:2]
        yy, xx = np.mgrid[0:hh, 0:ww]
        d = np.sqrt(((xx - ww / 2) / (ww / 2)) ** 2 + ((yy - hh / 2) / (hh / 2)) ** 2) / math.sqrt(2)
        a = a * (1 - r.uniform(0.03, 0.08) * d[..., None] ** 2)
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    im = im.resize((60, 80), [Image.LANCZOS, Image.BICUBIC, Image.BILINEAR][int(r.integers(3))])
    if r.random() < 0.5:
        im = im.filter(ImageFilter.GaussianBlur(float(r.uniform(0.2, 0.45))))
    a = np.asarray(im, dtype=np.float64)
    s = r.uniform(0.0, 2.2)
    a = a + r.normal(0, s, a.shape) + r.normal(0, s / 2, a.shape[:2])[..., None]
    im = Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8))
    im.save(dst, 'JPEG', quality=int(r.integers(64, 89)))


if __name__ == '__main__':
    main()
