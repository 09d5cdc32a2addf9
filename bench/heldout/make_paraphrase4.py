#!/usr/bin/env python3
"""Generate bench/heldout/paraphrase4.jsonl and its photos (images/paraphrase4/NNN.jpg).

usage: python bench/heldout/make_paraphrase4.py

Fixed seed; needs only the Python 3.11 standard library, Pillow and numpy. Two runs write byte-identical
files. Dev-like kinds (progressive, correction, composed, image) with this script's own wording, vocabulary,
typos and shopper-photo recipes; relevance computed over the whole catalog. See README.md, section
`paraphrase4.jsonl`.
"""
import csv
import hashlib
import json
import math
import os
import random
import re
import sys
from collections import Counter, defaultdict

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

SEED = 40417
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
CATALOG = os.path.join(ROOT, 'data', 'fashion-small', 'catalog.csv')
PHOTOS = os.path.join(ROOT, 'data', 'fashion-small', 'images')
OUT_JSONL = os.path.join(HERE, 'paraphrase4.jsonl')
OUT_IMG_REL = 'images/paraphrase4'
OUT_IMG = os.path.join(HERE, 'images', 'paraphrase4')

N_TOTAL = 160
# dev: progressive 116, composed 79, correction 58, image 47 (300) -> scaled to 160
KIND_COUNTS = {'progressive': 62, 'correction': 31, 'composed': 42, 'image': 25}
CORR_COUNTS = {'colour': 16, 'person': 8, 'brand': 7}
N_CHILD = 5          # slots kept for Boys/Girls targets
MAX_REL = 3

# ----------------------------------------------------------------------------------------------------------
# vocabulary: item words per article type.  (bare, article, plural form)
#   article '' = plural-only noun used bare ("jeans"); 'pair' = "a pair of"; 'some' = "some"
# ----------------------------------------------------------------------------------------------------------
ITEMS = {
    'Tshirts': [('t-shirt', 'a', 't-shirts'), ('tshirt', 'a', 'tshirts'), ('crewneck', 'a', 'crewnecks'),
                ('round-neck t-shirt', 'a', 'round-neck t-shirts'), ('short-sleeved t-shirt', 'a', 'short-sleeved t-shirts'),
                ('T-shirt', 'a', 'T-shirts'), ('gym t-shirt', 'a', 'gym t-shirts')],
    'Shirts': [('button-down', 'a', 'button-downs'), ('button-front shirt', 'a', 'button-front shirts'),
               ('office shirt', 'an', 'office shirts'), ('dress shirt', 'a', 'dress shirts'), ('shirt', 'a', 'shirts'),
               ('proper shirt with buttons', 'a', 'proper shirts with buttons'), ('work shirt', 'a', 'work shirts')],
    'Casual Shoes': [('everyday shoes', 'pair', 'everyday shoes'), ('canvas shoes', 'pair', 'canvas shoes'),
                     ('plimsolls', 'pair', 'plimsolls'), ('daily-wear shoes', 'pair', 'daily-wear shoes'),
                     ('weekend lace-ups', 'pair', 'weekend lace-ups'), ('street shoes', 'pair', 'street shoes'),
                     ('casual shoes', 'pair', 'casual shoes')],
    'Tops': [('top', 'a', 'tops'), ('going-out top', 'a', 'going-out tops'), ('dressy top', 'a', 'dressy tops'),
             ('day top', 'a', 'day tops'), ('ladies top', 'a', 'ladies tops'), ('sleeveless top', 'a', 'sleeveless tops')],
    'Kurtas': [('kurta', 'a', 'kurtas'), ('kurtha', 'a', 'kurthas'), ('long kurta', 'a', 'long kurtas'),
               ('ethnic kurta', 'an', 'ethnic kurtas'), ('festive kurta', 'a', 'festive kurtas')],
    'Sports Shoes': [('running shoes', 'pair', 'running shoes'), ('gym shoes', 'pair', 'gym shoes'),
                     ('runners', 'pair', 'runners'), ('sports shoes', 'pair', 'sports shoes'),
                     ('jogging shoes', 'pair', 'jogging shoes'), ('athletic shoes', 'pair', 'athletic shoes')],
    'Watches': [('watch', 'a', 'watches'), ('wristwatch', 'a', 'wristwatches'), ('wrist watch', 'a', 'wrist watches'),
                ('watch for the wrist', 'a', 'watches for the wrist')],
    'Handbags': [('handbag', 'a', 'handbags'), ('shoulder bag', 'a', 'shoulder bags'), ('hand bag', 'a', 'hand bags'),
                 ('everyday bag', 'an', 'everyday bags'), ('carry bag', 'a', 'carry bags'), ('ladies bag', 'a', 'ladies bags')],
    'Heels': [('heels', 'pair', 'heels'), ('high heels', 'pair', 'high heels'), ('court shoes', 'pair', 'court shoes'),
              ('heeled sandals', 'pair', 'heeled sandals'), ('party heels', 'pair', 'party heels'),
              ('block heels', 'pair', 'block heels')],
    'Sunglasses': [('sunglasses', 'pair', 'sunglasses'), ('sun glasses', 'pair', 'sun glasses'),
                   ('dark glasses', 'pair', 'dark glasses'), ('glares', 'pair', 'glares'), ('sun specs', 'pair', 'sun specs'),
                   ('tinted specs', 'pair', 'tinted specs')],
    'Sweaters': [('sweater', 'a', 'sweaters'), ('pullover', 'a', 'pullovers'), ('jumper', 'a', 'jumpers'),
                 ('knit sweater', 'a', 'knit sweaters'), ('knitted pullover', 'a', 'knitted pullovers')],
    'Sandals': [('sandals', 'pair', 'sandals'), ('open-toe sandals', 'pair', 'open-toe sandals'),
                ('strap sandals', 'pair', 'strap sandals'),
                ('sandal pair', 'a', 'sandal pairs')],
    'Wallets': [('wallet', 'a', 'wallets'), ('bifold wallet', 'a', 'bifold wallets'), ('pocket wallet', 'a', 'pocket wallets'),
                ('cash wallet', 'a', 'cash wallets'), ('card-and-cash wallet', 'a', 'card-and-cash wallets')],
    'Flip Flops': [('flip-flops', 'pair', 'flip-flops'), ('flipflops', 'pair', 'flipflops'),
                   ('poolside flip-flops', 'pair', 'poolside flip-flops'), ('toe-post sandals', 'pair', 'toe-post sandals'),
                   ('flip flops', 'pair', 'flip flops'), ('jandals', 'pair', 'jandals')],
    'Sweatshirts': [('sweatshirt', 'a', 'sweatshirts'), ('sweat top', 'a', 'sweat tops'),
                    ('fleece sweatshirt', 'a', 'fleece sweatshirts'), ('pull-on sweatshirt', 'a', 'pull-on sweatshirts')],
    'Belts': [('belt', 'a', 'belts'), ('waist belt', 'a', 'waist belts'), ('trouser belt', 'a', 'trouser belts'),
              ('belt for jeans', 'a', 'belts for jeans')],
    'Trousers': [('trousers', 'pair', 'trousers'), ('formal pants', 'pair', 'formal pants'), ('office pants', 'pair', 'office pants'),
                 ('dress pants', 'pair', 'dress pants'), ('trews', 'pair', 'trews')],
    'Formal Shoes': [('formal shoes', 'pair', 'formal shoes'), ('office shoes', 'pair', 'office shoes'),
                     ('dress shoes', 'pair', 'dress shoes'), ('polished lace-ups', 'pair', 'polished lace-ups'),
                     ('work shoes', 'pair', 'work shoes')],
    'Jeans': [('jeans', 'pair', 'jeans'), ('denim trousers', 'pair', 'denim trousers'), ('jeans pant', 'a', 'jeans pants'),
              ('denim jeans', 'pair', 'denim jeans')],
    'Socks': [('socks', 'some', 'socks'), ('ankle socks', 'some', 'ankle socks'), ('socks pack', 'a', 'socks packs'),
              ('everyday socks', 'some', 'everyday socks')],
    'Jackets': [('jacket', 'a', 'jackets'), ('zip jacket', 'a', 'zip jackets'), ('light jacket', 'a', 'light jackets'),
                ('outer layer jacket', 'an', 'outer layer jackets')],
    'Flats': [('flats', 'pair', 'flats'), ('flat shoes', 'pair', 'flat shoes'), ('pumps (flat ones)', 'pair', 'flat pumps'),
              ('juttis', 'pair', 'juttis'), ('flat slip-ons', 'pair', 'flat slip-ons')],
    'Backpacks': [('backpack', 'a', 'backpacks'), ('school bag', 'a', 'school bags'), ('college bag', 'a', 'college bags'),
                  ('back-pack', 'a', 'back-packs')],
    'Briefs': [('briefs', 'some', 'briefs'), ('underpants', 'some', 'underpants'), ('innerwear briefs', 'some', 'innerwear briefs'),
               ('smalls', 'some', 'smalls')],
    'Shorts': [('shorts', 'pair', 'shorts'), ('bermudas', 'pair', 'bermudas'), ('short pants', 'pair', 'short pants'),
               ('knee-length shorts', 'pair', 'knee-length shorts')],
    'Innerwear Vests': [('vest', 'a', 'vests'), ('undershirt', 'an', 'undershirts'), ('singlet', 'a', 'singlets'),
                        ('inner vest', 'an', 'inner vests')],
    'Caps': [('cap', 'a', 'caps'), ('baseball cap', 'a', 'baseball caps'), ('peaked cap', 'a', 'peaked caps'),
             ('sports cap', 'a', 'sports caps')],
    'Track Pants': [('track pants', 'pair', 'track pants'), ('trackpants', 'pair', 'trackpants'),
                    ('tracksuit bottoms', 'pair', 'tracksuit bottoms'), ('gym pants', 'pair', 'gym pants'),
                    ('running pants', 'pair', 'running pants')],
    'Ties': [('tie', 'a', 'ties'), ('necktie', 'a', 'neckties'), ('neck-tie', 'a', 'neck-ties'), ('office tie', 'an', 'office ties')],
    'Kurtis': [('short kurta', 'a', 'short kurtas'), ('kurta top', 'a', 'kurta tops'), ('hip-length kurta', 'a', 'hip-length kurtas')],
    'Clutches': [('clutch', 'a', 'clutches'), ('clutch purse', 'a', 'clutch purses'), ('evening bag', 'an', 'evening bags'),
                 ('party clutch', 'a', 'party clutches'), ('envelope bag', 'an', 'envelope bags')],
    'Dresses': [('dress', 'a', 'dresses'), ('party dress', 'a', 'party dresses'), ('day dress', 'a', 'day dresses'),
                ('sun dress', 'a', 'sun dresses')],
    'Mufflers': [('muffler', 'a', 'mufflers'), ('neck warmer', 'a', 'neck warmers'), ('woollen muffler', 'a', 'woollen mufflers')],
    'Accessory Gift Set': [('gift set', 'a', 'gift sets'), ('accessories gift box', 'an', 'accessories gift boxes'),
                           ('combo gift pack', 'a', 'combo gift packs')],
    'Skirts': [('skirt', 'a', 'skirts'), ('knee skirt', 'a', 'knee skirts'), ('flowy skirt', 'a', 'flowy skirts')],
    'Trunk': [('trunks', 'some', 'trunks'), ('trunk underwear', 'some', 'trunk underwear'),
              ('hipster trunks', 'some', 'hipster trunks')],
    'Scarves': [('scarf', 'a', 'scarves'), ('neck scarf', 'a', 'neck scarves'), ('head scarf', 'a', 'head scarves')],
    'Perfume and Body Mist': [('perfume', 'a', 'perfumes'), ('scent', 'a', 'scents'), ('body mist', 'a', 'body mists'),
                              ('eau de toilette', 'an', 'eau de toilettes'), ('cologne', 'a', 'colognes')],
    'Cufflinks': [('cufflinks', 'pair', 'cufflinks'), ('cuff links', 'pair', 'cuff links'), ('cuff buttons', 'pair', 'cuff buttons')],
    'Capris': [('capris', 'pair', 'capris'), ('capri pants', 'pair', 'capri pants'), ('cropped pants', 'pair', 'cropped pants'),
               ('three-quarter pants', 'pair', 'three-quarter pants')],
    'Laptop Bag': [('laptop bag', 'a', 'laptop bags'), ('laptop case', 'a', 'laptop cases'), ('computer bag', 'a', 'computer bags'),
                   ('notebook bag', 'a', 'notebook bags')],
    'Tunics': [('tunic', 'a', 'tunics'), ('tunic top', 'a', 'tunic tops'), ('long top', 'a', 'long tops')],
    'Stockings': [('stockings', 'pair', 'stockings'), ('pantyhose', 'pair', 'pantyhose'), ('nylons', 'pair', 'nylons')],
    'Leggings': [('leggings', 'pair', 'leggings'), ('stretch leggings', 'pair', 'stretch leggings'),
                 ('legging pants', 'pair', 'legging pants')],
    'Duffel Bag': [('duffel', 'a', 'duffels'), ('duffle bag', 'a', 'duffle bags'), ('gym bag', 'a', 'gym bags'),
                   ('weekender', 'a', 'weekenders'), ('kit bag', 'a', 'kit bags')],
    'Mobile Pouch': [('phone pouch', 'a', 'phone pouches'), ('mobile pouch', 'a', 'mobile pouches'),
                     ('phone sleeve', 'a', 'phone sleeves')],
    'Deodorant': [('deo', 'a', 'deos'), ('deodorant', 'a', 'deodorants'), ('antiperspirant', 'an', 'antiperspirants'),
                  ('deo spray', 'a', 'deo sprays')],
    'Tracksuits': [('tracksuit', 'a', 'tracksuits'), ('track suit', 'a', 'track suits'), ('jogging suit', 'a', 'jogging suits'),
                   ('full tracksuit', 'a', 'full tracksuits')],
    'Sports Sandals': [('sports sandals', 'pair', 'sports sandals'), ('hiking sandals', 'pair', 'hiking sandals'),
                       ('trekking sandals', 'pair', 'trekking sandals'), ('outdoor sandals', 'pair', 'outdoor sandals')],
    'Bra': [('bra', 'a', 'bras'), ('brassiere', 'a', 'brassieres'), ('everyday bra', 'an', 'everyday bras')],
    'Gloves': [('gloves', 'pair', 'gloves'), ('winter gloves', 'pair', 'winter gloves'), ('riding gloves', 'pair', 'riding gloves')],
    'Shoe Accessories': [('shoe accessory', 'a', 'shoe accessories'), ('shoe-care thing', 'a', 'shoe-care things'),
                         ('shoe add-on', 'a', 'shoe add-ons')],
    'Messenger Bag': [('messenger bag', 'a', 'messenger bags'), ('crossbody bag', 'a', 'crossbody bags'),
                      ('satchel', 'a', 'satchels'), ('courier bag', 'a', 'courier bags')],
    'Fragrance Gift Set': [('perfume gift set', 'a', 'perfume gift sets'), ('fragrance set', 'a', 'fragrance sets'),
                           ('scent gift box', 'a', 'scent gift boxes')],
    'Dupatta': [('dupatta', 'a', 'dupattas'), ('odhni', 'an', 'odhnis'), ('dupata', 'a', 'dupatas')],
    'Lounge Shorts': [('lounge shorts', 'pair', 'lounge shorts'), ('sleep shorts', 'pair', 'sleep shorts'),
                      ('house shorts', 'pair', 'house shorts')],
    'Umbrellas': [('umbrella', 'an', 'umbrellas'), ('rain umbrella', 'a', 'rain umbrellas'), ('parasol', 'a', 'parasols')],
    'Travel Accessory': [('travel pouch', 'a', 'travel pouches'), ('travel organiser bag', 'a', 'travel organiser bags'),
                         ('travel accessory', 'a', 'travel accessories')],
    'Churidar': [('churidar', 'a', 'churidars'), ('churidar pants', 'pair', 'churidar pants'), ('churidaar', 'a', 'churidaars')],
    'Stoles': [('stole', 'a', 'stoles'), ('shawl', 'a', 'shawls'), ('wrap', 'a', 'wraps')],
    'Hat': [('beanie hat', 'a', 'beanie hats'), ('winter hat', 'a', 'winter hats'), ('skull hat', 'a', 'skull hats')],
    'Waist Pouch': [('waist pouch', 'a', 'waist pouches'), ('belt bag', 'a', 'belt bags'), ('hip pack', 'a', 'hip packs')],
    'Lounge Pants': [('lounge pants', 'pair', 'lounge pants'), ('pyjama bottoms', 'pair', 'pyjama bottoms'),
                     ('PJ pants', 'pair', 'PJ pants')],
    'Headband': [('headband', 'a', 'headbands'), ('hair band', 'a', 'hair bands'), ('sweatband', 'a', 'sweatbands')],
    'Waistcoat': [('waistcoat', 'a', 'waistcoats'), ('vest (the suit kind)', 'a', 'suit vests'), ('gilet', 'a', 'gilets')],
    'Kurta Sets': [('kurta set', 'a', 'kurta sets'), ('salwar suit', 'a', 'salwar suits'), ('kurta with bottoms', 'a', 'kurta sets')],
    'Rucksacks': [('hiking pack', 'a', 'hiking packs'), ('trekking bag', 'a', 'trekking bags'), ('big backpack', 'a', 'big backpacks')],
    'Necklace and Chains': [('necklace', 'a', 'necklaces'), ('neck chain', 'a', 'neck chains'), ('pendant necklace', 'a', 'pendant necklaces')],
    'Tights': [('tights', 'pair', 'tights'), ('opaque tights', 'pair', 'opaque tights')],
    'Boxers': [('boxers', 'some', 'boxers'), ('boxer shorts', 'some', 'boxer shorts')],
    'Sarees': [('saree', 'a', 'sarees'), ('sari', 'a', 'saris'), ('saaree', 'a', 'saarees')],
    'Footballs': [('football', 'a', 'footballs'), ('soccer ball', 'a', 'soccer balls')],
    'Bracelet': [('bracelet', 'a', 'bracelets'), ('wrist bracelet', 'a', 'wrist bracelets')],
    'Shrug': [('shrug', 'a', 'shrugs'), ('bolero', 'a', 'boleros'), ('cover-up shrug', 'a', 'cover-up shrugs')],
}

# colour words per catalog baseColour (own vocabulary; shades and things)
COLOURS = {
    'Black': ['black', 'jet black', 'ebony', 'soot black', 'raven black', 'liquorice black', 'all-black', 'black'],
    'White': ['white', 'snow white', 'chalk white', 'paper white', 'bright white', 'pure white'],
    'Blue': ['blue', 'cobalt', 'azure', 'electric blue', 'cornflower blue', 'ocean blue', 'denim blue', 'blueberry blue'],
    'Navy Blue': ['navy', 'navy blue', 'deep-sea navy', 'admiral blue', 'dark navy', 'naval blue'],
    'Grey': ['grey', 'gray', 'ash grey', 'pebble grey', 'dove grey', 'smoke grey', 'concrete grey', 'elephant grey'],
    'Brown': ['brown', 'chocolate', 'walnut brown', 'chestnut', 'bark brown', 'teak brown', 'hazelnut'],
    'Red': ['red', 'scarlet', 'crimson', 'fire-engine red', 'ruby', 'chilli red', 'lipstick red', 'ketchup red'],
    'Green': ['green', 'emerald', 'leaf green', 'grass green', 'forest green', 'parrot green', 'jungle green', 'pine green'],
    'Purple': ['purple', 'plum', 'grape purple', 'amethyst', 'deep purple', 'royal purple'],
    'Pink': ['pink', 'baby pink', 'blush pink', 'candy pink', 'bubblegum pink', 'rose pink', 'flamingo pink', 'powder pink'],
    'Beige': ['beige', 'wheat', 'stone beige', 'ecru', 'putty', 'mushroom beige'],
    'Maroon': ['maroon', 'garnet', 'mehroon', 'deep maroon', 'merlot'],
    'Yellow': ['yellow', 'lemon yellow', 'canary yellow', 'banana yellow', 'sunshine yellow', 'turmeric yellow', 'daffodil yellow'],
    'Olive': ['olive', 'olive drab', 'pickle green', 'olive-ish green'],
    'Silver': ['silver', 'silvery', 'platinum', 'sterling silver'],
    'Steel': ['stainless steel', 'brushed steel', 'steel', 'steel-coloured'],
    'Orange': ['orange', 'tangerine', 'pumpkin orange', 'saffron', 'mango orange'],
    'Cream': ['cream', 'vanilla', 'buttermilk', 'creamy', 'cream-coloured'],
    'Gold': ['gold', 'golden', 'yellow gold', 'goldtone'],
    'Tan': ['tan', 'caramel', 'toffee', 'butterscotch', 'tan brown'],
    'Multi': ['multicoloured', 'rainbow-ish', 'mixed colours', 'lots of colours'],
    'Charcoal': ['charcoal', 'anthracite', 'dark grey', 'gunmetal grey'],
    'Khaki': ['khaki', 'safari khaki', 'desert khaki'],
    'Magenta': ['magenta', 'deep magenta', 'berry magenta', 'cerise'],
    'Off White': ['eggshell', 'bone white', 'oyster white', 'alabaster', 'natural white'],
    'Copper': ['copper', 'coppery', 'penny copper'],
    'Lavender': ['lavender', 'lilac', 'pale lilac'],
    'Peach': ['peach', 'apricot', 'peachy'],
    'Teal': ['teal', 'peacock teal', 'deep teal'],
    'Mustard': ['mustard', 'mustardy', 'ochre'],
    'Coffee Brown': ['coffee brown', 'espresso', 'mocha', 'coffee-coloured'],
    'Rust': ['rust', 'rusty orange', 'terracotta', 'burnt orange'],
    'Turquoise Blue': ['turquoise', 'turquoise blue', 'swimming-pool blue'],
    'Grey Melange': ['grey melange', 'marl grey', 'heather grey'],
    'Burgundy': ['burgundy', 'bordeaux', 'deep burgundy'],
    'Bronze': ['bronze', 'bronzy', 'antique bronze'],
    'Taupe': ['taupe', 'greige'],
    'Fluorescent Green': ['neon green', 'fluoro green', 'highlighter green'],
    'Sea Green': ['sea green', 'seafoam green'],
    'Metallic': ['metallic', 'shiny metallic'],
    'Mauve': ['mauve'], 'Nude': ['nude', 'skin tone'], 'Skin': ['skin colour', 'flesh tone'],
}

# ----------------------------------------------------------------------------------------------------------
# people (np: noun phrase for stories; for: the "for ..." phrase; short: list/terse label)
# ----------------------------------------------------------------------------------------------------------
def P(g, np_, for_, short, pro, pos, obj, age='adult', story=True):
    return {'g': g, 'np': np_, 'for': for_, 'short': short, 'pro': pro, 'pos': pos, 'obj': obj, 'age': age, 'story': story}

PEOPLE = {
    'Men': [
        P('Men', 'my father-in-law', 'for my father-in-law, he turns 62 in May', 'father-in-law (62)', 'he', 'his', 'him'),
        P('Men', 'my dad', 'for my dad - he is 58', 'dad, 58', 'he', 'his', 'him'),
        P('Men', 'our new intern Rahul', 'for our new intern Rahul', 'intern (he)', 'he', 'his', 'him'),
        P('Men', 'my stepdad', 'for my stepdad', 'stepdad', 'he', 'his', 'him'),
        P('Men', 'my son-in-law', 'for my son-in-law', 'son-in-law', 'he', 'his', 'him'),
        P('Men', 'my boss Mr Rao', 'for my boss, Mr Rao', 'boss (Mr Rao)', 'he', 'his', 'him'),
        P('Men', 'my nephew', 'for my nephew who is 19', 'nephew, 19', 'he', 'his', 'him'),
        P('Men', 'my mama ji', 'for my mama ji (mum\'s brother)', 'mama ji', 'he', 'his', 'him'),
        P('Men', 'my fiancé', 'for my fiancé', 'fiancé', 'he', 'his', 'him'),
        P('Men', 'my boyfriend', 'for my boyfriend', 'boyfriend', 'he', 'his', 'him'),
        P('Men', 'the best man', 'for the best man at our wedding', 'best man', 'he', 'his', 'him'),
        P('Men', 'my mate Dev', 'for my mate Dev, he just turned 30', 'Dev (30, guy)', 'he', 'his', 'him'),
        P('Men', 'my teenage son', 'for my teenage son (16)', 'son, 16', 'he', 'his', 'him'),
        P('Men', 'my jiju', 'for my jiju', 'jiju', 'he', 'his', 'him'),
        P('Men', 'our driver Ramesh', 'for Ramesh, our driver', 'Ramesh (driver)', 'he', 'his', 'him'),
        P('Men', 'my grandpa', 'for my grandpa, he is 81', 'grandpa, 81', 'he', 'his', 'him'),
        P('Men', 'my chacha', 'for my chacha', 'chacha', 'he', 'his', 'him'),
        P('Men', 'my twin brother', 'for my twin brother', 'twin bro', 'he', 'his', 'him'),
        P('Men', 'our football coach Mr Singh', 'for our football coach, Mr Singh', 'coach (Mr Singh)', 'he', 'his', 'him'),
        P('Men', 'me (male, 34)', 'for me (male, 34)', 'me (man, 34)', 'I', 'my', 'me', story=False),
        P('Men', 'me, a 27 year old man', 'for myself, a 27 year old man', 'myself (guy, 27)', 'I', 'my', 'me', story=False),
        P('Men', 'my husband Karan', 'for Karan, my husband', 'husband', 'he', 'his', 'him'),
    ],
    'Women': [
        P('Women', 'my mother-in-law', 'for my mother-in-law', 'mother-in-law', 'she', 'her', 'her'),
        P('Women', 'my mum', 'for my mum, she is 60', 'mum, 60', 'she', 'her', 'her'),
        P('Women', 'my wife', 'for my wife', 'wife', 'she', 'her', 'her'),
        P('Women', 'my fiancée', 'for my fiancée', 'fiancée', 'she', 'her', 'her'),
        P('Women', 'my girlfriend', 'for my girlfriend', 'girlfriend', 'she', 'her', 'her'),
        P('Women', 'the bride-to-be', 'for the bride-to-be', 'bride-to-be', 'she', 'her', 'her'),
        P('Women', 'my teen daughter', 'for my teen daughter (15)', 'daughter, 15', 'she', 'her', 'her'),
        P('Women', 'my masi', 'for my masi', 'masi', 'she', 'her', 'her'),
        P('Women', 'my bhabhi', 'for my bhabhi', 'bhabhi', 'she', 'her', 'her'),
        P('Women', 'our intern Sneha', 'for our intern Sneha', 'intern (she)', 'she', 'her', 'her'),
        P('Women', 'my sister', 'for my sister who is 22', 'sister, 22', 'she', 'her', 'her'),
        P('Women', 'my best friend Priya', 'for my best friend Priya', 'Priya (bff)', 'she', 'her', 'her'),
        P('Women', 'my yoga teacher Meena', 'for my yoga teacher Meena', 'yoga teacher (she)', 'she', 'her', 'her'),
        P('Women', 'my stepmom', 'for my stepmom', 'stepmom', 'she', 'her', 'her'),
        P('Women', 'my roommate Jess', 'for my roommate Jess', 'Jess, roommate', 'she', 'her', 'her'),
        P('Women', 'my manager Mrs Iyer', 'for my manager, Mrs Iyer', 'manager (a woman)', 'she', 'her', 'her'),
        P('Women', 'my grandma', 'for my grandma who turns 75', 'grandma, 75', 'she', 'her', 'her'),
        P('Women', 'my mami', 'for my mami', 'mami', 'she', 'her', 'her'),
        P('Women', 'me (woman, 41)', 'for me (woman, 41)', 'me (woman, 41)', 'I', 'my', 'me', story=False),
        P('Women', 'me - a 29 year old woman', 'for myself - I\'m a 29 year old woman', 'myself (woman, 29)', 'I', 'my', 'me', story=False),
    ],
    'Boys': [
        P('Boys', 'my 7-year-old boy', 'for my boy, he\'s 7', 'boy, 7', 'he', 'his', 'him', 'child'),
        P('Boys', 'my 6-year-old twin boys', 'for the twins (two boys, age 6)', 'twin boys, 6', 'they', 'their', 'them', 'child'),
        P('Boys', 'my 10-year-old grandson', 'for my grandson, aged 10', 'grandson, 10', 'he', 'his', 'him', 'child'),
        P('Boys', 'my 5-year-old son', 'for my little man who is 5', 'little boy, 5', 'he', 'his', 'him', 'child'),
    ],
    'Girls': [
        P('Girls', 'my 8-year-old granddaughter', 'for my granddaughter (8)', 'granddaughter, 8', 'she', 'her', 'her', 'child'),
        P('Girls', 'my 4-year-old twin girls', 'for the twins, two girls aged 4', 'twin girls, 4', 'they', 'their', 'them', 'child'),
        P('Girls', 'my 5-year-old daughter', 'for my little one, a girl of 5', 'little girl, 5', 'she', 'her', 'her', 'child'),
        P('Girls', 'my 9-year-old bhanji', 'for my bhanji (she is 9)', 'bhanji, 9', 'she', 'her', 'her', 'child'),
    ],
    'Unisex': [
        P('Unisex', 'our boy-girl twins', 'for the twins (one boy, one girl - they will share)', 'twins, boy + girl', 'they', 'their', 'them'),
        P('Unisex', 'the family', 'for the whole family to share', 'whole family', 'they', 'their', 'them'),
        P('Unisex', 'my flatmates (a mixed bunch)', 'for my flatmates, a mixed bunch', 'flatmates (mixed)', 'they', 'their', 'them', story=False),
        P('Unisex', 'me and my wife (we share)', 'for me and my wife to share', 'both of us, he + she', 'we', 'our', 'us', story=False),
        P('Unisex', 'our intern (any gender)', 'for our intern - whoever we end up hiring, so any gender', 'intern, any gender', 'they', 'their', 'them', story=False),
        P('Unisex', 'my teenager (any cut is fine)', 'for my teenager (not gendered, any cut)', 'teen, any cut', 'they', 'their', 'them', story=False),
    ],
}
UNISEX_TAGS = ['(gender doesn\'t matter)', '(any cut, men or women)', '(a unisex style)', '(not fussed about men\'s vs women\'s)']
GENDER_ADJ = {
    'Men': ['mens', 'men\'s', 'male', 'man\'s'],
    'Women': ['women\'s', 'womens', 'female', 'lady\'s'],
    'Boys': ['boys\'', 'boy\'s', 'kids (boy)'],
    'Girls': ['girls\'', 'girl\'s', 'kids (girl)'],
    'Unisex': ['unisex', 'any-gender', 'gender-free'],
}

# ----------------------------------------------------------------------------------------------------------
# wording slots
# ----------------------------------------------------------------------------------------------------------
OPENERS = ['hey there,', 'hello!', 'morning,', 'good evening,', 'hi team,', 'excuse me,', 'right,', 'um,', 'hi hi,',
           'hallo,', 'greetings!', 'namaskar,', 'heyy', 'hey,', 'so,', 'hi, me again -', 'afternoon!', 'hullo,',
           'hello hello,', 'psst,']
VERBS = ['I\'m hunting for', 'I\'m after', 'shopping for', 'trying to track down', 'searching for', 'could you show me',
         'I\'d love', 'can I get', 'scouting for', 'browsing for', 'help me pick', 'I\'d like to buy', 'hoping to get',
         'hoping to find', 'show me', 'I wanna grab', 'want to buy', 'trying to find', 'I would like', 'I have to get',
         'seeking', 'on the hunt for']
ENDINGS = ['thanks!', 'thank you so much', 'ty', 'much appreciated', 'grateful for any help', 'no rush',
           'please and thanks', '🙂', '!!', 'merci', 'shukriya', '😊', 'would be a lifesaver', 'appreciate it', 'tia',
           'thank you kindly', 'many thanks', 'lmk', 'you\'re a star', '🙌', 'ty in advance']

STORIES_ADULT = [
    '{NP} ruined {pos} {bare} in the wash 😩 help me find {obj} a replacement?',
    'the dog chewed up {np_s} {bare} 🙈 so I\'m replacing {it} for {obj}',
    '{NP} is moving to Pune next month and could really use {a}',
    'it\'s {np_s} anniversary soon and I\'d like to surprise {obj} with {a}',
    '{NP} keeps borrowing mine, time to buy {obj} {pos} own {bare}',
    '{NP} just got promoted! treating {obj} to {a}',
    'Diwali shopping: {a} for {np}',
    '{NP} left {pos} {bare} at a hotel in Jaipur, so I\'m getting {obj} a replacement',
    '{NP_s} old {ones} {be} falling apart - time for {a}',
    '{NP_s} birthday falls on a Sunday this year, I\'d like to get {obj} {a}',
    'a little thank-you for {np}: thinking {a}',
    '{NP} has been dropping hints for weeks about wanting {a}',
]
STORIES_CHILD = [
    '{NP} has a school trip next week and could use {a}',
    '{NP} outgrew {pos} {bare} in about five minutes, so I\'m buying the next size up',
    'sports day is coming up for {np} - {a} would help',
    'back-to-school list for {np} includes {a}',
    '{NP} lost {pos} {bare} at the park again 🙄 so I\'m buying {another}',
]
QUESTIONS = [
    'Do you stock {pl} {for}?',
    'Any {pl} {for} in your range?',
    'Where would I find {pl} suitable {for}?',
    'What {pl} have you got {for}?',
    'Could I see some {pl} {for}?',
    'got any {pl}? they\'d be {for}',
    'Is it possible to order {a} {for} here?',
    'Which {pl} would you suggest {for}?',
    'anything in {pl} {for}?',
]
TERSE = [
    '{pl}. {short}.',
    '{bare} - {short}',
    'need: {bare}, {short}',
    '{bare}?? {short}',
    '{short}: {bare}',
]
POLITE = [
    'Hello there, I would be very grateful if you could show me {a} that would suit {np}. Thank you kindly.',
    'Good morning. Would it be possible to browse {pl} {for}? Many thanks in advance.',
    'Good evening, could you possibly assist me? I am searching for {a} as a present {for}, and any guidance would be appreciated.',
    'Hi, sorry for the long message, I\'m not very good with these apps. I would like to buy {a} {for}. Thank you very much for your patience.',
    'To whom it may concern: please show me {pl} {for}. Kind regards.',
    'Hello, I hope you are well. I\'m putting together a gift {for} and {a} is top of the list. Thanks ever so much.',
]
LISTS = [
    'shopping list: 1) {bare} 2) {short} 3) nothing too pricey',
    'what: {bare} | who: {short}',
    'item - {bare}; for - {short}',
    'two things: it\'s {a}, and it\'s {for}',
    '• {bare} • {short}',
    '{bare} (x1), recipient: {short}',
]
LIST_COLOUR = {  # the same list shapes with a colour field
    0: 'shopping list: 1) {bare} 2) {short} 3) {c}',
    1: 'what: {bare} | who: {short} | colour: {c}',
    2: 'item - {bare}; for - {short}; colour - {c}',
    3: 'three things: it\'s {a}, it\'s {for}, and it\'s {c}',
    4: '• {bare} • {short} • {c}',
    5: '{bare} (x1), recipient: {short}, colour {c}',
}
COLOUR_CLAUSES = [' - {c} please', ', in {c}', '. Colour: {c}', ' ({c})', ', ideally {c}', '. {C}, if you have it',
                  ', {c} is the colour']
WRONG_BRAND_CLAUSES = [' - {W} I think', ', probably from {W}', ' (by {W}, if memory serves)', ', made by {W}?',
                       '. {W} on the label, from memory', ', pretty certain it was {aW}']

COLOUR_TURNS = ['colour-wise, {c}', '{c} would be ideal', 'preferably {c}', 'in {c}, if you have it', 'ideally {c}',
                '{c} is what I\'m after', 'it has to be {c}', '{c} one please', 'the {c} version', 'only {c}, nothing else',
                'something {c}', 'going for {c}', 'let\'s say {c}', '{c}!! definitely', 'ohh and in {c}',
                'forgot to say - {c}', 'hoping for {c}', 'can we filter to {c}?', '{c} please, no other colour',
                'show me the {c} ones', 'I\'d go {c}', 'best in {c}', '{c}, that\'s the colour', 'would love {c}',
                'any {c}?', 'colour: {c}']
COLOUR_TURNS_PERSON = ['{Pro} always {wears} {c}', '{Pro}\'d love it in {c}', '{c} suits {obj}',
                       '{Pos} wardrobe is basically all {c}', '{Pos} team colour is {c}', '{c} would match {pos} other stuff',
                       '{Pro} asked for {c} specifically']

CORR_COLOUR = ['hmm no, {new} beats {old}', 'changed my mind about the colour: {new}', 'wait, {old} is wrong - {new} it is',
               '{new}, not {old}. my mistake', '{new} suits better than {old}, I think', 'let\'s go {new}',
               'swap {old} for {new}', 'ugh, {old} was a typo, meant {new}', 'colour update: {new}', '{old}? nah. {new}',
               'ignore the {old}, {new} please', 'go with {new}, {old} shows dirt too easily', 'not {old} after all - {new}',
               '{new} would go with more, let\'s do that']
CORR_COLOUR_PERSON = ['{Pro} would prefer {new} over {old}', 'just realised {pro} already {has} a {old} one, so {new}']
CORR_PERSON = ['oh, it\'s for {new}, not {old}', 'change of plan: the gift\'s for {new}', 'sorry, wrong person - it\'s for {new}',
               'hang on, {old} already has one; getting it for {new}', 'let me redo that: it\'s for {new}',
               'update: recipient is {new}', '{Old} said no thanks, so it\'s going to {new}',
               'swap the person: {new}, not {old}', 'typed the wrong name - it\'s for {new}']
CORR_PERSON_NEWSUBJ = ['ah no, {new} is the one who wants it', 'it\'ll be {new} wearing it, not {old}']
CORR_BRAND = ['no no, {B} - not {W}', 'it wasn\'t {W}, it was {B}', '{W} was wrong, {B} is right', 'got the brand confused: {B}',
              'brand fix: {B}', 'ignore {W}. {B}.', 'sorry, {B}! {W} is something else', 'checked my old order: {B}, not {W}',
              'my sister corrected me, the brand is {B}', 'not {W}... {B}']

NAME_BRAND = ['brand: {B}', 'it\'s a {B}', 'made by {B}', '{B} label', 'from {B}\'s range', 'I\'m fairly sure it\'s {B}',
              'my friend said {B}', '{B}, definitely', 'has to be {B}', '{B} brand, if that helps', 'tag said {B}',
              'the logo was {B}', '{B} please - loyal customer', 'any from {B}?', 'I only buy {B}']
NAME_WORD = ['the style\'s called {w}', '\'{w}\' - that word\'s in the product name for sure', '{w}, something like that',
             'it was the {w} design', 'had {w} written on it', 'product name included {w}', '{w} model', 'search for {w}',
             'the {w} range', 'style name: {w}', 'I saw \'{w}\' on the box', '{w} is the bit of the name that stuck']
NAME_BOTH = ['{B} {w}', '{B}\'s {w}', 'by {B}, style {w}', '{B} - {w} range', '{w} by {B}', 'it\'s {B}, the {w} model',
             '{B}, and the name said {w}', '{B}... {w} something', 'think {B} made it, called {w}']
NAME_PARTIAL = ['brand begins {p}...', '{p}-whatever, can\'t spell it', 'something like {p}..., the rest escapes me',
                '{p}... (forgot the rest of the brand)']
NAME_PARTIAL_WORD = ['brand begins {p}..., style {w}', '{p}-whatever, can\'t spell it. {w} model',
                     '{w}, by {p}-something']

COMPOSED = ['have this style in {c}?', 'same design in a {c} colourway?', 'this model, {c} version please',
            'I like the cut of this one, want {c} though', 'love the shape, not the colour - {c}?',
            'seen this at a friend\'s place, need it in {c}', 'any {c} ones of this?', 'does this style exist in {c}?',
            'identical but {c}', '{c} edition of this?', 'pic for reference; I want it {c}', 'colour swap: {c}, same style',
            'can this come in {c}?', '{c}, otherwise exactly like my photo', 'same piece, {c} shade',
            'is there a {c} twin of this one', 'I\'d take this if it were {c}', '{c} for this one?',
            'how about this design in {c}', 'this, in {c}?']
COMPOSED_PERSON = [' - {for}', ', {for}', '. it\'s a gift {for}', '. shopping {for}']

IMAGE_LINES = ['got one of these?', 'this exact one, please', 'saw someone wearing this at the mall, where can I get it?',
               'friend\'s wearing this in a photo, any idea?', 'is this in stock?', 'this one from the window display?',
               'snapped this at my cousin\'s, want it', 'found this pic on my phone, what is it', 'can i buy this?',
               'what\'s this and do you sell it?', 'my mum\'s, she wants another', 'help, need this exact thing',
               'grabbed a pic in the store, which one is it', 'screenshot from an ad, find it?', 'same as the pic',
               'i want whatever this is', 'photo from my wardrobe, need a replacement', 'the one in my photo',
               'any match for this pic?', 'hunting for this', 'what\'s the item in this pic?', 'saw it on tv. want',
               'this from the catalogue - still available?', 'need the same again, old one tore', 'is this on your site?']

# phrasings and words of dev and of the earlier generated sets (README), checked whole-word against every turn
BANNED = [
    # dev
    'i am looking for', 'i need a', 'make it', 'i want it in', 'the one with', 'it says', 'i remember', 'similar to this one',
    'like this but in', 'do you have this', 'find this product', 'instead', 'actually',
    # paraphrase
    'trainers', 'joggers', 'kicks', 'shades', 'sunnies', 'hoodie', 'billfold', 'for my husband', 'blue-ish', 'army green',
    'blak', 'shrit', 'womans', 'sandles',
    # paraphrase2
    'hiya', 'quick one', 'ok so', 'on the lookout for', 'in the market for', 'ta', 'cheers', 'asap', ':)', 'big bro',
    'gift idea', 'man of the house', 'missus', 'hubby', 'bloke', 'i\'m a guy', 'for me, female', 'other half',
    'yr old', 'unisex is fine', 'men\'s or women\'s', 'gender neutral', 'gents', 'sneakers', 'tee', 'lowers',
    'sweatpants', 'hawai', 'slippers', 'tote', 'rucksack', 'bag pack', 'kurti', 'timepiece', 'undies', 'baniyan',
    'brolly', 'frock', 'half pants', 'floaters', '3/4th', 'wine', 'mustard yellow', 'charcoal grey', 'ivory', 'off-white',
    'sky blue', 'royal blue', 'midnight blue', 'dark blue', 'olive green', 'oatmeal', 'sand', 'camel', 'fuchsia',
    'choc brown', 'multi-colour', 'scrap', 'oops', 'on reflection', 'on second thought', 'actually it should be',
    'was it', 'no wait', 'my bad', 'pretty sure the brand was', 'make, i think', 'maybe', 'it was called', 'the name had',
    'in the title', 'any chance of this in', 'u', 'pls', 'im',
    # paraphrase3
    'oi', 'yo', 'namaste', 'evening all', 'sorry to bother you', 'quick question', 'help!', 'chasing', 'on a mission',
    'dig out', 'keen to buy', 'pull up', 'wanting to order', 'point me to', 'thanks a ton', 'if poss', 'thank youuu',
    'x', '🙏', ':d', 'spilled', 'job interview', 'goa', 'is there a section', 'what would ya', 'gentlemen\'s', 'guys\'',
    'womenswear', 'ladies\'', 'gender-neutral', 'i wonder whether', 'dear shop assistant', 'i am hoping to purchase',
    'brother-in-law', 'cousin brother', 'bhaiya', 'didi', 'granny', 'the groom', 'flatmate (she)', 'partner',
    'arjun', 'yours truly', 'goddaughter', 'a lad', 'unisex ok', 'it will be shared', 'either men or women',
    'denims', 'slacks', 'trackies', 'jogging bottoms', 'knickers', 'y-fronts', 'bellies', 'ballerinas',
    'cooling glasses', 'uv glasses', 'ghadi', 'kameez', 'kurtee', 'chunni', 'windcheater', 'woolly', 'knapsack',
    'daypack', 'bum bag', 'fanny pack', 'holdall', 'side bag', 'one-piece', 'thongs', 'pedal pushers', 'casuals',
    'tomato', 'post-box', 'ink blue', 'inky', 'sailor navy', 'bottle green', 'biscuit', 'latte', 'fawn', 'conker',
    'cocoa', 'jamun', 'brinjal', 'aubergine', 'rani pink', 'oxblood', 'claret', 'beetroot', 'gilt', 'chrome', 'dijon',
    'cognac', 'saddle tan', 'graphite', 'rain-cloud', 'black as coal', 'onyx', 'milk white', 'cherry red',
    'sunflower', 'optic white', 'violet', 'pitch black', 'narrow it to', 'match the rest of the outfit', 'shade:',
    'she\'s into', 'it\'s his favourite', 'we both like', 'swap the colour in my photo', 'right style, wrong colour',
    'equivalent of this', 'hunting the', 'btw', 'nope', 'i meant', 'autocorrect strikes', 'rather than', 'forget',
    'hold on', 'correction', 'mixed up', 'plot twist', 'already has one. so', 'i reckon', 'makes it', 'i believe',
    'is the label', 'no doubt', 'or similar', 'the listing', 'that\'s all i can recall', 'something-something',
    'model:', 'started with', 'can\'t recall the rest', 'zoomed in on this', 'sis sent me', 'spotted on a',
    'this. now', 'plz', 'ya', 'thx',
    # snapshots
    'do u have', 'hav you got', 'spotted this in a magazine', 'not this colour', 'brand was',
]

BRAND_ALIASES = {  # shorter forms shoppers use; kept only where they select the same products
    'united colors of benetton': ['Benetton', 'benetton', 'United Colors of Benetton'],
    'us polo assn': ['US Polo', 'us polo', 'U.S. Polo Assn.'],
    'reid and taylor': ['Reid and Taylor', 'Reid & Taylor', 'reid & taylor'],
    'gini and jony': ['Gini & Jony', 'Gini and Jony'],
    'adidas': ['Adidas', 'adidas', 'ADIDAS'],
    'fila': ['Fila', 'FILA', 'fila'],
    'casio': ['Casio', 'casio', 'CASIO'],
}
EXCLUDED_BRANDS = {'w', 'and', 'ant', 'mr', 'id', 'ice', 'image', 'basics', 'cat', 'm tv', 'mtv', 'do', 'myntra', 'inc 5'}
BRAND_MISSPELL = {  # common real-world misspellings (the correct form is used for relevance)
    'adidas': 'Addidas', 'puma': 'Pumma', 'reebok': 'Reebock', 'fastrack': 'Fasttrack', 'wrangler': 'Rangler',
    'levis': 'Leavis', 'skechers': 'Sketchers', 'lotto': 'Loto', 'fila': 'Filla', 'converse': 'Convers',
    'carlton london': 'Carlton Londen', 'mark taylor': 'Mark Tailor', 'peter england': 'Peter Englund',
    'allen solly': 'Alan Solly', 'van heusen': 'Van Huesen', 'louis philippe': 'Louis Phillipe', 'arrow': 'Arow',
    'baggit': 'Bagit', 'catwalk': 'Cat walk', 'timberland': 'Timberlands', 'quiksilver': 'Quicksilvr',
    'lino perros': 'Leno Perros', 'scullers': 'Skullers', 'highlander': 'Highlandr', 'rockport': 'Rokport',
    'franco leone': 'Franko Leone', 'hanes': 'Haynes', 'playboy': 'Play boy', 'nike': 'Nikey', 'vans': 'Vanz',
    'spykar': 'Spiker', 'locomotive': 'Locomotiv', 'probase': 'Pro base', 'belmonte': 'Belmont', 'enroute': 'En route',
    'wildcraft': 'Wild craft', 'skybags': 'Sky bags', 'provogue': 'Provoge', 'clarks': 'Clark\'s',
}
GENDER_WORDS = {'men', 'women', 'woman', 'man', 'boys', 'girls', 'boy', 'girl', 'kids', 'kid', 'unisex', 'mens', 'womens',
                'infant', 'infants', 'baby', 'teen', 'teens', 'junior', 'juniors', 'toddler', 'toddlers', 'her', 'him',
                'ladies', 'lady', 'gents'}
KID_WORDS = {'kids', 'kid', 'girls', 'girl', 'boys', 'boy', 'toddler', 'toddlers', 'infant', 'infants', 'baby', 'junior',
             'juniors', 'teen', 'teens'}
ADULT_WORDS = {'men', 'women', 'woman', 'man', 'mens', 'womens'}
COLOUR_TITLE_WORDS = {
    'black', 'white', 'blue', 'navy', 'grey', 'gray', 'brown', 'red', 'green', 'purple', 'pink', 'beige', 'maroon', 'yellow',
    'olive', 'silver', 'steel', 'orange', 'cream', 'gold', 'golden', 'tan', 'multi', 'multicolour', 'multicolor',
    'multicoloured', 'charcoal', 'khaki', 'magenta', 'off', 'copper', 'lavender', 'peach', 'teal', 'mustard', 'coffee',
    'rust', 'turquoise', 'melange', 'burgundy', 'bronze', 'taupe', 'fluorescent', 'sea', 'metallic', 'mauve', 'nude',
    'skin', 'aqua', 'lime', 'fuchsia', 'wine', 'violet', 'indigo', 'dark', 'light', 'lt', 'dk', 'sky', 'royal', 'ivory',
    'mint', 'coral', 'rose', 'sliver', 'colour', 'coloured', 'color', 'colored', 'neon', 'camel', 'ecru', 'stone'}
TYPE_TITLE_WORDS = {
    'tshirt', 'tshirts', 't', 'shirt', 'shirts', 'tee', 'tees', 'top', 'tops', 'kurta', 'kurtas', 'kurti', 'kurtis',
    'shoe', 'shoes', 'sneaker', 'sneakers', 'watch', 'watches', 'bag', 'bags', 'handbag', 'handbags', 'heel', 'heels',
    'sunglasses', 'sunglass', 'glasses', 'eyewear', 'sweater', 'sweaters', 'sandal', 'sandals', 'slipper', 'slippers',
    'wallet', 'wallets', 'flip', 'flop', 'flops', 'sweatshirt', 'sweatshirts', 'belt', 'belts', 'trouser', 'trousers',
    'pant', 'pants', 'jeans', 'jean', 'sock', 'socks', 'jacket', 'jackets', 'flats', 'flat', 'backpack', 'backpacks',
    'brief', 'briefs', 'shorts', 'short', 'vest', 'vests', 'innerwear', 'cap', 'caps', 'track', 'trackpant', 'tie', 'ties',
    'clutch', 'clutches', 'dress', 'dresses', 'muffler', 'mufflers', 'gift', 'set', 'sets', 'skirt', 'skirts', 'trunk',
    'trunks', 'scarf', 'scarves', 'scarvf', 'perfume', 'perfumes', 'mist', 'body', 'deodorant', 'deo', 'spray', 'edt',
    'edp', 'cufflinks', 'cufflink', 'capri', 'capris', 'laptop', 'tunic', 'tunics', 'stockings', 'stocking', 'tights',
    'tight', 'leggings', 'legging', 'duffle', 'duffel', 'mobile', 'pouch', 'tracksuit', 'tracksuits', 'bra', 'bras',
    'gloves', 'glove', 'accessories', 'accessory', 'messenger', 'fragrance', 'dupatta', 'lounge', 'umbrella',
    'umbrellas', 'travel', 'churidar', 'stole', 'stoles', 'hat', 'hats', 'waist', 'headband', 'waistcoat', 'rucksack',
    'necklace', 'chain', 'chains', 'boxer', 'boxers', 'saree', 'sarees', 'football', 'bracelet', 'shrug', 'jersey',
    'jerseys', 'polo', 'polos', 'wedges', 'wedge', 'pumps', 'ballerinas', 'moccasins', 'loafers', 'boots', 'boot',
    'suit', 'salwar', 'netbook', 'sleeve', 'case', 'kit', 'pack', 'combo', 'frock', 'bottom', 'bottoms', 'flipflops',
    'slip', 'ons', 'on', 'shorts', 'beanie', 'skull'}
GENERIC_TITLE_WORDS = {
    'solid', 'printed', 'print', 'prints', 'casual', 'formal', 'slim', 'fit', 'regular', 'striped', 'stripe', 'stripes',
    'check', 'checked', 'checks', 'of', 'and', 'with', 'the', 'for', 'in', 'sports', 'sport', 'sporty', 'style', 'new',
    'basic', 'plain', 'graphic', 'logo', 'textured', 'round', 'neck', 'sleeves', 'full', 'half', 'long', 'analogue',
    'analog', 'digital', 'dial', 'leather', 'cotton', 'washed', 'design', 'pattern', 'patterned', 'classic', 'party',
    'fashion', 'essential', 'premium', 'original', 'originals', 'series', 'pure', 'smart', 'running', 'training',
    'walking', 'casuals', 'colourblocked', 'assorted', 'bright', 'comfort', 'cool', 'fancy', 'ethnic', 'western',
    'trendy', 'stylish', 'one', 'two', 'three', 'all', 'men', 'women', 'unisex', 'pair', 'pairs', 'piece', 'pieces', 'cut', 'collar', 'v', 'crew',
    'embroidered', 'embellished', 'floral', 'printed', 'knitted', 'knit', 'woven', 'denim', 'lace', 'laced', 'up',
    'high', 'low', 'mid', 'top', 'daily', 'wear', 'everyday', 'office', 'work', 'sleeveless', 'skinny', 'straight',
    'narrow', 'wide', 'loose', 'tight', 'big', 'small', 'mini', 'maxi', 'large', 'medium', 'xl', 'kids', 'girls', 'boys'}
LASTWORD_TYPES = {
    'flats': {'Flats'}, 'heels': {'Heels'}, 'wedges': {'Heels'}, 'sandals': {'Sandals', 'Sports Sandals'},
    'sandal': {'Sandals', 'Sports Sandals'}, 'slippers': {'Flip Flops', 'Sandals'}, 'slipper': {'Flip Flops', 'Sandals'},
    'shoes': {'Casual Shoes', 'Sports Shoes', 'Formal Shoes', 'Flats'}, 'shoe': {'Casual Shoes', 'Sports Shoes', 'Formal Shoes', 'Flats'},
    'tshirts': {'Tshirts'}, 'tshirt': {'Tshirts'}, 't-shirt': {'Tshirts'}, 't-shirts': {'Tshirts'}, 'jersey': {'Tshirts'},
    'jerseys': {'Tshirts'}, 'shirt': {'Shirts'}, 'shirts': {'Shirts'}, 'top': {'Tops', 'Tunics'}, 'tops': {'Tops', 'Tunics'},
    'tunic': {'Tunics'}, 'tunics': {'Tunics'}, 'dress': {'Dresses'}, 'dresses': {'Dresses'}, 'jacket': {'Jackets'},
    'jackets': {'Jackets'}, 'sweater': {'Sweaters'}, 'sweaters': {'Sweaters'}, 'sweatshirt': {'Sweatshirts'},
    'sweatshirts': {'Sweatshirts'}, 'shorts': {'Shorts', 'Lounge Shorts', 'Boxers'},
    'pants': {'Track Pants', 'Lounge Pants', 'Capris', 'Churidar', 'Trousers'}, 'pant': {'Track Pants', 'Lounge Pants', 'Capris', 'Churidar', 'Trousers'},
    'capris': {'Capris'}, 'capri': {'Capris'}, 'tights': {'Tights', 'Stockings'}, 'tight': {'Tights', 'Stockings'},
    'watch': {'Watches'}, 'watches': {'Watches'}, 'sunglasses': {'Sunglasses'}, 'flops': {'Flip Flops'},
    'handbag': {'Handbags'}, 'handbags': {'Handbags'}, 'vest': {'Innerwear Vests'}, 'vests': {'Innerwear Vests'},
    'kurta': {'Kurtas'}, 'kurtas': {'Kurtas'}, 'kurti': {'Kurtis'}, 'kurtis': {'Kurtis'}, 'backpack': {'Backpacks'},
    'backpacks': {'Backpacks'}, 'clutch': {'Clutches'}, 'trousers': {'Trousers'}, 'trouser': {'Trousers'},
    'jeans': {'Jeans'}, 'skirt': {'Skirts'}, 'skirts': {'Skirts'}, 'leggings': {'Leggings'}, 'briefs': {'Briefs'},
    'brief': {'Briefs'}, 'trunks': {'Trunk'}, 'cap': {'Caps', 'Hat'}, 'caps': {'Caps', 'Hat'},
    'bag': {'Handbags', 'Duffel Bag', 'Laptop Bag', 'Messenger Bag', 'Waist Pouch', 'Travel Accessory', 'Backpacks', 'Rucksacks'},
    'bags': {'Handbags', 'Duffel Bag', 'Laptop Bag', 'Messenger Bag', 'Waist Pouch', 'Travel Accessory', 'Backpacks', 'Rucksacks'},
}


# ----------------------------------------------------------------------------------------------------------
# catalog
# ----------------------------------------------------------------------------------------------------------
def norm(s):
    s = s.lower().replace('&', ' and ')
    s = re.sub(r"['\u2019.]", '', s)
    s = re.sub(r'[^0-9a-z]+', ' ', s)
    return ' '.join(s.split())


def tok(s):
    return norm(s).split()


def quote_in(q, toks):
    """q (normalized) starts at a word start of the title, spaces ignored (so 'levis' ~ "Levi's", 'redtape' ~ 'Red Tape')."""
    qn = q.replace(' ', '')
    for i in range(len(toks)):
        if ''.join(toks[i:i + 6]).startswith(qn):
            return True
    return False


def gender_fits(stated, g):
    return g == stated or g == 'Unisex' or stated == 'Unisex'


class Catalog:
    def __init__(self):
        self.rows = [r for r in csv.DictReader(open(CATALOG, encoding='utf-8'))]
        self.by_id = {r['id']: r for r in self.rows}
        for r in self.rows:
            r['toks'] = tok(r['productDisplayName'])
        self.by_tc = defaultdict(list)
        for r in self.rows:
            self.by_tc[(r['articleType'], r['baseColour'])].append(r)
        self.word_df = Counter()
        for r in self.rows:
            for w in set(r['toks']):
                self.word_df[w] += 1
        self._brands()
        self._photos()

    def _brands(self):
        groups = defaultdict(list)
        for r in self.rows:
            orig = r['productDisplayName'].split()
            if orig:
                groups[norm(orig[0])].append(r)
        for key, rs in groups.items():
            cut = Counter()
            for r in rs:
                orig = r['productDisplayName'].split()
                i = next((k for k, w in enumerate(orig) if norm(w) in GENDER_WORDS), None)
                if i:
                    cut[tuple(norm(w) for w in orig[:min(i, 5)])] += 1
            best = max(sorted(cut.items()), key=lambda kv: kv[1])[0] if cut else (key,)
            k_ok = 1
            for k in range(1, len(best) + 1):
                pre = best[:k]
                n = sum(1 for r in rs if tuple(norm(w) for w in r['productDisplayName'].split()[:k]) == pre)
                if n >= 0.85 * len(rs):
                    k_ok = k
            pre = best[:k_ok]
            disp = Counter(' '.join(r['productDisplayName'].split()[:k_ok]) for r in rs
                           if tuple(norm(w) for w in r['productDisplayName'].split()[:k_ok]) == pre)
            name = max(sorted(disp.items()), key=lambda kv: kv[1])[0] if disp else None
            bnorm = ' '.join(w for w in pre if w)
            for r in rs:
                ok = tuple(norm(w) for w in r['productDisplayName'].split()[:k_ok]) == pre
                if ok and name and bnorm not in EXCLUDED_BRANDS and len(bnorm.replace(' ', '')) >= 3 \
                        and not all(w in GENDER_WORDS for w in bnorm.split()):
                    r['brand'] = name
                    r['brand_norm'] = bnorm
                    r['brand_len'] = k_ok
                else:
                    r['brand'] = None
                    r['brand_norm'] = None
                    r['brand_len'] = 0
        for r in self.rows:  # a sub-brand shoppers name in full
            if r['toks'][:2] == ['lee', 'cooper']:
                r['brand'], r['brand_norm'], r['brand_len'] = 'Lee Cooper', 'lee cooper', 2
        self.type_brands = defaultdict(set)
        for r in self.rows:
            if r['brand']:
                self.type_brands[r['articleType']].add((r['brand_norm'], r['brand']))

    def _photos(self):
        self.md5, self.thumb, self.readable = {}, {}, {}
        for r in self.rows:
            p = os.path.join(PHOTOS, r['id'] + '.jpg')
            try:
                data = open(p, 'rb').read()
                im = Image.open(p)
                im.load()
                im = im.convert('RGB')
                ok = im.size[0] >= 40 and im.size[1] >= 50
            except Exception:
                ok = False
            self.readable[r['id']] = ok
            if ok:
                self.md5[r['id']] = hashlib.md5(data).hexdigest()
                self.thumb[r['id']] = np.asarray(im.convert('L').resize((15, 20), Image.BOX), dtype=np.float32)
        self.md5_groups = defaultdict(list)
        for pid, h in sorted(self.md5.items()):
            self.md5_groups[h].append(pid)

    def title_words(self, r):
        """eligible remembered title words (display form, normalized) after the brand."""
        orig = r['productDisplayName'].split()[r['brand_len']:]
        out = []
        for w in orig:
            d = re.sub(r"^[^\w]+|[^\w]+$", '', w)
            n = norm(d)
            ok = (n and ' ' not in n and n.isalpha() and (len(n) >= 4 or (len(n) == 3 and d.istitle()))
                  and n not in COLOUR_TITLE_WORDS
                  and n not in TYPE_TITLE_WORDS and n not in GENERIC_TITLE_WORDS and n not in GENDER_WORDS
                  and self.word_df[n] <= 80 and not (d.isupper() and len(d) <= 4))
            out.append((d, n) if ok else None)
        return out

    def relevant(self, atype, colour, stated, quotes):
        res = []
        for r in self.by_tc[(atype, colour)]:
            if gender_fits(stated, r['gender']) and all(quote_in(q, r['toks']) for q in quotes):
                res.append(r['id'])
        return sorted(res, key=int)


def usable(cat, r):
    if r['baseColour'] in ('NA', '') or r['articleType'] == 'Free Gifts' or not cat.readable[r['id']]:
        return False
    t = set(r['toks']) | {w.lower().rstrip("'s") for w in r['productDisplayName'].split()}
    if r['gender'] in ('Men', 'Women', 'Unisex') and t & KID_WORDS:
        return False
    if r['gender'] in ('Boys', 'Girls') and t & ADULT_WORDS:
        return False
    words = r['productDisplayName'].split()
    last = re.sub(r'[^\w-]', '', words[-1].lower()) if words else ''
    if last in LASTWORD_TYPES and r['articleType'] not in LASTWORD_TYPES[last]:
        return False
    return True


# ----------------------------------------------------------------------------------------------------------
# targets and plans
# ----------------------------------------------------------------------------------------------------------
MODES = ['brand', 'word', 'pair', 'both', 'partial']
MODE_W = [0.30, 0.22, 0.08, 0.32, 0.08]


def name_options(cat, r, stated):
    opts = []
    tw = cat.title_words(r)
    words = [x for x in tw if x]
    pairs = [(tw[i], tw[i + 1]) for i in range(len(tw) - 1) if tw[i] and tw[i + 1]]
    B = r['brand_norm']

    def add(mode, quotes, parts):
        rel = cat.relevant(r['articleType'], r['baseColour'], stated, quotes)
        if r['id'] in rel and len(rel) <= MAX_REL:
            opts.append({'mode': mode, 'quotes': quotes, 'parts': parts, 'rel': rel})

    if B:
        add('brand', [B], {'B': r['brand']})
        first = r['brand'].split()[0]
        if len(B.split()) == 1 and first.isalpha() and len(first) >= 6:
            k = 4 if len(first) <= 7 else 5
            add('partial', [norm(first[:k])], {'p': first[:k]})
            for d, n in words:
                add('partial', [norm(first[:k]), n], {'p': first[:k], 'w': d})
    for d, n in words:
        add('word', [n], {'w': d})
    for (d1, n1), (d2, n2) in pairs:
        add('pair', [n1 + ' ' + n2], {'w': d1 + ' ' + d2})
    if B:
        for d, n in words:
            add('both', [B, n], {'B': r['brand'], 'w': d})
        for (d1, n1), (d2, n2) in pairs:
            add('both', [B, n1 + ' ' + n2], {'B': r['brand'], 'w': d1 + ' ' + d2})
    return opts


def choose_option(opts, rng, modes=None):
    if modes:
        opts = [o for o in opts if o['mode'] in modes]
    if not opts:
        return None
    want = rng.choices(MODES, MODE_W)[0]
    if modes and want not in modes:
        want = modes[0]
    for pool in ([o for o in opts if o['mode'] == want and len(o['rel']) == 1],
                 [o for o in opts if len(o['rel']) == 1],
                 [o for o in opts if o['mode'] == want],
                 opts):
        if pool:
            best = min(len(o['rel']) for o in pool)
            pool = [o for o in pool if len(o['rel']) == best]
            return pool[rng.randrange(len(pool))]
    return None


def model_key(r):
    return tuple(w for w in r['toks'] if w not in COLOUR_TITLE_WORDS)


def image_relevant(cat, r):
    rel = [x['id'] for x in cat.by_tc[(r['articleType'], r['baseColour'])]
           if x['productDisplayName'] == r['productDisplayName'] and x['gender'] == r['gender']]
    return sorted(rel, key=int)


def near_duplicate_outside(cat, r, rel, same_type):
    th = cat.thumb[r['id']]
    h = cat.md5[r['id']]
    for pid in cat.md5_groups[h]:
        if pid not in rel:
            return True
    for x in same_type:
        if x['id'] in rel or not cat.readable[x['id']]:
            continue
        if float(np.abs(cat.thumb[x['id']] - th).mean()) < 6.0:
            return True
    return False


def make_plan(cat, r, spec, rng, used, by_type_all, by_type_use):
    kind, sub = spec['kind'], spec['sub']
    t, g = r['articleType'], r['gender']
    plan = {'row': r, 'kind': kind, 'sub': sub}
    if kind == 'image':
        rel = image_relevant(cat, r)
        if len(rel) > MAX_REL or any(x in used for x in rel):
            return None
        if near_duplicate_outside(cat, r, set(rel), by_type_all[t]):
            return None
        plan['rel'] = rel
        return plan
    opts = name_options(cat, r, g)
    if kind == 'correction' and sub == 'brand':
        opt = choose_option(opts, rng, ['both'])
        if not opt:
            return None
        wrong = sorted(b for b in cat.type_brands[t] if b[0] != r['brand_norm'] and not quote_in(b[0], r['toks'])
                       and not quote_in(r['brand_norm'], tok(b[1])) and len(b[0]) >= 3)
        # prefer brands that have this type for this gender
        wg = [b for b in wrong if any(x['brand_norm'] == b[0] and gender_fits(g, x['gender']) for x in by_type_all[t])]
        if not wg:
            return None
        plan['wrong_brand'] = wg[rng.randrange(len(wg))][1]
    else:
        opt = choose_option(opts, rng)
        if not opt:
            return None
    plan['opt'] = opt
    plan['rel'] = opt['rel']
    if kind == 'correction' and sub == 'colour':
        cols = sorted({x['baseColour'] for x in by_type_use[t] if gender_fits(g, x['gender'])} - {r['baseColour']})
        if not cols:
            return None
        plan['wrong_colour'] = cols[rng.randrange(len(cols))]
    if kind == 'correction' and sub == 'person':
        if g not in ('Men', 'Women'):
            return None
        gs = sorted({x['gender'] for x in by_type_all[t]} & {'Men', 'Women', 'Boys', 'Girls'} - {g})
        adult = [x for x in gs if x in ('Men', 'Women')]
        gs = adult or gs
        if not gs:
            return None
        plan['wrong_gender'] = gs[rng.randrange(len(gs))]
    if kind == 'composed':
        refs = [x for x in by_type_use[t] if x['gender'] == g and x['baseColour'] != r['baseColour']
                and x['id'] not in used and x['id'] != r['id'] and cat.md5[x['id']] != cat.md5[r['id']]
                and len(cat.md5_groups[cat.md5[x['id']]]) == 1]
        if not refs:
            return None
        same = [x for x in refs if model_key(x) == model_key(r)]
        pool = same if (same and rng.random() < 0.55) else refs
        plan['ref'] = pool[rng.randrange(len(pool))]
        plan['same_model'] = model_key(plan['ref']) == model_key(r)
    return plan


def allocate(cat, rng):
    use = [r for r in cat.rows if usable(cat, r)]
    by_type_use, by_type_all = defaultdict(list), defaultdict(list)
    for r in use:
        by_type_use[r['articleType']].append(r)
    for r in cat.rows:
        if r['baseColour'] not in ('NA', ''):
            by_type_all[r['articleType']].append(r)
    weight = {t: math.log(2 + len(v)) for t, v in by_type_use.items()}
    kinds = [k for k, n in KIND_COUNTS.items() for _ in range(n)]
    rng.shuffle(kinds)
    subs = [s for s, n in CORR_COUNTS.items() for _ in range(n)]
    rng.shuffle(subs)
    specs = []
    for k in kinds:
        specs.append({'kind': k, 'sub': subs.pop() if k == 'correction' else None, 'child': False})
    child_ok = [i for i, s in enumerate(specs) if s['kind'] in ('progressive', 'composed')
                or (s['kind'] == 'correction' and s['sub'] == 'colour')]
    for i in sorted(rng.sample(child_ok, N_CHILD)):
        specs[i]['child'] = True
    used, count, plans = set(), Counter(), []
    for i, spec in enumerate(specs):
        gset = ('Boys', 'Girls') if spec['child'] else ('Men', 'Women', 'Unisex')
        types = sorted(by_type_use)
        jitter = {t: rng.random() for t in types}
        order = sorted(types, key=lambda t: ((count[t] + 1) / weight[t], jitter[t]))
        chosen = None
        for t in order:
            cands = [r for r in by_type_use[t] if r['id'] not in used and r['gender'] in gset]
            if not cands:
                continue
            rng.shuffle(cands)
            best = None
            for r in cands[:60]:
                p = make_plan(cat, r, spec, rng, used, by_type_all, by_type_use)
                if p and len(p['rel']) == 1:
                    best = p
                    break
                if p and (best is None or len(p['rel']) < len(best['rel'])):
                    best = p
            if best:
                chosen = best
                break
        if chosen is None:
            raise SystemExit('no target for slot %d %r' % (i, spec))
        chosen['child'] = spec['child']
        used.update(chosen['rel'])
        used.add(chosen['row']['id'])
        if 'ref' in chosen:
            used.add(chosen['ref']['id'])
        count[chosen['row']['articleType']] += 1
        plans.append(chosen)
    return plans


# ----------------------------------------------------------------------------------------------------------
# sentences
# ----------------------------------------------------------------------------------------------------------
PHONETIC = {
    'please': 'pleez', 'definitely': 'definately', 'something': 'somethin', 'because': 'becos', 'really': 'reely',
    'colour': 'colr', 'wallet': 'wallit', 'necklace': 'neckless', 'jacket': 'jaket', 'sweater': 'sweter',
    'trousers': 'trouzers', 'shoes': 'shooz', 'jeans': 'jeens', 'socks': 'sox', 'watch': 'wach', 'bracelet': 'braclet',
    'leggings': 'legins', 'sunglasses': 'sunglases', 'umbrella': 'umbrela', 'perfume': 'perfum',
    'deodorant': 'deoderant', 'girlfriend': 'girlfrend', 'daughter': 'doughter', 'nephew': 'nefew',
    'anniversary': 'anniversery', 'grateful': 'greatful', 'could': 'cud', 'should': 'shud', 'thanks': 'thanx',
    'with': 'wiv', 'brand': 'brnad', 'sandals': 'sendals', 'shirt': 'shurt', 'burgundy': 'burgandy', 'beige': 'biege',
    'turquoise': 'turquise', 'lavender': 'lavendar', 'khaki': 'kaki', 'mustard': 'mustered', 'purple': 'purpel',
    'cufflinks': 'cuflinks', 'present': 'pressent', 'suggest': 'sugest', 'possible': 'possable',
    'appreciated': 'apreciated', 'assist': 'asist', 'weekend': 'weakend', 'month': 'munth', 'school': 'skool',
    'surprise': 'suprise', 'moving': 'moveing', 'which': 'wich', 'whatever': 'watever', 'wearing': 'wering',
    'available': 'availble', 'exactly': 'exacly', 'scarf': 'scarff', 'definitely!!': 'definately!!', 'glasses': 'glases',
    'maroon': 'marone', 'yellow': 'yello', 'guidance': 'guidence', 'recipient': 'recipiant', 'wardrobe': 'wardrob',
}
APOSTROPHE = {"don't": 'dont', "can't": 'cant', "she's": 'shes', "he's": 'hes', "that's": 'thats', "what's": 'whats',
              "I'd": 'Id', "they're": 'theyre', "you're": 'youre', "women's": 'womens', "men's": 'mens', "let's": 'lets',
              "it'll": 'itll', "wasn't": 'wasnt', "I've": 'Ive', "friend's": 'friends', "gift's": 'gifts',
              "style's": 'styles', "cousin's": 'cousins', "mum's": 'mums', "they'd": 'theyd', "I'll": 'Ill'}
AUTOCORRECT = {'where': 'wear', 'wear': 'where', 'their': 'there', 'too': 'to', 'than': 'then', 'kurta': 'Kurt a',
               'bhabhi': 'Bhabha', 'glares': 'glared', 'jiju': 'juju', 'mehroon': 'mehroom', 'merlot': 'merlin',
               'juttis': 'jutties', 'odhni': 'odhi', 'teal': 'tea', 'plum': 'plump', 'putty': 'puffy',
               'ecru': 'ecu', 'flats': 'flaps', 'tunic': 'tonic', 'clutch': 'clutter', 'belt': 'bent', 'duffel': 'duffle'}
TEXTING = {'because': 'bc', 'about': 'abt', 'thanks': 'tnx', 'with': 'w/', 'really': 'rly', 'tomorrow': 'tmrw',
           'for': '4', 'and': '&', 'please': 'pleasee', 'great': 'gr8', 'before': 'b4', 'good': 'gud', 'what': 'wat',
           'have': 'hv', 'your': 'ur', 'are': 'r', 'something': 'sth', 'would': 'wld', 'okay': 'k', 'love': 'luv'}
KEYB = 'qwertyuiop asdfghjkl zxcvbnm'.split()


def neighbours(ch):
    for row_i, row in enumerate(KEYB):
        if ch in row:
            j = row.index(ch)
            out = [row[k] for k in (j - 1, j + 1) if 0 <= k < len(row)]
            return out
    return []


def an(word):
    return 'an' if word[:1].lower() in 'aeio' else 'a'


def art_phrase(bare, art, adj=None):
    w = (adj + ' ' + bare) if adj else bare
    if art in ('a', 'an'):
        return an(w) + ' ' + w
    if art == 'pair':
        return 'a pair of ' + w
    if art == 'some':
        return 'some ' + w
    return w


def cap(s):
    return s[:1].upper() + s[1:] if s else s


def fill(tpl, **kw):
    out = tpl
    for k, v in kw.items():
        out = out.replace('{' + k + '}', v)
    assert '{' not in out, (tpl, out)
    return out


class Writer:
    def __init__(self, rng):
        self.rng = rng
        self.deck = {}

    def deal(self, name, items):
        """draw from a shuffled deck so that every entry is used before any repeats"""
        d = self.deck.get(name)
        if not d:
            d = list(range(len(items)))
            self.rng.shuffle(d)
            self.deck[name] = d
        return items[d.pop()]

    def colour_word(self, colour):
        return self.deal('col:' + colour, COLOURS[colour])

    def item(self, atype):
        return self.deal('item:' + atype, ITEMS[atype])

    def person(self, g, story_only=False):
        ps = [p for p in PEOPLE[g] if p['story'] or not story_only]
        return self.deal('person:%s:%d' % (g, story_only), ps)

    # --- first turn -------------------------------------------------------------------------------------
    def first_turn(self, atype, person, colour=None, wrong_brand=None, name_person=False):
        rng = self.rng
        bare, art, pl = self.item(atype)
        g = person['g']
        shapes = ['plain', 'question', 'terse', 'polite', 'list'] + ([] if name_person else ['adj']) \
            + (['story'] * 2 if person['story'] else [])
        shape = self.deal('shape:%d:%d' % (person['story'], name_person), shapes)
        plural = art in ('pair', 'some') or bare == pl
        np_s = person['np'] + ("'" if person['np'].endswith('s') else "'s")
        f = {'bare': bare, 'pl': pl, 'a': art_phrase(bare, art), 'np': person['np'], 'NP': cap(person['np']),
             'np_s': np_s, 'NP_s': cap(np_s),
             'pos': person['pos'], 'obj': person['obj'], 'it': 'them' if plural else 'it',
             'be': 'are' if plural else 'is', 'for': person['for'], 'short': person['short'],
             'ones': 'pair' if art == 'pair' else ('ones' if plural else 'one'),
             'another': 'another pair' if art == 'pair' else ('more' if plural else 'another one')}
        if art == 'pair':
            f['be'] = 'is'
        plain_a = f['a']
        if g == 'Unisex' and 'gender' not in f['for'] and 'any' not in f['for'] and rng.random() < 0.5:
            f['for'] = f['for'] + ' ' + self.deal('utag', UNISEX_TAGS)
        inline = colour is not None and rng.random() < 0.55
        if inline:
            f['a'] = art_phrase(bare, art, colour)
            f['pl'] = colour + ' ' + pl
        opener = ending = ''
        if shape == 'story':
            tpls = STORIES_CHILD if person['age'] == 'child' else STORIES_ADULT
            text = fill(self.deal('story:' + person['age'], tpls), **f)
        elif shape == 'question':
            text = fill(self.deal('question', QUESTIONS), **f)
        elif shape == 'terse':
            if colour is not None:
                f['bare'] = colour + ' ' + bare
                f['pl'] = colour + ' ' + pl
                inline = True
            text = fill(self.deal('terse', TERSE), **f)
        elif shape == 'polite':
            text = fill(self.deal('polite', POLITE), **f)
        elif shape == 'list':
            k = self.deal('list', list(range(len(LISTS))))
            if colour is not None:
                text = fill(LIST_COLOUR[k], c=colour, **dict(f, a=plain_a))
                inline = True
            else:
                text = fill(LISTS[k], **f)
        else:
            verb = self.deal('verb', VERBS)
            if shape == 'adj':
                adj = self.deal('adj:' + g, GENDER_ADJ[g])
                thing = art_phrase(bare, art, adj + (' ' + colour if inline else ''))
                text = verb + ' ' + thing
            else:
                text = verb + ' ' + f['a'] + ' ' + f['for']
        if colour is not None and not inline:
            text = self.append(text, fill(self.deal('cclause', COLOUR_CLAUSES), c=colour, C=cap(colour)))
        if wrong_brand:
            text = self.append(text, fill(self.deal('wbrand', WRONG_BRAND_CLAUSES), W=wrong_brand,
                                          aW=an(wrong_brand) + ' ' + wrong_brand))
        if shape not in ('polite', 'list') and rng.random() < 0.35:
            opener = self.deal('opener', OPENERS)
        if shape != 'polite' and rng.random() < 0.35:
            ending = self.deal('ending', ENDINGS)
        if opener:
            if not text.startswith(('I ', "I'", 'Diwali')):
                text = text[:1].lower() + text[1:]
            text = opener + ' ' + text
        if ending:
            sep = rng.choice([', ', ' - ', '. '])
            if ending[0] in '!🙂😊🙌' or text[-1:] in '?!':
                sep = '' if ending[0] == '!' and text[-1:] not in '?!' else ' '
            text = text.rstrip('.') + sep + ending
        return text, shape

    @staticmethod
    def append(text, clause):
        """add a clause; after a question it becomes a sentence of its own."""
        if text.endswith('?'):
            return text + ' ' + cap(clause.lstrip(' ,.-'))
        return text.rstrip('.!') + clause

    # --- later turns -------------------------------------------------------------------------------------
    def pron(self, person):
        pro = person['pro']
        third = pro in ('he', 'she')
        return {'pro': pro, 'Pro': cap(pro), 'pos': person['pos'], 'Pos': cap(person['pos']), 'obj': person['obj'],
                'wears': 'wears' if third else 'wear', 'has': 'has' if third else 'have'}

    def colour_turn(self, c, person, named=True):
        if named and person['pro'] in ('he', 'she', 'they') and self.rng.random() < 0.3:
            return fill(self.deal('cturnp', COLOUR_TURNS_PERSON), c=c, **self.pron(person))
        return fill(self.deal('cturn', COLOUR_TURNS), c=c)

    def corr_colour(self, old, new, person, named=True):
        if named and person['pro'] in ('he', 'she', 'they') and self.rng.random() < 0.2:
            return fill(self.deal('ccorrp', CORR_COLOUR_PERSON), old=old, new=new, **self.pron(person))
        return fill(self.deal('ccorr', CORR_COLOUR), old=old, new=new)

    def corr_person(self, old, new):
        tpls = CORR_PERSON + (CORR_PERSON_NEWSUBJ if new['story'] else [])
        return fill(self.deal('pcorr%d' % new['story'], tpls), old=old['np'], Old=cap(old['np']), new=new['np'])

    def corr_brand(self, B, W):
        return fill(self.deal('bcorr', CORR_BRAND), B=B, W=W)

    def name_turn(self, parts, mode):
        if mode == 'brand':
            return fill(self.deal('nb', NAME_BRAND), B=parts['B'])
        if mode in ('word', 'pair'):
            return fill(self.deal('nw', NAME_WORD), w=parts['w'])
        if mode == 'both':
            return fill(self.deal('nboth', NAME_BOTH), B=parts['B'], w=parts['w'])
        if 'w' in parts:
            return fill(self.deal('npw', NAME_PARTIAL_WORD), p=parts['p'], w=parts['w'])
        return fill(self.deal('np', NAME_PARTIAL), p=parts['p'])

    def composed_turn(self, c, person):
        text = fill(self.deal('comp', COMPOSED), c=c)
        if person is not None:
            text = text.rstrip('?') + fill(self.deal('compp', COMPOSED_PERSON), **{'for': person['for']})
        return text


def misspell_word(w, rng):
    letters = [i for i, ch in enumerate(w) if ch.isalpha()]
    if len(letters) < 5:
        return w
    op = rng.choice(['drop', 'double', 'swap', 'key'])
    i = rng.choice(letters[1:-1])
    if op == 'drop':
        return w[:i] + w[i + 1:]
    if op == 'double':
        return w[:i] + w[i] + w[i:]
    if op == 'swap' and w[i + 1:i + 2].isalpha() and w[i] != w[i + 1]:
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]
    nb = neighbours(w[i].lower())
    if nb:
        ch = rng.choice(nb)
        return w[:i] + (ch.upper() if w[i].isupper() else ch) + w[i + 1:]
    return w[:i] + w[i + 1:]


def add_typos(text, n, rng, protect):
    """n slips in words of the text outside the protected (quoted name) spans."""
    spans = []
    for q in protect:
        for m in re.finditer(re.escape(q), text):
            spans.append((m.start(), m.end()))
    words = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z][A-Za-z']*[A-Za-z]|[A-Za-z]", text)
             if not any(a < m.end() and m.start() < b for a, b in spans)]
    done = 0
    tries = 0
    while done < n and tries < 30 and words:
        tries += 1
        a, b = words[rng.randrange(len(words))]
        w = text[a:b]
        lw = w.lower()
        kind = rng.choices(['letter', 'phon', 'apos', 'auto'], [0.55, 0.17, 0.16, 0.12])[0]
        new = None
        if kind == 'phon' and lw in PHONETIC:
            new = PHONETIC[lw]
        elif kind == 'apos' and w in APOSTROPHE:
            new = APOSTROPHE[w]
        elif kind == 'apos' and lw in APOSTROPHE:
            new = APOSTROPHE[lw]
        elif kind == 'auto' and lw in AUTOCORRECT:
            new = AUTOCORRECT[lw]
        elif kind == 'letter' and len(w) >= 5 and "'" not in w:
            new = misspell_word(w, rng)
        if not new or new == w:
            continue
        if w[:1].isupper() and new[:1].islower():
            new = cap(new)
        text = text[:a] + new + text[b:]
        shift = len(new) - len(w)
        words = [(x + (shift if x > a else 0), y + (shift if y > a else 0)) for x, y in words if (x, y) != (a, b)]
        done += 1
    return text, done


def texting(text, rng, protect):
    keep = {}
    for i, q in enumerate(protect):
        if q in text:
            keep['\x00%d\x00' % i] = q
            text = text.replace(q, '\x00%d\x00' % i)
    text = text.lower()
    for k, v in TEXTING.items():
        if rng.random() < 0.6:
            text = re.sub(r'(?<![\w\x00])' + re.escape(k) + r'(?![\w\x00])', v, text)
    text = text.replace("i'm", 'i am') if rng.random() < 0.5 else text
    text = re.sub(r"(\w)'(s|d|ll|re|t|ve)\b", r'\1\2', text)
    text = text.rstrip('.')
    for k, q in keep.items():
        text = text.replace(k, q.lower())
    return text


# ----------------------------------------------------------------------------------------------------------
# shopper photos: nine own recipes, drawn on a 240x320 canvas, shrunk to the catalog's 60x80
# ----------------------------------------------------------------------------------------------------------
CW, CH = 240, 320
SKIN = [(242, 200, 172), (228, 178, 145), (205, 148, 112), (170, 112, 80), (120, 78, 55), (92, 60, 42)]
RECIPES = ['mirror', 'hand', 'hanger', 'sticker', 'catalogue', 'tv', 'fog', 'fisheye', 'overexposed']


def load_big(pid):
    im = Image.open(os.path.join(PHOTOS, pid + '.jpg')).convert('RGB')
    return im.resize((CW, CH), Image.BICUBIC)


def cutout(big):
    arr = np.asarray(big).astype(np.int16)
    white = (arr.min(2) > 224) & ((arr.max(2) - arr.min(2)) < 26)
    m = Image.fromarray((white * 255).astype(np.uint8), 'L').copy()
    for x in list(range(0, CW, 8)) + [CW - 1]:
        for y in (0, CH - 1):
            if m.getpixel((x, y)) == 255:
                ImageDraw.floodfill(m, (x, y), 128)
    for y in list(range(0, CH, 8)) + [CH - 1]:
        for x in (0, CW - 1):
            if m.getpixel((x, y)) == 255:
                ImageDraw.floodfill(m, (x, y), 128)
    bg = np.asarray(m) == 128
    if bg.mean() < 0.06:
        alpha = Image.new('L', (CW, CH), 255)
    else:
        alpha = Image.fromarray(((~bg) * 255).astype(np.uint8), 'L').filter(ImageFilter.MinFilter(3))
        alpha = alpha.filter(ImageFilter.GaussianBlur(1.0))
    out = big.convert('RGBA')
    out.putalpha(alpha)
    box = alpha.point(lambda v: 255 if v > 40 else 0).getbbox() or (0, 0, CW, CH)
    return out.crop(box)


def fit(rgba, max_w, max_h):
    w, h = rgba.size
    k = min(max_w / w, max_h / h)
    return rgba.resize((max(1, int(w * k)), max(1, int(h * k))), Image.BICUBIC)


def lowfreq(rng, h, w, cells=6, ch=1):
    g = rng.random((cells + 1, int(cells * w / h) + 2, ch)).astype(np.float32)
    img = Image.fromarray((g * 255).astype(np.uint8).squeeze(), 'L' if ch == 1 else 'RGB')
    img = img.resize((w, h), Image.BICUBIC)
    a = np.asarray(img).astype(np.float32) / 255.0
    return a if ch > 1 else a[..., None]


def gradient(rng, c1, c2, vertical=True):
    t = np.linspace(0, 1, CH if vertical else CW, dtype=np.float32)
    if vertical:
        t = t[:, None, None] * np.ones((1, CW, 1), np.float32)
    else:
        t = t[None, :, None] * np.ones((CH, 1, 1), np.float32)
    return np.asarray(c1, np.float32) * (1 - t) + np.asarray(c2, np.float32) * t


def to_img(a):
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), 'RGB').copy()


def to_arr(im):
    return np.asarray(im.convert('RGB')).astype(np.float32)


def jitter_col(rng, c, d=14):
    return tuple(int(np.clip(v + rng.integers(-d, d + 1), 0, 255)) for v in c)


def paste_shadow(canvas, rgba, xy, rng, offset=(6, 8), blur=5, dark=0.4):
    sh = Image.new('L', canvas.size, 0)
    sh.paste(rgba.getchannel('A'), (xy[0] + offset[0], xy[1] + offset[1]))
    sh = sh.filter(ImageFilter.GaussianBlur(blur))
    a = to_arr(canvas) * (1 - dark * (np.asarray(sh, np.float32)[..., None] / 255.0))
    out = to_img(a)
    out.paste(rgba, xy, rgba)
    return out


def perspective(im, rng, amount, fill=(0, 0, 0)):
    """photograph the picture at an angle: move the corners by up to `amount` of the size."""
    w, h = im.size
    d = lambda n: float(rng.uniform(-amount, amount) * n)
    quad = (d(w), d(h), d(w), h + d(h), w + d(w), h + d(h), w + d(w), d(h))
    return im.transform((w, h), Image.QUAD, quad, Image.BICUBIC, fillcolor=fill)


def sample_bilinear(a, xs, ys, fill=0.0):
    h, w = a.shape[:2]
    x0 = np.floor(xs).astype(int)
    y0 = np.floor(ys).astype(int)
    fx = (xs - x0)[..., None]
    fy = (ys - y0)[..., None]
    valid = ((xs >= 0) & (xs <= w - 1) & (ys >= 0) & (ys <= h - 1))[..., None]
    x0c, y0c = np.clip(x0, 0, w - 1), np.clip(y0, 0, h - 1)
    x1c, y1c = np.clip(x0 + 1, 0, w - 1), np.clip(y0 + 1, 0, h - 1)
    out = (a[y0c, x0c] * (1 - fx) * (1 - fy) + a[y0c, x1c] * fx * (1 - fy)
           + a[y1c, x0c] * (1 - fx) * fy + a[y1c, x1c] * fx * fy)
    return np.where(valid, out, fill)


def draw_hand(rng, size, tone, reach, spread=1.0):
    """a hand seen from the back, fingers pointing up; returns an RGBA layer of `size`, fingertips at y=reach."""
    w, h = size
    lay = Image.new('RGBA', size, (0, 0, 0, 0))
    mask = Image.new('L', size, 0)
    dm = ImageDraw.Draw(mask)
    cx = w // 2
    palm_top = reach + int(rng.uniform(48, 62))
    dm.ellipse((cx - 46, palm_top - 10, cx + 46, palm_top + 110), fill=255)
    fw = int(rng.uniform(16, 20))
    tips = []
    for i, dx in enumerate((-33, -11, 11, 33)):
        length = [46, 58, 60, 50][i] * rng.uniform(0.9, 1.08)
        x = cx + dx * spread
        top = palm_top + 14 - length
        dm.rounded_rectangle((x - fw / 2, top, x + fw / 2, palm_top + 30), radius=fw // 2, fill=255)
        tips.append((x, top))
    # thumb from the side
    tx = cx + (52 if rng.random() < 0.5 else -52)
    thumb = Image.new('L', size, 0)
    ImageDraw.Draw(thumb).rounded_rectangle((tx - 11, palm_top - 2, tx + 11, palm_top + 62), radius=11, fill=255)
    thumb = thumb.rotate(float(np.sign(tx - cx) * -28), center=(tx, palm_top + 50), resample=Image.BICUBIC)
    mask = ImageChops.lighter(mask, thumb)
    m = np.asarray(mask, np.float32) / 255.0
    edge = np.asarray(mask.filter(ImageFilter.GaussianBlur(4)), np.float32) / 255.0
    shade = 0.72 + 0.28 * np.clip(edge * 1.3 - 0.25, 0, 1)
    yy = np.linspace(1.05, 0.9, h, dtype=np.float32)[:, None]
    col = np.asarray(tone, np.float32)[None, None, :] * (shade * yy)[..., None]
    # knuckle creases and nails
    rgb = to_img(col)
    d = ImageDraw.Draw(rgb)
    nail = tuple(min(255, int(v * 1.12 + 18)) for v in tone)
    crease = tuple(int(v * 0.8) for v in tone)
    for x, top in tips:
        d.ellipse((x - fw / 2 + 3, top + 2, x + fw / 2 - 3, top + 14), fill=nail)
        d.line((x - fw / 2 + 4, top + 26, x + fw / 2 - 4, top + 26), fill=crease, width=1)
    lay = rgb.convert('RGBA')
    lay.putalpha(mask.filter(ImageFilter.GaussianBlur(0.8)))
    return lay


def scene_mirror(src, rng, s, meta):
    wall = gradient(rng, jitter_col(rng, (222, 212, 196)), jitter_col(rng, (188, 178, 164)))
    wall *= 0.9 + 0.2 * lowfreq(rng, CH, CW, 5)
    canvas = to_img(wall)
    mx, my = int(rng.uniform(10, 26)), int(rng.uniform(12, 30))
    fw = int(rng.uniform(6, 12))
    frame = [(196, 160, 78), (34, 32, 30), (118, 80, 46), (236, 234, 228)][rng.integers(4)]
    d = ImageDraw.Draw(canvas)
    d.rectangle((mx, my, CW - mx, CH - my), fill=frame)
    x0, y0, x1, y1 = mx + fw, my + fw, CW - mx - fw, CH - my - fw
    mw, mh = x1 - x0, y1 - y0
    room = gradient(rng, jitter_col(rng, (150, 142, 134), 20), jitter_col(rng, (92, 86, 82), 16))[:mh, :mw].copy()
    rimg = to_img(room)
    rd = ImageDraw.Draw(rimg)
    dx = int(rng.uniform(0, mw * 0.6))
    rd.rectangle((dx, int(mh * 0.1), dx + int(mw * 0.35), mh), fill=jitter_col(rng, (120, 100, 80), 25))
    lx = int(rng.uniform(10, mw - 10))
    rd.ellipse((lx - 14, 8, lx + 14, 36), fill=(255, 246, 220))
    rimg = rimg.filter(ImageFilter.GaussianBlur(5))
    prod = ImageOps.mirror(cutout(src))
    prod = fit(prod, int(mw * rng.uniform(0.62, 0.86)), int(mh * (0.86 - 0.22 * s)))
    px = (mw - prod.size[0]) // 2 + int(rng.uniform(-12, 12))
    py = (mh - prod.size[1]) // 2 + int(rng.uniform(-16, 4))
    rimg = paste_shadow(rimg, prod, (px, py), rng, (4, 5), 4, 0.25)
    # the shopper's phone and hand in the reflection, at a lower corner, partly over the product
    ph_w, ph_h = int(rng.uniform(34, 44)), int(rng.uniform(62, 78))
    side = rng.random() < 0.5
    over = int(6 + 22 * s)
    phx = (px + prod.size[0] - over) if side else (px - ph_w + over)
    phx = int(np.clip(phx, -6, mw - ph_w + 6))
    phy = int(np.clip(mh - ph_h - rng.uniform(4, 40), 0, mh - ph_h))
    tone = SKIN[rng.integers(len(SKIN))]
    rd = ImageDraw.Draw(rimg)
    rd.ellipse((phx - 10, phy + ph_h * 0.45, phx + ph_w + 10, phy + ph_h + 40), fill=tone)
    rd.rounded_rectangle((phx, phy, phx + ph_w, phy + ph_h), radius=6, fill=(22, 22, 26))
    rd.ellipse((phx + ph_w * 0.25, phy + 6, phx + ph_w * 0.25 + 7, phy + 13), fill=(60, 60, 70))
    for k in range(3):
        fy = phy + ph_h * (0.35 + 0.16 * k)
        fx = phx - 6 if side else phx + ph_w - 6
        rd.rounded_rectangle((fx, fy, fx + 12, fy + 10), radius=5, fill=tone)
    ra = to_arr(rimg)
    tint = np.asarray(jitter_col(rng, (206, 222, 212), 6), np.float32)
    ra = ra * (1 - (0.06 + 0.1 * s)) + tint * (0.06 + 0.1 * s)
    sm = Image.new('L', (mw, mh), 0)
    sd = ImageDraw.Draw(sm)
    for _ in range(2 + int(7 * s)):
        cx, cy = rng.uniform(0, mw), rng.uniform(0, mh)
        rx, ry = rng.uniform(6, 22), rng.uniform(4, 14)
        sd.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=int(rng.uniform(30, 70 + 60 * s)))
    sm = np.asarray(sm.filter(ImageFilter.GaussianBlur(5)), np.float32)[..., None] / 255.0
    ra = ra * (1 - sm * 0.5) + 235 * sm * 0.5
    canvas.paste(to_img(ra), (x0, y0))
    meta['detail'] = 'frame %s' % ('gold black wood white'.split()[[(196, 160, 78), (34, 32, 30), (118, 80, 46), (236, 234, 228)].index(frame)])
    return perspective(canvas, rng, 0.02 + 0.05 * s, fill=tuple(int(v) for v in wall[0, 0]))


def scene_hand(src, rng, s, meta):
    base = gradient(rng, jitter_col(rng, (170, 160, 150), 40), jitter_col(rng, (110, 105, 100), 30))
    canvas = to_img(base)
    d = ImageDraw.Draw(canvas)
    for _ in range(int(rng.integers(4, 8))):
        x, y = rng.uniform(-40, CW), rng.uniform(-40, CH)
        d.rectangle((x, y, x + rng.uniform(40, 140), y + rng.uniform(40, 160)), fill=jitter_col(rng, (140, 130, 120), 70))
    canvas = canvas.filter(ImageFilter.GaussianBlur(9))
    prod = cutout(src)
    prod = fit(prod, int(CW * rng.uniform(0.72, 0.92)), int(CH * rng.uniform(0.66, 0.82)))
    ang = float(rng.uniform(4, 18) * (1 if rng.random() < 0.5 else -1))
    prod = prod.rotate(ang, expand=True, resample=Image.BICUBIC)
    px = (CW - prod.size[0]) // 2 + int(rng.uniform(-14, 14))
    py = int((CH - prod.size[1]) * rng.uniform(0.15, 0.45))
    canvas = paste_shadow(canvas, prod, (px, py), rng, (5, 7), 6, 0.3)
    tone = SKIN[rng.integers(len(SKIN))]
    from_side = rng.random() < 0.3
    overlap = int(14 + 34 * s)
    if not from_side:
        bottom = py + prod.size[1]
        reach = bottom - overlap
        lay = draw_hand(rng, (CW, CH + 200), tone, 0)
        hx = int(px + prod.size[0] * rng.uniform(0.3, 0.7) - CW / 2)
        canvas.paste(lay, (hx, reach), lay)
        meta['detail'] = 'hand from below, %d px over' % overlap
    else:
        lay = draw_hand(rng, (CH, CH), tone, 0)
        y = int(py + prod.size[1] * rng.uniform(0.2, 0.6) - CH / 2)
        if rng.random() < 0.5:   # from the left, fingers pointing right
            lay = lay.rotate(-90, resample=Image.BICUBIC)
            x = px + overlap - CH
        else:                    # from the right, fingers pointing left
            lay = lay.rotate(90, resample=Image.BICUBIC)
            x = px + prod.size[0] - overlap
        canvas.paste(lay, (int(x), y), lay)
        meta['detail'] = 'hand from the side, %d px over' % overlap
    if s > 0.45:
        canvas = canvas.filter(ImageFilter.BoxBlur(0.5 + 1.2 * s))
    a = to_arr(canvas) * np.asarray([1.05, 1.0, 0.9], np.float32)
    return to_img(a)


def scene_hanger(src, rng, s, meta, master):
    style = ['plaster', 'pegboard', 'wallpaper'][rng.integers(3)]
    base = np.asarray(jitter_col(rng, [(232, 226, 214), (205, 180, 140), (214, 222, 226)][rng.integers(3)], 12), np.float32)
    wall = base[None, None, :] * np.ones((CH, CW, 1), np.float32)
    if style == 'plaster':
        wall *= 0.88 + 0.16 * lowfreq(rng, CH, CW, 14) + 0.03 * rng.standard_normal((CH, CW, 1)).astype(np.float32)
    elif style == 'wallpaper':
        stripe = (np.arange(CW) // int(rng.uniform(10, 22))) % 2
        wall *= (0.92 + 0.08 * stripe)[None, :, None]
    canvas = to_img(wall)
    d = ImageDraw.Draw(canvas)
    if style == 'pegboard':
        step = int(rng.uniform(14, 20))
        for yy in range(step // 2, CH, step):
            for xx in range(step // 2, CW, step):
                d.ellipse((xx - 2, yy - 2, xx + 2, yy + 2), fill=(70, 58, 44))
    prod = cutout(src)
    cx = CW // 2 + int(rng.uniform(-16, 16))
    hcol = [(112, 74, 40), (25, 25, 25), (180, 180, 186)][rng.integers(3)]
    if master == 'Apparel':
        prod = fit(prod, int(CW * rng.uniform(0.68, 0.9)), int(CH * (0.78 - 0.12 * s)))
        bar_y = int(rng.uniform(48, 70))
        half = prod.size[0] * 0.42
        d.arc((cx - 9, bar_y - 52, cx + 9, bar_y - 34), 180, 420, fill=hcol, width=3)
        d.line((cx, bar_y - 35, cx, bar_y - 24), fill=hcol, width=3)
        d.line((cx, bar_y - 24, cx - half, bar_y), fill=hcol, width=4)
        d.line((cx, bar_y - 24, cx + half, bar_y), fill=hcol, width=4)
        xy = (cx - prod.size[0] // 2, bar_y - 6)
        meta['detail'] = '%s wall, hanger' % style
    elif master in ('Footwear', 'Personal Care'):
        prod = fit(prod, int(CW * rng.uniform(0.62, 0.86)), int(CH * (0.56 - 0.12 * s)))
        shelf_y = int(CH * rng.uniform(0.62, 0.76))
        xy = (cx - prod.size[0] // 2, shelf_y - prod.size[1] + 4)
        d.rectangle((0, shelf_y, CW, shelf_y + 10), fill=jitter_col(rng, (180, 150, 110), 20))
        d.rectangle((0, shelf_y + 10, CW, shelf_y + 18), fill=jitter_col(rng, (120, 95, 70), 12))
        meta['detail'] = '%s wall, shelf' % style
    else:
        prod = fit(prod, int(CW * rng.uniform(0.6, 0.86)), int(CH * (0.7 - 0.12 * s)))
        peg_y = int(rng.uniform(26, 42))
        top = peg_y + int(rng.uniform(30, 56))
        xy = (cx - prod.size[0] // 2, top)
        for sx in (xy[0] + prod.size[0] * 0.25, xy[0] + prod.size[0] * 0.75):
            d.line((cx, peg_y, sx, top + 6), fill=(60, 50, 40), width=2)
        d.ellipse((cx - 6, peg_y - 6, cx + 6, peg_y + 6), fill=hcol)
        meta['detail'] = '%s wall, peg' % style
    canvas = paste_shadow(canvas, prod, xy, rng, (int(6 + 8 * s), int(8 + 8 * s)), 6, 0.28 + 0.2 * s)
    light = gradient(rng, (1.05, 1.05, 1.05), (0.8 - 0.1 * s, 0.8 - 0.1 * s, 0.82 - 0.1 * s), vertical=rng.random() < 0.6)
    out = to_img(to_arr(canvas) * light)
    return out.rotate(float(rng.uniform(-3, 3)), resample=Image.BICUBIC, fillcolor=tuple(int(v) for v in base))


def scene_sticker(src, rng, s, meta):
    base = gradient(rng, jitter_col(rng, (238, 238, 236), 8), jitter_col(rng, (196, 198, 200), 10))
    canvas = to_img(base)
    prod = cutout(src)
    prod = fit(prod, int(CW * rng.uniform(0.74, 0.92)), int(CH * rng.uniform(0.68, 0.8)))
    px = (CW - prod.size[0]) // 2
    py = int((CH - prod.size[1]) * rng.uniform(0.2, 0.4))
    refl = ImageOps.flip(prod)
    ra = refl.getchannel('A')
    fade = Image.fromarray((np.linspace(1, 0, refl.size[1])[:, None] * np.ones((1, refl.size[0])) * 255 * rng.uniform(0.12, 0.22)).astype(np.uint8), 'L')
    refl.putalpha(ImageChops.multiply(ra, fade))
    canvas.paste(refl, (px, py + prod.size[1]), refl)
    canvas.paste(prod, (px, py), prod)
    bx0, by0, bx1, by1 = px, py, px + prod.size[0], py + prod.size[1]
    kinds = []
    for k in range(1 + int(s > 0.55) + int(s > 0.85)):
        kind = ['price', 'round', 'label'][rng.integers(3)]
        kinds.append(kind)
        scale = 0.7 + 0.9 * s
        if kind == 'price':
            w, h = int(rng.uniform(48, 76) * scale), int(rng.uniform(26, 38) * scale)
            tag = Image.new('RGBA', (w + 4, h + 4), (0, 0, 0, 0))
            td = ImageDraw.Draw(tag)
            td.rounded_rectangle((0, 0, w, h), radius=4, fill=jitter_col(rng, (246, 238, 214), 8) + (255,))
            x = 6
            while x < w * 0.62:
                bw = int(rng.integers(1, 4))
                td.rectangle((x, h * 0.45, x + bw - 1, h - 5), fill=(20, 20, 20, 255))
                x += bw + int(rng.integers(1, 3))
            td.rectangle((6, 5, w * 0.55, 9), fill=(90, 90, 90, 255))
            td.rectangle((w * 0.66, h * 0.3, w - 6, h * 0.62), fill=(200, 30, 30, 255))
            td.ellipse((w - 10, 3, w - 4, 9), fill=(0, 0, 0, 0))
        elif kind == 'round':
            r = int(rng.uniform(15, 26) * scale)
            tag = Image.new('RGBA', (2 * r + 2, 2 * r + 2), (0, 0, 0, 0))
            td = ImageDraw.Draw(tag)
            col = [(230, 40, 40), (250, 210, 30), (250, 130, 20), (120, 230, 60)][rng.integers(4)]
            td.ellipse((0, 0, 2 * r, 2 * r), fill=col + (255,))
            td.ellipse((3, 3, 2 * r - 3, 2 * r - 3), outline=(255, 255, 255, 255), width=1)
            td.rectangle((r * 0.45, r * 0.7, r * 1.55, r * 0.95), fill=(255, 255, 255, 255))
            td.rectangle((r * 0.6, r * 1.1, r * 1.4, r * 1.3), fill=(255, 255, 255, 255))
        else:
            w, h = int(rng.uniform(40, 64) * scale), int(rng.uniform(18, 26) * scale)
            tag = Image.new('RGBA', (w, h), (0, 0, 0, 0))
            td = ImageDraw.Draw(tag)
            col = [(250, 235, 40), (255, 255, 255), (40, 160, 230)][rng.integers(3)]
            td.rectangle((0, 0, w - 1, h - 1), fill=col + (255,))
            td.rectangle((5, h * 0.3, w - 6, h * 0.7), fill=(30, 30, 30, 255) if col != (40, 160, 230) else (255, 255, 255, 255))
        tag = tag.rotate(float(rng.uniform(-30, 30)), expand=True, resample=Image.BICUBIC)
        tx = int(rng.uniform(bx0, max(bx0 + 1, bx1 - tag.size[0] * 0.6)))
        ty = int(rng.uniform(by0, max(by0 + 1, by1 - tag.size[1] * 0.6)))
        canvas = paste_shadow(canvas, tag, (tx, ty), rng, (2, 3), 2, 0.35)
    meta['detail'] = '+'.join(kinds)
    return canvas


def halftone(a, rng, cell):
    """print an RGB array as C/M/Y dot screens at three angles, slightly misregistered."""
    h, w = a.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    out = np.ones_like(a) * 255.0
    inks = 1.0 - a / 255.0
    for c, ang in enumerate((15.0, 75.0, 0.0)):
        t = math.radians(ang)
        u = (xx * math.cos(t) + yy * math.sin(t)) * 2 * math.pi / cell
        v = (-xx * math.sin(t) + yy * math.cos(t)) * 2 * math.pi / cell
        screen = (np.cos(u) + np.cos(v)) / 4 + 0.5
        ink = np.clip((inks[..., c] - (1 - screen)) * 4 + 0.5, 0, 1)
        sx, sy = int(rng.integers(-1, 2)), int(rng.integers(-1, 2))
        ink = np.roll(np.roll(ink, sy, 0), sx, 1)
        out[..., c] = 255 * (1 - 0.92 * ink)
    return out


def scene_catalogue(src, rng, s, meta):
    paper = np.asarray(jitter_col(rng, (244, 239, 226), 6), np.float32)
    page = paper[None, None, :] * (0.97 + 0.03 * lowfreq(rng, CH, CW, 20)) + rng.normal(0, 3, (CH, CW, 1)).astype(np.float32)
    pw = int(CW * rng.uniform(0.7, 0.84))
    ph = int(pw * 4 / 3)
    pic = src.resize((pw, ph), Image.BICUBIC)
    cell = 4 + 5 * s
    ht = halftone(to_arr(pic), rng, cell)
    ht = ht * (paper / 255.0)[None, None, :]
    px = int(rng.uniform(8, CW - pw - 8))
    py = int(rng.uniform(10, 26))
    page[py:py + ph, px:px + pw] = ht
    img = to_img(page)
    d = ImageDraw.Draw(img)
    ty = py + ph + 8
    d.rectangle((px, ty, px + pw * rng.uniform(0.5, 0.9), ty + 7), fill=(40, 36, 34))
    for k in range(4):
        yk = ty + 14 + 8 * k
        if yk < CH - 6:
            d.rectangle((px, yk, px + pw * rng.uniform(0.6, 1.0), yk + 3), fill=(140, 136, 130))
    d.rectangle((px + pw - 40, ty, px + pw, ty + 10), fill=(190, 40, 40))
    a = to_arr(img)
    # crease(s): shadow on one side, a highlight on the other, the paper pushed along the fold
    yy, xx = np.mgrid[0:CH, 0:CW].astype(np.float32)
    for k in range(1 + int(s > 0.6)):
        phi = rng.uniform(0, math.pi)
        nx, ny = math.cos(phi), math.sin(phi)
        cx, cy = rng.uniform(CW * 0.25, CW * 0.75), rng.uniform(CH * 0.25, CH * 0.75)
        dist = (xx - cx) * nx + (yy - cy) * ny
        sig = rng.uniform(5, 11)
        push = (1 + 3 * s) * np.exp(-np.abs(dist) / (sig * 2)) * np.sign(dist)
        a = sample_bilinear(a, xx - push * nx, yy - push * ny, fill=paper)
        shade = 1 - (0.12 + 0.3 * s) * np.exp(-np.maximum(-dist, 0) / sig) * (dist < 0)
        light = 1 + (0.06 + 0.1 * s) * np.exp(-np.maximum(dist, 0) / sig) * (dist >= 0)
        a = a * (shade * light)[..., None]
        a = np.where((np.abs(dist) < 1.0)[..., None], np.minimum(a + 30, 255), a)
    img = to_img(a)
    table = to_img(gradient(rng, jitter_col(rng, (110, 82, 60), 20), jitter_col(rng, (70, 52, 40), 14)))
    k = rng.uniform(0.86, 0.98) if s > 0.4 else 1.0
    if k < 1.0:
        small = img.resize((int(CW * k), int(CH * k)), Image.BICUBIC)
        table.paste(small, ((CW - small.size[0]) // 2, (CH - small.size[1]) // 2))
        img = table
    meta['detail'] = 'halftone cell %.1f, %d crease(s)' % (cell, 1 + int(s > 0.6))
    return perspective(img, rng, 0.02 + 0.05 * s, fill=(70, 52, 40))


def scene_tv(src, rng, s, meta):
    c1 = jitter_col(rng, [(250, 200, 60), (60, 150, 240), (240, 90, 140), (90, 210, 170)][rng.integers(4)], 20)
    c2 = jitter_col(rng, (250, 250, 250), 10)
    screen = to_img(gradient(rng, c1, c2, vertical=rng.random() < 0.5))
    prod = cutout(src)
    prod = fit(prod, int(CW * rng.uniform(0.62, 0.82)), int(CH * rng.uniform(0.6, 0.74)))
    px = int((CW - prod.size[0]) * rng.uniform(0.15, 0.85))
    py = int((CH - prod.size[1]) * rng.uniform(0.25, 0.55))
    screen.paste(prod, (px, py), prod)
    d = ImageDraw.Draw(screen, 'RGBA')
    lx = 10 if rng.random() < 0.5 else CW - 44
    d.rounded_rectangle((lx, 10, lx + 34, 26), radius=4, fill=(255, 255, 255, 150))
    d.ellipse((lx + 4, 13, lx + 14, 23), fill=(220, 30, 30, 220))
    band = jitter_col(rng, [(200, 20, 30), (20, 50, 160), (20, 20, 20)][rng.integers(3)], 10)
    bh = int(rng.uniform(22, 32))
    d.rectangle((0, CH - bh - 8, CW, CH - 8), fill=band + (235,))
    x = 6
    while x < CW - 20:
        wlen = int(rng.uniform(14, 40))
        d.rectangle((x, CH - bh - 8 + bh * 0.35, x + wlen, CH - 8 - bh * 0.35), fill=(255, 255, 255, 230))
        x += wlen + 8
    a = to_arr(screen)
    shift = int(1 + 3 * s)
    a[..., 0] = np.roll(a[..., 0], shift, 1)
    a[..., 2] = np.roll(a[..., 2], -shift, 1)
    bright = np.clip(a.mean(2, keepdims=True) - 170, 0, 255) * np.ones((1, 1, 3), np.float32)
    bloom = to_arr(to_img(bright).filter(ImageFilter.GaussianBlur(7)))
    a = a + bloom * (0.4 + 0.5 * s)
    period = int(rng.uniform(7, 11))
    dark = 0.1 + 0.32 * s
    rows = (np.arange(CH) % period) < max(2, period // 3)
    a = a * np.where(rows, 1 - dark, 1.0)[:, None, None]
    ry = rng.uniform(0, CH)
    roll = 1 + (0.06 + 0.12 * s) * np.exp(-((np.arange(CH) - ry) / 18.0) ** 2)
    a = a * roll[:, None, None]
    a = a * 0.86 + 24
    scr = to_img(a).filter(ImageFilter.GaussianBlur(0.6))
    k = rng.uniform(0.86, 0.95)
    room = to_img(gradient(rng, jitter_col(rng, (30, 28, 34), 8), jitter_col(rng, (14, 14, 18), 6)))
    sw, sh = int(CW * k), int(CH * k)
    scr = scr.resize((sw, sh), Image.BICUBIC)
    ox = int(rng.uniform(0, CW - sw))
    oy = int(rng.uniform(0, CH - sh))
    rd = ImageDraw.Draw(room)
    rd.rectangle((ox - 9, oy - 9, ox + sw + 9, oy + sh + 9), fill=(12, 12, 14))
    rd.rectangle((ox - 9, oy + sh + 7, ox + sw + 9, oy + sh + 9), fill=(70, 70, 76))
    room.paste(scr, (ox, oy))
    meta['detail'] = 'scan period %d, rgb shift %d' % (period, shift)
    return perspective(room, rng, 0.02 + 0.05 * s, fill=(14, 14, 18))


def scene_fog(src, rng, s, meta):
    bg = gradient(rng, jitter_col(rng, (150, 160, 150), 30), jitter_col(rng, (90, 96, 92), 20))
    canvas = to_img(bg)
    prod = cutout(src)
    prod = fit(prod, int(CW * rng.uniform(0.72, 0.94)), int(CH * rng.uniform(0.72, 0.9)))
    xy = ((CW - prod.size[0]) // 2 + int(rng.uniform(-10, 10)), (CH - prod.size[1]) // 2 + int(rng.uniform(-12, 12)))
    canvas = paste_shadow(canvas, prod, xy, rng, (5, 6), 6, 0.25)
    a = to_arr(canvas.filter(ImageFilter.GaussianBlur(0.6 + 1.6 * s)))
    yy, xx = np.mgrid[0:CH, 0:CW].astype(np.float32)
    rad = np.sqrt(((xx - CW / 2) / (CW / 2)) ** 2 + ((yy - CH / 2) / (CH / 2)) ** 2) / 1.414
    h = (0.12 + 0.22 * s) + (0.08 + 0.14 * s) * rad + 0.08 * (lowfreq(rng, CH, CW, 4)[..., 0] - 0.5)
    haze = np.asarray(jitter_col(rng, (214, 220, 226), 8), np.float32)
    a = a * (1 - h[..., None]) + haze * h[..., None]
    m = a.mean()
    a = m + (a - m) * (0.9 - 0.15 * s)
    img = to_img(a)
    n_drops = int(14 * s)
    if n_drops:
        blurred = img.filter(ImageFilter.GaussianBlur(3))
        mask = Image.new('L', (CW, CH), 0)
        md = ImageDraw.Draw(mask)
        rims = []
        for _ in range(n_drops):
            cx, cy, r = rng.uniform(0, CW), rng.uniform(0, CH), rng.uniform(3, 10)
            md.ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
            rims.append((cx, cy, r))
        img = Image.composite(blurred, img, mask)
        d = ImageDraw.Draw(img)
        for cx, cy, r in rims:
            d.arc((cx - r, cy - r, cx + r, cy + r), 200, 320, fill=(246, 248, 250), width=1)
    meta['detail'] = 'haze %.2f, %d drops' % (0.12 + 0.22 * s, n_drops)
    return img


def scene_fisheye(src, rng, s, meta):
    style = ['tiles', 'boards', 'carpet'][rng.integers(3)]
    if style == 'tiles':
        t = int(rng.uniform(34, 52))
        c1, c2 = np.asarray(jitter_col(rng, (220, 214, 200), 10), np.float32), np.asarray(jitter_col(rng, (160, 150, 140), 20), np.float32)
        yy, xx = np.mgrid[0:CH, 0:CW]
        chk = (((xx // t) + (yy // t)) % 2)[..., None]
        floor = np.where(chk == 1, c1, c2).astype(np.float32)
        floor = np.where((((xx % t) < 2) | ((yy % t) < 2))[..., None], floor * 0.7, floor)
    elif style == 'boards':
        bh = int(rng.uniform(20, 30))
        base = np.asarray(jitter_col(rng, (170, 120, 80), 20), np.float32)
        rowv = 0.85 + 0.3 * rng.random(CH // bh + 2).astype(np.float32)
        floor = base[None, None, :] * rowv[np.arange(CH) // bh][:, None, None] * np.ones((1, CW, 1), np.float32)
        floor = floor * (0.92 + 0.1 * lowfreq(rng, CH, CW, 30))
        floor[(np.arange(CH) % bh) < 2] *= 0.6
    else:
        base = np.asarray(jitter_col(rng, (120, 110, 140), 40), np.float32)
        floor = base[None, None, :] * (0.8 + 0.2 * rng.random((CH, CW, 1)).astype(np.float32)) * (0.9 + 0.2 * lowfreq(rng, CH, CW, 6))
    canvas = to_img(floor)
    prod = cutout(src)
    prod = fit(prod, int(CW * rng.uniform(0.62, 0.8)), int(CH * rng.uniform(0.55, 0.7)))
    prod = prod.rotate(float(rng.uniform(-10, 10)), expand=True, resample=Image.BICUBIC)
    xy = ((CW - prod.size[0]) // 2 + int(rng.uniform(-10, 10)), int((CH - prod.size[1]) * rng.uniform(0.3, 0.5)))
    canvas = paste_shadow(canvas, prod, xy, rng, (3, 5), 4, 0.4)
    d = ImageDraw.Draw(canvas)
    shoe = jitter_col(rng, [(30, 30, 34), (200, 200, 205), (90, 60, 40), (40, 60, 120)][rng.integers(4)], 10)
    for fx in (CW * rng.uniform(0.12, 0.3), CW * rng.uniform(0.7, 0.88)):
        d.ellipse((fx - 30, CH - 34, fx + 30, CH + 70), fill=shoe)
        d.ellipse((fx - 22, CH - 28, fx + 10, CH - 16), fill=tuple(min(255, v + 40) for v in shoe))
    a = to_arr(canvas)
    yy, xx = np.mgrid[0:CH, 0:CW].astype(np.float32)
    ux, uy = (xx - CW / 2) / (CH / 2), (yy - CH / 2) / (CH / 2)
    r2 = ux * ux + uy * uy
    k = 0.18 + 0.5 * s
    z = 0.78 + 0.12 * (1 - s)
    f = z * (1 + k * r2)
    a = sample_bilinear(a, ux * f * (CH / 2) + CW / 2, uy * f * (CH / 2) + CH / 2, fill=0.0)
    r = np.sqrt(r2)
    vig = np.clip(1.0 - (r - (1.05 - 0.25 * s)) * 3.0, 0, 1) ** 1.5
    a = a * vig[..., None] * 1.0
    meta['detail'] = '%s floor, k %.2f' % (style, k)
    return to_img(a)


def scene_overexposed(src, rng, s, meta):
    base = gradient(rng, jitter_col(rng, (214, 190, 156), 12), jitter_col(rng, (170, 140, 104), 14), vertical=rng.random() < 0.5)
    canvas = to_img(base)
    prod = cutout(src)
    prod = fit(prod, int(CW * rng.uniform(0.72, 0.92)), int(CH * rng.uniform(0.7, 0.86)))
    xy = ((CW - prod.size[0]) // 2 + int(rng.uniform(-10, 10)), (CH - prod.size[1]) // 2 + int(rng.uniform(-10, 10)))
    canvas = paste_shadow(canvas, prod, xy, rng, (8, 10), 5, 0.35)
    a = to_arr(canvas) / 255.0
    gain = 1.2 + 0.45 * s
    a = np.clip(a ** (0.92 - 0.2 * s) * gain, 0, 1.4)
    lum = a.mean(2, keepdims=True)
    a = a + (np.clip(lum - 0.8, 0, 1) * 1.2) * (1.0 - a)
    a = np.clip(a, 0, 1)
    bright = to_img(np.clip((a - 0.85) * 6, 0, 1) * 255)
    bloom = to_arr(bright.filter(ImageFilter.GaussianBlur(8))) / 255.0
    a = np.clip(a + bloom * (0.2 + 0.25 * s), 0, 1)
    img = to_img(a * 255)
    lay = Image.new('RGBA', (CW, CH), (0, 0, 0, 0))
    d = ImageDraw.Draw(lay)
    sx, sy = [(0, 0), (CW, 0), (0, CH * 0.3), (CW, CH * 0.3)][rng.integers(4)]
    for k in range(3 + int(3 * s)):
        t = rng.uniform(0.3, 1.5)
        cx, cy = sx + (CW / 2 - sx) * t, sy + (CH / 2 - sy) * t
        r = rng.uniform(6, 26)
        col = jitter_col(rng, (255, 230, 180), 30)
        pts = [(cx + r * math.cos(j * math.pi / 3), cy + r * math.sin(j * math.pi / 3)) for j in range(6)]
        d.polygon(pts, fill=col + (int(rng.uniform(20, 40 + 40 * s)),))
    lay = lay.filter(ImageFilter.GaussianBlur(2))
    img = Image.alpha_composite(img.convert('RGBA'), lay).convert('RGB')
    yy, xx = np.mgrid[0:CH, 0:CW].astype(np.float32)
    glow = np.exp(-(((xx - sx) ** 2 + (yy - sy) ** 2) / (2 * (50 + 30 * s) ** 2)))[..., None]
    a = to_arr(img)
    img = to_img(a + (255 - a) * glow * 0.9)
    meta['detail'] = 'gain %.2f' % gain
    return img


def render_photo(pid, master, recipe, s, seed):
    rng = np.random.default_rng(seed)
    src = load_big(pid)
    meta = {}
    if recipe == 'mirror':
        img = scene_mirror(src, rng, s, meta)
    elif recipe == 'hand':
        img = scene_hand(src, rng, s, meta)
    elif recipe == 'hanger':
        img = scene_hanger(src, rng, s, meta, master)
    elif recipe == 'sticker':
        img = scene_sticker(src, rng, s, meta)
    elif recipe == 'catalogue':
        img = scene_catalogue(src, rng, s, meta)
    elif recipe == 'tv':
        img = scene_tv(src, rng, s, meta)
    elif recipe == 'fog':
        img = scene_fog(src, rng, s, meta)
    elif recipe == 'fisheye':
        img = scene_fisheye(src, rng, s, meta)
    else:
        img = scene_overexposed(src, rng, s, meta)
    # finishing: white balance and exposure jitter, the shrink, sensor noise, JPEG
    a = to_arr(img) * rng.uniform(0.93, 1.07, 3).astype(np.float32)[None, None, :] * rng.uniform(0.94, 1.06)
    img = to_img(a).resize((60, 80), Image.LANCZOS)
    a = to_arr(img) + rng.normal(0, 1.0 + 3.5 * s, (80, 60, 3)).astype(np.float32)
    img = to_img(a)
    q = int(np.clip(88 - 44 * s + rng.uniform(-5, 5), 35, 92))
    meta['quality'] = q
    return img, q, meta


# ----------------------------------------------------------------------------------------------------------
# dialogues
# ----------------------------------------------------------------------------------------------------------
BANNED_RE = [re.compile(r'(?<![\w])' + re.escape(b) + r'(?![\w])') for b in BANNED]


def banned_hits(text, protect):
    t = text
    for q in sorted(protect, key=len, reverse=True):
        t = re.sub(re.escape(q), ' ', t, flags=re.I)
    t = t.lower()
    return [b for b, rx in zip(BANNED, BANNED_RE) if rx.search(t)]


def display_parts(cat, plan, rng, allow_misspell):
    r, opt = plan['row'], plan['opt']
    parts = dict(opt['parts'])
    quotes = list(opt['quotes'])
    if 'B' in parts:
        bn = r['brand_norm']
        aliases = BRAND_ALIASES.get(bn, [])
        if aliases and rng.random() < 0.75:
            alias = aliases[rng.randrange(len(aliases))]
            q2 = [norm(alias)] + quotes[1:]
            if cat.relevant(r['articleType'], r['baseColour'], r['gender'], q2) == plan['rel']:
                parts['B'] = alias
        elif rng.random() < 0.3:
            parts['B'] = parts['B'].lower()
        elif parts['B'].isupper() and len(parts['B']) > 4 and rng.random() < 0.7:
            parts['B'] = parts['B'].title()
    if 'w' in parts and rng.random() < 0.45:
        parts['w'] = parts['w'].lower()
    misspelt = None
    if allow_misspell and rng.random() < 0.15:
        keys = [k for k in ('B', 'w') if k in parts and any(len(x) >= 5 and x.isalpha() for x in parts[k].split())]
        if 'B' in parts and norm(parts['B']) in BRAND_MISSPELL and rng.random() < 0.6:
            old = parts['B']
            parts['B'] = BRAND_MISSPELL[norm(old)]
            misspelt = (old, parts['B'])
        elif keys:
            k = keys[rng.randrange(len(keys))]
            toks = parts[k].split()
            j = max(range(len(toks)), key=lambda i: (len(toks[i]) if toks[i].isalpha() else 0, -i))
            new = misspell_word(toks[j], rng)
            if new != toks[j]:
                old = parts[k]
                toks[j] = new
                parts[k] = ' '.join(toks)
                misspelt = (old, parts[k])
    return parts, misspelt


def build_dialogue(idx, plan, W, rng, cat):
    r = plan['row']
    g, atype, kind, sub = r['gender'], r['articleType'], plan['kind'], plan['sub']
    c = W.colour_word(r['baseColour'])
    person = W.person(g)
    info = {'shape': None, 'misspelt': None, 'typos': 0, 'texting': False}
    protect = []
    turns = []
    image = None
    if kind == 'image':
        turns.append(W.deal('image', IMAGE_LINES))
        image = '%s/%03d.jpg' % (OUT_IMG_REL, idx)
    else:
        parts, info['misspelt'] = display_parts(cat, plan, rng, allow_misspell=True)
        protect += [v for v in parts.values()]
        mode = plan['opt']['mode']
        if kind == 'progressive':
            t1, info['shape'] = W.first_turn(atype, person)
            turns += [t1, W.colour_turn(c, person, info['shape'] != 'adj'), W.name_turn(parts, mode)]
        elif kind == 'correction' and sub == 'colour':
            old = W.colour_word(plan['wrong_colour'])
            t1, info['shape'] = W.first_turn(atype, person, colour=old)
            turns += [t1, W.corr_colour(old, c, person, info['shape'] != 'adj'), W.name_turn(parts, mode)]
            info['old'] = old
        elif kind == 'correction' and sub == 'person':
            oldp = W.person(plan['wrong_gender'], story_only=True)
            t1, info['shape'] = W.first_turn(atype, oldp, colour=c, name_person=True)
            turns += [t1, W.corr_person(oldp, person), W.name_turn(parts, mode)]
        elif kind == 'correction' and sub == 'brand':
            wb = plan['wrong_brand']
            wb = wb.lower() if rng.random() < 0.3 else (wb.title() if wb.isupper() and len(wb) > 4 else wb)
            protect.append(wb)
            t1, info['shape'] = W.first_turn(atype, person, colour=c, wrong_brand=wb)
            turns += [t1, W.corr_brand(parts['B'], wb), W.name_turn({'w': parts['w']}, 'word')]
        else:  # composed
            turns += [W.composed_turn(c, person if rng.random() < 0.33 else None), W.name_turn(parts, mode)]
            image = '%s/%03d.jpg' % (OUT_IMG_REL, idx)
    # typing: slips, texting style, capitalisation
    if rng.random() < 0.24:
        n = rng.choice([1, 1, 1, 2, 2, 3])
        per = Counter(rng.randrange(len(turns)) for _ in range(n))
        for k in sorted(per):
            turns[k], done = add_typos(turns[k], per[k], rng, protect)
            info['typos'] += done
    if rng.random() < 0.18:
        info['texting'] = True
        turns = [texting(t, rng, protect) for t in turns]
    else:
        out = []
        for t in turns:
            if t.startswith(('I ', "I'")) or rng.random() < 0.55:
                out.append(cap(t))
            else:
                out.append(t[:1].lower() + t[1:] if not any(t.startswith(q) for q in protect) else t)
        turns = out
    d = {'id': 'P4-%03d' % idx, 'kind': kind,
         'turns': [{'text': t, 'image': image if i == 0 else None} for i, t in enumerate(turns)],
         'target': r['id'], 'relevant': list(plan['rel']),
         'constraints': {'articleType': atype, 'baseColour': r['baseColour'], 'gender': g}}
    return d, info, protect


def main():
    rng = random.Random(SEED)
    cat = Catalog()
    plans = allocate(cat, rng)
    W = Writer(random.Random(SEED + 1))
    trng = random.Random(SEED + 2)
    dialogues, infos = [], []
    for idx, plan in enumerate(plans):
        for attempt in range(12):
            d, info, protect = build_dialogue(idx, plan, W, trng, cat)
            hits = [h for t in d['turns'] for h in banned_hits(t['text'], protect)]
            if not hits:
                break
        else:
            raise SystemExit('banned phrasing in %s: %r' % (d['id'], hits))
        info['protect'] = protect
        dialogues.append(d)
        infos.append(info)
    # photos
    os.makedirs(OUT_IMG, exist_ok=True)
    for f in sorted(os.listdir(OUT_IMG)):
        if f.endswith('.jpg'):
            os.remove(os.path.join(OUT_IMG, f))
    prng = random.Random(SEED + 3)
    photo_idx = [i for i, d in enumerate(dialogues) if d['turns'][0]['image']]
    recipes = []
    while len(recipes) < len(photo_idx):
        deck = list(RECIPES)
        prng.shuffle(deck)
        recipes += deck
    bands = []
    while len(bands) < len(photo_idx):
        deck = ['mild', 'medium', 'strong']
        prng.shuffle(deck)
        bands += deck
    photo_log = {}
    for n, i in enumerate(photo_idx):
        plan = plans[i]
        src = plan['ref'] if plan['kind'] == 'composed' else plan['row']
        lo, hi = {'mild': (0.12, 0.4), 'medium': (0.4, 0.7), 'strong': (0.7, 1.0)}[bands[n]]
        s = prng.uniform(lo, hi)
        img, q, meta = render_photo(src['id'], src['masterCategory'], recipes[n], s, SEED * 1000 + i)
        img.save(os.path.join(HERE, dialogues[i]['turns'][0]['image']), 'JPEG', quality=q)
        photo_log[i] = (recipes[n], bands[n], round(s, 2), q, meta.get('detail', ''), src['id'])
    with open(OUT_JSONL, 'w', encoding='utf-8') as f:
        for d in dialogues:
            f.write(json.dumps(d, ensure_ascii=False) + '\n')
    check(cat, plans, dialogues, infos)
    summary(cat, plans, dialogues, infos, photo_log)


def check(cat, plans, dialogues, infos):
    assert len(dialogues) == N_TOTAL
    assert Counter(d['kind'] for d in dialogues) == Counter(KIND_COUNTS)
    nturns = {'progressive': 3, 'correction': 3, 'composed': 2, 'image': 1}
    targets = [d['target'] for d in dialogues]
    assert len(set(targets)) == N_TOTAL
    refs = {p['ref']['id'] for p in plans if 'ref' in p}
    assert not refs & set(targets)
    assert len({d['constraints']['articleType'] for d in dialogues}) >= 50
    for d, p, info in zip(dialogues, plans, infos):
        r = cat.by_id[d['target']]
        assert len(d['turns']) == nturns[d['kind']]
        assert d['constraints'] == {'articleType': r['articleType'], 'baseColour': r['baseColour'], 'gender': r['gender']}
        assert r['baseColour'] != 'NA'
        assert d['target'] in d['relevant'] and 1 <= len(d['relevant']) <= MAX_REL
        if d['kind'] == 'image':
            assert d['relevant'] == image_relevant(cat, r)
        else:
            assert d['relevant'] == cat.relevant(r['articleType'], r['baseColour'], r['gender'], p['opt']['quotes'])
            for q in p['opt']['quotes']:
                assert quote_in(q, r['toks'])
        for i, t in enumerate(d['turns']):
            assert not banned_hits(t['text'], info['protect']), (d['id'], t['text'])
            if t['image']:
                assert i == 0 and d['kind'] in ('image', 'composed')
                im = Image.open(os.path.join(HERE, t['image']))
                assert im.size == (60, 80) and im.format == 'JPEG'
            else:
                assert d['kind'] not in ('image', 'composed') or i > 0
        if d['kind'] == 'composed':
            ref = p['ref']
            assert ref['articleType'] == r['articleType'] and ref['gender'] == r['gender']
            assert ref['baseColour'] != r['baseColour'] and ref['id'] not in d['relevant']


def summary(cat, plans, dialogues, infos, photo_log):
    C = Counter
    print('dialogues', len(dialogues), dict(C(d['kind'] for d in dialogues)))
    print('corrections', dict(C(p['sub'] for p in plans if p['kind'] == 'correction')))
    types = C(d['constraints']['articleType'] for d in dialogues)
    print('article types', len(types), types.most_common(6))
    print('gender', dict(C(d['constraints']['gender'] for d in dialogues)))
    print('colours', len(C(d['constraints']['baseColour'] for d in dialogues)))
    print('relevant sizes', dict(C(len(d['relevant']) for d in dialogues)))
    print('name modes', dict(C(p['opt']['mode'] for p in plans if 'opt' in p)))
    print('first-turn shapes', dict(C(i['shape'] for i in infos if i['shape'])))
    print('dialogues with typing slips', sum(1 for i in infos if i['typos']), 'slips', sum(i['typos'] for i in infos))
    print('misspelt name words', sum(1 for i in infos if i['misspelt']))
    print('texting style', sum(1 for i in infos if i['texting']))
    print('composed same model', sum(1 for p in plans if p.get('same_model')))
    print('photos', len(photo_log), dict(C(v[0] for v in photo_log.values())), dict(C(v[1] for v in photo_log.values())))
    print('jpeg quality', min(v[3] for v in photo_log.values()), max(v[3] for v in photo_log.values()))
    h = hashlib.md5(open(OUT_JSONL, 'rb').read())
    for f in sorted(os.listdir(OUT_IMG)):
        h.update(open(os.path.join(OUT_IMG, f), 'rb').read())
    print('md5 (jsonl + photos)', h.hexdigest())


if __name__ == '__main__':
    main()
