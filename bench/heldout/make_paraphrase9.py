#!/usr/bin/env python3
"""Generate bench/heldout/paraphrase9.jsonl and images/paraphrase9/ (150 dialogues).

usage: python bench/heldout/make_paraphrase9.py

Fixed seed; every random draw comes from a generator seeded with the SHA-256 of the seed
string and the draw's purpose, so two runs write byte-identical files. Needs Pillow and numpy.
Written blind: built from the catalog, the dev format (first 3 lines) and score.py's rule only.
"""
import csv, hashlib, io, json, math, os, random, re, sys
from collections import Counter, defaultdict

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

SEED = 'paraphrase9/2024-blind'
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CATALOG = os.path.join(ROOT, 'data', 'fashion-small', 'catalog.csv')
PHOTOS = os.path.join(ROOT, 'data', 'fashion-small', 'images')
OUT_JSONL = os.path.join(HERE, 'paraphrase9.jsonl')
OUT_IMG = os.path.join(HERE, 'images', 'paraphrase9')
IMG_REL = 'images/paraphrase9'
KINDS = {'progressive': 55, 'correction': 35, 'composed': 35, 'image': 25}
N = sum(KINDS.values())


def rng(purpose):
    h = hashlib.sha256((SEED + '|' + purpose).encode()).digest()
    return random.Random(int.from_bytes(h[:16], 'big'))


def nprng(purpose):
    h = hashlib.sha256((SEED + '|np|' + purpose).encode()).digest()
    return np.random.default_rng(int.from_bytes(h[:16], 'big'))


def hkey(purpose, x):
    return hashlib.sha256((SEED + '|' + purpose + '|' + str(x)).encode()).hexdigest()


# ---------------------------------------------------------------- vocabulary
ITEMS = {
    'Tshirts': ['a plain cotton tee', 'a round-collar tee', 'a slogan tee', 'a soft tee for weekends'],
    'Shirts': ['a button-down', 'a collared button-up', 'a shirt with proper buttons', 'a crisp button-front'],
    'Casual Shoes': ['some everyday lace-ups', 'a pair of knockabout shoes', 'some weekend shoes', 'casual lace-up pumps'],
    'Tops': ['a cute little top', 'a going-out top', 'a light blousy top'],
    'Kurtas': ['a long kurta', 'a festive kurta', 'an ethnic kurta'],
    'Sports Shoes': ['some jogging shoes', 'a pair of gym shoes', 'some treadmill shoes'],
    'Watches': ['a wristwatch', 'a watch for daily wear', 'a ticker for the wrist'],
    'Handbags': ['a shoulder handbag', 'a roomy purse', 'a carry-everything handbag', 'a daytime handbag'],
    'Heels': ['a pair of heeled shoes', 'some party heels', 'some dressy heels'],
    'Sunglasses': ['some sun specs', 'a pair of dark glasses', 'some glare glasses'],
    'Sweaters': ['a knitted pullover', 'a warm knit', 'a woolly pullover'],
    'Sandals': ['some open sandals', 'a pair of strappy sandals', 'summer sandals'],
    'Wallets': ['a money wallet', 'a cardholder wallet', 'a pocket wallet'],
    'Flip Flops': ['some thong slippers', 'a pair of pool slides', 'some beach slippers'],
    'Sweatshirts': ['a cosy sweatshirt', 'a fleecy sweatshirt', 'a crewneck sweatshirt'],
    'Belts': ['a waist belt', 'a belt for jeans', 'a buckle belt'],
    'Trousers': ['some smart pants', 'a pair of office pants', 'proper trousers'],
    'Formal Shoes': ['some office lace-ups', 'a pair of dress shoes', 'some polished work shoes'],
    'Jeans': ['some denims', 'a pair of blue-jean pants', 'a denim pair'],
    'Socks': ['a few pairs of socks', 'some ankle socks', 'a sock pack'],
    'Jackets': ['a light jacket', 'an outer jacket', 'a zip-up jacket'],
    'Flats': ['some flat pumps', 'a pair of flat shoes', 'some no-heel shoes'],
    'Backpacks': ['a daypack', 'a school backpack', 'a bag for the back'],
    'Briefs': ['some underpants', 'a pack of undies', 'some smalls'],
    'Shorts': ['some half pants', 'a pair of knee shorts', 'summer shorts'],
    'Innerwear Vests': ['a sleeveless undervest', 'an inner vest', 'a cotton undershirt'],
    'Caps': ['a peak cap', 'a baseball-style cap', 'a sporty cap'],
    'Track Pants': ['some trackies', 'a pair of track bottoms', 'some running bottoms'],
    'Ties': ['a neck tie', 'a tie for the office', 'a silky tie'],
    'Kurtis': ['a short kurti', 'a kurti for daily wear', 'a printed kurti'],
    'Clutches': ['a little clutch purse', 'an evening clutch', 'a hand clutch'],
    'Dresses': ['a frock', 'a one-piece dress', 'a pretty dress'],
    'Mufflers': ['a neck muffler', 'a woolly muffler', 'a winter muffler'],
    'Accessory Gift Set': ['an accessories gift box', 'a gift combo of accessories'],
    'Skirts': ['a skirt', 'a swishy skirt', 'a knee skirt'],
    'Trunk': ['some trunks underwear', 'a pair of trunk undies'],
    'Scarves': ['a light scarf', 'a neck scarf', 'a printed scarf'],
    'Perfume and Body Mist': ['a scent spray', 'a body spray', 'a bottle of perfume'],
    'Cufflinks': ['a set of cufflinks', 'some shirt-cuff links'],
    'Capris': ['some three-quarter pants', 'a pair of calf-length pants'],
    'Laptop Bag': ['a bag for the laptop', 'a laptop carry bag', 'a notebook bag'],
    'Tunics': ['a long tunic top', 'a loose tunic'],
    'Stockings': ['some sheer stockings', 'a pair of nylons'],
    'Leggings': ['some stretchy leggings', 'a pair of leggings'],
    'Duffel Bag': ['a roomy duffel', 'a weekend duffel', 'a kit duffel'],
    'Mobile Pouch': ['a phone pouch', 'a little pouch for the mobile'],
    'Deodorant': ['a deo spray', 'a can of deo'],
    'Tracksuits': ['a full tracksuit', 'a matching track set'],
    'Sports Sandals': ['some sporty sandals', 'a pair of trek sandals'],
    'Bra': ['a bra', 'an everyday bra'],
    'Gloves': ['some hand gloves', 'a pair of gloves'],
    'Messenger Bag': ['a messenger satchel', 'a cross-body messenger'],
    'Fragrance Gift Set': ['a fragrance gift box', 'a perfume gift pack'],
    'Dupatta': ['a dupatta', 'a long dupatta'],
    'Lounge Shorts': ['some lounging shorts', 'a pair of home shorts'],
    'Umbrellas': ['a brolly', 'an umbrella for the monsoon'],
    'Churidar': ['a churidar bottom', 'some churidar pants'],
    'Stoles': ['a shawl-type stole', 'a wrap stole'],
    'Hat': ['a hat', 'a sun hat'],
    'Waist Pouch': ['a belt pouch', 'a waist bag'],
    'Lounge Pants': ['some lounging pants', 'a pair of house pants'],
    'Headband': ['a stretchy headband', 'a sweat headband'],
    'Rucksacks': ['a rucksack', 'a hiking rucksack'],
    'Tights': ['some opaque tights', 'a pair of tights'],
    'Boxers': ['some boxer shorts', 'a pair of boxers'],
    'Necklace and Chains': ['a neck chain', 'a chain necklace thing'],
    'Waistcoat': ['a sleeveless waistcoat', 'a vest coat'],
}
# wrong item for item corrections: a neighbour type where one is natural
NEAR = {'Heels': 'Flats', 'Flats': 'Heels', 'Sandals': 'Flip Flops', 'Flip Flops': 'Sandals',
        'Casual Shoes': 'Sports Shoes', 'Sports Shoes': 'Casual Shoes', 'Formal Shoes': 'Casual Shoes',
        'Tshirts': 'Shirts', 'Shirts': 'Tshirts', 'Tops': 'Tshirts', 'Kurtas': 'Kurtis', 'Kurtis': 'Tops',
        'Jeans': 'Trousers', 'Trousers': 'Jeans', 'Sweaters': 'Sweatshirts', 'Sweatshirts': 'Jackets',
        'Jackets': 'Sweaters', 'Backpacks': 'Laptop Bag', 'Laptop Bag': 'Backpacks', 'Handbags': 'Clutches',
        'Clutches': 'Handbags', 'Wallets': 'Mobile Pouch', 'Briefs': 'Trunk', 'Trunk': 'Briefs',
        'Shorts': 'Track Pants', 'Track Pants': 'Shorts', 'Caps': 'Hat', 'Mufflers': 'Scarves',
        'Scarves': 'Mufflers', 'Dresses': 'Tops', 'Skirts': 'Shorts', 'Socks': 'Innerwear Vests',
        'Innerwear Vests': 'Tshirts', 'Watches': 'Sunglasses', 'Sunglasses': 'Caps', 'Belts': 'Wallets',
        'Ties': 'Cufflinks', 'Cufflinks': 'Ties', 'Perfume and Body Mist': 'Deodorant', 'Deodorant': 'Perfume and Body Mist',
        'Duffel Bag': 'Backpacks', 'Capris': 'Leggings', 'Leggings': 'Capris', 'Tunics': 'Kurtis'}

COLOURS = {
    'Black': ['tyre black', 'black as a crow', 'coalmine black', 'blackout black'],
    'Blue': ['swimming-pool blue', 'middling blue', 'blue like jeans', 'true blueish'],
    'White': ['whitewash white', 'bleached white', 'fridge white', 'white as milk'],
    'Grey': ['monsoon-cloud grey', 'greyscale grey', 'wet-concrete grey', 'elephant-skin grey'],
    'Brown': ['cocoa-bean brown', 'cinnamon brown', 'tree-bark brown', 'brown like toast'],
    'Red': ['tomato-sauce red', 'red like a chilli', 'ladybird red', 'red like a fire truck'],
    'Green': ['green like a lime leaf', 'garden green', 'greeny-green', 'green like a pickle jar'],
    'Navy Blue': ['navy like a school blazer', 'dark navy-type blue', 'uniform navy', 'nightsky navy'],
    'Purple': ['purple like a brinjal', 'purple like jamun', 'purple-y', 'blackcurrant purple'],
    'Pink': ['strawberry-milk pink', 'pinky-pink', 'flamingo-ish pink', 'pink like candyfloss'],
    'Beige': ['porridge beige', 'beige-ish neutral', 'cardboard beige', 'digestive-biscuit beige'],
    'Maroon': ['maroon like kokum', 'maroon like old cherries', 'maroon-type red', 'claret maroon'],
    'Yellow': ['yolk yellow', 'haldi yellow', 'yellow like a lemon', 'canary-ish yellow'],
    'Olive': ['olive like army fatigues', 'olivey green-brown', 'dusty olive green'],
    'Silver': ['silver like tinfoil', 'tinfoil silver', 'silver-toned'],
    'Steel': ['stainless steel look', 'steel-type metal', 'plain steel colour'],
    'Orange': ['orange like a mandarin', 'marigold orange', 'carrot orange'],
    'Cream': ['cream like malai', 'cream like buttermilk', 'cream-ish'],
    'Gold': ['gold like a bangle', 'goldy', 'gold-toned'],
    'Tan': ['tan like a saddle', 'tan like a satchel', 'tan-type brown'],
    'Multi': ['all sorts of colours', 'multi-colour mix', 'many-coloured'],
    'Charcoal': ['charcoal-type dark grey', 'charcoal like pencil lead', 'charcoally'],
    'Khaki': ['khaki like a uniform', 'khaki-type'],
    'Magenta': ['magenta like bougainvillea', 'magenta-type pink'],
    'Off White': ['off white like eggshell', 'eggshell off white', 'off-whitey'],
    'Copper': ['copper like an old coin', 'copper-toned'],
    'Lavender': ['lavender like the flowers', 'lavendery'],
    'Peach': ['peach like apricots', 'peach-toned'],
    'Teal': ['teal like a peacock', 'peacock teal'],
    'Mustard': ['mustard like kasundi', 'mustard-toned'],
    'Coffee Brown': ['coffee brown like espresso', 'espresso coffee brown'],
    'Rust': ['rust like an old gate', 'rust-toned'],
    'Turquoise Blue': ['turquoise like the sea', 'turquoise-type blue'],
    'Grey Melange': ['grey melange marl', 'flecked grey melange'],
    'Burgundy': ['burgundy like red wine', 'burgundy-toned'],
    'Bronze': ['bronze like a medal', 'bronze-toned'],
    'Taupe': ['taupe-ish greige', 'taupe like mushrooms'],
    'Sea Green': ['sea green like mint tea', 'sea-green-ish'],
    'Fluorescent Green': ['fluorescent green like a highlighter', 'highlighter fluorescent green'],
    'Metallic': ['metallic sheen', 'shiny metallic-type'],
    'Mauve': ['mauve-toned', 'dusky mauve pink'],
    'Nude': ['nude like bare skin', 'nude-toned'],
    'Skin': ['skin colour like a plaster', 'plaster skin colour'],
}

PEOPLE = {
    'Men': ['my husband Nikhil', 'my boyfriend Tarun', 'my big brother Yash', 'my uncle Harish', 'my grandpa Mohan',
            'my dad Prakash', 'my fiance Aditya', 'my cousin bro Sameer'],
    'Women': ['my wife Anjali', 'my girlfriend Ritika', 'my little sister Pooja', 'my aunt Kamala',
              'my grandma Savitri', 'my mom Rekha', 'my fiancee Ishita', 'my cousin sis Neha'],
    'Boys': ['my son Vihaan, he is 8', 'my nephew Reyansh, aged 7', 'our boy Advik, age 10', 'my grandson Ayaan (9)'],
    'Girls': ['my daughter Myra, she is 6', 'my niece Kiara, aged 9', 'our girl Anvi, age 5', 'my granddaughter Siya (8)'],
    'Unisex': ['me and my flatmate Jo to share', 'the whole household to share', 'my roomie Kris and me, sharing',
               'the twins to share', 'everyone in our hostel room to share'],
}

# templates; {i} item, {p} person, {c} colour, {q}/{r} quoted name words, {c1}/{c2}, {p1}/{p2}, {i1}/{i2}
PROG_ALL3 = ['{i} for {p} is my mission, {c} if u can', 'could u dig up {i} for {p}? {c} one',
             'sorting a present for {p} - {i}, {c}', 'do u have {i} for {p}? {c} would be ace']
PROG_ITEM = ['{i}, what do u stock', 'browsing the site for {i} tonight', 'any luck with {i}?', '{i} is on my shopping radar']
PROG_ITEM_P = ['{i} for {p}', '{i} needed, it will be for {p}', 'trying to get {i} sorted for {p}']
PROG_P = ['its a surprise present for {p} hehe', 'oh its a pressie for {p}', 'buying it for {p}, just so u know', 'its gonna be for {p}']
PROG_C = ['colourwise {c}', 'shade wanted = {c}', 'would love {c}', 'in {c} if such a thing exists']
PROG_PC = ['for {p}, {c} would be grand', 'for {p}, and {c} would be lush']
NAME_ONE = ['I think it said {q} on it', '{q} was somewhere in the title', '{q} sounds right for the name',
            'I vaguely remember {q}', 'it was named {q} or thereabouts', '{q} was part of it i think']
NAME_BRAND = ['I think the maker was {q}', 'the company behind it: {q}', 'by {q}, if that helps', '{q} are the makers']
NAME_TWO = ['{q} and {r} were both in the name', '{q}, also {r}']
NAME_BOTH = ['{q} and {r} were both in the name', '{q}, also {r}', 'the makers were {q} and the model {r}']
CORR_COLOUR_1 = ['{i} for {p} in {c1}', 'gotta grab {i} for {p}, {c1}', '{i} in {c1} for {p}, ta very much']
CORR_COLOUR_2 = ['oops not {c1}, meant to type {c2}', 'whoa, {c2} not {c1}', 'erase {c1}, {c2} is the one',
                 'rethought it, {c2} works nicer']
CORR_PERSON_1 = ['{i} for {p1}, in {c}', 'picking {i} for {p1}, {c}']
CORR_PERSON_2 = ['wait, mixed up, {p2} gets it, not {p1}', 'sorry, it is for {p2} really']
CORR_ITEM_1 = ['{i1} for {p}, {c}', 'keen on {i1} for {p}, {c} one']
CORR_ITEM_2 = ['no sorry, not that, {i2} is the right thing', 'ugh wrong word, i meant {i2}']
COMP_ASK = ['this exact design but {c}?', 'anything like this in {c}', 'this but in {c}, any?',
            'does this one come in {c}']
COMP_ASK_QB = ['like the pic but {c}, {q} are the makers', 'same thing in {c}? the makers were {q}']
COMP_ASK_QW = ['this design but {c}, the title had {q}', 'same thing in {c}? {q} featured in its title']
IMAGE_LINES = ['found this pic, is it on here', 'can i order this via u?', 'my friend wore this, where from',
               'this one pls, u have it?', 'screenshot from insta, do you stock it', 'trying to find this exact one',
               'my cousin had this on, can you match it', 'found it in my gallery, which one is it',
               'want this, link pls', 'any chance you sell this', 'is this available here?',
               'clicked this at a showroom, which product', 'spotted it at a wedding, want one',
               'can you track this down', 'i need exactly this', 'this thing, do u carry it',
               'a colleague has it, what is it', 'hoping you have this', 'pls find me this',
               'is this yours?', 'what is this called, want to order it', 'photo from my sister, find it?',
               'got a pic of it, can you help', 'same as in the photo please', 'this is the one i want']
SHORT = [(r'\byou\b', 'u'), (r'\bplease\b', 'pls'), (r'\bare\b', 'r'), (r'\bthanks\b', 'thx'),
         (r'\bbecause\b', 'cuz'), (r'\bsomething\b', 'smth'), (r'\bright now\b', 'rn'), (r'\bfor\b', '4')]
VOCAB = {'items': ITEMS, 'colours': COLOURS, 'people': PEOPLE}
TEMPLATES = [PROG_ALL3, PROG_ITEM, PROG_ITEM_P, PROG_P, PROG_C, PROG_PC, NAME_ONE, NAME_BRAND, NAME_TWO, NAME_BOTH,
             CORR_COLOUR_1, CORR_COLOUR_2, CORR_PERSON_1, CORR_PERSON_2, CORR_ITEM_1, CORR_ITEM_2,
             COMP_ASK, COMP_ASK_QB, COMP_ASK_QW, IMAGE_LINES]

# ---------------------------------------------------------------- catalog and names
GENDER_WORDS = {'men', 'mens', 'women', 'womens', 'unisex', 'boys', 'girls', 'boy', 'girl', 'kids', 'kid',
                'man', 'woman'}
KID_WORDS = {'boys', 'girls', 'boy', 'girl', 'kids', 'kid', 'infant', 'baby', 'junior', 'jr'}
GENERIC = {'with', 'and', 'the', 'for', 'pack', 'pair', 'pairs', 'set', 'print', 'printed', 'solid', 'striped',
           'stripe', 'stripes', 'check', 'checked', 'checks', 'casual', 'formal', 'sports', 'sport', 'style',
           'fashion', 'basic', 'classic', 'slim', 'regular', 'fit', 'sleeve', 'sleeves', 'sleeveless', 'neck',
           'collar', 'round', 'full', 'half', 'long', 'short', 'logo', 'graphic', 'text', 'design', 'lace', 'leather',
           'cotton', 'dial', 'analog', 'digital', 'chronograph', 'strap', 'plain', 'pure', 'party', 'wear',
           'women', 'ethnic', 'new', 'colour', 'color', 'look', 'mini', 'small', 'large', 'made', 'free', 'gift',
           'from', 'this', 'that', 'your', 'just', 'very', 'super', 'pattern', 'finish', 'frame', 'bags', 'jersey',
           'jerseys', 'trunks', 'wedges', 'perfumes', 'duffle', 'brogues', 'boxer', 'capri', 'skull', 'beanie', 'test',
           'dispname', 'combo', 'running', 'flops', 'slides', 'kurtis', 'tunic', 'stole', 'muffler', 'innerwear'}
AMBIG_BRANDS = {'w', 'ant', 'mr', 'id', 'ice', 'image', 'basics', 'cat', 'diva', 'little miss', 'me', 'do'}


def norm_words(s):
    s = s.lower().replace('&', ' and ')
    s = re.sub(r"['`\u2019.]", '', s)
    s = re.sub(r'[^a-z0-9]+', ' ', s)
    return s.split()


def holds(quote_words, title_words):
    k = len(quote_words)
    for i in range(len(title_words) - k + 1):
        if title_words[i:i + k - 1] == quote_words[:-1] and title_words[i + k - 1].startswith(quote_words[-1]):
            return True
    return False


def gender_ok(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


def load():
    rows = list(csv.DictReader(open(CATALOG, encoding='utf-8')))
    cat = {r['id']: r for r in rows}
    colour_words = set()
    for r in rows:
        colour_words.update(norm_words(r['baseColour']))
    colour_words |= {'multicolour', 'multicolor', 'multi', 'navy', 'off', 'light', 'dark', 'lime', 'sky', 'wine',
                     'rose', 'aqua', 'mint', 'coral', 'fuchsia', 'ivory', 'indigo', 'violet', 'lemon', 'lilac',
                     'turqoise', 'turquoise', 'melange', 'denim', 'ecru', 'camel', 'berry', 'gun', 'metal', 'coloured',
                     'colored', 'ltpink', 'sliver'}
    type_words = set()
    for r in rows:
        for w in norm_words(r['articleType']):
            type_words.add(w)
            type_words.add(w.rstrip('s'))
            type_words.add(w + 's')
    type_words |= {'tshirt', 'tee', 'shoe', 'shoes', 'shirt', 'sandal', 'heel', 'flip', 'flop', 'watch', 'bag',
                   'kurta', 'kurti', 'top', 'jean', 'trouser', 'short', 'sock', 'vest', 'cap', 'belt', 'wallet',
                   'jacket', 'sweater', 'sweatshirt', 'brief', 'trunk', 'tie', 'dress', 'skirt', 'perfume', 'deo',
                   'sunglass', 'sunglasses', 'backpack', 'handbag', 'clutch', 'sneaker', 'sneakers', 'loafer',
                   'loafers', 'slipper', 'slippers', 'boot', 'boots', 'track', 'pant', 'pants', 'tights', 'spray'}
    for r in rows:
        r['words'] = norm_words(r['productDisplayName'])
        raw = r['productDisplayName'].split()
        r['raw'] = raw
        gi = next((i for i, w in enumerate(r['words']) if w in GENDER_WORDS), None)
        r['gi'] = gi
    # brands: shortest prefix of the pre-gender part that is the whole pre-gender part of >= 2 titles
    pre = Counter(tuple(r['words'][:r['gi']]) for r in rows if r['gi'])
    brands = {}
    for r in rows:
        b = None
        if r['gi']:
            p = r['words'][:r['gi']]
            for k in range(1, min(4, len(p)) + 1):
                if pre.get(tuple(p[:k]), 0) >= 2:
                    b = tuple(p[:k])
                    break
        else:
            for k in range(min(4, len(r['words'])), 0, -1):
                if pre.get(tuple(r['words'][:k]), 0) >= 2:
                    b = tuple(r['words'][:k])
                    break
        if b and (' '.join(b) in AMBIG_BRANDS or any(w in colour_words for w in b) or len(' '.join(b)) < 3):
            b = None
        brands[r['id']] = b
    # title words
    df = Counter()
    for r in rows:
        df.update(set(r['words']))
    tw = {}
    for r in rows:
        out = []
        start = (r['gi'] + 1) if r['gi'] is not None else (len(brands[r['id']] or ()))
        # raw tokens aligned with normalised words only when counts agree
        rawn = [(norm_words(t), t) for t in r['raw']]
        aligned = [(n[0], re.sub(r"[^A-Za-z]", '', t)) for n, t in rawn if len(n) == 1]
        rawmap = {n: t for n, t in aligned}
        for w in r['words'][start:]:
            if not w.isalpha() or w in colour_words or w in GENDER_WORDS or w in KID_WORDS:
                continue
            if w in type_words or w in GENERIC or df[w] > 80 or w not in rawmap:
                continue
            t = rawmap[w]
            if len(w) < 4:
                continue
            if t.isupper() and len(t) <= 4:
                continue
            if not re.search('[aeiouy]', w[:3]):
                continue
            if brands[r['id']] and w in brands[r['id']]:
                continue
            out.append((w, t))
        tw[r['id']] = list(dict.fromkeys(out))
    return rows, cat, brands, tw, colour_words


def photo_info(rows):
    info = {}
    for r in rows:
        p = os.path.join(PHOTOS, r['id'] + '.jpg')
        try:
            data = open(p, 'rb').read()
            im = Image.open(io.BytesIO(data)).convert('L')
            a = np.asarray(im, dtype=np.float32)
            blank = a.std() < 4.0 or im.size != (60, 80)
        except Exception:
            data, blank = b'', True
        info[r['id']] = (hashlib.md5(data).hexdigest(), blank)
    return info


def relevant_for(cat_by_tc, typ, col, stated, quotes):
    out = []
    for p in cat_by_tc[(typ, col)]:
        if gender_ok(stated, p['gender']) and all(holds(q, p['words']) for q in quotes):
            out.append(p['id'])
    return sorted(out, key=int)


# ---------------------------------------------------------------- photos
def shopper_photo(src_id, purpose, dst):
    r = rng('photo|' + purpose)
    g = nprng('photo|' + purpose)
    im = Image.open(os.path.join(PHOTOS, src_id + '.jpg')).convert('RGB')
    im = im.resize((240, 320), Image.BICUBIC)
    a = np.asarray(im, dtype=np.float32)
    # backdrop: light, unsaturated pixels drift toward a room tone
    if r.random() < 0.65:
        tone = np.array(r.choice([(226, 222, 214), (214, 218, 224), (222, 216, 206), (205, 205, 205), (232, 226, 218)]),
                        dtype=np.float32)
        mx, mn = a.max(axis=2), a.min(axis=2)
        mask = np.clip((mx - 200) / 40.0, 0, 1) * np.clip(1 - (mx - mn) / 30.0, 0, 1)
        k = r.uniform(0.06, 0.17)
        a = a + (tone - a) * (mask * k)[..., None]
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    fill = tuple(int(v) for v in np.median(border, axis=0))
    if r.random() < 0.35:
        im = im.transpose(Image.FLIP_LEFT_RIGHT)
    if r.random() < 0.7:
        im = im.rotate(r.uniform(-4.5, 4.5), resample=Image.BICUBIC, fillcolor=fill)
    z = r.uniform(1.0, 1.18)
    cw, ch = 240 / z, 320 / z
    cx = 120 + r.uniform(-0.5, 0.5) * (240 - cw)
    cy = 160 + r.uniform(-0.5, 0.5) * (320 - ch)
    im = im.crop((int(round(cx - cw / 2)), int(round(cy - ch / 2)), int(round(cx + cw / 2)), int(round(cy + ch / 2))))
    im = im.resize((240, 320), Image.BICUBIC)
    im = ImageEnhance.Brightness(im).enhance(r.uniform(0.91, 1.08))
    im = ImageEnhance.Contrast(im).enhance(r.uniform(0.88, 1.08))
    im = ImageEnhance.Color(im).enhance(r.uniform(0.86, 1.14))
    a = np.asarray(im, dtype=np.float32)
    wb = np.array([r.uniform(0.95, 1.05), r.uniform(0.98, 1.02), r.uniform(0.95, 1.05)], dtype=np.float32)
    a = a * wb
    if r.random() < 0.55:  # soft window light from one side/corner
        ang = r.uniform(0, 2 * math.pi)
        yy, xx = np.mgrid[0:320, 0:240].astype(np.float32)
        d = ((xx - 120) / 120 * math.cos(ang) + (yy - 160) / 160 * math.sin(ang)) / 2
        a = a * (1 + r.uniform(0.03, 0.09) * d)[..., None]
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    im = im.resize((60, 80), r.choice([Image.LANCZOS, Image.BICUBIC, Image.BOX]))
    if r.random() < 0.45:
        im = im.filter(ImageFilter.GaussianBlur(r.uniform(0.25, 0.5)))
    a = np.asarray(im, dtype=np.float32)
    s = r.uniform(0.0, 2.8)
    a = a + g.normal(0, s, a.shape) + g.normal(0, s / 2, a.shape[:2])[..., None]
    im = Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=r.randint(62, 90))
    with open(dst, 'wb') as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------- text helpers
def typo(word, r):
    i = r.randrange(1, len(word) - 2)
    op = r.choice(['swap', 'drop', 'double'])
    if op == 'swap':
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == 'drop':
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def misspell(word, r):
    """one-letter slip inside a name word (keeps the first and last letters)."""
    i = r.randrange(1, len(word) - 1)
    op = r.choice(['drop', 'double', 'swap'])
    if op == 'drop':
        return word[:i] + word[i + 1:]
    if op == 'double':
        return word[:i] + word[i] + word[i:]
    if i < len(word) - 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


def main():
    rows, cat, brands, tw, colour_words = load()
    info = photo_info(rows)
    md5count = Counter(v[0] for v in info.values())
    by_tc = defaultdict(list)
    for p in rows:
        by_tc[(p['articleType'], p['baseColour'])].append(p)

    def usable(p):
        if 'test' in p['words'] or 'dispname' in p['words']:
            return False
        if p['baseColour'] == 'NA' or p['articleType'] not in ITEMS or p['baseColour'] not in COLOURS:
            return False
        md5, blank = info[p['id']]
        if blank or md5count[md5] > 1:
            return False
        w = set(p['words'])
        if p['gender'] in ('Men', 'Women', 'Unisex') and w & KID_WORDS:
            return False
        if p['gender'] in ('Boys', 'Girls') and w & {'men', 'mens', 'women', 'womens'}:
            return False
        return True

    # name-word options whose relevant list is the target alone
    def options(p, stated):
        b = brands[p['id']]
        words = tw[p['id']]
        opts = []
        braw = None
        if b:
            braw = ' '.join(p['raw'][:len(b)]) if len(norm_words(' '.join(p['raw'][:len(b)]))) == len(b) else ' '.join(b).title()
            if len(b) >= 4:  # long brands are remembered by their last word ("Benetton")
                braw = braw.split()[-1]
                b = tuple(norm_words(braw))
        if b:
            opts.append(('brand', [(list(b), braw)]))
        for w, t in words:
            opts.append(('word', [([w], t)]))
        for i in range(len(words)):
            for j in range(i + 1, len(words)):
                opts.append(('two', [([words[i][0]], words[i][1]), ([words[j][0]], words[j][1])]))
        if b:
            for w, t in words:
                opts.append(('both', [(list(b), braw), ([w], t)]))
        good = []
        for mode, qs in opts:
            rel = relevant_for(by_tc, p['articleType'], p['baseColour'], stated, [q for q, _ in qs])
            if rel == [p['id']]:
                good.append((mode, qs))
        return good

    def same_model_key(p):
        return tuple(w for w in p['words'] if w not in colour_words)

    usable_rows = [p for p in rows if usable(p)]
    by_type = defaultdict(list)
    for p in usable_rows:
        by_type[p['articleType']].append(p)
    model_groups = defaultdict(list)
    for p in usable_rows:
        model_groups[(p['articleType'], p['gender'], same_model_key(p))].append(p)

    kinds = [k for k, n in KINDS.items() for _ in range(n)]
    rng('kinds').shuffle(kinds)
    # children's slots among text kinds
    text_slots = [i for i, k in enumerate(kinds) if k in ('progressive', 'correction')]
    kid_list = rng('kidslots').sample(text_slots, 6)
    kid_slots = {s: ('Boys' if j % 2 else 'Girls') for j, s in enumerate(kid_list)}

    picked_types = Counter()
    used = set()
    refs = set()
    plan = [None] * N
    # composed first so references are reserved before other kinds pick targets
    order = sorted(range(N), key=lambda i: (kinds[i] != 'composed', kinds[i] != 'image', i))
    weight = {t: math.log(2.5 + len(v)) ** 1.5 for t, v in by_type.items()}
    for i in order:
        kind = kinds[i]
        want_kid = kid_slots.get(i)
        types = sorted(by_type, key=lambda t: (picked_types[t] / weight[t], hkey('type|%d' % i, t)))
        done = False
        for t in types:
            cands = sorted(by_type[t], key=lambda p: hkey('cand|%d' % i, p['id']))
            if want_kid:
                cands = [p for p in cands if p['gender'] == want_kid]
            else:
                cands = [p for p in cands if p['gender'] not in ('Boys', 'Girls')]
            tried = 0
            for p in cands:
                if p['id'] in used or p['id'] in refs:
                    continue
                tried += 1
                if tried > 80:
                    break
                if kind == 'image':
                    same = [q['id'] for q in rows if q['productDisplayName'] == p['productDisplayName']
                            and q['gender'] == p['gender'] and q['baseColour'] == p['baseColour']
                            and q['articleType'] == p['articleType']]
                    if len(same) > 3 or any(s in used or s in refs for s in same if s != p['id']):
                        continue
                    plan[i] = {'target': p, 'relevant': sorted(same, key=int)}
                    done = True
                    break
                opts = options(p, p['gender'])
                if not opts:
                    continue
                if kind == 'composed':
                    grp = [q for q in model_groups[(t, p['gender'], same_model_key(p))]
                           if q['baseColour'] != p['baseColour'] and q['id'] not in used and q['id'] not in refs
                           and q['baseColour'] in COLOURS]
                    same_model = bool(grp)
                    if not grp:
                        # prefer targets with a same-model sibling; fall back to another model late
                        if picked_types[t] == 0 and tried < 40:
                            continue
                        grp = [q for q in by_type[t] if q['gender'] == p['gender'] and q['baseColour'] != p['baseColour']
                               and q['id'] not in used and q['id'] not in refs]
                    if not grp:
                        continue
                    ref = sorted(grp, key=lambda q: hkey('ref|%d' % i, q['id']))[0]
                    refs.add(ref['id'])
                    plan[i] = {'target': p, 'opts': opts, 'ref': ref, 'same_model': same_model}
                else:
                    plan[i] = {'target': p, 'opts': opts}
                done = True
                break
            if done:
                break
        assert done, (i, kind)
        used.add(plan[i]['target']['id'])
        picked_types[plan[i]['target']['articleType']] += 1

    os.makedirs(OUT_IMG, exist_ok=True)
    for f in sorted(os.listdir(OUT_IMG)):
        if f.startswith('P9-') and f.endswith('.jpg'):
            os.remove(os.path.join(OUT_IMG, f))

    dialogues = []
    stats = Counter()
    for i in range(N):
        kind = kinds[i]
        did = 'P9-%03d' % i
        P = plan[i]
        p = P['target']
        r = rng('text|' + did)
        typ, col, gen = p['articleType'], p['baseColour'], p['gender']
        cphr = r.choice(COLOURS[col])
        item = r.choice(ITEMS[typ])
        person = r.choice(PEOPLE[gen])
        turns = []
        quotes = []
        if kind == 'image':
            line = IMAGE_LINES[rng('imageline').sample(range(len(IMAGE_LINES)), len(IMAGE_LINES))[
                sum(1 for j in range(i) if kinds[j] == 'image')]]
            img = '%s/%s.jpg' % (IMG_REL, did)
            shopper_photo(p['id'], did, os.path.join(HERE, img))
            turns = [[line, img]]
            rel = P['relevant']
        else:
            mode, qs = P['opts'][r.randrange(len(P['opts']))]
            stats['mode_' + mode] += 1
            # quote texts, sometimes lowercased, sometimes a one-letter slip
            qtexts = []
            for qw, raw in qs:
                t = raw
                if r.random() < 0.4:
                    t = t.lower()
                longw = [w for w in t.split() if len(w) >= 5 and w.isalpha()]
                if longw and r.random() < 0.11:
                    w = r.choice(longw)
                    t = t.replace(w, misspell(w, r), 1)
                    stats['name_slip'] += 1
                qtexts.append(t)
                quotes.append(qw)
            if mode in ('brand',):
                name_turn = r.choice(NAME_BRAND).format(q=qtexts[0])
            elif mode == 'word':
                name_turn = r.choice(NAME_ONE).format(q='"%s"' % qtexts[0] if r.random() < 0.4 else qtexts[0])
            elif mode == 'two':
                name_turn = r.choice(NAME_TWO).format(q=qtexts[0], r=qtexts[1])
            else:
                name_turn = r.choice(NAME_BOTH).format(q=qtexts[0], r=qtexts[1])
            name_marker = '\x00NAME\x00'
            if kind == 'progressive':
                shape = r.choice(['a', 'a', 'b', 'c', 'd', 'd'])
                if shape == 'a':
                    turns = [r.choice(PROG_ALL3).format(i=item, p=person, c=cphr), name_marker]
                elif shape == 'b':
                    turns = [r.choice(PROG_ITEM_P).format(i=item, p=person), r.choice(PROG_C).format(c=cphr), name_marker]
                elif shape == 'c':
                    turns = [r.choice(PROG_ITEM).format(i=item), r.choice(PROG_PC).format(p=person, c=cphr), name_marker]
                else:
                    turns = [r.choice(PROG_ITEM).format(i=item), r.choice(PROG_P).format(p=person),
                             r.choice(PROG_C).format(c=cphr), name_marker]
                stats['prog_shape_' + shape] += 1
            elif kind == 'correction':
                cw = r.random()
                if cw < 0.22 and gen in ('Men', 'Women', 'Boys', 'Girls'):
                    other = {'Men': 'Women', 'Women': 'Men', 'Boys': 'Girls', 'Girls': 'Boys'}[gen]
                    p1 = r.choice(PEOPLE[other])
                    turns = [r.choice(CORR_PERSON_1).format(i=item, p1=p1, c=cphr),
                             r.choice(CORR_PERSON_2).format(p1=p1.split(',')[0].split(' (')[0], p2=person)]
                    stats['corr_person'] += 1
                elif cw < 0.42:
                    wt = NEAR.get(typ) or r.choice(sorted(t for t in ITEMS if t != typ))
                    i1 = r.choice(ITEMS[wt])
                    turns = [r.choice(CORR_ITEM_1).format(i1=i1, p=person, c=cphr), r.choice(CORR_ITEM_2).format(i2=item)]
                    stats['corr_item'] += 1
                else:
                    wc = r.choice(sorted(c for c in COLOURS if c != col and c in
                                         ('Black', 'Blue', 'White', 'Grey', 'Brown', 'Red', 'Green', 'Navy Blue',
                                          'Pink', 'Purple', 'Beige', 'Yellow', 'Maroon', 'Olive')))
                    c1 = r.choice(COLOURS[wc])
                    turns = [r.choice(CORR_COLOUR_1).format(i=item, p=person, c1=c1),
                             r.choice(CORR_COLOUR_2).format(c1=c1, c2=cphr)]
                    stats['corr_colour'] += 1
                if r.random() < 0.35:
                    turns[-1] = turns[-1] + ', ' + name_marker
                    stats['corr_name_same'] += 1
                else:
                    turns.append(name_marker)
            else:  # composed
                img = '%s/%s.jpg' % (IMG_REL, did)
                shopper_photo(P['ref']['id'], did, os.path.join(HERE, img))
                if r.random() < 0.34 and len(qtexts) == 1:
                    t0 = r.choice(COMP_ASK_QB if mode == 'brand' else COMP_ASK_QW).format(c=cphr, q='\x00Q\x00')
                    turns = [t0]
                    stats['comp_same_turn'] += 1
                else:
                    turns = [r.choice(COMP_ASK).format(c=cphr), name_marker]
                    stats['comp_next_turn'] += 1
                stats['comp_same_model' if P['same_model'] else 'comp_other_model'] += 1
            # typos outside names, texting short forms
            dr = rng('noise|' + did)
            if dr.random() < 0.145:
                cand = [(ti, w) for ti, t in enumerate(turns) for w in re.findall(r'[A-Za-z]{5,}', t)
                        if w.lower() not in ('name',) and w not in person and w not in item[:0]]
                cand = [(ti, w) for ti, w in cand if not any(w in x for x in qtexts)]
                if cand:
                    ti, w = dr.choice(cand)
                    turns[ti] = re.sub(r'\b%s\b' % w, typo(w, dr), turns[ti], count=1)
                    stats['typo'] += 1
            if dr.random() < 0.10:
                ti = dr.randrange(len(turns))
                t0 = turns[ti]
                for pat, rep in SHORT:
                    t0 = re.sub(pat, rep, t0)
                if t0 != turns[ti]:
                    turns[ti] = t0
                    stats['short'] += 1
            turns = [t.replace(name_marker, name_turn).replace('\x00Q\x00', qtexts[0]) for t in turns]
            turns = [[t, None] for t in turns]
            if kind == 'composed':
                turns[0][1] = img
            rel = relevant_for(by_tc, typ, col, gen, quotes)
        dialogues.append({'id': did, 'kind': kind,
                          'turns': [{'text': t, 'image': im} for t, im in turns],
                          'target': p['id'], 'relevant': rel,
                          'constraints': {'articleType': typ, 'baseColour': col, 'gender': gen},
                          '_quotes': quotes})

    # ------------------------------------------------------------ invariants
    assert [d['id'] for d in dialogues] == ['P9-%03d' % i for i in range(N)]
    assert Counter(d['kind'] for d in dialogues) == Counter(KINDS)
    assert len({d['target'] for d in dialogues}) == N
    all_refs = set()
    for d, P in zip(dialogues, plan):
        p = cat[d['target']]
        assert d['constraints'] == {'articleType': p['articleType'], 'baseColour': p['baseColour'], 'gender': p['gender']}
        assert p['baseColour'] != 'NA' and d['target'] in d['relevant']
        if d['kind'] == 'image':
            exp = sorted([q['id'] for q in rows if q['productDisplayName'] == p['productDisplayName'] and
                          q['gender'] == p['gender'] and q['baseColour'] == p['baseColour'] and
                          q['articleType'] == p['articleType']], key=int)
            assert len(d['turns']) == 1
        else:
            exp = relevant_for(by_tc, p['articleType'], p['baseColour'], p['gender'], d['_quotes'])
            assert d['_quotes']
        assert d['relevant'] == exp, d['id']
        imgs = [t['image'] for t in d['turns'] if t['image']]
        if d['kind'] in ('image', 'composed'):
            assert d['turns'][0]['image'] == '%s/%s.jpg' % (IMG_REL, d['id']) and len(imgs) == 1
            im = Image.open(os.path.join(HERE, imgs[0]))
            assert im.size == (60, 80) and im.format == 'JPEG'
        else:
            assert not imgs
        if d['kind'] == 'composed':
            ref = P['ref']
            assert ref['articleType'] == p['articleType'] and ref['gender'] == p['gender']
            assert ref['baseColour'] != p['baseColour'] and ref['id'] not in all_refs
            all_refs.add(ref['id'])
        if d['kind'] == 'progressive':
            assert 2 <= len(d['turns']) <= 4
    assert not (all_refs & {d['target'] for d in dialogues})
    files = sorted(f for f in os.listdir(OUT_IMG))
    assert files == sorted('%s.jpg' % d['id'] for d in dialogues if d['kind'] in ('image', 'composed'))

    with open(OUT_JSONL, 'w', encoding='utf-8') as f:
        for d in dialogues:
            d = {k: v for k, v in d.items() if k != '_quotes'}
            f.write(json.dumps(d, ensure_ascii=False) + '\n')

    # ------------------------------------------------------------ summary
    tc = Counter(len(d['turns']) for d in dialogues)
    rl = Counter(len(d['relevant']) for d in dialogues if d['kind'] == 'image')
    print('wrote', OUT_JSONL, len(dialogues), 'dialogues;', len(files), 'photos')
    print('kinds', dict(Counter(d['kind'] for d in dialogues)))
    print('turns', dict(sorted(tc.items())), 'total', sum(len(d['turns']) for d in dialogues))
    print('types', len({d['constraints']['articleType'] for d in dialogues}),
          'colours', len({d['constraints']['baseColour'] for d in dialogues}))
    print('genders', dict(Counter(d['constraints']['gender'] for d in dialogues)))
    print('text/composed relevant sizes', dict(Counter(len(d['relevant']) for d in dialogues if d['kind'] != 'image')))
    print('image relevant sizes', dict(sorted(rl.items())))
    print('stats', dict(sorted(stats.items())))
    print('top types', Counter(d['constraints']['articleType'] for d in dialogues).most_common(8))


if __name__ == '__main__':
    main()
