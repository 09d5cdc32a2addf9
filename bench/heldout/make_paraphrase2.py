#!/usr/bin/env python3
"""Write bench/heldout/paraphrase2.jsonl and images/paraphrase2/ (a dev-like held-out set, other wording).

usage: python bench/heldout/make_paraphrase2.py

Needs only Pillow and numpy. Fixed seed: two runs write byte-identical files.
Kinds and turn structure mirror the dev set (progressive 3 turns, correction 3 turns, composed 2 turns with a
reference photo, image 1 turn with a shopper photo), counts scaled from dev's 300 to 160. Every sentence comes
from this script's own templates; see README.md (section paraphrase2.jsonl) for the rules.
"""
import csv
import hashlib
import io
import json
import math
import random
import re
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

SEED = 7319
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CATALOG = ROOT / 'data' / 'fashion-small'
OUT = HERE / 'paraphrase2.jsonl'
IMG_REL = 'images/paraphrase2'
IMG_DIR = HERE / IMG_REL
COUNTS = [('progressive', 62), ('correction', 31), ('composed', 42), ('image', 25)]
MAX_REL = 3          # longest `relevant` list accepted for text kinds
MAX_REL_IMAGE = 3    # ... and for image dialogues
NEAR_DUP = 6.0       # mean abs grey difference (0-255, 15x20 thumbnails) below which two photos count as the same

# ----------------------------------------------------------------------------------------------------------------
# vocabulary
# ----------------------------------------------------------------------------------------------------------------

# articleType -> [(phrase, form)]; form 's' countable singular, 'p' plural / pair, 'm' mass noun
TYPE_WORDS = {
    'Tshirts': [('tee', 's'), ('t-shirt', 's'), ('tshirt', 's'), ('tee shirt', 's'), ('t shirt', 's')],
    'Shirts': [('shirt', 's'), ('button-down shirt', 's'), ('collared shirt', 's'), ('button up shirt', 's')],
    'Casual Shoes': [('sneakers', 'p'), ('casual shoes', 'p'), ('everyday shoes', 'p'), ('shoes for daily wear', 'p')],
    'Sports Shoes': [('running shoes', 'p'), ('sports shoes', 'p'), ('gym shoes', 'p'), ('runners', 'p'),
                     ('training shoes', 'p')],
    'Formal Shoes': [('formal shoes', 'p'), ('office shoes', 'p'), ('dress shoes', 'p'), ('work shoes, the formal kind', 'p')],
    'Tops': [('top', 's'), ('casual top', 's'), ('going-out top', 's')],
    'Kurtas': [('kurta', 's')],
    'Kurtis': [('kurti', 's'), ('short kurti', 's')],
    'Tunics': [('tunic', 's'), ('tunic top', 's')],
    'Watches': [('watch', 's'), ('wristwatch', 's'), ('timepiece', 's'), ('wrist watch', 's')],
    'Handbags': [('handbag', 's'), ('tote', 's'), ('shoulder bag', 's'), ('hand bag', 's')],
    'Clutches': [('clutch', 's'), ('evening clutch', 's'), ('clutch purse', 's')],
    'Heels': [('heels', 'p'), ('high heels', 'p'), ('heeled shoes', 'p')],
    'Flats': [('flats', 'p'), ('flat shoes', 'p'), ('ballet flats', 'p')],
    'Sandals': [('sandals', 'p'), ('sandal', 's'), ('open sandals', 'p')],
    'Sports Sandals': [('sports sandals', 'p'), ('floaters', 'p'), ('sporty sandals', 'p')],
    'Flip Flops': [('flip flops', 'p'), ('flip-flops', 'p'), ('flipflops', 'p'), ('slippers', 'p'),
                   ('hawai chappals', 'p')],
    'Sunglasses': [('shades', 'p'), ('sunglasses', 'p'), ('sun glasses', 'p')],
    'Sweaters': [('sweater', 's'), ('jumper', 's'), ('pullover', 's'), ('knit sweater', 's')],
    'Sweatshirts': [('sweatshirt', 's'), ('sweat shirt', 's'), ('sweatshirt top', 's')],
    'Jackets': [('jacket', 's'), ('outer jacket', 's')],
    'Belts': [('belt', 's'), ('waist belt', 's'), ('trouser belt', 's')],
    'Wallets': [('wallet', 's'), ('card wallet', 's')],
    'Trousers': [('trousers', 'p'), ('pants', 'p'), ('slacks', 'p'), ('formal pants', 'p')],
    'Jeans': [('jeans', 'p'), ('denims', 'p'), ('denim jeans', 'p')],
    'Track Pants': [('sweatpants', 'p'), ('track pants', 'p'), ('trackpants', 'p'), ('lowers', 'p')],
    'Shorts': [('shorts', 'p'), ('half pants', 'p'), ('bermudas', 'p')],
    'Capris': [('capris', 'p'), ('three-quarter pants', 'p'), ('3/4th pants', 'p')],
    'Leggings': [('leggings', 'p')],
    'Skirts': [('skirt', 's')],
    'Dresses': [('dress', 's'), ('frock', 's')],
    'Socks': [('socks', 'p')],
    'Briefs': [('briefs', 'p'), ('underwear briefs', 'p'), ('undies', 'p')],
    'Trunk': [('trunks', 'p'), ('trunk underwear', 'm')],
    'Innerwear Vests': [('vest', 's'), ('baniyan', 's'), ('undershirt', 's'), ('inner vest', 's')],
    'Caps': [('cap', 's'), ('baseball cap', 's'), ('peak cap', 's')],
    'Ties': [('tie', 's'), ('necktie', 's')],
    'Scarves': [('scarf', 's')],
    'Mufflers': [('muffler', 's'), ('winter muffler', 's')],
    'Stoles': [('stole', 's')],
    'Dupatta': [('dupatta', 's'), ('chunni', 's')],
    'Backpacks': [('backpack', 's'), ('rucksack', 's'), ('bag pack', 's'), ('school bag', 's')],
    'Laptop Bag': [('laptop bag', 's'), ('laptop carry bag', 's')],
    'Duffel Bag': [('duffel bag', 's'), ('duffle', 's'), ('gym bag', 's')],
    'Messenger Bag': [('messenger bag', 's'), ('cross-body bag', 's')],
    'Mobile Pouch': [('phone pouch', 's'), ('mobile pouch', 's')],
    'Cufflinks': [('cufflinks', 'p'), ('cuff links', 'p')],
    'Tracksuits': [('tracksuit', 's'), ('track suit', 's')],
    'Gloves': [('gloves', 'p')],
    'Umbrellas': [('umbrella', 's'), ('brolly', 's')],
    'Stockings': [('stockings', 'p')],
    'Lounge Shorts': [('lounge shorts', 'p'), ('shorts to laze around in', 'p')],
    'Bra': [('bra', 's')],
    'Churidar': [('churidar', 's')],
    'Waist Pouch': [('waist pouch', 's'), ('bum bag', 's')],
}

# baseColour -> phrases a shopper might use for it (shades and vague words included)
COLOUR_WORDS = {
    'Black': ['black', 'jet black', 'all black', 'pitch black'],
    'White': ['white', 'pure white', 'bright white', 'snow white'],
    'Off White': ['off white', 'off-white', 'ivory', 'eggshell'],
    'Cream': ['cream', 'creamy', 'cream coloured'],
    'Beige': ['beige', 'sand', 'sandy beige', 'light beige', 'oatmeal'],
    'Grey': ['grey', 'gray', 'ash grey', 'light grey', 'greyish'],
    'Grey Melange': ['grey marl', 'heather grey', 'grey melange'],
    'Charcoal': ['charcoal', 'charcoal grey', 'dark charcoal'],
    'Brown': ['brown', 'chocolate', 'choc brown', 'dark brown', 'brownish'],
    'Coffee Brown': ['coffee', 'coffee brown', 'mocha'],
    'Tan': ['tan', 'camel', 'tan brown'],
    'Khaki': ['khaki', 'khaki coloured'],
    'Taupe': ['taupe'],
    'Red': ['red', 'bright red', 'cherry red', 'scarlet', 'tomato red'],
    'Maroon': ['maroon', 'wine', 'wine red', 'deep maroon', 'wine coloured'],
    'Burgundy': ['burgundy', 'oxblood'],
    'Pink': ['pink', 'baby pink', 'light pink', 'pinkish', 'blush pink'],
    'Magenta': ['magenta', 'fuchsia', 'hot pink'],
    'Purple': ['purple', 'violet', 'plum', 'purplish'],
    'Lavender': ['lavender', 'lilac'],
    'Peach': ['peach', 'peachy', 'apricot'],
    'Orange': ['orange', 'tangerine', 'bright orange'],
    'Rust': ['rust', 'rusty orange', 'burnt orange'],
    'Yellow': ['yellow', 'lemon yellow', 'bright yellow', 'canary yellow'],
    'Mustard': ['mustard', 'mustard yellow'],
    'Gold': ['gold', 'golden', 'gold-tone'],
    'Silver': ['silver', 'silvery', 'silver-tone'],
    'Steel': ['steel', 'stainless steel', 'steel coloured'],
    'Copper': ['copper', 'coppery', 'copper-tone'],
    'Bronze': ['bronze'],
    'Blue': ['blue', 'sky blue', 'royal blue', 'light blue', 'bright blue'],
    'Navy Blue': ['navy', 'navy blue', 'dark blue', 'midnight blue', 'deep navy'],
    'Teal': ['teal'],
    'Turquoise Blue': ['turquoise', 'aqua blue'],
    'Green': ['green', 'bottle green', 'grass green', 'leaf green'],
    'Olive': ['olive', 'olive green', 'dark olive'],
    'Sea Green': ['sea green'],
    'Fluorescent Green': ['neon green', 'fluorescent green'],
    'Multi': ['multicoloured', 'multi colour', 'multi-colour', 'colourful (lots of colours)'],
}

# person said for each catalog gender: (phrase after the item, possessive for story openers or None)
PEOPLE = {
    'Men': [('for my hubby', 'my hubby'), ('for my dad', 'my dad'), ('for my father', 'my father'),
            ('for my bf', 'my bf'), ('for my boyfriend', 'my boyfriend'), ('for my brother', 'my brother'),
            ('for my big bro', 'my big bro'), ("for myself, I'm a guy", None), ('for me (male)', None),
            ('for a guy', None), ("for my son, he's 19", None), ('for my father-in-law', 'my father-in-law'),
            ('for my grandad', 'my grandad'), ('for my fiancé', 'my fiancé'), ("for my uncle", 'my uncle'),
            ("for my flatmate, he's a bloke", None), ('for the man of the house', None)],
    'Women': [('for my wife', 'my wife'), ('for the missus', 'the missus'), ('for my mum', 'my mum'),
              ('for my mom', 'my mom'), ('for my gf', 'my gf'), ('for my girlfriend', 'my girlfriend'),
              ('for my sister', 'my sister'), ('for my sis', 'my sis'), ("for myself, I'm a woman", None),
              ('for me, female', None), ("for my daughter, she's 22", None),
              ('for my mother-in-law', 'my mother-in-law'), ('for my aunty', 'my aunty'), ('for a lady', None),
              ('for my fiancée', 'my fiancée'), ("for my other half, she's petite", None)],
    'Boys': [('for my 12 yr old son', 'my 12 yr old son'), ("for my nephew, he's 9", None),
             ('for my little boy', 'my little boy'), ('for a 10 year old boy', None),
             ('for my grandson (7)', None), ("for my son who's 11", None), ('for a young lad', None)],
    'Girls': [('for my 8 yr old daughter', 'my 8 yr old daughter'), ("for my niece, she's 6", None),
              ('for my little girl', 'my little girl'), ('for a girl of about 10', None),
              ('for my granddaughter', 'my granddaughter'), ('for a schoolgirl', None)],
    'Unisex': [(', unisex is fine', None), ('- unisex is fine', None), (", doesn't matter men's or women's", None),
               ('for me or my partner, so unisex', None), ('that either of us can use, unisex', None),
               (', gender neutral please', None), (', any gender, unisex', None)],
}
# adjective forms said before the item
PEOPLE_ADJ = {
    'Men': ["men's", 'mens', 'gents', 'male'],
    'Women': ["women's", 'ladies', 'womens', "ladies'"],
    'Boys': ["boys'", 'boys', "kids' (boy)"],
    'Girls': ["girls'", 'girls', "kids' (girl)"],
    'Unisex': ['unisex'],
}
# wrong person for person corrections
WRONG_GENDER = {'Men': ['Women'], 'Women': ['Men'], 'Boys': ['Girls', 'Men'], 'Girls': ['Boys', 'Women']}

GREET = ['', '', '', 'hi, ', 'hey ', 'hello! ', 'hiya, ', 'good morning, ', 'ok so ', 'quick one - ', 'um ',
         'hey there, ', 'hi there. ', 'morning! ', 'yo ']
NEED = ['really need', "i'm after", 'hunting for', 'trying to find', 'can you find me', 'help me find',
        'i want to buy', 'on the lookout for', 'searching for', 'need to get', 'shopping for',
        'could you show me', "i'd like", 'in the market for', 'wanting']
TAIL = ['', '', '', '', ' please', ' thanks', ' if possible', ' :)', '!', ' asap', ' thx', ' cheers',
        ', ta', ' pls']

T1_PROG = [
    '{greet}{need} {a_type} {post}{tail}',
    '{greet}{need} {a_adj_type}{tail}',
    '{greet}{post_cap}: {a_type}{tail}',
    '{greet}{need} {a_type}. {post_sent}{tail}',
    '{greet}got any {type_pl} {post}?',
    '{greet}{a_type} {post}, what have you got?',
    '{greet}what {type_pl} do you stock {post}?',
    '{greet}{need} {a_adj_type}, nothing fancy',
    '{greet}{poss} needs {a_type}{tail}',
    "{greet}{poss}'s birthday is coming up and i want to get {a_type}",
    '{greet}{poss} has been going on about wanting {a_type}',
    "{greet}gift idea: {a_type} {post}",
    '{greet}{poss} could do with {a_type}, any ideas?',
    '{greet}{a_adj_type}?',
    '{greet}show me {type_pl} {post}',
    '{greet}browsing {adj} {type_pl}{tail}',
]
T2_COLOUR = [
    '{c} if you have it', 'preferably {c}', 'colour-wise, {c}', 'got any in {c}?', 'the {c} one{tail}',
    '{c} please', 'it should be {c}', 'thinking {c}', 'ideally something {c}', '{c} would be perfect',
    'any {c} ones?', "i'd like {c}", 'what about {c}?', 'the colour i want is {c}', '{c} only{tail}',
    'only interested in {c}', '{c} pls', '{a_c} one would be great', 'needs to be {c}',
    'something in {c}{tail}', 'go for {c}', 'i was thinking {c} actually', '{c} to match the outfit',
    'in {a_c} shade{tail}', 'colour: {c}', 'has to be {c}, nothing else',
]
T3_BRAND = [
    'pretty sure the brand was {b}', 'it was one of the {b} ones', "i think it's by {b}", 'brand: {b}',
    '{b} i believe', 'my mate said it was {b}', 'made by {b}', 'should be {b}', 'from {b}{tail}',
    'the label said {b}', 'i saw it on the {b} page', '{b} make, i think', 'brand is {b} if that helps',
]
T3_WORD = [
    "the name had '{w}' in it", 'there was the word {w} in the title', "something like '{w}' was in the name",
    'it was called {w} something', "there was '{w}' in the product name", 'the title had {w} in it',
    'keyword: {w}', 'it was the {w} one', "i'm sure the name said {w}", 'search {w} maybe?',
    "the listing was '{w} ...' something", 'look for {w} in the name',
]
T3_BOTH = [
    '{b}, the {w} one', '{b} {w}, i think', "it's {b} and the name had '{w}'", 'brand {b}, model something {w}',
    '{b} - the one called {w}', 'i think {b} {w}', 'by {b}, with {w} in the title', '{b}... {w} something',
]
T1_CORR = [
    '{greet}{need} {a_type} {post}, in {c}{tail}',
    '{greet}{need} {a_c_adj_type}{tail}',
    '{greet}{c} {type_pl} {post}?',
    '{greet}{poss} wants {a_type} in {c}',
    '{greet}{need} {a_type} {post}. colour {c}',
    '{greet}{post_cap}: {a_type}, {c}{tail}',
    '{greet}{a_c_adj_type}, what have you got?',
]
T2_CORR_COLOUR = [
    'scratch that, {c} instead', 'hmm on second thought, {c}', 'no wait - {c}, not {c0}',
    'sorry, i meant {c}', 'changed my mind, {c} is better', 'oops, {c} not {c0}', 'on reflection {c} would go better',
    'nah, {c}', 'hmm no, {c} please', "wait, {c0} won't work, {c} instead", 'no wait, {c}',
    'actually no, {c} would be nicer', 'let me change that to {c}', 'scrap {c0}, go {c}',
]
T2_CORR_PERSON = [
    "no wait, it's {post} actually", "scratch that, it's {post}", "hmm on second thought, i'll get it {post}",
    "sorry, got that wrong - it's {post}", "oh wait, it's {post}", 'change of plan, {post}',
    'actually it should be one {post}', "no hang on, it's {post}",
]
T2_WRONG_BRAND = [
    'i think it was {wb}', 'the brand was {wb} maybe?', 'was it {wb}? something like that', '{wb} i think',
    'possibly {wb}',
]
T3_FIX_BRAND = [
    'no wait, it was {b} not {wb}', 'hmm on second thought it was {b}', 'scratch that, {b}',
    'sorry, not {wb} - {b}', 'no no, {b}, i mixed them up', 'it was {b} actually', 'my bad, {b}',
]
T3_FIX_BRAND_WORD = [
    "no wait, it was {b} not {wb}, and the name had '{w}'", 'hmm on second thought it was {b}, the {w} one',
    'scratch that, {b} - {w} something', "sorry, not {wb} - it's {b} {w}",
]
T1_COMP = [
    'same but in {c}?', 'got this in {c}?', 'this style, but {c}', 'want this exact one only in {c}',
    'does this come in {c}?', 'need one like the pic but {c}', 'this but {c} pls', 'same thing in {c} please',
    'any chance of this in {c}?', 'looking for the {c} version of this', 'love this but not the colour, {c} instead?',
    'this one in {c} would be ideal', 'can i get the {c} one of these?', 'this, but in {a_c} colour',
    'same model, {c}', 'is there {a_c} variant of this?', 'want it like this, just {c}',
]
T1_IMAGE = [
    'saw this on someone at the gym, where can i buy it', 'this exact one please', 'want this!!',
    "snapped this at a friend's place, need one", 'can i get this here?', 'is this available?',
    'took a pic of this in a shop window, find it for me?', 'looking for whatever this is',
    'my sister has this, i want the same', 'need this asap', 'found this pic on my phone - got it?',
    'this pls', 'any idea where i can buy this', 'same as in the pic please', 'how do i get this one',
    'this thing, in stock?', 'pls find me this', 'can you track this down?', 'is this sold here',
    'want to buy the one in my photo', 'saw it in a mall, want it', 'this one, same colour',
    'my cousin wore this at the wedding, need it', 'help me find this', 'photo attached, this one',
]

STOP = set('of and with the for in a an by to on at from new combo pack set pair gift body mist spray eau de toilette '
           'eyewear footwear apparel accessories accessory fit slim regular wear finish benetton '
           'men women unisex kids boys girls mens womens boy girl kid man woman baby '
           'casual formal sports sport solid'.split())
TYPE_TOKENS = set('''t tshirt tshirts tee shirt shirts shoe shoes watch watches sunglasses sunglass heels heel sandal
 sandals flip flops flop kurta kurtas kurti kurtis top tops jeans sock socks belt belts wallet wallets bag bags handbag
 handbags backpack backpacks jacket jackets sweater sweaters sweatshirt sweatshirts trouser trousers shorts short brief
 briefs vest vests innerwear cap caps track pants pant tie ties clutch clutches dress dresses muffler mufflers skirt
 skirts trunk trunks scarf scarves perfume perfumes deo deos deodorant cufflinks cufflink capris laptop tunic tunics
 stockings leggings legging duffel duffle pouch mobile tracksuit tracksuits bra gloves glove flats flat stole stoles
 dupatta umbrella umbrellas churidar lounge waist messenger boxer boxers tights'''.split())

KEYS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm']
PHONETIC = {
    'please': ['plz', 'pleese'], 'something': ['somethin', 'smthing', 'sumthing'], 'you': ['u', 'yu'],
    'your': ['ur', 'yor'], 'thanks': ['thnks', 'thanx'], 'shoes': ['shooes', 'shoos'], 'jeans': ['jeens'],
    'colour': ['color', 'culour'], 'maroon': ['marroon', 'maroone'], 'beige': ['biege', 'baige'],
    'purple': ['purpel', 'perple'], 'yellow': ['yello', 'yelow'], 'brown': ['broun'], 'khaki': ['kakhi', 'kaki'],
    'sunglasses': ['sunglases', 'sunglassess', 'sunnglasses'], 'sweater': ['sweatter', 'swetter'],
    'backpack': ['bakpack', 'backpak'], 'daughter': ['daugter', 'dauhter'],
    'trousers': ['trowsers', 'trausers'], 'watch': ['wach', 'wotch'], 'sandals': ['sandels', 'sandls'],
    'grey': ['gery'], 'white': ['whyte', 'wite'], 'black': ['blk', 'balck'], 'navy': ['navvy', 'nevy'],
    'think': ['thnk', 'fink'], 'because': ['coz', 'cuz'], 'really': ['realy', 'rly'], 'would': ['wud', 'woud'],
    'birthday': ['bday', 'birthdy'], 'believe': ['beleive', 'belive'], 'brother': ['bruther', 'brothr'],
    'wife': ['wfie'], 'husband': ['husbnd'], 'sister': ['sistr', 'sista'], 'niece': ['neice'],
    'nephew': ['nefew', 'nephw'], 'sneakers': ['sneekers', 'snekers'], 'perfect': ['perfct', 'prefect'],
    'actually': ['acutally', 'actualy'], 'second': ['secnd', 'secund'], 'thought': ['thougt', 'thot'],
    'available': ['availble', 'avaliable'], 'exact': ['exakt', 'exat'], 'picture': ['pitcure'],
    'leggings': ['legings', 'leggins'], 'turquoise': ['turquise', 'turqoise'], 'lavender': ['lavendar'],
    'mustard': ['mustared', 'musterd'], 'charcoal': ['charcol', 'charcole'], 'olive': ['olivve', 'oliv'],
    'ivory': ['ivery'], 'burgundy': ['burgandy', 'burgendy'], 'fuchsia': ['fuschia', 'fushia'],
    'grandad': ['grandda'], 'office': ['ofice', 'offce'], 'version': ['verison', 'vershun'],
    'kurta': ['kurtha'], 'jacket': ['jaket', 'jackit', 'jackett'], 'wallet': ['wallett', 'walet'],
    'scarf': ['scarff', 'scraf'], 'socks': ['sox', 'scoks'],
}


# ----------------------------------------------------------------------------------------------------------------
# catalog
# ----------------------------------------------------------------------------------------------------------------

def norm_tokens(s):
    return re.findall(r'[a-z0-9]+', s.lower().replace('.', '').replace("'", ''))


def load_catalog():
    rows = list(csv.DictReader(open(CATALOG / 'catalog.csv', encoding='utf-8')))
    for r in rows:
        r['tokens'] = norm_tokens(r['productDisplayName'])
        p = CATALOG / 'images' / (r['id'] + '.jpg')
        r['ok_photo'] = False
        r['md5'] = None
        r['thumb'] = None
        if p.is_file():
            data = p.read_bytes()
            r['md5'] = hashlib.md5(data).hexdigest()
            try:
                im = Image.open(io.BytesIO(data))
                im.load()
                im = im.convert('RGB')
                if im.size[0] >= 30 and im.size[1] >= 40:
                    r['ok_photo'] = True
                    r['thumb'] = np.asarray(im.convert('L').resize((15, 20), Image.BOX), dtype=np.float32)
            except Exception:
                pass
    return rows


def brand_of(title, prefix_count):
    stop = {'men', 'women', 'unisex', 'kids', 'boys', 'girls', 'mens', 'womens', "men's", "women's"}
    t = title.split()
    for k, w in enumerate(t[:4]):
        if w.lower().startswith('benetton'):     # United Colors of Benetton, Undercolors of Benetton, ...
            return ' '.join(t[:k + 1])
    if title.lower().startswith('united colors '):
        return ' '.join(t[:2])
    b = t[0]
    for k in range(2, 5):
        if len(t) < k or t[k - 1].lower() in stop:
            break
        p = ' '.join(t[:k])
        if prefix_count.get(p, 0) >= 0.85 * prefix_count[b] and prefix_count[p] >= 3:
            b = p
        else:
            break
    return b


COLOUR_TOKENS = set()
for _c in COLOUR_WORDS:
    COLOUR_TOKENS.update(norm_tokens(_c))
COLOUR_TOKENS.update('navy melange multi multicolour multicoloured colour coloured golden light dark off '
                     'fluorescent neon turquoise metallic nude skin mauve'.split())


def title_age_ok(r):
    """False for adult rows titled for children (and the reverse): what a shopper would say is unclear."""
    kid = bool(set(r['tokens']) & {'kids', 'kid', 'boys', 'girls', 'boy', 'girl', 'infant', 'baby'})
    return kid == (r['gender'] in ('Boys', 'Girls')) or r['gender'] == 'Unisex'


def gender_fits(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


def name_match(tokens, words):
    return all(any(t.startswith(w) for t in tokens) for w in words)


class Catalog:
    def __init__(self, rows):
        self.rows = rows
        self.by_id = {r['id']: r for r in rows}
        prefix = {}
        for r in rows:
            t = r['productDisplayName'].split()
            for k in range(1, 5):
                if len(t) >= k:
                    p = ' '.join(t[:k])
                    prefix[p] = prefix.get(p, 0) + 1
        self.by_type = {}
        for r in rows:
            r['brand'] = brand_of(r['productDisplayName'], prefix)
            self.by_type.setdefault(r['articleType'], []).append(r)

    def relevant(self, target, gender, words):
        """Every product the final state cannot tell apart from the target (target included)."""
        out = [r['id'] for r in self.by_type[target['articleType']]
               if r['baseColour'] == target['baseColour'] and gender_fits(gender, r['gender'])
               and name_match(r['tokens'], words)]
        assert target['id'] in out
        return sorted(out, key=int)

    def relevant_image(self, target):
        key = (target['productDisplayName'], target['gender'], target['baseColour'], target['articleType'])
        out = [r['id'] for r in self.rows
               if r['id'] == target['id'] or (r['md5'] is not None and r['md5'] == target['md5'])
               or (r['productDisplayName'], r['gender'], r['baseColour'], r['articleType']) == key]
        return sorted(out, key=int)

    def near_duplicate_outside(self, target, rel):
        th = target['thumb']
        for r in self.by_type[target['articleType']]:
            if r['id'] in rel or r['thumb'] is None:
                continue
            if float(np.abs(r['thumb'] - th).mean()) < NEAR_DUP:
                return True
        return False


# ----------------------------------------------------------------------------------------------------------------
# name words
# ----------------------------------------------------------------------------------------------------------------

def brand_say(brand, rng):
    """(text as said, tokens used for relevance) for a brand, or None if it is not a usable name word."""
    toks = norm_tokens(brand)
    low = brand.lower()
    if low.startswith('united colors'):
        return rng.choice([('Benetton', ['benetton']), ('United Colors of Benetton', ['benetton']),
                           ('UCB Benetton', ['benetton'])])
    if 'benetton' in low:    # Undercolors of Benetton
        return brand, [t for t in toks if t not in STOP]
    if not toks or any(t in COLOUR_TOKENS for t in toks) or len(''.join(toks)) < 3 or toks[-1] in STOP:
        return None
    if brand == 'U.S. Polo Assn.':
        return rng.choice([('US Polo', ['us', 'polo']), ('U.S. Polo', ['us', 'polo'])])
    said = brand
    if said.isupper() and len(said) > 3:
        said = rng.choice([said.lower(), said.title()])
    return said, toks


def title_words(r, with_pos=False):
    """Distinctive words of the title: not brand, colour, gender, type, generic or code words."""
    brand_toks = set(norm_tokens(r['brand']))
    out = []
    pos = []
    parts = []
    for raw in r['productDisplayName'].split()[len(r['brand'].split()):]:
        parts.extend(raw.split('-'))
    for n, raw in enumerate(parts):
        w = re.sub(r"[.,'()]", '', raw)
        lw = w.lower()
        if len(w) < 4 or not w.isalpha() or not w.isascii() or (w.isupper() and len(w) <= 4):
            continue
        if lw in STOP or lw in COLOUR_TOKENS or lw in TYPE_TOKENS or lw in brand_toks:
            continue
        if any(lw.startswith(t) and len(t) > 3 for t in TYPE_TOKENS):
            continue
        if any(c in lw for c in COLOUR_TOKENS if len(c) >= 4) or not re.search('[aeiouy]', lw):
            continue
        if w not in out:
            out.append(w)
            pos.append(n)
    return (out, pos) if with_pos else out


def name_options(cat, r, gender, rng):
    """All ways to quote name words with their relevance lists, as (kind, brand_said, words_said, tokens, rel)."""
    opts = []
    b = brand_say(r['brand'], rng)
    words, pos = title_words(r, with_pos=True)
    if b:
        opts.append(('brand', b[0], None, b[1], cat.relevant(r, gender, b[1])))
    for w in words:
        opts.append(('word', None, w, [w.lower()], cat.relevant(r, gender, [w.lower()])))
        if b:
            opts.append(('both', b[0], w, b[1] + [w.lower()], cat.relevant(r, gender, b[1] + [w.lower()])))
    for (w1, p1), (w2, p2) in zip(zip(words, pos), zip(words[1:], pos[1:])):
        if p2 != p1 + 1:
            continue
        opts.append(('two', None, w1 + ' ' + w2, [w1.lower(), w2.lower()],
                     cat.relevant(r, gender, [w1.lower(), w2.lower()])))
    return [o for o in opts if len(o[4]) <= MAX_REL]


def pick_name(opts, rng, kinds=('brand', 'word', 'both', 'two'), weights=(3, 3, 3, 1)):
    avail = [(k, w) for k, w in zip(kinds, weights) if any(o[0] == k for o in opts)]
    if not avail:
        return None
    k = rng.choices([a[0] for a in avail], weights=[a[1] for a in avail])[0]
    cands = [o for o in opts if o[0] == k]
    singles = [o for o in cands if len(o[4]) == 1]
    if singles and rng.random() < 0.8:
        cands = singles
    return rng.choice(cands)


# ----------------------------------------------------------------------------------------------------------------
# text helpers
# ----------------------------------------------------------------------------------------------------------------

def article(word):
    w = word.lower()
    if w.startswith(('uni', 'use', 'eu', 'one')):
        return 'a'
    return 'an' if w[:1] in 'aeiou' else 'a'


def a_phrase(phrase, form, rng, adj=None):
    body = (adj + ' ' + phrase) if adj else phrase
    if form == 's':
        return article(body) + ' ' + body
    if form == 'm':
        return rng.choice(['some ', '']) + body
    return rng.choice(['some ', 'a pair of ', 'new ', '']) + body


def plural(phrase, form):
    if form != 's':
        return phrase
    if phrase.startswith('pair of '):
        return phrase.replace('pair of ', 'pairs of ', 1)
    if phrase.endswith(('ch', 'sh', 's', 'x')):
        return phrase + 'es'
    if phrase == 'scarve':
        return 'scarves'
    return phrase + 's'


def mutate_word(w, rng, kinds=('neighbour', 'drop', 'double', 'swap')):
    """One realistic slip on a word (letters only are touched)."""
    idx = [i for i, ch in enumerate(w) if ch.isalpha()]
    if len(idx) < 4:
        return w
    k = rng.choice(kinds)
    i = rng.choice(idx[1:-1]) if len(idx) > 2 else idx[0]
    ch = w[i]
    if k == 'neighbour':
        for row in KEYS:
            j = row.find(ch.lower())
            if j >= 0:
                nb = [row[x] for x in (j - 1, j + 1) if 0 <= x < len(row)]
                rep = rng.choice(nb)
                rep = rep.upper() if ch.isupper() else rep
                return w[:i] + rep + w[i + 1:]
        return w
    if k == 'drop':
        return w[:i] + w[i + 1:]
    if k == 'double':
        return w[:i] + ch + w[i:]
    j = i + 1
    if j < len(w) and w[j].isalpha() and w[j] != ch:
        return w[:i] + w[j] + ch + w[j + 1:]
    return w[:i] + w[i + 1:]


def typo_text(text, rng, n, protect):
    """Apply n typos to words of text; words in protect (lower case) are left alone."""
    parts = re.split(r'(\s+)', text)
    cand = [i for i, p in enumerate(parts) if p.strip() and re.sub(r'[^a-z]', '', p.lower()) not in protect
            and len(re.sub(r'[^A-Za-z]', '', p)) >= 4]
    rng.shuffle(cand)
    done = 0
    for i in cand:
        if done >= n:
            break
        p = parts[i]
        m = re.match(r'^([^A-Za-z]*)([A-Za-z\-]+)([^A-Za-z]*)$', p)
        if not m:
            continue
        pre, core, post = m.groups()
        low = core.lower()
        if low in PHONETIC and rng.random() < 0.6:
            new = rng.choice(PHONETIC[low])
        else:
            new = mutate_word(core, rng)
        if new != core:
            parts[i] = pre + new + post
            done += 1
    return ''.join(parts)


def texting(text):
    t = text.lower()
    t = t.replace("i'm", 'im').replace("it's", 'its').replace("don't", 'dont').replace("doesn't", 'doesnt')
    t = t.replace("won't", 'wont').replace("i'd", 'id').replace("he's", 'hes').replace("she's", 'shes')
    t = re.sub(r'\byou\b', 'u', t)
    t = re.sub(r'\bplease\b', 'pls', t)
    t = re.sub(r"[.,!?:;()']", '', t).replace('coloured colour', 'colour')
    t = re.sub(r'\s+-\s+', ' ', t)
    return re.sub(r'\s+', ' ', t).strip()


def tidy(text, cap):
    text = re.sub(r'\s+', ' ', text).strip()
    text = re.sub(r'\s+([,.?!:])', r'\1', text).replace('coloured colour', 'colour')
    if cap and text:
        text = text[0].upper() + text[1:]
        text = re.sub(r'\bi\b', 'I', text)
        text = re.sub(r"\bi'", "I'", text)
    return text


def misspell_name(said, rng):
    """Misspell one word (5+ letters) of a remembered name by one letter."""
    ws = said.split(' ')
    idx = [i for i, w in enumerate(ws) if len(re.sub(r'[^A-Za-z]', '', w)) >= 5]
    if not idx:
        return said, False
    i = rng.choice(idx)
    new = mutate_word(ws[i], rng)
    if new == ws[i]:
        return said, False
    ws[i] = new
    return ' '.join(ws), True


# ----------------------------------------------------------------------------------------------------------------
# shopper photos: product cut out of its white studio background, laid on a surface with a shadow, photographed
# ----------------------------------------------------------------------------------------------------------------

def background_mask(arr):
    """Near-white region connected to the border (numpy flood fill). arr: HxWx3 uint8. True = background."""
    a = arr.astype(np.int16)
    white = (a.min(axis=2) > 246) & ((a.max(axis=2) - a.min(axis=2)) < 12)
    seed = np.zeros_like(white)
    seed[0, :] = white[0, :]
    seed[-1, :] = white[-1, :]
    seed[:, 0] = white[:, 0]
    seed[:, -1] = white[:, -1]
    while True:
        grown = seed.copy()
        grown[1:, :] |= seed[:-1, :]
        grown[:-1, :] |= seed[1:, :]
        grown[:, 1:] |= seed[:, :-1]
        grown[:, :-1] |= seed[:, 1:]
        grown &= white
        if (grown == seed).all():
            return seed
        seed = grown


def surface(w, h, rng):
    """A textured surface: wood, woven fabric, tiles or a painted wall, lit from one side."""
    kind = rng.integers(4)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == 0:    # wood planks
        base = np.array([rng.uniform(120, 190), rng.uniform(80, 130), rng.uniform(45, 85)], np.float32)
        freq = rng.uniform(0.04, 0.09)
        grain = np.sin(xx * freq + 3.0 * np.sin(yy * 0.013 + rng.uniform(0, 6))) * 0.5 + 0.5
        plank = ((yy + rng.uniform(0, 60)) // rng.uniform(55, 90)) % 2
        tex = (grain * 22 + plank * 12 - 17)[..., None]
        img = base + tex
    elif kind == 1:  # woven fabric / bed sheet
        base = rng.uniform(90, 215, 3).astype(np.float32)
        weave = (np.sin(xx * 1.3) * np.sin(yy * 1.3)) * 9
        img = base + weave[..., None]
    elif kind == 2:  # floor tiles
        base = np.full(3, rng.uniform(150, 215), np.float32) + rng.uniform(-12, 12, 3).astype(np.float32)
        step = rng.uniform(60, 110)
        grout = ((xx % step) < 3) | ((yy % step) < 3)
        img = base - grout[..., None] * 40.0
    else:            # painted wall
        base = rng.uniform(120, 225, 3).astype(np.float32)
        img = base + np.zeros((h, w, 1), np.float32)
    ang = rng.uniform(0, 2 * math.pi)
    ramp = (np.cos(ang) * (xx / w - 0.5) + np.sin(ang) * (yy / h - 0.5))
    img = img * (1.0 + ramp[..., None] * rng.uniform(0.2, 0.5))
    img = img + rng.normal(0, 4, img.shape).astype(np.float32)
    return np.clip(img, 0, 255)


def perspective_coeffs(src, dst):
    """Coefficients for Image.transform(PERSPECTIVE) mapping output points dst to input points src."""
    m = []
    for (x, y), (u, v) in zip(dst, src):
        m.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        m.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(m, dtype=np.float64)
    b = np.array([c for p in src for c in p], dtype=np.float64)
    return tuple(np.linalg.solve(a, b).tolist())


def shopper_photo(src_path, seed, out_size=(60, 80)):
    rng = np.random.default_rng(seed)
    src = Image.open(src_path).convert('RGB')
    if src.size != (60, 80):
        src = src.resize((60, 80), Image.BICUBIC)
    S = 4
    W, H = 60 * S, 80 * S
    arr = np.asarray(src)
    bg = background_mask(arr)
    if bg.mean() < 0.08:
        alpha_small = np.full(bg.shape, 255, np.uint8)       # full-bleed photo: keep it whole, like a print
        shrink = rng.uniform(0.62, 0.8)
    else:
        alpha_small = np.where(bg, 0, 255).astype(np.uint8)
        shrink = rng.uniform(0.78, 1.0)
    obj = src.resize((W, H), Image.BICUBIC)
    alpha = Image.fromarray(alpha_small).resize((W, H), Image.BILINEAR)
    alpha = alpha.filter(ImageFilter.MinFilter(5)).filter(ImageFilter.GaussianBlur(1.5))   # trim the white fringe
    obj.putalpha(alpha)
    if rng.random() < 0.25:
        obj = obj.transpose(Image.FLIP_LEFT_RIGHT)
    obj = obj.rotate(float(rng.uniform(-12, 12)), resample=Image.BICUBIC, expand=True)
    # big canvas (15% margin) so the perspective warp and crop never reach its edge
    CW, CH = int(W * 1.3), int(H * 1.3)
    canvas = surface(CW, CH, rng)
    scale = shrink * min(W / obj.size[0], H / obj.size[1])
    ow, oh = max(1, int(obj.size[0] * scale)), max(1, int(obj.size[1] * scale))
    obj = obj.resize((ow, oh), Image.BICUBIC)
    ox = int((CW - ow) / 2 + rng.uniform(-0.06, 0.06) * W)
    oy = int((CH - oh) / 2 + rng.uniform(-0.05, 0.05) * H)
    # soft shadow
    a = np.zeros((CH, CW), np.float32)
    sdx, sdy = int(rng.uniform(-12, 12)), int(rng.uniform(5, 16))
    oa = np.asarray(obj.getchannel('A'), np.float32) / 255.0
    y0, x0 = oy + sdy, ox + sdx
    ys, xs = max(0, y0), max(0, x0)
    ye, xe = min(CH, y0 + oh), min(CW, x0 + ow)
    if ye > ys and xe > xs:
        a[ys:ye, xs:xe] = oa[ys - y0:ye - y0, xs - x0:xe - x0]
    sh = np.asarray(Image.fromarray((a * 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(float(rng.uniform(6, 12)))), np.float32) / 255.0
    canvas = canvas * (1.0 - sh[..., None] * rng.uniform(0.3, 0.55))
    cimg = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8))
    cimg.paste(obj.convert('RGB'), (ox, oy), obj.getchannel('A'))
    # perspective: the phone is not held square to the surface
    j = 0.07
    src_pts = [(0, 0), (CW, 0), (CW, CH), (0, CH)]
    dst_pts = [(x + rng.uniform(-j, j) * CW, y + rng.uniform(-j, j) * CH) for x, y in src_pts]
    cimg = cimg.transform((CW, CH), Image.PERSPECTIVE, perspective_coeffs(src_pts, dst_pts), Image.BICUBIC)
    # crop / zoom jitter inside the safe middle of the canvas, 3:4
    cw = W * rng.uniform(0.92, 1.1)
    ch = cw * H / W
    cx = CW / 2 + rng.uniform(-0.05, 0.05) * W
    cy = CH / 2 + rng.uniform(-0.05, 0.05) * H
    cimg = cimg.crop((int(cx - cw / 2), int(cy - ch / 2), int(cx + cw / 2), int(cy + ch / 2))).resize((W, H), Image.BICUBIC)
    # lighting and white balance
    cimg = ImageEnhance.Brightness(cimg).enhance(float(rng.uniform(0.78, 1.2)))
    cimg = ImageEnhance.Contrast(cimg).enhance(float(rng.uniform(0.8, 1.15)))
    cimg = ImageEnhance.Color(cimg).enhance(float(rng.uniform(0.8, 1.2)))
    gains = rng.uniform(0.9, 1.1, 3)
    gains = gains / gains.mean()
    gamma = rng.uniform(0.85, 1.15)
    f = np.asarray(cimg, np.float32) / 255.0
    f = np.clip(f * gains, 0, 1) ** gamma
    cimg = Image.fromarray((f * 255).round().astype(np.uint8))
    # focus or hand-shake blur
    r = rng.random()
    if r < 0.45:
        cimg = cimg.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.6, 2.0))))
    elif r < 0.65:
        k = np.zeros((5, 5), np.float32)
        if rng.random() < 0.5:
            k[2, :] = 1
        else:
            np.fill_diagonal(k, 1)
        cimg = cimg.filter(ImageFilter.Kernel((5, 5), k.flatten().tolist(), scale=float(k.sum())))
    small = cimg.resize(out_size, Image.LANCZOS)
    f = np.asarray(small, np.float32)
    f = f + rng.normal(0, rng.uniform(1.5, 6.0), f.shape)
    small = Image.fromarray(np.clip(f, 0, 255).round().astype(np.uint8))
    buf = io.BytesIO()
    small.save(buf, format='JPEG', quality=int(rng.integers(40, 86)))
    return buf.getvalue()


# ----------------------------------------------------------------------------------------------------------------
# dialogue builders
# ----------------------------------------------------------------------------------------------------------------

class Builder:
    def __init__(self, cat, rng):
        self.cat = cat
        self.rng = rng
        self.used = set()

    def type_phrase(self, t):
        return self.rng.choice(TYPE_WORDS[t])

    def person(self, g):
        return self.rng.choice(PEOPLE[g])

    def colour(self, c):
        return self.rng.choice(COLOUR_WORDS[c])

    def fill(self, tpl, **kw):
        return tpl.format(**kw)

    def first_turn(self, tpls, r, gender, colour_said=None):
        rng = self.rng
        phrase, form = self.type_phrase(r['articleType'])
        post, poss = self.person(gender)
        adj = rng.choice(PEOPLE_ADJ[gender])
        self_person = bool(re.search(r'\b(me|myself|us)\b', post))
        choices = [t for t in tpls if ('{poss}' not in t or poss) and ('{post_cap}' not in t or post.startswith('for '))
                   and not ('gift' in t and self_person)]
        tpl = rng.choice(choices)
        post_sent = ("It's " + post) if post.startswith('for ') else post.lstrip(',- ').capitalize()
        greet = rng.choice(GREET)
        if tpl.startswith('{greet}{post_cap}'):
            greet = rng.choice(['', '', 'hi. ', 'hello! ', 'morning! ', 'hi there. '])
        kw = dict(greet=greet, need=rng.choice(NEED), tail=rng.choice(TAIL),
                  a_type=a_phrase(phrase, form, rng), type_pl=plural(phrase, form), post=post,
                  post_cap=post[0].upper() + post[1:], post_sent=post_sent, poss=poss or '', adj=adj,
                  a_adj_type=a_phrase(phrase, form, rng, adj=adj), c=colour_said or '',
                  a_c_adj_type=a_phrase(phrase, form, rng, adj=(colour_said or '') + ' ' + adj))
        text = self.fill(tpl, **kw)
        return text.replace(' ,', ',').replace('  ', ' ')

    def name_turn(self, opt, misspell):
        rng = self.rng
        kind, b, w, _, _ = opt
        flag = False
        if misspell:
            if w and rng.random() < 0.6:
                w, flag = misspell_name(w, rng)
            elif b:
                b, flag = misspell_name(b, rng)
            if not flag and w:
                w, flag = misspell_name(w, rng)
        if kind == 'brand':
            tpl = rng.choice(T3_BRAND)
        elif kind == 'both':
            tpl = rng.choice(T3_BOTH)
        elif kind == 'two':
            tpl = rng.choice([t for t in T3_WORD if 'the word ' not in t and 'keyword' not in t])
        else:
            tpl = rng.choice(T3_WORD)
        return tpl.format(b=b, w=w, tail=rng.choice(TAIL)), flag

    def candidates(self, t):
        rows = [r for r in self.cat.by_type[t] if r['id'] not in self.used and r['ok_photo']
                and r['baseColour'] in COLOUR_WORDS and r['gender'] in PEOPLE and title_age_ok(r)]
        self.rng.shuffle(rows)
        return rows

    # progressive: type + person, then colour, then name words
    def progressive(self, t, misspell):
        for r in self.candidates(t):
            opts = name_options(self.cat, r, r['gender'], self.rng)
            opt = pick_name(opts, self.rng)
            if not opt:
                continue
            t1 = self.first_turn(T1_PROG, r, r['gender'])
            c = self.colour(r['baseColour'])
            t2 = self.rng.choice(T2_COLOUR).format(c=c, a_c=article(c) + ' ' + c, tail=self.rng.choice(TAIL))
            t3, flag = self.name_turn(opt, misspell)
            return r, [t1, t2, t3], [None, None, None], opt, {'name_misspelt': flag}
        return None

    def correction(self, t, misspell, sub):
        rng = self.rng
        for r in self.candidates(t):
            g = r['gender']
            if sub == 'person':
                if g not in WRONG_GENDER:
                    continue
                wrongs = [x for x in WRONG_GENDER[g] if any(y['gender'] == x for y in self.cat.by_type[t])]
                if not wrongs:
                    continue
            opts = name_options(self.cat, r, g, rng)
            if sub == 'brand':
                opt = pick_name(opts, rng, kinds=('brand', 'both'), weights=(2, 1))
                if not opt:
                    continue
                counts = {}
                for x in self.cat.by_type[t]:
                    counts[x['brand']] = counts.get(x['brand'], 0) + 1
                others = sorted(x for x, n in counts.items() if n >= 3 and x[:1].isupper()
                                and brand_say(x, rng) and not set(norm_tokens(x)) & set(opt[3]))
                if not others:
                    continue
                wb = brand_say(rng.choice(others), rng)[0]
            else:
                opt = pick_name(opts, rng)
                if not opt:
                    continue
            if sub == 'colour':
                colours = sorted({x['baseColour'] for x in self.cat.by_type[t] if x['baseColour'] in COLOUR_WORDS
                                  and x['baseColour'] != r['baseColour'] and gender_fits(g, x['gender'])})
                if not colours:
                    continue
                c0 = self.colour(rng.choice(colours))
                c1 = self.colour(r['baseColour'])
                t1 = self.first_turn(T1_CORR, r, g, colour_said=c0)
                t2 = rng.choice(T2_CORR_COLOUR).format(c=c1, c0=c0)
                t3, flag = self.name_turn(opt, misspell)
            elif sub == 'person':
                wrong = rng.choice(wrongs)
                t1 = self.first_turn(T1_CORR, r, wrong, colour_said=self.colour(r['baseColour']))
                post = self.person(g)[0]
                if not post.startswith('for '):
                    post = 'for ' + rng.choice(PEOPLE_ADJ[g])
                t2 = rng.choice(T2_CORR_PERSON).format(post=post)
                t3, flag = self.name_turn(opt, misspell)
            else:
                t1 = self.first_turn(T1_CORR, r, g, colour_said=self.colour(r['baseColour']))
                t2 = rng.choice(T2_WRONG_BRAND).format(wb=wb)
                b, w = opt[1], opt[2]
                flag = False
                if misspell:
                    b, flag = misspell_name(b, rng)
                if opt[0] == 'both':
                    t3 = rng.choice(T3_FIX_BRAND_WORD).format(b=b, wb=wb, w=w)
                else:
                    t3 = rng.choice(T3_FIX_BRAND).format(b=b, wb=wb)
            return r, [t1, t2, t3], [None, None, None], opt, {'name_misspelt': flag, 'corrects': sub}
        return None

    def model_key(self, r):
        return tuple(x for x in r['tokens'] if x not in COLOUR_TOKENS)

    def composed(self, t, misspell, idx):
        rng = self.rng
        cands = self.candidates(t)
        for same_model_pass in (True, False):
            for r in cands:
                g = r['gender']
                pool = [x for x in self.cat.by_type[t] if x['gender'] == g and x['baseColour'] != r['baseColour']
                        and x['ok_photo'] and x['id'] not in self.used and x['baseColour'] != 'NA'
                        and x['baseColour'].strip()]
                same = [x for x in pool if self.model_key(x) == self.model_key(r)]
                if same_model_pass:
                    if not same:
                        continue
                    ref = rng.choice(same)
                else:
                    if not pool:
                        continue
                    same_brand = [x for x in pool if x['brand'] == r['brand']]
                    ref = rng.choice(same_brand or pool)
                opt = pick_name(name_options(self.cat, r, g, rng), rng)
                if not opt:
                    continue
                c = self.colour(r['baseColour'])
                t1 = rng.choice(T1_COMP).format(c=c, a_c=article(c) + ' ' + c)
                if g != 'Unisex' and rng.random() < 0.3:
                    post = self.person(g)[0]
                    if t1.endswith('?'):
                        t1 = t1 + rng.choice([" - it's ", " it's "]) + post
                    else:
                        t1 = t1 + rng.choice([' ', " - it's ", ', ']) + post
                t2, flag = self.name_turn(opt, misspell)
                img = f'{IMG_REL}/{idx:03d}.jpg'
                return r, [t1, t2], [img, None], opt, {'name_misspelt': flag, 'ref': ref['id'],
                                                      'same_model': bool(same_model_pass)}
        return None

    def image(self, t, idx):
        for r in self.candidates(t):
            rel = self.cat.relevant_image(r)
            if len(rel) > MAX_REL_IMAGE or self.cat.near_duplicate_outside(r, set(rel)):
                continue
            img = f'{IMG_REL}/{idx:03d}.jpg'
            return r, [self.rng.choice(T1_IMAGE)], [img], None, {'relevant': rel}
        return None


def systematic_types(tw, n, rng):
    """n article types drawn in proportion to the weights with systematic sampling (each type gets the floor or
    the ceiling of its share), in random order."""
    tw = list(tw)
    rng.shuffle(tw)
    total = sum(w for _, w in tw)
    step = total / n
    u = rng.uniform(0, step)
    out, acc, j = [], 0.0, 0
    for t, w in tw:
        acc += w
        while j < n and u + j * step < acc:
            out.append(t)
            j += 1
    rng.shuffle(out)
    return out


def type_weights(cat, kind):
    out = []
    for t in sorted(TYPE_WORDS):
        rows = [r for r in cat.by_type.get(t, []) if r['ok_photo'] and r['baseColour'] in COLOUR_WORDS]
        if len(rows) >= 3:
            out.append((t, math.sqrt(len(rows))))
    return out


def main():
    rng = random.Random(SEED)
    cat = Catalog(load_catalog())
    b = Builder(cat, rng)
    kinds = [k for k, n in COUNTS for _ in range(n)]
    rng.shuffle(kinds)
    total = len(kinds)
    # misspellings in 30% of dialogues: typing slips in the sentences (typo_set), a remembered name word
    # misspelt by one letter (name_set), or both; texting style (lower case, no punctuation) in 20%
    order = list(range(total))
    rng.shuffle(order)
    n_mis = round(0.3 * total)
    mis = order[:n_mis]
    typo_set = set(mis[:round(0.75 * n_mis)])
    name_set = set(mis[round(0.55 * n_mis):])
    text_set = set(rng.sample(range(total), round(0.2 * total)))
    n_corr = sum(1 for k in kinds if k == 'correction')
    corr_subs = ['colour'] * (n_corr - 2 * (n_corr // 4)) + ['person'] * (n_corr // 4) + ['brand'] * (n_corr // 4)
    rng.shuffle(corr_subs)
    IMG_DIR.mkdir(parents=True, exist_ok=True)
    for old in sorted(IMG_DIR.glob('*.jpg')):
        old.unlink()
    weights = {k: type_weights(cat, k) for k, _ in COUNTS}
    # article types per kind: proportional to the square root of the type's size, so small types are drawn too
    plan = {k: systematic_types(weights[k], n, rng) for k, n in COUNTS}
    lines = []
    stats = {'typo': 0, 'name_misspelt': 0, 'any_misspelling': 0, 'texting': 0}
    extra = {'corrects': [], 'same_model': 0, 'rel': []}
    for i, kind in enumerate(kinds):
        misspell = i in name_set
        res = None
        planned = plan[kind].pop()
        while res is None:
            tw = weights[kind]
            if planned:
                t, planned = planned, None
            else:    # the planned type had no usable target left: draw another
                t = rng.choices([x[0] for x in tw], weights=[x[1] for x in tw])[0]
            if kind == 'progressive':
                res = b.progressive(t, misspell)
            elif kind == 'correction':
                res = b.correction(t, misspell, corr_subs[0])
                if res:
                    corr_subs.pop(0)
            elif kind == 'composed':
                res = b.composed(t, misspell, i)
            else:
                res = b.image(t, i)
        r, texts, images, opt, meta = res
        b.used.add(r['id'])
        if kind == 'composed':
            b.used.add(meta['ref'])
        protect = set()
        if opt:
            for s in (opt[1], opt[2]):
                if s:
                    protect.update(re.sub(r'[^a-z ]', '', s.lower()).split())
        # a misspelling was planned but no name word could take it: make it a typing slip instead
        do_typo = i in typo_set or (i in name_set and not meta.get('name_misspelt'))
        if do_typo:
            n = rng.choice([1, 1, 1, 2, 2, 3])
            per = [0] * len(texts)
            for _ in range(n):
                per[rng.randrange(len(texts))] += 1
            before = list(texts)
            texts = [typo_text(tx, rng, k, protect) if k else tx for tx, k in zip(texts, per)]
            if texts == before:    # nothing long enough in the chosen turns: slip on any word
                texts = [typo_text(texts[0], rng, 1, protect)] + texts[1:]
            if texts != before:
                stats['typo'] += 1
            else:
                do_typo = False
        if meta.get('name_misspelt'):
            stats['name_misspelt'] += 1
        if do_typo or meta.get('name_misspelt'):
            stats['any_misspelling'] += 1
        if i in text_set:
            stats['texting'] += 1
        if i in text_set:
            texts = [texting(tx) for tx in texts]
        else:
            cap = rng.random() < 0.5
            texts = [tidy(tx, cap) for tx in texts]
        if kind == 'image':
            rel = meta['relevant']
        else:
            rel = cat.relevant(r, r['gender'], opt[3])
        for img in images:
            if img:
                src_id = meta['ref'] if kind == 'composed' else r['id']
                data = shopper_photo(CATALOG / 'images' / (src_id + '.jpg'), SEED * 1000 + i)
                (HERE / img).write_bytes(data)
        d = {'id': f'P2-{i:03d}', 'kind': kind,
             'turns': [{'text': tx, 'image': im} for tx, im in zip(texts, images)],
             'target': r['id'], 'relevant': rel,
             'constraints': {'articleType': r['articleType'], 'baseColour': r['baseColour'], 'gender': r['gender']}}
        lines.append(json.dumps(d, ensure_ascii=False))
        extra['rel'].append(len(rel))
        if 'corrects' in meta:
            extra['corrects'].append(meta['corrects'])
        if meta.get('same_model'):
            extra['same_model'] += 1
    OUT.write_text('\n'.join(lines) + '\n', encoding='utf-8')
    print(f'wrote {len(lines)} dialogues to {OUT} and photos to {IMG_DIR}')
    print('kinds', {k: kinds.count(k) for k, _ in COUNTS})
    print('misspellings', stats)
    print('corrections', {k: extra['corrects'].count(k) for k in ('colour', 'person', 'brand')},
          'composed same model', extra['same_model'])
    print('relevant sizes', {n: extra['rel'].count(n) for n in sorted(set(extra['rel']))})


if __name__ == '__main__':
    main()
