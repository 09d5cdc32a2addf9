"""Conversation state: slots, overrides, quotes, negations, prices, typos and casual words."""
import pytest

from retrieval.intent import photo_side, track
from retrieval.text import FuzzyVocabulary, LexicalIndex, edit_distance, normalise_token


def test_later_colour_overrides_earlier_one() -> None:
    state = track(["I need a shirt for men in yellow", "actually, white instead"])
    assert state.article_types == ("Shirts",)
    assert state.gender == "Men"
    assert state.colours == ("White",)


@pytest.mark.parametrize("text, article_type, gender", [
    ("trainers for my son", "Sports Shoes", "Boys"),
    ("grey joggers for my husband", "Track Pants", "Men"),
    ("shades for the wife", "Sunglasses", "Women"),
    ("a comfy hoodie for my daughter", "Sweatshirts", "Girls"),
    ("blak tshrt for men", "Tshirts", "Men"),
    ("sunglases for ladies", "Sunglasses", "Women"),
])
def test_casual_words_and_typos(text: str, article_type: str, gender: str) -> None:
    state = track([text])
    assert article_type in state.article_types
    assert state.gender == gender


def test_quoted_name_words_do_not_change_slots() -> None:
    state = track(["men's shirt in charcoal", "I remember Stripes Navy"])
    assert state.colours == ("Charcoal",)
    assert state.name_words == ["stripes", "navy"]


def test_negations_exclude_instead_of_asking() -> None:
    state = track(["a women's handbag, not leather", "no black please"])
    assert "leather" in state.excluded_words
    assert "Black" in state.excluded_colours
    assert state.colours == ()


def test_correcting_no_is_not_a_negation() -> None:
    state = track(["socks in white", "no, I want grey"])
    assert state.colours == ("Grey",)
    assert not state.excluded_colours


@pytest.mark.parametrize("text, low, high", [
    ("shoes under 2k", None, 2000.0), ("a watch between 500 and 1500", 500.0, 1500.0),
    ("wallet over $40", 40.0, None),
])
def test_price_ranges(text: str, low: float | None, high: float | None) -> None:
    state = track([text])
    assert (state.price_min, state.price_max) == (low, high)
    assert not any(word.isdigit() for word in state.free_words)


def test_unparsed_words_are_kept_for_matching() -> None:
    state = track(["something to keep my neck warm in winter"])
    assert {"neck", "warm", "winter"} <= set(state.free_words)


def test_fuzzy_vocabulary_and_distance() -> None:
    vocabulary = FuzzyVocabulary(["sunglasses", "red", "sandals"])
    assert vocabulary.correct("sunglases") == "sunglasses"
    assert vocabulary.correct("rod") is None  # short words must match exactly
    assert edit_distance("shrit", "shirt", 2) == 1
    assert normalise_token("u.s.") == "us"


def test_lexical_index_forgives_typos_and_covers_quotes() -> None:
    index = LexicalIndex({"1": "Locomotive Men Check Navy Blue Shirt", "2": "Puma Women Sasha White Casual Shoe"})
    assert index.search(["lokomotive"])[0][0] == "1"
    assert index.coverage(["sasha", "shoe"], "Puma Women Sasha White Casual Shoe") == pytest.approx(1.0)
    assert index.coverage(["sasha"], "Locomotive Men Check Navy Blue Shirt") == 0.0


def test_cheap_prefers_lower_prices() -> None:
    import numpy as np

    from retrieval.rerank import Candidate, TestTimeReranker

    state = track(["a cheap black wallet for men"])
    assert state.wants_cheap
    payload = {"article_type": "Wallets", "colour": "Black", "gender": "Men", "title": "Wallet"}
    candidates = [Candidate("dear", {**payload, "price": 90.0}, None, None),
                  Candidate("cheap", {**payload, "price": 10.0}, None, None)]
    ranked = TestTimeReranker().score(state, candidates, np.zeros(384, dtype=np.float32))
    assert [c.sku for c in ranked] == ["cheap", "dear"]


def test_real_words_are_not_taken_for_typos() -> None:
    state = track(["I'm starting yoga classes and need comfy bottoms"])
    assert "Sunglasses" not in state.article_types  # "classes" is a word, not a misspelt "glasses"
    assert track(["the Vine Call sandal, brown"]).colours == ("Brown",)  # "vine" is not "wine"
    assert track(["blak shrit for womens"]).colours == ("Black",)  # misspellings are still forgiven


def test_negated_lists_and_dislikes_exclude_every_colour() -> None:
    state = track(["a cap for my brother", "he hates red and black"])
    assert state.excluded_colours == {"Red", "Black"} and state.colours == ()
    assert track(["men's shirts", "don't like blue or green"]).excluded_colours == {"Blue", "Green"}


def test_negating_a_kind_of_the_wanted_type_narrows_it() -> None:
    state = track(["gold heels for a wedding", "not stilettos though"])
    assert state.article_types == ("Heels",)
    assert "stilettos" in state.excluded_words or "stiletto" in state.excluded_words
    assert track(["sneakers", "no sandals"]).excluded_types >= {"Sandals"}


def test_product_words_used_as_verbs_name_no_product() -> None:
    assert track(["I'm going to watch India play football, a jersey please"]).article_types != ("Watches",)
    assert "Watches" not in track(["we watch every match, need a jersey"]).article_types
    assert track(["a watch for my dad"]).article_types == ("Watches",)


def test_an_age_picks_the_childrens_or_the_adults_range() -> None:
    state = track(["my niece turns 8 and loves cartoons", "shoes she can wear every day"])
    assert state.gender == "Girls"  # "she" keeps the girls' range
    assert track(["my son plays football", "black shorts, he's 15 so adult sizes"]).gender == "Men"
    assert track(["sandals for a 10-year-old boy"]).gender == "Boys"
    assert track(["shoe size is 8, for my wife"]).gender == "Women"  # a size is not an age


def test_what_a_person_says_is_a_wish_and_what_a_label_says_is_a_name() -> None:
    state = track(["casio sheen watch for my wife, white dial", "wait, she says pink"])
    assert state.colours == ("Pink",) and "pink" not in state.name_words
    assert "rebel" in track(["a black tee", "the one where the front says rebel"]).name_words


def test_casual_words_for_people_and_things() -> None:
    state = track(["new goggles, the wife is not impressed", "steel frame ones, for a bloke"])
    assert state.article_types == ("Sunglasses",) and state.gender == "Men"
    assert track(["the kids want to kick something around", "a proper ball"]).article_types == ("Footballs",)
    assert track(["a ball gown for the gala"]).article_types == ("Dresses",)


@pytest.mark.parametrize("text, colour", [
    ("got this in pnk?", "Pink"), ("brwn ones", "Brown"), ("is there a bluish one", "Blue"),
    ("something reddish", "Red"), ("greyish please", "Grey"), ("blue-ish", "Blue"), ("a greeny shade", "Green"),
    ("purplish", "Purple"), ("in light blu", "Blue"),
])
def test_softened_and_vowelless_colours(text: str, colour: str) -> None:
    assert track([text]).colours == (colour,)


def test_vowelless_spellings_that_could_mean_two_things_mean_nothing() -> None:
    assert track(["wmns tshrt"]).article_types == ("Tshirts",) and track(["wmns tshrt"]).gender == "Women"
    assert track(["in blk"]).colours == () and track(["in blk"]).gender is None  # black or bloke


def test_what_the_shopper_already_has_or_wears_it_with_never_names_the_wanted_kind() -> None:
    state = track(["my shorts keep riding up, I want leggings to wear underneath"])
    assert state.article_types == ("Leggings",)
    # Alone, it leaves the kind to the need behind the words, unless it is worn out or lost: then another is wanted.
    assert "Casual Shoes" in track(["my shoes are worn out, I need new ones"]).article_types
    assert track(["his trainers have a hole in the toe. Again."]).article_types[0] == "Sports Shoes"
    assert track(["I lost my wallet on the bus"]).article_types == ("Wallets",)
    assert track(["my plain kurta set looks so bare, I need something to drape over my shoulders"]).article_types == ()
    assert track(["a belt please", "khaki would go with my chinos"]).article_types == ("Belts",)
    # What the wanted product is worn with never names it.
    assert track(["something warm he can throw on over a tshirt"]).article_types == ()


def test_a_colour_refused_in_a_turn_stays_refused_however_it_is_mentioned_again() -> None:
    state = track(["a weekend bag", "not red, my sister has the red one"])
    assert state.colours == () and "Red" in state.excluded_colours
    assert state.article_types == ("Duffel Bag",)


def test_not_just_the_part_neither_asks_for_it_nor_refuses_it() -> None:
    state = track(["some kurtis", "actually the full salwar suit, not just the top"])
    assert state.article_types == ("Kurta Sets",) and not state.excluded_types and not state.excluded_words


def test_a_request_moved_to_the_shopper_forgets_the_other_persons_gender() -> None:
    assert track(["a red cap for my son", "on second thought, get it for me instead"]).gender is None
    assert track(["a tracksuit for my husband", "oh it's for me actually, women's"]).gender == "Women"


def test_nothing_but_and_anything_except_after_a_refusal_name_what_is_wanted() -> None:
    state = track(["my girl is 6 and refuses to wear anything except leggings", "no lace pls, plain red"])
    assert state.article_types == ("Leggings",) and state.colours == ("Red",) and state.gender == "Girls"
    assert track(["he wears nothing but black"]).colours == ("Black",)
    assert "Black" in track(["a dress, anything but black"]).excluded_colours  # no refusal before it: a negation


def test_each_negation_in_a_list_of_them_counts() -> None:
    state = track(["track pants for my husband", "not black, and not grey either, he lives in grey"])
    assert state.colours == () and state.excluded_colours == {"Black", "Grey"}
    state = track(["gloves", "nothing too loud, so no red or green"])
    assert state.excluded_colours == {"Red", "Green"} and "loud" in state.excluded_words


def test_a_refused_look_excludes_its_words_and_does_not_ask_for_them() -> None:
    state = track(["a brown wallet", "he doesn't like that distressed antique look", "not one of the canvas ones"])
    assert {"distressed", "antique", "canvas"} <= state.excluded_words
    assert not {"distressed", "antique", "canvas"} & set(state.free_words)
    assert track(["a belt, not leather, I'm vegan"]).excluded_words == {"leather"}


def test_a_negation_ends_where_a_phrase_of_its_own_begins() -> None:
    state = track(["something printed but not loud, in beige"])
    assert state.colours == ("Beige",) and state.excluded_words == {"loud"}
    assert track(["not in red, in blue"]).colours == ("Blue",)


def test_a_refusal_in_the_same_turn_as_the_kind_narrows_it() -> None:
    state = track(["need heels for an engagement but absolutely NOT stilettos"])
    assert state.article_types == ("Heels",) and state.excluded_words == {"stilettos"}
    assert track(["something with a peak, not a woolly hat"]).excluded_types == set()  # words, not the kinds
    assert track(["not a hat"]).excluded_types == {"Hat"}  # "hat" also reads as caps when asked for, not when refused
    assert track(["a cap", "not a hat"]).excluded_words == {"hat"}  # a cap was asked for: narrowed, not dropped
    state = track(["a muffler, no checks, no stripes, none of the patterned ones", "I'm not keen on brown"])
    assert {"checks", "stripes", "patterned"} <= state.excluded_words and state.excluded_colours == {"Brown"}
    assert track(["going a bit thin on top"]).article_types == ()


def test_kind_suffixes_and_crafts() -> None:
    assert "Mobile Pouch" in track(["a small pouch-type bag for toiletries"]).article_types
    assert track(["a kurta with thread work"]).usage is None
    assert track(["a shirt for work"]).usage == "Formal"


def test_a_refused_word_also_refuses_its_other_forms_in_titles() -> None:
    import numpy as np

    from retrieval.rerank import Candidate, TestTimeReranker
    from retrieval.text import word_stem

    assert word_stem("stripes") == word_stem("striped") and word_stem("checks") == word_stem("checked")
    state = track(["a muffler for men", "no stripes and no checks please"])
    payload = {"article_type": "Mufflers", "colour": "Green", "gender": "Men"}
    candidates = [Candidate(sku, {**payload, "title": title}, None, None) for sku, title in (
        ("striped", "Green Striped Muffler"), ("checked", "Green Checked Muffler"), ("solid", "Green Solid Muffler"))]
    ranked = TestTimeReranker().score(state, candidates, np.zeros(384, dtype=np.float32))
    assert ranked[0].sku == "solid" and all(c.features["violation"] == 1.0 for c in ranked[1:])


def test_refusals_after_what_they_refuse_and_printed_nothing() -> None:
    state = track(["Arrow dresses", "pink, red and purple just don't suit me"])
    assert state.excluded_colours == {"Pink", "Red", "Purple"} and state.article_types == ("Dresses",)
    state = track(["a cap", "a plain one with nothing printed on it. and not black or white"])
    assert state.excluded_colours == {"Black", "White"} and state.name_words == []
    assert "Handbags" in track(["I do NOT want to carry a bag around all day"]).excluded_types


def test_who_speaks_and_what_was_bought_are_not_what_is_asked_for() -> None:
    state = track(["my girlfriend bought a red dress and her neck looks bare", "something red to go with it"])
    assert state.article_types == () and state.gender == "Women" and state.colours == ("Red",)
    state = track(["mum says no tshirts so i need a shirt, i'm a guy"])
    assert state.article_types == ("Shirts",) and state.gender == "Men" and "Tshirts" in state.excluded_types
    assert track(["crusoe boxer shorts"]).article_types == ("Boxers",)
    assert "Sports Sandals" in track(["floaters for the monsoon"]).article_types


def test_a_quote_ends_with_its_sentence_and_may_come_before_its_cue() -> None:
    state = track(["the facit vest, Hunk i think its called. yellow one. not square neck"])
    assert state.name_words == ["hunk"] and state.colours == ("Yellow",) and {"square", "neck"} <= state.excluded_words
    assert track(["it's called Hunk. yellow one"]).colours == ("Yellow",)
    assert track(["grey", "it says U.S. Polo"]).name_words == ["us", "polo"]  # an abbreviation ends no sentence


def test_the_last_word_of_a_sentence_counts_and_other_things_own_what_they_name() -> None:
    from retrieval.text import tokenize

    assert tokenize("get him a t-shirt. u.s. polo") == ["get", "him", "a", "t-shirt", "u.s.", "polo"]
    assert track(["my godson is 8, I'd like to get him a t-shirt."]).article_types == ("Tshirts",)
    assert track(["my godson is 8, I'd like to get him a t-shirt."]).gender == "Boys"
    state = track(["Aurelia leggings in yellow", "no, orange. the kurti's orange"])
    assert state.article_types == ("Leggings",) and state.colours == ("Orange",)
    state = track(["orange voile dupatta", "orange clashes with the suit. navy blue instead"])
    assert state.colours == ("Navy Blue",) and "Orange" in state.excluded_colours
    state = track(["silver shoes from Catwalk", "NOT stilettos and no wedges either"])
    assert {"stilettos", "wedges"} <= state.excluded_words and "Heels" not in state.excluded_types


def test_cufflinks_are_their_own_kind_and_come_in_gift_sets() -> None:
    assert track(["silver cufflinks"]).article_types == ("Cufflinks", "Accessory Gift Set")


def test_verbs_objects_of_owning_and_refused_sorts_of_a_kind() -> None:
    # "tie my shoes" is a verb: no tie, and the shoes are the shopper's own.
    assert track(["my trousers slide down when I bend to tie my shoes"]).article_types == ()
    assert track(["a black tie for my son"]).article_types == ("Ties",)
    state = track(["I've bought a gorgeous sleeveless dress and need something grey to throw over my shoulders"])
    assert state.article_types == () and state.colours == ("Grey",)
    state = track(["one of those bags that goes across the body, black, not a laptop one"])
    assert "Laptop Bag" not in state.article_types and "Messenger Bag" in state.article_types
    assert track(["vans sk8 hi in black, the high tops"]).article_types == ("Casual Shoes", "Sports Shoes")
    assert track(["a kurta for myself", "I spill chai on everything"]).article_types == ("Kurtas",)


def test_brand_names_are_never_corrected_as_typos() -> None:
    from retrieval.intent import DialogueTracker

    tracker = DialogueTracker(protected=frozenset({"puma"}))
    tracker.update("a black messenger bag, Puma")
    assert tracker.state.usage is None


def test_quotation_marks_and_names_said_before_their_cue() -> None:
    assert track(["brown sunglasses", "there was 'Printed' in the product name"]).name_words == ["printed"]
    assert track(["black jacket", "look for Lifestyle in the name"]).name_words == ["lifestyle"]
    state = track(["grey vest for my grandad", "the listing was 'Sportz...' something"])
    assert state.name_words == ["sportz"] and state.gender == "Men"


def test_brand_names_holding_product_words_and_more_shades() -> None:
    state = track(["collared shirts for the man of the house", "wine only", "brand US Polo"])
    assert state.article_types == ("Shirts",) and state.colours == ("Maroon",) and state.name_words == ["us", "polo"]
    assert track(["some 3/4th pants for my aunty"]).article_types == ("Capris",)
    assert track(["heeled shoes for my mother-in-law"]).article_types == ("Heels",)
    assert track(["heeled shoes for my mother-in-law"]).gender == "Women"
    assert track(["a plum top"]).colours == ("Purple",) and track(["apricot tee"]).colours == ("Peach",)


def test_a_refused_pair_of_words_also_refuses_them_written_as_one() -> None:
    assert "lowrise" in track(["black jeans, women's", "NO low rise, I'm 48"]).excluded_words


def test_colours_already_owned_or_judged_are_refused() -> None:
    state = track(["a Guess watch for myself, a ladies' one. I already have a white one and a gold one, so none of "
                   "those please"])
    assert state.colours == () and {"White", "Gold"} <= state.excluded_colours
    state = track(["Franco Leone formal shoes for me", "Tan also not, I have tan. Blue is too flashy for a man my age"])
    assert state.colours == () and {"Tan", "Blue"} <= state.excluded_colours
    state = track(["a school bag, not black", "n grey is boring. she's done with green"])
    assert state.colours == () and {"Black", "Grey", "Green"} <= state.excluded_colours
    state = track(["a kurta for work", "Black and white I have plenty"])
    assert {"Black", "White"} <= state.excluded_colours
    assert track(["I have a red dress and need red heels"]).colours == ("Red",)  # owned without a refusal


def test_every_word_listed_with_or_after_a_refusal_is_refused() -> None:
    state = track(["a zip up jacket, womens", "also nothing from nike or adidas, sick of the logos"])
    assert {"nike", "adidas"} <= state.excluded_words
    assert "leatherette" in track(["flat shoes, not leather or leatherette"]).excluded_words


def test_refusals_said_after_what_they_refuse_and_refusing_verbs() -> None:
    state = track(["track pants, womens", "not black i own 3 pairs. purple no"])
    assert state.colours == () and {"Black", "Purple"} <= state.excluded_colours
    state = track(["a bra", "I've got enough black and white ones. Pink's a no as well."])
    assert {"Black", "White", "Pink"} <= state.excluded_colours
    state = track(["a Diva kurta", "so print I don't want. And green no thank you, my mother-in-law wears green."])
    assert "print" in state.excluded_words and "Green" in state.excluded_colours and state.colours == ()
    state = track(["levis trunks for my bf", "he wont wear grey or navy or black, says theyre boring"])
    assert {"Grey", "Navy Blue", "Black"} <= state.excluded_colours and state.colours == ()
    assert "Purple" in track(["a cap, but keep the purple well away from him"]).excluded_colours
    state = track(["tight bottoms for my husband, he refuses to wear jeans"])
    assert "Jeans" not in state.article_types and "jeans" in state.excluded_words


def test_what_someone_has_and_who_gives_or_keeps_company_are_not_the_request() -> None:
    state = track(["I've got the shirt and the blazer, just missing the thing that goes under the collar"])
    assert state.article_types == ()
    state = track(["my husband has a lovely cream kurta but needs the bottoms", "white, to go with the cream"])
    assert "Kurtas" not in state.article_types and "Churidar" in state.article_types
    assert state.colours == ("White",)
    assert track(["do you have a black kurta for my wife?"]).article_types == ("Kurtas",)
    assert track(["I want a blue shirt, I have a red one"]).colours == ("Blue",)
    assert track(["the boots my wife got me rub my heels"]).gender is None
    assert track(["rafting with the girls!! something with straps, for me"]).gender is None


def test_a_no_that_corrects_a_name_keeps_the_name_and_compound_cues_quote_nothing() -> None:
    state = track(["Beckham perfume", "Instinct, I think. No - Intense."])
    assert "intense" not in state.excluded_words and "intense" in state.free_words
    state = track(["a cap: no big sports-brand logos - he says nobody pays him to advertise"])
    assert state.name_words == []


def test_colours_named_after_things_and_the_side_of_a_photo() -> None:
    assert track(["a top, the colour of a granny smith apple"]).colours == ("Green",)
    assert track(["red like a fire engine"]).colours == ("Red",)
    assert [photo_side(text) for text in ("The left one please", "the one on the right", "in the middle",
                                          "left handed", "right now")] == ["left", "right", "middle", None, None]
    assert [photo_side(text) for text in ("the first pair, on the left", "the secnd one, the black tee",
                                          "the black ones at the end", "at the end of the day", "from last time",
                                          "the kurta in the centre")] == ["left", "second", "right", None, None,
                                                                           "middle"]


def test_the_words_a_kind_was_named_by_and_changes_said_with_except() -> None:
    assert track(["rocia balerinas, white"]).product_words == ("balerinas",)
    assert track(["womens casual shoes"]).product_words == ()  # the kind's own name adds nothing
    state = track(["this, except black as coal"])
    assert state.colours == ("Black",) and not state.excluded_colours
    assert track(["I like all colours except red"]).excluded_colours == {"Red"}
    assert [track([f"need this style in {word}"]).colours for word in ("ebony", "grape", "tangerine")] == [
        ("Black",), ("Purple",), ("Orange",)]


def test_more_ways_of_refusing_and_of_having() -> None:
    state = track(["a Diva kurta", "I bought the green embroidered one from you last Diwali, so not that one again"])
    assert state.colours == ()
    assert "Maroon" in track(["a handbag", "Maroon makes me look like a school principal"]).excluded_colours
    assert {"nike", "adidas", "puma"} <= track(["track pants, nothing from Nike, Adidas or Puma"]).excluded_words
    state = track(["dupatta chahiye", "Red aur maroon nahi. pink bhi nahi, orange bhi nahi (she says no)"])
    assert {"Red", "Maroon", "Pink", "Orange"} <= state.excluded_colours and state.colours == ()
    assert "Black" in track(["a tracksuit", "I do not care for stripes, nor for black"]).excluded_colours
    assert track(["he now watches cricket all day, get him a tracksuit"]).article_types == ("Tracksuits",)
    assert track(["an umbrella, not the striped one, that looks like a pyjama"]).article_types == ("Umbrellas",)
    assert track(["kurta he is already having. he needs a churidar"]).article_types == ("Churidar",)
    assert track(["she's wearing a sheer white kurta, needs a bra"]).article_types == ("Bra",)
    assert track(["the skin-tone one"]).colours == ("Skin",)
    assert track(["the metallic coffee-brown one"]).colours[-1] == "Coffee Brown"


def test_ages_typos_owned_up_to_a_comma_and_accents() -> None:
    state = track(["a dress shirt for Dev, colour desert khaki", "he already has a desert khaki one, so white"])
    assert state.colours == ("White",) and "Khaki" in state.excluded_colours
    assert track(["toe-post sandals for my nephew who is 19"]).gender == "Men"
    assert track(["trews for my teenage son"]).gender == "Men"
    assert track(["briefs, scarlet", "ugh, scarlet was a typo, meant naval blue"]).colours == ("Navy Blue",)
    assert track(["jogging shoes for my fiancée"]).gender == "Women"
    assert track(["a men’s wallet"]).gender == "Men"
    assert track(["watch for the intern (he)", "My sister corrected me, the brand is Puma"]).gender == "Men"
    assert track(["the coffee-coloured version"]).colours == ("Coffee Brown",)


def test_what_will_not_work_is_refused_and_what_follows_is_asked_for() -> None:
    state = track(["black womens runners", "wait, black won't work, sky blue instead"])
    assert state.colours == ("Blue",) and "Black" in state.excluded_colours
    assert track(["a gift for my wife, she only wears Guess perfume"]).article_types == ("Perfume and Body Mist",)


def test_a_word_refused_earlier_and_asked_for_later_is_asked_for() -> None:
    state = track(["a watch for dad, he won't touch a metal strap", "brown leather strap please"])
    assert "metal" in state.excluded_words and "strap" not in state.excluded_words
    assert "strap" in track(["a watch, no metal strap, no strap at all"]).excluded_words  # refused in the same turn


def test_what_one_sentence_says_does_not_reach_the_next() -> None:
    assert track(["Something light to throw over her shoulders. A shrug? Grey"]).article_types == ("Shrug",)
    state = track(["we've had enough of black, every pair he owns is black. beach shorts"])
    assert "Shorts" in state.article_types and "Black" in state.excluded_colours
    state = track(["never seen real winter in my life. a jacket"])
    assert state.article_types == ("Jackets",) and not state.excluded_words


def test_refusals_by_skipping_having_had_enough_and_judging_how_it_would_look() -> None:
    assert "stilettos" in track(["gold heels. Skip the stilettos"]).excluded_words
    assert "Grey" in track(["fed up with grey, a shirt"]).excluded_colours
    state = track(["sports sandals in beige", "black for him. she says beige would look like mud"])
    assert state.colours == ("Black",) and "Beige" in state.excluded_colours


def test_a_colour_said_as_the_change_replaces_the_old_colour_said_again_as_the_reason() -> None:
    state = track(["an orange dupatta", "Mum says orange is only right for the haldi. Make it pink"])
    assert state.colours == ("Pink",)
    state = track(["the white tunic", "white tunics are see-through on her. Black instead, the plain one"])
    assert state.colours == ("Black",) and not state.excluded_words
    assert track(["White's fine"]).colours == ("White",)


def test_the_shopper_as_a_boy_or_girl_and_what_they_wear_by_habit() -> None:
    assert track(["a jacket for me, I am boy"]).gender == "Men"
    assert track(["im a girl, 9 years old. a dress"]).gender == "Girls"
    state = track(["i wear loafers without socks. is there some sock that hides inside?"])
    assert state.article_types == ("Socks",) and not state.excluded_words
    assert track(["I've been living in jeans all year, need something soft for lounging"]).article_types == ()


def test_hindi_and_fashion_colour_words_and_colours_joined_to_a_word() -> None:
    assert [track([text]).colours for text in ("in a safed shade", "gulabi", "kaala available?", "baingani colour",
                                               "noir", "slate", "this, but all-black?", "bright-white")] == \
        [("White",), ("Pink",), ("Black",), ("Purple",), ("Black",), ("Grey",), ("Black",), ("White",)]
    assert track(["dad swears by turtle"]).article_types == ()  # not a misspelt "sweats"
    assert track(["a sweatsuit"]).article_types == ("Tracksuits",)


def test_the_kind_shown_as_someones_own_is_the_kind_asked_about() -> None:
    state = track(["this is my wallet. do you have the same one in pink? the beige gets grubby so fast"])
    assert state.article_types == ("Wallets",) and state.colours == ("Pink",) and "Beige" in state.excluded_colours
    assert track(["my wallet is old"]).article_types == ()


def test_materials_companions_and_everyday_phrases_name_no_kind() -> None:
    state = track(["a new wallet to go in my handbag but no leather", "blue. ooh, a denim one would be cute"])
    assert state.article_types == ("Wallets",) and state.colours == ("Blue",)
    assert track(["something long and loose that goes over jeans"]).article_types == ()
    assert track(["something flat for work that looks smart with work trousers"]).article_types == ()
    state = track(["dress code is top button done up every day, I need a cheerful tie"])
    assert state.article_types == ("Ties",)
    assert track(["a yellow tie, like sunshine against a dull grey suit"]).colours == ("Yellow",)
    assert track(["Flying Machine top, white", "longer, to wear over leggings. the tunic one"]).article_types == (
        "Tunics",)
    assert track(["one big soft wrap for the cold bus"]).article_types == ("Stoles", "Scarves")
    assert track(["something warm to wrap round my dad's neck"]).article_types == ()
    assert track(["shoes with a heel for my farewell"]).article_types == ("Heels",)


def test_a_shade_joined_to_its_colour_asks_for_either() -> None:
    assert track(["a mustard-yellow handbag"]).colours == ("Mustard", "Yellow")
    assert track(["an all-black watch"]).colours == ("Black",)


def test_reported_speech_in_quotes_is_no_name_and_a_student_is_grown_up() -> None:
    state = track(["Basics cargos for my son in college, khaki", "he says khaki is 'what dad wears' lol. olive then"])
    assert state.name_words == [] and state.colours == ("Olive",) and state.gender == "Men"
    assert "Trousers" in state.article_types
    assert track(["there was 'Printed' in the product name"]).name_words == ["printed"]
    state = track(["grandpa refuses a jacket, says it's 'not that cold'", "something to wrap round his neck"])
    assert "Jackets" in state.excluded_types and state.name_words == []


def test_conditions_lists_and_object_pronouns() -> None:
    assert track(["my thighs go numb in running shorts, something skin-tight under them"]).article_types == (
        "Tights", "Leggings")
    assert track(["show me this in black jeans"]).article_types == ("Jeans",)
    assert track(["she has blue and green, so a pink one"]).colours == ("Pink",)
    assert track(["a pink pouch for my niece", "she has 'outgrown pink'. black then"]).colours == ("Black",)
    assert track(["I want to gift her a perfume set, something fresh"]).article_types == ("Fragrance Gift Set",)
    assert track(["something thin between foot and shoe, beige"]).article_types == ()
    state = track(["mens sandals, not Puma, and nothing that's basically a slipper, a strap behind the heel"])
    assert state.article_types == ("Sandals", "Sports Sandals") and "slipper" in state.excluded_words
    assert track(["everything up top is bouncing, what goes underneath my tee"]).article_types == ()
    assert track(["something warm he can pull over his head"]).article_types == ()
    assert "chunky" not in track(["she's never seen without chunky pieces round her neck"]).excluded_words
    assert track(["something metallic, coffee-brown-ish?"]).colours == ("Metallic", "Coffee Brown")


def test_interjections_are_no_typos_and_jogging_trousers_are_track_pants() -> None:
    state = track(["gray smart trousers for a colleague", "Oops, jogging trousers, not smart trousers"])
    assert state.article_types == ("Track Pants",) and state.colours == ("Grey",)
    state = track(["a bright blue ethnic kurta", "sorry, i typed ethnic kurta - i meant short ethnic top"])
    assert state.article_types == ("Kurtis",)


def test_titles_say_who_it_is_for() -> None:
    assert track(["a watch for Mr Kapoor next door"]).gender == "Men"
    assert track(["a watch for Mrs. Shah, my teacher"]).gender == "Women"
    assert track(["I miss my old watch, a new one please"]).gender is None


def test_a_name_said_before_its_cue_and_a_clause_after_it() -> None:
    state = track(["a perfume gift set for Mrs Iyer", "chalk white", "luck is the bit of the name that stuck"])
    assert "luck" in state.name_words and "stuck" not in state.name_words
    assert track(["it's called Hunk. yellow one"]).name_words == ["hunk"]


def test_a_colour_shown_by_a_thing_is_not_a_request_for_it() -> None:
    state = track(["a neck scarf for my grandma", "rethought it, blue like jeans works nicer"])
    assert "Scarves" in state.article_types and state.colours == ("Blue",)
    state = track(["some trackies for my husband", "would love navy like a school blazer"])
    assert state.article_types == ("Track Pants",) and state.colours == ("Navy Blue",)
    assert track(["blue jeans like these"]).article_types == ("Jeans",)


def test_possessive_people_brands_with_people_and_refusals_said_with_is() -> None:
    assert track(["white churidar for me", "wait, they're hubby's"]).gender == "Men"
    state = track(["white churidar, women's - for me", "no, Men's, Mother Earth"])
    assert state.gender == "Men" and state.name_words == ["mother", "earth"]
    state = track(["a cap for me", "red's out, white's out, black's out"])
    assert state.excluded_colours == {"Red", "White", "Black"} and state.colours == ()
    assert track(["skin tight running leggings for him, black"]).colours == ("Black",)


def test_a_top_and_a_bottom_asked_for_as_a_set() -> None:
    state = track(["black nike track pants for me", "make that the whole matching set, jacket plus bottoms"])
    assert state.article_types == ("Tracksuits",)
    assert track(["a coordinated zip jacket with joggers to match"]).article_types == ("Tracksuits",)
    assert track(["a jacket and track pants"]).article_types == ("Jackets", "Track Pants")


def test_what_someone_has_ends_with_its_clause() -> None:
    assert track(["I've got a red dress, shoes to go with it"]).article_types == (
        "Casual Shoes", "Sports Shoes", "Formal Shoes", "Heels", "Flats")
    assert track(["red dress shoes"]).article_types == ("Formal Shoes",)
    assert track(["she wears jeans, wants a top"]).article_types == ("Tops",)
    state = track(["I've a purple pinafore dress and my legs will freeze. something sheer to cover them"])
    assert state.article_types == ()


def test_a_refused_shade_keeps_the_colour_asked_for() -> None:
    state = track(["my girl wants a pink chutki watch", "not the light pink, and not a digital one, she's learning"])
    assert state.gender == "Girls" and state.colours == ("Pink",)
    assert "pink" not in state.excluded_words and {"light", "digital"} <= state.excluded_words


def test_a_lad_is_a_boy_and_jewellery_is_worn() -> None:
    assert track(["chhota bheem tee for my lad"]).gender == "Boys"
    assert track(["the lads at work"]).gender == "Men"
    assert track(["she loves metallic jewellery"]).article_types == ("Necklace and Chains", "Bracelet")


def test_what_a_wardrobe_holds_what_feels_like_too_much_and_colours_owned() -> None:
    state = track(["everything in my wardrobe is jeans and polo shirts. something printed, beige"])
    assert state.article_types == () and state.colours == ("Beige",)
    assert track(["my wardrobe is all black, need a red dress"]).colours == ("Red",)
    state = track(["a whole cardigan feels like too much, something light over my shoulders"])
    assert "cardigan" in state.excluded_words and state.article_types == ()
    state = track(["formal shoes. I own black, brown and tan already so none of those. something maroon?"])
    assert state.excluded_colours == {"Black", "Brown", "Tan"} and state.colours == ("Maroon",)


def test_a_refused_print_and_a_refused_fit() -> None:
    assert track(["a cap. nothing printed, he wants a plain one"]).excluded_words == {"printed"}
    assert "printed" in track(["a printed top"]).free_words
    state = track(["grey trackies for me. NOT the skinny ones"])
    assert state.excluded_words == {"skinny"} and state.excluded_colours == set()


def test_brands_that_hold_a_colour_or_a_kind() -> None:
    state = track(["this design in smoke grey", "pink floyd band, if that helps"])
    assert state.colours == ("Grey",) and state.name_words == ["pink", "floyd"]
    assert track(["an indigo nation shirt, white"]).colours == ("White",)
    assert track(["pepe jeans tshirt"]).article_types == ("Tshirts",)


def test_shoes_for_women_include_heels_and_flats() -> None:
    state = track(["now shoes, something sparkly, silver, for my sister", "NOT stilettos and no wedges either"])
    assert {"Heels", "Flats", "Casual Shoes"} <= set(state.article_types)
    assert {"stilettos", "wedges"} <= state.excluded_words


def test_still_a_colour_refusals_in_indian_english_and_where_it_goes() -> None:
    state = track(["Nike tracksuit in black for my husband",
                   "Wait, he's already got a black one. Let's do it for me instead - women's, still black."])
    assert state.colours == ("Black",) and state.gender == "Women"
    assert track(["a big rucksack. Red I am not wanting, my friend has red"]).excluded_colours == {"Red"}
    state = track(["a watch. I already have a white one, a gold one and a steel one, so none of those"])
    assert state.excluded_colours == {"White", "Gold", "Steel"}
    assert track(["something that folds up small enough to live in her handbag"]).article_types == ()
    assert track(["a laptop bag to go in my backpack"]).article_types == ("Laptop Bag",)


def test_a_person_no_longer_meant_a_ditched_colour_and_hyphenated_kinds() -> None:
    state = track(["an under-briefs for my aunt Leela, white", "my old college pal needs it, not my aunt Leela"])
    assert state.article_types == ("Briefs",) and state.gender is None
    assert track(["a weekend bag", "not red, my sister has the red one"]).excluded_colours == {"Red"}
    assert track(["high heels for my cousin", "whoops, not high heels - flat pumps"]).article_types == ("Flats",)
    assert track(["a backpack, black", "Ditch black; blue beats it"]).excluded_colours == {"Black"}
    state = track(["ivory evening purses for my bestie", "pale violet was the idea"])
    assert state.article_types == ("Clutches",) and state.colours == ("Lavender",)


def test_changes_of_mind_in_longer_conversations() -> None:
    state = track(["track pants for running, Nike, black, men's",
                   "Actually, loose ones flap about too much. I want the skin-tight kind, in black"])
    assert state.article_types == ("Tights", "Leggings")
    assert track(["Skechers Tone flat sandals for me, brown"]).article_types == ("Sandals", "Flats")
    state = track(["Big Facelog sandals for my granddaughter, pink",
                   "Her mum just texted - she's gone off pink, wants the purple ones now"])
    assert state.gender == "Girls" and state.colours == ("Purple",) and state.excluded_colours == {"Pink"}
    state = track(["a backpack for college, olive", "hmm no, backpacks wreck my shoulders. A messenger one instead"])
    assert state.article_types == ("Messenger Bag",)
    state = track(["Baggit mobile pouch for me, red please", "I carry a red handbag already. Make it blue."])
    assert state.article_types == ("Mobile Pouch",) and state.colours == ("Blue",)


def test_colours_named_through_a_thing_name_no_product() -> None:
    state = track(["a fragrance gift set for my team lead", "in the pink of a ballet slipper"])
    assert "Flip Flops" not in state.article_types and state.colours == ("Pink",)
    assert track(["trainers for my son", "the black of a blackboard"]).colours == ("Black",)
    assert track(["a scarf, the grey of a blue whale"]).colours == ("Grey",)  # the cue's colour stands
    assert track(["a dupatta in a strawberry-ice-cream pink"]).colours == ("Pink",)
    state = track(["a shirt in the colour of an unknown gizmo"])
    assert state.colours == () and "gizmo" not in state.free_words
    assert "Caps" not in track(["twelve hours a day in steel-cap boots, grey ones for me"]).article_types


def test_ages_in_brackets_or_words_kinship_words_and_refusals_said_after() -> None:
    state = track(["a flowy little top", "a present for my little sister Riya (10)"])
    assert state.gender == "Girls" and state.age == 10
    assert track(["leggings for my five-year-old girl"]).gender == "Girls"
    assert track(["hi - cld u show me a dupatta? i shd have said pink"]).article_types == ("Dupatta",)
    assert track(["jeans for my nanaji"]).gender == "Men" and track(["a saree for dadi ma"]).gender == "Women"
    state = track(["jeans in the blue of a swimming pool", "forget I said the blue; a proper midnight black"])
    assert state.colours == ("Black",) and "Blue" in state.excluded_colours
    state = track(["Hanes knitted shorts in red for me", "Actually, blue. Red's a bit much for the sofa."])
    assert state.colours == ("Blue",) and "Red" in state.excluded_colours
    state = track(["Turtle ties", "Black is for funerals and purple is the rival choir's, so neither of those."])
    assert state.excluded_colours == {"Black", "Purple"}
    assert track(["chinos", "Bought the khaki one last year, this time want the brown"]).colours == ("Brown",)
    assert track(["Doodle leggings", "Colour isn't a big deal, red is her favourite"]).colours == ("Red",)
    assert track(["a t-shirt black, for me"]).article_types == ("Tshirts",)
    state = track(["my pic shows the wrong shade - I'd want the colour of brown parcel paper. Brand-wise, Lee Cooper"])
    assert state.colours == ("Brown",) and "wise" not in state.name_words + state.free_words
    assert track(["this style, only in the dark blue of an airline uniform"]).colours == ("Navy Blue",)


def test_kinds_asked_for_with_with_replaced_or_treated_to() -> None:
    assert track(["start me off with a collared shirt for office"]).article_types == ("Shirts",)
    assert track(["she lost her last one on a train, so I have to replace it with a tracksuit"]).article_types == \
        ("Tracksuits",)
    assert track(["any luck with a light jacket?"]).article_types == ("Jackets",)
    assert track(["I'm treating her to a dress"]).article_types == ("Dresses",)
    assert track(["the dog chewed up his muffler so I'm replacing it"]).article_types == ("Mufflers",)
    assert track(["she left her leggings at a hotel"]).article_types == ("Leggings",)
    assert track(["a belt to go with a blue suit"]).article_types == ("Belts",)
    assert "Sarees" not in track(["sandals I can wear with a saree"]).article_types
    assert track(["help me with a dress for my mum"]).article_types == ("Dresses",)


def test_everyday_names_of_the_kinds() -> None:
    assert track(["sun specs for my aunt"]).article_types == ("Sunglasses",)
    assert track(["start me off with a collared button-up"]).article_types == ("Shirts",)
    assert track(["I need a shirt men's"]).article_types == ("Shirts",)  # not an "a-shirt" vest
    assert track(["summer half pants for my nani"]).article_types == ("Shorts",)
    assert track(["a bifold for my dad"]).article_types == ("Wallets",)
    assert "Caps" not in track(["twelve hours a day in steel-cap boots, grey ones for me"]).article_types
    assert track(["Morning! For my fiancé: some jeans thanks"]).article_types == ("Jeans",)
    assert track(["for my father-in-law new flip flops"]).article_types == ("Flip Flops",)
    assert track(["my errand: a duffel bag for weekend travel"]).article_types == ("Duffel Bag",)
    assert track(["Namaskar, I wanna grab a mens neck-tie - appreciate it"]).article_types == ("Ties",)
    state = track(["my mission: get my bestie Pooja denims for daily wear"])
    assert state.article_types == ("Jeans",) and state.usage is None
    assert track(["a kurta for the pooja"]).usage == "Ethnic"
    assert track(["Beyouty bra in pink", "Make that white, it has to go under a sheer white kurta."]).article_types \
        == ("Bra",)


def test_a_colour_said_stands_with_the_shade_a_thing_gives_it() -> None:
    assert "Taupe" in track(["heels in that greyish-brown taupe shade"]).colours
    assert track(["socks, swimming-pool blue"]).colours[0] == "Blue"
    assert track(["a kurti in the maroon of an old brick wall"]).colours[0] == "Maroon"
    assert track(["a kurta for me, mustard-ish yellow"]).colours == ("Mustard", "Yellow")


def test_what_a_kind_is_for_or_made_of_is_not_asked_for() -> None:
    assert track(["Need black socks for the trainers"]).article_types == ("Socks",)
    assert track(["looking for the jeans in black"]).article_types == ("Jeans",)
    assert track(["all I own is a heavy woollen winter piece. Something light, in white"]).article_types == ()
    assert track(["a woollen for my cousin"]).article_types == ("Sweaters",)
    assert track(["twelve hours in steel-cap boots, my feet swim. Grey ones, men's"]).article_types == ()
    state = track(["My hiking shoes are this dull brown. I'd swap the bits you thread through the eyelets",
                   "orange! the shoes are timberland if that helps"])
    assert state.article_types == ()
    state = track(["all the boys wear kurta with churidar. I've got the kurta sorted", "just need the churidar for me"])
    assert state.article_types == ("Churidar",)
    assert track(["formal shoes for work", "Slip-ons only, I can't be bothered with laces"]).article_types == \
        ("Formal Shoes",)
    assert track(["my Carrera watch strap split after four years of cricket", "Men's, yellow"]).gender == "Men"


def test_colours_had_already_or_struck_off() -> None:
    state = track(["arrow skirt, black", "no wait grey. black is what the interpreters already wear"])
    assert state.colours == ("Grey",) and "Black" in state.excluded_colours
    assert track(["W kurti in beige", "sorry beige is gone from my list. green"]).colours == ("Green",)
    assert track(["Hanes trunks. Skip white and black. Blue also a no"]).excluded_colours == {"White", "Black", "Blue"}
    assert track(["formal shoes, tan and blue look wrong with my bandhgala"]).excluded_colours == {"Tan", "Blue"}
    state = track(["Doodle top for my daughter", "also she's gone off purple completely this month"])
    assert state.gender == "Girls" and state.excluded_colours == {"Purple"}
    assert track(["black, as I already said"]).colours == ("Black",)
    state = track(["4711 for my grandson. Not the cologne, the deo: ice cool. Silver can"])
    assert state.article_types == ("Deodorant",) and "cologne" in state.excluded_words
    state = track(["Mera bhatija 7 saal ka hai, bas Bheem Bheem karta rehta hai. Something for his wrist"])
    assert state.gender == "Boys" and state.age == 7 and state.article_types == ()


def test_changes_said_from_one_thing_to_another() -> None:
    state = track(["a backpack with padded straps in navy", "change a backpack with padded straps to a holdall"])
    assert state.article_types == ("Duffel Bag",)
    state = track(["a watch for my manager Mr Kulkarni",
                   "switch the recipient from my manager Mr Kulkarni to my stepmum"])
    assert state.gender == "Women"
    assert track(["gifting to my stepdad: some briefs"]).gender == "Men"
    assert track(["dark glasses for my fiance Dev", "no longer for my fiance Dev; our cousin Farah"]).gender is None
    state = track(["a neck chain in coffee brown", "cancel coffee brown, the right one is red"])
    assert state.colours == ("Red",) and "Coffee Brown" in state.excluded_colours
    state = track(["pointy heels in silver", "Not a pair of pointy heels, what I'm after is some ballet flats"])
    assert state.article_types == ("Flats",)
    state = track(["Wrangler biker shirt in white", "Nah, white will be brown with road dust. Get me the brown one"])
    assert state.colours == ("Brown",)


def test_refusals_of_names_and_of_what_the_shopper_has() -> None:
    state = track(["Wrangler jeans, blue. Not the Michelle, those are too tight to climb in"])
    assert "michelle" in state.excluded_words and "climb" not in state.excluded_words
    state = track(["my black shoes look wrong with it, i want proper polished lace-ups in the same blue"])
    assert not state.excluded_types and set(state.article_types) == {"Formal Shoes", "Casual Shoes"}
    assert track(["backpack, red won't go with my deck and navy is boring"]).excluded_colours == {"Red", "Navy Blue"}
    assert track(["what i need is trunk-style underwear"]).article_types == ("Trunk",)
    assert track(["i smudge the polish walking home in closed shoes. something open, toes out"]).article_types == ()


def test_a_first_name_tells_the_sex_where_no_person_word_does() -> None:
    state = track(["grey track pants, the wearer will be my fiancee tanvi",
                   "wrong recipient: nikhil, not my fiancee tanvi"])
    assert state.gender == "Men"
    assert track(["a backpack for Nisha, my twin, in purple"]).gender == "Women"
    assert track(["a shirt for my brother", "actually it's for Priya"]).gender == "Women"
    assert track(["a shirt for my brother", "my colleague Priya has the same one"]).gender == "Men"
    assert track(["a kurta for my friend", "Meera says the blue"]).gender is None
    assert track(["a sweatshirt for my wife's cousin Sameer"]).gender == "Men"
    assert track(["sunglasses for my flatmate Rohan", "Recipient changes to my yoga buddy Kavya"]).gender == "Women"
    assert track(["formal shoes for my flatmate Ishita", "my tenant Ibrahim gets it instead of my flatmate Ishita"]) \
        .gender == "Men"
    assert track(["trunks in maroon", "For my grandpa Dadu"]).gender == "Men"
    state = track(["formal shoes for my flatmate Ishita", "my tenant Ibrahim gets it instead of my flatmate Ishiita"])
    assert state.gender == "Men"
    assert track(["a cap for my godmother Anne", "My mistake, I meant my flatmate Luca"]).gender == "Men"
    assert track(["a black tee instead of the blue one"]).excluded_colours == {"Blue"}
    assert track(["Jet black shoe accessory"]).article_types == ("Shoe Accessories",)


def test_could_i_have_asks_for_it() -> None:
    assert track(["Could I have this in a all-black shade"]).colours == ("Black",)
    assert track(["may I have one in navy please"]).colours == ("Navy Blue",)
    assert track(["can she have a kurta in pink"]).article_types == ("Kurtas",)
    assert track(["I have this in black"]).colours == ()
    assert track(["i have black and brown already. grey"]).colours == ("Grey",)
