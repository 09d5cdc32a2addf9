#!/usr/bin/env python3
"""Write bench/heldout/paraphrase12.jsonl and bench/heldout/images/paraphrase12/ (held-out set, generated).

usage: python bench/heldout/make_paraphrase12.py [--catalog DIR] [--out DIR]

120 dialogues (ids P12-000..P12-119, kinds shuffled): progressive 44, correction 28, composed 28, image 20.
Fixed seed; every random draw comes from a numpy generator seeded with the SHA-256 of the seed string and the
draw's purpose, so two runs write byte-identical files. Needs only the standard library, numpy and Pillow.
Own templates and vocabulary; only the format and the kinds were learnt from the first 3 dev lines.
"""
import argparse
import csv
import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

SEED = 'paraphrase12 / held-out / twelfth generated set'
PREFIX = 'P12'
N_DIAL = 120
KINDS = {'progressive': 44, 'correction': 28, 'composed': 28, 'image': 20}
HERE = Path(__file__).resolve().parent


def rng(purpose):
    h = hashlib.sha256(f'{SEED}::{purpose}'.encode('utf-8')).digest()
    return np.random.default_rng(int.from_bytes(h[:16], 'big'))


# ---------------------------------------------------------------------------------------------------------------
# vocabulary (own wording; checked against the held-out README by a scratch script of the writer)
# ---------------------------------------------------------------------------------------------------------------

ITEMS = {
    'Tshirts': ['a jersey tee', 'a basic cotton T-shirt', 'a soft t-shirt to knock about in'],
    'Shirts': ['a shirt with a proper collar and buttons', 'a crisp office shirt', 'a full-sleeve button shirt'],
    'Casual Shoes': ['a pair of weekend sneaks', 'a pair of laid-back everyday shoes',
                     'some easy-going shoes for outings'],
    'Sports Shoes': ['a pair of running shoes', 'a pair of treadmill shoes', 'some jogging shoes'],
    'Formal Shoes': ['a pair of polished office shoes', 'a pair of suit-friendly formal shoes',
                     'some shiny work shoes'],
    'Tops': ['a pretty blouse-style top', 'a top for evenings out', 'a flowy little top'],
    'Kurtas': ['a kurta for everyday', 'a kurta for festive days', 'a straight kurta'],
    'Kurtis': ['a short kurti for college', 'a hip-length kurti', 'a daily kurti'],
    'Watches': ['a wristwatch', 'a watch for daily use', 'a watch with a nice strap'],
    'Handbags': ['a handbag for the office', 'a roomy shoulder handbag', 'a handbag big enough for a tiffin'],
    'Heels': ['a pair of high-heeled shoes', 'a pair of heels for parties', 'some dressy heels'],
    'Sunglasses': ['a pair of sun goggles', 'a pair of sunglasses for driving', 'some UV-blocking sunglasses'],
    'Sweaters': ['a knitted pullover sweater', 'a warm woolly jumper', 'a sweater for chilly evenings'],
    'Sandals': ['a pair of open sandals with straps', 'a pair of everyday sandals', 'some comfy sandals'],
    'Wallets': ['a wallet for notes and cards', 'a slim wallet', 'a money wallet that fits a pocket'],
    'Flip Flops': ['a pair of rubber slippers', 'a pair of flip-flops for the bathroom', 'some beachy flip-flops'],
    'Sweatshirts': ['a cosy sweatshirt', 'a sweatshirt for cool mornings', 'a pullover sweatshirt'],
    'Belts': ['a belt for trousers', 'a smart waist belt', 'a belt with a metal buckle'],
    'Trousers': ['a pair of work trousers', 'a pair of smart chinos', 'some flat-front trousers'],
    'Jeans': ['a pair of jeans for weekends', 'a pair of five-pocket denim jeans', 'some everyday jeans'],
    'Socks': ['a few pairs of socks', 'some everyday socks', 'socks, a pair or two'],
    'Jackets': ['a jacket to layer up', 'a light outer jacket', 'a jacket for breezy evenings'],
    'Flats': ['a pair of flat-soled shoes', 'a pair of flat shoes with no heel at all', 'some comfy flat shoes'],
    'Backpacks': ['a backpack for college', 'a two-strap backpack', 'a backpack with lots of pockets'],
    'Briefs': ['a few briefs for everyday', 'underwear of the brief kind', 'a set of briefs'],
    'Shorts': ['a pair of knee-length shorts', 'a pair of summer shorts', 'some shorts for the weekend'],
    'Innerwear Vests': ['a sleeveless undervest', 'a cotton vest to wear under shirts', 'an inner banian'],
    'Caps': ['a cool cap', 'a cap to wear out and about', 'a casual cap for the head'],
    'Track Pants': ['a pair of track pants', 'a pair of trackpants for workouts', 'some elastic-waist track pants'],
    'Ties': ['a tie for the office', 'a tie to wear at a wedding', 'a formal neck tie'],
    'Clutches': ['a small clutch for evenings', 'a clutch bag for a reception', 'a hand-held clutch'],
    'Dresses': ['a one-piece dress', 'a day dress', 'a pretty dress for outings'],
    'Mufflers': ['a woollen muffler', 'a muffler for foggy mornings', 'a warm neck muffler'],
    'Accessory Gift Set': ['an accessories gift pack', 'a boxed set of accessories', 'a combo gift box'],
    'Skirts': ['a skirt to wear out', 'a skirt for summer', 'a nice skirt'],
    'Trunk': ['some trunk-style underwear', 'a few trunks', 'a pack of trunks'],
    'Scarves': ['a light printed scarf', 'a scarf to throw over the shoulders', 'a soft scarf'],
    'Perfume and Body Mist': ['a perfume', 'a body mist spray', 'a nice-smelling perfume'],
    'Cufflinks': ['a set of cufflinks', 'cufflinks for a formal shirt', 'a pair of cufflinks for a suit'],
    'Capris': ['a pair of calf-length capris', 'a pair of capris for summer', 'some capri pants'],
    'Laptop Bag': ['a laptop bag', 'a bag that carries a laptop', 'a padded laptop bag'],
    'Tunics': ['a long tunic top', 'a tunic to go over leggings', 'a breezy tunic'],
    'Stockings': ['a pair of sheer stockings', 'a pair of stockings for office wear', 'some thin stockings'],
    'Leggings': ['a pair of stretchy leggings', 'a pair of ankle-length leggings', 'some leggings'],
    'Duffel Bag': ['a duffel bag for weekend travel', 'a gym duffel bag', 'a big duffel bag'],
    'Mobile Pouch': ['a little pouch to hold a phone', 'a mobile phone pouch', 'a snug phone pouch'],
    'Deodorant': ['a deodorant spray', 'a can of deodorant', 'a deodorant for daily use'],
    'Tracksuits': ['a full tracksuit', 'a matching track jacket-and-pants set', 'a tracksuit'],
    'Sports Sandals': ['a pair of sporty sandals', 'a pair of outdoor sandals with velcro straps',
                       'some sports sandals'],
    'Gloves': ['a pair of gloves', 'a pair of winter gloves', 'some warm gloves'],
    'Messenger Bag': ['a messenger bag', 'a messenger bag with a long strap', 'a satchel-style messenger bag'],
    'Fragrance Gift Set': ['a fragrance gift set', 'a perfume set in a gift box', 'a boxed fragrance set'],
    'Dupatta': ['a dupatta', 'a light dupatta', 'a dupatta to match a suit'],
    'Lounge Shorts': ['a pair of lounge shorts', 'a pair of shorts for sleeping in', 'some lounge shorts'],
    'Lounge Pants': ['a pair of lounge pants', 'a pair of pyjama-style lounge pants', 'some lounge pants'],
    'Umbrellas': ['an umbrella', 'a foldable umbrella', 'an umbrella for the rains'],
    'Churidar': ['a churidar', 'a churidar to wear with a kurta', 'a stretchy churidar'],
    'Stoles': ['a stole', 'a stole for evenings', 'a light stole'],
    'Waist Pouch': ['a waist pouch', 'a pouch that straps round the waist', 'a zip waist pouch'],
    'Rucksacks': ['a rucksack for treks', 'a rucksack', 'a trekking rucksack'],
    'Necklace and Chains': ['a necklace', 'a neck chain', 'a dainty necklace'],
    'Headband': ['a headband', 'a sweat-absorbing headband', 'a stretchy headband'],
    'Hat': ['a hat', 'a sun hat', 'a hat with a brim'],
    'Waistcoat': ['a waistcoat', 'a waistcoat to wear over a kurta', 'a smart waistcoat'],
    'Bra': ['a bra', 'an everyday bra', 'a comfy bra'],
}

NEIGHBOURS = {
    'Tshirts': ['Shirts', 'Sweatshirts'], 'Shirts': ['Tshirts'], 'Casual Shoes': ['Sports Shoes', 'Formal Shoes'],
    'Sports Shoes': ['Casual Shoes'], 'Formal Shoes': ['Casual Shoes'], 'Heels': ['Flats'],
    'Flats': ['Heels', 'Sandals'], 'Sandals': ['Flip Flops'], 'Flip Flops': ['Sandals'],
    'Jeans': ['Trousers'], 'Trousers': ['Jeans', 'Track Pants'], 'Track Pants': ['Shorts', 'Trousers'],
    'Shorts': ['Track Pants'], 'Sweaters': ['Sweatshirts', 'Jackets'], 'Sweatshirts': ['Sweaters', 'Jackets'],
    'Jackets': ['Sweatshirts', 'Sweaters'], 'Tops': ['Tshirts', 'Kurtis'], 'Kurtas': ['Kurtis', 'Tops'],
    'Kurtis': ['Tops', 'Kurtas'], 'Handbags': ['Clutches', 'Backpacks'], 'Clutches': ['Handbags'],
    'Backpacks': ['Laptop Bag', 'Duffel Bag'], 'Laptop Bag': ['Backpacks'], 'Briefs': ['Trunk'],
    'Trunk': ['Briefs'], 'Mufflers': ['Scarves'], 'Scarves': ['Mufflers', 'Stoles'], 'Dresses': ['Tops', 'Skirts'],
    'Skirts': ['Dresses'], 'Leggings': ['Capris'], 'Capris': ['Leggings', 'Shorts'],
    'Deodorant': ['Perfume and Body Mist'], 'Perfume and Body Mist': ['Deodorant'], 'Caps': ['Hat'],
    'Tunics': ['Tops', 'Kurtis'], 'Duffel Bag': ['Backpacks'], 'Sports Sandals': ['Sandals'],
    'Lounge Shorts': ['Shorts'], 'Innerwear Vests': ['Tshirts'],
}

# people instead of genders: noun phrases, by the stated gender
PEOPLE = {
    'Men': ["my wife's brother Kunal", 'Uncle Farooq from upstairs', 'my running partner Dhruv',
            "my mum's new husband Graham", 'my son Rehan (24)', 'Pradeep who drives our school van',
            'my nanaji', 'my college pal Aditya (the groom)', "my husband's grandad", 'my flatmate Lukas',
            'my chess-club friend Ravi', "my dad's old buddy Kishore"],
    'Women': ["my husband's sister Meher", 'Aunty Lorraine next door', 'my granny Kusum', 'my daughter Aanya (22)',
              'my salsa teacher Camila', "my mum's younger sister", 'my newly married cousin Pallavi',
              'my team lead Farah', 'my school bestie Noor', "the bride's mother", "my brother's wife Tanvi",
              'my pottery classmate Ines'],
    'Boys': ['my son Kabir (9)', "my sister's boy Arnav (7)", 'my grandson Zayn (8)',
             'my little brother Yash (11)', "my neighbour's lad Omkar (10)"],
    'Girls': ['my daughter Inaya (6)', "my brother's girl Kiara (8)", 'my little sister Riya (10)',
              'the birthday girl Myra (7)', 'my granddaughter Alisha (9)'],
    'Unisex': ['our whole household (it gets shared)', 'the family (everyone borrows it)',
               'our hostel floor (lads and lasses)', 'my shared flat (two guys, one girl)',
               'our badminton club (a mixed crowd)', 'the office team (any gender)'],
}

# colour wordings (vague); the catalog's plain name is used a quarter of the time
COLOURS = {
    'Black': ['the black of a blackboard', 'the colour of wet asphalt', 'a proper midnight black'],
    'White': ['the colour of fresh milk', 'a clean fridge-door white', 'the white of a new notebook page'],
    'Grey': ["the grey of a pigeon's wing", 'a monsoon-sky grey', 'the colour of wet cement'],
    'Blue': ['the blue of a swimming pool', 'a clear afternoon-sky blue', 'a bright denim-ish blue'],
    'Navy Blue': ['the dark blue of an airline uniform', "a navy so deep it's nearly night",
                  'the colour of naval dress uniforms'],
    'Brown': ['the colour of milk chocolate', 'the brown of a gulab jamun', 'a warm wooden-desk brown'],
    'Red': ['the red of a fire extinguisher', 'the red of a London bus', 'the colour of ripe strawberries'],
    'Green': ['the colour of curry leaves', 'the green of a cricket outfield', 'a fresh-lime green'],
    'Purple': ["the purple of an eggplant's skin", 'the purple of a Cadbury wrapper', 'a deep violet-flower purple'],
    'Pink': ['the colour of rose petals', 'the pink of a ballet slipper', 'a strawberry-ice-cream pink'],
    'Beige': ['the colour of milky tea', 'the beige of a trench coat', 'a plain oat-biscuit beige'],
    'Maroon': ['the colour of red wine', 'a deep kokum-sherbet maroon', 'the maroon of an old brick wall'],
    'Yellow': ['the yellow of a ripe banana', 'the colour of sunflower petals', 'a school-bus yellow'],
    'Olive': ['the colour of green olives', "a dusty soldier's-kit olive"],
    'Silver': ['the colour of aluminium foil', 'a shiny spoon silver'],
    'Steel': ['the colour of steel tiffin boxes', 'the grey shine of a steel tumbler'],
    'Orange': ['the colour of marigold garlands', 'the orange of a traffic cone'],
    'Cream': ['the colour of old piano keys', 'a soft buttery cream'],
    'Gold': ['the gold of a wedding bangle', 'the colour of shiny trophies'],
    'Tan': ['the colour of brown parcel paper', 'the tan of peanut butter'],
    'Charcoal': ['the colour of burnt wood', 'the grey of a burnt-out matchstick'],
    'Khaki': ['the colour of Indian police uniforms', 'a safari-suit khaki'],
    'Magenta': ['the colour of bougainvillea flowers', 'a loud pinkish purple (magenta, really)'],
    'Off White': ['a not-quite white (think old paper)', 'the colour of raw cotton'],
    'Copper': ['the shine of a copper lota', 'the colour of old copper coins'],
    'Lavender': ['the light purple of a jacaranda bloom', 'a soft lavender-soap purple'],
    'Peach': ['the soft orange-pink of a peach', 'a pale peachy pink'],
    'Teal': ["the blue-green of a peacock's neck", 'a deep pond teal'],
    'Mustard': ['the colour of hot-dog mustard', 'a kasundi yellow'],
    'Coffee Brown': ['the colour of filter-coffee decoction', 'a dark coffee-bean brown'],
    'Rust': ['the colour of old iron gates', 'a rusty-nail orange-brown'],
    'Turquoise Blue': ['the colour of swimming-pool tiles', 'the blue-green of the sea at Havelock'],
}
PLAIN = {'Navy Blue': 'navy blue', 'Off White': 'off-white', 'Coffee Brown': 'coffee brown',
         'Turquoise Blue': 'turquoise'}

# progressive / correction first turns: item and person
T_ITEM_PERSON = [
    'trying to sort out {i} for {p}',
    '{p} could use {i} - show me the options',
    'running errands for {p} today; {i} is on the list',
    'could you put together some options for {i}? the lucky one is {p}',
    'gift hunting for {p}: {i}',
    '{p} asked me to pick up {i}',
    'can you line up {i} for {p}',
    'I have promised {p} {i}',
]
# item alone
T_ITEM = ["today's mission: {i}", "let's start with {i}", 'anything in the way of {i}?',
          'first thing on my list: {i}', 'could I see {i}?']
# person alone
T_PERSON = ['this one ends up with {p}', 'the wearer will be {p}', 'buying it on behalf of {p}',
            'this is a present for {p}']
# person and colour together
T_PERSON_COLOUR = ['this ends up with {p}; the shade I want is {c}', '{p} is going to wear it - in {c}, please',
                   'for {p}, and the colour should be {c}', '{p} is the one wearing it, so {c} please']
# colour alone
T_COLOUR = ["colour-wise I'm thinking {c}", '{c}, if that exists', 'it has to be {c}', 'show me things in {c}',
            'shade-wise: {c}', '{c} is the dream', 'I should have said: {c}']
# short colour tails for one-turn dialogues
T_COLOUR_TAIL = ['in {c}', 'preferably {c}', 'with {c} as the colour', 'and in {c}']

# name words
T_BRAND = ['{b}, unless my memory fails me', 'pretty certain the maker is {b}', 'it came from {b}',
           '{b} is the label I want', 'the logo said {b}', "{b} produced it, I'd bet on it",
           '{b} was stitched on the inside tag', 'brand-wise, {b}']
T_WORD = ['the product name included {w}', '{w} - that word was in its name', "it's listed under {w}, going by memory",
          'name fragment I recall: {w}', 'search for the word {w}']
T_TWO = ['the title carried both {w1} and {w2}', '{w1} and {w2} showed up in its name']
T_BOTH = ['{b}, the one called {w}', 'the {w} model by {b}', '{b}, and {w} is in the title',
          'from {b}; the name mentions {w}']

# corrections
T_FIX_COLOUR = ['oops, not {c1}; {c2} is what I pictured', '{c1} was a slip of the thumb, {c2} is correct',
                'sorry, change that to {c2}', 'change the colour to {c2}, not {c1}', "hmm no, {c1} won't do. {c2}",
                'typed the wrong shade: {c2}, not {c1}', 'forget I said {c1}; {c2}']
T_FIX_PERSON = ["hang on, it's {p2} who'll wear it, not {p1}", 'mixed the names up - it is really for {p2}',
                'correction on the recipient: {p2}', 'not for {p1} in the end: {p2} will have it']
T_FIX_ITEM = ['sorry, I meant {i2}, not {i1}', "wrong thing - I'm after {i2}", 'scrub {i1}, the right thing is {i2}',
              'let me rephrase: {i2}']
T_ITEM_PERSON_COLOUR = ['{i} for {p}, in {c}', 'my errand: {i} in {c}, intended for {p}',
                        'looking around for {i} in {c} for {p}', '{p} has asked for {i}, and {c} is the pick',
                        'gift hunting for {p}: {i} in {c}']

# composed lines (a photo of another colour of the same model)
T_COMPOSED = ['any chance this exact one exists in {c}?', 'this style, only in {c}',
              'same design as my pic, but in {c}',
              'could this come in {c}?', 'this one in {c} would be spot on',
              "my pic shows the wrong shade - I'd want {c}", 'same thing, but {c} please',
              'is this model also made in {c}?', 'the one in the photo, recoloured to {c}',
              'hoping to find this exact piece in {c}']

IMAGE_LINES = [
    "found this on a friend's story, want it", 'wishlist item, hoping you stock it',
    'spotted it on a shelf, cannot remember which shop', 'took this pic at a sale rack last week',
    'photographed this off my laptop screen, help me find it', 'can you match this pic?',
    'my flatmate wants exactly this one', 'saw it in a shop display in Bandra, is it here?',
    'my colleague owns one and I am jealous', 'clicked at a mall kiosk, any idea?',
    'this came up in an ad and now I need it', "from my cousin's holiday photos - want the same",
    'pic is a bit blurry but this is the one', 'is this sold here?', 'someone at the gym had this',
    'need a replacement for this, mine got ruined', 'the exact item in my photo, please',
    'trade fair stall, took this pic', 'saw it on a shop counter in Pune', 'whats this called, want to buy',
]

OPENERS = ['', '', '', 'oh hi, ', 'hi there - ', 'morning all, ', 'hi hello, ', 'right then, ', 'yo there, ']

TEXTING = [(r'\bcould\b', 'cld'), (r'\bshould\b', 'shd'), (r'\bthanks\b', 'thnx'), (r'\bsorry\b', 'soz'),
           (r'\bokay\b', 'okie'), (r'\bthat\b', 'tht'), (r'\bpreferably\b', 'pref'), (r'\bseriously\b', 'srsly'),
           (r'\bgood\b', 'gud')]
TEXT_TAILS = [' imo', ' fwiw', ' thnx', ' afaik', ' ofc']

# ---------------------------------------------------------------------------------------------------------------
# catalog
# ---------------------------------------------------------------------------------------------------------------

GENDER_WORDS = {'men', 'women', 'boys', 'girls', 'unisex', 'woman', 'boy', 'girl', 'mens', 'man', 'womens',
                'kids', 'kid'}
CHILD_WORDS = {'kids', 'kid', 'boys', 'girls', 'boy', 'girl', 'junior', 'juniors', 'toddler', 'toddlers',
               'infant', 'infants', 'baby'}
COLOUR_WORDS = set('''black white blue grey gray brown red green navy purple pink beige maroon yellow olive silver
steel orange cream gold golden tan multi multicolour multicolor multicoloured charcoal khaki magenta off copper
lavender peach teal mustard coffee rust turquoise melange burgundy bronze taupe fluorescent sea metallic mauve nude
skin aqua violet indigo lime rose wine coral ivory mint fuchsia cyan dark light torquoise khakhi sliver lilac plum
ecru neon mocha chocolate lemon'''.split())
TYPE_WORDS = set('''tshirt tshirts t shirt shirts shoe shoes top tops kurta kurtas kurti kurtis watch watches handbag
handbags bag bags heel heels sunglass sunglasses sweater sweaters sandal sandals wallet wallets flip flop flops
flipflops sweatshirt sweatshirts belt belts trouser trousers jean jeans sock socks jacket jackets flat flats backpack
backpacks brief briefs short shorts vest vests innerwear cap caps track pant pants tie ties clutch clutches dress
dresses muffler mufflers skirt skirts trunk trunks scarf scarves perfume mist body cufflink cufflinks capri capris
laptop tunic tunics stocking stockings legging leggings duffel duffle mobile pouch deodorant deo tracksuit
tracksuits bra bras glove gloves messenger fragrance dupatta lounge umbrella umbrellas churidar stole stoles hat
hats waist headband waistcoat rucksack rucksacks necklace chain chains tights boxer boxers saree sarees bracelet
shrug football footballs wedges wedge pumps pump boots boot loafers loafer sneakers sneaker slippers slipper polo
tee blouse jersey hoodie cardigan pullover set sets gift accessory accessories travel sports sport wristwatch
clog clogs moccasins espadrilles ballerinas ballerina mules floaters slip ons spray edt edp eau toilette parfum
jumper sweat chinos chino cargo cargos joggers jogger trackpant trackpants innerwear banian coat blazer suit
kurtis leggings jeggings pyjama pyjamas lowers capri stole sling satchel tote hobo backpack tight'''.split())
GENERIC = set('''solid printed print casual slim fit formal leather cotton striped stripes stripe check checked checks
analogue analog digital pack round neck sleeve sleeves sleeveless regular graphic pair style classic basic long half
full with and the for collar logo text typography design pattern patterned embroidered embroidery textured self
plain assorted dial strap chronograph multifunction lace laced canvas suede synthetic genuine smart party ethnic
western fashion trendy cool sporty comfort comfortable premium super ultra original originals edition limited series
collection look woven knit knitted denim fleece wool woollen woolen silk linen nylon polyester mesh rubber metal
plated stone studded floral flower flowers abstract geometric ombre colour colours color colors block blocked
contrast panel panelled hooded zipper button buttoned pocket pockets bottom bottoms upper outer inner lower front
back side mini midi maxi skinny straight tapered bootcut flared high rise waisted length ankle knee calf crew
henley mandarin spread cuff cuffs type inch size free combo piece pieces three four five running training walking
basketball tennis football cricket golf yoga sleep night everyday daily office work winter summer spring wear
heeled handheld shoulder sling small large medium big mens womens kids unisex fashionable stylish elegant
special simple lightweight light weight soft pure fine premium trend tone toned twin double single mesh patch
patches detail detailing details slogan quote quoted bright stretch dry washed rinse semi little frame
knits combo case good''' .split())
BRAND_TRIM = {'solid', 'printed', 'check', 'checks', 'checked', 'striped', 'stripes', 'casual', 'formal', 'slim'}
# catalog misspellings and words a shopper would not quote, and titles left out altogether
JUNK_WORDS = {'trainng', 'havy', 'embroided', 'collt', 'grafitti', 'sqaure', 'furure', 'invisble', 'ankel',
              'leartherite', 'breifs', 'scarvf'}
BLOCKED_TITLE_WORDS = {'shit', 'fuck', 'sexy', 'bitch', 'damn', 'hell', 'booze', 'beer'}
AMBIGUOUS_BRANDS = {'w', 'ant', 'basics', 'image', 'ice', 'cat', 'mr', 'id', 'diva', 'little miss', 'do', 'and',
                    'police', 'the', 'people', 'style', 'mod'}
WOMENS_TYPES = {'Kurtis', 'Handbags', 'Tights', 'Heels', 'Dresses', 'Skirts', 'Tops', 'Bra', 'Stockings', 'Leggings',
                'Tunics', 'Clutches', 'Dupatta', 'Capris', 'Churidar', 'Kurtas', 'Flats'}
LAST_WORD_TYPE = {'shirt': 'Shirts', 'shirts': 'Shirts', 'tshirt': 'Tshirts', 'tshirts': 'Tshirts',
                  'top': 'Tops', 'tops': 'Tops', 'kurta': 'Kurtas', 'kurti': 'Kurtis', 'sandals': 'Sandals',
                  'flats': 'Flats', 'heels': 'Heels', 'jeans': 'Jeans', 'trousers': 'Trousers', 'shorts': 'Shorts',
                  'sweater': 'Sweaters', 'sweatshirt': 'Sweatshirts', 'jacket': 'Jackets', 'caps': 'Caps',
                  'cap': 'Caps', 'backpack': 'Backpacks', 'handbag': 'Handbags', 'clutch': 'Clutches',
                  'wallet': 'Wallets', 'belt': 'Belts', 'socks': 'Socks', 'dress': 'Dresses', 'skirt': 'Skirts',
                  'tunic': 'Tunics', 'leggings': 'Leggings', 'capris': 'Capris', 'briefs': 'Briefs',
                  'trunk': 'Trunk', 'vest': 'Innerwear Vests', 'slippers': 'Flip Flops', 'slipper': 'Flip Flops',
                  'sandal': 'Sandals',
                  'heel': 'Heels', 'flat': 'Flats', 'wedges': 'Heels', 'boots': 'Casual Shoes',
                  'belts': 'Belts', 'wallets': 'Wallets', 'watch': 'Watches', 'watches': 'Watches',
                  'sweaters': 'Sweaters', 'sweatshirts': 'Sweatshirts', 'jackets': 'Jackets', 'kurtas': 'Kurtas',
                  'kurtis': 'Kurtis', 'tunics': 'Tunics', 'dresses': 'Dresses', 'skirts': 'Skirts',
                  'casual shoes': 'Casual Shoes', 'casual shoe': 'Casual Shoes', 'sports shoes': 'Sports Shoes',
                  'sports shoe': 'Sports Shoes', 'formal shoes': 'Formal Shoes', 'formal shoe': 'Formal Shoes'}


def norm_tokens(s):
    s = s.lower().replace('&', ' and ').replace("'", '').replace('\u2019', '').replace('.', '')
    return re.findall(r'[a-z0-9]+', s)


def contains(tokens, phrase):
    n = len(phrase)
    return any(tokens[k:k + n] == phrase for k in range(len(tokens) - n + 1))


def gender_fits(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


class Catalog:
    def __init__(self, folder):
        self.folder = Path(folder)
        with open(self.folder / 'catalog.csv', newline='', encoding='utf-8') as f:
            rows = list(csv.DictReader(f))
        self.rows = rows
        self.by_id = {r['id']: r for r in rows}
        for r in rows:
            r['toks'] = norm_tokens(r['productDisplayName'])
            words = r['productDisplayName'].split()
            gi = next((k for k, w in enumerate(words) if norm_tokens(w)
                       and all(t in GENDER_WORDS for t in norm_tokens(w))), None)
            r['gidx'] = gi
            pre = words[:gi] if gi else []
            while pre and pre[-1].lower() in BRAND_TRIM:
                pre = pre[:-1]
            r['pre'] = ' '.join(pre)
            r['post'] = words[gi + 1:] if gi is not None else words
        self._photo_stats()
        pre_count = Counter(r['pre'] for r in rows if r['pre'])
        doc_freq = Counter()
        for r in rows:
            for t in set(r['toks']):
                doc_freq[t] += 1
        for r in rows:
            r['brand'] = None
            b = r['pre']
            bt = norm_tokens(b)
            if (b and pre_count[b] >= 3 and 1 <= len(b.split()) <= 3 and all(t.isalpha() for t in bt)
                    and not any(t in COLOUR_WORDS for t in bt) and ' '.join(bt) not in AMBIGUOUS_BRANDS
                    and len(''.join(bt)) >= 3 and re.fullmatch(r"[A-Za-z.&' ]+", b)):
                r['brand'] = b
            brand_toks = set(bt)
            ws = []
            for w in r['post'][:-1]:
                lw = w.lower()
                if (w.isalpha() and len(w) >= 4 and w[0].isupper() and lw not in COLOUR_WORDS and lw not in TYPE_WORDS
                        and lw not in GENERIC and lw not in GENDER_WORDS and lw not in CHILD_WORDS
                        and lw not in brand_toks and lw not in JUNK_WORDS and doc_freq[lw] <= 80
                        and lw not in [x.lower() for x in ws]):
                    ws.append(w)
            r['words'] = ws
            r['model'] = tuple(t for t in r['toks'] if t not in COLOUR_WORDS)
        self.by_key = defaultdict(list)
        for r in rows:
            self.by_key[(r['productDisplayName'], r['gender'], r['baseColour'], r['articleType'])].append(r['id'])
        self.by_model = defaultdict(list)
        for r in rows:
            self.by_model[(r['articleType'], r['gender'], r['model'])].append(r['id'])
        self.by_tc = defaultdict(list)
        for r in rows:
            self.by_tc[(r['articleType'], r['baseColour'])].append(r)
        self.type_gender = Counter((r['articleType'], r['gender']) for r in rows)
        self.type_gender_colour = Counter((r['articleType'], r['gender'], r['baseColour']) for r in rows)

    def _photo_stats(self):
        digests = Counter()
        for r in self.rows:
            data = (self.folder / 'images' / f"{r['id']}.jpg").read_bytes()
            r['md5'] = hashlib.md5(data).hexdigest()
            digests[r['md5']] += 1
            g = np.asarray(Image.open(io.BytesIO(data)).convert('L'), dtype=np.float64)
            r['blank'] = bool(g.std() < 4 or g.min() > 236)
        for r in self.rows:
            r['photo_ok'] = (not r['blank']) and digests[r['md5']] == 1

    def usable(self, r):
        if r['baseColour'] == 'NA' or r['baseColour'] not in COLOURS or not r['photo_ok']:
            return False
        if r['articleType'] not in ITEMS:
            return False
        toks = set(r['toks'])
        if toks & BLOCKED_TITLE_WORDS:
            return False
        if r['gender'] in ('Men', 'Women', 'Unisex') and toks & CHILD_WORDS:
            return False
        if r['gender'] in ('Boys', 'Girls') and toks & {'men', 'women', 'mens', 'womens', 'man', 'woman'}:
            return False
        if r['gender'] == 'Men' and r['articleType'] in WOMENS_TYPES:
            return False
        last = r['toks'][-1] if r['toks'] else ''
        last2 = ' '.join(r['toks'][-2:])
        named = LAST_WORD_TYPE.get(last2, LAST_WORD_TYPE.get(last, r['articleType']))
        if named != r['articleType'] and not (named == 'Sandals' and r['articleType'] == 'Sports Sandals'):
            return False
        return True

    def title_colour_ok(self, r):
        """A text target's title names no colour other than its own (when it names any)."""
        cw = [t for t in r['toks'] if t in COLOUR_WORDS and t not in ('dark', 'light', 'off')]
        if not cw:
            return True
        own = set(norm_tokens(r['baseColour'])) | ({'gray'} if r['baseColour'] == 'Grey' else set())
        return bool(set(cw) & own)

    def relevant(self, atype, colour, stated, names):
        out = [r['id'] for r in self.by_tc[(atype, colour)]
               if gender_fits(stated, r['gender']) and all(contains(r['toks'], norm_tokens(n)) for n in names)]
        return sorted(out, key=int)


# ---------------------------------------------------------------------------------------------------------------
# slots and targets
# ---------------------------------------------------------------------------------------------------------------

def make_slots():
    slots = []
    prog = (['all1'] * 6 + ['ipc_n'] * 8 + ['ip_cn'] * 8 + ['ip_c_n'] * 8 + ['i_pc_n'] * 6 + ['i_p_c_n'] * 8)
    for s in prog:
        slots.append({'kind': 'progressive', 'shape': s})
    for s in ['colour_together'] * 6 + ['colour_next'] * 8 + ['person_together'] * 3 + ['person_next'] * 4 + \
             ['item_together'] * 3 + ['item_next'] * 4:
        slots.append({'kind': 'correction', 'shape': s})
    for s in ['same'] * 9 + ['next'] * 19:
        slots.append({'kind': 'composed', 'shape': s})
    for _ in range(20):
        slots.append({'kind': 'image', 'shape': 'one'})
    # gender classes: reserve children's and unisex slots
    reserve = {('progressive', 'ip_c_n'): ['Boys', 'Girls', 'Unisex'], ('progressive', 'ipc_n'): ['Unisex', 'Boys'],
               ('progressive', 'i_p_c_n'): ['Girls', 'Unisex'], ('progressive', 'all1'): ['Unisex'],
               ('correction', 'colour_next'): ['Boys', 'Girls'], ('correction', 'colour_together'): ['Unisex'],
               ('image', 'one'): ['Boys', 'Girls', 'Unisex', 'Unisex'], ('composed', 'next'): ['Unisex']}
    text = [s for s in slots if s['kind'] != 'image']
    modes = ['brand'] * 34 + ['word'] * 28 + ['both'] * 30 + ['two'] * 8
    for s, j in zip(text, rng('name modes').permutation(len(text))):
        s['want_mode'] = modes[int(j)]
    for s in slots:
        s['gclass'] = 'adult'
    for key, classes in reserve.items():
        pool = [s for s in slots if (s['kind'], s['shape']) == key and s['gclass'] == 'adult']
        for s, g in zip(pool, classes):
            s['gclass'] = g
    return slots


def name_options(cat, r, stated):
    """(mode, names) options whose relevant list holds at most 3 products."""
    opts = []
    if r['brand']:
        opts.append(('brand', [r['brand']]))
        for w in r['words']:
            opts.append(('both', [r['brand'], w]))
    for w in r['words']:
        opts.append(('word', [w]))
    ws = r['words']
    for a in range(len(ws)):
        for b in range(a + 1, len(ws)):
            opts.append(('two', [ws[a], ws[b]]))
    out = []
    for mode, names in opts:
        rel = cat.relevant(r['articleType'], r['baseColour'], stated, names)
        if r['id'] in rel and len(rel) <= 3:
            out.append((mode, names, rel))
    return out


MODE_WEIGHTS = {'brand': 0.25, 'word': 0.35, 'two': 0.1, 'both': 0.3}


def choose_names(cat, r, stated, rr, want=None):
    opts = name_options(cat, r, stated)
    if want:
        opts = [o for o in opts if o[0] == want]
    if not opts:
        return None
    modes = [m for m in MODE_WEIGHTS if any(o[0] == m for o in opts)]
    w = np.array([MODE_WEIGHTS[m] for m in modes])
    mode = modes[int(rr.choice(len(modes), p=w / w.sum()))]
    cands = [o for o in opts if o[0] == mode]
    best = min(len(o[2]) for o in cands)
    cands = [o for o in cands if len(o[2]) == best]
    return cands[int(rr.integers(len(cands)))]


def select_targets(cat, slots):
    usable = [r for r in cat.rows if cat.usable(r)]
    n_type = Counter(r['articleType'] for r in usable)
    weight = {t: n ** 0.3 for t, n in n_type.items()}
    count = Counter()
    colour_used = Counter()
    used = set()
    refs_used = set()
    order_r = rng('slot order')
    prio = {'Boys': 0, 'Girls': 0, 'Unisex': 1}
    kind_prio = {'composed': 0, 'correction': 1, 'image': 2, 'progressive': 3}
    idx = list(range(len(slots)))
    jitter = order_r.random(len(slots))
    idx.sort(key=lambda k: (prio.get(slots[k]['gclass'], 2), kind_prio[slots[k]['kind']],
                            0 if slots[k]['shape'].startswith(('item', 'person')) else 1, jitter[k]))
    by_type = defaultdict(list)
    for r in usable:
        by_type[r['articleType']].append(r)
    for t in by_type:
        by_type[t].sort(key=lambda r: int(r['id']))
    for k in idx:
        s = slots[k]
        rr = rng(f'target slot {k}')
        types = sorted(by_type)
        tj = rr.random(len(types)) * 0.35
        score = {t: (count[t] + 1) / weight[t] + tj[i] for i, t in enumerate(types)}
        done = False
        for t in sorted(types, key=lambda t: (score[t], t)):
            if count[t] >= 5:
                continue
            cands = [r for r in by_type[t] if r['id'] not in used and r['id'] not in refs_used]
            if s['gclass'] == 'adult':
                cands = [r for r in cands if r['gender'] in ('Men', 'Women')]
            else:
                cands = [r for r in cands if r['gender'] == s['gclass']]
            if not cands:
                continue
            keys = rr.random(len(cands)) * 2.0
            perm = sorted(range(len(cands)), key=lambda j: (colour_used[cands[j]['baseColour']] + keys[j], j))
            for j in perm[:80]:
                r = cands[int(j)]
                plan = plan_slot(cat, s, r, used, refs_used, rr)
                if plan is not None:
                    s.update(plan)
                    s['target'] = r['id']
                    used.add(r['id'])
                    if plan.get('ref'):
                        refs_used.add(plan['ref'])
                    count[t] += 1
                    colour_used[r['baseColour']] += 1
                    done = True
                    break
            if done:
                break
        if not done and s.get('want_mode'):
            s['want_mode'] = None
            idx.append(k)
            continue
        if not done:
            raise SystemExit(f'no target for slot {k} {s}')
    # references must never be targets
    assert not (used & refs_used)
    return slots


def plan_slot(cat, s, r, used, refs_used, rr):
    kind, shape = s['kind'], s['shape']
    t, g, c = r['articleType'], r['gender'], r['baseColour']
    if kind == 'image':
        group = sorted(cat.by_key[(r['productDisplayName'], g, c, t)], key=int)
        if len(group) > 3:
            return None
        return {'stated': g, 'names': [], 'mode': 'photo', 'relevant': group}
    if not cat.title_colour_ok(r):
        return None
    plan = {'stated': g}
    if kind == 'composed':
        sibs = [cat.by_id[i] for i in cat.by_model[(t, g, r['model'])]]
        sibs = [x for x in sibs if x['baseColour'] != c and x['baseColour'] != 'NA' and x['photo_ok']
                and x['id'] not in used and x['id'] not in refs_used and x['id'] != r['id']]
        if not sibs:
            return None
        sibs.sort(key=lambda x: int(x['id']))
        plan['ref'] = sibs[int(rr.integers(len(sibs)))]['id']
    if kind == 'correction':
        if shape.startswith('person'):
            if g not in ('Men', 'Women'):
                return None
            other = 'Women' if g == 'Men' else 'Men'
            if cat.type_gender[(t, other)] < 3:
                return None
            plan['wrong_gender'] = other
        if shape.startswith('item'):
            nb = [x for x in NEIGHBOURS.get(t, []) if x in ITEMS and
                  (cat.type_gender[(x, g)] + cat.type_gender[(x, 'Unisex')]) >= 3]
            if not nb:
                return None
            plan['wrong_type'] = nb[int(rr.integers(len(nb)))]
        if shape.startswith('colour'):
            others = sorted(col for (tt, gg, col), n in cat.type_gender_colour.items()
                            if tt == t and gg == g and col != c and col in COLOURS and n >= 1)
            if not others:
                others = [x for x in ['Black', 'White', 'Blue', 'Red', 'Grey'] if x != c]
            plan['wrong_colour'] = others[int(rr.integers(len(others)))]
    ch = choose_names(cat, r, g, rr, s.get('want_mode'))
    if ch is None:
        return None
    plan['mode'], plan['names'], plan['relevant'] = ch
    return plan


# ---------------------------------------------------------------------------------------------------------------
# wording
# ---------------------------------------------------------------------------------------------------------------

class Deck:
    """Deals entries of a list in reshuffled rounds, so every entry is used before one comes back."""

    def __init__(self, items, purpose):
        self.items = list(items)
        self.r = rng('deck ' + purpose)
        self.queue = []

    def draw(self, avoid=()):
        if not self.queue:
            self.queue = [self.items[int(j)] for j in self.r.permutation(len(self.items))]
        for k, x in enumerate(self.queue):
            if x not in avoid:
                return self.queue.pop(k)
        return self.queue.pop(0)


REAL_WORDS = {'tittle', 'form', 'from', 'bran', 'brad', 'wear', 'were', 'there', 'three', 'shoe', 'hoes', 'fiend',
              'dairy', 'diary', 'trail', 'trial', 'angel', 'angle', 'casual', 'causal', 'quite', 'quiet', 'later',
              'latter', 'mother', 'mothers', 'smother', 'marred', 'martial', 'stripe', 'strip', 'tripe'}


def slip(word, r, known):
    """One-letter typing slip (swap, drop, double, neighbouring key) that makes no known word."""
    keys = 'qwertyuiop asdfghjkl zxcvbnm'
    near = {}
    for row in keys.split():
        for k, ch in enumerate(row):
            near[ch] = (row[k - 1] if k else '') + (row[k + 1] if k + 1 < len(row) else '')
    for _ in range(60):
        kind = int(r.integers(4))
        i = int(r.integers(1, len(word) - 1))
        if kind == 0 and word[i].isalpha() and word[i + 1].isalpha() and word[i] != word[i + 1]:
            w = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        elif kind == 1 and len(word) >= 6:
            w = word[:i] + word[i + 1:]
        elif kind == 2 and word[i].isalpha():
            w = word[:i] + word[i] + word[i:]
        elif kind == 3 and word[i].lower() in near and near[word[i].lower()]:
            nb = near[word[i].lower()]
            w = word[:i] + nb[int(r.integers(len(nb)))] + word[i + 1:]
        else:
            continue
        if w.lower() not in known and w.lower() not in REAL_WORDS and w.lower() != word.lower():
            return w
    return None


class Writer:
    def __init__(self, cat):
        self.cat = cat
        self.decks = {}
        self.colour_decks = {c: Deck(v, 'colour ' + c) for c, v in COLOURS.items()}
        self.item_decks = {t: Deck(v, 'item ' + t) for t, v in ITEMS.items()}
        self.people = {g: Deck(v, 'people ' + g) for g, v in PEOPLE.items()}

    def deck(self, name, items):
        if name not in self.decks:
            self.decks[name] = Deck(items, 'tpl ' + name)
        return self.decks[name].draw()

    def colour(self, c, r):
        if r.random() < 0.25:
            return PLAIN.get(c, c.lower())
        return self.colour_decks[c].draw()

    def item(self, t):
        return self.item_decks[t].draw()

    def person(self, g, avoid=()):
        return self.people[g].draw(avoid)

    def name_turn(self, mode, names, shown):
        if mode == 'brand':
            return self.deck('brand', T_BRAND).format(b=shown[0])
        if mode == 'word':
            return self.deck('word', T_WORD).format(w=shown[0])
        if mode == 'two':
            return self.deck('two', T_TWO).format(w1=shown[0], w2=shown[1])
        return self.deck('both', T_BOTH).format(b=shown[0], w=shown[1])


def cap(s):
    return s[0].upper() + s[1:] if s else s


def write_dialogue(wr, cat, s, r):
    tgt = cat.by_id[s['target']]
    t, c = tgt['articleType'], tgt['baseColour']
    kind, shape = s['kind'], s['shape']
    shown = list(s.get('shown', s['names']))
    if kind == 'image':
        return [s['image_line']], [True]
    name = wr.name_turn(s['mode'], s['names'], shown) if s['names'] else None
    col = wr.colour(c, r)
    if kind == 'progressive':
        i = wr.item(t)
        p = wr.person(s['stated'])
        s['person'] = p
        if shape == 'all1':
            first = wr.deck('ip', T_ITEM_PERSON).format(i=i, p=p)
            tail = wr.deck('ctail', T_COLOUR_TAIL).format(c=col)
            turns = [f'{first}, {tail}. {cap(name)}']
        elif shape == 'ipc_n':
            turns = [wr.deck('ipc', T_ITEM_PERSON_COLOUR).format(i=i, p=p, c=col), name]
        elif shape == 'ip_cn':
            turns = [wr.deck('ip', T_ITEM_PERSON).format(i=i, p=p),
                     wr.deck('col', T_COLOUR).format(c=col) + '. ' + cap(name)]
        elif shape == 'ip_c_n':
            turns = [wr.deck('ip', T_ITEM_PERSON).format(i=i, p=p), wr.deck('col', T_COLOUR).format(c=col), name]
        elif shape == 'i_pc_n':
            turns = [wr.deck('i', T_ITEM).format(i=i), wr.deck('pc', T_PERSON_COLOUR).format(p=p, c=col), name]
        elif shape == 'i_p_c_n':
            turns = [wr.deck('i', T_ITEM).format(i=i), wr.deck('p', T_PERSON).format(p=p),
                     wr.deck('col', T_COLOUR).format(c=col), name]
        images = [False] * len(turns)
    elif kind == 'correction':
        i = wr.item(t)
        p = wr.person(s['stated'])
        s['person'] = p
        if shape.startswith('colour'):
            wc = wr.colour(s['wrong_colour'], r)
            first = wr.deck('ipc', T_ITEM_PERSON_COLOUR).format(i=i, p=p, c=wc)
            fix = wr.deck('fixc', T_FIX_COLOUR).format(c1=wc, c2=col)
        elif shape.startswith('person'):
            wp = wr.person(s['wrong_gender'])
            first = wr.deck('ipc', T_ITEM_PERSON_COLOUR).format(i=i, p=wp, c=col)
            fix = wr.deck('fixp', T_FIX_PERSON).format(p1=wp, p2=p)
        else:
            wi = wr.item(s['wrong_type'])
            first = wr.deck('ipc', T_ITEM_PERSON_COLOUR).format(i=wi, p=p, c=col)
            fix = wr.deck('fixi', T_FIX_ITEM).format(i1=wi, i2=i)
        if shape.endswith('together'):
            turns = [first, fix + '. ' + cap(name)]
        else:
            turns = [first, fix, name]
        images = [False] * len(turns)
    else:  # composed
        line = wr.deck('composed', T_COMPOSED).format(c=col)
        if shape == 'same':
            turns = [line + (' ' if line.endswith('?') else '. ') + cap(name)]
        else:
            turns = [line, name]
        images = [True] + [False] * (len(turns) - 1)
    opener = wr.deck('open', OPENERS)
    turns[0] = opener + turns[0]
    return turns, images


def build(cat):
    slots = make_slots()
    select_targets(cat, slots)
    # image lines, each used once
    img_slots = [s for s in slots if s['kind'] == 'image']
    perm = rng('image lines').permutation(len(IMAGE_LINES))
    for s, j in zip(img_slots, perm):
        s['image_line'] = IMAGE_LINES[int(j)]
    # misspelt name words: one letter, relevance keeps the catalog spelling
    known = set()
    for rrow in cat.rows:
        known.update(rrow['toks'])
    for v in list(ITEMS.values()) + list(PEOPLE.values()) + list(COLOURS.values()):
        for x in v:
            known.update(norm_tokens(x))
    r_mis = rng('misspelt names')
    text_slots = [k for k, s in enumerate(slots) if s['kind'] != 'image']
    cand = [k for k in text_slots if any(len(n) >= 5 and n.isalpha() for n in slots[k]['names'])]
    chosen = sorted(int(x) for x in r_mis.choice(cand, size=11, replace=False))
    for k in chosen:
        s = slots[k]
        shown = list(s['names'])
        js = [j for j, n in enumerate(shown) if len(n) >= 5 and n.isalpha()]
        j = js[int(r_mis.integers(len(js)))]
        w = slip(shown[j], r_mis, known)
        if w:
            shown[j] = w
            s['shown'] = shown
            s['misspelt'] = (s['names'][j], w)
    # kinds shuffled into ids
    order = rng('kind shuffle').permutation(len(slots))
    wr = Writer(cat)
    dialogues = []
    for pos, k in enumerate(order):
        s = slots[int(k)]
        did = f'{PREFIX}-{pos:03d}'
        s['id'] = did
        r = rng('words ' + did)
        texts, imgs = write_dialogue(wr, cat, s, r)
        s['texts'], s['imgs'] = texts, imgs
        dialogues.append(s)
    # texting style (24 dialogues): lower case and the script's short forms
    r_tx = rng('texting')
    tx_ids = set(int(x) for x in r_tx.choice(len(dialogues), size=24, replace=False))
    for k, d in enumerate(dialogues):
        if k not in tx_ids:
            continue
        d['texting'] = True
        new = []
        for tx in d['texts']:
            low = tx.lower()
            for a, b in TEXTING:
                low = re.sub(a, b, low)
            new.append(low)
        if not any(re.search(r'\b(cld|shd|thnx|soz|okie|tht|pref|srsly|gud)\b', x) for x in new):
            new[-1] = new[-1] + TEXT_TAILS[int(r_tx.integers(len(TEXT_TAILS)))]
        d['texts'] = new
    # typing slips outside the names (12 dialogues, one word each)
    r_ty = rng('typos')
    proper = set()
    for v in PEOPLE.values():
        for x in v:
            proper.update(w.lower() for w in re.findall(r"[A-Za-z]+", x) if w[0].isupper())
    n_typos = 0
    for k in [int(x) for x in r_ty.permutation(len(dialogues))]:
        if n_typos == 12:
            break
        d = dialogues[k]
        prot = set(proper) | COLOUR_WORDS
        for n in d.get('shown', d['names']):
            prot.update(norm_tokens(n))
        j = int(r_ty.integers(len(d['texts'])))
        words = [w for w in re.findall(r"[A-Za-z]{5,}", d['texts'][j]) if w.lower() not in prot]
        words = sorted(set(words), key=lambda w: (d['texts'][j].index(w), w))
        if not words:
            continue
        w = words[int(r_ty.integers(len(words)))]
        v = slip(w, r_ty, known)
        if v:
            d['texts'][j] = re.sub(r'\b' + re.escape(w) + r'\b', v, d['texts'][j], count=1)
            d['typo'] = (w, v)
            n_typos += 1
    return dialogues


# ---------------------------------------------------------------------------------------------------------------
# photos
# ---------------------------------------------------------------------------------------------------------------

TONES = {'shelf': [(0.87, 0.80, 0.70), (0.80, 0.80, 0.78), (0.88, 0.84, 0.80), (0.82, 0.78, 0.74)],
         'screen': [(0.86, 0.89, 0.95), (0.90, 0.92, 0.96)],
         'counter': [(0.84, 0.85, 0.86), (0.90, 0.88, 0.84), (0.86, 0.88, 0.86)]}


def degrade(src, r):
    """A mild shopper's phone photo of the product (a screen, a shelf or a counter)."""
    W, H = 240, 320
    im = Image.open(src).convert('RGB').resize((W, H), Image.BICUBIC)
    a = np.asarray(im, dtype=np.float32) / 255.0
    setting = ['screen', 'shelf', 'counter'][int(r.choice(3, p=[0.3, 0.4, 0.3]))]
    # backdrop tint: bright, unsaturated pixels drift toward the setting's tone
    if r.random() < 0.75:
        lum = a.mean(axis=2)
        sat = a.max(axis=2) - a.min(axis=2)
        m = np.clip((lum - 0.84) / 0.08, 0, 1) * np.clip((0.12 - sat) / 0.06, 0, 1)
        m = np.asarray(Image.fromarray((m * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(3)),
                       dtype=np.float32)[..., None] / 255.0
        tones = TONES[setting]
        tone = np.array(tones[int(r.integers(len(tones)))], dtype=np.float32)
        k = r.uniform(0.05, 0.15)
        a = a * (1 - k * m) + tone * (k * m)
    if setting == 'screen':
        black, white = r.uniform(0.02, 0.055), r.uniform(0.9, 0.97)
        a = black + a * (white - black)
        a = a * np.array([1 - r.uniform(0, 0.025), 1.0, 1 + r.uniform(0.005, 0.03)], dtype=np.float32)
    elif setting == 'shelf':
        ang = r.uniform(0, 2 * np.pi)
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        d = ((xx / W - 0.5) * np.cos(ang) + (yy / H - 0.5) * np.sin(ang))
        a = a * (1 - r.uniform(0.03, 0.08) * (d + 0.5))[..., None]
        a = a * np.array([1 + r.uniform(0, 0.03), 1.0, 1 - r.uniform(0, 0.035)], dtype=np.float32)
    else:
        yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
        rad = np.sqrt(((xx / W - 0.5) * 1.0) ** 2 + ((yy / H - 0.5) * 0.9) ** 2) / 0.68
        a = a * (1 - r.uniform(0.03, 0.07) * np.clip(rad, 0, 1) ** 2)[..., None]
    im = Image.fromarray((np.clip(a, 0, 1) * 255 + 0.5).astype(np.uint8))
    # geometry: mirror, roll, crop/zoom
    b = np.asarray(im)
    border = np.concatenate([b[0], b[-1], b[:, 0], b[:, -1]])
    fill = tuple(int(v) for v in np.median(border, axis=0))
    if r.random() < 0.3:
        im = im.transpose(Image.FLIP_LEFT_RIGHT)
    if r.random() < 0.7:
        im = im.rotate(float(r.uniform(-4, 4)), resample=Image.BICUBIC, fillcolor=fill)
    z = r.uniform(1.0, 1.14)
    cw, chh = W / z, H / z
    cx = W / 2 + r.uniform(-0.5, 0.5) * (W - cw)
    cy = H / 2 + r.uniform(-0.5, 0.5) * (H - chh)
    im = im.crop((int(round(cx - cw / 2)), int(round(cy - chh / 2)), int(round(cx + cw / 2)), int(round(cy + chh / 2))))
    # colour: brightness, contrast, saturation, white balance
    a = np.asarray(im, dtype=np.float32) / 255.0
    a = a * r.uniform(0.93, 1.06)
    mean = a.mean()
    a = (a - mean) * r.uniform(0.9, 1.06) + mean
    grey = a.mean(axis=2, keepdims=True)
    a = grey + (a - grey) * r.uniform(0.88, 1.1)
    t = r.uniform(-0.035, 0.035)
    a = a * np.array([1 + t, 1 + r.uniform(-0.012, 0.012), 1 - t], dtype=np.float32)
    im = Image.fromarray((np.clip(a, 0, 1) * 255 + 0.5).astype(np.uint8))
    filt = [Image.LANCZOS, Image.BICUBIC, Image.HAMMING][int(r.integers(3))]
    im = im.resize((60, 80), filt)
    if r.random() < 0.45:
        im = im.filter(ImageFilter.GaussianBlur(float(r.uniform(0.2, 0.45))))
    a = np.asarray(im, dtype=np.float32)
    sig = r.uniform(0, 2.2)
    a = a + r.normal(0, sig, a.shape) + r.normal(0, sig / 2, a.shape[:2])[..., None]
    im = Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    im.save(buf, 'JPEG', quality=int(r.integers(62, 89)))
    return buf.getvalue(), setting


# ---------------------------------------------------------------------------------------------------------------
# checks and output
# ---------------------------------------------------------------------------------------------------------------

def check(cat, dialogues, lines, img_dir):
    ids = [d['id'] for d in lines]
    assert ids == [f'{PREFIX}-{k:03d}' for k in range(N_DIAL)], 'ids'
    assert Counter(d['kind'] for d in lines) == Counter(KINDS), 'kind counts'
    targets = [d['target'] for d in lines]
    assert len(set(targets)) == N_DIAL, 'distinct targets'
    refs = [d['ref'] for d in dialogues if d.get('ref')]
    assert len(set(refs)) == len(refs) == KINDS['composed'] and not set(refs) & set(targets), 'references'
    expected_files = set()
    for d, meta in zip(lines, dialogues):
        t = cat.by_id[d['target']]
        assert d['constraints'] == {'articleType': t['articleType'], 'baseColour': t['baseColour'],
                                    'gender': t['gender']}, 'constraints'
        assert t['baseColour'] != 'NA' and t['photo_ok']
        if d['kind'] == 'image':
            rel = sorted(cat.by_key[(t['productDisplayName'], t['gender'], t['baseColour'], t['articleType'])], key=int)
            assert len(rel) <= 3
        else:
            stated = t['gender'] if d['kind'] == 'composed' else meta['stated']
            # recomputed by a plain scan of the whole catalog
            rel = sorted((r['id'] for r in cat.rows if r['articleType'] == t['articleType']
                          and r['baseColour'] == t['baseColour'] and gender_fits(stated, r['gender'])
                          and all(contains(norm_tokens(r['productDisplayName']), norm_tokens(n))
                                  for n in meta['names'])), key=int)
            said = norm_tokens(' '.join(x['text'] for x in d['turns']))
            for n in meta.get('shown', meta['names']):
                assert contains(said, norm_tokens(n)), f"name {n} not said in {d['id']}"
            assert meta['stated'] == t['gender'] or (meta['stated'] == 'Unisex' and t['gender'] == 'Unisex')
            assert len(rel) <= 3 and meta['names']
        assert d['relevant'] == rel and d['target'] in rel, f"relevant {d['id']}"
        for k, turn in enumerate(d['turns']):
            want_img = (k == 0 and d['kind'] in ('image', 'composed'))
            if want_img:
                assert turn['image'] == f"images/paraphrase12/{d['id']}.jpg"
                expected_files.add(f"{d['id']}.jpg")
            else:
                assert turn['image'] is None
            assert turn['text'].strip()
        if d['kind'] == 'image':
            assert len(d['turns']) == 1
        if d['kind'] == 'composed':
            ref = cat.by_id[meta['ref']]
            assert ref['articleType'] == t['articleType'] and ref['gender'] == t['gender']
            assert ref['baseColour'] != t['baseColour'] and ref['model'] == t['model'] and ref['photo_ok']
    on_disk = {p.name for p in img_dir.glob('*.jpg')}
    assert on_disk == expected_files, 'photo layout'
    for f in sorted(on_disk):
        with Image.open(img_dir / f) as im:
            assert im.size == (60, 80) and im.format == 'JPEG'
    lines_image = [d for d in lines if d['kind'] == 'image']
    assert len({d['turns'][0]['text'] for d in lines_image}) == KINDS['image'], 'image lines used once'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--catalog', default=str(HERE.parent.parent / 'data' / 'fashion-small'))
    ap.add_argument('--out', default=str(HERE))
    ap.add_argument('--meta', default=None, help='optional per-dialogue details (not part of the set)')
    args = ap.parse_args()
    cat = Catalog(args.catalog)
    dialogues = build(cat)
    out = Path(args.out)
    img_dir = out / 'images' / 'paraphrase12'
    img_dir.mkdir(parents=True, exist_ok=True)
    for p in img_dir.glob('P12-*.jpg'):
        p.unlink()
    lines = []
    settings = Counter()
    for d in dialogues:
        turns = []
        for k, (tx, im) in enumerate(zip(d['texts'], d['imgs'])):
            path = None
            if im:
                src_id = d['ref'] if d['kind'] == 'composed' else d['target']
                data, setting = degrade(Path(args.catalog) / 'images' / f'{src_id}.jpg', rng('photo ' + d['id']))
                settings[setting] += 1
                (img_dir / f"{d['id']}.jpg").write_bytes(data)
                path = f"images/paraphrase12/{d['id']}.jpg"
            turns.append({'text': tx, 'image': path})
        t = cat.by_id[d['target']]
        lines.append({'id': d['id'], 'kind': d['kind'], 'turns': turns, 'target': d['target'],
                      'relevant': d['relevant'],
                      'constraints': {'articleType': t['articleType'], 'baseColour': t['baseColour'],
                                      'gender': t['gender']}})
    body = ''.join(json.dumps(x, ensure_ascii=False) + '\n' for x in lines)
    (out / 'paraphrase12.jsonl').write_text(body, encoding='utf-8')
    check(cat, dialogues, lines, img_dir)
    if args.meta:
        with open(args.meta, 'w', encoding='utf-8') as f:
            for d in dialogues:
                keep = {k: v for k, v in d.items() if k not in ('texts', 'imgs')}
                f.write(json.dumps(keep, ensure_ascii=False) + '\n')
    # summary
    tg = [cat.by_id[d['target']] for d in dialogues]
    print('dialogues', len(lines), dict(Counter(d['kind'] for d in lines)))
    print('shapes', dict(Counter(f"{d['kind']}:{d['shape']}" for d in dialogues)))
    print('turns', dict(sorted(Counter(len(x['turns']) for x in lines).items())), 'total',
          sum(len(x['turns']) for x in lines))
    print('types', len({r['articleType'] for r in tg}), Counter(r['articleType'] for r in tg).most_common(6))
    print('colours', len({r['baseColour'] for r in tg}), 'genders', dict(Counter(r['gender'] for r in tg)))
    print('name modes', dict(Counter(d['mode'] for d in dialogues)))
    print('list sizes', dict(sorted(Counter((x['kind'] == 'image', len(x['relevant'])) for x in lines).items())))
    print('misspelt names', [d['misspelt'] for d in dialogues if d.get('misspelt')])
    print('typos', [d['typo'] for d in dialogues if d.get('typo')])
    print('texting', sum(1 for d in dialogues if d.get('texting')), 'photos', dict(settings))
    print('md5 jsonl', hashlib.md5(body.encode('utf-8')).hexdigest())


if __name__ == '__main__':
    main()
